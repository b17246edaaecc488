"""Country names as sources write them ('USA', 'the UK', 'Iran (Islamic Republic of)', 'de') to
ISO 3166-1 alpha-2 codes — exactly, never by a fuzzy guess: a name that is not a country
('Middle East', 'West Papua', 'Various') has no code rather than the nearest-looking one.

Location nodes of countries are keyed by the code (transform `country_key`), so 'Russia',
'Russian Federation' and 'RU' from different sources are one node; places that are not countries
keep their lower-cased name as key.
"""

from __future__ import annotations

import re

import pycountry

#: Everyday names that ISO 3166 spells differently. Kosovo has no ISO code; XK is the
#: user-assigned code the EU, IMF and most data publishers use for it.
ALIASES = {
    "britain": "GB",
    "great britain": "GB",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "uae": "AE",
    "ksa": "SA",
    "russia": "RU",
    "turkey": "TR",
    "macedonia": "MK",
    "bosnia": "BA",
    "kosovo": "XK",
    "ivory coast": "CI",
    "palestine": "PS",
    "burma": "MM",
    "cape verde": "CV",
    "swaziland": "SZ",
    "east timor": "TL",
    "brunei": "BN",
    "vatican": "VA",
    "micronesia": "FM",
    "czechia": "CZ",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of the congo": "CD",
    "republic of the congo": "CG",
    "korea (republic of)": "KR",
    "republic of korea": "KR",
}
_PARENTHESIS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<qualifier>[^()]+)\)$")


def iso_country(name: str) -> str | None:
    """The alpha-2 code of the country `name` means, or None when it is not (only) a country."""
    text = " ".join(name.split()).strip(" .,")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if not text:
        return None
    if text.lower() in ALIASES:
        return ALIASES[text.lower()]
    candidates = [text]
    match = _PARENTHESIS.match(text)
    if match:  # ISO's own style: "Iran (Islamic Republic of)" = "Islamic Republic of Iran"
        candidates.append(f"{match['qualifier']} {match['name']}")
        candidates.append(f"{match['name']}, {match['qualifier']}")
    for candidate in candidates:
        if candidate.lower() in ALIASES:
            return ALIASES[candidate.lower()]
        try:
            return str(pycountry.countries.lookup(candidate).alpha_2)
        except LookupError:
            continue
    return None


def country_key(name: str) -> str | None:
    """Key of a Location: the ISO code of a country, else the lower-cased name as written."""
    code = iso_country(name)
    if code:
        return code
    text = " ".join(name.split()).lower()
    return text or None
