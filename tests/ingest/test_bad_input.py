"""Bad input is quarantined with its reason and the file goes on; archives and 30 columns load."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from graph_platform.errors import LoadError
from graph_platform.ingest.loader import Loader
from graph_platform.ingest.mapping import Mapping
from graph_platform.model import get_model
from graph_platform.settings import PROJECT_ROOT

MODEL = get_model(PROJECT_ROOT / "ontology")
SAMPLE = "twitter_io/russia_201901_1_tweets_sample.csv"


def _tweets() -> Mapping:
    return Mapping.load("twitter_io_tweets", PROJECT_ROOT / "loaders", MODEL)


def _quarantined(directory: Path, name: str) -> list[dict[str, object]]:
    path = directory / "twitter_io_tweets" / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_release_zip_loads_like_the_plain_file(shared_data: Path, tmp_path: Path) -> None:
    archive = tmp_path / "russia_201901_1_tweets_csv_hashed.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.write(shared_data / SAMPLE, "russia_201901_1_tweets_csv_hashed.csv")
    summary = Loader(_tweets(), None, tmp_path, 100).load([archive])
    assert (summary.read, summary.loaded, summary.quarantined) == (408, 407, 1)
    entry = _quarantined(tmp_path, archive.name)[0]
    assert entry["file"] == f"{archive.name}:russia_201901_1_tweets_csv_hashed.csv"


def test_thirty_column_release_without_poll_choices(shared_data: Path, tmp_path: Path) -> None:
    rows = list(csv.reader((shared_data / SAMPLE).open(encoding="utf-8", newline="")))
    older = tmp_path / "russia_201901_1_tweets_30cols.csv"
    with older.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(r[:30] for r in rows[:-1])
    summary = Loader(_tweets(), None, tmp_path, 100).load([older])
    assert (summary.read, summary.loaded, summary.quarantined) == (407, 407, 0)


def test_wrong_encoding_and_bad_values_quarantine_only_their_rows(
    shared_data: Path, tmp_path: Path
) -> None:
    text = (shared_data / SAMPLE).read_text(encoding="utf-8").splitlines(keepends=True)
    header, first, second, third = text[0], text[1], text[2], text[3]
    broken = first.replace("Inside Syria MC", "Inside Syria M\udcff", 1)
    bad_date = second.replace('"2017-03-09 14:53"', '"09/03/2017 at noon"', 1)
    assert bad_date != second
    target = tmp_path / "russia_201901_1_tweets_bad.csv"
    with target.open("wb") as handle:
        handle.write(header.encode())
        handle.write(broken.encode("utf-8", errors="surrogateescape"))  # a lone 0xFF byte
        handle.write(bad_date.encode())
        handle.write(third.encode())
    summary = Loader(_tweets(), None, tmp_path, 100).load([target])
    assert (summary.read, summary.loaded, summary.quarantined) == (3, 1, 2)
    reasons = {e["row"]: e["reason"] for e in _quarantined(tmp_path, target.name)}
    assert reasons[1] == "line 2 is not valid utf-8-sig (wrong encoding)"
    assert "'09/03/2017 at noon' is not a date/time" in str(reasons[2])


def test_unreadable_file_fails_fast(tmp_path: Path) -> None:
    empty = tmp_path / "russia_201901_1_tweets_empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(LoadError, match="no readable header row"):
        Loader(_tweets(), None, tmp_path, 100).load([empty])
    not_zip = tmp_path / "russia_201901_1_tweets.zip"
    not_zip.write_bytes(io.BytesIO(b"not a zip").getvalue())
    with pytest.raises(LoadError, match=r"not a readable \.zip archive"):
        Loader(_tweets(), None, tmp_path, 100).load([not_zip])
