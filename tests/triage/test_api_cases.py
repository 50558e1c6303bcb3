"""The case store through the HTTP API: filing, reading, listing, decisions, status, metrics,
model versions; and concurrency against a real uvicorn server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"^JS\d{8}-\d{6,}$")
NOISE = "楼下烧烤店每天营业到凌晨两点，油烟和噪音直接扰民，多次反映没人管，联系电话13912345678"


@contextmanager
def _client(settings, pipeline=None):
    """A real app on ``settings``' database, with the session's pipeline (loaded once)."""
    from triage.api.app import create_app

    app = create_app(settings, load=False)
    with TestClient(app) as c:
        app.state.pipeline = pipeline
        yield c


def _tokens(settings) -> dict[str, str]:
    from triage.auth import ROLES, add_user
    from triage.db import session_scope

    tag = uuid.uuid4().hex[:6]
    with session_scope(settings) as db:
        out = {r: add_user(f"{r}-{tag}", r, db_session=db) for r in ROLES}
        out["operator2"] = add_user(f"operator2-{tag}", "operator", db_session=db)
    return out


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def db_settings(built_home, tmp_path_factory):
    db = tmp_path_factory.mktemp("cases") / "cases.db"
    return built_home.model_copy(update={"database_url": f"sqlite:///{db}"})


@pytest.fixture(scope="module")
def api(db_settings, pipeline):
    with _client(db_settings, pipeline) as c:
        yield c


@pytest.fixture(scope="module")
def tokens(api, db_settings) -> dict[str, str]:
    return _tokens(db_settings)


def _file(api, token, **kw) -> dict:
    body = {"text": NOISE, "channel": "phone", **kw}
    r = api.post("/v1/cases", json=body, headers=_auth(token))
    assert r.status_code == 201, r.text
    return r.json()


def test_cases_create_returns_number_and_suggestion(api, tokens):
    case = _file(api, tokens["operator"], contact="张先生 13912345678", address="朝阳区望京街道",
                 time="2026-03-01T23:30:00", title="烧烤扰民")
    assert NUMBER.match(case["number"]) and case["number"].endswith(f"{case['id']:06d}")
    assert case["status"] == "已受理" and case["version"] == 1 and case["satisfaction"] is None
    sug = case["suggestion"]
    assert sug["categories"] and sug["categories"][0]["label"] == case["suggested_category"]
    assert sug["departments"][0]["code"] == case["suggested_department"] and sug["departments"][0]["reasons"]
    assert len(sug["regulations"]) >= 1 and sug["model_version"] == case["model_version"]
    assert sug["similar_cases"] and all("id" in s and "score" in s for s in sug["similar_cases"])
    # the operator sees raw data; the stored text is masked
    assert case["contact"] == "张先生 13912345678" and "13912345678" in case["raw_text"]
    assert "13912345678" not in case["text"] and "<手机号>" in case["text"]
    assert case["time"].startswith("2026-03-01T15:30:00")  # Beijing time without offset → UTC


def test_cases_the_given_address_places_the_case_and_the_texts_address_is_kept(api, tokens):
    """An address typed apart from the text (the operator's field, the bot's answer) names the
    district the units are of; a case filed without one keeps the address its text names."""
    case = _file(api, tokens["operator"], text="楼下饭馆油烟太大，直接排到我家窗户。", address="海淀区中关村街道科育小区3号楼")
    assert case["address"] == "海淀区中关村街道科育小区3号楼"
    addr = case["suggestion"]["entities"]["address"]
    assert addr["district"] == "北京市海淀区" and addr["street"] == "北京市海淀区中关村街道"
    units = [d.get("unit") or "" for d in case["suggestion"]["departments"]]
    assert any(u.startswith("海淀区") for u in units), units
    plain = _file(api, tokens["operator"], text="楼下饭馆油烟太大，直接排到我家窗户。", address="   ")
    assert plain["address"] is None and not plain["suggestion"]["entities"]["address"]
    named = _file(api, tokens["operator"], text="朝阳区望京街道花家地西里3号楼楼下的饭馆油烟太大")
    assert named["address"] == "北京市朝阳区望京街道花家地西里3号楼"
    # a district alone is still a place to show (a tester's case list had none for it)
    district = _file(api, tokens["operator"], text="I live in Chaoyang district. 楼下饭馆油烟太大，直接排到我家窗户。")
    assert district["address"] == "北京市朝阳区"
    # a contact reaches someone: a number or an e-mail (a tester's phone case was filed with "abc")
    r = api.post("/v1/cases", json={"text": "楼下饭馆油烟太大", "channel": "phone", "contact": "abc"},
                 headers=_auth(tokens["operator"]))
    assert r.status_code == 422 and "联系方式" in r.json()["error"]["zh"] and r.json()["error"]["en"]
    r = api.post("/v1/cases", json={"text": "楼下饭馆油烟太大", "channel": "phone", "contact": "  "},
                 headers=_auth(tokens["operator"]))
    assert r.status_code == 201 and r.json()["contact"] is None
    # the console's 仅分析 preview reads the field as filing does (a tester's preview said 朝阳区, the case 海淀区)
    r = api.post("/v1/triage", json={"text": "楼下饭馆油烟太大，直接排到我家窗户。", "address": "海淀区中关村街道科育小区3号楼"},
                 headers=_auth(tokens["operator"]))
    assert r.status_code == 200 and r.json()["entities"]["address"] == addr
    assert r.json()["departments"][0]["unit"] == case["suggestion"]["departments"][0]["unit"]
    # every department at the place's level, for an operator choosing one the triage did not list
    units = r.json()["units"]
    assert units["education"].startswith("海淀区") and units["street_township"].startswith("海淀区中关村")
    assert case["suggestion"]["units"] == units
    assert api.post("/v1/triage", json={"text": "油烟", "address": "x" * 501},
                    headers=_auth(tokens["operator"])).status_code == 422


def test_cases_read_by_id_and_number_with_decisions(api, tokens):
    case = _file(api, tokens["bot"], channel="bot")
    for ref in (case["id"], case["number"]):
        r = api.get(f"/v1/cases/{ref}", headers=_auth(tokens["operator"]))
        assert r.status_code == 200, r.text
        got = r.json()
        assert got["id"] == case["id"] and got["decisions"] == []
        # similar case ids are expanded with masked text and reply from the loaded index
        assert any(s.get("text") for s in got["suggestion"]["similar_cases"])
    r = api.get("/v1/cases/JS20000101-999999", headers=_auth(tokens["operator"]))
    assert r.status_code == 404 and r.json()["error"]["zh"] and r.json()["error"]["en"]
    # the number as people type it: lower case, no dash, a space, full-width digits
    day, seq = case["number"][2:10], case["number"][11:]
    wide = "".join(chr(ord(c) + 0xFEE0) for c in day + seq)
    for typed in (case["number"].lower(), f"JS{day}{seq}", f"js{day} {seq}", f"JS{wide}", f"ＪＳ{wide}",
                  f"ＪＳ{day}－{seq}"):
        r = api.get(f"/v1/cases/{typed}", headers=_auth(tokens["operator"]))
        assert r.status_code == 200 and r.json()["id"] == case["id"], typed



def test_cases_the_bot_reads_a_case_only_with_its_query_code(api, tokens, db_settings):
    """Case numbers are sequential: the bot (reading for a citizen) needs the 查询码 told at filing;
    a wrong or missing code is the same 404 as an unknown number. Staff read every case."""
    from triage.cases.models import Case
    from triage.db import session_scope

    case = _file(api, tokens["bot"], channel="bot")
    code = case["query_code"]
    assert re.fullmatch(r"\d{6}", code)
    bot, op = _auth(tokens["bot"]), _auth(tokens["operator"])
    for ref in (case["number"], case["id"]):
        r = api.get(f"/v1/cases/{ref}", params={"code": code}, headers=bot)
        assert r.status_code == 200 and r.json()["number"] == case["number"], r.text
        assert r.json()["query_code"] is None  # told once
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    unknown = api.get("/v1/cases/JS20000101-999999", params={"code": code}, headers=bot)
    for params in ({}, {"code": wrong}, {"code": code + "0"}):
        r = api.get(f"/v1/cases/{case['number']}", params=params, headers=bot)
        assert r.status_code == 404 and r.json()["error"] == {**unknown.json()["error"], "details": {"case": case["number"]}}
    # the hand-off flag too; staff need no code
    r = api.patch(f"/v1/cases/{case['number']}", json={"flagged": True}, headers=bot)
    assert r.status_code == 404
    r = api.patch(f"/v1/cases/{case['number']}", params={"code": code}, json={"flagged": True}, headers=bot)
    assert r.status_code == 200 and r.json()["flagged"] is True
    assert api.get(f"/v1/cases/{case['number']}", headers=op).status_code == 200
    # only a hash is stored
    with session_scope(db_settings) as db:
        row = db.get(Case, case["id"])
        assert row.query_code_hash and code not in row.query_code_hash and len(row.query_code_hash) == 64


def test_cases_a_contact_is_added_to_a_case_filed_without(api, tokens):
    """The bot adds the call-back number a citizen gives after a hand-off (with the code); it never
    replaces one; staff replace one only with the version they read; a contact without a number or
    an e-mail address is refused (422, both languages)."""
    bot, op = _auth(tokens["bot"]), _auth(tokens["operator"])
    case = _file(api, tokens["bot"], channel="bot", flagged=True, text="小区门口的垃圾好几天没人清运了，臭气熏天")
    assert case["contact"] is None
    path, code = f"/v1/cases/{case['number']}", {"code": case["query_code"]}
    r = api.patch(path, params=code, json={"contact": "没有"}, headers=bot)
    assert r.status_code == 422 and "联系方式" in r.text and "contact" in r.text
    r = api.patch(path, params=code, json={"contact": "13912345678"}, headers=bot)
    assert r.status_code == 200 and r.json()["contact"] == "<手机号>", r.text  # masked for the bot
    assert r.json()["version"] == case["version"] + 1
    assert api.get(path, headers=op).json()["contact"] == "13912345678"  # raw for operators
    r = api.patch(path, params=code, json={"contact": "13800000000"}, headers=bot)
    assert r.status_code == 409
    assert api.get(path, headers=op).json()["contact"] == "13912345678"  # nothing lost
    r = api.patch(path, json={"contact": "13800000000"}, headers=op)
    assert r.status_code == 409 and r.json()["error"]["details"]["version"] == case["version"] + 1
    r = api.patch(path, json={"contact": "13800000000", "version": case["version"] + 1}, headers=op)
    assert r.status_code == 200 and r.json()["contact"] == "13800000000"
    r = api.patch(path, params=code, json={"contact": "13912345678", "flagged": False}, headers=bot)
    assert r.status_code == 403


def test_cases_wrong_query_codes_lock_the_number(api, tokens):
    """Five wrong codes for a number lock it for the window (429, both languages), the right code
    included; other cases are not affected; an unknown number locks alike (no existence leak)."""
    from triage.cases.views import MAX_CODE_FAILURES

    bot = _auth(tokens["bot"])
    case, other = _file(api, tokens["bot"], channel="bot"), _file(api, tokens["bot"], channel="bot")
    wrong = f"{(int(case['query_code']) + 1) % 10**6:06d}"
    # the guesses count for the number however it is typed (no fresh five per spelling)
    spellings = [case["number"], case["number"].lower(), case["number"].replace("-", ""),
                 case["number"].replace("-", " "), case["number"].lower().replace("-", "")]
    for typed in spellings[:MAX_CODE_FAILURES]:
        assert api.get(f"/v1/cases/{typed}", params={"code": wrong}, headers=bot).status_code == 404
    r = api.get(f"/v1/cases/{case['number']}", params={"code": case["query_code"]}, headers=bot)
    assert r.status_code == 429, r.text
    err = r.json()["error"]
    assert "查询码错误次数过多" in err["zh"] and "too many" in err["en"] and err["details"]["retry_after"] > 0
    r = api.get(f"/v1/cases/{other['number']}", params={"code": other["query_code"]}, headers=bot)
    assert r.status_code == 200
    assert api.get(f"/v1/cases/{case['number']}", headers=_auth(tokens["operator"])).status_code == 200
    unknown = "JS20000102-999999"
    for _ in range(MAX_CODE_FAILURES):
        assert api.get(f"/v1/cases/{unknown}", params={"code": wrong}, headers=bot).status_code == 404
    assert api.get(f"/v1/cases/{unknown}", params={"code": wrong}, headers=bot).status_code == 429


def test_a_strangers_wrong_codes_do_not_lock_the_citizen_out(api, tokens):
    """With the chat named (X-Citizen), five wrong codes lock that chat only; the citizen's own chat
    still reads the case with the right code, sent in the X-Query-Code header (the query string's
    code was in the access log); all chats together are locked only after MAX_CASE_CODE_FAILURES."""
    from triage.cases.views import MAX_CASE_CODE_FAILURES, MAX_CODE_FAILURES

    bot = _auth(tokens["bot"])
    case = _file(api, tokens["bot"], channel="bot")
    path, wrong = f"/v1/cases/{case['number']}", f"{(int(case['query_code']) + 1) % 10**6:06d}"
    stranger = {**bot, "X-Citizen": "chat-stranger", "X-Query-Code": wrong}
    for _ in range(MAX_CODE_FAILURES):
        assert api.get(path, headers=stranger).status_code == 404
    assert api.get(path, headers=stranger).status_code == 429
    mine = {**bot, "X-Citizen": "chat-citizen", "X-Query-Code": case["query_code"]}
    r = api.get(path, headers=mine)
    assert r.status_code == 200 and r.json()["number"] == case["number"]
    r = api.patch(path, json={"contact": "13912345678"}, headers=mine)
    assert r.status_code == 200, r.text
    # many chats guessing: the number is locked for all
    for i in range(MAX_CASE_CODE_FAILURES - MAX_CODE_FAILURES):
        assert api.get(path, headers={**bot, "X-Citizen": f"chat-{i // 4}", "X-Query-Code": wrong}).status_code == 404
    assert api.get(path, headers=mine).status_code == 429


def test_cases_the_citizens_chosen_reading_leads_and_routes(api, tokens):
    """The bot asks "this reading or that one?": the answer, sent as ``category``, is the case's
    category (first, marked ``stated``, holding the mass of the reading ruled out) and the
    routing follows it; an unknown label is a 422 in both languages, and nothing is filed."""
    plain = _file(api, tokens["bot"], channel="bot")
    cats = plain["suggestion"]["categories"]
    assert not any(c["stated"] for c in cats)
    second = cats[1]["label"]
    chosen = _file(api, tokens["bot"], channel="bot", category=second)
    got = chosen["suggestion"]["categories"]
    assert chosen["suggested_category"] == second and got[0]["label"] == second and got[0]["stated"]
    assert got[0]["confidence"] == pytest.approx(cats[0]["confidence"] + cats[1]["confidence"], abs=2e-4)
    assert all(c["label"] != cats[0]["label"] or c["confidence"] == 0 for c in got)
    assert chosen["suggestion"]["needs_clarification"] is False
    # the department ranking moved with the category (its prior is one of the router's parts)
    share = {d["code"]: d["confidence"] for d in plain["suggestion"]["departments"]}
    moved = {d["code"]: d["confidence"] for d in chosen["suggestion"]["departments"]}
    assert share != moved
    reasons = [r for d in chosen["suggestion"]["departments"] for r in d["reasons"]]
    assert any(r.startswith(f"市民确认的投诉类别「{second}」") for r in reasons), reasons

    total = api.get("/v1/cases", headers=_auth(tokens["operator"])).json()["total"]
    r = api.post("/v1/cases", json={"text": NOISE, "channel": "bot", "category": "天气预报"},
                 headers=_auth(tokens["bot"]))
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert "类别" in err["zh"] and "category" in err["en"] and second in err["details"]["labels"]
    assert api.get("/v1/cases", headers=_auth(tokens["operator"])).json()["total"] == total

def test_cases_list_filters_and_pagination(api, tokens):
    marker = uuid.uuid4().hex[:10]
    made = [_file(api, tokens["operator"], text=f"{NOISE} 编号{marker} 第{i}次") for i in range(3)]
    op = _auth(tokens["operator"])
    r = api.get("/v1/cases", params={"q": marker, "page_size": 2}, headers=op)
    assert r.status_code == 200, r.text
    page1 = r.json()
    assert page1["total"] == 3 and len(page1["items"]) == 2 and page1["page"] == 1
    page2 = api.get("/v1/cases", params={"q": marker, "page_size": 2, "page": 2}, headers=op).json()
    ids = [c["id"] for c in page1["items"] + page2["items"]]
    assert sorted(ids, reverse=True) == ids and set(ids) == {c["id"] for c in made}
    oldest = api.get("/v1/cases", params={"q": marker, "order": "oldest"}, headers=op).json()
    assert [c["id"] for c in oldest["items"]] == sorted(ids)
    # the console's queue asks for the list fields only
    brief = api.get("/v1/cases", params={"q": marker, "order": "oldest", "brief": "true"}, headers=op)
    assert [c["id"] for c in brief.json()["items"]] == sorted(ids)
    assert all(c["suggestion"] == {} and c["raw_text"] is None and c["suggested_category"]
               for c in brief.json()["items"])
    full = api.get("/v1/cases", params={"q": marker, "order": "oldest"}, headers=op)
    assert len(brief.content) * 4 < len(full.content)
    dept, cat = made[0]["suggested_department"], made[0]["suggested_category"]
    by_dept = api.get("/v1/cases", params={"q": marker, "department": dept}, headers=op).json()
    assert by_dept["total"] == sum(c["suggested_department"] == dept for c in made)  # undecided: suggestion
    by_cat = api.get("/v1/cases", params={"q": marker, "category": cat}, headers=op).json()
    assert by_cat["total"] == sum(c["suggested_category"] == cat for c in made)
    assert api.get("/v1/cases", params={"q": marker, "status": "已受理"}, headers=op).json()["total"] == 3
    assert api.get("/v1/cases", params={"q": marker, "status": "已办结"}, headers=op).json()["total"] == 0
    # LIKE wildcards in q are literal
    assert api.get("/v1/cases", params={"q": "%_%" + marker}, headers=op).json()["total"] == 0
    # the console's queue: undecided cases, however many decided ones are still 已受理
    r = api.post(f"/v1/cases/{made[1]['id']}/decision", json={"accept": True, "version": 1}, headers=op)
    assert r.status_code == 200, r.text
    undecided = api.get("/v1/cases", params={"q": marker, "status": "已受理", "decided": "false"}, headers=op).json()
    assert sorted(c["id"] for c in undecided["items"]) == sorted([made[0]["id"], made[2]["id"]])
    assert undecided["total"] == 2
    decided = api.get("/v1/cases", params={"q": marker, "decided": "true"}, headers=op).json()
    assert [c["id"] for c in decided["items"]] == [made[1]["id"]]
    assert api.get("/v1/cases", params={"decided": "maybe"}, headers=op).status_code == 422


def test_an_urgent_case_leads_the_list_until_it_is_closed(api, tokens):
    """A gas smell is a danger now: the triage says so with the advice, the case keeps the kind,
    and the operators' queue lists it before older cases until it is closed."""
    marker = uuid.uuid4().hex[:10]
    op = _auth(tokens["operator"])
    older = [_file(api, tokens["operator"], text=f"{NOISE} 编号{marker} 第{i}次") for i in range(2)]
    gas = _file(api, tokens["operator"], text=f"楼道里一股煤气味儿，挺冲的，关了阀门还有 编号{marker}")
    assert [c["urgent"] for c in older] == [None, None] and gas["urgent"] == "燃气泄漏"
    assert "96777" in gas["suggestion"]["urgent"]["advice"] and gas["suggestion"]["urgent"]["words"]
    r = api.post("/v1/triage", json={"text": "电动车在楼道充电，容易起火"}, headers=op)
    assert r.status_code == 200 and r.json()["urgent"] is None  # a risk, not a fire
    for params in ({"order": "oldest"}, {}, {"order": "oldest", "brief": "true", "decided": "false"}):
        got = api.get("/v1/cases", params={"q": marker, **params}, headers=op).json()["items"]
        assert got[0]["id"] == gas["id"] and got[0]["urgent"] == "燃气泄漏", params
    assert api.get("/v1/cases", params={"q": marker, "order": "oldest"},
                   headers=op).json()["items"][1]["id"] == older[0]["id"]
    # two dangers: the one waiting longer first, whichever order the list is asked in
    lift = _file(api, tokens["operator"], text=f"电梯困人了，我被关在电梯里出不来 编号{marker}")
    assert lift["urgent"] == "电梯困人"
    for params in ({"order": "oldest"}, {}):
        got = api.get("/v1/cases", params={"q": marker, **params}, headers=op).json()["items"]
        assert [c["id"] for c in got[:2]] == [gas["id"], lift["id"]], params
    # a missing manhole cover filed before a gas leak: the life at stake first (tester52 W9)
    manhole = _file(api, tokens["operator"], text=f"路口的井盖丢了，黑乎乎一个洞 编号{marker}")
    gas2 = _file(api, tokens["operator"], text=f"单元门口一股煤气味，越来越冲 编号{marker}")
    assert manhole["urgent"] == "井盖缺失" and gas2["urgent"] == "燃气泄漏"
    got = [c["id"] for c in api.get("/v1/cases", params={"q": marker}, headers=op).json()["items"]]
    assert got.index(gas2["id"]) < got.index(manhole["id"]) and got[:3] == [gas["id"], lift["id"], gas2["id"]], got
    for case in (manhole, gas2):
        assert api.post(f"/v1/cases/{case['id']}/decision", json={"accept": True, "version": 1}, headers=op).status_code == 200
        _close(api, f"/v1/cases/{case['id']}", op, 2)
    r = api.post(f"/v1/cases/{lift['id']}/decision", json={"accept": True, "version": 1}, headers=op)
    assert r.status_code == 200
    _close(api, f"/v1/cases/{lift['id']}", op, 2)
    url = f"/v1/cases/{gas['id']}"
    assert api.post(f"{url}/decision", json={"accept": True, "version": 1}, headers=op).status_code == 200
    _close(api, url, op, 2)
    got = api.get("/v1/cases", params={"q": marker, "order": "oldest"}, headers=op).json()["items"]
    assert [c["id"] for c in got] == [older[0]["id"], older[1]["id"], gas["id"], lift["id"],
                                      manhole["id"], gas2["id"]]  # closed: in place


