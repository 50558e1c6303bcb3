"""诉求类型: praise and questions told from complaints (a tester's praise was triaged as a complaint)."""

from __future__ import annotations

import pytest

from nlu.request_kind import request_kind

PRAISE = "我想表扬一下朝阳区劲松街道农光里社区的工作人员小李。上个月我母亲一个人在家摔倒了，小李入户走访时发现，" \
         "立即叫了120，还一直陪着到医院，等我赶到才离开。这样的社区工作者太难得了，希望领导给予表彰！"


@pytest.mark.parametrize("text, kind", [
    (PRAISE, "表扬"),
    ("给海淀区学院路派出所的民警送面锦旗，他们帮我找回了走丢的孩子", "表扬"),
    ("非常感谢环卫师傅，下雪天一早就把我们小区门口的路扫干净了", "表扬"),
    ("致朝阳医院急诊科的感谢信：我父亲突发心梗，医生护士全力抢救", "表扬"),
    ("您好我想咨询一下，我是外地户口在北京打零工，灵活就业的话能不能在北京交社保？要去哪儿办，需要带什么材料？", "咨询"),
    ("请问在北京办理居住证需要提供哪些材料？我在昌平区回龙观租房住了半年多了，应该去哪个派出所办，网上能不能办？", "咨询"),
    ("我不是投诉，就是想问问，北京市现在老旧小区加装电梯政策是怎么样的，需要全楼业主都同意吗？政府补贴多少钱？", "咨询"),
    # complaints, whatever thanks or questions they carry
    ("朝阳区望京阜通东大街在建工地夜间施工噪音严重，请查处。感谢领导重视！", "投诉"),
    ("这种乱收费合法吗？请教育部门核查。", "投诉"),
    ("请问C市的出租车乱象何时整治？", "投诉"),
    ("我要投诉西城区德胜街道办事处的一个工作人员，窗口那个女同志态度特别恶劣", "投诉"),
    ("表扬信都送了三次了，物业还是不修电梯，没人管", "投诉"),
    # a seventh tester's: praise at the start decides whatever problem the praised act solved
    ("我想表扬一下海淀区学院路街道城管队的王队长，上周我们小区门口的违建摊点他带队三天就清理干净了", "表扬"),
    ("感谢东城区交道口街道的社区民警，帮我找回了走失的母亲，特送锦旗一面表示感谢！", "表扬"),
    ("我想表扬一下物业，但是保安态度太差了", "投诉"),
    ("首先十分感谢您能在百忙之中看这封信。我家楼下烧烤店油烟太大", "投诉"),
    ("", "投诉"),
])
def test_request_kind(text, kind):
    assert request_kind(text) == kind
