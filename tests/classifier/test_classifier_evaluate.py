"""``jiesu evaluate``: metrics on hand-checkable examples, a small real CV run with its report
files, a registered model on a labelled file, and bad arguments."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from classifier.evaluate import (
    classification_metrics,
    coverage_curve,
    embedding_cache_name,
    embeddings_for,
    expected_calibration_error,
    precision_at_coverage,
    reliability_bins,
)

REPO = Path(__file__).resolve().parents[2]
JIESU = [sys.executable, "-m", "triage.cli", "evaluate"]


def _run(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(JIESU + args, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def _last_json(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


# -- metrics -----------------------------------------------------------------------------------

def test_evaluate_ece_matches_hand_computation():
    # 15 bins of width 1/15: 0.10 → bin 1, 0.15 → bin 2, 0.55 → bin 8, 0.90 → bin 13,
    # 0.95 and 1.00 → bin 14 (mean confidence 0.975, accuracy 1/2).
    conf = [0.10, 0.15, 0.55, 0.90, 0.95, 1.00]
    ok = [False, True, True, True, False, True]
    hand = (abs(0 - 0.10) + abs(1 - 0.15) + abs(1 - 0.55) + abs(1 - 0.90) + 2 * abs(0.5 - 0.975)) / 6
    assert expected_calibration_error(conf, ok) == pytest.approx(hand, abs=1e-12)
    bins = reliability_bins(conf, ok)
    assert [b["n"] for b in bins if b["n"]] == [1, 1, 1, 1, 2]
    assert bins[14]["accuracy"] == 0.5 and bins[14]["confidence"] == pytest.approx(0.975)
    # perfectly calibrated: confidence 0.75 everywhere, 3 of 4 right
    assert expected_calibration_error([0.75] * 8, [True, True, True, False] * 2) == pytest.approx(0.0)


def test_evaluate_precision_at_coverage_on_well_ranked_scores():
    n = 100
    conf = np.linspace(0.99, 0.30, n)               # already sorted, most confident first
    ok = np.zeros(n, bool)
    ok[:70] = True                                  # the 70 most confident are right,
    ok[70::2] = True                                # then every other one
    p = precision_at_coverage(conf, ok, 0.8)
    assert p["answered"] == 80
    assert p["precision"] == pytest.approx((70 + 5) / 80)
    assert p["threshold"] == pytest.approx(conf[79])
    assert p["precision"] >= ok.mean()
    curve = coverage_curve(conf, ok)
    assert curve[-1]["coverage"] == 1.0 and curve[-1]["precision"] == pytest.approx(ok.mean())
    precisions = [c["precision"] for c in curve]
    assert precisions == sorted(precisions, reverse=True)  # well ranked: never rises as coverage grows


def test_evaluate_classification_metrics_are_consistent():
    labels = ["a", "b", "c"]
    y = np.array([0, 0, 1, 1, 2, 2, 2, 0])
    pred = np.array([0, 1, 1, 1, 2, 0, 2, 0])
    forms = ["raw", "raw", "segmented", "segmented", "raw", "segmented", "segmented", "raw"]
    m = classification_metrics(y, pred, labels, forms)
    conf = np.array(m["confusion"])
    assert conf.sum() == len(y) and np.trace(conf) == (y == pred).sum()
    assert m["accuracy"] == pytest.approx(6 / 8)
    assert m["accuracy_raw_rows"] == pytest.approx(3 / 4) and m["accuracy_segmented_rows"] == pytest.approx(3 / 4)
    assert m["per_class"]["a"] == {"precision": pytest.approx(2 / 3, abs=1e-4),
                                   "recall": pytest.approx(2 / 3, abs=1e-4),
                                   "f1": pytest.approx(2 / 3, abs=1e-4), "support": 3}
    assert m["macro_f1"] == pytest.approx(np.mean([m["per_class"][k]["f1"] for k in labels]), abs=1e-4)


def test_evaluate_macro_f1_leaves_out_labels_a_file_never_has():
    """Two labels of seven in the file, all right: macro-F1 1, not 2/7; a label predicted but never
    true still counts (its F1 is 0)."""
    labels = list("abcdefg")
    y = np.array([0, 0, 1, 1])
    assert classification_metrics(y, y.copy(), labels, ["raw"] * 4)["macro_f1"] == 1.0
    wrong = classification_metrics(y, np.array([0, 0, 1, 2]), labels, ["raw"] * 4)
    assert wrong["macro_f1"] == pytest.approx((1.0 + 2 / 3 + 0.0) / 3, abs=1e-4)


def test_evaluate_embedding_cache_shared_with_training(tmp_path, encoder, data_dir):
    from classifier.data import load_labelled
    from classifier.model import model_text
    from classifier.train import _cached_embeddings

    texts = ["小区门口道路积水。", "公交车晚点严重"]
    _cached_embeddings(texts, encoder, tmp_path)
    assert [p.name for p in tmp_path.glob("emb-*.npy")] == [embedding_cache_name(texts, encoder)]

    # a subset is cut out of the full data's cache by row, without calling the encoder
    rows = load_labelled(data_dir)
    full = np.arange(len(rows) * 2, dtype=np.float32).reshape(len(rows), 2)
    np.save(tmp_path / embedding_cache_name([model_text(r.title, r.text) for r in rows], encoder), full)
    subset = load_labelled(data_dir, limit=300)
    pos = {r.id: i for i, r in enumerate(rows)}
    got = embeddings_for(subset, encoder, tmp_path, data_dir)
    assert got.shape == (len(subset), 2)
    assert np.array_equal(got, full[[pos[r.id] for r in subset]])


# -- the command -------------------------------------------------------------------------------

def test_evaluate_cv_writes_report(tmp_path, test_env):
    out = tmp_path / "rep"
    p = _run(["--kind", "tfidf_svm", "--limit", "600", "--folds", "3", "--out", str(out), "--json"], test_env)
    assert p.returncode == 0, p.stderr[-2000:]
    summ = _last_json(p.stdout)
    assert summ["method"] == "cv" and summ["kind"] == "tfidf_svm" and summ["folds"] == 3
    assert "准确率 / accuracy" in p.stdout  # the table before the JSON line

    for name in ("report.md", "evaluation.json", "confusion_matrix.png", "reliability.png",
                 "coverage_precision.png"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    from PIL import Image

    for png in ("confusion_matrix.png", "reliability.png", "coverage_precision.png"):
        with Image.open(out / png) as im:
            assert im.format == "PNG" and im.width > 200 and im.height > 200
            im.verify()

    ev = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    n = ev["data"]["rows"]
    assert 590 <= n <= 610 and summ["n"] == n
    m = ev["models"]["tfidf_svm"]
    conf = np.array(m["confusion"])
    assert conf.shape == (len(ev["labels"]),) * 2 and conf.sum() == n
    assert m["accuracy"] == pytest.approx(np.trace(conf) / n, abs=1e-4)
    assert sum(c["support"] for c in m["per_class"].values()) == n
    assert m["n_raw_rows"] + m["n_segmented_rows"] == n
    weighted = (m["accuracy_raw_rows"] * m["n_raw_rows"] + m["accuracy_segmented_rows"] * m["n_segmented_rows"]) / n
    assert weighted == pytest.approx(m["accuracy"], abs=1e-3)
    for stage in ("before", "after"):
        c = m["calibration"][stage]
        for key in ("ece", "precision_at_80_coverage", "ask_threshold", "mean_confidence"):
            assert 0.0 <= c[key] <= 1.0, (stage, key)
        assert sum(b["n"] for b in c["reliability"]) == n and len(c["reliability"]) == 15
        assert c["precision_at_80_coverage"] >= m["accuracy"] - 0.02
    # temperature scaling, fitted out of fold, must fix the plain softmax's gross under-confidence
    assert m["calibration"]["after"]["ece"] < m["calibration"]["before"]["ece"]
    assert summ["ece_after"] == m["calibration"]["after"]["ece"]
    # the margin calibration deployed models get, fitted on all out-of-fold scores: increasing
    assert m["margin_cal"] is not None and m["margin_cal"][0] > 0

    md = (out / "report.md").read_text(encoding="utf-8")
    for heading in ("## 总体指标", "## 混淆矩阵", "## 校准", "## 覆盖率与精度", "## 询问阈值"):
        assert heading in md
    assert f"{m['macro_f1']:.4f}" in md and "](reliability.png)" in md
    assert "分差校准" in md


def _held_out_rows(data_dir: Path, limit: int, k: int) -> list:
    from classifier.data import load_labelled, stratified_subset

    rows = load_labelled(data_dir)
    used = {r.id for r in stratified_subset(rows, limit)}
    held = [r for r in rows if r.id not in used]
    step = max(1, len(held) // k)
    return held[::step][:k]


def test_evaluate_input_file_on_active_model(tmp_path, built_home, scratch_home, test_env, subset_limits):
    """A labelled file evaluates the active version beside the baseline; the result goes to
    --out and onto the model's ``file_evaluations``, never over its ``evaluation`` (the
    retraining's fixed-split record the supervisor page shows: a tester's 12-row file replaced
    it, the page then showed "—" and a 12-row matrix captioned 交叉验证); few rows are warned of."""
    import shutil

    from classifier.registry import get_active_id, read_meta, set_active, write_json_atomic

    s = scratch_home(tmp_path)
    active = get_active_id(built_home.models_dir)
    shutil.copytree(built_home.models_dir / active, s.models_dir / active)
    set_active(s.models_dir, active)
    meta = read_meta(s.models_dir / active)
    labels = meta["labels"]
    # the record a retraining leaves: candidate vs reference on the fixed split
    record = {"candidate_id": active, "promoted": True, "reason_zh": "已启用", "at": "2025-01-01T00:00:00",
              "candidate": {"id": active, "n": 869, "macro_f1": 0.8123, "accuracy": 0.85, "labels": labels,
                            "confusion": [[1 if i == j else 0 for j in labels] for i in labels]},
              "baseline": {"source": "active", "macro_f1": 0.8}}
    write_json_atomic(s.models_dir / active / "meta.json", {**meta, "evaluation": record})
    before = sorted(p.name for p in (s.models_dir / active).iterdir())

    rows = _held_out_rows(built_home.data_dir, subset_limits["train"], 30)
    f = tmp_path / "labelled.jsonl"
    f.write_text("".join(json.dumps({"id": r.id, "title": r.title, "text": r.text, "label": r.label,
                                     "form": r.form}, ensure_ascii=False) + "\n" for r in rows),
                 encoding="utf-8")
    out = tmp_path / "rep"
    env = {**test_env, "JIESU_HOME": str(s.home), "JIESU_ENCODER": s.encoder}
    p = _run(["--input", str(f), "--out", str(out), "--json"], env)
    assert p.returncode == 0, p.stderr[-2000:]
    summ = _last_json(p.stdout)
    assert summ["method"] == "file" and summ["model_id"] == active and summ["n"] == len(rows)
    assert 0.0 <= summ["accuracy"] <= 1.0 and 0.0 <= summ["baseline"]["accuracy"] <= 1.0
    assert summ["accuracy"] >= 0.5  # held-out complaints; 7 classes, chance ≈ 0.22
    # 30 rows: the calibration figures are said to be unreliable, in Chinese and English
    assert "不可靠" in p.stderr and "unreliable" in p.stderr and "ECE" in p.stderr
    ev = json.loads((out / "evaluation.json").read_text(encoding="utf-8"))
    assert ev["data"]["overlap_with_training"] == 0
    assert set(ev["models"]) == {summ["kind"], "tfidf_svm"}
    assert np.array(ev["models"][summ["kind"]]["confusion"]).sum() == len(rows)
    assert "不可靠" in (out / "report.md").read_text(encoding="utf-8")

    after = read_meta(s.models_dir / active)
    assert after["evaluation"] == record and after["complete"] is True  # the fixed-split record stays
    assert sorted(p.name for p in (s.models_dir / active).iterdir()) == before  # no report in it
    [entry] = after["file_evaluations"]
    assert entry["method"] == "file" and entry["n"] == len(rows) and entry["file"] == "labelled.jsonl"
    assert entry["data_fingerprint"] == summ["data_fingerprint"] and entry["accuracy"] == summ["accuracy"]
    assert entry["report"] == str(out / "report.md") and "confusion" not in entry

    # the same file again replaces its entry; another file (12 rows, no --out) is added beside
    # it, its report in a report directory of its own
    assert _run(["--input", str(f), "--out", str(tmp_path / "rep2")], env).returncode == 0
    small = tmp_path / "small.jsonl"
    small.write_text("".join(f.read_text(encoding="utf-8").splitlines(keepends=True)[:12]), encoding="utf-8")
    p = _run(["--input", str(small)], env)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "报告" in p.stdout and "{" not in p.stdout   # without --json: where the report is, no JSON line
    after = read_meta(s.models_dir / active)
    assert after["evaluation"] == record
    assert [(e["file"], e["n"]) for e in after["file_evaluations"]] == [("labelled.jsonl", 30), ("small.jsonl", 12)]
    assert after["file_evaluations"][0]["report"] == str(tmp_path / "rep2" / "report.md")
    rep = Path(after["file_evaluations"][1]["report"])
    assert rep.is_file() and rep.parent.parent == s.home / "reports" and rep.parent.name.endswith("-file")
    assert sorted(p.name for p in (s.models_dir / active).iterdir()) == before


@pytest.mark.parametrize("args, fragment", [
    (["--input", "/nonexistent/labelled.jsonl"], "input file not found"),
    (["--kind", "bert_xl"], "unknown model kind"),
    (["--kind", "tfidf_svm", "--folds", "1"], "--folds must be at least 2"),
])
def test_evaluate_bad_arguments_exit_2(args, fragment, tmp_path, built_home, test_env):
    p = _run(args + ["--out", str(tmp_path / "rep")], test_env, timeout=300)
    assert p.returncode == 2, (p.stdout[-1000:], p.stderr[-1000:])
    assert "错误 / error" in p.stderr and fragment in p.stderr
    assert "Traceback" not in p.stderr
    assert not (tmp_path / "rep").exists()


@pytest.mark.parametrize("kwargs, lines, fragment", [
    ({"limit": 0, "kind": "tfidf_svm"}, None, "--limit must be positive"),
    ({"model_id": "no-such-model"}, None, "no such model"),
    ({"kind": "tfidf_svm", "limit": 40, "folds": 10}, None, "fewer rows than folds"),
    ({}, ['{"text": "路灯不亮", "label": "城乡建设"}', "{not json"], "line 2 is not JSON"),
    ({}, ['{"text": "路灯不亮"}'], "line 1 needs text and label"),
    ({}, ['{"text": "路灯不亮", "label": "天气预报"}'], "labels unknown to model"),
    ({}, [""], "no rows"),
])
def test_evaluate_bad_input_raises_clear_error(kwargs, lines, fragment, tmp_path, built_home):
    from classifier.evaluate import EvaluationError, run_evaluation

    if lines is not None:
        f = tmp_path / "in.jsonl"
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        kwargs = {**kwargs, "input_path": f}
    with pytest.raises(EvaluationError, match=re.escape(fragment)):
        run_evaluation(data_dir=built_home.data_dir, home=built_home.home,
                       load_encoder=built_home.load_encoder, out=tmp_path / "rep", **kwargs)
    assert not (tmp_path / "rep").exists()


def test_a_trained_versions_own_holdout_metrics_carry_its_confusion_matrix():
    """tester54 V15: the supervisor page showed 该版本尚无评估 for the version ``jiesu setup`` trained:
    its own held-out metrics now carry the confusion matrix (rows true, columns predicted) and per
    label F1, the page's fallback."""
    import numpy as np

    from classifier.train import _metrics

    labels = ["交通运输", "城乡建设", "环境保护"]
    y = np.array([0, 0, 1, 1, 2, 2])
    proba = np.eye(3)[[0, 1, 1, 1, 2, 0]]
    m = _metrics(y, proba, labels, ["raw"] * 6)
    assert m["labels"] == labels
    assert m["confusion"] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    assert m["per_label_f1"]["城乡建设"] == pytest.approx(0.8) and m["accuracy"] == pytest.approx(4 / 6, abs=1e-4)


