"""What the bot understands and answers beside a complaint, and its safety talk (tester47: B4, B12-B15,
B19): a lift entrapment, everyday grievances, a family quarrel, what 12345 handles, service lines,
complaints about 12345 itself, "你说啥" and "没了"."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from actions.actions import (
    ActionAnswerConsultation,
    ActionAskAddress,
    ActionAskCategoryChoice,
    ActionCheckProgress,
    ActionGoodbye,
    ActionHandoff,
    ActionInformOutside,
    ActionOutOfScope,
    ActionSubmitComplaint,
)
from actions.form import ValidateComplaintForm
from conftest import tracker_json
from test_actions import run, said, validate


def _chat(state: dict[str, Any], *turns: tuple[str, list[str]],
          slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """``state`` with earlier turns before its message (the citizen's words, the bot's answers), the
    form's ``slots`` set before them as the server had set them."""
    before: list[dict[str, Any]] = [{"event": "slot", "name": k, "value": v} for k, v in (slots or {}).items()]
    for text, bot in turns:
        before += [{"event": "action", "name": "action_listen"},
                   {"event": "user", "text": text, "parse_data": {"intent": {"name": "complain"}}},
                   *({"event": "bot", "text": t} for t in bot)]
    state["events"] = before + state["events"]
    return state


def _this_turn(state: dict[str, Any], *bot: str) -> dict[str, Any]:
    state["events"] += [{"event": "bot", "text": t} for t in bot]
    return state


def _case(live: dict[str, str], number: str) -> tuple[str, list[tuple[str, str]]]:
    with sqlite3.connect(live["db"]) as db:
        case_id, raw = db.execute("select id, raw_text from cases where number = ?", (number,)).fetchone()
        notes = db.execute("select kind, text from case_notes where case_id = ?", (case_id,)).fetchall()
    return raw, notes


# -- B4: trapped in a lift ----------------------------------------------------------------------------

LIFT = "救命，我被困在电梯里了，卡在七楼和八楼中间，手机信号很差"
AFRAID = "我好害怕，里面越来越闷了，喘不上气"
RESCUED = "消防的来了，把我救出来了，电梯是海淀区万寿路街道翠微西里3号楼的，这电梯老出毛病，上个月也困过人"