def test_a_priority_case_follows_the_dangers_and_leads_the_rest(api, tokens):
    """tester52 W13: group wage arrears before the Spring Festival and old people stuck upstairs were
    listed first-come: a 重点件 now comes after the open dangers and before every other open case,
    the longest waiting first, and takes its place again once closed."""
    marker = uuid.uuid4().hex[:10]
    op = _auth(tokens["operator"])
    r = api.post("/v1/triage", json={"text": "包工头欠了我们二十多个工人三个月工资，现在人找不着了，快过年了"}, headers=op)
    flag = r.json()["priority"]
    assert r.status_code == 200 and r.json()["urgent"] is None and flag["kind"] == "群体性欠薪"
    assert flag["words"] == "二十多个工人" and "劳动保障监察" in flag["reason"]
    assert api.post("/v1/triage", json={"text": "公司拖欠我两个月工资"}, headers=op).json()["priority"] is None
    older = _file(api, tokens["operator"], text=f"{NOISE} 编号{marker}")
    wages = _file(api, tokens["operator"], text=f"工头跑了！！！我们十几个人干了半年的活一分钱没拿到 编号{marker}")
    lift = _file(api, tokens["operator"], text=f"我们楼电梯坏了一个礼拜了，楼里好几个老人八九十岁了下不了楼 编号{marker}")
    gas = _file(api, tokens["operator"], text=f"楼道里一股煤气味儿，挺冲的 编号{marker}")
    assert older["priority"] is None and wages["priority"] == "群体性欠薪" and lift["priority"] == "老人被困楼上"
    assert gas["urgent"] == "燃气泄漏" and gas["priority"] is None  # a danger is the danger only
    assert wages["suggestion"]["priority"]["kind"] == "群体性欠薪"
    for params in ({}, {"order": "oldest"}, {"brief": "true", "decided": "false"}):
        got = [c["id"] for c in api.get("/v1/cases", params={"q": marker, **params}, headers=op).json()["items"]]
        assert got == [gas["id"], wages["id"], lift["id"], older["id"]], params
    url = f"/v1/cases/{wages['id']}"
    assert api.post(f"{url}/decision", json={"accept": True, "version": 1}, headers=op).status_code == 200
    _close(api, url, op, 2)
    got = [c["id"] for c in api.get("/v1/cases", params={"q": marker, "order": "oldest"}, headers=op).json()["items"]]
    assert got == [gas["id"], lift["id"], older["id"], wages["id"]]  # closed: in its place


