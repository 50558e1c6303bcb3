"""nlu.priority: group wage arrears and old people stuck upstairs are 重点件 (tester52 W13)."""

from __future__ import annotations

import pytest

from nlu.priority import priority


@pytest.mark.parametrize("text, kind, words", [
    ("我在顺义区一个工地干活，包工头欠了我们二十多个工人三个月工资，一共十几万，现在人找不着了，快过年了",
     "群体性欠薪", "二十多个工人"),
    ("工头跑了！！！我们十几个人干了半年的活一分钱没拿到", "群体性欠薪", "十几个人"),
    ("投诉西地省通万建设集团拖欠70多名农民工工资", "群体性欠薪", "70多名农民工"),
    ("至今还有82名农民工工资未发放，现已年底", "群体性欠薪", "82名农民工"),
    ("我们楼电梯坏了一个礼拜了，楼里好几个老人八九十岁了下不了楼", "老人被困楼上", "老人八九十岁了下不了楼"),
    ("我们楼电梯坏了三天了 我妈八十多了住18楼下不来", "老人被困楼上", "我妈八十多了住18楼下不来"),
    ("电梯停运五天了，我家老伴坐轮椅，根本出不了门", "老人被困楼上", "老伴坐轮椅，根本出不了门"),
    # tester54 V1, tester53 D3/D4: the count and the wages in one sentence, a 班组 of fifteen, 还没修好 is no repair
    ("海淀区西北旺镇一个工地，我们三十多个人，老板跑了，半年工资一分没拿到", "群体性欠薪", "三十多个人"),
    ("老板欠我们班组十五个人工资，一共二十万，在通州区台湖镇的工地", "群体性欠薪", "十五个人"),
    ("我们十几个人在工地干了半年活 一分钱没拿到 包工头跑了 眼看要过年了", "群体性欠薪", "十几个人"),
    ("丰台区科学城星苑小区5号楼电梯已经停了十几天还没修好，物业老说配件没到，我们楼好几个高龄老人出不了门",
     "老人被困楼上", "高龄老人出不了门"),
    ("我老伴瘫痪在床 住12楼 电梯停了半个月了 要去医院透析 根本下不去楼", "老人被困楼上",
     "老伴瘫痪在床 住12楼 电梯停了半个月了 要去医院透析 根本下不去楼"),
])
def test_priority_named(text, kind, words):
    p = priority(text)
    assert p is not None and p.kind == kind and p.words == words
    assert "勿按先后顺序排队" in p.reason


def test_priority_says_why_the_wages_press():
    assert "且说到“找不着”" in priority("包工头欠了我们二十多个工人三个月工资，现在人找不着了").reason


@pytest.mark.parametrize("text", [
    "公司拖欠我两个月工资",                                   # one worker
    "老板欠我工资，我们公司一共有三十个人，大家都很生气",       # the company's size, not who is owed
    "我们8个工人三个月没发工资了",                            # fewer than ten, nothing pressing
    "欠了我三个月工资 快过年了",                              # one worker before the festival
    "公司3个月没发工资了，快过年了",                           # months, not workers
    "电梯坏了三天了，物业不管",                               # no one stuck
    "我奶奶九十岁了，楼下广场舞太吵",                          # old, not stuck
    "我们小区电梯上个月坏过，我奶奶九十岁了下不了楼，现在已经修好了",  # over
    "",
])
def test_no_priority(text):
    assert priority(text) is None


def test_tester56_e7_an_age_in_digits_is_old_too():
    """tester56 E7: 我妈86了 … 电梯坏了快两个礼拜了 她下不了楼 was no 重点件 (我奶奶九十岁了 was)."""
    from nlu.priority import priority

    got = priority("我妈86了住在西城区广安门外街道红莲南里 电梯坏了快两个礼拜了 她下不了楼")
    assert got is not None and got.kind == "老人被困楼上"
    assert priority("楼里有个85岁的老太太 电梯坏了下不了楼").kind == "老人被困楼上"
    assert priority("我妈住18楼 电梯坏了 她下不了楼") is None            # no age said
    assert priority("我妈1986年买的房子 电梯坏了 下不了楼") is None       # a year, not an age


def test_a_public_places_lift_is_no_one_shut_in_upstairs():
    """Session 48: 过街天桥的电梯一直停用，坐轮椅的根本上不去 got the 重点件 老人被困楼上 and 市场监管 first; a home's lift
    still gives it."""
    from nlu.priority import priority

    assert priority("路口过街天桥的电梯一直停用，坐轮椅的根本上不去") is None
    assert priority("地铁站的电梯坏了一个月，推轮椅的老人上不去") is None
    assert priority("我妈八十多了住18楼，电梯坏了三天，下不来楼").kind == "老人被困楼上"


def test_a_neighbours_suspicion_of_a_child_beaten_is_a_priority():
    """Session 48: 邻居家孩子天天哭，怀疑被打 was an ordinary case; a child crying at night is not."""
    from nlu.priority import priority

    assert priority("邻居家孩子天天哭，怀疑被打").kind == "儿童疑似受虐"
    assert priority("楼上孩子天天哭闹，吵得睡不着") is None
