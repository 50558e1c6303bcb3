"""Session 57: what whole conversations through the real stack (``jiesu run``) found, each as the action or the
form's step that went wrong."""
import pytest

from test_actions import run, said, tracker_json, validate

TAIL = "具体办理以主管部门的规定为准。如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。"


def _answered(asked: str, unit: str = "") -> str:
    """The consultation's answer to ``asked`` as the bot says it (its unit first when one is named)."""
    from actions.answers import _basic_path

    return (f"这类问题一般由{unit}负责解答。\n" if unit else "") + f"{_basic_path(asked)}\n{TAIL}"


def _followed(domain, text: str, *turns: str) -> str:
    """What the bot says to ``text`` (read as out of scope) right after ``turns`` (user, bot, …)."""
    from actions.actions import ActionInformOutside
    from actions_tests.test_s54_own import _after

    state = _after(tracker_json(text=text, intent="out_of_scope", active_loop=None), *turns)
    return said(run(ActionInformOutside(), state, domain)[2])


@pytest.mark.parametrize("text, place", [
    ("海淀区中关村的一家面馆，叫和府捞面", "北京市海淀区中关村和府捞面"),
    ("海淀区中关村的一家面馆", "北京市海淀区中关村的一家面馆"),
    ("朝阳区三里屯的一家川菜馆，叫眉州东坡", "北京市朝阳区三里屯眉州东坡川菜馆")])
def test_a_place_of_a_kind_after_an_area_keeps_its_kind_and_name(live, domain, text, place):
    """饭店里吃出了头发 → 海淀区中关村的一家面馆，叫和府捞面: read back as 地点：北京市海淀区中关村 and 问题：…，叫和府捞面
    (中关村's 村 ended the place, and 的一家面馆 after it was cut as more than a place says)."""
    known = {"description": "饭店里吃出了头发，老板态度还很差", "description_draft": "饭店里吃出了头发，老板态度还很差"}
    slots, _, _ = validate(domain, text, "address", requested_slot="address", slots=known)
    assert slots["address"] == place and "叫" not in (slots.get("description") or ""), slots


@pytest.mark.parametrize("text, place", [
    ("西城区的北京儿童医院", "北京市西城区北京儿童医院"),
    ("昌平区回龙观的龙泽苑", "北京市昌平区回龙观龙泽苑"),
    ("海淀区西三旗的育新花园", "北京市海淀区西三旗育新花园")])
def test_a_de_between_the_district_or_area_and_the_name_is_no_part_of_the_place(live, domain, text, place):
    """医院门口有号贩子倒号 → 西城区的北京儿童医院: read back word for word (no 北京市; the triage names only 儿童医院);
    小区物业把消防通道锁了 → 昌平区回龙观的龙泽苑: kept its 的."""
    known = {"description": "小区门口乱停车", "description_draft": "小区门口乱停车"}
    slots, _, _ = validate(domain, text, "address", requested_slot="address", slots=known)
    assert slots["address"] == place, slots


def test_a_school_named_with_its_kind_is_not_given_the_kind_again(live, domain):
    """我家孩子在学校被同学欺负了 → 朝阳区的一所初中，叫陈经纶中学: read back as 北京市朝阳区陈经纶中学初中."""
    known = {"description": "我家孩子在学校被同学欺负了，老师也不管", "description_draft": "我家孩子在学校被同学欺负了，老师也不管"}
    slots, _, _ = validate(domain, "朝阳区的一所初中，叫陈经纶中学", "address", requested_slot="address", slots=known)
    assert slots["address"] == "北京市朝阳区陈经纶中学", slots
    slots, _, _ = validate(domain, "朝阳区的一所小学，叫芳草地", "address", requested_slot="address", slots=known)
    assert slots["address"] == "北京市朝阳区芳草地小学", slots


def test_the_only_child_reward_is_answered_and_a_retired_parent_gets_its_sentence(domain):
    """我想问一下独生子女父母奖励怎么领: the article's clause (一) only (10元 a month), then 我是退休职工 got 答不准; the
    answer says the one-off reward at retirement age and who pays it, and that sentence is said again."""
    from actions.answers import _basic_path

    asked = "我想问一下独生子女父母奖励怎么领"
    path = _basic_path(asked)
    assert path and "1000元" in path and "第十九条" in path, path
    told = _followed(domain, "我是退休职工", asked, _answered(asked, "市卫生健康委"))
    assert "退休职工的一次性奖励" in told and "答不准" not in told, told


