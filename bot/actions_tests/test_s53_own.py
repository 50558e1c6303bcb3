"""Session 53: what whole conversations through the real stack (``jiesu run``) found, each as the action or the
form's step that went wrong."""
import pytest

from test_actions import run, said, tracker_json, validate


def _after_consultation_in_form(domain, text: str, asked: str, unit: str):
    """The form's first validation of ``text`` right after the answer to ``asked`` (from ``unit``): slots, messages."""
    from actions.answers import _basic_path
    from actions.form import ValidateComplaintForm

    answer = f"这类问题一般由{unit}负责解答。\n{_basic_path(asked)}\n具体办理以主管部门的规定为准。如果您是要反映问题…"
    state = tracker_json(text=text, requested_slot="description", set_now={"description": text})
    state["events"] = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": asked},
                       {"event": "bot", "text": answer}] + state["events"]
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    return slots, said(messages)


def test_where_one_is_registered_said_after_a_consultation_gets_the_office_there(live, domain):
    """新生儿落户需要带什么材料 (answered) → 孩子在海淀出生的，我们户口在朝阳: a complaint opened, its place asked."""
    slots, told = _after_consultation_in_form(domain, "孩子在海淀出生的，我们户口在朝阳",
                                              "我想问一下新生儿落户需要带什么材料", "市公安局")
    assert slots.get("form_outcome") == "cancelled" and not slots.get("description"), (slots, told)
    assert "朝阳区" in told and "户口所在地的派出所" in told and "海淀区" not in told, told
    # home said elsewhere than in a district: no district's office made up
    slots, told = _after_consultation_in_form(domain, "我们户口在外地，孩子在海淀出生",
                                              "我想问一下新生儿落户需要带什么材料", "市公安局")
    assert "海淀区的" not in told and "市公安局海淀分局" not in told, told
    # a problem told after a consultation is still a complaint
    slots, told = _after_consultation_in_form(domain, "我们朝阳那个派出所的民警态度特别差",
                                              "我想问一下新生儿落户需要带什么材料", "市公安局")
    assert slots.get("form_outcome") != "cancelled", (slots, told)


def test_a_forgotten_case_number_gets_what_to_do_not_goodbye(live, domain):
    """我上周反映的问题怎么还没人处理 → 请告诉我您的工单编号 → 我不记得编号了: 感谢您使用…再见！"""
    from actions.actions import ActionGoodbye

    state = tracker_json(text="我不记得编号了", intent="goodbye", active_loop=None, slots={"progress_asked": "number"})
    slots, _, messages = run(ActionGoodbye(), state, domain)
    assert "12345" in said(messages) and "再见" not in said(messages) and "再登记" in said(messages), said(messages)
    assert slots.get("progress_asked", "number") is None, slots
    # a goodbye is still one
    state = tracker_json(text="算了，再见", intent="goodbye", active_loop=None, slots={"progress_asked": "number"})
    assert "utter_goodbye" in said(run(ActionGoodbye(), state, domain)[2])


@pytest.mark.parametrize("text, unit", [("我想表扬一下朝阳区城管的王师傅，帮我们解决了占道的问题", "北京市朝阳区城管"),
                                        ("表扬海淀区中关村派出所的民警小李，帮我找回了钱包", "北京市海淀区中关村派出所")])
def test_praise_naming_its_unit_is_not_asked_where(live, domain, text, unit):
    """表扬一下朝阳区城管的王师傅 was asked 请问被表扬的工作人员在哪个区、哪个街道（社区）或单位？"""
    slots, _, messages = validate(domain, text, "description")
    assert slots.get("address") == unit, (slots, said(messages))
    # praise naming no unit is still asked
    slots, _, _ = validate(domain, "我想表扬一下社区的王大姐，天天帮我们楼的老人买菜", "description")
    assert not slots.get("address"), slots


