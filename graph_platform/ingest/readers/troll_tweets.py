"""FiveThirtyEight's "russian troll tweets" CSV, with Excel-mangled ids recovered or refused.

The published files passed through a spreadsheet: large ids may arrive as `9.06E+17` or as
`906000000000000000` (digits lost to floating point). The tweet and author ids are checked
against the ids in `article_url` (`http://twitter.com/<user id>/statuses/<tweet id>`) and
`alt_external_id`; a row whose id cannot be recovered, or whose sources disagree, is quarantined —
a wrong id is never stored. Adds virtual columns `tweet_id_checked`, `author_id_checked`,
`publish_time` (ISO; the file's dates are US month/day/year) and `links` (the expanded
`tco1_step1`…`tco3_step1` URLs as a list).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from graph_platform.ingest.readers.base import BadRow, SourceRow
from graph_platform.ingest.readers.delimited import CsvReader

_ARTICLE = re.compile(r"twitter\.com/(?P<user>\d+)/status(?:es)?/(?P<tweet>\d+)")
_MANGLED = re.compile(r"^\d+(?:\.\d+)?[eE][+-]?\d+$")
#: Spreadsheets keep 15 significant digits, so a longer id ending in that many zeros may be
#: rounded (e.g. 914623490375979008 → 914623490375979000): never trusted without a URL to agree.
_SIGNIFICANT = 15


def _rounded(digits: str) -> bool:
    excess = len(digits) - _SIGNIFICANT
    return excess > 0 and digits.endswith("0" * excess)


def checked_id(value: str | None, recovered: str | None, what: str) -> str:
    """The trustworthy id from the column `value` and the id `recovered` from the URL.

    Raises ValueError with the reason when neither can be trusted or they disagree.
    """
    given = (value or "").strip()
    if given and given.isdigit() and not _rounded(given):
        if recovered and recovered != given:
            raise ValueError(f"{what} {given} disagrees with {recovered} in article_url")
        return given
    if recovered:
        return recovered
    if not given:
        raise ValueError(f"no {what}, and article_url gives none")
    mangled = _MANGLED.match(given) or (given.isdigit() and _rounded(given))
    kind = "Excel-mangled" if mangled else "not an id"
    raise ValueError(f"{what} {given!r} is {kind} and article_url gives no id to recover it")


class TrollTweetsReader(CsvReader):
    kind: ClassVar[str] = "troll_tweets_538"
    ADDED: ClassVar[tuple[str, ...]] = (
        "tweet_id_checked",
        "author_id_checked",
        "publish_time",
        "links",
    )
    LINK_COLUMNS: ClassVar[tuple[str, ...]] = ("tco1_step1", "tco2_step1", "tco3_step1")

    def columns(self, path: Path) -> list[str]:
        return [*super().columns(path), *self.ADDED]

    def rows(self, path: Path) -> Iterator[SourceRow | BadRow]:
        for row in super().rows(path):
            if isinstance(row, BadRow):
                yield row
                continue
            values: dict[str, Any] = row.values
            match = _ARTICLE.search(values.get("article_url") or "")
            try:
                tweet = checked_id(values.get("tweet_id"), match and match["tweet"], "tweet_id")
                author = checked_id(
                    values.get("alt_external_id"),
                    match and match["user"],
                    "author id (alt_external_id)",
                )
                published = values.get("publish_date")
                when = datetime.strptime(published, "%m/%d/%Y %H:%M") if published else None
            except ValueError as error:
                yield BadRow(row.position, row.raw, str(error))
                continue
            links = [values[c] for c in self.LINK_COLUMNS if values.get(c)]
            added = {
                "tweet_id_checked": tweet,
                "author_id_checked": author,
                "publish_time": when.isoformat() if when else None,
                "links": links,
            }
            yield SourceRow(row.position, row.raw, {**values, **added})
