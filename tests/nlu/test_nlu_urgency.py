"""Dangers now (``nlu.urgency``): named with the advice to give at once; risks, denials and
everyday words that look alike are none."""

from __future__ import annotations

import pytest

from nlu.urgency import hazard


@pytest.mark.parametrize("text,kind,number", [
    ("有燃气味！楼道里一股煤气味儿，挺冲的", "燃气泄漏", "96777"),
    ("我家燃气灶那块儿有股煤气味，关了阀门还有，怎么办？", "燃气泄漏", "96777"),
    ("厨房液化气罐好像漏气了", "燃气泄漏", "119"),
    ("对面楼三层着火了，冒黑烟", "火情", "119"),
    ("楼顶广告牌被风吹得晃来晃去，感觉要掉下来了，下面就是人行道", "坠落坍塌", "110"),
    ("街边大树歪了好像要倒了", "坠落坍塌", "110"),
    ("小区门口路面塌陷一个大坑", "坠落坍塌", "110"),
    ("楼下有根电线掉下来了耷拉在地上", "触电危险", "95598"),
    ("路口井盖丢了，晚上很危险", "井盖缺失", "110"),
    ("我家水管爆了，水漫出来", "爆管跑水", "96116"),
    ("有人被困电梯里半小时了", "人身危险", "110"),
])
def test_a_danger_now_is_named_with_its_advice(text, kind, number):
    h = hazard(text)
    assert h is not None and h.kind == kind and number in h.advice
    assert h.words and h.words in text  # the operator sees why


@pytest.mark.parametrize("text", [
    "小区里没有煤气味了，谢谢",            # denied
    "电动车在楼道里充电，容易起火",          # a risk, not a fire
    "消防通道被堵，存在火灾隐患",
    "担心燃气泄漏，希望物业检查管道",
    "饭馆油烟大", "天然气涨价不合理", "燃气费太贵",
    "我要倒垃圾", "健身房快倒闭了，卡里还有钱", "车要掉头",
    "烧烤摊冒烟呛人", "工厂烟囱冒黑烟", "隔壁装修砸墙", "护工打老人", "",
])
def test_risks_denials_and_lookalikes_are_no_danger(text):
    assert hazard(text) is None
