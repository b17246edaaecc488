"""Delimited text (CSV) with a header row, plain or inside a .zip; the Twitter IO variant."""

from __future__ import annotations

import ast
import codecs
import csv
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from graph_platform.errors import LoadError
from graph_platform.ingest.mapping_spec import fold_word
from graph_platform.ingest.readers.base import BadRow, Member, Position, Reader, SourceRow

csv.field_size_limit(sys.maxsize)


def column_nulls(option: Any) -> dict[str, frozenset[str]]:
    """The `column_nulls` option, checked: each column's sentinels, folded for comparison."""
    if not isinstance(option, dict) or not all(
        isinstance(v, list) and all(isinstance(w, str) for w in v) for v in option.values()
    ):
        raise ValueError("column_nulls maps a column to a list of its null words")
    return {str(column): frozenset(map(fold_word, words)) for column, words in option.items()}


class _LineTap:
    """Feeds decoded lines to the csv module while keeping the raw lines of the current row.

    A line that does not decode is replaced by an empty marker and remembered, so the row it
    belongs to is quarantined ("wrong encoding") while the rest of the file still loads.
    """

    def __init__(self, binary: io.BufferedIOBase | Any, encoding: str) -> None:
        self.binary = binary
        self.decoder = codecs.getincrementaldecoder(encoding)()
        self.lines: list[str] = []
        self.undecodable: list[int] = []
        self.line_no = 0

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        raw = self.binary.readline()
        if not raw:
            raise StopIteration
        self.line_no += 1
        try:
            line = self.decoder.decode(raw)
        except UnicodeDecodeError:
            self.decoder.reset()
            self.undecodable.append(self.line_no)
            line = raw.decode("utf-8", errors="replace")
        self.lines.append(line)
        return line

    def take(self) -> tuple[str, list[int]]:
        raw, bad = "".join(self.lines), list(self.undecodable)
        self.lines.clear()
        self.undecodable.clear()
        return raw, bad


class CsvReader(Reader):
    """Options: encoding (utf-8-sig: a BOM is dropped), delimiter, null_values, column_nulls,
    list_columns.

    `null_values` are cells that mean "no value" in every column, `column_nulls` those of one
    column (`{disinformant: [unspecified]}`; compared case-insensitively, spaces trimmed).
    `list_columns` hold Python-style lists (`['a', 'b']`) as in Twitter's archives; a plain
    comma-separated value is split instead. Virtual column `_file` is the file name.
    """

    kind: ClassVar[str] = "csv"
    options: ClassVar[frozenset[str]] = frozenset(
        {"encoding", "delimiter", "null_values", "column_nulls", "list_columns"}
    )
    #: Virtual columns the reader adds that hold lists.
    list_virtual: ClassVar[frozenset[str]] = frozenset()
    member_suffixes: ClassVar[tuple[str, ...]] = (".csv", ".tsv", ".txt")

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.encoding: str = options.get("encoding", "utf-8-sig")
        self.delimiter: str = options.get("delimiter", ",")
        self.null_values: set[str] = set(options.get("null_values", [""]))
        self.column_nulls = column_nulls(options.get("column_nulls", {}))
        self.list_columns: set[str] = set(options.get("list_columns", []))

    def list_valued(self, column: str) -> bool:
        return column in self.list_columns or column in self.list_virtual

    def virtual_columns(self, member: Member) -> dict[str, Any]:
        return {"_file": member.name}

    def _header(self, member: Member) -> list[str]:
        with member.open_binary() as binary:
            tap = _LineTap(binary, self.encoding)
            try:
                header = next(csv.reader(tap, delimiter=self.delimiter), None)
            except csv.Error as error:
                raise LoadError(f"{member.label}: cannot read the header row ({error})") from None
            if not header or tap.undecodable:
                raise LoadError(
                    f"{member.label}: no readable header row (empty file, or not "
                    f"{self.encoding} text)"
                )
        return header

    def columns(self, path: Path) -> list[str]:
        names: list[str] = []
        for member in self.members(path):
            names += [*self._header(member), *self.virtual_columns(member)]
        return list(dict.fromkeys(names))

    def _list(self, text: str) -> list[str]:
        text = text.strip()
        if text.startswith("["):
            parsed = ast.literal_eval(text)
            if not isinstance(parsed, list):
                raise ValueError("not a list")
            return [str(v) for v in parsed if v not in (None, "")]
        return [part.strip() for part in text.split(",") if part.strip()]

    def _values(
        self, header: list[str], fields: list[str], virtual: dict[str, Any]
    ) -> dict[str, Any] | str:
        """The row's values by column, or the reason it cannot be used."""
        if len(fields) != len(header):
            return (
                f"expected {len(header)} columns, found {len(fields)} (truncated or malformed row)"
            )
        values: dict[str, Any] = dict(virtual)
        for name, text in zip(header, fields, strict=True):
            sentinels = self.column_nulls.get(name)
            if text in self.null_values or (sentinels and fold_word(text) in sentinels):
                values[name] = [] if name in self.list_columns else None
            elif name in self.list_columns:
                try:
                    values[name] = self._list(text)
                except (ValueError, SyntaxError):
                    return f"column {name}: {text[:80]!r} is not a list"
            else:
                values[name] = text
        return values

    def rows(self, path: Path) -> Iterator[SourceRow | BadRow]:
        for member in self.members(path):
            yield from self._member_rows(member)

    def _member_rows(self, member: Member) -> Iterator[SourceRow | BadRow]:
        header = self._header(member)
        virtual = self.virtual_columns(member)
        with member.open_binary() as binary:
            tap = _LineTap(binary, self.encoding)
            reader = csv.reader(tap, delimiter=self.delimiter)
            next(reader)
            tap.take()
            number = 0
            while True:
                first_line = tap.line_no + 1
                try:
                    fields = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    fields, problem = [], str(error)
                else:
                    problem = ""
                number += 1
                position = Position(member.label, number, first_line)
                raw, undecodable = tap.take()
                if undecodable:
                    problem = f"line {undecodable[0]} is not valid {self.encoding} (wrong encoding)"
                values = problem or self._values(header, fields, virtual)
                if isinstance(values, str):
                    yield BadRow(position, raw, values)
                else:
                    yield SourceRow(position, raw, values)


class TwitterIoReader(CsvReader):
    """Twitter Information Operations archive CSV (plain or the release's .zip); adds virtual
    column `release` from the file name (`russia_201901_1_tweets_csv_hashed.csv` →
    `russia_201901_1`)."""

    kind: ClassVar[str] = "twitter_io"
    RELEASE = re.compile(r"^(?P<release>.+?)_(?:tweets|users)(?:_|\.|$)")

    def virtual_columns(self, member: Member) -> dict[str, Any]:
        match = self.RELEASE.match(member.name)
        if not match:
            raise LoadError(
                f"{member.label}: cannot tell the release from the file name; "
                "expected <release>_tweets….csv or <release>_users….csv"
            )
        return {**super().virtual_columns(member), "release": match["release"]}
