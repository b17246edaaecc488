"""Test session fixtures: one real Neo4j for the whole session, wiped between tests.

The server is the project's own local Neo4j (fetched from Maven Central on first use) on a test
port and home, unless GP_NEO4J_URI points at another server. An unreachable server fails the
tests; nothing here skips.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph_platform.settings import PROJECT_ROOT, Settings

SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


def _test_settings() -> Settings:
    overrides: dict[str, object] = {}
    if not os.environ.get("GP_NEO4J_URI"):
        overrides["neo4j_port"] = int(os.environ.get("GP_TEST_NEO4J_PORT", "7688"))
        overrides["neo4j_home"] = PROJECT_ROOT / ".graph_platform" / "test-neo4j"
    return Settings(**overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _test_settings()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED_DATA.is_dir(), f"shared data not found at {SHARED_DATA}"
    return SHARED_DATA
