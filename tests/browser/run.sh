#!/usr/bin/env bash
# Browser accessibility checks for built kartsite sites.
# Usage: tests/browser/run.sh SITE_DIR [SITE_DIR...]
# Needs: npm ci --prefix tests/browser, and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -f "$here/node_modules/axe-core/axe.min.js" ]; then
  echo "missing dependencies: run 'npm ci --prefix tests/browser' first" >&2
  exit 2
fi
exec node "$here/lib/check.mjs" "$@"
