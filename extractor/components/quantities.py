"""govkg_quantities: numbers with units and percentages, and the indicator they measure.

The number grammar is in `govkg.extractor.numbers`; the unit words in
``units.jsonl``; the words around an indicator's name in ``metrics.jsonl``.

A number's indicator (its Metric) is read from its own clause: the noun
phrase after the quantity when a verb or nothing stands before it
(新建100所学校), otherwise the phrase before it (地区生产总值增长5%).  The
phrase is then cleaned of what is not the indicator, each into a field of its
own: the scope (全省, the place), the period (2023年, 今后五年, “十四五”期间,
年均), the comparison base (比上年), modifiers (力争, 累计, 共) and the verb
that links name and number (增长, 达到, 突破).  The kind of figure (a level,
count, growth rate, change, share, per-capita value, increase or cumulative
total) is read from the same words and the unit.

A number is a target when its clause plans (力争, 确保, 到2030年) or when it
stands in a paragraph that states the year's targets (主要预期目标是：…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import Quantity, findings
from ..numbers import find_quantities
from ..patterns import Pattern, alternation, any_of, default_patterns_path, read_patterns, words
from ..tokenizer import dictionary_tags, segment, word_frequency
from ..tokenizer import words as segmented_words
from .base import PatternComponent
from .vocab import shared_vocabulary

__all__ = ["QuantityRecognizer", "MetricGrammar", "Reading", "subject_of"]

_DELIMS = "，,。；;：:、\n"
_BEFORE_DELIMS = "，,。；;：:\n"  # 报备率、审通率均为100%: a list before the number is one subject
_OPEN, _CLOSE = "（(“《「", "）)”》」"
_MAX_PHRASE = 24
_MAX_CLAUSE = 80
_MAX_VP = 30
_SPAN_LEAD = 8  # a span that opens the sentence (过去五年，) covers its numbers
_LONG_PHRASE = 14  # subject, verb and object: the object names the indicator
_NAME_REACH = 10  # how far after a measure the head of a zone's name (生活圈) may stand
_SHARE_UNITS = ("%", "‰", "成")
_RATE_UNITS = ("%", "倍", "个百分点", "百分点")
_COUNTING = "共计|累计|合计|总计|共|计|已"  # before a verb: the phrase after the verb is its object


def _counting_word(s: str) -> str:
    return next(w for w in _COUNTING.split("|") if s.startswith(w))


_TARGET_CUE = re.compile(r"\s*(?:是|为|如下|：|:)")
_LIST_END = re.compile(r"等(?![级次同于待])")  # 等 closing a list, not 等级
_QUOTES = re.compile(r"[“”\"「」‘’]")
_ENUMERATOR = re.compile(r"^[一二三四五六七八九十]+是")  # 十二是…: an item marker run into the text
_PASSIVE = re.compile(r"被|受到|得到")
_CONJ = re.compile(r"^[和及与、]*$")
_RESPECTIVELY = "分别"
_NUMBER_IN_LIST = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_FIVE_YEAR = re.compile(r"十([一二三四五六七八九]?)五")
_CN_DIGITS = "一二三四五六七八九"


@dataclass(frozen=True)
class Reading:
    """What a quantity measures, read from its clause."""

    name: str
    kind: str = ""
    scope: str = ""
    period: str = ""
    average: bool = False
    # Read from the phrase before the number (not the noun after it): a list item may share it.
    before: bool = field(default=False, repr=False, compare=False)
    unit: str = field(default="", repr=False, compare=False)
    # What the number counts, without the verb a name may open with (废止规范性文件: 规范性文件).
    counted: str = field(default="", repr=False, compare=False)


@Language.factory("govkg_quantities", default_config={"patterns": None, "metrics": None})
def make_quantity_recognizer(nlp: Language, name: str, patterns: str | None,
                             metrics: str | None) -> QuantityRecognizer:
    return QuantityRecognizer(nlp, name, patterns=patterns, metrics=metrics)


class QuantityRecognizer(PatternComponent):
    """Add `Quantity` findings to ``doc._.govkg``."""

    default_file = "units.jsonl"
    reads_vocabulary = True  # slogans
    shared_vocabulary = staticmethod(shared_vocabulary)

    def __init__(self, nlp, name: str, *, patterns: str | None = None, metrics: str | None = None) -> None:
        self.metric_rows = read_patterns(metrics or default_patterns_path("metrics.jsonl"))
        super().__init__(nlp, name, patterns=patterns)

    def _compile(self) -> None:
        self.units = words(self.patterns, "UNIT")
        # Numbers inside slogans (两个维护, 四个意识: the shared list) and other names are not quantities.
        self.names = alternation((*self.vocab.words("SLOGAN"), *words(self.patterns, "NAME")))
        self.norms = set(words(self.patterns, "NORM"))
        self.norm_made = alternation(tuple(words(self.patterns, "NORM_MADE")))
        self.name_heads = tuple(words(self.patterns, "NAME_HEAD"))
        # Metric word rows may also be added to the unit patterns (add_patterns).
        self.grammar = MetricGrammar(self.metric_rows + [r for r in self.patterns if r["label"] != "UNIT"])
        self.grammar.classifiers = set(words(self.patterns, "CLASSIFIER"))

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = f.structure.text  # doc.text, kept by govkg_report: Doc.text joins the tokens anew on every access
        g = self.grammar
        targets = g.target_spans(text)
        for sent in f.structure.sentences:
            span = text[sent.start:sent.end]
            blocked = list(f.quoted[sent.start:sent.end])
            for m in self.names.finditer(span):
                blocked[m.start():m.end()] = [True] * (m.end() - m.start())
            floor, previous = sent.start, None
            for q in find_quantities(span, self.units, blocked=blocked):
                if self._names_rules(span, q) or self._names_a_zone(span, q):
                    continue
                s, e = sent.start + q.start, sent.start + q.end
                r = g.read(text, s, e, q.unit, floor, sent.end, previous)
                para = next((t for t in targets if t[0] <= s < t[1]), None)
                target = para is not None or g.planned(text, s, sent.start)
                period = r.period or (para[2] if para else "") or g.span_of(text, sent.start, s, sent.heading)
                f.quantities.append(Quantity(
                    s, e, q.text, q.value, q.unit, q.qualifier, r.name, upper=q.upper, kind=r.kind,
                    scope=r.scope, period=period, year=g.year_of(period, f.year), average=r.average,
                    target=target))
                floor, previous = e, r
        return doc


    def _names_rules(self, text: str, q) -> bool:
        """A Chinese numeral and a classifier before a kind of rule name a set of rules (四项基本原则).

        Rules are cited by name (坚持四项基本原则, 落实中央八项规定精神); a count of rules is
        written after a verb that makes or counts them (制定三项规定), and one that lists the report's
        own points is followed by them (把握三条原则：一是…).

        Examples
        --------
        >>> r = make_quantity_recognizer(None, "q", None, None)
        >>> [r._names_rules(t, find_quantities(t, r.units)[0]) for t in ("坚持四项基本原则。", "制定三项规定。")]
        [True, False]
        """
        if q.text[0].isdigit() or q.unit not in self.grammar.classifiers:
            return False
        after = text[q.end:q.end + 12]
        after = after[2:] if after.startswith("基本") else after
        first = segmented_words(after)[:2]
        if not first or first[0] not in self.norms or (len(first) > 1 and first[1] in "：:"):
            return False
        return _match_end(self.norm_made, text[max(0, q.start - 4):q.start].rstrip("了")) is None

    def _names_a_zone(self, text: str, q) -> bool:
        """A distance or time before a zone's head noun is part of the zone's name (15分钟生活圈)."""
        if not self.name_heads or q.unit in self.grammar.classifiers or q.unit in _RATE_UNITS:
            return False
        i = q.end
        while i < len(text) and i - q.end < _NAME_REACH and text[i] not in _DELIMS + "（(":
            if text.startswith(self.name_heads, i):
                return True
            i += 1
        return False


class MetricGrammar:
    """The words around an indicator's name, from ``metrics.jsonl`` rows.

    Examples
    --------
    >>> g = MetricGrammar(read_patterns(default_patterns_path("metrics.jsonl")))
    >>> t = "全省完成地区生产总值5.2万亿元，比上年增长5.5%。"
    >>> g.read(t, 10, 16, "元", 0, len(t))
    Reading(name='地区生产总值', kind='Level', scope='全省', period='', average=False)
    >>> g.read(t, 23, 27, "%", 16, len(t), g.read(t, 10, 16, "元", 0, len(t))).kind
    'GrowthRate'
    """

    def __init__(self, rows: list[Pattern]) -> None:
        def alt(label: str) -> re.Pattern:
            return alternation(tuple(words(rows, label)))

        self.scope, self.lead, self.link, self.verb = alt("SCOPE"), alt("LEAD"), alt("LINK"), alt("VERB")
        self.adverb = alt("ADVERB")
        self._adverb_verb = re.compile(f"(?:{_COUNTING})(?:{self.verb.pattern})")
        self.growth, self.to_level, self.average = alt("GROWTH"), alt("TO_LEVEL"), alt("AVERAGE")
        self.generic = set(words(rows, "GENERIC"))
        self.suffix = set(words(rows, "SUFFIX"))
        self.nominal = set(words(rows, "NOMINAL"))
        self.whole = set(words(rows, "WHOLE_NOUN"))
        self.classifiers = set(words(rows, "CLASSIFIER"))
        self.period, self.base, self.plan = any_of(rows, "PERIOD"), any_of(rows, "BASE"), any_of(rows, "PLANNED")
        self.origin = any_of(rows, "FROM")
        self.target_marker = alt("TARGET")
        kinds: dict[str, list[str]] = {}  # one row a word; the words of one kind together, in file order
        for r in rows:
            if r["label"] == "KIND":
                kinds.setdefault(r.get("id", ""), []).append(r["pattern"])
        self.kinds = [(kind, alternation(tuple(ws))) for kind, ws in kinds.items()]
        # The same phrases come back (each number's phrase is stripped again by `_clean`, and reports repeat
        # their indicators): three in four calls of `_strip_tail` and one in two of `_clean` on the 2026
        # provincial reports. Both read only the patterns above.
        self._strip_tail = lru_cache(maxsize=_PHRASES)(self._strip_tail)
        self._clean = lru_cache(maxsize=_PHRASES)(self._clean)

    # -- the phrase a number belongs to
    def read(self, text: str, start: int, end: int, unit: str, floor: int, ceiling: int,
             previous: Reading | None = None) -> Reading:
        """The indicator a quantity at [start, end) measures (see the module docstring)."""
        before = _phrase_before(text, start, floor)
        after = self._after(text, end, ceiling, unit)
        words_before = self._strip_tail(before)
        # N个 NOUN: a classifier counts the noun after it (36个行政审批单位200项行政审批事项).
        counted = unit in self.classifiers or words_before[0].endswith(("等", "的"))
        if unit.startswith("大") and len(unit) > 1 and unit not in self.classifiers:  # 4大基础库: the unit names it
            name, lead = unit[1:], ""
        elif after and (counted or not words_before[0] or words_before[1]
                        or len(self._clean(words_before[0])[0]) <= 2):
            name, lead = (after if "的" in after else self._clean(after)[0]), before
        else:
            name, lead = self._clean(words_before[0])[0], before
        if lead == before and after and len(name) <= 2 and before and _CONJ.match(before) \
                and previous is not None and previous.before:
            name = previous.name + name  # 细化为3大类、75项措施: the 措施 of the same 职责
        info = self._clean(before)
        kind = self._kind(before, after if name and lead == before and after else "", name, unit)
        scope, period = info[1], info[2] or self._last_period(before)
        average = info[3] or self.average.search(before) is not None
        counted = ""
        # 清理文件120件，废止87件: 废止文件. The clause ends at the number (a noun after it is what it
        # counts), and 继续建设的693个 leaves its noun out after 的, not the clause before.
        if lead == before and not after and (end >= ceiling or text[end] in _DELIMS) \
                and not before.endswith("的") and self._elided_object(name, unit, previous):
            counted = self._object_of(previous.counted)
            name = name + counted
        if any(p.fullmatch(name) for p in (self.lead, self.link, self.verb, self.adverb)):
            name = ""
        respective = self._respective(text, start)
        if len(name) < 2 or name in self.generic:
            if previous is not None and (name in self.generic or _CONJ.match(before) or not name):
                # 增加近1000亿元，稳步达到3000亿元: a level stated as such stays a level
                keep = kind not in ("Level", "Count") or self.to_level.search(before) is not None
                keep = keep and not (kind == "Level" and previous.kind == "PerCapita")  # 人均… from … to …
                kind = kind if keep else previous.kind
                if kind == "Level":  # 人均收入年均递增12%，达30263元; 支出的比重连续五年超过80%
                    kind = self._kind_of_name(previous.name, unit) or kind
                return Reading(respective or previous.name, kind,
                               scope or previous.scope, period or previous.period, average or previous.average,
                               previous.before, unit, previous.counted)
            name = name if len(name) >= 2 else (unit + "数" if unit and unit not in _RATE_UNITS else "比例")
        name = _QUOTES.sub("", respective) if respective else name
        name = _QUOTES.sub("", name)  # “好房子”示范项目: one indicator however the text quotes it
        return Reading(name, kind, scope, period, average, lead == before and not (after and name.endswith(after)),
                       unit, counted or name)

    def _elided_object(self, name: str, unit: str, previous: Reading | None) -> bool:
        """Whether ``name`` is a bare verb whose object is the previous number's (清理文件120件，废止87件).

        A count of the same classifier right after another leaves out the noun both count; its
        verb alone would name no indicator, and the previous clause's object alone would merge
        two indicators (清理 and 废止 the same documents).
        """
        if previous is None or unit not in self.classifiers or previous.unit != unit or len(previous.counted) < 2:
            return False
        if not 2 <= len(name) <= 4 or any(p.fullmatch(name) for p in (self.lead, self.link, self.growth,
                                                                       self.to_level, self.adverb)):
            return False
        return self._bare_verb(name) and not self._bare_verb(previous.counted)

    def _bare_verb(self, word: str) -> bool:
        return self.verb.fullmatch(word) is not None or dictionary_tags().get(word) == "v"

    def _object_of(self, phrase: str) -> str:
        """``phrase`` without the verb opening it (续建安置房: 安置房), when a noun of two or more is left."""
        m = self.verb.match(phrase)  # the indicator verbs only: jieba tags nouns such as 信访 as verbs
        return phrase[m.end():] if m and len(phrase) - m.end() >= 2 else phrase

    def _respective(self, text: str, start: int) -> str | None:
        """X和Y分别下降a、b: the subject of the list that the number at ``start`` stands for.

        The numbers after 分别 (also in a list after a comma: 分别达到a、b，增长c和d) pair with the
        subjects in order, when there are as many of each.  Parallel modifiers share the last
        subject's head (城镇和农村居民人均可支配收入: 城镇居民人均可支配收入); subjects sharing a
        head after them (养老保险和医疗保险参保率) stay together (None).
        """
        sentence = max(start - _MAX_CLAUSE, *(text.rfind(c, 0, start) + 1 for c in "。；;！？\n"))
        at, items = text.rfind(_RESPECTIVELY, sentence, start), []
        while at >= 0 and not (items := self._subject_of_list(text, sentence, at)):
            at = text.rfind(_RESPECTIVELY, sentence, at)  # …分别达到a、b，年均分别增长c、d: the first 分别's
        if at < 0:
            return None
        segment = max(at + len(_RESPECTIVELY), *(text.rfind(c, at, start) + 1 for c in "，,"))
        end = self._list_end(text, start)
        first = _NUMBER_IN_LIST.search(text, segment, end)
        if not self._bare_predicate(text[segment:first.start()] if first else ""):
            # 优良天数较上年增加64天 after the comma is a clause of its own; in 巨力、风帆分别实现税收
            # 2.1亿元、1.3亿元 the indicator follows 分别, and the subjects are not its name.
            return None
        index = len(_NUMBER_IN_LIST.findall(text, segment, start))
        if len(items) < 2 or len(_NUMBER_IN_LIST.findall(text, segment, end)) != len(items) \
                or any(item[0].isdigit() for item in items[1:]):  # 从46503元和16935元分别提高到…
            return None
        modifiers = items[:-1]
        width = len(modifiers[0])
        if width <= 2 and all(len(m) == width for m in modifiers) and len(items[-1]) > width + 2 \
                and (width == 1 or _splits_there(items[-1], width, modifiers[0])):  # not 原煤、原油、天然|气产量
            head = items[-1][width:].lstrip("等")  # 食品、石化、信息等产业增加值
            return (items[index][:width] if index < len(modifiers) else items[-1][:width]) + head
        if items[-1][-1] in self.suffix and any(item[-1] not in self.suffix for item in modifiers):
            return None
        name = self._clean(items[index])[0]
        return name if len(name) >= 2 else None

    def _subject_of_list(self, text: str, sentence: int, at: int) -> list[str]:
        """The subjects listed before 分别 at ``at``, back to a clause delimiter (X、Y和Z)."""
        clause = max(sentence, *(text.rfind(c, sentence, at) + 1 for c in _BEFORE_DELIMS))
        subject = self._strip_head(self.base.sub("", self._strip_tail(text[clause:at])[0]))
        return [item for item in re.split(r"[和及与、]", subject) if item]

    def _bare_predicate(self, lead: str) -> bool:
        """Whether ``lead`` (between 分别 or a comma and the numbers) is a predicate alone (同比下降, 达到)."""
        lead = self.average.sub("", self.base.sub("", lead)).replace(_RESPECTIVELY, "")
        while (m := self.adverb.match(lead)) and m.end() > 0:
            lead = lead[m.end():]
        return not lead or any(p.fullmatch(lead) for p in (self.growth, self.link, self.verb, self.to_level))

    def _strip_head(self, subject: str) -> str:
        """``subject`` without the scope and period opening it (今年小麦、稻谷…: 小麦、稻谷…)."""
        while (m := self.period.match(subject) or self.scope.match(subject)) and m.end() > 0:
            subject = subject[m.end():]
        return subject

    @staticmethod
    def _list_end(text: str, start: int) -> int:
        """Where the list of numbers holding ``start`` ends: the next delimiter other than its 、/和."""
        i = start
        while i < len(text) and text[i] not in "，,。；;：:\n":
            i += 1
        return i

    def _last_period(self, before: str) -> str:
        """A period just before the number (提高到2025年的14万元: 2025年)."""
        found = list(self.period.finditer(before))
        return found[-1].group(0) if found and len(before) - found[-1].end() <= 1 else ""

    def _after(self, text: str, end: int, ceiling: int, unit: str) -> str:
        """The noun phrase after the number, up to a verb (13个重点园区, 26个项目入选…: 项目)."""
        if unit in _RATE_UNITS:
            return ""
        i = end
        # quotes stay: 25个“高效办成一件事”重点事项 names a quoted program's items
        while i < ceiling and i - end < 16 and text[i] not in _DELIMS + "（(《）)》" and not text[i].isdigit():
            i += 1
        phrase = re.split(r"[和及与]", text[end:i])[0]
        if not phrase or phrase.startswith(("的", "以上", "左右", "以内", "以下", "等", "/", "次")) or \
                self._starts_verb(phrase):
            return ""
        head = phrase
        starts = None  # segmented only when a word may end the noun
        for pattern in (self.verb, self.link, self.growth, _PASSIVE, self.adverb):
            for m in pattern.finditer(head, 2):
                if m.group(0) in self.nominal:  # 养老服务中心: 服务 inside a noun
                    continue
                starts = starts if starts is not None else {start for _, start, _ in segment(phrase)}
                if m.start() in starts:  # 医共体: 共 inside a word
                    head = head[:m.start()]
                    break
        if len(head) < 2:
            return ""
        return self._relative(text, end + len(head), ceiling, head) if len(head) <= 3 else head

    def _relative(self, text: str, start: int, ceiling: int, head: str) -> str:
        """N个 HEAD VP names what it counts as "VP的HEAD": 37个单位被命名为示范点 counts 被命名为示范点的单位."""
        i = start
        while i < ceiling and i - start < _MAX_VP and text[i] not in _DELIMS and not text[i].isdigit():
            i += 1
        vp = text[start:i]
        if not (self.verb.match(vp) or _PASSIVE.match(vp) or self.link.match(vp)):  # a predicate, not more noun
            return head
        # A number inside the predicate is what it reports (33个部门共保留…10类): no relative clause.
        if len(vp) < 2 or i - start >= _MAX_VP or (i < ceiling and text[i].isdigit()) or re.match(r"[为是占约近达]|共|累计|合计|总计|分别|均", vp) or self.growth.match(vp) \
                or self.to_level.match(vp):
            return head
        return f"{vp}的{head}"

    def _noun_suffix(self, phrase: str, i: int) -> bool:
        """A suffix after the verb makes it a noun (办结率和满意率), when the word ends there."""
        return phrase[i] in self.suffix and (i + 1 == len(phrase) or phrase[i + 1] in "和及与、")

    def _starts_verb(self, phrase: str) -> bool:
        return any(p.match(phrase) for p in (self.verb, self.link, self.growth, self.to_level, self.lead))

    def _strip_tail(self, phrase: str) -> tuple[str, bool]:
        """The phrase without the words that link it to the number; and whether a verb ended it."""
        stripped = False
        while phrase:
            if phrase[-1] in "、和及与的":  # 水利建设投资翻番、达: the list mark before the link
                phrase = phrase[:-1]
                continue
            for pattern in (self.average, self.to_level, self.growth, self.link, self.base):
                m = _match_end(pattern, phrase)
                if m is not None and not any(phrase.endswith(w) and len(w) > len(phrase) - m for w in self.whole):
                    phrase, stripped = phrase[:m], True
                    break
            else:
                period = _match_end(self.period, phrase)
                if period is not None and period > 0:  # 提高到2025年的: the period is read in `read`
                    phrase, stripped = phrase[:period], True
                    continue
                if self.verb.fullmatch(phrase[-2:]) or self.verb.fullmatch(phrase[-3:]):
                    return phrase, True
                return phrase, stripped
        return phrase, stripped

    def _clean(self, phrase: str) -> tuple[str, str, str, bool]:
        """Name, scope, period and the annual-average flag of a phrase."""
        scope = period = ""
        average = False
        phrase, _ = self._strip_tail(self.origin.sub("", phrase))
        phrase = self.base.sub("", phrase)
        lists = [m.end() for m in _LIST_END.finditer(phrase[:-2])]
        if lists and len(phrase) - lists[-1] >= 3:  # 食品、石化等产业增加值: the head after the list
            phrase = phrase[lists[-1]:]
        phrase = _ENUMERATOR.sub("", phrase.lstrip("》”）)」、和及与"))
        changed = True
        while changed and phrase:
            changed = False
            for kind, pattern in (("scope", self.scope), ("period", self.period), ("average", self.average),
                                  ("lead", self.lead), ("lead", self.adverb)):
                m = pattern.match(phrase)
                if m and m.end() > 0 and (kind != "lead" or len(phrase) - m.end() >= 2):
                    if kind == "scope":
                        scope = scope or m.group(0)
                    elif kind == "period":
                        period = period or m.group(0)
                    elif kind == "average":
                        average = True
                    phrase, changed = phrase[m.end():], True
            m = self.verb.match(phrase)
            # 改造老旧小区: the object is the indicator; but 办结率 and 服务业 are nouns
            if m and len(phrase) - m.end() >= 3 and not self._noun_suffix(phrase, m.end()) \
                    and m.group(0) not in self.nominal:
                phrase, changed = phrase[m.end():].lstrip("了"), True
            inner = self.period.search(phrase)
            if inner and inner.end() == len(phrase) or (inner and not changed and inner.start() > 0
                                                         and phrase[inner.start() - 1] in "的在"):
                period = period or inner.group(0)
            if self.average.search(phrase):
                average = True
                phrase, changed = self.average.sub("", phrase), True
            stripped, _ = self._strip_tail(phrase)
            if stripped != phrase:
                phrase, changed = stripped, True
            tail = _match_end(self.verb, phrase)
            if tail is not None and tail >= 3:  # 职责细化(为): a verb ending the phrase links it to the number
                phrase, changed = phrase[:tail], True
        phrase = self._object(phrase).strip("的之在对和及与、“”\"")
        return phrase, scope, period, average

    def _object(self, phrase: str) -> str:
        """After a verb inside the phrase, its object (常务会议研究法治政府建设相关议题: 法治政府建设相关议题)."""
        m = self._adverb_verb.search(phrase)  # 市政府共办结复议案件: what follows 共 + verb is the object
        if m and len(phrase) - m.end() >= 3:
            return phrase[m.end():].lstrip("了")
        if m:  # 累计上线事项: too short without its verb
            return phrase[m.start() + len(_counting_word(m.group(0))):]
        if len(phrase) < _LONG_PHRASE:  # a short phrase is a compound noun (矛盾纠纷化解成功率)
            return phrase
        for m in self.verb.finditer(phrase, 2):
            if m.group(0) in self.nominal or phrase[m.end():m.end() + 1] in self.suffix:
                continue
            # …系统接入的部门数: a verb before 的 is in a relative clause on the head, not its verb
            return phrase[m.end():] if len(phrase) - m.end() >= 4 and "的" not in phrase[m.end():] else phrase
        return phrase

    def _kind(self, before: str, after: str, name: str, unit: str) -> str:
        words_near = before[-8:]
        base = self.base.search(before) is not None
        grows = _match_end(self.growth, self._strip_link(before)) is not None
        if unit in ("个百分点", "百分点"):
            return "Change"
        if (grows or base) and _match_end(self.to_level, before) is None:
            return "GrowthRate" if unit in ("%", "倍") else "Change"
        found = {kind for kind, p in self.kinds if p.search(words_near + after) or p.search(name)}
        if unit not in _SHARE_UNITS:  # a share is a ratio: 占地6904亩 and 占道经营7717处次 are no shares
            found.discard("Share")
        for kind in ("Share", "PerCapita", "Cumulative", "Increase"):
            if kind in found:
                return kind
        counts = unit in self.classifiers or (unit.endswith("次") and unit[:-1] in self.classifiers)  # 批次, 人次
        return "Count" if counts else "Level"

    def _kind_of_name(self, name: str, unit: str) -> str | None:
        """The kind an indicator's name states (人均…: PerCapita; a name ending in 比重 with a ratio unit: Share).

        A share is the head of its name: 增值税收入占比最高的税率 is a rate.
        """
        if any(kind == "PerCapita" and p.search(name) for kind, p in self.kinds):
            return "PerCapita"
        if unit in _SHARE_UNITS and any(kind == "Share" and _match_end(p, name) is not None for kind, p in self.kinds):
            return "Share"
        return None

    def _strip_link(self, phrase: str) -> str:
        while True:
            m = _match_end(self.link, phrase)
            if m is None or m == len(phrase):
                return phrase
            phrase = phrase[:m]

    # -- targets
    def target_spans(self, text: str) -> list[tuple[int, int, str]]:
        r"""Paragraphs that state targets: from the marker (主要预期目标是：) to the paragraph's end.

        Each span comes with the period its paragraph names before the marker
        (“十五五”时期…主要目标是：), "" when none: the targets are for the plan year.

        Examples
        --------
        >>> g = MetricGrammar(read_patterns(default_patterns_path("metrics.jsonl")))
        >>> t = "过去一年增长5.2%。\n“十五五”时期的主要目标\n是：年均增长5%左右。\n今年主要预期目标是：增长5%左右。\n"
        >>> [(t[a:b], period) for a, b, period in g.target_spans(t)]
        [('主要目标\n是：年均增长5%左右。', '“十五五”时期'), ('主要预期目标是：增长5%左右。', '')]
        """
        spans = []
        for m in self.target_marker.finditer(text):
            cue = _TARGET_CUE.match(text, m.end())
            if not cue:
                continue
            stop = text.find("\n", cue.end())
            paragraph = max(text.rfind("\n", 0, m.start() - 1), text.rfind("。", 0, m.start())) + 1
            before = text[paragraph:m.start()]
            period = self.period.search(before)
            # a span (“十五五”时期, 今后五年) names the targets' period; 今年 is the plan year anyway
            named = period.group(0) if period and (five_year_span(period.group(0))
                                                    or re.search(r"[一二两三四五六七八九十]年", period.group(0))) else ""
            spans.append((m.start(), stop if stop >= 0 else len(text), named))
        return spans

    def planned(self, text: str, start: int, floor: int) -> bool:
        """A planning cue (力争, 确保, 到2030年) in the number's clause, before it."""
        clause = max(text.rfind(c, floor, start) for c in "，,；;。") + 1
        return self.plan.search(text, max(clause, floor), start) is not None

    def span_of(self, text: str, sent_start: int, start: int, heading) -> str:
        """A span of years the sentence opens with or its headings name (过去五年，…; 一、“十四五”时期回顾).

        A number under it without a period of its own reports the span, not one year.
        """
        for m in self.period.finditer(text, sent_start, min(start, sent_start + _SPAN_LEAD)):
            if _is_span(m.group(0)):
                return m.group(0)
        h = heading
        while h is not None:
            if not _YEAR.search(h.text):
                m = next((m for m in self.period.finditer(h.text) if _is_span(m.group(0))), None)
                if m:
                    return m.group(0)
            h = h.parent
        return ""

    @staticmethod
    def year_of(period: str, report_year: int | None) -> int | None:
        """The year a single-year period names (2023年); None for spans and when none is named."""
        years = _YEAR.findall(period)
        if len(years) == 1 and not re.search(r"以来|[-—至到~～]", period):
            return int(years[0])
        return None  # 今年, 去年: which year depends on the kind of report (see observation_period in rdf.py)


