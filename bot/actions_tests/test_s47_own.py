"""Session 47: the data's own messages through the form's first step (against the live API) and the rules they
showed wrong. The texts are paraphrased."""
import pytest

from test_actions import said, validate


def test_noise_that_makes_one_want_to_die_is_a_complaint_not_a_crisis(live, domain):
    """…忍受这些让人想死的噪音 (a warehouse unloading at night) got the crisis lines and 不着急登记; the wish to die
    said of oneself still gets them. A warehouse unloading is the noise's source (it was asked for)."""
    text = "小区后面的仓库每天晚上十点到一点卸货，砰砰响，我们年复一年忍受这些让人想死的噪音，报警多次没用。"
    slots, _, messages = validate(domain, text, "description")
    assert "12356" not in said(messages) and slots["description"].startswith("小区后面的仓库")
    _, _, messages = validate(domain, "楼上天天吵，我真的想死", "description")
    assert "12356" in said(messages)


@pytest.mark.parametrize("text", [
    "开发商和区政府二次毁我家暴征暴拆，上访多年没有结果。",
    "村里的恶霸为了占我的林地，对我破口大骂，威胁扬言要打死我，还诬陷说我祖上的山是他的。",
])
def test_a_demolition_or_a_villagers_threat_is_no_violence_at_home(text):
    """毁我家暴征暴拆 read as 家暴; a land dispute's 扬言要打死我 (a bully of the village) got the script for violence
    at home (反锁的房间, 12338). A husband's threat, or one at home, stays violence at home."""
    from actions.safety import domestic_violence

    assert not domestic_violence(text)
    assert domestic_violence("我老公喝了酒就扬言要打死我") and domestic_violence("他在家里威胁说要打死我")
    assert domestic_violence("我被家暴好几年了")


@pytest.mark.parametrize("text", [
    "老家河北的，户口没迁过来，孩子在北京上学需要什么手续？",
    "看到新闻说河北印发文件要试行周五下午放假，北京有没有可能推行？",
    "那家4S店已经关门了，经理在河北，电话也联系不上，押金一直不退。",
    "我是天津人，在朝阳区一家饭馆打工，老板拖欠工资三个月。",
])
def test_another_place_named_as_a_home_or_in_the_news_is_no_place_outside_beijing(text):
    """Data messages got 您说的地方在北京以外 for 老家河北的, 新闻说河北…, 经理在河北; said as the problem's place it
    is still outside."""
    from actions.common import _outside_beijing

    assert _outside_beijing(text) is None
    assert "河北" in _outside_beijing("我在河北香河买的房子漏水了") and _outside_beijing("我住在燕郊，小区路灯坏了")


def test_a_firms_secret_told_of_is_no_wish_for_confidentiality(live, domain):
    """投诉…养老公司骗老人投资，听说还不能让老人的子女知道 got 好的，会为您保密; the citizen's own wish still does."""
    text = "投诉写字楼里一家养老公司骗老人投资，听说还不能让老人的子女知道，天天开派对唱歌，吵得我们没法办公。"
    _, _, messages = validate(domain, text, "description")
    assert "会为您保密" not in said(messages)
    from actions.common import PRIVACY_WISH

    assert PRIVACY_WISH.search("能不能不让邻居知道是我反映的") and PRIVACY_WISH.search("不能让老板知道是我举报的")


def test_a_heating_price_asked_of_and_a_childs_ethnicity_get_their_own_answers():
    """收取…供暖费是否合理 got where to pay; 小孩出生后户口…想把小孩的民族变更 got how to register a birth."""
    from actions.answers import _basic_path

    assert _basic_path("热力公司强行按每平米6块5收取供暖费是否合理？").startswith("北京居民供暖费执行政府定的价格")
    assert _basic_path("供暖费在哪交？").startswith("供暖费交给")
    assert _basic_path("小孩出生后户口随我，民族汉族，现在想把小孩的民族变更为回族，可以吗？") is None
    assert _basic_path("孩子刚出生，户口怎么上？").startswith("新生儿上户口")
