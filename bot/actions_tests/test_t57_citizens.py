"""Session 43: tester56's leftovers and the fifty-seventh tester's citizens (tester57)."""

from __future__ import annotations

import pytest
from test_actions import validate


def test_t56_no_progress_is_no_hour_to_ask(live, domain):
    """tester56 E23: 老旧小区改造 说好的加装电梯 到现在还没动静 was asked 请问一般在什么时间段发生: 没动静 is no
    progress, not a noise. A noise's 动静 still asks the hour."""
    slots, _, _ = validate(domain, "我们小区老旧小区改造 说好的加装电梯 到现在还没动静 怀柔区泉河街道 南华园四区",
                           "description", requested_slot=None)
    assert slots.get("time_needed") is False and slots.get("address"), slots
    slots, _, _ = validate(domain, "楼上天天半夜有动静 咚咚的 朝阳区劲松八区", "description", requested_slot=None)
    assert slots.get("time_needed") is True, slots


def _outside(text: str, intent: str = "inform", before: list[str] | None = None, slots: dict | None = None) -> dict:
    from conftest import tracker_json

    state = tracker_json(text=text, intent=intent, active_loop=None, slots=slots or {})
    state["events"] = [{"event": "user", "text": t, "parse_data": {"intent": {"name": "inform"}}}
                       for t in before or []] + state["events"]
    return state


def _placed(events) -> str | None:
    return next((e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "address"), None)


def test_t57_a_district_alone_said_first_is_noted(live, domain):
    """tester57 F4: 海淀区 / 我在朝阳 as a first message got 抱歉，我没有理解."""
    from actions.actions import ActionInformOutside
    from test_actions import run, said

    for text, district in (("海淀区", "北京市海淀区"), ("我在朝阳", "北京市朝阳区")):
        _, events, messages = run(ActionInformOutside(), _outside(text), domain)
        assert _placed(events) == district and "没有理解" not in said(messages), said(messages)


def test_t57_a_building_said_after_the_place_joins_it(live, domain):
    """tester57 F4: 昌平区回龙观 / 龙泽苑东区 / 12号楼: the building replaced the whole place (地点记下了：12号楼), and
    the case went to a city unit; 我是丰台的，方庄这边 was kept word for word."""
    from actions.actions import ActionInformOutside
    from test_actions import run, said

    held = "北京市昌平区回龙观街道龙泽苑东区"
    _, events, messages = run(ActionInformOutside(), _outside(
        "12号楼", before=["昌平区回龙观", "龙泽苑东区"], slots={"address": held, "noted_place": "龙泽苑东区"}), domain)
    assert _placed(events) == held + "12号楼", (events, said(messages))
    # a place not noted the turn before is not joined to
    _, events, _ = run(ActionInformOutside(), _outside(
        "朝阳区望京西园三区", before=["龙泽苑东区", "算了"], slots={"address": held, "noted_place": "龙泽苑东区"}), domain)
    assert held not in (_placed(events) or ""), events


def test_t57_fillers_and_a_district_clause_are_no_part_of_the_place(live):
    """tester57 F4/F5: 我是丰台的，方庄这边 was stored as 我是丰台的，方庄; 行吧 通州 九棵树 翠屏北里 东区 as
    行吧通州区…; 我说了华清嘉园旁边啊 as 北京市海淀区我说了华清嘉园旁边."""
    import asyncio

    from actions.form import ValidateComplaintForm

    def place(text):
        return asyncio.run(ValidateComplaintForm._place(text))

    assert place("我是丰台的，方庄这边") == "北京市丰台区方庄"
    assert place("行吧 通州 九棵树 翠屏北里 东区") == "北京市通州区九棵树翠屏北里东区"
    assert place("我说了华清嘉园旁边啊") == "华清嘉园旁边"
    assert place("朝阳公园南门") == "北京市朝阳区朝阳公园南门"   # a name that begins with its district stays


def test_t57_a_couriers_service_is_a_problem_not_a_place(live, domain):
    """tester57 F5: 中通快递员不送上门 直接放驿站 … where the problem was asked was kept as the place (驿站)."""
    slots, _, messages = validate(domain, "中通快递员不送上门 直接放驿站 不打电话 我家老人拿不了", "description",
                                  requested_slot="description",
                                  slots={"description_draft": "是中通快递", "address": "北京市平谷区新平北路"})
    assert slots.get("address") in (None, "北京市平谷区新平北路") and "地点记下了" not in str(messages), (slots, messages)


HELD = {"description": "楼上天天半夜蹦迪，烦死了", "description_draft": "楼上天天半夜蹦迪，烦死了",
        "address": "北京市朝阳区望京西园三区", "time_needed": True}


