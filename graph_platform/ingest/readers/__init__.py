"""Readers turn source files into rows of named values; the registry maps a mapping's `kind`."""

from graph_platform.ingest.readers.base import BadRow, Member, Position, Reader, SourceRow
from graph_platform.ingest.readers.delimited import CsvReader, TwitterIoReader
from graph_platform.ingest.readers.troll_tweets import TrollTweetsReader

READERS: dict[str, type[Reader]] = {
    r.kind: r for r in (CsvReader, TwitterIoReader, TrollTweetsReader)
}

__all__ = [
    "READERS",
    "BadRow",
    "CsvReader",
    "Member",
    "Position",
    "Reader",
    "SourceRow",
    "TrollTweetsReader",
    "TwitterIoReader",
]
