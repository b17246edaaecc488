"""Comparators and comparison levels: which level each candidate pair reaches on each field.

A comparator is a vectorised function over two equally long sequences of strings returning one
score per position: a similarity in [0, 1] (higher is closer) or an edit distance (lower is
closer); a level's `at_least` / `at_most` says which. Scores are computed once per distinct
value pair, so a common name compared thousands of times costs one call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, DamerauLevenshtein, Indel, Jaro, JaroWinkler, Levenshtein

from graph_platform.resolve.name import (
    VOWELS,
    given_name_shifted,
    name_similarities,
    parts_in_name_order,
)
from graph_platform.resolve.name_parts import parse_name, skeleton
from graph_platform.resolve.resolution_settings import ComparisonSpec, LevelSpec, ResolutionSettings
from graph_platform.resolve.table import RecordTable, value_combinations

Comparator = Callable[[Sequence[str], Sequence[str]], NDArray[np.float64]]
Scorer = Callable[..., float]

#: Level code of a pair where either side has no value: no evidence either way.
NULL = -1


def _pairwise(scorer: Scorer, scale: float = 1.0) -> Comparator:
    def compare(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
        if len(left) == 0:
            return np.zeros(0, dtype=np.float64)
        scores = process.cpdist(left, right, scorer=scorer, workers=-1, dtype=np.float64)
        return np.asarray(scores, dtype=np.float64) / scale

    return compare


def exact(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """1.0 where the prepared values are identical, else 0.0."""
    same = np.asarray(left, dtype=object) == np.asarray(right, dtype=object)
    return np.asarray(same, dtype=np.float64)


def scoped_exact(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """For values scoped as "scope|value" (a field that `combine`s): 1.0 when equal, 0.5 when
    the scope is equal but the value differs (one platform, two ids: two accounts), else 0.0."""
    same = exact(left, right)
    scope_l = np.asarray([value.rpartition("|")[0] for value in left], dtype=object)
    scope_r = np.asarray([value.rpartition("|")[0] for value in right], dtype=object)
    same_scope = (scope_l == scope_r) & (scope_l != "")
    return np.where(same == 1.0, 1.0, np.where(same_scope, 0.5, 0.0))


def person_names(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """Person-name similarity in any script (`name.name_similarities`)."""
    return name_similarities(left, right, "Person")


def _sound_key(name: str) -> tuple[frozenset[str], tuple[tuple[bool, str], ...]]:
    parts = parse_name(name, "Person")
    sounds = ((t[0] in VOWELS, skeleton(t, fine=True)) for t in parts.tokens)
    return frozenset(parts.removed), tuple(sorted(sounds))


def person_name_sounds(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """Person-name similarity where the two names sound the same, else 0: as many parts, and
    each part's fine consonant skeleton (and whether it begins with a vowel) met on the other side,
    in any order ("Георгиос Георгиу" ↔ "Georgios Georgiou", "PETROFF, Viktor" ↔ "Viktor
    Petrov"). A name written in another script or spelling then counts nearly as one written
    alike, while "Mohammed Yilmaz" ↔ "Nikolai Mohammed Yilmaz" (a part more) and "Frau Johanna
    Quandt" ↔ "Johanna Quandt" (a title one side has) do not."""
    scores = name_similarities(left, right, "Person")
    same = np.fromiter(
        (_sound_key(a) == _sound_key(b) for a, b in zip(left, right, strict=True)),
        bool,
        len(left),
    )
    return np.where(same, scores, 0.0)


def organisation_names(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """Organisation-name similarity in any script, legal forms and acronyms understood."""
    return name_similarities(left, right, "Organisation")


#: `partial_dates` scores: equal at the precision both sides have (day, month, year), a typo or
#: swapped day and month between two full dates, years one apart.
DATE_SAME_DAY, DATE_SAME_MONTH, DATE_SAME_YEAR, DATE_NEAR, DATE_YEAR_APART = 1.0, 0.9, 0.8, 0.6, 0.3


def _date_score(left: str, right: str) -> float:
    a, b = left.split("-"), right.split("-")
    shared = min(len(a), len(b))
    if a[:shared] == b[:shared]:
        return (DATE_SAME_YEAR, DATE_SAME_MONTH, DATE_SAME_DAY)[shared - 1]
    if len(a) == len(b) == 3 and (
        (a[0] == b[0] and a[1] == b[2] and a[2] == b[1]) or OSA.distance(left, right) <= 1
    ):
        return DATE_NEAR
    if a[0].isdigit() and b[0].isdigit() and abs(int(a[0]) - int(b[0])) == 1:
        return DATE_YEAR_APART
    return 0.0


def _organisation_keys(names: Sequence[str]) -> list[str]:
    return [parse_name(name, "Organisation").key for name in names]


def _comparable_names_of_words(left: str, right: str) -> bool:
    a, b = parse_name(left, "Organisation"), parse_name(right, "Organisation")
    forms_a, forms_b = a.legal_forms, b.legal_forms
    return (
        min(len(a.tokens), len(b.tokens)) >= 2
        and not (a.transliterated and b.transliterated)
        and not (forms_a and forms_b and not forms_a & forms_b)
    )


def organisation_names_of_words(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """Organisation-name similarity where a near match is least often two firms, else 0: both
    names have two words or more, at least one is written in Latin, and their legal forms do not
    conflict. Misspelt or transliterated several-word names ("Zmnith Tarding" ↔ "ZENITH TRADING
    LTD", "Сапфире Консултинг" ↔ "Sapphire Consulting") stay; one-word names a letter or two
    apart ("PLUTONIUM" ↔ "PLATINUM"), two transliterations of one another ("Вертекс Авиатион" ↔
    "بلتيك افيتيون") and "General Vega GmbH" ↔ "General Vega AO" do not."""
    kept = [
        i
        for i, (a, b) in enumerate(zip(left, right, strict=True))
        if _comparable_names_of_words(a, b)
    ]
    scores = np.zeros(len(left), dtype=np.float64)  # only the kept pairs are compared
    scores[kept] = name_similarities(
        [left[i] for i in kept], [right[i] for i in kept], "Organisation"
    )
    return scores


def organisation_token_set(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """Token-set similarity of organisation names in Latin, legal forms and small words set
    aside: 1.0 when one name's words are all in the other ("Nordstar" ↔ "Nordstar Shipping")."""
    return _pairwise(fuzz.token_set_ratio, 100.0)(
        _organisation_keys(left), _organisation_keys(right)
    )


def organisation_acronyms(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """1.0 where one organisation name is a single word that is the other's acronym, in any
    script ("GSF" ↔ "Генерал Светлана Финанке", "IRA" ↔ "Internet Research Agency"), else 0."""
    parts_l = [parse_name(name, "Organisation") for name in left]
    parts_r = [parse_name(name, "Organisation") for name in right]
    return np.fromiter(
        (
            float(
                (len(a.tokens) == 1 and a.compact == b.acronym != "")
                or (len(b.tokens) == 1 and b.compact == a.acronym != "")
            )
            for a, b in zip(parts_l, parts_r, strict=True)
        ),
        np.float64,
        len(parts_l),
    )


def organisation_one_word(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """1.0 where two organisation names are the same single word once legal forms and small
    words are set aside but are spelt differently ("Amur TOV" ↔ "Amur Holdings"), else 0."""
    parts_l = [parse_name(name, "Organisation") for name in left]
    parts_r = [parse_name(name, "Organisation") for name in right]
    return np.fromiter(
        (
            float(len(a.tokens) == 1 and a.tokens == b.tokens and a.compact != b.compact)
            for a, b in zip(parts_l, parts_r, strict=True)
        ),
        np.float64,
        len(parts_l),
    )


def organisation_partial(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """Partial similarity of organisation names written without spaces, in Latin, legal forms
    and small words set aside: how well the shorter spelling fits inside the longer one
    ("Rosneft" ↔ "Rosneftegaz"; "Volga AO" and "General Volga AO" share no more than "volga").
    Names of fewer than four letters score 0 (an acronym fits inside too much)."""
    compact_l = ["".join(parse_name(name, "Organisation").tokens) for name in left]
    compact_r = ["".join(parse_name(name, "Organisation").tokens) for name in right]
    scores = _pairwise(fuzz.partial_ratio, 100.0)(compact_l, compact_r)
    short = np.fromiter(
        (min(len(a), len(b)) < 4 for a, b in zip(compact_l, compact_r, strict=True)),
        bool,
        len(compact_l),
    )
    return np.where(short, 0.0, scores)


def partial_dates(left: Sequence[str], right: Sequence[str]) -> NDArray[np.float64]:
    """Dates ("1958", "1958-05", "1958-05-01", as `partial_date` makes them) compared at the
    precision both sides have: "1958" ↔ "1958-05-01" agree to the year, no more, no less."""
    return np.fromiter(
        (_date_score(a, b) for a, b in zip(left, right, strict=True)), np.float64, len(left)
    )


#: Comparators by the name settings files use. Distances: levenshtein, damerau_levenshtein, osa.
COMPARATORS: dict[str, Comparator] = {
    "exact": exact,
    "scoped_exact": scoped_exact,
    "person_name": person_names,
    "person_name_sound": person_name_sounds,
    "person_name_in_order": parts_in_name_order,
    "person_name_shifted": given_name_shifted,
    "organisation_name": organisation_names,
    "partial_date": partial_dates,
    "organisation_words": organisation_names_of_words,
    "organisation_token_set": organisation_token_set,
    "organisation_partial": organisation_partial,
    "organisation_acronym": organisation_acronyms,
    "organisation_one_word": organisation_one_word,
    "indel": _pairwise(Indel.normalized_similarity),
    "jaro_winkler": _pairwise(JaroWinkler.normalized_similarity),
    "jaro": _pairwise(Jaro.normalized_similarity),
    "levenshtein": _pairwise(Levenshtein.distance),
    "damerau_levenshtein": _pairwise(DamerauLevenshtein.distance),
    # Optimal string alignment: edits plus adjacent transpositions, ~4x faster than full DL.
    "osa": _pairwise(OSA.distance),
    "levenshtein_similarity": _pairwise(Levenshtein.normalized_similarity),
    "token_set": _pairwise(fuzz.token_set_ratio, 100.0),
}


def pair_scores(
    table: RecordTable,
    comparator: Comparator,
    fields: tuple[str, str],
    pairs: tuple[NDArray[np.int64], NDArray[np.int64]],
    higher_is_closer: bool,
) -> NDArray[np.float64]:
    """Score of left's `fields[0]` against right's `fields[1]` per pair; NaN where one is empty.

    A multi-valued field scores its best value pair (highest similarity, lowest distance).
    """
    left_column, right_column = table.columns[fields[0]], table.columns[fields[1]]
    left, right = pairs
    out = np.full(len(left), np.nan)
    if not (left_column.multiple or right_column.multiple):
        lc, rc = left_column.first[left], right_column.first[right]
        valid = (lc >= 0) & (rc >= 0)
        out[valid] = _distinct_scores(table, comparator, lc[valid], rc[valid], higher_is_closer)
        return out
    pair_of, lc, rc = value_combinations(left_column, right_column, left, right)
    combos = np.bincount(pair_of, minlength=len(left))
    scores = _distinct_scores(table, comparator, lc, rc, higher_is_closer)
    has = combos > 0
    starts = (np.cumsum(combos) - combos)[has]
    reduce = np.maximum if higher_is_closer else np.minimum
    if len(starts):
        out[has] = reduce.reduceat(scores, starts)
    return out


def _distinct_scores(
    table: RecordTable,
    comparator: Comparator,
    lc: NDArray[np.int32],
    rc: NDArray[np.int32],
    higher_is_closer: bool,
) -> NDArray[np.float64]:
    """Scores of code pairs: identical values score 1 (distance 0) without a call, and each
    distinct pair of differing values is compared once."""
    same = lc == rc
    if comparator is exact:
        return np.asarray(same, dtype=np.float64)
    out = np.full(len(lc), 1.0 if higher_is_closer else 0.0)
    differ = np.flatnonzero(~same)
    if len(differ):
        size = np.int64(len(table.vocabulary))
        keys = lc[differ].astype(np.int64) * size + rc[differ]
        distinct, inverse = np.unique(keys, return_inverse=True)
        vocabulary = table.vocabulary
        left, right = vocabulary[distinct // size].tolist(), vocabulary[distinct % size].tolist()
        out[differ] = comparator(left, right)[inverse.reshape(-1)]
    return out


#: Swapped-level outcomes already computed within one `compare` call, by comparator, the two
#: fields (unordered: "given↔surname" is one test) and the level's bound: 1 hit, 0 miss, -1 not
#: yet computed.
SwapCache = dict[tuple[str, frozenset[str], float | None, float | None], NDArray[np.int8]]


def comparison_levels(
    table: RecordTable,
    spec: ComparisonSpec,
    pairs: tuple[NDArray[np.int64], NDArray[np.int64]],
    comparators: dict[str, Comparator],
    swaps: SwapCache | None = None,
) -> NDArray[np.int8]:
    """The first level each pair reaches (0 = closest), `len(levels)` for else, NULL if empty."""
    comparator = comparators[spec.comparator]
    closer = spec.levels[0].higher_is_closer
    direct = pair_scores(table, comparator, (spec.field, spec.field), pairs, closer)
    result = np.full(len(direct), len(spec.levels), dtype=np.int8)
    undecided = ~np.isnan(direct)
    for index, level in enumerate(spec.levels):
        if level.comparator is not None and level.comparator != spec.comparator:
            todo = np.flatnonzero(undecided)
            own = np.full(len(direct), np.nan)
            subset = (pairs[0][todo], pairs[1][todo])
            fields = (spec.field, spec.field)
            own[todo] = pair_scores(table, comparators[level.comparator], fields, subset, closer)
            hit = undecided & _passes(own, level)
        elif level.swap_with is None:
            hit = undecided & _passes(direct, level)
        else:
            key = (
                spec.comparator,
                frozenset((spec.field, level.swap_with)),
                level.at_least,
                level.at_most,
            )
            known = (swaps or {}).get(key, np.full(len(direct), -1, dtype=np.int8))
            todo = np.flatnonzero(undecided & (known < 0))
            known[todo] = _swapped(
                table, comparator, (spec.field, level.swap_with), pairs, todo, level
            )
            if swaps is not None:
                swaps[key] = known
            hit = undecided & (known == 1)
        result[hit] = index
        undecided &= ~hit
    result[np.isnan(direct)] = NULL
    return result


def _swapped(
    table: RecordTable,
    comparator: Comparator,
    fields: tuple[str, str],
    pairs: tuple[NDArray[np.int64], NDArray[np.int64]],
    rows: NDArray[np.int64],
    level: LevelSpec,
) -> NDArray[np.int8]:
    """1 where both crosswise comparisons reach the level: left's a ~ right's b and left's b ~
    right's a. The second is scored only where the first passed: most pairs never need it."""
    closer = level.higher_is_closer
    subset = (pairs[0][rows], pairs[1][rows])
    passed = np.flatnonzero(_passes(pair_scores(table, comparator, fields, subset, closer), level))
    subset = (subset[0][passed], subset[1][passed])
    back = pair_scores(table, comparator, (fields[1], fields[0]), subset, closer)
    out = np.zeros(len(rows), dtype=np.int8)
    out[passed[_passes(back, level)]] = 1
    return out


def _passes(scores: NDArray[np.float64], level: LevelSpec) -> NDArray[np.bool_]:
    """Where scores reach the level (NaN never does)."""
    with np.errstate(invalid="ignore"):
        if level.at_least is not None:
            return scores >= level.at_least
        return scores <= (level.at_most if level.at_most is not None else 0.0)


def compare(
    table: RecordTable,
    settings: ResolutionSettings,
    pairs: tuple[NDArray[np.int64], NDArray[np.int64]],
    comparators: dict[str, Comparator],
) -> NDArray[np.int8]:
    """The level matrix of some pairs: one row per pair, one column per comparison."""
    levels = np.empty((len(pairs[0]), len(settings.comparisons)), dtype=np.int8)
    swaps: SwapCache = {}
    for index, spec in enumerate(settings.comparisons):
        levels[:, index] = comparison_levels(table, spec, pairs, comparators, swaps)
    return levels
