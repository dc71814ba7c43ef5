#!/usr/bin/env bash
# Runs every test Due Regard has, on a fresh machine: formatting, lints, the domain and HTTP
# suites, the store suite on both SQLite and PostgreSQL, the browser suite (user journeys and
# accessibility in Debian's Chromium), exports opened in LibreOffice, and a bounded run of each
# importer's fuzz target.
# Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

# PostgreSQL: use the one on 127.0.0.1:5432 if it answers; otherwise start a throw-away
# cluster from Debian's postgresql package on a spare loopback port. Never skip the backend.
pg_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "${DUEREGARD_TEST_POSTGRES:-}" ]; then
  if pg_answers 5432; then
    export DUEREGARD_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432"
  else
    say "No PostgreSQL on 127.0.0.1:5432: starting a throw-away cluster"
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    pgdir="$(mktemp -d)"
    chown postgres "$pgdir" 2>/dev/null || true
    as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
    as_pg "$bin/initdb -D $pgdir/data -A trust -U postgres" >/dev/null
    as_pg "$bin/pg_ctl -D $pgdir/data -l $pgdir/log -o \"-k $pgdir -p 55432 -c listen_addresses=127.0.0.1\" -w start" >/dev/null
    trap 'as_pg "$bin/pg_ctl -D $pgdir/data -m fast stop" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
    export DUEREGARD_TEST_POSTGRES="postgres://postgres@127.0.0.1:55432"
  fi
fi
echo "PostgreSQL for the store suite: $DUEREGARD_TEST_POSTGRES"

# Exported assessments are opened in LibreOffice and read back from PDF by the formats suite;
# the PDF suite checks tagged PDFs with poppler's tools and qpdf.
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 || ! command -v qpdf >/dev/null 2>&1; then
  say "Installing LibreOffice Writer, poppler's tools and qpdf for the export tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui poppler-utils qpdf >/dev/null
fi

# The mail tests send through a real SMTP server on loopback (aiosmtpd); the calendar tests
# read the feeds with an independent parser (icalendar).
if ! python3 -c "import aiosmtpd, icalendar" >/dev/null 2>&1; then
  say "Installing aiosmtpd and icalendar for the mail and calendar tests"
  python3 -m pip install -q --disable-pip-version-check aiosmtpd icalendar >/dev/null 2>&1 \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages aiosmtpd icalendar >/dev/null
fi

say "Formatting"
cargo fmt --all -- --check

say "Lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "Tests (SQLite and PostgreSQL)"
# Tests that compare with the seed documents stop without comparing when ../shared/seeds is not
# beside the checkout, and write their names here so that we can say so plainly.
seeds_not_run="$(mktemp)"
export DUEREGARD_SEEDS_NOT_RUN="$seeds_not_run"
log="$(mktemp)"
set +e
cargo test --workspace --locked --lib --bins --tests 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -o '[0-9]* passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -o '[0-9]* failed' "$log" | awk '{s+=$1} END {print s+0}')
rm -f "$log"
[ "$status" = 0 ] || { echo; echo "${passed} passed, ${failed} failed"; exit "$status"; }

say "Browser tests (Debian's Chromium, Playwright, axe-core)"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
fi
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
cargo build --locked -p dueregard --bin dueregard

say "The OpenAPI document, checked by an independent validator (openapi-spec-validator)"
python3 -m pip install -q --disable-pip-version-check openapi-spec-validator >/dev/null 2>&1 \
  || python3 -m pip install -q --disable-pip-version-check --break-system-packages openapi-spec-validator >/dev/null
spec="$(mktemp --suffix=.json)"
target/debug/dueregard openapi > "$spec"
if python3 -m openapi_spec_validator "$spec"; then passed=$((passed + 1)); else failed=$((failed + 1)); openapi_failed=1; fi
rm -f "$spec"

say "Property-based API run driven by the OpenAPI document (schemathesis): no 5xx, every answer matches its schema"
python3 -m pip install -q --disable-pip-version-check schemathesis >/dev/null 2>&1 \
  || python3 -m pip install -q --disable-pip-version-check --break-system-packages schemathesis >/dev/null
apidir="$(mktemp -d)"
target/debug/dueregard --db "$apidir/api.db" demo --no-serve >/dev/null
api_token="$(target/debug/dueregard --db "$apidir/api.db" token create --email lead@dudley.example --name schemathesis 2>/dev/null)"
target/debug/dueregard --db "$apidir/api.db" openapi > "$apidir/openapi.json"
target/debug/dueregard --db "$apidir/api.db" serve --port 0 > "$apidir/server.log" 2>&1 &
api_server=$!
for _ in $(seq 1 100); do grep -q "running at" "$apidir/server.log" && break; sleep 0.2; done
api_url="$(sed -n 's/.*running at \(http:[^ ]*\)\/ .*/\1/p' "$apidir/server.log" | head -n 1)"
if timeout 600 schemathesis run "$apidir/openapi.json" --url "$api_url" \
    -H "Authorization: Bearer $api_token" --checks not_a_server_error,response_schema_conformance \
    --max-examples "${API_EXAMPLES:-15}" --workers 1 > "$apidir/run.log" 2>&1; then
  passed=$((passed + 1)); tail -n 4 "$apidir/run.log"
else
  failed=$((failed + 1)); api_failed=1; tail -n 60 "$apidir/run.log"
fi
kill "$api_server" 2>/dev/null || true
rm -rf "$apidir"
log="$(mktemp)"
set +e
(cd e2e && node --test --test-reporter=tap --test-concurrency=2 journeys.test.mjs edits.test.mjs keyboard.test.mjs pages.test.mjs import.test.mjs workforce.test.mjs accounts.test.mjs cycle.test.mjs consultation.test.mjs measures.test.mjs) 2>&1 | tee "$log"
browser_status=${PIPESTATUS[0]}
set -e
browser_passed=$(awk '/^# pass / {print $3}' "$log" | tail -n 1)
browser_failed=$(awk '/^# fail / {print $3}' "$log" | tail -n 1)
rm -f "$log"
passed=$((passed + ${browser_passed:-0}))
failed=$((failed + ${browser_failed:-0}))
[ "$browser_status" = 0 ] || [ "${browser_failed:-0}" != 0 ] || failed=$((failed + 1))

say "Fuzzing every importer (${FUZZ_SECONDS:-15} s each; cargo fuzz with RUSTC_BOOTSTRAP=1)"
set +e
scripts/fuzz.sh
fuzz_status=$?
set -e
if [ "$fuzz_status" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
not_run=$(sort -u "$seeds_not_run" | grep -c . || true)
if [ "$not_run" != 0 ]; then
  echo
  echo "../shared/seeds is not beside this checkout: ${not_run} tests that compare with the seed documents did not compare:"
  sort -u "$seeds_not_run" | sed 's/^/  /'
fi
rm -f "$seeds_not_run"
echo
echo "${passed} passed, ${failed} failed"
[ "$browser_status" = 0 ] && [ "$fuzz_status" = 0 ] && [ -z "${openapi_failed:-}" ] && [ -z "${api_failed:-}" ] && exit 0 || exit 1
