"""FtM birth dates reach the graph at their precision, every value (issue 19): a sanctions list
that knows only "1958" or two candidate dates no longer loses them; what is no date is
quarantined with its reason."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
from conftest import LoadFiles

from graph_platform.settings import Settings

PERSONS = [
    {"id": "p1", "schema": "Person",
     "properties": {"name": ["Ivan Petrov"], "birthDate": ["1958", "1961-02-03"]}},
    {"id": "p2", "schema": "Person",
     "properties": {"name": ["Anna Orlova"], "birthDate": ["1970-05-01"]}},
    {"id": "p3", "schema": "Person",
     "properties": {"name": ["Igor Belov"], "birthDate": ["1961-02"]}},
    {"id": "p4", "schema": "Person",
     "properties": {"name": ["Oleg Sokolov"], "birthDate": ["sometime in the sixties"]}},
]  # fmt: skip


def test_partial_and_several_birth_dates_load(
    load_files: LoadFiles, empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "persons.ijson"
    source.write_text("".join(json.dumps(p) + "\n" for p in PERSONS), encoding="utf-8")
    summary = load_files(tmp_path / "quarantine", "ftm", source)
    assert (summary.read, summary.loaded, summary.quarantined) == (4, 3, 1)
    quarantine = tmp_path / "quarantine" / "ftm" / "persons.ijson.jsonl"
    (entry,) = [json.loads(line) for line in quarantine.read_text().splitlines()]
    assert "'sometime in the sixties' is not a date" in str(entry["reason"])
    records, _, _ = empty_graph.execute_query(
        "MATCH (p:Person) RETURN p.name AS name, p.birth_date AS full, p.birth_dates AS dates",
        database_=settings.neo4j_database,
    )
    found = {r["name"]: (r["full"], r["dates"]) for r in records}
    assert found["Ivan Petrov"] == (None, ["1958", "1961-02-03"])
    assert found["Anna Orlova"][1] == ["1970-05-01"]
    assert str(found["Anna Orlova"][0]) == "1970-05-01"
    assert found["Igor Belov"] == (None, ["1961-02"])
