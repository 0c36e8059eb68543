"""Word segmentation: the pipeline's tokenizer, and jieba's dictionary for the components.

The blank Chinese pipeline segments with rjieba (Rust bindings to jieba-rs:
jieba's algorithm and dictionary, some twenty times faster) or, when the user
names it, with jieba itself.  Both cut Chinese text alike; they differ only
inside runs of Latin letters and digits (rjieba keeps 2026-02-09 and PM_2.5
whole).  The tokenizer is registered as ``govkg.ChineseTokenizer.v1``, so a
saved pipeline names it in its config and `spacy.load` rebuilds it.

Components anchor on character offsets; where a rule asks what jieba's
dictionary says of a word (its part of speech, how common it is), it reads
jieba's tables (`dictionary_tags`, `word_frequency`), which costs no
segmentation.  `words` cuts a short text as the tokenizer would; `first_word`
gives the first word of jieba's part-of-speech segmentation, whose guesses
for words outside the dictionary (建强, 赋能) rjieba does not make.

Nothing here adds words to a segmenter: jieba.add_word would change every
other user of the process's jieba, and rjieba is used through an instance of
its own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, ensure_path, registry
from spacy.vocab import Vocab

__all__ = ["DEFAULT_SEGMENTER", "SEGMENTERS", "ChineseTokenizer", "create_tokenizer", "dictionary_tags",
           "first_word", "segment", "word_frequency", "words"]

SEGMENTERS = ("rjieba", "jieba")
DEFAULT_SEGMENTER = "rjieba"


@registry.tokenizers("govkg.ChineseTokenizer.v1")
def create_tokenizer(segmenter: str = DEFAULT_SEGMENTER) -> Callable[[Language], ChineseTokenizer]:
    """The tokenizer factory a pipeline's config names (``[nlp.tokenizer]``).

    Parameters
    ----------
    segmenter : {"rjieba", "jieba"}
        Which implementation of jieba cuts the text.

    Returns
    -------
    callable
        Builds the tokenizer for a Language.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govkg.ChineseTokenizer.v1"}}})
    >>> [t.text for t in nlp("推进法治政府建设")]
    ['推进', '法治', '政府', '建设']
    """
    _check(segmenter)

    def make(nlp: Language) -> ChineseTokenizer:
        return ChineseTokenizer(nlp.vocab, segmenter=segmenter)

    return make


class ChineseTokenizer(DummyTokenizer):
    """Cut a text into jieba's words; whitespace is kept as spaCy keeps it.

    The Doc is the one spaCy's own ``spacy.zh.ChineseTokenizer`` (segmenter
    ``jieba``) makes from the same words: a single space after a word is its
    trailing whitespace, any other run of whitespace a token of its own.  The
    words are aligned by their offsets, in one pass.

    Examples
    --------
    >>> import spacy
    >>> tokenizer = ChineseTokenizer(spacy.blank("zh").vocab, segmenter="rjieba")
    >>> doc = tokenizer("南阳市 推进\\n\\n改革")
    >>> [(t.text, t.whitespace_) for t in doc]
    [('南阳市', ' '), ('推进', ''), ('\\n\\n', ''), ('改革', '')]
    """

    def __init__(self, vocab: Vocab, *, segmenter: str = DEFAULT_SEGMENTER) -> None:
        self.vocab = vocab
        self.segmenter = _check(segmenter)

    def __call__(self, text: str) -> Doc:
        words, spaces = _words_and_spaces(text, segment(text, segmenter=self.segmenter))
        return Doc(self.vocab, words=words, spaces=spaces)

    # -- serialisation: the segmenter's name, as spaCy's own Chinese tokenizer keeps its settings
    def to_bytes(self, **kwargs) -> bytes:
        return srsly.json_dumps({"segmenter": self.segmenter}).encode("utf-8")

    def from_bytes(self, data: bytes, **kwargs) -> ChineseTokenizer:
        self.segmenter = _check(srsly.json_loads(data).get("segmenter", DEFAULT_SEGMENTER))
        return self

    def to_disk(self, path: str | Path, **kwargs) -> None:
        ensure_path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, **kwargs) -> ChineseTokenizer:
        return self.from_bytes(ensure_path(path).read_bytes())


def segment(text: str, *, segmenter: str = DEFAULT_SEGMENTER) -> list[tuple[str, int, int]]:
    """jieba's words of ``text`` with their character offsets, whitespace included.

    Examples
    --------
    >>> segment("推进法治政府建设")
    [('推进', 0, 2), ('法治', 2, 4), ('政府', 4, 6), ('建设', 6, 8)]
    """
    if _check(segmenter) == "rjieba":
        return _rjieba().tokenize(text)
    return list(_jieba().tokenize(text))


def words(text: str) -> list[str]:
    """jieba's words of a (short) text, cut by rjieba: the same words as ``jieba.lcut``.

    Examples
    --------
    >>> words("科学制定年度立法计划")
    ['科学', '制定', '年度', '立法', '计划']
    """
    return _rjieba().cut(text)


def first_word(text: str) -> tuple[str, str]:
    """The first word of ``text`` and its tag, as ``jieba.posseg`` cuts and tags it.

    jieba's part-of-speech tagger guesses words outside its dictionary with a
    model of its own (建强, 赋能: verbs); rjieba's tagger does not, so jieba's
    runs here.  Only the first word is made: the tagger is lazy, and the rest
    of the text costs nothing.

    Examples
    --------
    >>> first_word("扭住牛鼻子")
    ('扭住', 'v')
    """
    found = _first_tagged(text)
    if found is not None:
        return found
    pair = next(_posseg().cut(text), None)
    return (pair.word, pair.flag) if pair is not None else ("", "")


def _first_tagged(text: str) -> tuple[str, str] | None:
    """``jieba.posseg``'s first word of ``text`` and its tag, made as it makes them, for a text that opens
    with a word run (Chinese, letters, digits); None otherwise.

    posseg cuts the run along the dictionary's best route; single characters on the route are
    gathered and, when they form no dictionary word, cut again by its HMM.  Only that first step is
    taken here, and the HMM's cut of a run is kept (the same few runs recur): posseg made every
    clause pay for the whole generator.
    """
    import jieba.posseg

    m = jieba.posseg.re_han_internal.match(text)
    if m is None:
        return None
    dt = _posseg()
    dt.makesure_userdict_loaded()
    block, tags, freq = m.group(0), dt.word_tag_tab, dt.tokenizer.FREQ
    route: dict = {}
    dt.tokenizer.calc(block, dt.tokenizer.get_DAG(block), route)
    x, n = 0, len(block)
    while x < n:
        y = route[x][1] + 1
        if y - x > 1:
            break
        x = y
    if x == 0:  # a dictionary word first
        word = block[:y]
        return word, tags.get(word, "x")
    run = block[:x]  # single characters first
    if len(run) == 1 or freq.get(run):
        return run[0], tags.get(run[0], "x")
    detail = _hmm_cut(run)
    return detail[0] if detail else None


@lru_cache(maxsize=8192)
def _hmm_cut(run: str) -> tuple[tuple[str, str], ...]:
    """posseg's cut of a run of characters outside its dictionary (its HMM)."""
    return tuple((p.word, p.flag) for p in _posseg()._POSTokenizer__cut_detail(run))


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 for a word it does not hold).

    Examples
    --------
    >>> word_frequency("和平") > 500, word_frequency("阜平") < 500
    (True, True)
    """
    return _jieba().FREQ.get(word, 0)


@lru_cache(maxsize=1)
def dictionary_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags by word (v: verb, ns: place name …); no tagger runs.

    Examples
    --------
    >>> dictionary_tags()["武汉"]
    'ns'
    """
    return _posseg().word_tag_tab  # read from the dictionary file when jieba.posseg is imported