def _lift_opened(domain: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    slots, _, messages = validate(domain, LIFT, "description")
    assert "如被困电梯" in said(messages) and slots["requested_slot"] == "address", (slots, messages)
    kept = {k: slots.get(k) for k in ("description", "description_draft", "complaint_category", "department",
                                      "time_needed")}
    return kept, [m.get("text") or "" for m in messages] + ["请问问题发生在哪里？请说一下区、街道、小区或道路名称。"]


def test_actions_afraid_in_a_lift_gets_the_lifts_reassurance_not_the_poisoning_advice(live, domain):
    """tester47 B4: trapped in a lift, 我好害怕，里面越来越闷了，喘不上气 got 如有人误服、中毒或突发急症…误服的
    物品请保留包装. While the citizen is in the lift: the car is ventilated, stay calm, the alarm, 96333 /
    119, 120 if someone faints; nothing taken as the place, and no question after it."""
    kept, opened = _lift_opened(domain)
    state = _chat(tracker_json(text=AFRAID, intent="complain", requested_slot="address", slots=kept,
                               set_now={"address": AFRAID, "description": AFRAID}), (LIFT, opened), slots=kept)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "通风" in told and "96333" in told and "120" in told and "不用急着登记" in told, told
    assert "误服" not in told and "保留包装" not in told, told
    assert got.get("address") is None and got["requested_slot"] == "address", got
    assert got.get("description") == kept["description"], got  # the complaint is not replaced by the fear
    state = _this_turn(_chat(tracker_json(text=AFRAID, requested_slot="address", slots=kept), (LIFT, opened)),
                       *(m.get("text") for m in messages))
    assert run(ActionAskAddress(), state, domain)[2] == []  # the bot waits: no "请问问题发生在哪里" after it


def test_actions_rescued_from_the_lift_ends_the_danger_and_the_place_is_taken(live, domain):
    """tester47 B4: 消防的来了，把我救出来了，电梯是海淀区…3号楼的，… got 请马上拨打120…陪着病人 with the whole
    sentence as the address. 救出来了 ends the danger: glad words, the place taken, the form goes on."""
    kept, opened = _lift_opened(domain)
    state = _chat(tracker_json(text=AFRAID, intent="complain", requested_slot="address", slots=kept,
                               set_now={"address": AFRAID}), (LIFT, opened), slots=kept)
    _, _, calmed = run(ValidateComplaintForm(), state, domain)
    history = [(LIFT, opened), (AFRAID, [m.get("text") or "" for m in calmed])]
    state = _chat(tracker_json(text=RESCUED, intent="complain", requested_slot="address", slots=kept,
                               set_now={"address": RESCUED}), *history, slots=kept)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "出来了就好" in told and "120" not in told and "病人" not in told, told
    assert got["address"] == "北京市海淀区万寿路街道翠微西里3号楼", got
    assert got["requested_slot"] == "contact" and "上个月也困过人" in got["description"], got  # the recurring fault
    # "救出来了" alone: the good news, and the place is asked (no wait after it)
    state = _chat(tracker_json(text="救出来了", intent="inform", requested_slot="address", slots=kept,
                               set_now={"address": "救出来了"}), *history, slots=kept)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "出来了就好" in said(messages) and "不用急着登记" not in said(messages), messages
    assert got.get("address") is None and got["requested_slot"] == "address", got
    state = _this_turn(_chat(tracker_json(text="救出来了", requested_slot="address", slots=kept), *history),
                       *(m.get("text") for m in messages))
    assert [m.get("response") for m in run(ActionAskAddress(), state, domain)[2]] == ["utter_ask_address"]


# -- B12: everyday grievances -----------------------------------------------------------------------

PENSION = "我那个养老金这个月没到账啊，往常都是15号就到了"


def test_actions_a_pension_not_paid_is_a_complaint_not_misunderstood(live, domain):
    """tester47 B12: 我那个养老金这个月没到账啊，往常都是15号就到了 (not understood by the intents) got 抱歉，我没有
    理解您的意思. The triage is sure of it (劳动和社会保障) and it tells a grievance: the form starts with it."""
    state = tracker_json(text=PENSION, intent="nlu_fallback", active_loop=None)
    slots, events, messages = run(ActionInformOutside(), state, domain)
    assert slots.get("description") == PENSION and slots.get("complaint_category") == "劳动和社会保障", slots
    assert any(e.get("name") == "complaint_form" for e in events if e.get("event") == "followup"), events
    assert "没有理解" not in said(messages), messages


def test_actions_a_hand_off_case_keeps_what_the_bot_did_not_understand_before(live, domain):
    """tester47 B12: the case filed at the hand-off began with 我不会打那个电话，我今年七十八了…; the first
    message (养老金没到账), answered 没有理解, and the one answered as a question were missing. The operator
    now reads them first."""
    asked = "就是退休金，没给我发，我在社保所问了也说不清楚"
    draft = "我不会打那个电话，我今年七十八了，耳朵也不好，你们帮我反映一下，钱没到账"
    state = _chat(tracker_json(text="好", intent="affirm", requested_slot="description",
                               slots={"description_draft": draft, "place_piece": "北京市丰台区"}),
                  ("喂，是12345吗", ["您好，这里是北京12345接诉即办智能助手。请问您要反映什么问题？也可以查询工单进度。"]),
                  (PENSION, ["抱歉，我没有理解您的意思，能换个说法吗？"]),
                  (asked, ["这类问题一般由市人力社保局负责解答。\n具体办理以主管部门的规定为准，也可拨打人力社保热线12333咨询。"]),
                  (draft, ["您说的情况还不够具体：请说说是什么造成的、具体是什么问题？"]))
    slots, _, messages = run(ActionHandoff(), state, domain)
    assert "转接人工坐席" in said(messages) and slots.get("case_number"), messages
    raw, _ = _case(live, slots["case_number"])
    assert raw.startswith(PENSION) and asked in raw and draft in raw and "12345吗" not in raw, raw


# -- B13: no department's matter --------------------------------------------------------------------

QUARREL = "我跟我老公吵架了，他天天打游戏不管孩子，你们能不能管管他"


@pytest.mark.parametrize("action, intent", [(ActionOutOfScope, "out_of_scope"), (ActionInformOutside, "nlu_fallback"),
                                            (ActionAnswerConsultation, "consult")])
def test_actions_a_family_quarrel_is_told_where_to_turn_not_filed(live, domain, action, intent):
    """tester47 B13: a quarrel with the husband was filed to the police (市公安局通州分局). Said kindly: a
    family matter 12345 does not handle; 居委会 / 人民调解, 妇联12338, 110 if anyone is hurt; no form."""
    state = tracker_json(text=QUARREL, intent=intent, active_loop=None)
    slots, events, messages = run(action(), state, domain)
    told = said(messages)
    assert "家庭内部" in told and "居委会" in told and "人民调解" in told and "12338" in told and "110" in told, told
    assert not any(e.get("event") == "followup" for e in events) and not slots.get("description"), events


def test_actions_a_family_quarrel_read_as_a_complaint_ends_the_form_unfiled(live, domain):
    """tester47 B13: 我跟我老公吵架了…你们能不能管管他 is read as a complaint (the form's description): the
    form's first question is not asked; the family answer, and the form ends as a 算了 does, nothing
    filed and nothing more said after it."""
    slots = {"description": QUARREL, "description_draft": QUARREL, "complaint_category": "教育文体"}
    got, _, messages = run(ActionAskAddress(), tracker_json(text=QUARREL, requested_slot="address", slots=slots),
                           domain)
    assert "家庭内部" in said(messages) and "12338" in said(messages), messages
    assert not any(m.get("response") == "utter_ask_address" for m in messages), messages
    assert got == {"confirmation": False, "form_outcome": "cancelled", "requested_slot": None}, got
    state = _this_turn(tracker_json(text=QUARREL, intent="complain", active_loop=None,
                                    slots={**slots, "confirmation": False}), *(m.get("text") for m in messages))
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert messages == [] and "case_number" not in slots and slots.get("description", "unset") is None, messages


def test_actions_violence_at_home_is_no_family_quarrel(live, domain):
    """tester47 B13: the family answer is for quarrels; a husband beating his wife now gets 110 first."""
    state = tracker_json(text="我老公喝醉了，现在正在打我", intent="out_of_scope", active_loop=None)
    _, _, messages = run(ActionOutOfScope(), state, domain)
    assert "110" in said(messages) and "家庭内部" not in said(messages), messages


@pytest.mark.parametrize("text, expected", [
    ("我三十五了还没对象，你们政府能不能给介绍一个", "介绍对象"),
    ("那你们都管啥啊", "受理城市管理"),
])
@pytest.mark.parametrize("action, intent", [(ActionInformOutside, "nlu_fallback"), (ActionOutOfScope, "out_of_scope")])
def test_actions_what_12345_handles_is_said_never_not_understood(live, domain, text, expected, action, intent):
    """tester47 B13: 我三十五了还没对象… and 那你们都管啥啊 got 抱歉，我没有理解您的意思. A polite no and what
    12345 handles."""
    _, _, messages = run(action(), tracker_json(text=text, intent=intent, active_loop=None), domain)
    told = said(messages)
    assert expected in told and "没有理解" not in told and "帮不上忙" not in told, told


# -- B14: service lines and practical help ----------------------------------------------------------

POWER_LINE = "停电、供电的问题可以拨打国网北京供电服务热线95598（24小时），报修、查询停电原因和大概什么时候来电都可以。"
FUND_ANSWER = ("这类问题一般由北京住房公积金管理中心负责解答。\n具体办理以主管部门的规定为准，也可拨打住房公积金热线12329"
               "咨询。如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")


@pytest.mark.parametrize("text, intent, action, before, number", [
    ("停电了打哪个电话", "consult", ActionAnswerConsultation, None, "95598"),
    ("停电了打哪个电话", "nlu_fallback", ActionInformOutside, None, "95598"),
    ("自来水停水了找谁", "nlu_fallback", ActionInformOutside, None, "96116"),
    ("那停水呢", "goodbye", ActionGoodbye, ("停电打哪个电话", POWER_LINE), "96116"),
    ("那停水呢", "consult", ActionAnswerConsultation, ("停电打哪个电话", POWER_LINE), "96116"),
    ("那电话是多少", "out_of_scope", ActionOutOfScope, ("租房提取公积金需要什么材料", FUND_ANSWER), "12329"),
    ("那电话是多少", "consult", ActionAnswerConsultation, ("租房提取公积金需要什么材料", FUND_ANSWER), "12329"),
    ("快递丢了打哪个电话", "nlu_fallback", ActionInformOutside, None, "12305"),  # tester47 B16: no postal line
    ("信用卡被乱扣年费找谁", "nlu_fallback", ActionInformOutside, None, "12378"),  # banks: the financial regulator's line
    ("保险公司拒赔找谁", "consult", ActionAnswerConsultation, None, "12378"),
])
def test_actions_the_number_asked_for_is_said(live, domain, text, intent, action, before, number):
    """tester47 B14: 停电了打哪个电话 started a complaint form, 自来水停水了找谁 and 那停水呢 were not understood,
    那电话是多少 after the 12329 answer got 抱歉，这个问题我帮不上忙. The number itself, no form."""
    state = tracker_json(text=text, intent=intent, active_loop=None)
    if before:
        state = _chat(state, (before[0], [before[1]]))
    _, events, messages = run(action(), state, domain)
    told = said(messages)
    assert number in told and "没有理解" not in told and "帮不上忙" not in told, told
    assert not any(e.get("event") == "followup" for e in events), events


LINE_12315 = ("消费纠纷可以拨打12315市场监管热线投诉，也可以在全国12315平台网上投诉。"
              "如果您还要反映问题，请说说什么情况、在哪里，我帮您登记。")


def test_actions_just_asking_for_the_number_says_that_number_again(live, domain):
    """tester47 B14: 我没要反映，我就问问电话 after 消费者投诉电话是多少: the number asked for, no other unit."""
    state = _chat(tracker_json(text="我没要反映，我就问问电话", intent="consult", active_loop=None),
                  ("消费者投诉电话是多少", [LINE_12315]))
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    assert "12315" in said(messages) and "12333" not in said(messages), messages


INSULIN = "家里突然停电了，整栋楼都没电，冰箱里有我爸的胰岛素，得冷藏，这咋整"
BLOCKED = "有辆车堵在我们单位车库门口两个小时了，我车出不去，车上也没留挪车电话，你们到底管不管"


def test_actions_a_power_cut_with_insulin_gets_the_line_and_what_to_do_first(live, domain):
    """tester47 B14: 停电了…冰箱里有我爸的胰岛素，得冷藏，这咋整 got only 请问问题发生在哪里. First 95598 and what
    to do for the insulin (keep the fridge shut, a cool bag, not frozen), then the question; said once."""
    slots = {"description": INSULIN, "description_draft": INSULIN, "complaint_category": "城乡建设"}
    state = tracker_json(text=INSULIN, requested_slot="address", slots=slots)
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert "95598" in said(messages) and "冰箱门" in said(messages) and "胰岛素" in said(messages), messages
    assert said(messages).count("95598") == 1 and messages[-1].get("response") == "utter_ask_address", messages
    state = _chat(tracker_json(text="石景山区八角街道", requested_slot="address", slots=slots),
                  (INSULIN, [m.get("text") or "" for m in messages]))
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert "95598" not in said(messages), messages  # once


def test_actions_a_car_blocking_the_garage_gets_122_first(live, domain):
    """tester47 B14: a car blocking the garage for two hours got only a category question; 122 / 一键挪车
    before it now."""
    slots = {"description": BLOCKED, "description_draft": BLOCKED, "category_candidates": ["城乡建设", "交通运输"]}
    _, _, messages = run(ActionAskCategoryChoice(), tracker_json(text=BLOCKED, requested_slot="category_choice",
                                                                 slots=slots), domain)
    assert "122" in said(messages) and "挪车" in said(messages) and messages[-1].get("buttons"), messages


# -- B15: complaints about 12345 itself -------------------------------------------------------------

ANGRY = ("我要投诉你们12345！！我上个月打了三次电话反映楼下烧烤油烟，每次都说转给街道了，结果啥用没有，你们就是走形式，"
         "糊弄老百姓，接电话的态度还特别差，我问她叫什么她直接挂了，你们到底管不管")


def test_actions_a_complaint_about_12345_is_apologised_for_and_noted_on_the_case(live, domain):
    """tester47 B15: 我要投诉你们12345…接电话的态度还特别差… got 请问问题发生在哪里 and no word on the service;
    it was filed only inside the BBQ case. An apology first; filed, the service complaint is a note of
    its own on the case, and the citizen is told so."""
    slots = {"description": ANGRY, "description_draft": ANGRY, "complaint_category": "环境保护"}
    _, _, messages = run(ActionAskAddress(), tracker_json(text=ANGRY, requested_slot="address", slots=slots), domain)
    told = said(messages)
    assert "抱歉" in told and "态度" in told and told.count("12345服务的意见") == 1, told
    assert messages[-1].get("response") == "utter_ask_address", messages
    filed = {**slots, "address": "北京市朝阳区双井街道富力城东区", "time": "每天晚上六点到半夜两点", "contact": "不留",
             "confirmation": True}
    slots, _, messages = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None,
                                                                    slots=filed), domain)
    assert "单独记在工单上" in said(messages), messages
    raw, notes = _case(live, slots["case_number"])
    assert raw.startswith("我要投诉你们12345") and any(
        k == "补充" and "12345热线服务" in t and "接电话的态度还特别差" in t for k, t in notes), notes


