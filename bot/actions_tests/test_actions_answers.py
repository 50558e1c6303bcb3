"""What the bot says and understands in a danger and beside a complaint (tester47): a lift entrapment."""

from __future__ import annotations

from typing import Any

from actions.actions import ActionAskAddress
from actions.form import ValidateComplaintForm
from conftest import tracker_json
from test_actions import run, said, validate


def _chat(state: dict[str, Any], *turns: tuple[str, list[str]],
          slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """``state`` with earlier turns before its message (the citizen's words, the bot's answers), the
    form's ``slots`` set before them as the server had set them."""
    before: list[dict[str, Any]] = [{"event": "slot", "name": k, "value": v} for k, v in (slots or {}).items()]
    for text, bot in turns:
        before += [{"event": "action", "name": "action_listen"},
                   {"event": "user", "text": text, "parse_data": {"intent": {"name": "complain"}}},
                   *({"event": "bot", "text": t} for t in bot)]
    state["events"] = before + state["events"]
    return state


def _this_turn(state: dict[str, Any], *bot: str) -> dict[str, Any]:
    state["events"] += [{"event": "bot", "text": t} for t in bot]
    return state


# -- B4: trapped in a lift ----------------------------------------------------------------------------

LIFT = "救命，我被困在电梯里了，卡在七楼和八楼中间，手机信号很差"
AFRAID = "我好害怕，里面越来越闷了，喘不上气"
RESCUED = "消防的来了，把我救出来了，电梯是海淀区万寿路街道翠微西里3号楼的，这电梯老出毛病，上个月也困过人"


def _lift_opened(domain: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    slots, _, messages = validate(domain, LIFT, "description")
    assert "如被困电梯" in said(messages) and slots["requested_slot"] == "address", (slots, messages)
    kept = {k: slots.get(k) for k in ("description", "description_draft", "complaint_category", "department",
                                      "time_needed")}
    return kept, [m.get("text") or "" for m in messages] + ["请问问题发生在哪里？请说一下区、街道、小区或道路名称。"]


def test_actions_afraid_in_a_lift_gets_the_lifts_reassurance_not_the_poisoning_advice(live, domain):
    """tester47 B4: trapped in a lift, 我好害怕，里面越来越闷了，喘不上气 got 如有人误服、中毒或突发急症…误服的
    物品请保留包装. While the citizen is in the lift: the car is ventilated, stay calm, the alarm, 96333 /
    119, 120 if someone faints; nothing taken as the place, and no question after it."""
    kept, opened = _lift_opened(domain)
    state = _chat(tracker_json(text=AFRAID, intent="complain", requested_slot="address", slots=kept,
                               set_now={"address": AFRAID, "description": AFRAID}), (LIFT, opened), slots=kept)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "通风" in told and "96333" in told and "120" in told and "不用急着登记" in told, told
    assert "误服" not in told and "保留包装" not in told, told
    assert got.get("address") is None and got["requested_slot"] == "address", got
    assert got.get("description") == kept["description"], got  # the complaint is not replaced by the fear
    state = _this_turn(_chat(tracker_json(text=AFRAID, requested_slot="address", slots=kept), (LIFT, opened)),
                       *(m.get("text") for m in messages))
    assert run(ActionAskAddress(), state, domain)[2] == []  # the bot waits: no "请问问题发生在哪里" after it


def test_actions_rescued_from_the_lift_ends_the_danger_and_the_place_is_taken(live, domain):
    """tester47 B4: 消防的来了，把我救出来了，电梯是海淀区…3号楼的，… got 请马上拨打120…陪着病人 with the whole
    sentence as the address. 救出来了 ends the danger: glad words, the place taken, the form goes on."""
    kept, opened = _lift_opened(domain)
    state = _chat(tracker_json(text=AFRAID, intent="complain", requested_slot="address", slots=kept,
                               set_now={"address": AFRAID}), (LIFT, opened), slots=kept)
    _, _, calmed = run(ValidateComplaintForm(), state, domain)
    history = [(LIFT, opened), (AFRAID, [m.get("text") or "" for m in calmed])]
    state = _chat(tracker_json(text=RESCUED, intent="complain", requested_slot="address", slots=kept,
                               set_now={"address": RESCUED}), *history, slots=kept)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    told = said(messages)
    assert "出来了就好" in told and "120" not in told and "病人" not in told, told
    assert "海淀区万寿路街道翠微西里3号楼" in got["address"] and "救" not in got["address"], got
    assert got["requested_slot"] == "contact", got
    # "救出来了" alone: the good news, and the place is asked (no wait after it)
    state = _chat(tracker_json(text="救出来了", intent="inform", requested_slot="address", slots=kept,
                               set_now={"address": "救出来了"}), *history, slots=kept)
    got, _, messages = run(ValidateComplaintForm(), state, domain)
    assert "出来了就好" in said(messages) and "不用急着登记" not in said(messages), messages
    assert got.get("address") is None and got["requested_slot"] == "address", got
    state = _this_turn(_chat(tracker_json(text="救出来了", requested_slot="address", slots=kept), *history),
                       *(m.get("text") for m in messages))
    assert [m.get("response") for m in run(ActionAskAddress(), state, domain)[2]] == ["utter_ask_address"]
