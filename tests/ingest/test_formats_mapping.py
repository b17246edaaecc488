"""The mapping language for the real formats — `when`, `ref`, `id_type`, dotted paths, list
transforms, date formats — and the four format loaders mapped (not written) on the real files."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph_platform.errors import DefinitionError
from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers import SourceRow
from graph_platform.model import get_model, node_id
from graph_platform.settings import PROJECT_ROOT
from graph_platform.store.records import GraphBatch

LOADERS = PROJECT_ROOT / "loaders"
MODEL = get_model(PROJECT_ROOT / "ontology")
META = "operations/meta_cib_takedowns.csv"
OASIS = "stix/oasis_campaign_threat_actor_example.json"
DISARM = "stix/disarm_framework.json"


def _batch(mapping: Mapping, *paths: Path) -> GraphBatch:
    batch = GraphBatch()
    for path in paths:
        for row in mapping.reader.rows(path):
            if isinstance(row, SourceRow):
                staged = GraphBatch()
                try:
                    mapping.map_row(row, staged)
                except ValueError:
                    continue
                for node in staged.nodes.values():
                    batch.add_node(node)
                for edge in staged.edges.values():
                    batch.add_edge(edge)
    return batch


def _counts(batch: GraphBatch) -> tuple[Counter[str], Counter[str]]:
    return (
        Counter(n.type for n in batch.nodes.values()),
        Counter(e.label for e in batch.edges.values()),
    )


def _quarantine(directory: Path, loader: str, source: Path) -> list[dict[str, object]]:
    path = directory / loader / f"{source.name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _dry_run(loader: str, tmp_path: Path, *files: Path) -> LoadSummary:
    mapping = Mapping.load(loader, LOADERS, MODEL)
    return Loader(mapping, None, tmp_path, batch_size=50).load(files)


def test_meta_takedowns_map_every_row(shared_data: Path) -> None:
    mapping = Mapping.load("meta_cib_takedowns", LOADERS, MODEL)
    nodes, edges = _counts(_batch(mapping, shared_data / META))
    assert nodes == {
        "InfluenceOperation": 65,
        "Location": 91,
        "Organisation": 34,
        "Source": 32,
        "Platform": 2,
    }
    assert edges == {"TARGETS": 164, "ACTIVE_ON": 113, "ATTRIBUTED_TO": 109}


def test_meta_dates_parse_to_the_period_they_name(shared_data: Path) -> None:
    mapping = Mapping.load("meta_cib_takedowns", LOADERS, MODEL)
    batch = _batch(mapping, shared_data / META)
    operations = [n.props for n in batch.nodes.values() if n.type == "InfluenceOperation"]
    (israel,) = [p for p in operations if p["attributed_country"] == "Israel"]
    assert israel["first_activity"] == datetime(2012, 12, 1, tzinfo=UTC)  # "Dec-12"
    assert israel["last_activity"] == datetime(2019, 4, 30, 23, 59, 59, tzinfo=UTC)  # "Apr-19"
    assert israel["ad_spend_usd"] == 812000.0  # "812,000"
    # "2016" with no end date: the start of that year, and no last activity.
    (year_only,) = [
        p for p in operations if p.get("first_activity") == datetime(2016, 1, 1, tzinfo=UTC)
    ]
    assert "last_activity" not in year_only
    with_start = [p for p in operations if "first_activity" in p]
    assert len(with_start) == 22  # the rows with a start_date; 20 have an end_date
    assert sum(1 for p in operations if "last_activity" in p) == 20
    assert all(
        p["first_activity"] <= p.get("last_activity", p["first_activity"]) for p in with_start
    )


def test_meta_dates_that_fit_no_format_go_to_quarantine(shared_data: Path, tmp_path: Path) -> None:
    text = (shared_data / META).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    edits = [
        {"start_date": "Sept-19"},
        {"end_date": "14/05/2019"},
        {"announced_date": "2019-13-01"},
        {"fb_accounts": "about 40"},
    ]
    for row, edit in zip(rows, edits, strict=False):
        row.update(edit)
    source = tmp_path / "meta.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    summary = _dry_run("meta_cib_takedowns", tmp_path / "q", source)
    assert (summary.read, summary.loaded, summary.quarantined) == (65, 61, 4)
    reasons = {
        e["row"]: e["reason"] for e in _quarantine(tmp_path / "q", "meta_cib_takedowns", source)
    }
    operation = "entities.operation.properties"
    assert reasons == {
        1: f"{operation}.first_activity (column start_date): 'Sept-19' is not a date/time "
        "(expected %b-%y or %Y)",
        2: f"{operation}.last_activity (column end_date): '14/05/2019' is not a date/time "
        '(expected %b-%y or %Y); it would fit "%d/%m/%Y": give the value `format:` (one or a list)',
        3: "entities.announcement.properties.published_at (column announced_date): '2019-13-01' "
        "is not a date/time (expected %m/%d/%Y)",
        4: "relationships.3.properties.accounts (column fb_accounts): 'about 40' is not an integer",
    }


def test_stix_bundles_map_to_nodes_and_edges_between_them(
    shared_data: Path, tmp_path: Path
) -> None:
    mapping = Mapping.load("stix", LOADERS, MODEL)
    nodes, edges = _counts(_batch(mapping, shared_data / OASIS))
    assert nodes == {"Organisation": 4, "InfluenceOperation": 2, "Technique": 2, "Source": 1}
    assert edges == {"ATTRIBUTED_TO": 6, "USES_TECHNIQUE": 6, "TARGETS": 4}
    batch = _batch(mapping, shared_data / DISARM)
    nodes, edges = _counts(batch)
    assert nodes == {"Technique": 391, "Organisation": 1, "Source": 1}
    assert edges == {"SUBTECHNIQUE_OF": 288}
    ids = {n.id for n in batch.nodes.values()}
    assert all(e.source_id in ids and e.target_id in ids for e in batch.edges.values())
    techniques = {
        n.props["external_id"]: n.props for n in batch.nodes.values() if n.type == "Technique"
    }
    assert techniques["T0049"]["name"] == "Flood Information Space"
    assert techniques["T0049"]["tactics"] == ["maximise-exposure"]
    summary = _dry_run("stix", tmp_path, shared_data / DISARM)
    assert (summary.read, summary.loaded, summary.quarantined) == (698, 680, 18)


def test_stix_ids_are_the_same_whichever_row_computes_them() -> None:
    actor = "threat-actor--56f3f0db-b5d5-431c-ae56-c18f02caf500"
    # The actor's own row (Organisation) and a relationship's ref (LegalEntity) hash one id.
    assert node_id("LegalEntity", "stix", [actor]).startswith("legalentity:")
    mapping = Mapping.load("stix", LOADERS, MODEL)
    assert mapping.spec.entities["actor"].id_type == mapping.spec.entities["to_actor"].id_type


def test_ftm_maps_parties_addresses_and_payments(shared_data: Path) -> None:
    mapping = Mapping.load("ftm", LOADERS, MODEL)
    batch = _batch(mapping, shared_data / "ftm/donations.ijson")
    nodes, edges = _counts(batch)
    assert nodes == {"Payment": 290, "Location": 89, "Organisation": 73, "Person": 22, "Source": 1}
    assert edges == {"PAID": 290, "PAID_TO": 290, "FUNDS": 116, "LOCATED_AT": 103}
    ids = {n.id for n in batch.nodes.values()}
    assert all(e.source_id in ids and e.target_id in ids for e in batch.edges.values())
    kinds = Counter(n.props["kind"] for n in batch.nodes.values() if n.type == "Organisation")
    assert kinds == {"company": 56, "organization": 17}
    countries = Counter(c for n in batch.nodes.values() for c in n.props.get("country", []))
    assert set(countries) <= {"DE", "GB", "CY", "LU"}


def test_misp_actors_map_with_aliases_sponsors_and_victims(shared_data: Path) -> None:
    mapping = Mapping.load("misp_threat_actors", LOADERS, MODEL)
    batch = _batch(mapping, shared_data / "actors/misp_threat_actor_galaxy.json")
    nodes, edges = _counts(batch)
    assert nodes == {"Organisation": 1041, "Location": 118, "Source": 1}
    assert edges == {"TARGETS": 813, "ATTRIBUTED_TO": 91}
    actors = [n for n in batch.nodes.values() if n.type == "Organisation"]
    assert sum(len(a.props.get("aliases", [])) for a in actors) == 1403
    assert sum(1 for a in actors if a.props.get("aliases")) == 403
    assert sum(1 for a in actors if a.props.get("country")) == 476
    locations = {n.id: n.props for n in batch.nodes.values() if n.type == "Location"}
    sponsors = Counter(
        locations[e.target_id]["country_code"]
        for e in batch.edges.values()
        if e.label == "ATTRIBUTED_TO"
    )
    assert sponsors.most_common(3) == [("CN", 41), ("IR", 16), ("RU", 10)]


# --- the mapping language, on small in-memory inputs ---------------------------------------

BASE = """
description: test
source: {kind: jsonl}
provenance: src
entities:
  src:
    type: Source
    namespace: test
    keys: [_file]
    properties: {title: _file}
