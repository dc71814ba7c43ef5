#!/usr/bin/env bash
# Regenerates docs/screenshots/: starts the demo on a free port, photographs each main page in
# Debian's Chromium, and stops the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/chromium ] || { apt-get update -qq && apt-get install -y -qq chromium fonts-liberation >/dev/null; }
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
cargo build --locked -p dueregard --bin dueregard
db="$(mktemp -d)/screenshots.db"
log="$(mktemp)"
target/debug/dueregard --db "$db" demo --port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q 'running at' "$log" && break; sleep 0.5; done
base="$(sed -n 's/.*running at \(http:[^ ]*\)\/ .*/\1/p' "$log")"
(cd e2e && node screenshots.mjs "$base" ../docs/screenshots)
