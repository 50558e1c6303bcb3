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


def test_remembered_hmm_cuts_are_jiebas_and_follow_forced_splits(data_dir):
    from jieba import finalseg

    from nlu import wordseg

    runs = set()
    orig = finalseg.cut
    try:  # collect the unknown runs the HMM sees in real complaints
        finalseg.cut = lambda buf: (runs.add(buf), orig(buf))[1]
        tok = new_tokenizer()
        for t in _texts(data_dir, 200):
            tok.lcut(t)
    finally:
        finalseg.cut = orig
    assert len(runs) > 200
    saved = set(finalseg.Force_Split_Words)
    finalseg.Force_Split_Words.clear()
    try:
        for buf in sorted(runs):
            first = wordseg.hmm_cut(buf)
            assert first == tuple(orig(buf)), buf
            assert wordseg._HMM_MEMO[buf] == first and wordseg.hmm_cut(buf) == first
        # a word deleted from some dictionary is split into characters by jieba's HMM: the
        # remembered cut must not hide that
        buf, word = next((b, w) for b in sorted(runs) for w in wordseg.hmm_cut(b)
                         if len(w) > 1 and all("\u4e00" <= c <= "\u9fff" for c in w))
        finalseg.add_force_split(word)
        assert wordseg.hmm_cut(buf) == tuple(orig(buf)) and word not in wordseg.hmm_cut(buf)
    finally:
        finalseg.Force_Split_Words.clear()
        finalseg.Force_Split_Words.update(saved)


def test_shared_default_tokenizer_is_read_only():
    import pytest

    from nlu.wordseg import default_tokenizer

    tok = default_tokenizer()
    assert tok is default_tokenizer()
    text = "楼下饭馆的油烟直排，邻居投诉多次无果"
    assert tok.lcut(text) == new_tokenizer().lcut(text)
    for change in (lambda: tok.add_word("油烟直排", 2000), lambda: tok.del_word("油烟"),
                   lambda: tok.suggest_freq(("油烟", "直排"), tune=True),
                   lambda: tok.initialize("/nonexistent/dict.txt")):
        with pytest.raises(RuntimeError, match="read-only|default dictionary"):
            change()
    assert tok.lcut(text) == new_tokenizer().lcut(text)


def test_content_words_are_the_default_cut_of_the_content_view(data_dir):
    """One cut serves the category model's word block and the regulation query: it must be what
    each computed on its own before (``word_view``: a private default-dictionary tokenizer over
    ``ngram_view``)."""
    from classifier.model import ngram_view, word_view
    from nlu.normalize import content_view
    from nlu.wordseg import content_words

    ref = new_tokenizer()
    for t in _texts(data_dir, 300) + ["ＡＢＣ１２３号楼，噪音！", "Hello 12345 热线"]:
        assert content_view(t) == ngram_view(t)
        words = content_words(t)
        assert words == tuple(w for w in ref.lcut(content_view(t)) if w.strip()), t
        assert content_words(t) is words  # remembered
        assert word_view(t) == " ".join(w for w in ref.lcut(ngram_view(t)) if w.strip())


def test_tokenizers_start_from_one_loaded_dictionary_and_never_share_words():
    """The second tokenizer of a process copies the default dictionary loaded by the first
    instead of unmarshalling jieba's cache again: the same words and total as a fresh jieba
    load, and words added to one tokenizer reach no other (nor later ones)."""
    import jieba

    from nlu.wordseg import Tokenizer, default_tokenizer, new_tokenizer

    a, b, d = new_tokenizer(), new_tokenizer(), default_tokenizer()
    fresh = jieba.Tokenizer()
    fresh.initialize()
    assert Tokenizer._loaded_default is not None
    for tok in (a, b, d):
        assert tok.initialized and tok.total == fresh.total and tok.FREQ == fresh.FREQ
    assert a.FREQ is not b.FREQ and a.FREQ is not d.FREQ
    word = "望京西园四区南门"
    a.add_word(word, 50_000)
    later = new_tokenizer()
    assert word in a.FREQ and all(word not in t.FREQ for t in (b, d, later))
    assert word not in Tokenizer._loaded_default[0]
    assert word in a.lcut(f"{word}停车") and word not in later.lcut(f"{word}停车")