def test_actions_impatience_after_a_status_is_apologised_for_and_noted(live, domain):
    """tester47 B15: 都三天了还是已受理？你们效率也太低了吧 after the status got 抱歉，我没有理解您的意思. An
    apology, the urging noted on the case (the operator sees it), what happens next."""
    filed = {"description": "朝阳区望京街道的工地每天晚上十一点以后还在施工，噪音很大", "address": "北京市朝阳区望京街道",
             "time": "每天晚上十一点以后", "contact": "不留", "confirmation": True}
    slots, _, _ = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", active_loop=None, slots=filed),
                      domain)
    number, code = slots["case_number"], slots["known_codes"][slots["case_number"]]
    own = {"case_number": number, "own_case": number, "known_codes": {number: code}}
    text = "都三天了还是已受理？你们效率也太低了吧"
    for action, intent in ((ActionInformOutside, "nlu_fallback"), (ActionCheckProgress, "ask_progress")):
        state = _chat(tracker_json(text=text, intent=intent, active_loop=None, slots=own),
                      ("查一下我的工单", [f"工单 {number} 当前状态：已受理，拟承办部门：朝阳区住房城乡建设委（待话务员确认）。"]))
        _, _, messages = run(action(), state, domain)
        told = said(messages)
        assert "抱歉" in told and "催办" in told and number in told and "没有理解" not in told, told
    _, notes = _case(live, number)
    assert [k for k, t in notes if "市民催办" in t and "效率" in t] == ["补充", "补充"], notes


