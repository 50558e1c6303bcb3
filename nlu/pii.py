"""Find and mask personal data: mobile/landline numbers, ID-card and bank-card numbers, e-mail."""

from __future__ import annotations

import re
from datetime import date

from .types import PiiSpan

__all__ = ["PLACEHOLDERS", "find_pii", "id_card_valid", "luhn_valid", "mask_pii"]

PLACEHOLDERS: dict[str, str] = {
    "mobile": "<手机号>",
    "landline": "<座机号>",
    "id_card": "<身份证号>",
    "bank_card": "<银行卡号>",
    "email": "<邮箱>",
    "plate": "<车牌号>",
}

# A private car's plate (京N8K2F7, 京A·12345, new-energy 京AD12345): who owns a car is personal. A
# Beijing taxi's (京B…) is kept: the transport office needs it and it names no private person.
_PLATE = re.compile(r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
                    r"(?!B)[A-HJ-NP-Za-hj-np-z][·・.\s]?(?=[A-Za-z]*[0-9])[A-Za-z0-9]{5,6}(?![A-Za-z0-9])")

# Half- and full-width digits, so find_pii also works on text that was not normalized.
_D = "0-9\uff10-\uff19"
_TO_ASCII = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"x": "X", "ｘ": "X", "Ｘ": "X"})

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+"
                    r"(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![A-Za-z])")

# A "digit chunk": digit groups joined by single spaces or dashes ("139 1234 5678", "010-12345678"),
# optionally ending in X (ID cards). Numbers are then looked for only as runs of *whole* groups,
# so a phone-like run inside a longer digit run is never taken, but a phone written in groups or
# followed by another number ("13912345678 2019年") still is.
_CHUNK = re.compile(rf"(?<![{_D}])[{_D}]+(?:[ \-\u2010-\u2014][{_D}]+)*(?:[xXｘＸ](?![A-Za-z]))?")
_GROUP = re.compile(rf"[{_D}]+[xXｘＸ]?")

# "(010)12345678", "（0912）1234567": area code in brackets, not part of a digit chunk.
_BRACKET_LANDLINE = re.compile(rf"[(（]\s?(0(?:10|2[0-9]|[3-9][0-9]{{2}}))\s?[)）]\s?[-]?\s?"
                               rf"([1-9][0-9]{{6,7}})(?![{_D}])")

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area codes: 010 and 02x are three digits, all others four; local numbers 7–8 digits, not 0/1.
_LANDLINE = re.compile(r"(0(?:10|2[0-9]))([1-9][0-9]{7})|(0[3-9][0-9]{2})([1-9][0-9]{6,7})")
_LOCAL = re.compile(r"[2-9][0-9]{6,7}")

# A bare 7–8 digit number is a landline only right after words like these (e.g. 电话：65123456).
_PHONE_CONTEXT = re.compile(r"(?:电话|联系|座机|固话|手机|号码|致电|拨打|热线|来电|tel|TEL|Tel|phone|Phone)"
                            r"[^。！？\n]{0,6}$")
# ... and not when a unit follows (prices, dates, counts).
_UNIT_AFTER = re.compile(r"\s?(?:元|块|万|亿|年|月|日|号|天|个|次|人|户|平|米|公里|kg|%|％)")
_ID_CONTEXT = re.compile(r"(?:身份证|证件|身份号)[^。！？\n]{0,8}$")
# A card number is personal data even when mistyped (its check digit fails) right after these
_CARD_CONTEXT = re.compile(r"(?:银行卡|信用卡|储蓄卡|借记卡|卡号|账号|帐号|账户|帐户)[^。！？\n]{0,8}$")
# Numbers said in Chinese digits ("电话一三八一二三四五六七八"): runs of 7+ of these characters
_CN_DIGITS = "零〇一二三四五六七八九幺"
_CN_RUN = re.compile(rf"[{_CN_DIGITS}]{{7,19}}")
# ... and written in groups ("一三九 一一一一 二二二二")
_CN_CHUNK = re.compile(rf"[{_CN_DIGITS}]+(?:[ \-][{_CN_DIGITS}]+)+")
_CN_TO_ASCII = str.maketrans({c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "幺": "1"})

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# How people group a mobile number: 13912345678, 139 1234 5678, 139 12345678, 1391234 5678.
_MOBILE_SHAPES = frozenset({(11,), (3, 4, 4), (3, 8), (7, 4)})
_MAX_GROUPS = 8  # windows of at most this many groups: phones/cards are written in ≤ 5 groups


