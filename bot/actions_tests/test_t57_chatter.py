"""Session 43: tester57 F13, chatter and meta-talk in the filed case's text; details dropped."""

from __future__ import annotations

from test_actions import said, validate


def test_t57_chatter_is_no_part_of_the_problem(live, domain):
    """tester57 F13: 闺女 我是老头子 不会弄这个 …, 我刚说了啊 …, 我没记编号 …, 第一个是… were filed word for word."""
    for text, kept, gone in (
            ("闺女 我是老头子 不会弄这个 我们家暖气不热 冻死了", "暖气不热", ("闺女", "老头子", "不会弄")),
            ("我没记编号 是打电话反映的 就是我们楼下那个饭馆油烟的事", "饭馆油烟", ("编号",)),
            ("第一个是我们楼下的烧烤店油烟太大 第二个是他们晚上占道摆桌子吵到一两点", "烧烤店油烟太大", ("第一个",))):
        slots, _, _ = validate(domain, text, "description", requested_slot=None)
        assert kept in slots["description"] and not any(g in slots["description"] for g in gone), slots
    slots, _, _ = validate(domain, "我刚说了啊 进京检查站排队两个小时 能不能多开几个通道", "description",
                           requested_slot="description", slots={"address": "北京市通州区白庙检查站"})
    assert slots["description"].startswith("进京检查站排队两个小时"), slots


def test_t57_chatter_said_where_the_place_was_asked_is_not_added(live, domain):
    """tester57 F13: 我也说不好 / 我没有编号啊 我是问还要不要在你这登记 / 外卖还要说地方啊 / 车上啊, said where the place
    was asked, joined the problem."""
    for description, text in (
            ("我们家暖气不热，冻死了", "我也说不好 就是那个和平里 挨着医院那个楼 我家几号楼我记不住了"),
            ("楼道里一股煤气味，特别冲", "我没有编号啊 我是问还要不要在你这登记"),
            ("在外卖上点的麻辣烫吃出了一根头发还有虫子，吃完拉肚子", "外卖还要说地方啊 那家店在怀柔 青春路"),
            ("300路公交车司机态度太差了，骂人", "车上啊 昨天下午 在西直门那站")):
        slots, _, messages = validate(domain, text, "address", requested_slot="address",
                                      slots={"description": description, "description_draft": description})
        got = slots.get("description") or description
        assert not any(w in got for w in ("说不好", "编号", "登记", "说地方", "车上")), (slots, said(messages))
        assert got.startswith(description), slots


def test_t57_a_wish_to_stay_unnamed_stays_for_the_operator(live, domain):
    """tester57 F13 listed 我不想留名字和电话 怕被穿小鞋 in the text: the wish is kept there on purpose (the handling unit
    reads it, beside 备注：对您的身份保密); the talk around it goes."""
    slots, _, messages = validate(domain, "闺女 我要举报 我们单位不给交社保 我不想留名字和电话 怕被穿小鞋", "description",
                                  requested_slot=None)
    assert "闺女" not in slots["description"] and "不想留名字和电话" in slots["description"], slots
    assert "匿名" in said(messages) or "保密" in said(messages)


def test_t57_without_chatter_keeps_the_facts():
    from actions.common import _without_chatter

    assert _without_chatter("公司拖欠我上个月工资，地址不对，鼎盛电子，欠了八千") == "公司拖欠我上个月工资，鼎盛电子，欠了八千"
    assert _without_chatter("我说了他们晚上不让睡觉") == "我说了他们晚上不让睡觉"   # no clause of its own
    assert _without_chatter("钱包丢在车上了，司机不还") == "钱包丢在车上了，司机不还"
    assert _without_chatter("说不好") == "说不好"   # nothing else: as said


def test_t57_a_detail_said_with_the_yes_is_added_and_read_back(live, domain):
    """tester57 F13 (c29, c30): 对 店名叫张亮麻辣烫 / 对 是中通快递 at the read-back: the shop and the courier were
    dropped (the case filed without them, or the yes asked for again)."""
    for description, text, added in (
            ("在外卖上点的麻辣烫吃出了一根头发还有虫子，吃完拉肚子", "对 店名叫张亮麻辣烫", "店名叫张亮麻辣烫"),
            ("快递员不送上门，直接放驿站，还不打电话，我家老人拿不了", "对 是中通快递", "中通快递")):
        known = {"description": description, "description_draft": description, "address": "北京市怀柔区青春路",
                 "contact": "不留", "complaint_category": "商贸旅游", "time_needed": False}
        slots, _, messages = validate(domain, text, "confirmation", value=True, requested_slot="confirmation",
                                      slots=known)
        assert slots.get("confirmation") is not True and slots["description"] == f"{description}，{added}", \
            (slots, said(messages))
    # a plain yes, a yes with thanks, a yes with a question: filed as before
    for text in ("对", "对 谢谢你啊", "对的 麻烦快点"):
        slots, _, _ = validate(domain, text, "confirmation", value=True, requested_slot="confirmation",
                               slots={"description": "楼道灯坏了好几天了", "address": "北京市东城区和平里"})
        assert slots.get("confirmation") is True and "description" not in slots, slots


def test_t57_a_title_said_in_one_breath_ends_before_its_next_part():
    """tester57 F13 (c57, voice input without punctuation): the title was cut mid-phrase (…然后那个门禁)."""
    from actions.common import _title

    text = "我想反映一下就是我们那个小区啊物业费年年涨今年又涨了还不公示账目然后那个门禁也坏了好几个月了外人随便进出"
    assert _title(text) == "我们那个小区啊物业费年年涨今年又涨了还不公示账目"
    # a pause in the second half still ends it there
    assert _title("小区物业费年年涨今年又涨了还不公示账目，然后门禁也坏了好几个月了外人随便进出") == "小区物业费年年涨今年又涨了还不公示账目"


def test_t57_the_second_problems_hours_are_not_the_firsts(live, domain):
    """tester57 F13 (c13): 第一个是…烧烤店油烟太大 第二个是他们晚上占道摆桌子吵到一两点, then 我不是说了吗 晚上到一两点
    asked when: the fume case was filed with 发生时间：晚上到一两点, the noise's hours."""
    known = {"description": "我们楼下的烧烤店油烟太大", "description_draft": "我们楼下的烧烤店油烟太大",
             "second_issue": "他们晚上占道摆桌子吵到一两点", "address": "北京市西城区德胜门外新康街",
             "complaint_category": "环境保护", "time_needed": True}
    slots, _, messages = validate(domain, "我不是说了吗 晚上到一两点", "time", requested_slot="time", slots=known)
    assert not slots.get("time") and slots.get("time_needed") is False and "另一件事" in said(messages), slots
    # hours of its own are the first problem's
    slots, _, _ = validate(domain, "每天晚上六点到九点", "time", requested_slot="time", slots=known)
    assert slots.get("time"), slots


def test_t57_the_problem_named_again_at_the_category_question_is_not_added(live, domain):
    """tester57 F13 (c78): 都不是 是号贩子 倒号的 asked which reading: filed as …一个号卖到五百，号贩子，倒号的."""
    d = "协和医院门口全是号贩子，一个号卖到五百"
    slots, _, messages = validate(domain, "都不是 是号贩子 倒号的", "category_choice", requested_slot="category_choice",
                                  slots={"description": d, "description_draft": d,
                                         "category_candidates": ["商贸旅游", "卫生健康"]})
    assert slots.get("description") in (None, d), (slots, said(messages))
