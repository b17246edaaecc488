"""`graph-platform resolve`: entity resolution as reviewable hypotheses in the graph.

- `resolve [--kind K|all]` reads the records and the analysts' decisions, runs the engine, and
  writes canonical entities, scored SAME_AS links and the review queue, with a progress bar and
  a summary;
- `resolve review --kind K` lists the borderline pairs with their explanations;
- `resolve why LEFT RIGHT` explains why two records are (or are not) one entity;
- `resolve decide --confirm A B | --reject A B | --split M | --unmerge C --analyst … --reason …`
  records a decision (there is no authentication yet: the analyst names themself).
"""

from __future__ import annotations

import time
from typing import Annotated

import neo4j
import neo4j.graph
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from graph_platform.cli.app import app
from graph_platform.errors import GraphPlatformError
from graph_platform.resolve.explanation import PairLink
from graph_platform.resolve.graph import KINDS, ResolutionGraph
from graph_platform.resolve.resolution import Kind
from graph_platform.resolve.review import Review
from graph_platform.settings import get_settings
from graph_platform.store.driver import open_driver
from graph_platform.store.queries import QueryRegistry

resolve_app = typer.Typer(
    name="resolve",
    help="Entity resolution: merge duplicates as explained, reviewable hypotheses.",
    invoke_without_command=True,
)
app.add_typer(resolve_app, name="resolve")

KindOption = Annotated[str, typer.Option(help="Person, Organisation, Account, or all.")]


def _kinds(kind: str) -> list[Kind]:
    if kind == "all":
        return list(KINDS)
    for known in KINDS:
        if kind.lower() == known.lower():
            return [known]
    raise GraphPlatformError(f"unknown kind {kind!r}: one of {', '.join(KINDS)} or all")


@resolve_app.callback()
def resolve(ctx: typer.Context, kind: KindOption = "all") -> None:
    """Resolve records of KIND into canonical entities, respecting every analyst decision."""
    if ctx.invoked_subcommand is not None:
        return
    settings = get_settings()
    console = Console()
    registry = QueryRegistry.load(settings.queries_dir, settings.query_timeout)
    table = Table(
        "kind", "records", "candidate pairs", "comparisons", "merges", "review items", "seconds"
    )
    with open_driver(settings) as driver:
        graph = ResolutionGraph(driver, settings.neo4j_database, registry, settings.batch_size)
        for each in _kinds(kind):
            table.add_row(*_resolve_kind(graph, each, console))
    console.print(table)


