"""The statutes of past cases, so that a complaint's similar cases vote for statutes.

A single complaint's words can match an unrelated article (烧烤店的油烟 → the fire code's article
on kitchen flues); the statutes that the regulation index returns for the twenty most similar
past complaints rarely agree on such a slip. For every case in the case index we keep the
statutes its own text retrieves (top ``TOP_LAWS``, scores divided by the first one's); a
complaint's votes are the similarity-weighted sums over its similar cases, and
``RegulationIndex.search(law_votes=…)`` adds them to its own scores (``SearchConfig.case_weight``).
On our 83 regulation queries this took the right statute in first place from 0.71 to 0.80
(``bench/regulations_eval.py``).

Built at set-up for every indexed case into ``indexes/case_statutes.json`` (with the key of the
two indexes it was computed from); a case added or changed later is computed the first time it
is someone's neighbour, and kept in memory. A file from another regulation index (``jiesu kb
add`` / ``remove`` since) is still used until the next set-up: a removed statute has no articles
left to boost, a new one gets no votes yet.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("kb_index.case_statutes")

CODE_VERSION = "1"
FILE_NAME = "case_statutes.json"
TEXT_CHARS = 400   # a case's first 400 characters query the statutes (long letters drift)
TOP_LAWS = 10

Laws = tuple[tuple[str, float], ...]


def case_laws(regs, text: str, vector: np.ndarray | None) -> Laws:
    """The statutes ``regs`` returns for one case text, best first, scores relative to the first."""
    hits = regs.search(text[:TEXT_CHARS], k=TOP_LAWS, group_by_law=True,
                       query_vec=vector if regs.dense is not None else None)
    if not hits or hits[0]["score"] <= 0:
        return ()
    top = float(hits[0]["score"])
    return tuple((h["law"], round(float(h["score"]) / top, 4)) for h in hits)


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _topics_of(regs) -> tuple:
    from kb_index.topics import load_topics

    got = getattr(regs, "topics", None)
    return got if got is not None else load_topics()


def index_key(regs, cases) -> str:
    """What the stored statutes depend on: the regulation index and the case index's sources."""
    meta = regs.meta or {}
    parts = [CODE_VERSION, TEXT_CHARS, TOP_LAWS, meta.get("fingerprint"), meta.get("build_fingerprint"),
             (meta.get("encoder") or {}).get("name"), meta.get("config"), cases.fingerprint, cases.encoder,
             sorted((k, list(v)) for k, v in (getattr(regs, "synonyms", None) or {}).items()),
             # the knowledge base's topic entries the searches read (kb_index.topics)
             [dataclasses.astuple(t) for t in _topics_of(regs)]]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
                          .encode("utf-8")).hexdigest()[:20]


class CaseStatutes:
    """Case id → (text key, statutes); ``votes`` sums them over a complaint's similar cases."""

    def __init__(self, entries: dict[str, tuple[str, Laws]] | None = None, key: str = "") -> None:
        self.entries: dict[str, tuple[str, Laws]] = dict(entries or {})
        self.key = key
        self._lock = threading.Lock()
        self._checked: dict[str, Any] = {}   # case id → the record last found to match its entry

    def __len__(self) -> int:
        return len(self.entries)

    # ------------------------------------------------------------------ computing
    def laws_of(self, regs, cases, case_id: str) -> Laws:
        """The statutes of one indexed case (computed now if it is new or its text changed)."""
        rec = cases.get(case_id)
        if rec is None:
            return ()
        got = self.entries.get(case_id)
        if got is not None and self._checked.get(case_id) is rec:
            return got[1]          # this very record was checked against the entry before
        tk = _text_key(rec.text)
        if got is None or got[0] != tk:
            got = (tk, case_laws(regs, rec.text, cases.vector(case_id)))
        with self._lock:
            self.entries[case_id] = got
            self._checked[case_id] = rec
        return got[1]

    def votes(self, regs, cases, similar: Sequence[Mapping[str, Any]], k: int) -> dict[str, float]:
        """Σ similarity × relative score per statute over the first ``k`` similar cases (each
        case's first ``regs.config.case_laws`` statutes)."""
        return self.votes_and_cases(regs, cases, similar, k)[0]

    def votes_and_cases(self, regs, cases, similar: Sequence[Mapping[str, Any]], k: int, *, per_law: int = 3
                        ) -> tuple[dict[str, float], dict[str, list[str]]]:
        """``votes``, and per statute the ids of the (at most ``per_law``) similar cases that gave
        it the most: the reason a statute was raised. Each case votes for its first
        ``regs.config.case_laws`` statutes (all it keeps when ``regs`` has no such setting)."""
        out: dict[str, float] = {}
        why: dict[str, list[tuple[float, str]]] = {}
        per_case = getattr(getattr(regs, "config", None), "case_laws", TOP_LAWS)
        for h in similar[:k]:
            sim = float(h.get("score", 0.0))
            if sim <= 0:
                continue
            for law, w in self.laws_of(regs, cases, h["id"])[:per_case]:
                out[law] = out.get(law, 0.0) + sim * w
                why.setdefault(law, []).append((sim * w, h["id"]))
        return out, {law: [cid for _, cid in sorted(v, key=lambda x: -x[0])[:per_law]] for law, v in why.items()}

    def update(self, regs, cases, *, progress: bool = False) -> int:
        """Compute what is missing or stale for the cases in ``cases`` (and drop cases that are
        gone); the key becomes the two indexes'. Returns how many cases were computed."""
        key = index_key(regs, cases)
        if key != self.key:
            self.entries, self.key, self._checked = {}, key, {}
        records, vectors = cases.records_and_vectors()
        live = {r.id for r in records}
        todo = [j for j, r in enumerate(records)
                if (got := self.entries.get(r.id)) is None or got[0] != _text_key(r.text)]
        from tqdm import tqdm

        for j in tqdm(todo, desc="案例法规 / case statutes", unit="case", mininterval=2.0,
                      disable=not (progress and todo)):
            r = records[j]
            self.entries[r.id] = (_text_key(r.text), case_laws(regs, r.text, vectors[j]))
            self._checked.pop(r.id, None)
        for cid in [c for c in self.entries if c not in live]:
            del self.entries[cid]
            self._checked.pop(cid, None)
        return len(todo)

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> None:
        """Write atomically (temp file, then rename)."""
        path = Path(path)
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        body = {"format": 1, "key": self.key, "count": len(self.entries),
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "cases": {cid: [tk, [list(x) for x in laws]] for cid, (tk, laws) in self.entries.items()}}
        tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | Path) -> CaseStatutes:
        """The stored statutes, or an empty store (computed on use) when the file is missing or
        unreadable."""
        path = Path(path)
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            entries = {cid: (tk, tuple((str(law), float(w)) for law, w in laws))
                       for cid, (tk, laws) in body["cases"].items()}
            return cls(entries, key=str(body.get("key", "")))
        except FileNotFoundError:
            log.warning("%s missing: similar cases' statutes are computed on first use (jiesu setup "
                        "builds them)", path)
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("%s unreadable (%s): computed on first use instead", path, e)
        return cls()


def build_case_statutes(regs, cases, path: str | Path, *, progress: bool = True) -> tuple[bool, int]:
    """Bring ``path`` up to date with both indexes; (skipped, cases stored)."""
    exists = Path(path).exists()
    store = CaseStatutes.load(path) if exists else CaseStatutes()
    before = (store.key, len(store))
    n = store.update(regs, cases, progress=progress)
    if exists and n == 0 and before == (store.key, len(store)):
        return True, len(store)
    store.save(path)
    return False, len(store)