def test_t57_a_building_said_at_the_phone_or_time_question_joins_the_place(live, domain):
    """tester57 F4/F6: 312号楼 at the phone question made the place 北京市朝阳区312号楼 (the community lost);
    7号楼 / 地址还有7号楼 我刚才说了 at the time question got 没太听清时间, the building never stored."""
    slots, _, _ = validate(domain, "312号楼", "contact", requested_slot="contact", slots=HELD)
    assert slots.get("address") == "北京市朝阳区望京西园三区312号楼" and not slots.get("contact"), slots
    for text in ("7号楼", "地址还有7号楼 我刚才说了"):
        slots, _, messages = validate(domain, text, "time", requested_slot="time", slots=HELD)
        assert slots.get("address") == "北京市朝阳区望京西园三区7号楼" and not slots.get("time"), (slots, messages)
    # another building instead of the one held
    slots, _, _ = validate(domain, "313号楼", "contact", requested_slot="contact",
                           slots={**HELD, "address": "北京市朝阳区望京西园三区312号楼"})
    assert slots.get("address") == "北京市朝阳区望京西园三区313号楼", slots
    # a floor is no building
    slots, _, _ = validate(domain, "三楼", "contact", requested_slot="contact", slots=HELD)
    assert slots.get("address", HELD["address"]) == HELD["address"], slots


def test_t57_a_building_in_the_place_is_no_time_and_abandoned_work_has_no_hours(live, domain):
    """tester57 F6: 朝阳区，劲松，八区 805楼 at the place question filed 时间：八区805楼; 老旧小区改造，外墙保温做了一半
    施工队就跑了 was asked its hours before its place, and its place was read as 老旧小区."""
    slots, _, _ = validate(domain, "朝阳区，劲松，八区 805楼", "address", requested_slot="address",
                           slots={"description": "我们家停电了，整个楼都黑了", "time_needed": False})
    assert not slots.get("time") and "805楼" in (slots.get("address") or ""), slots
    slots, _, _ = validate(domain, "老旧小区改造，外墙保温做了一半施工队就跑了，脚手架还搭着", "description",
                           requested_slot=None)
    assert slots.get("time_needed") is False and not slots.get("address"), slots


OILY = {"description": "楼下饭馆油烟太大，周末都不停", "time_needed": True, "address": "北京市东城区东四"}


@pytest.mark.parametrize("text, time, address", [
    ("我已经告诉你了", "周末", None),                      # the hours in the problem told (没太听清时间, twice)
    ("不固定 经常", "不固定，经常", None),                  # an answer, not a failed one
    ("你烦不烦 周末啊", "周末", None),                      # the hours, not the rant (it was filed whole)
    ("时间？从上个月就停了啊，地方是东城，东四 十一条那片", "从上个月就停了", "北京市东城区东四十一条"),
])
def test_t57_answers_to_the_time_question(live, domain, text, time, address):
    """tester57 F6: ordinary answers to 请问一般在什么时间段发生 were rejected, filed whole, or lost their place."""
    slots, _, messages = validate(domain, text, "time", requested_slot="time", slots=OILY)
    assert slots.get("time") == time and "utter_time_vague" not in str(messages), (slots, messages)
    if address:
        assert slots.get("address") == address, slots


def test_t57_a_report_dropped_in_a_longer_answer_is_dropped(live, domain):
    """tester57 F10: 算了，我先找物业吧，不登记了 at the phone question went on to the read-back (read as 不留), and
    我说了不登记了 there was asked 请问哪一项需要修改."""
    held = {"description": "楼上漏水，把我家天花板泡了", "address": "北京市怀柔区雁栖镇雁栖花园3号楼"}
    slots, _, _ = validate(domain, "算了，我先找物业吧，不登记了", "contact", requested_slot="contact", slots=held)
    assert slots.get("form_outcome") == "cancelled" and not slots.get("contact"), slots
    slots, _, _ = validate(domain, "我说了不登记了", "confirmation", requested_slot="confirmation",
                           slots={**held, "contact": "不留"}, intent="deny")
    assert slots.get("confirmation") is False and slots.get("fix_field") == "cancel", slots


def test_s43_an_addition_at_the_read_back_goes_in_once(live, domain):
    """Session 43's own check: 不对 还有他们把垃圾堆在楼道里 这些你没记 at the read-back fills both the problem and the part
    to fix; each validation added it, and the problem read it twice."""
    from actions.form import ValidateComplaintForm
    from conftest import tracker_json
    from test_actions import run

    held = "楼下饭馆油烟太大，天天熏得开不了窗"
    text = "不对，还有他们把垃圾堆在楼道里，这些你没记"
    slots, _, _ = run(ValidateComplaintForm(), tracker_json(
        text=text, intent="complain", requested_slot="confirmation",
        slots={"description": held, "description_draft": held, "address": "北京市朝阳区望京西园三区", "contact": "不留",
               "complaint_category": "城乡建设"},
        set_now={"description": text, "fix_field": text}), domain)
    assert slots.get("description", "").count("垃圾堆在楼道里") == 1, slots


def _read_back(text: str, intent: str, slots: dict, domain: dict):
    """The read-back answered: the slots Rasa fills from it (a complaint-like text fills the problem, a yes or
    no the confirmation, anything else the part to fix), validated."""
    from actions.form import ValidateComplaintForm
    from conftest import tracker_json
    from test_actions import run

    now = {"description": text} if intent == "complain" else \
        {"confirmation": intent == "affirm"} if intent in ("affirm", "deny") else {"fix_field": text}
    return run(ValidateComplaintForm(), tracker_json(text=text, intent=intent, slots=slots, set_now=now,
                                                     requested_slot="confirmation"), domain)