def ascii_digits(text: str) -> str:
    """``text`` with the digits said in Chinese (一三九…, 〇, 幺) as ASCII digits."""
    return text.translate(_CN_TO_ASCII)


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def id_card_valid(number: str) -> bool:
    """True for an 18-char PRC resident ID with a valid GB 11643 check digit and birth date."""
    n = number.translate(_TO_ASCII)
    if len(n) != 18 or not n[:17].isdigit() or not (n[17].isdigit() or n[17] == "X"):
        return False
    if n[0] not in "123456789":  # region codes start 1–8 (9 is unused but harmless)
        return False
    total = sum(int(c) * w for c, w in zip(n[:17], _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != n[17]:
        return False
    y, m, d = int(n[6:10]), int(n[10:12]), int(n[12:14])
    return 1900 <= y <= 2099 and _valid_date(y, m, d)


def _old_id_valid(n: str) -> bool:
    """15-digit first-generation ID: region + YYMMDD birth date (19YY) + 3-digit sequence."""
    return (len(n) == 15 and n.isdigit() and n[0] in "123456789"
            and _valid_date(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12])))


def luhn_valid(number: str) -> bool:
    """True if the digit string passes the Luhn check (bank cards)."""
    n = number.translate(_TO_ASCII)
    if not n.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(n)):
        v = ord(c) - 48
        if i % 2:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0


def _classify(digits: str, groups: list[str], text: str, start: int, end: int) -> str | None:
    """Kind of the number formed by whole digit groups ``groups`` (``digits`` joined), or None."""
    n = len(digits)
    shape = tuple(len(g) for g in groups)
    # Mobile, optionally with country code 86/0086 (the "+" is looked at by the caller).
    for prefix in ("", "86", "0086"):
        if digits.startswith(prefix) and n == 11 + len(prefix) and _MOBILE.fullmatch(digits, len(prefix)):
            # A bare 86 prefix only when written as +86 or as its own group ("86 139…").
            if prefix == "86" and not (text[start - 1:start] == "+" or groups[0] == "86"):
                continue
            rest = shape[1:] if prefix and len(groups) > 1 and groups[0] == prefix else shape
            if rest in _MOBILE_SHAPES or (prefix and len(groups) == 1):
                return "mobile"
    if n == 18 and (len(groups) == 1 or shape[0] == 6) and id_card_valid(digits):
        return "id_card"
    # Cards are written in one run or in groups of four, and start with an issuer digit 3–6
    # (UnionPay 62, Visa 4, Mastercard 5, Amex/JCB 3). That also skips order numbers and years
    # ("2010 2011 2012 2013") and the all-zero placeholders of anonymised data, which pass Luhn.
    if 16 <= n <= 19 and digits.isdigit() and digits[0] in "3456" and \
            (len(groups) == 1 or all(x == 4 for x in shape[:-1])) and luhn_valid(digits):
        return "bank_card"
    if n == 15 and _old_id_valid(digits) and _ID_CONTEXT.search(text, 0, start):
        return "id_card"
    # mistyped (checksum fails) but said to be an ID or a card: still the citizen's number, in
    # whatever groups it is written ("身份证110105 1985 0315 2314", "110105-19850315-2314")
    if n == 18 and digits[:17].isdigit() and _ID_CONTEXT.search(text, 0, start):
        return "id_card"
    if 16 <= n <= 19 and digits.isdigit() and (len(groups) == 1 or all(x == 4 for x in shape[:-1])) \
            and _CARD_CONTEXT.search(text, 0, start):
        return "bank_card"
    if 10 <= n <= 12:
        m = _LANDLINE.fullmatch(digits)
        # With separators the area code must be its own group ("010-12345678", not "01-012…").
        if m and (len(groups) == 1 or groups[0] == (m.group(1) or m.group(3))):
            return "landline"
    if 7 <= n <= 8 and _LOCAL.fullmatch(digits) and len(groups) <= 2:
        before = text[max(0, start - 16):start]
        if _PHONE_CONTEXT.search(before) and not _UNIT_AFTER.match(text, end):
            return "landline"
    return None


