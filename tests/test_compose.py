"""docker-compose.yml and the Dockerfile, checked as files (no Docker engine is needed)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from graph_platform.settings import PROJECT_ROOT, Settings

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load(COMPOSE.read_text())
    assert set(compose["services"]) == {"neo4j", "api"}
    assert "neo4j-data" in compose["volumes"]
    found: dict[str, Any] = compose["services"]
    return found


def dockerfile_instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = (line.strip() for line in joined.splitlines())
    return [
        (word.upper(), rest.strip())
        for word, _, rest in (ln.partition(" ") for ln in lines if ln and not ln.startswith("#"))
    ]


def test_neo4j_image_matches_the_local_server_version(services: dict[str, Any]) -> None:
    default_version = str(Settings.model_fields["neo4j_version"].default)
    major_minor = ".".join(default_version.split(".")[:2])

    assert services["neo4j"]["image"] == f"neo4j:{major_minor}-community"


def test_neo4j_has_a_healthcheck_the_api_waits_for(services: dict[str, Any]) -> None:
    check = services["neo4j"]["healthcheck"]
    command = " ".join(check["test"]) if isinstance(check["test"], list) else check["test"]

    assert "cypher-shell" in command or ("wget" in command and ":7474" in command)
    assert check["retries"] >= 10
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_the_store_is_a_named_volume(services: dict[str, Any]) -> None:
    assert "neo4j-data:/data" in services["neo4j"]["volumes"]


@pytest.mark.parametrize("service", ["neo4j", "api"])
def test_ports_are_bound_to_localhost(services: dict[str, Any], service: str) -> None:
    ports = services[service]["ports"]

    assert ports
    for port in ports:
        host, _, _ = str(port).partition(":")
        assert host == "127.0.0.1", f"{service} publishes {port} beyond localhost"


def test_no_secret_in_the_compose_file(services: dict[str, Any]) -> None:
    auth = services["neo4j"]["environment"]["NEO4J_AUTH"]
    password = services["api"]["environment"]["GP_NEO4J_PASSWORD"]

    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]*\}", auth)
    assert re.fullmatch(r"\$\{NEO4J_PASSWORD:\?[^}]*\}", password)


def test_api_uses_the_neo4j_service(services: dict[str, Any]) -> None:
    api = services["api"]

    assert api["build"]["dockerfile"] == "Dockerfile"
    assert api["environment"]["GP_NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["environment"]["GP_API_HOST"] == "0.0.0.0"
    assert api["ports"] == ["127.0.0.1:8000:8000"]


def test_dockerfile_builds_python_311_and_serves_the_api() -> None:
    instructions = dockerfile_instructions()

    assert instructions[0] == ("FROM", "python:3.11-slim")
    assert ("RUN", "pip install .") in instructions
    assert instructions[-1] == ("CMD", '["graph-platform", "serve"]')


def test_dockerfile_copies_files_that_exist() -> None:
    sources = [
        path
        for word, rest in dockerfile_instructions()
        if word == "COPY"
        for path in rest.split()[:-1]
    ]

    assert "graph_platform" in sources and "ontology" in sources and "queries" in sources
    for source in sources:
        assert (PROJECT_ROOT / source).exists(), f"Dockerfile copies missing {source}"
