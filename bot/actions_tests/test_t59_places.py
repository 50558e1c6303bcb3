"""Session 43: the fifty-ninth tester's places, times and read-backs (tester59 G9–G15)."""

from __future__ import annotations

import pytest
from conftest import tracker_json
from test_actions import run, said, validate
from test_t57_citizens import _read_back


def _answer(domain, text, requested, slots, set_now=None, intent="inform"):
    from actions.form import ValidateComplaintForm

    return run(ValidateComplaintForm(), tracker_json(text=text, intent=intent, slots=slots, requested_slot=requested,
                                                     set_now=set_now or {requested: text}), domain)


DOG = {"description": "小区里有人遛狗不拴绳，好几次冲我家孩子叫", "description_draft": "小区里有人遛狗不拴绳，好几次冲我家孩子叫",
       "address": "北京市门头沟区大峪月季园二区"}


@pytest.mark.parametrize("text, address, time, contact", [
    ("每天早上六点多，在5号楼那块，不留", "北京市门头沟区大峪月季园二区5号楼", "每天早上六点多", "不留"),
    ("8号楼 电话别留了", "北京市门头沟区大峪月季园二区8号楼", None, "不留"),
    ("6号楼 电话13512345678", "北京市门头沟区大峪月季园二区6号楼", None, "13512345678"),
])
def test_t59_a_building_said_at_the_phone_question_joins_the_place(live, domain, text, address, time, contact):
    """tester59 G9: 每天早上六点多 在5号楼那块 不留 replaced the place (北京市门头沟区在5号楼) and lost the time;
    8号楼 电话别留了 lost the building; 6号楼 电话135… put the building into the problem."""
    slots, _, messages = _answer(domain, text, "contact", DOG)
    assert slots.get("address") == address and slots.get("contact") == contact, (slots, said(messages))
    assert slots.get("time") == time and "6号楼" not in (slots.get("description") or ""), slots


def test_t59_a_building_and_a_name_said_at_the_time_question(live, domain):
    """tester59 G9: 不固定 … 在8号楼前面的空地上 was stored as the place (北京市朝阳区不固定，…); 今天中午 店名叫农家乐老李家
    电话不留 lost the time and the shop's name."""
    held = {"description": "楼下广场舞音响太大声了", "description_draft": "楼下广场舞音响太大声了",
            "address": "北京市朝阳区安贞里二区", "time_needed": True}
    slots, _, messages = _answer(domain, "不固定，经常，在8号楼前面的空地上", "time", held)
    assert slots.get("address") == "北京市朝阳区安贞里二区8号楼前面的空地", (slots, said(messages))
    assert slots.get("time") == "不固定，经常", slots
    held = {"description": "汤河口镇那个饭店宰客，一盘炒土豆丝要八十八", "description_draft": "汤河口镇那个饭店宰客，一盘炒土豆丝要八十八",
            "address": "北京市怀柔区汤河口镇", "time_needed": True}
    slots, _, messages = _answer(domain, "今天中午，店名叫农家乐老李家，电话不留", "time", held)
    assert slots.get("time") == "今天中午" and slots.get("contact") == "不留", (slots, said(messages))
    assert slots.get("description") == held["description"] + "，店名叫农家乐老李家", slots


def test_t59_a_district_said_with_a_place_in_a_reply_is_the_places(live, domain):
    """tester59 G10: 发了，在通州，梨园，云景里 6号楼 filed 地点：梨园云景里6号楼 and 问题：…在通州; 在丰台，卢沟桥，晓月苑小区
    asked 请问“卢沟桥晓月苑小区”在哪个区."""
    held = {"description": "楼道里堆满了杂物", "description_draft": "楼道里堆满了杂物"}
    slots, _, _ = _answer(domain, "发了，在通州，梨园，云景里 6号楼", "address", held)
    assert slots.get("address") == "北京市通州区梨园云景里6号楼" and "通州" not in (slots.get("description") or ""), slots
    slots, _, _ = _answer(domain, "没编号，是打12345电话说的，在丰台，卢沟桥，晓月苑小区", "address", held)
    assert slots.get("address") == "北京市丰台区卢沟桥晓月苑小区" and not slots.get("place_piece"), slots


