"""A coordination run over the graph: read posts, compute, write results and the run record.

A *full* run reads every post in scope (loaded up to the run's start), computes the network and
its groups, writes the COORDINATED_WITH edges, groups, run record and suggestions, and removes
edges earlier runs wrote that it did not find.

An *incremental* run continues the latest run with the same parameters over the posts loaded
since its checkpoint, and gives the same edges as a full run would with the same reference
volume: the co-sharing test takes each account's activity as a share of the input's volume,
which new posts change for every pair, so an incremental run keeps its parent's (recorded in
the run's scope); a later full run takes the grown volume, under which chance is a little less
likely and the test a little looser. A pair's weight depends only on the two accounts' posts
and on the crowds of the windows of their shares, and its share and test on the two accounts'
activity, crowds and near-duplicate texts, so only these pairs can change: those of accounts
that posted (with their current partners), of accounts sharing a new post's object within
±2Δt (crowds change within ±Δt of a new share) and of accounts writing text within ±Δt of a
new text. The run reads all posts of these *affected* accounts and, for crowds and the test,
the other posts sharing the same objects within ±Δt and the other texts within ±Δt of theirs,
recomputes the pairs among them and replaces just those edges. Groups and suggestions are
then recomputed over all edges in the graph.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import neo4j

from graph_platform.analytics.export import PostExport, collect
from graph_platform.analytics.graph_queries import GraphQueries
from graph_platform.analytics.groups import GroupStats, find_groups
from graph_platform.analytics.network import (
    CoordinationEdge,
    CoordinationNetwork,
    Engine,
    compute_network,
)
from graph_platform.analytics.parameters import CoordinationParameters
from graph_platform.analytics.parameters import estimate_window as estimate_window_of
from graph_platform.analytics.records import RunRecord, batches, group_record
from graph_platform.analytics.share_table import ShareTable
from graph_platform.analytics.stored_edges import read_edges
from graph_platform.analytics.suggestion import SuggestionQueue
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.records import GraphBatch
from graph_platform.store.writer import GraphWriter

Progress = Callable[[str, int, int], None]
_SLACK = timedelta(minutes=1)  # created_at may be to the minute where the share time is not


class RunError(ValueError):
    """A run cannot go ahead as asked (no run to continue, parameters differ)."""


@dataclass
class RunSummary:
    """What a run did."""

    record: RunRecord
    network: CoordinationNetwork
    groups: list[GroupStats]
    deleted_edges: int
    affected_accounts: int | None = None


class CoordinationRunner:
    """Runs coordination detection on the graph with explicit driver, registry and writer."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        registry: QueryRegistry,
        writer: GraphWriter,
        engine: Engine | None = None,
        page_size: int = 5000,
        batch_size: int = 1000,
        progress: Progress | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.registry = registry
        self.writer = writer
        self.engine = engine
        self.graph = GraphQueries(driver, database, registry)
        self.export = PostExport(self.graph, page_size)
        self.batch_size = batch_size
        self.progress = progress or (lambda stage, done, total: None)

    def last_run(self) -> dict[str, Any] | None:
        rows = self.graph.read("coordination.last_run")
        return dict(rows[0]["run"]) if rows else None

    # -- runs --------------------------------------------------------------------------------

    def run(
        self,
        params: CoordinationParameters,
        platform: str | None = None,
        incremental: bool = False,
        started_at: datetime | None = None,
        estimate_window: bool = False,
    ) -> RunSummary:
        """A full run, or an incremental one continuing the latest run (see the module doc).
        `estimate_window`: a full run takes Δt from CooRnet's estimate on its input instead
        (the run record stores the window used)."""
        started = started_at or datetime.now(UTC)
        engine_name = getattr(self.engine, "name", "embedded")
        record = RunRecord(
            run_id=f"{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
            started_at=started,
            mode="incremental" if incremental else "full",
            engine=engine_name,
            parameters=params,
            scope={"platform": platform, "loaded_up_to": started.isoformat()},
        )
        if incremental:
            return self._incremental(record, platform)
        self.progress("read posts", 0, 1)
        pages = list(self.export.after(None, None, started, platform))
        table, posts = collect(pages)
        self.progress("read posts", 1, 1)
        self._checkpoint(record, pages, None)
        record.scope.update(posts=posts, shares=len(table.shares))
        if estimate_window:
            estimate = estimate_window_of(table.of_kinds(params.object_kinds))
            if estimate is not None:
                params = params.model_copy(update={"window_seconds": round(estimate, 3)})
                record.parameters = params
            record.scope["window_estimated"] = estimate
        network = compute_network(table, params, self.engine, self.progress)
        record.scope["volume"] = int(network.stats["volume"])
        edges = network.edges
        self._write_run(record)
        self._write_edges(edges, record)
        deleted = self._delete_stale(record.run_id, None)
        groups = self._groups(edges, table, params, started, platform)
        record.counts.update(posts_read=posts, shares_read=len(table.shares), edges=len(edges))
        self._finish(record, groups)
        return RunSummary(record, network, groups, deleted)

    def _checkpoint(
        self, record: RunRecord, pages: list[Any], parent: dict[str, Any] | None
    ) -> None:
        last = next((p for p in reversed(pages) if p.posts), None)
        if last is not None:
            record.checkpoint_loaded_at, record.checkpoint_id = last.last_loaded_at, last.last_id
        elif parent is not None:
            record.checkpoint_loaded_at = parent.get("checkpoint_loaded_at")
            record.checkpoint_id = parent.get("checkpoint_id")

    def _incremental(self, record: RunRecord, platform: str | None) -> RunSummary:
        parent = self.last_run()
        if parent is None:
            raise RunError("no coordination run to continue: run a full one first")
        params = record.parameters
        stored = CoordinationParameters.model_validate_json(parent["parameters"])
        if params.edge_weight_quantile is not None:
            raise RunError("edge_weight_quantile depends on all edges: run a full run instead")
        if stored != params:
            raise RunError(
                f"run {parent['run_id']} used other parameters ({parent['parameters']}); "
                "an incremental run continues with the same ones: run a full one instead"
            )
        volume = json.loads(parent.get("scope") or "{}").get("volume")
        if volume is None:
            raise RunError(
                f"run {parent['run_id']} did not record its activity volume: run a full one"
            )
        record.parent_run = parent["run_id"]
        until = record.started_at
        self.progress("read new posts", 0, 1)
        pages = list(
            self.export.after(
                parent.get("checkpoint_loaded_at"), parent.get("checkpoint_id"), until, platform
            )
        )
        new, posts = collect(pages)
        self.progress("read new posts", 1, 1)
        self._checkpoint(record, pages, parent)
        affected = self._affected(new, params, until, platform)
        self.progress("read affected", 0, 1)
        own, _ = collect(self.export.of_accounts(sorted(affected), until, platform))
        windows = _windows(own, params.window_ms)
        context, _ = collect(self.export.sharing(windows, until, platform))
        parts = [own, context]
        if "text" in params.kinds and len(own.texts):
            # Every text within ±Δt of theirs: their near-duplicate partners, which the
            # co-sharing test counts among their chances to meet (as a full run does).
            ranges = _text_ranges(own, params.window_ms)
            near, _ = collect(self.export.with_text_between(ranges, until, platform))
            parts.append(near)
        table = ShareTable.concat(parts).unique()
        self.progress("read affected", 1, 1)
        record.scope.update(
            posts=posts, shares=len(new.shares), affected_accounts=len(affected),
            parent_run=parent["run_id"], volume=volume,
        )  # fmt: skip
        network = compute_network(
            table, params, self.engine, self.progress, accounts=affected, reference_volume=volume
        )
        self._write_run(record)
        self._write_edges(network.edges, record)
        deleted = self._delete_stale(record.run_id, sorted(affected))
        edges = read_edges(self.registry, self.driver, self.database)
        groups = self._groups(edges, None, params, until, platform)
        record.counts.update(
            posts_read=posts, shares_read=len(new.shares), edges=len(network.edges)
        )
        self._finish(record, groups)
        return RunSummary(record, network, groups, deleted, len(affected))

    def _affected(
        self, new: ShareTable, params: CoordinationParameters, until: datetime, platform: str | None
    ) -> set[str]:
        """Accounts of the new posts and their current partners (a pair's `min_share` and its
        co-sharing test depend on both accounts' activity), of posts sharing the new posts'
        objects within ±2Δt (crowds change within ±Δt of a new share), and (with texts) of
        posts with text within ±Δt of a new text. A pair with an account outside these keeps
        its weights (the weights change only through co-shares or crowds, which would make
        both accounts affected), and its expected chance count can only have grown with the
        other account's activity, so a pair that failed the test still fails it."""
        posters = set(new.shares["account"].to_pylist()) | set(new.texts["account"].to_pylist())
        affected = set(posters)
        ordered = sorted(posters)
        for start in range(0, len(ordered), 1000):
            rows = self.graph.read("coordination.partners", accounts=ordered[start : start + 1000])
            affected |= {row["partner"] for row in rows}
        windows = _windows(new.of_kinds(params.object_kinds), 2 * params.window_ms)
        near, _ = collect(self.export.sharing(windows, until, platform))
        affected |= set(near.shares["account"].to_pylist())
        if "text" in params.kinds and len(new.texts):
            ranges = _text_ranges(new, params.window_ms)
            for start in range(0, len(ranges), 500):
                rows = self.graph.read(
                    "coordination.posts_between",
                    ranges=ranges[start : start + 500],
                    until_loaded_at=until,
                    platform=platform,
                )
                affected |= {row["account"] for row in rows}
        return affected

    # -- writing -----------------------------------------------------------------------------

    def _write_run(self, record: RunRecord) -> None:
        batch = GraphBatch()
        batch.add_node(record.source())
        batch.add_node(record.node())
        self.writer.write(batch, record.started_at, label="coordination")

    def _write_edges(self, edges: list[CoordinationEdge], record: RunRecord) -> None:
        parts = batches(edges, record.run_id, record.parameters.window_seconds, self.batch_size)
        for k, batch in enumerate(parts):
            self.writer.write(batch, record.started_at, label="coordination")
            self.progress("write edges", k + 1, len(parts))

    def _delete_stale(self, run_id: str, accounts: list[str] | None) -> int:
        deleted = 0
        while True:
            rows = self.graph.write(
                "coordination.edges_delete_stale", run_id=run_id, accounts=accounts, limit=10_000
            )
            count = int(rows[0]["deleted"]) if rows else 0
            deleted += count
            if count < 10_000:
                return deleted

    def _groups(
        self,
        edges: list[CoordinationEdge],
        table: ShareTable | None,
        params: CoordinationParameters,
        until: datetime,
        platform: str | None,
    ) -> list[GroupStats]:
        accounts = sorted({a for e in edges for a in (e.source, e.target)})
        if table is not None:
            messages = table.messages_per_account()
        else:
            messages = {}
            for start in range(0, len(accounts), 1000):
                rows = self.graph.read(
                    "coordination.account_posts",
                    accounts=accounts[start : start + 1000],
                    until_loaded_at=until,
                    platform=platform,
                )
                messages.update({row["account"]: int(row["posts"]) for row in rows})
        return find_groups(
            edges, messages, params.min_group_size, params.min_density, params.resolution,
            params.seed,
        )  # fmt: skip

    def _finish(self, record: RunRecord, groups: list[GroupStats]) -> None:
        for start in range(0, len(groups), self.batch_size):
            batch = GraphBatch()
            for group in groups[start : start + self.batch_size]:
                batch.add_node(group_record(group, record.run_id))
            self.writer.write(batch, record.started_at, label="coordination")
        params = record.parameters
        suggestions = SuggestionQueue(self.driver, self.database, self.registry).refresh(
            self.writer,
            record.run_id,
            record.started_at,
            params.suggestion_min_confidence,
            params.suggestion_min_ties,
        )
        record.counts.update(
            groups=len(groups),
            coordinated_groups=sum(1 for g in groups if g.coordinated),
            suggestions=suggestions,
        )
        record.finished_at = datetime.now(UTC)
        self._write_run(record)


def _windows(table: ShareTable, half_ms: int) -> list[dict[str, Any]]:
    """One {object, start, end} window per (kind, object): the span of its shares ±`half_ms`."""
    if not len(table.shares):
        return []
    grouped = table.shares.group_by("object").aggregate([("time_ms", "min"), ("time_ms", "max")])
    half = timedelta(milliseconds=half_ms) + _SLACK
    return [
        {
            "object": obj,
            "start": datetime.fromtimestamp(low / 1000, UTC) - half,
            "end": datetime.fromtimestamp(high / 1000, UTC) + half,
        }
        for obj, low, high in zip(
            grouped["object"].to_pylist(),
            grouped["time_ms_min"].to_pylist(),
            grouped["time_ms_max"].to_pylist(),
            strict=True,
        )
    ]


def _text_ranges(table: ShareTable, window_ms: int) -> list[dict[str, datetime]]:
    half = timedelta(milliseconds=window_ms) + _SLACK
    times = sorted(set(table.texts["time_ms"].to_pylist()))
    return [
        {
            "start": datetime.fromtimestamp(t / 1000, UTC) - half,
            "end": datetime.fromtimestamp(t / 1000, UTC) + half,
        }
        for t in times
    ]
