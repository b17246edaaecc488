"""Latency of the GraphQL API against its baselines, on a synthetic graph (bench/api_graph.py):

- the same Cypher through the raw Neo4j driver (the named queries the API runs, same params,
  each one auto-commit read as the API sends it) for the account lookup, attribution, 1-hop and
  2-hop neighbourhoods: p50 ratio each ≤ 1.5. For the account lookup and the 1-hop
  neighbourhood a plain Starlette endpoint over the async driver (bench/api_plain.py) is
  measured too: what any Python HTTP service pays over the raw driver, the floor under the
  API's ratio (no goal);
- the 2-hop neighbourhood's tail: p99 / p50 ≤ 5;
- a 10,000-item × 5-field list against a plain Starlette JSON endpoint of the same query and
  fields (bench/api_plain.py): p50 ratio ≤ 2;
- p95 of the account lookup at 16 concurrent clients against 1 client: ≤ 3; the raw driver's
  own ratio at 16 threads is measured beside it (the machine's: 16 clients share its cores),
  and for each the floor the cores put under the mean's ratio: 16 × the CPU a request costs
  at that load (client, server and Neo4j processes, measured) / cores / the one-client mean;
- the peer users would pick instead, @neo4j/graphql on Apollo Server (bench/api_peer/), for the
  account → operation traversal and a 1-hop neighbourhood: our p50 ≤ theirs;
- access control's cost: the account lookup, attribution and 1-hop neighbourhood asked with an
  AMBER analyst key (every read carries the visible sources in its `$scope`, checked in the
  Cypher) against an admin key (no restriction), same answers: p50 ratio each ≤ 1.2. The bench
  graph's Sources are marked CLEAR and one RED Source is added, so the scope is a real list.

The API is asked with an admin key throughout (keys are made for the run and revoked after it);
the budget per key and the cost limit are raised for the run (this measures latency, not
limits: the 10,000-item list costs 60,001 against the default limit of 50,000).

Every server runs in its own process on 127.0.0.1; requests of the compared systems are
interleaved (round-robin per request) so the machine's noise falls on all of them alike. The
clients are lean: HTTP/1.1 keep-alive connections (http.client) and the sync Python driver.
The last line is one JSON object with the figures and `goals`.

    .venv/bin/python bench/api.py [--requests 200] [--tweets 1000000] [--accounts 100000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import neo4j

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_graph import bench_settings, ensure_graph

from graph_platform.access.keys import ApiKeys
from graph_platform.api.narrowing import caption_keys
from graph_platform.local_neo4j import LocalNeo4j
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.scope import Scope
from graph_platform.synth import SynthConfig

BENCH = Path(__file__).resolve().parent
PEER = BENCH / "api_peer"

ACCOUNT = "query ($id: ID!) { account(id: $id) { id handle displayName platform followers } }"
#: The properties behind ACCOUNT's fields: what the API reads for it.
ACCOUNT_PROPERTIES = frozenset({"handle", "display_name", "platform", "followers"})
ATTRIBUTION = """query ($id: ID!) { attribution(accountId: $id) { nodes {
  confidence actorStatus operation { id name } actor { id caption }
  hops { type confidence } } } }"""
NEIGHBOURHOOD = """query ($id: ID!, $depth: Int!) { neighbourhood(ids: [$id], depth: $depth) {
  nodes { id caption } edges { type source target confidence } capped { id total } } }"""
LIST = "{ accounts(first: 10000) { nodes { id handle displayName platform followers } } }"
OPERATION = "query ($id: ID!) { account(id: $id) { id handle partOf { nodes { id name } } } }"
PEER_OPERATION = """query ($id: ID!) { accounts(where: {id: {eq: $id}}) {
  id handle part_of { id name } } }"""
ONE_HOP = """query ($id: ID!) { neighbourhood(ids: [$id], depth: 1, limitPerNode: 25) {
  nodes { id caption } edges { type source target } } }"""
PEER_ONE_HOP = """query ($id: ID!) { accounts(where: {id: {eq: $id}}) { id handle
  posts(limit: 25) { id text } part_of(limit: 25) { id name }
  on_platform(limit: 25) { id name } } }"""


class Http:
    """One keep-alive HTTP/1.1 connection sending and reading JSON (reconnects when the server
    closed an idle connection)."""

    def __init__(self, base: str, token: str | None = None) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=120)
        self.auth = {"Authorization": f"Bearer {token}"} if token else {}

    def _exchange(self, method: str, path: str, body: str | None) -> Any:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        headers |= self.auth
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                answer = json.loads(response.read())
                break
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                self.connection.close()
                if attempt == 2:
                    raise
        if response.status != 200 or "errors" in answer:
            raise RuntimeError(f"{path}: {response.status} {str(answer)[:300]}")
        return answer

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self._exchange("POST", path, json.dumps(body))

    def get(self, path: str) -> Any:
        return self._exchange("GET", path, None)


def _timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000.0


def _stats(milliseconds: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(milliseconds, n=100)
    return {
        "p50_ms": round(statistics.median(milliseconds), 3),
        "p95_ms": round(cuts[94], 3),
        "p99_ms": round(cuts[98], 3),
    }


def interleaved(calls: dict[str, Callable[[str], object]], ids: list[str]) -> dict[str, Any]:
    """Each call on each id in turn (warm-up first), rotating which goes first."""
    names = list(calls)
    for account in ids[:20]:
        for name in names:
            calls[name](account)
    times: dict[str, list[float]] = {name: [] for name in names}
    for number, account in enumerate(ids):
        order = names[number % len(names) :] + names[: number % len(names)]
        for name in order:
            began = time.perf_counter()
            calls[name](account)
            times[name].append((time.perf_counter() - began) * 1000.0)
    return {name: _stats(values) for name, values in times.items()}


@contextmanager
def process(
    command: list[str], ready: Callable[[], bool], env: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not ready():
            if child.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{command[:3]} did not start: {child.stderr.read()[-2000:]!r}")  # type: ignore[union-attr]
            time.sleep(0.3)
        yield child
    finally:
        child.terminate()
        child.wait(30)


def _answers(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            host, port = url.removeprefix("http://").split(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return True
        except OSError:
            return False

    return ready


def _sample(driver: neo4j.Driver, database: str, count: int) -> list[str]:
    """Accounts that are part of an operation and posted, spread evenly over the id order."""
    records, _, _ = driver.execute_query(
        "MATCH (a:Account) WHERE EXISTS { (a)-[:PART_OF]->() } AND EXISTS { (a)-[:POSTED]->() } "
        "RETURN a.id AS id ORDER BY id",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    ids = [r["id"] for r in records]
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--tweets", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=7698)
    parser.add_argument("--home", type=Path, default=PROJECT_ROOT / ".graph_platform/bench-api")
    args = parser.parse_args()

    if not (PEER / "node_modules" / "@neo4j" / "graphql").is_dir():
        subprocess.run(["npm", "ci", "--prefix", str(PEER), "--no-audit", "--no-fund"], check=True)
    settings = bench_settings(args.port, args.home)
    config = SynthConfig(seed=7, tweets=args.tweets, accounts=args.accounts, releases=2)
    prepared = ensure_graph(settings, config)
    runtime = Runtime(settings)
    figures: dict[str, Any] = {
        "graph": prepared,
        "requests": args.requests,
        "cores": os.cpu_count(),
    }
    settings = settings.model_copy(update={"api_budget": 10**12, "api_max_cost": 10**7})
    env = {
        **os.environ,
        **{f"GP_{k.upper()}": str(v) for k, v in settings.model_dump().items() if v is not None},
    }
    with runtime.driver() as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) RETURN count(n) AS nodes", database_=runtime.database
        )
        figures["graph"]["nodes"] = records[0]["nodes"]
        ids = _sample(driver, runtime.database, args.requests)
        _mark_sources(driver, runtime.database)
        keys = ApiKeys(driver, runtime.queries, runtime.database)
        made = {
            role: keys.create(f"bench {role}", role, clearance, "bench/api.py")
            for role, clearance in (("admin", "RED"), ("analyst", "AMBER"))
        }
        try:
            tokens = {role: token for role, (_, token) in made.items()}
            figures.update(_measure(runtime, driver, settings, env, ids, tokens))
        finally:
            for record, _ in made.values():
                keys.revoke(record.key_id)
    print(json.dumps(figures))


def _mark_sources(driver: neo4j.Driver, database: str) -> None:
    """The synthetic Sources CLEAR, plus one RED Source that asserts nothing: an AMBER caller's
    scope then lists every Source but one, and answers stay equal to an admin's."""
    driver.execute_query(
        "MATCH (s:Source) WHERE s.marking IS NULL SET s.marking = 'CLEAR' "
        "MERGE (r:Source {id: 'source:bench-restricted'}) "
        "SET r.title = 'bench: a restricted source', r.marking = 'RED', "
        "r.sources = ['source:bench-restricted']",
        database_=database,
    )