@pytest.mark.parametrize("text, place", [
    ("石景山，鲁谷，有家烧烤店，天天在门口摆桌子，油烟呛人，晚上到十二点", "北京市石景山区鲁谷"),
    ("东城区，和平里，七区，外卖小哥电动车天天在楼道充电", "北京市东城区和平里七区"),
    ("通州区，玉桥，北里，楼下健身器材坏了，好几个月没人修", "北京市通州区玉桥北里"),
    ("顺义区，石园，北区 3号楼，楼上漏水到我家，找了好几次不管", "北京市顺义区石园北区3号楼"),
])
def test_t59_a_place_in_pieces_before_the_problem_is_its_place(live, domain, text, place):
    """tester59 G11: a first message that begins with its place in pieces was asked 请问问题发生在哪里."""
    slots, _, _ = validate(domain, text, "description", requested_slot=None)
    assert slots.get("address") == place, slots


def test_t59_a_bare_district_run_into_its_area_gets_its_district(live):
    """tester59 G11: 我说了石景山鲁谷啊 was stored as 石景山鲁谷 (no district: a city unit)."""
    import asyncio

    from actions.form import ValidateComplaintForm

    assert asyncio.run(ValidateComplaintForm._place("我说了石景山鲁谷啊")) == "北京市石景山区鲁谷"
    assert asyncio.run(ValidateComplaintForm._place("朝阳公园南门")) == "北京市朝阳区朝阳公园南门"


def test_t59_a_name_with_the_yes_at_the_read_back(live, domain):
    """tester59 G15: 对，店名叫农家乐老李家 (read as neither yes nor no) got 信息正确请回复“对”…, and the name was lost."""
    held = {"description": "那个饭店宰客，一盘炒土豆丝要八十八", "description_draft": "那个饭店宰客，一盘炒土豆丝要八十八",
            "address": "北京市怀柔区汤河口镇", "time": "今天中午", "contact": "不留", "complaint_category": "市场监管"}
    slots, _, messages = _read_back("对，店名叫农家乐老李家", "inform", held, domain)
    assert slots.get("description") == held["description"] + "，店名叫农家乐老李家", (slots, said(messages))
    assert "utter_confirm_or_fix" not in str(messages)


def test_t59_the_district_said_again_and_again_answers_which_district(live, domain):
    """tester59 G10/G12: asked 请问“卢沟桥晓月苑小区”在哪个区, 丰台丰台丰台，说几遍了 filed 地点：卢沟桥晓月苑小区 (a city unit)."""
    held = {"description": "小区门口那个违建还在", "description_draft": "小区门口那个违建还在", "place_piece": "卢沟桥晓月苑小区"}
    slots, _, _ = _answer(domain, "丰台丰台丰台，说几遍了", "address", held, intent="nlu_fallback")
    assert slots.get("address") == "北京市丰台区卢沟桥晓月苑小区", slots


@pytest.mark.parametrize("text, place", [
    ("你好，我是丰台区的，住在方庄", "北京市丰台区方庄"),
    ("烦不烦，你们就不能快点，通州，北苑，万达广场", "北京市通州区北苑万达广场"),
])
def test_t59_chatter_around_the_place_is_no_part_of_it(live, text, place):
    """tester59 G13: 地点记下了：北京市丰台区的，住在方庄; 地点：烦不烦你们就不能快点通州区北苑万达广场."""
    import asyncio

    from actions.form import ValidateComplaintForm

    assert asyncio.run(ValidateComplaintForm._place(text)) == place


def test_t59_a_place_and_no_number_at_the_phone_question(live, domain):
    """tester59 G13: 望京西园四区门口，不留 was stored as 地点：北京市朝阳区望京西园四区门口，不留, and the phone asked again."""
    held = {"description": "小区门口天天有人摆摊卖菜", "description_draft": "小区门口天天有人摆摊卖菜", "address": "北京市朝阳区望京"}
    slots, _, messages = _answer(domain, "望京西园四区门口，不留", "contact", held)
    assert slots.get("address") == "北京市朝阳区望京西园四区门口" and slots.get("contact") == "不留", (slots, said(messages))


def test_t59_money_taken_and_gone_has_no_hours(live, domain):
    """tester59 G14: 装修公司拿了钱跑了 was asked 请问一般在什么时间段发生."""
    slots, _, _ = validate(domain, "装修公司拿了钱跑了，三万块，找不到人", "description", requested_slot=None)
    assert slots.get("time_needed") is False, slots


