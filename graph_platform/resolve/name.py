"""Name similarity for entity resolution: many pairs at once, in any script, as a number in [0, 1].

Names are compared token by token after `parse_name` (Latin, case-folded, titles and legal forms
removed), because a name is the same only when every part of the shorter one finds a counterpart:
"Vladimir Pulin" ≈ "Vladimir Putin", but "Igor Deripaska" ≠ "Oleg Deripaska" although most
letters agree. A token pair is similar by edit distance (Indel) or, for names met in another
script, by an equal consonant skeleton; an initial matches any token it begins; tokens with digits
match only exactly ("APT28" ≠ "APT29"). Two other views rescue names written as one word
("Ramimakhlouf") and organisation acronyms ("PLA" ↔ "People's Liberation Army"). The alignment
ignores order; for person names the same pass also says how the parts stand in name order
(given names, then surname), which the settings weigh as levels of their own
(`parts_in_name_order`, `given_name_shifted`).

Everything is vectorised: each distinct name is parsed once, each distinct token pair is compared
once with rapidfuzz's `cpdist`, and the per-pair alignment is done with numpy segment reductions.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel
from rapidfuzz.process import cpdist

from graph_platform.resolve.name_parts import (
    NameKind,
    NameParts,
    first_sound,
    normalise_name,
    parse_name,
    skeleton,
)

__all__ = [
    "NAME_MATCH_THRESHOLD",
    "given_name_shifted",
    "name_similarities",
    "name_similarity",
    "normalise_name",
    "parts_in_name_order",
]

#: Similarity at and above which two names are taken to name the same entity (precision and
#: recall on the labelled nomenklatura pairs are asserted at this value in the tests).
NAME_MATCH_THRESHOLD = 0.8

SKELETON_EQUAL = 0.9  # tokens that sound alike across scripts: "bwtyn" ↔ "putin"
SKELETON_NEAR = 0.85  # long skeletons one consonant apart: "urajimiru" ↔ "vladimir"
SKELETON_LATIN = (
    0.8  # short skeletons alike between Latin names: "mosk" ↔ "musk", "volt" ↔ "violet"
)
SKELETON_LATIN_LETTERS = 0.6  # letters (Indel) two Latin tokens need for a skeleton credit
SKELETON_NEAR_MIN = 0.85  # Indel similarity of skeletons needed for SKELETON_NEAR
INITIAL = 0.8  # "v" ↔ "vladimir"
PARTICLE_FLOOR = 0.8  # a missing "bin" or "al" is no mismatch
# The shorter name must be covered; the longer one's extra parts cost less: little for persons
# (sources drop middle names and patronymics), more for organisations ("Banco Santander Mexico").
SHORT_SIDE_SHARE = {"Person": 0.8, "Organisation": 0.65}
MISMATCH_FLOOR = 0.85  # a token of the shorter name below this similarity is a substituted part
MISMATCH_PENALTY = 1.5
COMPACT_MIN = 0.95  # same letters, different word breaks: "Good Will" ↔ "Goodwill" …
COMPACT_DISCOUNT = 0.05  # … count a little less than the token alignment
ACRONYM = 0.9
# Person names equal but for a title or honorific one side has ("Frau", "Dr."): very similar, not
# exact — the exact level is for one name written alike, and a title may mark a relative.
PERSON_TITLE_DIFFERS = 0.97
# Organisation names where one has words the other lacks score at most this (below "similar", so
# the settings' token-subset level weighs such pairs on their own): "Mirage" and "Mirage Tiger",
# "Hacking Team" and "Whois Hacking Team", "Banco Santander" and "Banco Santander Chile" are two.
ORGANISATION_EXTRA_WORDS = 0.79
LEGAL_FORM_CONFLICT = 0.15  # "Deutsche Bank AG" ↔ "Deutsche Bank GmbH": two registrations
# One-word organisation names equal only once legal forms are set aside ("Amur TOV" ↔ "Amur
# Holdings", "Smaat Co." ↔ "SMAAT"): alike, not exact — one word is a small name, and firms of
# one base name abound; the settings weigh such pairs on a level of their own.
ONE_WORD_RESPELT = 0.99
# How two person names' parts stand in name order (`parts_in_name_order`, `given_name_shifted`).
IN_ORDER, SHIFTED = 1, 2
VOWELS = frozenset("aeiouy")  # letters that begin a token with a vowel (its skeleton drops them)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.int8]


class _Batch:
    """The distinct names of one call as flat token arrays (name → token offsets → vocabulary),
    with every per-token fact the comparison needs precomputed once per distinct token."""

    def __init__(self, parts: list[NameParts]) -> None:
        vocab: dict[str, int] = {}
        sounds: dict[str, int] = {}
        skeletons: list[str] = []
        ids: list[int] = []
        weights: list[float] = []
        particle: list[bool] = []
        for part in parts:
            for token, weight, sound in zip(part.tokens, part.weights, part.skeletons, strict=True):
                if token not in vocab:
                    vocab[token] = len(vocab)
                    skeletons.append(sound)
                ids.append(vocab[token])
                weights.append(weight)
                particle.append(part.kind == "Person" and weight == 1.0 and len(token) > 1)
        tokens = list(vocab)
        self.tokens = np.asarray(tokens, dtype=object)
        self.skeletons = np.asarray(skeletons, dtype=object)
        self.sound_ids = np.asarray([sounds.setdefault(s, len(sounds)) for s in skeletons])
        fine = [skeleton(t, fine=True) for t in tokens]
        self.fine_ids = np.asarray([sounds.setdefault("~" + f, len(sounds)) for f in fine])
        self.fine_length = np.asarray([len(f) for f in fine], dtype=np.int64)
        self.token_length = np.asarray([len(t) for t in tokens], dtype=np.int64)
        self.sound_length = np.asarray([len(s) for s in skeletons], dtype=np.int64)
        self.alpha = np.asarray([t.isalpha() for t in tokens], dtype=bool)
        self.first = np.asarray([ord(t[0]) for t in tokens], dtype=np.int64)
        self.sound_first = np.asarray([ord(first_sound(t)) for t in tokens])
        self.vowel_onset = np.asarray([t[0] in VOWELS for t in tokens], dtype=bool)
        self.onset = np.where(self.vowel_onset, 0, self.sound_first)
        self.token_ids: IntArray = np.asarray(ids, dtype=np.int64)
        self.weights: FloatArray = np.asarray(weights, dtype=np.float64)
        self.particle = np.asarray(particle, dtype=bool)
        self.counts: IntArray = np.asarray([len(p.tokens) for p in parts], dtype=np.int64)
        self.offsets: IntArray = _exclusive_cumsum(self.counts)
        # Positions of the first and last part in name order ("PETROV, Ivan": ivan, then petrov).
        lead = np.asarray([p.surname_first for p in parts], dtype=np.int64)
        self.first_part: IntArray = lead
        self.last_part: IntArray = np.where(lead > 0, lead - 1, np.maximum(self.counts - 1, 0))
        self.compact = np.asarray([p.compact for p in parts], dtype=object)
        self.digits = np.asarray(
            ["".join(ch for ch in p.compact if ch.isdigit()) for p in parts], dtype=object
        )
        self.transliterated = np.asarray([p.transliterated for p in parts], dtype=bool)
        titles: dict[frozenset[str], int] = {}
        self.titles: IntArray = np.asarray(
            [titles.setdefault(frozenset(p.removed), len(titles)) for p in parts], dtype=np.int64
        )
        bits: dict[str, int] = {}
        self.legal_forms: IntArray = np.asarray(
            [sum(1 << bits.setdefault(f, len(bits) % 62) for f in p.legal_forms) for p in parts],
            dtype=np.int64,
        )
        self.acronym = np.asarray(
            [p.acronym if p.kind == "Organisation" else "" for p in parts], dtype=object
        )


def _exclusive_cumsum(values: IntArray) -> IntArray:
    return np.concatenate(([0], np.cumsum(values)[:-1])).astype(np.int64)


def _indel(left: npt.NDArray[np.object_], right: npt.NDArray[np.object_]) -> FloatArray:
    if len(left) == 0:
        return np.zeros(0, dtype=np.float64)
    return np.asarray(cpdist(left, right, scorer=Indel.normalized_similarity, dtype=np.float64))


def _token_similarities(
    batch: _Batch, left: IntArray, right: IntArray
) -> tuple[FloatArray, FloatArray, Bools, Bools, Bools]:
    """Similarity of token pairs given as vocabulary ids, each distinct pair scored once: by
    letters (with the initial and digit rules), the skeleton credit, whether that credit is
    safe between Latin names too (skeletons of four or more consonants), whether it holds
    across scripts only, and whether the two are one name part (`same_part`)."""
    size = len(batch.tokens)
    codes, inverse = np.unique(left * size + right, return_inverse=True)
    inverse = inverse.ravel()
    a, b = codes // size, codes % size
    letters = _indel(batch.tokens[a], batch.tokens[b])
    shortest_sound = np.minimum(batch.sound_length[a], batch.sound_length[b])
    # A script that writes no short vowels (Arabic منصور "mnswr") runs together consonants that
    # another keeps apart, and the coarse skeleton merges them ("mansour" N-N-S-R, "mnswr" N-S-R);
    # the fine one keeps m and n apart (M-N-S-R both), so the tokens meet on that. Fine classes
    # are stricter than coarse ones, so this adds no other pairs.
    fine = (batch.fine_ids[a] == batch.fine_ids[b]) & (batch.sound_ids[a] != batch.sound_ids[b])
    shortest_fine = np.minimum(batch.fine_length[a], batch.fine_length[b])
    shortest_sound = np.where(fine, shortest_fine, shortest_sound)
    # A skeleton drops vowels, and a short one says little: "Natalya" and "Andrei" are both
    # N-T-R, "jwn" (John) and "ttyn" (Tatyana) both T-N. Below four consonants the tokens must
    # also both begin with a vowel or both not, below three with the same letter (any vowel
    # with any vowel), and with one consonant with the very same letter ("Yuri" ↔ يوري "ywry",
    # "Ali" ↔ علي). Longer skeletons are left alone: Уладзімір and ウラジーミル are Vladimir.
    onset = (shortest_sound >= 4) | (batch.vowel_onset[a] == batch.vowel_onset[b])
    onset &= (shortest_sound >= 3) | (batch.onset[a] == batch.onset[b])
    onset &= (shortest_sound >= 2) | (batch.sound_first[a] == batch.sound_first[b])
    same_sound = ((batch.sound_ids[a] == batch.sound_ids[b]) | fine) & (shortest_sound >= 1)
    same_sound &= onset
    sound = np.where(same_sound, SKELETON_EQUAL, 0.0)
    # Near skeletons only matter where the letters fall short.
    near = np.flatnonzero((letters < SKELETON_NEAR) & (shortest_sound >= 4) & ~same_sound)
    near_sound = _indel(batch.skeletons[a[near]], batch.skeletons[b[near]])
    near = near[near_sound >= SKELETON_NEAR_MIN]
    sound[near] = SKELETON_NEAR
    safe = same_sound & (shortest_sound >= 4)
    # Credits that bridge scripts only: one consonant, equal fine skeletons only, and near
    # skeletons ("operator" ↔ "predator" are two Latin words one consonant apart).
    across_only = same_sound & (fine | (shortest_sound < 2))
    across_only[near] = True
    alpha = batch.alpha[a] & batch.alpha[b]
    len_a, len_b = batch.token_length[a], batch.token_length[b]
    initial = ((len_a == 1) | (len_b == 1)) & (len_a != len_b) & alpha
    first_equal = batch.first[a] == batch.first[b]
    # One part, not a likeness: spelt alike (a typo at most) or the same fine skeleton; an
    # initial stands for many names ("A. Petrov" is Alexander's, "M. Ivanov" Maria's and
    # Mikhail's), so it is not, even where both sides have it.
    same_fine = (batch.fine_ids[a] == batch.fine_ids[b]) & (shortest_fine >= 1) & onset
    spelt = (letters >= MISMATCH_FLOOR) | same_fine
    same_part = np.where(alpha, spelt & (len_a > 1) & (len_b > 1), a == b)
    letters = np.where(initial, np.where(first_equal, INITIAL, 0.0), letters)
    letters = np.where(alpha, letters, (a == b).astype(np.float64))
    sound = np.where(alpha & ~initial, sound, 0.0)
    return (
        letters[inverse],
        sound[inverse],
        safe[inverse],
        across_only[inverse],
        same_part[inverse],
    )


def _token_scores(
    batch: _Batch, left: IntArray, right: IntArray, share: float
) -> tuple[FloatArray, Codes]:
    """Align the tokens of each name pair (all with ≥ 1 token) and score the alignment; also
    say how their parts stand in name order (`IN_ORDER`, `SHIFTED` or 0)."""
    n_a, n_b = batch.counts[left], batch.counts[right]
    sizes = n_a * n_b
    starts = _exclusive_cumsum(sizes)
    pair = np.repeat(np.arange(len(left)), sizes)
    k = np.arange(int(sizes.sum())) - starts[pair]
    i_a, i_b = k // n_b[pair], k % n_b[pair]
    letters, sound, safe, across_only, same_part = _token_similarities(
        batch,
        batch.token_ids[batch.offsets[left][pair] + i_a],
        batch.token_ids[batch.offsets[right][pair] + i_b],
    )
    # Skeletons bridge scripts; between two Latin names only long ones count ("volt" ≠ "violet"),
    # and only where the letters half agree ("budworm" and "aptiran" share no spelling).
    across = (batch.transliterated[left] | batch.transliterated[right])[pair]
    latin = np.where(safe, sound, np.minimum(sound, SKELETON_LATIN))
    latin = np.where((letters >= SKELETON_LATIN_LETTERS) & ~across_only, latin, 0.0)
    sim = np.maximum(letters, np.where(across, sound, latin))
    # Best counterpart of every left token: its n_b similarities are contiguous.
    a_starts = _exclusive_cumsum(n_a)
    a_pair = np.repeat(np.arange(len(left)), n_a)
    a_index = np.arange(int(n_a.sum())) - a_starts[a_pair]
    best_a = np.maximum.reduceat(sim, starts[a_pair] + a_index * n_b[a_pair])
    # Best counterpart of every right token: scattered, so gather with maximum.at.
    b_starts = _exclusive_cumsum(n_b)
    best_b = np.zeros(int(n_b.sum()), dtype=np.float64)
    np.maximum.at(best_b, b_starts[pair] + i_b, sim)
    b_pair = np.repeat(np.arange(len(left)), n_b)
    b_index = np.arange(int(n_b.sum())) - b_starts[b_pair]
    mean_a, min_a = _side(batch, batch.offsets[left][a_pair] + a_index, best_a, a_starts)
    mean_b, min_b = _side(batch, batch.offsets[right][b_pair] + b_index, best_b, b_starts)
    equal = n_a == n_b
    a_short = n_a < n_b
    mean_short = np.where(a_short, mean_a, mean_b)
    mean_long = np.where(a_short, mean_b, mean_a)
    core = np.where(
        equal,
        (mean_a + mean_b) / 2,
        share * mean_short + (1 - share) * mean_long,
    )
    worst = np.where(equal, np.minimum(min_a, min_b), np.where(a_short, min_a, min_b))
    score = np.asarray(core - MISMATCH_PENALTY * np.maximum(0.0, MISMATCH_FLOOR - worst))
    # In name order ("PETROV, Ivan" is ivan, petrov): names of as many parts must have every
    # part at its place; a longer name, its first and last parts at the shorter one's.
    first = same_part[starts + batch.first_part[left] * n_b + batch.first_part[right]]
    last = same_part[starts + batch.last_part[left] * n_b + batch.last_part[right]]
    place_a = (i_a - batch.first_part[left][pair]) % n_a[pair]
    place_b = (i_b - batch.first_part[right][pair]) % n_b[pair]
    diagonal = np.flatnonzero(place_a == place_b)
    in_place = np.ones(len(left), dtype=bool)
    np.logical_and.at(in_place, pair[diagonal], same_part[diagonal])
    in_order = np.where(equal, in_place, first & last)
    # Shifted: the shorter name's first part (its given name) is met further in the longer one,
    # whose own first part is nowhere in the shorter — not a surname written first, which the
    # shorter name would have last ("Putin Volodymyr Volodymyrovych" ↔ "Vladimir Putin").
    left_short, right_short = a_short[pair], ~equal[pair] & ~a_short[pair]
    first_of_shorter = (left_short & (place_a == 0) & (place_b != 0)) | (
        right_short & (place_b == 0) & (place_a != 0)
    )
    further_in = np.zeros(len(left), dtype=bool)
    further_in[pair[first_of_shorter & same_part]] = True
    first_of_longer = (left_short & (place_b == 0)) | (right_short & (place_a == 0))
    longer_first_met = np.zeros(len(left), dtype=bool)
    longer_first_met[pair[first_of_longer & same_part]] = True
    shifted = ~equal & (np.minimum(n_a, n_b) >= 2) & ~first & further_in & ~longer_first_met
    return score, np.where(in_order, IN_ORDER, np.where(shifted, SHIFTED, 0)).astype(np.int8)


def _side(
    batch: _Batch, positions: IntArray, best: FloatArray, starts: IntArray
) -> tuple[FloatArray, FloatArray]:
    """Weighted mean and minimum of one side's best token similarities, per pair."""
    best = np.where(batch.particle[positions], np.maximum(best, PARTICLE_FLOOR), best)
    weights = batch.weights[positions]
    mean = np.add.reduceat(weights * best, starts) / np.add.reduceat(weights, starts)
    return mean, np.minimum.reduceat(best, starts)


