"""The fifty-sixth tester's citizens (tester56): a woman beaten at home who dares not call 110 (E1), the
children named in the advice only when told of (E24)."""

from __future__ import annotations

import pytest
from actions.actions import ActionAnswerConsultation, ActionLeaveForm
from actions.safety import _hotline_called, DV_ADVICE, SILENT_MARK
from conftest import tracker_json
from test_actions import run, said, validate

BEATEN = "他又在打我 我躲在卫生间里 他在外面砸门"


def _after_advice(text: str, intent: str, *bot: str) -> dict:
    state = tracker_json(text=text, intent=intent, requested_slot="address",
                         slots={"description": BEATEN, "description_draft": BEATEN})
    state["events"] = [{"event": "bot", "text": t} for t in (bot or (DV_ADVICE,))] + state["events"]
    return state


def test_t56_a_call_one_dares_not_make_is_no_call():
    """我不敢打110 was read as a 110 call made (好的，安全要紧。 then the place question)."""
    assert _hotline_called("我已经打了110了")
    assert not _hotline_called("我不敢打110 他听见会更狠")
    assert not _hotline_called("没法打110")


@pytest.mark.parametrize("action, text, intent", [
    (ActionLeaveForm(), "我不敢打110 他听见会更狠", "goodbye"),
    (ActionAnswerConsultation(), "那我能发短信报警吗", "consult"),
])
def test_t56_one_who_dares_not_call_gets_the_silent_ways_and_no_form_question(live, domain, action, text, intent):
    """tester56 E1: after the advice for violence at home, 我不敢打110 他听见会更狠 got 抱歉，我没有理解 / 好的，
    then 请问问题发生在哪里. Now the silent ways (12110 by text, a neighbour calling 110), and the bot stays."""
    _, events, messages = run(action, _after_advice(text, intent), domain)
    told = said(messages)
    assert SILENT_MARK in told and "短信" in told and "邻居" in told, told
    assert "没有理解" not in told and "发生在哪里" not in told and "utter_ask" not in told, told


def test_t56_the_short_form_the_second_time(live, domain):
    silent = ("不方便出声打电话时，可以发短信到12110报警（北京市公安局短信报警），写清楚详细地址、正在发生什么，不用出声；"
              "也可以请邻居、亲友替您拨打110。")
    _, _, messages = run(ActionAnswerConsultation(), _after_advice("那我能发短信报警吗", "consult", DV_ADVICE, silent),
                         domain)
    told = said(messages)
    assert told.startswith("可以：短信发到12110") and "北京市公安局短信报警" not in told, told


def test_t56_the_children_are_named_only_when_told_of(live, domain):
    """tester56 E24: 您和孩子的安全最要紧 to a woman who named no child."""
    _, _, messages = validate(domain, BEATEN, "description", requested_slot=None)
    assert said(messages).startswith("您的安全最要紧"), said(messages)
    _, _, messages = validate(domain, "我老公喝醉了在砸门 我和孩子躲在卧室里", "description", requested_slot=None)
    assert said(messages).startswith("您和孩子的安全最要紧"), said(messages)


# -- E6, E11, E12: after filing --------------------------------------------------------------------------

FILED = {"own_case": "JS20261206-000187", "known_codes": {"JS20261206-000187": "935253"}}


def _filed_tracker(text: str, intent: str = "complain"):
    from rasa_sdk import Tracker

    return Tracker.from_dict(tracker_json(text=text, intent=intent, active_loop=None, slots=FILED))


@pytest.mark.parametrize("text, must", [
    ("我举报的话饭馆会知道是我吗", "不会告诉被反映的一方"),
    ("那多久能修好", "办理时限"),
    ("那我的钱能退回来吗", "这里没法替他们答应"),
    ("那我能在网上办吗 还是必须去窗口", "北京通"),
    ("撤销以后还能再反映吗", "随时可以重新反映"),
    ("那我们现在怎么办 能不能先给我们点生活费", "没法由12345"),
    ("司机还不还我手机啊", "联系司机"),
    ("那超市会不会被罚款", "是否处罚"),
])
def test_t56_a_question_about_the_case_filed_is_answered(text, must):
    """tester56 E11: each got 没有理解, a consultation's department, or a new complaint's place question."""
    from actions.common import after_filing_answer

    told = after_filing_answer(text, _filed_tracker(text))
    assert told and must in told, told
    from rasa_sdk import Tracker
    assert after_filing_answer(text, Tracker.from_dict(tracker_json(text=text, active_loop=None))) is None  # no case
    # a new matter with its place is a new complaint
    assert after_filing_answer("朝阳区望京街道的超市也卖过期酸奶，会不会被罚款", _filed_tracker(text)) is None


