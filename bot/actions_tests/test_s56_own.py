"""Session 56: what whole conversations through the real stack (``jiesu run``) found, each as the action or the
form's step that went wrong."""
import pytest

from test_actions import run, said, tracker_json, validate


def _answered(asked: str, unit: str = "") -> str:
    """The consultation's answer to ``asked`` as the bot says it (its unit first when one is named)."""
    from actions.answers import _basic_path

    return ((f"这类问题一般由{unit}负责解答。\n" if unit else "") + f"{_basic_path(asked)}\n"
            "具体办理以主管部门的规定为准。如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")


def test_a_matter_told_where_the_case_number_was_asked_says_why_before_taking_it_again(live, domain):
    """我上周反映的问题怎么还没人处理 (its number asked) → 就是小区门口垃圾的事: the form started at once on the place,
    the progress asked for never answered; no number, no progress: said so, then the case taken again."""
    slots, _, messages = validate(domain, "就是小区门口垃圾的事，一直没人清", "description",
                                  slots={"progress_asked": "number", "case_number": None})
    told = said(messages)
    assert "没有工单编号" in told and "12345" in told, told
    assert slots.get("progress_asked", "x") is None and slots["requested_slot"] == "address", slots
    # a complaint told with no number awaited says nothing of one
    slots, _, messages = validate(domain, "小区门口的垃圾一直没人清", "description")
    assert "工单编号" not in said(messages)


@pytest.mark.parametrize("text", ["说是在昌平区沙河那边", "听说是昌平区沙河那边", "好像在昌平区沙河那边"])
def test_a_place_told_as_hearsay_is_the_place_without_the_hearsay(live, domain, text):
    """我弟弟被人拉去搞传销了，现在联系不上 → 说是在昌平区沙河那边: read back as 地点：说是在昌平区沙河."""
    known = {"description": "我弟弟被人拉去搞传销了，现在联系不上", "description_draft": "我弟弟被人拉去搞传销了，现在联系不上"}
    slots, _, _ = validate(domain, text, "address", requested_slot="address", slots=known)
    assert slots["address"] == "北京市昌平区沙河", slots


@pytest.mark.parametrize("entity", [None, "城市"])
def test_a_reading_named_inside_the_places_own_name_is_not_chosen(live, domain, entity):
    """房东不退押金，找各种理由扣钱 (城市建设 or 商贸旅游?) → 朝阳区十里堡的一个小区，叫城市华庭: read back with
    类别：城市建设 (by the name's 城市, which the intents also take as the reading's entity) and the place without its
    name; the place is taken, no reading chosen."""
    text = "房东不退押金，找各种理由扣钱"
    known = {"description": text, "description_draft": text, "category_candidates": ["城乡建设", "商贸旅游"]}
    slots, _, messages = validate(domain, "朝阳区十里堡的一个小区，叫城市华庭", "category_choice", entity,
                                  requested_slot="category_choice", slots=known)
    assert slots.get("category_choice") is None and slots.get("complaint_category") != "城乡建设", slots
    assert "城市华庭" in slots["address"], slots
    # a reading said with the place still counts
    slots, _, _ = validate(domain, "朝阳区十里堡，是商铺消费的问题", "category_choice",
                           requested_slot="category_choice", slots=known)
    assert slots.get("category_choice") == "商贸旅游", slots


def test_a_hospitals_name_read_as_out_of_scope_where_the_place_was_asked_is_the_place(live, domain):
    """医院挂号太难了，网上根本挂不上号，黄牛倒是有号 → 北京儿童医院: got 帮不上忙 and the question again (read as
    out of scope), then 对 was 不够具体; the hospital is the place."""
    from actions.actions import ActionInformOutside

    text = "医院挂号太难了，网上根本挂不上号，黄牛倒是有号"
    state = tracker_json(text="北京儿童医院", intent="out_of_scope", requested_slot="address",
                         slots={"description": text, "description_draft": text})
    slots, _, messages = run(ActionInformOutside(), state, domain)
    assert "儿童医院" in (slots.get("address") or ""), (slots, said(messages))
    assert "帮不上忙" not in said(messages)


