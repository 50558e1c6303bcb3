"""Session 48: eighty everyday Beijing complaints and twenty questions of our own through the form's first step and the
question-answering action (against the live API), and what they showed wrong."""
import pytest

from test_actions import said, validate


@pytest.mark.parametrize("text", [
    "顺义区后沙峪有人在别墅区里私自扩建，把院子都盖满了",
    "东城区南锣鼓巷周末人太多了，游客挤得水泄不通，也没人疏导",
    "通州区新华大街一家银行的ATM机吞了我的卡，银行让我等三天",
    "我想咨询一下，在北京生二胎有没有什么补贴，怎么申请生育津贴",
    "平谷区我们村有个人喝多了就打老婆，打得很厉害，村里人都不敢管",
    "我的身份证丢了，想问一下在北京补办需要多长时间",
    "东城区王府井附近有人拉着游客去买高价玉石，说是免费一日游",
    "朝阳区一家琴行给孩子上钢琴课，说好一对一，结果是一对三",
])
def test_a_told_problem_or_question_is_not_called_vague(live, domain, text):
    """An extension built, a crowd no one directs, a swallowed card, a benefit asked about, a man who beats his wife told
    by a villager, a lost identity card, a tour's shopping stop, a lesson not as promised: each got 不够具体 (the test
    home's small model is unsure of their category and no problem word was in them). The form goes on instead."""
    slots, _, messages = validate(domain, text, "description")
    assert "utter_description_vague" not in said(messages) and slots.get("description"), (text, said(messages))


def test_pensions_old_age_allowances_and_unemployment_benefit_get_their_path():
    """养老金什么时候开始发 missed the pension's path (发 was not one of its verbs); 高龄津贴 and 失业金 had none: each
    got a unit's name only."""
    from actions.answers import _basic_path

    assert "退休申报" in _basic_path("我退休了，想问一下养老金什么时候开始发，要不要自己去办手续")
    told = _basic_path("我家老人八十多岁了，想问一下北京的高龄津贴怎么申请，每个月多少钱")
    assert told.startswith("北京户籍、年满80周岁") and "养老助残卡" in told
    told = _basic_path("请问失业金怎么领，在哪里申请")
    assert "第四十五条" in told and "失业登记" in told
    # told of, not asked: no path (a letter about a relative's unemployment benefit cut is a complaint)
    assert _basic_path("街道说我爸的高龄津贴停发了，一直没人给个说法") is None
    assert _basic_path("公司把我辞退了，还说我领不了失业金，这合理吗") is not None



def test_a_letters_worth_is_never_too_vague_a_long_rant_still_is(live, domain):
    """680 of the data's 9,175 messages got 不够具体, most of them letters of a hundred characters whose category the test
    home's model doubted (科目三考试预约不上…; 4号线北延线什么时候开工). Thirty characters beyond the words that only
    want something are a description; a rant of forty with nothing in it is still asked what happened."""
    text = "K市科目三道路驾驶考试考生积压太多，很多考生一直预约考试失败，请问能不能在省内其他地市的考场预约考试？"
    slots, _, messages = validate(domain, text, "description")
    assert "utter_description_vague" not in said(messages) and slots.get("description")
    slots, _, messages = validate(domain, "你好，我想反映一个问题，这个问题已经困扰我们很久了，希望你们能重视一下，尽快给我们解决", "description")
    assert not slots.get("description")


def test_a_police_cases_silence_mocked_is_no_wish_for_confidentiality():
    """A data letter: 报案半年了，没人理睬…此案件这么保密么？ got 好的，会为您保密 once the letter no longer stopped at
    不够具体. Asked for, it is still a wish."""
    from actions.common import PRIVACY_WISH

    assert not PRIVACY_WISH.search("我报案半年了，没人理睬，此案件这么保密么？")
    assert PRIVACY_WISH.search("能保密吗") and PRIVACY_WISH.search("本人实名反映，希望给予保密")


