"""Session 43: tester59 G16–G19, G21, G22: a phone refused (first message, said before, with a place), "会知道是我吗"
before filing, a forgotten code then 催办 / a cancel, consultations on 户口 and 养老金, chatter and cut titles,
and smaller wording."""

from __future__ import annotations

import pytest
from conftest import tracker_json
from test_actions import run, said, validate


# -- G16: a phone refused ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "我们单位食堂卫生太差了，后厨有老鼠，我不留电话也不留名字，怕领导知道",
    "举报，海淀，清河，毛纺路，有个黑加油站，拿桶卖油，挺危险，电话就不留了",
    "我在延庆，妫水北街，路灯坏了一整条街都是黑的，晚上走路吓人，不留电话",
])
def test_t59_a_refusal_in_the_first_message_is_taken(live, domain, text):
    """p01, p02, e06: the phone was asked for anyway."""
    slots, _, messages = validate(domain, text, "description", requested_slot=None)
    assert slots.get("contact") == "不留", (slots, said(messages))
    assert slots.get("requested_slot") != "contact", (slots, said(messages))


@pytest.mark.parametrize("text", ["刚才说了不留", "我刚才说了不留啊", "说了不留"])
def test_t59_no_said_before_is_no_missing_number(live, domain, text):
    """r03: 刚才说了不留 got 抱歉，没找到您刚才说的号码."""
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact",
                                  slots={"description": "外卖小哥天天骑电动车在人行道上飙", "address": "北京市东城区和平里七区"})
    assert slots.get("contact") == "不留" and "没找到" not in said(messages), (slots, said(messages))


def test_t59_no_at_the_place_question_is_the_phone_refused(live, domain):
    """r03, x03: 不留 where the place was asked got 这个地点还不够具体, and the phone was asked again later."""
    slots, _, messages = validate(domain, "不留", "address", requested_slot="address",
                                  slots={"description": "有人往河里倒垃圾"})
    assert slots.get("contact") == "不留" and not slots.get("address"), (slots, said(messages))
    assert "不够具体" not in said(messages), said(messages)


def test_t59_a_place_and_no_at_the_phone_question(live, domain):
    """a04: 望京西园四区门口，不留 stored 不留 in the address and asked for the phone again."""
    slots, _, messages = validate(domain, "望京西园四区门口，不留", "contact", requested_slot="contact",
                                  slots={"description": "小区门口天天有人摆摊卖菜，堵得车都过不去",
                                         "address": "北京市朝阳区，望京"})
    assert slots.get("contact") == "不留", (slots, said(messages))
    assert "不留" not in (slots.get("address") or "") and "望京西园四区" in (slots.get("address") or ""), slots


def test_t59_no_then_how_long(live, domain):
    """a02: 不留吧，多久能处理啊 got 承办单位会及时联系您 and the phone question again."""
    slots, _, messages = validate(domain, "不留吧，多久能处理啊", "contact", requested_slot="contact",
                                  slots={"description": "楼道里堆满了杂物，消防通道都堵了，物业不管",
                                         "address": "北京市大兴区黄村清城小区3号楼2单元"})
    told = said(messages)
    assert slots.get("contact") == "不留", (slots, told)
    assert "时限" in told and "联系您" not in told, told


# -- G17: "会知道是我吗" before filing ------------------------------------------------------------------------

_DRAFT = {"description": "我们单位食堂卫生太差了，后厨有老鼠", "address": "北京市朝阳区酒仙桥电子城"}


@pytest.mark.parametrize("text", ["不留，会知道是我报的吗", "说了不留，领导会知道是我反映的吗"])
def test_t59_will_they_know_with_no_phone_is_answered(live, domain, text):
    """d08, p01: only the phone's explanation."""
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact", slots=_DRAFT)
    told = said(messages)
    assert slots.get("contact") == "不留", (slots, told)
    assert "不会告诉被反映的一方" in told and "您留的电话" not in told, told


