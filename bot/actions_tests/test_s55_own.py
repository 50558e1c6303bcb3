"""Session 55: what whole conversations through the real stack (``jiesu run``) found, each as the action or the
form's step that went wrong."""
from test_actions import run, said, tracker_json, validate


def test_a_hurt_persons_hospital_question_gets_the_injurys_advice_not_the_foods():
    """外卖电动车在人行道上骑得飞快，我妈被撞了 … 需要去医院吗: was told to keep the leftover food and the takeaway's
    packaging (by 外卖); a vehicle's hit is told 122 as well, a fall not, food poisoning keeps the food's advice."""
    from actions.safety import help_asked

    told, _ = help_asked("需要去医院吗", "外卖电动车在人行道上骑得飞快，我妈被撞了")
    assert "受伤" in told and "122" in told and "外卖包装" not in told
    told, _ = help_asked("要去医院吗", "小区里的儿童滑梯断了一块，孩子划伤了")
    assert "受伤" in told and "122" not in told
    told, _ = help_asked("要不要去医院", "吃了楼下饭馆的外卖，全家拉肚子")
    assert "外卖包装" in told and "受伤" not in told


def test_a_housing_estates_name_said_after_its_kind_is_the_place(domain):
    """西城区广安门外大街的一个小区，叫红居南街: read back as 地点：…广安门外大街的一个小区 with 叫红居南街 added to the
    problem."""
    known = {"description": "小区里的儿童滑梯断了一块，孩子差点划伤", "description_draft": "小区里的儿童滑梯断了一块，孩子差点划伤"}
    slots, _, _ = validate(domain, "西城区广安门外大街的一个小区，叫红居南街", "address", requested_slot="address", slots=known)
    assert slots["address"].endswith("西城区广安门外大街红居南街小区")
    assert "红居南街" not in slots.get("description", known["description"])
