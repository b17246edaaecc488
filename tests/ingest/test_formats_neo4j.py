"""The format loaders on the real files in the real Neo4j: exact counts by label and type,
provenance on every node and edge, quarantine contents, and reloads that change nothing.

Batches are small (50 rows) so edges whose ends an earlier batch wrote are exercised: the
writer links only nodes that exist, so the edge counts below prove every ref found its node.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph_platform.ingest.loader import Loader, LoadSummary
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.graph_stats import graph_stats
from graph_platform.store.writer import GraphWriter

META = "operations/meta_cib_takedowns.csv"
OASIS = "stix/oasis_campaign_threat_actor_example.json"
DISARM = "stix/disarm_framework.json"
FTM = "ftm/donations.ijson"
MISP = "actors/misp_threat_actor_galaxy.json"

#: (loader, file) → (read, loaded, quarantined), nodes by label, relationships by type.
EXPECTED: dict[tuple[str, str], tuple[tuple[int, int, int], dict[str, int], dict[str, int]]] = {
    ("meta_cib_takedowns", META): (
        (65, 65, 0),
        {
            "Entity": 224,
            "Location": 91,
            "InfluenceOperation": 65,
            "LegalEntity": 34,
            "Organisation": 34,
            "Source": 32,
            "Platform": 2,
        },
        {"TARGETS": 164, "ACTIVE_ON": 113, "ATTRIBUTED_TO": 109},
    ),
    ("stix", OASIS): (
        (26, 25, 1),
        {
            "Entity": 9,
            "LegalEntity": 4,
            "Organisation": 4,
            "InfluenceOperation": 2,
            "Technique": 2,
            "Source": 1,
        },
        {"ATTRIBUTED_TO": 6, "USES_TECHNIQUE": 6, "TARGETS": 4},
    ),
    ("stix", DISARM): (
        (698, 680, 18),
        {"Entity": 393, "Technique": 391, "LegalEntity": 1, "Organisation": 1, "Source": 1},
        {"SUBTECHNIQUE_OF": 288},
    ),
    ("ftm", FTM): (
        (474, 474, 0),
        {
            "Entity": 475,
            "Payment": 290,
            "LegalEntity": 95,
            "Location": 89,
            "Organisation": 73,
            "Person": 22,
            "Source": 1,
        },
        {"PAID": 290, "PAID_TO": 290, "FUNDS": 116, "LOCATED_AT": 103},
    ),
    ("misp_threat_actors", MISP): (
        (1041, 1041, 0),
        {"Entity": 1160, "LegalEntity": 1041, "Organisation": 1041, "Location": 118, "Source": 1},
        {"TARGETS": 813, "ATTRIBUTED_TO": 91},
    ),
}


def _query(driver: neo4j.Driver, settings: Settings, cypher: str, **params: Any) -> list[Any]:
    records, _, _ = driver.execute_query(cypher, params, database_=settings.neo4j_database)
    return [dict(r) for r in records]


def _quarantine(directory: Path, loader: str, source: Path) -> list[dict[str, Any]]:
    path = directory / loader / f"{source.name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _assert_provenance(driver: neo4j.Driver, settings: Settings) -> None:
    """Every node and edge names at least one source, and every name is a Source node."""
    (bare,) = _query(
        driver,
        settings,
        "RETURN COUNT { MATCH (n) WHERE size(coalesce(n.sources, [])) = 0 "
        "OR n.loaded_at IS NULL } AS nodes, "
        "COUNT { MATCH ()-[r]->() WHERE size(coalesce(r.sources, [])) = 0 "
        "OR r.confidence IS NULL } AS edges",
    )
    assert bare == {"nodes": 0, "edges": 0}
    (refs,) = _query(
        driver,
        settings,
        "CALL () { MATCH (n) UNWIND n.sources AS sid RETURN sid "
        "UNION ALL MATCH ()-[r]->() UNWIND r.sources AS sid RETURN sid } "
        "OPTIONAL MATCH (s:Source {id: sid}) RETURN count(*) AS refs, count(s) AS resolved",
    )
    assert refs["refs"] == refs["resolved"] > 0


@pytest.mark.parametrize(("loader", "file"), list(EXPECTED), ids=lambda v: str(v))
def test_real_file_loads_with_exact_counts_and_provenance(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    loader: str,
    file: str,
    load_files: Callable[..., LoadSummary],
) -> None:
    reconcile, nodes, edges = EXPECTED[(loader, file)]
    summary = load_files(tmp_path, loader, shared_data / file)
    assert (summary.read, summary.loaded, summary.quarantined) == reconcile
    stats = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert stats["nodes"] == nodes
    assert stats["relationships"] == edges
    assert summary.written.nodes_created == nodes["Entity"]
    assert summary.written.relationships_created == sum(edges.values())
    _assert_provenance(empty_graph, settings)


def test_stix_quarantine_names_what_is_not_mapped(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    load_files(tmp_path, "stix", shared_data / OASIS, shared_data / DISARM)
    (impersonates,) = _quarantine(tmp_path, "stix", shared_data / OASIS)
    assert impersonates["row"] == 21
    assert impersonates["reason"].startswith(
        "no entity or relationship of the mapping applies to this row "
        "(relationship_type='impersonates', type='relationship', "
    )
    assert '"relationship--a97b3ea5-4ca1-46a0-a7ad-f10143ce22b2"' in impersonates["raw"]
    reasons = Counter(e["reason"] for e in _quarantine(tmp_path, "stix", shared_data / DISARM))
    prefix = "no entity or relationship of the mapping applies to this row"
    assert reasons == {
        f"{prefix} (type='x-mitre-tactic')": 16,
        f"{prefix} (type='marking-definition')": 1,
        f"{prefix} (type='x-mitre-matrix')": 1,
    }


def _split_oasis(shared_data: Path, directory: Path) -> tuple[Path, Path]:
    """The OASIS bundle as two files: its objects, and its relationships with an unknown type."""
    bundle = json.loads((shared_data / OASIS).read_text(encoding="utf-8"))
    objects = [o for o in bundle["objects"] if o["type"] != "relationship"]
    links = [o for o in bundle["objects"] if o["type"] == "relationship"]
    links.insert(3, {"type": "x-foo", "id": "x-foo--1", "name": "not STIX"})
    (directory / "objects.json").write_text(
        json.dumps({"type": "bundle", "id": bundle["id"], "objects": objects}), encoding="utf-8"
    )
    (directory / "links.json").write_text(
        json.dumps({"type": "bundle", "id": "bundle--links", "objects": links}), encoding="utf-8"
    )
    return directory / "objects.json", directory / "links.json"


def test_stix_relationships_find_objects_of_another_file_and_unknown_types_wait(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    objects, links = _split_oasis(shared_data, tmp_path)
    first = load_files(tmp_path / "q", "stix", objects)
    second = load_files(tmp_path / "q", "stix", links)
    assert (first.read, first.loaded, second.read, second.loaded) == (8, 8, 19, 17)
    stats = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert stats["relationships"] == {"ATTRIBUTED_TO": 6, "USES_TECHNIQUE": 6, "TARGETS": 4}
    reasons = [e["reason"] for e in _quarantine(tmp_path / "q", "stix", links)]
    assert reasons[0] == "unknown STIX type x-foo"
    rows = _query(
        empty_graph,
        settings,
        "MATCH (c:InfluenceOperation {name: 'Operation Bran Flakes'})-[a:ATTRIBUTED_TO]->(x) "
        "MATCH (s:Source) WHERE s.id IN a.sources "
        "RETURN x.name AS actor, x.kind AS kind, a.confidence AS confidence, s.title AS source "
        "ORDER BY actor",
    )
    assert rows == [
        {"actor": "APT BPP", "kind": "intrusion-set", "confidence": 0.7,
         "source": "STIX bundle links.json"},
        {"actor": "Fake BPP (Branistan Peoples Party)", "kind": "threat-actor",
         "confidence": 0.7, "source": "STIX bundle links.json"},
    ]  # fmt: skip
    chain = _query(
        empty_graph,
        settings,
        "MATCH (:Organisation {name: 'APT BPP'})-[:ATTRIBUTED_TO]->(:Organisation)"
        "-[:ATTRIBUTED_TO]->(behind:Organisation) RETURN behind.name AS name",
    )
    assert chain == [{"name": "Franistan Intelligence"}]


def test_relationships_loaded_before_their_objects_are_quarantined_until_loaded_again(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    """No edge is dropped silently: a row whose relationship ends at a node the graph does not
    have goes to quarantine whole, naming the ends; once the objects are loaded, loading the
    relationships again writes them all and leaves only the rows no mapping applies to."""
    objects, links = _split_oasis(shared_data, tmp_path)
    early = load_files(tmp_path / "q", "stix", links)
    assert (early.read, early.loaded, early.quarantined) == (19, 0, 19)
    assert (
        graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)[
            "relationships"
        ]
        == {}
    )
    entries = _quarantine(tmp_path / "q", "stix", links)
    waiting = [e for e in entries if e["reason"].startswith("relationship to a node")]
    assert len(waiting) == 17  # 17 rows of 16 distinct edges (one is stated twice)
    attributed = next(e for e in waiting if '"attributed-to"' in e["raw"])
    assert "ATTRIBUTED_TO " in attributed["reason"] and " -> " in attributed["reason"]
    assert json.loads(attributed["raw"])["type"] == "relationship"
    load_files(tmp_path / "q", "stix", objects)
    again = load_files(tmp_path / "q", "stix", links)
    assert (again.read, again.loaded, again.quarantined) == (19, 17, 2)
    stats = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert stats["relationships"] == {"ATTRIBUTED_TO": 6, "USES_TECHNIQUE": 6, "TARGETS": 4}
    assert [e["reason"].split(" (")[0] for e in _quarantine(tmp_path / "q", "stix", links)] == [
        "unknown STIX type x-foo",
        "no entity or relationship of the mapping applies to this row",
    ]


TECHNIQUE_TREE = """\
description: Techniques and their parents, a CSV row each.
source: {kind: csv}
provenance: export
entities:
  export: {type: Source, namespace: tree, keys: [_file], properties: {title: {literal: Tree}}}
  technique:
    type: Technique
    namespace: tree
    keys: [code]
    properties: {name: name, external_id: code}
  parent: {type: Technique, ref: true, optional: true, namespace: tree, keys: [parent]}
