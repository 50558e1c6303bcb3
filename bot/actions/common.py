"""What the bot's actions share: how citizens say places, times, contact numbers, case numbers,
corrections and problems, and what the conversation has held so far (the tracker's turns and slots)."""

from __future__ import annotations

import asyncio
import re
import unicodedata
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.api.triage import ApiError, ApiUnavailable, TriageClient, citizen_of


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
TOLD_AT_LENGTH = 30  # characters of a description past which it is never too vague (a letter's worth)
NOISE_READING = "环境保护"  # the reading a noise complaint is offered (环境污染（噪音、油烟、排污）)
WAGE_READING = "劳动和社会保障"  # the reading unpaid wages are (欠薪 said outright is asked no reading)


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


# said short, the zeros left out ("编号是20261206-2": tester47 B17): the date, a hyphen, the serial
CASE_NUMBER_SHORT = re.compile(r"(?:JS\s*)?(?<![\d-])(20\d{6})\s*-\s*(\d{1,5})(?![\d-])", re.IGNORECASE)


def case_number_in(text: str) -> Optional[str]:
    """The case number in ``text`` (NFKC-normalised), written the API's way, or None."""
    m = CASE_NUMBER_LOOSE.search(text)
    if m:
        return f"JS{m.group(1)}-{m.group(2)}"
    m = CASE_NUMBER_SHORT.search(text)
    return f"JS{m.group(1)}-{int(m.group(2)):06d}" if m and int(m.group(2)) else None


NO_NUMBER = re.compile(r"没有?(?:工单)?(?:编号|单号|号码)|不知道|忘了|忘记|不记得|记不(?:得|清|住)|找不到|丢了|没记")
QUERY_CODE = re.compile(r"(?<![\d-])\d{6}(?!\d)")  # the 查询码 told at filing (outside a case number)
# what the problem is about, when the triage found no object ("小区垃圾没人清理")
# what a problem does, told without a problem word of its own (石料厂，粉尘特别大; 变电站…担心有辐射: session 49's
# 不够具体): enough to tell a problem, never a second problem beside the first (…机器的声音…还有粉尘满天飞 is one plant's)
# (…还有投递员偷闲玩乐，也希望能保护好我的个人隐私: a privacy wish is no second problem)
ASPECT_WORDS = re.compile(r"粉尘|灰尘|尘土|都是灰|辐射|变电站|信号塔|基站|个人信息|隐私|造谣|诽谤|侮辱")
PROBLEM_WORDS = re.compile(
    r"垃圾|油烟|异味|臭|污水|排污|污染|排放|违建|违章|违规|违法|私搭|乱建|工资|欠薪|拖欠|社保|公积金|停车|占道|占用|"
    r"堵|漏水|渗水|积水|停水|停电|停气|燃气|暖气|供暖|电梯|物业|收费|乱收|退费|退款|押金|预付|会员卡|扬尘|渣土|积雪|扫雪|雪没人|没人扫|结冰|路滑|天然气|壁挂炉|跳闸|电压不稳|自行车道|非机动车道|盲道|"
    r"施工|装修|遛狗|犬|狗|广场舞|红绿灯|信号灯|公交|地铁|出租|网约车|井盖|路灯|树|绿化|消防|隐患|摊|医院|诊所|"
    r"学校|幼儿园|培训|诈骗|拆迁|房|租|食品|过期|变质|假货|质量|价格|卫生|老鼠|蟑螂|虫|损坏|坏了|破损|没人管|"
    r"不给|不退|不修|乱扔|乱停|乱贴|乱摆|广告|小广告|坑|摔|塌|裂|贴条|罚款|冒水|断了|"
    r"拉客|住店|旅馆|宾馆|黑车|号贩|倒号|票贩|乞讨|传销|赌博|偷|盗|扶梯|器材|学区|划片|涨价|公示|"
    r"假|注水|拉肚子|腹泻|中毒|跺脚|态度|拒载|绕路|宰客|骂人|打人|卖烟|烟|煤气|泄漏|泄露|漏气|危险|着火|起火|"
    r"漏电|掉下来|绕道|多收|多要|少找|不打表|甩客|"
    # fishing and swimming where it is forbidden (密云水库边上有人在钓鱼 还有人下水游泳 was 不够具体: tester59 G11 e05)
    r"钓鱼|垂钓|野泳|游泳|电鱼|炸鱼|捕鱼|网鱼|"
    r"喝醉|醉汉|醉酒|酒鬼|撒酒疯|耍酒疯|闹事|大喊大叫|喊叫|叫喊|砸东西|多扣|乱扣|重复扣|扣错|扣钱|扣款|扣费|盗刷|刷卡|"
    # water and a person not seen (tester35 N-M1): 自来水发黄，有铁锈味; 独居老太太好几天没出门了，敲门也没人应
    r"发黄|发浑|浑浊|铁锈|锈味|水质|自来水|没出门|没人应|没人开门|没动静|出事|晕倒|被骗|转账|"
    # a pension not paid, 落户 sent back four times (tester47 B12: 不够具体 until the hand-off)
    r"落户|户口|户籍|养老金|退休金|退休工资|没到账|来回跑|跑了?[一二三四五六七八九十两几\d]+趟|一次性告知|材料不全|"
    # a courier's service (中通快递员不送上门 直接放驿站 was kept as the place, 驿站 its place word: tester57 F5)
    r"不送|不上门|送上门|拿不了|不接电话|不打电话|不让进|不管不问|"
    # money schemes, vice, banks and insurers (有人在小区里散发传单，说是高回报的投资理财项目，感觉像是非法集资 and
    # 小区门口新开了一家按摩店，感觉不正规 were 不够具体: a session's own round)
    r"集资|高回报|高息|返利|理财|不正规|涉黄|色情|卖淫|嫖娼|理赔|拒赔|保单|信用卡|"
    # a health product sold as a cure (小区门口有人发传单卖保健品，说能治癌症 was 不够具体 to the end: session 54)
    r"保健品|虚假宣传|虚假广告|包治|治癌|神药|骗老人|忽悠老人|"
    # a number never got, a claim refused, poultry killed by the road (我想办护照…排了三次都没排上, 残疾人两项补贴，
    # 街道说我不符合条件, 路边有人卖活禽，还在路边宰杀 were 不够具体: a session's own round)
    r"排不上|没排上|约不上|预约不上|挂不上|抢不到|不符合条件|不受理|不予受理|不给办|不给批|宰杀|活禽|"
    # a smell told by what burns (总有一股烧塑料的味道…窗户关着都能闻到 was 不够具体)
    r"烧塑料|烧垃圾|焚烧|刺鼻|呛人|呛得|熏得|闻到|"
    # a rider against the traffic, a benefit's places given to kin (外卖骑手逆行闯红灯，差点撞到我家孩子; 低保名额都给了
    # 村干部的亲戚 were 不够具体)
    r"逆行|闯红灯|差点撞|撞到|撞伤|低保|名额|评不上|优亲厚友|走后门|没人处理|没人清理|没人修|没人来修|烧黑|"
    # land dug up (这边的河堤上有人开荒种地，把护坡都挖了 was 不够具体)
    r"开荒|挖了|被挖|挖坏|毁坏|破坏|飙车|炸街|"
    # an extension built, a crowd no one directs, a card swallowed, a benefit asked about (私自扩建，把院子都盖满了; 游客挤得
    # 水泄不通，也没人疏导; ATM机吞了我的卡; 怎么申请生育津贴; 小客车指标摇号 were 不够具体: session 48's own round)
    r"扩建|加盖|盖满|挤得|拥挤|人太多|疏导|吞卡|吞了|补贴|津贴|补助|指标|摇号|怎么申请|如何申请|申请条件|"
    # a man beating his wife told by a villager, a lost identity card, a tour's shopping stop, a lesson not as promised
    # (喝多了就打老婆，打得很厉害; 身份证丢了…补办; 拉着游客去买高价玉石; 说好一对一，结果是一对三 were 不够具体)
    r"打老婆|打媳妇|打妻子|打丈夫|打老公|家暴|殴打|打骂|丢了|丢失|补办|高价|一日游|购物店|说好|货不对板|"
    # a repair's price, a running track's smell, school out too early, no hot water (换了个零件收了八百块; 塑胶跑道有很大的
    # 味道，孩子们都头晕; 三点半就放学; 宿舍楼没有热水 were 不够具体: session 48's fourth round)
    r"收了[0-9一二三四五六七八九十百千两几]|味道|气味|头晕|恶心|放学|课后服务|热水|"
    # (商场厕所太脏; 博物馆预约太难; 油枪计量不准; 民警出警太慢; 车被贴罚单了，我觉得不合理; 快递丢了没人管: session 48)
    r"脏|预约|出警|太慢|计量|不准|罚单|不合理|丢(?![人脸])|"
    # broadband not installed, a funeral home's fees, an overloaded school bus, an airport bus stopped, a wall opened for
    # a shop, a parlour 不正经, a scrapped car left, an open distribution box (all 不够具体 in session 50's rounds)
    r"宽带|没人来装|殡仪馆|骨灰盒|墓地|超载|超员|停运|停开|开墙打洞|不正经|粉灯|报废车|僵尸车|配电箱|电箱|"
    # (一网通办上提交了三次材料都被退回; 共享充电宝归还了还一直在计费，扣了我九十九块: session 50)
    r"一网通办|被退回|驳回|一直在计费|多计费|扣了(?:我)?[0-9一二三四五六七八九十百千几两]|"
    # (地下通道一下大雨就淹; 草丛里发现了一条蛇; 楼道里有个马蜂窝，有人被蛰了; 水池也没个围栏: session 50's summer round)
    r"淹了|被淹|就淹|淹到|淹着|淹死|没人抽水|来抽水|一条蛇|有蛇|蛇窝|毒蛇|马蜂|蜂窝|被蛰|蛰了|"
    r"(?:没有?|没个|连个)(?:围栏|护栏)|(?:围栏|护栏)(?:坏|倒|断|没了)|"
    # (食堂的饭菜里吃出了头发; 买的二手车是事故车，车商说没出过事故; 游乐设施都生锈了，滑梯的螺丝都掉了: session 51)
    r"吃出|头发|事故车|泡水车|调表|隐瞒|生锈|锈了|锈得|螺丝|松动|"
    # (楼道里堆满了杂物, the second problem registered after the first: 不够具体, session 51's conversations)
    r"杂物|堆满|堆放|乱堆|堆了|"
    # (有人在我家门口放鞭炮 was 不够具体 three times: session 51's conversations)
    r"鞭炮|烟花|爆竹|礼花|放炮|炮仗|二踢脚|"
    # (我们小区没有无障碍坡道，轮椅推不进去 was 不够具体; 天天早上七点就开始砸墙 was all kept as the time: session 51)
    r"无障碍|坡道|轮椅|砸墙|敲墙|凿墙|打孔|"
    # (有人在小区里放高利贷; 对面楼装了个大探照灯，整晚照着我家卧室: 不够具体, session 52's conversations)
    r"高利贷|放贷|套路贷|校园贷|催收|暴力催债|探照灯|射灯|强光|光污染|刺眼|晃眼|照着我家|照进我家|照得|打发|敷衍|"
    # (俺家地让人占了盖了个厂子: 不够具体, session 52)
    r"让人占|被人占|给占了|占了(?:我|俺)|(?:地|院子|车位|楼道|过道)[^，,。]{0,3}占了|"
    # (路边停了一辆车，好几个月没动过，轮胎都瘪了; 昨晚有人在我们楼下打架，还动了刀: 不够具体, session 52)
    r"没动过|没挪过|轮胎都瘪|瘪了|落满了?灰|长期停放|打架|斗殴|动了刀|动刀|持刀|"
    # (我们小区得快递驿站把快递堆在马路上，挡着路了: 不够具体 three times, session 55's conversations)
    r"挡着|挡住|挡路|挡道|堵路|堆在|摆在路|摆到路|占着|占了(?:半条|整条|大半)|"
    # (公交站的站牌写错了，站名跟实际不一样 was read as a no and got 再见: session 55's conversations)
    r"站牌|路牌|指示牌|标识牌|标志牌|"
    # (人行道上停满了汽车，推婴儿车都过不去 was 不够具体 to the end: session 55's conversations)
    r"停满|停得满满|过不去|推不过去|走不过去|没法走|走不了路|"
    # (我的车被拖走了，也没贴通知; 公园里有人放风筝，挂到高压线上了: 不够具体 to the end, session 57's conversations)
    r"拖走|被拖|拖车|被锁|地锁|风筝|高压线|电线(?!杆)|"
    # (我在驾校报名交了五千，到现在都没安排练车; 有人冒用我的身份证办了电话卡，还欠了费: 不够具体, session 57)
    # (驾校 alone split a data letter's story at a 驾校 next door: its dealings only)
    r"驾校[^，,。]{0,6}(?:报名|交了|退|练车|约车|教练|考试|收费)|练车|约车|没安排|不安排|冒用|盗用|冒名|电话卡|欠了费|欠费")
# a model this sure of the category reads a real problem even without a word above (学区划分不合理)
SURE = 0.95
# abuse is no part of the complaint: dropped from what is filed ("你们这帮废物" "傻逼")
ABUSE = re.compile(r"傻[逼比叉Bb]|煞笔|沙比|(?<![A-Za-z])(?:[Ss][Bb]|[Tt][Mm][Dd]|[Nn][Mm][Ss][Ll])(?![A-Za-z])|"
                   r"操你|草泥马|日你|他妈的|他妈(?!妈)|个屁|放屁|狗屁|你妹|"
                   r"你妈[的逼]?|妈的|妈逼|尼玛|去死|王八蛋|混蛋|狗日的?|白痴|脑残|贱人|畜生|滚蛋|"
                   r"(?:这帮|一帮|一群|这群)?废物(?:们)?(?=$|[，,。！!？?\s])")
