"""Department model: which department codes handle a complaint, learned from past cases.

The training rows are past cases whose official reply names the handling units (mapped to
department codes by ``departments/directory.csv``): the replied messages, and the mayor's
mailbox letters answered by a department (not by the forwarding office). A case handled by
two departments counts once for each. A replied message whose replying units are only generic
(人民政府, 街道 …, 1,734 of 2,588) trains too when its reply's text names one or two codes
(``reply_text_codes``: 854 messages): on the messages with real units, such text codes equal the
units' codes in 446 of 651 cases and add one more in 175, missing them in 20. Routing CV top-1 /
top-3 0.696 / 0.897 → 0.721 / 0.900 (this model alone 0.677 / 0.882 → 0.698 / 0.885; one code at
most: 0.706 / 0.899; three: 0.714 / 0.900). Features are the category model's: char 1–3-gram TF-IDF
on the punctuation-free view beside the e5 sentence embedding, plus a duty block: per code, the
best e5 cosine between the complaint and "name：duty" for the department's duties in
``training_data/departments.yml`` (routing CV top-1 / top-3 0.691 / 0.889 → 0.696 / 0.899; this
model alone 0.666 / 0.872 → 0.677 / 0.883); one-vs-rest LinearSVC; scores become probabilities by
a softmax whose temperature is fitted on out-of-fold scores.

Saved as arrays and JSON (no pickle) in ``home/models/departments/`` with a ``meta.json``
(fingerprint of the data, encoder, metrics). ``triage.routing.Router`` blends it with the
similar-case votes and the category prior.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.svm import LinearSVC

from classifier.model import (TextEncoder, _load_tfidf, _new_tfidf, _save_tfidf, _softmax,
                              TermBlock, blockwise_scores, ngram_view, tfidf_transform)

log = logging.getLogger("classifier.department")

DEPT_CODE_VERSION = "4"  # 2: the duty block; 3: rows from the replies' text; 4: the limit kept in meta.json
# a replied message without departments trains when its reply's text names 1..REPLY_CODES codes
REPLY_CODES = 2


@dataclass
class DeptRow:
    id: str
    text: str  # masked title + text, as the case index stores it
    departments: list[str]
    source: str


def unit_patterns(data_dir: Path) -> list[tuple[str, re.Pattern]]:
    with (Path(data_dir) / "departments" / "directory.csv").open(encoding="utf-8") as fh:
        return [(r["code"], re.compile(r["reply_unit_pattern"])) for r in csv.DictReader(fh)
                if r.get("reply_unit_pattern")]


def codes_for_unit(unit: str, patterns: list[tuple[str, re.Pattern]]) -> list[str]:
    """Department codes a replying unit's name matches. ``公安局交通警察支队`` matches both the
    police and the traffic-police patterns: the more specific one wins."""
    codes = [c for c, p in patterns if p.search(unit or "")]
    if "traffic_police" in codes and "public_security" in codes:
        codes.remove("public_security")
    return codes


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{1,12}")


def reply_text_codes(reply: str, patterns: list[tuple[str, re.Pattern]]) -> list[str]:
    """Department codes that the directory's unit patterns find anywhere in a reply's text (runs of
    up to 12 Chinese characters), for replies whose replying units are only generic ones."""
    return sorted({c for run in _CJK_RUN.findall(reply or "") for c in codes_for_unit(run, patterns)})


def load_dept_rows(data_dir: Path, *, sources: Sequence[str] = ("replied", "letters"),
                   limit: int | None = None, reply_codes: int | None = None) -> list[DeptRow]:
    """Past cases with at least one department code (masked text).

    A replied message whose reply names no department among its replying units (``人民政府``,
    ``街道`` …, or none) still often names one in the reply's text (``经市城管执法局调查``). With
    ``reply_codes`` > 0 (None: ``REPLY_CODES``), such a message is a training row (source
    ``reply_text``, never an evaluation row) when the reply's text names at least one and at most
    ``reply_codes`` codes (``kb_index.sources.iter_cases``)."""
    from kb_index.sources import iter_cases

    rows: list[DeptRow] = []
    for rec in iter_cases(data_dir, tuple(sources), limit=limit, reply_codes=reply_codes):
        if rec.departments and rec.text.strip():
            rows.append(DeptRow(rec.id, rec.text, list(rec.departments),
                                "reply_text" if rec.departments_from == "reply_text" else rec.source))
    return rows


class DepartmentModel:
    """Multi-label department scorer over TF-IDF char n-grams + e5 embedding."""

    def __init__(self, C: float = 0.5, emb_weight: float = 1.0, temperature: float = 0.3,
                 class_weight: str | None = "balanced", duty_weight: float = 0.1,
                 duty_phrases: Mapping[str, Sequence[str]] | None = None,
                 encoder: TextEncoder | None = None) -> None:
        self.C = C
        # the duty block: per code, the best cosine between the complaint and the department's
        # duties (``duty_phrases``, e.g. "市城市管理委（城管执法局）：占道经营"); fitted only with
        # phrases and an encoder to embed them, and saved as vectors with the model
        self.duty_weight = duty_weight
        self.duty_phrases = {k: list(v) for k, v in (duty_phrases or {}).items()}
        self.encoder = encoder
        self.duties: TermBlock | None = None
        self.class_weight = class_weight
        self.emb_weight = emb_weight
        self.temperature = temperature
        self.codes: list[str] = []
        self.vec = None
        self.coef_: np.ndarray | None = None
        self.intercept_: np.ndarray | None = None

    def _blocks(self, texts: Sequence[str], emb: np.ndarray) -> list:
        blocks = [(tfidf_transform(self.vec, [ngram_view(t) for t in texts]), 1.0),
                  (np.asarray(emb, dtype=np.float32), self.emb_weight)]
        if self.duties is not None:
            blocks.append((self.duties.features(emb), self.duties.weight))
        return blocks

    def _features(self, texts: Sequence[str], emb: np.ndarray):
        return sparse.hstack([X * w if sparse.issparse(X) else sparse.csr_matrix(X * w)
                              for X, w in self._blocks(texts, emb)], format="csr")

    def fit(self, texts: Sequence[str], emb: np.ndarray, departments: Sequence[Sequence[str]]
            ) -> "DepartmentModel":
        self.codes = sorted({c for d in departments for c in d})
        self.vec = _new_tfidf()
        self.vec.fit([ngram_view(t) for t in texts])
        self.duties = None
        if self.duty_weight > 0 and self.duty_phrases and self.encoder is not None:
            self.duties = TermBlock.fit(self.encoder, [self.duty_phrases.get(c) or [c] for c in self.codes],
                                        emb, self.duty_weight)
        X = self._features(texts, emb)
        rows = [i for i, d in enumerate(departments) for _ in d]
        y = [c for d in departments for c in d]
        svm = LinearSVC(C=self.C, class_weight=self.class_weight).fit(X[rows], y)
        coef = np.zeros((len(self.codes), X.shape[1]), dtype=np.float32)
        icpt = np.full(len(self.codes), -10.0, dtype=np.float32)
        classes = list(svm.classes_)
        if len(classes) == 2:  # binary LinearSVC keeps one row: expand to both codes
            coef[self.codes.index(classes[1])] = svm.coef_[0]
            icpt[self.codes.index(classes[1])] = svm.intercept_[0]
            coef[self.codes.index(classes[0])] = -svm.coef_[0]
            icpt[self.codes.index(classes[0])] = -svm.intercept_[0]
        else:
            for k, c in enumerate(classes):
                coef[self.codes.index(c)] = svm.coef_[k]
                icpt[self.codes.index(c)] = svm.intercept_[k]
        self.coef_, self.intercept_ = coef, icpt
        return self

    def decision_function(self, texts: Sequence[str], emb: np.ndarray) -> np.ndarray:
        assert self.coef_ is not None, "model is not fitted"
        return blockwise_scores(self, self._blocks(texts, emb), self.coef_, self.intercept_)

    def predict_proba(self, texts: Sequence[str], emb: np.ndarray) -> np.ndarray:
        """Probabilities over ``self.codes``."""
        return _softmax(self.decision_function(texts, emb) / self.temperature)

    def save(self, d: Path) -> None:
        _save_tfidf(self.vec, d)
        np.save(d / "dept_coef.npy", self.coef_)
        np.save(d / "dept_intercept.npy", self.intercept_)
        duty = self.duties.save(d, "duty_vecs") if self.duties is not None else None
        (d / "dept.json").write_text(json.dumps(
            {"codes": self.codes, "C": self.C, "emb_weight": self.emb_weight, "class_weight": self.class_weight,
             "temperature": self.temperature, "duty": duty}, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, d: Path) -> "DepartmentModel":
        cfg = json.loads((Path(d) / "dept.json").read_text(encoding="utf-8"))
        m = cls(C=cfg["C"], emb_weight=cfg["emb_weight"], temperature=cfg["temperature"],
                class_weight=cfg.get("class_weight"))
        m.codes = list(cfg["codes"])
        m.vec = _load_tfidf(Path(d))
        m.coef_ = np.load(Path(d) / "dept_coef.npy")
        m.intercept_ = np.load(Path(d) / "dept_intercept.npy")
        duty = cfg.get("duty")  # absent in models saved before the duty block
        m.duties = TermBlock.load(Path(d), "duty_vecs", duty) if duty else None
        m.duty_weight = m.duties.weight if m.duties is not None else 0.0
        return m


def fit_dept_temperature(scores: np.ndarray, codes: list[str], truth: Sequence[Sequence[str]]) -> float:
    """Temperature minimising the NLL of the true codes (a case with several counts each)."""
    ys = [(i, codes.index(c)) for i, d in enumerate(truth) for c in d if c in codes]
    rows = np.array([i for i, _ in ys])
    cols = np.array([j for _, j in ys])
    best_t, best = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.02), np.log(5.0), 80)):
        p = _softmax(scores / t)
        nll = -np.mean(np.log(p[rows, cols] + 1e-12))
        if nll < best:
            best_t, best = float(t), nll
    return best_t


def topk_hits(proba: np.ndarray, codes: list[str], truth: Sequence[Sequence[str]]) -> tuple[float, float]:
    """(top-1, top-3): the first code / one of the first three is a true department."""
    t1 = t3 = 0
    for p, d in zip(proba, truth):
        order = np.argsort(-p)[:3]
        t1 += codes[order[0]] in d
        t3 += bool({codes[k] for k in order} & set(d))
    n = max(len(truth), 1)
    return t1 / n, t3 / n


def cross_val_scores(texts: Sequence[str], emb: np.ndarray, truth: Sequence[Sequence[str]],
                     eval_mask: np.ndarray | None = None, folds: int = 5, seed: int = 0,
                     **kw) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold decision scores over all codes (rows outside ``eval_mask`` are always
    training rows: letters help train but the folds split only the replied messages)."""
    from sklearn.model_selection import KFold

    codes = sorted({c for d in truth for c in d})
    n = len(texts)
    mask = np.ones(n, bool) if eval_mask is None else np.asarray(eval_mask, bool)
    ev = np.flatnonzero(mask)
    always = np.flatnonzero(~mask)
    S = np.full((n, len(codes)), -10.0, dtype=np.float32)
    for tr, te in KFold(folds, shuffle=True, random_state=seed).split(ev):
        tr_ids = np.concatenate([ev[tr], always])
        te_ids = ev[te]
        m = DepartmentModel(**kw).fit([texts[i] for i in tr_ids], emb[tr_ids], [truth[i] for i in tr_ids])
        s = m.decision_function([texts[i] for i in te_ids], emb[te_ids])
        for k, c in enumerate(m.codes):
            S[te_ids, codes.index(c)] = s[:, k]
    return S, codes


