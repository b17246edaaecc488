"""The writer's node and edge phases and its statements timed apart, for the ingest benchmark.

A `WriteTimer` is the platform `GraphWriter`'s observer (`Runtime.writer(driver, observer=…)`):
the writer tells it each statement's time (summed over the node transactions, which overlap)
and each phase's wall-clock time: the node phase (its concurrent transactions with the node
upsert, claim resolution and `writer.apply_claims`, and their commits), the edge phase (the
edge upserts and their commit), and what `write` does around them (choosing the records to
send, remembering them), which is shared between the two phases in proportion to their time.
"""

from __future__ import annotations

import threading
from collections import defaultdict


class WriteTimer:
    def __init__(self) -> None:
        self.node_seconds = 0.0
        self.edge_seconds = 0.0
        self.by_statement: defaultdict[str, float] = defaultdict(float)
        self._lock = threading.Lock()
        self._phases: dict[str, float] = {}

    def statement(self, name: str, seconds: float) -> None:
        with self._lock:
            self.by_statement[name] += seconds

    def phase(self, name: str, seconds: float) -> None:
        self._phases[name] = seconds
        if name != "select":  # the writer reports "select" last, once per write
            return
        node, edge, rest = self._phases["nodes"], self._phases["edges"], seconds
        inside = (node + edge) or 1.0
        self.node_seconds += node + rest * node / inside
        self.edge_seconds += edge + rest * edge / inside
        self.by_statement["(node phase)"] += node
        self.by_statement["(edge phase)"] += edge
        self.by_statement["(select+remember)"] += rest
