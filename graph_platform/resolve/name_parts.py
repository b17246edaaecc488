"""A name taken apart for comparison: Latin tokens, phonetic skeletons, and what was set aside.

Names arrive in any script and any order ("Путин, Владимир", "Präsident Putin", "Siemens AG").
`parse_name` transliterates them to Latin (anyascii), folds case and punctuation, removes
honorifics (persons) or legal forms and small words (organisations) listed in `name_parts.yaml`,
and keeps what it removed, since a legal form can be a feature of its own. Each token also gets a
consonant skeleton that is the same for the usual transliteration variants of one spoken name
(Vladimir / Wladimir / فلاديمير → "BRTNR"), so names written in different scripts can meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from anyascii import anyascii

NameKind = Literal["Person", "Organisation"]

#: The reviewed lists of honorifics, legal forms, stop words and particles.
NAME_PARTS_FILE = Path(__file__).with_name("name_parts.yaml")

_APOSTROPHES = re.compile(r"['’‘`ʼʻ´]")
# anyascii writes Arabic hamza and ayin as ' and `: at a word's start they carry its opening
# vowel (أندريه → "'ndryh" Andrei, عمر → "`mr" Omar), so there they are read as one.
_VOWEL_ONSET = re.compile(r"(?<![a-z0-9])['`]")
# anyascii drops a bare alif (ا, ٱ) altogether, but it is a vowel: at a word's start the opening
# one (انرغي "Energy" would read "nrghy"), inside a word a long a (تاتيانا "Tatyana" would read
# "ttyn", a skeleton of two consonants where Tatiana has three), so it is kept as "a".
_ALIF = re.compile("[اٱ]")
# Greek χ writes both Arabic h and kh ("Χουσεΐν" Hussein, "Χαλίντ" Khalid); anyascii's "ch" would
# read as an affricate, so it is read as h, which the skeleton treats as it treats kh.
_GREEK_CHI = re.compile("[χΧ]")
# A comma (Latin or Arabic) after a person's leading parts: "PETROV, Ivan", "بيتروف، إيفان".
_COMMA = re.compile("[,،]")
_DOTTED_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}(?:[a-z]\b)?")
_NON_WORD = re.compile(r"[^a-z0-9&]+")

# Transliteration variants of one sound, longest first: German tsch, English ch, Polish cz, ts and
# a final c (Czech č after transliteration) all become the affricate "j", which sits with d/t
# together with Hungarian gy and Russian zh, because Chinese and Japanese write the d of foreign
# names that way (ウラジーミル → "urajimiru", 弗拉基米尔 → "fulajimier"). Other c is k or s.
# Russian х writes Arabic h, so kh is h ("Хусейн" Hussein); Greek writes b and d as μπ and ντ, so
# a nasal before a stop is dropped ("Μπελόφ" Belov, "Μοχάμεντ" Mohammed, "Antonov" ↔ "Αντόνοφ").
_DIGRAPHS = (
    ("tsch", "j"),
    ("dzh", "j"),
    ("sch", "s"),
    ("tch", "j"),
    ("tsh", "j"),
    ("tsj", "j"),
    ("ts", "j"),
    ("tz", "j"),
    ("tx", "j"),
    ("tj", "j"),
    ("ch", "j"),
    ("cz", "j"),
    ("cs", "j"),
    ("dz", "j"),
    ("ce", "se"),
    ("ci", "si"),
    ("cy", "sy"),
    ("sz", "s"),
    ("sh", "s"),
    ("zh", "j"),
    ("kh", "h"),
    ("nd", "d"),
    ("nt", "t"),
    ("mb", "b"),
    ("mp", "p"),
    ("gy", "j"),
    ("dj", "j"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
)
_DIGRAPH = re.compile("|".join(source for source, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)
# A w after a consonant (transliterated Arabic and Persian و: "bwtyn" = Putin) or between a vowel
# and a consonant (Armenian ու → "ow": "powtin") is a vowel.
_VOWEL_W = re.compile(r"(?<=[bcdfgjklmnpqrstvxz])w|(?<=[aeiouy])w(?![aeiouy])")
# vladimirovič → …c is the affricate; pinyin -ng is a plain n, and so is Arabic's -ngh (English
# "-ing": شيببينغ "shipping"); a final -cs is English "-ics" (логистикс "logistics"), not Hungarian.
_FINAL = re.compile(r"cs$|c$|ngh$|ng$")
_FINAL_MAP = {"cs": "ks", "c": "j", "ngh": "n", "ng": "n"}
# Consonant classes: labials, dentals and affricates, velars, sibilants, liquids, nasals.
_CLASS = str.maketrans("bpfvwdtjcgkqsxzlrmnaeiouyh", "BBBBBTTTKKKKSSSRRNN_______")
# Finer classes, for telling names apart rather than finding candidates: only letters that
# transliteration really swaps stay together (Arabic has no p or v, so b/p and f/v meet; Cyrillic
# г is g or h), while s/z, l/r and m/n, which Cyrillic, Greek and Arabic all keep apart, part:
# "Sokolov" and "Zakharov", "Nikolai" and "Mikhail" share a coarse skeleton, not a fine one.
_FINE_CLASS = str.maketrans("bpfvwdtjcgkqsxzlrmnaeiouyh", "BBBBBTTTKKKKSSZLRMN_______")


@dataclass(frozen=True)
class NameParts:
    """One name ready for comparison.

    `tokens` are the Latin, case-folded parts that identify the name (honorifics, legal forms and
    small words removed); `weights` give each token's say (its length; particles count little);
    `skeletons` are the tokens' consonant skeletons; `removed` lists the canonical honorifics or
    legal forms that were set aside; `spelled` is every token before removal, joined;
    `transliterated` says the name was written (partly) in a non-Latin script; `surname_first`
    counts a person's leading tokens written before a comma ("PETROV, Ivan" → 1), which name
    order puts last.
    """

    text: str
    kind: NameKind
    tokens: tuple[str, ...]
    weights: tuple[float, ...]
    skeletons: tuple[str, ...]
    removed: tuple[str, ...]
    spelled: str
    transliterated: bool
    surname_first: int = 0

    @property
    def key(self) -> str:
        """The normalised name: tokens in sorted order, so name-part order does not matter."""
        return " ".join(sorted(self.tokens))

    @property
    def legal_forms(self) -> frozenset[str]:
        """Registered legal forms removed from an organisation's name (not "Corporation" etc.)."""
        if self.kind != "Organisation":
            return frozenset()
        return frozenset(self.removed) - _lexicon().loose_legal_forms

    @property
    def compact(self) -> str:
        """Every token (titles and legal forms too) joined without spaces, for names written as
        one word or split differently ("TheDukes" ↔ "The Dukes", "SiemensAG" ↔ "Siemens AG")."""
        return self.spelled

    @property
    def acronym(self) -> str:
        """First letters of the tokens ("internet research agency" → "ira"); organisations only."""
        if len(self.tokens) < 2 or not all(t.isalpha() for t in self.tokens):
            return ""
        return "".join(token[0] for token in self.tokens)


