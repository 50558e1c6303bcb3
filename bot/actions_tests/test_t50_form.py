"""Tester-50 findings on the complaint form: facts said where the place is asked (C4), what a stored place
keeps (C5), a place outside Beijing (C3), 算了 (C7), a person asked for before the place (C2), the home
and the place of the problem (C10), and the smaller ones (C12, C16-C19, C21)."""

from __future__ import annotations

from typing import Any

import pytest
from actions.form import ValidateComplaintForm
from conftest import tracker_json
from test_actions import run, said, validate


def _at_address(domain: dict[str, Any], description: str, text: str, **slots: Any):
    return validate(domain, text, "address", requested_slot="address",
                    slots={"description": description, "description_draft": description, "time_needed": True,
                           **slots})


# -- C4: facts said where the place is asked -----------------------------------------------------------

@pytest.mark.parametrize("description, text, kept", [
    ("我家暖气不热", "家里才十五六度，老伴冻得直咳嗽😷", "老伴冻得直咳嗽"),
    ("老板不给工资", "快递公司的，顺丰 不对 是中通的分拣场", "中通的分拣场"),
])
def test_t50_facts_at_the_place_question_join_the_problem(live, domain, description, text, kept):
    """tester50 C4: 冻得直咳嗽 / 中通的分拣场 typed where the place was asked were dropped (这个地点还不够具体):
    they join the description (好的，记下了), the place is asked again; a piece said wrong (顺丰 不对) is left out."""
    slots, _, messages = _at_address(domain, description, text)
    assert slots.get("address") is None and slots["requested_slot"] == "address", slots
    assert slots["description"].startswith(description) and kept in slots["description"], slots
    assert "顺丰" not in slots["description"] and "不对" not in slots["description"], slots
    assert "记下了" in said(messages) and "utter_address_vague" not in said(messages), messages


def test_t50_a_fee_said_monthly_is_the_problem_not_its_time(live, domain):
    """tester50 C4: 每个月除了保教费还要另外交800的兴趣班费… where the place was asked was stored as the time
    (时间：每个月除了保教费…): it tells the problem, it joins the description; no time taken."""
    text = "每个月除了保教费还要另外交800的兴趣班费，说是自愿其实不交不行"
    slots, _, messages = _at_address(domain, "我们孩子上的幼儿园乱收费", text)
    assert not slots.get("time"), slots
    assert "兴趣班费" in slots["description"] and slots["requested_slot"] == "address", slots
    assert "时间记下了" not in said(messages), messages


def test_t50_hours_at_the_place_question_are_still_the_time(live, domain):
    """tester50 C4 (what worked stays): 每天晚上十一点以后 where the place was asked is the time; 等一下我问问 is no
    part of the problem."""
    slots, _, _ = _at_address(domain, "楼下烧烤店油烟太大", "每天晚上十一点以后")
    assert slots.get("time") == "每天晚上十一点以后" and slots.get("address") is None, slots
    slots, _, _ = _at_address(domain, "楼下烧烤店油烟太大", "等一下我问问我老伴")
    assert "问问" not in (slots.get("description") or ""), slots


# -- C5: what a stored place keeps ------------------------------------------------------------------------

@pytest.mark.parametrize("text, address, time", [
    ("location是朝阳区望京SOHO旁边的望京花园西区", "北京市朝阳区望京SOHO旁边的望京花园西区", None),
    ("西城區月壇北街25號院3號樓", "北京市西城区月坛北街25号院3号楼", None),
    ("海淀区万柳华府小区里 10分钟前", "北京市海淀区万柳华府小区", "10分钟前"),
    ("大兴区旧宫镇那边 具体叫啥我不知道 旧宫东路附近", "北京市大兴区旧宫镇旧宫东路附近", None),
])
def test_t50_the_place_is_stored_without_other_words(live, domain, text, address, time):
    """tester50 C5: location是…, traditional characters, 10分钟前 and 具体叫啥我不知道 were stored in the address
    (location是朝阳区…, 西城區月壇北街…, 北京市海淀区万柳华府小区里10分钟前): the place alone, in simplified
    characters with 北京市; a time said with it is the time."""
    slots, _, _ = _at_address(domain, "邻居家的狗没拴绳，把我儿子咬了", text)
    assert slots.get("address") == address, slots
    if time:
        assert slots.get("time") == time, slots


