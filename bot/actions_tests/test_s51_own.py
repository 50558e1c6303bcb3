"""Session 51: everyday Beijing complaints and questions of our own (winter, colloquial speech, traditional
characters, emoji, traffic accidents) through the form's first step and the question-answering action."""
import pytest

from test_actions import said, validate


@pytest.mark.parametrize("text", [
    "刚才在小区门口被一辆车撞了，腿动不了，在地上坐着",
    "两辆车在我们楼下路口撞上了，有个人被卡在车里出不来",
])
def test_someone_hit_by_a_vehicle_gets_120_and_122_first(live, domain, text):
    """刚才被车撞了，腿动不了，在路边躺着 and a driver trapped after a crash got 不够具体: the advice (120, 122, the
    hurt not moved) comes first and the form waits a turn, as for others hurt now."""
    _, _, messages = validate(domain, text, "description")
    told = said(messages)
    assert "120" in told and "122" in told and "不要随意搬动" in told, told
    assert "utter_description_vague" not in told and "utter_ask_address" not in told, told


def test_a_transformer_box_is_a_noise_source(live, domain):
    """家门口的变电箱一直嗡嗡响 was asked 请问是什么发出的噪音？"""
    slots, _, messages = validate(domain, "楼下的变电箱一直嗡嗡地响，晚上吵得睡不着", "description")
    assert "utter_ask_noise_source" not in said(messages) and slots.get("description"), said(messages)


@pytest.mark.parametrize("text", [
    "学校食堂的菜里吃出了一根头发，跟食堂说了也没人管",
    "在车行买的二手车是事故车，当时车商说没出过事故",
    "小区里的滑梯都生锈了，螺丝也掉了几个",
])
def test_session_51s_told_problems_are_not_too_vague(live, domain, text):
    """A hair in a canteen's food, a used car sold as never crashed, a rusty slide were 不够具体."""
    slots, _, messages = validate(domain, text, "description")
    assert "utter_description_vague" not in said(messages) and slots.get("description"), said(messages)


@pytest.mark.parametrize("asked, words", [
    ("过年在单位值班，加班工资怎么算", ("第四十四条", "300%", "除夕")),
    ("公司说今年不发年终奖了，我能去投诉吗", ("第三十条", "规章制度", "协商")),
    ("低收入家庭的租房补贴去哪申请", ("街道", "住房保障")),
    ("剖腹产的费用医保能报多少", ("生育医疗费用", "12393")),
    ("我爸去世了，他养老保险个人账户里的钱能领出来吗", ("第十四条", "继承")),
    ("想在房本上加我老婆的名字，去哪办", ("不动产登记中心", "结婚证", "免征契税")),
    ("被拍了违章，能不能在手机上处理", ("交管12123", "违法处理")),
    ("燃气卡没气了，去哪里充值", ("营业厅", "96777")),
])
def test_session_51s_questions_get_their_basic_path(asked, words):
    from actions.answers import _basic_path

    told = _basic_path(asked) or ""
    assert all(w in told for w in words), (asked, told)


@pytest.mark.parametrize("told, path", [
    ("春节期间加班工资公司只给了双倍，说是调休日", "按《劳动法》第四十四条"),            # told, no question
    ("年终奖被公司扣了一半，说是绩效不达标", "年终奖不是法律规定"),                    # told
    ("燃气费涨价了，一方气多了五毛钱", "北京燃气的IC卡表"),                            # a price told
])
def test_session_51s_paths_are_not_read_into_what_is_told(told, path):
    from actions.answers import _basic_path

    assert not (_basic_path(told) or "").startswith(path), told
