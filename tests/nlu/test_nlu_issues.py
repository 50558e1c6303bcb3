"""Several problems in one message (``nlu.issues.split_issues``)."""

from __future__ import annotations

import pytest

from nlu.issues import split_issues


@pytest.mark.parametrize("text, parts", [
    ("共享单车堆得像小山一样把盲道都占了。另外这个路口的红绿灯时间太短了，老人走一半就变红灯",
     ["共享单车堆得像小山一样把盲道都占了", "这个路口的红绿灯时间太短了，老人走一半就变红灯"]),
    ("第一，小区垃圾好几天没人清；第二，楼道灯坏了三个月没人修", ["小区垃圾好几天没人清", "楼道灯坏了三个月没人修"]),
    # the list's opening is not the first problem's (a tester's console read ①两个事：一是我们…)
    ("两个事：一是我们小区门口的共享单车乱停把消防通道堵死了，二是小区里的路灯坏了一个多月没人修",
     ["我们小区门口的共享单车乱停把消防通道堵死了", "小区里的路灯坏了一个多月没人修"]),
    ("1、小区门口的垃圾桶满了好几天没人清理；2、楼下饭馆油烟太大熏得人受不了",
     ["小区门口的垃圾桶满了好几天没人清理", "楼下饭馆油烟太大熏得人受不了"]),
    ("第一次反映了，小区门口的垃圾桶满了好几天没人清理。另外楼下饭馆油烟太大熏得人受不了",
     ["第一次反映了，小区门口的垃圾桶满了好几天没人清理", "楼下饭馆油烟太大熏得人受不了"]),
    ("小区门口占道经营严重晚上很吵；二是小区里的路灯坏了好久没人修",
     ["小区门口占道经营严重晚上很吵", "小区里的路灯坏了好久没人修"]),
])
def test_problems_announced_one_after_another_are_split(text, parts):
    assert split_issues(text) == parts


@pytest.mark.parametrize("text", [
    "楼下饭店油烟大，另外，噪音也大",           # the second says too little to be a problem of its own
    "楼上漏水，此外没有别的了",
    "我另外租了一套房子，房东不退押金还扣了我两个月的房租",   # 另外 inside a clause
    "",
])
def test_one_problem_is_not_split(text):
    assert split_issues(text) == []


def test_the_opening_of_a_list_of_problems_is_no_part_of_the_first():
    from nlu.issues import strip_list_opening

    assert strip_list_opening("两个事：一是我们小区门口的共享单车乱停") == "我们小区门口的共享单车乱停"
    assert strip_list_opening("我反映两个问题：第一，小区门口垃圾没人清") == "小区门口垃圾没人清"
    assert strip_list_opening("第一次反映了，垃圾没人清") == "第一次反映了，垃圾没人清"
    assert strip_list_opening("一是") == "一是"   # nothing would be left
