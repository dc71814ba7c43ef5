#!/usr/bin/env bash
# Runs each importer's coverage-guided fuzz target (plans, objectives, HR extracts, consultation responses, tables of figures) for a bounded time (FUZZ_SECONDS, default 15)
# from a corpus of real documents. A crash, panic or runaway memory fails the run.
# cargo fuzz runs on the stable toolchain with RUSTC_BOOTSTRAP=1; it is installed if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-15}
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --quiet
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixtures=crates/dueregard-formats/tests/fixtures
seeds=../shared/seeds
corpus() { # target, seed files...
  local dir="$work/$1"; shift
  mkdir -p "$dir/found" "$dir/seeds"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/seeds/"; done
  echo "$dir"
}
run() { # target, corpus dir
  echo "== fuzz $1 for ${seconds}s"
  local log="$work/$1.log" status=0
  # Debug assertions catch arithmetic overflow; sanitizers add little to code without `unsafe`.
  cargo fuzz run --fuzz-dir fuzz -s none -a "$1" "$2/found" "$2/seeds" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)" "$log" || true
  if [ "$status" != 0 ]; then
    echo "fuzz target $1 failed (exit $status):"
    tail -n 60 "$log"
  fi
  return "$status"
}
cargo fuzz build --fuzz-dir fuzz -s none -a
corpus_dir=crates/dueregard-formats/tests/corpus
run text_plan "$(corpus text_plan "$seeds"/004_*.txt "$corpus_dir"/*.txt)"
run objectives_text "$(corpus objectives_text "$seeds"/000_*.txt "$seeds"/003_*.txt)"
run word "$(corpus word "$fixtures"/dudley-plan-lo.docx "$corpus_dir"/*.docx)"
run opendocument_text "$(corpus opendocument_text "$fixtures"/dudley-plan.odt "$corpus_dir"/*.odt)"
run spreadsheet "$(corpus spreadsheet "$fixtures"/dudley-plan-lo.xlsx "$fixtures"/dudley-plan.ods "$corpus_dir"/*.xlsx "$corpus_dir"/*.ods)"
printf 'Priority,Ref,Objective,No.,Action,Lead,Target date,Outcome\n1. Policy,CE1,Keep guidance current (SM),1,Review guidance,Simon Manson,April 2014,Guidance reviewed\n' > "$work/plan.csv"
run csv "$(corpus csv "$work/plan.csv" "$corpus_dir"/*.csv)"
# HR extracts: the first byte picks the reader (0 CSV, 1 XLSX, 2 ODS).
mkdir -p "$work/hr"
{ printf '\0'; cat "$fixtures"/hr-small.csv; } > "$work/hr/hr-small.csv"
{ printf '\1'; cat "$fixtures"/hr-small-lo.xlsx; } > "$work/hr/hr-small.xlsx"
{ printf '\2'; cat "$fixtures"/hr-small.ods; } > "$work/hr/hr-small.ods"
run hr_extract "$(corpus hr_extract "$work"/hr/*)"
# Consultation responses from another survey tool.
printf 'ID,What do you think of the proposed equality priorities?,Q4,Q6,Email,Ethnic group,Age,Sex\n1,"Good, but, buses",Agree,"A, B; C",a@example.org,WBRI,34,F\n2,,strongly agree,D,,Indian,65+,Male\n' > "$work/responses.csv"
run consultation_responses "$(corpus consultation_responses "$work/responses.csv")"
# Tables of figures: indicator values and incident counts (the first byte picks the unit).
mkdir -p "$work/figures"
{ printf '\0'; printf 'period,characteristic,group,count,base\n2025-03-31,,,120,200\n2025-03-31,Disability,Disabled,12,40\n'; } > "$work/figures/values.csv"
{ printf '\2'; printf 'Ward,Hate type,Number,Incident type,Quarter end\nCastle,Racist,12,Crime,31/03/2025\n'; } > "$work/figures/incidents.csv"
run figures "$(corpus figures "$work"/figures/*)"
echo "fuzzing: every target ran ${seconds}s without a crash"
