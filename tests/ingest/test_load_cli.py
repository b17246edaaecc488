"""`graph-platform load` as a script and an analyst see it: exit status, one plain line per file
in a pipe, grouped reasons, a summary that reads at 80 columns, progress with a total."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import neo4j
import pytest
from rich.console import Console
from rich.progress import TimeRemainingColumn
from typer.testing import CliRunner

import graph_platform.cli.db
import graph_platform.cli.load  # noqa: F401  (registers `load`)
from graph_platform.cli.app import app
from graph_platform.cli.load import MAX_QUARANTINED
from graph_platform.cli.load_report import LoadReport
from graph_platform.ingest.loader import FileSummary, Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.settings import PROJECT_ROOT

EXCERPT = PROJECT_ROOT / "tests/fixtures/troll_tweets_538_excerpt.csv"
MODEL = get_model(PROJECT_ROOT / "ontology")


def _excerpt(directory: Path, name: str, broken_dates: int) -> Path:
    """The 538 excerpt with the publish dates of its first `broken_dates` rows unreadable."""
    rows = list(csv.DictReader(EXCERPT.open(encoding="utf-8", newline="")))
    for row in rows[:broken_dates]:
        row["publish_date"] = "1st October 2017"
    path = directory / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_exit_status_says_whether_each_file_loaded(cli: CliRunner, tmp_path: Path) -> None:
    good = _excerpt(tmp_path, "good.csv", 0)
    some = _excerpt(tmp_path, "some_bad.csv", 2)  # 2 of 11 rows: 18.2 %
    none = _excerpt(tmp_path, "all_bad.csv", 11)
    load = ["load", "troll_tweets_538", "--dry-run"]

    assert cli.invoke(app, [*load, str(good)]).exit_code == 0
    over = cli.invoke(app, [*load, str(good), str(some)])
    assert over.exit_code == 4, over.output
    assert "FAILED (1 of 2 file(s)): some_bad.csv quarantined 18.2% of its rows (limit 10.0%)" in (
        over.output
    )
    assert cli.invoke(app, [*load, "--max-quarantined", "0.2", str(some)]).exit_code == 0
    nothing = cli.invoke(app, [*load, str(good), str(some), str(none)])
    assert nothing.exit_code == 3, nothing.output  # a file loaded nothing: the worse failure
    assert "all_bad.csv loaded nothing" in nothing.output
    assert MAX_QUARANTINED == 0.10


def test_a_pipe_gets_one_plain_line_per_file_then_grouped_reasons(
    cli: CliRunner, tmp_path: Path
) -> None:
    some = _excerpt(tmp_path, "some_bad.csv", 3)
    result = cli.invoke(
        app, ["load", "troll_tweets_538", "--dry-run", "--max-quarantined", "0.5", str(some)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # Outside the working directory, so shown in full (inside it, relative to it).
    quarantine = tmp_path / "state/quarantine/troll_tweets_538/some_bad.csv.jsonl"
    assert lines[0] == (
        f"some_bad.csv: read 11 = loaded 8 + quarantined 3 (27.3%); ok; quarantine {quarantine}"
    )
    assert lines[1:] == [
        "some_bad.csv:",
        f"  quarantine file: {quarantine}",
        "  quarantined (3 in 1 kind(s)):",
        "    3 × publish_date '…' is not a date/time (expected %m/%d/%Y %H:%M or %m/%d/%y "
        "%H:%M; set the reader option date_formats)",
        "      e.g. some_bad.csv row 1 (line 2): publish_date '1st October 2017' is not a "
        "date/time (expected %m/%d/%Y %H:%M or %m/%d/%y %H:%M; set the reader option "
        "date_formats)",
        lines[-1],
    ]
    assert lines[-1].startswith("total: read 11 = loaded 8 + quarantined 3; nothing written")
    assert "\x1b[" not in result.output  # no colour or cursor codes in a pipe


def test_a_real_load_exits_with_the_same_status(
    cli: CliRunner, empty_graph: neo4j.Driver, tmp_path: Path
) -> None:
    none = _excerpt(tmp_path, "all_bad.csv", 11)
    result = cli.invoke(app, ["load", "troll_tweets_538", str(none)])
    assert result.exit_code == 3, result.output
    assert result.output.startswith("all_bad.csv: read 11 = loaded 0 + quarantined 11 (100.0%); ")
    assert "FAILED: loaded nothing" in result.output.splitlines()[0]


def test_the_terminal_summary_fits_80_columns_and_cuts_no_path(tmp_path: Path) -> None:
    long_dir = tmp_path / "a-directory-with-a-rather-long-name" / "and-another-one-below-it"
    quarantine = long_dir / "quarantine/troll_tweets_538/IRAhandle_tweets_1_resaved.csv.jsonl"
    mapping = Mapping.load("troll_tweets_538", PROJECT_ROOT / "loaders", MODEL)
    data = _excerpt(tmp_path, "IRAhandle_tweets_1_resaved_by_an_analyst_in_excel.csv", 2)
    summary = Loader(mapping, None, long_dir / "quarantine", 10).load([data])
    summary.files[0].quarantine_file = str(quarantine)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, color_system=None)
    LoadReport(console, 0.5).print_summary(summary, dry_run=True)
    text = out.getvalue()
    table = text.split("\n" + data.name + ":")[0]
    assert max(len(line) for line in table.splitlines()) <= 80
    assert "…" not in table  # nothing cut: the long file name folds onto a second line
    assert "".join(line.strip(" │┃") for line in table.splitlines()).count(data.name[:20]) == 1
    assert f"  quarantine file: {quarantine}\n" in text  # one line, whole, for copy and paste
    assert "2 × publish_date '…' is not a date/time" in text


class _Recorder:
    """A LoadProgress that writes down what it was told."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def file_started(self, file: str, rows: int | None) -> None:
        self.events.append(("start", (file, rows)))

    def advanced(self, rows: int) -> None:
        self.events.append(("rows", rows))

    def file_done(self, summary: FileSummary) -> None:
        self.events.append(("done", summary.read))


@pytest.mark.parametrize("batch_size", [3, 100])
def test_progress_knows_each_files_total_before_its_first_row(
    tmp_path: Path, batch_size: int
) -> None:
    mapping = Mapping.load("troll_tweets_538", PROJECT_ROOT / "loaders", MODEL)
    first, second = EXCERPT, _excerpt(tmp_path, "copy.csv", 1)
    recorder = _Recorder()
    Loader(mapping, None, tmp_path / "q", batch_size).load([first, second], recorder)
    starts = [value for kind, value in recorder.events if kind == "start"]
    assert starts == [(first.name, 11), (second.name, 11)]
    done = [value for kind, value in recorder.events if kind == "done"]
    assert done == [11, 11]
    advanced = [value for kind, value in recorder.events if kind == "rows"]
    assert sum(advanced) == 22 and len(advanced) == 2 * (11 // batch_size + 1)


def test_the_terminal_progress_bar_shows_rows_of_the_total_and_time_left(tmp_path: Path) -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80, color_system=None)
    report = LoadReport(console, MAX_QUARANTINED)
    report.file_started("IRAhandle_tweets_1.csv", 243_891)
    report.advanced(12_000)
    assert report.progress is not None
    task = report.progress.tasks[0]
    assert (task.total, task.completed) == (243_891, 12_000)
    assert any(isinstance(c, TimeRemainingColumn) for c in report.progress.columns)
    console.print(report.progress.get_renderable())
    report.stop()
    assert "12000/243891 rows" in out.getvalue()
