"""Session 52: what whole conversations through the real stack (``jiesu run``) found, each as the action or the
form's step that went wrong."""
import pytest

from test_actions import run, said, tracker_json, validate


def test_a_question_answered_not_understood_never_joins_the_problem(live, domain):
    """地址要写多详细？ (没有理解) then 我们单元门口的路灯坏了一个月了: the question was filed as the problem's first words."""
    from actions.form import ValidateComplaintForm

    text = "我们单元门口的路灯坏了一个月了"
    state = tracker_json(text=text, requested_slot="description", set_now={"description": text})
    state["events"] = [{"event": "action", "name": "action_listen"}, {"event": "user", "text": "地址要写多详细？"},
                       {"event": "bot", "text": "抱歉，我没有理解您的意思，能换个说法吗？"}] + state["events"]
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert (slots.get("description") or "").startswith("我们单元门口"), (slots, said(messages))


@pytest.mark.parametrize("asked, words", [("地址要写多详细？", ("楼号", "门牌号")),
                                          ("需要提供什么信息", ("发生了什么事", "在哪里", "可留可不留"))])
def test_how_much_to_tell_is_answered_before_a_complaint(live, domain, asked, words):
    """地址要写多详细？ before any complaint got 抱歉，我没有理解."""
    from actions.actions import ActionInformOutside

    _, _, messages = run(ActionInformOutside(), tracker_json(text=asked, intent="nlu_fallback", active_loop=None), domain)
    assert all(w in said(messages) for w in words) and "没有理解" not in said(messages), said(messages)


def test_how_detailed_the_place_must_be_is_answered_where_the_place_is_asked(live, domain):
    slots, _, messages = validate(domain, "地址要写多详细？", "address", requested_slot="address",
                                  slots={"description": "单元门口的路灯坏了一个月了"})
    assert slots.get("address") is None and "门牌号" in said(messages), (slots, said(messages))
    assert "retries" not in slots, slots   # a question answered, no failed answer


def test_a_lead_in_saying_i_will_tell_it_is_not_the_problem(live, domain):
    """算了，我说吧，小区电梯老是停 (after asking for a person) was filed as 我说吧，小区电梯老是停."""
    slots, _, _ = validate(domain, "算了，我说吧，小区电梯老是停", "description")
    assert slots.get("description") == "小区电梯老是停", slots


def test_no_complaint_after_all_with_thanks_ends_the_form(live, domain):
    """我要投诉 → 不投诉了，谢谢: read as thanks it got 不客气 and the problem asked again; as an answer it was 不够具体."""
    from actions.actions import ActionThank

    _, events, messages = run(ActionThank(), tracker_json(text="不投诉了，谢谢", intent="thank",
                                                          requested_slot="description"), domain)
    assert any(e.get("event") == "active_loop" and e.get("name") is None for e in events), events
    assert "不客气" not in said(messages), said(messages)
    slots, _, messages = validate(domain, "不投诉了，谢谢", "description", requested_slot="description")
    assert slots.get("form_outcome") == "cancelled" and not slots.get("description_draft"), slots
    # a problem told with a lead-in that reads as one is no cancel
    slots, _, _ = validate(domain, "物业懒得管，楼道里的灯坏了半个月了", "description", requested_slot="description")
    assert slots.get("form_outcome") != "cancelled" and slots.get("description"), slots


@pytest.mark.parametrize("answer", ["这个供暖季一直这样", "从入冬就这样", "开始供暖以后就不热"])
def test_a_heating_season_said_at_the_phone_question_is_the_time(live, domain, answer):
    """这个供暖季一直这样 (asked for a number) was parked as a second problem and offered after filing."""
    slots, _, messages = validate(domain, answer, "contact", requested_slot="contact",
                                  slots={"description": "家里暖气不热，才十六度", "address": "北京市朝阳区林肯公园"})
    assert slots.get("time") and not slots.get("second_issue"), (slots, said(messages))


@pytest.mark.parametrize("asked", ["你们不是能定位吗？", "你们查不到我在哪吗"])
def test_the_place_expected_known_is_answered_honestly(live, domain, asked):
    """你们不是能定位吗？ where the place was asked got 这个问题我帮不上忙."""
    slots, _, messages = validate(domain, asked, "address", requested_slot="address",
                                  slots={"description": "楼下邻居家的狗天天叫"})
    assert "看不到您的位置" in said(messages) and "retries" not in slots, (slots, said(messages))


