"""Someone hit by a vehicle now, or trapped after a crash (session 51: 刚才被车撞了，腿动不了 got 不够具体 from the
bot, 两辆车撞上了，有个人被卡在车里出不来 too): the danger 交通事故, 120 and 122 first, the traffic police's; a car
scraped, a tree knocked down, a fear, an accident told as past or in a letter are none."""

from __future__ import annotations

import pytest

from nlu.urgency import hazard


@pytest.mark.parametrize("text", [
    "我刚才在路边被一辆面包车撞了，腰疼得起不来",
    "送快递的三轮车撞了个老太太，人躺在地上",
    "一辆电动车把我儿子撞倒了，膝盖全是血，骑车的人跑了",
    "路口两辆车追尾了，司机卡在车里出不来",
    "我让一辆出租车给撞了，现在在马路边上",
])
def test_someone_hit_by_a_vehicle_now_is_a_traffic_accident(text):
    h = hazard(text)
    assert h is not None and h.kind == "交通事故", h
    assert all(n in h.advice for n in ("120", "122", "不要随意搬动", "车牌号")), h.advice


@pytest.mark.parametrize("text", [
    "我停在楼下的车被一辆渣土车刮了，对方不肯赔",        # a car, not a person
    "路边的路灯杆被车撞歪了，一直没人修",                # a thing
    "孩子每天过这个路口，我特别担心被车撞",              # a fear
    "这条路车开得那么快，早晚撞了人",                    # a fear
    "电动车撞了我的车就跑了",                            # a car
    "前年我被车撞了，到现在保险公司还没赔",              # past
    "上周我家老人被一辆外卖电动车撞了，医药费对方一直拖着",  # past, and its costs
    "尊敬的领导：我们小区门口这条路自从通车以来，已经有好几个孩子被飞驰而过的车辆撞伤，"
    "家长们每天接送都提心吊胆，多次反映也没人管，请求在路口设置红绿灯和减速带，"
    "学生上学放学的安全实在让人放心不下，恳请有关部门尽快解决。",  # a letter's story
])
def test_a_thing_hit_a_fear_or_a_past_accident_is_no_danger_now(text):
    h = hazard(text)
    assert h is None or h.kind != "交通事故", h


def test_a_screw_come_off_a_rusty_slide_is_no_falling_object():
    """小区里的儿童游乐设施都生锈了，有个滑梯上的螺丝都掉了 got 坠落坍塌's advice (锈了…掉了); a frame that sways is one."""
    assert hazard("小区的滑梯都生锈了，上面的螺丝都掉了好几个") is None
    assert hazard("健身器材的漆都掉了，锈得厉害") is None
    h = hazard("滑梯的铁架子锈了，晃得厉害，随时会倒")
    assert h is not None and h.kind == "坠落坍塌", h
