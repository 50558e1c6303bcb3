"""Dangers now the fiftieth tester's citizens told in words the rules did not know (tester50 C1, C8):
smoke and a burning smell, someone in the water or down a well, people in a flooding basement, a gas
meter running with nothing on, a bleeding dog bite; and the same words told as past, feared or about
something else, which are none."""

from __future__ import annotations

import pytest

from nlu.urgency import hazard


@pytest.mark.parametrize("text,kind,numbers", [
    # smoke and a burning smell (→ fire, 119)
    ("楼道里全是烟，呛得喘不过气", "火情", ("119", "湿毛巾")),
    ("隔壁屋里冒出好多烟，敲门没人应", "火情", ("119",)),
    ("对面楼里有烟冒出来，还闻到烧焦的味道", "火情", ("119",)),
    ("家里有股烧焦的味道", "火情", ("119",)),
    ("厨房冒烟了", "火情", ("119",)),
    ("楼道里有烧焦的塑料味", "火情", ("119",)),
    ("闻到很浓的焦味", "火情", ("119",)),
    # how a fire's smoke is told too (熏, something burnt while cooking): never taken for a nuisance
    ("楼道里全是烟，熏得眼睛都睁不开", "火情", ("119",)),
    ("楼道里全是烟，好像谁家做饭烧糊了", "火情", ("119",)),
    # a smoke alarm said after a break is no "报警器" risk word of the smoke itself
    ("屋里好多烟，报警器一直响", "火情", ("119",)),
    # someone in the water (→ 110/120/119, not to jump in, something that floats)
    ("有人掉河里了", "人身危险", ("110", "120", "119", "不要贸然下水", "救生圈")),
    ("孩子掉水里了", "人身危险", ("119", "救生圈")),
    ("有人溺水了", "人身危险", ("119",)),
    ("刚才有个女的跳进河里了", "人身危险", ("救生圈",)),
    # down a well: the person first, before the manhole (C8)
    ("快来人！我们小区门口井盖没了，一个老太太掉下去了，腿在流血，人还在下面", "人身危险", ("120和119", "不要自己下井")),
    ("老太太掉井里了，腿在流血，人还在下面", "人身危险", ("120和119",)),
    # people in a flooding basement (→ out, nothing electric, 119)
    ("地下室进水了，水已经到膝盖了，还有人在下面", "积水被困", ("119", "撤到地面", "电器")),
    ("隧道积水，有辆车困在里面出不来了", "积水被困", ("119",)),
    ("地下室被淹了，我爸还在里面", "积水被困", ("119",)),
    # a gas meter running with nothing on (→ a leak, 96777)
    ("家里燃气表一直转但是没用气", "燃气泄漏", ("96777", "阀门")),
    ("燃气表没用气的时候也一直在走", "燃气泄漏", ("96777",)),
    ("灶都关了燃气表还在转", "燃气泄漏", ("96777",)),
    # a dog bite that bleeds, or just now (→ wash 15 min, rabies shots within 24 h, 110 for the owner)
    ("邻居家的狗没拴绳，刚把我儿子腿咬了，出血了😭 狗主人还说不关他事", "动物咬伤",
     ("肥皂水", "15分钟", "24小时内", "狂犬病免疫预防门诊", "110")),
    ("我刚才被狗咬了", "动物咬伤", ("狂犬病",)),
])
def test_urgency_t50_dangers_now_get_their_advice(text, kind, numbers):
    """tester50 C1, C8: each of these got no advice (or the manhole's, or 不够具体)."""
    h = hazard(text)
    assert h is not None and h.kind == kind, (text, h)
    assert all(n in h.advice for n in numbers), (text, h.advice)


@pytest.mark.parametrize("text", [
    # the past, a fear, a risk (a rule needs the danger now)
    "上个月我儿子被狗咬了，流血了",
    "担心会有人掉河里",
    "以前有人掉河里",
    "河边没有护栏，万一有人掉河里怎么办",
    "差点有人掉进井里",
    "井盖被撞飞了，硕大的井口对周边群众形成了一个巨大的威胁，稍有不慎就会有小孩掉进去",
    "小区狗太多了经常咬人",
    # smoke that is no fire: cooking, barbecues, cigarettes, diesel fumes
    "楼下饭店油烟很大，屋里全是油烟味",
    "楼道里全是烟味，有人抽烟",
    "楼下烧烤摊的烟飘进家里，屋里全是烟",
    "停电改用柴油机发电，柴油烟味呛得人透不过气",
    # a bill, a water meter, a basement with no one in it, a pet bitten
    "燃气表一直在走，没用多少气却扣了很多钱",
    "燃气表走得太快了",
    "水表一直转但是没用水",
    "地下车库进水了，车都淹了",
    "我家狗被大狗咬了，流血了",
    "楼道的烟雾报警器一直响",
    "没有烧焦味",
    "焦虑得不行，晚上睡不着",
])
def test_urgency_t50_past_feared_or_other_is_no_danger(text):
    """tester50 C1: false alarms cost too; these are not a danger now."""
    assert hazard(text) is None, (text, hazard(text))
