"""The named-query registry: loading and checking query files, running them on real Neo4j."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph_platform.errors import DefinitionError, QueryError
from graph_platform.model import get_model
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.queries import QueryRegistry, parameters_used

FIXTURES = Path(__file__).with_name("query_fixtures")
QUERIES = PROJECT_ROOT / "queries"


@pytest.fixture(scope="module")
def registry() -> QueryRegistry:
    return QueryRegistry.load(QUERIES, default_timeout=30.0)


def test_the_project_queries_load_with_their_headers(registry: QueryRegistry) -> None:
    assert {
        "account.by_id",
        "account.by_handle",
        "attribution.for_account",
        "entity.by_id",
        "graph.stats_nodes",
        "graph.stats_relationships",
        "health.ping",
        "operation.by_id",
    } <= set(registry.names)
    files = list(QUERIES.rglob("*.cypher"))
    fragments = list((QUERIES / "fragments").glob("*.cypher"))
    assert fragments and len(registry.names) == len(files) - len(fragments)
    assert registry.get("account.by_handle").params == ("platform", "handle")
    assert registry.get("graph.stats_nodes").params == ()
    for name in registry.names:
        assert registry.get(name).description.startswith("Returns"), name


def test_query_is_tagged_with_its_name_and_timeout(registry: QueryRegistry) -> None:
    query = registry.query("attribution.for_account")
    assert query.metadata == {"query": "attribution.for_account"}
    assert query.timeout == 30.0
    assert query.text == registry.get("attribution.for_account").text
    assert "MATCH (account:Entity {id: $account_id})" in query.text
    assert registry.query("health.ping", timeout=2.5).timeout == 2.5


def test_parameters_in_comments_and_strings_do_not_count() -> None:
    good = QueryRegistry.load(FIXTURES / "good")
    assert good.names == ("account.by_handle", "graph.node_count")
    text = good.get("account.by_handle").text
    assert parameters_used(text) == {"platform", "handle"}
    assert parameters_used("RETURN $a, $`b c`, '$d', \"$e\", `$f` // $g\n/* $h */") == {"a", "b c"}


def test_a_bad_query_directory_lists_every_problem() -> None:
    with pytest.raises(DefinitionError) as raised:
        QueryRegistry.load(FIXTURES / "bad")

    found = {(Path(p.file).name, p.key, p.message, p.suggestion) for p in raised.value.problems}
    assert found == {
        (
            "Bad-Name.cypher",
            "-",
            "folder and file names must be lower_snake_case",
            "rename it",
        ),
        (
            "no_header.cypher",
            "header",
            "no header comment saying what the query returns",
            "start with '// Returns …'",
        ),
        (
            "no_header.cypher",
            "// params",
            "the header needs exactly one params line",
            "add '// params: a, b' (or '// params:' for none) to the header",
        ),
        (
            "typo.cypher",
            "$acount_id",
            "is used in the query but not declared in '// params:'",
            "did you mean $account_id?",
        ),
        ("typo.cypher", "$account_id", "is declared in '// params:' but never used", "remove it"),
        (
            "undeclared.cypher",
            "$limit",
            "is used in the query but not declared in '// params:'",
            "add limit to the params line",
        ),
        ("unused.cypher", "$limit", "is declared in '// params:' but never used", "remove it"),
    }
    by_file = {Path(p.file).name: p for p in raised.value.problems}
    assert by_file["typo.cypher"].type == "nested.typo"
    assert "7 problem(s)" in str(raised.value)


def test_a_missing_directory_is_a_definition_error(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="no such directory"):
        QueryRegistry.load(tmp_path / "absent")
    with pytest.raises(DefinitionError, match=r"no \*\.cypher query files"):
        QueryRegistry.load(tmp_path)


def test_an_unknown_name_suggests_the_closest(registry: QueryRegistry) -> None:
    with pytest.raises(QueryError, match=r"did you mean 'attribution\.for_account'"):
        registry.query("attribution.for_acount")
    with pytest.raises(QueryError, match=r"unknown query 'nothing\.like_it'$"):
        registry.get("nothing.like_it")


def test_wrong_parameters_are_refused_before_reaching_neo4j(
    registry: QueryRegistry, driver: neo4j.Driver, settings: Settings
) -> None:
    with pytest.raises(QueryError, match=r"missing handle \(it takes: platform, handle\)"):
        registry.read(driver, settings.neo4j_database, "account.by_handle", platform="twitter")
    with pytest.raises(QueryError, match="unknown limit"):
        registry.read(driver, settings.neo4j_database, "account.by_id", id="a", limit=3)
    with (
        driver.session(database=settings.neo4j_database) as session,
        pytest.raises(QueryError, match="missing id"),
    ):
        registry.run(session, "account.by_id")


def test_runs_in_sessions_transactions_and_through_the_driver(
    registry: QueryRegistry, driver: neo4j.Driver, settings: Settings
) -> None:
    database = settings.neo4j_database
    assert [r["ok"] for r in registry.read(driver, database, "health.ping")] == [1]
    with driver.session(database=database) as session:
        assert [r["ok"] for r in registry.run(session, "health.ping")] == [1]
        in_transaction = session.execute_read(lambda tx: registry.run(tx, "health.ping"))
        assert [r["ok"] for r in in_transaction] == [1]


@pytest.mark.parametrize("name", QueryRegistry.load(QUERIES).names)
def test_every_query_is_valid_cypher_on_the_real_neo4j(
    registry: QueryRegistry, explain_flags: Callable[[str, dict[str, Any]], list[str]], name: str
) -> None:
    """EXPLAIN plans without running; deprecated or slow constructs fail the test. A template is
    planned filled with every relationship type of the ontology (`rel_type`), and with 3 for a
    numeric slot (`k`, `max_hops`)."""
    query = registry.get(name)
    if not query.slots:
        assert explain_flags(query.text, dict.fromkeys(query.params, None)) == []
        return
    numbers = {slot: "3" for slot in query.slots if slot != "rel_type"}
    labels = [e.label for e in get_model(PROJECT_ROOT / "ontology").concrete_edges()]
    for label in labels if "rel_type" in query.slots else [None]:
        filled = registry.filled(name, **numbers, **({"rel_type": label} if label else {}))
        assert "{{" not in filled.text
        assert explain_flags(filled.text, dict.fromkeys(filled.params, None)) == [], label


TEMPLATE = """// Returns nothing: a template to test slots with.
// slots: rel_type
// params: a, b
MATCH (a:Entity {id: $a}), (b:Entity {id: $b}) MERGE (a)-[:`{{rel_type}}`]->(b)
"""


def test_a_template_is_filled_with_identifiers_only(tmp_path: Path) -> None:
    (tmp_path / "link.cypher").write_text(TEMPLATE, encoding="utf-8")
    registry = QueryRegistry.load(tmp_path)

    filled = registry.filled("link", rel_type="PART_OF")

    assert filled.name == "link[rel_type=PART_OF]" and filled.slots == ()
    assert "MERGE (a)-[:`PART_OF`]->(b)" in filled.text
    assert filled.params == ("a", "b") and registry.filled("link", rel_type="PART_OF") is filled
    assert registry.query(filled).metadata == {"query": "link[rel_type=PART_OF]"}
    with pytest.raises(QueryError, match="is not an identifier"):
        registry.filled("link", rel_type="X`]->(b) DETACH DELETE b //")
    with pytest.raises(QueryError, match="has slots rel_type"):
        registry.filled("link", label="PART_OF")
    with pytest.raises(QueryError, match="must be filled before it runs"):
        registry.query("link")


def test_template_slots_are_declared_and_used(tmp_path: Path) -> None:
    (tmp_path / "undeclared.cypher").write_text(
        TEMPLATE.replace("// slots: rel_type\n", ""), encoding="utf-8"
    )
    (tmp_path / "unused.cypher").write_text(
        TEMPLATE.replace("// slots: rel_type", "// slots: rel_type, label"), encoding="utf-8"
    )
    with pytest.raises(DefinitionError) as raised:
        QueryRegistry.load(tmp_path)

    found = {(Path(p.file).name, p.key, p.message) for p in raised.value.problems}
    assert found == {
        ("undeclared.cypher", "{{rel_type}}", "is used but not declared in '// slots:'"),
        ("unused.cypher", "{{label}}", "is declared in '// slots:' but never used"),
    }


VISIBLE = """// Expands to a predicate: the node is asserted by a source the caller may see.
// arguments: node
// params: visible
any(source IN {{node}}.sources WHERE source IN $visible)
"""


def test_a_fragment_is_written_once_and_expanded_where_it_is_called(tmp_path: Path) -> None:
    (tmp_path / "fragments").mkdir()
    (tmp_path / "fragments" / "visible.cypher").write_text(VISIBLE, encoding="utf-8")
    (tmp_path / "account.cypher").write_text(
        "// Returns the account if visible.\n// params: id, visible\n"
        "MATCH (account:Entity {id: $id}) WHERE {{visible(account)}} RETURN account\n",
        encoding="utf-8",
    )
    registry = QueryRegistry.load(tmp_path)

    assert registry.names == ("account",)  # fragments are not queries
    assert registry.get("account").text.endswith(
        "WHERE any(source IN account.sources WHERE source IN $visible) RETURN account\n"
    )


def test_fragment_problems_are_reported_with_the_query(tmp_path: Path) -> None:
    (tmp_path / "fragments").mkdir()
    (tmp_path / "fragments" / "visible.cypher").write_text(VISIBLE, encoding="utf-8")
    (tmp_path / "fragments" / "loop.cypher").write_text(
        "// Expands to itself.\n// arguments: n\n// params:\n{{loop({{n}})}}\n", encoding="utf-8"
    )
    (tmp_path / "undeclared.cypher").write_text(
        "// Returns the account.\n// params: id\n"
        "MATCH (a:Entity {id: $id}) WHERE {{visible(a)}} RETURN a\n",
        encoding="utf-8",
    )
    (tmp_path / "typo.cypher").write_text(
        "// Returns the account.\n// params: id, visible\n"
        "MATCH (a:Entity {id: $id}) WHERE {{visibel(a)}} RETURN a\n",
        encoding="utf-8",
    )
    (tmp_path / "cycle.cypher").write_text(
        "// Returns nothing.\n// params:\nMATCH (a) WHERE {{loop(a)}} RETURN a\n", encoding="utf-8"
    )
    with pytest.raises(DefinitionError) as raised:
        QueryRegistry.load(tmp_path)

    found = {(Path(p.file).name, p.key, p.message, p.suggestion) for p in raised.value.problems}
    assert (
        "undeclared.cypher",
        "$visible",
        "is used in the query but not declared in '// params:'",
        "add visible to the params line",
    ) in found
    assert ("typo.cypher", "{{visibel(…)}}", "no such fragment", "did you mean 'visible'?") in found
    assert (
        "typo.cypher",
        "$visible",
        "is declared in '// params:' but never used",
        "remove it",
    ) in (found)


def test_explain_flags_sees_what_a_slow_query_does(
    explain_flags: Callable[[str, dict[str, Any]], list[str]],
) -> None:
    """The check above can fail: a cartesian product is flagged."""
    flags = explain_flags("MATCH (a:Entity), (b:Entity) RETURN a, b", {})
    assert any("cartesian product" in flag.lower() for flag in flags), flags


def test_dynamic_types_and_labels_are_not_parameters() -> None:
    text = "MATCH (n:$all($labels))<-[r:$any ($types)]-(m:$($label)) RETURN $anything"
    assert parameters_used(text) == {"labels", "types", "label", "anything"}
