#!/usr/bin/env bash
# The whole workforce analysis on a 1,500,000-row synthetic HR extract, end to end (read the
# file, pseudonymise every reference, every pay gap measure, the profile and representation
# tables, disclosure control), timed against a pandas script computing the six statutory gender
# pay gap measures from the same file, in one run. Prints both times, the ratio and peak memory,
# and two floors: the time to split the file into cells and to pseudonymise every reference.
# Last it times pyarrow and polars reading the same file and doing nothing else, for scale.
# ROWS and RUNS change the size and the number of runs (best of RUNS is reported).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1500000}
runs=${RUNS:-3}
file=${FILE:-${TMPDIR:-/tmp}/dueregard-hr-$rows.csv}
cargo build --release --locked -q -p dueregard --bin dueregard
[ -s "$file" ] || target/release/dueregard workforce synth --rows "$rows" --seed 7 --out "$file"
python3 -c 'import pandas' 2>/dev/null || pip install --quiet pandas
python3 -c 'import polars, pyarrow' 2>/dev/null || pip install --quiet polars pyarrow
echo "== Due Regard: $(du -h "$file" | cut -f1) extract, $rows rows, best of $runs"
ours=$(cargo bench --locked -q -p dueregard-formats --bench workforce -- "$file" "$runs" 2>/dev/null)
echo "$ours"
echo "== pandas $(python3 -c 'import pandas; print(pandas.__version__)'), best of $runs"
best=""
for _ in $(seq "$runs"); do
  out=$(python3 benches/paygap_pandas.py "$file")
  t=$(echo "$out" | sed -n 's/.*total_seconds=\([0-9.]*\).*/\1/p')
  if [ -z "$best" ] || awk "BEGIN {exit !($t < $best)}"; then best=$t; last="$out"; fi
done
echo "$last"
mine=$(echo "$ours" | sed -n 's/.*total_seconds=\([0-9.]*\).*/\1/p')
six=$(echo "$ours" | sed -n 's/.*six_measures_seconds=\([0-9.]*\).*/\1/p')
read=$(echo "$last" | sed -n 's/.*read_seconds=\([0-9.]*\).*/\1/p')
echo "== end to end: pandas ${best} s (six measures) / Due Regard ${mine} s (everything) = $(awk "BEGIN {printf \"%.2f\", $best / $mine}")"
split=$(echo "$ours" | sed -n 's/.*split_file_seconds=\([0-9.]*\).*/\1/p')
hash=$(echo "$ours" | sed -n 's/.*pseudonymise_seconds=\([0-9.]*\).*/\1/p')
echo "== a 5-fold lead allows $(awk "BEGIN {printf \"%.3f\", $best / 5}") s for everything; on two threads, only splitting the file into cells takes ${split} s and only pseudonymising the references ${hash} s"
echo "== the quickest open CSV readers, reading the file into typed columns and nothing else, on both cores:"
python3 benches/read_csv_peers.py "$file" "$runs"
echo "== six measures after reading: pandas $(awk "BEGIN {printf \"%.3f\", $best - $read}") s / Due Regard ${six} s = $(awk "BEGIN {printf \"%.1f\", ($best - $read) / $six}")"