def test_rent_paid_from_the_housing_fund_is_answered_and_where_asked_after_a_part_is_not_doubled(domain):
    """我想咨询一下，公积金可以用来付房租吗: a unit's name only; 每个月能提多少 then 去哪办 after the answer got the part
    said, then 刚才的回答里说了：刚才的回答里说了：… with the amount's sentence again."""
    from actions.answers import _basic_path

    asked = "我想咨询一下，公积金可以用来付房租吗"
    assert "租房提取" in (_basic_path(asked) or "") and "租房提取" in (_basic_path("房租能用公积金付吗") or "")
    answer = _answered(asked, "北京住房公积金管理中心")
    first = _followed(domain, "每个月能提多少", asked, answer)
    assert first.startswith("刚才的回答里说了") and "标准" in first, first
    told = _followed(domain, "去哪办", asked, answer, "每个月能提多少", first)
    assert told.count("刚才的回答里说了") == 1 and "App" in told, told


def test_where_asked_after_an_honest_cannot_say_never_quotes_it_back(domain):
    """… → 每个月能提多少 (答不准: 抱歉，更具体的…到他们的服务窗口问) → 去哪办: 刚才的回答里说了：抱歉，更具体的…"""
    from actions.common import _honest_more

    honest = _honest_more(None, "北京住房公积金管理中心")
    told = _followed(domain, "去哪办", "公积金能贷多少年", f"这类问题一般由北京住房公积金管理中心负责解答。\n{TAIL}",
                     "每个月能提多少", honest)
    assert "刚才的回答里说了：抱歉" not in told, told


def test_a_second_childs_benefits_are_answered_by_health_and_a_follow_up_gets_its_part(domain):
    """生二胎有什么补贴吗: 市民政局's name only; then 我是在职的，单位交生育保险 got 答不准 and an article."""
    from actions.answers import _basic_path, _basic_unit

    asked = "生二胎有什么补贴吗"
    assert "3600元" in (_basic_path(asked) or "") and _basic_unit(asked) == "市卫生健康委"
    assert "生育津贴由医保基金支付" in (_basic_path("生育津贴什么时候能发") or "")   # its own path stays
    told = _followed(domain, "我是在职的，单位交生育保险", asked, _answered(asked, "市卫生健康委"))
    assert "生育保险的情况" in told and "答不准" not in told, told


@pytest.mark.parametrize("text", ["我的车被拖走了，也没贴通知", "公园里有人放风筝，挂到高压线上了",
                                  "我在驾校报名交了五千，到现在都没安排练车", "有人冒用我的身份证办了电话卡，还欠了费"])
def test_a_towed_car_a_kite_a_driving_school_and_an_identity_misused_are_problems_told(live, domain, text):
    """Each got 不够具体 to the end (no problem word); the driving school's place said after it 不够具体 again."""
    slots, _, messages = validate(domain, text, "description")
    assert all(m.get("response") != "utter_description_vague" for m in messages), said(messages)
    assert slots.get("description") and slots["requested_slot"] != "description", slots


@pytest.mark.parametrize("text", ["他姓王，在中关村路口执勤", "那个交警姓王"])
def test_who_was_praised_told_at_the_number_question_joins_the_praise(live, domain, text):
    """我要表扬海淀交通支队的一个交警，昨天帮我推车 → 他姓王，在中关村路口执勤 where the number was asked: asked again
    without a word and lost."""
    praise = "我要表扬海淀交通支队的一个交警，昨天帮我推车"
    known = {"description": praise, "description_draft": praise, "address": "北京市海淀区交通支队"}
    slots, _, messages = validate(domain, text, "contact", requested_slot="contact", slots=known)
    assert "姓王" in (slots.get("description") or "") and slots.get("contact") is None, slots
    assert "记下了" in said(messages)


def test_where_asked_after_the_disability_card_answer_gets_its_street_office(domain):
    """我想问一下，残疾证怎么办 (answered: 到户籍所在地的街道（乡镇）残联提出申请) → 去哪办: got 答不准."""
    asked = "我想问一下，残疾证怎么办"
    told = _followed(domain, "去哪办", asked, _answered(asked, "市残联"))
    assert "街道（乡镇）残联" in told and "答不准" not in told, told