def test_t50_a_correction_at_the_phone_question_keeps_only_the_new_place(live, domain):
    """tester50 C5: 等等，地址说错了，是华清嘉园旁边的东升园公寓门口 at the phone question was stored as
    北京市海淀区等等，地址说错了，是…: the corrected place only, in the district known."""
    text = "等等，地址说错了，是华清嘉园旁边的东升园公寓门口"
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact",
                                  slots={"description": "小区门口有个烧烤摊天天晚上冒烟", "address": "北京市海淀区五道口华清嘉园",
                                         "complaint_category": "环境保护"})
    assert slots.get("address") == "北京市海淀区华清嘉园旁边的东升园公寓门口", slots
    assert "说错了" not in said(messages) and "等等" not in said(messages), messages


def test_t50_the_place_in_the_complaint_stops_where_what_was_done_starts(live, domain):
    """tester50 C5: 在海淀区中关村站点干了两个月 was stored as 北京市海淀区中关村站点干了两个月; 朝阳北路和青年路
    交叉口那个 as 朝阳北路 (the crossing lost)."""
    slots, _, _ = validate(domain, "我是美团外卖骑手，在海淀区中关村站点干了两个月，站长老李一直拖着不给我发11月份的工资，"
                                   "一共4800块", "description")
    assert slots["address"] == "北京市海淀区中关村站点", slots
    slots, _, _ = validate(domain, "朝阳北路和青年路交叉口那个，红绿灯一直黄灯闪，早高峰堵死了", "description")
    assert slots["address"].endswith("朝阳北路和青年路交叉口"), slots


def test_t50_a_place_corrected_at_the_read_back_with_its_new_value(live, domain):
    """tester50 C5: 地点不对，站点在海淀区中关村大街27号 at the read-back asked for the place again: the new
    place is taken at once."""
    slots, _, _ = validate(domain, "地点不对，站点在海淀区中关村大街27号", "confirmation", value=None,
                           requested_slot="confirmation",
                           slots={"description": "站长拖欠工资", "address": "北京市海淀区中关村站点", "contact": "不留",
                                  "complaint_category": "劳动和社会保障"})
    assert slots.get("address") == "北京市海淀区中关村大街27号", slots


# -- C3: another city before a district Beijing also has ---------------------------------------------------

def test_t50_a_district_of_another_city_is_outside_beijing(live, domain):
    """tester50 C3: 长春市朝阳区红旗街有个饭店后厨老鼠乱跑 was read back as 地点：北京市朝阳区红旗街: outside Beijing,
    told where to turn (as 燕郊 is), nothing filed."""
    slots, _, messages = validate(domain, "长春市朝阳区红旗街有个饭店后厨老鼠乱跑，太恶心了", "description")
    told = said(messages)
    assert "北京以外" in told and "长春" in told and "12345" in told, told
    assert slots.get("form_outcome") == "cancelled" and not slots.get("address"), slots


