"""Training the category classifier from the labelled data (and, later, corrected cases)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

from classifier.data import LABELLED, fingerprint_files, fingerprint_rows, load_labelled
from classifier.model import (MODEL_KINDS, CategoryModel, E5NgramModel, TextEncoder, _softmax,
                              fit_temperature, model_text)
from classifier.registry import get_active_id, list_models, save_model, set_active

log = logging.getLogger("classifier.train")

TRAIN_CODE_VERSION = "2"  # 2: SVM head for e5_ngram


@dataclass
class TrainResult:
    model_id: str
    skipped: bool
    metrics: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def _metrics(y_true: np.ndarray, proba: np.ndarray, labels: list[str], forms: list[str]) -> dict:
    pred = proba.argmax(axis=1)
    raw = np.array([f == "raw" for f in forms])
    out = {
        "n": int(len(y_true)),
        "accuracy": round(float(accuracy_score(y_true, pred)), 4),
        "macro_f1": round(float(f1_score(y_true, pred, average="macro")), 4),
    }
    if raw.any():
        out["accuracy_raw_rows"] = round(float(accuracy_score(y_true[raw], pred[raw])), 4)
    return out


def _cached_embeddings(texts: list[str], encoder: TextEncoder, cache_dir: Path) -> np.ndarray:
    """Training-text embeddings, cached by (encoder, texts): retraining with another head or
    temperature must not pay the encoder again."""
    import hashlib

    h = hashlib.sha256(str(getattr(encoder, "name", "")).encode())
    for t in texts:
        h.update(t.encode("utf-8") + b"\x00")
    path = cache_dir / f"emb-{h.hexdigest()[:20]}.npy"
    if path.exists():
        emb = np.load(path)
        if emb.shape[0] == len(texts):
            print(f"  复用缓存的向量 / reusing cached embeddings {path.name}", flush=True)
            return emb
    print(f"  编码 {len(texts)} 条训练文本 / embedding {len(texts)} training texts …", flush=True)
    emb = E5NgramModel(encoder=encoder).embed(texts, progress=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, emb)
    tmp.replace(path)
    return emb


def train(data_dir: Path, models_dir: Path, encoder: TextEncoder | None, *, kind: str = "e5_ngram",
          limit: int | None = None, force: bool = False, holdout: float = 0.1,
          activate: bool = True) -> TrainResult:
    """Train a model of ``kind`` on the labelled data, fit its temperature on a held-out part,
    report that part's metrics, refit on everything and save it as a new active version.

    Skipped (returns the existing id) when an existing version has the same fingerprint
    (data, config, encoder, code version), unless ``force``.
    """
    t0 = time.time()
    if kind not in MODEL_KINDS:
        raise ValueError(f"未知模型类型 / unknown model kind {kind!r}; choose from {sorted(MODEL_KINDS)}")
    rows = load_labelled(data_dir, limit=limit)
    enc_name = getattr(encoder, "name", None) if kind == "e5_ngram" else None
    config = {"kind": kind, "limit": limit, "holdout": holdout, "code": TRAIN_CODE_VERSION}
    fp = fingerprint_rows(rows, extra=f"{config}|{enc_name}") if limit else \
        fingerprint_files([Path(data_dir) / LABELLED], extra=f"{config}|{enc_name}")
    if not force:
        for meta in reversed(list_models(models_dir)):
            if meta.get("fingerprint") == fp:
                if activate and get_active_id(models_dir) != meta["id"]:
                    set_active(models_dir, meta["id"])
                log.info("classifier.train.skipped id=%s", meta["id"])
                return TrainResult(meta["id"], True, meta.get("metrics", {}), time.time() - t0)

    texts = [model_text(r.title, r.text) for r in rows]
    labels = sorted({r.label for r in rows})
    y = np.array([labels.index(r.label) for r in rows])
    forms = [r.form for r in rows]

    def make() -> CategoryModel:
        return E5NgramModel(encoder=encoder) if kind == "e5_ngram" else MODEL_KINDS[kind]()

    emb = None
    if kind == "e5_ngram":
        emb = _cached_embeddings(texts, encoder, Path(models_dir).parent / "cache")

    idx = np.arange(len(rows))
    tr, te = train_test_split(idx, test_size=holdout, random_state=7, stratify=y)

    def fit(model: CategoryModel, ids: np.ndarray) -> CategoryModel:
        t = [texts[i] for i in ids]
        lab = [labels[y[i]] for i in ids]
        if emb is not None:
            return model.fit(t, lab, emb=emb[ids])  # type: ignore[call-arg]
        return model.fit(t, lab)

    def scores(model: CategoryModel, ids: np.ndarray) -> np.ndarray:
        t = [texts[i] for i in ids]
        if emb is not None:
            return model.decision_function(t, emb=emb[ids])  # type: ignore[call-arg]
        return model.decision_function(t)

    m = fit(make(), tr)
    s = scores(m, te)
    temp = fit_temperature(s, y[te])
    m.temperature = temp
    metrics = _metrics(y[te], _softmax(s / temp), labels, [forms[i] for i in te])
    metrics["temperature"] = round(temp, 4)
    print(f"  留出集 / held-out: acc={metrics['accuracy']} macro-F1={metrics['macro_f1']}", flush=True)

    final = fit(make(), idx)
    final.temperature = temp
    meta = {"fingerprint": fp, "config": config, "encoder": enc_name, "metrics": metrics,
            "data": {"rows": len(rows), "source": LABELLED}}
    mid = save_model(final, models_dir, meta, activate=activate)
    log.info("classifier.train.done id=%s seconds=%.1f", mid, time.time() - t0)
    return TrainResult(mid, False, metrics, time.time() - t0)