@pytest.mark.parametrize("text", ["楼下宠物店天天狗叫，还有一股味道", "隔壁饭馆后厨的排风扇很吵，还有很大的味道"])
def test_a_smell_said_with_no_source_of_its_own_is_the_same_matter(text):
    """楼下宠物店天天狗叫，还有一股味道: parked 一股味道 as a second problem (您刚才还提到“一股味道”，需要登记的话…); a smell
    with no source of its own is the shop's. A smell with its own source stays a problem of its own."""
    from actions.common import _one_problem

    assert _one_problem(text) == (text, None)
    first, rest = _one_problem("楼下宠物店天天狗叫，还有垃圾站的臭味很大")
    assert rest and "垃圾站" in rest


def test_a_matter_named_again_right_after_its_case_was_filed_is_said_to_be_in_it(domain):
    """我们小区门口的路灯坏了一个月了，而且井盖也丢了一个 (filed as one) → 还有井盖的事: got 不够具体 (a new complaint
    begun); it is in the case just filed. A matter the case did not tell starts a complaint as before."""
    read_back = "我确认一下：\n问题：我们小区门口的路灯坏了一个月了，而且井盖也丢了一个\n地点：北京市海淀区清河永泰园\n信息正确吗？"
    filed = "已为您登记，工单编号 JS20261208-000235，查询码 969417。"

    def state(text):
        s = tracker_json(text=text, slots={"own_case": "JS20261208-000235"}, set_now={"description": text})
        s["events"][:0] = [{"event": "bot", "text": read_back}, {"event": "user", "text": "对"}, {"event": "bot", "text": filed}]
        return s

    from actions.form import ValidateComplaintForm
    slots, _, messages = run(ValidateComplaintForm(), state("还有井盖的事"), domain)
    assert "JS20261208-000235" in said(messages) and slots.get("form_outcome") == "cancelled", (slots, said(messages))
    slots, _, messages = run(ValidateComplaintForm(), state("还有垃圾站的事"), domain)
    assert slots.get("form_outcome") != "cancelled" and "JS20261208-000235" not in said(messages)


@pytest.mark.parametrize("intent", ["consult", "inform"])
def test_years_paid_said_after_the_unemployment_answer_get_how_long_it_is_paid(domain, intent):
    """失业了能领失业金吗，怎么领 (answered) → 我在北京交了三年社保: got 答不准; the answer now says how long it is
    paid by the years (社会保险法 第四十六条), and that sentence is said again."""
    from actions.actions import ActionAnswerConsultation, ActionInformOutside
    from actions_tests.test_s54_own import _after

    asked = "失业了能领失业金吗，怎么领"
    answer = _answered(asked, "市人力社保局")
    state = _after(tracker_json(text="我在北京交了三年社保", intent=intent, active_loop=None), asked, answer)
    action = ActionAnswerConsultation() if intent == "consult" else ActionInformOutside()
    told = said(run(action, state, domain)[2])
    assert "最长12个月" in told and "答不准" not in told, told


def test_a_whole_subway_lines_crowding_has_the_line_as_its_place(live, domain):
    """地铁十号线早高峰太挤了，能不能加车: asked 请问问题发生在哪里, the hours said to it taken as the time and the question
    asked again; the line is the place. A station named with it is asked no less (the form's place finds it)."""
    slots, _, _ = validate(domain, "地铁十号线早高峰太挤了，能不能加车", "description")
    assert slots.get("address") == "地铁十号线" and slots["requested_slot"] != "address", slots
    slots, _, _ = validate(domain, "地铁十号线国贸站早高峰太挤了，进站要排半小时", "description")
    assert slots.get("address") != "地铁十号线", slots


def test_a_question_alone_read_as_a_complaint_is_answered_as_a_consultation(live, domain):
    """老年卡坐公交还要刷钱吗 (read as a complaint, 0.47): 先回答您的问题… 您反映的情况我接着帮您登记, then 请问问题发生在哪里;
    the question alone is a consultation: answered, nothing filed. A complaint with its question goes on as before."""
    slots, _, messages = validate(domain, "老年卡坐公交还要刷钱吗", "description")
    told = said(messages)
    assert "免费乘坐" in told and "具体办理以主管部门的规定为准" in told and "接着帮您登记" not in told, told
    assert slots.get("form_outcome") == "cancelled" and slots.get("requested_slot") is None, slots
    slots, _, messages = validate(domain, "公交司机不让老年卡免费坐，老年卡坐公交还要刷钱吗", "description")
    assert slots.get("form_outcome") != "cancelled", slots


