"""The NER enrichment stage: posts → MENTIONS edges to known entities, resumable, after loading.

Statistical NER is slow (about an hour per million tweets in one process), so it is not part of
loading: `graph-platform enrich ner` runs it afterwards, as often as wanted. A run
1. writes (MERGE) the Source node of its pipeline, which every edge it makes cites;
2. builds the gazetteer from the graph's current names and aliases;
3. reads posts with text in (loaded_at, id) order after the checkpoint, a page at a time, links
   them in worker processes, writes the MENTIONS edges through GraphWriter (edge seen = post
   time), and stores the checkpoint on the Source after each chunk is written.
One Source, and so one checkpoint, per pipeline and version: a run with another pipeline starts
from the beginning, and edges cite the pipeline that found them. An interrupted run resumes after
the last chunk written; a chunk written but not checkpointed is linked again, which MERGE makes
harmless. Posts whose text arrives after the run passed them (a reply target loaded as a bare
placeholder first), and names added to the graph later, need `from_start`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timezone
from typing import Any

import neo4j
import neo4j.time

from graph_platform.model import node_id
from graph_platform.nlp.gazetteer import Gazetteer
from graph_platform.nlp.linker import Link
from graph_platform.nlp.pipeline import PipelineSpec
from graph_platform.nlp.pool import LinkerPool
from graph_platform.store.queries import QueryRegistry
from graph_platform.store.records import EdgeRecord, GraphBatch, NodeRecord
from graph_platform.store.writer import GraphWriter

SOURCE_NAMESPACE = "nlp_enrichment"
PUBLISHER = "graph_platform NLP enrichment"
MENTIONS = "MENTIONS"
#: Chunks read per page and kept in flight, per worker process.
CHUNKS_PER_PROCESS = 4


@dataclass(frozen=True)
class NerCheckpoint:
    """The last post a run processed: when it was first loaded, and its id."""

    loaded_at: datetime | None
    post_id: str

    def __str__(self) -> str:
        loaded = "?" if self.loaded_at is None else self.loaded_at.isoformat()
        return f"{self.post_id} (loaded {loaded})"


@dataclass
class NerSummary:
    """What a run did: pipeline, posts, words, time, edges created and where it stands now."""

    pipeline: str
    source_id: str
    gazetteer_names: int
    gazetteer_entities: int
    resumed_from: NerCheckpoint | None
    processes: int
    posts: int = 0
    words: int = 0
    links: int = 0
    edges_created: int = 0
    seconds: float = 0.0
    checkpoint: NerCheckpoint | None = None

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "pipeline": self.pipeline,
            "source_id": self.source_id,
            "gazetteer_names": self.gazetteer_names,
            "gazetteer_entities": self.gazetteer_entities,
            "resumed_from": None if self.resumed_from is None else self.resumed_from.post_id,
            "processes": self.processes,
            "posts": self.posts,
            "words": self.words,
            "words_per_s": round(self.words_per_second, 1),
            "links": self.links,
            "edges_created": self.edges_created,
            "seconds": round(self.seconds, 2),
            "checkpoint": None if self.checkpoint is None else self.checkpoint.post_id,
        }


def source_id(spec: PipelineSpec) -> str:
    """Id of the Source node of `spec`'s runs."""
    return node_id("Source", SOURCE_NAMESPACE, [spec.source_key])


def _native(value: Any) -> datetime | None:
    """A Neo4j DateTime as a Python datetime with a fixed-offset zone.

    The driver reads a UTC value back with pytz's `UTC`, which it would send as the named zone
    `UTC`; Cypher's `=` then differs from the `+00:00` value the writer stored, though the instant
    is the same. A plain offset compares equal.
    """
    if not isinstance(value, neo4j.time.DateTime):
        return None
    native = value.to_native()
    offset = native.utcoffset()
    return native if offset is None else native.astimezone(timezone(offset))


