"""Department routing quality by 5-fold cross-validation over the replied messages, beside the
issue's baseline, in one run.

For each fold the department model is trained on the other folds (plus the mayor's-mailbox
letters answered by a department and the replied messages whose departments were read from
the reply's text, ``reply_text``: both never test rows); the similar-case votes come from
those training rows only (near-duplicate re-posts, cosine ≥ 0.97, are dropped); the category
prior uses the active category model; the regulation evidence uses the built regulation index; duty matching uses the duty list's words.
Each evidence kind alone and the router's blend (``Router.DEFAULT_WEIGHTS``, or a small grid
with ``--grid``) are scored: top-1 = the first code is one of the case's departments, top-3 =
one of the first three is. The baseline is the issue's: TF-IDF char n-grams + LinearSVC on the
single-department replied rows, 5-fold CV.

Needs a built home (``jiesu setup``). Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def baseline(texts: list[str], truth: list[list[str]]) -> tuple[float, float, int]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    from classifier.model import ngram_view

    single = [(ngram_view(t), d[0]) for t, d in zip(texts, truth) if len(d) == 1]
    y = np.array([d for _, d in single])
    keep = np.isin(y, [c for c in set(y) if (y == c).sum() >= 5])
    X_text = [t for (t, _), k in zip(single, keep) if k]
    y = y[keep]
    b1 = b3 = 0
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(X_text, y):
        vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
        svm = LinearSVC(C=0.5).fit(vec.fit_transform([X_text[i] for i in tr]), y[tr])
        s = svm.decision_function(vec.transform([X_text[i] for i in te]))
        for row, i in zip(np.argsort(-s, axis=1)[:, :3], te):
            b1 += svm.classes_[row[0]] == y[i]
            b3 += y[i] in svm.classes_[row]
    return b1 / len(y), b3 / len(y), len(y)


def _ece(conf: np.ndarray, correct: np.ndarray, bins: int = 15) -> float:
    e = 0.0
    for b in range(bins):
        m = (conf > b / bins) & (conf <= (b + 1) / bins)
        if m.any():
            e += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(e)


def calibration(route_all, router, truth: list[set[str]]) -> dict:
    """Top-1 calibration of the routing confidence: the plain mix (power 1), the power fitted by
    NLL of the true departments on one half and scored on the other (2-fold cross-fitted), and the
    router's ``DEFAULT_POWER``."""
    from triage.routing import Router

    plain = route_all(Router(router.departments, law_departments=router.law_departments, power=1.0))
    ids = list(plain)
    codes = sorted({d["code"] for v in plain.values() for d in v})
    S = np.zeros((len(ids), len(codes)))
    for n, i in enumerate(ids):
        for d in plain[i]:
            S[n, codes.index(d["code"])] = d["confidence"]
    T = [truth[n] for n in range(len(ids))]
    hit = np.array([[c in t for c in codes] for t in T], dtype=float)
    correct = hit[np.arange(len(ids)), S.argmax(1)]

    def powered(rows: np.ndarray, a: float) -> np.ndarray:
        z = np.power(S[rows], a)
        return z / np.maximum(z.sum(1, keepdims=True), 1e-12)

    def nll(rows: np.ndarray, a: float) -> float:
        return float(-np.mean(np.log((powered(rows, a) * hit[rows]).sum(1) + 1e-9)))

    grid = np.round(np.arange(0.5, 4.01, 0.1), 2)
    perm = np.random.default_rng(0).permutation(len(ids))
    halves = (perm[: len(ids) // 2], perm[len(ids) // 2:])
    conf = np.zeros(len(ids))
    fitted = []
    for k in (0, 1):
        a = min(grid, key=lambda g: nll(halves[1 - k], g))
        fitted.append(float(a))
        conf[halves[k]] = powered(halves[k], a).max(1)
    every = np.arange(len(ids))
    return {"ece_plain": round(_ece(S.max(1), correct), 4), "power_fitted_per_half": fitted,
            "ece_cross_fitted": round(_ece(conf, correct), 4),
            "default_power": Router.DEFAULT_POWER,
            "ece_default_power": round(_ece(powered(every, Router.DEFAULT_POWER).max(1), correct), 4),
            "mean_top1_confidence_default": round(float(powered(every, Router.DEFAULT_POWER).max(1).mean()), 4),
            "top1_accuracy": round(float(correct.mean()), 4),
            "ece_by_power": {str(a): round(_ece(powered(every, a).max(1), correct), 4)
                             for a in (1.2, 1.4, 1.6, 1.8, 2.0, 2.2, 2.5)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", action="store_true", help="search the blend weights too")
    ap.add_argument("--weights", type=json.loads, default=None,
                    help='blend weights over the defaults, JSON (e.g. \'{"duties": 0.3}\')')
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--csv-laws-only", action="store_true",
                    help="statutes' 主管部门 from law_responsible_phrases.csv only (as before 2026-12-04)")
    ap.add_argument("--query-tokens", type=int, default=0,
                    help="embed the test cases' first N tokens only (the indexed/training side stays full)")
    ap.add_argument("--dump", type=Path, default=None,
                    help="write each case's text, true departments and the blend's first five codes (JSONL)")
    ap.add_argument("--reply-codes", type=int, default=None,
                    help="train on replied messages whose reply's text names 1..N codes (0: none; default: the model's)")
    args = ap.parse_args()

    from sklearn.model_selection import KFold

    from classifier.department import (DepartmentModel, _cached_case_embeddings, fit_dept_temperature,
                                       load_dept_rows)
    from classifier.model import _softmax
    from classifier.registry import load_active
    from kb_index.regulations import RegulationIndex
    from triage.routing import Router, duty_phrases, load_departments, load_law_departments
    from triage.settings import get_settings

    t0 = time.time()
    s = get_settings()
    enc = s.load_encoder()
    rows = load_dept_rows(s.data_dir, reply_codes=args.reply_codes)
    emb = _cached_case_embeddings(rows, enc, s.home / "cache")
    qemb = emb  # what a query sees: the full text, or its first --query-tokens tokens
    if args.query_tokens:
        from encoder_tokens import FirstTokens

        qemb = _cached_case_embeddings(rows, FirstTokens(enc, args.query_tokens), s.home / "cache")
    texts = [r.text for r in rows]
    truth = [r.departments for r in rows]
    replied = np.array([r.source == "replied" for r in rows])
    ev, always = np.flatnonzero(replied), np.flatnonzero(~replied)
    model, _ = load_active(s.models_dir, enc)
    cat_p = model.predict_proba(texts, emb=qemb) if model.kind == "e5_ngram" else model.predict_proba(texts)
    regs_idx = RegulationIndex.load(s.indexes_dir / "regulations")
    router = Router(load_departments(s.data_dir, s.training_data),
                    law_departments=load_law_departments(s.data_dir, s.training_data,
                                                        None if args.csv_laws_only else regs_idx.articles))

    dm = DepartmentModel()
    model_p: dict[int, dict[str, float]] = {}
    similar: dict[int, list[dict]] = {}
    for tr, te in KFold(args.folds, shuffle=True, random_state=0).split(ev):
        tr_ids = np.concatenate([ev[tr], always])
        te_ids = ev[te]
        m = DepartmentModel(C=dm.C, emb_weight=dm.emb_weight, class_weight=dm.class_weight,
                            duty_phrases=duty_phrases(router.departments), encoder=enc)
        m.fit([texts[i] for i in tr_ids], emb[tr_ids], [truth[i] for i in tr_ids])
        # temperature from an inner split would be purer; the fold's training scores overfit,
        # so use the temperature train_departments fits on out-of-fold scores (meta) or 0.3
        sc = m.decision_function([texts[i] for i in te_ids], qemb[te_ids])
        for j, i in enumerate(te_ids):
            model_p[i] = {"scores": sc[j], "codes": m.codes}
        sims = qemb[te_ids] @ emb[tr_ids].T
        for j, i in enumerate(te_ids):
            order = np.argsort(-sims[j])[:60]
            similar[i] = [{"id": rows[tr_ids[b]].id, "score": float(sims[j, b]),
                           "departments": truth[tr_ids[b]]} for b in order if sims[j, b] < 0.97][:40]
    # one temperature over all out-of-fold scores
    codes = sorted({c for d in truth for c in d})
    S = np.full((len(rows), len(codes)), -10.0)
    for i, v in model_p.items():
        for k, c in enumerate(v["codes"]):
            S[i, codes.index(c)] = v["scores"][k]
    temp = fit_dept_temperature(S[ev], codes, [truth[i] for i in ev])
    P = _softmax(S / temp)
    # as the pipeline: five articles in statute order, with the votes of the similar cases (those
    # of the training folds, above) for statutes
    from kb_index.case_statutes import FILE_NAME, CaseStatutes
    from kb_index.cases import CaseIndex

    cases_idx = CaseIndex.load(s.indexes_dir / "cases")
    store = CaseStatutes.load(s.indexes_dir / FILE_NAME)
    regs = {i: regs_idx.cite(texts[i], k=5, query_vec=qemb[i] if regs_idx.dense is not None else None,
                             law_votes=store.votes(regs_idx, cases_idx, similar[i], regs_idx.config.case_k))
            for i in ev}

    def top_cats(i: int) -> list[dict]:
        """The case's three most likely categories, as the pipeline hands them to the router."""
        return [{"label": model.labels[j], "confidence": float(cat_p[i, j])} for j in np.argsort(-cat_p[i])[:3]]

    def score(weights: dict[str, float]) -> tuple[float, float]:
        r = Router(router.departments, law_departments=router.law_departments, weights=weights)
        t1 = t3 = 0
        for i in ev:
            ranked = [d["code"] for d in r.route(top_cats(i), similar[i], model_proba=dict(zip(codes, P[i])),
                                                 regulations=regs[i], text=texts[i])]
            t1 += ranked[0] in truth[i]
            t3 += bool(set(ranked[:3]) & set(truth[i]))
        return t1 / len(ev), t3 / len(ev)

    res: dict = {"cases": int(len(ev)), "letters_train_rows": sum(r.source == "letters" for r in rows),
                 "reply_text_train_rows": sum(r.source == "reply_text" for r in rows), "temperature": round(temp, 3),
                 "query_tokens": args.query_tokens or None}
    for kind in Router.DEFAULT_WEIGHTS:
        w = {k: float(k == kind) for k in Router.DEFAULT_WEIGHTS}
        res[f"{kind}_only"] = [round(x, 3) for x in score(w)]
        print(f"  {kind:>8} only: top-1 {res[f'{kind}_only'][0]}, top-3 {res[f'{kind}_only'][1]}", flush=True)
    weights = {**Router.DEFAULT_WEIGHTS, **(args.weights or {})}
    t1, t3 = score(weights)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for i in ev:
                cats = top_cats(i)
                out = router.route(cats, similar[i], model_proba=dict(zip(codes, P[i])), regulations=regs[i],
                                   text=texts[i])
                parts = {"model": dict(zip(codes, map(float, P[i]))), "votes": router._votes(similar[i])[0],
                         "category": router._category(cats)[0], "law": router._laws(regs[i])[0],
                         "duties": router._duties(texts[i])[0], "named": router._named_unit(texts[i])[0]}
                fh.write(json.dumps({"id": rows[i].id, "text": texts[i][:300], "truth": truth[i],
                                     "ranked": [(d["code"], d["confidence"]) for d in out[:5]],
                                     "laws": list(dict.fromkeys(r["law"] for r in regs[i]))[:3],
                                     "evidence": parts}, ensure_ascii=False) + "\n")
    res.update({"top1": round(t1, 3), "top3": round(t3, 3), "weights": weights})
    res["calibration"] = calibration(lambda r: {
        i: r.route(top_cats(i),
                   similar[i], model_proba=dict(zip(codes, P[i])), regulations=regs[i], text=texts[i])
        for i in ev}, router, [set(truth[i]) for i in ev])
    print(f"  calibration (top-1 ECE, 15 bins): {res['calibration']}", flush=True)
    if args.grid:
        best = (0.0, 0.0, None)
        for wm, wv, wc, wl, wd in itertools.product((0.45, 0.55, 0.65), (0.15, 0.25), (0.05, 0.1),
                                                    (0.05, 0.1, 0.2), (0.05, 0.1, 0.2)):
            w = {"model": wm, "votes": wv, "category": wc, "law": wl, "duties": wd}
            a, b = score(w)
            if a + b > best[0] + best[1]:
                best = (a, b, w)
        res["grid_best"] = {"top1": round(best[0], 3), "top3": round(best[1], 3), "weights": best[2]}
        print(f"  grid best: {res['grid_best']}")
    b1, b3, nb = baseline([texts[i] for i in ev], [truth[i] for i in ev])
    res.update({"baseline_rows": nb, "baseline_top1": round(b1, 3), "baseline_top3": round(b3, 3),
                "seconds": round(time.time() - t0, 1)})
    print(f"routing ({args.folds}-fold CV over {len(ev)} replied cases with departments): top-1 {res['top1']}, "
          f"top-3 {res['top3']}; baseline TF-IDF+LinearSVC on {nb} single-department rows: "
          f"top-1 {res['baseline_top1']}, top-3 {res['baseline_top3']}")
    print(json.dumps(res, ensure_ascii=False))


if __name__ == "__main__":
    main()
