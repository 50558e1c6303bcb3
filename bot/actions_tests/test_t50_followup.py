"""What tester50 found in follow-ups and beside a complaint: anger heard (C6), an honest answer to
"你是机器人吗" and no transfer promised that does not happen (C11), urging and dissatisfaction noted on
the case (C13), a withdrawal said plainly and a forgotten code (C14), thanks before a complaint (C9),
the basic path for common questions (C15)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from actions.actions import (
    ActionAnswerConsultation,
    ActionAnythingElse,
    ActionAskConfirmation,
    ActionCheckProgress,
    ActionGoodbye,
    ActionHandoff,
    ActionInformOutside,
    ActionLeaveForm,
    ActionOutOfScope,
    ActionSubmitComplaint,
    ActionThank,
)
from conftest import tracker_json
from test_actions import run, said


def _chat(state: dict[str, Any], *turns: tuple[str, list[str]]) -> dict[str, Any]:
    """``state`` with earlier turns before its message (the citizen's words, the bot's answers)."""
    before: list[dict[str, Any]] = []
    for text, bot in turns:
        before += [{"event": "action", "name": "action_listen"},
                   {"event": "user", "text": text, "parse_data": {"intent": {"name": "complain"}}},
                   *({"event": "bot", "text": t} for t in bot)]
    state["events"] = before + state["events"]
    return state


def _notes(live: dict[str, str], number: str) -> list[tuple[str, str]]:
    with sqlite3.connect(live["db"]) as db:
        (case_id,) = db.execute("select id from cases where number = ?", (number,)).fetchone()
        return db.execute("select kind, text from case_notes where case_id = ? order by id", (case_id,)).fetchall()


def _case_row(live: dict[str, str], number: str) -> tuple[str, int]:
    with sqlite3.connect(live["db"]) as db:
        return db.execute("select raw_text, flagged from cases where number = ?", (number,)).fetchone()


def _file(domain: dict[str, Any], description: str = "朝阳区团结湖北里3号楼家里暖气不热，屋里才十五度",
          address: str = "北京市朝阳区团结湖北里3号楼") -> tuple[str, str]:
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={"description": description, "address": address, "confirmation": True})
    slots, _, _ = run(ActionSubmitComplaint(), state, domain)
    number = slots["case_number"]
    return number, slots["known_codes"][number]


# -- C6: anger -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("action,text,intent", [
    (ActionGoodbye, "气死我了", "goodbye"),
    (ActionAnythingElse, "太过分了吧", "deny"),
    (ActionAnythingElse, "你们就是不作为", "deny"),
    (ActionThank, "你们太气人了", "thank"),
    (ActionInformOutside, "烦死了", "nlu_fallback"),
    (ActionInformOutside, "😡😡😡", "nlu_fallback"),
])
def test_t50_anger_is_heard_never_a_goodbye(live, domain, action, text, intent):
    """tester50 C6: "气死我了" / "太过分了吧" got 感谢您使用…再见！ (and 😡 没有理解). The feeling is heard and
    what happened is asked; never a goodbye or 不客气."""
    state = tracker_json(text=text, intent=intent, active_loop=None)
    _, _, messages = run(action(), state, domain)
    told = said(messages)
    assert "非常理解您的心情" in told and "遇到了什么事" in told, told
    assert "再见" not in told and "utter_goodbye" not in told and "utter_thank" not in told, told


def test_t50_anger_about_a_known_case_offers_its_follow_up(live, domain):
    """tester50 C6: in a chat that knows a case, anger offers to follow that case up (催办, 补充)."""
    state = tracker_json(text="气死我了", intent="goodbye", active_loop=None,
                         slots={"own_case": "JS20261206-000001", "known_codes": {"JS20261206-000001": "115199"}})
    _, _, messages = run(ActionGoodbye(), state, domain)
    told = said(messages)
    assert "非常理解您的心情" in told and "JS20261206-000001" in told and "催办" in told, told


def test_t50_an_angry_opener_is_not_asked_for_a_case_number(live, domain):
    """tester50 C6: "你们12345就是摆设！！！打了八百遍电话了什么都没解决！！！" (read as a progress query) got
    请告诉我您的工单编号. The anger is heard first, and what happened is asked."""
    state = tracker_json(text="你们12345就是摆设！！！打了八百遍电话了什么都没解决！！！", intent="ask_progress",
                         active_loop=None)
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert "非常理解您的心情" in told and "遇到了什么事" in told, told
    assert "utter_ask_case_number" not in told and not slots.get("progress_asked"), (told, slots)


def test_t50_manage_or_not_is_answered_yes(live, domain):
    """tester50 C6: "你们到底管不管？？？" got 这个问题我这里没法确切答复. 管的: registered, sent to the unit."""
    state = tracker_json(text="你们到底管不管？？？", intent="nlu_fallback", active_loop=None)
    _, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert told.startswith("管的") and "承办单位" in told and "没法确切答复" not in told, told


def test_t50_anger_in_the_form_keeps_the_complaint(live, domain):
    """tester50 C6: "气死我了" in the middle of a complaint (read as goodbye) is heard; the complaint stays."""
    state = tracker_json(text="气死我了", intent="goodbye", requested_slot="address",
                         slots={"description": "楼上装修天天砸墙，早上7点就开始"})
    _, events, messages = run(ActionLeaveForm(), state, domain)
    told = said(messages)
    assert "非常理解您的心情" in told and "没有提交" not in told and "再见" not in told, told
    assert {"event": "followup", "name": "complaint_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events], events


# -- C11: who answers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["你是机器人吗", "你是真人还是AI？", "你是机器人吧", "你叫什么名字"])
def test_t50_the_bot_says_honestly_what_it_is(live, domain, text):
    """tester50 C11: "你是机器人吗" got 抱歉，这个问题我帮不上忙. Honest: 12345's assistant, not a person;
    what it can do; a person at 12345."""
    state = tracker_json(text=text, intent="out_of_scope", active_loop=None)
    _, _, messages = run(ActionOutOfScope(), state, domain)
    told = said(messages)
    assert "智能助手" in told and "不是真人" in told and "12345" in told and "帮不上忙" not in told, told


def test_t50_the_bot_says_what_it_is_mid_complaint(live, domain):
    """tester50 C11 (c44): "你是机器人吗？" mid-complaint got 帮不上忙; answered, the complaint goes on."""
    state = tracker_json(text="你是机器人吗？", intent="out_of_scope", requested_slot="address",
                         slots={"description": "小区里有人私搭乱建，在绿地上盖了个小房子"})
    _, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "不是真人" in told and "接着登记" in told and "帮不上忙" not in told, told


def test_t50_a_person_wished_is_no_transfer_promised_and_the_next_case_is_flagged(live, domain):
    """tester50 C11: "我要找真人" with nothing to hand over got 正在为您转接人工坐席，请稍候 though nobody joins.
    No transfer promised: 12345 for a person, or the matter registered with a call-back asked for; the
    case filed next is flagged for an operator and says so."""
    state = tracker_json(text="我要找真人", intent="request_human", active_loop=None)
    _, _, messages = run(ActionHandoff(), state, domain)
    told = said(messages)
    assert "请稍候" not in told and "正在为您转接" not in told, told
    assert "拨打12345" in told and "登记" in told and "回电" in told, told
    filled = {"description": "我们小区垃圾站好几天没人清运了，臭死了", "address": "北京市顺义区后沙峪镇裕京花园",
              "contact": "13612345678", "confirmation": True}
    state = _chat(tracker_json(text="对", intent="affirm", active_loop=None, slots=filled), ("我要找真人", [told]))
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    number = slots["case_number"]
    raw, flagged = _case_row(live, number)
    assert flagged and "回电" in raw, raw
    assert "话务员会按您留的电话联系您" in said(messages), said(messages)


# -- C13: urging and dissatisfaction -------------------------------------------------------------------

def test_t50_urging_with_number_and_code_is_noted_with_the_time_frame(live, domain):
    """tester50 C13: "…编号JS…，查询码…，怎么还没人来？家里冻死了，能不能催一下" and "催办！我要催办这个工单"
    only repeated the status. The urging goes on the case (补充), is said so, with the 接诉即办 time frame."""
    number, code = _file(domain)
    text = f"我之前反映的暖气的事，编号{number}，查询码{code}，怎么还没人来？家里冻死了，能不能催一下"
    state = tracker_json(text=text, intent="ask_progress", active_loop=None)
    _, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert "已为您催办" in told and number in told and "接诉即办" in told and "当前状态" in told, told
    notes = _notes(live, number)
    assert notes and notes[-1][0] == "补充" and "催" in notes[-1][1] and code not in notes[-1][1], notes
    assert _case_row(live, number)[1], "the urged case is flagged for an operator"
    state = tracker_json(text="催办！我要催办这个工单", intent="ask_progress", active_loop=None,
                         slots={"case_number": number, "known_codes": {number: code}})
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert "已为您催办" in said(messages), said(messages)
    assert len(_notes(live, number)) == 2


def test_t50_when_someone_comes_after_the_status_gets_the_time_frame(live, domain):
    """tester50 C13: "什么时候能派人来" after the case's status got 抱歉，这个问题我帮不上忙: the time frame."""
    number, code = _file(domain)
    state = _chat(tracker_json(text="什么时候能派人来", intent="out_of_scope", active_loop=None,
                               slots={"case_number": number, "known_codes": {number: code}}),
                  ("查一下", [f"工单 {number} 当前状态：已受理，拟承办部门：朝阳区城市管理委（待话务员确认）。"]))
    _, _, messages = run(ActionOutOfScope(), state, domain)
    told = said(messages)
    assert "接诉即办" in told and "时限" in told and "帮不上忙" not in told, told


