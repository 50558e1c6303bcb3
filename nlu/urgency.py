"""Danger now: a complaint about a gas smell, a fire, something about to fall, a live wire or a
burst main is not one more item in the queue.

``hazard(text)`` names the danger and the safety advice a citizen is to be given at once (the
emergency numbers of Beijing: 燃气抢修 96777, 火警 119, 报警 110, 急救 120, 供电 95598, 自来水
96116). The triage returns it as ``urgent``; the bot says the advice before anything else, a
filed case keeps the kind, and the operators' queue lists such cases first.

Rules, not a model: the words are few and fixed, a miss would be costly, and an operator must be
able to see why a case was marked. A danger the citizen denies (没有煤气味, 不是着火) is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Hazard:
    kind: str     # e.g. 燃气泄漏
    advice: str   # what the citizen is to do now, in Chinese
    words: str    # the words that named it, as written


_GAS = "燃气|煤气|天然气|液化气"
# what runs a person over (交通事故)
_VEHICLE = (r"(?:电动车|电瓶车|电动自行车|自行车|三轮车?|摩托车?|汽车|轿车|小轿车|货车|卡车|渣土车|水泥罐车|公交车?|出租车"
            r"|面包车|快递车|私家车|大车|车)")
_GAS_RULE = ("燃气泄漏",
             re.compile(rf"(?:{_GAS})(?:灶|罐|管道?|表|阀门?)?(?:那块儿?|那儿|附近|周围)?(?:有|一)?(?:股|点)?"
                        rf"(?:味儿?|泄漏|泄露|漏气|漏了|漏)|漏气|(?:闻到|有股|一股)[^。！？!?]{{0,6}}(?:{_GAS})"
                        # the odorant in city gas smells of rotten eggs: how citizens say a gas smell
                        rf"|臭鸡蛋味"
                        rf"|(?:{_GAS})(?:管道?|管线)[^。！？!?，,]{{0,4}}(?:挖断|挖破|破裂|断了|爆了|被挖)"),
             ("如闻到燃气味：请立即打开门窗通风，不要开关电灯、电器，不要使用明火，不要在现场打电话；"
              "关闭燃气阀门后离开现场，到安全处拨打燃气抢修热线96777或火警119。"))
# nothing on (没用气, 灶都关了: 没用多少气 is a bill) and the meter running (一直转, 还在走)
_NOTHING_ON = (r"(?:没(?:有)?(?:用气|开火|做饭|烧水|点火|人用|人在家)|没(?:有)?(?:用|开)(?:燃气|煤气|天然气|灶|热水器)"
               r"|(?:灶|阀门?|热水器|火)[^。！？!?，,]{0,3}(?:都)?关(?:着|了|掉)|不用(?:气|的时候))")
_METER_RUNS = r"(?:一直|还在|还|也|自己|老是|总是|不停地?|在)[^。！？!?，,]{0,2}(?:转|走字?|跳|跑字?)"
_CRISIS_LINES = "心理援助热线12356、北京心理援助热线010-82951332（24小时）都可以倾诉求助。"
_SUICIDAL = r"不想活|想死|自杀|轻生|一了百了|活不下去|不活了|死了算了?|结束(?:这一切|自己|生命)"
# self-harm already done (a tester's 我吃了一整瓶安眠药 / 我刚吞了好多药 / 我刚割腕了 / 我把煤气打开了，
# 不想活了 got a general answer or the crisis lines alone): 120 and the one first-aid step come first
_SELF_HARM_ACTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("轻生危险",
     re.compile(r"(?:我|自己)[^。！？!?，,]{0,4}(?<!误)(?:吞|吃|喝|服)(?:了|下)[^。！？!?，,]{0,3}"
                r"(?:一整瓶|整瓶|一瓶|半瓶|一把|好多|很多|大量|一堆|一盒|一板|几十片|[二三四五六七八九]十(?:几)?片|\d{2,}片)"
                r"[^。！？!?，,]{0,4}(?:药|片)"
                r"|(?:我|自己)[^。！？!?，,]{0,4}(?<!误)(?:吞|吃|喝|服)(?:了|下)[^。！？!?，,]{0,4}(?:农药|老鼠药|耗子药|百草枯|敌敌畏)"),
     "如已经服下药物或农药：请立即拨打急救电话120，告诉调度员吃了什么、吃了多少，保留药瓶和包装；"
     "不要一个人待着，打开门等急救人员。" + _CRISIS_LINES),
    ("轻生危险",
     re.compile(r"割腕|割了(?:手腕|腕|自己)|(?:割|划)(?:破|伤)?了?(?:自己的?)?(?:手腕|手臂|胳膊|脖子)"),
     "如已经割伤自己：请马上用干净的毛巾或布用力按住伤口止血，立即拨打急救电话120；不要一个人待着。" + _CRISIS_LINES),
    ("轻生危险",
     re.compile(rf"(?:把|打开了?|开着|开了|拧开了?)[^。！？!?，,]{{0,3}}(?:煤气|燃气|天然气)[^。！？!?]{{0,30}}(?:{_SUICIDAL})"
                rf"|(?:{_SUICIDAL})[^。！？!?]{{0,30}}(?:把|打开了?|开着|开了|拧开了?)[^。！？!?，,]{{0,3}}(?:煤气|燃气|天然气)"),
     "如已经打开了燃气：请马上关闭燃气阀门，打开门窗通风，不要开关电灯、电器，不要使用明火，离开房间，"
     "到安全处拨打120或119。" + _CRISIS_LINES),
)
# in order: the first rule that finds a danger names it (a sparking wire is a live wire first,
# and a fire only after: a tester's 电线断了…冒火花 was given the fire advice)
_COLLAPSE = r"晕倒|昏倒|昏迷|晕过去|叫不醒|叫她也不答应|叫他也不答应|不省人事|头晕恶心|又晕又吐"
_HEATERS = rf"热水器|{_GAS}|煤炉|炉子|炭火|蜂窝煤|烧炭"
# someone collapsed beside a gas water heater or a stove (a tester's 我妈洗澡洗着洗着就晕倒了，燃气热水器一直
# 开着 got the fall's advice, 注意保暖, nothing on air and gas): carbon monoxide first
_CO_RULE = ("急症中毒",
            re.compile(rf"(?:一氧化碳|煤气)中毒|(?:{_COLLAPSE})[^。！？!?]{{0,20}}(?:{_HEATERS})"
                       rf"|(?:{_HEATERS})[^。！？!?]{{0,20}}(?:{_COLLAPSE})"),
            "疑似一氧化碳（煤气）中毒：请立即打开门窗通风，关闭燃气阀门和热水器、炉具，把病人移到空气新鲜的地方，"
            "不要开关电灯电器、不要使用明火；到安全处立即拨打急救电话120，燃气问题可拨96777。")
_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    *_SELF_HARM_ACTS,
    _CO_RULE,
    _GAS_RULE,
    ("触电危险",
     re.compile(r"漏电|触电|电线[^。！？!?]{0,4}(?:掉|断|垂|落|耷拉|冒火花|打火|着火)|(?:掉|断|垂|落)(?:下来的|地上的|了的)?电线"
                r"|高压线[^。！？!?]{0,4}(?:掉|断|垂|落)"
                r"|(?:配电箱|配电柜|电箱|电表箱|电闸|变压器|插座|插线板|电缆)[^。！？!?]{0,4}(?:冒烟|冒火|打火|着火|起火|噼啪|啪啪)"
                # a branch on a line, sparking in the wind (a tester's got the fire advice: lifts, wet towels)
                r"|(?:电线|电缆|高压线|供电线)[^。！？!?]{0,16}(?:冒火花|打火花|火花|噼里啪啦|噼啪|打火)"),
     "如有电线断落、漏电或电器设备冒烟打火：请远离至少10米，不要触碰电线、设备及周围积水，提醒他人绕行，"
     "并拨打供电抢修95598或110；已冒烟起火请拨打火警119。"),
    ("电梯困人",
     re.compile(r"电梯困人|被?困(?:在)?电梯|(?:关|困|卡)在电梯里|电梯里[^。！？!?]{0,4}(?:困|出不来)"
                r"|电梯[^。！？!?，,]{0,4}(?:下坠|坠落|溜梯|冲顶|往下掉|掉下去|往下滑|急速下降|一下子掉)"
                # 电梯卡住了，我被困在里面了 / 电梯停在两层中间了，我老公还在里面出不来 / 电梯门打不开，我妈在里面
                r"|电梯[^。！？!?]{0,8}(?:卡住|卡在|停在|坏了|故障|打不开|不动了|不开门|停了|停住|把人|人被)"
                r"[^。！？!?]{0,14}(?:(?:困|关|卡)(?:在)?(?:里面|里头|里边|里)|(?:在|还在)(?:里面|里头|里边)"
                r"|(?:里面|里头|里边)(?:有人|还有人)|出不来(?![门家楼]))"
                # 电梯又把人困住了 (session 49)
                r"|电梯[^。！？!?]{0,8}(?:把|将)[^。！？!?，,]{0,5}困住"),
     # 96333: Beijing's special-equipment (lift) emergency line
     ("如被困电梯：请保持冷静，不要强行扒门或爬出轿厢；按轿厢内警铃或拨打轿厢内张贴的救援电话，"
      "无人应答请拨打96333（北京特种设备应急）、110或119。")),
    # people stuck on a ropeway or a ride (滑雪场的缆车停了半个小时，人被困在半空中: session 48, no advice and 城管 first):
    # the special-equipment line too, never the lift car's advice
    ("电梯困人",
     re.compile(r"(?:缆车|索道|吊厢|吊椅|摩天轮|过山车|游乐设施)[^。！？!?]{0,12}(?:停|卡|悬|困)[^。！？!?]{0,14}"
                r"(?:困|半空|空中|下不来|出不来|悬着)|(?:困|卡|悬)在(?:了)?(?:半空|空中|缆车|索道|摩天轮|过山车)"),
     "如被困在缆车、索道或游乐设施上：请保持冷静，系好安全带、扶好扶手，不要自行攀爬或跳下，听从工作人员指挥等待救援；"
     "长时间无人处置请拨打96333（北京特种设备应急）、110或119。"),
    # someone caught or thrown by a lift or an escalator (商场的自动扶梯突然停了，好几个人摔倒了，有人受伤了 went to
    # 市公安局 by 有人受伤): the special-equipment unit investigates, the injured call 120, an escalator has stop
    # buttons at both ends. Told of the lift itself: 电梯坏了…我妈爬楼梯摔伤了 is the stairs
    ("电梯伤人",
     re.compile(r"(?:电梯|扶梯|直梯)(?:(?!楼梯|爬楼|走楼|下楼|上楼)[^。！？!?]){0,16}?"
                r"(?:夹(?:住|伤|到|断)|摔倒|摔伤|摔下来|摔了|绊倒|卷(?:进|入|住)|有人受伤|受伤了)"
                r"|被(?:电梯|扶梯|直梯)(?:门)?(?:夹|卷)"),
     ("如有人在电梯或扶梯上受伤：请立即拨打急救电话120；扶梯请按上下两端的红色急停按钮，不要再乘用这部电梯，"
      "并拨打96333（北京特种设备应急）报告。")),
    # a gas meter running with nothing on is a leak with no smell yet (tester50 C1: 家里燃气表一直转但是没用气
    # was asked where only); a water or power meter running is no danger
    ("燃气泄漏",
     re.compile(rf"(?:{_GAS})表(?=[^。！？!?]{{0,24}}{_NOTHING_ON})[^。！？!?]{{0,20}}?{_METER_RUNS}"
                rf"|{_NOTHING_ON}[^。！？!?]{{0,12}}(?:{_GAS})表[^。！？!?]{{0,6}}{_METER_RUNS}"),
     ("燃气表在没用气时还在走，可能是家里有漏气：请关闭燃气表前的阀门，打开门窗通风，不要开关电灯、电器，"
      "不要使用明火，不要在屋里打电话；到室外拨打燃气抢修热线96777，闻到燃气味请拨打火警119。")),
    ("火情",
     # smoke in a home or a stairway, a burning smell (tester50 C1: 楼道里全是烟，呛得喘不过气 / 隔壁屋里冒出
     # 好多烟 / 对面楼里有烟冒出来 got no advice); cooking fumes (油烟), cigarettes (烟味, 抽烟), a chimney
     # are not smoke from a fire
     re.compile(r"(?:楼道|走廊|楼梯间?|屋里|屋子|家里|房间|房子|卧室|厨房|客厅|门缝|窗户|窗口|阳台|隔壁|对门|对面楼|楼里"
                r"|邻居家|单元)[^。！？!?，,]{0,6}"
                r"(?:(?:全|都|满)是(?<![油抽吸])烟(?![味头花囱酒草])|(?:冒|窜|飘|涌|钻)(?:出|进|起)?(?:了)?(?:来)?"
                r"(?:好多|很多|大量的?|一股股?|滚滚|一大股)?(?:的)?(?:黑|浓|白|青)?烟(?![味头花囱酒草])"
                r"|有(?:好多|很多|大量的?|一股)?(?:黑|浓)?烟(?:冒|往外|窜|飘|涌)|(?:好多|很多|大量的?|滚滚)(?:的)?(?:黑|浓)?烟(?![味头花囱酒草]))"
                r"|(?:闻到|有股|有|一股|好大的?|很大的?|全是|都是)[^。！？!?，,]{0,3}(?:烧焦|焦糊|糊焦|烧糊|焦)(?:的)?(?:味|气味|塑料味|电线味)"
                # (柴油烟味呛得人透不过气 is fumes: a smoke, never its smell)
                r"|(?<![油抽吸香])烟(?:雾)?[^。！？!?，,味]{0,3}呛得[^。！？!?，,]{0,4}(?:喘不过气|喘不上气|睁不开眼|透不过气)"),
     "如有火情或浓烟：请立即拨打火警119，用湿毛巾捂住口鼻，弯腰沿楼梯撤离到安全地带，不要乘坐电梯；"
     "楼道里烟很大时不要往烟里冲，关好房门，用湿毛巾堵住门缝，到窗口呼救等待救援。"),
    ("火情",
     # 打不着火 / 点着火 are a stove's ignition, not a fire; 看着火热的销售场面 a sale, 听了都冒火了 anger (data letters)
     re.compile(r"(?<![打点不随看])着火(?![车热])|起火|失火|烧起来|(?<![都就直气])冒火(?!了吧)|火苗|冒(?:黑|浓)烟[^。！？!?]{0,4}(?:楼|屋|房(?!山)|窗)"
                r"|(?:楼|屋|房|窗)[^。！？!?]{0,4}冒(?:黑|浓)?烟"
                # a thing set alight (我家楼下的垃圾桶被人点着了，现在还在冒烟 got no advice): not a cigarette or a stove
                r"|(?:垃圾桶|垃圾箱|垃圾堆|垃圾站|草垛|柴火垛|草堆|枯草|树|车|电动车|电瓶车|自行车|房子|棚子|仓库|被子|沙发)"
                r"[^。！？!?，,]{0,4}(?:点着了|烧着了|引燃了|被点燃|点燃了)"),
     "如有火情：请立即拨打火警119，不要乘坐电梯，用湿毛巾捂住口鼻，沿安全出口撤离到安全地带。"),
    # a person in the water, or down a well or a hole (tester50 C1: 有人掉河里了 got 不够具体; C8: 井盖没了，
    # 一个老太太掉下去了，腿在流血 got the manhole's advice): the person first, before the hazard itself
    ("人身危险",
     re.compile(r"(?:有人|有个人|一个人|人|孩子|小孩|儿童|婴儿|宝宝|老人|老太太|老太|老大爷|老头|大爷|大妈|奶奶|爷爷"
                r"|儿子|女儿|学生|男的|女的|小伙子?|姑娘|男孩|女孩)[^。！？!?，,]{0,4}(?:掉|落|跌|摔|滑|栽)(?:进|到|入|在)?了?"
                r"[^。！？!?，,]{0,4}(?:河|湖|江|海|水库|池塘|水塘|鱼塘|水池|泳池|冰窟窿|冰窟|水)(?:里|中|内)"
                r"|(?:有人|有个人|一个人|孩子|小孩|儿童|老人)(?:落水|溺水)|(?:落水|溺水)了"
                # someone has jumped in (有人跳河了): in the water now
                r"|(?:有人|有个人|一个人|男的|女的|小伙子?|姑娘|老人|孩子)[^。！？!?，,]{0,4}跳(?:进)?(?:河|湖|江|水库|海)(?:里)?了"
                # struggling in the water (tester53 D1: 河里有人 好像掉下去了 在扑腾, 有个人在河里扑腾 好像不会游泳)
                r"|(?:河|湖|江|水库|池塘|水塘|水)(?:里|中)有(?:个)?人[^。！？!?]{0,12}(?:扑腾|挣扎|呼救|喊救命|掉下去|沉下去|往下沉)"
                r"|(?:有人|有个人|一个人|孩子|小孩|老人)[^。！？!?，,]{0,2}在(?:河|湖|江|水库|池塘|水塘|水)(?:里|中)"
                r"[^。！？!?]{0,4}(?:扑腾|挣扎|呼救|喊救命|往下沉)"),
     ("如有人落水：请立即拨打110、120或119求救，说清楚位置；不会游泳的不要贸然下水，冰面上不要走近冰窟窿。"
      "向落水的人抛救生圈、绳子、竹竿或能漂浮的东西（空水桶、泡沫板），让他抓住后拉上岸；同时大声呼喊周围的人帮忙。")),
    ("人身危险",
     re.compile(r"(?:有人|有个人|一个人|人|孩子|小孩|儿童|老人|老太太|老太|老大爷|老头|大爷|大妈|奶奶|爷爷"
                r"|儿子|女儿|学生|男的|女的|工人|行人)[^。！？!?，,]{0,4}(?:掉|落|跌|摔|栽)(?:进|到|入|在)?了?"
                r"[^。！？!?，,]{0,4}(?:井|窨井|下水道|坑|沟|地沟)(?:里|中|内|下)"
                r"|(?:井盖|井口|窨井|下水井|污水井|雨水井|大坑|深坑)[^。！？!?]{0,24}"
                r"(?:有人|有个人|一个人|人|孩子|小孩|老人|老太太|老太|老大爷|老头|大爷|大妈|奶奶|爷爷|行人|男的|女的)"
                # done, not feared (稍有不慎就会有小孩掉进去)
                r"[^。！？!?，,]{0,4}(?<![会能要怕])(?:掉|落|跌|摔|栽)(?:了)?(?:下去|进去)了"),
     ("如有人掉进井里或坑里：请马上拨打120和119，说清楚位置和人的情况；不要自己下井或下坑施救（井下可能有有毒气体），"
      "在井口守着、跟他说话让他别乱动，提醒行人车辆绕开井口。")),
    # people in a flooding basement or underpass (tester50 C1: 地下室进水了，水已经到膝盖了，还有人在下面 was
    # asked where only): out now, nothing electric touched, 119; a basement that took water, no one in it, is
    # the property's repair
    ("积水被困",
     re.compile(r"(?:地下室|地下车库|地库|地下一层|地下二层|负一层|负二层|地下通道|地下商场|隧道|涵洞|下穿|桥洞|桥底下?)"
                r"[^。！？!?]{0,16}(?:进水|灌水|淹|积水|水漫|倒灌|水已经|水到|水没过|涨水)[^。！？!?]{0,24}"
                r"(?:(?:还|有)人(?:在|困|被困)|还有人|人还在|人都在|有人被困|人被困|困(?:在|住)了?|出不来|车里有人"
                r"|还在(?:里面|里头|里边|下面|底下))"
                r"|(?:有人|人|老人|孩子|车)(?:被)?困在[^。！？!?，,]{0,8}(?:地下室|地下车库|地库|地下通道|隧道|涵洞|下穿|桥洞|积水|水里)"),
     ("如地下室、地下车库或低洼处进水，里面还有人：请马上让人撤到地面或高处，不要蹚水去关电闸，"
      "不要触碰任何电器、电线和插座，不要开车进入积水；有人被困请立即拨打火警119，有人受伤请拨打急救电话120。")),
    # a dog bite that bleeds or just happened (tester50 C1: 狗…刚把我儿子腿咬了，出血了 got no advice): the
    # wound washed, rabies shots within 24 hours; an owner who denies it is for 110
    ("动物咬伤",
     re.compile(r"(?:狗|犬)[^。！？!?]{0,12}(?:咬|啃)(?:了|伤|破|到|住)?[^。！？!?]{0,12}(?:出血|流血|见血|冒血|血流|全是血|都是血|好多血|很多血)"
                r"|(?:刚|刚才|刚刚)[^。！？!?，,]{0,8}(?:被)?[^。！？!?，,]{0,4}(?:狗|犬)[^。！？!?，,]{0,8}咬(?:了|伤)"
                r"|(?:狗|犬)[^。！？!?，,]{0,6}(?:刚|刚才|刚刚)[^。！？!?，,]{0,8}咬(?:了|伤)"
                # the dog doing it (遛狗不牵绳，把我孩子咬了; 邻居的狗咬了我女儿: no advice, session 54's conversations)
                r"|(?:狗|犬)[^。！？!?]{0,12}(?:把|将)(?=[我他她人孩小儿女闺老])(?:我们家|我家|我们|我的|我|他|她|人)?(?:孩子|小孩|儿子|女儿|闺女|老人|妈|爸|老伴)?(?:的)?"
                r"(?:腿|手|胳膊|脚|脸|屁股|手指)?(?:给)?咬(?:了|伤|破)"
                r"(?![^。！？!?]*(?:打了|打过|已经打|报销|赔偿|医药费|不赔|不管|上个月|去年|前几天|疫苗|想问|哪里|哪儿|去哪|在哪))"
                r"|(?:狗|犬)[^。！？!?，,]{0,4}咬(?:了|伤)(?:我家|我们家)?(?:我|孩子|小孩|儿子|女儿|闺女|老人|我妈|我爸|老伴)(?!家)"
                r"(?![^。！？!?]*(?:打了|打过|已经打|报销|赔偿|医药费|不赔|不管|上个月|去年|前几天|疫苗|想问|哪里|哪儿|去哪|在哪))"
                # the bite told of a body part after the dog (有条大狗没拴绳，追着我孩子咬，孩子腿上被咬破了: no advice,
                # session 55's conversations)
                r"|(?:狗|犬)[^。！？!?]{0,24}(?:腿|手|胳膊|脚|脸|屁股|手指|身上)(?:上)?(?:被|让|给)?(?:它)?咬(?:破|伤|出血|出了血|了好几个|了一个|了个)"
                r"(?![^。！？!?]*(?:打了|打过|已经打|报销|赔偿|医药费|不赔|不管|上个月|去年|前几天|疫苗|想问|哪里|哪儿|去哪|在哪))"
                # bitten, said without 刚才 (小孩在小区里玩，被一个大狗咬了: no advice, session 52's conversations)
                # (…被狗咬伤，在防疫站打了狂犬疫苗，能报销吗 is over: a question of its costs)
                r"|(?:(?:孩子|小孩|儿子|女儿|老人|我|我妈|我爸|老伴)[^。！？!?，,]{0,8}|(?:^|(?<=[，,]))(?:又|还)?)(?:被|让)"
                r"[^。！？!?，,]{0,6}(?:狗|犬)[^。！？!?，,]{0,2}咬(?:了|伤)(?:一口|了)?(?=[。！？!?，,\s]|$)"
                # (被狗咬了，想问哪里能打狂犬疫苗 is a question where to be vaccinated: 卫健委's, session 49)
                r"(?![^。！？!?]*(?:打了|打过|已经打|报销|赔偿|医药费|不赔|不管|上个月|去年|前几天|疫苗|想问|哪里|哪儿|去哪|在哪))"),
     ("如被狗咬伤：请马上用肥皂水和流动的清水交替冲洗伤口至少15分钟，再用碘伏消毒，不要包扎得太紧；"
      "24小时内到就近的狂犬病免疫预防门诊处理伤口、接种狂犬病疫苗，伤口深或出血多的请拨打急救电话120。"
      "狗主人推卸责任、不配合的，可以拨打110报警，记下狗和主人的样子、住址，保留就医单据。")),
    # a child (or anyone) outside a window or over a balcony rail high up (tester57 F2: 对面楼有个小孩站在窗台外边
    # 好像家里没大人 6楼 got 不够具体, then 小孩要掉下来了 the advice for a falling object): police and fire first,
    # the household reached from inside, nobody shouting from below
    ("人身危险",
     re.compile(r"(?:孩子|小孩|儿童|宝宝|小朋友|男孩|女孩|老人|有人|有个人)[^。！？!?，,]{0,8}(?:站|坐|爬|趴|挂|蹲|骑|吊)(?:在|到|上|出)?了?"
                r"[^。！？!?，,]{0,6}(?:窗台|窗户|窗|阳台|护栏|栏杆)(?:外边|外面|外头|外|上面|上)"
                r"|(?:孩子|小孩|儿童|宝宝|小朋友)[^。！？!?，,]{0,3}(?:要|快|马上|眼看)(?:要)?(?:掉|摔|跌)(?:下来|下去)"),
     ("如有孩子或其他人在窗台外、阳台护栏外等高处：请立即拨打110和119，说清楚小区、楼号、几层和哪个窗户；"
      "马上设法通知这家人，或请同楼层的邻居、物业、保安去敲门，从屋里把人抱回来、关好窗户；"
      "不要在楼下大声喊叫惊吓孩子，也不要往上扔东西，楼下的人不要站在正下方围观。")),
    # the ground gave way (路面塌了个坑): no falling object to keep away from (a tester got that advice)
    ("坠落坍塌",
     re.compile(r"(?:路面|马路|地面|人行道|路上|路中间)[^。！？!?，,]{0,4}(?:塌陷|塌了|陷下去|陷了)"
                r"|塌了(?:个|一个)[^。！？!?，,]{0,3}(?:坑|洞)|地陷"),
     "如路面塌陷或出现大坑：请远离坑边，提醒过往行人车辆绕行，有条件可在旁设置明显标记；已有人或车辆跌落、受伤请立即拨打110或120。"),
    ("坠落坍塌",
     re.compile(r"(?:要|快|马上|随时|眼看)(?:要)?(?:掉|砸|塌)(?:下来|下去)|摇摇欲坠|松动脱落|已经(?:掉|砸)下来"
                r"|(?:树|墙|杆|架子|牌|外机|玻璃|阳台|脚手架|围挡|塔吊)[^。！？!?，,]{0,6}(?:要|快|马上|随时)(?:要)?(?:倒|塌|掉)"
                # (a screw or paint come off is no fall: 滑梯锈了，螺丝都掉了 got the falling-object advice, session 51)
                r"|(?:晃得厉害|晃晃悠悠|摇摇晃晃|晃来晃去|松动|松了|歪了|锈了|锈穿|锈断|开裂|裂了)"
                r"(?:(?!螺丝|螺母|螺钉|钉子|漆)[^。！？!?]){0,12}(?:会|要)?(?:掉|倒|塌|砸)(?:下来|下去|了)?"
                r"|要塌|快塌|要倒塌|树[^。！？!?，,]{0,6}(?:刮断|折断|刮倒|砸)|砸(?:到|伤|在)了?[^。！？!?，,]{0,2}(?:人|车)"
                # (我的天却塌了: a father's death told, in a data letter)
                r"|坍塌|(?<!天)(?<!天却)(?<!天都)(?<!天也)塌了|塌陷"
                # (老楼的外墙皮一块块往下掉: falling now over where people pass)
                r"|(?:外墙皮|墙皮|外墙砖|墙砖|外墙瓷砖|瓷砖)[^。！？!?，,]{0,6}(?:往下掉|掉下来)"
                # (外墙保温层大面积脱落，掉下来好几块，底下就是小区的路: session 49)
                # (a flat's inner wall whose insulation came off, in a data letter, is a building's defect)
                r"|(?:外墙保温|外保温|外墙的保温)[^。！？!?，,]{0,6}(?:往下掉|掉下来|脱落|剥落)"
                r"|(?:保温层|保温板)[^。！？!?，,]{0,6}(?:往下掉|掉下来)"),
     "如有物体可能坠落或倒塌：请远离危险区域，提醒过往行人绕行；已有人受伤或情况紧急请立即拨打110或119。"),
    # a structure in a bad state now over where people pass (a tester's rusted billboard "昨天刮大风一直在晃，
    # 底下就是公交站，万一掉下来砸着人" was no danger: 昨天 read as past, 万一 as a fear; the state is now)
    ("坠落坍塌",
     re.compile(r"(?:广告牌|招牌|牌匾|铁架子?|架子|空调外机|外机|脚手架|围挡|塔吊|电线杆|灯杆|路灯杆|外墙|墙皮|玻璃|雨棚|彩钢板)"
                r"[^。！？!?]{0,12}(?:锈得厉害|锈得很厉害|锈蚀严重|锈穿了?|锈断了?|锈透了?|松动了?|摇摇晃晃|一直在晃|晃得厉害|晃来晃去|"
                r"倾斜了?|歪了)"
                r"(?=[^。！？!?]{0,40}(?:(?:底下|下面|下边|楼下|旁边)[^。！？!?，,]{0,6}(?:人|公交站|车站|小孩|孩子|"
                r"学校|幼儿园|小区门口|出入口)|掉下来[^。！？!?，,]{0,4}砸|砸(?:着|到|伤)人))"
                # over a bus stop or a pavement said first (西直门公交站上面那个大广告牌锈得厉害，…一直在晃)
                r"|(?:公交站|车站|站台|人行道|便道|校门口|学校门口)(?:上面|上方|顶上|旁边|边上)[^。！？!?]{0,8}"
                r"(?:广告牌|招牌|牌匾|铁架子?|架子|空调外机|外机|脚手架|围挡|塔吊|电线杆|灯杆|路灯杆|外墙|墙皮|玻璃|雨棚|彩钢板)"
                r"[^。！？!?]{0,12}(?:锈得厉害|锈得很厉害|锈蚀严重|锈穿了?|锈断了?|松动了?|摇摇晃晃|一直在晃|晃得厉害|晃来晃去|倾斜了?|歪了)"),
     "如有物体可能坠落或倒塌：请远离危险区域，提醒过往行人绕行；已有人受伤或情况紧急请立即拨打110或119。"),
    ("井盖缺失",
     # 井盖没有了 (tester56 E7: a pupil's 学校门口有个井盖没有了 同学差点掉下去 got no advice)
     re.compile(r"井盖(?:都|也)?(?:没了|没有了|丢了|被偷|缺失|不见了|掉了|掉下去|翻了|塌了|破了|坏了|被人偷|让人偷)"
                r"|没有井盖|没盖井盖|井盖[^。！？!?]{0,10}(?:差点|差一点)(?:掉|摔)"),
     "如井盖缺失或损坏：请远离井口，提醒行人车辆绕行，有条件可在旁设置明显标记；已有人跌落请立即拨打110或120。"),
    # a heating pipe first: its hot water scalds, and the heat supplier (城管委's) repairs it
    ("暖气爆管",
     re.compile(r"暖气(?:管|片|管道)?[^。！？!?，,]{0,3}(?:爆|裂|崩|喷)|热水[^。！？!?，,]{0,4}(?:喷|往外冒|哗哗)"),
     "如暖气管爆裂：请远离喷出的热水和蒸汽以免烫伤，关闭暖气进回水阀门，远离积水处的电器和电源，"
     "并拨打供热单位的抢修电话（北京热力96069）或12345。"),
    ("爆管跑水",
     re.compile(r"水管[^。！？!?]{0,3}(?:爆|裂|崩)|爆管|跑水|自来水[^。！？!?]{0,3}喷"),
     "如水管爆裂：请关闭总阀门，远离积水处的电器和电源，并拨打自来水服务热线96116。"),
    # a child left locked in a car (a citizen's 车里锁着个小孩 在哭…太阳晒着呢 got three form questions and an
    # ordinary case for 交通委): minutes count in the heat
    ("人身危险",
     re.compile(r"车(?:里|内|上)[^。！？!?，,]{0,3}(?:锁|关|困|反锁)着[^。！？!?，,]{0,3}(?:孩子|小孩|婴儿|宝宝|小朋友|老人)"
                r"|(?:孩子|小孩|婴儿|宝宝|小朋友)[^。！？!?，,]{0,6}(?:被)?(?:锁|关|困|反锁)(?:在)?(?:了)?(?:车里|车内|车上)"),
     "如有孩子被锁在车里：请立即拨打110（或119），说清楚位置和车牌号；孩子已经满头大汗、哭不出声、昏睡或叫不醒时，"
     "可以砸开离孩子最远一侧的车窗把孩子抱出来，放到阴凉处，同时拨打急救电话120。"),
    # someone hurt by a vehicle now, or trapped after a crash (session 51: 刚才被车撞了，腿动不了，在路边躺着 and
    # 两辆车撞上了，有个人被卡在车里出不来 got 不够具体; 电动车…撞了我家孩子就跑了 was asked for the address only):
    # 120 and 122 first, the hurt not moved, the runaway's plate noted; past ones (上个月被撞了…医药费) are none
    ("交通事故",
     # (a person hit, not a thing: 我的车被货车刮了, 树被车撞断了, 电动车撞了我的车 are none; nor a fear: 迟早撞了人)
     re.compile(rf"(?<![车树栏杆墙门灯桥箱牌])(?:被|让|给)[^。！？!?，,]{{0,8}}{_VEHICLE}[^。！？!?，,]{{0,2}}(?:撞|碾|轧)"
                r"(?:了|倒|伤|翻|飞|到)"
                rf"|{_VEHICLE}(?:(?!迟早|早晚|会|要|怕|容易|可能)[^。！？!?]){{0,10}}(?:撞|碾|轧)(?:了|倒了?|伤了?|飞了?)"
                r"(?:我家|我们家|一个|个|两个|几个)?(?:孩子|小孩|儿子|女儿|老人|行人|学生|老太太|老大爷|大爷|大妈|女的|男的|人|我)"
                r"(?!的?[^。！？!?，,]{0,3}车)"
                rf"|{_VEHICLE}[^。！？!?，,]{{0,6}}把(?:我家|我们家|我)?(?:孩子|小孩|儿子|女儿|老人|行人|学生|爸|妈|老伴|爱人|媳妇|老公|一个人|个人|人)?"
                r"(?:给)?(?:撞|碾|轧)(?:倒|伤|飞|了)"
                r"|(?:车祸|撞车|相撞|追尾|撞上了|翻车|侧翻|撞到一起)[^。！？!?]{0,20}"
                r"(?:受伤|流血|出血|卡在|困在|出不来|动不了|昏迷|躺在|倒在|叫不醒|没反应|骨折)"),
     "如发生交通事故有人受伤：请立即拨打急救电话120和交通事故报警电话122（或110），说清楚哪条路、哪个方向、附近的路口或标志；"
     "伤者动不了或头颈部受伤的不要随意搬动，有人被困在车里请拨打119；打开双闪、在车后方放置警示标志，"
     "其他人撤到路边安全的地方；肇事车辆跑了的，记下车牌号、车型颜色和逃跑方向，告诉交警。"),
    # someone missing (老人走丢了; 我老伴儿出去遛弯到现在还没回来，他有老年痴呆): 110 at once, no 24 hours to wait
    ("人身危险",
     re.compile(
                # (孩子的疫苗本丢了 / 孩子手机丢了: a thing lost, no child: session 50)
                r"(?:老人|老太太|老大爷|孩子|小孩|儿子|女儿)(?![^。！？!?，,]{0,4}?(?:手机|钱包|书包|证|本|卡|钥匙|车|包|衣服|作业))"
                r"[^。！？!?，,的]{0,4}(?:走丢|走失|丢了|找不到了|不见了)"
                # not back for hours, said without 走丢 (我老伴儿出去遛弯到现在还没回来，他有老年痴呆: 不够具体, session 52)
                r"|(?:老伴儿?|老头子?|老太太|老人|老爷子|我爸|我妈|我父亲|我母亲|奶奶|爷爷|姥姥|姥爷|孩子|小孩|儿子|女儿)"
                r"[^。！？!?]{0,12}(?:到现在|至今|这么晚|一直|一夜|一宿)(?:了)?(?:都|也|还)?(?:都|也|还)?没(?:有)?"
                r"(?:回来|回家|到家|找到(?:人|他|她)?(?![^。！？!?，,])|联系上(?![^。！？!?，,]))"
                r"|(?:老年痴呆|痴呆|失智|阿尔茨海默)[^。！？!?]{0,20}(?:没回来|没回家|找不到(?:了|人)?(?![^。！？!?，,])|走丢|走失|不见了)"),
     "有人走失：请立即拨打110报警，不用等满24小时；告诉民警走失者的样貌、衣着、身体情况，最后在哪里、什么时候见到的，"
     "带上近期照片；同时请家人、邻居分头到常去的地方找一找，也可以请小区物业、社区帮忙查看监控。"),
    ("人身危险",
     re.compile(r"持刀|拿刀|拿着刀|举着刀|挥刀|动刀|砍人|(?:正在|在)打架|打起来了|有人(?:受伤|落水|溺水)"
                r"|(?:要|想)跳楼|站在(?:天台|楼顶)|(?<!价)跳楼(?!价|甩卖|大甩卖|机)"
                r"|(?:孩子|小孩|婴儿|宝宝|老人)[^。！？!?，,]{0,3}(?:锁|关|困)在车里"
                r"|喊救命|呼救|救命啊"
                r"|(?:孩子|小孩|儿童|婴儿|宝宝|老人|有人|人)[^。！？!?，,]{0,4}(?:掉|落|跌|摔)(?:进|到|入)[^。！？!?，,]{0,6}"
                r"(?:水|河|湖|池|井|坑|沟|塘)"
                # someone alone not seen for days: 独居老人好几天没出门了，敲门也没人应
                r"|(?:好几天|几天|两天|三天|多天)(?:都)?没(?:见(?:着|到)?(?:她|他|人|老人)?)?(?:出门|出来|见(?:到)?人|露面)"
                r"[^。！？!?]{0,12}(?:敲门|打电话|叫门)[^。！？!?，,]{0,4}没(?:人)?(?:应|开|接)"
                # 独居老太太，八十多了，好几天没见着她出门了，敲门也没人应 (tester48 N3: no 110 advice)
                r"|(?:独居|一个人住)[^。！？!?]{0,40}(?:没人应|没动静|晕倒|出事)"
                # violence at home going on (a tester's 老公喝醉了一直在砸门，说要打死我，我和孩子躲在卧室里
                # was filed as an ordinary case)
                r"|(?:说|扬言|喊着?)要(?:打死|杀了?|砍死|弄死)(?:我|我们|孩子|她|他)|(?:要|想)(?:打死|杀了|砍死|弄死)我"
                r"|(?:一直|正在|在)(?:砸门|踹门|撞门)|(?:躲在|锁在|藏在)[^。！？!?，,]{0,6}(?:卧室|厕所|卫生间|屋里|房间)[^。！？!?]{0,6}(?:不敢|出不去|里)"
                r"|(?:正在|一直在|又在)(?:打我|打孩子|家暴)|(?:被|挨)(?:我)?(?:老公|丈夫|男朋友|前夫|对象|爱人)(?:打|揍)(?:了|得)"
                # how a woman says it in a few words (tester57 F1: 我老公打我 got 帮不上忙, 他在外面踹门 / 他刚才打了我
                # 我脸上都是血 / 家暴 我现在在厕所 got 不够具体)
                r"|(?:老公|丈夫|男朋友|前夫|对象|爱人)[^。！？!?，,]{0,6}(?:(?:要|又|在)?(?:打我|揍我|掐我)|(?:砸门|踹门|撞门))"
                r"|(?:他|老公|丈夫|男朋友|前夫|对象)(?:刚才|刚刚|刚|又)(?:又)?(?:打|揍)了我|(?:在外面|在门外|在门口)(?:砸门|踹门|撞门)"
                r"|家暴[^。！？!?]{0,12}(?:现在|正在|躲在|在厕所|在卫生间|在卧室|不敢|听到|听见)|(?<![遭受过])家暴了|^\s*(?:我)?(?:被)?家暴(?:了)?\s*$"
                # things thrown down from a building now (楼上有人高空抛物，扔下来一个啤酒瓶子: tester48 N9, 不够具体)
                r"|(?:有人|楼上|邻居)[^。！？!?，,]{0,4}高空抛物|(?:从楼上|往楼下|从窗户|往窗外)[^。！？!?，,]{0,4}(?:扔|抛|砸)[^。！？!?，,]{0,6}"
                r"(?:瓶|刀|砖|石|花盆|玻璃|铁)"
                # followed now (我被人跟踪了，他现在就在楼下 got 不够具体)
                r"|(?:被人|有人|有个(?:男的|女的|人))[^。！？!?，,]{0,4}(?:跟踪|尾随|一直跟着|跟着我)|(?:跟踪|尾随)我"
                # told by a child (a tester's 我爸又喝多了在家打我妈 was asked for a category)
                r"|(?:又|正在|一直|还在|在家|喝多了|喝醉了)[^。！？!?，,]{0,4}(?:打|揍)(?:我妈妈?|我母亲|我爸爸?|我奶奶|我姥姥"
                r"|我弟弟?|我妹妹?|我姐姐?|我哥哥?|我儿子|我女儿|孩子|我)(?!电话|的电话|手机|招呼|针|车|卡|游戏|球|工|听)"),
     "如有人身安全危险：请先确保自身安全，立即拨打110；有人受伤或落水请拨打急救电话120。"),
    # someone fallen, collapsed or bleeding now (a tester's 老人在家摔倒了起不来，头上流血了 got no 120, and
    # 我妈突然晕倒了，叫不醒 got 110 first): 120 first, and not to move a person who fell
    ("急症中毒",
     re.compile(r"摔倒了?[^。！？!?]{0,4}(?:起不来|爬不起来|站不起来|动不了)|(?:摔|磕|碰)(?:破|伤)了?(?:头|脑袋)"
                r"|(?:头|脑袋|额头)[^。！？!?，,]{0,3}(?:流血|出血|磕破|冒血)|(?:流|出)了?(?:好多|很多|一地|不少)血"
                r"|有人(?:晕倒|昏倒|昏迷)|(?:晕倒|昏倒|昏迷|休克)了|叫不醒|不省人事|突然倒地|倒在地上[^。！？!?]{0,4}不动|躺在地上(?:一动不动|不动了|没反应|没有反应|没动静|叫不醒)"
                r"|心脏病(?:犯了|发作)|(?:胸口|心口)[^。！？!?，,]{0,4}(?:疼|痛)得厉害|中风了|脑梗了|嘴歪眼斜"
                # a person fallen from a height (a tester's 有个人从楼上掉下来了，躺在地上不动 and 小区里有人
                # 坠楼了 got no warning; 楼上掉下来一个花盆 is an object, another danger)
                r"|(?:人|孩子|小孩|老人|工人|男的|女的|他|她)[^。！？!?，,]{0,8}(?:楼上|楼顶|阳台|窗户|窗台|脚手架"
                r"|[0-9一二三四五六七八九十几]+楼|高处)[^。！？!?，,]{0,2}(?:掉|摔|坠|跌|滚)了?(?:下来|下去)|(?:有人|有个人|孩子|小孩|老人)坠楼|坠楼了|(?:掉|摔)下楼了?"
                r"|满地(?:是|都是)血|(?:地上|身上)全是血"),
     "如有人摔倒、昏迷或突发急病：请立即拨打急救电话120，说清地址和病人的情况；摔倒后起不来或头部受伤的不要随意搬动、"
     "不要强行扶起，注意保暖，按调度员的指导处置，等急救人员到场。"),
    ("轻生危险",
     # told of oneself or someone now: a letter's 学生因霸凌轻生 is a past event, 想死你们了 a greeting
     re.compile(r"不想活了?|活不下去|不活了|(?<!说我)(?<!问我)(?<!让人)(?<!令人)(?<!叫人)想死(?![你我他她人]|的(?:噪|声|味|动静))|去死了算|寻死|割腕|(?:想|要|准备|打算)(?:去)?(?:自杀|轻生)"
                r"|(?:从|在)?楼(?:上|顶)?跳下去|想跳楼|要跳楼"
                # how else people say it (a tester's 活着太累了，不如死了算了 was asked 是什么造成的)
                r"|(?<!累)死了算了|不如死了|一死了之|活着(?:太累|真累|好累|没意思|没什么意思|还有什么意思|有什么意思)"
                r"|结束(?:这一切|自己的?生命|我的?生命)|了结(?:自己|此生)|(?:安眠药|农药)[^。！？!?，,]{0,6}(?:一了百了|结束)"),
     ("如您或身边的人有轻生的念头：请不要独处，马上拨打110或120；心理援助热线12356、"
      "北京心理援助热线010-82951332（24小时）都可以倾诉求助。")),
    # a theft going on (有小偷正在撬我家门, 楼下有人正在偷电动车): 110 now, not a case for tomorrow. A theft told
    # as done (我的电动车被偷了) is a case for the police, no danger; 偷排 / 偷倒 / 偷拍 … are other matters
    ("正在盗窃",
     re.compile(r"(?:正在|还在|在)(?:偷(?![排倒建拍税采挖砍偷运放卸卖看听懒]|电(?![动瓶缆线]))|撬)[^。！？!?，,]{0,8}"
                r"(?:东西|车|门|锁|窗|电动车|自行车|电瓶|电缆|电线|井盖|财物|钱包|手机|包)"
                r"|(?:小偷|贼|盗贼)[^。！？!?，,]{0,4}(?:正在|还在|进了?(?:我家|屋|院|楼)|在撬|在偷|翻(?:进|墙))"
                r"|撬(?:我家|我们家|邻居家|隔壁)?的?(?:门|锁|窗)[^。！？!?]{0,8}(?:现在|正在|还在|没走)"),
     "如有人正在盗窃或撬门：请立即拨打110报警，说清地址；不要与对方正面冲突，注意自身安全，记下对方的相貌、衣着和逃跑方向，保护好现场。"),
    ("电信诈骗",
     # just happened (刚才, 今天 …, or the "safe account" of a live scam): a letter about a fraud of
     # years ago is a complaint, not an emergency
     re.compile(r"(?:刚才|刚刚|就在刚才|刚|今天|今早|今晚|这会儿)[^。！？!?]{0,24}"
                r"(?:被(?:电信|网络|电话)?(?:诈)?骗|转(?:了|过去)|汇(?:了|过去))"
                r"|安全账户|是不是被骗了?|(?:是不是|好像)(?:遇到|碰到)?(?:骗子|诈骗)"
                # a scam going on (a tester's 快递理赔 / 医保卡冻结 got no warning, or a 医保 answer)
                # a call or message naming a card or account wrong, then money asked (有人打电话说我医保卡异常，让我往一个账户
                # 转钱 got 不够具体: session 52)
                r"|(?:打电话|打来电话|来电话?|电话里|短信|发消息|发信息)[^。！？!?]{0,6}(?:说|称)[^。！？!?]{0,16}"
                r"(?:异常|冻结|涉嫌|违规|有问题|过期|被停|停用|注销|盗用|欠费)[^。！？!?]{0,16}(?:让|要|叫)我[^。！？!?，,]{0,10}"
                r"(?:转账|汇款|转钱|打钱|(?:往|向|给)[^。！？!?，,]{0,8}(?:账户|账号|卡)(?:里|上)?(?:转|汇|打)|"
                r"把(?:钱|存款|积蓄)(?:都)?(?:转|汇|打)(?:到|进|给)|点(?:击)?(?:个|一个)?链接|下载[^。！？!?，,]{0,6}(?:软件|App|APP|app))"
                # one calling as a bank, a platform's service or the police who wants an app installed, money or a code
                # (刚才有个自称银行客服的人打电话，说我信用卡额度可以提升，让我下载个软件: none, session 52)
                r"|自称[^。！？!?，,]{0,8}(?:客服|银行|公安|警察|民警|法院|检察院|医保|社保|快递|电商|平台)[^。！？!?]{0,30}"
                r"(?:让|要|叫)我[^。！？!?，,]{0,6}(?:下载|转账|汇款|转钱|打钱|共享|点(?:击)?链接|(?:说|报|提供|告诉他)[^。！？!?，,]{0,3}验证码)"
                r"|共享屏幕|屏幕共享|(?:转账|汇款|交钱)(?:才能|就能|来)?解冻|(?:冻结|涉嫌洗钱)[^。！？!?]{0,16}"
                r"(?:让|要|叫)我[^。！？!?]{0,6}(?:转账|汇款|转钱|打钱)"
                r"|冒充[^。！？!?，,]{0,8}(?:客服|公安|警察|民警|法院|检察院|银行|医保|社保)[^。！？!?]{0,16}"
                r"(?:转账|汇款|理赔|退款|验证码|共享|下载|操作)"
                r"|(?:正在|在)(?:手机银行上)?(?:给他们?|给对方)?(?:转账|汇款)[^。！？!?，,]{0,4}$"
                r"|已经(?:给(?:他|她|他们|对方))?转了[一二三四五六七八九十两百千万\d]+(?:块|元|万)"
                r"|不转(?:账|钱)?就(?:要)?(?:抓|逮捕|拘留|起诉)"
                # advance-fee scams going on (a tester's 刷单 top-up, 保证金 to a fake bank, a 虚拟币
                # platform's tax before withdrawal got 不够具体)
                r"|刷单|(?:再|先)(?:充|交|转|付)[^。！？!?，,]{0,8}(?:才能|就能|才可以|就可以)[^。！？!?，,]{0,3}(?:提现|提出来|取出来|解冻|放款|到账)"
                r"|(?:交|缴|付)[^。！？!?，,]{0,6}(?:税|手续费|保证金|解冻费|激活费|会员费)[^。！？!?，,]{0,4}(?:才能|才可以|就能)[^。！？!?，,]{0,3}(?:提现|提出来|取出来|放款|到账)"
                r"|(?:转|交|付)[^。！？!?，,]{0,6}保证金[^。！？!?]{0,16}(?:正准备|准备|马上|正在|要)"
                r"|(?:正准备|准备|马上要?)(?:转账|汇款|转过去|打过去)|投资导师|带我炒|虚拟币平台|(?:提额|提升额度)[^。！？!?]{0,12}(?:转|交)"
                # a fee before a withdrawal (a tester's 理财APP 解冻费 got 不够具体)
                r"|解冻费|解冻金|激活费|刷流水|提不出来[^。！？!?]{0,20}(?:交|缴|付)[^。！？!?，,]{0,8}(?:费|税|保证金|钱)"),
     ("如遇电话或网络诈骗：请立即挂断电话、关闭屏幕共享，不要再向对方转账，不要透露验证码和密码（公安、银行、医保"
      "不会要求转账到“安全账户”或转账解冻）；已转账的请立即拨打110或反诈专线96110报案，联系银行冻结账户，"
      "保存转账记录和聊天记录。")),
    ("急症中毒",
     re.compile(r"误(?:吃|服|食|喝|吞)|(?:吞|喝|吃)(?:了|下)[^。！？!?，,]{0,6}(?:农药|老鼠药|耗子药|消毒液|洗衣液"
                r"|洗衣凝珠|清洁剂|纽扣电池|电池|干燥剂)|(?:一氧化碳|煤气)中毒"
                # sleeping pills by the bottle (两片安眠药还是睡不着 is a dose)
                r"|(?:吞|喝|吃|服)(?:了|下)[^。！？!?，,]{0,3}(?:一整瓶|整瓶|一瓶|半瓶|一把|好多|很多|大量|一堆|一盒|一板|几十片)"
                r"[^。！？!?，,]{0,4}(?:安眠药|药)"),
     "如有人误服、中毒或突发急症：请立即拨打急救电话120，按调度员的指导处置；误服的物品请保留包装，以便告知医生。"),
    # breathing, a fit, no consciousness: nothing was swallowed (a tester's 喘不上气 got 误服的物品请保留包装);
    # choked by a smell or a smoke (烧秸秆，烟特别大，呛得人喘不上气) is a nuisance told strongly, not an illness
    # (胸口闷得喘不上气 is one: the chest; 公交车上的空调不开，车里闷得喘不上气 is a stuffy bus: session 50)
    ("急症中毒",
     re.compile(r"(?<![呛熏臭][得的])(?<![呛熏臭][得的]人)(?<![呛熏臭]得我)(?<![里厢]闷得)(?<![里厢]闷得人)(?<!热得)(?<!热得人)喘不上气|没有?(?:呼吸|意识)了?|抽搐"),
     ("如有人呼吸困难、抽搐或失去意识等突发急症：请立即拨打急救电话120，说清地址和病人的情况，按调度员的指导处置；"
      "解开衣领、让病人呼吸通畅，抽搐时不要往嘴里塞东西，身边一直留人。")),
)

# the citizen denies it (没有煤气味, 不是着火, 没闻到燃气味, 并未起火) or fears it (容易起火, 存在
#火灾隐患, 担心燃气泄漏): no danger now
# (厕所玻璃易碎砸伤人: a risk, told of a new flat's faults)
_DENIED = re.compile(r"(?:差点|险些|差一点|稍有不慎|没有|没|不是|并非|并未|未|无|没闻到|闻不到|容易|易|可能|会|怕|担心|防止|预防|引发|引起"
                     r"|导致|造成|一旦|万一|存在|以免|避免|这要|那要|真要)[^，。！？!?,]{0,3}$")
# a fever back again (回家第二天又烧起来了): no fire (tester48 N4: a hospital complaint went to 119)
_FEVER = re.compile(r"发烧|发高烧|高烧|低烧|退烧|烧到|体温|发热|[三四]十[一二三四五六七八九]度|3[89](?:\.\d)?度|℃")
_FIRE_WORDS = re.compile(r"火|烟|焦糊|糊味")
# smoke from cooking, a barbecue, cigarettes or a chimney is a nuisance, not a fire (the smoke rules only)
# (熏得睁不开眼, 谁家做饭烧糊了 are how a smoke from a fire is told too)
_SMOKE_SOURCE = re.compile(r"油烟|烧烤|烤串|烤肉|撸串|抽烟|吸烟|香烟|烟民|二手烟|烟头|烧纸|焚烧|秸秆|烟囱|排烟|烟道"
                           r"|锅炉|工厂|厂房|雾霾|粉尘|扬尘|蚊香|艾灸|柴油|尾气|鞭炮|烟花|烧垃圾|焚烧垃圾|烧树叶|烧落叶|烧荒")
# a pet bitten (我家狗被大狗咬了): the rabies advice is for a person
_PET_BITTEN = re.compile(r"(?:狗|猫|宠物)[^。！？!?，,]{0,2}被")
# (冬季失火可能性加大: a risk)
_RISK_AFTER = re.compile(r"隐患|风险|危险性|可能性|似的|一样|报警器|报警装置|探测器|检测仪")
# the danger is over (燃气公司来修好了) or seen elsewhere (新闻, 视频): not a danger here and now
# (我爸在家里晕倒了，打了120等了四十分钟救护车才到: the ambulance came, a complaint of its delay: session 50)
_OVER_WORDS = (r"修好|已修|处理好|已处理|排除了|解决了|没事了|恢复了|补上了|出来了|救出|扑灭|灭了|救护车(?:才|终于|总算)?(?:到|来)了?"
               r"(?![^，,。！!？?]{0,3}(?:没|吗|呢))|送到医院|送进医院|送医院了|抢救过来")
# (…一个工人从脚手架上摔下来了，公司想私了: the aftermath told, a case for the labour bureau, not 120 now: session 49);
# never for a person in danger from another (他还在打我…我要他赔医药费 stays 110's)
_OVER_AFTER = re.compile(_OVER_WORDS + r"|私了|医药费|工伤认定|要求赔偿|索赔")
# out of a lift is over; out of a home where someone beats you is not (我老公正在打我，我刚逃出来了)
_OVER_AFTER_PERSON = re.compile(_OVER_WORDS.replace("|出来了", ""))
# (今日有人在群内发出…楼盘着火（未见官方消息）: word passed on in a chat group, no fire here, while 业主群里有人说
# 3号楼着火了，我看到冒黑烟了 stays a fire; 广州…发生了市民触电的事件: an incident elsewhere)
# (现实中发生电表箱漏电的，起火的可不少案例: what happens elsewhere, told as a fear)
_ELSEWHERE = re.compile(r"新闻|报道|网上|视频|电视上|听说|群内发出|群里发出|有待查证|未见官方|去年|上次|以前|之前|曾经|发生过|事故|事件"
                        r"|现实中|案例|时有发生|常常|时常"
                        r"|如果|假如|要是|万一|一旦|经常|隐患|上个?月|上周|上个?星期|上个?礼拜|前天|前几天|几天前|月前"
                        # a fire lane blocked: "真着火了消防车都进不来" is what could happen
                        r"|真(?:要)?(?:着火|起火|失火|出事)|到时候|进不来|怎么办才好")
# a scam happens online and on video calls: 网上 / 视频 say nothing of it being elsewhere
_ELSEWHERE_SCAM = re.compile(_ELSEWHERE.pattern.replace("|网上|视频", ""))
# a danger now is told first: a long letter's later pages tell of past events and fears (of 854
# provincial letters with departments, 51 named a danger somewhere, none a danger now)
HEAD_CHARS = 200


# a collapse months or years old (井盖塌陷已有半年有余, 路段于今年八月中旬塌方，至今为期四个月): a case to repair, not a
# danger now (data messages got the advice for a falling object in the bot's form)
_CHRONIC = re.compile(r"已有|有余|余年|至今|多年|半年|[一二三四五六七八九十两几0-9]+个多?月|好几个月|[一二两三几0-9]+年了"
                      r"|今年[一二三四五六七八九十0-9]+月|[一二三四五六七八九十0-9]+月(?:份|中旬|上旬|下旬|初|底)")


# a burst pipe found as the cause of a leak (经多次检测，最后确定是主卫水管爆裂: a data message about a new flat's
# hidden repair got the advice to shut the main valve): a finding, not water running now
_DIAGNOSED = re.compile(r"(?:确定|确认|查明|鉴定|检测|判断|排查)(?:出|为|是|出是)|原因是|是因为|是由于")


# a theft told as done, its thief in the telling (一周被盗3次（小偷半夜翻墙进入）): a case for the police, not 110 now
_THEFT_DONE = re.compile(r"被盗|被偷|失窃|损失|[0-9一二三四五六七八九十几]+次|报案|报了警|派出所|抓住")
# …unless its own clause says it is now (三个月前就松动了，现在摇摇晃晃随时会掉下来)
_NOW_HERE = re.compile(r"现在|正在|刚才|刚刚|此刻|随时|马上|眼看")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, between the full stops before and after it."""
    left = max(text.rfind(ch, 0, start) for ch in "。！!？?\n")
    right = min((i for i in (text.find(ch, end) for ch in "。！!？?\n") if i >= 0), default=len(text))
    return text[left + 1:right]


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding ``text[start]`` begins."""
    return max(text.rfind(ch, 0, start) for ch in "，,。！!？?；;\n") + 1


def _clause(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]``, between the breaks before and after it."""
    left = max(text.rfind(ch, 0, start) for ch in "，,。！!？?；;\n")
    right = min((i for i in (text.find(ch, end) for ch in "，,。！!？?；;\n") if i >= 0), default=len(text))
    return text[left + 1:right]


