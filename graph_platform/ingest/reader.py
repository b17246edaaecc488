"""Readers turn a source file into rows of named values, looked up by the mapping's `kind`.

A reader never stops on a bad row: it yields a BadRow with its position, raw text and reason, and
goes on. Only an unreadable file (missing, not decodable at all, no header) raises LoadError.
"""

from __future__ import annotations

import ast
import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, TextIO

from graph_platform.errors import LoadError

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Position:
    file: str
    row: int  # 1-based data row, header excluded
    line: int  # first physical line of the row


@dataclass(frozen=True)
class SourceRow:
    position: Position
    raw: str
    values: dict[str, Any]


@dataclass(frozen=True)
class BadRow:
    position: Position
    raw: str
    reason: str


class _LineTap:
    """Iterates a text file for the csv module while keeping the raw lines of the current row."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.lines: list[str] = []
        self.line_no = 0

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = next(self.handle)
        self.lines.append(line)
        self.line_no += 1
        return line

    def take(self) -> str:
        raw = "".join(self.lines)
        self.lines.clear()
        return raw


class CsvReader:
    """Delimited text with a header row. Options: encoding, delimiter, null_values, list_columns.

    `list_columns` hold Python-style lists (`['a', 'b']`) as in Twitter's archives; a plain
    comma-separated value is split instead. Virtual column `_file` is the file name.
    """

    kind: ClassVar[str] = "csv"

    def __init__(self, options: dict[str, Any]) -> None:
        unknown = set(options) - self.known_options()
        if unknown:
            raise ValueError(
                f"unknown option(s) {sorted(unknown)}; known: {sorted(self.known_options())}"
            )
        self.encoding: str = options.get("encoding", "utf-8-sig")
        self.delimiter: str = options.get("delimiter", ",")
        self.null_values: set[str] = set(options.get("null_values", [""]))
        self.list_columns: set[str] = set(options.get("list_columns", []))

    @classmethod
    def known_options(cls) -> set[str]:
        return {"encoding", "delimiter", "null_values", "list_columns"}

    def virtual_columns(self, path: Path) -> dict[str, Any]:
        return {"_file": path.name}

    def columns(self, path: Path) -> list[str]:
        """The header of `path` plus the virtual columns."""
        with self._open(path) as handle:
            header = next(csv.reader(handle, delimiter=self.delimiter), None)
        if not header:
            raise LoadError(f"{path}: empty file, expected a header row")
        return [*header, *self.virtual_columns(path)]

    def _open(self, path: Path) -> TextIO:
        try:
            return path.open(encoding=self.encoding, newline="")
        except OSError as error:
            raise LoadError(f"{path}: cannot open ({error.strerror})") from error

    def _list(self, text: str) -> list[str]:
        text = text.strip()
        if text.startswith("["):
            parsed = ast.literal_eval(text)
            if not isinstance(parsed, list):
                raise ValueError("not a list")
            return [str(v) for v in parsed if v not in (None, "")]
        return [part.strip() for part in text.split(",") if part.strip()]

    def rows(self, path: Path) -> Iterator[SourceRow | BadRow]:
        virtual = self.virtual_columns(path)
        with self._open(path) as handle:
            tap = _LineTap(handle)
            reader = csv.reader(tap, delimiter=self.delimiter)
            try:
                header = next(reader)
            except (StopIteration, csv.Error, UnicodeDecodeError) as error:
                raise LoadError(f"{path}: cannot read the header row ({error})") from error
            tap.take()
            number = 0
            while True:
                first_line = tap.line_no + 1
                try:
                    fields = next(reader)
                except StopIteration:
                    return
                except (csv.Error, UnicodeDecodeError) as error:
                    number += 1
                    yield BadRow(Position(path.name, number, first_line), tap.take(), str(error))
                    continue
                number += 1
                position = Position(path.name, number, first_line)
                raw = tap.take()
                if len(fields) != len(header):
                    reason = (
                        f"expected {len(header)} columns, found {len(fields)} "
                        "(truncated or malformed row)"
                    )
                    yield BadRow(position, raw, reason)
                    continue
                values: dict[str, Any] = dict(virtual)
                problem = None
                for name, text in zip(header, fields, strict=True):
                    if text in self.null_values:
                        values[name] = [] if name in self.list_columns else None
                    elif name in self.list_columns:
                        try:
                            values[name] = self._list(text)
                        except (ValueError, SyntaxError):
                            problem = f"column {name}: {text[:80]!r} is not a list"
                            break
                    else:
                        values[name] = text
                if problem:
                    yield BadRow(position, raw, problem)
                else:
                    yield SourceRow(position, raw, values)


class TwitterIoReader(CsvReader):
    """Twitter Information Operations archive CSV; adds virtual column `release` from the name
    (`russia_201901_1_tweets_csv_hashed.csv` → `russia_201901_1`)."""

    kind: ClassVar[str] = "twitter_io"
    RELEASE = re.compile(r"^(?P<release>.+?)_(?:tweets|users)(?:_|\.|$)")

    def virtual_columns(self, path: Path) -> dict[str, Any]:
        match = self.RELEASE.match(path.name)
        if not match:
            raise LoadError(
                f"{path}: cannot tell the release from the file name; expected "
                "<release>_tweets….csv or <release>_users….csv"
            )
        return {**super().virtual_columns(path), "release": match["release"]}


READERS: dict[str, type[CsvReader]] = {r.kind: r for r in (CsvReader, TwitterIoReader)}