relationships:
  - {type: SubtechniqueOf, source: technique, target: parent}
"""


def _tree(
    driver: neo4j.Driver, settings: Settings, tmp_path: Path, rows: list[str], **loader: Any
) -> tuple[Loader, Path]:
    """A loader of TECHNIQUE_TREE (a YAML mapping written here) and a CSV of `rows`."""
    loaders = tmp_path / "loaders"
    loaders.mkdir(exist_ok=True)
    (loaders / "technique_tree.yaml").write_text(TECHNIQUE_TREE, encoding="utf-8")
    data = tmp_path / "tree.csv"
    data.write_text("code,name,parent\n" + "\n".join(rows) + "\n", encoding="utf-8")
    model = get_model(settings.ontology_dir)
    mapping = Mapping.load("technique_tree", loaders, model)
    writer = loader.pop("writer", None) or GraphWriter(
        driver, model, Runtime(settings).queries, settings.neo4j_database
    )
    return Loader(mapping, writer, tmp_path / "q", **loader), data


def _parents(driver: neo4j.Driver, settings: Settings) -> dict[str, str | None]:
    rows = _query(
        driver,
        settings,
        "MATCH (t:Technique) OPTIONAL MATCH (t)-[:SUBTECHNIQUE_OF]->(p) "
        "RETURN t.external_id AS code, p.external_id AS parent",
    )
    return {row["code"]: row["parent"] for row in rows}


def test_rows_waiting_for_ends_join_in_any_order_and_dependents_of_a_missing_end_wait_out(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    """In one batch: F's parent D comes after it and D's parent E after that (both join); A's
    parent is nowhere, so A is quarantined, and B, whose parent only A makes, with it."""
    rows = ["F,Child of D,D", "D,Child of E,E", "E,Root,", "A,Orphan,ZZZ", "B,Child of A,A"]
    loader, data = _tree(empty_graph, settings, tmp_path, rows, batch_size=100)
    summary = loader.load([data])
    assert (summary.read, summary.loaded, summary.quarantined) == (5, 3, 2)
    assert _parents(empty_graph, settings) == {"D": "E", "E": None, "F": "D"}
    waited_out = _quarantine(tmp_path / "q", "technique_tree", data)
    assert [(e["row"], e["raw"]) for e in waited_out] == [(4, rows[3] + "\n"), (5, rows[4] + "\n")]
    assert all(e["reason"].count("SUBTECHNIQUE_OF technique:") == 1 for e in waited_out)
    assert all("neither made by this file nor in the graph" in e["reason"] for e in waited_out)


def test_rows_wait_across_batches_for_parents_later_in_the_file(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    """Batches of two rows: F and G wait through two commits for D, D for E; all join once E is
    written, and only A, whose parent the file never makes, is quarantined at the end."""
    rows = ["F,Child of D,D", "G,Child of F,F", "X,Root,", "D,Child of E,E", "A,Orphan,ZZZ"]
    loader, data = _tree(empty_graph, settings, tmp_path, [*rows, "E,Root,"], batch_size=2)
    summary = loader.load([data])
    assert (summary.read, summary.loaded, summary.quarantined) == (6, 5, 1)
    assert _parents(empty_graph, settings) == {
        "D": "E",
        "E": None,
        "F": "D",
        "G": "F",
        "X": None,
    }
    assert [e["row"] for e in _quarantine(tmp_path / "q", "technique_tree", data)] == [5]


def test_rows_wait_at_most_the_limit_oldest_quarantined_first(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One row a batch and a limit of two batches: when C starts to wait, A has waited longest
    and is quarantined, naming the limit; B and C join when their parent Z comes."""
    monkeypatch.setattr("graph_platform.ingest.loader.WAITING_BATCHES", 2)
    rows = ["A,Child of Z,Z", "B,Child of Z,Z", "C,Child of Z,Z", "Z,Root,"]
    loader, data = _tree(empty_graph, settings, tmp_path, rows, batch_size=1)
    summary = loader.load([data])
    assert (summary.read, summary.loaded, summary.quarantined) == (4, 3, 1)
    assert _parents(empty_graph, settings) == {"B": "Z", "C": "Z", "Z": None}
    (dropped,) = _quarantine(tmp_path / "q", "technique_tree", data)
    assert dropped["row"] == 1
    assert (
        "still missing when over 2 rows waited (the limit), and not in the graph"
        in dropped["reason"]
    )