# -- B19: "你说啥" and "没了" ------------------------------------------------------------------------

DEAF = "你说啥，我耳朵背，你大点声"


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope"])
def test_actions_said_again_in_plain_words_when_not_heard(live, domain, intent):
    """tester47 B19: 你说啥，我耳朵背，你大点声 where the place was asked got 抱歉，这个问题我帮不上忙. The
    question again, short and plain; the form does not ask it a second time in the same turn."""
    slots = {"description": "我们楼电梯坏了一个多礼拜了", "description_draft": "我们楼电梯坏了一个多礼拜了"}
    state = tracker_json(text=DEAF, intent=intent, requested_slot="address", slots=slots, set_now={"address": DEAF})
    got, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "再说一遍" in told and "哪个区" in told and "帮不上忙" not in told and "没有理解" not in told, told
    assert got.get("address", "unset") is None, got  # never the place
    state = _this_turn(tracker_json(text=DEAF, requested_slot="address", slots=slots), *(m.get("text") for m in messages))
    assert run(ActionAskAddress(), state, domain)[2] == []
    # outside a complaint: the bot's last message again
    state = _chat(tracker_json(text=DEAF, intent=intent, active_loop=None),
                  ("喂", ["您好，这里是北京12345接诉即办智能助手。请问您要反映什么问题？也可以查询工单进度。"]))
    _, _, messages = run(ActionOutOfScope() if intent == "out_of_scope" else ActionInformOutside(), state, domain)
    assert "再说一遍" in said(messages) and "请问您要反映什么问题" in said(messages), messages


def test_actions_nothing_more_after_filing_is_a_goodbye(live, domain):
    """tester47 B19: 还有什么事吗，没了 after filing got 抱歉，我没有理解您的意思. A polite goodbye."""
    state = _chat(tracker_json(text="还有什么事吗，没了", intent="nlu_fallback", active_loop=None,
                               slots={"own_case": "JS20261206-000008"}),
                  ("对", ["已为您登记，工单编号 JS20261206-000008，查询码 237815，初步判断由昌平区水务局承办。"]))
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert [m.get("response") for m in messages] == ["utter_goodbye"], messages


def test_actions_a_landline_said_where_the_intents_read_nothing_is_the_contact(live, domain):
    """tester47 B18: 不会用手机，你就记我家座机吧，八四七 一二三四五 at the phone question was read as out of
    scope: 抱歉，这个问题我帮不上忙 and the question again. The number is taken as the phone question takes it."""
    state = tracker_json(text="不会用手机，你就记我家座机吧，八四七 一二三四五", intent="out_of_scope",
                         requested_slot="contact", slots={"description": "小区电梯坏了一个星期了",
                                                          "description_draft": "小区电梯坏了一个星期了",
                                                          "address": "北京市海淀区万寿路街道翠微西里3号楼"})
    slots, _, messages = run(ActionInformOutside(), state, domain)
    assert slots.get("contact") and "帮不上忙" not in said(messages), (slots, messages)


def test_actions_a_residence_registration_sent_back_four_times_is_specific_enough(live, domain):
    """tester47 B12: 落户 … 跑了四趟 got 您说的情况还不够具体 three times, then the hand-off."""
    text = "我是应届毕业生，单位给办进京落户，派出所说材料不全让我跑了四趟了，每次说的都不一样"
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    assert slots["description"] == text, messages
    assert all(m.get("response") not in ("utter_description_vague", "utter_ask_what") for m in messages)


# -- tester48 -----------------------------------------------------------------------------------------

TREE = ("昨晚刮大风，我们楼前那棵大杨树，有根胳膊粗的树枝断了，就耷拉在半空中，底下就是人行道，"
        "还有小孩上学走那儿，随时掉下来砸着人")


def test_actions_tester48_n1_danger_said_with_haiyou_is_no_second_problem(live, domain):
    """tester48 N1: "…底下就是人行道，还有小孩上学走那儿，随时掉下来砸着人" was split off as a second problem
    (我们一件一件来): the case lost the danger and no advice was given. The clause continues the same matter:
    it stays in the description, and the falling-object advice comes first."""
    slots, _, messages = validate(domain, TREE, "description")
    told = said(messages)
    assert "一件一件" not in told and "utter_one_at_a_time" not in told, told
    assert "砸着人" in (slots.get("description") or slots.get("description_draft") or ""), slots
    assert not slots.get("second_issue"), slots
    assert "远离" in told or "绕行" in told, told


EBIKE = {"description": "我们楼道里天天有人给电动车充电，从三楼窗户扯了根电线下来，飞线，晚上就那么充着",
         "complaint_category": "城乡建设", "address": "北京市通州区中仓街道西营前街五号院2号楼",
         "contact": "13610088877", "confirmation": None}


@pytest.mark.parametrize("text, added", [("还有，五楼那家也往下拉线充电", "五楼那家也往下拉线充电"),
                                         ("五楼那家也拉线，你没记上", "五楼那家也拉线"),
                                         ("还有，中介叫我爱我家", "中介叫我爱我家")])
