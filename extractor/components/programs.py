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
from ..tokenizer import dictionary_tags, first_word, word_frequency
from .base import PatternComponent
from .vocab import shared_vocabulary

__all__ = ["ProgramRecognizer"]

_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"\n]{2,30})[”」』\"]")
_NUMERAL = re.compile(r"[一二三四五六七八九十百]+")
_STOP = set("，,。；;：:、（）()《》“”\"的和与及暨等为在对把将了是\n ")
_MAX_NAME = 20
# Function characters of _STOP that also end modifier words (相对, 绝对): where they end one, the run
# of a name goes on past them. jieba's tags for adverbs, adjectives and distinguishing words.
_BOUND_STOPS = set("对为在是")
_MODIFIER_TAGS = frozenset({"d", "a", "b"})
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
# A numeral and one word (“三新”, “两山”, “四风”): a formula, like a counted name, unless a program word follows.
_NUMERAL_WORD = re.compile(r"[一二三四五六七八九十两双](?![一二三四五六七八九十百])[\u4e00-\u9fff]")
# A note mark at the end of a quoted name (“雪亮工程[17]”) is the report's footnote, no part of the name.
_TRAILING_NOTE = re.compile(r"[\[［〔][0-9０-９]{1,3}[\]］〕]$")
# What joins quotes into one list (“河长制”“库长制”, “A”、“B”和“C”): they share the words around it.
_JOINER = re.compile(r"(?:[\[［〔][0-9０-９]{1,3}[\]］〕])?(?:[、和与及]|以及)?")
_PUNCT = set("，,。；;：:、（）()《》“”「」『』\"！？!?\n ")
_CLAUSE_END = "，,；;。：:！？!?\n"
_RUN_STOP = set("为是的在对把将")  # “扩中”为重点的改革: the quote is no part of the noun after 为
_RUN = 12  # how far after a quote its program word may stand (“观市·问竞”数字化智慧审查辅助平台)
_CUE_REACH = 14  # how far before a quote the verb that runs it may stand
_LIST_REACH = 24  # how far before a list member the verb that runs the list may stand
# Prepositions between a verb and a quote make the quote the object of something else (深化以“扩中”为重点的…).
# After a quote, a preposition of direction makes it the subject of a new predicate (推动“X”向…).
_PIVOT = ("向", "往", "成为")
_LIST_JOINERS = "、和及与"
_PREPOSITIONS = ("以", "为", "把", "对", "向", "从", "按照", "围绕", "聚焦", "由")
# Parallel phrases inside one pair of quotes (“走在前、争一流”): a motto unless a program word follows.
_PARALLEL = re.compile(r"[、，,；;]")
# Bound morphemes that end a word (保障性, 数字化, 创新型): a name never starts with one, and a
# quoted word ending in one is an attribute (“一站式”服务).
_BOUND = set("性化型式")
_HEAD_LEN = 8
_UNLED_STEM = 6  # the longest stem of a reform named with no verb before it
# A count before a name (17所学校…工程, 十项民心工程) counts projects; it is no part of the name.
_COUNT = re.compile(r"[0-9一二三四五六七八九十百千万两]+[余多]?(?:个|项|所|座|家|条|批|类|大|件)")  # how far the noun a quoted name qualifies may stand


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
        self.name_suffix = re.compile(f"(?:{alternation(tuple(words(self.patterns, 'NAME_SUFFIX'))).pattern})$")
        self.name_suffix_start = alternation(tuple(words(self.patterns, "NAME_SUFFIX")))
        self.program_after = alternation((*words(self.patterns, "NAME_END"), *words(self.patterns, "PROGRAM_AFTER")))
        not_cue = set(words(self.patterns, "QUOTED_NOT_CUE"))
        self.quoted_cues = alternation(tuple(w for w in (*words(self.patterns, "CUE"), *words(self.patterns, "QUOTED_CUE"))
                                             if w not in not_cue))
        self.next_cues = alternation(tuple(words(self.patterns, "QUOTED_CUE_NEXT")))
        self.problem_verbs = alternation(tuple(words(self.patterns, "PROBLEM_VERB")))
        self.generic_stem_words = re.compile(f"(?:{alternation(tuple(words(self.patterns, 'GENERIC_STEM'))).pattern})+")
        self.field_words = alternation(tuple(words(self.patterns, "GENERIC_STEM_END")))
        self.cued_only = alternation(tuple(words(self.patterns, "UNQUOTED_CUED")))
        self.modals = alternation(tuple(words(self.patterns, "MODAL")))
        self.lead_strip = alternation(tuple(words(self.patterns, "LEAD_STRIP")))
        heads = alternation(tuple(words(self.patterns, "COUNTED_HEAD"))).pattern
        self.counted_set = re.compile(
            f"等[“\"]?[一二三四五六七八九十]+大(?!批)[\u4e00-\u9fff]{{0,4}}(?:{heads})[”\"]?")  # 一大批 counts nothing
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
        quotes = list(_QUOTED.finditer(text, start, end))
        for m, (first, last) in zip(quotes, _chains(text, quotes)):
            name = _TRAILING_NOTE.sub("", m.group(1).strip())
            after = text[m.end():m.end() + 6]
            if len(name) < 2 or name in self.slogans or purpose[m.start()] or self._not_after(text, m.end(), end) \
                    or _inside_title(text, m.start(), start) or self._names_other(text, m, name, start, end):
                continue
            if _NUMERAL.fullmatch(name):
                name = self._numeral_name(name, after)
                if not name:
                    continue
            elif not self._name_like(name, after) or not self._anchored(text, name, first, last, start, end) \
                    or self._generic_quoted(name):
                continue
            out.append(Mention(m.start(), m.end(), "PROGRAM", name, "quoted"))
        return out

    def _generic_quoted(self, name: str) -> bool:
        """A quoted name whose stem only grades or judges (“形象工程”, “政绩工程”): no initiative."""
        suffix = self.name_suffix.search(name)
        return suffix is not None and suffix.start() > 0 and bool(self.generic_stem_words.fullmatch(name, 0, suffix.start()))

    def _not_after(self, text: str, pos: int, end: int) -> bool:
        """A word after the quote says it names no initiative (“…”精神, “…”创建), unless an initiative
        word follows that word (“三零”创建活动)."""
        after = self._after(text, pos, end)
        na = self.not_after.match(after)
        return bool(na) and not self.program_word.match(after, na.end())

    def _anchored(self, text: str, name: str, first: int, last: int, start: int, end: int) -> bool:
        """Grammar says a quoted coinage names an initiative, not a slogan, a metaphor or a thing.

        Its own last word is an initiative's (“千万工程”, “河长制”, “一证通办”); or a program
        word follows the list of quotes it stands in (“A”、“B”等活动); or a verb that runs
        initiatives governs that list (深入开展“A”, 实施X、“B”). Quoted slogans (“两山”),
        metaphors (“硬核答卷”), ships and storms (“深海一号”) have none of these.

        Examples
        --------
        >>> from govkg.extractor.pipeline import default_pipeline
        >>> c = default_pipeline().get_pipe("govkg_programs")
        >>> def anchored(text):
        ...     i, j = text.index("“"), text.rindex("”") + 1
        ...     return c._anchored(text, text[i + 1:text.index("”")], i, j, 0, len(text))
        >>> [anchored(t) for t in ["推行“河长制”。", "开展“甲乙”、“丙丁”等活动。", "深入开展“甲乙”。",
        ...                        "交出“硬核答卷”。", "打造“海上绿洲”。"]]
        [True, True, True, False, False]
        """
        if self.name_suffix.search(name) or _ends_in_place(name):
            return True  # 打击整治“百日行动”: a campaign against something is still a campaign
        lead = first
        while lead > start and (a := _adverb_before(self.adverbs, text, start, lead)):
            lead = a  # 深入纠治“四风”
        if _ends_with(self.problem_verbs, text, max(start, lead - 4), lead):
            return False  # 纠治“四风”, 打击“盗抢骗”: the quote names what is fought
        if self._program_follows(text, last, end):
            return True
        verb = self.action_verbs.match(text, last)
        if _PARALLEL.search(name) and verb and verb.group(0) not in self.adverbs:
            return True  # “一窗受理、一套资料”办理: parallel steps done as one way of working
        if text.startswith(_PIVOT, last) or self.verbs.match(text, last):
            return False  # 推动“X”向…演进, 推动“X”持续攀高: the quote is the subject of what follows
        return self._cued(text, first, start)

    def _program_follows(self, text: str, pos: int, end: int, strict: bool = False) -> bool:
        """A program word heads the nouns after a quote: “A”改革, “A”[3]人才培养新模式, “A”等旅游品牌."""
        note = _NOTE.match(text, pos, end)
        pos = note.end() if note else pos
        while pos < end and text[pos] in "的等":
            pos += 1
        run = ""
        for ch in text[pos:min(end, pos + _RUN)]:
            if ch in _PUNCT or ch in _RUN_STOP:
                break
            run += ch
        if strict:  # a counted formula needs a word of an initiative (“五个一”推进机制), not 建设 or 工作
            return bool(self.program_after.search(run))
        return bool(self.generic.match(run) or self.program_after.search(run))

    def _cued(self, text: str, pos: int, floor: int, cues: re.Pattern | None = None, reach: int = _CUE_REACH) -> bool:
        """A verb that runs initiatives governs the words at ``pos``, in the same clause.

        Nouns and adverbs may stand between (推进社会救助“一件事”, 实施X、“B”); another verb or a
        preposition ends the verb's reach (深化以“扩中”为重点的…, 实施A，推动“B”向…).
        """
        clause = max(floor, *(text.rfind(c, floor, pos) + 1 for c in _CLAUSE_END))
        lo = max(clause, pos - reach)
        cue = None
        for c in (cues or self.quoted_cues).finditer(text, lo, pos):
            cue = c
        if cue is None:
            return cues is None and _ends_with(self.next_cues, text, lo, pos)
        lead = cue.end()
        while (v := self.verbs.match(text, lead)) and v.end() <= pos:
            lead = v.end()  # 深化拓展, 组织实施: verbs run together with the cue
        between = text[lead:pos]
        if any(p in between for p in _PREPOSITIONS) or self.problem_verbs.search(text, cue.start(), pos):
            return False
        return not any(v.group(0) not in self.adverbs for v in self.action_verbs.finditer(between))

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
        if _DATE.match(name) or self.not_end.search(name):
            return True
        if _ends_with(self.honour_cue, text, max(start, m.start() - 4), m.start()):
            return True
        # A phrase (“舌尖上的安全”) or an attribute (“一站式”服务, “保姆式”, “共享化”模式) names nothing, unless
        # an initiative's word follows it, or ends the nouns after a longer coinage (“大综合一体化”执法改革).
        rescued = self.program_word.match(after) or len(name) > 3 and self._heads_initiative(after)
        if ("的" in name or name[-1] in _BOUND) and not rescued:
            return True
        if _PARALLEL.search(name):  # 推行“双随机、一公开”, “一窗受理、一套资料”办理 are programs; 走在前、争一流 a motto
            cued = _ends_with(self.cues, text, max(start, m.start() - 4), m.start())
            return not (cued or program_after or self.action_verbs.match(after))
        if (self.counted_name.match(name) or _NUMERAL_WORD.fullmatch(name)) \
                and not (self._program_follows(text, m.end(), end, strict=True) or self.name_end.search(name)):
            return True
        return self._qualifies(after)

    def _heads_initiative(self, after: str) -> bool:
        """The nouns after the quote end in an initiative's word (“大综合一体化”行政执法改革): the quote names it."""
        run = _noun_run(after)
        last = None
        for last in self.name_end.finditer(run):
            pass
        return last is not None and last.end() == len(run)

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
        run = _noun_run(after)
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
        return not _common_word(name) or bool(self.generic.match(after) or self.name_suffix.search(name))

    def _numeral_name(self, numeral: str, after: str) -> str:
        """“八五”普法 names the campaign by numeral and the word after it; “十四五”末 is a time."""
        if self.numeral_not_tail.match(after):
            return ""
        own = self.name_suffix_start.match(after)
        if own and len(own.group(0)) >= 2:
            return numeral + own.group(0)  # “四五”普法任务: the initiative's own word ends the name
        tail = ""
        for ch in after:
            if ch in _STOP or self.generic.match(after[len(tail):]):
                break
            tail += ch
        return numeral + tail if 1 <= len(tail) <= 3 else ""

    def _counted_sets(self, text: str, start: int, end: int) -> list[Mention]:
        out = []
        for m in self.counted_set.finditer(text, start, end):
            left = max(start, *(text.rfind(c, start, m.start()) + 1 for c in ",，;；:："))
            pos = left
            for item in _members(text[left:m.start()]):
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
        for rx, needs_place in ((self.unquoted, False), (self.unquoted_place, True), (self.joint, None),
                                (self.cued_only, False)):
            for m in rx.finditer(text, start, end):
                if quoted[m.start()] or (m.start() > 0 and text[m.start() - 1] in "”」\"") \
                        or (m.group(0) in self.not_before_verb and self.action_verbs.match(text, m.end())) \
                        or self.not_after_suffix.match(text, m.end()):
                    continue  # 试点开放: 试点 as an adverb, "on trial"
                s, cued = self._left_edge(text, m.start(), start)
                if not cued and s > start and text[s - 1] in _LIST_JOINERS \
                        and not _ends_with(self.cues, text, max(start, s - 5), s - 1):  # 省委有部署、政府见行动
                    cued = self._cued(text, s, start, self.cues, _LIST_REACH)  # 实施退耕还林和天然林保护工程
                if (c := _last_count(text, s, m.start())) is not None:
                    s = c  # 呼和浩特、通辽2个国家级…改革: the name starts after the count
                if self._name_goes_on(text, m.end(), end):
                    continue  # 收入分配制度改革|试点: the longer name is found at its own last word
                if rx is self.cued_only and not cued:
                    continue  # 采取行动: only a verb that runs initiatives makes X行动 a name
                if self._generic_stem(text, s, m.start()):
                    continue
                # A named initiative is the object of a verb (深化放权赋能改革) or joined by 暨;
                # two-character stems (法治改革, 重点改革) and a field's reform (数据领域改革) are generic.
                led = cued or (s > start and (text[s - 1] == "暨"
                                              or _ends_with(self.action_verbs, text, max(start, s - 4), s)))
                if (lead := self.lead_strip.match(text, s)) and lead.end() <= m.start() - 2:
                    s = lead.end()  # 坚持以|农村土地制度改革为牵引, 巩固去年|电力体制改革成果
                name = text[s:m.end()]
                if needs_place is None and not (cued and self.generic.match(text, m.end())):
                    continue  # 推进两院联动工作, not 上下联动
                shortest = 2 if m.group(0) in self.short_ok or needs_place is None else 3
                if m.start() - s < shortest or not led or (not cued and self.verbs.match(text, s)) \
                        or self.generic_stem.search(text, s, m.start()) or (needs_place and not _names_place(name)):
                    continue
                out.append(Mention(s, m.end(), "PROGRAM", name, "unquoted"))
        return out

    def _name_goes_on(self, text: str, pos: int, end: int) -> bool:
        """Another initiative word follows in the same run of words (改革试点, 改革深化提升行动)."""
        stop = pos
        while stop < min(end, pos + 8) and text[stop] not in _STOP:
            stop += 1
        return any(rx.search(text, pos, stop) for rx in (self.unquoted, self.cued_only))

    def _generic_stem(self, text: str, s: int, e: int) -> bool:
        """The stem only grades or classifies (深层次改革, 重点民生工程), opens on a field word
        (农业等领域综合执法体制改革 cut at 等), or is the verb whose object the suffix is (深化改革)."""
        return bool(self.generic_stem_words.fullmatch(text, s, e) or self.field_words.match(text, s, e)
                    or _ends_with(self.cues, text, s, e))

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
            s = self._past_modal(text, s, m.start())
            stem = text[s:m.start()]
            if len(stem) < 2 or text[s] in self.unled_not_first or self._generic_stem(text, s, m.start()) \
                    or self.verbs.search(stem):
                continue
            out.append(Mention(s, m.end(), "PROGRAM", text[s:m.end()], "unquoted"))
        return out

    def _past_modal(self, text: str, s: int, e: int) -> int:
        """Where a name starts after a modal and the verbs it governs (要结合住房制度改革 → 住房…).

        The verb after the modal may be any verb jieba's tagger knows (结合), not only the action list's.
        """
        md = self.modals.match(text, s, e)
        if md is None:
            return s
        p = md.end()
        while p < e:
            v = self.verbs.match(text, p, e)
            if v is None:
                word, tag = first_word(text[p:e])
                if not (word and tag.startswith("v")):
                    break
                v_end = p + len(word)
            else:
                v_end = v.end()
            if v_end >= e:
                break
            p = v_end
        return p if p > md.end() else s

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
        while s > floor and pos - s < _MAX_NAME and (text[s - 1] not in _STOP or _inside_word(text, s - 1, floor)):
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


