"""jieba segmentation with the project user dictionary, stopwords and content tokens."""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from nlu import content_tokens, load_stopwords, segment
from nlu.lexicon import DISTRICTS, OBJECTS, STREETS
from nlu.pii import PLACEHOLDERS
from nlu.segment import stopwords_path, userdict_path

USERDICT_LINE = re.compile(r"^\S+ [0-9]+ [a-z]+$")


def _userdict() -> dict[str, str]:
    out = {}
    for line in userdict_path().read_text(encoding="utf-8").splitlines():
        word, _, tag = line.split(" ")
        out[word] = tag
    return out


def test_userdict_format_and_size() -> None:
    lines = userdict_path().read_text(encoding="utf-8").splitlines()
    # jieba's own load_userdict has no comment syntax: every line must be "word freq tag".
    bad = [ln for ln in lines if not USERDICT_LINE.match(ln)]
    assert bad == []
    words = _userdict()
    assert len(words) == len(lines), "duplicate words"
    places = [w for w, t in words.items() if t == "ns" and w.endswith(("街道", "镇", "乡", "地区"))]
    terms = [w for w, t in words.items() if t != "ns"]
    assert len(places) >= 150
    assert len(terms) >= 250


def test_lexicon_names_are_in_userdict() -> None:
    words = _userdict()
    missing = [n for names in STREETS.values() for n in names if n not in words]
    missing += [d for d in DISTRICTS.values() if d not in words]
    missing += [o for o in OBJECTS if o not in words]
    assert missing == []


@pytest.mark.parametrize("term", [
    "接诉即办", "占道经营", "飞线充电", "群租房", "油烟扰民", "违章建筑", "渣土车", "噪音扰民",
    "夜间施工", "垃圾分类", "物业费", "农民工工资", "私装地锁", "遛狗不拴绳", "露天烧烤", "化粪池",
    "街道办", "12345热线", "望京街道", "天通苑北街道", "回龙观镇", "三里屯街道", "朝阳区", "石景山区",
])
def test_userdict_terms_are_single_tokens(term: str) -> None:
    assert term in segment(f"反映{term}问题")


@pytest.mark.parametrize("placeholder", list(PLACEHOLDERS.values()))
def test_placeholders_stay_whole(placeholder: str) -> None:
    toks = segment(f"我的{placeholder}是{placeholder}，请保密")
    assert toks.count(placeholder) == 2
    assert "<" not in toks and ">" not in toks


def test_segment_real_sentence() -> None:
    toks = segment("我家楼下烧烤店每天营业到凌晨两点，油烟直接排进居民楼，电话<手机号>")
    assert toks[:3] == ("我家", "楼下", "烧烤店")
    assert toks[-1] == "<手机号>"
    assert "".join(toks) == "我家楼下烧烤店每天营业到凌晨两点，油烟直接排进居民楼，电话<手机号>"


def test_segment_drops_whitespace_only() -> None:
    toks = segment("A3区 杜鹃文苑小区\n停水  三天")
    assert all(t.strip() for t in toks)
    assert "".join(toks) == "A3区杜鹃文苑小区停水三天"
    assert segment("") == ()


def test_stopwords() -> None:
    stop = load_stopwords()
    n = len(stopwords_path().read_text(encoding="utf-8").split())
    assert 280 <= n <= 450
    assert {"的", "了", "我们", "因为", "请问"} <= stop
    # Domain words and negations must survive stopword removal.
    assert not {"噪音", "物业", "不", "没有", "投诉", "<手机号>"} & stop


def test_content_tokens() -> None:
    toks = content_tokens("我们小区的物业不管，噪音扰民太严重了！电话<手机号>")
    assert "的" not in toks and "我们" not in toks and "，" not in toks and "！" not in toks
    assert {"小区", "物业", "不管", "噪音扰民", "<手机号>"} <= set(toks)


def test_segment_is_thread_safe_and_quiet(caplog: pytest.LogCaptureFixture) -> None:
    texts = [f"朝阳区望京街道第{i}次反映飞线充电和群租房问题" for i in range(64)]
    with caplog.at_level(logging.DEBUG, logger="jieba"), ThreadPoolExecutor(8) as pool:
        results = list(pool.map(segment, texts))
    assert all("飞线充电" in r and "望京街道" in r for r in results)
    assert results == [segment(t) for t in texts]
    assert not [r for r in caplog.records if r.name == "jieba" and r.levelno < logging.WARNING]
