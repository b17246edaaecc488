"""The README's example mapping, copied as a user would, loads a CSV nobody wrote a loader for."""

from __future__ import annotations

import re
from pathlib import Path

import neo4j

from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.runtime import Runtime
from graph_platform.settings import PROJECT_ROOT, Settings
from graph_platform.store.graph_stats import graph_stats
from graph_platform.store.writer import GraphWriter

CSV = """channel_id,channel,title,message_id,date,text,views,link
1001,@RussiaTodayAlt,RT Alt,17,2022-03-01 10:00,Breaking: see the truth,1200,https://t.me/x/17
1001,@RussiaTodayAlt,RT Alt,18,2022-03-01 10:05,More news,900,
1002,MirrorChannel,Mirror,5,2022-03-01 10:06,Breaking: see the truth,15,https://t.me/x/17
1002,MirrorChannel,Mirror,6,not a date,Broken row,1,
"""


def _example() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- mapping-example -->\n```yaml\n(.*?)```", readme, re.DOTALL)
    assert found, "README lost its mapping example"
    return found.group(1)


def test_readme_mapping_loads_an_unseen_csv(
    empty_graph: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    loaders = tmp_path / "loaders"
    loaders.mkdir()
    (loaders / "telegram_posts.yaml").write_text(_example(), encoding="utf-8")
    data = tmp_path / "channels.csv"
    data.write_text(CSV, encoding="utf-8")
    model = get_model(settings.ontology_dir)
    mapping = Mapping.load("telegram_posts", loaders, model)
    writer = GraphWriter(empty_graph, model, Runtime(settings).queries, settings.neo4j_database)
    summary = Loader(mapping, writer, tmp_path / "q", 100).load([data])
    assert (summary.read, summary.loaded, summary.quarantined) == (4, 3, 1)
    reason = (tmp_path / "q/telegram_posts/channels.csv.jsonl").read_text()
    assert "'not a date' is not a date/time" in reason
    stats = graph_stats(empty_graph, Runtime(settings).queries, settings.neo4j_database)
    assert stats["nodes"] == {"Entity": 7, "Post": 3, "Account": 2, "Url": 1, "Source": 1}
    assert stats["relationships"] == {"POSTED": 3, "LINKS_TO": 2}
    records, _, _ = empty_graph.execute_query(
        "MATCH (a:Account {platform: 'telegram', handle_key: 'russiatodayalt'})-[:POSTED]->(p) "
        "RETURN count(p) AS posts, a.first_seen < a.last_seen AS span",
        database_=settings.neo4j_database,
    )
    assert dict(records[0]) == {"posts": 2, "span": True}
