#!/usr/bin/env bash
# Export benchmark: `kartsite export html` (the single file) and
# `kartsite export zip` of the bundled example, and `kartsite publish`
# with nothing to change, with hyperfine and the release binary.
#
#   bench/export.sh              (RUNS=10 by default)
#   KARTSITE=target/release/kartsite bench/export.sh   # skip the build
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
runs="${RUNS:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -z "${KARTSITE:-}" ]; then
  cargo build --release --locked -q --bin kartsite
  KARTSITE="$repo/target/release/kartsite"
fi
"$KARTSITE" publish --root "$repo" --audience public --to "$work/www" >/dev/null
hyperfine --warmup 2 --runs "$runs" -N \
  -n "export html (example)" "$KARTSITE export html --root $repo --audience public -o $work/rapport.html" \
  -n "export zip (example)" "$KARTSITE export zip --root $repo --audience public -o $work/webbplats.zip" \
  -n "publish, nothing changed (example)" "$KARTSITE publish --root $repo --audience public --to $work/www" \
  -n "build (example)" "$KARTSITE build --root $repo --audience public -o $work/site"
ls -l "$work/rapport.html" "$work/webbplats.zip"