def _splits_there(phrase: str, at: int, modifier: str) -> bool:
    """Whether ``phrase`` splits into a modifier of ``at`` characters and a head: a word ends
    there (出口|通关时间), or the first word is a compound that ``modifier`` forms as well
    (农村居民, and 城镇居民 is a word); not 天然气 (原煤气 is none).
    """
    first = segmented_words(phrase)
    offset = 0
    for word in first:
        if offset + len(word) == at:
            return True
        if offset + len(word) > at:
            return offset == 0 and word_frequency(modifier + word[at:]) > 0
        offset += len(word)
    return False


def _is_span(period: str) -> bool:
    """More than one year: a five-year plan, 过去五年, 五年来 (not 2023年, 今年, 全年)."""
    return five_year_span(period) is not None or re.search(r"[二两三四五六七八九十]年", period) is not None


_PHRASES = 1 << 16  # phrases kept with what `MetricGrammar._strip_tail` and `_clean` made of them


def _match_end(pattern: re.Pattern, phrase: str) -> int | None:
    """Start of the longest match of ``pattern`` that ends ``phrase`` (within its last 12 characters);
    None when none does.

    One search for the pattern anchored at the end, whose leftmost hit is the longest match,
    instead of a full match tried at each of the twelve positions.
    """
    m = _anchored(pattern).search(phrase, max(0, len(phrase) - 12))
    return m.start() if m is not None and m.start() < len(phrase) else None