def test_t56_a_question_after_filing_opens_no_complaint(live, domain):
    """tester56 E6: 司机还不还我手机啊 after filing was asked 请问问题发生在哪里."""
    slots, _, messages = validate(domain, "司机还不还我手机啊", "description", requested_slot=None, slots=FILED)
    assert "联系司机" in said(messages) and "发生在哪里" not in said(messages)
    assert slots.get("form_outcome") == "cancelled" and slots.get("description") is None


def test_t56_withdrawing_the_case_filed_as_people_say_it():
    """tester56 E6: 算了 我想撤销 今天物业已经修好了 opened a new complaint; asking about it withdraws nothing."""
    from actions.followup import _withdraw_said, _withdraws_own_case

    assert _withdraws_own_case("算了 我想撤销 今天物业已经修好了", _filed_tracker("算了 我想撤销 今天物业已经修好了"))
    assert not _withdraws_own_case("我想撤销违建处罚决定", _filed_tracker("我想撤销违建处罚决定"))
    assert not _withdraw_said(_filed_tracker("撤销以后还能再反映吗", "ask_progress"))


def test_t56_a_yes_only_to_leaving_no_number():
    """tester56 E12: 不留 你们能不能先派人把那扶梯围起来 got 可以。— read as a promise to send someone."""
    from actions.common import _side_answer

    assert not (_side_answer("不留 你们能不能先派人把那扶梯围起来 别出事") or "").startswith("可以")
    assert _side_answer("不留电话可以吗").startswith("可以。")


# -- E5: what is no time is not filed as the time ----------------------------------------------------------

ASKED_TIME = {"description": "楼下饭馆油烟太大", "description_draft": "楼下饭馆油烟太大", "time_needed": True,
              "address": "北京市朝阳区劲松街道农光里", "complaint_category": "城乡建设"}


@pytest.mark.parametrize("text, want", [
    ("112楼", None),
    ("我现在好点了 你先帮我把欠薪的事登记上吧", None),
    ("我不是说了吗 昨天晚上十点多", "昨天晚上十点多"),
    ("每天晚上十点以后", "每天晚上十点以后"),
])
def test_t56_the_time_asked_takes_a_time_only(live, domain, text, want):
    """tester56 E5: 时间：112楼, 时间：我现在好点了，你先帮我把欠薪的事登记上吧, 时间：我不是说了吗，昨天晚上十点多."""
    slots, _, _ = validate(domain, text, "time", requested_slot="time", slots=ASKED_TIME)
    assert slots.get("time") == want, slots


def test_t56_a_question_why_the_time_is_no_time(live, domain):
    slots, _, messages = validate(domain, "这跟时间段有啥关系 去年说今年开工 现在都十二月了", "time",
                                  requested_slot="time", slots=ASKED_TIME)
    assert slots.get("time") is None and slots.get("time_needed") is False, slots
    assert "不问时间了" in said(messages)


def test_t56_a_building_number_in_the_place_is_the_place(live, domain):
    """tester56 E5: 朝阳区 劲松街道 农光里 112楼 … filed 地点 …农光里, 时间 112楼."""
    slots, _, _ = validate(domain, "朝阳区 劲松街道 农光里 112楼 我已经关了阀门了 热力电话打不通", "address",
                           requested_slot="address",
                           slots={"description": "暖气管子爆了 水哗哗往外冒", "description_draft": "暖气管子爆了 水哗哗往外冒",
                                  "time_needed": True, "complaint_category": "城乡建设"})
    assert slots["address"].endswith("农光里112楼") and not slots.get("time"), slots


# -- E3, E21: a consultation asked further keeps its unit; common questions get their basic path --------

