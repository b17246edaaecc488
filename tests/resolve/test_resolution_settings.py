"""Resolution settings files: the shipped ones load, broken ones name the file and the key."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph_platform.errors import DefinitionError
from graph_platform.resolve.engine import load_settings, resolve
from graph_platform.resolve.resolution import Decision, Record
from graph_platform.settings import Settings

GOOD = """
description: test
fields:
  name: {normaliser: fold}
  city: {normaliser: fold}
  born: {normaliser: digits}
comparisons:
  - name: name
    field: name
    comparator: jaro_winkler
    levels:
      - {name: exact, at_least: 1.0}
  - name: born
    field: born
    comparator: exact
    levels:
      - {name: exact, at_least: 1.0}
blocking:
  rules:
    - fields: [city]
thresholds: {match: 0.9, review: 0.5}
"""


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "Person.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("kind", ["Person", "Organisation", "Account"])
def test_shipped_settings_load(kind: str) -> None:
    settings = load_settings(kind, Settings().resolution_dir)
    assert settings.comparisons and settings.blocking.rules
    assert settings.thresholds.review <= settings.thresholds.match


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            ("comparator: jaro_winkler", "comparator: jaro_wrinkler"),
            "comparisons.0.comparator",
            "unknown comparator 'jaro_wrinkler'",
        ),
        (("fields: [city]", "fields: [town]"), "blocking.rules.0.fields", "unknown field 'town'"),
        (("thresholds:", "treshold: 1\nthresholds:"), "treshold", "Extra inputs"),
        (
            ("{name: exact, at_least: 1.0}", "{name: exact, at_least: 1.0, at_most: 0}"),
            "comparisons.0.levels.0",
            "exactly one of at_least",
        ),
        (
            ("normaliser: fold}\n  city", "normaliser: fould}\n  city"),
            "fields.name.normaliser",
            "unknown normaliser 'fould'",
        ),
        (
            ("{name: exact, at_least: 1.0}", "{name: exact, at_least: 1.0, m: 0.5}"),
            "comparisons.0.levels.0",
            "an m needs its u",
        ),
        (
            ("city: {normaliser: fold}", "city: {normaliser: person_name_keys}"),
            "fields.city.multiple",
            "makes several values",
        ),
        (
            ("born: {normaliser: digits}", "born: {normaliser: digits, combine: true}"),
            "fields.born",
            "combine joins several sources",
        ),
    ],
)
def test_errors_name_file_and_key(
    tmp_path: Path, change: tuple[str, str], key: str, message: str
) -> None:
    assert change[0] in GOOD
    directory = _write(tmp_path, GOOD.replace(change[0], change[1], 1))
    with pytest.raises(DefinitionError) as raised:
        load_settings("Person", directory)
    text = str(raised.value)
    assert "Person.yaml" in text
    assert f": {key}: " in text
    assert message in text


def test_good_settings_resolve_and_respect_decisions(tmp_path: Path) -> None:
    settings = load_settings("Person", _write(tmp_path, GOOD))
    rng = random.Random(3)
    others = [  # sixty other Berliners, so that u and m have something to be learned from
        Record(f"o{i}", "Person", {"name": _word(rng), "city": "Berlin", "born": _day(rng)})
        for i in range(60)
    ]
    records = [
        Record("a", "Person", {"name": "Anna Schmidt", "city": "Berlin", "born": "1970-01-02"}),
        Record("b", "Person", {"name": "anna schmidt", "city": "berlin", "born": "19700102"}),
        Record("c", "Person", {"name": "Boris Lem", "city": "Berlin", "born": "1980-05-06"}),
        *others,
    ]
    events: list[tuple[str, int, int]] = []
    resolution = resolve(records, settings, progress=lambda *e: events.append(e))
    assert [c.members for c in resolution.clusters] == [("a", "b")]
    assert {stage for stage, _, _ in events} == {"block", "compare", "cluster"}
    assert resolution.stats["records"] == 63
    assert resolution.stats["candidate_pairs"] == 63 * 62 // 2  # one city: one block
    rejected = resolve(records, settings, [Decision("b", "a", "reject")])
    assert rejected.clusters == []
    confirmed = resolve(records, settings, [Decision("a", "c", "confirm")])
    # a = c by the analyst; b matches a but contradicts c, so it is not pulled in by the
    # confirm: its strong pair with a goes to review instead.
    assert [c.members for c in confirmed.clusters] == [("a", "c")]
    assert {"a", "b"} in [{p.left, p.right} for p in confirmed.review]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(5))


def _day(rng: random.Random) -> str:
    return f"19{rng.randint(10, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
