from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from graph_platform.model import get_model
from graph_platform.settings import Settings
from graph_platform.store.schema import apply_schema


@pytest.fixture
def empty_graph(driver: neo4j.Driver, settings: Settings) -> Iterator[neo4j.Driver]:
    """The test database wiped, with the ontology's schema applied."""
    with driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
    apply_schema(driver, get_model(settings.ontology_dir), settings.neo4j_database)
    yield driver
