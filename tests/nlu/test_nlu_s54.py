"""Session 54's conversations: a dog bite told with the dog as the doer got no advice; the development
zone had no district."""
import pytest

from nlu.urgency import hazard


@pytest.mark.parametrize("text", ["小区里有人遛狗不牵绳，把我孩子咬了", "邻居的狗咬了我女儿", "大狗把我儿子的腿咬破了",
                                  "狗咬了我家孩子", "狗把人咬了"])
def test_a_dog_biting_someone_gets_the_bites_advice(text):
    h = hazard(text)
    assert h is not None and h.kind == "动物咬伤" and "狂犬病" in h.advice, (text, h)


@pytest.mark.parametrize("text", ["狗把我家的鞋咬了", "邻居的狗咬了我家的猫", "上个月邻居的狗咬了我女儿，到现在不赔医药费",
                                  "那条狗去年把我咬了，一直没赔"])
def test_a_thing_bitten_or_a_bite_long_over_is_no_danger_now(text):
    h = hazard(text)
    assert h is None or h.kind != "动物咬伤", (text, h)


@pytest.mark.parametrize("text, value", [
    ("北京经济技术开发区的一个工厂晚上偷偷排放废气", "北京市大兴区北京经济技术开发区"),
    ("北京经济技术开发区荣华中路附近", "北京市大兴区北京经济技术开发区荣华中路"),
    ("亦庄经济开发区的一个工地", "北京市大兴区亦庄经济开发区")])
def test_the_development_zone_is_a_place_in_daxing(text, value):
    """北京经济技术开发区的一个工厂… had no district: the case went to a city bureau (session 54's conversations)."""
    from nlu.entities import extract_entities

    values = [e.value for e in extract_entities(text) if e.kind in ("address", "place")]
    assert value in values, values
    # another city's zone is none of Beijing's
    assert not any("大兴" in (e.value or "") for e in extract_entities("K市经济技术开发区的一家公司拖欠工资"))
