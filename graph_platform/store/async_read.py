"""A read through the async driver as one auto-commit query, retried like `execute_query`.

A read needs no transaction around it: `execute_query` sends BEGIN with the query and then
COMMIT in a second round trip, which on a 1.2 ms lookup is a quarter of its time (measured on the
API's node lookup: p50 1.57 ms through `execute_query`, 1.17 ms auto-commit, uvloop, local
server). What `execute_query` gives besides is kept: the session reads from a reader
(`READ_ACCESS`, so a cluster routes it), after every write made through `execute_query` (the
driver's bookmark manager), and a transient failure (a leader switch, a lost connection) is
retried with a growing, jittered pause for up to `RETRY_SECONDS` — a read is safe to repeat.
"""

from __future__ import annotations

import random
import time
from asyncio import sleep
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

#: How long a read is retried after transient failures (the driver's default for managed
#: transactions, `max_transaction_retry_time`).
RETRY_SECONDS = 30.0
FIRST_PAUSE = 0.1
LONGEST_PAUSE = 5.0


async def autocommit_read(
    driver: neo4j.AsyncDriver, database: str, query: neo4j.Query, params: dict[str, Any]
) -> list[neo4j.Record]:
    """All records of `query`, read in an auto-commit query and retried on transient errors."""
    deadline = time.monotonic() + RETRY_SECONDS
    pause = FIRST_PAUSE
    while True:
        try:
            async with driver.session(
                database=database,
                default_access_mode=neo4j.READ_ACCESS,
                bookmark_manager=driver.execute_query_bookmark_manager,
            ) as session:
                result = await session.run(query, params)
                return [record async for record in result]
        except (Neo4jError, DriverError) as error:
            if not error.is_retryable() or time.monotonic() + pause > deadline:
                raise
        await sleep(pause * random.uniform(0.8, 1.2))
        pause = min(pause * 2, LONGEST_PAUSE)