def test_t50_dissatisfaction_is_noted_and_what_is_wrong_asked(live, domain):
    """tester50 C13: "JS… 查询码… 这个工单的处理结果我不满意，物业根本没管" got the status only, no note. Noted
    on the case, said so, and what is still wrong is asked (the answer goes on the case)."""
    number, code = _file(domain, "楼上装修天天砸墙，早上7点就开始", "北京市丰台区青塔西路蔚园小区3号楼")
    state = tracker_json(text=f"{number} 查询码{code} 这个工单的处理结果我不满意，物业根本没管", intent="ask_progress",
                         active_loop=None)
    _, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert "不满意" not in told or "意见已经记在工单" in told
    assert "意见已经记在工单" in told and "请说一下您要补充的内容" in told and number in told, told
    notes = _notes(live, number)
    assert notes[-1][0] == "补充" and "不满意" in notes[-1][1] and code not in notes[-1][1], notes


# -- C14: withdrawal -------------------------------------------------------------------------------------

def test_t50_take_it_back_is_a_withdrawal_with_its_reason(live, domain):
    """tester50 C14: "哎刚才那个撤了吧，我看到已经有人在修了" after filing got the status; the withdrawal is
    asked with that reason, and the reason is not asked again."""
    number, code = _file(domain, "西城区德胜门内大街的公共厕所坏了，水箱不出水", "北京市西城区德胜门内大街")
    state = tracker_json(text="哎刚才那个撤了吧，我看到已经有人在修了", intent="ask_progress", active_loop=None,
                         slots={"own_case": number, "case_number": number, "known_codes": {number: code}})
    _, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert f"您要撤销工单 {number}" in told and "撤销原因" not in told, told
    notes = _notes(live, number)
    assert notes[-1][0] == "撤销申请" and "有人在修" in notes[-1][1], notes