@pytest.mark.parametrize("answer", ["那我再反映一次吧", "我要反映一下"])
def test_a_wish_to_report_said_where_the_place_is_asked_asks_it_again(live, domain, answer):
    """就是楼下饭馆油烟的事 → 那我再反映一次吧 (asked where, read as goodbye): 抱歉，我没有理解; as an answer it joined
    the problem (就是楼下饭馆油烟的事，那我再反映一次吧)."""
    from actions.actions import ActionLeaveForm

    slots, _, messages = validate(domain, answer, "address", requested_slot="address",
                                  slots={"description": "就是楼下饭馆油烟的事"})
    assert not slots.get("address") and not slots.get("description") and "retries" not in slots, slots
    assert "utter_ask_address" in said(messages), said(messages)
    state = tracker_json(text=answer, intent="goodbye", requested_slot="address",
                         slots={"description": "就是楼下饭馆油烟的事"})
    _, events, messages = run(ActionLeaveForm(), state, domain)
    assert "没有理解" not in said(messages) and "please_rephrase" not in said(messages), said(messages)
    assert any(e.get("event") == "followup" for e in events), events


def test_a_forgotten_case_number_read_as_no_gets_what_to_do(live, domain):
    """我不记得编号了 read as deny (the intents' reading live): 感谢您使用…再见 (NO_NUMBER had no 不记得)."""
    from actions.actions import ActionAnythingElse

    state = tracker_json(text="我不记得编号了", intent="deny", active_loop=None, slots={"progress_asked": "number"})
    _, _, messages = run(ActionAnythingElse(), state, domain)
    assert "12345" in said(messages) and "再登记" in said(messages), said(messages)


@pytest.mark.parametrize("slot, answer", [("address", "我租的房子，到期了，"), ("address", "他们说墙脏了要扣两千"),
                                          ("contact", "上周退的房")])
def test_more_of_a_deposit_kept_back_is_no_second_problem(live, domain, slot, answer):
    """中介不退押金 → 我租的房子，到期了 / 他们说墙脏了要扣两千 (asked where) and 上周退的房 (asked for a number): each was
    parked as a second problem (租, 房, 脏 are problem words), the details lost and 上周退的房 offered after filing."""
    filled = {"description": "中介不退押金"} if slot == "address" else \
        {"description": "中介不退押金", "address": "北京市海淀区五道口华清嘉园"}
    slots, _, messages = validate(domain, answer, slot, intent="complain", requested_slot=slot, slots=filled)
    assert not slots.get("second_issue") and "utter_one_at_a_time" not in said(messages), (slots, said(messages))
    # a matter of its own is still one
    slots, _, messages = validate(domain, "另外楼下饭馆的油烟也特别大", slot, intent="complain",
                                  requested_slot=slot, slots=filled)
    assert slots.get("second_issue"), (slots, said(messages))


@pytest.mark.parametrize("answer", ["另外楼下饭馆的油烟也特别大", "对了，楼道的灯坏了也没有人修", "还有个事，楼道的灯坏了好几天了"])
def test_a_second_problem_at_the_number_question_is_no_refusal(live, domain, answer):
    """另外楼下饭馆的油烟也特别大 asked for a number was filed as 不留 (别 of 特别; 没有 of 没有人修 alike); 还有个事，…坏了好几天了
    got how long handling takes (几天 of 好几天了 read as 几天能办好)."""
    slots, _, messages = validate(domain, answer, "contact", intent="complain", requested_slot="contact",
                                  slots={"description": "中介不退押金", "address": "北京市海淀区五道口华清嘉园"})
    assert slots.get("contact") is None and slots.get("second_issue"), (slots, said(messages))


def _after(state, *turns):
    """``state`` with ``turns`` (the citizen's, then the bot's …) before its last message."""
    events = []
    for i, t in enumerate(turns):
        events.append({"event": "user" if i % 2 == 0 else "bot", "text": t})
    state["events"] = events + state["events"]
    return state


