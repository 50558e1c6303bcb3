"""The retraining loop: the fixed evaluation split, rows from the case database, the promotion
rule, rows supervisors add (a new label), and the CLI around them. Every home here is a scratch
copy: the shared test home's active model never changes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

JIESU = [sys.executable, "-m", "triage.cli"]
REPO = Path(__file__).resolve().parents[2]
NEW_LABEL = "农村农业"
FARM = re.compile(r"养殖|种植|农业|农民|果园|蔬菜|大棚|农机|化肥")


def _farm_rows(data_dir: Path, n: int) -> list[dict]:
    """Letters of the Shangluo mailbox about farming: examples of a label the data set lacks."""
    out = []
    with (data_dir / "letters" / "shangluo_mailbox.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            text = (r.get("query") or "").strip()
            if text and FARM.search((r.get("title") or "") + text):
                out.append({"title": r.get("title") or "", "text": text[:2000], "label": NEW_LABEL})
            if len(out) == n:
                break
    assert len(out) == n, "not enough farming letters in the data"
    return out


def _write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in rows), encoding="utf-8")
    return path


def _jiesu(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(JIESU + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


def _cli_env(test_env: dict, s) -> dict:
    return {**test_env, "JIESU_HOME": str(s.home), "JIESU_ENCODER": s.encoder, "JIESU_DATABASE_URL": s.db_url}


# -- the split -----------------------------------------------------------------------------------

def test_retrain_eval_split_is_fixed_stratified_and_never_trained_on(data_dir, tmp_path):
    from collections import Counter

    from classifier.data import load_labelled
    from classifier.registry import read_meta
    from classifier.retrain import EVAL_SPLIT_FILE, fixed_eval_split
    from classifier.train import ids_digest, train

    a = fixed_eval_split(data_dir, tmp_path / "a")
    b = fixed_eval_split(data_dir, tmp_path / "b")  # computed again from scratch: the same rows
    assert a.ids == b.ids and a.digest == b.digest
    assert (tmp_path / "a" / EVAL_SPLIT_FILE).exists()
    # stored ids win over a recomputation (the split stays put even if the data file changes)
    stored = json.loads((tmp_path / "a" / EVAL_SPLIT_FILE).read_text(encoding="utf-8"))
    stored["ids"] = stored["ids"][:-5]
    (tmp_path / "a" / EVAL_SPLIT_FILE).write_text(json.dumps(stored), encoding="utf-8")
    assert len(fixed_eval_split(data_dir, tmp_path / "a").ids) == len(a.ids) - 5

    rows = load_labelled(data_dir)
    per_label = Counter(r.label for r in rows)
    in_split = Counter(r.label for r in rows if r.id in a.ids)
    assert set(in_split) == set(per_label)
    for label, n in per_label.items():
        assert abs(in_split[label] - round(0.1 * n)) <= 1, label

    r = train(data_dir, tmp_path / "m" / "models", None, kind="tfidf_svm", limit=400, activate=False,
              exclude_ids=a.ids)
    meta = read_meta(tmp_path / "m" / "models" / r.model_id)
    subset = load_labelled(data_dir, limit=400)
    overlap = sum(1 for x in subset if x.id in a.ids)
    assert overlap > 0  # the subset did hold split rows, and they were left out
    assert meta["data"]["excluded"] == overlap
    assert meta["data"]["rows"] == len(subset) - overlap
    assert meta["config"]["excluded_digest"] == ids_digest(a.ids)


# -- rows from the case database -------------------------------------------------------------------

def test_retrain_collect_db_rows_takes_decided_cases_masked(pipeline, tmp_path):
    from classifier.retrain import collect_db_rows, db_row_counts
    from nlu import Complaint
    from triage.auth import add_user, authenticate
    from triage.cases import service
    from triage.cases.models import CaseCreate, DecisionCreate
    from triage.db import init_db, session_scope

    s = pipeline.settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'cases.db'}"})
    init_db(s)
    texts = ["小区门口的垃圾站一周没人清运，臭气熏天，电话13912345678",
             "公司拖欠三个月工资不发，老板电话打不通",
             "学校门口早晚高峰乱停车，孩子过马路很危险"]
    with session_scope(s) as db:
        user = authenticate(add_user("retrain-op", "operator", db_session=db), db_session=db)
    with session_scope(s) as db:
        cases = [service.create_case(CaseCreate(text=t, channel="web"), pipeline.triage(Complaint(text=t)),
                                     user=user, db_session=db) for t in texts]
        labels = pipeline.model.labels
        service.decide(cases[0].id, DecisionCreate(accept=True, version=cases[0].version),
                                     user=user, db_session=db)
        other = next(lab for lab in labels if lab != cases[1].suggested_category)
        service.decide(cases[1].id, DecisionCreate(accept=False, category=other, version=cases[1].version),
                       user=user, db_session=db)
        # cases[2] stays undecided: no training signal
    rows = collect_db_rows(s.db_url)
    by_id = {r.id: r for r in rows}
    assert set(by_id) == {f"case:{cases[0].id}", f"case:{cases[1].id}"}
    assert by_id[f"case:{cases[0].id}"].label == cases[0].suggested_category
    assert by_id[f"case:{cases[1].id}"].label == other != cases[1].suggested_category
    assert "13912345678" not in by_id[f"case:{cases[0].id}"].text
    assert "<手机号>" in by_id[f"case:{cases[0].id}"].text
    assert db_row_counts(s.db_url) == {"accepted": 1, "corrected": 1, "added": 0}
    assert collect_db_rows(f"sqlite:///{tmp_path / 'absent.db'}") == []
    assert not (tmp_path / "absent.db").exists()


# -- the promotion rule ----------------------------------------------------------------------------

def test_retrain_refuses_a_worse_candidate_unless_forced(scratch_home, tmp_path):
    from classifier.registry import get_active_id, list_models
    from classifier.retrain import retrain

    s = scratch_home(tmp_path)
    stages: list[tuple[str, float]] = []
    first = retrain(s, kind="tfidf_svm", limit=1000, from_db=False, progress=lambda st, p: stages.append((st, p)))
    assert first.promoted and first.active_before is None and get_active_id(s.models_dir) == first.candidate_id
    assert {"data", "fit", "refit", "evaluate", "promote"} <= {st for st, _ in stages}
    assert [p for _, p in stages] == sorted(p for _, p in stages)  # progress only moves forward

    worse = retrain(s, kind="tfidf_svm", limit=200, from_db=False)
    assert worse.baseline is not None and worse.baseline["source"] == "active"  # trained without the split
    assert worse.active is not None and worse.active["saw_eval_split"] is False
    assert worse.candidate["n"] == worse.baseline["n"] == worse.data["eval_split"]["n"]
    assert worse.candidate["macro_f1"] < worse.baseline["macro_f1"] - worse.tolerance
    assert not worse.promoted and "not promoted" in worse.reason_en and "未启用" in worse.reason_zh
    assert get_active_id(s.models_dir) == first.candidate_id
    listed = {m["id"]: m for m in list_models(s.models_dir)}
    assert listed[worse.candidate_id]["active"] is False
    assert listed[worse.candidate_id]["evaluation"]["promoted"] is False

    # the same candidate again, not promoted: its record of the refusal stays, the run is added
    again_worse = retrain(s, kind="tfidf_svm", limit=200, from_db=False, promote=False)
    assert again_worse.reused and again_worse.candidate_id == worse.candidate_id
    meta = {m["id"]: m for m in list_models(s.models_dir)}[worse.candidate_id]
    assert meta["evaluation"]["reason_zh"] == worse.reason_zh and len(meta["re_evaluations"]) == 1

    forced = retrain(s, force=True, kind="tfidf_svm", limit=200, from_db=False)
    assert forced.promoted and forced.forced and get_active_id(s.models_dir) == forced.candidate_id
    assert {m["id"]: m for m in list_models(s.models_dir)}[forced.candidate_id]["evaluation"]["forced"] is True

    # an active model that saw the split is not the yardstick: its recipe refit without it is
    from classifier.train import train

    old = train(s.data_dir, s.models_dir, None, kind="tfidf_svm", limit=300)  # plain: refit on all rows
    again = retrain(s, kind="tfidf_svm", limit=300, from_db=False)
    assert again.active is not None and again.active["saw_eval_split"] is True and again.active["id"] == old.model_id
    assert again.baseline is not None and again.baseline["source"] == "active_refit"

    # ``jiesu setup`` finding its plain model current does not undo a retrained promotion
    from classifier.registry import set_active

    set_active(s.models_dir, forced.candidate_id)
    assert train(s.data_dir, s.models_dir, None, kind="tfidf_svm", limit=300).skipped
    assert get_active_id(s.models_dir) == forced.candidate_id


def test_retrain_e5_candidate_on_the_servers_encoder(scratch_home, built_home, encoder, tmp_path, subset_limits):
    """The default kind, as the API runs it: the server's encoder used only on the pipeline thread,
    labelled rows' embeddings from the cache, only the new rows (and once, the split) encoded."""
    import shutil
    import threading
    import time

    from classifier.data import LabelledRow
    from classifier.registry import get_active_id, read_meta, set_active
    from classifier.retrain import retrain
    from triage.batcher import PipelineThreadEncoder

    s = scratch_home(tmp_path)
    active = get_active_id(built_home.models_dir)  # the test home's model, copied: it stays as it is
    shutil.copytree(built_home.models_dir / active, s.models_dir / active)
    set_active(s.models_dir, active)
    extra = [LabelledRow(id=f"file:{i}", title="", text=t, label=lab, form="raw") for i, (t, lab) in enumerate([
        ("小区东门的路灯坏了半个月，晚上一片漆黑，老人孩子出行很不安全", "城乡建设"),
        ("公交车司机开车接打电话，急刹车好几次，乘客差点摔倒", "交通运输"),
        # never in the embedding cache, so the encoder is called at least once
        (f"第{time.time_ns()}号楼下的井盖缺失，夜里有人踩空摔伤", "城乡建设")])]
    threads: list[str] = []

    class Recording:  # the real encoder; notes which thread calls it
        name, dim = encoder.name, encoder.dim

        def encode(self, texts, **kw):
            threads.append(threading.current_thread().name)
            return encoder.encode(texts, **kw)

    stages: list[str] = []
    res = retrain(s, kind="e5_ngram", limit=subset_limits["train"], from_db=False, add_rows=extra,
                  encoder=PipelineThreadEncoder(Recording()), progress=lambda st, p: stages.append(st))
    meta = read_meta(s.models_dir / res.candidate_id)
    assert meta["kind"] == "e5_ngram" and meta["encoder"] == encoder.name
    assert meta["data"]["extra_rows"] == 3 and meta["config"]["excluded"] > 0
    assert "embed" in stages and "reference" in stages  # the copied model was refit on all its rows
    # tester46 Q7: a file of rows the case store had added scored 1.0000 with no warning; the model
    # keeps their digests, and an evaluation says which rows it has seen and scores the rest apart
    from classifier.evaluate import evaluate_model_on_rows, overlap_warning
    from classifier.model import model_text
    from classifier.registry import load_model
    from classifier.train import text_digest

    assert meta["data"]["extra_digests"] == sorted({text_digest(model_text(r.title, r.text)) for r in extra})
    model, _ = load_model(s.models_dir / res.candidate_id, encoder)
    fresh = [LabelledRow(id="new", title="", text="朝阳区某小区楼下的垃圾桶满了三天没人清运，臭味很大",
                         label="城乡建设", form="raw")]
    ev = evaluate_model_on_rows(model, meta, extra + fresh, data_dir=s.data_dir, source="f")
    assert ev["data"]["overlap_with_training"] == 3 and ev["data"]["unseen"]["rows"] == 1
    assert "有 3 条（共 4 条）在该模型的训练数据里" in overlap_warning(ev["data"])
    assert res.active is not None and res.active["saw_eval_split"] is True and res.active["id"] == active
    assert res.baseline is not None and res.baseline["source"] == "active_refit"
    assert res.baseline["kind"] == "e5_ngram" and res.baseline["limit"] == subset_limits["train"]
    assert res.candidate["n"] == res.baseline["n"] == res.active["n"]
    assert threads and all(t.startswith("jiesu-pipeline") for t in threads)
    assert get_active_id(s.models_dir) == (res.candidate_id if res.promoted else active)


