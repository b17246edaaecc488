"""Settings, read once from `GP_*` environment variables with defaults that fit a 2-core machine."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The project checkout: definitions (ontology/, loaders/, queries/) live beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every tunable of the platform. Test-only settings are named `GP_TEST_*` and live in tests."""

    model_config = SettingsConfigDict(env_prefix="GP_", frozen=True)

    # Where definitions live (reviewed data, in the repository).
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    loaders_dir: Path = PROJECT_ROOT / "loaders"
    queries_dir: Path = PROJECT_ROOT / "queries"
    resolution_dir: Path = PROJECT_ROOT / "resolution"
    exports_dir: Path = PROJECT_ROOT / "exports"

    # Local, git-ignored state: Neo4j jars, store, logs, generated password, quarantine files.
    state_dir: Path = PROJECT_ROOT / ".graph_platform"

    # An external Neo4j (Docker, Aura, a neo4j:// cluster). When set, no local server is started.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"

    # The local Neo4j, fetched from Maven Central and run as a child process.
    neo4j_version: str = "5.26.30"
    neo4j_host: str = "127.0.0.1"
    neo4j_port: int = Field(default=7687, ge=1, le=65535)
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    neo4j_start_timeout: float = 120.0
    # The local server's directory (store, logs, neo4j.conf, generated password); default under
    # state_dir. The jar cache is shared by every local server of the same version.
    neo4j_home: Path | None = None

    # Loading and querying.
    batch_size: int = Field(default=1000, ge=1)
    # Concurrent transactions a batch's nodes are written in (see store/writer.py).
    node_transactions: int = Field(default=2, ge=1)
    query_timeout: float = 60.0
    # Notifications Neo4j sends with results ("property key does not exist" …): off by default,
    # since the driver logs each with the whole query text; WARNING or INFORMATION turn them on.
    neo4j_notifications: Literal["OFF", "WARNING", "INFORMATION"] = "OFF"
    # Nodes an export reads per page (one read transaction; their relationships follow in
    # chunks of at most 5,000, see export/scope_reader.py).
    export_page_size: int = Field(default=2000, ge=1)

    # Coordination runs on Spark (`coordination run --engine spark`): the master URL, e.g.
    # spark://host:7077 or yarn for a cluster; local[2] runs Spark inside this machine.
    spark_master: str = "local[2]"

    # The API server.
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    # Seconds a query of an API request may run in Neo4j before it is stopped.
    api_query_timeout: float = Field(default=15.0, gt=0)
    # Largest request body, and what one operation may ask for (checked before it runs).
    api_max_body_bytes: int = Field(default=262_144, ge=1_024)
    api_max_query_chars: int = Field(default=20_000, ge=100)
    api_max_depth: int = Field(default=15, ge=2)
    api_max_aliases: int = Field(default=30, ge=0)
    api_max_fields: int = Field(default=1_000, ge=1)
    api_max_cost: int = Field(default=50_000, ge=1)
    # Each key may spend this many cost units per window (a request costs 100 + its estimate);
    # and run this many requests at once (more wait their turn, other keys do not).
    api_budget: int = Field(default=300_000, ge=1)
    api_budget_window: float = Field(default=60.0, gt=0)
    api_key_concurrency: int = Field(default=4, ge=1)
    # Origins a browser may call the API from (CORS); none by default.
    api_cors_origins: list[str] = Field(default_factory=list)
    # Whether partner keys may introspect the schema.
    api_partner_introspection: bool = False

    # Access control. Sources without a TLP marking count as this one.
    unmarked_source: str = "RED"
    # How long verified keys and the Sources' markings are remembered (seconds).
    access_cache_seconds: float = Field(default=5.0, ge=0)
    # Bearer JWTs of an identity provider (all three set to accept them): issuer, audience and
    # the JWKS (a file path, or an https URL); the claims holding role and clearance.
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_jwks: str | None = None
    jwt_role_claim: str = "gp_role"
    jwt_clearance_claim: str = "gp_clearance"
    # The audit trail (JSON lines) and how much of each request's variables it keeps.
    audit_file: Path | None = None
    audit_variables: Literal["full", "redacted", "none"] = "redacted"

    @property
    def audit_path(self) -> Path:
        return self.audit_file or self.state_dir / "audit" / "api.jsonl"

    @property
    def quarantine_dir(self) -> Path:
        return self.state_dir / "quarantine"

    @property
    def local_neo4j_home(self) -> Path:
        return self.neo4j_home or self.state_dir / "neo4j"

    @property
    def jar_cache_dir(self) -> Path:
        return self.state_dir / "jars" / f"neo4j-{self.neo4j_version}"


@cache
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()
