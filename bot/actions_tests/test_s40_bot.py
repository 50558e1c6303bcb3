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


# -- tester51 ------------------------------------------------------------------------------------------

def test_s40_wage_details_typed_with_spaces_join_the_complaint_not_the_place(live, domain):
    """tester51 C4: "在望京SOHO T3 我是程序员 离职了 最后两个月工资没发" was all stored as the place."""
    description = "北京优品科技有限公司拖欠工资"
    answer = "在朝阳区望京SOHO T3 我是程序员 离职了 最后两个月工资没发"
    state = tracker_json(text=answer, intent="inform", requested_slot="address", set_now={"address": answer},
                         slots={"description": description})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "望京" in (slots.get("address") or "") and "程序员" not in slots["address"], (slots, said(messages))
    assert "最后两个月工资没发" in (slots.get("description") or "") and "离职" in slots["description"], slots


def test_s40_a_named_employer_is_asked_how_long_and_how_much(live, domain):
    state = tracker_json(text="北京优品科技有限公司拖欠工资", requested_slot="address",
                         slots={"description": "北京优品科技有限公司拖欠工资"})
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert "这家单位在哪里" in said(messages) and "多少钱" in said(messages), said(messages)
    state = tracker_json(text="x", requested_slot="address", slots={"description": "北京优品科技有限公司欠了我三个月工资两万四"})
    _, _, messages = run(ActionAskAddress(), state, domain)
    assert "多少钱" not in said(messages), said(messages)


def test_s40_unpaid_wages_said_outright_are_asked_no_reading(live, domain):
    """tester51 C11: "我要反映欠薪，…欠我三个月工资两万四" was asked 劳动工资和社保，还是城市建设、施工和市容管理？"""
    text = "我要反映欠薪，北京华兴建筑工程有限公司欠我三个月工资两万四，在朝阳区酒仙桥路10号的工地干活"
    slots, _, messages = run(ValidateComplaintForm(), tracker_json(text=text, set_now={"description": text},
                                                                   requested_slot="description"), domain)
    assert slots.get("description") and not slots.get("category_candidates"), slots
    assert "还是" not in said(messages), said(messages)


@pytest.mark.parametrize("text", ["我家没水了", "整个楼都没电了", "河边护栏有个缺口 容易掉下去",
                                  "能不能把300路末班车延后一点 我下夜班十一点多 已经没车了"])
def test_s40_plain_faults_and_suggestions_are_specific_enough(live, domain, text):
    """tester51 C7: 请说说是什么造成的（比如工地、商铺、邻居、公司）, twice, for a building without water and
    for a clear suggestion."""
    slots, _, messages = run(ValidateComplaintForm(), tracker_json(text=text, set_now={"description": text},
                                                                   requested_slot="description"), domain)
    assert slots.get("description"), (slots, said(messages))
    assert "不够具体" not in said(messages) and "是什么造成的" not in said(messages), said(messages)


@pytest.mark.parametrize("text", ["不提交了", "我说了不提交了", "这事不反映了", "别登记了"])
def test_s40_dropping_the_report_at_the_phone_question_files_nothing(live, domain, text):
    """tester51 C10: "不提交了" asked for the number was a 不留, and the read-back followed."""
    state = tracker_json(text=text, requested_slot="contact", set_now={"contact": text},
                         slots={"description": "楼下饭馆油烟太大", "address": "北京市朝阳区双井街道"})
    slots, _, _ = run(ValidateComplaintForm(), state, domain)
    assert slots.get("form_outcome") == "cancelled" and slots.get("contact") != "不留", slots


def test_s40_bare_suanle_at_the_phone_question_says_how_to_drop_the_report(live, domain):
    state = tracker_json(text="算了", requested_slot="contact", set_now={"contact": "算了"},
                         slots={"description": "楼下饭馆油烟太大", "address": "北京市朝阳区双井街道"})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots.get("form_outcome") != "cancelled" and "不提交了" in said(messages), (slots, said(messages))


def test_s40_a_person_wished_in_a_complaint_read_as_one_is_answered_honestly(live, domain):
    """tester51 C5 (h1): "给我转人工，我要投诉楼下烧烤店油烟太大…" read as a complaint: the wish was ignored
    (请问问题发生在哪里？). It is answered — no transfer here, 12345, a call-back noted — and the matter alone
    is the description."""
    text = "给我转人工，我要投诉楼下烧烤店油烟太大，天天熏得没法开窗"
    slots, _, messages = run(ValidateComplaintForm(), tracker_json(text=text, set_now={"description": text},
                                                                   requested_slot="description"), domain)
    told = said(messages)
    assert "没法直接转接人工坐席" in told and CALL_BACK_MARK in told and "12345" in told, told
    assert "油烟" in slots["description"] and "人工" not in slots["description"], slots


