"""Dates at the precision a source gives them: "1958", "1958-05" or "1958-05-01".

Sanctions lists, registries and FollowTheMoney data often know only a year or a month of birth,
and several candidate dates; a full `date` property would drop all of those. The ontology type
`partial_date` keeps each value as this text, and entity resolution compares two of them at the
precision both have. One parser serves the loader (which quarantines what is not a date) and the
resolver (which ignores it).
"""

from __future__ import annotations

import re

_ISO_DATE = re.compile(r"^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:$|[T ])")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def partial_date(text: str) -> str:
    """A date at the precision it was given: "1958", "1958-05" or "1958-05-01" (from ISO dates
    with or without dashes, or day-first "1.5.1958"); "" when it is none of these, or month or
    day is out of range. "00" parts (unknown) end the precision."""
    text = text.strip()
    day_first = _DAY_FIRST.match(text)
    if day_first:
        parts = [day_first.group(3), day_first.group(2).zfill(2), day_first.group(1).zfill(2)]
    else:
        iso = _ISO_DATE.match(text)
        if not iso:
            return ""
        parts = [p for p in iso.groups() if p is not None]
    kept = [parts[0]]
    for part, top in zip(parts[1:], (12, 31), strict=False):
        if not 1 <= int(part) <= top:
            if int(part) == 0:
                break
            return ""
        kept.append(part)
    return "-".join(kept)