class _FailingWriter(GraphWriter):
    """Fails its `fail_on`-th write, as a load killed at that batch would stop."""

    def __init__(self, *args: Any, fail_on: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.writes, self.fail_on = 0, fail_on

    def write(self, *args: Any, **kwargs: Any) -> Any:
        self.writes += 1
        if self.writes == self.fail_on:
            raise RuntimeError("interrupted")
        return super().write(*args, **kwargs)


def test_interrupted_load_resumes_rows_that_were_waiting(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    """F waits for D; the load stops while writing D's batch, after the checkpoint listed F as
    waiting. The resumed load reads F again, and D joins it: nothing lost or counted twice."""
    model = get_model(settings.ontology_dir)
    failing = _FailingWriter(
        empty_graph, model, Runtime(settings).queries, settings.neo4j_database, fail_on=2
    )
    checkpoints = tmp_path / "checkpoints"
    rows = ["F,Child of D,D", "G,Root,", "D,Root,"]
    first, data = _tree(
        empty_graph,
        settings,
        tmp_path,
        rows,
        batch_size=1,
        writer=failing,
        checkpoint_dir=checkpoints,
    )
    with pytest.raises(RuntimeError, match="interrupted"):
        first.load([data])
    saved = json.loads((checkpoints / "technique_tree" / "tree.csv.json").read_text())
    assert (saved["rows"], saved["loaded"], saved["waiting"]) == (2, 1, [1])
    assert _parents(empty_graph, settings) == {"G": None}

    writer = GraphWriter(empty_graph, model, Runtime(settings).queries, settings.neo4j_database)
    second = Loader(first.mapping, writer, tmp_path / "q", batch_size=1, checkpoint_dir=checkpoints)
    summary = second.load([data])
    assert (summary.read, summary.loaded, summary.quarantined) == (3, 3, 0)
    assert summary.files[0].resumed_from == 2
    assert _parents(empty_graph, settings) == {"D": None, "F": "D", "G": None}
    assert not (checkpoints / "technique_tree" / "tree.csv.json").exists()


def test_disarm_techniques_keep_ids_tactics_and_hierarchy(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    load_files(tmp_path, "stix", shared_data / DISARM)
    rows = _query(
        empty_graph,
        settings,
        "MATCH (sub:Technique)-[:SUBTECHNIQUE_OF]->(parent:Technique {external_id: 'T0049'}) "
        "RETURN parent.name AS parent, parent.tactics AS tactics, "
        "collect(sub.external_id) AS subs",
    )
    assert len(rows) == 1
    assert rows[0]["parent"] == "Flood Information Space"
    assert rows[0]["tactics"] == ["maximise-exposure"]
    assert all(s.startswith("T0049.") for s in rows[0]["subs"]) and len(rows[0]["subs"]) == 8
    (misfit,) = _query(
        empty_graph,
        settings,
        "MATCH (s:Technique)-[:SUBTECHNIQUE_OF]->(p:Technique) "
        "WHERE NOT s.external_id STARTS WITH p.external_id + '.' RETURN count(*) AS n",
    )
    assert misfit == {"n": 0}


def test_ftm_payments_keep_amounts_and_funds_edges_span_them(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    source = tmp_path / "donations.ijson"
    text = (shared_data / FTM).read_text(encoding="utf-8")
    source.write_text('{"id": "broken"\n' + text + "not json at all\n", encoding="utf-8")
    summary = load_files(tmp_path / "q", "ftm", source)
    assert (summary.read, summary.loaded, summary.quarantined) == (476, 474, 2)
    bad = [(e["line"], e["reason"]) for e in _quarantine(tmp_path / "q", "ftm", source)]
    assert bad == [
        (1, "not JSON (Expecting ',' delimiter at column 16)"),
        (476, "not JSON (Expecting value at column 1)"),
    ]
    (totals,) = _query(
        empty_graph,
        settings,
        "MATCH (payer)-[:PAID]->(p:Payment)-[:PAID_TO]->(party) "
        "RETURN count(p) AS payments, round(sum(p.amount_eur), 2) AS eur, "
        "count(DISTINCT [payer, party]) AS pairs",
    )
    assert totals == {"payments": 290, "eur": round(_ftm_total(shared_data / FTM), 2), "pairs": 116}
    (span,) = _query(
        empty_graph,
        settings,
        "MATCH (payer)-[f:FUNDS]->(party) "
        "MATCH (payer)-[:PAID]->(p:Payment)-[:PAID_TO]->(party) "
        "WITH f, min(p.date) AS first, max(p.date) AS last, count(p) AS n "
        "RETURN count(f) AS edges, max(n) AS most, "
        "sum(CASE WHEN date(f.first_seen) = first AND date(f.last_seen) = last "
        "THEN 1 ELSE 0 END) AS exact",
    )
    assert span == {"edges": 116, "most": 10, "exact": 116}
    (person,) = _query(
        empty_graph,
        settings,
        "MATCH (p:Person {name: 'Frau Lina Dachner'})-[:LOCATED_AT]->(a:Location) "
        "MATCH (p)-[:FUNDS]->(party:Organisation) "
        "RETURN p.country AS country, a.name AS address, a.country_code AS code, "
        "party.name AS party",
    )
    assert person == {
        "country": ["DE"],
        "address": "Schillerstraße 19, 76135 Karlsruhe",
        "code": "DE",
        "party": "MLPD",
    }


def _ftm_total(path: Path) -> float:
    total = 0.0
    for line in path.read_text(encoding="utf-8").splitlines():
        entity = json.loads(line)
        if entity["schema"] == "Payment":
            total += float(entity["properties"]["amountEur"][0])
    return total


def test_meta_takedown_attribution_targets_and_platform_counts(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    load_files(tmp_path, "meta_cib_takedowns", shared_data / META)
    (epoch,) = _query(
        empty_graph,
        settings,
        "MATCH (o:InfluenceOperation) WHERE o.affiliation STARTS WITH 'Epoch Media Group' "
        "MATCH (src:Source) WHERE src.id IN o.sources "
        "RETURN o.attributed_country AS origin, o.ad_spend_usd AS spend, src.url AS url, "
        "toString(src.published_at) AS published, "
        "COLLECT { MATCH (o)-[a:ATTRIBUTED_TO]->(x) RETURN [x.name, a.confidence] "
        "ORDER BY x.name } AS attributed, "
        "COLLECT { MATCH (o)-[:TARGETS]->(t) RETURN t.country_code ORDER BY t.country_code } "
        "AS targets, "
        "COLLECT { MATCH (o)-[r:ACTIVE_ON]->(p) RETURN [p.name, r.accounts, r.followers] "
        "ORDER BY p.name } AS platforms",
    )
    assert epoch == {
        "origin": "Vietnam, USA",
        "spend": 9500000.0,
        "url": "https://about.fb.com/news/2019/12/"
        "removing-coordinated-inauthentic-behavior-from-georgia-vietnam-and-the-us/",
        "published": "2019-12-20T00:00:00Z",
        "attributed": [
            ["Epoch Media Group, a US-based media organization", 0.6],
            ["USA", 0.9],
            ["Vietnam", 0.9],
        ],
        "targets": ["US", "VN"],
        "platforms": [["facebook", 610, 55000000], ["instagram", 72, 92000]],
    }
    # "USA", "US" and "the UK" / "UK" are one Location each, keyed by ISO code.
    (usa,) = _query(
        empty_graph,
        settings,
        "MATCH (l:Location {country_code: 'US'}) "
        "RETURN count(l) AS nodes, COUNT { (l)<-[:TARGETS]-() } AS targeted_by",
    )
    assert usa == {"nodes": 1, "targeted_by": 14}
    (none,) = _query(
        empty_graph,
        settings,
        "MATCH (l:Location) WHERE toLower(l.name) IN ['various', 'unidentified'] "
        "RETURN count(l) AS n",
    )
    assert none == {"n": 0}


def test_misp_actor_aliases_and_suspected_sponsor(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    load_files(tmp_path, "misp_threat_actors", shared_data / MISP)
    rows = _query(
        empty_graph,
        settings,
        "MATCH (a:Organisation) WHERE 'Spamouflage Dragon' IN a.aliases OR a.name = 'APT28' "
        "OPTIONAL MATCH (a)-[s:ATTRIBUTED_TO]->(state:Location) "
        "RETURN a.name AS name, a.country AS country, state.country_code AS sponsor, "
        "s.confidence AS confidence ORDER BY name",
    )
    assert rows == [
        {"name": "APT28", "country": ["RU"], "sponsor": "RU", "confidence": 0.5},
        {"name": "Dragonbridge", "country": ["CN"], "sponsor": None, "confidence": None},
    ]
    (china,) = _query(
        empty_graph,
        settings,
        "MATCH (c:Location {country_code: 'CN'}) "
        "RETURN count(c) AS nodes, COUNT { (c)<-[:ATTRIBUTED_TO]-() } AS sponsored",
    )
    assert china == {"nodes": 1, "sponsored": 41}  # 'China' ×40 + "People's Republic of China"


#: Country Locations that both the Meta and the MISP loader write (keyed by ISO code).
SHARED_COUNTRIES = 69


def test_loading_every_real_file_twice_changes_nothing(
    empty_graph: neo4j.Driver,
    settings: Settings,
    shared_data: Path,
    tmp_path: Path,
    load_files: Callable[..., LoadSummary],
) -> None:
    def load_all() -> list[LoadSummary]:
        return [load_files(tmp_path, loader, shared_data / file) for loader, file in EXPECTED]

    first = load_all()
    stats = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    nodes = sum((Counter(n) for _, n, _ in EXPECTED.values()), Counter())
    nodes.subtract({"Entity": SHARED_COUNTRIES, "Location": SHARED_COUNTRIES})
    assert stats["nodes"] == dict(nodes)
    edges = sum((Counter(e) for _, _, e in EXPECTED.values()), Counter())
    assert stats["relationships"] == dict(edges)
    again = load_all()
    assert graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database) == stats
    assert sum(s.written.nodes_created + s.written.relationships_created for s in again) == 0
    assert [(s.read, s.loaded, s.quarantined) for s in again] == [
        (s.read, s.loaded, s.quarantined) for s in first
    ]
    _assert_provenance(empty_graph, settings)
    # Meta's "Russia" and MISP's "Russian Federation" are one node that both sources assert.
    (russia,) = _query(
        empty_graph,
        settings,
        "MATCH (l:Location {country_code: 'RU'}) "
        "RETURN count(l) AS nodes, COLLECT { MATCH (s:Source) WHERE s.id IN l.sources "
        "RETURN s.publisher ORDER BY s.publisher } AS publishers",
    )
    assert russia["nodes"] == 1
    assert set(russia["publishers"]) == {"Meta (Facebook newsroom)", "MISP Project"}
