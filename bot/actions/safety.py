"""Dangers told in the chat: the safety advice (110 / 119 / 120 / 96777 …), the crisis care (12356),
waiting while a danger is handled, and what a case filed after it carries."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.api.triage import ApiError, ApiUnavailable
from actions.common import (
    RESPONDERS_CAME,
    _advised, _api, CONSENT, _district_alone, _DISTRICT_SAID, FILED_SAID, _from_the_place,
    LEAD_FILLER, MIN_CHARS, _phone_in, _phones_masked, PLACE_WORDS, plain_digits, _last_turn, _said_last_turn,
    _said_this_turn, _shown, _tells_problem, _title,
)


# 轻生 / self-harm said anywhere (我不想活了, 活不下去了, 想死, 从楼上跳下去): never a goodbye; care and
# the crisis lines at once, the conversation goes on (tester35 N-H1). The advice is the triage's for
# its urgent kind 轻生危险, said by the bot itself where no triage runs (a goodbye, out of scope …).
# Keep it in step with nlu/urgency.py's 轻生危险 pattern (every phrasing there is here too; the bot
# adds a few of its own: 自杀, 轻生, 自残 said plainly): tester36 H1 got 不够具体 for 活着太累了，不如死了算了
# (让人想死的噪音: a data message about a warehouse's night unloading got the crisis lines)
SELF_HARM = re.compile(r"不想活|活不下去|活不成了|不活了|(?<!说我)(?<!问我)(?<!让人)(?<!令人)(?<!叫人)想死(?![你我他她人们]|的(?:噪|声|味|动静))|去死了算|寻死|自杀|(?<![减年])轻生(?![产活])|自残|割腕|"
                       # (减轻生产成本, 跳楼机, 跳楼价: a data message about a bridge got the crisis lines)
                       r"跳楼(?!价|机|甩卖|大甩卖)|(?:从|往)[^，。！？,!?]{0,6}楼[^，。！？,!?]{0,4}跳|楼(?:上|顶)?跳下去|喝农药|"
                       # (sleeping pills taken to sleep, 本人现在入睡需带耳塞，吃安眠药, are no wish to die: ``_self_harm``)
                       r"吃安眠药|"
                       # as nlu/urgency.py has them (死了算了, not 累死了算了)
                       r"(?<!累)死了算了|不如死了|一死了之|"
                       # tester59 G8: 往下看 感觉跳下去就解脱了
                       r"(?:跳|死)[^，。！？,!?]{0,6}(?:就|也)?(?:解脱|一了百了|轻松了)|"
                       r"活着(?:太累|真累|好累|没意思|没什么意思|还有什么意思|有什么意思)|"
                       r"结束(?:这一切|自己的?生命|我的?生命|生命)|了结(?:自己|此生)|"
                       r"(?:安眠药|农药)[^。！？!?，,]{0,6}(?:一了百了|结束)")
SELF_HARM_KIND = "轻生危险"
SELF_HARM_ADVICE = ("如您或身边的人有轻生的念头：请不要独处，马上拨打110或120；心理援助热线12356、"
                    "北京心理援助热线010-82951332（24小时）都可以倾诉求助。")
SELF_HARM_CARE = "听到您这么说，我很担心您。" + SELF_HARM_ADVICE + \
    "遇到了什么难处，可以慢慢告诉我，我帮您登记反映；也可以请话务员给您回电，回复“转人工”即可。"


# someone else's words of suicide (我朋友刚给我发微信说他要跳楼，在…): 110 with the place, reach him and
# stay with him — not the lines addressed to the citizen (tester37 N8)
THIRD_PERSON = re.compile(r"(?:朋友|同事|同学|室友|邻居|家人|亲戚|孩子|儿子|女儿|老公|老婆|丈夫|妻子|爸|妈|哥|姐|弟|妹|"
                          r"男朋友|女朋友|对象|他|她)[^。！？!?]{0,16}(?:说|发|打电话|留言)[^。！？!?]{0,6}(?:他|她)"
                          r"(?:要|想|准备|打算|不想)")


def _third_person_care(said: str, place: Optional[str]) -> str:
    where = f"告诉他们地址（{_shown(place)}）" if place else "告诉他们他在哪里"
    return (f"请马上拨打110，{where}和他说的话；同时尽量联系上他，请离他近的人马上过去陪着他，别让他一个人待着。"
            "心理援助热线12356、北京心理援助热线010-82951332（24小时）也可以帮您一起想办法。您也注意照顾好自己。")


_SLEEP_PILLS = re.compile(r"[^。！？!?]*(?:入睡|睡不着|失眠|睡眠|睡觉)[^。！？!?]*吃安眠药|吃安眠药[^。！？!?]*(?:入睡|睡着|睡觉|失眠)")


# someone else's, told (学生喝农药，差点酿成人命; 自杀身亡也有之; 有牵挂也不至于高考后自杀: data letters got the crisis
# lines): not the citizen's wish to die
_OTHERS_BEFORE = re.compile(r"(?:学生|孩子|村民|老人|病人|患者|他|她|其|有人|某|别人|对方)[^我。！？!?，,]{0,3}$|(?:不至于|以免|防止|避免|导致|引发|造成)[^。！？!?，,]{0,6}$")
_OTHERS_AFTER = re.compile(r"身亡|事件|案件?|率|现象|的新闻|的报道|未遂的")


def _self_harm(said: str) -> bool:
    plain = re.sub(r"\s", "", said or "")
    found = [m.group(0) for m in SELF_HARM.finditer(plain)
             if not (m.group(0) in ("自杀", "喝农药", "吃安眠药")
                     and (_OTHERS_BEFORE.search(plain, 0, m.start()) or _OTHERS_AFTER.match(plain, m.end())))]
    # sleeping pills for sleep alone (入睡需带耳塞，吃安眠药) are no wish to die
    return bool(found) and not (set(found) == {"吃安眠药"} and _SLEEP_PILLS.search(plain))


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
                                      "也可以请话务员给您回电。心理援助热线12356（24小时）随时可以拨打。")
    else:
        dispatcher.utter_message(text=SELF_HARM_CARE)


# After a self-harm statement or a scam going on the bot stays with the person (tester36 H2, H3): the
# crisis lines (or the anti-fraud advice) and a person offered, no form question in the same breath;
# while the danger lasts every message gets them again, never read as the form's answer ("我现在就在
# 楼顶上" was 这个地点还不够具体). A wish to file, a place or the problem told goes on with the form.
SELF_HARM_STAY = ("您不是一个人，我在这里陪着您。您遇到的事我已经记下了，不着急登记。想找人说说话，回复“转人工”，"
                  "我请话务员尽快给您回电（想马上和人说话，请拨打12356或12345）；等您准备好了，再告诉我这件事发生在哪里，我帮您登记。")
# the wish to die said alone (我这几天一直想死): nothing was told, so nothing "记下了" (tester37 N2)
SELF_HARM_STAY_ALONE = ("您不是一个人，我在这里陪着您。不着急，想说的时候慢慢告诉我就好。想找人说说话，回复“转人工”，"
                        "我请话务员尽快给您回电；想马上和人说话，请拨打12356或12345。")
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
SELF_HARM_NOW = ("您现在的安全最要紧：请先离开楼顶、天台、河边这些危险的地方（先从楼边、栏杆边往里退，别往下看），放下手里的药、刀或绳子，到身边有人的地方去。"
                 "请马上拨打110或120求助；心理援助热线12356、北京心理援助热线010-82951332（24小时）都有人接听。"
                 "回复“转人工”，我请话务员尽快给您回电；想马上和人说话，请拨打12356或12345。")
SELF_HARM_AGAIN = ("我在这里听您说，不着急。心里难受的时候，心理援助热线12356、北京心理援助热线010-82951332（24小时）"
                   "随时可以拨打；有危险请马上拨打110或120。想找人说说话，回复“转人工”即可；想登记反映的事，也可以随时告诉我。")
RESUMED = "好的，我们接着登记。"
# a place said after the crisis lines for the wish to die (no act, no complaint told): where the person is,
# never the form's next question (我在丰台区方庄 was 您说的情况还不够具体: tester round 11 #1)
CRISIS_WHERE = ("地址记下了：{place}。如有危险，请马上拨打110或120，把这个地址告诉他们；身边有人的话，请他陪着您，"
                "不要一个人待着。心理援助热线12356、北京心理援助热线010-82951332（24小时）随时有人接听。"
                "回复“转人工”，我请话务员尽快给您回电，地址会一起告诉话务员；想马上和人说话，请拨打12356或12345。")
# "你们能帮我什么" / "有什么用" in a crisis: what the bot does here, never 帮不上忙 or the complaint menu
HELP_ASKED = re.compile(r"(?:你们?|这里|这儿|机器人)?(?:到底|又|还)?(?:能|可以|会)?(?:帮(?:我|得了我|上我)?|为我)(?:做|干|办)?"
                        r"(?:些|点)?(?:什么|啥)(?:忙)?|(?:有|管)(?:什么|啥)用|能(?:做|干)(?:些|点)?(?:什么|啥)|"
                        r"(?:能|可以)帮(?:我|上忙|得上忙?)?(?:吗|么|嘛)|帮得了我?(?:吗|么|嘛)|有用(?:吗|么|嘛)")
CRISIS_HELP = ("我在这里能为您做这些：听您说说心里的事，不着急，想说多少就说多少；回复“转人工”，我请话务员尽快给您回电，"
               "想马上有真人陪您说话，请拨打下面的热线；心理援助热线12356、北京心理援助热线010-82951332（24小时）有专业的人接听；"
               "有危险请马上拨打110或120。遇到了具体的难处，也可以告诉我，我帮您登记反映。")
_WHERE_LEAD = re.compile(r"^(?:我|我们|人)?(?:现在|就|人)?(?:在|住在|住|家在|待在)")
# a place said after the first aid for an act of self-harm (nlu/urgency.py's advice, 如已经服下药物…):
# where the ambulance must go, and a person offered who gets it with the case
FIRST_AID_SAID = "如已经"
CRISIS_PLACE = ("地址记下了：{place}。请马上拨打120，把这个地址告诉调度员，说清楚发生了什么；打开门等急救人员，"
                "身边有人的话请他陪着您。回复“转人工”，我请话务员尽快给您回电，地址会一起告诉话务员；想马上和人说话，请拨打12356或12345。"
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
PERSON_KINDS = (PERSON_KIND, "急症中毒", "交通事故")  # (someone hit by a vehicle now: session 51)
# 打 that is no blow (家里的劳动力在外打工, 家里拥挤打算…, 家里窗子无法打开, 家里老人打听: ordinary words in the data's
# messages that read as violence at home)
# (业主家里依然在采用打钢钉的方式维修; 在家打娘骂爹, a village head's character: data letters got the script)
_NOT_A_BLOW = r"工|算|电话|听|开|扫|车|针|卡|印|折|包|理|牌|麻将|球|扰|不通|字|官司|水|饭|招呼|交道|疫苗|点滴|游戏|款|钱|的|钢钉|钉|孔|洞|娘骂爹|爹骂娘"
# (二次毁我家暴征暴拆: a data letter about a demolition got the script)
DOMESTIC_VIOLENCE = re.compile(r"砸门|踹门|撞门|(?:打|杀|砍|弄|掐)死我(?![都也们]|不)|(?<![扼抹])杀了我(?!们)|(?<!毁我)家暴(?!征|拆)|家庭暴力|"
                               r"(?:老公|丈夫|男人|男朋友|前夫|对象|爸爸|父亲|儿子|我爸|继父|后爸)[^。！？!?]{0,10}"
                               r"(?:打我|揍我|掐我|砍我|动手(?!术))|"
                               r"(?:躲在|锁在|藏在)[^。！？!?，,]{0,6}(?:卧室|厕所|卫生间|屋里|房间)|"
                               # going on now, at home (他现在正在打我, 在家打我妈, 打孩子: tester38 F3)
                               r"(?:正在|一直在|又在|还在|现在在)(?:打|揍)(?:我|孩子|人)|(?:在家|家里)[^。！？!?，,]{0,6}(?:打(?!" + _NOT_A_BLOW + r")|揍)|"
                               r"(?:打|揍)(?:我妈|我爸|我奶奶|我姥姥|我弟|我妹|我姐|我哥|孩子|小孩)|"
                               # how she says it in a few words (tester57 F1: 被我丈夫打了, 他刚才打了我, 他喝醉了要打我)
                               r"(?:被|挨)我?(?:老公|丈夫|男朋友|前夫|对象|爱人)(?:打|揍)|(?:他|老公|丈夫)(?:刚才|刚刚|刚|又)又?(?:打|揍)了我|"
                               r"(?:喝多了|喝醉了|发酒疯|发疯)[^。！？!?]{0,4}(?:要|又|在)?(?:打|揍)(?:我|孩子)")
# told by a child (我爸又喝多了在家打我妈，我在房间里不敢出去): a parent hits a parent or the child
CHILD_SPEAKING = re.compile(r"(?:我爸|我妈|爸爸|妈妈|我父亲|我母亲|继父|继母|后爸|后妈)[^。！？!?]{0,12}"
                            r"(?:打|揍)(?:我妈|妈妈|我母亲|我爸|爸爸|我弟|我妹|我姐|我哥|我(?![们家]))|"
                            r"(?:我妈|妈妈|我爸|爸爸)[^。！？!?]{0,8}(?:被|挨)[^。！？!?]{0,4}(?:打|揍)")
DV_ADVICE = ("您的安全最要紧：请马上拨打110报警，告诉警察您在哪里、对方正在威胁伤害您。警察到之前，待在能反锁的房间里，"
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
# the advice said with children named (我和孩子躲在卧室里): theirs too (tester56 E24: 您和孩子 to a woman alone)
WITH_CHILDREN = re.compile(r"孩子|小孩|儿子|女儿|闺女|宝宝|娃")
# a person told to call 110 while violence goes on who dares not, or cannot, call (tester56 E1: 我不敢打110 他听见会
# 更狠 read as a 110 call made, then the form's place question): the silent ways, and the bot stays
DARE_NOT = re.compile(r"不敢(?:打|报警|拨|出声|说话|吭声)|不能(?:打电话|出声|说话|报警)|没法(?:打电话|报警|说话|出声)|"
                      r"不方便(?:打电话|说话|报警)|打不了电话|(?:他|对方)[^。！？!?，,]{0,4}(?:听见|听到)|"
                      r"(?:发|用)短信|短信报警|文字报警|会更狠|打得更狠")
SILENT_MARK = "12110"
SILENT_HELP = ("不方便出声打电话时，可以发短信到12110报警（北京市公安局短信报警），写清楚详细地址、正在发生什么，不用出声；"
               "也可以请邻居、亲友替您拨打110。手机调成静音、保持有电；能安全离开的话，去邻居家或人多的地方。"
               "安全以后，可以拨打12338妇女维权热线求助，也可以申请人身安全保护令。不用急着登记，您先顾好自己。")
SILENT_HELP_CHILD = ("不方便出声打电话的话，可以发短信到12110报警，写清楚家里的地址、家里有人正在打人；也可以去找邻居、"
                     "老师这些你信任的大人，请他们帮你打110。先顾好自己，这不是你的错。")
# she said she cannot call or speak (不敢打110他会听见, 我不敢出声 打不了电话, 不方便打电话 他在家): the silent ways
# at once, with the locked room and leaving if safe, never 请马上拨打110 alone (tester57 F1)
CANNOT_CALL = re.compile(r"不敢(?:打110|打电话|打|报警|拨|出声|说话|吭声)|不能(?:打电话|出声|说话|报警)|没法(?:打电话|报警|说话|出声|打110)|"
                         # tester59 G1/G2: 现在说不了话 只能打字, 我偷偷打字, 他就在旁边屋 我没法打110
                         r"说不了话|只能打字|偷偷(?:打字|发消息|发信息)|(?:他|对方)就在(?:旁边|隔壁|外面|门外|客厅)|"
                         r"不方便(?:打电话|说话|报警|出声)|打不了电话|(?:他|对方|老公|丈夫)[^。！？!?，,]{0,4}(?:听见|听到)")
DV_SILENT_ADVICE = ("您的安全最要紧。不方便出声打电话时，可以发短信到12110报警（北京市公安局短信报警），写清楚详细地址"
                    "（小区、楼号、门牌）和正在发生什么，不用出声；也可以悄悄发消息，请邻居、亲友替您拨打110。"
                    "手机调成静音、保持有电；待在能反锁的房间里，锁好门，不要跟他硬碰硬；能安全离开的话，去邻居家或人多的地方。"
                    "有人受伤请拨打120。安全以后，可以拨打12338妇女维权热线求助，也可以申请人身安全保护令。")
# an adult far away told of it (我妈被我爸打了 刚给我发微信 说她躲在厕所 不敢打电话 我在外地: tester57 F1 got the advice
# for a child at home): report for her, with her address in Beijing; people near her; what she can do silently
FAR_AWAY = re.compile(r"我在外地|在外地|我不在家|我不在北京|不在北京|不在她身边|不在身边|离得远|我在国外|在外省|出差|"
                      r"我在(?:上海|天津|广州|深圳|杭州|南京|成都|武汉|西安|重庆|河北|山东|河南|老家|外面上学|学校)|"
                      r"(?:给我|跟我)(?:发|打|回)了?(?:个)?(?:微信|消息|短信|电话|语音)|发微信(?:给我|说)|打电话(?:给我|说)")
VICTIM_AWAY = re.compile(r"我妈|妈妈|我母亲|我姐|我妹|我女儿|我闺女|我奶奶|我姥姥|她")
DV_RELAY_MARK = "您可以替她报警"
DV_RELAY_ADVICE = ("她的安全最要紧，" + DV_RELAY_MARK + "：马上拨打110，说清楚她在北京的详细地址（区、小区、楼号、门牌）、"
                   "正在发生家暴、她躲在哪里不敢出声。您在外地拨打110接通的是当地的110，请说明事情发生在北京，"
                   "请接警员帮忙转给北京警方。也可以马上请她在北京的邻居、亲友或小区物业、保安过去敲门帮忙，替她报警。"
                   "请告诉她：手机调成静音，待在能反锁的房间里；不方便出声可以发短信到12110报警（北京市公安局短信报警），"
                   "写清楚地址和正在发生什么；有人受伤请拨打120。之后可以拨打12338妇女维权热线求助，也可以申请人身安全保护令。"
                   "您自己也别太着急，有新的情况随时告诉我。")


def cannot_call(text: str, tracker: Optional[Tracker] = None) -> bool:
    """Whether ``text`` (or a message of the citizen's earlier in this chat, since the last filing) says she
    cannot call or speak (不敢打110, 他会听见)."""
    if CANNOT_CALL.search(re.sub(r"\s", "", text or "")):
        return True
    for event in reversed(tracker.events if tracker else []):
        said = event.get("text") or ""
        if event.get("event") == "bot" and any(f in said for f in FILED_SAID):
            break
        if event.get("event") == "user" and CANNOT_CALL.search(re.sub(r"\s", "", said)):
            return True
    return False


def reported_from_afar(text: str) -> bool:
    """Whether ``text`` tells of violence to someone else (我妈, 她) told by one who is not there (我在外地,
    她给我发微信)."""
    plain = re.sub(r"\s", "", text or "")
    return bool(FAR_AWAY.search(plain) and VICTIM_AWAY.search(plain))


def dv_silent_advice(text: str, tracker: Optional[Tracker] = None) -> str:
    """The advice for violence at home when she cannot call (the relay's for one far away, the short form
    when the silent ways were said already)."""
    if reported_from_afar(text):
        return DV_RELAY_ADVICE
    if tracker is not None and _advised(tracker, SILENT_MARK):
        return SILENT_AGAIN
    return DV_SILENT_ADVICE.replace("您的安全最要紧", "您和孩子的安全最要紧") \
        if WITH_CHILDREN.search(text or "") else DV_SILENT_ADVICE


# a burglar at the door of one who dares not speak (有小偷正在撬我家门，我在屋里不敢出声 got the advice for violence at
# home, 12338 妇女维权 and a protection order): the silent ways, the locked room, no confrontation
BURGLAR = re.compile(r"小偷|盗贼|(?<![老])贼|撬(?:我家|我们家)?的?(?:门|锁|窗)|入室|翻(?:进|墙进)")
BURGLAR_SILENT_ADVICE = ("您的安全最要紧。不方便出声打电话时，可以发短信到12110报警（北京市公安局短信报警），写清楚详细地址"
                         "（小区、楼号、门牌）和正在发生什么，不用出声；也可以悄悄发消息，请邻居、亲友或物业、保安替您拨打110。"
                         "手机调成静音；锁好房门，待在能反锁的房间里，不要出去跟对方正面冲突；有人受伤请拨打120。")


def silent_first(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """A message that says she cannot call (他会听见的 我不敢打110, read as a goodbye or out of scope; 家暴 我现在
    在厕所 他会听到), outside a danger the bot already holds: the silent ways at once, and the bot stays (its
    marks hold the chat as violence at home). Whether it said them."""
    plain = re.sub(r"\s", "", said or "")
    if not CANNOT_CALL.search(plain) or _said_this_turn(tracker, SILENT_MARK) \
            or _said_this_turn(tracker, DV_RELAY_MARK):
        return False
    dv = DOMESTIC_VIOLENCE.search(plain) or reported_from_afar(plain) or any(
        e.get("event") == "user" and DOMESTIC_VIOLENCE.search(re.sub(r"\s", "", e.get("text") or ""))
        for e in tracker.events)
    if not dv and BURGLAR.search(plain):
        dispatcher.utter_message(text=SILENT_AGAIN if _advised(tracker, SILENT_MARK) else BURGLAR_SILENT_ADVICE)
        return True
    # with no violence told: only a short message about not daring to call (他会听见的 我不敢打110)
    if not dv and (len(re.sub(r"\W", "", plain)) > 20 or not re.search(r"110|报警|警察|他|她|出声|听见|听到", plain)):
        return False
    dispatcher.utter_message(text=dv_silent_advice(plain, tracker))
    return True


def dv_advice(text: str) -> str:
    """``DV_ADVICE`` for what ``text`` tells: the children's safety too where it names them."""
    return DV_ADVICE.replace("您的安全最要紧", "您和孩子的安全最要紧") if WITH_CHILDREN.search(text or "") else DV_ADVICE


DV_SAID = DV_ADVICE.split("：", 1)[1]   # what either form of the advice says, for "said once"
SILENT_AGAIN = ("可以：短信发到12110，写清楚详细地址和正在发生什么就行，不用出声；也可以请邻居、亲友替您拨打110。"
                "您先顾好自己，安全了再告诉我。")
# the marks of the advice for violence at home going on: while the bot's last turn said one, it stays
DV_HELD = ("警察到之前", "不要回家，也不要跟他硬碰硬", "这不是你的错", SILENT_MARK, "您可以替她报警")
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
    """The triage's advice for a danger to a person now, with the bot waiting after it (where the advice
    names 119 too, a person in the water or down a well: its numbers, never 先打110或120 beside them)."""
    wait = PERSON_WAIT_KNOWN if located else PERSON_WAIT
    if "119" in advice:
        wait = wait.replace("先打110或120求助", "先按上面说的打电话求救")
    return advice + wait


# -- the close of an urgent case (tester50 C8) ----------------------------------------------------------
# a case the triage marked urgent (燃气泄漏, 火情, someone down a well …) was closed with the routine
# "话务员确认后派单": it says it is registered as urgent, and that the emergency numbers come first
URGENT_FILED_MARK = "已按紧急情况登记"
_URGENT_NUMBERS = re.compile(r"96777|96333|95598|96116|96069|96110|12356|110|119|120|122")
# the numbers of a kind, where no advice was said in the chat
URGENT_KIND_CALLS = {
    "燃气泄漏": ("96777", "119"), "火情": ("119",), "触电危险": ("95598", "119"), "电梯困人": ("96333", "119"),
    "电梯伤人": ("120", "96333"),
    "人身危险": ("110", "120"), "急症中毒": ("120",), "坠落坍塌": ("110", "119"), "井盖缺失": ("110", "120"),
    "暖气爆管": ("96069",), "爆管跑水": ("96116",), "积水被困": ("119", "120"), "动物咬伤": ("120", "110"),
    "轻生危险": ("110", "120"), "电信诈骗": ("110", "96110"), "正在盗窃": ("110",), "交通事故": ("120", "122"),
}


# dangers whose emergency call is for a person hurt (the advice says 已有人跌落请立即拨打…)
IF_HURT_KINDS = ("井盖缺失", "坠落坍塌")
HURT_SAID = re.compile(r"掉(?:下去|进去|进)了|摔(?:伤|倒|了)|砸(?:伤|到|着)了?人|受伤|流血|骨折|昏迷|有人(?:掉|跌|摔|被砸)")


def _urgent_calls(kind: str, tracker: Optional[Tracker]) -> List[str]:
    """The emergency numbers for an urgent case: those of the last danger advice said in the chat (the
    well's 120和119), else its kind's."""
    for event in reversed(tracker.events if tracker else []):
        text = (event.get("text") or "") if event.get("event") == "bot" else ""
        if any(f in text for f in FILED_SAID):  # an earlier case's danger
            break
        if text.startswith("如") and "：" in text[:20] and _URGENT_NUMBERS.search(text):
            found = list(dict.fromkeys(_URGENT_NUMBERS.findall(text)))
            return [n for n in found if n != "12356"] or found
    return list(URGENT_KIND_CALLS.get(kind, ("110", "120", "119")))


def urgent_filed(case: Dict[str, Any], unit: str, tracker: Optional[Tracker] = None) -> Optional[str]:
    """The filing message for a case marked urgent (``case["urgent"]``, the danger's kind): registered as
    urgent, the unit, and the emergency numbers first; None for a case that is not urgent (the routine
    "话务员确认后派单" close stays)."""
    kind = (case or {}).get("urgent")
    if not kind:
        return None
    calls = "、".join(_urgent_calls(kind, tracker))
    # (its start is the routine close's, FILED_SAID: what is said after a filing reads it)
    head = (f"{FILED_SAID[0]}，工单编号 {case.get('number')}，查询码 {case.get('query_code')}。这件事{URGENT_FILED_MARK}，"
            f"初步判断由{unit}承办，会优先处理。")
    if kind == FRAUD_KIND:
        return head + "追回钱款请以110和反诈专线96110为准：已经转账的，请尽快报案并联系银行冻结账户。"
    if kind == SELF_HARM_KIND:
        return head + ("您的安全最要紧：有危险请马上拨打110或120；心里难受的时候，心理援助热线12356（24小时）"
                       "随时可以拨打。")
    if kind in IF_HURT_KINDS and not HURT_SAID.search(str((case or {}).get("raw_text") or (case or {}).get("text") or "")):
        # a missing manhole cover, something about to fall: the call is for when someone is hurt (nobody was, and
        # 还没打的，请马上拨打110 read as an order: tester53 D18)
        return head + f"现场如有人跌落或受伤，请马上拨打{calls}；这里的登记不能代替报警和急救。"
    return head + f"现场的险情请以{calls}为准：还没打的，请马上拨打，这里的登记不能代替报警和急救。"


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


# trapped in a lift (its advice 如被困电梯 said) and afraid of the air: 我好害怕，里面越来越闷了，喘不上气 got
# the poisoning advice its words alone get (误服的物品请保留包装), then the rescue (消防的来了，把我救出来了，电梯是
# 海淀区…) got 请马上拨打120…陪着病人 (tester47 B4). While the citizen is in the lift, fear and stuffiness get the
# lift's reassurance (the car is ventilated, stay calm, the alarm, 96333 / 119; 120 if someone faints) and the
# bot waits; "救出来了" ends the danger: glad words, and the form goes on (a place said with it is taken)
LIFT_MARK = "如被困电梯"
LIFT_CALM_MARK = "轿厢有通风口"
LIFT_CALM = ("别害怕，我在这儿陪着您。电梯轿厢有通风口，不是密封的，里面的空气够用，不会憋着。请靠着轿厢壁站稳或坐下，"
             "慢慢深呼吸，少说话、保存体力；不要扒门，也不要往外爬。一直按警铃，或拨打轿厢内张贴的救援电话；"
             "没人应答就拨打96333（北京特种设备应急）或119，说清楚小区、楼号和困在几层。"
             "如果有人晕倒或特别难受，请马上拨打120。")
LIFT_CALM_AGAIN = ("我一直在这儿。轿厢里的空气够用，别着急，慢慢深呼吸。救援电话打通了吗？没打通就拨打96333或119；"
                   "有人晕倒或特别难受，请马上拨打120。")
LIFT_WAIT = "您的安全要紧，不用急着登记；出来以后告诉我一声，我们再接着登记。"
LIFT_OUT_SAID = "出来了就好"
LIFT_WORRY = re.compile(r"闷|憋|喘不上气|喘不过气|透不过气|上不来气|缺氧|没氧|氧气|空气|呼吸|害怕|怕|吓|慌|急死|热死|"
                        r"好热|太热|出汗|哭|受不了|撑不住|怎么办|咋办")
LIFT_OUT = re.compile(r"出来了|救出|出去了|弄出来|放出来|门开了|打开了|开门了|没事了|安全了|得救|脱困")
# someone fainted or worse: the triage's 120 advice, never only the reassurance
LIFT_COLLAPSE = re.compile(r"晕倒|晕过去|晕了|昏|叫不醒|没反应|没有反应|没意识|抽搐|不省人事|心脏病|犯病")


LIFT_TURNS = 3  # the lift's talk lasts this many of the citizen's messages after its advice or reassurance


def _in_lift(tracker: Tracker) -> bool:
    """Whether the citizen is trapped in a lift now: the lift advice (or its reassurance) was said in one
    of the bot's last ``LIFT_TURNS`` turns, and since then no case was filed and no earlier message told
    the citizen is out (a worry said later in the complaint, 我怕他们不处理, is no fear in the lift)."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    seen = 0
    for event in reversed(tracker.events[:users[-1]] if users else tracker.events):
        text = event.get("text") or ""
        if event.get("event") == "bot" and (LIFT_MARK in text or LIFT_CALM_MARK in text):
            return True
        if event.get("event") == "bot" and any(f in text for f in FILED_SAID):
            return False
        if event.get("event") == "user":
            seen += 1
            if seen >= LIFT_TURNS or LIFT_OUT.search(re.sub(r"\s", "", text)):
                return False
    return False


def _lift_told(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """While the citizen is trapped in a lift (``_in_lift``): fear or stuffiness (我好害怕，越来越闷了，喘不上
    气) gets the lift's reassurance and the bot waits (True: no answer taken, no question after it). The
    rescue (救出来了) is good news, said so: with nothing else the pending question follows (True), with a
    place or more said (…电梯是海淀区…的) the message goes on as the answer (False). False for anything
    else, and for someone fainted (the triage's 120 advice)."""
    plain = re.sub(r"\s", "", said or "")
    latest = next((e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "user"), "")
    if not plain or plain != re.sub(r"\s", "", latest) or not _in_lift(tracker):
        return False
    if LIFT_OUT.search(plain) and not LIFT_COLLAPSE.search(plain):
        rest = re.sub(r"\W|已经|终于|刚刚?|我|被|把|的|了|啊|呀|吧|人|总算", "", LIFT_OUT.sub("", plain))
        alone = len(rest) < 4
        if not _said_this_turn(tracker, LIFT_OUT_SAID):
            dispatcher.utter_message(text="您平安出来了就好！" + ("我们接着登记。" if alone else ""))
        return alone
    if LIFT_COLLAPSE.search(plain) or not LIFT_WORRY.search(plain):
        return False
    if not _said_this_turn(tracker, LIFT_CALM_MARK) and not _said_this_turn(tracker, "我一直在这儿"):
        dispatcher.utter_message(text=(LIFT_CALM_AGAIN if _advised(tracker, LIFT_CALM_MARK) else LIFT_CALM)
                                 + LIFT_WAIT)
    return True


def _medical_signs(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """Symptoms told while a medical emergency waits (她说头疼想睡觉): said to be danger signs, 120
    (again) with them, someone beside the person, and the bot waits on (no question after it). False
    when no medical emergency waits or no symptom is told. Trapped in a lift, fear and stuffiness get
    the lift's reassurance instead (``_lift_told``: tester47 B4)."""
    if _lift_told(said, tracker, dispatcher):
        return True
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
# (people in a flooding basement, tester50 C1: out first, then 119 asked for as for a fire)
HOTLINE_DANGERS = (("96777", "燃气抢修热线96777或火警119"), ("如有火情", "火警119"), ("95598", "供电抢修95598或110"),
                   ("如地下室", "火警119"))
HOTLINE_KINDS = ("燃气泄漏", "火情", "触电危险", "积水被困")
# the hotlines a citizen says they called (我已经打了96777了): no phone number, no case number (tester42 N3)
_HOTLINES = (r"1[12]0|119|96777|95598|96116|96069|96110|96333|12356|12345|12315|12369|12333|12393|12329|12338|12355|"
             r"12305|12378|122")
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
                ("如被困电梯", "轿厢内警铃或救援电话，无人应答拨打96333、110或119"),
                ("如有人摔倒、昏迷或突发急病", "急救电话120"), ("如有人误服、中毒或突发急症", "急救电话120"),
                ("如有人呼吸困难", "急救电话120"),
                ("如有人身安全危险", "110（有人受伤或落水拨打急救电话120）"),
                # tester50 C1, C8: a person in the water or down a well, a dog bite
                ("如有人落水", "110、120或119"), ("如有人掉进井里", "急救电话120和火警119"),
                ("如被狗咬伤", "狂犬病免疫预防门诊（伤重拨打120，狗主人不配合拨打110）"),
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
# (tester59 G8: 110 and 119, talk calmly from a distance if safe, no crowd below)
OTHER_AT_RISK_ADVICE = ("如有人要轻生：请马上拨打110和119，说清楚哪栋楼、他所在的位置和现在的样子；有人受伤请拨打急救电话120。"
                        "警察和消防到之前，如果您能安全地靠近，就隔着一段距离平静地跟他说说话，听他说，别催、别吓他，"
                        "也别突然冲过去拉他；不要围观、起哄或拍视频，请楼下的人离开他的正下方。")


def _someone_else_at_risk(said: str) -> bool:
    """Whether ``said`` tells of another person about to take their life (楼顶有个人说要跳下去), not the
    citizen (我不想活了)."""
    plain = re.sub(r"\s", "", said or "")
    return bool(SOMEONE_ELSE.search(plain)) and not re.search(r"我[^。！？!?，,]{0,4}(?:不想活|想死|要跳|想跳)", plain)


def _hotline_called(said: str) -> bool:
    """Whether ``said`` only tells that a hotline was called (我已经打了96777了): no other number in it."""
    plain = plain_digits(re.sub(r"\s", "", said or ""))
    if re.search(r"(?:不敢|不能|没法|没有|没|不想|不要|别|不方便|不好|不让)(?:打|拨|报)", plain):
        return False   # 我不敢打110 is no call made (tester56 E1)
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
    # the wish to die said earlier in the chat, the case about something else (活着没意思 不想活了, then the wages
    # owed: tester57 F3 had no flag, no note): the operator who calls back is to know
    described = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
    crisis = None
    for event in tracker.events:
        text = event.get("text") or ""
        if event.get("event") == "bot" and any(f in text for f in FILED_SAID):
            crisis = None
        elif event.get("event") == "user" and _self_harm(text) and crisis is None \
                and not _someone_else_at_risk(text) and not THIRD_PERSON.search(text):
            crisis = text
    if crisis and not _self_harm(described) and CRISIS_NOTE_CALL not in notes:
        notes[CRISIS_NOTE_CALL] = DANGER_NOTE.format(said=_phones_masked(crisis.strip())[:80], call=CRISIS_NOTE_CALL) \
            + CRISIS_NOTE_TAIL
    return list(notes.values())


CRISIS_NOTE_CALL = "心理援助热线12356，有危险拨打110或120"
CRISIS_NOTE_TAIL = "。市民在对话中表达过轻生念头，回电时请先关心其安全和情绪状况，必要时转介心理援助"


def danger_call(tracker: Tracker) -> Optional[str]:
    """The call named in the last danger advice said in this chat since the last filing (96333 for a lift,
    96069 for a heating pipe …), or None."""
    call = None
    for event in tracker.events:
        text = event.get("text") or ""
        if event.get("event") == "bot":
            if any(f in text for f in FILED_SAID):
                call = None
            found = next((c for m, c in DANGER_CALLS if m in text), None)
            call = found or call
    return call


# "你们快派人来啊" while a danger's advice stands (tester56 E16: trapped in a lift, it got 好的，地点记下了 and the
# phone question): said plainly that this chat sends nobody now, and whom to call
SEND_NOW_DANGER = "这里的登记没法马上派人到现场，请直接求救：{call}。地点我已经记下了。"


def _advice_in_form(text: str, urgent: Dict[str, Any]) -> str:
    """The advice for a danger told in the middle of a complaint (never its "tell me where" line: the
    complaint in progress is the one taken up again)."""
    plain = re.sub(r"\s", "", text)
    if urgent.get("kind") == FRAUD_KIND:
        return FRAUD_ADVICE + FRAUD_STAY
    if urgent.get("kind") == PERSON_KIND and DOMESTIC_VIOLENCE.search(plain):
        outside = bool(OUT_OF_HOME.search(plain))
        if reported_from_afar(plain) or (CANNOT_CALL.search(plain) and not outside
                                         and not CHILD_SPEAKING.search(plain)):
            return dv_silent_advice(plain) + FORM_WAIT
        if CHILD_SPEAKING.search(plain):
            return (DV_CHILD_OUT_ADVICE if outside else DV_CHILD_ADVICE) + FORM_WAIT
        return (DV_OUT_ADVICE if outside else dv_advice(plain).replace(DV_PLACE_LATER, "")) + FORM_WAIT
    if urgent.get("kind") == SELF_HARM_KIND:
        return urgent["advice"]  # 120 and the first aid, with the crisis lines: the bot stays
    return urgent["advice"] + FORM_WAIT


CRISIS_MARK = "12356"  # said in every crisis message (SELF_HARM_ADVICE, the care, the stays)
FRAUD_MARK = "96110"   # said in every anti-fraud message (the triage's advice, FRAUD_ADVICE)
# a danger now, said after the crisis lines: 在楼顶, 已经吃了药, 手里有刀
IMMINENT = re.compile(r"楼顶|天台|顶楼|楼边|窗台|窗户外|窗外|阳台外|桥上|桥边|河边|湖边|江边|海边|水边|铁轨|轨道边|站台边|"
                      r"(?:已经|刚|刚刚|都)(?:吃|喝|吞)(?:了|下)|吃了(?:一(?:整)?瓶|好多|很多|一把|一堆)|(?:手里|手上)(?:有|拿着|握着)|"
                      r"拿着刀|刀片|割了|划了|绳子|上吊|烧炭|往下跳|要跳|跳下去|遗书|永别|最后一次|来不及了|站在")
# where one stands high up or by the water (我爬到我们楼顶了): away from the edge first (tester59 G8)
IMMINENT_PLACE = re.compile(r"楼顶|天台|顶楼|楼边|窗台|窗户外|窗外|阳台外|桥上|桥边|河边|湖边|江边|铁轨|站台边")
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
# no money gone, or the call hung up, said after the anti-fraud advice ("还没转", "好的，我挂了"): the whole advice came
# again, and 我挂了 was read as a goodbye to the bot (本次反映没有提交，再见: session 52)
_FRAUD_SAFE_CLAUSE = (r"(?:好的?|嗯|对|行|哦)?[，,。]?(?:我)?(?:(?:还|都|也)?没(?:有)?(?:转|汇|给|付|充|打|操作|上当|告诉他|下载|点|装)"
                      r"(?:钱|账|过去|他|验证码|软件|链接|开)?|(?:已经|刚|刚才)?(?:把电话|电话)?(?:挂|挂断|挂掉)(?:了|啦)|"
                      r"(?:已经|也)?(?:拉黑|挂断)(?:了|啦)?(?:他|这个号码?)?)(?:呢|啊|了|的|吧)?")
FRAUD_SAFE = re.compile(rf"^{_FRAUD_SAFE_CLAUSE}(?:[，,。\s]+{_FRAUD_SAFE_CLAUSE})*[。！!]*$")
FRAUD_SAFE_TOLD = ("{first}请不要回拨这个号码，把它拉黑；再有人以医保、社保、银行、公安的名义让您转账、点链接或要验证码，一律挂断。"
                   "想举报这个号码，可以拨打反诈专线96110，或者告诉我“登记”，我帮您登记。")


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


def update_only(said: str) -> bool:
    """Whether ``said`` only gives news of a danger being dealt with (消防车已经到了; 我已经出来了 燃气公司的人也来了
    现在没事了): help has come, the rest fillers; no problem of its own."""
    clauses = [c for c in re.split(r"[，,。；;！!\s]+", said or "") if c]
    return any(RESPONDERS_CAME.search(c) for c in clauses) and all(
        RESPONDERS_CAME.search(c) or _filler(c) or re.fullmatch(r"我?已经?出来了|人出来了", c) for c in clauses)



def _hold(tracker: Tracker) -> Optional[str]:
    """"self_harm" or "fraud" when the bot's last turn (before the citizen's latest message) said the
    crisis lines or the anti-fraud advice, i.e. it is staying with the person; None otherwise."""
    turn = _last_turn(tracker)
    if any(FRAUD_MARK in text for text in turn):
        return "fraud"
    if any(CRISIS_MARK in text for text in turn):
        return "self_harm"
    return "dv" if any(m in text for text in turn for m in DV_HELD) else None


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
                  kinds: tuple = ("self_harm", "fraud", "dv")) -> Optional[List[EventType]]:
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
    if stay == "resume" and tracker.active_loop.get("name"):
        # "那我要登记一下，号码是95开头的": what is said beside the wish joins the problem (it was lost: session 52)
        plain = re.sub(r"\s", "", said or "")
        wish = FILE_WISH.match(plain)
        rest = plain[wish.end():].strip("，,。；;") if wish else ""
        pending = _pending(tracker, said)
        if pending and len(re.sub(r"\W", "", rest)) >= 4 and rest not in pending:
            more = f"{pending.rstrip('，,。 ')}，{rest}"
            return [SlotSet("description", more), SlotSet("description_draft", more)]
        return []
    if stay == "stay":
        return []  # in the form, the form follows (its validation keeps the answer out)
    if stay == "resume":
        dispatcher.utter_message(response="utter_ask_what")
        return []
    return None


def _staying(tracker: Tracker) -> bool:
    """Whether the bot said the crisis lines, the anti-fraud advice or the advice for a danger to a
    person now this turn: no form question (nor read-back) after."""
    return any(_said_this_turn(tracker, m)
               for m in (CRISIS_MARK, FRAUD_MARK, DV_MARK, DV_CHILD_MARK, PERSON_WAIT_MARK, SILENT_MARK,
                         # tester59 G5-G8
                         "别在楼下喊孩子", "打开双闪", "隔着一段距离", "请告诉我她在北京的详细地址"))


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
    if kind == "dv" and (SMS_SENT.search(said) or NO_PHONE.search(said)):
        return None   # "短信发了 他在踹门", "我没手机": danger_now's next step (tester59 G2)
    if kind == "dv":   # violence at home: the silent ways to call for help to one who dares not call
        if reported_from_afar(said) and (DARE_NOT.search(said) or DOMESTIC_VIOLENCE.search(said)
                                         or re.search(r"我是说|说的是|不是我", said)):
            # "我不在家 我在上海 我是说我妈": the one told is far away; report for her (tester57 F1)
            if not _said_this_turn(tracker, DV_RELAY_MARK):
                dispatcher.utter_message(text=DV_RELAY_ADVICE)
            return "stay"
        if DARE_NOT.search(said) and not _tells_problem(DARE_NOT.sub("", said)):
            if not _said_this_turn(tracker, SILENT_MARK):
                child = any("这不是你的错" in text for text in _last_turn(tracker))
                again = _advised(tracker, SILENT_MARK)   # said once already: the short form (能发短信报警吗)
                dispatcher.utter_message(text=SILENT_AGAIN if again else SILENT_HELP_CHILD if child else SILENT_HELP)
            return "stay"
        return None
    if kind == "self_harm" or _self_harm(said):
        if IMMINENT.search(said) or _self_harm(said) or (kind == "self_harm" and not _advised(tracker, "往里退")
                                                          and _told_in_chat(tracker, IMMINENT_PLACE)):
            # (风好大 after 我爬到我们楼顶了 不想活了: step back from the edge, said once at least: tester59 G8)
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
    if FILE_WISH.fullmatch(said) or (kind == "fraud" and FILE_WISH.match(said) and re.search(r"登记|反映|举报|报案", said)
                                     and not PAY_AGAIN.search(said)):
        # ("那我要登记一下，号码是95开头的" after the anti-fraud advice got the whole advice again: session 52)
        if not _said_this_turn(tracker, RESUMED):
            dispatcher.utter_message(text=RESUMED)
        return "resume"
    if kind == "fraud" and FRAUD_SAFE.fullmatch(said) and not PAY_AGAIN.search(said):
        if not _said_this_turn(tracker, FRAUD_MARK):
            first = "挂断就对了。" if re.search(r"挂|拉黑", said) else "还没转钱就好。"
            dispatcher.utter_message(text=FRAUD_SAFE_TOLD.format(first=first))
        return "stay"
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


# the words of a wish for a person (给我转人工, 我要找人工客服): what is left of a message names a danger or not
HANDOFF_WORDS = re.compile(r"给我|帮我|我要|我想|请|麻烦|赶紧|马上|快|转|人工|客服|坐席|真人|接|找|服务|一下|吧|啊|呢|了|你们|我")


async def handoff_danger_advice(said: str) -> Optional[str]:
    """The advice for a danger said with a wish for a person (the triage's, the anti-fraud one, the crisis
    lines); None when the message names none."""
    plain = re.sub(r"\W", "", said)
    if len(HANDOFF_WORDS.sub("", plain)) < 3:  # "转人工", "我要找人工客服": no triage
        return None
    try:
        urgent = (await _api("urgency", said)).get("urgent") or {}
    except (ApiUnavailable, ApiError):
        urgent = {}
    if urgent.get("kind") == FRAUD_KIND:
        return FRAUD_ADVICE
    return urgent.get("advice") or (SELF_HARM_ADVICE if _self_harm(said) else None)


async def _handoff_danger(said: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A danger said with a wish for a person (给我转人工，我刚吃了一整瓶安眠药): its advice said first
    (120 and the first aid, the crisis lines, the anti-fraud advice, 110), once a conversation; the
    hand-off follows, since a person was asked for. Whether the message names a danger."""
    advice = await handoff_danger_advice(said)
    if not advice:
        return False
    if not _advised(tracker, advice) and not _said_this_turn(tracker, advice):
        dispatcher.utter_message(text=advice)
    return True


# -- a family quarrel: no department's matter ---------------------------------------------------------
# 我跟我老公吵架了，他天天打游戏不管孩子，你们能不能管管他 was filed to the police (tester47 B13): a quarrel at
# home is no 12345 case; said kindly, with whom to turn to (居委会 / 人民调解, 妇联12338) and 110 if anyone
# is hurt or threatened. Violence going on is DOMESTIC_VIOLENCE's (110 first), never this.
_KIN = r"老公|老婆|丈夫|妻子|媳妇|爱人|对象|男朋友|女朋友|婆婆|公公|丈母娘|岳母|儿子|女儿|儿媳|女婿|我妈|我爸|父母|家里人"
FAMILY_QUARREL = re.compile(
    rf"(?:跟|和|与)(?:我)?(?:{_KIN})[^。！？!?]{{0,4}}(?:吵架|吵了|吵起来|闹矛盾|闹别扭|闹离婚|冷战|怄气|生气)|"
    rf"(?:{_KIN})[^。！？!?]{{0,6}}(?:天天|整天|成天|老是|总是|就知道|只知道|光)?(?:打游戏|玩游戏|玩手机|不管孩子|不管家|"
    r"不顾家|不回家|不做家务|不干家务|不带孩子|乱花钱|不上班|不挣钱|喝酒|打麻将)|"
    rf"(?:管管|说说|教育教育|批评批评|劝劝)(?:我(?:家)?)(?:{_KIN})")
# not a home's quarrel: neighbours, a shop, a landlord (楼上邻居天天吵架, 你们管管他们)
NOT_FAMILY = re.compile(r"邻居|楼上|楼下|隔壁|对门|物业|商家|店|公司|老板|房东|租户|工地|单位|学校|老师|医院")
FAMILY_VIOLENCE = re.compile(r"打我|打了我|揍我|动手|家暴|威胁|要杀|砍|掐|伤|流血|报警|110")
FAMILY_MARK = "属于家庭内部的事"
FAMILY_TOLD = ("听起来您心里挺委屈的。家人之间闹矛盾" + FAMILY_MARK + "，12345没办法出面去管您的家人。"
               "可以请所在社区的居委会或街道的人民调解委员会帮忙调解，也可以拨打妇联的12338热线倾诉求助。"
               "如果对方动手打人或威胁您的安全，请马上拨打110。还有其他需要反映的问题吗？")


def _family_matter(said: str) -> bool:
    """Whether ``said`` tells of a quarrel at home (吵架, 不管孩子, 管管他) and nothing of violence: no
    department's case (FAMILY_TOLD)."""
    plain = re.sub(r"\s", "", said or "")
    return bool(FAMILY_QUARREL.search(plain)) and not FAMILY_VIOLENCE.search(plain) \
        and not DOMESTIC_VIOLENCE.search(plain) and not NOT_FAMILY.search(plain) and not _self_harm(plain)


# -- urgent, not dangerous: the service lines ----------------------------------------------------------
# 停电了打哪个电话 started a complaint form, 自来水停水了找谁 and 那停水呢 were not understood; a power cut with
# insulin in the fridge and a car blocking a garage got no advice before the form's questions (tester47 B14).
# (words, the line said when asked for it by name, or as a tip before the form's first question)
SERVICE_LINES = (
    ("停电|断电|没电|来电|供电|电力|电路|跳闸|电费|电表",
     "停电、供电的问题可以拨打国网北京供电服务热线95598（24小时），报修、查询停电原因和大概什么时候来电都可以。"),
    ("停水|断水|没水|来水|自来水|水压|水管|水表|水费|水质",
     "停水、自来水的问题可以拨打北京自来水集团服务热线96116（24小时），报修、查询停水原因和大概什么时候来水都可以。"),
    ("暖气|供暖|供热|热力",
     "暖气、供热的问题：北京热力供热的可以拨打96069；小区自管或其他单位供热的，请打供热单位贴在楼道里的报修电话。"),
    ("燃气|煤气|天然气|液化气",
     "燃气的问题可以拨打北京燃气服务热线96777（24小时）；闻到燃气味请先开窗、关阀门，到室外再打电话。"),
    ("电梯", "电梯困人或故障可以拨打96333（北京特种设备应急）；平常的维修请先找物业或电梯维保单位。"),
    (("挪车|堵(?:住|着)?了?(?:车库|门口|车位|路口)|车[^，。！？,!?]{0,8}(?:挡住|堵住|堵着|挡着|堵在|挡在)|违停|"
      "违章停车|交通事故|撞车|剐蹭|交警"),
     ("车被堵住、违停要挪车或出了交通事故，可以拨打122交通报警，交警会帮您联系车主或到场处理；"
      "也可以用“交管12123”App里的“一键挪车”通知车主。")),
    ("消费|退款|退货|商家|假货|网购|店家|价格|市场监管", "消费纠纷可以拨打12315市场监管热线投诉，也可以在全国12315平台网上投诉。"),
    ("社保|养老金|退休金|工资|劳动|工伤|失业", "社保、养老金、工资这类问题可以拨打12333人力社保热线咨询。"),
    ("公积金", "住房公积金的问题可以拨打12329住房公积金热线咨询。"),
    ("医保", "医保的问题可以拨打12393医疗保障服务热线咨询。"),
    ("快递|包裹|快件|邮政|邮件|丢件",
     "快递、邮政的问题先找快递公司客服；解决不了，可以拨打12305邮政业用户申诉热线，或在国家邮政局申诉网站申诉。"),
    ("妇联|妇女|家暴", "妇女维权可以拨打12338妇联热线；正在发生家暴请马上拨打110。"),
    ("银行|保险公司|理赔|信用卡|网贷|贷款公司|金融监管",
     "银行、保险的问题先找该银行或保险公司的客服投诉；解决不了，可以拨打12378银行保险消费者投诉维权热线。"),
)
LINE_MARK = "可以拨打"  # in every SERVICE_LINES answer
# asking which number or whom to call (打哪个电话, 找谁, 电话是多少)
LINE_ASKED = re.compile(r"打(?:哪个|什么|啥|几号|哪)(?:的)?(?:电话|热线)?|(?:哪个|什么|啥)(?:电话|热线|号码)|"
                        r"(?:电话|号码|热线)(?:是|号码?)?(?:多少|几号|啥|什么)|找谁|找哪(?:个|儿|里)?(?:部门|单位)?|"
                        r"找什么部门|给谁打|打给谁|问谁|联系谁|该找|去找谁")


def _service_line(words: str) -> Optional[str]:
    """The service line for what ``words`` name (停电 → 95598), None when none."""
    plain = re.sub(r"\s", "", words or "")
    return next((line for pattern, line in SERVICE_LINES if re.search(pattern, plain)), None)


# noise going on again, asked whom to call then (今晚要是还吵我该打什么电话: tester50 C20 got 帮不上忙); a
# complaint of a noise (工地太吵了找谁) is filed as usual
NOISE_AGAIN = re.compile(r"(?:要是|如果|万一|再|又|还|还在|正在|现在)[^。！？!?，,]{0,4}(?:吵|闹|施工|打桩|装修|扰民|噪音|放音乐|唱歌)")
NOISE_NOW_LINE = ("噪音正在扰民的时候（比如夜间施工、打桩），可以拨打12345再次反映，也可以拨打110报警，民警可以到现场制止。"
                  "建议当时就记下时间，用手机录下声音和视频，留作证据；之前登记过的，把工单编号告诉话务员就行。")


def _service_line_asked(said: str) -> Optional[str]:
    """The answer to a short question for a service's number (停电了打哪个电话, 自来水停水了找谁): its line;
    None for a complaint (这里停水三天了到底谁管) or anything else."""
    plain = re.sub(r"\W", "", said or "")
    if not LINE_ASKED.search(plain) or len(plain) > 20 or re.search(r"\d|[一二三四五六七八九十两几]+(?:天|个月|小时|周)", plain):
        return None
    if NOISE_AGAIN.search(plain):
        return NOISE_NOW_LINE
    return _service_line(plain)


# practical help before the form's first question, for the urgent but not dangerous (the line for a power
# cut with what to do for medicine in the fridge; 122 for a car blocking the way)
MEDICINE_COLD = re.compile(r"胰岛素|冷藏|药")
POWER_MEDICINE_TIP = ("冰箱里要冷藏的{what}：停电时尽量别开冰箱门，关着门能保持几个小时的低温；停得久的话，"
                      "把药放进带冰袋的保温袋，别让药直接贴着冰块、别冻上。{using}具体保存要求看说明书，"
                      "拿不准可以问问医生或药师。")
POWER_FRIDGE_TIP = "停电时尽量少开冰箱门，关着门能多保持几个小时的低温。"


# water or power cut off as a threat ("说不签就断水断电", "威胁要给我们停电"): no service line for an outage
CUT_THREAT = re.compile(r"(?:说|威胁|吓唬|扬言|要挟|不签|不搬|不交|不走|不同意)[^，。！？,!?]{0,8}"
                        r"(?:就|要|会|给)?[^，。！？,!?]{0,4}(?:断水|断电|停水|停电|掐水|掐电|拉闸)")


# a small child hit or hurt by a teacher or carer (我女儿在幼儿园被老师打了，胳膊上都是青的: tester50 C20 got no
# advice): evidence and a check-up first, 110 for a beating
CHILD_HURT = re.compile(r"(?:孩子|小孩|儿子|女儿|闺女|宝宝|娃)[^。！？!?]{0,12}(?:被|让|挨)[^。！？!?，,]{0,6}"
                        r"(?:老师|保育员|阿姨|保姆|园长|教练)[^。！？!?，,]{0,4}(?:打|掐|踢|扇|推|揪|拧|体罚|虐待|扎|咬)"
                        r"|(?:老师|保育员|阿姨|保姆|园长|教练)[^。！？!?，,]{0,8}(?:打|掐|踢|扇|体罚|虐待|扎)(?:了)?"
                        r"(?:我|我家|我们家)?(?:孩子|小孩|儿子|女儿|闺女|宝宝|娃)")
CHILD_HURT_TIP = ("孩子的身体要紧：请先给伤处拍照留证（带上日期），尽快带孩子去医院检查，保留病历和检查单；"
                  "孩子说的经过可以录下来。老师打孩子、孩子受了伤的，可以拨打110报警，民警会调查、调取监控。"
                  "我们这边也接着帮您登记反映。")


# someone at home on an oxygen machine (or another one run on power) in a power cut (tester57 F2: 家里有个老人要用
# 制氧机 got 好的，记下了): what to do now, 120 when breathing worsens, 95598 told of the patient
ON_MACHINE = re.compile(r"制氧机|氧气机|吸氧|呼吸机|透析机|腹透机|吸痰器|输液泵|家用氧|用氧")
# 打过的再打一次: "马上再打一次95598" took it that the caller had phoned (tester59 G22)
POWER_MACHINE_TIP = ("家里有人要用{machine}，停电这段时间请这样做：马上拨打95598（打过的再打一次），"
                     "说明家里有人离不开{machine}，请他们优先抢修、告诉您大概几点来电；有备用氧气瓶、氧气袋的先用上，让病人安静休息、少活动；"
                     "病人喘不上气、嘴唇发紫、胸闷或意识不清，请马上拨打120，或尽快去医院。这件事我们登记后会按重点件标注。")
# a small child beaten next door every day (tester57 F2: 对门邻居天天打孩子…今天又打了 was asked only where): 110 at
# once while it happens, the community and 12338 besides; the case is a 重点件
CHILD_BEATEN = re.compile(r"(?:天天|每天|整天|成天|经常|老是|总是|三天两头|动不动就?|又|往死里)[^。！？!?，,]{0,3}"
                          r"(?:打|揍|虐待|抽|踹)(?:了)?(?:孩子|小孩|儿童|男孩|女孩|闺女|儿子|女儿)|虐待(?:孩子|小孩|儿童)")
CHILD_BEATEN_TIP = ("孩子的安全要紧：正在打孩子、孩子哭喊的时候，请直接拨打110，民警可以上门制止、调查；"
                    "也可以告诉社区居委会，或拨打妇联的12338热线，他们可以上门了解孩子的情况。"
                    "听到、看到的时间可以记下来，能录音录像的留好证据。我们这边也接着帮您登记，会按重点件标注。")
# left on a ring road or an expressway at night (tester57 F2: 滴滴司机半路把我赶下车…大半夜的在五环上, then 好害怕
# was stored as the place): 110 now, off the carriageway behind the guardrail, the location shared
STRANDED = re.compile(r"(?:赶|撵|轰|扔|甩|丢|放)(?:我)?下车|(?:扔|甩|丢|撂)(?:在|到)[^。！？!?，,]{0,8}(?:路上|路边|半路|环|高速)|"
                      r"(?:[二三四五六]环|高速|快速路|环路|立交|桥上)[^。！？!?，,]{0,8}(?:打不到车|回不去|没车|不敢走)")
STRANDED_NIGHT = re.compile(r"半夜|深夜|夜里|晚上|凌晨|天黑|黑灯|害怕|怕|一个人|[二三四五六]环|高速|快速路")
# …told as a day gone by (4月2号晚上8点50…司机赶我下车: a data message about a county's taxis got 站到护栏外)
STRANDED_PAST = re.compile(r"(?:[0-9０-９]+|[一二三四五六七八九十]+)月(?:[0-9０-９]+|[一二三四五六七八九十]+)[号日]|那天|那次|上个?月|上周|去年|前几天|几天前|前天|昨天")
STRANDED_NOW = re.compile(r"现在|还在|正在|刚才|刚刚|此刻")
STRANDED_MARK = "站到护栏外"
STRANDED_TIP = ("您现在的安全最要紧：请马上拨打110，告诉警察您在哪条路、哪个方向，附近的出口、桥名或路牌；"
                "在警察来之前，" + STRANDED_MARK + "、远离行车道的地方，不要在车道上走或拦车；"
                "把实时位置发给家人朋友，和他们保持通话。司机的事，等您安全了我们再登记。")
STRANDED_AGAIN = ("请先顾好自己：" + STRANDED_MARK + "、远离行车道的地方，马上拨打110，告诉警察您在哪条路、哪个方向、"
                  "附近的出口或路牌；把位置发给家人朋友。地点和电话等您安全了再说也不迟。")
# "你能帮我叫警察吗": this chat calls nobody; 110 is for the citizen to call (tester57 F2 got 帮不上忙)
POLICE_FOR_ME = re.compile(r"(?:帮|替|给)我(?:叫|喊|找|报|打|联系)(?:个|一下)?(?:警察|110|警|民警)|(?:帮|替)我报(?:个)?警|"
                           r"(?:你们?|这里)(?:能|可以|能不能|可不可以)?(?:叫|喊|派)(?:个)?(?:警察|民警)(?:来|过来)?")
POLICE_FOR_ME_TOLD = ("这里是登记反映问题的智能助手，没法替您报警，也没法马上派人过去。请您自己马上拨打110"
                      "（不方便说话可以发短信到12110），告诉警察您在哪里、发生了什么。")


def _not_gone_by(plain: str) -> bool:
    """Whether ``plain`` tells of now, not of a day gone by (``STRANDED_PAST`` unless ``STRANDED_NOW``)."""
    return not STRANDED_PAST.search(plain) or bool(STRANDED_NOW.search(plain))


def stranded(plain: str) -> bool:
    """Whether ``plain`` tells of being left on the road at night, now (not a day gone by)."""
    return bool(STRANDED.search(plain) and STRANDED_NIGHT.search(plain) and _not_gone_by(plain))


def police_for_me(said: str, tracker: Tracker) -> Optional[str]:
    """The answer to "你能帮我叫警察吗": 110 is the citizen's to call (with the advice for one left on a ring
    road at night, where that was told in this chat); None for any other message."""
    plain = re.sub(r"\s", "", said or "")
    if not POLICE_FOR_ME.search(plain) or len(re.sub(r"\W", "", plain)) > 24:
        return None
    told = [re.sub(r"\s", "", e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    if any(STRANDED.search(t) for t in told) and not _said_this_turn(tracker, STRANDED_MARK):
        return POLICE_FOR_ME_TOLD + STRANDED_TIP.split("110，", 1)[1].replace("司机的事，等您安全了我们再登记。", "")
    return POLICE_FOR_ME_TOLD


def stranded_now(said: str, tracker: Tracker) -> bool:
    """Whether ``said`` only tells fear or being stuck on the road (我现在还在路边呢 打不到车 好害怕) after being left
    on a ring road at night was told in this chat: no place, no answer."""
    plain = re.sub(r"\s", "", said or "")
    if not re.search(r"害怕|好怕|怕死了|打不到车|叫不到车|没车|回不去|还在路边|在路边|不敢走|没人|好黑|天黑", plain):
        return False
    told = [re.sub(r"\s", "", e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return any(STRANDED.search(t) for t in told) and not re.search(r"区|路(?!边)|街|桥|出口|小区|号|附近|环", plain)


# a hole in the road someone has already fallen at (tester59 G22 e16: 路上有个坑 骑车的摔了 got a category question and
# no advice): the injured to 120, a crash to 122, the hole marked for others if it can be done safely
ROAD_HOLE = re.compile(r"(?:路|路面|马路|道路|街|路口|人行道|自行车道|非机动车道)[^。！？!?]{0,10}(?:坑|塌陷|塌了|陷下去|裂了个口子)"
                       r"|(?:大坑|深坑|坑洼|坑坑洼洼|路面塌)")
ROAD_FALL = re.compile(r"摔|跌倒|跌了|栽|翻车|掉进|崴|绊倒|磕|受伤|出事故|撞了")
ROAD_HOLE_TIP = ("路上的坑已经有人摔了，先说几句要紧的：有人受伤请拨打120；撞车、摔车算交通事故的，可以拨打122。"
                 "能保证自己安全的话，可以在坑边放个醒目的东西（锥桶、纸箱、树枝）提醒过往的车和行人绕开，"
                 "但别站在车道上。我们这边接着帮您登记，转养护部门尽快处理。")


def _practical_tip(description: str) -> Optional[str]:
    """Practical help for the complaint told (a power cut, no water, a car blocking the way): the service
    line and what to do meanwhile; None for any other complaint, a question (``_service_line_asked``
    answers it) or a danger (its advice names the line)."""
    plain = re.sub(r"\s", "", description or "")
    plain = PHONE_LOW.sub("", plain)  # 手机快没电了 is no power cut (tester59 G7: 95598 for a car broken down)
    if BREAKDOWN.search(plain):
        return None  # (its safety advice is danger_now's)
    if CUT_THREAT.search(plain):  # "说不签就断水断电": a threat in a demolition, no outage (tester48 N11)
        return None
    if CHILD_HURT.search(plain):
        return CHILD_HURT_TIP
    if CHILD_BEATEN.search(plain) and not re.search(r"老师|幼儿园|学校|教练|保姆|游戏", plain):
        return CHILD_BEATEN_TIP
    if stranded(plain):
        return STRANDED_TIP
    machine = ON_MACHINE.search(plain)
    if machine and re.search(r"停电|断电|没电|跳闸", plain):
        return POWER_MACHINE_TIP.format(machine=machine.group(0).replace("吸氧", "制氧机").replace("用氧", "制氧机"))
    if re.search(r"停电|断电|没电了|没有电了|跳闸", plain):
        insulin = "胰岛素" in plain
        tip = POWER_MEDICINE_TIP.format(what="胰岛素" if insulin else "药品",
                                        using="正在用的那支胰岛素一般可以在阴凉处常温放一段时间，" if insulin else "") \
            if MEDICINE_COLD.search(plain) else POWER_FRIDGE_TIP if "冰箱" in plain else ""
        return SERVICE_LINES[0][1] + tip
    if re.search(r"停水|断水|没水了|没有水了", plain):
        return SERVICE_LINES[1][1]
    if re.search(SERVICE_LINES[5][0], plain) and re.search(r"出不去|进不去|挪车|挡|堵", plain):
        return SERVICE_LINES[5][1]
    if ROAD_HOLE.search(plain) and ROAD_FALL.search(plain) and "井" not in plain:  # (a manhole is a danger's)
        return ROAD_HOLE_TIP
    return None


# "我要不要报警啊", "高空抛物该不该报110", "要不要去医院" said inside a complaint: a question to answer,
# never a slot's value nor a silent 不留 (tester48 N3, N5)
POLICE_ASKED = re.compile(r"(?:要不要|该不该|用不用|需不需要|需要|应不应该|是不是(?:应该|该|得|要)|能不能|可以|可不可以|应该|得)"
                          r"(?:先|马上|直接|去)?(?:报警|报110|打110|找警察|叫警察)|报警(?:吗|吧|不|呢|啊|有用)|"
                          r"(?:报|打)110(?:吗|吧|不|呢|啊)")
HOSPITAL_ASKED = re.compile(r"(?:要不要|该不该|用不用|需不需要|应不应该|是不是(?:应该|该|得|要)|得不得|应该|得)"
                            r"(?:先|马上|赶紧|赶快)?(?:去|上|送)?(?:医院|看(?:医生|大夫|急诊)|就医|打120|叫120|叫救护车)|"
                            r"(?:去|上)医院(?:吗|吧|不|呢)")
# clauses that only ask it again or push for the answer ("你先告诉我", "你还没回答我呢", "还是找居委会")
_ASK_AGAIN = re.compile(r"告诉我|回答|还没|问你|我是问|不是要|登记|还是找|找居委会|还是|你说|到底|是不是|有用吗|行不行|怎么办")
ALONE_UNSEEN = re.compile(r"独居|一个人住|孤寡|老人|老太|老大爷|老爷子|大爷|大妈")
UNSEEN = re.compile(r"没见|没人应|不应|不开门|没动静|没出门|联系不上|打不通|怪味|臭味")
THROWN = re.compile(r"高空抛物|往下扔|往楼下扔|扔下来|抛物|砸下来")
FOOD = re.compile(r"吃了|吃的|外卖|饭馆|餐馆|食物|拉肚子|吐|食物中毒")
POLICE_ALONE_TOLD = ("要报警，建议您现在就拨打110：老人独居、好几天没见、敲门不应，可能在家出了意外，民警可以上门，"
                     "必要时依法开门查看。同时请告诉社区居委会，能联系上老人家属的也请通知家属。")
POLICE_THROWN_TOLD = ("可以报警。高空抛物是违法行为，情节严重的构成犯罪：正在扔、砸伤人或砸坏东西时，请直接拨打110，"
                      "并保存好照片、视频和砸下来的东西；我们这边登记后也会转给相关部门处理。")
POLICE_TOLD = ("如果正在发生危险、有人受到威胁或涉及违法犯罪，请直接拨打110报警；不紧急的问题可以在这里登记，"
               "转给承办部门处理。")
NOISY = re.compile(r"吵|噪音|噪声|打桩|施工|装修|电钻|KTV|音响|音乐|唱歌|广场舞|蹦迪|喇叭")
HOSPITAL_TOLD = "如果有人身体不舒服，请尽快去医院看病；情况严重（高烧不退、持续呕吐、昏迷、呼吸困难）请马上拨打120。"
HOSPITAL_FOOD_TOLD = "吃剩的食物、外卖包装和小票请先留着，方便调查。"
# a bite's or a scratch's rabies shots asked about (…追着我孩子咬，孩子腿上被咬破了 … 要打疫苗吗 got 帮不上忙: session 55)
VACCINE_ASKED = re.compile(r"(?:要不要|需不需要|用不用|得不得|该不该|是不是得|要|需要|得|用)(?:去)?(?:打|接种)(?:狂犬)?(?:疫苗|针|病疫苗)"
                           r"|(?:狂犬)?疫苗(?:要|得|需要)?(?:打吗|打不打|怎么打|在哪打|去哪打|哪里打|哪儿打)|打(?:狂犬)?(?:疫苗|针)(?:吗|不)")
BITTEN = re.compile(r"咬|抓伤|挠伤|抓破|挠破|抓了|挠了")
BITE_SHOTS_TOLD = ("被狗、猫等动物咬伤或抓破皮，要打狂犬病疫苗：先用肥皂水和流动的清水交替冲洗伤口至少15分钟，再用碘伏消毒；"
                   "尽快（最好24小时内）到就近的狂犬病免疫预防门诊（犬伤门诊）处理伤口、接种疫苗，伤口深或在头面部的可能还要打免疫球蛋白，"
                   "听医生的。就医的单据请留好，狗主人应当承担费用。")
# someone hurt (外卖电动车在人行道上骑得飞快，我妈被撞了 … 需要去医院吗 was told to keep the food and the takeaway's
# packaging, by 外卖: session 55): the injury's advice, and a vehicle's 122
INJURED = re.compile(r"被[^。！？!?，,]{0,8}撞|撞(?:了|倒|伤)|摔(?:伤|倒|断|骨折)|受伤|骨折|流血|出血|划伤|砸伤|烫伤|扭伤|磕(?:破|伤)")
HOSPITAL_INJURY_TOLD = ("有人受伤的话，请尽快去医院检查，有些伤当时不明显；伤得重（流血不止、疑似骨折、头部受撞、昏迷）"
                        "请马上拨打120，先别挪动伤者。看病的票据、病历请留好。")
SERIOUS = re.compile(r"起不来|站不起来|爬不起来|昏迷|晕倒|晕过去|叫不醒|不省人事|呼吸困难|喘不上气|抽搐|口吐白沫|流血不止|"
                     r"好多血|很多血|骨折|头(?:部)?(?:受伤|磕|撞|破)|胸口疼|胸痛|心脏|中风|偏瘫|不能动|动不了|没反应|没有反应")
AMBULANCE_TOLD = ("要，请马上拨打急救电话120，说清楚地址和病人的情况；摔倒起不来的先不要强行扶起、不要随意搬动，"
                  "注意保暖，按调度员的指导处置，等急救人员到场。")
HIT_BY_VEHICLE = re.compile(r"(?:车|摩托|电驴)[^。！？!?]{0,16}撞|撞[^。！？!?，,]{0,4}(?:车)")
HOSPITAL_HIT_TOLD = "被车撞的，请拨打122（交通事故报警）或110，记下车牌号、拍下现场，不要让对方先走。"


def help_asked(said: str, known: str = "") -> Optional[tuple]:
    """``(answer, rest)`` when ``said`` asks whether to call the police or go to hospital (the answer fits
    what ``known`` and ``said`` tell: a neighbour alone unseen, things thrown from a height, food), ``rest``
    the clauses that say more than the question; None when it asks neither."""
    plain = re.sub(r"\s", "", said or "")
    police, hospital = POLICE_ASKED.search(plain), HOSPITAL_ASKED.search(plain)
    about = f"{known}，{plain}"
    shots = VACCINE_ASKED.search(plain) and BITTEN.search(about)
    if not police and not hospital and not shots:
        return None
    told = [BITE_SHOTS_TOLD] if shots else []
    if police:
        if ALONE_UNSEEN.search(about) and UNSEEN.search(about):
            told.append(POLICE_ALONE_TOLD)
        elif THROWN.search(about):
            told.append(POLICE_THROWN_TOLD)
        elif NOISY.search(about):
            # 工地半夜还在打桩，能报警吗 (session 55's conversations: never answered)
            told.append(NOISE_NOW_LINE)
        else:
            told.append(POLICE_TOLD)
    if not hospital or shots:
        pass   # (the shots' answer says where to go)
    elif re.search(r"120|救护车|急救", plain) and SERIOUS.search(about):
        # "要不要叫120" after 我妈在小区里摔倒了，起不来: yes, plainly (it got the advice for an injury that may wait:
        # session 55's conversations)
        told.append(AMBULANCE_TOLD)
    else:
        if INJURED.search(about):
            hit = HIT_BY_VEHICLE.search(about)
            told.append(HOSPITAL_INJURY_TOLD + (HOSPITAL_HIT_TOLD if hit and not police else ""))
        else:
            told.append(HOSPITAL_TOLD + (HOSPITAL_FOOD_TOLD if FOOD.search(about) else ""))
    clauses = [c for c in re.split(r"[，,。；;！!？?\s]+", said or "") if c.strip()]
    rest = [c for c in clauses if not POLICE_ASKED.search(c) and not HOSPITAL_ASKED.search(c) and not VACCINE_ASKED.search(c)
            and not _ASK_AGAIN.search(c) and len(re.sub(r"\W|啊|呀|呢|吧|吗|嘛|我|你|那|这|要|先", "", c)) >= 2]
    return "".join(told), "，".join(rest)


SMELL_ALONE_TOLD = ("门缝里有异味，情况可能比较紧急：请马上拨打110，民警可以上门，必要时依法开门查看；"
                    "先别自己撬门进去，同时告诉社区居委会。")


def alarm_in_addition(added: str, description: str) -> Optional[str]:
    """The advice for what is added at the read-back when it makes the matter urgent (a smell from the door
    of a neighbour alone and unseen for days: tester48 N3); None otherwise."""
    if re.search(r"怪味|臭味|异味|味儿不对|有味", added or "") and ALONE_UNSEEN.search(description or "") \
            and UNSEEN.search(description or ""):
        return SMELL_ALONE_TOLD
    return None


# -- tester59 G1-G8: the next wordings and the next turn -----------------------------------------------
# violence at home in more words (救命 他掐我脖子; 男朋友把我手机砸了…还打我; 我在厕所锁着门 他在外面砸; 是我老公 他要打我;
# 我老公回来了 又喝多了 在砸东西; 我爸家暴我妈): DOMESTIC_VIOLENCE's, with these
DV_MORE = re.compile(r"掐(?:住)?(?:我|我的)?脖子|掐我|(?:他|老公|丈夫|男朋友|前夫|对象|男人)(?:又|还|要|在|正在|刚才|刚刚)?"
                     r"(?:要|想|说要)?(?:打我|揍我|杀我|掐我|砍我)|还打我|(?:他|老公|丈夫|男朋友|对象)又动手了|"
                     r"(?:把|将)我(?:的)?手机(?:给)?(?:砸|摔|抢|收|扔)|不让我(?:出门|出去|走|报警|打电话)|"
                     r"(?:锁着门|锁了门|反锁)[^。！？!?]{0,8}(?:他|对方)[^。！？!?，,]{0,4}(?:在外面|在门外)?(?:砸|踹|撞|敲)|"
                     r"(?:喝多了|喝醉了|发酒疯)[^。！？!?]{0,8}(?:砸东西|砸门|摔东西|动手|打人)|"
                     r"(?:他|老公|丈夫|男朋友)(?:回来了)[^。！？!?]{0,12}(?:砸|打|喝多|喝醉|动手)|"
                     r"(?:被|遭)(?:了)?家暴|家暴(?:我|了我)|(?:我爸|爸爸|我父亲|继父)家暴|(?<!被)我被打了")
# a neighbour's violence heard or seen, the citizen no victim (楼上那家又在打孩子; 隔壁邻居家大人打孩子; 楼上那男的打老婆)
WITNESS = re.compile(r"楼上|楼下|隔壁|对门|对面|邻居|那家|他家|那户|那个男的|那男的|那女的")
WITNESS_CHILD = re.compile(r"(?:打|揍|抽|踹|虐待)(?:了)?(?:他家|他们家|自己家|自家)?(?:的)?(?:孩子|小孩|儿子|女儿|闺女)|"
                           r"(?:孩子|小孩)[^。！？!?]{0,10}(?:哭着?(?:说|喊)别打|喊救命|被打)")
WITNESS_WIFE = re.compile(r"(?:打|揍)(?:他)?(?:老婆|媳妇|妻子|女人|女朋友|那个女的|女的)|女的[^。！？!?]{0,8}(?:喊救命|哭着喊)")
WITNESS_MARK = "您不用冲进去"
WITNESS_CHILD_ADVICE = ("孩子的安全要紧：正在打孩子、孩子哭喊的时候，请马上拨打110，说清楚楼号、门牌，民警可以上门制止；" +
                        WITNESS_MARK + "，也别一个人上门对峙，先顾好自己的安全。事后可以告诉社区居委会，或拨打妇联的12338热线，"
                        "他们可以上门了解孩子的情况；听到、看到的时间记下来，能录音录像的留好证据。"
                        "这件事不用急着登记；您愿意的话，等一下告诉我发生在哪里，我帮您登记，会按重点件标注，转公安机关处理。")
WITNESS_WIFE_ADVICE = ("她的安全要紧：正在打人、有人喊救命的时候，请马上拨打110，说清楚楼号、门牌，民警可以上门制止；" +
                       WITNESS_MARK + "，也别一个人上门对峙，先顾好自己的安全。事后可以告诉社区居委会，或拨打妇联的12338热线；"
                       "听到、看到的时间记下来，能录音录像的留好证据。这件事不用急着登记；您愿意的话，"
                       "告诉我发生在哪里，我帮您登记，会为您保密，转公安机关处理。")


_SELF_HIT = re.compile(r"(?:打|揍|掐)(?:我|了我)(?![们家])|我被|我和孩子|躲在")


def _witness_advice(plain: str, named: str, *, any_violence: bool = False) -> Optional[str]:
    """The witness's script for the violence ``plain`` tells, where ``named`` names the neighbours; None when
    it names none or the citizen is the one hit. ``any_violence``: 家暴 said alone counts as a woman beaten."""
    if not WITNESS.search(named) or _SELF_HIT.search(plain):
        return None
    if WITNESS_CHILD.search(plain):
        return WITNESS_CHILD_ADVICE
    if WITNESS_WIFE.search(plain) or (any_violence and DOMESTIC_VIOLENCE.search(plain)):
        return WITNESS_WIFE_ADVICE
    return None


def witness_of_violence(text: str) -> Optional[str]:
    """The advice for one who hears or sees a neighbour beat a child or a woman (110 now, don't go in alone,
    the 居委会 / 12338, evidence), never the victim's script; None when the citizen is the one hit."""
    plain = re.sub(r"\s", "", text or "")
    return _witness_advice(plain, plain)


def neighbours_violence(plain: str, tracker: Tracker) -> Optional[str]:
    """The witness's advice for violence told as a correction of a complaint about neighbours (我家楼上吵, then at
    the read-back 不是噪音 是家暴 / 问题写错了 是男的打老婆: the victim's script, or a question about the noise's
    source: tester59 G4): the neighbour is named by the problem held, not by this message. None otherwise."""
    held = re.sub(r"\s", "", tracker.get_slot("description") or tracker.get_slot("description_draft") or "")
    return _witness_advice(plain, held, any_violence=True)


# a child hit by a carer outside the family (幼儿园老师打孩子，孩子回来身上有淤青 got the script for violence at
# home: 12338, a locked room, 他): a complaint about a school or a carer, never that script, unless the family
# hits too
CARER_HIT = re.compile(r"(?:老师|教师|班主任|幼师|保育员|园长|校长|教练|保姆|育儿嫂|月嫂|托管班|托育|幼儿园|学校|"
                       r"培训班|辅导班|早教)[^。！？!?]{0,8}(?:打|揍|体罚|虐待|扎|掐)")
FAMILY_HITS = re.compile(r"老公|丈夫|男朋友|前夫|对象|我爸|爸爸|父亲|继父|后爸|家暴|家庭暴力|砸门|踹门|打死我|杀了我")


# a threat from a worker or a firm's man (施工负责人…说我想死，要弄死我: a data message got the crisis lines, then
# would have got the script for violence at home): a threat to report, not violence at home
OUTSIDER = re.compile(r"工作人员|施工|保安|物业|城管|老板|包工头|领导|同事|司机|店主|商家|开发商|中介|房东|催收")
# …unless it happens at home (他在家打我，我给物业打了电话 stays violence at home)
AT_HOME = re.compile(r"在家|家里|我家|屋里|卧室|房间|锁着|锁上|反锁|躲在|躲进|(?:他|对方)(?:又|正在|还在|现在)(?:打|揍)")


# a threat told of someone outside the family (村里的恶霸…威胁扬言要打死我: a data letter about a land dispute got
# the script for violence at home): a threat to report, unless a family member or the home is in the telling
THREAT_TOLD = re.compile(r"(?:扬言|威胁|放话|叫嚣|声称|恐吓)[^。！？!?，,]{0,6}(?:打|杀|砍|弄|掐)死我")
KIN = re.compile(r"老公|丈夫|男朋友|前夫|对象|我爸|爸爸|父亲|继父|后爸|婆婆|公公|家暴|家庭暴力")


def domestic_violence(text: str) -> bool:
    """Whether ``text`` tells of violence at home (DOMESTIC_VIOLENCE, or the wordings of tester59 G1); a
    carer's (a teacher's, a nanny's) or an outsider's (a worker's threat) is not (``CARER_HIT``, ``OUTSIDER``,
    ``THREAT_TOLD``)."""
    plain = re.sub(r"\s", "", text or "")
    if THREAT_TOLD.search(plain) and not KIN.search(plain) and not AT_HOME.search(plain):
        plain = THREAT_TOLD.sub("", plain)
    if CARER_HIT.search(plain) and not FAMILY_HITS.search(plain):
        return False
    if OUTSIDER.search(plain) and not FAMILY_HITS.search(plain) and not AT_HOME.search(plain):
        return False
    return bool(DOMESTIC_VIOLENCE.search(plain) or DV_MORE.search(plain))


# she has no phone (男朋友把我手机砸了 我用平板打字; 我没手机打不了110): 12110 is no help; a neighbour, out, a message
NO_PHONE = re.compile(r"没(?:有)?手机|手机(?:被|给)?(?:他)?(?:砸|摔|抢|收|扔|拿)(?:了|走|坏)|把我(?:的)?手机(?:给)?(?:砸|摔|抢|收|扔|拿走)|"
                      r"打不了110|没法打110|用平板|用电脑")
DV_NO_PHONE_MARK = "没有手机也能求救"
DV_NO_PHONE_ADVICE = ("您的安全最要紧，" + DV_NO_PHONE_MARK + "：能安全出门的话，马上去敲邻居家的门，或去小区门岗、商店这些有人的地方，"
                      "请他们替您拨打110；出不去的话，用平板或电脑给信得过的亲友发消息，写清楚详细地址（小区、楼号、门牌）、"
                      "正在发生家暴，请他们马上替您拨打110。待在能反锁的房间里，不要跟他硬碰硬；有人受伤请拨打120。"
                      "安全以后，可以拨打12338妇女维权热线求助，也可以申请人身安全保护令。不用急着登记，您先顾好自己。")
STRANGLED = re.compile(r"掐(?:住)?(?:我|我的)?脖子|掐脖|勒(?:我|住)?(?:的)?脖子")
STRANGLED_TIP = "被掐过脖子非常危险，就算现在没觉得不舒服，安全以后也请尽快去医院检查、验伤，病历留好。"
CANNOT_CALL_MORE = re.compile(r"说不了话|不能说话|只能打字|偷偷打字|偷偷(?:发|打)|不能出声|不敢出声|没法打110|不敢打110|"
                              r"(?:他|对方)就在(?:旁边|隔壁|外面|门外|客厅)")
# after the 12110 advice: the SMS sent (短信发了, 发了短信了), what next, he is at the door, he came back, he checks her phone
SMS_SENT = re.compile(r"(?:短信|信息)(?:已经)?(?:发|发了|发过|发出去)了?|发(?:了|过)(?:短信|信息)|^(?:好的?|嗯|已经)?[，,]?发了")
STILL_DANGER = re.compile(r"踹门|砸门|撞门|敲门|在砸|进来了|要进来|闯进来|打我|动手|拿刀|要打|回来了|就在门外|在门口")
SMS_SENT_MARK = "短信已经发出去了"
SMS_SENT_NEXT = ("好，" + SMS_SENT_MARK + "，接警后民警会按短信里的地址过来。现在请这样做：手机保持静音、有电，别关机，"
                 "民警可能回短信或来电确认；待在能反锁的房间里，不要开门，也不要跟他硬碰硬；情况有变化（他进来了、拿了东西、有人受伤），"
                 "再发一条短信到12110说明；能悄悄联系邻居或亲友的，请他们也替您拨打110。之后想删掉和我的聊天记录也可以。"
                 "等您安全了再告诉我，我帮您登记。")
SMS_SENT_DANGER = ("您的短信已经发出去了，民警正在赶来。他在踹门、砸门：请继续锁好门，用身体之外的东西（柜子、椅子）顶住门，"
                   "离门远一点，不要开门，也不要跟他硬碰硬；再发一条短信到12110，写上“他在踹门，情况紧急”和详细地址；"
                   "能呼救的话，大声喊邻居帮忙报警。手机保持静音、有电。有人受伤请拨打120。")
HE_BACK = re.compile(r"^(?:他|老公|丈夫|男朋友|那人)?(?:又)?回来了|他(?:又)?(?:来了|进来了|醒了)|(?:他|老公)(?:现在)?在门口")
HE_BACK_ADVICE = ("请先顾好自己：手机调成静音，把和我的聊天记录删掉也可以；马上回到能反锁的房间，锁好门，不要跟他硬碰硬。"
                  "他要动手、情况危险，就发短信到12110报警（写清楚详细地址和正在发生什么），或请邻居、亲友替您拨打110；"
                  "能安全离开的话，去邻居家或人多的地方。有人受伤请拨打120。不用回复我，您安全了再来。")
CHECKS_PHONE = re.compile(r"(?:他|老公|丈夫|男朋友|对方)[^。！？!?，,]{0,4}(?:会|要|老|总|经常)?(?:看|查|翻|检查)(?:我的?)?手机")
PHONE_PRIVACY_MARK = "不留电话也能登记"
PHONE_PRIVACY = ("好的，" + PHONE_PRIVACY_MARK + "，我们不会给您打电话、发短信。为了安全，聊完可以把和我的聊天记录删掉。")
WHAT_NEXT = re.compile(r"还(?:要|能|得|该|可以)(?:做|干)?(?:什么|啥)|(?:我)?(?:该|能|要)(?:做|干)?(?:什么|啥)|怎么办|下一步|然后呢|接下来")
DV_RELAY_FILE = ("可以登记。请告诉我她在北京的详细地址（区、街道、小区、楼号），和发生了什么，我帮您登记反映，"
                 "会按紧急情况标注，转给公安机关和她所在的社区、妇联。")
# 救命 alone, or with nothing else told: what danger, and the ways to call for help now
HELP_CRY = re.compile(r"^(?:救命|救救我|快救我|救我|help|SOS)(?:啊|呀|吧)?$", re.I)
HELP_CRY_MARK = "您现在有危险吗"
HELP_CRY_ADVICE = (HELP_CRY_MARK + "？请马上拨打110（有人受伤拨打120，着火拨打119）；不方便出声的话，可以发短信到12110报警"
                   "（北京市公安局短信报警），写清楚详细地址和正在发生什么。能安全离开的话，先去有人的地方。"
                   "方便的话告诉我发生了什么，我告诉您现在该怎么做；不用急着登记。")
# a small child on a window sill or bay window with the window open, told by the parent away from it
CHILD_WINDOW = re.compile(r"(?:孩子|小孩|宝宝|儿子|女儿|闺女|娃)[^。！？!?]{0,16}(?:爬|站|坐|趴|蹲|在)(?:到|上|在)?了?[^。！？!?，,]{0,3}"
                          r"(?:飘窗|窗台|窗户|窗边|阳台)[^。！？!?]{0,16}(?:开着|没关|打开|要掉|掉下去|危险)|"
                          r"(?:孩子|小孩|宝宝)[^。！？!?，,]{0,6}(?:在|爬上|站在)(?:飘窗|窗台)[^。！？!?]{0,8}(?:要|快)(?:掉|摔)")
CHILD_WINDOW_MARK = "别在楼下喊孩子"
CHILD_WINDOW_ADVICE = ("孩子的安全要紧：请马上拨打110和119，说清楚小区、楼号、几层、哪个窗户；同时马上打电话给同楼层的邻居、"
                       "家里其他人或物业、保安，请他们立刻去敲门进屋，从屋里把孩子抱下来、关好窗户；您也赶紧上楼。"
                       + CHILD_WINDOW_MARK + "、也别让他往下看您（孩子会探身），楼下的人不要站在窗户正下方围观。"
                       "地点和登记都不用急，孩子安全了再说。")
# a car broken down on a ring road or an expressway (四环辅路上 车抛锚了 半夜一个人): hazard lights, the triangle, out
# behind the guardrail, 122 / 110; never a power cut for 手机快没电
# (a thing a car broke is no breakdown: 马路上的隔离护栏被车撞坏了好几天 got this advice)
# (马路上有个大坑，好几辆车都颠坏了: cars damaged by a hole, none left on the road; it got 打开双闪: session 53)
BREAKDOWN = re.compile(r"(?<![被让给叫])(?<!几辆)(?<!多辆)(?<!好些)(?:车|汽车)[^。！？!?撞压碾刮蹭颠磕砸碰硌]{0,6}"
                       r"(?:抛锚|坏了|坏在|熄火|打不着火|爆胎|趴窝|开不了|开不动)|抛锚")
ROAD = re.compile(r"[二三四五六]环|环路|高速|快速路|辅路|主路|桥上|马路|路上|路边|车道|隧道|立交")
BREAKDOWN_MARK = "打开双闪"
BREAKDOWN_ADVICE = ("您现在的安全最要紧：请马上" + BREAKDOWN_MARK + "（危险报警闪光灯），车上的人都从右侧下车，"
                    "到护栏外面或路肩以外的安全地方等着，不要留在车里，也不要站在车前车后；在保证安全的前提下，"
                    "把三角警示牌放在车后方——快速路、环路上要放到150米以外，高速公路也是150米以外。"
                    "然后拨打122交通报警（或110），说清楚哪条路、哪个方向、附近的桥名或出口，请交警来处置、叫拖车；"
                    "深夜一个人害怕的话，把实时位置发给家人朋友，和他们保持通话；手机电量低，先打122报警，少用别的功能。"
                    "登记的事，等您安全了再说。")
BREAKDOWN_AGAIN = ("还是按刚才说的做：" + BREAKDOWN_MARK + "，人到护栏外面等，警示牌放到车后150米，拨打122（或110）请交警来；"
                   "车停在最右边车道上也一样，人千万别留在车里。不用急着登记。")
PHONE_LOW = re.compile(r"手机[^。！？!?，,]{0,3}(?:快|要)?没电了?|手机电(?:量)?(?:不多|快没|低)")
# someone seen on a rooftop edge (楼顶有个人要跳, 对面楼顶有个人坐在边上…好像要跳): the witness's script
ROOF_OTHER = re.compile(r"(?:楼顶|天台|楼边|房顶|顶楼|窗台|桥上)[^。！？!?]{0,8}(?:有(?:个|一个)?(?:人|男的|女的|小伙子?|姑娘|孩子|学生|老人))|"
                        r"(?:有(?:个|一个)?(?:人|男的|女的|小伙子?|姑娘|学生))[^。！？!?]{0,8}(?:在|站在|坐在|爬上|爬到)(?:了)?"
                        r"[^。！？!?，,]{0,4}(?:楼顶|天台|楼边|房顶|顶楼|桥上)")
OTHER_JUMP = re.compile(r"要跳|想跳|跳下去|跳楼|往下跳|不想活|轻生|自杀|坐在边上|站在边上|悬在外面|腿[^。！？!?，,]{0,4}(?:悬|搭|伸)")
ROOF_WITNESS_MARK = "隔着一段距离"
ROOF_WITNESS_ADVICE = OTHER_AT_RISK_ADVICE + "人的安全要紧，不用急着登记，先顾人。"


def _since_filed(tracker: Tracker) -> List[Dict[str, Any]]:
    """The chat's events since the last case filed."""
    events: List[Dict[str, Any]] = []
    for event in tracker.events:
        if event.get("event") == "bot" and any(f in (event.get("text") or "") for f in FILED_SAID):
            events = []
        else:
            events.append(event)
    return events


def dv_in_chat(tracker: Tracker) -> bool:
    """Whether violence at home was told (or its advice said) in this chat since the last filing."""
    for event in _since_filed(tracker)[:-1] if tracker.events and tracker.events[-1].get("event") == "user" \
            else _since_filed(tracker):
        text = event.get("text") or ""
        if event.get("event") == "bot" and any(m in text for m in (*DV_HELD, DV_MARK, DV_NO_PHONE_MARK, SMS_SENT_MARK)):
            return True
        if event.get("event") == "user" and domestic_violence(text) and not witness_of_violence(text):
            return True
    return False


def _told_in_chat(tracker: Tracker, pattern: re.Pattern, also: Optional[re.Pattern] = None) -> bool:
    texts = [re.sub(r"\s", "", e.get("text") or "") for e in _since_filed(tracker) if e.get("event") == "user"]
    return any(pattern.search(t) and (also is None or also.search(t)) for t in texts)


def danger_now(said: str, tracker: Tracker) -> Optional[str]:
    """The advice for a danger told in words the triage misses, or for the next turn of one (tester59 G1-G8):
    the SMS to 12110 sent, he came back, he checks her phone, no phone at all, violence at home told in the
    middle of another complaint, a neighbour's violence witnessed, a child at an open window, a car broken
    down on a ring road, someone seen on a rooftop, 救命 alone. None for anything else."""
    plain = re.sub(r"\s", "", said or "")
    if not plain:
        return None
    dv = dv_in_chat(tracker)
    if dv and NO_PHONE.search(plain) and not _advised(tracker, DV_NO_PHONE_MARK):
        return DV_NO_PHONE_ADVICE
    if dv and SMS_SENT.search(plain):
        return SMS_SENT_DANGER if STILL_DANGER.search(plain) else SMS_SENT_NEXT
    if dv and HE_BACK.search(plain) and len(plain) <= 16:
        return HE_BACK_ADVICE
    if dv and CHECKS_PHONE.search(plain):
        # the place not told yet: the bot waits for it, as after the advice (the place was asked at once)
        return PHONE_PRIVACY + ("" if tracker.get_slot("address") else DV_PLACE_LATER)
    if dv and _advised(tracker, DV_RELAY_MARK) and re.search(r"登记|反映|还能做|还能干|能做什么|做点什么", plain) \
            and not domestic_violence(plain):
        return DV_RELAY_FILE
    witness = witness_of_violence(plain) or neighbours_violence(plain, tracker)
    if witness:
        return witness
    if domestic_violence(plain) and not reported_from_afar(plain) and not CHILD_SPEAKING.search(plain):
        if NO_PHONE.search(plain):
            return DV_NO_PHONE_ADVICE
        if dv and (_advised(tracker, SILENT_MARK) or _advised(tracker, DV_NO_PHONE_MARK)):
            return SILENT_AGAIN
        silent = cannot_call(plain, tracker) or CANNOT_CALL_MORE.search(plain) or _advised(tracker, SILENT_MARK)
        advice = dv_silent_advice(plain, tracker) if silent else dv_advice(plain).replace(DV_PLACE_LATER, "")
        return advice + (STRANGLED_TIP if STRANGLED.search(plain) else "")
    if dv and (WHAT_NEXT.search(plain) or STILL_DANGER.search(plain)) and len(plain) <= 24:
        return SILENT_AGAIN if _advised(tracker, SILENT_MARK) else dv_advice(plain).replace(DV_PLACE_LATER, "")
    if CHILD_WINDOW.search(plain) or (_told_in_chat(tracker, CHILD_WINDOW) and re.search(
            r"怎么办|要掉|掉下去|快告诉|自己家|我家", plain)):
        return CHILD_WINDOW_ADVICE
    # (６月２６日晚上…轮胎爆胎, a shared car's bill argued in a data message, got 打开双闪)
    if BREAKDOWN.search(plain) and (ROAD.search(plain) or STRANDED_NIGHT.search(plain)) and _not_gone_by(plain):
        return BREAKDOWN_AGAIN if _advised(tracker, BREAKDOWN_MARK) else BREAKDOWN_ADVICE
    if _told_in_chat(tracker, BREAKDOWN) and re.search(r"怎么办|报警|害怕|好怕|车道|该干|该做", plain):
        return BREAKDOWN_AGAIN if _advised(tracker, BREAKDOWN_MARK) else BREAKDOWN_ADVICE
    if (ROOF_OTHER.search(plain) and OTHER_JUMP.search(plain)) or (
            _someone_else_at_risk(plain) and re.search(r"楼顶|天台|楼边|房顶|顶楼|跳楼", plain)):
        return ROOF_WITNESS_ADVICE
    if HELP_CRY.fullmatch(re.sub(r"\W", "", plain)):
        return HELP_CRY_ADVICE
    return None


def danger_told(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """``danger_now``'s advice said by an action beside the form (a message read as out of scope, a goodbye, a
    consultation, nothing: 好，短信发了，还要做什么 got 帮不上忙, 他回来了 没有理解, 救命 没有理解: tester59 G1/G2). Whether
    it said one (the form, where one is going on, takes no answer from the message)."""
    if _self_harm(said):
        return False
    now = danger_now(said, tracker)
    if not now:
        return False
    if not _said_this_turn(tracker, now[:16]):
        dispatcher.utter_message(text=now)
    return True
