"""Builds the alias dev set of bench/er_aliases.py: one record per known name, with ground truth.

Two sources, both split so that every record carries a single name "as if each name came from a
different source" (how sanctions lists, registers and threat reports meet in one graph):
- the MISP threat-actor galaxy (../shared/data/actors/, CC0 / CC-BY): every actor's name and
  each synonym become one Organisation record with the actor's country; actors without synonyms
  stay as single records (they are the hard negatives: "Fancy Bear" / "Cozy Bear"); a name
  the galaxy gives to several actors is left out (its ground truth is unknown);
- the synthetic generator's name variants (graph_platform.synth.name_variants): persons named in
  Latin, Cyrillic, Greek and Arabic with birth dates at year, month or day precision, and
  organisations with and without legal forms, acronyms, reordered or partial names, other
  scripts; plus the synthetic IO actors' own variants.
Each entity falls in the `fit` or the `dev` split (a hash of its key, about half each), so what
is tuned on labels is tuned on `fit` and calibration is checked on `dev`.

Run: .venv/bin/python bench/er_alias_devset.py  (rewrites bench/aliases/devset.jsonl; seeded,
so the file only changes when the generator does).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_platform.synth.name_variants import AliasRecord, organisations, persons

ROOT = Path(__file__).resolve().parent.parent
MISP = ROOT.parent / "shared" / "data" / "actors" / "misp_threat_actor_galaxy.json"
DEVSET = Path(__file__).resolve().parent / "aliases" / "devset.jsonl"
SEED = 19
PERSONS = 700
ORGANISATIONS = 220


def _names(actor: dict[str, Any]) -> list[str]:
    names = [actor["value"], *actor.get("meta", {}).get("synonyms", [])]
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def misp_records(path: Path = MISP) -> list[AliasRecord]:
    """One Organisation record per distinct name of every MISP threat actor. A name the galaxy
    lists under two or more actors (case-insensitively) is left out: which actor it names is
    not known, so it can be ground truth neither way."""
    values = json.loads(path.read_text(encoding="utf-8"))["values"]
    carriers = Counter(
        name.casefold() for actor in values for name in {*map(str.casefold, _names(actor))}
    )
    records = []
    for actor in values:
        country = actor.get("meta", {}).get("country")
        countries = [country.lower()] if isinstance(country, str) and country else []
        names = [name for name in _names(actor) if carriers[name.casefold()] == 1]
        for n, name in enumerate(names):
            records.append(
                AliasRecord(
                    f"misp-{actor['uuid']}-{n}",
                    f"misp-{actor['uuid']}",
                    "Organisation",
                    name,
                    "misp_threat_actor_galaxy",
                    countries=countries,
                )
            )
    return records


def split_of(entity: str) -> str:
    return "fit" if hashlib.sha256(entity.encode()).digest()[0] % 2 == 0 else "dev"


def build() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    records = [*misp_records(), *persons(rng, PERSONS), *organisations(rng, ORGANISATIONS)]
    return [{**asdict(r), "split": split_of(r.entity)} for r in records]


def main() -> None:
    rows = build()
    DEVSET.parent.mkdir(parents=True, exist_ok=True)
    with DEVSET.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} records written to {DEVSET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