def test_the_question_asked_for_after_i_want_to_consult_is_answered(live, domain):
    """我想咨询一下 → 请问您想咨询哪方面的政策？ → 我是外地的，在北京工作 (没有理解) → 孩子能在北京上小学吗 (没有理解) →
    需要什么条件 (市城市管理委 by the triage's guess)."""
    from actions.actions import ActionAnswerConsultation, ActionInformOutside

    asked = "好的。请问您想咨询哪方面的政策？请直接说出您的问题。"
    state = _after(tracker_json(text="我是外地的，在北京工作，", intent="inform", active_loop=None), "我想咨询一下，", asked)
    _, _, messages = run(ActionInformOutside(), state, domain)
    told = said(messages)
    assert "您的情况记下了" in told and "没有理解" not in told and "please_rephrase" not in told, told
    state = _after(tracker_json(text="孩子能在北京上小学吗", intent="nlu_fallback", active_loop=None),
                   "我想咨询一下，", asked, "我是外地的，在北京工作，", told)
    _, _, messages = run(ActionInformOutside(), state, domain)
    answer = said(messages)
    assert "教委" in answer and "没有理解" not in answer and "please_rephrase" not in answer, answer
    state = _after(tracker_json(text="需要什么条件", intent="consult", active_loop=None),
                   "我想咨询一下，", asked, "我是外地的，在北京工作，", told, "孩子能在北京上小学吗", answer)
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    # (the part of the answer that says the conditions, since session 54: 五证)
    assert "城市管理" not in said(messages) and ("教" in said(messages) or "五证" in said(messages)), said(messages)


@pytest.mark.parametrize("answer", ["顺丰的", "是京东快递"])
def test_the_courier_named_where_the_place_is_asked_joins_the_problem(live, domain, answer):
    """快递员把我的快递弄丢了，还不给赔 → 顺丰的 (asked where): 这个地点还不够具体."""
    slots, _, messages = validate(domain, answer, "address", requested_slot="address",
                                  slots={"description": "快递员把我的快递弄丢了，还不给赔"})
    assert answer.strip("是的") in (slots.get("description") or "") and "retries" not in slots, (slots, said(messages))
    assert "utter_address_vague" not in said(messages), said(messages)


def test_a_time_corrected_to_many_months_keeps_its_many(live, domain):
    """好几天了 read back → 不对，是好几个月了: filed as 几个月了 (好 taken for a yes)."""
    filled = {"description": "楼上天天往下扔垃圾", "address": "北京市石景山区古城南路12号院3号楼", "time": "好几天了",
              "contact": "不留", "time_needed": False}
    slots, _, messages = validate(domain, "不对，是好几个月了", "confirmation", requested_slot="confirmation", slots=filled)
    assert slots.get("time") == "好几个月了", (slots, said(messages))


def test_a_problem_told_in_pauses_keeps_each_piece(live, domain):
    """邻居家的狗， → 每天晚上叫， → 一叫就是好几个小时， (each asked where): filed as 问题：邻居家的狗，with 时间：每天晚上叫，
    一叫就是好几个小时 (the pauses of a spoken complaint reach the form as commas)."""
    d = {"description": "邻居家的狗，"}
    slots, _, messages = validate(domain, "每天晚上叫，", "address", requested_slot="address", slots=d)
    assert "叫" in (slots.get("description") or "") and slots.get("time") == "每天晚上", (slots, said(messages))
    slots, _, messages = validate(domain, "一叫就是好几个小时，", "address", requested_slot="address",
                                  slots={"description": "邻居家的狗，每天晚上叫"})
    assert "好几个小时" in (slots.get("description") or "") and not slots.get("time"), (slots, said(messages))
    # a problem told whole keeps its hours apart as before
    slots, _, _ = validate(domain, "每天晚上十点以后", "address", requested_slot="address",
                           slots={"description": "楼下烧烤店油烟太大"})
    assert slots.get("time") == "每天晚上十点以后" and not slots.get("description"), slots


def test_what_the_matter_does_to_the_citizen_is_heard_in_the_form(live, domain):
    """我都神经衰弱了 (asked where, read as out of scope): 抱歉，这个问题我帮不上忙."""
    from actions.actions import ActionInformOutside

    state = tracker_json(text="我都神经衰弱了", intent="out_of_scope", requested_slot="address",
                         slots={"description": "邻居家的狗每天晚上叫"})
    slots, _, messages = run(ActionInformOutside(), state, domain)
    assert "帮不上忙" not in said(messages) and "理解" in said(messages), said(messages)
    assert "神经衰弱" in (slots.get("description") or ""), slots


