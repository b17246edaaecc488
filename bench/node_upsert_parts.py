"""Where the batched node upsert's time goes: the platform's statement against cut-down ones.

    .venv/bin/python bench/node_upsert_parts.py [--reps 12] [--slice 2000] …

A diagnostic for the ingest benchmark's node rate (bench/ingest.py), not a goal of its own.
It starts a Neo4j of its own (port 7697), warms it with the real Loader on other tweets, then
records the node rows the writer sends for the slice (the same slice as bench/ingest.py: its two
batches' node transactions). Each run wipes the graph and replays those rows part by part, in
order, one explicit transaction each, timing the statement (rows sent, run, consumed) and the
commit apart, with one of these statements:
- `upsert`: the platform's `writer.upsert_nodes` (provenance, seen-range, claims check);
- `merge_labels_props`: MERGE on id, labels and properties only (no provenance: not a
  candidate, the floor of any upsert that keeps the same data);
- `merge_only`: MERGE on id and `loaded_at`;
- `unwind_only`: the rows sent and counted, nothing written (what sending costs).
Variants interleave run by run, so a slow spell of the machine falls on all of them. Parts run
one after the other here, while the writer runs a batch's parts concurrently, so the seconds are
a breakdown of work, not the benchmark's wall time. The last line is one JSON object: per
variant the median seconds and its share of `upsert`'s.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Any, LiteralString

from graph_platform.ingest.mapping import Mapping
from graph_platform.local_neo4j.server import LocalNeo4j
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.writer import GraphWriter
from graph_platform.synth import SynthConfig

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import LOADER, _batched, _dataset, _records, _reset_store, _slice, _wipe

CUT_DOWN: dict[str, LiteralString] = {
    "merge_labels_props": "CYPHER replan=skip UNWIND $rows AS row "
    "MERGE (n:Entity {id: row.id}) ON CREATE SET n.loaded_at = $loaded_at "
    "SET n:$(row.labels), n += row.props",
    "merge_only": "CYPHER replan=skip UNWIND $rows AS row "
    "MERGE (n:Entity {id: row.id}) ON CREATE SET n.loaded_at = $loaded_at",
    "unwind_only": "CYPHER replan=skip UNWIND $rows AS row RETURN count(*) AS rows",
}


def main() -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=12, help="timed runs of each variant")
    parser.add_argument("--warm-runs", type=int, default=20, help="Loader runs before recording")
    parser.add_argument("--tweets", type=int, default=1_000_000, help="archive the slice is from")
    parser.add_argument("--slice", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=7697)
    parser.add_argument("--home", type=Path, default=PROJECT_ROOT / ".graph_platform/bench-parts")
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT / ".graph_platform/bench-data")
    args = parser.parse_args()

    config = SynthConfig(seed=args.seed, tweets=args.tweets)
    dataset, _ = _dataset(config, args.data / f"seed{args.seed}-{args.tweets}")
    work = args.data / "work-parts"
    slice_file = _slice(dataset.tweets_files[0], args.slice, work / "slice")
    warm_file = _slice(dataset.tweets_files[0], args.slice, work / "warmup", args.slice)
    settings = Settings(neo4j_port=args.port, neo4j_home=args.home)
    mapping = Mapping.load(LOADER, settings.loaders_dir, get_model(settings.ontology_dir))
    statements = {"upsert": Runtime(settings).queries.get("writer.upsert_nodes").text}
    statements.update(CUT_DOWN)

    server = LocalNeo4j(settings)
    _reset_store(server)
    server.start()
    try:
        with Runtime(settings).driver() as driver:
            warm_records = _records(mapping, warm_file)
            for _ in range(args.warm_runs):
                _batched(driver, settings, mapping, warm_file, warm_records, work)
            parts = _recorded_parts(driver, settings, mapping, slice_file, work)
            print(f"slice node parts (rows): {[len(rows) for rows, _ in parts]}", flush=True)
            seconds: dict[str, list[tuple[float, float]]] = {name: [] for name in statements}
            for rep in range(-3, args.reps):  # three untimed runs of each first
                for name, text in statements.items():
                    _wipe(driver, settings)
                    timing = _replay(driver, settings, text, parts)
                    if rep >= 0:
                        seconds[name].append(timing)
    finally:
        server.stop()
        _reset_store(server)
    _report(seconds, parts)


def _recorded_parts(
    driver: Any, settings: Settings, mapping: Mapping, path: Path, work: Path
) -> list[tuple[list[dict[str, Any]], Any]]:
    """The node rows of each node transaction of one real load of `path`, in order."""
    parts: list[tuple[list[dict[str, Any]], Any]] = []
    original = GraphWriter._node_transaction

    def record(self: GraphWriter, batch: Any, rows: Any, loaded_at: Any, label: str) -> Any:
        parts.append((rows, loaded_at))
        return original(self, batch, rows, loaded_at, label)

    GraphWriter._node_transaction = record  # type: ignore[method-assign]
    try:
        _batched(driver, settings, mapping, path, _records(mapping, path), work)
    finally:
        GraphWriter._node_transaction = original  # type: ignore[method-assign]
    return parts


def _replay(
    driver: Any, settings: Settings, text: LiteralString, parts: list[tuple[list[Any], Any]]
) -> tuple[float, float]:
    """Statement and commit seconds of `text` over `parts`, one transaction per part."""
    statement = commit = 0.0
    with driver.session(database=settings.neo4j_database) as session:
        for rows, loaded_at in parts:
            tx = session.begin_transaction()
            began = time.perf_counter()
            tx.run(text, rows=rows, loaded_at=loaded_at).consume()
            ran = time.perf_counter()
            tx.commit()
            statement += ran - began
            commit += time.perf_counter() - ran
    return statement, commit


def _report(
    seconds: dict[str, list[tuple[float, float]]], parts: list[tuple[list[Any], Any]]
) -> None:
    figures: dict[str, dict[str, float]] = {}
    for name, timings in seconds.items():
        figures[name] = {
            "statement_s": round(statistics.median(s for s, _ in timings), 4),
            "commit_s": round(statistics.median(c for _, c in timings), 4),
            "total_s": round(statistics.median(s + c for s, c in timings), 4),
        }
    whole = figures["upsert"]["total_s"]
    for name, figure in figures.items():
        figure["share_of_upsert"] = round(figure["total_s"] / whole, 3)
        print(f"{name:20s} {figure}", flush=True)
    rows = sum(len(part) for part, _ in parts)
    print(
        json.dumps(
            {
                "node_rows": rows,
                "parts": len(parts),
                "reps": len(seconds["upsert"]),
                "variants": figures,
                "goals": {},
                "note": "diagnostic: medians of sequential replays; no goal of its own",
            }
        )
    )


if __name__ == "__main__":
    main()
