"""Training the category classifier from the labelled data (and, later, corrected cases)."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split

from classifier.data import (LABELLED, LabelledRow, fingerprint_files, fingerprint_rows, load_label_terms,
                             load_labelled)
from classifier.evaluate import calibration_metrics
from classifier.model import (MODEL_KINDS, CategoryModel, E5NgramModel, TextEncoder, fit_margin_calibration,
                              fit_temperature, model_text, needs_encoder, new_model)
from classifier.registry import get_active_id, list_models, save_model, set_active

log = logging.getLogger("classifier.train")

# 2: SVM head for e5_ngram; 3: its stop list, balanced classes, taxonomy block; 4: neighbour term;
# 5: margin calibration of the top label's confidence; 6: the ask threshold in the metrics
TRAIN_CODE_VERSION = "6"


@dataclass
class TrainResult:
    model_id: str
    skipped: bool
    metrics: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def _metrics(y_true: np.ndarray, proba: np.ndarray, labels: list[str], forms: list[str]) -> dict:
    pred = proba.argmax(axis=1)
    raw = np.array([f == "raw" for f in forms])
    every = list(range(len(labels)))
    out = {
        "n": int(len(y_true)),
        "accuracy": round(float(accuracy_score(y_true, pred)), 4),
        "macro_f1": round(float(f1_score(y_true, pred, average="macro")), 4),
        # the supervisor page's confusion matrix for a version no retraining evaluated (tester54
        # V15: the active version trained by ``jiesu setup`` showed 该版本尚无评估)
        "per_label_f1": {labels[i]: round(float(v), 4) for i, v in
                         zip(every, f1_score(y_true, pred, labels=every, average=None, zero_division=0))},
        "labels": list(labels),
        "confusion": confusion_matrix(y_true, pred, labels=every).tolist(),
    }
    if raw.any():
        out["accuracy_raw_rows"] = round(float(accuracy_score(y_true[raw], pred[raw])), 4)
    return out


Progress = Callable[[str, float], None]  # (stage, fraction 0–1 of the whole training)


def ids_digest(ids: Collection[str]) -> str:
    """A short stable digest of a set of row ids (records which rows a model never saw)."""
    h = hashlib.sha256()
    for i in sorted(ids):
        h.update(i.encode("utf-8") + b"\x00")
    return h.hexdigest()[:16]


def _cached_embeddings(texts: list[str], encoder: TextEncoder, cache_dir: Path,
                       progress: Callable[[float], None] | None = None) -> np.ndarray:
    """Training-text embeddings, cached by (encoder, texts): retraining with another head or
    temperature must not pay the encoder again. ``progress`` gets the fraction embedded."""
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
    if progress is None:
        emb = E5NgramModel(encoder=encoder).embed(texts, progress=True)
    else:  # chunks, so a job can report how far the encoder got
        parts, step = [], 64
        for i in range(0, len(texts), step):
            parts.append(encoder.encode(texts[i:i + step], prefix="query: "))
            progress(min(1.0, (i + step) / len(texts)))
        emb = np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, emb)
    tmp.replace(path)
    return emb


def _retrained_active(models_dir: Path) -> bool:
    """Whether the active version came out of ``classifier.retrain`` (its meta has an
    ``evaluation``): ``jiesu setup`` finding its plain model current must not undo that promotion."""
    from classifier.registry import ModelError, read_meta

    mid = get_active_id(models_dir)
    if not mid:
        return False
    try:
        return "evaluation" in read_meta(Path(models_dir) / mid)
    except ModelError:
        return False


def text_digest(text: str) -> str:
    """A short digest of a training text (``model_text``): kept with a model for the rows the case
    store added, whose texts are not in the data directory."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def train(data_dir: Path, models_dir: Path, encoder: TextEncoder | None, *, kind: str = "e5_ngram",
          limit: int | None = None, force: bool = False, holdout: float = 0.1,
          activate: bool = True, extra_rows: Sequence[LabelledRow] | None = None,
          exclude_ids: Collection[str] | None = None, progress: Progress | None = None,
          finetune: dict[str, Any] | None = None) -> TrainResult:
    """Train a model of ``kind`` on the labelled data, fit its temperature on a held-out part,
    report that part's metrics, refit on everything and save it as a new active version.

    Skipped (returns the existing id) when an existing version has the same fingerprint
    (data, config, encoder, code version), unless ``force``; it is then re-activated unless the
    active version is a retrained one (a supervisor's promotion outlives ``jiesu setup``).

    Retraining (``classifier.retrain``) adds ``extra_rows`` (operator-decided cases, rows
    supervisors added, possibly of a new label) to the labelled rows, and leaves out the rows
    whose id is in ``exclude_ids`` (the fixed evaluation split), recorded in the config as
    ``excluded_digest``. ``progress(stage, fraction)`` is told how far training got.

    ``e5_finetune`` (``finetune``: ``epochs``, ``max_minutes``, ``max_length``, ``lr``,
    ``batch_size``) is trained once, on the part outside the held-out rows, and kept as it is
    (refitting on everything would double an hour of training); its checkpoint lives in
    ``<home>/cache/finetune-<fingerprint>/`` until the model is saved, so the same command run
    again after an interruption resumes.
    """
    t0 = time.time()
    if kind not in MODEL_KINDS:
        raise ValueError(f"未知模型类型 / unknown model kind {kind!r}; choose from {sorted(MODEL_KINDS)}")

    def report(stage: str, frac: float) -> None:
        if progress is not None:
            progress(stage, max(0.0, min(1.0, frac)))

    report("data", 0.0)
    base = load_labelled(data_dir, limit=limit)
    excluded = frozenset(exclude_ids or ())
    extra = list(extra_rows or ())
    keep = [i for i, r in enumerate(base) if r.id not in excluded]
    rows = [base[i] for i in keep] + extra
    enc_name = getattr(encoder, "name", None) if needs_encoder(kind) else None
    if needs_encoder(kind) and encoder is None:
        raise ValueError(f"{kind} 需要编码器 / {kind} needs the encoder")
    config: dict[str, Any] = {"kind": kind, "limit": limit, "holdout": holdout, "code": TRAIN_CODE_VERSION}
    ft = {k: v for k, v in (finetune or {}).items() if v is not None} if kind == "e5_finetune" else {}
    if ft:
        config["finetune"] = ft
    if excluded or extra:  # plain training keeps its old fingerprints
        config.update(extra_rows=len(extra), excluded=len(base) - len(keep),
                      excluded_digest=ids_digest(excluded))
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.label] = counts.get(r.label, 0) + 1
        few = sorted(lab for lab, n in counts.items() if n < 2)
        if few:
            raise ValueError(f"这些类别的样本不足 2 条 / labels with fewer than 2 rows: {few}")
    label_terms = load_label_terms(data_dir) if kind == "e5_ngram" else {}
    if label_terms:  # the category tree the taxonomy block reads: a changed tree is a new model
        config["taxonomy_digest"] = hashlib.sha256(
            json.dumps(label_terms, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
    fp = fingerprint_rows(rows, extra=f"{config}|{enc_name}") if (limit or excluded or extra) else \
        fingerprint_files([Path(data_dir) / LABELLED], extra=f"{config}|{enc_name}")
    if not force:
        for meta in reversed(list_models(models_dir)):
            if meta.get("fingerprint") == fp:
                if activate and get_active_id(models_dir) != meta["id"] and not _retrained_active(models_dir):
                    set_active(models_dir, meta["id"])
                log.info("classifier.train.skipped id=%s", meta["id"])
                return TrainResult(meta["id"], True, meta.get("metrics", {}), time.time() - t0)

    texts = [model_text(r.title, r.text) for r in rows]
    labels = sorted({r.label for r in rows})
    y = np.array([labels.index(r.label) for r in rows])
    forms = [r.form for r in rows]

    ckpt_dir = Path(models_dir).parent / "cache" / f"finetune-{fp[:16]}"

    def make() -> CategoryModel:
        if kind == "e5_finetune":
            return new_model(kind, encoder, checkpoint_dir=ckpt_dir, **ft,
                             on_step=(lambda i, n: report("fit", 0.05 + 0.85 * i / max(n, 1))) if progress else None)
        if kind == "e5_ngram":
            return new_model(kind, encoder, label_terms=label_terms)
        return new_model(kind, encoder)

    emb = None
    if kind == "e5_ngram":
        # The labelled rows' embeddings are cached under the same key as plain training has
        # (all of ``base``), the extra rows' under their own: a retrain embeds only what is new.
        cache = Path(models_dir).parent / "cache"
        share = len(base) / max(1, len(base) + len(extra))
        base_emb = _cached_embeddings([model_text(r.title, r.text) for r in base], encoder, cache,
                                      (lambda f: report("embed", 0.5 * share * f)) if progress else None)
        parts = [base_emb[keep]]
        if extra:
            parts.append(_cached_embeddings(texts[len(keep):], encoder, cache,
                                            (lambda f: report("embed", 0.5 * (share + (1 - share) * f)))
                                            if progress else None))
        emb = np.vstack(parts)
        report("embed", 0.5)

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

    fit_start = 0.5 if emb is not None else 0.05
    report("fit", fit_start)
    m = fit(make(), tr)
    report("calibrate", fit_start + 0.45 * (1 - fit_start))
    s = scores(m, te)
    temp = fit_temperature(s, y[te])
    m.temperature = temp
    m.margin_cal = fit_margin_calibration(s, y[te])
    proba = m.calibrate(s)
    metrics = _metrics(y[te], proba, labels, [forms[i] for i in te])
    metrics["temperature"] = round(temp, 4)
    if m.margin_cal is not None:
        metrics["margin_cal"] = [round(v, 4) for v in m.margin_cal]
    # the confidence below which the service flags a complaint (``needs_clarification``: the
    # operator or the bot asks instead of trusting the category): the held-out rows' 80 % most
    # confident answer at or above it
    cal = calibration_metrics(proba, y[te])  # as ``jiesu evaluate`` reports it
    metrics["ask_threshold"] = cal["ask_threshold"]
    metrics["precision_at_80_coverage"] = cal["precision_at_80_coverage"]
    print(f"  留出集 / held-out: acc={metrics['accuracy']} macro-F1={metrics['macro_f1']}", flush=True)

    if kind == "e5_finetune":
        final = m  # trained on the rows outside the held-out part (see the docstring)
        metrics["finetune"] = getattr(m, "stats", {})
    else:
        report("refit", fit_start + 0.5 * (1 - fit_start))
        final = fit(make(), idx)
    final.temperature = temp
    final.margin_cal = m.margin_cal
    data: dict[str, Any] = {"rows": len(rows), "source": LABELLED}
    if kind == "e5_finetune":
        data["trained_rows"] = int(len(tr))
    if excluded or extra:
        data.update(extra_rows=len(extra), excluded=len(base) - len(keep))
    if extra:  # what the case store added, so that an evaluation can tell rows the model has seen
        data["extra_digests"] = sorted({text_digest(model_text(r.title, r.text)) for r in extra})
    meta = {"fingerprint": fp, "config": config, "encoder": enc_name, "metrics": metrics, "data": data}
    report("save", 0.97)
    mid = save_model(final, models_dir, meta, activate=activate)
    if kind == "e5_finetune":
        shutil.rmtree(ckpt_dir, ignore_errors=True)  # the saved model supersedes its checkpoint
    report("save", 1.0)
    log.info("classifier.train.done id=%s seconds=%.1f", mid, time.time() - t0)
    return TrainResult(mid, False, metrics, time.time() - t0)
