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


@pytest.mark.parametrize("text", [
    "要不是我亲眼所见，打死我都不会相信，我爸用祖传的草药治好了病人。",
    "业主家里依然在采用打钢钉的方式维修屋顶漏水，开发商不肯根治。",
    "现在的队长上任不到一年就贪污工资，在家打娘骂爹，人品极坏。",
])
def test_everyday_words_of_letters_are_no_violence_at_home(text):
    """打死我都不会相信 (an idiom), 家里…打钢钉 (a repair), 在家打娘骂爹 (a man's character told): the script."""
    from actions.safety import domestic_violence

    assert not domestic_violence(text)
    assert domestic_violence("他喝醉了说要打死我") and domestic_violence("他在家里又打我")


def test_another_services_operator_told_of_is_no_wish_for_a_person(live, domain):
    """当时我就拨打了10086人工服务进行投诉 (a phone bill's story) got 这里没法直接转接人工坐席; 转人工 said to the bot is
    still heard."""
    text = "我的手机卡被乱收费，当时我就拨打了10086人工服务进行投诉，后来又被多扣了几十块话费。"
    _, _, messages = validate(domain, text, "description")
    assert "没法直接转接人工坐席" not in said(messages)
    _, _, messages = validate(domain, "给我转人工，我要投诉楼下烧烤店油烟太大", "description")
    assert "没法直接转接人工坐席" in said(messages)


@pytest.mark.parametrize("text", [
    "开发商拿到预售证后没有公开认筹，生怕别人知道，一切都在悄悄进行。",
    "所里每个周五下午都不上班，说是开会，去哪开会了呢，恐怕只有他们自己知道了吧。",
    "这家交易场所以匿名交易、做市商等方式从事类期货交易，涉嫌非法经营。",
])
def test_others_secrecy_is_no_wish_for_confidentiality(text):
    """生怕别人知道 (a developer's), 恐怕只有他们自己知道 (the staff's), 匿名交易 (a market's) got 会为您保密."""
    from actions.common import PRIVACY_WISH

    assert not PRIVACY_WISH.search(text)
    assert PRIVACY_WISH.search("我怕老板知道是我举报的") and PRIVACY_WISH.search("我想匿名反映")


@pytest.mark.parametrize("text", [
    "村干部应该像重庆巫山县那位支部书记一样为群众办实事。",
    "老手艺人会去宜昌、荆州、重庆等地区上门揽活。",
    "强烈建议在城西安置区周围建一个社区公园。",
    "上周末去商镇保定村的游乐园玩，发现沿途好多农田被占。",
])
def test_a_city_named_as_an_example_a_list_or_a_village_is_no_place_outside_beijing(text):
    """像重庆…, …重庆等地区, 城西安置区 (no 西安), 保定村 (a village) got 您说的地方在北京以外; a place there still does."""
    from actions.common import _outside_beijing

    assert _outside_beijing(text) is None
    assert "重庆" in _outside_beijing("我在重庆市渝北区买的房子漏水了") and "保定" in _outside_beijing("我家在保定，小区路灯坏了")


def test_a_taxi_that_put_one_out_on_a_day_gone_by_is_no_one_stranded_now():
    """4月2号晚上…司机赶我下车 (a county's taxis, a data message) got 站到护栏外; told now it still does."""
    from actions.safety import stranded

    assert not stranded("4月2号晚上8点多坐出租车，司机要价7元不打表，我不同意，司机赶我下车。")
    assert stranded("滴滴司机半路把我赶下车了，大半夜的在五环上")
    assert stranded("上个月也遇到过，现在司机又把我赶下车了，晚上一个人在高速边上")


def test_a_highway_charger_plan_or_a_heating_price_gets_no_basic_path():
    """高速公路充电桩规划 got how to install one at home; 供暖费用任意定价 got where to pay."""
    from actions.answers import _basic_path

    assert _basic_path("请问高速公路新能源汽车充电桩规划是怎么安排的？何时实施到位？") is None
    assert _basic_path("物业的供暖费用任意定价，没有什么依据，这合理吗？") is None
    assert _basic_path("我想在小区车位装个充电桩，怎么申请？").startswith("在自家固定车位装充电桩")
    assert _basic_path("暖气费去哪交？").startswith("供暖费交给")


@pytest.mark.parametrize("text", [
    "有的老师评上了职称，他班上的学生喝农药，差点酿成人命。",
    "很多截瘫病人被视为累赘，遭虐待的时有发生，自杀身亡的也有之。",
    "在家补习还能和父母在一起，有牵挂也不至于高考后自杀。",
])
def test_others_suicide_told_of_is_no_wish_to_die(text):
    """学生喝农药, 自杀身亡也有之, 不至于…自杀 (data letters) got the crisis lines; the citizen's own still does."""
    from actions.safety import _self_harm

    assert not _self_harm(text)
    assert _self_harm("我真想喝农药死了算了") and _self_harm("我想自杀") and _self_harm("我要吃安眠药")


@pytest.mark.parametrize("text", [
    "物业和开发商不愿出具消防验收报告，说是保密。",
    "镇政府在网上答复时指名道姓，这是否符合信访保密工作的要求？",
    "婚检机构把体检报告毫无保密地寄回老家，个人信息全暴露了。",
    "说透了就是不想让群众明明白白地知道自己用的是哪块电表。",
    "那个传销窝点每天几十人开会，查处时最好不要让他们发现你们。",
])
def test_secrecy_told_of_is_no_wish_for_confidentiality(text):
    """说是保密, 信访保密工作, 毫无保密, 不想让群众…知道, 不要让他们发现你们 got 会为您保密."""
    from actions.common import PRIVACY_WISH

    assert not PRIVACY_WISH.search(text)
    assert PRIVACY_WISH.search("请帮我保密") and PRIVACY_WISH.search("能不能保密？我不想让他们知道是我")


