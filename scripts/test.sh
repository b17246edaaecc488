#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: lint, type check, import layers, and tests
# against a real Neo4j (the test session fetches and starts its own local Neo4j on port 7688
# unless GP_NEO4J_URI is set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"; ruff check . && ruff format --check .
echo "== mypy"; mypy
echo "== import layers"; lint-imports --no-cache
echo "== web (vitest)"; (cd web && npx vitest run)
echo "== pytest"; pytest "$@"
