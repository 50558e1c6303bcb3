"""Category model kinds side by side: training time, prediction latency per complaint, and
accuracy / macro-F1 in k-fold CV against the TF-IDF + LinearSVC baseline (same folds).

Training embeddings come from the home's cache (``jiesu train`` / ``jiesu evaluate`` fill it;
a subset is cut out of the full data's cache), so CV does not pay the encoder; the latency is
end to end per complaint (encoder included for e5_ngram), one complaint at a time.
Needs the encoder in ``JIESU_HOME`` (``jiesu setup``). Last line: one JSON object.

    .venv/bin/python bench/classifier_bench.py [--limit 1500] [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=1500, help="labelled rows (stratified subset)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--kinds", default="e5_ngram,tfidf_svm")
    ap.add_argument("--latency-n", type=int, default=20, help="complaints timed one at a time")
    args = ap.parse_args()

    from sklearn.metrics import f1_score

    from classifier.data import load_label_terms, load_labelled
    from classifier.evaluate import BASELINE, _make, embeddings_for, oof_scores, stratified_folds
    from classifier.model import MODEL_KINDS, model_text
    from triage.settings import get_settings

    kinds = [k for k in args.kinds.split(",") if k]
    bad = [k for k in kinds if k not in MODEL_KINDS]
    if bad:
        sys.exit(f"未知模型类型 / unknown kind(s): {bad}")
    if BASELINE not in kinds:
        kinds.append(BASELINE)
    t_all = time.time()
    s = get_settings()
    rows = load_labelled(s.data_dir, limit=args.limit)
    texts = [model_text(r.title, r.text) for r in rows]
    labels = sorted({r.label for r in rows})
    y = np.array([labels.index(r.label) for r in rows])
    raw = np.array([r.form == "raw" for r in rows])
    folds = stratified_folds(y, labels, args.folds)
    enc = s.load_encoder() if "e5_ngram" in kinds else None
    t0 = time.time()
    emb = embeddings_for(rows, enc, s.home / "cache", s.data_dir) if enc is not None else None
    emb_s = time.time() - t0
    # latency on complaints as they arrive: raw rows first (punctuated text), title + text
    probe = [texts[i] for i in np.argsort(~raw, kind="stable")[: args.latency_n]]

    res: dict[str, dict] = {}
    for kind in kinds:
        e = emb if kind == "e5_ngram" else None
        terms = load_label_terms(s.data_dir)
        r = oof_scores(kind, texts, y, labels, folds, e, enc, terms)
        pred = r.scores.argmax(axis=1)
        t0 = time.time()
        m = _make(kind, enc, terms)
        if e is not None:
            m.fit(texts, [labels[i] for i in y], emb=e)  # type: ignore[call-arg]
        else:
            m.fit(texts, [labels[i] for i in y])
        train_s = time.time() - t0
        m.predict_proba(probe[:1])  # warm-up (first call builds caches, loads kernels)
        lat = []
        for t in probe:
            t1 = time.perf_counter()
            m.predict_proba([t])
            lat.append(1000 * (time.perf_counter() - t1))
        res[kind] = {"rows": len(rows), "train_s": round(train_s, 2),
                     "fit_per_fold_s": round(float(np.mean(r.fit_seconds)), 2),
                     "latency_ms_p50": round(float(np.median(lat)), 1),
                     "latency_ms_p95": round(float(np.percentile(lat, 95)), 1),
                     "accuracy": round(float(np.mean(pred == y)), 4),
                     "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
                     "accuracy_raw_rows": round(float(np.mean(pred[raw] == y[raw])), 4) if raw.any() else None}

    base = res[BASELINE]["macro_f1"]
    head = f"{'kind':<10} {'train s':>8} {'fit/fold s':>10} {'ms p50':>8} {'ms p95':>8} " \
           f"{'acc':>7} {'macro-F1':>9} {'raw acc':>8} {'ΔF1 vs base':>12}"
    print(f"\n{args.folds}-fold CV, {len(rows)} rows; training embeddings {emb_s:.1f}s "
          f"({'cached' if emb_s < 30 else 'computed'}); latency = one complaint, end to end")
    print(head)
    print("-" * len(head))
    for kind, v in res.items():
        print(f"{kind:<10} {v['train_s']:>8.2f} {v['fit_per_fold_s']:>10.2f} {v['latency_ms_p50']:>8.1f} "
              f"{v['latency_ms_p95']:>8.1f} {v['accuracy']:>7.4f} {v['macro_f1']:>9.4f} "
              f"{v['accuracy_raw_rows'] or 0:>8.4f} {v['macro_f1'] - base:>+12.4f}")
    print(json.dumps({"bench": "classifier", "folds": args.folds, "rows": len(rows),
                      "embedding_s": round(emb_s, 1), "seconds": round(time.time() - t_all, 1),
                      "baseline": BASELINE, "models": res}, ensure_ascii=False))


if __name__ == "__main__":
    main()
