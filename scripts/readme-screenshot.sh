#!/usr/bin/env bash
# The README's picture of an HTML report (docs/report.png): a real run on the fixtures (good photos
# and three bad files), its report opened in headless Chromium, the whole page as a PNG.
# Needs `npm run build` and a Chromium (see scripts/browser.js). Usage: bash scripts/readme-screenshot.sh
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d -t imgbatch-screenshot-XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/fixtures/photos" "$work/photos"
cp -r "$repo/fixtures/bad" "$work/bad"
cd "$work"
# Exit code 1: the bad files failed, which is what the picture shows.
node "$repo/bin/imgbatch.js" thumbnail photos bad -r -o thumbs --size 150 --report report.html --quiet || [ $? -eq 1 ]
node "$repo/scripts/report-screenshot.js" report.html "$repo/docs/report.png" --full-page