@pytest.mark.parametrize("answer", ["电话就是这个号码", "用我现在这个手机号"])
def test_this_number_is_answered_the_chat_shows_none(live, domain, answer):
    """电话就是这个号码 (asked for a number) got the question again, as if unheard."""
    slots, _, messages = validate(domain, answer, "contact", requested_slot="contact",
                                  slots={"description": "邻居家的狗每天晚上叫", "address": "北京市西城区广安门外大街305号"})
    assert slots.get("contact") is None and "看不到您的来电号码" in said(messages), (slots, said(messages))


def test_two_short_problems_joined_by_and_are_taken_one_at_a_time(live, domain):
    """小区垃圾没人清，还有物业乱收费 was filed as one (each half under six characters); then 垃圾的事先说吧 joined it."""
    slots, _, messages = validate(domain, "小区垃圾没人清，还有物业乱收费", "description")
    assert slots.get("description") == "小区垃圾没人清" and slots.get("second_issue") == "物业乱收费", slots
    slots, _, messages = validate(domain, "垃圾的事先说吧", "address", requested_slot="address",
                                  slots={"description": "小区垃圾没人清，还有物业乱收费"})
    assert not slots.get("description") and "utter_ask_address" in said(messages), (slots, said(messages))
    # more of one problem stays in it
    slots, _, _ = validate(domain, "垃圾没人清，还有老鼠", "description")
    assert not slots.get("second_issue"), slots


def test_where_one_retired_after_a_consultation_names_that_districts_unit(live, domain):
    """退休金怎么查 (answered) → 我在丰台退休的: 抱歉，我没有理解."""
    from actions.actions import ActionInformOutside

    answer = "这类问题一般由市人力社保局负责解答。\n具体办理以主管部门的规定为准，也可拨打人力社保热线12333咨询。如果您是要反映问题…"
    state = _after(tracker_json(text="我在丰台退休的", intent="inform", active_loop=None), "退休金怎么查", answer)
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert "丰台区" in said(messages) and "没有理解" not in said(messages), said(messages)


@pytest.mark.parametrize("answer, place", [("孩子在朝阳区的一所公立小学，叫芳草地小学", "北京市朝阳区芳草地小学"),
                                           ("在朝阳区，一家超市，名字叫物美", "北京市朝阳区物美超市")])
def test_a_place_named_after_its_kind_is_that_name(live, domain, answer, place):
    """学校乱收费 → 孩子在朝阳区的一所公立小学，叫芳草地小学: 这个地点还不够具体, and the citizen never got past it."""
    slots, _, messages = validate(domain, answer, "address", requested_slot="address", slots={"description": "学校乱收费"})
    assert slots.get("address") == place, (slots, said(messages))


def test_money_said_with_the_time_where_the_place_is_asked_joins_the_problem(live, domain):
    """这学期开学收的，每人800 (asked where) was read back as 时间：这学期开学收的，每人800."""
    slots, _, messages = validate(domain, "这学期开学收的，每人800", "address", requested_slot="address",
                                  slots={"description": "学校乱收费"})
    assert slots.get("time") == "这学期开学收的" and "每人800" in (slots.get("description") or ""), slots
    assert "每人800" not in said(messages), said(messages)


def test_reported_before_said_where_the_place_is_asked_is_more_of_the_problem(live, domain):
    """暖气又不热了 → 上次反映过，还是不热 (asked where): 这个地点还不够具体."""
    slots, _, messages = validate(domain, "上次反映过，还是不热", "address", requested_slot="address",
                                  slots={"description": "暖气又不热了"})
    assert "上次反映过" in (slots.get("description") or "") and "retries" not in slots, (slots, said(messages))


def test_where_asked_after_the_district_was_said_names_that_districts_office(live, domain):
    """灵活就业社保怎么交 → 我是北京户口，在朝阳 (朝阳区人力社保局) → 在哪办: 答不准, 请以市人力社保局的规定为准."""
    from actions.actions import ActionInformOutside

    answer = "这类问题一般由市人力社保局负责解答。\n具体办理以主管部门的规定为准，也可拨打人力社保热线12333咨询。如果您是要反映问题…"
    local = "好的，朝阳区的这类问题可以咨询朝阳区人力社保局。具体办理以主管部门的规定为准。如果您是要反映问题，请直接说说…"
    state = _after(tracker_json(text="在哪办", intent="nlu_fallback", active_loop=None),
                   "我想问问灵活就业社保怎么交", answer, "我是北京户口，在朝阳", local)
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert "朝阳区社会保险事业管理中心" in said(messages) and "答不准" not in said(messages), said(messages)


