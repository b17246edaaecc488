"""Readers turn source files into rows of named values; the registry maps a mapping's `kind`."""

from graph_platform.ingest.readers.base import BadRow, Member, Position, Reader, SourceRow
from graph_platform.ingest.readers.delimited import CsvReader, TwitterIoReader
from graph_platform.ingest.readers.json_objects import JsonDocumentReader, JsonLinesReader
from graph_platform.ingest.readers.json_record import ANY_COLUMN, JsonRecord
from graph_platform.ingest.readers.stix import StixReader
from graph_platform.ingest.readers.troll_tweets import TrollTweetsReader

READERS: dict[str, type[Reader]] = {
    r.kind: r
    for r in (
        CsvReader,
        TwitterIoReader,
        TrollTweetsReader,
        JsonLinesReader,
        JsonDocumentReader,
        StixReader,
    )
}

__all__ = [
    "ANY_COLUMN",
    "READERS",
    "BadRow",
    "CsvReader",
    "JsonDocumentReader",
    "JsonLinesReader",
    "JsonRecord",
    "Member",
    "Position",
    "Reader",
    "SourceRow",
    "StixReader",
    "TrollTweetsReader",
    "TwitterIoReader",
]