@pytest.mark.parametrize("first, further, basic_words", [
    ("我妈在老家办的医保 来北京看病能报销吗 异地就医备案怎么弄", "就这些？你倒是告诉我怎么备案啊", "国家医保服务平台"),
    ("请问公租房怎么申请 需要什么条件 我在朝阳区工作 外地户口", "那具体条件是啥呢 收入有要求吗", "住房保障"),
])
def test_t56_a_consultation_asked_further_keeps_its_unit(live, domain, first, further, basic_words):
    """tester56 E3: 异地就医备案 → 市医保局, then 你倒是告诉我怎么备案啊 → 市公安局; 公租房 → 住建委, then 收入有要求吗
    → 城管. The question asked further is the first one's: its unit stays, and no paragraph is said twice."""
    from test_actions import _turn_before

    _, _, messages = run(ActionAnswerConsultation(), tracker_json(text=first, intent="consult", active_loop=None),
                         domain)
    told = said(messages)
    unit = told.split("一般由", 1)[1].split("负责解答", 1)[0]
    assert basic_words in told and ("医保" in unit or "住房" in unit), told
    state = _turn_before(tracker_json(text=further, intent="consult", active_loop=None), first,
                         *(m.get("text") for m in messages))
    _, _, again = run(ActionAnswerConsultation(), state, domain)
    told_again = said(again)
    assert unit in told_again and basic_words not in told_again and "答不准" in told_again, told_again


@pytest.mark.parametrize("question, words", [
    ("养狗要办证吗", "养犬登记证"),
    ("试用期不交社保合法吗", "试用期不交社保不合法"),
])
def test_t56_common_questions_get_their_basic_path(live, domain, question, words):
    _, _, messages = run(ActionAnswerConsultation(), tracker_json(text=question, intent="consult", active_loop=None),
                         domain)
    assert words in said(messages), said(messages)


def test_t56_send_someone_now_in_a_danger_is_told_honestly(live, domain):
    """tester56 E16: trapped in a lift, 大兴区 黄村…5号楼 你们快派人来啊 got 好的，地点记下了 and the phone question."""
    from test_actions import _turn_before

    lift = "如被困电梯：请保持冷静，不要强行扒门或爬出轿厢；按轿厢内警铃或拨打轿厢内张贴的救援电话，无人应答请拨打96333（北京特种设备应急）、110或119。"
    trapped = "我被困在电梯里了 已经二十分钟了 按警铃没人理"
    state = tracker_json(text="大兴区 黄村 兴华大街 枣园小区 5号楼 你们快派人来啊", requested_slot="address",
                         slots={"description": trapped, "description_draft": trapped, "complaint_category": "城乡建设"},
                         set_now={"address": "大兴区 黄村 兴华大街 枣园小区 5号楼 你们快派人来啊"})
    from actions.form import ValidateComplaintForm
    slots, _, messages = run(ValidateComplaintForm(), _turn_before(state, trapped, lift), domain)
    told = said(messages)
    assert "没法马上派人到现场" in told and "96333" in told and "枣园小区" in (slots.get("address") or ""), told


def test_t56_not_submitting_at_the_read_back_ends_the_form_and_answers(live, domain):
    """tester56 E18, E3: 算了 不提交了 我就想知道政策 at the read-back got 市住房城乡建设委负责解答, then the read-back again."""
    from test_actions import _turn_before

    asked = "我想问一下孩子上的公立小学让交什么课后服务费每学期一千二 这个合理吗"
    state = tracker_json(text="算了 不提交了 我就想知道政策", intent="consult", requested_slot="confirmation",
                         slots={"description": asked, "description_draft": asked, "address": "北京市房山区良乡",
                                "complaint_category": "教育文体"})
    _, events, messages = run(ActionAnswerConsultation(), _turn_before(state, asked, "我确认一下："), domain)
    told = said(messages)
    assert "不向学生收费" in told and "住房城乡建设委" not in told, told
    assert any(e.get("event") == "active_loop" and e.get("name") is None for e in events), events