SHED = "小区门口有人私搭乱建，盖了个铁皮房"
TAXI = "昨天从首都机场打车，司机绕路，多收了一百多"


@pytest.mark.parametrize("text, intent, held, want", [
    ("不对，不是铁皮房，是彩钢板搭的，还把消防通道堵了", "complain", SHED, ("彩钢板", "消防通道")),
    ("不对，还有车是京B的出租，到顺义后沙峪，这些你没记", "complain", TAXI, ("京B", "后沙峪")),
    ("不对，还有车是京B的出租，到顺义后沙峪，这些你没记", "deny", TAXI, ("京B", "后沙峪")),
    ("补充一下，车是京B出租车，从机场到顺义后沙峪", "complain", TAXI, ("京B", "后沙峪")),
])
def test_t57_a_correction_or_addition_at_the_read_back_amends_the_case(live, domain, text, intent, held, want):
    """tester57 F7: at the read-back, 不对 … / 补充一下 … read as a complaint got 我们一件一件来 (a second issue) or the
    read-back again unchanged; with 不对 read as no, 请问哪一项需要修改."""
    slots, _, messages = _read_back(text, intent, {"description": held, "description_draft": held, "contact": "不留",
                                                   "address": "北京市通州区梨园镇云景里", "complaint_category": "城乡建设"},
                                    domain)
    assert all(w in (slots.get("description") or "") for w in want), (slots, messages)
    assert not slots.get("second_issue") and not slots.get("fixing") and "utter_one_at_a_time" not in str(messages)


def test_t57_a_building_corrected_at_the_read_back(live, domain):
    """tester57 F7: 不对，是7号楼 got 请问哪一项需要修改, then 7号楼 不够具体."""
    slots, _, _ = _read_back("不对，是7号楼", "deny", {"description": "楼道灯坏了", "description_draft": "楼道灯坏了",
                                                   "address": "北京市朝阳区劲松八区", "contact": "不留",
                                                   "complaint_category": "城乡建设"}, domain)
    assert slots.get("address") == "北京市朝阳区劲松八区7号楼" and not slots.get("fixing"), slots


@pytest.mark.parametrize("text, place", [("不知道 东城吧好像", "北京市东城区和平里"), ("我都说了东城啊", "北京市东城区和平里")])
def test_t57_a_hedged_district_answers_which_district(live, domain, text, place):
    """tester57 F8: asked 请问“和平里”在哪个区, 不知道 东城吧好像 got 这个地点还不够具体."""
    slots, _, _ = validate(domain, text, "address", requested_slot="address",
                           slots={"description": "暖气不热", "place_piece": "和平里"})
    assert slots.get("address") == place, slots


def test_t57_who_is_there_before_a_bare_district_is_no_part_of_the_place(live):
    """tester57 F8: 那家店在怀柔 青春路 was asked 请问“青春路”在哪个区 (and again after 我都说了怀柔啊)."""
    import asyncio

    from actions.form import ValidateComplaintForm

    assert asyncio.run(ValidateComplaintForm._place("那家店在怀柔 青春路")) == "北京市怀柔区青春路"
    assert asyncio.run(ValidateComplaintForm._place("井盖在丰台 草桥 欣园小区门口")) == "北京市丰台区草桥欣园小区门口"


def test_t57_i_dont_know_with_more_words_takes_the_place_as_said(live, domain):
    """tester57 F8: 不知道 地铁还分区啊 (asked which district) got 这个地点还不够具体 though 不知道 was offered."""
    slots, _, messages = validate(domain, "不知道 地铁还分区啊", "address", requested_slot="address",
                                  slots={"description": "地铁车厢里有人抽烟", "place_piece": "地铁10号线车厢里"})
    assert slots.get("address") == "地铁10号线车厢里" and "不够具体" not in str(messages), slots


def test_t56_a_withdrawals_note_keeps_neither_the_number_nor_the_codes_label(live, domain):
    """tester56 E19: the 撤销申请 note read 工单 JS… 查询码  那个遛狗的事不用处理了 (the code alone taken out)."""
    from actions.actions import ActionCheckProgress, ActionSubmitComplaint
    from conftest import tracker_json
    from test_actions import _filled, _get_case, run

    slots, _, _ = run(ActionSubmitComplaint(), tracker_json(text="对", intent="affirm", slots=_filled(), active_loop=None),
                      domain)
    number = slots["case_number"]
    code = slots["known_codes"][number]
    first = tracker_json(text=f"我要撤销 工单 {number} 查询码 {code} 那个事不用处理了", intent="ask_progress",
                         active_loop=None)
    run(ActionCheckProgress(), first, domain)
    notes = [n for n in _get_case(live, number, code)["notes"] if n["kind"] == "撤销申请"]
    assert notes and "不用处理了" in notes[0]["text"], notes
    assert number not in notes[0]["text"] and "查询码" not in notes[0]["text"] and code not in notes[0]["text"], notes
