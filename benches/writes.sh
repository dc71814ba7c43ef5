#!/usr/bin/env bash
# Write benchmark: acknowledged progress updates a second through the JSON API with 1, 4 and 8
# writers, each sending its next request when the last is answered, on SQLite and PostgreSQL.
# Real server and real HTTP on loopback, release build; also counts failed and lost writes.
# WRITE_SECONDS sets each run's length (default 10). Needs PostgreSQL on 127.0.0.1:5432, or
# DUEREGARD_TEST_POSTGRES.
set -euo pipefail
cd "$(dirname "$0")/.."
export WRITE_SECONDS="${WRITE_SECONDS:-10}"
echo "Each run ${WRITE_SECONDS} s, on $(nproc) cores shared by the server and the writers"
cargo test --release --locked -p dueregard --test it concurrency::write_throughput -- --ignored --nocapture 2>/dev/null \
  | grep '^|'