def _raw(runtime: Runtime, driver: neo4j.Driver) -> dict[str, Callable[..., Any]]:
    """The API's named queries through the raw driver, with the parameters the API sends, and
    sent as the API sends them (store/async_read.py): one auto-commit query in read mode each.
    (`execute_query` would wrap each in BEGIN … COMMIT, a second round trip the API does not
    make: the baseline would be slower than the fastest raw read and flatter the ratios.)"""
    everything = Scope.everything()
    # The API reads only the properties a query selects (api/narrowing.py), so the baseline
    # sends the same narrowed `$scope`: the account's five fields; the neighbourhood's node
    # captions and edge confidences.
    account_fields = everything.narrowed(ACCOUNT_PROPERTIES, None)
    as_asked = everything.narrowed(caption_keys(runtime.model), {"confidence"})

    def read(name: str, scope: Scope = everything, **params: Any) -> list[neo4j.Record]:
        with driver.session(
            database=runtime.database,
            default_access_mode=neo4j.READ_ACCESS,
            bookmark_manager=driver.execute_query_bookmark_manager,
        ) as session:
            return list(
                session.run(runtime.queries.query(name), {**params, "scope": scope.param()})
            )

    window = {"since": None, "until": None, "as_of": None, "min_confidence": None}

    def hop(frontier: list[str]) -> list[neo4j.Record]:
        return read(
            "explore.neighbourhood_hop",
            as_asked,
            frontier=frontier,
            rel_types=None,
            direction="both",
            limit_per_node=25,
            **window,
        )

    def two_hops(account: str) -> object:
        first = hop([account])
        reached = sorted({item["node"]["id"] for row in first for item in row["sample"]})
        return hop(reached)

    return {
        "account": lambda account: read("explore.nodes", account_fields, ids=[account]),
        "attribution": lambda account: read("explore.attribution", account_id=account),
        "hop1": lambda account: hop([account]),
        "hop2": two_hops,
    }


