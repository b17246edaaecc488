"""JSON-lines, JSON-document and STIX readers; dotted-path records; country names to ISO codes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from graph_platform.errors import LoadError
from graph_platform.ingest.country import country_key, iso_country
from graph_platform.ingest.readers import (
    READERS,
    BadRow,
    JsonDocumentReader,
    JsonLinesReader,
    JsonRecord,
    SourceRow,
    StixReader,
)

DISARM = "stix/disarm_framework.json"
OASIS = "stix/oasis_campaign_threat_actor_example.json"


def test_record_reads_dotted_paths_list_items_and_drops_null_values() -> None:
    record = JsonRecord(
        {
            "meta": {"synonyms": ["A", ""], "country": ""},
            "external_references": [{"external_id": "T0049"}, {"external_id": "X"}],
            "kill_chain_phases": [{"phase_name": "plan"}, {"phase_name": "execute"}],
            "properties": {"name": ["First", "Second"]},
        },
        {"_file": "f.json", "_document": {"id": "bundle--1"}},
        frozenset({""}),
    )
    assert record.get("meta.synonyms") == ["A"]
    assert record.get("meta.country") is None
    assert record.get("external_references.0.external_id") == "T0049"
    assert record.get("external_references.-1.external_id") == "X"
    assert record.get("external_references.5.external_id") is None
    assert record.get("kill_chain_phases.phase_name") == ["plan", "execute"]
    assert record.get("properties.name.0") == "First"
    assert record.get("_document.id") == "bundle--1"
    assert record.get("missing.path", "default") == "default"
    assert record["_file"] == "f.json"


def test_json_lines_quarantine_bad_lines_and_yield_referenced_schemata_first(
    tmp_path: Path,
) -> None:
    source = tmp_path / "entities.ijson"
    source.write_text(
        "\n".join(
            [
                '{"id": "p1", "schema": "Payment", "properties": {"payer": ["c1"]}}',
                '{"id": "c1", "schema": "Company", "properties": {"name": ["ACME"]}}',
                "this is not json",
                "",
                '["a", "list"]',
                '{"id": "x", "properties": {}}',
                '{"id": "a1", "schema": "Address", "properties": {"full": ["Main St 1"]}}',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    reader = JsonLinesReader(
        {
            "required": ["id", "schema"],
            "order_by": "schema",
            "first": ["Address"],
            "last": ["Payment"],
        }
    )
    assert reader.columns(source) == ["*"]
    rows = list(reader.rows(source))
    good = [r for r in rows if isinstance(r, SourceRow)]
    assert [r.values["id"] for r in good] == ["a1", "c1", "p1"]
    assert [(r.position.row, r.position.line) for r in good] == [(6, 7), (2, 2), (1, 1)]
    bad = {r.position.line: r.reason for r in rows if isinstance(r, BadRow)}
    assert bad == {
        3: "not JSON (Expecting value at column 1)",
        5: "a JSON list, not an object",
        6: "no schema (required)",
    }
    with pytest.raises(ValueError, match="first / last need order_by"):
        JsonLinesReader({"first": ["Address"]})


def test_json_document_rows_carry_the_document_and_their_line(tmp_path: Path) -> None:
    source = tmp_path / "galaxy.json"
    source.write_text(
        '{\n  "name": "Threat Actor",\n  "values": [\n    {"value": "APT1"},\n'
        '    7,\n    {"value": "APT2"}\n  ],\n  "version": 3\n}\n',
        encoding="utf-8",
    )
    rows = list(JsonDocumentReader({"rows": "values"}).rows(source))
    assert [(type(r).__name__, r.position.row, r.position.line) for r in rows] == [
        ("SourceRow", 1, 4),
        ("BadRow", 2, 5),
        ("SourceRow", 3, 6),
    ]
    first = rows[0]
    assert isinstance(first, SourceRow)
    assert first.raw == '{"value": "APT1"}'
    assert first.values.get("_document.version") == 3
    assert first.values.get("_document.values") is None
    (tmp_path / "broken.json").write_text('{"values": [', encoding="utf-8")
    with pytest.raises(LoadError, match="not valid JSON"):
        JsonDocumentReader({"rows": "values"}).columns(tmp_path / "broken.json")
    with pytest.raises(LoadError, match="key 'objects' is not an array"):
        list(JsonDocumentReader({"rows": "objects"}).rows(source))


def test_stix_reader_on_the_real_bundles(shared_data: Path) -> None:
    reader = StixReader({"custom_types": ["x-mitre-tactic", "x-mitre-matrix"]})
    rows = list(reader.rows(shared_data / DISARM))
    assert all(isinstance(r, SourceRow) for r in rows)
    types = [r.values["type"] for r in rows if isinstance(r, SourceRow)]
    assert Counter(types) == {
        "attack-pattern": 391,
        "relationship": 288,
        "x-mitre-tactic": 16,
        "identity": 1,
        "marking-definition": 1,
        "x-mitre-matrix": 1,
    }
    # Relationships come after every object they could link, whatever the file order.
    assert types[-288:] == ["relationship"] * 288
    unlisted = list(StixReader({}).rows(shared_data / DISARM))
    reasons = Counter(r.reason for r in unlisted if isinstance(r, BadRow))
    assert reasons == {
        "unknown STIX type x-mitre-tactic": 16,
        "unknown STIX type x-mitre-matrix": 1,
    }


def test_stix_reader_quarantines_unknown_types_and_bad_ids_and_goes_on(
    shared_data: Path, tmp_path: Path
) -> None:
    bundle = json.loads((shared_data / OASIS).read_text(encoding="utf-8"))
    bundle["objects"][1:1] = [
        {"type": "x-foo", "id": "x-foo--1"},
        {"type": "campaign", "id": "threat-actor--1", "name": "mislabelled"},
        {"id": "campaign--2"},
    ]
    source = tmp_path / "bundle.json"
    source.write_text(json.dumps(bundle, indent=1), encoding="utf-8")
    rows = list(StixReader({}).rows(source))
    assert len(rows) == 29
    bad = [(r.position.row, r.reason) for r in rows if isinstance(r, BadRow)]
    assert bad == [
        (2, "unknown STIX type x-foo"),
        (3, "campaign object with a missing or malformed id"),
        (4, "a STIX object without a type"),
    ]
    (tmp_path / "plain.json").write_text('{"objects": []}', encoding="utf-8")
    with pytest.raises(LoadError, match="not a STIX bundle"):
        StixReader({}).columns(tmp_path / "plain.json")


def test_readers_are_registered() -> None:
    assert {"jsonl", "json", "stix"} <= set(READERS)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("USA", "US"),
        ("US", "US"),
        ("the UK", "GB"),
        ("Russian Federation", "RU"),
        ("Russia", "RU"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Korea (Democratic People's Republic of)", "KP"),
        ("Korea (Republic of)", "KR"),
        ("People's Republic of China", "CN"),
        ("Ivory Coast", "CI"),
        ("Turkey", "TR"),
        ("Kosovo", "XK"),
        ("de", "DE"),
        ("Niger", "NE"),
        ("West Papua", None),
        ("Middle East", None),
        ("Various", None),
        ("Lebonon", None),
    ],
)
def test_country_names_map_to_iso_codes_exactly(name: str, code: str | None) -> None:
    assert iso_country(name) == code


def test_country_key_is_the_code_or_the_lower_cased_name() -> None:
    assert country_key("Russian Federation") == country_key("Russia") == "RU"
    assert country_key(" Middle  East ") == "middle east"
    assert country_key("  ") is None
