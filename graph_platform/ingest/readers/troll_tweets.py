"""FiveThirtyEight's "russian troll tweets" CSV, with Excel-mangled ids recovered or set aside.

The published files passed through a spreadsheet: large ids may arrive as `9.06E+17` or as
`906000000000000000` (digits lost to floating point), and a file an analyst opens and saves
again gets its dates rewritten with two-digit years (`10/1/17 19:58`). The tweet and author ids
are checked against the ids in `article_url` (`http://twitter.com/<user id>/statuses/<tweet
id>`) and `alt_external_id`; a rounded id the URL cannot recover is set aside (read as null,
with the reason, so the mapping's `fallback:` keys the node instead) — a wrong id is never
stored — and a row whose column and URL disagree is quarantined. Adds virtual columns
`tweet_id_checked`, `author_id_checked`, `publish_time` (ISO; the files' dates are US
month/day/year, with four- or two-digit years, or the reader's `date_formats`) and `links`
(the expanded `tco1_step1`…`tco3_step1` URLs as a list).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from graph_platform.ingest.readers.base import BadRow, SourceRow
from graph_platform.ingest.readers.delimited import CsvReader
from graph_platform.ingest.rounding import always_rounded, zero_ending

_ARTICLE = re.compile(r"twitter\.com/(?P<user>\d+)/status(?:es)?/(?P<tweet>\d+)")
#: The forms FiveThirtyEight published (four-digit years) and a spreadsheet saves (two).
DATE_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%y %H:%M")


class UnrecoverableId(ValueError):
    """A rounded id with no URL to recover it from: set aside, not an error of the row."""


def rounded(given: str) -> str | None:
    """Why an id from these files cannot be trusted as it stands, or None. FiveThirtyEight's
    files all passed through a spreadsheet, so an id ending in zeros past its 15th digit is
    taken as rounded here without a census (see rounding.py for other sources)."""
    if always_rounded(given):
        return always_rounded(given)
    if given.isdigit() and zero_ending(given):
        return f"{given!r} has more digits than a spreadsheet keeps and ends in zeros past the 15th"
    return None


def checked_id(value: str | None, recovered: str | None, what: str) -> str:
    """The trustworthy id from the column `value` and the id `recovered` from the URL.

    Raises UnrecoverableId when the id is rounded and the URL gives none, and ValueError when
    there is no id at all or the column and the URL disagree.
    """
    given = (value or "").strip()
    if given and given.isdigit() and rounded(given) is None:
        if recovered and recovered != given:
            raise ValueError(f"{what} {given} disagrees with {recovered} in article_url")
        return given
    if recovered:
        return recovered
    if not given:
        raise ValueError(f"no {what}, and article_url gives none")
    why = rounded(given) or f"{given!r} is not an id"
    raise UnrecoverableId(f"{why}, and article_url gives no id to recover it")


class TrollTweetsReader(CsvReader):
    kind: ClassVar[str] = "troll_tweets_538"
    options: ClassVar[frozenset[str]] = CsvReader.options | {"date_formats"}
    list_virtual: ClassVar[frozenset[str]] = frozenset({"links"})
    ADDED: ClassVar[tuple[str, ...]] = (
        "tweet_id_checked",
        "author_id_checked",
        "publish_time",
        "links",
    )
    LINK_COLUMNS: ClassVar[tuple[str, ...]] = ("tco1_step1", "tco2_step1", "tco3_step1")

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        formats = options.get("date_formats", DATE_FORMATS)
        formats = [formats] if isinstance(formats, str) else formats
        if not formats or not all(isinstance(f, str) for f in formats):
            raise ValueError("date_formats is a date format or a list of them")
        self.date_formats: tuple[str, ...] = tuple(formats)

    def columns(self, path: Path) -> list[str]:
        return [*super().columns(path), *self.ADDED]

    def published(self, text: str | None) -> datetime | None:
        if not text:
            return None
        for fmt in self.date_formats:
            try:
                return datetime.strptime(text.strip(), fmt)
            except ValueError:
                continue
        raise ValueError(
            f"publish_date {text!r} is not a date/time (expected "
            f"{' or '.join(self.date_formats)}; set the reader option date_formats)"
        )

    def rows(self, path: Path) -> Iterator[SourceRow | BadRow]:
        for row in super().rows(path):
            if isinstance(row, BadRow):
                yield row
                continue
            values: dict[str, Any] = row.values
            match = _ARTICLE.search(values.get("article_url") or "")
            ids: dict[str, str | None] = {}
            set_aside: dict[str, str] = {}
            try:
                for column, given, found, what in (
                    ("tweet_id_checked", "tweet_id", "tweet", "tweet_id"),
                    ("author_id_checked", "alt_external_id", "user", "author id (alt_external_id)"),
                ):
                    try:
                        ids[column] = checked_id(values.get(given), match and match[found], what)
                    except UnrecoverableId as unrecoverable:
                        ids[column] = None
                        set_aside[column] = f"{given} {unrecoverable}"
                when = self.published(values.get("publish_date"))
            except ValueError as error:
                yield BadRow(row.position, row.raw, str(error))
                continue
            links = [values[c] for c in self.LINK_COLUMNS if values.get(c)]
            added = {**ids, "publish_time": when.isoformat() if when else None, "links": links}
            yield SourceRow(row.position, row.raw, {**values, **added}, set_aside)