def test_a_landlords_threat_to_us_a_past_blowout_and_an_origin_are_no_danger_or_place():
    """房东…出言要弄死我们 got the script for violence at home; ６月２６日晚上…轮胎爆胎 got 打开双闪 (both data
    messages); 系重庆市铜梁区人, 出差去河北, 天津大爆炸 got 北京以外."""
    from actions.common import _outside_beijing
    from actions.safety import domestic_violence

    assert not domestic_violence("房东仗着家庭势力寻衅滋事，甚至出言要弄死我们，这些都有录音。")
    for text in ("我叫某某，系重庆市铜梁区人，是一名下岗职工，买了一家公司的理财产品。",
                 "之前出差去河北，那边室内都是暖气，我们这里能不能也统一供暖？",
                 "学校旁边就是加气站，天津大爆炸的阴霾还没散去，有关部门为什么视若无睹？"):
        assert _outside_beijing(text) is None, text


def test_a_past_blowout_gets_no_advice_to_switch_on_the_hazard_lights(live, domain):
    _, _, messages = validate(domain, "６月２６日晚上９点租了共享汽车，开出１０公里轮胎爆胎，公司非要我赔钢圈费。", "description")
    assert "打开双闪" not in said(messages)
    _, _, messages = validate(domain, "我的车在四环辅路上爆胎了，半夜一个人不敢下车", "description")
    assert "打开双闪" in said(messages)


def test_a_mention_is_no_question_for_a_basic_path():
    """什么居住证啊驾驶证…都不缺 (a ban on motorbikes), 社保缴费凭证…转正 (settling), 微信转账，不接受医保卡 (a
    hospital), 公租房六月能交房不 (a handover): each got a basic path that does not answer it."""
    from actions.answers import _basic_path

    assert _basic_path("买了辆摩托车，该交的税都交了，什么居住证啊驾驶证行驶证都不缺，可听说全天禁摩，这合理吗？") is None
    assert _basic_path("派出所要劳动合同和社保缴费凭证，我3个月已经转正了，为什么还不给落户？") is None
    assert _basic_path("收款只能现金或者微信转账，不接受医保卡，这合规吗？") is None
    assert _basic_path("明珠花园公租房六月能交房不？") is None
    assert _basic_path("居住证怎么办理？").startswith("北京居住证")
    assert _basic_path("请问公租房怎么申请？").startswith("在北京申请公租房")
    assert _basic_path("社保怎么从外地转到北京？").startswith("社保从外地转到北京")


def test_data_questions_get_their_own_unit_or_no_wrong_path(live, domain):
    """Data questions through the consultation action: 黑社会团伙 by a hospital went to 卫健委, 喝不上能喝的水 to 卫健委,
    修复征信 to 公安, 孩子改成跟妈妈姓 to 教委, 中招并轨 to 城管, 甲醇仓储 to 卫健委, 倾倒渣土 to 规划; 转为非农业户口 /
    迁户口和社保 / 户口未迁移 got the path for moving 社保; 信息公开的平台 got the line about the caller's number."""
    from test_actions import run, tracker_json

    from actions.actions import ActionAnswerConsultation

    for text, unit in (("医院旁边有一伙像黑社会的团伙举着牌子拉客停车，还动手打人，请问有没有人管？", "公安"),
                       ("我们村的村民长期喝不上能喝的水，请问什么时候能解决？", "水务"),
                       ("最近出现很多修复征信的公司，请问这些公司合法吗？", "金融"),
                       ("离婚后想把孩子的姓改成跟妈妈姓，可以吗？怎么改？", "公安"),
                       ("听说明年中招要并轨，请问是真的吗？", "教委"),
                       ("想办个甲醇和危险化工用品的仓储，请问需要离市区多远？", "应急管理"),
                       ("有人在村里的地上倾倒渣土，请问有没有渣土处置审批手续？", "城管")):
        _, _, messages = run(ActionAnswerConsultation(), tracker_json(text=text, intent="consult", active_loop=None), domain)
        assert unit in said(messages), (text, said(messages))
    for text in ("我以前是农业户口，缴农村养老保险，后来转为非农业户口，请问还能继续缴吗？",
                 "请问我现在能买第二套房吗？迁户口和社保已满一年。"):
        _, _, messages = run(ActionAnswerConsultation(), tracker_json(text=text, intent="consult", active_loop=None), domain)
        assert "社保从外地转到北京" not in said(messages), text
    _, _, messages = run(ActionAnswerConsultation(), tracker_json(
        text="村务信息公开的平台去年就停止更新了，请问为什么？", intent="consult", active_loop=None), domain)
    assert "您留的电话" not in said(messages)
    from actions.answers import _basic_path

    assert _basic_path("孩子出生不到两个月，户口还没有上，想给孩子买个医保，要什么手续？") is None


def test_a_lorrys_sealed_cover_is_no_wish_for_confidentiality():
    """其环保密闭装置如同虚设 (渣土车's sealed covers) read as 保密."""
    from actions.common import PRIVACY_WISH

    assert not PRIVACY_WISH.search("渣土车装载超过车厢50公分以上，其环保密闭装置如同虚设")
    assert PRIVACY_WISH.search("请替我保密")