def test_a_de_after_the_district_before_a_street_is_no_part_of_the_place(live, domain):
    """我家水管冻裂了 → 延庆区的妫水北街: read back as 北京市延庆区的妫水北街."""
    known = {"description": "我家水管冻裂了，物业说不归他们管", "description_draft": "我家水管冻裂了，物业说不归他们管"}
    slots, _, _ = validate(domain, "延庆区的妫水北街", "address", requested_slot="address", slots=known)
    assert slots["address"] == "北京市延庆区妫水北街", slots


@pytest.mark.parametrize("text, matter", [("就是小区门口修路的事", "小区门口修路"),
                                          ("小区门口的垃圾站一直没人清", "小区门口的垃圾站一直没人清")])
def test_a_matter_told_after_no_number_for_a_case_closed_unsolved_is_filed_anew(live, domain, text, matter):
    """我要投诉12345，上次反映的问题没人管就给我结案了 → 工单号我忘了 (the offer to file it again) → 就是小区门口修路的事:
    没有理解, and 不留 after it got 再见."""
    from actions.actions import ActionInformOutside
    from actions.followup import NO_NUMBER_TOLD
    from actions_tests.test_s54_own import _after

    state = _after(tracker_json(text=text, intent="nlu_fallback", active_loop=None),
                   "我要投诉12345，上次反映的问题没人管就给我结案了", "请告诉我您的工单编号（形如 JS20261128-000001），我帮您查询。",
                   "工单号我忘了", NO_NUMBER_TOLD)
    slots, events, messages = run(ActionInformOutside(), state, domain)
    assert "没有理解" not in said(messages), said(messages)
    assert any(e.get("name") == "complaint_form" for e in events), events
    assert (slots.get("description") or slots.get("description_draft") or "").startswith(matter), slots
    assert "此前反映过" in (slots.get("description") or slots.get("description_draft") or ""), slots


@pytest.mark.parametrize("text, place", [("朝阳区三里屯的一家酒吧，叫蓝色港湾酒吧", "北京市朝阳区三里屯蓝色港湾酒吧"),
                                         ("海淀区五道口的一家网吧", "北京市海淀区五道口的一家网吧")])
def test_a_bars_name_keeps_its_ba(live, domain, text, place):
    """楼下酒吧每天半夜还在放音乐 → 朝阳区三里屯的一家酒吧，叫蓝色港湾酒吧: read back as …蓝色港湾酒 (吧 taken for a particle)."""
    known = {"description": "楼下酒吧每天半夜还在放音乐，太吵了", "description_draft": "楼下酒吧每天半夜还在放音乐，太吵了"}
    slots, _, _ = validate(domain, text, "address", requested_slot="address", slots=known)
    assert slots["address"] == place, slots


def test_an_outside_registration_said_after_the_public_rental_answer_gets_its_non_local_sentence(domain):
    """我想问一下公租房怎么申请 (answered: 非京籍的，一般要…) → 我是外地户口，在北京工作五年了: got 答不准."""
    asked = "我想问一下公租房怎么申请"
    told = _followed(domain, "我是外地户口，在北京工作五年了", asked, _answered(asked, "市住房城乡建设委"))
    assert "非京籍的" in told and "答不准" not in told, told


def test_medical_insurance_after_retirement_is_answered_and_the_years_paid_get_their_sentence(domain):
    """我想问问退休以后医保还要交吗: 市医保局's name only; 我交了二十年了 after it got 没有理解."""
    from actions.answers import _basic_path

    asked = "我想问问退休以后医保还要交吗"
    assert "男满25年" in (_basic_path(asked) or "")
    told = _followed(domain, "我交了二十年了", asked, _answered(asked, "市医保局"))
    assert "缴费年限" in told and "没有理解" not in told, told


def test_a_question_with_an_answer_read_as_an_answer_is_answered(live, domain):
    """孩子的疫苗在哪里打 (read as inform, 0.5): 抱歉，我没有理解; then 我们住在通州 was noted as a place."""
    from actions.actions import ActionInformOutside

    told = said(run(ActionInformOutside(), tracker_json(text="孩子的疫苗在哪里打", intent="inform", active_loop=None),
                    domain)[2])
    assert "预防接种门诊" in told and "没有理解" not in told, told
    asked = "孩子的疫苗在哪里打"
    told = _followed(domain, "我们住在通州", asked, _answered(asked, "市卫生健康委"))
    assert "通州区" in told and "预防接种门诊" in told and "发生了什么问题" not in told, told


@pytest.mark.parametrize("text, place", [("昌平区天通苑的一家物美超市", "北京市昌平区天通苑物美超市"),
                                         ("昌平区天通苑的一家超市", "北京市昌平区天通苑的一家超市")])
