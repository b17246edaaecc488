"""JSON sources whose rows are objects: JSON lines (FtM entity streams) and one JSON document
holding an array of objects (a MISP galaxy's `values`).

Every object becomes a row read by dotted path (see record.py), with virtual columns `_file` (the
file name) and, for a document, `_document` (its other top-level keys: a galaxy's name, version,
uuid). A line that is not JSON, or an object that lacks a `required` key, is a bad row; a
document that is not JSON at all cannot be read (LoadError).

`order_by` / `first` / `last` yield rows whose `order_by` value is in `first` before the rest and
those in `last` after it, so nodes are written before the rows that refer to them (an FtM Payment
refers to its payer, a Person to its Address): the writer only links nodes that exist.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from graph_platform.errors import LoadError
from graph_platform.ingest.readers.base import BadRow, Member, Position, Reader, SourceRow
from graph_platform.ingest.readers.delimited import column_nulls
from graph_platform.ingest.readers.json_record import ANY_COLUMN, JsonRecord

#: Passes in which rows are yielded (see `order_by`).
FIRST, MIDDLE, LAST = 0, 1, 2


class JsonObjectsReader(Reader):
    """Shared options: required, null_values, column_nulls, order_by, first, last."""

    options: ClassVar[frozenset[str]] = frozenset(
        {"required", "null_values", "column_nulls", "order_by", "first", "last"}
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.required: tuple[str, ...] = tuple(options.get("required", ()))
        self.null_values = frozenset(options.get("null_values", [""]))
        self.column_nulls = column_nulls(options.get("column_nulls", {}))
        self.order_by: str | None = options.get("order_by")
        self.first = frozenset(options.get("first", ()))
        self.last = frozenset(options.get("last", ()))
        if (self.first or self.last) and not self.order_by:
            raise ValueError("first / last need order_by (the key whose value orders the rows)")

    def columns(self, path: Path) -> list[str]:
        for member in self.members(path):
            with member.open_binary():
                pass
        return [ANY_COLUMN]

    def row(
        self, position: Position, raw: str, data: Any, virtual: dict[str, Any]
    ) -> SourceRow | BadRow:
        """The object as a row, or why it cannot be one."""
        if not isinstance(data, dict):
            return BadRow(position, raw, f"a JSON {type(data).__name__}, not an object")
        record = JsonRecord(data, virtual, self.null_values, self.column_nulls)
        missing = [key for key in self.required if record.get(key) in (None, [], {})]
        if missing:
            return BadRow(position, raw, f"no {', '.join(missing)} (required)")
        return SourceRow(position, raw, record)

    def rank(self, row: SourceRow | BadRow) -> int:
        """Which pass yields the row: referenced objects first, referring ones last."""
        if self.order_by is None or isinstance(row, BadRow):
            return MIDDLE
        value = row.values.get(self.order_by)
        if value in self.first:
            return FIRST
        return LAST if value in self.last else MIDDLE


class JsonLinesReader(JsonObjectsReader):
    """One JSON object per line (.jsonl, .ndjson, FtM's .ijson); blank lines are skipped."""

    kind: ClassVar[str] = "jsonl"
    member_suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson", ".ijson", ".json")

    def rows(self, path: Path) -> Iterator[SourceRow | BadRow]:
        for member in self.members(path):
            passes = (FIRST, MIDDLE, LAST) if self.order_by else (MIDDLE,)
            for current in passes:  # one streaming read per pass: memory stays flat
                yield from (r for r in self._member_rows(member) if self.rank(r) == current)

    def _member_rows(self, member: Member) -> Iterator[SourceRow | BadRow]:
        virtual = {"_file": member.name}
        with member.open_binary() as handle:
            number = 0
            for line_no, data in enumerate(handle, start=1):
                if not data.strip():
                    continue
                number += 1
                position = Position(member.label, number, line_no)
                try:
                    text = data.decode("utf-8-sig" if line_no == 1 else "utf-8")
                except UnicodeDecodeError:
                    raw = data.decode("utf-8", errors="replace").rstrip("\r\n")
                    yield BadRow(position, raw, f"line {line_no} is not valid utf-8")
                    continue
                raw = text.rstrip("\r\n")
                try:
                    parsed = json.loads(raw)
                except json.JSONDecodeError as error:
                    yield BadRow(position, raw, f"not JSON ({error.msg} at column {error.colno})")
                    continue
                yield self.row(position, raw, parsed, virtual)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def array_items(text: str, key: str | None) -> Iterator[tuple[int, int, Any]]:
    """(start, end, value) of each item of the array at top-level `key` (or of the top-level
    array) in the JSON `text`, which must already be known to be valid."""
    decoder = json.JSONDecoder()
    index = _skip_space(text, 0)
    if key is not None:
        index = _skip_space(text, index + 1)  # past "{"
        while text[index] != "}":
            name, index = decoder.raw_decode(text, index)
            index = _skip_space(text, _skip_space(text, index) + 1)  # past ":"
            if name == key:
                break
            _, index = decoder.raw_decode(text, index)
            index = _skip_space(text, index)
            index = _skip_space(text, index + 1) if text[index] == "," else index
        else:
            return
    if text[index] != "[":
        return
    index = _skip_space(text, index + 1)
    while text[index] != "]":
        value, end = decoder.raw_decode(text, index)
        yield index, end, value
        index = _skip_space(text, end)
        index = _skip_space(text, index + 1) if text[index] == "," else index


class JsonDocumentReader(JsonObjectsReader):
    """One JSON document whose `rows` key holds the array of row objects (a MISP galaxy:
    `rows: values`); without `rows` the document itself must be the array."""

    kind: ClassVar[str] = "json"
    options: ClassVar[frozenset[str]] = JsonObjectsReader.options | {"rows"}
    member_suffixes: ClassVar[tuple[str, ...]] = (".json",)

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.rows_key: str | None = options.get("rows")

    def document(self, member: Member) -> tuple[str, Any]:
        """The member's text and parsed document; LoadError if it is not JSON."""
        with member.open_binary() as handle:
            data = handle.read()
        try:
            text = data.decode("utf-8-sig")
            return text, json.loads(text)
        except UnicodeDecodeError as error:
            raise LoadError(f"{member.label}: not utf-8 text ({error})") from None
        except json.JSONDecodeError as error:
            raise LoadError(
                f"{member.label}: not valid JSON ({error.msg} at line {error.lineno})"
            ) from None

    def columns(self, path: Path) -> list[str]:
        for member in self.members(path):
            self.check(member, self.document(member)[1])
        return [ANY_COLUMN]

    def check(self, member: Member, document: Any) -> None:
        """Raise LoadError unless `document` holds the array of rows where expected."""
        rows = document.get(self.rows_key) if isinstance(document, dict) else None
        if self.rows_key is None:
            rows = document
        if not isinstance(rows, list):
            where = f"key {self.rows_key!r}" if self.rows_key else "the document"
            raise LoadError(f"{member.label}: {where} is not an array of objects")

    def context(self, member: Member, document: Any) -> dict[str, Any]:
        """Virtual columns of every row: `_file`, and `_document` (its other top-level keys)."""
        others = {}
        if isinstance(document, dict):
            others = {k: v for k, v in document.items() if k != self.rows_key}
        return {"_file": member.name, "_document": others}

    def rows(self, path: Path) -> Iterator[SourceRow | BadRow]:
        for member in self.members(path):
            text, document = self.document(member)
            self.check(member, document)
            virtual = self.context(member, document)
            found: list[SourceRow | BadRow] = []
            line, counted = 1, 0
            for number, (start, end, value) in enumerate(array_items(text, self.rows_key), 1):
                line += text.count("\n", counted, start)
                counted = start
                position = Position(member.label, number, line)
                found.append(self.row(position, text[start:end], value, virtual))
            yield from sorted(found, key=self.rank)
