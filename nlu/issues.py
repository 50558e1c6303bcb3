"""Several problems in one message: 另外这个路口的红绿灯时间太短了 after a complaint about bikes.

A 12345 work order is one 诉求 for one department; a citizen often tells two (共享单车堆放 and
a crossing's lights). The triage routes the whole text, so the operator is told that the message
holds several and which (``split_issues``), to file them apart where they belong to different
departments. Rules, not a model: a second problem is announced (另外, 此外, 还有一个问题, 第二, 其次,
二是 …) at the start of a sentence or clause, and each part says something of its own (a few
Chinese characters more than the announcement).
"""

from __future__ import annotations

import re

# what announces a further problem, at the start of a sentence or clause
_NEXT = re.compile(
    r"(?:^|(?<=[。！？!?；;，,\n]))\s*(?:"
    r"另外|此外|除此之外|除此以外|还有一个问题|还有一件事|还有个问题|还有个事|还有一事|还有就是|再就是|再有就是|"
    r"同时还?(?:反映|投诉|想反映|要反映)|另一个问题|另一件事|第二个问题|第二件事|第二点|第二个|第二|其次|二是|"
    r"[2２][、.．)）](?![0-9])"
    r")[，,：:、\s]*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# what opens a list of problems: 两个事：, 反映两个问题：, then 一是 / 第一 / 首先 / 1、
_FIRST = re.compile(
    r"^(?:[^，,。！？!?：:]{0,12}?(?:[两二三几]|几个|两个|三个)(?:个)?(?:事|事情|问题|诉求)[：:，,]?\s*)?"
    r"(?:一是|第一个问题是?|第一件事是?|第一点|第一(?=[，,、：:])|首先|[1１][、.．)）](?![0-9]))[，,：:、\s]*")
MIN_CHARS = 8  # Chinese characters a part needs to be a problem of its own


def strip_list_opening(text: str) -> str:
    """``text`` without what opens a list of problems (两个事：一是…, 我反映两个问题：第一，…, 1、),
    the first problem's own words left; as is when it opens none, or nothing would be left."""
    out = _FIRST.sub("", text, count=1).lstrip(" ，,。；;、\n")
    return out or text


def split_issues(text: str) -> list[str]:
    """The problems ``text`` announces one after another (each as written, trimmed), or ``[]``
    when it tells one."""
    if not text:
        return []
    cuts = [m for m in _NEXT.finditer(text) if m.start() > 0]
    if not cuts:
        return []
    parts, start = [], 0
    for m in cuts:
        parts.append(text[start:m.start()])
        start = m.end()
    parts.append(text[start:])
    parts = [p.strip(" ，,。；;、\n") for p in parts]
    # the first problem without what announces the list (两个事：一是…, 有两个问题：第一…)
    parts[0] = strip_list_opening(parts[0]).rstrip(" ，,。；;、\n")
    if sum(len(_HAN.findall(p)) >= MIN_CHARS for p in parts) < 2:
        return []
    return [p for p in parts if len(_HAN.findall(p)) >= MIN_CHARS]
