"""The complaint form: each slot's validation (description, the category's reading, address, time,
contact, read-back), a second problem offered after filing, and a danger said where the form runs."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import ANSWER_DEMAND, _basic_path, _basic_unit, held_question, LOST_ABOARD
from actions.common import after_filing_answer, consult_follow_up, CLOCK, FILED_SAID, UPDATE_TOLD, PRIVACY_TOLD, WHY_PHONE_REFUSED_TOLD
from actions.common import _without_chatter, MORE_LEAD  # tester57 F13; tester59 G15
from actions.common import WHEN_SAID  # session 55
from actions.common import new_problem_words, CONSULT_SAID  # session 53
from actions.common import _unit_told  # session 56
from actions.common import VERB_ROAD, _same_place_piece, SERVICE_COMPLAINT, REPEATED_IN_TEXT, _frustration_only  # session 51
from actions.followup import _after_code_forgotten  # tester59 G18
from actions.common import WHEN_DONE_PLAIN, WHO_TOLD, WHO_TOLD_NO_PHONE, WHO_TOLD_HELD  # tester59 G16, G17
from actions.common import _AREA_NAME, _PART_END, _NUMBER_PIECE, _district_piece  # tester59 G11
from actions.safety import update_only
from actions.api.triage import ApiError, ApiUnavailable
from actions.common import (kind_only, KIND_LEFT, _home_district,
    _advised, _after_idk_close, ALL_DAY, ANOTHER, ANOTHER_LEAD, _api, _api_back, _area_in_district, CALL_BACK_MARK, PERSON_NOT_HERE, REGISTERED_WITH_CALL_BACK,
    ASK_NUMBER, ASPECT_WORDS, BARE_YES, BYE_SAID, CANCEL_FORM, case_number_in, CATEGORY_HINTS, CATEGORY_LEFT,
    _category_named, CATEGORY_WORDS, _civil, _clearer, CONSENT, _contact, _contact_at_readback,
    _CONTACT_CLAUSE, _contact_for_own_case, _contact_said, CONTACT_YES, CORRECTION_CUE,
    DEICTIC_TAIL, _department_name, _describe, DETAIL, _district_alone, _district_fix,
    _DISTRICT_NAMES, _DISTRICT_SAID, DONT_KNOW, FILLER, FIRST_CHOICE, FIX_SLOTS, fix_targets,
    FORM_SLOTS, _fresh, _from_the_place, _place_parts, FRUSTRATION_ASK, _frustration_only, _fuller_time,
    GENERIC_PLACE, HANDOFF_AGAIN, HAS_CHINESE, HOUSE_PART, IDK_CLOSE, _idk_closed, IDK_EXAMPLES,
    IDK_ONLY, _in_district, _is_hours, JUST_WANTS, KEPT_SECRET, _last_filed_address, LEAD_FILLER,
    _located, MAX_RETRIES, MIN_CHARS, TOLD_AT_LENGTH, MIN_CONFIDENCE, MIN_TOP_TWO, NEITHER, NEW_VALUE, _new_value,
    NEXT_STEPS, NO_CONTACT, _no_contact_again, NO_CONTACT_ONLY, NO_CONTACT_SAID, NO_PHONE_OK,
    NO_PHONE_TOLD, NO_TIME, _noise_source, NOISE_WORDS, NOT_A_PLACE, NUMBER_UNREAD, _offer_taken,
    _offered_just_now, _one_problem, _addition_at_read_back, _other_answer, _other_asked, OTHER_QUESTION_TOLD,
    _outside_beijing, OWN_ROAD, _phone_in, _phones_in, _place_apart, PLACE_DONT_KNOW,
    PLACE_GENERIC_ASK, PLACE_LIKE, PLACE_UNKNOWN, PLACE_UNKNOWN_MARK, PLACE_UNKNOWN_OFFER,
    PLACE_UNKNOWN_TAKEN, PLACE_WORDS, plain_digits, _privacy_answer, PRIVACY_WISH, PROBLEM_WORDS,
    QUERY_CODE, QUESTION_FORM, _RANT, _readings, _refined, _repeat_said_before, REPEATED_ASK,
    REPEATED_NOTE, RESTART_LEAD, _restated, RETOLD, _said_before, _said_last_turn, _said_this_turn,
    _same_as_before, SAME_PLACE, SECOND_CHOICE, SEGMENT_TAIL, _shown, _side_answer, SOURCE_UNKNOWN,
    SURE, _tail, _tells_problem, TIME_HINT, TIME_LEAD, TIME_NOT_NEEDED, TIME_OBJECTS, TIME_OF_DAY,
    _time_open, _time_part, _time_refused, TIME_WORDS, _told_more, torn, UNSURE, UNSURE_CHOICE,
    URGING, VAGUE_TIME, WEEK_TIME, _when, WHEN_DONE_TOLD, _WHERE_WORDS, WHICH_READING_MARK, _with,
    _with_call_note, _with_piece, _with_spare, _with_time, YES_SAID,
    _another_matter, ANONYMOUS, ANONYMOUS_TOLD, _answer_parts, CALL_NOTE, _CORRECTED, CORRECTION_ONLY, _FILLER_CLAUSE,
    _DISTRICT_OF, _fuller_address, _more_at_read_back, NAMED, _PLACE_NOUNS, _place_clause, _ASKS_WHICH, QUESTION_SAID, _same_matter,
    _SUBJECT_AT, _substantive_more, _swapped, _place_said, _same_place, PHONE_REFUSED, RESUME_LEAD,
    _dropped_draft, SEND_NOW, PLACE_FIRST, PLACE_FIRST_PERSON, PLACE_FIRST_MARK, PERSON_ASKED, simplified, PLAIN_FAULT,
    _employer_named, _wages_unpaid, WAGE_FACTS, STOP_REPORT, WAGE_READING, NOT_RECORDED, _spaced_pieces, REPEATED_IN_TEXT,
    ANGRY_COMPLAINT_TOLD,
)
from actions.safety import (
    _advice_in_form, _before, _beside_self_harm, _care, CHILD_SPEAKING, CRISIS_MARK, CRISIS_PLACE,
    _crisis_place, DANGER_OVER, DANGER_PENDING, DOMESTIC_VIOLENCE, cannot_call, dv_silent_advice, DV_RELAY_ADVICE,
    DV_RELAY_MARK, reported_from_afar, silent_first, danger_now, PHONE_PRIVACY, witness_of_violence, NO_PHONE,
    WITNESS, WITNESS_MARK,
    domestic_violence, ROOF_OTHER, OTHER_JUMP, IMMINENT_PLACE, STRANGLED, STRANGLED_TIP, police_for_me, stranded_now, STRANDED_AGAIN, STRANDED_MARK,
    STRANDED_TIP, stranded, DV_CHILD_ADVICE, DV_SAID, dv_advice, SILENT_MARK, danger_call, SEND_NOW_DANGER,
    DV_CHILD_MARK, DV_CHILD_OUT_ADVICE, DV_MARK, DV_OUT_ADVICE, DV_PLACE_KNOWN, DV_PLACE_LATER,
    _emergency_only, _filler, help_asked, _service_line_asked, alarm_in_addition, FIRST_AID_SAID, FORM_WAIT, FORM_WAIT_MARK, FORM_WAITING, FRAUD_ADVICE,
    FRAUD_KIND, FRAUD_MARK, FRAUD_STAY, _hold, _hotline_answer, HOTLINE_ASK, HOTLINE_CALLED,
    _hotline_called, HOTLINE_KINDS, HOTLINE_NUMBERS, HOW_ASKED, MEDICAL_DONE, MEDICAL_PLACE,
    _medical_signs, _medical_waiting, MOTHER_HIT, _offered_back, OTHER_AT_RISK_ADVICE, OUT_OF_HOME,
    OUT_SAFE, _own_advice, PARKED_KINDS, _person_advice, PERSON_KIND, PERSON_KINDS,
    PERSON_WAIT_MARK, PERSON_WAITING, _place_held, REFUSE_PERSON, RESUMED, SELF_HARM, _self_harm,
    SELF_HARM_ADVICE, SELF_HARM_KIND, SELF_HARM_STAY, SELF_HARM_STAY_ALONE, SIGNS_WAIT,
    SIGNS_WAIT_KNOWN, _someone_else_at_risk, _stay, THIRD_PERSON, _third_person_care, IMMINENT, SELF_HARM_NOW,
    _waited_hotline,
)
from actions.followup import (
    _addition_planned, _ask_which_withdrawn, check_progress, _withdraw_ambiguous, _withdraw_reason,
    _withdraw_reason_awaited, _withdraw_which, _withdraws_own_case, _manage_asked, MANAGE_SAID,
)

log = logging.getLogger(__name__)


# "刚才说了都在一个小区", "都在一个地方", "跟刚才一样": the place said for both problems
_ONE_PLACE = re.compile(r"都在(?:一个|同一个?|一块|一起|一处)|(?:一个|同一个?)(?:小区|地方|院|楼)|"
                        r"(?:跟|和|与)(?:刚才|上一个|上个|前面|之前)(?:的|那个|那件)?(?:一样|相同)|刚才说了|刚说了|说过了")


# where a place was read from, before it ("外卖上写的是…", "导航显示的是…", "牌子上写着…")
_READ_FROM = re.compile(r"^(?:外卖|订单|美团|饿了么|大众点评|软件|平台|地图|导航|网上|小票|发票|招牌|牌子|门头|APP|app)"
                        r"(?:上|里)?(?:面)?(?:写的|显示的?|写着|标的|标着)(?:是|的是)?[:：]?")
# a ride from one place to another ("从首都机场打车到望京", "从西站坐到国贸")
_ROUTE = re.compile(r"(?:从|由)([一-鿿0-9A-Za-z]{2,16}?)(?:打车|打的|坐车|乘车|坐出租车?|坐|开车|开)?(?:到|去|往|回)"
                    r"([一-鿿0-9A-Za-z]{2,16}?)(?:的路上|路上|途中)?")


# said to be aboard a bus or a train (在车上, 公交车上, 地铁里), and a line named in the problem (特8路, 300路, 地铁10号线)
_ABOARD = re.compile(r"(?:在|就在|是在)?(?:公交车?|地铁|车|车厢|出租车)(?:上|里)")
_LINE = re.compile(r"(?:地铁)?[0-9一二三四五六七八九十]+号线|(?:特|专|快|夜|运通)?[0-9]{1,3}路")


def _aboard(said: str, description: str) -> Optional[str]:
    """The line as the place when the citizen says it happened aboard and names no street (在车上啊，我哪知道是
    哪条街) while the problem names a line (是特8路): "特8路公交车上" / "地铁10号线车厢内"; None otherwise."""
    if not _ABOARD.search(said) or _DISTRICT_SAID.search(said) or any(
            _place_clause(c) for c in re.split(r"[，,。；;！!]", said) if c.strip() and not _ABOARD.search(c)):
        return None
    line = _LINE.search(said) or _LINE.search(description)
    if not line:
        return None
    name = line.group(0)
    return f"{name}车厢内" if "号线" in name else f"{name}公交车上"


def _bus_line_alone(said: str, description: str) -> Optional[str]:
    """"特8路" said alone where the place is asked about a bus (公交车司机开车太猛…): the line is the place, "特8路公交车上"
    (it was asked 请问“特8路”在哪个区, and the time said next glued into the place: session 52); None otherwise."""
    line = _LINE.fullmatch(re.sub(r"(?:公交车?|汽车|车)?(?:上|里)?$", "", re.sub(r"^(?:就是|是|坐的|在)", "", said.strip("，,。 "))))
    if not line or "号线" in line.group(0) or not re.search(r"公交|司机|车", description or ""):
        return None
    return f"{line.group(0)}公交车上"


# a whole line as the place of a suggestion or a complaint about its service (tester56 E15: 八通线全线 was
# 不够具体 until the citizen made up a station)
_NAMED_LINE = re.compile(r"(?:地铁)?(?:八通|昌平|亦庄|房山|大兴机场|首都机场|机场|西郊|燕房|S1|大兴|京通|亦庄T1)线|"
                         + _LINE.pattern)   # the lines with a name, then the numbered ones (_LINE)
_WHOLE_LINE = re.compile(r"全线|整条线|一整条线|整个线路|整条线路|沿线|每一站|所有(?:的)?站|各个站|每个站|整条路线|全程|一路上")


def _whole_line(said: str, description: str) -> Optional[str]:
    """"八通线全线" when the answer says the whole line (全线, 整条线, 沿线) and a line is named in it or in the
    problem, naming no street; None otherwise."""
    plain = re.sub(r"\s", "", said or "")
    if not _WHOLE_LINE.search(plain) or _DISTRICT_SAID.search(plain):
        return None
    line = _NAMED_LINE.search(plain) or _NAMED_LINE.search(re.sub(r"\s", "", description or ""))
    if not line:
        return None
    name = line.group(0)
    return f"{name}公交线路全线" if name.endswith("路") else f"{name}全线"


QUESTION_ANSWERED = "先回答您的问题："
# a greeting opening a complaint ("您好，我们这儿顶楼…", "喂，你好，…"): no part of the problem
GREETING_LEAD = re.compile(r"^(?:(?:(?:尊敬的)?(?:各位)?(?:领导|书记|市长|区长|同志|工作人员)?(?:您好|你好|们好)|喂|哈喽|嗨|hello|hi|"
                           r"(?:是)?12345(?:热线)?(?:吗|吧|是吧|么)?)[啊呀，,。！!？?\s]*)+", re.I)


def _held_answer(said: str, tracker: Tracker) -> Optional[str]:
    """The answer to the question said inside the complaint when the citizen insists on it (你先回答我能不能换物业,
    你先告诉我怎么申请, 你还没回答我问题呢), or None: its basic path where one is known, else that the question goes to
    the unit with the case; the registration goes on either way."""
    plain = re.sub(r"\s", "", said or "")
    question = held_question(tracker.get_slot("description") or tracker.get_slot("description_draft") or "")
    if not question or not ANSWER_DEMAND.search(plain) or _phone_in(said):
        return None
    basic = _basic_path(question)
    if basic and _advised(tracker, basic[:30]):
        # asked again after the answer: said so, not the same lines as if new (tester53 D12)
        return f"您问的这件事，刚才的回答是：{basic}如果这不是您想问的，请换个说法再问一次；您反映的情况我接着帮您登记。"
    if basic:
        return f"{QUESTION_ANSWERED}{basic}您反映的情况我接着帮您登记。"
    return (f"您问的“{question[:40]}”，我这里答不准，已经写进工单，承办部门会一并答复您。"
            "您反映的情况我接着帮您登记。")


# another problem put before the one being registered ("我先说另一个事", "这个更急")
SWITCH_FIRST = re.compile(r"(?:我|咱)?先(?:说|讲|反映|登记|报)(?:一下)?(?:另一个|另外一个|另一件|另外一件|别的|另外的)(?:事儿?|问题|情况)?|"
                          r"(?:另一个|另外一个|另一件)(?:事儿?|问题)?(?:更|比较|特别)(?:急|要紧|重要)")
# the call-back number said as the problem's last clause (…，我电话13812345678): no part of the problem
_PHONE_LAST = re.compile(r"[，,。；;！!]\s*(?:有事)?(?:请)?(?:打)?(?:我的?|本人)?(?:联系)?(?:电话|手机|手机号|号码|联系方式)(?:号码)?"
                         r"(?:是|为|：|:)?\s*1[3-9](?:[\s-]?[0-9]){9}[。！!]*$")
# what the citizen did as the safety advice said (已经开窗了, 阀门关了; a call made is _hotline_called's)
_DONE_AS_ADVISED = re.compile(r"(?:我|我们)?(?:已经|已|刚|刚刚|都)?(?:把)?(?:开窗|开了窗|窗户(?:也)?开了|门窗(?:都)?开了|关(?:了)?阀门|"
                              r"阀门(?:也)?关了|关(?:了)?总阀|总阀(?:也)?关了|拉(?:了)?闸|闸(?:也)?拉了|断(?:了)?电)(?:了)?(?:啊|呀|吧)?")
def _last_place_end(said: str) -> Optional[int]:
    """Where the last place word of ``said`` ends (what follows it may say what happened there), or None."""
    last = None
    for last in PLACE_WORDS.finditer(said):
        pass
    return last.end() if last is not None else None


# where a ride started, with when ("昨天晚上从三里屯打的车")
_RIDE_FROM = re.compile(r"(?P<time>(?:昨天|今天|前天|刚才|刚刚|上周[一二三四五六日天]?|周[一二三四五六日天]|早上|上午|中午|下午|晚上|夜里|"
                        r"凌晨|半夜)+(?:[0-9一二三四五六七八九十两]+点(?:多|半|左右)?)?)?[，,\s]*(?:是|就是)?(?:在|从)"
                        r"(?P<place>[^，,。\s]{2,16}?)(?:打的车|打的|打车|上的车|坐的车|上车|叫的车)(?:的)?")
# the name of the place said after it ("…的一家私立幼儿园，叫小太阳幼儿园"), and the kind it replaces
_NAMED_PLACE = re.compile(r"(?:它|那家|这家|店|店名|名字|名称|学校|幼儿园)?(?:叫|名叫|名字叫|叫做)[“\"]?"
                          r"([\u4e00-\u9fffA-Za-z0-9（）()]{1,20}(?:幼儿园|学校|小学|中学|饭馆|饭店|餐厅|餐馆|店|公司|超市|医院|"
                          r"诊所|酒店|宾馆|健身房|中心|市场|大厦|机构|培训班|酒吧|网吧|KTV|会所|馆))[”\"]?")
_A_PLACE_OF_KIND = re.compile(r"(?:的|里的|附近的|旁边的)?(?:一家|一个|一所|那家|这家|某家|某个|有家|有个)[\u4e00-\u9fff]{0,10}$")
_NOT_UNDERSTOOD = "没有理解"
# what a named place is (…的一个科技公司，叫星云科技): the kind's last word, put after a name said without it
_PLACE_KIND_WORD = re.compile(r"([川湘粤鲁苏浙徽闽东西]菜馆|面馆|公司|饭馆|饭店|餐厅|餐馆|超市|幼儿园|学校|小学|中学|初中|高中|大学|医院|诊所|酒店|宾馆|健身房|培训机构|机构|中心|市场|工地|工厂|厂|"
                              r"网吧|酒吧|会所|药店|商店|店|小区|社区|楼盘|大院|村)$")   # (…的一个小区，叫红居南街: session 55)
def _in_beijing(place: str) -> str:
    """``place`` with 北京市 before the district it starts with (西城区北京儿童医院 was read back without it, the triage
    naming only 儿童医院: session 57's conversations)."""
    return f"北京市{place}" if re.match(rf"(?:{_DISTRICT_NAMES})区", place) else place


# the 的 after a district, or after an area in it, before the place's own name (西城区的北京儿童医院, 回龙观的龙泽苑)
_DE_BEFORE_NAME = re.compile(rf"^((?:北京市?)?(?:{_DISTRICT_NAMES})区(?:[\u4e00-\u9fff]{{2,4}}?)?)的(?![一那这某有])"
                             r"(?=[\u4e00-\u9fff]{2,10}(?:医院|学校|小学|中学|幼儿园|公园|广场|商场|大厦|市场|花园|家园|公寓|苑|园|"
                             # (延庆区的妫水北街 kept its 的: session 57)
                             r"小区|[东西南北中]里|[一二三四五六七八九十\d]区|大街|街|路|胡同|村)$)")
# a matter done in one's name, by phone or online, whose place may not be known (冒用我的身份证办了电话卡)
_PLACELESS = re.compile(r"冒用|盗用|冒名|身份证被|身份信息被|电话卡|诈骗电话|骚扰电话|短信|网上|网购|网店|[Aa][Pp][Pp]|微信|支付宝")
# "的一家" before a name that ends in its kind (…的一家物美超市); not before a kind alone or told by what it is like
_ONE_BEFORE_NAME = re.compile(r"(?<=[\u4e00-\u9fff]{2})的?(?:一家|一个|一所)(?!私人|私立|公立|民办|大型|小型|新开|新|大|小|黑|正规|连锁)"
                              r"(?=[\u4e00-\u9fff]{2,8}(?:超市|饭店|餐厅|药店|药房|医院|诊所|酒店|宾馆|健身房|网吧|酒吧|银行|幼儿园|"
                              r"小学|中学|驾校|商场|便利店|理发店|洗浴中心)$)")
_NAMED_BARE = re.compile(r"[，,]?\s*(?:它|那家|这家|店名|名字|名称)?(?:叫|名叫|名字叫|叫做)[“\"]?([\u4e00-\u9fffA-Za-z0-9（）()]{2,20})[”\"]?$")


def _named_after_kind(tail: str) -> Optional[str]:
    """The name in "（的）一个科技公司，叫星云科技" after a place: 星云科技公司 (the kind's last word added when the name
    has none); None when ``tail`` names no place of a kind."""
    tail = tail.strip("，,。 ")
    named = _NAMED_BARE.search(tail)
    kind = _PLACE_KIND_WORD.search(re.sub(r"[，,\s]+$", "", tail[:named.start()])) if named else None
    if not named or not kind:
        return None
    name = named.group(1)
    # (a housing estate's own name often says it is one: 九棵树家园, 富丰园, 新风街 would not)
    housing = kind.group(1) in ("小区", "社区") and re.search(r"(?:家园|花园|公寓|苑|园|城|里|院|庭|府|湾|[一二三四五六七八九十\d]区)$", name)
    # (a name that ends as its kind begins says it already: 和府捞面 for a 面馆, not 和府捞面面馆)
    return name if _PLACE_KIND_WORD.search(name) or housing or name[-1] == kind.group(1)[0] else name + kind.group(1)


# a spot at the known place said alone (就是东门外, 北门口, 南侧那块): where exactly, nothing else
_SPOT = re.compile(r"(?:就是|就在|是在|是|在)?(?:那个|这个)?(?:小区|楼|院|院子|大院|学校|医院|公园|商场)?的?"
                   r"(?P<spot>[东西南北](?:门|侧|边|面|口)(?:外面?|外边|口|里面?|对面|旁边|附近)?|门口|大门口|后门|正门|侧门)"
                   r"(?:那块儿?|那边儿?|那儿|这块儿?)?(?:吧|啊|呀)?")


def _spot_of_place(said: str, tracker: Tracker) -> Optional[str]:
    """The known place with a spot said alone (就是东门外 asked for the number, after 我们小区东门外的人行道上… in 学院路
    街道: it was a silent 不留, session 55's conversations): 北京市海淀区学院路街道小区东门外 (the description's own words for
    it when it has them); None when ``said`` is no such spot or no place is known."""
    held = tracker.get_slot("address")
    spot = _SPOT.fullmatch(re.sub(r"[\s，,。！!]", "", said or ""))
    if not held or not spot:
        return None
    piece = spot.group("spot")
    told = re.search(rf"([\u4e00-\u9fff]{{0,4}}?){re.escape(piece)}", tracker.get_slot("description") or "")
    if told:
        piece = re.sub(r"^(?:我们|咱们|俺们|我家|我)", "", told.group(0))
    return held if piece in held else f"{held}{piece}"


# a question put aside the complaint (等一下，我先问个事，暖气费什么时候交), and the way back to it (那接着说路灯的事)
_ASIDE_CUE = re.compile(r"^.{0,8}?(?:先|顺便|再|另外|还想|想)?(?:问|打听|咨询)(?:一下|个事儿?|个问题|一个问题|下)[，,：:]?")
_ASIDE_ASKS = re.compile(r"什么时候|啥时候|几月|哪天|怎么(?!回事|搞的|这样)|如何|在哪|去哪|哪里|多少钱|需要什么|要什么|什么材料|能不能|"
                         r"可不可以|可以[^，,。]{0,6}吗")
ASIDE_BACK = "咱们接着登记刚才的问题。"
CONTINUE_SAID = re.compile(r"(?:好的?|行|嗯|哦|知道了|明白了|谢谢)*(?:那|那么)?(?:我们|咱们)?"
                           r"(?:(?:接着|继续)(?:说|讲|登记|聊|来)?|回到|再(?:说|讲|聊)(?=刚才|之前|前面|那|的))"
                           r"(?:(?:刚才|之前|前面)?(?:的|那个)?[\u4e00-\u9fff]{0,6}?(?:的事儿?|的问题|那件事|这件事|那事))?(?:吧|啊|呀)?")


def _consult_aside(said: str) -> Optional[str]:
    """The basic answer to a consultation asked in the middle of a complaint (等一下，我先问个事，暖气费什么时候交);
    None when ``said`` asks none the bot can answer."""
    plain = re.sub(r"\s", "", said or "")
    cue = _ASIDE_CUE.search(plain)
    question = plain[cue.end():] if cue else plain
    if len(re.sub(r"\W", "", question)) < 4 or not (cue or _ASIDE_ASKS.search(question)):
        return None
    return _basic_path(question)


# units that passed the matter to each other, said before the problem (街道说不归他们管，又推给城管，城管又推回街道)
PUNTED = re.compile(r"推给|推回|推来推去|推过来推过去|踢皮球|互相推诿|推诿|扯皮|都说不归|说不归(?:他们|我们|自己)?管|不是(?:他们|我们)管的")
PUNTED_NOTE = "（市民称此前反映过，相关单位互相推诿）"


def _punted_said_before(tracker: Tracker) -> bool:
    """Whether the citizen said, since the last case filed and before this message, that the units passed the matter
    between them: the complaint told next is noted so."""
    latest = True
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and any(f in (event.get("text") or "") for f in FILED_SAID):
            return False
        if event.get("event") == "user":
            if not latest and PUNTED.search(event.get("text") or ""):
                return True
            latest = False
    return False


def _name_into_place(place: str) -> str:
    """A place of a kind with its name after it made one (通州区万达广场里的一家健身房，叫超级猩猩 → 通州区万达广场超级猩猩
    健身房: it was read back so, said at the category question, session 55's conversations); unchanged otherwise."""
    named = re.search(r"[，,]\s*(?:它|那家|这家|店名|名字|名称)?(?:叫|名叫|名字叫|叫做)[“\"]?([\u4e00-\u9fffA-Za-z0-9]{2,20})[”\"]?$",
                      place or "")
    kind = _A_PLACE_OF_KIND.search(place[:named.start()]) if named else None
    name = _named_after_kind(f"{kind.group(0)}，叫{named.group(1)}") if kind else None
    if not name:
        return place
    before = re.sub(r"(?:附近|旁边)$", "", place[:_kind_start(place, kind)])
    if before[-1:] in ("里", "内") and _IN_PLACE.search(before[:-1]):   # (万达广场里一家健身房: the 里 of "in")
        before = before[:-1]
    return _joined(before, name)


# a place whose 里 (万达广场里的一家健身房) is "in", not part of its name (和平里的一个小区)
_IN_PLACE = re.compile(r"(?:广场|商场|大厦|公园|中心|市场|商城|大院|院子|医院|学校|超市|小区)$")


def _kind_start(place: str, kind: re.Match) -> int:
    """Where the kind said after a place (…的一个小区) starts: its 里的 keeps the 里 of a name (和平里的一个小区 became
    和平 + the name: session 56), and drops the 里 of "in" (万达广场里的一家健身房)."""
    if kind.group(0).startswith("里的") and not _IN_PLACE.search(place[:kind.start()]):
        return kind.start() + 1
    return kind.start()


def _joined(place: str, name: str) -> str:
    """``place`` then ``name``, the name's start said once where the place ends with it (…和平里 + 和平里七区; …和平, as
    the place's reading cut it, + 和平里七区: session 56)."""
    for n in range(min(len(place), len(name)), 1, -1):
        if place.endswith(name[:n]):
            return place[:-n] + name
    return place + name


def _the_place_itself(clause: str, address: str) -> bool:
    """Whether ``clause`` is what the place became (西城区新街口的一家饭馆 / 叫湘里人家 → 西城区新街口湘里人家饭馆): no
    more of the problem (the wages' path added both to it: session 55's conversations)."""
    named = _NAMED_BARE.fullmatch(clause.strip())
    if named:
        return named.group(1) in address
    kind = _A_PLACE_OF_KIND.search(clause)
    before = re.sub(r"^(?:是|就是)?(?:在|就在)", "", clause[:kind.start()]) if kind else ""
    return bool(kind and before and re.sub(r"^(?:北京市?)", "", before) in address)


def _fragments_before(tracker: Tracker) -> List[str]:
    """The short messages said just before this one that the bot did not understand (我家楼下 → 没有理解, 有个饭馆 →
    没有理解): pieces of the problem told now; none past anything else the bot said, at most three, each short."""
    events = list(tracker.events)
    # from the end: the latest user message (this one) is skipped
    i = len(events) - 1
    while i >= 0 and events[i].get("event") != "user":
        i -= 1
    i -= 1
    pieces: List[str] = []
    answered = False
    while i >= 0 and len(pieces) < 3:
        e = events[i]
        if e.get("event") == "bot":
            if _NOT_UNDERSTOOD not in (e.get("text") or ""):
                break
            answered = True
        elif e.get("event") == "user":
            text = str(e.get("text") or "").strip()
            if not answered or not text or len(re.sub(r"\W", "", text)) > 12 or _phone_in(text) \
                    or CANCEL_FORM.search(text) or re.search(r"JS\d|工单|查询", text) or QUESTION_FORM.search(text):
                break
            pieces.insert(0, text)
            answered = False
        i -= 1
    return pieces


def _service_only(text: str) -> bool:
    """Whether ``text`` complains of 12345's service and tells no matter of its own (你们12345办事效率太低了，我反映的事
    一个月了都没人管)."""
    clauses = [c for c in re.split(r"[，,。！!？?；;\s]+", text or "") if c]
    if not clauses or not any(SERVICE_COMPLAINT.search(c) for c in clauses):
        return False
    rest = "，".join(c for c in clauses if not SERVICE_COMPLAINT.search(c))
    return not rest or _frustration_only(rest) or bool(REPEATED_IN_TEXT.search(rest)) and not PLACE_WORDS.search(rest) \
        and not (PROBLEM_WORDS.search(re.sub(r"没人管|不管|没人处理", "", rest)))


# who will not act on the problem told (物业也不管, 楼上不开门, 找了房东也不理): more of it, no second problem
_INACTION = re.compile(r"(?:找了|找过|问了|问过|跟|和)?(?:物业|物业公司|房东|楼上|楼下|邻居|开发商|居委会|村委会|街道|社区|城管|派出所|"
                       r"他们|他家|人家|对方|公司|单位|老板|商家|店家|学校|医院)?(?:也|都|根本|一直|就是|还是|从来|压根)?"
                       r"(?:不管|没人管|不修|不给修|不理|不搭理|不处理|不开门|不接电话|不回复|推脱|推诿|踢皮球|不负责|不承认|不赔|不露面)"
                       r"(?:了|啊|呀|吧)?")
# the problem dropped for another said with it ("算了，我还是说另一个事吧，小区里有人遛狗不拴绳"): the other one is
# registered instead; it was 本次反映没有提交, the dog lost, and the place said next asked what happened (session 51)
REPLACED_BY_ANOTHER = re.compile(r"(?:算了|不说了|不说这个了|这个不说了|先不说这个了?)[，,。\s]*(?:我|咱)?(?:还是|就)?(?:说|讲|反映|登记|报)(?:一下)?"
                                 r"(?:另一个|另外一个|另一件|另外一件|别的|另外的)(?:事儿?|问题|情况)?(?:吧|啊|啦)?")


# a person in danger said to be safe now (人救上来了, 处理好了, 没事了)
_PERSON_SAFE = re.compile(r"救上来|救出来|救起来|被救|捞上来|拉上来|没事了|没大碍|处理好了|处理完了|送医院了|送到医院")
# a fault of a thing, said plainly (护栏有个缺口, 栏杆断了)
_FAULT = re.compile(r"缺口|豁口|断了|坏了|破了|塌了|松了|歪了|倒了|没有护栏|没护栏|没盖|漏了")


def _needs_district(address: str) -> bool:
    """Whether a place said names no district and none follows from it (幸福家园, 广渠路, 幸福大街和光明路交叉口):
    not an online shop, an unknown place, a ride's way, a bus or a line, a station or an airport."""
    return bool(address) and not address.startswith("北京") and not re.search(rf"(?:{_DISTRICT_NAMES})区?", address) \
        and address not in (ONLINE_PLACE, PLACE_UNKNOWN) and "至" not in address \
        and not re.search(r"公交车上|车厢内|地铁|号线|全线|机场|航站楼|火车站|北京站|北京西站|北京南站|北京北站|网上|线上", address) \
        and not re.search(r"[0-9一二三四五六七八九十]+号", address) \
        and not re.search(r"(?:河|湖|渠|水库|海子)(?:[\u4e00-\u9fff]{0,6}段|边|畔|$)", address)  # (东四六条23号院, 通惠河高碑店段)


# a number that is no phone: a plate, an order, a badge (车牌号京B12345, 订单号…, 工号3021)
_DETAIL_NUMBER = re.compile(r"车牌|车号|单号|订单|工号|编号|[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新][A-Z][·\s]?[A-Z0-9]{4,6}")
# what tells more of a matter: what was done about it, when, how much (打了热力公司电话, 中午和晚上做饭的时候, 欠了六十多万)
# what was tried with someone (跟楼上说了, 找物业协商过)
TRIED_WITH = r"(?:跟|和|找|同)[\u4e00-\u9fff]{1,4}(?:说|讲|沟通|协商|反映|商量)(?:了|过)"
_MATTER_MORE = re.compile(r"打了|打过|找了|找过|联系了|说给|说是|说要|没来|没人|不管|欠|干了|做饭|高峰|开学|开始|一直|还是|每天|天天|"
                          r"中午|晚上|早上|上午|下午|夜里|半夜|凌晨|救出来|回来了|"
                          # when it happens, told by what sets it off (一开工就冒，白天黑夜都有; 一下雨就这样: a failed answer
                          # and the number asked again without a word, session 52's conversations)
                          r"(?<![\u4e00-\u9fff])一[\u4e00-\u9fff]{1,3}就|白天黑夜|日夜|昼夜|"
                          # (挂号排了三个小时，医生看了两分钟就把我打发了: session 52)
                          r"[0-9一二三四五六七八九十两几半]+个(?:多)?(?:小时|钟头)|[0-9一二三四五六七八九十两几半]+分钟|"
                          r"报警|报了警|报过警|打了110|打过110|发现的|才发现|检查时|"
                          # who else or who at home it touches (我们几十个会员都是这样, 我家有老人有哮喘: asked again without
                          # a word and lost, session 54's conversations)
                          r"我家有|家里有|老人|孩子|会员|业主|住户|居民|都是这样|都这样|好多人|很多人|几十个|上百个|"   # (已经报警了 was 不留; 检查时发现的: session 52)
                          # what was tried (跟楼上说了也没用 was asked again without a word: session 53's conversations)
                          r"说了(?:也|都)?(?:没用|不听|白说)|" + TRIED_WITH + "|"
                          r"[0-9一二三四五六七八九十两几半]+(?:多|来)?(?:万|元|块|天|个月|月|年|次|个人|人|小时)|"
                          # who it was, told by name or number (他姓王，在中关村路口执勤 after praise of a policeman was
                          # asked again without a word: session 57's conversations)
                          r"(?:他|她|对方|那个人|那人|师傅|交警|民警|警察|司机|老板|医生|大夫|护士|保安|城管|工作人员|店员|"
                          r"骑手|快递员|小哥|老师|网格员)[\u4e00-\u9fff]{0,3}姓[\u4e00-\u9fff]|工号|警号|执勤")
# a time said right before a place, with no pause (昨天晚上从首都机场到国贸, 昨天晚上在国贸)
_TIME_BEFORE_PLACE = re.compile(
    r"^((?:今天|昨天|前天|昨晚|今早|今晚|刚才|刚刚|上周[一二三四五六日天末]?|上个?(?:星期|礼拜)[一二三四五六日天]?|"
    r"这周[一二三四五六日天末]?|周[一二三四五六日天末]|每天|天天)"
    r"(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨)?(?:[0-9一二三四五六七八九十两]+点(?:多|半|左右)?)?"
    r"|(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜|凌晨)(?:[0-9一二三四五六七八九十两]+点(?:多|半|左右)?)?)"
    r"(?=(?:在|从|于)[\u4e00-\u9fff]{2})")
# a measure of the matter (十几度, 16度, 七八十分贝)
_MEASURE = re.compile(r"[0-9一二三四五六七八九十几两]+(?:多)?\s*(?:度|℃|分贝)(?![假数])")


def _measure_only(text: str) -> bool:
    """Whether ``text`` gives a measure (十几度) and no place: no part of the place."""
    return bool(_MEASURE.search(text) and not PLACE_WORDS.search(text))


_FEELING = re.compile(r"心情|开心|高兴|难过|无聊|郁闷")
# looking for the number, not telling anything (我想想, 等一下, 我找找)
_GROPING_AT_CONTACT = re.compile(r"想想|等一下|等等|稍等|找找|看看|查查|问问|记不住|忘了|不记得")


# nothing to change, said where the item to change was asked (对, 都对 提交吧, 没有要改的 就这样, 提交, 没问题)
NOTHING_TO_FIX = re.compile(r"(?:嗯|好|行|是的?|那|就)*(?:对的?|都对|全对|没错|没问题|没有?(?:要|需要)?(?:改|修改)的?|不用改了?|"
                            r"不改了?|就这样|就这么着|确认|提交|直接提交|交吧)(?:吧|啊|呀|了|就这样|提交吧?|可以了?|没问题|"
                            r"都对|不用改了?|就行|就好)*")


# more said to be added to the problem (还有…, 另外…, 再加上…, 补充一下…)
_ADDED_LEAD = re.compile(r"^(?:还有(?:就是)?|另外(?:还有)?|再加上|再加一句|补充(?:一下|一点)?|而且|再就是)[，,：:\s]*")


def _description_before(tracker: Tracker) -> Optional[str]:
    """The problem as it stood before the citizen asked to change it (the last description set in the chat)."""
    seen_user = False  # (this turn's own answer is no earlier problem)
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        if seen_user and event.get("event") == "slot" and event.get("name") == "description" and event.get("value"):
            return str(event["value"])
        if event.get("event") == "bot" and any(f in (event.get("text") or "") for f in FILED_SAID):
            return None  # (a case filed since: that one's problem is no longer in hand)
    return None


# the matter to report, said as such (我想反映…, 我就是想反映…, 我反映的是…)
_WISH_LEAD = re.compile(r"^(?:那|那么)?(?:我|俺)?(?:就|其实)?(?:是)?(?:想|要)(?:跟你们|和你们|给你们|向你们)?(?:反映|说|讲)"
                        r"(?:一下|个事儿?|个问题|一个问题|件事|一件事)(?:啊|呀)?(?:就是)?[，,：:\s]*")
_REPORT_LEAD = re.compile(r"^(?:我|俺)?(?:就|其实)?(?:是)?(?:想|要)(?:反映|投诉|说)(?:的是|一下)?|^(?:我|俺)?反映的是")


def _matter_after_emergency(said: str, tracker: Tracker) -> Optional[str]:
    """The matter a citizen says they want to report after an emergency was dealt with in this chat (the wait for a
    person in danger was said): its words without the lead (楼道灯一直坏着，太黑了，老头子才摔的); None otherwise."""
    plain = re.sub(r"\s+", "，", said.strip())
    lead = _REPORT_LEAD.match(plain)
    if not lead or not _advised(tracker, PERSON_WAIT_MARK):
        return None
    matter = plain[lead.end():].strip("，,：: ")
    if len(re.sub(r"\W", "", matter)) < 4 or not (_tells_problem(matter) or _FAULT.search(matter)):
        return None
    return matter


# where the thing complained of is, said as such (工地是亦庄景园北街的金地项目, 公司在朝阳区酒仙桥路)
_SITE_IS = re.compile(r"(?:工地|项目|公司|单位|饭馆|饭店|店|厂|地方|地址|位置)(?:是|在)(?:在)?([^，,。；;！!？?]{4,30})")


def _all_in_one_place(said: str) -> bool:
    return bool(_ONE_PLACE.search(said)) and not _DISTRICT_SAID.search(said) and not re.search(r"\d|号楼|号院|路|街道", said)


# a flat's number said with the place ("我家是501，他家601", "1203室"): never the hours
ROOM_NUMBER = re.compile(r"(?:家|室|房|门牌|户|楼上|楼下)(?:是|在)?\s*\d{3,4}(?!\s*(?:点|时|:|：))|\d{3,4}(?:室|房|号房|户)")


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
    if rest and (SAME_PLACE.search(rest) or _same_as_before(rest) or _all_in_one_place(rest)):
        address = first  # "刚才说了都在一个小区", "跟刚才一样" (it was the place word for word: tester48 N6)
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


# asking for someone to be sent at once, at the phone question (the case is not filed yet)
URGE_SEND = re.compile(r"(?:能不能|可不可以|能否|可以|请|麻烦)?(?:你们)?(?:快点|赶紧|尽快|马上|抓紧|赶快)(?:派人|来人|派个人|过来|来看看|来处理)")
URGE_SEND_TOLD = "理解您着急：登记好后会尽快转交承办部门处理。"
URGE_DANGER = re.compile(r"砸|掉下来|塌|着火|危险|伤人|出事")
URGE_DANGER_TOLD = "如有东西正在掉落或已经有人受伤，请立即拨打110或120。"


# hardship told after the crisis lines (撑不下去了, 走投无路): no 12356 in it (that mark holds the form's question)
CRISIS_HARDSHIP = re.compile(r"撑不下去|撑不住|受不了|走投无路|没法活|活不起|没活路|绝望|崩溃|难受")
CRISIS_CASE_CARE = ("听得出您现在特别难，这件事我马上帮您登记，工单上也会注明请话务员回电时多关心您。"
                    "心里难受的时候，刚才说的心理援助热线随时可以打，您不是一个人。")


def _crisis_said_in_chat(tracker: Tracker) -> bool:
    return any(e.get("event") == "bot" and CRISIS_MARK in (e.get("text") or "") for e in tracker.events)


def _without_talk(events: List[EventType]) -> List[EventType]:
    """The form's events with the problem's text (description, description_draft) told without the talk to the bot
    (``_without_chatter``: 闺女，我是老头子，不会弄这个 …: tester57 F13). A wish to stay unnamed stays in it, for the
    operator (besides the case's SECRECY_NOTE)."""
    for e in events:
        if e.get("event") == "slot" and e.get("name") in ("description", "description_draft") \
                and isinstance(e.get("value"), str):
            e["value"] = _without_chatter(e["value"])
    return events

# someone else on a rooftop about to jump (有人要跳楼啊, 楼顶有个人要跳): the words that tell of that person
SOMEONE_ON_ROOF = re.compile(r"有(?:个|一个)?(?:人|男的|女的|小伙子?|姑娘|学生)[^。！？!?]{0,20}(?:要跳楼|想跳楼|跳楼|要跳|跳下去)")
FIRST_AID_SAID_MARK = "如已经"


def _on_roof_other(said: str) -> bool:
    plain = re.sub(r"\s", "", said or "")
    return _someone_else_at_risk(plain) or bool(ROOF_OTHER.search(plain) and OTHER_JUMP.search(plain))


# a party named alone where the problem was asked (物业, 开发商, 房东, 城管): whom, not what is wrong
WHOM_ONLY = re.compile(r"(?:小区)?(?:物业(?:公司)?|开发商|房东|二房东|中介|房产中介|公司|单位|老板|商家|店家|城管|居委会|村委会|"
                       r"街道办?|学校|幼儿园|医院|邻居|楼上|楼下|隔壁|对门|司机|快递|外卖|银行|派出所|交警|保安|业委会|房地产公司)")
WHOM_ASK = "请说说{whom}具体有什么问题、是什么情况？"

# the work one does at a place, said after it (…的一家川菜馆干服务员, …工地上干活, …公司上班)
_WORK_THERE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:里|上)?(?:干|当|做|打)(?:服务员|保安|保洁|厨师|司机|快递员?|外卖员?|销售|会计|"
                         r"收银员?|店员|学徒|小工|临时工|工人|员工|杂工|帮工|钟点工|月嫂|保姆|护工|[\u4e00-\u9fff]{1,2}?员|"
                         r"[\u4e00-\u9fff]{1,2}?工)(?:的)?$|(?<=[\u4e00-\u9fff]{2})(?:里|上)?(?:上班|打工|干活|工作|上工)(?:的)?$")


