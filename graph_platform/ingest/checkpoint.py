"""Where an interrupted load of one file stopped, so the next run resumes instead of starting over.

Saved after every committed batch: rows read, the counts loaded and quarantined, the length of
the quarantine file at that point, the rows read but still waiting for the nodes their
relationships end at (see loader.py), and the values set aside so far. A run that finds a
checkpoint for the same file (same size and modification time) skips the rows already
committed, reads the waiting ones again, and truncates the quarantine file to the saved length,
so nothing is lost and nothing is counted or quarantined twice. A finished file's checkpoint is
removed: loading it again is a full (idempotent) re-load.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path


def fingerprint(source: Path) -> str:
    stat = source.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


@dataclass
class Checkpoint:
    file: str
    fingerprint: str
    rows: int = 0
    loaded: int = 0
    quarantined: int = 0
    quarantine_bytes: int = 0
    waiting: list[int] = field(default_factory=list)
    #: Values set aside in the committed rows, as ReasonGroups.rows().
    set_aside: list[list[str | int]] = field(default_factory=list)

    @staticmethod
    def location(directory: Path, loader: str, source: Path) -> Path:
        return directory / loader / f"{source.name}.json"

    @classmethod
    def resume(cls, directory: Path, loader: str, source: Path) -> Checkpoint:
        """The saved checkpoint of `source` if it still matches the file, else a fresh one."""
        fresh = cls(source.name, fingerprint(source))
        path = cls.location(directory, loader, source)
        try:
            saved = cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return fresh
        return saved if saved.fingerprint == fresh.fingerprint else fresh

    def save(self, directory: Path, loader: str, source: Path) -> None:
        path = self.location(directory, loader, source)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(temporary, path)

    @classmethod
    def clear(cls, directory: Path, loader: str, source: Path) -> None:
        cls.location(directory, loader, source).unlink(missing_ok=True)