# two problems said in one message ("我要反映两个问题：一是…，二是…"): the first is filed, the second
# reminded of after filing (split only where the citizen says it is another problem)
SECOND_PROBLEM = re.compile(r"(?:[，,。；;！!]|(?<=[\u4e00-\u9fff])\s)\s*(?:二是|第二(?:个|件)?(?:问题|事)?(?:是|[，,、：:])|其二|还有(?:一个|个|一件|件)(?:问题|事)[，,：:]?|"
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
ANOTHER_WEAK = re.compile(r"(?:[，,。；;！!]|(?<=[\u4e00-\u9fff])\s)\s*(?:另外|还有就是|还有|再有就是|再就是|再有|顺便说一下|顺便)[，,]?")
TWO_PROBLEMS_LEAD = re.compile(r"^.{0,12}?(?:两|二|2|几)(?:个|件)(?:问题|事情?|事儿)[：:，,。]?\s*"
                               r"(?:一是|第一(?:个|件)?(?:问题|事)?(?:是|[，,、：:])?|其一|一(?:个|件)(?:就)?是[，,：:]?)?")
# what makes the noise: the bot asks for it when the triage found no object (施工 is one, 喧哗 people)
NOISE_SOURCES = re.compile(
    r"施工|工地|装修|电钻|切割|打桩|商铺|店|饭馆|餐馆|酒吧|[Kk][Tt][Vv]|歌厅|练歌房|歌舞厅|[Kk]歌|广场舞|音响|喇叭|邻居|楼上|隔壁|喧哗|"
    r"吵架|唱歌|车|摩托|鸣笛|机器|设备|空调|外机|风机|水泵|锅炉|变压器|狗|犬|鸟|学校|工厂|厂|"
    r"醉|酒鬼|喊|叫|闹事|打架|有人|小卖部|卖部|超市|商店|便利店|铺子|早点铺|包子铺|铺|剁馅|摊|烧烤|撸串|喝酒|划拳|聚会|聚餐|打牌|麻将|"
    r"仓库|卸货|装货|装卸|物流|快递站|一帮人|一群人|一伙人|好多人|那帮人|的人|年轻人|孩子|小孩|住户|租户|对门|"
    # (风力发电机噪音很大 was asked what made it: session 48)
    r"发电机|发电|风车|基站|冷却塔|"
    # (家门口的变电箱一直嗡嗡响 was asked what made it: session 51)
    r"变电|电箱|配电|箱变|"
    # roads, bridges, planes and trains, shows and music, a site's hours, a slaughter, a wok (data letters: 高架桥的噪音,
    # 黄花机场航道下…噪音, 高铁经过的时候噪音很大, 商业演出, 鬼步舞…DJ音乐, 清早六点不到开始开工, 半夜在家门口杀猪, 炒菜的锅子噪声大)
    r"高架|桥|飞机|航道|机场|高铁|火车|铁路|轻轨|高速|公路|快速路|马路|演出|音乐|DJ|舞|开工|杀猪|锅|采沙|挖沙|砂场")
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
# (毫无动静 / 也沒动静 / 任何动静 is no progress: data letters about a road never started were asked the noise's source)
NOISE_WORDS = re.compile(r"噪音|噪声|吵|扰民|声音|跑跳|跑来跑去|蹦蹦跳跳|蹦跳|拍球|拖椅子|拖凳子|拖桌子|挪家具|(?<!毫无)(?<!没有)(?<!没)(?<!沒)(?<!任何)(?<!无)(?<!啥)(?<!什么)动静|轰鸣|喇叭|闹腾|蹦迪|咚咚|咣咣|哐哐|砰砰|噔噔|嗡嗡|叮叮当当|叮叮咣咣|叮当|乒乒乓乓|跺脚|"
                         # said in everyday words (tester37 N7: 楼下那家ktv天天鬼哭狼嚎到后半夜，还让不让人睡了)
                         # (冻得睡不着 is the cold: 煤改电…跳闸，晚上冻得睡不着 was asked what made the noise, session 49)
                         r"鬼哭狼嚎|鬼哭狼叫|鬼吼鬼叫|鬼叫|嚎|让不让人睡|"
                         # (楼上半夜打钻 was 不够具体: session 54's conversations)
                         r"打钻|电钻|冲击钻|砸墙|凿墙|钻墙|打孔|切割机|电锯|(?<!冻得)(?<!冷得)(?<!热得)(?<!疼得)(?<!痛得)(?<!咳得)(?<!痒得)"
                         r"(?:没法|没办法|不能|睡不)(?:睡|睡觉|着)|吵得睡不")
# kinds where the hour matters (noise at night, construction hours, shop opening hours)
# 没动静 is no progress (加装电梯…到现在还没动静: tester56 E23), not a noise
TIME_WORDS = re.compile(r"噪音|噪声|吵|扰民|声音|(?<!没)(?<!没有)(?<!没啥)(?<!没什么)动静|施工|装修|工地|营业|开门|关门|夜|半夜|凌晨|广场舞|油烟")
TIME_OBJECTS = {"工地", "施工", "商铺", "饭店", "餐馆", "酒吧", "KTV", "ktv", "广场舞", "烧烤", "装修"}
TIME_HINT = re.compile(r"\d|[点早晚夜凌晨午白天周日月号每]|刚才|现在|最近|目前|近期|[一二三四五六七八九十两半]+[点时天周月号年]|时候?[段间]|小时")
VAGUE_TIME = re.compile(r"有时候?|偶尔|经常|一直|不一定|不知道|说不清|不清楚|不记得|忘了|记不清")
# an answer to "where?" that the triage could not place: a place word after at least two name
# characters (东四六条 23 号院, 劲松八区), and not a sentence about something else
PLACE_WORDS = re.compile(r"(?!(?:一整|整|这|那|哪|一)?条(?:街|路|马路|胡同|道))(?!(?:一|这|那|整)(?:片|块|带))"
                         r"[\u4e00-\u9fff0-9]{2,}(?:街道|小区|社区|路|大街|街|胡同|巷|村|镇|乡|大厦|号楼|号院|单元|"
                         r"花园|家园|公寓|[东西南北中]里|[一二三四五六七八九十\d]区|[东西南北]区|园|苑|桥|门外|门内|站点|站|广场|市场|"
                         r"商场|医院|学校|公园|机场|航站楼|火车站|车站|上车点|等候区|停车场|服务区|园区|校区|寺|[0-9]+号|"
                         r"银行(?![卡账里])|支行|分行|营业厅|"  # (西城区金融街的工商银行 lost its bank: session 56)
                         # a river, a lake (通州区萧太后河 was 不够具体; 张家湾镇的萧太后河 lost its river: session 55)
                         # (only where the name ends: 昌平沙河于辛庄, 团结湖北里 are a town's and a 里's)
                         r"(?<![沙清])河(?=$|[，,。；;\s])|湖(?=$|[，,。；;\s])|水库|湿地|干渠"
                         r"|里(?=$|[0-9甲乙丙，。,\s]))")
# 路 said as a verb's (就是走路很重, 迷路了, 绕路): no road (不是装修，就是走路很重，还有小孩跑跳 asked where was read as the
# place 不是装修就是走路 and its district asked: session 51)
VERB_ROAD = re.compile(r"走路|迷路|让路|带路|问路|赶路|跑路|走错路|绕路|绕道|一路上|半路上?")
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
# the report dropped, said where the number is asked (不提交了, 不报了, 这事不反映了): never a 不留
STOP_REPORT = re.compile(r"(?:我(?:都)?说了)?(?:那|我|这事|这个事|这件事)?(?:就|还是)?(?:不(?:想|用|要)?(?:提交|报|反映|投诉|登记|弄)了?|"
                         r"别(?:提交|登记|报|弄)了?|取消(?:吧|了|登记|提交)?|撤销|撤回)(?:了|吧|啦)?(?:我)?(?:说了)?(?:不提交了)?")
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
JUST_WANTS = re.compile(r"您好|你好|喂|请问|那么|那|我|想|要|需要|打算|投诉|反映|反应|举报|求助|咨询|报告|一下|一个|个|些|件|点|"
                        r"问题|事情|情况|事儿|事|有|的|了|啊|呀|吧|嗯|那个|这个|这儿?|跟|和|给|向|你们|您|"
                        r"说说|说一下|说个|讲讲|讲一下|聊聊|唠唠")
FILLER = re.compile(r"嗯|哦|噢|啊|呃|额|好的|好|行|那个|这个|就是|然后|哈|呀|吧")
# a few traditional characters common in what citizens type (您好，我想反映一個問題; 從上上個禮拜一開始): read as
# simplified by the rules over the text (the API converts the whole text itself: tester50 C12, C18)
_TRAD = str.maketrans("個問題們這裡說沒麼還會對為時進電話號碼區樓聽見開關門車東廣場鄰發現錢費辦處應該請謝禮從週幾點鐘兩晚後歲",
                      "个问题们这里说没么还会对为时进电话号码区楼听见开关门车东广场邻发现钱费办处应该请谢礼从周几点钟两晚后岁")


def simplified(text: str) -> str:
    """``text`` with the common traditional characters in ``_TRAD`` in simplified form."""
    return (text or "").translate(_TRAD)


# a plain fault of a public thing, said short ("楼道灯坏了", "垃圾没人收", "小区停电了", "公共厕所没水了", "红绿灯坏了"):
# specific enough to file; it was asked 是什么造成的（比如工地、商铺、邻居、公司） (tester50 C12)
PLAIN_FAULT = re.compile(
    r"(?:灯|电梯|水管|管道|下水道|井盖|厕所|垃圾|暖气|门禁|护栏|栏杆|路面|马路|台阶|树|广告牌|自来水|水龙头|化粪池|窨井)"
    r"[^，,。！!？?]{0,6}?(?:坏了|坏掉了|不亮|不亮了|没人收|没人清|没人清运|没人管|没人修|没人拉|没水|没电|停了|漏水|堵了|塌了|"
    r"断了|倒了|不热|满了|丢了|没了|冒水|冒污水|溢出来|有个缺口|有缺口|缺了一块|破了个洞)|停电|停水|停暖|断电|断水|没有?暖气"
    # 我家没水了, 整个楼都没电 (tester51 C7: asked 是什么造成的 twice, the cause no citizen knows)
    r"|(?:家里?|楼里?|整个楼|整栋楼|单元|小区)[^，,。！!？?]{0,4}(?:没水|没电|没有水|没有电|没气|没燃气)"
    # a whole complaint in a few words (工资没发, 快递丢了, 医生收红包: session 49's one-liners got 不够具体)
    r"|工资[^，,。！!？?]{0,2}(?:没发|不发|没给|不给|拖着)|(?:没发|不发|拖欠|克扣)工资|欠薪|偷电|(?:地铁|公交)[^，,。！!？?]{0,2}太挤"
    # a leak with where it comes from (漏水 then 楼上: 不够具体 twice, session 56's conversations)
    r"|(?:楼上|顶楼|房顶|屋顶|天花板|卫生间|厨房)[^，,。！!？?]{0,3}(?:漏水|渗水|滴水)|(?:漏水|渗水|滴水)(?:是|从)?(?:楼上|顶楼|房顶|屋顶|天花板)"
    r"|快递[^，,。！!？?]{0,2}(?:丢了|丢失|被偷|没收到)|丢件|(?:孩子|老人|我)被(?:人)?打了|死鱼|(?:烧|焚烧)秸秆"
    r"|车位[^，,。！!？?]{0,2}被(?:人)?占|钓鱼|收红包|(?:不|没)签(?:劳动)?合同|(?:不|没)(?:给)?交社保"
    # (楼上漏水 got 不够具体, then 转人工 filed it as a hand-off: session 52's conversations)
    r"|(?:楼上|楼下|邻居家?|隔壁|家里|屋里|屋顶|房顶|顶楼|厨房|卫生间|天花板|墙)[^，,。！!？?]{0,2}(?:漏水|渗水|漏雨|返水)")
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


# the words that start a next part of a complaint said without a pause (然后, 而且, 另外 …): a title cut in one breath
# ends before them (tester57 F13: …然后那个门禁)
_NEXT_PART = re.compile(r"然后|而且|另外|并且|还有|再就是|结果|所以|但是|可是|不过")

TITLE_SLACK = 8  # characters a title may run past its limit to end where the clause does


def _title(text: str, limit: int = 30, address: Optional[str] = None) -> str:
    """The case title: the description's start, never cut inside a number or a word of letters
    (a cut phone or ID number is no longer recognised by the API's masking), without the place
    said at its end (…大喊大叫，海淀区学院路20号院: the case has its address)."""
    text = _without_place_tail(_without_place_head(_without_preamble(text.strip()), address), address)
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
        # said in one breath, its clause ending a few characters on: kept whole (…还不给开发票老板还骂人态度特别差
        # was cut at 特别, and a title ended 开发票老: tester59 G21)
        ends = re.search(r"[，,。！!？?；;、 ]|$", text[limit:limit + TITLE_SLACK + 1])
        if cut >= limit // 2:
            head = head[:cut]
        elif ends and (ends.group() or len(text) <= limit + TITLE_SLACK):
            head = text[:limit + ends.start()]
        else:  # said in one breath (voice): before the word that starts its next part (…还不公示账目然后那个门禁)
            joins = [m.start() for m in _NEXT_PART.finditer(head) if m.start() >= limit // 2]
            head = head[:joins[-1]] if joins else head
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


# a complaint about 12345 itself (你们12345办事效率太低了, 接线员态度差): noted on the case apart from the matter
SERVICE_COMPLAINT = re.compile(r"投诉(?:你们)?12345|你们12345|12345(?:的)?(?:服务|态度|接线员|话务员|客服|工作人员|效率)|"
                               r"接线员|话务员|接(?:电话|线)的(?:人|态度|那个)|(?:她|他)直接(?:把电话)?挂了|"
                               r"你们(?:就是|都是|纯粹)?(?:走形式|糊弄|敷衍|踢皮球|推来推去|不作为)|"
                               r"你们(?:的)?效率|效率(?:也)?太(?:低|慢|差)")


def _frustration_only(text: str) -> bool:
    """Whether ``text`` (abuse already dropped) is frustration with no problem, place or object in it."""
    if not (FRUSTRATION.search(text) or _RANT.search(text) or ANGER_ALONE.search(text)):
        return False
    rest = _FRUSTRATION_REST.sub("", FRUSTRATION.sub("", _RANT.sub("", ANGER.sub("", text))))
    return len(re.sub(r"\W", "", rest)) <= 10 and not _tells_problem(rest) and not PLACE_WORDS.search(text)


# reported many times, said in the complaint itself (我打了八百遍12345了, 反映了好几次都没人管)
REPEATED_IN_TEXT = re.compile(r"(?:反映|投诉|举报)了?[^，,。！!？?]{0,6}(?:遍|次|回)|反映(?:多次|很多次|好几次|无数次)"
                              r"|打了?[^，,。！!？?]{0,6}(?:遍|次|回)(?:12345|热线|你们的?电话)"
                              r"|打了?(?:12345|热线|你们的?电话)[^，,。！!？?]{0,6}(?:遍|次|回)")
# said first, before the next question, when the complaint itself is angry or says it was reported many times
# (a citizen's "你们这帮废物！！！我打了八百遍12345了 …你们管不管？？？" got only 请问问题发生在哪里: tester51 C16)
ANGRY_COMPLAINT_TOLD = "理解您的心情，一直没解决确实让人着急。这次我帮您登记，并注明多次反映未解决。"


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


# the opening words of a call, said in one breath with the problem ("喂你好我要反映一下就是我们小区垃圾站…",
# "那我重新反映一下吧，停车费…": tester47 B19)
# 那个 before 那: "那个我们楼里有人群租" was titled 个我们楼里… (tester59 G21)
_OPENING = re.compile(r"^(?:[，,。！!\s]*(?:喂|哎|嗯|啊|那个|那(?!个)|好吧|你好|您好|在吗|就是|"
                      r"我?(?:今天)?(?:想|要|得|必须)*(?:重新|再)?(?:反映|投诉|举报|说说|说道说道|讲讲)"
                      r"(?:一下|个事儿?|件事儿?|一个事儿?|个问题|一个问题)?(?:吧|啊)?))+[，,。！!：:\s]*")


def _without_opening(text: str) -> str:
    """``text`` without the call's opening words before the problem, when what follows tells it."""
    m = _OPENING.match(text)
    rest = text[m.end():] if m else text
    return rest if m and m.end() and len(re.sub(r"\W", "", rest)) >= 4 and _tells_problem(rest) else text


def _without_preamble(text: str) -> str:
    """``text`` from its first clause that tells a problem, when clauses before it tell none (你好 我是个
    老头子 不太会用这个 我想说说我们楼的事，…下水道堵了 / 你们12345到底管不管事！！！我都打了八百遍电话了，
    …): a title names the problem, the text keeps all."""
    text = _without_opening(text)
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



# talk to the bot, no fact of the matter: a vocative or an introduction (闺女, 我是老头子), "I can't work this"
# (不会弄这个), "I can't put it well" (我也说不好), "I said so" (我刚说了啊), "I have no case number" (我没有编号啊 /
# 我没记编号), a question back about the form itself (我是问还要不要在你这登记, 外卖还要说地方啊), a read-back's
# correction cue (地址不对) and "on the bus, of course" (车上啊): each was filed in the case's text (tester57 F13)
CHATTER_CLAUSE = re.compile(
    r"(?:闺女|姑娘|小姑娘|丫头|小伙子|同志|师傅|机器人|小同志)(?:啊|呀)?"
    r"|(?:你好|您好|喂)?我是(?:个|一个)?(?:老头子?|老太太|老太婆|老婆子|老人家?|老年人|退休的?|外地人?的?)(?:啊|呀|了)?"
    r"|我?(?:也|真|实在)?(?:不会|不太会|不懂|不太懂)(?:弄|用|操作|打字|整)(?:这个|这玩意儿?|手机|电脑|这些)?(?:啊|呀)?"
    r"|我?(?:也|真)?(?:说不好|说不清楚?|讲不清楚?|说不明白|讲不好)(?:啊|呀)?"
    r"|我?(?:刚|刚才|刚刚)?(?:不是|都|已经)*(?:说|讲)(?:了|过)(?:吗|嘛|啊|呀|的)*"
    r"|我?(?:没有?|没记|忘了?|不记得|不知道)(?:记|带)?(?:工单)?(?:编号|单号|工单号|查询码)(?:啊|呀|了)?"
    r"|我?(?:就|只)?(?:是|想)?问(?:一下|问)?(?:还|是不是)?(?:要不要|用不用|需不需要|得不得|需要|用)(?:在|跟|给)?"
    r"(?:你这儿?|你们这儿?|这儿?|你这里|你们)?(?:登记|反映|报|备案)(?:一下)?(?:啊|呀|吗|呢)?"
    r"|[\u4e00-\u9fff]{0,4}(?:还要|还得|也要|还用|也得)(?:说|讲|报|告诉你)(?:个)?(?:地方|地址|地点|位置)(?:啊|吗|呀|嘛|呢)?"
    r"|(?:地址|地点|位置|时间|电话|问题描述|描述)(?:也)?(?:不对|错了|写错了|说错了|有误)(?:啊|呀|了)?"
    r"|在?(?:车上|车里)(?:啊|呀|呢|嘛)"
    # tester59 G21: 不留电话 / 电话就不留了, 你们管不管啊, 你说是啥就是啥, 我第一句话就说了
    r"|(?:电话|号码)(?:我)?(?:就|也|还是)?(?:不留|别留|不给)(?:了|吧|啦|啊)*|我?(?:就|也)?(?:不留|不想留|不给)(?:电话|号码|手机号?)(?:了|吧|啊)*"
    # 我不留电话也不留名字 (tester59 G21 p01)
    r"|我?(?:就|也)?(?:不留|不想留|不给)(?:电话|名字|姓名|号码)(?:也(?:不留|不给)(?:电话|名字|姓名|号码))?(?:了|吧|啊)*"
    r"|(?:你们)?(?:到底|倒是)?(?:管不管|能不能管|管得了吗|管得了不)(?:啊|呀|呢|嘛)?"
    r"|你说是?(?:啥|什么)就是(?:啥|什么)(?:吧|啊)?"
    r"|我?(?:第一句话?|一开始|开头)(?:就|都|早就)?(?:说|讲)(?:了|过)(?:啊|呀|的)*")
# "第一个是…" before the first of two problems (its second parked): no part of it
FIRST_OF_TWO = re.compile(r"^(?:第一个?(?:事儿?|问题)?(?:就)?是|第一|一是|首先是?)[，,：:、\s]*")


def _without_chatter(text: str) -> str:
    """``text`` without its clauses of talk to the bot (``CHATTER_CLAUSE``) and without "第一个是" before it;
    unchanged when too little would be left. Every other clause stays as said."""
    if not text:
        return text
    clauses = re.split(r"(?<=[，,。；;！!？?\s])", text)
    kept = [c for c in clauses if not CHATTER_CLAUSE.fullmatch(re.sub(r"\W", "", c))]
    rest = re.sub(r"([，,。；;！!？?])[，,。；;\s]+", r"\1", "".join(kept)).strip("，,。；; ")
    first = FIRST_OF_TWO.match(rest)
    if first and len(re.sub(r"\W", "", rest[first.end():])) >= 4:
        rest = rest[first.end():]
    return rest if len(re.sub(r"\W", "", rest)) >= 4 else text


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


def _without_place_head(text: str, address: Optional[str] = None) -> str:
    """``text`` without its first clauses when they only say where and the case's address holds them
    (石景山，鲁谷，有家烧烤店… filed at 北京市石景山区鲁谷…: the title began with the place, tester59 G21)."""
    known = (address or "").removeprefix("北京市")
    if not known:
        return text
    rest, dropped = text, False
    while True:
        m = re.match(r"^\s*([^，,。；;！!？?\s]+)[，,。；;！!？?\s]+(.+)$", rest)
        if not m:
            break
        clause = m.group(1)
        district = re.fullmatch(rf"(?:北京市?)?({_DISTRICT_NAMES})区?", clause)
        body = re.sub(rf"^(?:北京市?)?(?:{_DISTRICT_NAMES})区?", "", clause)
        if _tells_problem(clause) or DETAIL.search(clause) or not (
                (district and district.group(1) in known) or (len(body) >= 2 and body in known)):
            break
        rest, dropped = m.group(2), True
    bare = re.sub(r"\W", "", rest)
    return rest if dropped and len(bare) >= 6 and bare not in known.replace(" ", "") else text


# what may follow a place name and still say where (门口, 3号楼, 东侧, 对面, 附近)
_WHERE_WORDS = re.compile(r"[0-9]|号|楼|栋|单元|层|室|门|口|侧|旁|对面|附近|路|街|里|院|区|村|角|边|内|外|"
                          r"(?:服务)?中心|卫生站")   # (…玉桥社区卫生服务中心 was cut to 玉桥社区: session 52)
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
# someone else's phone (供电局电话打不通, 物业电话没人接), and the citizen's own named as wrong
OTHERS_PHONE = re.compile(r"(?:局|公司|物业|客服|热线|司机|老板|商家|店家|房东|中介|单位|医院|学校|他|她|对方|人家)的?"
                          r"(?:电话|手机|号码)|(?:电话|手机)[^，,。]{0,4}(?:打不通|没人接|不接|关机|占线|停机)")
OWN_PHONE = re.compile(r"我的?(?:电话|手机|号码)|联系电话|(?:电话|手机|号码)(?:号码)?[^，,。]{0,3}(?:不对|错|改|换|有误|少|多)|"
                       r"(?:改|换|留)(?:个|一下)?(?:电话|手机|号码)")
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
    if "contact" in named and OTHERS_PHONE.search(said) and not OWN_PHONE.search(said):
        named.remove("contact")  # "供电局电话打不通": someone else's phone, no part of the complaint (tester47 B9)
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
    # (好 of 好几个月了 is no yes: "不对，是好几个月了" was filed as 几个月了, session 53's conversations)
    value = re.sub(r"^(?:嗯|对|是的|好(?![几多些久长大])|不对|不是|没错|再补充一下|补充一下|还有)+[，,。 ]*", "", value.strip())
    return value.strip("，,。 ") or said.strip()


def _is_hours(said: str) -> bool:
    """Whether ``said`` gives when something happens (每天晚上十一点以后, 周末, 全天) and no place."""
    said = NOT_HOURS.sub("", NOT_HOUR_DIGITS.sub("", said))
    # (在朝阳区望京SOHO T3: a place with a tower's number, no hour: tester51 C4)
    return bool(TIME_HINT.search(said) and not PLACE_WORDS.search(said) and not _DISTRICT_SAID.search(said)
                and (TIME_OF_DAY.search(said) or WEEK_TIME.search(said) or ALL_DAY.search(said)))


# digits that are no hour: a phone or hotline number (打了96777说马上到, 报了110)
NOT_HOUR_DIGITS = re.compile(r"\d{5,}|(?<!\d)1[12][09](?!\d)|(?:打|拨|报)了?\d+|"
                             r"\d+(?:号楼|号院|单元|栋|层|室|号门|号线|路(?:公交|车|汽车)?)|\d{2,}楼(?![上下])|"
                             # (10号线 国贸站: 10号线 was filed as the time: session 52)
                             r"[一二三四五六七八九十]+号线")  # (5号楼: tester47 B6; 805楼: tester57 F6)
# 点 that is no hour (快点处理, 有点吵, 地点)
NOT_HOURS = re.compile(r"快点|慢点|有点|一点儿|点儿|重点|地点|观点|特点|优点|缺点|点赞|一点都|"
                       # (网上点的: an order, filed as the time: session 52)
                       r"(?:网上|手机上|[Aa][Pp][Pp]上?|美团上?|饿了么上?|小程序上?|外卖)点(?:的|了|餐|菜|外卖)?|点(?:外卖|餐|菜)")
# "你们快点修": urging, nothing to change in the summary
URGING = re.compile(r"(?:你们|请|麻烦)?(?:快点|赶紧|尽快|抓紧|赶快|马上)(?:处理|修|来|解决|管管|管|办)?"
                    r"(?:一下|吧|啊|呀|了)?[！!。.]*")


# a time, or how long / how often, said as a reply ("俩月了，一直这样", "这礼拜天天这样", "现在，今天",
# "今年夏天盖的"): what the read-back takes as the time
WHEN_SAID = re.compile(
    r"[0-9一二三四五六七八九十两俩几半好]+个?多?(?:天|日|周|星期|礼拜|月|年|小时|钟头|分钟)(?:了|多|来|以来|左右)?"
    r"|(?:好|很|挺|老|这么)(?:久|长时间|长一段时间)(?:了)?"
    r"|天天|每天|每晚|每周|每个?月|每年|每次|经常|老是|总是|老(?=这样|那样|这么)|一直|始终|反复|三天两头|时不时|隔三差五"
    r"|现在|今天|今儿|昨天|昨儿|前天|前儿|刚才|刚刚|今早|今晚|昨晚|早上|晚上|夜里|半夜|"
    r"[这上本下]个?(?:礼拜|星期|周|月)|今年|去年|前年|[春夏秋冬]天|开学|年初|年底|月初|月底|最近|近来|"
    r"这两天|这几天|前几天|周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|从来|一向"
    # a holiday (从国庆节前后就开始了: tester48's time at the phone question; 十一 only as the holiday)
    r"|(?:国庆|春节|过年|大年|元旦|中秋|端午|清明|五一|劳动节|元宵|寒假|暑假|年前|年后)节?"
    r"|十一(?=前后|以后|之后|期间|长假|假期|放假|那几天|后|前)"
    # a season of the heating (这个供暖季一直这样 at the phone question was parked as a second problem: session 52)
    r"|(?:早|晚|早晚|上班|下班|上下班|早上|晚上)高峰|常年|长年|一年到头|一年四季|(?:好|很)多年"
    r"|(?:这个|整个|今年|去年|上个)?(?:供暖季|采暖季|供暖期|采暖期|冬季|夏季)|入冬|入夏|(?:这|上|本|下)(?:个)?学期|学期[初末]|"
    r"(?:开始)?(?:供暖|来暖气?)(?:以来|以后|之后|后|开始)"
    # the lunar calendar's days (每个月初一十五 at the phone question was dropped unsaid: session 54's conversations)
    r"|(?:每逢|逢|每到|每个?月)?(?:农历|阴历)?(?:(?<![上读念是])初[一二三四五六七八九十](?![学年班级生孩中])|(?<![0-9一二三四五六七八九十])十五(?![0-9号楼层栋幢单元室个块元岁分秒年天日月周位人只辆次米斤])|廿[一二三四五六七八九])"
    r"(?:[、和跟]?(?:初[一二三四五六七八九十]|十五(?![0-9号楼层栋幢单元室个块元岁分秒年天日月周位人只辆次米斤])))?|(?:清明|中元|寒衣|鬼)节|七月半"
    # a time of one's day (晚上下班的时候 at the phone question was added to the problem: session 55's conversations)
    r"|(?:上班|下班|上下班|放学|上学|接孩子|送孩子|睡觉|午休|吃饭)(?:的)?(?:时候|时间|时段|时|前|后|以后|之前|那会儿?)")
# what may stand beside a time and still say nothing else ("一直都这样", "今年夏天盖的", "就是现在")
_WHEN_REST = re.compile(r"这样|那样|这么着?|如此|都|就|也|了|的|是|还|在|开始|起|以来|到现在|至今|盖|建|搭|发生|出现|时候|"
                        # about, usually (就刚才，晚上九点半左右; 一般都是早上七点和晚上八点左右: tester47 B7)
                        r"左右|前后|上下|大概|大约|差不多|一般|通常|和|跟|或者|到|"
                        # (几乎每天夜里十二点以后 at the phone question was added to the problem: session 51)
                        r"几乎|基本上|基本|经常|总是|老是|常常|往往|"
                        r"嗯|哦|啊|呀|吧|呢")
# "中" (北京/北方话 "OK"), "得嘞", "没问题": yes to the read-back, also when the intents miss it
YES_SAID = re.compile(r"(?:中|中中|中啊|得嘞|妥了?|成|没问题|对头|好嘞|嗯呐|嗯哪|可以的?|行吧|就这样|没毛病)[。！!～~]*")


def _said_this_turn(tracker: Tracker, mark: str) -> bool:
    """Whether the bot said ``mark`` since the citizen's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and mark in (event.get("text") or ""):
            return True
    return False


def _last_turn(tracker: Tracker) -> List[str]:
    """The texts of the bot's last turn (its messages between the citizen's last two), in order."""
    users = 0
    said: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            said.insert(0, event.get("text") or "")
    return said


def _said_last_turn(tracker: Tracker, mark: str) -> bool:
    """Whether the bot's last turn (before the citizen's latest message) said ``mark``."""
    return any(mark in text for text in _last_turn(tracker))


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
# (商镇保定村: a village, no city)
OUTSIDE = re.compile("(?:" + "|".join(n for n, _, _ in OUTSIDE_PLACES[:-2]) + r")(?![村镇乡])|河北(?![镇村路街])|天津(?![路街])")


# another place named but not as the problem's (老家河北的，户口没迁过来; 新闻说河北印发了文件; 该店经理在河北): data
# messages about a school place and a shop got "北京以外"
def _mentions(names: str) -> re.Pattern:
    """Places of ``names`` named but not as the problem's: a home town, the news, a policy, an example, a list, where
    someone else is (老家河北的, 新闻说河北印发了文件, 像重庆巫山县的书记, 宜昌、荆州、重庆等地, 经理在河北)."""
    return re.compile(
        rf"(?:老家|户口|户籍|籍贯|原籍|祖籍|来自|出生在|出生于|新闻|报道|听说|据说|看到|比如|例如|像)[^，,。！？!?；;]{{0,6}}(?:{names})|"
        rf"(?:{names})(?:省|市)?(?:的)?(?:人|户口|户籍|籍|老家)|"
        rf"(?:系|是)(?:{names})(?:省|市)?[\u4e00-\u9fff]{{0,4}}(?:区|县|市|镇|村)人(?![员民群])|"
        rf"(?:出差|旅游|旅行|去过|到过|玩)(?:去|到)?(?:了)?(?:{names})|"
        rf"(?:{names})[^，,。！？!?；;]{{0,6}}(?:印发|出台|发布|发文|文件|政策|推行|试行|实行|等地|等省|等城市|那边的政策|大爆炸|爆炸|事故|事件)|"
        rf"(?:经理|老板|负责人|法人|对方|他|她)[^，,。！？!?；;]{{0,4}}(?:在|去了|回了?)(?:{names})")


OUTSIDE_MENTION = _mentions("|".join(n for n, _, _ in OUTSIDE_PLACES))
OUTSIDE_TOLD = "北京12345只受理北京市范围内的问题"
# a matter of Beijing's though said from outside: a Beijing bus line, a ride into Beijing (814路 from 燕郊 to 国贸)
INTO_BEIJING = re.compile(r"北京公交|公交集团|(?:开|坐|通|到|进)(?:到|往)?(?:北京|国贸|大望路|四惠|东直门|天安门|西直门|北京站)|"
                          r"进京|来北京|回北京|(?:北京|国贸|大望路|四惠|东直门)(?:的)?(?:公交|班车|线路)|"
                          r"(?<![0-9])[0-9]{3}路(?:公交|车)?[^。！？!?]{0,12}(?:挤|等不到|坐不上|上不去|甩站|不停|拒载|司机)")


# the number refused with 算了 ("算了不留电话", "算了，电话就不留了"): a refusal, never the report dropped (tester50 C7)
PHONE_REFUSED = re.compile(r"(?:不留|不用留|不想留|不愿意留|不方便留|不给|不要|别留)(?:电话|号码|手机|联系方式)|"
                           r"(?:电话|号码|手机|联系方式)(?:就|也|还是)?(?:不留|不用留|不想留|不方便留|不给|算了|免了|别留)")
# the report dropped just before ("算了，不说了"), wanted after all: "还是反映一下吧", "我还是登记吧" (tester50 C7)
RESUME_LEAD = re.compile(r"^(?:(?:唉|哎|嗯|那|算了|想了想|我想了想)[，,。\s]*)*(?:我|那我)?(?:还是|想想还是)(?:要|得|想)?"
                         r"(?:反映|登记|投诉|举报|报|说|提交)(?:一下|下)?(?:吧|了|啊|吧啊)?[，,。！!\s]*|"
                         r"^(?:(?:唉|哎|嗯|那)[，,。\s]*)*(?:继续|接着)(?:反映|登记|说)(?:吧)?[，,。！!\s]*")
DROPPED_MARK = "本次反映没有提交"


def _dropped_draft(tracker: Tracker) -> Dict[str, Any]:
    """The complaint's slots as they were when the bot said, in its last turn, that the report was not filed
    (utter_cancelled); {} when it did not say so then."""
    if not _said_last_turn(tracker, DROPPED_MARK):
        return {}
    values: Dict[str, Any] = {}
    at: Dict[str, Any] = {}
    for event in tracker.events:
        if event.get("event") == "slot" and event.get("name") in FORM_SLOTS + ("contact",):
            values[event["name"]] = event.get("value")
        elif event.get("event") == "bot" and DROPPED_MARK in (event.get("text") or ""):
            at = dict(values)
    return {k: v for k, v in at.items() if v is not None}


# someone asked to be sent at once, or a person asked for, before the place is known ("你们快派人来啊！！！",
# "我要人工"): the place first, briefly, so that whoever is sent can find it (tester50 C2)
SEND_NOW = re.compile(r"(?:快|赶紧|赶快|马上|尽快|快点|抓紧|立刻)(?:派人|派个人|来人|过来|来救|救人|来)|派人来|来人啊|"
                      r"(?:转|找|要)(?:人工|真人|客服|坐席)|人工(?:客服|服务|坐席)")
PLACE_FIRST = "理解您着急。为了尽快派人，请先告诉我具体地点（区、街道、小区或道路名称）。"
# no person joins this chat (the hand-off files a case an operator calls back on): said so wherever one is asked for
PERSON_NOT_HERE = "我是12345的智能助手，在这里没法直接转接人工坐席，想马上和话务员通话请直接拨打12345。"
CALL_BACK_MARK = "注明需要话务员回电"
# the matter said with the wish for a person: registered at once, the call-back noted
REGISTERED_WITH_CALL_BACK = f"我先帮您把这件事登记下来，并{CALL_BACK_MARK}，话务员会按您留的电话联系您。"
# 转人工 while the place is asked: the call-back noted, the place first (a case with none was filed: tester51 C5)
PLACE_FIRST_PERSON = (f"好的，我会在工单上{CALL_BACK_MARK}。这里没法直接转接人工坐席；为了让工作人员尽快处理，"
                      "请先告诉我具体地点（区、街道、小区或道路名称）。")
PLACE_FIRST_MARK = "请先告诉我具体地点"
PERSON_ASKED = re.compile(r"人工|真人|客服|坐席")


def _place_first(tracker: Tracker) -> Optional[str]:
    """What to say when a person or help is asked for in the complaint form while its place is still missing
    (the case was filed with no address, the operator could send no one: tester50 C2): ask for the place first;
    None when the place is known or no complaint is in hand. (For action_handoff, before it files.)"""
    if not tracker.active_loop.get("name") or tracker.get_slot("requested_slot") != "address":
        return None
    if tracker.get_slot("address") or not (tracker.get_slot("description") or tracker.get_slot("description_draft")):
        return None
    said = str((tracker.latest_message or {}).get("text") or "")
    return PLACE_FIRST_PERSON if PERSON_ASKED.search(said) else PLACE_FIRST


# another city said before a place in it (长春市朝阳区红旗街, 吉林长春的朝阳区): a district Beijing has too
# (朝阳区, 通州区) is that city's, never Beijing's (it was filed as 北京市朝阳区红旗街: tester50 C3)
OTHER_CITIES = {
    "长春": "吉林省", "吉林": "吉林省", "沈阳": "辽宁省", "大连": "辽宁省", "鞍山": "辽宁省", "锦州": "辽宁省",
    "哈尔滨": "黑龙江省", "大庆": "黑龙江省", "济南": "山东省", "青岛": "山东省", "烟台": "山东省", "太原": "山西省",
    "大同": "山西省", "郑州": "河南省", "洛阳": "河南省", "武汉": "湖北省", "长沙": "湖南省", "南京": "江苏省",
    "苏州": "江苏省", "无锡": "江苏省", "南通": "江苏省", "徐州": "江苏省", "杭州": "浙江省", "宁波": "浙江省",
    "温州": "浙江省", "合肥": "安徽省", "南昌": "江西省", "福州": "福建省", "厦门": "福建省", "广州": "广东省",
    "深圳": "广东省", "东莞": "广东省", "佛山": "广东省", "南宁": "广西壮族自治区", "海口": "海南省", "三亚": "海南省",
    "成都": "四川省", "贵阳": "贵州省", "昆明": "云南省", "西安": "陕西省", "兰州": "甘肃省", "西宁": "青海省",
    "呼和浩特": "内蒙古自治区", "包头": "内蒙古自治区", "银川": "宁夏回族自治区", "乌鲁木齐": "新疆维吾尔自治区",
    "拉萨": "西藏自治区", "上海": "", "重庆": "",
}
_PROVINCES = ("吉林|辽宁|黑龙江|山东|山西|河南|湖北|湖南|江苏|浙江|安徽|江西|福建|广东|广西|海南|四川|贵州|云南|陕西|"
              "甘肃|青海|内蒙古?|宁夏|新疆|西藏")
_CITIES = "|".join(sorted(OTHER_CITIES, key=len, reverse=True))
OTHER_CITY = re.compile(rf"(?<!不是)(?<!不在)(?:(?:{_PROVINCES})省?的?)?({_CITIES})(?:市(?:的|里)?(?=[\u4e00-\u9fff]{{1,4}}(?:区|县|路|街|镇))|"
                        # (城西安置小区 is no 西安: a community's 小区 is no district)
                        # (城西安置区 neither)
                        rf"的?(?=[\u4e00-\u9fff]{{1,3}}(?:区|县))(?![\u4e00-\u9fff]{{0,2}}(?:小区|社区|园区|校区|片区|景区|厂区|街区|置区)))")
CITY_MENTION = _mentions(_CITIES)


def _other_city(said: str) -> Optional[str]:
    """What to tell a citizen who names another city before the place (长春市朝阳区…), or None; 北京 said as
    the place (北京市朝阳区, not 不是北京的) keeps it in Beijing."""
    plain = CITY_MENTION.sub("", re.sub(r"\s", "", said or ""))
    found = OTHER_CITY.search(plain)
    if not found or re.search(r"(?<!不是)(?<!不在)北京市?(?:的)?(?:" + _DISTRICT_NAMES + ")区", plain):
        return None
    name = found.group(1)
    province = OTHER_CITIES[name]
    place = f"{name}市属于{province}" if province else f"{name}市不在北京市"
    return (f"您说的地方在北京以外（{place}），{OUTSIDE_TOLD}。请向当地反映：{name}市也可以拨打12345政务服务便民热线。"
            "如果问题其实发生在北京，请告诉我在北京哪个区、哪条街道，我再帮您登记。")


def _outside_beijing(said: str) -> Optional[str]:
    """What to tell a citizen whose problem is outside Beijing (燕郊 …, 长春市朝阳区 …), or None: a Beijing
    district named with it (房山区河北镇) keeps it in Beijing."""
    city = _other_city(said)
    if city:
        return city
    rest = OUTSIDE_MENTION.sub("", said or "")
    found = OUTSIDE.search(rest)
    if not found or re.search(rf"(?:{_DISTRICT_NAMES})区|北京市", said):
        return None
    if INTO_BEIJING.search(re.sub(r"\s", "", said)):
        return None   # a Beijing bus from 燕郊 to 国贸 (tester56 E17: refused twice, the explanation ignored)
    # the most specific name said (燕郊 before 河北)
    name = next((n for n, _, _ in OUTSIDE_PLACES[:-2] if n in rest), found.group(0))
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


# a clause that opens with where (在国贸; 从 opens times too: 从入冬就这样): no time
_AT_PLACE = re.compile(r"(?:^|[，,\s])在(?!(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨|白天|周|星期|礼拜|月|年|"
                       r"[0-9一二三四五六七八九十两几上这去今昨前明后]))[\u4e00-\u9fff]{2,}")


def _when(said: str) -> Optional[str]:
    """The time ``said`` gives when it says a time or how long / how often and nothing else (no
    place, no detail, no problem): "俩月了，一直这样" → 俩月了，一直这样; None otherwise (不需要时间
    is none: a time refused, ``TIME_REFUSED``; 每天晚上，不知道具体时间 → 每天晚上)."""
    value = re.sub(r"^[，,。\s]+|[，,。\s]+$", "", TIME_REFUSED.sub("", said)).strip("，,。！!？? ")
    if not value or PLACE_WORDS.search(value) or DETAIL.search(value):
        return None
    if re.search(r"\d+\s*(?:号楼|楼(?![上下])|层|号院|室|单元|栋|幢)", value) and not CLOCK.search(value):
        return None   # 112楼 is a building (tester56 E5: filed as the time)
    if _AT_PLACE.search(value):
        return None   # 昨天晚上，在国贸: a place said with the time (it was all the time: session 55's conversations)
    if not (WHEN_SAID.search(value) or _is_hours(value)):
        return None
    # (the words of a time first: TIME_HINT alone takes 晚 out of 晚上 and leaves 上)
    rest = re.sub(r"\W", "", _WHEN_REST.sub("", TIME_HINT.sub("", WHEN_SAID.sub("", value))))
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
    new = re.sub(r"^(?:就是|就在|就|大概是|大概|差不多是?)(?=\S{2})", "", new.strip())  # 就今天早上八点左右 (tester51 C19)
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


_PLACE_PIECE_BUILDING = re.compile(r"[0-9一二三四五六七八九十两]+(?:号楼|号院|栋|幢|单元|号)")


def _same_place_piece(said: str) -> Optional[str]:
    """The building said with "the same place" (就在同一个小区，3号楼 → 3号楼), or None: the place before, that
    building of it (it was 这个地点还不够具体 twice: session 51's conversations)."""
    if not _SAME_AS_BEFORE.search(said):
        return None
    pieces = _PLACE_PIECE_BUILDING.findall(said)
    rest = _SAME_AS_BEFORE_WORDS.sub("", _PLACE_PIECE_BUILDING.sub("", said))
    return "".join(pieces) if pieces and not rest else None


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


# the kind of a problem said alone (环境污染, 是噪音问题, 属于市容管理吧), and what is said to it
KIND_LEFT = "好的，问题的类别由工作人员根据您的描述来判断，不影响登记。"
_KIND_ONLY = re.compile(r"(?:是|属于|算|就是)?(?:环境污染|环境保护|环保|污染|噪音|噪声|油烟|排污|城市建设|城乡建设|市容管理|市容|城市管理|"
                        r"施工|商铺经营|消费|商贸旅游|劳动工资|社保|劳动和社会保障|交通出行|交通运输|交通|教育|文体|教育文体|"
                        r"医疗卫生|卫生计生|医疗)(?:和社保|和文体|方面|类|类的|问题|方面的问题|的问题|的)*(?:吧|啊|呀|的)?")


def kind_only(said: str, description: str) -> bool:
    """Whether ``said`` only names the kind of problem: an abstract kind (环境污染, 市容管理), or a concrete one
    the description already tells (油烟 after …油烟管道…; 油烟 after 我家楼下的烧烤店 says what is wrong)."""
    m = _KIND_ONLY.fullmatch(re.sub(r"\W", "", said or ""))
    if not m:
        return False
    word = re.search(r"噪音|噪声|油烟|排污|污染|施工|消费|交通|社保|教育|医疗|市容", m.group(0))
    abstract = re.search(r"环境污染|环境保护|环保|城市建设|城乡建设|市容管理|城市管理|商铺经营|商贸旅游|劳动工资|劳动和社会保障|"
                         r"交通出行|交通运输|教育文体|医疗卫生|卫生计生", m.group(0))
    return bool(abstract) or bool(word and word.group(0) in (description or ""))


def _told_more(slot: str, description: str, said: str, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """More about the problem said where ``slot`` was asked: added to the description (no abuse),
    acknowledged; the question is asked again."""
    told = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "，", (_civil(said) or said).strip('，,。 '))
    if kind_only(told, description):
        # "环境污染" said where the time was asked: the kind of problem, for the operator to judge (it was glued to
        # the problem: 楼下的饭店把油烟管道…，环境污染: session 54's conversations)
        dispatcher.utter_message(text=KIND_LEFT)
        return {slot: None}
    more = f"{description}，{told}"
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
        # (short, yet each a problem of its own: "小区垃圾没人清，还有物业乱收费" was filed as one: session 53)
        if not (min(len(re.sub(r"\W", "", rest)), len(re.sub(r"\W", "", first))) >= 4 and PROBLEM_WORDS.search(first)
                and new_problem_words(rest, first) - {"乱", "坏了", "问题"}):
            return said, None
    noise_added = bool(NOISE_WORDS.search(rest) and not NOISE_WORDS.search(first)
                       and not re.search(r"施工|装修|电钻|切割|打桩|广场舞|唱歌|音响|喇叭|跳舞|KTV|ktv", first)
                       and PROBLEM_WORDS.search(first) and not RISK_OF_IT.search(rest))
    if weak and not noise_added and not (set(PROBLEM_WORDS.findall(rest)) - set(PROBLEM_WORDS.findall(first))
                                         and PROBLEM_WORDS.search(first)):
        return said, None  # "还有电钻声": more of the same problem
    detail = re.split(r"[，,。；;！!\s]", rest, maxsplit=1)[0]
    if weak and not noise_added and len(detail) <= 3 and not PROBLEM_WORDS.search(detail):
        return said, None  # "…把污水倒在雨水井里，还有头发，味道很难闻": what else went in (session 49)
    if weak and not noise_added and _ITS_SMELL.fullmatch(re.split(r"[，,。；;！!\s]", rest, maxsplit=1)[0]):
        return said, None  # "楼下宠物店天天狗叫，还有一股味道": the same source's smell (session 56: split off)
    # (油烟…还有他们家空调外机半夜也嗡嗡响: a noise beside a fume is another problem, with its own hours: tester53 D16)
    if weak and RISK_OF_IT.search(rest):
        return said, None  # "…底下就是人行道，还有小孩上学走那儿，随时掉下来砸着人": the same matter's danger (tester48 N1)
    return first, rest


# a smell or dust said with no source of its own ("还有一股味道", "还有很大的臭味"): the same source's
_ITS_SMELL = re.compile(r"(?:也|还)?(?:有|是)?(?:一股|一股子|股|很大的?|好大的?|特别大的?|很重的?|难闻的|刺鼻的)?"
                        r"(?:味道?|臭味儿?|异味|气味|骚味|腥味|怪味|臭气|灰尘?|粉尘)"
                        r"(?:很大|特别大|很重|特别重|难闻|刺鼻|很冲|特别冲|呛人)?")


# what the matter said before may do ("随时掉下来砸着人", "万一着火"): its danger, never a problem of its own
RISK_OF_IT = re.compile(r"随时|万一|迟早|早晚|说不定|保不齐|一不小心|(?:砸|伤|碰|烫|电)(?:着|到|伤)(?:人|孩子|小孩|老人)|"
                        # …路灯坏了 还有人在那摔了: the harm it did (tester56 E13: split off as a problem of its own)
                        r"(?:人|老人|孩子|小孩|老太太|大爷)[^，,。]{0,4}(?:摔了|摔倒|绊倒|崴了|掉下去|撞了|磕了|受伤)|"
                        r"(?:会|要|怕|别)(?:砸|伤|掉|塌|倒|着火|出事|出人命)")


_DISTRICT_NAMES = "东城|西城|朝阳|海淀|丰台|石景山|门头沟|房山|通州|顺义|昌平|大兴|怀柔|平谷|密云|延庆"
_DISTRICT_SAID = re.compile(rf"(不是|不在|并非)?(?:北京市?)?({_DISTRICT_NAMES})区")
_DISTRICT_OF = re.compile(rf"^(?:北京市?)?(?:{_DISTRICT_NAMES})区")
# a district named alone without its 区, as a piece of a place ("顺义，后沙峪，裕祥花园西边那条路": pauses read as commas)
_BARE_DISTRICT = re.compile(rf"(?:北京市?)?({_DISTRICT_NAMES})(?:区)?")


def _district_piece(clause: str) -> Optional[str]:
    """"顺义" / "北京顺义" said as a clause of its own: the district with its 区 (顺义区); None otherwise."""
    m = _BARE_DISTRICT.fullmatch(clause.strip())
    return f"{m.group(1)}区" if m else None


# a clause before the place that says none ("我刚说了啊", "我也不知道是哪个区", "我记错了", "哦不对")
LEAD_IN = re.compile(r"说了|说过|刚说|刚才|不知道|不清楚|说不清|记错|记不清|不对|错了|搞错|弄错|我也|哦|噢|嗯|啊|呃|那个|就是|"
                     r"烦不烦|烦死了|快点|墨迹|磨叽|啰嗦|你们|你好|您好")  # (烦不烦，你们就不能快点，通州…: tester59 G13)


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


# a clause that only holds the voice's fillers (嗯, 那个 …) or a correction's cue (不对, 说错了)
_FILLER_CLAUSE = re.compile(r"(?:嗯|呃|额|啊|哦|噢|那个|这个|就是|然后|那|这)+")
_CORRECTION_CLAUSE = re.compile(r"(?:哦|噢|啊)?(?:不对|不是|错了|说错了|记错了|搞错了|不不)(?:不对)?")
_CORRECTED = re.compile(r"^(?:哦|噢|啊)?(?:不对|不是|错了|说错了|记错了|搞错了|不不)[，,]?(?:应该)?是(?=\S{2})")
# the end of a place's part (东城区, 和平里街道, 梨园镇, 云景里, 3号楼 …): such clauses are one address
_PART_END = re.compile(r"(?:区|县|镇|乡|街道|地区|社区|小区|村|里|路|街|巷|胡同|号院|号楼|单元|院|园|苑|城|门|口|大厦|广场|"
                       r"[0-9一二三四五六七八九十]+号|那边|那条路上|路上|附近)$")


# 望京, 亦庄, 回龙观 between two parts (not 叫啥来着, 我想想)
_AREA_NAME = re.compile(r"(?!.*(?:叫|啥|什么|来着|吧|吗|呢|了|说|是|有|的|在|就|我|你|他|想|记|好像|大概))[\u4e00-\u9fff]{2,4}")


# words before a place that correct it or name it as such, no part of it ("等等，地址说错了，是东升园公寓门口",
# "location是朝阳区…", "地址是…", "站点在海淀区…": they were stored in the address, tester50 C5)
_CORRECTION_LEAD = re.compile(
    r"^(?:(?:等等|等一下|等会儿?|哦|噢|嗯|哎|诶|呃)[，,。!！\s]*)*"
    r"(?:(?:我?(?:刚才)?(?:的|说的)?(?:地址|地点|位置|地方)(?:说错了|写错了|记错了|搞错了|错了|不对)|我?说错了|我?记错了|搞错了)"
    r"[了啊，,。!！\s]*(?:应该)?(?:是在|是|在)?)?"
    r"(?:[A-Za-z][A-Za-z ]*(?:是|在|:|：)\s*)?"
    r"(?:(?:具体|详细)?(?:的)?(?:地址|地点|位置)(?:是在|就在|是|在|为|:|：)\s*|具体(?:是|就)?在)?")
_FIXED_INSIDE = re.compile(r"[，,。\s]*我?(?:输入|打|写|输)错了[了啊，,。\s]*(?:应该)?是(?=\S{2})")
# pieces of a place typed with spaces that only grope for it ("大兴区旧宫镇那边 具体叫啥我不知道 旧宫东路附近")
_GROPING_PIECE = re.compile(r"不知道|不清楚|叫啥|叫什么|记不清|说不上来|想不起来")


# traditional characters of Beijing's place names, as some type them (東城 東直門: tester53 D8 kept 東城 beside 东城区)
_T2S = str.maketrans("東區門陽澱臺豐興順懷雲慶條號樓園裡莊華橋廣場鎮鄉寧內後頭灣廟", "东区门阳淀台丰兴顺怀云庆条号楼园里庄华桥广场镇乡宁内后头湾庙")


# a place's kind said first, its name after (的一所公立小学，叫芳草地小学; 一家超市，名字叫物美)
_KIND_THEN_NAME = re.compile(r"的?(?:一所|一个|一家|一座|一间|一处)([\u4e00-\u9fff]{0,6}?)[，,\s]*(?:名字|名称)?叫(?:做)?"
                             r"([\u4e00-\u9fff0-9A-Za-z]{2,16})[。]?$")


def _place_said(said: str) -> str:
    """``said`` without the words before its place that correct or label it (等等，地址说错了，是…; location是…;
    地址是…), and without the pieces said between spaces that only grope for it (具体叫啥我不知道); unchanged
    when no place would be left."""
    text = (said or "").strip().translate(_T2S)
    pieces = text.split()
    if len(pieces) > 1 and any(_GROPING_PIECE.search(p) for p in pieces) \
            and not all(_GROPING_PIECE.search(p) for p in pieces):
        kept = [p for p in pieces if not _GROPING_PIECE.search(p)]
        kept = [re.sub(r"(?:那边儿?|这边儿?|那儿|这儿|一带)$", "", p) if i < len(kept) - 1 else p for i, p in enumerate(kept)]
        text = "".join(kept)
    text = re.sub(r"(?:那边儿?|这边儿?)?[，,]?具体(?:叫啥|叫什么|是啥|是什么|在哪)?(?:我|也)*(?:不知道|不清楚|说不上来|记不清)了?[，,]?",
                  "", text) or text
    # a piece corrected inside the answer ("西城区 牛街 输入错了 是南横街" was stored as 西城区牛街南横街, 输入错了 added
    # to the problem: session 51): the right piece, in the district said before it when it names none
    fixed = _FIXED_INSIDE.search(text)
    if fixed and fixed.start() > 0 and len(re.sub(r"\W", "", text[fixed.end():])) >= 2:
        # (only the piece typed last before the cue is wrong: 东城区 和平里街道 和平里七区 打错了 是九区 keeps the street)
        head, tail = text[:fixed.start()], text[fixed.end():].strip()
        kept = [p for p in re.split(r"[，,\s]+", head) if p][:-1]
        text = tail if _DISTRICT_SAID.search(tail) or not kept else "，".join([*kept, tail])
    # "孩子在朝阳区的一所公立小学，叫芳草地小学": the kind said first, then its name, is the name (it was 不够具体:
    # session 53's conversations); who is there (孩子在) goes with it
    named = _KIND_THEN_NAME.search(text)
    if named and not PLACE_WORDS.search(_DISTRICT_SAID.sub("", text[:named.start()])):   # (…中关村大街的一个科技公司，叫…:
        # the road's place and the name after it are put together later, as before)
        kind, name = named.group(1), named.group(2)
        kind = re.sub(r"^(?:公立|私立|民办|大型|小(?!区|学)|大(?!院|厦|楼|学))", "", kind)   # (一个小区，叫名都园: 名都园区, session 55)
        # (一家超市，叫物美: 物美超市; 一个科技公司，叫星云科技: 星云科技公司)
        if re.search(r"(?:学校|小学|中学|初中|高中|大学|学院|幼儿园|医院|卫生院|诊所|公司|超市|饭店|餐厅|酒店|宾馆)$", name):
            kind = ""   # (一所初中，叫陈经纶中学 was 陈经纶中学初中: session 57's conversations)
        overlap = max((j for j in range(len(kind) + 1) if name.endswith(kind[:j])), default=0)
        name = f"{name}{kind[overlap:]}"
        text = (text[:named.start()] + name).strip("，, ")
        text = re.sub(rf"^[\u4e00-\u9fff]{{1,5}}?(?:就)?(?:是)?在(?=(?:北京市?)?(?:{_DISTRICT_NAMES}))", "", text)
    lead = _CORRECTION_LEAD.match(text)
    rest = text[lead.end():] if lead else text
    if lead and lead.end() and len(rest) >= 2 and (PLACE_WORDS.search(rest) or _DISTRICT_SAID.search(rest)
                                                   or PLACE_LIKE.match(rest)):
        return rest
    return text


def _same_place(normalised: str, said: str) -> bool:
    """Whether the triage's normal form is ``said`` itself in simplified characters (西城區月壇北街25號院 →
    北京市西城区月坛北街25号院: the citizen's traditional words were stored, tester50 C5)."""
    body = normalised.removeprefix("北京市")
    return len(body) == len(said) >= 4 and body != said \
        and sum(a == b for a, b in zip(body, said)) * 2 >= len(said)


def _place_parts(said: str) -> str:
    """A place said in spoken pieces, as one: fillers dropped (东城区，嗯，那个，和平里街道 → 东城区和平里街道),
    a part corrected on the way replaced by its correction (…和平里七区门口，不对，是和平里九区北门 →
    …和平里九区北门), and parts that are all places joined (通州区，梨园镇，云景里 → 通州区梨园镇云景里).
    Clauses that are no place (what happened, when) keep their commas for the place reading after it."""
    clauses = [c.strip() for c in re.split(r"[，,；;]", said) if c.strip()]
    if len(clauses) < 2:
        return said
    kept: List[str] = []
    after_cue = False
    for clause in clauses:
        if _FILLER_CLAUSE.fullmatch(clause):
            continue
        if _CORRECTION_CLAUSE.fullmatch(clause):
            if kept:
                kept.pop()  # the part said wrong; its correction follows
            after_cue = True
            continue
        corrected = _CORRECTED.match(clause)
        if corrected:
            if kept:
                kept.pop()
            clause = clause[corrected.end():]
        elif after_cue:
            clause = re.sub(r"^(?:应该)?是(?=\S{2})", "", clause)  # "…，不对，是和平里九区北门"
        after_cue = False
        kept.append(_district_piece(clause) or clause)  # 西城，白纸坊，建功北里3号楼 (tester51 C9)
    if not kept:
        return said
    if all(_PART_END.search(c) or PLACE_WORDS.search(c) or (0 < i < len(kept) - 1 and _AREA_NAME.fullmatch(c))
           for i, c in enumerate(kept)) and not any(_tells_problem(c) for c in kept):
        return "".join(kept)
    return "，".join(kept)


def _in_district(place: str, known: Optional[str]) -> str:
    """``place`` with the district of the place it corrects or refines when it names none of its own
    (德胜门外大街13号院 for 北京市西城区… → 北京市西城区德胜门外大街13号院)."""
    district = _DISTRICT_OF.match(known or "")
    if not district or re.search(rf"(?:{_DISTRICT_NAMES})区", place):
        return place
    return "北京市" + district.group(0).removeprefix("北京市").removeprefix("北京") + place.removeprefix("北京市")


# sounds and words before a place that are no part of it ("嗯就朝阳公园南门进去右手边", "那个…")
# (行吧 通州 九棵树… / 我说了华清嘉园旁边啊 were kept word for word as the place: tester57 F5)
LEAD_FILLER = re.compile(r"^(?:(?:嗯|呃|额|啊|哦|噢|那个|这个|行吧|好吧|就是那个|我(?:刚才?|都|不是)?说了(?:吗|嘛)?|(?:刚才|我刚才?)?不是说了吗"
                         r"|我说的是)[，,。\s]*)+")
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
# a spot told along a road (往东一百来米, 辅路, 东侧, 路口西边)
_ALONG = re.compile(r"往[东西南北]|[东西南北]侧|辅路|主路|[一二三四五六七八九十百两几\d]+(?:来|多)?米|路口|段")
_LANDMARK_END = re.compile(r"公园|医院|学校|广场|市场|商场|站|机场|大厦|中心|寺|桥|园|苑|里|村|城")


def _refined(known: Optional[str], place: str, said: str = "") -> str:
    """The address after a place said at the read-back: more of the known one when that names an
    area only (北京市朝阳区双井 and 富力城C区 → 北京市朝阳区双井富力城C区) or the new one starts with it
    (朝阳公园 → 朝阳公园南门…); otherwise the new place, in the known district when it names none."""
    if not known:
        return place
    if re.search(r"(?:路|线)公交车上$|(?:号线|线)地铁上$", known) and not re.search(r"公交|号线|地铁|[0-9]路", place):
        # 在国贸站附近 after 300路公交车上: where on the line (the line was lost: session 54's conversations)
        return f"{place}（{known}）"
    districts = re.compile(rf"(?:{_DISTRICT_NAMES})区")
    place_d, old_d = districts.search(place), districts.search(known)
    new_d = districts.search(said) if said else place_d  # the citizen named one: a place said whole
    body, known_body = _DISTRICT_OF.sub("", place), _DISTRICT_OF.sub("", known)
    if _A_ROAD.search(known_body) and _ALONG.search(body) and not _A_ROAD.search(_ALONG.sub("", body)) \
            and not new_d and known_body not in body:
        # "双井桥往东一百来米，辅路上" for 广渠路: a spot along the road known (广渠路 was lost: tester51 C9)
        district = _DISTRICT_OF.match(known) or _DISTRICT_OF.match(place)
        head = ("北京市" + district.group(0).removeprefix("北京市").removeprefix("北京")) if district else ""
        return f"{head}{known_body}{re.sub(r'(?<=路)上$', '', body)}"
    if (place_d and old_d and place_d.group(0) != old_d.group(0)) or (place_d and not old_d):
        return place  # a place in another district: that one
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
# (我在朝阳, 我是丰台的: tester57 F4, 没有理解)
_DISTRICT_ALONE = re.compile(rf"^(?:(?:我|我们|俺|咱)(?:家)?(?:就|也|现在)?(?:是|住)?在?)?(?:就是|就在|是在|也是|还是|就|是|在)?"
                             rf"(?:北京市?)?({_DISTRICT_NAMES})区?"
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


async def _time_part(said: str, loose: bool = False) -> Optional[str]:
    """The time ``said`` gives when the rest tells more of the problem ("天天晚上十一二点还在打桩" →
    天天晚上十一二点: the pile-driving is the problem, not the time); ``loose``: any rest of a word or more tells
    more (每天晚上叫 after 邻居家的狗: the barking); None otherwise."""
    if not loose and not _tells_problem(said):
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
    return time if len(rest) >= 2 and _tells_problem(rest) or loose and rest and not FILLER.fullmatch(rest) else None


# words that grope for a place, no part of it ("那个小区，叫啥来着，德外大街11号院吧")
GROPING = re.compile(r"叫(?:啥|什么)(?:名儿?|名字)?(?:来着)?|我想想|想不起来了?|记不(?:太)?清了?|好像是?|大概是?|"
                     r"可能是|那个(?:小区|地方|院子?|楼)?|那块儿?|那片儿?|(?<=[号院楼区里园门口])吧|(?<![酒网氧书水话])吧$")   # (…酒吧: session 57)
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
    named = [re.sub(r"^(?:是在|就在|是|在|那个)", "", m.group(0))
             for m in re.finditer(r"[\u4e00-\u9fff]{2,}(?:街道|路|街|小区|社区|村|镇|乡|号|楼)", rest)]
    # a part the address holds already said with it says where the district is ("月坛街道在西城": tester47 B5)
    if len(new) != 1 or any(n not in address for n in named):
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
        elif KEPT_SECRET in said or ANONYMOUS_MARK in said:
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
NO_CONTACT_SAID = re.compile(r"不留|不用|不方便|不要|不想|不给|没有|算了|(?<![特个区分告性级类])别(?!人|的)|免了|不必")

# a question, however asked ("这种情况能罚款吗？", "为什么要留电话", "会不会泄露我的信息")
QUESTION_SAID = re.compile(r"[？?]|吗|么|会不会|能不能|可不可以|是不是|有没有|安全|为什么|为啥|干嘛|干什么|有什么用|啥用|怎么")
# said as a question: ends with one, or opens it
QUESTION_FORM = re.compile(r"[？?][。！!\s]*$|(?:吗|么|呢)[？?。！!\s]*$|^(?:请问|问一下|为什么|为啥)")
# the wish that the reported party not learn who reported ("我不想让单位知道是我举报的", "匿名", "保密")
# (听说还不能让老人的子女知道: a firm's rule told of, in a data message about a scam on old people, got 会为您保密)
# (不想让群众明明白白的知道, a utility's; 不要让他们…发现你们了, advice to the police: data letters)
PRIVACY_WISH = re.compile(r"(?:不想|不要|别|不希望|不愿意?)(?:让|被|叫)(?![^，,。？?！!]{0,4}(?:群众|老百姓|百姓|业主|居民|消费者|大家))"
                          r"[^，,。？?！!]{0,10}(?:知道|发现(?!你们)|查到)|"
                          r"(?<![还说])不能(?:让|被|叫)(?![^，,。？?！!]{0,4}(?:子女|家人|家属|父母|孩子|老伴))[^，,。？?！!]{0,10}"
                          r"(?:知道|发现|查到)|(?:能不能|可不可以|能否|请|千万)不让[^，,。？?！!]{0,10}(?:知道|发现)|(?<!说是)(?<!毫无)(?<!没有)(?<!信访)(?<!不)(?<!环)(?<!这么)(?<!那么)(?<!如此)保密(?!工作|性|协议|制度|规定|要求|措施|闭)|匿名(?!交易)|"
                          r"(?:别|不要)(?:告诉|透露)|(?<![生恐])(?:怕|担心|害怕)[^，,。？?]{0,8}(?:报复|穿小鞋|知道是我)|"
                          r"(?:他|她|他们|对方|老板|物业|邻居)(?:会|要)(?:打击)?报复我|"   # (我不想留电话，他们会报复我: session 52)
                          # (生怕别人知道, 恐怕只有他们自己知道: a firm's secrecy, the staff's whereabouts, in data letters)
                          r"(?<![生恐])(?:怕|担心|害怕)(?:被|让)?[^，,。？?！!]{1,8}(?<!自己)知道(?!了吗)")
# (此案件这么保密么: a police case's silence mocked, in a data letter, read as a wish for confidentiality)
# a worry about the number or the citizen's data ("为什么要留电话？会不会泄露我的信息")
# (信息公开的平台 is the government's transparency: a data question got 您留的电话只用于…)
PRIVACY_ASKED = re.compile(r"(?!信息公开|信息公示)(?:信息|电话|号码|手机号?|隐私|身份|名字)[^，,。？?]{0,6}(?:泄露|泄漏|外泄|透露|公开|曝光|安全|"
                           r"(?:给|告诉)(?:他们|对方|被|商家|单位|物业|老板|别人|邻居))|"
                           r"(?:泄露|泄漏|外泄|透露|公开|曝光)[^，,。？?]{0,6}(?:信息|电话|号码|隐私|身份)|"
                           r"被[^，,。？?]{0,6}(?:知道|发现|查到)(?:是我)?|"
                           # 我举报的话饭馆会知道是我吗 (tester56 E11: 没有理解, or a department for it)
                           r"(?:会|能|会不会|能不能)(?:知道|查到|发现)(?:是我|是谁)|知道是(?:我|谁)(?:举报|反映|投诉|打的)|"
                           # 你们会告诉他是我举报的吗 (帮不上忙, then 没法确切答复: session 52's conversations)
                           r"(?:告诉|透露给?|说给)[^，,。？?]{0,6}(?:是我|我的(?:名字|电话|身份))|"
                           r"(?:为什么|为啥|干嘛|干什么)(?:要|得|非得|非要|一定要)?(?:留|要|给)[^，,。？?]{0,3}(?:电话|号码|手机号?|联系方式)|"
                           r"(?:留|要|给)[^，,。？?]{0,3}(?:电话|号码|手机号?|联系方式)[^，,。？?]{0,4}(?:干嘛|干什么|做什么|有什么用|啥用|安全)")
# what will happen to the reported party ("这种情况能罚款吗？", "能罚他们吗", "会不会处理")
PENALTY_ASKED = re.compile(r"(?:能|会|可以|能不能|会不会|可不可以|该不该|要不要|有没有)[^，,。？?]{0,6}"
                           r"(?:罚|处罚|拘留|查处|吊销|关停|取缔|追究)|(?:罚|处罚|拘留|查处|吊销|关停|取缔)[^，,。？?]{0,4}(?:吗|么|不|没)")
# "这种情况…", "他们…": a question about the case at hand, not a policy question of its own
ABOUT_THIS = re.compile(r"这种|这样|这个|这事|他们|对方|那家|这家|那个人|这个人")
# after filing (tester57 F11, F15): 您留的电话 only where a phone was left, no 不想留也可以说“不留” after it
PRIVACY_FILED = {True: "请放心：您留的电话只用于承办单位就这件事联系您、答复办理结果，对外显示时号码会隐去，不会告诉被反映的一方。",
                 False: "请放心：您登记时没有留电话，工单上没有您的联系方式；是谁反映的，也不会告诉被反映的一方。",
                 None: "请放心：是谁反映的不会告诉被反映的一方，工单上的联系方式只用于承办单位就这件事联系您、答复办理结果。"}
KEPT_SECRET = "好的，会为您保密：您的身份和电话不会告诉被反映的一方，电话只用于承办单位就这件事联系您、答复办理结果。"
PRIVACY_TOLD = ("请放心：您留的电话只用于承办单位就这件事联系您、答复办理结果，对外显示时号码会隐去，不会告诉被反映的一方。"
                "不想留也可以说“不留”，匿名反映同样受理。")
PENALTY_TOLD = "是否处罚、怎么处理，由承办单位核实情况后依照相关规定决定，办理结果会答复您。"
NO_PHONE_TOLD = "不留电话也会受理，只是承办单位没法打电话答复您；您可以凭工单编号和查询码随时查询进度。"
OTHER_QUESTION_TOLD = "这个问题我这里没法确切答复，承办单位核实处理时，您可以向他们询问。"
WHEN_DONE_TOLD = ("按照接诉即办的规定，派单时会在工单上注明办理时限，承办单位会及时联系您了解情况，在时限内答复办理结果；"
                  "时限到了还会回访。不同问题的时限不一样，以工单上注明的为准，您也可以凭编号和查询码随时查询进度。")
# the same where no phone is known to be on the case (it promised a call to a case filed with 不留: tester57 F11)
WHEN_DONE_PLAIN = ("按照接诉即办的规定，派单时会在工单上注明办理时限，承办单位要在时限内办理；不同问题的时限不一样，"
                   "以工单上注明的为准，您可以凭编号和查询码随时查询进度。")
NO_PHONE_NOTE = "登记时没有留电话，承办单位没法打电话答复您，办理进度和结果请凭工单编号和查询码查询。"


def when_done_told(phone: Optional[bool]) -> str:
    """The 接诉即办 time frame for a case with a phone (True), without one (False), or not known (None)."""
    return WHEN_DONE_TOLD if phone else WHEN_DONE_PLAIN + (NO_PHONE_NOTE if phone is False else "")


def _case_phone(tracker: Tracker, ref: Optional[str] = None) -> Optional[bool]:
    """Whether the case ``ref`` (else the one this chat filed last) was filed with a phone, from the chat's
    events (the contact slot when the bot said it was filed); None for a case not filed in this chat."""
    ref = ref or tracker.get_slot("own_case") or tracker.get_slot("case_number")
    contact, phones = None, {}
    for e in tracker.events:
        if e.get("event") == "slot" and e.get("name") == "contact":
            contact = e.get("value")
        elif e.get("event") == "bot" and "已为您登记" in (e.get("text") or ""):
            m = CASE_NUMBER.search(e.get("text") or "")
            if m:
                phones[m.group(0).upper()] = bool(contact and contact != NO_CONTACT)
        elif e.get("event") == "bot" and "尾号" in (e.get("text") or "") and "工单" in (e.get("text") or ""):
            m = CASE_NUMBER.search(e.get("text") or "")  # a call-back number added to a case after filing
            if m:
                phones[m.group(0).upper()] = True
    return phones.get(str(ref).upper()) if ref else None
# "我还没提交呢": the complaint in hand, never a progress query
NOT_FILED_YET = re.compile(r"(?:还|都|也)?没(?:有)?(?:提交|登记|报上去|交上去|报呢|报完|交呢)")
NOT_FILED_TOLD = "好的，这件还没有提交，我们接着登记；提交后会告诉您工单编号和查询码。"
# "我上次反映的事…": a case filed before, whose number the progress query asks for
EARLIER_CASE = re.compile(r"上次|上回|之前|以前|前几天|早先|那个工单|工单|编号|单号|进度|查一下|查查|查询")
# "需要我拍照片吗？": the chat takes text only
PHOTO_ASKED = re.compile(r"照片|拍照|图片|截图|视频|录像|录音|证据")
PHOTO_TOLD = "目前在线反映只收文字，不用发照片；承办单位核实情况时如需照片或其他材料，会和您联系。"
# how much to tell, asked before or in the complaint ("地址要写多详细？", "需要提供什么信息"): it was 没有理解, and the
# question then filed as the problem's first words (session 52)
DETAIL_ASKED = re.compile(r"(?:地址|地点|位置)(?:要|得|需要|应该)?(?:写|说|填|提供)?(?:得)?(?:多|多么|怎么|哪些|什么)?(?:详细|具体|细)|"
                          r"(?:要|得|需要|应该)(?:我)?(?:提供|说|留|写|填|准备)(?:哪些|什么|啥|些什么|点啥)(?:信息|资料|材料|内容|东西)?|"
                          r"(?:怎么|如何|咋)(?:反映|投诉|举报|登记|报)(?:问题|情况)?(?:呢|啊|呀)?[？?]?$")
DETAIL_TOLD = ("说清楚三样就行：发生了什么事；在哪里——区、街道（乡镇）、小区或道路，能说到楼号、门牌号或附近的标志性"
               "建筑更好，承办部门好找到现场；大概什么时候。电话可留可不留。您直接说，我一步步问您。")
# the place expected to be known already ("你们不是能定位吗？", "你们查不到我在哪吗"): it got 这个问题我帮不上忙 (session 52)
LOCATE_ASKED = re.compile(r"定位|(?:看|查|知道)(?:不到|不了)?(?:我的?)?(?:位置|地址|在哪)|手机号?(?:能|可以)?查(?:到)?(?:地址|位置)|"
                          r"来电(?:显示)?(?:有|能看到)?(?:地址|位置)")
# the name of the party not known ("不知道叫什么": 帮不上忙, session 52's conversations)
NAME_UNKNOWN = re.compile(r"(?:我|俺)?(?:也|都)?(?:不知道|不清楚|不晓得|没注意|没看)(?:它|他们|那家|这家)?(?:店|诊所|公司|饭馆|单位)?"
                          r"(?:叫(?:什么|啥)(?:名字?)?|的?名字|什么名字?|叫啥)(?:啊|呀|哎|了)?[。！!]*")
NAME_UNKNOWN_TOLD = "没关系，不知道名字也能登记，承办单位会按地点去查找。"
# whether the place must be said at all ("单位在哪还要说吗？": 这个地点还不够具体, session 52)
PLACE_NEEDED_ASKED = re.compile(r"(?:地址|地点|位置|在哪|在哪儿|在哪里|哪个区)[^，,。]{0,3}(?:也|还)?(?:要|得|需要|必须|一定要)(?:说|告诉|提供|填|写)"
                                r"(?:吗|么|嘛|啊|呀)|(?:还|也)(?:要|得)(?:说)?(?:地址|地点|在哪)(?:吗|么|嘛)|"
                                # 为什么要问地址 (a consultation answered it, 市教委's: session 54's conversations)
                                r"(?:为什么|为啥|干嘛|干什么|凭什么)(?:要|得|非得|非要|一定要|还要)?(?:问|说|告诉|要|留|提供)(?:你|你们)?(?:我的?)?"
                                r"(?:地址|地点|位置|在哪|住址|住哪)|(?:问|要)(?:我的?)?(?:地址|住址)(?:干嘛|干什么|做什么|有什么用|啥用)")
PLACE_NEEDED_TOLD = "要的：承办单位要知道地点才能去现场核实。请说一下在哪个区、哪条路，或者哪个小区、哪栋楼。"
LOCATE_TOLD = "抱歉，我这里看不到您的位置，来电和手机号也查不到地址，需要您告诉我：在哪个区、哪个街道，小区或道路的名称。"
PLACE_DETAIL_TOLD = ("地点说到区、街道（乡镇）、小区或道路就可以；能说到楼号、门牌号，或者附近的标志性建筑、路口，"
                     "承办部门更好找到现场。")


# "会知道是我吗" before filing: whether the reported party learns who reported (tester59 G17: only the phone's use was
# told, or "您留的电话…" where none had been left)
WHO_ASKED = re.compile(r"(?:会|能|会不会|能不能)[^，,。？?！!]{0,3}(?:知道|查到|发现)(?:是我|是谁)|知道是(?:我|谁)(?:举报|反映|投诉|打|报)|"
                       r"(?:领导|单位|公司|学校|老师|老板|物业|房东|对方|他们|邻居|商家|店家|饭馆)[^，,。？?！!]{0,3}(?:会|能)(?:不会)?"
                       r"知道(?:吗|么|不|是我)")
WHO_TOLD = ("不会。是谁反映的，不会告诉被反映的一方，对外不公开您的身份；电话只用于承办单位就这件事联系您、答复办理结果。"
            "不想留也可以说“不留”，匿名反映同样受理。")
WHO_TOLD_NO_PHONE = "好的，不留电话。不会有人知道是您反映的：是谁反映的，不会告诉被反映的一方；不留电话，工单上也没有您的联系方式。"
WHO_TOLD_HELD = "不会。是谁反映的，不会告诉被反映的一方；您没有留电话，工单上也没有您的联系方式。"


def _privacy_answer(said: str) -> Optional[str]:
    """The answer to a worry about privacy ("会不会泄露我的信息", "为什么要留电话") or the wish that
    the reported party not learn who reported ("我不想让单位知道是我举报的"); None otherwise."""
    if WHO_ASKED.search(said) and QUESTION_SAID.search(said):
        return WHO_TOLD
    if QUESTION_SAID.search(said) and (PRIVACY_ASKED.search(said) or PRIVACY_WISH.search(said)):
        return PRIVACY_TOLD  # "能匿名吗", "我的信息会保密吗": asked, reassured
    if PRIVACY_WISH.search(said):
        return KEPT_SECRET
    return None


# "不留电话会不会影响处理？", "不留可以吗": what leaving no number means
# (不给 alone is no number refused: 房东不给办居住登记怎么办 got 不留电话也会受理, tester56 E2)
NO_PHONE_ASKED = re.compile(r"(?:不留|没留|不想留|不方便留)(?:电话|号码|手机号?)?|不给(?:电话|号码|手机号?|联系方式)")
# "不留可以吗": the yes is said only to a question about leaving no number (tester56 E12: 不留 你们能不能先派人
# 把那扶梯围起来 got 可以。)
NO_PHONE_OK = re.compile(r"(?:不留|不给|没留|不想留|不方便留)(?:电话|号码|手机号?)?(?:也|的话)?(?:可以|行|能|成)(?:吗|么|不|嘛)")


# "必须留吗" / "电话必须留吗" / "不留不行吗": a phone is optional (tester57 F9)
MUST_LEAVE = re.compile(r"(?:必须|一定|非得|非要|都得|必需)(?:要)?(?:留|给)(?:个|下)?(?:电话|号码|手机号?|联系方式)?(?:吗|么|嘛|不|啊|呀)|"
                        r"(?:电话|号码|手机号?|联系方式)(?:是)?(?:必须|一定|非得)(?:要)?(?:留|给)?(?:的)?(?:吗|么|嘛)|"
                        r"不留(?:电话|号码)?不行(?:吗|么|嘛)")
MUST_LEAVE_TOLD = "不是必须的。" + NO_PHONE_TOLD + "想留的话直接说号码，不留就说“不留”。"
# "留电话干嘛 不留": the question answered and the 不留 taken, no 不想留也可以说“不留” (tester57 F9)
WHY_PHONE_REFUSED_TOLD = ("好的，不留电话。留电话只是方便承办单位就这件事联系您、答复办理结果；不留同样受理，"
                          "办理进度可以凭工单编号和查询码查询。")


def _side_answer(said: str, unit: Optional[str] = None) -> Optional[str]:
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
    if MUST_LEAVE.search(re.sub(r"\s", "", said)):  # "必须留吗" got 这个问题我这里没法确切答复 (tester57 F9)
        return MUST_LEAVE_TOLD
    if QUESTION_SAID.search(said) and NO_PHONE_ASKED.search(said):
        return ("可以。" if NO_PHONE_OK.search(said) else "") + NO_PHONE_TOLD
    if QUESTION_SAID.search(said) and PENALTY_ASKED.search(said):
        return PENALTY_TOLD
    plain = re.sub(r"\s", "", said)
    if NAME_UNKNOWN.fullmatch(plain):
        return NAME_UNKNOWN_TOLD
    if PLACE_NEEDED_ASKED.search(plain) and len(re.sub(r"\W", "", plain)) <= 14 and not PROBLEM_WORDS.search(plain):
        why = re.search(r"为什么|为啥|干嘛|干什么|凭什么|有什么用|啥用|做什么", plain)
        return PLACE_NEEDED_TOLD.removeprefix("要的：") if why else PLACE_NEEDED_TOLD
    if QUESTION_SAID.search(plain) and LOCATE_ASKED.search(plain) and len(re.sub(r"\W", "", plain)) <= 16 \
            and not PROBLEM_WORDS.search(plain):
        return LOCATE_TOLD
    if DETAIL_ASKED.search(plain) and len(re.sub(r"\W", "", plain)) <= 16 and not PROBLEM_WORDS.search(plain):
        return PLACE_DETAIL_TOLD if re.search(r"地址|地点|位置", plain) else DETAIL_TOLD
    if WILL_ACT_ASKED.search(plain) and len(re.sub(r"\W", "", plain)) <= 14 and not PROBLEM_WORDS.search(plain):
        return WILL_ACT_TOLD
    if WHO_HANDLES_ASKED.search(plain) and len(re.sub(r"\W", "", plain)) <= 14:
        # "这个归谁管啊" where the number was asked: the question again, silently (session 56's conversations)
        # (a city's unit judged before the place was known: the district's may take it, as the filing then says)
        return WHO_HANDLES_TOLD.format(unit=unit + ("（或所在区的对应部门）" if unit.startswith("市") else "")) if unit \
            else WHO_HANDLES_UNKNOWN
    return None


# which unit handles it, asked mid-complaint (这个归谁管啊, 该找哪个部门)
WHO_HANDLES_ASKED = re.compile(r"归谁管|归哪个部门|归哪儿管|谁来管|谁(?:负责|管)(?:啊|呀|呢|吗)?$|哪个部门(?:管|负责|处理)|"
                               r"找哪个部门|该找谁|应该找谁|哪个单位(?:管|负责)")
WHO_HANDLES_TOLD = "按您说的情况，初步判断由{unit}承办；登记后话务员会确认派单，承办单位核实处理后答复您。"
WHO_HANDLES_UNKNOWN = "登记后话务员会按问题的类别确定承办单位并派单；登记完成时我会告诉您初步判断的承办单位。"


# whether anyone will act on it, asked mid-complaint (你们会去查吗 got 帮不上忙: session 55's conversations)
WILL_ACT_ASKED = re.compile(r"(?:你们|有人|真的|到时候)?(?:会|能)(?:去|来)?(?:查|管|处理|解决|过问|派人|来人|上门)(?:吗|么|嘛|不|啊)"
                            r"|会不会(?:去|来)?(?:查|管|处理|派人|来人|上门)|能不能(?:去|来)?(?:查|管|派人|来人)|有人管吗|管用吗|有用吗|"
                            r"登记了?(?:有用|管用)吗")
WILL_ACT_TOLD = ("会的。登记后工单会派给承办单位，由他们核实情况、依法处理，并在规定时限内答复办理结果；"
                 "您可以凭工单编号和查询码随时查询进度。")


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
        if address.get("address"):
            return address["address"]
        joined = ""
        for k in ("district", "street", "community", "road"):
            part = str(address.get(k) or "")
            # a part that repeats the ones before it (street 北京市西城区展览路街道 after 北京市西城区): once
            # (it was read back as 北京市西城区北京市西城区展览路街道…: tester48 N7)
            joined = part if joined and part.startswith(joined) else joined + part
        return joined
    if address.get("place"):  # a landmark, its district included (北京市丰台区北京西站南广场)
        located = address.get("address") or str(address["place"])
        # a kind of place alone, no name nor district (宠物医院把我的猫治死了: 地点：宠物医院, never asked where: session 53)
        if not located.startswith("北京") and not address.get("district") and len(located) <= 5 \
                and re.fullmatch(r"(?:宠物|私人|私立|民营|社区|小区|街道|村|村里|镇|乡|小|大|一家|这家|那家)?(?:医院|诊所|卫生院|卫生站|卫生服务中心|超市|饭店|饭馆|餐馆|学校|小学|中学|幼儿园|银行|药店|商场|公司|"
                                 r"工地|宾馆|酒店|健身房|理发店|菜市场|市场|网吧|派出所|物业)", located):
            return None
        return located
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


def _beyond_place(said: str, address: Dict[str, Any]) -> str:
    """``said`` without the place the triage found in it (district, street, road, place …)."""
    parts: set = set()
    for value in address.values():
        if isinstance(value, str) and value:
            value = value.replace("北京市", "")
            parts.add(value)
            parts.update(p for p in re.split(r"(?<=区)(?=.)", value, maxsplit=1) if p)
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
                or re.search(r"唱歌|喧哗|施工|摆摊|乱|打桩|电钻|切割|搅拌机|挖掘机|挖土|"
                             r"没水|停水|断水|没有水|没电|停电|断电|没有电|没气|停气|没暖气", text))   # (我们小区一直没水: session 53)


_NOT_A_PLACE_PIECE = re.compile(r"我|你|他|她|了|没|不|欠|钱|工资|吗|呢|啊|吧|说|是")


def _spaced_pieces(said: str) -> str:
    """An answer typed with spaces: the pieces of one place joined (朝阳区 管庄 北京像素 → 朝阳区管庄北京像素),
    a piece that is no place set apart by a comma (…T3 我是程序员 离职了 → …T3，我是程序员，离职了);
    spaces inside Latin words and numbers (望京SOHO T3) stay."""
    parts = re.split(r"(?:(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff]))", said.strip())
    if len(parts) < 2:
        return said

    def place_like(p: str) -> bool:
        if PLACE_WORDS.search(p) or _DISTRICT_SAID.search(p):
            return not _tells_problem(p) or len(p) <= 12
        return len(p) <= 6 and not _NOT_A_PLACE_PIECE.search(p) and not _tells_problem(p)

    out = parts[0]
    for prev, p in zip(parts, parts[1:]):
        out += ("" if place_like(prev) and place_like(p) else "，") + p
    return out


# -- unpaid wages: whom the labour inspectors go to ---------------------------------------------------
# wages not paid (公司拖欠工资, 包工头不给工钱, 欠薪): the place of the problem is the employer
WAGE_UNPAID = re.compile(r"拖欠|欠薪|讨薪|欠[^。！？!?，,]{0,8}(?:工资|工钱|薪水|劳务费|血汗钱)|"
                         r"(?:工资|工钱|薪水|劳务费|血汗钱)[^。！？!?]{0,8}(?:没发|不发|没给|不给|没结|不结|拖着|拿不到|要不到|要不回)|"
                         r"(?:不发|没发|不给|没给|不结|没结|拿不到|要不到|要不回)[^。！？!?]{0,6}(?:工资|工钱|薪水|劳务费)")
# an employer named (北京华强建筑有限公司, 海底捞望京店, 包工头老王 / 姓张): "公司" or "我们单位" alone names nobody
_EMPLOYER = re.compile(r"([\u4e00-\u9fffA-Za-z0-9（）()]{2,20}?)(?:有限责任公司|有限公司|分公司|公司|集团|工厂|加工厂|厂|酒店|"
                       r"饭店|餐厅|饭馆|超市|商场|物流|快递|项目部|门店|分店|店)")
_NOT_A_NAME = re.compile(r"^(?:我们|我|咱们|他们|那家|这家|一家|那个|这个|这|那|所在|原来|之前|以前|现在|上班|打工|干活|工作|"
                         r"的|在|给|被|跟|和|了|家|个|拖欠|欠|不发|没发)+")
_BOSS_NAMED = re.compile(r"(?:老板|包工头|工头|负责人|经理|老总)[^，。！？,!?]{0,3}(?:姓[\u4e00-\u9fff]|叫[\u4e00-\u9fff]{2})|"
                         r"(?:老板|包工头|工头)(?:老|小)(?![是说要让不也还就都板公跑赖拖欠])[\u4e00-\u9fff]|"
                         r"(?:老|小)[\u4e00-\u9fff](?:老板|包工头|工头)")


# a kind of business, no name (装修公司, 物业公司, 建筑工地的劳务公司)
_BUSINESS_KIND = re.compile(r"(?:装修|装饰|物业|建筑|建设|保安|家政|中介|外卖|快递|劳务|保洁|搬家|培训|科技|网络|房产|房地产|"
                            r"工程|施工|餐饮|服装|电子|贸易|广告|文化|传媒|外包|派遣|人力|的)+")


def _employer_named(text: str) -> bool:
    """Whether ``text`` names whom the wages are owed by (a unit's own name, or the boss's name)."""
    for m in _EMPLOYER.finditer(text or ""):
        name = _NOT_A_NAME.sub("", m.group(1))
        if len(name) >= 2 and not _BUSINESS_KIND.fullmatch(name):
            return True
    return bool(_BOSS_NAMED.search(text or ""))


def _wages_unpaid(text: str) -> bool:
    """Whether ``text`` is about wages not paid."""
    return bool(WAGE_UNPAID.search(simplified(text or "")))


# how much and how long (欠了两万多, 三个月的工资, 八千块)
WAGE_FACTS = re.compile(r"[0-9一二三四五六七八九十百千万两几半]+\s*(?:块|元|万|千|个多?月|多个?月|年|天)|欠了")
WAGE_WHERE_ASK = ("请问是哪家单位欠的工资？请说一下单位（公司、工地或店铺）的名称和地址，在哪个区、哪条路；"
                  "欠了多久、大约多少钱，也可以一起说，劳动监察部门要据此去查。")


# -- an answer that says more than it was asked (tester47) ------------------------------------------
# how the party responsible answered (物业电话没人接, 踢皮球, 不给退): more of the same matter, no problem of its own
RESPONSE_WORDS = frozenset({"物业", "没人管", "不给", "不修", "不退", "态度", "收费", "打发", "敷衍"})
# characters and pairs that say nothing of what a matter is about (the overlap of two texts ignores them)
_STOP_CHARS = frozenset("的了是我你他她它们在有就也都还这那个一说和跟被把给对很太啊吧呢吗呀哦嗯么呗啦又才")
_GENERIC_PAIRS = frozenset({"没人", "不是", "没有", "知道", "现在", "一直", "时候", "什么", "怎么", "不知", "反映", "投诉",
                            "问题", "事情", "不能", "不行", "不让", "为什", "已经", "开始", "说道", "不要", "可以"})
_NUMERALS = frozenset("零〇一二三四五六七八九十百千万两几半")


def _pairs(text: str) -> set:
    """The two-character words of ``text`` that may name what it is about (no particles, no numerals)."""
    runs = re.findall(r"[\u4e00-\u9fff]+", text or "")
    return {r[i:i + 2] for r in runs for i in range(len(r) - 1)
            if not set(r[i:i + 2]) & _STOP_CHARS and not set(r[i:i + 2]) <= _NUMERALS} - _GENERIC_PAIRS


def _same_matter(said: str, known: str) -> bool:
    """Whether ``said`` speaks of what ``known`` (the complaint so far) does: a problem word or a word
    they share (不热 of 暖气一点都不热 and 供暖开始就不热), or both of a noise."""
    words = set(PROBLEM_WORDS.findall(said or "")) - RESPONSE_WORDS
    # (烟 of 一做饭烟就往我家里灌 is the 油烟 known: parked as a second problem, session 55's conversations)
    had = set(PROBLEM_WORDS.findall(known or ""))
    if any(_shared_word(w, had) for w in words):
        return True
    if NOISE_WORDS.search(said or "") and NOISE_WORDS.search(known or ""):
        return True
    return bool(_pairs(said) & _pairs(known))


# money kept back (押金, a refund): the matter filed, and what is said of that money after it (扣两千, 一分没退)
_MONEY_KEPT = re.compile(r"押金|退款|退费|退钱|不退|扣钱|扣了")
# (上个月说好退的，一直拖着 after 机构不给退费 was parked as a second problem: session 54's conversations)
_MONEY_KEPT_SAID = re.compile(r"扣|[0-9一二两三四五六七八九十百千万]+(?:块|元|千|百|万)|押金|钱|退|拖着|一直拖")


def new_problem_words(said: str, known: str) -> set:
    """The problem words ``said`` has and ``known`` lacks, less those that name no problem of their own (房, 租, 地:
    "我租的房子，到期了" after 中介不退押金) and none when ``said`` tells of the money ``known`` says is kept back
    ("他们说墙脏了要扣两千"); each was parked as a second problem (session 53's conversations)."""
    if _MONEY_KEPT.search(known or "") and _MONEY_KEPT_SAID.search(said or ""):
        return set()
    had = set(PROBLEM_WORDS.findall(known or ""))
    return {w for w in PROBLEM_WORDS.findall(said or "") if not _shared_word(w, had)} - {"房", "租", "地"}


def _shared_word(word: str, words: set) -> bool:
    """Whether ``word`` is one of ``words`` or part of one, or holds one (烟 of a known 油烟: session 55)."""
    return any(word in k or k in word for k in words)


def _another_matter(said: str, known: str) -> bool:
    """Whether ``said`` tells a problem of its own beside ``known``: a problem word ``known`` lacks (how
    the party responsible answered is none: 物业电话没人接), said as another one (另外…, 还有个事) or
    sharing nothing with ``known`` ("从十一月十五号供暖开始就不热，物业说是热力公司的事" after 暖气一点都不热
    is more of it: tester47 B1)."""
    words = new_problem_words(said, known) - RESPONSE_WORDS
    if not words:
        return False
    if ANOTHER_LEAD.match(said) or ANOTHER.search(said) or re.match(r"^(?:另外|还有|再就是|再有|顺便)", said):
        return True
    return not _same_matter(said, known)


# a clause that only fills a pause or asks the question back (住哪儿啊, 哪有地点, 我刚说了啊, 地址刚才不是说了吗)
_ANSWER_FILLER = re.compile(r"住|哪儿|哪里|哪|啊|呀|呢|吗|嘛|那个|这个|什么|啥|我|你|说了|说过|刚说|刚才|不是|地址|地点|地方|"
                            r"位置|嗯|呃|就是|就|了|的|有|都|问|"
                            r"第一句话?|一开始|开头|早就|已经|前面|们|管不管|到底|跟你|告诉")  # (我第一句话就说了: tester59 G11)
# who or what is where, before the place ("公司在朝阳区…", "烧烤在…", "我住朝阳区", "都在丰台区…")
_SUBJECT_AT = re.compile(r"^(?:都|也|就|还)?(?:[\u4e00-\u9fff]{1,4}?)?(?:住在|位于|在|住|是)(?=\S{2})")
# a name given for the party (叫北京星河文化传媒有限公司, 店铺叫…, 一个叫金隅的楼盘)
NAMED = re.compile(r"叫|名字|名称|有限公司|公司|店铺|网店|旗舰店|快递|品牌|楼盘")


def _filler_clause(clause: str) -> bool:
    """Whether ``clause`` says nothing (住哪儿啊, 我刚说了啊, 那个什么)."""
    return not PLACE_WORDS.search(clause) and not _tells_problem(clause) and not re.search(r"\d", clause) \
        and len(re.sub(r"\W", "", _ANSWER_FILLER.sub("", clause))) <= 1


def _fuller_address(text: str, address: Optional[str]) -> Optional[str]:
    """``address`` (the triage's normal form) with the name said right after it in ``text`` ("小区是石景山区
    鲁谷街道重聚园" → 北京市石景山区鲁谷街道重聚园: the triage's 北京市石景山区鲁谷街道 lost it, tester47 B6)."""
    body = _DISTRICT_OF.sub("", (address or "").removeprefix("北京市"))
    if len(body) < 2:
        return address
    for clause in re.split(r"[，,。；;！!？?\s]+", text or ""):
        at = clause.find(body)
        tail = clause[at + len(body):] if at >= 0 else ""
        # what is done there is no part of it (中关村站点干了两个月 → 中关村站点; 交叉口那个 → 交叉口: tester50 C5)
        tail = re.split(r"干了|干活|做了|工作|上班|打工|待了|呆了|住了|买了|看到|发现|那个|这个|那儿|那边", tail)[0]
        if 2 <= len(tail) <= 12 and re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z]+", tail) and not _tells_problem(tail) \
                and not re.match(r"有(?:个|家|人|一)", tail) \
                and not DEICTIC_TAIL.search(tail) and not NOT_A_PLACE.search(tail) and PLACE_WORDS.search(body[-2:] + tail):
            return f"{address}{tail}"
    # "东城区东四十条那片儿 南门仓胡同": the area, then the place in it as a clause of its own (南门仓胡同 was
    # lost: tester51 C17)
    clauses = [c for c in re.split(r"[，,。；;！!？?\s]+", text or "") if c]
    for i, clause in enumerate(clauses[:-1]):
        at = clause.find(body)
        if at < 0 or clause[at + len(body):] and not DEICTIC_TAIL.fullmatch(clause[at + len(body):]):
            continue
        nxt = clauses[i + 1]
        if 3 <= len(nxt) <= 12 and PLACE_WORDS.fullmatch(nxt) and not _tells_problem(nxt) \
                and not re.match(r"有(?:个|家|人|一)", nxt) \
                and not NOT_A_PLACE.search(nxt) and not _DISTRICT_SAID.search(nxt) and nxt not in address:
            return f"{address}{nxt}"
    return address


