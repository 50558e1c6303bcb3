"""jieba tokenizers whose dictionary search runs compiled, with jieba's own output.

jieba spends most of a cut in two pure-Python loops: the DAG of dictionary words at every
position and the dynamic programme for the most probable route through it. ``jieba-next``
ships both in Rust (``PrefixDict.get_dag_and_calc``); its HMM step for unknown character runs
differs from jieba's on about 1 % of complaints (runs like ``---3.5米``), so only the route is
taken from it. ``Tokenizer`` here is a ``jieba.Tokenizer`` that asks that route of the compiled
dictionary and does everything else, HMM included, with jieba's own code: the same tokens (a
test compares them on the labelled complaints and the statutes), in ~40 % of the time (~0.35
instead of ~0.85 ms for a 300-character complaint). Without ``jieba-next`` installed it is plain
jieba.

A module that adds words of its own builds its tokenizer with ``new_tokenizer`` (a private
instance each, so that one module's user words never leak into another's); modules that need
jieba's default dictionary only share ``default_tokenizer()``, which refuses new words.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import jieba
from jieba import finalseg

try:  # the compiled dictionary search; optional: without it the tokenizer is plain jieba
    from jieba_next import jieba_next_rust as _rust
except Exception:  # noqa: BLE001 - missing, or built for another platform
    _rust = None


class Tokenizer(jieba.Tokenizer):
    """``jieba.Tokenizer`` with the DAG and best route computed by the compiled prefix dictionary.

    The prefix dictionary is built from ``FREQ`` and ``total`` on first use and rebuilt after
    anything that changes them (``initialize``, ``add_word``, ``del_word``, ``load_userdict``,
    ``suggest_freq(tune=True)``: all go through ``initialize`` or ``add_word``)."""

    def __init__(self, dictionary: str | None = jieba.DEFAULT_DICT) -> None:
        super().__init__(dictionary)
        self._prefix = None
        self._prefix_lock = threading.Lock()

    @property
    def compiled(self) -> bool:
        """True when routes come from the compiled dictionary (jieba-next installed)."""
        return _rust is not None

    def initialize(self, dictionary: str | None = None) -> None:
        if not self._from_loaded_default(dictionary):
            super().initialize(dictionary)
        self._prefix = None

    # jieba's default dictionary as first loaded in this process: (FREQ, total), never changed.
    # Unmarshalling jieba's cache takes ~1.3 s; the second tokenizer of a process (the project's
    # and the shared default one both start from it) copies this instead (~0.05 s).
    _loaded_default: tuple[dict[str, int], int] | None = None
    _loaded_lock = threading.Lock()
    shares_loaded = False   # True: use the loaded dictionary itself (a tokenizer that never adds words)

    def _from_loaded_default(self, dictionary: str | None) -> bool:
        """Start from the process's loaded default dictionary when this tokenizer wants jieba's
        default one from its default cache; False when it has to load (then the result is kept)."""
        if dictionary not in (None, jieba.DEFAULT_DICT) or self.dictionary != jieba.DEFAULT_DICT:
            return False
        if self.initialized or self.cache_file or self.tmp_dir:
            return False
        with Tokenizer._loaded_lock:
            base = Tokenizer._loaded_default
            if base is None:
                super().initialize(dictionary)
                # kept unchanged: a tokenizer that adds words works on a copy
                Tokenizer._loaded_default = base = (self.FREQ if self.shares_loaded else dict(self.FREQ),
                                                    self.total)
                return True
        with self.lock:
            self.FREQ = base[0] if self.shares_loaded else dict(base[0])
            self.total = base[1]
            self.initialized = True
        return True

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        super().add_word(word, freq, tag)
        self._prefix = None

    def _route(self, sentence: str) -> list[int]:
        """``route[x]``: the last index of the word starting at ``x`` on the best path (jieba's
        ``calc(...)[x][1]``)."""
        prefix = self._prefix
        if prefix is None:
            with self._prefix_lock:
                self.check_initialized()
                if self._prefix is None:
                    self._prefix = _rust.PrefixDict(self.FREQ, float(self.total))
                prefix = self._prefix
        return prefix.get_dag_and_calc(sentence)

    # jieba.Tokenizer.cut picks its block cutter as ``self.__cut_DAG`` (mangled to these names)
    def _Tokenizer__cut_DAG(self, sentence: str) -> Iterator[str]:
        if _rust is None:
            yield from super()._Tokenizer__cut_DAG(sentence)
            return
        route = self._route(sentence)
        x, buf, n = 0, "", len(sentence)
        while x < n:  # jieba's __cut_DAG from here on, unchanged
            y = route[x] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    yield from self._flush(buf)
                    buf = ""
                yield word
            x = y
        if buf:
            yield from self._flush(buf)

    def _flush(self, buf: str) -> Iterator[str]:
        """A run of single characters: one character as it is, a known word's characters one by
        one, an unknown run through jieba's HMM."""
        if len(buf) == 1:
            yield buf
        elif not self.FREQ.get(buf):
            yield from hmm_cut(buf)
        else:
            yield from buf

    def _Tokenizer__cut_DAG_NO_HMM(self, sentence: str) -> Iterator[str]:
        if _rust is None:
            yield from super()._Tokenizer__cut_DAG_NO_HMM(sentence)
            return
        route = self._route(sentence)
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = route[x] + 1
            word = sentence[x:y]
            if jieba.re_eng.match(word) and len(word) == 1:  # jieba joins such characters
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf


