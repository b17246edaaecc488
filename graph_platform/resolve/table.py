"""Records prepared for resolution: every field normalised and held as integer codes.

All fields share one vocabulary, so equal strings have equal codes across fields (a given name
can be matched against a surname), comparisons run once per distinct value pair, and blocking
groups by integers instead of strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from graph_platform.model.partial_date import partial_date
from graph_platform.resolve.name import VOWELS
from graph_platform.resolve.name_parts import NameKind, first_sound, parse_name, skeleton
from graph_platform.resolve.resolution import FieldValue, Record
from graph_platform.resolve.resolution_settings import FieldSpec, ResolutionSettings

Normaliser = Callable[[str], str]
Keyer = Callable[[str], tuple[str, ...]]

_SPACE = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_URL_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?")


def fold(text: str) -> str:
    """Lower case, accents removed (ASCII where a letter decomposes), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped).strip()


def alnum(text: str) -> str:
    """Folded, then only letters and digits: "O'Neil-Smith" and "oneil smith" agree."""
    return _NON_ALNUM.sub("", fold(text))


def digits(text: str) -> str:
    """Only the digits: identifiers and dates written with or without separators."""
    return "".join(ch for ch in text if ch.isdigit())


def handle(text: str) -> str:
    """A social-media handle compared case-insensitively, without the leading @."""
    return fold(text).lstrip("@").replace(" ", "")


def url(text: str) -> str:
    """A URL without scheme, `www.` and trailing slash."""
    return _URL_PREFIX.sub("", text.strip().casefold()).rstrip("/")


def sorted_tokens(text: str) -> str:
    """Folded words in alphabetical order: "Putin Vladimir" and "vladimir putin" agree."""
    return " ".join(sorted(_NON_ALNUM.sub(" ", fold(text)).split()))


def year(text: str) -> str:
    """The first four digits of a date: a coarse key for blocking."""
    found = digits(text)
    return found[:4] if len(found) >= 4 else ""


def casefold(text: str) -> str:
    """Case folded and spaces collapsed, script and accents kept: names for the name
    comparators, which need to see the script a name was written in."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def person_name(text: str) -> str:
    """A person's name in Latin, without honorifics, parts sorted ("PUTIN, Vladimir" and
    "Владимир Путин" → "putin vladimir")."""
    return parse_name(text, "Person").key


def organisation_name(text: str) -> str:
    """An organisation's name in Latin, without legal forms and small words, parts sorted."""
    return parse_name(text, "Organisation").key


#: Acronym blocking keys are marked so they never meet a part's own key; their length range.
ACRONYM_KEY = "acronym:"
ACRONYM_KEY_LETTERS = (3, 6)


def _name_keys(text: str, kind: NameKind) -> tuple[str, ...]:
    """A blocking key per name part: its consonant skeleton where it has three or more
    consonant classes (the same across transliterations: Putin, Poutine, Путин, بوتين → "BTN"),
    else the Latin part itself ("xi", "li" would meet far too many names as skeletons). An
    organisation also keys on its compact spelling ("APT 28" ↔ "APT28"). A person's part whose
    skeleton ends in S also keys on the skeleton without it: Latvian and Lithuanian add a
    nominative ending to foreign names ("Vladimirs Putins", "Vladimiras Putinas"); the extra
    candidates (Roberts ↔ Robert) are left to scoring; each part of a person also keys on its
    sound (`_sound_key`). An organisation's name of several words
    also keys on its acronym, and a one-word name of three to six letters on itself as one, so
    "GSF" meets "General Svetlana Finance" and "Генерал Светлана Финанке"."""
    parts = parse_name(text, kind)
    keys = [s if len(s) >= 3 else t for t, s in zip(parts.tokens, parts.skeletons, strict=True)]
    if kind == "Person":
        keys += [s[:-1] for s in parts.skeletons if s.endswith("S") and len(s) >= 4]
        keys += [_sound_key(t) for t in parts.tokens if t.isalpha()]
    if kind == "Organisation" and len(parts.tokens) > 1:
        keys.append(parts.compact)
        if len(parts.acronym) >= ACRONYM_KEY_LETTERS[0]:
            keys.append(ACRONYM_KEY + parts.acronym)
    if kind == "Organisation" and len(parts.tokens) == 1:
        token = parts.tokens[0]
        if token.isalpha() and ACRONYM_KEY_LETTERS[0] <= len(token) <= ACRONYM_KEY_LETTERS[1]:
            keys.append(ACRONYM_KEY + token)
    return tuple(dict.fromkeys(keys))


def _sound_key(token: str) -> str:
    """A person's name part keyed on how it sounds, for the parts the skeleton key misses across
    scripts: a fine skeleton with its first sound ("hussein", Хусейн "khuseyn" and حسين "hsyn"
    → "h:SN"; the coarse skeleton's two classes would key on the spelling), which also keeps
    m and n apart where Arabic runs them together (Mansour and منصور "mnswr" → "m:MNSR")."""
    first = first_sound(token)
    return f"sound:{'a' if first in VOWELS else first}:{skeleton(token, fine=True)}"