def test_words_apart_in_a_search_find_cases_with_every_one(api, tokens):
    """tester54 V11: 电梯 老人 found no case although one said both; each word must be in the case."""
    marker = uuid.uuid4().hex[:10]
    op = _auth(tokens["operator"])
    both = _file(api, tokens["operator"], text=f"电梯停了半个月，楼里的老人下不了楼 编号{marker}")
    lift = _file(api, tokens["operator"], text=f"电梯天天坏，物业不修 编号{marker}")
    got = api.get("/v1/cases", params={"q": f" 电梯  老人 {marker}"}, headers=op).json()
    assert [c["id"] for c in got["items"]] == [both["id"]] and got["total"] == 1
    got = api.get("/v1/cases", params={"q": f"电梯 {marker}", "order": "oldest"}, headers=op).json()
    assert [c["id"] for c in got["items"]] == [both["id"], lift["id"]]


def test_group_wage_arrears_go_first_to_the_labour_bureau(api, tokens):
    """tester53 D3: 我们十几个人…一分钱没拿到 包工头跑了 on a site went to 通州区住房城乡建设委 first."""
    r = api.post("/v1/triage", json={"text": "我们十几个人在工地干了半年活 一分钱没拿到 包工头跑了 眼看要过年了 工地在通州台湖镇"},
                 headers=_auth(tokens["operator"]))
    first = r.json()["departments"][0]
    assert r.json()["priority"]["kind"] == "群体性欠薪"
    assert first["code"] == "human_resources_social_security", first
    assert any("重点件「群体性欠薪」" in x for x in first["reasons"])
    # old people stuck upstairs by a broken lift: the special-equipment unit first, never 卫健委 by 医院 (tester54 V5)
    r = api.post("/v1/triage", json={"text": "我老伴瘫痪在床 住12楼 电梯停了半个月了 要去医院透析 根本下不去楼 石景山区鲁谷小区"},
                 headers=_auth(tokens["operator"]))
    assert r.json()["priority"]["kind"] == "老人被困楼上" and r.json()["departments"][0]["code"] == "market_regulation"


def _close(api, url: str, headers: dict, version: int) -> dict:
    """A decided case dispatched, handled, answered and closed; the closed case."""
    for status in ("已派单", "办理中"):
        r = api.patch(url, json={"status": status, "version": version}, headers=headers)
        assert r.status_code == 200, r.text
        version += 1
    r = api.put(f"{url}/reply", json={"text": "经核实，已处理完毕。", "version": version}, headers=headers)
    assert r.status_code == 200, r.text
    r = api.patch(url, json={"status": "已办结", "version": version + 1}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_case_names_the_unit_that_handles_it_wherever_it_was_sent(api, tokens):
    """``handled_by``: the suggestion's unit until an operator decides, then the decided
    department's at the complaint's place, also for one the triage did not list (a tester's
    re-dispatch to the street office told the citizen 相关部门)."""
    op = _auth(tokens["operator"])
    case = _file(api, tokens["operator"], text="朝阳区望京街道花家地西里三区楼下饭馆油烟很大，天天呛得开不了窗")
    first = case["suggestion"]["departments"][0]
    assert case["handled_by"] == first["unit"] and "朝阳区" in first["unit"]
    assert "street_township" not in [d["code"] for d in case["suggestion"]["departments"]]
    # a correction may leave accept out (a tester's {"department": …, "version": 1} was 422)
    r = api.post(f"/v1/cases/{case['id']}/decision",
                 json={"department": "street_township", "version": 1}, headers=op)
    assert r.status_code == 200, r.text
    assert r.json()["case"]["handled_by"] == "朝阳区望京街道办事处"
    assert api.get(f"/v1/cases/{case['id']}", headers=op).json()["handled_by"] == "朝阳区望京街道办事处"
    r = api.patch(f"/v1/cases/{case['id']}", json={"status": "已派单", "version": 2}, headers=op)
    assert r.status_code == 200 and r.json()["handled_by"] == "朝阳区望京街道办事处"


def test_an_operator_sends_a_case_to_another_districts_or_another_unit(api, tokens):
    """tester54 V3: a complaint placed in one district (the workplace, a wrong landmark) could not
    be sent to another district's unit, nor 城管执法局 told from 城市管理委: a decision names the
    unit (any of the department's, ``/v1/departments`` lists them), the case is handled by it and
    listed under its district; another unit of a dispatched case is a 改派; a unit of another
    department, or one that does not exist, is 422; a new department without a unit drops it."""
    op = _auth(tokens["operator"])
    depts = {d["code"]: d for d in api.get("/v1/departments", headers=op).json()["departments"]}
    units = {u["name"]: u["district"] for u in depts["urban_management"]["units"]}
    assert units["昌平区城管执法局"] == "昌平区" and units["市城市管理委"] == ""
    assert {"市公安局昌平分局", "市公安局"} <= {u["name"] for u in depts["public_security"]["units"]}
    case = _file(api, tokens["operator"], text="朝阳区望京街道花家地西里三区楼下饭馆油烟很大，天天呛得开不了窗")
    assert "朝阳区" in case["handled_by"]
    url = f"/v1/cases/{case['id']}"
    r = api.post(f"{url}/decision", json={"department": "urban_management", "unit": "昌平区城管执法局",
                                          "version": 1}, headers=op)
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["case"]["handled_by"], out["case"]["decided_unit"]) == ("昌平区城管执法局", "昌平区城管执法局")
    assert out["decision"]["decided_unit"] == "昌平区城管执法局" and out["decision"]["accepted"] is False
    listed = api.get("/v1/cases", params={"district": "昌平区", "page_size": 100}, headers=op).json()["items"]
    assert case["id"] in [c["id"] for c in listed]
    listed = api.get("/v1/cases", params={"district": "朝阳区", "page_size": 100}, headers=op).json()["items"]
    assert case["id"] not in [c["id"] for c in listed]
    # the category alone keeps the unit
    other_cat = next(c["label"] for c in case["suggestion"]["categories"] if c["label"] != case["suggested_category"])
    r = api.post(f"{url}/decision", json={"category": other_cat, "version": 2}, headers=op)
    assert r.status_code == 200 and r.json()["case"]["handled_by"] == "昌平区城管执法局"
    assert api.patch(url, json={"status": "已派单", "version": 3}, headers=op).status_code == 200
    # another unit of a dispatched case: 改派
    r = api.post(f"{url}/decision", json={"department": "urban_management", "unit": "朝阳区城市管理委",
                                          "version": 4}, headers=op)
    assert r.status_code == 409 and "昌平区城管执法局" in r.json()["error"]["zh"]
    r = api.post(f"{url}/decision", json={"department": "urban_management", "unit": "朝阳区城市管理委",
                                          "redispatch": True, "version": 4}, headers=op)
    assert r.status_code == 200, r.text
    assert r.json()["case"]["handled_by"] == "朝阳区城市管理委" and r.json()["case"]["status"] == "已派单"
    for unit, dept in (("市公安局昌平分局", "urban_management"), ("朝阳区城管大队", "urban_management")):
        r = api.post(f"{url}/decision", json={"department": dept, "unit": unit, "version": 5}, headers=op)
        assert r.status_code == 422, r.text
        err = r.json()["error"]
        assert unit in err["zh"] and "朝阳区城管执法局" in err["details"]["valid"]
    sug = case["suggested_department"]
    elsewhere = next(u["name"] for u in depts[sug]["units"] if u["district"] not in ("", "朝阳区"))
    r = api.post(f"{url}/decision", json={"accept": True, "unit": elsewhere, "version": 5,
                                          "redispatch": True}, headers=op)
    assert r.status_code == 422 and "accept=false" in r.json()["error"]["en"]
    got = api.get(url, headers=op).json()
    assert (got["version"], got["handled_by"]) == (5, "朝阳区城市管理委")   # nothing lost
    # a new department without a unit: its unit at the complaint's place
    r = api.post(f"{url}/decision", json={"department": "street_township", "redispatch": True, "version": 5},
                 headers=op)
    assert r.status_code == 200, r.text
    assert r.json()["case"]["decided_unit"] is None and r.json()["case"]["handled_by"] == "朝阳区望京街道办事处"


def test_cases_decision_accept_correct_and_stale(api, tokens):
    case = _file(api, tokens["operator"])
    op = _auth(tokens["operator"])
    r = api.post(f"/v1/cases/{case['id']}/decision", json={"accept": True, "version": 1}, headers=op)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["case"]["version"] == 2 and out["decision"]["accepted"] is True
    assert out["case"]["decided_department"] == case["suggested_department"]
    assert out["case"]["decided_category"] == case["suggested_category"]

    # a second operator still holding version 1: 409, nothing lost
    r = api.post(f"/v1/cases/{case['id']}/decision",
                 json={"accept": False, "department": "x", "version": 1}, headers=_auth(tokens["operator2"]))
    assert r.status_code == 409
    err = r.json()["error"]
    assert "刷新" in err["zh"] and "stale" in err["en"] and err["details"]["current_version"] == 2

    other_dept = case["suggestion"]["departments"][1]["code"]
    other_cat = case["suggestion"]["categories"][1]["label"]
    r = api.post(f"/v1/cases/{case['id']}/decision",
                 json={"accept": False, "department": other_dept, "category": other_cat,
                       "reason": "辖区归属不同，电话13912345678", "version": 2}, headers=op)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["case"]["decided_department"] == other_dept and out["case"]["version"] == 3
    d = out["decision"]
    assert d["accepted"] is False and d["suggested_department"] == case["suggested_department"]
    assert d["decided_category"] == other_cat and "13912345678" not in d["reason"]

    got = api.get(f"/v1/cases/{case['id']}", headers=op).json()
    assert [x["accepted"] for x in got["decisions"]] == [True, False]  # every decision kept
    r = api.post(f"/v1/cases/{case['id']}/decision",
                 json={"accept": False, "department": "NO-SUCH-DEPT", "version": 3}, headers=op)
    assert r.status_code == 422 and r.json()["error"]["details"]["department"] == "NO-SUCH-DEPT"
    r = api.post(f"/v1/cases/{case['id']}/decision",
                 json={"accept": True, "department": other_dept if other_dept != case["suggested_department"]
                       else "x", "version": 3}, headers=op)
    assert r.status_code == 422