def _after_fraud_advice(text: str, intent: str = "inform", **kw):
    """A tracker whose bot said the anti-fraud advice the turn before ``text``."""
    from actions.safety import FRAUD_ADVICE, FRAUD_STAY

    state = tracker_json(text=text, intent=intent, **kw)
    scam = "有人打电话说我医保卡异常，让我往一个账户转钱"
    state["events"] = [{"event": "action", "name": "action_listen"},
                       {"event": "user", "text": scam, "parse_data": {"intent": {"name": "complain"}}},
                       {"event": "bot", "text": FRAUD_ADVICE + FRAUD_STAY}] + state["events"]
    return state


@pytest.mark.parametrize("text, first", [("还没转", "还没转钱就好"), ("好的，我挂了", "挂断就对了"),
                                         ("没下载，我挂了", "挂断就对了")])
def test_no_money_gone_after_the_scam_advice_gets_the_next_steps_not_the_advice_again(live, domain, text, first):
    """还没转 got the whole anti-fraud advice again; 好的，我挂了 (the scam's call) was read as a goodbye to the bot and
    the report dropped (本次反映没有提交，再见)."""
    from actions.actions import ActionInformOutside, ActionLeaveForm

    for action, intent in ((ActionInformOutside(), "nlu_fallback"), (ActionLeaveForm(), "goodbye")):
        state = _after_fraud_advice(text, intent=intent, requested_slot="address",
                                    slots={"description": "有人打电话说我医保卡异常，让我往一个账户转钱"})
        _, events, messages = run(action, state, domain)
        told = said(messages)
        assert told.startswith(first) and "拉黑" in told and "屏幕共享" not in told, (action, told)
        assert "没有提交" not in told and not any(e.get("event") == "active_loop" for e in events), (action, events)


def test_what_is_said_with_the_wish_to_file_after_the_scam_advice_joins_the_problem(live, domain):
    """那我要登记一下，号码是95开头的 got the whole advice again; with the wish heard, the number's start was lost."""
    from actions.actions import ActionInformOutside

    scam = "有人打电话说我医保卡异常，让我往一个账户转钱"
    state = _after_fraud_advice("那我要登记一下，号码是95开头的", intent="nlu_fallback", requested_slot="address",
                                slots={"description": scam})
    slots, _, messages = run(ActionInformOutside(), state, domain)
    assert slots.get("description") == scam + "，号码是95开头的", (slots, said(messages))
    assert "接着登记" in said(messages) and "屏幕共享" not in said(messages), said(messages)


def test_a_time_said_after_a_place_said_first_is_the_time_not_more_of_the_place(live, domain):
    """朝阳区 潘家园 (noted) → 刚才: the place became 北京市朝阳区潘家园刚才."""
    from actions.actions import ActionInformOutside

    place = "北京市朝阳区潘家园"
    state = tracker_json(text="刚才", intent="nlu_fallback", active_loop=None,
                         slots={"address": place, "noted_place": "朝阳区 潘家园"})
    state["events"] = [{"event": "user", "text": "朝阳区 潘家园", "parse_data": {"intent": {"name": "inform"}}},
                       {"event": "bot", "text": f"好的，地点记下了：{place}。请问在这里发生了什么问题？"}] + state["events"]
    slots, _, messages = run(ActionInformOutside(), state, domain)
    assert slots.get("time") == "刚才" and slots.get("address", place) == place, (slots, said(messages))
    assert "发生了什么问题" in said(messages), said(messages)


@pytest.mark.parametrize("answer, place", [
    ("公司在海淀区中关村大街的一个科技公司，叫星云科技", "星云科技公司"),
    ("东城区东四的一个饭馆，叫老王家", "老王家饭馆"),
])
def test_a_name_said_without_its_kind_word_is_the_places(live, domain, answer, place):
    """…的一个科技公司，叫星云科技 (asked where, for 单位不给交社保) was filed as 地点：北京市海淀区中关村大街, the company's name
    nowhere; …的一个饭馆，叫老王家 kept 东四的一个饭馆 and put 叫老王家 into the problem."""
    slots, _, messages = validate(domain, answer, "address", requested_slot="address",
                                  slots={"description": "我们单位不给交社保"})
    assert (slots.get("address") or "").endswith(place), (slots, said(messages))
    assert "叫" not in (slots.get("description") or ""), slots


