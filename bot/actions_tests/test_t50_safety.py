"""Dangers the fiftieth tester's citizens told with no safety advice (tester50 C1), a person hurt in a
hazard and the close of an urgent case (C8), and help for a problem happening now (C20)."""

from __future__ import annotations

from typing import Any

import pytest
from actions.actions import ActionAskAddress, ActionOutOfScope
from actions.safety import FILED_SAID, URGENT_FILED_MARK, urgent_filed
from conftest import tracker_json
from rasa_sdk import Tracker
from test_actions import run, said, validate


# -- C1: dangers with no advice -------------------------------------------------------------------------

@pytest.mark.parametrize("text, first, musts", [
    ("楼道里全是烟，呛得喘不过气", "如有火情或浓烟", ("119", "湿毛巾", "不要乘坐电梯")),
    ("隔壁屋里冒出好多烟，敲门没人应", "如有火情或浓烟", ("119", "湿毛巾")),
    ("对面楼里有烟冒出来，还闻到烧焦的味道", "如有火情或浓烟", ("119",)),
    ("地下室进水了，水已经到膝盖了，还有人在下面", "如地下室", ("119", "撤到地面", "不要触碰任何电器")),
    ("家里燃气表一直转但是没用气", "燃气表在没用气时还在走", ("96777", "阀门", "通风")),
    ("邻居家的狗没拴绳，刚把我儿子腿咬了，出血了😭 狗主人还说不关他事", "如被狗咬伤",
     ("肥皂水", "15分钟", "24小时内", "狂犬病免疫预防门诊", "110")),
])
def test_t50_a_danger_gets_its_advice_before_the_question(live, domain, text, first, musts):
    """tester50 C1: smoke in a stairway or a flat, a flooding basement with people in it, a gas meter
    running with nothing on and a bleeding dog bite got 请问问题发生在哪里 with no advice. The advice comes
    first now, then the form goes on; never 不够具体."""
    _, _, messages = validate(domain, text, "description", requested_slot=None)
    told = said(messages)
    assert messages and messages[0]["text"].startswith(first), told
    assert all(m in messages[0]["text"] for m in musts), told
    assert "不够具体" not in told and "utter_description_vague" not in told, told


def test_t50_someone_in_the_river_gets_the_rescue_advice_never_too_vague(live, domain):
    """tester50 C1: 有人掉河里了 was answered 您说的情况还不够具体. Now 110/120/119, not to jump in, something
    that floats thrown; the bot waits (no form question in the same breath)."""
    slots, _, messages = validate(domain, "有人掉河里了", "description", requested_slot=None)
    told = said(messages)
    assert messages and messages[0]["text"].startswith("如有人落水"), told
    assert all(n in told for n in ("110", "120", "119")) and "不要贸然下水" in told and "救生圈" in told, told
    assert "不够具体" not in told and "utter_description_vague" not in told, told
    assert "不用急着登记" in told and "先打110或120求助" not in told, told


# -- C8: a person hurt in a hazard; the close of an urgent case ------------------------------------------

MANHOLE = "快来人！我们小区门口井盖没了，一个老太太掉下去了，腿在流血，人还在下面"


@pytest.mark.parametrize("text", [MANHOLE, "老太太掉井里了，腿在流血，人还在下面"])
def test_t50_a_person_down_a_manhole_gets_120_and_119_first(live, domain, text):
    """tester50 C8: the manhole's advice (远离井口, 已有人跌落请拨打110或120) won over the person in it. The
    person first: 120 and 119, nobody goes down after her; the bot waits."""
    _, _, messages = validate(domain, text, "description", requested_slot=None)
    told = said(messages)
    assert messages and messages[0]["text"].startswith("如有人掉进井里"), told
    assert "120和119" in told and "不要自己下井" in told and "如井盖缺失" not in told, told
    assert "不用急着登记" in told and "不够具体" not in told, told


def _tracker(*bot: str) -> Tracker:
    state = tracker_json(text="对", requested_slot="confirmation")
    state["events"] = [{"event": "bot", "text": t} for t in bot] + state["events"]
    return Tracker.from_dict(state)


def test_t50_an_urgent_case_closes_as_urgent_with_the_numbers_of_its_advice():
    """tester50 C8: the manhole, gas and fire cases closed with the routine "话务员确认后派单". An urgent
    case's close says it is registered as urgent and that 119/120 come first: the numbers of the advice
    said in this chat (the well's 120和119), else its kind's; a case not urgent keeps the routine close."""
    case = {"number": "JS20261206-000018", "query_code": "386934", "urgent": "人身危险"}
    well = ("如有人掉进井里或坑里：请马上拨打120和119，说清楚位置和人的情况；不要自己下井或下坑施救。"
            "人的安全要紧，先按上面说的打电话求救，不用急着登记。")
    told = urgent_filed(case, "朝阳区城市管理委", _tracker(well, "可以留个联系电话吗？"))
    assert told and told.startswith(FILED_SAID[0]) and URGENT_FILED_MARK in told, told
    assert "JS20261206-000018" in told and "386934" in told and "朝阳区城市管理委" in told, told
    assert "请以120、119为准" in told and "话务员确认后派单" not in told, told
    gas = urgent_filed({**case, "urgent": "燃气泄漏"}, "朝阳区城市管理委", None)
    assert gas and "96777" in gas and "119" in gas and URGENT_FILED_MARK in gas, gas
    # an earlier case's advice, before that case was filed, is not this one's
    earlier = urgent_filed({**case, "urgent": "火情"}, "x", _tracker(well, "已为您登记，工单编号 JS1，查询码 1。"))
    assert earlier and "请以119为准" in earlier, earlier
    assert urgent_filed({**case, "urgent": None}, "朝阳区城市管理委", None) is None


# -- C20: help for a problem happening now -----------------------------------------------------------

def test_t50_whom_to_call_if_the_noise_goes_on_tonight(live, domain):
    """tester50 C20: 今晚要是还吵我该打什么电话 got 抱歉，这个问题我帮不上忙. While the noise goes on: 12345
    again or 110, and the time and a recording kept as evidence."""
    state = tracker_json(text="今晚要是还吵我该打什么电话", intent="out_of_scope", active_loop=None)
    _, _, messages = run(ActionOutOfScope(), state, domain)
    told = said(messages)
    assert "110" in told and "12345" in told and "录" in told and "时间" in told, told
    assert "帮不上忙" not in told, told


def test_t50_a_noise_complaint_asking_whom_is_still_filed():
    """tester50 C20: only a noise going on again is answered with the numbers; 工地晚上太吵了找谁 is a
    complaint to file."""
    from actions.safety import _service_line_asked
    assert _service_line_asked("工地晚上太吵了找谁") is None
    assert "110" in (_service_line_asked("要是半夜又施工打哪个电话") or "")


KID = "我女儿在幼儿园被老师打了，回来胳膊上都是青的，问她说老师拿尺子打的"


def test_t50_a_teacher_hitting_a_small_child_gets_what_to_do_before_the_questions(live, domain):
    """tester50 C20 (c34): a teacher hitting a three-year-old got only the form's questions. First: photos
    of the bruises, a medical check, 110 can be called; then the place is asked."""
    slots: dict[str, Any] = {"description": KID, "description_draft": KID, "complaint_category": "教育文体"}
    state = tracker_json(text=KID, requested_slot="address", slots=slots)
    _, _, messages = run(ActionAskAddress(), state, domain)
    told = said(messages)
    assert "拍照" in told and "医院检查" in told and "110" in told, told
    assert messages[-1].get("response") == "utter_ask_address", messages
