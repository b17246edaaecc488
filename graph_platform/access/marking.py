"""Traffic Light Protocol 2.0 markings, in order from the most to the least shareable.

A caller cleared for a marking sees what sources of that marking or below assert. TLP 1.0's
WHITE is 2.0's CLEAR; names are read in any case, with or without "TLP:".
"""

from __future__ import annotations

from graph_platform.errors import InvalidArguments

TLP = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
_ALIASES = {"WHITE": "CLEAR", "AMBER STRICT": "AMBER+STRICT", "AMBER_STRICT": "AMBER+STRICT"}


def marking(text: str) -> str:
    """The TLP 2.0 name of `text` ("tlp:amber+strict" → "AMBER+STRICT"); an error lists them."""
    name = text.strip().upper().removeprefix("TLP:").strip()
    name = _ALIASES.get(name, name)
    if name not in TLP:
        raise InvalidArguments(f"{text!r} is not a TLP marking: one of {', '.join(TLP)}")
    return name


def rank(name: str) -> int:
    """0 for CLEAR … 4 for RED."""
    return TLP.index(marking(name))


def cleared(clearance: str, source_marking: str | None, unmarked: str) -> bool:
    """True when a caller of `clearance` may see what a source of `source_marking` asserts
    (an unmarked source counts as `unmarked`)."""
    return rank(source_marking or unmarked) <= rank(clearance)
