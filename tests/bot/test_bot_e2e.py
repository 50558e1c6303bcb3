"""End to end, nothing stubbed: the real API (test home, fresh database), the Rasa action server and
the Rasa server with the trained model (``bot/models``, made by ``bot/prepare.py
--train-if-changed``, which ``make test`` runs first). A citizen talks through ``POST /v1/chat``
(the /chat page's route, forwarding to the bot's REST channel): complaint → the bot asks where →
address → (time, when asked) → confirmation; the reply carries a case number, and that case is in
the database with its address and category."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
RASA = REPO / ".venv-rasa" / "bin" / "rasa"
CASE_NUMBER = re.compile(r"JS\d{8}-\d{6,}")
CHROMIUM = Path(os.environ.get("JIESU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
START_TIMEOUT = 420  # loading TensorFlow and the model on two busy cores takes minutes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _processes(specs: list[tuple[str, list[str], str]], cwd: Path, env: dict[str, str], log_dir: Path):
    """Start every ``(name, cmd, ready_url)`` at once; yield once each ``ready_url`` answers 200;
    stop them (and only them) afterwards. Started together, the action server's start (rasa_sdk)
    runs beside the Rasa server's (TensorFlow and the model) instead of before it."""
    procs: list[tuple[str, subprocess.Popen, str, Path]] = []
    try:
        for name, cmd, ready_url in specs:
            log_path = log_dir / f"{name}.log"
            with log_path.open("wb") as log:
                procs.append((name, subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                     start_new_session=True), ready_url, log_path))
        deadline = time.monotonic() + START_TIMEOUT
        waiting = list(procs)
        while waiting:
            for item in list(waiting):
                name, proc, ready_url, log_path = item
                if proc.poll() is not None:
                    pytest.fail(f"{name} exited ({proc.returncode}):\n{log_path.read_text(errors='replace')[-3000:]}")
                try:
                    if httpx.get(ready_url, timeout=3).status_code == 200:
                        waiting.remove(item)
                except httpx.HTTPError:
                    pass
            if waiting and time.monotonic() > deadline:
                name, _, _, log_path = waiting[0]
                pytest.fail(f"{name} not ready in {START_TIMEOUT}s:\n{log_path.read_text(errors='replace')[-3000:]}")
            if waiting:
                time.sleep(1)
        yield [proc for _, proc, _, _ in procs]
    finally:  # each in its own process group (start_new_session): whatever it forked goes too
        for _, proc, _, _ in reversed(procs):
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for _, proc, _, _ in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _say(api: str, sender: str, message: str) -> list[dict]:
    r = httpx.post(f"{api}/v1/chat", json={"sender": sender, "message": message}, timeout=180)
    assert r.status_code == 200, r.text
    messages = r.json()["messages"]
    assert messages, f"no reply to {message!r}"
    return messages


def _text(messages: list[dict]) -> str:
    return " ".join(m.get("text") or "" for m in messages)


@dataclass(frozen=True)
class BotStack:
    api: str
    auth: dict[str, str]
    operator: dict[str, str]  # an operator's token: lists every case
    logs: Path
    rasa: str  # the Rasa server (its HTTP API enabled: /model/parse)