_ANCHORED: dict[re.Pattern, re.Pattern] = {}


def _anchored(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` that must end where the text ends (made once for each pattern)."""
    tail = _ANCHORED.get(pattern)
    if tail is None:
        tail = _ANCHORED[pattern] = re.compile(f"(?:{pattern.pattern})\\Z", pattern.flags)
    return tail


def _phrase_before(text: str, start: int, floor: int) -> str:
    """The clause before a number, back to a delimiter, with bracketed groups kept whole."""
    j, depth = start, 0
    while j > floor and start - j < _MAX_PHRASE:
        c = text[j - 1]
        if c in _CLOSE:
            depth += 1
        elif c in _OPEN:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and c in _BEFORE_DELIMS:
            break
        j -= 1
    phrase = text[j:start]
    if start - j >= _MAX_PHRASE and "、" in phrase:  # cut short inside a list: start at an item
        phrase = phrase[phrase.index("、") + 1:]
    return phrase


def five_year_span(period: str) -> tuple[int, int] | None:
    """The years of a five-year plan named in ``period`` (“十四五” gives 2021-2025).

    Examples
    --------
    >>> five_year_span("“十四五”期间"), five_year_span("十五"), five_year_span("今年")
    ((2021, 2025), (2001, 2005), None)
    """
    m = _FIVE_YEAR.search(period)
    if not m:
        return None
    n = 10 + (_CN_DIGITS.index(m.group(1)) + 1 if m.group(1) else 0)
    first = 1966 + 5 * (n - 3)  # the third plan began in 1966, after three adjustment years
    return first, first + 4


def subject_of(text: str, start: int, end: int, floor: int, ceiling: int) -> str:
    """What a quantity at [start, end) counts: the clean indicator name.

    Examples
    --------
    >>> t = "全市行政机关负责人出庭应诉率为97.8%。"
    >>> subject_of(t, 15, 20, 0, len(t))  # 全市 is the scope, 为 the link: neither is the indicator
    '行政机关负责人出庭应诉率'
    """
    unit = "%" if text[start:end].endswith(("%", "％")) else ""
    return _default_grammar().read(text, start, end, unit, floor, ceiling).name


_GRAMMAR: list[MetricGrammar] = []


def _default_grammar() -> MetricGrammar:
    if not _GRAMMAR:
        _GRAMMAR.append(MetricGrammar(read_patterns(default_patterns_path("metrics.jsonl"))))
    return _GRAMMAR[0]
