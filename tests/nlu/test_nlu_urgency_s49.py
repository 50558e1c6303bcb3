"""Session 49's own complaints: a danger told as last week's, or as a lift's habit, is no danger now."""
from __future__ import annotations

import pytest

from nlu.urgency import hazard


@pytest.mark.parametrize("text", [
    "我们楼的电梯老是出毛病，上个礼拜还困了一个老太太二十分钟，物业一直不修",
    "上个星期电梯把我困在里面半小时，到现在也没人来检修",
    "单元的电梯总是坏，有时候把人困在里面，物业说没钱",
])
def test_a_lift_that_trapped_someone_last_week_or_often_is_no_danger_now(text):
    found = hazard(text)
    assert found is None or found.kind != "电梯困人", (text, found)


@pytest.mark.parametrize("text", [
    "电梯卡在五楼了，我和孩子被困在里面",
    "上个礼拜就报修了，现在电梯又把人困住了",
])
def test_a_lift_trapping_someone_now_is_a_danger(text):
    found = hazard(text)
    assert found is not None and found.kind == "电梯困人", (text, found)


def test_a_fall_told_with_its_aftermath_is_no_danger_now():
    """单位发生了工伤事故，一个工人从脚手架上摔下来了，公司想私了 got 120's advice and 卫健委 first: the company's
    settling it says it is over; a worker lying still after a fall is a danger now."""
    assert hazard("单位出了工伤事故，有个工人从脚手架上摔下来了，老板想私了") is None
    found = hazard("工地上有个工人从脚手架上摔下来了，躺在地上不动")
    assert found is not None and found.kind == "急症中毒"


@pytest.mark.parametrize("text", ["我老公正在打我，打得很重，我要他赔医药费", "他还在打我，我要求赔偿"])
def test_an_aftermath_word_never_ends_a_persons_danger_from_another(text):
    """医药费 / 要求赔偿 tell a fall's aftermath; said by someone being beaten now, they end nothing."""
    found = hazard(text)
    assert found is not None and found.kind == "人身危险", (text, found)


def test_an_outer_walls_insulation_coming_off_is_a_danger_an_inner_walls_is_not():
    """外墙保温层大面积脱落，掉下来好几块，底下就是小区的路 was no danger; a data letter's new flat whose inner walls'
    insulation came off (墙壁大面积保温层起壳脱落) is a building's defect."""
    found = hazard("这栋楼的外墙保温层大面积脱落，已经掉下来好几块，底下就是小区的路")
    assert found is not None and found.kind == "坠落坍塌"
    assert hazard("新房装修好以后发现墙壁大面积保温层起壳脱落") is None
