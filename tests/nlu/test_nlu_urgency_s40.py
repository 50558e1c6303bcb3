"""A structure in a bad state now over where people pass is a danger now, though told with 昨天 and 万一
(an operator tester's R2: a rusted billboard swaying over a bus stop was not flagged); the same words with
nobody beneath, or a state that was, are none."""

from __future__ import annotations

import pytest

from nlu.urgency import hazard


@pytest.mark.parametrize("text", [
    "石景山区鲁谷路上有个楼顶的大广告牌，铁架子锈得厉害，昨天刮大风一直在晃，底下就是公交站，万一掉下来砸着人怎么办，赶紧来看看吧！",
    "我们楼的空调外机架子锈穿了，下面就是小区门口，天天有人走",
    "路口那根电线杆倾斜了，底下就是学校门口，孩子们每天从那过",
    "商场外墙的玻璃松动了，万一掉下来砸到人怎么办",
    # a citizen tester's (tester51 C2): over a bus stop said first, people beneath said as 等车的人
    "西直门公交站上面那个大广告牌锈得厉害，今天风大一直在晃，底下全是等车的人",
])
def test_urgency_s40_a_structure_failing_over_people_is_a_danger_now(text):
    h = hazard(text)
    assert h is not None and h.kind == "坠落坍塌" and "远离" in h.advice, (text, h)


@pytest.mark.parametrize("text", [
    "小区健身器材锈得厉害，也没人维护",           # no structure over anyone
    "楼顶广告牌的铁架子锈得厉害，影响市容",         # a state, nobody beneath it named
    "去年广告牌倾斜过，已经修好了，底下是公交站",    # over
    "广告牌太亮了，晚上照得睡不着",
])
def test_urgency_s40_no_danger_without_people_beneath_or_when_over(text):
    assert hazard(text) is None, (text, hazard(text))


@pytest.mark.parametrize("text", [
    "超市停车场有辆车里锁着个小孩 在哭 大人不知道去哪了 太阳晒着呢",   # tester51 C1: three form questions, 交通委
    "小区门口一辆车里反锁着一个婴儿，家长不在",
    "有个小孩被锁在车里了，一直在拍窗户",
])
def test_urgency_s40_a_child_locked_in_a_car_is_a_danger_now(text):
    h = hazard(text)
    assert h is not None and h.kind == "人身危险" and "110" in h.advice and "车窗" in h.advice, (text, h)


@pytest.mark.parametrize("text", ["车里堆满了杂物，占了两个车位", "孩子上学的校车里太挤了", "把车锁好再走"])
def test_urgency_s40_cars_without_a_child_locked_in_are_no_danger(text):
    assert hazard(text) is None, (text, hazard(text))


@pytest.mark.parametrize("text", ["河里有人 好像掉下去了 在扑腾", "快来人啊 有个人在河里扑腾 好像不会游泳",
                                  "水库里有个人在呼救"])
def test_someone_struggling_in_the_water_is_in_danger(text):
    """tester53 D1: only 落水 / 跳河 / 掉河里 were read; 在河里扑腾 got 还不够具体."""
    h = hazard(text)
    assert h is not None and h.kind == "人身危险" and "落水" in h.advice


@pytest.mark.parametrize("text", ["河里有人钓鱼，天天占着", "孩子们在河里游泳，挺危险的"])
def test_people_in_the_water_are_no_danger_by_themselves(text):
    assert hazard(text) is None


def test_what_happened_before_as_the_bot_files_it_is_no_danger_now():
    """The bot files the matter told after a rescue with the danger as 此前 (护栏有个缺口（此前：有人掉河里了…，已报警处理）):
    no urgent case, no "还没打的，请马上拨打110" at filing."""
    assert hazard("护栏有个缺口（此前：有人掉河里了！！在亮马河这边，已报警处理）") is None
    assert hazard("有人掉河里了！！在亮马河这边") is not None