# a matter of one's own benefits or papers: the district's office handles it, no street to find (养老金这个月没到账)
_OWN_BENEFIT = re.compile(r"养老金|退休金|退休工资|社保|医保|公积金|低保|补贴|工伤|失业金|失业保险|生育津贴|生育保险|报销|居住证|户口|落户")


# an employer named (公司不给交社保: the company's address is asked, not the district's office)
_EMPLOYER = re.compile(r"公司|单位|老板|工地|厂|店|企业|雇主|用人")


def _question_only(said: str, lost: bool = False) -> bool:
    """Whether a first message is a question and nothing else (老年卡坐公交还要刷钱吗): no problem told beside it; a
    thing lost aboard (``lost``) may be told before it (我在地铁上丢了钱包，怎么找)."""
    question = held_question(said) or ""
    plain = re.sub(r"[\s，,。？?！!]", "", said)
    return bool(question) and (lost or re.sub(r"[\s，,。？?！!]", "", question) == plain) and not re.search(
        r"投诉|举报|反映|太[\u4e00-\u9fff]|没人管|不给|不让|不管|不退|乱|吵|脏|臭|坏|欠|骗|罚|扣|砸|装修|施工|噪音|占|堵|漏|"
        r"打人|偷|拖", plain)


# one's own history elsewhere (在河北交了五年, 以前在天津工作, 户口在山东): who asks, said after an answer
_HISTORY_ELSEWHERE = re.compile(r"交了|交过|缴了|缴过|参保|上过班|工作过|干过|工作了|上班了|户口|户籍|老家|以前在|之前在|原来在")


def _history_after_consult(said: str, tracker: Tracker) -> Optional[str]:
    """What is said to one's own history outside Beijing told right after a consultation's answer (我在河北交了五年
    after 社保 moved to Beijing): the answer's steps hold, the details are the unit's; None otherwise."""
    plain = re.sub(r"\s", "", said or "")
    if not _said_last_turn(tracker, CONSULT_SAID) or not _HISTORY_ELSEWHERE.search(plain) or _tells_problem(plain) \
            or len(re.sub(r"\W", "", plain)) > 24:
        return None
    unit = _unit_told(tracker, last_turn=True)
    # (in words that fit any answer: 户口在山东 after the school-entry answer is no 缴费 to carry over)
    return ("好的，您的情况记下了：刚才说的是一般的办理步骤；您在外地的经历具体怎么算，"
            f"请以{unit or '主管部门'}的答复为准，向他们问清楚最稳妥。"
            "如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")


# the problem said wrong and told again where another question was asked (不对，我说错了，是养鸡，天天早上打鸣)
_PROBLEM_RETOLD = re.compile(r"(?:不对|不是|错了|说错了|我说错了|搞错了|口误)[，,。！!]*(?:(?:我|刚才)?说错了[，,。！!]*)?"
                             r"(?:应该|其实)?是(?P<new>.{3,60})")


# "还有井盖的事" (the matter named alone, as a thing still to tell) and the mark of the answer to it
_MATTER_NAMED = re.compile(r"(?:还有|另外|另外还有|还有就是|那|那个|还有那个)?[，,]?(?:那个|这个)?([\u4e00-\u9fff]{2,8}?)的?"
                           r"(?:事|事儿|事情|问题)(?:呢|怎么办|也要?(?:反映|登记|处理|说)(?:一下)?)?[？?。！!]*")
FILED_WITH_IT = "已经写在刚才登记的工单"


def _filed_with_it(said: str, tracker: Tracker) -> Optional[str]:
    """What to say to "还有井盖的事" right after filing a case whose problem told of 井盖 (路灯坏了…，而且井盖也丢了一个 filed
    as one; the 井盖 said again got 不够具体: session 56's conversations): it is in that case; None otherwise."""
    m = _MATTER_NAMED.fullmatch(re.sub(r"\s", "", said or ""))
    if not m or not tracker.get_slot("own_case"):
        return None
    for e in reversed(tracker.events):
        text = e.get("text") or "" if e.get("event") == "bot" else ""
        if "我确认一下" in text:
            problem = re.search(r"问题：([^\n]*)", text)
            if problem and m.group(1) in problem.group(1):
                return (f"“{m.group(1)}”的事{FILED_WITH_IT} {tracker.get_slot('own_case')} 里了（问题：{problem.group(1)}），"
                        "承办部门会一并处理，不用再登记。还有其他问题吗？")
            return None
    return None


