#!/usr/bin/env bash
# Creates .venv (Python >= 3.11) and installs graph_platform with its test tools, builds the web
# client from its lock file and installs Debian's Chromium for the browser tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
"$python" - <<'PY' || { echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  rm -f .venv/.installed-* && touch "$stamp"
fi

# Node packages, each folder from its lock file (npm ci), again only when the lock changed.
npm_ci() {
  local dir=$1 stamp="$1/node_modules/.installed-$(sha256sum "$1/package-lock.json" | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    command -v npm >/dev/null || { echo "error: npm (Node.js) is needed for $dir" >&2; exit 1; }
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    touch "$stamp"
  fi
}
npm_ci tests/api/http_audit   # graphql-http's server audits, run by the API tests
bash scripts/build-web.sh
# The browser tests and bench/ui.py drive Debian's Chromium (Playwright never downloads one).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium is missing (apt-get install chromium); browser tests will fail" >&2
  fi
fi