def test_t59_will_they_know_at_the_phone_question_names_no_phone_left(live, domain):
    """e12: 您留的电话只用于… before any phone was left."""
    slots, _, messages = validate(domain, "我是问，学校会不会知道是我反映的，对孩子不好", "contact",
                                  requested_slot="contact", slots=_DRAFT)
    told = said(messages)
    assert not slots.get("contact") and "不会告诉被反映的一方" in told and "您留的电话" not in told, (slots, told)


@pytest.mark.parametrize("text", ["你还没回答我，领导会知道吗", "领导会知道是我反映的吗"])
def test_t59_will_they_know_at_the_read_back_is_answered(live, domain, text):
    """p01: 信息正确请回复“对”提交… to 你还没回答我 领导会知道吗."""
    from actions.form import ValidateComplaintForm
    state = tracker_json(text=text, intent="nlu_fallback", slots={**_DRAFT, "contact": "不留"},
                         set_now={"fix_field": text}, requested_slot="confirmation")
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "不会告诉被反映的一方" in told and "您留的电话" not in told, told
    assert slots.get("confirmation") is not True, slots


# -- G18: a forgotten code, then 催办; a cancel read as a progress query -------------------------------------

def test_t59_urging_after_a_forgotten_code_opens_no_complaint(live, domain):
    """q01: 那你帮我催一下呗，垃圾还没人清 after the forgotten code's answer was asked 请问问题发生在哪里."""
    from actions.followup import CODE_FORGOTTEN_TOLD

    ref = "JS20260101-000001"
    state = tracker_json(text="那你帮我催一下呗，垃圾还没人清", intent="complain", requested_slot=None,
                         slots={"case_number": ref}, set_now={"description": "那你帮我催一下呗，垃圾还没人清"})
    state["events"].insert(0, {"event": "bot", "text": CODE_FORGOTTEN_TOLD.format(ref=ref)})
    from actions.form import ValidateComplaintForm
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert slots.get("form_outcome") == "cancelled" and not slots.get("description"), (slots, told)
    assert "12345" in told and ref in told and "催办" in told, told


def test_t59_a_cancel_read_as_a_progress_query_drops_the_report(live, domain):
    """q01: 算了，我自己打12345问吧，不用登记了 got 好的，安全要紧 and the place question."""
    from actions.actions import ActionCheckProgress

    state = tracker_json(text="算了，我自己打12345问吧，不用登记了", intent="ask_progress", active_loop="complaint_form",
                         requested_slot="address", slots={"description": "垃圾还没人清"})
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert slots.get("form_outcome") == "cancelled" and "安全要紧" not in said(messages), (slots, said(messages))


# -- G19: consultations ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("孩子在北京出生，爸妈都是外地户口，能上北京户口吗", ("户口所在地", "派出所", "积分落户")),
    ("退休了，养老金怎么领，要去哪办", ("社保中心", "12333", "退休")),
])
def test_t59_hukou_and_pension_consultations_have_content(live, domain, text, words):
    """k01, k02: only 这类问题一般由…负责解答 / 12333."""
    from actions.answers import _basic_path

    told = _basic_path(text) or ""
    assert all(w in told for w in words), told


@pytest.mark.parametrize("asked, before, follow, words", [
    ("居住证到期了怎么续，网上能办吗", "北京居住证到期不用重新办，每年签注一次就行：到居住地的派出所办理签注。具体办理以主管部门的规定为准。",
     "我住大兴，去哪办", ("大兴", "派出所")),
    ("我妈八十多了，一个人住，想找人上门照顾，有什么政策吗",
     "北京的居家养老服务，可以先找老人住处所在的社区居委会、街道（乡镇）的养老服务窗口。具体办理以主管部门的规定为准。",
     "那我该怎么办，她住在朝阳，八里庄", ("朝阳区", "八里庄街道")),
])
def test_t59_where_to_go_with_a_district_names_the_office(live, domain, asked, before, follow, words):
    """k03, k04: 我住大兴 去哪办 / 她住在朝阳 八里庄 got 答不准."""
    from actions.common import consult_follow_up
    from rasa_sdk import Tracker

    from actions.answers import _basic_path
    state = tracker_json(text=follow, intent="nlu_fallback", active_loop=None)
    basic = _basic_path(asked) or before
    state["events"][0:0] = [{"event": "user", "text": asked}, {"event": "bot", "text": basic + "具体办理以主管部门的规定为准。"}]
    told = consult_follow_up(follow, Tracker.from_dict(state)) or ""
    assert all(w in told for w in words) and "答不准" not in told, told


