"""Evaluating the category classifier.

Two ways, one result shape:

* **cross-validation** of a model kind on the labelled data (stratified k folds): every row gets
  an out-of-fold decision score; the TF-IDF + LinearSVC baseline (``tfidf_svm``) is scored on
  the same folds, side by side;
* a **registered model on a labelled file** (``id, title, text, label``), beside the baseline
  trained on the same rows as that model.

Scores become probabilities by a softmax with a temperature. "Before calibration" is the plain
softmax (T = 1); "after" uses a temperature and the top label's confidence from its score margin
(``classifier.model.calibrated_proba``), both fitted on out-of-fold scores — in cross-validation
each fold's are fitted on the *other* folds' scores, so no row is scored with a calibration
fitted on itself (for a registered model: the calibration stored at training).

Metrics: accuracy, macro-F1, per-class precision/recall/F1/support, confusion matrix, accuracy on
``raw`` and on ``segmented`` rows, expected calibration error (15 equal-width bins), precision at
80 % coverage (the 80 % most confident answers) and the confidence there — the "ask threshold"
below which the bot should ask instead of guessing — and the coverage–precision curve.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from classifier.data import (LABELLED, LabelledRow, fingerprint_rows, load_label_terms, load_labelled,
                             read_user_lines)
from classifier.model import (
    MODEL_KINDS,
    CategoryModel,
    TextEncoder,
    _softmax,
    calibrated_proba,
    fit_margin_calibration,
    fit_temperature,
    model_text,
    needs_encoder,
    new_model,
)

log = logging.getLogger("classifier.evaluate")

N_BINS = 15
COVERAGE = 0.8
# below this many rows ECE (15 bins), precision at 80 % coverage and the ask threshold there
# rest on a handful of rows each: ``jiesu evaluate`` says so
SMALL_N = 50
# how many file evaluations a model's ``meta.json`` keeps (``file_evaluations``, newest last)
KEEP_FILE_EVALUATIONS = 20
BASELINE = "tfidf_svm"
FORMS = ("raw", "segmented")


class EvaluationError(ValueError):
    """Bad arguments or input (the CLI turns it into exit code 2)."""


# -- metrics on probabilities ------------------------------------------------------------------

def _bin_index(confidence: np.ndarray, n_bins: int) -> np.ndarray:
    """Equal-width bins over [0, 1], right-closed: (0, 1/n], (1/n, 2/n] …; 0 goes to the first."""
    return np.clip(np.ceil(np.asarray(confidence, float) * n_bins).astype(int) - 1, 0, n_bins - 1)


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool],
                               n_bins: int = N_BINS) -> float:
    """ECE: Σ_bins |bin|/n · |accuracy(bin) − mean confidence(bin)| over equal-width bins."""
    conf = np.asarray(confidence, float)
    ok = np.asarray(correct, float)
    if len(conf) == 0:
        return 0.0
    b = _bin_index(conf, n_bins)
    ece = 0.0
    for i in range(n_bins):
        m = b == i
        if m.any():
            ece += m.sum() / len(conf) * abs(ok[m].mean() - conf[m].mean())
    return float(ece)


def reliability_bins(confidence: Sequence[float], correct: Sequence[bool],
                     n_bins: int = N_BINS) -> list[dict[str, Any]]:
    """Per bin: its edges, count, accuracy and mean confidence (None when empty)."""
    conf = np.asarray(confidence, float)
    ok = np.asarray(correct, float)
    b = _bin_index(conf, n_bins)
    out = []
    for i in range(n_bins):
        m = b == i
        out.append({"lo": round(i / n_bins, 4), "hi": round((i + 1) / n_bins, 4), "n": int(m.sum()),
                    "accuracy": round(float(ok[m].mean()), 4) if m.any() else None,
                    "confidence": round(float(conf[m].mean()), 4) if m.any() else None})
    return out


def precision_at_coverage(confidence: Sequence[float], correct: Sequence[bool],
                          coverage: float = COVERAGE) -> dict[str, float]:
    """Answer only the ``coverage`` share most confident rows (⌈coverage·n⌉ of them): their
    precision, and the confidence of the least confident answered row — the threshold below
    which the bot should ask."""
    conf = np.asarray(confidence, float)
    ok = np.asarray(correct, float)
    if len(conf) == 0:
        return {"coverage": coverage, "precision": 0.0, "threshold": 1.0, "answered": 0}
    order = np.argsort(-conf, kind="mergesort")
    k = max(1, math.ceil(coverage * len(conf) - 1e-9))
    top = order[:k]
    return {"coverage": coverage, "precision": float(ok[top].mean()),
            "threshold": float(conf[order[k - 1]]), "answered": int(k)}


def coverage_curve(confidence: Sequence[float], correct: Sequence[bool],
                   points: int = 20) -> list[dict[str, float]]:
    """Precision and threshold at coverage 1/points, 2/points … 1 (most confident first)."""
    return [{k: round(v, 4) if isinstance(v, float) else v
             for k, v in precision_at_coverage(confidence, correct, (i + 1) / points).items()}
            for i in range(points)]


def calibration_metrics(proba: np.ndarray, y: np.ndarray, n_bins: int = N_BINS) -> dict[str, Any]:
    """ECE, NLL, precision at 80 % coverage, the ask threshold, reliability bins and the curve."""
    conf = proba.max(axis=1)
    ok = proba.argmax(axis=1) == y
    p80 = precision_at_coverage(conf, ok, COVERAGE)
    nll = float(-np.mean(np.log(proba[np.arange(len(y)), y] + 1e-12))) if len(y) else 0.0
    return {"ece": round(expected_calibration_error(conf, ok, n_bins), 4),
            "nll": round(nll, 4),
            "mean_confidence": round(float(conf.mean()), 4) if len(y) else 0.0,
            "precision_at_80_coverage": round(p80["precision"], 4),
            "ask_threshold": round(p80["threshold"], 4),
            "reliability": reliability_bins(conf, ok, n_bins),
            "coverage_curve": coverage_curve(conf, ok)}


def classification_metrics(y: np.ndarray, pred: np.ndarray, labels: list[str],
                           forms: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class figures, confusion matrix (rows true, columns predicted),
    accuracy on raw and on segmented rows.

    Macro-F1 averages over the labels that occur among the true or the predicted labels (as
    scikit-learn does by default): a file without any row of some label (an ``evaluate --input``
    of a few complaints) is not charged an F1 of 0 for it; a label predicted but never true is."""
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    idx = list(range(len(labels)))
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=idx, zero_division=0)
    seen = sorted(set(np.asarray(y).tolist()) | set(np.asarray(pred).tolist()))
    out: dict[str, Any] = {
        "n": len(y),
        "accuracy": round(float(np.mean(y == pred)), 4) if len(y) else 0.0,
        "macro_f1": round(float(f1_score(y, pred, labels=seen, average="macro", zero_division=0)), 4)
        if seen else 0.0,
        "per_class": {lab: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                            "f1": round(float(f[i]), 4), "support": int(s[i])}
                      for i, lab in enumerate(labels)},
        "confusion": confusion_matrix(y, pred, labels=idx).tolist(),
    }
    fa = np.asarray(forms)
    for form in FORMS:
        m = fa == form
        out[f"n_{form}_rows"] = int(m.sum())
        out[f"accuracy_{form}_rows"] = round(float(np.mean(y[m] == pred[m])), 4) if m.any() else None
    return out


