"""``nlu.wordseg``: jieba's tokens with the route searched by the compiled dictionary."""

from __future__ import annotations

import json
import logging

import jieba

from nlu.wordseg import new_tokenizer


def _texts(data_dir, n: int = 600) -> list[str]:
    rows = [json.loads(x) for x in (data_dir / "complaints" / "labelled.jsonl").open(encoding="utf-8")]
    texts = [r["text"] for r in rows[:n]]
    law = next(iter(sorted((data_dir / "laws").rglob("*.md"))))
    texts += [p for p in law.read_text(encoding="utf-8").splitlines() if p.strip()][:200]
    # what jieba's HMM and its non-Chinese handling see: numbers, dashes, Latin, rare characters
    return texts + ["楼道里---3.5米长的杂物", "塅路58号庆德小区", "WiFi密码abc123被改", "", "   ", "。。！"]


def test_same_tokens_as_jieba_in_every_mode(data_dir):
    jieba.setLogLevel(logging.WARNING)
    ref = jieba.Tokenizer()
    ref.initialize()
    ours = new_tokenizer()
    assert ours.compiled, "jieba-next is a dependency: the compiled route search should be in use"
    for t in _texts(data_dir):
        assert ours.lcut(t) == ref.lcut(t), t
        assert ours.lcut(t, HMM=False) == ref.lcut(t, HMM=False), t
        assert ours.lcut_for_search(t) == ref.lcut_for_search(t), t


def test_user_words_change_the_compiled_route_at_once():
    jieba.setLogLevel(logging.WARNING)
    ref = jieba.Tokenizer()
    ref.initialize()
    ours = new_tokenizer()
    text = "接诉即办的热线说望京小街的烧烤摊油烟扰民"
    assert ours.lcut(text) == ref.lcut(text)  # the compiled dictionary is built now
    for tok in (ref, ours):
        tok.add_word("接诉即办", 2000)
        tok.add_word("望京小街", 2000)
    assert "接诉即办" in ours.lcut(text) and "望京小街" in ours.lcut(text)
    assert ours.lcut(text) == ref.lcut(text)
    for tok in (ref, ours):
        tok.del_word("望京小街")
    assert "望京小街" not in ours.lcut(text) and ours.lcut(text) == ref.lcut(text)