def test_a_file_evaluation_compares_the_baseline_on_the_labels_it_knows():
    """tester55 S18: a label supervisors added scored 0 for the baseline (it never saw it), and the overall
    comparison leaned to the model with nothing said. Both are scored again on the labels both know."""
    from classifier.evaluate import _on_labels
    from classifier.report import baseline_unknown_line

    labels = ["城乡建设", "交通运输", "养犬管理"]
    y = np.array([0, 0, 1, 1, 2, 2])
    model = np.array([[3, 1, 0], [3, 1, 0], [1, 3, 0], [0, 1, 3], [0, 0, 3], [0, 0, 3]], dtype=float)
    shared = _on_labels(model, y, labels, ["城乡建设", "交通运输"])
    # the last 交通运输 row: 养犬管理 first, 交通运输 among the shared labels
    assert shared == {"rows": 4, "labels": ["城乡建设", "交通运输"], "accuracy": 1.0, "macro_f1": 1.0}
    base = np.array([[1, 3, 0], [3, 1, 0], [1, 3, 0], [1, 3, 0], [3, 1, 0], [1, 3, 0]], dtype=float)
    theirs = _on_labels(base, y, labels, ["城乡建设", "交通运输"])
    assert theirs["rows"] == 4 and theirs["accuracy"] == 0.75

    result = {"kind": "e5_ngram", "baseline": "tfidf_svm",
              "models": {"e5_ngram": {"shared_labels": shared},
                         "tfidf_svm": {"shared_labels": theirs, "unknown_labels": ["养犬管理"]}}}
    text = baseline_unknown_line(result)
    assert "基线没见过类别 养犬管理" in text and "模型准确率 1.0" in text and "基线 0.75" in text, text
    assert baseline_unknown_line({**result, "models": {"e5_ngram": {}, "tfidf_svm": {}}}) is None
