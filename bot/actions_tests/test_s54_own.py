"""Session 54: what whole conversations through the real stack (``jiesu run``) found, each as the action or the
form's step that went wrong."""
import pytest

from test_actions import run, said, tracker_json, validate

CLOSE = "具体办理以主管部门的规定为准。如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。"


def _after(state: dict, *turns: str) -> dict:
    """``state`` with ``turns`` (user, bot, user, bot …) before its own message."""
    events = [{"event": "action", "name": "action_listen"}]
    for i, t in enumerate(turns):
        events.append({"event": "user" if i % 2 == 0 else "bot", "text": t})
    state["events"] = events + state["events"]
    return state


def _consultation(domain, text: str, *turns):
    """``ActionAnswerConsultation`` on ``text`` after ``turns`` (user, bot, user, bot …): the words it says."""
    from actions.actions import ActionAnswerConsultation

    state = _after(tracker_json(text=text, intent="consult", active_loop=None), *turns)
    return said(run(ActionAnswerConsultation(), state, domain)[2])


def test_where_to_go_asked_after_a_consultation_is_its_own_office_not_the_triages_guess(live, domain):
    """我想问一下养老金怎么领 (answered) → 我今年刚退休，在北京交了二十年社保 (答不准) → 那去哪里办: 市卫生健康委."""
    from actions.answers import _basic_path

    asked = "我想问一下养老金怎么领"
    answer = f"这类问题一般由市人力社保局负责解答。\n{_basic_path(asked)}\n{CLOSE}"
    honest = ("办理的基本步骤就是刚才说的这些；更具体的条件、材料和办理步骤我这里答不准，请以市人力社保局的规定为准，"
              "向他们问清楚最稳妥。\n具体办理以主管部门的规定为准，也可拨打人力社保热线12333咨询。")
    told = _consultation(domain, "那去哪里办", asked, answer, "我今年刚退休，在北京交了二十年社保", honest)
    assert "社保中心" in told and "卫生健康委" not in told and told.startswith("刚才的回答里说了"), told
    # right after the answer itself: the same where, said from it
    told = _consultation(domain, "那去哪里办", asked, answer)
    assert "社保中心" in told and "卫生健康委" not in told, told


def test_a_refund_put_off_said_at_the_phone_question_joins_the_refund(live, domain):
    """报了英语培训班，机构不给退费 … (phone asked) 上个月说好退的，一直拖着: parked as a second problem."""
    known = {"description": "我给孩子报了一个英语培训班，现在机构不给退费，交了一万二，上了三节课",
             "address": "北京市西城区金融街购物中心四楼"}
    for text in ("上个月说好退的，一直拖着", "说好月底退，到现在也没退"):
        slots, _, messages = validate(domain, text, "contact", requested_slot="contact", slots=known)
        assert not slots.get("second_issue") and text in (slots.get("description") or ""), (slots, said(messages))
    # another matter is still one
    slots, _, _ = validate(domain, "另外楼下的饭馆油烟也特别大", "contact", requested_slot="contact", slots=known)
    assert slots.get("second_issue"), slots


@pytest.mark.parametrize("intent", ["complain", "inform"])
def test_a_place_said_of_ones_rented_home_is_the_place_without_who_is_there(live, domain, intent):
    """房东突然要涨房租 … (where asked) 我租的房子在通州区九棵树: read back as 地点：我租的房子在通州区九棵树, or parked as
    a second problem by the 树 of 九棵树 when read as a complaint."""
    known = {"description": "房东突然要涨房租，不涨就让我搬走，合同还没到期呢"}
    for text, place in (("我租的房子在通州区九棵树", "北京市通州区九棵树"), ("我们租的房子在朝阳区双井", "北京市朝阳区双井"),
                        ("楼下那个饭馆在朝阳区呼家楼", "北京市朝阳区呼家楼")):
        slots, _, messages = validate(domain, text, "address", requested_slot="address", intent=intent, slots=known)
        assert slots.get("address") == place and not slots.get("second_issue"), (slots, said(messages))


