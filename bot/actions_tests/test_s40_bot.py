"""Session 40: what the citizens' round left (tester50's closing list) — a wish for a person said
with the matter itself starts the complaint, with a call-back asked for."""

from __future__ import annotations

from typing import Any

import pytest
from actions.actions import CALL_BACK_MARK, ActionAskAddress, ActionHandoff, ActionSubmitComplaint, ValidateComplaintForm
from conftest import tracker_json
from test_actions import run, said
from test_t50_followup import _case_row, _chat


def _followup(events: list[dict[str, Any]]) -> str | None:
    return next((e.get("name") for e in events if e.get("event") == "followup"), None)


@pytest.mark.parametrize("text, kept", [
    ("给我转人工，我要投诉物业乱收费", "物业乱收费"),
    ("我要人工客服。我们小区门口的垃圾站好几天没人清运了，臭死了", "垃圾站好几天没人清运"),
    ("转人工 楼上天天半夜装修，电钻声吵得睡不着", "电钻"),
])
def test_s40_a_person_wished_with_the_matter_starts_the_complaint(live, domain, text, kept):
    """"给我转人工，我要投诉物业乱收费" got only "no person here … tell me what happened": the matter was said.
    It becomes the complaint's description (without the wish), the form goes on, a call-back is noted."""
    state = tracker_json(text=text, intent="request_human", active_loop=None)
    slots, events, messages = run(ActionHandoff(), state, domain)
    told = said(messages)
    assert "拨打12345" in told and CALL_BACK_MARK in told and "请稍候" not in told, told
    assert "跟我说说遇到了什么事" not in told, told
    assert kept in (slots.get("description") or ""), slots
    assert not any(w in slots["description"] for w in ("人工", "客服")), slots
    assert _followup(events) == "complaint_form", events


def test_s40_the_case_filed_after_it_asks_for_a_call_back(live, domain):
    text = "给我转人工，我要投诉物业乱收费"
    _, _, messages = run(ActionHandoff(), tracker_json(text=text, intent="request_human", active_loop=None), domain)
    filled = {"description": "我要投诉物业乱收费", "address": "北京市丰台区方庄芳古园一区",
              "contact": "13612345678", "confirmation": True}
    state = _chat(tracker_json(text="对", intent="affirm", active_loop=None, slots=filled), (text, [said(messages)]))
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    raw, flagged = _case_row(live, slots["case_number"])
    assert flagged and "回电" in raw, raw


@pytest.mark.parametrize("text", ["转人工，我要投诉", "给我转人工客服", "我要人工，快点", "人工人工"])
def test_s40_a_wish_for_a_person_alone_starts_nothing(live, domain, text):
    state = tracker_json(text=text, intent="request_human", active_loop=None)
    slots, events, messages = run(ActionHandoff(), state, domain)
    told = said(messages)
    assert "跟我说说遇到了什么事" in told and _followup(events) is None and not slots.get("description"), (told, events)


# -- unpaid wages: the employer is asked for ------------------------------------------------------------

@pytest.mark.parametrize("description, asked", [
    ("公司拖欠工资三个月了，老板一直不给", "哪家单位"),
    ("单位拖了我两个月的工资不发", "哪家单位"),
    ("我在一家饭店上班，老板不发工资", "哪家单位"),
    ("北京华强建筑有限公司拖欠我们三个月工资", "这家单位在哪里"),
    ("包工头老王不给工钱，欠了八千", "这家单位在哪里"),
])
def test_s40_unpaid_wages_ask_for_the_employer(live, domain, description, asked):
    """Unpaid wages were asked "问题发生在哪里": the labour inspectors need the employer, its name and
    address (and how much, how long): asked where the place is asked."""
    state = tracker_json(text=description, requested_slot="address", slots={"description": description})
    _, _, messages = run(ActionAskAddress(), state, domain)
    told = said(messages)
    assert asked in told and "问题发生在哪里" not in told, told
    assert ("名称" in told) == (asked == "哪家单位"), told


def test_s40_other_problems_keep_the_place_question(live, domain):
    state = tracker_json(text="楼下饭店油烟太大", requested_slot="address", slots={"description": "楼下饭店油烟太大，熏得没法开窗"})
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert "哪家单位" not in said(messages), said(messages)


@pytest.mark.parametrize("answer, place, kept", [
    ("海淀区中关村大街的华强建筑公司，欠了两万多", "中关村大街", "两万"),
    ("朝阳区酒仙桥路10号恒通物流有限公司", "酒仙桥路", None),
])
def test_s40_the_employer_answer_gives_the_place_and_keeps_the_rest(live, domain, answer, place, kept):
    description = "公司拖欠工资三个月了，老板一直不给"
    state = tracker_json(text=answer, intent="inform", requested_slot="address", set_now={"address": answer},
                         slots={"description": description})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert place in (slots.get("address") or ""), (slots, said(messages))
    if kept:
        assert kept in (slots.get("description") or "") + (slots.get("address") or ""), slots
