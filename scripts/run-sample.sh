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
python - "http://127.0.0.1:$port/graphql" <<'PY'
import json, sys
import httpx

url = sys.argv[1]
def ask(query: str, **variables: object) -> dict:
    reply = httpx.post(url, json={"query": query, "variables": variables}, timeout=30).json()
    if reply.get("errors"):
        sys.exit(f"GraphQL errors: {reply['errors']}")
    return reply["data"]

account = ask('query($h: String!) { account(platform: "twitter", handle: $h) { id handle } }',
              h="inside_syria")["account"]
paths = ask("""query($id: ID!) { attribution(accountId: $id) { totalCount nodes {
    confidence combination actorStatus operation { name releaseId } actor { id caption labels }
    partOf { confidence firstSeen lastSeen sources { title url } }
    attributedTo { confidence sources { title url } } } } }""", id=account["id"])
print(json.dumps({"account": account, **paths}, indent=2))
PY
echo
echo "GraphiQL: http://127.0.0.1:$port/graphql   (Ctrl-C stops the API; 'graph-platform db stop' stops Neo4j)"
wait $server