def test_cases_department_change_after_dispatch_is_an_explicit_redispatch(api, tokens, db_settings):
    """A case 办理中 at one department: another operator's department correction is 409 (it would
    leave the case "in progress" where it was never sent), unless it says redispatch; then the case
    goes back to 已派单 and the decisions and the audit log record the move."""
    from triage.cases import service
    from triage.db import session_factory

    case = _file(api, tokens["operator"])
    op, op2 = _auth(tokens["operator"]), _auth(tokens["operator2"])
    url = f"/v1/cases/{case['id']}"
    first = case["suggested_department"]
    other = next(d["code"] for d in case["suggestion"]["departments"] if d["code"] != first)
    other_cat = next(c["label"] for c in case["suggestion"]["categories"] if c["label"] != case["suggested_category"])
    assert api.post(f"{url}/decision", json={"accept": True, "version": 1}, headers=op).status_code == 200
    assert api.patch(url, json={"status": "已派单", "version": 2}, headers=op).status_code == 200
    assert api.patch(url, json={"status": "办理中", "version": 3}, headers=op).status_code == 200

    r = api.post(f"{url}/decision", json={"accept": False, "department": other, "version": 4}, headers=op2)
    assert r.status_code == 409, r.text
    err = r.json()["error"]
    assert "退回" in err["zh"] and "redispatch" in err["en"]
    assert first not in err["zh"]   # the unit's name, not its code (a tester read urban_management)
    assert next(d["unit"] for d in case["suggestion"]["departments"] if d["code"] == first) in err["zh"]
    assert err["details"] == {"status": "办理中", "department": first, "requested": other}
    got = api.get(url, headers=op).json()
    assert (got["status"], got["decided_department"], got["version"], len(got["decisions"])) == ("办理中", first, 4, 1)

    # keeping the department (the same code, or the category alone) changes nothing of the dispatch
    r = api.post(f"{url}/decision", json={"accept": False, "department": first, "category": other_cat,
                                          "version": 4}, headers=op2)
    assert r.status_code == 200, r.text
    assert (r.json()["case"]["status"], r.json()["case"]["decided_category"]) == ("办理中", other_cat)
    # accepting the suggestion again keeps the department too
    r = api.post(f"{url}/decision", json={"accept": True, "version": 5, "redispatch": True}, headers=op2)
    assert r.status_code == 200 and r.json()["case"]["status"] == "办理中"

    r = api.post(f"{url}/decision", json={"accept": False, "department": other, "redispatch": True,
                                          "reason": "不属本部门职责", "version": 6}, headers=op2)
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["case"]["status"], out["case"]["decided_department"], out["case"]["version"]) == ("已派单", other, 7)
    assert out["decision"]["decided_department"] == other and out["decision"]["case_version"] == 6
    got = api.get(url, headers=op).json()
    assert [d["decided_department"] for d in got["decisions"]] == [first, first, first, other]
    # who decided, by name (a second operator saw only 案件已被他人修改)
    assert all(d["user_name"] and d["user_name"].startswith("operator") for d in got["decisions"])
    assert out["decision"]["user_name"] == got["decisions"][-1]["user_name"]
    with session_factory(db_settings.db_url)() as db:
        details = [e.detail for e in service.audit_trail(case_id=case["id"], db_session=db) if e.action == "decide"]
    assert details[-1] == f"accepted=0;redispatch={first}->{other};status=办理中->已派单"
    # back at 已派单, a move back to the first department is a re-dispatch as well
    r = api.post(f"{url}/decision", json={"accept": True, "version": 7}, headers=op)
    assert r.status_code == 409 and r.json()["error"]["details"]["status"] == "已派单"
    r = api.post(f"{url}/decision", json={"accept": True, "version": 7, "redispatch": True}, headers=op)
    assert r.status_code == 200 and r.json()["case"]["decided_department"] == first
    assert api.patch(url, json={"status": "办理中", "version": 8}, headers=op).json()["status"] == "办理中"
    r = api.post(f"{url}/decision", json={"accept": False, "department": other, "redispatch": "yes",
                                          "version": 9}, headers=op)
    assert r.status_code == 422   # strict: a boolean, as JSON writes it


def test_cases_list_by_an_unknown_department_is_400_and_by_its_full_name_works(api, tokens, db_settings):
    """A name that is no code (城管) matched nothing and looked like an empty queue: now 400 naming
    the codes; a department's full name, as the department list writes it, reads as its code."""
    from triage.routing import load_departments

    case = _file(api, tokens["operator"])
    op = _auth(tokens["operator"])
    code = case["suggested_department"]
    name = load_departments(db_settings.data_dir, db_settings.training_data)[code].name
    r = api.get("/v1/cases", params={"department": "城管"}, headers=op)
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert "部门" in err["zh"] and "department code" in err["en"] and err["details"]["department"] == "城管"
    assert err["details"]["valid"][code] == name
    by_code = api.get("/v1/cases", params={"department": code}, headers=op).json()
    by_name = api.get("/v1/cases", params={"department": name}, headers=op).json()
    assert by_code["total"] >= 1 and by_name["total"] == by_code["total"]
    assert [c["id"] for c in by_name["items"]] == [c["id"] for c in by_code["items"]]
    # with full-width brackets, as the console writes units (a tester's 市城市管理委（城管执法局）was 400)
    wide = name.replace("(", "（").replace(")", "）")
    assert api.get("/v1/cases", params={"department": wide}, headers=op).json()["total"] == by_code["total"]
    assert api.get("/v1/cases", params={"department": ""}, headers=op).status_code == 200   # no filter


def test_cases_list_by_a_district_unit_or_a_district(api, tokens, db_settings):
    """A district operator lists their own cases: 朝阳区城市管理委（城管执法局）(or without its
    bracket) is 城管 in 朝阳区, ``district`` alone filters by place; a round-7 tester's district unit
    was 400 with the city-level names."""
    from triage.routing import load_departments

    op = _auth(tokens["operator"])
    chaoyang = _file(api, tokens["operator"], text="北京市朝阳区望京街道一个工地每天夜里十一点以后还在施工，电锯声吵得睡不着")
    haidian = _file(api, tokens["operator"], text="北京市海淀区中关村街道一个工地每天夜里十一点以后还在施工，电锯声吵得睡不着")
    code = chaoyang["suggested_department"]
    assert haidian["suggested_department"] == code
    d = load_departments(db_settings.data_dir, db_settings.training_data)[code]
    assert d.district_unit, code
    unit = d.district_unit.format(district="朝阳区", district_short="朝阳", street="")
    ids = lambda r: {c["id"] for c in r.json()["items"]}   # noqa: E731
    # …and its one receiving unit (R14: 朝阳区城管执法局 for the street's enforcement)
    special = [u[2].format(district="朝阳区", district_short="朝阳", street="") for u in d.special_units]
    for name in (unit, re.sub(r"（[^（）]*）", "", unit), *special):
        r = api.get("/v1/cases", params={"department": name, "page_size": 100}, headers=op)
        assert r.status_code == 200, r.text
        assert chaoyang["id"] in ids(r) and haidian["id"] not in ids(r)
    everywhere = ids(api.get("/v1/cases", params={"department": code, "page_size": 100}, headers=op))
    assert {chaoyang["id"], haidian["id"]} <= everywhere
    for value in ("海淀区", "海淀", "北京市海淀区"):
        got = ids(api.get("/v1/cases", params={"district": value, "page_size": 100}, headers=op))
        assert haidian["id"] in got and chaoyang["id"] not in got
    r = api.get("/v1/cases", params={"district": "浦东新区"}, headers=op)
    assert r.status_code == 400 and "朝阳区" in r.json()["error"]["details"]["valid"]
    r = api.get("/v1/cases", params={"department": unit, "district": "海淀区"}, headers=op)
    assert r.status_code == 400 and "不一致" in r.json()["error"]["zh"]


def test_cases_list_by_an_unknown_category_is_400_naming_the_labels(api, tokens):
    """?category=不存在 gave an empty list (a tester): 400 with the labels, as for ?department=."""
    op = _auth(tokens["operator"])
    case = _file(api, tokens["operator"])
    label = case["suggested_category"]
    r = api.get("/v1/cases", params={"category": "不存在"}, headers=op)
    assert r.status_code == 400, r.text
    assert "类别" in r.json()["error"]["zh"] and label in r.json()["error"]["details"]["valid"]
    got = api.get("/v1/cases", params={"category": label, "page_size": 100}, headers=op)
    assert got.status_code == 200 and case["id"] in {c["id"] for c in got.json()["items"]}


def test_an_unknown_query_parameter_is_422_naming_the_valid_ones(api, tokens):
    """``?limit=100000`` and ``?offset=-1`` answered 200 with the defaults (a tester read the first
    page as everything)."""
    op = _auth(tokens["operator"])
    r = api.get("/v1/cases", params={"limit": 100000, "status": "已受理"}, headers=op)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["details"]["unknown"] == ["limit"] and "page_size" in err["details"]["valid"]
    assert "limit" in err["zh"] and "未知的查询参数" in err["zh"] and "unknown query" in err["en"]
    assert api.get("/v1/cases", params={"page_size": 5, "status": "已受理"}, headers=op).status_code == 200
    sup = _auth(tokens["supervisor"])
    assert api.get("/v1/metrics", params={"days": 7}, headers=sup).status_code == 200
    assert api.get("/v1/metrics", params={"day": 7}, headers=sup).status_code == 422