def test_t59_a_place_added_at_the_read_back_is_the_places(live, domain):
    """tester59 G15: 补充一下 在来广营桥附近 朝阳区 (read as a complaint) was added to the problem; the place stayed 北五环
    and the case went to city units."""
    held = {"description": "北五环上有人飙车，声音特别大", "description_draft": "北五环上有人飙车，声音特别大",
            "address": "北五环", "contact": "不留", "complaint_category": "交通管理"}
    slots, _, messages = _read_back("补充一下 在来广营桥附近 朝阳区", "complain", held, domain)
    assert slots.get("address") == "北京市朝阳区北五环来广营桥附近", (slots, said(messages))
    assert slots.get("description") == held["description"], slots


def test_t59_a_correction_said_with_pauses_is_no_second_problem(live, domain):
    """tester59 G15: 不对 不是铁皮房 是彩钢板搭的 还把消防通道堵了 (spaces, no commas) got 这个问题我记下了，我们一件一件来,
    and was offered as a new issue after filing."""
    held = {"description": "小区里有人私搭了个铁皮房", "description_draft": "小区里有人私搭了个铁皮房",
            "address": "北京市朝阳区劲松八区", "contact": "不留", "complaint_category": "城乡建设"}
    slots, _, messages = _read_back("不对 不是铁皮房 是彩钢板搭的 还把消防通道堵了", "complain", held, domain)
    assert "彩钢板" in (slots.get("description") or "") and "消防通道" in slots["description"], (slots, said(messages))
    assert not slots.get("second_issue") and "utter_one_at_a_time" not in str(messages), (slots, messages)


def test_t59_a_district_run_into_its_area_in_a_place_answer(live, domain):
    """tester59 G12: 昌平沙河，于辛庄，那个菜鸟驿站，你们管不管啊 was asked 请问“菜鸟驿站”在哪个区 (and 昌平啊 我刚说了 got
    没有理解); 沙河 and 于辛庄 went into the problem."""
    held = {"description": "楼下那个快递驿站把快递全堆在人行道上", "description_draft": "楼下那个快递驿站把快递全堆在人行道上"}
    slots, _, messages = _answer(domain, "昌平沙河，于辛庄，那个菜鸟驿站，你们管不管啊", "address", held)
    assert slots.get("address") == "北京市昌平区沙河于辛庄菜鸟驿站" and not slots.get("place_piece"), (slots, said(messages))
    assert "沙河" not in (slots.get("description") or ""), slots


def test_t59_i_said_it_in_my_first_words_is_no_part_of_the_problem(live, domain):
    """tester59 G11: 我第一句话就说了，顺义区石园北区3号楼 added 我第一句话就说了 to the problem."""
    text = "楼上漏水到我家，找了好几次不管"
    slots, _, _ = _answer(domain, "我第一句话就说了，顺义区石园北区3号楼", "address",
                          {"description": text, "description_draft": text, "contact": "不留"})
    assert slots.get("address") == "北京市顺义区石园北区3号楼", slots
    assert slots.get("description") in (None, text), slots


@pytest.mark.parametrize("text", ["就10号线啊，地铁还有地址吗", "不知道"])
def test_t59_a_subway_line_is_the_place_of_its_crowding(live, domain, text):
    """tester59 G12: 地铁10号线早高峰太挤了: 就10号线啊 地铁还有地址吗 was taken as more of the problem and the place asked
    again; 不知道 then got 这个地点还不够具体, and the citizen gave up."""
    held = {"description": "地铁10号线早高峰太挤了，能不能加车", "description_draft": "地铁10号线早高峰太挤了，能不能加车"}
    slots, _, messages = _answer(domain, text, "address", held, intent="deny" if text == "不知道" else "inform")
    assert slots.get("address") == "地铁10号线" and "utter_address_vague" not in str(messages), (slots, messages)


