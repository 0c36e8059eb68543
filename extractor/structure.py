"""A report's structure: page chrome, title block, outline and sentences.

Everything here works on character offsets into the decoded report text, so
that every heading and sentence can be traced back to where it stands.  The
outline grammar covers the markers Chinese government reports use (一、 /
(一) / 1. / (1) / 一是 / 第一,) and repairs the damage seen in real pages: a
bare ")" where "(一)" stood, a bare "是" where "三是" stood, and an
enumerator run into the previous sentence without a full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chrome import is_chrome_line

__all__ = ["Heading", "Sentence", "ReportStructure", "parse_structure", "CN_DIGITS", "cn_ordinal"]

CN_DIGITS = "〇零一二三四五六七八九十百"
_CN = "\u4e00-\u9fff"

# Outline ranks: smaller is outer.  Reports use these markers in this order.
RANK_CHAPTER, RANK_SECTION, RANK_ITEM, RANK_SUBITEM, RANK_ENUM = 1, 2, 3, 4, 5
# An unnumbered lead sentence (推动产业链供应链优化升级。) heads the rest of its paragraph.
RANK_LEAD = 6

_LINE_MARKERS = [
    (RANK_CHAPTER, re.compile(r"^[ \t\u3000]*([一二三四五六七八九十]{1,3})[、．.]")),
    (RANK_SECTION, re.compile(r"^[ \t\u3000]*[(（]([一二三四五六七八九十]{1,3})[)）]")),
    # A damaged section marker: the "(一" was lost and only ")" remains.
    (RANK_SECTION, re.compile(r"^[ \t\u3000]*()[)）](?=[" + _CN + r"])")),
    (RANK_ITEM, re.compile(r"^[ \t\u3000]*(\d{1,2})[.．、](?!\d)")),
    (RANK_SUBITEM, re.compile(r"^[ \t\u3000]*[(（](\d{1,2})[)）]")),
    (RANK_SUBITEM, re.compile(r"^[ \t\u3000]*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
]
_ENUM = re.compile(r"([一二三四五六七八九十]{1,3})是(?=[" + _CN + r"“\"《])")
_ORDINAL_ENUM = re.compile(r"第([一二三四五六七八九十]{1,3})[,，、]")
_SENTENCE_END = "。！？!?；;"
_CLOSERS = "”’」』)）\"'"

# Lead phrases of numbered items end where the first action clause begins;
# these words open such a clause (disposal markers, prepositions, manner adverbs).
_CLAUSE_OPENERS = re.compile(
    r"(?:把|将|对|通过|按照|围绕|依托|聚焦|"
    r"大力|深入|全面|持续|积极|扎实|切实|认真|不断|进一步|加快|严格|紧紧|着力|主动|稳步|"
    r"扎扎实实|坚决|牢牢|充分|广泛|有序|高效|加大|狠抓|强化|适时|及时|依法|统筹|全力|努力|常态化)"
)
_LEAD_MAX = 20
# A numbered item's whole first sentence is its label when it is this short and has at
# most this many clauses (二是依靠创新引领产业升级，增强城乡区域发展新动能。); longer
# sentences hold the lead phrase and the item's first actions.
_LEAD_SENTENCE_MAX, _LEAD_SENTENCE_CLAUSES = 32, 2

# An unnumbered heading: one short clause ending in 。, or a dash-led line (——…。).
_DASH = re.compile(r"[—―─－\-]{2,}")
_UNMARKED_MIN, _UNMARKED_MAX, _DASHED_MAX = 4, 20, 40
# It names what is to be done or how things stand, never a count or a result with a number.
_NUMBER = re.compile(r"[0-9０-９%％]")
# …nor an event told as done (做了…, 取得了…): the aspect particle 了 after a verb.
_DONE = re.compile(r"[\u4e00-\u9fff]了(?![解结])")
# jieba tags that can stand as a clause's predicate (verbs, adjectives, idioms) or open one (adverbs).
_PREDICATE_TAGS = ("v", "a", "i", "l", "d")

# Chapters about shortcomings: 存在的问题, 不足, 短板 … (but not 解决…问题, which is work done).
_PROBLEM_HEADING = re.compile(r"(?:存在|面临)的?(?:主要)?(?:问题|困难)|问题(?:和|与|及)不足|不足|短板|差距|薄弱")
_PLAN_HEADING = re.compile(r"安排|计划|打算|思路|下一步|明年|今后|展望|目标任务|工作重点|重点工作|工作任务|"
                           r"主要任务|总体要求|政策取向|预期目标|今年的工作|今年工作")
# Review parts that name their year's work (重点工作完成情况, 2023年工作回顾) are no plans.
_REVIEW_HEADING = re.compile(r"回顾|情况|成效|成绩|进展|完成|总结|做法|举措|主要工作$")


@dataclass
class Heading:
    """One outline heading; ``start``/``end`` delimit its text without the marker."""

    start: int
    end: int
    text: str
    rank: int
    number: int
    marker: str
    parent: Heading | None = None
    outline: str = ""
    key: str = ""  # unique within the report, even when numbering restarts
    problem: bool = False
    planned: bool = False

    @property
    def is_goal(self) -> bool:
        return not self.problem and bool(self.text)


@dataclass
class Sentence:
    """A sentence with its [start, end) offsets and the innermost heading it stands under."""

    start: int
    end: int
    text: str
    heading: Heading | None
    starts_heading: Heading | None = None
    # Where the action part begins (after a run-in heading's lead phrase).
    body_start: int = 0


@dataclass
class ReportStructure:
    """What `parse_structure` finds in a report."""

    text: str
    title: str | None = None
    title_span: tuple[int, int] | None = None
    issuer: str | None = None
    year: int | None = None
    chrome: list[tuple[int, int]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


def cn_ordinal(s: str) -> int:
    """Value of a small Chinese numeral such as 三, 十二, 二十一 (used by outline markers)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if not s:
        return 0
    if len(s) == 1 and "①" <= s <= "⑳":  # circled digits count as isdigit() but not for int()
        return ord(s) - ord("①") + 1
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(s, 0)


