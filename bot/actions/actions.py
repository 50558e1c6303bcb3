"""Custom actions of the jiesu bot: thin wrappers over ``actions.api.triage``.

The complaint form (``actions.form``) asks for a description specific enough to route, the
category when the triage hesitates between two readings, an address that locates the problem, the
time only for kinds where it matters (noise, construction, opening hours), then a confirmation.
Each slot is re-asked at most twice; the third failure says so and offers a person, handed over
only when the citizen agrees. A danger the triage names (``urgent``: 燃气泄漏, 火情, 坠落 …) gets its
safety advice before anything else (``actions.safety``). This module holds the actions the
dialogue calls by name: the form's questions, the read-back, filing, progress and withdrawal of a
filed case (``actions.followup``), the hand-off to a person, consultations, greetings and goodbyes.
Phrases and tracker helpers they share are in ``actions.common``.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api.triage import ApiError, ApiUnavailable, Locked, NotFound
from actions.common import (
    ANONYMOUS, ANONYMOUS_TOLD, QUESTION_SAID, UNSURE_CHOICE, CATEGORY_LEFT, CALL_BACK_MARK, PERSON_NOT_HERE, REGISTERED_WITH_CALL_BACK,
    _a_complaint, fix_targets, DETAIL_ASKED, DETAIL_TOLD, PLACE_DETAIL_TOLD, _DISTRICT_OF, ABOUT_THIS, _last_turn, _advised, _after_idk_close, _api, ASK_NUMBER, BYE_SAID, CANCEL_FORM,
    case_number_in, CASE_NUMBER_LOOSE, _citizen, _contact, _contact_for_own_case, _department_name,
    _describe, _dialed, _DISTRICT_SAID, EARLIER_CASE, FILED_SAID, _fresh, HAS_CHINESE, IDK_AFTER, IDK_CLOSE,
    _idk_closed, IDK_NOD, NEXT_STEPS, NO_CONTACT, NO_CONTACT_KEPT_MARK, NO_NUMBER, NOT_FILED_TOLD,
    NOT_FILED_YET, NUMBER_ASKED, OFFER_SAID, _other_answer, _other_asked, _outside_beijing,
    OUTSIDE_TOLD, _own_code, PENALTY_TOLD, PHONE, _phone_in, _phones_in, _phones_masked,
    PLACE_WORDS, plain_digits, _repeat_said_before, REPEATED_NOTE, _reset_form, _said_before, _said_last_turn,
    _district_alone,
    _said_this_turn, SECRECY_NOTE, _secrecy_wished, _told_more, _shown, _side_answer, _stated, _place_first, PLACE_FIRST_MARK, STATUS_SAID, _status_follow_up, _tail, _tells_problem, _title, _unit, UNSURE, _when,
    WHEN_DONE_TOLD, _with, _with_spare, _with_time, _employer_named, _wages_unpaid, WAGE_WHERE_ASK, WAGE_FACTS,
)
from actions.safety import (
    _beside_self_harm, _care, CRISIS_BYE, _crisis_in_chat, CRISIS_MARK, CRISIS_THANKS, DANGER_OVER,
    DANGER_PENDING, _dangers_told, _family_matter, FAMILY_MARK, FAMILY_TOLD, _filler, FORM_WAIT_MARK,
    FRAUD_KIND, _handoff_danger, _hold, _hotline_answer, _hotline_called, IMMINENT, LINE_MARK,
    FRAUD_SAFE, MEDICAL_DONE, OFFER_BACK_MARK, PAY_AGAIN, PERSON_WAIT_MARK, _practical_tip, REFUSE_PERSON,
    help_asked, SCAM_GOING, _self_harm, SELF_HARM_KIND, SELF_HARM_NO_PERSON, _service_line, _service_line_asked,
    SERVICE_LINES, _stay_outside, _staying, urgent_filed, handoff_danger_advice, silent_first, police_for_me, danger_told,
)
from actions.followup import (
    _addition, _anything_done, _ask_which_withdrawn, check_progress, _manage_asked, MANAGE_CASE_TOLD, MANAGE_SAID, MANAGE_TOLD,
    _after_code_forgotten, _note_and_flag, TIME_FRAME, URGE_SAID, _which_outside_form, WITHDRAW,
    _withdraw, _withdraw_ambiguous, _withdraw_reason, WITHDRAW_REASON_ASK, _withdraw_said,
    WITHDRAWN, _withdrawn, _withdraws_own_case,
)
from actions.answers import APPEAL_ASKED, APPEAL_TOLD, BASIC_PATHS, _basic_path  # noqa: F401
from actions.common import after_filing_answer, _case_phone, consult_follow_up, _part_answered, PRIVACY_TOLD, WHY_PHONE_REFUSED_TOLD, PRIVACY_ASKED, UPDATE_TOLD, when_done_told
from actions.answers import _basic_unit, ONLINE_PROGRESS, held_question
from actions.followup import _code_forgotten, _substantive, NO_NUMBER_TOLD
from actions.common import QUESTION_FORM  # session 54
from actions.safety import update_only
from actions.form import _ALREADY_TOLD  # tester59 G14
from actions.form import (
    GREETING_LEAD, _danger_first, _held_answer, _danger_said, EN_YES, ENGLISH_AGAIN, ENGLISH_MARK, ENGLISH_NOTE, FIRST_AID_ACT, _offer_slots,
    _praise, _praise_then_complaint, PRAISE_ASK_WHO, PRAISE_WORDS, REASKS, REFUSED_NUMBER, SAID_ASKS, _started_over, _matter_with_person, ValidateComplaintForm,
)
from actions.form import _report_dropped  # tester59 G18
from actions.form import _wish_only  # session 53
from actions.form import CONTINUE_SAID  # session 55
from actions.form import FILED_WITH_IT, _history_after_consult  # session 56
from actions.form import TRIED_WITH  # session 57
from actions.common import STOP_REPORT, _PARTY_NEARBY, ID_NUMBER  # session 57
from actions.common import _DISTRICT_NAMES, CONSULT_SAID  # session 53
from actions.common import _unit_told  # session 56

log = logging.getLogger(__name__)


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
                                            or any(m in (event.get("text") or "") for m in SAID_ASKS)
                                            or REPEAT_MARK in (event.get("text") or "")):
            return True  # (REPEAT_MARK: "你说啥" got the question in plain words: tester47 B19)
    return False


# -- what the citizen asked beside a complaint (tester47) ---------------------------------------------

# "你说啥，我耳朵背，你大点声" got 抱歉，这个问题我帮不上忙 (tester47 B19): the pending question again, short
# and in plain words; outside a complaint the bot's last message again
REPEAT_ASKED = re.compile(r"你说(?:的)?(?:啥|什么|嘛)|说(?:的)?(?:是)?啥|啥意思|什么意思|没听(?:清|见|明白|懂)|"
                          r"听不(?:清|见|明白)|耳朵(?:背|不好|不行|聋)|大(?:点|一点|些)声|声音?大(?:点|一点|些)|"
                          r"再说一(?:遍|次)|重复一(?:遍|下)|没看(?:懂|明白|清)|看不(?:懂|明白|清)|听不懂(?!人话)|"
                          r"说慢(?:点|一点)")
REPEAT_MARK = "我再说一遍"
PLAIN_ASKS = {
    "description": "您遇到了什么事？慢慢说就行。",
    "address": "这个事在哪儿？说一下哪个区、哪条街或哪个小区就行。",
    "time": "这个事一般什么时候有？比如晚上几点。",
    "contact": "能留个电话吗？方便回复您。不想留就说“不留”。",
}


def _repeat_asked(said: str) -> bool:
    """Whether ``said`` only asks to hear the bot again (你说啥，我耳朵背，你大点声), no problem told."""
    plain = re.sub(r"\W", "", said or "")
    return bool(REPEAT_ASKED.search(plain)) and len(plain) <= 20 and not _tells_problem(plain) \
        and not PLACE_WORDS.search(plain) and not re.search(r"\d", plain_digits(plain))


def _say_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The bot's question again, friendly and plain: in the form, the pending question in plain words
    (the read-back and the reading's buttons are said again as they are); outside, its last message."""
    requested = tracker.get_slot("requested_slot") if tracker.active_loop.get("name") else None
    if requested in PLAIN_ASKS:
        piece = tracker.get_slot("place_piece")
        ask = f"这个事在{piece.removeprefix('北京市')}的哪条街、哪个小区？" if requested == "address" and piece \
            else PLAIN_ASKS[requested]
        dispatcher.utter_message(text=f"不好意思，{REPEAT_MARK}：{ask}")
        return [SlotSet(requested, None)]
    if requested == "category_choice":  # the buttons again after it (action_ask_category_choice)
        dispatcher.utter_message(text=f"不好意思，{REPEAT_MARK}：这个事算哪一类？点下面一个就行；"
                                      "说不清也没关系，说“不知道”就行。")
        return [SlotSet(requested, None)]
    if requested:  # the read-back again after it
        dispatcher.utter_message(text="不好意思，我再念一遍：")
        return [SlotSet(requested, None)]
    last = next((text for text in reversed(_last_turn(tracker)) if text), None)  # its last message
    if last and len(last) <= 80:
        dispatcher.utter_message(text=f"不好意思，{REPEAT_MARK}：{last}")
    else:
        dispatcher.utter_message(text=f"不好意思，{REPEAT_MARK}：您遇到了什么事要反映？慢慢说就行；"
                                      "也可以告诉我工单编号，帮您查进度。")
    return []


# "那你们都管啥啊" / "我三十五了还没对象，你们政府能不能给介绍一个" were 没有理解 (tester47 B13): what 12345
# handles, and a kind no to what it does not
SCOPE_ASKED = re.compile(r"(?:你们|12345|这里|这儿|热线)(?:都|到底|究竟|平时|一般)?(?:能|可以)?(?:管|办|负责|受理|处理)"
                         r"(?:些|点)?(?:啥|什么|哪些)(?:事|问题|事情)?|都管(?:些|点)?(?:啥|什么|哪些)|"
                         r"(?:你们|12345)(?:是)?(?:干|做)(?:啥|什么)的|"
                         r"(?:什么|哪些|啥)(?:事|问题|事情)?(?:都)?(?:能|可以)(?:找|反映|打)(?:你们|12345)|"
                         # 你能干啥 / 这是哪儿啊 … 能说话吗 got 帮不上忙 first (tester56 E22)
                         r"(?:你|您)(?:都)?(?:能|会|可以)(?:干|做|帮)(?:我)?(?:啥|什么|些什么|点什么)|这是(?:哪儿|哪里|哪|什么地方|干什么的|干啥的)|"
                         r"(?:能|可以)(?:说话|聊天)吗|(?:你|您)是干(?:啥|什么)的")
# when the hotline answers ("12345的工作时间是几点到几点", "你们晚上有人吗", "周末上班吗")
HOURS_ASKED = re.compile(r"(?:12345|你们|热线|这里|人工)[^，,。]{0,6}(?:工作时间|上班时间|几点(?:上班|下班|开始|结束)|几点到几点|"
                         r"24小时|二十四小时|晚上有人|夜里有人|周末(?:上班|有人)|节假日(?:上班|有人))")
HOURS_TOLD = ("12345热线全年无休、24小时有人接听，节假日和夜里也能打；这个在线助手也随时可以登记反映、查询工单进度。"
              "承办单位一般在工作时间办理，紧急的危险情况请直接拨打110、119或120。")
SCOPE_TOLD = ("12345是北京的市民服务热线，受理城市管理、噪音、环境卫生、劳动工资和社保、物业和房屋、交通出行、"
              "供水供电供暖、市场消费、教育医疗等方面的投诉、举报、求助和政策咨询，再转给负责的部门办理。"
              "在这里我可以帮您登记反映问题，或查询工单进度。请问您遇到了什么事？")
MATCHMAKING = re.compile(r"(?:介绍|找|给我找|帮我找|安排)(?:个|一个)?(?:对象|男朋友|女朋友|老婆|媳妇|老公)|相亲|没(?:有)?对象|"
                         r"(?:脱单|找不到对象|嫁不出去|娶不上)")
MATCHMAKING_TOLD = ("抱歉，帮忙介绍对象这类个人生活上的事，不在12345的受理范围内；各区工会、团委有时会办单身青年交友活动，"
                    "可以留意一下。我能帮您反映城市管理、噪音、环境、劳动社保、物业、交通等方面的问题，或查询工单进度。")

# "那停水呢" after a service line was said (tester47 B14: it was 没有理解): that service's line
LINE_FOLLOW = re.compile(r"(?:那|那么|还有|那要是|要是|如果是?)?(?:家里|我家|小区|楼里)?(?P<what>[\u4e00-\u9fff]{1,6}?)"
                         r"(?:了)?(?:呢|的呢|怎么办|咋办|找谁|打哪个|的话呢)")
# "那电话是多少" after a consultation answer (it was 帮不上忙): the number that answer named
NUMBER_ASKED_BARE = re.compile(r"(?:那|那么|你说的|这个|那个)?(?:电话|号码|热线|联系方式)(?:是|号码?)?(?:多少|几号|啥|什么)?(?:呢|啊|呀)?|"
                               r"打(?:哪个|什么|啥)(?:电话|号码)?(?:呢|啊)?|(?:那)?怎么联系(?:他们)?(?:呢|啊)?")
LINE_IN_ANSWER = re.compile(r"拨打(?P<name>[\u4e00-\u9fff]{2,12}?热线)(?P<number>\d{5,6})")


