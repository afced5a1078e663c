#!/usr/bin/env bash
# Benchmark of `kartsite serve --watch` on a generated report (default 10,000 pages).
# Not a test: it prints figures. See docs/serve.md ("Benchmark").
#   PAGES=10000 ROUNDS=20 bench/serve.sh
# Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH) and node; installs the browser-test
# packages (tests/browser) when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PAGES="${PAGES:-10000}" ROUNDS="${ROUNDS:-20}"
cargo build --release --bin kartsite --example serve_bench
[ -d tests/browser/node_modules/playwright-core ] || npm ci --prefix tests/browser

echo "== 1. incremental rebuilds in-process (no watcher, no server) =="
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
target/release/examples/serve_bench generate "$dir" "$PAGES"
target/release/examples/serve_bench rebuild "$dir" "$ROUNDS"

echo
echo "== 2. end to end: kartsite serve --watch, HTTP and Chromium =="
node tests/browser/serve-bench.mjs