@pytest.mark.parametrize("answer, description", [
    ("一开工就冒，白天黑夜都有", "俺们村口那个砖厂天天冒黑烟"),
    ("一下雨就这样", "小区门口的路积水很深"),
])
def test_when_it_happens_told_by_what_sets_it_off_joins_the_problem(live, domain, answer, description):
    """一开工就冒，白天黑夜都有 (asked for a number) was a failed answer, the number asked again without a word."""
    slots, _, messages = validate(domain, answer, "contact", requested_slot="contact",
                                  slots={"description": description, "address": "北京市房山区琉璃河镇路村"})
    assert answer in (slots.get("description") or "") and "retries" not in slots, (slots, said(messages))


def test_a_name_said_alone_at_the_read_back_joins_the_problem(live, domain):
    """店名叫好邻居 at the read-back was read as a yes (or not understood) and the name lost."""
    slots, _, messages = validate(domain, "店名叫好邻居", "confirmation", requested_slot="confirmation",
                                  slots={"description": "楼下小超市卖过期面包", "address": "北京市西城区德胜门外新康街",
                                         "contact": "不留"})
    assert slots.get("confirmation") is None and (slots.get("description") or "").endswith("店名叫好邻居"), slots


@pytest.mark.parametrize("text, kept", [
    ("12345吗？我要举报有人在小区里放高利贷", "我要举报有人在小区里放高利贷"),
    ("我家对面楼装了个大探照灯，整晚照着我家卧室", "我家对面楼装了个大探照灯，整晚照着我家卧室"),
])
def test_session_52s_told_problems_are_not_too_vague(live, domain, text, kept):
    """有人在小区里放高利贷 and a floodlight shining into a bedroom were 不够具体; 12345吗？ was kept in the problem."""
    slots, _, messages = validate(domain, text, "description")
    assert slots.get("description") == kept and "utter_description_vague" not in said(messages), (slots, said(messages))


def test_which_one_said_for_a_party_named_alone_is_asked_what_is_wrong_again(live, domain):
    """我想投诉一下医院 → 请说说医院具体有什么问题 → 朝阳医院: filed as the problem 我想投诉一下医院，朝阳医院; what happened,
    said next at the phone question, was lost."""
    from actions.form import ValidateComplaintForm

    state = tracker_json(text="朝阳医院", requested_slot="description", set_now={"description": "朝阳医院"},
                         slots={"description_draft": "我想投诉一下医院"})
    state["events"] = [{"event": "user", "text": "我想投诉一下医院"},
                       {"event": "bot", "text": "请说说医院具体有什么问题、是什么情况？"}] + state["events"]
    slots, _, messages = run(ValidateComplaintForm(), state, domain)
    assert slots.get("description") is None and "请说说朝阳医院具体有什么问题" in said(messages), (slots, said(messages))


def test_what_happened_with_how_long_it_took_said_at_the_phone_question_joins_the_problem(live, domain):
    """挂号排了三个小时，医生看了两分钟就把我打发了 (asked for a number) was a failed answer, the number asked again."""
    slots, _, messages = validate(domain, "挂号排了三个小时，医生看了两分钟就把我打发了", "contact", requested_slot="contact",
                                  slots={"description": "朝阳医院看病太难了", "address": "朝阳医院"})
    assert "打发" in (slots.get("description") or "") and not slots.get("second_issue"), (slots, said(messages))


def test_this_term_at_the_phone_question_is_the_time_not_no_number(live, domain):
    """这学期 (asked for a number) was taken as 不留 and the read-back came without a time."""
    slots, _, messages = validate(domain, "这学期", "contact", requested_slot="contact",
                                  slots={"description": "孩子学校的食堂饭菜太差了，还很贵", "address": "北京市海淀区中关村二小"})
    assert slots.get("time") == "这学期" and slots.get("contact") is None, (slots, said(messages))


