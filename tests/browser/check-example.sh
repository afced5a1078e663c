#!/usr/bin/env bash
# Build the bundled example report for every audience and run the browser
# checks (axe-core, keyboard, 320 px reflow, no external requests) over it,
# then the end-to-end test of `kartsite serve --watch` (live reload, error
# overlay) and of `kartsite serve --edit` (forms, keyboard, axe) with the release binary.
# Usage: tests/browser/check-example.sh   (from anywhere; builds in release)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$repo"
cargo build --release --locked -q
./target/release/kartsite build --root "$repo" --audience internal -o "$out/internal"
# The public site is checked as `kartsite export zip` gives it: unpacked,
# it must be the working site with index.html at its root.
./target/release/kartsite export zip --root "$repo" --audience public -o "$out/webbplats.zip"
unzip -tq "$out/webbplats.zip"
unzip -q "$out/webbplats.zip" -d "$out/public"
test -f "$out/public/index.html"
# Both scaffolds of `kartsite init`, as a new user first sees them.
for model in omradeskartlaggning boligsosial; do
  ./target/release/kartsite init --model "$model" "$out/init-$model" >/dev/null
  ./target/release/kartsite build --root "$out/init-$model" --audience public -o "$out/site-$model" 2>/dev/null
done
# The self-test of the harness itself, then the real sites.
bash tests/browser/run.sh tests/browser/fixture-site >/dev/null
bash tests/browser/run.sh "$out/internal" "$out/public" "$out/site-omradeskartlaggning" "$out/site-boligsosial"
KARTSITE_BIN="$repo/target/release/kartsite" node tests/browser/serve-e2e.mjs
KARTSITE_BIN="$repo/target/release/kartsite" node tests/browser/edit-e2e.mjs
KARTSITE_BIN="$repo/target/release/kartsite" node tests/browser/edit-page-e2e.mjs
KARTSITE_BIN="$repo/target/release/kartsite" node tests/browser/not-found.mjs "$out/public"