# ---------------------------------------------------------------- page chrome

_DATE_LINE = re.compile(r"^[(（]?\s*\d{4}\s*[年\-./]\s*\d{1,2}\s*[月\-./]\s*\d{1,2}\s*日?\s*[)）]?$")
_TITLE_LINE = re.compile(r"报告|工作要点|情况|总结|纲要")
_ISSUER_LINE = re.compile(r"(?:人民政府|政府|委员会|局|厅|办公室|委|院)$")


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_chrome(line: str) -> bool:
    return is_chrome_line(line)


def _looks_like_prose(line: str) -> bool:
    return any(c in line for c in "。，,；;：:") and len(line.strip()) > 30


def _find_header(text: str, st: ReportStructure) -> int:
    """Mark chrome and the title block; return the offset where the body starts."""
    spans = _lines(text)
    title_idx = None
    for i, (s, e) in enumerate(spans[:25]):
        line = text[s:e].strip()
        if not line or _is_chrome(line):
            continue
        if _looks_like_prose(line) and not _TITLE_LINE.search(line[:40]):
            break
        if any(rx.match(line) for _, rx in _LINE_MARKERS):
            break  # the outline starts: this report has no title
        if _TITLE_LINE.search(line) and len(line) <= 90 and not _looks_like_prose(line.split("(")[0]):
            title_idx = i
            break
    body_line = 0
    if title_idx is not None:
        _set_title(text, spans[title_idx], st)
        body_line = title_idx + 1
        for j in range(title_idx - 1, -1, -1):
            s, e = spans[j]
            line = text[s:e].strip()
            if line and not _is_chrome(line) and _ISSUER_LINE.search(line) and len(line) <= 20:
                st.issuer = line
                st.title_span = (s + text[s:e].index(line), st.title_span[1])
                break
        for j in range(title_idx):
            s, e = spans[j]
            if text[s:e].strip() and (s < st.title_span[0]):
                st.chrome.append((s, e))
    for j in range(body_line, len(spans)):
        s, e = spans[j]
        line = text[s:e].strip()
        if not line:
            continue
        if _is_chrome(line) or _DATE_LINE.match(line):
            st.chrome.append((s, e))
            continue
        if title_idx is None and not _looks_like_prose(line) and len(line) <= 12 and j < 10 \
                and not any(rx.match(line) for _, rx in _LINE_MARKERS) and not any(c in line for c in _SENTENCE_END):
            st.chrome.append((s, e))  # navigation before an untitled body
            continue
        return s
    return len(text)


def _set_title(text: str, span: tuple[int, int], st: ReportStructure) -> None:
    s, e = span
    line = text[s:e]
    lead = len(line) - len(line.lstrip())
    stripped = line.strip()
    # A title line may carry the delivery date and speaker: 政府工作报告 (2019年…) 某某 市长
    title = re.split(r"\s*[(（]", stripped, maxsplit=1)[0].strip()
    st.title = title
    st.title_span = (s + lead, s + lead + len(stripped))


