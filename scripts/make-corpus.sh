#!/usr/bin/env bash
# Makes the office files of the importer's corpus (crates/dueregard-formats/tests/corpus) from
# their sources in corpus/src: Word tables written as HTML and saved by LibreOffice as .odt and
# .docx, and spreadsheets written as CSV and saved as .xlsx and .ods. The results are committed;
# run this only to remake them. Needs: apt install libreoffice-writer-nogui libreoffice-calc-nogui
set -euo pipefail
cd "$(dirname "$0")/../crates/dueregard-formats/tests/corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in src/*.html; do
  soffice --headless --infilter="HTML (StarWriter)" --convert-to odt --outdir "$work" "$f" >/dev/null
done
for f in "$work"/*.odt; do
  cp "$f" .
  soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir . "$f" >/dev/null
done
sheet() { # source csv, format
  soffice --headless --infilter="CSV:${3:-44},34,76,1" --convert-to "$2" --outdir . "$1" >/dev/null
}
sheet src/cwm-taf-valley.csv xlsx
sheet src/cwm-taf-valley.csv ods
sheet src/lochside-council.csv ods
sheet hartshire-county.csv xlsx
sheet northvale-police-export.csv xlsx
sheet fenmoor-district-themes.csv ods 59
cp src/cwm-taf-valley.csv src/lochside-council.csv .
ls -l
