#!/usr/bin/env bash
# Sets everything up and runs the platform on the sample data: local Neo4j fetched and started,
# schema applied, the Twitter IO release index and tweets sample loaded, the GraphQL API served.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
data=${GP_SAMPLE_DATA:-../shared/data}
port=${GP_API_PORT:-8000}

graph-platform db start
graph-platform schema apply
graph-platform load twitter_io_releases "$data/operations/twitter_io_releases.csv"
graph-platform load twitter_io_tweets "$data/twitter_io/russia_201901_1_tweets_sample.csv"
graph-platform stats

graph-platform serve --port "$port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

echo "== Who is behind @Inside_Syria? (attribution over HTTP)"
query='{ account(platform: \"twitter\", handle: \"inside_syria\") { id handle attribution { confidence operation { name } actor { name } partOf { confidence sources { title } } attributedTo { confidence sources { title url } } } } }'
curl -fsS "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' \
  -d "{\"query\": \"$query\"}" | python3 -m json.tool
echo
echo "GraphiQL: http://127.0.0.1:$port/graphql   (Ctrl-C stops the API; 'graph-platform db stop' stops Neo4j)"
wait $server
