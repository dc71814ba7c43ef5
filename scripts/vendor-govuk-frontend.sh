#!/usr/bin/env bash
# Rebuilds the vendored GOV.UK Frontend assets in crates/dueregard/assets/govuk/.
# Our own Sass build: Arial instead of GDS Transport (which is for GOV.UK only), no crown.
# Needs Node.js and npm; the product itself never needs Node at run time.
set -euo pipefail
version="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund "govuk-frontend@$version" sass >/dev/null
cat > build.scss <<'SCSS'
$govuk-font-family: arial, sans-serif;
$govuk-include-default-font-face: false;
@import "node_modules/govuk-frontend/dist/govuk/index";
SCSS
npx sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import build.scss govuk-frontend.min.css
out="$root/crates/dueregard/assets/govuk"
mkdir -p "$out"
cp govuk-frontend.min.css "$out/"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/"
# The npm package carries no licence file; its package.json and README say MIT.
cat > "$out/LICENSE.txt" <<'LICENCE'
GOV.UK Frontend (https://github.com/alphagov/govuk-frontend), vendored here as compiled CSS and JS.

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENCE
node -e 'console.log(require("./node_modules/govuk-frontend/package.json").version)' > "$out/VERSION"
echo "govuk-frontend $(cat "$out/VERSION") vendored into $out"
