"""Numeric ids that a spreadsheet rounded: detected, so that they are never used as identifiers.

A spreadsheet holds numbers as doubles and keeps 15 significant digits, so an 18-digit platform
id opened and saved again comes back as `9.06E+17` or `906000000000000000`: many accounts share
one value, and an id mapped as-is would merge them. A value is set aside when it is

- in scientific notation (`9.06E+17`) or a decimal number with more than 15 digits
  (`914580356430536707.0`): always, as no id is written so;
- a whole number with more digits than a double carries (more than 15 significant) whose digits
  past the 15th are all zeros, in a column where at least half of the long ids end so — half of
  its distinct long ids, or half of the rows that hold one. A spreadsheet rounds every long
  number of a column it saves, and rounding makes many rows share one value (an author list
  whose accounts all read 906000000000000000); true ids end in zeros rarely, if more often than
  one in 10^excess: Twitter's ids carry a sequence number in their low bits that is often 0, and
  3 of the 408 tweet ids of the shipped sample end in 000. So the census of a column, read
  before the file is loaded, tells a re-saved column from a true one, whose few zero-ending ids
  are kept. (A file of one account's posts whose true id ends in zeros has that id set aside:
  the account is then keyed by its fallback, never by a wrong id.)
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

import numpy as np

#: Significant digits a spreadsheet's double keeps.
SIGNIFICANT = 15
#: A column is rounded when at least this share of its distinct long ids end in zeros.
ROUNDED_SHARE = 0.5
#: Distinct suspect values whose rows are counted (the rest are still counted as suspects).
_TRACKED = 100_000
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_DECIMAL = re.compile(r"^\d+\.\d+$")
_WHOLE = re.compile(r"^\d+$")


def _excess(digits: str) -> int:
    """How many digits past the 15 significant ones a double keeps."""
    return len(digits.lstrip("0")) - SIGNIFICANT


def zero_ending(digits: str) -> bool:
    """True when `digits` has more than 15 significant digits and those past the 15th are 0."""
    excess = _excess(digits)
    return excess > 0 and digits.endswith("0" * excess)


def always_rounded(text: str) -> str | None:
    """Why `text` cannot be an exact id whatever its column shows, or None."""
    if _SCIENTIFIC.match(text):
        mantissa = text.lower().split("e")[0].replace(".", "").lstrip("+-").lstrip("0")
        return (
            f"{text!r} is in scientific notation: a spreadsheet kept {len(mantissa)} "
            "significant digit(s) of the id"
        )
    if _DECIMAL.match(text) and len(text.split(".")[0].lstrip("0")) > SIGNIFICANT:
        return f"{text!r} is a decimal number: the id passed through a float and lost digits"
    return None


@dataclass
class _Column:
    long_ids: array[int] = field(default_factory=lambda: array("Q"))
    suspects: dict[str, int] = field(default_factory=dict)  # rows by zero-ending value
    untracked: int = 0  # zero-ending values past the tracked ones (each counted once)
    suspect_rows: int = 0


@dataclass(frozen=True)
class ColumnVerdict:
    """What the census of one column found: distinct long ids and those ending in zeros past
    the 15th digit, the same counted in rows, and whether the column is rounded."""

    long_ids: int
    zero_ending: int
    rows: int
    zero_ending_rows: int
    rounded: bool


class IdCensus:
    """The long numeric values of the checked columns of one file, read before it is loaded."""

    def __init__(self) -> None:
        self._columns: dict[str, _Column] = {}
        self._verdicts: dict[str, ColumnVerdict] = {}

    def add(self, column: str, value: object) -> None:
        """Count one cell (a list cell: each of its items)."""
        if isinstance(value, list):
            for item in value:
                self.add(column, item)
            return
        if not isinstance(value, str):
            return
        text = value.strip()
        if not _WHOLE.match(text) or _excess(text) <= 0 or int(text) >= 1 << 64:
            return
        stats = self._columns.setdefault(column, _Column())
        stats.long_ids.append(int(text))
        if zero_ending(text):
            stats.suspect_rows += 1
            if text in stats.suspects or len(stats.suspects) < _TRACKED:
                stats.suspects[text] = stats.suspects.get(text, 0) + 1
            else:
                stats.untracked += 1
        self._verdicts.pop(column, None)

    def verdict(self, column: str) -> ColumnVerdict:
        if column not in self._verdicts:
            self._verdicts[column] = self._judge(self._columns.get(column, _Column()))
        return self._verdicts[column]

    @staticmethod
    def _judge(stats: _Column) -> ColumnVerdict:
        distinct = len(np.unique(np.frombuffer(stats.long_ids, dtype=np.uint64)))
        zero_ending = min(len(stats.suspects) + stats.untracked, distinct)
        rows, zero_rows = len(stats.long_ids), stats.suspect_rows
        rounded = zero_ending > 0 and (
            zero_ending >= ROUNDED_SHARE * distinct or zero_rows >= ROUNDED_SHARE * rows
        )
        return ColumnVerdict(distinct, zero_ending, rows, zero_rows, rounded)

    def reason(self, column: str | None, text: str) -> str | None:
        """Why the id `text` read from `column` is set aside, or None when it can be trusted."""
        text = text.strip()
        if not text.isdigit():  # most ids that are no number (hashes) fail the first test
            return always_rounded(text) if text[:1].isdigit() else None
        if column is None or not zero_ending(text):
            return None
        verdict = self.verdict(column)
        if not verdict.rounded:
            return None
        shared = self._columns[column].suspects.get(text, 0)
        sharing = f"; {shared} rows share this value" if shared > 1 else ""
        return (
            f"{text!r} has more digits than a spreadsheet keeps and its last {_excess(text)} "
            f"are zeros, as have {verdict.zero_ending} of the column's {verdict.long_ids} "
            f"distinct long ids ({verdict.zero_ending_rows} of {verdict.rows} rows){sharing}: "
            "a spreadsheet rounded them"
        )
