"""The graph side of entity resolution: read records and decisions, write a Resolution.

A Resolution is written as hypotheses beside the source records, which are never changed:
- each cluster becomes a `ResolvedEntity` whose id is derived from its sorted member ids, linked
  from every member by RESOLVED_TO with the score and explanation of the member's strongest link;
- every scored pair (cluster links and borderline review pairs) becomes one SAME_AS edge;
- elements of an earlier run of the same kind that the new Resolution lacks are removed, so a
  re-run with the same result changes nothing and a different result replaces the machine's
  hypotheses; analysts' ResolutionDecision nodes are never touched.
Decisions are read back as the engine's `Decision`s, so a rejected pair is never merged again;
a Resolution that would merge one anyway is refused.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import neo4j
import neo4j.time

from graph_platform.errors import ResolutionConflict
from graph_platform.model import node_id
from graph_platform.resolve.resolution import (
    Cluster,
    Decision,
    FieldValue,
    Kind,
    Record,
    Resolution,
    ScoredPair,
)
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.records import MANAGED_PROPERTIES

RUN_NAMESPACE = "entity_resolution"
PUBLISHER = "graph_platform entity resolution"


def canonical_id(kind: str, members: Sequence[str]) -> str:
    """The canonical entity's id: derived from its kind and sorted member ids (deterministic)."""
    return node_id("ResolvedEntity", RUN_NAMESPACE, [kind, *sorted(members)])


def run_source_id(kind: str) -> str:
    """Id of the Source node that every hypothesis of a kind's resolution runs cites."""
    return node_id("Source", RUN_NAMESPACE, [kind])


def _field(value: Any) -> FieldValue:
    if isinstance(value, list):
        return [str(_field(item)) for item in value]
    if isinstance(value, neo4j.time.DateTime | neo4j.time.Date):
        return value.iso_format()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return None if value is None else str(value)


def to_record(kind: Kind, record_id: str, props: Mapping[str, Any]) -> Record:
    """A node's properties as an engine Record: every non-bookkeeping property, as text."""
    fields = {key: _field(value) for key, value in props.items() if key not in MANAGED_PROPERTIES}
    return Record(record_id, kind, fields)


def expand_decisions(rows: Sequence[Mapping[str, Any]]) -> list[Decision]:
    """Decision rows (oldest first) as pair Decisions: pairs across parts are rejected, pairs in
    one part of a confirm are confirmed; for each pair the latest decision holds."""
    latest: dict[frozenset[str], Decision] = {}
    for row in rows:
        members: list[str] = list(row["members"] or [])
        parts: list[int] = list(row["parts"] or [])
        confirm = row["verdict"] == "confirm"
        for i, left in enumerate(members):
            for j in range(i + 1, len(members)):
                right, same = members[j], parts[i] == parts[j]
                if same and not confirm:
                    continue  # an unmerge keeps the records of one part together
                latest[frozenset((left, right))] = Decision(
                    left, right, "confirm" if same else "reject"
                )
    return list(latest.values())


def _explanation(pair: ScoredPair) -> dict[str, Any]:
    return {
        "confidence": pair.probability,
        "match_weight": sum(feature.weight for feature in pair.features),
        "feature_names": [feature.name for feature in pair.features],
        "feature_levels": [feature.level for feature in pair.features],
        "feature_weights": [feature.weight for feature in pair.features],
        "held_reason": pair.held,  # null on a linked pair: removes an earlier run's reason
    }


def _strongest(cluster: Cluster) -> dict[str, tuple[ScoredPair, str]]:
    """Each member's strongest link in the cluster and the member at its other end."""
    best: dict[str, tuple[ScoredPair, str]] = {}
    for pair in sorted(cluster.links, key=lambda p: (-p.probability, *sorted((p.left, p.right)))):
        for member, other in ((pair.left, pair.right), (pair.right, pair.left)):
            best.setdefault(member, (pair, other))
    return best


@dataclass
class WriteSummary:
    """What writing a Resolution did, and how it relates to the analysts' decisions."""

    canonicals: int = 0
    memberships: int = 0
    links: int = 0
    review: int = 0
    deleted_canonicals: int = 0
    deleted_memberships: int = 0
    deleted_links: int = 0
    #: Confirmed pairs the Resolution keeps in different clusters (conflicting decisions).
    confirmed_apart: int = 0


