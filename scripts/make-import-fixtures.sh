#!/usr/bin/env bash
# Makes the importer's office-suite test files from the Dudley plan (seed 004) and the small HR
# extract (tests/fixtures/hr-small.csv, written by hand):
#   - our own Word and Excel versions, saved again by LibreOffice as .odt, .ods, .docx, .xlsx
#   - a password-protected Word file, encrypted by msoffcrypto-tool (password "dueregard")
# Needs: apt install libreoffice-writer-nogui libreoffice-calc-nogui; pip install msoffcrypto-tool
# The results are committed in crates/dueregard-formats/tests/fixtures; run this only to remake them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=crates/dueregard-formats/tests/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
FIXTURE_SOURCES=$work cargo test -q -p dueregard-formats --test it write_fixture_sources -- --ignored
mkdir -p "$out" "$work/lo"
soffice --headless --convert-to odt --outdir "$work/lo" "$work/dudley-plan.docx"
soffice --headless --convert-to ods --outdir "$work/lo" "$work/dudley-plan.xlsx"
cp "$work/lo/dudley-plan.odt" "$work/lo/dudley-plan.ods" "$out/"
# Word and Excel files as LibreOffice writes them, from its own OpenDocument files.
mkdir -p "$work/lo2"
soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$work/lo2" "$out/dudley-plan.odt"
soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$work/lo2" "$out/dudley-plan.ods"
cp "$work/lo2/dudley-plan.docx" "$out/dudley-plan-lo.docx"
cp "$work/lo2/dudley-plan.xlsx" "$out/dudley-plan-lo.xlsx"
# The small HR extract (vectors B2 and B3), as LibreOffice saves it as ODS and then as XLSX.
soffice --headless --infilter="CSV:44,34,76,1,,2057" --convert-to ods --outdir "$work/lo" "$out/hr-small.csv"
cp "$work/lo/hr-small.ods" "$out/hr-small.ods"
soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$work/lo2" "$out/hr-small.ods"
cp "$work/lo2/hr-small.xlsx" "$out/hr-small-lo.xlsx"
msoffcrypto-tool -e -p dueregard "$work/dudley-plan.docx" "$out/dudley-plan-protected.docx"
ls -l "$out"