def _measure(
    runtime: Runtime,
    driver: neo4j.Driver,
    settings: Settings,
    env: dict[str, str],
    ids: list[str],
    tokens: dict[str, str],
) -> dict[str, Any]:
    api, plain, peer = 8611, 8612, 8613
    raw = _raw(runtime, driver)
    connection = runtime.connection()
    serve = [sys.executable, "-c", "from graph_platform.cli import main; main()", "serve"]
    with (
        process([*serve, "--port", str(api)], _answers(f"http://127.0.0.1:{api}"), env) as server,
        process(
            [
                sys.executable,
                str(BENCH / "api_plain.py"),
                str(plain),
                str(settings.neo4j_port),
                str(settings.local_neo4j_home),
            ],
            _listening(plain),
            env,
        ),
        process(
            [
                "node",
                str(PEER / "server.mjs"),
                str(peer),
                connection.uri,
                connection.user,
                str(connection.password),
                connection.database,
            ],
            _listening(peer),
            env,
        ),
    ):
        ours = Http(f"http://127.0.0.1:{api}", tokens["admin"])
        amber = Http(f"http://127.0.0.1:{api}", tokens["analyst"])
        theirs = Http(f"http://127.0.0.1:{peer}")
        baseline = Http(f"http://127.0.0.1:{plain}")

        def ask(query: str, client: Http = ours, **variables: Any) -> Callable[[str], object]:
            return lambda account: client.post(
                "/graphql", {"query": query, "variables": {**variables, "id": account}}
            )

        results: dict[str, Any] = {}
        results["account"] = interleaved(
            {
                "graphql": ask(ACCOUNT),
                "raw": raw["account"],
                "plain": lambda account: baseline.get(f"/account?id={quote(account)}"),
            },
            ids,
        )
        results["attribution"] = interleaved(
            {"graphql": ask(ATTRIBUTION), "raw": raw["attribution"]}, ids
        )
        results["hop1"] = interleaved(
            {
                "graphql": ask(NEIGHBOURHOOD, depth=1),
                "raw": raw["hop1"],
                "plain": lambda account: baseline.get(f"/neighbourhood?id={quote(account)}"),
            },
            ids,
        )
        results["hop2"] = interleaved(
            {"graphql": ask(NEIGHBOURHOOD, depth=2), "raw": raw["hop2"]}, ids
        )
        lists = ids[: max(20, len(ids) // 10)]
        results["list"] = interleaved(
            {
                "graphql": lambda _: ours.post("/graphql", {"query": LIST}),
                "plain": lambda _: baseline.get("/accounts?limit=10000"),
            },
            lists,
        )
        results["peer_operation"] = interleaved(
            {
                "graphql": ask(OPERATION),
                "peer": lambda account: theirs.post(
                    "/", {"query": PEER_OPERATION, "variables": {"id": account}}
                ),
            },
            ids,
        )
        results["peer_hop1"] = interleaved(
            {
                "graphql": ask(ONE_HOP),
                "peer": lambda account: theirs.post(
                    "/", {"query": PEER_ONE_HOP, "variables": {"id": account}}
                ),
            },
            ids,
        )
        database_pid = LocalNeo4j(settings).status().pid
        if database_pid is None:
            raise SystemExit("the bench's Neo4j is not running")
        results["concurrency"] = _concurrency(
            {
                "graphql": lambda: ask(
                    ACCOUNT, client=Http(f"http://127.0.0.1:{api}", tokens["admin"])
                ),
                "raw": lambda: raw["account"],
            },
            {"graphql": [server.pid, database_pid], "raw": [database_pid]},
            ids,
        )
        for name, query, extra in (
            ("account", ACCOUNT, {}),
            ("attribution", ATTRIBUTION, {}),
            ("hop1", NEIGHBOURHOOD, {"depth": 1}),
        ):
            results[f"enforced_{name}"] = _enforced(ours, amber, query, extra, ids)
    return _goals(results)


def _listening(port: int) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()
            return True
        except OSError:
            return False

    return ready


def _enforced(
    admin: Http, analyst: Http, query: str, extra: dict[str, Any], ids: list[str]
) -> dict[str, Any]:
    """The same query as an AMBER analyst (enforced) and as an admin (unenforced), interleaved;
    the answers must be equal, or the comparison would be of different work."""

    def ask(client: Http) -> Callable[[str], object]:
        return lambda account: client.post(
            "/graphql", {"query": query, "variables": {**extra, "id": account}}
        )

    for account in ids[:5]:
        if ask(admin)(account)["data"] != ask(analyst)(account)["data"]:
            raise SystemExit(f"enforced and unenforced answers differ for {account}")
    timed = interleaved({"graphql": ask(analyst), "unenforced": ask(admin)}, ids)
    return timed


def _concurrency(
    calls: dict[str, Callable[[], Callable[[str], object]]],
    serving: dict[str, list[int]],
    ids: list[str],
    clients: int = 16,
) -> dict[str, Any]:
    """The account lookup by 1 client, then by `clients` at once (closed loop, each client its
    own connection: `calls[name]()` makes one): p95 of each, for each system.

    And the floor physics puts under the ratio: the CPU the `clients` run used (the processes
    `serving[name]` that answer, and this one that asks) per request, D. The machine's C cores
    give at most C CPU-seconds a second, so requests are answered at most C / D a second
    (utilisation law) and, by Little's law, the clients' mean response time is at least
    clients × D / C: `floor_mean_many_over_one` is that over the one-client mean, beside the
    measured `mean_many_over_one`; `cores_busy` near 1 says the run was CPU-bound. D is
    measured under the same load it bounds (one client alone costs more CPU per request:
    wake-ups are not shared), so the floor holds whatever runs in the background."""

    def run(make: Callable[[], Callable[[str], object]], count: int) -> list[float]:
        times: list[float] = []
        lock = threading.Lock()

        def client(offset: int) -> None:
            call = make()
            mine = []
            for number in range(len(ids)):
                account = ids[(number + offset) % len(ids)]
                began = time.perf_counter()
                call(account)
                mine.append((time.perf_counter() - began) * 1000.0)
            with lock:
                times.extend(mine)

        threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return times

    cores = os.cpu_count() or 1
    figures: dict[str, Any] = {"clients": clients, "cores": cores}
    for name, make in calls.items():
        run(make, 1)  # warm-up
        one = run(make, 1)
        spent, began = _cpu_seconds(serving[name]), time.perf_counter()
        many = run(make, clients)
        busy, lasted = _cpu_seconds(serving[name]) - spent, time.perf_counter() - began
        demand_ms = busy * 1000.0 / len(many)
        one_mean, many_mean = statistics.fmean(one), statistics.fmean(many)
        figures[name] = {
            "one": _stats(one),
            "many": _stats(many),
            "cpu_ms_per_request": round(demand_ms, 3),
            "cores_busy": round(busy / lasted / cores, 3),
            "mean_many_over_one": round(many_mean / one_mean, 3),
            "floor_mean_many_over_one": round(clients * demand_ms / cores / one_mean, 3),
        }
    return figures


def _cpu_seconds(pids: list[int]) -> float:
    """CPU time used so far by the processes `pids` (all their threads) and by this one."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = time.process_time()
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        used += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def _spread(concurrency: dict[str, Any]) -> float:
    return round(concurrency["many"]["p95_ms"] / concurrency["one"]["p95_ms"], 3)


def _goals(results: dict[str, Any]) -> dict[str, Any]:
    def ratio(name: str, base: str, stat: str = "p50_ms", of: str = "graphql") -> float:
        return round(results[name][of][stat] / results[name][base][stat], 3)

    figures = {
        **results,
        "ratios": {
            "account_vs_raw_p50": ratio("account", "raw"),
            "attribution_vs_raw_p50": ratio("attribution", "raw"),
            "hop1_vs_raw_p50": ratio("hop1", "raw"),
            "hop2_vs_raw_p50": ratio("hop2", "raw"),
            "hop2_p99_over_p50": round(
                results["hop2"]["graphql"]["p99_ms"] / results["hop2"]["graphql"]["p50_ms"], 3
            ),
            "list_vs_plain_p50": ratio("list", "plain"),
            "concurrency_p95_16_over_1": _spread(results["concurrency"]["graphql"]),
            "raw_concurrency_p95_16_over_1": _spread(results["concurrency"]["raw"]),
            # a bare Starlette route over the same read: what HTTP alone costs over the driver
            "account_plain_vs_raw_p50": ratio("account", "raw", of="plain"),
            "account_vs_plain_p50": ratio("account", "plain"),
            "hop1_plain_vs_raw_p50": ratio("hop1", "raw", of="plain"),
            "hop1_vs_plain_p50": ratio("hop1", "plain"),
            "operation_vs_peer_p50": ratio("peer_operation", "peer"),
            "hop1_vs_peer_p50": ratio("peer_hop1", "peer"),
            **{
                f"enforced_{name}_vs_unenforced_p50": ratio(f"enforced_{name}", "unenforced")
                for name in ("account", "attribution", "hop1")
            },
        },
    }
    r = figures["ratios"]
    figures["goals"] = {
        "account_p50_le_1_5x_raw": r["account_vs_raw_p50"] <= 1.5,
        "attribution_p50_le_1_5x_raw": r["attribution_vs_raw_p50"] <= 1.5,
        "hop1_p50_le_1_5x_raw": r["hop1_vs_raw_p50"] <= 1.5,
        "hop2_p50_le_1_5x_raw": r["hop2_vs_raw_p50"] <= 1.5,
        "hop2_p99_over_p50_le_5": r["hop2_p99_over_p50"] <= 5,
        "list_10k_le_2x_plain": r["list_vs_plain_p50"] <= 2,
        "p95_16_clients_le_3x_one": r["concurrency_p95_16_over_1"] <= 3,
        "operation_p50_le_peer": r["operation_vs_peer_p50"] <= 1,
        "hop1_p50_le_peer": r["hop1_vs_peer_p50"] <= 1,
        **{
            f"enforced_{name}_p50_le_1_2x_unenforced": (
                r[f"enforced_{name}_vs_unenforced_p50"] <= 1.2
            )
            for name in ("account", "attribution", "hop1")
        },
    }
    return figures


if __name__ == "__main__":
    main()