def test_a_subway_line_said_with_its_station_is_the_place_not_the_time(live, domain):
    """10号线 国贸站 (asked where) was filed with 时间：10号线; 下班高峰 at the phone question was taken as 不留."""
    slots, _, messages = validate(domain, "10号线 国贸站", "address", requested_slot="address",
                                  slots={"description": "地铁里有人卖艺乞讨，声音特别大"})
    assert "国贸站" in (slots.get("address") or "") and not slots.get("time"), (slots, said(messages))
    slots, _, messages = validate(domain, "下班高峰", "contact", requested_slot="contact",
                                  slots={"description": "地铁里有人卖艺乞讨，声音特别大", "address": "北京市朝阳区国贸站"})
    assert slots.get("time") == "下班高峰" and slots.get("contact") is None, (slots, said(messages))


def _after_consultation(domain, text: str, asked: str, unit: str, *between: str) -> str:
    """What the question-answering action says to ``text`` right after the answer to ``asked`` (from ``unit``), with
    ``between`` (the citizen's, then the bot's) in between; the messages joined."""
    from actions.actions import ActionInformOutside
    from actions.answers import _basic_path

    answer = f"这类问题一般由{unit}负责解答。\n{_basic_path(asked)}\n具体办理以主管部门的规定为准。如果您是要反映问题…"
    state = tracker_json(text=text, intent="nlu_fallback", active_loop=None)
    turns = [{"event": "user", "text": asked}, {"event": "bot", "text": answer}]
    for i, t in enumerate(between):
        turns.append({"event": "user" if i % 2 == 0 else "bot", "text": t})
    state["events"] = turns + state["events"]
    return said(run(ActionInformOutside(), state, domain)[2])

def test_a_qualifier_right_after_a_consultation_gets_that_part_of_the_answer_again(live, domain):
    """孩子上小学要准备什么材料 (answered, 非京籍 included) → 非京籍的: 抱歉，我没有理解."""
    asked = "我想咨询一下，孩子上小学要准备什么材料"
    told = _after_consultation(domain, "非京籍的", asked, "市教委")
    assert told.startswith("非京籍的情况") and "五证" in told and "没有理解" not in told, told
    # a qualifier the answer says nothing of is not made up
    told = _after_consultation(domain, "外国籍的", asked, "市教委")
    assert "外国籍的情况" not in told, told


def test_when_asked_right_after_a_consultation_gets_the_part_that_says_when(live, domain):
    """那什么时候报名 after the school enrolment's answer (一般每年春季（4–5月）…) got 抱歉，我没有理解."""
    told = _after_consultation(domain, "那什么时候报名", "我想咨询一下，孩子上小学要准备什么材料", "市教委")
    assert "4–5月" in told and "没有理解" not in told, told


@pytest.mark.parametrize("answer", ["网上点的", "在美团上点的外卖"])
def test_ordered_online_said_alone_is_no_place_and_no_time(live, domain, answer):
    """网上点的 (a delivery's order, asked where) was filed as 时间：网上点的 and the place asked again."""
    slots, _, messages = validate(domain, answer, "address", requested_slot="address",
                                  slots={"description": "外卖员把我的餐送错了还不承认"})
    assert slots.get("address") == "网络购物（无实体地点）" and not slots.get("time"), (slots, said(messages))


def test_a_long_time_at_the_phone_question_is_the_time(live, domain):
    """好久了 (asked for a number) got 抱歉，我没有理解."""
    slots, _, messages = validate(domain, "好久了", "contact", requested_slot="contact",
                                  slots={"description": "小区里的健身器材坏了好几个", "address": "北京市海淀区万寿路翠微路2号院"})
    assert slots.get("time") == "好久了", (slots, said(messages))


def test_english_again_after_the_english_note_gets_one_short_line(live, domain):
    """The street light… → the note; Chaylang District, Sanlitun → the Chinese ask and the whole note again, reversed."""
    from actions.actions import ActionInformOutside
    from actions.form import ENGLISH_NOTE

    state = tracker_json(text="Chaoyang District, Sanlitun", intent="nlu_fallback", active_loop=None)
    state["events"] = [{"event": "user", "text": "The street light outside my building is broken"},
                       {"event": "bot", "text": ENGLISH_NOTE}] + state["events"]
    _, _, messages = run(ActionInformOutside(), state, domain)
    assert len(messages) == 1 and "12345 hotline" in said(messages) and ENGLISH_NOTE not in said(messages), messages
    from actions.form import ValidateComplaintForm

    text = "Chaoyang District, Sanlitun"
    state = tracker_json(text=text, requested_slot="description", set_now={"description": text})
    state["events"] = [{"event": "user", "text": "The street light outside my building is broken"},
                       {"event": "bot", "text": ENGLISH_NOTE}] + state["events"]
    _, _, messages = run(ValidateComplaintForm(), state, domain)
    assert len(messages) == 1 and "12345 hotline" in said(messages) and ENGLISH_NOTE not in said(messages), messages