class _StageBar:
    """The engine's `progress(stage, done, total)` as one rich bar per stage."""

    def __init__(self, progress: Progress, kind: str) -> None:
        self.progress = progress
        self.kind = kind
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(f"{self.kind}: {stage}", total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def _resolve_kind(graph: ResolutionGraph, kind: Kind, console: Console) -> list[str]:
    """Resolve one kind with a progress bar; the summary row of the table."""
    from graph_platform.resolve.engine import load_settings
    from graph_platform.resolve.engine import resolve as run_engine

    started = time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as progress:
        bar = _StageBar(progress, kind)
        bar("read", 0, 0)
        records = list(graph.records(kind))
        bar("read", len(records), len(records))
        resolution = run_engine(records, load_settings(kind), graph.decisions(kind), bar)
        bar("write", 0, 1)
        written = graph.write(kind, resolution)
        bar("write", 1, 1)
    if written.confirmed_apart:
        console.print(
            f"[yellow]{kind}: {written.confirmed_apart} confirmed pair(s) left apart "
            "(conflicting decisions)[/]"
        )
    stats = resolution.stats
    return [
        kind,
        str(len(records)),
        str(stats.get("candidate_pairs", stats.get("candidates", "-"))),
        str(stats.get("comparisons", "-")),
        str(len(resolution.clusters)),
        str(written.review),
        f"{time.perf_counter() - started:.1f}",
    ]


@resolve_app.command()
def review(
    kind: Annotated[str, typer.Option(help="Person, Organisation or Account.")] = "Person",
    first: Annotated[int, typer.Option(min=1, max=500, help="Pairs to list.")] = 20,
    after: Annotated[str | None, typer.Option(help="Cursor printed by the last page.")] = None,
) -> None:
    """List borderline pairs awaiting an analyst, most likely match first, with why."""
    settings = get_settings()
    (the_kind,) = _kinds(kind)
    with open_driver(settings) as driver:
        page = _review(driver).queue(the_kind, first, after)
    console = Console()
    table = Table("p", "left", "right", "explanation", title=f"{the_kind} review queue")
    for item in page.items:
        table.add_row(
            f"{item.link.probability:.3f}",
            f"{_caption(item.left)}\n[dim]{item.left['id']}[/]",
            f"{_caption(item.right)}\n[dim]{item.right['id']}[/]",
            _features(item.link),
        )
    console.print(table)
    if page.has_next_page:
        console.print(f"more: --after {page.end_cursor}", highlight=False)


@resolve_app.command()
def why(
    left: Annotated[str, typer.Argument(help="A record id.")],
    right: Annotated[str, typer.Argument(help="Another record id.")],
) -> None:
    """Why are LEFT and RIGHT the same (or not): link, path through the cluster, decisions."""
    with open_driver(get_settings()) as driver:
        answer = _review(driver).why_same(left, right)
    console = Console()
    if answer is None:
        raise GraphPlatformError(f"no record {left} or {right}")
    p = "none" if answer.probability is None else f"{answer.probability:.4f}"
    console.print(
        f"{_caption(answer.left)} ~ {_caption(answer.right)}: probability {p}; "
        f"same canonical entity: {answer.canonical or 'no'}; verdict: {answer.verdict or 'none'}",
        highlight=False,
    )
    for link in (answer.direct,) if answer.direct else answer.path:
        console.print(f"  {link.left} ~ {link.right}: {_features(link)}", highlight=False)
    for decision in answer.decisions:
        console.print(
            f"  {decision.verdict} by {decision.analyst} at {decision.decided_at} "
            f"({decision.action}): {decision.reason}",
            highlight=False,
        )


@resolve_app.command()
def decide(
    analyst: Annotated[str, typer.Option(help="Who decides (recorded with the decision).")],
    reason: Annotated[str, typer.Option(help="Why (recorded with the decision).")],
    confirm: Annotated[
        tuple[str, str] | None, typer.Option(help="Two record ids that are one entity.")
    ] = None,
    reject: Annotated[
        tuple[str, str] | None, typer.Option(help="Two record ids that are different entities.")
    ] = None,
    split: Annotated[
        str | None, typer.Option(help="A record id to take out of its canonical entity.")
    ] = None,
    unmerge: Annotated[
        str | None, typer.Option(help="A canonical entity id (or member id) to undo.")
    ] = None,
) -> None:
    """Record one decision: --confirm A B, --reject A B, --split M or --unmerge C."""
    chosen = [
        (action, list(ids) if isinstance(ids, tuple) else [ids])
        for action, ids in (
            ("confirm", confirm),
            ("reject", reject),
            ("split", split),
            ("unmerge", unmerge),
        )
        if ids
    ]
    if len(chosen) != 1:
        raise GraphPlatformError("give exactly one of --confirm, --reject, --split, --unmerge")
    action, ids = chosen[0]
    with open_driver(get_settings()) as driver:
        outcome = _review(driver).decide(action, ids, analyst, reason)
    Console().print(
        f"{outcome.action} recorded as {outcome.decision_id} ({outcome.kind}); "
        f"canonical entities removed: {', '.join(outcome.removed) or 'none'}; "
        f"created or restored: {', '.join(outcome.created) or 'none'}",
        highlight=False,
    )


def _review(driver: neo4j.Driver) -> Review:
    settings = get_settings()
    registry = QueryRegistry.load(settings.queries_dir, settings.query_timeout)
    return Review(driver, settings.neo4j_database, registry)


def _caption(node: neo4j.graph.Node) -> str:
    for key in ("name", "display_name", "handle"):
        if node.get(key):
            return str(node.get(key))
    return str(node.get("id"))


def _features(link: PairLink) -> str:
    if link.status == "confirmed":
        return f"confirmed by decision {link.decision}"
    return ", ".join(f"{f.name} {f.level} ({f.weight:+.2f})" for f in link.features)
