"""Ingest benchmark on a seeded synthetic IO archive, against baselines measured in the same run.

    .venv/bin/python bench/ingest.py [--tweets 1000000] [--slice 2000] [--no-ner] …

1. Writes (or reuses, when the same config was written before) a synthetic archive of TWEETS
   tweets with `graph_platform.synth`.
2. Starts a Neo4j of its own (port 7698, home .graph_platform/bench-neo4j; its `neo4j` database
   is reset first), applies the schema, and warms the JVM and query plans: both loaders load
   WARMUP other tweets (as many as the slice by default, so the same number of batches, with
   the same mix of new and known nodes) for the same time, the naive loader once and the batched
   one again and again until it has loaded for as long (at least BATCHED_RUNS times; each run
   wiped after). Reason, measured: the batched loader's rate rose for ~15 runs, from a 5.8 s
   first run to ~0.6 s, while a naive run is thousands of statements that warm the JIT within
   it; a warm-up set with one batch fewer than the slice left its second-batch paths (MERGE
   finding an existing node) cold, and the slice's first runs 2x slower. Then, on the first
   SLICE tweets, it runs ROUNDS rounds of
   - the naive loader (bench/naive_loader.py) with one auto-commit transaction per statement,
   - the naive loader with one transaction per row,
   - the real `Loader` with the platform's `GraphWriter` (batch size from settings), its node
     and edge statements timed apart (bench/write_timer.py), BATCHED_RUNS times (a run takes
     seconds where a naive one takes minutes: more runs, more of the machine's moods sampled),
   wiping the graph before every run; all write the same mapped records. Each loader's rates
   pool all its runs (none dropped): nodes/s = node records written / seconds of node
   statements, summed over its runs; relationships/s likewise. Rounds interleave the loaders,
   so a slow spell of this shared machine falls on all of them.
3. Loads all TWEETS tweets with the real loader in a child process (bench/load_runner.py):
   rate of the last 10 % of rows against the first 10 %, tweets/s with every edge, and the
   child's peak resident memory from the kernel (wait4).
4. Stops Neo4j, then (unless --no-ner) runs bench/ner.py's `measure` on the synthetic texts.
The last line printed is one JSON object with every figure and goal. Load averages are recorded
beside the timings: other work on the machine slows both sides of a ratio, but not evenly.
Run times differ by machine of the same 2-core kind: the big load ran at ~500 tweets/s on some
(default run with NER about 50 minutes, `--no-big-load --no-ner` about 17) and at ~1,250-1,360 on
others (about 18-20 minutes and 7). The naive baseline's commit latency differs more between them
than the batched loader's rate does, so the node ratio does too (49-68x measured on the same code).
bench/node_upsert_parts.py breaks the batched node upsert's server time down (sending, MERGE,
labels and properties, provenance, commit).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import neo4j

from graph_platform.errors import ValueProblem
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers import BadRow
from graph_platform.local_neo4j.server import LocalNeo4j
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.records import GraphBatch
from graph_platform.store.schema import apply_schema
from graph_platform.synth import ReleaseFiles, SynthConfig, SynthResult, generate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from naive_loader import Mode, NaiveLoader, NaiveSummary
from write_timer import WriteTimer

BENCH = Path(__file__).resolve().parent
LOADER = "twitter_io_tweets"
GOALS = {
    "batched_vs_naive_nodes_per_s": 60.0,
    "batched_vs_naive_relationships_per_s": 5.0,
    "last_vs_first_10pct_rate": 0.8,
}


def _say(text: str) -> None:
    print(text, flush=True)


def _dataset(config: SynthConfig, directory: Path) -> tuple[SynthResult, float | None]:
    """The synthetic archive of `config`, generated now (with its seconds) or reused (None)."""
    truth = directory / f"{config.prefix}_ground_truth.json"
    if truth.is_file():
        document = json.loads(truth.read_text(encoding="utf-8"))
        wanted = json.loads(json.dumps({**asdict(config), "start": config.start.isoformat()}))
        wanted["accounts"] = config.total_accounts
        files = [directory / f["tweets_file"] for f in document["files"]]
        if document["config"] == wanted and all(f.is_file() for f in files):
            result = SynthResult(truth_file=truth)
            for f in document["files"]:
                result.releases.append(
                    ReleaseFiles(
                        f["release"],
                        directory / f["users_file"],
                        directory / f["tweets_file"],
                        f["accounts"],
                        f["tweets"],
                    )
                )
            return result, None
    shutil.rmtree(directory, ignore_errors=True)
    result = generate(config, directory)
    return result, result.seconds


def _slice(source: Path, rows: int, directory: Path, skip: int = 0) -> Path:
    """The header and `rows` rows of `source` after the first `skip`, under the same file name
    (so the same release)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / source.name
    with (
        source.open(encoding="utf-8", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(inp)
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(next(reader))
        for number, row in enumerate(reader):
            if number == skip + rows:
                break
            if number >= skip:
                writer.writerow(row)
    return target


def _records(mapping: Mapping, path: Path) -> tuple[int, int, int]:
    """Rows, node records and edge records the mapping makes of `path` (per row, summed)."""
    rows = nodes = edges = 0
    for row in mapping.reader.rows(path):
        if isinstance(row, BadRow):
            continue
        staged = GraphBatch()
        try:
            mapping.map_row(row, staged)
        except ValueProblem:
            continue
        rows, nodes, edges = rows + 1, nodes + len(staged.nodes), edges + len(staged.edges)
    return rows, nodes, edges


def _reset_store(server: LocalNeo4j) -> None:
    """Stop the bench server and delete its `neo4j` database files (users and password stay)."""
    server.stop()
    for part in ("databases", "transactions"):
        shutil.rmtree(server.home / "data" / part / "neo4j", ignore_errors=True)


def _wipe(driver: neo4j.Driver, settings: Settings) -> None:
    with driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    apply_schema(driver, get_model(settings.ontology_dir), settings.neo4j_database)


def _counts(driver: neo4j.Driver, settings: Settings) -> tuple[int, int]:
    with driver.session(database=settings.neo4j_database) as session:
        nodes = session.run("MATCH (n) RETURN count(n) AS c").single(strict=True)["c"]
        rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single(strict=True)["c"]
    return int(nodes), int(rels)


def _load_average() -> float:
    """The 1-minute load average: above the core count, other work shares the CPU with this run."""
    return round(os.getloadavg()[0], 2)


def _rates(
    rows: int, nodes: int, edges: int, node_s: float, edge_s: float, total_s: float
) -> dict[str, Any]:
    return {
        "nodes_per_s": round(nodes / node_s, 1),
        "relationships_per_s": round(edges / edge_s, 1),
        "rows_per_s": round(rows / total_s, 1),
        "node_seconds": round(node_s, 3),
        "edge_seconds": round(edge_s, 3),
        "seconds": round(total_s, 3),
        "load_average_after": _load_average(),
    }


def _pooled(runs: list[dict[str, Any]], records: tuple[int, int, int]) -> dict[str, Any]:
    """One loader's rates over all its runs: summed records over summed seconds."""
    k = len(runs)
    pooled = _rates(
        *(count * k for count in records),
        *(sum(run[key] for run in runs) for key in ("node_seconds", "edge_seconds", "seconds")),
    )
    del pooled["load_average_after"]
    pooled["runs"] = k
    for key in ("nodes_per_s", "relationships_per_s"):
        pooled[f"{key}_by_run"] = [run[key] for run in runs]
    return pooled


def _naive(
    driver: neo4j.Driver,
    settings: Settings,
    mapping: Mapping,
    path: Path,
    mode: Mode,
    records: tuple[int, int, int],
) -> dict[str, Any]:
    _wipe(driver, settings)
    model = get_model(settings.ontology_dir)
    summary: NaiveSummary = NaiveLoader(mapping, driver, model, settings.neo4j_database, mode).load(
        [path]
    )
    assert (summary.rows, summary.node_records, summary.edge_records) == records
    figures = _rates(*records, summary.node_seconds, summary.edge_seconds, summary.seconds)
    figures["graph_nodes"], figures["graph_relationships"] = _counts(driver, settings)
    return figures


def _batched(
    driver: neo4j.Driver,
    settings: Settings,
    mapping: Mapping,
    path: Path,
    records: tuple[int, int, int],
    work: Path,
) -> dict[str, Any]:
    _wipe(driver, settings)
    timer = WriteTimer()
    writer = Runtime(settings).writer(driver, observer=timer)
    loader = Loader(mapping, writer, work / "quarantine", settings.batch_size)
    summary = loader.load([path])
    assert (summary.loaded, summary.quarantined) == (records[0], 0)
    figures = _rates(*records, timer.node_seconds, timer.edge_seconds, summary.seconds)
    figures["graph_nodes"], figures["graph_relationships"] = _counts(driver, settings)
    figures["seconds_by_statement"] = {
        name: round(seconds, 2)
        for name, seconds in sorted(timer.by_statement.items(), key=lambda item: -item[1])
    }
    return figures


def _warm_batched(
    driver: neo4j.Driver,
    settings: Settings,
    mapping: Mapping,
    path: Path,
    records: tuple[int, int, int],
    work: Path,
    seconds: float,
    args: argparse.Namespace,
) -> list[dict[str, Any]]:
    """Batched runs on the warm-up set until they have loaded for `seconds` (the naive loader's
    warm-up time) and at least `--batched-runs` times; capped at 200 runs."""
    runs: list[dict[str, Any]] = []
    while len(runs) < 200 and (
        len(runs) < args.batched_runs or sum(run["seconds"] for run in runs) < seconds
    ):
        runs.append(_batched(driver, settings, mapping, path, records, work))
    return runs


def _child_load(settings: Settings, files: list[Path], work: Path) -> dict[str, Any]:
    """Run bench/load_runner.py on `files`; its timings plus its peak RSS as the kernel saw it."""
    out = work / "big_load.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(BENCH / "load_runner.py"),
        str(settings.neo4j_port),
        str(settings.local_neo4j_home),
        LOADER,
        str(out),
        *map(str, files),
    ]
    began, load_before = time.perf_counter(), _load_average()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - began
    if child.returncode != 0:
        raise SystemExit(f"the load runner failed with exit code {child.returncode}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    marks = result.pop("marks")
    total = result["read"]
    first = next(m for m in marks if m[1] >= 0.1 * total)
    last_start = [m for m in marks if m[1] <= 0.9 * total][-1]
    end = marks[-1]
    first_rate = first[1] / first[0]
    last_rate = (end[1] - last_start[1]) / (end[0] - last_start[0])
    at = {
        f"rss_mb_at_{p}pct": round(next(m for m in marks if m[1] >= p / 100 * total)[2] / 1024, 1)
        for p in (10, 50, 100)
    }
    return {
        **result,
        "child_wall_seconds": round(wall, 1),
        "tweets_per_s": round(result["loaded"] / result["seconds"], 1),
        "read_map_seconds": round(result["seconds"] - result["write_seconds"], 1),
        "first_10pct_rows_per_s": round(first_rate, 1),
        "last_10pct_rows_per_s": round(last_rate, 1),
        "last_vs_first_10pct_rate": round(last_rate / first_rate, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "load_average_before": load_before,
        "load_average_after": _load_average(),
        **at,
    }


def _ner(tweets_file: Path, count: int) -> dict[str, Any]:
    """bench/ner.py's `measure` on the first `count` synthetic tweet texts."""
    module_file = BENCH / "ner.py"
    if not module_file.is_file():
        return {"skipped": "bench/ner.py does not exist"}
    spec = importlib.util.spec_from_file_location("bench_ner", module_file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    texts = []
    with tweets_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["tweet_text"])
            if len(texts) == count:
                break
    figures: dict[str, Any] = module.measure(texts)
    return figures


def main() -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # "no _claims yet" warnings
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tweets", type=int, default=1_000_000, help="tweets of the big load")
    parser.add_argument("--slice", type=int, default=2_000, help="tweets of the naive comparison")
    parser.add_argument(
        "--warmup",
        type=int,
        help="tweets loaded by each loader for the same time before timing (default: --slice)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the naive comparison")
    parser.add_argument(
        "--batched-runs", type=int, default=3, help="runs of the batched loader per round"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=7698)
    parser.add_argument("--home", type=Path, default=PROJECT_ROOT / ".graph_platform/bench-neo4j")
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT / ".graph_platform/bench-data")
    parser.add_argument(
        "--big-load",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="step 3 (--no-big-load: only the comparison on the slice)",
    )
    parser.add_argument("--ner", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--ner-texts", type=int, default=8_000)
    args = parser.parse_args()
    began, load_at_start = time.perf_counter(), _load_average()

    config = SynthConfig(seed=args.seed, tweets=args.tweets)
    dataset, generated = _dataset(config, args.data / f"seed{args.seed}-{args.tweets}")
    tweets_files = dataset.tweets_files
    _say(
        f"synthetic archive: {args.tweets:,} tweets, {dataset.releases[0].accounts:,} accounts "
        + (f"generated in {generated:.1f} s" if generated is not None else "(reused)")
    )
    work = args.data / "work"
    slice_file = _slice(tweets_files[0], args.slice, work / "slice")

    settings = Settings(neo4j_port=args.port, neo4j_home=args.home)
    model = get_model(settings.ontology_dir)
    mapping = Mapping.load(LOADER, settings.loaders_dir, model)
    records = _records(mapping, slice_file)
    _say(f"slice: {records[0]:,} tweets → {records[1]:,} node and {records[2]:,} edge records")

    server = LocalNeo4j(settings)
    _reset_store(server)
    status = server.start()
    _say(
        f"bench Neo4j {status.version} at {status.uri} (heap {settings.neo4j_heap}, "
        f"page cache {settings.neo4j_pagecache}) started in {status.start_seconds} s"
    )
    try:
        with Runtime(settings).driver() as driver:
            warm = _slice(tweets_files[0], args.warmup or args.slice, work / "warmup", args.slice)
            warm_records = _records(mapping, warm)
            began_warmup = time.perf_counter()
            warm_naive = _naive(driver, settings, mapping, warm, "statement", warm_records)
            warm_batched = _warm_batched(
                driver, settings, mapping, warm, warm_records, work, warm_naive["seconds"], args
            )
            _say(
                f"warm-up ({warm_records[0]} other tweets; naive {warm_naive['seconds']} s at "
                f"{warm_naive['nodes_per_s']} nodes/s; batched {len(warm_batched)} runs, "
                f"{sum(run['seconds'] for run in warm_batched):.1f} s, nodes/s first "
                f"{warm_batched[0]['nodes_per_s']}, last {warm_batched[-1]['nodes_per_s']}): "
                f"{time.perf_counter() - began_warmup:.1f} s"
            )
            runs: dict[str, list[dict[str, Any]]] = {"naive": [], "naive_row_tx": [], "batched": []}
            for number in range(1, args.rounds + 1):
                runs["naive"].append(
                    _naive(driver, settings, mapping, slice_file, "statement", records)
                )
                _say(f"round {number}, naive, auto-commit per statement: {runs['naive'][-1]}")
                runs["naive_row_tx"].append(
                    _naive(driver, settings, mapping, slice_file, "row", records)
                )
                _say(
                    f"round {number}, naive, one transaction per row:   {runs['naive_row_tx'][-1]}"
                )
                for _ in range(args.batched_runs):
                    runs["batched"].append(
                        _batched(driver, settings, mapping, slice_file, records, work)
                    )
                    _say(f"round {number}, batched (Loader + GraphWriter):  {runs['batched'][-1]}")
            _wipe(driver, settings)
        naive, naive_row, batched = (_pooled(runs[name], records) for name in runs)
        _say(f"pooled: naive {naive}\n        naive row tx {naive_row}\n        batched {batched}")
        ratios = {
            "batched_vs_naive_nodes_per_s": round(batched["nodes_per_s"] / naive["nodes_per_s"], 1),
            "batched_vs_naive_relationships_per_s": round(
                batched["relationships_per_s"] / naive["relationships_per_s"], 1
            ),
            "batched_vs_naive_rows_per_s": round(batched["rows_per_s"] / naive["rows_per_s"], 1),
            "batched_vs_naive_row_tx_nodes_per_s": round(
                batched["nodes_per_s"] / naive_row["nodes_per_s"], 1
            ),
            "batched_vs_naive_row_tx_relationships_per_s": round(
                batched["relationships_per_s"] / naive_row["relationships_per_s"], 1
            ),
            "batched_vs_naive_row_tx_rows_per_s": round(
                batched["rows_per_s"] / naive_row["rows_per_s"], 1
            ),
        }
        _say(f"ratios: {ratios}")
        big: dict[str, Any] = {"skipped": "--no-big-load"}
        if args.big_load:
            _say(f"loading {args.tweets:,} tweets in a child process …")
            big = _child_load(settings, tweets_files, work)
            with Runtime(settings).driver() as driver:
                big["graph_nodes"], big["graph_relationships"] = _counts(driver, settings)
            _say(f"big load: {big}")
    finally:
        server.stop()
        _reset_store(server)  # the big graph takes gigabytes; nothing else needs it
    ner = _ner(tweets_files[0], args.ner_texts) if args.ner else {"skipped": "--no-ner"}
    if args.ner:
        _say(f"ner: {ner}")

    met = {
        "batched_vs_naive_nodes_per_s": ratios["batched_vs_naive_nodes_per_s"]
        >= GOALS["batched_vs_naive_nodes_per_s"],
        "batched_vs_naive_relationships_per_s": ratios["batched_vs_naive_relationships_per_s"]
        >= GOALS["batched_vs_naive_relationships_per_s"],
    }
    if "last_vs_first_10pct_rate" in big:
        met["last_vs_first_10pct_rate"] = (
            big["last_vs_first_10pct_rate"] >= GOALS["last_vs_first_10pct_rate"]
        )
    if "ratio" in ner and "goal_ratio" in ner:
        met["ner_ratio"] = ner["ratio"] >= ner["goal_ratio"]
    report = {
        "tweets": args.tweets,
        "slice": records[0],
        "warmup": {
            "tweets": warm_records[0],
            "naive_seconds": warm_naive["seconds"],
            "batched_runs": len(warm_batched),
            "batched_seconds": round(sum(run["seconds"] for run in warm_batched), 1),
            "batched_nodes_per_s_first_last": [
                warm_batched[0]["nodes_per_s"],
                warm_batched[-1]["nodes_per_s"],
            ],
        },
        "seed": args.seed,
        "batch_size": settings.batch_size,
        "node_transactions": settings.node_transactions,
        "cores": os.cpu_count(),
        "load_average_at_start": load_at_start,
        "neo4j": {
            "version": status.version,
            "heap": settings.neo4j_heap,
            "pagecache": settings.neo4j_pagecache,
        },
        "generated_seconds": None if generated is None else round(generated, 1),
        "slice_records": {"rows": records[0], "nodes": records[1], "edges": records[2]},
        "rounds": args.rounds,
        "naive": naive,
        "naive_row_tx": naive_row,
        "batched": batched,
        "runs": runs,
        "ratios": ratios,
        "big_load": big,
        "ner": ner,
        "goals": {**GOALS, **({"ner_ratio": ner["goal_ratio"]} if "goal_ratio" in ner else {})},
        "met": met,
        "elapsed_seconds": round(time.perf_counter() - began, 1),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