def test_t56_a_whole_line_is_a_place(live, domain):
    """tester56 E15: 八通线末班车 was asked its street three times (八通线全线 不够具体) until a station was made up."""
    from actions.form import _whole_line

    assert _whole_line("就是八通线啊 地铁 全线", "建议 地铁八通线的末班车能不能往后延一点") == "八通线全线"
    assert _whole_line("整条线都这样", "300路公交老是不按点") == "300路公交线路全线"
    assert _whole_line("朝阳区全线", "八通线") is None and _whole_line("八通线", "末班车太早") is None
    suggestion = "建议 地铁八通线的末班车能不能往后延一点 加班的人赶不上"
    slots, _, messages = validate(domain, "八通线是一整条线 没法说哪个街道 你就写八通线全线", "address",
                                  requested_slot="address",
                                  slots={"description": suggestion, "description_draft": suggestion,
                                         "complaint_category": "交通运输"})
    assert slots["address"] == "八通线全线" and "不够具体" not in said(messages), (slots, said(messages))


def test_t56_a_beijing_bus_from_yanjiao_is_beijings():
    """tester56 E17: 燕郊…814路 早上根本挤不上去 was refused as outside Beijing, twice, the explanation
    (814是北京公交集团的车 从燕郊开到国贸) ignored; a matter of 燕郊 itself still is."""
    from actions.common import _outside_beijing

    assert _outside_beijing("我住燕郊 天洋城四代 我们这边的公交 814路 早上根本挤不上去 每趟都满员 能不能加车") is None
    assert _outside_beijing("814是北京公交集团的车啊 从燕郊开到国贸的 在北京这边归你们管吧") is None
    assert "北京以外" in _outside_beijing("我在燕郊 小区物业乱收费")


def test_t56_a_place_told_in_pieces_before_the_problem(live, domain):
    """tester56 E4: 在海淀 → 不够具体, 五道口 → 没能弄明白, 华清嘉园 → 地点：华清嘉园 (海淀 lost), 7号楼底下 →
    没能弄明白. Each piece joins the place held, and what happened is asked."""
    held = None
    for piece, want in (("在海淀", "北京市海淀区"), ("五道口", "五道口"), ("华清嘉园", "五道口华清嘉园"),
                        ("7号楼底下", "华清嘉园7号楼")):
        slots, _, messages = validate(domain, piece, "description", requested_slot="description",
                                      slots={"address": held} if held else {})
        told = said(messages)
        assert slots.get("address") and want in slots["address"] and "海淀区" in slots["address"], (piece, slots, told)
        assert "请再说说具体发生了什么问题" in told and "不够具体" not in told and "没能弄明白" not in told, told
        held = slots["address"]


def test_t56_a_number_refused_is_taken_wherever_it_is_said(live, domain):
    """tester56 E2, E8: 我不留电话 直接办吧 at the time question got 这类问题一般由市公安局负责解答; 你们为什么总要电话
    我不留 直接给我办 was answered and asked the number again; 房东不给办居住登记怎么办 got 不留电话也会受理."""
    from actions.common import _side_answer

    state = tracker_json(text="我不留电话 直接办吧", intent="consult", requested_slot="time",
                         slots={"description": "泔水倒马路边", "description_draft": "泔水倒马路边",
                                "address": "北京市朝阳区双井", "time_needed": True})
    slots, _, messages = run(ActionAnswerConsultation(), state, domain)
    assert slots.get("contact") == "不留" and "负责解答" not in said(messages), said(messages)
    slots, _, messages = validate(domain, "你们为什么总要电话 我不留 直接给我办", "contact", requested_slot="contact",
                                  slots={"description": "垃圾站没人清运", "description_draft": "垃圾站没人清运",
                                         "address": "北京市通州区梨园镇"})
    assert slots.get("contact") == "不留", (slots, said(messages))
    assert _side_answer("那我租的房子房东不给办居住登记怎么办") is None


@pytest.mark.parametrize("text, must", [("对 你们多久能来修", "办理时限"), ("对的，我举报的话他们会知道是我吗", "不会告诉被反映的一方")])
def test_t56_a_yes_with_a_question_files_and_answers(live, domain, text, must):
    """tester56 E10: 对 你们多久能来修 at the read-back was read back again, the question unanswered."""
    slots, _, messages = validate(domain, text, "confirmation", None, requested_slot="confirmation",
                                  slots={"description": "电梯坏了两个礼拜", "description_draft": "电梯坏了两个礼拜",
                                         "address": "北京市西城区红莲南里", "contact": "不留"}, intent="affirm")
    assert slots.get("confirmation") is True and must in said(messages), (slots, said(messages))


