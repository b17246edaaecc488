"""The gazetteer: names and aliases of the graph's entities, which NER may link posts to.

Built from the graph (`nlp.gazetteer_names`): people, organisations, locations and influence
operations with their names and aliases. It gives spaCy EntityRuler patterns for exact,
case-insensitive hits, and fuzzy lookup (rapidfuzz) of the spans statistical NER finds. A name is
looked up by its key (`name_key`: case-folded, `the`/possessive `'s` dropped, spaces collapsed), and
one key may name several entities: an ambiguous name, which the linker resolves by dividing the
confidence among them. Plain data, so it pickles to worker processes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from graph_platform.store.queries import QueryRegistry

#: Which spaCy NER labels may name an entity of each ontology type (for fuzzy lookup).
NER_LABELS: Mapping[str, frozenset[str]] = {
    "Person": frozenset({"PERSON"}),
    "Organisation": frozenset({"ORG", "NORP"}),
    "LegalEntity": frozenset({"PERSON", "ORG"}),
    "InfluenceOperation": frozenset({"ORG"}),
    "Location": frozenset({"GPE", "LOC", "NORP"}),
}
#: The label an exact gazetteer hit gets in `doc.ents` (for readers of the Doc; links use its id).
RULER_LABELS: Mapping[str, str] = {
    "Person": "PERSON",
    "Organisation": "ORG",
    "LegalEntity": "ORG",
    "InfluenceOperation": "ORG",
    "Location": "GPE",
}
#: Lookup thresholds: a fuzzy match needs this token_sort_ratio (0–100); a lone surname of a
#: person ("Assad" for "Bashar al-Assad") scores SURNAME_SCORE.
FUZZY_THRESHOLD = 88.0
SURNAME_SCORE = 90.0
#: Names shorter than this are left out, unless they are acronyms (matched case-sensitively).
MIN_NAME_LENGTH = 3
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.&]{1,5}$")
_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"['’]s$")


def name_key(text: str) -> str:
    """The lookup key of a name: `The Internet Research Agency's` → `internet research agency`."""
    key = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    key = _SPACE.sub(" ", key).strip(" \t\n.,;:!?\"'()[]")
    key = _POSSESSIVE.sub("", _ARTICLE.sub("", key))
    return key.strip()


@dataclass(frozen=True)
class GazetteerEntity:
    """An entity a name refers to: its graph id and ontology type."""

    id: str
    type: str


@dataclass
class Gazetteer:
    """Names (by key) of the entities posts may be linked to, with ruler patterns and fuzzy lookup.

    `spellings` keeps every distinct spelling of a key (for patterns); `entities` what each key
    names. Build it with `from_rows` / `from_graph`.
    """

    entities: dict[str, tuple[GazetteerEntity, ...]] = field(default_factory=dict)
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _choices: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    _processed: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    _surnames: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        by_label: dict[str, list[str]] = defaultdict(list)
        surnames: dict[str, list[str]] = defaultdict(list)
        for key, entities in sorted(self.entities.items()):
            for label in sorted({lab for e in entities for lab in NER_LABELS.get(e.type, ())}):
                by_label[label].append(key)
            tokens = default_process(key).split()
            if len(tokens) > 1 and any(e.type == "Person" for e in entities):
                surnames[tokens[-1]].append(key)
        self._choices = dict(by_label)
        self._processed = {
            label: [default_process(k) for k in keys] for label, keys in by_label.items()
        }
        self._surnames = dict(surnames)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Gazetteer:
        """From rows of `id`, `type` and `names` (as `nlp.gazetteer_names` returns them)."""
        entities: dict[str, dict[str, GazetteerEntity]] = defaultdict(dict)
        spellings: dict[str, dict[str, None]] = defaultdict(dict)
        for row in rows:
            entity = GazetteerEntity(str(row["id"]), str(row["type"]))
            for name in row["names"]:
                text = _SPACE.sub(" ", str(name)).strip()
                key = name_key(text)
                if len(key) < MIN_NAME_LENGTH and not _ACRONYM.match(text):
                    continue
                if not any(ch.isalpha() for ch in key):
                    continue
                entities[key][entity.id] = entity
                spellings[key][text] = None
        return cls(
            {key: tuple(found.values()) for key, found in entities.items()},
            {key: tuple(found) for key, found in spellings.items()},
        )

    @classmethod
    def from_graph(cls, driver: neo4j.Driver, registry: QueryRegistry, database: str) -> Gazetteer:
        """The gazetteer of the graph's current names and aliases."""
        return cls.from_rows(registry.read(driver, database, "nlp.gazetteer_names"))

    def __len__(self) -> int:
        """Number of distinct names (keys)."""
        return len(self.entities)

    @property
    def entity_count(self) -> int:
        """Number of distinct entities named."""
        return len({e.id for found in self.entities.values() for e in found})

    def patterns(self) -> list[dict[str, Any]]:
        """EntityRuler patterns, one per spelling, each with the name's key as its `id`.

        Phrase patterns, matched on the LOWER attribute (case-insensitive); acronyms (`UAE`, `PRC`)
        are token patterns on the exact text, so `US` does not match the word `us`.
        """
        found: list[dict[str, Any]] = []
        for key, spellings in sorted(self.spellings.items()):
            label = RULER_LABELS.get(self.entities[key][0].type, "ORG")
            seen: set[str] = set()
            for text in spellings:
                if _ACRONYM.match(text):
                    tokens = [{"TEXT": token} for token in text.split()]
                    found.append({"label": label, "pattern": tokens, "id": key})
                elif text.lower() not in seen:
                    seen.add(text.lower())
                    found.append({"label": label, "pattern": text, "id": key})
        return found

    def lookup(self, key: str) -> tuple[GazetteerEntity, ...]:
        """The entities a name key refers to (none if it is not a gazetteer name)."""
        return self.entities.get(key, ())

    def fuzzy(
        self, text: str, label: str, threshold: float = FUZZY_THRESHOLD
    ) -> list[tuple[str, float]]:
        """Keys of the names closest to `text`, a span NER labelled `label`, with their score.

        Whole names are compared order-insensitively (`token_sort_ratio`: `Bashar Assad` ~
        `Bashar al-Assad` 89); a lone surname matches people with that last name (score 90).
        Partial-string scorers such as WRatio are not used: they score `US` against `Russia` 90.
        Every key tying at the best score is returned; none below `threshold`.
        """
        query = default_process(name_key(text))
        if len(query) < MIN_NAME_LENGTH or label not in self._choices:
            return []
        scored: dict[str, float] = {}
        if label == "PERSON" and " " not in query:
            for key in self._surnames.get(query, ()):
                scored[key] = SURNAME_SCORE
        keys = self._choices[label]
        for _, score, index in process.extract(
            query,
            self._processed[label],
            scorer=fuzz.token_sort_ratio,
            processor=None,
            score_cutoff=threshold,
            limit=8,
        ):
            key = keys[index]
            scored[key] = max(scored.get(key, 0.0), float(score))
        if not scored or max(scored.values()) < threshold:
            return []
        best = max(scored.values())
        return sorted((key, score) for key, score in scored.items() if score == best)