def new_tokenizer() -> Tokenizer:
    """A private, initialized tokenizer with jieba's default dictionary (quiet)."""
    _quiet()
    tok = Tokenizer()
    tok.initialize()
    return tok


def _quiet() -> None:
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)


# jieba's HMM cut of an unknown run depends on the run alone (and on ``finalseg.Force_Split_Words``,
# empty unless some tokenizer deletes a word): the same runs (names, colloquial pairs, 小区 names)
# come back in complaint after complaint, so their cuts are kept. ~30 runs per 300-character
# complaint, half of them seen before within a few hundred complaints.
_HMM_MEMO: dict[str, tuple[str, ...]] = {}
_HMM_MEMO_MAX = 200_000


def hmm_cut(buf: str) -> tuple[str, ...]:
    """``tuple(finalseg.cut(buf))``, remembered."""
    if finalseg.Force_Split_Words:
        return tuple(finalseg.cut(buf))
    words = _HMM_MEMO.get(buf)
    if words is None:
        words = tuple(finalseg.cut(buf))
        if len(_HMM_MEMO) >= _HMM_MEMO_MAX:
            _HMM_MEMO.clear()
        _HMM_MEMO[buf] = words
    return words


class FrozenTokenizer(Tokenizer):
    """A ``Tokenizer`` whose dictionary stays jieba's default one: adding or deleting words (and
    so ``load_userdict``, ``suggest_freq(tune=True)``, ``del_word``) raises. It reads the
    process's loaded default dictionary itself, no copy."""

    shares_loaded = True

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        raise RuntimeError("the shared default-dictionary tokenizer is read-only: use new_tokenizer() "
                           "for a tokenizer with words of its own")

    def initialize(self, dictionary: str | None = None) -> None:
        if dictionary not in (None, jieba.DEFAULT_DICT):
            raise RuntimeError("the shared default-dictionary tokenizer keeps jieba's default dictionary")
        super().initialize(dictionary)


_DEFAULT: FrozenTokenizer | None = None
_DEFAULT_LOCK = threading.Lock()


def default_tokenizer() -> FrozenTokenizer:
    """The process's one tokenizer with jieba's default dictionary, read-only (shared by the
    category model's word block and the regulation index: one dictionary in memory, and one cut
    of a complaint serves both, see ``content_words``)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _quiet()
                tok = FrozenTokenizer()
                tok.initialize()
                _DEFAULT = tok
    return _DEFAULT


_WORDS_MEMO: dict[str, tuple[str, ...]] = {}
_WORDS_MEMO_MAX = 64  # a batch's texts (at most 16 in the server), not a cache of complaints


def content_words(text: str) -> tuple[str, ...]:
    """The default-dictionary jieba words of ``content_view(text)`` (letters, digits and CJK,
    NFKC, lower case), remembered for the last few dozen texts (one batch's).

    The category model's word block and the regulation query both read a complaint this way, so
    the pipeline cuts each complaint once for the two (~0.1–0.3 ms for a 300-character
    complaint with the HMM runs remembered, ~0.6 ms without). Texts are keys as given; callers get the same tuple back."""
    words = _WORDS_MEMO.get(text)
    if words is None:
        from nlu.normalize import content_view

        words = tuple(w for w in default_tokenizer().cut(content_view(text)) if not w.isspace())
        if len(_WORDS_MEMO) >= _WORDS_MEMO_MAX:
            _WORDS_MEMO.clear()
        _WORDS_MEMO[text] = words
    return words
