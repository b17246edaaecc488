"""What `graph-platform load` prints: progress while loading, then the result of every file.

In a terminal: a progress bar per file (rows done of the file's total, rate, time left), then a
table that fits 80 columns (long names fold onto a second line, never cut) and, per file, its
quarantine file, the quarantine reasons and the values set aside, grouped with counts and one
example each. Elsewhere (a pipe, a log file): no bar and no markup, one plain line per file as
it finishes, then the same groups and the totals as plain lines.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from graph_platform.ingest.loader import FileSummary, LoadSummary
from graph_platform.ingest.reasons import ReasonGroups

#: Reason groups shown per file (the rest are counted, and all are in the quarantine file).
SHOWN_GROUPS = 5


def shown_path(path: str) -> str:
    """`path` relative to the working directory when inside it (shorter), else as it is."""
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else path
    except ValueError:
        return path


def share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def file_line(f: FileSummary, problem: str | None) -> str:
    """One plain line for a file: counts, verdict and quarantine file."""
    resumed = f", resumed at row {f.resumed_from + 1}" if f.resumed_from else ""
    quarantine = f"; quarantine {shown_path(f.quarantine_file)}" if f.quarantine_file else ""
    verdict = f"FAILED: {problem}" if problem else "ok"
    return (
        f"{f.file}: read {f.read:,} = loaded {f.loaded:,} + quarantined {f.quarantined:,} "
        f"({share(f.quarantined, f.read)}){resumed}; {verdict}{quarantine}"
    )


def group_lines(title: str, groups: ReasonGroups) -> list[str]:
    """`title`, then each group (most rows first) with its count and its first example."""
    if not groups:
        return []
    lines = [f"  {title} ({groups.total:,} in {len(groups.groups)} kind(s)):"]
    for group in groups.top()[:SHOWN_GROUPS]:
        lines.append(f"    {group.count:,} × {group.group}")
        lines.append(f"      e.g. {group.where}: {group.example}")
    hidden = len(groups.groups) - SHOWN_GROUPS
    if hidden > 0:
        lines.append(f"    … and {hidden} more kind(s)")
    return lines


def totals_line(summary: LoadSummary, dry_run: bool) -> str:
    w = summary.written
    rate = summary.read / summary.seconds if summary.seconds else 0.0
    written = (
        "nothing written (dry run)"
        if dry_run
        else f"nodes {w.nodes_created:,} created / {w.nodes_merged:,} merged, relationships "
        f"{w.relationships_created:,} created / {w.relationships_merged:,} merged"
    )
    return (
        f"total: read {summary.read:,} = loaded {summary.loaded:,} + quarantined "
        f"{summary.quarantined:,}; {written}; {summary.seconds:.1f} s ({rate:,.0f} rows/s)"
    )


class LoadReport:
    """The load's progress and summary on `console` (plain when it is not a terminal)."""

    def __init__(self, console: Console, max_quarantined: float) -> None:
        self.console = console
        self.max_quarantined = max_quarantined
        self.terminal = console.is_terminal
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    # LoadProgress -------------------------------------------------------------------------

    def file_started(self, file: str, rows: int | None) -> None:
        if not self.terminal:
            return
        if self.progress is None:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(bar_width=20),
                MofNCompleteColumn(),
                TextColumn("rows"),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.progress.start()
        name = file if len(file) <= 24 else f"{file[:11]}…{file[-12:]}"
        self.task = self.progress.add_task(escape(name), total=rows)

    def advanced(self, rows: int) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, rows)

    def file_done(self, summary: FileSummary) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.remove_task(self.task)
            self.task = None
        if not self.terminal:
            print(file_line(summary, summary.problem(self.max_quarantined)), flush=True)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None

    # summary ------------------------------------------------------------------------------

    def details(self, summary: LoadSummary) -> list[str]:
        """Per file, its quarantine file and grouped reasons; then the warnings."""
        lines: list[str] = []
        for f in summary.files:
            block = group_lines("quarantined", f.reasons) + group_lines(
                "set aside (loaded without these values)", f.set_aside
            )
            if block:
                lines.append(f"{f.file}:")
                if f.quarantine_file:
                    lines.append(f"  quarantine file: {shown_path(f.quarantine_file)}")
                lines += block
        for warning in summary.actor_unknown:
            lines.append(f"warning: {warning}")
        return lines

    def print_summary(self, summary: LoadSummary, dry_run: bool) -> None:
        failures = dict((f.file, p) for f, p in summary.failures(self.max_quarantined))
        title = f"{summary.loader}{' (dry run)' if dry_run else ''}"
        if self.terminal:
            self._table(summary, failures, title)
            for line in self.details(summary):
                self.console.print(escape(line), highlight=False, soft_wrap=True)
            self.console.print(totals_line(summary, dry_run), highlight=False)
        else:
            for line in [*self.details(summary), totals_line(summary, dry_run)]:
                print(line)
        if failures:
            shown = "; ".join(f"{file} {problem}" for file, problem in failures.items())
            message = f"FAILED ({len(failures)} of {len(summary.files)} file(s)): {shown}"
            if self.terminal:
                self.console.print(f"[bold red]{escape(message)}[/]", highlight=False)
            else:
                print(message)

    def _table(self, summary: LoadSummary, failures: dict[str, str], title: str) -> None:
        table = Table(title=escape(title), expand=False)
        table.add_column("file", overflow="fold", ratio=3)
        for name in ("read", "loaded", "quarantined"):
            table.add_column(name, justify="right", no_wrap=True)
        table.add_column("result", overflow="fold", ratio=2)
        for f in summary.files:
            problem = failures.get(f.file)
            resumed = f" (resumed at row {f.resumed_from + 1})" if f.resumed_from else ""
            result = f"[red]{escape(problem)}[/]" if problem else f"ok{resumed}"
            table.add_row(
                escape(f.file),
                f"{f.read:,}",
                f"{f.loaded:,}",
                f"{f.quarantined:,} ({share(f.quarantined, f.read)})",
                result,
            )
        self.console.print(table)