def test_a_leak_from_upstairs_in_four_characters_is_a_problem_told(live, domain):
    """楼上漏水 got 不够具体 (then 转人工 filed it as a hand-off)."""
    slots, _, messages = validate(domain, "楼上漏水", "description")
    assert slots.get("description") == "楼上漏水" and "utter_description_vague" not in said(messages), said(messages)


def test_a_letters_greeting_to_the_leaders_is_no_part_of_the_problem(live, domain):
    slots, _, _ = validate(domain, "领导您好，我们小区的供暖从本月初开始就一直不达标，室内温度只有十四五度", "description")
    assert (slots.get("description") or slots.get("description_draft") or "").startswith("我们小区的供暖"), slots


def test_whether_the_place_must_be_said_is_answered(live, domain):
    """单位在哪还要说吗？ got 这个地点还不够具体, a failed answer."""
    slots, _, messages = validate(domain, "单位在哪还要说吗？", "address", requested_slot="address",
                                  slots={"description": "我们单位的食堂卫生太差了，碗都没洗干净"})
    assert said(messages).startswith("要的") and "retries" not in slots, (slots, said(messages))


def test_a_plate_said_where_the_place_is_asked_joins_the_problem(live, domain):
    """车牌号京B8H123 (asked where) was filed as the time."""
    slots, _, messages = validate(domain, "车牌号京B8H123", "address", requested_slot="address",
                                  slots={"description": "我想投诉一个出租车司机绕路"})
    assert "京B8H123" in (slots.get("description") or "") and not slots.get("time"), (slots, said(messages))


def test_a_rides_way_with_more_said_is_the_place_and_the_rest_the_problem(live, domain):
    """从北京站到天坛，平时二十块，他收了五十 was 地点：北京市东城区从北京站, 到天坛 put into the problem."""
    slots, _, messages = validate(domain, "从北京站到天坛，平时二十块，他收了五十", "address", requested_slot="address",
                                  slots={"description": "我想投诉一个出租车司机绕路"})
    assert slots.get("address") == "北京站至天坛", slots
    assert slots.get("description") == "我想投诉一个出租车司机绕路，平时二十块，他收了五十", slots


@pytest.mark.parametrize("slot", ["contact", "confirmation"])
def test_one_name_put_for_another_in_the_place_replaces_it(live, domain, slot):
    """不对，是亦庄镇不是旧宫 was filed as 地点：北京市大兴区亦庄镇不是旧宫, the 小区 lost."""
    slots, _, messages = validate(domain, "不对，是亦庄镇不是旧宫", slot, requested_slot=slot,
                                  slots={"description": "小区里有人遛狗不拴绳", "address": "北京市大兴区旧宫德茂庄园",
                                         **({"contact": "不留"} if slot == "confirmation" else {})})
    assert slots.get("address") == "北京市大兴区亦庄镇德茂庄园", (slots, said(messages))


def test_the_question_said_back_then_the_time_at_the_phone_question_is_the_time(live, domain):
    """啥时候？一直锁着 (asked for a number) got the answer about how long handling takes; 一直锁着 was lost."""
    slots, _, messages = validate(domain, "啥时候？一直锁着", "contact", requested_slot="contact",
                                  slots={"description": "物业把消防通道锁了", "address": "北京市通州区梨园云景东里"})
    assert slots.get("time") == "一直锁着" and "时限" not in said(messages), (slots, said(messages))