# places whose names hold a problem word (地铁站B口, 朝阳医院, 第五中学的学校)
_PLACE_NOUNS = re.compile(r"(?:地铁|公交(?:车)?)(?:站|口)|医院|诊所|学校|幼儿园|(?:地下|地面|露天)?停车场|车库|"
                          r"(?:社区)?卫生(?:服务)?(?:中心|站|院)|"   # (通州区 玉桥 社区卫生服务中心 joined the problem: session 52)
                          r"(?<=[路街道桥村镇区园苑里])(?:地铁)?(?:工地|施工现场|楼盘|门店)")  # 立汤路地铁工地 (tester48 N7)


# an update on a danger, no problem of its own: help has come or it is over (消防车已经到了, 燃气公司的人也来了 现在没事了)
RESPONDERS_CAME = re.compile(r"(?:消防|消防车|消防员|救火的|警察|民警|110|120|救护车|急救|燃气公司|燃气的|物业|维修的|电梯公司|救援的?)"
                             r"(?:的人|的)?(?:也|都|已经|刚)*(?:来了|到了|赶到了|过来了)|现在没事了|已经没事了|人没事|没有人受伤|没人受伤")
UPDATE_TOLD = "好的，知道了。注意安全，听从现场处置人员的安排。"



# a clause that asks or gropes for the place rather than naming it (哪条街, 我哪知道, 不知道是哪个路口)
_ASKS_WHICH = re.compile(r"哪(?:条|个|儿|里|段|座|栋|家)|哪知道|不知道|不清楚|说不清|什么(?:路|街|地方)|啥(?:路|街|地方)")


