#!/usr/bin/env bash
# Screenshots of sweep reports, taken in headless Chromium (on Debian: apt-get install chromium):
#   bash experiments/report-screenshots.sh OUT_DIR SWEEP_FOLDER [SWEEP_FOLDER ...]
# writes OUT_DIR/<folder>-top.png (the first screen, 1200 × 1400) and OUT_DIR/<folder>-page.png (the whole page).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OUT_DIR SWEEP_FOLDER [SWEEP_FOLDER ...]" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "report-screenshots: no chromium on the PATH (Debian: apt-get install chromium)" >&2; exit 2; }
out="$1"
shift
mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
shot() { # page, png, width, height
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$3,$4" --screenshot="$2" "file://$1" > /dev/null 2>&1
}
for folder in "$@"; do
  page="$(cd "$folder" && pwd)/report.html"
  [ -f "$page" ] || { echo "report-screenshots: $page does not exist: run the sweep first" >&2; exit 2; }
  name="$(basename "$(cd "$folder" && pwd)")"
  shot "$page" "$out/$name-top.png" 1200 1400
  # The whole page: tall enough for the tables and figures of a few dozen series.
  shot "$page" "$out/$name-page.png" 1200 9000
  echo "$out/$name-top.png $out/$name-page.png"
done