# ---------------------------------------------------------------- year

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_CHAPTER_YEAR = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]{1,3}[、．.]\s*((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)", re.M)


def _find_year(text: str, st: ReportStructure, body: int) -> int | None:
    if st.title:
        m = _YEAR.search(st.title)
        if m:
            return int(m.group(1))
    # A work report reviews the year its first chapter names (一、2018年工作回顾),
    # though its body may open with the year of delivery.
    m = _CHAPTER_YEAR.search(text, body) or _YEAR.search(text, body)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------- outline

@dataclass
class _Marker:
    pos: int  # where the marker starts
    text_start: int  # where the heading text starts
    rank: int
    number: int | None
    marker: str


def _paragraphs(text: str, body: int, chrome: list[tuple[int, int]]) -> list[tuple[int, int]]:
    skip = {s for s, _ in chrome}
    out = []
    for s, e in _lines(text):
        if s < body or s in skip:
            continue
        line = text[s:e]
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip(" \t\u3000"))
        trail = len(line) - len(line.rstrip())
        out.append((s + lead, e - trail))
    return out


def _line_marker(text: str, s: int, e: int) -> _Marker | None:
    seg = text[s:e]
    for rank, rx in _LINE_MARKERS:
        m = rx.match(seg)
        if m:
            num = m.group(1)
            return _Marker(s, s + m.end(), rank, cn_ordinal(num) if num else None, m.group(0).strip())
    return None


def _split_sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, start, i = [], s, s
    while i < e:
        if text[i] in _SENTENCE_END:
            j = i + 1
            while j < e and text[j] in _CLOSERS:
                j += 1
            out.append((start, j))
            start = i = j
            continue
        i += 1
    if start < e and text[start:e].strip():
        out.append((start, e))
    return [(a, b) for a, b in out if text[a:b].strip(" \t\u3000" + _SENTENCE_END)]


def _lead_phrase(text: str, s: int, e: int, *, cut: bool) -> int:
    """End offset of a heading's lead phrase inside the sentence [s, e).

    A short sentence is the heading whole, to its full stop, commas and all;
    in a longer one the lead phrase ends where the first action clause begins.

    Examples
    --------
    >>> t = "依靠创新引领产业升级，增强城乡区域发展新动能。"
    >>> t[:_lead_phrase(t, 0, len(t), cut=True)]
    '依靠创新引领产业升级，增强城乡区域发展新动能'
    >>> t = "坚持学习先行把学习贯彻法治思想作为重要政治任务，举办专题培训班，推动决策部署落地见效。"
    >>> t[:_lead_phrase(t, 0, len(t), cut=True)]
    '坚持学习先行'
    """
    end = e
    while end > s and text[end - 1] in _SENTENCE_END + _CLOSERS + " ":
        end -= 1
    if not cut or end - s <= _LEAD_MAX:
        return end
    if _whole_sentence_heading(text, s, end, e):
        return end
    for m in _CLAUSE_OPENERS.finditer(text, s + 4, end):
        if text[m.start() - 1] not in "“\"《、,，":
            return m.start()
    comma = min((text.find(c, s, end) for c in ",，" if text.find(c, s, end) > 0), default=-1)
    return comma if comma > s else end


def _whole_sentence_heading(text: str, s: int, end: int, e: int) -> bool:
    """A short sentence of at most two clauses, closed by a full stop, is a heading to its end."""
    if end - s > _LEAD_SENTENCE_MAX or e <= end or text[end] not in "。！!":
        return False
    clauses = sum(text.count(c, s, end) for c in ",，;；") + 1
    return clauses <= _LEAD_SENTENCE_CLAUSES and not _NUMBER.search(text, s, end)


def _is_predicate(phrase: str) -> bool:
    """The phrase is a clause (verb-object or subject-predicate), not a bare noun phrase."""
    import jieba.posseg  # loaded by the pipeline's segmenter anyway; only short phrases come here

    return any(w.flag.startswith(_PREDICATE_TAGS) or w.flag == "vn" and i == 0
               for i, w in enumerate(jieba.posseg.lcut(phrase)))