def _line_answer(said: str, tracker: Tracker) -> Optional[str]:
    """The number the citizen asks for outside a complaint: a service's line asked for by name (停电了打
    哪个电话, 自来水停水了找谁), another service right after a line was said (那停水呢), or the number of the
    unit just named (那电话是多少 after a consultation answer); None for anything else."""
    asked = _service_line_asked(said)
    if asked:
        return asked + "如果您还要反映问题，请说说什么情况、在哪里，我帮您登记。"
    plain = re.sub(r"\W", "", said or "")
    last = _last_bot(tracker)
    if not last or "拨打" not in last:
        return None
    follow = LINE_FOLLOW.fullmatch(plain)
    # (after a service line only: 那失业金呢 after a policy answer is a policy question, the consultation's)
    if follow and len(plain) <= 12 and any(line in last for _, line in SERVICE_LINES):
        line = _service_line(follow.group("what"))
        if line and line[:10] not in last:
            return line
    if NUMBER_ASKED_BARE.fullmatch(plain) or (
            re.search(r"电话|号码|热线", plain) and re.search(r"多少|几号|什么|啥|哪|呢|问问|问个|问一下|问下", plain)
            and len(plain) <= 16 and not re.search(r"\d|留|我的|泄露|保密", plain_digits(plain))
            and not _service_line(plain) and not _tells_problem(plain)):
        # "那电话是多少", "我没要反映，我就问问电话": the number just named, said plainly
        lead = "好的，不登记。" if re.search(r"不|没", plain) else ""
        said_line = next((line for _, line in SERVICE_LINES if line in last), None)
        if said_line:
            return lead + said_line
        named = LINE_IN_ANSWER.search(last)
        if named:
            return f"{lead}{named.group('name')}的电话是{named.group('number')}，可以直接拨打咨询。"
        if CONSULT_MARK in last:
            return f"{lead}这个部门没有单独的咨询热线，您可以直接拨打12345，话务员会为您解答或转接。"
    return None


def _last_bot(tracker: Tracker) -> Optional[str]:
    """What the bot said in its last turn (before the citizen's latest message), its messages joined."""
    return "".join(_last_turn(tracker)) or None


# "还有什么事吗，没了" after filing was 没有理解 (tester47 B19): nothing more, a goodbye
NOTHING_MORE = re.compile(r"(?:没了|没有了|没啥了|没什么了|没别的了|没有别的了|就这些|就这样吧?|没事了)(?:吧|啊|呀|哈|谢谢|再见)*$")


def _nothing_more(said: str) -> bool:
    """Whether ``said`` ends by saying there is nothing more (…，没了), and tells no problem."""
    plain = re.sub(r"\W", "", said or "")
    return bool(NOTHING_MORE.search(plain)) and len(plain) <= 12 and not _tells_problem(plain)