def test_a_date_and_what_happened_on_it_at_the_phone_question_is_the_time(live, domain):
    """12月3号关的门 (asked for a number) was filed as the place 北京市朝阳区12月3号关的门."""
    slots, _, messages = validate(domain, "12月3号关的门", "contact", requested_slot="contact",
                                  slots={"description": "健身房关门了，卡里还有五千块钱退不了",
                                         "address": "北京市朝阳区双井富力广场"})
    assert slots.get("time") == "12月3号关的门" and not slots.get("address"), (slots, said(messages))


def test_whether_they_will_be_told_who_reported_is_answered(live, domain):
    """你们会告诉他是我举报的吗 at the phone question got 帮不上忙 (out of scope), then 没法确切答复."""
    from actions.actions import ActionOutOfScope

    slots, _, messages = validate(domain, "你们会告诉他是我举报的吗", "contact", requested_slot="contact",
                                  slots={"description": "邻居在公共楼道里放了个大鞋柜", "address": "北京市西城区展览路"})
    assert "不会告诉被反映的一方" in said(messages), said(messages)
    _, _, messages = run(ActionOutOfScope(), tracker_json(text="你们会告诉他是我举报的吗", intent="out_of_scope",
                                                          requested_slot="contact"), domain)
    assert "不会告诉被反映的一方" in said(messages) and "帮不上忙" not in said(messages), said(messages)


def test_a_week_gone_said_after_the_status_is_urging_not_goodbye(live, domain):
    """都一个礼拜了 after a case's status (read as goodbye) got 感谢您使用…再见."""
    from actions.actions import ActionGoodbye
    from actions.common import STATUS_SAID

    state = tracker_json(text="都一个礼拜了", intent="goodbye", active_loop=None)
    state["events"] = [{"event": "user", "text": "263380"},
                       {"event": "bot", "text": f"工单 JS20261207-000040 {STATUS_SAID}已受理"}] + state["events"]
    _, _, messages = run(ActionGoodbye(), state, domain)
    assert "抱歉让您久等" in said(messages) and "再见" not in said(messages), said(messages)


def test_land_taken_to_build_on_is_a_problem_told(live, domain):
    """俺寻思着问问，俺家地让人占了盖了个厂子，咋弄 got 不够具体."""
    slots, _, messages = validate(domain, "俺寻思着问问，俺家地让人占了盖了个厂子，咋弄", "description")
    assert slots.get("description") and "utter_description_vague" not in said(messages), said(messages)


def test_a_health_centre_said_at_the_phone_question_is_the_place(live, domain):
    """通州区 玉桥 社区卫生服务中心 (asked for a number) joined the problem as 通州区，玉桥，社区卫生服务中心 (卫生 read as a
    problem), the place left as 社区医院; said at the place question it was cut to 玉桥社区."""
    for answer in ("通州区 玉桥 社区卫生服务中心", "通州区，玉桥，社区卫生服务中心"):   # (the pauses reach the form as commas)
        slots, _, messages = validate(domain, answer, "contact", requested_slot="contact",
                                      slots={"description": "我家孩子发烧了，社区医院不给看", "address": "社区医院"})
        assert slots.get("address") == "北京市通州区玉桥社区卫生服务中心", (answer, slots, said(messages))
    slots, _, _ = validate(domain, "通州区玉桥社区卫生服务中心", "address", requested_slot="address",
                           slots={"description": "我家孩子发烧了，社区医院不给看"})
    assert slots.get("address") == "北京市通州区玉桥社区卫生服务中心", slots


def test_a_fear_of_revenge_with_no_number_is_heard(live, domain):
    """我不想留电话，他们会报复我 got only 好的，不留电话."""
    slots, _, messages = validate(domain, "我不想留电话，他们会报复我", "contact", requested_slot="contact",
                                  slots={"description": "理发店放音乐", "address": "北京市丰台区马家堡嘉园一里"})
    assert slots.get("contact") == "不留" and "保密" in said(messages), (slots, said(messages))


def test_a_bus_line_said_alone_about_a_bus_is_the_place(live, domain):
    """特8路 (asked where, about a bus driver) got 请问“特8路”在哪个区, and the time said next was glued into the place
    (北京市西城区特8路今天早上八点多在西直门附近)."""
    slots, _, messages = validate(domain, "特8路", "address", requested_slot="address",
                                  slots={"description": "公交车司机开车太猛，急刹车把老人摔倒了"})
    assert slots.get("address") == "特8路公交车上" and "哪个区" not in said(messages), (slots, said(messages))


