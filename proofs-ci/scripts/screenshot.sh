#!/usr/bin/env bash
# Renders report/index.html in headless Chromium and writes report/screenshot.png (1400x2000 px: the verdict
# table and the first counterexample timelines). Installs Debian's chromium when no Chromium/Chrome is found
# (needs root or sudo and apt). The page is opened from disk with networking disabled: index.html is
# self-contained, so what the screenshot shows is what any offline browser shows.
#
#   proofs-ci/scripts/screenshot.sh [REPORT_DIR]        default: <repo>/report
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
report="${1:-$here/../../report}"
report="$(cd "$report" && pwd)"
html="$report/index.html"
png="$report/screenshot.png"

if [[ ! -f "$html" ]]; then
    echo "screenshot: $html: no such file (run the gate first: mvn -q -B -pl proofs-ci -am compile exec:java)" >&2
    exit 2
fi

browser=""
for b in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$b" >/dev/null 2>&1; then browser="$(command -v "$b")"; break; fi
done
if [[ -z "$browser" ]]; then
    echo "screenshot: no chromium found, installing Debian's chromium" >&2
    sudo=""
    if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    browser="$(command -v chromium)"
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1400,2000 --screenshot="$png" "file://$html" \
    >/dev/null 2>"$profile/chromium.log" || { cat "$profile/chromium.log" >&2; exit 1; }
if [[ ! -s "$png" ]]; then
    cat "$profile/chromium.log" >&2
    echo "screenshot: chromium wrote no $png" >&2
    exit 1
fi
echo "screenshot: $png"
