"""The REST channel (``/webhooks/rest/webhook``, as Rasa's own) with a citizen's spoken pauses read as
commas.

Voice input and hurried typing separate clauses with spaces where writing has commas
(``我已经下楼了 打了96777说马上到 西城区广安门外街道红居南街小区3号楼``). The bot reads clauses by
their punctuation (a place apart from what happened, a time said with it, a correction's
``不对，是…``): a space between two Chinese characters becomes ``，`` before the message reaches the
NLU and the actions. Spaces beside digits or Latin letters stay (``3号楼 2单元``, ``186 0011 2233``,
``望京SOHO T3``), and so do spaces between Chinese numerals (``幺三九 一二三四 五六七八`` is a
phone number).
"""

from __future__ import annotations

import re
from typing import Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.request import Request

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_NUMERAL = "零〇一二三四五六七八九十幺两"
_PUNCT = "，。！？；：、,.!?;:…）)】」』”"
# whitespace with a Chinese character on both sides (numerals on both sides excepted)
_PAUSE = re.compile(rf"(?<=[{_HAN}])[ \t\u3000\u00a0]+(?=[{_HAN}])")
# whitespace beside punctuation says nothing more
_BESIDE_PUNCT = re.compile(rf"[ \t\u3000\u00a0]+(?=[{_PUNCT}])|(?<=[{_PUNCT}（(【「『“])[ \t\u3000\u00a0]+")


def spoken_pauses(text: str) -> str:
    """``text`` with its spoken pauses (spaces between Chinese characters) written as ``，``."""

    def pause(m: re.Match[str]) -> str:
        before, after = m.string[m.start() - 1], m.string[m.end()]
        return m.group(0) if before in _NUMERAL and after in _NUMERAL else "，"

    return _PAUSE.sub(pause, _BESIDE_PUNCT.sub("", text.strip()))


class SpokenRestInput(RestInput):
    """Rasa's REST input channel, same name and URL, with ``spoken_pauses`` applied to each message."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def _extract_message(self, req: Request) -> Optional[Text]:
        text = super()._extract_message(req)
        return spoken_pauses(text) if isinstance(text, str) else text