@pytest.mark.parametrize("text", [
    "丰台区一家家电维修店上门修洗衣机，换了个零件收了八百块",
    "海淀区一所小学的操场用的塑胶跑道有很大的味道，孩子们上体育课都头晕",
    "西城区一所小学放学太早，三点半就放学，家长都没下班",
    "昌平区一个高校的学生宿舍楼没有热水，洗澡要去很远的澡堂",
    "延庆区康庄镇的风力发电机噪音很大，晚上嗡嗡响",
])
def test_session_48s_fourth_round_is_neither_vague_nor_asked_its_noises_source(live, domain, text):
    """A repair's price, a running track's smell, school out too early, no hot water got 不够具体; a wind turbine's
    hum was asked what made it."""
    slots, _, messages = validate(domain, text, "description")
    assert not any(u in said(messages) for u in ("utter_description_vague", "utter_ask_noise_source")), \
        (text, said(messages))
    assert slots.get("description")


def test_heating_dates_the_least_years_of_pension_payments_an_old_age_card_a_licence_and_an_e_bike_get_their_path():
    """Session 48's second twenty questions: each got a unit's name only, the e-bike's plate the traffic rules' lane
    articles."""
    from actions.answers import _basic_path

    assert "11月15日到次年3月15日" in _basic_path("请问北京的供暖时间是从几号开始到几号结束")
    assert "2030年1月1日" in _basic_path("想问一下北京的养老保险最低缴费年限是多少年")
    assert "地铁不免费" in _basic_path("请问北京的老年卡怎么办，65岁以上坐公交免费吗")
    assert "90天" in _basic_path("请问北京的驾照到期了怎么换证")
    assert "登记服务站" in _basic_path("请问北京的电动自行车需要上牌吗，去哪里上")
    # told, not asked about: a cold flat, a stolen e-bike, a licence revoked by the police
    for text in ("暖气一点都不热，屋里才十五度", "我的电动车被偷了", "驾驶证被扣了十二分"):
        told = _basic_path(text)
        assert told is None or not told.startswith(("北京的法定供暖期", "在北京骑电动自行车要登记上牌", "机动车驾驶证有效期满")), text


def test_a_foreign_licence_and_a_towns_first_heating_are_not_the_renewal_and_the_season():
    """Over the data's messages: 印尼驾照 / 国外驾照换成国内驾照 got the renewal's path, 供暖管道已铺设，什么时候能实行集中
    供暖 the season's dates."""
    from actions.answers import _basic_path

    for text in ("想了解一下境外驾照更换国内驾照的流程", "供暖管道已经铺设好了，什么时候能实行集中供暖？"):
        told = _basic_path(text)
        assert told is None or not told.startswith(("机动车驾驶证有效期满", "北京的法定供暖期")), text
    assert _basic_path("暖气什么时候来？").startswith("北京的法定供暖期")


@pytest.mark.parametrize("text", [
    "楼道里有人抽烟", "有人在河边钓鱼", "商场厕所太脏", "快递丢了没人管", "车被贴罚单了，我觉得不合理",
    "朝阳区一个派出所的民警出警太慢，打了110半个小时才来", "昌平区一个加油站的油枪计量不准",
])
def test_a_short_complaint_that_says_it_all_is_not_vague(live, domain, text):
    """Session 48's short complaints got 您说的情况还不够具体 (seven characters were under the eight a told problem needed,
    and 脏 / 出警 / 计量 / 罚单 / 丢 were no problem words; 快递丢了没人管 was taken as frustration alone). Only what one
    wants is still asked what happened."""
    slots, _, messages = validate(domain, text, "description")
    assert "utter_description_vague" not in said(messages) and slots.get("description"), (text, said(messages))
    slots, _, messages = validate(domain, "我想反映个问题", "description")
    assert not slots.get("description"), slots


def test_no_progress_is_no_noise_and_roads_planes_trains_and_shows_are_its_sources():
    """Over the data's messages 73 were asked what made the noise: letters about a road with 毫无动静 (no progress), and
    noises whose source they named (高架桥, 机场航道, 高铁, 商业演出, DJ音乐, 开工, 杀猪, 炒菜的锅子)."""
    from actions.common import NOISE_WORDS, _noise_source

    assert not NOISE_WORDS.search("修路的事说了三年，至今毫无动静") and not NOISE_WORDS.search("也没见任何动静")
    assert NOISE_WORDS.search("楼上半夜总有动静")
    for text in ("高架桥的噪音太大，晚上没法睡", "飞机白天晚上起降，噪音污染严重", "高铁经过的时候噪音很大",
                 "广场上经常商业演出，声音很烦", "每天早上放DJ音乐，声音很大", "清早六点不到就开工，噪声扰民"):
        assert _noise_source(text), text
