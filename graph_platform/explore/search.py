"""Search over names, handles, aliases and texts: the full-text index first, then a fuzzy
fallback in Latin letters (the resolution normaliser's transliteration), so "@Inside_Syria",
"inside syr" (type-ahead) and "Путин" find what "Inside_Syria" and "Putin" name.

The caller's words never reach Lucene as syntax: every operator is escaped, and the query is
built here from plain terms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph_platform.errors import InvalidArguments
from graph_platform.explore.page import check_first, decode_cursor, encode_cursor
from graph_platform.explore.reader import GraphReader
from graph_platform.explore.view import NodeView
from graph_platform.resolve.name_parts import latin_tokens

CURSOR = "search"
#: Longest search text accepted.
MAX_TEXT = 200
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


@dataclass(frozen=True)
class SearchHit:
    cursor: str
    node: NodeView
    score: float
    matched_by: str  # "fulltext" or "fuzzy"


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    has_next_page: bool
    total: int

    @property
    def end_cursor(self) -> str | None:
        return self.hits[-1].cursor if self.hits else None


def _escape(term: str) -> str:
    return _LUCENE_SPECIAL.sub(r"\\\1", term)


def words(text: str) -> list[str]:
    """The caller's words: lower case, a leading @ dropped (handles), empty ones gone."""
    return [w for w in (part.lower().lstrip("@") for part in text.split()) if w]


def fulltext_query(terms: Sequence[str]) -> str:
    """Every word required; the last also as a prefix (type-ahead: "inside syr")."""
    *head, last = [_escape(term) for term in terms]
    return " ".join([*(f"+{term}" for term in head), f"+({last} {last}*)"])


def fuzzy_query(terms: Sequence[str]) -> str:
    """Any word within an edit or two (more for longer words), in the caller's letters and in
    Latin transliteration; the best-scoring nodes share the most words."""
    variants = dict.fromkeys([*terms, *(t for term in terms for t in latin_tokens(term))])
    clauses = [
        f"{_escape(term)}~{1 if len(term) < 6 else 2}" if len(term) > 3 else _escape(term)
        for term in variants
    ]
    return " ".join(clauses)


async def search(
    reader: GraphReader,
    text: str,
    types: Sequence[str] | None = None,
    first: int = 20,
    after: str | None = None,
) -> SearchPage:
    """Nodes the caller may see matching `text`, best first, `first` from `after` on."""
    if len(text) > MAX_TEXT:
        raise InvalidArguments(f"text must be at most {MAX_TEXT} characters")
    terms = words(text)
    if not terms:
        raise InvalidArguments("text must contain a word")
    first = check_first(first)
    cursor = decode_cursor(CURSOR, after)
    skip, matched_by = (0, "") if cursor is None else (int(cursor[0]), str(cursor[1]))
    wanted = list(types) if types else None
    if matched_by in ("", "fulltext"):
        page = await _page(reader, fulltext_query(terms), "fulltext", wanted, skip, first)
        if page.total or matched_by == "fulltext":
            return page
    return await _page(reader, fuzzy_query(terms), "fuzzy", wanted, skip, first)


async def _page(
    reader: GraphReader,
    lucene: str,
    matched_by: str,
    types: list[str] | None,
    skip: int,
    first: int,
) -> SearchPage:
    rows = await reader.rows(
        "explore.search", lucene=lucene, types=types, skip=skip, limit=first + 1
    )
    hits = tuple(
        SearchHit(
            encode_cursor(CURSOR, [skip + i + 1, matched_by]),
            NodeView.from_map(row["node"]),
            float(row["score"]),
            matched_by,
        )
        for i, row in enumerate(rows[:first])
    )
    total = int(rows[0]["total"]) if rows else 0
    return SearchPage(hits, len(rows) > first, total)
