#!/usr/bin/env bash
# How long the annual progress report takes to make as HTML, and as tagged PDF, ODT and XLSX,
# and one plan as a report, for an organisation with 500 actions (ACTIONS), their updates and
# 50 impact assessments, on the release build: the median and slowest of RUNS requests each,
# one at a time, timed by curl on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p dueregard --bin dueregard-bench-server >/dev/null
db="$(mktemp -d)/bench.db"
log="$(mktemp)"
target/release/dueregard-bench-server "$db" 18191 18192 "${ACTIONS:-500}" "${UPDATES:-2500}" "${PLANS:-5}" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q '^ready' "$log" && break; sleep 0.5; done
grep -q '^ready' "$log" || { cat "$log"; exit 1; }
cookie="$(sed -n 's/^ready cookie=//p' "$log")"
head -n 1 "$log"
runs="${RUNS:-20}"
range="from=2000-01-01&to=2100-12-31"
printf '| %-26s | %9s | %9s | %10s |\n' "report" "median ms" "max ms" "bytes"
printf '|%s|%s|%s|%s|\n' "----------------------------" "-----------" "-----------" "------------"
for format in "" .pdf .odt .xlsx plan plan.pdf; do
  case "$format" in
    plan) url="http://127.0.0.1:18191/plans/1/report" ;;
    plan.pdf) url="http://127.0.0.1:18191/plans/1/report/pdf" ;;
    *) url="http://127.0.0.1:18191/reports/progress$format?$range" ;;
  esac
  times=()
  size=0
  for _ in $(seq 1 "$runs"); do
    read -r t s < <(curl -s -o /dev/null -w '%{time_total} %{size_download}\n' -H "Cookie: $cookie" "$url")
    times+=("$t")
    size="$s"
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median="${sorted[$(( runs / 2 ))]}"
  max="${sorted[$(( runs - 1 ))]}"
  printf '| %-26s | %9.1f | %9.1f | %10s |\n' "${format:-progress report (HTML)}" "$(awk -v t="$median" 'BEGIN{print t*1000}')" "$(awk -v t="$max" 'BEGIN{print t*1000}')" "$size"
done