def evaluate_scores(scores: np.ndarray, y: np.ndarray, labels: list[str], forms: Sequence[str],
                    temperature: float | np.ndarray,
                    margin_cal: Sequence[float] | np.ndarray | None = None) -> dict[str, Any]:
    """All metrics of decision ``scores``: before calibration (softmax at T = 1) and after
    (``temperature``: one value, or one per row when fitted per fold; ``margin_cal``: one
    ``(a, b)``, one per row, or None)."""
    before, after = _softmax(scores), calibrated_proba(scores, temperature, margin_cal)
    out = classification_metrics(y, scores.argmax(axis=1), labels, forms)
    out["calibration"] = {"before": calibration_metrics(before, y),
                          "after": calibration_metrics(after, y)}
    return out


# -- out-of-fold scores ------------------------------------------------------------------------

def embedding_cache_name(texts: Sequence[str], encoder: TextEncoder) -> str:
    """The file name ``classifier.train._cached_embeddings`` uses for these texts."""
    h = hashlib.sha256(str(getattr(encoder, "name", "")).encode())
    for t in texts:
        h.update(t.encode("utf-8") + b"\x00")
    return f"emb-{h.hexdigest()[:20]}.npy"


def embeddings_for(rows: list[LabelledRow], encoder: TextEncoder, cache_dir: Path,
                   data_dir: Path | None = None) -> np.ndarray:
    """Embeddings of the rows' model texts. A subset of the labelled data is cut out of the
    full data's cached embeddings when those exist (no encoder pass); otherwise the train
    cache is used (and filled)."""
    from classifier.train import _cached_embeddings

    texts = [model_text(r.title, r.text) for r in rows]
    if data_dir is not None:
        all_rows = load_labelled(data_dir)
        if len(all_rows) != len(rows):
            full = cache_dir / embedding_cache_name([model_text(r.title, r.text) for r in all_rows], encoder)
            if full.exists():
                emb = np.load(full)
                pos = {r.id: i for i, r in enumerate(all_rows)}
                if emb.shape[0] == len(all_rows) and all(r.id in pos for r in rows):
                    print(f"  从全量缓存取向量 / cutting {len(rows)} embeddings out of {full.name}", flush=True)
                    return emb[[pos[r.id] for r in rows]]
    return _cached_embeddings(texts, encoder, cache_dir)