def test_the_party_named_alone_then_what_it_did_reads_back_as_what_it_did(live, domain):
    """我要投诉医院 → 请说说医院具体有什么问题 → 朝阳医院的一个医生态度特别恶劣，还骂人: read back as 我要投诉医院，朝阳医院…"""
    for draft, text in (("我要投诉医院", "朝阳医院的一个医生态度特别恶劣，还骂人"), ("我想投诉物业", "物业把小区绿地改成停车场了")):
        slots, _, messages = validate(domain, text, "description", requested_slot="description", slots={"description_draft": draft})
        assert slots.get("description") == text, (slots, said(messages))
    # an answer that does not name the party keeps it
    slots, _, _ = validate(domain, "乱收停车费，一个月八百", "description", requested_slot="description", slots={"description_draft": "我要投诉物业"})
    assert "物业" in (slots.get("description") or ""), slots
    # naming which one only is still asked what is wrong
    slots, _, messages = validate(domain, "朝阳医院", "description", requested_slot="description", slots={"description_draft": "我要投诉一下医院"})
    assert not slots.get("description") and "朝阳医院具体有什么问题" in said(messages), (slots, said(messages))


def test_how_to_withdraw_housing_fund_gets_the_ways_not_only_the_unit(live, domain):
    """公积金怎么提取 got 这类问题一般由北京住房公积金管理中心负责解答 and nothing more."""
    from actions.answers import _basic_path

    told = _consultation(domain, "公积金怎么提取")
    assert "退休" in told and "租房" in told and "12329" in told, told
    # renting and repaying a loan keep their own answers
    assert _basic_path("租房提取公积金怎么弄").startswith("在北京租房提取")
    assert _basic_path("能用公积金还房贷吗").startswith("可以。")
    assert not (_basic_path("公积金贷款能贷多少") or "").startswith("住房公积金可以在这些情况下")


@pytest.mark.parametrize("asked, unit, question, expected", [
    ("租房提取公积金怎么弄", "北京住房公积金管理中心", "每个月能提多少", "额度"),
    ("居住证怎么办", "市公安局", "要多久能拿到", "15天内"),   # (the answer says it since session 55)
    ("居住证怎么办", "市公安局", "收费吗", "答不准")])
def test_how_much_or_how_long_asked_of_an_answer_is_answered_not_out_of_scope(live, domain, asked, unit, question,
                                                                              expected):
    """居住证怎么办 (answered) → 要多久能拿到 (read as out of scope): 抱歉，这个问题我帮不上忙."""
    from actions.actions import ActionOutOfScope
    from actions.answers import _basic_path

    answer = f"这类问题一般由{unit}负责解答。\n{_basic_path(asked)}\n{CLOSE}"
    state = _after(tracker_json(text=question, intent="out_of_scope", active_loop=None), asked, answer)
    told = said(run(ActionOutOfScope(), state, domain)[2])
    assert expected in told and "帮不上忙" not in told and "utter_out_of_scope" not in told, told
    assert unit in told or "刚才的回答里说了" in told, told


def test_a_time_and_a_place_at_the_phone_question_are_both_kept_with_the_bus_line(live, domain):
    """公交车司机开车太猛了 … 300路 … (phone asked) 今天上午九点左右，在国贸站附近: read back as 地点：北京市朝阳区今天上午
    九点左右，在国贸站附近, with no time and the line lost."""
    known = {"description": "公交车司机开车太猛了，一路急刹车，有个老人差点摔倒", "address": "300路公交车上"}
    slots, _, messages = validate(domain, "今天上午九点左右，在国贸站附近", "contact", requested_slot="contact",
                                  intent="inform", slots=known)
    assert slots.get("time") == "今天上午九点左右", (slots, said(messages))
    assert "国贸" in slots.get("address") and "300路" in slots["address"] and "九点" not in slots["address"], slots
    assert slots.get("contact") is None, slots   # the number is asked again
    # a time alone is a time, the place held
    slots, _, _ = validate(domain, "今天上午九点左右", "contact", requested_slot="contact", intent="inform", slots=known)
    assert slots.get("time") == "今天上午九点左右" and "address" not in slots, slots


