"""Entity linkers in worker processes: NER is CPU-bound, so throughput grows with processes.

Each worker (a spawned process: no state inherited from the parent's driver threads) builds its
own EntityLinker once and links chunks of texts with `nlp.pipe`; only the small Link lists travel
back, not Docs. Results come back in submission order, so the caller can checkpoint after each
chunk. With one process the linker runs in the calling process and nothing is spawned.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.pool import Pool
from types import TracebackType

from graph_platform.nlp.gazetteer import Gazetteer
from graph_platform.nlp.linker import EntityLinker, Link
from graph_platform.nlp.pipeline import PipelineSpec

_worker: EntityLinker | Exception | None = None
_batch_size = 256


def _start_worker(gazetteer: Gazetteer, spec: PipelineSpec, batch_size: int) -> None:
    # A failing initializer makes multiprocessing respawn workers for ever; keep the error and
    # raise it from the first task instead, where it reaches the caller.
    global _worker, _batch_size
    _batch_size = batch_size
    try:
        _worker = EntityLinker(gazetteer, spec)
    except Exception as error:
        _worker = error


def _link_chunk(texts: Sequence[str]) -> list[list[Link]]:
    if isinstance(_worker, Exception):
        raise _worker
    if _worker is None:
        raise RuntimeError("linker worker was not started")
    return _worker.link(texts, _batch_size)


class LinkerPool:
    """`processes` linkers for `spec` and `gazetteer`; `map` links chunks of texts, in order."""

    def __init__(
        self, gazetteer: Gazetteer, spec: PipelineSpec, processes: int = 1, batch_size: int = 256
    ) -> None:
        if processes < 1:
            raise ValueError("processes must be at least 1")
        self.gazetteer = gazetteer
        self.spec = spec
        self.processes = processes
        self.batch_size = batch_size
        self._local: EntityLinker | None = None
        self._pool: Pool | None = None

    def __enter__(self) -> LinkerPool:
        if self.processes == 1:
            self._local = EntityLinker(self.gazetteer, self.spec)
        else:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(
                self.processes,
                initializer=_start_worker,
                initargs=(self.gazetteer, self.spec, self.batch_size),
            )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            if error is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._local = None

    def map(self, chunks: Iterable[Sequence[str]]) -> Iterator[list[list[Link]]]:
        """The links of every text of each chunk, one result per chunk, in order."""
        if self._local is not None:
            for chunk in chunks:
                yield self._local.link(chunk, self.batch_size)
        elif self._pool is not None:
            yield from self._pool.imap(_link_chunk, chunks)
        else:
            raise RuntimeError("use LinkerPool as a context manager")
