"""Custom actions of the jiesu bot: thin wrappers over ``actions.api.triage``.

The complaint form asks for a description specific enough to route, the category when the
triage hesitates between two readings, an address that locates the problem, the time only for
kinds where it matters (noise, construction, opening hours), then a confirmation. Each slot is
re-asked at most twice; the third failure says so and offers a person, handed over only when the
citizen agrees. A danger the triage names
(``urgent``: 燃气泄漏, 火情, 坠落 …) gets its safety advice before anything else.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api.triage import ApiError, ApiUnavailable, Locked, NotFound, TriageClient, citizen_of

log = logging.getLogger(__name__)

MAX_RETRIES = 2  # re-asks per slot; the next failure offers a person (handed over if the citizen agrees)
# yes to the offer of a person ("好", "转吧", "行，转人工")
CONSENT = re.compile(r"(?:对|好|好的|行|可以|要|需要|是的?|嗯|中|麻烦|那就|那)*[，,]?(?:转吧|转人工|转|人工|麻烦了?)?"
                     r"(?:吧|啊|呀|的|了)?[。！!]*")
# The category confidences the API gives are calibrated (classifier.model.calibrated_proba): the
# top one is how often a label that far ahead of the runner-up is right, so even a tie reads
# ~0.53, and the rest keep the softmax's shares. On the 8,703 labelled rows out of fold the
# rules below ask which of two readings for ~3 % of complaints (the truth among the two: 97 %).
MIN_CONFIDENCE = 0.35  # below it (and not a two-way tie) the description is too vague to route
MIN_TOP_TWO = 0.75  # the top two together below it (and not a two-way tie): spread over many, too vague
AMBIGUITY_MARGIN = 0.15  # top-2 categories closer than this: ask the citizen which one
SECOND_READING = 0.3  # or the runner-up at least this likely: ask too
MIN_CHARS = 6
NOISE_READING = "环境保护"  # the reading a noise complaint is offered (环境污染（噪音、油烟、排污）)



def _readings(text: str, top: Dict[Text, Any], second: Dict[Text, Any]) -> List[Text]:
    """The two readings offered: the model's top two, a noise complaint always with the noise one
    (环境保护) among them (a shop's noise read as 城乡建设 or 商贸旅游 still offers it)."""
    readings = [top["label"], second["label"]]
    if NOISE_WORDS.search(text) and NOISE_READING not in readings:
        readings[1] = NOISE_READING
    return readings


def torn(top: Dict[Text, Any], second: Dict[Text, Any]) -> bool:
    """Whether the citizen should say which of the top two categories is meant."""
    if second.get("label") is None:
        return False
    return (top["confidence"] - second["confidence"] < AMBIGUITY_MARGIN
            or second["confidence"] >= SECOND_READING)


CASE_NUMBER = re.compile(r"JS\d{8}-\d{6,}", re.IGNORECASE)
# as citizens type it: JS20261205000015, JS 20261205-000015, 工单号20261205-000015 (NFKC first:
# full-width ＪＳ２０２６… from an input method)
CASE_NUMBER_LOOSE = re.compile(r"(?:JS\s*)?(?<!\d)(20\d{6})\s*-?\s*(\d{6,7})(?!\d)", re.IGNORECASE)


_CN_DIGITS = str.maketrans("零〇一二三四五六七八九幺两", "0012345678912")


def plain_digits(text: str) -> str:
    """NFKC (full-width ＪＳ２０２６…), spoken digits as digits when six or more run together
    (九六七六四四 → 967644), and a code said in two halves joined (967 644)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[零〇一二三四五六七八九幺两]{6,}", lambda m: m.group(0).translate(_CN_DIGITS), text)
    # said in groups: 一三九 一一二二 三三四四 (seven digits or more in all)
    # (the last group may be one digit: 幺三八 幺零零 幺二三四 五)
    text = re.sub(r"[零〇一二三四五六七八九幺两]{2,}(?:[ -][零〇一二三四五六七八九幺两]{2,})*"
                  r"(?:[ -][零〇一二三四五六七八九幺两]{1,})",
                  lambda m: re.sub(r"[ -]", "", m.group(0)).translate(_CN_DIGITS)
                  if len(re.sub(r"[ -]", "", m.group(0))) >= 7 else m.group(0), text)
    # a mobile number in uneven groups (138 100 1234 5): eleven digits from 13…19 joined
    text = re.sub(r"(?<![\d-])1[3-9]\d*(?:[ -]\d+)+(?![\d-])",
                  lambda m: re.sub(r"[ -]", "", m.group(0)) if len(re.sub(r"[ -]", "", m.group(0))) == 11
                  else m.group(0), text)
    return re.sub(r"(?<![\d-])(\d{3}) (\d{3})(?!\d)", r"\1\2", text)


# a run of digits as said (spaces, hyphens; an ID's final X), and e-mail addresses: what _shown masks
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9](?:[0-9]|[ -](?=[0-9])){5,}[0-9]?[Xx]?(?![0-9A-Za-z])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _shown(text: str, *, phones_only: bool = False) -> str:
    """``text`` as the bot may say it back: a phone number by its last four digits (尾号2222), ID and
    bank card numbers and e-mail addresses left out in words (（已隐去）), spoken digits included;
    never the API's placeholders (<手机号> …: tester35 N-L1). With ``phones_only``, what is filed for
    a citizen who said 不留: the phone numbers only, as the API's masked text has them (<手机号>)."""
    def mask(m: re.Match[str]) -> str:
        said = m.group(0)
        digits = re.sub(r"[ -]", "", said)
        groups = re.split(r"[ -]", said)
        if len(digits) == 11 and digits[0] == "1" and digits.isdigit():
            return "<手机号>" if phones_only else f"尾号{digits[-4:]}"
        if phones_only and not (7 <= len(digits) <= 12 and digits.isdigit()):
            return said
        if len(digits) in (15, 18) and digits[:-1].isdigit():
            return "（已隐去）"
        if 16 <= len(digits) <= 19 and digits.isdigit():
            return "（已隐去）"
        if 7 <= len(digits) <= 12 and digits.isdigit() and not (len(groups) > 1 and min(map(len, groups)) <= 2):
            return "<座机号>" if phones_only else f"尾号{digits[-4:]}"  # not a date (2026-12-05)
        return said

    # digits as digits (full-width, spoken), the rest as said (not plain_digits: its NFKC turns ，into ,)
    text = re.sub(r"[０-９Ｘｘ－　]+", lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    text = re.sub(r"[零〇一二三四五六七八九幺两]{6,}", lambda m: m.group(0).translate(_CN_DIGITS), text)
    return _DIGIT_RUN.sub(mask, text if phones_only else _EMAIL.sub("（已隐去）", text))


def case_number_in(text: str) -> Optional[str]:
    """The case number in ``text`` (NFKC-normalised), written the API's way, or None."""
    m = CASE_NUMBER_LOOSE.search(text)
    return f"JS{m.group(1)}-{m.group(2)}" if m else None
NO_NUMBER = re.compile(r"没有?(?:工单)?(?:编号|单号|号码)|不知道|忘了|记不(?:得|清)|找不到|丢了|没记")
QUERY_CODE = re.compile(r"(?<![\d-])\d{6}(?!\d)")  # the 查询码 told at filing (outside a case number)
# what the problem is about, when the triage found no object ("小区垃圾没人清理")
PROBLEM_WORDS = re.compile(
    r"垃圾|油烟|异味|臭|污水|排污|污染|排放|违建|违章|违规|违法|私搭|乱建|工资|欠薪|拖欠|社保|公积金|停车|占道|占用|"
    r"堵|漏水|渗水|积水|停水|停电|停气|燃气|暖气|供暖|电梯|物业|收费|乱收|退费|退款|押金|预付|会员卡|扬尘|渣土|"
    r"施工|装修|遛狗|犬|狗|广场舞|红绿灯|信号灯|公交|地铁|出租|网约车|井盖|路灯|树|绿化|消防|隐患|摊|医院|诊所|"
    r"学校|幼儿园|培训|诈骗|拆迁|房|租|食品|过期|变质|假货|质量|价格|卫生|老鼠|蟑螂|虫|损坏|坏了|破损|没人管|"
    r"不给|不退|不修|乱扔|乱停|乱贴|乱摆|广告|小广告|坑|摔|塌|裂|贴条|罚款|冒水|断了|"
    r"拉客|住店|旅馆|宾馆|黑车|号贩|倒号|票贩|乞讨|传销|赌博|偷|盗|扶梯|器材|学区|划片|涨价|公示|"
    r"假|注水|拉肚子|腹泻|中毒|跺脚|态度|拒载|绕路|宰客|骂人|打人|卖烟|烟|煤气|泄漏|泄露|漏气|危险|着火|起火|"
    r"漏电|掉下来|绕道|多收|多要|少找|不打表|甩客|"
    r"喝醉|醉汉|醉酒|酒鬼|撒酒疯|耍酒疯|闹事|大喊大叫|喊叫|叫喊|砸东西|多扣|乱扣|重复扣|扣错|扣钱|扣款|扣费|盗刷|刷卡|"
    # water and a person not seen (tester35 N-M1): 自来水发黄，有铁锈味; 独居老太太好几天没出门了，敲门也没人应
    r"发黄|发浑|浑浊|铁锈|锈味|水质|自来水|没出门|没人应|没人开门|没动静|出事|晕倒|被骗|转账")
# a model this sure of the category reads a real problem even without a word above (学区划分不合理)
SURE = 0.95
# abuse is no part of the complaint: dropped from what is filed ("你们这帮废物" "傻逼")
ABUSE = re.compile(r"傻[逼比叉Bb]|煞笔|沙比|(?<![A-Za-z])(?:[Ss][Bb]|[Tt][Mm][Dd]|[Nn][Mm][Ss][Ll])(?![A-Za-z])|"
                   r"操你|草泥马|日你|他妈的|他妈(?!妈)|个屁|放屁|狗屁|你妹|"
                   r"你妈[的逼]?|妈的|妈逼|尼玛|去死|王八蛋|混蛋|狗日的?|白痴|脑残|贱人|畜生|滚蛋|"
                   r"(?:这帮|一帮|一群|这群)?废物(?:们)?(?=$|[，,。！!？?\s])")
# two problems said in one message ("我要反映两个问题：一是…，二是…"): the first is filed, the second
# reminded of after filing (split only where the citizen says it is another problem)
SECOND_PROBLEM = re.compile(r"[，,。；;！!]\s*(?:二是|第二[，,、：:是]|其二|还有(?:一个|个|一件|件)(?:问题|事)[，,：:]?|"
                            r"另外(?:还有)?(?:一个|个|一件|件)(?:问题|事)[，,：:]?|另一个问题[是，,：:]?|"
                            # "一个是…，另一个是…" (tester42 N2: the second was lost)
                            r"另(?:外)?一(?:个|件)(?:问题|事)?(?:就)?是[，,：:]?)")
# a question about the other problem told (那另一个问题呢, 第二个事呢): never a slot's value (tester42 N2)
OTHER_ASKED = re.compile(r"(?:那|还有|那个|我的|我说的)?(?:另(?:外)?一(?:个|件)|第二(?:个|件)?|另外(?:那|的)?(?:个|件)?|"
                         r"还有一(?:个|件)|刚才(?:说的)?(?:另一|第二)(?:个|件))(?:问题|事情?|事儿)?"
                         r"(?:呢|怎么办|咋办|怎么说|还没登记|没登记|不登记了?吗?|也(?:要|得)?登记(?:一下)?|什么时候登记|"
                         r"给我登记了吗|登记了吗|怎么没登记)(?:啊|呀|吗)?[？?。！!]*")
OTHER_LATER = "这件登记完就接着登记第二件：“{issue}”。"
OTHER_UNKNOWN = "好的，这件登记完，请再说一下另一个问题，我们接着登记。"


def _other_asked(said: str) -> bool:
    """Whether ``said`` only asks about the other problem told (那另一个问题呢, 第二个事呢)."""
    return bool(OTHER_ASKED.fullmatch(re.sub(r"[\s，,]", "", said or "")))


def _other_answer(tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
    """The answer to a question about the other problem while this one is being registered."""
    issue = tracker.get_slot("second_issue")
    text = OTHER_LATER.format(issue=_shown(issue)) if issue else OTHER_UNKNOWN
    if not _said_this_turn(tracker, text):
        dispatcher.utter_message(text=text)
# "…暖气不热，另外楼道灯也坏了": another problem when the rest names a problem the first part does not
ANOTHER_WEAK = re.compile(r"[，,。；;！!]\s*(?:另外|还有就是|还有|再有就是|再就是|再有|顺便说一下|顺便)[，,]?")
TWO_PROBLEMS_LEAD = re.compile(r"^.{0,12}?(?:两|二|2|几)(?:个|件)(?:问题|事情?|事儿)[：:，,。]?\s*"
                               r"(?:一是|第一[，,、：:是]?|其一|一(?:个|件)(?:就)?是[，,：:]?)?")
# what makes the noise: the bot asks for it when the triage found no object (施工 is one, 喧哗 people)
NOISE_SOURCES = re.compile(
    r"施工|工地|装修|电钻|切割|打桩|商铺|店|饭馆|餐馆|酒吧|[Kk][Tt][Vv]|歌厅|练歌房|歌舞厅|[Kk]歌|广场舞|音响|喇叭|邻居|楼上|隔壁|喧哗|"
    r"吵架|唱歌|车|摩托|鸣笛|机器|设备|空调|外机|风机|水泵|锅炉|变压器|狗|犬|鸟|学校|工厂|厂|"
    r"醉|酒鬼|喊|叫|闹事|打架|有人|小卖部|卖部|超市|商店|便利店|铺子|摊|烧烤|撸串|喝酒|划拳|聚会|聚餐|打牌|麻将|"
    r"一帮人|一群人|一伙人|好多人|那帮人|的人|年轻人|孩子|小孩|住户|租户|对门")
# the people a noise disturbs (…吵，影响老人孩子休息; 吵得我家孩子没法写作业) are no source: 孩子 there
# skipped 请问是什么发出的噪音？; 孩子跑跳, 小孩哭闹, 邻居家孩子 still are
_DISTURBED_PEOPLE = r"(?:(?:老人|老年人|孩子|小孩子?|病人|家人|家里人|老的小的|一家老小|大人)[和、跟与及]?)+"
DISTURBED = re.compile(
    rf"(?:影响|打扰|干扰|吵到|吵着|吵醒|吵得|惊醒|吓到|吓着|吓得|害得|弄得|搞得|让)了?(?:家里|家中|我家|我们家|家)?的?"
    rf"{_DISTURBED_PEOPLE}|(?:我|我们|我们家|我家|家里|家中)的?{_DISTURBED_PEOPLE}|"
    rf"{_DISTURBED_PEOPLE}(?:都|也|根本|每天|天天|晚上|整晚|整夜)*(?:没法|无法|不能|睡不着|睡不好|休息不好|休息不了|"
    rf"学习|写作业|被吵|吓哭|受不了)")


def _noise_source(text: Optional[str]) -> bool:
    """Whether ``text`` names what makes a noise (NOISE_SOURCES), the people it disturbs left out."""
    return bool(NOISE_SOURCES.search(DISTURBED.sub("", text or "")))


# "不知道" to "是什么发出的噪音？": the question is skipped (the form goes on), nothing added to the problem
SOURCE_UNKNOWN = re.compile(r"(?:我|这个|那个?)?(?:也|真|实在)?(?:不知道|不清楚|说不清|说不上来|不确定|没看见|没看到|搞不清|"
                            r"不晓得|不太清楚|听不出来|看不到|看不见)(?:楚)?(?:是什么|是啥|是谁|哪儿的|哪里的)?"
                            r"(?:啊|呀|了|哎|诶|呢)?[。！!，,.…]*")
NOISE_WORDS = re.compile(r"噪音|噪声|吵|扰民|声音|动静|轰鸣|喇叭|闹腾|蹦迪|咚咚|咣咣|哐哐|砰砰|噔噔|嗡嗡|跺脚|"
                         # said in everyday words (tester37 N7: 楼下那家ktv天天鬼哭狼嚎到后半夜，还让不让人睡了)
                         r"鬼哭狼嚎|鬼哭狼叫|鬼吼鬼叫|鬼叫|嚎|让不让人睡|(?:没法|没办法|不能|睡不)(?:睡|睡觉|着)|吵得睡不")
# kinds where the hour matters (noise at night, construction hours, shop opening hours)
TIME_WORDS = re.compile(r"噪音|噪声|吵|扰民|声音|动静|施工|装修|工地|营业|开门|关门|夜|半夜|凌晨|广场舞|油烟")
TIME_OBJECTS = {"工地", "施工", "商铺", "饭店", "餐馆", "酒吧", "KTV", "ktv", "广场舞", "烧烤", "装修"}
TIME_HINT = re.compile(r"\d|[点早晚夜凌晨午白天周日月号每]|刚才|现在|最近|目前|近期|[一二三四五六七八九十两半]+[点时天周月号年]|时候?[段间]|小时")
VAGUE_TIME = re.compile(r"有时候?|偶尔|经常|一直|不一定|不知道|说不清|不清楚|不记得|忘了|记不清")
# an answer to "where?" that the triage could not place: a place word after at least two name
# characters (东四六条 23 号院, 劲松八区), and not a sentence about something else
PLACE_WORDS = re.compile(r"[\u4e00-\u9fff0-9]{2,}(?:街道|小区|社区|路|大街|街|胡同|巷|村|镇|乡|大厦|号楼|号院|单元|"
                         r"花园|家园|公寓|[东西南北中]里|[一二三四五六七八九十\d]区|[东西南北]区|园|苑|桥|门外|门内|站|广场|市场|"
                         r"商场|医院|学校|公园|机场|航站楼|火车站|车站|上车点|等候区|停车场|服务区|园区|校区|寺|[0-9]+号"
                         r"|里(?=$|[0-9甲乙丙，。,\s]))")
NOT_A_PLACE = re.compile(r"反映|投诉|举报|说不清|不知道|不清楚|忘了|我家门口|家门口|这里|那里|哪里|附近|没人|好几天|"
                         r"同一|这个|那个|我们|咱们|我家小区|^在?(?:小区|楼下|路上|门口)")
# a place with no name, that no unit can find (不知道，就在一个路口 was filed as 地点：一个路口: round 11 #3)
GENERIC_PLACE = re.compile(r"(?:就在|是在|还是在|就|在|也在)?(?:一个|一条|一家|那个|这个|某个|有个|个|那条|这条|那|这)?"
                           r"(?:十字路口|丁字路口|路口|路边|马路边|马路上|大马路|马路|大街上|街上|街边|路上|道边|路旁|"
                           r"附近|那边|这边|那儿|这儿|那里|这里|那块儿?|这块儿?|楼下|楼上|楼道|小区门口|小区里面?|小区|"
                           r"门口|家门口|我家门口|我家楼下|我家附近|家附近|胡同里?|公交站|地铁站|车站|公园|超市|商场|饭馆|"
                           r"外面|旁边|对面|拐角|街角|桥下|桥底下|桥上|河边)"
                           r"(?:上|里|边|旁边|附近|那儿|这儿|那里|这里|那边|这边|口|一带)?[啊呀吧呢哈。！!，,～~]*")
PLACE_DONT_KNOW = re.compile(r"(?:我|也|真|实在|具体|这个|那个|嗯|呃)*(?:不知道|不清楚|说不清|说不上来|不记得|记不清|"
                             r"忘了|没注意|不确定)(?:叫什么|是哪儿?|在哪儿?|是哪里|具体在哪|具体位置|地址|名字)?"
                             r"(?:了|啊|呀|哎|诶|呢)*[。！!，,～~]*")
PLACE_GENERIC_ASK = ("“{place}”还不够具体，承办单位没法找到：请说一下在哪个区、哪条路或哪个小区，附近有什么地标"
                     "（比如“朝阳区望京街和阜通东大街路口”“东城区和平里北街公交站旁”）。")
PLACE_UNKNOWN = "地点不详"
PLACE_UNKNOWN_MARK = "回复“地点不详”"
PLACE_UNKNOWN_OFFER = ("还是没能确定具体地点。回复“转人工”，由坐席帮您确认地点；也可以先按地点不详登记，"
                       "回复“地点不详”即可（地点不详时承办单位可能难以现场核实）。")
PLACE_UNKNOWN_TAKEN = re.compile(r"(?:好的?|行|那|那就|嗯|可以)?[，,]?(?:就|先)?(?:按|写|填|登记成?)?(?:地点)?不详"
                                 r"(?:登记|吧|也行|就行|也可以)*[。！!]*|(?:先|直接|就这样)登记(?:吧)?[。！!]*")
FIRST_CHOICE = re.compile(r"(?:选|是)?(?:前者|前面(?:那|的)?(?:个|种)?|第一(?:个|种)?|上面(?:那|的)?(?:个|种)?|1)"
                          r"(?:吧|啊|呀|的)?[。.！!]?")
SECOND_CHOICE = re.compile(r"(?:选|是)?(?:后者|后面(?:那|的)?(?:个|种)?|第二(?:个|种)?|下面(?:那|的)?(?:个|种)?|2)"
                           r"(?:吧|啊|呀|的)?[。.！!]?")
# words that point at one reading when the citizen answers in a sentence ("公司拖欠我工资")
CATEGORY_HINTS = {
    "劳动和社会保障": re.compile(r"工资|欠薪|社保|劳动|加班|辞退|劳务|养老保险|失业"),
    "环境保护": re.compile(r"噪音|噪声|油烟|污染|排污|异味|臭|废气|扬尘|环境"),
    "城乡建设": re.compile(r"施工|违建|违章|物业|市容|拆迁|建设|工地|房屋|小区管理"),
    "商贸旅游": re.compile(r"消费|商家|商铺|退款|退费|预付|价格|旅游|购物|店"),
    "交通运输": re.compile(r"公交|出租|地铁|交通|道路|停车|车辆|司机"),
    "教育文体": re.compile(r"学校|教育|培训|幼儿园|老师|学生|体育|文化"),
    "卫生计生": re.compile(r"医院|医疗|卫生|疫苗|药|医生|看病"),
}
# "都不是": neither reading offered; what follows tells the problem again
WHICH_READING_MARK = "是指哪一种"
BARE_YES = re.compile(r"(?:对|是|嗯|好|行|没错|正确|对头|可以|就是|是这样|没毛病)+(?:的|啊|呀|吧|呢|哈|嘛)*")
NEITHER = re.compile(r"都不是|都不对|哪个都不是|两个都不是|都不算|不是这两|不是这些|不是这个|不属于")
# "不记得了" when asked when: the time is filed as not known
DONT_KNOW = re.compile(r"不记得|记不清|记不得|忘了|不知道|说不清|不清楚|不确定|没注意")
# "不知道" when asked which reading: the model's first reading is filed, no choice is sent
UNSURE = re.compile(r"不知道|说不清|不清楚|不确定|都有|都是|随便|看着办|无所谓|都行|不好说")
UNSURE_CHOICE = "不确定"
# no reading chosen after the question was asked again: the operator decides from the description, and
# the citizen is told so (it was 先按<the first option>方面的问题登记: taken as if chosen, tester42 N6)
CATEGORY_LEFT = "好的，{noted}类别就不用选了，工作人员会根据您的描述来判断，不影响登记。"
# "不知道" and nothing else where the problem was asked (tester42 N5: four identical 没能弄明白): examples of
# what can be reported and 12345 by phone, then a polite close
IDK_ONLY = re.compile(r"(?:我)?(?:也|真|确实)?(?:不知道|不清楚|说不清楚?|说不上来|不好说|不懂|不会说|不晓得|不知道说什么)"
                      r"(?:啊|呀|吧|哦|呢|了|耶)?[。！!？?…~～]*")
IDK_EXAMPLES = ("没关系，可以说说您遇到的麻烦，比如“小区门口的路灯坏了”“楼上装修太吵”“饭馆油烟太大”“物业乱收费”，"
                "再说一下在哪里。不方便打字的话，也可以直接拨打12345热线电话反映。")
IDK_CLOSE = "好的，那这次先不登记了。想好要反映什么，随时再来找我，也可以直接拨打12345热线电话。祝您生活顺利！"
# a bare 不知道 after that close: a short line once, then a nod, never the problem asked again (tester43 L2)
IDK_AFTER = "没关系，想好了随时再来找我；也可以直接拨打12345热线电话反映。"
IDK_NOD = "好的，随时再来找我。"


def _idk_closed(tracker: Tracker) -> bool:
    """Whether the bot closed on 不知道 (IDK_CLOSE) and the citizen said nothing but 不知道 since."""
    for event in reversed(tracker.events):
        text = event.get("text") or ""
        if event.get("event") == "user" and not IDK_ONLY.fullmatch(re.sub(r"[\s，,]", "", text)):
            return False
        if event.get("event") == "bot" and IDK_CLOSE in text:
            return True
    return False


def _after_idk_close(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The answer to a bare 不知道 after the close: IDK_AFTER once, IDK_NOD after it."""
    again = False
    for event in reversed(tracker.events):
        text = (event.get("text") or "") if event.get("event") == "bot" else ""
        if IDK_CLOSE in text:
            break
        again = again or IDK_AFTER in text
    dispatcher.utter_message(text=IDK_NOD if again else IDK_AFTER)
HANDOFF_AGAIN = ("还是没能弄明白，抱歉。您可以回复“转人工”由坐席帮您，也可以拨打12345热线电话；"
                 "说“算了”就不再登记。")
# the citizen gives up in the middle ("算了", "不报了"): stop, file nothing
CANCEL_FORM = re.compile(r"算了|不提交|不要了|不用了|不(?:想|用|要|打算)?(?:报|反映|投诉|登记|提交|说|弄|搞)了?"
                         r"(?:了|吧|啦)|不想(?:报|反映|投诉|登记|提交)|不需要了|别(?:登记|报|提交|弄)了?|懒得|"
                         r"取消|撤销|撤回|没事了|甭(?:登记|报|弄|管|说)|拉倒|得了吧")
# the hours of a noise or opening-hours problem: what a time answer must say something of
TIME_OF_DAY = re.compile(r"\d|[点时]|早|晚|夜|凌晨|上午|下午|中午|白天|傍晚|清晨|通宵")
HAS_CHINESE = re.compile(r"[\u4e00-\u9fff]")
ALL_DAY = re.compile(r"全天|整天|不分时候|不分白天|白天晚上都|日夜|一天到晚|24小时|二十四小时|从早到晚|随时")
WEEK_TIME = re.compile(r"周[一二三四五六日天末]|星期|礼拜|工作日|节假日|周末")
# a place of its own, not more of the known one (德胜门外大街13号院, 富力城C区)
OWN_ROAD = re.compile(r"[\u4e00-\u9fff]{2,}(?:路|大街|街|胡同|巷|小区|社区|村|城|苑|园|[东西南北]里)")
HOUSE_PART = re.compile(r"^[^，,。]{0,12}(?:号楼|单元|号院|室|层|楼[0-9一二三四五六七八九十]+|门口|东南角|西北角|东北角|西南角)")
# another problem said at the read-back ("还有一个事，电梯坏了"): a case of its own, later
ANOTHER = re.compile(r"还有(?:一个|个|一件|件)?事|另外(?:还有|反映)?|另一个问题|还要反映|顺便(?:反映|说一下)|"
                     r"^(?:哦|噢|啊)?对了[，,]")
# "还有，" / "另外，" / "对了，" before a problem told as another one: no part of it
ANOTHER_LEAD = re.compile(r"^(?:(?:哦|噢|啊|嗯)[，,\s]*)?(?:还有就是|还有|另外还有|另外|对了|再就是|再有就是|再有|顺便说一下|顺便)"
                          r"(?:(?:一个|个|一件|件)?(?:事儿?|问题|情况)(?:就是|是)?)?[，,：:、\s]+")
_CONTACT_CLAUSE = re.compile(r"[，,。；;！!]\s*(?=[^，,。；;！!]*(?:电话|手机|联系|打我|微信|号码|[0-9]{7,}|<手机号>|<座机号>))")
# "我要投诉" / "我想反映个问题": the wish to complain, nothing of what about (asked what, not told
# that it is vague)
JUST_WANTS = re.compile(r"您好|你好|喂|请问|我|想|要|需要|打算|投诉|反映|反应|举报|求助|咨询|报告|一下|一个|个|些|件|点|"
                        r"问题|事情|情况|事儿|事|有|的|了|啊|呀|吧|嗯|那个|这个|这儿?|跟|和|给|向|你们|您|"
                        r"说说|说一下|说个|讲讲|讲一下|聊聊|唠唠")
FILLER = re.compile(r"嗯|哦|噢|啊|呃|额|好的|好|行|那个|这个|就是|然后|哈|呀|吧")
# a detail of what happened, not a place, even when it names a road ("车牌号是京B12345")
DETAIL = re.compile(r"车牌|司机|男的|女的|岁|穿|长相|工号|电话|手机|姓|名字|多少钱|(?<!单)元|块钱")
# "对，不过地址写错了": a yes that corrects something
CORRECTION_CUE = re.compile(r"不对|(?<![没不])错|(?<!不用)(?<![不没])改|不是|有误|应该是|应该在|不过|但是|可是|其实")
# where a correction's new value starts: "地址不对，应该是朝阳区工体北路" → "朝阳区工体北路"
NEW_VALUE = re.compile(r"应该是|应该在|改成|改为|换成|其实是|实际是|是在|[，,：:]是|不对[，,]?是|错了[，,]?是|"
                       r"(?:时间|地址|地点|位置)(?:是|为|在)")

_CJK = re.compile(r"[\u4e00-\u9fff]")


# a description told again as a correction: what follows "不是…，是" / "应该是"
RETOLD = re.compile(r"^(?:不对|错了|说错了)?[，,]?(?:不是[^，,。]{1,12}[，,]\s*(?:而)?是|(?:应该|其实|实际)是)[，,：:]?\s*(.+)$")


def _title(text: str, limit: int = 30, address: Optional[str] = None) -> str:
    """The case title: the description's start, never cut inside a number or a word of letters
    (a cut phone or ID number is no longer recognised by the API's masking), without the place
    said at its end (…大喊大叫，海淀区学院路20号院: the case has its address)."""
    text = _without_place_tail(_without_preamble(text.strip()), address)
    if len(text) <= limit:
        return text
    head = text[:limit]
    if text[limit].isascii() and text[limit].isalnum():
        head = re.sub(r"[0-9A-Za-z]+$", "", head)
    # a number said in Chinese digits (一三八零零一三八零零零) is not cut either: four or more
    # across the cut are a number, and its head alone would escape the masking
    before, after = _CN_DIGITS_TAIL.search(head), _CN_DIGITS_HEAD.match(text, limit)
    if before and after and len(before.group()) + len(after.group()) >= 4:
        head = head[:before.start()]
    # a cut inside running words can say the opposite (…老板联系 for 老板联系不上): end at the last
    # clause break in the limit's second half instead, when there is one
    elif len(head) == limit and _CJK.match(text[limit - 1]) and _CJK.match(text[limit]):
        cut = max(head.rfind(ch) for ch in "，,。！!？?；;、 ")
        if cut >= limit // 2:
            head = head[:cut]
    return head.rstrip("，,。！!？?；;、 ") or "市民反映"


# how often and how angrily the citizen asked before: no part of what happened
_RANT = re.compile(r"管不管|到底有没有人管|打了.{0,6}(?:遍|次|回)(?:电话)?|(?:反映|投诉)了.{0,6}(?:遍|次|回)")
# frustration, no problem in it ("你们这帮废物，反映了八百遍都没人管": it was filed as the problem and
# routed to 市人力社保局, the real one said next parked as a second case: tester36 M7)
FRUSTRATION = re.compile(r"(?:都|也|还是|根本|从来|一直)?(?:没(?:有)?人|没)(?:管|理|处理|解决|回复|回音|动静)|不管|不作为|"
                         r"不负责|没用|有什么用|有啥用|不解决|解决不了|太(?:生气|气人|过分)了?|气死|推来推去|踢皮球|"
                         r"(?:反映|投诉|打电话|打)了?.{0,6}(?:遍|次|回)(?:电话)?|有没有人管")
_FRUSTRATION_REST = re.compile(r"你们|我|都|也|了|的|啊|呀|吧|呢|就|还|到底|怎么|回事|一直|根本|从来|是|又|这|什么|就知道|"
                               r"天天|八百|一百|几十|无数|好多|多少|很多|帮|人|群|伙|些|真|太|简直|能不能|行不行")
# anger at the service, no problem in it either (吃干饭的, 骗子, 还打电话说解决了): an opening of only these
# and frustration was taken as the complaint (请问问题发生在哪里), the real one parked as a second issue
# (round 11 #2)
ANGER = re.compile(r"吃干饭的?|吃闲饭的?|骗子|骗人|骗我|糊弄|敷衍|忽悠|撒谎|说谎|睁眼说瞎话|形式主义|走过场|摆设|官僚|"
                   r"拿钱不(?:干活|办事)|光拿钱|白拿工资|不干活|不办事|"
                   r"(?:打电话|打个电话|回电话|回访|回复)?(?:跟我)?(?:说|称)(?:已经|都)?(?:解决|处理|办好|办结|弄好|修好)(?:好)?了?")
ANGER_ALONE = re.compile(r"吃干饭|吃闲饭|糊弄|敷衍|忽悠|睁眼说瞎话|形式主义|走过场|拿钱不(?:干活|办事)|白拿工资")
REPEATED_ASK = "理解您的心情，一直没解决确实让人着急。请说说具体是什么问题、在哪里，我帮您登记，并注明多次反映未解决。"
FRUSTRATION_ASK = "理解您的心情。请说说具体是什么问题、在哪里，我帮您登记。"
REPEATED_NOTE = "（市民称此前多次反映未解决）"


def _frustration_only(text: str) -> bool:
    """Whether ``text`` (abuse already dropped) is frustration with no problem, place or object in it."""
    if not (FRUSTRATION.search(text) or _RANT.search(text) or ANGER_ALONE.search(text)):
        return False
    rest = _FRUSTRATION_REST.sub("", FRUSTRATION.sub("", _RANT.sub("", ANGER.sub("", text))))
    return len(re.sub(r"\W", "", rest)) <= 10 and not _tells_problem(rest) and not PLACE_WORDS.search(text)


def _repeat_said_before(tracker: Tracker) -> bool:
    """Whether the citizen said, since the last case filed, that it was reported many times (the bot's
    REPEATED_ASK): the complaint told next is noted so."""
    for event in reversed(tracker.events):
        text = (event.get("text") or "") if event.get("event") == "bot" else ""
        if REPEATED_ASK in text:
            return True
        if any(f in text for f in FILED_SAID):
            return False
    return False


_PREAMBLE = re.compile(r"(?:你好|您好|喂|在吗|哈喽|我是|我叫|(?:我)?跟你(?:们)?说|我想说|我(?:想|要)反映|想反映|我想问|"
                       r"不太会|不会用|我们这个|我们这|我们那|那个|就是|嗯|啊|哎)")
_CLAUSES = re.compile(r"[^，,。；;！!？?\s]+[，,。；;！!？?\s]*")


def _without_preamble(text: str) -> str:
    """``text`` from its first clause that tells a problem, when clauses before it tell none (你好 我是个
    老头子 不太会用这个 我想说说我们楼的事，…下水道堵了 / 你们12345到底管不管事！！！我都打了八百遍电话了，
    …): a title names the problem, the text keeps all."""
    clauses = _CLAUSES.findall(text)
    problem = [bool(_tells_problem(c)) and not _RANT.search(c) for c in clauses]
    i = 0
    # a greeting, an introduction or a rant (你好, 我是个老头子, 你们到底管不管), or a short remark
    # (是个老小区, 九几年盖的) right before the problem is told
    while i < len(clauses) and not problem[i] and (
            _PREAMBLE.match(clauses[i]) or _RANT.search(clauses[i])
            or (len(clauses[i].rstrip("，,。；;！!？? ")) <= 6 and any(problem[i + 1:i + 3]))):
        i += 1
    rest = "".join(clauses[i:]).strip()
    return rest if i and i < len(clauses) and problem[i] and len(rest) >= 4 else text


_LAST_CLAUSE = re.compile(r"^(.*?[^，,。；;！!？?\s])[，,。；;！!？?\s]+([^，,。；;！!？?\s]+)[。！!\s]*$")
_PLACE_LEAD = re.compile(r"^(?:地址|地点|位置)?(?:是|在|就在|是在)?[：:]?")


def _without_place_tail(text: str, address: Optional[str] = None) -> str:
    """``text`` without a last clause that only says where (海淀区学院路20号院, or the case's
    address said again): a title names the problem."""
    m = _LAST_CLAUSE.match(text)
    if not m:
        return text
    clause = _PLACE_LEAD.sub("", m.group(2))
    if len(clause) < 3 or _tells_problem(clause) or DETAIL.search(clause) or re.search(r"\d{7,}", clause):
        return text
    body = _DISTRICT_OF.sub("", clause)
    known = (address or "").removeprefix("北京市")
    if _DISTRICT_OF.match(clause) or (known and len(body) >= 3 and (body in known or clause in known)):
        return m.group(1)
    return text


# what may follow a place name and still say where (门口, 3号楼, 东侧, 对面, 附近)
_WHERE_WORDS = re.compile(r"[0-9]|号|楼|栋|单元|层|室|门|口|侧|旁|对面|附近|路|街|里|院|区|村|角|边|内|外")
_CN_DIGITS_TAIL = re.compile(r"[零〇一二三四五六七八九两幺]+$")
_CN_DIGITS_HEAD = re.compile(r"[零〇一二三四五六七八九两幺]+")


def _api_back(tracker: Tracker) -> Dict[Text, Any]:
    """The API answered again: a form that ended for it being down may run again."""
    return {"form_outcome": None} if tracker.get_slot("form_outcome") == "api_down" else {}


# how a category is put to the citizen
CATEGORY_WORDS = {
    "城乡建设": "城市建设、施工和市容管理",
    "环境保护": "环境污染（噪音、油烟、排污）",
    "商贸旅游": "商铺经营和消费",
    "劳动和社会保障": "劳动工资和社保",
    "交通运输": "交通出行",
    "教育文体": "教育和文体",
    "卫生计生": "医疗卫生",
}
FORM_SLOTS = ("description", "description_draft", "category_choice", "category_candidates",
              "complaint_category", "department", "address", "time", "time_needed", "confirmation",
              "fixing", "fix_field", "retries", "form_outcome", "second_issue", "noted_place", "offered_issue",
              "place_piece")
# "哪一项需要修改？": the answer's words → the slots to ask again ("cancel": file nothing)
FIX_WORDS = (
    ("cancel", re.compile(r"取消|不提交|不用提交|算了|不用了|不要了|不报了|不反映了|撤销|撤回")),
    ("time", re.compile(r"时间|几点|时候|日期")),
    ("address", re.compile(r"地点|地址|位置|(?:哪里|地方|门牌|小区|街道)(?=.{0,6}(?:不对|错|有误|不是))")),
    ("category", re.compile(r"类别|类型|分类|哪一类|哪类")),
    ("description", re.compile(r"描述|内容|情况|事情|事由|经过")),
    ("contact", re.compile(r"电话|手机|联系方式|(?<!门牌)号码")),
)
VAGUE_PART = re.compile(r"问题|说的")  # "问题不对": the description, unless another part is named ("地点有问题")
# …and only with a change asked for: "就是物业的问题" at the read-back is a remark, no part to redo (tester43 L5)
FIX_CUE = re.compile(r"不对|错|改|有误|不是|重新|重说|不准|更正|换|修正|补充|不全|漏")
FIX_SLOTS = {
    "description": ("description", "description_draft", "complaint_category", "category_candidates",
                    "category_choice", "department", "time_needed"),  # the time told stays
    "address": ("address",),
    "time": ("time",),
    "category": ("category_choice",),
    "contact": ("contact",),
}


def fix_targets(said: str, *, has_time: bool, has_choice: bool) -> List[str]:
    """What a citizen's answer to "哪一项需要修改？" names: ``["cancel"]``, some of description /
    address / time / category / contact (in that order), or nothing understood (``[]``). The time counts
    even when none was asked (``has_time``): the citizen wants to give one."""
    named = [name for name, words in FIX_WORDS if words.search(said)]
    if "cancel" in named:
        return ["cancel"]
    if "category" in named and not has_choice:  # no reading was chosen: the description decides it
        named[named.index("category")] = "description"
    if not named and VAGUE_PART.search(said) and FIX_CUE.search(said):
        named.append("description")
    return [n for n in ("description", "address", "time", "category", "contact") if n in named]


async def _api(method: str, *args: Any, **kwargs: Any) -> Any:
    """Call the client off the event loop (requests is blocking)."""
    return await asyncio.to_thread(getattr(TriageClient(), method), *args, **kwargs)


def _citizen(tracker: Tracker) -> str:
    """The chat's opaque id for the API (its wrong 查询码 lock this chat only, never the citizen's)."""
    return citizen_of(str(tracker.sender_id))


def _reset_form() -> List[EventType]:
    return [SlotSet(s, None) for s in FORM_SLOTS]


def _own_code(tracker: Tracker, number: str, code: Optional[str]) -> List[EventType]:
    """The case this conversation filed: its own (``own_case``, the latest; ``own_cases``, all of
    them: what "我的工单" means), its 查询码 known for it alone (another number asked about never
    borrows it)."""
    if not code:
        return []
    owns = [n for n in (tracker.get_slot("own_cases") or []) if n != number] + [number]
    return [SlotSet("own_case", number), SlotSet("own_cases", owns[-10:]), *_known_code(tracker, number, code)]


def _known_code(tracker: Tracker, number: str, code: Optional[str]) -> List[EventType]:
    """Remember ``code`` for ``number`` beside the codes already known in this conversation."""
    known = dict(tracker.get_slot("known_codes") or {})
    known[number] = code
    return [SlotSet("known_codes", dict(list(known.items())[-10:]))]


def _new_value(said: str) -> str:
    """What a correction gives as the new value: after "应该是 / 是 / 改成…" ("不是华威北里，是华威西里"
    → 华威西里), without the leading yes or no ("嗯对，…", "不对，…")."""
    parts = NEW_VALUE.split(said, maxsplit=1)
    value = parts[1] if len(parts) == 2 and parts[1].strip("，,。 ") else said
    value = re.sub(r"^(?:嗯|对|是的|好|不对|不是|没错|再补充一下|补充一下|还有)+[，,。 ]*", "", value.strip())
    return value.strip("，,。 ") or said.strip()


def _is_hours(said: str) -> bool:
    """Whether ``said`` gives when something happens (每天晚上十一点以后, 周末, 全天) and no place."""
    said = NOT_HOURS.sub("", said)
    return bool(TIME_HINT.search(said) and not PLACE_WORDS.search(said)
                and (TIME_OF_DAY.search(said) or WEEK_TIME.search(said) or ALL_DAY.search(said)))


# 点 that is no hour (快点处理, 有点吵, 地点)
NOT_HOURS = re.compile(r"快点|慢点|有点|一点儿|点儿|重点|地点|观点|特点|优点|缺点|点赞|一点都")
# "你们快点修": urging, nothing to change in the summary
URGING = re.compile(r"(?:你们|请|麻烦)?(?:快点|赶紧|尽快|抓紧|赶快|马上)(?:处理|修|来|解决|管管|管|办)?"
                    r"(?:一下|吧|啊|呀|了)?[！!。.]*")


# a time, or how long / how often, said as a reply ("俩月了，一直这样", "这礼拜天天这样", "现在，今天",
# "今年夏天盖的"): what the read-back takes as the time
WHEN_SAID = re.compile(
    r"[0-9一二三四五六七八九十两俩几半好]+个?多?(?:天|日|周|星期|礼拜|月|年|小时|钟头|分钟)(?:了|多|来|以来|左右)?"
    r"|天天|每天|每晚|每周|每个?月|每年|每次|经常|老是|总是|老(?=这样|那样|这么)|一直|始终|反复|三天两头|时不时|隔三差五"
    r"|现在|今天|今儿|昨天|昨儿|前天|前儿|刚才|刚刚|今早|今晚|昨晚|早上|晚上|夜里|半夜|"
    r"[这上本下]个?(?:礼拜|星期|周|月)|今年|去年|前年|[春夏秋冬]天|开学|年初|年底|月初|月底|最近|近来|"
    r"这两天|这几天|前几天|周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|从来|一向")
# what may stand beside a time and still say nothing else ("一直都这样", "今年夏天盖的", "就是现在")
_WHEN_REST = re.compile(r"这样|那样|这么着?|如此|都|就|也|了|的|是|还|在|开始|起|以来|到现在|至今|盖|建|搭|发生|出现|"
                        r"嗯|哦|啊|呀|吧|呢")
# "中" (北京/北方话 "OK"), "得嘞", "没问题": yes to the read-back, also when the intents miss it
YES_SAID = re.compile(r"(?:中|中中|中啊|得嘞|妥了?|成|没问题|对头|好嘞|嗯呐|嗯哪|可以的?|行吧|就这样|没毛病)[。！!～~]*")
# 轻生 / self-harm said anywhere (我不想活了, 活不下去了, 想死, 从楼上跳下去): never a goodbye; care and
# the crisis lines at once, the conversation goes on (tester35 N-H1). The advice is the triage's for
# its urgent kind 轻生危险, said by the bot itself where no triage runs (a goodbye, out of scope …).
# Keep it in step with nlu/urgency.py's 轻生危险 pattern (every phrasing there is here too; the bot
# adds a few of its own: 自杀, 轻生, 自残 said plainly): tester36 H1 got 不够具体 for 活着太累了，不如死了算了
SELF_HARM = re.compile(r"不想活|活不下去|活不成了|不活了|想死(?![你我他她人们])|去死了算|寻死|自杀|轻生|自残|割腕|"
                       r"跳楼|(?:从|往)[^，。！？,!?]{0,6}楼[^，。！？,!?]{0,4}跳|楼(?:上|顶)?跳下去|喝农药|吃安眠药|"
                       # as nlu/urgency.py has them (死了算了, not 累死了算了)
                       r"(?<!累)死了算了|不如死了|一死了之|"
                       r"活着(?:太累|真累|好累|没意思|没什么意思|还有什么意思|有什么意思)|"
                       r"结束(?:这一切|自己的?生命|我的?生命|生命)|了结(?:自己|此生)|"
                       r"(?:安眠药|农药)[^。！？!?，,]{0,6}(?:一了百了|结束)")
SELF_HARM_KIND = "轻生危险"
SELF_HARM_ADVICE = ("如您或身边的人有轻生的念头：请不要独处，马上拨打110或120；心理援助热线12356、"
                    "北京心理援助热线010-82951332（24小时）都可以倾诉求助。")
SELF_HARM_CARE = "听到您这么说，我很担心您。" + SELF_HARM_ADVICE + \
    "遇到了什么难处，可以慢慢告诉我，我帮您登记反映；也可以为您转人工坐席，回复“转人工”即可。"


# someone else's words of suicide (我朋友刚给我发微信说他要跳楼，在…): 110 with the place, reach him and
# stay with him — not the lines addressed to the citizen (tester37 N8)
THIRD_PERSON = re.compile(r"(?:朋友|同事|同学|室友|邻居|家人|亲戚|孩子|儿子|女儿|老公|老婆|丈夫|妻子|爸|妈|哥|姐|弟|妹|"
                          r"男朋友|女朋友|对象|他|她)[^。！？!?]{0,16}(?:说|发|打电话|留言)[^。！？!?]{0,6}(?:他|她)"
                          r"(?:要|想|准备|打算|不想)")


def _third_person_care(said: str, place: Optional[str]) -> str:
    where = f"告诉他们地址（{_shown(place)}）" if place else "告诉他们他在哪里"
    return (f"请马上拨打110，{where}和他说的话；同时尽量联系上他，请离他近的人马上过去陪着他，别让他一个人待着。"
            "心理援助热线12356、北京心理援助热线010-82951332（24小时）也可以帮您一起想办法。您也注意照顾好自己。")


def _self_harm(said: str) -> bool:
    return bool(SELF_HARM.search(re.sub(r"\s", "", said or "")))


def _beside_self_harm(said: str) -> bool:
    """Whether ``said`` tells more than the wish to die: its clauses without one, 4 characters or more
    ("物业欠我的钱三年了一直不给，再不解决我就从楼上跳下去" has; "我真的不想活了" has not)."""
    rest = [c for c in re.split(r"[，。！？,!?；;\s]+", said or "") if c and not _self_harm(c)]
    rest = [SELF_HARM.sub("", c) for c in rest]
    return len(re.sub(r"\W", "", "".join(rest))) >= 4 and not re.fullmatch(
        r"(?:我|真的|实在|是|都|已经|就|了|啊|呀|吧|呢|哎|唉|好累|太累了|累了|受不了了?|没意思|难受|心里难受)*",
        re.sub(r"\W", "", "".join(rest)))


def _care(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Care and the crisis lines (the lines once a conversation: after that, the care alone)."""
    if _advised(tracker, SELF_HARM_ADVICE):
        dispatcher.utter_message(text="我在这里听您说。遇到了什么难处，可以慢慢告诉我，我帮您登记反映；"
                                      "也可以为您转人工坐席。心理援助热线12356（24小时）随时可以拨打。")
    else:
        dispatcher.utter_message(text=SELF_HARM_CARE)


# After a self-harm statement or a scam going on the bot stays with the person (tester36 H2, H3): the
# crisis lines (or the anti-fraud advice) and a person offered, no form question in the same breath;
# while the danger lasts every message gets them again, never read as the form's answer ("我现在就在
# 楼顶上" was 这个地点还不够具体). A wish to file, a place or the problem told goes on with the form.
SELF_HARM_STAY = ("您不是一个人，我在这里陪着您。您遇到的事我已经记下了，不着急登记。想找人说说话，回复“转人工”，"
                  "我马上为您转人工坐席；等您准备好了，再告诉我这件事发生在哪里，我帮您登记。")
# the wish to die said alone (我这几天一直想死): nothing was told, so nothing "记下了" (tester37 N2)
SELF_HARM_STAY_ALONE = ("您不是一个人，我在这里陪着您。不着急，想说的时候慢慢告诉我就好。想找人说说话，回复“转人工”，"
                        "我马上为您转人工坐席。")
# "别给我转人工，我不想跟任何人说话" after the crisis lines: never a hand-off; the bot stays (tester37 N1)
REFUSE_PERSON = re.compile(r"(?:别|不要|不用|不想|不需要|甭)(?:给我|帮我|再)?转(?:人工|接|给人|坐席|给别人)|"
                           r"不(?:要|用|需要)(?:人工|坐席)|不想见(?:任何)?人|"
                           r"不想(?:跟|和|同)?(?:任何人|谁|别人|人)(?:说话|说|聊|讲|见|打交道)|"
                           r"谁(?:都|也)不想(?:见|理|说|聊)|别(?:找|叫|让)(?:人|谁)")
SELF_HARM_NO_PERSON = ("好的，不给您转人工，也不用跟谁说话。我就在这里陪着您，想打几个字就打几个字，不想说也没关系。"
                       "要是撑不住了，心理援助热线12356、北京心理援助热线010-82951332（24小时）随时有人接听；"
                       "有危险请马上拨打110或120。")
# "不用了，没人能帮我" while the danger lasts: hopelessness, never "算了" ending the form (tester37 N2)
HOPELESS = re.compile(r"没(?:有)?人(?:能|会|可以)?(?:帮|救|管|在乎|理)|谁(?:都|也)(?:帮|救|管)不了|帮不了我|救不了我|"
                      r"(?:说了|做什么|怎么样|干什么)?都?没用|没意义|没希望|不用了|算了|别管我|不用管我|随便吧|"
                      r"无所谓了?|都一样|没办法了|不想(?:登记|反映|说)")
SELF_HARM_HOPE = ("我还在这里，不会走开。您现在这么难受，不用一个人扛着。心理援助热线12356、北京心理援助热线010-82951332"
                  "（24小时）有专业的人愿意听您说，打过去什么都不用准备；有危险请马上拨打110或120。"
                  "您愿意的话，也可以跟我说说发生了什么，我一直在。")
SELF_HARM_NOW = ("您现在的安全最要紧：请先离开楼顶、天台、河边这些危险的地方，放下手里的药、刀或绳子，到身边有人的地方去。"
                 "请马上拨打110或120求助；心理援助热线12356、北京心理援助热线010-82951332（24小时）都有人接听。"
                 "回复“转人工”，我马上为您转人工坐席。")
SELF_HARM_AGAIN = ("我在这里听您说，不着急。心里难受的时候，心理援助热线12356、北京心理援助热线010-82951332（24小时）"
                   "随时可以拨打；有危险请马上拨打110或120。想找人说说话，回复“转人工”即可；想登记反映的事，也可以随时告诉我。")
RESUMED = "好的，我们接着登记。"
# a place said after the crisis lines for the wish to die (no act, no complaint told): where the person is,
# never the form's next question (我在丰台区方庄 was 您说的情况还不够具体: tester round 11 #1)
CRISIS_WHERE = ("地址记下了：{place}。如有危险，请马上拨打110或120，把这个地址告诉他们；身边有人的话，请他陪着您，"
                "不要一个人待着。心理援助热线12356、北京心理援助热线010-82951332（24小时）随时有人接听。"
                "回复“转人工”，我马上为您转人工坐席，地址会一起转给坐席。")
# "你们能帮我什么" / "有什么用" in a crisis: what the bot does here, never 帮不上忙 or the complaint menu
HELP_ASKED = re.compile(r"(?:你们?|这里|这儿|机器人)?(?:到底|又|还)?(?:能|可以|会)?(?:帮(?:我|得了我|上我)?|为我)(?:做|干|办)?"
                        r"(?:些|点)?(?:什么|啥)(?:忙)?|(?:有|管)(?:什么|啥)用|能(?:做|干)(?:些|点)?(?:什么|啥)|"
                        r"(?:能|可以)帮(?:我|上忙|得上忙?)?(?:吗|么|嘛)|帮得了我?(?:吗|么|嘛)|有用(?:吗|么|嘛)")
CRISIS_HELP = ("我在这里能为您做这些：听您说说心里的事，不着急，想说多少就说多少；回复“转人工”，我马上为您转人工坐席，"
               "有真人陪您说话；心理援助热线12356、北京心理援助热线010-82951332（24小时）有专业的人接听；"
               "有危险请马上拨打110或120。遇到了具体的难处，也可以告诉我，我帮您登记反映。")
_WHERE_LEAD = re.compile(r"^(?:我|我们|人)?(?:现在|就|人)?(?:在|住在|住|家在|待在)")
# a place said after the first aid for an act of self-harm (nlu/urgency.py's advice, 如已经服下药物…):
# where the ambulance must go, and a person offered who gets it with the case
FIRST_AID_SAID = "如已经"
CRISIS_PLACE = ("地址记下了：{place}。请马上拨打120，把这个地址告诉调度员，说清楚发生了什么；打开门等急救人员，"
                "身边有人的话请他陪着您。回复“转人工”，我马上为您转人工坐席，地址会一起转给坐席。"
                "心理援助热线12356（24小时）也随时有人接听。")
# "嗯" / "好" after the person refused a person, or where none was offered: a nod, never a yes to a
# hand-off; the bot stays with the lines (tester38 F1: 别给我转人工 … then 嗯 → 已为您转接人工坐席)
SELF_HARM_WITH_YOU = ("我在这里陪着您，不着急。想说什么都可以慢慢打字告诉我，不想说也没关系。"
                      "要是撑不住了，心理援助热线12356、北京心理援助热线010-82951332（24小时）随时有人接听；"
                      "有危险请马上拨打110或120。")
# thanks or a goodbye once the crisis lines were said: the danger may last, the lines stay (tester38 F1)
CRISIS_THANKS = ("不客气。我一直在这里，想说话随时回来找我。要是撑不住了，心理援助热线12356、"
                 "北京心理援助热线010-82951332（24小时）随时有人接听；有危险请马上拨打110或120。")
CRISIS_BYE = ("好的。请照顾好自己，我一直在这里，想说话随时回来找我。要是撑不住了，心理援助热线12356、"
              "北京心理援助热线010-82951332（24小时）随时有人接听；有危险请马上拨打110或120。")
PERSON_OFFERED = "回复“转人工”"  # the crisis stays' offer of a person
EXPLICIT_PERSON = re.compile(r"转|人工|坐席|真人")
FRAUD_KIND = "电信诈骗"
FRAUD_ADVICE = ("这很可能是诈骗，请马上停止操作：挂断电话，关闭屏幕共享，不要再转账，也不要把验证码、密码告诉任何人。"
                "公安、法院、银行、医保和社保部门都不会在电话里让您转账到“安全账户”或“转账解冻”。"
                "刷单返利、“投资导师”的平台，要您先垫付、充值、交保证金、交税或解冻费才能提现或放款的，都是诈骗：再充多少也提不出来。"
                "已经转了钱的，请立即拨打110或反诈专线96110报案，并马上打电话给银行冻结账户，保存好转账和聊天记录。")
FRAUD_STAY = "先保护好您的钱款要紧。处理好之后，如需要在这里登记反映，告诉我“登记”就行；也可以回复“转人工”。"
# violence at home going on (老公喝醉了一直在砸门，说要打死我，我和孩子躲在卧室里: tester37 N3, the
# triage's 人身危险): 110 now, a locked room, 12338 afterwards; no form question in the same breath
PERSON_KIND = "人身危险"
# dangers to a person now after whose advice the bot waits (no form question in the same turn): a
# fall or a collapse at home is 急症中毒 (tester40: 摔倒了起不来 got 120, then 可以留个联系电话吗)
PERSON_KINDS = (PERSON_KIND, "急症中毒")
DOMESTIC_VIOLENCE = re.compile(r"砸门|踹门|撞门|(?:打|杀|砍|弄|掐)死我|杀了我|家暴|家庭暴力|"
                               r"(?:老公|丈夫|男人|男朋友|前夫|对象|爸爸|父亲|儿子|我爸|继父|后爸)[^。！？!?]{0,10}"
                               r"(?:打我|揍我|掐我|砍我|动手)|"
                               r"(?:躲在|锁在|藏在)[^。！？!?，,]{0,6}(?:卧室|厕所|卫生间|屋里|房间)|"
                               # going on now, at home (他现在正在打我, 在家打我妈, 打孩子: tester38 F3)
                               r"(?:正在|一直在|又在|还在|现在在)(?:打|揍)(?:我|孩子|人)|(?:在家|家里)[^。！？!?，,]{0,6}(?:打|揍)|"
                               r"(?:打|揍)(?:我妈|我爸|我奶奶|我姥姥|我弟|我妹|我姐|我哥|孩子|小孩)")
# told by a child (我爸又喝多了在家打我妈，我在房间里不敢出去): a parent hits a parent or the child
CHILD_SPEAKING = re.compile(r"(?:我爸|我妈|爸爸|妈妈|我父亲|我母亲|继父|继母|后爸|后妈)[^。！？!?]{0,12}"
                            r"(?:打|揍)(?:我妈|妈妈|我母亲|我爸|爸爸|我弟|我妹|我姐|我哥|我(?![们家]))|"
                            r"(?:我妈|妈妈|我爸|爸爸)[^。！？!?]{0,8}(?:被|挨)[^。！？!?]{0,4}(?:打|揍)")
DV_ADVICE = ("您和孩子的安全最要紧：请马上拨打110报警，告诉警察您在哪里、对方正在威胁伤害您。警察到之前，待在能反锁的房间里，"
             "锁好门，不要开门，也不要跟他硬碰硬，手机保持有电；有人受伤请拨打120。"
             "安全以后，可以拨打12338妇女维权热线求助，也可以申请人身安全保护令。"
             "等您安全了，再告诉我这件事发生在哪里，我帮您登记反映。")
DV_MARK = "12338"
# the same for a child: 110 and a trusted adult, 12355 (青少年服务台) to talk to afterwards (tester38 F3)
DV_CHILD_ADVICE = ("你的安全最要紧：请马上拨打110报警，告诉警察家里的地址、家里有人正在打人。先待在房间里锁好门，"
                   "不要出去拦，也不要跟他硬碰硬；能安全出去的话，就去找邻居、亲戚或老师这些你信任的大人帮忙。"
                   "有人受伤请拨打120。这不是你的错。安全以后，可以拨打12355青少年服务热线找人说说。")
# out of the home already (他现在正在打我，我跑到楼道里了): no locked room to stay in; where there are people,
# 110 told where the person is now
OUT_OF_HOME = re.compile(r"(?:跑|逃|躲|冲)(?:出来|出去)?了?(?:到|进)?了?[^。！？!?，,]{0,3}"
                         r"(?:楼道|楼梯|走廊|街上|马路|路边|路上|外面|楼下|小区里|门外|院子|电梯)|(?:跑|逃)出来了|"
                         r"(?:我|现在)(?:在|躲在|站在)(?:楼道|楼梯间|街上|马路|路边|外面|楼下)")
DV_OUT_ADVICE = ("您的安全最要紧：请马上往人多、亮堂的地方去（小区门岗、商店、邻居家），不要回家，也不要跟他硬碰硬；"
                 "马上拨打110报警，告诉警察您现在在哪里、对方正在打您，手机保持有电；受伤了请拨打120。"
                 "安全以后，可以拨打12338妇女维权热线求助，也可以申请人身安全保护令。")
DV_CHILD_OUT_ADVICE = ("你的安全最要紧：请马上拨打110报警，告诉警察你现在在哪里、家里有人正在打人。先不要回家，"
                       "去人多的地方，找邻居、亲戚、老师或保安这些你信任的大人帮忙。有人受伤请拨打120。这不是你的错。"
                       "安全以后，可以拨打12355青少年服务热线找人说说。")
MOTHER_HIT = re.compile(r"(?:打|揍)(?:我妈|妈妈|我母亲)|(?:我妈|妈妈)[^。！？!?]{0,8}(?:被|挨)")
DV_CHILD_MARK = "12355"
DV_PLACE_LATER = "等您安全了，再告诉我这件事发生在哪里，我帮您登记反映。"
DV_PLACE_KNOWN = "地址已经记下了，等您安全了，我们再接着登记。"
# any other danger to a person now (有人在小区门口拿着刀砍人, 我被人跟踪了，他现在就在楼下): the triage's
# advice (110, 120) and the bot waits: no form question in the same breath, as for violence at home
PERSON_WAIT_MARK = "不用急着登记"
PERSON_WAIT = "人的安全要紧，先打110或120求助，不用急着登记；处理好之后，再告诉我这件事发生在哪里，我帮您登记反映。"
PERSON_WAITING = "好的。人的安全要紧，不用急着登记；处理好之后，再告诉我这件事发生在哪里，我帮您登记反映。"
PERSON_WAIT_KNOWN = "人的安全要紧，先打110或120求助，不用急着登记；地址已经记下了，处理好之后，我们再接着登记。"
# being followed now: nlu/urgency.py names it 人身危险 (its pattern, here only to pick the advice): the
# advice for it is where to go and what to tell 110, not the general 110 line
FOLLOWED = re.compile(r"(?:被人|有人|有个(?:男的|女的|人))[^。！？!?，,]{0,4}(?:跟踪|尾随|一直跟着|跟着我)|(?:跟踪|尾随)我")
STALKED_ADVICE = ("如有人正在跟踪您：请往人多、亮堂的地方去（商店、小区门岗、派出所），马上拨打110，告诉警察您在哪里、"
                  "对方的样子；不要一个人回家开门，尽量跟家人或朋友保持通话。")


def _own_advice(urgent: Optional[Dict[str, Any]], text: str) -> Optional[Dict[str, Any]]:
    """The triage's ``urgent`` with the bot's own advice where it has a more precise one (being followed)."""
    if urgent and urgent.get("kind") == PERSON_KIND and FOLLOWED.search(re.sub(r"\s", "", text)) \
            and not DOMESTIC_VIOLENCE.search(re.sub(r"\s", "", text)):
        return {**urgent, "advice": STALKED_ADVICE}
    return urgent


def _person_advice(advice: str, located: bool) -> str:
    """The triage's advice for a danger to a person now, with the bot waiting after it."""
    return advice + (PERSON_WAIT_KNOWN if located else PERSON_WAIT)


# warning signs told while a medical emergency waits (tester41: 摔倒了起不来，头上流血了 got 120, then
# 她说头疼想睡觉 went on to the read-back): 120 again with the symptoms, someone stays beside the person
MEDICAL_MARKS = ("突发急病", "突发急症", "危险信号", "急救人员到场前")  # the triage's 急症中毒 advice, this bot's own below
# a place said while a medical emergency waits (摔倒了起不来 → 120 and the wait, then 朝阳区劲松八区): where
# the ambulance must go, as after the first aid for an overdose (CRISIS_PLACE); the bot waits on, no form
# question in that turn
MEDICAL_PLACE = ("地址记下了：{place}。请马上拨打120，把这个地址告诉调度员，说清楚病人的情况；已经打过的，"
                 "也请把地址再核对一遍。急救人员到场前，打开门，身边一直留人陪着病人。"
                 "人的安全要紧，不用急着登记；处理好之后，我们再接着登记。")
WARNING_SIGNS = re.compile(r"头疼|头痛|头晕|头昏|想睡|犯困|困了|睡着了|睡过去|迷迷糊糊|迷糊|糊涂|呕吐|吐了|想吐|恶心|"
                           r"抽搐|抽筋|叫不醒|喊不醒|说不出话|说话不清|说不清话|口齿不清|喘不上气|喘不过气|呼吸困难|"
                           r"上不来气|脸色(?:发白|苍白|发紫|发青|不对)|嘴唇发紫|胸口(?:疼|痛|闷)|胸闷|流血不止|"
                           r"血止不住|止不住血|一直(?:在)?流血|意识不清|没(?:有)?意识|昏迷|晕过去|晕了|不认人|认不出|"
                           r"手脚(?:发)?麻|动不了|没反应|眼睛睁不开|出冷汗|冒冷汗")
NOT_SIGN = re.compile(r"(?:不|没|没有|未|别)[^，,。！？!?]{0,1}$")  # 不想睡, 没有头疼
SIGNS_ADVICE = ("{signs}可能是{after}的危险信号：请马上拨打120（已经打过的，请再打一次），把这些症状告诉调度员。"
                "等急救人员到之前，不要让病人一个人睡，身边一直留人，留意呼吸、能不能叫醒；呕吐的话让病人侧躺，防止呛着。")
SIGNS_WAIT = "人的安全要紧，不用急着登记；处理好之后，再告诉我这件事发生在哪里，我帮您登记反映。"
SIGNS_WAIT_KNOWN = "人的安全要紧，不用急着登记；地址已经记下了，处理好之后，我们再接着登记。"


FALL_TOLD = re.compile(r"摔|跌倒|跌了|磕|撞到?(?:了)?头|碰到?(?:了)?头|头上|头部|脑袋|额头|后脑")


def _place_held(tracker: Tracker) -> bool:
    """Whether the complaint's place is known (where the place is asked, the slot holds the answer
    being checked, no place yet)."""
    return bool(tracker.get_slot("address")) and tracker.get_slot("requested_slot") != "address"


def _warning_signs(said: str) -> List[str]:
    """The symptoms ``said`` tells (头疼, 想睡, 吐了 …), none denied (不想睡)."""
    plain = re.sub(r"\s", "", said or "")
    return list(dict.fromkeys(m.group(0) for m in WARNING_SIGNS.finditer(plain)
                              if not NOT_SIGN.search(plain[max(0, m.start() - 3):m.start()])))


def _medical_waiting(tracker: Tracker) -> Optional[str]:
    """The advice of the medical emergency the bot waits after (its last turn said the wait, the last
    danger advised was 急症中毒's), None otherwise."""
    if not _said_last_turn(tracker, PERSON_WAIT_MARK):
        return None
    for event in reversed(tracker.events):
        text = (event.get("text") or "") if event.get("event") == "bot" else ""
        if "110" in text or "120" in text:  # the last danger's advice (the waits name no number)
            return text if any(m in text for m in MEDICAL_MARKS) else None
    return None


def _medical_signs(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Symptoms told while a medical emergency waits (她说头疼想睡觉): said to be danger signs, 120
    (again) with them, someone beside the person, and the bot waits on (no question after it). False
    when no medical emergency waits or no symptom is told."""
    advice = _medical_waiting(tracker)
    signs = _warning_signs(said) if advice else []
    if not signs:
        return False
    if not _said_this_turn(tracker, "危险信号"):
        # a fall or a blow to the head told in this chat (the advice names falls for any collapse)
        fall = any(FALL_TOLD.search(e.get("text") or "") for e in tracker.events if e.get("event") == "user")
        wait = FORM_WAIT if _said_last_turn(tracker, FORM_WAIT_MARK) else \
            SIGNS_WAIT_KNOWN if _place_held(tracker) else SIGNS_WAIT
        dispatcher.utter_message(text=SIGNS_ADVICE.format(
            signs="您说的" + "、".join(f"“{s}”" for s in signs[:4]),
            after="摔倒、头部受伤后" if fall else "病情加重") + wait)
    return True


# a danger told as the answer to a form question (有人在小区门口拿着刀砍人 where the noise's place was
# asked): its advice, and the form waits; the complaint in progress is taken up again afterwards
FORM_WAIT_MARK = "接着登记您刚才反映的事"
FORM_WAIT = "安全要紧，不用急着登记；处理好之后告诉我一声，我们再接着登记您刚才反映的事。"
FORM_WAITING = "好的。安全要紧，不用急着登记；处理好之后告诉我一声，我们再接着登记您刚才反映的事。"
# after that wait: the danger over (then the pending question), or still being dealt with (the bot waits on)
DANGER_OVER = re.compile(r"没事了|安全了|处理好了|处理完了|(?<!没)(?<!没有)处理了|(?<!没)解决了|好了|走了|跑了|抓走了|被抓|警察(?:已经)?(?:来|到)了|"
                         r"民警(?:已经)?(?:来|到)了|结束了|接着(?:登记|说)?|继续(?:登记|说)?|"
                         r"(?:救护车|急救车|120|医生)(?:已经)?(?:来|到)了|(?:送|去|到)(?:了)?医院")
DANGER_PENDING = re.compile(r"报警|报了警|打了?110|打了?120|打了?119|打过了?|警察|民警|等着?|还在|知道了|明白|好的?|嗯|行|"
                            r"打了|(?:打|拨|联系)了?(?:燃气|供电|抢修|热线|96777|95598|96116|96069)|抢修")
# a danger now that a hotline of its own deals with (燃气泄漏, 火情, 触电危险: the advice's mark, what to
# call): told in the form it is never parked as "the next issue" (这件登记完后再说它, tester42 N1), the bot
# waits; out of the building, the call is asked for before any form step; the case filed notes it
HOTLINE_DANGERS = (("96777", "燃气抢修热线96777或火警119"), ("如有火情", "火警119"), ("95598", "供电抢修95598或110"))
HOTLINE_KINDS = ("燃气泄漏", "火情", "触电危险")
# the hotlines a citizen says they called (我已经打了96777了): no phone number, no case number (tester42 N3)
_HOTLINES = r"1[12]0|119|96777|95598|96116|96069|96110|12356|12345|12315|12369|12333|12393|12329|12338|12355|122"
HOTLINE_NUMBERS = re.compile(_HOTLINES)
HOTLINE_CALL_SAID = re.compile(r"(?:打|拨|联系|报)(?:了|过)?(?:燃气|供电|热力|自来水|抢修|急救|火警|报警)?(?:电话|热线)?"
                               rf"(?:{_HOTLINES})(?!\d)")
HOTLINE_TOLD = "好的，安全要紧。"
OUT_SAFE = re.compile(r"出来了|跑出来|逃出来|到楼下|在楼下|下楼了|下来了|在外面|到外面|离开了|出门了|撤出来|"
                      r"在(?:院子|小区)里|安全的地方")
HOTLINE_CALLED = re.compile(r"打了|打过|报了|报过|联系了|叫了|人来了|来人了|在路上|已经报")
HOTLINE_ASK = ("好的，出来了就好。请在安全处立即拨打{call}，说清楚地址和情况。打了吗？安全要紧，不用急着登记；"
               "打完告诉我一声，我们再接着登记您刚才反映的事。")
# posted after filing as the citizen's 补充 on a flagged case, never in the complaint's text: the statutes,
# similar cases and hot issues read that text (a breakfast stall read as a gas case, tester43 M3)
DANGER_NOTE = "市民登记过程中报告险情：“{said}”，已提示其拨打{call}"
HOW_ASKED = re.compile(r"怎么办|咋办|怎么弄|怎么处理|怎么搞|该咋|该怎么|如何处理")
# every danger told in the form whose advice the bot waits after (not only a hotline's: a person fallen
# from a building, a lift dropping with a child inside, a child in a pond, a knife attack, tester44 N1/N2):
# the advice's mark, the call named in it, for the note on the case filed. A hazard that is a case of
# its own (路面塌了一个大坑, 井盖没了, 爆管) is parked as the next issue instead (PARKED_KINDS), no note.
# carbon monoxide (洗澡晕倒了，燃气热水器一直开着): its advice names 120 first, 96777 only for the gas
# (tester45 N-c: the note said 燃气抢修热线96777或火警119)
CO_CALL = ("一氧化碳", "急救电话120（燃气问题可拨96777）")
DANGER_CALLS = (CO_CALL, *HOTLINE_DANGERS,
                ("如被困电梯", "轿厢内警铃或救援电话，无人应答拨打110或119"),
                ("如有人摔倒、昏迷或突发急病", "急救电话120"), ("如有人误服、中毒或突发急症", "急救电话120"),
                ("如有人身安全危险", "110（有人受伤或落水拨打急救电话120）"),
                ("如有人要轻生", "110（有人受伤拨打急救电话120）"),
                ("如有人正在跟踪您", "110"), ("12338", "110"), ("12355", "110"),
                ("如路面塌陷", "110或120"), ("如有物体可能坠落或倒塌", "110或119"), ("如井盖缺失", "110或120"),
                ("如暖气管爆裂", "供热抢修电话96069"), ("如水管爆裂", "自来水服务热线96116"))
# the hazards a department repairs: told in the form, a case of their own after this one (路面塌了)
PARKED_KINDS = ("坠落坍塌", "井盖缺失", "暖气爆管", "爆管跑水")
# someone else about to take their life, seen by the citizen (楼顶有个人说要跳下去, 对面楼顶上有个人坐在
# 边上，说不想活了: tester44 N4): a danger to that person, 110 first; never the citizen's own crisis
SOMEONE_ELSE = re.compile(r"(?:有(?:个|一个)?(?:人|男的|女的|小伙子?|姑娘|老人|老头|老太太|大爷|大妈|阿姨|孩子|小孩|学生|女孩|男孩)"
                          r"|一个(?:人|男的|女的|小伙子?|姑娘|老人|女孩|男孩|学生)|那个人|那人)"
                          r"[^。！？!?]{0,20}(?:不想活|活不下去|想死|寻死|自杀|轻生|要跳|想跳|跳下去|跳楼|往下跳)")
OTHER_AT_RISK_ADVICE = ("如有人要轻生：请马上拨打110，说清楚地点和他所在的位置；有人受伤请拨打急救电话120。"
                        "等警察到场前，在保证自己安全的前提下远远看着他，不要大声刺激他，也别让围观的人起哄。")


def _someone_else_at_risk(said: str) -> bool:
    """Whether ``said`` tells of another person about to take their life (楼顶有个人说要跳下去), not the
    citizen (我不想活了)."""
    plain = re.sub(r"\s", "", said or "")
    return bool(SOMEONE_ELSE.search(plain)) and not re.search(r"我[^。！？!?，,]{0,4}(?:不想活|想死|要跳|想跳)", plain)


def _hotline_called(said: str) -> bool:
    """Whether ``said`` only tells that a hotline was called (我已经打了96777了): no other number in it."""
    plain = plain_digits(re.sub(r"\s", "", said or ""))
    return bool(HOTLINE_CALL_SAID.search(plain)) and len(re.sub(r"\W", "", plain)) <= 20 \
        and not re.search(r"\d", HOTLINE_NUMBERS.sub("", plain))


def _hotline_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The answer to a hotline called in the form: 好的，安全要紧, with the wait while a danger waits (no
    question after it), else the pending question follows."""
    if _said_this_turn(tracker, HOTLINE_TOLD) or _said_this_turn(tracker, PERSON_WAIT_MARK):
        return
    waiting = FORM_WAITING if _said_last_turn(tracker, FORM_WAIT_MARK) else \
        ("好的。" + SIGNS_WAIT_KNOWN if _place_held(tracker) else PERSON_WAITING) \
        if _said_last_turn(tracker, PERSON_WAIT_MARK) else None
    dispatcher.utter_message(text=waiting or HOTLINE_TOLD)


# the medical emergency over when it was the whole "complaint" (我家老人在家摔倒了起不来 → 120 and the wait,
# then 救护车已经来了，拉走了): no department acts on a fall at home; it was read back to submit (tester42 N11)
MEDICAL_DONE = ("好的，救护车到了就好，祝家人早日康复。这样的急救情况不需要登记12345工单，这次就不登记了。"
                "还有其他需要反映的问题吗？")


def _emergency_only(tracker: Tracker, said: str) -> bool:
    """Whether the complaint pending is only the medical emergency the bot waits after (the message that
    got its advice), no department's matter beside it."""
    if not _medical_waiting(tracker):
        return False
    pending = re.sub(r"\W", "", _pending(tracker, said) or "")
    told = None
    last_user = ""
    for event in tracker.events:
        text = event.get("text") or ""
        if event.get("event") == "user":
            last_user = text
        elif event.get("event") == "bot" and "120" in text and any(m in text for m in MEDICAL_MARKS):
            told = last_user
    told = re.sub(r"\W", "", told or "")
    return bool(pending and told) and pending[:8] in told


def _waited_hotline(tracker: Tracker) -> Optional[str]:
    """What to call (燃气抢修热线96777或火警119) when the bot's last turn waited after the advice for a
    danger a hotline deals with, told in the form; None otherwise."""
    if not _said_last_turn(tracker, FORM_WAIT_MARK):
        return None
    for event in reversed(tracker.events):
        text = (event.get("text") or "") if event.get("event") == "bot" else ""
        for mark, call in (CO_CALL, *HOTLINE_DANGERS):
            if mark in text and FORM_WAIT_MARK in text:
                return call
        if "110" in text or "120" in text:  # another danger's advice is the last one
            return None
    return None


def _dangers_told(tracker: Tracker) -> List[str]:
    """The notes for the dangers a hotline deals with told in the form since the last case filed (the
    operator sees them on the case: DANGER_NOTE), one a danger, in the words that first told it (never
    a follow-up such as 我已经出来了，在楼下, which the call asked for: tester43 M3)."""
    notes: Dict[str, str] = {}
    said = ""
    parked = (tracker.get_slot("second_issue") or "").strip()
    for event in tracker.events:
        text = event.get("text") or ""
        if event.get("event") == "user":
            said = text
        elif event.get("event") == "bot":
            if any(f in text for f in FILED_SAID):
                notes = {}
            if "一件一件来" in text:  # a hazard parked as its own case (路面塌了): no note (kept last)
                notes = {c: n for c, n in notes.items() if f"“{_phones_masked(said.strip())[:80]}”" not in n}
                continue
            call = next((c for m, c in DANGER_CALLS if m in text), None)
            if call and FORM_WAIT_MARK in text and said and call not in notes \
                    and not (parked and said.strip()[:200] == parked):
                notes[call] = DANGER_NOTE.format(said=_phones_masked(said.strip())[:80], call=call)
    return list(notes.values())


def _advice_in_form(text: str, urgent: Dict[str, Any]) -> str:
    """The advice for a danger told in the middle of a complaint (never its "tell me where" line: the
    complaint in progress is the one taken up again)."""
    plain = re.sub(r"\s", "", text)
    if urgent.get("kind") == FRAUD_KIND:
        return FRAUD_ADVICE + FRAUD_STAY
    if urgent.get("kind") == PERSON_KIND and DOMESTIC_VIOLENCE.search(plain):
        outside = bool(OUT_OF_HOME.search(plain))
        if CHILD_SPEAKING.search(plain):
            return (DV_CHILD_OUT_ADVICE if outside else DV_CHILD_ADVICE) + FORM_WAIT
        return (DV_OUT_ADVICE if outside else DV_ADVICE.replace(DV_PLACE_LATER, "")) + FORM_WAIT
    if urgent.get("kind") == SELF_HARM_KIND:
        return urgent["advice"]  # 120 and the first aid, with the crisis lines: the bot stays
    return urgent["advice"] + FORM_WAIT


CRISIS_MARK = "12356"  # said in every crisis message (SELF_HARM_ADVICE, the care, the stays)
FRAUD_MARK = "96110"   # said in every anti-fraud message (the triage's advice, FRAUD_ADVICE)
# a danger now, said after the crisis lines: 在楼顶, 已经吃了药, 手里有刀
IMMINENT = re.compile(r"楼顶|天台|顶楼|楼边|窗台|窗户外|窗外|阳台外|桥上|桥边|河边|湖边|江边|海边|水边|铁轨|轨道边|站台边|"
                      r"(?:已经|刚|刚刚|都)(?:吃|喝|吞)(?:了|下)|吃了(?:一(?:整)?瓶|好多|很多|一把|一堆)|(?:手里|手上)(?:有|拿着|握着)|"
                      r"拿着刀|刀片|割了|划了|绳子|上吊|烧炭|往下跳|要跳|跳下去|遗书|永别|最后一次|来不及了|站在")
# still in distress: more of the pain, no problem to file in it
DISTRESS = re.compile(r"难受|好累|太累|累了|撑不住|受不了|没人(?:管|帮|在乎|理|关心)|什么都没(?:有)?了|一无所有|绝望|没希望|"
                      r"没意义|没用|想哭|在哭|哭了|害怕|不知道(?:该)?怎么办|怎么办|活着|死|走投无路|孤独|一个人|没办法|"
                      r"帮帮我|救救我|救命|没什么要反映|不想(?:登记|反映|说)|不用(?:登记|反映)|算了")
# a wish to go on with the form, and nothing else ("我要登记", "帮我报案", "好的，登记吧")
FILE_WISH = re.compile(r"(?:(?:好的?|嗯|对|行|那|那就)[，,]?)?(?:我)?(?:想|要|还是)?(?:帮我)?(?:继续)?"
                       r"(?:登记|反映|投诉|举报|报案|立案|提交|报警登记)(?:一下)?(?:这(?:个|件)事)?(?:吧|啊|呀)?[。！!]*")
# a scam still going on, said after the anti-fraud advice
SCAM_GOING = re.compile(r"转|汇|抓|逮捕|拘留|验证码|密码|屏幕|共享|骗|警察|公安|民警|法院|检察|银行|账户|账号|卡|钱|冻结|"
                        r"解冻|理赔|客服|操作|下载|软件|视频|链接|他说|他们说|对方|怎么办|电话|贷款|洗钱|万|"
                        # advance-fee scams (tester37 N4): 再充最后一次, 提现, 保证金, 垫付, 交税 …
                        r"充|提现|提出来|取出来|提不出|保证金|垫付|刷单|返利|佣金|任务|税|手续费|额度|放款|平台|导师|"
                        r"虚拟币|币|投资|收益|回本|最后一次|千|百")
# a payment about to be made, said after the advice ("那我再充最后一次应该就能提出来了吧"): told plainly first
PAY_AGAIN = re.compile(r"再(?:充|转|交|付|汇|打)|最后一次|(?:正|准备|马上|这就|现在|今天)(?:就|要|去)*(?:充|转|交|付|汇)|"
                       r"就能(?:提|取|拿)(?:出来|现|回)|借(?:到|了|钱)")
FRAUD_PAY_AGAIN = "千万不要再充值或转账了：这是骗子的套路，交了这一笔还会有下一笔，钱提不出来。"


def _said_this_turn(tracker: Tracker, mark: str) -> bool:
    """Whether the bot said ``mark`` since the citizen's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and mark in (event.get("text") or ""):
            return True
    return False


def _said_last_turn(tracker: Tracker, mark: str) -> bool:
    """Whether the bot's last turn (before the citizen's latest message) said ``mark``."""
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return False
        elif event.get("event") == "bot" and users == 1 and mark in (event.get("text") or ""):
            return True
    return False


def _person_refused(tracker: Tracker) -> bool:
    """Whether the citizen refused a person earlier in this conversation (别给我转人工, 不想跟人说话)."""
    texts = [re.sub(r"\s", "", e.get("text") or "") for e in tracker.events if e.get("event") == "user"][:-1]
    return any(REFUSE_PERSON.search(t) for t in texts)


def _crisis_in_chat(tracker: Tracker) -> bool:
    """Whether the bot said the crisis lines in this conversation."""
    return any(e.get("event") == "bot" and CRISIS_MARK in (e.get("text") or "") for e in tracker.events)


def _filler(text: Optional[str]) -> bool:
    """Whether ``text`` says nothing (嗯, 好, 好的, 对): never a case's address or description."""
    plain = re.sub(r"\W", "", text or "")
    return not re.sub(r"嗯|哦|噢|啊|呃|额|好的?|行|对|是的?|可以|中|那个|这个|就是|然后|哈|呀|吧|呢|了|哎|唉", "", plain)


def _hold(tracker: Tracker) -> Optional[str]:
    """"self_harm" or "fraud" when the bot's last turn (before the citizen's latest message) said the
    crisis lines or the anti-fraud advice, i.e. it is staying with the person; None otherwise."""
    users = 0
    kind = None
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            text = event.get("text") or ""
            if FRAUD_MARK in text:
                kind = "fraud"
            elif CRISIS_MARK in text and kind is None:
                kind = "self_harm"
    return kind


def _before(tracker: Tracker, slot: str) -> Any:
    """``slot``'s value before the citizen's latest message (what a message kept out of the form leaves)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def _stay_outside(dispatcher: CollectingDispatcher, tracker: Tracker, said: str,
                  kinds: tuple = ("self_harm", "fraud")) -> Optional[List[EventType]]:
    """``_stay`` for the actions beside the form (a goodbye, a question, an answer outside it): the
    events to return when the bot stays with the person or hands over, None to go on as usual."""
    if _hold(tracker) not in kinds and not ("self_harm" in kinds and _crisis_in_chat(tracker) and _help_asked(said)):
        return None
    place = _crisis_place(said, tracker)
    stay = _stay(dispatcher, tracker, said)
    if stay == "handoff":
        return [FollowupAction("action_handoff")]
    if stay == "place":  # where the person is: kept for the person offered (the form keeps it too)
        return [SlotSet("address", place)]
    if stay == "stay" or (stay == "resume" and tracker.active_loop.get("name")):
        return []  # in the form, the form follows (its validation keeps the answer out)
    if stay == "resume":
        dispatcher.utter_message(response="utter_ask_what")
        return []
    return None


def _staying(tracker: Tracker) -> bool:
    """Whether the bot said the crisis lines, the anti-fraud advice or the advice for a danger to a
    person now this turn: no form question (nor read-back) after."""
    return any(_said_this_turn(tracker, m) for m in (CRISIS_MARK, FRAUD_MARK, DV_MARK, DV_CHILD_MARK, PERSON_WAIT_MARK))


def _stay(dispatcher: CollectingDispatcher, tracker: Tracker, said: str) -> Optional[str]:
    """While the bot stays with a person in danger (``_hold``): the crisis lines again (with 110/120 for
    a danger now), or the anti-fraud advice again, and "stay"; "handoff" for a yes to the person offered
    after the crisis lines; "resume" for a bare wish to file ("我要登记": the pending question is asked
    again); None when the message goes on with the form (a place, the problem) or no danger is held."""
    kind = _hold(tracker)
    said = re.sub(r"\s", "", said or "")
    if said and (kind == "self_harm" or (not kind and _crisis_in_chat(tracker))) and _help_asked(said):
        # "你们能帮我什么" in a crisis: what the bot does here (listen, a person, the lines), never
        # 帮不上忙 or the complaint menu (tester round 11 #1)
        if not _said_this_turn(tracker, CRISIS_MARK):
            dispatcher.utter_message(text=CRISIS_HELP)
        return "stay"
    if not kind or not said:
        return None
    if kind == "self_harm" or _self_harm(said):
        if IMMINENT.search(said) or _self_harm(said):
            if not _said_this_turn(tracker, SELF_HARM_NOW):
                dispatcher.utter_message(text=SELF_HARM_NOW)
            return "stay"
        if kind == "self_harm" and CONSENT.fullmatch(said) and not FILE_WISH.fullmatch(said):
            if EXPLICIT_PERSON.search(said) or (_said_last_turn(tracker, PERSON_OFFERED)
                                                and not _person_refused(tracker)):
                return "handoff"  # "转人工", or "好" right after a person was offered
            if not _said_this_turn(tracker, CRISIS_MARK):
                dispatcher.utter_message(text=SELF_HARM_WITH_YOU)
            return "stay"
        if kind == "self_harm" and REFUSE_PERSON.search(said):
            # "别给我转人工，我不想跟任何人说话": no hand-off, no phone question; the bot stays (tester37 N1)
            if not _said_this_turn(tracker, CRISIS_MARK):
                dispatcher.utter_message(text=SELF_HARM_NO_PERSON)
            return "stay"
        if kind == "self_harm" and HOPELESS.search(said) and not _tells_problem(HOPELESS.sub("", said)) \
                and not PLACE_WORDS.search(said):
            # "不用了，没人能帮我": the lines again and the bot stays, never the form's "算了" (tester37 N2)
            if not _said_this_turn(tracker, CRISIS_MARK):
                dispatcher.utter_message(text=SELF_HARM_HOPE)
            return "stay"
        place = _crisis_place(said, tracker)
        if place:  # "我在丰台区方庄" after the lines for the wish to die: where the person is (CRISIS_WHERE)
            if not _said_this_turn(tracker, CRISIS_MARK):
                dispatcher.utter_message(text=CRISIS_WHERE.format(place=_shown(place)))
            return "place"
    if FILE_WISH.fullmatch(said):
        if not _said_this_turn(tracker, RESUMED):
            dispatcher.utter_message(text=RESUMED)
        return "resume"
    if kind == "fraud":
        if SCAM_GOING.search(said) or not (PLACE_WORDS.search(said) or _district_alone(said) or _phone_in(said)):
            if not _said_this_turn(tracker, FRAUD_MARK):
                dispatcher.utter_message(text=(FRAUD_PAY_AGAIN if PAY_AGAIN.search(said) else "")
                                         + FRAUD_ADVICE + FRAUD_STAY)
            return "stay"
        return None
    if _tells_problem(DISTRESS.sub("", said)) or PLACE_WORDS.search(said) or _district_alone(said) \
            or _phone_in(said) or (not DISTRESS.search(said) and len(re.sub(r"\W", "", said)) >= MIN_CHARS):
        return None
    pending = tracker.active_loop.get("name") and _pending(tracker, said)
    # the act of self-harm is no complaint to offer back (tester40: 您刚才说的“我吃了一整瓶安眠药”的事，还要继续登记吗)
    if pending and (_self_harm(pending) or SELF_HARM_ACT.search(re.sub(r"\s", "", pending))):
        pending = None
    if kind == "self_harm" and pending and not DISTRESS.search(said) and not _advised(tracker, OFFER_BACK_MARK):
        # "不留" (the phone question's answer) after the crisis lines: calmer; the complaint left pending is
        # offered back once, never dropped without a word (G6)
        if not _said_this_turn(tracker, OFFER_BACK_MARK):
            dispatcher.utter_message(text=f"好的。您刚才说的{_subject(pending)}的事，{OFFER_BACK_MARK}？",
                                     buttons=[{"title": "继续登记", "payload": "继续登记"},
                                              {"title": "先不登记", "payload": "先不登记了"}])
        return "stay"
    if not _said_this_turn(tracker, CRISIS_MARK):
        dispatcher.utter_message(text=SELF_HARM_AGAIN)
    return "stay"


def _pending(tracker: Tracker, said: str) -> Optional[str]:
    """The complaint told before ``said`` (the description, else the draft): the form's mapping puts the
    message itself into the description ("不留" after the crisis lines is no complaint left pending)."""
    plain = re.sub(r"\s", "", said or "")
    return next((v for v in (_before(tracker, k) if re.sub(r"\s", "", tracker.get_slot(k) or "") == plain
                             else tracker.get_slot(k) for k in ("description", "description_draft")) if v), None)


def _help_asked(said: str) -> bool:
    """Whether ``said`` only asks what the bot can do (你们能帮我什么, 有什么用), no problem told."""
    plain = re.sub(r"\W", "", said or "")
    return bool(HELP_ASKED.search(plain)) and len(plain) <= 16 and not _tells_problem(plain) \
        and not PLACE_WORDS.search(plain)


def _crisis_place(said: str, tracker: Tracker) -> Optional[str]:
    """The place said right after the crisis lines for the wish to die (no act: the first aid's place is
    CRISIS_PLACE), where no complaint is pending and the message tells no problem: where the person is
    (我在丰台区方庄 → 丰台区方庄); None otherwise."""
    plain = re.sub(r"\s", "", said or "")
    if _hold(tracker) != "self_harm" or _advised(tracker, FIRST_AID_SAID) or _self_harm(plain) \
            or IMMINENT.search(plain) or _tells_problem(plain):
        return None
    pending = _pending(tracker, plain)
    if pending and not (_self_harm(pending) or SELF_HARM_ACT.search(re.sub(r"\s", "", pending))):
        return None  # 房东把我赶出来了…不想活了: the place is the complaint's
    place = _WHERE_LEAD.sub("", LEAD_FILLER.sub("", _from_the_place(plain))).strip("，,。！!～~")
    if not place or len(place) > 30 or not (PLACE_WORDS.search(place) or _DISTRICT_SAID.search(place)
                                            or _district_alone(place)):
        return None
    return _district_alone(place) or place


OFFER_BACK_MARK = "还要继续登记吗"
SELF_HARM_ACT = re.compile(r"割腕|割了?(?:手腕|自己)|(?:吞|吃|喝|服)(?:了|下)[^，。！？,!?]{0,6}(?:药|药片)|"
                           r"(?:打开|开着|开了)[^，。！？,!?]{0,3}(?:煤气|燃气|天然气)|(?:煤气|燃气|天然气)[^，。！？,!?]{0,3}(?:打开了|开着)")
OFFER_BACK_NO = ("好的，{subject}的事先不登记，本次反映没有提交。想登记的时候随时告诉我；心里难受的时候，"
                 "心理援助热线12356（24小时）随时可以拨打。")
_SUBJECTS = (("欠薪", r"工资|欠薪|薪水|工钱|拖欠"), ("油烟", r"油烟"), ("噪音", r"噪音|噪声|吵|扰民"),
             ("垃圾", r"垃圾"), ("停车", r"停车"), ("供暖", r"暖气|供暖"), ("物业", r"物业"))


def _subject(description: str) -> str:
    """What a pending complaint is about, in a word or two (欠薪, 油烟), else its start quoted."""
    return next((name for name, words in _SUBJECTS if re.search(words, description or "")),
                f"“{_title(description or '', 12)}”")


def _offered_back(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> Optional[str]:
    """The answer to the pending complaint offered back: "resume" (我们接着登记, its question next),
    "drop" (nothing filed, said so), None when the bot did not just offer it or the answer says neither."""
    if not _said_last_turn(tracker, OFFER_BACK_MARK):
        return None
    plain = re.sub(r"\W", "", said or "")
    pending = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
    if re.search(r"不|算了|先不|别|没必要|以后再说", plain) and len(plain) <= 10:
        dispatcher.utter_message(text=OFFER_BACK_NO.format(subject=_subject(pending)))
        return "drop"
    if CONSENT.fullmatch(plain) or FILE_WISH.fullmatch(plain) or re.search(r"继续|接着|登记|要", plain):
        if not _said_this_turn(tracker, RESUMED):
            dispatcher.utter_message(text=RESUMED)
        return "resume"
    return None


# a place outside Beijing (我在河北燕郊…): 12345 Beijing takes Beijing's matters; the local hotline
# is named (tester35 N-L2: it looped on 这个地点还不够具体). (name, where it is)
OUTSIDE_PLACES = (  # (what is said, where it belongs, whose 12345 takes it)
    ("燕郊", "河北省三河市", "河北三河市"), ("三河市", "河北省廊坊市", "河北三河市"),
    ("大厂县", "河北省廊坊市", "河北大厂县"), ("大厂回族自治县", "河北省廊坊市", "河北大厂县"),
    ("香河", "河北省廊坊市", "河北香河县"), ("固安", "河北省廊坊市", "河北固安县"), ("廊坊", "河北省", "河北廊坊市"),
    ("涿州", "河北省保定市", "河北涿州市"), ("保定", "河北省", "河北保定市"), ("怀来", "河北省张家口市", "河北怀来县"),
    ("张家口", "河北省", "河北张家口市"), ("承德", "河北省", "河北承德市"), ("石家庄", "河北省", "河北石家庄市"),
    ("唐山", "河北省", "河北唐山市"), ("河北省", "", "河北当地"), ("河北", "", "河北当地"), ("天津", "", "天津"),
)
OUTSIDE = re.compile("|".join(n for n, _, _ in OUTSIDE_PLACES[:-2]) + r"|河北(?![镇村路街])|天津(?![路街])")
OUTSIDE_TOLD = "北京12345只受理北京市范围内的问题"


def _outside_beijing(said: str) -> Optional[str]:
    """What to tell a citizen whose problem is outside Beijing (燕郊 …), or None: a Beijing district
    named with it (房山区河北镇) keeps it in Beijing."""
    found = OUTSIDE.search(said or "")
    if not found or re.search(rf"(?:{_DISTRICT_NAMES})区|北京市", said):
        return None
    # the most specific name said (燕郊 before 河北)
    name = next((n for n, _, _ in OUTSIDE_PLACES[:-2] if n in said), found.group(0))
    where, area = next(((w, a) for n, w, a in OUTSIDE_PLACES if n == name), ("", name))
    place = f"{name}属于{where}" if where else f"{name}不在北京市"
    return (f"您说的地方在北京以外（{place}），{OUTSIDE_TOLD}。请向当地反映：{area}也是拨打12345政务服务便民热线。"
            "如果问题其实发生在北京，请告诉我在北京哪个区、哪条街道，我再帮您登记。")


# an explicit goodbye: the only reply read as goodbye that ends the form (with 不提交 / 算了 …)
BYE_SAID = re.compile(r"再见|拜拜|[Bb]ye|回头再说|下次再说|先这样吧|挂了")


# the time refused or not known (不需要时间, 不用时间, 没有具体时间, 时间不知道): no time value, wherever it is
# said (不需要时间 at the phone question was 时间记下了：不需要时间)
_NO_TIME_NEG = r"(?:不需要|不用|用不着|没必要|没有?|不知道|不清楚|不记得|记不清|记不得|说不清|说不好|不确定|忘了)"
TIME_REFUSED = re.compile(rf"{_NO_TIME_NEG}(?:说|提供|写|填|留|问)?(?:个|什么)?(?:具体|确切|准确|固定)?的?(?:时间|日期)(?:了|啊|呀|吧)?|"
                          rf"(?:具体|确切|准确)?的?(?:时间|日期)(?:就|也|我)?{_NO_TIME_NEG}(?:了|啊|呀|吧)?")
TIME_NOT_NEEDED = re.compile(r"不需要|不用|用不着|没必要")


def _time_refused(said: str) -> bool:
    """Whether ``said`` only refuses the time or says it is not known (不需要时间, 时间不知道)."""
    plain = re.sub(r"[\s，,。！!？?～~]", "", said or "")
    return bool(plain) and bool(TIME_REFUSED.search(plain)) and not re.sub(r"\W", "", TIME_REFUSED.sub("", plain))


def _when(said: str) -> Optional[str]:
    """The time ``said`` gives when it says a time or how long / how often and nothing else (no
    place, no detail, no problem): "俩月了，一直这样" → 俩月了，一直这样; None otherwise (不需要时间
    is none: a time refused, ``TIME_REFUSED``; 每天晚上，不知道具体时间 → 每天晚上)."""
    value = re.sub(r"^[，,。\s]+|[，,。\s]+$", "", TIME_REFUSED.sub("", said)).strip("，,。！!？? ")
    if not value or PLACE_WORDS.search(value) or DETAIL.search(value):
        return None
    if not (WHEN_SAID.search(value) or _is_hours(value)):
        return None
    rest = re.sub(r"\W", "", _WHEN_REST.sub("", WHEN_SAID.sub("", TIME_HINT.sub("", value))))
    if len(rest) > 3 or PROBLEM_WORDS.search(rest):
        return None
    return value


# a period of the day alone (晚上, 早上, 夜里), as a description gives it ("…晚上还特别吵"): it holds the
# time but says no hours, so hours said later take its place (tester41 P10: 时间：晚上 was filed)
_PERIOD = r"(?:每天|天天|每晚|一到)?(?:早上|早晨|清晨|上午|中午|下午|傍晚|晚上|晚间|夜里|夜间|半夜|后半夜|深夜|凌晨|白天)"
BARE_PERIOD = re.compile(rf"{_PERIOD}(?:、{_PERIOD})*")
CLOCK = re.compile(r"\d+\s*[点时:：]|[零一二三四五六七八九十两俩]+(?:点|时)|点(?:多|半|钟|以后|之后|前)")


def _time_open(held: Optional[str], said: str) -> bool:
    """Whether ``said`` may give the complaint's time: none held, or only a bare period word
    (晚上) and ``said`` tells the hours (每天晚上八点到十二点)."""
    return not held or bool(BARE_PERIOD.fullmatch(held) and CLOCK.search(NOT_HOURS.sub("", said or "")))


def _fuller_time(held: Optional[str], new: str) -> str:
    """``new`` in place of a bare period word held, with that word before hours that name none
    (晚上 and 八点到十二点 → 晚上八点到十二点)."""
    if held and BARE_PERIOD.fullmatch(held) and not BARE_PERIOD.search(new) and "、" not in held:
        return f"{held}{new}"
    return new


def _with_time(known: Optional[str], new: str) -> str:
    """The time after ``new`` is said: how long / how often beside a known hour ("天天后半夜" and
    "俩月了" → 天天后半夜，俩月了), else ``new`` in its place."""
    if known and TIME_OF_DAY.search(known) and not TIME_OF_DAY.search(new) and new not in known:
        return f"{known}，{new}"
    return new


# yes to the second problem the bot offered after filing ("对，登记一下", "好的，也报一下")
OFFER_YES = re.compile(r"^(?:对|好|行|嗯|是|要|需要|登记|麻烦|可以|中|帮我|也)")
_OFFER_WORDS = re.compile(r"(?:对|好|好的|行|嗯|是的?|要|需要|可以|中|麻烦|帮我|请|也|再|一起|顺便|把它|这个|那个)*"
                          r"(?:登记|报|反映|记|提交)?(?:一下|上|吧|了|啊|呀|的)*")
SAME_PLACE = re.compile(r"^(?:也是|还是|就是)?(?:同一个?|一样|同样)(?:的)?(?:地方|地点|位置|那儿|这儿)?|^(?:也是|还是|也在|就在)?"
                        r"(?:这儿|那儿|这里|那里|那边|这边|同上)$")


# "就是刚才那个小区", "一样的地址", "还是那个地方", "同上": the place of the case filed just before
_SAME_AS_BEFORE = re.compile(r"刚才|刚刚|一样|同一|同样|同上|上一个|上个|上一件|之前|原来|还是那|也是那")
_SAME_AS_BEFORE_WORDS = re.compile(r"就是|就在|也是|还是|也在|还在|同一个?|同样|同上|跟|和|与|同|刚才|刚刚|上一个|上个|上一件|"
                                   r"之前|前面|原来|说的|那个|那|这个|的|一样|小区|地址|地点|地方|位置|那儿|这儿|那里|这里|"
                                   r"院|楼|我|吧|啊|呀|嘛|呢|个|件|工单|[，,。！!\s]")


def _same_as_before(said: str) -> bool:
    """Whether ``said`` only says the place is the one said before (就是刚才那个小区, 一样的地址)."""
    return bool(_SAME_AS_BEFORE.search(said)) and not _SAME_AS_BEFORE_WORDS.sub("", said)


FILED_SAID = ("已为您登记", "好的，已为您转接人工坐席，工单")


def _last_filed_address(tracker: Tracker) -> Optional[str]:
    """The address of the case this conversation filed last, as it was filed (replayed from the
    events: the slots still hold it when the bot says the case's number)."""
    address = filed = None
    for e in tracker.events:
        if e.get("event") == "slot" and e.get("name") == "address":
            address = e.get("value")
        elif e.get("event") == "bot" and (e.get("text") or "").startswith(FILED_SAID):
            filed = address
    return filed


def _offer_taken(said: str, offer: Optional[Dict[str, Any]]) -> Optional[str]:
    """What follows the yes when ``said`` takes the offered second problem ("对，登记一下，也是菊儿胡同口
    那儿" → 也是菊儿胡同口那儿; "" for a yes alone); None when it does not (no offer, a no, another
    problem told instead)."""
    if not offer or not offer.get("text"):
        return None
    if _other_asked(said):  # "那另一个问题呢" right after the offer: a yes (tester42 N2)
        return ""
    said = plain_digits(said).strip()
    if not OFFER_YES.match(said) or re.search(r"不用|不要|不需要|不登记|算了|没有了|不了", said):
        return None
    clauses = [c.strip() for c in re.split(r"[，,。；;！!\s]+", said) if c.strip()]
    rest = "，".join(c for c in clauses if not _OFFER_WORDS.fullmatch(c))
    if _tells_problem(rest) and not set(PROBLEM_WORDS.findall(rest)) <= set(PROBLEM_WORDS.findall(offer["text"])):
        return None  # another problem: a complaint of its own
    return rest


OFFER_SAID = "您刚才还提到“"


def _offered_just_now(tracker: Tracker) -> bool:
    """Whether the bot's last words before the citizen's latest message offered the second problem
    (a yes later on, after other turns, is no answer to it)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            return OFFER_SAID in (event.get("text") or "")
    return False


async def _offer_slots(said: str, tracker: Tracker, dispatcher: CollectingDispatcher,
                       domain: DomainDict) -> Optional[Dict[Text, Any]]:
    """The slots of the second complaint when ``said`` takes the offer: its description the problem
    quoted, its place the one said with the yes (in the first case's district when it names none;
    the first case's own for "同一个地方"), the first case's call-back number; None otherwise."""
    offer = tracker.get_slot("offered_issue") if _offered_just_now(tracker) else None
    rest = _offer_taken(said, offer)
    if rest is None:
        return None
    first = offer.get("address")
    problem, place_said = _place_apart(offer["text"])
    address = None
    if rest and SAME_PLACE.search(rest):
        address = first
    elif rest:
        place = await ValidateComplaintForm._place(rest) or _area_in_district(rest, problem)
        address = _in_district(place, first) if place else None
    if not address and place_said:  # "…卖水果。通州区翠屏北里小区": the place, never the problem (tester43 L5)
        place = await ValidateComplaintForm._place(place_said)
        address = _in_district(place, first) if place else None
        problem = problem if address else offer["text"]
    dispatcher.utter_message(text=f"好的，登记您提到的“{_shown(problem)}”"
                                  + (f"，地点：{_shown(address)}。" if address else "。"))
    fresh = _fresh(tracker, address=address, contact=offer.get("contact"))
    slots = await ValidateComplaintForm().validate_description(problem, dispatcher, fresh, domain)
    return {**slots, "address": address or slots.get("address"), "contact": offer.get("contact"),
            "offered_issue": None}


# words a place's name does not carry (通州区的饭馆都这样熏人 is more of the problem)
_NO_PLACE_NAME = re.compile(r"的|都|很|太|又|还|有|没|不|吵|臭|乱|坏|这样|那样")


def _place_apart(text: str) -> tuple[str, Optional[str]]:
    """A problem told with its place last, as a clause of its own naming a district ("小区门口有人占道摆摊
    卖水果。通州区翠屏北里小区"): the problem and that clause; ``text`` and None otherwise."""
    clauses = [m for m in re.finditer(r"[^，,。；;！!]+", text) if m.group(0).strip()]
    if len(clauses) < 2:
        return text, None
    last = clauses[-1]
    clause = last.group(0).strip()
    problem = text[:last.start()].strip("，,。；;！! ")
    if not _DISTRICT_OF.match(clause) or _tells_problem(clause) or _NO_PLACE_NAME.search(clause) \
            or len(re.sub(r"\W", "", problem)) < MIN_CHARS:
        return text, None
    return problem, clause


def _told_more(slot: str, description: str, said: str, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """More about the problem said where ``slot`` was asked: added to the description (no abuse),
    acknowledged; the question is asked again."""
    more = f"{description}，{(_civil(said) or said).strip('，,。 ')}"
    dispatcher.utter_message(text="好的，情况记下了。")
    return {slot: None, "description": more, "description_draft": more}


def _civil(said: str) -> str:
    """``said`` without abuse, and without the clauses that said nothing else ("你们这帮废物，…");
    empty when nothing else is said."""
    if not ABUSE.search(said):
        return said

    def says_something(clause: str) -> bool:
        return len(re.sub(r"\W|你们?|他们?|她们?|这些?|那些?|都|是|就|真|太|的", "", FILLER.sub("", clause))) >= 2

    clauses = [c.strip() for c in re.split(r"[，,。！!？?；;]+", ABUSE.sub("", said))]
    return "，".join(c for c in clauses if says_something(c))


def _one_problem(said: str) -> tuple[str, Optional[str]]:
    """The first problem of a message that says it raises two ("我要反映两个问题：一是…，二是…",
    "…，还有一个问题，…"), and the rest; the message itself and None when it raises one."""
    m = SECOND_PROBLEM.search(said)
    weak = None if m else ANOTHER_WEAK.search(said)
    if not m and not weak:
        return said, None
    cut = m or weak
    first, rest = said[:cut.start()].strip("，,。；;！! "), said[cut.end():].strip("，,。；;！! ")
    lead = TWO_PROBLEMS_LEAD.match(first)
    if lead and first[lead.end():].strip():
        first = first[lead.end():].strip("，,。 ")
    if len(re.sub(r"\W", "", rest)) < MIN_CHARS or len(re.sub(r"\W", "", first)) < MIN_CHARS:
        return said, None
    if weak and not (set(PROBLEM_WORDS.findall(rest)) - set(PROBLEM_WORDS.findall(first))
                     and PROBLEM_WORDS.search(first)):
        return said, None  # "还有电钻声": more of the same problem
    return first, rest


_DISTRICT_NAMES = "东城|西城|朝阳|海淀|丰台|石景山|门头沟|房山|通州|顺义|昌平|大兴|怀柔|平谷|密云|延庆"
_DISTRICT_SAID = re.compile(rf"(不是|不在|并非)?(?:北京市?)?({_DISTRICT_NAMES})区")
_DISTRICT_OF = re.compile(rf"^(?:北京市?)?(?:{_DISTRICT_NAMES})区")


# a clause before the place that says none ("我刚说了啊", "我也不知道是哪个区", "我记错了", "哦不对")
LEAD_IN = re.compile(r"说了|说过|刚说|刚才|不知道|不清楚|说不清|记错|记不清|不对|错了|搞错|弄错|我也|哦|噢|嗯|啊|呃|那个|就是")


def _from_the_place(said: str) -> str:
    """``said`` from where its place starts: the last clause naming a district (not one denied:
    "哦不对，不是朝阳区，是东城区，我记错了，东城区广渠门内大街" → 东城区广渠门内大街), else without
    the clauses before it that name no place ("我刚说了啊，…", "我也不知道是哪个区，就在国贸那边儿")."""
    clauses = [c for c in re.split(r"[，,。；;！!？?]+", said) if c.strip()]
    if len(clauses) < 2:
        return said
    named = [i for i, c in enumerate(clauses)
             if any(not m.group(1) for m in _DISTRICT_SAID.finditer(c))]
    if named and named[-1] > 0:
        i = named[-1]
        first = next(m for m in _DISTRICT_SAID.finditer(clauses[i]) if not m.group(1))
        return "，".join([clauses[i][first.start():], *clauses[i + 1:]])
    dropped = 0
    while len(clauses) - dropped > 1 and LEAD_IN.search(clauses[dropped]) and not PLACE_WORDS.search(clauses[dropped]) \
            and not _DISTRICT_SAID.search(clauses[dropped]):
        dropped += 1
    return "，".join(clauses[dropped:]) if dropped else said


def _in_district(place: str, known: Optional[str]) -> str:
    """``place`` with the district of the place it corrects or refines when it names none of its own
    (德胜门外大街13号院 for 北京市西城区… → 北京市西城区德胜门外大街13号院)."""
    district = _DISTRICT_OF.match(known or "")
    if not district or re.search(rf"(?:{_DISTRICT_NAMES})区", place):
        return place
    return "北京市" + district.group(0).removeprefix("北京市").removeprefix("北京") + place.removeprefix("北京市")


# sounds and words before a place that are no part of it ("嗯就朝阳公园南门进去右手边", "那个…")
LEAD_FILLER = re.compile(r"^(?:(?:嗯|呃|额|啊|哦|噢|那个|这个)[，,。\s]*)+")
# words after a place that only point at it ("菊儿胡同口那儿", "高碑店那段")
DEICTIC_TAIL = re.compile(r"(?:那儿|那里|这儿|这里|那边儿?|这边儿?|那块儿?|这块儿?|那片儿?|一带)[啊呀吧呢。！!，,\s]*$")
# a segment of a river or a road ("高碑店那段", "这一段")
SEGMENT_TAIL = re.compile(r"(?:那|这)?一?段(?:路|河)?[。！!，,\s]*$")
# a river, lake or canal named in the description (通惠河, 亮马河, 昆明湖)
WATER = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:河|湖|渠|水库|海子)")
_NOT_A_NAME = re.compile(r"^(?:那条|这条|那个|这个|我们|咱们|那|这|条|个|的|在)+")
# a reply at the read-back that names a place by itself though no place word marks it (富力城C区)
PLACE_LIKE = re.compile(r"^[\u4e00-\u9fff]{2,}(?:城|园|苑|府|湾|庭|邸|公馆|中心|大厦|广场|里|村)"
                        r"(?:[A-Za-z0-9一二三四五六七八九十]+(?:区|期|座|栋|号楼|号院|号))?$"
                        r"|^[\u4e00-\u9fff]{2,}[A-Za-z0-9一二三四五六七八九十]+(?:区|期|座|栋)$")
# what a place only coarse enough to refine reads like (双井, 望京街道): an area, no landmark
_COARSE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:街道|地区|乡|镇)?$")
# a place that is a road of its own (东三环中路, 德胜门外大街13号院), not a place by one (毛纺路小区旁边)
_A_ROAD = re.compile(r"(?:路|大街|胡同|巷|街(?!道))(?:[0-9一二三四五六七八九十甲乙丙]+号(?:院|楼)?)?"
                     r"(?:东|西|南|北)?(?:侧|口|边|旁边|附近|对面)?$")
_LANDMARK_END = re.compile(r"公园|医院|学校|广场|市场|商场|站|机场|大厦|中心|寺|桥|园|苑|里|村|城")


def _refined(known: Optional[str], place: str, said: str = "") -> str:
    """The address after a place said at the read-back: more of the known one when that names an
    area only (北京市朝阳区双井 and 富力城C区 → 北京市朝阳区双井富力城C区) or the new one starts with it
    (朝阳公园 → 朝阳公园南门…); otherwise the new place, in the known district when it names none."""
    if not known:
        return place
    districts = re.compile(rf"(?:{_DISTRICT_NAMES})区")
    place_d, old_d = districts.search(place), districts.search(known)
    new_d = districts.search(said) if said else place_d  # the citizen named one: a place said whole
    if (place_d and old_d and place_d.group(0) != old_d.group(0)) or (place_d and not old_d):
        return place  # a place in another district: that one
    body, known_body = _DISTRICT_OF.sub("", place), _DISTRICT_OF.sub("", known)
    if known_body and body.startswith(known_body):
        return _in_district(body, known)
    if _COARSE.match(known_body) and not _LANDMARK_END.search(known_body) and not new_d \
            and not _A_ROAD.search(body):
        return f"{known}{body}"
    return _in_district(body, known)


def _area_in_district(said: str, description: str) -> Optional[str]:
    """A place named by a district and an area, or by a river (from the answer or the description)
    and an area: specific enough to send the case ("朝阳区高碑店那段" for 通惠河… → 北京市朝阳区通惠河
    高碑店段, "通惠河高碑店段"); None when no area is named ("朝阳区那边")."""
    value = LEAD_FILLER.sub("", said.strip("，,。！! "))
    value = re.sub(r"^(?:就是|就在|是在|也是|还是|就|在)", "", value)
    segment = bool(SEGMENT_TAIL.search(value))
    value = DEICTIC_TAIL.sub("", SEGMENT_TAIL.sub("", value)).strip("，,。 ")
    district = _DISTRICT_OF.match(value)
    rest = value[district.end():] if district else value
    water = WATER.search(rest) or WATER.search(description or "")
    river = _NOT_A_NAME.sub("", water.group(0)) if water else ""
    area = rest.replace(river, "") if river else rest
    if len(re.sub(r"[^\u4e00-\u9fff]", "", area)) < 2 or NOT_A_PLACE.search(area) or _tells_problem(area) \
            or DETAIL.search(area) or len(value) > 24:
        return None
    if not district and not (river and river in rest):
        return None  # an area alone: where in Beijing? (the triage found no place for it)
    head = "北京市" + district.group(0).removeprefix("北京市").removeprefix("北京") if district else ""
    # the river the description names goes with a segment of it ("高碑店那段": of 通惠河)
    named = river if len(river) >= 2 and (segment or river in rest) else ""
    return f"{head}{named}{area}{'段' if segment else ''}"


# a district said alone ("海淀区", "在海淀", "朝阳区那边"): where, though not enough to send the case
_DISTRICT_ALONE = re.compile(rf"^(?:就是|就在|是在|也是|还是|就|是|在)?(?:北京市?)?({_DISTRICT_NAMES})区?"
                             r"(?:那边|这边|那儿|这儿|那里|这里|那块儿?|这块儿?|一带|的)?[。！!，,\s]*$")
_PLACE_LEAD_WORDS = re.compile(r"^(?:还是|就是|就在|是在|也是|都是|还在|就|在)(?=\S{2})")


def _district_alone(said: str) -> Optional[str]:
    """The district ``said`` names when it says nothing more (海淀区 → 北京市海淀区); None otherwise."""
    m = _DISTRICT_ALONE.match(LEAD_FILLER.sub("", said.strip()))
    return f"北京市{m.group(1)}区" if m else None


def _with_piece(said: str, piece: Optional[str]) -> str:
    """``said`` after the district said before it, when it names none of its own (清河 after 海淀区 →
    海淀区清河); ``said`` itself otherwise."""
    if not piece or _DISTRICT_SAID.search(said):
        return said
    return piece.removeprefix("北京市") + _PLACE_LEAD_WORDS.sub("", LEAD_FILLER.sub("", said.strip()))


async def _time_part(said: str) -> Optional[str]:
    """The time ``said`` gives when the rest tells more of the problem ("天天晚上十一二点还在打桩" →
    天天晚上十一二点: the pile-driving is the problem, not the time); None otherwise."""
    if not _tells_problem(said):
        return None
    try:
        times = ((await _api("triage", said)).get("entities") or {}).get("times") or []
    except (ApiUnavailable, ApiError):
        return None
    found = [str(t.get("text")) for t in times if t.get("text") and str(t.get("text")) in said]
    if not found:
        return None
    time = max(found, key=len)
    rest = re.sub(r"\W|还在|还|在|都|就|又|也|了|的|是|一直|老是|总是?", "", said.replace(time, ""))
    return time if len(rest) >= 2 and _tells_problem(rest) else None


# words that grope for a place, no part of it ("那个小区，叫啥来着，德外大街11号院吧")
GROPING = re.compile(r"叫(?:啥|什么)(?:名儿?|名字)?(?:来着)?|我想想|想不起来了?|记不(?:太)?清了?|好像是?|大概是?|"
                     r"可能是|那个(?:小区|地方|院子?|楼)?|那块儿?|那片儿?|(?<=[号院楼区里园门口])吧|吧$")
_NUMBERED = re.compile(r"[0-9一二三四五六七八九十]+号")


def _clearer(said: str) -> str:
    """The place in ``said`` without the words that grope for it: the clause with a house number when
    one has it ("西城区德胜门外大街那个小区，叫啥来着，德外大街11号院吧" → 西城区德外大街11号院, the
    district said before it kept), else what is left."""
    if not GROPING.search(said):
        return said
    clauses = [c.strip() for c in (GROPING.sub("", c) for c in re.split(r"[，,。；;]", said)) if c.strip()]
    if not clauses:
        return said
    numbered = [c for c in clauses if _NUMBERED.search(c)]
    if numbered and numbered[-1] != clauses[0]:
        district = _DISTRICT_OF.match(clauses[0])
        best = numbered[-1]
        return (district.group(0) if district and not _DISTRICT_OF.match(best) else "") + best
    return "".join(clauses)


def _district_fix(said: str, address: Optional[str]) -> Optional[str]:
    """The address with its district replaced, when ``said`` only corrects the district ("不对，是
    海淀区", "是海淀区，不是朝阳区"); None when it says more than a district or names none."""
    if not address or len(said) > 24:
        return None
    new = [d for neg, d in _DISTRICT_SAID.findall(said) if not neg]
    rest = _DISTRICT_SAID.sub("", said)
    if len(new) != 1 or re.search(r"[\u4e00-\u9fff]{2,}(?:街道|路|街|小区|社区|村|镇|乡|号|楼)", rest):
        return None
    body = _DISTRICT_OF.sub("", address)
    return f"北京市{new[0]}区{body}"


# "我重新说一下，是海淀区的一个菜市场垃圾没人清": start over with what follows
RESTART_LEAD = re.compile(r"^(?:好吧|那|嗯|算了)?[，,]?我?(?:想|要)?(?:重新开始|重新来|重新说|重来|重说|从头说|从头开始)"
                          r"(?:一下|一遍|吧)?[，,：:。！!\s]+(?:我要反映的是|我要反映|要反映的是|是)?(.+)$")


def _fresh(tracker: Tracker, **slots: Any) -> Tracker:
    """``tracker`` with the complaint's slots emptied (and ``slots`` set): a new complaint's."""
    values = {**tracker.slots, **{s: None for s in FORM_SLOTS}, "requested_slot": None, **slots}
    return Tracker(tracker.sender_id, values, tracker.latest_message, tracker.events, tracker.is_paused(),
                   tracker.followup_action, tracker.active_loop, tracker.latest_action_name)


def _with(tracker: Tracker, **slots: Any) -> Tracker:
    """``tracker`` with ``slots`` set (the rest as they are)."""
    return Tracker(tracker.sender_id, {**tracker.slots, **slots}, tracker.latest_message, tracker.events,
                   tracker.is_paused(), tracker.followup_action, tracker.active_loop, tracker.latest_action_name)


SECRECY_NOTE = "（市民要求对其身份保密）"


def _secrecy_wished(tracker: Tracker) -> bool:
    """Whether the citizen asked, for the complaint in hand, that the reported party not learn who
    reported (the bot said ``KEPT_SECRET`` since the last case this chat filed): the filed text
    says so, for the handling unit."""
    wished = False
    for e in tracker.events:
        if e.get("event") != "bot":
            continue
        said = e.get("text") or ""
        if said.startswith(FILED_SAID):
            wished = False
        elif KEPT_SECRET in said:
            wished = True
    return wished


def _advised(tracker: Tracker, advice: str) -> bool:
    """Whether the bot already said ``advice`` in this conversation (a danger's advice is said once)."""
    return any(e.get("event") == "bot" and advice in (e.get("text") or "") for e in tracker.events)


NO_CONTACT = "不留"  # the contact slot's value when the citizen leaves no number
# yes to "可以留个联系电话吗？" without the number: the number is asked for
CONTACT_YES = re.compile(r"(?:可以|好的?|行|对|嗯|能|没问题|当然|中|留|是的?|那)+(?:的|吧|啊|呀|呢|呗)?[。！!～~，,]*")
ASK_NUMBER = "好的，请说一下您的手机号（座机请带区号）；不方便可以说“不留”。"
NUMBER_ASKED = ("请说一下您的手机号", "请再说一遍")  # the validation's own asks for the number
NUMBER_UNREAD = "没能识别这个号码，先按不留电话登记；确认信息时您可以再说一遍号码，登记后也可以补充。"
# no time at all, said where the time was asked ("中", "好的", "嗯")
NO_TIME = re.compile(r"(?:中|对|好|好的|行|嗯|是|是的|可以|没问题|哦|噢|啊|呃|额|哈|随便|得嘞|妥|成)+[。！!～~，,.]*")
TIME_LEAD = re.compile(r"^(?:时间|时候|日期)(?:是|为|在)?[：:，,\s]*")
# "不留" alone: the answer to the contact question, wherever it is said
NO_CONTACT_ONLY = re.compile(r"(?:电话|号码)?(?:就|还是)?(?:不留|不用留|不留了|不方便留|不方便)(?:电话|号码)?(?:了|吧|啦)?[。！!]*")
NO_CONTACT_SAID = re.compile(r"不留|不用|不方便|不要|不想|不给|没有|算了|别|免了|不必")

# a question, however asked ("这种情况能罚款吗？", "为什么要留电话", "会不会泄露我的信息")
QUESTION_SAID = re.compile(r"[？?]|吗|么|会不会|能不能|可不可以|是不是|有没有|安全|为什么|为啥|干嘛|干什么|有什么用|啥用|怎么")
# said as a question: ends with one, or opens it
QUESTION_FORM = re.compile(r"[？?][。！!\s]*$|(?:吗|么|呢)[？?。！!\s]*$|^(?:请问|问一下|为什么|为啥)")
# the wish that the reported party not learn who reported ("我不想让单位知道是我举报的", "匿名", "保密")
PRIVACY_WISH = re.compile(r"(?:不想|不要|别|不希望|不愿意?|不能)(?:让|被|叫)[^，,。？?！!]{0,10}(?:知道|发现|查到)|保密|匿名|"
                          r"(?:别|不要)(?:告诉|透露)|(?:怕|担心|害怕)[^，,。？?]{0,8}(?:报复|穿小鞋|知道是我)")
# a worry about the number or the citizen's data ("为什么要留电话？会不会泄露我的信息")
PRIVACY_ASKED = re.compile(r"(?:信息|电话|号码|手机号?|隐私|身份|名字)[^，,。？?]{0,6}(?:泄露|泄漏|外泄|透露|公开|曝光|安全|"
                           r"(?:给|告诉)(?:他们|对方|被|商家|单位|物业|老板|别人|邻居))|"
                           r"(?:泄露|泄漏|外泄|透露|公开|曝光)[^，,。？?]{0,6}(?:信息|电话|号码|隐私|身份)|"
                           r"被[^，,。？?]{0,6}(?:知道|发现|查到)(?:是我)?|"
                           r"(?:为什么|为啥|干嘛|干什么)(?:要|得|非得|非要|一定要)?(?:留|要|给)[^，,。？?]{0,3}(?:电话|号码|手机号?|联系方式)|"
                           r"(?:留|要|给)[^，,。？?]{0,3}(?:电话|号码|手机号?|联系方式)[^，,。？?]{0,4}(?:干嘛|干什么|做什么|有什么用|啥用|安全)")
# what will happen to the reported party ("这种情况能罚款吗？", "能罚他们吗", "会不会处理")
PENALTY_ASKED = re.compile(r"(?:能|会|可以|能不能|会不会|可不可以|该不该|要不要|有没有)[^，,。？?]{0,6}"
                           r"(?:罚|处罚|拘留|查处|吊销|关停|取缔|追究)|(?:罚|处罚|拘留|查处|吊销|关停|取缔)[^，,。？?]{0,4}(?:吗|么|不|没)")
# "这种情况…", "他们…": a question about the case at hand, not a policy question of its own
ABOUT_THIS = re.compile(r"这种|这样|这个|这事|他们|对方|那家|这家|那个人|这个人")
KEPT_SECRET = "好的，会为您保密：您的身份和电话不会告诉被反映的一方，电话只用于承办单位就这件事联系您、答复办理结果。"
PRIVACY_TOLD = ("请放心：您留的电话只用于承办单位就这件事联系您、答复办理结果，对外显示时号码会隐去，不会告诉被反映的一方。"
                "不想留也可以说“不留”，匿名反映同样受理。")
PENALTY_TOLD = "是否处罚、怎么处理，由承办单位核实情况后依照相关规定决定，办理结果会答复您。"
NO_PHONE_TOLD = "不留电话也会受理，只是承办单位没法打电话答复您；您可以凭工单编号和查询码随时查询进度。"
OTHER_QUESTION_TOLD = "这个问题我这里没法确切答复，承办单位核实处理时，您可以向他们询问。"
WHEN_DONE_TOLD = "登记后话务员确认承办单位并派单，承办单位会核实处理并答复您；具体时间以承办单位的办理进度为准。"
# "我还没提交呢": the complaint in hand, never a progress query
NOT_FILED_YET = re.compile(r"(?:还|都|也)?没(?:有)?(?:提交|登记|报上去|交上去|报呢|报完|交呢)")
NOT_FILED_TOLD = "好的，这件还没有提交，我们接着登记；提交后会告诉您工单编号和查询码。"
# "我上次反映的事…": a case filed before, whose number the progress query asks for
EARLIER_CASE = re.compile(r"上次|上回|之前|以前|前几天|早先|那个工单|工单|编号|单号|进度|查一下|查查|查询")
# "需要我拍照片吗？": the chat takes text only
PHOTO_ASKED = re.compile(r"照片|拍照|图片|截图|视频|录像|录音|证据")
PHOTO_TOLD = "目前在线反映只收文字，不用发照片；承办单位核实情况时如需照片或其他材料，会和您联系。"


def _privacy_answer(said: str) -> Optional[str]:
    """The answer to a worry about privacy ("会不会泄露我的信息", "为什么要留电话") or the wish that
    the reported party not learn who reported ("我不想让单位知道是我举报的"); None otherwise."""
    if QUESTION_SAID.search(said) and (PRIVACY_ASKED.search(said) or PRIVACY_WISH.search(said)):
        return PRIVACY_TOLD  # "能匿名吗", "我的信息会保密吗": asked, reassured
    if PRIVACY_WISH.search(said):
        return KEPT_SECRET
    return None


# "不留电话会不会影响处理？", "不留可以吗": what leaving no number means
NO_PHONE_ASKED = re.compile(r"(?:不留|不给|没留|不想留|不方便留)(?:电话|号码|手机号?)?")
NO_PHONE_OK = re.compile(r"(?:可以|行|能|成)(?:吗|么|不|嘛)")


def _side_answer(said: str) -> Optional[str]:
    """The answer to a privacy worry (``_privacy_answer``), a question about leaving no number
    ("不留电话会不会影响处理？") or about what happens to the reported party ("这种情况能罚款吗？")
    said in the middle of the complaint: no answer to the question asked, nor part of the problem;
    None for anything else."""
    if _privacy_answer(said):
        return _privacy_answer(said)
    if NOT_FILED_YET.search(said) and len(re.sub(r"\W", "", said)) <= 12:
        return NOT_FILED_TOLD
    if QUESTION_SAID.search(said) and PHOTO_ASKED.search(said) and not PROBLEM_WORDS.search(said):
        return PHOTO_TOLD
    if QUESTION_SAID.search(said) and NO_PHONE_ASKED.search(said):
        return ("可以。" if NO_PHONE_OK.search(said) else "") + NO_PHONE_TOLD
    if QUESTION_SAID.search(said) and PENALTY_ASKED.search(said):
        return PENALTY_TOLD
    return None


def _phones_in(text: str) -> List[str]:
    """Every call-back number in ``text``, in the order said, each once (digits only)."""
    found = PHONE.findall(CASE_NUMBER_LOOSE.sub(" ", plain_digits(text)))
    return list(dict.fromkeys(_dialed(f) for f in found))


def _with_spare(description: Optional[str], phones: List[str]) -> Dict[Text, Any]:
    """A second number said with the contact ("打我手机…或者我爱人的…都行"): the first is the contact,
    the second ends the description as 备用电话 (operators read the raw text; citizens see it masked)."""
    if len(phones) < 2 or not description or phones[1] in plain_digits(description):
        return {}
    more = f"{description}（备用电话：{phones[1]}）"
    return {"description": more, "description_draft": more}


# when or how to call, said with the number ("白天打，晚上别打", "下午三点以后", "先发短信")
CALL_NOTE = re.compile(r"白天|晚上|上午|下午|中午|早上|夜里|周末|工作日|下班|上班|[0-9一二三四五六七八九十]+点|别打|不要打|"
                       r"勿扰|短信|微信|接不到|打不通|随时|都能接|能接")


def _with_call_note(phone: str, said: str) -> str:
    """The contact as filed: the number, with when or how to call when the citizen said so
    ("我手机13811112222，白天打，晚上别打" → 13811112222（白天打，晚上别打）; the API takes free
    text up to 200 characters and masks its digits for anyone but operators)."""
    found = _contact_said(said)
    rest = found[2] if found else ""
    notes = [c for c in re.split(r"[，,。；;！!]+", rest) if c.strip() and CALL_NOTE.search(c)
             and not PROBLEM_WORDS.search(c) and not PRIVACY_WISH.search(c)]
    note = "，".join(notes)[:60]
    return f"{phone}（{note}）" if note else phone


def _phone_in(text: str) -> Optional[str]:
    """The call-back number in ``text`` (spoken digits, spaces and hyphens allowed), digits only."""
    found = PHONE.search(CASE_NUMBER_LOOSE.sub(" ", plain_digits(text)))
    return _dialed(found.group(0)) if found else None


# an ID number (18 digits, the last an X too; or the old 15): never stored as the time or the place
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# a run of seven to twelve digits that makes no number (1391234567): no time, no place either (a
# bank card's 16 to 19 are no phone number gone wrong)
_LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z-])\d(?:\s?\d){6,11}(?![0-9A-Za-z-])")
# words that only say how to reach the citizen ("打我手机吧", "我座机是", "身份证", "你们给我回个电话")
_CONTACT_FILLER = re.compile(r"我的?|的|是|电话|手机号?|座机|号码|号|联系方式|联系|打我|打这个|拨|打|回个?|回电|给我|"
                             r"身份证号?|你们|请|麻烦|一下|吧|就|啊|呀|了|嗯|这个|留|有事|找我|可以|方便|对|好的?|行|"
                             r"还是|加上|加个?|换成|改成|用|或者|都行|也行|爱人|老婆|老公|家里人?|家属")
# "电话不留了" / "不留" at the read-back: the number said earlier is not filed
CONTACT_DECLINED = re.compile(r"(?:电话|号码|手机号?|联系方式)?(?:还是|就|我)?(?:不留|不用留|别留|不要留|不想留|不给|不方便留?)"
                              r"了?(?:电话|号码|手机号?|联系方式)?(?:了|吧|啦)?[。！!]*")


def _contact_said(said: str) -> Optional[tuple]:
    """What ``said`` gives to reach the citizen, wherever it is said: ``(phone, id_said, rest)``,
    the phone number (digits, or None), whether an ID number was said (never kept), and the
    clauses that say something else ("朝阳区望京西园三区，有事打我电话139…" → 朝阳区望京西园三区);
    None when it gives no number at all."""
    text = plain_digits(said)
    phone = _phone_in(said)
    gave_id = bool(ID_NUMBER.search(text))
    if not phone and not gave_id and not _LONG_DIGITS.search(CASE_NUMBER_LOOSE.sub(" ", text)):
        return None
    rest = []
    for clause in re.split(r"[，,。；;！!？?]+|(?<![0-9])\s+|\s+(?![0-9])", text):
        bare = _LONG_DIGITS.sub("", ID_NUMBER.sub("", PHONE.sub("", clause)))
        if re.sub(r"\W", "", _CONTACT_FILLER.sub("", bare)):
            rest.append(bare.strip("，,。 "))
    return phone, gave_id, "，".join(r for r in rest if r)


# "不留" at the read-back when no number was left: said so, the same read-back not said again
NO_CONTACT_KEPT_MARK = "已经按不留记下了"
NO_CONTACT_KEPT = "好的，不留电话，已经按不留记下了。信息正确请回复“对”提交；需要修改请说明哪一项不对，或者说“不提交了”。"


def _no_contact_again(contact: Optional[Dict[Text, Any]], tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Whether ``contact`` (the read-back's answer) only says "不留" again: told, nothing to read back."""
    if contact != {"contact": NO_CONTACT} or tracker.get_slot("contact") != NO_CONTACT:
        return False
    if not _said_this_turn(tracker, NO_CONTACT_KEPT_MARK) and not any(
            NO_CONTACT_KEPT_MARK in (m.get("text") or "") for m in dispatcher.messages):  # (both answers' checks)
        dispatcher.utter_message(text=NO_CONTACT_KEPT)
    return True


def _contact_at_readback(said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
    """The call-back number changed at the read-back: a number said alone ("对，电话139…") is the
    contact; "不留" / "电话不留了" drops the one given before; None otherwise."""
    found = _contact_said(said)
    # "不对，电话是139…" / "电话错了，是139…": the correction words say nothing else (tester35 N-M3)
    rest = re.sub(r"不对|错了|说错了|写错了|记错了|不是这个|改成|改为|换成|应该是|是|电话|号码|手机号?|的|了|啊|吧|呢",
                  "", found[2]) if found and found[0] else ""
    if found and found[0] and not re.sub(r"\W", "", rest):
        return {"contact": found[0], **_with_spare(tracker.get_slot("description"), _phones_in(said))}
    if CONTACT_DECLINED.fullmatch(re.sub(r"[\s，,]", "", said)):
        return {"contact": NO_CONTACT}
    return None


def _category_named(said: str) -> Optional[str]:
    """The category ``said`` names as the bot puts it ("商铺经营", "商铺经营和消费", "商贸旅游"), if any."""
    bare = re.sub(r"[\W的吧啊呀]|类别|类|是|就|算|属于|这个|那个|问题", "", said)
    if len(bare) < 4:
        return None
    for label, words in CATEGORY_WORDS.items():
        plain = re.sub(r"\W", "", words)
        if bare == label or bare == plain or plain.startswith(bare) or bare == plain.split("和")[0]:
            return label
    return None


def _contact_for_own_case(said: str, tracker: Tracker) -> bool:
    """Whether ``said`` only gives a phone number (an ID number, 你们给我回个电话 …) and this chat
    filed a case whose 查询码 it knows: the number is that case's call-back number."""
    own = tracker.get_slot("own_case")
    found = _contact_said(said)
    return bool(own and (tracker.get_slot("known_codes") or {}).get(own) and found and found[0]
                and not found[2] and not case_number_in(plain_digits(said)))


def _phones_masked(text: str) -> str:
    """``text`` with its phone numbers masked (<手机号>, <座机号>), the rest as said: what is filed
    when the citizen said 不留 (the API would take a number in the text as the contact)."""
    return _shown(text, phones_only=True)


def _contact(tracker: Tracker) -> Optional[str]:
    """The call-back number this complaint is filed with, if the citizen gave one."""
    contact = tracker.get_slot("contact")
    return contact if contact and contact != NO_CONTACT else None


def _said_before(tracker: Tracker) -> Optional[str]:
    """The citizen's message before the latest one."""
    said = [e.get("text") for e in tracker.events if e.get("event") == "user"]
    return said[-2] if len(said) >= 2 else None


def _stated(tracker: Tracker) -> Optional[str]:
    """The reading the citizen chose, for the API (none when they said they could not tell)."""
    choice = tracker.get_slot("category_choice")
    return choice if choice and choice != UNSURE_CHOICE else None


def _describe(label: str) -> str:
    return CATEGORY_WORDS.get(label, label)


def _located(address: Dict[str, Any]) -> Optional[str]:
    """The triage's normalised address when it names more than a district."""
    if any(address.get(k) for k in ("street", "community", "road")):
        return address.get("address") or "".join(
            str(address[k]) for k in ("district", "street", "community", "road") if address.get(k))
    if address.get("place"):  # a landmark, its district included (北京市丰台区北京西站南广场)
        return address.get("address") or str(address["place"])
    return None


def _department_name(case_or_triage: Dict[str, Any]) -> str:
    """The unit a citizen is told of: the decided department's, else the first suggestion's, by
    its unit at the place's level (东城区城市管理委, not 市城市管理委) — never a bare code."""
    deps = case_or_triage.get("departments") or (case_or_triage.get("suggestion") or {}).get("departments") or []
    decided = case_or_triage.get("decided_department")
    pick = next((d for d in deps if d.get("code") == decided), None) if decided else (deps[0] if deps else None)
    if pick:
        return pick.get("unit") or pick.get("name") or "相关部门"
    return "相关部门"


def _unit(case: Dict[str, Any]) -> str:
    """The unit handling a case: the API's ``handled_by`` (named at the complaint's level, also a
    department the triage did not list, such as the street office a case was re-dispatched to),
    else — from a server without it — the unit found in the case's suggestion."""
    return str(case.get("handled_by") or "").strip() or _department_name(case)


def _handled_by(case: Dict[str, Any]) -> str:
    """Who handles a case, as a citizen is told: the operator's decision, or the suggestion as
    no more than that (an operator may still correct it)."""
    if case.get("decided_department"):
        return f"承办部门：{_unit(case)}"
    return f"拟承办部门：{_unit(case)}（待话务员确认）"


# "接下来会怎么处理？多久有结果？": the steps still to come are told with the status
NEXT_STEPS = re.compile(r"接下来|下一步|然后呢|怎么处理|如何处理|怎么办理|多久|多长时间|几天|什么时候(?:能|会|有)?"
                        r"(?:处理|办|有结果|回复|答复|解决|修|弄好|搞好|管|来人)|啥时候|何时")
STATUS_SAID = "当前状态："


def _status_follow_up(said: str, tracker: Tracker) -> bool:
    """Whether ``said`` asks what comes next (什么时候能修好？) right after a case's status was said,
    outside a complaint: answered as 接下来会怎么处理？ is, never 帮不上忙 (tester42 N8)."""
    plain = re.sub(r"\s", "", said or "")
    return not tracker.active_loop.get("name") and bool(NEXT_STEPS.search(plain)) and len(plain) <= 24 \
        and not case_number_in(plain_digits(plain)) and _said_last_turn(tracker, STATUS_SAID)


def _next_steps(case: Dict[str, Any]) -> str:
    """What happens next to an open case, by its status (no deadline is promised: the repository
    states none for the bot to quote)."""
    status = case.get("status")
    # the unit decided but not yet dispatched: no more 话务员确认 to wait for (tester35 N-L5)
    first = "接下来：承办单位已确认，即将派单" if case.get("decided_department") else "接下来：话务员确认承办单位后派单"
    if not case.get("contact"):  # filed with 不留: nobody can call; the citizen looks the result up
        steps = {"已受理": f"{first}，承办单位核实处理。",
                 "已派单": "接下来：承办单位核实处理。"}.get(status, "接下来：承办单位正在办理。")
        return steps + "登记时没有留电话，承办单位无法电话答复您，办理进度和结果请凭工单编号和查询码查询。"
    if status == "已受理":
        steps = f"{first}，承办单位会联系您核实情况，处理后答复您。"
    elif status == "已派单":
        steps = "接下来：承办单位会联系您核实情况，处理后答复您。"
    else:
        steps = "接下来：承办单位正在办理，办结后会答复您。"
    return steps + "具体时间以承办单位的办理进度为准，您可以随时凭编号和查询码查询。"


def _progress_line(case: Dict[str, Any]) -> str:
    """A case's progress as a citizen is told it. A closed case says so and how its answer reaches
    the citizen: the bot never sees the reply itself (the API hides it from the bot role), so it
    says none, only that the unit answers by the phone left with the case."""
    if case.get("status") == "已撤销":  # withdrawn by an operator after the citizen asked (撤单)
        return f"工单 {case['number']} 已撤销，不再办理。如果问题又出现了，可以重新反映。"
    if case.get("status") == "已办结":
        how = ("办理结果由承办单位通过您登记的电话答复您。" if case.get("contact")
               else "登记时没有留电话，如需了解办理结果，可拨打12345并提供工单编号。")
        return f"工单 {case['number']} 已办结，承办部门：{_unit(case)}。{how}"
    pending = any(n.get("kind") == "撤销申请" for n in case.get("notes") or [])
    return f"工单 {case['number']} 当前状态：{case['status']}，{_handled_by(case)}。" + (
        "您的撤销申请已经记在工单上，话务员核实后为您撤销；在此之前工单保持现在的状态。" if pending else "")


class ValidateComplaintForm(FormValidationAction):
    """Checks each answer of ``complaint_form`` with the triage API."""

    def name(self) -> Text:
        return "validate_complaint_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        asked = tracker.get_slot("progress_asked")
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        text = plain_digits(tracker.latest_message.get("text") or "")
        said = str(tracker.latest_message.get("text") or "")
        if tracker.get_slot("requested_slot") is None and not tracker.get_slot("description_draft") \
                and not _contact_for_own_case(said, tracker) and (
                    _withdraws_own_case(said, tracker)
                    or await _addition_planned(said, tracker) is not None or _withdraw_reason_awaited(tracker)):
            # the form opened on "我再补充一下，…" (read as a complaint): no complaint; it ends at once
            # and the submit action adds the words to the case (action_submit_complaint, _addition)
            return [SlotSet("description", None), SlotSet("confirmation", False), SlotSet("form_outcome", "cancelled"),
                    SlotSet("requested_slot", None)]
        if asked and intent != "ask_progress" and (
                case_number_in(text) or (asked == "code" and QUERY_CODE.fullmatch(re.sub(r"\D", "", text) or "-"))):
            # the number or code asked for by a progress query in the middle of the form: answer
            # it, then the form goes on (the answer is not this question's answer)
            events = await check_progress(dispatcher, tracker)
            requested = tracker.get_slot("requested_slot")
            return [*events, *([SlotSet(requested, None)] if requested else []),
                    SlotSet("requested_slot", requested)]
        agreed = self._handoff_agreed(tracker)
        if agreed:  # a person was offered after repeated failure, and the citizen said yes
            return agreed
        requested = tracker.get_slot("requested_slot")
        stay = _stay(dispatcher, tracker, said)
        if stay == "handoff":  # "好" to the person offered with the crisis lines: the "好" is no answer
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("form_outcome", "handoff"), SlotSet("requested_slot", None)]
        if stay == "place":  # "我在丰台区方庄" after the lines for the wish to die: where the person is
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate()
                    if k not in ("requested_slot", "address")]
            return [*kept, SlotSet("address", _crisis_place(said, tracker)),
                    SlotSet("requested_slot", requested or "description")]
        if stay or (REFUSE_PERSON.search(re.sub(r"\s", "", said))
                    and not _tells_problem(REFUSE_PERSON.sub("", re.sub(r"\s", "", said)))):
            # still in danger (or "我要登记", or "不用转人工"): no answer taken; no question after the
            # crisis lines (else the pending question is asked again)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested or "description")]
        if requested and _withdraw_ambiguous(said, tracker):
            # "算了，刚才那个不用处理了" in a second complaint after a case was filed: which one is asked
            _ask_which_withdrawn(dispatcher, tracker)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
        which = await _withdraw_which(dispatcher, tracker) if requested else None
        if which is not None:  # the answer: the case's withdrawal (the form goes on), or this one dropped
            events, ends = which
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            if ends:
                return [*kept, *events, SlotSet("confirmation", False), SlotSet("form_outcome", "cancelled"),
                        SlotSet("requested_slot", None)]
            return [*kept, *events, SlotSet("requested_slot", requested)]
        reason = await _withdraw_reason(dispatcher, tracker) if requested else None
        if reason is not None:  # "垃圾站已经清理了" right after the withdrawal: its reason, then the question
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, *reason, SlotSet("requested_slot", requested)]
        back = _offered_back(said, tracker, dispatcher) if requested else None
        if back:  # "继续登记" / "先不登记了" after the complaint was offered back (G6)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            if back == "drop":
                return [*kept, SlotSet("confirmation", False), SlotSet("form_outcome", "cancelled"),
                        SlotSet("requested_slot", None)]
            return [*kept, SlotSet("requested_slot", requested)]
        if requested and requested != "description" and _other_asked(said):
            # "第二个事呢" where the time was asked was taken as the time (tester42 N2): answered, asked again
            _other_answer(tracker, dispatcher)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
        if requested and requested != "description" and _hotline_called(said) \
                and not _said_last_turn(tracker, PERSON_WAIT_MARK):  # (after a wait: _after_danger_wait)
            # "我已经打了96777了": no phone number, no case query (tester42 N3); the question again after it
            _hotline_answer(dispatcher, tracker)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
        if requested and _medical_signs(said, tracker, dispatcher):
            # "她说头疼想睡觉" after the 120 advice for a fall: danger signs, 120 again; no answer taken
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
        waited = self._after_danger_wait(said, requested, tracker, dispatcher) if requested else None
        if waited is not None:  # "我已经报警了" / "好了，没事了" after the advice and the wait
            return waited
        again = await self._danger_how(said, requested, tracker, dispatcher)
        if again is not None:  # "煤气味的事怎么办" after its advice: the advice again, no slot's value
            return again
        if requested not in (None, "description", "category_choice"):
            # (which reading: the problem is often told again there, and triaged again as a description)
            # every answer is checked for a danger first, as an opening message is (有人在小区门口拿着
            # 刀砍人 where the place was asked was taken as the place): its advice, the form waits
            danger = await self._danger_in_answer(said, requested, tracker, dispatcher)
            if danger is not None:
                return danger
        if _self_harm(text) and requested not in (None, "description"):
            # "我真的活不下去了" where the place, time or number was asked: care and the crisis lines
            # first; an answer said with it is taken as usual, else the question is asked again
            if _beside_self_harm(text):
                if not _advised(tracker, SELF_HARM_ADVICE):
                    dispatcher.utter_message(text=SELF_HARM_ADVICE)
                if requested == "contact" and not _phone_in(text):
                    # "要是过年前再要不到钱，我就从工地楼上跳下去" where the number was asked: never a 不留
                    # (the wage complaint went on to its read-back unseen: G6); the number asked later
                    kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate()
                            if k != "requested_slot"]
                    return [*kept, SlotSet("requested_slot", "contact")]
            else:
                _care(dispatcher, tracker)
                return [SlotSet(requested, None), SlotSet("requested_slot", requested)]
        slots = await _started_over(dispatcher, tracker, domain)
        if slots is not None:  # "我重新说一下，是…": the complaint so far is dropped, what follows is the new one
            nxt = await self.next_requested_slot(dispatcher, _fresh(tracker, **slots), domain)
            return [*(SlotSet(k, v) for k, v in slots.items()), nxt]
        events = await super().run(dispatcher, tracker, domain)
        if asked and intent != "ask_progress":  # the form's own answer now: nothing awaited
            events.append(SlotSet("progress_asked", None))
        if tracker.get_slot("contact_asked"):  # a new complaint: the call-back number is no longer awaited
            events.append(SlotSet("contact_asked", None))
        return self._forget_retries(tracker, events)

    @staticmethod
    async def _danger_in_answer(said: str, requested: str, tracker: Tracker,
                                dispatcher: CollectingDispatcher) -> Optional[List[EventType]]:
        """A danger the triage names (or being followed now) in the answer to ``requested``: its advice
        first, nothing of the message taken as a slot's value, the question not asked this turn (the
        wait's mark stops it). None when there is none, when its advice was said already (the
        complaint is about it), or for the wish to die (the form's own care)."""
        plain = re.sub(r"\s", "", said or "")
        if len(re.sub(r"\W", "", plain)) < 4 or not HAS_CHINESE.search(plain) or _filler(plain):
            return None
        if _someone_else_at_risk(plain):
            # 楼顶有个人说要跳下去: a danger to that person, 110 and the wait, as for any other danger; never
            # the citizen's own crisis, and the complaint in progress never offered back (tester44 N4)
            if not _said_this_turn(tracker, OTHER_AT_RISK_ADVICE):
                dispatcher.utter_message(text=OTHER_AT_RISK_ADVICE + FORM_WAIT)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
        if _self_harm(plain):
            return None
        try:
            urgent = (await _api("urgency", said)).get("urgent") or None
        except (ApiUnavailable, ApiError):
            urgent = None
        urgent = _own_advice(urgent, said)  # 我被人跟踪了，他现在就在楼下: where to go, what to tell 110
        if not urgent or not urgent.get("advice") or _advised(tracker, urgent["advice"]):
            return None
        if urgent.get("kind") == SELF_HARM_KIND and not FIRST_AID_ACT.search(plain):
            return None
        dispatcher.utter_message(text=_advice_in_form(said, urgent))
        kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
        if urgent.get("kind") in PARKED_KINDS and PROBLEM_WORDS.search(plain):
            # a hazard of its own (路面塌了一个大坑 where the KTV's place was asked): its case, after this one;
            # a gas smell, a fire or a live wire is the hotline's now, never "the next issue" (tester42 N1)
            dispatcher.utter_message(response="utter_one_at_a_time")
            kept.append(SlotSet("second_issue", said[:200]))
        return [*kept, SlotSet("requested_slot", requested)]

    @staticmethod
    async def _danger_how(said: str, requested: Optional[str], tracker: Tracker,
                          dispatcher: CollectingDispatcher) -> Optional[List[EventType]]:
        """"煤气味的事怎么办" about a danger advised before in the chat: its advice again and the bot
        waits (the complaint in progress after it), never a complaint's description or a slot's value
        (tester42 N1). None for any other message."""
        plain = re.sub(r"\W", "", said or "")
        if not HOW_ASKED.search(plain) or len(plain) > 20:
            return None
        try:
            urgent = (await _api("urgency", said)).get("urgent") or None
        except (ApiUnavailable, ApiError):
            urgent = None
        if not urgent or urgent.get("kind") not in HOTLINE_KINDS or not urgent.get("advice") \
                or not _advised(tracker, urgent["advice"]):
            return None
        kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
        pending = requested not in (None, "description") or _before(tracker, "description")
        if not _said_this_turn(tracker, urgent["advice"]):
            dispatcher.utter_message(text="还是按刚才说的做：" + urgent["advice"]
                                     + (FORM_WAIT if pending else SIGNS_WAIT))
        return [*kept, SlotSet("requested_slot", requested or "description")]

    @staticmethod
    def _after_danger_wait(said: str, requested: str, tracker: Tracker,
                           dispatcher: CollectingDispatcher) -> Optional[List[EventType]]:
        """The next message after a danger told in the form (``FORM_WAIT``): the danger over, the
        pending question asked again; still being dealt with (我已经报警了, 好的), the bot waits on;
        None for an answer (a place, an hour, a number), taken as usual."""
        # after the wait for a danger to a person (摔倒了起不来 → 120 and the wait) too, where the place is
        # not asked (validate_address has its own): 好的，已经打了120 at the phone question was 这个号码好像不完整
        plain = re.sub(r"\W", "", said or "")
        person = _said_last_turn(tracker, PERSON_WAIT_MARK) and (requested != "address" or DANGER_OVER.search(plain))
        if not _said_last_turn(tracker, FORM_WAIT_MARK) and not person:
            return None
        if not plain or len(plain) > 16 or re.search(r"\d", HOTLINE_NUMBERS.sub("", plain_digits(plain))):
            return None
        kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
        call = _waited_hotline(tracker)
        if call and OUT_SAFE.search(plain) and not HOTLINE_CALLED.search(plain) and not DANGER_OVER.search(plain):
            # "我已经出来了，在楼下" after the gas advice: the call asked for, before any form step (tester42 N1)
            if not _said_this_turn(tracker, "打了吗"):
                dispatcher.utter_message(text=HOTLINE_ASK.format(call=call))
            return [*kept, SlotSet("requested_slot", requested)]
        waiting = FORM_WAITING if _said_last_turn(tracker, FORM_WAIT_MARK) else \
            "好的。" + SIGNS_WAIT_KNOWN if _place_held(tracker) else PERSON_WAITING
        if DANGER_OVER.search(plain) and _emergency_only(tracker, said):
            # the emergency was all there was to tell: no case for it, a kind word, anything else? (N11)
            if not _said_this_turn(tracker, MEDICAL_DONE):
                dispatcher.utter_message(text=MEDICAL_DONE)
            return [*kept, SlotSet("confirmation", False), SlotSet("form_outcome", "cancelled"),
                    SlotSet("requested_slot", None)]
        if DANGER_OVER.search(plain) or (_said_last_turn(tracker, waiting) and (
                DANGER_PENDING.search(plain) or _filler(plain))):
            # over, or a second nod after waiting once: the form asks its question after it (said once:
            # action_leave_form says it for a 没事了 read as goodbye, then the form follows)
            if not _said_this_turn(tracker, RESUMED):
                dispatcher.utter_message(text=RESUMED)
            return [*kept, SlotSet("requested_slot", requested)]
        if DANGER_PENDING.search(plain) or _filler(plain):
            if not _said_this_turn(tracker, waiting):
                dispatcher.utter_message(text=waiting)
            return [*kept, SlotSet("requested_slot", requested)]
        return None

    @staticmethod
    def _forget_retries(tracker: Tracker, events: List[EventType]) -> List[EventType]:
        """A slot answered well starts its count of failed answers again (two vague places, a
        good one, a correction, one vague: that is one failure, not three)."""
        retries = dict(tracker.get_slot("retries") or {})
        for e in events:
            if e.get("event") == "slot" and e.get("name") == "retries":
                retries = dict(e.get("value") or {})
        answered = {e.get("name") for e in events if e.get("event") == "slot" and e.get("value") not in (None, False)}
        kept = {k: v for k, v in retries.items() if k not in answered}
        if kept != retries:
            events.append(SlotSet("retries", kept))
        return events

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        slots = ["description"]
        if tracker.get_slot("category_candidates"):
            slots.append("category_choice")
        slots.append("address")
        if tracker.get_slot("time_needed"):
            slots.append("time")
        slots.append("contact")  # asked once; "不留" is an answer
        # which part to fix (after "不对"); at the read-back, any other answer goes there too
        if tracker.get_slot("fixing") or tracker.get_slot("requested_slot") == "confirmation":
            slots.append("fix_field")
        slots.append("confirmation")
        return slots

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Optional[EventType]:
        """The first missing slot; none (the form ends) once ``form_outcome`` says it must."""
        if tracker.get_slot("form_outcome"):
            return SlotSet("requested_slot", None)
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        if not tracker.get_slot("fixing"):
            required = [s for s in required if s != "fix_field"]
        return SlotSet("requested_slot", next((s for s in required if tracker.slots.get(s) is None), None))

    def _fail(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher,
              response: str, **extra: Any) -> Dict[Text, Any]:
        """Count a failed answer: re-ask (the form asks again); from the third on, say so and offer a
        person — handed over only when the citizen agrees (``_handoff_agreed``), never unasked."""
        retries = dict(tracker.get_slot("retries") or {})
        retries[slot] = retries.get(slot, 0) + 1
        if retries[slot] > MAX_RETRIES and _said_last_turn(tracker, "没能弄明白"):
            # the person offered already: never the identical line again (tester42 N5)
            dispatcher.utter_message(text=HANDOFF_AGAIN)
            return {slot: None, "retries": retries, **extra}
        dispatcher.utter_message(response="utter_offer_handoff" if retries[slot] > MAX_RETRIES else response)
        return {slot: None, "retries": retries, **extra}

    @staticmethod
    def _handoff_agreed(tracker: Tracker) -> Optional[List[EventType]]:
        """"好/对/转吧" after the bot offered a person (``utter_offer_handoff``): the form ends, the
        hand-off action files what was said, flagged; None otherwise."""
        requested = tracker.get_slot("requested_slot")
        original = str((tracker.latest_message or {}).get("text") or "")
        said = re.sub(r"\s", "", original)
        english = bool(EN_YES.fullmatch(original.strip()))  # "yes" / "ok" / "transfer" (round 11 #4)
        if requested and english and _said_last_turn(tracker, ENGLISH_MARK):
            return [SlotSet(requested, None), SlotSet("form_outcome", "handoff"), SlotSet("requested_slot", None)]
        if not requested or (tracker.get_slot("retries") or {}).get(requested, 0) <= MAX_RETRIES \
                or not said or not (CONSENT.fullmatch(said) or english):
            return None
        return [SlotSet(requested, None), SlotSet("form_outcome", "handoff"), SlotSet("requested_slot", None)]

    @staticmethod
    def _contact_out_of_turn(said: str, dispatcher: CollectingDispatcher,
                             description: Optional[str] = None) -> Optional[tuple]:
        """A phone (or ID) number said where another question was asked: the phone is the call-back
        number (read back by its tail, never the time or the place), an ID number is dropped (never
        stored nor said back). Returns the slots and what else was said (the question's answer,
        "" for none); None when no number was said."""
        found = _contact_said(said)
        if not found:
            return None
        phone, gave_id, rest = found
        notes = []
        spare = _with_spare(description, _phones_in(said)) if phone else {}
        if spare:  # "手机号…，座机也行 64781234": the second kept as a spare, and said so
            notes.append(f"电话记下了（尾号{_tail(phone)}，备用电话尾号{_tail(_phones_in(said)[1])}）")
        elif phone:
            notes.append(f"电话记下了（尾号{_tail(phone)}）")
        elif not gave_id:
            notes.append("这个电话号码好像不完整，稍后问电话时请再说一遍（手机号11位，座机请带区号）")
        if gave_id:
            notes.append("身份证号不需要提供，没有记录")
        dispatcher.utter_message(text="好的，" + "；".join(notes) + "。")
        return ({"contact": phone, **spare} if phone else {}), rest

    @staticmethod
    def _side_question(slot: str, said: str, dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """A privacy worry or a question about the outcome said where ``slot`` was asked (never with a
        phone number): answered, and the question asked again (no failed answer)."""
        answer = _side_answer(said) if not _phone_in(said) else None
        if not answer:
            return None
        dispatcher.utter_message(text=answer)
        return {slot: None}

    async def validate_description(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        requested = tracker.get_slot("requested_slot")
        draft = tracker.get_slot("description_draft")
        if requested not in (None, "description") and tracker.get_slot("complaint_category"):
            return {"description": draft}  # a later complaint-like answer does not replace it
        said = str(value or "").strip()
        if requested is None and not draft and _contact_for_own_case(said, tracker):
            # "我电话137…，身份证…，你们给我回个电话" after filing: no complaint; the form ends at
            # once and the submit action adds the number to the case just filed
            return {"description": None, "confirmation": False, "form_outcome": "cancelled",
                    "requested_slot": None}
        if requested is None and not draft and tracker.get_slot("offered_issue"):
            taken = await _offer_slots(said, tracker, dispatcher, domain)
            if taken is not None:  # the yes to the second problem quoted after filing, read as a complaint
                return taken
        if draft and requested == "description":
            cancelled = self._cancelled("description", said)
            if cancelled:
                return cancelled
            taken = self._contact_out_of_turn(said, dispatcher, tracker.get_slot("description"))
            if taken:  # the number is the contact, never more of the problem
                contact, said = taken
                if not said:
                    return {"description": None, **contact}
                return {**(await self.validate_description(said, dispatcher, tracker, domain)), **contact}
            if NO_CONTACT_ONLY.fullmatch(re.sub(r"\s", "", said)):
                # "不留", the answer to the contact question, said here: no part of the problem
                dispatcher.utter_message(text="好的，不留电话。")
                return {"description": None, "contact": NO_CONTACT}
        if requested in (None, "description") and IDK_ONLY.fullmatch(re.sub(r"[\s，,]", "", said)) \
                and not _tells_problem(draft or "") and not _before(tracker, "description"):
            # "不知道" where the problem was asked: examples and 12345; said again, a polite close (tester42 N5)
            if _idk_closed(tracker):  # after the close: a short line, never the examples again (tester43 L2)
                _after_idk_close(dispatcher, tracker)
                return {"description": None, "description_draft": None, "confirmation": False,
                        "form_outcome": "cancelled", "requested_slot": None}
            if _said_last_turn(tracker, IDK_EXAMPLES) or _said_last_turn(tracker, "没能弄明白"):
                dispatcher.utter_message(text=IDK_CLOSE)
                return {"description": None, "description_draft": None, "confirmation": False,
                        "form_outcome": "cancelled", "requested_slot": None}
            dispatcher.utter_message(text=IDK_EXAMPLES)
            return {"description": None, "description_draft": draft}
        outside = _outside_beijing(said) if requested in (None, "description") else None
        if outside:  # "我在河北燕郊，…": told at once where to turn; nothing filed
            dispatcher.utter_message(text=outside)
            return {"description": None, "description_draft": None, "confirmation": False,
                    "form_outcome": "cancelled", "requested_slot": None}
        if _self_harm(said) and not _beside_self_harm(said) and not FIRST_AID_ACT.search(said):
            # "我不想活了" and nothing else: care and the crisis lines, never "不够具体" (tester35 N-H1);
            # an act done (我割腕了) goes to the triage for its first aid
            _care(dispatcher, tracker)
            return {"description": None, "description_draft": draft}
        new = _civil(said)
        lead = ANOTHER_LEAD.match(new or "")
        while lead and len(re.sub(r"\W", "", new[lead.end():])) >= 4:  # "还有，我家门口的路灯也坏了…"
            new = new[lead.end():]
            lead = ANOTHER_LEAD.match(new)
        if said and not new:  # nothing but abuse: asked to say what happened, the draft kept
            return self._fail("description", tracker, dispatcher, "utter_keep_civil")
        if new and not HAS_CHINESE.search(new):  # English, digits only: say we need Chinese, keep the draft
            failed = self._fail("description", tracker, dispatcher, "utter_use_chinese")
            dispatcher.utter_message(text=ENGLISH_NOTE)  # English service by phone, a person offered
            return failed
        if new and _frustration_only(new):
            # no problem in it: never the description; what and where asked, the frustration noted
            repeated = bool(_RANT.search(new) or re.search(r"(?:反映|投诉|打电话|打|找)了?.{0,6}(?:遍|次)", new)) \
                or _repeat_said_before(tracker)
            retries = dict(tracker.get_slot("retries") or {})
            retries["description"] = retries.get("description", 0) + 1  # a failed answer all the same
            if retries["description"] > MAX_RETRIES:
                dispatcher.utter_message(response="utter_offer_handoff")
            else:
                dispatcher.utter_message(text=REPEATED_ASK if repeated else FRUSTRATION_ASK)
            return {"description": None, "description_draft": draft, "retries": retries}
        retold = RETOLD.match(new or "")
        if retold and requested == "description" and not draft and len(re.sub(r"\W", "", retold.group(1))) >= 4 \
                and (tracker.get_slot("address") or tracker.get_slot("contact")):
            # the description told again after 问题描述不对 ("不是饭馆，是烧烤摊，…"): the new one alone
            new = retold.group(1)
        new, later = _one_problem(new)
        # a noise whose source is asked ("请问是什么发出的噪音？"): a place or the hours said instead are kept,
        # and what makes the noise is asked again, once (西城区…附近特别吵, then 每天晚上十点以后, went on
        # to the phone question: no source ever asked for; tester41)
        unsourced = bool(draft and requested == "description" and NOISE_WORDS.search(draft)
                         and not _noise_source(draft) and new and not _noise_source(new))
        if draft and requested == "description" and new and PLACE_WORDS.search(new) and not _tells_problem(new):
            # no word of a problem at all: a bare place
            place = await self._place(new)
            if place and unsourced:
                dispatcher.utter_message(text=f"好的，地点记下了：{_shown(place)}。")
                dispatcher.utter_message(response="utter_ask_noise_source")
                return {"description": None, "address": place}
            if place:  # where, not what: the place is kept, what happened asked again (no failure)
                dispatcher.utter_message(text=f"好的，地点记下了：{_shown(place)}。{TELL_MORE}")
                return {"description": None, "address": place}
        if unsourced and SOURCE_UNKNOWN.fullmatch(re.sub(r"\s", "", new)):
            new = ""  # "不知道": the form goes on, never glued to the problem (…特别吵，不知道 was read back)
        if unsourced and _time_open(tracker.get_slot("time"), new) and _is_hours(new) and not _tells_problem(new):
            time = _fuller_time(tracker.get_slot("time"), new.strip("，,。 "))
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
            dispatcher.utter_message(response="utter_ask_noise_source")
            return {"description": None, "time": time}
        if draft and requested == "description" and new and NO_TIME.fullmatch(re.sub(r"\s", "", new)):
            new = ""  # "对" / "嗯" where the problem was asked: nothing more of it, never glued on (tester35 N-L1)
        text = f"{draft}，{new}" if draft and requested == "description" and new else (new or draft or "")
        if not text:
            return self._fail("description", tracker, dispatcher, "utter_description_vague")
        try:
            result = await _api("triage", text)
            response = self._unclear(text, result)
            if response and text != new and len(re.sub(r"\W", "", new)) >= MIN_CHARS and (
                    PROBLEM_WORDS.search(new) or NOISE_WORDS.search(new)):
                # the draft was vague, this answer is a complaint of its own ("我们小区的物业乱收停车费"
                # after two angry lines): it alone is the description
                alone = await _api("triage", new)
                if not self._unclear(new, alone):
                    text, result, response = new, alone, None
        except ApiUnavailable as e:
            log.warning("bot.triage.unavailable %s", e)
            return {"description": None, "description_draft": text, "form_outcome": "api_down",
                    "requested_slot": None}
        except ApiError as e:  # e.g. 422 on a text the API refuses: treat as too vague
            log.info("bot.triage.refused %s", e)
            return self._fail("description", tracker, dispatcher, "utter_description_vague",
                              description_draft=text, **_api_back(tracker))
        urgent = result.get("urgent") or None
        urgent = _own_advice(urgent, text)  # 我被人跟踪了，他现在就在楼下: where to go, what to tell 110
        self_harm = _self_harm(text) or (urgent or {}).get("kind") == SELF_HARM_KIND
        if self_harm and not _advised(tracker, SELF_HARM_ADVICE) \
                and not ((urgent or {}).get("advice") and _advised(tracker, urgent["advice"])):
            # "…再不解决我就从楼上跳下去，我真的活不下去了": the crisis lines first, whatever the triage
            # says (its own advice for 轻生危险 when it has one)
            said_now = (urgent or {}).get("advice") if (urgent or {}).get("kind") == SELF_HARM_KIND else None
            if THIRD_PERSON.search(text):
                said_now = _third_person_care(text, _located((result.get("entities") or {}).get("address") or {}))
            dispatcher.utter_message(text=said_now or SELF_HARM_ADVICE)
        if self_harm and (_self_harm(said) or (urgent or {}).get("kind") == SELF_HARM_KIND) \
                and not _said_this_turn(tracker, "您不是一个人，我在这里陪着您") and not THIRD_PERSON.search(text):
            # "房东…押金也不退…真的不想活了": the person first, a person offered; the form waits (tester36 H2)
            # ("记下了" only when something was told: tester37 N2)
            dispatcher.utter_message(text=SELF_HARM_STAY if _tells_problem(SELF_HARM.sub("", said))
                                 else SELF_HARM_STAY_ALONE)
        if self_harm:
            response = None
        praise = _praise(text) and not urgent and not self_harm
        if praise:  # praise (表扬…): whom and where is all it needs, never 不够具体 nor which reading
            response = None
        if urgent:
            # a danger now (燃气泄漏, 坠落…): the safety advice comes first, before any question; the
            # danger says what the problem is, so nothing is asked of it (no vague, no which reading)
            response = None
            if urgent.get("kind") == FRAUD_KIND:
                # a scam going on: stop, hang up, 110 / 96110, the bank; no question after it (tester36 H3)
                if not _said_this_turn(tracker, FRAUD_MARK):
                    dispatcher.utter_message(text=FRAUD_ADVICE + FRAUD_STAY)
            elif urgent.get("kind") == PERSON_KIND and DOMESTIC_VIOLENCE.search(re.sub(r"\s", "", text)):
                # violence at home going on: 110, a locked room, 12338; the form waits a turn (tester37 N3);
                # told by a child: 110 and a trusted adult (tester38 F3)
                located = _located((result.get("entities") or {}).get("address") or {})
                outside = bool(OUT_OF_HOME.search(re.sub(r"\s", "", text)))  # 跑到楼道里了: no locked room
                if CHILD_SPEAKING.search(re.sub(r"\s", "", text)):
                    child = DV_CHILD_OUT_ADVICE if outside else DV_CHILD_ADVICE
                    if not _advised(tracker, child):
                        dispatcher.utter_message(text=child + (
                            "妈妈也可以拨打12338妇女维权热线求助。" if MOTHER_HIT.search(text) else "") + (
                            "地址已经记下了，等你安全了，我们再接着登记。" if located else
                            "等你安全了，再告诉我这件事发生在哪里，我帮你登记反映。"))
                elif outside:
                    if not _advised(tracker, DV_OUT_ADVICE):
                        dispatcher.utter_message(text=DV_OUT_ADVICE + (DV_PLACE_KNOWN if located else DV_PLACE_LATER))
                elif not _advised(tracker, DV_ADVICE.replace(DV_PLACE_LATER, "")):
                    dispatcher.utter_message(text=DV_ADVICE.replace(DV_PLACE_LATER, DV_PLACE_KNOWN)
                                             if located else DV_ADVICE)
            elif urgent.get("advice") and urgent.get("kind") != SELF_HARM_KIND \
                    and not _advised(tracker, urgent["advice"]) and not (self_harm and THIRD_PERSON.search(text)):
                if urgent.get("kind") in PERSON_KINDS:  # 有人拿着刀砍人: the advice, and the form waits a turn
                    located = _located((result.get("entities") or {}).get("address") or {})
                    dispatcher.utter_message(text=_person_advice(urgent["advice"], bool(located)))
                else:
                    dispatcher.utter_message(text=urgent["advice"])
        if response == "utter_ask_noise_source" and draft and requested == "description" \
                and NOISE_WORDS.search(draft) and not _noise_source(draft):
            # the answer to "是什么发出的噪音？", whatever it names: the question is not asked twice
            response = None
        if response:
            return self._fail("description", tracker, dispatcher, response, description_draft=text,
                              **_api_back(tracker))

        entities = result.get("entities") or {}
        objects = [str(o) for o in entities.get("objects") or []]
        cats = result.get("categories") or []
        top = cats[0]
        second = cats[1] if len(cats) > 1 else {"label": None, "confidence": 0.0}
        slots: Dict[Text, Any] = {**_api_back(tracker),
            "description": text, "description_draft": text, "complaint_category": top["label"],
            "department": _department_name(result),
            "category_candidates": _readings(text, top, second) if torn(top, second) and not urgent
                                   and not praise else None,
            # the hour matters for noise, construction, opening hours; never for unpaid wages (装修公司欠薪)
            "time_needed": bool(TIME_WORDS.search(text) or TIME_OBJECTS.intersection(objects))
                           and top["label"] != "劳动和社会保障" and not _no_hours(text) and not praise,
        }
        if later:
            dispatcher.utter_message(response="utter_one_at_a_time")
            slots["second_issue"] = later[:200]
        address = _located(entities.get("address") or {})
        if later and not address:
            # "两个事，一个是…，还有就是…，海淀区西三旗育新花园": the place said at the end is both problems'
            try:
                found = _located(((await _api("triage", later)).get("entities") or {}).get("address") or {})
            except (ApiUnavailable, ApiError):
                found = None
            if found:
                address = await self._place(later) or found
        noted = tracker.get_slot("noted_place")
        if noted:  # a place said before the problem (action_inform_outside)
            slots["noted_place"] = None
            if address:   # the complaint names its own: that one
                slots["address"] = address
            elif _said_before(tracker) != noted:   # said, then something else ("算了"): not this one's
                slots["address"] = None
        elif address and not tracker.get_slot("address"):
            slots["address"] = address
        times = list(dict.fromkeys(t.get("text") for t in entities.get("times") or [] if t.get("text")))
        times = [t for t in times if not any(t != u and t in u for u in times)]  # 晚上 inside 晚上十点以后
        # taken from the complaint only when it says the hours (天天 alone: the form asks when)
        if slots["time_needed"] and times and TIME_OF_DAY.search("".join(times)) and not tracker.get_slot("time"):
            slots["time"] = "、".join(times)
        phone = _phone_in(text)
        if phone and not _contact(tracker):  # "…我电话138…": the call-back number, not asked again
            slots["contact"] = phone
        if _repeat_said_before(tracker) and REPEATED_NOTE not in text:
            slots["description"] = text + REPEATED_NOTE  # "反映了八百遍都没人管" before it (tester36 M7)
        if PRIVACY_WISH.search(text) and not _advised(tracker, KEPT_SECRET):
            # "…我不想让单位知道是我举报的…": kept in the text (the operator reads it), acknowledged
            dispatcher.utter_message(text=KEPT_SECRET)
        return slots

    @staticmethod
    def _unclear(text: str, result: Dict[Text, Any]) -> Optional[str]:
        """The re-ask when ``text`` (triaged as ``result``) is too vague to route; None when clear."""
        objects = (result.get("entities") or {}).get("objects") or []
        cats = result.get("categories") or []
        top = cats[0] if cats else {"label": None, "confidence": 0.0}
        second = cats[1] if len(cats) > 1 else {"label": None, "confidence": 0.0}
        long_enough = len(re.sub(r"\W", "", text)) >= MIN_CHARS
        if NOISE_WORDS.search(text) and not objects:
            # noise: we must know its source (construction, a shop, a neighbour)
            has_what = bool(_noise_source(text))
        else:
            # a sure model counts only for words beyond a place: a bare address reads as 城乡建设 too
            beyond_place = len(re.sub(r"\W", "", PLACE_WORDS.sub("", text))) >= MIN_CHARS
            has_what = bool(objects) or long_enough and (
                bool(PROBLEM_WORDS.search(text)) or (top["confidence"] >= SURE and beyond_place))
        spread = top["confidence"] < MIN_CONFIDENCE or top["confidence"] + second["confidence"] < MIN_TOP_TWO
        # a concrete problem told at some length is specific even when no category fits it well
        # (楼上半夜跺脚, 民警态度差: 公安's, none of the seven): the operator decides its category
        told = len(re.sub(r"\W", "", text)) >= 8 and (bool(objects) or bool(PROBLEM_WORDS.search(text))
                                                       # a noise with its source: 楼上天天半夜蹦迪 咚咚咚 (tester35 N-M1)
                                                       or bool(NOISE_WORDS.search(text) and _noise_source(text)))
        if has_what and (not spread or torn(top, second) or told):
            return None
        if NOISE_WORDS.search(text) and not _noise_source(text):
            return "utter_ask_noise_source"
        return "utter_ask_what" if not re.sub(r"\W", "", JUST_WANTS.sub("", text)) else "utter_description_vague"

    async def validate_category_choice(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        candidates = [c for c in tracker.get_slot("category_candidates") or [] if c]
        said = str(value or "")
        taken = self._contact_out_of_turn(said, dispatcher, tracker.get_slot("description")) if not candidates or said.strip() not in candidates else None
        if taken:  # "13811112222" where the reading was asked: the contact, and the reading asked again
            contact, rest = taken
            if not rest:
                return {"category_choice": None, **contact}
            return {**(await self.validate_category_choice(rest, dispatcher, tracker, domain)), **contact}
        if NO_CONTACT_ONLY.fullmatch(re.sub(r"\s", "", said)):  # "不留", the contact question's answer said early
            dispatcher.utter_message(text="好的，不留电话。")
            return {"category_choice": None, "contact": NO_CONTACT}
        cancelled = (self._cancelled("category_choice", said.strip())
                     or self._side_question("category_choice", said.strip(), dispatcher)
                     or await self._another_issue("category_choice", said.strip(), tracker, dispatcher)
                     or await self._place_fixed_now("category_choice", said.strip(), dispatcher))
        if cancelled:
            return cancelled
        chosen = next((c for c in candidates if c in said or said == c), None)
        if chosen is None:  # the citizen's words: a keyword of one reading, or "前者/后者"
            for i, c in enumerate(candidates):
                words = [w for w in re.split(r"[、，（）()和]", _describe(c)) if len(w) >= 2]
                if any(w in said for w in words) or any(w[:2] in said for w in words):
                    chosen = c
                    break
            # "前者" / "第一个" / "上面那个" as the whole answer or one clause of it ("第一个，每天晚上
            # 十一点以后"), not the 下 of 楼下 in a sentence
            clauses = [c.strip() for c in re.split(r"[，,。；;！!]", said) if c.strip()] or [said]
            if chosen is None and any(FIRST_CHOICE.fullmatch(c) for c in clauses) and candidates:
                chosen = candidates[0]
            elif chosen is None and any(SECOND_CHOICE.fullmatch(c) for c in clauses) and len(candidates) > 1:
                chosen = candidates[1]
            if chosen is None:  # a sentence whose words point at exactly one of the two
                hinted = [c for c in candidates if c in CATEGORY_HINTS and CATEGORY_HINTS[c].search(said)]
                chosen = hinted[0] if len(hinted) == 1 else None
        plain = re.sub(r"\W", "", said)
        if chosen is None and candidates and plain and (_filler(plain) or YES_SAID.fullmatch(plain)
                                                        or BARE_YES.fullmatch(plain)):
            # "对" to "是A，还是B？" says neither: which one is asked again with its buttons (the form's ask
            # follows), never taken as the first one (round 11 #5); a second bare yes right after it: the
            # model's reading, said plainly as a guess the operator checks
            if _said_last_turn(tracker, WHICH_READING_MARK):
                dispatcher.utter_message(text=CATEGORY_LEFT.format(noted=""))
                return {"category_choice": UNSURE_CHOICE, "complaint_category": candidates[0]}
            dispatcher.utter_message(text=f"您说的“{_shown(said.strip())[:8]}”{WHICH_READING_MARK}呢？请点选其中一项：")
            return {"category_choice": None}
        retries = dict(tracker.get_slot("retries") or {})
        earlier = retries.get("category_choice", 0)
        if chosen is None:
            retold = await self._retold(said, dispatcher, tracker, domain)
            if retold is not None:
                if NEITHER.search(said):
                    return retold
                # more of the problem ("天天晚上十一二点还在打桩"): its time taken too; still two readings
                # after it, the question counts as asked once more
                time = retold.get("time") if retold.get("time") != tracker.get_slot("time") else None
                dispatcher.utter_message(text=f"好的，情况和时间记下了：{_shown(time)}。" if time else "好的，情况记下了。")
                still = [c for c in retold.get("category_candidates") or [] if c]
                if still and earlier >= 1:
                    dispatcher.utter_message(text=CATEGORY_LEFT.format(noted="").removeprefix("好的，"))
                    return {**retold, "category_choice": UNSURE_CHOICE, "complaint_category": still[0]}
                return {**retold, **({"retries": {**retries, "category_choice": earlier + 1}} if still else {})}
        # a place (or a district: 海淀区; or more of the known place) or an hour said here instead of
        # (or with) a reading is kept, not lost
        kept: Dict[Text, Any] = {}
        value = UNSURE.sub("", said).strip("，,。 ")
        if chosen is None and value:
            kept = await self._place_said_here(value, tracker)
        if (chosen is None and not kept and tracker.get_slot("time_needed") and not _time_refused(said)
                and _time_open(tracker.get_slot("time"), said) and TIME_HINT.search(said)
                and (TIME_OF_DAY.search(said) or WEEK_TIME.search(said) or ALL_DAY.search(said))):
            kept["time"] = _fuller_time(tracker.get_slot("time"), said.strip("，,。 "))
        noted = ""
        if kept.get("address") or kept.get("place_piece"):
            noted = f"地点记下了：{_shown(kept.get('address') or kept['place_piece'])}。"
        elif kept:
            noted = f"时间记下了：{_shown(kept['time'])}。"
        if chosen is None and candidates and (UNSURE.search(said) or earlier >= 1):
            # "说不清", or a second answer that names neither (a place or an hour kept, too): no reading is
            # stated, the operator decides, and the citizen is told so (asking a third time only tires)
            dispatcher.utter_message(text=CATEGORY_LEFT.format(noted=noted))
            return {"category_choice": UNSURE_CHOICE, "complaint_category": candidates[0], **kept}
        if chosen is None and kept:  # the place or hour is acknowledged, the question asked again (once)
            dispatcher.utter_message(text=f"好的，{noted}请再选一下是哪一类问题：")
            return {"category_choice": None, "retries": {**retries, "category_choice": earlier + 1}, **kept}
        if chosen is None:
            return self._fail("category_choice", tracker, dispatcher, "utter_choice_invalid")
        # "是噪音，每天晚上十一点以后": the hours (and a place) said with the reading are kept too, as
        # the other questions keep them; the form had asked for the time again or filed without it
        beside = await self._beside_the_reading(self._reading_answer(said, tracker), candidates, tracker)
        return {**beside, "category_choice": chosen, "complaint_category": chosen}

    @staticmethod
    def _reading_answer(said: str, tracker: Tracker) -> str:
        """The whole answer to "which reading?": the message when the slot holds only the reading it
        named (the complaint_category entity: "是环境污染，每天晚上十一点以后" → 环境保护), else ``said``
        (a button's payload tells nothing more)."""
        message = str((tracker.latest_message or {}).get("text") or "").strip()
        named = {str(e.get("value")) for e in (tracker.latest_message or {}).get("entities") or []
                 if e.get("entity") == "complaint_category"}
        if message and not message.startswith("/") and said.strip() in named and said.strip() != message:
            return message
        return said

    async def _beside_the_reading(self, said: str, candidates: List[Text], tracker: Tracker) -> Dict[Text, Any]:
        """The hours and the place said beside the chosen reading ("是噪音，每天晚上十一点以后",
        "环境污染，在朝阳区望京街道望京西园三区"), each clause read as the time or the place question
        reads it: the hours as the time (more of the problem said with them joins the description:
        "天天晚上十一二点还在打桩"), a place as the address; {} when the answer names the reading alone."""
        # the reading said before the hours in one clause ("是噪音每天晚上十一点以后"): its label, the
        # words the question names it by, the words that point at it
        words = {w for c in candidates for w in (c, *re.split(r"[、，（）()和]", _describe(c))) if len(w) >= 2}
        names = [*map(re.escape, sorted(words, key=len, reverse=True)),
                 *(CATEGORY_HINTS[c].pattern for c in candidates if c in CATEGORY_HINTS)]
        lead = re.compile(rf"^(?:就是|是|选|属于|算是?)?(?:{'|'.join(names)})(?:方面|这块|那块)?的?(?:问题)?(?:吧|啊)?")
        said = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", said)  # 朝阳区 管庄 北京像素: one place
        kept: Dict[Text, Any] = {}
        description = tracker.get_slot("description")
        for clause in (c.strip() for c in re.split(r"[，,。；;！!]", said)):
            if not clause or FIRST_CHOICE.fullmatch(clause) or SECOND_CHOICE.fullmatch(clause):
                continue
            head = lead.match(clause)
            part = clause[head.end():].strip() if head and _is_hours(clause[head.end():]) else clause
            if "time" not in kept and _is_hours(part):
                time = await _time_part(part) if description and _tells_problem(part) else None
                if time:  # "天天晚上十一二点还在打桩": the hours, and more of the problem
                    more = f"{description}，{(_civil(part) or part).strip('，,。 ')}"
                    kept.update({"time": time, "description": more, "description_draft": more})
                else:
                    kept["time"] = _with_time(tracker.get_slot("time"), _civil(part) or part)
            elif not (kept.get("address") or kept.get("place_piece")) and not _tells_problem(part) and (
                    PLACE_WORDS.search(part) or _district_alone(part) or PLACE_LIKE.match(part)):
                kept.update(await self._place_said_here(part, tracker))
        return kept

    async def _place_said_here(self, value: str, tracker: Tracker) -> Dict[Text, Any]:
        """A place (or a district: 海淀区; or more of the known place) said where the reading was
        asked: the address, or the district as the piece the place question goes on from; {} for none."""
        if tracker.get_slot("address"):
            place = await self._place_refining(value, tracker)
            return {"address": place} if place else {}
        district = _district_alone(value)
        if district:
            return {"place_piece": district}
        combined = _with_piece(value, tracker.get_slot("place_piece"))
        place = await self._place(combined) or (
            _area_in_district(combined, tracker.get_slot("description") or "") if combined != value else None)
        return {"address": place, "place_piece": None} if place else {}

    async def _retold(self, said: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> Optional[Dict[Text, Any]]:
        """The answer to "which reading?" when it tells the problem again instead ("都不是，是煤气泄漏，
        挺危险的"): added to the description and triaged again (its advice, its readings); None when
        it does not (a bare place, an hour, "不知道")."""
        value = _new_value(said)
        neither = bool(NEITHER.search(said))
        if len(re.sub(r"\W", "", value)) < 4 or not (neither or _tells_problem(value)) \
                or (not neither and PLACE_WORDS.search(value)):
            return None
        draft = tracker.get_slot("description") or tracker.get_slot("description_draft")
        again = _with(tracker, requested_slot="description", description=None, description_draft=draft,
                      category_candidates=None, category_choice=None, complaint_category=None)
        slots = await self.validate_description(value, dispatcher, again, domain)
        return {"category_choice": None, "category_candidates": None, **slots}

    @staticmethod
    async def _place(said: str) -> Optional[str]:
        """Where ``said`` locates the problem: the triage's normal form (or the citizen's words when
        they say more: building, unit), or a place word of its own (东四六条23号院, 大兴机场)."""
        # a clause with a phone number or a call-back request is no part of the place
        # ("朝阳区望京西园三区，有事打我电话139…" → 朝阳区望京西园三区), nor abuse, nor words after
        # the place that say nothing of where ("…万丰小区，赶紧来", "…一号院你们赶紧的别再拖了")
        said = _civil(_CONTACT_CLAUSE.split(said.strip(), maxsplit=1)[0].strip())
        said = _from_the_place(said)
        # words before the place that are no part of it ("还是望京西园三区", "就在…", "是在…")
        said = LEAD_FILLER.sub("", said)
        # … and the citizen's own 我在 / 我家住在 (a tester's read back 地点：我在昌平区回龙观龙泽苑)
        said = re.sub(r"^(?:(?:我|我们|俺|俺们|咱|咱们)(?:家)?(?:就|也|还|现在)?(?:住)?在|还是|就是|就在|是在|也是|都是"
                      r"|还在|就|在)(?=\S{3})", "", said)
        said = DEICTIC_TAIL.sub("", said) or said  # "菊儿胡同口那儿" → 菊儿胡同口
        said = _clearer(said)
        last = None
        for last in PLACE_WORDS.finditer(said):
            pass
        if last is not None:
            tail = said[last.end():]
            if len(re.sub(r"\W", "", tail)) > 4 and not _WHERE_WORDS.search(tail):
                said = said[:last.end()]
        if not said:
            return None
        try:
            entities = (await _api("triage", said)).get("entities") or {}
            normalised = _located(entities.get("address") or {})
        except (ApiUnavailable, ApiError):
            normalised = None  # the citizen's own words still may locate it
        if normalised:
            # the citizen's words when they name more than the normal form (农光里 after 劲松街道,
            # a building, a unit); the normal form when it only adds the district
            core = re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", said)  # 望京SOHO T3 keeps its space
            if core in normalised:
                return normalised
            # the citizen's words, with the 北京市 the normal form puts before their district
            # (朝阳区朝外派出所门口 → 北京市朝阳区朝外派出所门口)
            district = re.match(r"北京市([^区]{1,3}区)", normalised)
            if district and not core.startswith("北京") and core.startswith(district.group(1)):
                return "北京市" + core
            if district and not re.search(rf"(?:{_DISTRICT_NAMES})区", core) and not core.startswith("北京") \
                    and district.group(1)[:-1] not in core:
                # the district the triage found for the citizen's words (朝阳公园南门进去右手边)
                return f"北京市{district.group(1)}{core}"
            return core
        if PLACE_WORDS.search(said) and not NOT_A_PLACE.search(said) and len(said) <= 60:
            return said
        return None

    @staticmethod
    def _cancelled(slot: str, said: str) -> Optional[Dict[Text, Any]]:
        """"算了" / "不报了" as the answer: the form ends and files nothing (action_submit_complaint
        says so), rather than count as a failed answer (the third hands over, filing a case)."""
        if len(said) <= 30 and CANCEL_FORM.search(said):
            return {slot: None, "confirmation": False, "form_outcome": "cancelled", "requested_slot": None}
        return None

    async def _another_issue(self, slot: str, said: str, tracker: Tracker,
                             dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """A second problem raised while the form asks where or when, or at the read-back ("小区的暖气
        也不热", "另外小区的垃圾桶也满了没人清"): not an answer — noted, reminded of after filing; the
        question is asked again. A complaint that names its own place counts when it reads as
        another kind of problem than the one being filed (its place is that problem's, not this one's)."""
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        cue = ANOTHER.search(said)
        if not PROBLEM_WORDS.search(said) or (intent != "complain" and not cue):
            return None
        if slot == "category_choice" and not cue:  # a sentence here usually says which reading
            return None
        if not cue and slot in ("time", "address") and TIME_HINT.search(said) and TIME_OF_DAY.search(said) \
                and not PLACE_WORDS.search(said):  # "天天晚上十一二点还在打桩": its hours, more of this one
            return None
        # without a cue it may be more of this one ("楼上还在装修，电钻声很吵" after 楼上噪音): another
        # problem when it names a problem this one does not (垃圾 after 私搭乱建), or, told with a
        # place of its own while asked where or when, when it reads as another kind
        filed = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
        new_words = set(PROBLEM_WORDS.findall(said)) - set(PROBLEM_WORDS.findall(filed))
        same_noise = bool(NOISE_WORDS.search(filed) and (NOISE_WORDS.search(said) or _noise_source(said)))
        other = bool(cue) or (bool(new_words) and not same_noise and not PLACE_WORDS.search(said))
        if not other and not cue and not same_noise and slot in ("address", "time") and PLACE_WORDS.search(said) \
                and not CORRECTION_CUE.search(said) and len(re.sub(r"\W", "", said)) >= 8:
            try:
                cats = (await _api("triage", said)).get("categories") or []
            except (ApiUnavailable, ApiError):
                cats = []
            filed = tracker.get_slot("complaint_category")
            other = bool(cats and filed and cats[0]["label"] != filed and cats[0]["confidence"] >= 0.6)
        if not other:
            return None
        dispatcher.utter_message(response="utter_one_at_a_time")
        return {slot: None, "second_issue": said[:200]}

    async def validate_address(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        slots = await self._address_answer(value, dispatcher, tracker, domain)
        if slots.get("address") and tracker.get_slot("place_piece"):  # the place known: no piece awaits more
            slots["place_piece"] = None
        if slots.get("address") and _advised(tracker, FIRST_AID_SAID) and _hold(tracker) == "self_harm":
            # "我在朝阳区双井" after 120 and the first aid for an overdose: where help must go, never the
            # form's next question (可以留个联系电话吗); a person offered, who gets the place with the case
            dispatcher.utter_message(text=CRISIS_PLACE.format(place=_shown(slots["address"])))
        elif slots.get("address") and _medical_waiting(tracker) and not _said_this_turn(tracker, PERSON_WAIT_MARK):
            dispatcher.utter_message(text=MEDICAL_PLACE.format(place=_shown(slots["address"])))
        return slots

    async def _address_answer(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        said = str(value or "").strip()
        if tracker.get_slot("requested_slot") != "address" and said != (tracker.latest_message or {}).get("text"):
            # pre-filled (a place said first), checked again as the form starts: the complaint's
            # validation (earlier in the same call) decided whether it is this complaint's place
            return {}
        # "朝阳区 管庄 北京像素": the pieces of one place, typed with spaces (a tester's was filed so)
        said = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", said)
        if said and not _civil(said):
            return self._fail("address", tracker, dispatcher, "utter_keep_civil")
        cancelled = (self._cancelled("address", said) or self._side_question("address", said, dispatcher)
                     or await self._another_issue("address", said, tracker, dispatcher))
        if cancelled:
            return cancelled
        outside = _outside_beijing(said)
        if outside:  # "燕郊福成五期": never "这个地点还不够具体" (tester35 N-L2); nothing filed
            dispatcher.utter_message(text=outside)
            return {"address": None, "confirmation": False, "form_outcome": "cancelled", "requested_slot": None}
        taken = self._contact_out_of_turn(said, dispatcher, tracker.get_slot("description"))
        if taken:  # "打我手机吧，139…": the contact, never the time; a place said with it is kept
            contact, rest = taken
            if not rest:
                return {"address": None, **contact}
            return {**(await self.validate_address(rest, dispatcher, tracker, domain)), **contact}
        before = _last_filed_address(tracker) if _same_as_before(said) else None
        if before:  # "就是刚才那个小区" / "一样的地址": the place of the case this chat filed last
            dispatcher.utter_message(text=f"好的，地点和刚才那件相同：{_shown(before)}。")
            return {"address": before}
        vague = self._vague_place(said, tracker, dispatcher)
        if vague is not None:  # "不知道，就在一个路口": no place a unit can find (round 11 #3)
            return vague
        piece = tracker.get_slot("place_piece")
        district = _district_alone(said)
        if piece and not district and _with_piece(said, piece) != said:
            # "清河" after "海淀区": the place in the district said before it
            combined = _with_piece(said, piece)
            place = await self._place(combined) or _area_in_district(combined, tracker.get_slot("description") or "")
            if place:
                return {"address": place}
        if district and district != piece:
            # "海淀区": kept, and asked where in it (no failed answer)
            dispatcher.utter_message(text=f"好的，地点记下了：{district}。")
            return {"address": None, "place_piece": district}
        # "石景山区古城大街，每天晚上十一点以后": the place, and the hours said with it
        clauses = [c for c in re.split(r"[，,。；;]", said) if c.strip()]
        hours = [c for c in clauses if _is_hours(c)]
        if hours and len(hours) < len(clauses):
            place = await self._place("，".join(c for c in clauses if c not in hours))
            if place:
                told = "，".join(hours).strip()
                return {"address": place, **({"time": _fuller_time(tracker.get_slot("time"), told)}
                                             if _time_open(tracker.get_slot("time"), told) else {})}
        segment = _area_in_district(said, tracker.get_slot("description") or "") if SEGMENT_TAIL.search(said) else None
        place = segment or await self._place(said) or _area_in_district(said, tracker.get_slot("description") or "")
        if place:  # a district with an area, a river with a segment: enough to send the case
            return {"address": place}
        description = tracker.get_slot("description")
        if _time_open(tracker.get_slot("time"), said) and _is_hours(said):
            time = await _time_part(said) if description else None
            if time:
                # "天天晚上十一二点还在打桩": more of the problem, with its hours; the place asked again
                more = f"{description}，{(_civil(said) or said).strip('，,。 ')}"
                time = _fuller_time(tracker.get_slot("time"), time)
                dispatcher.utter_message(text=f"好的，情况和时间记下了：{_shown(time)}。")
                return {"address": None, "time": time, "description": more, "description_draft": more}
            # the hours said instead of the place ("晚上十一点以后"): kept, and the place asked again
            time = _fuller_time(tracker.get_slot("time"), said.strip("，,。 "))
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
            return {"address": None, "time": time}
        if description and len(said) <= 20 and HAS_CHINESE.search(said) and not NOT_A_PLACE.search(said) and (
                PROBLEM_WORDS.search(said) or NOISE_WORDS.search(said)):
            # more about the problem ("油烟" after "我家楼下的烧烤店"): added to it, the place asked again
            slots = _told_more("address", description, said, dispatcher)
            needed = bool(TIME_WORDS.search(slots["description"])) \
                and tracker.get_slot("complaint_category") != "劳动和社会保障"
            return {**slots, "time_needed": bool(tracker.get_slot("time_needed")) or needed}
        if (_said_last_turn(tracker, PERSON_WAIT_MARK) or _said_last_turn(tracker, DV_MARK)) \
                and not _said_last_turn(tracker, DV_CHILD_MARK):
            # "我已经报警了" while the bot waits after a danger to a person: no failed place, it waits on
            dispatcher.utter_message(text=PERSON_WAITING)
            return {"address": None}
        return self._fail("address", tracker, dispatcher, "utter_address_vague")

    @staticmethod
    def _vague_place(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """A place with no name (一个路口, 路边, 小区门口) or none known (不知道): asked again with an example;
        from the second such answer a person or filing as 地点不详 is offered, and 地点不详 said then is
        the address (read back as such, never a silent guess). None for any other answer."""
        plain = re.sub(r"\s", "", said)
        retries = dict(tracker.get_slot("retries") or {})
        if retries.get("address", 0) >= 1 and _said_last_turn(tracker, PLACE_UNKNOWN_MARK) \
                and PLACE_UNKNOWN_TAKEN.fullmatch(plain):
            dispatcher.utter_message(text=f"好的，地点按“{PLACE_UNKNOWN}”登记，确认信息时会写明。")
            return {"address": PLACE_UNKNOWN, "place_piece": None}
        core = LEAD_FILLER.sub("", _from_the_place(plain))
        generic = bool(GENERIC_PLACE.fullmatch(core))
        if not generic and not PLACE_DONT_KNOW.fullmatch(plain):
            return None
        retries["address"] = retries.get("address", 0) + 1
        if retries["address"] >= 2 and not tracker.get_slot("place_piece"):
            # the second vague answer: a person, or filing with the place unknown, said plainly; a yes is
            # a yes to the person (as after utter_offer_handoff)
            dispatcher.utter_message(text=PLACE_UNKNOWN_OFFER)
            return {"address": None, "retries": {**retries, "address": MAX_RETRIES + 1}}
        if generic:
            dispatcher.utter_message(text=PLACE_GENERIC_ASK.format(place=_shown(core.strip("，,。！! "))))
        else:
            dispatcher.utter_message(response="utter_address_vague")
        return {"address": None, "retries": retries}

    async def _place_fixed_now(self, slot: str, said: str, dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """"地址不对，应该是…" while another question is asked: the place is corrected at once, the
        question asked again (it was a failed answer to it)."""
        if fix_targets(said, has_time=True, has_choice=True) != ["address"] or len(NEW_VALUE.split(said, 1)) != 2:
            return None
        place = await self._place(_new_value(said))
        if not place:
            return None
        dispatcher.utter_message(text=f"好的，地点改为：{_shown(place)}。")
        return {slot: None, "address": place}

    async def validate_contact(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        """The call-back number asked before the read-back: a number, or "不留" (asked once; digits
        that make no number are asked once more). More of the problem said here joins it."""
        said = str(value or "").strip()
        phones = _phones_in(said)
        if phones:
            if PRIVACY_WISH.search(said):  # "我电话139…，别告诉他们是我举报的"
                dispatcher.utter_message(text=KEPT_SECRET)
            return {"contact": _with_call_note(phones[0], said), **_with_spare(tracker.get_slot("description"), phones)}
        if CONTACT_YES.fullmatch(re.sub(r"\s", "", said)):  # "可以" / "好的": yes, then the number
            dispatcher.utter_message(text=ASK_NUMBER)
            return {"contact": None}
        if _time_refused(said):
            # "不需要时间": about the time, no number and no 不留; no time held is then not asked for
            # (not needed) or filed as not known; the number asked again
            held = tracker.get_slot("time")
            dispatcher.utter_message(text="好的，不问时间了。" if not held else "好的。")
            if held or not tracker.get_slot("time_needed"):
                return {"contact": None}
            return {"contact": None, **({"time_needed": False} if TIME_NOT_NEEDED.search(said) else {"time": "不确定"})}
        privacy = _privacy_answer(said)
        if privacy:  # "为什么要留电话？会不会泄露我的信息", "我不想让单位知道是我举报的": answered, asked again
            dispatcher.utter_message(text=privacy)
            return {"contact": None}
        if QUESTION_FORM.search(said) and NO_CONTACT_SAID.search(said):
            if NO_PHONE_OK.search(said):  # "不留可以吗": yes, it can be
                dispatcher.utter_message(text="可以。" + NO_PHONE_TOLD)
                return {"contact": NO_CONTACT}
            dispatcher.utter_message(text=NO_PHONE_TOLD)  # "不留电话会不会影响处理？"
            return {"contact": None}
        side = self._side_question("contact", said, dispatcher)
        if side:  # "对了，这种情况能罚款吗？": answered, asked again (never glued to the problem)
            return side
        if QUESTION_FORM.search(said) and len(re.sub(r"\W", "", said)) >= 4 and not _when(said) \
                and not PLACE_WORDS.search(said):
            # another question ("你们多久能处理？"): never glued to the problem nor a 不留
            dispatcher.utter_message(text=WHEN_DONE_TOLD if NEXT_STEPS.search(said) else OTHER_QUESTION_TOLD)
            return {"contact": None}
        if NO_CONTACT_SAID.search(said) and len(re.sub(r"\W", "", said)) <= 8:
            return {"contact": NO_CONTACT}
        kept = await self._place_or_time_at_contact(said, tracker, dispatcher)
        if kept:  # a place or a time said here: kept, and the number asked again
            return {"contact": None, **kept}
        retries = dict(tracker.get_slot("retries") or {})
        if re.search(r"\d", plain_digits(said)) and not retries.get("contact"):
            dispatcher.utter_message(text="这个号码好像不完整，请再说一遍（手机号11位，座机请带区号）；不方便可以说“不留”。")
            return {"contact": None, "retries": {**retries, "contact": 1}}
        if re.search(r"\d", plain_digits(said)):
            # a second number that still makes none: said so, never dropped silently
            dispatcher.utter_message(text=NUMBER_UNREAD)
            return {"contact": NO_CONTACT}
        description = tracker.get_slot("description")
        if description and not NO_CONTACT_SAID.search(said) and len(re.sub(r"\W", "", said)) >= 4 \
                and _tells_problem(said):
            # a problem this one does not name (楼上掉下来一个花盆 after a car on the fire lane, 工钱也没结):
            # another problem, kept to offer after filing, never glued to this one (tester44 L-a); the
            # number asked again
            words = set(PROBLEM_WORDS.findall(said))
            shared = words & set(PROBLEM_WORDS.findall(description))
            same_noise = bool(NOISE_WORDS.search(description) and (NOISE_WORDS.search(said) or _noise_source(said)))
            if (ANOTHER.search(said) or words and not shared) and not same_noise and not CORRECTION_CUE.search(said):
                dispatcher.utter_message(response="utter_one_at_a_time")
                return {"contact": None, "second_issue": said[:200]}
            more = f"{description}，{(_civil(said) or said).strip('，,。 ')}"
            return {"contact": NO_CONTACT, "description": more, "description_draft": more}
        if len(HAS_CHINESE.findall(said)) >= 6 and not NO_CONTACT_SAID.search(said) and not retries.get("contact"):
            # a sentence that is no number, no refusal and no problem (tester44 L-a): never a 不留 nor glued
            # to the problem; the number asked again, once
            return {"contact": None, "retries": {**retries, "contact": 1}}
        return {"contact": NO_CONTACT}

    async def _place_or_time_at_contact(self, said: str, tracker: Tracker,
                                        dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """A time ("俩月了，一直这样") or a place ("西城区西直门外大街北京展览馆对面") said when the
        call-back number was asked: the time, or the place refining the known one, acknowledged;
        None when it is neither."""
        when = _when(said) if HAS_CHINESE.search(said) else None  # digits alone: a broken number
        if when:
            time = _with_time(tracker.get_slot("time"), when)
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
            return {"time": time}
        address = await self._place_refining(said, tracker)
        if not address:
            return None
        dispatcher.utter_message(text=f"好的，地点记下了：{_shown(address)}。")
        return {"address": address, "place_piece": None}

    async def _place_refining(self, said: str, tracker: Tracker) -> Optional[str]:
        """The address after a place said out of turn (at the contact, time or category question):
        more of the known one or a new one (``_refined``), in the district said before it when it
        names none (``place_piece``); None when ``said`` is no place."""
        said = _with_piece(said, None if tracker.get_slot("address") else tracker.get_slot("place_piece"))
        known = f"{tracker.get_slot('description') or ''}{tracker.get_slot('address') or ''}"
        if (_tells_problem(said) and not _restated(said, known)) or DETAIL.search(said) or not (
                PLACE_WORDS.search(said) or _DISTRICT_SAID.search(said) or PLACE_LIKE.match(said.strip("，,。 "))):
            return None
        place = await self._place(said) or _area_in_district(said, tracker.get_slot("description") or "")
        return _refined(tracker.get_slot("address"), place, said) if place else None

    async def validate_time(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        said = str(value or "").strip()
        cancelled = (self._cancelled("time", said) or self._side_question("time", said, dispatcher)
                     or await self._another_issue("time", said, tracker, dispatcher)
                     or await self._place_fixed_now("time", said, dispatcher))
        if cancelled:
            return cancelled
        taken = self._contact_out_of_turn(said, dispatcher, tracker.get_slot("description"))
        if taken:  # "13855556666" asked when: the contact, and the time asked again
            contact, rest = taken
            if not rest:
                return {"time": None, **contact}
            return {**(await self.validate_time(rest, dispatcher, tracker, domain)), **contact}
        if NO_CONTACT_ONLY.fullmatch(re.sub(r"\s", "", said)) and re.search(r"电话|号码", said):
            # "不留电话", the contact question's answer said early: taken, the time asked again
            dispatcher.utter_message(text="好的，不留电话。")
            return {"time": None, "contact": NO_CONTACT}
        if NO_CONTACT_ONLY.fullmatch(re.sub(r"\s", "", said)):
            # a bare "不留" / "不方便" at the time question, no phone asked yet: no time given (好的，不留电话
            # before any phone question, tester43 L5), and the phone declined too: not asked next (tester44
            # L5); a number said later is still taken
            return {"time": "不确定", "contact": NO_CONTACT}
        if _time_refused(said):
            # "不需要时间" / "时间不知道": no time value; not needed is not asked again, not known is filed so
            if TIME_NOT_NEEDED.search(said):
                dispatcher.utter_message(text="好的，不问时间了。")
                return {"time": None, "time_needed": False}
            return {"time": "不确定"}
        said = TIME_LEAD.sub("", said).strip() or said  # "时间：中" → 中
        if NOT_ABOUT_TIME.search(said):
            # "这跟时间没关系啊，就是上周关的门": no time is filed (nor asked again); what else it
            # says of the problem joins the description
            rest = [c for c in re.split(r"[，,。；;！!？?]+", said) if c.strip() and not NOT_ABOUT_TIME.search(c)]
            fact = re.sub(r"^(?:就是|是|就|而是|主要是)", "", "，".join(rest).strip()).strip("，,。 ")
            slots: Dict[Text, Any] = {"time": None, "time_needed": False}
            description = tracker.get_slot("description")
            if description and len(re.sub(r"\W", "", FILLER.sub("", fact))) >= 3:
                more = f"{description}，{_civil(fact) or fact}"
                slots.update({"description": more, "description_draft": more})
                dispatcher.utter_message(text="好的，不问时间了，情况记下了。")
            else:
                dispatcher.utter_message(text="好的，不问时间了。")
            return slots
        earlier = (tracker.get_slot("retries") or {}).get("time", 0)
        if NO_TIME.fullmatch(re.sub(r"\s", "", said)) or not re.sub(r"\W", "", said):
            # "中" / "好的" / "嗯": no time at all, asked again (and filed as not known at the end,
            # the hour being helpful, not required)
            if earlier >= MAX_RETRIES:
                return {"time": "不确定"}
            return self._fail("time", tracker, dispatcher, "utter_time_vague")
        description = tracker.get_slot("description")
        if said and (ALL_DAY.search(said) or TIME_HINT.search(said) and not (VAGUE_TIME.search(said) and len(said) <= 8)):
            time = await _time_part(said) if description else None
            if time:  # "天天晚上十一二点还在打桩": the hours, and more of the problem
                more = f"{description}，{(_civil(said) or said).strip('，,。 ')}"
                return {"time": time, "description": more, "description_draft": more}
            return {"time": _civil(said) or said}
        place = await self._place_refining(said, tracker) if not _when(said) else None
        if place:  # "毛纺路小区旁边": more of the place, and the time asked again (no failed answer)
            dispatcher.utter_message(text=f"好的，地点记下了：{_shown(place)}。")
            return {"time": None, "address": place, "place_piece": None}
        if description and HAS_CHINESE.search(said) and not DONT_KNOW.search(said) and len(said) <= 30 and (
                PROBLEM_WORDS.search(said) or NOISE_WORDS.search(said)):
            # more about the problem ("楼上还在装修，电钻声很吵"): added to it, the time asked again
            return _told_more("time", description, said, dispatcher)
        if HAS_CHINESE.search(said) and (DONT_KNOW.search(said) or earlier >= 1):
            # the hour is helpful, not required: "不记得了" (or a second answer without one) is
            # filed as said, never a hand-off
            return {"time": _civil(said) or "不确定"}
        return self._fail("time", tracker, dispatcher, "utter_time_vague")

    async def validate_confirmation(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        said = str((tracker.latest_message or {}).get("text") or "")
        contact = _contact_at_readback(said, tracker)
        if _no_contact_again(contact, tracker, dispatcher):  # "不留" once more: nothing new to read back
            return {"confirmation": None, "fixing": None, "fix_field": None}
        if contact:  # "对，电话139…" / "电话不留了": read back again with it
            return {"confirmation": None, "fixing": None, "fix_field": None, **contact}
        if value and not CORRECTION_CUE.search(said):
            return {"confirmation": True}
        if self._side_question("confirmation", said, dispatcher):  # "会不会泄露我的信息": answered, read back again
            return {"confirmation": None, "fixing": None, "fix_field": None}
        another = await self._another_issue("confirmation", said, tracker, dispatcher)
        if another:  # "另外小区的垃圾桶也满了": noted, the summary read back again (its place kept)
            return {**another, "fixing": None, "fix_field": None}
        moved = _district_fix(said, tracker.get_slot("address")) if CORRECTION_CUE.search(said) else None
        if moved:   # "不对，是海淀区": the place's district, read back again
            return {"confirmation": None, "fixing": None, "fix_field": None, "address": moved}
        # "地址不对(，是…)" / "对，不过时间说错了" / "不提交了": no need to ask which part
        fixes = await self._fixes(said, tracker)
        if fixes is not None:
            return fixes
        corrected = await self._correction(said, tracker)
        if corrected:   # "不对，是德胜门外大街13号院": that part replaced, read back again
            return {"confirmation": None, "fixing": None, "fix_field": None, **corrected}
        if value:
            return {"confirmation": True}
        picked = _category_named(said)
        if picked:  # "商铺经营和消费": the reading picked, read back again (tester35 N-M3)
            dispatcher.utter_message(text=f"好的，类别按“{CATEGORY_WORDS[picked]}”登记。")
            return {"confirmation": None, "fixing": None, "fix_field": None, "complaint_category": picked,
                    "category_candidates": None}
        # a plain "不对": ask which part is wrong (action_ask_fix_field), not cancel outright
        return {"confirmation": None, "fixing": True, "fix_field": None}

    async def _correction(self, said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        """A correction that names no part but gives the new value ("不对，是德胜门外大街13号院",
        "不对，是上周四", "应该是…", "改成…"): the time or the place it reads as, replacing the old one
        (a place without a district keeps the old one's); None when it gives neither."""
        if not CORRECTION_CUE.search(said) or len(NEW_VALUE.split(said, maxsplit=1)) != 2:
            return None
        value = _new_value(said)
        when = _when(value)
        if when:
            return {"time": when}
        if DETAIL.search(value):
            return None
        place = await self._place(value)
        return {"address": _in_district(place, tracker.get_slot("address"))} if place else None

    async def _fixes(self, said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        """The slots to clear for the parts ``said`` names (the form then asks them again; a new
        place or time said with it is taken at once), or the cancellation; None when it names none."""
        targets = fix_targets(said, has_time=bool(tracker.get_slot("time_needed")),
                              has_choice=bool(tracker.get_slot("category_candidates")))
        if not targets:
            return None
        if targets == ["cancel"]:  # the form is complete; the submit action says nothing was filed
            return {"fix_field": "cancel", "fixing": None, "confirmation": False}
        cleared: Dict[Text, Any] = {"fix_field": None, "fixing": None, "confirmation": None}
        for target in targets:
            cleared.update({slot: None for slot in FIX_SLOTS[target]})
        if "time" in targets:
            cleared["time_needed"] = True  # asked now, even for a kind where it was not
        new = NEW_VALUE.split(said, maxsplit=1)
        if len(targets) == 1 and len(new) == 2 and new[1].strip("，,。 "):
            value = _new_value(said)
            if targets == ["address"]:  # "地点不对，是…": in the old district when it names none, as "不对，是…"
                place = await self._place(value)
                cleared["address"] = _in_district(place, tracker.get_slot("address")) if place else None
            elif targets == ["time"] and TIME_HINT.search(value):  # said as a correction: taken as given
                cleared["time"] = value
            elif targets == ["contact"]:  # "电话不对，是139…"
                cleared["contact"] = _phone_in(value) or _phone_in(said)
        return cleared

    async def validate_fix_field(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        said = str(value or "").strip()
        if tracker.get_slot("requested_slot") == "confirmation":
            return await self._answer_to_summary(said, dispatcher, tracker)
        fixes = await self._fixes(said, tracker)
        if fixes is None:
            return self._fail("fix_field", tracker, dispatcher, "utter_fix_field_invalid")
        return fixes

    async def _answer_to_summary(self, said: str, dispatcher: CollectingDispatcher,
                                 tracker: Tracker) -> Dict[Text, Any]:
        """An answer to the read-back that is neither yes nor no (those are the confirmation's):
        a part named ("地址不对，应该是…"), or a corrected place or time on its own."""
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        contact = _contact_at_readback(said, tracker)
        if _no_contact_again(contact, tracker, dispatcher):
            return {"fix_field": None}
        if contact:  # the number said (or taken back) at the read-back: read back again with it
            return {"fix_field": None, **contact}
        if intent in ("affirm", "deny"):
            return {"fix_field": None}
        bare = re.sub(r"\s", "", said)
        if YES_SAID.fullmatch(bare):  # "中": yes, in Beijing
            return {"fix_field": None, "confirmation": True}
        if intent == "goodbye" and BYE_SAID.search(said) and not _when(BYE_SAID.sub("", said)):
            # "再见": the citizen leaves; the submit action says nothing was filed
            return {"fix_field": "cancel", "fixing": None, "confirmation": False}
        if said.strip() and not _civil(said):
            dispatcher.utter_message(response="utter_keep_civil")
            return {"fix_field": None}
        said = _civil(said)
        side = self._side_question("fix_field", said, dispatcher)
        if side:  # "会不会泄露我的信息": answered, read back again
            return side
        if URGING.fullmatch(re.sub(r"\s", "", said)):
            dispatcher.utter_message(text="好的，登记后会尽快转交承办部门。")
            return {"fix_field": None}
        another = await self._another_issue("fix_field", said, tracker, dispatcher)
        if another:  # a second problem: its own case, later (not a part to fix: 小区 named the address)
            return another
        fixes = await self._fixes(said, tracker)
        if fixes is not None:
            return fixes
        moved = _district_fix(said, tracker.get_slot("address"))
        if moved:   # "是海淀区，不是朝阳区": the place's district
            return {"fix_field": None, "address": moved}
        corrected = await self._correction(said, tracker)
        if corrected:   # "不对，是德胜门外大街13号院": replaces, never appends
            return {"fix_field": None, **corrected}
        value = _new_value(said)  # "不是华威北里，是华威西里" → 华威西里
        when = _when(value)
        if when:  # "俩月了，一直这样", "今年夏天盖的": the time, read back again
            return {"fix_field": None, "time": _with_time(tracker.get_slot("time"), when)}
        detail = DETAIL.search(value)
        # an hour said at the read-back is the time, also where none was asked ("时间是晚上十点")
        hours = _is_hours(value) or bool(ALL_DAY.search(value) and not PLACE_WORDS.search(value))
        if hours and not detail and (tracker.get_slot("time_needed") or re.search(r"时间|几点|时候", said)
                                     or len(value) <= 15):
            return {"fix_field": None, "time": value}
        if HOUSE_PART.search(value) and tracker.get_slot("address") and not detail \
                and not OWN_ROAD.search(value):  # 三号楼二单元: more of the place
            known = tracker.get_slot("address")
            more = re.sub(r"^(?:就|是)?在", "", value)  # "在小区3号楼后面"
            for unit in ("小区", "社区", "院"):
                if known.endswith(unit) and more.startswith(unit):
                    more = more[len(unit):]
            return {"fix_field": None, "address": f"{known}{more}"}
        place = await self._place(value) if not detail else None
        if not place and not detail:
            # a place no place word marks (富力城C区), or an area of a district (朝阳区高碑店那段)
            bare_value = LEAD_FILLER.sub("", value).strip("，,。！! ")
            if PLACE_LIKE.match(bare_value) and not NOT_A_PLACE.search(bare_value) and not _tells_problem(bare_value):
                place = bare_value
            else:
                place = _area_in_district(value, tracker.get_slot("description") or "")
        if place:  # more of the known place, or a new one (in the known district when it names none)
            return {"fix_field": None, "address": _refined(tracker.get_slot("address"), place, value)}
        if intent in ("goodbye", "out_of_scope"):
            # read as small talk and none of the above: asked again, never dropped nor filed
            dispatcher.utter_message(response="utter_confirm_or_fix")
            return {"fix_field": None}
        picked = _category_named(said)
        if picked:  # "商铺经营", "商铺经营和消费": the reading picked, never more of the problem (tester35 N-M3)
            dispatcher.utter_message(text=f"好的，类别按“{CATEGORY_WORDS[picked]}”登记。")
            return {"fix_field": None, "complaint_category": picked, "category_candidates": None}
        if WHOSE_PROBLEM.fullmatch(re.sub(r"\s", "", said)):
            # "就是物业的问题": whose problem it is, nothing new to file; the read-back asked again (tester43 L5)
            dispatcher.utter_message(response="utter_confirm_or_fix")
            return {"fix_field": None}
        if len(re.sub(r"\W", "", FILLER.sub("", said))) >= 4 and HAS_CHINESE.search(said) and (
                re.search(r"[0-9A-Za-z]", said) or DETAIL.search(said) or _tells_problem(said)):
            # more about what happened (车牌号是京B12345): added to the description, read back again
            description = tracker.get_slot("description") or ""
            return {"fix_field": None, "description": f"{description}，{said}".strip("，"),
                    "description_draft": f"{description}，{said}".strip("，")}
        # anything else is no part of the problem: asked what to change, nothing appended
        dispatcher.utter_message(response="utter_confirm_or_fix")
        return {"fix_field": None}


TELL_MORE = "请再说说具体发生了什么问题？"
# a remark at the read-back that only says whose problem it is (就是物业的问题, 这是开发商的事)
WHOSE_PROBLEM = re.compile(r"(?:反正|其实|主要|总之)?(?:就是|就|这是|这就是|都是|是)?[\u4e00-\u9fff]{1,6}的(?:问题|事儿?|责任)"
                           r"(?:吧|啊|呀|嘛|呗|了)?[。！!，,]*")
# the validation's re-asks: each is a question of its own
REASKS = {"utter_description_vague", "utter_offer_handoff", "utter_ask_noise_source", "utter_use_chinese", "utter_address_vague",
          "utter_keep_civil", "utter_ask_what",
          "utter_time_vague",
          # a progress query in the middle of the form asked for its number or code: one question
          "utter_ask_case_number", "utter_ask_query_code"}


# the bot's own asks said by the validation (the care and the anti-fraud advice stay: no question after them)
SAID_ASKS = (CRISIS_MARK, FRAUD_MARK, DV_MARK, DV_CHILD_MARK, PERSON_WAIT_MARK, "请说说具体是什么问题、在哪里",
             IDK_EXAMPLES, HANDOFF_AGAIN,  # (what can be reported, or a person again, after 不知道: tester42 N5)
             TELL_MORE,  # (a place said where the problem was asked: what happened, asked with it)
             "还是不再反映刚说的",  # (WITHDRAW_WHICH_MARK: which one is meant, asked)
             "还要继续登记吗",  # (OFFER_BACK_MARK: the complaint left pending in a crisis, offered back)
             "12345 hotline",  # (ENGLISH_MARK: the English note, said after utter_use_chinese)
             "附近有什么地标", PLACE_UNKNOWN_MARK)  # (a place with no name asked again; 转人工 or 地点不详 offered)

# praise said in the opening (我想表扬一下…网格员小张…, 感谢…民警, 送锦旗): recorded as a case; the API's
# triage marks it 表扬 from the text and routes it to the unit of the person praised (tester37 N5)
PRAISE = re.compile(r"^[^。！？!?]{0,8}?(?:表扬|感谢|谢谢|点赞|致谢|送(?:一面)?锦旗|写(?:一封)?感谢信|表示感谢)")
PRAISE_WORDS = re.compile(r"我?(?:想|要|得|必须|特别|真心|真的|非常|十分)*(?:表扬|感谢|谢谢|点赞|致谢)(?:一下)?|一下|"
                          r"应该|提出|要|想|我|的|了|她|他|们")
PRAISE_ASK_WHO = "感谢您！请说说您想表扬谁（哪个单位、哪位工作人员）、为了什么事，我帮您登记转达。"


def _praise(text: Optional[str]) -> bool:
    """Whether ``text`` opens with praise and complains of nothing (表扬…, 感谢…)."""
    return bool(text and PRAISE.search(text) and not re.search(r"投诉|举报|不满|太差|恶劣|不作为", text))


# an English speaker (Hello, I want to complain…): after the Chinese ask, where to get English service and
# how to reach a person, in both languages; yes / ok / transfer then is a yes to the person (round 11 #4)
ENGLISH_MARK = "12345 hotline"
ENGLISH_NOTE = ("需要英文服务，请拨打12345热线电话；回复“转人工”可为您转人工坐席。\n"
                "Sorry, this chat can only handle Chinese text. For service in English, please call the "
                "12345 hotline. Reply \"transfer\" (or \"转人工\") to talk to a person.")
EN_YES = re.compile(r"(?:(?:yes|yeah|yep|yup|ok|okay|sure|please|fine|good|alright|all right|transfer|transfer me|"
                    r"human|a human|person|a person|agent|operator|staff|someone|talk to a person|"
                    r"talk to someone|real person)[\s,.!]*)+(?:please|thanks|thank you)?[\s.!]*", re.I)


def _english_yes(said: str, tracker: Tracker) -> bool:
    """"yes" / "ok" / "transfer" right after the English note: a yes to the person it offered."""
    return bool(EN_YES.fullmatch((said or "").strip())) and _said_last_turn(tracker, ENGLISH_MARK)


def _latin_only(said: str) -> bool:
    """Pinyin or English and no Chinese (wo jia lou xia de shao kao tan…): asked to write in Chinese."""
    return not HAS_CHINESE.search(said or "") and len(re.findall(r"[A-Za-z]{2,}", said or "")) >= 2


def _spoke_this_turn(tracker: Tracker) -> bool:
    """Whether the form's validation re-asked this turn ("这个地点还不够具体：请说一下…" is the
    question: no second one after it). Other answers this turn (off-topic, a progress answer) are
    no question: the pending one is asked again after them."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and ((event.get("metadata") or {}).get("utter_action") in REASKS
                                            or any(m in (event.get("text") or "") for m in SAID_ASKS)):
            return True
    return False


class _AskOnce(Action):
    """Ask for a slot with ``response``, unless the validation's re-ask already did this turn."""

    slot = ""
    response = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if not _spoke_this_turn(tracker):
            dispatcher.utter_message(response=self.response)
        return []


class ActionAskDescription(_AskOnce):
    slot, response = "description", "utter_ask_description"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        for event in reversed(tracker.events):  # the care said this turn asks what happened already
            if event.get("event") == "user":
                break
            if event.get("event") == "bot" and "遇到了什么难处" in (event.get("text") or ""):
                return []
        return await super().run(dispatcher, tracker, domain)


class ActionGoodbye(Action):
    """Goodbye outside a complaint; "我不想活了", which the intents may read as goodbye, gets care
    and the crisis lines instead, and the conversation goes on (tester35 N-H1)."""

    response = "utter_goodbye"

    def name(self) -> Text:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        said = str((tracker.latest_message or {}).get("text") or "")
        stayed = _stay_outside(dispatcher, tracker, said, kinds=("self_harm",))
        if stayed is not None:  # "再见" after the crisis lines: the lines again, a person offered
            return stayed
        if self.response == "utter_out_of_scope" and _latin_only(said):
            dispatcher.utter_message(response="utter_use_chinese")  # pinyin (wo jia lou xia…): as English
            dispatcher.utter_message(text=ENGLISH_NOTE)
            return []
        danger = await _danger_first(said, dispatcher, tracker, domain)
        if danger is not None:  # "我吃了一整瓶安眠药" read as out of scope: 120 and first aid first
            return danger
        if _self_harm(said):
            _care(dispatcher, tracker)
            return []
        if _status_follow_up(said, tracker):  # "什么时候能修好？" after the status: what comes next
            return await check_progress(dispatcher, tracker)
        if _withdraw_said(tracker):  # "我是要撤销，不用处理了" after a progress query: no goodbye
            withdrawn = await _withdraw(dispatcher, tracker)
            if withdrawn is not None:
                return withdrawn
        if not BYE_SAID.search(re.sub(r"\s", "", said)):
            reason = await _withdraw_reason(dispatcher, tracker)
            if reason is not None:  # "问题已经解决了" read as out of scope after the withdrawal: its reason (tester43 L1)
                return reason
        added = await _addition(dispatcher, tracker)
        if added is not None:  # "我想补充一下" read as out of scope: what to add is asked
            return added
        if self.response == "utter_goodbye" and _crisis_in_chat(tracker):
            dispatcher.utter_message(text=CRISIS_BYE)  # the danger may last: the lines stay (tester38 F1)
            return []
        dispatcher.utter_message(response=self.response)
        return []


class ActionThank(Action):
    """Thanks: any danger said with them first; once the crisis lines were said, thanks with the lines
    again (不客气，有问题随时找我们 was a goodbye while the danger may last: tester38 F1)."""

    response = "utter_thank"

    def name(self) -> Text:
        return "action_thank"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        said = str((tracker.latest_message or {}).get("text") or "")
        plain = re.sub(r"\s", "", said)
        if _hold(tracker) == "self_harm" and (IMMINENT.search(plain) or _self_harm(plain)):
            stayed = _stay_outside(dispatcher, tracker, said, kinds=("self_harm",))
            if stayed is not None:  # "谢谢，我现在在楼顶上": the danger now
                return stayed
        danger = await _danger_first(said, dispatcher, tracker, domain)
        if danger is not None:
            return danger
        if _self_harm(plain):
            _care(dispatcher, tracker)
            return []
        if self.response == "utter_thank" and _crisis_in_chat(tracker):
            dispatcher.utter_message(text=CRISIS_THANKS)
            return []
        dispatcher.utter_message(response=self.response)
        return []


class ActionGreet(ActionThank):
    """A greeting, any danger said with it first (你好，我刚吞了好多药)."""

    response = "utter_greet"

    def name(self) -> Text:
        return "action_greet"


class ActionOutOfScope(ActionGoodbye):
    """Out of scope outside a complaint (utter_out_of_scope), care first as for a goodbye."""

    response = "utter_out_of_scope"

    def name(self) -> Text:
        return "action_out_of_scope"


class ActionAskAddress(_AskOnce):
    """Where: in the district said already ("请问具体在海淀区的哪个街道、小区或道路？"), else anywhere."""

    slot, response = "address", "utter_ask_address"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        piece = tracker.get_slot("place_piece")
        if _praise(tracker.get_slot("description")) and not tracker.get_slot("address"):
            if not _spoke_this_turn(tracker):  # praise: whose unit, not where a problem is
                dispatcher.utter_message(text="请问被表扬的工作人员在哪个区、哪个街道（社区）或单位？")
            return []
        if piece and not tracker.get_slot("address"):
            if not _spoke_this_turn(tracker):
                dispatcher.utter_message(text=f"请问具体在{piece.removeprefix('北京市')}的哪个街道、小区或道路？")
            return []
        return await super().run(dispatcher, tracker, domain)


# a problem that happened once: asked when it happened, not at what hours it recurs
ONE_OFF_WORDS = re.compile(r"昨天|昨儿|昨晚|前天|前儿|刚才|刚刚|上周|上个?星期|上个?礼拜|今天早上|今早|今天|那天|当时|"
                           r"上个月|前几天|这次|一次")
ONE_OFF_KINDS = re.compile(r"拉肚子|腹泻|食物中毒|吃坏|吃完饭|摔|被打|打人|撞|事故|被偷|丢了|诈骗|被骗|绕道|绕路|多收|"
                           r"拒载|甩客|宰客|骂人")
RECURRING = re.compile(r"每天|天天|每晚|每周|每次|经常|老是|总是|一直|又|反复|常常|三天两头|时不时|隔三差五|"
                       r"晚上都|夜里都|半夜|凌晨|营业|施工|装修|广场舞")


# a problem with no hour to it: money not refunded, a shop gone, a project stalled for months
NO_HOURS = re.compile(r"退不了|退不回|不给退|不退|退钱|退费|退款|年卡|月卡|会员卡|储值卡|预付|跑路|卷款|倒闭|关门了|停业了|"
                      r"停工|不装|没装|烂尾|资金没到位|迟迟|到现在[^，,。]{0,4}(?:年|个月)|[两几一二三四五六七八九十]+年了")
# …unless it is about the hours after all (noise, opening hours, night work)
HOURS_MATTER = re.compile(r"噪音|噪声|吵|扰民|声音|动静|夜|凌晨|晚上|早上|几点|点以后|点之后|营业到|开到")


def _no_hours(text: str) -> bool:
    """Whether ``text`` tells of a problem that has no time of day (健身房关门了退不了钱, 加装电梯两年了不装)."""
    return bool(NO_HOURS.search(text)) and not HOURS_MATTER.search(text)


# "这跟时间没关系啊": said when the time is asked, no time at all
NOT_ABOUT_TIME = re.compile(r"(?:跟|和|与)时间(?:没|无)(?:有)?(?:啥|什么)?关系?|不是时间的(?:问题|事)|没有?(?:固定|具体)(?:的)?时间|"
                            r"不分时间|时间不重要|不是什么时间段|没有?时间段|不存在时间")


def _once(description: str) -> bool:
    """Whether ``description`` tells of something that happened once (昨天中午吃的, 刚才, 食物中毒)."""
    return bool((ONE_OFF_WORDS.search(description) or ONE_OFF_KINDS.search(description))
                and not RECURRING.search(description))


class ActionAskTime(_AskOnce):
    """When: for a one-off event "是什么时候发生的？", else at what hours it happens."""

    slot, response = "time", "utter_ask_time"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if not _spoke_this_turn(tracker):
            once = _once(tracker.get_slot("description") or tracker.get_slot("description_draft") or "")
            dispatcher.utter_message(response="utter_ask_time_once" if once else self.response)
        return []


class ActionAskContact(_AskOnce):
    """Ask for the call-back number, unless the validation just asked for it ("请说一下您的手机号",
    "请再说一遍")."""

    slot, response = "contact", "utter_ask_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                break
            if event.get("event") == "bot" and any(a in (event.get("text") or "") for a in NUMBER_ASKED):
                return []
        return await super().run(dispatcher, tracker, domain)


class ActionAskCategoryChoice(Action):
    """Ask which of the two close readings the citizen means, with buttons."""

    def name(self) -> Text:
        return "action_ask_category_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if _staying(tracker):  # the crisis lines or the anti-fraud advice this turn: no question after them
            return []
        candidates = [c for c in tracker.get_slot("category_candidates") or [] if c][:2]
        if len(candidates) < 2:
            dispatcher.utter_message(response="utter_ask_description")
            return []
        a, b = candidates
        buttons = [{"title": _describe(c), "payload": f'/inform{{"complaint_category":"{c}"}}'}
                   for c in candidates]
        dispatcher.utter_message(text=f"您反映的是{_describe(a)}方面的问题，还是{_describe(b)}方面的问题？",
                                 buttons=buttons)
        return []


class ActionPraise(Action):
    """Praise (表扬, 感谢): thanked, and recorded as a case passed on to the unit of the person praised
    (the API's triage marks it 表扬 and routes it); the form asks only what is missing (whom and where;
    a call-back number, optional), reads back and files. Bare praise ("我要表扬"): whom, for what."""

    def name(self) -> Text:
        return "action_praise"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        said = str((tracker.latest_message or {}).get("text") or "").strip()
        stayed = _stay_outside(dispatcher, tracker, said)
        if stayed is not None:
            return stayed
        # "我想表扬一下，我刚吃了一整瓶安眠药": 120 and the first aid, never 感谢您的肯定 first; praise that
        # tells of a danger past (民警制服了拿着刀砍人的人) keeps the thanks, the triage's advice after them
        danger = await _danger_first(said, dispatcher, tracker, domain, kinds=(SELF_HARM_KIND, FRAUD_KIND))
        if danger is not None:
            return danger
        if _self_harm(said):
            _care(dispatcher, tracker)
            return []
        if len(re.sub(r"\W", "", PRAISE_WORDS.sub("", said))) < 4:
            dispatcher.utter_message(text=PRAISE_ASK_WHO)
            return []
        dispatcher.utter_message(text="感谢您的肯定！我帮您把这份表扬登记下来，转达给被表扬人员所在的单位。")
        slots = await ValidateComplaintForm().validate_description(said, dispatcher, _fresh(tracker), domain)
        slots.pop("requested_slot", None)
        return [*(SlotSet(k, v) for k, v in slots.items()), FollowupAction("complaint_form")]


class ActionAskConfirmation(Action):
    """Read back what will be filed (problem, its chosen reading, place, time) and ask to confirm."""

    def name(self) -> Text:
        return "action_ask_confirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if _staying(tracker) or _said_this_turn(tracker, NO_CONTACT_KEPT_MARK) \
                or _said_this_turn(tracker, OFFER_BACK_MARK):
            # the crisis lines or the anti-fraud advice this turn, or "不留" said again: no read-back after them
            return []
        # the citizen's words as the API masks them: a phone or ID number is never said back
        described = tracker.get_slot('description') or tracker.get_slot('description_draft') or ''
        lines = [f"{'表扬' if _praise(described) else '问题'}：{_shown(described)}"]
        if _stated(tracker):
            lines.append(f"类别：{_describe(_stated(tracker))}")
        lines.append(f"地点：{_shown(tracker.get_slot('address') or '（未提供）')}")
        if tracker.get_slot("time"):
            lines.append(f"时间：{_shown(tracker.get_slot('time'))}")
        if _contact(tracker):
            lines.append(f"联系电话：尾号{_tail(_contact(tracker))}")
        if _secrecy_wished(tracker):
            lines.append("备注：对您的身份保密")
        dispatcher.utter_message(
            text="我确认一下：\n" + "\n".join(lines) + "\n信息正确吗？",
            buttons=[{"title": "正确，提交", "payload": "/affirm"}, {"title": "需要修改", "payload": "/deny"}])
        return []


class ActionAskFixField(Action):
    """After "不对": which part to change (each a button), or not to file at all."""

    def name(self) -> Text:
        return "action_ask_fix_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        parts = ["问题描述"]
        if tracker.get_slot("category_candidates"):
            parts.append("问题类别")
        parts += ["地点", "时间", "电话"]
        dispatcher.utter_message(text=f"请问哪一项需要修改？（{'、'.join(parts)}），或者不提交了？",
                                 buttons=[{"title": p, "payload": f"{p}不对"} for p in parts]
                                 + [{"title": "不提交了", "payload": "不提交了"}])
        return []


def _time_said_instead(said: str, tracker: Tracker) -> Optional[str]:
    """The complaint's time after ``said``, when it only tells a time or how long ("老这样 好几个月了")
    where the contact, place or reading was asked and the intents read it as nothing or a goodbye;
    None otherwise."""
    when = _when(said) if HAS_CHINESE.search(said) else None
    if not when or tracker.get_slot("requested_slot") not in ("contact", "address", "category_choice", "time"):
        return None
    return _with_time(tracker.get_slot("time"), when)


class ActionLeaveForm(Action):
    """The citizen says goodbye in the middle of the complaint: stop, file nothing, say so."""

    def name(self) -> Text:
        return "action_leave_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        said = str((tracker.latest_message or {}).get("text") or "")
        pending = tracker.get_slot("description") or tracker.get_slot("description_draft")
        # a scam still going on ("那我再充最后一次应该就能提出来了吧", read as goodbye): the advice at once,
        # never 抱歉，我没有理解 before it (tester38 F4); a bare "再见" after it is a goodbye
        plain = re.sub(r"\s", "", said)
        leaving = (BYE_SAID.search(plain) or CANCEL_FORM.search(plain)) and not (SCAM_GOING.search(plain)
                                                                                or PAY_AGAIN.search(plain))
        kinds = ("self_harm",) if leaving else ("self_harm", "fraud")
        stayed = _stay_outside(dispatcher, tracker, said, kinds=kinds)
        if stayed is not None:  # after the crisis lines: the lines again, a person offered; the form waits
            if not stayed and tracker.active_loop.get("name"):
                return [FollowupAction(tracker.active_loop["name"])]
            return stayed
        if tracker.active_loop.get("name") and tracker.get_slot("requested_slot"):
            if _withdraw_ambiguous(said, tracker):  # "算了，刚才那个不用处理了": which one, asked
                _ask_which_withdrawn(dispatcher, tracker)
                return [FollowupAction(tracker.active_loop["name"])]
            ended = await _which_outside_form(dispatcher, tracker)
            if ended is not None:  # "都不要了" after which one was asked
                return ended if any(e.get("event") == "active_loop" for e in ended) \
                    else [*ended, FollowupAction(tracker.active_loop["name"])]
            reason = await _withdraw_reason(dispatcher, tracker)
            if reason is not None:  # "不需要了，问题已经解决了" after the withdrawal: its reason, never a goodbye
                return [*reason, FollowupAction(tracker.active_loop["name"])]
        danger = await _danger_first(said, dispatcher, tracker, domain)
        if danger is not None or _self_harm(said):
            # "我不想活了" / "我刚吞了好多药" read as goodbye: the advice or the crisis lines, never a goodbye
            if danger is None:
                _care(dispatcher, tracker)
            if tracker.active_loop.get("name"):
                return [FollowupAction(tracker.active_loop["name"])]
            return danger or []
        if pending and tracker.active_loop.get("name") and _said_last_turn(tracker, PERSON_WAIT_MARK) \
                and (DANGER_OVER.search(plain) or DANGER_PENDING.search(plain)) and not BYE_SAID.search(plain) \
                and not CANCEL_FORM.search(plain.replace("没事了", "")):
            # "好了，警察来了，没事了" after a danger told in the form (read as goodbye): the danger is over,
            # not the complaint; the form takes it up again (我们接着登记 and its question); after the
            # wait for a danger said first too (摔倒了起不来 → 120; 救护车到了，没事了 was 本次反映没有提交)
            waited = ValidateComplaintForm._after_danger_wait(
                said, tracker.get_slot("requested_slot") or "description", tracker, dispatcher)
            return [*(waited or []), FollowupAction(tracker.active_loop["name"])]
        if pending and tracker.active_loop.get("name") and not (BYE_SAID.search(said) or CANCEL_FORM.search(said)):
            # read as goodbye, yet no goodbye said ("俩月了，一直这样"): the complaint is never dropped
            # on a guess; a time said instead is kept ("老这样 好几个月了"), the pending question asked again
            time = _time_said_instead(said, tracker)
            if time:
                dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
                return [SlotSet("time", time), FollowupAction(tracker.active_loop["name"])]
            dispatcher.utter_message(response="utter_please_rephrase")
            return [FollowupAction(tracker.active_loop["name"])]
        if pending:
            dispatcher.utter_message(text="好的，本次反映没有提交。需要时随时再来找我们，或拨打12345。再见！")
        else:
            dispatcher.utter_message(response="utter_goodbye")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *_reset_form()]


class ActionSubmitComplaint(Action):
    """File the confirmed complaint (``POST /v1/cases``); answer with number and department."""

    def name(self) -> Text:
        return "action_submit_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if tracker.get_slot("confirmation") is False:
            said = str((tracker.latest_message or {}).get("text") or "")
            if not (tracker.get_slot("description") or tracker.get_slot("description_draft")) \
                    and _contact_for_own_case(said, tracker):
                # the form ended on a message that only gives the call-back number of the case
                # filed before: added to that case (its ID number never kept nor said back)
                return [*await ActionTakeContact().run(dispatcher, tracker, domain), *_reset_form()]
            described = tracker.get_slot("description") or tracker.get_slot("description_draft")
            reason = await _withdraw_reason(dispatcher, tracker) if not described else None
            if reason is not None:  # the form ended on the reason for a withdrawal just noted (tester37 N6)
                return [*_reset_form(), *reason]
            withdrawn = await _withdraw(dispatcher, tracker) if not described and _withdraws_own_case(said, tracker) \
                else None
            if withdrawn is not None:  # the form opened on "算了，不用处理了，…已经清理了" (tester38 F5)
                return [*_reset_form(), *withdrawn]
            added = await _addition(dispatcher, tracker) if not described else None
            if added is not None:  # the form ended on an addition to a case (ValidateComplaintForm.run)
                return [*_reset_form(), *added]
            told = False
            for event in reversed(tracker.events):  # a place outside Beijing said so this turn already
                if event.get("event") == "user":
                    break
                # (or the complaint in progress dropped when asked which one was meant: _withdraw_which)
                told = told or any(m in (event.get("text") or "") for m in (
                    OUTSIDE_TOLD, WITHDRAWN, IDK_CLOSE, IDK_AFTER, IDK_NOD, MEDICAL_DONE))
            if not told:
                dispatcher.utter_message(response="utter_cancelled")
            return _reset_form()
        description = tracker.get_slot("description") or tracker.get_slot("description_draft")
        if not description:
            dispatcher.utter_message(response="utter_ask_description")
            return _reset_form()
        text = description
        if tracker.get_slot("time"):
            text += f"\n发生时间：{tracker.get_slot('time')}"
        if _secrecy_wished(tracker):  # "我不想让单位知道是我举报的": the handling unit reads it
            text += f"\n{SECRECY_NOTE}"
        if _repeat_said_before(tracker) and REPEATED_NOTE not in text:
            # promised with REPEATED_ASK (并注明多次反映未解决) whichever way the problem came next (tester42 N7)
            text += f"\n{REPEATED_NOTE}"
        dangers = _dangers_told(tracker)  # a gas smell told in the form: a note for the operator, after filing
        title = _title(description, address=tracker.get_slot("address"))
        if tracker.get_slot("contact") == NO_CONTACT:  # "不留": no number in the text becomes the contact
            text, title = _phones_masked(text), _phones_masked(title)
        try:
            case = await _api("create_case", text, address=tracker.get_slot("address"), title=title,
                              category=_stated(tracker), contact=_contact(tracker), flagged=bool(dangers))
        except (ApiUnavailable, ApiError) as e:
            log.warning("bot.case.create_failed %s", e)
            dispatcher.utter_message(response="utter_api_down")
            return []  # keep the slots: "提交" again once the API is back
        for note in dangers:  # the danger apart from the complaint's text, the case flagged (tester43 M3)
            try:
                await _api("add_note", case["number"], "补充", note, case.get("query_code"), _citizen(tracker))
            except (ApiUnavailable, ApiError) as e:  # the case is filed and flagged: an operator opens it
                log.warning("bot.case.danger_note_failed %s", e)
        later = tracker.get_slot("second_issue")
        passed = (f"感谢您的表扬，已为您登记，工单编号 {case['number']}，查询码 {case.get('query_code')}，"
                  f"您的表扬将转达给{_unit(case)}。" if _praise(description) else
                  f"已为您登记，工单编号 {case['number']}，查询码 {case.get('query_code')}，"
                  f"初步判断由{_unit(case)}承办，话务员确认后派单。")
        dispatcher.utter_message(
            text=passed + "请记下编号和查询码，凭它们随时查询进度。"
                 + (f"\n{OFFER_SAID}{_shown(later)}”，需要登记的话请回复“登记”，并说一下在哪里（同一地点也请说明）。"
                    if later else ""))
        # the problem just quoted, with what the next case may inherit (district, call-back number)
        offer = {"text": later, "address": tracker.get_slot("address"), "contact": tracker.get_slot("contact")}
        return [*_reset_form(), SlotSet("case_number", case["number"]), SlotSet("case_id", case["id"]),
                *_own_code(tracker, case["number"], case.get("query_code")),
                *([SlotSet("offered_issue", offer)] if later else [])]


# the wish to withdraw a case filed before (我是要撤销，不用处理了): the bot cannot withdraw a case; it
# flags it for a person (the only change the bot role may make) and says so (tester35 N-M2)
WITHDRAW = re.compile(r"撤销|撤回|撤诉|撤掉|(?:取消|不要)(?:这个|那个|刚才的?|我的|上次的?)?(?:投诉|工单|反映|诉求|单子)|"
                      r"不用(?:再)?(?:处理|办)了|不需要(?:再)?(?:处理|办)了|别(?:再)?(?:处理|办)了")


# the same said plainly enough to open no complaint of its own right after one was filed in the chat
# (算了，不用处理了，垃圾站已经清理了 opened a new form: tester38 F5); 撤销 alone may be a complaint's word
WITHDRAW_PLAIN = re.compile(r"撤销(?:工单|投诉|反映|诉求|刚才|这个|那个|一下)|撤回|"
                            r"(?:取消|不要)(?:这个|那个|刚才的?|我的|上次的?)?(?:投诉|工单|反映|诉求|单子)|"
                            r"不用(?:再)?(?:处理|办)了|不需要(?:再)?(?:处理|办)了|别(?:再)?(?:处理|办)了")


def _withdraws_own_case(said: str, tracker: Tracker) -> bool:
    """Whether ``said`` withdraws the case this chat filed (or read with its code), no number named."""
    ref = tracker.get_slot("own_case") or tracker.get_slot("case_number")
    return bool(WITHDRAW_PLAIN.search(re.sub(r"\s", "", said or "")) and ref
                and (tracker.get_slot("known_codes") or {}).get(ref) and not case_number_in(plain_digits(said)))


# "算了，刚才那个不用处理了" while a second complaint is being filled in, after a case was filed in the
# chat: 刚才那个 may be either; asked which, with buttons (it cancelled the new one, the case kept on)
WITHDRAW_WHICH_MARK = "还是不再反映刚说的"
# the case named as such (工单, its number), never the complaint in progress
CASE_NAMED = re.compile(r"工单|单子|编号|JS\d", re.I)
# the answer: the case filed (撤销, 工单, 前一个), the complaint in progress (不反映了, 这个新的), or both
WHICH_CASE = re.compile(r"工单|单子|编号|刚登记|已经登记|登记的|登记过|前一个|第一个|上一个|之前|前面|撤销|撤回|JS\d", re.I)
WHICH_NEW = re.compile(r"不(?:再|用|想|要)?(?:反映|登记|投诉|报|说)|后一个|第二个|新的|现在(?:这个|说的)|刚说的|正在说的|"
                       r"这次的?|这件")
WHICH_BOTH = re.compile(r"都|两个|两件|全部")
_WHICH_STOP = {"那个", "这个", "不用", "处理", "算了", "刚才", "我家", "还有", "一个", "不要", "没有", "已经", "就是"}


def _withdraw_ambiguous(said: str, tracker: Tracker) -> bool:
    """Whether ``said`` withdraws something without saying whether the case filed in this chat or the
    complaint being filled in (算了，刚才那个不用处理了)."""
    pending = tracker.get_slot("description") or tracker.get_slot("description_draft")
    return bool(pending and tracker.active_loop.get("name") and _withdraws_own_case(said, tracker)
                and not CASE_NAMED.search(said or ""))


def _ask_which_withdrawn(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Which one: the case filed (JS…) or the complaint in progress, with a button for each."""
    ref = tracker.get_slot("own_case") or tracker.get_slot("case_number")
    pending = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
    subject = _title(pending, 16)
    dispatcher.utter_message(text=f"您是要撤销刚登记的工单 {ref}，{WITHDRAW_WHICH_MARK}“{subject}”这件事？",
                             buttons=[{"title": f"撤销工单 {ref}", "payload": "撤销刚登记的工单"},
                                      {"title": "不再反映刚说的这件事", "payload": "刚说的这件不反映了"}])


def _which_withdrawn(said: str, tracker: Tracker) -> Optional[str]:
    """The answer to ``_ask_which_withdrawn``: "case", "new", "both", or None (neither said, or no
    such question in the bot's last turn)."""
    if not _said_last_turn(tracker, WITHDRAW_WHICH_MARK):
        return None
    plain = re.sub(r"\s", "", said or "")
    if WHICH_BOTH.search(plain):
        return "both"
    pending = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
    words = {pending[i:i + 2] for i in range(len(pending) - 1)} - _WHICH_STOP
    new = bool(WHICH_NEW.search(plain) or any(w in plain for w in words if re.fullmatch(r"[\u4e00-\u9fff]{2}", w)))
    case = bool(WHICH_CASE.search(plain)) or (tracker.get_slot("own_case") or "-") in plain
    if case and new:
        return "case" if CASE_NAMED.search(plain) else "new" if not re.search(r"撤销|撤回", plain) else None
    return "case" if case else "new" if new else None


async def _which_outside_form(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """``_withdraw_which`` for an answer the intents send beside the form (a progress query, a goodbye):
    the events, the form ended when the complaint in progress is dropped (no question after it)."""
    which = await _withdraw_which(dispatcher, tracker)
    if which is None:
        return None
    events, ends = which
    if ends:
        return [*events, ActiveLoop(None), *_reset_form(), SlotSet("requested_slot", None),
                FollowupAction("action_listen")]
    return [*events, SlotSet("progress_asked", None)]


async def _withdraw_which(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[tuple]:
    """Act on the answer to which one: the case's withdrawal request, with the words that asked for
    it (算了，刚才那个不用处理了), and the complaint goes on; or the complaint in progress dropped; or
    both. Returns (events, whether the complaint in progress ends); None when the answer says neither."""
    said = str((tracker.latest_message or {}).get("text") or "")
    which = _which_withdrawn(said, tracker)
    if not which:
        return None
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    asked = texts[-2] if len(texts) >= 2 else said
    events: List[EventType] = []
    if which in ("case", "both"):
        events = await _withdraw(dispatcher, tracker, words=asked, pending=which == "case") or []
    if which in ("new", "both"):
        dispatcher.utter_message(text="好的，刚说的这件事不登记了，本次反映没有提交。" + (
            "" if which == "both" else f"刚登记的工单 {tracker.get_slot('own_case')} 照常办理。")
            + "还有其他需要帮忙的吗？")
    return events, which != "case"


FINISHED = ("已办结", "已撤销")  # nothing more happens to such a case (triage.cases.models.FINISHED)


def _withdraw_said(tracker: Tracker, recent: int = 1) -> bool:
    """Whether one of the citizen's last ``recent`` messages wishes a case withdrawn."""
    return _withdraw_words(tracker, recent) is not None


def _withdraw_words(tracker: Tracker, recent: int = 1) -> Optional[str]:
    """The last of the citizen's ``recent`` messages that wishes a case withdrawn."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-recent:]
    return next((t for t in reversed(texts) if WITHDRAW.search(t)), None)


async def _withdraw(dispatcher: CollectingDispatcher, tracker: Tracker,
                    ref: Optional[str] = None, code: Optional[str] = None, words: Optional[str] = None,
                    pending: Optional[bool] = None) -> Optional[List[EventType]]:
    """"我是要撤销，不用处理了" about a case this chat filed or read with its code: the case is
    flagged for an operator, who withdraws it after checking; the citizen is told plainly that the
    case stays as it is until then (no goodbye). None when no such case is known."""
    known = tracker.get_slot("known_codes") or {}
    ref = ref or tracker.get_slot("case_number") or tracker.get_slot("own_case")
    code = code or (known.get(ref) if ref else None)
    if not ref or not code:
        return None
    told = f"您要撤销工单 {ref}"
    if _advised(tracker, told):
        dispatcher.utter_message(text=f"工单 {ref} {WITHDRAW_REPEATED}，核实后会为您办理。"
                                      "还有其他需要帮忙的吗？")
        return [SlotSet("progress_asked", None)]
    # the citizen's own words go to the operator with the wish (the 查询码 left out of them)
    words = (words or _withdraw_words(tracker, 3) or "撤销").replace(code, "").strip() or "撤销"
    try:
        case = await _api("get_case", ref, code, _citizen(tracker))
        if case.get("status") in FINISHED:
            dispatcher.utter_message(text=_progress_line(case))
            return [SlotSet("progress_asked", None)]
        if any(n.get("kind") == "撤销申请" for n in case.get("notes") or []):  # asked before, in any chat
            dispatcher.utter_message(text=f"工单 {ref} 的撤销申请已经记在工单上、转给话务员了，核实后会为您办理。"
                                          "还有其他需要帮忙的吗？")
            return [SlotSet("progress_asked", None)]
        await _api("add_note", case["number"], "撤销申请", words[:2000], code, _citizen(tracker))
        flagged = True
    except (ApiUnavailable, ApiError) as e:
        log.warning("bot.withdraw.note_failed %s", e)
        flagged = False
    if flagged:
        # no reason in the words ("我要撤销工单JS…"): asked for, the answer goes on the case (tester37 N6)
        # in the middle of another complaint its question comes next: one question at a time (tester38 F5)
        if pending is None:
            pending = bool(tracker.active_loop.get("name") and (tracker.get_slot("description")
                                                                or tracker.get_slot("description_draft")))
        ask = WITHDRAW_GO_ON if pending else "" if WITHDRAW_REASON.search(words) else WITHDRAW_REASON_ASK
        dispatcher.utter_message(text=f"好的，{told}。{WITHDRAW_NOTED}，并转给话务员：话务员核实后为您撤销；"
                                      f"在此之前工单保持现在的状态。您也可以拨打12345，说明工单编号 {ref} 要撤销。{ask}")
    else:
        dispatcher.utter_message(text=f"好的，{told}。我这里不能直接撤销工单：请拨打12345，说明工单编号 {ref} "
                                      "和撤销的原因，话务员会为您办理；在此之前工单保持现在的状态。")
    return [SlotSet("progress_asked", None)]


WITHDRAW_NOTED = "您的撤销申请已经记在工单上"
WITHDRAW_REPEATED = "撤销的意愿已经转给话务员了"
WITHDRAW_REASON_ASK = "方便说一下撤销原因吗？（比如问题已经解决了）"
WITHDRAW_REASON_DONE = "撤销原因已经记在工单"
# a reason said with the wish (已经解决了, 不需要了, 搞错了 …)
WITHDRAW_REASON = re.compile(r"解决|处理好|修好|弄好|搞定|拉走|清理了|不需要|没必要|搞错|弄错|误会|重复|私了|协商|和解|"
                             r"因为|原因|已经|自己")


# a reason said as one, right after a withdrawal in the middle of another complaint (已经清理了, 修好了,
# 不需要了, 问题没了); never 已经 alone (已经一个月了 answers the time question)
WITHDRAW_REASON_SAID = re.compile(r"解决了|处理好了|处理完了|修好了|弄好了|搞定了|拉走了|清理了|清走了|清掉了|清理干净|"
                                  r"收拾好了|不需要了|没必要了|问题没了|(?:没有?|不是)问题了|不存在了|(?:已经|都)好了|搞错了|弄错了|"
                                  r"误会|重复(?:了|反映|登记)|私了|协商好|和解|撤销原因|原因是")
WITHDRAW_GO_ON = "我们接着登记您正在反映的问题。"


def _withdraw_reason_awaited(tracker: Tracker) -> Optional[str]:
    """The case whose withdrawal the bot noted in its last turn (before the latest message), when the
    message after it is the reason ("问题已经解决了，村里已经把垃圾拉走了"), never a new complaint; or
    the turn before, its reason asked, when the last turn only said the wish was noted already (撤销刚登记的
    工单 said again: the reason after it was lost, tester43 L1)."""
    users = 0
    repeated = None
    for event in reversed(tracker.events):
        text = event.get("text") or ""
        if event.get("event") == "user":
            users += 1
            if users == (3 if repeated else 2):
                return None
        elif event.get("event") == "bot" and users == 1 and WITHDRAW_NOTED in text:
            m = CASE_NUMBER.search(text)
            return m.group(0) if m else None
        elif event.get("event") == "bot" and users == 1 and WITHDRAW_REPEATED in text:
            m = CASE_NUMBER.search(text)
            repeated = m.group(0) if m else None
        elif event.get("event") == "bot" and users == 2 and WITHDRAW_NOTED in text and WITHDRAW_REASON_ASK in text:
            m = CASE_NUMBER.search(text)
            return repeated if m and m.group(0) == repeated else None
    return None


async def _withdraw_reason(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """The message right after a withdrawal request noted: added to the case as the withdrawal's
    reason (a 撤销申请 note, the 查询码 left out); None when no withdrawal was just noted, or the
    message asks something else (a case number, the wish to file something new)."""
    ref = _withdraw_reason_awaited(tracker)
    said = str((tracker.latest_message or {}).get("text") or "").strip()
    code = (tracker.get_slot("known_codes") or {}).get(ref) if ref else None
    if not ref or not code or not said or case_number_in(plain_digits(said)) \
            or re.fullmatch(r"(?:好的?|嗯|行|谢谢|没有了?|不用了?|不方便|算了|没事)[。！!，,]*", said):
        return None
    # in the middle of another complaint (its question asked after the withdrawal): only a reason said
    # as one (垃圾站已经清理了 at 请问问题发生在哪里 was taken as a second problem: tester41 N4); an
    # answer to the question is the form's
    pending = bool(tracker.active_loop.get("name") and (tracker.get_slot("description")
                                                        or tracker.get_slot("description_draft")))
    if pending and (not WITHDRAW_REASON_SAID.search(re.sub(r"\s", "", said)) or len(said) > 40 or _phone_in(said)):
        return None
    go_on = WITHDRAW_GO_ON if pending else "还有其他需要帮忙的吗？"
    try:
        await _api("add_note", ref, "撤销申请", ("撤销原因：" + said.replace(code, ""))[:2000], code, _citizen(tracker))
    except (ApiUnavailable, ApiError) as e:
        log.warning("bot.withdraw.reason_failed %s", e)
        dispatcher.utter_message(text=f"抱歉，撤销原因暂时没能记上。话务员回访核实时，您可以再说明一下。"
                                      + (WITHDRAW_GO_ON if pending else ""))
        return [SlotSet("progress_asked", None)]
    if pending:
        dispatcher.utter_message(text=f"好的，已把原因补充到工单 {ref} 的撤销申请里，话务员核实时会看到。{go_on}")
    else:
        dispatcher.utter_message(text=f"好的，{WITHDRAW_REASON_DONE} {ref} 上了，话务员回访核实时会看到。{go_on}")
    return [SlotSet("progress_asked", None)]


# -- additions (补充) to a case filed or read before ------------------------------------------------
# "我再补充一下，昨天晚上十一点又开始施工了" / "补充个情况：…" / "JS… 我想补充一点：…": the words go on
# the case as the citizen's 补充 (POST /v1/cases/{ref}/notes), never a complaint of their own. Only
# where the addition word leads the message (补充材料 / 补充协议 inside a complaint are not one), and
# only outside a complaint being filled in (there, more words are more of that complaint).
_ADDITION_WORD = (r"(?:补充|追加)(?!材料|协议|保险|医疗|养老|公积金|证明|资料|合同|条款|申请|规定)"
                  r"(?:说明一下|说一下|说两句|说几句|说明|说|一下|一点儿?|几句|两句|一句|下|点)?"
                  r"(?:个|一个|些|一些|几个|两个|几点|两点)?(?:情况|内容|信息|细节|事儿?)?(?:吧|啊|哈|哦|呀)?")
ADDITION = re.compile(
    r"^[\s，,。：:]*(?:(?:哦|噢|啊|嗯|喂|您好|你好|对了|另外|还有|那个|这个|就是|关于|给|往|对|在|我们|我|那|这|"
    r"再|还要|还想|还得|还|想|要|需要|得|刚才|刚刚|上次|之前|前面|的|那件事|这件事|那件|这件|投诉|工单|反映|诉求|单子|"
    r"问题|事情|事|里|上|就)[，,\s]*)*?" + _ADDITION_WORD + r"[：:，,。！!；;\s]*")
# "还有，那个烧烤摊每天晚上都在，不止周末": more of the case just filed or read only when it points back
# at what that case names (那个烧烤摊 of a case about a 烧烤摊); another problem (还有个事) never is
SAME_CASE_MORE = re.compile(r"^(?:(?:哦|噢|啊|嗯)[，,\s]*)?(?:还有|另外|对了|而且)[，,：:\s]*(?:就是)?"
                            r"(?:刚才|刚刚|上面)?(?:说的|提到的|反映的)?"
                            r"(?:那个|这个|那家|这家|那些|这些|那帮|这帮|那伙|那处|这处)([\u4e00-\u9fff]{2,})")
# "…门口的渣土车也天天堵路", "…旁边还有一个…": something else beside the thing pointed at, a problem of its own
ANOTHER_THING = re.compile(r"也|另外|另一|别的|其他|其它|还有(?:一个|个|一家|家)")
ADDITION_WHICH = ("好的。要补充到哪件工单上？请告诉我工单编号（形如 JS20261128-000001）和登记时给您的6位查询码；"
                  "如果是要反映新的问题，请直接说问题是什么、在哪里。")
ADDITION_ASKED = "请说一下您要补充的内容"
ADDITION_DONE = "已把您补充的内容记到工单"
# the bot's own questions between an addition wished and the case found: its number, its code
_CASE_ASKS = ("要补充到哪件工单上", "请告诉我您的工单编号", "请告诉我登记时给您的6位查询码", "没有找到编号为")
_CASE_ASK_RESPONSES = ("utter_ask_case_number", "utter_ask_query_code")
# answers that are no content for the addition asked for ("不用了", "好的")
_NOT_CONTENT_INTENTS = {"goodbye", "deny", "affirm", "thank", "greet", "request_human", "start_over", "praise"}


def _without_case_number(said: str) -> str:
    """``said`` with its case number (however typed: full-width, JS 2026…, 工单号2026…) left out."""
    text = re.sub(r"[０-９Ａ-Ｚａ-ｚ－]+", lambda m: unicodedata.normalize("NFKC", m.group(0)), said)
    return re.sub(r"(?:工单)?(?:编号|单号|号)?[是为:：]?\s*" + CASE_NUMBER_LOOSE.pattern, " ", text, flags=re.IGNORECASE)


def _addition_wished(said: str) -> Optional[re.Match[str]]:
    """The lead of an explicit addition ("我再补充一下，" "补充个情况：" "JS… 我想补充一点："), or None."""
    return ADDITION.match(_without_case_number(said))


def _addition_text(said: str, code: Optional[str] = None) -> str:
    """What is added: the citizen's words without the case number, the 查询码 and the lead-in."""
    text = _without_case_number(said)
    if code:
        text = re.sub(rf"(?:查询码)?[是为:：]?\s*(?<!\d){re.escape(code)}(?!\d)", " ", text)
    lead = ADDITION.match(text)
    if lead:
        text = text[lead.end():]
    return re.sub(r"\s{2,}", " ", text).strip(" ，,。：:；;、")


def _substantive(text: str) -> bool:
    """Whether ``text`` says something (not 嗯 / 好的 / digits alone)."""
    return bool(HAS_CHINESE.search(text)) and len(re.sub(r"\W", "", FILLER.sub("", text))) >= 3


def _addition_awaited(tracker: Tracker) -> Optional[str]:
    """The case whose addition the bot asked for right before the latest message, or None."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            text = event.get("text") or ""
            found = CASE_NUMBER.search(text) if ADDITION_ASKED in text else None
            return found.group(0).upper() if found else None
    return None


def _pending_addition(tracker: Tracker, recent: int = 3) -> Optional[str]:
    """The citizen's addition wished within the last ``recent`` messages, with nothing said by the
    bot since but its asks for the case's number and code (the progress query's), or None."""
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            if (event.get("metadata") or {}).get("utter_action") not in _CASE_ASK_RESPONSES \
                    and not any(ask in (event.get("text") or "") for ask in _CASE_ASKS):
                return None
        elif event.get("event") == "user":
            users += 1
            text = event.get("text") or ""
            if _addition_wished(text):
                return text
            if users >= recent:
                return None
    return None


def _case_in_chat(tracker: Tracker) -> tuple:
    """The case an addition is about when the citizen names none: the one last filed or read in
    this chat whose code it knows (as for a withdrawal); (None, None) when none."""
    known = tracker.get_slot("known_codes") or {}
    for ref in (tracker.get_slot("case_number"), tracker.get_slot("own_case")):
        if ref and known.get(ref):
            return ref, known[ref]
    return None, None


async def _same_case_more(said: str, tracker: Tracker) -> Optional[tuple]:
    """"还有，那个烧烤摊每天晚上都在，不止周末" after a case about a 烧烤摊 was filed or read: (ref, code);
    None unless the thing pointed at (那个…) is named by that case's text and by no second problem
    offered after it (conservative: anything else is a complaint of its own, as before)."""
    more = SAME_CASE_MORE.match(said)
    if not more or case_number_in(plain_digits(said)) or ANOTHER_THING.search(said[more.start(1):]):
        return None
    ref, code = _case_in_chat(tracker)
    if not ref:
        return None
    thing = more.group(1)[:2]
    offered = (tracker.get_slot("offered_issue") or {}).get("text") or tracker.get_slot("second_issue") or ""
    if thing in offered:
        return None
    try:
        case = await _api("get_case", ref, code, _citizen(tracker))
    except (ApiUnavailable, ApiError) as e:
        log.info("bot.addition.case_unread %s", e)
        return None
    return (ref, code) if thing in f"{case.get('title') or ''}{case.get('text') or ''}" else None


async def _addition_planned(said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
    """What an addition message asks for, outside a complaint: {how, ref, code, content}; how is
    ``awaited`` (the content asked for), ``said`` (补充 said: ref / code None when still to be asked)
    or ``same`` (还有，那个…); None when the message adds nothing to a case."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    known = tracker.get_slot("known_codes") or {}
    number = case_number_in(plain_digits(said))
    wished = _addition_wished(said)
    awaited = _addition_awaited(tracker)
    if awaited and not wished and not number:
        if intent in _NOT_CONTENT_INTENTS or CANCEL_FORM.search(said) or BYE_SAID.search(said) \
                or not _substantive(said) or not known.get(awaited):
            return None
        return {"how": "awaited", "ref": awaited, "code": known[awaited], "content": _addition_text(said, known[awaited])}
    if not wished:
        same = await _same_case_more(said, tracker)
        if not same:
            return None
        content = said[ANOTHER_LEAD.match(said).end():] if ANOTHER_LEAD.match(said) else said
        return {"how": "same", "ref": same[0], "code": same[1], "content": content.strip()}
    ref, code = (number, known.get(number)) if number else _case_in_chat(tracker)
    content = _addition_text(said, code)
    return {"how": "said", "ref": ref, "code": code, "content": content if _substantive(content) else ""}


async def _add_to_case(dispatcher: CollectingDispatcher, tracker: Tracker, ref: str, code: str,
                       content: str) -> List[EventType]:
    """Post ``content`` as the citizen's 补充 on case ``ref`` and say so; a finished case (409) is
    said to be finished, with a new complaint offered; the API down: said so, and 12345."""
    try:
        case = await _api("add_note", ref, "补充", content[:2000], code, _citizen(tracker))
    except Locked:
        dispatcher.utter_message(text="查询码错误次数过多，为保护隐私暂时不能补充，请稍后再试，或拨打12345。")
        return [SlotSet("progress_asked", None)]
    except NotFound:
        dispatcher.utter_message(text=f"暂时查不到工单 {ref}，补充的内容没有记上。请核对编号，或拨打12345补充。")
        return [SlotSet("progress_asked", None)]
    except ApiError as e:
        if e.status == 409:
            status = (((e.detail or {}).get("error") or {}).get("details") or {}).get("status") \
                if isinstance(e.detail, dict) else None
            _say_finished(dispatcher, ref, status or "已办结")
        else:
            log.warning("bot.addition.refused %s", e)
            dispatcher.utter_message(response="utter_api_down")
        return [SlotSet("progress_asked", None)]
    except ApiUnavailable as e:
        log.warning("bot.addition.unavailable %s", e)
        dispatcher.utter_message(response="utter_api_down")
        return [SlotSet("progress_asked", None)]
    shown = _shown(content)
    shown = shown if len(shown) <= 60 else shown[:60] + "…"
    dispatcher.utter_message(text=f"好的，{ADDITION_DONE} {case.get('number') or ref} 上了：“{shown}”。"
                                  "话务员和承办单位处理时都能看到。还有其他需要帮忙的吗？")
    return [SlotSet("progress_asked", None)]


def _say_finished(dispatcher: CollectingDispatcher, ref: str, status: str) -> None:
    dispatcher.utter_message(text=f"工单 {ref} {status}，不能再补充了。如果问题还在或又出现了，我可以帮您重新登记"
                                  "一件新的反映：请说说发生了什么、在哪里。")


def _ask_addition(dispatcher: CollectingDispatcher, ref: str) -> List[EventType]:
    dispatcher.utter_message(text=f"好的，{ADDITION_ASKED}，我记到工单 {ref} 上。")
    return [SlotSet("progress_asked", None)]


async def _addition(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """The citizen adds to a case, outside a complaint: posted when the case's code is known and
    the words say something; the content asked for when only the wish was said (我想补充一下); the
    number and code asked for as a progress query does when the chat knows no case; None when the
    message is no addition."""
    said = str((tracker.latest_message or {}).get("text") or "")
    plan = await _addition_planned(said, tracker)
    if plan is None:
        return None
    ref, code = plan["ref"], plan["code"]
    if not ref:
        dispatcher.utter_message(text=ADDITION_WHICH)
        return [SlotSet("case_number", None), SlotSet("progress_asked", "number")]
    if not code:  # a number without its code: the progress query asks for it, then adds (check_progress)
        return await check_progress(dispatcher, tracker)
    events: List[EventType] = [SlotSet("case_number", ref)] if plan["how"] == "said" else []
    if not plan["content"]:
        try:  # a finished case (已撤销, 已办结) is said so at once, not after the words (tester37 N8)
            case = await _api("get_case", ref, code, _citizen(tracker))
        except (ApiUnavailable, ApiError):
            case = {}
        if case.get("status") in FINISHED:
            _say_finished(dispatcher, ref, case["status"])
            return [*events, SlotSet("progress_asked", None)]
        return [*events, *_ask_addition(dispatcher, ref)]
    return [*events, *await _add_to_case(dispatcher, tracker, ref, code, plan["content"])]


async def check_progress(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Read a case by its number and 查询码 (``GET /v1/cases/{number}``, the code in a header) and say its status;
    the number or code it still needs is asked for (``progress_asked``)."""
    text = plain_digits(tracker.latest_message.get("text") or "")
    said = case_number_in(text)
    known: Dict[str, str] = dict(tracker.get_slot("known_codes") or {})
    code_said = QUERY_CODE.search(CASE_NUMBER_LOOSE.sub(" ", text))
    if said:
        ref = said
    elif tracker.get_slot("progress_asked") == "code" and code_said:  # the code for the number just given
        ref = tracker.get_slot("case_number")
    else:  # "我的工单呢": the case this conversation filed, else the one last asked about
        ref = tracker.get_slot("own_case") or tracker.get_slot("case_number")
        owns = [n for n in (tracker.get_slot("own_cases") or []) if n in known]
        if len(owns) > 1 and not code_said:  # two complaints filed in this chat: both are "mine"
            return await _own_cases_progress(dispatcher, owns, known, _citizen(tracker))
    if not said and not code_said and tracker.get_slot("progress_asked") == "number" and NO_NUMBER.search(text):
        # "我没有编号": the bot cannot look a case up without it; a person can, by the caller's number
        dispatcher.utter_message(text="没有工单编号的话，请拨打12345，话务员可以按您登记时留的电话帮您查询。")
        return [SlotSet("case_number", None), SlotSet("progress_asked", None)]
    if not ref or not CASE_NUMBER.fullmatch(str(ref)):
        dispatcher.utter_message(response="utter_ask_case_number")
        return [SlotSet("case_number", None), SlotSet("progress_asked", "number")]
    # a code this conversation knows (it filed the case, or was told it) counts for that case only
    code = code_said.group(0) if code_said else known.get(ref)
    if not code:  # numbers are sequential: the code shows it is the citizen's own case
        dispatcher.utter_message(response="utter_ask_query_code")
        return [SlotSet("case_number", ref), SlotSet("progress_asked", "code")]
    try:
        case = await _api("get_case", ref, code, _citizen(tracker))
    except Locked as e:
        minutes = max(1, -(-int(((e.detail.get("error") or {}).get("details") or {}).get("retry_after") or 900) // 60))
        dispatcher.utter_message(text=f"查询码错误次数过多，为保护隐私，请{minutes}分钟后再查询，或拨打12345。")
        return [SlotSet("case_number", None), SlotSet("progress_asked", None)]
    except NotFound:  # an unknown number and a wrong code read alike; the next code is for it
        dispatcher.utter_message(text=f"没有找到编号为 {ref}、查询码相符的工单。请核对后再告诉我查询码，"
                                      "或重新发送编号和查询码。")
        return [SlotSet("case_number", ref), SlotSet("progress_asked", "code")]
    except (ApiUnavailable, ApiError) as e:
        log.warning("bot.case.read_failed %s", e)
        dispatcher.utter_message(response="utter_api_down")
        return [SlotSet("case_number", ref), SlotSet("progress_asked", None)]
    events = [SlotSet("case_number", case["number"]), SlotSet("case_id", case["id"]),
              *_known_code(tracker, case["number"], code), SlotSet("progress_asked", None)]
    wished = _pending_addition(tracker)
    if wished is not None:  # "我想补充一下…" then the number and code: the addition, not the status
        if case.get("status") in FINISHED:
            _say_finished(dispatcher, case["number"], case["status"])
            return events
        content = _addition_text(wished, code)
        if not _substantive(content):
            return [*events, *_ask_addition(dispatcher, case["number"])]
        return [*events, *await _add_to_case(dispatcher, tracker, case["number"], code, content)]
    if case.get("status") not in FINISHED and _withdraw_wished(text, tracker):
        # "我想撤销刚才的工单" (read as a progress query), or "…JS…" then the code: the wish is the
        # answer, no status block before it (it said the case's status, then the withdrawal: round 11 P11)
        return [*events, *(await _withdraw(dispatcher, tracker, case["number"], code) or [])]
    said_next = NEXT_STEPS.search(text) and case.get("status") not in FINISHED
    dispatcher.utter_message(text=_progress_line(case) + (f"\n{_next_steps(case)}" if said_next else ""))
    return events


# "撤销了吗" / "撤掉了没有": a question about the withdrawal, answered with the status
WITHDRAW_ASKED = re.compile(r"撤(?:销|回|掉)?(?:成功|好|完)?了(?:吗|没|么|嘛)|撤(?:销|回|掉)?(?:成功|好|完)?没有|"
                            r"撤(?:销|回)(?:得|的)?怎么样|撤(?:销|回)(?:进度|结果)")


def _withdraw_wished(text: str, tracker: Tracker) -> bool:
    """Whether a progress read is the wish to withdraw the case: said now, or said before the number
    or code the bot then asked for (``progress_asked``); a question about the withdrawal is none."""
    if WITHDRAW_ASKED.search(re.sub(r"\s", "", text or "")):
        return False
    return bool(WITHDRAW.search(text or "") or (tracker.get_slot("progress_asked") and _withdraw_said(tracker, recent=3)))


async def _own_cases_progress(dispatcher: CollectingDispatcher, owns: List[str],
                              known: Dict[str, str], citizen: str) -> List[EventType]:
    """Each case this conversation filed, one line each (oldest first)."""
    lines = []
    for number in owns:
        try:
            case = await _api("get_case", number, known[number], citizen)
        except (ApiUnavailable, Locked):
            dispatcher.utter_message(response="utter_api_down")
            return [SlotSet("progress_asked", None)]
        except (NotFound, ApiError) as e:  # deleted by staff, say: the others are still told
            log.warning("bot.case.read_failed %s %s", number, e)
            lines.append(f"工单 {number}：暂时查不到，请拨打12345查询。")
            continue
        lines.append(_progress_line(case))
    dispatcher.utter_message(text=f"您在本次对话中登记了 {len(owns)} 件工单：\n" + "\n".join(lines))
    return [SlotSet("progress_asked", None)]


class ActionCheckProgress(Action):
    """Say a case's status (``check_progress``)."""

    def name(self) -> Text:
        return "action_check_progress"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        text = str((tracker.latest_message or {}).get("text") or "")
        requested = tracker.get_slot("requested_slot")
        if not case_number_in(plain_digits(text)):
            stayed = _stay_outside(dispatcher, tracker, text)
            if stayed is not None:  # "那我现在怎么办" after the anti-fraud advice: the advice, never
                return stayed       # "请告诉我您的工单编号" (tester37 N8)
        if tracker.active_loop.get("name") and requested and not case_number_in(plain_digits(text)) \
                and DANGER_OVER.search(re.sub(r"\W", "", text)) \
                and (_said_last_turn(tracker, FORM_WAIT_MARK) or _said_last_turn(tracker, PERSON_WAIT_MARK)):
            # "已经处理了" while a danger told in the form waits: the danger over (as 处理好了), never a
            # case query; the form's question follows (tester45 N-b)
            resumed = ValidateComplaintForm._after_danger_wait(text, requested, tracker, dispatcher)
            if resumed is not None:
                return [*resumed, SlotSet("progress_asked", None)]
        if tracker.active_loop.get("name") and requested and _hotline_called(text):
            # "我已经打了96777了" read as a progress query: a hotline called, no case (tester42 N3)
            _hotline_answer(dispatcher, tracker)
            return [SlotSet("progress_asked", None)]
        if tracker.active_loop.get("name") and requested in ("contact", "confirmation", "fix_field") \
                and _phone_in(text) and not case_number_in(plain_digits(text)):
            # "打我手机138…或者我爱人的139…都行" read as a progress query: the number asked for (or
            # given at the read-back), never a request for a case number; the form goes on
            phones = _phones_in(text)
            slots: Dict[Text, Any] = {"contact": phones[0], **_with_spare(tracker.get_slot("description"), phones)}
            if requested != "contact":  # read back again with it
                slots.update({"confirmation": None, "fixing": None, "fix_field": None})
            return [SlotSet(k, v) for k, v in slots.items()]
        if tracker.active_loop.get("name") and requested and not case_number_in(plain_digits(text)) \
                and (NOT_FILED_YET.search(text) or NEXT_STEPS.search(text) and not EARLIER_CASE.search(text)):
            # "你们多久能给处理啊？" / "我还没提交呢" in the middle of the complaint: about this one, not
            # yet filed; the steps to come are told and the form goes on (its question asked again)
            dispatcher.utter_message(text=NOT_FILED_TOLD if NOT_FILED_YET.search(text) else WHEN_DONE_TOLD)
            return [SlotSet("progress_asked", None)]
        if tracker.active_loop.get("name") and requested:
            ended = await _which_outside_form(dispatcher, tracker)
            if ended is not None:  # "撤销刚登记的工单" (read as a progress query) after which one was asked
                return ended
        added = await _addition(dispatcher, tracker) if not tracker.active_loop.get("name") else None
        if added is not None:  # "JS… 我想补充一点：…": added to that case (its code asked for if need be)
            return added
        events = await check_progress(dispatcher, tracker)
        if tracker.active_loop.get("name") and not (tracker.get_slot("description")
                                                    or tracker.get_slot("description_draft")) \
                and any(WITHDRAW_REASON_ASK in (m.get("text") or "") for m in dispatcher.messages):
            # "我是说刚才那个工单不用处理了" in a form that holds no complaint yet (it opened on an angry
            # line): the form ends, the withdrawal's reason is the one question (tester38 F5)
            return [*events, ActiveLoop(None), *_reset_form(), SlotSet("requested_slot", None),
                    FollowupAction("action_listen")]
        return events


# "我还是要提交" / "算了还是留个电话吧": the citizen takes back a 不提交 or a 不留 just said
RESUME_FILING = re.compile(r"还是(?:要|想|得|给我|帮我)?(?:提交|登记|反映|报上去|交上去|报一下|投诉)|(?:提交|登记)吧")
RESUME_CONTACT = re.compile(r"还是(?:要|想|得)?(?:留|给)(?:一?个|下)?(?:电话|号码|手机号?|联系方式)")
READ_BACK = "我确认一下："
WITHDRAWN = "本次反映没有提交"


def _withdrawn(tracker: Tracker) -> Optional[Dict[Text, Any]]:
    """The complaint read back, then withdrawn (不提交了) with nothing filed or read back since:
    its slots as they were at the read-back, replayed from the events; None when not known."""
    values: Dict[Text, Any] = {}
    read: Optional[Dict[Text, Any]] = None
    withdrawn = None
    for e in tracker.events:
        if e.get("event") == "slot":
            values[e.get("name")] = e.get("value")
        elif e.get("event") == "bot":
            text = e.get("text") or ""
            if text.startswith(READ_BACK):
                read, withdrawn = {s: values.get(s) for s in FORM_SLOTS}, None
            elif WITHDRAWN in text and read is not None:
                withdrawn = read
            elif text.startswith("已为您登记"):
                read = withdrawn = None
    if not withdrawn or not (withdrawn.get("description") or withdrawn.get("description_draft")):
        return None
    return withdrawn


def _anything_done(tracker: Tracker) -> bool:
    """Whether this conversation filed or read a case, or the bot asked something of its own."""
    return bool(tracker.get_slot("own_case") or tracker.get_slot("case_number")
                or any(e.get("event") == "bot" and "还有其他需要帮忙" in (e.get("text") or "") for e in tracker.events))


class ActionAnythingElse(Action):
    """"好的" / "没有了" outside a complaint: anything else? (or goodbye); a number or code the bot
    was waiting for is no longer awaited."""

    def name(self) -> Text:
        return "action_anything_else"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        text = tracker.latest_message.get("text") or ""
        stayed = _stay_outside(dispatcher, tracker, text)
        if stayed is not None:  # "好" to the person offered with the crisis lines; more of the scam
            return stayed
        if _english_yes(text, tracker):  # "yes" to the person the English note offered (round 11 #4)
            return [FollowupAction("action_handoff")]
        danger = await _danger_first(text, dispatcher, tracker, domain)
        if danger is not None:  # "没有了，我刚吞了好多药": 120 and the first aid, never a goodbye
            return [*danger, SlotSet("progress_asked", None)]
        if _self_harm(text):  # "没有了，我不想活了": care and the crisis lines, never a goodbye
            _care(dispatcher, tracker)
            return [SlotSet("progress_asked", None)]
        withdrawn = await _withdraw(dispatcher, tracker) if WITHDRAW.search(text) else None
        if withdrawn is not None:  # "不用处理了，撤销吧" about the case just read: passed on, no goodbye
            return withdrawn
        reason = await _withdraw_reason(dispatcher, tracker)
        if reason is not None:  # "对，已经解决了" after the withdrawal was noted: its reason (tester37 N6)
            return reason
        added = await _addition(dispatcher, tracker)
        if added is not None:  # "好，我再补充一点：…": added to the case
            return added
        if tracker.get_slot("progress_asked") == "number" and NO_NUMBER.search(text):  # "没有编号"
            return await check_progress(dispatcher, tracker)
        taken = await _offer_slots(text, tracker, dispatcher, domain) \
            if intent == "affirm" or _other_asked(text) else None
        if taken is not None:  # "好的，登记一下": the second problem quoted after filing
            return [*(SlotSet(k, v) for k, v in taken.items()), SlotSet("progress_asked", None),
                    FollowupAction("complaint_form")]
        resumed = await _resumed(text, tracker, dispatcher, domain)
        if resumed is not None:  # "哎不对，我还是要提交": never a goodbye
            return resumed
        if _idk_closed(tracker):  # "不知道" after 这次先不登记了: no question again and again (tester43 L2)
            _after_idk_close(dispatcher, tracker)
            return [SlotSet("progress_asked", None)]
        if UNSURE.search(text) and not _anything_done(tracker):
            # "不知道" before anything was asked or done: help on, no goodbye
            dispatcher.utter_message(response="utter_ask_what")
            return [SlotSet("progress_asked", None)]
        done = intent == "deny" or re.search(r"没有了|没了|没事|不用了|不需要", text)
        dispatcher.utter_message(response="utter_goodbye" if done else "utter_anything_else")
        return [SlotSet("progress_asked", None)]


async def _resumed(text: str, tracker: Tracker, dispatcher: CollectingDispatcher,
                   domain: DomainDict) -> Optional[List[EventType]]:
    """A 不提交 or 不留 taken back ("我还是要提交", "算了还是留个电话吧"): the complaint just read
    back and withdrawn is filed as read back; a call-back number is asked for the case just filed;
    None when nothing was taken back."""
    if RESUME_FILING.search(text) or RESUME_CONTACT.search(text):
        withdrawn = _withdrawn(tracker)
        if withdrawn:
            slots = {**withdrawn, "confirmation": True}
            if RESUME_CONTACT.search(text) and not _contact(_with(tracker, **slots)):
                # the number first, then the read-back again (with it) before filing
                dispatcher.utter_message(text=ASK_NUMBER)
                return [*(SlotSet(k, v) for k, v in {**slots, "contact": None, "confirmation": None}.items()),
                        SlotSet("requested_slot", "contact"), FollowupAction("complaint_form")]
            events = await ActionSubmitComplaint().run(dispatcher, _with(tracker, **slots), domain)
            return [SlotSet("progress_asked", None), *events]
    if RESUME_CONTACT.search(text):
        own = tracker.get_slot("own_case")
        if own and (tracker.get_slot("known_codes") or {}).get(own):
            dispatcher.utter_message(text=f"好的，请说一下您的手机号（座机请带区号），我记在工单 {own} 上。")
            return [SlotSet("contact_asked", True), SlotSet("progress_asked", None)]
        dispatcher.utter_message(text="好的，请先说说发生了什么事、在哪里，登记时再留电话。")
        return [SlotSet("progress_asked", None)]
    return None


# a call-back number as said (NFKC, spoken digits as digits first): a mobile, or a landline with
# its extension when one is said (010-84561234转8001, 分机8001)
PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d(?:[\s-]?\d{4}){2}|(?:0\d{2,3}[\s-]?\d{3,4}[\s-]?\d{4}|[2-9]\d{3}[\s-]?\d{4})"
                   r"(?:\s*(?:转分机|分机|转)号?\s*\d{1,6})?)(?!\d)")


def _dialed(found: str) -> str:
    """A number as found by ``PHONE``, as it is stored: digits, and 转 before an extension
    (010-84561234 分机 8001 → 01084561234转8001)."""
    return re.sub(r"(?:转分机|分机|转)号?", "转", re.sub(r"[\s-]", "", found))


def _tail(number: str) -> str:
    """How a stored number is read back: its last four digits, and its extension (1234转8001), and
    the note said with it (2222（白天打，晚上别打）)."""
    dialed = re.match(r"[0-9]+(?:转[0-9]+)?", number)
    number, note = (dialed.group(0), number[dialed.end():]) if dialed else (number, "")
    main, _, extension = number.partition("转")
    return main[-4:] + (f"转{extension}" if extension else "") + note


_ASK_CONTACT = "为方便坐席回电，请留下您的联系电话（不方便可以说“不用”）。"


class ActionHandoff(Action):
    """Hand over to a human operator; the case (filed now if need be) is flagged for them."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        said = re.sub(r"\s", "", str((tracker.latest_message or {}).get("text") or ""))
        if REFUSE_PERSON.search(said):
            # "别给我转人工，我不想跟任何人说话" (read as a wish for a person): refusing one is never a
            # hand-off; in danger the bot stays with the lines, no phone question, nothing filed
            # (tester37 N1); otherwise it goes on where it was (the form's question asked again)
            draft = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
            if _hold(tracker) == "self_harm" or _self_harm(said) or _self_harm(draft):
                if not _said_this_turn(tracker, CRISIS_MARK):
                    dispatcher.utter_message(text=SELF_HARM_NO_PERSON)
            elif tracker.active_loop.get("name"):
                dispatcher.utter_message(text="好的，不转人工，我们接着登记。")
            else:
                dispatcher.utter_message(text="好的，不转人工。有什么需要反映或查询的，直接告诉我就行。")
            return []  # in the form, the form follows (its validation keeps this message out)
        events: List[EventType] = []
        if tracker.active_loop.get("name"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        draft = tracker.get_slot("description") or tracker.get_slot("description_draft")
        draft = None if _filler(draft) else draft  # "嗯" is nobody's complaint (tester38 F1)
        if not draft and tracker.get_slot("address") and _crisis_in_chat(tracker):
            # the wish to die and where the person is (CRISIS_WHERE: 地址会一起转给坐席): the operator gets both
            draft = next((e.get("text") for e in reversed(tracker.events)
                          if e.get("event") == "user" and _self_harm(e.get("text") or "")), None)
        if await _handoff_danger(said, dispatcher, tracker):
            # "给我转人工，我刚吃了一整瓶安眠药": 120 and the first aid before the hand-off, and the operator
            # who takes over reads the danger on the case (the message filed, or added to the complaint)
            original = str((tracker.latest_message or {}).get("text") or "").strip()
            draft = f"{draft}\n{original}" if draft and original not in draft else (draft or original)
        number = code = None
        contact = None  # the case's contact (masked), if it has one
        try:
            if draft:  # mid-complaint: file what we have, flagged, so the operator sees it
                title = _title(draft, address=tracker.get_slot("address"))
                if tracker.get_slot("time"):
                    draft += f"\n发生时间：{tracker.get_slot('time')}"
                if _secrecy_wished(tracker):
                    draft += f"\n{SECRECY_NOTE}"
                if tracker.get_slot("contact") == NO_CONTACT:  # "不留": nor a number in the text
                    draft, title = _phones_masked(draft), _phones_masked(title)
                # 海淀区, at least; never a filler ("嗯" was a filed case's address: tester38 F1)
                address = next((a for a in (tracker.get_slot("address"), tracker.get_slot("place_piece"))
                                if a and not _filler(a)), None)
                case = await _api("create_case", draft, address=address,
                                  title=title, flagged=True, category=_stated(tracker), contact=_contact(tracker))
                number, code, contact = case["number"], case.get("query_code"), case.get("contact")
                events += [SlotSet("case_number", number), SlotSet("case_id", case["id"]),
                           *_own_code(tracker, number, code)]
            elif (tracker.get_slot("own_case") or tracker.get_slot("case_number")) in (tracker.get_slot("known_codes") or {}):
                # the case this conversation filed (or read with its code): flag it for the operator
                ref = tracker.get_slot("own_case") or tracker.get_slot("case_number")
                code = (tracker.get_slot("known_codes") or {})[ref]
                case = await _api("get_case", ref, code, _citizen(tracker))
                await _api("flag_case", case["number"], case.get("version"), code, _citizen(tracker))
                number, contact = case["number"], case.get("contact")
        except (ApiUnavailable, ApiError) as e:  # the bot role may not PATCH: the operator still takes over
            log.warning("bot.handoff.flag_failed %s", e)
        if number:
            told = f"（查询码 {code}）" if draft and code else ""
            ask = "" if contact else _ASK_CONTACT  # an operator who cannot call back cannot help
            dispatcher.utter_message(text=f"好的，已为您转接人工坐席，工单 {number}{told}已标记为人工处理，"
                                          f"坐席会尽快与您联系。{ask}")
            if ask:
                events.append(SlotSet("contact_asked", True))
        else:
            dispatcher.utter_message(text="好的，正在为您转接人工坐席，请稍候。您也可以直接拨打12345。")
        return [*events, *_reset_form()]


# the words of a wish for a person (给我转人工, 我要找人工客服): what is left of a message names a danger or not
HANDOFF_WORDS = re.compile(r"给我|帮我|我要|我想|请|麻烦|赶紧|马上|快|转|人工|客服|坐席|真人|接|找|服务|一下|吧|啊|呢|了|你们|我")


async def _handoff_danger(said: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A danger said with a wish for a person (给我转人工，我刚吃了一整瓶安眠药): its advice said first
    (120 and the first aid, the crisis lines, the anti-fraud advice, 110), once a conversation; the
    hand-off follows, since a person was asked for. Whether the message names a danger."""
    plain = re.sub(r"\W", "", said)
    if len(HANDOFF_WORDS.sub("", plain)) < 3:  # "转人工", "我要找人工客服": no triage
        return False
    try:
        urgent = (await _api("urgency", said)).get("urgent") or {}
    except (ApiUnavailable, ApiError):
        urgent = {}
    advice = urgent.get("advice")
    if urgent.get("kind") == FRAUD_KIND:
        advice = FRAUD_ADVICE
    elif not advice and _self_harm(said):
        advice = SELF_HARM_ADVICE
    if not advice:
        return False
    if not _advised(tracker, advice) and not _said_this_turn(tracker, advice):
        dispatcher.utter_message(text=advice)
    return True


async def _started_over(dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> Optional[Dict[Text, Any]]:
    """The new complaint's slots when the latest message starts over with it ("我重新说一下，是…",
    "重新开始吧，我要反映的是…"): every slot of the old one emptied, what follows checked as a first
    description; None when the message does not start over with something."""
    lead = RESTART_LEAD.match(str((tracker.latest_message or {}).get("text") or "").strip())
    if not lead or len(re.sub(r"\W", "", lead.group(1))) < MIN_CHARS:
        return None
    dispatcher.utter_message(text="好的，按您重新说的登记。")
    slots = {**{s: None for s in FORM_SLOTS},
             **await ValidateComplaintForm().validate_description(lead.group(1), dispatcher, _fresh(tracker), domain)}
    slots.pop("requested_slot", None)
    return slots


class ActionStartOver(Action):
    """"重新开始": what was said of the complaint so far is dropped (nothing filed), the cases this
    conversation filed or read are still known; the bot asks what the problem is."""

    def name(self) -> Text:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        # the loop is ended in every case (rules.yml: the rules after this action agree on it)
        events: List[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None), *_reset_form(),
                                   SlotSet("progress_asked", None)]
        pending = tracker.get_slot("description") or tracker.get_slot("description_draft")
        slots = await _started_over(dispatcher, tracker, domain)
        if slots is not None:  # "重新开始吧，我要反映的是…": the form starts again with what follows
            return [*events, *(SlotSet(k, v) for k, v in slots.items()), FollowupAction("complaint_form")]
        dispatcher.utter_message(text="好的，我们重新开始" + ("，刚才的内容不会提交" if pending else "")
                                      + "。请问您要反映什么问题？请说说发生了什么事、在哪里。")
        return events


# words of a question that say nothing of its subject (请问…需要什么材料)
_ASKING = re.compile(r"请问|咨询|一下|我想|想问|问一下|了解|怎么|如何|什么|哪些|哪里|多少|需要|能不能|可以|是否|"
                     r"有没有|办理|申请|材料|手续|规定|政策|条件|标准|的|吗|呢|了|去")


# "我就是问问政策，不是投诉": a question, no complaint (the complaint form is left)
JUST_ASKING = re.compile(r"不是(?:要|想)?(?:投诉|反映|举报|告状)|不(?:想|要|用)(?:投诉|举报|登记)|"
                         r"(?:就是|只是|就|只)(?:想)?(?:问问|问一下|咨询|了解|打听)|问问(?:政策|而已)|咨询(?:一下)?而已")
_NOT_A_SUBJECT = re.compile(r"你好|您好|喂|请问|我|就是|只是|就|只|想|要|问问|问一下|咨询|了解|打听|一下|政策|规定|情况|而已|罢了|不是|"
                            r"投诉|反映|举报|告状|登记|不|用|的|了|啊|呀|吧|嗯|个|那个|这个")


def _own_subject(text: str) -> bool:
    """Whether ``text`` names what it asks about (社保断缴, 公积金提取), not only that it asks."""
    return len(re.sub(r"[^\u4e00-\u9fff]", "", _NOT_A_SUBJECT.sub("", text))) >= 2


def _subject_pairs(question: str) -> set:
    """The two-character pieces of a question's subject (灵活就业人员社保 → 灵活, 活就, 就业 …)."""
    subject = _ASKING.sub("，", question)
    return {subject[i:i + 2] for i in range(len(subject) - 1)
            if HAS_CHINESE.fullmatch(subject[i]) and HAS_CHINESE.fullmatch(subject[i + 1])}


def _speaks_to(question: str, text: str) -> bool:
    """Whether an article shares enough of the question's subject to be quoted: four pieces, or
    all of three (公积金…提取); 新生儿 and 户口 in an article on 新生儿登记 are not 上户口."""
    pairs = _subject_pairs(question)
    shared = sum(1 for p in pairs if p in text)
    return shared >= 4 or (shared >= 3 and shared == len(pairs))


# the public hotlines of the units that answer questions (the unit's name or the question's words)
HOTLINES = (
    (r"人力社保|人社|社保|养老保险|失业|劳动", "人力社保", "12333"),
    # 医保 has its own line: 12393 (医疗保障服务热线, 市医保局), not 人力社保's 12333 (tester36 L6)
    (r"医保|医疗保险|医疗保障|新农合", "医保服务", "12393"),
    (r"公积金", "住房公积金", "12329"),
    (r"燃气|煤气|天然气", "燃气服务", "96777"),
    (r"市场监管|消费|价格|食品|商家|退款", "市场监管", "12315"),
    (r"生态环境|环保|污染|排放", "生态环境", "12369"),
)


async def _danger_said(said: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict, kinds: Optional[tuple] = (FRAUD_KIND, SELF_HARM_KIND)
                       ) -> Optional[List[EventType]]:
    """A danger said where the intents read a question, a goodbye, thanks or something out of scope:
    its advice first, never the answer those get; outside the form it starts with the message as its
    description (the advice, no question asked: the bot stays); in the form the advice only. ``kinds``
    the triage's urgent kinds that count (None: any). None when there is no such danger (the triage's
    urgent, SELF_HARM)."""
    try:
        result = await _api("urgency", said)   # the danger check alone: no encoder pass per answer
    except (ApiUnavailable, ApiError):
        result = {}
    urgent = _own_advice(result.get("urgent"), said) or {}
    kind = urgent.get("kind")
    if not (kind and (kinds is None or kind in kinds)) and not _self_harm(said):
        return None
    if tracker.active_loop.get("name"):
        if kind == FRAUD_KIND:
            if not _said_this_turn(tracker, FRAUD_MARK):
                dispatcher.utter_message(text=FRAUD_ADVICE + FRAUD_STAY)
        elif kind == SELF_HARM_KIND and urgent.get("advice") and urgent["advice"] != SELF_HARM_ADVICE \
                and not _advised(tracker, urgent["advice"]):
            dispatcher.utter_message(text=urgent["advice"])  # 120 and the first-aid step (吞药, 割腕)
        elif kind in PERSON_KINDS and urgent.get("advice") and not _advised(tracker, urgent["advice"]):
            dispatcher.utter_message(text=_person_advice(urgent["advice"], bool(tracker.get_slot("address"))))
        elif kind and kind != SELF_HARM_KIND and urgent.get("advice") and not _advised(tracker, urgent["advice"]):
            dispatcher.utter_message(text=urgent["advice"])
        else:
            _care(dispatcher, tracker)
        return []
    slots = await ValidateComplaintForm().validate_description(said, dispatcher, tracker, domain)
    return [*(SlotSet(k, v) for k, v in slots.items()), FollowupAction("complaint_form")]


# an act of self-harm already done (割腕, 吞了药, 把煤气打开了): 120 and its first-aid step come first,
# the triage's advice for it (nlu/urgency.py), never the care alone (tester38 F2)
FIRST_AID_ACT = re.compile(r"割腕|割了|划了|割伤|划伤|(?:吞|吃|喝|服)(?:了|下)|煤气|燃气|天然气|农药|老鼠药")


async def _danger_first(said: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict, kinds: Optional[tuple] = None) -> Optional[List[EventType]]:
    """Any danger the triage names in a message the intents read as a goodbye, thanks, a greeting,
    out of scope or not understood (我吃了一整瓶安眠药 got 这个问题我帮不上忙: tester38 F2): its advice
    first (``_danger_said``); None when there is none. A few characters (再见, 谢谢) name none and
    are not sent; the wish to die said alone keeps the caller's care. ``kinds``: the triage's urgent
    kinds that count (None: any)."""
    if _medical_signs(said, tracker, dispatcher):  # "她吐了" read as a goodbye: 120 again, the bot waits
        return []
    plain = re.sub(r"\W", "", said or "")
    if len(plain) < 4 or (_self_harm(plain) and not FIRST_AID_ACT.search(plain)):
        return None
    return await _danger_said(said, dispatcher, tracker, domain, kinds=kinds)


class ActionAnswerConsultation(Action):
    """A question about a policy or procedure (咨询): which unit answers it, and the article that
    speaks to it when one shares enough of its words; how to raise a problem instead."""

    def name(self) -> Text:
        return "action_answer_consultation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        question = str((tracker.latest_message or {}).get("text") or "").strip()
        events: List[EventType] = []
        stayed = _stay_outside(dispatcher, tracker, question)
        if stayed is not None:  # "我该怎么办" while a scam goes on: the advice again, no policy answer
            return stayed
        danger = await _danger_said(question, dispatcher, tracker, domain)
        if danger is not None:  # "医保卡被冻结了，要我转账解冻": a scam, never a 医保 answer (tester36 H3)
            return danger
        side = _side_answer(question)
        if side and (side != PENALTY_TOLD or tracker.active_loop.get("name") or ABOUT_THIS.search(question)):
            # "为什么要留电话？会不会泄露我的信息", "这种情况能罚款吗": the case at hand, no policy to look up
            dispatcher.utter_message(text=side)
            if side.startswith("可以。") and tracker.active_loop.get("name") \
                    and tracker.get_slot("requested_slot") == "contact":
                return [SlotSet("contact", NO_CONTACT)]  # "不留可以吗" where the number was asked: 不留
            return events
        if tracker.active_loop.get("name") and JUST_ASKING.search(question):
            # "我就是问问政策，不是投诉": no complaint to file; the question said before is the one
            # to answer (when this message names none of its own)
            pending = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
            events = [ActiveLoop(None), SlotSet("requested_slot", None), *_reset_form(),
                      FollowupAction("action_listen")]
            if _own_subject(question):
                pass
            elif _own_subject(pending):
                question = pending
            else:
                dispatcher.utter_message(text="好的，不登记投诉。请问您想咨询哪方面的政策？请直接说出您的问题。")
                return events
        elif not _own_subject(question):
            # "我就是问问政策，不是投诉" after a question answered (社保断缴…): that question's unit,
            # never the triage's guess for words that name no subject; with none before, ask which
            earlier = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][:-1]
            before = next((t for t in reversed(earlier) if _own_subject(t)), None)
            if not before:
                dispatcher.utter_message(text="好的。请问您想咨询哪方面的政策？请直接说出您的问题。")
                return events
            question = before
        try:
            result = await _api("triage", question)
        except (ApiUnavailable, ApiError) as e:
            log.info("bot.consult.unavailable %s", e)
            result = {}
        unit = _department_name(result) if result.get("departments") else None
        cited = next((r for r in result.get("regulations") or []
                      if r.get("text") and _speaks_to(question, r["text"])), None)
        parts = [f"这类问题一般由{unit}负责解答。" if unit else "政策和办事咨询可以拨打12345，由话务员为您解答。"]
        if cited:
            # the paragraph that speaks to the question (第五十八条's second, on 灵活就业人员)
            paragraphs = [re.sub(r"^第[^ ]+条\s*", "", p).strip() for p in cited["text"].split("\n") if p.strip()]
            pairs = _subject_pairs(question)
            body = max(paragraphs, key=lambda p: sum(1 for x in pairs if x in p))
            body = body if len(body) <= 100 else body[:100].rstrip("，,；;。") + "……"
            inner = str(cited["law"]).replace("《", "〈").replace("》", "〉")  # a title inside a title
            parts.append(f"可参考《{inner}》{cited['article']}：{body}")
        # a 12345 user is never sent to 12345: the unit's own hotline where it has one
        hotline = next((f"{name}热线{number}" for words, name, number in HOTLINES
                        if re.search(words, f"{unit or ''}{question}")), None)
        parts.append("具体办理以主管部门的规定为准" + (f"，也可拨打{hotline}咨询。" if hotline else "。")
                     + "如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")
        dispatcher.utter_message(text="\n".join(parts))
        return events


CONSULT_MARK = "负责解答。"  # the consultation answer's first line (这类问题一般由…负责解答。)


async def _consulted_in_district(said: str, tracker: Tracker) -> Optional[str]:
    """A district said right after a consultation answer (我是昌平区的): the question's unit in that
    district, and the offer to register; None otherwise."""
    district = _DISTRICT_SAID.search(said or "")
    rest = re.sub(r"\W|我是|我在|我住|住在|在|是|的|人|家|户口|北京市?", "", _DISTRICT_SAID.sub("", said or ""))
    if not district or district.group(1) or rest or not _said_last_turn(tracker, CONSULT_MARK):
        return None
    users = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    question = users[-2] if len(users) >= 2 else ""
    if not question:
        return None
    name = f"{district.group(2)}区"
    try:
        result = await _api("triage", f"北京市{name}{question}")
    except (ApiUnavailable, ApiError):
        return None
    unit = _department_name(result) if result.get("departments") else None
    if not unit or unit == "相关部门":
        return None
    return (f"好的，{name}的这类问题可以咨询{unit}。具体办理以主管部门的规定为准。"
            "如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")


class ActionTakeContact(Action):
    """The call-back number asked for after a hand-off: added to the flagged case (never replacing
    one it has); "不用" is fine too. Anything else ends the asking."""

    def name(self) -> Text:
        return "action_take_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        text = plain_digits(str((tracker.latest_message or {}).get("text") or ""))
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        found = PHONE.search(CASE_NUMBER_LOOSE.sub(" ", text))
        ref = tracker.get_slot("own_case")
        code = (tracker.get_slot("known_codes") or {}).get(ref) if ref else None
        done = [SlotSet("contact_asked", None)]
        if not found and _self_harm(text):  # "我不想活了" (read as no): care first, the number still awaited
            _care(dispatcher, tracker)
            return []
        if not found:
            if intent == "deny" or re.search(r"不用|不方便|不留|算了|不想", text):
                dispatcher.utter_message(text="好的，坐席会在工单里跟进。您可以凭工单编号和查询码随时查询进度。")
            elif re.search(r"\d", text) and not (tracker.get_slot("retries") or {}).get("contact"):
                # digits, but no whole number: asked once more
                dispatcher.utter_message(text="这个号码好像不完整，请再说一遍（手机号11位，座机请带区号）。")
                return [SlotSet("retries", {**(tracker.get_slot("retries") or {}), "contact": 1})]
            else:
                dispatcher.utter_message(text="没有听到电话号码，坐席会在工单里跟进。还有其他需要帮忙的吗？")
            return done
        number = _dialed(found.group(0))
        try:
            if not ref or not code:
                raise NotFound(404, {})
            await _api("add_contact", ref, number, code, _citizen(tracker))
        except Locked:
            dispatcher.utter_message(text="暂时无法记录电话，请直接拨打12345，说明工单编号即可。")
            return done
        except ApiError as e:
            if e.status == 409:  # the case has a contact already: it stays
                dispatcher.utter_message(text=f"工单 {ref} 已经有联系方式了，坐席会按它与您联系。")
            else:
                log.warning("bot.contact.failed %s", e)
                dispatcher.utter_message(text="暂时无法记录电话，请直接拨打12345，说明工单编号即可。")
            return done
        except ApiUnavailable as e:
            log.warning("bot.contact.unavailable %s", e)
            dispatcher.utter_message(response="utter_api_down")
            return done
        tail = _tail(number)
        dispatcher.utter_message(text=f"好的，已把尾号 {tail} 的电话记在工单 {ref} 上，坐席会尽快与您联系。")
        return done


class ActionInformOutside(Action):
    """A message outside a complaint that the intents read as an answer (inform) or not at all
    (nlu_fallback): a case number or a code the bot asked for (a progress query), the call-back
    number asked for at a hand-off, a complaint after all ("西城区…烟袋斜街的酒吧每天凌晨还在唱歌":
    the complaint form starts with it), or a place said first ("朝阳区劲松街道农光里": noted, and the
    bot asks what happened there); anything else is not understood. In the form (read as nothing or
    out of scope): a question about the complaint answered (能罚他们吗, 需要我拍照片吗), a time kept
    (老这样 好几个月了), anything else not understood."""

    def name(self) -> Text:
        return "action_inform_outside"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        said = str((tracker.latest_message or {}).get("text") or "")
        text = plain_digits(said)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        not_understood = {"nlu_fallback": "utter_please_rephrase", "out_of_scope": "utter_out_of_scope"}.get(
            intent, "utter_default")
        stayed = _stay_outside(dispatcher, tracker, said)
        if stayed is not None:  # "我现在就在楼顶上" after the crisis lines: never a place (tester36 H2)
            return stayed
        if _self_harm(said) and not _beside_self_harm(said) and not FIRST_AID_ACT.search(said):
            _care(dispatcher, tracker)  # never "抱歉，这个问题我帮不上忙" (tester35 N-H1)
            return []
        if tracker.active_loop.get("name"):
            danger = await _danger_first(said, dispatcher, tracker, domain)
            if danger is not None:  # in the form: the advice, then the form (it asks nothing after the lines)
                return danger
        if _english_yes(said, tracker):  # "yes" to the person the English note offered
            return [FollowupAction("action_handoff")]
        if _latin_only(said) and not case_number_in(text):  # pinyin, English: as the form says it
            dispatcher.utter_message(response="utter_use_chinese")
            dispatcher.utter_message(text=ENGLISH_NOTE)
            return []
        if tracker.active_loop.get("name"):
            reason = await _withdraw_reason(dispatcher, tracker)
            if reason is not None:  # the reason for the withdrawal just noted, read as nothing: the form follows
                return reason
            side = _side_answer(said)
            time = _time_said_instead(said, tracker)
            if _other_asked(said):  # "那另一个问题呢" read as nothing: answered, the question again
                _other_answer(tracker, dispatcher)
            elif side:  # "能罚他们吗", read as nothing: the form's own answer to it, then the question again
                dispatcher.utter_message(text=side)
            elif time:  # "老这样 好几个月了" read as nothing: the time, kept, and the question asked again
                dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
                return [SlotSet("time", time)]
            else:
                dispatcher.utter_message(response=not_understood)
            return []
        if tracker.get_slot("contact_asked"):
            return await ActionTakeContact().run(dispatcher, tracker, domain)
        if _status_follow_up(said, tracker):  # "什么时候能修好？" after the status (tester42 N8)
            return await check_progress(dispatcher, tracker)
        own = tracker.get_slot("own_case")
        if own and (tracker.get_slot("known_codes") or {}).get(own) and _phone_in(said) \
                and not case_number_in(text):
            # "我电话137…，你们给我回个电话" after filing: the call-back number of the case just filed
            return await ActionTakeContact().run(dispatcher, tracker, domain)
        withdrawn = await _withdraw(dispatcher, tracker) if WITHDRAW.search(said) and not case_number_in(text) \
            and not tracker.get_slot("progress_asked") else None
        if withdrawn is not None:
            return withdrawn
        reason = await _withdraw_reason(dispatcher, tracker)
        if reason is not None:  # the reason for the withdrawal just noted (tester37 N6)
            return reason
        added = await _addition(dispatcher, tracker)
        if added is not None:  # "我再补充一下，昨天晚上十一点又开始施工了": a 补充 on the case, no new complaint
            return added
        if tracker.get_slot("progress_asked") or case_number_in(text):
            return await check_progress(dispatcher, tracker)
        taken = await _offer_slots(said, tracker, dispatcher, domain)
        if taken is not None:  # "对，登记一下，也是菊儿胡同口那儿": the second problem quoted after filing
            return [*(SlotSet(k, v) for k, v in taken.items()), FollowupAction("complaint_form")]
        outside = _outside_beijing(said)
        if outside:  # "燕郊福成五期" after the notice (it was 抱歉，我没有理解: tester36 L6)
            dispatcher.utter_message(text=outside)
            return []
        local = await _consulted_in_district(said, tracker)
        if local:  # "我是昌平区的" right after a consultation answer: that district's unit (round 11 #7)
            dispatcher.utter_message(text=local)
            return []
        try:
            result = await _api("triage", said)
        except (ApiUnavailable, ApiError):
            result = {}
        address = (result.get("entities") or {}).get("address") or {}
        danger = bool((result.get("urgent") or {}).get("kind")) or _self_harm(said)
        if danger or _a_complaint(said, address) or (
                _tells_problem(said) and not PLACE_WORDS.search(said) and len(re.sub(r"\W", "", said)) <= 8):
            # a complaint, a scam going on, or a bare problem word ("噪音": what and where are asked)
            # the form starts with it as its description, checked as the form's first answer is
            form = ValidateComplaintForm()
            slots = await form.validate_description(said, dispatcher, tracker, domain)
            return [*(SlotSet(k, v) for k, v in slots.items()), FollowupAction("complaint_form")]
        place = await ValidateComplaintForm._place(text) if HAS_CHINESE.search(text) else None
        if place:
            dispatcher.utter_message(text=f"好的，地点记下了：{_shown(place)}。请问在这里发生了什么问题？")
            # for the complaint told next (validate_description): kept only if it is the next message
            return [SlotSet("address", place), SlotSet("noted_place", said)]
        dispatcher.utter_message(response=not_understood)
        return []


def _beyond_place(said: str, address: Dict[str, Any]) -> str:
    """``said`` without the place the triage found in it (district, street, road, place …)."""
    parts: set = set()
    for value in address.values():
        if isinstance(value, str) and value:
            value = value.replace("北京市", "")
            parts.add(value)
            parts.update(p for p in re.split(rf"(?<=区)(?=.)", value, maxsplit=1) if p)
    for part in sorted(parts, key=len, reverse=True):
        said = said.replace(part, "")
    return said


def _a_complaint(said: str, address: Dict[str, Any]) -> bool:
    """Whether ``said`` tells of a problem beyond naming a place (a problem or noise word outside
    ``address``, the place the triage found in it, and some length): 大栅栏的商贩每天晚上都在路边摆摊,
    超市卖的猪肉注水; 国贸地铁站B口 names a place only."""
    beyond = _beyond_place(said, address)
    return len(re.sub(r"\W", "", beyond)) >= 4 and _tells_problem(beyond)


def _restated(said: str, known: str) -> bool:
    """Whether the problem words of ``said`` are all in ``known`` (the complaint so far): "就是和平里那个
    垃圾站" after 东城区和平里街道的垃圾站臭了一个月了 names the place again, it tells nothing new."""
    words = set(PROBLEM_WORDS.findall(said)) | set(NOISE_WORDS.findall(said)) \
        | set(re.findall(r"唱歌|喧哗|施工|摆摊|乱|打桩|电钻|切割|搅拌机|挖掘机|挖土", said))
    return bool(words) and all(w in known for w in words)


def _tells_problem(text: str) -> bool:
    """Whether ``text`` has a word of a problem (垃圾, 噪音, 唱歌, 摆摊 …)."""
    return bool(PROBLEM_WORDS.search(text) or NOISE_WORDS.search(text)
                or re.search(r"唱歌|喧哗|施工|摆摊|乱|打桩|电钻|切割|搅拌机|挖掘机|挖土", text))