def _unmarked_heading(text: str, s: int, e: int, rest: int, *, dashed: bool) -> int | None:
    """End of the heading text when the sentence [s, e) heads the actions in [e, rest).

    A lead sentence is one short clause ending in 。 (a dash-led one may hold
    two, 坚持创新驱动发展，因地制宜发展新质生产力。) with no number in it; it heads
    what follows when at least two clauses of text follow it in its paragraph.

    Examples
    --------
    >>> t = "推动产业链供应链优化升级。保持工业经济平稳运行。实施技术改造升级工程，培育先进制造业集群。"
    >>> _unmarked_heading(t, 0, 13, len(t), dashed=False)
    12
    >>> t = "全年新增就业1256万人。城镇调查失业率平均5.2%，物价保持稳定。"
    >>> _unmarked_heading(t, 0, 13, len(t), dashed=False) is None
    True
    """
    end = e
    while end > s and text[end - 1] in _CLOSERS + " \u3000":
        end -= 1
    if end <= s or text[end - 1] not in "。！!":
        return None
    end -= 1
    body = text[s:end]
    limit = _DASHED_MAX if dashed else _UNMARKED_MAX
    if not _UNMARKED_MIN <= len(body) <= limit or _NUMBER.search(body) or _DONE.search(body):
        return None
    if not dashed and any(c in body for c in ",，;；:：（(“\"《"):
        return None
    following = text[e:rest]
    clauses = sum(following.count(c) for c in "，,；;。！？!?")
    if clauses < 2 or len(following.strip()) < 2 * len(body):
        return None
    return end if _is_predicate(body) else None


class _Outline:
    """Keeps the open headings while the text is read in order."""

    def __init__(self, year: int | None) -> None:
        self.bare_chapters = False
        self.stack: list[Heading] = []
        self.headings: list[Heading] = []
        self.counters: dict[tuple[str, int], int] = {}
        self.keys: set[str] = set()
        self.year = year

    def current(self) -> Heading | None:
        return self.stack[-1] if self.stack else None

    def last_enum(self) -> Heading | None:
        top = self.current()
        return top if top and top.rank == RANK_ENUM else None

    def open(self, rank: int, number: int | None, marker: str, start: int, end: int, text: str) -> Heading:
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.current()
        key = (parent.outline if parent else "", rank)
        if number is None:  # damaged marker: the next in sequence
            number = self.counters.get(key, 0) + 1
        self.counters[key] = number
        h = Heading(start, end, text, rank, number, marker, parent)
        h.outline = f"{parent.outline}.{number}" if parent else str(number)
        h.key = h.outline if h.outline not in self.keys else f"{h.outline}-{start}"
        self.keys.add(h.key)
        h.problem = bool(parent.problem) if parent else (rank == RANK_CHAPTER and bool(_PROBLEM_HEADING.search(text)))
        h.planned = bool(parent and parent.planned) or _is_plan_heading(text, self.year)
        self.stack.append(h)
        self.headings.append(h)
        return h

    def close(self, rank: int) -> None:
        """Close the open headings of ``rank`` and deeper (a lead sentence's reach ends with its paragraph)."""
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()


def _is_plan_heading(text: str, year: int | None) -> bool:
    """A heading of the plans part: 2024年工作安排, 今年重点工作, 下一步工作打算 (not a past year's).

    Examples
    --------
    >>> [_is_plan_heading(t, 2023) for t in ("2024年政府工作任务", "今年的工作", "2023年重点工作完成情况",
    ...                                        "2022年工作安排")]
    [True, True, False, False]
    """
    if not _PLAN_HEADING.search(text) or _REVIEW_HEADING.search(text):
        return False
    # A work report delivered in 2026 plans 2026 (2026年重点工作安排) and may take 2026 as its year;
    # only a year before the report's is a past plan.
    m = _YEAR.search(text)
    return not (m and year and int(m.group(1)) < year)


def _enum_splits(text: str, s: int, e: int, outline: _Outline) -> list[int]:
    """Offsets inside (s, e) where a run-in enumerator (二是 …) starts a new item."""
    cuts = []
    enum = outline.last_enum()
    expected = enum.number + 1 if enum else 1
    lead = _ENUM.match(text, s)
    if lead and cn_ordinal(lead.group(1)) in (expected, 1):  # the sentence itself opens an item
        expected = cn_ordinal(lead.group(1)) + 1
    for m in _ENUM.finditer(text, s + 1, e):
        n = cn_ordinal(m.group(1))
        at_start = m.start() == s or text[m.start() - 1] in _SENTENCE_END + ":：" + _CLOSERS
        if n == expected and (at_start or n > 1):
            cuts.append(m.start())
            expected += 1
    return cuts