@pytest.mark.parametrize("intent", ["inform", "complain"])
def test_actions_tester48_n2_an_addition_at_the_read_back_joins_the_problem(live, domain, text, added, intent):
    """tester48 N2 (n01, n04): 还有，五楼那家也往下拉线充电 / 五楼那家也拉线，你没记上 / 还有，中介叫我爱我家 at the
    read-back got 信息正确请回复“对”提交… and was lost. It is added to the description and read back again."""
    slots, _, messages = validate(domain, text, "fix_field", intent=intent, requested_slot="confirmation", slots=EBIKE)
    assert added in (slots.get("description") or ""), (slots, messages)
    assert slots["description"].startswith(EBIKE["description"]) and "你没记上" not in slots["description"], slots
    assert "utter_confirm_or_fix" not in said(messages) and not slots.get("second_issue"), messages
    assert slots["requested_slot"] == "confirmation" and "address" not in slots, slots


ELDER = "我们对门住的是个独居老太太，八十多了，好几天没见着她出门了，敲门也没人应，门口的报纸堆了好几份，我有点担心"


def test_actions_tester48_n3_a_neighbour_alone_unseen_for_days_gets_110_at_once(live, domain):
    """tester48 N3 (n07): a neighbour living alone, unseen for days, no answer at the door: the 110 advice
    at once (the API now names it 人身危险)."""
    _, _, messages = validate(domain, ELDER, "description")
    assert "110" in said(messages), messages


@pytest.mark.parametrize("text, slot", [("我要不要报警啊", "address"), ("你还没回答我呢，要不要报警", "contact"),
                                        ("你还没回答我呢，要不要报警", "address")])
def test_actions_tester48_n3_should_i_call_the_police_is_answered(live, domain, text, slot):
    """tester48 N3 (n07): 我要不要报警啊 / 你还没回答我呢，要不要报警 where the place or the phone was asked was
    ignored and taken as 不留. It is answered (yes, 110 now, the police can open the door; tell the 居委会),
    and no slot takes it."""
    filled = {"description": ELDER, "complaint_category": "社会治安"}
    if slot == "contact":
        filled["address"] = "北京市东城区东四街道东四六条三十五号院"
    slots, _, messages = validate(domain, text, slot, intent="complain", requested_slot=slot, slots=filled)
    told = said(messages)
    assert "110" in told and "居委会" in told, told
    assert slots.get(slot) in (None, filled.get(slot)) and slots.get("contact") != "不留", slots


def test_actions_tester48_n3_a_smell_at_the_read_back_joins_the_case(live, domain):
    """tester48 N3 (n07): 我刚又去闻了闻，门缝里好像有股怪味儿 at the read-back was refused (信息正确请回复“对”…).
    It joins the description."""
    filled = {"description": ELDER, "complaint_category": "社会治安", "contact": "不留",
              "address": "北京市东城区东四街道东四六条三十五号院", "confirmation": None}
    slots, _, messages = validate(domain, "我刚又去闻了闻，门缝里好像有股怪味儿", "fix_field", intent="inform",
                                  requested_slot="confirmation", slots=filled)
    assert "怪味" in (slots.get("description") or ""), (slots, messages)
    assert "utter_confirm_or_fix" not in said(messages)
    assert "110" in said(messages), messages  # the smell makes it urgent: the police now


FOOD_FILLED = {"description": "我们一家三口吃了楼下饭馆的外卖，拉肚子，吐了一晚上，还发着烧", "complaint_category": "商贸旅游",
               "address": "北京市海淀区中关村街道", "contact": "15812349876", "confirmation": None}


@pytest.mark.parametrize("slot", ["confirmation", "fix_field"])
def test_actions_tester48_n5_should_we_go_to_hospital_at_the_read_back_keeps_the_place(live, domain, slot):
    """tester48 N5 (n02): 你先告诉我，要不要去医院 at the read-back became the address (北京市海淀区你先告诉我，要不要
    去医院). A question is no slot's value: answered (hospital, 120 if serious; keep the leftovers), the form kept."""
    slots, _, messages = validate(domain, "你先告诉我，要不要去医院", slot, value=None if slot == "fix_field" else False,
                                  intent="ask_question", requested_slot="confirmation", slots=FOOD_FILLED)
    told = said(messages)
    assert "医院" in told and "120" in told, told
    assert "address" not in slots or slots["address"] == FOOD_FILLED["address"], slots
    assert "description" not in slots or "医院" not in slots["description"], slots
    assert slots["requested_slot"] == "confirmation" and not slots.get("confirmation"), slots


def test_actions_tester48_n5_hospital_asked_with_the_phone_is_answered_and_the_phone_taken(live, domain):
    """tester48 N5 (n02): 我们要不要先去医院啊，电话，一五八，一二三四，九八七六 got only the read-back."""
    filled = {k: v for k, v in FOOD_FILLED.items() if k not in ("contact", "confirmation")}
    slots, _, messages = validate(domain, "我们要不要先去医院啊，电话，15812349876", "contact", intent="inform",
                                  requested_slot="contact", slots=filled)
    assert "120" in said(messages) and slots.get("contact", "").startswith("15812349876"), (slots, messages)


def test_actions_tester48_n5_should_throwing_be_reported_to_110_is_answered(live, domain):
    """tester48 N5 (n08): 我不是要再登记，我是问你，高空抛物该不该报110 where the place was asked got 这个地点还不够
    具体. It is answered (110, a crime when serious), and no place is taken."""
    slots, _, messages = validate(domain, "我不是要再登记，我是问你，高空抛物该不该报110", "address", intent="complain",
                                  requested_slot="address", slots={"description": "这种事是不是应该报警啊，你们转给城管有用吗"})
    told = said(messages)
    assert "110" in told and "utter_address_vague" not in told and "不够具体" not in told, told
    assert not slots.get("address"), slots


@pytest.mark.parametrize("text, told", [("匿名", "按匿名反映登记"), ("我要匿名反映", "按匿名反映登记"),
                                        ("我不想留名，匿名行吗", "可以，按匿名反映登记")])