def test_one_before_a_name_with_its_kind_is_no_part_of_the_place(live, domain, text, place):
    """昨天在超市门口摔了一跤 → 昌平区天通苑的一家物美超市: read back so."""
    known = {"description": "昨天在超市门口摔了一跤，地太滑了", "description_draft": "昨天在超市门口摔了一跤，地太滑了"}
    slots, _, _ = validate(domain, text, "address", requested_slot="address", slots=known)
    assert slots["address"] == place, slots


def test_not_knowing_where_read_as_a_consultation_at_the_place_question_is_the_places_answer(live, domain):
    """有人冒用我的身份证办了电话卡 → 不知道在哪办的 (read as consult): 这类问题一般由市公安局负责解答 and the question
    again; it is the answer that no place is known (for a matter done in one's name: 地点不详, the test below)."""
    from actions.actions import ActionAnswerConsultation

    for d, place in (("有人冒用我的身份证办了电话卡，还欠了费", "地点不详"), ("楼下饭馆的油烟太大了", None)):
        state = tracker_json(text="不知道在哪办的", intent="consult", requested_slot="address",
                             slots={"description": d, "description_draft": d})
        slots, _, messages = run(ActionAnswerConsultation(), state, domain)
        assert "负责解答" not in said(messages), said(messages)
        assert slots.get("address") == place, slots


def test_ones_social_insurance_years_are_answered_and_an_id_number_is_not_wanted(live, domain):
    """能不能帮我查一下我的社保交了几年: 市人力社保局's name only; 我身份证号是110101199001011234 after it: 没有理解."""
    from actions.actions import ActionInformOutside
    from actions.answers import _basic_path
    from actions_tests.test_s54_own import _after

    asked = "能不能帮我查一下我的社保交了几年"
    assert "个人权益记录" in (_basic_path(asked) or "")
    state = _after(tracker_json(text="我身份证号是110101199001011234", intent="nlu_fallback", active_loop=None),
                   asked, _answered(asked, "市人力社保局"))
    slots, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "身份证号不用告诉我" in told and "没有理解" not in told, told


@pytest.mark.parametrize("text", ["不知道在哪办的", "不知道"])
def test_not_knowing_where_an_identity_was_misused_files_the_place_as_unknown(live, domain, text):
    """有人冒用我的身份证办了电话卡 → 不知道在哪办的 → 我住在海淀区 → asked which street, again and again."""
    d = "有人冒用我的身份证办了电话卡，还欠了费"
    slots, _, messages = validate(domain, text, "address", requested_slot="address",
                                  slots={"description": d, "description_draft": d})
    assert slots.get("address") == "地点不详" and "不一定有具体地点" in said(messages), (slots, said(messages))
    # a matter with a place of its own is asked again
    d = "楼下饭馆的油烟太大了"
    slots, _, _ = validate(domain, "不知道", "address", requested_slot="address",
                           slots={"description": d, "description_draft": d})
    assert slots.get("address") is None, slots


def test_what_was_tried_said_at_the_number_question_read_as_out_of_scope_joins_the_matter(live, domain):
    """对门邻居家的狗一直叫 → … → 我们已经跟他说过好几次了 where the number was asked (out of scope): 没有理解."""
    from actions.actions import ActionInformOutside

    d = "对门邻居家的狗一直叫，白天晚上都叫"
    state = tracker_json(text="我们已经跟他说过好几次了", intent="out_of_scope", requested_slot="contact",
                         slots={"description": d, "description_draft": d, "address": "北京市大兴区亦庄嘉园小区"})
    slots, _, messages = run(ActionInformOutside(), state, domain)
    assert "没有理解" not in said(messages) and "说过好几次" in (slots.get("description") or ""), (slots, said(messages))


def test_thanks_for_a_matter_resolved_naming_no_one_files_nothing(live, domain):
    """谢谢你们，上次反映的问题已经解决了: the praise form started and asked where the staff praised work."""
    slots, _, messages = validate(domain, "谢谢你们，上次反映的问题已经解决了", "description")
    assert "问题解决了就好" in said(messages) and slots.get("form_outcome") == "cancelled", (slots, said(messages))
    # praise that names its unit is registered as before
    slots, _, messages = validate(domain, "谢谢朝阳区城管的王师傅，小区门口的垃圾已经清走了", "description")
    assert slots.get("form_outcome") != "cancelled" and slots.get("description"), slots
