"""Rows that cannot be loaded, kept as JSON lines with their position, raw text and reason."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import IO

from graph_platform.ingest.readers import BadRow
from graph_platform.ingest.reasons import ReasonGroups


def where(bad: BadRow) -> str:
    return f"{bad.position.file} row {bad.position.row} (line {bad.position.line})"


class Quarantine:
    """One quarantine file per loaded source file.

    Each line: {"loader", "file", "row", "line", "reason", "raw"}. A new load rewrites the file;
    a resumed load keeps its first `keep_bytes` (what the committed part of the load wrote) and
    appends. The file exists only when a row was quarantined. `groups` counts the reasons (see
    reasons.py), those of the kept part of a resumed load's file included.
    """

    def __init__(
        self, directory: Path, loader: str, source_file: Path, keep_bytes: int = 0, count: int = 0
    ) -> None:
        self.path = directory / loader / f"{source_file.name}.jsonl"
        self.loader = loader
        self.count = count
        self.groups = ReasonGroups()
        self._handle: IO[str] | None = None
        if keep_bytes and self.path.exists():
            with self.path.open("r+b") as handle:
                handle.truncate(keep_bytes)
            for line in self.path.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                self.groups.add(
                    entry["reason"], f"{entry['file']} row {entry['row']} (line {entry['line']})"
                )
        else:
            self.path.unlink(missing_ok=True)

    def add(self, bad: BadRow) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("a", encoding="utf-8")
        entry = {
            "loader": self.loader,
            "file": bad.position.file,
            "row": bad.position.row,
            "line": bad.position.line,
            "reason": bad.reason,
            "raw": bad.raw,
        }
        self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.count += 1
        self.groups.add(bad.reason, where(bad))

    def flush(self) -> int:
        """Write buffered lines to disk; the file's length in bytes."""
        if self._handle is None:
            return self.path.stat().st_size if self.path.exists() else 0
        self._handle.flush()
        return self._handle.tell()

    def __enter__(self) -> Quarantine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            self._handle.close()
