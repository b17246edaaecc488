"""Rows that cannot be loaded, kept as JSON lines with their position, raw text and reason."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import IO

from graph_platform.ingest.readers import BadRow


class Quarantine:
    """One quarantine file per loaded source file, rewritten on every run so re-runs don't pile up.

    Each line: {"loader", "file", "row", "line", "reason", "raw"}. The file is created only when
    a row is quarantined.
    """

    def __init__(self, directory: Path, loader: str, source_file: Path) -> None:
        self.path = directory / loader / f"{source_file.name}.jsonl"
        self.loader = loader
        self.count = 0
        self._handle: IO[str] | None = None
        self.path.unlink(missing_ok=True)

    def add(self, bad: BadRow) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8")
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
