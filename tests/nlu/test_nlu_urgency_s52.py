"""Someone missing, said without 走丢 (session 52: 我老伴儿出去遛弯到现在还没回来，他有老年痴呆 got 不够具体 from the bot):
110 at once, with what to tell the police; a job, a pension or a parcel not come are none."""

from __future__ import annotations

import pytest

from nlu.urgency import hazard


@pytest.mark.parametrize("text", [
    "我老伴儿出去遛弯到现在还没回来，他有老年痴呆",
    "孩子放学到现在都没回家，打电话也不接",
    "我爸有老年痴呆，早上出门就找不到了",
    "老人走丢了，有老年痴呆，穿蓝色外套",
])
def test_someone_missing_gets_110_and_what_to_tell(text):
    h = hazard(text)
    assert h is not None and h.kind == "人身危险", h
    assert all(w in h.advice for w in ("110", "不用等满24小时", "衣着")), h.advice


@pytest.mark.parametrize("text", [
    "我儿子毕业一年了到现在还没找到工作",
    "我妈的退休金到现在还没到账",
    "老人的养老金一直没有到账",
    "孩子的疫苗本丢了，去哪补办",
    "给我爸买的快递到现在还没到",
])
def test_nothing_of_a_person_missing_is_no_danger(text):
    assert hazard(text) is None, hazard(text)


@pytest.mark.parametrize("text", [
    "有人打电话说我医保卡异常，让我往一个账户转钱",
    "有人打电话说我银行卡涉嫌违规，要我把钱转到他们给的账号里",
    "短信说我的ETC停用了，让我点链接",
])
def test_a_call_naming_a_card_wrong_then_asking_money_is_a_scam_going_on(text):
    """有人打电话说我医保卡异常，让我往一个账户转钱 got 不够具体 from the bot (session 52's conversations)."""
    h = hazard(text)
    assert h is not None and h.kind == "电信诈骗" and "96110" in h.advice, h


@pytest.mark.parametrize("text", ["物业打电话说我家水费欠费了，让我去交", "银行打电话说我的卡过期了，让我去网点换卡"])
def test_a_call_about_a_bill_or_a_card_is_no_scam(text):
    assert hazard(text) is None, hazard(text)


def test_one_calling_as_a_banks_service_who_wants_an_app_installed_is_a_scam():
    """刚才有个自称银行客服的人打电话，说我信用卡额度可以提升，让我下载个软件 was filed as an ordinary case."""
    h = hazard("刚才有个自称银行客服的人打电话，说我信用卡额度可以提升，让我下载个软件")
    assert h is not None and h.kind == "电信诈骗", h
    assert hazard("有个自称物业的人让我交停车费") is None


def test_fumes_told_before_the_district_fangshan_are_no_fire():
    """俺们村口那个砖厂天天冒黑烟，房山区琉璃河镇路村 was a fire (冒黑烟，房: 房山 read as a house)."""
    assert hazard("俺们村口那个砖厂天天冒黑烟，房山区琉璃河镇路村") is None
    assert hazard("对面楼冒黑烟了").kind == "火情"


@pytest.mark.parametrize("text", ["小孩在小区里玩，被一个大狗咬了", "孩子被狗咬了", "我被邻居家的狗咬了一口"])
def test_bitten_by_a_dog_said_without_just_now_gets_the_wound_advice(text):
    """小孩在小区里玩，被一个大狗咬了 got no advice (session 52's conversations)."""
    h = hazard(text)
    assert h is not None and h.kind == "动物咬伤" and "狂犬病" in h.advice, h


@pytest.mark.parametrize("text", ["去年我被狗咬了，狗主人到现在不赔医药费", "小孩被狗咬伤，在市防疫站中心打了狂犬疫苗，能报销吗",
                                  "被狗咬了打疫苗能报销吗", "被狗咬了，想问哪里能打狂犬疫苗"])
def test_a_bite_told_as_over_is_no_danger(text):
    assert hazard(text) is None, hazard(text)