def _make(kind: str, encoder: TextEncoder | None, label_terms: dict[str, list[str]] | None = None
          ) -> CategoryModel:
    # e5_finetune fine-tunes the encoder in every fold: hours on CPU for 5 folds
    if kind == "e5_ngram":
        return new_model(kind, encoder, label_terms=label_terms)
    return new_model(kind, encoder)


def _aligned(scores: np.ndarray, model_labels: list[str], labels: list[str]) -> np.ndarray:
    """Columns reordered to ``labels``; a label the fold model never saw gets a score far
    below every other (it can never win)."""
    if model_labels == labels:
        return scores
    out = np.full((scores.shape[0], len(labels)), scores.min() - 1e3 if scores.size else -1e3)
    for j, lab in enumerate(model_labels):
        out[:, labels.index(lab)] = scores[:, j]
    return out


@dataclass
class OofResult:
    scores: np.ndarray          # n × labels, out-of-fold decision scores
    fit_seconds: list[float]    # per fold
    predict_seconds: float      # all folds together


def oof_scores(kind: str, texts: list[str], y: np.ndarray, labels: list[str],
               folds: list[tuple[np.ndarray, np.ndarray]], emb: np.ndarray | None = None,
               encoder: TextEncoder | None = None, label_terms: dict[str, list[str]] | None = None
               ) -> OofResult:
    """Out-of-fold decision scores of ``kind`` (e5_ngram needs ``emb``, one row per text;
    ``label_terms``: the category tree it reads, ``classifier.data.load_label_terms``)."""
    scores = np.zeros((len(texts), len(labels)))
    fit_s: list[float] = []
    pred_s = 0.0
    for k, (tr, te) in enumerate(folds):
        t0 = time.time()
        m = _make(kind, encoder, label_terms)
        tr_texts, tr_labels = [texts[i] for i in tr], [labels[y[i]] for i in tr]
        if kind == "e5_ngram":
            m.fit(tr_texts, tr_labels, emb=emb[tr])  # type: ignore[call-arg,index]
        else:
            m.fit(tr_texts, tr_labels)
        fit_s.append(time.time() - t0)
        t1 = time.time()
        te_texts = [texts[i] for i in te]
        s = m.decision_function(te_texts, emb=emb[te]) if kind == "e5_ngram" \
            else m.decision_function(te_texts)  # type: ignore[call-arg,index]
        pred_s += time.time() - t1
        scores[te] = _aligned(np.asarray(s), m.labels, labels)
        print(f"  {kind} 第 {k + 1}/{len(folds)} 折 / fold {k + 1}/{len(folds)}: "
              f"fit {fit_s[-1]:.1f}s", flush=True)
    return OofResult(scores, fit_s, pred_s)