def test_work_still_going_on_said_where_the_place_is_asked_joins_the_problem(live, domain):
    """旁边工地，天天晚上施工 → 都十二点了还在干 (asked where) was all the time (天天晚上都十二点了还在干), the problem
    without it."""
    slots, _, messages = validate(domain, "都十二点了还在干，", "address", requested_slot="address",
                                  slots={"description": "旁边工地，天天晚上施工", "time": "天天晚上"})
    assert "还在干" in (slots.get("description") or "") and "还在干" not in (slots.get("time") or ""), (slots, said(messages))


@pytest.mark.parametrize("text", ["楼上小孩天天跑跳", "楼上天天拖椅子，吵得睡不着"])
def test_children_running_upstairs_is_a_problem_told(live, domain, text):
    """楼上小孩天天跑跳 was 您说的情况还不够具体 three times over, and the citizen ended at a hand-off."""
    slots, _, messages = validate(domain, text, "description")
    assert slots.get("description") == text, (slots, said(messages))


def test_a_kind_of_place_alone_is_no_place(live, domain):
    """宠物医院把我的猫治死了: filed with 地点：宠物医院 and never asked where."""
    slots, _, messages = validate(domain, "宠物医院把我的猫治死了", "description")
    assert slots.get("description") and not slots.get("address"), (slots, said(messages))
    slots, _, _ = validate(domain, "北京西站南广场有人拉客", "description")
    assert "北京西站" in (slots.get("address") or ""), slots


def test_no_water_at_a_place_of_no_name_is_more_of_the_problem(live, domain):
    """停水了怎么回事 → 我们小区一直没水 (asked where): 这个地点还不够具体."""
    slots, _, messages = validate(domain, "我们小区一直没水", "address", requested_slot="address",
                                  slots={"description": "停水了怎么回事"})
    assert "一直没水" in (slots.get("description") or "") and "retries" not in slots, (slots, said(messages))


def test_a_complaint_right_after_a_consultation_is_read_with_its_question(live, domain):
    """垃圾分类的规定是什么 (answered) → 那我们小区根本不分类: 您说的情况还不够具体, four times, and the citizen gave up."""
    slots, told = _after_consultation_in_form(domain, "那我们小区根本不分类", "垃圾分类的规定是什么", "市城市管理委（城管执法局）")
    assert slots.get("description") and "不分类" in slots["description"] and "垃圾分类" in slots["description"], (slots, told)


def test_a_time_with_what_happens_then_at_the_number_question_keeps_both(live, domain):
    """建议增加一条公交线路 → … → 早高峰太挤了 (asked for a number): 时间：早高峰太挤了."""
    slots, _, messages = validate(domain, "早高峰太挤了", "contact", requested_slot="contact",
                                  slots={"description": "建议增加一条公交线路", "address": "回龙观至西二旗"})
    assert slots.get("time") == "早高峰" and "太挤了" in (slots.get("description") or ""), (slots, said(messages))
    slots, _, _ = validate(domain, "每天晚上", "contact", requested_slot="contact",
                           slots={"description": "楼下烧烤店油烟太大", "address": "北京市朝阳区望京西园三区"})
    assert slots.get("time") == "每天晚上" and not slots.get("description"), slots


def test_cars_damaged_by_a_hole_are_no_breakdown_on_the_road(live, domain):
    """马路上有个大坑，好几辆车都颠坏了: 打开双闪…三角警示牌 (a breakdown's advice), then a category question."""
    from actions.safety import BREAKDOWN

    assert not BREAKDOWN.search("马路上有个大坑，好几辆车都颠坏了")
    assert BREAKDOWN.search("我的车坏在四环上了，好害怕")


