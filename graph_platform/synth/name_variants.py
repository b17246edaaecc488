"""Seeded persons and organisations, each named by several sources in their own way.

One entity becomes several records, as when sanctions lists, registers and news each name it:
a person's name in Latin (with spelling variants, surname first, initials, a patronymic or
middle name now and then, a typo), Cyrillic, Greek or Arabic; a birth date given in full, to
the month or to the year, sometimes two dates; countries. An organisation's name with or without
its legal form (abbreviated, written out, or in Cyrillic), its acronym, its words reordered or
its sector dropped, spelled by sound in another script. A few persons share a full name with
another one (homonyms: the case term-frequency weighting is for). Ground truth is each record's
entity key.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph_platform.synth.actor import ACTORS
from graph_platform.synth.name_pool import (
    GIVEN_NAMES,
    LEGAL_FORMS,
    ORG_QUALIFIERS,
    ORG_SECTORS,
    ORG_STEMS,
    SURNAMES,
    Spellings,
)
from graph_platform.synth.scripts import Script, transliterate

COUNTRIES = ("ru", "ua", "gb", "us", "de", "ae", "cy", "tr", "sy", "ir", "gr", "kz")
HOMONYM_SHARE = 0.04  # persons who share another one's given name and surname


@dataclass
class AliasRecord:
    """One source's record of an entity: a single name plus what that source says besides."""

    id: str
    entity: str
    kind: str  # "Person" or "Organisation"
    name: str
    origin: str  # "synthetic" or the dataset it was split from
    script: str = "latin"
    countries: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(3):
        case 0:
            return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
        case 1:
            return word[:i] + word[i + 1 :]
        case _:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _spell(rng: random.Random, part: Spellings, script: Script) -> str:
    if script == "latin":
        return rng.choice(part.latin) if rng.random() < 0.35 else part.latin[0]
    return str(getattr(part, script))


def _script(rng: random.Random) -> Script:
    return rng.choices(("latin", "cyrillic", "greek", "arabic"), (0.6, 0.18, 0.1, 0.12))[0]


def _birth_dates(rng: random.Random, born: date) -> list[str]:
    """What one source says of a birth date: nothing, the year, the month or the day; now and
    then a second value (another source's year, or the day and month swapped)."""
    roll = rng.random()
    if roll < 0.15:
        return []
    full = born.isoformat()
    values = [full if roll < 0.6 else full[:7] if roll < 0.75 else full[:4]]
    extra = rng.random()
    if extra < 0.06:
        values.append(str(born.year + rng.choice((-1, 1))))
    elif extra < 0.1 and born.day <= 12 and born.day != born.month:
        values.append(f"{born.year}-{born.day:02d}-{born.month:02d}")
    return values


def _countries(rng: random.Random, home: str, second: str | None) -> list[str]:
    roll = rng.random()
    if roll < 0.3:
        return []
    if second is not None and roll > 0.85:
        return [home, second]
    return [home]


@dataclass(frozen=True)
class _Person:
    key: str
    given: Spellings
    surname: Spellings
    middle: Spellings | None
    born: date
    home: str
    second: str | None


def _person_name(rng: random.Random, person: _Person) -> tuple[str, str]:
    """One source's spelling of a person's name and the script it wrote it in."""
    script = _script(rng)
    given, surname = _spell(rng, person.given, script), _spell(rng, person.surname, script)
    if script == "latin" and rng.random() < 0.1:
        surname = _typo(rng, surname)
    middle = ""
    if person.middle is not None and rng.random() < 0.4:
        middle = _spell(rng, person.middle, script)
        if script == "cyrillic":  # a Russian source writes the patronymic
            stem = middle.rstrip("йь")
            middle = stem + ("ович" if stem[-1:] not in "аеёиоуыэюя" else "евич")
    form = rng.random()
    if script == "latin" and form < 0.1:
        return f"{given[0]}. {surname}", script
    if form < 0.35:
        text = f"{surname.upper() if script == 'latin' else surname}, {given} {middle}"
        return text.strip(), script
    return " ".join(p for p in (given, middle, surname) if p), script