def _vectors_from_case_index(rows: list[DeptRow], encoder: TextEncoder, index_dir: Path | None
                             ) -> dict[int, np.ndarray]:
    """Vectors the case index already holds for these rows (same id, same masked text, same
    encoder): the department model then encodes only what the index lacks."""
    if index_dir is None or not (Path(index_dir) / "meta.json").exists():
        return {}
    try:
        from kb_index.cases import CaseIndex

        return CaseIndex.load(Path(index_dir), encoder=encoder.name).stored_vectors([(r.id, r.text) for r in rows])
    except Exception as e:  # any mismatch: just encode
        log.info("classifier.department.no_index_vectors %s", e)
        return {}


def _cached_case_embeddings(rows: list[DeptRow], encoder: TextEncoder, cache_dir: Path,
                            index_dir: Path | None = None) -> np.ndarray:
    from classifier.embcache import cached_embeddings

    have = _vectors_from_case_index(rows, encoder, index_dir)
    missing = [n for n in range(len(rows)) if n not in have]
    if have:
        print(f"  复用案例索引中的 {len(have)} 个向量 / reusing {len(have)} case-index vectors", flush=True)
    emb = np.zeros((len(rows), getattr(encoder, "dim", 384)), dtype=np.float32)
    if missing:
        new = cached_embeddings([rows[n].text for n in missing], encoder, cache_dir, prefix="query: ")
        emb = np.zeros((len(rows), new.shape[1]), dtype=np.float32)
        emb[missing] = new
    for n, v in have.items():
        emb[n] = v
    return emb