@pytest.mark.parametrize("text,intent", [("查询码忘了", "nlu_fallback"), ("那怎么办", "nlu_fallback"),
                                         ("忘记了", "deny")])
def test_t50_a_forgotten_code_is_no_loop(live, domain, text, intent):
    """tester50 C14: "查询码忘了" / "那怎么办" where the code was asked got the same question three times:
    where to find the code, or 12345 with the phone left; no loop."""
    slots = {"case_number": "JS20261206-000024", "progress_asked": "code"}
    state = tracker_json(text=text, intent=intent, active_loop=None, slots=slots)
    action = ActionInformOutside() if intent == "nlu_fallback" else ActionCheckProgress()
    got, _, messages = run(action, state, domain)
    told = said(messages)
    assert "utter_ask_query_code" not in told and "12345" in told and "话务员核实" in told, told
    assert got.get("progress_asked") is None, got


# -- C9: thanks, then a complaint ------------------------------------------------------------------------

PRAISE_THEN = ("先表扬一下你们上次帮我解决了停车的问题👍 这次又有个事，我们楼下新开的奶茶店音响声音特别大，"
               "一直放到晚上十点多。东城区东四北大街128号")


def test_t50_thanks_then_a_complaint_is_a_complaint(live, domain):
    """tester50 C9: a thank-you followed by 这次又有个事 and a noise complaint was read back and filed as 表扬.
    The complaint is what is read back and filed; the thanks go on the case beside it."""
    filled = {"description": PRAISE_THEN, "address": "北京市东城区东四北大街128号", "contact": "不留"}
    _, _, messages = run(ActionAskConfirmation(), tracker_json(text="不留", slots=filled,
                                                               requested_slot="confirmation"), domain)
    told = said(messages)
    assert "问题：我们楼下新开的奶茶店" in told and "表扬：" not in told and "表扬也会" in told, told
    state = tracker_json(text="对", intent="affirm", active_loop=None, slots={**filled, "confirmation": True})
    slots, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert "感谢您的表扬" not in said(messages) and "初步判断由" in said(messages), said(messages)
    raw, _ = _case_row(live, slots["case_number"])
    assert raw.startswith("我们楼下新开的奶茶店") and "表扬" not in raw, raw
    assert any(kind == "补充" and "表扬" in text for kind, text in _notes(live, slots["case_number"]))