def test_t50_another_city_said_at_the_read_back_is_outside_beijing(live, domain):
    """tester50 C3: 不对，是吉林长春的朝阳区，不是北京的 at the read-back became 地点：吉林长春的朝阳区市朝阳区红旗街:
    outside Beijing, nothing filed; a Beijing street named after a city stays in Beijing."""
    base = {"description": "饭店后厨老鼠乱跑", "address": "北京市朝阳区红旗街", "contact": "不留",
            "complaint_category": "市场监管"}
    slots, _, messages = validate(domain, "不对，是吉林长春的朝阳区，不是北京的", "confirmation", value=None,
                                  requested_slot="confirmation", slots=base)
    assert "北京以外" in said(messages) and "吉林省" in said(messages), messages
    assert slots.get("form_outcome") == "cancelled" and slots.get("confirmation") is False, slots
    slots, _, messages = validate(domain, "北京市朝阳区长春街", "address", requested_slot="address",
                                  slots={"description": "饭店后厨老鼠乱跑"})
    assert slots.get("address") and "北京以外" not in said(messages), (slots, messages)


# -- C7: 算了 ---------------------------------------------------------------------------------------------

def test_t50_no_phone_with_suanle_at_the_time_question_is_a_refusal(live, domain):
    """tester50 C7: 算了不留电话 where the time was asked dropped the whole report (本次反映没有提交): it refuses
    the number; the report goes on, the time asked again."""
    slots, _, messages = validate(domain, "算了不留电话", "time", requested_slot="time",
                                  slots={"description": "隔壁工地一直在打桩施工", "time_needed": True,
                                         "address": "北京市通州区运河西大街与新华北路路口", "complaint_category": "城乡建设"})
    assert slots.get("form_outcome") != "cancelled" and slots.get("confirmation") is not False, slots
    assert slots.get("contact") == "不留" and slots["requested_slot"] == "time", slots
    assert "不留电话" in said(messages), messages


def test_t50_report_it_after_all_brings_the_dropped_draft_back(live, domain):
    """tester50 C7: 算了，不说了 dropped the report; 唉，还是反映一下吧，熏得人头疼 right after was taken as a new,
    vague description (不够具体): the dropped problem comes back with what was added, the place is asked."""
    description = "我们单位附近有人天天在路边烧垃圾"
    state = tracker_json(text="唉，还是反映一下吧，熏得人头疼", requested_slot="description",
                         set_now={"description": "唉，还是反映一下吧，熏得人头疼"})
    state["events"] = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": description, "parse_data": {"intent": {"name": "complain"}}},
        {"event": "slot", "name": "description", "value": description},
        {"event": "slot", "name": "requested_slot", "value": "address"},
        {"event": "bot", "text": "请问问题发生在哪里？请说一下区、街道、小区或道路名称。"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "算了，不说了，说了也没用", "parse_data": {"intent": {"name": "complain"}}},
        {"event": "slot", "name": "form_outcome", "value": "cancelled"},
        {"event": "bot", "text": "好的，本次反映没有提交。您可以重新描述问题，我再帮您登记。"},
        {"event": "slot", "name": "description", "value": None},
        {"event": "slot", "name": "form_outcome", "value": None},
    ] + state["events"]
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots["description"].startswith(description) and "熏得人头疼" in slots["description"], slots
    assert "还是反映" not in slots["description"], slots
    # the place next (or first which of two readings, 城乡建设 / 环境保护, where the model holds them near)
    assert not slots.get("address") and slots["requested_slot"] in ("address", "category_choice"), slots
    told = said(messages)
    assert "烧垃圾" in told and "utter_description_vague" not in told, told


# -- C2: someone to be sent before the place is known -----------------------------------------------------

@pytest.mark.parametrize("text", ["你们快派人来啊！！！", "快来人啊", "我要人工"])
def test_t50_send_someone_asked_where_asks_the_place_first(live, domain, text):
    """tester50 C2: 你们快派人来啊！！！ where the place was asked filed a case with no address, the operator could
    send no one: the place is asked first, once (为了尽快派人…), no failed answer; the address question is not
    repeated after it."""
    from actions.actions import ActionAskAddress
    description = "救命 我被困电梯里了 已经半个小时了 按警铃没人理"
    slots, _, messages = _at_address(domain, description, text)
    told = said(messages)
    assert "请先告诉我具体地点" in told and "utter_address_vague" not in told, told
    assert slots.get("address") is None and slots["requested_slot"] == "address", slots
    assert not (slots.get("retries") or {}).get("address"), slots
    state = tracker_json(text=text, requested_slot="address", slots={"description": description})
    state["events"].append({"event": "bot", "text": messages[0]["text"]})
    _, _, asked = run(ActionAskAddress(), state, domain)
    assert not asked, asked


