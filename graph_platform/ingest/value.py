"""Value transforms by name (for mappings) and parsing of raw values to ontology types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import pycountry

from graph_platform.errors import ValueProblem
from graph_platform.ingest.country import country_key, iso_country
from graph_platform.model import PropertyType
from graph_platform.model.partial_date import partial_date
from graph_platform.nlp.inline import TRANSFORMS as TEXT_TRANSFORMS


def _handle_key(value: str) -> str:
    return value.strip().lstrip("@").lower()


def _domain(value: str) -> str | None:
    host = urlsplit(value.strip()).hostname
    if not host:
        return None
    return host.lower().removeprefix("www.")


def _is_hashed(value: str) -> bool:
    """Takedown releases replace small accounts' ids with base64 hashes; clear ids are digits."""
    return not value.strip().isdigit()


def _language_code(value: str) -> str | None:
    """An ISO 639-1 code (or 639-3 where there is none) from a language name such as 'English'."""
    try:
        language = pycountry.languages.lookup(value.strip())
    except LookupError:
        return None
    return str(getattr(language, "alpha_2", None) or language.alpha_3)


TRANSFORMS: dict[str, Callable[[str], Any]] = {
    "lower": lambda v: v.lower(),
    "strip": lambda v: v.strip(),
    "handle_key": _handle_key,
    "domain": _domain,
    "is_hashed": _is_hashed,
    "language_code": _language_code,
    "iso_country": iso_country,
    "country_key": country_key,
    "split": lambda v: [part.strip() for part in v.split(",") if part.strip()],
    **TEXT_TRANSFORMS,  # text_hashtags, text_mentions, text_urls, text_language, url_domain …
}

_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
#: Forms spreadsheets and publishers write dates in, tried only to suggest a `format:` when a
#: value fits none of the mapping's (never to read a value: 1/2/2020 is ambiguous).
COMMON_FORMATS = (
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d.%m.%Y %H:%M",
    "%Y/%m/%d",
    "%Y_%m",
    "%b-%y",
    "%b %d, %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%Y",
)
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


def fitting_formats(text: str) -> list[str]:
    """The common date formats `text` can be read with (for a suggestion in an error)."""
    fits = []
    for fmt in COMMON_FORMATS:
        try:
            datetime.strptime(text, fmt)
        except ValueError:
            continue
        fits.append(fmt)
    return fits


def date_problem(text: str, formats: tuple[str, ...]) -> ValueProblem:
    """Why `text` is no date: the formats it was tried with, and those it would fit."""
    expected = (
        " or ".join(formats) if formats else "an ISO date such as 2018-11-07 or 2018-11-07 14:30"
    )
    fits = [f for f in fitting_formats(text) if f not in formats]
    hint = ""
    if fits:
        shown = " or ".join(f'"{f}"' for f in fits[:3])
        hint = f"; it would fit {shown}: give the value `format:` (one or a list)"
    return ValueProblem(f"{text!r} is not a date/time (expected {expected}){hint}")


@lru_cache(maxsize=4096)
def _parse_datetime(text: str, fmt: str | None) -> datetime:
    """Parsed once per distinct text: a row's time feeds many entities' first/last seen."""
    formats = (fmt,) if fmt else _DATETIME_FORMATS
    for candidate in formats:
        try:
            parsed = datetime.strptime(text, candidate)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise date_problem(text, (fmt,) if fmt else ()) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_one(value: Any, type_: PropertyType, fmt: str | None) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        match type_:
            case PropertyType.INTEGER:
                return int(text.replace(",", ""))
            case PropertyType.FLOAT:
                return float(text.replace(",", ""))
            case PropertyType.BOOLEAN:
                if text.lower() in _TRUE:
                    return True
                if text.lower() in _FALSE:
                    return False
                raise ValueProblem(f"{text!r} is not a boolean")
            case PropertyType.DATETIME:
                return _parse_datetime(text, fmt)
            case PropertyType.DATE:
                return _parse_datetime(text, fmt).date()
            case PropertyType.PARTIAL_DATE:
                known = partial_date(text)
                if not known:
                    raise ValueProblem(f"{text!r} is not a date (1958, 1958-05 or 1958-05-01)")
                return known
            case _:
                return value
    except ValueError as error:
        if isinstance(error, ValueProblem):
            raise
        article = "an" if type_.value[0] in "aeiou" else "a"
        raise ValueProblem(f"{text!r} is not {article} {type_.value}") from None


def parse(value: Any, type_: PropertyType, multiple: bool, fmt: str | None = None) -> Any:
    """Convert a raw value to the ontology type; lists for multiple-valued properties."""
    if value is None:
        return None
    if multiple:
        values = value if isinstance(value, list) else [value]
        return [_parse_one(v, type_, fmt) for v in values if v is not None]
    if isinstance(value, list):
        raise ValueProblem("a list where one value is expected")
    return _parse_one(value, type_, fmt)


def as_datetime(value: Any) -> datetime | None:
    """A `seen` value as an aware datetime (dates become midnight UTC)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None
