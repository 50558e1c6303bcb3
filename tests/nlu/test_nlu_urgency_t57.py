"""Dangers now the fifty-seventh tester's citizens told in a few words (tester57 F1, F2): violence at home
(我老公打我, 他在外面踹门, 被我丈夫打了, 他刚才打了我, 家暴 我现在在厕所), a child outside a window high up; and
the 重点件 of a home on an oxygen machine in a power cut, a small child beaten next door every day."""

from __future__ import annotations

import pytest

from nlu.priority import priority
from nlu.urgency import hazard


@pytest.mark.parametrize("text", [
    "我老公打我",
    "我男朋友 他要打我",
    "家暴 我现在在厕所 他会听到我打电话",
    "家暴",
    "他在外面踹门 我不敢出声 打不了电话",
    "我被我丈夫打了 现在在家 他就在外面 我不敢报警",
    "他刚才打了我 我脸上都是血 我不敢出声",
    "我老公在外面发疯 砸门",
    "我想问一下 被家暴了可以找你们吗 我现在不方便打电话 他在家",
])
def test_t57_violence_at_home_in_a_few_words(text):
    found = hazard(text)
    assert found and found.kind == "人身危险", (text, found)


@pytest.mark.parametrize("text", [
    "对面楼有个小孩站在窗台外边 好像家里没大人 6楼",
    "小孩要掉下来了 快点啊",
    "楼上有个孩子爬到阳台护栏外面了",
])
def test_t57_a_child_outside_a_window_is_for_110_and_119(text):
    found = hazard(text)
    assert found and found.kind == "人身危险" and "110和119" in found.advice and "惊吓" in found.advice, (text, found)


@pytest.mark.parametrize("text", [
    "去年我姐姐遭受家暴，妇联一直没有回复",         # past, about a service
    "广告牌要掉下来了",                              # an object: the falling-object advice
    "窗台上的花盆快掉下来了",
    "我老公打牌天天不回家",                          # no violence
    "以前我老公打我，现在离婚了，想问抚养费",
])
def test_t57_not_violence_or_a_child_at_a_window(text):
    found = hazard(text)
    assert not found or found.kind != "人身危险", (text, found)


@pytest.mark.parametrize("text, kind", [
    ("我们家停电了，整个楼都黑了，打了，说在抢修，没说几点来电，家里有个老人要用制氧机", "停电危及用氧"),
    ("突然断电了 我爸在家用呼吸机", "停电危及用氧"),
    ("对门邻居天天打孩子 孩子哭得撕心裂肺的 今天又打了 我听着都害怕", "儿童疑似受虐"),
    ("楼上那家经常虐待孩子", "儿童疑似受虐"),
])
def test_t57_priority_kinds(text, kind):
    found = priority(text)
    assert found and found.kind == kind, (text, found)


@pytest.mark.parametrize("text", [
    "我们小区老停电，物业也不管",
    "家里老人要用制氧机，想问医保能不能报销",      # no power cut
    "孩子在幼儿园天天被老师打",                    # the teacher's: the bot's own advice, not this
    "孩子天天打游戏不写作业",
])
def test_t57_not_priority(text):
    found = priority(text)
    assert not found or found.kind not in ("停电危及用氧", "儿童疑似受虐"), (text, found)


def test_tester59_g6_a_neighbour_hears_an_adult_beating_a_child():
    """tester59 G6: 隔壁邻居家大人打孩子 打得可狠了 听见孩子哭着说别打了 was no 重点件; a teacher's is the school's."""
    from nlu.priority import priority

    found = priority("隔壁邻居家大人打孩子 打得可狠了 听见孩子哭着说别打了 我该怎么办")
    assert found is not None and found.kind == "儿童疑似受虐"
    assert priority("家长打孩子是家务事吗") is None
    assert priority("老师打孩子 打得可狠了") is None