def test_a_part_asked_of_an_answer_read_as_yes_is_answered_not_anything_else(live, domain):
    """医保报销比例是多少 (answered) → 我是退休人员 (答不准) → 住院呢 (read as yes): 好的。还有其他需要帮忙的吗？"""
    from actions.actions import ActionAnythingElse

    answer = ("这类问题一般由市医保局负责解答。\n具体办理以主管部门的规定为准，也可拨打医保服务热线12393咨询。"
              "如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")
    for text, more in (("住院呢", True), ("好的", False), ("知道了，谢谢", False)):
        state = _after(tracker_json(text=text, intent="affirm", active_loop=None), "医保报销比例是多少", answer)
        told = said(run(ActionAnythingElse(), state, domain)[2])
        assert ("市医保局" in told and "utter_anything_else" not in told) == more, (text, told)


@pytest.mark.parametrize("text", ["每个月初一十五", "初一十五的晚上", "每逢初一"])
def test_lunar_days_at_the_phone_question_are_the_time(live, domain, text):
    """邻居在家里烧纸 … (phone asked) 每个月初一十五: dropped without a word (每逢初一 was even taken for 不留)."""
    known = {"description": "邻居在家里烧纸，烟都飘到我家了", "address": "北京市石景山区八角北里"}
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact", intent="inform", slots=known)
    assert slots.get("time") == text and slots.get("contact") is None, (slots, said(messages))


def test_lunar_days_are_no_grade_nor_a_floor():
    from actions.common import _when

    assert _when("初一十五") and _when("初三那天")
    assert not _when("孩子上初三") and not _when("初三学生") and not _when("十五层") and not _when("十五块")


def test_the_work_done_at_a_place_is_no_part_of_it(live, domain):
    """饭店老板欠我两个月工资 … 我在朝阳区三里屯的一家川菜馆干服务员: 地点：…川菜馆干服务员."""
    slots, _, messages = validate(domain, "我在朝阳区三里屯的一家川菜馆干服务员", "address", requested_slot="address",
                                  intent="inform", slots={"description": "饭店老板欠我两个月工资，六千块"})
    assert slots.get("address") == "北京市朝阳区三里屯的一家川菜馆", (slots, said(messages))


@pytest.mark.parametrize("slot", ["time", "contact"])
def test_the_kind_of_problem_said_where_another_thing_is_asked_is_not_glued_on(live, domain, slot):
    """楼下的饭店把油烟管道直接通到我们阳台旁边 … (time asked) 环境污染: read back as …阳台旁边，环境污染; asked for a number,
    环境污染 was parked as a second problem and 油烟 taken for 不留."""
    known = {"description": "楼下的饭店把油烟管道直接通到我们阳台旁边", "address": "北京市西城区德胜门外大街",
             "time_needed": True}
    for text in ("环境污染", "属于市容管理吧", "油烟"):
        slots, _, messages = validate(domain, text, slot, requested_slot=slot, intent="inform", slots=known)
        assert not slots.get("description") and not slots.get("second_issue") and slots.get(slot) is None, \
            (text, slots, said(messages))
        assert "类别" in said(messages), said(messages)
    # more of the problem still joins it, and so does what is wrong said alone (油烟 after 烧烤店)
    slots, _, _ = validate(domain, "他们排的油烟特别呛", slot, requested_slot=slot, intent="inform", slots=known)
    assert "特别呛" in (slots.get("description") or ""), slots
    slots, _, _ = validate(domain, "油烟", slot, requested_slot=slot, intent="inform",
                           slots={**known, "description": "我家楼下的烧烤店"})
    assert (slots.get("description") or "").endswith("油烟"), slots


