"""Fine-tuned e5 against the fast models on one fixed split: macro-F1, accuracy, raw rows,
calibration, per-complaint latency and training time, and the ensemble of the fine-tuned
model with the e5 + n-gram model.

The split: 10 % of ``complaints/labelled.jsonl``, stratified, ``random_state=7`` (the held-out
part ``jiesu train`` uses). The fine-tuned model trains on the other 90 % for ``--epochs``
within ``--max-minutes`` (resumable: run the same command again after an interruption; its
checkpoint is in ``--work``). Temperatures and the ensemble weight are fitted by 2-fold
cross-fitting on the held-out part (each half scored with what the other half chose), so the
figures are not fitted on the rows they report. Needs the encoder in ``JIESU_HOME``.
The e5 + n-gram model reads the home's embedding cache (filled by ``jiesu setup`` /
``jiesu evaluate``; computed and cached otherwise, ~10 min on 2 cores).

    .venv/bin/python bench/finetune_eval.py [--max-minutes 60] [--epochs 2] [--max-length 256]

Last line: one JSON object; also written to ``bench/results/finetune_eval.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _fit_t(scores: np.ndarray, y: np.ndarray) -> float:
    from classifier.model import fit_temperature

    return fit_temperature(scores, y)


def cross_fitted(parts: dict[str, np.ndarray], y: np.ndarray, weights: list[float]) -> dict[str, np.ndarray]:
    """Calibrated probabilities of each model and of the ensembles, 2-fold cross-fitted on the
    held-out rows: temperatures (and the ensemble weight) chosen on one half, applied to the other."""
    from sklearn.model_selection import StratifiedKFold

    from classifier.model import _softmax

    out = {k: np.zeros_like(v, dtype=np.float64) for k, v in parts.items()}
    names = list(parts)
    pairs = [(a, b) for a in names for b in names if a < b and "e5_finetune" in (a, b)]
    for a, b in pairs:
        out[f"{a}+{b}"] = np.zeros_like(parts[a], dtype=np.float64)
    skf = StratifiedKFold(n_splits=2, shuffle=True, random_state=0)
    for fit_idx, app_idx in skf.split(np.zeros(len(y)), y):
        temps = {k: _fit_t(v[fit_idx], y[fit_idx]) for k, v in parts.items()}
        logp = {k: np.log(_softmax(v / temps[k]) + 1e-12) for k, v in parts.items()}
        for k in parts:
            out[k][app_idx] = np.exp(logp[k][app_idx])
        for a, b in pairs:
            best_w, best_nll = 0.5, np.inf
            for w in weights:  # log-linear pooling, weight chosen by NLL on the fitting half
                z = w * logp[a][fit_idx] + (1 - w) * logp[b][fit_idx]
                t = _fit_t(z, y[fit_idx])
                p = _softmax(z / t)
                nll = -np.mean(np.log(p[np.arange(len(fit_idx)), y[fit_idx]] + 1e-12))
                if nll < best_nll:
                    best_w, best_nll, best_t = w, nll, t
            z = best_w * logp[a][app_idx] + (1 - best_w) * logp[b][app_idx]
            out[f"{a}+{b}"][app_idx] = _softmax(z / best_t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--max-minutes", type=float, default=60.0)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--latency-n", type=int, default=30)
    ap.add_argument("--no-e5-ngram", action="store_true",
                    help="leave the e5 + n-gram model out (it needs every row's embedding: ~10 min uncached)")
    ap.add_argument("--work", type=Path, default=ROOT / "var" / "bench-finetune")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "finetune_eval.json")
    args = ap.parse_args()

    from sklearn.model_selection import train_test_split

    from classifier.data import load_label_terms, load_labelled
    from classifier.evaluate import calibration_metrics, classification_metrics, embeddings_for
    from classifier.finetune import E5FinetuneModel
    from classifier.model import E5NgramModel, TfidfSvmModel, model_text
    from triage.settings import get_settings

    s = get_settings()
    rows = load_labelled(s.data_dir)
    texts = [model_text(r.title, r.text) for r in rows]
    labels = sorted({r.label for r in rows})
    y = np.array([labels.index(r.label) for r in rows])
    forms = [r.form for r in rows]
    idx = np.arange(len(rows))
    tr, te = train_test_split(idx, test_size=0.1, random_state=7, stratify=y)
    enc = s.load_encoder()
    args.work.mkdir(parents=True, exist_ok=True)
    tag = f"L{args.max_length}-e{args.epochs:g}-m{args.max_minutes:g}-lr{args.lr:g}-b{args.batch_size}"
    scores: dict[str, np.ndarray] = {}
    timing: dict[str, dict[str, float]] = {}
    probe = [texts[i] for i in te if forms[i] == "raw"][: args.latency_n]

    def latency(model, **kw) -> float:
        model.predict_proba(probe[:1], **kw)
        t0 = time.perf_counter()
        for t in probe:
            model.predict_proba([t], **kw)
        return round(1000 * (time.perf_counter() - t0) / len(probe), 1)

    t0 = time.time()
    svm = TfidfSvmModel().fit([texts[i] for i in tr], [labels[y[i]] for i in tr])
    timing["tfidf_svm"] = {"train_s": round(time.time() - t0, 1), "ms_per_complaint": latency(svm)}
    scores["tfidf_svm"] = svm.decision_function([texts[i] for i in te])

    if not args.no_e5_ngram:
        t0 = time.time()
        emb = embeddings_for(rows, enc, s.home / "cache", s.data_dir)
        emb_s = time.time() - t0
        t0 = time.time()
        ng = E5NgramModel(encoder=enc, label_terms=load_label_terms(s.data_dir)).fit([texts[i] for i in tr], [labels[y[i]] for i in tr], emb=emb[tr])
        timing["e5_ngram"] = {"train_s": round(time.time() - t0, 1), "embedding_s": round(emb_s, 1),
                              "ms_per_complaint": latency(ng)}
        scores["e5_ngram"] = ng.decision_function([texts[i] for i in te], emb=emb[te])

    cached = args.work / f"logits-{tag}.npy"
    ft_stats: dict = {}
    if cached.exists():
        scores["e5_finetune"] = np.load(cached)
        ft_stats = json.loads((args.work / f"stats-{tag}.json").read_text())
        print(f"  微调结果取自缓存 / fine-tuned logits from {cached.name}", flush=True)
    else:
        ft = E5FinetuneModel(encoder=enc, epochs=args.epochs, max_minutes=args.max_minutes,
                             max_length=args.max_length, lr=args.lr, batch_size=args.batch_size,
                             checkpoint_dir=args.work / f"ck-{tag}")
        ft.fit([texts[i] for i in tr], [labels[y[i]] for i in tr])
        assert ft.labels == labels
        scores["e5_finetune"] = ft.decision_function([texts[i] for i in te])
        ft_stats = {**ft.stats, "ms_per_complaint": latency(ft)}
        np.save(cached, scores["e5_finetune"])
        (args.work / f"stats-{tag}.json").write_text(json.dumps(ft_stats))
    timing["e5_finetune"] = {"train_s": ft_stats.get("seconds"), "ms_per_complaint": ft_stats.get("ms_per_complaint")}

    yt = y[te]
    ft_forms = [forms[i] for i in te]
    probs = cross_fitted(scores, yt, [i / 10 for i in range(1, 10)])
    results = {}
    for name, p in probs.items():
        cm = classification_metrics(yt, p.argmax(1), labels, ft_forms)
        cal = calibration_metrics(p, yt)
        results[name] = {"accuracy": cm["accuracy"], "macro_f1": cm["macro_f1"],
                         "accuracy_raw_rows": cm["accuracy_raw_rows"],
                         "accuracy_segmented_rows": cm["accuracy_segmented_rows"],
                         "ece": cal["ece"], "precision_at_80_coverage": cal["precision_at_80_coverage"],
                         "per_class_f1": {k: v["f1"] for k, v in cm["per_class"].items()}}
    print(f"\n{'model':32s} {'macro-F1':>8s} {'acc':>6s} {'raw':>6s} {'ECE':>6s} {'P@80%':>6s} "
          f"{'train s':>8s} {'ms/text':>8s}")
    for name, r in results.items():
        tm = timing.get(name, {})
        print(f"{name:32s} {r['macro_f1']:8.4f} {r['accuracy']:6.4f} {r['accuracy_raw_rows']:6.4f} "
              f"{r['ece']:6.4f} {r['precision_at_80_coverage']:6.4f} {str(tm.get('train_s', '')):>8s} "
              f"{str(tm.get('ms_per_complaint', '')):>8s}")
    out = {"split": {"held_out": int(len(te)), "train": int(len(tr)), "random_state": 7},
           "finetune": {"config": vars(args) | {"work": str(args.work), "out": str(args.out)}, "stats": ft_stats},
           "timing": timing, "results": results, "encoder": enc.name,
           "calibration_note": "temperatures and ensemble weights 2-fold cross-fitted on the held-out rows"}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: {"macro_f1": v["macro_f1"], "ece": v["ece"], "p80": v["precision_at_80_coverage"]}
                      for k, v in results.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