@dataclass(frozen=True)
class _Lexicon:
    honorifics: dict[tuple[str, ...], str]
    legal_forms: dict[tuple[str, ...], str]
    loose_legal_forms: frozenset[str]
    org_stopwords: frozenset[str]
    particles: dict[str, str]


def _runs(groups: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {
        tuple(spelling.split()): code
        for code, spellings in groups.items()
        for spelling in spellings
    }


@cache
def _lexicon(path: Path = NAME_PARTS_FILE) -> _Lexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _Lexicon(
        honorifics=_runs(data["honorifics"]),
        legal_forms=_runs(data["legal_forms"]),
        loose_legal_forms=frozenset(data["loose_legal_forms"]),
        org_stopwords=frozenset(data["org_stopwords"]),
        particles={s: code for code, spellings in data["particles"].items() for s in spellings},
    )


def latin_tokens(text: str, vowel_onsets: bool = False) -> list[str]:
    """Transliterate to Latin, fold case, join dotted acronyms and apostrophes, split into tokens.

    Codes stay whole ("APT28" is one token; "APT 28" two, met again by the compact form). With
    `vowel_onsets`, a word-initial hamza or ayin of a transliterated name becomes the vowel "a"
    ("`mr" → "amr", not the title "Mr"; "'ndryh" → "andryh", which begins like "Andrei").
    """
    if vowel_onsets and any(ch.isalpha() and not _is_latin(ch) for ch in text):
        native = _GREEK_CHI.sub("h", _ALIF.sub("a", text))
        latin = _VOWEL_ONSET.sub("a", anyascii(native).lower())
    else:
        latin = anyascii(text).lower()
    latin = _APOSTROPHES.sub("", latin)
    latin = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), latin)
    return _NON_WORD.sub(" ", latin.replace("&", " & ")).split()


