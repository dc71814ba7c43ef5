#!/usr/bin/env bash
# Import speed: seed 004 parsed alone (target under 5 ms) and a batch of 1,000 documents.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --locked -p dueregard-formats --bench import