def test_actions_tester48_b10_anonymous_read_as_a_question_is_no_number(live, domain, text, told):
    """tester48 B10 (c10, c29, b10anon): live, 匿名 / 我要匿名反映 / 匿名行吗 at the phone question reach the
    consultation answer (intent consult), which said 好的，会为您保密… and the phone was asked again. It is 不留."""
    state = tracker_json(text=text, intent="consult", requested_slot="contact",
                         slots={"description": "KTV特别吵", "complaint_category": "环境保护",
                                "address": "北京市西城区月坛街道"})
    slots, _, messages = run(ActionAnswerConsultation(), state, domain)
    assert slots.get("contact") == "不留" and told in said(messages), (slots, messages)


@pytest.mark.parametrize("text", ["对，你们帮我催催", "行，就这样吧"])
@pytest.mark.parametrize("intent", ["goodbye", "complain", "inform"])
def test_actions_tester48_n12_everyday_assent_at_the_read_back_is_a_yes(live, domain, text, intent):
    """tester48 N12 (c04, n05): 对，你们帮我催催 / 行，就这样吧 at the read-back got 信息正确请回复“对”提交… and the whole
    read-back again. They are a yes."""
    slots, _, messages = validate(domain, text, "fix_field", intent=intent, requested_slot="confirmation",
                                  slots=FOOD_FILLED)
    assert slots.get("confirmation") is True, (slots, messages)
    assert "utter_confirm_or_fix" not in said(messages)


COURIER_ASKED = "快递丢了，打哪个电话投诉快递公司"


def test_actions_tester48_n8_a_question_for_a_number_that_names_a_problem_gets_the_line(live, domain):
    """tester48 N8 (b16post): 快递丢了，打哪个电话投诉快递公司 started a complaint (请问问题发生在哪里), and 我不是要
    登记，我就问个电话 then got 这类问题一般由市公安局负责解答. The courier first, then 12305; no form; the number
    again after it."""
    slots, _, messages = validate(domain, COURIER_ASKED, "description")
    told = said(messages)
    assert "快递公司客服" in told and "12305" in told, told
    assert slots.get("form_outcome") == "cancelled" and slots.get("requested_slot") is None, slots
    state = _chat(tracker_json(text="我不是要登记，我就问个电话", intent="consult", active_loop=None),
                  (COURIER_ASKED, [m.get("text") or "" for m in messages]))
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    assert "12305" in said(messages) and "公安" not in said(messages), messages


DEMOLITION = ("我家在大兴区西红门镇的老宅子要拆迁，补偿款比邻居家少了一半，去镇政府问了三回都没人给解释，"
              "现在天天有人上门催着签字，说不签就断水断电")


def test_actions_tester48_n11_a_threat_to_cut_water_and_power_gets_no_outage_line(live, domain):
    """tester48 N11 (c22): 说不签就断水断电 in a demolition complaint got 停电、供电的问题可以拨打…95598. A threat
    is no outage: no service line."""
    slots = {"description": DEMOLITION, "description_draft": DEMOLITION, "complaint_category": "城乡建设"}
    state = tracker_json(text=DEMOLITION, requested_slot="address", slots=slots)
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert "95598" not in said(messages) and "96116" not in said(messages), messages


def test_actions_tester48_n3_should_i_call_the_police_said_with_the_place(live, domain):
    """tester48 N3 (n07): 我要不要报警啊，还是找居委会，地址是东城区，东四街道… got only 地点记下了. The question is
    answered (110 now, 居委会) and the place is still taken."""
    text = "我要不要报警啊，还是找居委会，地址是东城区，东四街道，东四六条，三十五号院"
    slots, _, messages = validate(domain, text, "address", intent="complain", requested_slot="address",
                                  slots={"description": ELDER, "complaint_category": "社会治安"})
    told = said(messages)
    assert "110" in told and "居委会" in told, told
    assert "东四六条" in (slots.get("address") or ""), slots


def test_actions_tester48_n10_a_time_corrected_in_the_first_message_is_filed_once(live, domain):
    """tester48 N10 (n05): 每天晚上七点，不对，六点半就开始了，一直跳到九点多 was filed as 时间：每天晚上七点、六点半、
    九点多. The corrected hour is dropped: 每天晚上六点半到九点多."""
    slots, _, _ = validate(domain, "小区广场上跳广场舞的，音响开得老大，每天晚上七点，不对，六点半就开始了，一直跳到九点多，"
                                   "我家老人心脏不好，受不了", "description")
    assert slots.get("time") == "每天晚上六点半到九点多", slots


@pytest.mark.parametrize("text", ["登记，刚才说了都在一个小区", "登记，跟刚才一样", "登记，都在一个小区"])
def test_actions_tester48_n6_the_same_place_said_for_the_offered_problem(live, domain, text):
    """tester48 N6 (c13): 登记，刚才说了都在一个小区 after the second problem was offered was filed with the place
    北京市丰台区刚才说了都在一个小区. It is the first case's place."""
    from test_actions import _turn_before
    parked = "小区消防通道天天被私家车堵死，物业也不管"
    offer = {"text": parked, "address": "北京市丰台区卢沟桥街道万柳园小区", "contact": "13511112222"}
    state = _turn_before(tracker_json(text=text, requested_slot=None, slots={"offered_issue": offer},
                                      set_now={"description": text}),
                         "对", f"已为您登记，工单编号 JS20261206-000008。\n您刚才还提到“{parked}”，需要登记的话请回复“登记”，"
                               "并说一下在哪里（同一地点也请说明）。")
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots.get("address") == offer["address"], (slots, said(messages))


def test_actions_tester48_n6_flat_numbers_said_with_the_place_are_no_time(live, domain):
    """tester48 N6 (n03): 丰台区，右安门街道，玉林小区，14号楼，我家是501 他家601 filed 时间：我家是501 他家601 (the
    real time said next was then lost). The place is taken, the flats' numbers join the problem, the time is asked."""
    desc = "楼上那家卫生间漏水，漏到我家天花板上，都发霉了，找他好几回了，他就是不开门，物业说让我们自己协商"
    slots, _, _ = validate(domain, "丰台区，右安门街道，玉林小区，14号楼，我家是501 他家601", "address", intent="inform",
                           requested_slot="address", slots={"description": desc, "complaint_category": "城乡建设",
                                                            "time_needed": True})
    assert slots["address"] == "北京市丰台区右安门街道玉林小区14号楼" and not slots.get("time"), slots
    # (the space between the two flats is a pause: 我家是501，他家601 since tester51 C4's spaced pieces)
    assert slots["description"].endswith(("我家是501 他家601", "我家是501，他家601")) and slots["requested_slot"] == "time", slots