def test_a_lawfulness_question_inside_a_complaint_gets_the_rule_after_filing(live, domain):
    """小区物业把消防通道改成停车位收费了，这合法吗 … 对: filed, the question never answered."""
    from actions.actions import ActionSubmitComplaint

    slots = {"description": "小区物业把消防通道改成停车位收费了，这合法吗", "address": "北京市朝阳区望京西园三区",
             "contact": "不留", "confirmation": True}
    state = tracker_json(text="对", intent="affirm", active_loop=None, slots=slots)
    told = said(run(ActionSubmitComplaint(), state, domain)[2])
    assert "已为您登记" in told and "可以参考《北京市消防条例》" in told and "承办单位核实" in told, told
    # no question asked: nothing more said
    state = tracker_json(text="对", intent="affirm", active_loop=None,
                         slots={**slots, "description": "小区物业把消防通道改成停车位收费了"})
    assert "您问的是否合法" not in said(run(ActionSubmitComplaint(), state, domain)[2])


@pytest.mark.parametrize("text", ["你们能管噪音吗", "12345能管物业吗"])
def test_whether_12345_handles_a_kind_of_problem_is_answered_yes(live, domain, text):
    """你们能管噪音吗 (out of scope): 抱歉，这个问题我帮不上忙."""
    from actions.actions import ActionOutOfScope

    told = said(run(ActionOutOfScope(), tracker_json(text=text, intent="out_of_scope", active_loop=None), domain)[2])
    assert told.startswith("管的") and "帮不上忙" not in told, told


@pytest.mark.parametrize("text", ["跟楼上说了也没用", "我已经报过警了"])
def test_what_was_tried_said_at_the_phone_question_joins_the_problem(live, domain, text):
    """楼上每天半夜拖椅子 … (phone asked) 跟楼上说了也没用: asked again without a word; 我已经报过警了: 没找到您刚才说的号码."""
    known = {"description": "楼上每天半夜拖椅子", "address": "北京市通州区北苑家园", "time": "半夜一两点"}
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact", intent="inform", slots=known)
    assert (slots.get("description") or "").endswith(text) and slots.get("contact") is None, (slots, said(messages))
    assert "号码" not in said(messages), said(messages)


def test_when_to_enrol_asked_after_an_honest_answer_is_the_first_answers_part(live, domain):
    """孩子明年上小学，我们是非京籍，需要什么材料 (answered) → 我们住在昌平回龙观 (答不准) → 什么时候报名: 帮不上忙."""
    from actions.actions import ActionOutOfScope
    from actions.answers import _basic_path

    asked = "孩子明年上小学，我们是非京籍，需要什么材料"
    answer = f"这类问题一般由居住地的区教委负责解答。\n{_basic_path(asked)}\n{CLOSE}"
    honest = "办理的基本步骤就是刚才说的这些；更具体的条件、材料和办理步骤我这里答不准，请以昌平区教委的规定为准。\n" + CLOSE
    state = _after(tracker_json(text="什么时候报名", intent="out_of_scope", active_loop=None),
                   asked, answer, "我们住在昌平回龙观", honest)
    told = said(run(ActionOutOfScope(), state, domain)[2])
    assert "春季" in told and "帮不上忙" not in told, told


def test_public_rental_housing_in_a_district_is_its_housing_commissions_window():
    """公租房怎么申请 (answered) → 我住在丰台: 到丰台区政务服务中心 (the answer itself named 区住房城乡建设委)."""
    from actions.answers import _basic_path
    from actions.common import _office_in

    told = _office_in("丰台", "", f"市住房城乡建设委 {_basic_path('公租房怎么申请')}")
    assert "丰台区住房城乡建设委" in told and "政务服务中心" not in told, told