def test_the_number_said_first_is_kept_and_the_problem_still_asked_for(live, domain):
    """我电话15012345678，我要投诉物业 was taken as the problem (the number made it specific), then 物业把小区绿地改成停车场了
    (asked where) as a place of no district, and the problem filed was 我电话尾号5678，我要投诉物业."""
    slots, _, messages = validate(domain, "我电话15012345678，我要投诉物业", "description")
    assert not slots.get("description") and slots.get("contact") == "15012345678", (slots, said(messages))
    assert "物业" in said(messages), said(messages)
    slots, _, messages = validate(domain, "物业把小区绿地改成停车场了", "address", requested_slot="address",
                                  slots={"description": "我要投诉物业"})
    assert "改成停车场" in (slots.get("description") or "") and not slots.get("place_piece"), (slots, said(messages))


def test_a_place_said_anew_after_the_read_back_keeps_the_district_read_back(live, domain):
    """地点：北京市丰台区南三环西路 read back → 等一下，地址改一下 → 是南三环西路和马家堡西路交叉口: 在哪个区？, and then 对
    was glued into the place."""
    from actions.form import ValidateComplaintForm

    read_back = "我确认一下：\n问题：马路上有个大坑\n地点：北京市丰台区南三环西路\n时间：前几天\n信息正确吗？"
    state = tracker_json(text="是南三环西路和马家堡西路交叉口", requested_slot="address",
                         set_now={"address": "是南三环西路和马家堡西路交叉口"},
                         slots={"description": "马路上有个大坑", "time": "前几天", "contact": "不留"})
    state["events"] = [{"event": "bot", "text": read_back}, {"event": "user", "text": "等一下，地址改一下"},
                       {"event": "bot", "text": "请问问题发生在哪里？请说一下区、街道、小区或道路名称。"}] + state["events"]
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert (slots.get("address") or "").startswith("北京市丰台区南三环西路和马家堡西路"), (slots, said(messages))


def test_hello_in_the_middle_of_a_complaint_is_no_fresh_start(live, domain):
    """我要反映噪音 → 楼下酒吧 → 你好？ (asked where): 您好，这里是北京12345…请问您要反映什么问题？"""
    from actions.actions import ActionGreet

    state = tracker_json(text="你好？", intent="greet", requested_slot="address",
                         slots={"description": "我要反映噪音，楼下酒吧"})
    _, _, messages = run(ActionGreet(), state, domain)
    assert "我在" in said(messages) and "utter_greet" not in said(messages), said(messages)
    state = tracker_json(text="你好", intent="greet", active_loop=None)
    assert "utter_greet" in said(run(ActionGreet(), state, domain)[2])


def test_where_one_works_said_after_a_consultation_is_no_complaint(live, domain):
    """公租房怎么申请 (answered) → 我在海淀工作，户口不在北京: a complaint opened, its place asked; 需要什么材料 then got
    市公安局海淀分局."""
    slots, told = _after_consultation_in_form(domain, "我在海淀工作，户口不在北京", "公租房怎么申请", "市住房城乡建设委")
    assert slots.get("form_outcome") == "cancelled" and "海淀区" in told, (slots, told)


def test_a_filler_draft_is_no_part_of_the_problem(live, domain):
    """有个事 → 就是那个 (不够具体) → 我们楼的电梯老是坏，上周还困人了: filed as 就是那个，我们楼的电梯…"""
    slots, _, messages = validate(domain, "我们楼的电梯老是坏，上周还困人了", "description", requested_slot="description",
                                  slots={"description_draft": "就是那个"})
    assert slots.get("description") == "我们楼的电梯老是坏，上周还困人了", (slots, said(messages))


def test_materials_asked_after_who_asks_keep_the_consultations_subject(live, domain):
    """公租房怎么申请 → 我在海淀工作，户口不在北京 (the district's office) → 需要什么材料: 市公安局海淀分局 (户口)."""
    from actions.actions import ActionAnswerConsultation

    answer = "这类问题一般由市住房城乡建设委负责解答。\n在北京申请公租房…\n具体办理以主管部门的规定为准。如果您是要反映问题…"
    office = "在海淀区，可以到海淀区政务服务中心…\n具体办理以主管部门的规定为准。如果您是要反映问题，请直接说说…"
    state = _after(tracker_json(text="需要什么材料", intent="consult", active_loop=None),
                   "公租房怎么申请", answer, "我在海淀工作，户口不在北京", office)
    _, _, messages = run(ActionAnswerConsultation(), state, domain)
    assert "公安" not in said(messages) and "公租房" in said(messages), said(messages)


