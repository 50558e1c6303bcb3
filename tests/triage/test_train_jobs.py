"""``POST /v1/train`` and ``GET /v1/jobs/{id}`` on a real server over a scratch home (the shared
test home's active model never changes): roles, bad bodies, one job at a time, progress, the
comparison, the server switching to a promoted model, and jobs surviving a restart."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

QUICK = {"kind": "tfidf_svm", "limit": 800}
TEXTS = ["小区门口的垃圾站一周没人清运，臭气熏天，电话13912345678",
         "公司拖欠三个月工资不发，老板电话打不通，劳动监察也不管",
         "学校门口早晚高峰乱停车，孩子过马路很危险"]


@dataclass
class Srv:
    base: str
    settings: object
    tokens: dict[str, str]

    def h(self, role: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}

    def get(self, path: str, role: str | None = "supervisor") -> httpx.Response:
        return httpx.get(self.base + path, headers=self.h(role), timeout=60)

    def post(self, path: str, role: str | None = "supervisor", **kw) -> httpx.Response:
        return httpx.post(self.base + path, headers={**self.h(role), **kw.pop("headers", {})}, timeout=60, **kw)


def _env(s) -> dict[str, str]:
    # the server trains the quick kind unless a request says otherwise
    return {"JIESU_HOME": str(s.home), "JIESU_ENCODER": s.encoder, "JIESU_TRAIN_KIND": "tfidf_svm",
            "JIESU_TRAIN_LIMIT": "800"}


def _home_with_active_model(scratch_home, d: Path):
    """A scratch home whose active model is a plain tfidf_svm (refit on all of its rows, as
    ``jiesu setup`` trains: it has seen the fixed evaluation split)."""
    from classifier.train import train

    s = scratch_home(d)
    train(s.data_dir, s.models_dir, None, kind="tfidf_svm", limit=1000)
    return s


def _tokens(settings) -> dict[str, str]:
    from triage.auth import add_user
    from triage.db import session_scope

    with session_scope(settings) as db:
        return {role: add_user(f"jobs-{role}", role, db_session=db) for role in ("operator", "supervisor", "bot")}


def _wait(srv: Srv, job_id: int, until, timeout: float = 600) -> tuple[dict, list[dict]]:
    """Poll the job until ``until(job)``; returns the last state and every state seen."""
    seen = []
    deadline = time.time() + timeout
    while True:
        r = srv.get(f"/v1/jobs/{job_id}")
        assert r.status_code == 200, r.text
        job = r.json()
        seen.append(job)
        if until(job):
            return job, seen
        assert time.time() < deadline, f"job {job_id} stuck: {job}"
        time.sleep(0.3)


def _done(job: dict) -> bool:
    return job["state"] in ("succeeded", "failed")


@pytest.fixture(scope="module")
def home(scratch_home, tmp_path_factory):
    return _home_with_active_model(scratch_home, tmp_path_factory.mktemp("train-jobs"))


@pytest.fixture(scope="module")
def srv(start_api, home, tmp_path_factory):
    with start_api(tmp_path_factory.mktemp("train-jobs-db"), _env(home)) as (base, settings):
        yield Srv(base, settings, _tokens(settings))


def test_train_jobs_need_a_supervisor(srv):
    assert srv.post("/v1/train", role=None, json=QUICK).status_code == 401
    for role in ("operator", "bot"):
        r = srv.post("/v1/train", role=role, json=QUICK)
        assert r.status_code == 403, r.text
        assert r.json()["error"]["details"]["role"] == role
        assert srv.get("/v1/jobs/1", role=role).status_code == 403
        assert srv.get("/v1/jobs", role=role).status_code == 403
    assert srv.get("/v1/jobs").json()["items"] == []  # none of those started a job


@pytest.mark.parametrize("body", [
    {"kind": "bert"}, {"limit": "800"}, {"limit": 5}, {"limit": 1.5}, {"force": "yes"}, {"from_db": None},
    {"unknown": 1}, [1, 2], "{not json", b"\xff\xfe{", 42,
])
def test_train_jobs_bad_bodies_are_422(srv, body):
    if isinstance(body, (bytes, str)):
        r = srv.post("/v1/train", content=body, headers={"Content-Type": "application/json"})
    else:
        r = srv.post("/v1/train", json=body)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == 422 and err["zh"] and err["en"]


@pytest.mark.parametrize("ref, status", [("abc", 422), ("0", 422), ("99999999999", 422), ("987654", 404)])
def test_train_jobs_bad_job_ids(srv, ref, status):
    r = srv.get(f"/v1/jobs/{ref}")
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == status


def test_train_jobs_run_compare_and_switch_the_server(srv):
    from classifier.registry import get_active_id

    first_active = get_active_id(srv.settings.models_dir)
    assert srv.get("/readyz").json()["model"] == first_active

    # operators' decisions: one accepted, one corrected, one left open
    cases = []
    for t in TEXTS:
        r = srv.post("/v1/cases", role="operator", json={"text": t, "channel": "web"})
        assert r.status_code == 201, r.text
        cases.append(r.json())
    labels = srv.get("/v1/categories").json()["categories"]
    assert srv.post(f"/v1/cases/{cases[0]['id']}/decision", role="operator",
                    json={"accept": True, "version": cases[0]["version"]}).status_code == 200
    other = next(x for x in labels if x != cases[1]["suggested_category"])
    assert srv.post(f"/v1/cases/{cases[1]['id']}/decision", role="operator",
                    json={"accept": False, "category": other, "version": cases[1]["version"]}).status_code == 200

    r = srv.post("/v1/train", json=QUICK)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["state"] in ("queued", "running") and job["params"]["kind"] == "tfidf_svm"
    assert job["params"]["limit"] == 800 and job["params"]["from_db"] is True and job["result"] is None

    busy = srv.post("/v1/train")  # no body: the defaults; still one job at a time
    assert busy.status_code == 409, busy.text
    assert busy.json()["error"]["details"]["job"] == job["id"]

    done, seen = _wait(srv, job["id"], _done)
    assert done["state"] == "succeeded", done
    pcts = [j["percent"] for j in seen]
    assert pcts == sorted(pcts) and done["percent"] == 100 and done["stage"] == "done"
    assert any(j["state"] == "running" and 0 < j["percent"] < 100 for j in seen) or len(seen) == 1
    assert done["started_at"] and done["finished_at"] and done["finished_at"] >= done["started_at"]
    res = done["result"]
    assert res["data"]["db_cases_accepted"] == 1 and res["data"]["db_cases_corrected"] == 1
    assert res["data"]["extra_rows"] == 2
    # the department model learnt the two decided departments too, and is served at once
    dept = res["departments"]
    assert dept.get("skipped") is False and dept["decided_rows"] == 2, dept
    cand, base = res["candidate"], res["baseline"]
    assert 0 < cand["macro_f1"] <= 1 and cand["n"] == base["n"] == res["data"]["eval_split"]["n"]
    # its confusion matrix on the split (the dashboard shows it): rows true, columns predicted
    assert len(cand["confusion"]) == len(cand["labels"]) and sum(map(sum, cand["confusion"])) == cand["n"]
    assert sum(cand["confusion"][i][i] for i in range(len(cand["labels"]))) == round(cand["accuracy"] * cand["n"])
    # the active model was refit on all rows: the yardstick is its recipe without the split
    assert res["active"]["saw_eval_split"] is True and base["source"] == "active_refit"
    assert res["promoted"] == (cand["macro_f1"] >= base["macro_f1"] - res["tolerance"])
    assert res["reason_zh"] and res["reason_en"]
    assert done["model_id"] == res["model_id"] == res["candidate_id"] and done["promoted"] == res["promoted"]
    served = srv.get("/readyz").json()["model"]
    assert served == (res["candidate_id"] if res["promoted"] else first_active)

    # forced: promoted whatever the comparison, and this server serves it at once
    r = srv.post("/v1/train", json={"force": True})
    assert r.status_code == 202, r.text
    assert r.json()["params"] == {"kind": "tfidf_svm", "limit": 800, "from_db": True, "force": True}
    done2, _ = _wait(srv, r.json()["id"], _done)
    assert done2["state"] == "succeeded", done2
    res2 = done2["result"]
    assert res2["promoted"] is True and res2["candidate_id"] != first_active
    assert res2["served"]["loaded"] == res2["candidate_id"] == get_active_id(srv.settings.models_dir)
    assert srv.get("/readyz").json()["model"] == res2["candidate_id"]
    models = srv.get("/v1/models").json()
    assert models["loaded"] == models["active"] == res2["candidate_id"] and models["reload_required"] is False
    tri = srv.post("/v1/triage", role="operator", json={"text": TEXTS[2]})
    assert tri.status_code == 200 and tri.json()["model_version"] == res2["candidate_id"]

    listed = srv.get("/v1/jobs").json()["items"]
    assert [j["id"] for j in listed][:2] == [done2["id"], done["id"]]

    # a supervisor's roll back is served at once, without a restart; the list names its target first
    target = srv.get("/v1/models").json()["previous"]
    r = srv.post("/v1/models/rollback")
    assert r.status_code == 200, r.text
    back = r.json()["active"]
    assert back == target
    assert back != res2["candidate_id"] and r.json()["loaded"] == back and r.json()["reload_required"] is False
    assert srv.get("/readyz").json()["model"] == back
    assert srv.post("/v1/triage", role="operator", json={"text": TEXTS[2]}).json()["model_version"] == back

    # a version whose files are corrupted is refused; the pointer and the served model stay
    bad_dir = srv.settings.models_dir / res2["candidate_id"]
    for f in bad_dir.iterdir():
        if f.is_file() and f.name != "meta.json":
            f.write_bytes(b"\x00corrupted" * 7)
    r = srv.post(f"/v1/models/{res2['candidate_id']}/promote")
    assert r.status_code == 409, r.text
    assert r.json()["error"]["zh"] and r.json()["error"]["en"]
    assert get_active_id(srv.settings.models_dir) == back and srv.get("/readyz").json()["model"] == back
    tri = srv.post("/v1/triage", role="operator", json={"text": TEXTS[2]})
    assert tri.status_code == 200 and tri.json()["model_version"] == back


def test_train_jobs_survive_a_restart_and_a_killed_job_is_interrupted(start_api, home, tmp_path):
    from classifier.registry import get_active_id

    s = home  # the module's home; this test's own database
    active = get_active_id(s.models_dir)
    versions = sorted(p.name for p in s.models_dir.iterdir())
    with start_api(tmp_path, _env(s), sigkill=True) as (base, settings):
        srv = Srv(base, settings, _tokens(settings))
        r = srv.post("/v1/train", json={"kind": "tfidf_svm", "limit": 6000})  # long enough to be cut off
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]
        _wait(srv, job_id, lambda j: j["state"] == "running" and j["percent"] >= 5, timeout=300)
    # the server was SIGKILLed mid-job; a new one on the same database and home
    with start_api(tmp_path, _env(s)) as (base, settings):
        srv = Srv(base, settings, srv.tokens)
        job = srv.get(f"/v1/jobs/{job_id}").json()
        assert job["state"] == "failed" and job["stage"] == "failed", job
        assert "interrupted" in job["error"]["en"] and "中断" in job["error"]["zh"]
        assert job["finished_at"] and job["result"] is None
        assert [j["id"] for j in srv.get("/v1/jobs").json()["items"]] == [job_id]
        assert get_active_id(s.models_dir) == active == srv.get("/readyz").json()["model"]
        listed = [m["id"] for m in srv.get("/v1/models").json()["models"]]
        assert set(listed) <= set(versions)  # no half-trained candidate among the versions
        # and a new job may start again
        r = srv.post("/v1/train", json={"kind": "tfidf_svm", "limit": 6000})
        assert r.status_code == 202, r.text


def test_train_jobs_a_supervisor_cancels_a_running_job(srv):
    """A job started by mistake (all rows: minutes) stops at its next step when cancelled; the
    active model is unchanged and another job may start; a finished job cannot be cancelled."""
    from classifier.registry import get_active_id

    active = get_active_id(srv.settings.models_dir)
    r = srv.post("/v1/train", json={"kind": "tfidf_svm", "limit": 6000})
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    _wait(srv, job_id, lambda j: j["state"] == "running", timeout=300)
    assert srv.post(f"/v1/jobs/{job_id}/cancel", role="operator").status_code == 403
    r = srv.post(f"/v1/jobs/{job_id}/cancel")
    assert r.status_code == 202, r.text
    job, _ = _wait(srv, job_id, _done, timeout=600)
    assert job["state"] == "failed" and job["stage"] == "cancelled", job
    assert "已由主管取消" in job["error"]["zh"] and "cancelled" in job["error"]["en"]
    assert get_active_id(srv.settings.models_dir) == active == srv.get("/readyz").json()["model"]
    r = srv.post(f"/v1/jobs/{job_id}/cancel")
    assert r.status_code == 409 and r.json()["error"]["zh"] and r.json()["error"]["en"]
    assert srv.post("/v1/jobs/999999/cancel").status_code == 404


def test_train_jobs_a_refused_candidate_is_reported_by_its_id(test_settings, tmp_path, monkeypatch):
    """A candidate the comparison refused is saved (inactive): the job names it (``model_id``, as
    ``jiesu train`` does) and says it was not promoted, instead of a null id."""
    from types import SimpleNamespace

    import classifier.retrain
    from classifier.retrain import RetrainResult
    from triage.db import init_db, session_factory
    from triage.jobs import JobRunner, TrainRequest, get_job, job_read

    cid = "20261205-055258-tfidf_svm-3d21"
    settings = test_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'jobs.db'}"})
    init_db(settings)

    def refused(*args, **kw) -> RetrainResult:
        return RetrainResult(candidate_id=cid, reused=False, promoted=False, forced=False,
                             reason_zh="未启用：候选版本较差", reason_en="not promoted: candidate is worse",
                             active_before="a", active_after="a", candidate={"id": cid, "macro_f1": 0.5},
                             baseline={"macro_f1": 0.9}, active=None)

    monkeypatch.setattr(classifier.retrain, "retrain", refused)
    sessions = session_factory(settings.db_url)
    runner = JobRunner(settings, sessions, SimpleNamespace(pipeline=None))
    job = runner.submit(TrainRequest(kind="tfidf_svm", limit=800), user_id=None)
    deadline = time.time() + 30
    while job.id in runner.running_ids():
        assert time.time() < deadline
        time.sleep(0.05)
    with sessions() as db:
        got = job_read(get_job(job.id, db_session=db))
    assert got.state == "succeeded", got.error
    assert got.model_id == cid and got.promoted is False
    assert got.result["model_id"] == cid and got.result["promoted"] is False
    assert "未启用" in got.result["note"] and "not promoted" in got.result["note"] and cid in got.result["note"]