@pytest.mark.parametrize("text", ["这是哪儿啊 我孙子给我弄的这个 能说话吗", "你能干啥"])
def test_t56_what_this_is_asked_first_is_told(live, domain, text):
    """tester56 E22: the first reply to an old man's 这是哪儿啊 … 能说话吗 and to 你能干啥 was 抱歉，这个问题我帮不上忙."""
    from actions.actions import ActionOutOfScope

    _, _, messages = run(ActionOutOfScope(), tracker_json(text=text, intent="out_of_scope", active_loop=None), domain)
    told = said(messages)
    assert "12345是北京的市民服务热线" in told and "帮不上忙" not in told and "utter_out_of_scope" not in told, told


def test_t56_two_problems_counted_out_and_the_harm_of_one():
    """tester56 E13: 我反映两个事 第一个是…路灯… 第二个是…健身器材… was filed as one case; …路灯坏了 还有人在那摔了
    split 有人在那摔了 off as a problem of its own, and the case lost it."""
    from actions.form import _one_problem

    first, rest = _one_problem("我反映两个事 第一个是西城区月坛街道三里河一区门口路灯坏了一个月了 第二个是小区里的健身器材坏了也没人修")
    assert first == "西城区月坛街道三里河一区门口路灯坏了一个月了" and rest == "小区里的健身器材坏了也没人修"
    said = "路等坏了好几天了 晚上黑的看不见 还有人在那摔了 在大兴区西红门镇"
    assert _one_problem(said) == (said, None)


@pytest.mark.parametrize("text, want", [("海淀区中关村派出所啊", "北京市海淀区中关村派出所"),
                                        ("西城区宣武那边牛街南线阁", "北京市西城区宣武牛街南线阁")])
def test_t56_spoken_words_are_no_part_of_a_place(live, domain, text, want):
    """tester56 E20: 地点 …中关村派出所啊, …宣武那边牛街南线阁."""
    slots, _, _ = validate(domain, text, "address", requested_slot="address",
                           slots={"description": "路边井盖坏了", "description_draft": "路边井盖坏了",
                                  "complaint_category": "城乡建设"})
    assert slots.get("address") == want, slots


@pytest.mark.parametrize("text, want", [("小区里有人在绿地上种菜，行吧", "小区里有人在绿地上种菜"),
                                        ("刚才不是说了吗，老板刘某欠我一万五", "老板刘某欠我一万五"),
                                        ("狗咬了我孩子，先这样吧", "狗咬了我孩子"),
                                        ("行吧", "行吧")])
def test_t56_filler_clauses_are_no_part_of_the_problem(text, want):
    """tester56 E19: 标题“小区里有人在绿地上种菜，行吧”, “……刚才不是说了吗，老板刘某……”, “……先这样吧” were filed."""
    from actions.form import _without_filler_clauses

    assert _without_filler_clauses(text) == want


def test_t56_a_district_with_the_rest_not_known_is_the_place(live, domain):
    """tester56 E8: 朝阳区啊 具体在哪条路我也不清楚 got 不够具体, and the case was filed 地点不详 with 朝阳区 lost."""
    slots, _, messages = validate(domain, "朝阳区啊 具体在哪条路我也不清楚", "address", requested_slot="address",
                                  slots={"description": "北京公司华建劳务欠我工资", "description_draft": "北京公司华建劳务欠我工资",
                                         "complaint_category": "劳动和社会保障"})
    assert slots.get("address") == "北京市朝阳区" and "不够具体" not in said(messages), (slots, said(messages))


def test_t56_the_problem_told_anew_at_the_read_back_replaces_it(live, domain):
    """tester56 E9: 问题描述不对 我重新说一下 是楼道里堆杂物… was asked to be said again."""
    slots, _, messages = validate(domain, "问题描述不对 我重新说一下 是楼道里堆杂物还有电动车在楼道充电 跟物业没关系",
                                  "confirmation", False, requested_slot="confirmation", intent="deny",
                                  slots={"description": "我要投诉我们小区物业不管事", "description_draft": "我要投诉我们小区物业不管事",
                                         "address": "北京市东城区和平里", "complaint_category": "城乡建设", "contact": "不留"})
    assert slots.get("description", "").startswith("楼道里堆杂物") and "问题改为" in said(messages), (slots, said(messages))
    assert slots.get("confirmation") is None and "物业不管事" not in slots["description"]