def test_t59_a_place_in_pieces_keeps_its_area_and_loses_what_is_there(live, domain):
    """tester59 G13: 举报，海淀，清河，毛纺路，有个黑加油站… was filed at 北京市海淀区毛纺路有个黑加油站 (清河 lost); 密云水库啊，
    溪翁庄那边 at 密云水库啊溪翁庄."""
    slots, _, _ = validate(domain, "举报，海淀，清河，毛纺路，有个黑加油站，拿桶卖油，挺危险", "description", requested_slot=None)
    assert slots.get("address") == "北京市海淀区清河毛纺路", slots
    slots, _, _ = validate(domain, "密云水库啊，溪翁庄那边", "address", requested_slot="address",
                           slots={"description": "密云水库边上有人在钓鱼", "description_draft": "密云水库边上有人在钓鱼"})
    assert "啊" not in (slots.get("address") or "") and "溪翁庄" in slots["address"], slots


@pytest.mark.parametrize("intent", ["inform", "deny"])
def test_t59_the_place_and_the_time_corrected_in_one_breath(live, domain, intent):
    """tester59 G15: 不对，地址是月季园二区5号楼，时间是每天早上六点多 at the read-back emptied both and asked
    请问问题发生在哪里 from the start."""
    text = "小区里有人遛狗不拴绳，好几次冲我家孩子叫"
    held = {"description": text, "description_draft": text, "address": "北京市门头沟区在5号楼", "contact": "不留",
            "complaint_category": "城乡建设"}
    slots, _, messages = _read_back("不对，地址是月季园二区5号楼，时间是每天早上六点多", intent, held, domain)
    assert slots.get("address") == "北京市门头沟区月季园二区5号楼" and slots.get("time") == "每天早上六点多", (slots, said(messages))
    assert slots.get("requested_slot") == "confirmation", slots


def test_t59_a_firms_name_and_a_home_said_with_the_place_are_the_problems(live, domain):
    """tester59 G13: 公司叫什么美家装饰，在大兴旧宫，我家在亦庄 was stored whole as the place (公司美家装饰在大兴旧宫我家在亦庄);
    the firm's name was in no text."""
    text = "装修公司拿了钱跑了，三万块，找不到人"
    slots, _, _ = validate(domain, "公司叫什么美家装饰，在大兴旧宫，我家在亦庄", "address", requested_slot="address",
                           slots={"description": text, "description_draft": text})
    assert slots.get("address") == "北京市大兴区旧宫" and "美家装饰" in (slots.get("description") or ""), slots


def test_t59_i_said_it_read_as_goodbye_at_the_time_question(live, domain):
    """tester59 G14: 我说过了 (read as goodbye) asked when got 抱歉，我没有理解 and the question again."""
    from actions.actions import ActionLeaveForm

    held = {"description": "楼下饭馆油烟太大，周末都不停", "description_draft": "楼下饭馆油烟太大，周末都不停",
            "address": "北京市东城区东四", "time_needed": True}
    slots, events, messages = run(ActionLeaveForm(), tracker_json(text="我说过了", intent="goodbye", slots=held,
                                                                   requested_slot="time"), domain)
    assert slots.get("time") == "周末" and "没有理解" not in said(messages), (slots, said(messages))
    assert "utter_please_rephrase" not in str(messages)


# -- G11 e05: a reservoir, and a landmark named after its district --------------------------------------------------

def test_t59_a_reservoir_in_the_first_message_is_the_place(live, domain):
    """e05: 密云水库边上有人在钓鱼 还有人下水游泳 was 不够具体 (fishing and swimming no problem words) and then asked
    where; 密云 alone was read as the district."""
    slots, _, messages = validate(domain, "密云水库边上有人在钓鱼 还有人下水游泳", "description", requested_slot=None)
    assert slots.get("address") == "北京市密云区密云水库", (slots, said(messages))
    assert slots.get("requested_slot") != "address"


@pytest.mark.parametrize("text, place", [
    ("朝阳公园门口", "北京市朝阳区朝阳公园门口"),
    ("密云水库边上", "北京市密云区密云水库边上"),
    ("就在十三陵水库", "北京市昌平区十三陵水库"),
])
def test_t59_a_landmark_named_after_its_district_keeps_the_district(live, domain, text, place):
    """朝阳公园门口 / 密云水库边上 were filed as said, with no district (city-level units)."""
    slots, _, messages = validate(domain, text, "address", requested_slot="address",
                                  slots={"description": "有人在钓鱼 还有人下水游泳"})
    assert slots.get("address") == place, (slots, said(messages))
