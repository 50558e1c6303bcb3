"""A session's own complaints (session 46) through the form's first step, against the live API."""
import pytest

from test_actions import said, validate


def test_a_teacher_hitting_a_child_is_a_complaint_not_violence_at_home(live, domain):
    """幼儿园老师打孩子 got the script for violence at home (您和孩子的安全最要紧…反锁的房间…12338): a carer's
    blow is a complaint about a school; the family's still gets the script."""
    slots, _, messages = validate(domain, "幼儿园老师打孩子，孩子回来身上有淤青，园长不承认。", "description")
    assert "12338" not in said(messages) and "反锁" not in said(messages)
    assert slots["requested_slot"] != "description" and slots["description"].startswith("幼儿园老师打孩子")
    _, _, messages = validate(domain, "我老公喝醉了在家打孩子", "description")
    assert "12338" in said(messages)


def test_a_railing_a_car_broke_is_no_car_broken_down(live, domain):
    """马路上的隔离护栏被车撞坏了好几天 got the advice for a car broken down on a ring road (双闪, 122)."""
    slots, _, messages = validate(domain, "马路上的隔离护栏被车撞坏了好几天，一直没人修。", "description")
    assert "双闪" not in said(messages) and slots["requested_slot"] in ("address", "category_choice")
    _, _, messages = validate(domain, "我的车在四环辅路上抛锚了，半夜一个人不敢下车", "description")
    assert "双闪" in said(messages)


def test_a_consultation_never_quotes_a_weak_citation(live, domain):
    """公积金贷款的额度怎么算 quoted 建筑绿色发展条例 §45 (green buildings' loans), a citation found by its words
    alone: the answer quotes only sound ones."""
    from test_actions import run, tracker_json

    from actions.actions import ActionAnswerConsultation

    _, _, messages = run(ActionAnswerConsultation(), tracker_json(text="请问公积金贷款的额度怎么算？", intent="consult",
                                                               active_loop=None), domain)
    assert "公积金" in said(messages) and "建筑绿色发展条例" not in said(messages)


@pytest.mark.parametrize("text", [
    "我们村低保社保什么的都没有，仅靠着家里的劳动力在外打工养家糊口",
    "家里老人打听了一下，说外地工作已购买医保的人也能报销，是真的吗",
    "我父亲去年在医院动手术花了7万多，回县里只报销了一点",
    "楼下烧烤店油烟严重，家里窗子无法打开，关着窗户都满屋油烟",
    "就这一点扼杀了我们小区所有改善型刚需的权利",
])
def test_everyday_words_in_the_datas_messages_are_no_violence_at_home(text):
    """Ordinary messages of the data's that read as violence at home: 家里…打工 / 打听 / 打开, 父亲…动手术, 扼杀了我们."""
    from actions.safety import domestic_violence

    assert not domestic_violence(text)
    assert domestic_violence("他喝醉了在家打孩子") and domestic_violence("我老公要杀了我")


def test_asking_which_department_can_act_is_not_answered_yes(live, domain):
    """A data message ending 请问这样的事情请问政府哪一个部门可以管管呢？ got 先回答您的问题：可以。… (the answer to
    能不能找城管管管): it asks whom, which the triage's department answers."""
    text = "共享汽车公司不退押金，app上也退不了。请问这样的事情政府哪一个部门可以管管呢？"
    _, _, messages = validate(domain, text, "description")
    assert "先回答您的问题：可以。" not in said(messages)
    _, _, messages = validate(domain, "楼下的黑作坊天天排污，能不能直接找城管把他取缔了？", "description")
    assert "先回答您的问题：可以。" in said(messages)


def test_a_question_told_in_commas_is_asked_from_its_asking_clause(live, domain):
    """A data message told of its 居住证 in an earlier clause and asked of 准生证 (…也在K市办理了居住证，…，想问下是否
    能在K市办理准生证): it got the 居住证 path."""
    from actions.answers import held_question

    text = ("2014年我和老公在外地办理准生证，生了第一个孩子，17年我的户口迁到了北京，也在北京办理了居住证，"
            "现在我们准备生二胎，想问下是否能在北京办理准生证")
    assert held_question(text) == "想问下是否能在北京办理准生证"
    assert held_question("我家小区物业费年年涨，服务还越来越差。想问下业主能不能自己换物业？要怎么弄？") == \
        "想问下业主能不能自己换物业？要怎么弄？"
    _, _, messages = validate(domain, text, "description")
    assert "北京居住证一般到居住地的派出所办理" not in said(messages)


def test_data_messages_get_no_crisis_lines_nor_another_city():
    """减轻生产成本 is no 轻生 (a letter asking for a bridge got the crisis lines), 城西安置小区 is no 西安 (a KTV's
    noise was sent to 陕西)."""
    from actions.common import _other_city
    from actions.safety import _self_harm

    assert not _self_harm("有部分农户为了减轻生产成本还是抱着侥幸心理冒险通行")
    assert _self_harm("我真的想轻生") and _self_harm("我想从楼上跳下去")
    assert _other_city("再次反映城西安置小区二楼的ktv严重扰民") is None
    assert "陕西省" in (_other_city("我在西安雁塔区") or "")


