"""Clearance against markings: a caller cleared for a TLP marking sees what sources of that
marking or below assert (the names and their order are the model's, model/tlp.py)."""

from __future__ import annotations

from graph_platform.model.tlp import TLP, marking


def rank(name: str) -> int:
    """0 for CLEAR … 4 for RED."""
    return TLP.index(marking(name))


def cleared(clearance: str, source_marking: str | None, unmarked: str) -> bool:
    """True when a caller of `clearance` may see what a source of `source_marking` asserts
    (an unmarked source counts as `unmarked`)."""
    return rank(source_marking or unmarked) <= rank(clearance)
