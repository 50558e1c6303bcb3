"""Tester-50 findings on the complaint form: facts said where the place is asked (C4), what a stored place
keeps (C5), a place outside Beijing (C3), 算了 (C7), a person asked for before the place (C2), the home
and the place of the problem (C10), and the smaller ones (C12, C16-C19, C21)."""

from __future__ import annotations

from typing import Any

import pytest
from actions.form import ValidateComplaintForm
from conftest import tracker_json
from test_actions import run, said, validate


def _at_address(domain: dict[str, Any], description: str, text: str, **slots: Any):
    return validate(domain, text, "address", requested_slot="address",
                    slots={"description": description, "description_draft": description, "time_needed": True,
                           **slots})


# -- C4: facts said where the place is asked -----------------------------------------------------------

@pytest.mark.parametrize("description, text, kept", [
    ("我家暖气不热", "家里才十五六度，老伴冻得直咳嗽😷", "老伴冻得直咳嗽"),
    ("老板不给工资", "快递公司的，顺丰 不对 是中通的分拣场", "中通的分拣场"),
])
def test_t50_facts_at_the_place_question_join_the_problem(live, domain, description, text, kept):
    """tester50 C4: 冻得直咳嗽 / 中通的分拣场 typed where the place was asked were dropped (这个地点还不够具体):
    they join the description (好的，记下了), the place is asked again; a piece said wrong (顺丰 不对) is left out."""
    slots, _, messages = _at_address(domain, description, text)
    assert slots.get("address") is None and slots["requested_slot"] == "address", slots
    assert slots["description"].startswith(description) and kept in slots["description"], slots
    assert "顺丰" not in slots["description"] and "不对" not in slots["description"], slots
    assert "记下了" in said(messages) and "utter_address_vague" not in said(messages), messages


def test_t50_a_fee_said_monthly_is_the_problem_not_its_time(live, domain):
    """tester50 C4: 每个月除了保教费还要另外交800的兴趣班费… where the place was asked was stored as the time
    (时间：每个月除了保教费…): it tells the problem, it joins the description; no time taken."""
    text = "每个月除了保教费还要另外交800的兴趣班费，说是自愿其实不交不行"
    slots, _, messages = _at_address(domain, "我们孩子上的幼儿园乱收费", text)
    assert not slots.get("time"), slots
    assert "兴趣班费" in slots["description"] and slots["requested_slot"] == "address", slots
    assert "时间记下了" not in said(messages), messages


def test_t50_hours_at_the_place_question_are_still_the_time(live, domain):
    """tester50 C4 (what worked stays): 每天晚上十一点以后 where the place was asked is the time."""
    slots, _, _ = _at_address(domain, "楼下烧烤店油烟太大", "每天晚上十一点以后")
    assert slots.get("time") == "每天晚上十一点以后" and slots.get("address") is None, slots
