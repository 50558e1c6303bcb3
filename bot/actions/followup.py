"""A filed case followed up in the chat: its progress, additions to it, a citizen's withdrawal."""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.api.triage import ApiError, ApiUnavailable, Locked, NotFound
from actions.common import (
    when_done_told, STATUS_SAID, _phones_masked, PLACE_WORDS,
    _advised, ANOTHER_LEAD, _api, BYE_SAID, CANCEL_FORM, CASE_NUMBER, case_number_in,
    CASE_NUMBER_LOOSE, _citizen, FILLER, FORM_SLOTS, HAS_CHINESE, _known_code, NEXT_STEPS,
    _next_steps, NO_NUMBER, _phone_in, plain_digits, _progress_line, QUERY_CODE, _reset_form,
    _said_last_turn, _shown, _title,
    _offered_just_now,
)

log = logging.getLogger(__name__)


# the wish to withdraw a case filed before (我是要撤销，不用处理了): the bot cannot withdraw a case; it
# flags it for a person (the only change the bot role may make) and says so (tester35 N-M2)
WITHDRAW = re.compile(r"撤销|撤回|撤诉|撤掉|撤了(?:吧|算了|得了)|(?:给我|帮我|把它|把那个|把这个)撤了|"
                      r"(?:^|[，,。\s]|哎|那|就)(?:那个|这个|刚才那个|工单|单子)撤了(?![吗么没嘛])|(?:取消|不要)(?:这个|那个|刚才的?|我的|上次的?)?(?:投诉|工单|反映|诉求|单子)|"
                      r"不用(?:再)?(?:处理|办)了|不需要(?:再)?(?:处理|办)了|别(?:再)?(?:处理|办)了")