# -- rows supervisors add --------------------------------------------------------------------------

@pytest.mark.parametrize("lines, needle", [
    ([{"text": "某条诉求", "label": NEW_LABEL}] * 10, "至少需要 20"),
    (["{not json"], "line 1 is not JSON"),
    ([{"text": "文本", "label": "   "}], "label missing"),
    ([{"text": "文本", "label": 123}], "标签须为文字"),
    ([{"text": "", "label": "城乡建设"}], "text missing"),
    ([{"text": "文本", "label": "城乡建设", "extra": 1}], "unknown fields"),
    ([["a", "list"]], "not a JSON object"),
    ([], "no rows"),
])
def test_retrain_read_add_rows_rejects_bad_files(tmp_path, data_dir, lines, needle):
    from classifier.retrain import AddRowsError, base_labels, read_add_rows

    path = _write_jsonl(tmp_path / "add.jsonl", lines)
    with pytest.raises(AddRowsError, match=re.escape(needle)):
        read_add_rows(path, base_labels(data_dir))


def test_retrain_read_add_rows_counts_stored_rows_of_a_new_label(tmp_path, data_dir):
    from classifier.retrain import read_add_rows

    path = _write_jsonl(tmp_path / "add.jsonl", _farm_rows(data_dir, 5) + [{"text": "路灯坏了", "label": "城乡建设"}])
    rows = read_add_rows(path, {"城乡建设"}, {NEW_LABEL: 15})
    assert [r["label"] for r in rows].count(NEW_LABEL) == 5