# -- G21: chatter in the case ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, kept, gone", [
    ("我在延庆，妫水北街，路灯坏了一整条街都是黑的，晚上走路吓人，不留电话", "路灯坏了", "不留电话"),
    ("海淀，清河，毛纺路，有个黑加油站，拿桶卖油，挺危险，电话就不留了", "黑加油站", "不留"),
    ("昌平沙河于辛庄那个菜鸟驿站老丢快递，你们管不管啊", "菜鸟驿站", "管不管"),
    ("路上有个大坑，骑车的摔了，路上的坑，你说是啥就是啥", "大坑", "你说是啥"),
    ("楼上漏水到我家，我第一句话就说了", "漏水", "第一句"),
    ("我们单位食堂卫生太差了，后厨有老鼠，我不留电话也不留名字，怕领导知道", "怕领导知道", "不留名字"),
])
def test_t59_chatter_is_no_part_of_the_problem(text, kept, gone):
    """cases 275, 279, 283, 291, 293: the talk to the bot was filed."""
    from actions.common import _without_chatter

    got = _without_chatter(text)
    assert kept in got and gone not in got, got


# -- G22 e16: a hole in the road someone fell at --------------------------------------------------------------

@pytest.mark.parametrize("text, tip", [
    ("石景山八角那个路口路上有个大坑 刚才有个骑车的摔了", True),
    ("小区门口路面塌了一块，昨天一个老太太绊倒了", True),
    ("路上的坑好久没人修了", False),             # no one fell: no advice, the case only
    ("井盖没了 有人掉进去了", False),             # a manhole: the danger's own advice (120, 119)
])
def test_t59_a_hole_someone_fell_at_gets_what_to_do_first(live, domain, text, tip):
    """e16: a pothole where a cyclist had fallen got a category question and no advice: 120 for the injured,
    122 for a crash, the hole marked if it can be done safely; said once, before the first question."""
    from actions.actions import ActionAskAddress

    state = tracker_json(text=text, requested_slot="address", slots={"description": text})
    _, _, messages = run(ActionAskAddress(), state, domain)
    told = said(messages)
    assert ("120" in told and "122" in told and "绕开" in told) is tip, told


def test_t59_a_question_whether_it_is_handled_after_no_number_is_answered(live, domain):
    """e07: 不留 你们管得了号贩子吗: the 不留 was taken and the question ignored."""
    slots, _, messages = validate(domain, "不留 你们管得了号贩子吗", "contact", requested_slot="contact",
                                  slots={"description": "天坛医院门口天天有号贩子倒卖专家号", "address": "北京市东城区天坛医院"})
    told = said(messages)
    assert slots.get("contact") == "不留", (slots, told)
    assert "管的" in told, told


# -- G15 r05: a structure's material corrected ----------------------------------------------------------------------

@pytest.mark.parametrize("text, problem, told", [
    ("不对 不是铁皮房 是彩钢板搭的 还把消防通道堵了", "我们小区楼下有人私搭了个彩钢板房，还把消防通道堵了",
     "好的，已改为“彩钢板房”，并补充了“还把消防通道堵了”。"),
    ("不对，不是铁皮房，是彩钢板搭的", "我们小区楼下有人私搭了个彩钢板房", "好的，已改为“彩钢板房”，其他内容不变。"),
])
def test_t59_a_structures_material_corrected_keeps_the_structure(live, domain, text, problem, told):
    """r05: 不是铁皮房 是彩钢板搭的 made the text …私搭了个彩钢板搭, and 其他内容不变 was said though more was added."""
    held = "我们小区楼下有人私搭了个铁皮房"
    slots, _, messages = validate(domain, text, "confirmation", False, requested_slot="confirmation", intent="deny",
                                  slots={"description": held, "description_draft": held, "contact": "不留",
                                         "address": "北京市大兴区黄村镇兴华小区", "complaint_category": "城乡建设"})
    assert slots.get("description") == problem, slots
    assert told in said(messages), said(messages)