@pytest.fixture(scope="module")
def bot_stack(trained_bot_model, built_home, test_env, start_api, tmp_path_factory):
    """API + action server + Rasa server, wired together on free loopback ports."""
    if not RASA.exists():
        pytest.skip(f"{RASA} missing: run `make venv-rasa`")
    model = trained_bot_model
    tmp = tmp_path_factory.mktemp("bot-e2e")
    rasa_port, actions_port = _free_port(), _free_port()
    with start_api(tmp, {"JIESU_BOT_URL": f"http://127.0.0.1:{rasa_port}", "JIESU_BOT_REQUIRED": "1",
                         "JIESU_BOT_ACTIONS_URL": f"http://127.0.0.1:{actions_port}"}) as (api, settings):
        # /readyz waits for the bot as `jiesu run` starts it (a tester saw ready 37 s before the bot)
        waiting = httpx.get(f"{api}/readyz", timeout=30)
        assert waiting.status_code == 503, waiting.text
        assert waiting.json()["error"]["details"]["waiting_for"] == ["bot", "bot-actions"]
        assert "对话机器人" in waiting.json()["error"]["zh"]
        env = {**test_env, "JIESU_DATABASE_URL": settings.database_url}
        out = subprocess.run([str(REPO / ".venv" / "bin" / "jiesu"), "users", "add", "bot-e2e", "--role", "bot"],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=True)
        token = out.stdout.strip().splitlines()[-1].strip()
        auth = {"Authorization": f"Bearer {token}"}
        out = subprocess.run([str(REPO / ".venv" / "bin" / "jiesu"), "users", "add", "op-e2e", "--role", "operator"],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=True)
        operator = {"Authorization": f"Bearer {out.stdout.strip().splitlines()[-1].strip()}"}
        # the first triage loads lazy parts of the pipeline: do it before the bot's calls time out
        assert httpx.post(f"{api}/v1/triage", json={"text": "预热"}, headers=auth, timeout=300).status_code == 200

        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n',
                             encoding="utf-8")
        bot_env = {**os.environ, "JIESU_API_URL": api, "JIESU_BOT_TOKEN": token, "JIESU_API_TIMEOUT": "120",
                   "PYTHONUNBUFFERED": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}
        actions = [str(RASA), "run", "actions", "--port", str(actions_port)]
        server = [str(RASA), "run", "--model", str(model), "--port", str(rasa_port), "--interface", "127.0.0.1",
                  "--endpoints", str(endpoints), "--credentials", str(BOT / "credentials.yml"), "--enable-api"]
        with _processes([("actions", actions, f"http://127.0.0.1:{actions_port}/health"),
                         ("rasa", server, f"http://127.0.0.1:{rasa_port}/")], BOT, bot_env, tmp):
            ready = httpx.get(f"{api}/readyz", timeout=30)
            assert ready.status_code == 200 and ready.json()["bot"] == "ready", ready.text
            yield BotStack(api, auth, operator, tmp, f"http://127.0.0.1:{rasa_port}")


@pytest.mark.slow
def test_bot_e2e_complaint_filed_over_the_rest_channel(bot_stack):
    api, auth = bot_stack.api, bot_stack.auth
    sender = f"e2e-{os.getpid()}-{int(time.time())}"
    reply = _say(api, sender, "你好")
    assert "12345" in _text(reply)

    reply = _say(api, sender, "我家楼下的工地每天晚上十一点多还在施工，电钻声吵得根本睡不着")
    asked_address = corrected = gave_contact = False
    for _ in range(8):  # answer what the bot asks, in whatever order it asks
        said = _text(reply)
        if CASE_NUMBER.search(said):
            break
        buttons = [b for m in reply for b in m.get("buttons") or []]
        if "确认" in said and not corrected:  # the first summary: "the place is wrong" → asked again
            assert "望京" in said and "时间" in said, said  # the summary repeats address and time
            corrected = True
            reply = _say(api, sender, "地址不对")
            assert "哪里" in _text(reply) and "确认" not in _text(reply), _text(reply)
        elif "确认" in said:
            assert "望京" in said, said
            reply = _say(api, sender, "对，提交吧")
        elif "哪里" in said or ("地点" in said and "不够具体" in said):
            asked_address = True
            reply = _say(api, sender, "在朝阳区望京街道望京西园三区")
        elif "联系电话" in said:  # the call-back number, asked once before the read-back
            gave_contact = True
            reply = _say(api, sender, "13912345678")
        elif "时间" in said:
            reply = _say(api, sender, "每天晚上十一点到凌晨一点")
        elif buttons:  # which of two readings: take the first offered
            reply = _say(api, sender, buttons[0]["payload"])
        else:
            pytest.fail(f"unexpected bot reply: {said}")
    said = _text(reply)
    assert asked_address, "the bot never asked where the problem is"
    assert corrected, "the bot never read the complaint back"
    found = CASE_NUMBER.search(said)
    assert found, f"no case number in the final reply: {said}"
    assert "承办" in said and "话务员确认" in said  # a first judgement until an operator decides
    code = re.search(r"查询码 (\d{6})", said)
    assert code, f"no query code in the final reply: {said}"
    code = code.group(1)

    r = httpx.get(f"{api}/v1/cases/{found.group(0)}", params={"code": code}, headers=auth, timeout=30)
    assert r.status_code == 200, r.text
    case = r.json()
    assert case["number"] == found.group(0) and case["channel"] == "bot"
    assert "望京" in (case["address"] or "")
    assert case["suggested_category"] and case["suggested_department"]
    assert "工地" in case["text"] and "十一点" in case["text"]
    assert gave_contact and case["contact"] == "<手机号>"  # filed with the case, masked for the bot
    assert "13912345678" not in case["text"]
    r = httpx.get(f"{api}/v1/cases/{case['id']}", params={"code": code}, headers=auth, timeout=30)
    assert r.status_code == 200 and r.json()["number"] == case["number"]
    assert httpx.get(f"{api}/v1/cases/{case['id']}", headers=auth, timeout=30).status_code == 404

    # the progress query reads the same case back through the bot (this conversation knows the code)
    reply = _say(api, sender, f"{found.group(0)}办得怎么样了")
    assert found.group(0) in _text(reply) and "状态" in _text(reply)

    # someone else with the number alone is asked for the code; a wrong one reads nothing
    other = sender + "-other"
    reply = _say(api, other, f"{found.group(0)}办得怎么样了")
    assert "查询码" in _text(reply) and "状态" not in _text(reply)
    reply = _say(api, other, f"{(int(code) + 1) % 10**6:06d}")
    assert "没有找到" in _text(reply) and "状态" not in _text(reply)
    reply = _say(api, other, code)  # the right code now: tried against the same number
    assert "状态" in _text(reply) and "抱歉" not in _text(reply), _text(reply)
    reply = _say(api, other, "好的")  # no "没有理解" after a progress answer
    assert "抱歉" not in _text(reply), _text(reply)
    reply = _say(api, other + "-2", f"{found.group(0).replace('-', '')} 查询码 {code}")
    assert "状态" in _text(reply), _text(reply)