def test_cases_a_filing_time_in_the_future_is_400_and_nothing_is_stored(api, tokens):
    from datetime import datetime, timedelta, timezone

    op = _auth(tokens["operator"])
    before = api.get("/v1/cases", headers=op).json()["total"]
    beijing = timezone(timedelta(hours=8))
    soon = datetime.now(beijing) + timedelta(hours=20)   # a fast clock: accepted
    for t in ("2030-01-01T00:00:00", (datetime.now(beijing) + timedelta(days=2)).isoformat()):
        r = api.post("/v1/cases", json={"text": NOISE, "channel": "phone", "time": t}, headers=op)
        assert r.status_code == 400, r.text
        err = r.json()["error"]
        assert "诉求时间不能晚于现在" in err["zh"] and "future" in err["en"] and err["details"]["time"]
    assert api.get("/v1/cases", headers=op).json()["total"] == before
    case = _file(api, tokens["operator"], time=soon.isoformat())
    assert case["time"].startswith(soon.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M"))
    spec = api.get("/openapi.json").json()["paths"]["/v1/cases"]
    assert "400" in spec["post"]["responses"] and "400" in spec["get"]["responses"]


def test_cases_stale_write_detected_by_the_database(api, tokens, db_settings):
    """Both sessions pass the version check; the second UPDATE matches no row: 409, no decision kept."""
    from triage.auth import authenticate
    from triage.cases import service
    from triage.cases.models import DecisionCreate
    from triage.db import session_factory

    case = _file(api, tokens["operator"])
    make = session_factory(db_settings.db_url)
    with make() as a, make() as b:
        user = authenticate(tokens["operator"], db_session=a)
        assert service.get_case(case["id"], db_session=a).version == 1
        assert service.get_case(case["id"], db_session=b).version == 1
        service.decide(case["id"], DecisionCreate(accept=True, version=1), user=user, db_session=a)
        with pytest.raises(service.StaleVersion) as e:
            service.decide(case["id"], DecisionCreate(accept=True, version=1), user=user, db_session=b)
        assert e.value.status == 409 and e.value.details == {"current_version": 2}
    got = api.get(f"/v1/cases/{case['id']}", headers=_auth(tokens["operator"])).json()
    assert got["version"] == 2 and len(got["decisions"]) == 1


def test_cases_status_moves_in_order_and_satisfaction_on_close(api, tokens):
    case = _file(api, tokens["operator"])
    op = _auth(tokens["operator"])
    url = f"/v1/cases/{case['id']}"

    def patch(body: dict) -> httpx.Response:
        return api.patch(url, json=body, headers=op)

    r = patch({"status": "已派单"})
    assert r.status_code == 409 and "部门" in r.json()["error"]["zh"]  # decide before dispatching
    assert api.post(f"{url}/decision", json={"accept": True, "version": 1}, headers=op).status_code == 200
    r = patch({"status": "办理中"})  # skipping a step
    assert r.status_code == 409 and r.json()["error"]["details"]["allowed"] == ["已派单"]
    assert patch({"satisfaction": "满意"}).status_code == 409  # not closed yet
    assert patch({"status": "已派单", "version": 1}).status_code == 409  # stale
    v = 2
    for status in ("已派单", "办理中"):
        r = patch({"status": status, "version": v})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == status and r.json()["version"] == v + 1
        v += 1
    assert patch({"status": "已受理"}).status_code == 409  # never backwards
    r = patch({"status": "已办结", "satisfaction": "基本满意"})
    assert r.status_code == 409 and "答复" in r.json()["error"]["zh"] and r.json()["error"]["en"]  # no reply yet
    assert api.get(url, headers=op).json()["status"] == "办理中"
    assert api.put(f"{url}/reply", json={"text": "   ", "version": v}, headers=op).status_code == 422  # blank
    # tester49 R1: a reply that still says the draft's 【待填写：…】 facts is saved (work in progress) but closes nothing
    r = api.put(f"{url}/reply", json={"text": "经核实，【待填写：采取的措施】。目前，【待核实：处理结果】。", "version": v},
                headers=op)
    assert r.status_code == 200, r.text
    v += 1
    r = patch({"status": "已办结", "satisfaction": "基本满意"})
    assert r.status_code == 409 and "待填写" in r.json()["error"]["zh"] and r.json()["error"]["en"], r.text
    assert r.json()["error"]["details"]["placeholders"] == ["【待填写：采取的措施】", "【待核实：处理结果】"]
    assert api.get(url, headers=op).json()["status"] == "办理中"
    r = api.put(f"{url}/reply", json={"text": "经核实，已责令整改。", "version": v}, headers=op)
    assert r.status_code == 200, r.text
    r = patch({"status": "已办结", "satisfaction": "基本满意"})
    assert r.status_code == 200 and r.json()["satisfaction"] == "基本满意"
    v = r.json()["version"]
    r = patch({"satisfaction": "满意"})  # a recorded rating changes only with the version read
    assert r.status_code == 409 and r.json()["error"]["details"]["satisfaction"] == "基本满意"
    assert patch({"satisfaction": "基本满意"}).status_code == 200  # the same: no change, no version
    r = patch({"satisfaction": "满意", "version": v})
    assert r.status_code == 200 and r.json()["satisfaction"] == "满意" and r.json()["version"] == v + 1
    assert patch({"status": "已办结"}).status_code == 200  # same status: no-op
    r = api.put(f"{url}/reply", json={"text": "办结后修改答复", "version": v + 1}, headers=op)
    assert r.status_code == 409 and r.json()["error"]["en"]  # closed: the reply is final too
    r = api.post(f"{url}/decision", json={"accept": True, "version": v + 1}, headers=op)
    assert r.status_code == 409  # closed: triage is final
    assert patch({"status": "已完成"}).status_code == 422
    assert patch({"satisfaction": "很好"}).status_code == 422


def test_a_repeat_complaint_goes_to_the_department_the_operator_chose_for_the_first(api, tokens):
    """重复件 through the real pipeline and case index: once an operator has decided a complaint, a
    second caller about the same site and problem (cosine ≈ 0.96 here) is routed there first, with
    the first case named; the same problem at another road is not a repeat."""
    op = _auth(tokens["operator"])
    first = _file(api, tokens["operator"], text="朝阳区望京阜通东大街的工地每天夜里施工打桩，吵得全家睡不着，多次反映没人管")
    suggested = first["suggested_department"]
    chosen = next(d["code"] for d in first["suggestion"]["departments"] if d["code"] != suggested)
    # the operator corrects the category too: a repeat takes it (a tester's repeats kept the model's)
    category = next(c["label"] for c in first["suggestion"]["categories"] if c["label"] != first["suggested_category"])
    r = api.post(f"/v1/cases/{first['id']}/decision",
                 json={"department": chosen, "category": category, "version": first["version"]}, headers=op)
    assert r.status_code == 200, r.text
    again = _file(api, tokens["operator"], text="还是望京阜通东大街那个工地，每天夜里打桩，吵得孩子睡不着")
    lead = again["suggestion"]["departments"][0]
    assert lead["code"] == chosen and again["suggested_department"] == chosen
    assert any(x.startswith("重复件：") and f"工单{first['number']}" in x for x in lead["reasons"]), lead["reasons"]
    cats = again["suggestion"]["categories"]
    assert again["suggested_category"] == category and cats[0]["label"] == category
    assert cats[0]["repeat_of"] == [f"db-{first['number']}"] and not cats[0]["stated"]
    assert again["suggestion"]["needs_clarification"] is False
    elsewhere = _file(api, tokens["operator"], text="朝阳区酒仙桥路的工地每天夜里施工打桩，吵得睡不着")
    assert not any("重复件" in x for d in elsewhere["suggestion"]["departments"] for x in d["reasons"])


def test_the_same_complaint_filed_again_is_flagged_as_a_likely_repeat_at_intake(api, tokens):
    """An operator tester's two filings of the very same text (R22): the second had nothing saying so
    until the hot issues counted them. At intake its triage names the first (疑似重复件), decided or
    not; the same problem at another place, or another problem, names nothing."""
    text = "丰台区方庄芳古园一区12号楼的电梯坏了半个月了，物业一直说等配件，老人天天爬楼"
    first = _file(api, tokens["operator"], text=text)
    assert first["number"] not in first["suggestion"]["repeats"]
    again = _file(api, tokens["operator"], text=text)
    assert again["suggestion"]["repeats"][:1] == [first["number"]], again["suggestion"]["repeats"]
    retold = _file(api, tokens["operator"], text="芳古园一区12号楼电梯坏了半个月，物业一直说等配件，老人只能爬楼")
    assert first["number"] in retold["suggestion"]["repeats"], retold["suggestion"]["repeats"]
    for other in ("丰台区马家堡东路角门东里的电梯坏了半个月了，物业一直说等配件，老人天天爬楼",
                  "丰台区方庄芳古园一区12号楼楼下的饭馆油烟太大，熏得没法开窗"):
        assert first["number"] not in _file(api, tokens["operator"], text=other)["suggestion"]["repeats"], other
    # two suggestions about one place (a tester's: cosine 0.932, the same 天通苑) are no repeat
    bus = _file(api, tokens["operator"], text="建议在昌平区天通苑北到地铁5号线天通苑北站之间加开一条公交接驳线，早高峰排队太长了")
    for other in ("建议在天通苑北地铁站附近增加共享单车停放点，早上根本找不到车",):
        assert bus["number"] not in _file(api, tokens["operator"], text=other)["suggestion"]["repeats"], other


def test_decided_departments_are_training_rows_of_the_department_model(api, tokens, db_settings, pipeline):
    """What a retraining learns from: each decided case's masked text and department, with the vector
    kept for it (the undecided ones teach nothing)."""
    from classifier.department import db_dept_rows

    op = _auth(tokens["operator"])
    case = _file(api, tokens["operator"], text="劲松街道农光里社区的楼道灯坏了一个月，居委会不管，电话13912345678")
    undecided = _file(api, tokens["operator"], text="劲松街道农光里社区的健身器材坏了")
    r = api.post(f"/v1/cases/{case['id']}/decision", json={"department": "street_township", "version": case["version"]},
                 headers=op)
    assert r.status_code == 200, r.text
    rows = {row.id: (row, vec) for row, vec in db_dept_rows(db_settings.db_url, pipeline.encoder.name)}
    row, vec = rows[f"db-{case['number']}"]
    assert row.departments == ["street_township"] and row.source == "db"
    assert "13912345678" not in row.text and "楼道灯" in row.text
    assert vec is not None and vec.shape == (pipeline.cases.dim,)
    assert f"db-{undecided['number']}" not in rows
    assert db_dept_rows(db_settings.db_url, "another-encoder")[0][1] is None   # encoded again then
    assert db_dept_rows("sqlite:////nonexistent/x.db", pipeline.encoder.name) == []


def test_a_community_named_alone_is_placed_where_filed_cases_placed_it(api, tokens, db_settings, pipeline):
    """A tester's third caller about a stall at 通州区梨园镇云景里小区 said only 云景里小区: city level,
    not grouped with the other two. Once two filed cases have named it with its district, it is
    placed there (units of 通州区, the entities saying from which cases); a server started again
    learns it from the database."""
    from triage.cases.index_sync import sync_from_db
    from triage.db import session_factory
    from triage.place_memory import PlaceMemory

    op = tokens["operator"]
    text = "我是云景里小区的居民，就是南门那儿的烤串摊儿，烟太大了，晚上吵得睡不着"
    before = _file(api, op, text=text)
    assert "district" not in before["suggestion"]["entities"]["address"]
    for t in ("通州区梨园镇云景里小区南门外面那一排夜宵烧烤摊，油烟味直接飘进我们楼里",
              "梨园镇云景里小区南门外占道经营的烧烤摊又出来了，通州区的城管管管吧"):
        _file(api, op, text=t)
    after = _file(api, op, text=text)
    ents = after["suggestion"]["entities"]
    assert ents["address"]["district"] == "北京市通州区" and ents["address_from_cases"]["cases"] == 2
    assert after["suggestion"]["departments"][0]["unit"].startswith("通州区"), after["suggestion"]["departments"][0]
    pipeline.places = PlaceMemory()   # as after a restart: learnt again from the database
    try:
        assert "address_from_cases" not in pipeline.places.complete(before["suggestion"]["entities"])
        sync_from_db(pipeline, session_factory(db_settings.db_url))
        again = pipeline.places.complete({"address": {"community": "云景里小区"}})
        assert again["address"]["district"] == "北京市通州区"
    finally:
        pipeline.places = PlaceMemory()   # the session's pipeline serves other tests' databases too


def test_cases_the_citizens_notes_and_a_withdrawal(api, tokens):
    """A citizen adds to a filed case and asks to withdraw it (the bot, with the 查询码): kept as
    notes (masked but for operators), the request flags the case; an operator withdraws it with a
    reason (已撤销 from any open status, never from 已办结), after which nothing moves it on."""
    bot, op, sup = (_auth(tokens[r]) for r in ("bot", "operator", "supervisor"))
    case = _file(api, tokens["bot"], channel="bot", text="楼下烧烤店每晚油烟熏到我家，朝阳区望京西园三区")
    path, code = f"/v1/cases/{case['number']}", {"code": case["query_code"]}
    r = api.post(f"{path}/notes", json={"kind": "补充", "text": "昨晚十点又开始了"}, headers=bot)
    assert r.status_code == 404  # no code: the bot reads for the citizen who filed it only
    r = api.post(f"{path}/notes", params=code, json={"kind": "补充", "text": "昨晚又熏了，我电话13912345678"},
                 headers=bot)
    assert r.status_code == 201, r.text
    got = r.json()
    assert [(n["author"], n["kind"]) for n in got["notes"]] == [("市民", "补充")]
    assert "13912345678" not in r.text and got["notes"][0]["raw_text"] is None  # masked for the bot
    assert got["flagged"] is False and got["version"] == case["version"]  # an addition changes nothing else
    r = api.post(f"{path}/notes", params=code, json={"kind": "备注", "text": "x"}, headers=bot)
    assert r.status_code == 403 and r.json()["error"]["zh"] and r.json()["error"]["en"]
    r = api.post(f"{path}/notes", params=code, json={"kind": "撤销申请", "text": "店已经搬走了，不用处理了"},
                 headers=bot)
    assert r.status_code == 201 and r.json()["flagged"] is True and r.json()["version"] == case["version"] + 1
    assert r.json()["withdraw_asked"] is True   # the queue's badge says 撤销申请, not 转人工
    queued = {c["id"]: c for c in api.get("/v1/cases", params={"flagged": "true"}, headers=op).json()["items"]}
    assert queued[case["id"]]["withdraw_asked"] is True
    handoff = _file(api, tokens["bot"], channel="bot", text="小区门口垃圾桶满了三天没人清，东城区和平里")
    r = api.patch(f"/v1/cases/{handoff['number']}", params={"code": handoff["query_code"]}, json={"flagged": True},
                  headers=bot)
    assert r.status_code == 200 and r.json()["flagged"] is True and r.json()["withdraw_asked"] is False
    queued = {c["id"]: c for c in api.get("/v1/cases", params={"flagged": "true"}, headers=op).json()["items"]}
    assert queued[handoff["id"]]["withdraw_asked"] is False and queued[case["id"]]["withdraw_asked"] is True
    assert queued[handoff["id"]]["flag_reason"] == "转人工" and queued[case["id"]]["flag_reason"] == "撤销申请"
    # a danger told while the bot filed the case: its 补充 note, the badge says 险情 (a tester saw 转人工)
    danger = _file(api, tokens["bot"], channel="bot", text="小区门口早点摊占道经营，东城区和平里", flagged=True)
    r = api.post(f"/v1/cases/{danger['number']}/notes", params={"code": danger["query_code"]},
                 json={"kind": "补充", "text": "市民登记过程中报告险情：“楼道里有很大的煤气味”，已提示其拨打96777或119"},
                 headers=bot)
    assert r.status_code == 201 and r.json()["flag_reason"] == "险情"
    queued = {c["id"]: c for c in api.get("/v1/cases", params={"flagged": "true"}, headers=op).json()["items"]}
    assert queued[danger["id"]]["flag_reason"] == "险情" and queued[danger["id"]]["withdraw_asked"] is False
    assert api.get(f"/v1/cases/{danger['id']}", headers=op).json()["flag_reason"] == "险情"
    plain = api.get(f"/v1/cases/{_file(api, tokens['operator'])['id']}", headers=op).json()
    assert plain["flagged"] is False and plain["flag_reason"] is None
    for bad in ({"kind": "补充", "text": "  "}, {"kind": "投诉", "text": "x"}, {"text": "x"},
                {"kind": "补充", "text": "x", "version": 1}):
        assert api.post(f"{path}/notes", json=bad, headers=op).status_code == 422
    assert api.post(f"{path}/notes", json={"kind": "补充", "text": "x" * 20_001}, headers=op).status_code == 413
    read = api.get(path, headers=op).json()
    assert [n["kind"] for n in read["notes"]] == ["补充", "撤销申请"]
    assert "13912345678" in read["notes"][0]["raw_text"] and "13912345678" not in read["notes"][0]["text"]
    assert api.get(path, headers=sup).json()["notes"][0]["raw_text"] is None

    r = api.patch(path, json={"status": "已撤销"}, headers=op)
    assert r.status_code == 422 and "原因" in r.text  # a withdrawal says why
    assert api.patch(path, json={"status": "已派单", "reason": "x"}, headers=op).status_code == 422
    assert api.patch(path, params=code, json={"status": "已撤销", "reason": "市民要求"}, headers=bot).status_code == 403
    r = api.patch(path, json={"status": "已撤销", "reason": "经回电核实，店已搬离，市民申请撤单"}, headers=op)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "已撤销" and r.json()["flagged"] is False  # the hand-off is done with
    read = api.get(path, headers=op).json()
    assert [(n["author"], n["kind"]) for n in read["notes"]][-1] == ("坐席", "撤销")
    v = read["version"]
    for body in ({"status": "已派单", "version": v}, {"status": "已办结", "version": v}):
        r = api.patch(path, json=body, headers=op)
        assert r.status_code == 409 and "撤销" in r.json()["error"]["zh"]
    r = api.post(f"{path}/decision", json={"accept": True, "version": v}, headers=op)
    assert r.status_code == 409 and "已撤销" in r.json()["error"]["zh"]
    r = api.post(f"{path}/decision", json={"accept": True, "version": 1}, headers=op)   # stale too:
    assert r.status_code == 409 and "已撤销" in r.json()["error"]["zh"]   # what matters is said first
    r = api.put(f"{path}/reply", json={"text": "答复", "version": 1}, headers=op)
    assert r.status_code == 409 and "已撤销" in r.json()["error"]["zh"]
    r = api.patch(path, json={"status": "已撤销", "reason": "再撤一次"}, headers=op)
    assert r.status_code == 409 and "已撤销" in r.json()["error"]["zh"]   # a second reason is not dropped silently
    r = api.post(f"{path}/draft-reply", headers=op)
    assert r.status_code == 409 and "无需答复" in r.json()["error"]["zh"]
    r = api.post(f"{path}/notes", params=code, json={"kind": "补充", "text": "又来了"}, headers=bot)
    assert r.status_code == 409 and "重新反映" in r.json()["error"]["zh"]
    assert api.post(f"{path}/notes", json={"kind": "备注", "text": "已电话告知市民"}, headers=op).status_code == 201
    assert api.get(path, headers=op).json()["status"] == "已撤销"
    listed = api.get("/v1/cases", params={"status": "已撤销"}, headers=op).json()["items"]
    assert case["id"] in [c["id"] for c in listed]
    assert api.get("/v1/metrics", headers=sup).json()["cases_by_status"]["已撤销"] >= 1

    # a closed case is not withdrawn
    other = _file(api, tokens["operator"])
    url = f"/v1/cases/{other['id']}"
    assert api.post(f"{url}/decision", json={"accept": True, "version": 1}, headers=op).status_code == 200
    closed = _close(api, url, op, 2)
    r = api.patch(url, json={"status": "已撤销", "reason": "市民要求"}, headers=op)
    assert r.status_code == 409 and r.json()["error"]["details"]["allowed"] == []
    assert api.get(url, headers=op).json()["status"] == "已办结" == closed["status"]


def test_cases_metrics_acceptance_per_department_category_day(db_settings, pipeline, tmp_path):
    from triage.cases.service import BEIJING

    settings = db_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'metrics.db'}"})
    with _client(settings, pipeline) as c:
        tk = _tokens(settings)
        op, sup = _auth(tk["operator"]), _auth(tk["supervisor"])
        cases = [_file(c, tk["operator"], text=f"{NOISE}（{i}）") for i in range(3)]
        c.post(f"/v1/cases/{cases[0]['id']}/decision", json={"accept": True, "version": 1}, headers=op)
        c.post(f"/v1/cases/{cases[1]['id']}/decision", json={"accept": True, "version": 1}, headers=op)
        other = cases[2]["suggestion"]["departments"][1]["code"]
        c.post(f"/v1/cases/{cases[2]['id']}/decision",
               json={"accept": False, "department": other, "version": 1}, headers=op)
        assert c.get("/v1/metrics", headers=op).status_code == 403
        r = c.get("/v1/metrics", headers=sup)
        assert r.status_code == 200, r.text
        m = r.json()
    assert m["decisions"] == 3 and m["accepted"] == 2 and m["acceptance_rate"] == pytest.approx(2 / 3, abs=1e-3)
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    assert m["per_day"] == [{"key": today, "total": 3, "accepted": 2, "rate": pytest.approx(0.6667, abs=1e-3)}]
    assert sum(x["total"] for x in m["per_department"]) == 3
    assert sum(x["accepted"] for x in m["per_department"]) == 2
    # the category suggestion was kept every time (only a department was corrected)
    assert sum(x["accepted"] for x in m["per_category"]) == 3
    assert m["cases_by_status"]["已受理"] == 3 and m["satisfaction"] == {}
    assert BEIJING.utcoffset(None).total_seconds() == 8 * 3600
    # a second decision on a case replaces its first in the figures: each case counts once
    with _client(settings, pipeline) as c:
        r = c.post(f"/v1/cases/{cases[0]['id']}/decision",
                   json={"accept": False, "department": other, "version": 2}, headers=op)
        assert r.status_code == 200, r.text
        m = c.get("/v1/metrics", headers=sup).json()
    assert m["decisions"] == 3 and m["accepted"] == 1
    assert sum(x["total"] for x in m["per_department"]) == 3


