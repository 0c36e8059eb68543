"""govkg_programs: named initiatives (campaigns, reforms, mechanisms, platforms, pilots).

Three rules, their words in ``programs.jsonl``:

* a quoted name (“法润千企”活动 → 法润千企), unless it is a slogan, a
  metaphor (“智库”作用) or a period (“十三五”规划); a quoted numeral takes the
  word after it as part of the name (“八五”普法);
* the members of a counted set (拥江发展、“三化融合”…等“六大行动”);
* an unquoted name ending in a named-initiative word (放权赋能改革), whose left
  edge is the verb that runs it (实施, 推进: ``CUE``), else the last verb or
  punctuation before it.

A quoted name is no program where the grammar around it says it names
something else: a noun it qualifies (“一核两翼”发展格局: ``NOT_PROGRAM_HEAD``),
a numeral and counter with no program word (“四个服务”: ``COUNTER``), an
honour awarded (荣获“…”: ``HONOUR_CUE``; …示范县: ``NOT_PROGRAM_END``), a run
of parallel phrases (“走在前、争一流”) that no program word or verb follows,
or a date (“7·20”).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import Mention, findings
from ..patterns import alternation, words
from ..places import is_place_name
from ..tokenizer import word_frequency
from .base import PatternComponent
from .vocab import shared_vocabulary

__all__ = ["ProgramRecognizer"]

_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"\n]{2,30})[”」』\"]")
_NUMERAL = re.compile(r"[一二三四五六七八九十百]+")
_COUNTED_SET = re.compile(r"等[“\"]?[一二三四五六七八九十]+大[\u4e00-\u9fff]{1,4}[”\"]?")
_STOP = set("，,。；;：:、（）()《》“”\"的和与及暨等为在对把将了是\n ")
_MAX_NAME = 16
# A span of time that names a campaign: 百日, 三年, 100天.
_SPAN_OF_TIME = re.compile(r"(?:[一二三四五六七八九十百千两0-9]+)(?:日|天|年|个月)")
# An ordinal phrase (第一道防线) ranks or counts; it names nothing.
_ORDINAL = re.compile(r"第[一二三四五六七八九十0-9]")
# Words for people (第一责任人, 领跑者, 宣传员): a role, not an initiative.
_PERSON_SUFFIXES = ("人", "者", "员")
# An event named by its date (“7·20”特大暴雨): no initiative.
_DATE = re.compile(r"[0-9０-９]{1,2}[·.．][0-9０-９]{1,2}")
# A note mark after a quote ([6], ［6］) stands between the name and the word it goes with.
_NOTE = re.compile(r"[\[［〔][0-9０-９]{1,3}[\]］〕]")
# Parallel phrases inside one pair of quotes (“走在前、争一流”): a motto unless a program word follows.
_PARALLEL = re.compile(r"[、，,；;]")
# Bound morphemes that end a word (保障性, 数字化, 创新型): a name never starts with one, and a
# quoted word ending in one is an attribute (“一站式”服务).
_BOUND = set("性化型式")
_HEAD_LEN = 8
_UNLED_STEM = 6  # the longest stem of a reform named with no verb before it
# A count before a name (17所学校…工程, 十项民心工程) counts projects; it is no part of the name.
_COUNT = re.compile(r"[0-9一二三四五六七八九十百千万两]+(?:个|项|所|座|家|条|批|类|大|件)")  # how far the noun a quoted name qualifies may stand


@Language.factory("govkg_programs", default_config={"patterns": None})
def make_program_recognizer(nlp: Language, name: str, patterns: str | None) -> ProgramRecognizer:
    return ProgramRecognizer(nlp, name, patterns=patterns)


class ProgramRecognizer(PatternComponent):
    """Add PROGRAM mentions to ``doc._.govkg``."""

    default_file = "programs.jsonl"
    reads_vocabulary = True  # verbs and adverbs end a name; slogans are none
    shared_vocabulary = staticmethod(shared_vocabulary)

    def _compile(self) -> None:
        self.generic = alternation(tuple(words(self.patterns, "GENERIC")))
        self.unquoted = alternation(tuple(words(self.patterns, "UNQUOTED")))
        self.unquoted_place = alternation(tuple(words(self.patterns, "UNQUOTED_PLACE")))
        self.not_after = alternation(tuple(words(self.patterns, "NOT_PROGRAM_AFTER")))
        self.slogans = set(self.vocab.words("SLOGAN"))
        # A campaign word that makes even a two-character stem specific (严打专项行动) …
        self.short_ok = set(words(self.patterns, "UNQUOTED_SHORT"))
        # … and words that name a program only with a span of time in the stem (百日攻坚, 三年行动).
        self.timed = alternation(tuple(words(self.patterns, "UNQUOTED_TIMED")))
        actions = self.vocab.words("ACTION")
        self.adverbs = set(self.vocab.words("ADVERB"))
        self.verbs = alternation((*actions, *self.adverbs))
        self.action_verbs = alternation(tuple(actions))
        self.program_word = alternation(tuple(words(self.patterns, "NAME_END")))
        self.name_end = re.compile(f"(?:{self.program_word.pattern})$")
        self.not_head = alternation(tuple(words(self.patterns, "NOT_PROGRAM_HEAD")))
        self.not_end = re.compile(f"(?:{alternation(tuple(words(self.patterns, 'NOT_PROGRAM_END'))).pattern})$")
        self.honour_cue = alternation(tuple(words(self.patterns, "HONOUR_CUE")))
        self.numeral_not_tail = alternation(tuple(words(self.patterns, "NUMERAL_NOT_TAIL")))
        self.determiners = alternation(tuple(words(self.patterns, "DETERMINER")))
        self.generic_stem = re.compile(f"(?:{alternation(tuple(words(self.patterns, 'GENERIC_STEM_END'))).pattern})$")
        self.not_before_verb = set(words(self.patterns, "NOT_BEFORE_VERB"))
        self.joint = alternation(tuple(words(self.patterns, "UNQUOTED_JOINT")))
        self.not_after_suffix = alternation(tuple(words(self.patterns, "NOT_AFTER_SUFFIX")))
        self.unled = alternation(tuple(words(self.patterns, "UNQUOTED_UNLED")))
        self.unled_not_first = set(words(self.patterns, "UNLED_NOT_FIRST"))
        self.unled_strip = alternation((*words(self.patterns, "UNLED_STRIP"), *words(self.patterns, "DETERMINER")))
        self.cues = alternation(tuple(words(self.patterns, "CUE")))
        counters = alternation(tuple(words(self.patterns, "COUNTER"))).pattern
        self.counted_name = re.compile(f"[二三四五六七八九十两百千万0-9][一二三四五六七八九十百千万0-9]*(?:{counters})")

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = f.structure.text  # doc.text, kept by govkg_report: Doc.text joins the tokens anew on every access
        purpose = [False] * len(text)
        for p in f.purposes:
            purpose[p.start:p.end] = [True] * (p.end - p.start)
        for sent in f.structure.sentences:
            found = self._quoted(text, sent.start, sent.end, purpose)
            found += self._counted_sets(text, sent.start, sent.end)
            found += self._unquoted(text, sent.start, sent.end, f.quoted)
            f.mentions.extend(_dedupe(found))
        return doc

    def _quoted(self, text: str, start: int, end: int, purpose: list[bool]) -> list[Mention]:
        out = []
        for m in _QUOTED.finditer(text, start, end):
            name = m.group(1).strip()
            after = text[m.end():m.end() + 6]
            if name in self.slogans or purpose[m.start()] or self.not_after.match(self._after(text, m.end(), end)) \
                    or _inside_title(text, m.start(), start) or self._names_other(text, m, name, start, end):
                continue
            if _NUMERAL.fullmatch(name):
                name = self._numeral_name(name, after)
                if not name:
                    continue
            elif not self._name_like(name, after):
                continue
            out.append(Mention(m.start(), m.end(), "PROGRAM", name, "quoted"))
        return out

    def _names_other(self, text: str, m: re.Match, name: str, start: int, end: int) -> bool:
        """The grammar around a quoted name says it names no initiative.

        Examples
        --------
        >>> from govkg.extractor.pipeline import default_pipeline
        >>> c = default_pipeline().get_pipe("govkg_programs")
        >>> import re
        >>> def other(text):
        ...     m = re.search("“.*?”", text)
        ...     return c._names_other(text, m, m.group(0)[1:-1], 0, len(text))
        >>> [other(t) for t in ["构建“一核两翼”发展格局", "落实“五个坚持”", "开展“三个进村”试点",
        ...                     "荣获“最美乡村”称号", "弘扬“敢闯、敢试”精神", "推行“一窗受理”改革",
        ...                     "坚持“多予、少取”方针", "推行“双随机、一公开”"]]
        [True, True, False, True, True, False, True, False]
        """
        after = self._after(text, m.end(), end)
        program_after = bool(self.generic.match(after))
        if _DATE.fullmatch(name) or self.not_end.search(name):
            return True
        if _ends_with(self.honour_cue, text, max(start, m.start() - 4), m.start()):
            return True
        if ("的" in name or name[-1] in _BOUND) and not self.program_word.match(after):
            return True  # a phrase (“舌尖上的安全”) or an attribute (“一站式”服务, “保姆式”): no name
        if _PARALLEL.search(name):  # 推行“双随机、一公开”, “一窗受理、一套资料”办理 are programs; 走在前、争一流 a motto
            cued = _ends_with(self.cues, text, max(start, m.start() - 4), m.start())
            return not (cued or program_after or self.action_verbs.match(after))
        if self.counted_name.match(name) and not (program_after or self.name_end.search(name)):
            return True
        return self._qualifies(after)

    def _after(self, text: str, pos: int, end: int) -> str:
        """The text after a quote, past a note mark ([6]) and a 的."""
        note = _NOTE.match(text, pos, end)
        pos = note.end() if note else pos
        if text.startswith("的", pos):
            pos += 1
        return text[pos:min(end, pos + _HEAD_LEN)]

    def _qualifies(self, after: str) -> bool:
        """The quote qualifies the noun after it (“散乱污”企业, “一核两翼”格局), unless a program word comes first.

        Only a word that names an initiative (工程, 行动, 机制: ``NAME_END``) keeps the quote a name;
        a generic one (工作, 服务) does not (“一二三”总体工作部署).
        """
        run = ""
        for ch in after:
            if ch in _STOP or ch in "“”「」『』":
                break
            run += ch
        head = self.not_head.search(run)
        if head is None:
            return False
        # A verb before the noun ends the phrase the quote stands in (“村BA”带动消费的作用).
        if any(v.end() <= head.start() for v in self.action_verbs.finditer(run, 1)):  # adverbs (基本) qualify
            return False
        return not self.program_word.search(run, 0, head.start())

    def _name_like(self, name: str, after: str) -> bool:
        """A quoted coinage names an initiative; a quoted common word is a figure of speech.

        A word jieba's dictionary knows (一盘棋, 组合拳, 松绑, 牛鼻子) names a program only
        when a program word follows (“村村通”工程); an ordinal phrase (第一道防线) or a
        person word (第一责任人, 领跑者) never does.

        Examples
        --------
        >>> from govkg.extractor.pipeline import default_pipeline
        >>> c = default_pipeline().get_pipe("govkg_programs")
        >>> [c._name_like(n, a) for n, a in [("组合拳", "，"), ("村村通", "工程"), ("第一道防线", "。"),
        ...                                   ("第一责任人", "职责"), ("法润千企", "活动")]]
        [False, True, False, False, True]
        """
        if _ORDINAL.match(name) or name.endswith(_PERSON_SUFFIXES):
            return False
        return not _common_word(name) or bool(self.generic.match(after))

    def _numeral_name(self, numeral: str, after: str) -> str:
        """“八五”普法 names the campaign by numeral and the word after it; “十四五”末 is a time."""
        if self.numeral_not_tail.match(after):
            return ""
        tail = ""
        for ch in after:
            if ch in _STOP or self.generic.match(after[len(tail):]):
                break
            tail += ch
        return numeral + tail if 1 <= len(tail) <= 3 else ""

    def _counted_sets(self, text: str, start: int, end: int) -> list[Mention]:
        out = []
        for m in _COUNTED_SET.finditer(text, start, end):
            left = max(start, *(text.rfind(c, start, m.start()) + 1 for c in ",，;；:："))
            pos = left
            for item in text[left:m.start()].split("、"):
                s, e = pos, pos + len(item)
                pos = e + 1
                v = self.verbs.search(text, s, e)
                while v and v.end() < e - 1 and v.start() - s <= 2:
                    s = v.end()
                    v = self.verbs.match(text, s, e)
                name = text[s:e].strip("“”\"")
                if 2 <= len(name) <= 8:
                    out.append(Mention(s, e, "PROGRAM", name, "counted-set"))
        return out

    def _unquoted(self, text: str, start: int, end: int, quoted: list[bool]) -> list[Mention]:
        out = self._timed(text, start, end, quoted) + self._unled(text, start, end, quoted)
        for rx, needs_place in ((self.unquoted, False), (self.unquoted_place, True), (self.joint, None)):
            for m in rx.finditer(text, start, end):
                if quoted[m.start()] or (m.start() > 0 and text[m.start() - 1] in "”」\"") \
                        or (m.group(0) in self.not_before_verb and self.action_verbs.match(text, m.end())) \
                        or self.not_after_suffix.match(text, m.end()):
                    continue  # 试点开放: 试点 as an adverb, "on trial"
                s, cued = self._left_edge(text, m.start(), start)
                name = text[s:m.end()]
                # A named initiative is the object of a verb (深化放权赋能改革) or joined by 暨;
                # two-character stems (法治改革, 重点改革) and a field's reform (数据领域改革) are generic.
                led = cued or (s > start and (text[s - 1] == "暨"
                                              or _ends_with(self.action_verbs, text, max(start, s - 4), s)))
                if needs_place is None and not (cued and self.generic.match(text, m.end())):
                    continue  # 推进两院联动工作, not 上下联动
                shortest = 2 if m.group(0) in self.short_ok or needs_place is None else 3
                if m.start() - s < shortest or not led or (not cued and self.verbs.match(text, s)) \
                        or self.generic_stem.search(text, s, m.start()) or (needs_place and not _names_place(name)):
                    continue
                out.append(Mention(s, m.end(), "PROGRAM", name, "unquoted"))
        return out

    def _unled(self, text: str, start: int, end: int, quoted: list[bool]) -> list[Mention]:
        """财税体制改革 with no verb before it: a name when punctuation or a clause edge opens it.

        The stem, from the clause edge, holds no verb and no opening word of a clause (要, 今年).
        """
        out = []
        for m in self.unled.finditer(text, start, end):
            if quoted[m.start()]:
                continue
            s = m.start()
            while s > start and m.start() - s < _UNLED_STEM and text[s - 1] not in _STOP:
                s -= 1
            if s > start and text[s - 1] not in _STOP:
                continue
            while (p := self.unled_strip.match(text, s)) and p.end() < m.start():
                s = p.end()
            stem = text[s:m.start()]
            if len(stem) < 2 or text[s] in self.unled_not_first \
                    or self.verbs.search(stem):
                continue
            out.append(Mention(s, m.end(), "PROGRAM", text[s:m.end()], "unquoted"))
        return out

    def _timed(self, text: str, start: int, end: int, quoted: list[bool]) -> list[Mention]:
        """百日攻坚, 三年行动: a campaign named by its span of time, after the verb that runs it."""
        out = []
        for m in self.timed.finditer(text, start, end):
            t = _SPAN_OF_TIME.search(text, max(start, m.start() - 4), m.start())
            if t is None or t.end() != m.start() or quoted[m.start()]:
                continue
            s, cued = self._left_edge(text, t.start(), start)
            if s < t.start() and not cued and self.verbs.match(text, s):
                continue
            led = cued or (s > start and _ends_with(self.action_verbs, text, max(start, s - 4), s))
            closed = m.end() >= end or text[m.end()] in _STOP or self.verbs.match(text, m.end())
            if led and closed:  # 实施百日攻坚, not 用了三年行动起来 or …三年行动方案 (a document)
                out.append(Mention(s, m.end(), "PROGRAM", text[s:m.end()], "timed"))
        return out

    def _left_edge(self, text: str, pos: int, floor: int) -> tuple[int, bool]:
        """Where the name ending at ``pos`` starts, and whether a verb that runs initiatives leads it.

        The name starts after the verb that runs it (实施提振消费专项行动: the verbs
        after 实施 are the name's own); without one, after the last verb or
        adverb inside the run, but not before a bound morpheme (保障|性安居工程).
        A determiner (新一批, 首家) is no part of the name.
        """
        s = pos
        while s > floor and pos - s < _MAX_NAME and text[s - 1] not in _STOP:
            s -= 1
        cue = None
        for c in self.cues.finditer(text, s, pos):
            if c.end() <= pos - 2:
                cue = c
        if cue is not None:
            best = cue.end()
            while (a := self.verbs.match(text, best)) and a.end() <= pos - 2 and a.group(0) in self.adverbs \
                    and text[a.end()] not in _BOUND:
                best = a.end()  # 推进|全面|… an adverb after the verb
        else:
            best = s
            for v in self.verbs.finditer(text, s, pos):
                if v.end() <= pos - 2 and text[v.end()] not in _BOUND:
                    best = v.end()
        if cue is not None and text.startswith("好", best):
            best += 1  # 实施好: 好 completes the verb
        for rx in (self.determiners, _COUNT):
            d = rx.match(text, best)
            if d and d.end() <= pos - 2:
                best = d.end()
        return best, cue is not None


def _common_word(name: str) -> bool:
    """``name`` is one word of jieba's dictionary (a common word or idiom, not a coinage)."""
    return word_frequency(name) > 0


def _ends_with(rx: re.Pattern, text: str, start: int, end: int) -> bool:
    return any(m.end() == end for m in rx.finditer(text, start, end))


def _names_place(name: str) -> bool:
    return any(is_place_name(name[:k]) for k in (2, 3, 4))


def _inside_title(text: str, pos: int, floor: int) -> bool:
    opened = text.rfind("《", floor, pos)
    return opened >= 0 and text.rfind("》", opened, pos) < 0


def _dedupe(found: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in sorted(found, key=lambda m: (m.start, -m.end)):
        if (m.start, m.end) not in seen and not any(o.start <= m.start and m.end <= o.end for o in out):
            seen.add((m.start, m.end))
            out.append(m)
    return out