def _place_clause(clause: str) -> Optional[str]:
    """The place ``clause`` names when it only says where (公司在朝阳区酒仙桥街道 → 朝阳区酒仙桥街道), else None."""
    district = _district_piece(clause) or _district_piece(re.sub(r"^(?:我|我们|俺|咱|家)*(?:就|也|是|还)?(?:住)?在", "", clause))
    if district:  # "顺义" before 后沙峪 (pauses read as commas: tester51 C9); 在通州 (it joined the problem: tester59 G10)
        return district
    run_in = re.fullmatch(rf"(?:就|也|是)?在?({_DISTRICT_NAMES})([\u4e00-\u9fff]{{2,4}})", clause.strip())
    if run_in and not PLACE_WORDS.search(clause) and not _tells_problem(clause) and _AREA_NAME.fullmatch(run_in.group(2)):
        return f"{run_in.group(1)}区{run_in.group(2)}"  # 昌平沙河 (the district was asked again: tester59 G12)
    if _ASKS_WHICH.search(clause):
        return None  # "我哪知道是哪条街": no place, a question back (it was stored as 地点：哪条街: tester51 C9)
    core = clause
    subject = _SUBJECT_AT.match(clause)
    if subject and (_DISTRICT_SAID.search(clause[subject.end():]) or PLACE_WORDS.search(clause[subject.end():])):
        core = clause[subject.end():]
    # (房山区 names no 房 problem, 地铁站B口 no 地铁 one; 12月3号关的门 is a date: it was the place, session 52)
    if re.search(r"[0-9一二三四五六七八九十]+月[0-9一二三四五六七八九十]+[号日]", core):
        return None
    if PRIVACY_WISH.search(clause) or DETAIL.search(core) or NAMED.search(core) \
            or _tells_problem(_PLACE_NOUNS.sub("", _DISTRICT_SAID.sub("", core))) or re.search(r"\d{5,}", core) \
            or _is_hours(core):
        return None
    if _DISTRICT_SAID.search(core) or PLACE_WORDS.search(core) or _PART_END.search(core) \
            or PLACE_LIKE.match(core) or _CORRECTION_CLAUSE.fullmatch(core):
        return core
    return None


