"""Latin names written in other scripts the way sources write foreign names: by sound.

Sanctions lists and news in Russian, Greek or Arabic spell a foreign name letter by letter as it
sounds ("Nordstar Shipping" → "Нордстар Шиппинг", "Νορντσταρ Σιππινγκ", "نوردستار شيبينغ"), so
entity resolution meets one name in several scripts. The tables are deliberately plain
transliteration (no dictionary): what a careful clerk writes, not what a translator would.
"""

from __future__ import annotations

from typing import Literal

Script = Literal["latin", "cyrillic", "greek", "arabic"]

# Longest source first: digraphs before single letters.
_CYRILLIC = (
    ("shch", "щ"),
    ("sch", "ш"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "ё"),
    ("ph", "ф"),
    ("th", "т"),
    ("ck", "к"),
    ("ee", "и"),
    ("oo", "у"),
    ("a", "а"),
    ("b", "б"),
    ("c", "к"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "х"),
    ("i", "и"),
    ("j", "дж"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "и"),
    ("z", "з"),
)
_GREEK = (
    ("sh", "σ"),
    ("ch", "τσ"),
    ("th", "θ"),
    ("ph", "φ"),
    ("kh", "χ"),
    ("ng", "νγκ"),
    ("ou", "ου"),
    ("oo", "ου"),
    ("ee", "ι"),
    ("b", "μπ"),
    ("d", "ντ"),
    ("g", "γκ"),
    ("j", "τζ"),
    ("a", "α"),
    ("c", "κ"),
    ("e", "ε"),
    ("f", "φ"),
    ("h", "χ"),
    ("i", "ι"),
    ("k", "κ"),
    ("l", "λ"),
    ("m", "μ"),
    ("n", "ν"),
    ("o", "ο"),
    ("p", "π"),
    ("q", "κ"),
    ("r", "ρ"),
    ("s", "σ"),
    ("t", "τ"),
    ("u", "ου"),
    ("v", "β"),
    ("w", "ου"),
    ("x", "ξ"),
    ("y", "ι"),
    ("z", "ζ"),
)
# Arabic writes long vowels and drops most short ones; Latin e and short a vanish inside a word.
_ARABIC = (
    ("sh", "ش"),
    ("ch", "تش"),
    ("th", "ث"),
    ("kh", "خ"),
    ("gh", "غ"),
    ("ph", "ف"),
    ("ou", "و"),
    ("oo", "و"),
    ("ee", "ي"),
    ("a", "ا"),
    ("b", "ب"),
    ("c", "ك"),
    ("d", "د"),
    ("e", ""),
    ("f", "ف"),
    ("g", "غ"),
    ("h", "ه"),
    ("i", "ي"),
    ("j", "ج"),
    ("k", "ك"),
    ("l", "ل"),
    ("m", "م"),
    ("n", "ن"),
    ("o", "و"),
    ("p", "ب"),
    ("q", "ق"),
    ("r", "ر"),
    ("s", "س"),
    ("t", "ت"),
    ("u", "و"),
    ("v", "ف"),
    ("w", "و"),
    ("x", "كس"),
    ("y", "ي"),
    ("z", "ز"),
)
_TABLES = {"cyrillic": _CYRILLIC, "greek": _GREEK, "arabic": _ARABIC}


def _word(word: str, table: tuple[tuple[str, str], ...], script: Script) -> str:
    lower = word.lower()
    out: list[str] = []
    i = 0
    while i < len(lower):
        for source, target in table:
            if lower.startswith(source, i):
                if script == "arabic" and source == "a" and 0 < i < len(lower) - 1:
                    target = ""  # a short a inside an Arabic word is not written
                out.append(target)
                i += len(source)
                break
        else:
            out.append(lower[i])  # digits, hyphens, letters the table lacks stay as they are
            i += 1
    text = "".join(out)
    if script == "arabic" and lower[:1] in "aeiou":
        text = "ا" + text.lstrip("ا")  # a word-initial vowel is carried by an alif
    if script == "greek" and text.endswith("σ"):
        text = text[:-1] + "ς"
    if script == "cyrillic" and word[:1].isupper():
        text = text[:1].upper() + text[1:]
    return text


def transliterate(text: str, script: Script) -> str:
    """`text` (Latin) as a clerk writing `script` would spell it by sound; Latin unchanged."""
    if script == "latin":
        return text
    table = _TABLES[script]
    return " ".join(_word(word, table, script) for word in text.split())