def test_a_tutoring_class_run_in_a_home_is_a_problem_told(live, domain):
    """小区里有人开补习班，一屋子孩子，周末从早到晚: 不够具体 to the end (no problem word)."""
    slots, _, messages = validate(domain, "小区里有人开补习班，一屋子孩子，周末从早到晚", "description")
    assert all(m.get("response") != "utter_description_vague" for m in messages), said(messages)
    assert slots.get("description") and slots["requested_slot"] != "description", slots


@pytest.mark.parametrize("said_then", ["我今年刚满六十五", "我六十五了"])
def test_an_age_said_after_the_senior_card_answer_gets_its_age_sentence(domain, said_then):
    """老年卡坐公交还要刷钱吗 (answered) → 我今年刚满六十五: got 帮不上忙; the answer's sentence on the age."""
    from actions.actions import ActionInformOutside
    from actions_tests.test_s54_own import _after

    asked = "老年卡坐公交还要刷钱吗"
    answer = _answered(asked)
    state = _after(tracker_json(text=said_then, intent="out_of_scope", active_loop=None), asked, answer)
    told = said(run(ActionInformOutside(), state, domain)[2])
    assert "65周岁" in told and "帮不上忙" not in told, told


@pytest.mark.parametrize("text", ["银行卡被冻结了，银行也不说原因", "信用卡被乱扣了一笔年费，客服一直推"])
def test_a_bank_or_card_matter_is_a_problem_told(live, domain, text):
    """银行卡被冻结了，银行也不说原因: 不够具体 twice, then the hand-off (no problem word)."""
    slots, _, messages = validate(domain, text, "description")
    assert all(m.get("response") != "utter_description_vague" for m in messages), said(messages)
    assert slots.get("description") and slots["requested_slot"] != "description", slots


@pytest.mark.parametrize("said_first", ["我要补充一下工单 JS20261208-000241 的情况", "我想补充工单JS20261208-000241的内容"])
def test_an_addition_that_names_only_what_it_will_add_is_asked_for(said_first):
    """我要补充一下工单 JS20261208-000241 的情况 → 939479: added “的情况” to the case; the words that follow (快递员今天又…)
    then opened a complaint. Nothing is said yet: the addition is asked for."""
    from actions.followup import _addition_text, _substantive

    assert not _substantive(_addition_text(said_first, "939479"))
    assert _addition_text("我要补充一下工单 JS20261208-000241 的情况，快递员今天又没打电话", "939479") == "快递员今天又没打电话"


@pytest.mark.parametrize("text", ["我在地铁上丢了钱包，怎么找", "钱包落在公交车上了，能找回来吗"])
def test_a_thing_lost_on_the_subway_or_a_bus_is_told_how_to_find_it(live, domain, text):
    """我在地铁上丢了钱包，怎么找: opened a complaint (请问问题发生在哪里); the way to find it, nothing filed."""
    slots, _, messages = validate(domain, text, "description")
    told = said(messages)
    assert "失物招领" in told and "96166" in told and slots.get("form_outcome") == "cancelled", (told, slots)


def test_a_banks_branch_is_kept_in_the_place(live, domain):
    """银行卡被冻结了，银行也不说原因 → 西城区金融街的工商银行: read back as 地点：北京市西城区金融街."""
    known = {"description": "银行卡被冻结了，银行也不说原因", "description_draft": "银行卡被冻结了，银行也不说原因"}
    slots, _, _ = validate(domain, "西城区金融街的工商银行", "address", requested_slot="address", slots=known)
    assert slots["address"].endswith("工商银行"), slots


def test_a_lost_thing_read_as_nothing_is_answered_with_no_form_after_it(live, domain):
    """我在地铁上丢了钱包，怎么找 (read as nothing, 0.40): the way to find it, then 请具体描述一下您要反映的问题 (the form
    started on it); the answer alone."""
    from actions.actions import ActionInformOutside

    state = tracker_json(text="我在地铁上丢了钱包，怎么找", intent="nlu_fallback", active_loop=None)
    slots, events, messages = run(ActionInformOutside(), state, domain)
    assert "失物招领" in said(messages) and not any(e.get("event") == "followup" for e in events), events