def test_cases_a_category_correction_keeps_the_corrected_department(api, tokens):
    """Correcting the category alone after the department was corrected keeps that department
    (the field left out keeps its decided value); accepting goes back to the suggestion."""
    op = _auth(tokens["operator"])
    case = _file(api, tokens["operator"])
    other = next(d["code"] for d in case["suggestion"]["departments"] if d["code"] != case["suggested_department"])
    cat = next(c["label"] for c in case["suggestion"]["categories"] if c["label"] != case["suggested_category"])
    r = api.post(f"/v1/cases/{case['id']}/decision", json={"accept": False, "department": other, "version": 1},
                 headers=op)
    assert r.status_code == 200 and r.json()["case"]["decided_department"] == other
    r = api.post(f"/v1/cases/{case['id']}/decision", json={"accept": False, "category": cat, "version": 2},
                 headers=op)
    got = r.json()["case"]
    assert r.status_code == 200 and got["decided_category"] == cat and got["decided_department"] == other
    assert r.json()["decision"]["decided_department"] == other
    r = api.post(f"/v1/cases/{case['id']}/decision", json={"accept": True, "version": 3}, headers=op)
    got = r.json()["case"]
    assert got["decided_department"] == case["suggested_department"]
    assert got["decided_category"] == case["suggested_category"]


def test_cases_create_503_without_pipeline_other_endpoints_work(db_settings, tokens, api):
    case = _file(api, tokens["operator"])
    with _client(db_settings, None) as c:
        r = c.post("/v1/cases", json={"text": NOISE, "channel": "web"}, headers=_auth(tokens["operator"]))
        assert r.status_code == 503 and r.json()["error"]["zh"] and r.json()["error"]["en"]
        r = c.get(f"/v1/cases/{case['id']}", headers=_auth(tokens["operator"]))
        assert r.status_code == 200 and r.json()["suggestion"]["similar_cases"][0].get("text") is None
        assert c.get("/v1/cases", headers=_auth(tokens["supervisor"])).status_code == 200
        r = c.post(f"/v1/cases/{case['id']}/decision", json={"accept": True, "version": 1},
                   headers=_auth(tokens["operator"]))
        assert r.status_code == 200