def person_name_keys(text: str) -> tuple[str, ...]:
    """Blocking keys of a person's name, one per part (see `_name_keys`)."""
    return _name_keys(text, "Person")


def organisation_name_keys(text: str) -> tuple[str, ...]:
    """Blocking keys of an organisation's name, one per part plus its compact spelling."""
    return _name_keys(text, "Organisation")


#: Normalisers by the name settings files use.
NORMALISERS: dict[str, Normaliser] = {
    "none": str.strip,
    "fold": fold,
    "casefold": casefold,
    "person_name": person_name,
    "organisation_name": organisation_name,
    "alnum": alnum,
    "digits": digits,
    "handle": handle,
    "url": url,
    "sorted_tokens": sorted_tokens,
    "year": year,
    "partial_date": partial_date,
}

#: Normalisers that make several values of one, for multi-valued blocking fields.
KEYERS: dict[str, Keyer] = {
    "person_name_keys": person_name_keys,
    "organisation_name_keys": organisation_name_keys,
}

_TRUE = frozenset({"true", "1", "yes"})


@dataclass(frozen=True)
class Column:
    """One prepared field: record i has values `values[offsets[i]:offsets[i+1]]` (codes).

    `first` is each record's first value code, -1 when it has none — the fast path for
    single-valued fields.
    """

    offsets: NDArray[np.int64]
    values: NDArray[np.int32]
    first: NDArray[np.int32]
    multiple: bool


