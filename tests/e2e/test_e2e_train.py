"""In a real headless Chromium a supervisor starts a retraining job from the dashboard and watches
it progress to its result (candidate vs baseline on the fixed split). The server runs on a
scratch home, so the shared test home's active model never changes. Screenshot in artifacts."""

from __future__ import annotations

import time

import httpx
import pytest

pytestmark = pytest.mark.slow
BROWSER_TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def train_server(start_api, scratch_home, tmp_path_factory):
    from classifier.train import train
    from triage.auth import add_user
    from triage.db import session_scope

    d = tmp_path_factory.mktemp("e2e-train")
    s = scratch_home(d)
    train(s.data_dir, s.models_dir, None, kind="tfidf_svm", limit=1000)
    env = {"JIESU_HOME": str(s.home), "JIESU_ENCODER": s.encoder, "JIESU_TRAIN_KIND": "tfidf_svm",
           "JIESU_TRAIN_LIMIT": "800"}
    with start_api(d, env) as (base, settings):
        with session_scope(settings) as db:
            token = add_user("e2e-train-supervisor", "supervisor", db_session=db)
        yield base, settings, token


@pytest.mark.slow
def test_e2e_supervisor_starts_retraining_and_watches_it(page, train_server, artifacts):
    from playwright.sync_api import expect

    base, _, token = train_server
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(base + "/supervisor")
    page.fill("#login-token", token)
    page.press("#login-token", "Enter")
    expect(page.locator("#train-status")).to_contain_text("尚无训练任务")
    page.select_option("#train-kind", "tfidf_svm")
    page.click("#btn-train")

    status = page.locator("#train-status")
    expect(status).to_have_attribute("data-state", "running")  # polled: queued → running
    expect(page.locator("#btn-train")).to_be_disabled()
    percents = []
    deadline = time.time() + 600
    while page.locator("#train-outcome").count() == 0:
        txt = page.locator("#train-pct").text_content() or ""
        if txt.endswith("%"):
            percents.append(int(txt[:-1]))
        assert time.time() < deadline, "the job did not finish in time"
        page.wait_for_timeout(200)
    assert percents and percents == sorted(percents) and any(0 < p < 100 for p in percents)

    job_id = status.get_attribute("data-job-id")
    job = httpx.get(f"{base}/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    assert job["state"] == "succeeded" and job["params"]["kind"] == "tfidf_svm"
    res = job["result"]
    expect(status).to_have_attribute("data-state", "succeeded")
    expect(page.locator("#train-pct")).to_have_text("100%")
    expect(page.locator("#train-outcome")).to_have_attribute("data-promoted", "yes" if res["promoted"] else "no")
    expect(page.locator("#train-reason")).to_have_text(res["reason_zh"])
    cand = page.locator('#train-outcome tr[data-role="candidate"]')
    expect(cand).to_contain_text(res["candidate_id"])
    expect(cand).to_contain_text(f'{res["candidate"]["macro_f1"]:.4f}')
    expect(page.locator('#train-outcome tr[data-role="baseline"]')).to_contain_text(f'{res["baseline"]["macro_f1"]:.4f}')
    expect(page.locator("#btn-train")).to_be_enabled()
    # the models table shows the new version, active and served when it was promoted
    row = page.locator(f'#models tr[data-model-id="{res["candidate_id"]}"]')
    expect(row).to_have_count(1)
    if res["promoted"]:
        expect(row).to_contain_text("本服务运行中")
    page.screenshot(path=str(artifacts / "supervisor-retraining.png"), full_page=True)
    assert errors == []
