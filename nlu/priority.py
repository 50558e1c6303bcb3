"""Priority cases (重点件): no danger that needs 110 or 120 now, but a case that must not wait in
first-come-first-served order.

``priority(text)`` names two kinds a senior operator treats as 急件 (a tester's operator round, W13):

- **群体性欠薪**: wages owed to ten or more workers at once (包工头欠了我们二十多个工人三个月工资), all the
  more before the Spring Festival or with the boss gone; the district's labour inspectors (欠薪专班) act on
  the same day.
- **老人被困楼上**: a very old, disabled or bedridden person who cannot get down (or up) because the lift is
  broken (楼里好几个老人八九十岁了下不了楼, 我妈八十多了住18楼下不来).

A triage returns it as ``priority``; a filed case keeps the kind, and the operators' queue lists open
priority cases after the open dangers and before everything else. Rules, not a model, for the
reasons ``nlu.urgency`` gives: an operator sees which words marked the case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Priority:
    kind: str     # 群体性欠薪 | 老人被困楼上
    reason: str   # why it goes first, for the operator, in Chinese
    words: str    # the words that named it, as written


WAGES_OWED = re.compile(r"拖欠|欠薪|讨薪|欠(?:了)?[^。！？!?]{0,16}(?:工资|工钱|薪水|劳务费|血汗钱)|"
                         r"(?:工资|工钱|薪水|劳务费|血汗钱)[^。！？!?]{0,8}(?:没发|不发|没给|不给|没结|不结|拖着|拿不到|要不到|要不回|"
                         r"(?:一分钱?|一分|一毛钱?)?(?:都|也)?没(?:拿到|到手|见着|给))|"
                         r"(?:不发|没发|不给|没给|不结|没结|拿不到|要不到|要不回)[^。！？!?]{0,6}(?:工资|工钱|薪水|劳务费)|"
                         r"(?:工资|工钱|薪水|劳务费)[^。！？!?]{0,4}(?:未发|未付|未支付|没到手)|"
                         r"干了[^。！？!?，,]{0,10}活[^。！？!?]{0,8}(?:一分钱|钱)(?:都|也)?(?:没|不)(?:拿到|给|结|见着)")
# how many were not paid: ten or more (二十多个工人, 十几个人, 30多名农民工, 上百人, 几十号人)
_MANY = (r"(?:[1-9]\d+|[二三四五六七八九]?十[一二三四五六七八九]?|上百|一百|几十|数十|十几|二十几|三十几|好几十)"
         r"(?:多|来|几)?(?:个|名|位|号)?")
_WORKERS = r"(?:工人|农民工|员工|职工|工友|兄弟|师傅|人|老乡|同事|骑手|保安|保洁)"
_GROUP = re.compile(rf"(?<!一共有)(?<!总共有)(?<!共有)(?<!公司有)(?<!单位有)(?<![一二三四五六七八九十百千0-9]){_MANY}{_WORKERS}|全(?:体|部)(?:工人|员工|职工)|(?:所有|整个)(?:工人|员工|班组|工地的人)")
# the boss gone or the festival near: said in the reason, not needed for the kind
_URGENT_WAGES = re.compile(r"跑了|跑路|找不着|找不到人|联系不上|失联|不接电话|快过年|过年|春节|年底|年关")

_OLD = (r"老人|老太太|老大爷|老爷子|老爷爷|老奶奶|老两口|老伴|高龄|[七八九]十(?:多|几)?岁|[七八九]旬|"
        r"(?<![0-9])[7-9][0-9](?:多)?岁|"
        # 我妈86了 (tester56 E7: digits, no 岁) as 我妈八十多了
        r"(?:我|俺)(?:妈|爸|母亲|父亲|奶奶|爷爷|姥姥|姥爷)[^。！？!?，,]{0,3}(?:[七八九]十|(?<![0-9])[7-9][0-9](?![0-9]))|"
        r"残疾|坐轮椅|轮椅|瘫痪|卧床|腿脚不(?:好|便|方便)|行动不便|拄拐|孕妇")
_STUCK = (r"下不(?:了|来|去)(?:楼)?|上不(?:了|去|来)(?:楼)?|出不了门|出不去|困在(?:楼上|家里?|家中)|被困在家|"
          r"没法下楼|不能下楼|下楼(?:都)?(?:困难|费劲)|好几天没下(?:过)?楼")
_LIFT_DOWN = r"电梯[^。！？!?]{0,8}(?:坏|停|不(?:能|运行|转|动)|故障|停运|罢工|不好使)"
_OLD_STUCK = re.compile(rf"(?:{_OLD})[^。！？!?]{{0,40}}(?:{_STUCK})|(?:{_STUCK})[^。！？!?]{{0,12}}(?:{_OLD})")
_LIFT = re.compile(_LIFT_DOWN)
# a broken lift said as past and fixed (电梯上个月坏过，已经修好了) is no reason to hurry
_FIXED = re.compile(r"(?<!没)(?<!没有)(?<!未)(?<!还没)(?<!不)(?:修好|已修|恢复|好了|正常了|解决了)")


def priority(text: str) -> Priority | None:
    """The priority ``text`` names (群体性欠薪, 老人被困楼上), or None."""
    if not text:
        return None
    # the workers owed, in the sentence that says so and near it (not a company's size: 我们公司一共有三十个人)
    group = next((g for sentence in re.finditer(r"[^。！？!?；;\n]+", text) if WAGES_OWED.search(sentence.group(0))
                  for g in [_GROUP.search(sentence.group(0))]
                  if g and any(abs(w.start() - g.start()) <= 30 for w in WAGES_OWED.finditer(sentence.group(0)))), None)
    if group:
        pressing = _URGENT_WAGES.search(text)
        reason = "十人以上的欠薪" + (f"，且说到“{pressing.group(0)}”" if pressing else "") + \
                 "：按急件当日转区人力社保局劳动保障监察（欠薪专班），勿按先后顺序排队"
        return Priority("群体性欠薪", reason, group.group(0))
    stuck = _OLD_STUCK.search(text)
    lift = _LIFT.search(text)
    if stuck and lift and not _FIXED.search(text[lift.end():]):
        return Priority("老人被困楼上",
                        "高龄或行动不便的人因电梯停运下不了楼：按急件当日派单、督促抢修电梯，勿按先后顺序排队",
                        stuck.group(0))
    return None
