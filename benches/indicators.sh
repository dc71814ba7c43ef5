#!/usr/bin/env bash
# Indicator benchmark: how long disclosure control takes to decide what an indicator may show,
# for every category of the six characteristics over 5, 10 and 20 periods (every fifth group
# small), release build. Every indicator page, the API, the public site and the reports work it
# out on each view. Prints one row a size: periods, groups, values, values withheld, ms a run.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "| periods | groups | values | withheld | ms a run |"
echo "|---:|---:|---:|---:|---:|"
for p in 5 10 20; do
  PERIODS=$p cargo test --release --locked -p dueregard-core --lib shown_for_a_large_indicator -- --ignored --nocapture 2>/dev/null | grep '^| [0-9]'
done
