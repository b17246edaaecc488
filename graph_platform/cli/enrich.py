"""`graph-platform enrich ner`: the enrichment stages that run after loading, never blocking it."""

from __future__ import annotations

import json
import os
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from graph_platform.cli.app import app
from graph_platform.nlp.pipeline import find_pipeline, rule_based
from graph_platform.nlp.stage import NerStage, NerSummary
from graph_platform.runtime import Runtime

enrich_app = typer.Typer(
    name="enrich",
    help="Enrichment stages that run after loading (separate commands: loading never waits).",
    no_args_is_help=True,
)
app.add_typer(enrich_app, name="enrich")


@enrich_app.command()
def ner(
    processes: Annotated[
        int, typer.Option(min=1, help="Worker processes running NER (default: CPU cores).")
    ] = max(1, min(os.cpu_count() or 1, 8)),
    batch_size: Annotated[
        int, typer.Option(min=1, help="Texts per nlp.pipe batch and per chunk written.")
    ] = 256,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Process at most this many posts in this run.")
    ] = None,
    from_start: Annotated[
        bool, typer.Option(help="Ignore the checkpoint: link every post again (idempotent).")
    ] = False,
    rules_only: Annotated[
        bool, typer.Option("--rule-based", help="Use the gazetteer alone, no statistical NER.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Link posts to known entities (MENTIONS edges with a confidence) after the checkpoint."""
    runtime = Runtime()
    spec = rule_based("--rule-based given") if rules_only else find_pipeline()
    console = Console(stderr=as_json)
    console.print(f"pipeline: {spec.description}", highlight=False, soft_wrap=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} posts"),
        TimeElapsedColumn(),
    )
    with (
        runtime.driver() as driver,
        Progress(*columns, console=console, transient=True) as bar,
    ):
        task = bar.add_task("enrich ner", total=limit)
        stage = NerStage(driver, runtime.writer(driver), runtime.queries, runtime.database, spec)
        summary = stage.run(
            processes=processes,
            batch_size=batch_size,
            limit=limit,
            from_start=from_start,
            progress=lambda posts: bar.advance(task, posts),
        )
    if as_json:
        typer.echo(json.dumps(summary.as_dict()))
    else:
        _print_summary(console, summary)


def _print_summary(console: Console, summary: NerSummary) -> None:
    start = "the start" if summary.resumed_from is None else f"post {summary.resumed_from}"
    console.print(
        f"gazetteer: {summary.gazetteer_names} names of {summary.gazetteer_entities} entities; "
        f"resumed after {start}\n"
        f"posts {summary.posts}, words {summary.words}, {summary.words_per_second:,.0f} words/s "
        f"({summary.processes} processes, {summary.seconds:.1f} s); "
        f"MENTIONS links {summary.links}, edges created {summary.edges_created}\n"
        f"checkpoint: {summary.checkpoint or 'none'}",
        highlight=False,
        soft_wrap=True,
    )