# a numbered zone, building or unit of the place said before it (八区 805楼, 3号楼2单元)
_NUMBER_PIECE = re.compile(r"(?=\S)(?:[东西南北中]?[一二三四五六七八九十\d]+区)?"
                           r"(?:(?:[0-9一二三四五六七八九十]+(?:号楼|号院|栋|幢|单元|号门)|\d{2,}楼)"
                           r"(?:[0-9一二三四五六七八九十]+(?:单元|门|层|号|室))*)?")


def _answer_parts(said: str) -> Dict[str, List[str]]:
    """The clauses of an answer to "where?", sorted: ``place`` (what says where, corrections included, each
    without who is there), ``hours``, ``more`` (anything else said of the matter: 物业电话没人接, 叫北京星河…公司,
    我就是气话, a worry), ``other`` (from a clause that tells another problem as such: 另外我们公司还拖了
    我两个月工资), ``filler`` (住哪儿啊, 那个什么: no part of anything)."""
    parts: Dict[str, List[str]] = {"place": [], "hours": [], "more": [], "other": [], "filler": []}
    after_cue = False
    subject = ""
    for clause in (c.strip() for c in re.split(r"[，,。；;！!？?]+", said)):
        if not clause:
            continue
        if parts["other"]:
            parts["other"].append(clause)
            continue
        if _FILLER_CLAUSE.fullmatch(clause) or CORRECTION_ONLY.fullmatch(clause) or _CORRECTED.match(clause) \
                or (after_cue and not _tells_problem(clause) and not DETAIL.search(clause)):
            # a part said wrong and its correction (…石油大院，不对不对，是六道口那边的): the place reading takes them
            after_cue = bool(CORRECTION_ONLY.fullmatch(clause))
            parts["place"].append(clause)
            continue
        place = _place_clause(clause)
        if place:
            place = re.sub(r"的$", "", place)  # 顺义区的，仁和镇; …翠微西里3号楼的
            parts["place"].append(place)
            said_by = _SUBJECT_AT.match(clause)
            subject = re.sub(r"(?:住在|位于|在|住)$|^(?:都|也|就|还)", "", said_by.group(0)) if said_by and place != clause else ""
        elif parts["place"] and _NUMBER_PIECE.fullmatch(re.sub(r"\s", "", clause)) and re.search(r"\S", clause):
            parts["place"].append(clause)   # 八区 805楼 after 朝阳区，劲松 (it joined the problem: tester57 F6)
        elif _is_hours(clause) and not _tells_problem(clause):
            parts["hours"].append(clause)
        elif parts["place"] and _AREA_NAME.fullmatch(clause) and not _tells_problem(clause) \
                and not re.search(r"[那这个些]|上面|下面|楼上|楼下|里面|里边|里头|家里|我家|边上|旁边", clause) \
                and not WHEN_SAID.search(clause):  # (三里屯, 花家地, 八里庄 are names: tester53 D8)
            parts["place"].append(clause)  # 望京 after 朝阳区
        elif _filler_clause(clause) or re.fullmatch(r"(?:那个|这个)?(?:什么|啥)(?:来着)?", clause):
            parts["filler"].append(clause)
        elif re.match(r"^(?:另外|还有|再就是|再有|顺便)", clause) and _tells_problem(clause):
            parts["other"].append(clause)
        else:
            # "叫北京鑫达建筑劳务有限公司" after "公司在大兴区亦庄": whose name it is
            parts["more"].append(subject + clause if subject and clause.startswith("叫") else clause)
    while parts["place"] and (_FILLER_CLAUSE.fullmatch(parts["place"][-1])
                              or CORRECTION_ONLY.fullmatch(parts["place"][-1])):
        parts["place"].pop()
    return parts


