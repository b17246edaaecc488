#!/usr/bin/env bash
# Builds the web client (web/ → graph_platform/web/static: the link chart and GraphiQL) from the
# lock file: `npm ci` when package-lock.json changed, `npm run build` (GraphQL codegen against
# graph_platform/api/schema.graphql, type check, Vite) when any input changed. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null 2>&1; then
  echo "error: Node.js (>= 20.19) and npm are needed to build web/" >&2
  exit 1
fi
lock_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$lock_stamp" ]; then
  npm ci --no-audit --no-fund
  touch "$lock_stamp"
fi
inputs=$(find ../graph_platform/api/schema.graphql index.html graphiql.html package-lock.json \
  ./*.ts scripts src -type f -not -path 'src/graphql/generated/*' -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
stamp="../graph_platform/web/static/.built-$inputs"
if [ ! -f "$stamp" ]; then
  npm run build
  touch "$stamp"
fi