def _answered_aside(said: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """The answers beside a complaint that no intent has (tester47): the number of a service or unit
    asked for, what 12345 handles, a family quarrel, a wish for a match, "你说啥" (the question or last
    message again), "没了" (a goodbye). The events to return when one was said, None otherwise. In the
    form only the number and "你说啥" (its question follows)."""
    in_form = bool(tracker.active_loop.get("name"))
    if _repeat_asked(said):
        return _say_again(dispatcher, tracker)
    line = _service_line_asked(said) if in_form else _line_answer(said, tracker)
    if line:
        dispatcher.utter_message(text=line)
        requested = tracker.get_slot("requested_slot") if in_form else None
        return [SlotSet(requested, None)] if requested else []
    if in_form:
        return None
    plain = re.sub(r"\W", "", said or "")
    if _family_matter(said):
        dispatcher.utter_message(text=FAMILY_TOLD)
        return []
    if MATCHMAKING.search(plain) and not _tells_problem(plain) and not re.search(r"婚介|骗|收费|交了|钱", plain):
        dispatcher.utter_message(text=MATCHMAKING_TOLD)
        return []
    if SCOPE_ASKED.search(plain) and len(plain) <= 24 and not _tells_problem(plain):
        dispatcher.utter_message(text=SCOPE_TOLD)
        return []
    if HOURS_ASKED.search(plain) and len(plain) <= 24 and not _tells_problem(plain):
        # "12345的工作时间是几点到几点" got 没有理解 (session 52's conversations)
        dispatcher.utter_message(text=HOURS_TOLD)
        return []
    if DETAIL_ASKED.search(plain) and len(plain) <= 16 and not _tells_problem(plain):
        # "地址要写多详细？" before any complaint got 没有理解 (session 52)
        dispatcher.utter_message(text=DETAIL_TOLD if not re.search(r"地址|地点|位置", plain)
                                 else PLACE_DETAIL_TOLD + "请先说说发生了什么事、在哪里。")
        return []
    if _nothing_more(said) and not _crisis_in_chat(tracker):  # (after the crisis lines: CRISIS_BYE's)
        dispatcher.utter_message(response="utter_goodbye")
        return [SlotSet("progress_asked", None)]
    return None


# -- anger, "你是机器人吗", "管不管" (tester50 C6, C11) ------------------------------------------------

# "气死我了" / "太过分了吧" (read as goodbye or no) got 再见; "你们12345就是摆设！！！打了八百遍电话了什么都
# 没解决" (read as a progress query) was asked for a case number (tester50 C6): the feeling is heard
# first, then what happened is asked (or, a case known in this chat, its follow-up offered)
ANGER = re.compile(r"气死|气人|生气|火大|恼火|窝火|窝囊|太过分|过分了|欺人太甚|岂有此理|烦死|无语|受不了|忍无可忍|"
                   r"(?:什么|啥)玩意|摆设|不作为|有什么用|有啥用|没什么用|没啥用|白打|白反映|"
                   r"(?:什么|啥)都没(?:解决|办|管)|都解决不了|没(?:一个|一次)解决|糊弄|敷衍|踢皮球|"
                   r"[\U0001F620\U0001F621\U0001F624\U0001F92C\U0001F4A2]")
ANGER_MARK = "非常理解您的心情"
ANGER_TOLD = (f"{ANGER_MARK}，给您添麻烦了。您说说遇到了什么事、在哪里，我马上帮您登记，转给承办单位处理；"
              "如果是之前反映过的事，告诉我工单编号和查询码，我帮您催办。")
ANGER_CASE_TOLD = (f"{ANGER_MARK}，给您添麻烦了。是工单 {{ref}} 的事吗？您说“催办”，我把催办意见记在工单上；"
                   "有新的情况也可以直接说，我补充到工单上。如果是别的事，请说说发生了什么、在哪里，我马上帮您登记。")
ANGER_AGAIN = "我在听。您慢慢说，是什么事让您这么生气、在哪里？我马上帮您登记、跟进。"
ANGER_IN_FORM = f"{ANGER_MARK}，给您添麻烦了。我们尽快把这件事登记好，转给承办单位处理。"
# "你是机器人吗" / "你是真人还是AI？" / "你叫什么名字" got 帮不上忙 (tester50 C11): an honest answer
BOT_ASKED = re.compile(r"(?:你|您)(?:是|是不是|到底是|究竟是)?(?:个|一个)?(?:机器人|真人|人工|ai|AI|Ai|人工智能|智能|电脑|程序|"
                       r"自动回复|人还是|活人)|(?:是|是不是)(?:真人|机器人|ai|AI)(?:吗|吧|啊|呀|呢|么)?$|"
                       r"真人还是|人还是机器|机器人还是|(?:你|您)叫(?:什么|啥)(?:名字)?|(?:你|您)是谁|(?:你|您)(?:的)?名字")
BOT_TOLD = ("我是北京12345市民服务热线的智能助手，不是真人。您可以直接跟我说遇到的问题，我帮您登记，"
            "也可以帮您查询工单进度；想找人工话务员，可以直接拨打12345。")
BOT_IN_FORM = "我是北京12345的智能助手，不是真人；想找人工话务员可以拨打12345。我们接着登记。"


def _angry(said: str) -> bool:
    """Whether ``said`` vents anger (气死我了, 太过分了吧, 你们就是摆设, 😡) and tells no problem of its own."""
    plain = re.sub(r"\s", "", said or "")
    words = re.sub(r"[\W_]", "", plain)
    return bool(ANGER.search(plain)) and len(words) <= 40 and not _tells_problem(words) \
        and not PLACE_WORDS.search(words) and not case_number_in(plain_digits(plain))


def _case_known(tracker: Tracker) -> Optional[str]:
    """The case this chat filed or read with its code (the last one), or None."""
    known = tracker.get_slot("known_codes") or {}
    return next((ref for ref in (tracker.get_slot("case_number"), tracker.get_slot("own_case"))
                 if ref and known.get(ref)), None)


def _bot_asked(said: str) -> bool:
    """Whether ``said`` only asks who or what the bot is (你是机器人吗, 你是真人还是AI？, 你叫什么名字)."""
    words = re.sub(r"[\W_]", "", said or "")
    return bool(BOT_ASKED.search(words)) and len(words) <= 16 and not _tells_problem(words)


# "什么时候能派人来" after a case's status (or its urging) got 帮不上忙 (tester50 C13): the time frame
WHEN_SENT = re.compile(r"(?:什么时候|啥时候|多久|几天|何时|多长时间|哪天)[^，,。？?！!]{0,6}(?:派人|来人|人来|上门|来修|来看|过来|来)")


def _when_sent(said: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """"什么时候能派人来" outside a complaint: how a unit comes to the case this chat knows (or to one
    registered), and the 接诉即办 time frame; None otherwise."""
    plain = re.sub(r"\s", "", said or "")
    ref = _case_known(tracker)
    if tracker.active_loop.get("name") or not WHEN_SENT.search(plain) or len(plain) > 24 \
            or case_number_in(plain_digits(plain)) or _tells_problem(plain):
        return None
    if ref:
        dispatcher.utter_message(text=f"工单 {ref} 派给承办单位后，承办单位会核实情况、安排人员处理。" + TIME_FRAME)
    else:  # no case yet: how it goes once one is registered
        dispatcher.utter_message(text="您反映的问题登记后会派给承办单位，承办单位核实情况、安排人员处理。" + TIME_FRAME
                                      + "请说说遇到了什么事、在哪里，我帮您登记。")
    return [SlotSet("progress_asked", None)]


def _heard_first(said: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Outside a complaint: anger heard and what happened asked (a case known: its follow-up offered),
    "管不管" answered, "你是机器人吗" answered honestly; in the form only the last two and a short word
    for anger (the form's question follows). The events to return, None when none of them was said."""
    in_form = bool(tracker.active_loop.get("name"))
    ref = _case_known(tracker)
    how = _after_code_forgotten(said, tracker) if not in_form else None
    if how:  # "那怎么办" after the answer to a forgotten code (tester50 C14: a loop, then 没有理解)
        dispatcher.utter_message(text=how)
        return [SlotSet("progress_asked", None)]
    if _bot_asked(said):
        dispatcher.utter_message(text=BOT_IN_FORM if in_form else BOT_TOLD)
        return []
    if _manage_asked(said):
        if in_form:
            dispatcher.utter_message(text=MANAGE_SAID)
        else:
            dispatcher.utter_message(text=MANAGE_CASE_TOLD.format(ref=ref) if ref else MANAGE_TOLD)
        return [] if in_form else [SlotSet("progress_asked", None)]
    if _angry(said):
        if in_form:
            dispatcher.utter_message(text=ANGER_IN_FORM)
            return []
        if _advised(tracker, ANGER_MARK):  # angry again (😡 then 🤬 then 气死我了): short, no sermon
            dispatcher.utter_message(text=ANGER_AGAIN)
        else:
            dispatcher.utter_message(text=ANGER_CASE_TOLD.format(ref=ref) if ref else ANGER_TOLD)
        return [SlotSet("progress_asked", None)]
    return None


# "都三天了还是已受理？你们效率也太低了吧" after a case's status was 没有理解 (tester47 B15): an apology, the
# urging noted on the case (its code known) for the operator, and what happens next
URGED = re.compile(r"效率|太慢|这么慢|真慢|怎么还(?:没|是|不)|还是(?:已受理|没动静|这样)|还没(?:人)?(?:处理|管|动静|派单|联系|回复|办)|"
                   r"都(?:快)?[一二三四五六七八九十两几半\d]+个?多?(?:天|月|周|星期|礼拜)了|拖(?:了|着|到)|催(?:一下|办|促)?|没人管|不管不问")
URGED_NOTE = "市民催办：“{said}”"
URGED_SORRY = "非常抱歉让您久等了，您的心情我理解。"


async def _urged(said: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Impatience about the case whose status was just said (都三天了还是已受理？效率太低): an apology, the
    urging added to the case as the citizen's 补充 (the operator sees it), what comes next; None when
    no status was just said or the message is no urging."""
    plain = re.sub(r"\s", "", said or "")
    if tracker.active_loop.get("name") or not URGED.search(plain) or len(re.sub(r"\W", "", plain)) > 40 \
            or case_number_in(plain_digits(plain)) or not _said_last_turn(tracker, STATUS_SAID):
        return None
    ref = tracker.get_slot("case_number") or tracker.get_slot("own_case")
    code = (tracker.get_slot("known_codes") or {}).get(ref) if ref else None
    noted = bool(ref and code) and await _note_and_flag(ref, code, URGED_NOTE.format(said=_phones_masked(plain)[:120]),
                                                        tracker)  # (flagged too: tester50 C13)
    dispatcher.utter_message(text=URGED_SORRY + (
        f"您的催办意见我已经记在工单 {ref} 上，话务员会看到并尽快跟进。" if noted else
        "您可以拨打12345说明工单编号催办，话务员会尽快跟进。") + when_done_told(_case_phone(tracker, ref)))
    return [SlotSet("progress_asked", None)]


# a grievance the triage reads with confidence though it has no problem word (我那个养老金这个月没到账啊，往常
# 都是15号就到了: 劳动和社会保障 0.99) was 没有理解 until a hand-off (tester47 B12): the form starts with it
GRIEVANCE = re.compile(r"没到账|不到账|没(?:给我)?发|不(?:给我)?发|不给(?:我)?(?:办|退|批|落)|没(?:给我)?(?:办|批|退)下来|"
                       r"拖着不|来回跑|跑了[一二三四五六七八九十两几\d]+(?:趟|次)|一次性告知|刁难|折腾人|推诿|扣了我|少发")
GRIEVANCE_SURE = 0.8


def _sure_grievance(said: str, result: Dict[str, Any]) -> bool:
    """Whether ``said`` tells a grievance (没到账, 跑了四趟) the triage reads with confidence (GRIEVANCE_SURE)."""
    cats = result.get("categories") or []
    plain = re.sub(r"\W", "", said or "")
    return bool(cats) and float(cats[0].get("confidence") or 0) >= GRIEVANCE_SURE and len(plain) >= 8 \
        and bool(GRIEVANCE.search(plain))


# before the form's first question (tester47 B14, B15): practical help for an urgent matter that is no
# danger (停电 → 95598 and what to do for insulin in the fridge, 车被堵 → 122), and for a complaint about
# 12345 itself an apology and the promise that it is noted on the case
from actions.common import SERVICE_COMPLAINT  # (the form reads it too: session 51)
SERVICE_SORRY_MARK = "给您添麻烦了"
SERVICE_SORRY = ("非常抱歉，之前的事没给您办好，{manner}给您添麻烦了。您对12345服务的意见，我会单独记在工单上，"
                 "转给热线的工作人员核查改进；您反映的问题这次也重新登记跟进。")
SERVICE_NOTE = "市民对12345热线服务的意见：“{said}”，请核查改进。"


def _service_complaint(text: str) -> List[str]:
    """The clauses of ``text`` that complain about 12345's own service (接电话的态度还特别差, 你们就是走形式)."""
    clauses = [c for c in re.split(r"[，,。！!？?；;\s]+", text or "") if c]
    return [c for c in clauses if SERVICE_COMPLAINT.search(c)]


def _before_first_ask(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Said once before the form asks its questions: the practical tip for the complaint told, and the
    apology for a complaint about 12345 itself (no danger's advice this turn: it comes alone). A family
    quarrel just told (read as a complaint: 我跟我老公吵架了…你们能不能管管他 was filed to the police,
    tester47 B13) is no case: where to turn, and the form ends unfiled (the events to return, the
    question not asked); None otherwise."""
    if _staying(tracker) or _said_this_turn(tracker, PERSON_WAIT_MARK) or dispatcher.messages:
        return None  # (a danger's advice this turn; or said already by this action: its super().run)
    described = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
    if not described:
        return None
    latest = str((tracker.latest_message or {}).get("text") or "")
    if _family_matter(latest) and _family_matter(described) \
            and re.sub(r"\W", "", latest)[:12] in re.sub(r"\W", "", described):
        if not _said_this_turn(tracker, FAMILY_MARK):
            dispatcher.utter_message(text=FAMILY_TOLD)
        # ends the form as a 算了 does (rules.yml: the submit action says nothing more after FAMILY_MARK)
        return [SlotSet("confirmation", False), SlotSet("form_outcome", "cancelled"),
                SlotSet("requested_slot", None)]
    if _service_complaint(described) and not _advised(tracker, SERVICE_SORRY_MARK):
        manner = "接电话的态度也让您受了气，" if re.search(r"态度|挂了|挂电话|骂", described) else ""
        dispatcher.utter_message(text=SERVICE_SORRY.format(manner=manner))
    tip = _practical_tip(described)
    if tip and not _advised(tracker, tip[:20]) and not _said_this_turn(tracker, tip[:20]):
        dispatcher.utter_message(text=tip)
    return None


class _AskOnce(Action):
    """Ask for a slot with ``response``, unless the validation's re-ask already did this turn."""

    slot = ""
    response = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        ended = _before_first_ask(dispatcher, tracker)
        if ended is not None:
            return ended
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
        stayed = _stay_outside(dispatcher, tracker, said, kinds=("self_harm", "dv"))
        if stayed is not None:  # "再见" after the crisis lines: the lines again, a person offered
            return stayed
        if self.response == "utter_out_of_scope" and _latin_only(said):
            _english_told(dispatcher, tracker)  # pinyin (wo jia lou xia…): as English
            return []
        danger = await _danger_first(said, dispatcher, tracker, domain)
        if danger is not None:  # "我吃了一整瓶安眠药" read as out of scope: 120 and first aid first
            return danger
        if danger_told(said, tracker, dispatcher):  # "他回来了" / "发了短信了" read as goodbye (tester59 G2)
            return []
        if silent_first(said, tracker, dispatcher):  # "他会听见的 我不敢打110" read as goodbye (tester57 F1)
            return []
        police = police_for_me(said, tracker)
        if police:  # "你能帮我叫警察吗" read as out of scope: 110 is the citizen's to call (tester57 F2)
            dispatcher.utter_message(text=police)
            return []
        if _self_harm(said):
            _care(dispatcher, tracker)
            return []
        if _status_follow_up(said, tracker):  # "什么时候能修好？" after the status: what comes next
            return await check_progress(dispatcher, tracker)
        urged = await _urged(said, dispatcher, tracker) if not BYE_SAID.search(re.sub(r"\s", "", said)) else None
        if urged is not None:  # "都一个礼拜了" after the status, read as goodbye, got 再见 (session 52's conversations)
            return urged
        side = _side_answer(said, tracker.get_slot("department")) if tracker.active_loop.get("name") and self.response == "utter_out_of_scope" else None
        if side:  # "你们会告诉他是我举报的吗" (out of scope) at the phone question got 帮不上忙 (session 52)
            dispatcher.utter_message(text=side)
            return []
        if self.response == "utter_out_of_scope" and not tracker.active_loop.get("name") \
                and _said_last_turn(tracker, CONSULT_ASKED) and not _phone_in(said):
            # "我爸妈是外地的，来北京跟我住" (out of scope) after 请问您想咨询哪方面的政策？: 帮不上忙 (session 53)
            return await ActionInformOutside().run(dispatcher, tracker, domain)
        forgot = _code_forgotten(said, tracker)
        if forgot:  # "忘了 没记" where the 查询码 was asked got 再见 (tester57 F11)
            dispatcher.utter_message(text=forgot)
            return [SlotSet("progress_asked", None)]
        if not tracker.active_loop.get("name") and tracker.get_slot("progress_asked") == "number" \
                and NO_NUMBER.search(said) and not BYE_SAID.search(re.sub(r"\s", "", said)):
            return await check_progress(dispatcher, tracker)   # "我不记得编号了" got 再见 (session 53's conversations)
        further = None if tracker.active_loop.get("name") else consult_follow_up(said, tracker)
        if further:  # "那你告诉我怎么办啊" after a consultation got 帮不上忙 (tester57 F12)
            dispatcher.utter_message(text=further)
            return []
        follow = None if tracker.active_loop.get("name") else after_filing_answer(said, tracker)
        if follow:  # "撤销以后还能再反映吗" read as goodbye: answered, not a second withdrawal (tester56 E11)
            dispatcher.utter_message(text=follow)
            return []
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
        when = _when_sent(said, dispatcher, tracker)
        if when is not None:  # "什么时候能派人来" after a case's status or its urging (tester50 C13)
            return when
        heard = _heard_first(said, dispatcher, tracker) if not BYE_SAID.search(re.sub(r"\s", "", said)) else None
        if heard is not None:  # "气死我了" was 再见, "你是机器人吗" 帮不上忙 (tester50 C6, C11)
            return heard
        aside = _answered_aside(said, dispatcher, tracker)
        if aside is not None:  # "那停水呢", "那你们都管啥啊", "你说啥，我耳朵背" (tester47 B13, B14, B19)
            return aside
        if self.response == "utter_goodbye" and _crisis_in_chat(tracker):
            dispatcher.utter_message(text=CRISIS_BYE)  # the danger may last: the lines stay (tester38 F1)
            return []
        dispatcher.utter_message(response=self.response)
        return []


async def _read_back_answer(said: str, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Optional[List[EventType]]:
    """At the read-back, an answer the intents read as a greeting, thanks or nothing that names an item to
    change (地址您给补全喽 是南门仓胡同): the read-back's own reading of it, as an inform gets (it was
    您好，这里是北京12345…: tester51 C17); None for any other message or moment."""
    if not tracker.active_loop.get("name") or tracker.get_slot("requested_slot") != "confirmation":
        return None
    if not fix_targets(said, has_time=True, has_choice=bool(tracker.get_slot("category_choice"))) \
            or len(re.sub(r"\W|您好|你好|谢谢|麻烦", "", said)) < 4:
        return None
    slots = await ValidateComplaintForm().validate_fix_field(said, dispatcher, tracker, domain)
    return [SlotSet(k, v) for k, v in slots.items()]


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
        if _hold(tracker) == "self_harm" and (IMMINENT.search(plain) or _self_harm(plain) or (
                self.response == "utter_greet" and len(re.sub(r"\W|你好|您好|在吗|喂|哈喽|嗨", "", plain)) >= 2)):
            # "没人在乎我" read as a greeting after the crisis lines: the care, never 您好，这里是… (tester57 F2)
            stayed = _stay_outside(dispatcher, tracker, said, kinds=("self_harm",))
            if stayed is not None:  # "谢谢，我现在在楼顶上": the danger now
                return stayed
        danger = await _danger_first(said, dispatcher, tracker, domain)
        if danger is not None:
            return danger
        if _self_harm(plain):
            _care(dispatcher, tracker)
            return []
        summary = await _read_back_answer(said, dispatcher, tracker, domain)
        if summary is not None:  # "地址您给补全喽 是南门仓胡同" read as a greeting at the read-back (tester51 C17)
            return summary
        if self.response == "utter_thank" and tracker.active_loop.get("name") and CANCEL_FORM.search(plain) \
                and not _tells_problem(CANCEL_FORM.sub("", plain)):
            # "不投诉了，谢谢" read as thanks got 不客气 and the form's question again (session 52): the form ends
            return await ActionLeaveForm().run(dispatcher, tracker, domain)
        if self.response == "utter_greet" and not tracker.active_loop.get("name") \
                and _tells_problem(GREETING_LEAD.sub("", plain)) and len(re.sub(r"\W", "", plain)) >= 12:
            # "喂 喂 是12345吗 我是老头…楼下那个 修车的 天天叮叮当当" read as a greeting: the complaint it tells starts the
            # form (it got 您好，这里是…, and nothing was ever filed: tester53 D5)
            slots = await ValidateComplaintForm().validate_description(said, dispatcher, tracker, domain)
            return [*(SlotSet(k, v) for k, v in slots.items()), FollowupAction("complaint_form")]
        if self.response == "utter_thank" and _crisis_in_chat(tracker):
            dispatcher.utter_message(text=CRISIS_THANKS)
            return []
        heard = _heard_first(said, dispatcher, tracker) if _angry(said) else None
        if heard is not None:  # "你们太气人了" read as thanks: never 不客气 (tester50 C6)
            return heard
        if self.response == "utter_greet" and tracker.active_loop.get("name") \
                and (tracker.get_slot("description") or tracker.get_slot("description_draft")):
            # "你好？" in the middle of a complaint (checking someone is there): 请问您要反映什么问题 asked what was told
            # already (session 53's conversations); the form's question follows
            dispatcher.utter_message(text="您好，我在。我们接着登记。")
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
        ended = _before_first_ask(dispatcher, tracker)  # (once: super().run says nothing again)
        if ended is not None:
            return ended
        piece = tracker.get_slot("place_piece")
        description = tracker.get_slot("description") or ""
        if _wages_unpaid(description) and not tracker.get_slot("address") and not _spoke_this_turn(tracker):
            # unpaid wages: the place is the employer's, and the inspectors need its name (tester50)
            if _employer_named(description):
                where = f"{piece.removeprefix('北京市')}的哪个街道或道路" if piece else "哪里（区、街道或道路）"
                facts = "" if WAGE_FACTS.search(description) else "欠了多久、大约多少钱，也可以一起说。"
                dispatcher.utter_message(text=f"请问这家单位在{where}？{facts}")
            elif piece:
                dispatcher.utter_message(text=f"请问是哪家单位欠的工资？请说一下单位（公司、工地或店铺）的名称，和它在"
                                              f"{piece.removeprefix('北京市')}的哪个街道或道路；欠了多久、大约多少钱，也可以一起说。")
            else:
                dispatcher.utter_message(text=WAGE_WHERE_ASK)
            return []
        if _praise_only(description) and not tracker.get_slot("address"):
            if not _spoke_this_turn(tracker):  # praise: whose unit, not where a problem is
                dispatcher.utter_message(text="请问被表扬的工作人员在哪个区、哪个街道（社区）或单位？")
            return []
        if piece and not tracker.get_slot("address"):
            if not _spoke_this_turn(tracker) and not _DISTRICT_OF.match(piece):
                # a place said without its district (幸福家园): which district (tester51 C18)
                dispatcher.utter_message(text=f"请问“{piece}”在哪个区？北京同名的地方不止一处，说一下区就行；不清楚可以说“不知道”。")
            elif not _spoke_this_turn(tracker):
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


def _once(description: str) -> bool:
    """Whether ``description`` tells of something that happened once (昨天中午吃的, 刚才, 食物中毒)."""
    return bool((ONE_OFF_WORDS.search(description) or ONE_OFF_KINDS.search(description))
                and not RECURRING.search(description))


class ActionAskTime(_AskOnce):
    """When: for a one-off event "是什么时候发生的？", else at what hours it happens."""

    slot, response = "time", "utter_ask_time"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        ended = _before_first_ask(dispatcher, tracker)
        if ended is not None:
            return ended
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
        ended = _before_first_ask(dispatcher, tracker)
        if ended is not None:
            return ended
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
        ended = _before_first_ask(dispatcher, tracker)  # 车堵在车库门口: 122 before the question (tester47 B14)
        if ended is not None:
            return ended
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


PRAISE_ASIDE_NOTE = "市民另外表扬：“{said}”"


def _praise_only(text: Optional[str]) -> bool:
    """Praise with no complaint after it (``_praise`` less ``_praise_then_complaint``)."""
    return _praise(text) and _praise_then_complaint(text) is None


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
        ended = _before_first_ask(dispatcher, tracker)  # everything said at once: the tip before the read-back
        if ended is not None:
            return ended
        # the citizen's words as the API masks them: a phone or ID number is never said back
        described = tracker.get_slot('description') or tracker.get_slot('description_draft') or ''
        aside = _praise_then_complaint(described)
        if aside:  # the complaint read back as the problem; the thanks kept beside it (tester50 C9)
            described = aside[1]
        lines = [f"{'表扬' if _praise_only(described) else '问题'}：{_shown(described)}"]
        if _stated(tracker):
            lines.append(f"类别：{_describe(_stated(tracker))}")
        lines.append(f"地点：{_shown(tracker.get_slot('address') or '（未提供）')}")
        if tracker.get_slot("time"):
            lines.append(f"时间：{_shown(tracker.get_slot('time'))}")
        if _contact(tracker):
            lines.append(f"联系电话：尾号{_tail(_contact(tracker))}")
        if _secrecy_wished(tracker):
            lines.append("备注：对您的身份保密")
        if aside:
            lines.append("另：您前面的表扬也会一并记在工单上")
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
        buttons = [{"title": p, "payload": f"{p}不对"} for p in parts] + [{"title": "不提交了", "payload": "不提交了"}]
        if _spoke_this_turn(tracker):
            # the validation asked already (请说一下要修改哪一项…, 抱歉，我还是没能弄明白…): no second question in the same
            # turn (tester53 D19)
            return []
        dispatcher.utter_message(text=f"请问哪一项需要修改？（{'、'.join(parts)}），或者不提交了？", buttons=buttons)
        return []


def _english_told(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """English (or pinyin) outside the form: the bilingual note, then the ask for Chinese (tester57 F15); said last
    turn already, one short line in both languages (the whole of both came again: session 52's conversations)."""
    if _said_last_turn(tracker, ENGLISH_MARK):
        dispatcher.utter_message(text=ENGLISH_AGAIN)
        return
    dispatcher.utter_message(text=ENGLISH_NOTE)  # the bilingual note first (tester57 F15)
    dispatcher.utter_message(response="utter_use_chinese")


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
                                                                                or PAY_AGAIN.search(plain)) \
            and not (_hold(tracker) == "fraud" and FRAUD_SAFE.fullmatch(plain))  # "我挂了": the scam's call
        kinds = ("self_harm",) if leaving else ("self_harm", "fraud", "dv")
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
        if danger is None and not _self_harm(said) and danger_told(said, tracker, dispatcher):
            # "他回来了" / "发了短信了" read as goodbye: the next step, never 没有理解 (tester59 G2)
            return [FollowupAction(tracker.active_loop["name"])] if tracker.active_loop.get("name") else []
        if danger is None and silent_first(said, tracker, dispatcher):
            # "他会听见的 我不敢打110" read as goodbye: the silent ways; the form keeps the answer out (tester57 F1)
            return [FollowupAction(tracker.active_loop["name"])] if tracker.active_loop.get("name") else []
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
            if tracker.get_slot("requested_slot") == "time" \
                    and _ALREADY_TOLD.fullmatch(re.sub(r"[\s，,。！!？?]", "", said)):
                # "我说过了" (read as goodbye) asked when: the time question's own answer to it, from what was
                # told (it got 抱歉，我没有理解: tester59 G14)
                answer = await ValidateComplaintForm().validate_time(said, dispatcher, tracker, domain)
                return [*(SlotSet(k, v) for k, v in answer.items()), FollowupAction(tracker.active_loop["name"])]
            time = _time_said_instead(said, tracker)
            if time:
                dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
                return [SlotSet("time", time), FollowupAction(tracker.active_loop["name"])]
            if _angry(said):  # "气死我了" in the middle of the complaint: heard, the question again (tester50 C6)
                dispatcher.utter_message(text=ANGER_IN_FORM)
                return [FollowupAction(tracker.active_loop["name"])]
            if _wish_only(said):  # "那我再反映一次吧" (read as goodbye) asked where: 没有理解 (session 53's conversations)
                dispatcher.utter_message(text="好的。")
                return [FollowupAction(tracker.active_loop["name"])]
            if CONTINUE_SAID.fullmatch(re.sub(r"[\s，,。！!]", "", said)):
                # "好的，那接着说路灯的事" after a question put aside (read as goodbye): 没有理解 (session 55's conversations)
                dispatcher.utter_message(text="好的，我们接着登记。")
                return [FollowupAction(tracker.active_loop["name"])]
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
                # (or told it is a family matter, or the number asked for: the form ended on it, tester47)
                told = told or any(m in (event.get("text") or "") for m in (
                    OUTSIDE_TOLD, WITHDRAWN, IDK_CLOSE, IDK_AFTER, IDK_NOD, MEDICAL_DONE, FAMILY_MARK, LINE_MARK,
                    FILED_WITH_IT, CONSULT_SAID))
            if not told:
                dispatcher.utter_message(response="utter_cancelled")
            return _reset_form()
        description = tracker.get_slot("description") or tracker.get_slot("description_draft")
        if not description:
            dispatcher.utter_message(response="utter_ask_description")
            return _reset_form()
        aside = _praise_then_complaint(description)
        if aside:  # the complaint is what is filed; the thanks go on the case beside it (tester50 C9)
            description = aside[1]
        text = description
        if tracker.get_slot("time"):
            text += f"\n发生时间：{tracker.get_slot('time')}"
        if _secrecy_wished(tracker):  # "我不想让单位知道是我举报的": the handling unit reads it
            text += f"\n{SECRECY_NOTE}"
        if _repeat_said_before(tracker) and REPEATED_NOTE not in text:
            # promised with REPEATED_ASK (并注明多次反映未解决) whichever way the problem came next (tester42 N7)
            text += f"\n{REPEATED_NOTE}"
        dangers = _dangers_told(tracker)  # a gas smell told in the form: a note for the operator, after filing
        call_back = _call_back_wished(tracker)
        if call_back:  # "我要找真人", then the matter: flagged for an operator to call back (tester50 C11)
            text += f"\n{CALL_BACK_NOTE}"
        title = _title(description, address=tracker.get_slot("address"))
        if tracker.get_slot("contact") == NO_CONTACT:  # "不留": no number in the text becomes the contact
            text, title = _phones_masked(text), _phones_masked(title)
        try:
            case = await _api("create_case", text, address=tracker.get_slot("address"), title=title,
                              category=_stated(tracker), contact=_contact(tracker), flagged=bool(dangers) or call_back)
        except (ApiUnavailable, ApiError) as e:
            log.warning("bot.case.create_failed %s", e)
            dispatcher.utter_message(response="utter_api_down")
            return []  # keep the slots: "提交" again once the API is back
        if aside:
            try:
                await _api("add_note", case["number"], "补充", PRAISE_ASIDE_NOTE.format(said=_phones_masked(aside[0])[:300]),
                           case.get("query_code"), _citizen(tracker))
            except (ApiUnavailable, ApiError) as e:
                log.warning("bot.case.praise_note_failed %s", e)
        for note in dangers:  # the danger apart from the complaint's text, the case flagged (tester43 M3)
            try:
                await _api("add_note", case["number"], "补充", note, case.get("query_code"), _citizen(tracker))
            except (ApiUnavailable, ApiError) as e:  # the case is filed and flagged: an operator opens it
                log.warning("bot.case.danger_note_failed %s", e)
        service = _service_complaint(description)
        if service:  # "接电话的态度还特别差": 12345's own service, noted apart for the operator (tester47 B15)
            try:
                await _api("add_note", case["number"], "补充",
                           SERVICE_NOTE.format(said=_phones_masked("，".join(service))[:150]),
                           case.get("query_code"), _citizen(tracker))
            except (ApiUnavailable, ApiError) as e:
                log.warning("bot.case.service_note_failed %s", e)
                service = []
        later = tracker.get_slot("second_issue")
        passed = (f"感谢您的表扬，已为您登记，工单编号 {case['number']}，查询码 {case.get('query_code')}，"
                  f"您的表扬将转达给{_unit(case)}。" if _praise_only(description) else
                  # an urgent case: registered as urgent, the emergency numbers first (tester50 C8)
                  urgent_filed(case, _unit(case), tracker) or
                  f"已为您登记，工单编号 {case['number']}，查询码 {case.get('query_code')}，"
                  f"初步判断由{_unit(case)}承办，"
                  # a 重点件 (群体性欠薪, 老人被困楼上): said so, it is not left to wait its turn (tester52 W13)
                  + (f"已按重点件（{case['priority']}）标注，会优先派单。" if case.get("priority")
                     else "话务员确认后派单。"))
        dispatcher.utter_message(
            text=passed + "请记下编号和查询码，凭它们随时查询进度。"
                 + ("您对12345服务的意见也已单独记在工单上，会转给热线的工作人员核查。" if service else "")
                 + (("已注明需要话务员回电，话务员会按您留的电话联系您。" if _contact(tracker) else
                     "您没有留电话，话务员没法回电；需要和话务员通话，请直接拨打12345，说明工单编号。") if call_back else "")
                 + (f"\n{OFFER_SAID}{_shown(_quoted_issue(later))}”，需要登记的话请回复“登记”，并说一下在哪里（同一地点也请说明）。"
                    if later else ""))
        legal = await _legality_note(description, case.get("suggestion"))
        if legal:  # "…改成停车位收费了，这合法吗": the rule that speaks to it, after filing (session 54's conversations)
            dispatcher.utter_message(text=legal)
        # the problem just quoted, with what the next case may inherit (district, call-back number)
        offer = {"text": later, "address": tracker.get_slot("address"), "contact": tracker.get_slot("contact")}
        return [*_reset_form(), SlotSet("case_number", case["number"]), SlotSet("case_id", case["id"]),
                *_own_code(tracker, case["number"], case.get("query_code")),
                *([SlotSet("offered_issue", offer)] if later else [])]


# whether a thing done is lawful, asked inside a complaint (这合法吗, 这样违规吗, 物业有权这么做吗)
LEGAL_ASKED = re.compile(r"合法吗|违法吗|合理吗|违规吗|允许吗|可以这样吗|能这样吗|有没有规定|有规定吗|这样对吗|"
                         r"算不算违法|是否合法|是否违法|是否违规|有权(?:这样|这么)?(?:做|干)?吗|有这个权利吗")


async def _legality_note(description: str, suggestion: Optional[Dict[Text, Any]] = None) -> Optional[str]:
    """The rule to consult on a question of lawfulness asked inside a filed complaint (小区物业把消防通道改成停车位
    收费了，这合法吗: it went unanswered): the article that speaks to the matter, hedged, the handling unit deciding;
    None when nothing is asked or no article speaks to it. ``suggestion``: the filed case's own triage (its
    regulations are read, no second triage)."""
    question = held_question(description) or ""
    if not LEGAL_ASKED.search(re.sub(r"\s", "", description or "")) or _basic_path(question):
        return None
    matter = LEGAL_ASKED.split(description)[0].strip("，,。？?！! ")
    result = suggestion if suggestion and suggestion.get("regulations") is not None else None
    try:
        result = result or await _api("triage", matter or description)
    except (ApiUnavailable, ApiError):
        return None
    regulations = [r for r in result.get("regulations") or [] if r.get("text") and not r.get("weak")]
    cited = next((r for r in regulations if _speaks_to(matter, r["text"], listed=bool(r.get("topic")))), None) \
        or next((r for r in regulations if r.get("topic")), None)
    # (a statute topic named by the matter's own words speaks to it: 劳动合同法's overtime article says no 加班费…)
    if not cited:
        return "您问的是否合法，我这里答不准，已经写在工单里，承办单位核实后会一并答复您。"
    return (f"您问的是否合法：可以参考{_article_quoted(cited, matter)}"
            "具体是否违规、怎么处理，以承办单位核实后的认定和答复为准。")


def _article_quoted(cited: Dict[Text, Any], question: str) -> str:
    """《law》article：the paragraph of a cited article that speaks to ``question`` (第五十八条's second, on 灵活就业人员),
    cut at 100 characters."""
    paragraphs = [re.sub(r"^第[^ ]+条\s*", "", p).strip() for p in cited["text"].split("\n") if p.strip()]
    pairs = _subject_pairs(question)
    body = max(paragraphs, key=lambda p: sum(1 for x in pairs if x in p))
    body = body if len(body) <= 100 else body[:100].rstrip("，,；;。") + "……"
    inner = str(cited["law"]).replace("《", "〈").replace("》", "〉")  # a title inside a title
    return f"《{inner}》{cited['article']}：{body}"


# what a progress query says (工单, 进度, 查询码 …); 检查 alone is none
_PROGRESS_WORDS = re.compile(r"工单|进度|编号|查询码|单号|办得|处理得|办到|处理到|怎么样了|有结果|回复了|查一下|查查|查询|JS\d", re.I)


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
        urged = await _urged(text, dispatcher, tracker)
        if urged is not None:  # "都三天了还是已受理？你们效率也太低了吧": an apology, the urging noted (tester47 B15)
            return urged
        follow = None if tracker.active_loop.get("name") or re.search(r"多久|多长时间|什么时候|进度|状态", text) \
            and not ONLINE_PROGRESS.search(text) else after_filing_answer(text, tracker)
        if follow:  # "撤销以后还能再反映吗" read as a progress query was a second withdrawal (tester56 E11)
            dispatcher.utter_message(text=follow)
            return []
        if not tracker.active_loop.get("name") and not tracker.get_slot("progress_asked") \
                and not URGE_SAID.search(text) and (_angry(text) or _manage_asked(text)
                                                    or _after_code_forgotten(text, tracker)):
            # "你们12345就是摆设！！！打了八百遍电话了什么都没解决！！！" read as a progress query was asked for a
            # case number (tester50 C6): the anger heard, what happened asked; a case filed before named
            # (上次反映的事…气死了) is still asked for, after a word for the feeling
            if EARLIER_CASE.search(text) and not _case_known(tracker) and not _after_code_forgotten(text, tracker):
                dispatcher.utter_message(text=f"{ANGER_MARK}，给您添麻烦了，我帮您查一下、跟进。")
            else:
                heard = _heard_first(text, dispatcher, tracker)
                if heard is not None:
                    return heard
        if tracker.active_loop.get("name") and requested and not case_number_in(plain_digits(text)) \
                and DANGER_OVER.search(re.sub(r"\W", "", text)) \
                and (_said_last_turn(tracker, FORM_WAIT_MARK) or _said_last_turn(tracker, PERSON_WAIT_MARK)):
            # "已经处理了" while a danger told in the form waits: the danger over (as 处理好了), never a
            # case query; the form's question follows (tester45 N-b)
            resumed = ValidateComplaintForm._after_danger_wait(text, requested, tracker, dispatcher)
            if resumed is not None:
                return [*resumed, SlotSet("progress_asked", None)]
        candidates = [c for c in tracker.get_slot("category_candidates") or [] if c]
        if tracker.active_loop.get("name") and requested == "category_choice" and candidates \
                and not case_number_in(plain_digits(text)) and UNSURE.search(text) and not EARLIER_CASE.search(text):
            # "说不清，你们看着办" where the kind of problem was asked, read as a progress query: no reading
            # chosen, the operator decides (it asked for a case number: tester48 N10)
            dispatcher.utter_message(text=CATEGORY_LEFT.format(noted=""))
            return [SlotSet("category_choice", UNSURE_CHOICE), SlotSet("complaint_category", candidates[0]),
                    SlotSet("progress_asked", None)]
        held = _held_answer(text, tracker) if tracker.active_loop.get("name") and not case_number_in(plain_digits(text)) \
            else None
        if held:  # "你还没回答我问题呢" read as a progress query: the question said in the complaint (tester51 C6)
            dispatcher.utter_message(text=held)
            return [SlotSet("progress_asked", None)]
        if tracker.active_loop.get("name") and requested and _report_dropped(text) and not _phone_in(text) \
                and not case_number_in(plain_digits(text)):
            # "算了，我自己打12345问吧，不用登记了" read as a progress query got 好的，安全要紧 and the place asked again
            # (tester59 G18): the report dropped, as 不登记了 in the form
            return [SlotSet("confirmation", False), SlotSet("form_outcome", "cancelled"),
                    SlotSet("requested_slot", None), SlotSet("progress_asked", None)]
        if tracker.active_loop.get("name") and requested in ("contact", "time", "address") \
                and not case_number_in(plain_digits(text)) and not _PROGRESS_WORDS.search(text) and HAS_CHINESE.search(text) \
                and not EARLIER_CASE.search(text) and not _hotline_called(text) and not _phone_in(text) \
                and not re.search(r"多久|多长时间|什么时候|几天", text):
            # "检查时发现的" (asked for a number) read as a progress query (查) got 请告诉我您的工单编号: the answer to
            # the question asked, as the form reads it (session 52's conversations)
            answer = await getattr(ValidateComplaintForm(), f"validate_{requested}")(text, dispatcher, tracker, domain)
            return [*(SlotSet(k, v) for k, v in answer.items()), SlotSet("progress_asked", None)]
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


# a plain yes or thanks, no question asked further (好的呢, 嗯嗯, 知道了)
_PLAIN_YES = re.compile(r"(?:好|好的|好吧|对|对的|嗯|行|可以|是|是的|没问题|ok|OK|知道了|明白了|了解了|谢谢|多谢|收到)+[呢啊吧呀的哈]*")


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
        further = None if tracker.active_loop.get("name") or _PLAIN_YES.fullmatch(re.sub(r"[\s，,。！!~～]", "", text)) \
            else consult_follow_up(text, tracker)
        if further:  # "住院呢" (read as yes) after an answer on 医保报销: 还有其他需要帮忙的吗 (session 54's conversations)
            dispatcher.utter_message(text=further)
            return []
        taken = await _offer_slots(text, tracker, dispatcher, domain) \
            if intent == "affirm" or _other_asked(text) else None
        if taken is not None:  # "好的，登记一下": the second problem quoted after filing
            return [*(SlotSet(k, v) for k, v in taken.items()), SlotSet("progress_asked", None),
                    FollowupAction("complaint_form")]
        resumed = await _resumed(text, tracker, dispatcher, domain)
        if resumed is not None:  # "哎不对，我还是要提交": never a goodbye
            return resumed
        heard = _heard_first(text, dispatcher, tracker) if _angry(text) or _manage_asked(text) \
            or _after_code_forgotten(text, tracker) else None
        if heard is not None:  # "太过分了吧", "你们就是不作为" (read as no) got 再见 (tester50 C6)
            return heard
        if _idk_closed(tracker):  # "不知道" after 这次先不登记了: no question again and again (tester43 L2)
            _after_idk_close(dispatcher, tracker)
            return [SlotSet("progress_asked", None)]
        if UNSURE.search(text) and not _anything_done(tracker):
            # "不知道" before anything was asked or done: help on, no goodbye
            dispatcher.utter_message(response="utter_ask_what")
            return [SlotSet("progress_asked", None)]
        if intent == "deny" and len(re.sub(r"\W", "", text)) >= 6 and _tells_problem(text) \
                and not re.search(r"没有了|没了|没事|不用了|不需要|不提交|不登记|不是|不对|不留|别|算了", text):
            # "公交站的站牌写错了，站名跟实际不一样" read as a no: 再见 (session 55's conversations); a complaint, the form
            # starts with it as its first answer
            slots = await ValidateComplaintForm().validate_description(text, dispatcher, tracker, domain)
            return [*(SlotSet(k, v) for k, v in slots.items()), SlotSet("progress_asked", None),
                    FollowupAction("complaint_form")]
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


_ASK_CONTACT = "为方便坐席回电，请留下您的联系电话（不方便可以说“不用”）。"
# a person wished with nothing to hand over (tester50 C11): no transfer promised; 12345, or the matter
# registered here with a call-back asked for (the case filed next is flagged: CALL_BACK_NOTE)
# the same for whom the English note was said (tester53 D11: told to reply "transfer", then refused in Chinese only)
NO_PERSON_HERE_EN = ("\nThis chat cannot connect you to a person. Please call the 12345 hotline and ask for English "
                     "service; an operator will take your report by phone.")
NO_PERSON_HERE = (PERSON_NOT_HERE + f"您也可以跟我说说遇到了什么事、在哪里，我帮您登记，并{CALL_BACK_MARK}，话务员会按您留的电话联系您。")
CALL_BACK_NOTE = "（市民希望人工话务员回电联系）"


def _call_back_wished(tracker: Tracker) -> bool:
    """Whether the citizen asked for a person since the last case filed, and was offered a call-back."""
    wished = False
    for e in tracker.events:
        if e.get("event") == "bot":
            text = e.get("text") or ""
            if text.startswith(FILED_SAID) or "已为您登记" in text:
                wished = False
            elif CALL_BACK_MARK in text:
                wished = True
    return wished

# the bot's answers to a message it could not place: not understood, or answered as a question (the
# consultation's unit), never out of scope (明天北京下雪吗 is nobody's case)
NOT_PLACED = ("没有理解", "没能弄明白", "负责解答。")  # (CONSULT_MARK)


def _not_understood_before(tracker: Tracker) -> List[str]:
    """The citizen's messages since the last case filed that the bot answered with 没有理解 or a
    consultation's unit (我那个养老金这个月没到账啊…), 6 characters or more, in the order said: the
    operator who takes over reads them with the case (tester47 B12: the first message was missing)."""
    texts: List[str] = []
    last_user: Optional[str] = None
    placed: set = set()
    for event in tracker.events:
        text = event.get("text") or ""
        if event.get("event") == "user":
            last_user = text.strip()
        elif event.get("event") == "bot":
            if any(f in text for f in FILED_SAID):
                texts, placed = [], set()
            elif last_user and any(m in text for m in NOT_PLACED) and last_user not in placed:
                placed.add(last_user)
                # a question answered (its unit) counts when it tells a grievance (退休金没给我发), not 公积金怎么提取
                asked = "负责解答。" in text and not (_tells_problem(last_user) or GRIEVANCE.search(last_user))
                if len(re.sub(r"\W", "", last_user)) >= 6 and not _filler(last_user) and not asked:
                    texts.append(last_user)
    return texts


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
        place_first = None if (_hold(tracker) == "self_harm" or _crisis_in_chat(tracker)) else _place_first(tracker)
        if place_first and await handoff_danger_advice(said):
            # a danger told with it (its advice): the hand-off as before. 转人工 too needs the place first: no
            # person joins this chat, an operator calls back on the case (one with no place was filed: tester51 C5)
            place_first = None
        if place_first:
            # 你们快派人来啊 / 我要人工 while the place is asked: a case with no address sends nobody (tester50 C2:
            # the lift's case was filed without one); the place first, the form stays (its question not repeated)
            if not _said_this_turn(tracker, PLACE_FIRST_MARK):
                dispatcher.utter_message(text=place_first)
            return []
        events: List[EventType] = []
        if tracker.active_loop.get("name"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        draft = tracker.get_slot("description") or tracker.get_slot("description_draft")
        draft = None if _filler(draft) else draft  # "嗯" is nobody's complaint (tester38 F1)
        if not draft and _crisis_in_chat(tracker):
            # the wish to die and where the person is (CRISIS_WHERE: 地址会一起转给坐席): the operator gets both;
            # without a place too: the crisis lines promised a person, so an operator gets the case and
            # calls back (NO_PERSON_HERE, no case at all, was the answer then: tester50 C11)
            draft = next((e.get("text") for e in reversed(tracker.events)
                          if e.get("event") == "user" and _self_harm(e.get("text") or "")), None)
        if draft:  # what the citizen said before the form and the bot did not understand (tester47 B12)
            drafted = re.sub(r"\W", "", draft)
            earlier = [t for t in _not_understood_before(tracker) if re.sub(r"\W", "", t) not in drafted]
            if earlier:
                draft = "\n".join([*earlier, draft])
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
            # no person joins this chat: the case is marked for an operator, who calls back (已为您转接 promised a
            # transfer that does not happen: tester51 C5)
            if _hold(tracker) == "self_harm" or _crisis_in_chat(tracker):
                # the crisis lines offered a person (回复“转人工”): that offer kept, as a call-back, no refusal
                # (never 已为您转人工坐席: only a call-back is arranged, and a person at risk must not wait for a
                # transfer that is not coming: tester53 D11)
                dispatcher.utter_message(text=f"好的，已请话务员尽快给您回电：工单 {number}{told}已标记为人工处理。"
                                              f"想马上和人说话，请拨打心理援助热线12356或12345。{ask}")
            else:
                dispatcher.utter_message(text=f"好的，工单 {number}{told}已标记为人工处理，话务员会尽快回电联系您"
                                              f"（这里没法直接转接人工坐席，想马上通话请拨打12345）。{ask}")
            if ask:
                events.append(SlotSet("contact_asked", True))
        else:
            # nothing to flag: no person joins this chat, so none is promised (请稍候 was: tester50 C11)
            slots = None if events else await _matter_with_person(dispatcher, tracker, domain)
            if slots is not None:
                # "给我转人工，我要投诉物业乱收费": the matter is registered at once, a call-back asked for
                dispatcher.utter_message(text=PERSON_NOT_HERE + REGISTERED_WITH_CALL_BACK)
                return [*(SlotSet(k, v) for k, v in slots.items()),
                        FollowupAction("complaint_form")]
            dispatcher.utter_message(text=NO_PERSON_HERE + (NO_PERSON_HERE_EN if _advised(tracker, ENGLISH_MARK) else ""))
        return [*events, *_reset_form()]


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
JUST_ASKING = re.compile(r"不是(?:要|想)?(?:投诉|反映|举报|告状|登记)|(?:就|只)(?:是)?(?:想)?问(?:个|下)(?:电话|号码)|不(?:想|要|用)(?:投诉|举报|登记)|"
                         r"(?:就是|只是|就|只)(?:想)?(?:问问|问一下|咨询|了解|打听|知道)|问问(?:政策|而已)|咨询(?:一下)?而已|"
                         # 算了 不提交了 我就想知道政策 at the read-back (tester56 E18: answered, then read back again)
                         r"不(?:用|要)?提交了?|不报了|不登记了")
_NOT_A_SUBJECT = re.compile(r"你好|您好|喂|请问|我|就是|只是|就|只|想|要|问问|问一下|咨询|了解|打听|知道|提交|算了|报|一下|政策|规定|情况|而已|罢了|不是|"
                            r"投诉|反映|举报|告状|登记|不|用|的|了|啊|呀|吧|嗯|个|那个|这个|"
                            # (需要什么条件 alone named 城管 by the triage's guess: session 53's conversations)
                            r"需|什么|啥|条件|材料|手续|流程|怎么|如何|能|可以|吗|呢|么|准备|带|"
                            # (那去哪里办 after the answer on 养老金 named 市卫生健康委 by the triage's guess: session 54)
                            r"那|去|到|在|哪里|哪儿|哪|办理|办|申请|找|谁|部门|地方|单位")


# what a matter does to the one who tells it (我都神经衰弱了, 孩子没法写作业, 整宿睡不着)
HARM_TO_ME = re.compile(r"神经衰弱|睡不着|失眠|睡不好|没法睡|睡不了|整宿|崩溃|受不了|快疯了|要疯了|头疼|头痛|心脏病|血压|"
                        r"没法休息|休息不好|没法学习|写不了作业|没法写作业|吓得|吓哭|精神")
HARM_HEARD = "非常理解您的困扰，这个情况也记在问题里了，会一并转给承办单位。"


def _quoted_issue(said: str) -> str:
    """A second problem as quoted after filing: without its 还有 / 另外 lead and its trailing comma (“还有饭店的人占道摆桌子，”
    was quoted so: session 53's conversations)."""
    bare = re.sub(r"^(?:另外|还有|再就是|再有|顺便)(?:就是|一个是|呢)?[，,]?", "", (said or "").strip()).strip("，,。；; ")
    return bare if len(re.sub(r"\W", "", bare)) >= 4 else (said or "").strip("，,。；; ")


CONSULT_ASKED = "请问您想咨询哪方面的政策？"
# who asks, said alone (我是外地的，在北京工作; 我们是非京籍; 我是退休职工): no question in it
_WHO_ASKS = re.compile(r"^(?:我|我们|我家|俺|咱)(?:家)?(?:的)?(?:爸妈|父母|爸爸|妈妈|爸|妈|老人|孩子|儿子|女儿|老公|爱人|媳妇|对象)?"
                       r"(?:都|也)?(?:是|在|住|户口|孩子|来)")
_ASKS_SOMETHING = re.compile(r"[？?]|吗|么|呢|怎么|如何|什么|啥|哪|能不能|可不可以|可以|能否|是否|多少|几|要不要|需不需要")


def _who_asks_only(said: str) -> bool:
    """Whether ``said`` only tells who asks (我是外地的，在北京工作), with no question of its own."""
    plain = re.sub(r"\s", "", said or "")
    return bool(_WHO_ASKS.match(plain)) and not _ASKS_SOMETHING.search(plain) and len(re.sub(r"\W", "", plain)) <= 24


def _who_asked_before(tracker: Tracker) -> Optional[str]:
    """Who asks, said the turn before (我是外地的，在北京工作, answered by asking the question): that message, else None."""
    users = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][:-1]
    if users and _said_last_turn(tracker, "您的情况记下了") and _who_asks_only(users[-1]):
        return users[-1].strip(" ，,。")
    return None


def _own_subject(text: str) -> bool:
    """Whether ``text`` names what it asks about (社保断缴, 公积金提取), not only that it asks."""
    return len(re.sub(r"[^\u4e00-\u9fff]", "", _NOT_A_SUBJECT.sub("", text))) >= 2


def _subject_pairs(question: str) -> set:
    """The two-character pieces of a question's subject (灵活就业人员社保 → 灵活, 活就, 就业 …)."""
    subject = _ASKING.sub("，", question)
    return {subject[i:i + 2] for i in range(len(subject) - 1)
            if HAS_CHINESE.fullmatch(subject[i]) and HAS_CHINESE.fullmatch(subject[i + 1])}


def _speaks_to(question: str, text: str, *, listed: bool = True) -> bool:
    """Whether an article shares enough of the question's subject to be quoted: four pieces, or
    all of three (公积金…提取); 新生儿 and 户口 in an article on 新生儿登记 are not 上户口. A long question
    shares four pieces with almost anything: an article no knowledge-base entry lists for it (``listed``
    False) needs a fifth of its pieces too (the data's questions quoted 征兵工作条例 for a foreign driving
    licence, 物业管理条例's 直系亲属 for 三代以内旁系血亲)."""
    pairs = _subject_pairs(question)
    shared = sum(1 for p in pairs if p in text)
    return (shared >= 4 and (listed or shared >= 0.2 * len(pairs))) or (shared >= 3 and shared == len(pairs))


# the public hotlines of the units that answer questions (the unit's name or the question's words)
HOTLINES = (
    (r"人力社保|人社|社保|养老保险|失业|劳动", "人力社保", "12333"),
    # 医保 has its own line: 12393 (医疗保障服务热线, 市医保局), not 人力社保's 12333 (tester36 L6)
    (r"医保|医疗保险|医疗保障|新农合", "医保服务", "12393"),
    (r"公积金", "住房公积金", "12329"),
    (r"燃气|煤气|天然气", "燃气服务", "96777"),
    (r"市场监管|消费|价格|食品|商家|退款", "市场监管", "12315"),
    (r"生态环境|环保|污染|排放", "生态环境", "12369"),
    # couriers and post: 市邮政管理局 (the routing's postal code), the postal service's complaint line
    (r"邮政|快递|包裹|快件|邮件", "邮政业用户申诉", "12305"),
    # banks and insurers: the routing's financial_regulation (国家金融监督管理总局北京监管局), its consumer line
    (r"金融监管|银行|保险公司|理赔|信用卡|网贷|贷款公司", "银行保险消费者投诉", "12378"),
    # phone bills, signal, broadband: the routing's telecom (市通信管理局); the ministry's telecom users' complaint line
    (r"通信管理|运营商|移动公司|联通|电信公司|话费|宽带|手机信号|携号转网", "电信用户申诉", "12300"),
)


def _refused_with_it(said: str, tracker: Tracker) -> bool:
    """Whether ``said``, where the number is asked, refuses it beside a question (留电话干嘛 不留)."""
    last = ([c for c in re.split(r"[\s，,。？?！!]+", said or "") if c] or [""])[-1]   # (不留电话会不会影响处理 asks)
    return bool(tracker.active_loop.get("name") and tracker.get_slot("requested_slot") == "contact"
                and REFUSED_NUMBER.search(last) and not QUESTION_SAID.search(last) and not _phone_in(said))


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
        if danger_told(question, tracker, dispatcher):  # tester59 G1/G2
            return [FollowupAction(tracker.active_loop["name"])] if tracker.active_loop.get("name") else []
        if silent_first(question, tracker, dispatcher):
            # "被家暴了可以找你们吗 我现在不方便打电话 他在家": the silent ways, never 市民政局 (tester57 F1)
            return [FollowupAction(tracker.active_loop["name"])] if tracker.active_loop.get("name") else []
        follow = None if tracker.active_loop.get("name") else after_filing_answer(question, tracker)
        if follow:  # "钱能要回来吗" after filing: about the case, not a policy question (tester56 E11)
            dispatcher.utter_message(text=follow)
            return events
        if tracker.active_loop.get("name") and tracker.get_slot("requested_slot") == "contact" \
                and ANONYMOUS.search(question) and not _phone_in(question):
            # "匿名", "我要匿名反映", "匿名行吗" where the number was asked: 不留, said so (the secrecy line
            # and the number asked again: tester48 B10)
            dispatcher.utter_message(text=("可以，" + ANONYMOUS_TOLD.removeprefix("好的，"))
                                     if QUESTION_SAID.search(question) else ANONYMOUS_TOLD)
            return [SlotSet("contact", NO_CONTACT)]
        if tracker.active_loop.get("name") and REFUSED_NUMBER.search(re.sub(r"\s", "", question)) \
                and len(re.sub(r"\W", "", question)) <= 14 and not _phone_in(question) \
                and not PRIVACY_ASKED.search(question) and not QUESTION_SAID.search(question):
            # "我不留电话 直接办吧" at the time question got 这类问题一般由市公安局负责解答 (tester56 E2): 不留, taken
            dispatcher.utter_message(text="好的，不留电话。")
            return [SlotSet("contact", NO_CONTACT)]
        if tracker.active_loop.get("name") and tracker.get_slot("requested_slot") == "address" \
                and re.search(r"不知道|不清楚|不晓得", question) and len(re.sub(r"\W", "", question)) <= 14:
            # "不知道在哪办的" where the place was asked (a phone card got in one's name): a consultation of 市公安局 and
            # the question again (session 57's conversations); an answer that no place is known, as the form takes it
            slots = await ValidateComplaintForm().validate_address(question, dispatcher, tracker, domain)
            return [SlotSet(k, v) for k, v in slots.items()]
        held = _held_answer(question, tracker) if tracker.active_loop.get("name") else None
        if held:  # "你先告诉我怎么申请" in the form: the question said in the complaint (it got 人力社保局: tester51 C6)
            dispatcher.utter_message(text=held)
            return events
        helped = help_asked(question, tracker.get_slot("description") or tracker.get_slot("description_draft") or "") \
            if tracker.active_loop.get("name") else None
        if helped and not helped[1]:
            # "你还没回答我呢，要不要报警" read as a consultation in the form: answered for this matter, never a
            # unit's policy line (tester48 N3, N5); the form's question follows
            dispatcher.utter_message(text=helped[0])
            return events
        if not tracker.active_loop.get("name") and APPEAL_ASKED.search(re.sub(r"\s", "", question)):
            # "我不服这个罚款能怎么办？" got 是否处罚由承办单位决定 (tester50 C15): the ways to appeal, and their terms
            dispatcher.utter_message(text=APPEAL_TOLD + ("您反映的情况也会由承办单位核实后答复您。" if _case_known(tracker) else
                                                         "如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。"))
            return events
        side = _side_answer(question, tracker.get_slot("department"))
        if side and (side != PENALTY_TOLD or tracker.active_loop.get("name") or ABOUT_THIS.search(question)):
            # "为什么要留电话？会不会泄露我的信息", "这种情况能罚款吗": the case at hand, no policy to look up
            if _refused_with_it(question, tracker):  # "留电话干嘛 不留": 不留 taken, not asked again (tester57 F9)
                dispatcher.utter_message(text=WHY_PHONE_REFUSED_TOLD if side == PRIVACY_TOLD else side)
                return [SlotSet("contact", NO_CONTACT)]
            dispatcher.utter_message(text=side)
            if side.startswith("可以。") and tracker.active_loop.get("name") \
                    and tracker.get_slot("requested_slot") == "contact":
                return [SlotSet("contact", NO_CONTACT)]  # "不留可以吗" where the number was asked: 不留
            return events
        aside = _answered_aside(question, dispatcher, tracker)
        if aside is not None:  # "停电了打哪个电话": the number itself; "那电话是多少" (tester47 B14)
            return aside
        if tracker.active_loop.get("name") and JUST_ASKING.search(question):
            # "我就是问问政策，不是投诉": no complaint to file; the question said before is the one
            # to answer (when this message names none of its own)
            pending = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
            events = [ActiveLoop(None), SlotSet("requested_slot", None), *_reset_form(),
                      FollowupAction("action_listen")]
            line = _service_line_asked(pending) if not _service_line_asked(question) else None
            if line:  # "我不是要登记，我就问个电话" after 快递丢了，打哪个电话…: that line (市公安局 was said: tester48 N8)
                dispatcher.utter_message(text=f"好的，不登记。{line}")
                return events
            if _own_subject(question):
                pass
            elif _own_subject(pending):
                question = pending
            else:
                dispatcher.utter_message(text=f"好的，不登记投诉。{CONSULT_ASKED}请直接说出您的问题。")
                return events
        elif not tracker.active_loop.get("name") and _said_last_turn(tracker, CONSULT_SAID) \
                and len(re.sub(r"\W", "", question)) <= 10 and not _basic_path(question) \
                and (further := _part_answered(question, tracker)):
            # "能网上交吗" right after the answer on 供暖费 (its 公众号、App): that part of the answer (it went to the
            # triage and got 市交通委 by 交: session 54's conversations)
            dispatcher.utter_message(text=further)
            return events
        elif not _own_subject(question) and _said_last_turn(tracker, CONSULT_SAID) \
                and (further := consult_follow_up(question, tracker)):
            # "需要什么条件" right after the answer: the part of it that says so (it was the same unit's line again,
            # without the answer: session 53's conversations)
            dispatcher.utter_message(text=further)
            return events
        elif not _own_subject(question):
            # "我就是问问政策，不是投诉" after a question answered (社保断缴…): that question's unit,
            # never the triage's guess for words that name no subject; with none before, ask which
            earlier = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][:-1]
            # (who asks is no question: 我在海淀工作，户口不在北京 made 需要什么材料 市公安局海淀分局's: session 53)
            before = next((t for t in reversed(earlier) if _own_subject(t) and not _who_asks_only(t)), None)
            if not before:
                dispatcher.utter_message(text=f"好的。{CONSULT_ASKED}请直接说出您的问题。")
                return events
            line = _service_line_asked(before)
            if line:  # "我没要反映，我就问问电话" after 消费者投诉电话是多少: that number again (tester47 B14)
                dispatcher.utter_message(text=f"好的，不登记。{line}")
                return events
            question = before
        follow_up = False
        who = _who_asked_before(tracker) if not tracker.active_loop.get("name") else None
        if who:  # "我是外地的，在北京工作" then "孩子能在北京上小学吗": the question as who asks it (非京籍入学)
            question = f"{who}，{question}"
        if not tracker.active_loop.get("name") and _said_last_turn(tracker, CONSULT_MARK) \
                and len(re.sub(r"\W", "", question)) <= 24:
            # "就这些？你倒是告诉我怎么备案啊" right after the answer on 异地就医: the same question asked
            # further, its unit kept (it became 市公安局 by 备案, 城管 for 公租房's 收入: tester56 E3)
            earlier = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][:-1]
            if earlier and earlier[-1].strip() and earlier[-1].strip() != question:
                question, follow_up = f"{earlier[-1].strip()} {question}", True
        try:
            result = await _api("triage", question)
        except (ApiUnavailable, ApiError) as e:
            log.info("bot.consult.unavailable %s", e)
            result = {}
        unit = _department_name(result) if result.get("departments") else None
        unit = _basic_unit(question) or unit   # 非京籍入学: the district's education commission, never 市公安局 (tester57 F12)
        if follow_up and unit and not _said_last_turn(tracker, f"一般由{unit}负责解答"):
            unit = _unit_told(tracker, last_turn=True) or unit   # the unit told a moment ago stays the one named
        # never a weak citation (found by its words alone: 公积金贷款的额度 quoted 建筑绿色发展条例's green-building loans)
        cited = next((r for r in result.get("regulations") or []
                      if r.get("text") and not r.get("weak")
                      and _speaks_to(question, r["text"], listed=bool(r.get("topic")))), None)
        parts = [f"这类问题一般由{unit}负责解答。" if unit else "政策和办事咨询可以拨打12345，由话务员为您解答。"]
        basic = _basic_path(question)
        said_now = re.sub(r"\s", "", str((tracker.latest_message or {}).get("text") or ""))
        part = _part_answered(said_now, tracker) if follow_up and basic and _said_last_turn(tracker, basic[:40]) else None
        if part:
            # "孩子爸爸是北京户口，我是外地的" after the answer on 新生儿上户口 that speaks of it: that part (it got 答不准:
            # session 55's conversations)
            dispatcher.utter_message(text=part)
            return []
        if follow_up and unit and (not basic or _said_last_turn(tracker, basic[:40])):
            # asked further: said honestly, never the same paragraph again (tester56 E3, E21)
            parts = [("办理的基本步骤就是刚才说的这些；" if basic else "抱歉，")
                     + f"更具体的条件、材料和办理步骤我这里答不准，请以{unit}的规定为准，向他们问清楚最稳妥。"]
            basic = None
        if basic:  # 社保转移, 居住证, 非京籍入学, 供暖费: the basic path, not only a unit (tester50 C15)
            parts.append(basic)
            cited = None
        if cited:
            parts.append(f"可参考{_article_quoted(cited, question)}")
        # a 12345 user is never sent to 12345: the unit's own hotline where it has one
        hotline = next((f"{name}热线{number}" for words, name, number in HOTLINES
                        if re.search(words, f"{unit or ''}{question}")), None)
        if basic and hotline and re.search(r"\d{5}", hotline) and re.search(r"\d{5}", hotline).group() in basic:
            hotline = None  # (said already: 12333, 12393)
        parts.append("具体办理以主管部门的规定为准" + (f"，也可拨打{hotline}咨询。" if hotline else "。")
                     + "如果您是要反映问题，请直接说说发生了什么、在哪里，我帮您登记。")
        dispatcher.utter_message(text="\n".join(parts))
        return events


CONSULT_MARK = "负责解答。"  # the consultation answer's first line (这类问题一般由…负责解答。)


async def _consulted_in_district(said: str, tracker: Tracker) -> Optional[str]:
    """A district said right after a consultation answer (我是昌平区的): the question's unit in that
    district, and the offer to register; None otherwise."""
    # (我在丰台退休的: where one retired, works or is insured says the district too; it was 没有理解: session 53)
    said = re.sub(rf"({_DISTRICT_NAMES})(?!区)", r"\1区", said or "")
    district = _DISTRICT_SAID.search(said)
    rest = re.sub(r"\W|我是|我在|我住|住在|在|是|的|人|家|户口|北京市?|退休|上班|工作|参保|交(?:的)?社保|社保|医保|生活|租房|买(?:的)?房|"
                  r"那边|这边|嗯|哦|我们|咱", "", _DISTRICT_SAID.sub("", said))
    # (西城区月坛街道 after the answer on home care: noted as a place, 请问在这里发生了什么问题: session 56)
    street = re.fullmatch(r"[\u4e00-\u9fff]{1,6}(?:街道|镇|乡|地区)", rest or "") if district else None
    if not district or district.group(1) or (rest and not street) or not _said_last_turn(tracker, CONSULT_MARK):
        return None
    users = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    question = users[-2] if len(users) >= 2 else ""
    if not question:
        return None
    name = f"{district.group(2)}区"
    told = _unit_told(tracker, last_turn=True)
    if told and _DISTRICT_KIN.fullmatch(told):
        # the unit the answer named, at the district's level (市民政局 → 西城区民政局: the triage of the place and the
        # question gave 住建委 for home care, session 56's conversations)
        return _district_unit_told(name, f"{name}{told[1:]}", street)
    try:
        result = await _api("triage", f"北京市{name}{question}")
    except (ApiUnavailable, ApiError):
        return None
    unit = _department_name(result) if result.get("departments") else None
    if not unit or unit == "相关部门":
        return None
    return _district_unit_told(name, unit, street)


# a city's unit with a district's counterpart of the same name (市民政局 → 西城区民政局)
_DISTRICT_KIN = re.compile(r"市(?:民政局|人力社保局|教委|卫生健康委|市场监管局|住房城乡建设委|城市管理委|司法局|医保局|退役军人事务局|"
                           r"体育局|文化和旅游局)")


def _district_unit_told(name: str, unit: str, street: Optional[re.Match]) -> str:
    """What is said of a question's unit in the district ``name`` (and the street's service centre, when one was said)."""
    near = f"，也可以先到{street.group(0)}的便民服务中心（社区服务窗口）问问" if street else ""
    return (f"好的，{name}的这类问题可以咨询{unit}{near}。具体办理以主管部门的规定为准。"
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
                dispatcher.utter_message(text="好的。没有电话话务员没法回电，工单会按登记的内容办理，您可以凭工单编号和查询码"
                                              "随时查询进度；想和话务员通话请直接拨打12345。")
            elif re.search(r"\d", text) and not (tracker.get_slot("retries") or {}).get("contact"):
                # digits, but no whole number: asked once more
                dispatcher.utter_message(text="这个号码好像不完整，请再说一遍（手机号11位，座机请带区号）。")
                return [SlotSet("retries", {**(tracker.get_slot("retries") or {}), "contact": 1})]
            elif ref and code and _substantive(text) and not QUESTION_FORM.search(text):
                # "东城区南锣鼓巷", "半夜两点" after the hand-off of a complaint half told: what it adds goes on the
                # flagged case, the number still asked for (it got 没有听到电话号码, then 没有理解: session 54)
                try:
                    await _api("add_note", ref, "补充", _phones_masked(text)[:300], code, _citizen(tracker))
                except (ApiUnavailable, ApiError) as e:
                    log.warning("bot.contact.note_failed %s", e)
                    dispatcher.utter_message(text="没有听到电话号码，坐席会在工单里跟进。还有其他需要帮忙的吗？")
                    return done
                dispatcher.utter_message(text=f"好的，“{_shown(text)[:40]}”已补充到工单 {ref} 上，坐席处理时能看到。"
                                              "方便的话请留个电话，坐席好回电；不方便可以说“不用”。")
                return []
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


# said back where a question was asked, not understood: the citizen told it already (我说了多少遍了 你们系统里没有吗),
# points at it (就我们家门口那条啊), or has another's phone (我用的我闺女手机)
_TOLD_ALREADY = re.compile(r"说了(?:多少|好几|几|八百|无数|N)?遍|说过了|刚说了|都说了|系统里(?:没有|查不到)|还问|又问|怎么还问")
_POINTED_PLACE = re.compile(r"(?:家|我们|俺|咱)?(?:门口|楼下|对面|旁边|附近)(?:那条|那个|这条|这个)?|(?:就|是)?(?:那条|这条)(?:路|街)?(?:啊|呀|嘛|呗)?$|我们这|俺们这")
_SOMEONE_ELSES_PHONE = re.compile(r"(?:用的?|借的?|拿的?)(?:我|俺)?(?:闺女|女儿|儿子|老伴|爱人|媳妇|老公|家人|孩子|亲戚|邻居|朋友|同事)"
                                  r"(?:的)?(?:手机|电话)|没有(?:手机|电话)")


def _not_understood_in_form(said: str, slot: Optional[str]) -> Optional[str]:
    """What the form says to an answer it did not understand, by the question asked: never 抱歉，这个问题我帮不上忙
    (tester51 C16); None for the general line."""
    plain = re.sub(r"\s", "", said)
    if _TOLD_ALREADY.search(plain):
        return "抱歉让您再说一遍：这次对话里这一项我还没有记下来，请您再告诉我一次。"
    if slot == "address" and _POINTED_PLACE.search(plain):
        return "承办单位要按名称找到地方：请说一下那条路或您住的小区叫什么，在哪个区（比如“丰台区角门东里小区”“朝阳区劲松南路”）。"
    if slot == "contact" and _SOMEONE_ELSES_PHONE.search(plain):
        return "家人的手机号也可以，承办部门回复时会打这个号码；不方便留可以说“不留”。"
    return None


async def _place_said_first(said: str, text: str, tracker: Tracker) -> Optional[str]:
    """A place said before any problem: a district alone (海淀区, 我在朝阳: it was 没有理解), or a piece
    joined to the place noted the turn before (昌平区回龙观 / 龙泽苑东区 / 12号楼: the building replaced the
    whole place, and the case went to a city unit: tester57 F4), or a place of its own."""
    noted = tracker.get_slot("noted_place")
    if noted and tracker.get_slot("address") and _said_before(tracker) == noted \
            and len(re.sub(r"\W", "", said)) <= 16:
        piece = await ValidateComplaintForm()._place_piece(said, tracker)
        if piece:
            return piece
    return _district_alone(said) or await ValidateComplaintForm._place(text)


# how much money is at stake, said alone (卡里还有三千多, 一共欠了两万, 押金五百): more of the matter
_AMOUNT_LEFT = re.compile(r"(?:还有|还剩|剩下?|一共|总共|欠了?|押金|余额|交了|花了|充了|充值了?)[^，,。]{0,4}?"
                          r"[0-9一二三四五六七八九十百千万两几]+\s*(?:多|来)?(?:块|元|万|千|百)?(?:多|来)?(?:块钱?|元)?"
                          r"|[0-9一二三四五六七八九十两几]+(?:千|万)多?(?:块钱?|元)?$")


# the answer on a thing lost aboard (answers.py) and what is said to where it was lost, told next
LOST_MARK = "“失物招领”里搜索"
LOST_WHERE_TOLD = ("好的，东西是在“{where}”丢的话，可以直接到那一站的客服中心或找站务员登记，说明物品特征和乘车时间，"
                   "车站会帮您查找、联系沿线车站；车站捡到的物品也会登记在“北京地铁服务”小程序的失物招领里。"
                   "公交车上丢的，请拨打96166，说明线路和车号。")
LOST_ON_BUS_TOLD = ("好的，在“{where}”公交车上丢的，请拨打北京公交集团客服热线96166，说明线路、乘车的时间和上下车的站、"
                    "车号（记得的话）和物品特征，他们会联系车队查找。")


# what the citizen tried already (跟他说过好几次了, 找过物业): more of the matter
_TRIED_SAID = re.compile(TRIED_WITH + r"|找过|报过警|报了警|打过电话|打了电话")
# an ID number said outside a complaint: not wanted, and no records looked up by it
ID_NOT_NEEDED = ("为保护您的信息，身份证号不用告诉我，我也没有存下它；我这里查不到个人的社保、医保、公积金等记录，需要本人在"
                 "相关部门的网站、App上实名登录查询，或带身份证到窗口办理。如果您要反映问题，请直接说说发生了什么、在哪里。")
# a matter told again after a progress query with no number: noted as told before
REFILED_NOTE = "（市民称此前反映过，问题没有解决）"


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
        else:
            danger = await _danger_first(said, dispatcher, tracker, domain, kinds=("人身危险",))
            if danger is not None:  # "我男朋友 他要打我" read as nothing: the advice first (tester57 F1)
                return danger
        if danger_told(said, tracker, dispatcher):  # "好，短信发了，还要做什么", "他要打我", "救命" (tester59 G1-G3)
            return []
        if silent_first(said, tracker, dispatcher):  # "他在外面 我不敢出声" read as nothing (tester57 F1)
            return []
        police = police_for_me(said, tracker)
        if police:  # "你能帮我叫警察吗" read as out of scope (it got 帮不上忙: tester57 F2); the form asks again
            dispatcher.utter_message(text=police)
            return []
        follow = None if tracker.active_loop.get("name") or _status_follow_up(said, tracker) \
            else after_filing_answer(said, tracker)
        if follow:  # "我举报的话饭馆会知道是我吗" after filing got 没有理解 (tester56 E11)
            dispatcher.utter_message(text=follow)
            return []
        if not tracker.active_loop.get("name") and _said_last_turn(tracker, LOST_MARK) \
                and re.search(r"号线|[\u4e00-\u9fff]{2}站|线路|[0-9]+路|公交", said) and len(re.sub(r"\W", "", said)) <= 16:
            # "十号线国贸站" right after the answer on a thing lost aboard: where it was lost, never a place to file a
            # complaint at (it was noted, and 请问在这里发生了什么问题 asked: session 56's conversations)
            where = re.sub(r"^(?:是|就是|在|坐的|坐)", "", said.strip("，,。！! "))
            bus = re.search(r"[0-9]+路|公交", where) and not re.search(r"号线|地铁", where)
            dispatcher.utter_message(text=(LOST_ON_BUS_TOLD if bus else LOST_WHERE_TOLD).format(where=_shown(where)))
            return []
        further = None if tracker.active_loop.get("name") else consult_follow_up(said, tracker)
        if further:  # "我妈是北京的医保 现在在河北老家住院" after a consultation: no "outside Beijing" (tester57 F12)
            dispatcher.utter_message(text=further)
            return []
        if not tracker.active_loop.get("name") and _said_last_turn(tracker, CONSULT_ASKED) \
                and not case_number_in(text) and not _phone_in(said):
            # the answer to 请问您想咨询哪方面的政策？ ("孩子能在北京上小学吗" read as nothing, "我是外地的，在北京工作"
            # read as an answer): the question, or who asks it, each got 没有理解 (session 53's conversations)
            if _who_asks_only(said):
                dispatcher.utter_message(text=f"好的，您的情况记下了。{CONSULT_ASKED}请直接说出您的问题，比如孩子上学、居住证、社保。")
                return []
            return await ActionAnswerConsultation().run(dispatcher, tracker, domain)
        forgot = _code_forgotten(said, tracker) if not tracker.get_slot("progress_asked") else None
        if forgot:  # "别挂啊 查询码忘了怎么办" got 没有理解 (tester57 F11)
            dispatcher.utter_message(text=forgot)
            return [SlotSet("progress_asked", None)]
        if _english_yes(said, tracker):  # "yes" to the person the English note offered
            return [FollowupAction("action_handoff")]
        if _latin_only(said) and not case_number_in(text):  # pinyin, English: as the form says it
            _english_told(dispatcher, tracker)
            return []
        if tracker.active_loop.get("name"):
            reason = await _withdraw_reason(dispatcher, tracker)
            if reason is not None:  # the reason for the withdrawal just noted, read as nothing: the form follows
                return reason
            summary = await _read_back_answer(said, dispatcher, tracker, domain)
            if summary is not None:  # "地址您给补全喽 是南门仓胡同" read as nothing at the read-back (tester51 C17)
                return summary
            held = _held_answer(said, tracker)
            if held:  # "你还没回答我问题呢" read as nothing: the question said in the complaint (tester51 C6)
                dispatcher.utter_message(text=held)
                return []
            aside = _answered_aside(said, dispatcher, tracker)
            if aside is not None:  # "你说啥，我耳朵背": the question in plain words (tester47 B19)
                return aside
            heard = _heard_first(said, dispatcher, tracker)
            if heard is not None:  # "你是机器人吗" mid-complaint: answered, the question again (tester50 C11)
                return heard
            if CONTINUE_SAID.fullmatch(re.sub(r"[\s，,。！!]", "", said)):  # (as when read as goodbye: session 55)
                dispatcher.utter_message(text="好的，我们接着登记。")
                return []
            if tracker.get_slot("requested_slot") == "contact" and (_phone_in(said) or (
                    _TRIED_SAID.search(said) and (tracker.get_slot("description") or "") and len(re.sub(r"\W", "", said)) <= 20)):
                # (… and "我们已经跟他说过好几次了" there, read as out of scope, got 没有理解: what was tried, more of the
                # matter, as the phone question takes it: session 57's conversations)
                # "不会用手机，你就记我家座机吧，八四七 一二三四五" read as out of scope: the number, as the
                # phone question takes it (tester47 B18: 帮不上忙, then the question again)
                slots = await ValidateComplaintForm().validate_contact(said, dispatcher, tracker, domain)
                return [SlotSet(k, v) for k, v in slots.items()]
            if tracker.get_slot("requested_slot") == "address" and PLACE_WORDS.search(said) \
                    and len(re.sub(r"\W", "", said)) <= 24:
                # "北京儿童医院" where the place was asked, read as out of scope: 帮不上忙, the question again, and the
                # 对 after it 不够具体 (session 56's conversations); the place, as the place question takes it
                slots = await ValidateComplaintForm().validate_address(said, dispatcher, tracker, domain)
                return [SlotSet(k, v) for k, v in slots.items()]
            description = tracker.get_slot("description") or tracker.get_slot("description_draft") or ""
            helped = help_asked(said, description)
            if helped and not helped[1]:
                # "要打疫苗吗" after a dog's bite, read as out of scope: 帮不上忙 (session 55's conversations); the
                # form's own answer to it (as when the intents read it as an answer), then the question again
                dispatcher.utter_message(text=helped[0])
                return []
            if description and tracker.get_slot("requested_slot") not in (None, "description") \
                    and _AMOUNT_LEFT.search(said) and len(re.sub(r"\W", "", said)) <= 16:
                # "卡里还有三千多" (a gym's card, asked for the number) read as out of scope: 帮不上忙 (session 55's
                # conversations); how much is at stake, more of the matter
                told = _told_more(tracker.get_slot("requested_slot"), description.rstrip("，,。 "), said, dispatcher)
                return [SlotSet(k, v) for k, v in told.items()]
            side = _side_answer(said, tracker.get_slot("department"))
            time = _time_said_instead(said, tracker)
            if _other_asked(said):  # "那另一个问题呢" read as nothing: answered, the question again
                _other_answer(tracker, dispatcher)
            elif side and _refused_with_it(said, tracker):  # "留电话干嘛 不留" (tester57 F9)
                dispatcher.utter_message(text=WHY_PHONE_REFUSED_TOLD if side == PRIVACY_TOLD else side)
                return [SlotSet("contact", NO_CONTACT)]
            elif side:  # "能罚他们吗", read as nothing: the form's own answer to it, then the question again
                dispatcher.utter_message(text=side)
            elif time:  # "老这样 好几个月了" read as nothing: the time, kept, and the question asked again
                dispatcher.utter_message(text=f"好的，时间记下了：{_shown(time)}。")
                return [SlotSet("time", time)]
            elif HARM_TO_ME.search(said) and (tracker.get_slot("description") or "") \
                    and len(re.sub(r"\W", "", said)) <= 20:
                # "我都神经衰弱了" (a barking dog, asked where) read as out of scope: 帮不上忙 (session 53's conversations);
                # what the matter does to the citizen, heard and kept with the problem for the unit
                dispatcher.utter_message(text=HARM_HEARD)
                more = f"{tracker.get_slot('description').rstrip('，,。 ')}，{said.strip('，,。 ')}"
                return [SlotSet("description", more), SlotSet("description_draft", more)]
            else:
                asked = _not_understood_in_form(said, tracker.get_slot("requested_slot"))
                if asked:  # never 帮不上忙 mid-form (tester51 C16: 哪条路？就我们家门口那条啊)
                    dispatcher.utter_message(text=asked)
                else:
                    dispatcher.utter_message(response=not_understood)
            return []
        if tracker.get_slot("contact_asked"):
            return await ActionTakeContact().run(dispatcher, tracker, domain)
        if _status_follow_up(said, tracker):  # "什么时候能修好？" after the status (tester42 N8)
            return await check_progress(dispatcher, tracker)
        urged = await _urged(said, dispatcher, tracker)
        if urged is not None:  # "都三天了还是已受理？你们效率也太低了吧" (tester47 B15)
            return urged
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
        aside = _answered_aside(said, dispatcher, tracker)
        if aside is not None:  # a number asked for, what 12345 handles, a family quarrel, 没了 (tester47)
            return aside
        when = _when_sent(said, dispatcher, tracker)
        if when is not None:  # "什么时候能派人来" after a case's status or its urging (tester50 C13)
            return when
        heard = _heard_first(said, dispatcher, tracker)
        if heard is not None:  # "烦死了", "你们到底管不管？？？" (tester50 C6)
            return heard
        taken = await _offer_slots(said, tracker, dispatcher, domain)
        if taken is not None:  # "对，登记一下，也是菊儿胡同口那儿": the second problem quoted after filing
            return [*(SlotSet(k, v) for k, v in taken.items()), FollowupAction("complaint_form")]
        outside = _outside_beijing(said)
        history = _history_after_consult(said, tracker) if outside else None
        if history:  # "我在河北交了五年" after the answer on moving 社保 (read as nothing): who asks (session 56)
            dispatcher.utter_message(text=history)
            return []
        if outside:  # "燕郊福成五期" after the notice (it was 抱歉，我没有理解: tester36 L6)
            dispatcher.utter_message(text=outside)
            return []
        local = await _consulted_in_district(said, tracker)
        if local:  # "我是昌平区的" right after a consultation answer: that district's unit (round 11 #7)
            dispatcher.utter_message(text=local)
            return []
        if update_only(said):
            # "我已经出来了 燃气公司的人也来了 现在没事了" after the case was filed: an update, no new complaint (it
            # started a form and asked where: tester53 D7)
            dispatcher.utter_message(text=UPDATE_TOLD + ("有新的情况可以随时告诉我。" if _case_known(tracker) else ""))
            return []
        phone = _phone_in(said)
        if phone and len(re.sub(r"[\W\d]", "", said)) <= 6 and not tracker.get_slot("contact") \
                and not _case_known(tracker):
            # "13912345678" first, before any problem: 抱歉，我没有理解 (session 54's conversations); the number is the
            # call-back number of the complaint to come, not asked again
            dispatcher.utter_message(text=f"好的，您的联系电话（尾号{phone[-4:]}）记下了，登记时就用它。"
                                          "请说说遇到了什么问题、在哪里？")
            return [SlotSet("contact", phone)]
        if ID_NUMBER.search(text) and len(re.sub(r"[\W\dXx]", "", said)) <= 8 and not case_number_in(text):
            # "我身份证号是110101…" after a question about one's own records: 没有理解 (session 57's conversations); the
            # bot looks up no one's records, and the number is not wanted here
            dispatcher.utter_message(text=ID_NOT_NEEDED)
            return []
        if _basic_path(said) and held_question(said) and not _PARTY_NEARBY.search(said) \
                and len(re.sub(r"\W", "", said)) <= 30:
            # "孩子的疫苗在哪里打" read as an answer (inform): a question the bot has the answer to (it got 没有理解, and
            # 我们住在通州 after it was noted as a place: session 57's conversations)
            return await ActionAnswerConsultation().run(dispatcher, tracker, domain)
        if _said_last_turn(tracker, NO_NUMBER_TOLD) and len(re.sub(r"\W", "", said)) >= 4 and not phone \
                and not case_number_in(text) and not STOP_REPORT.fullmatch(re.sub(r"[\s，,。！!]", "", said)):
            # "就是小区门口修路的事" after no number for a case said closed unsolved, and the offer to file it again: the
            # matter, filed anew and noted as told before (it got 没有理解, and 不留 after it 再见: session 57's
            # conversations)
            matter = re.sub(r"^(?:就是|是|那个|我说的是)+|(?:的事儿?|的那件事|的那个事|的问题)(?:啊|吧|呀)?$", "",
                            said.strip("，,。！! ")) or said
            form = ValidateComplaintForm()
            slots = await form.validate_description(matter, dispatcher, tracker, domain)
            for key in ("description", "description_draft"):
                if slots.get(key) and REFILED_NOTE not in slots[key]:
                    slots[key] = f"{slots[key]}{REFILED_NOTE}"
            return [*(SlotSet(k, v) for k, v in slots.items()), FollowupAction("complaint_form")]
        try:
            result = await _api("triage", said)
        except (ApiUnavailable, ApiError):
            result = {}
        address = (result.get("entities") or {}).get("address") or {}
        danger = bool((result.get("urgent") or {}).get("kind")) or _self_harm(said)
        if danger or _a_complaint(said, address) or _sure_grievance(said, result) or (
                _tells_problem(said) and not PLACE_WORDS.search(said) and len(re.sub(r"\W", "", said)) <= 8):
            # a complaint, a scam going on, or a bare problem word ("噪音": what and where are asked)
            # the form starts with it as its description, checked as the form's first answer is
            form = ValidateComplaintForm()
            slots = await form.validate_description(said, dispatcher, tracker, domain)
            if slots.get("form_outcome") == "cancelled":
                # a question alone, answered as a consultation (我在地铁上丢了钱包，怎么找, read as nothing): no form after
                # it (it asked 请具体描述一下您要反映的问题: session 56's conversations)
                return [SlotSet(k, v) for k, v in slots.items() if k not in ("confirmation", "form_outcome", "requested_slot")]
            return [*(SlotSet(k, v) for k, v in slots.items()), FollowupAction("complaint_form")]
        when = _when(said) if tracker.get_slot("noted_place") and tracker.get_slot("address") \
            and _said_before(tracker) == tracker.get_slot("noted_place") and HAS_CHINESE.search(text) else None
        if when and not PLACE_WORDS.search(said):
            # "刚才" right after a place said first was joined to it (北京市朝阳区潘家园刚才: session 52): the time, kept
            # for the complaint told next, and what happened asked again
            dispatcher.utter_message(text=f"好的，时间记下了：{_shown(when)}。请问在{_shown(tracker.get_slot('address'))}"
                                          "发生了什么问题？")
            return [SlotSet("time", when), SlotSet("noted_place", said)]
        place = await _place_said_first(said, text, tracker) if HAS_CHINESE.search(text) else None
        if place:
            dispatcher.utter_message(text=f"好的，地点记下了：{_shown(place)}。请问在这里发生了什么问题？")
            # for the complaint told next (validate_description): kept only if it is the next message
            return [SlotSet("address", place), SlotSet("noted_place", said)]
        dispatcher.utter_message(response=not_understood)
        return []
