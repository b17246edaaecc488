"""Neo4j constraints and indexes derived from the ontology's property types, applied idempotently.

Derivation (after yente, which generates its index mapping from the model):
- uniqueness of `id` on the Entity label (every node carries it);
- a range index for each single-valued `identifier` property, on the label of the type declaring it;
- a composite range index for each `lookups:` entry of a type (e.g. Account platform + handle_key);
- the uniqueness of an API key's id (`GpApiKey`, the platform's own records, not the ontology's);
- one full-text index over every `name` and `text` property of every label, eventually
  consistent: Lucene is updated just after a commit instead of inside it, which keeps bulk loads
  fast; a search can lag a load by moments (`CALL db.awaitEventuallyConsistentIndexRefresh()`
  waits for it).
Everything this module manages is named `gp_…`; indexes made by hand are left alone. An item
whose labels, properties or consistency differ from the derived one is dropped and made again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

import neo4j

from graph_platform.model import NODE_ROOT, Model, PropertyType

PREFIX = "gp_"
FULLTEXT_INDEX = f"{PREFIX}entity_text"
#: The label of the platform's API keys: not an Entity, so no read of the graph sees them.
API_KEY_LABEL = "GpApiKey"


@dataclass(frozen=True)
class SchemaItem:
    """One constraint or index: its name, kind, what it covers and (full-text) whether it is
    updated after commits instead of inside them."""

    name: str
    kind: str  # "unique" | "range" | "fulltext"
    labels: tuple[str, ...]
    properties: tuple[str, ...]
    eventually_consistent: bool = False

    @property
    def create(self) -> LiteralString:
        """The DDL statement; identifiers come from the validated ontology only."""
        props = ", ".join(f"n.`{p}`" for p in self.properties)
        if self.kind == "unique":
            text = (
                f"CREATE CONSTRAINT `{self.name}` IF NOT EXISTS "
                f"FOR (n:`{self.labels[0]}`) REQUIRE ({props}) IS UNIQUE"
            )
        elif self.kind == "range":
            text = (
                f"CREATE INDEX `{self.name}` IF NOT EXISTS FOR (n:`{self.labels[0]}`) ON ({props})"
            )
        else:
            labels = "|".join(f"`{label}`" for label in self.labels)
            consistency = "true" if self.eventually_consistent else "false"
            text = (
                f"CREATE FULLTEXT INDEX `{self.name}` IF NOT EXISTS "
                f"FOR (n:{labels}) ON EACH [{props}] "
                f"OPTIONS {{indexConfig: {{`fulltext.eventually_consistent`: {consistency}}}}}"
            )
        return text

    @property
    def drop(self) -> LiteralString:
        word = "CONSTRAINT" if self.kind == "unique" else "INDEX"
        return f"DROP {word} `{self.name}` IF EXISTS"


def derive_schema(model: Model) -> list[SchemaItem]:
    """Every constraint and index the ontology calls for, in a stable order."""
    items = [
        SchemaItem(f"{PREFIX}entity_id", "unique", (NODE_ROOT,), ("id",)),
        SchemaItem(f"{PREFIX}apikey_key_id", "unique", (API_KEY_LABEL,), ("key_id",)),
    ]
    text_labels: set[str] = set()
    text_props: set[str] = set()
    for node_type in sorted(model.node_types.values(), key=lambda t: t.name):
        for prop in node_type.properties.values():
            if prop.owner != node_type.name:
                continue
            if prop.type is PropertyType.IDENTIFIER and not prop.multiple and prop.name != "id":
                name = f"{PREFIX}{node_type.name.lower()}_{prop.name}"
                items.append(SchemaItem(name, "range", (node_type.name,), (prop.name,)))
            if prop.type in (PropertyType.NAME, PropertyType.TEXT):
                text_labels.add(node_type.name)
                text_props.add(prop.name)
        for lookup in node_type.lookups:
            name = f"{PREFIX}{node_type.name.lower()}_{'_'.join(lookup)}"
            items.append(SchemaItem(name, "range", (node_type.name,), lookup))
    if text_labels:
        items.append(
            SchemaItem(
                FULLTEXT_INDEX,
                "fulltext",
                tuple(sorted(text_labels)),
                tuple(sorted(text_props)),
                eventually_consistent=True,
            )
        )
    return items


@dataclass(frozen=True)
class SchemaReport:
    created: list[str]
    unchanged: list[str]
    dropped: list[str]


def _existing(session: neo4j.Session) -> dict[str, SchemaItem]:
    """The `gp_` constraints and indexes the database has now, as SchemaItems."""
    found: dict[str, SchemaItem] = {}
    result = session.run(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, owningConstraint, options "
        "RETURN name, type, labelsOrTypes, properties, owningConstraint, options"
    )
    for record in result:
        if not record["name"].startswith(PREFIX) or record["type"] == "LOOKUP":
            continue
        kind = (
            "unique"
            if record["owningConstraint"]
            else "fulltext"
            if record["type"] == "FULLTEXT"
            else "range"
        )
        name = record["owningConstraint"] or record["name"]
        labels = tuple(record["labelsOrTypes"])
        eventually_consistent = False
        if kind == "fulltext":
            labels = tuple(sorted(labels))
            config = (record["options"] or {}).get("indexConfig") or {}
            eventually_consistent = config.get("fulltext.eventually_consistent") in (True, "true")
        found[name] = SchemaItem(
            name, kind, labels, tuple(record["properties"]), eventually_consistent
        )
    return found


def apply_schema(
    driver: neo4j.Driver, model: Model, database: str, timeout_seconds: int = 300
) -> SchemaReport:
    """Bring the database's `gp_` schema in line with the ontology and wait until it is online."""
    wanted = derive_schema(model)
    report = SchemaReport([], [], [])
    with driver.session(database=database) as session:
        existing = _existing(session)
        for name, item in existing.items():
            if item not in wanted:
                session.run(item.drop).consume()
                report.dropped.append(name)
        for item in wanted:
            if existing.get(item.name) == item:
                report.unchanged.append(item.name)
            else:
                session.run(item.create).consume()
                report.created.append(item.name)
        session.run("CALL db.awaitIndexes($timeout)", timeout=timeout_seconds).consume()
    return report


def schema_state(driver: neo4j.Driver, model: Model, database: str) -> list[tuple[SchemaItem, str]]:
    """Each derived item with its state in the database: online, missing or different."""
    with driver.session(database=database) as session:
        existing = _existing(session)
    states = []
    for item in derive_schema(model):
        current = existing.get(item.name)
        state = "missing" if current is None else "present" if current == item else "different"
        states.append((item, state))
    return states