def persons(rng: random.Random, count: int, start: date = date(1940, 1, 1)) -> list[AliasRecord]:
    """Records of `count` synthetic persons, 1–6 records each."""
    people: list[_Person] = []
    used: set[tuple[int, int]] = set()
    for number in range(count):
        if people and rng.random() < HOMONYM_SHARE:
            twin = rng.choice(people)  # a homonym: same name, another life
            g, s = twin.given, twin.surname
        else:
            while True:
                gi = min(int(rng.paretovariate(0.9)) - 1, len(GIVEN_NAMES) - 1)
                si = rng.randrange(len(SURNAMES))
                if (gi, si) not in used:
                    break
                gi = rng.randrange(len(GIVEN_NAMES))
                if (gi, si) not in used:
                    break
            used.add((gi, si))
            g, s = GIVEN_NAMES[gi], SURNAMES[si]
        middle = rng.choice(GIVEN_NAMES) if rng.random() < 0.5 else None
        born = start + timedelta(days=rng.randrange(365 * 50))
        home = rng.choice(COUNTRIES)
        second = rng.choice([c for c in COUNTRIES if c != home]) if rng.random() < 0.2 else None
        people.append(_Person(f"person-{number:04d}", g, s, middle, born, home, second))
    records: list[AliasRecord] = []
    for person in people:
        for n in range(1 + min(int(rng.expovariate(0.6)), 5)):
            name, script = _person_name(rng, person)
            records.append(
                AliasRecord(
                    f"{person.key}-{n}",
                    person.key,
                    "Person",
                    name,
                    "synthetic",
                    script,
                    _countries(rng, person.home, person.second),
                    _birth_dates(rng, person.born),
                )
            )
    return records


def _organisation_names(
    rng: random.Random, home: str, used: set[frozenset[str]]
) -> list[tuple[str, str]]:
    """One organisation's name as several sources write it, with each one's script. Names are
    unique to one organisation (their words are not: "Zenith Shipping" / "Zenith Energy")."""
    while True:
        words = [rng.choice(ORG_STEMS)]
        if rng.random() < 0.35:
            words.insert(0, rng.choice(ORG_QUALIFIERS))
        words.append(rng.choice(ORG_SECTORS))
        if frozenset(words) not in used:
            used.add(frozenset(words))
            break
    core = " ".join(words)
    short, long = rng.choice(LEGAL_FORMS.get(home, LEGAL_FORMS["gb"]))
    variants: list[tuple[str, str]] = [
        (f"{core} {short}", "latin"),
        (core, "latin"),
        (f"{long} {core}" if home in ("ru", "ua") else f"{core} {long}", "latin"),
        (f"{core.upper()} {short.upper()}", "latin"),
        (" ".join(words[:-1]) + " " + short, "latin"),  # the sector dropped
        (" ".join(reversed(words)), "latin"),
        (" ".join(_typo(rng, w) if len(w) > 5 else w for w in words), "latin"),
    ]
    if len(words) >= 3 or len(core.split()) >= 3:
        variants.append(("".join(w[0] for w in core.split()).upper(), "latin"))  # acronym
    script: Script
    for script in ("cyrillic", "greek", "arabic"):
        spelled = transliterate(core, script)
        if script == "cyrillic" and home in ("ru", "ua"):
            spelled = f"ООО «{spelled}»" if short == "OOO" else f"{spelled} {short}"
        variants.append((spelled, script))
    return variants


def organisations(rng: random.Random, count: int) -> list[AliasRecord]:
    """Records of `count` synthetic organisations (2–6 each) and of the synthetic IO actors."""
    records: list[AliasRecord] = []
    used: set[frozenset[str]] = set()
    for number in range(count):
        key = f"org-{number:04d}"
        home = rng.choice(tuple(LEGAL_FORMS))
        names = _organisation_names(rng, home, used)
        for n, (name, script) in enumerate(
            rng.sample(names, 2 + min(int(rng.expovariate(0.5)), 4))
        ):
            countries = [home] if rng.random() < 0.6 else []
            records.append(
                AliasRecord(f"{key}-{n}", key, "Organisation", name, "synthetic", script, countries)
            )
    for actor in ACTORS:
        country = actor.country.split(",")[0].strip()
        for n, name in enumerate(actor.names):
            records.append(
                AliasRecord(
                    f"actor-{actor.key}-{n}",
                    f"actor-{actor.key}",
                    "Organisation",
                    name,
                    "synthetic",
                    countries=[country] if rng.random() < 0.6 else [],
                )
            )
    return records
