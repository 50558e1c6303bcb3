"""The bot's REST channel: spoken pauses (spaces between Chinese characters) read as commas."""

from __future__ import annotations

import pytest

from connectors.spoken_rest import SpokenRestInput, spoken_pauses


@pytest.mark.parametrize("said, read", [
    # tester47: voice input with spaces for commas (the place, the hotline called, the correction)
    ("我已经下楼了 打了96777说马上到 西城区广安门外街道红居南街小区3号楼",
     "我已经下楼了，打了96777说马上到，西城区广安门外街道红居南街小区3号楼"),
    ("东城区 嗯 那个 和平里街道 不对 是和平里九区", "东城区，嗯，那个，和平里街道，不对，是和平里九区"),
    ("反映两个事 一是楼顶有人盖彩钢房 二是消防通道被堵", "反映两个事，一是楼顶有人盖彩钢房，二是消防通道被堵"),
    ("好的， 谢谢 ", "好的，谢谢"),
    ("楼上　装修太吵", "楼上，装修太吵"),  # an ideographic space
    # spaces beside digits and Latin letters, and between Chinese numerals, stay
    ("幺三九 一二三四 五六七八", "幺三九 一二三四 五六七八"),
    ("186 0011 2233 我姓李", "186 0011 2233 我姓李"),
    ("朝阳区劲松街道农光里小区 12号楼3单元", "朝阳区劲松街道农光里小区 12号楼3单元"),
    ("望京SOHO T3 楼下", "望京SOHO T3 楼下"),
    ("Hello I want to complain", "Hello I want to complain"),
    ("", ""),
])
def test_connectors_spoken_pauses_are_commas(said, read):
    assert spoken_pauses(said) == read


def test_connectors_the_channel_keeps_rasas_rest_name():
    """/webhooks/rest/webhook stays the URL the web chat and the tests call."""
    assert SpokenRestInput.name() == "rest"