def db_dept_rows(db_url: str | None, encoder_name: str) -> list[tuple[DeptRow, np.ndarray | None]]:
    """Operator decisions of the case database as department training rows (source ``db``): each
    decided case's masked title + text with its decided department, and its stored vector when it
    was made by ``encoder_name`` (else None: encoded). None for a missing database."""
    if not db_url:
        return []
    from sqlalchemy import inspect, select

    from triage.db import get_engine

    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).exists():
        return []
    from sqlalchemy.exc import SQLAlchemyError

    engine = get_engine(db_url)
    try:
        if "cases" not in set(inspect(engine).get_table_names()):
            return []
    except SQLAlchemyError as e:   # a database that cannot be reached: the data's rows alone, said
        log.warning("classifier.department.no_decisions %s", type(e).__name__)
        return []
    from triage.cases.models import Case, CaseVector

    out: list[tuple[DeptRow, np.ndarray | None]] = []
    with engine.connect() as conn:
        q = (select(Case.number, Case.title, Case.text, Case.decided_department, CaseVector.encoder, CaseVector.vector)
             .outerjoin(CaseVector, CaseVector.case_id == Case.id)
             .where(Case.decided_department.is_not(None)).order_by(Case.id))
        for number, title, text, dept, enc, vec in conn.execute(q):
            body = "\n".join(x for x in (title or "", text or "") if x.strip())
            if not body.strip() or not dept:
                continue
            v = np.frombuffer(vec, dtype="<f4").astype(np.float32) if vec is not None and enc == encoder_name else None
            out.append((DeptRow(f"db-{number}", body, [dept], "db"), v))
    return out


