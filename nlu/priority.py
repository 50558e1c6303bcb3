"""Priority cases (重点件): no danger that needs 110 or 120 now, but a case that must not wait in
first-come-first-served order.

``priority(text)`` names two kinds a senior operator treats as 急件 (a tester's operator round, W13):

- **群体性欠薪**: wages owed to ten or more workers at once (包工头欠了我们二十多个工人三个月工资), or to
  three or more before the Spring Festival or with the boss gone (我们8个工人三个月没发工资 快过年了); the
  district's labour inspectors (欠薪专班) act on the same day.
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
    kind: str     # 群体性欠薪 | 老人被困楼上 | 停电危及用氧 | 儿童疑似受虐
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
# three to nine workers: a priority too when the boss is gone or the festival near (tester59 G20: 我们8个工人三个月
#没发工资 快过年了 was an ordinary case)
_SOME = re.compile(rf"(?<![0-9一二三四五六七八九十百])(?:[3-9]|[三四五六七八九]|三四|四五|五六|六七|七八|八九)"
                   rf"(?:个|名|位|号){_WORKERS}")
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
# a lift of a public place, not of the home (过街天桥的电梯一直停用，坐轮椅的根本上不去: session 48's own complaint got the
# 重点件 and 市场监管 first): the place is inconvenient, nobody is shut in
_PUBLIC_LIFT = re.compile(r"天桥|过街|地铁|地下通道|商场|超市|车站|火车站|站台|医院|公园|景区|机场")
# a broken lift said as past and fixed (电梯上个月坏过，已经修好了) is no reason to hurry
_FIXED = re.compile(r"(?<!没)(?<!没有)(?<!未)(?<!还没)(?<!不)(?:修好|已修|恢复|好了|正常了|解决了)")


# a home with someone on a medical machine and the power cut (tester57 F2/F3: 停电了…家里有个老人要用制氧机 was an
# ordinary case): the repair hurried, the operator calls back about the patient
_POWER_CUT = re.compile(r"停电|断电|没电了|没有电了|没电|跳闸|拉闸")
_ON_MACHINE = re.compile(r"制氧机|氧气机|吸氧|呼吸机|透析机|腹透机|吸痰器|输液泵|家用氧|用氧")
# a small child beaten at home, told by a neighbour (tester57 F2/F3: 对门邻居天天打孩子 孩子哭得撕心裂肺的 今天又打了
# was an ordinary case): for the police the same day, never left in the queue
_CHILD = r"(?:孩子|小孩|小孩儿|儿童|男孩|女孩|小女孩|小男孩|闺女|儿子|女儿)"
_CHILD_BEATEN = re.compile(
    rf"(?:天天|每天|整天|成天|经常|老是|总是|三天两头|动不动就?|又|往死里)[^。！？!?，,]{{0,3}}(?:打|揍|虐待|抽|踹)(?:了)?{_CHILD}"
    rf"|虐待{_CHILD}|{_CHILD}[^。！？!?，,]{{0,6}}(?:被|挨)[^。！？!?，,]{{0,6}}(?:天天|每天|经常|老是|总是)?(?:打得|虐待|毒打)"
    rf"|(?:打|揍)(?:得)?{_CHILD}[^。！？!?]{{0,12}}(?:哭得撕心裂肺|惨叫|哭喊|喊救命|遍体鳞伤|浑身是伤|身上都是伤|青一块紫一块)"
    # 隔壁邻居家大人打孩子 打得可狠了 听见孩子哭着说别打了 (tester59 G6: no priority)
    rf"|(?:大人|家长|爸爸|妈妈|他爸|他妈|父母|后妈|继母|继父)[^。！？!?，,]{{0,3}}(?:打|揍|抽|踹){_CHILD}"
    rf"[^。！？!?]{{0,16}}(?:狠|惨叫|哭喊|喊救命|别打了|求饶|伤)"
    # 邻居家孩子天天哭，怀疑被打 (session 48: no priority): a neighbour's suspicion of a child beaten is the police's check
    rf"|{_CHILD}[^。！？!?]{{0,8}}(?:天天|每天|经常|老是|总是|整夜|半夜)[^。！？!?]{{0,3}}哭[^。！？!?]{{0,8}}"
    rf"(?:怀疑|好像|可能|估计)[^。！？!?]{{0,4}}(?:被打|挨打|被虐待|被虐)")
_NOT_AT_HOME = re.compile(r"老师|幼儿园|学校|班主任|教练|保姆|培训|托管|游戏|打游戏|打针|打疫苗")


def priority(text: str) -> Priority | None:
    """The priority ``text`` names (群体性欠薪, 老人被困楼上), or None."""
    if not text:
        return None
    # the workers owed, in the sentence that says so and near it (not a company's size: 我们公司一共有三十个人)
    def owed_group(pattern: re.Pattern) -> re.Match | None:
        return next((g for sentence in re.finditer(r"[^。！？!?；;\n]+", text) if WAGES_OWED.search(sentence.group(0))
                     for g in [pattern.search(sentence.group(0))]
                     if g and any(abs(w.start() - g.start()) <= 30 for w in WAGES_OWED.finditer(sentence.group(0)))),
                    None)

    group = owed_group(_GROUP)
    pressing = _URGENT_WAGES.search(text)
    if group:
        reason = "十人以上的欠薪" + (f"，且说到“{pressing.group(0)}”" if pressing else "") + \
                 "：按急件当日转区人力社保局劳动保障监察（欠薪专班），勿按先后顺序排队"
        return Priority("群体性欠薪", reason, group.group(0))
    some = owed_group(_SOME) if pressing else None
    if some:
        return Priority("群体性欠薪", f"多名工人欠薪，且说到“{pressing.group(0)}”：按急件当日转区人力社保局劳动保障监察"
                                      "（欠薪专班），勿按先后顺序排队", some.group(0))
    machine = _ON_MACHINE.search(text)
    if machine and _POWER_CUT.search(text):
        return Priority("停电危及用氧",
                        "停电而家中有人依赖制氧机、呼吸机等医疗设备：按急件当日督促抢修，回电时先问病人情况，勿按先后顺序排队",
                        machine.group(0))
    beaten = _CHILD_BEATEN.search(text)
    if beaten and not _NOT_AT_HOME.search(text):
        return Priority("儿童疑似受虐",
                        "儿童疑似在家中遭受殴打：按急件当日转公安机关（派出所）上门核查，并告知社区、妇联，勿按先后顺序排队",
                        beaten.group(0))
    stuck = _OLD_STUCK.search(text)
    lift = _LIFT.search(text)
    if stuck and lift and not _FIXED.search(text[lift.end():]) \
            and not _PUBLIC_LIFT.search(text, max(0, lift.start() - 20), lift.end()):
        return Priority("老人被困楼上",
                        "高龄或行动不便的人因电梯停运下不了楼：按急件当日派单、督促抢修电梯，勿按先后顺序排队",
                        stuck.group(0))
    return None