class ResolutionGraph:
    """Reads records and decisions of a kind from Neo4j and writes Resolutions beside them."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        registry: QueryRegistry,
        batch_size: int = 1000,
    ) -> None:
        self.driver = driver
        self.database = database
        self.registry = registry
        self.batch_size = batch_size

    def _read(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        return self.registry.read(self.driver, self.database, name, **params)

    def _write(self, name: str, /, **params: Any) -> list[neo4j.Record]:
        def work(tx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return self.registry.run(tx, name, **params)

        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _write_batches(self, name: str, rows: list[Any], key: str = "rows", **params: Any) -> int:
        done = 0
        for start in range(0, len(rows), self.batch_size):
            result = self._write(name, **{key: rows[start : start + self.batch_size]}, **params)
            # A delete query answers one `deleted` count; a save query one row per item.
            deleted = result[0].get("deleted") if result else None
            done += len(result) if deleted is None else int(deleted)
        return done

    def records(self, kind: Kind) -> Iterator[Record]:
        """Every source record of `kind`, a page at a time in id order."""
        after = ""
        while True:
            page = self._read("resolve.records", kind=kind, after=after, limit=self.batch_size)
            for row in page:
                yield to_record(kind, str(row["id"]), row["props"])
            if len(page) < self.batch_size:
                return
            after = str(page[-1]["id"])

    def decisions(self, kind: Kind) -> list[Decision]:
        """The analysts' decisions on `kind` as the engine takes them (latest per pair)."""
        return expand_decisions(self._read("resolve.decisions", kind=kind))

    def write(
        self, kind: Kind, resolution: Resolution, loaded_at: datetime | None = None
    ) -> WriteSummary:
        """Write `resolution` for `kind`, replacing the previous run's hypotheses (idempotent)."""
        loaded_at = loaded_at or datetime.now(UTC)
        summary = WriteSummary()
        cluster_of = {m: i for i, c in enumerate(resolution.clusters) for m in c.members}
        self._check(kind, cluster_of, summary)
        source = run_source_id(kind)
        self._write(
            "resolve.source_save",
            id=source,
            title=f"Entity resolution of {kind} records",
            publisher=PUBLISHER,
            loaded_at=loaded_at,
        )
        stats = resolution.stats
        if "prior" in stats:
            self._write(
                "resolve.run_prior_save",
                id=source,
                prior=float(stats["prior"]),
                prior_bits=float(stats["prior_bits"]),
                prior_method=str(stats["prior_method"]),
                prior_rule_pairs=int(stats["prior_rule_pairs"]),
                prior_bounded=bool(stats["prior_bounded"]),
                run_at=loaded_at,
            )
        canonicals, memberships = self._cluster_rows(kind, resolution.clusters, source)
        links = self._link_rows(kind, resolution, source)
        self._delete_stale(kind, canonicals, memberships, links, summary)
        summary.canonicals = self._write_batches(
            "resolve.canonicals_save", canonicals, loaded_at=loaded_at
        )
        summary.memberships = self._write_batches(
            "resolve.memberships_save", memberships, loaded_at=loaded_at
        )
        self._write_batches("resolve.canonicals_name", [r["id"] for r in canonicals], key="ids")
        written = self._write_batches("resolve.links_save", links, loaded_at=loaded_at)
        summary.review = sum(1 for row in links if row["props"]["status"] == "review")
        summary.links = written - summary.review
        return summary

    def _check(self, kind: Kind, cluster_of: dict[str, int], summary: WriteSummary) -> None:
        merged_rejects = []
        for decision in self.decisions(kind):
            together = cluster_of.get(decision.left, -1) == cluster_of.get(decision.right, -2)
            if decision.verdict == "reject" and together:
                merged_rejects.append(f"{decision.left} ≠ {decision.right}")
            elif decision.verdict == "confirm" and not together:
                summary.confirmed_apart += 1
        if merged_rejects:
            shown = ", ".join(merged_rejects[:5])
            raise ResolutionConflict(
                f"the {kind} resolution merges {len(merged_rejects)} pair(s) an analyst rejected "
                f"({shown}); pass the graph's decisions to the engine"
            )

    @staticmethod
    def _cluster_rows(
        kind: Kind, clusters: Sequence[Cluster], source: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        canonicals: list[dict[str, Any]] = []
        memberships: list[dict[str, Any]] = []
        for cluster in clusters:
            cid = canonical_id(kind, cluster.members)
            props = {"kind": kind, "member_count": len(cluster.members), "sources": [source]}
            canonicals.append({"id": cid, "props": {**props, "merged_by": None}})
            strongest = _strongest(cluster)
            for member in sorted(cluster.members):
                row: dict[str, Any] = {
                    "kind": kind,
                    "sources": [source],
                    "via": None,
                    "decision": None,
                }
                if member in strongest:
                    pair, other = strongest[member]
                    row.update(_explanation(pair), via=other)
                memberships.append({"member": member, "canonical": cid, "props": row})
        return canonicals, memberships

    @staticmethod
    def _link_rows(kind: Kind, resolution: Resolution, source: str) -> list[dict[str, Any]]:
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for status, pairs in (
            ("review", resolution.review),
            ("linked", [p for c in resolution.clusters for p in c.links]),
        ):
            for pair in pairs:
                left, right = sorted((pair.left, pair.right))
                props = {"kind": kind, "status": status, "sources": [source], **_explanation(pair)}
                rows[(left, right)] = {"left": left, "right": right, "props": props}
        return [rows[key] for key in sorted(rows)]

    def _delete_stale(
        self,
        kind: Kind,
        canonicals: list[dict[str, Any]],
        memberships: list[dict[str, Any]],
        links: list[dict[str, Any]],
        summary: WriteSummary,
    ) -> None:
        found: dict[str, set[tuple[str, str | None]]] = {
            "canonical": set(),
            "membership": set(),
            "link": set(),
        }
        for row in self._read("resolve.existing", kind=kind):
            found[row["element"]].add((row["left"], row["right"]))
        keep_canonicals = {row["id"] for row in canonicals}
        keep_memberships = {(row["member"], row["canonical"]) for row in memberships}
        keep_links = {(row["left"], row["right"]) for row in links}
        stale = sorted(c for c, _ in found["canonical"] if c not in keep_canonicals)
        summary.deleted_canonicals = self._write_batches(
            "resolve.canonicals_delete", stale, key="ids"
        )
        old = sorted(
            (m, c)
            for m, c in found["membership"]
            if c in keep_canonicals and (m, c) not in keep_memberships
        )
        summary.deleted_memberships = self._write_batches(
            "resolve.memberships_delete", [{"member": m, "canonical": c} for m, c in old]
        )
        gone = sorted((a, b) for a, b in found["link"] if (a, b) not in keep_links)
        summary.deleted_links = self._write_batches(
            "resolve.links_delete", [{"left": a, "right": b} for a, b in gone], kind=kind
        )