def test_all_year_round_at_the_phone_question_is_the_time(live, domain):
    """常年都这样 (asked for a number) was taken as 不留 and the read-back came without a time."""
    slots, _, messages = validate(domain, "常年都这样", "contact", requested_slot="contact",
                                  slots={"description": "楼下的垃圾站臭气熏天", "address": "北京市海淀区北太平庄志强北园"})
    assert slots.get("time") == "常年都这样" and slots.get("contact") is None, (slots, said(messages))


def test_where_asked_after_a_missed_turn_following_a_consultation_gets_where(live, domain):
    """居住证怎么办理 (answered) → 我是外地的，在北京工作 (没有理解) → 在哪办: 没有理解 again."""
    told = _after_consultation(domain, "在哪办", "我要咨询一下居住证怎么办理", "市公安局",
                               "我是外地的，在北京工作", "抱歉，我没有理解。您可以直接描述遇到的问题…")
    assert "派出所" in told and "没有理解" not in told, told


@pytest.mark.parametrize("asked", ["请问12345的工作时间是几点到几点", "你们晚上有人吗"])
def test_when_the_hotline_answers_is_answered(live, domain, asked):
    """请问12345的工作时间是几点到几点 got 抱歉，我没有理解."""
    from actions.actions import ActionInformOutside

    _, _, messages = run(ActionInformOutside(), tracker_json(text=asked, intent="nlu_fallback", active_loop=None), domain)
    assert "24小时" in said(messages) and "没有理解" not in said(messages), said(messages)


@pytest.mark.parametrize("text", ["路边停了一辆车，好几个月没动过，轮胎都瘪了", "昨晚有人在我们楼下打架，还动了刀"])
def test_a_car_left_for_months_and_a_fight_are_problems_told(live, domain, text):
    """Both got 不够具体 (session 52's conversations)."""
    slots, _, messages = validate(domain, text, "description")
    assert slots.get("description") and "utter_description_vague" not in said(messages), said(messages)


def test_how_long_said_after_the_place_where_the_problem_is_asked_again_is_the_time(live, domain):
    """…某小区门口 (noted, 请再说说具体发生了什么问题) → 好几个月了: glued into the place."""
    slots, _, messages = validate(domain, "好几个月了", "description", requested_slot="description",
                                  slots={"description_draft": "路边停了一辆车", "address": "北京市海淀区清华东路某小区门口"})
    assert slots.get("time") == "好几个月了" and not slots.get("address"), (slots, said(messages))


def test_the_partys_name_not_known_is_answered(live, domain):
    """不知道叫什么 (asked for a number, read as out of scope) got 帮不上忙."""
    from actions.actions import ActionOutOfScope

    _, _, messages = run(ActionOutOfScope(), tracker_json(text="不知道叫什么", intent="out_of_scope",
                                                          requested_slot="contact",
                                                          slots={"description": "我要举报一家黑诊所，给人打针输液"}), domain)
    assert "不知道名字也能登记" in said(messages) and "帮不上忙" not in said(messages), said(messages)


def test_already_reported_to_the_police_at_the_phone_question_joins_the_problem(live, domain):
    """已经报警了 (asked for a number) was taken as 不留."""
    slots, _, messages = validate(domain, "已经报警了", "contact", requested_slot="contact",
                                  slots={"description": "昨晚有人在我们楼下打架，还动了刀", "address": "北京市朝阳区三里屯"})
    assert "已经报警了" in (slots.get("description") or "") and slots.get("contact") is None, (slots, said(messages))


def test_an_answer_with_a_check_in_it_read_as_a_progress_query_is_the_forms(live, domain):
    """检查时发现的 (asked for a number) was read as a progress query (查) and got 请告诉我您的工单编号."""
    from actions.actions import ActionCheckProgress

    state = tracker_json(text="检查时发现的", intent="ask_progress", requested_slot="contact",
                         slots={"description": "小区的消防栓没水", "address": "北京市朝阳区管庄杨闸环岛某小区"})
    slots, _, messages = run(ActionCheckProgress(), state, domain)
    assert "工单编号" not in said(messages), said(messages)
    assert "检查时发现的" in (slots.get("description") or ""), (slots, said(messages))
