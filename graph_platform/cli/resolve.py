"""`graph-platform resolve`: entity resolution as reviewable hypotheses in the graph.

- `resolve [--kind K|all]` runs the resolution use case per kind (resolve/run.py) with a progress
  bar and prints a summary;
- `resolve review --kind K` lists the borderline pairs with their explanations;
- `resolve why LEFT RIGHT` explains why two records are (or are not) one entity;
- `resolve decide --confirm A B | --reject A B | --split M | --unmerge C --analyst … --reason …`
  records a decision (there is no authentication yet: the analyst names themself).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import neo4j
import typer
from rich.console import Console
from rich.markup import escape
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
from graph_platform.errors import InvalidArguments
from graph_platform.explore.view import NodeView
from graph_platform.model import Model
from graph_platform.resolve.explanation import PairLink
from graph_platform.resolve.graph import ResolutionGraph
from graph_platform.resolve.review import Review
from graph_platform.resolve.run import KindRun, kinds, resolve_kind
from graph_platform.runtime import Runtime

resolve_app = typer.Typer(
    name="resolve",
    help="Entity resolution: merge duplicates as explained, reviewable hypotheses.",
    invoke_without_command=True,
)
app.add_typer(resolve_app, name="resolve")

KindOption = Annotated[str, typer.Option(help="Person, Organisation, Account, or all.")]


@resolve_app.callback()
def resolve(ctx: typer.Context, kind: KindOption = "all") -> None:
    """Resolve records of KIND into canonical entities, respecting every analyst decision."""
    if ctx.invoked_subcommand is not None:
        return
    runtime = Runtime()
    console = Console()
    table = Table(
        "kind", "records", "candidate pairs", "comparisons", "merges", "review items", "seconds"
    )
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with runtime.driver() as driver:
        graph = ResolutionGraph(
            driver, runtime.database, runtime.queries, runtime.settings.batch_size
        )
        for each in kinds(kind):
            with Progress(
                *columns, TimeElapsedColumn(), console=console, transient=True
            ) as progress:
                run = resolve_kind(graph, each, runtime.resolution_dir, _StageBar(progress, each))
            if run.written.confirmed_apart:
                console.print(
                    f"[yellow]{each}: {run.written.confirmed_apart} confirmed pair(s) left apart "
                    "(conflicting decisions)[/]"
                )
            table.add_row(*_summary_row(run))
    console.print(table)


class _StageBar:
    """The use case's `progress(stage, done, total)` as one rich bar per stage."""

    def __init__(self, progress: Progress, kind: str) -> None:
        self.progress = progress
        self.kind = kind
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(f"{self.kind}: {stage}", total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def _summary_row(run: KindRun) -> list[str]:
    stats = run.resolution.stats
    return [
        run.kind,
        str(run.records),
        str(stats.get("candidate_pairs", stats.get("candidates", "-"))),
        str(stats.get("comparisons", "-")),
        str(len(run.resolution.clusters)),
        str(run.written.review),
        f"{run.seconds:.1f}",
    ]


@resolve_app.command()
def review(
    kind: Annotated[str, typer.Option(help="Person, Organisation or Account.")] = "Person",
    first: Annotated[int, typer.Option(min=1, max=500, help="Pairs to list.")] = 20,
    after: Annotated[str | None, typer.Option(help="Cursor printed by the last page.")] = None,
) -> None:
    """List borderline pairs awaiting an analyst, most likely match first, with why."""
    if kind == "all":
        raise InvalidArguments("review lists one kind: Person, Organisation or Account")
    (the_kind,) = kinds(kind)
    runtime = Runtime()
    with runtime.driver() as driver:
        page = _review(runtime, driver).queue(the_kind, first, after)
    console = Console(soft_wrap=True)  # whole lines: the terminal wraps them, a pipe keeps them
    console.print(f"{the_kind} review queue: {len(page.items)} pair(s)", highlight=False)
    for item in page.items:  # a block per pair: it reads at 80 columns, ids whole
        left, right = item.left, item.right
        console.print(
            f"\np = {item.link.probability:.3f}  {escape(_caption(runtime.model, left))} "
            f"({left['id']}) ~ {escape(_caption(runtime.model, right))} ({right['id']})",
            highlight=False,
        )
        held = item.link.held or "not recorded (run `graph-platform resolve` again)"
        console.print(f"  not merged: {escape(held)}", highlight=False)
        console.print(f"  evidence: {_features(item.link)}", highlight=False)
    if page.has_next_page:
        console.print(f"more: --after {page.end_cursor}", highlight=False)


@resolve_app.command()
def why(
    left: Annotated[str, typer.Argument(help="A record id.")],
    right: Annotated[str, typer.Argument(help="Another record id.")],
) -> None:
    """Why are LEFT and RIGHT the same (or not): link, path through the cluster, decisions."""
    runtime = Runtime()
    with runtime.driver() as driver:
        answer = _review(runtime, driver).why_same(left, right)
    console = Console(soft_wrap=True)
    if answer is None:
        raise InvalidArguments(f"no record {left} or {right}")
    p = "none" if answer.probability is None else f"{answer.probability:.4f}"
    console.print(
        f"{_caption(runtime.model, answer.left)} ~ {_caption(runtime.model, answer.right)}: "
        f"probability {p}; same canonical entity: {answer.canonical or 'no'}; "
        f"verdict: {answer.verdict or 'none'}",
        highlight=False,
    )
    if answer.not_merged:
        console.print(f"  not merged: {escape(answer.not_merged)}", highlight=False)
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
        raise InvalidArguments("give exactly one of --confirm, --reject, --split, --unmerge")
    action, ids = chosen[0]
    runtime = Runtime()
    with runtime.driver() as driver:
        outcome = _review(runtime, driver).decide(action, ids, analyst, reason)
    Console().print(
        f"{outcome.action} recorded as {outcome.decision_id} ({outcome.kind}); "
        f"canonical entities removed: {', '.join(outcome.removed) or 'none'}; "
        f"created or restored: {', '.join(outcome.created) or 'none'}",
        highlight=False,
    )


def _review(runtime: Runtime, driver: neo4j.Driver) -> Review:
    return Review(driver, runtime.database, runtime.queries)


def _caption(model: Model, view: Mapping[str, Any]) -> str:
    node = NodeView.from_map(view)
    return model.type_of(node.labels).caption(node.properties, node.id)


def _features(link: PairLink) -> str:
    """The features that weighed (a field one side lacks weighs nothing and is left out)."""
    if link.status == "confirmed":
        return f"confirmed by decision {link.decision}"
    return ", ".join(
        f"{f.name} {f.level} ({f.weight:+.2f})"
        for f in link.features
        if not (f.level == "null" and f.weight == 0)
    )
