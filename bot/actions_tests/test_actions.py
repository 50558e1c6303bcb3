"""Actions run on trackers built from JSON, against the real triage API (and one that is down)."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import unicodedata
import urllib.request
from typing import Any

import pytest
from conftest import GAS_ADVICE, tracker_json
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAnswerConsultation,
    ActionAnythingElse,
    ActionAskAddress,
    ActionAskCategoryChoice,
    ActionAskConfirmation,
    ActionAskContact,
    ActionAskDescription,
    ActionAskFixField,
    ActionAskTime,
    ActionCheckProgress,
    ActionGoodbye,
    ActionGreet,
    ActionHandoff,
    ActionInformOutside,
    ActionLeaveForm,
    ActionOutOfScope,
    ActionPraise,
    ActionStartOver,
    ActionSubmitComplaint,
    ActionTakeContact,
    ActionThank,
)
from actions.common import (
    case_number_in,
    _civil,
    fix_targets,
    _handled_by,
    KEPT_SECRET,
    NO_PHONE_TOLD,
    _outside_beijing,
    PENALTY_TOLD,
    _privacy_answer,
    PRIVACY_TOLD,
    _refined,
    _shown,
    _title,
    torn,
)
from actions.form import (
    ValidateComplaintForm,
)
from actions.safety import (
    SELF_HARM_ADVICE,
    SELF_HARM_NO_PERSON,
)
from actions.api.triage import TriageClient

API_DOWN = "utter_api_down"


def run(action: Any, state: dict[str, Any], domain: dict[str, Any]) -> tuple[dict[str, Any], list[dict], list[dict]]:
    """Run an action; returns the slots it set (last value wins), all events, and the messages."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, Tracker.from_dict(state), domain))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return slots, events, dispatcher.messages


def validate(domain: dict[str, Any], text: str, slot: str, value: Any = None, **kw: Any):
    state = tracker_json(text=text, set_now={slot: text if value is None else value}, **kw)
    return run(ValidateComplaintForm(), state, domain)


def said(messages: list[dict]) -> str:
    return " ".join((m.get("text") or "") + (m.get("response") or "") for m in messages)


# -- description -----------------------------------------------------------------------------------

def test_actions_specific_complaint_fills_address_and_time(live, domain):
    slots, _, messages = validate(domain, "我要投诉朝阳区望京街道的一家培训机构晚上11点还在营业上课，孩子们太累了",
                                  "description")
    assert slots["description"].startswith("我要投诉朝阳区望京街道")
    assert slots["complaint_category"] == "教育文体" and slots["department"]
    assert "望京" in slots["address"]
    assert slots["time_needed"] is True and "11" in slots["time"]
    assert slots["requested_slot"] == "contact"  # the call-back number, asked once before the read-back
    assert not messages or all(m.get("response") != "utter_description_vague" for m in messages)


@pytest.mark.parametrize("text", ["有人在小区里散发传单，说是高回报的投资理财项目，感觉像是非法集资",
                                  "小区门口新开了一家按摩店，感觉不正规", "保险公司拒赔，说我的病不在保单范围里"])
def test_actions_a_money_scheme_a_suspect_parlour_or_an_insurer_is_a_problem_told(live, domain, text):
    """A session's own round: suspected illegal fundraising and a parlour 感觉不正规 got 不够具体 (no problem word,
    the categories spread): each is a concrete matter for the operator to route."""
    slots, _, messages = validate(domain, text, "description")
    assert slots.get("description") and slots["requested_slot"] != "description", (slots, said(messages))
    assert all(m.get("response") != "utter_description_vague" for m in messages)


def test_actions_a_burglar_at_the_door_of_one_who_dares_not_speak_gets_the_silent_ways_not_a_dv_script(live, domain):
    """有小偷正在撬我家门，我在屋里不敢出声 got the advice for violence at home (他, 12338 妇女维权, a protection
    order): the silent ways to 110, the locked room, no confrontation; a theft going on alone gets 110 now."""
    _, _, messages = validate(domain, "有小偷正在撬我家门，我在屋里不敢出声", "description")
    told = said(messages)
    assert "12110" in told and "正面冲突" in told and "12338" not in told and "保护令" not in told, told
    _, _, messages = validate(domain, "楼下有人正在偷电动车", "description")
    assert "立即拨打110" in said(messages)


def test_actions_construction_noise_fills_address_and_time(live, domain):
    # 施工噪声 reads as 城乡建设 or 环境保护: whether the bot then asks which is the model's call
    slots, _, messages = validate(domain, "我要投诉朝阳区望京街道的一个工地晚上11点还在施工，噪音太大",
                                  "description")
    assert slots["description"].startswith("我要投诉朝阳区望京街道")
    assert "望京" in slots["address"]
    assert slots["time_needed"] is True and "11" in slots["time"]
    assert slots["requested_slot"] in ("confirmation", "category_choice")
    if slots["requested_slot"] == "category_choice":
        assert set(slots["category_candidates"]) >= {"城乡建设", "环境保护"}


def test_actions_a_landmark_is_the_place(live, domain):
    """A complaint that names a landmark instead of an address (北京西站南广场) is placed by it, its
    district included: the bot does not ask where."""
    slots, _, _ = validate(domain, "昨晚10点在北京西站南广场打车，排队的出租车司机一听去通州就拒载",
                           "description")
    assert slots["address"] == "北京市丰台区北京西站南广场"
    assert slots["requested_slot"] != "address"


def test_actions_time_not_asked_for_unpaid_wages(live, domain):
    slots, _, _ = validate(domain, "我们公司拖欠工资三个月了，老板一直不给", "description")
    assert slots["description"] and slots["time_needed"] is False
    assert slots["requested_slot"] == "address"


@pytest.mark.parametrize("text, response", [
    ("楼下天天半夜有噪音", "utter_ask_noise_source"),  # noise without its source
    ("我要投诉", "utter_ask_what"),             # the wish alone: asked what about
    ("你好，我想反映个问题", "utter_ask_what"),
    ("有人在那边弄东西", "utter_description_vague"),  # something said, too little
])
def test_actions_vague_description_is_asked_again(live, domain, text, response):
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] is None and slots["description_draft"] == text.removeprefix("你好，")  # (tester51 C17)
    assert slots["retries"] == {"description": 1}
    assert messages[0]["response"] == response
    assert slots["requested_slot"] == "description"


@pytest.mark.parametrize("text", ["楼下天天半夜特别吵，影响老人孩子休息", "最近晚上总是很吵，吵得我家孩子没法写作业",
                                  "西城区德胜街道新康社区晚上特别吵，家里老人和病人都睡不着"])
def test_actions_people_disturbed_are_no_noise_source(live, domain, text):
    """…吵，影响老人孩子休息… skipped 请问是什么发出的噪音？: 孩子 counted as the source. The people a noise
    disturbs (老人, 孩子, 病人, 家人) make none; the source is still asked."""
    slots, _, messages = validate(domain, text, "description")
    assert [m.get("response") for m in messages] == ["utter_ask_noise_source"], messages
    assert slots["description"] is None and slots["description_draft"] == text


@pytest.mark.parametrize("text", ["楼上孩子跑跳声音太大，天天晚上咚咚的", "隔壁小孩哭闹太吵了，每天半夜",
                                  "邻居家孩子每天晚上练琴到十一点，太吵了，影响老人休息"])
def test_actions_children_making_the_noise_are_its_source(live, domain, text):
    """Guard: 孩子跑跳 / 小孩哭闹 / 邻居家孩子 are the source: not asked."""
    slots, _, messages = validate(domain, text, "description")
    assert "utter_ask_noise_source" not in [m.get("response") for m in messages], messages


@pytest.mark.parametrize("text", ["楼上邻居每天半夜大声喧哗，吵得睡不着", "楼下广场舞音响每天晚上太吵了",
                                  "小区旁边工地晚上还在施工，噪音很大"])
def test_actions_noise_with_its_source_is_not_asked_again(live, domain, text):
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == text, messages
    assert all(m.get("response") not in ("utter_ask_noise_source", "utter_description_vague") for m in messages)


@pytest.mark.parametrize("text", ["小区门口的共享单车乱停乱放，人都过不去", "超市卖过期食品，找他们退款不给退"])
def test_actions_plain_complaints_are_specific_enough(live, domain, text):
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == text, messages


def test_actions_clarification_is_appended_to_the_draft(live, domain):
    slots, _, _ = validate(domain, "是工地在施工", "description", requested_slot="description",
                           slots={"description_draft": "楼下天天半夜有噪音", "retries": {"description": 1}})
    assert slots["description"] == "楼下天天半夜有噪音，是工地在施工"
    assert slots["time_needed"] is True and slots["time"]  # 天天半夜, from the first message


def test_actions_abuse_is_not_filed(live, domain):
    """Abuse alone is asked to be civil (a failed answer, the draft kept); abuse with a complaint is
    dropped from what is filed."""
    assert _civil("你们这帮废物") == "" and _civil("小区门口垃圾没人清") == "小区门口垃圾没人清"
    slots, _, messages = validate(domain, "傻逼", "description", requested_slot="description",
                                  slots={"description_draft": "什么都不管", "retries": {"description": 1}})
    assert messages[0]["response"] == "utter_keep_civil"
    assert slots["description"] is None and slots["retries"] == {"description": 2}
    assert "description_draft" not in slots  # the draft stays as it was
    slots, _, _ = validate(domain, "你们这帮废物，小区门口的垃圾好几天没人清运了，他妈的臭死了", "description")
    assert slots["description"] == "小区门口的垃圾好几天没人清运了，臭死了"


def test_actions_a_complaint_after_vague_lines_stands_alone(live, domain):
    """Two angry, vague lines, then a real complaint: filed, not handed over (the three together read
    as spread over categories with the full model; then the complaint alone is the description)."""
    slots, _, messages = validate(domain, "我们小区的物业乱收停车费", "description", requested_slot="description",
                                  slots={"description_draft": "你们，什么都不管，投诉了一百次了也没人理",
                                         "retries": {"description": 2}})
    assert slots["description"].endswith("我们小区的物业乱收停车费"), messages
    assert slots.get("form_outcome") != "handoff" and slots["complaint_category"]


def test_actions_two_problems_in_one_message(live, domain):
    """The first is filed, the second reminded of after filing."""
    text = "我要反映两个问题：一是昌平区回龙观龙泽地铁站旁边的烧烤摊油烟很大，二是小区里的路灯坏了好几个，晚上很黑"
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == "昌平区回龙观龙泽地铁站旁边的烧烤摊油烟很大"
    assert slots["second_issue"] == "小区里的路灯坏了好几个，晚上很黑"
    assert messages[0]["response"] == "utter_one_at_a_time"
    # more about the same problem is no second problem
    text = "楼上装修太吵了，还有电钻声，周末早上七点就开始"
    slots, _, _ = validate(domain, text, "description")
    assert slots["description"] == text and not slots.get("second_issue")


def test_actions_one_and_the_other_are_two_problems_and_the_other_is_asked_about(live, domain):
    """tester42 N2: 我要反映两个问题，一个是…电梯老坏…，另一个是…占道摆摊卖水果 was one case (the second
    lost), and 那另一个问题呢 after filing got 抱歉，我没有理解; 第二个事呢 at the time question was taken as
    the time. 一个是…另一个是… is split as 一是…二是…; a question about the other problem is answered
    in the form (never a slot's value) and takes the offer after filing."""
    text = ("我要反映两个问题，一个是我们楼的电梯老坏，上周还困过人，另一个是小区门口有人占道摆摊卖水果。"
            "通州区翠屏北里小区")
    slots, _, messages = validate(domain, text, "description")
    assert "电梯老坏" in slots["description"] and "摆摊" not in slots["description"], slots
    assert "小区门口有人占道摆摊卖水果" in slots["second_issue"], slots
    # 第二个事呢 at the time question
    fumes = {"description": "楼下饭馆油烟太大", "description_draft": "楼下饭馆油烟太大", "complaint_category": "环境保护",
             "time_needed": True, "address": "北京市西城区红居南街", "contact": "不留",
             "second_issue": "门口的路灯坏了"}
    for ask in ("第二个事呢", "那另一个问题呢"):
        state = tracker_json(text=ask, intent="inform", requested_slot="time", slots=fumes, set_now={"time": ask})
        got, _, messages = run(ValidateComplaintForm(), state, domain)
        assert got.get("time") is None and got["requested_slot"] == "time", got
        assert "这件登记完就接着登记第二件：“门口的路灯坏了”" in said(messages), messages
        state = tracker_json(text=ask, intent="nlu_fallback", requested_slot="time", slots=fumes)
        assert "接着登记第二件" in said(run(ActionInformOutside(), state, domain)[2])
    # after filing: the offered problem is taken up
    filed, _, messages = run(ActionSubmitComplaint(), tracker_json(
        text="对", intent="affirm", active_loop=None, slots={**fumes, "time": "每天晚上"}), domain)
    keep = {k: filed[k] for k in ("own_case", "own_cases", "known_codes", "offered_issue")}
    for action, intent in ((ActionInformOutside(), "nlu_fallback"), (ActionAnythingElse(), "deny")):
        state = _offered(tracker_json(text="那另一个问题呢", intent=intent, active_loop=None, slots=keep),
                         messages[0]["text"])
        got, events, _ = run(action, state, domain)
        assert got["description"] == "门口的路灯坏了" and events[-1]["name"] == "complaint_form", got


def test_actions_i_dont_know_gets_examples_then_a_polite_close(live, domain):
    """tester42 N5: 我要反映个事, then 不知道 ×5 got 不够具体 and the same 抱歉，我还是没能弄明白… four times.
    不知道 where the problem was asked gets examples and 12345 by phone (no question after it); said
    again, a polite close (the form ends, no second 没有提交 line). Any answer failing again after a person
    was offered gets another line than the offer."""
    wish = "我要反映个事"
    state = tracker_json(text="不知道", requested_slot="description", set_now={"description": "不知道"},
                         slots={"description_draft": wish, "retries": {"description": 1}})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "12345" in told and "比如" in told and "没能弄明白" not in told and not got.get("description"), told
    assert not run(ActionAskDescription(), _this_turn(tracker_json(requested_slot="description"),
                                                      *(m.get("text") for m in messages)), domain)[2]
    state = _turn_before(tracker_json(text="不知道", requested_slot="description", set_now={"description": "不知道"},
                                      slots={"description_draft": wish, "retries": {"description": 1}}),
                         "不知道", *(m.get("text") for m in messages))
    got, _, closing = run(ValidateComplaintForm(), state, domain)
    assert got.get("form_outcome") == "cancelled" and "12345" in said(closing) and "再来找我" in said(closing), got
    state = _this_turn(tracker_json(text="不知道", intent="complain", active_loop=None,
                                    slots={"confirmation": False}), *(m.get("text") for m in closing))
    assert "utter_cancelled" not in said(run(ActionSubmitComplaint(), state, domain)[2])
    # the offer of a person said, a failed answer again: not the same line
    offer = "抱歉，我还是没能弄明白。需要的话可以请话务员给您回电，回复“好”或“转人工”即可；也可以换个说法再说一次，或说“算了”不再登记。"
    state = _turn_before(tracker_json(text="啊啊啊", requested_slot="description", set_now={"description": "啊啊啊"},
                                      slots={"description_draft": wish, "retries": {"description": 3}}),
                         "嗯嗯嗯", offer)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "utter_offer_handoff" not in said(messages) and "转人工" in said(messages), messages


IDK_CLOSING = "好的，那这次先不登记了。想好要反映什么，随时再来找我，也可以直接拨打12345热线电话。祝您生活顺利！"


@pytest.mark.parametrize("intent", ["deny", "affirm", "complain"])
def test_actions_i_dont_know_after_the_close_is_a_short_line_not_the_question_again(live, domain, intent):
    """tester43 L2: after 好的，那这次先不登记了…祝您生活顺利！, three more 不知道 each got 好的，请问您要反映什么
    问题？请说说发生了什么事、在哪里。 Now the first gets a short closing line (想好了随时再来…12345), the next a
    nod; no question, no examples, no 没有提交 line."""
    def turn(*before: str) -> str:
        if intent == "complain":  # the form opened on it
            state = tracker_json(text="不知道", intent=intent, requested_slot="description",
                                 set_now={"description": "不知道"})
        else:
            state = tracker_json(text="不知道", intent=intent, active_loop=None)
        for bot in reversed(before):  # one earlier turn for each: 不知道 and the bot's answer to it
            state = _turn_before(state, "不知道", bot)
        action = ValidateComplaintForm() if intent == "complain" else ActionAnythingElse()
        got, _, messages = run(action, state, domain)
        if intent == "complain":
            assert got.get("form_outcome") == "cancelled" and not got.get("description"), got
            done = _this_turn(tracker_json(text="不知道", intent=intent, active_loop=None,
                                           slots={"confirmation": False}), *(m.get("text") for m in messages))
            assert not run(ActionSubmitComplaint(), done, domain)[2]
        return said(messages)

    first = turn(IDK_CLOSING)
    assert "随时再来" in first and "12345" in first, first
    assert "请问您要反映什么问题" not in first and "比如" not in first and "utter_ask_what" not in first, first
    second = turn(IDK_CLOSING, first)
    assert second and second != first and "请问" not in second and "utter_ask_what" not in second, second


@pytest.mark.parametrize("text", ["北京西站南广场有很多人拉客住店，天天都有", "孩子上学学区划分不合理",
                                  "医院挂号太难了，号贩子倒号"])
def test_actions_touting_and_school_districts_are_problems(live, domain, text):
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == text, messages


def test_actions_third_failure_offers_a_person_and_hands_over_only_on_yes(live, domain):
    """The third failed answer says so and offers a person; the form hands over only when the citizen
    agrees (a tester's citizen was handed over unasked after two good-enough places)."""
    slots, _, messages = validate(domain, "反正就是不行", "description", requested_slot="description",
                                  slots={"description_draft": "我要投诉，有问题", "retries": {"description": 2}})
    assert slots.get("form_outcome") is None and slots["requested_slot"] == "description"
    assert slots["retries"] == {"description": 3} and messages[0]["response"] == "utter_offer_handoff"
    assert "转人工" in domain["responses"]["utter_offer_handoff"][0]["text"]
    # no second question after the offer (it is the question)
    _, _, asked = run(ActionAskAddress(), {**tracker_json(text="反正就是不行", requested_slot="address"),
                                           "events": [{"event": "user", "text": "反正就是不行"},
                                                      {"event": "bot", "text": "抱歉",
                                                       "metadata": {"utter_action": "utter_offer_handoff"}}]}, domain)
    assert not asked
    for yes in ("好", "行，转吧", "对"):
        slots, _, messages = validate(domain, yes, "address", intent="affirm", requested_slot="address",
                                      slots={"description": "河里有垃圾", "retries": {"address": 3}})
        assert slots["form_outcome"] == "handoff" and slots["requested_slot"] is None and not messages, yes
    # "对" before any offer is a failed answer, never a hand-off
    slots, _, _ = validate(domain, "对", "address", intent="affirm", requested_slot="address",
                           slots={"description": "河里有垃圾", "retries": {"address": 1}})
    assert slots.get("form_outcome") is None and slots["retries"] == {"address": 2}


@pytest.mark.parametrize("top, second, expected", [
    (0.55, 0.40, True),    # a near tie under the margin calibration: 0.15 apart, still torn
    (0.60, 0.32, True),    # the runner-up likely enough
    (0.80, 0.12, False),
    (0.50, 0.38, True),    # a plain softmax's near tie
    (0.97, None, False),   # a single category
])
def test_actions_torn_between_two_readings(top, second, expected):
    assert torn({"label": "城乡建设", "confidence": top},
                {"label": "环境保护" if second is not None else None, "confidence": second or 0.0}) is expected


def test_actions_close_categories_ask_which_one(live, domain):
    text = "楼下饭店油烟太大"
    cats = TriageClient().triage(text)["categories"]
    if not torn(cats[0], cats[1]):
        pytest.skip(f"the active model is not torn on {text!r}: {cats[:2]}")
    slots, _, _ = validate(domain, text, "description")
    assert slots["category_candidates"] == [cats[0]["label"], cats[1]["label"]]
    assert slots["requested_slot"] == "category_choice"
    state = tracker_json(text="", slots={"category_candidates": slots["category_candidates"]},
                         requested_slot="category_choice")
    _, _, messages = run(ActionAskCategoryChoice(), state, domain)
    assert messages[0]["text"].startswith("您反映的是") and "还是" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        f'/inform{{"complaint_category":"{c}"}}' for c in slots["category_candidates"]]


@pytest.mark.parametrize("answer, chosen", [
    ("环境保护", "环境保护"), ("是环境污染的问题", "环境保护"), ("施工", "城乡建设"), ("后者", "环境保护"),
    ("第一个", "城乡建设"), ("下面那个", "环境保护"),
    ("主要是占道经营，摊子就摆在楼下", None)])  # the 下 of 楼下 chooses nothing: asked again
def test_actions_category_choice(live, domain, answer, chosen):
    slots, _, _ = validate(domain, answer, "category_choice", requested_slot="category_choice",
                           slots={"category_candidates": ["城乡建设", "环境保护"], "description": "x"})
    assert slots["category_choice"] == chosen
    if chosen:
        assert slots["complaint_category"] == chosen


# -- address, time ---------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, ok", [
    ("海淀区中关村大街", True), ("望京西园三区12号楼", True), ("东四六条23号院", True),
    ("不知道", False), ("我也说不清在哪里", False), ("就在我家门口", False),
    ("另外我要反映，小区的垃圾好几天没人清理了，臭得不行", False)])  # a new complaint is no address
def test_actions_address_must_locate(live, domain, answer, ok):
    slots, _, messages = validate(domain, answer, "address", requested_slot="address",
                                  slots={"description": "公司拖欠工资"})
    if ok:
        assert slots["address"] and not messages
    else:  # a new complaint is noted for after this one (utter_one_at_a_time), never the place
        assert slots["address"] is None
        if "反映" in answer:
            assert messages[0]["response"] == "utter_one_at_a_time"
        else:  # a place with no name (我家门口) is asked again with an example (round 11 #3)
            assert messages[0]["response"] == "utter_address_vague" or "附近有什么地标" in messages[0]["text"]


def test_actions_a_place_typed_in_pieces_with_spaces_is_one_place(live, domain):
    """tester34 L6: 朝阳区 管庄 北京像素 was filed as 北京市朝阳区 管庄 北京像素."""
    slots, _, _ = validate(domain, "朝阳区 管庄 北京像素", "address", requested_slot="address",
                           slots={"description": "楼下小卖部门口天天有人喝酒吵闹"})
    assert slots["address"] and " " not in slots["address"] and "管庄北京像素" in slots["address"]


def test_actions_a_district_said_without_its_qu_is_part_of_the_place(live, domain):
    """tester51 C9: 顺义 后沙峪 裕祥花园西边那条路 (pauses read as commas) was filed as 裕祥花园西边那条路, 顺义 and
    后沙峪 moved into the problem; 西城 白纸坊 建功北里3号楼 was stored unnormalised."""
    slots, _, _ = validate(domain, "顺义，后沙峪，裕祥花园西边那条路，黑了一个礼拜了", "address", requested_slot="address",
                           slots={"description": "路灯坏了"})
    assert slots["address"].startswith("北京市顺义区后沙峪裕祥花园")
    assert "顺义" not in slots["description"] and "黑了一个礼拜了" in slots["description"]
    slots, _, _ = validate(domain, "西城，白纸坊，建功北里3号楼", "address", requested_slot="address",
                           slots={"description": "我家没水了，整个楼都没有，也没贴通知"})
    assert slots["address"] == "北京市西城区白纸坊建功北里3号楼"


@pytest.mark.parametrize("answer, slots_in, place", [
    # a ride's way, both ends (it was 地点：从首都机场)
    ("从首都机场打车到望京，昨天晚上十点多", {"description": "滴滴司机绕路，本来30多块钱的路程收了我87"}, "首都机场至望京"),
    # where the shop's name was read is no part of it (it was 北京市朝阳区外卖上写的是“湘味小厨（国贸店）”)
    ("我也不知道店在哪，外卖上写的是“湘味小厨（国贸店）”", {"description": "外卖吃出虫子了，商家不认账"}, "湘味小厨（国贸店）"),
    # aboard a bus whose line the problem names: the line (it was 地点：哪条街)
    ("在车上啊，我哪知道是哪条街，就今天早上八点左右",
     {"description": "公交司机态度太差了，还没等我站稳就猛刹车，是特8路，车牌京A12345"}, "特8路公交车上"),
])
def test_actions_a_place_told_other_ways_is_stored_as_a_place(live, domain, answer, slots_in, place):
    """tester51 C9: the stored place was garbage (从首都机场, 外卖上写的是…, 哪条街)."""
    slots, _, _ = validate(domain, answer, "address", requested_slot="address", slots=slots_in)
    assert slots["address"] and slots["address"].endswith(place)
    assert "哪" not in slots["address"] and "写的是" not in slots["address"]
    if "八点" in answer:
        assert slots["time"] == "今天早上八点左右"  # (就 was kept: C19)


def test_actions_a_question_back_is_no_place(live, domain):
    """"我哪知道是哪条街" with no line to go by: asked again, never stored as 地点：哪条街."""
    slots, _, _ = validate(domain, "我哪知道是哪条街", "address", requested_slot="address",
                           slots={"description": "公交司机态度太差了，刷卡慢了点就骂我"})
    assert slots["address"] is None


def test_actions_a_spot_along_the_known_road_refines_it(live, domain):
    """tester51 C9: 具体在双井桥往东一百来米 辅路上 at the read-back for 广渠路 became 北京市朝阳区具体在双井桥往东一百来米
    辅路上 (the road lost, 具体在 kept)."""
    place = "北京市朝阳区广渠路双井桥往东一百来米辅路"
    assert _refined("广渠路", "北京市朝阳区双井桥往东一百来米辅路上", "具体在双井桥往东一百来米，辅路上") == place
    assert _refined("北京市东城区广渠门内大街", "北京市朝阳区建国路", "朝阳区建国路") == "北京市朝阳区建国路"


@pytest.mark.parametrize("answer, ok", [("每天晚上十点以后", True), ("晚上", True), ("刚才", True),
                                        ("有时候", False), ("一直都这样", False), ("不记得了", True)])
def test_actions_time_answer(live, domain, answer, ok):
    """A time is asked again once when vague; "不记得了" is taken as said (the hour helps, it is not
    required: three honest "不记得" handed over; found by a tester), and so is a second vague answer."""
    slots, _, _ = validate(domain, answer, "time", requested_slot="time",
                           slots={"description": "工地噪音", "time_needed": True})
    assert slots["time"] == (answer if ok else None)
    if not ok:
        slots, _, _ = validate(domain, answer, "time", requested_slot="time",
                               slots={"description": "工地噪音", "time_needed": True, "retries": {"time": 1}})
        assert slots["time"] == answer and slots.get("form_outcome") != "handoff"


def test_actions_title_never_cuts_a_number():
    """A cut phone or ID number escapes the API's masking: the title stops before it."""
    t = _title("东城区东直门街道饭店油烟太大，联系我电话13812345678")
    assert t == "东城区东直门街道饭店油烟太大，联系我电话" and len(t) <= 30
    assert _title("楼下烧烤店油烟太大") == "楼下烧烤店油烟太大"
    # a whole number stays (the API masks it), the cut one goes
    assert _title("我叫王小明，电话13812345678，身份证110101199003074514，东城区") == "我叫王小明，电话13812345678，身份证"
    # said in Chinese digits: not cut either (一三八零零一三八 alone would escape the masking)
    t = _title("小区里有人遛狗不拴绳还咬伤了人，我的电话是一三八零零一三八零零零")
    assert t == "小区里有人遛狗不拴绳还咬伤了人，我的电话是", t
    words = "小区门口的垃圾堆了很多天没人清运臭气熏天物业和街道都说不管" + "一直拖着"
    # 一 in a word at the limit, the text ending four characters on: kept whole (tester59 G21)
    assert words[29:31] == "一直" and _title(words) == words
    assert _title(words + "，" + words) == words
    # running words cut at the limit end at the last clause break instead (a tester's 老板联系不上
    # was filed as …老板联系, the opposite)
    gym = "我家楼下那个健身房跑路了！！办的卡还有好几千没用呢，老板联系不上"
    assert _title(gym) == "我家楼下那个健身房跑路了！！办的卡还有好几千没用呢"


def test_actions_a_form_ended_by_the_api_being_down_runs_again_once_it_answers(live, domain):
    slots, _, _ = validate(domain, "朝阳区望京街道的工地每天晚上十一点以后还在施工，噪音很大", "description",
                           slots={"form_outcome": "api_down"})
    assert "form_outcome" in slots and slots["form_outcome"] is None and slots["description"]


# -- submit, progress, handoff ---------------------------------------------------------------------

def _filled() -> dict[str, Any]:
    return {"description": "朝阳区望京街道的工地每天晚上十一点以后还在施工，噪音很大",
            "address": "北京市朝阳区望京街道", "time": "每天晚上十一点以后", "confirmation": True}


def _get_case(api: dict[str, str], ref: str, code: str | None) -> dict[str, Any]:
    req = urllib.request.Request(f"{api['url']}/v1/cases/{ref}?code={code}",
                                 headers={"Authorization": f"Bearer {api['token']}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def test_actions_a_citizen_is_told_the_decided_department_as_decided_and_a_suggestion_as_one():
    deps = [{"code": "health", "name": "市卫生健康委", "unit": "朝阳区卫生健康委"},
            {"code": "market_regulation", "name": "市市场监管局", "unit": "朝阳区市场监管局"}]
    assert _handled_by({"suggestion": {"departments": deps}}) == "拟承办部门：朝阳区卫生健康委（待话务员确认）"
    assert _handled_by({"suggestion": {"departments": deps}, "decided_department": "market_regulation"}) \
        == "承办部门：朝阳区市场监管局"


def test_actions_submit_files_the_case_and_progress_reads_it(live, domain):
    state = tracker_json(text="对", intent="affirm", slots=_filled(), active_loop=None)
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    number = slots["case_number"]
    code = slots["known_codes"][number]
    assert number.startswith("JS") and number in messages[0]["text"] and "承办" in messages[0]["text"]
    assert re.fullmatch(r"\d{6}", code) and f"查询码 {code}" in messages[0]["text"]
    assert slots["own_case"] == number
    assert slots["description"] is None and slots["address"] is None  # form slots reset
    case = _get_case(live, number, code)
    assert case["channel"] == "bot" and case["address"] == "北京市朝阳区望京街道"
    assert case["suggested_category"] and "发生时间" in case["text"]
    assert case["query_code"] is None  # told once, at filing
    # the unit named is the one at the place's level (朝阳区…, not the city's), as the case lists it
    unit = case["suggestion"]["departments"][0]["unit"]
    # ... as a first judgement: no operator has decided yet (a tester's citizen was told 已转交)
    assert unit.startswith(("朝阳区", "市")) and f"初步判断由{unit}承办，话务员确认后派单" in messages[0]["text"], \
        messages[0]["text"]

    # the same conversation knows its own case's code: by number, or as "我的工单"
    own = {"own_case": number, "known_codes": {number: code}}
    for text in (f"{number}办得怎么样了", "我的工单办得怎么样了"):
        state = tracker_json(text=text, intent="ask_progress", active_loop=None, slots=own)
        slots, _, messages = run(ActionCheckProgress(), state, domain)
        assert f"工单 {number} 当前状态：已受理" in messages[0]["text"], text
        assert f"拟承办部门：{unit}（待话务员确认）" in messages[0]["text"] and "_" not in messages[0]["text"]  # no code
    # another number (its entity already in case_number) does not borrow this case's code
    other = f"{number[:-6]}{(int(number[-6:]) + 1) % 10**6:06d}"
    state = tracker_json(text=f"{other}办得怎么样了", intent="ask_progress", active_loop=None,
                         slots={"case_number": other, **own})
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert messages[0]["response"] == "utter_ask_query_code" and "known_codes" not in slots
    # ...and looking one up keeps the own case and its code
    state = tracker_json(text=f"{number} {code}", intent="ask_progress", active_loop=None,
                         slots={"own_case": "JS20000101-000001", "known_codes": {"JS20000101-000001": "123456"}})
    slots, _, _ = run(ActionCheckProgress(), state, domain)
    assert slots["known_codes"] == {"JS20000101-000001": "123456", number: code}

    # a second complaint filed in the same chat: "我的工单" reads both, oldest first
    second = {**_filled(), "description": "朝阳区望京街道的路灯坏了一个月了，晚上很黑"}
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={**second, "own_case": number, "own_cases": [number], "known_codes": {number: code}})
    slots2, _, _ = run(ActionSubmitComplaint(), state, domain)
    number2 = slots2["case_number"]
    assert slots2["own_case"] == number2 and slots2["own_cases"] == [number, number2]
    state = tracker_json(text="我的工单办得怎么样了", intent="ask_progress", active_loop=None,
                         slots={"own_case": number2, "own_cases": slots2["own_cases"],
                                "known_codes": slots2["known_codes"]})
    _, _, messages = run(ActionCheckProgress(), state, domain)
    said = messages[0]["text"]
    assert "2 件工单" in said and said.index(f"工单 {number} 当前状态") < said.index(f"工单 {number2} 当前状态")
    # asking by one number reads that one alone
    state = tracker_json(text=f"{number2}办得怎么样了", intent="ask_progress", active_loop=None,
                         slots={"own_case": number2, "own_cases": slots2["own_cases"],
                                "known_codes": slots2["known_codes"]})
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert number2 in messages[0]["text"] and number not in messages[0]["text"]

    # anyone else: the number alone is not enough (numbers are sequential)
    state = tracker_json(text=f"{number}办得怎么样了", intent="ask_progress", active_loop=None)
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert messages[0]["response"] == "utter_ask_query_code" and slots["case_number"] == number
    assert slots["progress_asked"] == "code"  # the next answer goes back to this action (rules.yml)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    state = tracker_json(text=wrong, intent="inform", active_loop=None,
                         slots={"case_number": number, "progress_asked": "code"})
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert "没有找到" in messages[0]["text"] and "状态" not in messages[0]["text"]
    assert slots["case_number"] == number and slots["progress_asked"] == "code"  # the next code: same number
    # the code said after the bot asked, or with the number in one message, in the ways citizens type
    state = tracker_json(text=f"查询码是{code}", intent="inform", active_loop=None,
                         slots={"case_number": number, "progress_asked": "code"})
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert slots["progress_asked"] is None
    assert f"工单 {number} 当前状态：已受理" in messages[0]["text"]
    wide = unicodedata.normalize("NFKC", number) .translate(str.maketrans("JS0123456789", "ＪＳ０１２３４５６７８９"))
    for text in (f"{number} 查询码 {code}", f"{number.replace('-', '')} {code}", f"工单号{number[2:]}，查询码{code}",
                 f"{wide} {code}", f"js {number[2:]} {code}"):
        state = tracker_json(text=text, intent="ask_progress", active_loop=None)
        _, _, messages = run(ActionCheckProgress(), state, domain)
        assert f"工单 {number} 当前状态：已受理" in messages[0]["text"], text


def test_actions_progress_says_when_a_number_is_locked(live, domain):
    """Five wrong codes lock the number at the API (429): the bot says so, not "system down"."""
    state = tracker_json(text="JS20000103-999999 查询码 111111", intent="ask_progress", active_loop=None)
    for _ in range(5):
        _, _, messages = run(ActionCheckProgress(), state, domain)
        assert "没有找到" in messages[0]["text"]
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert "错误次数过多" in messages[0]["text"] and "分钟" in messages[0]["text"]
    assert slots["case_number"] is None and slots["progress_asked"] is None


def test_actions_progress_asks_for_the_number_and_knows_unknown_ones(live, domain):
    _, _, messages = run(ActionCheckProgress(), tracker_json(text="我的工单呢", intent="ask_progress",
                                                             active_loop=None), domain)
    assert messages[0]["response"] == "utter_ask_case_number"
    _, _, messages = run(ActionCheckProgress(), tracker_json(text="JS20000101-999999 查询码123456",
                                                             intent="inform", active_loop=None), domain)
    assert "没有找到" in messages[0]["text"]


def test_actions_the_chosen_reading_is_filed_and_routes(live, domain):
    """The reading the citizen chose (category_choice) goes with the case: the API puts it first."""
    text = "楼下饭店油烟太大了，熏得窗户都不敢开"
    cats = TriageClient().triage(text)["categories"]
    chosen = cats[1]["label"]  # the model's runner-up: what the model alone would not have filed
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={"description": text, "address": "北京市东城区和平里街道", "confirmation": True,
                                "category_candidates": [cats[0]["label"], chosen], "category_choice": chosen})
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    case = _get_case(live, slots["case_number"], slots["known_codes"][slots["case_number"]])
    assert case["suggested_category"] == chosen
    assert case["suggestion"]["categories"][0] == {**case["suggestion"]["categories"][0], "label": chosen,
                                                   "stated": True}


@pytest.mark.parametrize("said, has_time, has_choice, targets", [
    ("地点不对", False, False, ["address"]), ("地址写错了", True, False, ["address"]),
    ("时间不对", True, False, ["time"]), ("时间不对", False, False, ["time"]),
    ("问题描述不对", True, False, ["description"]), ("地点有问题", False, False, ["address"]),
    ("时间和地点都不对", True, False, ["address", "time"]), ("问题类别不对", False, True, ["category"]),
    ("类别不对", False, False, ["description"]), ("不提交了", True, True, ["cancel"]),
    ("算了，地址也不对", True, False, ["cancel"]), ("不对", True, True, []), ("/deny", True, True, [])])
def test_actions_which_part_to_fix(said, has_time, has_choice, targets):
    assert fix_targets(said, has_time=has_time, has_choice=has_choice) == targets


def _filled_for_fix() -> dict[str, Any]:
    return {**_filled(), "time_needed": True, "complaint_category": "城乡建设", "department": "x",
            "contact": "不留", "confirmation": None}


def test_actions_denied_summary_asks_which_part_then_asks_it_again(domain):
    # a plain "不对": which part? (not a cancellation)
    slots, _, messages = validate(domain, "不对", "confirmation", value=False, requested_slot="confirmation",
                                  slots=_filled_for_fix())
    assert slots["fixing"] is True and slots["confirmation"] is None and not messages
    assert slots["requested_slot"] == "fix_field"
    # the answer clears that part: the form asks for the place again, the rest is kept
    slots, _, messages = validate(domain, "地点不对", "fix_field", requested_slot="fix_field",
                                  slots={**_filled_for_fix(), "fixing": True})
    assert slots["address"] is None and slots["fixing"] is None and slots["requested_slot"] == "address"
    assert not messages  # the form's question for the place is the answer
    # an answer naming nothing is asked again
    slots, _, messages = validate(domain, "嗯嗯", "fix_field", requested_slot="fix_field",
                                  slots={**_filled_for_fix(), "fixing": True})
    assert slots["fix_field"] is None and messages[0]["response"] == "utter_fix_field_invalid"
    assert slots["requested_slot"] == "fix_field"


@pytest.mark.parametrize("said, cleared, requested", [
    ("地址写错了", ["address"], "address"), ("时间说错了", ["time"], "time"),
    ("问题描述不对", ["description", "complaint_category"], "description")])  # the time told stays (tester33c A3)
def test_actions_a_denial_naming_the_part_asks_it_at_once(domain, said, cleared, requested):
    slots, _, _ = validate(domain, said, "confirmation", value=False, requested_slot="confirmation",
                           slots=_filled_for_fix())
    assert all(slots[c] is None for c in cleared) and not slots.get("fixing")
    assert slots["requested_slot"] == requested
    kept = {"description", "address", "time"} - set(cleared)
    assert all(slots.get(k, _filled()[k]) == _filled()[k] for k in kept)


def test_actions_not_filing_after_all(live, domain):
    slots, _, _ = validate(domain, "不提交了", "fix_field", requested_slot="fix_field",
                           slots={**_filled_for_fix(), "fixing": True})
    assert slots["confirmation"] is False and slots["requested_slot"] is None  # the form is done
    state = tracker_json(text="不提交了", intent="deny", active_loop=None,
                         slots={**_filled_for_fix(), **slots})
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert messages[0]["response"] == "utter_cancelled" and "case_number" not in slots


def test_actions_the_summary_reads_back_place_time_and_chosen_reading(domain):
    state = tracker_json(text="", requested_slot="confirmation",
                         slots={**_filled_for_fix(), "category_choice": "环境保护"})
    _, _, messages = run(ActionAskConfirmation(), state, domain)
    text = messages[0]["text"]
    assert "望京街道" in text and "每天晚上十一点以后" in text and "环境污染" in text and "正确吗" in text
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    state = tracker_json(text="", requested_slot="fix_field", slots={**_filled_for_fix(), "fixing": True})
    _, _, messages = run(ActionAskFixField(), state, domain)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["问题描述", "地点", "时间", "电话", "不提交了"]
    assert all(fix_targets(b["payload"], has_time=True, has_choice=False) for b in messages[0]["buttons"])


def test_actions_goodbye_in_the_middle_leaves_the_form(domain):
    state = tracker_json(text="算了，再见", intent="goodbye", requested_slot="address",
                         slots={"description": "小区物业不管事，楼道里堆满杂物"})
    slots, events, messages = run(ActionLeaveForm(), state, domain)
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    assert slots["description"] is None and slots["requested_slot"] is None
    assert "没有提交" in messages[0]["text"]


# -- the tester's conversations (2026-12-04): giving up, corrections at the read-back, places --------

@pytest.mark.parametrize("slot, said", [("address", "算了"), ("address", "我说算了"), ("address", "不要了，不报了"),
                                        ("time", "不说了，没用"), ("category_choice", "算了吧"),
                                        ("description", "算了"), ("address", "不想报了"), ("address", "我说了不想报了"),
                                        ("address", "别登记了"), ("time", "不想投诉了"), ("address", "不需要了"),
                                        ("address", "懒得弄了"), ("address", "算了算了，我还是不报了吧，太麻烦了")])
def test_actions_giving_up_mid_form_files_nothing(live, domain, slot, said):
    slots, _, messages = validate(domain, said, slot, requested_slot=slot, intent="deny",
                                  slots={"description_draft": "出租车司机拒载", "description": "出租车司机拒载",
                                         "category_candidates": ["交通运输", "商贸旅游"], "time_needed": True,
                                         "retries": {slot: 2}})
    assert slots["form_outcome"] == "cancelled" and slots["confirmation"] is False
    assert slots["requested_slot"] is None and not messages  # not a third failure: no hand-off
    # the rule runs the submit action, which files nothing
    state = tracker_json(text=said, intent="deny", active_loop=None, slots={**slots, "description": "x"})
    out, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert messages[0]["response"] == "utter_cancelled" and "case_number" not in out


@pytest.mark.parametrize("said, intent, value, expect", [
    ("地址不对，应该是朝阳区工体北路的酒吧", "deny", False, {"address": "工体北路"}),
    ("对，不过地址写错了，是大兴机场", "affirm", True, {"address": "大兴机场"}),
    ("时间不对，应该是每天夜里十二点到凌晨四点", "deny", False, {"time": "每天夜里十二点到凌晨四点"}),
])
def test_actions_a_correction_with_its_value_is_taken_at_once(live, domain, said, intent, value, expect):
    slots, _, _ = validate(domain, said, "confirmation", value=value, intent=intent, requested_slot="confirmation",
                           slots=_filled_for_fix())
    assert slots["confirmation"] is None and slots["requested_slot"] == "confirmation"  # read back again
    for k, v in expect.items():
        assert v in (slots[k] or ""), slots


@pytest.mark.parametrize("said, expect", [("朝阳区工体北路", "address"), ("每天夜里十二点到凌晨四点", "time"),
                                          ("嗯嗯嗯", None)])
def test_actions_other_answers_to_the_read_back(live, domain, said, expect):
    slots, _, messages = validate(domain, said, "fix_field", intent="inform", requested_slot="confirmation",
                                  slots=_filled_for_fix())
    assert slots["requested_slot"] == "confirmation"
    if expect:
        assert slots[expect] == (said if expect == "time" else "北京市朝阳区工体北路") and not messages
    else:
        assert messages[0]["response"] == "utter_confirm_or_fix"


@pytest.mark.parametrize("said", ["对的，地址没错", "对，不用改", "没问题，地址也不错"])
def test_actions_a_plain_yes_naming_a_part_files(live, domain, said):
    slots, _, _ = validate(domain, said, "confirmation", value=True, intent="affirm", requested_slot="confirmation",
                           slots=_filled_for_fix())
    assert slots["confirmation"] is True and slots.get("address", "kept") == "kept"


@pytest.mark.parametrize("clarification", ["物业都不管了", "物业说不办了也不给说法"])
def test_actions_a_clarification_about_giving_up_is_no_cancel(live, domain, clarification):
    slots, _, _ = validate(domain, clarification, "description", requested_slot="description",
                           slots={"description_draft": "小区楼道里堆满杂物"})
    assert slots.get("form_outcome") != "cancelled"


@pytest.mark.parametrize("answer, kept", [("朝阳区劲松街道农光里", "农光里"), ("丰台区新村街道育仁里", "育仁里"),
                                          ("东城区东直门街道簋街", "簋街"), ("朝阳区劲松农光里", "农光里"),
                                          ("丰台区 方庄 芳古园一区", "芳古园一区")])
def test_actions_the_citizens_place_name_is_kept(live, domain, answer, kept):
    slots, _, _ = validate(domain, answer, "address", requested_slot="address", slots={"description": "油烟"})
    assert kept in (slots["address"] or "") and " " not in slots["address"], slots


@pytest.mark.parametrize("answer, normal", [("望京花家地北里", "北京市朝阳区望京花家地北里"),
                                            ("东城区前门街道大栅栏", "北京市东城区前门街道大栅栏"),
                                            ("朝阳区朝外派出所门口", "北京市朝阳区朝外派出所"),
                                            # a filler before the place is no part of it (a tester's
                                            # read back "地点：还是望京西园三区")
                                            ("还是望京西园三区", "北京市朝阳区望京西园三区"),
                                            ("就在西城区金融街街道丰盛胡同12号院", "北京市西城区金融街街道丰盛胡同12号院"),
                                            # tester37: 地点：我在昌平区回龙观龙泽苑
                                            ("我在昌平区回龙观龙泽苑", "北京市昌平区回龙观"),
                                            ("我家住在海淀区清河街道安宁庄", "北京市海淀区清河街道")])
def test_actions_a_place_with_its_area_or_landmark_gets_its_district(live, domain, answer, normal):
    """A place named by its area (望京…), an old quarter (大栅栏) or a police station is read whole,
    with 北京市 and the district (a tester's were kept as typed, or cut to the street)."""
    slots, _, _ = validate(domain, answer, "address", requested_slot="address", slots={"description": "油烟"})
    assert (slots["address"] or "").startswith(normal), slots


@pytest.mark.parametrize("answer", ["同一个小区", "我们小区", "在小区"])
def test_actions_unlocatable_places_are_asked_again(live, domain, answer):
    slots, _, messages = validate(domain, answer, "address", requested_slot="address", slots={"description": "油烟"})
    assert slots["address"] is None and (messages[0]["response"] == "utter_address_vague"
                                         or "附近有什么地标" in messages[0]["text"])  # 在小区: round 11 #3


@pytest.mark.parametrize("text", ["不需要时间", "不用时间", "没有时间", "不知道时间", "时间不知道", "具体时间不清楚",
                                  "没有具体时间"])
def test_actions_a_time_refused_is_no_time(live, domain, text):
    """不需要时间 at the phone question got 时间记下了：不需要时间 (and was read back as the time). A refusal or a
    negation of the time (不需要 / 不用 / 没有 / 不知道 + 时间) is no time value, wherever it is said."""
    base = {**_filled_for_fix(), "time": None, "contact": None}
    got, _, messages = validate(domain, text, "contact", intent="inform", requested_slot="contact", slots=base)
    assert got.get("time") in (None, "不确定") and "时间记下了" not in said(messages), (got, messages)
    assert got.get("contact") is None and "不问时间了" in said(messages), (got, messages)  # the number asked again
    got, _, messages = validate(domain, text, "time", intent="inform", requested_slot="time", slots=base)
    assert got.get("time") in (None, "不确定") and (got.get("time") or got.get("time_needed") is False), got
    got, _, messages = validate(domain, text, "category_choice", requested_slot="category_choice",
                                slots={**base, "category_candidates": ["城乡建设", "环境保护"], "retries": {}})
    assert not got.get("time") and "时间记下了" not in said(messages), (got, messages)
    if text in ("不需要时间", "不用时间", "没有时间"):
        return
    # with a time: the time is kept (每天晚上，不知道具体时间 → 每天晚上)
    got, _, messages = validate(domain, f"每天晚上，{text}", "contact", intent="inform", requested_slot="contact",
                                slots=base)
    assert got.get("time") == "每天晚上" and "时间记下了：每天晚上。" in said(messages), (got, messages)


BBQ = "我家楼下新开了个烧烤店，油烟直接往楼道里灌，晚上还特别吵"


def test_actions_hours_said_later_replace_a_bare_period_from_the_description(live, domain):
    """P10 (tester41 r41full01): the 烧烤 油烟 complaint (…晚上还特别吵) took 晚上 as its time, so the time
    was never asked; 西城区广安门外街道红居南街8号楼 at the reading question, then 每天晚上八点到十二点
    there got the model's reading and the phone question, and 时间：晚上 was read back and filed. Hours said
    later replace a bare period word taken from the description: kept, said, read back."""
    slots, _, _ = validate(domain, BBQ, "description")
    assert slots["time"] == "晚上" and slots["requested_slot"] == "category_choice", slots
    held = {k: v for k, v in slots.items() if k != "requested_slot"}
    place = "西城区广安门外街道红居南街8号楼"
    got, _, messages = validate(domain, place, "category_choice", requested_slot="category_choice", slots=held)
    assert "红居南街" in (got.get("address") or "") and got["requested_slot"] == "category_choice", got
    held.update({k: v for k, v in got.items() if k != "requested_slot"})
    got, _, messages = validate(domain, "每天晚上八点到十二点", "category_choice", requested_slot="category_choice",
                                slots=held)
    assert got["time"] == "每天晚上八点到十二点" and got.get("complaint_category"), got
    assert "时间记下了：每天晚上八点到十二点" in said(messages), messages
    held.update({k: v for k, v in got.items() if k != "requested_slot"})
    _, _, read = run(ActionAskConfirmation(), tracker_json(requested_slot="confirmation",
                                                           slots={**held, "contact": "13911112222"}), domain)
    assert "时间：每天晚上八点到十二点" in said(read), read
    # the hours alone keep the period word before them; said where the place is asked, the same
    got, _, _ = validate(domain, "八点到十二点", "category_choice", requested_slot="category_choice",
                         slots={**held, "time": "晚上", "retries": {}})
    assert got["time"] == "晚上八点到十二点", got
    got, _, messages = validate(domain, "每天晚上八点到十二点", "address", requested_slot="address",
                                slots={**held, "time": "晚上", "address": None})
    assert got["time"] == "每天晚上八点到十二点" and "时间记下了" in said(messages), (got, messages)


@pytest.mark.parametrize("said, intent, value, time", [
    ("对，不过时间是早上七点", "affirm", True, "早上七点"), ("对的，但是时间改成周末全天", "affirm", True, "周末全天")])
def test_actions_a_yes_correcting_the_time(live, domain, said, intent, value, time):
    slots, _, _ = validate(domain, said, "confirmation", value=value, intent=intent, requested_slot="confirmation",
                           slots=_filled_for_fix())
    assert slots["time"] == time and slots["confirmation"] is None


def test_actions_unsure_reading_files_the_models_and_a_place_is_kept(live, domain):
    base = {"category_candidates": ["交通运输", "城乡建设"], "description": "小区门口乱停车"}
    slots, _, messages = validate(domain, "我也说不清", "category_choice", requested_slot="category_choice", slots=base)
    assert slots["complaint_category"] == "交通运输" and slots["requested_slot"] == "address"
    assert "工作人员会根据您的描述来判断" in messages[0]["text"]
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={**_filled(), "category_candidates": base["category_candidates"],
                                "category_choice": slots["category_choice"]})
    out, _, _ = run(ActionSubmitComplaint(), state, domain)
    case = _get_case(live, out["case_number"], out["known_codes"][out["case_number"]])
    assert not case["suggestion"]["categories"][0]["stated"]  # no choice sent
    slots, _, _ = validate(domain, "海淀区万寿路街道翠微小学门口", "category_choice", requested_slot="category_choice",
                           slots=base)
    assert "翠微小学" in slots["address"] and slots["requested_slot"] == "category_choice"
    assert slots["retries"] == {"category_choice": 1}  # asked once more, then the model's reading (tester33c A2)


def test_actions_more_details_at_the_read_back_join_the_description(live, domain):
    slots, _, messages = validate(domain, "车牌号是京B12345", "fix_field", intent="inform", requested_slot="confirmation",
                                  slots=_filled_for_fix())
    assert slots["description"].endswith("，车牌号是京B12345") and slots["requested_slot"] == "confirmation"
    assert not messages


@pytest.mark.parametrize("text", ["车停在小区门口被贴条了，明明是划线车位"])
def test_actions_more_everyday_problems_are_specific(live, domain, text):
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == text, messages


def test_actions_a_second_problem_mid_form_is_noted_and_reminded(live, domain):
    slots, _, messages = validate(domain, "小区的暖气也不热", "address", requested_slot="address",
                                  slots={"description": "楼道里堆满杂物"})
    assert slots["address"] is None and slots["second_issue"] == "小区的暖气也不热"
    assert messages[0]["response"] == "utter_one_at_a_time" and "retries" not in slots
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={**_filled(), "second_issue": "小区的暖气也不热"})
    out, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert "还提到“小区的暖气也不热”" in messages[0]["text"] and out["second_issue"] is None


@pytest.mark.parametrize("said, slot, value", [
    ("不是华威北里，是华威西里", "address", "华威西里"), ("不对，是晚上七点到十点", "time", "晚上七点到十点"),
    ("主要是周六周日", "time", "主要是周六周日"), ("三号楼二单元", "address", "北京市朝阳区望京街道三号楼二单元")])
def test_actions_read_back_corrections_take_the_value_only(live, domain, said, slot, value):
    slots, _, _ = validate(domain, said, "fix_field", intent="inform", requested_slot="confirmation",
                           slots=_filled_for_fix())
    assert value in slots[slot] and not slots[slot].startswith(("不是", "不对")), slots


def test_actions_a_second_problem_at_the_read_back_is_kept_apart(live, domain):
    said = "还有一个事，我们楼的电梯坏了一个月了物业也不修"
    slots, _, messages = validate(domain, said, "fix_field", intent="complain", requested_slot="confirmation",
                                  slots=_filled_for_fix())
    assert slots["second_issue"] == said and "description" not in slots
    assert messages[0]["response"] == "utter_one_at_a_time"


@pytest.mark.parametrize("said", ["另外小区的垃圾桶也满了没人清", "小区门口的垃圾桶满了好几天没人清运"])
def test_actions_a_second_problem_at_the_read_back_keeps_the_address(live, domain, said):
    """It names 小区 but corrects no address (the address was cleared and asked again; found by a tester)."""
    filled = {**_filled_for_fix(), "description": "海淀区双榆树东里小区里面有人私搭乱建", "time_needed": False,
              "address": "北京市海淀区双榆树东里小区", "time": None}
    slots, _, messages = validate(domain, said, "fix_field", intent="complain", requested_slot="confirmation",
                                  slots=filled)
    assert slots["second_issue"] == said and "address" not in slots
    assert slots["requested_slot"] == "confirmation" and messages[0]["response"] == "utter_one_at_a_time"
    # more of the same problem is no second one: it joins the description
    slots, _, messages = validate(domain, "楼上还在装修，电钻声很吵", "fix_field", intent="complain",
                                  requested_slot="confirmation",
                                  slots={**filled, "description": "楼上邻居装修，每天很吵"})
    assert "second_issue" not in slots and slots["description"].endswith("电钻声很吵")
    # a place said more precisely is more of the place, the 小区 said once
    slots, _, _ = validate(domain, "在小区3号楼后面", "fix_field", intent="inform", requested_slot="confirmation",
                           slots=filled)
    assert slots["address"] == "北京市海淀区双榆树东里小区3号楼后面"


def test_actions_a_new_complaint_with_its_own_place_is_no_answer_to_where(live, domain):
    """Asked where the KTV is, the citizen tells of a collapsed road elsewhere: noted for later,
    never the KTV's place (it was filed as the KTV's place; found by a tester). A collapse is a danger:
    its advice comes first and the form waits (the KTV's place is asked after)."""
    filled = {"description": "我家楼下新开了一家KTV，每天唱到半夜", "complaint_category": "环境保护",
              "time_needed": True}
    slots, _, messages = validate(domain, "石景山区古城大街的路面塌了一个大坑", "address",
                                  requested_slot="address", slots=filled)
    assert not slots.get("address") and slots["second_issue"] == "石景山区古城大街的路面塌了一个大坑"
    assert "utter_one_at_a_time" in [m.get("response") for m in messages]
    # the same problem told again with its place: the place
    slots, _, messages = validate(domain, "石景山区古城大街88号楼下的KTV", "address",
                                  requested_slot="address", slots=filled)
    assert "古城大街" in slots["address"] and not messages


def test_actions_hours_said_for_the_place_are_kept(live, domain):
    filled = {"description": "这里有个工地晚上施工", "complaint_category": "城乡建设", "time_needed": True}
    slots, _, messages = validate(domain, "晚上十一点以后", "address", intent="inform", requested_slot="address",
                                  slots=filled)
    assert slots["time"] == "晚上十一点以后" and slots["address"] is None and slots["requested_slot"] == "address"
    assert "时间记下了" in messages[0]["text"] and "retries" not in slots
    slots, _, _ = validate(domain, "朝阳区劲松街道农光里，每天晚上十一点以后", "address", intent="inform",
                           requested_slot="address", slots=filled)
    assert "农光里" in slots["address"] and "晚上" not in slots["address"]
    assert slots["time"] == "每天晚上十一点以后"


def test_actions_a_progress_query_mid_form_is_answered_and_the_form_goes_on(live, domain):
    """"查一下我的工单" while the form asks where: the bot asks the number, the number and code come
    back as answers — looked up, not taken as the place, the place asked again."""
    state = tracker_json(text="JS20000104-000001", intent="inform", requested_slot="address",
                         slots={"description": "小区物业乱收停车费", "progress_asked": "number",
                                "retries": {"address": 1}},
                         set_now={"address": "JS20000104-000001"})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert messages[0]["response"] == "utter_ask_query_code" and slots["progress_asked"] == "code"
    assert slots["address"] is None and slots["requested_slot"] == "address"
    assert slots.get("retries", {"address": 1}) == {"address": 1}  # not a failed place
    state = tracker_json(text="查询码448745", intent="inform", requested_slot="address",
                         slots={"description": "小区物业乱收停车费", "progress_asked": "code",
                                "case_number": "JS20000104-000001"},
                         set_now={"address": "查询码448745"})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "没有找到" in messages[0]["text"] and slots["address"] is None


def test_actions_good_answers_reset_the_failure_count(live, domain):
    slots, _, _ = validate(domain, "丰台区卢沟桥街道青塔小区", "address", requested_slot="address",
                           slots={"description": "油烟", "retries": {"address": 2}})
    assert "青塔小区" in slots["address"] and slots["retries"] == {}


def test_actions_yes_no_at_the_read_back_are_the_confirmations(live, domain):
    slots, _, messages = validate(domain, "对", "fix_field", intent="affirm", requested_slot="confirmation",
                                  slots=_filled_for_fix())
    assert slots["fix_field"] is None and not messages


@pytest.mark.parametrize("answer, place", [
    ("北京大兴国际机场", "北京大兴国际机场"), ("首都机场T3航站楼出租车等候区", "首都机场T3航站楼出租车等候区"),
    # with the district its landmark entry names (as 天坛公园旁边 → 北京市东城区天坛公园旁边; tester59 G11)
    ("大兴国际机场出租车上车点", "北京市大兴区大兴国际机场出租车上车点")])
def test_actions_airports_are_places(live, domain, answer, place):
    slots, _, messages = validate(domain, answer, "address", requested_slot="address",
                                  slots={"description": "出租车拒载"})
    assert slots["address"] == place and not messages


def test_actions_unpaid_wages_need_no_time_and_coarse_times_are_asked(live, domain):
    slots, _, _ = validate(domain, "装修公司拖欠我们三个月工资，老板一直不给", "description")
    assert slots["time_needed"] is False
    slots, _, _ = validate(domain, "楼下工地天天施工，噪音特别大", "description")
    assert slots["time_needed"] is True and slots.get("time") is None  # 天天 says no hour: asked
    slots, _, _ = validate(domain, "楼下工地每天晚上十点以后还在施工，晚上吵得睡不着", "description")
    assert slots["time"] == "每天晚上十点以后"  # 晚上 inside it is not repeated


def test_actions_vague_and_foreign_descriptions(live, domain):
    slots, _, messages = validate(domain, "你们到底管不管啊", "description", requested_slot="description",
                                  slots={"description_draft": "我要投诉，就是那个事儿"})
    # frustration, no problem: asked what and where (tester36 M7), a failed answer all the same
    assert slots["description"] is None and "请说说具体是什么问题、在哪里" in said(messages)
    assert slots["retries"] == {"description": 1}
    slots, _, messages = validate(domain, "The restaurant downstairs is too noisy at night", "description",
                                  requested_slot="description", slots={"description_draft": "楼下有噪音"})
    assert "Sorry" in (messages[0].get("text") or "") and any(m.get("response") == "utter_use_chinese" for m in messages) and "description_draft" not in slots


ENGLISH = ("Hello, I want to complain. There is a lot of garbage near my building in Dongcheng district, "
           "nobody has cleaned it for a week")


@pytest.mark.parametrize("yes", ["yes", "OK", "yes please", "transfer"])
def test_actions_an_english_speaker_is_told_both_ways_and_yes_takes_the_person(live, domain, yes):
    """Round 11 #4: an English complaint got 目前只能处理中文描述… only, in a loop, and "yes" was no yes to
    the person offered. Now in Chinese and in English: Chinese text here, English service by phone at
    12345, "转人工" / "transfer" for a person; yes / ok / transfer next is a yes to that person."""
    slots, _, messages = validate(domain, ENGLISH, "description", requested_slot="description")
    told = said(messages)
    assert "utter_use_chinese" in told and "12345" in told, told
    # no call-back offered in English (tester56 E14: "transfer" led to a request to write in Chinese)
    assert "ask for English service" in told and "transfer" not in told and slots["description"] is None, told
    note = [m.get("text") for m in messages if m.get("text")]
    state = _turn_before(tracker_json(text=yes, intent="affirm", requested_slot="description", slots=slots,
                                      set_now={"description": yes}), ENGLISH, *note)
    got, _, _ = run(ValidateComplaintForm(), state, domain)
    assert got.get("form_outcome") == "handoff", got
    # outside the form: the same note, and "yes" hands over
    _, _, messages = run(ActionOutOfScope(), tracker_json(text=ENGLISH, intent="out_of_scope", active_loop=None), domain)
    assert "12345 hotline" in said(messages) and "utter_use_chinese" in said(messages)
    note = [m.get("text") for m in messages if m.get("text")]
    for action, intent in ((ActionAnythingElse, "affirm"), (ActionInformOutside, "nlu_fallback")):
        state = _turn_before(tracker_json(text=yes, intent=intent, active_loop=None), ENGLISH, *note)
        _, events, _ = run(action(), state, domain)
        assert any(e.get("event") == "followup" and e.get("name") == "action_handoff" for e in events), (action, events)
    # "yes" with no offer made is no hand-off
    _, events, _ = run(ActionAnythingElse(), tracker_json(text=yes, intent="affirm", active_loop=None), domain)
    assert not any(e.get("name") == "action_handoff" for e in events)


@pytest.mark.parametrize("answer, chosen", [("第一个吧", "城乡建设"), ("公司拖欠我工资", "劳动和社会保障"),
                                            ("是后者吧", "劳动和社会保障")])
def test_actions_category_choice_in_a_sentence(live, domain, answer, chosen):
    slots, _, _ = validate(domain, answer, "category_choice", requested_slot="category_choice",
                           slots={"category_candidates": ["城乡建设", "劳动和社会保障"], "description": "x"})
    assert slots["category_choice"] == chosen


@pytest.mark.parametrize("yes", ["对", "是的", "嗯"])
def test_actions_a_bare_yes_to_either_or_asks_which_one(live, domain, yes):
    """Round 11 #5: 您反映的是商铺经营和消费方面的问题，还是城市建设、施工和市容管理方面的问题？ → 对 →
    好的，先按商铺经营和消费方面的问题登记. A bare yes names neither: which one is asked again with the
    buttons, also after an earlier answer that named neither; the first reading is never taken on it."""
    candidates = {"category_candidates": ["商贸旅游", "城乡建设"], "description": "楼下商铺占道经营，门口堆了很多杂物"}
    for retries in ({}, {"category_choice": 1}):
        slots, _, messages = validate(domain, yes, "category_choice", requested_slot="category_choice",
                                      intent="affirm", slots={**candidates, "retries": retries})
        assert slots["category_choice"] is None and "complaint_category" not in slots, slots
        assert "哪一种" in said(messages) and "先按" not in said(messages), said(messages)
        asked = _this_turn(tracker_json(requested_slot="category_choice", slots={**candidates, **slots}),
                           *(m.get("text") for m in messages))
        _, _, asks = run(ActionAskCategoryChoice(), asked, domain)
        assert len(asks) == 1 and len(asks[0]["buttons"]) == 2


def test_actions_a_place_at_the_either_or_asks_again_then_leaves_it_to_the_operator(live, domain):
    """tester42 N6: 我要投诉我们小区物业乱收停车费 → either/or; the place given instead → 先按商铺经营和消费方面
    的问题登记 (option 1 as if chosen). The place is kept and the question asked once more; still no
    choice, the category is left to the operator, said so; none is stated to the API."""
    candidates = {"category_candidates": ["商贸旅游", "城乡建设"], "description": "我要投诉我们小区物业乱收停车费",
                  "description_draft": "我要投诉我们小区物业乱收停车费"}
    place = "石景山区鲁谷街道重聚园小区"
    slots, _, messages = validate(domain, place, "category_choice", requested_slot="category_choice",
                                  intent="inform", slots=candidates)
    assert "重聚园" in slots["address"] and slots["category_choice"] is None, slots
    assert "先按" not in said(messages) and "请再选一下" in said(messages), said(messages)
    slots, _, messages = validate(domain, "3号楼", "category_choice", requested_slot="category_choice",
                                  intent="inform", slots={**candidates, "address": "北京市石景山区鲁谷街道重聚园小区",
                                                          "retries": {"category_choice": 1}})
    assert slots["category_choice"] == "不确定" and "先按" not in said(messages), said(messages)
    assert "工作人员会根据您的描述来判断" in said(messages)


def test_actions_reported_many_times_is_on_the_case_as_promised(live, domain):
    """tester42 N7: 我反映了三次了都没人管… got …我帮您登记，并注明多次反映未解决; the problem and its place said
    next were filed with no note. The case filed after that promise carries it (once)."""
    first = "你们都是吃干饭的吗！！我反映了三次了都没人管，还打电话说解决了，骗子！"
    _, _, asked = validate(domain, first, "description", requested_slot=None)
    problem = "就是小区门口的停车位被占，朝阳区望京西园三区"
    slots = {"description": problem, "description_draft": problem, "address": "北京市朝阳区望京西园三区",
             "contact": "不留", "confirmation": True, "complaint_category": "城乡建设"}
    state = _turn_before(tracker_json(text="对", intent="affirm", active_loop=None, slots=slots),
                         first, *(m.get("text") for m in asked))
    filed, _, _ = run(ActionSubmitComplaint(), state, domain)
    with sqlite3.connect(live["db"]) as db:
        raw = db.execute("select raw_text from cases where number = ?", (filed["case_number"],)).fetchone()[0]
    assert raw.count("市民称此前多次反映未解决") == 1, raw


@pytest.mark.parametrize("action, intent", [(ActionOutOfScope, "out_of_scope"), (ActionInformOutside, "nlu_fallback")])
def test_actions_when_it_is_fixed_after_the_status_is_what_comes_next(live, domain, action, intent):
    """tester42 N8: after the status, 什么时候能修好？ got 抱歉，这个问题我帮不上忙; 接下来会怎么处理？多久能有
    结果？ got the steps to come. Right after a status, a question of when or what next gets them."""
    number, code, known = _filed_here(domain)
    state = tracker_json(text=f"{number} {code}", intent="ask_progress", active_loop=None, slots=known)
    _, _, status = run(ActionCheckProgress(), state, domain)
    assert "当前状态：" in said(status)
    state = _turn_before(tracker_json(text="什么时候能修好？", intent=intent, active_loop=None, slots=known),
                         f"{number} {code}", *(m.get("text") for m in status))
    _, _, messages = run(action(), state, domain)
    told = said(messages)
    assert "接下来" in told and "帮不上忙" not in told and "utter_out_of_scope" not in told, told


def test_actions_a_district_after_a_consultation_names_its_unit(live, domain):
    """Round 11 #7: 请问公租房怎么申请？需要什么条件？ → 这类问题一般由市住房城乡建设委负责解答…; 我是昌平区的
    → 抱歉，我没有理解. A district said right after the answer names the question's unit there."""
    question = "请问公租房怎么申请？需要什么条件？"
    _, _, messages = run(ActionAnswerConsultation(), tracker_json(text=question, intent="consult", active_loop=None),
                         domain)
    assert "负责解答" in said(messages)
    state = _turn_before(tracker_json(text="我是昌平区的", intent="inform", active_loop=None), question,
                         *(m.get("text") for m in messages))
    _, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "昌平区住房城乡建设委" in told and "登记" in told and "没有理解" not in told, told


def test_actions_one_question_per_turn(domain):
    """The validation's re-ask is the question: the form's own ask for the slot stays silent."""
    state = tracker_json(text="不知道", requested_slot="address")
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert messages[0]["response"] == "utter_ask_address"
    state["events"].append({"event": "action", "name": "utter_out_of_scope"})
    state["events"].append({"event": "bot", "text": "抱歉，这个问题我帮不上忙。",
                            "metadata": {"utter_action": "utter_out_of_scope"}})
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert messages[0]["response"] == "utter_ask_address"  # after an interruption: asked again
    state["events"].append({"event": "bot", "text": "这个地点还不够具体：请说一下……",
                            "metadata": {"utter_action": "utter_address_vague"}})
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert messages == []


def test_actions_submit_cancelled_when_denied(live, domain):
    state = tracker_json(text="不对", intent="deny", slots={**_filled(), "confirmation": False}, active_loop=None)
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert messages[0]["response"] == "utter_cancelled" and "case_number" not in slots


def test_actions_handoff_files_a_flagged_case_and_leaves_the_form(live, domain):
    state = tracker_json(text="转人工", intent="request_human", requested_slot="contact",
                         slots={"description_draft": "小区物业不管事，楼道里堆满杂物", "address": "北京市朝阳区安贞街道安华里"})
    slots, events, messages = run(ActionHandoff(), state, domain)
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    assert "人工" in messages[0]["text"] and f"查询码 {slots['known_codes'][slots['case_number']]}" in messages[0]["text"]
    case = _get_case(live, slots["case_number"], slots["known_codes"][slots["case_number"]])
    assert case["flagged"] is True


def test_actions_handoff_keeps_the_time_the_citizen_gave(live, domain):
    state = tracker_json(text="转人工", intent="request_human", requested_slot="confirmation",
                         slots={"description": "小区广场舞音响太吵了", "address": "朝阳区安贞街道安华里",
                                "time": "每天早上六点到七点半", "time_needed": True})
    slots, _, _ = run(ActionHandoff(), state, domain)
    case = _get_case(live, slots["case_number"], slots["known_codes"][slots["case_number"]])
    assert "发生时间：每天早上六点到七点半" in case["text"] and case["address"] == "朝阳区安贞街道安华里"


def _staff_case(api: dict[str, str], number: str) -> dict[str, Any]:
    """The case as stored (raw contact: what an operator sees), read from the API's database."""
    with sqlite3.connect(api["db"]) as db:
        contact, flagged = db.execute("SELECT raw_contact, flagged FROM cases WHERE number = ?", (number,)).fetchone()
    return {"contact": contact, "flagged": bool(flagged)}


def test_actions_handoff_asks_for_a_call_back_number_and_adds_it(live, domain, api):
    """A hand-off whose case has no contact asks for one (the operator could not call back); the
    number given — in Chinese digits too — is added to the case; a case with one is not asked."""
    state = tracker_json(text="转人工", intent="request_human", requested_slot="contact",
                         slots={"description_draft": "小区物业不管事，楼道里堆满杂物", "address": "北京市朝阳区安贞街道安华里"})
    slots, _, messages = run(ActionHandoff(), state, domain)
    assert "请留下您的联系电话" in messages[0]["text"] and slots["contact_asked"] is True
    number, _code = slots["case_number"], slots["known_codes"][slots["case_number"]]
    state = tracker_json(text="我的手机号是一三九一二三四五六七八", intent="inform", active_loop=None,
                         slots={**slots, "own_case": number})
    out, _, messages = run(ActionTakeContact(), state, domain)
    assert "尾号 5678" in messages[0]["text"] and out["contact_asked"] is None
    staff = _staff_case(api, number)
    assert staff["contact"] == "13912345678" and staff["flagged"] is True
    # said again: the case has one now, it stays
    _, _, messages = run(ActionTakeContact(), tracker_json(text="13800000000", intent="inform", active_loop=None,
                                                           slots={**slots, "own_case": number}), domain)
    assert "已经有联系方式" in messages[0]["text"] and _staff_case(api, number)["contact"] == "13912345678"
    # a number said in groups, a landline with spaces; digits that make no number are asked once more
    for said_, stored in (("一三七 一二三四 五六七八", "13712345678"), ("座机010-6512 3456", "01065123456")):
        state = tracker_json(text="转人工", intent="request_human", requested_slot="contact",
                             slots={"description_draft": "小区物业不管事，楼道里堆满杂物", "address": "北京市朝阳区安贞街道安华里"})
        handed, _, _ = run(ActionHandoff(), state, domain)
        ref = handed["case_number"]
        run(ActionTakeContact(), tracker_json(text=said_, intent="inform", active_loop=None,
                                              slots={**handed, "own_case": ref}), domain)
        assert _staff_case(api, ref)["contact"] == stored
    out, _, messages = run(ActionTakeContact(), tracker_json(text="139112", intent="inform", active_loop=None,
                                                             slots={**slots, "own_case": number}), domain)
    assert "不完整" in messages[0]["text"] and "contact_asked" not in out and out["retries"] == {"contact": 1}
    # "不用": fine, nothing added; said honestly that nobody can call back then, and where a person is
    # (坐席会在工单里跟进 promised what a case with no number cannot get: tester51 C5)
    _, _, messages = run(ActionTakeContact(), tracker_json(text="不方便留电话", intent="deny", active_loop=None,
                                                           slots={**slots, "own_case": number}), domain)
    assert "没法回电" in messages[0]["text"] and "12345" in messages[0]["text"]
    # a complaint with its number in the text is not asked
    state = tracker_json(text="转人工", intent="request_human", requested_slot="contact",
                         slots={"description_draft": "小区物业不管事，楼道里堆满杂物，我电话13712345678",
                                "address": "北京市朝阳区安贞街道安华里"})
    slots, _, messages = run(ActionHandoff(), state, domain)
    assert "联系电话" not in messages[0]["text"] and "contact_asked" not in slots


def test_actions_handoff_without_a_complaint(live, domain):
    slots, events, messages = run(ActionHandoff(), tracker_json(text="转人工", intent="request_human",
                                                                active_loop=None), domain)
    assert "人工" in messages[0]["text"] and "case_number" not in slots
    assert all(e.get("event") != "active_loop" for e in events)


# -- the API is down -------------------------------------------------------------------------------

def test_actions_api_down_is_said_politely(down, domain):
    slots, _, messages = validate(domain, "隔壁商铺每天晚上放音乐，声音特别大", "description")
    assert slots["form_outcome"] == "api_down" and slots["requested_slot"] is None
    assert not messages  # the rule answers utter_api_down

    state = tracker_json(text="对", intent="affirm", slots=_filled(), active_loop=None)
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert messages[0]["response"] == API_DOWN and "case_number" not in slots

    _, _, messages = run(ActionCheckProgress(), tracker_json(text="JS20261128-000001 123456", intent="inform",
                                                             active_loop=None), domain)
    assert messages[0]["response"] == API_DOWN

    _, _, messages = run(ActionHandoff(), tracker_json(text="转人工", intent="request_human",
                                                       slots={"description_draft": "工地噪音"}), domain)
    assert "人工" in messages[0]["text"]

    # the address is still judged on the citizen's own words
    slots, _, _ = validate(domain, "望京西园三区", "address", requested_slot="address", slots={"description": "x"})
    # (with no triage to name its district, the district is asked: tester51 C18)
    assert slots["address"] is None and slots["place_piece"] == "望京西园三区"
    slots, _, _ = validate(domain, "朝阳", "address", requested_slot="address",
                           slots={"description": "x", "place_piece": "望京西园三区"})
    assert slots["address"] == "北京市朝阳区望京西园三区"


def test_actions_domain_response_for_api_down(domain):
    assert domain["responses"][API_DOWN][0]["text"] == "系统暂时无法连接，请稍后再试或拨打12345。"


@pytest.mark.parametrize("said, intent, slot, value", [
    ("不对，是海淀区", "deny", "confirmation", False),
    ("是海淀区，不是朝阳区", "inform", "fix_field", None),
    ("不对，是海淀区", "inform", "fix_field", None),
])
def test_actions_a_district_corrected_at_the_read_back_moves_the_place(live, domain, said, intent, slot, value):
    """"不对，是海淀区" corrects the place's district (it was added to the problem's text)."""
    slots, _, _ = validate(domain, said, slot, value=value, intent=intent, requested_slot="confirmation",
                           slots={**_filled_for_fix(), "address": "北京市朝阳区学院路20号院"})
    assert slots["address"] == "北京市海淀区学院路20号院", slots
    assert "海淀区" not in (slots.get("description") or _filled()["description"])
    assert slots["requested_slot"] == "confirmation"  # read back again


def test_actions_the_reading_question_keeps_a_time_and_a_place_and_asks_twice_at_most(live, domain):
    """An hour said at the two-readings question is kept (it was lost); "说不清，在…" keeps the place
    with the model's reading; a second answer naming neither reading takes the model's reading
    instead of asking a third and a fourth time."""
    base = {"category_candidates": ["城乡建设", "环境保护"], "description": "楼上有人扰民", "time_needed": True}
    slots, _, messages = validate(domain, "每天半夜", "category_choice", requested_slot="category_choice", slots=base)
    assert slots["time"] == "每天半夜" and slots["category_choice"] is None
    assert "时间记下了" in messages[0]["text"] and slots["retries"] == {"category_choice": 1}
    slots, _, messages = validate(domain, "说不清，在朝阳区望京街道花家地西里", "category_choice",
                                  requested_slot="category_choice", slots=base)
    assert slots["complaint_category"] == "城乡建设" and "花家地西里" in (slots["address"] or "")
    slots, _, messages = validate(domain, "我也说不好", "category_choice", requested_slot="category_choice",
                                  slots={**base, "retries": {"category_choice": 1}})
    assert slots["complaint_category"] == "城乡建设" and "工作人员会根据您的描述来判断" in messages[0]["text"]
    # a bare yes names neither: which one is asked (round 11 #5); a second one right after: the model's reading
    slots, _, messages = validate(domain, "嗯嗯", "category_choice", requested_slot="category_choice",
                                  slots={**base, "retries": {"category_choice": 1}})
    assert slots["category_choice"] is None and "哪一种" in messages[0]["text"]
    state = _turn_before(tracker_json(text="嗯嗯", requested_slot="category_choice", slots=base,
                                      set_now={"category_choice": "嗯嗯"}), "嗯", messages[0]["text"])
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["complaint_category"] == "城乡建设" and "工作人员会根据您的描述来判断" in messages[0]["text"]


@pytest.mark.parametrize("answer, chosen, time", [
    ("是噪音，每天晚上十一点以后", "环境保护", "每天晚上十一点以后"),
    ("是噪音每天晚上十一点以后", "环境保护", "每天晚上十一点以后"),
    ("环境污染的问题。周末全天", "环境保护", "周末全天"),
    ("第一个，每天晚上十一点以后", "城乡建设", "每天晚上十一点以后"),
    ("后者吧，半夜两三点", "环境保护", "半夜两三点")])
def test_actions_the_hours_said_with_the_reading_are_kept(live, domain, answer, chosen, time):
    """"是噪音，每天晚上十一点以后" at the two-readings question: the reading was taken and the hours
    lost (the form asked 请问一般在什么时间段发生 again, or filed without them)."""
    base = {"category_candidates": ["城乡建设", "环境保护"], "description": "楼上有人扰民", "time_needed": True}
    slots, _, messages = validate(domain, answer, "category_choice", requested_slot="category_choice", slots=base)
    assert slots["category_choice"] == chosen and slots["complaint_category"] == chosen
    assert slots["time"] == time and slots["requested_slot"] == "address", slots
    assert not messages  # the place question follows; the read-back says the time
    state = tracker_json(text="不留", intent="deny", active_loop="complaint_form", requested_slot="confirmation",
                         slots={**base, "category_choice": chosen, "complaint_category": chosen, "time": time,
                                "address": "北京市朝阳区望京街道望京西园三区", "contact": "不留"})
    _, _, messages = run(ActionAskConfirmation(), state, domain)
    assert f"时间：{time}" in said(messages)


def test_actions_a_place_and_the_hours_said_with_the_reading_are_kept(live, domain):
    base = {"category_candidates": ["城乡建设", "环境保护"], "description": "楼上有人扰民", "time_needed": True}
    slots, _, messages = validate(domain, "是噪音，在朝阳区望京街道望京西园三区，每天晚上十一点以后", "category_choice",
                                  requested_slot="category_choice", slots=base)
    assert slots["complaint_category"] == "环境保护" and slots["time"] == "每天晚上十一点以后"
    assert "望京西园三区" in slots["address"] and slots["requested_slot"] == "contact", slots
    # a district alone is the piece the place question goes on from
    slots, _, _ = validate(domain, "环境污染，海淀区", "category_choice", requested_slot="category_choice", slots=base)
    assert slots["complaint_category"] == "环境保护" and slots["place_piece"] == "北京市海淀区"
    assert slots["requested_slot"] == "address"
    # the hours with more of the problem: the hours, and the rest joins the description
    slots, _, _ = validate(domain, "施工，天天晚上十一二点还在打桩", "category_choice", requested_slot="category_choice",
                           slots={**_SITE, "category_candidates": ["城乡建设", "环境保护"]})
    assert slots["complaint_category"] == "城乡建设" and slots["time"] == "天天晚上十一二点"
    assert slots["description"] == "我家楼下有个工地，天天晚上十一二点还在打桩"
    # the reading read as its entity (the slot holds 环境保护 alone): the message's hours still count
    state = tracker_json(text="是环境污染，每天晚上十一点以后", intent="inform", requested_slot="category_choice",
                         slots=base, set_now={"category_choice": "环境保护"})
    state["latest_message"]["entities"] = [{"entity": "complaint_category", "value": "环境保护"}]
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["complaint_category"] == "环境保护" and slots["time"] == "每天晚上十一点以后"
    # a button's payload, or the reading alone, tells nothing more: the time is asked when its turn comes
    for text, value in (('/inform{"complaint_category":"环境保护"}', "环境保护"), ("噪音", "噪音")):
        slots, _, _ = validate(domain, text, "category_choice", value=value, requested_slot="category_choice",
                               slots=base)
        assert slots["complaint_category"] == "环境保护" and "time" not in slots and "address" not in slots


def test_actions_a_phone_clause_is_no_part_of_the_place(live, domain):
    slots, _, _ = validate(domain, "朝阳区望京街道花家地西里3号楼，有事打我电话13912345678", "address",
                           requested_slot="address", slots={"description": "油烟"})
    assert "花家地西里" in slots["address"] and "电话" not in slots["address"] and "139" not in slots["address"]


def test_actions_start_over_drops_the_complaint_not_the_cases(domain):
    state = tracker_json(text="重新开始", intent="start_over", requested_slot="address",
                         slots={"description": "我家楼下新开了一家KTV", "time_needed": True,
                                "own_case": "JS20261205-000001", "known_codes": {"JS20261205-000001": "123456"}})
    slots, events, messages = run(ActionStartOver(), state, domain)
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    assert slots["description"] is None and slots["time_needed"] is None and slots["requested_slot"] is None
    assert "own_case" not in slots and "known_codes" not in slots  # the filed case is still the citizen's
    assert "重新开始" in messages[0]["text"] and "不会提交" in messages[0]["text"]


def test_actions_a_consultation_is_answered_with_its_unit_and_article(live, domain):
    state = tracker_json(text="我想咨询一下灵活就业人员社保怎么交", intent="consult", active_loop=None)
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    text = messages[0]["text"]
    assert "人力社保" in text and "《中华人民共和国社会保险法》" in text and "灵活就业人员" in text
    assert "请直接说说发生了什么" in text  # a complaint taken for a question can still be filed
    # an article that shares only part of the question is not quoted (新生儿登记 is not 上户口)
    state = tracker_json(text="新生儿怎么上户口", intent="consult", active_loop=None)
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    assert "可参考" not in messages[0]["text"] and "负责解答" in messages[0]["text"]


def test_actions_a_place_said_first_is_noted_and_the_problem_asked(live, domain):
    """"朝阳区劲松街道农光里" before any complaint: noted (the form then does not ask where), the bot
    asks what happened there (it said it did not understand; found by a tester)."""
    slots, _, messages = run(ActionInformOutside(), tracker_json(text="朝阳区劲松街道农光里", intent="inform",
                                                                 active_loop=None), domain)
    assert "农光里" in slots["address"] and "发生了什么问题" in messages[0]["text"]
    slots, _, _ = validate(domain, "这里有个工地晚上施工，吵得睡不着", "description",
                           slots={"address": "朝阳区劲松街道农光里"})
    assert "address" not in slots and slots["requested_slot"] in ("time", "contact", "category_choice")
    # a case number outside a complaint is still a progress query; other words are not understood
    _, _, messages = run(ActionInformOutside(), tracker_json(text="JS20261128-000001", intent="inform",
                                                             active_loop=None), domain)
    assert messages[0]["response"] == "utter_ask_query_code"
    _, _, messages = run(ActionInformOutside(), tracker_json(text="嗯嗯", intent="inform", active_loop=None), domain)
    assert messages[0]["response"] == "utter_default"


def test_actions_more_of_the_problem_at_the_where_question_joins_it(live, domain):
    """"油烟" when asked where the 烧烤店 is: more of the problem, not a bad place (a failed answer)."""
    slots, _, messages = validate(domain, "油烟", "address", intent="inform", requested_slot="address",
                                  slots={"description": "我家楼下的烧烤店", "complaint_category": "环境保护"})
    assert slots["description"] == "我家楼下的烧烤店，油烟" and slots["address"] is None
    assert slots["time_needed"] is True and "retries" not in slots and "记下了" in messages[0]["text"]
    # a place with letters keeps the space between them
    slots, _, _ = validate(domain, "朝阳区望京SOHO T3", "address", intent="inform", requested_slot="address",
                           slots={"description": "公司拖欠我三个月工资不给", "complaint_category": "劳动和社会保障"})
    assert slots["address"].endswith("望京SOHO T3")


def test_actions_no_case_number_is_sent_to_a_person(live, domain):
    for intent, action in (("inform", ActionCheckProgress()), ("deny", ActionAnythingElse())):
        state = tracker_json(text="我没有编号", intent=intent, active_loop=None, slots={"progress_asked": "number"})
        slots, _, messages = run(action, state, domain)
        assert "12345" in messages[0]["text"] and slots["progress_asked"] is None


def test_actions_a_place_after_a_vague_draft_is_no_description(live, domain):
    """"路边有人弄东西" is too vague; the place said next is no description of its own (a bare
    address reads as 城乡建设 with confidence: it replaced the problem; found by a tester)."""
    slots, _, messages = validate(domain, "朝阳区三里屯街道三里屯路", "description", intent="inform",
                                  requested_slot="description", slots={"description_draft": "路边有人卖东西",
                                                                       "retries": {"description": 1}})
    # where, not what: the place is kept, the draft untouched, what happened asked again
    assert "三里屯路" in slots["address"] and slots["description"] is None and "description_draft" not in slots
    assert "地点记下了" in messages[0]["text"] and slots.get("retries", {"description": 1}) == {"description": 1}


@pytest.mark.parametrize("text", ["楼上天天半夜跺脚", "楼上天天半夜跺脚，我该找谁？", "那个民警态度太差了，对我大吼大叫",
                                  "平谷区滨河街道的超市卖的猪肉注水"])
def test_actions_specific_complaints_outside_the_seven_categories_are_taken(live, domain, text):
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == text, messages


@pytest.mark.parametrize("answer, place", [("丰台区卢沟桥街道万丰小区，你们这帮废物赶紧来", "万丰小区"),
                                           ("朝阳区天星街一号院你们赶紧的别他妈再拖了", "天星街一号院")])
def test_actions_abuse_and_urging_are_no_part_of_the_place(live, domain, answer, place):
    slots, _, _ = validate(domain, answer, "address", intent="inform", requested_slot="address",
                           slots={"description": "小区垃圾没人清", "complaint_category": "城乡建设"})
    assert slots["address"].endswith(place), slots
    assert not any(w in slots["address"] for w in ("废物", "他妈", "赶紧", "拖"))
    # more of the problem at the read-back keeps no abuse either (tmd, 个屁)
    slots, _, _ = validate(domain, "垃圾堆了一个星期tmd没人管", "fix_field", intent="inform",
                           requested_slot="confirmation", slots={**_filled_for_fix(), "description": "小区垃圾没人清"})
    assert "tmd" not in (slots.get("description") or "") and "tmd" not in json.dumps(slots, ensure_ascii=False)


def _after(said_before: list[str], state: dict[str, Any]) -> dict[str, Any]:
    """``state`` with the citizen's earlier messages before its latest one."""
    earlier = [{"event": "user", "text": t, "parse_data": {"text": t, "intent": {"name": "inform"}}} for t in said_before]
    return {**state, "events": earlier + state["events"]}


def test_actions_a_place_said_first_belongs_to_the_next_message_only(live, domain):
    place = "北京市朝阳区国贸地铁站B口"
    noted = {"address": place, "noted_place": "国贸地铁站B口"}
    # the form starts: the place is checked again in the same call as the complaint (as Rasa does;
    # the place's own check overrode the complaint's decision), kept, never "another problem"
    state = tracker_json(text="出租车拒载", set_now={"address": place}, slots=noted)
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots.get("address", place) == place and "second_issue" not in slots and not messages
    # the next message is the problem: the place is its place
    state = _after(["国贸地铁站B口"], tracker_json(text="出租车拒载，态度很差", set_now={"description": "出租车拒载，态度很差", "address": place},
                                                slots=noted))
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["noted_place"] is None and slots.get("address", place) == place
    # something else in between ("算了"): the place is not this problem's
    state = _after(["国贸地铁站B口", "算了"], tracker_json(text="出租车拒载，态度很差",
                                                        set_now={"description": "出租车拒载，态度很差", "address": place}, slots=noted))
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["address"] is None and slots["requested_slot"] == "address"
    # the problem names its own place: that one
    state = _after(["国贸地铁站B口"], tracker_json(text="丰台区方庄芳城园一区有人遛狗不牵绳",
                                                set_now={"description": "丰台区方庄芳城园一区有人遛狗不牵绳", "address": place}, slots=noted))
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert "芳城园" in slots["address"]


@pytest.mark.parametrize("intent", ["inform", "nlu_fallback"])
def test_actions_a_complaint_read_as_an_answer_starts_the_form(live, domain, intent):
    """A whole complaint the intents read as an answer (or not at all) is no place to note: the form
    starts with it as its description (it was "地点记下了：<the whole sentence>"; found by a tester)."""
    text = "西城区什刹海街道烟袋斜街的酒吧每天凌晨一两点还在唱歌"
    slots, events, messages = run(ActionInformOutside(), tracker_json(text=text, intent=intent, active_loop=None),
                                  domain)
    assert {"event": "followup", "name": "complaint_form"} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    assert slots["description"] == text and "烟袋斜街" in slots["address"] and "noted_place" not in slots
    assert not any("地点记下了" in (m.get("text") or "") for m in messages)
    _, events, messages = run(ActionInformOutside(), tracker_json(text="嗯嗯嗯", intent=intent, active_loop=None), domain)
    assert messages[0]["response"] == ("utter_please_rephrase" if intent == "nlu_fallback" else "utter_default")
    # in the form: not understood, as before
    _, events, messages = run(ActionInformOutside(), tracker_json(text=text, intent=intent, requested_slot="time"),
                              domain)
    assert len(messages) == 1 and messages[0]["response"] and not events


def test_actions_another_problem_after_a_bare_cue_is_split_when_it_is_another(live, domain):
    for text, first, second in [
            ("朝阳区香河园小区的暖气不热，另外楼道灯也坏了", "朝阳区香河园小区的暖气不热", "楼道灯也坏了"),
            ("石景山区八角街道八角北里的公交站牌被撞坏了，还有一个问题，站旁边的共享单车堆成山了",
             "石景山区八角街道八角北里的公交站牌被撞坏了", "站旁边的共享单车堆成山了")]:
        slots, _, _ = validate(domain, text, "description")
        assert slots["description"] == first and slots["second_issue"] == second
    text = "小区门口的垃圾站很臭，还有苍蝇蚊子很多"  # the same problem
    slots, _, _ = validate(domain, text, "description")
    assert slots["description"] == text and not slots.get("second_issue")
    # said at the two-readings question after "对了": noted, the question asked again
    slots, _, messages = validate(domain, "对了，我们楼下的便利店还卖烟给小孩", "category_choice",
                                  requested_slot="category_choice",
                                  slots={"category_candidates": ["城乡建设", "环境保护"], "description": "楼上有人扰民"})
    assert slots["second_issue"] == "对了，我们楼下的便利店还卖烟给小孩" and slots["category_choice"] is None
    assert messages[0]["response"] == "utter_one_at_a_time"


def test_actions_starting_over_with_the_new_complaint_in_the_same_breath(live, domain):
    """"我重新说一下，是…" / "重新开始吧，我要反映的是…": the old complaint is dropped, what follows is
    the new one (it was kept as the place, or lost; found by a tester)."""
    text = "我重新说一下，是海淀区的一个菜市场垃圾没人清"
    state = tracker_json(text=text, intent="complain", requested_slot="address", set_now={"address": text},
                         slots={"description": "小区垃圾没人清", "description_draft": "小区垃圾没人清",
                                "complaint_category": "城乡建设"})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["description"] == "海淀区的一个菜市场垃圾没人清" and "我重新说" not in slots["description"]
    # the old place is dropped too; a district alone does not place it: asked where (after which of two
    # readings, where the model holds 城乡建设 and 环境保护 near: rubbish is labelled both ways)
    assert slots["address"] is None and slots["requested_slot"] in ("address", "category_choice")
    text = "重新开始吧，我要反映的是昌平区回龙观的楼道里有人给电动车充电"
    slots, events, _ = run(ActionStartOver(), tracker_json(text=text, intent="start_over", requested_slot="address",
                                                           slots={"description": "小区垃圾没人清"}), domain)
    assert slots["description"] == "昌平区回龙观的楼道里有人给电动车充电" and "回龙观" in slots["address"]
    assert {"event": "followup", "name": "complaint_form"} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    # after a hand-off filed the case there is nothing in progress to drop: not said
    _, _, messages = run(ActionStartOver(), tracker_json(text="重新开始", intent="start_over", active_loop=None), domain)
    assert "不会提交" not in messages[0]["text"] and "重新开始" in messages[0]["text"]


@pytest.mark.parametrize("said, time", [("时间是晚上十点", "晚上十点"), ("每天早上七八点", "每天早上七八点")])
def test_actions_an_hour_at_the_read_back_is_the_time_where_none_was_asked(live, domain, said, time):
    slots, _, _ = validate(domain, said, "fix_field", intent="inform", requested_slot="confirmation",
                           slots={**_filled_for_fix(), "description": "小区垃圾没人清", "time_needed": False,
                                  "time": None})
    assert slots["time"] == time and "description" not in slots


@pytest.mark.parametrize("slot, extra", [("time", {"time_needed": True}),
                                         ("category_choice", {"category_candidates": ["城乡建设", "环境保护"]})])
def test_actions_a_place_corrected_while_another_question_is_asked(live, domain, slot, extra):
    said = "地址不对，应该是朝阳区工体北路8号"
    slots, _, messages = validate(domain, said, slot, intent="inform", requested_slot=slot,
                                  slots={"description": "工地晚上施工噪音很大", "address": "北京市海淀区学院路",
                                         "complaint_category": "城乡建设", **extra})
    assert "工体北路8号" in slots["address"] and slots[slot] is None and slots["requested_slot"] == slot
    assert "地点改为" in messages[0]["text"] and "retries" not in slots


def test_actions_a_complaint_after_a_place_name_with_a_road_word_in_it(live, domain):
    """"…大栅栏的商贩每天晚上都在路边摆摊": 路边 made the whole sentence read as a place name."""
    text = "东城区前门街道大栅栏的商贩每天晚上都在路边摆摊"
    slots, events, messages = run(ActionInformOutside(), tracker_json(text=text, intent="inform", active_loop=None),
                                  domain)
    assert slots["description"] == text and not any("地点记下了" in (m.get("text") or "") for m in messages)
    slots, _, messages = run(ActionInformOutside(), tracker_json(text="国贸地铁站B口", intent="inform",
                                                                 active_loop=None), domain)
    assert "地点记下了" in messages[0]["text"] and "description" not in slots


def test_actions_urging_at_the_read_back_is_no_time_and_changes_nothing(live, domain):
    for said in ("你们快点修", "你们这帮废物，快点处理"):
        slots, _, messages = validate(domain, said, "fix_field", intent="inform", requested_slot="confirmation",
                                      slots={**_filled_for_fix(), "time": None, "time_needed": False})
        assert "time" not in slots and "description" not in slots, slots
        assert "尽快" in messages[0]["text"]


def test_actions_more_of_a_noise_is_no_second_problem(live, domain):
    """"楼上还在装修，电钻声很吵" after a complaint of 楼上噪音: the same noise, while the time is asked
    or at the read-back (it was noted as another problem)."""
    base = {"description": "朝阳区望京街道望京西园三区楼上噪音", "complaint_category": "环境保护",
            "address": "北京市朝阳区望京街道望京西园三区", "time_needed": True}
    slots, _, messages = validate(domain, "楼上还在装修，电钻声很吵", "time", requested_slot="time", slots=base)
    assert "second_issue" not in slots and slots["description"].endswith("电钻声很吵")
    assert slots["time"] is None and "retries" not in slots and "记下了" in messages[0]["text"]
    slots, _, messages = validate(domain, "楼上还在装修，电钻声很吵", "fix_field", intent="complain",
                                  requested_slot="confirmation", slots={**base, "time": "每天晚上"})
    assert "second_issue" not in slots and slots["description"].endswith("电钻声很吵")


# -- the tester's conversations (2026-12-05) ---------------------------------------------------------

READ_BACK = {"description": "小区物业啥也不管，楼道灯坏了也不修，电梯老停",
             "description_draft": "小区物业啥也不管，楼道灯坏了也不修，电梯老停",
             "complaint_category": "城乡建设", "address": "北京市丰台区方庄芳古园一区5号楼", "contact": "不留"}


@pytest.mark.parametrize("said, intent", [("俩月了，一直这样", "goodbye"), ("这礼拜天天这样", "goodbye"),
                                          ("一直都这样", "goodbye"), ("现在，今天", "out_of_scope"),
                                          ("今年夏天盖的", "out_of_scope"), ("这两天", "inform")])
def test_actions_a_time_at_the_read_back_is_the_time_not_a_goodbye(live, domain, said, intent):
    """A follow-up at the read-back that the intents read as goodbye or out of scope is the time
    (read back again), never the end of the complaint."""
    slots, _, _ = validate(domain, said, "fix_field", requested_slot="confirmation", intent=intent,
                           slots=READ_BACK)
    assert slots["time"] == said
    assert slots.get("confirmation") is None and not slots.get("form_outcome")
    assert "description" not in slots and slots["requested_slot"] == "confirmation"


def test_actions_a_how_long_beside_a_known_hour_is_added_to_it(live, domain):
    slots, _, _ = validate(domain, "俩月了", "fix_field", requested_slot="confirmation", intent="goodbye",
                           slots={**READ_BACK, "time": "天天后半夜", "time_needed": True})
    assert slots["time"] == "天天后半夜，俩月了"


def test_actions_the_read_back_takes_replies_read_as_goodbye_or_out_of_scope(domain):
    """The domain: at the read-back the reply fills fix_field whatever it reads as, but a wish for a
    person, a progress query or a restart (those have their own rules)."""
    at_read_back = [m for m in domain["slots"]["fix_field"]["mappings"]
                    if any(c.get("requested_slot") == "confirmation" for c in m.get("conditions") or [])]
    assert at_read_back
    for mapping in at_read_back:
        assert not {"goodbye", "out_of_scope"} & set(mapping.get("not_intent") or [])
        assert {"request_human", "ask_progress", "start_over"} <= set(mapping.get("not_intent") or [])


@pytest.mark.parametrize("said, intent, expect", [
    ("再见", "goodbye", "cancel"), ("不提交了，再见", "goodbye", "cancel"),
    ("中", "inform", "yes"), ("中！", "nlu_fallback", "yes"), ("得嘞", "out_of_scope", "yes"),
    ("今天天气怎么样", "out_of_scope", "asked"), ("哈哈哈", "goodbye", "asked"),
])
def test_actions_only_an_explicit_no_drops_the_read_back(live, domain, said, intent, expect):
    slots, _, messages = validate(domain, said, "fix_field", requested_slot="confirmation", intent=intent,
                                  slots=READ_BACK)
    if expect == "cancel":
        assert slots["confirmation"] is False and slots["fix_field"] == "cancel"
    elif expect == "yes":
        assert slots["confirmation"] is True and slots["requested_slot"] is None
    else:  # asked again; nothing added to what is filed, nothing dropped
        assert slots.get("confirmation") is None and slots["requested_slot"] == "confirmation"
        assert "description" not in slots and not slots.get("time")
        assert messages[-1]["response"] == "utter_confirm_or_fix"


def test_actions_a_goodbye_reading_without_goodbye_words_keeps_the_form(domain):
    """The goodbye rule in the form (a reply the form could not take): no goodbye said, no goodbye
    done; the form asks its question again (a time said is kept: tester34 L7)."""
    state = tracker_json(text="俩月了，一直这样", intent="goodbye", requested_slot="address", slots=READ_BACK)
    slots, events, messages = run(ActionLeaveForm(), state, domain)
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["complaint_form"]
    assert not [e for e in events if e.get("event") == "active_loop"]
    assert slots == {"time": "俩月了，一直这样"} and "没有提交" not in said(messages)
    state = tracker_json(text="那个啥", intent="goodbye", requested_slot="address", slots=READ_BACK)
    slots, events, messages = run(ActionLeaveForm(), state, domain)
    assert not slots and messages[0]["response"] == "utter_please_rephrase"


@pytest.mark.parametrize("text", ["有燃气味！楼道里一股煤气味儿，挺冲的",
                                  "我家燃气灶那块儿有股煤气味，关了阀门还有，怎么办？"])
def test_actions_a_danger_gets_its_advice_first_and_no_question_of_its_reading(urgent_api, domain, text):
    """The triage's ``urgent``: its advice is the bot's first message; the complaint is filed as
    usual after it, without asking which of two readings (环境污染还是城市建设？) a gas leak is."""
    slots, _, messages = validate(domain, text, "description")
    assert messages[0]["text"] == GAS_ADVICE
    assert slots["description"] == text and slots["category_candidates"] is None
    assert slots["requested_slot"] == "address"
    # said once: the description triaged again later (a clarification) does not repeat it
    state = tracker_json(text="在三楼", set_now={"description": "在三楼"}, requested_slot="description",
                         slots={"description_draft": text})
    state["events"].insert(0, {"event": "bot", "text": GAS_ADVICE})
    _, _, messages = run(ValidateComplaintForm(), state, domain)
    assert GAS_ADVICE not in said(messages)


def test_actions_the_problem_told_again_at_the_which_reading_question_is_triaged_again(urgent_api, domain):
    """"都不是，是煤气泄漏，挺危险的" where the bot asked 环境污染还是城市建设: the description, triaged
    again (here: a danger, its advice), not "抱歉没听明白"."""
    draft = "楼道里一股怪味儿，挺冲的"
    slots, _, messages = validate(domain, "都不是，是煤气泄漏，挺危险的", "category_choice",
                                  requested_slot="category_choice",
                                  slots={"description": draft, "description_draft": draft,
                                         "complaint_category": "环境保护",
                                         "category_candidates": ["环境保护", "城乡建设"]})
    assert messages[0]["text"] == GAS_ADVICE
    assert all(m.get("response") != "utter_choice_invalid" for m in messages)
    assert slots["description"] == f"{draft}，煤气泄漏，挺危险的"
    assert slots["category_candidates"] is None and slots["requested_slot"] == "address"


GROPED = "北京市西城区德胜门外大街那个小区，叫啥来着，德外大街11号院吧"
NOISE_READ_BACK = {"description": "楼上邻居天天晚上蹦迪似的，音响开老大", "complaint_category": "环境保护",
                   "description_draft": "楼上邻居天天晚上蹦迪似的，音响开老大", "address": GROPED,
                   "time": "天天晚上", "time_needed": True, "contact": "不留"}


@pytest.mark.parametrize("said, intent, slot, value", [
    ("不对，是德胜门外大街13号院", "deny", "address", "北京市西城区德胜门外大街13号院"),
    ("不对，是德胜门外大街13号院", "inform", "address", "北京市西城区德胜门外大街13号院"),
    ("应该是德胜门外大街13号院", "inform", "address", "北京市西城区德胜门外大街13号院"),
    ("不对，是上周四", "deny", "time", "上周四"),
    ("不对，是上周四", "inform", "time", "上周四"),
])
def test_actions_a_correction_replaces_the_part_it_corrects(live, domain, said, intent, slot, value):
    """"不对，是…" at the read-back: the place or time it gives replaces the old one (the place keeps
    its district), read back again; not appended, not "请问哪一项需要修改？"."""
    if intent == "deny":
        slots, _, _ = validate(domain, said, "confirmation", value=False, intent=intent,
                               requested_slot="confirmation", slots=NOISE_READ_BACK)
    else:
        slots, _, _ = validate(domain, said, "fix_field", intent=intent, requested_slot="confirmation",
                               slots=NOISE_READ_BACK)
    assert slots[slot] == value
    assert not slots.get("fixing") and slots.get("confirmation") is None
    assert slots["requested_slot"] == "confirmation"


def test_actions_words_groping_for_a_place_are_no_part_of_it(live, domain):
    slots, _, _ = validate(domain, "西城区德胜门外大街那个小区，叫啥来着，德外大街11号院吧", "address",
                           requested_slot="address", slots={"description": "楼上邻居音响开老大"})
    assert slots["address"] == "北京市西城区德外大街11号院"


@pytest.mark.parametrize("said, address, time", [
    # tester47 B5: the wrong part said on the way was kept (…七区门口不对是和平里九区北门…)
    ("东城区，嗯，那个，和平里街道，和平里七区门口，不对，是和平里九区北门", "北京市东城区和平里街道和平里九区北门", None),
    ("朝阳区，望京，花家地西里", "北京市朝阳区望京花家地西里", None),  # was 北京市朝阳区，望京，花家地西里
    ("通州区，梨园镇，云景里", "北京市通州区梨园镇云景里", None),
    # tester47 B6: the place after what the citizen did; 打了96777 is no time
    ("我已经下楼了，打了96777说马上到，西城区广安门外街道红居南街小区3号楼", "北京市西城区广安门外街道红居南街小区3号楼", None),
    # tester47 B6: who is there (烧烤在) is no part of the address
    ("烧烤在朝阳区双井街道富力城东区底商，每天晚上从六点烤到半夜两点", "北京市朝阳区双井街道富力城东区底商", "每天晚上从六点烤到半夜两点"),
])
def test_actions_a_place_said_in_spoken_pieces_is_one_place(live, domain, said, address, time):
    """The pieces of a place said with pauses (the REST channel writes them as commas), fillers and a
    part corrected on the way: one address, the correction's."""
    slots, _, _ = validate(domain, said, "address", requested_slot="address",
                           slots={"description": "楼下烧烤油烟太大", "description_draft": "楼下烧烤油烟太大"})
    assert slots["address"] == address
    assert slots.get("time") == time


@pytest.mark.parametrize("text, number, shown", [
    ("我电话13811112222", "13811112222", "尾号2222"), ("我身份证号110105198003154321", "110105198003154321", "（已隐去）"),
    ("我手机号是159 0000 1111", "159 0000 1111", "尾号1111"), ("电话一三八一一一一二二二二", "一三八一一一一二二二二", "尾号2222"),
])
def test_actions_the_read_back_never_says_a_phone_or_id_number(live, domain, text, number, shown):
    """What the citizen said is read back (and reminded of) with a phone by its tail, an ID number
    left out; never a placeholder (<手机号>: tester35 N-L1)."""
    description = f"出租车司机绕路多收钱，车牌京B12345，{text}"
    state = tracker_json(text="东城区", requested_slot="confirmation",
                         slots={"description": description, "address": f"北京市东城区，{text}", "time": text})
    _, _, messages = run(ActionAskConfirmation(), state, domain)
    assert number not in said(messages) and said(messages).count(shown) == 3 and "<" not in said(messages)
    assert "京B12345" in said(messages)
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={"description": "小区垃圾没人清运", "address": "北京市东城区交道口南大街",
                                "second_issue": f"楼道灯坏了，{text}"})
    _, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert "已为您登记" in said(messages) and number not in said(messages) and shown in said(messages)


def test_actions_what_is_shown_masks_numbers_not_dates_nor_plates():
    assert _shown("2026-12-05来的，车牌京B12345，工单JS20261205-000001") == \
        "2026-12-05来的，车牌京B12345，工单JS20261205-000001"
    assert _shown("座机010-66123456，邮箱a.b@qq.com") == "座机尾号3456，邮箱（已隐去）"


def test_actions_the_call_back_number_is_asked_once_before_the_read_back(live, domain, api):
    """No number in the complaint: asked once (optional) before the read-back, filed with the case;
    one said in the complaint is not asked again."""
    slots, _, _ = validate(domain, "朝阳区望京街道望京西园三区", "address", requested_slot="address",
                           slots={"description": "小区门口垃圾好几天没人清运", "complaint_category": "城乡建设"})
    assert slots["requested_slot"] == "contact"
    state = tracker_json(text="朝阳区望京街道望京西园三区", requested_slot="contact")
    _, _, messages = run(ActionAskContact(), state, domain)
    assert messages[0]["response"] == "utter_ask_contact"
    assert "不留" in domain["responses"]["utter_ask_contact"][0]["text"]
    filled = {"description": "小区门口垃圾好几天没人清运", "complaint_category": "城乡建设",
              "address": "北京市朝阳区望京西园三区"}
    for answer, contact in (("不留", "不留"), ("不方便", "不留"), ("13700009999", "13700009999"),
                            ("一三七 零零零零 九九九九", "13700009999")):
        slots, _, _ = validate(domain, answer, "contact", requested_slot="contact", intent="inform", slots=filled)
        assert slots["contact"] == contact and slots["requested_slot"] == "confirmation", answer
    slots, _, messages = validate(domain, "137000", "contact", requested_slot="contact", intent="inform", slots=filled)
    assert slots["contact"] is None and "不完整" in messages[0]["text"] and slots["requested_slot"] == "contact"
    # given in the complaint: taken, not asked
    slots, _, _ = validate(domain, "小区门口垃圾好几天没人清运，我电话13700008888", "description")
    assert slots["contact"] == "13700008888"
    # read back (its tail only), filed with the case
    state = tracker_json(text="对", requested_slot="confirmation", slots={**filled, "contact": "13700009999"})
    _, _, messages = run(ActionAskConfirmation(), state, domain)
    assert "尾号9999" in said(messages) and "13700009999" not in said(messages)
    slots, _, messages = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None,
                                                                   slots={**filled, "contact": "13700009999"}), domain)
    assert _staff_case(api, slots["case_number"])["contact"] == "13700009999"
    slots, _, _ = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None,
                                                            slots={**filled, "contact": "不留"}), domain)
    assert _staff_case(api, slots["case_number"])["contact"] is None


def test_actions_a_phone_given_after_filing_is_added_to_the_case(live, domain, api):
    """"我电话137…，你们给我回个电话" after the case was filed without a number: added to it (not
    "抱歉，我没有理解")."""
    filed, _, _ = run(ActionSubmitComplaint(), tracker_json(
        text="对", intent="affirm", active_loop=None,
        slots={"description": "单位半年没给交社保", "address": "北京市海淀区上地街道", "contact": "不留"}), domain)
    number = filed["case_number"]
    state = tracker_json(text="我电话13700009999，身份证11010119900307663X，你们给我回个电话",
                         intent="nlu_fallback", active_loop=None,
                         slots={k: filed[k] for k in ("own_case", "own_cases", "known_codes", "case_number")})
    slots, _, messages = run(ActionInformOutside(), state, domain)
    assert "尾号 9999" in messages[0]["text"] and number in messages[0]["text"]
    assert _staff_case(api, number)["contact"] == "13700009999"


def test_actions_an_unsure_start_is_helped_on_and_a_chat_is_no_call(domain):
    """"不知道" as the first answer: the bot asks what happened (no goodbye); a web chat is no 来电."""
    _, _, messages = run(ActionAnythingElse(), tracker_json(text="不知道", intent="deny", active_loop=None), domain)
    assert messages[0]["response"] == "utter_ask_what"
    assert "来电" not in domain["responses"]["utter_goodbye"][0]["text"]


def test_actions_a_taxi_detour_told_with_its_places_is_specific(live, domain):
    text = "昨儿晚上打车从首都机场T3到国贸，司机绕道多收了一百多，车牌京B12345，我手机号是15900001111"
    slots, _, messages = validate(domain, text, "description")
    # the phone said last is the call-back number, taken out of the problem (session 51)
    assert slots["description"] == text.removesuffix("，我手机号是15900001111"), messages
    assert slots["contact"] == "15900001111"


@pytest.mark.parametrize("question, hotline", [("社保断缴了怎么补缴", "12333"), ("公积金怎么提取", "12329")])
def test_actions_a_consultation_names_the_units_hotline_not_12345(live, domain, question, hotline):
    _, _, messages = run(ActionAnswerConsultation(), tracker_json(text=question, intent="consult", active_loop=None),
                         domain)
    assert hotline in messages[0]["text"] and "12345" not in messages[0]["text"]


def _as_operator(api: dict[str, str], method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """What the operator console sends: a decision, a status change."""
    req = urllib.request.Request(f"{api['url']}{path}", data=json.dumps(body).encode(), method=method,
                                 headers={"Authorization": f"Bearer {api['operator']}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def test_actions_progress_names_the_unit_a_case_was_re_dispatched_to_and_says_when_it_is_closed(live, domain, api):
    """Re-dispatched to the street office (a unit the triage did not list), the citizen is told that
    office (the API's handled_by), not 相关部门; closed, the case says so and that the unit answers by
    the phone left with it — the bot never sees the saved reply, so it quotes none."""
    for contact in ("13700009999", "不留"):
        filed, _, _ = run(ActionSubmitComplaint(), tracker_json(
            text="对", intent="affirm", active_loop=None,
            slots={"description": "饭馆里有人抽烟没人管，呛得人受不了", "address": "北京市朝阳区三里屯街道",
                   "contact": contact}), domain)
        number, code = filed["case_number"], filed["known_codes"][filed["case_number"]]
        own = {k: filed[k] for k in ("own_case", "own_cases", "known_codes")}
        path = f"/v1/cases/{number}"
        version = _as_operator(api, "POST", f"{path}/decision", {"accept": True, "version": 1})["case"]["version"]
        version = _as_operator(api, "PATCH", path, {"status": "已派单", "version": version})["version"]
        case = _as_operator(api, "POST", f"{path}/decision", {"accept": False, "department": "street_township",
                                                               "redispatch": True, "version": version})["case"]
        assert case["handled_by"] == "朝阳区三里屯街道办事处"
        _, _, messages = run(ActionCheckProgress(), tracker_json(text="我的工单办得怎么样了", intent="ask_progress",
                                                                 active_loop=None, slots=own), domain)
        assert messages[0]["text"] == f"工单 {number} 当前状态：已派单，承办部门：朝阳区三里屯街道办事处。"
        version = _as_operator(api, "PATCH", path, {"status": "办理中", "version": case["version"]})["version"]
        # the saved reply is staff's (the API hides it from the bot): never said to the citizen
        version = _as_operator(api, "PUT", f"{path}/reply", {"text": "经核查，已责令该饭馆落实控烟责任。",
                                                             "version": version})["version"]
        _as_operator(api, "PATCH", path, {"status": "已办结", "version": version})
        _, _, messages = run(ActionCheckProgress(), tracker_json(text=f"{number} {code}", intent="ask_progress",
                                                                 active_loop=None), domain)
        told = messages[0]["text"]
        assert told.startswith(f"工单 {number} 已办结，承办部门：朝阳区三里屯街道办事处。"), told
        assert ("通过您登记的电话答复" in told) == (contact != "不留"), told
        assert "相关部门" not in told and "控烟" not in told
    # a server without handled_by: the unit is found in the case's suggestion, as before
    deps = [{"code": "health", "name": "市卫生健康委", "unit": "朝阳区卫生健康委"}]
    assert _handled_by({"suggestion": {"departments": deps}, "decided_department": "health"}) == "承办部门：朝阳区卫生健康委"


@pytest.mark.parametrize("said, known, address", [
    # 朝阳区 → 不够具体 → 双井 → read-back → 富力城C区: more of the place, not of the problem
    ("富力城C区", "北京市朝阳区双井", "北京市朝阳区双井富力城C区"),
    # a landmark refined: the district kept, the filler (嗯就) dropped
    ("嗯就朝阳公园南门进去右手边", "北京市朝阳区朝阳公园", "北京市朝阳区朝阳公园南门进去右手边"),
    # a spot along the road known: the road kept, 具体在 dropped (tester51 C9)
    ("具体在双井桥往东一百来米，辅路上", "广渠路", "北京市朝阳区广渠路双井桥往东一百来米辅路"),
])
def test_actions_a_place_at_the_read_back_refines_the_address(live, domain, said, known, address):
    base = {"description": "小区里老有人遛狗不拴绳，大狗，吓着孩子了", "complaint_category": "城乡建设",
            "address": known, "contact": "不留"}
    slots, _, messages = validate(domain, said, "fix_field", intent="inform", requested_slot="confirmation", slots=base)
    assert slots["address"] == address and "description" not in slots, slots
    assert slots["requested_slot"] == "confirmation" and not messages


@pytest.mark.parametrize("said, address", [("朝阳区高碑店那段", "北京市朝阳区通惠河高碑店段"),
                                           ("通惠河高碑店段", "通惠河高碑店段"),
                                           ("朝阳区高碑店", "北京市朝阳区高碑店")])
def test_actions_a_district_with_an_area_or_a_river_segment_is_specific_enough(live, domain, said, address):
    """A tester's 朝阳区高碑店那段 (for 通惠河…) was 不够具体 twice, then handed over unasked."""
    slots, _, messages = validate(domain, said, "address", requested_slot="address",
                                  slots={"description": "通惠河那一段水特别臭，还漂着垃圾，夏天更厉害",
                                         "complaint_category": "城乡建设", "category_choice": "不确定",
                                         "category_candidates": ["城乡建设", "环境保护"]})
    assert slots["address"] == address and not messages
    # a district alone is not enough: kept, and where in it asked (no failed answer; tester33c A2)
    slots, _, messages = validate(domain, "朝阳区那边", "address", requested_slot="address",
                                  slots={"description": "通惠河那一段水特别臭"})
    assert slots["address"] is None and slots["place_piece"] == "北京市朝阳区" and "retries" not in slots


def _offered(state: dict[str, Any], offer: str) -> dict[str, Any]:
    """``state`` whose bot said ``offer`` just before the citizen's latest message."""
    return {**state, "events": [{"event": "bot", "text": offer}, *state["events"]]}


@pytest.mark.parametrize("answer", ["那另一个问题呢", "好的，登记"])
def test_actions_the_place_told_after_the_second_problem_is_its_place_not_its_problem(live, domain, answer):
    """tester43 L5: 一个是…电梯老坏…，另一个是小区门口有人占道摆摊卖水果。通州区翠屏北里小区 → the second case read
    back 问题：小区门口有人占道摆摊卖水果。通州区翠屏北里小区. The place clause is the place, not the problem."""
    text = ("我要反映两个问题，一个是我们楼的电梯老坏，上周还困过人，另一个是小区门口有人占道摆摊卖水果。"
            "通州区翠屏北里小区")
    slots, _, _ = validate(domain, text, "description")
    first = {"description": slots["description"], "address": "北京市通州区翠屏北里小区", "contact": "不留",
             "second_issue": slots["second_issue"], "complaint_category": "城乡建设"}
    filed, _, messages = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None,
                                                                   slots=first), domain)
    keep = {k: filed[k] for k in ("own_case", "own_cases", "known_codes", "offered_issue")}
    state = _offered(tracker_json(text=answer, intent="affirm", active_loop=None, slots=keep), messages[0]["text"])
    got, events, told = run(ActionAnythingElse(), state, domain)
    assert got["description"] == "小区门口有人占道摆摊卖水果" and "通州区" not in said(told).split("地点")[0], (got, told)
    assert got["address"] == "北京市通州区翠屏北里小区" and events[-1]["name"] == "complaint_form", got


@pytest.mark.parametrize("text", ["楼下饭馆油烟太大，通州区的饭馆都这样熏人", "路灯坏了，在小区门口"])
def test_actions_a_last_clause_that_tells_the_problem_or_names_no_district_stays(text):
    """Guard: only a clause that is a place in a district is moved to the place."""
    from actions.common import _place_apart
    assert _place_apart(text) == (text, None)


def test_actions_a_yes_with_a_place_files_the_offered_second_problem_there(live, domain):
    """After filing, the bot offers the second problem; "对，登记一下，也是菊儿胡同口那儿" files that problem
    (not the sentence as a place), at that place in the first case's district."""
    first = {"description": "俺们胡同口老有人乱停车，把道儿都堵死了", "address": "北京市东城区交道口南大街菊儿胡同口",
             "contact": "不留", "second_issue": "那个垃圾桶满了也没人收，臭烘烘的", "complaint_category": "交通运输"}
    filed, _, messages = run(ActionSubmitComplaint(), tracker_json(text="是的", intent="affirm", active_loop=None,
                                                                   slots=first), domain)
    offer = messages[0]["text"]
    assert "还提到“那个垃圾桶满了也没人收，臭烘烘的”" in offer
    keep = {k: filed[k] for k in ("own_case", "own_cases", "known_codes", "offered_issue")}
    for action, intent, said_, address in (
            (ActionInformOutside(), "inform", "对，登记一下，也是菊儿胡同口那儿", "北京市东城区菊儿胡同口"),
            (ActionInformOutside(), "nlu_fallback", "登记吧，在东城区北锣鼓巷", "北京市东城区北锣鼓巷"),
            (ActionAnythingElse(), "affirm", "对，同一个地方", "北京市东城区交道口南大街菊儿胡同口"),
            (ActionAnythingElse(), "affirm", "好的，登记一下", None)):
        state = _offered(tracker_json(text=said_, intent=intent, active_loop=None, slots=keep), offer)
        slots, events, _ = run(action, state, domain)
        assert slots["description"] == "那个垃圾桶满了也没人收，臭烘烘的" and slots["address"] == address, said_
        assert slots["offered_issue"] is None and slots["contact"] == "不留"
        assert events[-1] == {"event": "followup", "name": "complaint_form", "timestamp": None}
    # read as a complaint, the form's first answer: the same
    state = _offered(tracker_json(text="对，登记一下，也是菊儿胡同口那儿", set_now={"description": "对，登记一下，也是菊儿胡同口那儿"},
                                  slots=keep), offer)
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["description"] == "那个垃圾桶满了也没人收，臭烘烘的" and slots["address"] == "北京市东城区菊儿胡同口"
    # a yes after other turns is no answer to the offer; "不用了" declines it
    slots, _, messages = run(ActionAnythingElse(), tracker_json(text="好的", intent="affirm", active_loop=None,
                                                                slots=keep), domain)
    assert "description" not in slots and messages[0]["response"] == "utter_anything_else"
    slots, _, messages = run(ActionAnythingElse(), _offered(tracker_json(text="不用了", intent="deny", active_loop=None,
                                                                         slots=keep), offer), domain)
    assert "description" not in slots and messages[0]["response"] == "utter_goodbye"


@pytest.mark.parametrize("text", ["我要反映个事儿", "我想反映个情况", "有个事想说说", "有件事想跟你们反映一下",
                                  "我这有个情况想跟你们讲讲"])
def test_actions_the_wish_to_raise_something_is_asked_what_happened(live, domain, text):
    """The wish alone, however said (NLU: complain), is asked what happened, not told it is vague."""
    slots, _, messages = validate(domain, text, "description")
    assert messages[0]["response"] == "utter_ask_what" and slots["description"] is None


def test_actions_what_happens_next_is_told_with_the_status(live, domain):
    """"接下来会怎么处理？多久有结果？" gets the steps to come with the status (no deadline is invented:
    the repository states none); a plain status query gets the status alone."""
    filed, _, _ = run(ActionSubmitComplaint(), tracker_json(
        text="对", intent="affirm", active_loop=None,
        slots={"description": "楼下工地半夜施工，吵得睡不着", "address": "北京市海淀区学院路",
               "contact": "13811112222"}), domain)
    own = {k: filed[k] for k in ("own_case", "own_cases", "known_codes")}
    _, _, messages = run(ActionCheckProgress(), tracker_json(text="接下来会怎么处理？多久有结果？", intent="ask_progress",
                                                             active_loop=None, slots=own), domain)
    told = messages[0]["text"]
    assert "当前状态：已受理" in told and "话务员确认承办单位后派单" in told and "联系您核实" in told, told
    assert not re.search(r"\d+\s*(?:个)?(?:工作日|天|小时)", told)
    _, _, messages = run(ActionCheckProgress(), tracker_json(text="我的工单办得怎么样了", intent="ask_progress",
                                                             active_loop=None, slots=own), domain)
    assert "接下来" not in messages[0]["text"]


@pytest.mark.parametrize("description, response", [
    ("饭店吃完饭拉肚子了，全家四口都拉，怀疑饭菜不干净", "utter_ask_time_once"),
    ("昨天在饭馆吃饭，结账的时候多收了我两百", "utter_ask_time_once"),
    ("楼下饭馆每天晚上油烟特别大", "utter_ask_time"),
    ("小区旁边工地施工，噪音很大", "utter_ask_time"),
])
def test_actions_a_one_off_event_is_asked_when_not_at_what_hours(domain, description, response):
    """A tester's food poisoning (昨天中午吃的) was asked 一般在什么时间段发生？比如“每天晚上十点以后”."""
    state = tracker_json(text="丰台区丽泽路蜀香园", requested_slot="time", slots={"description": description})
    _, _, messages = run(ActionAskTime(), state, domain)
    assert messages[0]["response"] == response
    assert "什么时候发生" in domain["responses"]["utter_ask_time_once"][0]["text"]


# -- a phone number said out of turn (tester33b N4) ------------------------------------------------

_BIKES = {"description": "小区门口的共享单车堆成山，堵着消防通道", "complaint_category": "城乡建设"}


@pytest.mark.parametrize("answer, phone", [
    ("我座机是65432187", "65432187"), ("010-65432187", "01065432187"),
    ("打我手机吧，139 1234 5678", "13912345678"), ("一三九 一二三四 五六七八", "13912345678"),
])
def test_actions_a_phone_said_at_the_address_question_is_the_contact_not_the_time(live, domain, answer, phone):
    slots, _, messages = validate(domain, answer, "address", requested_slot="address", intent="inform", slots=_BIKES)
    assert slots["contact"] == phone and not slots.get("time") and slots["address"] is None
    assert f"尾号{phone[-4:]}" in said(messages) and "时间记下了" not in said(messages)
    assert phone not in said(messages) and slots["requested_slot"] == "address"


@pytest.mark.parametrize("answer", ["身份证110101199003071234", "1391234567"])
def test_actions_an_id_or_broken_number_is_never_the_time(live, domain, answer):
    slots, _, messages = validate(domain, answer, "address", requested_slot="address", intent="inform", slots=_BIKES)
    assert not slots.get("time") and not slots.get("contact") and slots["requested_slot"] == "address"
    assert "时间记下了" not in said(messages) and answer[-10:] not in said(messages)


def test_actions_a_phone_said_at_the_time_question_is_the_contact_and_the_time_is_asked_again(live, domain):
    filled = {"description": "楼下饭馆油烟直接往我家窗户排，熏得不行", "complaint_category": "环境保护",
              "address": "北京市朝阳区望京街道花家地西里三区", "time_needed": True}
    slots, _, messages = validate(domain, "13855556666", "time", requested_slot="time", intent="inform", slots=filled)
    assert slots["time"] is None and slots["contact"] == "13855556666" and slots["requested_slot"] == "time"
    assert "尾号6666" in said(messages)
    # a place said with it is kept as the place
    slots, _, _ = validate(domain, "朝阳区望京西园三区，有事打我电话13912345678", "address", requested_slot="address",
                           intent="inform", slots=_BIKES)
    assert slots["contact"] == "13912345678" and "望京西园三区" in slots["address"] and "139" not in slots["address"]


def test_actions_what_the_read_back_shows_of_the_phone_is_what_is_filed(live, domain, api):
    """A number in the complaint is the contact; "电话不留了" at the read-back takes it back, and the
    case is then filed without it (the number in the text is masked, so the API cannot take it)."""
    filled = {"description": "小区门口的共享单车堆成山，打我手机吧，139 1234 5678", "complaint_category": "城乡建设",
              "address": "北京市朝阳区青年路华纺易城小区南门", "contact": "13912345678"}
    state = tracker_json(text="电话不留了", intent="deny", requested_slot="confirmation",
                         slots=filled, set_now={"confirmation": False, "fix_field": "电话不留了"})
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["contact"] == "不留" and slots["requested_slot"] == "confirmation"
    filled["contact"] = "不留"
    _, _, messages = run(ActionAskConfirmation(), tracker_json(text="电话不留了", requested_slot="confirmation",
                                                              slots=filled), domain)
    assert "联系电话" not in said(messages)
    slots, _, _ = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None,
                                                            slots=filled), domain)
    assert _staff_case(api, slots["case_number"])["contact"] is None
    # a number said at the read-back is the contact, read back again
    filled["contact"] = "不留"
    state = tracker_json(text="对，电话13700001111", intent="affirm", requested_slot="confirmation",
                         slots=filled, set_now={"confirmation": True, "fix_field": "对，电话13700001111"})
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["contact"] == "13700001111" and slots["requested_slot"] == "confirmation"


# -- clear complaints are not "不够具体" (tester33b N7) ---------------------------------------------

@pytest.mark.parametrize("text", [
    "昨天晚上12点多楼下有人喝醉了大喊大叫，海淀区学院路20号院",
    "昨天晚上12点多，楼下有个醉汉在小区里大喊大叫，吵得睡不着，海淀区学院路20号院",
    "银行卡6222020200112233445被商场POS机多扣了钱，邮箱zhangsan@163.com，朝阳区大悦城",
])
def test_actions_a_drunk_shouting_or_a_pos_overcharge_is_specific(live, domain, text):
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == text, said(messages)
    assert not any(m.get("response") in ("utter_description_vague", "utter_ask_noise_source") for m in messages)


def test_actions_a_contact_answer_is_never_glued_to_the_description(live, domain):
    """"不留" (or a number) said when the description was asked again is the contact answer, not
    more of the problem: the draft stays as it was; the noise source said next is taken."""
    draft = "昨天晚上12点多，楼下有人在小区里吵得睡不着"
    for answer, contact in (("不留", "不留"), ("13912345678", "13912345678")):
        slots, _, _ = validate(domain, answer, "description", requested_slot="description", intent="inform",
                               slots={"description_draft": draft, "retries": {"description": 1}})
        assert slots["description"] is None and slots.get("description_draft", draft) == draft
        assert slots["contact"] == contact
    slots, _, messages = validate(domain, "是个醉汉在喊", "description", requested_slot="description",
                                  intent="inform", slots={"description_draft": draft, "retries": {"description": 1}})
    assert slots["description"] == f"{draft}，是个醉汉在喊", said(messages)


# -- a place or a time said at the contact question (tester33b N8) ---------------------------------

def test_actions_a_place_or_time_said_at_the_contact_question_is_kept(live, domain):
    filled = {"description": "西直门外大街那边的盲道上全是共享单车，盲人根本没法走", "complaint_category": "城乡建设",
              "address": "北京市西城区西直门外大街"}
    slots, _, messages = validate(domain, "西城区西直门外大街北京展览馆对面", "contact", requested_slot="contact",
                                  intent="inform", slots=filled)
    assert slots["address"] == "北京市西城区西直门外大街北京展览馆对面", said(messages)
    assert slots["contact"] is None and slots["requested_slot"] == "contact"  # the number still asked
    assert "地点记下了" in said(messages)
    slots, _, messages = validate(domain, "俩月了，一直这样", "contact", requested_slot="contact",
                                  intent="inform", slots=filled)
    assert slots["time"] == "俩月了，一直这样" and slots["contact"] is None and slots["requested_slot"] == "contact"
    # the contact question asked again after it (not a second "不完整")
    state = tracker_json(text="俩月了，一直这样", requested_slot="contact", slots={**filled, "time": "俩月了，一直这样"})
    _, _, messages = run(ActionAskContact(), state, domain)
    assert messages[0]["response"] == "utter_ask_contact"
    # 不留 still declines, a place with a house number is no broken phone number
    slots, _, messages = validate(domain, "不留", "contact", requested_slot="contact", intent="deny", slots=filled)
    assert slots["contact"] == "不留"
    slots, _, messages = validate(domain, "西城区西直门外大街135号", "contact", requested_slot="contact",
                                  intent="inform", slots=filled)
    assert "135号" in (slots.get("address") or "") and "不完整" not in said(messages)


# -- the 查询码 stays out of URLs; a stranger's wrong codes lock the stranger's chat (tester33b N12) --

def test_actions_the_query_code_travels_in_a_header_and_wrong_codes_lock_only_that_chat(recording_api, domain):
    filed, _, _ = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None,
                                                            slots=_filled()), domain)
    number = filed["case_number"]
    code = filed["known_codes"][number]
    wrong = "000000" if code != "000000" else "111111"
    stranger = tracker_json(text=f"{number} 查询码 {wrong}", intent="ask_progress", active_loop=None)
    stranger["sender_id"] = "stranger-chat"
    for _ in range(5):
        _, _, messages = run(ActionCheckProgress(), stranger, domain)
        assert "没有找到" in messages[0]["text"]
    _, _, messages = run(ActionCheckProgress(), stranger, domain)
    assert "错误次数过多" in messages[0]["text"]
    citizen = tracker_json(text=f"{number} 查询码 {code}", intent="ask_progress", active_loop=None)
    citizen["sender_id"] = "the-citizens-chat"
    _, _, messages = run(ActionCheckProgress(), citizen, domain)
    assert f"工单 {number} 当前状态" in messages[0]["text"]  # not locked out by the stranger
    reads = [r for r in recording_api if r["path"].startswith("/v1/cases/")]
    assert len(reads) == 7 and all("code" not in r["path"] and code not in r["path"] for r in reads)
    headers = [{k.lower(): v for k, v in r["headers"].items()} for r in reads]
    assert [h["x-query-code"] for h in headers] == [wrong] * 6 + [code]
    ids = [h["x-citizen"] for h in headers]
    assert len(set(ids[:6])) == 1 and ids[6] != ids[0]  # stable per chat, one per chat
    assert all("stranger" not in i and "citizen" not in i for i in ids)  # not the sender id itself


# -- "可以" to the call-back question asks for the number; the phone can be corrected (tester33b N5) --

@pytest.mark.parametrize("answer", ["可以", "好的", "对", "行"])
def test_actions_yes_to_the_call_back_question_asks_for_the_number(live, domain, answer):
    filled = {"description": "小区门口的垃圾桶好几天没人清，苍蝇乱飞", "complaint_category": "城乡建设",
              "address": "北京市西城区西直门外大街"}
    state = tracker_json(text=answer, intent="affirm", requested_slot="contact", slots=filled,
                         set_now={"contact": answer})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateComplaintForm().run(dispatcher, Tracker.from_dict(state), domain))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["contact"] is None and slots["requested_slot"] == "contact"
    assert "请说一下您的手机号" in said(dispatcher.messages)
    # the form's ask is not said a second time after it
    state["events"] += [{"event": "bot", "text": dispatcher.messages[0]["text"]}]
    _, _, messages = run(ActionAskContact(), state, domain)
    assert messages == []


def test_actions_the_phone_can_be_corrected_at_the_read_back(live, domain):
    filled = {"description": "小区门口的垃圾桶好几天没人清，苍蝇乱飞", "complaint_category": "城乡建设",
              "address": "北京市西城区西直门外大街", "contact": "13700009999"}
    _, _, messages = run(ActionAskFixField(), tracker_json(text="不对", requested_slot="fix_field", slots=filled), domain)
    assert "电话" in messages[0]["text"] and {"title": "电话", "payload": "电话不对"} in messages[0]["buttons"]
    assert fix_targets("电话不对", has_time=False, has_choice=False) == ["contact"]
    assert fix_targets("门牌号码不对", has_time=False, has_choice=False) == ["address"]
    slots, _, _ = validate(domain, "电话不对", "fix_field", requested_slot="fix_field", intent="deny",
                           slots={**filled, "fixing": True})
    assert slots["contact"] is None and slots["requested_slot"] == "contact"
    state = tracker_json(text="电话不对，是13900001111", intent="deny", requested_slot="confirmation", slots=filled,
                         set_now={"confirmation": False, "fix_field": "电话不对，是13900001111"})
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["contact"] == "13900001111" and slots["requested_slot"] == "confirmation"


# -- "我就是问问政策，不是投诉" in the middle of the form (tester33b N10) -------------------------------

def test_actions_just_asking_a_policy_question_leaves_the_form_and_is_answered(live, domain):
    question = "我想咨询一下，换工作中间社保断了两个月，对买房摇号有影响吗？"
    state = tracker_json(text="我就是问问政策，不是投诉", intent="consult", requested_slot="address",
                         slots={"description": question, "description_draft": question,
                                "complaint_category": "劳动和社会保障"})
    slots, events, messages = run(ActionAnswerConsultation(), state, domain)
    told = said(messages)
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    assert slots["description"] is None and slots["requested_slot"] is None  # nothing filed, nothing asked
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in events)
    assert "12315" not in told and "市场监管" not in told and "12333" in told, told
    assert "问题发生在哪里" not in told
    # said with no question before it: asked what the question is
    state = tracker_json(text="我就是问问政策，不是投诉", intent="consult", requested_slot="description",
                         slots={"description_draft": "你好"})
    _, events, messages = run(ActionAnswerConsultation(), state, domain)
    assert "咨询哪方面" in said(messages) and "12315" not in said(messages)
    # a side question in the middle of the form keeps the form going
    state = tracker_json(text="对了，公积金怎么提取？", intent="consult", requested_slot="address",
                         slots={"description": "小区门口垃圾没人清", "description_draft": "小区门口垃圾没人清"})
    slots, events, _ = run(ActionAnswerConsultation(), state, domain)
    assert not any(e.get("event") == "active_loop" for e in events) and "description" not in slots


# -- a nonsense time is asked again (tester33b N18) -------------------------------------------------

@pytest.mark.parametrize("answer", ["中", "时间：中", "好的"])
def test_actions_a_nonsense_time_is_asked_again(live, domain, answer):
    filled = {"description": "楼下的商铺把货物堆在人行道上", "complaint_category": "城乡建设",
              "address": "北京市朝阳区团结湖路", "time_needed": True}
    for retries in ({}, {"time": 1}):  # also the second answer (a second real answer is filed as said)
        slots, _, messages = validate(domain, answer, "time", requested_slot="time", intent="inform",
                                      slots={**filled, "retries": retries})
        assert slots["time"] is None and slots["requested_slot"] == "time", answer
        assert messages[-1]["response"] == "utter_time_vague"
    slots, _, _ = validate(domain, "时间：每天下午", "time", requested_slot="time", intent="inform", slots=filled)
    assert slots["time"] == "每天下午"
    # tester43 L5: a bare 不留 there is no time given (好的，不留电话 came before any phone question); 不留电话 is the
    # contact said early
    slots, _, messages = validate(domain, "不留", "time", requested_slot="time", intent="deny", slots=filled)
    assert slots["time"] == "不确定" and "不留电话" not in said(messages), messages
    # tester44 L5: and the phone declined too: no phone question after it (a number later is still taken)
    assert slots["contact"] == "不留" and slots.get("requested_slot") != "contact", slots
    slots, _, messages = validate(domain, "不方便", "time", requested_slot="time", intent="deny", slots=filled)
    assert slots["time"] == "不确定" and slots["contact"] == "不留" and slots.get("requested_slot") != "contact"
    slots, _, messages = validate(domain, "不留电话", "time", requested_slot="time", intent="deny", slots=filled)
    assert slots["time"] is None and slots["contact"] == "不留" and "retries" not in slots


# -- another problem said at the phone question is the second issue, not this one's text (tester44 L-a) ----

_PARKING = {"description": "小区里有人把车停在消防通道上", "description_draft": "小区里有人把车停在消防通道上",
            "address": "北京市丰台区方庄芳城园一区", "time": "每天晚上", "time_needed": True,
            "complaint_category": "城乡建设"}


@pytest.mark.parametrize("text", ["楼上掉下来一个花盆", "上个月有个工人从脚手架上摔下来了，到现在工钱也没结"])
def test_actions_another_problem_at_the_phone_question_is_kept_as_the_second_issue(live, domain, text):
    """tester44 L-a: 楼上掉下来一个花盆 at the phone question of a parking complaint was read back and filed as
    问题：小区里有人把车停在消防通道上，楼上掉下来一个花盆. It is another problem: kept to offer after filing, the
    description as it was, no 不留 taken, the number asked again."""
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact", intent="complain", slots=_PARKING)
    assert slots.get("description", _PARKING["description"]) == _PARKING["description"], slots
    assert slots.get("contact") is None and slots.get("requested_slot") == "contact", slots
    assert slots.get("second_issue") == text and "utter_one_at_a_time" in said(messages), messages
    state = tracker_json(requested_slot="confirmation", slots={**_PARKING, "contact": "不留", "second_issue": text})
    _, _, messages = run(ActionAskConfirmation(), state, domain)
    assert text not in said(messages), messages


def test_actions_a_sentence_at_the_phone_question_that_is_no_answer_asks_again(live, domain):
    """tester44 L-a: a sentence that is no number, no refusal and no problem is never a 不留: the number is
    asked again, once (a second such answer is no number left)."""
    text = "我今天心情一般般吧"
    slots, _, _ = validate(domain, text, "contact", requested_slot="contact", intent="inform", slots=_PARKING)
    assert slots.get("contact") is None and slots.get("requested_slot") == "contact", slots
    assert "description" not in slots and "second_issue" not in slots, slots
    slots, _, _ = validate(domain, text, "contact", requested_slot="contact", intent="inform",
                           slots={**_PARKING, "retries": {"contact": 1}})
    assert slots.get("contact") == "不留", slots


def test_actions_more_of_the_problem_at_the_phone_question_still_joins_it(live, domain):
    """Guard (tester44 L-a): more of the same problem said at the phone question still joins it."""
    text = "消防通道天天被堵着"
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact", intent="inform", slots=_PARKING)
    assert slots.get("description") == f"{_PARKING['description']}，{text}", (slots, said(messages))


# -- "地点不对，是…" keeps the district as "不对，是…" does (tester33b, old finding 3) -----------------

@pytest.mark.parametrize("answer", ["地点不对，是西直门外大街北京展览馆对面", "不对，是西直门外大街北京展览馆对面"])
def test_actions_a_place_corrected_by_name_keeps_the_district(live, domain, answer):
    filled = {"description": "小区门口的垃圾桶好几天没人清，苍蝇乱飞", "complaint_category": "城乡建设",
              "address": "北京市西城区西直门外大街", "contact": "不留"}
    state = tracker_json(text=answer, intent="deny", requested_slot="confirmation", slots=filled,
                         set_now={"confirmation": False, "fix_field": answer})
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["address"] == "北京市西城区西直门外大街北京展览馆对面" and slots["requested_slot"] == "confirmation"


# -- after filing, a message that only gives the phone adds it to the case (tester33b, old finding 8) --

def test_actions_a_phone_and_id_after_filing_read_as_a_complaint_add_the_phone(live, domain, api):
    """The message reads as a complaint, so the form starts with it: it ends at once, files
    nothing, and the number goes on the case just filed; the ID number is neither kept nor said."""
    filed, _, _ = run(ActionSubmitComplaint(), tracker_json(
        text="对", intent="affirm", active_loop=None,
        slots={"description": "小区门口的快递柜占了人行道，推婴儿车过不去", "address": "北京市海淀区万柳中路",
               "contact": "不留"}), domain)
    number = filed["case_number"]
    own = {k: filed[k] for k in ("own_case", "own_cases", "known_codes", "case_number")}
    text = "我电话13700009999，身份证11010119900307663X，你们给我回个电话"
    slots, _, messages = validate(domain, text, "description", slots=own)
    assert slots["form_outcome"] == "cancelled" and slots["requested_slot"] is None
    assert not any(m.get("response") == "utter_description_vague" for m in messages)
    state = tracker_json(text=text, intent="complain", active_loop=None,
                         slots={**own, "confirmation": False, "form_outcome": "cancelled"})
    _, _, messages = run(ActionSubmitComplaint(), state, domain)
    told = said(messages)
    assert "尾号 9999" in told and number in told and "没有提交" not in told
    assert "663X" not in told and "11010119900307663X" not in told
    assert _staff_case(api, number)["contact"] == "13700009999"


# -- case titles end at a clause break, never inside a place name (tester33b N11) -------------------

@pytest.mark.parametrize("text, title", [
    ("马路上井盖没了，一个大坑，晚上看不见容易掉进去，东城区东四十条桥西", "马路上井盖没了，一个大坑，晚上看不见容易掉进去"),
    ("楼下饭馆油烟直接往我家窗户排，熏得不行，朝阳区望京街道花家地西里三区", "楼下饭馆油烟直接往我家窗户排，熏得不行"),
    ("电梯困人了！我妈被关在电梯里半个小时了，物业没人管，西城区广安门外大街", "电梯困人了！我妈被关在电梯里半个小时了，物业没人管"),
    ("我们这儿楼顶那个大广告牌被风刮得晃悠，感觉要掉下来了，下面就是人行道", "我们这儿楼顶那个大广告牌被风刮得晃悠，感觉要掉下来了"),
    ("昨儿晚上打车从首都机场T3到国贸，司机绕道多收了一百多，车牌京B12345，我手机号是15900002222",
     "昨儿晚上打车从首都机场T3到国贸，司机绕道多收了一百多"),
])
def test_actions_the_testers_titles_end_at_a_clause_break(text, title):
    assert _title(text) == title


@pytest.mark.parametrize("text, address, title", [
    ("石景山，鲁谷，有家烧烤店油烟特别大，熏得没法开窗", "北京市石景山区鲁谷", "有家烧烤店油烟特别大，熏得没法开窗"),
    ("东城区 和平里 七区 外卖小哥天天骑电动车在人行道上飙", "北京市东城区和平里七区", "外卖小哥天天骑电动车在人行道上飙"),
    ("通州区 玉桥 北里 楼下健身器材坏了", "北京市通州区玉桥北里", "楼下健身器材坏了"),
    # kept: a place the address does not hold, a place inside the problem's clause, a place only
    ("朝阳区望京街道楼下烧烤店油烟", "北京市朝阳区望京街道", "朝阳区望京街道楼下烧烤店油烟"),
    ("鲁谷的烧烤店油烟大", "北京市石景山区鲁谷", "鲁谷的烧烤店油烟大"),
    ("朝阳区，望京", "北京市朝阳区望京", "朝阳区，望京"),
])
def test_actions_a_title_starts_after_the_place_said_first(text, address, title):
    """tester59 G21: titles began with the place said in pieces (石景山，鲁谷，有家烧烤店…); the case has its address."""
    assert _title(text, address=address) == title


def test_actions_a_title_runs_a_few_characters_on_to_end_its_clause():
    """tester59 G21: a title ended …还不给开发票老 (老板 cut): where the clause ends a few characters past the limit,
    the title ends there; farther on, the old cut stays."""
    text = "怀柔区一家农家乐饭菜价格乱收费还不给开发票老板还骂人态度特别差"
    assert _title(text) == text and _title(text + "，我要投诉他们") == text
    assert _title("小区里面的路灯已经坏了好长时间了一到晚上就黑乎乎的老人出门很不方便，希望尽快修") == \
        "小区里面的路灯已经坏了好长时间了一到晚上就黑乎乎的老人出门很不方便"
    long = "怀柔区一家农家乐饭菜价格乱收费还不给开发票老板还骂人态度特别差而且菜也不新鲜还有苍蝇"
    assert len(_title(long)) <= 30


def test_actions_a_bank_card_number_in_a_retold_description_is_no_broken_phone(live, domain):
    text = "银行卡6222020200112233445被商场POS机多扣了钱"
    slots, _, messages = validate(domain, text, "description", requested_slot="description", intent="inform",
                                  slots={"description_draft": "朝阳区大悦城", "retries": {"description": 1}})
    assert "电话" not in said(messages) and "contact" not in slots
    assert slots["description"] and "多扣" in slots["description"]


# -- a 不提交 or 不留 taken back (tester33c A4) -------------------------------------------------------

def _withdrawn_state(text: str, intent: str, **slots: Any) -> dict[str, Any]:
    """After a read-back and 不提交了 (the form's slots emptied), the citizen says ``text``."""
    state = tracker_json(text=text, intent=intent, active_loop=None, slots=slots)
    filled = {"description": "楼下饭馆油烟直接往我家窗户排，熏得不行", "address": "北京市朝阳区望京街道花家地西里三区",
              "time": "每天晚上", "time_needed": True, "contact": "不留", "complaint_category": None}
    before = [{"event": "slot", "name": k, "value": v} for k, v in filled.items()]
    before += [{"event": "bot", "text": "我确认一下：\n问题：楼下饭馆油烟直接往我家窗户排，熏得不行\n信息正确吗？"},
               {"event": "user", "text": "不提交了", "parse_data": {"intent": {"name": "deny"}}},
               {"event": "slot", "name": "confirmation", "value": False},
               {"event": "bot", "text": "好的，本次反映没有提交。您可以重新描述问题，我再帮您登记。"}]
    before += [{"event": "slot", "name": k, "value": None} for k in filled]
    state["events"] = before + state["events"]
    return state


@pytest.mark.parametrize("text, intent", [("哎不对，我还是要提交", "deny"), ("我还是要提交", "affirm")])
def test_actions_still_filing_after_withdrawing_files_the_read_back(live, domain, text, intent):
    slots, _, messages = run(ActionAnythingElse(), _withdrawn_state(text, intent), domain)
    told = said(messages)
    assert "再见" not in told and "已为您登记" in told, told
    case = _get_case(live, slots["case_number"], slots["known_codes"][slots["case_number"]])
    assert case["text"].startswith("楼下饭馆油烟直接往我家窗户排") and "发生时间：每天晚上" in case["text"]
    assert "花家地西里三区" in case["address"]


def test_actions_still_leaving_a_number_after_withdrawing_asks_it_before_filing(live, domain):
    slots, events, messages = run(ActionAnythingElse(), _withdrawn_state("算了还是留个电话吧", "deny"), domain)
    assert "再见" not in said(messages) and "手机号" in said(messages)
    assert slots["description"].startswith("楼下饭馆") and slots["contact"] is None and "case_number" not in slots
    assert slots["requested_slot"] == "contact"
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)


def test_actions_a_number_after_all_is_asked_for_the_case_just_filed(live, domain):
    own = {"own_case": "JS20261205-000008", "known_codes": {"JS20261205-000008": "123456"}}
    slots, _, messages = run(ActionAnythingElse(), tracker_json(text="算了还是留个电话吧", intent="deny",
                                                                active_loop=None, slots=own), domain)
    assert "再见" not in said(messages) and "JS20261205-000008" in said(messages)
    assert slots["contact_asked"] is True


def test_actions_a_withdrawn_complaint_is_not_filed_on_a_plain_no(live, domain):
    _, _, messages = run(ActionAnythingElse(), _withdrawn_state("不用了", "deny"), domain)
    assert "已为您登记" not in said(messages)


# -- numbers at the contact question and the read-back (tester33c A5) ------------------------------

_NOISE = {"description": "楼上天天半夜跺脚", "description_draft": "楼上天天半夜跺脚",
          "address": "北京市海淀区五道口华清嘉园", "time": "每天半夜", "time_needed": True}


def test_actions_two_numbers_read_as_a_progress_query_are_the_contact_and_a_spare(live, domain, api):
    text = "打我手机13811112222或者我爱人的13900004444都行"
    state = tracker_json(text=text, intent="ask_progress", requested_slot="contact", slots=_NOISE)
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert "工单编号" not in said(messages)
    assert slots["contact"] == "13811112222"
    assert slots["description"] == "楼上天天半夜跺脚（备用电话：13900004444）"
    filed, _, _ = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None,
                                                            slots={**_NOISE, **slots, "confirmation": True}), domain)
    assert _staff_case(api, filed["case_number"])["contact"] == "13811112222"


def test_actions_two_numbers_at_the_contact_question_keep_the_second_as_a_spare(live, domain):
    text = "13811112222或者13900004444"
    slots, _, _ = validate(domain, text, "contact", requested_slot="contact", intent="inform", slots=_NOISE)
    assert slots["contact"] == "13811112222" and slots["description"].endswith("（备用电话：13900004444）")


@pytest.mark.parametrize("text", ["对，我电话是13912345678你们还是打给我吧", "加个电话13912345678"])
def test_actions_a_number_at_the_read_back_after_declining_is_taken_at_once(live, domain, text):
    filled = {**_NOISE, "contact": "不留"}
    state = tracker_json(text=text, intent="inform", requested_slot="confirmation",
                         slots=filled, set_now={"fix_field": text})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["contact"] == "13912345678", messages
    assert slots["requested_slot"] == "confirmation"
    state = tracker_json(text=text, intent="nlu_fallback", requested_slot="confirmation", slots=filled)
    slots, _, messages = run(ActionCheckProgress(), {**state, "latest_message": {**state["latest_message"],
                                                     "intent": {"name": "ask_progress"}}}, domain)
    assert slots["contact"] == "13912345678" and "工单编号" not in said(messages)


# -- "我就是问问政策，不是投诉" after a question was answered (tester33c, N10 re-check) -----------------

def test_actions_just_asking_after_a_question_keeps_that_questions_unit(live, domain):
    question = "我想咨询一下，换工作中间社保断了两个月，对买房摇号有影响吗？"
    state = tracker_json(text="我就是问问政策，不是投诉", intent="consult", active_loop=None)
    state["events"] = [{"event": "user", "text": question, "parse_data": {"intent": {"name": "consult"}}},
                       {"event": "bot", "text": "这类问题一般由市人力社保局负责解答。"}] + state["events"]
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    told = said(messages)
    assert "12333" in told and "12315" not in told and "市场监管" not in told, told
    # the first message of a conversation: asked which policy, no unit guessed
    state = tracker_json(text="我就是问问政策，不是投诉", intent="consult", active_loop=None)
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    assert "咨询哪方面" in said(messages) and "12315" not in said(messages)


# -- the description told again after 问题描述不对 (tester33c A3) -----------------------------------

def test_actions_a_retold_description_keeps_the_time_and_drops_the_correction_words(live, domain):
    filled = {"description": "楼下饭馆油烟往我家窗户排，熏得不行", "description_draft": "楼下饭馆油烟往我家窗户排，熏得不行",
              "address": "北京市朝阳区望京街道花家地西里三区", "time": "每天晚上", "time_needed": True,
              "contact": "不留", "complaint_category": "环境保护"}
    state = tracker_json(text="问题描述不对", intent="deny", requested_slot="fix_field", slots={**filled, "fixing": True},
                         set_now={"fix_field": "问题描述不对"})
    cleared, _, _ = run(ValidateComplaintForm(), state, domain)
    assert cleared["description"] is None and "time" not in cleared
    text = "不是饭馆，是烧烤摊，天天在楼下烤串"
    slots, _, messages = validate(domain, text, "description", requested_slot="description",
                                  slots={**filled, **cleared})
    assert slots["description"] == "烧烤摊，天天在楼下烤串", messages
    assert slots.get("time", "每天晚上") == "每天晚上"


# -- a landline's extension is kept, and a title ends before the place (tester33c A9) ---------------

def test_actions_a_landlines_extension_is_kept_and_read_back(live, domain, api):
    """010-84561234转8001 was stored as 01084561234, the extension lost."""
    base = {"description": "楼下饭馆油烟直接往我家窗户排，朝阳区望京花家地西里三区", "address": "北京市朝阳区望京花家地西里三区",
            "time": "每天晚上", "time_needed": True, "complaint_category": "环境保护"}
    for said_ in ("010-84561234转8001", "01084561234 分机 8001", "我座机010-84561234转分机号8001"):
        slots, _, _ = validate(domain, said_, "contact", requested_slot="contact", slots=base)
        assert slots["contact"] == "01084561234转8001", said_
    _, _, messages = run(ActionAskConfirmation(), tracker_json(requested_slot="confirmation",
                                                                 slots={**base, "contact": "01084561234转8001"}), domain)
    assert "联系电话：尾号1234转8001" in messages[0]["text"]
    # said where the time was asked: the contact too, read back by its tail
    slots, _, messages = validate(domain, "010-84561234转8001", "time", requested_slot="time",
                                  slots={**base, "time": None})
    assert slots["contact"] == "01084561234转8001" and "尾号1234转8001" in said(messages)
    state = tracker_json(text="对", intent="affirm", active_loop=None, slots={**base, "contact": "01084561234转8001"})
    filed, _, _ = run(ActionSubmitComplaint(), state, domain)
    assert _staff_case(api, filed["case_number"])["contact"] == "01084561234转8001"


@pytest.mark.parametrize("text, address, title", [
    ("昨天晚上12点多楼下有人喝醉了大喊大叫，海淀区学院路20号院", None, "昨天晚上12点多楼下有人喝醉了大喊大叫"),
    ("楼上天天半夜跺脚，海淀区五道口华清嘉园", None, "楼上天天半夜跺脚"),
    ("楼上天天半夜跺脚，五道口华清嘉园", "北京市海淀区五道口华清嘉园", "楼上天天半夜跺脚"),
    ("小区门口的垃圾好几天没人清运了，臭死了", "北京市朝阳区劲松八区", "小区门口的垃圾好几天没人清运了，臭死了"),
    ("楼下饭馆油烟太大，在朝阳区", None, "楼下饭馆油烟太大"),
])
def test_actions_a_title_ends_before_the_place_said_last(text, address, title):
    assert _title(text, address=address) == title


@pytest.mark.parametrize("text, title", [
    ("你好 我是个老头子 不太会用这个 我想说说我们楼的事 楼道下水道堵了一个礼拜了 臭得不行", "楼道下水道堵了一个礼拜了 臭得不行"),
    ("你们12345到底管不管事！！！我都打了八百遍电话了，楼下饭馆油烟天天往我家窗户里灌", "楼下饭馆油烟天天往我家窗户里灌"),
    ("我跟你说啊，我们这个小区吧，是个老小区，九几年盖的，说好的加装电梯两年了都没动静", "说好的加装电梯两年了都没动静"),
    ("暖气不热，屋里才16度", "暖气不热，屋里才16度"),
    ("我要投诉", "我要投诉"),
    # tester59 G21: 那个 was read as 那 + 个 (个我们楼里有人群租…)
    ("那个我们楼里有人群租，一套房子住了十几个人", "我们楼里有人群租，一套房子住了十几个人"),
    ("我想反映一下那个我们楼里有人群租", "我们楼里有人群租"),
])
def test_actions_a_title_starts_where_the_problem_is_told(text, title):
    """tester34 L6: titles kept the greeting, the self-introduction and the rant before the problem
    (你好 我是个老头子 不太会用这个…); the text keeps all of it."""
    assert _title(text) == title


def test_actions_a_filed_title_ends_before_its_address(live, domain, api):
    text = "昨天晚上12点多楼下有人喝醉了大喊大叫，海淀区学院路20号院"
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={"description": text, "address": "北京市海淀区学院路20号院", "contact": "不留"})
    filed, _, _ = run(ActionSubmitComplaint(), state, domain)
    with sqlite3.connect(api["db"]) as db:
        title, raw = db.execute("SELECT raw_title, raw_text FROM cases WHERE number = ?", (filed["case_number"],)).fetchone()
    assert title == "昨天晚上12点多楼下有人喝醉了大喊大叫" and raw == text


# -- a second problem at the place just filed (tester33c A8) -----------------------------------------

def _after_filing(state: dict[str, Any], address: str) -> dict[str, Any]:
    """``state`` after a case at ``address`` was filed earlier in the chat (the slots hold it when
    the bot says the number; the form's reset empties them)."""
    filed = [{"event": "slot", "name": "address", "value": address},
             {"event": "bot", "text": "已为您登记，工单编号 JS20261205-000012，查询码 293221，初步判断由…承办。"},
             {"event": "slot", "name": "address", "value": None}]
    return {**state, "events": filed + state["events"]}


@pytest.mark.parametrize("answer", ["就是刚才那个小区", "一样的地址", "还是那个地方", "同一个地方", "跟刚才一样", "同上"])
def test_actions_the_place_of_the_case_just_filed_is_reused(live, domain, answer):
    """After JS…000012, 还有，我家门口的路灯也坏了好几天了 → 请问问题发生在哪里？ → 就是刚才那个小区 was
    told 这个地点还不够具体."""
    address = "北京市朝阳区望京花家地西里三区"
    state = tracker_json(text=answer, intent="inform", requested_slot="address", set_now={"address": answer},
                         slots={"description": "我家门口的路灯也坏了好几天了", "complaint_category": "城乡建设"})
    slots, _, messages = run(ValidateComplaintForm(), _after_filing(state, address), domain)
    assert slots["address"] == address, messages
    assert "和刚才那件相同" in said(messages) and slots["requested_slot"] != "address"
    # with no case filed before in this chat: still not specific enough
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["address"] is None and messages[0]["response"] == "utter_address_vague"


def test_actions_a_problem_told_as_another_one_is_filed_without_its_lead(live, domain):
    slots, _, _ = validate(domain, "还有，我家门口的路灯也坏了好几天了", "description")
    assert slots["description"] == "我家门口的路灯也坏了好几天了"
    slots, _, _ = validate(domain, "对了，还有个事，小区门口的垃圾好几天没人清运了", "description")
    assert slots["description"] == "小区门口的垃圾好几天没人清运了"
    slots, _, _ = validate(domain, "还有人在小区里烧垃圾，烟很大", "description")  # 还有人: no lead to drop
    assert slots["description"] == "还有人在小区里烧垃圾，烟很大"


# -- a question at the contact step is answered, never glued to the problem (tester33c A7) ----------

_AT_CONTACT = {"description": "楼上天天半夜跺脚，海淀区五道口华清嘉园", "description_draft": "楼上天天半夜跺脚，海淀区五道口华清嘉园",
               "address": "北京市海淀区五道口华清嘉园", "time": "天天半夜", "time_needed": True,
               "complaint_category": "城乡建设"}


@pytest.mark.parametrize("answer, intent, told", [
    ("对了，这种情况能罚款吗？", "complain", "由承办单位核实情况后依照相关规定决定"),
    ("为什么要留电话？会不会泄露我的信息", "deny", "不会告诉被反映的一方"),
    ("为什么要留电话？会不会泄露我的信息", "complain", "匿名反映同样受理"),
    ("我不想让单位知道是我举报的", "complain", "会为您保密"),
    ("不留电话会不会影响处理？", "inform", "不留电话也会受理"),
    ("你们多久能处理？", "inform", "按照接诉即办的规定，派单时会在工单上注明办理时限"),  # (tester47 B11, B19)
])
def test_actions_a_question_at_the_contact_step_is_answered_and_the_number_asked_again(live, domain, answer,
                                                                                      intent, told):
    """h03aaaaa: 对了，这种情况能罚款吗？ was read back as 问题：…，对了，这种情况能罚款吗？ with no phone
    asked; e02aaaaa's 为什么要留电话？会不会泄露我的信息 was told 抱歉，这个问题我帮不上忙."""
    state = tracker_json(text=answer, intent=intent, requested_slot="contact", slots=_AT_CONTACT,
                         set_now={"contact": answer, **({"description": answer} if intent == "complain" else {})})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["contact"] is None and slots["requested_slot"] == "contact", slots
    assert slots.get("description", _AT_CONTACT["description"]) == _AT_CONTACT["description"]
    assert told in said(messages) and "帮不上忙" not in said(messages)
    # the number is asked again after the answer
    after = {**state, "events": state["events"] + [{"event": "bot", "text": m["text"]} for m in messages]}
    _, _, asked = run(ActionAskContact(), after, domain)
    assert asked[0]["response"] == "utter_ask_contact"


def test_actions_no_number_is_fine_and_a_question_elsewhere_is_answered_too(live, domain):
    slots, _, messages = validate(domain, "不留可以吗", "contact", requested_slot="contact", slots=_AT_CONTACT)
    assert slots["contact"] == "不留" and "不留电话也会受理" in said(messages)
    # a number with the wish: the number, and the wish acknowledged
    slots, _, messages = validate(domain, "13811112222，别告诉他们是我举报的", "contact", requested_slot="contact",
                                  slots=_AT_CONTACT)
    assert slots["contact"] == "13811112222" and "会为您保密" in said(messages)
    # asked where the place was asked: answered, no second problem noted
    slots, _, messages = validate(domain, "对了，这种情况能罚款吗？", "address", intent="complain", requested_slot="address",
                                  slots={**_AT_CONTACT, "address": None})
    assert slots["address"] is None and not slots.get("second_issue") and "依照相关规定" in said(messages)
    # at the read-back: answered, read back again (the fix menu not asked)
    slots, _, messages = validate(domain, "为什么要留电话？会不会泄露我的信息", "confirmation", value=False, intent="deny",
                                  requested_slot="confirmation", slots={**_AT_CONTACT, "contact": "不留"})
    assert slots["confirmation"] is None and not slots.get("fixing") and slots.get("contact", "不留") == "不留"
    assert "不会告诉被反映的一方" in said(messages) and slots["requested_slot"] == "confirmation"


def test_actions_the_wish_for_secrecy_said_with_the_complaint_is_acknowledged(live, domain):
    text = "单位欠了我三个月工资了，我不想让单位知道是我举报的，大兴区亦庄"
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == text and "会为您保密" in said(messages)  # the operator reads it too


@pytest.mark.parametrize("question, active", [("为什么要留电话？会不会泄露我的信息", "complaint_form"),
                                              ("我的信息会保密吗", None), ("这种情况能罚款吗", "complaint_form")])
def test_actions_a_privacy_worry_read_as_a_question_is_answered(live, domain, question, active):
    state = tracker_json(text=question, intent="consult", active_loop=active, requested_slot="contact" if active else None,
                         slots=_AT_CONTACT if active else {})
    _, events, messages = run(ActionAnswerConsultation(), state, domain)
    assert ("不会告诉被反映的一方" in said(messages)) != ("罚" in question), said(messages)
    assert "负责解答" not in said(messages) and not events  # the form, if any, goes on


# -- an address told in pieces, and more of the problem with its hours (tester33c A2) ---------------

_SITE = {"description": "我家楼下有个工地", "description_draft": "我家楼下有个工地", "complaint_category": "城乡建设",
         "time_needed": True}


def test_actions_a_place_in_pieces_at_the_place_question(live, domain):
    """e01aaaaa: 天天晚上十一二点还在打桩 was the time, 海淀区 不够具体, 清河 lost, and the case filed at
    毛纺路小区旁边 with no district."""
    slots, _, messages = validate(domain, "天天晚上十一二点还在打桩", "address", requested_slot="address", slots=_SITE)
    assert slots["description"] == "我家楼下有个工地，天天晚上十一二点还在打桩" and slots["time"] == "天天晚上十一二点"
    assert slots["address"] is None and slots["requested_slot"] == "address" and "情况和时间记下了" in said(messages)
    base = {**_SITE, "description": slots["description"], "time": slots["time"]}
    slots, _, messages = validate(domain, "海淀区", "address", requested_slot="address", slots=base)
    assert slots["address"] is None and slots["place_piece"] == "北京市海淀区" and "retries" not in slots
    assert "地点记下了" in said(messages)
    _, _, asked = run(ActionAskAddress(), tracker_json(requested_slot="address",
                                                       slots={**base, "place_piece": "北京市海淀区"}), domain)
    assert asked[0]["text"] == "请问具体在海淀区的哪个街道、小区或道路？"
    slots, _, _ = validate(domain, "清河", "address", intent="affirm", requested_slot="address",
                           slots={**base, "place_piece": "北京市海淀区"})
    assert slots["address"] == "北京市海淀区清河" and slots["place_piece"] is None
    slots, _, messages = validate(domain, "毛纺路小区旁边", "contact", requested_slot="contact",
                                  slots={**base, "address": "北京市海淀区清河"})
    assert slots["address"] == "北京市海淀区清河毛纺路小区旁边" and slots["contact"] is None
    # a district again said alone is still not enough: a failed answer
    slots, _, messages = validate(domain, "海淀区", "address", requested_slot="address",
                                  slots={**base, "place_piece": "北京市海淀区"})
    assert slots["address"] is None and messages[0]["response"] == "utter_address_vague"


def test_actions_a_place_in_pieces_at_the_reading_question(live, domain):
    """The same pieces where the two readings were asked: 海淀区 kept (it was 抱歉没听明白), 清河 in it
    (it picked the first reading as if chosen), 毛纺路小区旁边 refining it."""
    torn_ = {**_SITE, "category_candidates": ["城乡建设", "环境保护"]}
    slots, _, messages = validate(domain, "天天晚上十一二点还在打桩", "category_choice", requested_slot="category_choice",
                                  slots=torn_)
    assert slots["description"] == "我家楼下有个工地，天天晚上十一二点还在打桩" and slots["time"] == "天天晚上十一二点"
    assert "情况和时间记下了" in said(messages)
    slots, _, messages = validate(domain, "海淀区", "category_choice", requested_slot="category_choice", slots=torn_)
    assert slots["place_piece"] == "北京市海淀区" and slots["category_choice"] is None
    assert slots["retries"] == {"category_choice": 1} and "抱歉没听明白" not in said(messages)
    slots, _, messages = validate(domain, "清河", "category_choice", intent="affirm", requested_slot="category_choice",
                                  slots={**torn_, "place_piece": "北京市海淀区", "retries": {"category_choice": 1}})
    assert slots["address"] == "北京市海淀区清河" and slots["category_choice"] == "不确定"
    assert "地点记下了：北京市海淀区清河" in said(messages) and "工作人员会根据您的描述来判断" in said(messages)
    assert "先按" not in said(messages)
    slots, _, _ = validate(domain, "毛纺路小区旁边", "category_choice", requested_slot="category_choice",
                           slots={**torn_, "address": "北京市海淀区清河"})
    assert slots["address"] == "北京市海淀区清河毛纺路小区旁边"
    # and where the time was asked: the place, the time asked again (no failed answer)
    slots, _, messages = validate(domain, "毛纺路小区旁边", "time", requested_slot="time",
                                  slots={**_SITE, "address": "北京市海淀区清河"})
    assert slots["address"] == "北京市海淀区清河毛纺路小区旁边" and slots["time"] is None and "retries" not in slots
    # the time question answered with more of the problem: the hours only are the time
    slots, _, _ = validate(domain, "天天晚上十一二点还在打桩", "time", requested_slot="time",
                           slots={**_SITE, "address": "北京市海淀区清河"})
    assert slots["time"] == "天天晚上十一二点" and slots["description"].endswith("还在打桩")


@pytest.mark.parametrize("known, place, address", [
    ("北京市海淀区清河", "毛纺路小区旁边", "北京市海淀区清河毛纺路小区旁边"),  # a place by a road: more of the area
    ("北京市朝阳区双井", "东三环中路", "北京市朝阳区东三环中路"),  # a road of its own: in the district
])
def test_actions_more_of_an_area_is_kept_with_it(known, place, address):
    assert _refined(known, place, place) == address


def test_actions_a_hand_off_asks_the_place_first_and_notes_the_call_back(live, domain, api):
    """转人工 while the place is asked (only its district known): no person joins this chat and a case with no
    place sends nobody (tester51 C5: one was filed so): the call-back noted, the place asked first; the case
    filed after it is flagged with the call-back wished."""
    state = tracker_json(text="转人工", intent="request_human", requested_slot="address",
                         slots={**_SITE, "place_piece": "北京市海淀区"})
    slots, events, messages = run(ActionHandoff(), state, domain)
    told = said(messages)
    assert "请先告诉我具体地点" in told and "注明需要话务员回电" in told and "case_number" not in slots, told
    assert all(e.get("event") != "active_loop" for e in events), events


@pytest.mark.parametrize("worry", [
    "留电话会不会泄露我的个人信息", "我的电话号码会告诉被投诉的商家吗", "你们会不会把我的信息透露给被举报的人", "为什么非要留手机号",
    "留电话是干什么用的", "举报人的信息会保密吗", "能不能匿名反映", "可以匿名举报吗", "我的身份会不会被物业知道",
    "电话留给你们安全吗", "留了电话会不会被他们知道是我反映的", "为什么要留电话？会不会泄露我的信息"])
def test_actions_privacy_worries_as_the_nlu_reads_them_are_answered(worry):
    """The consult examples of bot/data/nlu.yml on the citizen's number and identity, and the tester's:
    each gets the reassurance (not a unit's policy answer)."""
    from actions.common import WHO_TOLD  # "会不会被他们知道是我反映的": whether they learn who (tester59 G17)

    assert _privacy_answer(worry) in (KEPT_SECRET, PRIVACY_TOLD, WHO_TOLD), worry


@pytest.mark.parametrize("said_", ["我的个人信息被中介泄露了，天天接到骚扰电话", "有人在小区里烧垃圾，不要让孩子看到",
                                   "燃气泄漏了", "我电话给你们吧"])
def test_actions_a_complaint_about_data_or_a_number_is_no_privacy_worry(said_):
    assert _privacy_answer(said_) is None


def test_actions_a_question_read_as_nothing_in_the_form_is_answered(domain):
    state = tracker_json(text="能罚他们吗", intent="nlu_fallback", requested_slot="contact", slots=_AT_CONTACT)
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert said(messages) == PENALTY_TOLD
    state = tracker_json(text="嗯嗯啊", intent="nlu_fallback", requested_slot="contact", slots=_AT_CONTACT)
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert messages[0]["response"] == "utter_please_rephrase"


@pytest.mark.parametrize("question, contact", [("不留电话会不会影响处理？", None), ("不留可以吗", "不留")])
def test_actions_a_question_on_leaving_no_number_read_as_a_consultation(live, domain, question, contact):
    """The retrained NLU reads 不留电话会不会影响处理？ as consult: it was answered 这类问题一般由市公安局负责解答。"""
    state = tracker_json(text=question, intent="consult", requested_slot="contact", slots=_AT_CONTACT)
    slots, _, messages = run(ActionAnswerConsultation(), state, domain)
    assert NO_PHONE_TOLD in said(messages) and "负责解答" not in said(messages)
    assert slots.get("contact") == contact


def test_actions_a_number_or_no_number_said_where_the_reading_was_asked(live, domain):
    """h03aaaaa's 不留 at the two-readings question was 抱歉没听明白."""
    torn_ = {**_AT_CONTACT, "category_candidates": ["城乡建设", "商贸旅游"], "contact": None}
    slots, _, messages = validate(domain, "不留", "category_choice", requested_slot="category_choice", slots=torn_)
    assert slots["contact"] == "不留" and slots["category_choice"] is None and "不留电话" in said(messages)
    slots, _, messages = validate(domain, "13811112222", "category_choice", requested_slot="category_choice", slots=torn_)
    assert slots["contact"] == "13811112222" and slots["category_choice"] is None and "尾号2222" in said(messages)
    assert "retries" not in slots


@pytest.mark.parametrize("said_, answer", [("能匿名吗", PRIVACY_TOLD), ("我的信息会保密吗", PRIVACY_TOLD),
                                           ("我不想让单位知道是我举报的", KEPT_SECRET), ("请给我保密", KEPT_SECRET)])
def test_actions_a_privacy_question_is_reassured_and_a_wish_acknowledged(said_, answer):
    assert _privacy_answer(said_) == answer


# -- tester34: places in answers, questions mid-form, spoken numbers, noise sources, notes --------

@pytest.mark.parametrize("answer, address", [
    ("我刚说了啊，海淀区西三旗育新花园", "北京市海淀区西三旗育新花园"),
    ("哦不对，不是朝阳区，是东城区，我记错了，东城区广渠门内大街", "北京市东城区广渠门内大街"),
])
def test_actions_a_place_answer_with_a_lead_in_is_stored_without_it(live, domain, answer, address):
    """tester34 M2: c04multi filed the address 我刚说了啊，海淀区西三旗育新花园, c15correct read back
    地点：不对，不是朝阳区，是东城区，我记错了，东城区广渠门内大街."""
    slots, _, _ = validate(domain, answer, "address", requested_slot="address",
                           slots={"description": "小区门口的路灯坏了一个月了", "description_draft": "小区门口的路灯坏了一个月了"})
    assert slots["address"] == address, slots


def test_actions_the_place_of_a_two_problem_message_is_both_problems(live, domain):
    """tester34 M2, c04multi: the place said at the end of 两个事 was asked again for the first one."""
    text = "我要反映两个事，一个是小区门口的路灯坏了一个月了，还有就是小区里的垃圾没人清运，都臭了，海淀区西三旗育新花园"
    slots, _, _ = validate(domain, text, "description")
    assert slots["description"] == "小区门口的路灯坏了一个月了"
    assert slots["address"] == "北京市海淀区西三旗育新花园" and slots["requested_slot"] != "address", slots
    assert slots["second_issue"].startswith("小区里的垃圾没人清运")


@pytest.mark.parametrize("text", ["我们楼下那小卖部天天晚上一帮人在门口喝酒撸串儿，吵得睡不着，朝阳区国贸建外SOHO",
                                  "我们楼下那小卖部忒能闹腾了，天天晚上一帮人喝酒撸串儿，甭提多吵了，倍儿烦人"])
def test_actions_noise_from_a_shop_or_its_drinkers_has_its_source(live, domain, text):
    """tester34 M5, c28bjdial/c28beijing: 是什么发出的噪音？ was asked of a 小卖部 and its drinkers,
    twice, and the readings offered had no noise one."""
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == text and "utter_ask_noise_source" not in [m.get("response") for m in messages]
    if slots.get("category_candidates"):
        assert "环境保护" in slots["category_candidates"]


def test_actions_the_noise_source_is_asked_once(live, domain):
    slots, _, messages = validate(domain, "门口那块儿", "description", requested_slot="description",
                                  slots={"description_draft": "天天半夜吵得睡不着", "retries": {"description": 1}})
    assert slots["description"] == "天天半夜吵得睡不着，门口那块儿", (slots, messages)
    assert "utter_ask_noise_source" not in [m.get("response") for m in messages]


UNSOURCED = "西城区德胜街道新康社区6号楼附近特别吵"


@pytest.mark.parametrize("answer, kept", [("每天晚上十点以后", "time"), ("西城区德胜街道新康社区6号楼", "address")])
def test_actions_the_noise_source_is_asked_again_after_the_hours_or_the_place(live, domain, answer, kept):
    """tester41: 西城区…附近特别吵 → 请问是什么发出的噪音？; 每天晚上十点以后 was taken as the answer (the
    phone question next, no source ever known); the place said there got 请再说说具体发生了什么问题 and the
    form's own 请具体描述… after it. The hours or the place are kept and the source asked again, one question;
    the answer to it then joins the description (不知道 goes on)."""
    draft = "我家附近晚上特别吵，睡不着觉" if kept == "address" else UNSOURCED
    slots, _, messages = validate(domain, answer, "description", requested_slot="description",
                                  slots={"description_draft": draft, "retries": {"description": 1}})
    assert [m.get("response") for m in messages][-1] == "utter_ask_noise_source", messages
    assert "记下了" in said(messages) and slots.get("description") is None and slots.get("requested_slot") == "description"
    assert (answer in (slots.get(kept) or "")) if kept == "time" else "德胜" in slots.get("address"), slots
    asked = _this_turn(tracker_json(requested_slot="description", slots={"description_draft": draft, **slots}),
                       *(m.get("text") or "" for m in messages))
    asked["events"][-1]["metadata"] = {"utter_action": "utter_ask_noise_source"}
    assert not run(ActionAskDescription(), asked, domain)[2]
    held = {k: v for k, v in slots.items() if k != "requested_slot"}
    for source, joined in (("楼下烧烤店的音响", True), ("不知道", False)):
        got, _, more = validate(domain, source, "description", requested_slot="description",
                                slots={"description_draft": draft, **held})
        assert got.get("description") and got["description"].startswith(draft), (got, more)
        assert (source in got["description"]) == joined and got.get("requested_slot") != "description", got
        assert "utter_ask_noise_source" not in said(more), more


def test_actions_a_place_said_for_the_problem_is_asked_about_once(live, domain):
    """The place said where the problem was asked (a draft that is no noise): 地点记下了 with 请再说说具体发生了
    什么问题, and no second question (请具体描述…) after it."""
    slots, _, messages = validate(domain, "西城区德胜街道新康社区6号楼", "description", requested_slot="description",
                                  slots={"description_draft": "有人在那边弄东西", "retries": {"description": 1}})
    assert "请再说说具体发生了什么问题" in said(messages) and "德胜" in slots.get("address"), (slots, messages)
    asked = _this_turn(tracker_json(requested_slot="description", slots=slots), *(m.get("text") for m in messages))
    assert not run(ActionAskDescription(), asked, domain)[2]


def test_actions_a_place_said_in_dialect_with_a_landmark(live, domain):
    """tester34 M5, c28beijing: 我也不知道是哪个区，就在国贸那边儿 was not taken as the place."""
    slots, _, _ = validate(domain, "我也不知道是哪个区，就在国贸那边儿", "address", requested_slot="address",
                           slots={"description": "楼下小卖部天天晚上一帮人喝酒撸串，吵得睡不着"})
    assert slots["address"] and "国贸" in slots["address"] and "不知道" not in slots["address"], slots


@pytest.mark.parametrize("text", [
    "附近的健身房突然关门了，办的年卡还剩八个月，退不了钱，朝阳区望京SOHO",
    "前年搞了老旧小区改造，说是要加装电梯，结果到现在两年了，电梯井都挖好了，就是不装，工地围挡一直围着，西城区广安门内牛街东里",
])
def test_actions_no_hours_are_asked_of_a_problem_without_them(live, domain, text):
    """tester34 L1, c14phone3/c27longmsg: 请问一般在什么时间段发生？ for a gym gone and a lift never fitted."""
    slots, _, _ = validate(domain, text, "description")
    assert slots["time_needed"] is False and slots["requested_slot"] != "time", slots


def test_actions_not_about_the_time_is_no_time(live, domain):
    """tester34 L1: 这跟时间没关系啊，就是上周关的门 was filed as 时间：这跟时间没关系啊…"""
    base = {"description": "附近的健身房突然关门了，退不了钱", "address": "北京市朝阳区望京SOHO", "time_needed": True}
    slots, _, messages = validate(domain, "这跟时间没关系啊，就是上周关的门", "time", requested_slot="time", slots=base)
    assert slots["time"] is None and slots["time_needed"] is False and slots["requested_slot"] == "contact"
    assert slots["description"] == "附近的健身房突然关门了，退不了钱，上周关的门" and "不问时间" in said(messages)


@pytest.mark.parametrize("text, told", [("你们多久能给处理啊？", "按照接诉即办的规定，派单时会在工单上注明办理时限"),
                                        ("我还没提交呢", "还没有提交")])
def test_actions_a_when_question_mid_form_is_answered_and_the_form_goes_on(live, domain, text, told):
    """tester34 M3, c16askmid: 你们多久能给处理啊？ at the contact question (read as ask_progress) asked
    for a case number, and 我还没提交呢 asked for it again: the complaint was never filed."""
    state = tracker_json(text=text, intent="ask_progress", requested_slot="contact", slots=_AT_CONTACT)
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert told in said(messages) and "工单编号（形如" not in said(messages), said(messages)
    assert slots.get("progress_asked") is None and "case_number" not in slots
    after = {**state, "events": state["events"] + [{"event": "bot", "text": m["text"]} for m in messages]}
    _, _, asked = run(ActionAskContact(), after, domain)
    assert asked[0]["response"] == "utter_ask_contact"
    # read as an answer, after the number was asked: never a progress query, the question asked again
    slots, _, messages = validate(domain, "我还没提交呢", "contact", requested_slot="contact",
                                  slots={**_AT_CONTACT, "progress_asked": "number"})
    assert slots["contact"] is None and slots["progress_asked"] is None and "还没有提交" in said(messages)


def test_actions_an_earlier_case_asked_mid_form_is_still_looked_up(live, domain):
    state = tracker_json(text="我上次反映的事多久能处理", intent="ask_progress", requested_slot="contact", slots=_AT_CONTACT)
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert messages[0]["response"] == "utter_ask_case_number" and slots["progress_asked"] == "number"


@pytest.mark.parametrize("spoken", ["幺三八 幺零零 幺二三四 五", "138 100 1234 5", "一三八 一零零 一二三四 五"])
def test_actions_a_mobile_said_in_uneven_groups_is_read(live, domain, spoken):
    """tester34 M4, c12phone1/c12phone4: 幺三八 幺零零 幺二三四 五 was dropped (filed with no contact)."""
    slots, _, _ = validate(domain, spoken, "contact", requested_slot="contact", slots=_AT_CONTACT)
    assert slots["contact"] == "13810012345"


def test_actions_a_number_that_still_cannot_be_read_is_said_so(live, domain):
    slots, _, messages = validate(domain, "幺三八 幺零零 幺二三四", "contact", requested_slot="contact", slots=_AT_CONTACT)
    assert slots["contact"] is None and "不完整" in said(messages)
    slots, _, messages = validate(domain, "幺三八 幺零零 幺二三", "contact", requested_slot="contact",
                                  slots={**_AT_CONTACT, "retries": {"contact": 1}})
    assert slots["contact"] == "不留" and "没能识别这个号码" in said(messages)


def test_actions_a_photo_question_is_answered(live, domain):
    """tester34 L7, c29photo: 需要我拍照片吗？ was 抱歉，这个问题我帮不上忙."""
    slots, _, messages = validate(domain, "需要我拍照片吗？", "contact", requested_slot="contact", slots=_AT_CONTACT)
    assert slots["contact"] is None and "只收文字" in said(messages)
    # read as out of scope in the form (rules.yml: action_inform_outside): answered; anything else out
    # of scope is still told so
    state = tracker_json(text="需要我拍照片吗？", intent="out_of_scope", requested_slot="contact", slots=_AT_CONTACT)
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert "只收文字" in said(messages)
    state = tracker_json(text="今天天气怎么样", intent="out_of_scope", requested_slot="contact", slots=_AT_CONTACT)
    _, events, messages = run(ActionInformOutside(), state, domain)
    assert messages[0]["response"] == "utter_out_of_scope" and not events


@pytest.mark.parametrize("text, slot, told", [
    ("哪条路？就我们家门口那条啊", "address", "叫什么"),
    ("我说了多少遍了 你们系统里没有吗 还问", "address", "再说一遍"),
    ("没有电话 我用的我闺女手机", "contact", "家人的手机号也可以"),
])
def test_actions_an_answer_not_understood_in_the_form_is_no_out_of_scope(domain, text, slot, told):
    """tester51 C16: each got 抱歉，这个问题我帮不上忙。我可以帮您反映… in the middle of the form."""
    state = tracker_json(text=text, intent="out_of_scope", requested_slot=slot,
                         slots={**_AT_CONTACT, **({"address": None} if slot == "address" else {})})
    _, events, messages = run(ActionInformOutside(), state, domain)
    assert told in said(messages) and "帮不上忙" not in said(messages) and not events


def test_actions_a_time_read_as_nothing_at_the_contact_step_is_the_time(domain):
    """tester34 L7, c01elder: 老这样 好几个月了 at the contact question was 抱歉，我没有理解您的意思."""
    state = tracker_json(text="老这样 好几个月了", intent="nlu_fallback", requested_slot="contact",
                         slots={**_AT_CONTACT, "time": None})
    slots, _, messages = run(ActionInformOutside(), state, domain)
    assert slots["time"] == "老这样 好几个月了" and "时间记下了" in said(messages)
    # the bot's model reads it as goodbye (0.49): the form is not left, the time kept
    state = tracker_json(text="老这样 好几个月了", intent="goodbye", requested_slot="contact",
                         slots={**_AT_CONTACT, "time": None})
    slots, events, messages = run(ActionLeaveForm(), state, domain)
    assert slots["time"] == "老这样 好几个月了" and "时间记下了" in said(messages)
    assert any(e.get("event") == "followup" for e in events) and "没有提交" not in said(messages)


def test_actions_a_case_filed_without_a_number_is_told_to_look_it_up(live, domain):
    """tester34 L7, c21query: a case filed with 不留 was told 承办单位会联系您核实情况."""
    filed, _, _ = run(ActionSubmitComplaint(), tracker_json(
        text="对", intent="affirm", active_loop=None,
        slots={"description": "楼下工地半夜施工，吵得睡不着", "address": "北京市海淀区学院路", "contact": "不留"}), domain)
    own = {k: filed[k] for k in ("own_case", "own_cases", "known_codes")}
    _, _, messages = run(ActionCheckProgress(), tracker_json(text="接下来会怎么样？", intent="ask_progress",
                                                             active_loop=None, slots=own), domain)
    told = messages[0]["text"]
    assert "联系您" not in told and "凭工单编号和查询码查询" in told, told


def test_actions_when_to_call_is_kept_with_the_number(live, domain, api):
    """tester34 L2, ra9bbbbb: 白天打，晚上别打 was lost."""
    slots, _, _ = validate(domain, "我手机13811112222，白天打，晚上别打", "contact", requested_slot="contact",
                           slots=_AT_CONTACT)
    assert slots["contact"] == "13811112222（白天打，晚上别打）"
    filled = {**_AT_CONTACT, "contact": slots["contact"]}
    _, _, messages = run(ActionAskConfirmation(), tracker_json(requested_slot="confirmation", slots=filled), domain)
    assert "联系电话：尾号2222（白天打，晚上别打）" in said(messages)
    filed, _, _ = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None,
                                                            slots={**filled, "confirmation": True}), domain)
    assert _staff_case(api, filed["case_number"])["contact"] == "13811112222（白天打，晚上别打）"
    # a wish that is no call time is not glued to the number
    slots, _, _ = validate(domain, "13811112222，别告诉他们是我举报的", "contact", requested_slot="contact",
                           slots=_AT_CONTACT)
    assert slots["contact"] == "13811112222"


def test_actions_a_second_number_said_out_of_turn_is_kept(live, domain):
    """tester34 L2, c14phone3: 座机也行 64781234 after the mobile was dropped without a word."""
    slots, _, messages = validate(domain, "手机号一五零一二三四五六七八，座机也行 64781234", "time", requested_slot="time",
                                  slots={**_AT_CONTACT, "time": None, "contact": None})
    assert slots["contact"] == "15012345678" and slots["description"].endswith("（备用电话：64781234）")
    assert "尾号5678" in said(messages) and "1234" in said(messages)


def _raw_text(api: dict[str, str], number: str) -> str:
    with sqlite3.connect(api["db"]) as db:
        return db.execute("SELECT raw_text FROM cases WHERE number = ?", (number,)).fetchone()[0]


def test_actions_a_wish_for_secrecy_is_filed(live, domain, api):
    """tester34 L3, ra7ddddd: 好的，会为您保密 was said, and nothing of it reached the case."""
    state = tracker_json(text="我不想让单位知道是我举报的", intent="complain", requested_slot="contact", slots=_AT_CONTACT,
                         set_now={"contact": "我不想让单位知道是我举报的"})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert KEPT_SECRET in said(messages)
    events = state["events"] + [{"event": "bot", "text": m["text"]} for m in messages]
    filled = {**_AT_CONTACT, "contact": "不留"}
    back = tracker_json(requested_slot="confirmation", slots=filled)
    _, _, read = run(ActionAskConfirmation(), {**back, "events": events}, domain)
    assert "备注：对您的身份保密" in said(read)
    filing = tracker_json(text="对", intent="affirm", active_loop=None, slots={**filled, "confirmation": True})
    filed, _, _ = run(ActionSubmitComplaint(), {**filing, "events": events + filing["events"]}, domain)
    assert _raw_text(api, filed["case_number"]).endswith("（市民要求对其身份保密）")
    # the next complaint of the same chat is not
    later = events + [{"event": "bot", "text": "已为您登记，工单编号 JS20261205-000001"}] + filing["events"]
    filed, _, _ = run(ActionSubmitComplaint(), {**filing, "events": later}, domain)
    assert "保密" not in _raw_text(api, filed["case_number"])


# -- 轻生 / self-harm (tester35 N-H1) ---------------------------------------------------------------

@pytest.mark.parametrize("text", ["我不想活了", "活不下去了", "我想死", "我想从楼上跳下去", "有轻生的念头"])
@pytest.mark.parametrize("action, intent", [(ActionGoodbye, "goodbye"), (ActionOutOfScope, "out_of_scope")])
def test_actions_self_harm_is_never_a_goodbye(domain, text, action, intent):
    """"我不想活了", read as goodbye (tester35 n17selfharm: 感谢您使用…再见！) or out of scope: care
    and the crisis lines at once, register or a person offered, no goodbye."""
    slots, events, messages = run(action(), tracker_json(text=text, intent=intent, active_loop=None), domain)
    reply = said(messages)
    assert SELF_HARM_ADVICE in reply and "转人工" in reply and "登记" in reply
    assert "再见" not in reply and "utter_goodbye" not in reply and "帮不上忙" not in reply
    _, _, messages = run(action(), tracker_json(text="再见", intent=intent, active_loop=None), domain)
    assert messages[0]["response"] in ("utter_goodbye", "utter_out_of_scope")
    _, _, messages = run(action(), tracker_json(text="想死你们了", intent=intent, active_loop=None), domain)
    assert SELF_HARM_ADVICE not in said(messages)


@pytest.mark.parametrize("action, intent", [(ActionLeaveForm, "goodbye"), (ActionInformOutside, "out_of_scope"),
                                            (ActionInformOutside, "nlu_fallback"), (ActionAnythingElse, "deny"),
                                            (ActionTakeContact, "deny")])
def test_actions_self_harm_in_or_out_of_the_form_gets_care_and_keeps_the_conversation(domain, action, intent):
    state = tracker_json(text="我真的不想活了", intent=intent, requested_slot="contact", slots=READ_BACK)
    _, events, messages = run(action(), state, domain)
    assert SELF_HARM_ADVICE in said(messages) and "再见" not in said(messages)
    assert not [e for e in events if e.get("event") == "active_loop"]
    state = tracker_json(text="我不想活了", intent=intent, active_loop=None)
    _, events, messages = run(action(), state, domain)
    assert SELF_HARM_ADVICE in said(messages) and "再见" not in said(messages)


def test_actions_self_harm_alone_as_the_complaint_is_cared_for_not_vague(live, domain):
    slots, _, messages = validate(domain, "我不想活了", "description", requested_slot=None)
    assert SELF_HARM_ADVICE in said(messages) and "utter_description_vague" not in said(messages)
    assert slots["description"] is None
    assert "retries" not in slots


def test_actions_a_complaint_with_a_threat_to_jump_gets_the_crisis_lines_first(live, domain):
    """n07threat: the crisis lines are the first message (the triage's own advice for 轻生危险 when it
    has it, the bot's otherwise), then the form goes on to the place."""
    text = "物业欠我的钱三年了一直不给，再不解决我就从楼上跳下去，我真的活不下去了"
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    assert messages[0]["text"] == SELF_HARM_ADVICE
    assert slots["description"] == text and slots["requested_slot"] == "address"
    # said at the place question: the lines (once), then the question again
    state = tracker_json(text="我活不下去了", set_now={"address": "我活不下去了"}, requested_slot="address",
                         slots={"description": text, "description_draft": text, "complaint_category": "城乡建设"})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert SELF_HARM_ADVICE in said(messages) and slots["address"] is None
    assert slots["requested_slot"] == "address"


def _turn_before(state: dict[str, Any], before: str, *bot: str) -> dict[str, Any]:
    """``state`` with an earlier turn before its message: the citizen's ``before``, the bot's ``bot``."""
    state["events"] = [{"event": "user", "text": before, "parse_data": {"intent": {"name": "complain"}}},
                       *({"event": "bot", "text": t} for t in bot)] + state["events"]
    return state


def _this_turn(state: dict[str, Any], *bot: str) -> dict[str, Any]:
    """``state`` with what the bot already said this turn (after the citizen's message)."""
    state["events"] += [{"event": "bot", "text": t} for t in bot]
    return state


@pytest.mark.parametrize("text", ["活着太累了，不如死了算了", "我真想一死了之", "我想结束这一切", "活着还有什么意思",
                                  "真的不如死了", "我要了结自己"])
def test_actions_self_harm_said_other_ways_gets_the_crisis_lines_not_vague(live, domain, text):
    """tester36 H1: 活着太累了，不如死了算了 was 您说的情况还不够具体 (twice). The phrasings nlu/urgency.py
    knows (死了算了, 活着太累, 结束这一切 …) are the bot's SELF_HARM too."""
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    assert SELF_HARM_ADVICE in said(messages) and "转人工" in said(messages)
    assert "utter_description_vague" not in said(messages) and "不够具体" not in said(messages)
    assert slots["description"] is None and "retries" not in slots
    for action, intent in ((ActionGoodbye, "goodbye"), (ActionOutOfScope, "out_of_scope")):
        _, _, messages = run(action(), tracker_json(text=text, intent=intent, active_loop=None), domain)
        assert SELF_HARM_ADVICE in said(messages), (action, messages)
    # 累死了算了 is tiredness, not a wish to die
    _, _, messages = run(ActionGoodbye(), tracker_json(text="累死了算了", intent="goodbye", active_loop=None), domain)
    assert SELF_HARM_ADVICE not in said(messages)


SELF_HARM_LANDLORD = "房东今天把我的东西都扔出来了，押金也不退，我一个人在北京什么都没有了，真的不想活了"


def test_actions_after_a_self_harm_statement_the_bot_stays_with_the_person(live, domain):
    """tester36 H2: the crisis lines, then at once 请问问题发生在哪里？; 我现在就在楼顶上 was read as the
    place (这个地点还不够具体). Now: the lines and a person offered, no form question in the same breath;
    a danger said next gets the lines again with 110/120; a yes hands over; the problem told goes on."""
    slots, _, messages = validate(domain, SELF_HARM_LANDLORD, "description", requested_slot=None)
    told = said(messages)
    assert messages[0]["text"] == SELF_HARM_ADVICE and "转人工" in told
    assert "问题发生在哪里" not in told and slots["description"] == SELF_HARM_LANDLORD
    # the form's question after it is not asked this turn
    asked = _this_turn(tracker_json(requested_slot="address", slots=slots), *(m.get("text") for m in messages))
    _, _, after = run(ActionAskAddress(), asked, domain)
    assert not after
    crisis = [m.get("text") for m in messages]
    kept = {"description": SELF_HARM_LANDLORD, "description_draft": SELF_HARM_LANDLORD, "complaint_category": "城乡建设"}
    for now in ("我现在就在楼顶上", "我已经吃了一瓶安眠药", "我手里有刀"):
        state = _turn_before(tracker_json(text=now, intent="inform", set_now={"address": now}, requested_slot="address",
                                    slots=kept), SELF_HARM_LANDLORD, *crisis)
        slots, _, messages = run(ValidateComplaintForm(), state, domain)
        told = said(messages)
        assert "110" in told and "120" in told and "12356" in told and "转人工" in told, (now, told)
        assert "地点" not in told and slots["address"] is None and slots["requested_slot"] == "address"
        _, _, asked = run(ActionAskAddress(), _this_turn(state, *(m.get("text") for m in messages)), domain)
        assert not asked
        # read as something else (out of scope, a goodbye): the same, never "没有理解" nor a goodbye
        for action, intent in ((ActionInformOutside, "out_of_scope"), (ActionLeaveForm, "goodbye")):
            state = _turn_before(tracker_json(text=now, intent=intent, requested_slot="address", slots=kept),
                           SELF_HARM_LANDLORD, *crisis)
            _, _, messages = run(action(), state, domain)
            assert "110" in said(messages) and "没有理解" not in said(messages) and "再见" not in said(messages)
    # more of the pain: the lines again, no form question
    state = _turn_before(tracker_json(text="我也不知道该怎么办了", set_now={"address": "我也不知道该怎么办了"},
                                requested_slot="address", slots=kept), SELF_HARM_LANDLORD, *crisis)
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "12356" in said(messages) and slots["address"] is None and "地点" not in said(messages)
    # a yes to the person offered: handed over
    state = _turn_before(tracker_json(text="好", intent="affirm", set_now={"address": "好"}, requested_slot="address",
                                slots=kept), SELF_HARM_LANDLORD, *crisis)
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots["form_outcome"] == "handoff"
    # the problem's place told: the form goes on
    state = _turn_before(tracker_json(text="房子在朝阳区望京西园三区", set_now={"address": "房子在朝阳区望京西园三区"},
                                requested_slot="address", slots=kept), SELF_HARM_LANDLORD, *crisis)
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "望京西园三区" in (slots["address"] or ""), messages
    assert slots["requested_slot"] != "address"


FRAUD_FIRST = "现在有人打电话说是公安局的，说我涉嫌洗钱，让我马上把钱转到安全账户，我正在手机银行上转账"


def test_actions_a_scam_going_on_gets_the_advice_on_every_turn_and_no_form_question(live, domain):
    """tester36 H3 (a): the advice, then 请问问题发生在哪里？; 他说不转就要抓我，我已经转了两万了 was
    这个地点还不够具体. Now the advice (stop, hang up, 110 / 96110, the bank) each turn while it lasts;
    the form goes on when the citizen wants to file it."""
    slots, _, messages = validate(domain, FRAUD_FIRST, "description", requested_slot=None)
    told = said(messages)
    assert "96110" in told and "110" in told and "挂断" in told and "银行" in told and "屏幕" in told
    assert slots["description"] == FRAUD_FIRST and "问题发生在哪里" not in told
    _, _, asked = run(ActionAskAddress(), _this_turn(tracker_json(requested_slot="address", slots=slots),
                                                     *(m.get("text") for m in messages)), domain)
    assert not asked
    advice = [m.get("text") for m in messages]
    kept = {"description": FRAUD_FIRST, "description_draft": FRAUD_FIRST, "complaint_category": "城乡建设"}
    now = "他说不转就要抓我，我已经转了两万了"
    state = _turn_before(tracker_json(text=now, set_now={"address": now}, requested_slot="address", slots=kept),
                   FRAUD_FIRST, *advice)
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "96110" in told and "冻结" in told and "地点" not in told and slots["address"] is None
    assert slots["requested_slot"] == "address"
    # a question read as a consultation, or an answer read as out of scope: the advice again
    for action, intent in ((ActionAnswerConsultation, "consult"), (ActionInformOutside, "out_of_scope")):
        state = _turn_before(tracker_json(text="那我现在该怎么办", intent=intent, requested_slot="address", slots=kept),
                       FRAUD_FIRST, *advice)
        _, _, messages = run(action(), state, domain)
        assert "96110" in said(messages) and "负责解答" not in said(messages), (action, messages)
    # "我要登记": the form goes on (its question asked again), the place then taken
    state = _turn_before(tracker_json(text="我要登记", set_now={"address": "我要登记"}, requested_slot="address",
                                slots=kept), FRAUD_FIRST, *advice)
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["address"] is None and slots["requested_slot"] == "address" and "接着登记" in said(messages)
    _, _, asked = run(ActionAskAddress(), _this_turn(state, *(m.get("text") for m in messages)), domain)
    assert asked and asked[0]["response"] == "utter_ask_address"
    state = _turn_before(tracker_json(text="朝阳区望京西园三区", set_now={"address": "朝阳区望京西园三区"},
                                requested_slot="address", slots=kept), FRAUD_FIRST, *advice)
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert "望京西园三区" in (slots["address"] or "")


@pytest.mark.parametrize("text", ["有人冒充快递客服让我共享屏幕，说要给我理赔，我正在操作",
                                  "有人冒充快递客服说我的快递丢了要理赔，让我下载了一个会议软件共享屏幕，我现在正在跟他视频"])
def test_actions_screen_sharing_for_a_claim_is_a_scam_not_vague(live, domain, text):
    """tester36 H3 (b): 您说的情况还不够具体, no warning."""
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    told = said(messages)
    assert "96110" in told and "屏幕" in told and "不够具体" not in told and "utter_description_vague" not in told
    assert slots["description"] == text
    # read as not understood outside the form: the same advice, the form started with it
    slots, events, messages = run(ActionInformOutside(), tracker_json(text=text, intent="nlu_fallback",
                                                                      active_loop=None), domain)
    assert "96110" in said(messages) and slots["description"] == text
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)


def test_actions_a_frozen_card_to_unfreeze_by_transfer_is_a_scam_not_a_consultation(live, domain):
    """tester36 H3 (c): 这类问题一般由市医保局负责解答…12333, which made the scam look real."""
    text = "刚才接到电话说我的医保卡被冻结了，要我转账解冻，我该怎么办"
    slots, events, messages = run(ActionAnswerConsultation(), tracker_json(text=text, intent="consult",
                                                                           active_loop=None), domain)
    told = said(messages)
    assert "96110" in told and "转账解冻" in told
    assert "负责解答" not in told and "12333" not in told and "12393" not in told
    assert slots["description"] == text
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)
    # a real 医保 question is still answered, with 医保's own line
    question = "请问新生儿的医保应该怎么办理？需要什么材料？"
    _, _, messages = run(ActionAnswerConsultation(), tracker_json(text=question, intent="consult", active_loop=None),
                         domain)
    assert "12393" in said(messages) and "12333" not in said(messages) and "96110" not in said(messages)


CRISIS_JUMP = "我真的撑不下去了，想从这楼上跳下去"


def _crisis_state(domain: dict[str, Any], first: str) -> tuple[dict[str, Any], list]:
    """The slots and the bot's words after ``first`` (self-harm) opened the form."""
    slots, _, messages = validate(domain, first, "description", requested_slot=None)
    return slots, [m.get("text") for m in messages]


@pytest.mark.parametrize("refusal", ["别给我转人工，我不想跟任何人说话", "我不想跟人说话"])
def test_actions_refusing_a_person_in_crisis_is_never_a_handoff(live, domain, refusal):
    """tester37 N1: 别给我转人工，我不想跟任何人说话 → 好的，已为您转接人工坐席…请留下您的联系电话, a case
    filed. Refusing a person is no hand-off: the bot stays with the lines, no phone question, nothing filed."""
    slots, crisis = _crisis_state(domain, CRISIS_JUMP)
    kept = {k: slots.get(k) for k in ("description", "description_draft")}
    # read as a wish for a person (request_human): the hand-off action stays instead
    state = _turn_before(tracker_json(text=refusal, intent="request_human", requested_slot="description",
                                      slots=kept), CRISIS_JUMP, *crisis)
    got, events, messages = run(ActionHandoff(), state, domain)
    told = said(messages)
    assert "12356" in told and "陪着您" in told and "转接" not in told and "电话" not in told.replace("热线", "")
    assert "case_number" not in got and not [e for e in events if e.get("event") == "active_loop"]
    # the form follows: its validation keeps the message out, asks nothing
    state = _this_turn(_turn_before(tracker_json(text=refusal, intent="request_human", requested_slot="description",
                                                 set_now={"description": refusal}, slots=kept), CRISIS_JUMP, *crisis),
                       *(m.get("text") for m in messages))
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert not got.get("form_outcome") and got["requested_slot"] == "description" and not messages
    # read as anything else in the form: the same, never a hand-off
    state = _turn_before(tracker_json(text=refusal, intent="inform", requested_slot="description",
                                      set_now={"description": refusal}, slots=kept), CRISIS_JUMP, *crisis)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert got.get("form_outcome") is None and "12356" in said(messages) and "陪着您" in said(messages)
    # outside a crisis "不用转人工" is no hand-off either
    _, events, messages = run(ActionHandoff(), tracker_json(text="不用转人工", intent="request_human",
                                                            active_loop=None), domain)
    assert "转接" not in said(messages) and not events


def test_actions_hopelessness_after_self_harm_words_is_not_a_cancel(live, domain):
    """tester37 N2: 我这几天一直想死 → the lines and 您遇到的事我已经记下了 (nothing was told); 不用了，
    没人能帮我 → 好的，本次反映没有提交. Now nothing said to be recorded, and the lines again with 我还在这里."""
    first = "我这几天一直想死，什么都不想做"
    slots, crisis = _crisis_state(domain, first)
    assert "12356" in " ".join(crisis) and "记下了" not in " ".join(crisis)
    kept = {k: slots.get(k) for k in ("description", "description_draft")}
    for now, intent in (("不用了，没人能帮我", "deny"), ("算了，谁也帮不了我", "deny"), ("说了也没用", "inform")):
        state = _turn_before(tracker_json(text=now, intent=intent, requested_slot="description",
                                          set_now={"description": now}, slots=kept), first, *crisis)
        got, _, messages = run(ValidateComplaintForm(), state, domain)
        told = said(messages)
        assert got.get("form_outcome") is None and got["requested_slot"] == "description", (now, got)
        assert "我还在这里" in told and "12356" in told and "没有提交" not in told, (now, told)
        for action in (ActionAnythingElse, ActionLeaveForm):
            _, _, messages = run(action(), _turn_before(tracker_json(text=now, intent=intent, active_loop=None),
                                                        first, *crisis), domain)
            assert "12356" in said(messages) and "再见" not in said(messages), (action, now)
    # a problem told with the wish: 记下了 is true then
    _, crisis = _crisis_state(domain, SELF_HARM_LANDLORD)
    assert "记下了" in " ".join(crisis)


def test_actions_violence_at_home_going_on_gets_110_first_and_no_form_question(live, domain, api):
    """tester37 N3: 老公喝醉了一直在砸门… went through the ordinary form (请问问题发生在哪里？), filed
    neither urgent nor flagged. Now 110, a locked room and 12338 first, no question in the same breath;
    the place told next goes on with the form; the filed case is urgent as the API decides."""
    text = "我老公喝醉了一直在砸门，说要打死我，我和孩子躲在卧室里"
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    told = said(messages)
    assert messages[0]["text"].startswith("您和孩子的安全最要紧") and "110" in told and "12338" in told
    assert "反锁" in told and "问题发生在哪里" not in told and slots["description"] == text
    asked = _this_turn(tracker_json(requested_slot=slots.get("requested_slot"), slots=slots),
                       *(m.get("text") for m in messages))
    for ask in (ActionAskAddress, ActionAskContact, ActionAskTime):
        assert not run(ask(), asked, domain)[2], ask
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text="我在昌平区回龙观龙泽苑", set_now={"address": "我在昌平区回龙观龙泽苑"},
                                      requested_slot="address", slots=kept), text, *(m.get("text") for m in messages))
    got, _, _ = run(ValidateComplaintForm(), state, domain)
    assert "龙泽苑" in (got.get("address") or "")
    filing = tracker_json(text="对", intent="affirm", active_loop=None,
                          slots={**kept, **got, "contact": "不留", "confirmation": True, "requested_slot": None})
    filed, _, _ = run(ActionSubmitComplaint(), filing, domain)
    with sqlite3.connect(api["db"]) as db:
        row = db.execute("SELECT * FROM cases WHERE number = ?", (filed["case_number"],)).fetchone()
        names = [d[0] for d in db.execute("SELECT * FROM cases LIMIT 0").description]
    case = dict(zip(names, row))
    assert case.get("flagged") or "人身危险" in json.dumps(case, ensure_ascii=False, default=str), case


@pytest.mark.parametrize("first, then", [
    ("我在网上做刷单任务，已经垫付了三千，客服说再充五千才能把钱提出来", "那我再充最后一次应该就能提出来了吧"),
    ("有个自称银行客服的人说我的贷款额度要提升，让我先转五千保证金到他给的账户，我正准备转", "他说交了保证金马上放款"),
    ("网上认识的一个投资导师带我炒虚拟币，我已经投了五万，现在平台说要交20%的税才能提现", "交了税就能提现了吗"),
])
def test_actions_advance_fee_scams_going_on_get_the_advice_and_on_each_follow_up(live, domain, first, then):
    """tester37 N4: 刷单 top-ups, a fake bank's 保证金 and a 虚拟币 tax before withdrawal got 不够具体; the
    follow-up 那我再充最后一次… got 没有理解. Now the advice (the top-up scam named) each turn, and
    那我现在怎么办 read as a progress query gets the advice, never a case-number question (N8)."""
    slots, _, messages = validate(domain, first, "description", requested_slot=None)
    told = said(messages)
    assert "96110" in told and "提不出来" in told and "不够具体" not in told and "问题发生在哪里" not in told
    advice = [m.get("text") for m in messages]
    kept = {"description": first, "description_draft": first, "complaint_category": "商贸旅游"}
    state = _turn_before(tracker_json(text=then, set_now={"address": then}, requested_slot="address", slots=kept),
                         first, *advice)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "96110" in said(messages) and got["address"] is None and "地点" not in said(messages)
    if "再充" in then:
        assert said(messages).startswith("千万不要再充值")
    state = _turn_before(tracker_json(text="那我现在怎么办", intent="ask_progress", requested_slot="address",
                                      slots=kept), first, *advice)
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert "96110" in said(messages) and "工单编号" not in said(messages)


def test_actions_praise_is_recorded_and_passed_on_to_the_unit(live, domain):
    """tester37 N5: 我想表扬一下…网格员小张… → 表扬和感谢可以拨打12345由话务员登记转达 (refused). Now
    thanked, read back as 表扬 (no reading, no time asked), filed; the reply says it is passed on."""
    text = "我想表扬一下咱们朝阳区呼家楼街道的网格员小张，帮我们楼解决了楼道灯的问题"
    slots, events, messages = run(ActionPraise(), tracker_json(text=text, intent="praise", active_loop=None), domain)
    told = said(messages)
    assert "感谢" in told and "12345" not in told and "不够具体" not in told
    assert slots["description"] == text and not slots.get("category_candidates") and not slots.get("time_needed")
    assert "呼家楼" in (slots.get("address") or "")
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)
    read = tracker_json(requested_slot="confirmation", slots={**slots, "contact": "不留"})
    _, _, messages = run(ActionAskConfirmation(), read, domain)
    assert "表扬：我想表扬" in said(messages)
    filing = tracker_json(text="对", intent="affirm", active_loop=None,
                          slots={**slots, "contact": "不留", "confirmation": True, "requested_slot": None})
    filed, _, messages = run(ActionSubmitComplaint(), filing, domain)
    assert filed["case_number"] and "转达给" in said(messages) and "承办" not in said(messages)
    # praise without whom: asked whom and for what; without where: asked whose unit
    _, events, messages = run(ActionPraise(), tracker_json(text="我要表扬", intent="praise", active_loop=None), domain)
    assert "想表扬谁" in said(messages) and not events
    slots, _, _ = run(ActionPraise(), tracker_json(text="我想表扬一下小区门口的网格员，帮我修好了楼道灯",
                                                   intent="praise", active_loop=None), domain)
    _, _, messages = run(ActionAskAddress(), tracker_json(requested_slot="address", slots=slots), domain)
    assert "被表扬" in said(messages)


def test_actions_ktv_noise_in_everyday_words_is_understood(live, domain):
    """tester37 N7: 楼下那家ktv天天鬼哭狼嚎到后半夜，还让不让人睡了 was 不够具体 three times; KTV is a
    noise source, 鬼哭狼嚎 / 还让不让人睡了 are noise: the form goes on."""
    for text in ("楼下那家ktv天天鬼哭狼嚎到后半夜，还让不让人睡了", "小区底商的练歌房天天鬼吼鬼叫，根本没法睡觉"):
        slots, _, messages = validate(domain, text, "description", requested_slot=None)
        told = said(messages)
        assert slots["description"] == text, (text, told)
        assert "不够具体" not in told and "utter_description_vague" not in told and "utter_ask_noise_source" not in told


def test_actions_someone_elses_words_of_suicide_get_110_with_the_place(live, domain):
    """tester37 N8: 我朋友刚给我发微信说他要跳楼… got 您不是一个人，我在这里陪着您。您遇到的事我已经记下了
    (addressed to the citizen). Now 110 with the place, reach him and stay with him."""
    text = "我朋友刚给我发微信说他要跳楼，在海淀区五道口华清嘉园"
    _, _, messages = validate(domain, text, "description", requested_slot=None)
    told = said(messages)
    assert messages[0]["text"].startswith("请马上拨打110") and "华清嘉园" in messages[0]["text"]
    assert "陪着他" in told and "您不是一个人" not in told and "记下了" not in told and "如有人身安全危险" not in told


def test_actions_frustration_alone_is_not_the_complaint(live, domain):
    """tester36 M7: 你们这帮废物，反映了八百遍都没人管 was filed as the problem (市人力社保局) and the
    垃圾站 said next parked as a second case. Now what and where are asked; the problem told next is
    the description, noted as reported many times."""
    first = "你们这帮废物，反映了八百遍都没人管"
    slots, _, messages = validate(domain, first, "description", requested_slot=None)
    assert slots["description"] is None and "请说说具体是什么问题、在哪里" in said(messages)
    _, _, asked = run(ActionAskDescription(), _this_turn(tracker_json(requested_slot="description"),
                                                         *(m.get("text") for m in messages)), domain)
    assert not asked  # one question
    real = "东城区和平里街道的垃圾站臭了一个月了"
    state = _turn_before(tracker_json(text=real, set_now={"description": real}, requested_slot="description"),
                   first, *(m.get("text") for m in messages))
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["description"].startswith(real) and "多次反映未解决" in slots["description"]
    assert not slots.get("second_issue") and "和平里" in (slots.get("address") or "")
    assert "一件一件来" not in said(messages)
    # a problem with the anger is filed as before
    slots, _, _ = validate(domain, "小区垃圾反映了八百遍都没人管，臭死了", "description", requested_slot=None)
    assert slots["description"]


@pytest.mark.parametrize("first", ["你们都是吃干饭的吗！！我反映了三次了都没人管，还打电话说解决了，骗子！",
                                   "你们就知道糊弄人，说了也白说"])
def test_actions_anger_at_the_service_alone_is_not_the_complaint(live, domain, first):
    """Round 11 #2: 你们都是吃干饭的吗！！我反映了三次了都没人管，还打电话说解决了，骗子！ was taken as the
    description (请问问题发生在哪里？), the real problem said next parked as a second issue, its place dropped.
    Anger at the service (吃干饭, 骗子, 说解决了, 糊弄) is no problem: what and where are asked; the problem
    said next is the description, its place taken."""
    slots, _, messages = validate(domain, first, "description", requested_slot=None)
    assert slots["description"] is None and "请说说具体是什么问题、在哪里" in said(messages), said(messages)
    real = "就是小区门口的停车位被占，朝阳区望京西园三区"
    state = _turn_before(tracker_json(text=real, set_now={"description": real}, requested_slot="description",
                                      slots={"description_draft": slots.get("description_draft"),
                                             "retries": slots.get("retries")}),
                         first, *(m.get("text") for m in messages))
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["description"] and "停车位" in slots["description"], slots
    assert "吃干饭" not in slots["description"] and "糊弄" not in slots["description"]
    assert not slots.get("second_issue") and "望京西园三区" in (slots.get("address") or ""), slots
    assert "一件一件来" not in said(messages)


MANHOLE = "路边有个井盖松了，车一过就哐哐响"
MANHOLE_SLOTS = {"description": MANHOLE, "description_draft": MANHOLE, "complaint_category": "城乡建设"}


def test_actions_a_place_with_no_name_is_asked_again_then_filed_as_unknown_only_when_said(live, domain):
    """Round 11 #3: 路边有个井盖松了… then 不知道 (不够具体), then 不知道，就在一个路口 was taken as the place:
    filed with 地点：一个路口. A place no unit can find (一个路口, 路边, 小区门口 …) is asked again with an
    example; the second vague answer offers 转人工 or 地点不详, and 地点不详 is what the read-back says."""
    for vague in ("就在一个路口", "路边", "小区门口", "马路上"):
        slots, _, messages = validate(domain, vague, "address", requested_slot="address", slots=MANHOLE_SLOTS)
        assert slots["address"] is None and slots["retries"] == {"address": 1}, (vague, slots)
        assert "哪个区、哪条路或哪个小区" in said(messages) and "地标" in said(messages), said(messages)
        asked = _this_turn(tracker_json(requested_slot="address", slots={**MANHOLE_SLOTS, **slots}),
                           *(m.get("text") for m in messages))
        assert not run(ActionAskAddress(), asked, domain)[2]
    # 不知道 (the first vague answer), then 不知道，就在一个路口: a person or 地点不详 offered
    state = _turn_before(tracker_json(text="不知道，就在一个路口", requested_slot="address",
                                      slots={**MANHOLE_SLOTS, "retries": {"address": 1}},
                                      set_now={"address": "不知道，就在一个路口"}),
                         "不知道", "这个地点还不够具体：请说一下问题所在的区、街道、小区或道路名称（说“算了”可不再登记）。")
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    offer = said(messages)
    assert slots["address"] is None and "转人工" in offer and "地点不详" in offer, (slots, offer)
    # 好 then is a yes to the person
    nod = _turn_before(tracker_json(text="好", intent="affirm", requested_slot="address",
                                    slots={**MANHOLE_SLOTS, **slots}, set_now={"address": "好"}),
                       "不知道，就在一个路口", *(m.get("text") for m in messages))
    assert run(ValidateComplaintForm(), nod, domain)[0].get("form_outcome") == "handoff"
    # 地点不详: the address says so, and the read-back too
    unknown = _turn_before(tracker_json(text="那就按地点不详登记吧", requested_slot="address",
                                        slots={**MANHOLE_SLOTS, **slots}, set_now={"address": "那就按地点不详登记吧"}),
                           "不知道，就在一个路口", *(m.get("text") for m in messages))
    got, _, _ = run(ValidateComplaintForm(), unknown, domain)
    assert got["address"] == "地点不详", got
    _, _, messages = run(ActionAskConfirmation(), tracker_json(requested_slot="confirmation", slots={
        **MANHOLE_SLOTS, **slots, **got, "contact": "不留", "time_needed": False}), domain)
    assert "地点：地点不详" in said(messages), said(messages)
    # a named place is taken as before
    slots, _, _ = validate(domain, "朝阳区望京街和阜通东大街路口", "address", requested_slot="address", slots=MANHOLE_SLOTS)
    assert "望京街" in (slots.get("address") or ""), slots


def test_actions_pinyin_a_bare_noise_and_a_place_outside_beijing(live, domain):
    """tester36 L6: pinyin is asked for Chinese as English is; 噪音 alone starts the form (what is asked,
    never 没有理解); 燕郊福成五期 after the notice is told again where to turn."""
    pinyin = "wo jia lou xia de shao kao tan tai chao le, mei tian wan shang dou hen wan"
    for action, intent in ((ActionOutOfScope, "out_of_scope"), (ActionInformOutside, "nlu_fallback")):
        _, _, messages = run(action(), tracker_json(text=pinyin, intent=intent, active_loop=None), domain)
        assert "Sorry" in (messages[0].get("text") or "") and any(m.get("response") == "utter_use_chinese" for m in messages), action
    _, _, messages = run(ActionOutOfScope(), tracker_json(text="bye", intent="out_of_scope", active_loop=None), domain)
    assert messages[0]["response"] != "utter_use_chinese"
    slots, events, messages = run(ActionInformOutside(), tracker_json(text="噪音", intent="inform", active_loop=None),
                                  domain)
    assert messages[0]["response"] == "utter_ask_noise_source" and slots["description_draft"] == "噪音"
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)
    _, _, messages = run(ActionInformOutside(), tracker_json(text="燕郊福成五期", intent="inform", active_loop=None),
                         domain)
    assert "河北" in said(messages) and "12345" in said(messages) and "没有理解" not in said(messages)


URGENT_PERSON = "如有人身安全危险：请先确保自身安全，立即拨打110；有人受伤或落水请拨打急救电话120。"


@pytest.mark.parametrize("text", [
    "楼上天天半夜蹦迪 咚咚咚 受不了了 大兴区亦庄",
    "楼上天天半夜蹦迪 咚咚咚 受不了了",
    "我替我爸反映，他住在西城区月坛南街，他们楼的自来水发黄，有铁锈味，已经一个星期了",
    "我们楼下那小卖部天天晚上一帮人在门口喝酒撸串儿，吵得睡不着",
    "哎呦喂，我们楼底下那小卖部忒能闹腾了，天天晚上一帮人喝酒撸串儿，甭提多吵了",
    "对门住的独居老太太好几天没出门了，敲门也没人应，屋里好像有味道，我担心她出事了，东城区和平里北街",
])
def test_actions_a_source_and_its_problem_are_specific_enough(live, domain, text):
    """tester35 N-M1: these were 您说的情况还不够具体 (蹦迪 twice, then the hand-off offer)."""
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    assert slots["description"], messages
    assert all(m.get("response") not in ("utter_description_vague", "utter_ask_what") for m in messages)


def test_actions_an_urgent_text_is_never_too_vague(live, domain, monkeypatch):
    """The triage's urgent (人身危险 for a neighbour not seen for days): never 不够具体."""
    real = TriageClient.triage

    def urgent(self: TriageClient, *a: Any, **kw: Any):
        result = real(self, *a, **kw)
        return {**result, "urgent": {"kind": "人身危险", "advice": URGENT_PERSON},
                "categories": [{"label": "城乡建设", "confidence": 0.2}, {"label": "环境保护", "confidence": 0.1}]}
    monkeypatch.setattr(TriageClient, "triage", urgent)
    slots, _, messages = validate(domain, "她好几天了", "description", requested_slot=None)
    assert messages[0]["text"].startswith(URGENT_PERSON) and slots["description"] == "她好几天了"


# -- the read-back (tester35 N-M3) ----------------------------------------------------------------

@pytest.mark.parametrize("slot, intent", [("confirmation", "deny"), ("fix_field", "inform")])
def test_actions_a_number_with_a_no_at_the_read_back_replaces_the_contact(live, domain, slot, intent):
    """n15phonefix: 不对，电话是13911112222 → the contact at once (it was 可以留个联系电话吗？)."""
    slots, _, _ = validate(domain, "不对，电话是13911112222", slot, value=False if slot == "confirmation" else None,
                           intent=intent, requested_slot="confirmation", slots={**READ_BACK, "contact": "13911112223"})
    assert slots["contact"] == "13911112222" and slots["requested_slot"] == "confirmation"


@pytest.mark.parametrize("text", ["商铺经营", "商铺经营和消费"])
@pytest.mark.parametrize("slot", ["fix_field"])
def test_actions_a_category_said_at_the_read_back_is_picked_not_appended(live, domain, text, slot):
    """r28bjdial: 商铺经营 and 商铺经营和消费 were appended to the problem (…建外SOHO，商铺经营，商铺经营和消费)."""
    slots, _, messages = validate(domain, text, slot, value=None, intent="inform", requested_slot="confirmation",
                                  slots=READ_BACK)
    assert "description" not in slots and slots["complaint_category"] == "商贸旅游"
    assert "商铺经营和消费" in said(messages) and slots["requested_slot"] == "confirmation"


def test_actions_other_free_text_at_the_read_back_asks_what_to_change(live, domain):
    slots, _, messages = validate(domain, "门口那一片儿吧", "fix_field", intent="inform", requested_slot="confirmation",
                                  slots={**READ_BACK, "address": None})
    assert "description" not in slots and messages[0]["response"] == "utter_confirm_or_fix"


@pytest.mark.parametrize("text, intent", [("就是物业的问题", "inform"), ("就是物业的问题", "complain"),
                                          ("这是物业的问题", "inform")])
def test_actions_a_vague_remark_at_the_read_back_asks_the_read_back_again(live, domain, text, intent):
    """tester43 L5: 就是物业的问题 at the read-back → 请具体描述一下您要反映的问题… (the description cleared, the
    read-back dropped). 问题 without a change asked for names no part: the read-back question again."""
    slots, _, messages = validate(domain, text, "fix_field", intent=intent, requested_slot="confirmation",
                                  slots=READ_BACK)
    assert "description" not in slots and slots["requested_slot"] == "confirmation", slots
    assert messages[-1]["response"] == "utter_confirm_or_fix", messages


@pytest.mark.parametrize("text", ["问题不对", "问题描述错了", "说的不对，要改一下", "是物业的问题不是开发商的"])
def test_actions_the_problem_named_with_a_change_is_still_the_description(text):
    """Guard: 问题 with a change asked for is the description to redo, as before."""
    assert fix_targets(text, has_time=False, has_choice=False) == ["description"]


@pytest.mark.parametrize("slot, intent", [("confirmation", "deny"), ("fix_field", "inform")])
def test_actions_no_number_at_the_read_back_is_no_fix(live, domain, slot, intent):
    """不留 at the read-back of a complaint with no number (r28bjdial: taken as 需要修改)."""
    slots, _, messages = validate(domain, "不留", slot, value=False if slot == "confirmation" else None, intent=intent,
                                  requested_slot="confirmation", slots={**READ_BACK, "contact": None})
    assert slots["contact"] == "不留" and not slots.get("fixing") and slots["requested_slot"] == "confirmation"


# -- withdrawal (tester35 N-M2) -------------------------------------------------------------------

def test_actions_a_wish_to_withdraw_is_passed_on_never_a_goodbye(live, domain):
    """n08cancel: 我想撤销刚才那个投诉，JS…, the code, then 我是要撤销，不用处理了 (read as goodbye: 再见！,
    and the case stayed 已受理 with no note): the case is flagged for an operator, the citizen told
    that it is withdrawn by a person and stays as it is until then."""
    state = tracker_json(text="对", intent="affirm", slots=_filled(), active_loop=None)
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    number = slots["case_number"]
    code = slots["known_codes"][number]
    # another chat: the number, then the code
    first = tracker_json(text=f"我想撤销刚才那个投诉，{number}，问题已经解决了", intent="ask_progress", active_loop=None)
    slots, _, messages = run(ActionCheckProgress(), first, domain)
    assert slots["progress_asked"] == "code"
    state = tracker_json(text=code, intent="inform", active_loop=None, slots={"case_number": number,
                                                                              "progress_asked": "code"})
    state["events"] = first["events"] + state["events"]
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    # the wish is the answer: no status block before it (round 11 P11)
    assert "当前状态" not in said(messages) and f"您要撤销工单 {number}" in said(messages) and len(messages) == 1
    assert "再见" not in said(messages)
    case = _get_case(live, number, code)
    assert case["flagged"] and case["status"] == "已受理"
    # the citizen's words are on the case for the operator, without the 查询码
    assert [n["kind"] for n in case["notes"]] == ["撤销申请"] and "问题已经解决了" in case["notes"][0]["text"]
    assert code not in json.dumps(case["notes"])
    # 我是要撤销，不用处理了, read as goodbye: no goodbye
    state = tracker_json(text="我是要撤销，不用处理了", intent="goodbye", active_loop=None,
                         slots={"case_number": number, "known_codes": {number: code}})
    _, _, messages = run(ActionGoodbye(), state, domain)
    # asked already (in another chat): said so, nothing noted twice
    assert f"工单 {number} 的撤销申请已经记在工单上" in said(messages) and "再见" not in said(messages)
    _, _, messages = run(ActionAnythingElse(), {**state, "latest_message": {**state["latest_message"],
                                                "intent": {"name": "deny", "confidence": 0.9}}}, domain)
    assert "撤销" in said(messages) and "再见" not in said(messages)
    assert len(_get_case(live, number, code)["notes"]) == 1  # told once, noted once
    # a case filed in this chat: the first wish is noted, and the citizen told how it goes on
    state = tracker_json(text="对", intent="affirm", slots=_filled(), active_loop=None)
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    number, code = slots["case_number"], slots["known_codes"][slots["case_number"]]
    state = tracker_json(text="我是要撤销，不用处理了", intent="goodbye", active_loop=None,
                         slots={"case_number": number, "known_codes": {number: code}})
    _, _, messages = run(ActionGoodbye(), state, domain)
    assert f"撤销工单 {number}" in said(messages) and "12345" in said(messages) and "再见" not in said(messages)
    assert "保持现在的状态" in said(messages)
    case = _get_case(live, number, code)
    assert case["flagged"] and [n["text"] for n in case["notes"]] == ["我是要撤销，不用处理了"]


def test_actions_a_withdrawal_read_as_a_progress_query_is_one_answer_without_the_status(live, domain):
    """Round 11 P11: after filing, 我想撤销刚才的工单 (read as ask_progress) got 工单 JS… 当前状态：已受理… and
    then the withdrawal; 撤销刚登记的工单 next got the status with 您的撤销申请已经记在工单上… and …撤销的
    意愿已经转给话务员了… (three saying the same). The wish gets one answer, no status; the second one is
    said once to be noted already, nothing noted twice. 撤销了吗 asks about it: the status."""
    number, code, known = _filed_here(domain)
    first = tracker_json(text="我想撤销刚才的工单", intent="ask_progress", active_loop=None, slots=known)
    _, _, messages = run(ActionCheckProgress(), first, domain)
    assert len(messages) == 1 and "当前状态" not in said(messages), messages
    assert f"您要撤销工单 {number}" in said(messages) and "撤销原因" in said(messages), messages
    again = _then(first, messages, tracker_json(text="撤销刚登记的工单", intent="ask_progress", active_loop=None,
                                                slots=known))
    _, _, messages = run(ActionCheckProgress(), again, domain)
    assert len(messages) == 1 and "当前状态" not in said(messages), messages
    assert "已经转给话务员" in said(messages) and "记在工单上" not in said(messages), messages
    assert [n["text"] for n in _notes(live, number, code)] == ["我想撤销刚才的工单"]
    asked = tracker_json(text="我的工单撤销了吗", intent="ask_progress", active_loop=None, slots=known)
    _, _, messages = run(ActionCheckProgress(), asked, domain)
    assert "当前状态" in said(messages) and "撤销申请" in said(messages), messages
    assert len(_notes(live, number, code)) == 1


@pytest.mark.parametrize("reason, intent, action", [("问题已经解决了", "nlu_fallback", ActionInformOutside()),
                                                    ("问题已经解决了", "out_of_scope", ActionOutOfScope()),
                                                    ("不需要了，已经修好了", "deny", ActionInformOutside())])
def test_actions_the_reason_after_a_repeated_withdrawal_still_goes_on_the_case(live, domain, reason, intent, action):
    """tester43 L1: 我想撤销刚才的工单 → …方便说一下撤销原因吗？; 撤销刚登记的工单 → …撤销的意愿已经转给话务员了…;
    then 问题已经解决了 → 抱歉，我没有理解您的意思 (the reason lost). The reason asked for is still taken
    after the wish said again, noted once on the case."""
    number, code, known = _filed_here(domain)
    first = tracker_json(text="我想撤销刚才的工单", intent="ask_progress", active_loop=None, slots=known)
    _, _, asked = run(ActionCheckProgress(), first, domain)
    assert "方便说一下撤销原因吗" in said(asked), asked
    again = _then(first, asked, tracker_json(text="撤销刚登记的工单", intent="ask_progress", active_loop=None,
                                             slots=known))
    _, _, repeated = run(ActionCheckProgress(), again, domain)
    assert "已经转给话务员" in said(repeated), repeated
    state = _then(again, repeated, tracker_json(text=reason, intent=intent, active_loop=None, slots=known))
    _, _, told = run(action, state, domain)
    assert "撤销原因已经记在工单" in said(told) and "没有理解" not in said(told), said(told)
    assert [n["text"] for n in _notes(live, number, code)] == ["我想撤销刚才的工单", "撤销原因：" + reason]
    # a later message is no reason any more
    later = _then(state, told, tracker_json(text="还是没有解决", intent="nlu_fallback", active_loop=None, slots=known))
    run(ActionInformOutside(), later, domain)
    assert len(_notes(live, number, code)) == 2


def test_actions_the_reason_after_a_withdrawal_goes_on_the_case_never_a_new_complaint(live, domain):
    """tester37 N6: 我要撤销工单JS…, the code, then 问题已经解决了，村里已经把垃圾拉走了 → 请问问题发生在
    哪里？ (a new complaint form), the reason nowhere. Now the reason is asked for and goes on the case
    as the withdrawal's (a 撤销申请 note), whichever way the message is read."""
    state = tracker_json(text="对", intent="affirm", slots=_filled(), active_loop=None)
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    number = slots["case_number"]
    code = slots["known_codes"][number]
    ask = tracker_json(text=f"我要撤销工单{number}", intent="goodbye", active_loop=None,
                       slots={"case_number": number, "known_codes": {number: code}})
    _, _, messages = run(ActionGoodbye(), ask, domain)
    assert "撤销原因" in said(messages)
    reason = "问题已经解决了，村里已经把垃圾拉走了"
    known = {"case_number": number, "known_codes": {number: code}}
    # read as a complaint: the form opens on it and ends at once; the submit action notes the reason
    opened = tracker_json(text=reason, intent="complain", requested_slot=None, set_now={"description": reason},
                          slots=known)
    opened["events"] = ask["events"] + [{"event": "bot", "text": m.get("text")} for m in messages] + opened["events"]
    got, _, msgs = run(ValidateComplaintForm(), opened, domain)
    assert got.get("form_outcome") == "cancelled" and not msgs
    ended = {**opened, "slots": {**opened["slots"], **got}}
    _, _, msgs = run(ActionSubmitComplaint(), ended, domain)
    told = said(msgs)
    assert "撤销原因已经记在工单" in told and "没有提交" not in told and "哪里" not in told
    notes = _get_case(live, number, code)["notes"]
    assert [n["kind"] for n in notes] == ["撤销申请", "撤销申请"] and "拉走了" in notes[1]["text"]
    # read as an answer outside the form: the same
    other = tracker_json(text="已经不需要了，邻居自己协商好了", intent="inform", active_loop=None, slots=known)
    other["events"] = ask["events"] + [{"event": "bot", "text": m.get("text")} for m in messages] + other["events"]
    _, _, msgs = run(ActionInformOutside(), other, domain)
    assert "撤销原因已经记在工单" in said(msgs)
    assert len(_get_case(live, number, code)["notes"]) == 3


def test_actions_a_progress_query_mentions_a_pending_withdrawal(live, domain):
    """tester37 N8: in a new chat, the progress of a case whose withdrawal was asked said only 已受理."""
    state = tracker_json(text="对", intent="affirm", slots=_filled(), active_loop=None)
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    number, code = slots["case_number"], slots["known_codes"][slots["case_number"]]
    run(ActionGoodbye(), tracker_json(text="我是要撤销，不用处理了，问题解决了", intent="goodbye", active_loop=None,
                                      slots={"case_number": number, "known_codes": {number: code}}), domain)
    state = tracker_json(text=code, intent="inform", active_loop=None,
                         slots={"case_number": number, "progress_asked": "code"})
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert "当前状态" in said(messages) and "撤销申请" in said(messages)


def test_actions_a_withdrawn_case_reads_withdrawn_and_takes_no_second_request(live, domain):
    """After the operator withdraws the case (已撤销, with a reason), its progress says so and how to
    complain again; asking to withdraw it again files no note (the API refuses notes on it)."""
    state = tracker_json(text="对", intent="affirm", slots=_filled(), active_loop=None)
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    number = slots["case_number"]
    code = slots["known_codes"][number]
    _as_operator(live, "PATCH", f"/v1/cases/{number}", {"status": "已撤销", "reason": "市民来电申请撤单"})
    state = tracker_json(text=f"{number} {code}", intent="ask_progress", active_loop=None)
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert "已撤销" in said(messages) and "重新反映" in said(messages) and "当前状态" not in said(messages)
    state = tracker_json(text="不用处理了，撤销吧", intent="goodbye", active_loop=None,
                         slots={"case_number": number, "known_codes": {number: code}})
    _, _, messages = run(ActionGoodbye(), state, domain)
    assert "已撤销" in said(messages) and "保持现在的状态" not in said(messages)
    notes = _get_case(live, number, code)["notes"]
    assert [n["kind"] for n in notes] == ["撤销"]  # the operator's withdrawal only
    # 我想补充一下 on it: said at once that it is withdrawn, not 请说一下您要补充的内容 (tester37 N8)
    state = tracker_json(text="我想补充一下", intent="inform", active_loop=None,
                         slots={"case_number": number, "own_case": number, "known_codes": {number: code}})
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert "已撤销" in said(messages) and "请说一下您要补充的内容" not in said(messages)


# -- placeholders and a stray 对 (tester35 N-L1) -----------------------------------------------------

def test_actions_the_read_back_says_no_placeholder_and_the_filed_text_keeps_the_number(live, domain):
    """n10proxy: …电话留我的吧 <手机号>，对 was read back; r14phone3: （备用电话：<座机号>）."""
    text = "我替我爸反映，他们楼的自来水发黄，有铁锈味，电话留我的吧 13877776666（备用电话：64781234）"
    state = tracker_json(text="13877776666", requested_slot="confirmation",
                         slots={"description": text, "address": "北京市西城区月坛南街", "contact": "13877776666"})
    _, _, messages = run(ActionAskConfirmation(), state, domain)
    assert "<" not in said(messages) and "电话留我的吧 尾号6666（备用电话：尾号1234）" in said(messages)
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={"description": text, "address": "北京市西城区月坛南街", "contact": "13877776666",
                                "confirmation": True})
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert "<" not in said(messages)
    number = slots["case_number"]
    import sqlite3
    with sqlite3.connect(live["db"]) as db:
        raw = db.execute("select raw_text from cases where number = ?", (number,)).fetchone()[0]
    assert "64781234" in raw and "13877776666" in raw and "<" not in raw


def test_actions_a_bare_yes_where_the_problem_was_asked_is_not_glued_on(live, domain):
    draft = "我替我爸反映，他住在西城区月坛南街，他们楼的自来水发黄，有铁锈味，已经一个星期了"
    slots, _, _ = validate(domain, "对", "description", requested_slot="description",
                           slots={"description_draft": draft})
    assert slots["description"] == draft


# -- outside Beijing (tester35 N-L2) ----------------------------------------------------------------

def test_actions_a_place_outside_beijing_is_told_where_to_turn(live, domain):
    """n12outside: 我在河北燕郊… then 燕郊福成五期 looped on 这个地点还不够具体 (twice, then the hand-off offer)."""
    slots, _, messages = validate(domain, "我在河北燕郊，小区门口的马路坑坑洼洼好几年了没人修", "description",
                                  requested_slot=None)
    assert "燕郊属于河北省三河市" in said(messages) and "河北三河市也是拨打12345" in said(messages)
    assert slots["form_outcome"] == "cancelled" and slots["requested_slot"] is None
    slots, _, messages = validate(domain, "燕郊福成五期", "address", requested_slot="address",
                                  slots={"description": "小区门口的马路坑坑洼洼好几年了没人修"})
    assert "北京12345只受理北京市范围内的问题" in said(messages) and "不够具体" not in said(messages)
    assert "utter_address_vague" not in said(messages) and slots["form_outcome"] == "cancelled"
    # the submit action adds no 本次反映没有提交 after it
    state = tracker_json(text="燕郊福成五期", active_loop=None, slots={"confirmation": False})
    state["events"].append({"event": "bot", "text": said(messages)})
    _, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert not messages


@pytest.mark.parametrize("text", ["房山区河北镇的路灯坏了", "北京市朝阳区天津路", "旁边的大厂房天天晚上机器响"])
def test_actions_beijing_places_are_not_outside(text):
    assert _outside_beijing(text) is None


def test_actions_a_decided_case_awaits_no_operator_any_more():
    """tester35: a case whose unit was decided (still 已受理, not yet dispatched) was told
    话务员确认承办单位后派单."""
    from actions.common import _next_steps

    waiting = {"status": "已受理", "contact": "<手机号>"}
    assert _next_steps(waiting).startswith("接下来：话务员确认承办单位后派单")
    decided = {**waiting, "decided_department": "urban_management"}
    assert _next_steps(decided).startswith("接下来：承办单位已确认，即将派单") and "话务员确认" not in _next_steps(decided)
    assert "话务员确认" not in _next_steps({**decided, "contact": None})


# -- additions (补充) to a case filed or read before ------------------------------------------------

def _filed_here(domain: dict[str, Any], slots: dict[str, Any] | None = None) -> tuple[str, str, dict[str, Any]]:
    """A case filed in this chat: its number, its code, and the slots the chat has after it."""
    state = tracker_json(text="对", intent="affirm", slots=slots or _filled(), active_loop=None)
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    number = slots["case_number"]
    return number, slots["known_codes"][number], {k: slots[k] for k in ("case_number", "own_case", "own_cases",
                                                                         "known_codes")}


def _then(before: dict[str, Any], bot: list[dict], state: dict[str, Any]) -> dict[str, Any]:
    """``state``'s message after the turn ``before`` and the bot's answer to it (its messages)."""
    state["events"] = before["events"] + [{"event": "bot", "text": m.get("text") or "",
                                           "metadata": {"utter_action": m.get("response")}} for m in bot] \
        + state["events"]
    return state


def _notes(api: dict[str, str], number: str, code: str) -> list[dict[str, Any]]:
    return _get_case(api, number, code)["notes"] or []


@pytest.mark.parametrize("action, intent", [(ActionInformOutside(), "inform"), (ActionOutOfScope(), "out_of_scope"),
                                            (ActionCheckProgress(), "ask_progress")])
def test_actions_an_addition_to_a_case_filed_here_goes_on_it_as_said(live, domain, action, intent):
    """我再补充一下，昨天晚上十一点又开始施工了 after filing (read as inform, out of scope or a progress
    query): a 补充 on that case with the citizen's words (no lead-in), the citizen told where it went
    and who reads it — no new complaint, no status, no goodbye."""
    number, code, known = _filed_here(domain)
    state = tracker_json(text="我再补充一下，昨天晚上十一点又开始施工了", intent=intent, active_loop=None, slots=known)
    slots, events, messages = run(action, state, domain)
    assert f"已把您补充的内容记到工单 {number} 上" in said(messages) and "承办单位" in said(messages)
    assert "当前状态" not in said(messages) and "再见" not in said(messages)
    assert not any(e.get("event") == "followup" for e in events)  # no complaint form
    notes = _notes(live, number, code)
    assert [(n["kind"], n["text"]) for n in notes] == [("补充", "昨天晚上十一点又开始施工了")]


def test_actions_an_addition_read_as_a_complaint_ends_the_form_and_goes_on_the_case(live, domain):
    """补充个情况：他们今天还把垃圾堆到了消防通道 read as a complaint: the form opened on it ends at once
    (nothing triaged or asked), and the submit action adds it to the case just filed."""
    number, code, known = _filed_here(domain)
    text = "补充个情况：他们今天还把垃圾堆到了消防通道"
    slots, _, messages = validate(domain, text, "description", requested_slot=None, slots=known)
    assert slots["form_outcome"] == "cancelled" and slots["confirmation"] is False and slots["description"] is None
    assert not messages
    state = tracker_json(text=text, active_loop=None, slots={**known, "confirmation": False, "form_outcome": "cancelled"})
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert f"已把您补充的内容记到工单 {number} 上" in said(messages) and "utter_cancelled" not in said(messages)
    assert slots["form_outcome"] is None and slots["description"] is None
    assert [n["text"] for n in _notes(live, number, code)] == ["他们今天还把垃圾堆到了消防通道"]


def test_actions_a_bare_wish_to_add_asks_what_and_takes_the_next_message(live, domain):
    """我想补充一下 (nothing more): the bot asks what to add, and the next message, whatever the intents
    read it as, is the addition — not a complaint; 不用了 instead adds nothing."""
    number, code, known = _filed_here(domain)
    first = tracker_json(text="我想补充一下", intent="out_of_scope", active_loop=None, slots=known)
    _, _, asked = run(ActionOutOfScope(), first, domain)
    assert "请说一下您要补充的内容" in said(asked) and number in said(asked) and "帮不上忙" not in said(asked)
    assert _notes(live, number, code) == []
    # read as a complaint: the form ends at once, the submit action adds it
    text = "他们今天又把渣土车停在路口了"
    state = _then(first, asked, tracker_json(text=text, requested_slot=None, slots=known, set_now={"description": text}))
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["form_outcome"] == "cancelled"
    state = _then(first, asked, tracker_json(text=text, active_loop=None,
                                             slots={**known, "confirmation": False, "form_outcome": "cancelled"}))
    _, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert f"已把您补充的内容记到工单 {number} 上" in said(messages)
    assert [n["text"] for n in _notes(live, number, code)] == [text]
    # asked again, then 不用了: nothing added, no content asked again
    state = _then(first, asked, tracker_json(text="不用了", intent="deny", active_loop=None, slots=known))
    _, _, messages = run(ActionAnythingElse(), state, domain)
    assert "补充" not in said(messages) and len(_notes(live, number, code)) == 1


def test_actions_an_addition_with_a_number_asks_its_code_first_and_leaves_the_code_out(live, domain):
    """JS… 我想补充一点：… in a chat that does not know the case's code: the code is asked as for a
    progress query; once given, the addition (neither number nor code in it) goes on the case."""
    number, code, _ = _filed_here(domain)
    first = tracker_json(text=f"{number} 我想补充一点：昨晚又吵到两点，我录了音", intent="inform", active_loop=None)
    slots, _, asked = run(ActionCheckProgress(), first, domain)
    assert slots["progress_asked"] == "code" and slots["case_number"] == number
    assert asked[0]["response"] == "utter_ask_query_code"
    state = _then(first, asked, tracker_json(text=code, intent="inform", active_loop=None,
                                             slots={"case_number": number, "progress_asked": "code"}))
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert f"已把您补充的内容记到工单 {number} 上" in said(messages) and "当前状态" not in said(messages)
    assert slots["known_codes"] == {number: code} and slots["progress_asked"] is None
    notes = _notes(live, number, code)
    assert [n["text"] for n in notes] == ["昨晚又吵到两点，我录了音"] and code not in json.dumps(notes)
    # the status asked later is the status: the addition is not posted twice
    state = _then(state, messages, tracker_json(text=f"{number} 现在怎么样了", intent="ask_progress", active_loop=None,
                                                slots={"case_number": number, "known_codes": {number: code}}))
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert "当前状态" in said(messages) and len(_notes(live, number, code)) == 1


def test_actions_an_addition_in_a_chat_that_knows_no_case_asks_number_and_code(live, domain):
    """补充个情况：… in a new chat: the number and code are asked for (progress_asked), then the
    addition said first goes on the case; a wish without words asks what to add once the case is found."""
    number, code, _ = _filed_here(domain)
    first = tracker_json(text="补充个情况：他们今天还把垃圾堆到了消防通道", intent="inform", active_loop=None)
    slots, _, asked = run(ActionInformOutside(), first, domain)
    assert slots["progress_asked"] == "number" and "工单编号" in said(asked) and "查询码" in said(asked)
    state = _then(first, asked, tracker_json(text=number, intent="inform", active_loop=None,
                                             slots={"progress_asked": "number"}))
    slots, _, asked2 = run(ActionCheckProgress(), state, domain)
    assert slots["progress_asked"] == "code"
    state = _then(state, asked2, tracker_json(text=code, intent="inform", active_loop=None,
                                              slots={"case_number": number, "progress_asked": "code"}))
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert f"已把您补充的内容记到工单 {number} 上" in said(messages)
    assert [n["text"] for n in _notes(live, number, code)] == ["他们今天还把垃圾堆到了消防通道"]
    # number and code at once, nothing to add yet: asked what
    first = tracker_json(text="我要补充", intent="nlu_fallback", active_loop=None)
    _, _, asked = run(ActionInformOutside(), first, domain)
    state = _then(first, asked, tracker_json(text=f"{number} {code}", intent="ask_progress", active_loop=None,
                                             slots={"progress_asked": "number"}))
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert "请说一下您要补充的内容" in said(messages) and len(_notes(live, number, code)) == 1


def test_actions_no_addition_to_a_finished_case_a_new_complaint_offered(live, domain):
    """A case withdrawn (or closed) takes no addition: the citizen is told so and offered a new
    complaint; nothing is noted."""
    number, code, known = _filed_here(domain)
    _as_operator(live, "PATCH", f"/v1/cases/{number}", {"status": "已撤销", "reason": "市民来电申请撤单"})
    state = tracker_json(text="我再补充一下，昨天晚上十一点又开始施工了", intent="inform", active_loop=None, slots=known)
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert f"工单 {number} 已撤销，不能再补充" in said(messages) and "重新登记" in said(messages)
    assert "已把您补充" not in said(messages)
    # found by its number and code in another chat: the same
    first = tracker_json(text=f"{number} 补充一下：他们还在施工", intent="inform", active_loop=None)
    _, _, asked = run(ActionCheckProgress(), first, domain)
    state = _then(first, asked, tracker_json(text=code, intent="inform", active_loop=None,
                                             slots={"case_number": number, "progress_asked": "code"}))
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert "不能再补充" in said(messages) and "重新登记" in said(messages)
    assert [n["kind"] for n in _notes(live, number, code)] == ["撤销"]


def test_actions_an_addition_while_the_api_is_down_says_so(down, domain):
    state = tracker_json(text="补充一下：他们凌晨两点还在干活", intent="inform", active_loop=None,
                         slots={"case_number": "JS20261205-000003", "known_codes": {"JS20261205-000003": "123456"}})
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert [m.get("response") for m in messages] == [API_DOWN]


def test_actions_more_of_the_same_thing_goes_on_the_case_another_problem_does_not(live, domain):
    """还有，那个烧烤摊每天晚上都在，不止周末 after a case about that 烧烤摊: a 补充; 还有，我家门口的路灯也坏了
    (another problem) is still a complaint of its own, and so is 那个… about what the case never named."""
    number, code, known = _filed_here(domain, {
        "description": "东城区簋街路口有个烧烤摊周末晚上油烟很大，呛得开不了窗",
        "address": "北京市东城区东直门街道", "confirmation": True})
    state = tracker_json(text="还有，那个烧烤摊每天晚上都在，不止周末", intent="inform", active_loop=None, slots=known)
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert f"已把您补充的内容记到工单 {number} 上" in said(messages)
    assert [n["text"] for n in _notes(live, number, code)] == ["那个烧烤摊每天晚上都在，不止周末"]
    for text in ["还有，我家门口的路灯也坏了好几天了", "还有，那个工地晚上还在施工，噪音很大",
                 "还有，那个烧烤摊旁边的井盖也坏了"]:
        slots, _, _ = validate(domain, text, "description", requested_slot=None, slots=known)
        assert slots.get("form_outcome") != "cancelled" and slots["description"], text
    assert len(_notes(live, number, code)) == 1


def test_actions_addition_words_inside_a_complaint_stay_part_of_it(live, domain):
    """While a complaint is filled in or read back, 补充 words are more of that complaint (the form's
    behaviour as before): nothing goes on the case filed earlier."""
    number, code, known = _filed_here(domain)
    slots, _, _ = validate(domain, "我再补充一下，那个车牌号是京B12345", "fix_field", requested_slot="confirmation",
                           slots={**READ_BACK, **known})
    assert "车牌号是京B12345" in slots["description"] and slots.get("form_outcome") is None
    slots, _, _ = validate(domain, "补充一下，是楼上邻居家装修，电钻声很大", "description", requested_slot="description",
                           slots={**known, "description_draft": "楼上天天有噪音"})
    assert "电钻" in (slots.get("description") or slots.get("description_draft") or "")
    assert slots.get("form_outcome") is None
    assert _notes(live, number, code) == []


# -- tester38: dangers read as anything, a nod after a refusal, violence at home, withdrawals -------

OVERDOSE_FIRST_AID = "如已经服下药物或农药：请立即拨打急救电话120"


@pytest.mark.parametrize("text, action, intent, first", [
    ("我吃了一整瓶安眠药", ActionOutOfScope, "out_of_scope", OVERDOSE_FIRST_AID),
    ("我刚吞了好多药，现在头很晕", ActionGoodbye, "goodbye", OVERDOSE_FIRST_AID),
    ("我刚割腕了，流了好多血", ActionInformOutside, "nlu_fallback", "如已经割伤自己：请马上用干净的毛巾或布用力按住伤口止血"),
    ("我把煤气打开了，不想活了", ActionGoodbye, "goodbye", "如已经打开了燃气：请马上关闭燃气阀门"),
    ("我割腕了", ActionOutOfScope, "out_of_scope", "如已经割伤自己"),
    ("你好，我刚吞了好多药", ActionGreet, "greet", OVERDOSE_FIRST_AID),
    ("谢谢你，我已经吃了一整瓶安眠药", ActionThank, "thank", OVERDOSE_FIRST_AID),
])
def test_actions_self_harm_done_gets_120_and_its_first_aid_first_whatever_the_intent(live, domain, text, action,
                                                                                    intent, first):
    """tester38 F2: 我吃了一整瓶安眠药 → 抱歉，这个问题我帮不上忙 (out of scope); 我刚吞了好多药 → 不够具体; 割腕
    and 煤气 got the general lines only. The triage's advice for the act (120 and its first-aid step)
    comes first, then the bot stays (the form waits, no question); never a goodbye or 帮不上忙."""
    slots, events, messages = run(action(), tracker_json(text=text, intent=intent, active_loop=None), domain)
    told = said(messages)
    assert messages and messages[0]["text"].startswith(first), messages
    assert "120" in messages[0]["text"] and "12356" in told and "陪着您" in told
    assert "帮不上忙" not in told and "utter_goodbye" not in told and "utter_out_of_scope" not in told
    assert "utter_thank" not in told and "utter_greet" not in told and "不够具体" not in told
    assert slots["description"] == text.removeprefix("你好，")  # (no greeting in the problem: tester51 C17)
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)
    # as the form's first answer: the same
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    assert messages[0]["text"].startswith(first) and "utter_description_vague" not in said(messages)
    # read as goodbye in the middle of another complaint: the advice, the form kept
    state = tracker_json(text=text, intent="goodbye", requested_slot="address",
                         slots={"description": "小区门口的垃圾桶满了没人清", "description_draft": "小区门口的垃圾桶满了没人清"})
    _, events, messages = run(ActionLeaveForm(), state, domain)
    assert messages[0]["text"].startswith(first) and "没有提交" not in said(messages)
    assert not [e for e in events if e.get("event") == "active_loop"]


@pytest.mark.parametrize("text", ["再见", "谢谢", "你好", "我想问一下今天天气怎么样", "想死你们了"])
def test_actions_no_danger_no_advice_for_goodbyes_and_greetings(live, domain, text):
    """The check for a danger finds none in ordinary words: the usual answers."""
    for action, intent in ((ActionGoodbye, "goodbye"), (ActionOutOfScope, "out_of_scope"),
                           (ActionThank, "thank"), (ActionGreet, "greet")):
        _, events, messages = run(action(), tracker_json(text=text, intent=intent, active_loop=None), domain)
        assert [m.get("response") for m in messages] == [action.response] and not events, (action, text, messages)


def _refused_state(domain: dict[str, Any], nod: str, refusal: str = "别给我转人工，我不想跟任何人说话",
                   reply: str = SELF_HARM_NO_PERSON, intent: str = "affirm") -> tuple[dict[str, Any], dict[str, Any]]:
    """The form's state after the crisis lines, a refusal of a person and its answer, then ``nod``."""
    slots, crisis = _crisis_state(domain, CRISIS_JUMP)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = tracker_json(text=nod, intent=intent, requested_slot=slots["requested_slot"], slots=kept,
                         set_now={slots["requested_slot"]: nod})
    return _turn_before(_turn_before(state, refusal, reply), CRISIS_JUMP, *crisis), kept


@pytest.mark.parametrize("nod", ["嗯", "好", "好的", "嗯嗯"])
@pytest.mark.parametrize("refusal, reply", [
    ("别给我转人工，我不想跟任何人说话", SELF_HARM_NO_PERSON),
    ("你别劝我了，没用的", "我还在这里，不会走开。您现在这么难受，不用一个人扛着。心理援助热线12356"),
])
def test_actions_a_nod_after_a_refused_or_unoffered_person_is_no_handoff(live, domain, nod, refusal, reply):
    """tester38 F1: after 别给我转人工，我不想跟任何人说话 (or 你别劝我了 → 我还在这里, which offers no
    person) the next 嗯 / 好 → 好的，已为您转接人工坐席…, a case filed with the address 嗯. A nod is no
    consent: the bot stays with the lines, nothing filed, the nod in no slot."""
    state, _ = _refused_state(domain, nod, refusal, reply)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert got.get("form_outcome") is None and "12356" in told and "陪着您" in told, (got, told)
    assert "转接" not in told and got.get("address") is None and got["requested_slot"] == "address"


def test_actions_a_person_asked_for_or_a_yes_to_the_offer_is_still_a_handoff(live, domain):
    """"转人工" after a refusal is the citizen's change of mind; "好" right after the offer (回复“转人工”)
    is a yes; neither leaves the "好" as the place."""
    state, _ = _refused_state(domain, "转人工吧")
    got, _, _ = run(ValidateComplaintForm(), state, domain)
    assert got["form_outcome"] == "handoff"
    slots, crisis = _crisis_state(domain, CRISIS_JUMP)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text="好", intent="affirm", requested_slot="address", slots=kept,
                                      set_now={"address": "好"}), CRISIS_JUMP, *crisis)
    got, _, _ = run(ValidateComplaintForm(), state, domain)
    assert got["form_outcome"] == "handoff" and got.get("address") is None


def test_actions_a_handoff_never_files_a_filler_as_the_address_or_the_problem(live, domain, api):
    """tester38 F1: filed cases had the address 嗯 / 好 (the console showed 地址 嗯)."""
    state = tracker_json(text="好", intent="affirm", active_loop=None,
                         slots={"description": CRISIS_JUMP, "description_draft": CRISIS_JUMP, "address": "嗯"})
    got, _, _ = run(ActionHandoff(), state, domain)
    case = _get_case(api, got["case_number"], got["known_codes"][got["case_number"]])
    assert case.get("address") in (None, "") or "嗯" not in str(case.get("address")), case.get("address")
    state = tracker_json(text="好", intent="affirm", active_loop=None, slots={"description": "嗯", "address": "好"})
    got, _, messages = run(ActionHandoff(), state, domain)
    assert "case_number" not in got and "转接人工" in said(messages)


@pytest.mark.parametrize("text", ["谢谢你", "好的谢谢"])
def test_actions_thanks_in_a_crisis_keep_the_lines(live, domain, text):
    """tester38 F1: 谢谢你 after the crisis lines → 不客气，有问题随时找我们。 (a goodbye while the danger may
    last). Thanks or a goodbye keep the lines; outside a crisis the usual answers."""
    for before in (("我不想活了", SELF_HARM_ADVICE + "遇到了什么难处"),
                   ("我不想活了", SELF_HARM_ADVICE, "不用转人工", SELF_HARM_NO_PERSON)):
        state = tracker_json(text=text, intent="thank", active_loop=None)
        state["events"] = [{"event": "user" if i % 2 == 0 else "bot", "text": t} for i, t in enumerate(before)] \
            + state["events"]
        _, _, messages = run(ActionThank(), state, domain)
        told = said(messages)
        assert "12356" in told and "utter_thank" not in told and "随时找我们" not in told, told
        state["latest_message"]["text"] = "再见"
        state["events"][-1]["text"] = "再见"
        _, _, messages = run(ActionGoodbye(), state, domain)
        assert "12356" in said(messages) and "utter_goodbye" not in said(messages)


@pytest.mark.parametrize("text, child", [
    ("我爸又喝多了在家打我妈，我妈在哭，我在房间里不敢出去，朝阳区劲松八区", True),
    ("爸爸又在打我了，我好害怕，我躲在厕所里", True),
    ("他现在正在打我，我跑到楼道里了，丰台区方庄芳群园", False),
    ("我老公喝多了正在家里打孩子", False),
])
def test_actions_violence_at_home_told_other_ways_gets_the_dv_advice_and_no_question(live, domain, text, child):
    """tester38 F3: a child's 我爸又喝多了在家打我妈 → 您反映的是医疗卫生…还是城市建设 (later the generic 110
    line, then 可以留个联系电话吗); 他现在正在打我 → the generic line and the form's next question in the same
    breath. The DV advice (a child's: 110 and a trusted adult) and nothing asked after it."""
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    told = said(messages)
    first = messages[0]["text"]
    assert "110" in first and "如有人身安全危险" not in told, told
    if child:
        assert first.startswith("你的安全最要紧") and "信任的大人" in first and "12355" in first
        assert ("12338" in first) == ("妈" in text)
    else:  # out of the home already (跑到楼道里了): its own advice (the test below)
        assert first.startswith(("您和孩子的安全最要紧", "您的安全最要紧")) and "12338" in first
    assert slots.get("category_candidates") is None
    asked = _this_turn(tracker_json(requested_slot=slots.get("requested_slot"), slots=slots),
                       *(m.get("text") for m in messages))
    for ask in (ActionAskAddress, ActionAskContact, ActionAskTime):
        assert not run(ask(), asked, domain)[2], ask


@pytest.mark.parametrize("first, then, pay_again", [
    ("我在一个理财APP上投了十万，现在提不出来，客服说要先交三万的解冻费，我准备借钱交", "我已经借到了，马上就交", True),
    ("我在网上做刷单任务，已经垫付了三千，客服说再充五千才能把钱提出来", "那我再充最后一次应该就能提出来了吧", True),
])
def test_actions_a_fee_before_withdrawal_is_a_scam_and_the_next_payment_is_stopped_first(live, domain, first, then,
                                                                                       pay_again):
    """tester38 F4: the 理财APP 解冻费 got 不够具体 twice; 那我再充最后一次…, read as goodbye, got 抱歉，我没有理解
    before the advice. The advice at once, 千万不要再充值或转账了 first on the next payment, nothing before it."""
    slots, _, messages = validate(domain, first, "description", requested_slot=None)
    assert "96110" in said(messages) and "不够具体" not in said(messages)
    advice = [m.get("text") for m in messages]
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    for intent, action in (("goodbye", ActionLeaveForm), ("inform", ValidateComplaintForm)):
        state = _turn_before(tracker_json(text=then, intent=intent, requested_slot=slots["requested_slot"], slots=kept,
                                          set_now={slots["requested_slot"]: then} if intent == "inform" else None),
                             first, *advice)
        _, _, messages = run(action(), state, domain)
        assert messages and messages[0]["text"].startswith("千万不要再充值或转账了") == pay_again, (action, messages)
        assert "96110" in said(messages) and "utter_please_rephrase" not in said(messages)


def test_actions_giving_up_with_a_reason_right_after_filing_withdraws_that_case(live, domain):
    """tester38 F5: 算了，不用处理了，垃圾站已经清理了 right after filing opened a new complaint (请问问题发生在
    哪里？; the next message filed a second case). It is the withdrawal of the case filed, with its words."""
    number, code, known = _filed_here(domain)
    text = "算了，不用处理了，垃圾站已经清理了"
    slots, events, messages = validate(domain, text, "description", requested_slot=None, slots=known)
    assert slots.get("form_outcome") == "cancelled" and not messages
    state = tracker_json(text=text, intent="complain", active_loop=None,
                         slots={**known, **slots, "confirmation": False})
    _, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert f"您要撤销工单 {number}" in said(messages) and "utter_cancelled" not in said(messages)
    assert "撤销原因" not in said(messages)  # the reason was said with it
    assert [n["text"] for n in _notes(live, number, code)] == [text]
    # a complaint of its own that uses 撤销 is still one
    slots, _, _ = validate(domain, "学校无故撤销了我孩子的学籍，海淀区中关村一小", "description",
                           requested_slot=None, slots=known)
    assert slots.get("form_outcome") != "cancelled"


def test_actions_a_withdrawal_in_an_empty_form_ends_it_one_question_asked(live, domain):
    """tester38 F5: 我是说刚才那个工单不用处理了 in a form opened by an angry line → the status, the withdrawal
    with 方便说一下撤销原因吗, and in the same turn 请问问题发生在哪里 / 请具体描述…: two questions. The form
    ends (nothing in it); with a complaint in it, its question is the only one."""
    number, code, known = _filed_here(domain)
    text = "我是说刚才那个工单不用处理了"
    state = tracker_json(text=text, intent="ask_progress", requested_slot="description", slots=known)
    _, events, messages = run(ActionCheckProgress(), state, domain)
    assert "撤销原因" in said(messages)
    assert any(e.get("event") == "active_loop" for e in events)
    assert any(e.get("event") == "followup" and e.get("name") == "action_listen" for e in events)
    number2, code2, known2 = _filed_here(domain)
    pending = {"description": "小区门口的垃圾桶满了没人清", "description_draft": "小区门口的垃圾桶满了没人清"}
    state = tracker_json(text=text, intent="ask_progress", requested_slot="address", slots={**known2, **pending})
    _, events, messages = run(ActionCheckProgress(), state, domain)
    assert f"您要撤销工单 {number2}" in said(messages) and "撤销原因" not in said(messages)
    assert "接着登记" in said(messages) and not any(e.get("event") == "active_loop" for e in events)


# -- danger first in the hand-off, "anything else" and praise; a danger to a person now waits --------

@pytest.mark.parametrize("text, first, kept", [
    ("给我转人工，我刚吃了一整瓶安眠药", OVERDOSE_FIRST_AID, "安眠药"),
    ("我要找人工客服，我刚割腕了", "如已经割伤自己：请马上用干净的毛巾或布用力按住伤口止血", "割腕"),
    ("转人工，我真的不想活了", SELF_HARM_ADVICE, "不想活"),
])
def test_actions_a_handoff_that_tells_a_danger_gives_its_advice_first(live, domain, api, text, first, kept):
    """给我转人工，我刚吃了一整瓶安眠药 → 好的，正在为您转接人工坐席，请稍候 and nothing else: the danger's
    advice (120 and the first aid) first, then the hand-off, a person having been asked for; the case
    the operator takes over says the danger, outside a complaint and in the middle of one."""
    complaint = "小区门口的垃圾桶满了没人清"
    for loop, slots in ((None, {}), ("complaint_form", {"description": complaint, "description_draft": complaint})):
        state = tracker_json(text=text, intent="request_human", active_loop=loop, slots=slots,
                             requested_slot="address" if loop else None)
        got, _, messages = run(ActionHandoff(), state, domain)
        assert messages and messages[0]["text"].startswith(first), messages
        assert "转接人工坐席" in messages[-1]["text"] and len(messages) == 2, messages
        case = _get_case(api, got["case_number"], got["known_codes"][got["case_number"]])
        assert kept in case["text"] and (not loop or complaint in case["text"]), case["text"]


@pytest.mark.parametrize("text", ["转人工", "我要找人工客服", "给我转人工，我要投诉物业乱收费"])
def test_actions_a_handoff_without_a_danger_is_a_handoff_alone(live, domain, text):
    """No danger in the message: the hand-off as it was, no advice before it."""
    _, _, messages = run(ActionHandoff(), tracker_json(text=text, intent="request_human", active_loop=None), domain)
    assert len(messages) == 1 and "转接人工坐席" in messages[0]["text"], messages


@pytest.mark.parametrize("action, text, intent, first", [
    (ActionAnythingElse, "没有了，我刚吞了好多药", "deny", OVERDOSE_FIRST_AID),
    (ActionAnythingElse, "好的，我刚割腕了，流了好多血", "affirm", "如已经割伤自己"),
    (ActionPraise, "我想表扬一下，我刚吃了一整瓶安眠药", "praise", OVERDOSE_FIRST_AID),
])
def test_actions_anything_else_and_praise_give_a_danger_its_advice_first(live, domain, action, text, intent, first):
    """没有了，我刚吞了好多药 after a case was filed got 好的，感谢您的反映，再见 (action_anything_else); praise
    with an overdose got 感谢您的肯定 before the advice. The advice first, then the bot stays (the
    form waits, nothing asked), never a goodbye or thanks."""
    state = tracker_json(text=text, intent=intent, active_loop=None, slots={"own_case": "JS20261206-000001"})
    slots, events, messages = run(action(), state, domain)
    told = said(messages)
    assert messages and messages[0]["text"].startswith(first), messages
    assert "陪着您" in told and "utter_goodbye" not in told and "utter_anything_else" not in told
    assert "感谢您的肯定" not in told and slots["description"] == text
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)


@pytest.mark.parametrize("text, first, located", [
    ("有人在小区门口拿着刀砍人", "如有人身安全危险：请先确保自身安全，立即拨打110", False),
    ("朝阳区望京西园三区门口有人拿着刀砍人", "如有人身安全危险：请先确保自身安全，立即拨打110", True),
    ("我被人跟踪了，他现在就在楼下", "如有人正在跟踪您：请往人多、亮堂的地方去", False),
    # a fall or a collapse at home (tester40: 120, then 可以留个联系电话吗 in the same turn)
    ("我家老人在家摔倒了起不来，头上流血了", "如有人摔倒、昏迷或突发急病：请立即拨打急救电话120", False),
    ("我妈在朝阳区劲松八区家里突然晕倒了，叫不醒", "如有人摔倒、昏迷或突发急病：请立即拨打急救电话120", True),
])
def test_actions_a_danger_to_a_person_now_gets_the_advice_and_no_question(live, domain, text, first, located):
    """有人在小区门口拿着刀砍人 → the generic 110 line, then 请问问题发生在哪里 in the same breath; 我被人跟踪了，
    他现在就在楼下 → 您说的情况还不够具体. The advice, and the bot waits as for violence at home: no
    question, nor read-back, after it; a place said is kept and not asked again."""
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    told = said(messages)
    assert messages and messages[0]["text"].startswith(first), told
    assert "110" in messages[0]["text"] or "120" in messages[0]["text"]
    assert "不用急着登记" in told and ("地址已经记下了" in told) == located and "不够具体" not in told
    assert slots.get("category_candidates") is None and bool(slots.get("address")) == located
    asked = _this_turn(tracker_json(requested_slot=slots.get("requested_slot"), slots=slots),
                       *(m.get("text") for m in messages))
    for ask in (ActionAskAddress, ActionAskContact, ActionAskTime, ActionAskConfirmation):
        assert not run(ask(), asked, domain)[2], ask


def test_actions_a_danger_to_a_person_said_in_the_form_waits_too(live, domain):
    """In the middle of another complaint (read as out of scope): the advice, the form asks nothing after it."""
    complaint = "小区门口的垃圾桶满了没人清"
    state = tracker_json(text="有人在小区门口拿着刀砍人", intent="out_of_scope", requested_slot="address",
                         slots={"description": complaint, "description_draft": complaint})
    _, events, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "立即拨打110" in told and "不用急着登记" in told and "帮不上忙" not in told, told
    asked = _this_turn(tracker_json(requested_slot="address", slots={"description": complaint}),
                       *(m.get("text") for m in messages))
    assert not run(ActionAskAddress(), asked, domain)[2]


FALL = "我家老人在家摔倒了起不来，头上流血了，在西城区德胜街道新康社区6号楼"


@pytest.mark.parametrize("symptoms, intent", [("她说头疼想睡觉", "inform"), ("她刚才吐了，叫不醒", "goodbye"),
                                              ("她现在说不出话，脸色发白", "complain")])
def test_actions_warning_signs_after_a_medical_emergency_get_an_answer(live, domain, symptoms, intent):
    """tester41: 摔倒了起不来，头上流血了 got 120 and the wait; 她说头疼想睡觉 next went on to the read-back
    (我确认一下…) without a word about it. Symptoms told while the medical emergency waits: danger signs,
    120 again with them, nobody left to sleep alone; nothing of it taken, no question or read-back after
    it; the next symptom gets it too. A message of no symptom (不想睡了) is not one."""
    slots, _, messages = validate(domain, FALL, "description", requested_slot=None)
    advice = [m.get("text") for m in messages]
    assert "120" in advice[0] and slots.get("address"), advice
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    requested = slots["requested_slot"]
    state = _turn_before(tracker_json(text=symptoms, intent=intent, requested_slot=requested, slots=kept,
                                      set_now={requested: symptoms}), FALL, *advice)
    if intent == "goodbye":  # read as a goodbye: the same answer, the form follows
        _, events, answer = run(ActionGoodbye(), state, domain)
        got = {}
    else:
        got, events, answer = run(ValidateComplaintForm(), state, domain)
    told = said(answer)
    assert "危险信号" in told and "120" in told and "再打一次" in told and "一个人睡" in told, told
    assert "不用急着登记" in told and "地址已经记下了" in told and "再见" not in told, told
    assert got.get(requested) is None and got.get("requested_slot", requested) == requested, got
    asked = _this_turn(tracker_json(requested_slot=requested, slots=kept), *(m.get("text") for m in answer))
    for ask in (ActionAskContact, ActionAskTime, ActionAskConfirmation):
        assert not run(ask(), asked, domain)[2], ask
    # more symptoms after that answer: the same
    again = _turn_before(_turn_before(tracker_json(text="她开始抽搐了", intent="inform", requested_slot=requested,
                                                   slots=kept, set_now={requested: "她开始抽搐了"}),
                                      symptoms, *(m.get("text") for m in answer)), FALL, *advice)
    _, _, more = run(ValidateComplaintForm(), again, domain)
    assert "危险信号" in said(more) and "抽搐" in said(more), said(more)


@pytest.mark.parametrize("answer, resumed", [("好的，已经打了120", False), ("救护车还没来，我们等着呢", False),
                                            ("她没事了", True)])
def test_actions_the_wait_after_a_danger_to_a_person_holds_at_the_phone_question(live, domain, answer, resumed):
    """After 摔倒了起不来… (the place said: 120 and the wait, the phone question next) 好的，已经打了120 got
    这个号码好像不完整 and 她没事了 was taken as 不留 (the read-back next). Still being dealt with: the bot
    waits on (nothing asked); over: 我们接着登记 and the phone question; a number or 不留 is taken as before."""
    slots, _, messages = validate(domain, FALL, "description", requested_slot=None)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    assert slots["requested_slot"] == "contact", slots
    state = _turn_before(tracker_json(text=answer, intent="inform", requested_slot="contact", slots=kept,
                                      set_now={"contact": answer}), FALL, *(m.get("text") for m in messages))
    got, _, told = run(ValidateComplaintForm(), state, domain)
    if resumed:  # over, and the fall was all there was to tell: no case for it (tester42 N11)
        assert "不需要登记12345工单" in said(told) and got.get("form_outcome") == "cancelled", said(told)
        return
    assert got.get("contact") is None and got.get("requested_slot") == "contact" and "不完整" not in said(told), got
    assert "我们接着登记" not in said(told) and "不用急着登记" in said(told), said(told)
    asked = run(ActionAskContact(), _this_turn(tracker_json(requested_slot="contact", slots=kept),
                                               *(m.get("text") for m in told)), domain)[2]
    assert not asked, asked
    for number, value in (("13912345678", "13912345678"), ("不留", "不留")):
        state = _turn_before(tracker_json(text=number, intent="inform", requested_slot="contact", slots=kept,
                                          set_now={"contact": number}), FALL, *(m.get("text") for m in messages))
        assert run(ValidateComplaintForm(), state, domain)[0].get("contact") == value


@pytest.mark.parametrize("first", [FALL, "有人在小区门口拿着刀砍人"])
def test_actions_the_danger_over_after_the_wait_for_a_person_takes_the_complaint_up(live, domain, first):
    """After 摔倒了起不来… (120 and the wait), 救护车到了，没事了 read as goodbye got 好的，本次反映没有提交…再见:
    the danger is over, not the complaint: 我们接着登记 and the pending question (the place too, when it
    was never said)."""
    slots, _, messages = validate(domain, first, "description", requested_slot=None)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    requested = slots["requested_slot"]
    after = "救护车到了，没事了" if first == FALL else "好了，警察来了，没事了"
    state = _turn_before(tracker_json(text=after, intent="goodbye", requested_slot=requested, slots=kept),
                         first, *(m.get("text") for m in messages))
    _, events, answer = run(ActionLeaveForm(), state, domain)
    told = said(answer)
    # the fall was all there was to tell: no case for it, anything else asked (tester42 N11)
    assert "没有提交" not in told and "再见" not in told, told
    assert ("不需要登记12345工单" in told) == (first == FALL) and ("我们接着登记" in told) == (first != FALL), told
    assert not any(e.get("event") == "active_loop" for e in events)
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)


def test_actions_a_medical_emergency_over_is_no_case_but_a_complaint_beside_it_goes_on(live, domain):
    """tester42 N11: 我家老人在家摔倒了起不来… (120 and the wait), 救护车已经来了，拉走了 → 好的，我们接着登记 and the
    fall read back to submit. The emergency alone needs no case: said so, a kind word, anything else
    asked, the form ends with no 没有提交 line. A complaint told before the emergency is taken up again."""
    slots, _, messages = validate(domain, FALL, "description", requested_slot=None)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    after = "救护车已经来了，拉走了"
    state = _turn_before(tracker_json(text=after, intent="inform", requested_slot="contact", slots=kept,
                                      set_now={"contact": after}), FALL, *(m.get("text") for m in messages))
    got, _, told = run(ValidateComplaintForm(), state, domain)
    assert got.get("form_outcome") == "cancelled" and got.get("contact") is None, got
    assert "不需要登记12345工单" in said(told) and "还有其他需要反映的问题吗" in said(told), said(told)
    state = _this_turn(tracker_json(text=after, intent="inform", active_loop=None, slots={**kept, **got}),
                       *(m.get("text") for m in told))
    assert "utter_cancelled" not in said(run(ActionSubmitComplaint(), state, domain)[2])
    # the fall told where a noise complaint's phone was asked: the noise goes on after it
    noise = {**NOISE_SLOTS, "address": "北京市朝阳区望京西园三区", "time": "每天晚上十一点以后"}
    fall = "我家老人在家摔倒了起不来，头上流血了"
    state = tracker_json(text=fall, intent="inform", requested_slot="contact", slots=noise, set_now={"contact": fall})
    _, _, advice = run(ValidateComplaintForm(), state, domain)
    assert "120" in said(advice), said(advice)
    state = _turn_before(tracker_json(text=after, intent="inform", requested_slot="contact", slots=noise,
                                      set_now={"contact": after}), fall, *(m.get("text") for m in advice))
    got, _, told = run(ValidateComplaintForm(), state, domain)
    assert "我们接着登记" in said(told) and not got.get("form_outcome"), said(told)


def test_actions_warning_signs_after_a_collapse_with_no_place_yet(live, domain):
    """我妈突然晕倒了，叫不醒 (no place said), then 她现在喘不上气 where the place is asked: the signs of an
    illness getting worse (no fall was told), and the place is not said to be known (it is not)."""
    first = "我妈突然晕倒了，叫不醒"
    slots, _, messages = validate(domain, first, "description", requested_slot=None)
    assert slots["requested_slot"] == "address" and not slots.get("address"), slots
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text="她现在喘不上气", intent="inform", requested_slot="address", slots=kept,
                                      set_now={"address": "她现在喘不上气"}), first, *(m.get("text") for m in messages))
    got, _, answer = run(ValidateComplaintForm(), state, domain)
    told = said(answer)
    assert "病情加重的危险信号" in told and "摔倒" not in told and "地址已经记下了" not in told, told
    assert not got.get("address") and got.get("requested_slot") == "address", got
    assert not run(ActionAskAddress(), _this_turn(state, *(m.get("text") for m in answer)), domain)[2]


@pytest.mark.parametrize("first", ["我家老人在家摔倒了起不来，头上流血了", "我妈突然晕倒了，叫不醒"])
def test_actions_a_place_after_a_medical_emergency_is_where_the_ambulance_goes(live, domain, first):
    """摔倒了起不来 / 晕倒了叫不醒 (no place: 120 and the wait), then the place: it was simply taken and the
    phone question followed. As after the first aid for an overdose: 地址记下了：…。请马上拨打120，把这个地址
    告诉调度员… and the wait, no form question in that turn; the place is the case's; symptoms next still
    get the danger signs, a nod the wait."""
    slots, _, messages = validate(domain, first, "description", requested_slot=None)
    assert slots["requested_slot"] == "address" and not slots.get("address"), slots
    advice = [m.get("text") for m in messages]
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    place = "西城区德胜街道新康社区6号楼"
    state = _turn_before(tracker_json(text=place, intent="inform", requested_slot="address", slots=kept,
                                      set_now={"address": place}), first, *advice)
    got, _, answer = run(ValidateComplaintForm(), state, domain)
    told = said(answer)
    assert "新康社区" in (got.get("address") or ""), got
    assert told.startswith("地址记下了：") and "新康社区" in told and "请马上拨打120，把这个地址告诉调度员" in told, told
    assert "不用急着登记" in told and "12356" not in told, told
    after = {**kept, **{k: v for k, v in got.items() if k != "requested_slot"}}
    requested = got["requested_slot"]
    asked = _this_turn(tracker_json(requested_slot=requested, slots=after), *(m.get("text") for m in answer))
    for ask in (ActionAskTime, ActionAskContact, ActionAskConfirmation):
        assert not run(ask(), asked, domain)[2], ask
    for text, mark in (("她说头疼想睡觉", "危险信号"), ("好的", "不用急着登记")):
        state = _turn_before(_turn_before(tracker_json(text=text, intent="inform", requested_slot=requested,
                                                       slots=after, set_now={requested: text}),
                                          place, *(m.get("text") for m in answer)), first, *advice)
        got, _, more = run(ValidateComplaintForm(), state, domain)
        assert mark in said(more) and got.get(requested) is None, (text, more, got)


def test_actions_no_warning_sign_without_a_medical_emergency(live, domain):
    """头疼 in an answer after another danger's wait (a knife), or a sign denied (她不想睡了), is no sign."""
    text = "有人在小区门口拿着刀砍人"
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text="吓得我头疼", intent="inform", requested_slot="address", slots=kept,
                                      set_now={"address": "吓得我头疼"}), text, *(m.get("text") for m in messages))
    _, _, answer = run(ValidateComplaintForm(), state, domain)
    assert "危险信号" not in said(answer), said(answer)
    slots, _, messages = validate(domain, FALL, "description", requested_slot=None)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text="她不想睡了", intent="inform", requested_slot=slots["requested_slot"],
                                      slots=kept, set_now={slots["requested_slot"]: "她不想睡了"}),
                         FALL, *(m.get("text") for m in messages))
    _, _, answer = run(ValidateComplaintForm(), state, domain)
    assert "危险信号" not in said(answer), said(answer)


@pytest.mark.parametrize("text", ["有人在小区门口拿着刀砍人", "他现在正在打我，我跑到街上了"])
def test_actions_no_place_said_while_the_bot_waits_is_no_failed_place(live, domain, text):
    """我已经报警了 after the advice and the wait → 这个地点还不够具体 (a failed answer counted): the bot
    waits on, nothing asked; a place said next is taken."""
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text="我已经报警了", intent="inform", requested_slot="address", slots=kept,
                                      set_now={"address": "我已经报警了"}), text, *(m.get("text") for m in messages))
    got, _, answer = run(ValidateComplaintForm(), state, domain)
    told = said(answer)
    assert "不够具体" not in told and "不用急着登记" in told and not (got.get("retries") or {}).get("address"), told
    assert not run(ActionAskAddress(), _this_turn(state, *(m.get("text") for m in answer)), domain)[2]


@pytest.mark.parametrize("text, child, located", [
    ("他现在正在打我，我跑到楼道里了，丰台区方庄芳群园", False, True),
    ("他现在正在打我，我跑到街上了", False, False),
    ("我老公正在打我，我逃到马路边上了", False, False),
    ("我爸在家打我，我跑到楼下了", True, False),
])
def test_actions_violence_now_outside_the_home_is_told_where_there_are_people(live, domain, text, child, located):
    """他现在正在打我，我跑到楼道里了 → 待在能反锁的房间里，锁好门，不要开门 (the advice for someone at home):
    out in a stairwell or the street, go where there are people, don't go back, call 110 and say where
    you are now; 12338 (12355 for a child) as before, and nothing asked after it."""
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    first = messages[0]["text"]
    assert "反锁" not in first and "锁好门" not in first and "不要开门" not in first, first
    assert "人多" in first and "不要回家" in first and "110" in first and "现在在哪里" in first, first
    assert ("12355" in first) == child and ("12338" in first) == (not child)
    assert ("地址已经记下了" in first) == located
    asked = _this_turn(tracker_json(requested_slot=slots.get("requested_slot"), slots=slots),
                       *(m.get("text") for m in messages))
    for ask in (ActionAskAddress, ActionAskContact, ActionAskTime):
        assert not run(ask(), asked, domain)[2], ask


@pytest.mark.parametrize("text", ["老公喝醉了一直在砸门，说要打死我，我和孩子躲在卧室里", "我老公喝多了正在家里打孩子"])
def test_actions_violence_at_home_keeps_the_locked_room(live, domain, text):
    """Still at home: the locked room stays the advice."""
    _, _, messages = validate(domain, text, "description", requested_slot=None)
    assert "待在能反锁的房间里" in messages[0]["text"], messages[0]["text"]


@pytest.mark.parametrize("first, place", [
    ("我吃了一整瓶安眠药", "我在朝阳区双井"),
    ("我刚割腕了，流了好多血", "海淀区中关村大街27号"),
])
def test_actions_a_place_after_the_first_aid_is_where_help_goes(live, domain, first, place):
    """我吃了一整瓶安眠药 (120 and the first aid), then 我在朝阳区双井 → 可以留个联系电话吗？方便承办部门回复您:
    the place is where the ambulance must go (请马上拨打120，把这个地址告诉调度员), a person offered; the
    form asks nothing; "好" next is a yes to the person, who gets the case with the place."""
    slots, crisis = _crisis_state(domain, first)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text=place, intent="inform", requested_slot=slots["requested_slot"], slots=kept,
                                      set_now={slots["requested_slot"]: place}), first, *crisis)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert got.get("address") and "120" in told and "把这个地址告诉调度员" in told and "转人工" in told, told
    asked = _this_turn(tracker_json(requested_slot=got.get("requested_slot"), slots={**kept, **got}),
                       *(m.get("text") for m in messages))
    for ask in (ActionAskContact, ActionAskTime, ActionAskConfirmation):
        assert not run(ask(), asked, domain)[2], ask
    # "好" next: the person offered
    nod = _turn_before(_turn_before(tracker_json(text="好", intent="affirm", requested_slot=got["requested_slot"],
                                                 slots={**kept, **got}, set_now={got["requested_slot"]: "好"}),
                                    place, *(m.get("text") for m in messages)), first, *crisis)
    after, _, _ = run(ValidateComplaintForm(), nod, domain)
    assert after.get("form_outcome") == "handoff", after


def test_actions_a_place_after_the_crisis_lines_alone_goes_on_with_the_form(live, domain):
    """No act done (我不想活了 …, the lines and the form waiting): a place said is the complaint's, as before."""
    first = "房东把我赶出来了，押金也不退，我真的不想活了"
    slots, crisis = _crisis_state(domain, first)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text="朝阳区双井富力城", intent="inform", requested_slot="address", slots=kept,
                                      set_now={"address": "朝阳区双井富力城"}), first, *crisis)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert got.get("address") and "把这个地址告诉调度员" not in said(messages)


def test_actions_a_place_after_the_wish_to_die_is_where_the_person_is(live, domain):
    """Round 11 #1: 我不想活了，活着太累了 (the lines), then 我在丰台区方庄 → 您说的情况还不够具体; 不留 →
    好的，不留电话。; 你们能帮我什么 → 抱歉，这个问题我帮不上忙. With no act and no complaint told, the place
    is where the person is (110/120, 12356, a person offered who gets the place), no form question;
    不留 keeps the lines; what the bot can do is said; 好 hands over, the case carrying the place."""
    first, place = "我不想活了，活着太累了", "我在丰台区方庄"
    slots, crisis = _crisis_state(domain, first)
    kept = {k: v for k, v in slots.items() if k != "requested_slot"}
    state = _turn_before(tracker_json(text=place, intent="inform", requested_slot="description", slots=kept,
                                      set_now={"description": place}), first, *crisis)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert got.get("address") == "丰台区方庄" and got.get("description") is None, got
    assert "地址记下了：丰台区方庄" in told and "110或120" in told and "12356" in told and "转人工" in told, told
    assert "不够具体" not in told and "utter_description_vague" not in told and "retries" not in got, told
    placed = [m.get("text") for m in messages]
    asked = _this_turn(tracker_json(requested_slot="description", slots={**kept, **got}), *placed)
    assert not run(ActionAskDescription(), asked, domain)[2]
    after = {**kept, **got}
    # 不留 (read as deny, mapped into the description): the lines stay, no complaint offered back
    state = _turn_before(_turn_before(tracker_json(text="不留", intent="deny", requested_slot="description", slots=after,
                                                   set_now={"description": "不留"}), place, *placed), first, *crisis)
    got2, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "12356" in told and "不留电话" not in told and "还要继续登记吗" not in told, told
    assert got2.get("contact") is None and got2.get("description") is None
    # what the bot can do, never 帮不上忙
    for asked_help, intent in (("你们能帮我什么", "out_of_scope"), ("有什么用", "nlu_fallback")):
        state = _turn_before(_turn_before(tracker_json(text=asked_help, intent=intent, requested_slot="description",
                                                       slots=after), place, *placed), first, *crisis)
        _, _, messages = run(ActionInformOutside(), state, domain)
        told = said(messages)
        assert "转人工" in told and "12356" in told and "010-82951332" in told and "110或120" in told, told
        assert "帮不上忙" not in told and "utter_out_of_scope" not in told and "utter_please_rephrase" not in told
    # 好: the person offered, who gets the case with the place
    state = _turn_before(_turn_before(tracker_json(text="好", intent="affirm", requested_slot="description", slots=after,
                                                   set_now={"description": "好"}), place, *placed), first, *crisis)
    assert run(ValidateComplaintForm(), state, domain)[0].get("form_outcome") == "handoff"
    state = _turn_before(_turn_before(tracker_json(text="转人工", intent="request_human", requested_slot="description",
                                                   slots=after), place, *placed), first, *crisis)
    got, _, _ = run(ActionHandoff(), state, domain)
    case = _get_case(live, got["case_number"], got["known_codes"][got["case_number"]])
    assert "方庄" in (case.get("address") or "") and "不想活" in case["text"], case


NOISE = "我家楼上每天晚上都很吵，噪音太大了"
NOISE_SLOTS = {"description": NOISE, "description_draft": NOISE, "complaint_category": "城乡建设", "time_needed": True}
NOISE_FILLED = {**NOISE_SLOTS, "address": "北京市朝阳区望京西园三区", "time": "每天晚上十一点以后"}


@pytest.mark.parametrize("requested, slots", [
    ("address", NOISE_SLOTS),
    ("time", {**NOISE_SLOTS, "address": "北京市朝阳区望京西园三区"}),
    ("contact", {**NOISE_SLOTS, "address": "北京市朝阳区望京西园三区", "time": "每天晚上十一点以后"}),
    ("confirmation", {**NOISE_FILLED, "contact": "不留"}),
])
@pytest.mark.parametrize("text, first", [
    ("有人在小区门口拿着刀砍人", "如有人身安全危险：请先确保自身安全，立即拨打110"),
    ("我被人跟踪了，他现在就在楼下", "如有人正在跟踪您：请往人多、亮堂的地方去"),
])
def test_actions_a_danger_told_as_a_form_answer_gets_its_advice_and_the_form_waits(live, domain, requested, slots,
                                                                                  text, first):
    """有人在小区门口拿着刀砍人 where a noise complaint's place was asked was taken as the place and the next
    question asked, with no advice; 我被人跟踪了 at the phone question went to the read-back. Each answer
    is checked for a danger first: the advice, nothing of it a slot's value, no question (nor read-back)
    in the same turn."""
    state = tracker_json(text=text, intent="inform", requested_slot=requested, slots=slots,
                         set_now={requested: True if requested == "confirmation" else text})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert messages and messages[0]["text"].startswith(first) and "110" in messages[0]["text"], told
    assert "不用急着登记" in told and "接着登记您刚才反映的事" in told, told
    assert got.get(requested) in (None, slots.get(requested)) and got.get("requested_slot") == requested, got
    assert text not in str(got.get("description") or "") and not got.get("form_outcome"), got
    asked = _this_turn(tracker_json(requested_slot=requested, slots={**slots, **got}),
                       *(m.get("text") for m in messages))
    for ask in (ActionAskAddress, ActionAskContact, ActionAskTime, ActionAskConfirmation):
        assert not run(ask(), asked, domain)[2], ask


@pytest.mark.parametrize("after, resumed", [("我已经报警了", False), ("好了，警察来了，没事了", True)])
def test_actions_after_a_danger_in_the_form_it_waits_then_goes_on(live, domain, after, resumed):
    """After the advice: 我已经报警了 is no place (the bot waits on), 没事了 takes up the complaint again
    (我们接着登记 and the pending question); neither is a slot's value."""
    danger = "有人在小区门口拿着刀砍人"
    state = tracker_json(text=danger, intent="inform", requested_slot="address", slots=NOISE_SLOTS,
                         set_now={"address": danger})
    _, _, messages = run(ValidateComplaintForm(), state, domain)
    state = _turn_before(tracker_json(text=after, intent="inform", requested_slot="address", slots=NOISE_SLOTS,
                                      set_now={"address": after}), danger, *(m.get("text") for m in messages))
    got, _, answer = run(ValidateComplaintForm(), state, domain)
    told = said(answer)
    assert not got.get("address") and not (got.get("retries") or {}).get("address") and "不够具体" not in told, got
    assert ("我们接着登记" in told) == resumed and ("不用急着登记" in told) == (not resumed), told
    asked = run(ActionAskAddress(), _this_turn(state, *(m.get("text") for m in answer)), domain)[2]
    assert bool(asked) == resumed, asked


STALL = "我要投诉小区门口的早点摊占道经营，每天早上把人行道全占了"
STALL_SLOTS = {"description": STALL, "description_draft": STALL, "complaint_category": "城乡建设",
               "time_needed": False, "address": "北京市海淀区五道口东升园"}
GAS_IN_FORM = "等一下，我闻到楼道里有很大的煤气味，好像哪家漏气了"


def test_actions_a_gas_leak_in_the_form_is_no_next_issue_and_the_call_is_asked(live, domain):
    """tester42 N1: a gas smell told at the phone question got its advice and 这个问题我记下了，我们一件一件来
    (parked as the next issue, offered back after filing as a complaint to register); 我已经出来了，在楼下
    went to the read-back; the case said nothing of it; 煤气味的事怎么办 got 请问问题发生在哪里. Now no
    parking; out of the building the call is asked for (打了吗), no form step; 怎么办 repeats the advice;
    the case filed notes the danger for the operator."""
    state = tracker_json(text=GAS_IN_FORM, intent="inform", requested_slot="contact", slots=STALL_SLOTS,
                         set_now={"contact": GAS_IN_FORM})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "96777" in told and "不用急着登记" in told, told
    assert "一件一件来" not in told and "utter_one_at_a_time" not in told and not got.get("second_issue"), got
    assert got.get("contact") is None and got["requested_slot"] == "contact"
    advice = [m.get("text") for m in messages]
    # out of the building: call now, 打了吗; no form question, no read-back
    out = "我已经出来了，在楼下"
    state = _turn_before(tracker_json(text=out, intent="inform", requested_slot="contact", slots=STALL_SLOTS,
                                      set_now={"contact": out}), GAS_IN_FORM, *advice)
    got, _, answer = run(ValidateComplaintForm(), state, domain)
    told = said(answer)
    assert "立即拨打燃气抢修热线96777或火警119" in told and "打了吗" in told, told
    assert got.get("contact") is None and got["requested_slot"] == "contact", got
    asked = _this_turn(tracker_json(requested_slot="contact", slots={**STALL_SLOTS, **got}),
                       *(m.get("text") for m in answer))
    for ask in (ActionAskContact, ActionAskConfirmation):
        assert not run(ask(), asked, domain)[2], ask
    # 打了: the wait, then the form goes on
    state = _turn_before(_turn_before(tracker_json(text="打了", intent="affirm", requested_slot="contact",
                                                   slots=STALL_SLOTS, set_now={"contact": "打了"}),
                                      out, *(m.get("text") for m in answer)), GAS_IN_FORM, *advice)
    got, _, waited = run(ValidateComplaintForm(), state, domain)
    assert got.get("contact") is None and "不用急着登记" in said(waited), said(waited)
    # 怎么办 about it: the advice again, no slot's value
    how = "煤气味的事怎么办"
    state = _turn_before(tracker_json(text=how, intent="complain", requested_slot="contact", slots=STALL_SLOTS,
                                      set_now={"contact": how}), GAS_IN_FORM, *advice)
    got, _, again = run(ValidateComplaintForm(), state, domain)
    assert "96777" in said(again) and "不用急着登记" in said(again) and got.get("contact") is None, again
    # filed: the operator reads of the danger once, in a note on a flagged case, never in the complaint's
    # text (its statutes were the gas ones, tester43 M3); 我已经出来了 is no second danger
    state = _turn_before(_turn_before(tracker_json(text="对", intent="affirm", active_loop=None,
                                                   slots={**STALL_SLOTS, "contact": "不留", "confirmation": True}),
                                      out, *(m.get("text") for m in answer)), GAS_IN_FORM, *advice)
    slots, _, filed = run(ActionSubmitComplaint(), state, domain)
    assert "您刚才还提到" not in said(filed)
    with sqlite3.connect(live["db"]) as db:
        raw = db.execute("select raw_text from cases where number = ?", (slots["case_number"],)).fetchone()[0]
    assert "煤气味" not in raw and "险情" not in raw and raw.startswith(STALL), raw
    case = _get_case(live, slots["case_number"], slots["known_codes"][slots["case_number"]])
    assert case["flagged"] is True, case
    assert [(n["kind"], "煤气味" in n["text"] and "96777" in n["text"]) for n in case["notes"]] == [("补充", True)], \
        case["notes"]
    assert "出来了" not in case["notes"][0]["text"]


@pytest.mark.parametrize("danger, call", [
    ("天哪，刚才有个人从楼上掉下来了，躺在地上不动", "120"),
    ("有人从楼上摔下来了，满地是血", "120"),
    ("工地上有工人从脚手架上摔下来了", "120"),
    ("电梯突然往下坠了好几层，现在卡住了，我闺女还在里面出不来", "110或119"),
    ("哎呀不好了，有个小孩掉进小区的水池里了，还没上来", "110"),
    ("楼下有人拿着刀在追人，已经砍伤了一个", "110"),
])
def test_actions_any_danger_in_the_form_waits_and_flags_the_case(live, domain, danger, call):
    """tester44 N1/N2: the gas fix covered gas only. A fall from a building or a lift dropping with a
    child inside told at the phone question got its advice and 这个问题我记下了，我们一件一件来, and after
    filing 您刚才还提到“…”，需要登记的话请回复“登记”; a child in a pond or a knife attack left the case
    unflagged. Now every danger waited after is no next issue, and the case is flagged with one 补充
    note naming the call."""
    state = tracker_json(text=danger, intent="inform", requested_slot="contact", slots=STALL_SLOTS,
                         set_now={"contact": danger})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert call in told and "不用急着登记" in told, told
    assert "一件一件来" not in told and "utter_one_at_a_time" not in told and not got.get("second_issue"), got
    assert got.get("contact") is None and got["requested_slot"] == "contact", got
    state = _turn_before(tracker_json(text="对", intent="affirm", active_loop=None,
                                      slots={**STALL_SLOTS, "contact": "不留", "confirmation": True}),
                         danger, *(m.get("text") for m in messages))
    slots, _, filed = run(ActionSubmitComplaint(), state, domain)
    assert "您刚才还提到" not in said(filed), said(filed)
    case = _get_case(live, slots["case_number"], slots["known_codes"][slots["case_number"]])
    with sqlite3.connect(live["db"]) as db:
        raw = db.execute("select raw_text from cases where number = ?", (slots["case_number"],)).fetchone()[0]
    assert case["flagged"] is True and raw.startswith(STALL) and "险情" not in raw, (case, raw)
    notes = [(n["kind"], n["text"]) for n in case["notes"]]
    assert len(notes) == 1 and notes[0][0] == "补充" and danger[:10] in notes[0][1] and call in notes[0][1], notes


@pytest.mark.parametrize("danger", ["对面楼顶上有个人坐在边上，说不想活了", "楼顶有个人说要跳下去"])
def test_actions_someone_else_about_to_jump_is_a_danger_not_the_citizens_crisis(live, domain, danger):
    """tester44 N4: 对面楼顶上有个人坐在边上，说不想活了 at the time question got the crisis lines for the
    citizen and the time asked again; 晚上 got 您刚才说的噪音的事，还要继续登记吗, and 不留 (the phone
    answer) then dropped the complaint. Someone else in danger: 110 and the wait, as for any danger;
    the form goes on, 不留 is the phone; the case is flagged."""
    slots = {**NOISE_SLOTS, "address": "北京市朝阳区望京花家地西里"}
    state = tracker_json(text=danger, intent="inform", requested_slot="time", slots=slots,
                         set_now={"time": danger})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "110" in told and "不用急着登记" in told and "12356" not in told, told
    assert got.get("time") is None and got["requested_slot"] == "time", got
    advice = [m.get("text") for m in messages]
    asked = _this_turn(tracker_json(requested_slot="time", slots=slots), *advice)
    assert not run(ActionAskTime(), asked, domain)[2]
    # 晚上: the time, no offer back
    state = _turn_before(tracker_json(text="晚上", intent="inform", requested_slot="time", slots=slots,
                                      set_now={"time": "晚上"}), danger, *advice)
    got, _, answer = run(ValidateComplaintForm(), state, domain)
    assert "还要继续登记吗" not in said(answer) and got.get("time"), (got, answer)
    # 不留 at the phone question: no number, the complaint goes on
    timed = {**slots, "time": got["time"]}
    state = _turn_before(tracker_json(text="不留", intent="deny", requested_slot="contact", slots=timed,
                                      set_now={"contact": "不留"}), danger, *advice)
    got, _, answer = run(ValidateComplaintForm(), state, domain)
    assert got.get("contact") == "不留" and got.get("form_outcome") != "cancelled", (got, answer)
    assert "不登记" not in said(answer), said(answer)
    state = _turn_before(tracker_json(text="对", intent="affirm", active_loop=None,
                                      slots={**timed, "contact": "不留", "confirmation": True}), danger, *advice)
    filed_slots, _, filed = run(ActionSubmitComplaint(), state, domain)
    case = _get_case(live, filed_slots["case_number"], filed_slots["known_codes"][filed_slots["case_number"]])
    assert case["flagged"] is True and [n["kind"] for n in case["notes"]] == ["补充"], case["notes"]
    assert "110" in case["notes"][0]["text"] and "楼顶" in case["notes"][0]["text"]


CO_IN_FORM = "我妈洗澡洗着洗着就晕倒了，燃气热水器一直开着，叫她也不答应"


def test_actions_carbon_monoxide_in_the_form_notes_120_first(live, domain):
    """tester45 N-c: the CO advice (拨打急救电话120，燃气问题可拨96777) got the note 已提示其拨打燃气抢修
    热线96777或火警119. The note names the call the advice gives first: 120."""
    state = tracker_json(text=CO_IN_FORM, intent="inform", requested_slot="contact", slots=STALL_SLOTS,
                         set_now={"contact": CO_IN_FORM})
    _, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "一氧化碳" in told and "120" in told and "不用急着登记" in told, told
    state = _turn_before(tracker_json(text="对", intent="affirm", active_loop=None,
                                      slots={**STALL_SLOTS, "contact": "不留", "confirmation": True}),
                         CO_IN_FORM, *(m.get("text") for m in messages))
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    case = _get_case(live, slots["case_number"], slots["known_codes"][slots["case_number"]])
    notes = [n["text"] for n in case["notes"]]
    assert case["flagged"] is True and len(notes) == 1, notes
    assert "已提示其拨打急救电话120" in notes[0] and "火警119" not in notes[0], notes


@pytest.mark.parametrize("text", ["已经处理了", "处理完了", "已经解决了", "处理好了"])
def test_actions_handled_while_a_danger_waits_is_the_danger_over_not_a_case_query(live, domain, text):
    """tester45 N-b: 已经处理了 after a danger's advice at the place question got 请告诉我您的工单编号
    (read as a progress query). While a danger waits it is the danger over, as 处理好了: 我们接着登记,
    and the place asked again."""
    danger = "楼下有人拿着刀追人"
    state = tracker_json(text=danger, intent="inform", requested_slot="address", slots=NOISE_SLOTS,
                         set_now={"address": danger})
    _, _, advice = run(ValidateComplaintForm(), state, domain)
    assert "不用急着登记" in said(advice), said(advice)
    bot = [m.get("text") for m in advice]
    state = _turn_before(tracker_json(text=text, intent="ask_progress", requested_slot="address", slots=NOISE_SLOTS),
                         danger, *bot)
    got, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert "工单编号" not in told and "case_number" not in told and "我们接着登记" in told, told
    assert got.get("requested_slot") == "address" and not got.get("progress_asked"), got
    assert run(ActionAskAddress(), _this_turn(state, *(m.get("text") for m in messages)), domain)[2]
    state = _turn_before(tracker_json(text=text, intent="inform", requested_slot="address", slots=NOISE_SLOTS,
                                      set_now={"address": text}), danger, *bot)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "我们接着登记" in said(messages) and not got.get("address"), (got, messages)


def test_actions_how_about_the_gas_after_filing_repeats_its_advice(live, domain):
    """煤气味的事怎么办 right after filing (the gas told in the form) got 请问问题发生在哪里: its advice again."""
    _, _, advice = run(ValidateComplaintForm(), tracker_json(
        text=GAS_IN_FORM, intent="inform", requested_slot="contact", slots=STALL_SLOTS,
        set_now={"contact": GAS_IN_FORM}), domain)
    how = "煤气味的事怎么办"
    state = _turn_before(tracker_json(text=how, intent="complain", requested_slot=None,
                                      set_now={"description": how}),
                         GAS_IN_FORM, *(m.get("text") for m in advice))
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "96777" in said(messages) and not got.get("description"), (got, messages)
    assert not run(ActionAskDescription(), _this_turn(tracker_json(requested_slot="description"),
                                                      *(m.get("text") for m in messages)), domain)[2]


GAS_CASE = "楼道里一股很浓的煤气味，邻居家敲门也没人应"


@pytest.mark.parametrize("text", ["我已经打了96777了", "打过96777了", "已经打了12345了", "刚打了96069"])
def test_actions_a_hotline_called_is_no_number_nor_a_case_query(live, domain, text):
    """tester42 N3: 我已经打了96777了 at the phone question (a gas complaint, its advice said) got 请告诉我您的
    工单编号 (read as a progress query). 110/120/119 were spared only after the wait; any hotline called is
    好的，安全要紧… and the question asked again, read as a query or as the answer."""
    slots = {"description": GAS_CASE, "description_draft": GAS_CASE, "complaint_category": "城乡建设",
             "time_needed": False, "address": "北京市朝阳区团结湖北里3号楼"}
    state = tracker_json(text=text, intent="ask_progress", requested_slot="contact", slots=slots)
    got, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert "工单编号" not in told and "case_number" not in told and "好的，安全要紧" in told, told
    assert not got.get("contact") and not got.get("progress_asked"), got
    state = tracker_json(text=text, intent="inform", requested_slot="contact", slots=slots, set_now={"contact": text})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "好的，安全要紧" in told and "不完整" not in told and "工单编号" not in told, told
    assert got.get("contact") is None and got["requested_slot"] == "contact", got
    assert run(ActionAskContact(), _this_turn(tracker_json(requested_slot="contact", slots=slots),
                                              *(m.get("text") for m in messages)), domain)[2]


def test_actions_a_hotline_called_while_a_danger_waits_keeps_the_wait(live, domain):
    """The same while the bot waits after a gas smell told in the form: the wait, no question."""
    _, _, advice = run(ValidateComplaintForm(), tracker_json(
        text=GAS_IN_FORM, intent="inform", requested_slot="contact", slots=STALL_SLOTS,
        set_now={"contact": GAS_IN_FORM}), domain)
    text = "我已经打了96777了"
    state = _turn_before(tracker_json(text=text, intent="ask_progress", requested_slot="contact", slots=STALL_SLOTS),
                         GAS_IN_FORM, *(m.get("text") for m in advice))
    _, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert "case_number" not in told and "不用急着登记" in told, told
    assert not run(ActionAskContact(), _this_turn(state, *(m.get("text") for m in messages)), domain)[2]


def test_actions_a_place_answer_with_no_danger_is_still_the_place(live, domain):
    """Guard: an ordinary place is taken as before (the check costs no answer)."""
    state = tracker_json(text="朝阳区望京西园三区", intent="inform", requested_slot="address", slots=NOISE_SLOTS,
                         set_now={"address": "朝阳区望京西园三区"})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "望京西园三区" in (got.get("address") or "") and "不用急着登记" not in said(messages), got


def test_actions_the_danger_over_read_as_goodbye_takes_the_complaint_up_again(live, domain):
    """好了，警察来了，没事了 after the advice was read as goodbye: 好的，本次反映没有提交…再见 dropped the noise
    complaint. The danger is over, not the complaint: 我们接着登记, the pending question asked."""
    danger = "有人在小区门口拿着刀砍人"
    state = tracker_json(text=danger, intent="inform", requested_slot="address", slots=NOISE_SLOTS,
                         set_now={"address": danger})
    _, _, messages = run(ValidateComplaintForm(), state, domain)
    after = "好了，警察来了，没事了"
    state = _turn_before(tracker_json(text=after, intent="goodbye", requested_slot="address", slots=NOISE_SLOTS),
                         danger, *(m.get("text") for m in messages))
    _, events, answer = run(ActionLeaveForm(), state, domain)
    told = said(answer)
    assert "没有提交" not in told and "我们接着登记" in told, told
    assert not any(e.get("event") == "active_loop" for e in events)
    assert any(e.get("event") == "followup" and e.get("name") == "complaint_form" for e in events)


# -- "刚才那个不用处理了" with a case filed and a second complaint in progress: which one ------------

FUMES = "我家楼下还有个饭馆油烟很大"
VAGUE_WITHDRAW = "算了，刚才那个不用处理了"


def _which_asked(domain: dict[str, Any]) -> tuple[str, str, dict[str, Any], dict[str, Any], list[dict]]:
    """A case filed, a second complaint asked where, then 算了，刚才那个不用处理了 (read as deny)."""
    number, code, known = _filed_here(domain)
    slots = {**known, "description": FUMES, "description_draft": FUMES, "complaint_category": "环境保护"}
    state = tracker_json(text=VAGUE_WITHDRAW, intent="deny", requested_slot="address", slots=slots,
                         set_now={"address": VAGUE_WITHDRAW})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    return number, code, slots, {**slots, **got}, messages


def test_actions_a_vague_withdrawal_in_a_second_complaint_asks_which(live, domain):
    """G4: after case A was filed in the chat and 我家楼下还有个饭馆油烟很大 was started (请问问题发生在
    哪里？), 算了，刚才那个不用处理了 cancelled the new one (好的，本次反映没有提交) and case A got no
    withdrawal request. 刚才那个 may be either: which one is asked, with a button for each; nothing
    is dropped, filed or taken as the place, and no question follows."""
    number, code, _, got, messages = _which_asked(domain)
    told = said(messages)
    assert f"撤销刚登记的工单 {number}" in told and "还是不再反映" in told and "油烟" in told, told
    assert len(messages[-1].get("buttons") or []) == 2, messages
    assert not got.get("form_outcome") and not got.get("address") and got.get("requested_slot") == "address", got
    assert not _notes(live, number, code)
    asked = _this_turn(tracker_json(requested_slot="address", slots=got), *(m.get("text") for m in messages))
    assert not run(ActionAskAddress(), asked, domain)[2]


@pytest.mark.parametrize("answer, intent, action", [
    ("撤销刚登记的工单", "ask_progress", "check"), ("撤销刚登记的工单", "inform", "form"), ("前一个", "inform", "form"),
])
def test_actions_which_one_answered_the_case_is_withdrawn_with_the_words(live, domain, answer, intent, action):
    """The case: its withdrawal request with the words that asked for it (算了，刚才那个不用处理了), and the
    fumes complaint goes on (its question asked again)."""
    number, code, slots, got, messages = _which_asked(domain)
    state = _turn_before(tracker_json(text=answer, intent=intent, requested_slot="address", slots=slots,
                                      set_now={} if action == "check" else {"address": answer}),
                         VAGUE_WITHDRAW, *(m.get("text") for m in messages))
    after, events, answered = run(ActionCheckProgress() if action == "check" else ValidateComplaintForm(), state,
                                  domain)
    told = said(answered)
    assert f"您要撤销工单 {number}" in told and "接着登记" in told, told
    assert [n["text"] for n in _notes(live, number, code)] == [VAGUE_WITHDRAW]
    assert not after.get("form_outcome") and not after.get("address") and not any(
        e.get("event") == "active_loop" for e in events), after


@pytest.mark.parametrize("answer, intent", [("刚说的这件不反映了", "deny"), ("饭馆那个不用了", "deny")])
def test_actions_which_one_answered_the_new_complaint_is_dropped(live, domain, answer, intent):
    """The new complaint: it is dropped (本次反映没有提交, once), case A stays as it is."""
    number, code, slots, got, messages = _which_asked(domain)
    state = _turn_before(tracker_json(text=answer, intent=intent, requested_slot="address", slots=slots,
                                      set_now={"address": answer}),
                         VAGUE_WITHDRAW, *(m.get("text") for m in messages))
    after, _, answered = run(ValidateComplaintForm(), state, domain)
    assert after.get("form_outcome") == "cancelled" and "本次反映没有提交" in said(answered), answered
    assert not _notes(live, number, code)
    done = _this_turn(tracker_json(text=answer, intent=intent, active_loop=None, slots={**slots, **after}),
                      *(m.get("text") for m in answered))
    _, _, closing = run(ActionSubmitComplaint(), done, domain)
    assert "utter_cancelled" not in said(closing) and "已为您登记" not in said(closing), closing


CLEARED = "垃圾站已经清理了"


def _withdrawn_in_form(domain: dict[str, Any], answer: str, intent: str, action: str):
    """Which one asked, answered 撤销刚登记的工单 / 前一个: the case's withdrawal noted, the fumes complaint
    goes on (请问问题发生在哪里？)."""
    number, code, slots, got, messages = _which_asked(domain)
    state = _turn_before(tracker_json(text=answer, intent=intent, requested_slot="address", slots=slots,
                                      set_now={} if action == "check" else {"address": answer}),
                         VAGUE_WITHDRAW, *(m.get("text") for m in messages))
    after, _, answered = run(ActionCheckProgress() if action == "check" else ValidateComplaintForm(), state, domain)
    answered = [*answered, *run(ActionAskAddress(), _this_turn(state, *(m.get("text") for m in answered)), domain)[2]]
    assert "utter_ask_address" in said(answered), said(answered)
    return number, code, {**slots, **{k: v for k, v in after.items() if k != "requested_slot"}}, answered


@pytest.mark.parametrize("answer, intent, action", [("撤销刚登记的工单", "inform", "form"),
                                                    ("撤销刚登记的工单", "ask_progress", "check")])
@pytest.mark.parametrize("reason, reason_intent", [(CLEARED, "inform"), ("问题已经解决了", "out_of_scope"),
                                                  ("不需要了，已经修好了", "deny")])
def test_actions_the_reason_after_a_withdrawal_in_a_second_complaint_goes_on_the_case(
        live, domain, answer, intent, action, reason, reason_intent):
    """N4 (tester41): 撤销刚登记的工单 → …您的撤销申请已经记在工单上…我们接着登记您正在反映的问题; then 垃圾站
    已经清理了 → 这个问题我记下了，我们一件一件来 (a second problem) and the place question. A reason right
    after the withdrawal goes on that case's withdrawal request (the words kept beside the first), is
    acknowledged, and the fumes complaint goes on with its question; nothing of it is the place."""
    number, code, slots, withdrawn = _withdrawn_in_form(domain, answer, intent, action)
    state = _turn_before(tracker_json(text=reason, intent=reason_intent, requested_slot="address", slots=slots,
                                      set_now={"address": reason} if reason_intent == "inform" else {}),
                         answer, *(m.get("text") for m in withdrawn))
    runner = {"inform": ValidateComplaintForm(), "out_of_scope": ActionInformOutside(),
              "deny": ActionLeaveForm()}[reason_intent]
    got, events, told = run(runner, state, domain)
    text = said(told)
    assert "已把原因补充到" in text and number in text and "撤销申请" in text and "接着登记" in text, text
    assert "一件一件来" not in text and "还有其他需要帮忙" not in text, text
    assert [n["text"] for n in _notes(live, number, code)] == [VAGUE_WITHDRAW, "撤销原因：" + reason]
    assert not got.get("address") and not got.get("second_issue") and not got.get("form_outcome"), got
    assert not any(e.get("event") == "active_loop" for e in events), events
    asked = run(ActionAskAddress(), _this_turn(tracker_json(requested_slot="address", slots=slots),
                                               *(m.get("text") for m in told)), domain)[2]
    assert said(asked) == "utter_ask_address", asked


def test_actions_an_answer_after_a_withdrawal_in_a_second_complaint_is_the_answer(live, domain):
    """Guard: the place said after the withdrawal is the fumes complaint's place, no reason noted."""
    number, code, slots, withdrawn = _withdrawn_in_form(domain, "撤销刚登记的工单", "inform", "form")
    place = "西城区德胜街道新康社区6号楼"
    state = _turn_before(tracker_json(text=place, intent="inform", requested_slot="address", slots=slots,
                                      set_now={"address": place}), "撤销刚登记的工单", *(m.get("text") for m in withdrawn))
    got, _, told = run(ValidateComplaintForm(), state, domain)
    assert "德胜" in (got.get("address") or "") and "已把原因" not in said(told), (got, told)
    assert [n["text"] for n in _notes(live, number, code)] == [VAGUE_WITHDRAW]


def test_actions_the_reason_after_a_withdrawal_right_after_filing_goes_on_the_case(live, domain):
    """Guard: right after filing (no complaint in progress) 算了，不用处理了 asks the reason; 垃圾站已经清理了
    goes on the case's withdrawal request."""
    number, code, known = _filed_here(domain)
    state = tracker_json(text="算了，不用处理了", intent="deny", slots=known, active_loop=None)
    _, _, withdrawn = run(ActionInformOutside(), state, domain)
    assert "方便说一下撤销原因吗" in said(withdrawn), said(withdrawn)
    state = _turn_before(tracker_json(text=CLEARED, intent="inform", slots=known, active_loop=None),
                         "算了，不用处理了", *(m.get("text") for m in withdrawn))
    _, _, told = run(ActionInformOutside(), state, domain)
    assert "撤销原因已经记在工单" in said(told), said(told)
    assert [n["text"] for n in _notes(live, number, code)] == ["算了，不用处理了", "撤销原因：" + CLEARED]


def test_actions_a_withdrawal_naming_the_case_needs_no_which(live, domain):
    """Guard: 刚才那个工单不用处理了 names the case: no question of which (handled as before)."""
    number, code, known = _filed_here(domain)
    slots = {**known, "description": FUMES, "description_draft": FUMES}
    state = tracker_json(text="刚才那个工单不用处理了", intent="deny", requested_slot="address", slots=slots,
                         set_now={"address": "刚才那个工单不用处理了"})
    _, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "还是不再反映" not in said(messages)


# -- G6: a place said again at the phone question; 不留 twice; the complaint left in a crisis ------------

def test_actions_the_place_said_again_at_the_phone_question_is_the_place(live, domain):
    """G6: 就是和平里那个垃圾站 at the phone question was appended to the description and went to the
    read-back. It names the place again: the place, the number asked again, the description as it was."""
    text = "东城区和平里街道的垃圾站臭了一个月了"
    slots = {"description": text, "description_draft": text, "address": "北京市东城区和平里街道",
             "complaint_category": "城乡建设"}
    got, _, messages = validate(domain, "就是和平里那个垃圾站", "contact", requested_slot="contact", slots=slots)
    assert got.get("contact") is None and got.get("requested_slot") == "contact", got
    assert got.get("description", text) == text and "和平里" in (got.get("address") or ""), got
    assert "地点记下了" in said(messages)


def test_actions_no_number_said_again_at_the_read_back_is_not_read_back_again(live, domain):
    """G6: 不留 at the read-back when no number was left repeated the same read-back: told, not repeated."""
    slots = {**_filled(), "contact": "不留"}
    state = tracker_json(text="不留", intent="deny", requested_slot="confirmation", slots=slots,
                         set_now={"confirmation": False, "fix_field": "不留"})
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert sum("已经按不留记下了" in (m.get("text") or "") for m in messages) == 1, messages
    assert got.get("requested_slot") == "confirmation" and not got.get("form_outcome"), got
    assert not run(ActionAskConfirmation(), _this_turn(tracker_json(requested_slot="confirmation",
                                                                     slots={**slots, **got}), "好的，不留电话，已经按不留记下了。"),
                   domain)[2]


WAGES = "我们在顺义区后沙峪镇的工地干了四个月活，老板一分钱工资没给"
JUMP = "要是过年前再要不到钱，我就从工地楼上跳下去"


def test_actions_an_act_of_self_harm_is_no_complaint_offered_back(live, domain):
    """tester40 N1: after the first aid for 我吃了一整瓶安眠药, 不留 got 您刚才说的“我吃了一整瓶安眠药”的事，
    还要继续登记吗 (and 继续登记 led to the phone question): the act is no complaint to take up again."""
    act = "我吃了一整瓶安眠药"
    slots = {"description": act, "description_draft": act, "address": "北京市朝阳区双井"}
    advice = ("如已经服下药物或农药：请立即拨打急救电话120，告诉调度员吃了什么、吃了多少，保留药瓶和包装；"
              "不要一个人待着，打开门等急救人员。心理援助热线12356、北京心理援助热线010-82951332（24小时）都可以倾诉求助。")
    state = _turn_before(tracker_json(text="不留", intent="deny", requested_slot="contact", slots=slots,
                                      set_now={"contact": "不留"}), act, advice)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "还要继续登记吗" not in said(messages) and "安眠药”的事" not in said(messages), said(messages)


def test_actions_a_complaint_left_in_a_crisis_is_offered_back_once(live, domain):
    """G6: a crisis said at the phone question of a wage complaint was taken as 不留 (the read-back held
    back), and after 嗯 / 不留 the complaint was never spoken of again. The crisis sentence is no answer;
    once a non-crisis message comes (不留), the complaint is offered back once; 继续登记 takes it up."""
    slots = {"description": WAGES, "description_draft": WAGES, "complaint_category": "劳动和社会保障",
             "address": "北京市顺义区后沙峪镇裕祥路住宅工地"}
    state = tracker_json(text=JUMP, intent="inform", requested_slot="contact", slots=slots, set_now={"contact": JUMP})
    got, _, crisis = run(ValidateComplaintForm(), state, domain)
    assert got.get("contact") is None and got.get("requested_slot") == "contact" and "12356" in said(crisis), got
    state = _turn_before(tracker_json(text="不留", intent="deny", requested_slot="contact", slots=slots,
                                      set_now={"contact": "不留"}), JUMP, *(m.get("text") for m in crisis))
    got, _, offer = run(ValidateComplaintForm(), state, domain)
    assert "您刚才说的欠薪的事，还要继续登记吗？" in said(offer) and got.get("contact") is None, (got, offer)
    asked = _this_turn(tracker_json(requested_slot="contact", slots={**slots, **got}), *(m.get("text") for m in offer))
    assert not run(ActionAskContact(), asked, domain)[2]
    state = _turn_before(tracker_json(text="继续登记", intent="inform", requested_slot="contact", slots=slots,
                                      set_now={"contact": "继续登记"}), "不留", *(m.get("text") for m in offer))
    got, _, resumed = run(ValidateComplaintForm(), state, domain)
    assert "我们接着登记" in said(resumed) and got.get("contact") is None and not got.get("form_outcome"), got
    state = _turn_before(tracker_json(text="先不登记了", intent="deny", requested_slot="contact", slots=slots,
                                      set_now={"contact": "先不登记了"}), "不留", *(m.get("text") for m in offer))
    got, _, dropped = run(ValidateComplaintForm(), state, domain)
    assert got.get("form_outcome") == "cancelled" and "本次反映没有提交" in said(dropped), got


# -- tester47: what the citizen says beyond the question (the REST channel writes spoken pauses as commas) ----

_PIPE = {"description": "快快快，我们单元楼道的水管爆了，水一直往外喷，都流到电梯井里去了",
         "description_draft": "快快快，我们单元楼道的水管爆了，水一直往外喷，都流到电梯井里去了",
         "complaint_category": "商贸旅游", "time_needed": False}


def test_actions_tester47_b1_a_place_with_more_of_the_same_matter_is_the_place(live, domain):
    """tester47 B1 (c09): 昌平区回龙观街道龙泽苑东区12号楼，就十分钟前开始的，物业电话没人接 at the place question
    was parked as a second problem (我们一件一件来), the place asked again and offered as a case of its own
    after filing. The place is the address, the rest joins the description, nothing is parked."""
    text = "昌平区回龙观街道龙泽苑东区12号楼，就十分钟前开始的，物业电话没人接"
    slots, _, messages = validate(domain, text, "address", requested_slot="address", slots=_PIPE)
    assert slots["address"] == "北京市昌平区回龙观街道龙泽苑东区12号楼", slots
    assert slots["description"] == _PIPE["description"] + "，就十分钟前开始的，物业电话没人接", slots
    assert not slots.get("second_issue") and "utter_one_at_a_time" not in said(messages)
    assert slots["requested_slot"] == "contact" and "补充到问题里" in said(messages)


def test_actions_tester47_b1_a_company_named_with_the_place_and_another_problem_said_as_such(live, domain):
    """tester47 B1 (c30): 公司在朝阳区酒仙桥街道，叫北京星河文化传媒有限公司，另外我们公司还拖了我两个月工资 at
    the place question of a 社保 complaint: all of it was parked, the place asked again, and the company's name
    reached only the second case. The place is kept, the name joins this complaint, the unpaid wages (said as
    another problem: 另外…) are kept for after filing."""
    desc = "公司两年没给我交社保，我现在要生孩子了，生育险报不了，问公司就说经营困难"
    text = "公司在朝阳区酒仙桥街道，叫北京星河文化传媒有限公司，另外我们公司还拖了我两个月工资"
    slots, _, messages = validate(domain, text, "address", requested_slot="address",
                                  slots={"description": desc, "description_draft": desc,
                                         "complaint_category": "劳动和社会保障"})
    assert slots["address"] == "北京市朝阳区酒仙桥街道", slots
    assert slots["description"] == desc + "，公司叫北京星河文化传媒有限公司"
    assert slots["second_issue"] == "我们公司还拖了我两个月工资" and "utter_one_at_a_time" in said(messages)


def test_actions_tester47_b1_a_retraction_said_with_the_place_is_kept_with_the_complaint(live, domain):
    """tester47 B1 (c31): 我就是气话，我就想把钱要回来，工地在房山区长阳镇，一个叫金隅的楼盘 after the crisis lines:
    parked as a second problem, so the retraction never reached the urgent case. The place is the address, the
    retraction and the site's name join the description."""
    desc = "包工头跑了，欠我们八万块钱，我家里老娘等着这钱看病，再要不回来我真不想活了"
    text = "我就是气话，我就想把钱要回来，工地在房山区长阳镇，一个叫金隅的楼盘"
    slots, _, _ = validate(domain, text, "address", requested_slot="address",
                                  slots={"description": desc, "description_draft": desc,
                                         "complaint_category": "劳动和社会保障"})
    assert slots["address"] == "北京市房山区长阳镇" and not slots.get("second_issue"), slots
    assert "我就是气话，我就想把钱要回来" in slots["description"] and "金隅" in slots["description"]


_HEAT = {"description": "你好，我家暖气一点都不热，屋里才十五度，老人孩子都冻感冒了，你们管不管啊",
         "description_draft": "你好，我家暖气一点都不热，屋里才十五度，老人孩子都冻感冒了，你们管不管啊",
         "complaint_category": "城乡建设", "address": "北京市朝阳区劲松街道农光里小区12号楼3单元"}


def test_actions_tester47_b1_more_of_the_matter_at_the_phone_question_joins_it(live, domain):
    """tester47 B1 (c01): 从十一月十五号供暖开始就不热，物业说是热力公司的事，热力公司说是物业的事，踢皮球 at the
    phone question of 暖气不热 was parked as a second problem. It is more of it: added, and the number asked
    again (never a silent 不留)."""
    text = "从十一月十五号供暖开始就不热，物业说是热力公司的事，热力公司说是物业的事，踢皮球"
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact", intent="complain", slots=_HEAT)
    # (你们管不管啊, talk to the bot, leaves the problem as it is joined: tester59 G21)
    assert slots["description"] == f"{_HEAT['description'].removesuffix('，你们管不管啊')}，{text}" \
        and not slots.get("second_issue"), slots
    assert slots["contact"] is None and slots["requested_slot"] == "contact"
    assert "utter_one_at_a_time" not in said(messages)


def test_actions_tester47_b1_the_same_matter_said_to_the_offer_goes_on_the_case_just_filed(live, domain):
    """tester47 B1 (c01): after filing, the bot offered what it had parked; 那不是一个事吗，我就是补充一下暖气的情况
    opened a new form (请问问题发生在哪里), risking a duplicate case. It is an addition to the case just
    filed: the parked words go on it as the citizen's 补充, no complaint is started, the offer is taken."""
    parked = "从十一月十五号供暖开始就不热，物业说是热力公司的事，热力公司说是物业的事，踢皮球"
    number, code, known = _filed_here(domain, {**_HEAT, "confirmation": True, "contact": "13912345678",
                                               "second_issue": parked})
    offer = {"text": parked, "address": _HEAT["address"], "contact": "13912345678"}
    text = "那不是一个事吗，我就是补充一下暖气的情况"
    state = _turn_before(tracker_json(text=text, requested_slot=None, slots={**known, "offered_issue": offer},
                                      set_now={"description": text}),
                         "对", f"已为您登记，工单编号 {number}。\n您刚才还提到“{parked}”，需要登记的话请回复“登记”")
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["form_outcome"] == "cancelled" and slots["description"] is None, slots
    state["slots"].update({"confirmation": False, "form_outcome": "cancelled", "description": None})
    state["active_loop"] = {}
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert f"已把您补充的内容记到工单 {number} 上" in said(messages), said(messages)
    assert [(n["kind"], n["text"]) for n in _notes(live, number, code)] == [("补充", parked)]
    assert slots.get("offered_issue") is None


_NIGHT_WORK = {"description": "地铁工地天天夜里施工，渣土车轰隆隆的，夜里两三点还在干",
               "description_draft": "地铁工地天天夜里施工，渣土车轰隆隆的，夜里两三点还在干",
               "complaint_category": "城乡建设", "address": "北京市昌平区天通苑北街道立汤路地铁工地",
               "time": "天天夜里、夜里两三点", "time_needed": True, "contact": "13912345678", "confirmation": None}


@pytest.mark.parametrize("slot, intent, value", [("confirmation", "deny", False), ("fix_field", "inform", None)])
def test_actions_tester47_b2_a_detail_told_again_changes_that_detail_only(live, domain, slot, intent, value):
    """tester47 B2 (c34): 我重新说一下，是夜里十二点到早上五点，不是两三点，而且他们说有夜间施工许可证，但我不信 at
    the read-back replaced the whole description (no 施工, no 渣土车 left) and asked for the place again. The hours
    are corrected where they were said (the problem and the time), the rest is added, the place is kept."""
    text = "我重新说一下，是夜里十二点到早上五点，不是两三点，而且他们说有夜间施工许可证，但我不信"
    slots, _, messages = validate(domain, text, slot, value=value, intent=intent, requested_slot="confirmation",
                                  slots=_NIGHT_WORK)
    assert slots["description"] == ("地铁工地天天夜里施工，渣土车轰隆隆的，夜里十二点到早上五点还在干，"
                                    "而且他们说有夜间施工许可证，但我不信"), slots
    assert slots["time"] == "天天夜里、夜里十二点到早上五点" and "address" not in slots
    assert slots["requested_slot"] == "confirmation" and slots.get("confirmation") is None
    assert "重新说的登记" not in said(messages)


def test_actions_tester47_b2_the_same_matter_told_over_keeps_its_place(live, domain):
    """tester47 B2: the complaint told over at the read-back without its place dropped the place said before
    (请问问题发生在哪里 again). Told over about the same matter, the place stays."""
    text = "我重新说一下，地铁工地夜里施工太吵了，渣土车来回跑"
    slots, _, messages = validate(domain, text, "fix_field", intent="inform", requested_slot="confirmation",
                                  slots=_NIGHT_WORK)
    assert slots["description"] == "地铁工地夜里施工太吵了，渣土车来回跑", slots
    assert slots["address"] == _NIGHT_WORK["address"] and slots["requested_slot"] != "address"
    assert "地点还按刚才说的" in said(messages)


def test_actions_tester47_b3_two_problems_said_with_pauses_are_two(live, domain):
    """tester47 B3 (c13): 反映两个事 一是… 二是… was one case to one department; said with the pauses written as
    commas (the REST channel, 09d356b) the first is this complaint and the second is kept for after filing."""
    text = "反映两个事，一是我们楼顶有人私搭乱建盖了个彩钢房，二是小区消防通道天天被私家车堵死，物业也不管"
    slots, _, messages = validate(domain, text, "description")
    assert slots["description"] == "我们楼顶有人私搭乱建盖了个彩钢房"
    assert slots["second_issue"] == "小区消防通道天天被私家车堵死，物业也不管"
    assert "utter_one_at_a_time" in said(messages)


def test_actions_tester47_b5_a_place_corrected_on_the_way_at_another_question(live, domain):
    """tester47 B5: self-corrections in a place were stored word for word. c22: 是西红门镇，寿保庄村，不对不对，是新建村
    (at the phone question) → …西红门镇新建村; c29: 不对，是西城区，月坛街道在西城 (at the reading question) moves
    the place's district and keeps 三里河一区; c38: 不对，是百万庄东里，不是百万庄小区 (at the read-back) keeps the
    street already known."""
    demolition = "我家在大兴区西红门镇的老宅子要拆迁，补偿款比邻居家少了一半"
    slots, _, _ = validate(domain, "是西红门镇，寿保庄村，不对不对，是新建村", "contact", requested_slot="contact",
                           slots={"description": demolition, "complaint_category": "城乡建设",
                                  "address": "北京市大兴区西红门镇"})
    assert slots["address"] == "北京市大兴区西红门镇新建村" and slots["contact"] is None, slots
    ktv = "东城区月坛街道三里河一区，晚上十点以后，有个KTV特别吵，低音炮震得玻璃都响"
    slots, _, messages = validate(domain, "不对，是西城区，月坛街道在西城", "category_choice",
                                  requested_slot="category_choice",
                                  slots={"description": ktv, "category_candidates": ["环境保护", "城乡建设"],
                                         "address": "北京市东城区月坛街道三里河一区", "time": "晚上十点以后"})
    assert slots["address"] == "北京市西城区月坛街道三里河一区" and slots["category_choice"] is None, slots
    assert "retries" not in slots and "地点改为" in said(messages)
    garden = "小区里有人私自圈地种菜，还搭了个棚子"
    slots, _, _ = validate(domain, "不对，是百万庄东里，不是百万庄小区", "confirmation", value=False, intent="deny",
                           requested_slot="confirmation",
                           slots={"description": garden, "complaint_category": "城乡建设", "contact": "不留",
                                  "address": "北京市西城区展览路街道百万庄大街百万庄小区"})
    assert slots["address"] == "北京市西城区展览路街道百万庄大街百万庄东里", slots
    assert slots["requested_slot"] == "confirmation"


@pytest.mark.parametrize("text, kept, address", [
    ("车牌号我记得是京B·T1234，电话就是我这个号 15900001234", "车牌号我记得是京B·T1234", None),
    ("单号是75312345678901 电话13699998888", "单号是75312345678901", None),
    ("电话13366667777 对了是朝阳医院本部，不是西院", "是朝阳医院本部，不是西院", "北京市朝阳区朝阳医院本部"),
])
def test_actions_tester47_b6_facts_said_with_the_number_reach_the_description(live, domain, text, kept, address):
    """tester47 B6: the taxi's plate (c18), the tracking number (c32) and 朝阳医院本部，不是西院 (c16) said with the
    phone number never reached the case. They join the description; the campus refines the hospital's place."""
    desc = "出租车司机故意绕路，平时一百块钱，他收了我一百八"
    slots, _, _ = validate(domain, text, "contact", requested_slot="contact",
                           slots={"description": desc, "complaint_category": "交通运输",
                                  "address": "北京市朝阳区朝阳医院"})
    assert slots["contact"] and slots["description"] == f"{desc}，{kept}", slots
    assert slots.get("address") == address and slots["requested_slot"] == "confirmation"


def test_actions_tester47_b6_facts_and_fillers_said_with_the_place(live, domain):
    """tester47 B6: 是中通快递 (c32), 我已经下楼了，打了96777说马上到 (c03) said with the place never reached the
    description, and 住哪儿啊 (c23) stayed in the address."""
    parcel = "快递员不送货上门，每次都直接扔驿站，上周我一个包裹还丢了"
    slots, _, _ = validate(domain, "门头沟区大峪街道，新桥南大街，是中通快递", "address", requested_slot="address",
                           slots={"description": parcel, "complaint_category": "商贸旅游"})
    assert slots["address"] == "北京市门头沟区大峪街道新桥南大街" and slots["description"] == f"{parcel}，是中通快递"
    gas = "楼道里有很大的煤气味，好像是对门家漏气了，敲门没人"
    slots, _, _ = validate(domain, "我已经下楼了，打了96777说马上到，西城区广安门外街道红居南街小区3号楼", "address",
                           requested_slot="address", slots={"description": gas, "complaint_category": "城乡建设"})
    assert slots["address"] == "北京市西城区广安门外街道红居南街小区3号楼"
    assert slots["description"] == f"{gas}，我已经下楼了，打了96777说马上到"
    illegal = "我们楼顶有人私搭乱建盖了个彩钢房"
    slots, _, _ = validate(domain, "都在丰台区卢沟桥街道万柳园小区，彩钢房在8号楼楼顶", "address", requested_slot="address",
                           slots={"description": illegal, "complaint_category": "城乡建设"})
    assert slots["address"] == "北京市丰台区卢沟桥街道万柳园小区" and slots["description"] == f"{illegal}，彩钢房在8号楼楼顶"
    slots, _, _ = validate(domain, "住哪儿啊，我住朝阳区，那个什么，望京街道，花家地北里，5号楼", "address",
                           requested_slot="address", slots={"description": "电梯坏了一个多礼拜了", "complaint_category": "城乡建设"})
    assert slots["address"].startswith("北京市朝阳区") and "住哪儿" not in slots["address"] \
        and "什么" not in slots["address"] and slots["address"].endswith("花家地北里5号楼"), slots


def test_actions_tester47_b6_an_online_purchase_has_no_place(live, domain):
    """tester47 B6 (c19): 网上买的啊，哪有地点，店铺叫优品家居旗舰店，在某东上 was 这个地点还不够具体 twice, a home
    district forced. An online purchase is filed as 网络购物, the shop and the platform in the description."""
    desc = "我在网上买了个空气净化器，收到是坏的，商家一直拖着不给退款"
    slots, _, messages = validate(domain, "网上买的啊，哪有地点，店铺叫优品家居旗舰店，在某东上", "address",
                                  requested_slot="address", slots={"description": desc, "complaint_category": "商贸旅游"})
    assert slots["address"] == "网络购物（无实体地点）" and slots["requested_slot"] == "contact", slots
    assert slots["description"] == f"{desc}，店铺叫优品家居旗舰店，在某东上" and "retries" not in slots
    assert "网上购物没有实体地点" in said(messages)


def test_actions_tester47_b6_the_name_said_after_the_normal_place_is_kept(live, domain):
    """tester47 B6 (c28): 小区是石景山区鲁谷街道重聚园 was read back as 北京市石景山区鲁谷街道 (the triage's normal
    form); 重聚园 is kept."""
    text = "停车费从一个月150涨到了400，物业也没开业主大会，小区是石景山区鲁谷街道重聚园"
    slots, _, _ = validate(domain, text, "description")
    assert slots["address"] == "北京市石景山区鲁谷街道重聚园", slots


@pytest.mark.parametrize("text", ["就刚才，晚上九点半左右", "一般都是早上七点和晚上八点左右遛"])
def test_actions_tester47_b7_a_time_at_the_phone_question_is_the_time(live, domain, text):
    """tester47 B7 (c08, c14): a time said at the phone question was ignored and the phone asked again."""
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact",
                                  slots={"description": "家里突然停电了，整栋楼都没电", "complaint_category": "城乡建设",
                                         "address": "北京市石景山区八角街道八角北路29号院"})
    assert slots["time"] == text and slots["contact"] is None and "时间记下了" in said(messages), slots


def test_actions_tester47_b8_a_correction_is_no_answer_to_the_question_asked(live, domain):
    """tester47 B8: 不对，我说错了，是专8路，不是特8 (c17) was stored as the place (龙泽地铁站 lost); 你先别问地方，我是
    说你们12345的服务有问题，你听懂了没有 (c11) as the time. The bus line is corrected in the problem, the place kept;
    the protest is no place, what it insists on joins the problem, the place asked again with no failed answer."""
    bus = "今天早上七点四十在龙泽地铁站那个公交站，特8路公交车到站根本不停，直接开走了"
    for slot in ("contact", "address"):
        slots, _, messages = validate(domain, "不对，我说错了，是专8路，不是特8", slot, requested_slot=slot,
                                      slots={"description": bus, "complaint_category": "交通运输",
                                             **({"address": "北京市昌平区龙泽地铁站"} if slot == "contact" else {})})
        assert slots["description"] == bus.replace("特8路", "专8路") and slots[slot] is None, slots
        assert "address" not in slots or slot == "address" and slots["address"] is None
        assert slots["requested_slot"] == slot and "已改为“专8路”" in said(messages)
    angry = "我要投诉你们12345！！我上个月打了三次电话反映楼下烧烤油烟，每次都说转给街道了，结果啥用没有"
    slots, _, messages = validate(domain, "你先别问地方，我是说你们12345的服务有问题，你听懂了没有", "address",
                                  requested_slot="address",
                                  slots={"description": angry, "complaint_category": "环境保护", "time_needed": True})
    assert slots["address"] is None and "time" not in slots and "retries" not in slots, slots
    assert slots["description"] == f"{angry}，你们12345的服务有问题" and "抱歉" in said(messages)
    # and the time corrected at the read-back is taken at once (with the pause as a comma)
    slots, _, _ = validate(domain, "时间不对，是每天晚上六点到半夜两点", "fix_field", intent="inform",
                           requested_slot="confirmation",
                           slots={"description": angry, "complaint_category": "环境保护", "time_needed": True,
                                  "address": "北京市朝阳区双井街道富力城东区底商", "time": "不确定", "contact": "不留"})
    assert slots["time"] == "每天晚上六点到半夜两点" and slots["requested_slot"] == "confirmation", slots


def test_actions_tester47_b9_more_with_someone_elses_phone_at_the_read_back(live, domain):
    """tester47 B9 (c08): 还有，是晚上九点半开始停的，供电局电话打不通 at the read-back asked for the phone again
    (电话 read as the part to fix) and the addition was lost. The time is taken, the rest joins the problem."""
    filled = {"description": "家里突然停电了，整栋楼都没电", "complaint_category": "城乡建设",
              "address": "北京市石景山区八角街道八角北路29号院", "contact": "13700001111", "confirmation": None}
    slots, _, _ = validate(domain, "还有，是晚上九点半开始停的，供电局电话打不通", "fix_field", intent="inform",
                           requested_slot="confirmation", slots=filled)
    assert slots["time"] == "晚上九点半开始停的" and "contact" not in slots, slots
    assert slots["description"] == filled["description"] + "，供电局电话打不通"
    assert slots["requested_slot"] == "confirmation"
    assert fix_targets("供电局电话打不通", has_time=False, has_choice=False) == []
    assert fix_targets("电话不对", has_time=False, has_choice=False) == ["contact"]


@pytest.mark.parametrize("text, told", [("匿名", "按匿名反映登记"), ("我说了匿名，就是不留", "按匿名反映登记"),
                                        ("我不想留名，匿名行吗", "可以，按匿名反映登记")])
def test_actions_tester47_b10_anonymous_is_no_number(live, domain, text, told):
    """tester47 B10 (c29, c10): 匿名 / 我说了匿名，就是不留 at the phone question was answered with the secrecy line
    and the phone asked again, twice. It is 不留, said so; the read-back notes the identity kept."""
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact",
                                  slots={"description": "KTV特别吵", "complaint_category": "环境保护",
                                         "address": "北京市西城区月坛街道"})
    assert slots["contact"] == "不留" and slots["requested_slot"] == "confirmation", slots
    assert told in said(messages)
    state = _this_turn(tracker_json(requested_slot="confirmation",
                                    slots={"description": "KTV特别吵", "address": "北京市西城区月坛街道", "contact": "不留"}),
                       *(m.get("text") for m in messages))
    _, _, readback = run(ActionAskConfirmation(), state, domain)
    assert "备注：对您的身份保密" in said(readback)


def test_actions_tester47_b11_a_worry_said_with_the_place_keeps_the_place(live, domain):
    """tester47 B11 (c15): 顺义区的，仁和镇，顺义区第五中学，我不想让学校知道是我举报的，孩子还要在那上学呢 lost the
    place (asked again). The place is kept, the worry answered and kept in the text for the handling unit."""
    school = "孩子学校老师让每个家长交八百块钱资料费，还不给收据"
    slots, _, messages = validate(domain, "顺义区的，仁和镇，顺义区第五中学，我不想让学校知道是我举报的，孩子还要在那上学呢",
                                  "address", requested_slot="address",
                                  slots={"description": school, "complaint_category": "教育文体"})
    assert slots["address"] == "北京市顺义区仁和镇第五中学" and slots["requested_slot"] == "contact", slots
    assert KEPT_SECRET in said(messages) and "不想让学校知道" in slots["description"]


def test_actions_tester47_b11_a_question_without_its_mark_at_the_phone_question(live, domain):
    """tester47 B11 (c25, c07): 你们一般多久能处理，别又是转来转去 at the phone question was a silent 不留, and 这个要
    多久能把钱要回来，快过年了 got no answer. The question is answered (接诉即办: the time limit is set when the case
    is dispatched) and the phone asked again."""
    slots, _, messages = validate(domain, "你们一般多久能处理，别又是转来转去", "contact", requested_slot="contact",
                                  slots={"description": "楼下新开了个川菜馆，油烟管子直接对着我家窗户排",
                                         "complaint_category": "环境保护", "address": "北京市丰台区方庄芳城园一区"})
    assert slots["contact"] is None and slots["requested_slot"] == "contact", slots
    assert "接诉即办" in said(messages) and "时限" in said(messages)


def test_actions_tester47_b17_a_short_number_and_a_code_said_before_it(live, domain):
    """tester47 B17 (c12): 编号是20261206-2 was not read as a number, and 查询码264480 said before the number was
    forgotten (asked again after it)."""
    number, code, _ = _filed_here(domain)
    short = f"{number[2:10]}-{int(number[11:])}"
    assert case_number_in(f"编号是{short}") == number and case_number_in("2026-12-06") is None
    _, _, messages = run(ActionCheckProgress(), tracker_json(text=f"我前天报的那个事咋样了，编号是{short}",
                                                             intent="ask_progress", active_loop=None), domain)
    assert messages[0].get("response") == "utter_ask_query_code", messages
    first = tracker_json(text=f"查询码{code}", intent="inform", active_loop=None, slots={"progress_asked": "number"})
    slots, _, asked = run(ActionCheckProgress(), first, domain)
    assert "查询码记下了" in said(asked) and slots["progress_asked"] == "number"
    state = _then(first, asked, tracker_json(text=number.replace("-", ""), intent="inform", active_loop=None,
                                             slots={"progress_asked": "number"}))
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert f"工单 {number} 当前状态" in said(messages), said(messages)


def test_actions_tester47_b18_a_landline_in_chinese_digits_with_a_pause(live, domain):
    """tester47 B18 (c23): 不会用手机，你就记我家座机吧，八四七 一二三四五 (the space between numerals stays) is the
    number at the phone question (the form's reading; the NLU read the message as out of scope)."""
    slots, _, _ = validate(domain, "不会用手机，你就记我家座机吧，八四七 一二三四五", "contact", requested_slot="contact",
                           slots={"description": "电梯坏了一个多礼拜了", "address": "北京市朝阳区花家地北里5号楼"})
    assert slots["contact"] == "84712345" and "description" not in slots, slots


def test_actions_tester47_b19_no_lead_in_in_a_note_or_a_title(live, domain):
    """tester47 B19: the 补充 note kept its lead-in (刚才那个工单 从十一月…) and titles began with the call's opening
    words (喂你好我要反映一下就是…, 那我重新反映一下吧 …)."""
    number, code, known = _filed_here(domain)
    state = tracker_json(text="我想补充一下刚才那个工单，从十一月十五号供暖开始就不热", intent="inform", active_loop=None,
                         slots=known)
    run(ActionInformOutside(), state, domain)
    assert [n["text"] for n in _notes(live, number, code)] == ["从十一月十五号供暖开始就不热"]
    assert _title("喂你好我要反映一下就是我们小区垃圾站那个垃圾好几天没人清运了").startswith("我们小区垃圾站")
    assert _title("那我重新反映一下吧，停车费从一个月150涨到了400，物业也没开业主大会") \
        == "停车费从一个月150涨到了400，物业也没开业主大会"
    assert _title("我要投诉") == "我要投诉"
