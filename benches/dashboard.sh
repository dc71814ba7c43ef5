#!/usr/bin/env bash
# Load benchmark: the dashboard and a plan page of an organisation with 2,000 actions and
# 10,000 updates, beside a trivial axum handler in the same process as the ceiling. Load comes
# from wrk, a second process on loopback. Release build. Prints a table to paste into notes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked -p dueregard --bin dueregard-bench-server >/dev/null
db="$(mktemp -d)/bench.db"
log="$(mktemp)"
target/release/dueregard-bench-server "$db" 18181 18182 "${ACTIONS:-2000}" "${UPDATES:-10000}" "${PLANS:-10}" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q '^ready' "$log" && break; sleep 0.5; done
grep -q '^ready' "$log" || { cat "$log"; exit 1; }
cookie="$(sed -n 's/^ready cookie=//p' "$log")"
head -n 1 "$log"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-8}"
run() {
  local name="$1" url="$2"
  local out
  out="$(wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: $cookie" "$url")"
  local rps p50 p99
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  printf '| %-22s | %10s | %9s | %9s |\n' "$name" "$rps" "$p50" "$p99"
  echo "$rps" > "/tmp/bench-$name.rps"
}
# One request on its own, for the page sizes.
for p in / /plans/1; do
  curl -s -o /dev/null -w "GET $p: %{http_code}, %{size_download} bytes, %{time_total}s alone\n" -H "Cookie: $cookie" "http://127.0.0.1:18181$p"
done
echo
echo "wrk: 2 threads, $connections connections, $duration each, on $(nproc) cores shared with the server"
printf '| %-22s | %10s | %9s | %9s |\n' "endpoint" "req/s" "median" "p99"
printf '|%s|%s|%s|%s|\n' "------------------------" "------------" "-----------" "-----------"
run trivial "http://127.0.0.1:18182/"
run dashboard "http://127.0.0.1:18181/"
run plan-page "http://127.0.0.1:18181/plans/1"
awk -v d="$(cat /tmp/bench-dashboard.rps)" -v t="$(cat /tmp/bench-trivial.rps)" 'BEGIN { printf "\ndashboard throughput is %.1f%% of the trivial handler (target: at least 25%%)\n", 100*d/t }'
