"""Where past cases placed a community or road: a complaint naming it alone gets that district."""

from __future__ import annotations

from triage.place_memory import PlaceMemory


def _ents(**address):
    return {"address": address, "times": [], "objects": [], "pii": {}}


TONGZHOU = dict(district="北京市通州区", street="北京市通州区梨园镇", community="云景里小区",
                address="北京市通州区梨园镇云景里小区")


def test_a_community_named_alone_is_placed_where_past_cases_placed_it():
    m = PlaceMemory()
    alone = _ents(community="云景里小区")
    m.learn("JS1", _ents(**TONGZHOU))
    assert m.complete(alone) == alone   # one case is not enough
    m.learn("JS1", _ents(**TONGZHOU))   # the same case again counts once
    assert m.complete(alone) == alone
    m.learn("JS2", _ents(**TONGZHOU))
    got = m.complete(alone)
    assert got["address"] == {"community": "云景里小区", "district": "北京市通州区", "street": "北京市通州区梨园镇"}
    assert got["address_from_cases"] == {"name": "云景里小区", "district": "北京市通州区",
                                         "street": "北京市通州区梨园镇", "cases": 2}
    assert alone["address"] == {"community": "云景里小区"}   # the caller's dict is left as it was
    # a district said is never replaced; a place outside Beijing is not placed in it
    said = _ents(community="云景里小区", district="北京市朝阳区")
    assert m.complete(said) == said
    yanjiao = {**_ents(community="云景里小区"), "outside_beijing": "燕郊"}
    assert m.complete(yanjiao) == yanjiao


def test_places_past_cases_disagree_on_or_inferred_ones_are_not_used():
    m = PlaceMemory()
    for i, district in enumerate(["北京市朝阳区", "北京市朝阳区", "北京市海淀区"]):
        m.learn(f"JS{i}", _ents(road="建设路", district=district))
    assert "address_from_cases" not in m.complete(_ents(road="建设路"))   # 2 of 3: not 75 %
    inferred = {**_ents(road="幸福路", district="北京市东城区"), "address_from_cases": {"name": "幸福路"}}
    m.learn("JS8", inferred)
    m.learn("JS9", inferred)
    assert "address_from_cases" not in m.complete(_ents(road="幸福路"))
    # streets that disagree: the district alone
    m.learn("JSa", _ents(road="京通路", district="北京市通州区", street="北京市通州区梨园镇"))
    m.learn("JSb", _ents(road="京通路", district="北京市通州区", street="北京市通州区永顺镇"))
    got = m.complete(_ents(road="京通路"))
    assert got["address"] == {"road": "京通路", "district": "北京市通州区"}


def test_a_community_said_with_its_building_or_gate_is_the_same_place():
    """tester46 Q11: after three cases placed 花家地北里 in 朝阳区 (as 花家地北里小区3号楼, 花家地北里, …),
    花家地北里小区门口 and 花家地北里3号楼 stayed unplaced (the city's 城管, not 朝阳区's)."""
    from triage.place_memory import place_core

    assert [place_core(n) for n in ("花家地北里小区3号楼", "花家地北里小区门口", "花家地北里3号楼", "花家地北里",
                                     "3号楼", "云景里小区")] == ["花家地北里", "花家地北里", "花家地北里", "花家地北里",
                                                              "3号楼", "云景里"]
    m = PlaceMemory()
    m.learn("JS17", _ents(community="花家地北里小区3号楼", district="北京市朝阳区", street="北京市朝阳区望京街道"))
    m.learn("JS19", _ents(community="花家地北里", district="北京市朝阳区"))
    for said in ("花家地北里小区门口", "花家地北里3号楼"):
        got = m.complete(_ents(community=said))
        assert got["address"]["district"] == "北京市朝阳区", said
        assert got["address_from_cases"]["name"] == said and got["address_from_cases"]["cases"] == 2