def test_who_asks_said_of_ones_home_after_an_answer_opens_no_complaint(live, domain):
    """供暖费怎么交 (answered) → 我家是老房子，单位分的: 请问问题发生在哪里 (a complaint opened by its 房)."""
    from actions.answers import _basic_path
    from actions.form import ValidateComplaintForm

    answer = f"这类问题一般由市城市管理委负责解答。\n{_basic_path('供暖费怎么交')}\n{CLOSE}"
    text = "我家是老房子，单位分的"
    state = _after(tracker_json(text=text, requested_slot="description", set_now={"description": text}),
                   "供暖费怎么交", answer)
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots.get("form_outcome") == "cancelled" and "市城市管理委" in said(messages), (slots, said(messages))


def test_a_lawfulness_question_on_overtime_cites_the_overtime_article(live, domain):
    """公司让我们每天加班…这合法吗: 我这里答不准 (the overtime article shares no words with the complaint)."""
    import asyncio

    from actions.actions import _legality_note

    told = asyncio.new_event_loop().run_until_complete(
        _legality_note("公司让我们每天加班到晚上十点，一分钱加班费都没有，这合法吗"))
    assert told and "加班" in told and "劳动" in told, told


@pytest.mark.parametrize("intent", ["out_of_scope", "consult"])
def test_paying_online_asked_after_an_answer_that_says_so_is_that_part(live, domain, intent):
    """供暖费怎么交 (answered: 公众号、App) → 我家是老房子，单位分的 → 能网上交吗: 答不准 again, or 市交通委 by its 交."""
    from actions.actions import ActionAnswerConsultation, ActionOutOfScope
    from actions.answers import _basic_path

    answer = f"这类问题一般由市城市管理委负责解答。\n{_basic_path('供暖费怎么交')}\n{CLOSE}"
    honest = "办理的基本步骤就是刚才说的这些；更具体的条件、材料和办理步骤我这里答不准，请以市城市管理委的规定为准。\n" + CLOSE
    state = _after(tracker_json(text="能网上交吗", intent=intent, active_loop=None),
                   "供暖费怎么交", answer, "我家是老房子，单位分的", honest)
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionAnswerConsultation()
    told = said(run(action, state, domain)[2])
    assert "App" in told and "交通委" not in told and "答不准" not in told, told


@pytest.mark.parametrize("text", ["为什么要问地址", "问地址干嘛"])
def test_why_the_place_is_asked_is_answered_not_looked_up(live, domain, text):
    """楼下商铺半夜装修 … 为什么要问地址: 这类问题一般由市教委负责解答 (a consultation)."""
    from actions.common import _side_answer

    told = _side_answer(text)
    assert told and "现场核实" in told and not told.startswith("要的"), told


def test_a_health_product_sold_as_a_cure_is_specific_enough(live, domain):
    """小区门口有人发传单卖保健品，说能治癌症: 不够具体 to the end of the chat."""
    slots, _, messages = validate(domain, "小区门口有人发传单卖保健品，说能治癌症", "description")
    assert slots.get("description") and slots.get("requested_slot") != "description", (slots, said(messages))


def test_a_plate_said_where_the_reading_is_asked_joins_the_problem(live, domain):
    """有辆车天天停在消防通道上 … (which reading?) 车牌号京N88888: 类别就不用选了, and the plate lost."""
    known = {"description": "有辆车天天停在消防通道上", "address": "北京市石景山区鲁谷路74号院",
             "category_candidates": ["城乡建设", "交通运输"]}
    slots, _, messages = validate(domain, "车牌号京N88888", "category_choice", requested_slot="category_choice",
                                  intent="inform", slots=known)
    assert "京N88888" in (slots.get("description") or ""), (slots, said(messages))
    slots, _, _ = validate(domain, "是城市建设那个", "category_choice", requested_slot="category_choice",
                           intent="inform", slots=known)
    assert slots.get("category_choice") == "城乡建设" and "description" not in slots, slots


def test_drilling_at_night_upstairs_is_specific_enough(live, domain):
    """楼上半夜打钻: 不够具体 (打钻 was no noise word)."""
    slots, _, messages = validate(domain, "楼上半夜打钻", "description")
    assert slots.get("description") == "楼上半夜打钻" and slots.get("requested_slot") != "description", \
        (slots, said(messages))