# a detail corrected by naming both: "是专8路，不是特8" / "不是两三点，是夜里十二点到早上五点" (tester47 B2, B5, B8)
_SWAP_LEAD = r"(?:^|[，,。；;！!])\s*(?:(?:对了|哦|噢|啊|嗯|我说错了|说错了)[，,]?\s*)?"
_SWAP_RIGHT_FIRST = re.compile(_SWAP_LEAD + r"(?:而|应该|其实|实际上?)?是([^，,。；;！!？?]{1,24})[，,]\s*(?:而)?不是"
                               r"([^，,。；;！!？?]{1,16})")
_SWAP_WRONG_FIRST = re.compile(_SWAP_LEAD + r"(?:而)?不是([^，,。；;！!？?]{1,16})[，,]\s*(?:而|应该|其实|实际上?)?是"
                               r"([^，,。；;！!？?]{1,24})")
# said in one breath, with spaces for pauses: "不对 不是俩月是仨月 欠我一万五" (tester51 C3: asked which item, the
# description retold then replaced the whole story, the employer lost)
_SWAP_WRONG_FIRST_TIGHT = re.compile(r"(?:^|[，,。；;！!\s])\s*(?:(?:不对|对了|哦|噢|啊|嗯|我说错了|说错了)[，,\s]*)?(?:而)?"
                                     r"不是([^，,。；;！!？?\s]{1,8}?)(?:而|应该|其实)?是([^，,。；;！!？?\s]{1,12})")