# -- C15: the basic path -----------------------------------------------------------------------------

@pytest.mark.parametrize("question,words", [
    ("请问一下社保怎么从外地转到北京？我之前在河北交了三年", ("国家社会保险公共服务平台", "12333")),
    ("那居住证怎么办呢，需要什么材料", ("派出所", "北京警务", "身份证", "照片", "租房合同", "劳动合同")),
    ("孩子上小学要什么材料，非京籍", ("五证", "区教委", "学区")),
    ("供暖费交到哪里？", ("供热单位",)),
])
def test_t50_common_questions_get_the_basic_path(live, domain, question, words):
    """tester50 C15: 社保转移, 居住证, 非京籍入学, 供暖费 got only a department. The basic path, and that the
    department decides."""
    state = tracker_json(text=question, intent="consult", active_loop=None)
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    told = said(messages)
    assert all(w in told for w in words) and "以主管部门的规定为准" in told, told


def test_t50_a_disputed_fine_gets_the_ways_to_appeal(live, domain):
    """tester50 C15 (c08): "我不服这个罚款能怎么办？" got 是否处罚由承办单位决定. 行政复议 (60日) or 行政诉讼 (6个月)."""
    state = tracker_json(text="我还想问一下，我不服这个罚款能怎么办？", intent="consult", active_loop=None,
                         slots={"own_case": "JS20261206-000009", "known_codes": {"JS20261206-000009": "021358"}})
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    told = said(messages)
    assert "行政复议" in told and "60日" in told and "行政诉讼" in told and "6个月" in told, told


def test_t50_urging_said_before_the_code_is_noted_once_the_code_comes(live, domain):
    """tester50 C13: "能不能催一下 JS…" and the code asked for: the urging is noted when the code comes."""
    number, code = _file(domain)
    state = _chat(tracker_json(text=code, intent="inform", active_loop=None,
                               slots={"case_number": number, "progress_asked": "code"}),
                  (f"{number}怎么还没人来，能不能催一下", ["为保护您的隐私，请告诉我登记时给您的6位查询码。"]))
    _, _, messages = run(ActionCheckProgress(), state, domain)
    assert "已为您催办" in said(messages), said(messages)
    assert any("催" in text for _, text in _notes(live, number))