def first_sound(token: str) -> str:
    """The letter a Latin token's first sound is written with: Russian х writes Arabic h as kh
    ("Хусейн" "khuseyn" is Hussein), so kh is h."""
    return token[1] if token[:2] == "kh" else token[0]


def skeleton(token: str, fine: bool = False) -> str:
    """The consonant skeleton of a Latin token: digraphs folded, doubled letters collapsed,
    consonants mapped to their class, vowels dropped ("poutine" → "BTN", "wladimir" → "BRTNR");
    `fine` keeps s/z, l/r and m/n apart ("wladimir" → "BLTMR")."""
    if not token.isalpha():
        return token
    folded = _FINAL.sub(lambda m: _FINAL_MAP[m.group(0)], _VOWEL_W.sub("u", token))
    table = _FINE_CLASS if fine else _CLASS
    classes = _DIGRAPH.sub(lambda m: _DIGRAPH_MAP[m.group(0)], folded).translate(table)
    collapsed = (ch for i, ch in enumerate(classes) if i == 0 or ch != classes[i - 1])
    return "".join(ch for ch in collapsed if ch != "_")


def _strip_runs(
    tokens: list[str], runs: dict[tuple[str, ...], str], longest: int
) -> tuple[list[str], list[str]]:
    """Remove every token run found in `runs` (longest first); return kept tokens and codes."""
    kept: list[str] = []
    codes: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            code = runs.get(tuple(tokens[i : i + size]))
            if code is not None:
                codes.append(code)
                i += size
                break
        else:
            kept.append(tokens[i])
            i += 1
    return kept, codes


@lru_cache(maxsize=4096)
def _is_latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


@lru_cache(maxsize=200_000)
def parse_name(text: str, kind: NameKind) -> NameParts:
    """Take a raw name apart for comparison (cached: each distinct name is parsed once)."""
    lexicon = _lexicon()
    tokens = latin_tokens(text, vowel_onsets=True)
    removed: list[str] = []
    if kind == "Organisation":
        kept, removed = _strip_runs(tokens, lexicon.legal_forms, 6)
        kept = [t for t in kept if t not in lexicon.org_stopwords]
    else:
        kept, removed = _strip_runs(tokens, lexicon.honorifics, 2)
        kept = [lexicon.particles.get(t, t) for t in kept if t != "&"]
    if not kept:  # a name made only of a title or a legal form ("Company") stays itself
        kept, removed = [t for t in tokens if t != "&"], []
    surname_first = 0
    head, *tail = _COMMA.split(text, maxsplit=1) if kind == "Person" else [text]
    if tail and tail[0].strip():
        # "SURNAME, Given Middle": the head's tokens lead; name order puts them last.
        leading = parse_name(head, kind).tokens
        if 0 < len(leading) < len(kept) and tuple(kept[: len(leading)]) == leading:
            surname_first = len(leading)
    weights = tuple(
        1.0 if kind == "Person" and t in lexicon.particles.values() else float(len(t)) for t in kept
    )
    return NameParts(
        text=text,
        kind=kind,
        tokens=tuple(kept),
        weights=weights,
        skeletons=tuple(skeleton(t) for t in kept),
        removed=tuple(removed),
        spelled="".join(tokens),
        transliterated=any(ch.isalpha() and not _is_latin(ch) for ch in text),
        surname_first=surname_first,
    )


def normalise_name(text: str, kind: NameKind) -> str:
    """The normalised form of a name: Latin, case-folded, without honorifics or legal forms,
    name parts in sorted order ("PUTIN, Vladimir" and "Владимир Путин" → "putin vladimir")."""
    return parse_name(text, kind).key