# -- C10: the home and the place of the problem -----------------------------------------------------------

def test_t50_the_home_said_first_is_not_the_place_of_the_problem(live, domain):
    """tester50 C10: 我住在海淀区清河毛纺路小区，但我要反映的是…西城区金融街丰盛胡同那边… was read back with
    地点：北京市海淀区清河毛纺路小区: the place after 我要反映的是 is the problem's; a home alone stays the place."""
    slots, _, _ = validate(domain, "我住在海淀区清河毛纺路小区，但我要反映的是我上班的地方，西城区金融街丰盛胡同那边有个共享单车"
                                   "堆了一大片，人行道都走不了", "description")
    assert "西城区" in slots["address"] and "丰盛胡同" in slots["address"], slots
    slots, _, _ = validate(domain, "我住在海淀区清河毛纺路小区，楼下烧烤店天天晚上油烟很大", "description")
    assert "清河毛纺路" in slots["address"], slots


# -- C12: plain complaints ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["楼道灯坏了", "垃圾没人收", "小区停电了", "西城区德胜门内大街那个公共厕所没水了，冲不了，很脏",
                                  "师傅 红绿灯坏了"])
def test_t50_a_plain_fault_is_specific_enough(live, domain, text):
    """tester50 C12: 楼道灯坏了, 垃圾没人收, 小区停电了, 公共厕所没水了 were asked 是什么造成的（比如工地、商铺、
    邻居、公司）: they are complaints; the form goes on (the place asked when not said)."""
    slots, _, messages = validate(domain, text, "description")
    assert slots.get("description"), (slots, messages)
    assert "utter_description_vague" not in said(messages) and "utter_ask_what" not in said(messages), messages
    assert slots["requested_slot"] != "description", slots


def test_t50_the_wish_to_report_in_traditional_characters_is_asked_what(live, domain):
    """tester50 C12: 您好，我想反映一個問題 got 不够具体（比如工地、商铺、邻居、公司）: asked what the problem is, as
    您好，我想反映一个问题 is."""
    _, _, messages = validate(domain, "您好，我想反映一個問題", "description")
    assert "utter_ask_what" in said(messages), messages


# -- C16: the category question ------------------------------------------------------------------------------

def test_t50_an_answer_naming_no_category_is_not_asked_to_tap(live, domain):
    """tester50 C16: the problem told again where the category was asked got 抱歉没听明白，请点选或直接说出其中一项
    (no buttons on a text channel) and the question again: the operator decides, the form goes on."""
    text = "小区门口的下水道堵了，污水冒到路上了"
    slots, _, messages = validate(domain, text, "category_choice", requested_slot="category_choice",
                                  slots={"description": text, "category_candidates": ["城乡建设", "环境保护"],
                                         "complaint_category": "城乡建设"})
    told = said(messages)
    assert "点选" not in told and "utter_choice_invalid" not in told, told
    assert slots.get("category_choice") and slots["requested_slot"] != "category_choice", slots


# -- C17: a number typed already ----------------------------------------------------------------------------

TWO = ("我们小区有两个事：一是小区门口的路灯坏了一个多月了晚上黑漆漆的，二是物业把消防通道划成停车位收费。"
       "石景山区古城街道八角北里小区。电话13311112222")