# a clause that only says a correction comes (不对, 我说错了, 我重新说一下)
CORRECTION_ONLY = re.compile(r"(?:(?:哦|噢|啊|嗯|哎|那)?[，,]?(?:不对|不是|错了|我?说错了|我?记错了|搞错了|弄错了|不不|对了|"
                             r"我?(?:想|要)?(?:重新说|重说|重新讲|再说)(?:一下|一遍)?|更正一下|纠正一下)(?:啊|呀|吧)?)+")


# what a structure is made of, said as "是彩钢板搭的" (the 的 tidied away): the material
_MADE_OF = re.compile(r"(.{2,}?)(?:搭|盖|建|做|弄|砌|焊|围|垒|钉)(?:成|起来|出来)?")
_STRUCTURES = "房棚屋亭墙"


def _tidy_value(value: str) -> str:
    return re.sub(r"^(?:那个|这个|就是|就|在)|(?:的|了|啊|呀|吧|呢)+$", "", value.strip())


def _swap_in(value: str, wrong: str, right: str) -> str:
    """``value`` with ``wrong`` replaced by ``right``, the words of ``right`` said around ``wrong`` taken once
    (夜里两三点 with 两三点 → 夜里十二点到早上五点: 夜里十二点到早上五点; 特8路 with 特8 → 专8路: 专8路)."""
    i = value.find(wrong)
    j = i + len(wrong)
    pre = next((k for k in range(len(right) - 1, 0, -1) if value[:i].endswith(right[:k])), 0)
    post = next((k for k in range(len(right) - pre - 1, 0, -1) if value[j:].startswith(right[-k:])), 0)
    return value.replace(value[i - pre:j + post], right)


def _swapped(said: str, known: Dict[str, Optional[str]]) -> Optional[tuple]:
    """A correction that names the wrong detail and the right one ("不对，我说错了，是专8路，不是特8"), the
    wrong one said before (in ``known``: the description, the place, the time): ``(changed, right, rest)``,
    the slots with the detail replaced, the right detail, and what else ``said`` says (the correction's cue
    words left out: 而且他们说有夜间施工许可证); None when it names no detail said before."""
    for rx, right_first in ((_SWAP_RIGHT_FIRST, True), (_SWAP_WRONG_FIRST, False), (_SWAP_WRONG_FIRST_TIGHT, False)):
        for m in rx.finditer(said):
            right, wrong = (m.group(1), m.group(2)) if right_first else (m.group(2), m.group(1))
            right, wrong = _tidy_value(right), _tidy_value(wrong)
            made = _MADE_OF.fullmatch(right)
            if made and wrong[-1] in _STRUCTURES:
                # "不是铁皮房 是彩钢板搭的": what it is made of, the structure kept (…私搭了个彩钢板搭: tester59 G15)
                right = made.group(1) + wrong[-1]
            if len(wrong) < 2 or not right or wrong == right or wrong in right and len(right) > 12:
                continue
            changed = {slot: _swap_in(value, wrong, right) for slot, value in known.items() if value and wrong in value}
            changed = {slot: value for slot, value in changed.items() if value != known[slot]}
            if "address" in changed:  # a place corrected: the address's (the problem keeps the citizen's words)
                changed = {"address": changed["address"]}
            if changed:
                rest = [c.strip() for c in re.split(r"[，,。；;！!]+", said[:m.start()] + "，" + said[m.end():])]
                rest = [c for c in rest if c and not CORRECTION_ONLY.fullmatch(c)]
                return changed, right, "，".join(rest)
    return None


# more said at the read-back ("还有，是晚上九点半开始停的，供电局电话打不通"): its time and what else it tells
# (不对，还有车是京B的出租… at the read-back: tester57 F7)
MORE_LEAD = re.compile(r"^(?:(?:哦|噢|啊|嗯|不对|不是|对)[，,\s]*)?(?:(?:还有就是|还有|另外|而且|对了|再就是|补充一下|再补充一下|补充)[，,：:\s]*)+")


def _more_at_read_back(said: str) -> Optional[tuple]:
    """``(time, more)`` when ``said`` adds to the read-back in clauses of which some give the time and others
    tell more (the time alone, or more alone, is for the read-back's own readings); None otherwise."""
    lead = MORE_LEAD.match(said)
    if not lead:
        return None
    clauses = [c.strip() for c in re.split(r"[，,。；;！!]+", said[lead.end():]) if c.strip()]
    times = [c for c in clauses if _when(re.sub(r"^(?:是|就是)", "", c))]
    more = [c for c in clauses if c not in times]
    if not times or not more or not any(_substantive_more(c) for c in more):
        return None
    return "，".join(re.sub(r"^(?:是|就是)", "", c) for c in times), "，".join(more)


# "…，你没记上" / "这个你漏了": what follows or goes before was left out of the read-back (tester48 N2)
NOT_RECORDED = re.compile(r"[，,\s]*(?:这些|这个|这)?(?:你|您|你们)?(?:都)?(?:还)?(?:没(?:有)?(?:给我)?(?:记上|记下|记进去|写上|写进去|加上|记|写)|漏(?:了|记了|掉了)|"
                          r"忘(?:了)?(?:记|写)(?:上|了)?)(?:啊|呀|吧|呢)?[。！!]?$")


# "我刚又去闻了闻，…" / "刚才又去看了一下，…": what the citizen has just found out (tester48 N3)
SEEN_AGAIN = re.compile(r"^(?:我)?(?:刚(?:刚|才)?又?|又)(?:去|再)?(?:看|闻|听|问|敲|瞧)(?:了)?(?:看|闻|听|问|敲|瞧|一下|一遍)?[，,\s]+")


def _addition_at_read_back(said: str) -> Optional[str]:
    """What ``said`` adds at the read-back without a time ("还有，五楼那家也往下拉线充电", "五楼那家也拉线，你没
    记上", "还有，中介叫我爱我家"), lead and cue dropped; None when it has no such lead or cue or says too little."""
    text = said.strip()
    lead, cue = MORE_LEAD.match(text) or SEEN_AGAIN.match(text), NOT_RECORDED.search(text)
    if not lead and not cue:
        return None
    if cue:
        text = text[:cue.start()]
    if lead:
        text = text[lead.end():]
    text = text.strip("，,。；;！! ")
    if not _substantive_more(text) or not HAS_CHINESE.search(text):
        return None
    return text


def _substantive_more(text: str) -> bool:
    return len(re.sub(r"\W", "", FILLER.sub("", text))) >= 3


# "匿名", "我说了匿名，就是不留", "我不想留名，匿名行吗": no number, the identity kept from the party (tester47 B10)
ANONYMOUS = re.compile(r"匿名|(?:不想|不愿意?|不方便|不要|不用|别)留(?:名字?|姓名)|不留(?:名字?|姓名)")
ANONYMOUS_TOLD = "好的，按匿名反映登记，不留电话；您的身份不会告诉被反映的一方。"
ANONYMOUS_MARK = "按匿名反映登记"


def after_filing_answer(said: str, tracker: Tracker) -> Optional[str]:
    """The answer to a question about the case this chat filed or read (tester56 E6, E11: 会不会让饭馆知道是我,
    多久能修好, 钱能退回来吗, 那超市会不会被罚款 got 没有理解, a consultation's department, or a new complaint's
    place question): a short question naming no place; None otherwise."""
    from actions.answers import _basic_path, follow_up_answer, HOW_LONG_PLAIN, HOW_LONG_TOLD

    if not (tracker.get_slot("own_case") or tracker.get_slot("case_number")) or _basic_path(said):
        return None   # (a question with a basic path of its own, 罚款不服怎么办, gets that)
    plain = re.sub(r"\s", "", said or "")
    if not plain or len(re.sub(r"\W", "", plain)) > 30 or PLACE_WORDS.search(plain) or _DISTRICT_SAID.search(plain):
        return None
    told = follow_up_answer(plain)   # each of its patterns is a question itself (司机还不还我手机啊)
    if told == HOW_LONG_TOLD and not _case_phone(tracker):  # no call promised to a case without a phone
        told = HOW_LONG_PLAIN + (NO_PHONE_NOTE if _case_phone(tracker) is False else "")
    if told:
        return told
    if not QUESTION_SAID.search(plain):
        return None
    if _privacy_answer(plain):
        return PRIVACY_FILED[_case_phone(tracker)]
    return PENALTY_TOLD if PENALTY_ASKED.search(plain) else None


# -- a consultation asked further (tester57 F12) ------------------------------------------------------------
# "那你告诉我怎么办啊", "去哪办 要带什么", "12329打不通 你直接告诉我要啥材料" right after a consultation's answer fell into
# the complaint's intake (请问问题发生在哪里), 帮不上忙 or 不够具体: read with the question before it
CONSULT_SAID = "具体办理以主管部门的规定为准"   # every consultation answer's close
HOW_TO_ASKED = re.compile(r"怎么办|咋办|怎么弄|咋弄|怎么办理|怎么申请|怎么备案|怎么报销|怎么续|去哪(?:儿|里)?(?:办|申请|弄|交|打|查)|"
                          r"在哪(?:儿|里)?(?:办|申请|打|查)|带(?:什么|啥)|(?:什么|啥)材料|(?:什么|啥)条件|(?:什么|啥)手续|流程|"
                          r"告诉我|直接说|网上(?:能)?(?:弄|办)|能在网上")


# where a district's office for a basic path is (session 49: after 工伤认定要去哪里申请, 我在大兴，去哪办 was sent to the
# 社保中心, which pays the benefit but does not decide it), by the path's own words
_PATH_OFFICES = (
    (re.compile(r"工伤认定"), "{d}区，向{d}区人力社保局（工伤认定窗口）申请"),
    (re.compile(r"劳动人事争议仲裁委员会"), "{d}区，向{d}区劳动人事争议仲裁委员会申请（劳动合同履行地或单位所在地的区都可以）"),
    (re.compile(r"法律援助中心"), "{d}区，向{d}区法律援助中心（区司法局设立）申请，也可以先拨打12348咨询"),
    (re.compile(r"e窗通|食品经营许可证|注销登记"), "{d}区，到{d}区市场监管局的登记窗口（一般在{d}区政务服务中心）办理，也可以在“北京市企业服务e窗通”平台上网上办"),
    (re.compile(r"残疾人证"), "{d}区，到户籍所在街道（乡镇）的残联提出申请，或向{d}区残联咨询"),
    (re.compile(r"预防接种门诊"), "{d}区，到住处附近的社区卫生服务中心（或乡镇卫生院）的预防接种门诊"),
    (re.compile(r"婚姻登记"), "{d}区，到{d}区婚姻登记处（区民政局设）办理，可以先网上预约"),
    (re.compile(r"不动产登记中心"), "{d}区，到{d}区不动产登记中心查询"),
    (re.compile(r"退役军人服务站"), "{d}区，到{d}区退役军人事务局，或住处所在街道（乡镇）的退役军人服务站"),
    (re.compile(r"个人所得税”App"), "{d}区，在“个人所得税”App上自己办，也可以到国家税务总局北京市{d}区税务局的办税服务厅问"),
)


