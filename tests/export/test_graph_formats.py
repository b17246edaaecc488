"""GraphML, GEXF and CSV exports: read back by networkx and csv with the scope's counts, every
property and provenance kept, and written as a stream."""

from __future__ import annotations

import csv
import json
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import neo4j
import networkx as nx
import pytest
from export_support import Load, MakeExporter, scalar
from lxml import etree

from graph_platform.export import OperationScope, WholeGraph
from graph_platform.export.graphml import GraphmlWriter
from graph_platform.export.mapping import FormatMapping
from graph_platform.export.records import ExportItem, ExportNode, Provenance
from graph_platform.model import Model
from graph_platform.settings import Settings

TWEETS = "twitter_io/russia_201901_1_tweets_sample.csv"
#: The operation's scope, computed here independently of the export's paged queries.
SCOPE_COUNTS = """
MATCH (op:InfluenceOperation {id: $id})
CALL (op) {
  RETURN op AS n
  UNION MATCH (op)-->(n) RETURN n
  UNION MATCH (n:Account)-[:PART_OF]->(op) RETURN n
  UNION MATCH (n:Post)<-[:POSTED]-(:Account)-[:PART_OF]->(op) RETURN n
  UNION MATCH (n:Source) WHERE n.id IN op.sources OR EXISTS { (op)-[r]-() WHERE n.id IN r.sources }
        RETURN n
}
WITH collect(DISTINCT n) AS members
RETURN size(members) AS nodes, COUNT { UNWIND members AS a MATCH (a)-[]->(b) WHERE b IN members }
  AS edges, [m IN members | [l IN labels(m) WHERE NOT l IN ['Entity', 'LegalEntity']][0]] AS types
"""


@pytest.fixture
def operation(load: Load, empty_graph: neo4j.Driver, settings: Settings, shared_data: Path) -> str:
    """The tweets sample (its release is an operation) beside another operation's data."""
    load("twitter_io_tweets", shared_data / TWEETS)
    load("meta_cib_takedowns", shared_data / "operations/meta_cib_takedowns.csv")
    return str(
        scalar(
            empty_graph,
            settings,
            "MATCH (o:InfluenceOperation {release_id: 'russia_201901_1'}) RETURN o.id",
        )
    )


def _scope_counts(
    driver: neo4j.Driver, settings: Settings, operation: str
) -> tuple[int, int, Counter[str]]:
    records, _, _ = driver.execute_query(
        SCOPE_COUNTS, id=operation, database_=settings.neo4j_database
    )
    return records[0]["nodes"], records[0]["edges"], Counter(records[0]["types"])


@pytest.mark.parametrize("format_name", ["graphml", "gexf"])
def test_operation_reads_back_in_networkx_with_the_scope_counts_and_provenance(
    operation: str,
    make_exporter: MakeExporter,
    empty_graph: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    format_name: str,
) -> None:
    nodes, edges, types = _scope_counts(empty_graph, settings, operation)
    assert types["Account"] > 50 and types["Post"] > 300 and types["InfluenceOperation"] == 1
    target = tmp_path / f"op.{format_name}"
    counts = make_exporter().to_path(format_name, OperationScope(operation), target)
    assert (counts.nodes, counts.edges) == (nodes, edges)
    graph = nx.read_graphml(target) if format_name == "graphml" else nx.read_gexf(target)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges)
    assert Counter(data["type"] for _, data in graph.nodes(data=True)) == types
    account = next(data for _, data in graph.nodes(data=True) if data["type"] == "Account")
    (source,) = json.loads(account["sources"])
    assert json.loads(account["origins"])[0].startswith(f"{source} @ russia_201901_1_tweets")
    assert datetime.fromisoformat(account["first_seen"]).year in range(2009, 2020)
    part_of = [d for _, _, d in graph.edges(data=True) if d["type"] == "PartOf"]
    assert len(part_of) == types["Account"] and all(d["confidence"] > 0 for d in part_of)
    if format_name == "gexf":  # the seen range is the element's time span (Gephi's slider)
        root = etree.parse(str(target)).getroot()
        ns = {"g": "http://gexf.net/1.3"}
        spans = root.findall(".//g:nodes/g:node[@start]", ns)
        assert len(spans) == sum(1 for _, d in graph.nodes(data=True) if d.get("first_seen"))
        assert root.find("g:graph", ns).get("mode") == "dynamic"


def test_whole_graph_csv_has_one_table_per_type_with_every_row(
    operation: str,
    make_exporter: MakeExporter,
    empty_graph: neo4j.Driver,
    settings: Settings,
    model: Model,
    tmp_path: Path,
) -> None:
    counts = make_exporter().to_path("csv", WholeGraph(), tmp_path / "tables")
    labels = {
        r["label"]: r["count"]
        for r in empty_graph.execute_query(
            "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count",
            database_=settings.neo4j_database,
        ).records
    }
    types = {
        r["type"]: r["count"]
        for r in empty_graph.execute_query(
            "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count",
            database_=settings.neo4j_database,
        ).records
    }
    tables = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert "Account.nodes.csv" in tables and "PartOf.edges.csv" in tables
    rows = {}
    for path in (tmp_path / "tables").iterdir():
        with path.open(encoding="utf-8", newline="") as handle:
            rows[path.name] = list(csv.DictReader(handle))
    for name, table in rows.items():
        type_name, kind, _ = name.split(".")
        expected = labels[type_name] if kind == "nodes" else types[model.edge(type_name).label]
        assert len(table) == expected, name
    assert counts.nodes == labels["Entity"] and counts.edges == sum(types.values())
    account = next(row for row in rows["Account.nodes.csv"] if row["First Seen"])
    assert list(account)[:3] == ["Entity ID", "Entity Type", "Label"]
    assert {"Display Name", "Followers", "Sources", "Origins", "First Seen"} <= set(account)
    assert datetime.strptime(account["First Seen"], "%Y-%m-%d %H:%M:%S").year > 2000
    part_of = rows["PartOf.edges.csv"][0]
    assert list(part_of)[:5] == [
        "Link Type",
        "From Entity ID",
        "From Entity Type",
        "To Entity ID",
        "To Entity Type",
    ]
    assert part_of["Link Type"] == "PART_OF" and float(part_of["Confidence"]) > 0
    make_exporter().to_path("csv", WholeGraph(), tmp_path / "tables.zip")
    with zipfile.ZipFile(tmp_path / "tables.zip") as archive:
        assert sorted(archive.namelist()) == tables
        with archive.open("Account.nodes.csv") as member:
            assert member.read() == (tmp_path / "tables/Account.nodes.csv").read_bytes()


def test_writers_stream_their_output_while_items_come(mappings: dict[str, FormatMapping]) -> None:
    """The first chunk leaves before the last item is read: nothing waits for the whole scope."""
    read = 0

    def items() -> Iterator[ExportItem]:
        nonlocal read
        for number in range(100_000):
            read += 1
            yield ExportNode(
                f"hashtag:{number:08d}",
                "Hashtag",
                {"name": f"tag{number}"},
                Provenance(["source:x"], [], datetime(2020, 1, 1, tzinfo=UTC)),
            )

    chunks = GraphmlWriter(mappings["graphml"]).chunks(items(), {})
    first = next(chunks)
    assert first.startswith(b"<?xml") and 0 < read < 100_000
    rest = b"".join(chunks)
    assert read == 100_000 and rest.endswith(b"</graphml>\n")
