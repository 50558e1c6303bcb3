"""Concurrent triage requests share one ``TriagePipeline.triage_many`` call (one encoder pass),
on one long-lived thread.

Used by ``POST /v1/triage`` and ``POST /v1/cases``: requests queue their complaint; the pipeline
thread drains the queue in batches; each request waits for its own result. The pipeline is never
entered from two threads at once (tokenizers are not thread-safe), and on a small CPU one batched
encoder pass is much cheaper than one pass per request (``bench/throughput.py``).

Why one thread (``on_pipeline_thread``): torch's OpenMP thread team belongs to the thread that
calls it. The server built the pipeline on its main thread and ran requests on the worker threads
of a pool, so several teams shared the two cores; libgomp then stops its workers spinning between
parallel regions (it does once it manages more threads than there are CPUs) and every one of the
encoder's ~100 regions paid a wake-up. Measured at 64 query tokens: the encoder stage 26–31 ms in
the server (and in a process alternating two threads) against 15–16 ms when one thread built and
ran the pipeline. The API builds the pipeline and runs every batch on this thread.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from nlu import Complaint
from triage.models import TriageResult

T = TypeVar("T")


@dataclass
class _Pending:
    complaint: Complaint
    done: threading.Event = field(default_factory=threading.Event)
    result: TriageResult | None = None
    error: BaseException | None = None
    # called (on the pipeline thread) once result or error is set: wakes an awaiting coroutine
    notify: Callable[[], None] | None = None


_PIPELINE_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jiesu-pipeline")


def _on_pipeline_thread() -> bool:
    return threading.current_thread().name.startswith("jiesu-pipeline")


def on_pipeline_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn`` on the process's one pipeline thread (directly when already on it)."""
    if _on_pipeline_thread():
        return fn(*args, **kwargs)
    return _PIPELINE_THREAD.submit(fn, *args, **kwargs).result()


class PipelineThreadEncoder:
    """The server's encoder for work outside a triage batch (retraining's embeddings, hot-issue
    grouping): each chunk of ``chunk`` texts is encoded on the pipeline thread, so that one thread
    owns the tokenizer (not thread-safe) and torch's only OpenMP team, and triage batches
    interleave with a long job instead of waiting for all of it."""

    def __init__(self, encoder: Any, chunk: int = 16) -> None:
        self._enc, self._chunk = encoder, chunk
        self.name = encoder.name

    @property
    def dim(self) -> int:
        return self._enc.dim

    def encode(self, texts: list[str], *, prefix: str = "query: ", batch_size: int = 32) -> Any:
        import numpy as np

        parts = [on_pipeline_thread(self._enc.encode, texts[i:i + self._chunk], prefix=prefix,
                                    batch_size=batch_size)
                 for i in range(0, len(texts), self._chunk)]
        return np.vstack(parts) if parts else self._enc.encode([], prefix=prefix)


class TriageBatcher:
    """Concurrent triages (requests, case filings) share one ``triage_many`` call.

    The encoder runs once per batch (much cheaper than one call per request on a small CPU), and
    the pipeline is never entered from two threads at once (tokenizers are not thread-safe).
    The pipeline thread drains the queue in batches of at most ``max_batch``; each caller waits
    for its own result.
    """

    def __init__(self, pipeline: Any, *, max_batch: int = 16) -> None:
        self.pipeline = pipeline
        self.max_batch = max_batch
        self._queue: list[_Pending] = []
        self._queue_lock = threading.Lock()
        self._draining = False

    def triage(self, complaint: Complaint) -> TriageResult:
        item = _Pending(complaint)
        if _on_pipeline_thread():  # called from a batch itself: waiting for the queue would deadlock
            self._run([item])
        else:
            self._enqueue(item)
            item.done.wait()
        if item.error is not None:
            raise item.error
        assert item.result is not None
        return item.result

    async def triage_async(self, complaint: Complaint) -> TriageResult:
        """``triage`` for a coroutine: it awaits its result on the event loop instead of parking
        a worker thread of the pool (40 threads, shared with every sync endpoint) for the whole
        triage. At concurrency 1 the latency is the same within noise (measured in turns)."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            loop.call_soon_threadsafe(lambda: fut.done() or fut.set_result(None))

        item = _Pending(complaint, notify=wake)
        self._enqueue(item)
        await asyncio.shield(fut)  # a cancelled request leaves its item to finish unobserved
        if item.error is not None:
            raise item.error
        assert item.result is not None
        return item.result

    def _enqueue(self, item: _Pending) -> None:
        with self._queue_lock:
            self._queue.append(item)
            if not self._draining:
                self._draining = True
                _PIPELINE_THREAD.submit(self._drain)

    def _drain(self) -> None:
        """On the pipeline thread: batches of what is queued until the queue is empty."""
        while True:
            with self._queue_lock:
                batch = self._queue[: self.max_batch]
                del self._queue[: self.max_batch]
                if not batch:
                    self._draining = False
                    return
            self._run(batch)

    def _run(self, batch: list[_Pending]) -> None:
        try:
            try:
                results = self.pipeline.triage_many([p.complaint for p in batch])
                for p, r in zip(batch, results, strict=True):
                    p.result = r
            except Exception:
                if len(batch) == 1:
                    raise
                for p in batch:  # one bad complaint must not fail the others
                    try:
                        p.result = self.pipeline.triage(p.complaint)
                    except Exception as e:  # noqa: BLE001 - handed to its own request
                        p.error = e
        except BaseException as e:  # noqa: BLE001 - handed to every waiter, raised in its thread
            for p in batch:
                if p.result is None and p.error is None:
                    p.error = e
        finally:
            for p in batch:
                p.done.set()
                if p.notify is not None:
                    try:
                        p.notify()
                    except RuntimeError:  # the waiting request's event loop is gone
                        pass


_BATCHERS: weakref.WeakKeyDictionary[Any, TriageBatcher] = weakref.WeakKeyDictionary()
_BATCHERS_LOCK = threading.Lock()


def _batcher(pipeline: Any) -> TriageBatcher:
    with _BATCHERS_LOCK:
        b = _BATCHERS.get(pipeline)
        if b is None:
            b = _BATCHERS[pipeline] = TriageBatcher(pipeline)
    return b


def triage_batched(pipeline: Any, complaint: Complaint) -> TriageResult:
    """Triage ``complaint`` through the pipeline's shared batcher."""
    return _batcher(pipeline).triage(complaint)


async def triage_batched_async(pipeline: Any, complaint: Complaint) -> TriageResult:
    """``triage_batched`` awaited from a coroutine (no worker thread held while it waits)."""
    return await _batcher(pipeline).triage_async(complaint)