@pytest.mark.parametrize("text, place", [("昌平区，天通苑北街道，立汤路那个地铁工地", "北京市昌平区天通苑北街道立汤路地铁工地"),
                                         ("海淀区，中关村派出所，户籍窗口", "北京市海淀区中关村派出所户籍窗口")])
def test_actions_tester48_n7_a_place_said_with_pauses_is_one_place(live, domain, text, place):
    """tester48 N7 (c34, c21): a place said in pieces (the pauses now reach the bot as commas) lost its site
    (北京市昌平区天通苑北街道, 立汤路那个地铁工地 moved into the problem) or kept the commas (北京市海淀区，中关村
    派出所，户籍窗口). It is one place."""
    slots, _, _ = validate(domain, text, "address", intent="inform", requested_slot="address",
                           slots={"description": "地铁工地天天夜里施工，渣土车轰隆隆的，夜里两三点还在干",
                                  "complaint_category": "城乡建设"})
    assert slots.get("address") == place and "description" not in slots, slots


def test_actions_tester48_n7_a_district_is_not_read_back_twice(live, domain):
    """tester48 N7 (c38): 东城区，展览路街道，百万庄大街，百万庄小区 was read back as 北京市西城区北京市西城区展览路街道…
    (the triage's street repeats its district). The district once."""
    slots, _, _ = validate(domain, "小区里有人私自圈地种菜，还搭了个棚子，东城区，展览路街道，百万庄大街，百万庄小区",
                           "description")
    assert slots.get("address", "").count("西城区") == 1 and "展览路街道" in slots["address"], slots


def test_actions_tester48_n10_cant_say_which_kind_read_as_a_progress_query(live, domain):
    """tester48 N10 (n04): 说不清，你们看着办 where the kind of problem was asked got 请告诉我您的工单编号 (read as a
    progress query). No reading is chosen, the operator decides, and the form goes on."""
    state = tracker_json(text="说不清，你们看着办", intent="ask_progress", requested_slot="category_choice",
                         slots={"description": "中介押金一直不退", "category_candidates": ["商贸旅游", "城乡建设"]})
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert slots.get("category_choice") == "不确定" and "工单编号" not in said(messages), (slots, messages)
    assert "不用选" in said(messages), messages


@pytest.mark.parametrize("text, number", [
    ("电话13610088877，哦对了，不光是三楼的，五楼那家也往下拉线", "13610088877"),
    ("电话一三六 幺一零零 八八七七，哦对了，不光是三楼的，五楼那家也往下拉线", "13611008877")])  # (as the channel passes it)
def test_actions_tester48_n2_more_said_after_the_number_joins_the_problem(live, domain, text, number):
    """tester48 N2 / B6 (n01): 电话…八八七七，哦对了，不光是三楼的，五楼那家也往下拉线 at the phone question: the addition
    was not in the read-back. It joins the description."""
    filled = {k: v for k, v in EBIKE.items() if k not in ("contact", "confirmation")}
    slots, _, _ = validate(domain, text, "contact", intent="inform", requested_slot="contact", slots=filled)
    assert slots["contact"].startswith(number), slots
    assert slots.get("description", "").endswith("不光是三楼的，五楼那家也往下拉线"), slots


def test_actions_tester48_n7_a_district_corrected_at_the_kind_question_keeps_the_place(live, domain):
    """tester48 N7 (c29): 不对，是西城区，月坛街道在西城 where the kind of problem was asked gave the place
    北京市西城区月坛街道在西城 (三里河一区 lost). The district is corrected, the rest kept."""
    text = "不对，是西城区，月坛街道在西城"
    slots, _, messages = validate(domain, text, "category_choice", intent="inform", requested_slot="category_choice",
                                  slots={"description": "东城区月坛街道三里河一区，晚上十点以后，有个KTV特别吵",
                                         "address": "北京市东城区月坛街道三里河一区",
                                         "category_candidates": ["环境保护", "城乡建设"]})
    assert slots.get("address") == "北京市西城区月坛街道三里河一区", (slots, said(messages))


def test_actions_tester48_n7_no_particle_in_the_place(live, domain):
    """tester48 N7 (n04): 三里屯街道啊，我刚说了，工体北路那个店 after 朝阳区 was filed as 北京市朝阳区三里屯街道啊工体北路店."""
    slots, _, _ = validate(domain, "三里屯街道啊，我刚说了，工体北路那个店", "address", intent="inform",
                           requested_slot="address", slots={"description": "我租的房子到期退租了，中介押金一直不退",
                                                            "complaint_category": "商贸旅游", "place_piece": "朝阳区"})
    assert slots.get("address") and "啊" not in slots["address"] and "工体北路" in slots["address"], slots


@pytest.mark.parametrize("text, slot", [("你还没回答我呢，要不要报警", "contact"), ("你先告诉我，要不要去医院", "confirmation")])
def test_actions_tester48_n3_n5_the_question_read_as_a_consultation_is_answered(live, domain, text, slot):
    """tester48 N3, N5: 要不要报警 / 要不要去医院 in the form read as a consultation get this matter's answer (110 and
    the 居委会; hospital and 120), never a unit's policy line."""
    filled = {"description": ELDER if slot == "contact" else FOOD_FILLED["description"], "complaint_category": "社会治安",
              "address": "北京市东城区东四街道东四六条三十五号院"}
    state = tracker_json(text=text, intent="consult", requested_slot=slot, slots=filled)
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    told = said(messages)
    assert ("居委会" in told if slot == "contact" else "120" in told) and "负责解答" not in told, told


