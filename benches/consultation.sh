#!/usr/bin/env bash
# Consultation benchmark: a burst of public responses (BURST, default 2,000) from as many
# addresses, 32 senders at once, to the real server over real HTTP on loopback, release build,
# on SQLite and PostgreSQL. Reports responses stored a second, refusals, and any acknowledged
# response lost. Needs PostgreSQL on 127.0.0.1:5432, or DUEREGARD_TEST_POSTGRES.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "On $(nproc) cores shared by the server and the senders"
cargo test --release --locked -p dueregard --test it consultations::response_burst -- --ignored --nocapture 2>/dev/null \
  | grep '^|'