def test_t50_what_is_still_wrong_after_dissatisfaction_goes_on_the_case(live, domain):
    """tester50 C13 (c38): after the dissatisfaction was noted, "我要重新投诉，还是天天砸墙" (a complaint to the
    intents) was 不够具体 and then the place was asked again: it goes on the case as its 补充."""
    from actions.form import ValidateComplaintForm
    number, code = _file(domain, "楼上装修天天砸墙，早上7点就开始", "北京市丰台区青塔西路蔚园小区3号楼")
    state = tracker_json(text=f"{number} 查询码{code} 这个工单的处理结果我不满意，物业根本没管", intent="ask_progress",
                         active_loop=None)
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    answer = [m.get("text") or "" for m in messages]
    again = "我要重新投诉，还是天天砸墙"
    state = _chat(tracker_json(text=again, intent="complain", requested_slot=None,
                               slots={k: v for k, v in slots.items() if k != "progress_asked"},
                               set_now={"description": again}), ("不满意", answer))
    got, _, _ = run(ValidateComplaintForm(), state, domain)
    assert got.get("confirmation") is False and got.get("form_outcome") == "cancelled", got
    state = _chat(tracker_json(text=again, intent="complain", active_loop=None,
                               slots={**{k: v for k, v in slots.items() if k != "progress_asked"},
                                      "confirmation": False}), ("不满意", answer))
    _, _, messages = run(ActionSubmitComplaint(), state, domain)
    assert number in said(messages) and "补充" in said(messages), said(messages)
    assert _notes(live, number)[-1] == ("补充", "我要重新投诉，还是天天砸墙"), _notes(live, number)


@pytest.mark.parametrize("action,intent", [(ActionInformOutside, "nlu_fallback"), (ActionAnythingElse, "deny"),
                                           (ActionCheckProgress, "ask_progress")])
def test_t50_what_now_after_a_forgotten_code_is_answered(live, domain, action, intent):
    """tester50 C14: "那怎么办" right after the answer to a forgotten code (it was the code question again,
    then 没有理解): 12345 with the case number, said short."""
    state = _chat(tracker_json(text="那怎么办", intent=intent, active_loop=None,
                               slots={"case_number": "JS20261206-000024"}),
                  ("查询码忘了", ["查询码是登记成功时回复里和工单编号写在一起的6位数字，您可以翻一下当时的聊天记录。"]))
    slots, _, messages = run(action(), state, domain)
    told = said(messages)
    assert "拨打12345" in told and "JS20261206-000024" in told, told
    assert "utter_ask" not in told and "没有理解" not in told and not slots.get("progress_asked"), (told, slots)


def test_t50_anger_said_again_is_answered_short(live, domain):
    """tester50 C6 (c37): 😡, 🤬, 气死我了 in a row: heard each time, the long answer once."""
    state = _chat(tracker_json(text="🤬", intent="nlu_fallback", active_loop=None),
                  ("😡😡😡", ["非常理解您的心情，给您添麻烦了。您说说遇到了什么事、在哪里，我马上帮您登记。"]))
    _, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "我在听" in told and "非常理解您的心情" not in told and "没有理解" not in told, told


def test_t50_anger_about_a_case_filed_before_still_asks_its_number(live, domain):
    """tester50 C6: anger that names a case filed before (上次反映的事…) is heard, and its number is asked."""
    state = tracker_json(text="之前反映的那个事到现在还没结果，太过分了", intent="ask_progress", active_loop=None)
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert "非常理解您的心情" in told and "utter_ask_case_number" in told and slots["progress_asked"] == "number", told


def test_t50_praise_with_a_but_and_no_problem_stays_praise(live, domain):
    """tester50 C9, its limit: "不过" in praise that tells no problem keeps it praise."""
    text = "我想表扬一下海淀区学院路派出所的民警小王，帮我找回了钱包，不过当时我太紧张忘了问他全名"
    filled = {"description": text, "address": "北京市海淀区学院路", "contact": "不留"}
    _, _, messages = run(ActionAskConfirmation(), tracker_json(text="不留", slots=filled,
                                                               requested_slot="confirmation"), domain)
    assert f"表扬：{text}" in said(messages), said(messages)


def test_t50_a_person_asked_for_after_the_crisis_lines_gets_a_flagged_case(live, domain):
    """tester50 C11, in a crisis: the crisis lines offer a person (回复“转人工”); "转人工" then, with no place
    told, is a case flagged for an operator who calls back, never "nobody can come here"."""
    from actions.safety import SELF_HARM_STAY_ALONE
    state = _chat(tracker_json(text="转人工", intent="request_human", active_loop=None),
                  ("我这几天一直想死", [SELF_HARM_STAY_ALONE + "心理援助热线12356"]))
    slots, _, messages = run(ActionHandoff(), state, domain)
    told = said(messages)
    # (a call-back, as no person joins the chat: 已为您转接 promised a transfer that does not happen, tester51 C5)
    assert "已请话务员尽快给您回电" in told and "转人工坐席" not in told and "12356" in told and slots.get("contact_asked"), told
    raw, flagged = _case_row(live, slots["case_number"])
    assert flagged and "想死" in raw, raw