@pytest.mark.slow
def test_bot_e2e_giving_up_files_nothing_and_a_phone_number_is_no_case_number(bot_stack):
    """"算了" when asked where: nothing filed (before, the third "bad address" handed over and filed
    a flagged case); a complaint with a dashed phone number still starts the form; "重新开始",
    a question (咨询) and praise file nothing either."""
    api = bot_stack.api
    sender = f"e2e-cancel-{os.getpid()}-{int(time.time())}"
    ops = httpx.get(f"{api}/v1/cases", params={"page_size": 1}, headers=bot_stack.operator, timeout=30)
    before = ops.json()["total"]
    reply = _say(api, sender, "出租车司机拒载，态度还特别差，我电话139-1234-5678")
    said = _text(reply)  # the form asks where (or which reading): the complaint was taken as one
    assert ("哪里" in said or "还是" in said) and "抱歉" not in said, said
    # a progress query in the middle: its number and code are looked up, not taken as answers
    reply = _say(api, sender, "先帮我查一下我之前的工单进度")
    assert "编号" in _text(reply) and "抱歉" not in _text(reply), _text(reply)
    reply = _say(api, sender, "JS20000105-000001")
    assert "查询码" in _text(reply) and "不够具体" not in _text(reply), _text(reply)
    reply = _say(api, sender, "123456")
    said = _text(reply)
    assert "没有找到" in said and "不够具体" not in said and ("哪里" in said or "还是" in said), said
    reply = _say(api, sender, "算了")
    assert "没有提交" in _text(reply) and "抱歉" not in _text(reply), _text(reply)
    reply = _say(api, sender, "你好")  # a fresh start, not stuck in the form
    assert "12345" in _text(reply), _text(reply)
    # "重新开始" in the middle drops the complaint; a question and praise are answered, not filed
    assert "哪里" in _text(_say(api, sender, "我家楼下新开了一家KTV，每天唱到半夜"))
    reply = _say(api, sender, "重新开始")
    assert "重新开始" in _text(reply) and "不够具体" not in _text(reply), _text(reply)
    reply = _say(api, sender, "我想咨询一下灵活就业人员社保怎么交")
    assert "负责解答" in _text(reply), _text(reply)
    reply = _say(api, sender, "我要表扬朝阳区三里屯派出所的民警，帮我找回了钱包")
    assert "感谢您的肯定" in _text(reply), _text(reply)
    # a whole complaint starting with its address is a complaint, whichever intent it reads as
    # (as an answer it was "地点记下了：<the sentence>"); then given up
    said = _text(_say(api, sender, "西城区什刹海街道烟袋斜街的酒吧每天凌晨一两点还在唱歌"))
    assert "地点记下了" not in said and ("确认" in said or "还是" in said or "时间" in said), said
    assert "没有提交" in _text(_say(api, sender, "算了"))
    ops = httpx.get(f"{api}/v1/cases", params={"page_size": 1}, headers=bot_stack.operator, timeout=30)
    assert ops.json()["total"] == before
    # an empty message straight to the bot's webhook gets the fallback's answer (it raised in the
    # intent classifier: no sentence vector), and the conversation goes on
    for blank in ("", "   ", "😡😡😡"):  # emoji only: not understood (it read as goodbye)
        r = httpx.post(f"{bot_stack.rasa}/webhooks/rest/webhook", json={"sender": sender, "message": blank},
                       timeout=180)
        assert r.status_code == 200 and r.json() and "再见" not in r.text, (blank, r.text)
    assert "12345" in _text(_say(api, sender, "你好"))