def parse_structure(text: str) -> ReportStructure:
    """Find chrome, title block, year, outline and sentences of a report.

    Parameters
    ----------
    text : str
        The decoded report text.

    Returns
    -------
    ReportStructure
        Headings and sentences carry [start, end) offsets into ``text``.

    Examples
    --------
    >>> st = parse_structure("一、依法履职\\n(一)深化改革。一是清理事项。取消审批5项。")
    >>> [(h.outline, h.text) for h in st.headings]
    [('1', '依法履职'), ('1.1', '深化改革'), ('1.1.1', '清理事项')]
    """
    st = ReportStructure(text)
    body = _find_header(text, st)
    st.year = _find_year(text, st, body)
    outline = _Outline(st.year)
    if st.title_span:
        s, e = st.title_span
        st.sentences.append(Sentence(s, e, text[s:e], None, body_start=e))
    paragraphs = _paragraphs(text, body, st.chrome)
    # Reports without numbered chapters (一、) head them with bare lines (二〇二四年工作回顾).
    outline.bare_chapters = not any(_LINE_MARKERS[0][1].match(text, ps, pe) for ps, pe in paragraphs)
    for k, (ps, pe) in enumerate(paragraphs):
        if outline.bare_chapters and _bare_heading(text, ps, pe, paragraphs[k + 1] if k + 1 < len(paragraphs) else None):
            h = outline.open(RANK_CHAPTER, None, "", ps, pe, text[ps:pe])
            st.sentences.append(Sentence(ps, pe, text[ps:pe], h, starts_heading=h, body_start=pe))
            continue
        _read_paragraph(text, ps, pe, outline, st)
    st.headings = outline.headings
    return st


def _read_paragraph(text: str, ps: int, pe: int, outline: _Outline, st: ReportStructure) -> None:
    marker = _line_marker(text, ps, pe)
    pieces = _split_sentences(text, marker.text_start if marker else ps, pe)
    if marker and not any(c in text[marker.text_start:pe] for c in _SENTENCE_END) and pe - marker.text_start <= 60:
        end = _lead_phrase(text, marker.text_start, pe, cut=marker.rank >= RANK_ITEM)
        h = outline.open(marker.rank, marker.number, marker.marker, marker.text_start, end,
                         text[marker.text_start:end].strip())
        st.sentences.append(Sentence(ps, pe, text[ps:pe], h, starts_heading=h, body_start=pe))
        return
    first = True
    lead_at = 0 if not marker else 1  # which sentence may be a lead heading: the paragraph's first
    run_in = {pieces[i] for i in _run_in_heads(text, pieces, lead_at + 1)}
    count = 0
    for s, e in pieces:
        bounds = [s, *_enum_splits(text, s, e, outline), e]
        for a, b in zip(bounds, bounds[1:]):
            if a >= b:
                continue
            if count == lead_at and _read_lead(text, a, b, pe, outline, st, after_marker=bool(marker)):
                pass
            elif (a, b) in run_in:
                end = len(text[a:b].rstrip(_CLOSERS + " ")) + a - 1
                h = outline.open(RANK_LEAD, None, "", a, end, text[a:end])
                st.sentences.append(Sentence(a, b, text[a:b], h, starts_heading=h, body_start=b))
            else:
                _read_sentence(text, a, b, outline, st, marker if first else None)
            first = False
            count += 1
    outline.close(RANK_LEAD)


def _short_clause(text: str, s: int, e: int) -> bool:
    """One short clause closed by 。, with no number and no 了: the shape of a sub-heading."""
    body = text[s:e].rstrip(_CLOSERS + " ")
    if not body.endswith("。"):
        return False
    body = body[:-1]
    return (_UNMARKED_MIN <= len(body) <= _UNMARKED_MAX and not _NUMBER.search(body) and not _DONE.search(body)
            and not any(c in body for c in ",，;；:：（(“\"《") and not _ENUM.match(body)
            and not _ORDINAL_ENUM.match(body) and not body.startswith("是"))  # 是…: a damaged 二是


