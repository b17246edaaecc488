"""The mapping language says what a source says: dates in the source's formats, per-row types
and confidences through maps, sentinels per column, `each:` with a declared separator — and an
unknown name is answered with the valid ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_platform.errors import DefinitionError
from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.ingest.readers import SourceRow
from graph_platform.model import get_model
from graph_platform.settings import PROJECT_ROOT
from graph_platform.store.records import GraphBatch

MODEL = get_model(PROJECT_ROOT / "ontology")
HEAD = """\
description: A tracker-like table.
source:
  kind: csv
  options: {OPTIONS}
provenance: report
entities:
  report:
    type: Source
    namespace: report
    keys: [url]
    properties:
      title: url
  operation:
    type: InfluenceOperation
    namespace: case
    keys: [case]
{SEEN}    properties:
      name: case
"""
CSV = """\
case,url,actor,kind,attribution,methods,date
Op A,https://example.org/a,Russia,state,Direct Attribution,"Sockpuppets, Botnets",11/7/2018
Op B,https://example.org/b,Unspecified,unspecified,Proxy,Sockpuppets,10/1/17
Op C,https://example.org/c,Yevgeny Prigozhin,person,Rumour,,12/31/2019
"""


def _mapping(tmp_path: Path, body: str, options: str = "{}", seen: str = "") -> Mapping:
    """The tracker mapping: HEAD (with `options` and the operation's `seen` line), then `body`."""
    loaders = tmp_path / "loaders"
    loaders.mkdir(exist_ok=True)
    head = HEAD.replace("{OPTIONS}", options).replace("{SEEN}", seen)
    (loaders / "tracker.yaml").write_text(head + body, "utf-8")
    return Mapping.load("tracker", loaders, MODEL)


def _problems(tmp_path: Path, body: str, options: str = "{}") -> dict[str, str]:
    with pytest.raises(DefinitionError) as caught:
        _mapping(tmp_path, body, options)
    return {p.key: f"{p.message} | {p.suggestion}" for p in caught.value.problems}


def _load(tmp_path: Path, mapping: Mapping) -> tuple[LoadSummary, dict[int, str]]:
    data = tmp_path / "tracker.csv"
    data.write_text(CSV, encoding="utf-8")
    summary = Loader(mapping, None, tmp_path / "q", 10).load([data])
    path = tmp_path / "q/tracker/tracker.csv.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return summary, {json.loads(x)["row"]: json.loads(x)["reason"] for x in lines}


def _batch(tmp_path: Path, mapping: Mapping) -> GraphBatch:
    data = tmp_path / "tracker.csv"
    data.write_text(CSV, encoding="utf-8")
    batch = GraphBatch()
    for row in mapping.reader.rows(data):
        assert isinstance(row, SourceRow)
        mapping.map_row(row, batch)
    return batch


def test_a_date_without_format_names_key_column_and_the_formats_it_fits(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path, "", seen="    seen: date\n")
    summary, reasons = _load(tmp_path, mapping)
    assert (summary.read, summary.loaded, summary.quarantined) == (3, 0, 3)
    assert reasons[1] == (
        "entities.operation.seen (column date): '11/7/2018' is not a date/time (expected an "
        'ISO date such as 2018-11-07 or 2018-11-07 14:30); it would fit "%m/%d/%Y" or '
        '"%d/%m/%Y": give the value `format:` (one or a list)'
    )
    assert '"%m/%d/%y" or "%d/%m/%y"' in reasons[2]  # a two-digit year
    (group,) = summary.files[0].reasons.top()  # one cause, one group, whatever the values
    assert (group.count, group.where) == (3, "tracker.csv row 1 (line 2)")
    assert group.group == (
        "entities.operation.seen (column date): '…' is not a date/time (expected an ISO date "
        "such as 2018-11-07 or 2018-11-07 14:30); it would fit '…': give the value `format:` "
        "(one or a list)"
    )


def test_dates_take_several_formats_two_digit_years_included(tmp_path: Path) -> None:
    seen = '    seen: {column: date, format: ["%m/%d/%Y", "%m/%d/%y"]}\n'
    batch = _batch(tmp_path, _mapping(tmp_path, "", seen=seen))
    seen_at = {
        n.props["name"]: n.first_seen.isoformat() if n.first_seen else None
        for n in batch.nodes.values()
        if n.type == "InfluenceOperation"
    }
    assert seen_at == {
        "Op A": "2018-11-07T00:00:00+00:00",
        "Op B": "2017-10-01T00:00:00+00:00",
        "Op C": "2019-12-31T00:00:00+00:00",
    }


ACTOR = """\
  actor:
    type: {column: kind, map: {state: Location, person: Person}}
    namespace: {column: kind, map: {state: country}, default: tracker}
    keys: [{column: actor, transform: country_key}]
    optional: true
    properties:
      name: actor
relationships:
  - type: AttributedTo
    source: operation
    target: actor
    confidence: {column: attribution, map: {Direct Attribution: 0.9, Proxy: 0.6}, default: 0.3}
"""


def test_type_namespace_and_confidence_per_row_and_column_sentinels(tmp_path: Path) -> None:
    options = "{column_nulls: {actor: [unspecified]}}"
    batch = _batch(tmp_path, _mapping(tmp_path, ACTOR, options))
    actors = {
        n.props["name"]: n.type for n in batch.nodes.values() if n.type in ("Location", "Person")
    }
    assert actors == {"Russia": "Location", "Yevgeny Prigozhin": "Person"}  # no "Unspecified"
    confidence = {
        batch.nodes[e.target_id].props["name"]: e.confidence for e in batch.edges.values()
    }
    assert confidence == {"Russia": 0.9, "Yevgeny Prigozhin": 0.3}  # "Rumour": the default


def test_a_word_the_map_lacks_without_a_default_is_quarantined_with_the_maps_words(
    tmp_path: Path,
) -> None:
    body = ACTOR.replace(", default: 0.3}", "}")
    options = "{column_nulls: {actor: [unspecified]}}"
    summary, reasons = _load(tmp_path, _mapping(tmp_path, body, options))
    assert (summary.loaded, summary.quarantined) == (2, 1)
    assert reasons[3] == (
        "relationships.0.confidence (column attribution): 'Rumour' is not in the map (its "
        "words: 'Direct Attribution', 'Proxy') and there is no default"
    )


EACH = """\
  method:
    type: Technique
    namespace: method
    each: {EACH}
    keys: [{item: true, transform: lower}]
    properties:
      name: {item: true}
"""


def test_each_over_a_plain_cell_needs_its_separator(tmp_path: Path) -> None:
    problems = _problems(tmp_path, EACH.replace("{EACH}", "methods"))
    assert problems["entities.method.each"].startswith(
        "column 'methods' is a plain text cell: each would make one item of it, however many "
        'it lists | declare its separator (each: {column: methods, split: ","})'
    )
    batch = _batch(
        tmp_path, _mapping(tmp_path, EACH.replace("{EACH}", '{column: methods, split: ","}'))
    )
    methods = sorted(n.props["name"] for n in batch.nodes.values() if n.type == "Technique")
    assert methods == ["Botnets", "Sockpuppets"]  # "Sockpuppets, Botnets" is two


TYPOS = """\
  actor:
    type: {column: kind, map: {state: Country, person: Person}}
    namespace: actors
    keys: [{column: actor, transform: country_code}]
    PROPERTIES
relationships:
  - {type: AttributedTo, source: operation, target: actor,
     confidence: {column: attribution, map: {Direct Attribution: 1.5}}}
"""


def test_unknown_names_are_answered_with_the_valid_ones(tmp_path: Path) -> None:
    misspelt_key = TYPOS.replace("PROPERTIES", "propertie: {name: actor}")
    problems = _problems(tmp_path, misspelt_key, "{nul_values: ['']}")
    assert problems["entities.actor.propertie"].endswith(
        "| did you mean 'properties'? valid: each, fallback, id_type, keys, namespace, "
        "optional, properties, ref, seen, type, when"
    )
    unknown_names = TYPOS.replace("PROPERTIES", "properties: {name: actor, nam: actor}")
    problems = _problems(tmp_path, unknown_names, "{nul_values: ['']}")
    transform = problems["entities.actor.keys.0.transform"]
    assert transform.startswith("unknown transform 'country_code' | did you mean 'country_key'?")
    assert "iso_country" in transform and "handle_key" in transform  # the valid names
    assert problems["entities.actor.type"].startswith("unknown node type 'Country' |")
    assert "valid: Account, " in problems["entities.actor.type"]  # every concrete type, sorted
    assert ", Organisation, Payment, Person, " in problems["entities.actor.type"]
    assert problems["source.options"].startswith(
        "unknown option(s) ['nul_values'] of reader csv; valid: column_nulls, delimiter, "
        "encoding, list_columns, null_values"
    )
    assert problems["relationships.0.confidence"] == (
        "'Direct Attribution' maps to 1.5, not a confidence between 0 and 1 | "
    )
    # Of the types the map names, those that exist (Country does not) must have the property.
    assert problems["entities.actor.properties.nam"].startswith(
        "Person has no property 'nam' | did you mean 'name'? valid: aliases, birth_date"
    )


def test_a_map_value_must_read_as_the_propertys_type(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """\
  account:
    type: Account
    namespace: t
    keys: [actor]
    properties:
      platform: {literal: x}
      followers: {column: kind, map: {state: many, person: 1}}
""",
    )
    assert problems["entities.account.properties.followers.map"].startswith(
        "'state' maps to 'many': 'many' is not an integer"
    )
