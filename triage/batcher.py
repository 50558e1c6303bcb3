"""Concurrent triage requests share one ``TriagePipeline.triage_many`` call (one encoder pass).

Used by ``POST /v1/triage`` and ``POST /v1/cases``: whoever holds the run lock drains the queue for
everyone; the others wait for their result. The pipeline is never entered from two threads at
once (tokenizers are not thread-safe), and on a small CPU one batched encoder pass is much
cheaper than one pass per request (``bench/throughput.py``).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

from nlu import Complaint
from triage.models import TriageResult


@dataclass
class _Pending:
    complaint: Complaint
    done: threading.Event = field(default_factory=threading.Event)
    result: TriageResult | None = None
    error: BaseException | None = None


class TriageBatcher:
    """Concurrent triages (requests, case filings) share one ``triage_many`` call.

    The encoder runs once per batch (much cheaper than one call per request on a small CPU), and
    the pipeline is never entered from two threads at once (tokenizers are not thread-safe).
    Whoever holds the run lock drains the queue for everyone; the others wait for their result.
    """

    def __init__(self, pipeline: Any, *, max_batch: int = 16) -> None:
        self.pipeline = pipeline
        self.max_batch = max_batch
        self._queue: list[_Pending] = []
        self._queue_lock = threading.Lock()
        self._run_lock = threading.Lock()

    def triage(self, complaint: Complaint) -> TriageResult:
        item = _Pending(complaint)
        with self._queue_lock:
            self._queue.append(item)
        while not item.done.is_set():
            with self._run_lock:
                if item.done.is_set():
                    break
                with self._queue_lock:
                    batch = self._queue[: self.max_batch]
                    del self._queue[: self.max_batch]
                self._run(batch)
        if item.error is not None:
            raise item.error
        assert item.result is not None
        return item.result

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


_BATCHERS: weakref.WeakKeyDictionary[Any, TriageBatcher] = weakref.WeakKeyDictionary()
_BATCHERS_LOCK = threading.Lock()


def triage_batched(pipeline: Any, complaint: Complaint) -> TriageResult:
    """Triage ``complaint`` through the pipeline's shared batcher."""
    with _BATCHERS_LOCK:
        b = _BATCHERS.get(pipeline)
        if b is None:
            b = _BATCHERS[pipeline] = TriageBatcher(pipeline)
    return b.triage(complaint)