def test_retrain_cli_adds_a_new_label_and_the_pipeline_routes_it(scratch_home, test_env, tmp_path, data_dir):
    from classifier.registry import get_active_id, read_meta, set_active
    from classifier.retrain import collect_db_rows
    from nlu import Complaint
    from triage.pipeline import TriagePipeline

    s = scratch_home(tmp_path)
    env = _cli_env(test_env, s)
    farm = _farm_rows(data_dir, 26)

    few = _write_jsonl(tmp_path / "few.jsonl", farm[:12])
    r = _jiesu(["train", "--kind", "tfidf_svm", "--limit", "800", "--add-rows", str(few)], env, tmp_path)
    assert r.returncode == 2, r.stderr[-2000:]
    assert "至少需要 20" in r.stderr and "at least 20" in r.stderr
    assert collect_db_rows(s.db_url) == []  # nothing stored from a refused file

    path = _write_jsonl(tmp_path / "farm.jsonl", farm[:25])
    r = _jiesu(["train", "--kind", "tfidf_svm", "--limit", "800", "--add-rows", str(path), "--json"], env, tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["promoted"] is True  # no active model before
    assert NEW_LABEL in out["data"]["labels"] and len(out["data"]["labels"]) == 8
    assert out["candidate"]["model_labels"] == out["data"]["labels"]
    assert out["data"]["new_labels"] == [NEW_LABEL] and out["data"]["extra_rows"] == 25
    stored = collect_db_rows(s.db_url)  # kept for later retrainings
    assert len(stored) == 25 and {x.label for x in stored} == {NEW_LABEL}
    assert get_active_id(s.models_dir) == out["model_id"]
    assert read_meta(s.models_dir / out["model_id"])["labels"].count(NEW_LABEL) == 1

    # a later retraining from the database keeps the label without the file; a worse candidate
    # (fewer rows) is refused, exit code 0, and listed inactive
    r = _jiesu(["train", "--kind", "tfidf_svm", "--limit", "200"], env, tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "未启用" in r.stderr and "not promoted" in r.stderr
    # a readable summary, not a JSON blob: the candidate, its state, the fixed split's figures
    assert "{" not in r.stdout and "候选版本：" in r.stdout and "是否启用：未启用" in r.stdout
    assert "固定评估集" in r.stdout and "Macro-F1" in r.stdout and f"当前启用版本：{out['model_id']}" in r.stdout
    later_id = r.stdout.split("候选版本：", 1)[1].split()[0].split("（")[0]
    later = read_meta(s.models_dir / later_id)["evaluation"]
    assert NEW_LABEL in later["candidate"]["model_labels"] and later["promoted"] is False
    assert later["candidate_id"] == later_id and f"{later['candidate']['macro_f1'] * 100:.1f}%" in r.stdout
    listed = _jiesu(["models", "list", "--json"], env, tmp_path)
    rows = {m["id"]: m for m in map(json.loads, listed.stdout.strip().splitlines())}
    assert rows[later_id]["active"] is False and rows[out["model_id"]]["active"] is True
    table = _jiesu(["models", "list"], env, tmp_path)
    assert table.returncode == 0 and not table.stdout.startswith("{")
    line = {ln.split()[0]: ln for ln in table.stdout.splitlines() if ln.split() and ln.split()[0] in rows}
    assert "启用中" in line[out["model_id"]] and "未启用" in line[later_id]
    assert f"{later['candidate']['macro_f1'] * 100:.1f}%" in line[later_id]  # the fixed split's F1

    # routing has no department prior for the new label: it must still give ≥5 departments
    set_active(s.models_dir, out["model_id"])
    pipe = TriagePipeline(s)
    res = pipe.triage(Complaint(text=farm[25]["text"], title=farm[25]["title"]))
    assert pipe.model.labels.count(NEW_LABEL) == 1
    assert len(res.categories) >= 3 and len(res.departments) >= 5
    new_first = pipe.triage_many([Complaint(text=f["text"], title=f["title"]) for f in farm[:25]])
    assert any(x.categories[0].label == NEW_LABEL for x in new_first)  # it learnt the label
    for x in new_first:
        assert len(x.departments) >= 5 and all(d.confidence >= 0 for d in x.departments)


def test_promote_stores_the_versions_own_id(built_home, tmp_path):
    """`jiesu models promote ID/` (a shell's completion adds the slash) names the same version:
    the pointer keeps its id, so `models list` still shows it active; other paths are refused."""
    import shutil

    from classifier.registry import ModelError, get_active_id, list_models, set_active

    active = get_active_id(built_home.models_dir)
    models = tmp_path / "models"
    shutil.copytree(built_home.models_dir / active, models / active)
    for given in (f"{active}/", f"./{active}", active):
        set_active(models, given)
        assert get_active_id(models) == active
        assert [m["active"] for m in list_models(models)] == [True]
    with pytest.raises(ModelError):
        set_active(models, f"{active}/..")  # the models directory itself


def test_cli_promote_and_rollback_refuse_a_version_that_cannot_load(built_home, tmp_path, test_env):
    """A version whose files are damaged (a head deleted) is refused by `models promote` (as the
    API refuses it), exit 2 and nothing changed; a file of the registry is no version; a rollback
    to a damaged version leaves the pointer as it was; promoting twice does not fill the history
    with the active version."""
    import shutil

    from classifier.registry import get_active_id, read_pointer, set_active

    active = get_active_id(built_home.models_dir)
    home = tmp_path / "home"
    models = home / "models"
    shutil.copytree(built_home.models_dir / active, models / active)
    set_active(models, active)
    broken = active[:-4] + "beef"
    shutil.copytree(models / active, models / broken)
    meta = json.loads((models / broken / "meta.json").read_text(encoding="utf-8"))
    (models / broken / "meta.json").write_text(json.dumps({**meta, "id": broken}), encoding="utf-8")
    (models / broken / "head_coef.npy").unlink()
    env = {**test_env, "JIESU_HOME": str(home)}
    p = _jiesu(["models", "promote", broken], env, REPO)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "无法启用" in p.stderr and "Traceback" not in p.stderr
    assert get_active_id(models) == active
    # a name that is no version (a tester's typo said 模型目录不完整): unknown, the known ids listed
    for given in ("no-such-id", "ACTIVE.json"):
        p = _jiesu(["models", "promote", given], env, REPO)
        assert p.returncode == 2, p.stdout + p.stderr
        assert "没有这个模型版本" in p.stderr and "unknown model version" in p.stderr and active in p.stderr
        assert "不完整" not in p.stderr and "Traceback" not in p.stderr
        assert get_active_id(models) == active
    # a damaged version on the history: the rollback refuses it and keeps the pointer
    (models / "ACTIVE.json").write_text(json.dumps({"active": active, "history": [broken]}), encoding="utf-8")
    p = _jiesu(["models", "rollback"], env, REPO)
    assert p.returncode == 2 and "无法回滚" in p.stderr
    assert read_pointer(models) == {"active": active, "history": [broken]}
    set_active(models, active)
    set_active(models, active)
    assert active not in read_pointer(models)["history"]
    # what a promote and a rollback did, in words (a tester got raw JSON), or JSON with --json
    other = active[:-4] + "cafe"
    shutil.copytree(models / active, models / other)
    (models / other / "meta.json").write_text(json.dumps({**meta, "id": other}), encoding="utf-8")
    p = _jiesu(["models", "promote", other], env, REPO)
    assert p.returncode == 0, p.stderr
    assert f"已启用模型版本 {other}（之前为 {active}）" in p.stdout and "{" not in p.stdout
    p = _jiesu(["models", "rollback", "--json"], env, REPO)
    assert p.returncode == 0 and json.loads(p.stdout) == {"active": active, "previous": other}
    p = _jiesu(["models", "promote", active], env, REPO)   # already active: nothing switches
    assert p.returncode == 0 and "已是启用版本" in p.stdout and "下一次分拣" not in p.stdout
    # the department model a retraining replaced (tester55 S1): none yet is exit 2, then a swap
    p = _jiesu(["models", "rollback", "--departments"], env, REPO)
    assert p.returncode == 2 and "没有可恢复的上一版部门模型" in p.stderr and "Traceback" not in p.stderr
    shutil.copytree(built_home.models_dir / "departments", models / "departments")
    shutil.copytree(built_home.models_dir / "departments", models / "departments.previous")
    prev_meta = json.loads((models / "departments.previous" / "meta.json").read_text(encoding="utf-8"))
    prev_meta["created_at"] = "2026-12-01T08:00:00+0000"
    (models / "departments.previous" / "meta.json").write_text(json.dumps(prev_meta), encoding="utf-8")
    p = _jiesu(["models", "rollback", "--departments"], env, REPO)
    assert p.returncode == 0 and "已恢复部门模型（训练于 2026-12-01 16:00" in p.stdout, p.stdout + p.stderr
    now = json.loads((models / "departments" / "meta.json").read_text(encoding="utf-8"))
    assert now["created_at"] == "2026-12-01T08:00:00+0000" and get_active_id(models) == active


def test_a_retraining_on_unchanged_data_says_the_version_is_already_active():
    """tester46 Q13: 数据未变 reused the active version and printed 是否启用：未启用 beside 当前启用版本
    naming that same version."""
    from types import SimpleNamespace

    from triage.cli import _promoted_said

    assert _promoted_said(SimpleNamespace(promoted=False, candidate_id="v1", active_after="v1")) == "已是当前启用的版本"
    assert _promoted_said(SimpleNamespace(promoted=False, candidate_id="v2", active_after="v1")) == "未启用"
    assert _promoted_said(SimpleNamespace(promoted=True, candidate_id="v2", active_after="v2")) == "已启用"


def test_a_new_labels_training_summary_says_the_fixed_split_does_not_measure_it():
    """tester55 S4: a retraining with a new label showed the fixed split's figures only (the split has no row
    of it), and nothing said the new label was never measured."""
    from types import SimpleNamespace

    from triage.cli import _train_summary

    res = SimpleNamespace(candidate_id="m2", reused=False, promoted=True, active_after="m2", force=False,
                          reason_zh="已启用", candidate={"id": "m2", "kind": "e5_ngram", "n": 869, "accuracy": 0.9,
                                                       "macro_f1": 0.9}, baseline=None, active=None, seconds=1,
                          departments=None,
                          data={"eval_split": {"n": 869}, "labelled_rows": 8000, "new_labels": [NEW_LABEL]})
    text = _train_summary(res)
    assert f"新类别：{NEW_LABEL}" in text and "固定评估集没有它的样本" in text and "jiesu evaluate --input" in text