def _members(run: str) -> list[str]:
    """The members of a counted set, split at 、 and at a 和/与/及 between two words of two or more
    characters (植绿、护水和净土 → 植绿, 护水, 净土); the separators are kept as one character each.

    Examples
    --------
    >>> _members("植绿、护水和净土")
    ['植绿', '护水', '净土']
    """
    items = run.split("、")
    last = re.fullmatch(r"(.{2,})[和与及](.{2,})", items[-1]) if items else None
    if last:
        items[-1:] = [last.group(1), last.group(2)]
    return items


def _chains(text: str, quotes: list[re.Match]) -> list[tuple[int, int]]:
    """For each quote, where the list of quotes it stands in starts and ends.

    Examples
    --------
    >>> import re
    >>> text = "落实“甲”“乙”和“丙”制度，推行“丁”。"
    >>> qs = list(re.finditer("“[^”]*”", text))
    >>> [(text[a:b]) for a, b in _chains(text, qs)]
    ['“甲”“乙”和“丙”', '“甲”“乙”和“丙”', '“甲”“乙”和“丙”', '“丁”']
    """
    groups: list[list[re.Match]] = []
    for q in quotes:
        if groups and _JOINER.fullmatch(text, groups[-1][-1].end(), q.start()):
            groups[-1].append(q)
        else:
            groups.append([q])
    return [(g[0].start(), g[-1].end()) for g in groups for _ in g]