"""


def _mapping(tmp_path: Path, body: str) -> Mapping:
    (tmp_path / "m.yaml").write_text(BASE + body, encoding="utf-8")
    return Mapping.load("m", tmp_path, MODEL)


def _rows(tmp_path: Path, *objects: object) -> Path:
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    return source


def test_binding_reports_misused_refs_conditions_and_dates(tmp_path: Path) -> None:
    body = """
  abstract:
    type: LegalEntity
    namespace: t
    keys: [id]
  ref_with_props:
    type: Person
    ref: true
    namespace: t
    keys: [id]
    properties: {name: name}
  wrong_id_type:
    type: Person
    id_type: Organisation
    namespace: t
    keys: [id]
  item_without_each:
    type: Person
    namespace: t
    keys: [id]
    when: {item: true, equals: x}
    properties:
      birth_date: {column: born, end_of_period: true}
relationships:
  - {type: MemberOf, source: item_without_each, target: abstract, when: {item: true, present: true}}
"""
    with pytest.raises(DefinitionError) as caught:
        _mapping(tmp_path, body)
    found = {p.key: p.message for p in caught.value.problems}
    assert found == {
        "entities.abstract.type": (
            "unknown node type 'LegalEntity' (an abstract type only for a ref)"
        ),
        "entities.ref_with_props": "a ref entity writes no node: it takes no properties or seen",
        "entities.wrong_id_type.id_type": "id_type must be Person or a type it extends",
        "entities.item_without_each.when.0": "tests the list item, but there is no each",
        "entities.item_without_each.properties.birth_date.end_of_period": (
            "end_of_period needs a format"
        ),
        "relationships.0.target": "MEMBER_OF target must be Organisation, abstract is LegalEntity",
        "relationships.0.when.0": "a relationship's when tests the row, not items",
    }, str(caught.value)


def test_when_filters_rows_and_items_and_unmatched_rows_are_quarantined(tmp_path: Path) -> None:
    mapping = _mapping(
        tmp_path,
        """
  person:
    type: Person
    id_type: LegalEntity
    namespace: t
    when: {column: kind, in: [person, individual]}
    keys: [id]
    properties:
      name: name
      country: {column: countries, transform: [split, iso_country]}
  org:
    type: Organisation
    id_type: LegalEntity
    namespace: t
    when: [{column: kind, equals: org}, {column: name, present: true}]
    keys: [id]
    properties: {name: name, aliases: {column: tags, pattern: '^#(.+)'}}
  member_of:
    type: Organisation
    id_type: LegalEntity
    ref: true
    namespace: t
    each: member_of
    when: {item: true, not_in: [nobody]}
    keys: [{item: true}]