def cross_fitted_temperatures(scores: np.ndarray, y: np.ndarray,
                              folds: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Per row, the temperature fitted on the out-of-fold scores of the *other* folds."""
    t = np.ones(len(y))
    for tr, te in folds:
        t[te] = fit_temperature(scores[tr], y[tr])
    return t


def cross_fitted_margin_cal(scores: np.ndarray, y: np.ndarray,
                            folds: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Per row, the margin calibration ``(a, b)`` fitted on the *other* folds' out-of-fold
    scores (NaN where none could be fitted)."""
    cal = np.full((len(y), 2), np.nan)
    for tr, te in folds:
        c = fit_margin_calibration(scores[tr], y[tr])
        if c is not None:
            cal[te] = c
    return cal


def stratified_folds(y: np.ndarray, labels: list[str], n_folds: int,
                     seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified k folds; every class needs at least ``n_folds`` rows."""
    from sklearn.model_selection import StratifiedKFold

    if n_folds < 2:
        raise EvaluationError(f"折数至少为 2 / --folds must be at least 2 (got {n_folds})")
    counts = np.bincount(y, minlength=len(labels))
    small = [f"{labels[i]}={c}" for i, c in enumerate(counts) if c < n_folds]
    if small:
        raise EvaluationError(f"部分类别样本少于折数 / fewer rows than folds in: {', '.join(small)}; "
                              "增大 --limit 或减小 --folds / raise --limit or lower --folds")
    skf = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    return [(tr, te) for tr, te in skf.split(np.zeros(len(y)), y)]


def _model_block(kind: str, scores: np.ndarray, y: np.ndarray, labels: list[str], forms: list[str],
                 temps: np.ndarray | float, temperature: float, seconds: dict[str, Any],
                 cals: np.ndarray | Sequence[float] | None = None,
                 margin_cal: Sequence[float] | None = None) -> dict[str, Any]:
    block = evaluate_scores(scores, y, labels, forms, temps, cals)
    block["kind"] = kind
    block["temperature"] = round(float(temperature), 4)
    block["margin_cal"] = [round(float(v), 4) for v in margin_cal] if margin_cal is not None else None
    block["seconds"] = seconds
    return block


def cross_validate(rows: list[LabelledRow], kind: str, n_folds: int, *, encoder: TextEncoder | None = None,
                   cache_dir: Path | None = None, data_dir: Path | None = None,
                   seed: int = 0) -> dict[str, Any]:
    """k-fold CV of ``kind`` and of the baseline on the same folds; the evaluation dict."""
    if kind not in MODEL_KINDS:
        raise EvaluationError(f"未知模型类型 / unknown model kind {kind!r}: {', '.join(MODEL_KINDS)}")
    texts = [model_text(r.title, r.text) for r in rows]
    labels = sorted({r.label for r in rows})
    y = np.array([labels.index(r.label) for r in rows])
    forms = [r.form for r in rows]
    folds = stratified_folds(y, labels, n_folds, seed)

    emb = None
    t_emb = time.time()
    if needs_encoder(kind) and encoder is None:
        raise EvaluationError(f"{kind} 需要编码器 / {kind} needs an encoder")
    if kind == "e5_ngram":
        if cache_dir is None:
            raise EvaluationError("e5_ngram 需要缓存目录 / e5_ngram needs a cache directory")
        emb = embeddings_for(rows, encoder, cache_dir, data_dir)
    t_emb = time.time() - t_emb

    models: dict[str, Any] = {}
    for k in dict.fromkeys([kind, BASELINE]):
        t0 = time.time()
        r = oof_scores(k, texts, y, labels, folds, emb if k == "e5_ngram" else None, encoder,
                       load_label_terms(data_dir))
        temps = cross_fitted_temperatures(r.scores, y, folds)
        cals = cross_fitted_margin_cal(r.scores, y, folds)
        models[k] = _model_block(
            k, r.scores, y, labels, forms, temps, fit_temperature(r.scores, y),
            {"total": round(time.time() - t0 + (t_emb if k == "e5_ngram" else 0.0), 1),
             "embedding": round(t_emb, 1) if k == "e5_ngram" else None,
             "fit_per_fold": round(float(np.mean(r.fit_seconds)), 2),
             # features + head only: the e5 embeddings were computed (or cached) beforehand
             "score_per_row_ms": round(1000 * r.predict_seconds / len(rows), 3)},
            cals, fit_margin_calibration(r.scores, y))
    return {"method": "cv", "kind": kind, "baseline": BASELINE, "folds": n_folds, "seed": seed,
            "labels": labels, "encoder": getattr(encoder, "name", None) if needs_encoder(kind) else None,
            "data": {"source": LABELLED, "rows": len(rows), "fingerprint": fingerprint_rows(rows),
                     "forms": {f: forms.count(f) for f in FORMS}},
            "calibration_note": "before: softmax(T=1); after: per-fold temperature and margin "
                                "calibration fitted on the other folds' out-of-fold scores; "
                                "temperature, margin_cal: fitted on all of them",
            "models": models}


# -- a registered model on a labelled file ------------------------------------------------------

def read_labelled_file(path: Path, limit: int | None = None) -> list[LabelledRow]:
    """Rows ``{id?, title?, text, label, form?}`` of a JSONL file (form defaults to raw)."""
    path = Path(path)
    if path.is_dir():
        raise EvaluationError(f"输入路径是目录，请给出文件 / input is a directory, not a file: {path}")
    if not path.is_file():
        raise EvaluationError(f"输入文件不存在 / input file not found: {path}")
    rows: list[LabelledRow] = []
    for n, line in enumerate(read_user_lines(path), 1):  # UTF-8 (BOM or not) or GB18030
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise EvaluationError(f"第 {n} 行不是 JSON / line {n} is not JSON: {e.msg}") from e
        if not isinstance(obj, dict) or not str(obj.get("text") or "").strip() \
                or not str(obj.get("label") or "").strip():
            raise EvaluationError(f"第 {n} 行缺少 text 或 label / line {n} needs text and label")
        form = obj.get("form") or "raw"
        if form not in FORMS:
            raise EvaluationError(f"第 {n} 行 form 无效 / line {n}: form must be raw or segmented")
        rows.append(LabelledRow(id=str(obj.get("id", n)), title=str(obj.get("title") or ""),
                                text=str(obj["text"]), label=str(obj["label"]).strip(), form=form))
        if limit is not None and len(rows) >= limit:
            break
    if not rows:
        raise EvaluationError(f"输入文件没有数据行 / no rows in {path}")
    return rows


def evaluate_model_on_rows(model: CategoryModel, meta: dict[str, Any], rows: list[LabelledRow], *,
                           data_dir: Path, source: str) -> dict[str, Any]:
    """A registered model on labelled rows, beside the baseline trained on the model's data."""
    from classifier.train import train

    labels = list(model.labels)
    unknown = sorted({r.label for r in rows} - set(labels))
    if unknown:
        raise EvaluationError(f"模型不认识这些类别 / labels unknown to model {meta['id']}: "
                              f"{', '.join(unknown)} (known: {', '.join(labels)})")
    texts = [model_text(r.title, r.text) for r in rows]
    y = np.array([labels.index(r.label) for r in rows])
    forms = [r.form for r in rows]
    kind = meta["kind"]

    t0 = time.time()
    scores = np.asarray(model.decision_function(texts))
    secs = time.time() - t0
    models = {kind: _model_block(kind, scores, y, labels, forms, model.temperature, model.temperature,
                                 {"predict_per_row_ms": round(1000 * secs / len(rows), 3)},
                                 model.margin_cal, model.margin_cal)}

    limit = (meta.get("config") or {}).get("limit")
    train_rows = load_labelled(data_dir, limit=limit)
    train_texts = {model_text(r.title, r.text) for r in train_rows}
    from classifier.train import text_digest

    # the labelled data, and the case store's rows the model was retrained with (their digests): a
    # tester's file of decided cases scored 1.0000 with no warning (only the data directory was checked)
    seen_digests = set((meta.get("data") or {}).get("extra_digests") or ())
    seen = np.array([t in train_texts or text_digest(t) in seen_digests for t in texts], dtype=bool)
    overlap = int(seen.sum())
    if kind != BASELINE:
        print(f"  训练基线 {BASELINE}（与模型同样的 {len(train_rows)} 条数据）/ training the baseline "
              f"on the model's {len(train_rows)} rows", flush=True)
        with tempfile.TemporaryDirectory(prefix="jiesu-eval-") as tmp:
            t0 = time.time()
            r = train(data_dir, Path(tmp) / "models", None, kind=BASELINE, limit=limit, force=True,
                      activate=False)
            from classifier.registry import load_model

            base, _ = load_model(Path(tmp) / "models" / r.model_id)
            fit_s = time.time() - t0
        t0 = time.time()
        b_scores = _aligned(np.asarray(base.decision_function(texts)), base.labels, labels)
        models[BASELINE] = _model_block(BASELINE, b_scores, y, labels, forms, base.temperature,
                                        base.temperature,
                                        {"train": round(fit_s, 1),
                                         "predict_per_row_ms": round(1000 * (time.time() - t0) / len(rows), 3)},
                                        base.margin_cal, base.margin_cal)
        unknown_to_base = [lab for lab in labels if lab not in base.labels]
        if unknown_to_base:
            # a label supervisors added is one the baseline (base data only) never saw: its rows score 0 for it,
            # and the overall comparison leans to the model (tester55 S18); both again on the shared labels
            models[kind]["shared_labels"] = _on_labels(scores, y, labels, base.labels)
            models[BASELINE]["shared_labels"] = _on_labels(b_scores, y, labels, base.labels)
            models[BASELINE]["unknown_labels"] = unknown_to_base
    return {"method": "file", "kind": kind, "baseline": BASELINE, "model_id": meta["id"],
            "labels": labels, "encoder": meta.get("encoder"),
            "data": {"source": source, "rows": len(rows), "fingerprint": fingerprint_rows(rows),
                     "forms": {f: forms.count(f) for f in FORMS},
                     "overlap_with_training": overlap, "training_rows": len(train_rows),
                     "model_extra_rows": int((meta.get("config") or {}).get("extra_rows") or 0),
                     **({"unseen": _unseen(scores, y, seen, labels)} if overlap else {})},
            "calibration_note": "before: softmax(T=1); after: the temperature and margin calibration "
                                "stored with each model (fitted on its held-out split at training)",
            "models": models}


def _on_labels(scores: np.ndarray, y: np.ndarray, labels: list[str], known: Sequence[str]) -> dict[str, Any]:
    """Accuracy and macro-F1 on the rows whose label is among ``known`` (the baseline's), the prediction
    taken among those labels only."""
    from sklearn.metrics import f1_score

    idx = [labels.index(lab) for lab in labels if lab in known]
    keep = np.isin(y, idx)
    if not keep.any():
        return {"rows": 0, "labels": [labels[i] for i in idx], "accuracy": None, "macro_f1": None}
    pred = np.array(idx)[np.argmax(scores[keep][:, idx], axis=1)]
    return {"rows": int(keep.sum()), "labels": [labels[i] for i in idx],
            "accuracy": round(float((pred == y[keep]).mean()), 4),
            "macro_f1": round(float(f1_score(y[keep], pred, labels=idx, average="macro", zero_division=0)), 4)}


def _unseen(scores: np.ndarray, y: np.ndarray, seen: np.ndarray, labels: list[str]) -> dict[str, Any]:
    """The model's accuracy and macro-F1 on the rows it has not trained on."""
    from sklearn.metrics import f1_score

    keep = ~seen
    if not keep.any():
        return {"rows": 0}
    pred = scores[keep].argmax(axis=1)
    return {"rows": int(keep.sum()), "accuracy": round(float((pred == y[keep]).mean()), 4),
            "macro_f1": round(float(f1_score(y[keep], pred, labels=sorted(set(y[keep].tolist())),
                                             average="macro", zero_division=0)), 4)}


def overlap_warning(data: dict[str, Any]) -> str | None:
    """The warning for a file whose rows the model trained on (None when there are none)."""
    n = data.get("overlap_with_training") or 0
    if not n:
        return None
    u = data.get("unseen") or {}
    rest = (f"；其余 {u['rows']} 条（模型未见过）：准确率 {u['accuracy']:.4f}，宏F1 {u['macro_f1']:.4f}"
            if u.get("rows") else "；没有模型未见过的行")
    return (f"有 {n} 条（共 {data['rows']} 条）在该模型的训练数据里，它们的结果偏乐观{rest} / {n} of "
            f"{data['rows']} rows are in the model's training data: optimistic"
            + (f"; on the {u['rows']} unseen rows: accuracy {u['accuracy']:.4f}" if u.get("rows") else ""))


# -- summary, files, meta ----------------------------------------------------------------------

def _compact(block: dict[str, Any]) -> dict[str, Any]:
    b, a = block["calibration"]["before"], block["calibration"]["after"]
    return {"accuracy": block["accuracy"], "macro_f1": block["macro_f1"],
            "accuracy_raw_rows": block["accuracy_raw_rows"],
            "accuracy_segmented_rows": block["accuracy_segmented_rows"],
            "ece_before": b["ece"], "ece_after": a["ece"],
            "precision_at_80_before": b["precision_at_80_coverage"],
            "precision_at_80_after": a["precision_at_80_coverage"],
            "ask_threshold": a["ask_threshold"], "temperature": block["temperature"]}


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The figures that matter, for ``meta.json``, the JSON line and the table."""
    kind = result["kind"]
    out = {"method": result["method"], "kind": kind, "n": result["data"]["rows"],
           "source": result["data"]["source"], "data_fingerprint": result["data"]["fingerprint"],
           **_compact(result["models"][kind]),
           "baseline": {"kind": BASELINE, **_compact(result["models"][BASELINE])}}
    # the dashboard's confusion matrix and per-class table (rows true, columns predicted)
    block = result["models"][kind]
    if result.get("labels") and block.get("confusion"):
        out.update(labels=result["labels"], confusion=block["confusion"], per_class=block.get("per_class"))
    for k in ("model_id", "folds", "created_at", "report", "warning"):
        if result.get(k) is not None:
            out[k] = result[k]
    return out


def format_table(result: dict[str, Any]) -> str:
    """The compact side-by-side table printed at the end."""
    kind = result["kind"]
    cols = [kind] + ([BASELINE] if kind != BASELINE else [])
    comp = {k: _compact(result["models"][k]) for k in cols}
    rows = [("准确率 / accuracy", "accuracy"), ("宏F1 / macro-F1", "macro_f1"),
            ("raw 行准确率 / raw rows", "accuracy_raw_rows"),
            ("segmented 行准确率 / segmented rows", "accuracy_segmented_rows"),
            ("ECE 校准前 / before", "ece_before"), ("ECE 校准后 / after", "ece_after"),
            ("80%覆盖精度 校准前 / P@80 before", "precision_at_80_before"),
            ("80%覆盖精度 校准后 / P@80 after", "precision_at_80_after"),
            ("询问阈值 / ask threshold", "ask_threshold"), ("温度 / temperature", "temperature")]
    head = ["指标 / metric"] + [c + (" (基线/baseline)" if c == BASELINE else "") for c in cols]
    body = [[name] + ["—" if comp[c][key] is None else f"{comp[c][key]:.4f}" for c in cols]
            for name, key in rows]
    widths = [max(_width(r[i]) for r in [head] + body) for i in range(len(head))]
    lines = ["  ".join(_pad(r[i], widths[i]) for i in range(len(r))) for r in [head] + body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    from classifier.report import _publish

    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    _publish(tmp, path)


def write_outputs(result: dict[str, Any], out_dir: Path) -> list[Path]:
    """``evaluation.json``, ``report.md`` and the PNGs into ``out_dir``; their paths."""
    from classifier.report import write_report

    out_dir.mkdir(parents=True, exist_ok=True)
    result["report"] = str(out_dir / "report.md")
    files = write_report(result, out_dir)
    ev = out_dir / "evaluation.json"
    _write_atomic(ev, json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8"))
    return [ev, *files]


def small_sample_warning(n: int) -> str | None:
    """The warning for an evaluation of fewer than ``SMALL_N`` rows (None otherwise)."""
    if n >= SMALL_N:
        return None
    return (f"只有 {n} 条样本（少于 {SMALL_N} 条）：准确率和 Macro-F1 仅供参考，ECE、80% 覆盖率下的精度和询问阈值"
            f"在这么少的样本上不可靠 / only {n} rows (fewer than {SMALL_N}): accuracy and macro-F1 are rough, "
            f"ECE, precision at 80 % coverage and the ask threshold are unreliable at this size")


def merge_into_meta(model_dir: Path, summary_: dict[str, Any]) -> None:
    """``meta.json``'s ``evaluation`` key set to ``summary_`` (read, update, atomic replace):
    the model's cross-validation record (``jiesu evaluate --model ID`` without ``--input``)."""
    from classifier.registry import read_meta, write_json_atomic

    meta = read_meta(model_dir)
    meta["evaluation"] = summary_
    write_json_atomic(model_dir / "meta.json", meta)


def record_file_evaluation(model_dir: Path, summary_: dict[str, Any]) -> dict[str, Any]:
    """A file evaluation (``jiesu evaluate --input``) onto ``meta.json``'s ``file_evaluations``
    list, newest last: one entry per file content (an entry of the same fingerprint is replaced),
    the last ``KEEP_FILE_EVALUATIONS`` kept. ``evaluation`` — the retraining's fixed-split record
    or a cross-validation the page and ``jiesu models list`` show — is never touched (a tester's
    12-row file replaced it). The entry leaves out the confusion matrix and per-class table
    (they are in the report's ``evaluation.json``); returns it."""
    from classifier.registry import read_meta, write_json_atomic

    entry = {k: v for k, v in summary_.items() if k not in ("labels", "confusion", "per_class")}
    entry["file"] = Path(str(summary_.get("source") or "")).name
    meta = read_meta(model_dir)
    kept = [e for e in meta.get("file_evaluations") or []
            if isinstance(e, dict) and e.get("data_fingerprint") != entry.get("data_fingerprint")]
    meta["file_evaluations"] = (kept + [entry])[-KEEP_FILE_EVALUATIONS:]
    write_json_atomic(model_dir / "meta.json", meta)
    return entry


def _new_report_dir(home: Path, kind: str) -> Path:
    base = home / "reports" / f"{time.strftime('%Y%m%d-%H%M%S')}-{kind}"
    d, n = base, 1
    while d.exists():
        n += 1
        d = base.with_name(f"{base.name}-{n}")
    return d


def run_evaluation(*, data_dir: Path, home: Path, load_encoder: Callable[[], TextEncoder],
                   kind: str | None = None, folds: int = 5, limit: int | None = None,
                   input_path: Path | None = None, model_id: str | None = None,
                   out: Path | None = None) -> dict[str, Any]:
    """What ``jiesu evaluate`` does; returns the summary (raises ``EvaluationError`` on bad
    arguments, ``classifier.registry.ModelError`` on a missing or broken model)."""
    from classifier.registry import get_active_id, load_model, read_meta

    if kind is not None and kind not in MODEL_KINDS:
        raise EvaluationError(f"未知模型类型 / unknown model kind {kind!r}: {', '.join(MODEL_KINDS)}")
    if folds < 2:
        raise EvaluationError(f"折数至少为 2 / --folds must be at least 2 (got {folds})")
    if limit is not None and limit < 1:
        raise EvaluationError(f"--limit 必须为正数 / --limit must be positive (got {limit})")
    if out is not None and out.exists() and not out.is_dir():
        raise EvaluationError(f"输出路径不是目录 / --out is not a directory: {out}")
    models_dir = home / "models"
    t0 = time.time()

    model_dir = meta = None
    if input_path is not None or model_id is not None:
        mid = model_id or get_active_id(models_dir)
        if not mid:
            raise EvaluationError(f"没有已启用的模型 / no active model in {models_dir}; 先运行 jiesu train")
        if not (models_dir / mid).is_dir():
            raise EvaluationError(f"模型不存在 / no such model: {mid}")
        model_dir = models_dir / mid
        meta = read_meta(model_dir)
        if kind is not None and kind != meta["kind"]:
            raise EvaluationError(f"--kind {kind} 与模型类型 {meta['kind']} 不符 / does not match model {mid}")

    if input_path is not None:
        assert meta is not None and model_dir is not None
        rows = read_labelled_file(input_path, limit)
        unknown = sorted({r.label for r in rows} - set(meta["labels"]))
        if unknown:
            raise EvaluationError(f"模型不认识这些类别 / labels unknown to model {meta['id']}: "
                                  f"{', '.join(unknown)} (known: {', '.join(meta['labels'])})")
        enc = load_encoder() if needs_encoder(meta["kind"]) else None
        model, _ = load_model(model_dir, enc)
        result = evaluate_model_on_rows(model, meta, rows, data_dir=data_dir, source=str(input_path))
    else:
        kind = kind or (meta["kind"] if meta else "e5_ngram")
        if meta is not None and limit is None:
            limit = (meta.get("config") or {}).get("limit")
        try:
            rows = load_labelled(data_dir, limit=limit)
        except FileNotFoundError as e:
            raise EvaluationError(str(e)) from e
        print(f"▶ {folds} 折交叉验证 / {folds}-fold CV: {kind} vs {BASELINE}, {len(rows)} rows", flush=True)
        enc = load_encoder() if needs_encoder(kind) else None
        result = cross_validate(rows, kind, folds, encoder=enc, cache_dir=home / "cache",
                                data_dir=data_dir)
        result["data"]["limit"] = limit
        if meta is not None:
            result["model_id"] = meta["id"]

    result["created_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    result["seconds"] = round(time.time() - t0, 1)
    warning = "；".join(w for w in (overlap_warning(result["data"]) if input_path is not None else None,
                                   small_sample_warning(len(rows))) if w)
    if warning:
        result["warning"] = warning
    # a file evaluation's report goes to --out or a report directory of its own, never into the
    # model's directory (where a cross-validation of the model keeps its report)
    if input_path is not None:
        out_dir = out or _new_report_dir(home, f"{result['kind']}-file")
    else:
        out_dir = out or model_dir or _new_report_dir(home, result["kind"])
    write_outputs(result, Path(out_dir))
    summ = summary(result)
    if model_dir is not None:
        if input_path is not None:
            record_file_evaluation(model_dir, summ)
        else:
            merge_into_meta(model_dir, summ)
    log.info("classifier.evaluate.done kind=%s n=%s seconds=%.1f", result["kind"], summ["n"], result["seconds"])
    print(format_table(result), flush=True)
    print(f"  报告 / report: {result['report']}", flush=True)
    if input_path is not None and model_dir is not None:
        print(f"  已记入模型 {model_dir.name} 的文件评估（meta.json 的 file_evaluations）；其交叉验证/固定评估集记录不变"
              f" / recorded under the model's file_evaluations; its evaluation record is unchanged", flush=True)
    return summ