def _chunk_spans(text: str, m: re.Match[str]) -> list[tuple[str, int, int]]:
    """Classify windows of whole groups inside one digit chunk, longest windows first."""
    groups = [(g.group().translate(_TO_ASCII), g.start(), g.end())
              for g in _GROUP.finditer(text, m.start(), m.end())]
    found: list[tuple[str, int, int]] = []
    taken = [False] * len(groups)
    k = len(groups)
    for size in range(min(k, _MAX_GROUPS), 0, -1):
        for i in range(k - size + 1):
            if any(taken[i:i + size]):
                continue
            win = groups[i:i + size]
            parts = [g[0] for g in win]
            digits = "".join(parts)
            if not 7 <= len(digits) <= 19:
                continue
            # "X" only ever ends an ID number.
            if "X" in digits[:-1]:
                continue
            start, end = win[0][1], win[-1][2]
            kind = _classify(digits, parts, text, start, end)
            if kind is None:
                continue
            if kind == "mobile" and text[start - 1:start] == "+":
                start -= 1
            found.append((kind, start, end))
            for j in range(i, i + size):
                taken[j] = True
    return found


def find_pii(text: str) -> tuple[PiiSpan, ...]:
    """All PII spans in ``text`` (positions in ``text``), sorted, non-overlapping."""
    if not text:
        return ()
    spans: list[tuple[str, int, int]] = []
    for m in _EMAIL.finditer(text):
        spans.append(("email", m.start(), m.end()))
    for m in _BRACKET_LANDLINE.finditer(text):
        spans.append(("landline", m.start(), m.end()))
    for m in _PLATE.finditer(text):
        spans.append(("plate", m.start(), m.end()))
    for m in _CHUNK.finditer(text):
        if m.end() - m.start() >= 7:
            spans.extend(_chunk_spans(text, m))
    for m in _CN_CHUNK.finditer(text):  # 一三九 一一一一 二二二二: in groups, like digits
        groups = [g.translate(_CN_TO_ASCII) for g in re.split(r"[ \-]", m.group())]
        digits = "".join(groups)
        kind = _classify(digits, groups, text, m.start(), m.end()) if 7 <= len(digits) <= 19 else None
        if kind is not None:
            spans.append((kind, m.start(), m.end()))
    for m in _CN_RUN.finditer(text):  # 一三八一二三四五六七八: the number, said in words
        digits = m.group().translate(_CN_TO_ASCII)
        kind = _classify(digits, [digits], text, m.start(), m.end())
        if kind is not None:
            spans.append((kind, m.start(), m.end()))
    # E-mail first (it may contain a phone number), then bracket landlines, then numbers;
    # a later span overlapping an earlier one is dropped.
    out: list[PiiSpan] = []
    occupied: list[tuple[int, int]] = []
    for kind, s, e in spans:
        if any(s < oe and os_ < e for os_, oe in occupied):
            continue
        occupied.append((s, e))
        out.append(PiiSpan(kind=kind, start=s, end=e, placeholder=PLACEHOLDERS[kind]))
    out.sort(key=lambda p: p.start)
    return tuple(out)


def mask_pii(text: str) -> tuple[str, tuple[PiiSpan, ...]]:
    """Replace every PII span by its placeholder; spans refer to positions in the input ``text``."""
    spans = find_pii(text)
    if not spans:
        return text, ()
    parts: list[str] = []
    pos = 0
    for p in spans:
        parts.append(text[pos:p.start])
        parts.append(p.placeholder)
        pos = p.end
    parts.append(text[pos:])
    return "".join(parts), spans
