"""Name similarity on real labelled names: nomenklatura's pairs and Putin's 80 spellings.

Both files come from opensanctions/nomenklatura (MIT), see ../shared/data/README.md.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from graph_platform.resolve.name import NAME_MATCH_THRESHOLD, name_similarities
from graph_platform.resolve.name_parts import NameKind


def _spellings(shared_data: Path) -> list[str]:
    text = (shared_data / "names" / "one_person_many_spellings.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _prf(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    tp = int((predicted & truth).sum())
    precision = tp / int(predicted.sum())
    recall = tp / int(truth.sum())
    return precision, recall, 2 * precision * recall / (precision + recall)


def _kind(schema: str) -> NameKind:
    return "Person" if schema == "Person" else "Organisation"


def test_nomenklatura_pairs_beat_plain_ratio(shared_data: Path) -> None:
    with (shared_data / "names" / "nomenklatura_name_pairs.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 826
    truth = np.array([row["is_match"] == "true" for row in rows])
    scores = np.zeros(len(rows))
    for kind in ("Person", "Organisation"):
        index = [i for i, row in enumerate(rows) if _kind(row["schema"]) == kind]
        scores[index] = name_similarities(
            [rows[i]["name1"] for i in index], [rows[i]["name2"] for i in index], kind
        )
    ours = _prf(scores >= NAME_MATCH_THRESHOLD, truth)
    # Baseline: rapidfuzz ratio on lower-cased strings at its own best threshold (favours it).
    plain = np.array([fuzz.ratio(r["name1"].lower(), r["name2"].lower()) / 100 for r in rows])
    baseline = max((_prf(plain >= t, truth) for t in np.arange(0.5, 1.0, 0.01)), key=lambda r: r[2])
    print(f"\nnomenklatura pairs: ours P/R/F1 {ours}, plain ratio (best threshold) {baseline}")
    precision, recall, f1 = ours
    assert precision >= 0.86 and recall >= 0.78 and f1 >= 0.82
    assert f1 >= baseline[2] + 0.1


def _clusters(names: list[str]) -> tuple[list[int], int]:
    """Single-linkage over pairs at or above the threshold; returns roots and linked pair count."""
    pairs = list(itertools.combinations(range(len(names)), 2))
    scores = name_similarities([names[i] for i, _ in pairs], [names[j] for _, j in pairs], "Person")
    parent = list(range(len(names)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, j), score in zip(pairs, scores, strict=True):
        if score >= NAME_MATCH_THRESHOLD:
            parent[root(i)] = root(j)
    return [root(i) for i in range(len(names))], int((scores >= NAME_MATCH_THRESHOLD).sum())


OTHER_RUSSIANS = [
    "Dmitry Medvedev",
    "Дмитрий Анатольевич Медведев",
    "Vladimir Zhirinovsky",
    "Владимир Жириновский",
    "Vladimir Potanin",
    "Владимир Потанин",
    "Vladimir Ustinov",
    "Владимир Ильич Ленин",
    "Vyacheslav Volodin",
    "Mikhail Mishustin",
    "Sergey Lavrov",
]


def test_putin_spellings_form_one_cluster_without_other_leaders(shared_data: Path) -> None:
    spellings = _spellings(shared_data)
    assert len(spellings) == 81  # the README says 80; the file holds 81
    roots, linked = _clusters(spellings + OTHER_RUSSIANS)
    putin = roots[: len(spellings)]
    print(f"\nPutin spellings: {linked} pairs at or above threshold (of {81 * 80 // 2} + others)")
    assert len(set(putin)) == 1
    assert not set(roots[len(spellings) :]) & set(putin)
    direct, _ = _clusters(spellings)
    assert len(set(direct)) == 1


def test_putin_pairs_directly_above_threshold(shared_data: Path) -> None:
    spellings = _spellings(shared_data)
    pairs = list(itertools.combinations(spellings, 2))
    scores = name_similarities([a for a, _ in pairs], [b for _, b in pairs], "Person")
    above = int((scores >= NAME_MATCH_THRESHOLD).sum())
    print(f"\n{above} of {len(pairs)} Putin pairs directly at or above {NAME_MATCH_THRESHOLD}")
    assert len(pairs) == 3240 and above >= 2700
