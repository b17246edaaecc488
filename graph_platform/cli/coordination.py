"""`graph-platform coordination`: find accounts that act together, review what it suggests.

- `coordination run [--window S | --estimate-window] [--incremental] [--engine spark] …` runs
  detection over the graph's posts with a progress bar and prints a summary and the largest
  coordinated groups;
- `coordination suggestions ACCOUNT_ID` lists the operations an account is suggested for;
- `coordination review ACCOUNT_ID OPERATION_ID --confirm|--reject --analyst … --reason …`
  records an analyst's verdict on a suggestion.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

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

from graph_platform.analytics.network import Engine
from graph_platform.analytics.parameters import DEFAULT_KINDS, KINDS, CoordinationParameters
from graph_platform.analytics.run import CoordinationRunner, RunSummary
from graph_platform.analytics.suggestion import SuggestionQueue
from graph_platform.cli.app import app
from graph_platform.errors import InvalidArguments
from graph_platform.runtime import Runtime

coordination_app = typer.Typer(
    name="coordination", help="Coordination detection: accounts that act together."
)
app.add_typer(coordination_app, name="coordination")


class _StageBar:
    """The runner's `progress(stage, done, total)` as one rich bar per stage."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def _engine(name: str, master: str) -> Engine | None:
    if name == "embedded":
        return None
    if name == "spark":
        from graph_platform.analytics.spark_engine import SparkEngine

        return SparkEngine(master)
    raise InvalidArguments(f"unknown engine {name!r}: embedded or spark")


@coordination_app.command()
def run(
    window: Annotated[float, typer.Option(help="Δt in seconds.")] = 60.0,
    estimate_window: Annotated[
        bool, typer.Option(help="Estimate Δt from the posts as CooRnet does.")
    ] = False,
    min_repetitions: Annotated[int, typer.Option(help="Co-shared messages a pair needs.")] = 2,
    max_crowd: Annotated[
        int,
        typer.Option(help="Shares of an object within ±Δt beyond which they count not (0: off)."),
    ] = 50,
    min_share: Annotated[
        float, typer.Option(help="Share of an account's messages a pair must co-share.")
    ] = 0.0,
    significance: Annotated[
        float,
        typer.Option(help="Level of the co-sharing test against chance (0: off)."),
    ] = 1e-3,
    kinds: Annotated[str, typer.Option(help=f"Comma-separated, of {', '.join(KINDS)}.")] = ",".join(
        DEFAULT_KINDS
    ),
    platform: Annotated[str | None, typer.Option(help="Only posts of this platform.")] = None,
    incremental: Annotated[
        bool, typer.Option(help="Continue the latest run over posts loaded since.")
    ] = False,
    engine: Annotated[str, typer.Option(help="embedded or spark.")] = "embedded",
) -> None:
    """Find coordinated accounts in the graph's posts and write edges, groups, suggestions."""
    runtime = Runtime()
    try:
        params = CoordinationParameters(
            window_seconds=window,
            min_repetitions=min_repetitions,
            max_crowd=max_crowd or None,
            min_share=min_share,
            significance=significance or None,
            kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()),
        )
    except ValueError as error:
        raise InvalidArguments(str(error)) from None
    console = Console()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with (
        runtime.driver() as driver,
        Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar,
    ):
        runner = CoordinationRunner(
            driver,
            runtime.database,
            runtime.queries,
            runtime.writer(driver),
            _engine(engine, runtime.settings.spark_master),
            batch_size=runtime.settings.batch_size,
            progress=_StageBar(bar),
        )
        summary = runner.run(
            params, platform, incremental=incremental, estimate_window=estimate_window
        )
    _print_summary(console, summary)


def _print_summary(console: Console, summary: RunSummary) -> None:
    record = summary.record
    counts = record.counts
    table = Table("run", "mode", "Δt s", "posts", "shares", "edges", "groups", "coordinated",
                  "suggestions", "seconds")  # fmt: skip
    seconds = (record.finished_at or record.started_at) - record.started_at
    table.add_row(
        record.run_id, record.mode, f"{record.parameters.window_seconds:g}",
        *(str(counts.get(key, 0)) for key in ("posts_read", "shares_read", "edges", "groups",
                                              "coordinated_groups", "suggestions")),
        f"{seconds.total_seconds():.1f}",
    )  # fmt: skip
    console.print(table)
    if summary.affected_accounts is not None:
        console.print(f"accounts recomputed: {summary.affected_accounts}", highlight=False)
    groups = Table("group", "size", "density", "post share", "top objects",
                   title="largest coordinated groups")  # fmt: skip
    for group in [g for g in summary.groups if g.coordinated][:10]:
        groups.add_row(group.id, str(group.size), f"{group.density:.2f}",
                       f"{group.post_share:.2f}", ", ".join(group.top_objects[:3]))  # fmt: skip
    console.print(groups)


@coordination_app.command()
def suggestions(account_id: Annotated[str, typer.Argument(help="An account id.")]) -> None:
    """The operations ACCOUNT_ID is suggested for (inferred, not asserted), with evidence."""
    runtime = Runtime()
    with runtime.driver() as driver:
        rows = SuggestionQueue(driver, runtime.database, runtime.queries).for_account(account_id)
    table = Table("operation", "confidence", "status", "coordinated with (weight)", "run")
    for row in rows:
        partners = ", ".join(
            f"{p.get('handle') or p['id']} ({w})"
            for p, w in zip(row["partners"], row["weights"], strict=False)
        )
        table.add_row(
            row["operation"].get("name") or row["operation"]["id"],
            f"{row['confidence']:.3f}",
            row["status"],
            partners,
            row["run_id"],
        )
    Console().print(table)


@coordination_app.command()
def review(
    account_id: Annotated[str, typer.Argument(help="The suggested account's id.")],
    operation_id: Annotated[str, typer.Argument(help="The operation's id.")],
    analyst: Annotated[str, typer.Option(help="Who decides (recorded).")],
    reason: Annotated[str, typer.Option(help="Why (recorded).")],
    confirm: Annotated[bool, typer.Option("--confirm", help="The account is part of it.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="It is not.")] = False,
) -> None:
    """Confirm or reject a suggestion that ACCOUNT_ID is part of OPERATION_ID."""
    if confirm == reject:
        raise InvalidArguments("give exactly one of --confirm and --reject")
    runtime = Runtime()
    with runtime.driver() as driver:
        status = SuggestionQueue(driver, runtime.database, runtime.queries).review(
            account_id,
            operation_id,
            "confirmed" if confirm else "rejected",
            analyst,
            reason,
            datetime.now(UTC),
        )
    Console().print(f"suggestion {account_id} → {operation_id}: {status}", highlight=False)
