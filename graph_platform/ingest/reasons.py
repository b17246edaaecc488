"""Reasons grouped for a load summary: how many rows each kind of reason hit, and one example.

Reasons name values (`'10/1/17 19:58' is not a date/time …`), so rows failing for the same
cause have different texts. A reason's group is its text with the values masked: quoted text
becomes `'…'` (a list of quoted alternatives one `'…'`), node ids `<id>` and free-standing
numbers `N` (not those inside a date, time or format such as `2018-11-07` or `%Y`), so the 100
rows of a file whose dates all miss the format make one group of 100 with the first row as its
example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_ALTERNATIVES = re.compile(r"'…'(?:(?:, | or )'…')+")
_NODE_ID = re.compile(r"\b[a-z]+:[0-9a-f]{32}\b")
_NUMBER = re.compile(r"(?<![\w.:/%-])[+-]?\d+(?:\.\d+)?%?(?![\w:/%-])")


def group_of(reason: str) -> str:
    """The reason with its values masked: what rows failing for the same cause share."""
    masked = _ALTERNATIVES.sub("'…'", _QUOTED.sub("'…'", reason))
    masked = _NODE_ID.sub("<id>", masked)
    return _NUMBER.sub("N", masked)


@dataclass
class ReasonGroup:
    """Rows sharing one kind of reason: how many, and the first (where and its full text)."""

    group: str
    count: int
    where: str
    example: str


@dataclass
class ReasonGroups:
    """Reasons by group, in the order first seen; `top()` orders them by count."""

    groups: dict[str, ReasonGroup] = field(default_factory=dict)

    def add(self, reason: str, where: str) -> None:
        key = group_of(reason)
        found = self.groups.get(key)
        if found is None:
            self.groups[key] = ReasonGroup(key, 1, where, reason)
        else:
            found.count += 1

    def merge(self, other: ReasonGroups) -> None:
        for key, group in other.groups.items():
            found = self.groups.get(key)
            if found is None:
                self.groups[key] = ReasonGroup(key, group.count, group.where, group.example)
            else:
                found.count += group.count

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups.values())

    def top(self) -> list[ReasonGroup]:
        """The groups, most rows first (first seen first among equals)."""
        return sorted(self.groups.values(), key=lambda g: -g.count)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def rows(self) -> list[list[str | int]]:
        """The groups as JSON rows (for a checkpoint): group, count, where, example."""
        return [[g.group, g.count, g.where, g.example] for g in self.groups.values()]

    @classmethod
    def from_rows(cls, rows: list[list[str | int]]) -> ReasonGroups:
        groups = cls()
        for group, count, where, example in rows:
            groups.groups[str(group)] = ReasonGroup(
                str(group), int(count), str(where), str(example)
            )
        return groups