def name_similarities(left: Sequence[str], right: Sequence[str], kind: NameKind) -> FloatArray:
    """Similarity in [0, 1] of each name pair (left[i], right[i]); raw names in any script.

    Names with nothing left to compare (empty, punctuation only) score 0.
    """
    return _similarities(left, right, kind)[0]


def parts_in_name_order(left: Sequence[str], right: Sequence[str]) -> FloatArray:
    """Person-name similarity where the names have the same parts in name order, else 0: every
    part at its place, or, where one name has more parts, the shorter one's first and last
    meeting the longer one's first and last, which only inserts middle parts ("Pyotr Smirnov" ↔
    "Pyotr Yusuf Smirnov", "SMIRNOV, Pyotr" ↔ "Пётр Юсуфович Смирнов"); and the same titles,
    if any. A part meets another spelt alike (a typo at most) or with the same fine skeleton,
    not as an initial. Name-matching practice compares given name and surname by position."""
    scores, order = _similarities(left, right, "Person")
    return np.where(order == IN_ORDER, scores, 0.0)


def given_name_shifted(left: Sequence[str], right: Sequence[str]) -> FloatArray:
    """Person-name similarity where the shorter name (of two parts or more) has its first part
    not first in the longer one but further in, else 0: "Mohammed Yilmaz" ↔ "Nikolai Mohammed
    Yilmaz" — the longer name's first given name is not in the shorter one, whose given name
    is the other's middle name. A surname alone ("Schnabel" ↔ "Hermann Schnabel") is not."""
    scores, order = _similarities(left, right, "Person")
    return np.where(order == SHIFTED, scores, 0.0)