# told as past earlier in the same sentence (上个月…，走到三楼就喘不上气了), unless said to be now again
# (前两天小区内着火，消防车进不来: a data letter about parking got 119)
_PAST_BEFORE = re.compile(r"上个?月|上周|上个?星期|上个?礼拜|去年|前年|前几天|前[一两三]天|前些天|前段时间|前阵子|几天前|月前|年前|那次|那天|有一次|曾经|以前|之前|当时"
                          # (16年在火车站…车内带刀砍人, 今年2月18日: a data message got the advice for a danger now)
                          r"|(?:19|20)[0-9]{2}[-/.年]|(?<![0-9])[0-9]{2}年(?![前后来多])|今年[0-9一二三四五六七八九十]+月")
_NOW_AFTER = re.compile(r"现在|正在|刚才|刚刚|此刻|这会儿|眼下|马上|又(?![一有])|一直|到现在")
# a fire yesterday is over (昨天A市又一个小区着火，死了两个: a data letter about fire extinguishers got 119); a bite
# or a gas smell since yesterday is not
_YESTERDAY = re.compile(r"昨天|昨晚|昨日|前天")
# said again and again, a standing fault (经常下坠几层楼，因故障把人关在电梯里; 有的是修路爆管; 碎石…砸穿伤人时有发生)
_HABITUAL = re.compile(r"经常|时常|常常|老是|总是|多次|数次|好几次|屡次|反复|每次|动不动|三天两头|时有发生|几乎每|有的是|有时")
_HABITUAL_KINDS = ("电梯困人", "坠落坍塌", "爆管跑水", "暖气爆管")
# a letter's standing fault (建于1989年，至今已有30年房龄。…污水主管已坍塌): a chat tells a danger now in a line or two
LETTER_CHARS = 100


