"""Department routing quality, leave-one-out over the case index, beside a TF-IDF baseline.

For every indexed case with department codes: search with its own vector, drop itself (and
near-duplicate re-posts, cosine ≥ 0.97), route with the classifier's categories for its text,
and check whether a true department is first / in the top 3. The baseline is the issue's:
TF-IDF char n-grams + LinearSVC on the single-department rows, 5-fold CV.
Needs a built home (``jiesu setup``). Last line: one JSON object.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    from classifier.model import ngram_view
    from triage.pipeline import TriagePipeline
    from triage.settings import get_settings

    t0 = time.time()
    pipe = TriagePipeline(get_settings())
    idx = pipe.cases
    recs = [(i, r) for i, r in idx._records.items() if r.departments]
    vecs = np.vstack([idx._index.reconstruct(int(i)) for i, _ in recs]).astype(np.float32)
    texts = [r.text for _, r in recs]
    proba = pipe.model.predict_proba(texts, emb=vecs) if pipe.model.kind == "e5_ngram" \
        else pipe.model.predict_proba(texts)
    hits = idx.search(vecs, k=pipe.router.k_votes + 20)
    top1 = top3 = 0
    for n, ((_, r), h) in enumerate(zip(recs, hits)):
        h = [x for x in h if x["id"] != r.id and x["score"] < 0.97]
        order = np.argsort(-proba[n])[:3]
        cats = [{"label": pipe.model.labels[j], "confidence": float(proba[n, j])} for j in order]
        ranked = [d["code"] for d in pipe.router.route(cats, h)]
        top1 += ranked[0] in r.departments
        top3 += bool(set(ranked[:3]) & set(r.departments))
    n = len(recs)

    single = [(t, r.departments[0]) for t, (_, r) in zip(texts, recs) if len(r.departments) == 1]
    X_text = [ngram_view(t) for t, _ in single]
    y = np.array([d for _, d in single])
    keep = np.isin(y, [c for c in set(y) if (y == c).sum() >= 5])
    X_text = [t for t, k in zip(X_text, keep) if k]
    y = y[keep]
    b1 = b3 = 0
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(X_text, y):
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
        Xtr = vec.fit_transform([X_text[i] for i in tr])
        svm = LinearSVC(C=0.5).fit(Xtr, y[tr])
        s = svm.decision_function(vec.transform([X_text[i] for i in te]))
        top = np.argsort(-s, axis=1)[:, :3]
        for row, i in zip(top, te):
            b1 += svm.classes_[row[0]] == y[i]
            b3 += y[i] in svm.classes_[row]
    res = {"cases": n, "top1": round(top1 / n, 3), "top3": round(top3 / n, 3),
           "baseline_rows": len(y), "baseline_top1": round(b1 / len(y), 3),
           "baseline_top3": round(b3 / len(y), 3), "seconds": round(time.time() - t0, 1)}
    print(f"routing (LOO over {n} indexed cases with departments): top-1 {res['top1']}, "
          f"top-3 {res['top3']}; TF-IDF+LinearSVC 5-fold on {len(y)} single-department rows: "
          f"top-1 {res['baseline_top1']}, top-3 {res['baseline_top3']}")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