def train_departments(data_dir: Path, models_dir: Path, encoder: TextEncoder, *,
                      sources: Sequence[str] = ("replied", "letters"), limit: int | None = None,
                      force: bool = False, folds: int = 5, case_index_dir: Path | None = None,
                      duty_phrases: Mapping[str, Sequence[str]] | None = None,
                      decided: Sequence[tuple[DeptRow, np.ndarray | None]] = (),
                      keep_if_worse: float | None = None) -> dict:
    """Train the department model into ``models_dir/departments`` (skipped when current).

    ``keep_if_worse`` (a retraining's guard, tester55 S1: a refused category candidate's run replaced
    the department model unseen): a model whose CV top-1 falls more than that below the current
    one's (same replied rows) is not saved: ``{"kept": True, …}`` with both figures. A replaced model
    stays as ``departments.previous`` (``restore_previous_departments``).

    Out-of-fold scores over the replied messages give the temperature and the reported
    top-1/top-3; the saved model is refit on all rows. ``decided``: operators' decisions
    (``db_dept_rows``), training rows only, never scored: a correction teaches the model what
    the cases like it are (a tester's corrections changed nothing but the votes)."""
    from classifier.data import fingerprint_files
    from kb_index.sources import source_paths

    t0 = time.time()
    out = Path(models_dir) / "departments"
    said = hashlib.sha256(json.dumps([(r.id, r.departments, r.text) for r, _ in decided],
                                     ensure_ascii=False).encode("utf-8")).hexdigest()[:16] if decided else ""
    fp = fingerprint_files(source_paths(data_dir, tuple(sources))
                           + [Path(data_dir) / "departments" / "directory.csv"],
                           extra=f"{tuple(sources)}|{limit}|{encoder.name}|{DEPT_CODE_VERSION}|"
                                 + json.dumps(duty_phrases or {}, ensure_ascii=False, sort_keys=True)
                                 + (f"|decided:{len(decided)}:{said}" if decided else ""))
    meta_path = out / "meta.json"
    if not force and meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("fingerprint") == fp:
                return {**meta, "skipped": True}
        except json.JSONDecodeError:
            pass
    rows = load_dept_rows(data_dir, sources=sources, limit=limit)
    if len(rows) < 20:
        raise ValueError(f"部门训练数据太少 / too few department rows: {len(rows)}")
    emb = _cached_case_embeddings(rows, encoder, Path(models_dir).parent / "cache", case_index_dir)
    if decided:
        extra = [r for r, _ in decided]
        vecs = [v for _, v in decided]
        todo = [i for i, v in enumerate(vecs) if v is None or v.shape[0] != emb.shape[1]]
        if todo:
            new = encoder.encode([extra[i].text for i in todo], prefix="query: ")
            for i, v in zip(todo, new):
                vecs[i] = np.asarray(v, dtype=np.float32)
        rows = rows + extra
        emb = np.vstack([emb, np.stack(vecs).astype(np.float32)])
    texts = [r.text for r in rows]
    truth = [r.departments for r in rows]
    replied = np.array([r.source == "replied" for r in rows])
    model = DepartmentModel(duty_phrases=duty_phrases, encoder=encoder)
    metrics: dict = {"rows": len(rows), "replied_rows": int(replied.sum()), "decided_rows": len(decided)}
    if replied.sum() >= folds * 4:
        S, codes = cross_val_scores(texts, emb, truth, eval_mask=replied, folds=min(folds, int(replied.sum())),
                                    C=model.C, emb_weight=model.emb_weight, duty_phrases=duty_phrases,
                                    encoder=encoder)
        ev = np.flatnonzero(replied)
        model.temperature = fit_dept_temperature(S[ev], codes, [truth[i] for i in ev])
        t1, t3 = topk_hits(S[ev], codes, [truth[i] for i in ev])
        metrics.update({"cv_folds": folds, "cv_top1": round(t1, 4), "cv_top3": round(t3, 4),
                        "temperature": round(model.temperature, 4)})
    previous: dict = {}
    if meta_path.exists():
        try:
            previous = json.loads(meta_path.read_text(encoding="utf-8")).get("metrics") or {}
        except (OSError, ValueError):
            previous = {}
    if keep_if_worse is not None and not force and "cv_top1" in metrics and "cv_top1" in previous \
            and metrics["cv_top1"] < previous["cv_top1"] - keep_if_worse:
        log.info("classifier.department.kept new=%.4f current=%.4f", metrics["cv_top1"], previous["cv_top1"])
        return {"skipped": False, "kept": True, "metrics": metrics, "previous": previous}
    model.fit(texts, emb, truth)
    tmp = out.with_name(out.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model.save(tmp)
    meta = {"fingerprint": fp, "encoder": encoder.name, "sources": list(sources), "limit": limit, "codes": model.codes,
            "metrics": metrics, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": round(time.time() - t0, 1)}
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    if out.exists():   # the one replaced stays as departments.previous, one step back
        prev = out.with_name(out.name + ".previous")
        shutil.rmtree(prev, ignore_errors=True)
        out.rename(prev)
        tmp.rename(out)
    else:
        tmp.rename(out)
    log.info("classifier.department.trained rows=%d seconds=%.1f", len(rows), time.time() - t0)
    return {**meta, "skipped": False, "previous": previous}


def restore_previous_departments(models_dir: Path) -> dict:
    """Swap ``departments`` and ``departments.previous`` (the model a retraining replaced): the
    restored model's meta; ValueError when there is none."""
    out = Path(models_dir) / "departments"
    prev = out.with_name(out.name + ".previous")
    if not (prev / "meta.json").exists():
        raise ValueError("没有可恢复的上一版部门模型（只有重新训练替换过部门模型后才有）/ "
                         "no previous department model: only a retraining that replaced it leaves one")
    swap = out.with_name(out.name + f".swap-{os.getpid()}")
    shutil.rmtree(swap, ignore_errors=True)
    if out.exists():
        out.rename(swap)
    prev.rename(out)
    if swap.exists():
        swap.rename(prev)
    return json.loads((out / "meta.json").read_text(encoding="utf-8"))


def load_department_model(models_dir: Path, encoder_name: str | None = None) -> DepartmentModel | None:
    """The trained department model, or None when there is none (routing then works without
    it). A model made with another encoder is refused: its embedding block would be garbage."""
    d = Path(models_dir) / "departments"
    if not (d / "meta.json").exists():
        return None
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    if encoder_name is not None and meta.get("encoder") != encoder_name:
        raise ValueError(f"部门模型的编码器不符 / department model was trained with encoder "
                         f"{meta.get('encoder')}, the pipeline uses {encoder_name}: run `jiesu setup`")
    return DepartmentModel.load(d)


def iter_codes(rows: Iterable[DeptRow]) -> list[str]:
    return sorted({c for r in rows for c in r.departments})