# the matter told where its case's number was asked: no number, no progress; the case is taken again
REFILE_WITHOUT_NUMBER = ("没有工单编号，我这里查不到原来那件的进度；拨打12345，话务员可以按您登记时留的电话帮您查询。"
                         "问题如果还没解决，我先帮您再登记一次。")


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
        if tracker.get_slot("requested_slot") is None and not tracker.get_slot("description_draft"):
            filed = _filed_with_it(said, tracker)
            if filed:  # "还有井盖的事" right after a case that told it: no new complaint (it got 不够具体)
                dispatcher.utter_message(text=filed)
                return [SlotSet("description", None), SlotSet("confirmation", False),
                        SlotSet("form_outcome", "cancelled"), SlotSet("requested_slot", None)]
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
        now = danger_now(said, tracker) if requested not in (None, "description") and not _self_harm(said) \
            and not _on_roof_other(said) else None  # (someone on a roof: _danger_in_answer's, noted on the case)
        retold = _violence_retold(said, tracker) if now and requested == "confirmation" and WITNESS_MARK in now \
            else None
        if retold:   # the place is known at the read-back: no 告诉我发生在哪里 in the advice
            now = re.sub(r"这件事不用急着登记；[^。]*。$", "地址已经记下了，这件事我们会为您保密，转公安机关处理。", now)
        if now:
            # a danger in words the triage misses, or the next turn of one (短信发了 他在踹门, 他回来了, 我老公回来了
            # 在砸东西 at the phone question, 不留 他会看我手机: tester59 G2/G3/G5-G8): its advice, no answer taken
            if not _said_this_turn(tracker, now[:16]):
                dispatcher.utter_message(text=now)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            if now.startswith(PHONE_PRIVACY) and requested == "contact":
                nxt = await self.next_requested_slot(dispatcher, _with(tracker, contact=NO_CONTACT), domain)
                return [*kept, SlotSet("contact", NO_CONTACT), nxt]
            if retold:
                # "不对 问题不是吵 是楼上男的打老婆" at the read-back: the advice, and the problem corrected (the violence was
                # kept only in a note, the case filed as noise: tester59 G4)
                dispatcher.utter_message(text=f"好的，问题改为：{_shown(retold)}。")
                kept = [e for e in kept if e.get("name") not in ("description", "description_draft", "complaint_category",
                                                                 "category_candidates")]
                return [*kept, SlotSet("description", retold), SlotSet("description_draft", retold),
                        SlotSet("complaint_category", None), SlotSet("category_candidates", None),
                        SlotSet("requested_slot", requested)]
            return [*kept, SlotSet("requested_slot", requested)]
        police = police_for_me(said, tracker) if requested else None
        if police or (requested not in (None, "description") and stranded_now(said, tracker)):
            # "你能帮我叫警察吗" / "我现在还在路边呢 打不到车 好害怕" (tester57 F2: 帮不上忙, and the fear stored as the
            # place): 110 is hers to call, off the carriageway; no answer taken, the question again
            told = police or (STRANDED_AGAIN if _advised(tracker, STRANDED_MARK) else STRANDED_TIP)
            if not _said_this_turn(tracker, told[:20]):
                dispatcher.utter_message(text=told)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
        if requested and requested != "description" and not DOMESTIC_VIOLENCE.search(re.sub(r"\s", "", said)) \
                and (_said_this_turn(tracker, SILENT_MARK) or silent_first(said, tracker, dispatcher)):
            # "他会听见的 我不敢打110" where the place or number was asked: the silent ways (said here, or by the
            # action before the form), no answer taken, no question after them (tester57 F1)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
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
        helped = help_asked(said, tracker.get_slot("description") or tracker.get_slot("description_draft") or "") \
            if requested not in (None, "description") else None
        if helped:
            # "我要不要报警啊" / "你先告诉我，要不要去医院": answered (it went into the address, or was taken as
            # 不留: tester48 N3, N5); with nothing else said, the question is asked again and no slot changes
            answer, rest = helped
            if not _said_this_turn(tracker, answer):
                dispatcher.utter_message(text=answer)
            if not rest:
                kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate()
                        if k not in ("requested_slot", "confirmation", "fixing", "fix_field")]
                if requested in ("confirmation", "fix_field"):
                    kept += [SlotSet("confirmation", None), SlotSet("fixing", None), SlotSet("fix_field", None)]
                return [*kept, SlotSet("requested_slot", "confirmation" if requested == "fix_field" else requested)]
        aside = _consult_aside(said) if requested not in (None, "description", "confirmation", "fix_field") else None
        if aside or (requested and requested != "description" and CONTINUE_SAID.fullmatch(re.sub(r"[\s，,。！!]", "", said))):
            # "等一下，我先问个事，暖气费什么时候交" where the place was asked: parked as a second problem, or joined to
            # this one; "好的，那接着说路灯的事" after it: 没有理解 (session 55's conversations). The question's answer,
            # then this complaint's question again; no slot changes
            if aside or not _said_this_turn(tracker, "我们接着登记"):   # (said already when read as goodbye)
                dispatcher.utter_message(text=f"{aside}\n{ASIDE_BACK}" if aside else "好的，我们接着登记。")
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
        if requested and requested != "description" and _other_asked(said):
            # "第二个事呢" where the time was asked was taken as the time (tester42 N2): answered, asked again
            _other_answer(tracker, dispatcher)
            kept = [SlotSet(k, _before(tracker, k)) for k in tracker.slots_to_validate() if k != "requested_slot"]
            return [*kept, SlotSet("requested_slot", requested)]
        if requested and requested != "description" and (
                _hotline_called(said) or _DONE_AS_ADVISED.fullmatch(re.sub(r"[\s，,。！!]", "", said))) \
                and not _said_last_turn(tracker, PERSON_WAIT_MARK):  # (after a wait: _after_danger_wait)
            # "我已经打了96777了": no phone number, no case query (tester42 N3); the question again after it; so too
            # what was done as the advice said ("已经开窗了" at the number's question was read as 不留: session 51)
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
        fixed = await self._told_again(dispatcher, tracker, domain)
        if fixed is not None:  # "我重新说一下，是夜里十二点到早上五点，不是两三点，…": that detail corrected
            return fixed
        slots = await _started_over(dispatcher, tracker, domain)
        if slots is not None:  # "我重新说一下，是…": the complaint so far is dropped, what follows is the new one
            nxt = await self.next_requested_slot(dispatcher, _fresh(tracker, **slots), domain)
            return [*(SlotSet(k, v) for k, v in slots.items()), nxt]
        if asked == "number" and tracker.get_slot("requested_slot") is None and intent != "ask_progress" \
                and not case_number_in(text):
            # "就是小区门口垃圾的事" where the case's number was asked: the form started at once on the
            # place, the progress asked for never answered (s56 conv1); said why, then the case taken again
            dispatcher.utter_message(text=REFILE_WITHOUT_NUMBER)
        events = _without_talk(await super().run(dispatcher, tracker, domain))
        if asked and intent != "ask_progress":  # the form's own answer now: nothing awaited
            events.append(SlotSet("progress_asked", None))
        if tracker.get_slot("contact_asked"):  # a new complaint: the call-back number is no longer awaited
            events.append(SlotSet("contact_asked", None))
        return self._forget_retries(tracker, events)

    async def _told_again(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Optional[List[EventType]]:
        """"我重新说一下，是夜里十二点到早上五点，不是两三点，而且他们说有夜间施工许可证" with a complaint in hand:
        a detail corrected (``_swapped``), the rest added; the description, place and time kept (it replaced the
        whole description and asked for the place again: tester47 B2). None for any other message."""
        said = str((tracker.latest_message or {}).get("text") or "").strip()
        requested = tracker.get_slot("requested_slot")
        retold = requested in ("address", "time", "contact") and _PROBLEM_RETOLD.fullmatch(re.sub(r"\s", "", said))
        if not (RESTART_LEAD.match(said) or retold) or not tracker.get_slot("description"):
            return None
        slots = await self._corrected_now(requested or "description", said, tracker, dispatcher)
        if slots is None:
            return None
        if requested in ("confirmation", "fix_field", None):
            slots.update({"confirmation": None, "fixing": None, "fix_field": None})
        nxt = await self.next_requested_slot(dispatcher, _with(tracker, **slots), domain)
        return [*(SlotSet(k, v) for k, v in slots.items()), nxt]

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
        if retries[slot] <= MAX_RETRIES and not response.startswith("utter_"):
            dispatcher.utter_message(text=response)  # a re-ask in its own words (WHOM_ASK)
        else:
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
    def _side_question(slot: str, said: str, dispatcher: CollectingDispatcher,
                       tracker: Optional[Tracker] = None) -> Optional[Dict[Text, Any]]:
        """A privacy worry or a question about the outcome said where ``slot`` was asked (never with a
        phone number): answered, and the question asked again (no failed answer). "你先回答我能不能换物业"
        gets the answer to the question said inside the complaint (tester51 C6)."""
        held = _held_answer(said, tracker) if tracker is not None else None
        if held:
            dispatcher.utter_message(text=held)
            return {slot: None}
        answer = _side_answer(said, tracker.get_slot("department") if tracker is not None else None) if not _phone_in(said) else None
        if not answer and _manage_asked(said):
            # 你们到底管不管？？？ where the phone (or anything) was asked got 没法确切答复 (tester50 C6)
            answer = MANAGE_SAID
        if not answer:
            return None
        if answer == WHO_TOLD and tracker is not None and tracker.get_slot("contact") == NO_CONTACT:
            answer = WHO_TOLD_HELD  # no phone to speak of (您留的电话… where none was left: tester59 G17)
        dispatcher.utter_message(text=answer)
        return {slot: None}

    async def validate_description(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        said = str(value or "").strip()
        before = _description_before(tracker) if tracker.get_slot("requested_slot") == "description" \
            and not tracker.get_slot("description_draft") and _ADDED_LEAD.match(said) else None
        if before and len(re.sub(r"\W", "", _ADDED_LEAD.sub("", said))) >= 4:
            # "还有他们把建筑垃圾堆楼道里了" when the problem was asked again after 问题描述不对: more of it, added, never
            # the whole problem (the renovation noise was lost and its hours kept: tester53 D14)
            value = f"{before.rstrip('，,。 ')}，{_ADDED_LEAD.sub('', said)}"
        pieces = _fragments_before(tracker) if not tracker.get_slot("description_draft") \
            and tracker.get_slot("requested_slot") in (None, "description") else []
        if pieces and said and not _phone_in(said):
            # "我家楼下" / "有个饭馆" (each 没有理解) then "天天晚上吵到一两点": one problem told in pieces; the pieces were
            # lost and the noise's source asked (session 51's conversations)
            value = "，".join([*pieces, said])
        slots = await self._description_answer(value, dispatcher, tracker, domain)
        for key in ("description", "description_draft"):  # "您好，我们这儿顶楼…": no greeting in the problem (C17)
            if isinstance(slots.get(key), str):
                bare = GREETING_LEAD.sub("", slots[key])
                # … nor the wish to report said without a pause (喂你好我想反映一下我们小区那个地下车库老是漏水…: a
                # transcript's, read back so: session 55's conversations)
                wish = _WISH_LEAD.match(bare)
                if wish and _tells_problem(bare[wish.end():]):
                    bare = bare[wish.end():]
                if bare != slots[key] and len(re.sub(r"\W", "", bare)) >= MIN_CHARS:
                    slots[key] = bare
        taken = slots.get("description")
        if taken and not tracker.get_slot("description_draft") and slots.get("form_outcome") is None \
                and not _said_this_turn(tracker, QUESTION_ANSWERED) \
                and not dispatcher.messages:  # (nothing else said first: a danger's advice, a scam's warning)
            # a question said inside the complaint ("…想问下业主能不能自己换物业？要怎么弄？") is answered where a
            # basic path is known, before the form's next question (it was never answered: tester51 C6)
            basic = _basic_path(held_question(taken) or "")
            helped = help_asked(taken, taken) if not basic else None
            if held_question(taken) and LOST_ABOARD.search(taken) and _question_only(taken, lost=True):
                basic = _basic_path(taken)   # (我在地铁上丢了钱包，怎么找: the loss, then how: session 56)
            if basic and _question_only(taken, lost=bool(LOST_ABOARD.search(taken))):
                # "老年卡坐公交还要刷钱吗" read as a complaint: 先回答您的问题 and then 请问问题发生在哪里 (and 我今年刚满六十五
                # got 帮不上忙: session 56's conversations); a question alone is answered as a consultation, nothing filed
                # (its unit named, as a consultation's answer names it: a district said next gets that district's)
                unit = _basic_unit(taken) or slots.get("department")
                dispatcher.utter_message(text=(f"这类问题一般由{unit}负责解答。\n" if unit else "") + f"{basic}\n{CONSULT_SAID}。"
                                              "如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")
                return {"description": None, "description_draft": None, "confirmation": False,
                        "form_outcome": "cancelled", "requested_slot": None}
            if basic and held_question(taken):
                dispatcher.utter_message(text=f"{QUESTION_ANSWERED}{basic}您反映的情况我接着帮您登记。")
            elif helped and len(re.sub(r"\W", "", helped[1])) >= MIN_CHARS:
                # "工地半夜还在打桩，能报警吗": the question answered, and no part of the problem (it was filed as 问题：…
                # 能报警吗, never answered: session 55's conversations)
                dispatcher.utter_message(text=f"{helped[0]}您反映的情况我接着帮您登记。")
                slots["description"] = slots["description_draft"] = helped[1]
        return slots

    async def _description_answer(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        requested = tracker.get_slot("requested_slot")
        draft = tracker.get_slot("description_draft")
        if requested == "confirmation" and tracker.get_slot("complaint_category") and str(value or "").strip() \
                and str(value).strip() != draft and "fix_field" not in tracker.slots_to_validate():
            # (the part to fix filled from the same words reads them itself: the addition went in twice)
            # a correction or an addition at the read-back read as a complaint ("不对，不是铁皮房，是彩钢板搭的，还把
            # 消防通道堵了", "补充一下，车是京B出租车…": the read-back came again unchanged, tester57 F7): the
            # read-back's own reading of it
            state = tracker.current_state()
            held = Tracker.from_dict({**state, "slots": {**tracker.slots, "description": draft},
                                      "events": [e for e in state.get("events") or []
                                                 if not (e.get("event") == "slot" and e.get("name") == "description")]})
            answer = await self.validate_confirmation(None, dispatcher, held, domain)
            return {"description": draft, **answer}
        if requested not in (None, "description") and tracker.get_slot("complaint_category"):
            return {"description": draft}  # a later complaint-like answer does not replace it
        said = str(value or "").strip()
        if requested is None and not draft and _contact_for_own_case(said, tracker):
            # "我电话137…，身份证…，你们给我回个电话" after filing: no complaint; the form ends at
            # once and the submit action adds the number to the case just filed
            return {"description": None, "confirmation": False, "form_outcome": "cancelled",
                    "requested_slot": None}
        rest = _matter_besides_person(said) if requested in (None, "description") and not draft \
            and _PERSON_CLAUSE.search(said) else None
        if rest:
            # "给我转人工，我要投诉楼下烧烤店油烟太大" read as a complaint: the wish heard and answered honestly
            # (it was ignored, then 转人工 filed a case with no place: tester51 C5); the matter registered
            if not _said_this_turn(tracker, CALL_BACK_MARK):
                dispatcher.utter_message(text=PERSON_NOT_HERE + REGISTERED_WITH_CALL_BACK)
            said = value = rest
        line = _service_line_asked(said) if requested in (None, "description") and not draft else None
        if line:
            # "快递丢了，打哪个电话投诉快递公司": the number asked for, no form (its place was asked: tester48 N8)
            dispatcher.utter_message(text=line + "如果您还要反映问题，请说说什么情况、在哪里，我帮您登记。")
            return {"description": None, "description_draft": None, "confirmation": False,
                    "form_outcome": "cancelled", "requested_slot": None}
        if requested in (None, "description") and not draft and _praise(said) and _RESOLVED_THANKS.search(said) \
                and not _PRAISED_UNIT.search(said) and not _PRAISED_PERSON.search(said) and not PRAISE_TURN.search(said):
            # "谢谢你们，上次反映的问题已经解决了": thanks for a matter resolved, naming no one (it started the praise form
            # and asked where the staff work: session 57's conversations); said back, whom to praise offered, nothing filed
            dispatcher.utter_message(text=RESOLVED_THANKS_TOLD)
            return {"description": None, "description_draft": None, "confirmation": False,
                    "form_outcome": "cancelled", "requested_slot": None}
        follow = after_filing_answer(said, tracker) if requested in (None, "description") and not draft else None
        if follow:
            # "那超市会不会被罚款" / "司机还不还我手机啊" after filing: about the case filed, no new complaint
            # (it was asked its place: tester56 E6)
            dispatcher.utter_message(text=follow)
            return {"description": None, "description_draft": None, "confirmation": False,
                    "form_outcome": "cancelled", "requested_slot": None}
        if not follow and requested in (None, "description") and not draft:
            follow = _after_code_forgotten(said, tracker)  # "那你帮我催一下呗" after a forgotten code (tester59 G18)
            if follow:
                dispatcher.utter_message(text=follow)
                return {"description": None, "description_draft": None, "confirmation": False,
                        "form_outcome": "cancelled", "requested_slot": None}
        further = consult_follow_up(said, tracker) if requested in (None, "description") and not draft else None
        if further:  # "那你告诉我怎么办啊 我们在顺义租房住的" after a consultation: no complaint (tester57 F12)
            dispatcher.utter_message(text=further)
            return {"description": None, "description_draft": None, "confirmation": False,
                    "form_outcome": "cancelled", "requested_slot": None}
        resumed = await self._resumed(said, dispatcher, tracker, domain) \
            if requested in (None, "description") and not draft else None
        if resumed is not None:  # "唉，还是反映一下吧，熏得人头疼" right after "算了，不说了" (tester50 C7)
            return resumed
        if requested is None and not draft and tracker.get_slot("offered_issue"):
            taken = await _offer_slots(said, tracker, dispatcher, domain)
            if taken is not None:  # the yes to the second problem quoted after filing, read as a complaint
                return taken
        if requested == "description" and not draft and CANCEL_FORM.search(said) \
                and not PROBLEM_WORDS.search(CANCEL_FORM.sub("", said)) and not _tells_problem(CANCEL_FORM.sub("", said)):
            # "不投诉了，谢谢" where the problem was asked after 我要投诉 was 不够具体, and kept as its draft (session 52)
            cancelled = self._cancelled("description", said, dispatcher)
            if cancelled:
                return cancelled
        if draft and requested == "description":
            cancelled = self._cancelled("description", said, dispatcher)
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
        history = _history_after_consult(said, tracker) if outside else None
        if history:
            # "我在河北交了五年" right after the answer on moving 社保 to Beijing: told that 河北 is outside Beijing and
            # to call its 12345 (session 56's conversations); it is who asks, not where a problem is
            dispatcher.utter_message(text=history)
            return {"description": None, "description_draft": None, "confirmation": False,
                    "form_outcome": "cancelled", "requested_slot": None}
        if outside:  # "我在河北燕郊，…": told at once where to turn; nothing filed
            dispatcher.utter_message(text=outside)
            return {"description": None, "description_draft": None, "confirmation": False,
                    "form_outcome": "cancelled", "requested_slot": None}
        if not domestic_violence(said) and silent_first(said, dispatcher=dispatcher,
                                                                                tracker=tracker):
            # "他会听见的 我不敢打110" and nothing else: the silent ways at once, never 不够具体 (tester57 F1)
            return {"description": None, "description_draft": draft}
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
            if not _said_last_turn(tracker, ENGLISH_MARK):  # the bilingual note first (a Chinese-only line was: tester57 F15)
                dispatcher.utter_message(text=ENGLISH_NOTE)  # English service by phone, a person offered
                return self._fail("description", tracker, dispatcher, "utter_use_chinese")
            # said once already: one short line in both languages (the Chinese ask and the whole note came again, in
            # the reverse order: session 52's conversations)
            return self._fail("description", tracker, dispatcher, ENGLISH_AGAIN)
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
        when = _when(new) if requested == "description" and new and draft and tracker.get_slot("address") \
            and not _tells_problem(new) and len(re.sub(r"\W", "", new)) <= 12 else None
        if when:
            # "好几个月了" after the place, where what happened is asked again: the time (it was glued into the place,
            # 北京市海淀区清华东路某小区门口好几个月了: session 52's conversations)
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(when)}。{TELL_MORE}")
            return {"description": None, "time": _with_time(tracker.get_slot("time"), when)}
        if requested in (None, "description") and new and not unsourced and not _tells_problem(new) \
                and len(re.sub(r"\W", "", new)) <= 16 and not _phone_in(new) \
                and not NO_TIME.fullmatch(re.sub(r"\s", "", new)) \
                and not _measure_only(new):  # ("对" was the place 北苑街道对: session 51)
            # the place told in pieces before the problem ("在海淀", "五道口", "华清嘉园", "7号楼底下": tester56 E4
            # got 不够具体 / 没能弄明白, and 海淀 was lost): each piece joins the place held, what happened asked
            piece = await self._place_piece(new, tracker)
            if piece:
                dispatcher.utter_message(text=f"好的，地点记下了：{_shown(piece)}。{TELL_MORE}")
                return {"description": None, "address": piece}
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
        if new and len(re.sub(r"\W", "", new)) >= MIN_CHARS:
            new = _without_lead_filler(new)  # "算了，你先帮我记吧，…" / "您好，我想反映一下，…" (tester50 C21)
            new = _without_filler_clauses(new)  # "…，行吧" / "…，刚才不是说了吗，…" (tester56 E19)
        if draft and requested == "description" and new and not re.sub(r"\W", "", FILLER.sub("", JUST_WANTS.sub("", simplified(draft)))):
            # (就是那个 too: it was filed as 就是那个，我们楼的电梯老是坏: session 53's conversations)
            draft = None  # "您好，我想反映一個問題" before it: no part of the problem (tester50 C21)
        whom = WHOM_ONLY.fullmatch(re.sub(r"\W", "", JUST_WANTS.sub("", simplified(draft)))) \
            if draft and requested == "description" and new else None
        if whom and whom.group(0) in new and _tells_problem(new.replace(whom.group(0), "")):
            # "我要投诉医院" (请说说医院…) then "朝阳医院的一个医生态度特别恶劣": the answer says it all (it was read back
            # as 我要投诉医院，朝阳医院的…: session 54's conversations)
            draft = None
        # "我叫李明，电话138…，海淀区…煎饼摊…": the name stays with the problem, the number goes as below (it was read
        # back as 问题：我叫李明，电话尾号2222，…: session 56's conversations)
        named = _NAME_FIRST.match(new or "")
        lead = ""
        if named and _PHONE_FIRST.match(new[named.end():]):
            lead, new = named.group(1), new[named.end():]
        first_phone = _PHONE_FIRST.match(new or "")
        if first_phone and len(re.sub(r"\W", "", new[first_phone.end():])) >= 2:
            # "我电话15012345678，我要投诉物业": the number kept, the rest read for the problem (the number made it
            # specific enough, and 物业把小区绿地改成停车场了 was then taken for a place: session 53's conversations)
            new, first_phone = new[first_phone.end():], _phone_in(first_phone.group())
        else:
            first_phone = None
        if lead:
            new = f"{lead}，{new}"
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
            asked = _consulted_just_now(tracker) if response == "utter_description_vague" and not draft else None
            if asked:
                # "那我们小区根本不分类" right after the answer on 垃圾分类的规定: the question asked is what the problem is
                # about (it was 不够具体 until the citizen gave up: session 53's conversations)
                joined = f"{text.rstrip('。 ')}（此前咨询：{asked.strip('？?。 ')}）"
                again = await _api("triage", f"{asked} {text}")
                if not self._unclear(f"{asked} {text}", again):
                    text, result, response = joined, again, None
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
        if self_harm and not _self_harm(SOMEONE_ON_ROOF.sub("", re.sub(r"\s", "", said))) and _on_roof_other(said):
            self_harm = False  # 有人要跳楼啊 / 楼顶有个人要跳: a witness, never the crisis lines for oneself (tester59 G8)
        if self_harm and not _advised(tracker, SELF_HARM_ADVICE) \
                and not ((urgent or {}).get("advice") and _advised(tracker, urgent["advice"])):
            # "…再不解决我就从楼上跳下去，我真的活不下去了": the crisis lines first, whatever the triage
            # says (its own advice for 轻生危险 when it has one)
            said_now = (urgent or {}).get("advice") if (urgent or {}).get("kind") == SELF_HARM_KIND else None
            if THIRD_PERSON.search(text):
                said_now = _third_person_care(text, _located((result.get("entities") or {}).get("address") or {}))
            elif ((not said_now and IMMINENT.search(re.sub(r"\s", "", said)))
                  or (said_now and FIRST_AID_SAID_MARK not in said_now and IMMINENT_PLACE.search(re.sub(r"\s", "", said)))) \
                    and not _someone_else_at_risk(said):
                # (我爬到我们楼顶了，不想活了: the triage's lines had no word of the edge: tester59 G8)
                # "我站在楼顶上了 不想活了": away from the edge first, then the lines (tester57 F2: the generic
                # 人的安全要紧…不用急着登记 block, never a word of stepping back)
                said_now = SELF_HARM_NOW
            dispatcher.utter_message(text=said_now or SELF_HARM_ADVICE)
        if self_harm and (_self_harm(said) or (urgent or {}).get("kind") == SELF_HARM_KIND) \
                and not _said_this_turn(tracker, SELF_HARM_NOW) \
                and not _said_this_turn(tracker, "您不是一个人，我在这里陪着您") and not THIRD_PERSON.search(text):
            # "房东…押金也不退…真的不想活了": the person first, a person offered; the form waits (tester36 H2)
            # ("记下了" only when something was told: tester37 N2)
            dispatcher.utter_message(text=SELF_HARM_STAY if _tells_problem(SELF_HARM.sub("", said))
                                 else SELF_HARM_STAY_ALONE)
        if self_harm:
            response = None
        plain_text = re.sub(r"\s", "", text)
        if not self_harm and _crisis_said_in_chat(tracker) and CRISIS_HARDSHIP.search(re.sub(r"\s", "", said)) \
                and not _said_this_turn(tracker, CRISIS_CASE_CARE[:12]):
            # "公司欠我工资半年了…我真的撑不下去了" after 不想活了: a caring word before the questions, and the case will
            # tell the operator (tester57 F3: it went straight to the wage questions)
            dispatcher.utter_message(text=CRISIS_CASE_CARE)
        if not urgent and not self_harm and stranded(plain_text):
            # 滴滴司机半路把我赶下车…大半夜的在五环上: 110 and off the carriageway first; a ride-hailing complaint,
            # never 不够具体 (tester57 F2)
            if not _advised(tracker, STRANDED_MARK) and not _said_this_turn(tracker, STRANDED_MARK):
                dispatcher.utter_message(text=STRANDED_TIP)
            response = None
        # a danger in words the triage misses (救命 他掐我脖子, 男朋友把我手机砸了…还打我, 楼上那家又在打孩子 told by a
        # neighbour, 孩子爬到飘窗上了 窗户开着, 车抛锚了 in the 四环, 对面楼顶有个人…好像要跳: tester59 G1/G5-G8): its advice
        # first, never 不够具体; violence at home told to be registered (我要反映我爸家暴我妈) is no vague problem
        witness = witness_of_violence(said)
        held_dv = bool(urgent and urgent.get("kind") == PERSON_KIND and DOMESTIC_VIOLENCE.search(plain_text)
                       and not NO_PHONE.search(plain_text))
        now = None if self_harm else witness or (None if held_dv else danger_now(said, tracker))
        if now and now.startswith(PHONE_PRIVACY):
            now = None
        if now:
            if not _said_this_turn(tracker, now[:16]):
                dispatcher.utter_message(text=now)
            response = None
        if domestic_violence(text) or witness:
            response = None
        # thanks and then a matter of its own (这次又有个事，…): a complaint, asked about as one (tester50 C9)
        praise = _praise(text) and _praise_then_complaint(text) is None and not urgent and not self_harm
        if praise:  # praise (表扬…): whom and where is all it needs, never 不够具体 nor which reading
            response = None
        if urgent and now:
            response = None
        elif urgent:
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
                if reported_from_afar(text):
                    # 我妈被我爸打了…不敢打电话 我在外地: report for her from afar, never a child's advice (tester57 F1)
                    if not _advised(tracker, DV_RELAY_MARK) and not _said_this_turn(tracker, DV_RELAY_MARK):
                        dispatcher.utter_message(text=DV_RELAY_ADVICE)
                elif cannot_call(text, tracker) and not outside and not CHILD_SPEAKING.search(re.sub(r"\s", "", text)):
                    # 不敢打110他会听见: the silent ways at once, never 请马上拨打110 alone (tester57 F1)
                    if not _said_this_turn(tracker, SILENT_MARK):
                        dispatcher.utter_message(text=dv_silent_advice(text, tracker) + (
                            "" if _advised(tracker, SILENT_MARK) else DV_PLACE_KNOWN if located else DV_PLACE_LATER))
                elif CHILD_SPEAKING.search(re.sub(r"\s", "", text)):
                    child = DV_CHILD_OUT_ADVICE if outside else DV_CHILD_ADVICE
                    if not _advised(tracker, child):
                        dispatcher.utter_message(text=child + (
                            "妈妈也可以拨打12338妇女维权热线求助。" if MOTHER_HIT.search(text) else "") + (
                            "地址已经记下了，等你安全了，我们再接着登记。" if located else
                            "等你安全了，再告诉我这件事发生在哪里，我帮你登记反映。"))
                elif outside:
                    if not _advised(tracker, DV_OUT_ADVICE):
                        dispatcher.utter_message(text=DV_OUT_ADVICE + (DV_PLACE_KNOWN if located else DV_PLACE_LATER))
                elif not _advised(tracker, DV_SAID.replace(DV_PLACE_LATER, "")):
                    advice = dv_advice(text)   # 您和孩子 only where children are named (tester56 E24)
                    dispatcher.utter_message(text=advice.replace(DV_PLACE_LATER, DV_PLACE_KNOWN)
                                             if located else advice)
            elif urgent.get("advice") and urgent.get("kind") != SELF_HARM_KIND \
                    and not _advised(tracker, urgent["advice"]) and not (self_harm and THIRD_PERSON.search(text)) \
                    and not (self_harm and _self_harm(said) and urgent.get("kind") == PERSON_KIND):
                # (the wish to die said with where one stands, 我站在楼顶上了: the crisis lines said it all)
                if urgent.get("kind") in PERSON_KINDS:  # 有人拿着刀砍人: the advice, and the form waits a turn
                    located = _located((result.get("entities") or {}).get("address") or {})
                    dispatcher.utter_message(text=_person_advice(urgent["advice"], bool(located)))
                else:
                    dispatcher.utter_message(text=urgent["advice"])
        if held_dv and STRANGLED.search(re.sub(r"\s", "", said)) and not _said_this_turn(tracker, STRANGLED_TIP[:8]) \
                and not _advised(tracker, STRANGLED_TIP[:8]):
            dispatcher.utter_message(text=STRANGLED_TIP)  # 他掐我脖子: a high-lethality sign (tester59 G1)
        if response == "utter_ask_noise_source" and draft and requested == "description" \
                and NOISE_WORDS.search(draft) and not _noise_source(draft):
            # the answer to "是什么发出的噪音？", whatever it names: the question is not asked twice
            response = None
        if response:
            return self._fail("description", tracker, dispatcher, response, description_draft=text,
                              **_api_back(tracker), **({"contact": first_phone} if first_phone and not _contact(tracker) else {}))

        entities = result.get("entities") or {}
        objects = [str(o) for o in entities.get("objects") or []]
        cats = result.get("categories") or []
        top = cats[0]
        second = cats[1] if len(cats) > 1 else {"label": None, "confidence": 0.0}
        readings = _readings(text, top, second) if torn(top, second) and not urgent and not praise else None
        wages = bool(readings and WAGE_READING in readings and _wages_unpaid(text))
        slots: Dict[Text, Any] = {**_api_back(tracker),
            "description": text, "description_draft": text, "complaint_category": top["label"],
            "department": _department_name(result),
            # 欠薪 said outright is no question of which reading (tester51 C11: 劳动工资和社保，还是城市建设…？)
            "category_candidates": None if wages else readings,
            **({"category_choice": WAGE_READING} if wages else {}),
            # the hour matters for noise, construction, opening hours; never for unpaid wages (装修公司欠薪)
            "time_needed": bool(TIME_WORDS.search(text) or TIME_OBJECTS.intersection(objects))
                           and top["label"] != "劳动和社会保障" and not _no_hours(text) and not praise
                           # a suggestion's hours are what it asks for (末班车延后…我下夜班十一点多), not when
                           # a problem happens (tester51 C15: asked 一般在什么时间段发生)
                           and result.get("request_kind") != "建议",
        }
        if later:
            dispatcher.utter_message(response="utter_one_at_a_time")
            # (the number said at its end is the citizen's, for both: no part of the second problem: tester50 C17)
            slots["second_issue"] = (_CONTACT_CLAUSE.split(later, maxsplit=1)[0].strip() if _phone_in(later) else later)[:200]
        address = _fuller_address(text, _located(entities.get("address") or {}))
        leading = await self._leading_place(text)
        if leading and (not address or _DISTRICT_OF.sub("", address.removeprefix("北京市")) in leading
                        and len(leading) > len(address)):
            address = leading  # (海淀，清河，毛纺路，有个黑加油站: 北京市海淀区毛纺路有个黑加油站, 清河 lost: tester59 G13)
        home = HOME_CLAUSE.search(text) if address else None
        if home and REPORTED_PLACE.search(text[home.end():]):
            # "我住在海淀区清河毛纺路小区，但我要反映的是…西城区金融街丰盛胡同那边…": the home is no place of the
            # problem; the place said after it is (the home was read back: tester50 C10)
            try:
                found = _located(((await _api("triage", text[home.end():])).get("entities") or {}).get("address") or {})
            except (ApiUnavailable, ApiError):
                found = None
            if found:
                address = _fuller_address(text[home.end():], found)
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
        line = _LINE_SERVICE.search(text) and _SUBWAY_LINE.search(text)
        if line and not slots.get("address") and not tracker.get_slot("address") and not tracker.get_slot("noted_place") \
                and not re.search(r"站(?!台)", text[line.end():line.end() + 8]):
            # "地铁十号线早高峰太挤了，能不能加车": the line is the place (it was asked where, and the hours said to it
            # were taken as the time and the question asked on: session 56's conversations)
            slots["address"] = f"地铁{line.group(1)}"
        unit = _praised_unit(text) if praise and not tracker.get_slot("address") else None
        if unit and (not slots.get("address") or unit.startswith(slots["address"])):
            # "表扬一下朝阳区城管的王师傅": the unit praised is where; it was asked 在哪个区、哪个街道或单位 (session 53)
            slots["address"] = unit
        times = list(dict.fromkeys(t.get("text") for t in entities.get("times") or [] if t.get("text")))
        times = [t for t in times if not any(t != u and t in u for u in times)]  # 晚上 inside 晚上十点以后
        # taken from the complaint only when it says the hours (天天 alone: the form asks when)
        if slots["time_needed"] and times and TIME_OF_DAY.search("".join(times)) and not tracker.get_slot("time"):
            slots["time"] = _times_joined(times, text)
        phone = _phone_in(text) or (_phone_in(later) if later else None) or first_phone  # (…。电话133… after two problems)
        if phone and not _contact(tracker):  # "…我电话138…": the call-back number, not asked again
            slots["contact"] = phone
            told = _PHONE_LAST.sub("", slots["description"])
            if told != slots["description"] and len(re.sub(r"\W", "", told)) >= MIN_CHARS:
                # (…物业不修，我电话138… was read back and filed with 我电话尾号5678 in the problem: session 51)
                slots["description"] = slots["description_draft"] = text = told
        if _repeat_said_before(tracker) and REPEATED_NOTE not in text:
            slots["description"] = text + REPEATED_NOTE  # "反映了八百遍都没人管" before it (tester36 M7)
        elif _punted_said_before(tracker) and PUNTED_NOTE not in text:
            # "我反映过的问题，街道说不归他们管，又推给城管…到底谁管" (read as a progress query: the number asked), then the
            # problem: filed as new, the units' shuffle lost (session 55's conversations)
            slots["description"] = text + PUNTED_NOTE
        elif REPEATED_IN_TEXT.search(said) and REPEATED_NOTE not in text and not urgent and not self_harm \
                and not dispatcher.messages:
            # "我打了八百遍12345了 …你们管不管？？？": heard, and noted for the operator (tester51 C16)
            dispatcher.utter_message(text=ANGRY_COMPLAINT_TOLD)
            slots["description"] = text + REPEATED_NOTE
        if NUMBER_REFUSED_IN_TEXT.search(re.sub(r"\s", "", said)) and not _contact(tracker) and not slots.get("contact"):
            # "…我不想留名字和电话 怕被穿小鞋" in the first message: no number, never asked for (tester57 F9); so too
            # "…电话就不留了" / "…不留电话" with no wish to stay unnamed (it was asked for: tester59 G16 p02, e06)
            dispatcher.utter_message(text=ANONYMOUS_TOLD if PRIVACY_WISH.search(text) else "好的，不留电话。")
            slots["contact"] = NO_CONTACT
        elif PRIVACY_WISH.search(text) and not _advised(tracker, KEPT_SECRET):
            # "…我不想让单位知道是我举报的…": kept in the text (the operator reads it), acknowledged
            dispatcher.utter_message(text=KEPT_SECRET)
        return slots

    async def _resumed(self, said: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> Optional[Dict[Text, Any]]:
        """"还是反映一下吧(，熏得人头疼)" right after the report was dropped: the dropped draft again (what was said
        with it added), the form asking for what was missing; it was taken as a new, vague description (tester50
        C7). None for any other message."""
        lead = RESUME_LEAD.match(said.strip())
        if not lead:
            return None
        old = _dropped_draft(tracker)
        if not old.get("description"):
            return None
        rest = said.strip()[lead.end():].strip("，,。！! ")
        text = old["description"]
        if rest and _substantive_more(rest) and rest not in text:
            text = f"{text}，{_civil(rest) or rest}"
        dispatcher.utter_message(text=f"好的，接着登记您刚才说的“{_shown(old['description'])}”。")
        kept = {k: old[k] for k in ("address", "time", "contact", "place_piece") if old.get(k)}
        again = _fresh(tracker, **kept, requested_slot="description")
        slots = await self.validate_description(text, dispatcher, again, domain)
        return {**kept, **slots}

    @staticmethod
    def _unclear(text: str, result: Dict[Text, Any]) -> Optional[str]:
        """The re-ask when ``text`` (triaged as ``result``) is too vague to route; None when clear."""
        whom = WHOM_ONLY.fullmatch(re.sub(r"\W", "", JUST_WANTS.sub("", simplified(text))))
        clauses = [re.sub(r"\W", "", JUST_WANTS.sub("", simplified(c))) for c in re.split(r"[，,。；;\s]+", text) if c.strip()]
        if not whom and len(clauses) == 2 and WHOM_ONLY.fullmatch(clauses[0]) and clauses[1].endswith(clauses[0]) \
                and len(clauses[1]) <= 16 and not PROBLEM_WORDS.search(clauses[1][:-len(clauses[0])]):
            # "我想投诉一下医院" → 请说说医院… → "朝阳医院": which one, still not what is wrong (it was filed as 我想投诉一下
            # 医院，朝阳医院, and what happened, said next at the phone question, lost: session 52)
            return WHOM_ASK.format(whom=clauses[1])
        if whom:
            # "物业" (or 我要投诉开发商) answering what the problem is: whom, not what; it was taken as the problem, and
            # the problem said next parked as a second one (session 51)
            return WHOM_ASK.format(whom=whom.group(0))
        objects = (result.get("entities") or {}).get("objects") or []
        cats = result.get("categories") or []
        top = cats[0] if cats else {"label": None, "confidence": 0.0}
        second = cats[1] if len(cats) > 1 else {"label": None, "confidence": 0.0}
        long_enough = len(re.sub(r"\W", "", text)) >= MIN_CHARS
        # a problem's word, or what a problem does (粉尘特别大, 担心有辐射)
        problem_said = bool(PROBLEM_WORDS.search(text) or ASPECT_WORDS.search(text) or _MATTER_TOLD.search(text))
        if NOISE_WORDS.search(text) and not objects:
            # noise: we must know its source (construction, a shop, a neighbour)
            has_what = bool(_noise_source(text))
        else:
            # a sure model counts only for words beyond a place: a bare address reads as 城乡建设 too
            beyond_place = len(re.sub(r"\W", "", PLACE_WORDS.sub("", text))) >= MIN_CHARS
            has_what = bool(objects) or long_enough and (
                problem_said or (top["confidence"] >= SURE and beyond_place))
        spread = top["confidence"] < MIN_CONFIDENCE or top["confidence"] + second["confidence"] < MIN_TOP_TWO
        # a concrete problem told at some length is specific even when no category fits it well
        # (楼上半夜跺脚, 民警态度差: 公安's, none of the seven): the operator decides its category
        # (楼道里有人抽烟, 有人在河边钓鱼: seven characters that say it all; 我要投诉物业 says only whom)
        wanted = re.sub(r"\W", "", JUST_WANTS.sub("", simplified(text)))   # without 我要投诉 / 我想反映
        told = (len(re.sub(r"\W", "", text)) >= 8 or len(wanted) >= MIN_CHARS) \
            and (bool(objects) or problem_said
                                                       # a noise with its source: 楼上天天半夜蹦迪 咚咚咚 (tester35 N-M1)
                                                       or bool(NOISE_WORDS.search(text) and _noise_source(text)))
        if has_what and (not spread or torn(top, second) or told):
            return None
        if len(wanted) >= TOLD_AT_LENGTH and not (NOISE_WORDS.search(text) and not _noise_source(text)):
            # a letter's worth (…科目三考试考生积压严重，预约不上…; 4号线北延线什么时候开工): what it is about is said, whatever
            # category the model doubts; the operator decides it (session 48: 680 of the data's 9,175 messages were 不够具体);
            # counted without the words that only want something (我想反映一个问题…希望尽快解决: a rant says nothing)
            return None
        if PLAIN_FAULT.search(simplified(text)):  # 楼道灯坏了, 小区停电了: what and that it is broken (tester50 C12)
            return None
        if len(re.sub(r"\W", "", text)) <= 12 and PLAIN_FAULT.search(simplified(re.sub(r"[，,\s]", "", text))):
            # "暖气" (不够具体) then "不热": 暖气，不热 is 暖气不热 (it was 不够具体 again: session 55's conversations)
            return None
        if _basic_path(held_question(text) or ""):
            # a common question with its basic path (我想办护照，需要去哪里办: session 50 called it vague): answered next
            return None
        if result.get("request_kind") == "建议" and long_enough:
            # 能不能把300路末班车延后一点: a suggestion says what it wants (tester51 C7: 不够具体, 比如工地、商铺)
            return None
        if NOISE_WORDS.search(text) and not _noise_source(text):
            return "utter_ask_noise_source"
        return "utter_ask_what" if not re.sub(r"\W", "", JUST_WANTS.sub("", simplified(text))) else "utter_description_vague"

    async def validate_category_choice(self, value: Any, dispatcher: CollectingDispatcher,
                                       tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        candidates = [c for c in tracker.get_slot("category_candidates") or [] if c]
        said = str(value or "")
        whole = str((tracker.latest_message or {}).get("text") or "")
        if said and said != whole and said in whole and re.match(rf"(?:北京市?)?(?:{_DISTRICT_NAMES})区?", whole.strip()):
            # the reading's word the intents found inside a place said first (城市 of 朝阳区十里堡的一个小区，叫城市华庭:
            # chose 城市建设, the place kept without its name: session 56's conversations): the whole answer is read
            said = whole
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
                     or self._side_question("category_choice", said.strip(), dispatcher, tracker)
                     or await self._another_issue("category_choice", said.strip(), tracker, dispatcher)
                     or await self._place_fixed_now("category_choice", said.strip(), dispatcher)
                     or await self._corrected_now("category_choice", said.strip(), tracker, dispatcher))
        if cancelled:
            return cancelled
        description = tracker.get_slot("description") or ""
        if candidates and description and _DETAIL_NUMBER.search(said) and not _phone_in(said) \
                and not any(c in said for c in candidates):
            # "车牌号京N88888" where the reading was asked: the plate joins the problem (it was dropped, the reading
            # left to the operator: session 54's conversations); the operator decides the reading
            more = f"{description}，{said.strip('，,。 ')}"
            dispatcher.utter_message(text=CATEGORY_LEFT.format(noted="您说的情况补充到问题里了，"))
            return {"category_choice": UNSURE_CHOICE, "complaint_category": candidates[0], "description": more,
                    "description_draft": more}
        chosen = next((c for c in candidates if c in said or said == c), None)
        # (a place said first, 海淀区五道口的一家健身房，叫乐动力, is where, not the problem retold: it joined the problem
        # and the place lost its name, session 54's conversations)
        placed_first = bool(re.match(rf"(?:北京市?)?(?:{_DISTRICT_NAMES})区?", said.strip())) and not tracker.get_slot("address")
        # a reading's words inside the place's own name are none (朝阳区十里堡的一个小区，叫城市华庭 chose 城市建设 by
        # its 城市: session 56's conversations); only the clauses that name no place are read for them
        heard = said if not placed_first else "，".join(
            c for c in re.split(r"[，,。；;！!]", said)
            if c.strip() and not re.match(rf"(?:北京市?)?(?:{_DISTRICT_NAMES})区?", c.strip())
            and not _NAMED_BARE.fullmatch(c.strip()) and not PLACE_WORDS.search(c))
        if chosen is None:  # the citizen's words: a keyword of one reading, or "前者/后者"
            for i, c in enumerate(candidates):
                words = [w for w in re.split(r"[、，（）()和]", _describe(c)) if len(w) >= 2]
                if any(w in heard for w in words) or any(w[:2] in heard for w in words):
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
                hinted = [c for c in candidates if c in CATEGORY_HINTS and CATEGORY_HINTS[c].search(heard)]
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
            dispatcher.utter_message(text=f"您说的“{_shown(said.strip())[:8]}”{WHICH_READING_MARK}呢？请直接说是哪一类：")
            return {"category_choice": None}
        retries = dict(tracker.get_slot("retries") or {})
        earlier = retries.get("category_choice", 0)
        # (a time alone, 放学时间 or 放学的时候, is kept as the time below: it joined the problem, session 56)
        time_alone = (_when(said) or "").strip("，,。 ") == said.strip("，,。 ") and len(re.sub(r"\W", "", said)) <= 12 \
            and not _tells_problem(re.sub(r"(?:放学|上学|上下班|下班|上班)的?(?:时候|时间|时段|时)", "", said))
        if chosen is None and not placed_first and not time_alone:
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
        elif chosen is None and not kept and not tracker.get_slot("time") and len(re.sub(r"\W", "", said)) <= 12 \
                and _when(said) and not _time_refused(said):
            # "昨天" said where the reading was asked: the time, kept (it was dropped: tester53 D13)
            kept["time"] = _fuller_time(None, said.strip("，,。 "))
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
        if chosen is None and candidates:
            # an answer that names neither (the problem told again: 小区门口的下水道堵了…): no second ask with
            # 请点选 (no buttons on a text channel: tester50 C16); the operator decides the category
            dispatcher.utter_message(text=CATEGORY_LEFT.format(noted=noted))
            return {"category_choice": UNSURE_CHOICE, "complaint_category": candidates[0], **kept}
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

    @staticmethod
    def _district_of_piece(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """The answer to the district asked for a place said without one (请问幸福家园在哪个区？): "朝阳" / "朝阳区"
        (with hedges: 不知道 东城吧好像, 我都说了怀柔啊) completes it, "不知道" (不知道 地铁还分区啊) takes the place as
        said (both were 不够具体: tester57 F8); None for anything else (read as the place anew)."""
        piece = tracker.get_slot("place_piece")
        if not piece or _DISTRICT_OF.match(piece):
            return None
        # (丰台丰台丰台，说几遍了 was stored without its district: tester59 G10)
        said_once = re.sub(rf"({_DISTRICT_NAMES})区?(?:\1区?)+", r"\1", _HEDGES.sub("", said))
        district = _district_alone(said) or _district_alone(said_once)
        if district:
            return {"address": f"{district}{piece}", "place_piece": None}
        if PLACE_DONT_KNOW.fullmatch(re.sub(r"\s", "", said)) or re.fullmatch(r"(?:不清楚|不知道|不确定|说不好)[啊呀了]*", said) \
                or (re.match(r"(?:我也)?(?:不清楚|不知道|不确定|说不好)", said.strip()) and not _DISTRICT_SAID.search(said)
                    and not PLACE_WORDS.search(said) and len(re.sub(r"\W", "", said)) <= 12):
            dispatcher.utter_message(text=f"好的，地点按“{_shown(piece)}”登记。")
            return {"address": piece, "place_piece": None}
        return None

    async def _place_said_here(self, value: str, tracker: Tracker) -> Dict[Text, Any]:
        """A place (or a district: 海淀区; or more of the known place) said where the reading was
        asked: the address, or the district as the piece the place question goes on from; {} for none."""
        if tracker.get_slot("address"):
            moved = _district_fix(value, tracker.get_slot("address")) if _DISTRICT_SAID.search(value) else None
            if moved:  # "不对，是西城区，月坛街道在西城": the district corrected, the rest kept (tester48 N7)
                return {"address": moved}
            place = await self._place_refining(value, tracker)
            return {"address": place} if place else {}
        district = _district_alone(value)
        if district:
            return {"place_piece": district}
        combined = _with_piece(value, tracker.get_slot("place_piece"))
        place = await self._place(combined) or (
            _area_in_district(combined, tracker.get_slot("description") or "") if combined != value else None)
        if not place:
            return {}
        out: Dict[Text, Any] = {"address": re.sub(r"那站$", "站", _name_into_place(place)), "place_piece": None}
        line = _LINE.search(value)
        description = tracker.get_slot("description") or ""
        if line and description and line.group() not in description and line.group() not in out["address"]:
            # "是特8路，在丰台区马家堡西路那站" (a bus stop's sign, asked which reading): the line was lost (session 55's
            # conversations); it joins the problem
            out["description"] = out["description_draft"] = f"{description.rstrip('，,。 ')}（{line.group()}）"
        return out

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
        if neither and draft and _named_again(value, draft):
            # "都不是 是号贩子 倒号的": the problem said again in a word, read for the triage, never filed twice (tester57 F13)
            slots.update({k: draft for k in ("description", "description_draft") if str(slots.get(k) or "").startswith(draft)})
        return {"category_choice": None, "category_candidates": None, **slots}

    async def _place_piece(self, said: str, tracker: Tracker) -> Optional[str]:
        """A piece of the place said where the problem was asked, joined to the place held: a district alone
        (在海淀), an area or a community after it (五道口, 华清嘉园), a building (7号楼底下); None for no place."""
        held = tracker.get_slot("address")
        plain = re.sub(r"\s", "", said)
        district = _district_alone(said)
        if district:
            return district if not held else (held if _DISTRICT_SAID.search(held) else f"{district}{held}")
        building = _building_said(said)
        if building:
            return _with_building(held, building) if held else None
        place = await self._place(_with_piece(said, held) if held else said)
        # the piece is a place and nothing else ("有人在小区门口拿着刀砍人" is a danger, not 小区门口)
        bare = DEICTIC_TAIL.sub("", re.sub(r"^(?:就是|就在|是在|还是|也是|在|是)", "", re.sub(r"\W", "", plain)))
        if not place or bare not in place or len(bare) > 12 or PIECE_NOT_PLACE.search(bare):
            return None
        if held and held.removeprefix("北京市") not in place and not _DISTRICT_SAID.search(plain):
            # 华清嘉园 after 北京市海淀区五道口: the area held stays before it
            tail = place.removeprefix("北京市")
            head = held.removeprefix("北京市")
            district = _DISTRICT_SAID.search(tail)
            tail = tail[district.end():] if district else tail
            place = f"北京市{head}{tail}" if held.startswith("北京") or district else f"{held}{tail}"
        return place

    async def _leading_place(self, text: str) -> Optional[str]:
        """The place said in pieces before the problem ("石景山，鲁谷，有家烧烤店…", "顺义区，石园，北区 3号楼，楼上漏水…"):
        the triage found none in the whole, and the place was asked again (tester59 G11); None when the first
        piece names no district."""
        pieces = [c for c in re.split(r"[，,。；;！!\s]+", text or "") if c]
        while pieces and re.fullmatch(r"(?:你好|您好|喂|我)?(?:要|想)?(?:举报|投诉|反映)(?:一下)?", pieces[0]):
            pieces = pieces[1:]  # (举报，海淀，清河，毛纺路，…)
        if len(pieces) < 2 or not (_district_piece(pieces[0]) or _DISTRICT_OF.fullmatch(pieces[0])):
            return None
        taken = [pieces[0]]
        for piece in pieces[1:]:
            if len(piece) > 8 or _tells_problem(piece) or re.match(r"有(?:个|家|人|一)|那个|这个", piece) or not (
                    _AREA_NAME.fullmatch(piece) or _PART_END.search(piece) or PLACE_WORDS.search(piece)
                    or _NUMBER_PIECE.fullmatch(piece) or DEICTIC_TAIL.fullmatch(piece)):
                break
            taken.append(piece)
        if len(taken) < 2 or len(taken) == len(pieces):
            return None
        taken[0] = _district_piece(taken[0]) or taken[0]
        place = await self._place("".join(taken))
        return place if place and _DISTRICT_SAID.search(place) else None

    @staticmethod
    async def _place(said: str) -> Optional[str]:
        """Where ``said`` locates the problem: the triage's normal form (or the citizen's words when
        they say more: building, unit), or a place word of its own (东四六条23号院, 大兴机场)."""
        # a clause with a phone number or a call-back request is no part of the place
        # ("朝阳区望京西园三区，有事打我电话139…" → 朝阳区望京西园三区), nor abuse, nor words after
        # the place that say nothing of where ("…万丰小区，赶紧来", "…一号院你们赶紧的别再拖了")
        said = _civil(_CONTACT_CLAUSE.split(_place_said(said), maxsplit=1)[0].strip())
        # the work done there is no part of it (我在朝阳区三里屯的一家川菜馆干服务员 was read back whole: session 54)
        said = _WORK_THERE.sub("", said) or said
        # a particle before a pause is no part of the place (密云水库啊，溪翁庄那边 → 密云水库啊溪翁庄: tester59 G13)
        # (… but a bar's 吧: 三里屯的一家酒吧，叫蓝色港湾酒吧 was read back as …蓝色港湾酒, session 57)
        said = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?<![酒网氧书水话])[啊呀吧呢哈嘛]+(?=[，,\s])", "", said)
        said = _place_parts(_from_the_place(said))
        asked = [c for c in re.split(r"[，,]", said) if c.strip()]
        if len(asked) > 1 and any(_ASKS_WHICH.search(c) for c in asked):
            # "在车上啊，我哪知道是哪条街": the clause asking which names nothing (tester51 C9)
            said = "，".join(c for c in asked if not _ASKS_WHICH.search(c)) or said
        elif _ASKS_WHICH.search(said) and not _DISTRICT_SAID.search(said):
            return None
        said = _place_said(said)  # (等等，地址说错了，是… / location是…: no part of the place, tester50 C5)
        # words before the place that are no part of it ("还是望京西园三区", "就在…", "是在…")
        said = LEAD_FILLER.sub("", said)
        # (说是在昌平区沙河那边 was filed as 说是在昌平区沙河: session 56's conversations)
        said = re.sub(r"^(?:听|据)?说是?|^(?:好像|应该|大概|可能|估计)是?(?=\S{3})", "", said) or said
        # (在国贸 was filed as 北京市朝阳区在国贸: session 55's conversations)
        said = re.sub(r"^(?:就|是|也|还)?(?:在|于)(?=[\u4e00-\u9fff]{2})(?!(?:家|这|那|哪))", "", said)
        # … and a first clause that only says the district (我是丰台的，方庄这边: kept word for word, tester57 F4)
        said = re.sub(r"^(?:你好|您好|喂)[，,。！!\s]*(?=\S)", "", said)  # (你好，我是丰台区的，住在方庄: tester59 G13)
        said = re.sub(rf"^(?:(?:我|我们|俺|咱)(?:家)?(?:就|也)?(?:是|住)?在?)({_DISTRICT_NAMES})区?的?[，,\s]+(?=\S)",
                      r"\1区", said)
        said = re.sub(rf"^((?:北京市?)?(?:{_DISTRICT_NAMES})区)的?[，,\s]*(?:我|我们|俺)?(?:家)?(?:就|也)?住在(?=\S{{2}})", r"\1", said)
        # … and the citizen's own 我在 / 我家住在 (a tester's read back 地点：我在昌平区回龙观龙泽苑)
        said = re.sub(r"^(?:(?:我|我们|俺|俺们|咱|咱们)(?:家)?(?:就|也|还|现在)?(?:住)?在|还是|就是|就在|是在|也是|都是"
                      r"|还在|就|在|是)(?=\S{3})", "", said)
        # … and who or what is there ("烧烤在朝阳区双井街道…", "公司在大兴区亦庄": tester47 B6)
        # (我租的房子在通州区九棵树 kept its 我租的房子在: session 54's conversations)
        subject = _SUBJECT_AT.match(said) or re.match(r"^[\u4e00-\u9fff]{5,8}?(?:住在|位于|在)(?=\S{2})", said)
        if subject and (_DISTRICT_OF.match(said[subject.end():])
                        # (那家店在怀柔 青春路, 井盖在丰台 草桥…: tester57 F8, 请问“青春路”在哪个区)
                        or re.match(rf"(?:{_DISTRICT_NAMES})[\s，,]", said[subject.end():])):
            said = said[subject.end():]
        said = DEICTIC_TAIL.sub("", said) or said  # "菊儿胡同口那儿" → 菊儿胡同口
        # a 的 between the district (and an area in it) and the place's name is no part of it (西城区的北京儿童医院 was
        # read back word for word, 昌平区回龙观的龙泽苑 with its 的: session 57's conversations)
        said = _DE_BEFORE_NAME.sub(r"\1", said)
        # … and "的一家" before a name said with its kind (昌平区天通苑的一家物美超市 was read back so: session 57)
        said = _ONE_BEFORE_NAME.sub("", said)
        # where the place was read from ("外卖上写的是“湘味小厨（国贸店）”"): no part of it (tester51 C9)
        said = _READ_FROM.sub("", said).strip("“”\"' ") or said
        # where the ride began (从三里屯打的车 was read back as 北京市朝阳区从三里屯打的车: session 54's conversations)
        said = re.sub(r"^从(?=\S{2})(.+?)(?:打的车|打的的|打车|上的车|上车|坐的车)(?:的)?$", r"\1", said)
        route = _ROUTE.fullmatch(said)
        if route:  # "从首都机场打车到望京": a ride's way, both ends (it was 地点：从首都机场: tester51 C9)
            return f"{route.group(1)}至{route.group(2)}"
        said = _clearer(said)
        # a spoken particle or a "that side" after a name is no part of it (…中关村派出所啊, 宣武那边牛街: tester56 E20)
        said = re.sub(r"(?<=[\u4e00-\u9fff])(?:那边儿?|这边儿?|那块儿?|那片儿?)(?=[\u4e00-\u9fff]{2})", "", said)
        said = re.sub(r"(?<![酒网氧书水话])[啊呀吧呢哈嘛啦哦]+[。！!，,]*$", "", said) or said
        end = _last_place_end(said)
        if end is not None:
            tail = said[end:]
            if len(re.sub(r"\W", "", tail)) > 4 and not _WHERE_WORDS.search(tail) \
                    and not _A_PLACE_OF_KIND.fullmatch(tail.strip()):  # (中关村的一家面馆 lost its 面馆: session 57)
                said = said[:end]
            elif re.match(r"\s+\S", tail) and _tells_problem(tail) and not _WHERE_WORDS.search(tail):
                said = said[:end]  # "…12号楼 电梯": what is wrong there, no part of where (tester50 C2)
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
            if core in normalised or _same_place(normalised, core):  # (西城區月壇北街 → 北京市西城区月坛北街)
                return normalised
            # the citizen's words, with the 北京市 the normal form puts before their district
            # (朝阳区朝外派出所门口 → 北京市朝阳区朝外派出所门口)
            district = re.match(r"北京市([^区]{1,3}区)", normalised)
            if district and not core.startswith("北京") and core.startswith(district.group(1)):
                return "北京市" + core
            if district and core.startswith(district.group(1)[:-1]) \
                    and normalised.removeprefix("北京市") == district.group(1) + core[len(district.group(1)) - 1:]:
                return normalised  # 石景山鲁谷 → 北京市石景山区鲁谷 (我说了石景山鲁谷啊 kept no district: tester59 G11)
            if district and re.match(rf"{district.group(1)[:-1]}[\s，,]", said):
                # 通州 九棵树 翠屏北里 → 北京市通州区九棵树翠屏北里 (tester57 F5; 朝阳公园 stays a name)
                return f"北京市{district.group(1)}{core[len(district.group(1)) - 1:]}"
            if district and not re.search(rf"(?:{_DISTRICT_NAMES})区", core) and not core.startswith("北京") \
                    and district.group(1)[:-1] not in core:
                # the district the triage found for the citizen's words (朝阳公园南门进去右手边)
                return f"北京市{district.group(1)}{core}"
            overlap = next((k for k in range(len(core), 2, -1) if normalised.endswith(core[:k])), 0)
            if district and overlap:
                # a landmark named after its district, and where at it (朝阳公园门口, 密云水库边上: filed with no
                # district, tester59 G11) → 北京市朝阳区朝阳公园门口
                return normalised + core[overlap:]
            return _in_beijing(core)
        if PLACE_WORDS.search(VERB_ROAD.sub("", said)) and not NOT_A_PLACE.search(said) and len(said) <= 60:
            return _in_beijing(said)
        return None

    @staticmethod
    def _cancelled(slot: str, said: str, dispatcher: Optional[CollectingDispatcher] = None) -> Optional[Dict[Text, Any]]:
        """"算了" / "不报了" as the answer: the form ends and files nothing (action_submit_complaint
        says so), rather than count as a failed answer (the third hands over, filing a case). "算了不留电话"
        refuses the number: no number, the question asked again (it dropped the report: tester50 C7)."""
        if slot != "contact" and PHONE_REFUSED.search(re.sub(r"\s", "", said)) and not _phone_in(said):
            if dispatcher is not None:
                dispatcher.utter_message(text="好的，不留电话。")
            return {slot: None, "contact": NO_CONTACT}
        replaced = REPLACED_BY_ANOTHER.search(re.sub(r"\s", "", said))
        if replaced and len(re.sub(r"\W", "", re.sub(r"\s", "", said)[replaced.end():])) >= MIN_CHARS:
            return None  # another problem instead of this one (_switched_first registers it)
        if len(said) <= 30 and CANCEL_FORM.search(said):
            return {slot: None, "confirmation": False, "form_outcome": "cancelled", "requested_slot": None}
        return None

    async def _switched_first(self, slot: str, said: str, tracker: Tracker, dispatcher: CollectingDispatcher,
                              domain: DomainDict) -> Optional[Dict[Text, Any]]:
        """"哎不对 我先说另一个事 更急 我们楼电梯坏了三天了…" while the form asks about the first problem: the new
        one is registered first, the first one kept for after filing (both had been merged into one case, the
        cue words in its text: tester51 C14). None when the citizen does not put another problem first."""
        plain = re.sub(r"\s+", "，", said.strip())
        replaced = REPLACED_BY_ANOTHER.search(plain)
        if replaced:
            plain = plain[:replaced.start()] + "，" + plain[replaced.end():]
        if not SWITCH_FIRST.search(plain) and not replaced:
            return None
        clauses = [c for c in re.split(r"[，,。；;！!]+", plain) if c.strip()]
        rest = "，".join(c for c in clauses if not SWITCH_FIRST.search(c) and not CORRECTION_ONLY.fullmatch(c)
                        and not _FILLER_CLAUSE.fullmatch(c) and not re.fullmatch(r"(?:哎|诶|唉|啊|哦|噢|嗯)+", c)
                        and not re.fullmatch(r"(?:这个|那个|这件|那件)?(?:事儿?)?(?:更|比较|特别)(?:急|要紧)(?:一些|点)?", c))
        old = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
        if len(re.sub(r"\W", "", rest)) < MIN_CHARS or not old or rest in old:
            return None
        if replaced:  # the first one dropped: nothing kept for after filing
            dispatcher.utter_message(text=f"好的，刚才那件不登记了，登记这件：{_shown(rest)}。")
            slots = await self.validate_description(rest, dispatcher, _fresh(tracker), domain)
            return {**{k: None for k in ("address", "time", "contact", "category_choice")}, **slots}
        dispatcher.utter_message(text=f"好的，先登记这件：{_shown(rest)}。您刚才说的“{_shown(old)}”，这件登记完再帮您登记。")
        slots = await self.validate_description(rest, dispatcher, _fresh(tracker), domain)
        return {**{k: None for k in ("address", "time", "contact", "category_choice")}, **slots,
                "second_issue": old[:200]}

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
        if not cue and update_only(said):
            # "消防车已经到了" while the form asks: an update on the danger, no second problem (tester53 D7)
            dispatcher.utter_message(text=UPDATE_TOLD)
            return {slot: None}
        clauses = [c for c in re.split(r"[，,。；;！!\s]+", said) if c]
        if slot == "address" and not cue and clauses and all(_place_clause(c) for c in clauses):
            return None  # "朝阳大悦城地下停车场" asked where: the place (it was parked as a second problem: tester53 D7)
        if slot == "category_choice" and not cue:  # a sentence here usually says which reading
            return None
        if not cue and slot in ("time", "address") and TIME_HINT.search(said) and TIME_OF_DAY.search(said) \
                and not PLACE_WORDS.search(said):  # "天天晚上十一二点还在打桩": its hours, more of this one
            return None
        # without a cue it may be more of this one ("楼上还在装修，电钻声很吵" after 楼上噪音): another
        # problem when it names a problem this one does not (垃圾 after 私搭乱建), or, told with a
        # place of its own while asked where or when, when it reads as another kind
        filed = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
        if slot in ("address", "time", "contact") and _service_only(filed) and _tells_problem(said) \
                and not _service_only(said):
            # "你们12345办事效率太低了，我反映的事一个月了都没人管" then "就是小区门口的下水道堵了": the matter the service
            # complaint was about; it was parked as a second problem and the service complaint filed alone (to 民政局:
            # session 51's conversations). The matter first, the complaint about 12345 kept with it for its note.
            again = _with(tracker, requested_slot="description", description=None, description_draft=None)
            matter = re.sub(r"^(?:就是|是|就)", "", said.strip())
            slots = await self.validate_description(f"{matter}。{filed}", dispatcher, again, domain=None)
            return {slot: None, **slots}
        if not cue and clauses and all(_INACTION.search(c) and len(re.sub(r"\W", "", _INACTION.sub("", c))) <= 3
                                       for c in clauses):
            return None  # "楼上不开门，物业也不管" after 楼上漏水: who will not act on this one (it was parked: session 51)
        # (房, 租, 地 name no problem of their own: "我租的房子，到期了" after 中介不退押金 was parked as a second problem,
        # and so was "他们说墙脏了要扣两千", money kept back as the filed matter's: session 53's conversations)
        new_words = new_problem_words(said, filed)
        same_noise = bool(NOISE_WORDS.search(filed) and (NOISE_WORDS.search(said) or _noise_source(said)))
        # (a district is a place too: 我租的房子在通州区九棵树 was parked by its 树: session 54's conversations)
        placed = bool(PLACE_WORDS.search(said) or _DISTRICT_SAID.search(said))
        other = bool(cue) or (bool(new_words) and not same_noise and not placed)
        if not other and not cue and not same_noise and slot in ("address", "time") and placed \
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
        # a time said first without a pause (昨天晚上从首都机场到国贸 was all the place; 昨天晚上在国贸 all the time, and
        # the place asked again: session 55's conversations): the pause put in, each read as said apart
        value = _TIME_BEFORE_PLACE.sub(r"\1，", str(value or ""), count=1)
        refused, rest = _refusal_apart(str(value or ""))
        if refused and not _contact(tracker):
            # "不留" where the place was asked, alone or with the place (望京西园四区门口 不留): the phone refused, never
            # the place (这个地点还不够具体, and the phone asked later all the same: tester59 G16 r03, x03)
            if not rest:
                dispatcher.utter_message(text="好的，不留电话。")
                return {"address": None, "contact": NO_CONTACT}
            return {**(await self.validate_address(rest, dispatcher, tracker, domain)), "contact": NO_CONTACT}
        line = _SUBWAY_LINE.search(re.sub(r"\s", "", str(value or ""))) or (
            _SUBWAY_LINE.search(tracker.get_slot("description") or "")
            if PLACE_DONT_KNOW.fullmatch(re.sub(r"[\s，,。！!]", "", str(value or ""))) else None)  # (不知道, for a line)
        if line and re.search(r"地铁|[0-9一二三四五六七八九十]+号线", tracker.get_slot("description") or "") \
                and not PLACE_WORDS.search(_SUBWAY_LINE.sub("", str(value or ""))) \
                and not _DISTRICT_SAID.search(str(value or "")):
            # "就10号线啊，地铁还有地址吗" for a crowded line: the line is the place (asked again, then 不知道 was
            # 不够具体 and the citizen gave up: tester59 G12)
            place = f"地铁{line.group(1)}"
            dispatcher.utter_message(text=f"好的，地点按“{place}”登记。")
            return {"address": place, "place_piece": None}
        slots = await self._address_answer(value, dispatcher, tracker, domain)
        if slots.get("address"):
            # (通州区梨园镇的一个小区，叫九棵树家园 was read back as …梨园镇的一个小区叫九棵树家园: session 56)
            slots["address"] = _name_into_place(slots["address"])
        if slots.get("address") and re.search(r"[\u4e00-\u9fff][，,][\u4e00-\u9fff]", slots["address"]):
            # "海淀区，中关村派出所，户籍窗口" (pauses turned into commas): one place (tester48 N7)
            slots["address"] = re.sub(r"(?<=[\u4e00-\u9fff])[，,](?=[\u4e00-\u9fff])", "", slots["address"])
        if slots.get("address"):
            # "三里屯街道啊，我刚说了，工体北路那个店": no 啊 in the place (三里屯街道啊工体北路店: tester48 N7)
            # (密云水库啊溪翁庄: tester59 G13)
            slots["address"] = re.sub(r"(?<=[区镇乡道街路村里园苑号楼院库湖河桥站场])(?:啊|呀|嘛|呢|吧)+(?=[\u4e00-\u9fff0-9]|$)", "",
                                      slots["address"])
        if slots.get("address"):  # "万柳华府小区里": the 里 of 在…里 is no part of the place (tester50 C5)
            slots["address"] = re.sub(r"(?<=小区|大院|院子)(?:里面|里头|里|内)$", "", slots["address"])
        description = tracker.get_slot("description") or ""
        if slots.get("address") and _wages_unpaid(description):
            # unpaid wages, the employer asked for with the place (ActionAskAddress): its name, how much and
            # how long join the complaint ("朝阳区酒仙桥路10号恒通物流有限公司" kept only the street; "…T3 我是程序员
            # 离职了 最后两个月工资没发" was all the place: tester51 C4)
            now = slots.get("description") or description
            answer = _spaced_pieces(_civil(str(value or "")) or str(value or ""))
            clauses = [c.strip() for c in re.split(r"[，,。；;！!]", answer) if c.strip() and not _filler(c)]
            new = [c for c in clauses if c not in now and not _the_place_itself(c, slots["address"]) and (
                (_employer_named(c) and not _employer_named(description)) or WAGE_FACTS.search(c)
                or not (PLACE_WORDS.search(c) or _DISTRICT_SAID.search(c)))]
            if new:
                now = "，".join([now.rstrip("，,。 "), *new])
                slots.update(description=now, description_draft=now)
        if slots.get("address") and _needs_district(slots["address"]) and not tracker.get_slot("place_piece"):
            # "幸福家园", "广渠路": Beijing has several, or it crosses districts; the description's district when it
            # names one, else the district is asked once (it was accepted as said: tester51 C18)
            district = next((m.group(2) for m in _DISTRICT_SAID.finditer(tracker.get_slot("description") or "")
                             if not m.group(1)), None) or _district_read_back(tracker)
            if district:
                slots["address"] = f"北京市{district}区{slots['address']}"
            else:
                slots["place_piece"], slots["address"] = slots["address"], None
        if slots.get("time") and slots["time"] != tracker.get_slot("time") and not slots.get("address"):
            _money_apart(slots, description, dispatcher)
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
        over = await self._over_then_matter(said, tracker, dispatcher)
        if over is not None:  # "已经打110了 人救上来了 亮马河燕莎那段 护栏有个缺口" after the wait (tester51 C8)
            return over
        said = _place_said(said)  # "等等，地址说错了，是…", "location是…" (tester50 C5)
        # "万柳华府小区里 10分钟前": the time said after the place, apart (it was stored in the place: tester50 C5)
        said = re.sub(r"(?:(?<=[\u4e00-\u9fff])\s+|(?<=[里区园苑楼院号口门])\s*)"
                      r"(?=[0-9一二三四五六七八九十两半几]+(?:个)?(?:分钟|小时|天|周|星期|个月|月|年)(?:前|以前))", "，", said)
        # "朝阳区 管庄 北京像素": the pieces of one place, typed with spaces (a tester's was filed so); a piece
        # that is no place ("在望京SOHO T3 我是程序员 离职了 最后两个月工资没发") is a clause of its own (it was
        # all stored as the place: tester51 C4)
        said = _spaced_pieces(said)
        # "立汤路那个地铁工地": the pause word inside a place (the site went into the problem: tester48 N7)
        said = re.sub(r"(?<=[路街道区镇乡村里园苑桥门院楼])(?:那个|这个)(?=[\u4e00-\u9fff]{2})", "", said)
        if said and not _civil(said):
            return self._fail("address", tracker, dispatcher, "utter_keep_civil")
        cancelled = self._cancelled("address", said, dispatcher) or await self._corrected_now("address", said, tracker, dispatcher) \
            or await self._switched_first("address", said, tracker, dispatcher, domain)
        if cancelled:
            return cancelled
        plain = re.sub(r"\s", "", said)
        if _BA_DONE.search(plain) and tracker.get_slot("description") and not _DISTRICT_SAID.search(plain):
            # "物业把小区绿地改成停车场了" (asked where, after 我要投诉物业): what was done, more of the problem; it was taken
            # for a place of no district (在哪个区？) and the problem lost (session 53's conversations)
            return _more_at_place(tracker.get_slot("description"), said, dispatcher)
        if _REPORTED_BEFORE.search(plain) and tracker.get_slot("description") and not PLACE_WORDS.search(plain) \
                and not _DISTRICT_SAID.search(plain):
            # "上次反映过，还是不热" (asked where): reported before, more of the problem; it was 这个地点还不够具体
            return _more_at_place(tracker.get_slot("description"), said, dispatcher)
        if _BRAND_ONLY.fullmatch(re.sub(r"[，,。！!]", "", plain)) and tracker.get_slot("description"):
            # "顺丰的" (a courier's lost parcel, asked where): whose it is, more of the problem; it was 这个地点还不够具体
            return _more_at_place(tracker.get_slot("description"), said, dispatcher)
        if _THIS_FIRST.fullmatch(re.sub(r"[，,。！!]", "", plain)) and tracker.get_slot("description"):
            # "垃圾的事先说吧" (two problems told, asked where): which one first, no more of the problem (it was glued to
            # it: 小区垃圾没人清，还有物业乱收费，垃圾的事先说吧: session 53's conversations)
            dispatcher.utter_message(text="好的，先登记这件。")
            dispatcher.utter_message(response="utter_ask_address")
            return {"address": None}
        if _wish_only(plain):
            # "那我再反映一次吧" / "我要反映一下" asked where: the wish alone, no more of the problem (it joined the
            # problem, or got 没有理解: session 53's conversations); the place asked again, no failed answer
            dispatcher.utter_message(text="好的。")
            dispatcher.utter_message(response="utter_ask_address")
            return {"address": None}
        clauses = [re.sub(r"[啊呀吧呢哈嘛啦]+$", "", c) for c in re.split(r"[，,。！!？?；;\s]+", str(value or ""))
                   if c.strip()]
        district = next((_district_alone(c) for c in clauses if _district_alone(c)), None)
        if district and len(clauses) > 1 and all(_district_alone(c) or DONT_KNOW.search(c) for c in clauses):
            # "朝阳区啊 具体在哪条路我也不清楚": the district, not 不够具体 and at last 地点不详 (tester56 E8)
            dispatcher.utter_message(text=f"好的，地点按“{_shown(district)}”登记。")
            return {"address": district, "place_piece": None}
        call = danger_call(tracker) if SEND_NOW.search(plain) else None
        if call and not _said_this_turn(tracker, "没法马上派人到现场"):
            # "大兴区黄村…5号楼 你们快派人来啊" trapped in a lift: this chat sends nobody now (tester56 E16)
            dispatcher.utter_message(text=SEND_NOW_DANGER.format(call=call))
        if SEND_NOW.search(plain) and not PLACE_WORDS.search(plain) and not _DISTRICT_SAID.search(plain) \
                and len(re.sub(r"\W", "", SEND_NOW.sub("", plain))) <= 8:
            # "你们快派人来啊！！！" asked where: the place first, so that someone can be sent (tester50 C2)
            if not call and not _said_this_turn(tracker, PLACE_FIRST_MARK):
                dispatcher.utter_message(text=PLACE_FIRST_PERSON if PERSON_ASKED.search(plain) else PLACE_FIRST)
            return {"address": None}
        protest = self._protest("address", said, tracker, dispatcher)
        if protest:  # "你先别问地方，我是说你们12345的服务有问题": no place (it was filed as the time: tester47 B8)
            return protest
        online = self._online(said, tracker, dispatcher)
        if online:  # "网上买的啊，哪有地点，店铺叫…": no place to ask for (tester47 B6)
            return online
        bus = _bus_line_alone(said, tracker.get_slot("description") or "")
        if bus:  # "特8路" about a bus driver: the line is the place, never 请问“特8路”在哪个区 (session 52)
            dispatcher.utter_message(text=f"好的，地点按“{bus}”登记，承办单位按线路查找。")
            return {"address": bus}
        which = self._district_of_piece(str(value or "").strip(), tracker, dispatcher)
        if which:  # the district asked for (请问“和平里”在哪个区？), before the answer is read as more of the matter
            return which
        description = tracker.get_slot("description") or ""
        clauses = [c.strip() for c in re.split(r"[，,。；;]+", said) if c.strip()]
        route = _ROUTE.fullmatch(clauses[0]) if len(clauses) > 1 and description else None
        if route:
            # "从北京站到天坛，平时二十块，他收了五十": the ride's way, and the rest joins the problem (it was 地点：
            # 北京市东城区从北京站, and 到天坛 put into the problem: session 52's conversations)
            more = f"{description}，{'，'.join(_civil(c) or c for c in clauses[1:])}"
            dispatcher.utter_message(text="好的，地点记下了，您说的情况也补充到问题里了。")
            return {"address": f"{route.group(1)}至{route.group(2)}", "description": more, "description_draft": more}
        if description and _DETAIL_NUMBER.search(said) and not PLACE_WORDS.search(_DETAIL_NUMBER.sub("", said)) \
                and not _DISTRICT_SAID.search(said):
            # "车牌号京B8H123" asked where: the plate joins the problem, the place asked again (it was the time)
            return _told_more("address", description, said, dispatcher)
        more = await self._place_with_more(said, tracker, dispatcher)
        if more:  # the place, and what else was said of the matter (tester47 B1, B6, B11)
            return more
        cancelled = (self._side_question("address", said, dispatcher, tracker)
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
        piece = _same_place_piece(said)
        before = _last_filed_address(tracker) if piece else None
        if before:  # "就在同一个小区，3号楼": that building of the place filed last
            place = _with_building(before, piece)
            dispatcher.utter_message(text=f"好的，地点记下了：{_shown(place)}。")
            return {"address": place}
        which = self._district_of_piece(str(value or "").strip(), tracker, dispatcher)
        if which:
            return which
        line = _whole_line(said, tracker.get_slot("description") or "")
        if line:  # "八通线是一整条线 没法说哪个街道 你就写八通线全线" (tester56 E15)
            dispatcher.utter_message(text=f"好的，地点按“{line}”登记。")
            return {"address": line, "place_piece": None}
        aboard = _aboard(said, tracker.get_slot("description") or "")
        if aboard:  # "在车上啊，我哪知道是哪条街" about 特8路: the line is the place (tester51 C9)
            hours = [c for c in re.split(r"[，,。；;]", said) if c.strip() and _is_hours(c) and not _ASKS_WHICH.search(c)]
            told = "，".join(h.strip() for h in hours)
            plate = "和车牌" if re.search(r"车牌|车号|[京津冀][A-Z][A-Z0-9]{4,5}", said + (tracker.get_slot("description") or "")) else ""
            dispatcher.utter_message(text=f"好的，地点按“{aboard}”登记，承办单位按线路{plate}查找。")
            return {"address": aboard, **({"time": _fuller_time(tracker.get_slot("time"), told)}
                                          if told and _time_open(tracker.get_slot("time"), told) else {})}
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
        described = tracker.get_slot("description") or ""
        home = _home_district(re.sub(r"\s", "", said)) if _OWN_BENEFIT.search(described) \
            and not _EMPLOYER.search(described) and len(re.sub(r"\W", "", said)) <= 16 else None
        if home:
            # "我在海淀交的社保" for 养老金这个月没到账: one's own benefit is the district's office's (社保中心), no street
            # to find; it was asked where again and again, then 不够具体 (session 54's conversations)
            place = f"北京市{home.group(1)}区"
            dispatcher.utter_message(text=f"好的，地点按“{place}”登记，承办单位按您参保、所在的区查办。")
            told = _told_more("address", described, said, CollectingDispatcher()) \
                if not _district_alone(said) else {}
            return {**told, "address": place, "place_piece": None}
        if district and district != piece:
            # "海淀区": kept, and asked where in it (no failed answer)
            dispatcher.utter_message(text=f"好的，地点记下了：{district}。")
            return {"address": None, "place_piece": district}
        # "石景山区古城大街，每天晚上十一点以后": the place, and the hours said with it
        clauses = [c for c in re.split(r"[，,。；;]", said) if c.strip()]
        rooms = [c for c in clauses if ROOM_NUMBER.search(c) and not PLACE_WORDS.search(c)]
        description = tracker.get_slot("description")
        if rooms and len(rooms) < len(clauses) and description:
            # "…14号楼，我家是501 他家601": the place, the flats' numbers with the problem (they were the time:
            # tester48 N6)
            place = await self._place("，".join(c for c in clauses if c not in rooms))
            if place:
                more = f"{description}，{'，'.join(r.strip() for r in rooms)}"
                dispatcher.utter_message(text="好的，地点记下了，您说的情况也补充到问题里了。")
                return {"address": place, "description": more, "description_draft": more}
        hours = [c for c in clauses if (_is_hours(c) or (_when(c) and re.search(r"前|以前|之前", c)))
                 and not ROOM_NUMBER.search(c)]  # (10分钟前 after the place: its time, tester50 C5)  # (我家是501: no hour, tester48 N6)
        if hours and len(hours) < len(clauses):
            place = await self._place("，".join(c for c in clauses if c not in hours))
            if place:
                told = "，".join(hours).strip()
                return {"address": place, **({"time": _fuller_time(tracker.get_slot("time"), told)}
                                             if _time_open(tracker.get_slot("time"), told) else {})}
        ride = _RIDE_FROM.fullmatch(said.strip("，,。 "))
        if ride:
            # "昨天晚上从三里屯打的车" (a ride's start, with when): the place and the time apart (it was all the place:
            # 北京市朝阳区昨天晚上从三里屯打的车, session 51's conversations)
            place = await self._place(ride.group("place"))
            if place:
                told = (ride.group("time") or "").strip()
                return {"address": place, **({"time": _fuller_time(tracker.get_slot("time"), told)}
                                             if told and _time_open(tracker.get_slot("time"), told) else {})}
        segment = _area_in_district(said, tracker.get_slot("description") or "") if SEGMENT_TAIL.search(said) else None
        place = segment or await self._place(said) or _area_in_district(said, tracker.get_slot("description") or "")
        if place:  # a district with an area, a river with a segment: enough to send the case
            end = _last_place_end(said)
            tail = re.sub(r"^(?:的|里的|里|那个|这个|的一个|的那个|有个|有一个|一个)", "", said[end:].strip("，,。 ")) \
                if end is not None and not segment else ""
            description = tracker.get_slot("description") or ""
            if description and _tells_problem(tail) and tail not in description and len(re.sub(r"\W", "", tail)) > 4 \
                    and not _WHERE_WORDS.search(tail) and tail not in place:  # (…派出所，户籍窗口: where, kept by _place)
                # "北京朝阳医院的一个医生态度特别差，还骂人" after 我想投诉一个医生: the place, and what happened there joins
                # the problem (it was dropped: session 51's conversations)
                more = f"{description}，{_civil(tail) or tail}"
                dispatcher.utter_message(text="好的，地点记下了，您说的情况也补充到问题里了。")
                return {"address": place, "description": more, "description_draft": more}
            named = _named_after_kind(tail)
            if named and named not in place:
                # "海淀区中关村大街的一个科技公司，叫星云科技": the name was lost with the kind (地点：…中关村大街: session 52)
                place = _joined(place, named)
            return {"address": place}
        description = tracker.get_slot("description")
        if description and _is_hours(said) and _problem_not_time(said):
            # "每个月除了保教费还要另外交800的兴趣班费，说是自愿其实不交不行": the problem told, never its time
            # (it was read back as 时间：每个月除了保教费…: tester50 C4); the place asked again
            return _more_at_place(description, said, dispatcher)
        if description and _ONCE_THEN.search(said) and not PLACE_WORDS.search(said):
            # "一叫就是好几个小时" (asked where, after 邻居家的狗): how the matter goes, never its time (it was filed as
            # 时间：一叫就是好几个小时: session 53's conversations)
            return _more_at_place(description, said, dispatcher)
        if _time_open(tracker.get_slot("time"), said) and _is_hours(said):
            # (an unfinished problem, 邻居家的狗 then 每天晚上叫: any word beside the time is more of it: session 53)
            # (…still going on, 都十二点了还在干: the work, more of the problem too)
            time = await _time_part(said, loose=len(re.sub(r"\W", "", description)) <= 8
                                    or bool(re.search(r"还在|还没停|没停|不停|还[\u4e00-\u9fff]{0,2}着", said))) \
                if description else None
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
        when = _time_said(said) if description and not PLACE_WORDS.search(said) \
            and not re.search(r"一样|同上|同一|相同|地址|地方|地点|位置", said) else None
        if when:
            # "昨天晚上" / "不对不对，应该说是这一个月每天晚上都有" where the place was asked, a time held already
            # (天天晚上, from the complaint): the time said now, the place asked again (它 was 这个地点还不够具体:
            # tester50 C18)
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(when)}。")
            return {"address": None, "time": when}
        if description and _more_not_place(said):
            # "家里才十五六度，老伴冻得直咳嗽", "快递公司的，顺丰 不对 是中通的分拣场": no place, more of the
            # problem; it joins the description and the place is asked again (it was dropped: tester50 C4)
            return _more_at_place(description, said, dispatcher)
        return self._fail("address", tracker, dispatcher, "utter_address_vague")

    async def _over_then_matter(self, said: str, tracker: Tracker,
                                dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """After the wait for a person in danger (有人掉河里了 → 110 and "处理好之后，再告诉我这件事发生在哪里"): the danger
        said to be over with the matter to report and its place ("已经打110了 人救上来了 亮马河燕莎那段 护栏有个缺口",
        "处理好了 我就是想反映护栏缺口 在朝阳区亮马河燕莎桥附近"): the matter becomes the problem (the danger kept
        as what happened before), the place taken or asked. The same wait had been said again, and the read-back
        said only 有人掉河里了 (tester51 C8). None for any other answer."""
        plain = re.sub(r"\s+", "，", said.strip())
        if not _said_last_turn(tracker, PERSON_WAIT_MARK) or not _PERSON_SAFE.search(plain):
            return None
        clauses = [c for c in re.split(r"[，,。；;！!]+", plain) if c.strip()]
        rest = [c for c in clauses if not _PERSON_SAFE.search(c) and not DANGER_PENDING.fullmatch(c)
                and not re.search(r"(?:消防|警察|民警|救护车|急救|物业|维保)(?:的|员|队)?(?:人)?(?:已经|都)?(?:来|到)了", c)
                and not re.fullmatch(r"(?:已经|我)?(?:打|报)(?:了|过)?(?:110|120|119|警)(?:了)?", c)]
        matter = [re.sub(r"^(?:我)?(?:就是|就|是)?(?:想|要)?(?:反映|说|投诉|举报)(?:一下)?(?:的是)?", "", c) for c in rest
                  if _FAULT.search(c) or (_tells_problem(c) and not _place_clause(c))]
        matter = [m for m in matter if len(re.sub(r"\W", "", m)) >= 2]
        before = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
        if not matter or not any(w not in before for m in matter for w in PROBLEM_WORDS.findall(m) + _FAULT.findall(m)):
            return None  # (这电梯老出毛病 after 我被困在电梯里了: the same matter, its own path)
        places = [c for c in rest if c not in matter and not any(c.endswith(m) for m in matter)]
        problem = "，".join(matter) + (f"（此前：{before.strip('，,。！! ')}，已报警处理）" if before else "")
        slots: Dict[Text, Any] = {"description": problem, "description_draft": problem}
        where = re.sub(r"(?:附近|旁边|一带|那边儿?|这边儿?)$", "", "，".join(places))
        place = None
        if where:
            place = (_area_in_district(where, before) if SEGMENT_TAIL.search(where) else None) \
                or await self._place(where) or _area_in_district(where, before)
        said_matter = _shown("，".join(matter))
        if place:
            dispatcher.utter_message(text=f"好的，人没事就好。您要反映的“{said_matter}”记下了，地点：{_shown(place)}。")
            return {**slots, "address": place}
        dispatcher.utter_message(text=f"好的，人没事就好。您要反映的“{said_matter}”记下了。")
        return {**slots, "address": None}

    async def _place_with_more(self, said: str, tracker: Tracker,
                               dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """An answer to "where?" that says more of the matter with the place ("昌平区回龙观街道龙泽苑东区12号楼，
        就十分钟前开始的，物业电话没人接", "公司在朝阳区酒仙桥街道，叫北京星河文化传媒有限公司"): the place is
        the address, the rest joins the description (a worry said with it is answered: 我不想让学校知道是我举报的),
        and only a problem said as another one (另外我们公司还拖了我两个月工资) is kept for after filing; it was
        all parked as a second problem and the place asked again (tester47 B1). None for an answer that is
        only a place (and hours), or that tells another problem with its place (the checks after it)."""
        if _contact_said(said) or _outside_beijing(said) or _same_as_before(said) \
                or re.search(r"叫(?:啥|什么)(?![\u4e00-\u9fff]{2,}(?:公司|装饰|店|超市|饭店|餐厅|中心|集团))|我想想|想不起来|"
                             r"记不(?:太)?清|好像是?|大概是|可能是|来着", said):  # (_clearer's; 公司叫什么美家装饰 names it)
            return None
        parts = _answer_parts(said)
        if not parts["place"] or not (parts["more"] or parts["other"] or parts["filler"]) \
                or GENERIC_PLACE.fullmatch(LEAD_FILLER.sub("", "".join(parts["place"]))) \
                or any(PLACE_DONT_KNOW.fullmatch(c) for c in parts["more"]):
            return None  # (a place with no name, or none known: _vague_place)
        description = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
        more = "，".join(parts["more"])
        if more and _another_matter(more, description):
            return None  # another problem, with its own place (石景山区古城大街，路面塌了一个大坑): as before
        corrected = any(CORRECTION_ONLY.fullmatch(p) or _CORRECTED.match(p) for p in parts["place"])
        place = await self._place(("，" if corrected else "").join(parts["place"]))  # pieces of one place, one
        if not place:
            return None
        place = re.sub(rf"^(北京市)?((?:{_DISTRICT_NAMES})区)(.+?)\2", r"\1\2\3", place)  # 顺义区…，顺义区第五中学
        named = next((m for m in map(_NAMED_PLACE.fullmatch, parts["more"]) if m), None)
        bare = next((c for c in parts["more"] if _NAMED_BARE.fullmatch(c.strip())), None) if not named else None
        kind = _A_PLACE_OF_KIND.search(place) if bare else None
        bare_name = _named_after_kind(f"{kind.group(0)}，{bare}") if kind else None
        if named:
            # "朝阳区望京的一家私立幼儿园，叫小太阳幼儿园": the name is the place's (it was 望京的一家私立幼儿园, and 叫小太阳
            # 幼儿园 added to the problem: session 51)
            place = _A_PLACE_OF_KIND.sub("", place) + named.group(1)
            parts = {**parts, "more": [c for c in parts["more"] if c != named.group(0)]}
            more = "，".join(parts["more"])
        elif bare_name:
            # "东城区东四的一个饭馆，叫老王家": a name without its kind word (session 52)
            place = _joined(place[:_kind_start(place, kind)], bare_name)
            parts = {**parts, "more": [c for c in parts["more"] if c != bare]}
            more = "，".join(parts["more"])
        slots: Dict[Text, Any] = {"address": place}
        hours = "，".join(parts["hours"])
        if hours and _time_open(tracker.get_slot("time"), hours):
            slots["time"] = _fuller_time(tracker.get_slot("time"), hours)
        elif hours:
            more = "，".join(filter(None, (more, hours)))
        told = _civil(more) if more else ""
        if told:
            text = f"{description}，{told}".strip("，")
            slots.update({"description": text, "description_draft": text})
        if PRIVACY_WISH.search(more) and not _advised(tracker, KEPT_SECRET):
            dispatcher.utter_message(text=KEPT_SECRET)  # kept in the text too, as a description's is
        elif told:
            dispatcher.utter_message(text="好的，地点记下了，您说的情况也补充到问题里了。")
        if parts["other"]:
            dispatcher.utter_message(response="utter_one_at_a_time")
            other = "，".join(parts["other"])
            slots["second_issue"] = re.sub(r"^(?:另外|还有|再就是|再有|顺便)(?:就是|一个是|呢)?", "", other)[:200] or other
        return slots

    @staticmethod
    def _online(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """"网上买的啊，哪有地点，店铺叫优品家居旗舰店，在某东上" asked where a purchase went wrong: an online
        purchase has no place to give (the bot asked twice and forced a home district: tester47 B6); filed as
        网络购物, the shop and platform said joining the description. None for any other answer."""
        description = tracker.get_slot("description") or ""
        plain = re.sub(r"\s", "", said)
        if not (ONLINE.search(plain) and (NO_PLACE_ONLINE.search(plain) or ONLINE_SHOP.search(plain) or _ORDERED_ONLINE.fullmatch(plain))
                or NO_PLACE_ONLINE.search(plain) and ONLINE.search(description)) \
                or _DISTRICT_SAID.search(plain) and not NO_PLACE_ONLINE.search(plain):
            return None  # (a district said as the shop's place: the place; "我住在海淀区" beside 不知道商家在哪: more)
        more = [c for c in re.split(r"[，,。；;！!？?]+", said) if c.strip() and not NO_PLACE_ONLINE.search(c)
                and not re.fullmatch(r"(?:是|在)?(?:网上|网购|线上)(?:买的|购买的|下单的|买)?(?:啊|呀|嘛|呢|的)?", c.strip())
                and not _ORDERED_ONLINE.fullmatch(c.strip())]
        slots: Dict[Text, Any] = {"address": ONLINE_PLACE}
        if more:
            text = f"{description}，{'，'.join(c.strip() for c in more)}".strip("，")
            slots.update({"description": text, "description_draft": text})
        said_more = "".join(more)
        dispatcher.utter_message(text=ONLINE_TOLD + ("店铺和平台也记在问题里了。" if ONLINE_SHOP.search(said_more) or NAMED.search(
            said_more) else "您说的也记在问题里了。" if more else ""))
        return slots

    @staticmethod
    def _protest(slot: str, said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """"你先别问地方，我是说你们12345的服务有问题，你听懂了没有" where ``slot`` is asked: no answer to it (it was
        stored as the time: tester47 B8); what the citizen insists on joins the description, the question is
        asked again after an apology (no failed answer). None when ``said`` protests nothing, or answers too."""
        clauses = [c.strip() for c in re.split(r"[，,。；;！!？?]+", said) if c.strip()]
        if not any(PROTEST.search(c) for c in clauses) or any(_place_clause(c) for c in clauses) \
                or _phone_in(said) or (slot == "time" and _when(said)):
            return None
        told = [re.sub(r"^(?:我是说|我说的是|我的意思是)", "", c) for c in clauses
                if not re.fullmatch(PROTEST_ONLY, c) and _substantive_more(c)]
        description = tracker.get_slot("description") or ""
        more = "，".join(c for c in told if c not in description)
        dispatcher.utter_message(text="抱歉，您的意思我明白了，已经记在问题里。")
        if more and description:
            text = f"{description}，{_civil(more) or more}"
            return {slot: None, "description": text, "description_draft": text}
        return {slot: None}

    async def _corrected_now(self, slot: str, said: str, tracker: Tracker,
                             dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """A correction said where ``slot`` is asked: a detail named wrong and right ("不对，我说错了，是专8路，不是
        特8") replaced where it was said (the problem, the place, the time), what else is said with it added to
        the problem; a district alone corrected ("不对，是西城区，月坛街道在西城") moves the place. The question is
        asked again; the correction is never that question's answer (it was filed as the place: tester47 B8,
        B5). None for any other answer."""
        answered = tracker.slots_to_validate()  # (the answer itself, as the slot asked holds it now)
        known = {k: None if k in answered else tracker.get_slot(k) for k in ("description", "address", "time")}
        swap = _swapped(said, known) if known["description"] else None
        if swap and slot == "address" and (_DISTRICT_SAID.search(swap[1]) or any(
                _place_clause(c) for c in re.split(r"[，,。；;！!]+", swap[2]) if c.strip())):
            swap = None  # "不是朝阳区，是东城区，东城区广渠门内大街": the place's own answer (validate_address)
        if swap:
            changed, right, rest = swap
            slots: Dict[Text, Any] = {**({slot: None} if slot != "confirmation" else {}), **changed}
            if slot == "time" and "time" not in changed and _when(right):
                slots["time"] = right  # "是晚上，不是白天" asked when: the time, and the problem corrected
            if "description" in changed:
                slots["description_draft"] = changed["description"]
            added = ""
            if rest and _substantive_more(rest) and not CORRECTION_ONLY.fullmatch(re.sub(r"\W", "", rest)):
                added = _civil(rest) or rest
                text = f"{slots.get('description', known['description'])}，{added}"
                slots.update({"description": text, "description_draft": text})
            # (其他内容不变 said where more was added too: tester59 G15)
            dispatcher.utter_message(text=f"好的，已改为“{_shown(right)}”，" + (
                f"并补充了“{_shown(added)}”。" if added else "其他内容不变。"))
            return slots
        moved = _district_fix(said, known["address"]) if CORRECTION_CUE.search(said) else None
        if moved and moved != known["address"]:
            dispatcher.utter_message(text=f"好的，地点改为：{_shown(moved)}。")
            return {**({slot: None} if slot != "confirmation" else {}), "address": moved}
        # (the description before this turn: the intents' complaint reading also puts the words in it)
        retold = _PROBLEM_RETOLD.fullmatch(re.sub(r"\s", "", said)) \
            if (known["description"] or _before(tracker, "description")) and slot in ("address", "time", "contact") else None
        if retold:
            new = retold.group("new").strip("，,。！! ")
            if not _when(new) and not _when(re.sub(r"^是", "", new)) and not PLACE_WORDS.search(new) \
                    and not _DISTRICT_SAID.search(new) and not _phone_in(new) and not NO_CONTACT_ONLY.fullmatch(new):
                # "不对，我说错了，是养鸡，天天早上打鸣" asked where, after 小区里有人养鸽子…: taken as the time, the pigeons
                # filed (session 56's conversations); the problem said anew, the question asked again
                dispatcher.utter_message(text=f"好的，问题改为：“{_shown(new)}”。")
                return {slot: None, "description": new, "description_draft": new}
        return None

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
        description = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
        if _PLACELESS.search(description) and re.match(r"(?:我|也|真)*(?:不知道|不清楚|不晓得|不记得)", plain) \
                and len(re.sub(r"\W", "", plain)) <= 12 and not _DISTRICT_SAID.search(plain):
            # "不知道在哪办的" for a phone card got in one's name: asked where again and again (session 57's
            # conversations); a matter done in one's name somewhere unknown has no place to give
            dispatcher.utter_message(text=f"好的，这类事不一定有具体地点，地点按“{PLACE_UNKNOWN}”登记，确认信息时会写明。")
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
        echo = _ECHO_ASKED.match(said)
        if echo and _when(said[echo.end():]):
            # "啥时候？一直锁着" (asked for a number, after the time was not asked): the question said back, then the
            # time; it got the answer about how long handling takes, and 一直锁着 was lost (session 52's conversations)
            when = said[echo.end():].strip()
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(when)}。")
            return {"contact": None, "time": _with_time(tracker.get_slot("time"), when)}
        swapped = _place_swapped(said, tracker, dispatcher)
        if swapped:  # "不对，是亦庄镇不是旧宫" asked for the number: the place corrected, the number asked again
            return {"contact": None, **swapped}
        if _THIS_NUMBER.fullmatch(re.sub(r"[\s，,。！!啊吧呀]", "", said)) and not re.search(r"\d", said):
            # "电话就是这个号码": the chat shows no caller's number (it was asked again, as if unheard: session 53)
            dispatcher.utter_message(text=THIS_NUMBER_TOLD)
            return {"contact": None}
        if kind_only(said, tracker.get_slot("description") or ""):
            # "环境污染" / "油烟" asked for a number: the kind of problem (it was parked as a second problem, or taken
            # for 不留: session 54's conversations)
            dispatcher.utter_message(text=KIND_LEFT)
            return {"contact": None}
        pieces = _answer_pieces(said, tracker, time_asked=False)
        if pieces and pieces["rest"] and not _report_dropped(said):
            told = _pieces_told(pieces["slots"])
            if told:
                dispatcher.utter_message(text=told)
            return {**(await self.validate_contact(pieces["rest"], dispatcher, tracker, domain)), **pieces["slots"]}
        parts = [p for p in re.split(r"[\s，,。；;！!]+", said) if p]
        others = [p for p in parts if not _REFUSAL_PIECE.fullmatch(p)]
        if 0 < len(others) < len(parts) and all(_place_clause(p) for p in others):
            # "望京西园四区门口，不留": the place, and no number (不留 was stored in the place: tester59 G13)
            place = await self._place("，".join(others))
            if place:
                address = _refined(tracker.get_slot("address"), place, "，".join(others))
                dispatcher.utter_message(text=f"好的，地点记下了：{_shown(address)}，不留电话。")
                return {"contact": NO_CONTACT, "address": address, "place_piece": None}
        phones = _phones_in(said)
        outside = _outside_beijing(said) if not phones else None
        if outside:  # "是长春市朝阳区的" asked for the number: outside Beijing, nothing filed (tester50 C3)
            dispatcher.utter_message(text=outside)
            return {**_outside_ends(), "contact": None}
        if phones:
            if PRIVACY_WISH.search(said):  # "我电话139…，别告诉他们是我举报的"
                dispatcher.utter_message(text=KEPT_SECRET)
            slots = {"contact": _with_call_note(phones[0], said), **_with_spare(tracker.get_slot("description"), phones)}
            return {**slots, **self._facts_with_number(said, {**tracker.slots, **slots})}
        plain = re.sub(r"[\s，,。！!]", "", said)
        if STOP_REPORT.fullmatch(plain) or _report_dropped(said):
            # (算了，我先找物业吧，不登记了: read as 不留, then the read-back: tester57 F10)
            # "不提交了" asked for the number: the report is dropped, not the number (it went on to the read-back,
            # where a habitual 对 would have filed it: tester51 C10)
            return {"contact": None, "confirmation": False, "form_outcome": "cancelled", "requested_slot": None}
        if re.fullmatch(r"(?:那|哎|唉)?算了吧?", plain):
            # "算了" alone: no number, and how to drop the report said (which of the two is meant is not known)
            dispatcher.utter_message(text="好的，不留电话。如果这件事也不想登记了，请说“不提交了”。")
            return {"contact": NO_CONTACT}
        refused, rest = _refusal_apart(said)
        if refused and rest:
            # "望京西园四区门口，不留" / "不留吧，多久能处理啊": the refusal taken and the rest answered as said alone (不留
            # went into the address, or the phone was asked again after the answer: tester59 G16 a04, a02)
            start = len(dispatcher.messages)
            got = await self.validate_contact(rest, dispatcher, tracker, domain)
            for message in dispatcher.messages[start:]:  # no phone: no call promised, no "不想留也可以说不留"
                message["text"] = {WHEN_DONE_TOLD: WHEN_DONE_PLAIN, PRIVACY_TOLD: WHY_PHONE_REFUSED_TOLD,
                                   WHO_TOLD: WHO_TOLD_NO_PHONE}.get(
                    message.get("text"), message.get("text"))
            if got.get("contact") is None and not got.get("form_outcome"):
                got["contact"] = NO_CONTACT
            return got
        given = _given_before(said, tracker)
        if given is not None:  # "电话我刚才给了啊": the number said earlier in this chat (it looped: tester50 C17)
            if given:
                dispatcher.utter_message(text=f"好的，就用您刚才说的尾号{_tail(given)}的电话。")
                return {"contact": given}
            if NUMBER_REFUSED_IN_TEXT.search(plain) or re.search(r"说(?:过|了)+(?:不留|不给|不要)", plain):
                # "我一开始就说了不留电话" / "刚才说了不留" got 没找到号码 (tester57 F9, tester59 G16 r03)
                dispatcher.utter_message(text="好的，不留电话。")
                return {"contact": NO_CONTACT}
            dispatcher.utter_message(text="抱歉，没找到您刚才说的号码，麻烦再说一遍（手机号11位，座机请带区号）；"
                                          "不方便可以说“不留”。")
            return {"contact": None}
        corrected = await self._corrected_now("contact", said, tracker, dispatcher)
        if corrected:  # "不对，我说错了，是专8路，不是特8": the detail corrected, the number asked again (tester47 B8)
            return corrected
        protest = self._protest("contact", said, tracker, dispatcher)
        if protest:  # "你先别问电话，我是说…": no 不留, asked again (tester47 B8)
            return protest
        if ANONYMOUS.search(said):
            # "匿名", "我说了匿名，就是不留": no number, the identity kept (it was asked again: tester47 B10)
            dispatcher.utter_message(text=("可以，" + ANONYMOUS_TOLD.removeprefix("好的，"))
                                     if QUESTION_SAID.search(said) else ANONYMOUS_TOLD)
            return {"contact": NO_CONTACT}
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
        if PRIVACY_WISH.search(said) and PHONE_REFUSED.search(re.sub(r"\s", "", said)):
            # "电话不想留，怕被幼儿园知道": no number, and the secrecy promised (it was answered as a question about
            # 幼儿园 and the number asked again: tester50 C19); ANONYMOUS_TOLD marks the case as one to keep secret
            dispatcher.utter_message(text=ANONYMOUS_TOLD)
            return {"contact": NO_CONTACT}
        refused = bool(REFUSED_NUMBER.search(re.sub(r"\s", "", said)))
        privacy = _privacy_answer(said)
        if privacy:  # "为什么要留电话？会不会泄露我的信息", "我不想让单位知道是我举报的": answered, asked again
            dispatcher.utter_message(text=WHY_PHONE_REFUSED_TOLD if refused and privacy == PRIVACY_TOLD
                                     else WHO_TOLD_NO_PHONE if refused and privacy == WHO_TOLD else privacy)
            # … unless the number was refused with it ("你们为什么总要电话 我不留 直接给我办": asked again, tester56 E8)
            return {"contact": NO_CONTACT} if refused else {"contact": None}
        if URGE_SEND.search(said):
            # "能不能快点派人来啊，我怕真砸着人" got no answer of its own (tester48 N1): heard, then the number
            dispatcher.utter_message(text=URGE_SEND_TOLD + (URGE_DANGER_TOLD if URGE_DANGER.search(said) else ""))
            return {"contact": NO_CONTACT} if refused else {"contact": None}
        if QUESTION_FORM.search(said) and NO_CONTACT_SAID.search(said):
            if NO_PHONE_OK.search(said):  # "不留可以吗": yes, it can be
                dispatcher.utter_message(text="可以。" + NO_PHONE_TOLD)
                return {"contact": NO_CONTACT}
            dispatcher.utter_message(text=NO_PHONE_TOLD)  # "不留电话会不会影响处理？"
            return {"contact": NO_CONTACT} if refused and not re.search(r"会不会|影响|行不行|可以吗|能不能", said) \
                else {"contact": None}
        side = self._side_question("contact", said, dispatcher, tracker) \
            or await self._switched_first("contact", said, tracker, dispatcher, domain)
        if side:  # "对了，这种情况能罚款吗？": answered, asked again (never glued to the problem)
            # … unless the number was refused with it (你们为什么总要电话 我不留 直接给我办: tester56 E8)
            return {**side, "contact": NO_CONTACT} if refused and side.get("contact", 0) is None else side
        if (QUESTION_FORM.search(said) or HOW_LONG.search(said) and not re.search(r"都行|都可以|都能|随时|打我|联系我", said)) \
                and len(re.sub(r"\W", "", said)) >= 4 \
                and not _when(said) and not PLACE_WORDS.search(said):
            # another question ("你们多久能处理？", also without its question mark: "你们一般多久能处理，别又是转来
            # 转去" was a silent 不留, tester47 B11): never glued to the problem nor a 不留; answered, asked again
            dispatcher.utter_message(text=WHEN_DONE_TOLD if NEXT_STEPS.search(said) else OTHER_QUESTION_TOLD)
            return {"contact": None}
        if NO_CONTACT_SAID.search(said) and len(re.sub(r"\W", "", said)) <= 8:
            return {"contact": NO_CONTACT}
        kept = await self._place_or_time_at_contact(said, tracker, dispatcher)
        if kept:  # a place or a time said here: kept, and the number asked again
            return {"contact": None, **kept}
        pieces = [p for p in re.split(r"[\s，,。；;！!]+", said) if p]
        placed = [p for p in pieces if (_DISTRICT_SAID.search(p) or PLACE_WORDS.search(p))
                  and not _tells_problem(_PLACE_NOUNS.sub("", p))]
        place = await self._place("".join(placed)) if placed and _DISTRICT_SAID.search("".join(placed)) else None
        if place:
            # "丰台区方庄芳城园一区12号楼 电梯" asked for the number: the place, never a broken number (tester50 C2)
            address = _refined(tracker.get_slot("address"), place, said)
            dispatcher.utter_message(text=f"好的，地点记下了：{_shown(address)}。")
            return {"contact": None, "address": address, "place_piece": None}
        retries = dict(tracker.get_slot("retries") or {})
        description = tracker.get_slot("description")
        matter = _matter_after_emergency(said, tracker)
        if matter:
            # "我想反映楼道灯一直坏着 太黑了 老头子才摔的" after the fall and 120: the matter to file, the fall what happened
            # before it (it was filed as the fall, urgent, to 卫健委: tester53 D17)
            text = f"{matter}（此前：{description.strip('，,。！! ')}，已处理）" if description else matter
            dispatcher.utter_message(text=f"好的，您要反映的是“{_shown(matter)}”，记下了。")
            return {"contact": None, "description": text, "description_draft": text}
        if description and _DETAIL_NUMBER.search(said) and not _phone_in(said):
            # "车牌号京B12345" asked for the number: the plate joins the problem, never a broken phone number (tester53 D6)
            return _told_more("contact", description, said, dispatcher)
        if re.search(r"\d", plain_digits(said)) and not retries.get("contact"):
            dispatcher.utter_message(text="这个号码好像不完整，请再说一遍（手机号11位，座机请带区号）；不方便可以说“不留”。")
            return {"contact": None, "retries": {**retries, "contact": 1}}
        if re.search(r"\d", plain_digits(said)):
            # a second number that still makes none: said so, never dropped silently
            dispatcher.utter_message(text=NUMBER_UNREAD)
            return {"contact": NO_CONTACT}
        description = tracker.get_slot("description")
        if description and not _REFUSED_IN_SENTENCE.search(said) and len(re.sub(r"\W", "", said)) >= 4 \
                and _tells_problem(said):
            # a problem this one does not name (楼上掉下来一个花盆 after a car on the fire lane, 工钱也没结):
            # another problem, kept to offer after filing, never glued to this one (tester44 L-a); the
            # number asked again
            same_noise = bool(NOISE_WORDS.search(description) and (NOISE_WORDS.search(said) or _noise_source(said)))
            if (ANOTHER.search(said) and not _same_matter(said, description) or _another_matter(said, description)) \
                    and not same_noise and not CORRECTION_CUE.search(said):
                dispatcher.utter_message(response="utter_one_at_a_time")
                return {"contact": None, "second_issue": said[:200]}
            # more of the same matter ("从十一月十五号供暖开始就不热，物业说是热力公司的事" after 暖气一点都不热:
            # it was parked as a second problem, tester47 B1): added to it, and the number asked again
            return _told_more("contact", description, said, dispatcher)
        if description and len(HAS_CHINESE.findall(said)) >= 5 and not _REFUSED_IN_SENTENCE.search(said) \
                and not _GROPING_AT_CONTACT.search(said) and _MATTER_MORE.search(said) and not _FEELING.search(said):
            # more of the matter said where the number was asked ("打了热力公司电话 说给排查 一直没来人", "干了半年了
            # 一共欠了大概六十多万", "中午和晚上做饭的时候"): added to the problem, said so, the number asked again
            # (it was dropped silently: tester53 D6)
            return _told_more("contact", description, said, dispatcher)
        if description and _MONEY.search(said) and not _REFUSED_IN_SENTENCE.search(said) and HAS_CHINESE.search(said):
            # "一共九千块" (unpaid wages, asked for a number): how much, more of the matter; it was a silent 不留 and lost
            # (session 53's conversations)
            return _told_more("contact", description, said, dispatcher)
        if description and _MEASURE.search(said) and not _phone_in(said):
            # "十几度" (暖气不热, asked for a number): how cold, more of the matter (it was glued to the place or a
            # silent 不留: session 55's conversations)
            return _told_more("contact", description, said, dispatcher)
        if description and WHEN_SAID.search(said) and HAS_CHINESE.search(said) and not _REFUSED_IN_SENTENCE.search(said) \
                and not NO_CONTACT_SAID.search(said) and not _FEELING.search(said):
            # "这几天特别明显" (a river black and stinking, asked for a number): how it goes lately, more of the matter (it
            # was a silent 不留 and the read-back: session 55's conversations)
            return _told_more("contact", description, said, dispatcher)
        if len(HAS_CHINESE.findall(said)) >= 6 and not _REFUSED_IN_SENTENCE.search(said) and not retries.get("contact"):
            # a sentence that is no number, no refusal and no problem (tester44 L-a): never a 不留 nor glued
            # to the problem; the number asked again, once
            return {"contact": None, "retries": {**retries, "contact": 1}}
        if description and new_problem_words(said, description) and not _REFUSED_IN_SENTENCE.search(said) \
                and not NO_CONTACT_SAID.search(said) and not PHONE_REFUSED.search(said):
            # "油烟" after 我家楼下的烧烤店, asked for a number: what is wrong there (it was a silent 不留: session 54)
            return _told_more("contact", description, said, dispatcher)
        return {"contact": NO_CONTACT}

    @staticmethod
    def _facts_with_number(said: str, slots: Dict[Text, Any]) -> Dict[Text, Any]:
        """What else is said with the number that tells of the matter ("车牌号我记得是京B·T1234", "单号是
        75312345678901", "对了是朝阳医院本部，不是西院"): added to the description (it was lost: tester47 B6); a
        place said that only adds to the known one (朝阳医院 → 朝阳医院本部) refines it. {} for nothing more."""
        found = _contact_said(said)
        description = slots.get("description") or ""
        clauses = [c.strip() for c in re.split(r"[，,。；;！!]+", found[2] if found else "") if c.strip()]
        cue = next((i for i, c in enumerate(clauses) if MORE_CUE.match(c)), None)
        if cue is not None:
            # "…八八七七，哦对了，不光是三楼的，五楼那家也往下拉线": what follows the cue is more of the matter
            # (it was lost: tester48 N2)
            clauses = [c for c in clauses[:cue] + [MORE_CUE.sub("", c) for c in clauses[cue:]] if c]
        clauses = [c for c in clauses if not re.search(r"电话|手机|座机|号码|联系|打我|找我|(?i:phone|tel|mobile|number)", c)
                   and not re.fullmatch(r"[A-Za-z]+(?:\s+[A-Za-z]+)?", c)  # ("my phone 136…": my, phone: tester50 C21)
                   and not CALL_NOTE.search(c) and not PRIVACY_WISH.search(c) and not OWN_NAME.search(c)
                   and not CORRECTION_ONLY.fullmatch(c)]
        if not description or not clauses or not (cue is not None or any(
                re.search(r"[0-9A-Za-z]", c) or DETAIL.search(c) or NAMED.search(c)
                or _tells_problem(c) or PLACE_WORDS.search(c) for c in clauses)):
            return {}
        if cue is not None and len(re.sub(r"\W", "", "".join(clauses))) < 3:
            return {}
        told = "，".join(re.sub(r"^(?:对了|哦|噢|还有)[，,]?", "", c) for c in clauses)
        if told in description:
            return {}
        text = f"{description}，{_civil(told) or told}"
        out: Dict[Text, Any] = {"description": text, "description_draft": text}
        address = str(slots.get("address") or "")
        body = _DISTRICT_OF.sub("", address.removeprefix("北京市"))
        for c in clauses:
            right = re.sub(r"^(?:对了|哦|噢)?[，,]?(?:是|在|应该是)", "", c)
            if body and len(body) >= 3 and right.startswith(body) and len(right) > len(body) \
                    and not _tells_problem(right[len(body):]):
                out["address"] = address[:len(address) - len(body)] + right
        return out

    async def _place_or_time_at_contact(self, said: str, tracker: Tracker,
                                        dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """A time ("俩月了，一直这样") or a place ("西城区西直门外大街北京展览馆对面") said when the
        call-back number was asked: the time, or the place refining the known one, acknowledged;
        None when it is neither."""
        when = _time_said(said) if HAS_CHINESE.search(said) else None  # digits alone: a broken number
        more_of_it = _MORE_THAN_TIME.search(said) if when == said.strip() else None
        part = (await _time_part(said, loose=True) or (said[:more_of_it.start()].strip("，, ")
                                                       if more_of_it and _when(said[:more_of_it.start()]) else None)) \
            if more_of_it else None
        description = tracker.get_slot("description") or ""
        if part and description:
            # "早高峰太挤了" (asked for a number, after 建议增加一条公交线路): the time, and what happens then joins the
            # problem (it was 时间：早高峰太挤了: session 53's conversations)
            time = _with_time(tracker.get_slot("time"), part)
            more = f"{description.rstrip('，,。 ')}，{said.strip('，,。 ')}"
            dispatcher.utter_message(text=f"好的，情况和时间记下了：{_shown(time)}。")
            return {"time": time, "description": more, "description_draft": more}
        if when:
            time = _with_time(tracker.get_slot("time"), when)
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
            slots = {"time": time}
            _money_apart(slots, description, dispatcher)   # (这学期开学收的，每人800 here too: session 53)
            return slots
        dated = _DATE_SAID.search(said)
        if dated and len(re.sub(r"\W", "", said)) <= 16 and not _DISTRICT_SAID.search(said) \
                and not _tells_problem(said[dated.end():]):
            # "12月3号关的门": a date and what happened on it (it was the place 北京市朝阳区12月3号关的门: session 52)
            time = _with_time(tracker.get_slot("time"), said.strip("，,。 "))
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
            return {"time": time}
        pieces = [p for p in re.split(r"[\s，,。；;]+", said) if p]
        hours = [p for p in pieces if _when(p) and not _tells_problem(p) and not PLACE_WORDS.search(p)
                 and not _DISTRICT_SAID.search(p)]
        if hours and len(hours) < len(pieces):
            # "今天上午九点左右，在国贸站附近": the time, and the place (it was all the place, 北京市朝阳区今天上午九点
            # 左右，在国贸站附近: session 54's conversations)
            address = await self._place_refining("，".join(p for p in pieces if p not in hours), tracker)
            if address:
                time = _with_time(tracker.get_slot("time"), "，".join(hours))
                dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}；地点记下了：{_shown(address)}。")
                return {"time": time, "address": address, "place_piece": None}
        address = await self._place_refining(said, tracker) or _spot_of_place(said, tracker)
        if not address:
            return None
        dispatcher.utter_message(text=f"好的，地点记下了：{_shown(address)}。")
        return {"address": address, "place_piece": None}

    async def _place_refining(self, said: str, tracker: Tracker) -> Optional[str]:
        """The address after a place said out of turn (at the contact, time or category question):
        more of the known one or a new one (``_refined``), in the district said before it when it
        names none (``place_piece``); None when ``said`` is no place."""
        held = tracker.get_slot("address")
        if _measure_only(said):
            return None   # 十几度 is how cold, no part of the place (…望京花家地北里十几度: session 55's conversations)
        building = _building_said(said)
        if building and held:  # 312号楼 after 北京市朝阳区望京西园三区: that place's building (it was …朝阳区312号楼)
            return _with_building(held, building)
        said = _with_piece(said, None if held else tracker.get_slot("place_piece"))
        known = f"{tracker.get_slot('description') or ''}{tracker.get_slot('address') or ''}"
        if (_tells_problem(_PLACE_NOUNS.sub("", said)) and not _restated(said, known)) or DETAIL.search(said) or not (
                PLACE_WORDS.search(said) or _DISTRICT_SAID.search(said) or PLACE_LIKE.match(said.strip("，,。 "))):
            return None
        pieces = [p for p in re.split(r"[\s，,]+", said.strip()) if p]
        joined = "".join(pieces) if 1 < len(pieces) <= 4 and all(len(p) <= 12 for p in pieces) else None
        place = await self._place(said) or (await self._place(joined) if joined else None) \
            or _area_in_district(said, tracker.get_slot("description") or "")
        return _refined(tracker.get_slot("address"), place, said) if place else None

    async def validate_time(self, value: Any, dispatcher: CollectingDispatcher,
                            tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        said = str(value or "").strip()
        swapped = _place_swapped(said, tracker, dispatcher)
        if swapped:  # (as at the phone question)
            return {"time": None, **swapped}
        if kind_only(said, tracker.get_slot("description") or ""):
            # "属于市容管理吧" asked when: the kind of problem (it got 没听清时间: session 54's conversations)
            dispatcher.utter_message(text=KIND_LEFT)
            return {"time": None}
        pieces = _answer_pieces(said, tracker, time_asked=True)
        if pieces and not _report_dropped(said):
            told = _pieces_told(pieces["slots"])
            if told:
                dispatcher.utter_message(text=told)
            if not pieces["rest"]:
                return {"time": None, **pieces["slots"]}
            return {**(await self.validate_time(pieces["rest"], dispatcher, tracker, domain)), **pieces["slots"]}
        cancelled = (self._cancelled("time", said, dispatcher) or self._side_question("time", said, dispatcher, tracker)
                     or await self._switched_first("time", said, tracker, dispatcher, domain)
                     or await self._another_issue("time", said, tracker, dispatcher)
                     or await self._place_fixed_now("time", said, dispatcher)
                     or await self._corrected_now("time", said, tracker, dispatcher)
                     or self._protest("time", said, tracker, dispatcher))
        if cancelled:
            return cancelled
        other = _time_of_the_other(said, tracker)
        if other:  # "我不是说了吗 晚上到一两点": the second problem's hours, never the first's (tester57 F13 c13)
            dispatcher.utter_message(text=f"好的，“{_shown(other)}”是您说的另一件事的时间，登记那件时会记上。")
            return {"time": None, "time_needed": False}
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
        # "我不是说了吗 昨天晚上十点多": the time, not the protest before it (tester56 E5)
        said = ALREADY_SAID_LEAD.sub("", said).strip() or said
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
        description = tracker.get_slot("description") or ""
        if _ALREADY_TOLD.fullmatch(re.sub(r"[\s，,。！!？?]", "", said)):
            # "我已经告诉你了" (tester57 F6: 没太听清时间, twice): the hours in the problem told, or not known
            told = await _hours_in(description)
            dispatcher.utter_message(text=f"抱歉，时间按您前面说的记：{_shown(told)}。" if told
                                     else "抱歉，时间先记为不确定，承办单位核实时会再问您。")
            return {"time": told or "不确定"}
        if re.search(r"不固定|没准|说不准|不一定|随时", said) and len(re.sub(r"\W", "", said)) <= 8 \
                and not TIME_OF_DAY.search(said):
            # "不固定 经常": no fixed time is an answer, not a failed one (它 was asked again: tester57 F6)
            return {"time": re.sub(r"\s+", "，", (_civil(said) or said).strip("，,。 "))}
        cue = _PLACE_CUE.search(said)
        if cue and cue.start() > 0:
            # "时间？从上个月就停了啊，地方是东城，东四 十一条那片": both, each in its slot (tester57 F6)
            when = _time_said(said[:cue.start()].strip("？?，,。 ")) or _when(said[:cue.start()])
            where = said[cue.end():]
            place = await self._place_refining(where, tracker)
            if not place:
                place = await self._place(re.sub(rf"^({_DISTRICT_NAMES})(?!区)", r"\1区", re.sub(r"[\s，,]", "", where)))
                place = _refined(tracker.get_slot("address"), place, where) if place else None
            when = re.sub(r"[啊呀吧呢哈嘛]+$", "", when or "")
            if when and place:
                dispatcher.utter_message(text=f"好的，地点记下了：{_shown(place)}。")
                return {"time": when, "address": place, "place_piece": None}
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
            if HOUSE_NUMBER.search(said) and not CLOCK.search(said):
                # "112楼" is a building, not a time (tester56 E5): more of the place
                place = await self._place_refining(said, tracker)
                if place:
                    dispatcher.utter_message(text=f"好的，地点记下了：{_shown(place)}。")
                    return {"time": None, "address": place, "place_piece": None}
                return self._fail("time", tracker, dispatcher, "utter_time_vague")
            dates = [m.group(0) for m in _DATE_PHRASE.finditer(said)] if not _when(said) else []
            if dates and description and len(re.sub(r"\W", "", said)) > 8:
                # "上个月交的钱 这礼拜人就联系不上了" (a one-off fraud asked when: 没太听清时间，请说一下大概几点, then
                # 帮不上忙: tester59 G14): the dates are the time, the sentence more of the problem
                # (what the citizen asks back, 骗钱还有几点的, is no fact of it)
                facts = [c for c in re.split(r"[\s，,。！!？?]+", _civil(said) or said)
                         if c and not _DATE_PHRASE.fullmatch(c) and not _ASKED_BACK.search(c) and _substantive_more(c)]
                slots = {"time": "，".join(dict.fromkeys(dates))}
                if facts:
                    more = f"{description}，{'，'.join(facts)}"
                    slots.update({"description": more, "description_draft": more})
                return slots
            if not _when(said) and len(re.sub(r"\W", "", said)) > 12:
                # a sentence whose only time word is 现在 / 最近 ("我现在好点了，你先帮我把欠薪的事登记上吧": filed as
                # the time, tester56 E5): no time; asked once more, then not known
                if earlier >= 1:
                    return {"time": "不确定"}
                return self._fail("time", tracker, dispatcher, "utter_time_vague")
            clauses = [c for c in re.split(r"[\s，,。！!？?]+", _civil(said) or said) if c]
            timed = [c for c in clauses if TIME_HINT.search(c) or ALL_DAY.search(c) or WEEK_TIME.search(c)]
            if timed and len(timed) < len(clauses):  # "你烦不烦 周末啊": 周末 (tester57 F6)
                return {"time": re.sub(r"[啊呀吧呢哈嘛]+$", "", "，".join(timed))}
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
        if (CORRECTION_CUE.match(said.strip()) or MORE_LEAD.match(said.strip())) and not re.search(r"[，,。]", said):
            # pauses for commas: "不对 不是铁皮房 是彩钢板搭的 还把消防通道堵了" was read as a second problem, and
            # the text garbled (tester59 G15 r05); "补充一下 有个老人要去医院透析 下不了楼" was lost (G15 a01)
            said = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "，", said.strip())
        swapped = _place_swapped(said, tracker, dispatcher)
        if swapped:  # "不对，是亦庄镇不是旧宫": the name put for the other (it was 亦庄镇不是旧宫: session 52)
            return {"confirmation": None, "fixing": None, "fix_field": None, "address": swapped["address"]}
        outside = _outside_beijing(said) if not _phone_in(said) else None
        if outside:  # "不对，是吉林长春的朝阳区，不是北京的": no Beijing place to file it at (tester50 C3)
            dispatcher.utter_message(text=outside)
            return _outside_ends()
        if _report_dropped(said) and not _phone_in(said):
            # "我说了不登记了" at the read-back was asked 哪一项需要修改 (tester57 F10)
            return {"fix_field": "cancel", "fixing": None, "confirmation": False}
        contact = _contact_at_readback(said, tracker)
        if _no_contact_again(contact, tracker, dispatcher):  # "不留" once more: nothing new to read back
            return {"confirmation": None, "fixing": None, "fix_field": None}
        if contact:  # "对，电话139…" / "电话不留了": read back again with it
            return {"confirmation": None, "fixing": None, "fix_field": None, **contact}
        yes_and = YES_THEN_ASKED.match(re.sub(r"\s+", " ", said.strip()))
        if yes_and and not CORRECTION_CUE.search(said) and (QUESTION_SAID.search(yes_and.group(1))
                                                            or re.search(r"多久|多长时间|什么时候|几天", yes_and.group(1))):
            # "对 你们多久能来修" was no yes, and the question went unanswered (tester56 E10): filed, and answered
            asked = yes_and.group(1)
            answer = _side_answer(asked, tracker.get_slot("department")) or (WHEN_DONE_TOLD if re.search(r"多久|多长时间|什么时候|几天", asked)
                                             else OTHER_QUESTION_TOLD)
            dispatcher.utter_message(text=answer)
            return {"confirmation": True}
        detail = _detail_with_yes(said, tracker) or _name_at_readback(said, tracker)
        if detail:  # "对 店名叫张亮麻辣烫" / "对 是中通快递": added, read back again (it was filed without: tester57 F13)
            dispatcher.utter_message(text="好的，补充到问题里了。")
            return {"confirmation": None, "fixing": None, "fix_field": None, **detail}
        if value and not CORRECTION_CUE.search(said):
            return {"confirmation": True}
        if self._side_question("confirmation", said, dispatcher, tracker):  # "会不会泄露我的信息": answered, read back again
            return {"confirmation": None, "fixing": None, "fix_field": None}
        corrected = await self._corrected_now("confirmation", said, tracker, dispatcher)
        if corrected:  # "不对，是百万庄东里，不是百万庄小区": that detail, where it was said (tester47 B5)
            return {"confirmation": None, "fixing": None, "fix_field": None, **corrected}
        fixed = _time_fixed_with_more(said, tracker)
        if fixed:  # "时间不对，是今年9月开学开始收的。每个月多收800兴趣班费是问题内容" (tester50 C7)
            dispatcher.utter_message(text=f"好的，时间改为“{_shown(fixed['time'])}”" + (
                "，您说的情况也补充到问题里了。" if fixed.get("description") else "。"))
            return {"confirmation": None, "fixing": None, "fix_field": None, **fixed}
        added_place = await self._place_added(said, tracker)
        if added_place:  # "补充一下 在来广营桥附近 朝阳区": the place's, not the problem's (tester59 G15)
            dispatcher.utter_message(text=f"好的，地点改为：{_shown(added_place)}。")
            return {"confirmation": None, "fixing": None, "fix_field": None, "address": added_place}
        both = await self._two_fields_fixed(said, tracker, dispatcher)
        if both:
            return {"confirmation": None, "fixing": None, "fix_field": None, **both}
        more = self._more_told(said, tracker)
        if more:  # "还有，是晚上九点半开始停的，供电局电话打不通" (tester47 B9)
            _alarm(more, tracker, dispatcher)
            finer = await self._finer_place(said, tracker)
            return {"confirmation": None, "fixing": None, "fix_field": None, **more, **finer}
        another = await self._another_issue("confirmation", said, tracker, dispatcher)
        if another:  # "另外小区的垃圾桶也满了": noted, the summary read back again (its place kept)
            return {**another, "fixing": None, "fix_field": None}
        moved = _district_fix(said, tracker.get_slot("address")) if CORRECTION_CUE.search(said) else None
        if moved:   # "不对，是海淀区": the place's district, read back again
            return {"confirmation": None, "fixing": None, "fix_field": None, "address": moved}
        fixed = await self._problem_retold(said, dispatcher, tracker, domain)
        if fixed is not None:  # "问题描述不对 就是有个工地晚上施工 吵得睡不着": the new one, read back (tester56 E9)
            return fixed
        told_where = await self._place_named_as_address(said, tracker, dispatcher)
        if told_where:  # "不对，6号楼是地址": that piece into the place (the whole place was asked again: tester59 G15)
            return {"confirmation": None, "fixing": None, "fix_field": None, **told_where}
        # "地址不对(，是…)" / "对，不过时间说错了" / "不提交了": no need to ask which part
        fixes = await self._fixes(said, tracker, dispatcher, domain)
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

    async def _place_named_as_address(self, said: str, tracker: Tracker,
                                      dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """"不对，6号楼是地址" / "鲁谷是地点 不是问题": the piece named joins the place held (a building replaces its
        building), and leaves the problem's text where it stood at its end; the new place said. None for anything
        else."""
        m = _NAMED_AS_ADDRESS.match(said.strip())
        held = tracker.get_slot("address")
        if not m or not held:
            return None
        piece = m.group(1).strip("，, ")
        building = _building_said(piece)
        if building:
            address = _with_building(held, building)
        else:
            place = await self._place(piece)
            address = _in_district(place, held) if place else None
        if not address or address == held:
            return None
        out: Dict[Text, Any] = {"address": address}
        description = tracker.get_slot("description") or ""
        bare = re.sub(rf"[，,。\s]*{re.escape(piece)}[。！!\s]*$", "", description)
        if bare != description and len(re.sub(r"\W", "", bare)) >= 4:
            out.update({"description": bare, "description_draft": bare})
        dispatcher.utter_message(text=f"好的，地点改为：{_shown(address)}。")
        return out

    async def _problem_retold(self, said: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Optional[Dict[Text, Any]]:
        """The problem told anew right after 问题描述不对 at the read-back (it was asked again: tester56 E9): checked
        as a first telling is, in place of the old one; None when no new problem is told with it."""
        m = PROBLEM_RETOLD.match(re.sub(r"\s+", " ", said.strip()))
        new = m.group(1).strip("，,。 ") if m else ""
        if not new or len(re.sub(r"\W", "", new)) < 6 or not _tells_problem(new):
            return None
        fresh = Tracker.from_dict(tracker.current_state())
        fresh.slots.update({"requested_slot": "description", "description": None, "description_draft": None,
                            "complaint_category": None, "category_candidates": None, "category_choice": None})
        slots = await self.validate_description(new, dispatcher, fresh, domain)
        if not slots.get("description"):
            return None
        dispatcher.utter_message(text=f"好的，问题改为：{_shown(slots['description'])}。")
        slots.pop("requested_slot", None)
        return {**slots, "confirmation": None, "fixing": None, "fix_field": None}

    async def _two_fields_fixed(self, said: str, tracker: Tracker,
                                dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
        """Both the place and the time given anew at the read-back ("不对，地址是月季园二区5号楼，时间是每天早上六点多":
        the address was asked again from the start, the time lost: tester59 G15); None otherwise."""
        text = re.sub(r"^(?:不对|错了|有误|改一下)[，,\s]*", "", said.strip())
        found: Dict[str, str] = {}
        for m in re.finditer(r"(地址|地点|时间)(?:应该是|改成|改为|是在|是|在|为)[：:]?\s*([^，,。；;]+)", text):
            found.setdefault("address" if m.group(1) != "时间" else "time", m.group(2).strip())
        if set(found) != {"address", "time"} or not _when(found["time"]) and not _is_hours(found["time"]):
            return None
        place = await self._place(found["address"])
        if not place:
            return None
        address = _refined(tracker.get_slot("address"), place, found["address"])
        dispatcher.utter_message(text=f"好的，地点改为：{_shown(address)}，时间改为：{_shown(found['time'])}。")
        return {"address": address, "time": found["time"]}

    async def _place_added(self, said: str, tracker: Tracker) -> Optional[str]:
        """The address after an addition at the read-back that only says where ("补充一下 在来广营桥附近 朝阳区" for
        北五环: it was added to the problem, the case went to a city unit: tester59 G15); None otherwise."""
        lead = _ADDED_LEAD.match(said.strip())
        known = tracker.get_slot("address") or ""
        if not lead or not known:
            return None
        pieces = [p for p in re.split(r"[\s，,。；;！!]+", said.strip()[lead.end():]) if p]
        if not pieces or not all(_place_clause(p) for p in pieces):
            return None
        pieces = [_district_piece(p) or _place_clause(p) for p in pieces]
        pieces.sort(key=lambda p: not _DISTRICT_OF.fullmatch(p))  # the district first
        joined = "".join(pieces)
        near = re.search(r"(?:附近|旁边|那边|一带)$", joined)  # (附近 is no place of its own: kept after it)
        place = await self._place(joined[:near.start()] if near else joined)
        if not place:
            return None
        place += near.group(0) if near and not place.endswith(near.group(0)) else ""
        district, old = _DISTRICT_OF.match(place), _DISTRICT_OF.match(known)
        body = place[district.end():] if district else place
        if district and not old and known not in place and body:
            return f"北京市{district.group(0).removeprefix('北京市').removeprefix('北京')}{known}{body}"
        return _refined(known, place, "，".join(pieces))

    async def _finer_place(self, said: str, tracker: Tracker) -> Dict[Text, Any]:
        """The place a read-back addition names for what is complained of (对了补充一下 工地是亦庄景园北街的金地项目) when
        it refines the known one (北京市大兴区亦庄 → …亦庄景园北街的金地项目; the address stayed 亦庄: tester51 C19); {}
        otherwise."""
        m = _SITE_IS.search(said)
        known = tracker.get_slot("address") or ""
        if not m or not known or not PLACE_WORDS.search(m.group(1)):
            return {}
        place = await self._place(m.group(1))
        body = _DISTRICT_OF.sub("", known.removeprefix("北京市"))
        if not place or not body or body not in place and not _DISTRICT_SAID.search(place):
            return {}
        return {"address": _refined(known, place, m.group(1))}

    @staticmethod
    def _more_told(said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        """More said at the read-back with its time ("还有，是晚上九点半开始停的，供电局电话打不通"): the time
        and the rest added to the description (the 电话 in it re-asked the number and the rest was dropped:
        tester47 B9); None when ``said`` is not so (``_more_at_read_back``) or tells another problem."""
        found = _more_at_read_back(said)
        description = tracker.get_slot("description") or ""
        if not found:
            # "还有，五楼那家也往下拉线充电" / "五楼那家也拉线，你没记上": more without a time (tester48 N2)
            added = _addition_at_read_back(said)
            unrecorded = bool(NOT_RECORDED.search(said.strip()))  # "…这些你没记": this case's, whatever it names
            # "补充一下 有个老人要去医院透析 下不了楼": said to be this case's, whatever it names (医院 read as another
            # matter, and the addition was lost: tester59 G15 a01)
            unrecorded = unrecorded or bool(re.match(r"^(?:我|我再|再)?补充(?:一下|一句|说明)?", said.strip()))
            if not added or (not unrecorded and (_another_matter(said.strip(), description)
                                                 or _another_matter(added, description))) \
                    or _when(added) \
                    or CORRECTION_CUE.search(added) or fix_targets(added, has_time=True, has_choice=True):
                return None
            text = f"{description}，{_civil(added) or added}".strip("，")
            return {"description": text, "description_draft": text}
        if _another_matter(found[1], description):
            return None
        time, more = found
        text = f"{description}，{_civil(more) or more}".strip("，")
        return {"time": _with_time(tracker.get_slot("time"), time), "description": text, "description_draft": text}

    async def _correction(self, said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
        """A correction that names no part but gives the new value ("不对，是德胜门外大街13号院",
        "不对，是上周四", "应该是…", "改成…"): the time or the place it reads as, replacing the old one
        (a place without a district keeps the old one's); None when it gives neither."""
        if not CORRECTION_CUE.search(said) or len(NEW_VALUE.split(said, maxsplit=1)) != 2:
            return None
        value = _new_value(said)
        building = _building_said(value)
        if building and tracker.get_slot("address"):  # "不对，是7号楼" (tester57 F7: 请问哪一项需要修改)
            return {"address": _with_building(tracker.get_slot("address"), building)}
        when = _when(value)
        if when:
            return {"time": when}
        if DETAIL.search(value):
            return None
        place = await self._place(value)
        return {"address": _in_district(place, tracker.get_slot("address"))} if place else None

    async def _fixes(self, said: str, tracker: Tracker, dispatcher: Optional[CollectingDispatcher] = None,
                     domain: Optional[DomainDict] = None) -> Optional[Dict[Text, Any]]:
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
            building = _building_said(value)
            if targets == ["address"] and building and tracker.get_slot("address"):
                # "不对，地址是11号楼": that building of the place held (it was 北京市昌平区11号楼, the place lost: session 51)
                cleared["address"] = _with_building(tracker.get_slot("address"), building)
            elif targets == ["address"]:  # "地点不对，是…": in the old district when it names none, as "不对，是…"
                place = await self._place(value)
                cleared["address"] = _in_district(place, tracker.get_slot("address")) if place else None
            elif targets == ["time"] and TIME_HINT.search(value):  # said as a correction: taken as given
                cleared["time"] = value
            elif targets == ["contact"]:  # "电话不对，是139…"
                cleared["contact"] = _phone_in(value) or _phone_in(said)
            elif targets == ["description"] and dispatcher is not None and len(re.sub(r"\W", "", value)) >= 4:
                # "问题描述不对，是路灯一闪一闪的": the problem told anew, read as the first one was (it was asked for again
                # and the answer lost: session 51's conversations); the place, time and phone kept
                again = _with(tracker, requested_slot="description", description=None, description_draft=None)
                told = await self.validate_description(value, dispatcher, again, domain)
                if told.get("description"):
                    cleared.update({k: v for k, v in told.items() if k not in ("address", "contact", "time")
                                    or not tracker.get_slot(k)})
        elif targets == ["address"]:
            # "地点不对，站点在海淀区中关村大街27号": the new place said after the part named, with no 是 before it
            # (the place was asked again: tester50 C5)
            rest = re.sub(r"^.*?(?:地址|地点|位置|地方)(?:也|好像)?(?:不对|错了|有误|写错了|说错了|记错了)[了啊呀，,。！!\s]*",
                          "", said, count=1).strip()
            if rest and rest != said.strip() and (PLACE_WORDS.search(rest) or _DISTRICT_SAID.search(rest)):
                place = await self._place(rest)
                cleared["address"] = _in_district(place, tracker.get_slot("address")) if place else None
        return cleared

    async def validate_fix_field(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        said = str(value or "").strip()
        if tracker.get_slot("requested_slot") == "confirmation":
            return await self._answer_to_summary(said, dispatcher, tracker)
        if NOTHING_TO_FIX.fullmatch(re.sub(r"[\s，,。！!~～]", "", said)):
            # "对" / "都对 提交吧" / "没有要改的 就这样" / "提交" asked which item to change: nothing, file it (each was
            # refused until a hand-off: tester53 D4)
            dispatcher.utter_message(text="好的，不用修改，按刚才确认的内容提交。")
            return {"fix_field": None, "fixing": None, "confirmation": True, "requested_slot": None}
        told_where = await self._place_named_as_address(said, tracker, dispatcher)
        if told_where:  # asked which part: "6号楼是地址" (the whole place was asked again: tester59 G15 a03)
            return {"fix_field": None, "fixing": None, "requested_slot": "confirmation", **told_where}
        fixes = await self._fixes(said, tracker, dispatcher, domain)
        if fixes is None:
            return self._fail("fix_field", tracker, dispatcher, "utter_fix_field_invalid")
        return fixes

    async def _answer_to_summary(self, said: str, dispatcher: CollectingDispatcher,
                                 tracker: Tracker) -> Dict[Text, Any]:
        """An answer to the read-back that is neither yes nor no (those are the confirmation's):
        a part named ("地址不对，应该是…"), or a corrected place or time on its own."""
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if _report_dropped(said) and not _phone_in(said):
            # "我说了不登记了" at the read-back was asked 哪一项需要修改 (tester57 F10)
            return {"fix_field": "cancel", "fixing": None, "confirmation": False}
        contact = _contact_at_readback(said, tracker)
        if _no_contact_again(contact, tracker, dispatcher):
            return {"fix_field": None}
        if contact:  # the number said (or taken back) at the read-back: read back again with it
            return {"fix_field": None, **contact}
        if intent in ("affirm", "deny"):
            return {"fix_field": None}
        told_where = await self._place_named_as_address(said, tracker, dispatcher)
        if told_where:  # "6号楼是地址 不是问题" (tester59 G15 a03)
            return {"fix_field": None, **told_where}
        bare = re.sub(r"\s", "", said)
        if YES_SAID.fullmatch(bare):  # "中": yes, in Beijing
            return {"fix_field": None, "confirmation": True}
        yes = YES_LEAD.match(bare)
        if yes and (CLOSING.fullmatch(bare[yes.end():]) or URGING.fullmatch(bare[yes.end():])):
            # "对，你们帮我催催", "行，就这样吧": yes, with a wish (the read-back again: tester48 N12)
            return {"fix_field": None, "confirmation": True}
        detail = _detail_with_yes(said, tracker) or _name_at_readback(said, tracker)
        if detail:  # "对，店名叫农家乐老李家" read as no yes: added, read back again (it was refused: tester59 G15)
            dispatcher.utter_message(text="好的，补充到问题里了。")
            return {"fix_field": None, "fixing": None, **detail}
        if intent == "goodbye" and BYE_SAID.search(said) and not _when(BYE_SAID.sub("", said)):
            # "再见": the citizen leaves; the submit action says nothing was filed
            return {"fix_field": "cancel", "fixing": None, "confirmation": False}
        if said.strip() and not _civil(said):
            dispatcher.utter_message(response="utter_keep_civil")
            return {"fix_field": None}
        said = _civil(said)
        side = self._side_question("fix_field", said, dispatcher, tracker)
        if side:  # "会不会泄露我的信息": answered, read back again
            return side
        corrected = await self._corrected_now("confirmation", said, tracker, dispatcher)
        if corrected:  # "不对，是百万庄东里，不是百万庄小区": that detail, where it was said (tester47 B5)
            return {"fix_field": None, **corrected}
        fixed = _time_fixed_with_more(said, tracker)
        if fixed:  # "时间不对，是今年9月开学开始收的。每个月多收800兴趣班费是问题内容" (tester50 C7)
            dispatcher.utter_message(text=f"好的，时间改为“{_shown(fixed['time'])}”" + (
                "，您说的情况也补充到问题里了。" if fixed.get("description") else "。"))
            return {"fix_field": None, **fixed}
        added_place = await self._place_added(said, tracker)
        if added_place:  # "补充一下 在来广营桥附近 朝阳区": the place's, not the problem's (tester59 G15)
            dispatcher.utter_message(text=f"好的，地点改为：{_shown(added_place)}。")
            return {"fix_field": None, "address": added_place}
        both = await self._two_fields_fixed(said, tracker, dispatcher)
        if both:
            return {"fix_field": None, "fixing": None, **both}
        more = self._more_told(said, tracker)
        if more:  # "还有，是晚上九点半开始停的，供电局电话打不通" (tester47 B9)
            _alarm(more, tracker, dispatcher)
            return {"fix_field": None, **more, **(await self._finer_place(said, tracker))}
        if URGING.fullmatch(re.sub(r"\s", "", said)):
            dispatcher.utter_message(text="好的，登记后会尽快转交承办部门。")
            return {"fix_field": None}
        another = await self._another_issue("fix_field", said, tracker, dispatcher)
        if another:  # a second problem: its own case, later (not a part to fix: 小区 named the address)
            return another
        fixes = await self._fixes(said, tracker, dispatcher)
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


# "对，…" / "行，…" before a closing word or an urging (tester48 N12)
YES_LEAD = re.compile(r"(?:对|对的|对对|行|好|好的|是的|嗯|可以|没错|没问题|正确)[，,。！!～~]+")
CLOSING = re.compile(r"(?:就这样|就这么着|就这么办|就这么定了?|就按这个|提交|登记)(?:吧|了|啊|呗)?|"
                     r"(?:你们|麻烦你们|请)?(?:帮我|帮忙|给我)?(?:催催|催一下|催一催|催着点)(?:吧|啊|呗)?|"
                     r"(?:谢谢|麻烦|辛苦)(?:你们?|您)?了?[。！!]*")
_TIME_CORRECTED = re.compile(r"^[，,\s]*(?:哦|噢|啊)?(?:不对|不是|说错了|错了|记错了)")
_HOUR_START = re.compile(r"[0-9零一二三四五六七八九十两]")


# what a problem costs (费, 钱, 800块): a clause with it tells the problem, even with 每个月 in it
_MONEY = re.compile(r"费|钱|工资|押金|[0-9一二三四五六七八九十百千万两]+\s*(?:块|元|万)|每(?:人|个人|个孩子|月|学期|次)[0-9一二三四五六七八九十百千万两]{2,}")
# "顺丰 不对 是中通的": the piece said wrong and the correction's words (the right one is kept)
_SAID_WRONG = re.compile(r"(?:(?<=^)|(?<=[，,。；;\s]))[^，,。；;\s]{1,12}\s*[，,]?\s*(?:不对不对|不对|说错了|错了)"
                         r"[，,\s]*(?:应该是|是)(?=\S)")


# where the citizen lives, said before the place of the problem ("我住在海淀区清河毛纺路小区，但我要反映的是…")
HOME_CLAUSE = re.compile(r"(?:我|我们|俺|咱)(?:家)?(?:住在|家住|家在|住)[^，,。；;！!]{2,30}[，,。；;！!]")
# … and what marks the place said after it as the problem's
REPORTED_PLACE = re.compile(r"(?:要|想)?(?:反映|投诉|举报|说)的(?:是|地方|事)|上班的地方|单位|公司|不是我家|不在我家|但是?|可是|不过")


# "电话我刚才给了啊", "号码说过了": the number said before, at another question
GIVEN_BEFORE = re.compile(r"(?:刚才|刚刚|已经|之前|前面|早就|不是)?(?:都)?(?:给|说|留|发|报)(?:过|了)+(?:啊|呀|吧|嘛|的)?|给过你|说过了")


_REFUSAL_CLAUSE = re.compile(r"(?:电话|号码|手机号?)?(?:我)?(?:就|也|还是)?(?:不留|不用留|不想留|不给|别留)(?:电话|号码|手机号?)?"
                             r"(?:了|吧|啦|啊)*")


def _refusal_apart(said: str) -> tuple[bool, str]:
    """Whether ``said`` has a clause that only refuses the phone (不留, 电话就不留了), and what else it says."""
    clauses = [c for c in re.split(r"[\s，,。；;！!]+", said) if c]
    kept = [c for c in clauses if not _REFUSAL_CLAUSE.fullmatch(c)]
    return len(kept) < len(clauses), "，".join(kept)


def _given_before(said: str, tracker: Tracker) -> Optional[str]:
    """The number the citizen says was given already: the last one said in an earlier message of this chat
    ("" when none was); None when ``said`` says no such thing."""
    plain = re.sub(r"[\s，,。！!？?～~]", "", said)
    # (我们已经跟他说过好几次了 is what was tried with the other party, no number: session 57's conversations)
    if _phone_in(plain) or len(plain) > 16 or not GIVEN_BEFORE.search(plain) or re.search(r"报(?:过|了)?警|110", plain) \
            or re.search(r"(?:跟|和|找|同)(?:他|她|他们|她们|邻居|对方|物业|老板|房东|楼上|楼下)", plain) \
            or not re.search(r"电话|号码|手机|刚才|刚刚|之前|前面|早就|已经", plain):
        return None
    latest = (tracker.latest_message or {}).get("text")
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("text") != latest:
            phone = _phone_in(str(event.get("text") or ""))
            if phone:
                return phone
    return ""


def _time_said(said: str) -> Optional[str]:
    """The time ``said`` gives, out of turn, in traditional characters too (從上上個禮拜一開始), after a correction's
    words (不对不对，应该说是这一个月每天晚上都有，不只是昨天), or with when it began (这学期开学就开始收了，9月份);
    None when it says something else too (tester50 C18, C19)."""
    text = simplified(said).strip()
    text = re.sub(r"^(?:(?:不对|不是|错了|说错了|哦|噢)[，,\s]*)+(?:应该)?(?:说)?(?:是)?", "", text) or text
    when = _when(text)
    if when:
        return when
    clauses = [c.strip() for c in re.split(r"[，,。；;！!]+", text) if c.strip()]
    denied = re.compile(r"不只是|不光是|不止是?|不单是")
    kept = [c for c in clauses if _when(c) and not denied.match(c)]
    rest = [c for c in clauses if c not in kept]
    if not kept or not rest:
        return None
    if all(denied.match(c) for c in rest):
        return "，".join(kept)  # (不只是昨天: what the time is not)
    if all(re.search(r"开学|学期|开始|以来|起", c) and not PLACE_WORDS.search(c) and not _tells_problem(c)
           and not _phone_in(c) for c in rest):
        return "，".join(clauses)
    return None


def _detail_with_yes(said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
    """A yes at the read-back with a name or a fact of the matter after it ("对 店名叫张亮麻辣烫", "对 是中通快递"):
    the description with it added; None for a yes with a question, a correction, a number, a time, another problem
    or nothing of the matter after it (谢谢, 快点)."""
    yes_and = YES_THEN_ASKED.match(re.sub(r"\s+", " ", said.strip()))
    if not yes_and or CORRECTION_CUE.search(said) or _phone_in(said) or QUESTION_SAID.search(said):
        return None
    detail = re.sub(r"^(?:就是|是|那个)", "", yes_and.group(1).strip("，,。！! ")).strip("，,。！! ")
    description = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
    core = re.sub(r"\W", "", detail)
    if len(core) < 3 or not description or core in re.sub(r"\W", "", description) or _when(detail) \
            or not (NAMED.search(detail) or _tells_problem(detail)) or _another_matter(detail, description) \
            or fix_targets(detail, has_time=True, has_choice=True) or re.search(r"谢|麻烦|辛苦|快点|尽快|赶紧", detail):
        return None
    text = f"{description}，{_civil(detail) or detail}"
    return {"description": text, "description_draft": text}

# a name alone said at the read-back ("店名叫好邻居": it was read as a yes, or not understood, and lost: session 52)
_NAME_ALONE = re.compile(r"(?:它|那家|这家|那个|这个)?(?:店名|店的名字|店名字|名字|名称|公司名字?|公司的名字|饭馆的?名字?|单位的?名字?|"
                         r"超市的?名字?|小区的?名字?)(?:叫|是)(?:做)?[“\"]?[\u4e00-\u9fffA-Za-z0-9（）()·]{2,20}[”\"]?[。！!]*")


# a day of a month (12月3号, 十二月三日)
_DATE_SAID = re.compile(r"[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}[号日]")
# a question said back before its answer ("啥时候？一直锁着", "在哪？就在我们楼下")
_ECHO_ASKED = re.compile(r"(?:啥时候|什么时候|几点|哪天|在哪儿?|在哪里|哪里|什么时间)(?:啊|呀)?[？?]+[，,\s]*(?=\S)")
# one name put for another in the place ("不对，是亦庄镇不是旧宫", "不是旧宫，是亦庄"): it was filed as 亦庄镇不是旧宫
_SWAP_SAID = re.compile(r"(?:不对|错了|说错了|搞错了)?[，,\s]*(?:应该)?是(?P<new>[\u4e00-\u9fff0-9]{2,12}?)[，,\s]*(?:而)?不是(?P<old>[\u4e00-\u9fff0-9]{2,12})"
                        r"|(?:不对|错了|说错了|搞错了)?[，,\s]*不是(?P<old2>[\u4e00-\u9fff0-9]{2,12}?)[，,\s]*(?:而)?(?:应该)?是(?P<new2>[\u4e00-\u9fff0-9]{2,12})")


def _place_swapped(said: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> Optional[Dict[Text, Any]]:
    """The place held with one name put for another ("不对，是亦庄镇不是旧宫" on 北京市大兴区旧宫德茂庄园 → 北京市大兴区亦庄镇
    德茂庄园), said back, as the slots to set; None when ``said`` swaps no name of it."""
    place = _swapped_name(said, tracker.get_slot("address") or "")
    if not place:
        return None
    dispatcher.utter_message(text=f"好的，地点改为：{_shown(place)}。")
    return {"address": place, "place_piece": None}


def _swapped_name(said: str, held: str) -> Optional[str]:
    """``held`` with the name ``said`` puts for another in it; None when it swaps none."""
    found = _SWAP_SAID.fullmatch(re.sub(r"[。！!]+$", "", (said or "").strip()))
    if not held or not found:
        return None
    new, old = (found.group("new"), found.group("old")) if found.group("new") else (found.group("new2"), found.group("old2"))
    old = re.sub(r"(?:的|啊|呀)$", "", old)
    if old.startswith("北京") or _outside_beijing(said):  # (是吉林长春的朝阳区，不是北京的: outside Beijing, tester50 C3)
        return None
    if old in held and new not in held:
        return held.replace(old, new, 1)
    short = re.sub(r"(?:镇|乡|街道|地区)$", "", old)   # 旧宫 said for 旧宫镇
    if len(short) >= 2 and short in held and new not in held:
        return held.replace(short, new, 1)
    return None


def _name_at_readback(said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
    """The description with a name said alone at the read-back added (店名叫好邻居); None for anything else."""
    plain = re.sub(r"\s", "", said or "")
    description = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
    if not description or not _NAME_ALONE.fullmatch(plain) or re.sub(r"\W", "", plain) in re.sub(r"\W", "", description):
        return None
    text = f"{description}，{plain.rstrip('。！!')}"
    return {"description": text, "description_draft": text}


def _time_of_the_other(said: str, tracker: Tracker) -> Optional[str]:
    """The time ``said`` at the time question when it is the one the other problem parked for later told
    ("…第二个是他们晚上占道摆桌子吵到一两点", then "我不是说了吗 晚上到一两点" asked when the fumes happen): it
    was filed on the first case; None otherwise."""
    other = tracker.get_slot("second_issue") or ""
    hours = re.findall(r"[0-9零一二三四五六七八九十两]+点(?:半|多)?", said)
    if not other or not hours:
        return None
    when = "，".join(c for c in re.split(r"[，,。；;！!？?\s]+", said) if re.search(r"点", c))
    description = tracker.get_slot("description") or ""
    told = hours and all(h in other for h in hours) and not any(h in description for h in hours)
    return when if told and re.search(r"说了|说过|刚说|不是说", said) else None

def _named_again(value: str, draft: str) -> bool:
    """Whether ``value`` only names again what ``draft`` tells (号贩子, with a word for it: 倒号的): its first
    clause said in ``draft``, the rest a few words."""
    value = re.sub(r"^(?:都不是|都不对|不是)[，,。\s]*(?:而是|就是|是)?", "", value.strip())
    clauses = [re.sub(r"\W", "", c) for c in re.split(r"[，,。；;！!？?\s]+", value) if re.sub(r"\W", "", c)]
    plain = re.sub(r"\W", "", draft)
    return bool(clauses) and len(clauses[0]) >= 2 and clauses[0] in plain and len("".join(clauses[1:])) <= 4

# a clause before the problem that says nothing of it: "算了，你先帮我记吧", "您好", "我想反映一下"
_LEAD_FILLER_CLAUSE = re.compile(r"(?:算了|好吧|那|那个|嗯|唉|哎|对了|这样吧)?[，,]?(?:你|您)?(?:先|就)?(?:帮我|给我|替我)?"
                                 r"(?:记|登记|记录|记一下|登记一下|记下来)(?:一下)?(?:吧|啊|呀)?|算了|好吧|唉|哎|"
                                 r"(?:算了|好吧|那)?(?:那)?我(?:还是|就)?(?:自己)?(?:说|讲)(?:吧|一下吧?|说吧?)?")  # (那我说: session 53)


# a clause that says nothing of the problem, wherever it stands (…种菜，行吧; …还骂人，刚才不是说了吗，老板…; …，先这样吧:
# tester56 E19, each filed in the problem)
_EMPTY_CLAUSE = re.compile(r"(?:那)?(?:行吧|好吧|先这样吧?|就这样吧?|就这些(?:吧|了)?|没了|"
                            r"(?:我|刚才|刚刚)?(?:不是|都)?(?:已经)?说(?:了|过)(?:吗|嘛|啊|呀|的)?|你们看着办吧?)[啊呀吧呢嘛]*")


def _without_filler_clauses(text: str) -> str:
    """``text`` without its clauses of filler alone (``_EMPTY_CLAUSE``, ``_FILLER_CLAUSE``); unchanged when nothing
    else is left."""
    clauses = re.split(r"(?<=[，,。！!；;\s])", text)
    kept = [c for c in clauses if not _EMPTY_CLAUSE.fullmatch(re.sub(r"\W", "", c))
            and not _FILLER_CLAUSE.fullmatch(re.sub(r"\W", "", c))]
    rest = "".join(kept).strip("，,。；; ")
    return rest if len(re.sub(r"\W", "", rest)) >= 4 else text


def _without_lead_filler(text: str) -> str:
    """``text`` without its leading clauses that tell nothing of the problem (算了，你先帮我记吧，…; 您好，我想反映一下，…);
    unchanged when nothing would be left."""
    # (那我们小区好多狗都没办证 after a consultation was filed with its 那: session 54's conversations)
    text = re.sub(r"^\s*那(?:么)?(?=(?:我们|咱们|咱|我家|俺们|俺|小区|楼[上下]|邻居)\S{3})", "", text)
    clauses = re.split(r"(?<=[，,。！!；;])", text)
    i = 0
    while i < len(clauses) - 1:
        core = re.sub(r"[\W]", "", clauses[i])
        if not core or _LEAD_FILLER_CLAUSE.fullmatch(core) or not re.sub(r"\W", "", JUST_WANTS.sub("", simplified(core))):
            i += 1
            continue
        break
    rest = "".join(clauses[i:]).strip()
    if all(re.fullmatch(r"(?:你好|您好|喂|哈喽|在吗)+", re.sub(r"\W", "", c)) for c in clauses[:i]) \
            or not re.sub(r"\W", "", JUST_WANTS.sub("", simplified(rest))):
        return text  # (a greeting alone before it stays, as the citizen said it; nothing but the wish: as said)
    return rest if len(re.sub(r"\W", "", rest)) >= 4 else text


def _time_fixed_with_more(said: str, tracker: Tracker) -> Optional[Dict[Text, Any]]:
    """"时间不对，是今年9月开学开始收的。每个月多收800兴趣班费是问题内容" at the read-back: the time said after
    时间不对, and the rest (without 是问题内容) added to the problem; it was parked as a second problem (tester50 C7).
    None for any other answer."""
    lead = re.match(r"\s*(?:时间|日期)(?:也)?(?:不对|错了|有误|写错了|说错了)[了啊，,。\s]*(?:应该)?(?:是|为|改成|改为)?", said)
    if not lead:
        return None
    sentences = [c.strip() for c in re.split(r"[。；;！!\n]+", said[lead.end():]) if c.strip()]
    if not sentences:
        return None
    when = _time_said(sentences[0])
    if not when:
        return None
    slots: Dict[Text, Any] = {"time": when}
    rest = "，".join(re.sub(r"[，,]?(?:这个|这)?(?:才)?(?:是|算)(?:问题|问题内容|问题描述|我要反映的|要反映的)(?:内容)?(?:啊|呀|吧)?$", "", c)
                    for c in sentences[1:]).strip("，, ")
    description = tracker.get_slot("description") or ""
    if rest and _substantive_more(rest) and rest not in description:
        text = f"{description}，{_civil(rest) or rest}".strip("，")
        slots.update({"description": text, "description_draft": text})
    return slots


def _outside_ends() -> Dict[Text, Any]:
    """The form's end for a place outside Beijing (told where to turn): nothing filed."""
    return {"address": None, "confirmation": False, "form_outcome": "cancelled", "requested_slot": None}


def _problem_not_time(said: str) -> bool:
    """Whether ``said``, though it reads like a time (每个月…), tells the problem instead: no time alone
    (``_when``) and money or a long account in it (tester50 C4)."""
    return _when(said) is None and _time_said(said) is None \
        and (bool(_MONEY.search(said)) or len(re.sub(r"\W", "", said)) >= 20)


# a company said alone, the courier, platform or shop whose the matter is (顺丰的, 是京东快递, 美团外卖)
_BRAND_ONLY = re.compile(r"(?:是|就是|那个)?(?:顺丰|京东|中通|圆通|申通|韵达|极兔|邮政|EMS|德邦|菜鸟|美团|饿了么|滴滴|花小猪|曹操|高德|"
                         r"哈啰|青桔|闪送|达达|盒马|叮咚|拼多多|淘宝|天猫|抖音|链家|我爱我家|自如|麦田)"
                         r"(?:快递|外卖|单车|打车|出行|买菜|速运|物流|平台)?(?:的|家的)?(?:快递|快递员|骑手|司机|中介)?(?:啊|吧|呀)?",
                         re.I)


# how a matter goes on, not when (一叫就是好几个小时, 一吵就是一宿, 一干就到半夜)
_ONCE_THEN = re.compile(r"一[\u4e00-\u9fff]就(?:是|到|得)?")


# the number said to be the one calling (电话就是这个号码, 就打这个电话, 用我现在这个手机号)
_THIS_NUMBER = re.compile(r"(?:电话|号码|手机号?)?(?:就是|就用|就打|用|打|留)?(?:我)?(?:现在|这个|本|来电|打电话){1,2}(?:的|用的)?"
                          r"(?:号码|号|手机号?|电话)(?:就行|就可以|就好)?")
THIS_NUMBER_TOLD = "我这里看不到您的来电号码，麻烦直接说一下手机号（11位，座机请带区号）；不方便可以说“不留”。"


# which of two problems first (垃圾的事先说吧, 先说垃圾的事, 先登记物业那个)
_THIS_FIRST = re.compile(r"(?:那|就|那就)?(?:(?:先)(?:说|登记|办|处理|弄|反映)(?:一下)?[\u4e00-\u9fff]{1,8}?(?:的事儿?|的问题|那个事儿?|那件事|这件事|那个|这个)|"
                         r"[\u4e00-\u9fff]{1,8}?(?:的事儿?|的问题|那个事儿?|那件事|这件事|那个|这个)(?:先说|先登记|先办|先处理|先弄|先反映))"
                         r"(?:吧|啊|呀|哈)?")


# reported before (上次反映过, 之前都投诉过好几次, 早就打过电话)
_REPORTED_BEFORE = re.compile(r"(?:上次|上回|之前|以前|早就|已经|都)(?:都|也|就)?(?:反映|投诉|举报|打电话|打过电话|报)(?:过|了)")


# what is said of the matter beside a time (太挤了, 特别吵, 还在干, 没人管)
_MORE_THAN_TIME = re.compile(r"太[\u4e00-\u9fff]|特别|非常|很[\u4e00-\u9fff]|还在|没人|挤|堵|吵|乱|脏|臭")


def _district_read_back(tracker: Tracker) -> Optional[str]:
    """The district of the place read back last in this complaint (地点：北京市丰台区南三环西路), for a place said anew
    after "地址改一下" without one (南三环西路和马家堡西路交叉口 was asked 在哪个区: session 53's conversations)."""
    for e in reversed(tracker.events):
        if e.get("event") == "bot" and "已为您登记" in (e.get("text") or ""):
            return None   # (a complaint filed before this one: not its place)
        if e.get("event") == "bot" and "我确认一下" in (e.get("text") or ""):
            m = re.search(rf"地点：(?:北京市)?({_DISTRICT_NAMES})区", e.get("text") or "")
            return m.group(1) if m else None
    return None


# what someone did to a place (物业把小区绿地改成停车场了, 把楼道堵了, 把树砍了)
_BA_DONE = re.compile(r"把[\u4e00-\u9fff]{1,10}?(?:改成|改为|变成|弄成|盖成|占了|占用|堵了|堵上|封了|封上|挖了|拆了|砍了|锁了|围了|圈了|"
                      r"堆满|卖了|租出去|当成)")
# the citizen's number said first (我电话150…，我要投诉物业): apart from the problem, for the vagueness
_NAME_FIRST = re.compile(r"^(?:你好|您好)?[，,\s]*((?:我叫|我是|本人)[\u4e00-\u9fff]{2,4})[，,。\s]+")
_PHONE_FIRST = re.compile(r"^(?:你好|您好)?[，,\s]*(?:我的?|本人的?)?(?:电话|手机|手机号|联系电话|联系方式)(?:号码)?(?:是|：|:)?\s*"
                          r"1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}[，,。\s]*")


def _consulted_just_now(tracker: Tracker) -> Optional[str]:
    """The question the bot's last turn answered as a consultation (垃圾分类的规定是什么), else None."""
    if not _said_last_turn(tracker, CONSULT_SAID):
        return None
    users = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][:-1]
    return users[-1] if users and users[-1].strip() else None


# what a wish to report once more adds to JUST_WANTS (那我再反映一次吧, 我重新反映一遍)
_AGAIN_WORDS = re.compile(r"再|重新|一次|一遍|还是|那|就")


def _wish_only(said: str) -> bool:
    """Whether ``said`` is a wish to report alone, nothing of the problem nor a place (我要反映一下, 那我再反映一次吧)."""
    plain = re.sub(r"\s", "", said or "")
    return bool(plain) and not re.sub(r"\W", "", _AGAIN_WORDS.sub("", JUST_WANTS.sub("", simplified(plain))))


# the number refused inside a sentence: NO_CONTACT_SAID's words as refusals only ("另外楼下饭馆的油烟也特别大" and
# "物业没有人管" at the number's question were a silent 不留: 特别, 没有; session 53's conversations)
_REFUSED_IN_SENTENCE = re.compile(r"不留|^不用|不用(?:了|留|给|打|回|联系|电话)|不方便|不要(?:了|留|给|打|回|电话)|不想(?:留|给|说|透露)|"
                                  r"不给|没有?(?:电话|手机|号码)|算了|别(?:留|记|问|打|回)|免了|不必")


def _money_apart(slots: Dict[Text, Any], description: str, dispatcher: CollectingDispatcher) -> None:
    """The clauses of a time said where the place was asked that tell money (这学期开学收的，每人800: 时间：…每人800,
    session 53's conversations): moved to the problem, the time and what was said of it kept without them."""
    time = slots["time"]
    clauses = [c for c in re.split(r"[，,]", time) if c.strip()]
    money = [c for c in clauses if _MONEY.search(c) and not re.search(r"点|时|天|周|星期|礼拜|早|晚|午|夜|年|月(?![0-9一二三四五六七八九十])", c)]
    if not money or len(money) == len(clauses):
        return
    slots["time"] = "，".join(c for c in clauses if c not in money)
    base = (slots.get("description") or description or "").rstrip("，,。 ")
    slots["description"] = slots["description_draft"] = f"{base}，{'，'.join(money)}"
    for m in dispatcher.messages:
        if m.get("text") and time in m["text"]:
            m["text"] = f"好的，情况和时间记下了：{_shown(slots['time'])}。"


def _more_not_place(said: str) -> bool:
    """Whether ``said`` (asked where) tells more of the problem and names no place: words enough, no place
    word, no district, no question, nothing the form reads otherwise (a time, a number)."""
    plain = re.sub(r"\s", "", said)
    core = re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", FILLER.sub("", plain))
    # a place with no name said inside what happened is no answer to where (是饭馆的客人在门口喝酒划拳 was 这个地点还不够
    # 具体 and dropped: session 51): more of the problem when the rest tells one
    generic = GENERIC_PLACE.search(plain)
    if generic and not (_tells_problem(plain) or _noise_source(plain)
                        or re.search(r"喝酒|划拳|吵架|打架|聊天|喧哗|跑跳|蹦|跺脚", plain)):
        return False
    # (a place of no name with the problem, 我们小区一直没水: the problem's words, no place: session 53)
    placed = VERB_ROAD.sub("", GENERIC_PLACE.sub("", plain) if generic and _tells_problem(plain) else plain)
    if _BA_DONE.search(plain):   # "物业把小区绿地改成停车场了": what was done to a place, no place (it was a piece of one)
        placed = ""
    return bool(HAS_CHINESE.search(plain)) and len(core) >= 5 and not PLACE_WORDS.search(placed) \
        and not _DISTRICT_SAID.search(plain) and not _phone_in(plain) and not re.search(r"[?？吗]$", plain) \
        and not PLACE_DONT_KNOW.search(plain) and not (generic and GENERIC_PLACE.fullmatch(plain)) and _when(said) is None \
        and not _outside_beijing(plain) and not re.search(r"不想说|不方便|说不好|不告诉|不说|为什么|为啥|干嘛|凭什么", plain) \
        and not re.search(r"地址|地方|地点|位置|同上|一样|刚才|刚刚|同一|上次|之前", plain) \
        and not re.search(r"等一下|等等|等会|稍等|问问|看看|查查|想想|找找|回头|一会儿", plain)


def _more_at_place(description: str, said: str, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """More of the problem said where the place was asked: added to the description (a piece said wrong and
    its correction's words left out), acknowledged; the place is asked again (no failed answer)."""
    told = _SAID_WRONG.sub("", (_civil(said) or said).strip())
    told = re.sub(r"\s+", "，", told.strip("，,。 ")) if re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", told) else told
    told = re.sub(r"[，,]{2,}", "，", told).strip("，,。 ")
    more = f"{description}，{told}" if told and told not in description else description
    dispatcher.utter_message(text="好的，记下了。")
    return {"address": None, "description": more, "description_draft": more}


def _times_joined(times: List[str], text: str) -> str:
    """The times a complaint tells, as filed: one corrected as it was said dropped, its day part kept for the
    correction ("每天晚上七点，不对，六点半就开始了，一直跳到九点多" → 每天晚上六点半到九点多; it was 每天晚上七点、
    六点半、九点多: tester48 N10); two that start and end a span joined by 到; else listed with 、."""
    kept: List[str] = []
    carry = ""
    for t in times:
        at = text.find(t)
        if at >= 0 and _TIME_CORRECTED.match(text[at + len(t):]) and len(times) > 1:
            hour = _HOUR_START.search(t)
            carry = t[:hour.start()] if hour else ""
            continue
        if carry and _HOUR_START.match(t):
            t, carry = carry + t, ""
        kept.append(t)
    if len(kept) == 2:
        first, second = text.find(kept[0][-3:]), text.find(kept[1])
        if 0 <= first < second and re.search(r"到|至|一直|持续", text[first:second]):
            return f"{kept[0]}到{kept[1]}"
    return "、".join(kept)


def _alarm(more: Dict[Text, Any], tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
    """The advice for an addition at the read-back that makes the matter urgent (门缝里有股怪味儿 about a
    neighbour alone and unseen: tester48 N3), said once."""
    description = tracker.get_slot("description") or ""
    advice = alarm_in_addition(str(more.get("description") or "")[len(description):], description)
    if advice and not _advised(tracker, advice[:20]):
        dispatcher.utter_message(text=advice)


# "哦对了，…", "还有，…" said with the number: more of the matter follows
MORE_CUE = re.compile(r"^(?:(?:哦|噢|啊)[，,]?)?(?:对了|还有就是|还有|另外|而且|补充一下)[，,]?")


TELL_MORE = "请再说说具体发生了什么问题？"
# the problem said to be wrong and told anew at once ("问题描述不对 我重新说一下 是楼道里堆杂物…")
PROBLEM_RETOLD = re.compile(r"^(?:不对[，,\s]*)?(?:问题|描述|问题描述|内容|事情)(?:也)?(?:不对|错了|说错了|写错了|有误|不准确)[了啊呀，,。！!\s]*"
                            r"(?:我)?(?:重新说一下|重新说|再说一遍|改一下)?[，,。\s]*(?:应该是|就是|而是|是)?[，,：:\s]*(.+)$")
# a yes with a question after it at the read-back ("对 你们多久能来修", "对的，这个你们管得了吗")
YES_THEN_ASKED = re.compile(r"^(?:对|对的|对啊|是的|是|没错|没问题|正确|可以|嗯|好的?|行)[，,。！!\s]+(.{2,})$")
# who or what acts in a message, never a bare place (有人在小区门口拿着刀砍人)
PIECE_NOT_PLACE = re.compile(r"有人|有个|人在|拿|砍|打|偷|抢|跳|摔|烧|冒|吵|堵|坏|漏|臭|卖|停|占")
# the number refused in so many words, with more said (我不留, 不留电话, 电话就不留了): 不留, never asked again
REFUSED_NUMBER = re.compile(r"(?:我|就|还是)?(?:不留|不想留|不给|不用留|不方便留)(?:电话|号码|手机号?)?(?:了)?(?![的得])")
# the number refused inside a longer message (我不想留名字和电话, 我一开始就说了不留电话: tester57 F9)
NUMBER_REFUSED_IN_TEXT = re.compile(r"(?:不留|不想留|不愿意?留|不方便留|不给|不要留|别留)[^，,。！!？?]{0,4}(?:电话|号码|手机|联系方式)|"
                                    r"(?:电话|号码|手机号?|联系方式)(?:我|我就|我也)?(?:就|也|还是)?(?:不留|不想留|不给|别留)")  # (电话我就不留了: session 53)
# a building or a gate said as a piece of the place (7号楼底下, 3单元门口)
# a building said alone, as more of the place held ("312号楼", "地址还有7号楼 我刚才说了", "7号楼前面": tester57 F4/F6)
# a building and its unit, floor or flat (5号楼, 12号楼3单元, 6号院2门): the pieces below share it
_UNITS = r"(?:[0-9一二三四五六七八九十]+(?:单元|门|层|号))*"
_BUILDING_SAID = re.compile(r"^(?:(?:地址|地点|楼号)(?:还有|还得加上|是|要加上)?|还有|加上|是|在|就在|楼是)?[，,：:\s]*"
                            r"((?:[0-9一二三四五六七八九十]+(?:号楼|号院|栋|幢|单元|号门)|\d{2,}楼(?![上下道里]))"   # 三楼: a floor
                            rf"{_UNITS}"
                            r"(?:底下|楼下|下面|门口|旁边|前面|后面|对面)?)(?:那儿|那里|那个|这个)?[的啊呀。，,\s]*"
                            r"(?:我(?:刚才?)?说了|刚才?说了|我不是说了吗)?[啊呀吗。！!\s]*$")
_TRAILING_BUILDING = re.compile(rf"[0-9一二三四五六七八九十]+(?:号楼|号院|栋|幢|楼){_UNITS}$")


# a building said as a piece of another answer ("在5号楼那块", "8号楼", "在8号楼前面的空地上": tester59 G9)
_BUILDING_PIECE = re.compile(rf"(?:就|也)?(?:是在|在)?([0-9一二三四五六七八九十]+(?:号楼|栋|幢|号院){_UNITS}"
                             r"(?:前面|后面|旁边|门口|底下|楼下|下面|对面|东边|西边|南边|北边)?(?:的空地|的小广场|的广场)?)"
                             r"上?(?:那块儿?|那边儿?|那儿|那里|这块儿?|一带)?(?:附近)?[啊呀吧]?")
# the number refused as a piece of another answer ("电话不留", "电话别留了", "不留")
_REFUSAL_PIECE = re.compile(r"(?:电话|号码|手机号?)?(?:就|也|还是)?(?:不留|别留|不用留|不给|不要)了?(?:电话|号码|手机号?)?了?(?:吧|啊)?")
# a name said as a piece of another answer ("店名叫农家乐老李家", "公司叫美家装饰": tester59 G9)
_NAME_PIECE = re.compile(r"(?:那个|那家)?(?:店|饭店|饭馆|店名|公司|商家|门店|店铺)(?:的)?(?:名字?)?(?:叫|是)(?=\S{2})")


def _answer_pieces(said: str, tracker: Tracker, time_asked: bool) -> Optional[Dict[Text, Any]]:
    """An answer to the time or the phone question with other answers in it ("不固定，…，在8号楼前面的空地上",
    "每天早上六点多，在5号楼那块，不留", "今天中午，店名叫农家乐老李家，电话不留"): the building joins the place held,
    a name the problem, a refusal or a number is the phone's, an hour the time; ``rest`` what is left for the
    question asked. None when it holds nothing besides (the building replaced the place, the time was lost:
    tester59 G9)."""
    pieces = [p for p in re.split(r"[\s，,。；;！!]+", said) if p]
    if len(pieces) < 2:
        return None
    held = tracker.get_slot("address")
    slots: Dict[Text, Any] = {}
    rest: List[str] = []
    for piece in pieces:
        building = _BUILDING_PIECE.fullmatch(piece)
        if building and held and "address" not in slots:
            slots["address"] = _with_building(held, building.group(1))
        elif time_asked and _REFUSAL_PIECE.fullmatch(piece) and re.search(r"电话|号码|手机", piece) \
                and "contact" not in slots:  # (a number said here is _contact_out_of_turn's, its spare kept)
            slots["contact"] = NO_CONTACT
        elif time_asked and _NAME_PIECE.match(piece) and not _tells_problem(piece):
            slots.setdefault("named", []).append(piece)
        elif not time_asked and _is_hours(piece) and not _tells_problem(piece) and not tracker.get_slot("time"):
            slots["time"] = f"{slots['time']}，{piece}" if slots.get("time") else piece
        else:
            rest.append(piece)
    if not slots or not time_asked and "address" not in slots:
        return None  # (at the phone question only with a building: a time or a fact alone is the checks' after it)
    named = slots.pop("named", None)
    if named:
        description = tracker.get_slot("description_draft") or _description_before(tracker) or ""
        text = "，".join([description, *named]).strip("，")
        slots.update({"description": text, "description_draft": text})
    return {"slots": slots, "rest": "，".join(rest)}


def _pieces_told(slots: Dict[Text, Any]) -> str:
    """What was taken from an answer's other pieces, said back."""
    told = []
    if slots.get("address"):
        told.append(f"地点记下了：{_shown(slots['address'])}")
    if slots.get("time"):
        told.append(f"时间记下了：{_shown(slots['time'])}")
    if slots.get("description"):
        told.append("您说的情况补充到问题里了")
    if slots.get("contact") == NO_CONTACT:
        told.append("不留电话")
    return "好的，" + "，".join(told) + "。" if told else ""


# what makes a matter concrete beside PROBLEM_WORDS, never a word that splits a letter's "还有" into two problems
# (开补习班 and 银行卡被冻结 were 不够具体 to the end; as problem words they split five letters: session 56)
# (楼上天天半夜开派对，音乐开得很大声: no noise word, 不够具体 three times: session 56)
_MATTER_TOLD = re.compile(r"补习|补课|辅导班|托管班|银行|信用卡|冻结|贷款|理财|开派对|派对|开party|很大声|特别大声|大声放|音乐开")
# what is said of a line's service as a whole (太挤, 加车, 间隔太长, 末班车): the line is the place
_LINE_SERVICE = re.compile(r"挤|加车|加开|增开|间隔|班次|发车|运力|满载|限流|末班车|首班车|延长运营|等车|等了")
# a subway line said as the place (就10号线啊, 八通线)
_SUBWAY_LINE = re.compile(r"(?:地铁)?((?:[0-9]+|[一二三四五六七八九十]+)号线|八通线|昌平线|房山线|亦庄线|燕房线|大兴机场线|首都机场线|西郊线|S1线)")

def _building_said(said: str) -> Optional[str]:
    """The building ``said`` names when it says nothing more (12号楼, 地址还有7号楼 我刚才说了 → 7号楼)."""
    m = _BUILDING_SAID.match(LEAD_FILLER.sub("", said.strip()))
    return m.group(1) if m else None


def _with_building(held: str, building: str) -> str:
    """The place held with this building: appended, or instead of the building it names (313号楼 for 312号楼)."""
    if building in held:
        return held
    return _TRAILING_BUILDING.sub("", held) + building


# an online purchase (网上买的, 某东上的旗舰店): no place to give (tester47 B6)
ONLINE = re.compile(r"网上|网购|网店|线上|淘宝|天猫|京东|某东|某宝|拼多多|抖音|快手|直播间|小程序|[Aa][Pp][Pp]|电商|平台|美团|饿了么|手机上")
ONLINE_SHOP = re.compile(r"店铺|网店|旗舰店|专卖店|商家|卖家|平台|[在是](?:淘宝|天猫|京东|某东|某宝|拼多多|抖音|快手)")
NO_PLACE_ONLINE = re.compile(r"哪有(?:什么)?(?:地点|地址|地方)|没有?(?:什么)?(?:实体|具体)?(?:的)?(?:地点|地址|地方|店)|"
                             r"不知道(?:商家|店家|卖家|店|它|他们)?在哪")
# bought or ordered online, said alone (网上点的, 在App上订的: 网上点的 was the time, session 52)
_ORDERED_ONLINE = re.compile(r"(?:是|在|我是|我在)?(?:网上|网购|线上|手机上|[Aa][Pp][Pp]上|小程序上|美团上?|饿了么上?|淘宝上?|京东上?|拼多多上?)"
                             r"(?:买|点|订|下单|购买|预订)(?:的|了)?(?:外卖|餐)?(?:啊|呀|嘛|呢)?[。！!]*")
ONLINE_PLACE = "网络购物（无实体地点）"
ONLINE_TOLD = "好的，网上购物没有实体地点，地点按“网络购物”登记，承办单位会按商家和平台核实。"
# "你先别问地方", "你听懂了没有", "我是说…": the citizen protests the question or that the bot did not follow
PROTEST = re.compile(r"(?:先)?(?:别|不要|甭)(?:老)?(?:问|管)(?:什么)?(?:地方|地点|地址|在哪|时间|电话|这个|那个|这些|了)|"
                     r"听(?:懂|明白|清楚)了?(?:没有?|吗|么)|听不懂|没听懂")
PROTEST_ONLY = (r"(?:你|您)?(?:先)?(?:别|不要|甭)(?:老)?(?:问|管)(?:什么)?(?:地方|地点|地址|在哪|时间|电话|这个|那个|这些|了)?(?:了|啊|呀)?|"
                r"(?:你|您)?(?:到底)?(?:听(?:懂|明白|清楚)了?(?:没有?|吗|么)|听不懂(?:人话)?(?:吗|啊)?|没听懂(?:吗|啊)?)")
# how long it takes, asked at the phone question without a question mark ("你们一般多久能处理，别又是转来转去")
HOW_LONG = re.compile(r"多久|多长时间|(?<![好这前过头最])几天(?![了前])|什么时候|啥时候|何时|要多长")  # (好几天了 tells: session 53)
# the citizen's own name said with the number (我姓李): no fact of the matter
OWN_NAME = re.compile(r"^我(?:姓|叫)|^(?:姓|免贵姓)")
# a remark at the read-back that only says whose problem it is (就是物业的问题, 这是开发商的事)
WHOSE_PROBLEM = re.compile(r"(?:反正|其实|主要|总之)?(?:就是|就|这是|这就是|都是|是)?[\u4e00-\u9fff]{1,6}的(?:问题|事儿?|责任)"
                           r"(?:吧|啊|呀|嘛|呗|了)?[。！!，,]*")
# the validation's re-asks: each is a question of its own
REASKS = {"utter_description_vague", "utter_offer_handoff", "utter_ask_noise_source", "utter_use_chinese", "utter_address_vague",
          "utter_keep_civil", "utter_ask_what", "utter_fix_field_invalid",
          "utter_time_vague",
          # a progress query in the middle of the form asked for its number or code: one question
          "utter_ask_case_number", "utter_ask_query_code"}


# the bot's own asks said by the validation (the care and the anti-fraud advice stay: no question after them)
SAID_ASKS = (CRISIS_MARK, FRAUD_MARK, DV_MARK, DV_CHILD_MARK, PERSON_WAIT_MARK, SILENT_MARK, "请说说具体是什么问题、在哪里",
             IDK_EXAMPLES, HANDOFF_AGAIN,  # (what can be reported, or a person again, after 不知道: tester42 N5)
             TELL_MORE,  # (a place said where the problem was asked: what happened, asked with it)
             "还是不再反映刚说的",  # (WITHDRAW_WHICH_MARK: which one is meant, asked)
             "还要继续登记吗",  # (OFFER_BACK_MARK: the complaint left pending in a crisis, offered back)
             "12345 hotline",  # (ENGLISH_MARK: the English note, said after utter_use_chinese)
             "附近有什么地标", PLACE_UNKNOWN_MARK,  # (a place with no name asked again; 转人工 or 地点不详 offered)
             PLACE_FIRST_MARK,  # (the place asked first when someone is to be sent or asked for: tester50 C2)
             DV_PLACE_LATER,  # (the place asked for once she is safe)
             "具体有什么问题、是什么情况")  # (WHOM_ASK: a party named alone, asked what is wrong: session 51)

# praise said in the opening (我想表扬一下…网格员小张…, 感谢…民警, 送锦旗): recorded as a case; the API's
# triage marks it 表扬 from the text and routes it to the unit of the person praised (tester37 N5)
PRAISE = re.compile(r"^[^。！？!?]{0,8}?(?:表扬|感谢|谢谢|点赞|致谢|送(?:一面)?锦旗|写(?:一封)?感谢信|表示感谢)")
PRAISE_WORDS = re.compile(r"我?(?:想|要|得|必须|特别|真心|真的|非常|十分)*(?:表扬|感谢|谢谢|点赞|致谢)(?:一下)?|一下|"
                          r"应该|提出|要|想|我|的|了|她|他|们")
PRAISE_ASK_WHO = "感谢您！请说说您想表扬谁（哪个单位、哪位工作人员）、为了什么事，我帮您登记转达。"


# thanks for a matter resolved (上次反映的问题已经解决了), and who may be named in praise (王师傅, 民警, 工作人员)
_RESOLVED_THANKS = re.compile(r"(?:解决|办好|处理好|修好|弄好|搞定|清理干净|清走)了")
_PRAISED_PERSON = re.compile(r"师傅|民警|警官|交警|工作人员|同志|老师|网格员|医生|大夫|护士|书记|主任|队长|所长|姓[\u4e00-\u9fff]|"
                             r"城管|派出所|街道|居委会|社区|物业")
RESOLVED_THANKS_TOLD = ("不客气，问题解决了就好！如果想表扬具体的承办单位或工作人员，请告诉我是哪个单位、哪一位、为了什么事，"
                        "我帮您登记转达；有新的问题也可以直接跟我说。")
# a unit named with its district in praise (朝阳区城管的王师傅, 海淀区中关村派出所的民警, 西城区展览路街道的工作人员)
_PRAISED_UNIT = re.compile(r"(?:北京市?)?(" + _DISTRICT_NAMES + r")区?的?((?:[\u4e00-\u9fff]{2,6}?)?(?:城管(?:执法队|执法局|大队|中队)?|"
                           r"派出所|交警(?:支队|大队)?|交通支队|消防救援站|消防站|街道办事处|街道办|街道|社区居委会|居委会|"
                           r"社区|医院|卫生服务中心|政务服务中心|[\u4e00-\u9fff]{0,4}?(?:局|委|中心|所|站|队)))(?=的|[，,。！!\s]|$)")


def _praised_unit(text: Optional[str]) -> Optional[str]:
    """The district and unit praise names (表扬朝阳区城管的王师傅 → 北京市朝阳区城管); None when it names none."""
    m = _PRAISED_UNIT.search(text or "")
    return f"北京市{m.group(1)}区{m.group(2)}" if m else None


def _praise(text: Optional[str]) -> bool:
    """Whether ``text`` opens with praise and complains of nothing (表扬…, 感谢…)."""
    return bool(text and PRAISE.search(text) and not re.search(r"投诉|举报|不满|太差|恶劣|不作为", text))


# "先表扬一下你们上次帮我解决了停车的问题👍 这次又有个事，我们楼下新开的奶茶店音响声音特别大…" was read back
# and filed as 表扬 (tester50 C9): thanks, then 这次又有个事 / 另外 / 但是 and a matter, is a complaint; the
# thanks go on the case as a side note (补充) after filing
PRAISE_TURN = re.compile(r"(?:这次|这回|今天|现在)(?:又|还)?(?:有|想|要)(?:个|一个|件|一件)?(?:事儿?|问题|情况)|"
                         r"(?:这次|这回)(?:又|还)?(?:想|要)?(?:反映|投诉|举报)|又有(?:个|一个|件|一件)?(?:事儿?|问题)|"
                         r"还有(?:个|一个|件|一件)(?:事儿?|问题)|另外|但是|可是|不过|然而")


def _praise_then_complaint(text: Optional[str]) -> Optional[tuple]:
    """(the thanks, the complaint) when ``text`` opens with praise and then turns to a matter of its
    own (这次又有个事，…); None otherwise."""
    if not text or not _praise(text):
        return None
    turn = PRAISE_TURN.search(text)
    if not turn:
        return None
    rest = re.sub(r"^(?:个|一个|件|一件)?(?:事儿?|问题|情况)?(?:是|就是)?[，,：:。！!\s]*", "", text[turn.end():])
    praise = text[:turn.start()].strip(" ，,。！!；;")
    if len(re.sub(r"[^\u4e00-\u9fff]", "", rest)) < 6 or not praise:
        return None
    if re.fullmatch(r"但是|可是|不过|然而|另外", turn.group(0)) and not _tells_problem(rest):
        return None  # "感谢民警小王，不过当时我太紧张忘了问他名字": still praise
    return praise, rest.strip()


# an English speaker (Hello, I want to complain…): after the Chinese ask, where to get English service and
# how to reach a person, in both languages; yes / ok / transfer then is a yes to the person (round 11 #4)
ENGLISH_MARK = "12345 hotline"
# no call-back is offered in English: the chat cannot take an English matter down, and "transfer" led to a
# request to write in Chinese (tester56 E14)
ENGLISH_NOTE = ("需要英文服务，请拨打12345热线电话，说明需要英语服务。\n"
                "Sorry, this chat can only handle Chinese text. For service in English, please call the "
                "12345 hotline and ask for English service; an operator will take your report by phone.")
ENGLISH_AGAIN = "需要英文服务请拨打12345热线。\nFor English, please call the 12345 hotline and ask for English service."
EN_YES = re.compile(r"(?:(?:yes|yeah|yep|yup|ok|okay|sure|please|fine|good|alright|all right|transfer|transfer me|"
                    r"human|a human|person|a person|agent|operator|staff|someone|talk to a person|"
                    r"talk to someone|real person)[\s,.!]*)+(?:please|thanks|thank you)?[\s.!]*", re.I)


# a problem with no hour to it: money not refunded, a shop gone, a project stalled for months
NO_HOURS = re.compile(r"退不了|退不回|不给退|不退|退钱|退费|退款|年卡|月卡|会员卡|储值卡|预付|跑路|卷款|倒闭|关门了|停业了|"
                      r"停工|不装|没装|烂尾|资金没到位|迟迟|到现在[^，,。]{0,4}(?:年|个月)|[两几一二三四五六七八九十]+年了|"
                      # 外墙保温做了一半施工队就跑了 (tester57 F6: its hours asked, before its place)
                      r"(?:施工队|工人|包工头|施工方|装修队)(?:就|都|早就)?跑了|"
                      # 装修公司拿了钱跑了 (a one-off fraud was asked 一般在什么时间段: tester59 G14)
                      r"(?:拿|收|卷|骗)了?(?:我的?|我们的?)?钱(?:就|人就)?(?:跑了|没影了|不见了)|骗了?(?:我|我们)?[^，,。]{0,4}钱|联系不上了|"
                      r"[做干修弄搞]了一半|半拉子")
# …unless it is about the hours after all (noise, opening hours, night work)
HOURS_MATTER = re.compile(r"噪音|噪声|吵|扰民|声音|(?<!没)(?<!没有)(?<!没啥)(?<!没什么)动静|夜|凌晨|晚上|早上|几点|点以后|点之后|营业到|开到")


def _no_hours(text: str) -> bool:
    """Whether ``text`` tells of a problem that has no time of day (健身房关门了退不了钱, 加装电梯两年了不装)."""
    return bool(NO_HOURS.search(text)) and not HOURS_MATTER.search(text)


# "我已经告诉你了" / "我说了啊" said alone when the time is asked
_ALREADY_TOLD = re.compile(r"(?:我|刚才|刚刚)?(?:不是|都|早就|已经|刚才?)?(?:说了|说过|告诉你了|告诉过你了|讲了|讲过)(?:吗|嘛|啊|呀|的|呢|了)*")
# where the place begins in an answer that gives the time first (…，地方是东城…)
_PLACE_CUE = re.compile(r"[，,。\s]*(?:地方|地点|地址|位置)(?:是|在|就是|就在)?[：:，,\s]*")


# hedges and protests around a district said when asked which (不知道 东城吧好像, 我都说了怀柔啊)
_HEDGES = re.compile(r"不知道|不清楚|不确定|好像是?|可能是?|应该是?|大概是?|估计是?|我(?:都|不是|刚才?)?说了(?:吗|嘛)?|"
                     r"(?:都|我都|我)?说(?:了)?(?:几|多少|八百)(?:遍|次)了?|"
                     r"刚才说了|[吧啊呀呢嘛哈]|[\s，,。！!？?]")


_RETOLD_LEAD = re.compile(r"^(?:不对|错了|说错了|有误|问题(?:写|说|记)?(?:错了|不对)|问题描述不对)[，,。\s]*")
_NOT_THAT = re.compile(r"(?:问题(?:描述)?)?(?:其实)?不是[^，,。；;！!\s]{1,8}(?:[，,。；;！!\s]|$)")
_NOISE_CLAUSE = re.compile(r"吵|噪音|噪声|声音|动静|反映")


def _violence_retold(said: str, tracker: Tracker) -> Optional[str]:
    """The problem as corrected at the read-back into a neighbour's violence ("问题写错了 是男的打老婆 不是吵" → 楼上男的打老婆,
    "不是噪音 是家暴" → 楼上有人家暴), with the neighbour the held problem named and its facts that were not the noise
    (已经报过好几次警了); None when the message tells no more than a correction cue."""
    held = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
    new = _NOT_THAT.sub("，", _RETOLD_LEAD.sub("", said.strip()))
    new = re.sub(r"^[，,。\s]*(?:而)?是", "", new.strip("，,。 ")).strip("，,。 ")
    new = re.sub(r"\s+", "，", new)
    if len(re.sub(r"\W", "", new)) < 2:
        return None
    near = WITNESS.search(held)
    if near and not WITNESS.search(new):
        who = "有人" if len(re.sub(r"\W", "", new)) <= 3 else ""   # 家暴 → 楼上有人家暴
        new = f"{near.group(0)}{who}{new}"
    rest = [c for c in re.split(r"[，,。；;！!]", held) if c.strip() and not _NOISE_CLAUSE.search(c)]
    return "，".join([new, *rest])


# "不对，6号楼是地址" / "6号楼是地址 不是问题": a piece of the place said in the problem
_NAMED_AS_ADDRESS = re.compile(r"^(?:(?:不对|错了|不是)[，,\s]*)?([^，,。\s]{2,16}?)(?:才|应该)?是(?:地址|地点|位置|地方)(?:里的|的一部分)?"
                               r"(?:[，,\s]*(?:不是问题(?:描述)?|不是问题里的))?[。！!\s]*$")


_ASKED_BACK = re.compile(r"你问|问的|问这|问啥|几点|什么时间|啥时候|什么时候")
# a day, week, month or year said inside a sentence (上个月交的钱, 这礼拜人就联系不上了, 去年年底, 3月5号)
_DATE_PHRASE = re.compile(r"(?:上上|上|这|本|前)(?:个)?(?:月|礼拜|星期|周)|(?:前|昨|今)天|(?:去|今|前)年(?:年底|年初|底|初)?|"
                          r"\d{1,2}月(?:\d{1,2}[号日])?|[一二三四五六七八九十]{1,2}月(?:份)?(?:[一二三四五六七八九十]{1,3}[号日])?")


def _report_dropped(said: str) -> bool:
    """Whether a clause of ``said`` drops the report (算了，我先找物业吧，不登记了 / 我说了不登记了)."""
    return any(STOP_REPORT.fullmatch(c) for c in re.split(r"[\s，,。！!；;]+", said) if c)


async def _hours_in(description: str) -> Optional[str]:
    """The hours the problem told names (…周末都不停 → 周末), as the triage reads its times; None for none."""
    if not description:
        return None
    try:
        times = ((await _api("triage", description)).get("entities") or {}).get("times") or []
    except (ApiUnavailable, ApiError):
        return None
    found = [str(t.get("text")) for t in times if t.get("text") and str(t.get("text")) in description]
    return max(found, key=len) if found else None


# "这跟时间没关系啊": said when the time is asked, no time at all
# "我不是说了吗，" / "刚才说了，" before an answer: no part of it
ALREADY_SAID_LEAD = re.compile(r"^(?:我)?(?:不是|刚才|刚刚|早就|已经|都)?(?:说了|说过|告诉你了)(?:吗|嘛|啊|呀|的)?[，,。！!？?\s]+")
# a building or a flat (112楼, 3单元, 5层): a place, never a time
HOUSE_NUMBER = re.compile(r"\d+\s*(?:号楼|楼(?![上下])|层|号院|室|单元|栋|幢)")
NOT_ABOUT_TIME = re.compile(r"(?:跟|和|与)时间(?:没|无)(?:有)?(?:啥|什么)?关系?|不是时间的(?:问题|事)|没有?(?:固定|具体)(?:的)?时间|"
                            # 这跟时间段有啥关系 (tester56 E5: filed as the time)
                            r"(?:跟|和|与)时间段?有(?:啥|什么)关系|问(?:这个)?时间(?:干嘛|干什么|有啥用)|"
                            r"不分时间|时间不重要|不是什么时间段|没有?时间段|不存在时间")


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
    known = tracker.get_slot("address") if "address" not in tracker.slots_to_validate() else None
    if known and not slots.get("address") and slots.get("description") \
            and _same_matter(lead.group(1), tracker.get_slot("description") or ""):
        # the same matter told again without its place: the place said before stays (tester47 B2)
        slots["address"] = known
        dispatcher.utter_message(text=f"地点还按刚才说的：{_shown(known)}。")
    return slots


# the wish for a person in a clause of its own (给我转人工, 我要找人工客服, 跟真人说): what else the message says is
# the matter; 客服 named in the problem (快递客服电话打不通, 网约车客服态度差) is no such wish
# (another service's line told of, not a wish for ours: 人工服务始终繁忙，无法接通; 每次要花费大量的时间在找客服上 —
# data messages got 这里没法直接转接人工坐席)
_NOT_OURS = r"(?![^，,。！!？?；;\s]*(?:电话|态度|不|没|繁忙|忙|打不通|接通|没人接|等待|排队|浪费))"
_PERSON_CLAUSE = re.compile(r"[^，,。！!？?；;\s]*(?:(?<!在)(?:转|接|找|要|换|叫)(?:个|一个)?(?:人工|真人|客服|坐席)(?!上)" + _NOT_OURS +
                            # (当时我就拨打了10086人工服务进行投诉: another service's, told in a data letter)
                            r"|(?<![0-9])(?<!拨打)(?<!打了)(?<!联系)人工(?:客服|服务|坐席)" + _NOT_OURS +
                            r"|(?:跟|和|与)真人(?:说|聊|谈))[^，,。！!？?；;\s]*")


def _matter_besides_person(said: str) -> Optional[str]:
    """What ``said`` tells besides a wish for a person (给我转人工，我要投诉物业乱收费 → 我要投诉物业乱收费), when
    it tells a problem; else None."""
    rest = _PERSON_CLAUSE.sub("，", said).strip("，,。！!？?；; ")
    if len(re.sub(r"\W", "", rest)) < MIN_CHARS or not _tells_problem(rest) or _filler(rest):
        return None
    return rest


async def _matter_with_person(dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Optional[Dict[Text, Any]]:
    """The complaint's slots when a wish for a person comes with the matter itself ("给我转人工，我要投诉物业
    乱收费": the bot said only that no person is here and asked what happened); None when the message
    tells no problem besides the wish. The caller says that the call-back is noted (CALL_BACK_MARK)."""
    rest = _matter_besides_person(str((tracker.latest_message or {}).get("text") or "").strip())
    if rest is None:
        return None
    slots = {**{s: None for s in FORM_SLOTS},
             **await ValidateComplaintForm().validate_description(rest, dispatcher, _fresh(tracker), domain)}
    slots.pop("requested_slot", None)
    return slots if slots.get("description") else None


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
        elif kind == PERSON_KIND and DOMESTIC_VIOLENCE.search(re.sub(r"\s", "", said)) \
                and (cannot_call(said, tracker) or reported_from_afar(said)):
            # "我男朋友 他要打我" after she said she cannot call: the silent ways again (tester57 F1)
            if not _said_this_turn(tracker, SILENT_MARK) and not _said_this_turn(tracker, DV_RELAY_MARK):
                dispatcher.utter_message(text=dv_silent_advice(said, tracker))
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