@pytest.mark.parametrize("text", ["社区医院开药比外面药店贵好多，是不是乱收费", "村里的卫生院看病还要收挂号费"])
def test_a_community_clinic_named_by_its_kind_alone_is_no_place(live, domain, text):
    """社区医院开药比外面药店贵好多: 社区医院 was taken as the place (never asked where; the read-back would have said
    地点：社区医院)."""
    slots, _, _ = validate(domain, text, "description")
    assert not slots.get("address") and slots["requested_slot"] == "address", slots


def test_where_a_thing_was_lost_said_after_the_lost_answer_is_where_to_ask(domain):
    """我在地铁上丢了钱包，怎么找 (answered) → 十号线国贸站: noted as a place and asked 请问在这里发生了什么问题; it is
    where the wallet was lost: that station's service centre."""
    from actions.actions import ActionInformOutside
    from actions_tests.test_s54_own import _after

    asked = "我在地铁上丢了钱包，怎么找"
    answer = _answered(asked)
    state = _after(tracker_json(text="十号线国贸站", intent="inform", active_loop=None), asked, answer)
    slots, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "十号线国贸站" in told and "客服中心" in told and "发生了什么" not in told, told
    assert not slots.get("noted_place"), slots


def test_an_old_parent_living_alone_asked_of_the_community_is_answered(live, domain):
    """我爸一个人住，最近老忘事，出门找不到家，社区能帮忙吗: 不够具体 (比如工地、商铺); the home-care answer (探访关爱,
    紧急呼叫), nothing filed."""
    slots, _, messages = validate(domain, "我爸一个人住，最近老忘事，出门找不到家，社区能帮忙吗", "description")
    told = said(messages)
    assert "养老服务驿站" in told and "utter_description_vague" not in told, told


def test_who_handles_it_asked_mid_form_is_answered_with_the_unit(domain):
    """小区的健身器材坏了 … 这个归谁管啊 where the number was asked: the question again, silently; the unit judged
    for it, then the question."""
    known = {"description": "小区的健身器材坏了", "description_draft": "小区的健身器材坏了",
             "address": "北京市西城区广外街道红莲小区", "department": "西城区体育局"}
    slots, _, messages = validate(domain, "这个归谁管啊", "contact", requested_slot="contact", slots=known)
    assert "西城区体育局" in said(messages) and slots.get("contact") is None, (slots, said(messages))
    assert slots["requested_slot"] == "contact"


def test_a_name_then_a_number_said_first_keeps_the_name_and_takes_the_number(live, domain):
    """我叫李明，电话13811112222，海淀区中关村大街15号楼下的煎饼摊天天早上占道经营…: read back as 问题：我叫李明，电话尾号
    2222，… (the number said twice); the number is the call-back number, out of the problem."""
    text = "我叫李明，电话13811112222，海淀区中关村大街15号楼下的煎饼摊天天早上占道经营，从六点到九点，希望管一管"
    slots, _, _ = validate(domain, text, "description")
    assert slots["description"].startswith("我叫李明，海淀区中关村大街") and "2222" not in slots["description"], slots
    assert slots.get("contact") == "13811112222", slots


@pytest.mark.parametrize("text, place", [("通州区梨园镇的一个小区，叫九棵树家园", "北京市通州区梨园镇九棵树家园"),
                                         ("通州区梨园镇的一个小区，叫九棵树", "北京市通州区梨园镇九棵树小区")])
def test_a_housing_estates_name_after_its_kind_is_the_place_at_the_place_question(live, domain, text, place):
    """暖气一直不热… → 通州区梨园镇的一个小区，叫九棵树家园: read back as …梨园镇的一个小区叫九棵树家园 (the pause dropped, the
    kind kept before the name); an estate's name that says it is one gets no 小区 after it."""
    known = {"description": "暖气一直不热，能不能退一部分供暖费", "description_draft": "暖气一直不热，能不能退一部分供暖费"}
    slots, _, _ = validate(domain, text, "address", requested_slot="address", slots=known)
    assert slots["address"] == place, slots