def _words_and_spaces(text: str, tokens: Iterable[tuple[str, int, int]]) -> tuple[list[str], list[bool]]:
    """Words and trailing spaces for a Doc, as ``spacy.util.get_words_and_spaces`` makes them, in linear time."""
    out_words: list[str] = []
    spaces: list[bool] = []
    pos, n = 0, len(text)
    for word, start, end in tokens:
        if not word or word.isspace():
            continue
        if start > pos:  # the whitespace since the last word (or a space after a trailing one)
            out_words.append(text[pos:start])
            spaces.append(False)
        out_words.append(word)
        spaces.append(False)
        pos = end
        if pos < n and text[pos] == " ":
            spaces[-1] = True
            pos += 1
    if pos < n:
        out_words.append(text[pos:])
        spaces.append(False)
    return out_words, spaces


def _check(segmenter: str) -> str:
    if segmenter not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {segmenter!r}; choose one of {', '.join(SEGMENTERS)}")
    return segmenter


@lru_cache(maxsize=1)
def _rjieba():
    """rjieba's segmenter, an instance of govkg's own: nobody else's added words change it."""
    import rjieba

    return rjieba.Jieba()


@lru_cache(maxsize=1)
def _jieba():
    """jieba's default segmenter, its dictionary loaded (from jieba's cache, once per process)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba.dt


@lru_cache(maxsize=1)
def _posseg():
    _jieba()
    import jieba.posseg

    return jieba.posseg.dt