def test_a_phone_number_said_first_is_the_call_back_number(live, domain):
    """13912345678 before any problem: 抱歉，我没有理解."""
    from actions.actions import ActionInformOutside

    slots, _, messages = run(ActionInformOutside(), tracker_json(text="13912345678", intent="inform", active_loop=None),
                             domain)
    assert slots.get("contact") == "13912345678" and "5678" in said(messages) and "没有理解" not in said(messages), \
        (slots, said(messages))
    # the form then asks no number
    slots, _, _ = validate(domain, "朝阳区双井富力城", "address", requested_slot="address", intent="inform",
                           slots={"contact": "13912345678", "description": "楼上半夜打钻", "time": "半夜"})
    assert slots.get("requested_slot") == "confirmation", slots


def test_a_complaint_right_after_the_answer_it_follows_is_filed(live, domain):
    """养狗需要办证吗 (answered) → 那我们小区好多狗都没办证，还不牵绳: 答不准, and 本次反映没有提交."""
    from actions.answers import _basic_path
    from actions.form import ValidateComplaintForm

    answer = f"这类问题一般由市公安局负责解答。\n{_basic_path('养狗需要办证吗')}\n{CLOSE}"
    for text, filed in (("那我们小区好多狗都没办证，还不牵绳", True), ("我家狗没办证怎么办", False)):
        state = _after(tracker_json(text=text, requested_slot="description", set_now={"description": text}),
                       "养狗需要办证吗", answer)
        slots, _, messages = run(ValidateComplaintForm(), state, domain)
        assert (slots.get("form_outcome") != "cancelled" and bool(slots.get("description"))) == filed, \
            (text, slots, said(messages))
        if filed:   # (without the 那 that joined it to the answer)
            assert slots["description"] == text.removeprefix("那"), slots


@pytest.mark.parametrize("text", ["我家有老人有哮喘", "我们几十个会员都是这样"])
def test_who_it_touches_said_at_the_phone_question_joins_the_problem(live, domain, text):
    """小区底商的烧烤店，烟都往我家窗户里灌 … (phone asked) 我家有老人有哮喘: asked again without a word, and lost."""
    known = {"description": "小区底商的烧烤店，烟都往我家窗户里灌", "address": "北京市西城区马连道", "time": "晚上"}
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact", intent="inform", slots=known)
    assert (slots.get("description") or "").endswith(text) and slots.get("contact") is None, (slots, said(messages))


def test_a_named_place_said_where_the_reading_is_asked_is_the_place(live, domain):
    """健身房跑路了 … (which reading?) 海淀区五道口的一家健身房，叫乐动力: joined the problem, the place 北京市海淀区五道口."""
    slots, _, messages = validate(domain, "海淀区五道口的一家健身房，叫乐动力", "category_choice",
                                  requested_slot="category_choice", intent="inform",
                                  slots={"description": "健身房跑路了，我的卡还有两万多没用",
                                         "category_candidates": ["城乡建设", "商贸旅游"]})
    assert slots.get("address") == "北京市海淀区五道口乐动力健身房" and "description" not in slots, (slots, said(messages))


