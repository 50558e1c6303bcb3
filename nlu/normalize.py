"""Text normalization: NFKC (keeping Chinese punctuation), 繁→简, whitespace, jieba-segmented input."""

from __future__ import annotations

import re
import threading
import unicodedata

__all__ = ["content_view", "is_blank", "is_segmented", "normalize", "to_simplified", "unsegment"]

# Full-width punctuation that NFKC would turn into ASCII but that is ordinary Chinese punctuation:
# keep it, so "，" stays "，" and sentence boundaries look the same in every input.
# "…" would become "..." and circled digits "①" would become "1" (and could glue onto a
# neighbouring number, hiding a phone number from the PII masker), so they are kept too.
_KEEP_CHARS = "，！？：；（）…" + "".join(chr(c) for c in range(0x2460, 0x2500))
_KEEP_SPLIT = re.compile(f"([{re.escape(_KEEP_CHARS)}]+)")

# ASCII sentence punctuation typed right after a Chinese character is Chinese punctuation typed
# on the wrong keyboard layout: make it full-width so "。，！？" handling downstream is uniform.
_TO_FULL = str.maketrans({",": "，", "!": "！", "?": "？", ";": "；", ":": "："})
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ASCII_PUNCT_AFTER_HAN = re.compile(rf"(?<=[{_HAN}])[,!?;:]")

# Control (Cc) and format (Cf: zero-width spaces, BOM, bidi marks) characters carry no meaning
# here; \n and \t are whitespace and handled below.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                      r"\u2060-\u2064\ufeff\ufff9-\ufffb]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_SPACES = re.compile(r"[^\S\n]+")
_NL_RUN = re.compile(r" *\n[\s]*")

# "CJK-ish": ideographs, CJK symbols/punctuation, full-width forms, Chinese quotes and dashes.
_CJK = rf"{_HAN}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
_GAP_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_HAN_GAP = re.compile(rf"(?<=[{_HAN}]) (?=[{_HAN}])")
_HAN_CHAR = re.compile(f"[{_HAN}]")

# Measured on data/complaints/labelled.jsonl: jieba-segmented rows have 0.25–0.65 spaces between
# two Han characters per Han character (one outlier at 0.12) and never fewer than 6 such gaps;
# raw rows and the mailbox letters stay below 0.14. A short text that uses spaces as commas
# ("标题 内容 结束") has too few gaps to count as segmented.
_SEGMENTED_RATIO = 0.2
_SEGMENTED_MIN_GAPS = 5

_NON_CONTENT = re.compile(r"[\s\W_]+", re.UNICODE)

# Beijing's districts as a foreign resident writes them ("I live in Chaoyang District"): the
# Chinese name, so the address is read and the complaint goes to the district's unit (a tester's
# English complaint got no address and a city-level unit). Only with "District"/"Qu": a bare
# "Chaoyang" may be a park or a road.
_PINYIN_DISTRICTS = {
    "dongcheng": "东城区", "xicheng": "西城区", "chaoyang": "朝阳区", "haidian": "海淀区", "fengtai": "丰台区",
    "shijingshan": "石景山区", "mentougou": "门头沟区", "fangshan": "房山区", "tongzhou": "通州区",
    "shunyi": "顺义区", "changping": "昌平区", "daxing": "大兴区", "huairou": "怀柔区", "pinggu": "平谷区",
    "miyun": "密云区", "yanqing": "延庆区",
}
_PINYIN_DISTRICT = re.compile(r"(?<![A-Za-z])(?:the\s+)?(" + "|".join(_PINYIN_DISTRICTS) +
                              r")\s*(?:district|qu)(?![A-Za-z])", re.IGNORECASE)
# street offices called by their short names (我是西城区广外街道红居南街小区的业主: the street was not known and
# the place lost its district, 街道红居南街小区: an operator tester's W11) → the official name
_STREET_SHORT_NAMES = {"广外街道": "广安门外街道", "广内街道": "广安门内街道"}
_STREET_SHORT = re.compile("|".join(_STREET_SHORT_NAMES))

_t2s_lock = threading.Lock()
_t2s_state: dict[str, object] = {}