def test_a_street_said_after_a_consultation_gets_the_districts_unit(live, domain):
    """我爸一个人住…社区能帮忙吗 (answered: 这类问题一般由市民政局负责解答) → 西城区月坛街道: noted as a place, 请问在这里发生了
    什么问题; the district's unit, and the street's service centre."""
    from actions.actions import ActionInformOutside
    from actions_tests.test_s54_own import _after

    asked = "我爸一个人住，最近老忘事，出门找不到家，社区能帮忙吗"
    answer = _answered(asked, "市民政局")
    state = _after(tracker_json(text="西城区月坛街道", intent="inform", active_loop=None), asked, answer)
    slots, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "西城区民政局" in told and "月坛街道的便民服务中心" in told and "请问在这里发生了什么" not in told, told


def test_a_leak_then_where_it_comes_from_is_a_problem_told(live, domain):
    """漏水 (不够具体) → 楼上: 不够具体 again (then the place was taken and the problem asked a third time)."""
    slots, _, messages = validate(domain, "楼上", "description", requested_slot="description",
                                  slots={"description_draft": "漏水", "retries": {"description": 1}})
    assert all(m.get("response") != "utter_description_vague" for m in messages), said(messages)
    assert "楼上" in (slots.get("description") or "") and slots["requested_slot"] != "description", slots


def test_the_medical_insurance_ratio_is_answered_and_who_asks_is_no_place(live, domain):
    """医保报销比例是多少: the unit's name and 12393 alone; then 我是在职职工，在三甲医院住院 was noted as a place (地点记下了：
    我是在职职工…). What the ratio depends on, where to look it up; who asks gets that part of the answer."""
    from actions.actions import ActionAnswerConsultation, ActionInformOutside
    from actions_tests.test_s54_own import _after

    state = tracker_json(text="医保报销比例是多少", intent="consult", active_loop=None)
    answer = said(run(ActionAnswerConsultation(), state, domain)[2])
    assert "起付线" in answer and "12393" in answer, answer
    state = _after(tracker_json(text="我是在职职工，在三甲医院住院", intent="inform", active_loop=None), "医保报销比例是多少", answer)
    slots, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "地点记下了" not in told and not slots.get("noted_place") and "在职" in told, (told, slots)


def test_the_problem_told_anew_where_the_place_was_asked_replaces_it(live, domain):
    """小区里有人养鸽子，鸽子屎到处都是 → 不对，我说错了，是养鸡，天天早上打鸣 (asked where): taken as the time, the pigeons
    filed; the problem said anew, the place asked again. A time or a place corrected stays what it was."""
    text = "小区里有人养鸽子，鸽子屎到处都是"
    known = {"description": text, "description_draft": text}
    slots, _, messages = validate(domain, "不对，我说错了，是养鸡，天天早上打鸣", "address", requested_slot="address", slots=known)
    assert slots["description"] == "养鸡，天天早上打鸣" and not slots.get("time"), (slots, said(messages))
    assert slots["requested_slot"] == "address"
    slots, _, _ = validate(domain, "不对，是晚上十点以后", "time", requested_slot="time",
                           slots={**known, "address": "北京市东城区和平里"})
    assert slots.get("description", text) == text, slots
    slots, _, _ = validate(domain, "不对，是朝阳区劲松", "address", requested_slot="address", slots=known)
    assert slots.get("description", text) == text and "劲松" in (slots.get("address") or ""), slots


def test_the_problem_told_anew_is_taken_when_the_intents_read_it_as_the_problem_too(live, domain):
    """As the live form has it: the complaint reading puts the words in the description as well as in the place; the
    description's own step took them as the time (好的，时间记下了：不对，我说错了，是养鸡…)."""
    from actions.form import ValidateComplaintForm

    text, said_now = "小区里有人养鸽子，鸽子屎到处都是", "不对，我说错了，是养鸡，天天早上打鸣"
    state = tracker_json(text=said_now, requested_slot="address", slots={"description": text, "description_draft": text},
                         set_now={"description": said_now, "address": said_now})
    state["events"][:0] = [{"event": "slot", "name": "description", "value": text}]
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots.get("description") == "养鸡，天天早上打鸣" and not slots.get("time"), (slots, said(messages))
    assert slots.get("requested_slot") == "address", slots