@pytest.mark.slow
def test_bot_e2e_spoken_pauses_are_read_as_commas(bot_stack):
    """Voice input separates clauses with spaces (tester47): the bot's REST channel reads them as
    commas, so the place is told apart from what the citizen did (the address was
    我已经下楼了打了96777说马上到西城区…) and the case's text reads as written."""
    api, auth = bot_stack.api, bot_stack.auth
    sender = f"e2e-voice-{os.getpid()}-{int(time.time())}"

    def say(message: str) -> str:  # straight to the bot's webhook: the channel itself does it
        r = httpx.post(f"{bot_stack.rasa}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                       timeout=180)
        assert r.status_code == 200 and r.json(), r.text
        return _text(r.json())

    said = say("楼道里有很大的煤气味 好像是对门家漏气了 敲门没人")
    assert "96777" in said and "哪里" in said, said
    said = say("我已经下楼了 打了96777说马上到 西城区广安门外街道红居南街小区3号楼")
    for _ in range(4):
        if "确认" in said:
            break
        assert "联系电话" in said or "时间" in said, said
        said = say("不留")
    assert "地点：北京市西城区广安门外街道红居南街小区3号楼" in said, said
    said = say("对")
    found = CASE_NUMBER.search(said)
    assert found, said
    code = re.search(r"查询码 (\d{6})", said).group(1)
    case = httpx.get(f"{api}/v1/cases/{found.group(0)}", params={"code": code}, headers=auth, timeout=30).json()
    assert case["text"].startswith("楼道里有很大的煤气味，好像是对门家漏气了，敲门没人"), case["text"]
    assert case["address"] == "北京市西城区广安门外街道红居南街小区3号楼"


@pytest.mark.slow
def test_bot_e2e_chat_page_in_headless_chromium(bot_stack):
    """The /chat page in a real Chromium: greet, ask for a person; the bot's replies appear."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium fonts-wqy-microhei")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            page.set_default_timeout(120_000)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{bot_stack.api}/chat")
            bot = page.locator(".chat-msg.bot")
            sync_api.expect(bot).to_have_count(1)  # the page's own greeting
            page.fill("#chat-input", "你好")
            page.press("#chat-input", "Enter")
            sync_api.expect(page.locator(".chat-msg.user")).to_have_text(["你好"])
            sync_api.expect(bot.nth(1)).to_contain_text("12345")  # the bot's utter_greet
            page.fill("#chat-input", "今天天气怎么样")
            page.click("#chat-send")
            sync_api.expect(bot.nth(2)).to_contain_text("帮不上忙")  # out of scope, politely
            page.fill("#chat-input", "转人工")
            page.press("#chat-input", "Enter")
            sync_api.expect(bot.nth(3)).to_contain_text("人工坐席")
            page.screenshot(path=str(bot_stack.logs / "chat.png"), full_page=True)
            assert page.locator(".chat-msg.error").count() == 0 and not errors
        finally:
            browser.close()


@pytest.mark.slow
def test_bot_e2e_trained_model_reads_the_holdout_messages(bot_stack):
    """Intent accuracy on the held-out messages (bot/tests/nlu_holdout.yml), read by the running
    bot (``bot/eval_holdout.py`` computes the same offline)."""
    import yaml

    annotation = re.compile(r"\[([^\]]*)\]\((\w+)\)")
    holdout = [(annotation.sub(r"\1", line[2:]).strip(), block["intent"])
               for block in yaml.safe_load((BOT / "tests" / "nlu_holdout.yml").read_text(encoding="utf-8"))["nlu"]
               if "intent" in block for line in block["examples"].splitlines() if line.startswith("- ")]
    assert len(holdout) >= 50
    wrong = []
    with httpx.Client(base_url=bot_stack.rasa, timeout=60) as c:
        for text, intent in holdout:
            r = c.post("/model/parse", json={"text": text})
            assert r.status_code == 200, r.text
            got = (r.json().get("intent") or {}).get("name")
            if got != intent:
                wrong.append((text, intent, got))
    accuracy = 1 - len(wrong) / len(holdout)
    assert accuracy >= 0.9, (accuracy, wrong)
