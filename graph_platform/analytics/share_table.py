"""The shares a coordination run works on: one row per (message, shared object), as Arrow.

A *share* is an account's message carrying an object others can carry too: a URL, its domain,
a hashtag, the post it reshares, quotes or replies to. Texts (for near-duplicate detection) are a
second table with one row per message. `encode` turns ids into dense integer codes, so the
engines compute on integer arrays and decode only the edges they keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from numpy.typing import NDArray

from graph_platform.synth.coshare import CoShareData

#: Object kinds a share can be about, as stored in the `kind` column.
OBJECT_KINDS = ("url", "domain", "hashtag", "reshare", "quote", "reply")

SHARE_SCHEMA = pa.schema(
    [
        ("message", pa.string()),
        ("account", pa.string()),
        ("kind", pa.string()),
        ("object", pa.string()),
        ("time_ms", pa.int64()),
    ]
)
TEXT_SCHEMA = pa.schema(
    [
        ("message", pa.string()),
        ("account", pa.string()),
        ("time_ms", pa.int64()),
        ("text", pa.string()),
    ]
)


@dataclass(frozen=True)
class ShareCodes:
    """Integer-coded shares and texts; `accounts[code]` etc. give the ids back. Accounts and
    messages have one code space over both."""

    account: NDArray[np.int64]
    message: NDArray[np.int64]
    object: NDArray[np.int64]
    time_ms: NDArray[np.int64]
    text_account: NDArray[np.int64]
    text_message: NDArray[np.int64]
    text_time_ms: NDArray[np.int64]
    text: pa.Array
    accounts: pa.Array
    messages: pa.Array
    objects: pa.Array

    def __len__(self) -> int:
        return len(self.account)


def _codes(column: pa.ChunkedArray | pa.Array) -> tuple[NDArray[np.int64], pa.Array]:
    """Dense codes of a string column and the dictionary they index (one chunk first:
    unifying the dictionaries of many encoded chunks took seconds per million rows)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return indices, encoded.dictionary


def _int64(column: pa.ChunkedArray) -> NDArray[np.int64]:
    return np.asarray(column.to_numpy(), dtype=np.int64)


@dataclass(frozen=True)
class ShareTable:
    """Shares and texts of one run's input, as Arrow tables."""

    shares: pa.Table
    texts: pa.Table

    @classmethod
    def empty(cls) -> ShareTable:
        return cls(SHARE_SCHEMA.empty_table(), TEXT_SCHEMA.empty_table())

    @classmethod
    def from_batches(cls, shares: list[pa.RecordBatch], texts: list[pa.RecordBatch]) -> ShareTable:
        return cls(
            pa.Table.from_batches(shares, SHARE_SCHEMA), pa.Table.from_batches(texts, TEXT_SCHEMA)
        )

    @classmethod
    def concat(cls, tables: list[ShareTable]) -> ShareTable:
        return cls(
            pa.concat_tables([t.shares for t in tables]).combine_chunks(),
            pa.concat_tables([t.texts for t in tables]).combine_chunks(),
        )

    def unique(self) -> ShareTable:
        """Without repeated rows (the same post read twice)."""
        shares = self.shares.group_by(SHARE_SCHEMA.names, use_threads=False).aggregate([])
        texts = self.texts.group_by(TEXT_SCHEMA.names, use_threads=False).aggregate([])
        return ShareTable(
            shares.select(SHARE_SCHEMA.names).cast(SHARE_SCHEMA),
            texts.select(TEXT_SCHEMA.names).cast(TEXT_SCHEMA),
        )

    def messages_per_account(self) -> dict[str, int]:
        """Distinct messages (shares and texts) of each account."""
        both = pa.concat_tables(
            [self.shares.select(["account", "message"]), self.texts.select(["account", "message"])]
        )
        distinct = both.group_by(["account", "message"], use_threads=False).aggregate([])
        counts = distinct.group_by("account", use_threads=False).aggregate([("message", "count")])
        return dict(
            zip(counts["account"].to_pylist(), counts["message_count"].to_pylist(), strict=True)
        )

    def of_kinds(self, kinds: tuple[str, ...] | list[str]) -> ShareTable:
        """The shares of the given object kinds only (texts unchanged)."""
        mask = pc.is_in(self.shares["kind"], value_set=pa.array(list(kinds), pa.string()))
        return ShareTable(self.shares.filter(mask), self.texts)

    def of_accounts(self, accounts: set[str]) -> ShareTable:
        """The shares and texts of the given accounts only."""
        values = pa.array(sorted(accounts), pa.string())
        return ShareTable(
            self.shares.filter(pc.is_in(self.shares["account"], value_set=values)),
            self.texts.filter(pc.is_in(self.texts["account"], value_set=values)),
        )

    def encode(self) -> ShareCodes:
        """The shares as integer codes. An object's code covers its kind (a hashtag and a URL
        with the same text are different objects)."""
        shares, texts = self.shares, self.texts
        n = len(shares)
        both = pa.concat_tables(
            [shares.select(["account", "message"]), texts.select(["account", "message"])]
        )
        account, accounts = _codes(both["account"])
        message, messages = _codes(both["message"])
        keyed = pc.binary_join_element_wise(shares["kind"], shares["object"], "\x1f")
        obj, objects = _codes(keyed)
        return ShareCodes(
            account=account[:n],
            message=message[:n],
            object=obj,
            time_ms=_int64(shares["time_ms"]),
            text_account=account[n:],
            text_message=message[n:],
            text_time_ms=_int64(texts["time_ms"]),
            text=texts["text"].combine_chunks(),
            accounts=accounts,
            messages=messages,
            objects=objects,
        )