def test_s40_a_person_wished_mid_form_without_a_place_asks_it_first(live, domain):
    """tester51 C5 (h4): 转人工 at the place question filed a case with no address and no phone, promising
    坐席会尽快与您联系. The call-back is noted and the place asked first; nothing filed yet."""
    state = tracker_json(text="转人工", intent="request_human", requested_slot="address",
                         slots={"description": "小区地下车库被物业改成了仓库出租"})
    slots, _, messages = run(ActionHandoff(), state, domain)
    told = said(messages)
    assert "请先告诉我具体地点" in told and CALL_BACK_MARK in told and "case_number" not in slots, told


def test_s40_an_addition_said_after_the_case_and_its_code_goes_on_the_case(live, domain):
    """tester51 C13: "我之前反映过欠薪 工单号JS… 查询码… 我想补充一下 饭馆叫…" got the status line, twice
    ("我是要补充信息 不是查进度"); nothing was added. The wish to add after the case named is an addition."""
    from actions.actions import ActionCheckProgress
    from test_actions import _filed_here, _notes

    number, code, _ = _filed_here(domain)
    text = f"我之前反映过欠薪 工单号{number} 查询码{code} 我想补充一下 饭馆叫老王家常菜 在五道口华清嘉园底商 老板叫王建国"
    _, _, messages = run(ActionCheckProgress(), tracker_json(text=text, intent="ask_progress", active_loop=None), domain)
    assert f"已把您补充的内容记到工单 {number} 上" in said(messages) and "当前状态" not in said(messages), said(messages)
    notes = [n["text"] for n in _notes(live, number, code)]
    assert notes == ["饭馆叫老王家常菜 在五道口华清嘉园底商 老板叫王建国"], notes


def test_s40_a_detail_corrected_in_one_breath_at_the_read_back_keeps_the_story(live, domain):
    """tester51 C3: "不对 不是俩月是仨月 欠我一万五" at the read-back was asked which item; the description retold
    then replaced the whole story (the restaurant and the boss lost). The detail is replaced where it was said,
    the rest added, and nothing else changes."""
    description = "我在饭馆打工，干了俩月，老板一分钱没给，我就知道老板姓王"
    text = "不对 不是俩月是仨月 欠我一万五"
    state = tracker_json(text=text, intent="deny", requested_slot="confirmation", set_now={"confirmation": text},
                         slots={"description": description, "address": "北京市海淀区五道口老王家常菜", "contact": "不留"})
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "已改为“仨月”" in said(messages), (slots, said(messages))
    assert slots["description"].startswith("我在饭馆打工，干了仨月，老板一分钱没给，我就知道老板姓王"), slots
    assert "欠我一万五" in slots["description"], slots


@pytest.mark.parametrize("text", ["打了好几次快递客服电话都没人接，快递丢了三天了", "网约车客服态度太差，多收了我五十块钱",
                                  "小区装的人工智能摄像头对着我家窗户拍"])
def test_s40_customer_service_named_in_a_complaint_is_no_wish_for_a_person(live, domain, text):
    slots, _, messages = run(ValidateComplaintForm(), tracker_json(text=text, set_now={"description": text},
                                                                   requested_slot="description"), domain)
    assert "没法直接转接" not in said(messages) and slots.get("description") == text, (slots, said(messages))


def test_s40_a_suggestion_is_not_asked_when_it_happens(live, domain):
    """tester51 C15: "能不能把300路末班车延后一点 我下夜班十一点多" was asked 请问一般在什么时间段发生？"""
    text = "能不能把300路末班车延后一点 我下夜班十一点多 已经没车了"
    slots, _, _ = run(ValidateComplaintForm(), tracker_json(text=text, set_now={"description": text},
                                                            requested_slot="description"), domain)
    assert slots.get("description") and not slots.get("time_needed"), slots
    text = "楼下烧烤店每天晚上营业到十一点多，油烟很大"   # a problem's hours are still asked when not said
    slots, _, _ = run(ValidateComplaintForm(), tracker_json(text=text, set_now={"description": text},
                                                            requested_slot="description"), domain)
    assert slots.get("description"), slots


def test_s40_a_complaint_said_reported_many_times_is_heard_and_noted(live, domain):
    """tester51 C16: "你们这帮废物！！！我打了八百遍12345了 …你们管不管？？？" got only 请问问题发生在哪里."""
    text = "你们这帮废物！！！我打了八百遍12345了 小区门口那个煎饼摊天天占道 城管来了就跑 走了又回来 你们管不管？？？"
    slots, _, messages = run(ValidateComplaintForm(), tracker_json(text=text, set_now={"description": text},
                                                                   requested_slot="description"), domain)
    assert "理解您的心情" in said(messages) and "多次反映未解决" in said(messages), said(messages)
    assert slots["description"].endswith("（市民称此前多次反映未解决）") and "废物" not in slots["description"], slots