def _similarities(
    left: Sequence[str], right: Sequence[str], kind: NameKind
) -> tuple[FloatArray, Codes]:
    """`name_similarities`, and how the names' parts stand in name order (`_token_scores`)."""
    if len(left) != len(right):
        raise ValueError(f"left has {len(left)} names but right has {len(right)}")
    index = {name: i for i, name in enumerate(dict.fromkeys(chain(left, right)))}
    batch = _Batch([parse_name(name, kind) for name in index])
    li = np.fromiter((index[name] for name in left), np.int64, len(left))
    ri = np.fromiter((index[name] for name in right), np.int64, len(right))
    scores = np.zeros(len(left), dtype=np.float64)
    order = np.zeros(len(left), dtype=np.int8)
    valid = np.flatnonzero((batch.counts[li] > 0) & (batch.counts[ri] > 0))
    if len(valid) == 0:
        return scores, order
    li, ri = li[valid], ri[valid]
    score, placed = _token_scores(batch, li, ri, SHORT_SIDE_SHARE[kind])
    if kind == "Organisation":  # "Mirage" ⊂ "Mirage Tiger": one name's extra words
        extra_words = batch.counts[li] != batch.counts[ri]
        score = np.where(extra_words, np.minimum(score, ORGANISATION_EXTRA_WORDS), score)
    # Same letters with different word breaks ("Ramimakhlouf" ↔ "Rami Makhlouf").
    split = np.flatnonzero(batch.counts[li] != batch.counts[ri])
    if len(split):
        compact = cpdist(
            batch.compact[li[split]].tolist(),
            batch.compact[ri[split]].tolist(),
            scorer=Indel.normalized_similarity,
            dtype=np.float64,
        )
        digits_l = batch.digits[li[split]]
        same_digits = digits_l == batch.digits[ri[split]]
        rescued = np.where((compact >= COMPACT_MIN) & same_digits, compact - COMPACT_DISCOUNT, 0.0)
        score[split] = np.maximum(score[split], rescued)
    if kind == "Person":  # "Frau Johanna Quandt" ↔ "Johanna Quandt": alike, not the same
        titled = batch.titles[li] != batch.titles[ri]
        score = np.where(titled, np.minimum(score, PERSON_TITLE_DIFFERS), score)
        placed = np.where(titled & (placed == IN_ORDER), 0, placed)  # may mark a relative
    if kind == "Organisation":
        single_l, single_r = batch.counts[li] == 1, batch.counts[ri] == 1
        acronym = (single_l & (batch.compact[li] == batch.acronym[ri])) | (
            single_r & (batch.acronym[li] == batch.compact[ri])
        )
        score = np.where(acronym, np.maximum(score, ACRONYM), score)
        respelt = single_l & single_r & (batch.compact[li] != batch.compact[ri])
        score = np.where(respelt, np.minimum(score, ONE_WORD_RESPELT), score)
        forms_l, forms_r = batch.legal_forms[li], batch.legal_forms[ri]
        conflict = (forms_l != 0) & (forms_r != 0) & ((forms_l & forms_r) == 0)
        score = score - np.where(conflict, LEGAL_FORM_CONFLICT, 0.0)
    scores[valid] = np.clip(score, 0.0, 1.0)
    order[valid] = placed
    return scores, order


def name_similarity(left: str, right: str, kind: NameKind) -> float:
    """Similarity of one name pair; see `name_similarities`."""
    return float(name_similarities([left], [right], kind)[0])
