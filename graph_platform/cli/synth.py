"""`graph-platform synth OUT_DIR`: write a seeded synthetic Twitter IO archive with ground truth."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph_platform.cli.app import app
from graph_platform.synth import SynthConfig, generate


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Argument(help="Directory to write the files into.")],
    tweets: Annotated[int, typer.Option(help="Tweets over all releases.")] = 10_000,
    releases: Annotated[int, typer.Option(help="Releases (one operation each).")] = 1,
    accounts: Annotated[
        int | None, typer.Option(help="Accounts over all releases [default: tweets/40].")
    ] = None,
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 1,
    coordination: Annotated[
        float, typer.Option(help="Share of tweets posted in planted coordinated events.")
    ] = 0.05,
    window: Annotated[int, typer.Option(help="Seconds a coordinated event spans at most.")] = 5,
    start: Annotated[str, typer.Option(help="First day of activity (YYYY-MM-DD).")] = "2016-01-01",
    days: Annotated[int, typer.Option(help="Days of activity.")] = 730,
    seconds: Annotated[
        bool, typer.Option(help="Write tweet_time with seconds (real archives give minutes).")
    ] = False,
    prefix: Annotated[str, typer.Option(help="Prefix of release ids and file names.")] = "synth",
) -> None:
    """Write users and tweets files per release, a release index and the ground truth JSON."""
    try:
        config = SynthConfig(
            seed=seed,
            tweets=tweets,
            releases=releases,
            accounts=accounts,
            start=date.fromisoformat(start),
            days=days,
            coordination=coordination,
            window_seconds=window,
            time_precision="second" if seconds else "minute",
            prefix=prefix,
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    console = Console()
    columns = (TextColumn("{task.description} {task.completed:,} tweets"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("synth", total=None)
        result = generate(config, out_dir, lambda n: progress.advance(task, n))
    table = Table("release", "accounts", "tweets", title=f"synth → {out_dir}")
    for r in result.releases:
        table.add_row(r.release, f"{r.accounts:,}", f"{r.tweets:,}")
    console.print(table)
    assert result.truth_file is not None and result.index_file is not None
    truth = json.loads(result.truth_file.read_text(encoding="utf-8"))
    groups = truth["coordinated_groups"]
    console.print(
        f"index {result.index_file.name}; ground truth {result.truth_file.name}: "
        f"{len(truth['operations'])} operation(s), {len(groups)} coordinated group(s) with "
        f"{sum(len(g['events']) for g in groups):,} event(s), "
        f"{len(truth['handle_variants'])} persona(s) with handle variants; "
        f"{result.seconds:.1f} s",
        highlight=False,
    )