def test_t50_when_someone_comes_with_no_case_yet_is_answered(live, domain):
    """tester50 C13: "什么时候能派人来" with no case in the chat got 帮不上忙: how it goes once registered."""
    state = tracker_json(text="什么时候能派人来", intent="out_of_scope", active_loop=None)
    _, _, messages = run(ActionOutOfScope(), state, domain)
    told = said(messages)
    assert "接诉即办" in told and "登记" in told and "帮不上忙" not in told, told


def test_t50_anger_a_third_time_is_still_short(live, domain):
    """tester50 C6 (c37): 😡, 🤬, 气死我了: the long answer once, then short ones."""
    state = _chat(tracker_json(text="气死我了", intent="goodbye", active_loop=None),
                  ("😡😡😡", ["非常理解您的心情，给您添麻烦了。您说说遇到了什么事、在哪里，我马上帮您登记。"]),
                  ("🤬", ["我在听。您慢慢说，是什么事让您这么生气、在哪里？我马上帮您登记、跟进。"]))
    _, _, messages = run(ActionGoodbye(), state, domain)
    told = said(messages)
    assert "我在听" in told and "再见" not in told, told


def test_t50_impatience_after_a_status_flags_the_case_too(live, domain):
    """tester50 C13: the urging after a status (都三天了还是已受理？…) is noted and, as any urging, the case is
    flagged for an operator (it was noted only: flagged False)."""
    number, code = _file(domain)
    own = {"case_number": number, "own_case": number, "known_codes": {number: code}}
    state = _chat(tracker_json(text="都三天了还是已受理？你们效率也太低了吧", intent="nlu_fallback", active_loop=None,
                               slots=own),
                  ("查一下我的工单", [f"工单 {number} 当前状态：已受理，拟承办部门：朝阳区城市管理委（待话务员确认）。"]))
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert "催办" in said(messages), said(messages)
    assert _case_row(live, number)[1] and any("市民催办" in t for _, t in _notes(live, number))


def test_t50_a_stall_taken_away_is_no_withdrawal(live, domain):
    """tester50 C14, its limit: 撤了 of something else (他们摊位撤了又摆回来了) withdraws no case."""
    number, code = _file(domain, "朝阳区团结湖路口有人摆摊卖烧烤，油烟很大", "北京市朝阳区团结湖路口")
    state = tracker_json(text="他们摊位撤了又摆回来了", intent="nlu_fallback", active_loop=None,
                         slots={"own_case": number, "case_number": number, "known_codes": {number: code}})
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert "撤销" not in said(messages), said(messages)
    assert not any(kind == "撤销申请" for kind, _ in _notes(live, number))


def test_t50_urging_a_case_filed_in_this_chat_is_no_apology_for_waiting(live, domain):
    """tester50 C13: "催一下" right after filing in the same chat: noted, without 让您久等了."""
    number, code = _file(domain)
    state = _chat(tracker_json(text="催一下", intent="ask_progress", active_loop=None,
                               slots={"own_case": number, "case_number": number, "known_codes": {number: code}}),
                  ("对", [f"已为您登记，工单编号 {number}，查询码 {code}，初步判断由朝阳区城市管理委承办，话务员确认后派单。"]))
    _, _, messages = run(ActionCheckProgress(), state, domain)
    told = said(messages)
    assert "刚登记不久" in told and "久等" not in told and "已为您催办" in told, told


def test_t50_a_fine_asked_about_is_no_appeal():
    """tester50 C15, its limit: 请告诉我闯红灯罚款多少 asks the amount, not how to appeal; 我要的是人工 is no
    question about the bot."""
    from actions.actions import _basic_path, _bot_asked
    assert _basic_path("请告诉我闯红灯罚款多少") is None
    assert "行政复议" in (_basic_path("对处罚决定有异议怎么办") or "")
    assert not _bot_asked("我要的是人工") and _bot_asked("你们是机器人吧")