def value_combinations(
    left_column: Column,
    right_column: Column,
    left: NDArray[np.int64],
    right: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.int32]]:
    """Every (left value, right value) combination of each pair of multi-valued columns:
    the pair each combination belongs to, and the two value codes (pairs stay in order)."""
    counts_l = np.diff(left_column.offsets)[left]
    counts_r = np.diff(right_column.offsets)[right]
    combos = counts_l * counts_r
    pair_of = np.repeat(np.arange(len(left)), combos)
    within = np.arange(len(pair_of)) - np.repeat(np.cumsum(combos) - combos, combos)
    width = counts_r[pair_of]
    lc = left_column.values[left_column.offsets[left[pair_of]] + within // width]
    rc = right_column.values[right_column.offsets[right[pair_of]] + within % width]
    return pair_of, lc, rc


@dataclass(frozen=True)
class RecordTable:
    """Records as columns of codes into one shared vocabulary of normalised strings."""

    ids: tuple[str, ...]
    vocabulary: NDArray[np.object_]
    columns: dict[str, Column]
    groups: NDArray[np.int32] | None  # `distinct_within` codes: equal (>= 0) never pair

    def __len__(self) -> int:
        return len(self.ids)

    def total_pairs(self) -> int:
        """How many pairs could be compared at all (pairs within one group cannot)."""
        n = len(self.ids)
        total = n * (n - 1) // 2
        if self.groups is not None:
            sizes = np.bincount(self.groups[self.groups >= 0]).astype(np.int64)
            total -= int((sizes * (sizes - 1) // 2).sum())
        return total

    def frequencies(self, field: str) -> NDArray[np.float64]:
        """Share of the field's values equal to each vocabulary entry (term frequencies)."""
        column = self.columns[field]
        counts = np.bincount(column.values, minlength=len(self.vocabulary)).astype(np.float64)
        return counts / max(len(column.values), 1)

    def other_carriers(self, field: str, epsilon: float) -> NDArray[np.float64]:
        """Per vocabulary entry, the share of *other* entities carrying it besides the one a
        matching pair is: (k + epsilon) / (n − 1). Records of one `distinct_within` group are
        distinct entities (a curated list names each once), so there k is the most records of
        one group carrying the value, less one, and n the largest group's size; records outside
        any group count together, less the pair's two."""
        column = self.columns[field]
        owners = np.repeat(np.arange(len(self.ids)), np.diff(column.offsets))
        size = np.int64(len(self.vocabulary))
        groups = self.groups if self.groups is not None else np.full(len(self.ids), -1)
        group = groups[owners].astype(np.int64) + 1  # 0: records outside any group
        largest = int(np.bincount(groups + 1).max()) if len(self.ids) else 0
        keys, counts = np.unique(group * size + column.values, return_counts=True)
        others = counts.astype(np.float64) - np.where(keys // size == 0, 2.0, 1.0)
        carriers = np.zeros(len(self.vocabulary), dtype=np.float64)
        np.maximum.at(carriers, keys % size, np.maximum(others, 0.0))
        return (carriers + epsilon) / max(largest - 1, 1)


def build_table(records: Iterable[Record], settings: ResolutionSettings) -> RecordTable:
    """Normalise every field of every record into codes (each distinct raw value once)."""
    records = list(records)
    codes: dict[str, int] = {}
    columns: dict[str, Column] = {}
    for name, spec in settings.fields.items():
        raws, normalise = _raw_values(records, name, spec)
        if spec.normaliser in KEYERS:
            columns[name] = _keyed(raws, KEYERS[spec.normaliser], codes)
        elif all(raw is None or isinstance(raw, str) for raw in raws):
            columns[name] = _single(raws, normalise, codes, spec.multiple)
        else:
            columns[name] = _multiple(raws, normalise, codes, spec.multiple)
    vocabulary = np.empty(len(codes), dtype=object)
    vocabulary[:] = list(codes)
    groups = None
    if settings.distinct_within is not None:
        groups = columns[settings.distinct_within].first
    return RecordTable(tuple(r.id for r in records), vocabulary, columns, groups)


def _raw_values(
    records: list[Record], name: str, spec: FieldSpec
) -> tuple[list[FieldValue], Normaliser]:
    """Each record's raw value(s) of a field, and the normaliser still to apply to them."""
    sources = spec.sources(name)
    normalise = NORMALISERS.get(spec.normaliser, str.strip)
    if spec.combine:
        raws: list[FieldValue] = []
        for record in records:
            parts = [_first(record.fields.get(s)) for s in sources]
            joined = [normalise(p) for p in parts if p is not None]
            raws.append("|".join(joined) if len(joined) == len(parts) and all(joined) else None)
        normalise = str.strip
    elif len(sources) == 1:
        raws = [r.fields.get(sources[0]) for r in records]
    else:
        raws = [[v for s in sources for v in _as_list(r.fields.get(s))] for r in records]
    for flag, keep in ((spec.unless, False), (spec.only_if, True)):
        if flag is not None:
            raws = [
                raw if _truthy(r.fields.get(flag)) == keep else None
                for raw, r in zip(raws, records, strict=True)
            ]
    return raws, normalise


def _first(value: FieldValue) -> str | None:
    return next((v for v in _as_list(value) if v and v.strip()), None)


def _truthy(value: FieldValue) -> bool:
    first = _first(value)
    return first is not None and first.strip().casefold() in _TRUE


def _keyed(raws: list[FieldValue], keyer: Keyer, codes: dict[str, int]) -> Column:
    """A multi-valued column of the keys every raw value makes (each distinct value once)."""
    cached = lru_cache(maxsize=1 << 16)(keyer)
    offsets: list[int] = [0]
    values: list[int] = []
    for raw in raws:
        keys = (_code(key, codes) for item in _as_list(raw) for key in cached(item))
        values.extend(dict.fromkeys(code for code in keys if code >= 0))
        offsets.append(len(values))
    return _column(offsets, values, True)


def _code(text: str, codes: dict[str, int]) -> int:
    return codes.setdefault(text, len(codes)) if text else -1


def _single(
    raws: list[FieldValue], normalise: Normaliser, codes: dict[str, int], multiple: bool
) -> Column:
    """Fast path: every record has one string or nothing; each distinct string normalised once."""
    code_of: dict[FieldValue, int] = {None: -1}
    for raw in dict.fromkeys(raws):
        if isinstance(raw, str):
            code_of[raw] = _code(normalise(raw), codes)
    first = np.fromiter((code_of[raw] for raw in raws), dtype=np.int32, count=len(raws))
    has = first >= 0
    offsets = np.concatenate(([0], np.cumsum(has, dtype=np.int64)))
    return Column(offsets, first[has], first, multiple)


def _multiple(
    raws: list[FieldValue], normalise: Normaliser, codes: dict[str, int], multiple: bool
) -> Column:
    cached = lru_cache(maxsize=1 << 16)(normalise)
    offsets: list[int] = [0]
    values: list[int] = []
    for raw in raws:
        items = _as_list(raw)
        found = dict.fromkeys(c for c in (_code(cached(t), codes) for t in items) if c >= 0)
        values.extend(found)
        offsets.append(len(values))
    return _column(offsets, values, multiple)


def _as_list(value: FieldValue) -> Sequence[str]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value


def _column(offsets: list[int], values: list[int], multiple: bool) -> Column:
    offset_array = np.asarray(offsets, dtype=np.int64)
    value_array = np.asarray(values, dtype=np.int32)
    has = offset_array[1:] > offset_array[:-1]
    first = np.full(len(offsets) - 1, -1, dtype=np.int32)
    first[has] = value_array[offset_array[:-1][has]]
    if not multiple:  # a single-valued field keeps its first value only
        value_array = first[has]
        offset_array = np.concatenate(([0], np.cumsum(has, dtype=np.int64)))
    return Column(offset_array, value_array, first, multiple)