def test_t50_a_number_after_two_problems_is_the_citizens_not_the_second_problems(live, domain):
    """tester50 C17: the number at the end of a message with two problems was asked again, and stored in the second
    problem's text (…八角北里小区。电话<手机号>): it is the contact; the second problem keeps no number."""
    slots, _, _ = validate(domain, TWO, "description")
    assert slots.get("contact") == "13311112222", slots
    assert slots.get("second_issue") and "电话" not in slots["second_issue"] and "1331" not in slots["second_issue"], slots
    assert slots["requested_slot"] != "contact", slots


def test_t50_the_number_given_before_is_taken_not_asked_again(live, domain):
    """tester50 C17: 电话我刚才给了啊 at the phone question got the same question again: the number said earlier in
    the chat is taken, read by its tail."""
    state = tracker_json(text="电话我刚才给了啊", requested_slot="contact", set_now={"contact": "电话我刚才给了啊"},
                         slots={"description": "路灯坏了", "address": "北京市石景山区古城街道八角北里小区"})
    state["events"] = [{"event": "action", "name": "action_listen"},
                       {"event": "user", "text": "路灯坏了，石景山区古城街道八角北里小区。电话13311112222"},
                       {"event": "bot", "text": "可以留个联系电话吗？方便承办部门回复您；不方便可以说“不留”。"}] + state["events"]
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots.get("contact") == "13311112222" and "尾号2222" in said(messages), (slots, messages)


# -- C18, C19: times out of turn --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, time", [
    ("昨天晚上", "昨天晚上"),
    ("不对不对，应该说是这一个月每天晚上都有，不只是昨天", "这一个月每天晚上都有"),
])
def test_t50_a_time_at_the_place_question_with_a_time_held_is_the_time(live, domain, text, time):
    """tester50 C18: 昨天晚上 (and its correction) where the place was asked, 天天晚上 held from the complaint, got
    这个地点还不够具体: the time said now, the place asked again."""
    slots, _, messages = _at_address(domain, "小区门口有个烧烤摊天天晚上冒烟，油烟直接飘进我家窗户", text, time="天天晚上")
    assert slots.get("time") == time and slots.get("address") is None, slots
    assert "utter_address_vague" not in said(messages) and "时间记下了" in said(messages), messages


@pytest.mark.parametrize("text, time", [
    ("從上上個禮拜一開始", "从上上个礼拜一开始"),
    ("这学期开学就开始收了，9月份", "这学期开学就开始收了，9月份"),
])
def test_t50_a_time_at_the_phone_question_is_the_time(live, domain, text, time):
    """tester50 C18, C19: 從上上個禮拜一開始 at the phone question got the question again with no word; 9月份 was
    这个号码好像不完整: the time, acknowledged, the number asked again."""
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact",
                                  slots={"description": "幼儿园乱收费", "address": "北京市西城区月坛北街25号院",
                                         "complaint_category": "教育文体"})
    assert slots.get("time") == time and slots.get("contact") is None, slots
    assert "时间记下了" in said(messages) and "不完整" not in said(messages), messages


def test_t50_no_phone_for_fear_of_being_known_is_a_refusal_with_secrecy(live, domain):
    """tester50 C19: 电话不想留，怕被幼儿园知道 at the phone question was answered as a question (这类问题一般由市教委
    负责解答) and the number asked again: no number, the citizen told the identity is kept from the party."""
    slots, _, messages = validate(domain, "电话不想留，怕被幼儿园知道", "contact", requested_slot="contact",
                                  slots={"description": "幼儿园乱收费", "address": "北京市西城区月坛北街25号院",
                                         "complaint_category": "教育文体"})
    assert slots.get("contact") == "不留", slots
    assert "不会告诉被反映的一方" in said(messages), messages


# -- C21: fillers out of the stored description -----------------------------------------------------------------

