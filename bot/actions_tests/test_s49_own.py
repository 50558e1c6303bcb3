"""Session 49: everyday Beijing complaints and questions of our own through the form's first step and the
question-answering action, and what they showed wrong."""
from test_actions import said, validate


def test_a_newborn_with_a_beijing_parent_is_not_told_a_birth_gives_no_hukou():
    """新生儿怎么上户口，孩子在北京出生，我是北京户口 was told 在北京出生本身不能让孩子落北京户口 (the answer for two
    parents from elsewhere); the child follows the Beijing parent, as the new-born's path says now."""
    from actions.answers import _basic_path

    told = _basic_path("想问问刚生的宝宝怎么上户口，宝宝是在北京生的，孩子他爸是北京户口，我是河北的")
    assert "出生本身不能" not in told and "随这一方在北京落户" in told, told
    told = _basic_path("孩子在北京出生，爸妈都是外地户口，能上北京户口吗")
    assert told.startswith("在北京出生本身不能"), told


def test_a_lift_that_trapped_someone_last_week_gets_no_lift_advice(live, domain):
    """电梯老是坏，上个礼拜把人困在里面 got the advice for people in a lift now (上个礼拜 was no past word, only 上礼拜)."""
    slots, _, messages = validate(domain, "丰台区一个小区的电梯老是坏，上个礼拜把人困在里面快一个小时，物业说没钱修",
                                  "description")
    told = said(messages)
    assert "96333" not in told and slots.get("description"), told