@pytest.mark.parametrize("answer", ["放学时间", "放学的时候"])
def test_a_time_alone_at_the_reading_question_is_the_time(live, domain, answer):
    """学校门口的流动摊贩卖的烤肠不卫生… (城市建设 or 医疗卫生?) → 放学时间: joined the problem (…拉肚子，放学时间)."""
    t = "学校门口的流动摊贩卖的烤肠不卫生，孩子吃了拉肚子"
    known = {"description": t, "description_draft": t, "category_candidates": ["城乡建设", "卫生计生"],
             "address": "北京市海淀区北三环的一所小学"}
    slots, _, messages = validate(domain, answer, "category_choice", requested_slot="category_choice", slots=known)
    assert slots.get("time") == answer and answer not in (slots.get("description") or ""), (slots, said(messages))


def test_a_party_upstairs_with_loud_music_is_a_problem_told(live, domain):
    """楼上天天半夜开派对，音乐开得很大声: 不够具体 (no noise word), then the place, the time, 报警有用吗 and 不够具体 again."""
    slots, _, messages = validate(domain, "楼上天天半夜开派对，音乐开得很大声", "description")
    assert all(m.get("response") != "utter_description_vague" for m in messages), said(messages)
    assert slots.get("description") and slots["requested_slot"] != "description", slots


def test_ones_history_elsewhere_after_a_consultation_is_who_asks_not_a_place_outside(live, domain):
    """我要从外地把社保转到北京，怎么办 (answered) → 我在河北交了五年: told 河北 is outside Beijing and to call its 12345;
    it is who asks: the answer's steps hold, the unit decides the details. A problem told in 河北 still gets its line."""
    from actions.form import ValidateComplaintForm
    from actions_tests.test_s54_own import _after

    asked = "我要从外地把社保转到北京，怎么办"
    answer = _answered(asked, "市人力社保局")
    state = _after(tracker_json(text="我在河北交了五年", set_now={"description": "我在河北交了五年"}), asked, answer)
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "市人力社保局" in told and "不在北京市" not in told and slots.get("form_outcome") == "cancelled", told
    state = _after(tracker_json(text="我在河北燕郊，楼下工地半夜施工", set_now={"description": "我在河北燕郊，楼下工地半夜施工"}),
                   asked, answer)
    assert "12345" in said(run(ValidateComplaintForm(), state, domain)[2])


def test_an_estate_named_with_the_places_own_end_is_not_doubled(live, domain):
    """小区里有人养鸡… → 东城区和平里的一个小区，叫和平里七区: read back as 北京市东城区和平和平里七区小区 (和平里's 里 cut as
    if it were 万达广场里's, the name told again, 小区 added to a numbered 区)."""
    known = {"description": "小区里有人养鸡，天天早上打鸣", "description_draft": "小区里有人养鸡，天天早上打鸣"}
    slots, _, _ = validate(domain, "东城区和平里的一个小区，叫和平里七区", "address", requested_slot="address", slots=known)
    assert slots["address"] == "北京市东城区和平里七区", slots


def test_ones_history_elsewhere_read_as_nothing_after_a_consultation_is_who_asks(domain):
    """我在河北交了五年 (read as nothing, 0.40) after the answer on moving 社保: 河北不在北京市 (the outside notice)."""
    from actions.actions import ActionInformOutside
    from actions_tests.test_s54_own import _after

    asked = "我要从外地把社保转到北京，怎么办"
    answer = _answered(asked, "市人力社保局")
    state = _after(tracker_json(text="我在河北交了五年", intent="nlu_fallback", active_loop=None), asked, answer)
    told = said(run(ActionInformOutside(), state, domain)[2])
    assert "市人力社保局" in told and "不在北京市" not in told, told


def test_a_bus_line_said_after_the_lost_answer_gets_the_bus_hotline(domain):
    """我手机落在公交车上了，怎么找回来 (answered) → 是特8路: told of “是特8路” station's service centre (the subway's way)."""
    from actions.actions import ActionInformOutside
    from actions_tests.test_s54_own import _after

    asked = "我手机落在公交车上了，怎么找回来"
    answer = _answered(asked)
    state = _after(tracker_json(text="是特8路", intent="inform", active_loop=None), asked, answer)
    told = said(run(ActionInformOutside(), state, domain)[2])
    assert "“特8路”公交车上" in told and "96166" in told and "客服中心" not in told, told