def read_toolkit_csv(path: Path) -> ShareTable:
    """Shares from the coordination-network-toolkit's CSV input (message_id, user_id, username,
    repost_id, reply_id, message, timestamp in seconds, space-separated urls): reposts as
    `reshare` shares, replies as `reply`, URLs of non-reposts as `url` (as the toolkit takes
    them), non-repost messages as texts."""
    columns = ["message_id", "user_id", "repost_id", "reply_id", "message", "timestamp", "urls"]
    table = pa_csv.read_csv(
        path,
        convert_options=pa_csv.ConvertOptions(
            include_columns=columns,
            column_types={c: pa.string() for c in columns if c != "timestamp"}
            | {"timestamp": pa.float64()},
            strings_can_be_null=True,
        ),
    )
    time_ms = pc.cast(pc.round(pc.multiply(table["timestamp"], 1000.0)), pa.int64())
    base = {"message": table["message_id"], "account": table["user_id"], "time_ms": time_ms}
    parts = []
    for kind, column in (("reshare", "repost_id"), ("reply", "reply_id")):
        part = pa.table(
            {**base, "kind": pa.nulls(len(table), pa.string()), "object": table[column]}
        )
        part = part.filter(pc.is_valid(part["object"]))
        parts.append(part.set_column(3, "kind", pa.array([kind] * len(part), pa.string())))
    original = pc.is_null(table["repost_id"])
    urls = pc.split_pattern(pc.if_else(original, table["urls"], None), " ")
    lengths = pc.list_value_length(urls).fill_null(0)
    index = np.repeat(np.arange(len(table)), lengths.to_numpy(zero_copy_only=False))
    flat = pc.list_flatten(urls)
    url_part = pa.table(
        {
            "message": table["message_id"].take(index),
            "account": table["user_id"].take(index),
            "kind": pa.array(["url"] * len(index), pa.string()),
            "object": flat,
            "time_ms": time_ms.take(index),
        }
    )
    parts.append(url_part.filter(pc.not_equal(url_part["object"], "")))
    shares = pa.concat_tables([p.select(SHARE_SCHEMA.names).cast(SHARE_SCHEMA) for p in parts])
    texts = pa.table({**base, "text": table["message"]}).filter(
        pc.and_(original, pc.is_valid(table["message"]))
    )
    return ShareTable(shares, texts.select(TEXT_SCHEMA.names).cast(TEXT_SCHEMA))


def from_coshare_data(data: CoShareData) -> ShareTable:
    """Synthetic co-sharing (synth/coshare.py) as a ShareTable, without a graph (tests and
    benchmarks): reshares, URLs and hashtags as shares, own posts' texts as texts."""
    shares: dict[str, list[object]] = {name: [] for name in SHARE_SCHEMA.names}
    texts: dict[str, list[object]] = {name: [] for name in TEXT_SCHEMA.names}
    for i in range(len(data)):
        message, account, at = str(data.message_id[i]), data.account[i], int(data.time[i]) * 1000
        objects = [("reshare", data.reshare_of[i])] if data.reshare_of[i] else []
        objects += [("url", u) for u in data.urls[i]] + [("hashtag", h) for h in data.hashtags[i]]
        for kind, obj in objects:
            row: tuple[object, ...] = (message, account, kind, obj, at)
            for name, value in zip(SHARE_SCHEMA.names, row, strict=True):
                shares[name].append(value)
        if not data.reshare_of[i] and data.text[i]:
            row = (message, account, at, data.text[i])
            for name, value in zip(TEXT_SCHEMA.names, row, strict=True):
                texts[name].append(value)
    return ShareTable(pa.table(shares, SHARE_SCHEMA), pa.table(texts, TEXT_SCHEMA))
