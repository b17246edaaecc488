"""Cheap extractors that run inline while loading: hashtags, @mentions and URLs of a post's text.

Pure functions on one string each (regular expressions, no spaCy), after the rules of Twitter's
`twitter-text`: a tag or mention starts at the beginning of the text or after a character that
cannot be part of a word (`abc#x` and `me@mail.org` are neither), and keeps the case it was
published in. Each returns every occurrence in text order, duplicates included, as the Twitter IO
archives' `hashtags` column does; `TRANSFORMS` offers them under the names loader mappings use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from graph_platform.nlp.language import language

# Combining marks (Arabic harakat, Devanagari/Bengali/Thai vowel signs, Latin accents typed
# separately) and zero-width joiners are part of a hashtag in twitter-text but not of `\w`.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200c\u200d"
)
HASHTAG = re.compile(
    rf"(?:^|(?<=[^\w&{_MARKS}]))[#\uff03](?!\ufe0f|\u20e3)(?P<tag>[\w{_MARKS}]++)(?![#\uff03]|://)"
)
MENTION = re.compile(
    r"(?:^|(?<=[^A-Za-z0-9_!#$%&*@\uff20]))[@\uff20](?P<handle>[A-Za-z0-9_]{1,20})"
    r"(?![A-Za-z0-9_@\uff20\u00c0-\u024f\u2026]|://)"
)
URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'\u2026]+\u2026?", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}*"
# Query parameters that only track a click; dropped by `normalise_url`.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|igshid|mc_cid|mc_eid)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def hashtags(text: str) -> list[str]:
    """The hashtags of `text` without `#`, as written, in order (`#1` alone is no hashtag)."""
    return [
        tag
        for tag in (match["tag"] for match in HASHTAG.finditer(text))
        if not tag.replace("_", "").isdigit()
    ]


def mentions(text: str) -> list[str]:
    """The @handles `text` mentions, without `@`, as written, in order; one cut off by an
    ellipsis (`@J…` in a truncated retweet) is left out."""
    return [match["handle"] for match in MENTION.finditer(text)]


def urls(text: str) -> list[str]:
    """The links in `text` as published (shorteners such as t.co or bit.ly are not expanded).

    Trailing punctuation is not part of a link; a link cut off by an ellipsis (`https://t.co/ab…`,
    as in truncated retweets) is left out because its target is unknown.
    """
    found: list[str] = []
    for match in URL.finditer(text):
        url = match.group(0)
        if url.endswith("\u2026"):
            continue
        url = url.rstrip(_URL_TRAILING)
        if "." in url.split("://", 1)[-1]:
            found.append(url)
    return found


def _split(url: str) -> SplitResult:
    text = url.strip()
    if "://" not in text:
        text = f"http://{text}"
    return urlsplit(text)


def domain(url: str) -> str | None:
    """The host of `url` in lower case without `www.` (`t.co` for a t.co link); None if none."""
    try:
        host = _split(url).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".").removeprefix("www.")
    if "." not in host or any(ch.isspace() for ch in host):
        return None
    return host


def normalise_url(url: str) -> str:
    """`url` with scheme and host in lower case, default port, fragment and tracking parameters
    (utm_*, fbclid, …) removed; path and other parameters kept; shorteners are not expanded."""
    try:
        parts = _split(url)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if not _TRACKING.match(k)]
    new_query = parts.query if len(kept) == len(query) else urlencode(kept)
    return urlunsplit((scheme, netloc, parts.path or "/", new_query, ""))


#: The extractors as loader-mapping transforms (`transform: text_hashtags` on a text column).
TRANSFORMS: dict[str, Callable[[str], Any]] = {
    "text_hashtags": hashtags,
    "text_mentions": mentions,
    "text_urls": urls,
    "text_language": language,
    "url_domain": domain,
    "url_normalise": normalise_url,
}
