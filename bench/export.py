"""Export benchmark: the whole graph of a 1M-tweet synthetic load, against the read floor.

    .venv/bin/python bench/export.py [--tweets 1000000] [--formats graphml,csv] …

1. Reuses (or makes) the synthetic archive of TWEETS tweets (`graph_platform.synth`) and a Neo4j
   of its own (port 7718, home .graph_platform/export-bench/neo4j) holding it: when the store
   has fewer posts than tweets, it loads the release index, users and tweets with
   `graph-platform load` (about an hour on a busy 2-core machine; done once, kept after).
2. For each format, runs `graph-platform export FORMAT OUT --scope all --json` in a child
   process: its wall time, the kernel's peak resident memory of the child (wait4), the file
   size and the nodes / relationships / objects it wrote.
3. The floor, in the same run and the same way (child process): every node's properties and
   every relationship with its ends and properties streamed once through the driver
   (`MATCH (n) RETURN n` / `MATCH (a)-[r]->(b) …` in one transaction each, nothing written):
   the least any exporter of the whole graph must do. Each format's ratio is its time over
   the floor's.
The last line is one JSON object with every figure and the goals (peak RSS ≤ 500 MB per
format; the nodes and relationships each export read equal the graph's).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import neo4j

from graph_platform.local_neo4j.server import LocalNeo4j
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings

GOAL_RSS_MB = 500.0
FLOOR = """
import sys, time, neo4j
from pathlib import Path
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
settings = Settings(neo4j_port=int(sys.argv[1]), neo4j_home=Path(sys.argv[2]))
nodes = edges = 0
began = time.perf_counter()
database = settings.neo4j_database
with Runtime(settings).driver() as driver, driver.session(database=database) as session:
    for record in session.run("MATCH (n) RETURN n.id AS id, labels(n) AS l, properties(n) AS p"):
        nodes += 1
    for record in session.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, "
                              "properties(r) AS p"):
        edges += 1
print(nodes, edges, time.perf_counter() - began)
"""


def _say(text: str) -> None:
    print(text, flush=True)


def _child(command: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    """Run a child; its stdout, wall seconds and peak RSS in MB (from the kernel)."""
    began = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:3]} failed with exit code {os.waitstatus_to_exitcode(status)}")
    return out, time.perf_counter() - began, usage.ru_maxrss / 1024


def _graph_counts(driver: neo4j.Driver, settings: Settings) -> tuple[int, int, int]:
    records, _, _ = driver.execute_query(
        "RETURN COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[r]->() } AS edges, "
        "COUNT { MATCH (p:Post) } AS posts",
        database_=settings.neo4j_database,
    )
    return records[0]["nodes"], records[0]["edges"], records[0]["posts"]


def _ensure_loaded(
    args: argparse.Namespace, settings: Settings, env: dict[str, str]
) -> float | None:
    """Load the synthetic archive unless the store holds it; the load's seconds, or None."""
    with Runtime(settings).driver() as driver:
        posts = _graph_counts(driver, settings)[2]
    if posts >= args.tweets:
        return None
    data = args.data
    cli = [str(Path(sys.executable).with_name("graph-platform"))]
    if not (data / "synth_releases.csv").is_file():
        subprocess.run(
            [*cli, "synth", str(data), "--tweets", str(args.tweets)], env=env, check=True
        )
    began = time.perf_counter()
    subprocess.run([*cli, "schema", "apply"], env=env, check=True)
    for loader, pattern in (
        ("twitter_io_releases", "synth_releases.csv"),
        ("twitter_io_users", "*_users_csv_hashed.csv"),
        ("twitter_io_tweets", "*_tweets_csv_hashed.csv"),
    ):
        files = sorted(str(p) for p in data.glob(pattern))
        subprocess.run([*cli, "load", loader, *files], env=env, check=True)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tweets", type=int, default=1_000_000)
    parser.add_argument("--formats", default="graphml,gexf,csv,ftm,stix")
    parser.add_argument("--port", type=int, default=7718)
    root = PROJECT_ROOT / ".graph_platform/export-bench"
    parser.add_argument("--home", type=Path, default=root / "neo4j")
    parser.add_argument("--data", type=Path, default=root / "data")
    parser.add_argument("--out", type=Path, default=root / "out")
    args = parser.parse_args()
    settings = Settings(neo4j_port=args.port, neo4j_home=args.home)
    env = {
        **os.environ,
        "GP_NEO4J_PORT": str(args.port),
        "GP_NEO4J_HOME": str(args.home),
        "GP_STATE_DIR": str(root / "state"),
    }
    status = LocalNeo4j(settings).start()
    _say(f"bench Neo4j {status.version} at {status.uri}")
    load_seconds = _ensure_loaded(args, settings, env)
    with Runtime(settings).driver() as driver:
        nodes, edges, posts = _graph_counts(driver, settings)
    _say(
        f"graph: {nodes:,} nodes, {edges:,} relationships, {posts:,} posts"
        + (f" (loaded in {load_seconds:.0f} s)" if load_seconds else " (reused)")
    )
    out, seconds, rss = _child([sys.executable, "-c", FLOOR, str(args.port), str(args.home)], env)
    floor_nodes, floor_edges, floor_seconds = out.split()
    floor = {
        "seconds": round(seconds, 1),
        "read_seconds": round(float(floor_seconds), 1),
        "peak_rss_mb": round(rss, 1),
        "nodes": int(floor_nodes),
        "edges": int(floor_edges),
    }
    _say(f"floor (stream every node and relationship, write nothing): {floor}")
    args.out.mkdir(parents=True, exist_ok=True)
    cli = str(Path(sys.executable).with_name("graph-platform"))
    figures: dict[str, Any] = {}
    for format_name in args.formats.split(","):
        target = args.out / (f"all.{format_name}" if format_name != "csv" else "all-csv.zip")
        out, seconds, rss = _child(
            [cli, "export", format_name, str(target), "--scope", "all", "--json"], env
        )
        summary = json.loads(out)
        figures[format_name] = {
            "seconds": round(seconds, 1),
            "peak_rss_mb": round(rss, 1),
            "mb_written": round(target.stat().st_size / 2**20, 1),
            "nodes": summary["nodes"],
            "edges": summary["edges"],
            "objects": summary["objects"],
            "vs_floor_seconds": round(seconds / floor["seconds"], 2),
        }
        _say(f"{format_name}: {figures[format_name]}")
    goals = {
        f"{name}_peak_rss_le_{GOAL_RSS_MB:.0f}_mb": f["peak_rss_mb"] <= GOAL_RSS_MB
        for name, f in figures.items()
    }
    goals |= {
        f"{name}_read_whole_graph": (f["nodes"], f["edges"]) == (nodes, edges)
        for name, f in figures.items()
    }
    print(
        json.dumps(
            {
                "tweets": args.tweets,
                "graph": {"nodes": nodes, "edges": edges},
                "floor": floor,
                "formats": figures,
                "goals": goals,
            }
        )
    )


if __name__ == "__main__":
    main()