def _run_in_heads(text: str, units: list[tuple[int, int]], start: int) -> set[int]:
    """Sentences inside a paragraph that head the sentences after them (…承接。加强产业协作。积极融入…).

    Such a paragraph alternates: a short clause, then one or more long sentences of
    actions, then the next short clause.  Two short clauses in a row mean a list of
    short actions (加快发展服务业。弘扬工匠精神。), and a single short clause may be an
    action too: at least two, none adjacent, each followed by a long sentence.

    Examples
    --------
    >>> t = ("总述一句，说明思路。加强产业协作。融入区域产业图谱，推进预制构件项目，引进配套企业。"
    ...      "加强创新协同。对接科研院所，共建孵化基地，建设中试中心。")
    >>> units = _split_sentences(t, 0, len(t))
    >>> sorted(_run_in_heads(t, units, 1))
    [1, 3]
    """
    if len(units) < 4:
        return set()
    short = [_short_clause(text, a, b) for a, b in units]
    if any(short[i] and short[i + 1] for i in range(start, len(units) - 1)):
        return set()
    heads = {i for i in range(start, len(units) - 1) if short[i] and _long_sentence(text, *units[i + 1])}
    if len(heads) < 2 or not all(_is_predicate(text[units[i][0]:units[i][1] - 1]) for i in heads):
        return set()
    return heads


def _long_sentence(text: str, s: int, e: int) -> bool:
    return sum(text.count(c, s, e) for c in ",，;；") >= 2 or e - s >= 40


# A bare line as a chapter heading: words and numbers only, no punctuation (二〇二四年工作回顾).
_BARE_LINE = re.compile(r"[\u4e00-\u9fff〇“”0-9]{4,25}")


def _bare_heading(text: str, s: int, e: int, following: tuple[int, int] | None) -> bool:
    """A bare line followed by a paragraph of prose heads a chapter where no chapter is numbered."""
    if following is None or not _BARE_LINE.fullmatch(text, s, e):
        return False
    fs, fe = following
    return fe - fs > 30 and any(c in text[fs:fe] for c in "。；;")


def _read_lead(text: str, s: int, e: int, pe: int, outline: _Outline, st: ReportStructure,
               *, after_marker: bool) -> bool:
    """Open a lead-sentence heading at [s, e) when it heads the rest of the paragraph.

    It opens the paragraph, perhaps after dashes (——经济总体回升向好。), or
    follows a numbered heading's own sentence in the same paragraph.
    """
    if after_marker and not (outline.current() and st.sentences
                             and st.sentences[-1].starts_heading is outline.current()
                             and st.sentences[-1].body_start >= st.sentences[-1].end - 1):
        return False  # the numbered heading's sentence went on into actions
    dash = _DASH.match(text, s)
    ts = dash.end() if dash else s
    if _ENUM.match(text, ts) or _ORDINAL_ENUM.match(text, ts):
        return False
    end = _unmarked_heading(text, ts, e, pe, dashed=bool(dash))
    if end is None:
        return False
    h = outline.open(RANK_LEAD, None, dash.group(0) if dash else "", ts, end, text[ts:end])
    st.sentences.append(Sentence(s, e, text[s:e], h, starts_heading=h, body_start=e))
    return True


def _read_sentence(text: str, s: int, e: int, outline: _Outline, st: ReportStructure,
                   marker: _Marker | None) -> None:
    h = None
    if marker:
        end = _lead_phrase(text, marker.text_start, e, cut=marker.rank >= RANK_ITEM)
        h = outline.open(marker.rank, marker.number, marker.marker, marker.text_start, end,
                         text[marker.text_start:end])
        s0 = marker.pos
    else:
        s0 = s
        m = _ENUM.match(text, s)
        enum = outline.last_enum()
        expected = enum.number + 1 if enum else 1
        om = _ORDINAL_ENUM.match(text, s)
        if m and cn_ordinal(m.group(1)) in (expected, 1):
            ts = m.end()
            end = _lead_phrase(text, ts, e, cut=True)
            h = outline.open(RANK_ENUM, cn_ordinal(m.group(1)), m.group(0), ts, end, text[ts:end])
        elif om and cn_ordinal(om.group(1)) in (expected, 1):
            ts = om.end()
            end = _lead_phrase(text, ts, e, cut=True)
            h = outline.open(RANK_ENUM, cn_ordinal(om.group(1)), om.group(0), ts, end, text[ts:end])
        elif enum and text[s] == "是" and s + 1 < e and re.match(f"[{_CN}]", text[s + 1]):
            # A damaged enumerator: the numeral before 是 was lost.
            end = _lead_phrase(text, s + 1, e, cut=True)
            h = outline.open(RANK_ENUM, None, "是", s + 1, end, text[s + 1:end])
    if h:
        st.sentences.append(Sentence(s0, e, text[s0:e], h, starts_heading=h, body_start=h.end))
    else:
        st.sentences.append(Sentence(s, e, text[s:e], outline.current(), body_start=s))