@pytest.mark.parametrize("intent", ["complain", "deny", "inform"])
def test_t59_an_addition_said_with_pauses_at_the_read_back_goes_in_once(live, domain, intent):
    """a01: 补充一下 有个老人要去医院透析 下不了楼 (医院 read as another matter) was lost or stored twice."""
    from test_t57_citizens import _read_back

    held = "我们楼电梯坏了三天了，物业说等配件"
    slots, _, _ = _read_back("补充一下 有个老人要去医院透析 下不了楼", intent,
                             {"description": held, "description_draft": held, "contact": "不留",
                              "address": "北京市丰台区方庄街道芳城园一区6号楼", "complaint_category": "城乡建设"}, domain)
    text = slots.get("description") or ""
    assert text.startswith(held) and text.count("透析") == 1 and "下不了楼" in text, slots
    assert slots.get("requested_slot") == "confirmation" and not slots.get("second_issue"), slots


@pytest.mark.parametrize("text, intent, requested", [
    ("不对，6号楼是地址", "deny", "confirmation"), ("不对，6号楼是地址", "inform", "confirmation"),
    ("6号楼是地址 不是问题", "inform", "confirmation"), ("6号楼是地址", "inform", "fix_field"),
])
def test_t59_a_piece_of_the_place_named_as_the_address_joins_it(live, domain, text, intent, requested):
    """a03: 不对，6号楼是地址 got 请问问题发生在哪里 (the whole place to retype); the piece joins the place held and
    leaves the problem's text."""
    held = "楼道灯坏了半个月了，6号楼"
    slots = {"description": held, "description_draft": held, "address": "北京市丰台区方庄街道芳城园一区",
             "contact": "不留", "complaint_category": "城乡建设"}
    if requested == "confirmation":
        from test_t57_citizens import _read_back

        got, _, messages = _read_back(text, intent, slots, domain)
    else:
        got, _, messages = validate(domain, text, "fix_field", requested_slot="fix_field", slots={**slots, "fixing": True})
    assert got.get("address") == "北京市丰台区方庄街道芳城园一区6号楼", (got, said(messages))
    assert got.get("description") == "楼道灯坏了半个月了" and got.get("requested_slot") == "confirmation", got
    assert "地点改为" in said(messages)


# -- G14 e04: a one-off matter's dates said in a sentence -------------------------------------------------------------

@pytest.mark.parametrize("text, time, added", [
    ("上个月交的钱 这礼拜人就联系不上了", "上个月，这礼拜", "上个月交的钱，这礼拜人就联系不上了"),
    ("你问的什么啊 骗钱还有几点的 上个月", "上个月", None),
])
def test_t59_the_dates_of_a_one_off_matter_are_its_time(live, domain, text, time, added):
    """e04: a renovation company gone with the money, asked when: 上个月交的钱 这礼拜人就联系不上了 got 没太听清时间：请说一下
    大概几点, then 你问的什么啊 骗钱还有几点的 上个月 got 帮不上忙."""
    held = "装修公司收了我们三万块定金，一直不开工"
    slots, _, messages = validate(domain, text, "time", requested_slot="time",
                                  slots={"description": held, "time_needed": True, "address": "北京市朝阳区望京西园四区"})
    assert slots.get("time") == time and "utter_time_vague" not in str(messages), (slots, messages)
    assert slots.get("description") == (f"{held}，{added}" if added else None), slots