def test_db_migrations_schema_and_pragmas(db_settings, api):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from triage.db import Base, alembic_config, get_engine, init_db

    init_db(db_settings)  # idempotent
    eng = get_engine(db_settings.db_url)
    with eng.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        # the database sits at the newest migration script (0001 initial, 0002 train jobs, ...)
        head = ScriptDirectory.from_config(alembic_config(db_settings.db_url)).get_current_head()
        assert head is not None and head >= "0002"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_db_migration_0007_keeps_cases_decisions_and_vectors(tmp_path):
    """0007 copies the cases table (a new CHECK for 已撤销): the rows that reference cases
    (decisions, vectors; ON DELETE CASCADE) survive it, and foreign keys are on again after."""
    from alembic import command

    from triage.db import alembic_config, get_engine, sqlite_foreign_keys_on

    url = f"sqlite:///{tmp_path / 'old.db'}"
    cfg = alembic_config(url)
    eng = get_engine(url)
    with eng.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
        conn.commit()
        sqlite_foreign_keys_on(conn)
        conn.exec_driver_sql("INSERT INTO users (id, name, role, token_hash, created_at, active) "
                             "VALUES (1, 'a', 'operator', 'x', '2026-01-01 00:00:00', 1)")
        conn.exec_driver_sql(
            "INSERT INTO cases (id, number, channel, title, text, raw_title, raw_text, status, suggestion, "
            "flagged, version, created_at, updated_at) VALUES (1, 'JS20260101-000001', 'web', '', '噪音', '', "
            "'噪音', '已派单', '{}', 0, 2, '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
        conn.exec_driver_sql("INSERT INTO decisions (case_id, user_id, accepted, case_version, day, created_at) "
                             "VALUES (1, 1, 1, 1, '2026-01-01', '2026-01-01 00:00:00')")
        conn.exec_driver_sql("INSERT INTO case_vectors (case_id, encoder, vector) VALUES (1, 'e', x'00')")
        conn.commit()
        with pytest.raises(Exception, match="CHECK"):
            conn.exec_driver_sql("UPDATE cases SET status = '已撤销'")
        conn.rollback()
    with eng.connect() as conn:
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
            conn.commit()
        finally:
            sqlite_foreign_keys_on(conn)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM decisions").scalar() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM case_vectors").scalar() == 1
        assert conn.exec_driver_sql("SELECT status, version FROM cases").one() == ("已派单", 2)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        conn.exec_driver_sql("UPDATE cases SET status = '已撤销'")
        with pytest.raises(Exception, match="CHECK"):
            conn.exec_driver_sql("UPDATE cases SET status = '撤了'")
        conn.rollback()
        conn.exec_driver_sql("DELETE FROM cases")  # the cascade still works after the copy
        conn.commit()
        assert conn.exec_driver_sql("SELECT count(*) FROM decisions").scalar() == 0


# -- model versions (an isolated registry: never move the shared test home's pointer) -----------

@pytest.fixture()
def registry_home(built_home, tmp_path):
    from classifier.registry import get_active_id, write_json_atomic

    src = built_home.models_dir / get_active_id(built_home.models_dir) / "meta.json"
    meta = json.loads(src.read_text(encoding="utf-8"))
    for mid in ("m-old", "m-new"):
        (tmp_path / "models" / mid).mkdir(parents=True)
        write_json_atomic(tmp_path / "models" / mid / "meta.json", {**meta, "id": mid})
    write_json_atomic(tmp_path / "models" / "ACTIVE.json", {"active": "m-new", "history": ["m-old"]})
    return built_home.model_copy(update={"home": tmp_path, "database_url": f"sqlite:///{tmp_path / 'm.db'}"})


def test_models_list_promote_rollback_supervisor_only(registry_home):
    with _client(registry_home) as c:
        tk = _tokens(registry_home)
        sup = _auth(tk["supervisor"])
        for role in ("operator", "bot"):
            assert c.get("/v1/models", headers=_auth(tk[role])).status_code == 403
            assert c.post("/v1/models/rollback", headers=_auth(tk[role])).status_code == 403
        r = c.get("/v1/models", headers=sup)
        assert r.status_code == 200, r.text
        got = r.json()
        assert got["active"] == "m-new" and [m["id"] for m in got["models"]] == ["m-new", "m-old"]
        assert [m["active"] for m in got["models"]] == [True, False] and "metrics" in got["models"][0]
        r = c.post("/v1/models/rollback", headers=sup)
        assert r.status_code == 200 and r.json()["active"] == "m-old"
        r = c.post("/v1/models/rollback", headers=sup)
        assert r.status_code == 409 and r.json()["error"]["zh"] and r.json()["error"]["en"]
        assert c.post("/v1/models/m-new/promote", headers=sup).json()["active"] == "m-new"
        for bad in ("nope", "..", "m-new%2F..%2Fx"):
            assert c.post(f"/v1/models/{bad}/promote", headers=sup).status_code == 404
    pointer = json.loads((registry_home.models_dir / "ACTIVE.json").read_text(encoding="utf-8"))
    assert pointer["active"] == "m-new"


def test_models_a_version_promoted_by_another_process_is_served_without_a_restart(built_home, tmp_path):
    """`jiesu train` / `jiesu models promote` move the pointer from their own process: the running
    server lists and serves that version at once (a tester's stayed reload_required until a restart)."""
    import shutil

    from classifier.registry import get_active_id, set_active, write_json_atomic
    from triage.api.app import create_app

    good = get_active_id(built_home.models_dir)
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    for name in ("encoder", "indexes"):
        (home / name).symlink_to(built_home.home / name)
    other = good[:-4] + "cafe"
    for mid in (good, other):
        shutil.copytree(built_home.models_dir / good, home / "models" / mid)
        meta = json.loads((home / "models" / mid / "meta.json").read_text(encoding="utf-8"))
        write_json_atomic(home / "models" / mid / "meta.json", {**meta, "id": mid})
    set_active(home / "models", good)
    settings = built_home.model_copy(update={"home": home, "database_url": f"sqlite:///{tmp_path / 'm.db'}"})
    with TestClient(create_app(settings, load=True)) as c:
        sup = _auth(_tokens(settings)["supervisor"])
        assert c.get("/v1/models", headers=sup).json()["loaded"] == good
        set_active(home / "models", other)   # as `jiesu models promote` in another process
        models = c.get("/v1/models", headers=sup).json()
        assert models["active"] == models["loaded"] == other and models["reload_required"] is False
        assert c.post("/v1/triage", json={"text": NOISE}, headers=sup).json()["model_version"] == other


def test_models_a_server_started_on_a_damaged_model_serves_once_a_good_one_is_promoted(built_home, tmp_path):
    """The active version's files are damaged: the server starts not ready (503). Promoting a good
    version loads the whole pipeline at once (before, the pointer moved and nothing was served
    until a restart); promoting a damaged one answers 409 and keeps the pointer."""
    import shutil

    from classifier.registry import get_active_id, write_json_atomic
    from triage.api.app import create_app

    good = get_active_id(built_home.models_dir)
    home = tmp_path / "home"
    (home / "models").mkdir(parents=True)
    for name in ("encoder", "indexes"):
        (home / name).symlink_to(built_home.home / name)
    shutil.copytree(built_home.models_dir / good, home / "models" / good)
    broken = good[:-4] + "beef"
    shutil.copytree(home / "models" / good, home / "models" / broken)
    meta = json.loads((home / "models" / broken / "meta.json").read_text(encoding="utf-8"))
    write_json_atomic(home / "models" / broken / "meta.json", {**meta, "id": broken})
    (home / "models" / broken / "head_coef.npy").unlink()
    write_json_atomic(home / "models" / "ACTIVE.json", {"active": broken, "history": [good]})
    settings = built_home.model_copy(update={"home": home, "database_url": f"sqlite:///{tmp_path / 'm.db'}"})
    with TestClient(create_app(settings, load=True)) as c:
        sup = _auth(_tokens(settings)["supervisor"])
        assert c.get("/readyz").status_code == 503
        r = c.post(f"/v1/models/{broken}/promote", headers=sup)
        assert r.status_code == 409 and r.json()["error"]["en"], r.text
        assert c.get("/readyz").status_code == 503
        r = c.post(f"/v1/models/{good}/promote", headers=sup)
        assert r.status_code == 200, r.text
        ready = c.get("/readyz")
        assert ready.status_code == 200 and ready.json()["model"] == good
        assert c.post("/v1/triage", json={"text": NOISE}, headers=sup).status_code == 200


def test_readyz_waits_for_the_bot_when_it_is_required(db_settings, pipeline):
    """`jiesu run` starts a bot beside the API: until the bot and its action server answer, /readyz
    is 503 and names what it waits for (here nothing listens on their ports; the bot's own stack
    checks the 200 in tests/bot/test_bot_e2e.py)."""
    import socket

    with socket.socket() as a, socket.socket() as b:   # two loopback ports no one listens on
        a.bind(("127.0.0.1", 0))
        b.bind(("127.0.0.1", 0))
        ports = a.getsockname()[1], b.getsockname()[1]
    alone = db_settings.model_copy(update={"bot_url": f"http://127.0.0.1:{ports[0]}",
                                           "bot_actions_url": f"http://127.0.0.1:{ports[1]}"})
    with _client(alone, pipeline) as c:
        assert c.get("/readyz").status_code == 200   # `jiesu serve`: the API alone
    with _client(alone.model_copy(update={"bot_required": True}), pipeline) as c:
        r = c.get("/readyz")
        assert r.status_code == 503, r.text
        err = r.json()["error"]
        assert err["details"]["waiting_for"] == ["bot", "bot-actions"] and "对话机器人" in err["zh"] and err["en"]


# -- a real server: concurrent filings and decisions ------------------------------------------

@pytest.fixture(scope="module")
def server(start_api, tmp_path_factory):
    with start_api(tmp_path_factory.mktemp("server")) as (base, settings):
        yield base, settings, _tokens(settings)


def test_cases_500_concurrent_filings_and_decisions_stored_once(server):
    """500 citizens file at the same moment, then 500 operators decide them at the same moment:
    every filing is one case with its own number, every decision one row; nothing lost or doubled."""
    import asyncio

    from triage.cases.models import AuditEntry, Case, Decision
    from triage.db import session_scope

    base, settings, tk = server
    tag = uuid.uuid4().hex[:8]
    n = 500

    async def all_at_once(requests: list[tuple[str, str, dict, str]]) -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
        async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as client:
            go = asyncio.Event()

            async def one(method: str, path: str, body: dict, role: str) -> httpx.Response:
                await go.wait()
                return await client.request(method, path, json=body, headers=_auth(tk[role]))

            tasks = [asyncio.create_task(one(*r)) for r in requests]
            await asyncio.sleep(0.2)  # every task waiting at the gate
            go.set()
            return await asyncio.gather(*tasks)

    def run(requests: list[tuple[str, str, dict, str]]) -> list[httpx.Response]:
        # a thread of its own: the suite's browser tests leave an event loop on this one
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, all_at_once(requests)).result()

    filings = [("POST", "/v1/cases", {"text": f"{NOISE} 并发{tag}-{i:03d}号", "channel": "bot"}, "bot")
               for i in range(n)]
    responses = run(filings)
    assert [r.status_code for r in responses] == [201] * n, [r.text[:200] for r in responses if r.status_code != 201][:3]
    cases = [r.json() for r in responses]
    numbers = [c["number"] for c in cases]
    assert len(set(numbers)) == n and all(NUMBER.match(x) for x in numbers)
    assert all("13912345678" not in r.text for r in responses)  # the bot's view is masked

    decisions = [("POST", f"/v1/cases/{c['id']}/decision", {"accept": True, "version": c["version"]},
                  "operator" if i % 2 else "operator2") for i, c in enumerate(cases)]
    decided = run(decisions)
    assert [r.status_code for r in decided] == [200] * n, [r.text[:200] for r in decided if r.status_code != 200][:3]

    ids = [c["id"] for c in cases]
    with session_scope(settings) as db:
        rows = db.execute(select(Case.raw_text, Case.number, Case.version)
                          .where(Case.raw_text.contains(f"并发{tag}-"))).all()
        assert len(rows) == n
        marks = sorted(t.split(f"并发{tag}-")[1][:4] for t, _, _ in rows)
        assert marks == [f"{i:03d}号" for i in range(n)]  # each filing stored exactly once
        assert sorted(x for _, x, _ in rows) == sorted(numbers)
        assert {v for _, _, v in rows} == {cases[0]["version"] + 1}  # each decided exactly once
        per_case = db.execute(select(Decision.case_id, func.count(Decision.id))
                              .where(Decision.case_id.in_(ids)).group_by(Decision.case_id)).all()
        assert len(per_case) == n and {c for _, c in per_case} == {1}
        creates = db.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "create", AuditEntry.case_id.in_(ids)))
        assert creates == n