class NerStage:
    """Runs NER enrichment with `spec` against the graph behind `driver`, writing with `writer`."""

    def __init__(
        self,
        driver: neo4j.Driver,
        writer: GraphWriter,
        queries: QueryRegistry,
        database: str,
        spec: PipelineSpec,
    ) -> None:
        self.driver = driver
        self.writer = writer
        self.registry = queries
        self.database = database
        self.spec = spec
        self.source_id = source_id(spec)

    def checkpoint(self) -> NerCheckpoint | None:
        """Where the next run starts (None: at the beginning)."""
        rows = self.registry.read(
            self.driver, self.database, "nlp.checkpoint", source_id=self.source_id
        )
        if not rows or rows[0]["id"] is None:
            return None
        return NerCheckpoint(_native(rows[0]["loaded_at"]), str(rows[0]["id"]))

    def _save(self, checkpoint: NerCheckpoint | None) -> None:
        name = "nlp.checkpoint_save"
        params = {
            "source_id": self.source_id,
            "loaded_at": None if checkpoint is None else checkpoint.loaded_at,
            "post_id": None if checkpoint is None else checkpoint.post_id,
        }
        self.driver.execute_query(
            self.registry.query(name),
            self.registry.parameters(name, params),
            routing_=neo4j.RoutingControl.WRITE,
            database_=self.database,
        )

    def _write_source(self) -> None:
        batch = GraphBatch()
        props = {"title": self.spec.source_title, "publisher": PUBLISHER}
        batch.add_node(NodeRecord("Source", self.source_id, props, [self.source_id]))
        self.writer.write(batch, datetime.now(UTC), label="nlp.ner")

    def run(
        self,
        processes: int = 1,
        batch_size: int = 256,
        limit: int | None = None,
        from_start: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> NerSummary:
        """Link posts after the checkpoint (all posts if `from_start`), at most `limit` of them.

        `progress` is called with the number of posts after each chunk is written.
        """
        started = time.perf_counter()
        self._write_source()
        if from_start:
            self._save(None)
        after = self.checkpoint()
        gazetteer = Gazetteer.from_graph(self.driver, self.registry, self.database)
        summary = NerSummary(
            self.spec.description,
            self.source_id,
            len(gazetteer),
            gazetteer.entity_count,
            after,
            processes,
            checkpoint=after,
        )
        page_size = batch_size * processes * CHUNKS_PER_PROCESS
        with LinkerPool(gazetteer, self.spec, processes, batch_size) as pool:
            while limit is None or summary.posts < limit:
                wanted = page_size if limit is None else min(page_size, limit - summary.posts)
                posts = self.registry.read(
                    self.driver,
                    self.database,
                    "nlp.posts_after",
                    after_loaded_at=None if after is None else after.loaded_at,
                    after_id=None if after is None else after.post_id,
                    limit=wanted,
                )
                if not posts:
                    break
                chunks = [posts[i : i + batch_size] for i in range(0, len(posts), batch_size)]
                results = pool.map([[str(p["text"]) for p in chunk] for chunk in chunks])
                for chunk, links in zip(chunks, results, strict=True):
                    self._write_links(chunk, links, summary)
                    after = NerCheckpoint(_native(chunk[-1]["loaded_at"]), str(chunk[-1]["id"]))
                    self._save(after)
                    summary.checkpoint = after
                    if progress is not None:
                        progress(len(chunk))
                if len(posts) < wanted:
                    break
        summary.seconds = time.perf_counter() - started
        return summary

    def _write_links(
        self, posts: list[neo4j.Record], links: list[list[Link]], summary: NerSummary
    ) -> None:
        batch = GraphBatch()
        for post, post_links in zip(posts, links, strict=True):
            seen = _native(post["created_at"])
            summary.posts += 1
            summary.words += len(str(post["text"]).split())
            for link in post_links:
                summary.links += 1
                batch.add_edge(
                    EdgeRecord(
                        MENTIONS,
                        str(post["id"]),
                        link.entity_id,
                        {},
                        [self.source_id],
                        link.confidence,
                        seen,
                        seen,
                        origins={self.source_id: f"text of {post['id']}"},
                    )
                )
        if batch.edges:
            counts = self.writer.write(batch, datetime.now(UTC), label="nlp.ner")
            summary.edges_created += counts.relationships_created
