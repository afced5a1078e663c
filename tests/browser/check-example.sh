#!/usr/bin/env bash
# Build the bundled example report for every audience and run the browser
# checks (axe-core, keyboard, 320 px reflow, no external requests) over it,
# then the end-to-end test of `kartsite serve --watch` (live reload, error
# overlay) and of `kartsite serve --edit` (forms, keyboard, axe) with the release binary, the
# single file of `kartsite export html` under axe, and the PDFs of `kartsite export pdf` with
# poppler-utils.
# Usage: tests/browser/check-example.sh   (from anywhere; builds in release)
#        KARTSITE_BIN=path/to/kartsite tests/browser/check-example.sh
#        (checks that binary instead, e.g. CI's static musl build; no cargo build)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$repo"
if [ -n "${KARTSITE_BIN:-}" ]; then
  bin="$(cd "$(dirname "$KARTSITE_BIN")" && pwd)/$(basename "$KARTSITE_BIN")"
else
  cargo build --release --locked -q
  bin="$repo/target/release/kartsite"
fi
"$bin" build --root "$repo" --audience internal -o "$out/internal"
# The public site is checked as `kartsite export zip` gives it: unpacked,
# it must be the working site with index.html at its root.
"$bin" export zip --root "$repo" --audience public -o "$out/webbplats.zip"
unzip -tq "$out/webbplats.zip"
unzip -q "$out/webbplats.zip" -d "$out/public"
test -f "$out/public/index.html"
# Both scaffolds of `kartsite init`, as a new user first sees them.
for model in omradeskartlaggning boligsosial; do
  "$bin" init --model "$model" "$out/init-$model" >/dev/null
  "$bin" build --root "$out/init-$model" --audience public -o "$out/site-$model" 2>/dev/null
done
# The self-test of the harness itself, then the real sites.
bash tests/browser/run.sh tests/browser/fixture-site >/dev/null
bash tests/browser/run.sh "$out/internal" "$out/public" "$out/site-omradeskartlaggning" "$out/site-boligsosial"
KARTSITE_BIN="$bin" node tests/browser/serve-e2e.mjs
KARTSITE_BIN="$bin" node tests/browser/edit-e2e.mjs
KARTSITE_BIN="$bin" node tests/browser/edit-page-e2e.mjs
KARTSITE_BIN="$bin" node tests/browser/not-found.mjs "$out/public"
# The single file of `kartsite export html` (Swedish, and Arabic right to left), opened from
# disk as after a download: axe at 1280 and 320 px, reflow, self-contained, anchors.
"$bin" export html --root "$repo" --audience public -o "$out/rapport.html"
"$bin" export html --root "$repo" --audience public --lang ar -o "$out/rapport-ar.html"
node tests/browser/lib/single.mjs "$out/rapport.html" "$out/rapport-ar.html"
# The example's PDFs, with poppler-utils.
bash tests/browser/check-pdf.sh "$bin"