def test_money_said_with_the_time_where_the_number_is_asked_joins_the_problem(live, domain):
    """这学期开学收的，每人800 (asked for a number) was read back as 时间：这学期开学收的，每人800."""
    slots, _, _ = validate(domain, "这学期开学收的，每人800", "contact", requested_slot="contact",
                           slots={"description": "学校乱收费", "address": "北京市朝阳区芳草地小学"})
    assert slots.get("time") == "这学期开学收的" and "每人800" in (slots.get("description") or ""), slots


def test_who_asks_read_as_out_of_scope_after_the_consultation_question_is_kept(live, domain):
    """我想咨询一下 → 请问您想咨询哪方面的政策？ → 我爸妈是外地的，来北京跟我住 (out of scope): 抱歉，这个问题我帮不上忙."""
    from actions.actions import ActionOutOfScope

    state = _after(tracker_json(text="我爸妈是外地的，来北京跟我住", intent="out_of_scope", active_loop=None),
                   "我想咨询一下", "好的。请问您想咨询哪方面的政策？请直接说出您的问题。")
    _, _, messages = run(ActionOutOfScope(), state, domain)
    assert "您的情况记下了" in said(messages) and "帮不上忙" not in said(messages), said(messages)


def test_a_second_problem_is_quoted_without_its_lead_and_comma(live, domain):
    """还有饭店的人占道摆桌子， (asked where) was offered after filing as “还有饭店的人占道摆桌子，”."""
    from actions.actions import _quoted_issue

    assert _quoted_issue("还有饭店的人占道摆桌子，") == "饭店的人占道摆桌子"
    assert _quoted_issue("另外，垃圾") == "另外，垃圾"   # too little left: as said


def test_the_number_refused_with_the_number_said_first_is_a_refusal(live, domain):
    """电话我就不留了 (asked for a number): 抱歉，没找到您刚才说的号码 (read as 电话我刚才给了)."""
    slots, _, messages = validate(domain, "电话我就不留了", "contact", requested_slot="contact",
                                  slots={"description": "房东不给开暖气", "address": "北京市通州区北苑"})
    assert slots.get("contact") == "不留" and "没找到" not in said(messages), (slots, said(messages))


def test_then_i_will_tell_it_is_no_part_of_the_problem(live, domain):
    """转人工 (no person here) → 好吧，那我说，小区里有人遛狗不拴绳: filed as 那我说，小区里有人遛狗不拴绳."""
    slots, _, _ = validate(domain, "好吧，那我说，小区里有人遛狗不拴绳", "description")
    assert slots.get("description") == "小区里有人遛狗不拴绳", slots


def test_how_much_said_at_the_number_question_joins_the_problem(live, domain):
    """…老板拖了两个月工资 → 一共九千块 (asked for a number): a silent 不留, and the sum lost."""
    slots, _, messages = validate(domain, "一共九千块", "contact", requested_slot="contact",
                                  slots={"description": "我在一家餐馆打工，老板拖了两个月工资", "address": "北京市西城区德外大街"})
    assert slots.get("contact") is None and "九千块" in (slots.get("description") or ""), (slots, said(messages))


@pytest.mark.parametrize("text", ["我是在职职工", "门诊呢"])
def test_a_qualifier_after_an_answer_with_no_more_to_say_is_answered_honestly(live, domain, text):
    """医保报销比例是多少 (answered with the unit) → 我是在职职工 / 门诊呢: 抱歉，我没有理解."""
    from actions.actions import ActionInformOutside

    answer = "这类问题一般由市医保局负责解答。\n具体办理以主管部门的规定为准，也可拨打医保服务热线12393咨询。如果您是要反映问题…"
    state = _after(tracker_json(text=text, intent="nlu_fallback", active_loop=None), "医保报销比例是多少", answer)
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert "市医保局" in said(messages) and "没有理解" not in said(messages) and "please_rephrase" not in said(messages), \
        said(messages)