def _told_as_past(text: str, start: int, past_words: re.Pattern = _PAST_BEFORE) -> bool:
    """Whether the sentence holding ``text[start]`` says, before it, that this was in the past."""
    left = max(text.rfind(ch, 0, start) for ch in "。！!？?\n") + 1
    head = text[left:start]
    past = [m.end() for m in past_words.finditer(head)]
    return bool(past) and not _NOW_AFTER.search(head, past[-1])


def hazard(text: str) -> Hazard | None:
    """The first danger the start of ``text`` (``HEAD_CHARS``) names, in the order of ``_RULES``,
    or None."""
    if not text:
        return None
    # what happened before, as the bot files it (护栏有个缺口（此前：有人掉河里了…，已报警处理）): over, no danger now
    text = re.sub(r"[（(]此前[：:][^）)]*[）)]", "", text)[:HEAD_CHARS]
    for kind, pattern, advice in _RULES:
        for m in pattern.finditer(text):
            clause = _clause(text, m.start(), m.end())
            elsewhere = _ELSEWHERE_SCAM if kind == "电信诈骗" else _ELSEWHERE
            if (_DENIED.search(text[max(0, m.start() - 6):m.start()])
                    or _RISK_AFTER.match(text, m.end())
                    # (a word between: 着火的隐患; never past a break: 屋里好多烟，报警器一直响 is a fire)
                    or (_RISK_AFTER.match(text, m.end() + 1) and text[m.end():m.end() + 1] not in "，,。！？!?；;")
                    or (_OVER_AFTER_PERSON if kind == "人身危险" else _OVER_AFTER).search(text, m.end())
                    or elsewhere.search(clause)
                    or _told_as_past(text, m.start())
                    or (kind == "火情" and _told_as_past(text, m.start(), _YESTERDAY))
                    # (昨天一个酒瓶子砸在我车旁边: a blow struck yesterday has fallen; a thing that hangs loose is now)
                    or (kind == "坠落坍塌" and m.group(0).startswith("砸")
                        and _told_as_past(text, m.start(), _YESTERDAY))
                    # (看看到底有没有漏水漏雨、电路起火: asked, not told)
                    or "有没有" in text[max(_clause_start(text, m.start()), m.start() - 10):m.start()]
                    or (kind in _HABITUAL_KINDS and _HABITUAL.search(_sentence(text, m.start(), m.end()))
                        and not _NOW_HERE.search(clause))
                    or (kind in ("坠落坍塌", "爆管跑水") and len(text) >= LETTER_CHARS
                        and _CHRONIC.search(text, 0, m.start()) and not _NOW_HERE.search(clause))
                    # (a letter's accident is a story told: 被…轿车撞飞当场死亡, 因车祸颅内大出血留下了残疾, 有两个小孩被
                    # 飞驰而过的车辆撞伤: four of the data's letters; a chat tells one now in a line or two)
                    or (kind == "交通事故" and len(text) >= LETTER_CHARS
                        and not _NOW_HERE.search(_sentence(text, m.start(), m.end())))
                    or (kind == "火情" and m.group(0) == "烧起来" and _FEVER.search(text)
                        and not _FIRE_WORDS.search(text))
                    or (kind == "火情" and "火" not in m.group(0) and _SMOKE_SOURCE.search(text))
                    # (好几个小区起火问题: a topic; a gas leak's 问题 is left a danger)
                    or (kind == "火情" and text.startswith("问题", m.end()))
                    or (kind == "动物咬伤" and _PET_BITTEN.search(text, max(0, m.start() - 6), m.end()))
                    or (kind == "正在盗窃" and _THEFT_DONE.search(_sentence(text, m.start(), m.end()))
                        and not _NOW_HERE.search(clause + m.group(0)))
                    or (kind in ("爆管跑水", "暖气爆管")
                        and _DIAGNOSED.search(text, _clause_start(text, m.start()), m.start())
                        and not _NOW_HERE.search(_sentence(text, m.start(), m.end())))
                    or (kind in ("坠落坍塌", "爆管跑水") and _CHRONIC.search(_sentence(text, m.start(), m.end()))
                        and not _NOW_HERE.search(clause + m.group(0)))):
                continue
            return Hazard(kind, advice, m.group(0))
    return None