# the same said plainly enough to open no complaint of its own right after one was filed in the chat
# (算了，不用处理了，垃圾站已经清理了 opened a new form: tester38 F5); 撤销 alone may be a complaint's word
WITHDRAW_PLAIN = re.compile(r"撤销(?:工单|投诉|反映|诉求|刚才|这个|那个|一下)|撤回|撤了(?:吧|算了|得了)|"
                            # 算了 我想撤销 今天物业已经修好了 (tester56 E6: it opened a new complaint)
                            r"(?:想|要|申请|我)撤销(?:吧|了|掉)?(?=$|[，,。！!？?\s]|今天|现在|已经|因为|问题|物业)|"
                            r"(?:给我|帮我|把它|把那个|把这个)撤了|(?:^|[，,。\s]|哎|那|就)(?:那个|这个|刚才那个|工单|单子)撤了(?![吗么没嘛])|"
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
    # "撤销以后还能再反映吗" asks, and withdraws nothing (tester56 E11)
    return next((t for t in reversed(texts) if WITHDRAW.search(t) and not REPORT_AGAIN.search(re.sub(r"\s", "", t))),
                None)


REPORT_AGAIN = re.compile(r"(?:撤销|撤回|撤了)(?:以后|之后|后|了)?[^，,。？?！!]{0,6}(?:还能|还可以|能不能|可不可以)(?:再)?"
                          r"(?:反映|投诉|登记|报)")


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
    # (工单 JS… 查询码 那个遛狗的事不用处理了 kept the number and the code's label: tester56 E19)
    words = _without_code(_without_case_number(words or _withdraw_words(tracker, 3) or "撤销"), code) or "撤销"
    if not WITHDRAW_REASON.search(words):
        # "我说撤销！不要了" after "哎刚才那个撤了吧，我看到已经有人在修了": the reason said before is kept,
        # never asked again (tester50 C14)
        before = _reason_said_before(tracker, words)
        if before:
            words = f"{words}（此前说：{before.replace(code, '').strip()}）"
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
        fear = WITHDRAW_FEAR_TOLD if WITHDRAW_FEAR.search(words) else ""
        dispatcher.utter_message(text=f"好的，{told}。{fear}{WITHDRAW_NOTED}，并转给话务员：话务员核实后为您撤销；"
                                      f"在此之前工单保持现在的状态。您也可以拨打12345，说明工单编号 {ref} 要撤销。{ask}")
    else:
        dispatcher.utter_message(text=f"好的，{told}。我这里不能直接撤销工单：请拨打12345，说明工单编号 {ref} "
                                      "和撤销的原因，话务员会为您办理；在此之前工单保持现在的状态。")
    return [SlotSet("progress_asked", None)]


def _reason_said_before(tracker: Tracker, words: str, recent: int = 3) -> Optional[str]:
    """One of the citizen's ``recent`` messages before ``words`` that wished the withdrawal with a reason."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-recent - 1:]
    return next((t for t in reversed(texts) if t.strip() != words.strip() and WITHDRAW.search(t)
                 and WITHDRAW_REASON.search(t)), None)


WITHDRAW_NOTED = "您的撤销申请已经记在工单上"
WITHDRAW_REPEATED = "撤销的意愿已经转给话务员了"
WITHDRAW_REASON_ASK = "方便说一下撤销原因吗？（比如问题已经解决了）"
WITHDRAW_REASON_DONE = "撤销原因已经记在工单"
# a reason said with the wish (已经解决了, 不需要了, 搞错了 …)
WITHDRAW_REASON = re.compile(r"解决|处理好|修好|弄好|搞定|拉走|清理了|不需要|没必要|搞错|弄错|误会|重复|私了|协商|和解|"
                             r"因为|原因|已经|自己|怕|担心|害怕|报复|穿小鞋|认识我")
# a withdrawal for fear of the party (撤销吧 他认识我 我怕报复): reassured, never asked the reason again (tester57 F11)
WITHDRAW_FEAR = re.compile(r"怕|担心|害怕|报复|穿小鞋|认识我|知道是我")
WITHDRAW_FEAR_TOLD = "请放心：是谁反映的不会告诉被反映的一方，承办单位也不会透露您的身份。"


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
        dispatcher.utter_message(text="抱歉，撤销原因暂时没能记上。话务员核实时，您可以再说明一下。"
                                      + (WITHDRAW_GO_ON if pending else ""))
        return [SlotSet("progress_asked", None)]
    if pending:
        dispatcher.utter_message(text=f"好的，已把原因补充到工单 {ref} 的撤销申请里，话务员核实时会看到。{go_on}")
    else:
        fear = WITHDRAW_FEAR_TOLD if WITHDRAW_FEAR.search(said) else ""
        dispatcher.utter_message(text=f"好的，{WITHDRAW_REASON_DONE} {ref} 上了，话务员核实时会看到。{fear}{go_on}")
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
    r"再|还要|还想|还得|还|想|要|需要|得|刚才|刚刚|上次|之前|前面|的|那件事|这件事|那件|这件|投诉|工单|反映|诉求|单子|是|"
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


# the wish to add said after the case is named ("我之前反映过欠薪 工单号JS… 查询码365035 我想补充一下 饭馆叫…":
# the status was read out twice, nothing added: tester51 C13)
ADDITION_LATER = re.compile(r"(?:我|还)?(?:是)?(?:想|要)?(?:再)?" + _ADDITION_WORD + r"[：:，,。！!；;\s]*")
# "我是要补充信息 不是查进度": what it is not, no part of the addition
_NOT_PROGRESS = re.compile(r"[，,。\s]*(?:而)?不是(?:要|想)?查(?:询)?(?:进度|一下)?[，,。！!\s]*")


def _addition_wished(said: str) -> Optional[re.Match[str]]:
    """The lead of an explicit addition ("我再补充一下，" "补充个情况：" "JS… 我想补充一点："; after the case
    named: "工单号JS… 查询码… 我想补充一下 …"), or None."""
    plain = _without_case_number(said)
    return ADDITION.match(plain) or (ADDITION_LATER.search(plain) if plain != said else None)


def _without_code(text: str, code: str) -> str:
    """``text`` without the 查询码 and its label, and the punctuation left at its ends."""
    text = re.sub(rf"(?:查询码)?[是为:：]?\s*(?<!\d){re.escape(code)}(?!\d)", " ", text) if code else text
    text = re.sub(r"^(?:[，,。：:；;、\s]|工单(?:号|编号)?|编号|查询码)+", "", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ，,。：:；;、")


def _addition_text(said: str, code: Optional[str] = None) -> str:
    """What is added: the citizen's words without the case number, the 查询码 and the lead-in."""
    text = _without_case_number(said)
    named = text != said
    if code:
        text = re.sub(rf"(?:查询码)?[是为:：]?\s*(?<!\d){re.escape(code)}(?!\d)", " ", text)
    text = _NOT_PROGRESS.sub("，", text)
    lead = ADDITION.match(text) or (ADDITION_LATER.search(text) if named else None)
    if lead:
        text = text[lead.end():]
        # the case it goes on, said after the wish ("我想补充一下刚才那个工单，从十一月…": tester47 B19)
        text = CASE_POINTED.sub("", text.lstrip(" ，,。：:；;、"))
    text = re.sub(r"\s{2,}", " ", text).strip(" ，,。：:；;、")
    # "我要补充一下工单 JS… 的情况": what is left names only what will be added (it was added as “的情况”: session 56)
    return re.sub(r"^的?(?:相关|一些|一点)?(?:情况|内容|事情?|问题|信息)(?:吧|啊)?(?:[：:，,。；;\s]+|$)", "", text)


# the case pointed at before what is added (刚才那个工单, 上次的投诉, 那件事上)
CASE_POINTED = re.compile(r"^(?:到|给|在|往)?(?:刚才|刚刚|上次|之前|前面|我)?(?:的|那个|这个|那件|这件|那|这)?"
                          r"(?:工单|单子|投诉|反映|诉求|事儿?)(?:上|里)?(?:的)?[，,：:。\s]*")
# "那不是一个事吗，我就是补充一下暖气的情况" right after the other problem was offered: it is more of the case
# just filed, no case of its own (a new form opened on it: tester47 B1)
SAME_MATTER_SAID = re.compile(r"(?:不就?是|就是|是)(?:一个|一件|同一个|同一件|一回)(?:事儿?|问题)|一回事|"
                              r"(?:我|这)?(?:就|只|只是|就是)?(?:是)?(?:在)?补充(?:一下)?(?:刚才|前面|上面)?(?:的|那个)?")


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
    offer = tracker.get_slot("offered_issue") or {}
    own = tracker.get_slot("own_case")
    if offer.get("text") and own and known.get(own) and not number and _offered_just_now(tracker) \
            and SAME_MATTER_SAID.search(re.sub(r"\s", "", said)):
        # "那不是一个事吗，我就是补充一下…" to the offer: the problem offered goes on the case just filed
        return {"how": "offer", "ref": own, "code": known[own], "content": offer["text"]}
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
    said to be finished, with a new complaint offered; the API down: said so, and 12345. A danger the
    addition tells (煤气味又大了 闻着头晕) gets its safety advice first (it got 还有其他需要帮忙的吗: tester53 D2)."""
    try:
        urgent = (await _api("urgency", content)).get("urgent") or {}
    except (ApiUnavailable, ApiError):
        urgent = {}
    if urgent.get("advice"):
        dispatcher.utter_message(text=urgent["advice"])
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
    if plan["how"] == "offer":  # (the offer is taken: not offered again)
        events.append(SlotSet("offered_issue", None))
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


# no case number for a progress query: a person can look it up; the matter may be told again
NO_NUMBER_TOLD = ("没有工单编号的话，请拨打12345，话务员可以按您登记时留的电话帮您查询。"
                  "如果问题还没解决，也可以直接跟我说说是什么事、在哪里，我帮您再登记一次。")


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
    if not said and code_said and tracker.get_slot("progress_asked") == "number" and not ref:
        # "查询码264480" while the number is awaited: kept for the number told next (tester47 B17)
        dispatcher.utter_message(text="好的，查询码记下了。")
        dispatcher.utter_message(response="utter_ask_case_number")
        return [SlotSet("case_number", None), SlotSet("progress_asked", "number")]
    if not said and not code_said and tracker.get_slot("progress_asked") == "number" and NO_NUMBER.search(text):
        # "我没有编号": the bot cannot look a case up without it; a person can, by the caller's number
        dispatcher.utter_message(text=NO_NUMBER_TOLD)
        return [SlotSet("case_number", None), SlotSet("progress_asked", None)]
    if not ref or not CASE_NUMBER.fullmatch(str(ref)):
        dispatcher.utter_message(response="utter_ask_case_number")
        return [SlotSet("case_number", None), SlotSet("progress_asked", "number")]
    # a code this conversation knows (it filed the case, or was told it) counts for that case only
    code = code_said.group(0) if code_said else known.get(ref) or _code_said_before(tracker)
    if not code and tracker.get_slot("progress_asked") == "code" and CODE_FORGOTTEN.search(re.sub(r"\s", "", text)):
        # "查询码忘了" / "那怎么办" where the code was asked looped on the question (tester50 C14)
        dispatcher.utter_message(text=CODE_FORGOTTEN_TOLD.format(ref=ref))
        return [SlotSet("case_number", ref), SlotSet("progress_asked", None)]
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
    if case.get("status") not in FINISHED:
        noted = await _urged_or_unsatisfied(dispatcher, tracker, case, code, text)
        if noted is not None:  # "…怎么还没人来？能不能催一下", "处理结果我不满意" (tester50 C13)
            return [*events, *noted]
    said_next = NEXT_STEPS.search(text) and case.get("status") not in FINISHED
    steps = _next_steps(case) if not case.get("contact") else _with_time_frame(_next_steps(case))  # (no call: as it was)
    if said_next and not case.get("contact") and HOW_LONG_ASKED.search(text):
        # "大概多久能处理" / "我是问要几天" of a case filed with 不留 got the status alone, twice (tester57 F11)
        if _advised(tracker, TIME_FRAME_PLAIN[:30]) and _said_last_turn(tracker, STATUS_SAID):
            dispatcher.utter_message(text=TIME_ASKED_AGAIN.format(
                now="现在还在等话务员派单，" if case.get("status") == "已受理" else ""))
            return events
        steps = f"{TIME_FRAME_PLAIN}{steps}"
    dispatcher.utter_message(text=_progress_line(case) + (f"\n{steps}" if said_next else ""))
    return events


# how long (多久能处理, 要几天, 多久能有结果): the time frame said first
HOW_LONG_ASKED = re.compile(r"多久|多长时间|几天|多少天|什么时候|啥时候|何时|几个工作日")
TIME_FRAME_PLAIN = ("按照接诉即办的规定，派单时会在工单上注明办理时限，承办单位要在时限内办理；不同问题的时限不一样，"
                    "以工单上注明的为准，过了时限还没办好，可以跟我说“催办”。")
TIME_ASKED_AGAIN = ("具体几天，要看派单时工单上注明的办理时限：不同问题的时限不一样，{now}我这里没法提前说准。"
                    "派单后凭工单编号和查询码就能查到，过了时限还没办好，跟我说“催办”就行。")


# "你们到底管不管？？？" got 这个问题我这里没法确切答复 (tester50 C6): yes, and how (the form may say
# MANAGE_TOLD's first sentence where it is asked mid-complaint)
MANAGE_ASKED = re.compile(r"管不管|管吗|管么|管嘛|能管不|能不能管|能管吗|会管吗|会不会管|有没有人管|有人管吗|管还是不管|"
                          r"是不是不管|到底管|你们不管|"
                          # 你们管得了号贩子吗 (tester59 G22 e07: ignored after 不留)
                          r"管得了[^，,。？?]{0,8}(?:吗|么|嘛|不)|管得着[^，,。？?]{0,8}(?:吗|么|嘛|不)|归你们管|你们管这个|"
                          # 你们能管噪音吗 (got 帮不上忙: session 54's conversations)
                          r"(?:你们|12345|这里|热线)(?:能|会|可以|也)?管(?!道|子|理)[^，,。？?]{1,8}(?:吗|么|嘛|不)")
# (the first sentence alone where a question is already pending: MANAGE_SAID)
# (承办单位会联系您 only where a phone is left: said before the phone question, it promised a call: tester57 F15)
MANAGE_SAID = "管的。您反映的问题登记后，会派给负责的承办单位核实情况、处理，并在规定时限内办理答复。"
MANAGE_TOLD = MANAGE_SAID + "请说说遇到了什么事、在哪里，我帮您登记。"
MANAGE_CASE_TOLD = ("管的。工单 {ref} 已经登记，会派给负责的承办单位核实情况、处理，并在规定时限内办理答复。"
                    "您说“催办”，我把催办意见记在工单上。")


def _manage_asked(said: str) -> bool:
    """Whether ``said`` asks whether 12345 handles it at all (你们到底管不管？？？), telling no problem."""
    words = re.sub(r"[\W_]", "", said or "")
    return bool(MANAGE_ASKED.search(words)) and len(words) <= 16 and not PLACE_WORDS.search(words)


# -- urging and dissatisfaction about a case read with its code (tester50 C13) -----------------------
# "编号JS…，查询码…，怎么还没人来？家里冻死了，能不能催一下" / "催办！我要催办这个工单" only got the status:
# the urging goes on the case as the citizen's 补充 (the only kind the bot may add besides 撤销申请), said
# so, with the 接诉即办 time frame; "这个工单的处理结果我不满意，物业根本没管" the same, and what is
# still wrong is asked for (the answer is added to the case: ADDITION_ASKED)
URGE_SAID = re.compile(r"催(?:一下|一催|办|促|催|下)|怎么还(?:没|是|不)|还没(?:有)?(?:人)?(?:来|处理|管|动静|派单|派人|联系|回复|办|修)|"
                       r"还不来|太慢|这么慢|效率|拖(?:了|着|到)|等(?:了)?(?:这么久|好久|半天|很久)|"
                       r"都(?:快)?[一二三四五六七八九十两几半\d]+个?多?(?:天|月|周|星期|礼拜)了|快点|抓紧|尽快")
UNSATISFIED = re.compile(r"不满意|不认可|不接受|不同意(?:这个)?(?:结果|答复|处理)|没(?:有)?解决|根本没(?:管|处理|解决|来)|"
                         r"(?:结果|答复|处理)(?:不行|不对|有问题)|敷衍|糊弄|应付|还是(?:老样子|一样|没变|照旧)|问题还在|"
                         r"又(?:开始|来了)|重新(?:投诉|反映|处理|办)")
URGE_NOTE = "市民催办：“{said}”"
UNSATISFIED_NOTE = "市民对办理情况不满意：“{said}”"
URGE_DONE = "已为您催办"
UNSATISFIED_DONE = "您对办理情况的意见已经记在工单"
CODE_FORGOTTEN = re.compile(r"忘了|忘记|不记得|记不(?:住|清|得)|找不到|找不着|丢了|没记|没存|删了|不知道|没有(?:查询)?码|"
                            r"^(?:那|那我|那么)?(?:该)?(?:怎么办|咋办|怎么弄|咋弄|怎么查)(?:呢|啊|呀)?[？?]*$")
CODE_FORGOTTEN_TOLD = ("查询码是登记成功时回复里和工单编号写在一起的6位数字，您可以翻一下当时的聊天记录。实在找不到也没关系："
                       "请拨打12345，说明工单编号 {ref} 和当时反映的事情，话务员核实后会帮您查询、催办或撤销。")
CODE_FORGOTTEN_MARK = "查询码是登记成功时回复里"
# "那怎么办" right after the answer to a forgotten code: what to do, said short (it was 没有理解)
HOW_NOW = re.compile(r"(?:那|那我|那么)?(?:该)?(?:怎么办|咋办|怎么弄|咋弄|怎么搞|然后呢|还有别的办法吗?|没有别的办法吗?|"
                     r"就没办法了?吗?|只能打电话吗?|必须打电话吗?)(?:呢|啊|呀|了)?")


def _code_forgotten(said: str, tracker: Tracker) -> Optional[str]:
    """What to do without the 查询码 ("忘了 没记" where the code was asked, "查询码忘了怎么办" after a number was
    named), outside a complaint: it got 再见, then 没有理解 (tester57 F11); None otherwise."""
    plain = re.sub(r"\s", "", said or "")
    ref = tracker.get_slot("case_number")
    if tracker.active_loop.get("name") or not ref or not CODE_FORGOTTEN.search(plain) \
            or case_number_in(plain_digits(plain)) or QUERY_CODE.search(plain_digits(plain)):
        return None
    if tracker.get_slot("progress_asked") == "code" or re.search(r"查询码|验证码|码", plain):
        return CODE_FORGOTTEN_TOLD.format(ref=ref)
    return None


def _after_code_forgotten(said: str, tracker: Tracker) -> Optional[str]:
    """What to do, said again short, when "那怎么办" follows the answer to a forgotten code; None otherwise."""
    if not _said_last_turn(tracker, CODE_FORGOTTEN_MARK):
        return None
    ref = tracker.get_slot("case_number")
    if URGE_SAID.search(said or "") and not case_number_in(plain_digits(said or "")):
        # "那你帮我催一下呗，垃圾还没人清" silently opened a new complaint (tester59 G18)
        return (f"没有查询码，我这里没法核实是您本人的工单，也就没法替您催办。请拨打12345，说明工单编号{f' {ref}' if ref else ''}"
                "和当时反映的事情，话务员核实后会帮您催办。如果您还有别的事要反映，也可以直接跟我说。")
    if not HOW_NOW.fullmatch(re.sub(r"[\W_]", "", said or "")):
        return None
    return (f"没有查询码，我这里就没法核实是您本人的工单。最简单的办法是直接拨打12345，说明工单编号{f' {ref}' if ref else ''}，"
            "话务员核实后就能帮您办理。如果您还有别的事要反映，也可以直接跟我说。")


_TIME_LEFT_OPEN = "具体时间以承办单位的办理进度为准，您可以随时凭编号和查询码查询。"
# the time frame after the next steps (they say already that the unit calls): WHEN_DONE_TOLD, shorter
TIME_FRAME = ("按照接诉即办的规定，派单时会在工单上注明办理时限，承办单位在时限内答复办理结果，时限到了还会回访；"
              "不同问题的时限不一样，以工单上注明的为准，您可以随时凭编号和查询码查询。")


def _with_time_frame(steps: str) -> str:
    """The next steps with the 接诉即办 time frame in place of "具体时间以…为准" (tester50 C13)."""
    return steps.replace(_TIME_LEFT_OPEN, TIME_FRAME) if _TIME_LEFT_OPEN in steps else f"{steps}{TIME_FRAME}"


def _said_of_case(text: str, code: str) -> str:
    """The citizen's words about a case, without its number and code (masked phones), for a note."""
    words = _without_case_number(text)
    words = re.sub(rf"(?:查询码)?[是为:：]?\s*(?<!\d){re.escape(code)}(?!\d)", " ", words) if code else words
    words = re.sub(r"(?:编号|单号|工单号)[是为:：]?[，,\s]*(?=[，,。\s]|$)", "", words)
    words = re.sub(r"[，,、\s]*[，,、][，,、\s]*", "，", words)  # the commas left around what was taken out
    return _phones_masked(re.sub(r"\s{2,}", " ", words).strip(" ，,。：:；;、")) or "催办"


async def _note_and_flag(ref: str, code: str, note: str, tracker: Tracker) -> bool:
    """``note`` on case ``ref`` as the citizen's 补充, and the case flagged for an operator (as a hand-off
    is: urging is read by a person, not only kept); whether the note was added."""
    try:
        after = await _api("add_note", ref, "补充", note, code, _citizen(tracker))
    except (ApiUnavailable, ApiError) as e:
        log.warning("bot.case.urge_failed %s", e)
        return False
    if not (after or {}).get("flagged"):
        try:
            await _api("flag_case", ref, (after or {}).get("version"), code, _citizen(tracker))
        except (ApiUnavailable, ApiError) as e:  # noted all the same: the operator sees it with the case
            log.info("bot.case.urge_flag_failed %s", e)
    return True


async def _urged_or_unsatisfied(dispatcher: CollectingDispatcher, tracker: Tracker, case: Dict[str, Any],
                                code: str, text: str) -> Optional[List[EventType]]:
    """Urging (催一下, 怎么还没人来) or dissatisfaction (处理结果我不满意) said with a case read by its code:
    added to the case as the citizen's 补充 and said so, with the time frame (urging) or the question
    what is still wrong (dissatisfaction); None when the message says neither."""
    plain = re.sub(r"\s", "", text or "")
    if not (UNSATISFIED.search(plain) or URGE_SAID.search(plain)) and tracker.get_slot("progress_asked"):
        # "能不能催一下JS…" then the code asked for: the urging said before the code (the last 3 messages)
        before = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-4:-1]
        earlier = next((t for t in reversed(before) if UNSATISFIED.search(re.sub(r"\s", "", t))
                        or URGE_SAID.search(re.sub(r"\s", "", t))), None)
        if earlier:
            text, plain = earlier, re.sub(r"\s", "", earlier)
    unsatisfied = bool(UNSATISFIED.search(plain))
    if not unsatisfied and not URGE_SAID.search(plain):
        return None
    ref = case["number"]
    said = _said_of_case(text, code)[:300]
    note = (UNSATISFIED_NOTE if unsatisfied else URGE_NOTE).format(said=said)
    noted = await _note_and_flag(ref, code, note, tracker)
    status = _progress_line(case)
    if not noted:
        dispatcher.utter_message(text=f"{status}\n抱歉，您的意见暂时没能记到工单上。请拨打12345，说明工单编号 {ref}，"
                                      "话务员会为您催办、跟进。")
        return [SlotSet("progress_asked", None)]
    if unsatisfied:
        dispatcher.utter_message(text=f"非常抱歉，事情还没给您办好。{UNSATISFIED_DONE} {ref} 上了，话务员和承办单位都会看到，"
                                      f"会重新核实跟进。{status}\n如果问题还在，{ADDITION_ASKED}（现在还有什么问题、"
                                      f"哪里没解决），我记到工单 {ref} 上，不用重新登记。")
        return [SlotSet("progress_asked", None)]
    again = _advised(tracker, f"{URGE_DONE}：您的催办意见已经记在工单 {ref} 上")
    just_filed = _advised(tracker, f"工单编号 {ref}")  # filed in this very chat: no 久等 to apologise for
    # 承办单位会及时联系您 only to a case with a phone (case 204 had none: tester57 F11)
    when_done = when_done_told(bool(case.get("contact")))
    dispatcher.utter_message(text=(f"好的，已再次为您催办，这次的催办意见也记在工单 {ref} 上了，话务员会看到。{status}"
                                   if again else
                                   f"工单 {ref} 刚登记不久，话务员会尽快确认派单。{URGE_DONE}：您的催办意见已经记在工单 {ref} 上，"
                                   f"会一并转给承办单位。{status}\n{when_done}" if just_filed else
                                   f"非常抱歉让您久等了。{URGE_DONE}：您的催办意见已经记在工单 {ref} 上，话务员和承办单位"
                                   f"都会看到，会尽快跟进。{status}\n{when_done}"))
    return [SlotSet("progress_asked", None)]


def _code_said_before(tracker: Tracker, recent: int = 3) -> Optional[str]:
    """A 查询码 the citizen said, without a case number, in one of the ``recent`` messages before the latest
    while the bot awaited the number ("查询码264480", then "JS20261206000002": the code was asked again)."""
    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-recent - 1:-1]
    for text in reversed(said):
        text = plain_digits(text)
        if case_number_in(text):
            return None  # (a number said since: its own code, if any)
        code = QUERY_CODE.search(text)
        if code and (re.search(r"查询码|验证码|密码|码", text) or QUERY_CODE.fullmatch(re.sub(r"\D", "", text))):
            return code.group(0)
    return None


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
