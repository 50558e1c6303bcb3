"""How many tokens does the encoder really need? Speed and category quality per token budget.

    python bench/encoder_tokens.py [--rows 2000] [--folds 5] [--tokens 48,64,96,128]

For each budget N the e5 embedding sees only a complaint's first N tokens (``Encoder.encode(…,
max_tokens=N)``, one window), against the full text (windows of 256 tokens, the default):
- speed: the int8 encoder's time for one 300-character complaint (p50 over 60 texts);
- quality: 5-fold CV of the default category model (e5 embedding + char n-grams; the n-grams
  always see the whole text) on a stratified subset of ``labelled.jsonl``, macro-F1 and accuracy,
  (a) trained and tested with N-token embeddings, (b) trained on full-text embeddings and tested
  with N-token ones (what a server truncating only its queries would get).
Embeddings are cached under ``JIESU_HOME/cache`` (key: encoder name + budget + texts).
Last line: one JSON object. Results in ``bench/results/encoder_tokens.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import REPO, complaints, percentile


class FirstTokens:
    """The real encoder, embedding only each text's first ``n`` tokens (a distinct cache name)."""

    def __init__(self, enc, n: int) -> None:
        self.enc, self.n = enc, n
        self.name = f"{enc.name}+first{n}"
        self.dim = enc.dim

    def encode(self, texts, *, prefix: str = "query: ", batch_size: int = 32):
        return self.enc.encode(texts, prefix=prefix, batch_size=batch_size, max_tokens=self.n)


def subset(rows, n: int, seed: int = 0):
    """Stratified subset: the same share of every label, chosen by a seeded permutation."""
    rng = np.random.default_rng(seed)
    by: dict[str, list] = {}
    for r in rows:
        by.setdefault(r.label, []).append(r)
    out = []
    for lab, rs in sorted(by.items()):
        k = max(5, round(n * len(rs) / len(rows)))
        out += [rs[i] for i in rng.permutation(len(rs))[:k]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--tokens", default="48,64,96,128")
    ap.add_argument("--output", type=Path, default=REPO / "bench" / "results" / "encoder_tokens.json")
    ap.add_argument("--speed-only", action="store_true",
                    help="re-time the encoder per budget (quiet machine) into the existing results file")
    args = ap.parse_args()

    from classifier.data import load_labelled
    from classifier.evaluate import (
        classification_metrics,
        embeddings_for,
        oof_scores,
        stratified_folds,
    )
    from classifier.model import model_text
    from triage.settings import get_settings

    s = get_settings()
    enc = s.load_encoder()
    budgets = [int(x) for x in args.tokens.split(",") if x.strip()]
    texts300 = [r["text"] for r in complaints(70, 300)]
    rows = subset(load_labelled(s.data_dir), args.rows)
    texts = [model_text(r.title, r.text) for r in rows]
    labels = sorted({r.label for r in rows})
    y = np.array([labels.index(r.label) for r in rows])
    forms = [r.form for r in rows]
    folds = stratified_folds(y, labels, args.folds, 0)
    cache = s.home / "cache"

    def speed(e) -> float:
        for t in texts300[:10]:
            e.encode([t])
        ms = []
        for t in texts300[10:]:
            t0 = time.perf_counter()
            e.encode([t])
            ms.append((time.perf_counter() - t0) * 1000)
        return round(percentile(ms, 50), 1)

    def cv(emb_train: np.ndarray, emb_test: np.ndarray) -> dict:
        from classifier.model import E5NgramModel

        pred = np.zeros(len(rows), dtype=int)
        for tr, te in folds:
            m = E5NgramModel(encoder=enc)
            m.fit([texts[i] for i in tr], [labels[y[i]] for i in tr], emb=emb_train[tr])
            sc = m.decision_function([texts[i] for i in te], emb=emb_test[te])
            pred[te] = [labels.index(m.labels[j]) for j in np.asarray(sc).argmax(1)]
        met = classification_metrics(y, pred, labels, forms)
        return {"accuracy": met["accuracy"], "macro_f1": met["macro_f1"]}

    if args.speed_only:
        res = json.loads(args.output.read_text(encoding="utf-8")) if args.output.exists() else {"budgets": {}}
        res.setdefault("full", {})["encoder_p50_ms_300_chars"] = speed(enc)
        for n in budgets:
            res["budgets"].setdefault(str(n), {})["encoder_p50_ms_300_chars"] = speed(FirstTokens(enc, n))
        res["speed_measured_quiet"] = True
        args.output.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(res, ensure_ascii=False))
        return
    full = embeddings_for(rows, enc, cache, s.data_dir)
    tok = enc.tokenizer
    lengths = [len(tok("query: " + t, add_special_tokens=True)["input_ids"]) for t in texts]
    results = {"rows": len(rows), "folds": args.folds, "encoder": enc.name,
               "tokens_per_text": {"median": int(np.median(lengths)), "p90": int(np.percentile(lengths, 90))},
               "full": {"encoder_p50_ms_300_chars": speed(enc), **cv(full, full)}, "budgets": {}}
    # the n-gram half alone: how much the embedding adds at all
    base = oof_scores("tfidf_svm", texts, y, labels, folds)
    bm = classification_metrics(y, base.scores.argmax(1), labels, forms)
    results["ngrams_only"] = {"accuracy": bm["accuracy"], "macro_f1": bm["macro_f1"]}
    print(f"full text: {results['full']}; n-grams only: {results['ngrams_only']}", flush=True)
    for n in budgets:
        e = FirstTokens(enc, n)
        emb = embeddings_for(rows, e, cache, None)
        r = {"encoder_p50_ms_300_chars": speed(e), "same": cv(emb, emb), "queries_only": cv(full, emb)}
        results["budgets"][str(n)] = r
        print(f"first {n:4d} tokens: {r}", flush=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