def test_what_is_said_after_a_hand_off_of_a_half_told_complaint_goes_on_the_case(live, domain, api):
    """楼下的酒吧天天吵到半夜 → 我要找人工 (the case flagged, the number asked) → 东城区南锣鼓巷: 没有听到电话号码, then
    半夜两点: 没有理解; the place and the hour were lost."""
    from actions.actions import ActionHandoff, ActionTakeContact
    from test_actions import _get_case

    state = tracker_json(text="我要找人工", intent="request_human", requested_slot="category_choice",
                         slots={"description_draft": "楼下的酒吧天天吵到半夜"})
    slots, _, _ = run(ActionHandoff(), state, domain)
    number, code = slots["case_number"], slots["known_codes"][slots["case_number"]]
    for text in ("东城区南锣鼓巷", "半夜两点"):
        out, _, messages = run(ActionTakeContact(), tracker_json(text=text, intent="inform", active_loop=None,
                                                                 slots={**slots, "own_case": number}), domain)
        assert "补充到工单" in said(messages) and "contact_asked" not in out, (out, said(messages))
    notes = str(_get_case(live, number, code))
    assert "南锣鼓巷" in notes and "半夜两点" in notes, notes
    # the number is still taken after them
    out, _, messages = run(ActionTakeContact(), tracker_json(text="13912345678", intent="inform", active_loop=None,
                                                             slots={**slots, "own_case": number}), domain)
    assert "尾号 5678" in said(messages), said(messages)


@pytest.mark.parametrize("text", ["我在海淀交的社保", "海淀区"])
def test_ones_own_benefit_is_placed_by_its_district(live, domain, text):
    """我的养老金这个月没到账 … 我在海淀交的社保: asked where again and again, then 不够具体."""
    slots, _, messages = validate(domain, text, "address", requested_slot="address", intent="inform",
                                  slots={"description": "我的养老金这个月没到账"})
    assert slots.get("address") == "北京市海淀区", (slots, said(messages))
    # an employer's matter still needs the employer's place
    slots, _, _ = validate(domain, "海淀区", "address", requested_slot="address", intent="inform",
                           slots={"description": "公司不给我们交社保"})
    assert not slots.get("address"), slots


def test_where_a_ride_began_is_the_place(live, domain):
    """我把手机落在出租车上了 … 昨天晚上十点，从三里屯打的车: 地点：北京市朝阳区从三里屯打的车."""
    slots, _, messages = validate(domain, "昨天晚上十点，从三里屯打的车", "address", requested_slot="address",
                                  intent="inform", slots={"description": "我把手机落在出租车上了"})
    assert slots.get("address") == "北京市朝阳区三里屯" and slots.get("time") == "昨天晚上十点", (slots, said(messages))


def test_beijing_insurance_told_after_the_hospital_elsewhere_is_no_outside_matter(live, domain):
    """异地就医怎么报销 (answered) → 我在河北住院了，医保是北京的: 您说的地方在北京以外."""
    from actions.actions import ActionInformOutside
    from actions.answers import _basic_path

    answer = f"这类问题一般由市医保局负责解答。\n{_basic_path('异地就医怎么报销')}\n{CLOSE}"
    state = _after(tracker_json(text="我在河北住院了，医保是北京的", intent="nlu_fallback", active_loop=None),
                   "异地就医怎么报销", answer)
    told = said(run(ActionInformOutside(), state, domain)[2])
    assert "北京医保的参保人在外地" in told and "北京以外" not in told, told


@pytest.mark.parametrize("asked, unit, question, part", [
    ("异地就医怎么报销", "市医保局", "需要备案吗", "备案"), ("孩子打疫苗在哪里打", "市卫生健康委", "要预约吗", "预约")])
@pytest.mark.parametrize("intent", ["consult", "out_of_scope"])
def test_whether_a_step_is_needed_asked_of_an_answer_that_says_so_is_that_part(live, domain, asked, unit, question,
                                                                               part, intent):
    """孩子打疫苗在哪里打 (answered: 要不要预约) → 要预约吗: 帮不上忙; 需要备案吗: 市公安局 by 备案."""
    from actions.actions import ActionAnswerConsultation, ActionOutOfScope
    from actions.answers import _basic_path

    answer = f"这类问题一般由{unit}负责解答。\n{_basic_path(asked)}\n{CLOSE}"
    state = _after(tracker_json(text=question, intent=intent, active_loop=None), asked, answer)
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionAnswerConsultation()
    told = said(run(action, state, domain)[2])
    assert told.startswith(f"{part}的情况，刚才的回答里说了") and "公安局" not in told, told