def _last_count(text: str, s: int, e: int) -> int | None:
    """The end of the last count (2个, 62个) inside a stem, where it leaves a stem after it."""
    ends = [m.end() for m in _COUNT.finditer(text, s, e)
            if m.start() > s and m.end() <= e - 2 and text[m.start()].isdigit()]  # 八项规定 is a name
    return ends[-1] if ends else None


def _noun_run(after: str) -> str:
    """The words after a quote up to a function word, punctuation or another quote (the phrase it heads)."""
    for i, ch in enumerate(after):
        if ch in _STOP or ch in "“”「」『』":
            return after[:i]
    return after


def _inside_word(text: str, i: int, floor: int) -> bool:
    """The function character at ``i`` ends a modifier word of two (相对集中…改革: 对 is no preposition
    there); verbs and conjunctions (作为, 评为, 还是) still end the name's run."""
    return i - 1 >= floor and text[i] in _BOUND_STOPS \
        and dictionary_tags().get(text[i - 1:i + 1]) in _MODIFIER_TAGS


def _common_word(name: str) -> bool:
    """``name`` is one word of jieba's dictionary (a common word or idiom, not a coinage)."""
    return word_frequency(name) > 0


def _ends_with(rx: re.Pattern, text: str, start: int, end: int) -> bool:
    return any(m.end() == end for m in rx.finditer(text, start, end))


_LEVEL_ENDS = "省市县区旗盟州"


def _adverb_before(adverbs: set[str], text: str, floor: int, pos: int) -> int | None:
    """Where an adverb ending at ``pos`` starts, if one does."""
    for k in (4, 3, 2, 1):
        if pos - k >= floor and text[pos - k:pos] in adverbs:
            return pos - k
    return None


def _ends_in_place(name: str) -> bool:
    """A coinage that ends in a place's name brands an initiative of that place (“平安洛阳”), and one
    that opens with a division's full name (某某市…地图) is that division's own product.

    Examples
    --------
    >>> _ends_in_place("平安洛阳"), _ends_in_place("洛阳市法律服务地图"), _ends_in_place("海上花园")
    (True, True, False)
    """
    if any(len(name) - k >= 2 and is_place_name(name[-k:]) for k in (2, 3)):
        return True
    return any(len(name) - k >= 3 and name[k - 1] in _LEVEL_ENDS and is_place_name(name[:k]) for k in (3, 4))


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
