"""A run's results as graph records: its Source, its CoordinationRun, edges and groups.

Everything a run writes names the run's Source node (`sources`, `origins`), so the writer's
provenance rules hold: an edge found again by a later run lists both runs' Sources. Ids are
deterministic: the run's from its id, a group's from its run and members.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph_platform.analytics.groups import GroupStats
from graph_platform.analytics.network import CoordinationEdge
from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.model.ids import node_id
from graph_platform.store.records import EdgeRecord, GraphBatch, NodeRecord

NAMESPACE = "coordination"
PUBLISHER = "graph_platform coordination analytics"


def source_id(run_id: str) -> str:
    """Id of the Source node a run's results cite."""
    return node_id("Source", NAMESPACE, [run_id])


def run_node_id(run_id: str) -> str:
    return node_id("CoordinationRun", NAMESPACE, [run_id])


def group_node_id(run_id: str, group: str) -> str:
    return node_id("CoordinationGroup", NAMESPACE, [run_id, group])


def _at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def edge_confidence(weight: int) -> float:
    """1 − 1/weight: 0.5 for two co-shares, 0.9 for ten (weights are at least 1)."""
    return round(1.0 - 1.0 / max(weight, 1), 4)


@dataclass
class RunRecord:
    """What the CoordinationRun node says about a run."""

    run_id: str
    started_at: datetime
    mode: str
    engine: str
    parameters: CoordinationParameters
    scope: dict[str, Any]
    parent_run: str | None = None
    finished_at: datetime | None = None
    checkpoint_loaded_at: Any = None
    checkpoint_id: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def node(self) -> NodeRecord:
        source = source_id(self.run_id)
        props: dict[str, Any] = {
            "run_id": self.run_id,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "mode": self.mode,
            "parent_run": self.parent_run,
            "engine": self.engine,
            "parameters": json.dumps(self.parameters.as_record(), sort_keys=True),
            "scope": json.dumps(self.scope, sort_keys=True, default=str),
            "checkpoint_loaded_at": _native(self.checkpoint_loaded_at),
            "checkpoint_id": self.checkpoint_id,
            **self.counts,
        }
        return NodeRecord(
            "CoordinationRun",
            run_node_id(self.run_id),
            {k: v for k, v in props.items() if v is not None},
            [source],
            first_seen=self.started_at,
            last_seen=self.finished_at or self.started_at,
            origins={source: f"run {self.run_id}"},
        )

    def source(self) -> NodeRecord:
        sid = source_id(self.run_id)
        return NodeRecord(
            "Source",
            sid,
            {
                "title": f"Coordination run {self.run_id} ({self.mode})",
                "publisher": PUBLISHER,
                "published_at": self.started_at,
            },
            [sid],
            origins={sid: f"run {self.run_id}"},
        )


def _native(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def edge_record(edge: CoordinationEdge, run_id: str, window_seconds: float) -> EdgeRecord:
    """A COORDINATED_WITH edge with its weights and evidence lists."""
    source = source_id(run_id)
    items = edge.evidence
    times = [t for item in items for t in (item.source_time_ms, item.target_time_ms)]
    props: dict[str, Any] = {
        "weight": edge.weight,
        "source_weight": edge.source_weight,
        "target_weight": edge.target_weight,
        "window_seconds": window_seconds,
        "run_id": run_id,
        "evidence_kinds": [item.kind for item in items],
        "evidence_objects": [item.object or "" for item in items],
        "evidence_source_posts": [item.source_message for item in items],
        "evidence_target_posts": [item.target_message for item in items],
        "evidence_source_times": [_at(item.source_time_ms) for item in items],
        "evidence_target_times": [_at(item.target_time_ms) for item in items],
    }
    return EdgeRecord(
        "COORDINATED_WITH",
        edge.source,
        edge.target,
        props,
        [source],
        edge_confidence(edge.weight),
        first_seen=_at(min(times)) if times else None,
        last_seen=_at(max(times)) if times else None,
        origins={source: f"run {run_id}"},
    )


def group_record(group: GroupStats, run_id: str) -> NodeRecord:
    source = source_id(run_id)
    props: dict[str, Any] = {
        "run_id": run_id,
        "members": list(group.members),
        "size": group.size,
        "edges": group.edges,
        "density": group.density,
        "total_weight": group.total_weight,
        "post_share": group.post_share,
        "top_objects": list(group.top_objects),
        "coordinated": group.coordinated,
        "component": group.component,
    }
    return NodeRecord(
        "CoordinationGroup",
        group_node_id(run_id, group.id),
        props,
        [source],
        first_seen=_at(group.first_ms) if group.first_ms is not None else None,
        last_seen=_at(group.last_ms) if group.last_ms is not None else None,
        origins={source: f"run {run_id}"},
    )


def batches(
    edges: list[CoordinationEdge],
    run_id: str,
    window_seconds: float,
    batch_size: int,
) -> list[GraphBatch]:
    """The edges in writer batches (their Account ends exist: they come from the graph)."""
    out: list[GraphBatch] = []
    for start in range(0, len(edges), batch_size):
        batch = GraphBatch()
        for edge in edges[start : start + batch_size]:
            batch.add_edge(edge_record(edge, run_id, window_seconds))
        out.append(batch)
    return out