relationships:
  - {type: MemberOf, source: person, target: member_of, confidence: 0.5}
""",
    )
    source = _rows(
        tmp_path,
        {"id": "o1", "kind": "org", "name": "ACME", "tags": ["#acme", "plain", "#widgets"]},
        {
            "id": "p1",
            "kind": "individual",
            "name": "Ann",
            "countries": "Russia, the UK, Mars",
            "member_of": ["o1", "nobody"],
        },
        {"id": "o2", "kind": "org"},
        {"id": "t1", "kind": "tactic", "name": "Plan"},
    )
    summary = Loader(mapping, None, tmp_path / "q", 10).load([source])
    assert (summary.read, summary.loaded, summary.quarantined) == (4, 2, 2)
    reasons = [e["reason"] for e in _quarantine(tmp_path / "q", "m", source)]
    assert reasons == [
        "no entity or relationship of the mapping applies to this row (kind='org')",
        "no entity or relationship of the mapping applies to this row (kind='tactic', name='Plan')",
    ]
    batch = _batch(mapping, source)
    by_type = {n.type: n for n in batch.nodes.values()}
    assert by_type["Organisation"].props == {"name": "ACME", "aliases": ["acme", "widgets"]}
    assert by_type["Person"].props == {"name": "Ann", "country": ["RU", "GB"]}
    (edge,) = batch.edges.values()
    # The ref points at the node the organisation's own row wrote, though it knew no type.
    assert (edge.label, edge.target_id) == ("MEMBER_OF", by_type["Organisation"].id)
    assert by_type["Person"].id.startswith("legalentity:")


def test_an_object_is_refused_as_a_property_value(tmp_path: Path) -> None:
    mapping = _mapping(
        tmp_path,
        """
  person:
    type: Person
    namespace: t
    keys: [id]
    properties: {name: meta}
""",
    )
    source = _rows(tmp_path, {"id": "p1", "meta": {"first": "Ann"}})
    summary = Loader(mapping, None, tmp_path / "q", 10).load([source])
    assert summary.quarantined == 1
    (entry,) = _quarantine(tmp_path / "q", "m", source)
    assert entry["reason"] == (
        "entities.person.properties.name (column meta): a JSON object where a value is expected"
    )
