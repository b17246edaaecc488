"""What every reader yields: rows of named values, or bad rows with position, raw text and reason.

A reader never stops on a bad row: it yields a BadRow and goes on. Only an unreadable file
(missing, no header, not an archive it can open) raises LoadError.
"""

from __future__ import annotations

import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from graph_platform.errors import LoadError


@dataclass(frozen=True)
class Position:
    file: str  # file name, or "archive.zip:member" for a file inside an archive
    row: int  # 1-based row / object number in that file, header excluded
    line: int  # first physical line of the row


@dataclass(frozen=True)
class SourceRow:
    """A readable row. `set_aside` names the columns whose value the reader refused (read as
    null), each with the reason: a platform id a spreadsheet rounded beyond recovery."""

    position: Position
    raw: str
    values: dict[str, Any]
    set_aside: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BadRow:
    position: Position
    raw: str
    reason: str


@dataclass(frozen=True)
class Member:
    """One readable file: a plain file, or one matching member of a .zip archive."""

    path: Path
    name: str  # the member's own file name (for virtual columns such as the release)
    label: str  # how positions name it

    @contextmanager
    def open_binary(self) -> Iterator[IO[bytes]]:
        try:
            if self.path.suffix.lower() != ".zip":
                with self.path.open("rb") as handle:
                    yield handle
            else:
                with zipfile.ZipFile(self.path) as archive, archive.open(self.name) as handle:
                    yield handle
        except (OSError, zipfile.BadZipFile) as error:
            raise LoadError(f"{self.path}: cannot open ({error})") from error


class Reader(ABC):
    """Base of the readers registered by `kind`; options are checked when the mapping binds."""

    kind: ClassVar[str] = ""
    options: ClassVar[frozenset[str]] = frozenset()
    member_suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: dict[str, Any]) -> None:
        unknown = set(options) - self.options
        if unknown:
            raise ValueError(
                f"unknown option(s) {sorted(unknown)} of reader {self.kind}; "
                f"valid: {', '.join(sorted(self.options))}"
            )

    def members(self, path: Path) -> list[Member]:
        """The files to read: `path` itself, or the matching members of a .zip archive."""
        if path.suffix.lower() != ".zip":
            return [Member(path, path.name, path.name)]
        try:
            with zipfile.ZipFile(path) as archive:
                names = [
                    n
                    for n in archive.namelist()
                    if n.lower().endswith(self.member_suffixes) and not n.endswith("/")
                ]
        except (OSError, zipfile.BadZipFile) as error:
            raise LoadError(f"{path}: not a readable .zip archive ({error})") from error
        if not names:
            raise LoadError(f"{path}: no {' / '.join(self.member_suffixes)} file inside")
        return [Member(path, Path(n).name, f"{path.name}:{n}") for n in sorted(names)]

    def list_valued(self, column: str) -> bool | None:
        """Whether `column` holds a list (True) or one text value (False); None when the
        reader cannot tell before reading (a JSON key may hold either)."""
        return None

    @abstractmethod
    def columns(self, path: Path) -> list[str]:
        """Names a mapping may read from this file's rows (raises LoadError if unreadable)."""

    @abstractmethod
    def rows(self, path: Path) -> Iterator[SourceRow | BadRow]:
        """Every row of every member of `path`, good or bad, in order."""