def _t2s():
    """OpenCC t2s converter and the set of characters it changes on their own (built once)."""
    conv = _t2s_state.get("conv")
    if conv is None:
        with _t2s_lock:
            conv = _t2s_state.get("conv")
            if conv is None:
                import opencc

                c = opencc.OpenCC("t2s")
                # One character per line so no phrase rule applies: this lists the characters
                # that are traditional on their own. ~70k chars convert in a few ms.
                chars = [chr(i) for i in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000),
                                          *range(0xF900, 0xFB00))]
                out = c.convert("\n".join(chars)).split("\n")
                trad = frozenset(a for a, b in zip(chars, out) if a != b) if len(out) == len(chars) \
                    else frozenset()
                _t2s_state["trad"] = re.compile("[" + "".join(sorted(trad)) + "]") if trad else None
                _t2s_state["conv"] = conv = c
    return conv, _t2s_state["trad"]


# 著 where it is 着 (著火了, 睡不著): t2s keeps 著 (a simplified character too), so 樓上著火了 became
# 楼上著火了 and no fire was read; 著名 / 著作 / 显著 stay
_ZHE = re.compile(r"著(?=火|急|凉|迷|陆)|(?<=[睡不接跟看等听说想坐站躺穿戴拿带着])著")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified with OpenCC t2s, only when traditional chars occur;
    著 where it is 着 (著火, 睡不著) either way."""
    conv, trad = _t2s()
    # Simplified input is left untouched: OpenCC's phrase table maps some simplified phrases
    # (e.g. "打坏" -> "打坯") as if they were traditional, which corrupts ordinary text.
    if trad is not None and not trad.search(text):
        return _ZHE.sub("着", text) if "著" in text else text
    out = conv.convert(text)  # type: ignore[attr-defined]
    return _ZHE.sub("着", out) if "著" in out else out


def _nfkc(text: str) -> str:
    if text.isascii():
        return text
    parts = _KEEP_SPLIT.split(text)
    # Odd indices are the kept punctuation runs.
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))


def is_segmented(text: str) -> bool:
    """True when text looks like the space-separated jieba form (many spaces between Han chars)."""
    gaps = len(_HAN_GAP.findall(text))
    if gaps < _SEGMENTED_MIN_GAPS:
        return False
    return gaps / max(1, len(_HAN_CHAR.findall(text))) >= _SEGMENTED_RATIO


def unsegment(text: str) -> str:
    """Undo jieba's space-separated form: drop spaces next to CJK, keep them between Latin/digit tokens."""
    return "\n".join(_GAP_NEXT_TO_CJK.sub("", line) for line in text.split("\n"))


def normalize(text: str) -> str:
    """NFKC (Chinese punctuation kept), 繁→简, control chars stripped, whitespace collapsed, unsegmented."""
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text)
    text = _CONTROL.sub("", text)
    text = _nfkc(text)
    text = text.replace("\t", " ")
    text = to_simplified(text)
    text = _PINYIN_DISTRICT.sub(lambda m: _PINYIN_DISTRICTS[m.group(1).lower()], text)
    text = _STREET_SHORT.sub(lambda m: _STREET_SHORT_NAMES[m.group(0)], text)
    text = _ASCII_PUNCT_AFTER_HAN.sub(lambda m: m.group().translate(_TO_FULL), text)
    text = _SPACES.sub(" ", text)
    text = _NL_RUN.sub("\n", text).strip()
    if is_segmented(text):
        text = unsegment(text)
    return text


def is_blank(text: str) -> bool:
    """Nothing left once normalized: whitespace, control or zero-width characters only (a complaint
    with no text to triage): what ``normalize`` strips, without its other passes."""
    return not _CONTROL.sub("", text).strip()


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit (Chinese counts): emoji or punctuation alone name
    nothing to triage or file (``😡😡😡``, ``？？？``)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def content_view(text: str) -> str:
    """Text reduced to letters, digits and CJK, NFKC and lower-cased: raw rows then look like the
    segmented rows, which lost their punctuation (the classifier's n-gram and word views, the
    regulation query's words)."""
    return _NON_CONTENT.sub("", unicodedata.normalize("NFKC", text)).lower()