def test_sleeping_pills_taken_to_sleep_are_no_wish_to_die():
    """…本人现在入睡需带耳塞，吃安眠药 (a data message on a barbecue's noise) got the crisis lines."""
    from actions.safety import _self_harm

    assert not _self_harm("噪音严重影响了小区居民休息。本人现在入睡需带耳塞，吃安眠药才能睡着")
    assert not _self_harm("生活质量严重降低。本人现在入睡需带耳塞，吃安眠药，迫切需要有关部门处理")
    assert _self_harm("我想吃安眠药一了百了") and _self_harm("我要吃安眠药")


@pytest.mark.parametrize("text", [
    "我想办护照，出入境接待大厅每天只放50个号，排了三次都没排上。",
    "我是残疾人，申请残疾人两项补贴，街道说我不符合条件，但我有二级残疾证。",
    "路边有人卖活禽，还在路边宰杀，到处是血和鸡毛。",
    "最近我们小区附近总有一股烧塑料的味道，尤其是晚上，窗户关着都能闻到",
    "外卖骑手逆行闯红灯，差点撞到我家孩子。",
    "我们村的低保名额都给了村干部的亲戚，真正困难的人评不上。",
    "上个月我家楼下着过一次火，到现在烧黑的墙也没人处理。",   # (and no fire now: no 119)
    "这边的河堤上有人开荒种地，把护坡都挖了。",
])
def test_a_sessions_own_complaints_are_problems_told(live, domain, text):
    """These were 不够具体: a problem is told in each (a number never got, a claim refused, poultry killed by the
    road, a smell of burning, a rider against the traffic, a benefit given to kin, a burnt wall, land dug up)."""
    slots, _, messages = validate(domain, text, "description")
    assert all(m.get("response") != "utter_description_vague" for m in messages)
    assert slots["description"] == text.rstrip("。") and slots["requested_slot"] in ("address", "category_choice")
    assert "119" not in said(messages)


def test_a_workers_threat_told_in_a_complaint_is_no_wish_to_die_nor_violence_at_home():
    """…该工作人员…对我本人进行了人生威胁，说我想死，要弄死我 (a data message) got the crisis lines: 说我想死 is his
    threat, and a worker's threat is no violence at home; 我想死 said of oneself still is."""
    from actions.safety import _self_harm, domestic_violence

    text = "维修的施工负责人态度非常恶劣，对我本人进行了人生威胁，说我想死，要弄死我。因为该工作人员知道我的住址"
    assert not _self_harm(text) and not domestic_violence(text)
    assert _self_harm("我真的想死") and domestic_violence("我老公喝醉了说要弄死我")
    assert domestic_violence("他在家打我，说要打死我，我给物业打了电话")


@pytest.mark.parametrize("text", [
    "小区停水三天，工作人员未及时抢修，服务热线从不同时段持续拨打一天，人工服务始终繁忙，每次等待四五分钟均无法接通。",
    "地铁站的扫码闸机十次有五六次故障，每次要花费大量的时间在找客服上，你们的客服也浪费大量的时间在解决这些问题。",
])
def test_another_services_line_told_of_is_no_wish_for_a_person(live, domain, text):
    """Data messages that told of a water company's busy line or a metro's help desk got 这里没法直接转接人工坐席
    and a call-back noted: they asked for no person."""
    _, _, messages = validate(domain, text, "description")
    assert "没法直接转接人工坐席" not in said(messages)
    _, _, messages = validate(domain, "给我转人工，我要投诉楼下烧烤店油烟太大", "description")
    assert "没法直接转接人工坐席" in said(messages)


def test_a_long_question_needs_more_of_its_subject_in_an_article_no_entry_lists():
    """The data's long questions quoted articles sharing four scattered pieces with them (征兵工作条例 for a foreign
    driving licence, 物业管理条例's 直系亲属 for 三代以内旁系血亲); an article a knowledge-base entry lists keeps
    the old rule (宅基地 §62 for 一户一宅)."""
    from actions.actions import _speaks_to

    question = ("我国婚姻法规定，禁止直系血亲和三代以内旁系血亲结婚。直系血亲是指和自己有直接血缘关系的亲属，"
                "那么三代以内旁系血亲是指哪些？女子的外婆与男子的爷爷属于亲兄妹")
    article = "第三十九条 （四）本人、配偶及其直系亲属与物业服务人无直接的利益关系；"
    assert _speaks_to(question, article) and not _speaks_to(question, article, listed=False)
    ask = "请问一户一宅是不是一个户口就可以享受或有一个宅基地？独生子女分户了单独一个户口是不是可以拥有一个宅基地"
    assert _speaks_to(ask, "农村村民一户只能拥有一处宅基地，其宅基地的面积不得超过规定的标准。")