def test_cases_two_concurrent_decisions_one_wins(server):
    base, _, tk = server
    r = httpx.post(f"{base}/v1/cases", headers=_auth(tk["operator"]), timeout=120,
                   json={"text": NOISE, "channel": "phone"})
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    for attempt in range(3):  # same version from two operators at the same moment
        version = httpx.get(f"{base}/v1/cases/{cid}", headers=_auth(tk["operator"]), timeout=30).json()["version"]
        gate = threading.Barrier(2)

        def decide(who: str, gate: threading.Barrier = gate, version: int = version) -> httpx.Response:
            gate.wait(timeout=30)
            return httpx.post(f"{base}/v1/cases/{cid}/decision", headers=_auth(tk[who]), timeout=60,
                              json={"accept": True, "version": version})

        with ThreadPoolExecutor(2) as pool:
            got = sorted(r.status_code for r in pool.map(decide, ["operator", "operator2"]))
        assert got == [200, 409]
    case = httpx.get(f"{base}/v1/cases/{cid}", headers=_auth(tk["operator"]), timeout=30).json()
    assert case["version"] == 4 and len(case["decisions"]) == 3



def test_cases_filed_are_similar_cases_at_once_and_after_a_restart(server, encoder):
    """A filed case is searchable at once; its decided department then votes; a restarted server
    takes the database's cases back from their stored vectors (tested on a fresh index)."""
    import numpy as np

    from kb_index.cases import CaseIndex
    from triage.cases.index_sync import sync_from_db
    from triage.cases.models import Case, CaseVector
    from triage.db import session_factory, session_scope

    base, settings, tk = server
    op = _auth(tk["operator"])
    text = f"石景山区鲁谷街道某小区地下车库积水发臭已经三个月，蚊虫很多，物业推诿不管，电话13912345678，编号{uuid.uuid4().hex[:6]}"
    before = httpx.get(f"{base}/readyz", timeout=30).json()["cases"]
    r = httpx.post(f"{base}/v1/cases", headers=op, json={"text": text, "channel": "phone"}, timeout=300)
    assert r.status_code == 201, r.text
    case = r.json()
    rid = f"db-{case['number']}"
    assert httpx.get(f"{base}/readyz", timeout=30).json()["cases"] == before + 1

    def top_hit() -> dict:
        t = httpx.post(f"{base}/v1/triage", headers=op, json={"text": text}, timeout=300)
        assert t.status_code == 200, t.text
        # the pipeline's stages as W3C Server-Timing: each a duration, together the pipeline's
        timing = dict(part.strip().split(";", 1) for part in t.headers["server-timing"].split(","))
        stages = ("preprocess", "encoder", "category", "cases", "departments", "regulations_routing")
        durs = {k: float(timing[k].removeprefix("dur=")) for k in (*stages, "pipeline")}
        assert durs["encoder"] > 0 and timing["batch"] == 'desc="1"'
        assert abs(sum(durs[k] for k in stages) - durs["pipeline"]) < 0.1
        return t.json()["similar_cases"][0]

    hit = top_hit()
    assert hit["id"] == rid and hit["source"] == "db" and hit["score"] > 0.99
    assert hit["departments"] == []  # undecided: a suggestion does not vote for itself
    assert "13912345678" not in hit["text"]

    dept = next(d["code"] for d in case["suggestion"]["departments"][1:])  # a correction
    d = httpx.post(f"{base}/v1/cases/{case['id']}/decision", headers=op, timeout=60,
                   json={"accept": False, "department": dept, "version": case["version"]})
    assert d.status_code == 200, d.text
    assert top_hit()["departments"] == [dept]

    # a restart: the database's cases go into a fresh index from their stored vectors
    class Fresh:
        def __init__(self) -> None:
            self.encoder = encoder
            self.cases = CaseIndex(encoder.dim, encoder.name)
            self._lock = threading.Lock()

    with session_scope(settings) as db:
        n_cases = db.scalar(select(func.count(Case.id)))
        assert db.scalar(select(func.count(CaseVector.case_id))) == n_cases
        db.delete(db.get(CaseVector, case["id"]))  # a lost vector is encoded again
    fresh = Fresh()
    got = sync_from_db(fresh, session_factory(settings.db_url))
    assert got == {"cases": n_cases, "encoded": 1} and len(fresh.cases) == n_cases
    rec = fresh.cases.get(rid)
    assert rec is not None and rec.departments == [dept] and rec.source == "db"
    q = encoder.encode([text], prefix="query: ")
    assert fresh.cases.search(np.asarray(q), k=1)[0][0]["id"] == rid
    with session_scope(settings) as db:
        assert db.get(CaseVector, case["id"]) is not None  # stored again


def test_triage_concurrent_requests_each_get_their_own_result(server):
    """Requests arriving together are triaged in one batch: each still gets its own answer."""
    base, _, tk = server
    run = uuid.uuid4().hex[:6]
    texts = [f"{NOISE}，第{i}次反映，标记{run}{i:02d}" if i % 2 else f"小区垃圾分类桶满了没人清运，标记{run}{i:02d}"
             for i in range(16)]
    gate = threading.Barrier(len(texts))

    def send(t: str) -> httpx.Response:
        gate.wait(timeout=60)
        return httpx.post(f"{base}/v1/triage", headers=_auth(tk["operator"]), json={"text": t}, timeout=300)

    with ThreadPoolExecutor(len(texts)) as pool:
        got = list(pool.map(send, texts))
    assert [r.status_code for r in got] == [200] * len(texts), [r.text[:300] for r in got]
    for i, r in enumerate(got):
        body = r.json()
        assert f"标记{run}{i:02d}" in body["masked_text"] and "13912345678" not in body["masked_text"]
        assert body["categories"] and body["departments"] and body["similar_cases"]


def test_schemathesis_live_openapi(server, tmp_path):
    """schemathesis against the live server's OpenAPI schema, every phase (examples, coverage,
    fuzzing, stateful): no server error; status codes, content types, headers and bodies as
    documented; schema-invalid input refused. Its ``not_a_server_error`` is replaced by
    ``st_hooks.no_server_error`` (a documented 503 with the API's error body is allowed: the bot is
    not running here). Not checked: ``positive_data_acceptance`` — some values are checked against
    live data no schema can state (department codes, the model's categories, the case's own
    suggestion when accepting) and are refused with 422. Path ``ref`` is a real case, so the case
    operations reach their logic instead of 404; hot issues are grouped from the case database
    (the data file's first grouping takes minutes). Left out: ``POST /v1/train`` (a real
    retraining) and promote / rollback (they would switch the model the other tests share; both
    have their own tests). One worker: with two, CPython 3.11's AST constructor now and then fails
    inside schemathesis itself ("AST constructor recursion depth mismatch", python/cpython#106905)."""
    base, _, tk = server
    r = httpx.post(f"{base}/v1/cases", headers=_auth(tk["operator"]), timeout=300,
                   json={"text": NOISE, "channel": "phone"})
    assert r.status_code == 201, r.text
    config = tmp_path / "schemathesis.toml"
    config.write_text(
        'request-timeout = 120\n'
        f'[parameters]\nref = "{r.json()["number"]}"\nsource = "cases"\n'
        '[checks.negative_data_rejection]\n'   # 413: our answer to a text over 20,000 characters
        'expected-statuses = ["400", "401", "403", "404", "409", "413", "422"]\n', encoding="utf-8")
    st = Path(sys.executable).with_name("schemathesis")
    proc = subprocess.run(
        [str(st), "--config-file", str(config), "run", f"{base}/openapi.json",
         "-H", f"Authorization: Bearer {tk['supervisor']}",
         "--exclude-path", "/v1/train", "--exclude-path-regex", "^/v1/models/",
         "--exclude-checks", "not_a_server_error,positive_data_acceptance", "--max-examples", "3", "--workers", "1",
         "--seed", "12345", "--report", "junit", "--report-dir", str(tmp_path)],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent), "SCHEMATHESIS_HOOKS": "st_hooks",
             "NO_COLOR": "1"},
        capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    tested = re.search(r"Tested:\s+(\d+)", out)
    assert tested and int(tested.group(1)) >= 18, out[-3000:]  # every operation but the three left out
    generated = re.search(r"(\d+) generated, (\d+) passed", out)
    assert generated and generated.group(1) == generated.group(2) and int(generated.group(1)) >= 150, out[-3000:]


def test_cases_a_phone_number_in_the_text_becomes_the_contact_when_none_is_given(api, tokens):
    """A chat or a pasted message gives its call-back number in the text: operators find it in the
    contact field (masked for the others); a contact given apart wins."""
    case = _file(api, tokens["bot"], channel="bot", text="小区里有人遛狗不拴绳，还咬伤了人，有事打我电话13912345678")
    got = api.get(f"/v1/cases/{case['id']}", headers=_auth(tokens["operator"])).json()
    assert got["contact"] == "13912345678" and "13912345678" not in got["text"]
    other = api.get(f"/v1/cases/{case['id']}", headers=_auth(tokens["supervisor"])).json()
    assert other["contact"] and "13912345678" not in other["contact"]
    given = _file(api, tokens["operator"], text="噪音扰民，电话13912345678", contact="李女士 13800138000")
    got = api.get(f"/v1/cases/{given['id']}", headers=_auth(tokens["operator"])).json()
    assert got["contact"] == "李女士 13800138000"
    none = _file(api, tokens["operator"], text="楼下烧烤店油烟太大")
    assert api.get(f"/v1/cases/{none['id']}", headers=_auth(tokens["operator"])).json()["contact"] is None
    # said in Chinese digits: the contact is in digits, as an operator dials it
    spoken = _file(api, tokens["bot"], channel="bot", text="楼下烧烤店油烟太大，我电话一三八零零一三八零零零")
    assert api.get(f"/v1/cases/{spoken['id']}", headers=_auth(tokens["operator"])).json()["contact"] == "13800138000"
    # a contact given in Chinese digits too (a tester's stayed 一三三 一二三四 五六七八: no search found
    # it, hot issues counted it as another caller); a name beside it stays as given
    said = _file(api, tokens["operator"], text="楼下烧烤店油烟太大", contact="一三三 一二三四 五六七八")
    assert api.get(f"/v1/cases/{said['id']}", headers=_auth(tokens["operator"])).json()["contact"] == "13312345678"
    found = api.get("/v1/cases", params={"q": "13312345678"}, headers=_auth(tokens["operator"])).json()
    assert said["number"] in json.dumps(found, ensure_ascii=False)
    named = _file(api, tokens["operator"], text="楼下烧烤店油烟太大", contact="王一女士 13800138000")
    assert api.get(f"/v1/cases/{named['id']}", headers=_auth(tokens["operator"])).json()["contact"] == "王一女士 13800138000"


def test_cli_triage_votes_with_the_databases_decided_cases_as_the_api_does(api, tokens, db_settings, tmp_path):
    """`jiesu predict` / `jiesu triage` add the case database's cases to the similar-case index as
    the API does at start-up (a tester got two first departments for one text); without a database
    they add nothing and create none."""
    from triage.cli import _add_db_cases
    from triage.pipeline import TriagePipeline

    case = _file(api, tokens["operator"])
    r = api.post(f"/v1/cases/{case['id']}/decision", json={"accept": True, "version": 1},
                 headers=_auth(tokens["operator"]))
    assert r.status_code == 200, r.text
    fresh = TriagePipeline(db_settings)
    assert fresh.cases.get(f"db-{case['number']}") is None
    _add_db_cases(fresh, db_settings)
    rec = fresh.cases.get(f"db-{case['number']}")
    assert rec is not None and rec.departments == [case["suggested_department"]]
    none = db_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'none.db'}"})
    before = len(fresh.cases)
    _add_db_cases(fresh, none)
    assert len(fresh.cases) == before and not (tmp_path / "none.db").exists()
