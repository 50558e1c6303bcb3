"""Session 43: tester56's leftovers and the fifty-seventh tester's citizens (tester57)."""

from __future__ import annotations

from test_actions import validate


def test_t56_no_progress_is_no_hour_to_ask(live, domain):
    """tester56 E23: 老旧小区改造 说好的加装电梯 到现在还没动静 was asked 请问一般在什么时间段发生: 没动静 is no
    progress, not a noise. A noise's 动静 still asks the hour."""
    slots, _, _ = validate(domain, "我们小区老旧小区改造 说好的加装电梯 到现在还没动静 怀柔区泉河街道 南华园四区",
                           "description", requested_slot=None)
    assert slots.get("time_needed") is False and slots.get("address"), slots
    slots, _, _ = validate(domain, "楼上天天半夜有动静 咚咚的 朝阳区劲松八区", "description", requested_slot=None)
    assert slots.get("time_needed") is True, slots