def test_t50_fillers_before_the_problem_are_not_stored(live, domain):
    """tester50 C21: 算了，你先帮我记吧，… and 您好，我想反映一個問題，… (said the turn before) were stored in the case's
    text; my phone beside the number too: the problem alone."""
    slots, _, _ = validate(domain, "算了，你先帮我记吧，我们小区垃圾站好几天没人清运了，臭气熏天", "description")
    assert slots["description"].startswith("我们小区垃圾站"), slots
    text = "我們社區的電梯已經壞了兩個禮拜了，樓裡很多老人上不去"
    slots, _, _ = validate(domain, text, "description", requested_slot="description",
                           slots={"description_draft": "您好，我想反映一個問題"})
    assert slots["description"] == text, slots
    slots, _, _ = validate(domain, "my phone 13661234567", "contact", requested_slot="contact",
                           slots={"description": "租房的agent不退我deposit，last week退的房",
                                  "address": "北京市朝阳区望京花园西区", "complaint_category": "城乡建设"})
    assert slots.get("contact") == "13661234567" and "phone" not in (slots.get("description") or ""), slots


def test_t50_a_place_at_the_phone_question_is_the_place_not_a_broken_number(live, domain):
    """tester50 C2: 丰台区方庄芳城园一区12号楼 电梯 where the number was asked got 这个号码好像不完整: the place."""
    slots, _, messages = validate(domain, "丰台区方庄芳城园一区12号楼 电梯", "contact", requested_slot="contact",
                                  slots={"description": "我被困电梯里了", "address": None, "place_piece": None,
                                         "complaint_category": "城乡建设"})
    assert slots.get("address") == "北京市丰台区方庄芳城园一区12号楼", slots
    assert "不完整" not in said(messages) and slots.get("contact") is None, messages


def test_t50_another_city_at_the_phone_question_ends_the_form_unfiled(live, domain):
    """tester50 C3: 是长春市朝阳区红旗街的 where the number was asked: outside Beijing, the words are no number."""
    slots, _, messages = validate(domain, "不对，是长春市朝阳区红旗街的", "contact", requested_slot="contact",
                                  slots={"description": "饭店后厨老鼠乱跑", "address": "北京市朝阳区红旗街"})
    assert "北京以外" in said(messages) and slots.get("form_outcome") == "cancelled", messages
    assert slots.get("contact") is None, slots


def test_t50_the_triage_makes_no_beijing_address_of_another_citys_district(live):
    """tester50 C3: the triage's entities made 北京市朝阳区红旗街 of 长春市朝阳区红旗街 (what any channel reads): no
    address for it; 北京市朝阳区长春街 is still one."""
    import asyncio
    from actions.common import _api
    found = asyncio.run(_api("triage", "长春市朝阳区红旗街有个饭店后厨老鼠乱跑，太恶心了"))
    assert not ((found.get("entities") or {}).get("address") or {}).get("address"), found.get("entities")
    found = asyncio.run(_api("triage", "北京市朝阳区长春街有个饭店后厨老鼠乱跑"))
    assert "朝阳区长春街" in (((found.get("entities") or {}).get("address") or {}).get("address") or ""), found


def test_t50_the_time_corrected_at_the_read_back_with_more_of_the_problem(live, domain):
    """tester50 C7 (c05): 时间不对，是今年9月开学开始收的。每个月多收800兴趣班费是问题内容 at the read-back was parked as a
    second problem (我们一件一件来): the time is corrected, the fee joins the problem."""
    slots, _, messages = validate(domain, "时间不对，是今年9月开学开始收的。每个月多收800兴趣班费是问题内容", "confirmation",
                                  value=None, requested_slot="confirmation",
                                  slots={"description": "我们孩子上的幼儿园乱收费", "address": "北京市西城区月坛北街",
                                         "complaint_category": "教育文体", "contact": "不留", "time_needed": True,
                                         "time": "每个月除了保教费还要另外交800的兴趣班费"})
    assert slots.get("time") == "今年9月开学开始收的", slots
    assert slots["description"] == "我们孩子上的幼儿园乱收费，每个月多收800兴趣班费", slots
    assert not slots.get("second_issue") and "utter_one_at_a_time" not in said(messages), (slots, messages)