def _office_in(district: str, after: str, basic: str) -> str:
    """Where in ``district`` the consultation's ``basic`` path is done: the police station of the home (户口, 居住证),
    the district's 社保中心 (人力社保), the 街道 (养老, 民政; the one named after the district), else the district's
    政务服务中心; with 12345 for the exact address."""
    street = re.match(r"[，,\s]*(?:区)?(?:的)?([\u4e00-\u9fff]{2,4}?)(?:街道|那边|那块|附近)?(?:[，,。\s]|$)", after)
    street = street.group(1) if street and not re.search(r"去|哪|怎么|办|住|那|的", street.group(1)) else None
    unit = basic.split(" ", 1)[0]   # the unit named before, when known, decides
    own = next((where.format(d=district) for path, where in _PATH_OFFICES if path.search(basic)), None)
    if own:
        place = own
    elif re.search(r"公安", unit) or not unit and re.search(r"派出所|北京警务|户口|居住证", basic):
        home = "户口所在地" if "户口所在地" in basic else "住处所属"   # (落户 is done where the parents' 户口 is)
        place = f"{district}区，就到{home}的派出所（市公安局{district}分局下属的派出所）办理，也可以先在“北京警务”App上申请、预约"
    elif re.search(r"人力社保", unit) or not unit and re.search(r"社保|12333|养老金|人力社保", basic):
        place = f"{district}区，到{district}区社会保险事业管理中心（区社保中心），或住处所在街道、乡镇的社保所办理"
    elif re.search(r"住房城乡建设|住建", unit) or not unit and re.search(r"公租房|住房保障", basic):
        # (公租房 in 丰台 was sent to the district's 政务服务中心: session 53's conversations)
        place = f"{district}区，到{district}区住房城乡建设委的住房保障窗口，或住处所在街道（乡镇）的住房保障窗口咨询、申请"
    elif re.search(r"民政", unit) or not unit and re.search(r"养老|居委会|街道|民政", basic):
        place = (f"{district}区，可以找住处所在的{street + '街道' if street else '街道（乡镇）'}办事处的养老服务窗口、社区居委会，"
                 "或附近的养老服务驿站")
    else:
        place = f"{district}区，可以到{district}区政务服务中心，或住处所在街道、乡镇的便民服务中心办理"
    return f"在{place}。具体在哪、几点办公，可以拨打12345问清楚地址。"


def _consulted_before(tracker: Tracker) -> bool:
    """Whether the bot's turn before its last one answered a consultation."""
    turns, current = [], []
    for e in reversed(tracker.events):
        if e.get("event") == "user":
            if current:
                turns.append(current)
            current = []
            if len(turns) >= 2:
                break
        elif e.get("event") == "bot":
            current.append(e.get("text") or "")
    if current:
        turns.append(current)
    return len(turns) >= 2 and any(CONSULT_SAID in t for t in turns[1])


def _part_answered(plain: str, tracker: Tracker) -> Optional[str]:
    """"非京籍的" right after a consultation's answer that covers it (孩子上小学要准备什么材料): that part of the answer
    again (it was 抱歉，我没有理解: session 52's conversations); None when the answer says nothing of it."""
    which = re.sub(r"^(?:我是|我们是|我家是|孩子是|他是|她是|是|那|那么|要是|如果是)|(?:的|呢|啊|呀|吧|怎么办|咋办|的话)+$", "",
                   re.sub(r"[，,。？?！!]", "", plain))
    # (需要备案吗 / 要预约吗 right after an answer that says so: 市公安局 by 备案, or 帮不上忙: session 54's conversations)
    which = re.sub(r"^(?:那)?(?:还|也)?(?:需要|需|要|得|必须|能|可以|用)(?=\S{2})|(?:吗|么|不)$", "", which)
    if len(which) > 10:
        # "孩子爸爸是北京户口，我是外地的" after the answer on 新生儿上户口 that says 父母一方是北京户口的…: who asks, told at
        # length (it got 答不准: session 55's conversations); the answer's sentence on its standing
        which = next((w for w in _STANDING.findall(plain)), which)
    if not 2 <= len(which) <= 10:
        return None
    answers = [e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "bot"
               and CONSULT_SAID in (e.get("text") or "")][:3]
    keys = next((k for q, k in _ASKED_PART if q.search(plain)), None)
    parts, lead = [], ""
    for answer in answers:   # (the answer before an honest 答不准 still says it: 什么时候报名 got 帮不上忙, session 54)
        # (an honest 答不准 says nothing itself: 去哪办 after it was told 刚才的回答里说了：抱歉，…到他们的服务窗口问,
        # session 57's conversations)
        answer = _HONEST_SAID.sub("", answer)
        if PART_SAID in answer[:24]:
            continue   # (a part said again: 去哪办 after 每个月能提多少 was told 刚才的回答里说了：刚才的回答里说了：…)
        sentences = [p for p in re.split(r"(?<=[；。])", answer) if p.strip() and CONSULT_SAID not in p
                     and not p.strip().startswith("这类问题一般由")]
        # (我是外地户口，在北京工作五年了 after the answer on 公租房 that says 非京籍的…: 答不准, session 57)
        parts = [p for p in sentences if any(w in p for w in (which, *_STANDING_ALIAS.get(which, ())))]
        lead = f"{which}的情况，{PART_SAID}"
        if not parts:
            # "那什么时候报名" / "去哪办": the sentences that say when or where (it was 没有理解: session 52)
            parts = [p for p in sentences if keys and keys.search(p)]
            lead = PART_SAID
        if not parts:
            # "我是在职的，单位交生育保险" after the answer on 生孩子的补贴: the sentences on what it names (it got 答不准 and
            # an article: session 57's conversations)
            topic = next((w for w in _TOPIC_NAMED.findall(plain) if any(w in p for p in sentences)), None) \
                if not _home_district(plain) and not _tells_problem(_TOPIC_NAMED.sub("", plain)) else None
            parts = [p for p in sentences if topic and topic in p]
            lead = f"{topic}的情况，{PART_SAID}"
        if parts:
            break
    if not parts:
        return None
    return (f"{lead}{''.join(p.strip() for p in parts[:2])}\n"
            "具体办理以主管部门的规定为准。如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")


PART_SAID = "刚才的回答里说了："
# the answers' own words for a standing said otherwise
_STANDING_ALIAS = {"外地户口": ("非京籍", "外地"), "非京籍": ("外地户口", "外地"), "北京户口": ("本市户籍", "北京户籍"),
                   "京籍": ("北京户口", "本市户籍", "北京户籍")}
# what a follow-up names that an answer's sentence may speak of (单位交生育保险)
_TOPIC_NAMED = re.compile(r"生育保险|生育津贴|育儿补贴|产假|医保|社保|公积金|户口|居住证|光荣证|低保|养老金|失业金|退休")
# what ``_honest_more`` says (抱歉，更具体的…答不准…或者到他们的服务窗口问。)
_HONEST_SAID = re.compile(r"(?:办理的基本步骤就是刚才说的这些；|抱歉，)?更具体的条件、材料和办理步骤我这里答不准[^\n]*?服务窗口问。")
# one's standing, said in a follow-up (北京户口, 外地的, 退休, 在职): the answer's sentence that speaks of it
_STANDING = re.compile(r"北京户口|京籍|非京籍|外地户口|退休|在职|灵活就业|农村户口|城镇户口|残疾|低保|独生子女")
# a question asked further of an answer: how much, how long, whether (每个月能提多少, 要多久能拿到, 收费吗)
_ASKS_FURTHER = re.compile(r"多少|多久|多长时间|几天|几个月|几年|几号|什么时候|啥时候|哪天|几月|能不能|可不可以|行不行|能否|是否|收费|要钱|免费|怎么算|"
                           r"[吗呢么？?]$")
# what a question right after a consultation asks for, and the words of the answer's sentences that say it
_ASKED_PART = (
    (re.compile(r"什么时候|啥时候|几月|哪天|哪个月|多会儿|什么时间"), re.compile(r"[0-9一二三四五六七八九十]+月|[春夏秋冬]季|每年|时间")),
    # (去哪办 after the answer on 残疾证 that says 到户籍所在地的街道（乡镇）残联提出申请: 答不准, session 57)
    (re.compile(r"去哪|在哪|哪里办|哪儿办|到哪"), re.compile(r"平台|窗口|[Aa][Pp][Pp]|网上|柜台|中心|大厅|营业厅|京通|派出所|办事处|"
                                                         r"社保所|服务站|登记点|到[^，,；。]{0,10}(?:街道|乡镇|残联)")),
    (re.compile(r"要什么|准备什么|什么材料|带什么|哪些材料|啥材料|什么条件|啥条件|哪些条件|有条件"), re.compile(r"准备|材料|带上|证明|条件")),
    # (能网上交吗 after the answer on 供暖费 that names its 公众号、App: 答不准, session 54's conversations)
    (re.compile(r"网上|线上|手机上|[Aa][Pp][Pp]|在线|微信|支付宝"), re.compile(r"公众号|[Aa][Pp][Pp]|网上|线上|小程序|在线|京通|平台")),
    (re.compile(r"多少|额度|上限|最多|比例"), re.compile(r"额度|标准|比例|上限|最高|[0-9一二三四五六七八九十]+(?:元|万|%)")),
    (re.compile(r"多久|多长时间|几天|几个工作日|什么时候能"), re.compile(r"工作日|[0-9一二三四五六七八九十]+天|当场|当天|时限|期限")),
    # (我在北京交了三年社保 after the answer on 失业金 that says how long by the years paid: 答不准, session 56)
    (re.compile(r"(?:交|缴)[了过]?(?:社保|保险|费)?[一二三四五六七八九十两\d]+年|[一二三四五六七八九十两\d]+年(?:多)?的?(?:社保|保险)|"
                r"领几个月|领多少个月"), re.compile(r"最长|缴费年限")),
    # (我今年刚满六十五 after the answer on the senior card that says from what age: 帮不上忙, session 56)
    (re.compile(r"(?:今年|刚|已经|都)?满?[一二三四五六七八九十百\d]{2,4}(?:岁|周岁)?了?$|[一二三四五六七八九十百\d]{2,4}(?:岁|周岁)"),
     re.compile(r"周岁|岁(?:以上|以下|及以上)")),
)


# where one's home, registration or insurance is said to be (我们户口在朝阳, 社保在海淀交的, 我住大兴)
_HOME_SAID = re.compile(r"(?:户口|户籍|住|家|房子|社保|医保|公积金)[^，,。；;]{0,4}?在")


def _home_district(plain: str, strict: bool = False):
    """The district named as home in a follow-up (孩子在海淀出生的，我们户口在朝阳 → 朝阳), else (not ``strict``) the
    first one named: a match of ``_BARE_DISTRICT``, or None."""
    for home in _HOME_SAID.finditer(plain):
        m = _BARE_DISTRICT.match(plain, home.end())
        if m:
            return m
    for m in _BARE_DISTRICT.finditer(plain):   # 我在海淀工作 (session 53's conversations: a complaint was opened)
        if plain[max(0, m.start() - 1):m.start()] == "在" and re.match(r"(?:区)?(?:工作|上班|住|生活|租房|买的房|打工)", plain[m.end():]):
            return m
    return None if strict else _BARE_DISTRICT.search(plain)


def consult_follow_up(said: str, tracker: Tracker) -> Optional[str]:
    """The answer to a question asked further right after a consultation's answer, outside a complaint: the basic
    path of the question before read with this one (or of this one: 我妈是北京的医保 现在在河北老家住院), or, said
    already, where to ask; None when the bot's last turn answered no consultation or the message tells a problem."""
    from actions.answers import _basic_path

    plain = re.sub(r"\s", "", said or "")
    if not plain or len(re.sub(r"\W", "", plain)) > 40 or case_number_in(plain_digits(plain)) or _phone_in(plain):
        return None
    if not _said_last_turn(tracker, CONSULT_SAID) and not (_said_last_turn(tracker, "没有理解") and _consulted_before(tracker)):
        # (我是外地的，在北京工作 → 没有理解 → 在哪办 after a consultation: still about it, session 52)
        return None
    if _PARTY_NEARBY.search(plain) and _tells_problem(re.sub(r"房|租|地", "", plain)) and not HOW_TO_ASKED.search(plain) \
            and not re.search(r"[吗么呢？?]$", plain):
        # "那我们小区好多狗都没办证，还不牵绳" after the answer on 养狗办证: a complaint (it got 答不准 and the form was
        # dropped: session 54's conversations)
        return None
    users = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][:-1]
    before = next((t for t in reversed(users[-3:]) if _basic_path(t)), users[-1] if users else "")
    if not HOW_TO_ASKED.search(plain):   # (那电话是多少 is the hotline's: _answered_aside)
        basic = _basic_path(plain)
        if not basic and _QUALIFIER_ONLY.fullmatch(re.sub(r"[，,。？?！!]", "", plain)) and not _part_answered(plain, tracker) \
                and not _home_district(plain) and not _tells_problem(re.sub(r"房|租|地", "", plain)):
            # (房 names no problem: 我家是老房子，单位分的 after 供暖费怎么交 opened a complaint: session 54)
            # "我是在职职工" / "门诊呢" right after an answer that had no more to say (医保报销比例): said honestly, never
            # 没有理解 (session 53's conversations)
            basic = _basic_path(before) or None
            return _honest_more(basic, _unit_told(tracker))
        if not basic:
            part = _part_answered(plain, tracker)
            answer = next((e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "bot"), "")
            # (the answer's own words are its topic, no problem: 户口 after the answer about 落户)
            if not part and _ASKS_FURTHER.search(plain) and not re.search(r"电话|号码|热线", plain) \
                    and not _home_district(plain, strict=True) \
                    and not _tells_problem(_ASKS_FURTHER.sub("", plain)):
                # "每个月能提多少" / "要多久能拿到" right after an answer that does not say: said honestly, with the
                # unit (it got 帮不上忙: session 54's conversations)
                return _honest_more(_basic_path(before) or None, _unit_told(tracker))
            if part or not _home_district(plain, strict=True) or _tells_problem(re.sub(
                    "|".join(w for w in set(PROBLEM_WORDS.findall(plain))
                             if w in answer or w in ("户口", "户籍", "社保", "医保", "公积金", "工作")) or "^$", "", plain)):
                return part
            # "孩子在海淀出生的，我们户口在朝阳": where the question before is done, in the district of home (it
            # opened a complaint and asked where the problem was: session 53's conversations)
            basic = _basic_path(before)
            if not basic:
                return None
    else:
        basic = _basic_path(plain) or _basic_path(f"{before} {plain}")
    unit = _unit_told(tracker)
    tail = "具体办理以主管部门的规定为准。如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。"
    district = _home_district(plain)
    if not district and HOW_TO_ASKED.search(plain) and re.search(r"哪", plain):
        # "在哪办" after 我是北京户口，在朝阳 (answered with 朝阳区人力社保局): the district said a turn before (it got
        # 答不准 and 市人力社保局: session 53's conversations)
        district = next((d for t in reversed(users[-2:]) for d in [_home_district(re.sub(r"\s", "", t))] if d), None)
        if district and not basic and unit:
            return f"{_office_in(district.group(1), '', unit)}\n{tail}"
    if unit and unit.startswith("居住地的区") and district:
        unit = f"{district.group(1)}区" + unit.removeprefix("居住地的区")   # 我们在顺义租房住的: 顺义区教委
    keys = next((k for q, k in _ASKED_PART if q.search(plain)), None) if basic and not district else None
    parts = [p.strip() for p in re.split(r"(?<=[；。])", basic) if keys.search(p)] if keys else []
    if parts and any(basic[:40] in (e.get("text") or "") for e in tracker.events if e.get("event") == "bot"):
        # "那去哪里办" after the answer on 养老金: the sentences that say where, not the answer again (it got
        # 市卫生健康委 by the triage's guess, or 答不准: session 54's conversations)
        return f"{PART_SAID}{''.join(parts[:2])}\n{tail}"
    if basic and not _said_last_turn(tracker, basic[:40]):
        return f"{basic}\n{tail}"
    if district and basic and not (unit or "").startswith(district.group(1)):
        # "我住大兴，去哪办" / "她住在朝阳，八里庄": the district's office named (答不准 only: tester59 G19)
        office = _office_in(district.group(1), plain[district.end():], (unit or "") + " " + basic)
        return f"{office}\n{tail}"
    # "孩子爸爸是北京户口，我是外地的" (its words name the answer just given: 答不准, session 55's conversations): the
    # answer's part on it, where it has one
    return _part_answered(plain, tracker) or _honest_more(basic, unit)


# who or what is near the citizen (我们小区, 楼下, 邻居, 有人): a complaint's subject
_PARTY_NEARBY = re.compile(r"(?:我们|咱们?|俺们?)(?:小区|楼|村|单位|公司|学校|这|那)|小区|楼下|楼上|邻居|隔壁|对门|对面|有人|门口|附近")
# who asks, or a part asked about, said alone after an answer (我是在职职工, 门诊呢, 退休的呢)
_QUALIFIER_ONLY = re.compile(r"(?:我|我们|我家|俺)(?:是|属于)[\u4e00-\u9fff]{2,10}|(?:那)?[\u4e00-\u9fff]{1,6}(?:的)?呢")


def _unit_told(tracker: Tracker, last_turn: bool = False) -> Optional[str]:
    """The unit the last consultation answer named (这类问题一般由市医保局负责解答 → 市医保局); only the bot's last
    turn is read when ``last_turn``."""
    said = _last_turn(tracker) if last_turn else (e.get("text") or "" for e in reversed(tracker.events)
                                                   if e.get("event") == "bot")
    return next((m.group(1) for t in said for m in [re.search(r"一般由(.+?)负责解答", t)] if m), None)


def _honest_more(basic: Optional[str], unit: Optional[str]) -> str:
    """What to say when a consultation is asked further than the bot can answer: where to ask, honestly."""
    tail = "具体办理以主管部门的规定为准。如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。"
    return ("办理的基本步骤就是刚才说的这些；" if basic else "抱歉，") + "更具体的条件、材料和办理步骤我这里答不准，请以" \
        + (f"{unit}" if unit else "主管部门") + "的规定为准，向他们问清楚最稳妥；热线一时打不通，可以稍后再拨，" \
        "或者到他们的服务窗口问。\n" + tail