def test_actions_tester48_n8_just_asking_the_number_in_the_form(live, domain):
    """tester48 N8 (b16post): in a form opened on 快递丢了，打哪个电话投诉快递公司, 我不是要登记，我就问个电话 got 这类问题
    一般由市公安局负责解答. The form ends and the courier's line is said."""
    state = tracker_json(text="我不是要登记，我就问个电话", intent="consult", requested_slot="address",
                         slots={"description": COURIER_ASKED, "complaint_category": "商贸旅游"})
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    told = said(messages)
    assert "12305" in told and "公安" not in told, told


def test_actions_asking_for_someone_at_once_at_the_phone_question_is_heard(live, domain):
    """tester48 N1: 能不能快点派人来啊，我怕真砸着人 at the phone question got no answer of its own."""
    tree = "昨晚刮大风，楼前大杨树有根树枝断了，耷拉在半空中，底下就是人行道，随时掉下来砸着人"
    slots, _, messages = validate(domain, "能不能快点派人来啊，我怕真砸着人", "contact", requested_slot="contact",
                                  slots={"description": tree, "description_draft": tree,
                                         "address": "北京市朝阳区望京街道花家地北里"})
    told = said(messages)
    assert "尽快转交" in told and "110" in told, told
    assert slots.get("contact") is None and slots.get("description") in (None, tree), slots


@pytest.mark.parametrize("text, time", [("从国庆节前后就开始了", "从国庆节前后就开始了"),
                                        ("春节以后一直这样", "春节以后一直这样"),
                                        ("十一前后开始的", "十一前后开始的")])
def test_actions_a_holiday_at_the_phone_question_is_the_time(live, domain, text, time):
    """tester48 (left open): 从国庆节前后… at the phone question was no time (a holiday was no time word) and
    got the phone question again as a broken number. It is the time; 十一楼 / 十一点 stay what they were."""
    noise = "楼上邻居天天在家装修，电钻声吵得人受不了"
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact",
                                  slots={"description": noise, "description_draft": noise,
                                         "address": "北京市朝阳区望京街道花家地北里3号楼"})
    assert slots.get("time") == time and f"时间记下了：{time}" in said(messages), (slots, messages)
    assert slots.get("contact") is None


def test_actions_an_urgent_case_is_filed_with_the_urgent_close(live, domain):
    """tester50 C8: a gas leak filed through the form closed with the routine 话务员确认后派单. The submit
    action closes an urgent case as urgent (safety.urgent_filed): the number, the code, the emergency line
    first; a case that is not urgent keeps the routine close."""
    from actions.actions import ActionSubmitComplaint
    from actions.safety import URGENT_FILED_MARK

    gas = {"description": "楼道里好大一股煤气味儿，邻居家好像没人", "address": "北京市朝阳区望京街道花家地北里3号楼",
           "time": "现在", "confirmation": True}
    slots, _, messages = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", slots=gas,
                                                                    active_loop=None), domain)
    told = said(messages)
    assert slots["case_number"] in told and URGENT_FILED_MARK in told and "96777" in told, told
    assert "话务员确认后派单" not in told, told
    calm = {**gas, "description": "花家地北里3号楼楼道灯坏了一个星期了，晚上黑乎乎的", "time": "一个星期"}
    _, _, messages = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", slots=calm,
                                                                active_loop=None), domain)
    assert "话务员确认后派单" in said(messages) and URGENT_FILED_MARK not in said(messages)


def test_actions_a_person_asked_for_while_the_place_is_missing_gets_the_place_asked_first(live, domain):
    """tester50 C2: in a lift, 你们快派人来啊！！！ (read as a wish for a person) at the place question filed a case
    with no address and no phone, and the address typed next was read as a broken number. action_handoff asks
    for the place first and files nothing; with the place known it hands over as before."""
    from actions.actions import ActionHandoff

    lift = "救命 我被困电梯里了 已经半个小时了 按警铃没人理"
    state = tracker_json(text="你们快派人来啊！！！", intent="human_handoff", requested_slot="address",
                         slots={"description": lift})
    slots, events, messages = run(ActionHandoff(), state, domain)
    told = said(messages)
    assert "请先告诉我具体地点" in told and "工单" not in told, told
    assert not slots.get("case_number"), slots
    placed = tracker_json(text="你们快派人来啊！！！", intent="human_handoff", requested_slot="contact",
                          slots={"description": lift, "address": "北京市丰台区方庄芳城园一区12号楼"})
    slots, _, messages = run(ActionHandoff(), placed, domain)
    assert slots.get("case_number") and "请先告诉我具体地点" not in said(messages), said(messages)


def test_actions_thanks_then_a_complaint_is_asked_about_as_a_complaint_in_the_form(live, domain):
    """tester50 C9 (the form's part): thanks followed by 这次又有个事 and a noise complaint were taken by the form
    as praise: no time asked (time_needed False). The complaint after the thanks needs its time like any other;
    praise alone still needs none."""
    mixed = "先表扬一下你们上次帮我解决了停车的问题👍 这次又有个事，我们楼下新开的奶茶店音响声音特别大"
    slots, _, _ = validate(domain, mixed, "description", requested_slot=None)
    assert slots["time_needed"] is True and slots["description"] == mixed, slots
    praise = "我想表扬一下咱们朝阳区呼家楼街道的网格员小张，帮我们楼解决了楼道灯的问题"
    slots, _, _ = validate(domain, praise, "description", requested_slot=None)
    assert not slots.get("time_needed"), slots


def test_actions_do_you_handle_it_at_all_asked_in_the_form_is_answered(live, domain):
    """tester50 C6 (the form's part): 你们到底管不管？？？ at the phone question got 这个问题我这里没法确切答复. It gets
    管的 and what happens to the case; the phone question stays (no number taken, no failed answer)."""
    noise = "楼上邻居天天在家装修，电钻声吵得人受不了"
    slots, _, messages = validate(domain, "你们到底管不管？？？", "contact", requested_slot="contact",
                                  slots={"description": noise, "description_draft": noise,
                                         "address": "北京市朝阳区望京街道花家地北里3号楼"})
    told = said(messages)
    assert told.startswith("管的") and "没法确切答复" not in told, told
    assert slots.get("contact") is None, slots
