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

from . import calendar
from .chrome import header_field, is_button_line, is_chrome_line, is_tail_line
from .patterns import alternation, bundled_words
from .places import LEVEL_CHARS
from .tokenizer import first_word

__all__ = ["Heading", "Sentence", "ReportStructure", "parse_structure", "clean_title", "is_session_title", "CN_DIGITS", "cn_ordinal"]

CN_DIGITS = "〇零一二三四五六七八九十百"
_CN = "\u4e00-\u9fff"

# Outline ranks: smaller is outer.  Reports use these markers in this order.
RANK_CHAPTER, RANK_SECTION, RANK_ITEM, RANK_SUBITEM, RANK_ENUM = 1, 2, 3, 4, 5
# A bare line above numbered chapters whose numbering starts again under it (2024年工作安排 / 一、…).
RANK_PART = 0
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
# 一是…二是… and the older 一要…二要… (一要大幅度增加农业投入；二要…).
# A space may follow where a PDF's line broke (二是 进一步扩大需求).
_ENUM = re.compile(r"([一二三四五六七八九十]{1,3})[是要](?:[ \u3000]|\n\s*)?(?=[" + _CN + r"“\"《])")
# Not where ordinals are listed as words (第一、第二、第三产业).
# A marker left alone on its line (see `_join_lone_markers`) reaches over the line break to its words.
_ORDINAL_ENUM = re.compile(r"第([一二三四五六七八九十]{1,3})[,，、](?!\s*第[一二三四五六七八九十])(?:\n\s*)?")
_SENTENCE_END = "。！？!?；;"
_LABEL_TRIM = "，,、；;：: \t\u3000"
_CLOSERS = "”’」』)）\"'"

# Lead phrases of numbered items end where the first action clause begins; these words open
# such a clause: disposal markers, prepositions and verbs of degree (patterns/outline.jsonl)
# and the manner adverbs (patterns/adverbs.jsonl, id "manner").
_CLAUSE_OPENERS = alternation((*bundled_words("outline.jsonl", "CLAUSE_OPENER"),
                               *bundled_words("adverbs.jsonl", "ADVERB", id="manner")))
_LEAD_MAX = 20
# A lead sentence introduces a list of 一是 items that starts at most this many paragraphs after its own
# (加快完善社会保障体系。… / 要坚持…。 / 一是…).
_INTRO_REACH = 2
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
# A list introduced by a sentence saying that shortcomings exist lists problems, not goals:
# 我们也清醒地看到，发展中还存在一些问题和不足：一是… (patterns/outline.jsonl). A sentence
# naming a remedy (解决, 针对…) introduces measures instead.
_PROBLEM_NOUN = alternation(bundled_words("outline.jsonl", "PROBLEM_NOUN"))
_PROBLEM_CUE = alternation(bundled_words("outline.jsonl", "PROBLEM_CUE"))
_PROBLEM_REMEDY = alternation(bundled_words("outline.jsonl", "PROBLEM_REMEDY"))
_PROBLEM_HEADING = re.compile(r"(?:存在|面临)的?(?:主要)?(?:问题|困难)|问题(?:和|与|及)不足|不足|短板|差距|薄弱|(?:需要|有待|亟需|亟待)(?:改进|加强|提升|解决)的?(?:方面|地方|问题)")
_PLAN_HEADING = re.compile(r"安排|计划|打算|思路|下一步|明年|今后|展望|目标任务|工作重点|重点工作|工作任务|"
                           r"主要任务|总体要求|政策取向|预期目标|今年的工作|今年工作")
# Review parts that name their year's work (重点工作完成情况, 2023年工作回顾) are no plans.
_REVIEW_PART = re.compile(r"回顾|情况|成效|成绩|进展|完成|总结|做法|举措|主要工作$")


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
    # The title block (see `_find_header`): labelled header lines by kind (title, issuer, published ...),
    # the congress line and the place it names (河北省, 全国, or a bare 县), the delivery date
    # (YYYY-MM-DD) and which line gave it, the publication date, the speaker line.
    header: dict[str, str] = field(default_factory=dict)
    congress: str | None = None
    congress_place: str | None = None
    congress_span: tuple[int, int] | None = None  # the delivery note (date and session), a sentence of its own
    delivered: str | None = None
    delivered_source: str | None = None
    published: str | None = None
    speaker: str | None = None
    # A speech to a congress session (各位代表, a congress line, a title ending in 工作报告).
    session: bool = False
    # Where ``year`` (the reviewed year) came from: title, congress line, date line, header line, congress session,
    # or the body ("body", "body: five-year plan" ...; see `_body_year`).
    year_source: str | None = None
    plan_year: int | None = None
    # When the text's own dates disagree (a title year unlike the delivery date's).
    year_conflict: str | None = None
    # The session of the National People's Congress the speech says it is delivered to
    # (向第十届全国人民代表大会第一次会议报告): the report is the nation's.
    addressed_session: str | None = None
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


# ---------------------------------------------------------------- page chrome and the title block
#
# A report as published opens with a title block before its body:
#
#     标题：… / 发文单位：… / 发文时间：…      labelled header lines (a collection's or a page's)
#     下载 打印 【字号：加大 还原 减小】       page chrome
#     2024年某省政府工作报告                   the title (perhaps split over two lines, or spaced out)
#     ——2024年1月21日在某省第十四届人民代表大会第二次会议上   the congress line: delivery date and session
#     某省人民政府省长 某某                     the speaker line
#     各位代表：                               the salutation: the body of a speech starts here
#
# and a page may close with a footer (相关报道, 名词解释, 网站标识码 …).

_DATE_LINE = re.compile(r"^[(（]?\s*\d{4}\s*[年\-./]\s*\d{1,2}\s*[月\-./]\s*\d{1,2}\s*日?\s*[)）]?$")
_TITLE_LINE = re.compile(r"报告|工作要点|情况|总结|纲要")
_ISSUER_LINE = re.compile(r"(?:人民政府|政府|委员会|局|厅|办公室|委|院)$")
# How far into the text a title block may reach (lines, characters).
_HEADER_LINES, _HEADER_CHARS = 150, 4000

_CN_NUMERALS = "〇零一二三四五六七八九十"
# A full date: 2024年1月21日, 二〇〇四年一月八日 (a line break may fall inside).
_CN_DATE = re.compile(
    r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})(?!\d)")
# The session a speech is delivered to: 在河北省第十四届人民代表大会第二次会议上,
# 在第十四届全国人民代表大会第二次会议上, 在县十七届人民代表大会第五次会议上.
_CONGRESS = re.compile(
    rf"在\s*(?P<place>[^\s在，。,;；:：]{{0,24}}?)\s*(?:第?\s*[{_CN_NUMERALS}\d]+\s*届\s*)?(?P<nation>全国)?\s*"
    rf"人民代表大会\s*(?:常务委员会\s*)?第?\s*[{_CN_NUMERALS}\d]+\s*次\s*(?:全体)?\s*[会會]\s*[议議]"
)
# A congress line without its 在…上, a line of its own: 2019年1月29日某市某区第二届人民代表大会第三次会议.
_BARE_CONGRESS_LINE = re.compile(
    rf"^[ \t\u3000—―\-]*(?P<date>{_CN_DATE.pattern})?[ \t\u3000]*(?P<place>[{_CN}]{{0,24}}?)[ \t\u3000]*"
    rf"第?[ \t\u3000]*[{_CN_NUMERALS}\d]+[ \t\u3000]*届[ \t\u3000]*(?P<nation>全国)?[ \t\u3000]*人民代表大会"
    rf"[ \t\u3000]*第?[ \t\u3000]*[{_CN_NUMERALS}\d]+[ \t\u3000]*次[ \t\u3000]*(?:全体)?[ \t\u3000]*会议[ \t\u3000]*上?"
    rf"[ \t\u3000]*$",
    re.M,
)
# The salutation that opens a speech: 各位代表： / 各位代表、同志们： / 各位委员：
_SALUTATION = re.compile(r"^[ \t\u3000]*各位(?:代表|委员)[^。\n]{0,10}?[：:！!，,]")
# How far into a paragraph a salutation that opens it reaches (各位代表、同志们：).
_SALUTATION_REACH = 16
# The speaker line: [organ] office [name]: 省长 王某某, 某市人民政府市长 某某, 国务院总理 某某
_OFFICE = r"(?:代理|代)?(?:总理|省长|市长|县长|区长|州长|盟长|旗长|主席)"
# Spaces as pages leave them, an HTML entity among them (区长&nbsp; 某某).
_SP = r"(?:[ \t\u3000\xa0]|&nbsp;)"
_SPEAKER = re.compile(
    rf"^{_SP}*(?P<organ>[{_CN}]{{0,20}}?(?:人民政府|政府|国务院))?{_SP}*(?P<office>{_OFFICE})"
    rf"{_SP}*(?P<name>[{_CN}·][{_CN}·  \u3000]{{0,10}})?{_SP}*$"
)
# Where a title line's delivery note begins: ——2019年…, (2019年1月21日在…, 在…人民代表大会
_TITLE_TAIL = re.compile(r"[—―-]{1,2}|[(（]\s*(?=\d{4}|[〇零一二三四五六七八九]{4}|在)")
# Spaces set between the characters of a title (政 府 工 作 报 告).
_INNER_SPACE = re.compile(rf"(?<=[{_CN}])[ \t\u3000]+(?=[{_CN}])")
# A report delivered to a congress session is named for the session's year (2024年政府工作报告
# is delivered in 2024 and reviews 2023); other reports name the year they review.
# The organ's report to its congress (政府工作报告, 人大常委会工作报告); not a report on a task
# (法治政府建设工作报告, 依法行政工作报告), which names the year it reviews.
_SESSION_TITLE = re.compile(r"(?:政府|常务委员会|常委会|法院|检察院)工作报告(?:[(（][^()（）]{1,8}[)）])?$")


def is_session_title(title: str | None) -> bool:
    """True for the title of a report delivered to a congress session, named for the session's year.

    Examples
    --------
    >>> is_session_title("2024年政府工作报告"), is_session_title("政府工作报告（摘要）")
    (True, True)
    >>> is_session_title("关于2023年法治政府建设情况的报告"), is_session_title("某区2021年度法治政府建设工作报告")
    (False, False)
    """
    return bool(title and _SESSION_TITLE.search(title))


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


def _cn_int(s: str) -> int:
    """12, １２, 十二, 二〇〇四, 一九八○, 2 016 (digit by digit when there is no 十)."""
    s = re.sub(r"[ \u3000]", "", s)
    if s.isdigit():
        return int(s)
    if "十" in s:
        return cn_ordinal(s)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}
    return int("".join(str(digits[c]) for c in s))


def _iso(y: int, m: int, d: int) -> str | None:
    return f"{y:04d}-{m:02d}-{d:02d}" if 1900 < y < 2100 and 1 <= m <= 12 and 1 <= d <= 31 else None


def _parse_date(s: str) -> str | None:
    """The first full date in ``s`` as YYYY-MM-DD (2024年1月21日, 二〇〇四年一月八日, 2024-01-30)."""
    m = _CN_DATE.search(s)
    if m:
        return _iso(*(_cn_int(g) for g in m.groups()))
    m = _ISO_DATE.search(s)
    return _iso(*(int(g) for g in m.groups())) if m else None


def clean_title(raw: str) -> str:
    """A title as read from a title line: no label, no delivery note, no spaces between characters.

    Examples
    --------
    >>> clean_title("标题：某市政府工作报告——2014年2月10日在某市第十四届人民代表大会第二次会议上")
    '某市政府工作报告'
    >>> clean_title("政 府 工 作 报 告"), clean_title("政府工作报告 (2019年1月21日在某市…会议上) 某某")
    ('政府工作报告', '政府工作报告')
    """
    return _title_text(raw[slice(*_title_part(raw))])


def _title_part(raw: str) -> tuple[int, int]:
    """[start, end) of the title within a title line, before cleaning its inner spaces."""
    start = 0
    fld = header_field(raw)
    if fld and fld[0] == "title":
        start = len(raw) - len(raw.lstrip()) + raw.lstrip().index(fld[2]) if fld[2] else len(raw)
    end = len(raw)
    for rx in (_TITLE_TAIL, _CN_DATE, _ISO_DATE, _CONGRESS):
        m = rx.search(raw, start)
        if m and m.start() > start:
            end = min(end, m.start())
    while start < end and raw[start] in " \t\u3000":
        start += 1
    while end > start and raw[end - 1] in " \t\u3000—―-:：":
        end -= 1
    return start, end


def _title_text(raw: str) -> str:
    return _INNER_SPACE.sub("", raw).strip()


def _is_title_line(title: str) -> bool:
    return bool(title) and len(title) <= 60 and bool(_TITLE_LINE.search(title)) \
        and not any(c in title for c in "。！？；") and not _looks_like_prose(title)


def _salutation_line(text: str, spans: list[tuple[int, int]]) -> int | None:
    for i, (s, e) in enumerate(spans[:_HEADER_LINES]):
        if s > _HEADER_CHARS:
            break
        if _SALUTATION.match(text[s:e]):
            return i
    return None


def _header_fields(text: str, spans: list[tuple[int, int]], upto: int, st: ReportStructure) -> set[int]:
    """Read labelled header lines (标题：…) among the first ``upto`` lines; return their indexes."""
    found = set()
    for i, (s, e) in enumerate(spans[:upto]):
        fld = header_field(text[s:e])
        if not fld:
            continue
        kind, _, value = fld
        # A page's meta line may hold several fields apart by tabs or runs of spaces: keep the first.
        value = re.split(r"\t|\s{2,}|[?？]{2,}", value)[0].strip()
        found.add(i)
        if not value and i + 1 < len(spans):  # the value on the next line (来源：\n某某日报)
            ns, ne = spans[i + 1]
            nxt = text[ns:ne].strip()
            if nxt and len(nxt) <= 40 and not header_field(nxt):
                value = nxt
                found.add(i + 1)
        st.header.setdefault(kind, value)
        if kind == "body":
            break  # 正文： ends a collection's header
    return found


# How the first line of a title split over two lines ends: a year or a division (2024年某省 / 政府工作报告).
_TITLE_HEAD = re.compile(rf"(?:\d{{4}}\s*年度?|[{LEVEL_CHARS}])$")


def _title_candidates(text: str, spans: list[tuple[int, int]], lines: range, skip: set[int]):
    """(first line, last line, span, title) of the title lines among ``lines``; a title split over two lines is joined."""
    out = []
    for i in lines:
        if i in skip:
            continue
        s, e = spans[i]
        raw = text[s:e]
        if not raw.strip() or _is_chrome(raw) or _SPEAKER.match(raw) or _is_delivery_line(raw.strip()):
            continue
        a, b = _title_part(raw)
        title, last, end = _title_text(raw[a:b]), i, s + b
        if not _is_title_line(title) and i + 1 < len(spans):
            ns, ne = spans[i + 1]
            rest = _title_text(text[ns:ne])
            # 政府工作报 / 告, or 2024年某省 / 政府工作报告: a place or year line before the rest of the title
            if rest and title and (len(rest) <= 3 or _TITLE_HEAD.search(title) and len(title) <= 20) \
                    and _is_title_line(title + rest) and not any(c in title for c in _SENTENCE_END + "，,：:"):
                title, last = title + rest, i + 1
                end = ns + len(text[ns:ne].rstrip())
        if _is_title_line(title):
            out.append((i, last, (s + a, end), title))
    return out


def _find_header(text: str, st: ReportStructure) -> int:
    """Mark chrome and the title block; read its title, congress line, dates and speaker; return where the body starts."""
    spans = _lines(text)
    sal = _salutation_line(text, spans)
    fields = _header_fields(text, spans, sal if sal is not None else min(len(spans), 40), st)
    if sal is not None:
        body = _speech_header(text, spans, sal, fields, st)
    else:
        body = _page_header(text, spans, fields, st)
    _read_title_block(text[:body] if body < len(text) else text, st)
    if st.congress_span:
        cs, ce = st.congress_span
        if st.title_span and cs < st.title_span[1]:
            st.congress_span = None  # a title line that runs into its delivery note: keep the title
        else:
            st.chrome = [(s, e) for s, e in st.chrome if not (s < ce and cs < e)]
    _mark_tail(text, spans, body, st)
    return body


def _speech_header(text: str, spans: list[tuple[int, int]], sal: int, fields: set[int], st: ReportStructure) -> int:
    """A speech: everything before its salutation is the title block."""
    labelled = _labelled_title(text, spans, fields, st)
    cands = [] if labelled else _title_candidates(text, spans, range(sal), fields)
    if cands:
        # The fullest title: a page may show a short category name (工作报告) before the title.
        _, _, st.title_span, st.title = max(cands, key=lambda c: (len(c[3]), -c[0]))
    for j in range(sal):
        s, e = spans[j]
        in_title = st.title_span is not None and s <= st.title_span[1] and st.title_span[0] <= e
        if text[s:e].strip() and not in_title:
            st.chrome.append((s, e))
        m = _SPEAKER.match(text[s:e])
        if m and m.group("organ") and not st.issuer:
            st.speaker = m.group(0).strip()
            st.issuer = _issuer_of_speaker(m.group("organ"))
        elif m and not st.speaker:
            st.speaker = m.group(0).strip()
    st.session = True
    return spans[sal][0]


def _issuer_of_speaker(organ: str) -> str:
    return organ if organ.endswith(("人民政府", "国务院")) else organ[:-2] + "人民政府"


def _labelled_title(text: str, spans: list[tuple[int, int]], fields: set[int], st: ReportStructure) -> bool:
    for i in sorted(fields):
        s, e = spans[i]
        fld = header_field(text[s:e])
        if fld and fld[0] == "title" and fld[2]:
            a, b = _title_part(text[s:e])
            title = _title_text(text[s + a:s + b])
            if title:
                st.title, st.title_span = title, (s + a, s + b)
                if st.header.get("issuer"):
                    st.issuer = st.header["issuer"]
                return True
    return False


def _page_header(text: str, spans: list[tuple[int, int]], fields: set[int], st: ReportStructure) -> int:
    """A page or document without a salutation: chrome, an optional title block, then the body."""
    title_idx = None
    if _labelled_title(text, spans, fields, st):
        title_idx = max(i for i in fields if spans[i][0] <= st.title_span[0])
    else:
        for i, (s, e) in enumerate(spans[:25]):
            line = text[s:e].strip()
            if not line or _is_chrome(line) or i in fields:
                continue
            if _looks_like_prose(line) and not _TITLE_LINE.search(line[:40]):
                break
            if any(rx.match(line) for _, rx in _LINE_MARKERS):
                break  # the outline starts: this report has no title
            cands = _title_candidates(text, spans, range(i, i + 1), fields)
            if cands and len(line) <= 90 and not _looks_like_prose(line.split("(")[0]):
                _, title_idx, st.title_span, st.title = _fullest(text, spans, cands[0], fields)
                break
    body_line = 0
    if title_idx is not None:
        body_line = title_idx + 1
        if not st.issuer:
            _issuer_before(text, spans, title_idx, st)
        for j in range(title_idx):
            s, e = spans[j]
            if text[s:e].strip() and (s < st.title_span[0]):
                st.chrome.append((s, e))
    for j in range(body_line, len(spans)):
        s, e = spans[j]
        line = text[s:e].strip()
        if not line:
            continue
        if _is_chrome(line) or _DATE_LINE.match(line) or j in fields or header_field(line) and j < 40 \
                or _is_delivery_line(line) or (_SPEAKER.match(line) and j < 40):
            st.chrome.append((s, e))
            continue
        if title_idx is None and not _looks_like_prose(line) and len(line) <= 12 and j < 10 \
                and not any(rx.match(line) for _, rx in _LINE_MARKERS) and not any(c in line for c in _SENTENCE_END):
            st.chrome.append((s, e))  # navigation before an untitled body
            continue
        return s
    return len(text)


def _fullest(text: str, spans: list[tuple[int, int]], cand, fields: set[int]):
    """The title line, or the next line when it is a fuller title that contains this one (工作报告 / 某县2020年政府工作报告)."""
    j = cand[1] + 1
    while j < len(spans) and not text[spans[j][0]:spans[j][1]].strip():
        j += 1
    nxt = _title_candidates(text, spans, range(j, j + 1), fields) if j < len(spans) else []
    if nxt and cand[3] in nxt[0][3] and len(nxt[0][3]) > len(cand[3]):
        return nxt[0]
    return cand


def _is_delivery_line(line: str) -> bool:
    """A congress line of its own: ——2024年1月21日在某省第十四届人民代表大会第二次会议上."""
    m = _CONGRESS.search(line)
    if m is None:
        return bool(_BARE_CONGRESS_LINE.match(line))
    return not any(c in line for c in "。；") and len(line) - (m.end() - m.start()) <= 30


def _issuer_before(text: str, spans: list[tuple[int, int]], title_idx: int, st: ReportStructure) -> None:
    for j in range(title_idx - 1, -1, -1):
        s, e = spans[j]
        line = text[s:e].strip()
        if line and not _is_chrome(line) and _ISSUER_LINE.search(line) and len(line) <= 20:
            st.issuer = line
            st.title_span = (s + text[s:e].index(line), st.title_span[1])
            return


def _read_title_block(head: str, st: ReportStructure) -> None:
    """The congress line, the delivery date and the publication date of the title block ``head``."""
    m = _CONGRESS.search(head) or _BARE_CONGRESS_LINE.search(head)
    if m:
        st.congress = _INNER_SPACE.sub("", m.group(0))
        st.congress_place = "全国" if m.group("nation") else _INNER_SPACE.sub("", m.group("place"))
        st.session = True
        # The date stands right before the 在 (——2024年1月21日在…) or after the session (会议上（二〇〇四年一月八日）).
        before = head[max(0, m.start() - 24):m.start()]
        dates = list(_CN_DATE.finditer(before))
        near = before[dates[-1].start():] if dates else head[m.end():m.end() + 24]
        if m.groupdict().get("date"):
            near = m.group("date")
        start = m.start() - len(before) + dates[-1].start() if dates else m.start()
        end = m.end() + (1 if head[m.end():m.end() + 1] == "上" else 0)
        if not any(c in head[start:end] for c in "。；"):
            st.congress_span = (start, end)
        st.delivered = _parse_date(near)
        if st.delivered:
            st.delivered_source = "congress line"
    if not st.delivered:
        # A date line of its own in the title block, as a speech's title page gives it: （2008年3月27日）
        lines = [ln.strip() for ln in head.split("\n")]
        for ln in lines:
            if _DATE_LINE.match(ln) and not header_field(ln) and "年" in ln:
                st.delivered, st.delivered_source = _parse_date(ln), "date line"
                break
    published = st.header.get("published")
    if published:
        st.published = _parse_date(published)


def _mark_tail(text: str, spans: list[tuple[int, int]], body: int, st: ReportStructure) -> None:
    """Chrome inside and after the body.

    A page's buttons and separators are chrome wherever they stand; in the text's second half a
    footer (相关报道, 名词解释, 网站标识码 …) makes the rest chrome, and so do chrome lines
    (来源：…, 编辑：…) after the report's last words.
    """
    half = body + (len(text) - body) // 2
    marked = {s for s, _ in st.chrome}
    tail = False
    for i, (s, e) in enumerate(spans):
        if s < body or s in marked:
            continue
        line = text[s:e]
        if s >= half and not tail and is_tail_line(line):
            tail = True
            _mark_link_list(text, spans, i, st)
        if tail and line.strip() or is_button_line(line) or (s >= half and _is_chrome(line)):
            st.chrome.append((s, e))
    st.chrome = sorted(set(st.chrome))


def _mark_link_list(text: str, spans: list[tuple[int, int]], footer: int, st: ReportStructure) -> None:
    """The run of short lines without punctuation right before a footer: the page's link list (人民网 / 新华网 …)."""
    for j in range(footer - 1, -1, -1):
        s, e = spans[j]
        line = text[s:e].strip()
        if footer - j > 300:
            return
        if not line:
            continue
        if len(line) > 12 or any(c in line for c in _SENTENCE_END + "，,：:"):
            return
        st.chrome.append((s, e))


# ---------------------------------------------------------------- year
#
# gk:year is the year a report reviews: a work report delivered in 2024 reviews 2023 and plans 2024;
# 2023年法治政府建设情况的报告 reviews 2023.  `_find_year` reads it from the text alone, most
# specific statement first, and records which statement it came from.

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
_CHAPTER_YEAR = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]{1,3}[、．.]\s*((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)", re.M)
# A year as older reports also write it: １９９４年 (full-width digits), 一九五八年.
_ANY_YEAR = calendar.YEAR
# A review chapter's heading: 一、2023年工作回顾 / 2003年工作回顾 / 一、关于2014年政府工作 / 一、１９９４年国内工作的回顾 /
# 一、1998年工作回顾和1999年工作的总体要求 (the first year is the reviewed one)
_YEAR_REVIEW_CHAPTER = re.compile(
    rf"^[ \t\u3000]*(?:[一二三四五六七八九十]{{1,3}}[、．.]\s*)?[^\n\d０-９。，,]{{0,8}}?{_ANY_YEAR}"
    rf"(?!\s*[0-9０-９一二三四五六七八九十]{{1,2}}\s*月)[^\n。，,]{{0,16}}?"
    rf"(?:(?:回顾|总结|成就|情况)[^\n。，,]{{0,24}}|工作)[ \t\u3000]*$",
    re.M,
)


def _find_year(text: str, st: ReportStructure, body: int) -> int | None:
    """The reviewed year; sets ``st.year_source``, ``st.plan_year`` and ``st.year_conflict``."""
    title_year = _year_in(st.title)
    addressed = calendar.addressed_session(text, body, min(len(text), body + _OPENING))
    session = st.session or is_session_title(st.title) or addressed is not None
    st.session = session
    delivered = int(st.delivered[:4]) if st.delivered else None
    year = source = None
    if session:
        # A session report is named for the year it is delivered in and reviews the year before.
        for named, src in ((delivered, st.delivered_source), (title_year, "title"),
                           (int(st.published[:4]) if st.published else None, "header line"),
                           (addressed.year if addressed else None, "congress session")):
            if named:
                year, source = named - 1, src
                break
        if delivered and title_year and title_year != delivered:
            st.year_conflict = f"title names {title_year}, delivered {st.delivered}"
    elif title_year:
        year, source = title_year, "title"
    if addressed is not None:
        st.addressed_session = text[addressed.start:addressed.end]
    if year is None:
        year, source = _body_year(text, body, session)
    st.year_source = source
    st.plan_year = year + 1 if year else None
    return year


# How far into the body the opening reaches, where a speech says what it reviews and to whom it is delivered.
_OPENING = 3000
# The reviewed year said outright: 刚刚过去的１９８４年, 过去的2023年.
_PAST_YEAR = re.compile(r"(?:刚刚|刚)?过去的[ \u3000]*" + calendar.YEAR + r"(?![ \u3000]*(?:到|至|—|－|-|和|、))")  # not a span


def _body_year(text: str, body: int, session: bool) -> tuple[int | None, str | None]:
    """The reviewed year from the body alone, most specific statement first, and where it came from.

    A work report reviews the year its first chapter names (一、2018年工作回顾), though its body may
    open with the year of delivery; a report that names no year there says it otherwise: the year
    just past (刚刚过去的１９８４年), the five-year plan its first chapter reviews, the congress session
    or Party congress it names as the start of its review or as last year's, the span of a
    five-year review's comparisons (从1997年的…增加到2002年的…), the plans chapter's year.
    """
    opening = min(len(text), body + _OPENING)
    m = _first_review_heading(text, body)
    if m:
        return _cn_int(m.group(1)), "body"
    m = _PAST_YEAR.search(text, body, opening)
    if m and calendar.year_value(m.group(1)):
        return calendar.year_value(m.group(1)), "body: year past"
    cue = calendar.plan_review(text, body, min(len(text), body + 20000))
    if cue:
        return cue.year, "body: five-year plan"
    cue = calendar.session_cue(text, body, opening)
    if session and cue is None:
        cue = calendar.session_cue(text, opening, len(text))
        cue = cue if cue and cue.kind == "relative" else None  # deep in a speech, only 去年/今年 is safe
    if cue:
        return cue.year - 1, "body: congress session"
    cue = calendar.five_year_span(text, body, _first_chapter_end(text, body))
    if cue:
        return cue.year, "body: five-year span"
    plan = _first_plan_chapter(text, body) if session else None
    if plan:
        # A speech whose review chapter names no year (过去五年工作回顾) plans the year it is delivered in.
        return plan - 1, "body"
    m = _CHAPTER_YEAR.search(text, body) or calendar.first_year(text, body, len(text))
    return (calendar.year_value(m.group(1)), "body") if m else (None, None)


def _first_chapter_end(text: str, body: int) -> int:
    """Where the second numbered chapter (二、) starts, or 20000 characters into the body."""
    m = re.compile(r"^[ \t\u3000]*二[、．.]", re.M).search(text, body)
    return m.start() if m else min(len(text), body + 20000)


def _first_review_heading(text: str, body: int) -> re.Match | None:
    for m in _YEAR_REVIEW_CHAPTER.finditer(text, body, min(len(text), body + 20000)):
        if re.match(r"[ \t\u3000]*(?:[二三四五六七八九]|十)", m.group(0)):
            return None  # a later chapter (三、2011年的工作): the first chapter reviews no named year
        # 1998年工作回顾和1999年工作的总体要求 reviews 1998, though it also names the plans.
        if not _PLAN_HEADING.search(m.group(0)) or _REVIEW_PART.search(m.group(0)):
            return m
    return None


# Words of a plans chapter's heading beyond _PLAN_HEADING: 2018年经济社会发展总体要求和政策取向.
_PLAN_CHAPTER = re.compile(r"要求|任务|部署|取向|目标|建议")


def _first_plan_chapter(text: str, body: int) -> int | None:
    """The year the first year-naming chapter heading names, when that heading is about plans."""
    m = re.compile(rf"^[ \t\u3000]*[一二三四五六七八九十]{{1,3}}[、．.][^\n。]{{0,8}}?{_ANY_YEAR}[^\n。]{{0,30}}$",
                   re.M).search(text, body)
    if m and (_PLAN_HEADING.search(m.group(0)) or _PLAN_CHAPTER.search(m.group(0))):
        return _cn_int(m.group(1))
    return None


def _year_in(s: str | None) -> int | None:
    """The first year a title names, in any script (2022年, 二〇二二年, １９９４年), not a date's."""
    m = calendar.first_year(s, 0, len(s)) if s else None
    return calendar.year_value(m.group(1)) if m else None


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


def _join_lone_markers(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraphs with a marker left alone on its line (一是 / 第一， / 四、 / (五)) joined to the line after it.

    A page that sets an item's marker apart (in bold, or as a link) leaves it on a line of its own, and
    its words on the next; together they are the item.

    Examples
    --------
    >>> text = "一是\\n完善法规制度。\\n二是加强执法。"
    >>> [text[s:e] for s, e in _join_lone_markers(text, _paragraphs(text, 0, []))]
    ['一是\\n完善法规制度。', '二是加强执法。']
    """
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(paragraphs):
        s, e = paragraphs[k]
        nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        if (nxt is not None and _LONE_MARKER.fullmatch(text, s, e) and not _LONE_MARKER.fullmatch(text, *nxt)
                and not _line_marker(text, *nxt)):
            out.append((s, nxt[1]))
            k += 2
            continue
        out.append((s, e))
        k += 1
    return out


def _line_marker(text: str, s: int, e: int) -> _Marker | None:
    seg = text[s:e]
    for rank, rx in _LINE_MARKERS:
        m = rx.match(seg)
        if m:
            num = m.group(1)
            if not num and rank == RANK_SECTION and _closes_parenthesis(text, s):
                continue  # 细颗粒物（PM / 2.5 / ）浓度下降: the ")" closes a parenthesis a line break split
            start = s + m.end()
            gap = re.match(r"\s*\n\s*", text[start:e])  # a marker alone on its line (see `_join_lone_markers`)
            return _Marker(s, start + (gap.end() if gap else 0), rank, cn_ordinal(num) if num else None,
                           m.group(0).strip())
    return None


def _closes_parenthesis(text: str, s: int, reach: int = 40) -> bool:
    """Whether a parenthesis opened shortly before ``s`` is still open there.

    Examples
    --------
    >>> t = "细颗粒物（PM\\n2.5\\n）浓度下降。"
    >>> _closes_parenthesis(t, t.index("）")), _closes_parenthesis("深化改革。\\n）优化服务。", 6)
    (True, False)
    """
    before = text[max(0, s - reach):s]
    opened = max(before.rfind("（"), before.rfind("("))
    return opened >= 0 and opened > max(before.rfind("）"), before.rfind(")"))


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
    comma = min((text.find(c, s, end) for c in ",，" if text.find(c, s, end) > 0), default=-1)
    # An action clause after the first comma does not lengthen the lead (建设法治政府，始终坚持依法…).
    for m in _CLAUSE_OPENERS.finditer(text, s + 4, comma if comma > s else end):
        if text[m.start() - 1] not in "“\"《、,，":
            return m.start()
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

    # The tagger's generator, not its list: the first predicate word ends the search (and the HMM's
    # work on the words after it).
    return any(w.flag.startswith(_PREDICATE_TAGS) or w.flag == "vn" and i == 0
               for i, w in enumerate(jieba.posseg.cut(phrase)))


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
    if body[0] in _CLOSERS:
        return None  # the rest of a sentence a line break split (…（PM / 2.5 / ）浓度下降。)
    following = text[e:rest]
    clauses = sum(following.count(c) for c in "，,；;。！？!?")
    if clauses < 2 or len(following.strip()) < 2 * len(body):
        return None
    return end if _is_predicate(body) else None


class _Outline:
    """Keeps the open headings while the text is read in order."""

    def __init__(self, year: int | None, sentences: list[Sentence]) -> None:
        self.stack: list[Heading] = []
        self.headings: list[Heading] = []
        self.counters: dict[tuple[str, int], int] = {}
        self.children: dict[str, int] = {}  # the highest number among a heading's children
        self.problem_lists: dict[tuple[str, int], bool] = {}
        self.keys: set[str] = set()
        self.year = year
        self.sentences = sentences  # read so far: the last one introduces a list
        # Where the paragraph being read starts, and what the open lists look like (see `list_ends`):
        # each enumerated item's first item, the heading read just before a list began, the items
        # that stand inside a paragraph rather than open it.
        self.paragraph_start = -1
        self.paragraph = -1  # its index
        self.paragraph_of: dict[int, int] = {}
        self.list_first: dict[int, Heading] = {}
        self.list_intro: dict[int, Heading | None] = {}
        self.run_in: set[int] = set()
        self.paragraph_leads: set[int] = set()  # leads that open their paragraph
        self.ended: Heading | None = None  # the last item of the list a lead ended, if no item came since
        self._first: dict[tuple[int, int], Heading] = {}

    def current(self) -> Heading | None:
        return self.stack[-1] if self.stack else None


    def last_enum(self) -> Heading | None:
        top = self.current()
        return top if top and top.rank == RANK_ENUM else None

    def last_ordinal(self) -> Heading | None:
        """The innermost open item of a 第一，第二， list (a list of 一是 items may stand inside one)."""
        for h in reversed(self.stack):
            if h.rank != RANK_ENUM:
                return None
            if _is_ordinal(h):
                return h
        return None

    def open(self, rank: int, number: int | None, marker: str, start: int, end: int, text: str) -> Heading:
        marker = marker.strip()  # 一是 alone on its line reaches over the line break (see `_join_lone_markers`)
        anchor = self._list_anchor(number, marker.startswith("第")) if rank == RANK_ENUM else None
        while self.stack and self.stack[-1].rank >= rank and self.stack[-1] is not anchor:
            self.stack.pop()
        parent = self.current()
        key = (parent.outline if parent else "", rank)
        if number is None and rank == RANK_LEAD:
            # An unnumbered lead takes the number after its parent's last child of any kind, so
            # that it shares no outline number with a numbered sibling read before it.
            number = self.children.get(key[0], 0) + 1
        elif number is None:  # damaged marker: the next in sequence
            number = self.counters.get(key, 0) + 1
        self.counters[key] = number
        self.children[key[0]] = max(self.children.get(key[0], 0), number)
        # A label ends at a word: 首都功能持续提升，二是… leaves no comma in the first item's label.
        label = text.strip(_LABEL_TRIM)
        start += len(text) - len(text.lstrip(_LABEL_TRIM))
        end = start + len(label)
        h = Heading(start, end, label, rank, number, marker, parent)
        h.outline = f"{parent.outline}.{number}" if parent else str(number)
        h.key = h.outline if h.outline not in self.keys else f"{h.outline}-{start}"
        self.keys.add(h.key)
        h.problem = (bool(parent and parent.problem)
                     or rank <= RANK_CHAPTER and (parent is None or parent.rank == RANK_PART)
                     and bool(_PROBLEM_HEADING.search(text)))
        if rank >= RANK_ITEM and not h.problem:
            # A list's first item reads the sentence before it; the other items follow the first.
            first = number == 1 or key not in self.problem_lists
            h.problem = (bool(self.sentences) and is_problem_intro(self.sentences[-1].text) if first
                         else self.problem_lists[key])
            self.problem_lists[key] = h.problem
        h.planned = bool(parent and parent.planned) or _is_plan_heading(text, self.year)
        if rank == RANK_ENUM:
            self._track_list(h, number)
        if rank <= RANK_ENUM:
            self.ended = None
        self.paragraph_of[id(h)] = self.paragraph
        self.stack.append(h)
        self.headings.append(h)
        return h

    def _list_anchor(self, number: int | None, ordinal: bool = False) -> Heading | None:
        """The lead sentence a list of 一是 items stands under, if one introduces it.

        A lead sentence whose paragraph goes on into the list (继续实施积极的财政政策。一是…) or
        whose paragraph comes just before it (坚持优先发展教育事业。…重点抓好五个方面。 / 一是…)
        heads the list; the list's later items stand under the lead the first one stands under.
        The lead's reach then ends with the list (see `list_ends`).
        """
        top = self.current()
        if top is None:
            return None
        ended = self.ended
        if ended is not None and number == ended.number + 1:
            return self._reopen(ended.parent)  # the list goes on under the lead it stood under
        if number != 1 and top.rank == RANK_ENUM:
            previous = self.last_ordinal() if ordinal else top
            parent = previous.parent if previous is not None else None
            return parent if parent is not None and (parent.rank == RANK_LEAD or _is_ordinal(parent)) else None
        before = self.sentences[-1] if self.sentences else None
        if number != 1 or before is not None and is_problem_intro(before.text):
            return None  # a list of shortcomings is no lead's sub-goals
        if top.rank == RANK_ENUM and _is_ordinal(top) and not ordinal:
            return top  # 第一，…：一是…, the list of 一是 items inside the first point
        if top.rank == RANK_LEAD and not top.marker:
            # A lead run into its paragraph's middle (…。加强产业协作。…) may be a sentence read as one.
            return top if id(top) in self.paragraph_leads else None
        last = self.headings[-1]
        if (id(last) not in self.paragraph_leads or last.marker or last.parent is not top
                or self.paragraph - self.paragraph_of[id(last)] > _INTRO_REACH):
            return None
        if before is not None and before.start >= self.paragraph_start:
            return None  # the list's own paragraph introduces it (今年再办好十件实事。一是…)
        if (before is not None and self.paragraph_of[id(last)] < self.paragraph - 1
                and before.text.rstrip().endswith(("：", ":"))):
            return None  # a paragraph between the lead's and the list's introduces it (…做好以下工作：)
        return self._reopen(last)  # its paragraph ended, but the list it introduced begins

    def _reopen(self, lead: Heading | None) -> Heading | None:
        """Put ``lead`` back on the stack above its parent, if it is a lead sentence whose parent is open."""
        if lead is not None and lead in self.stack and _is_ordinal(lead):
            return lead  # a 第一， item the ended list stood in
        if lead is not None and lead.rank < RANK_ENUM and lead.parent is self.current() is not None:
            self.stack.append(lead)  # the section a salutation closed while its list went on
            return lead
        if lead is None or lead.rank != RANK_LEAD or lead.parent not in self.stack:
            return None
        while self.stack[-1] is not lead.parent:
            self.stack.pop()
        self.stack.append(lead)
        return lead

    def _track_list(self, h: Heading, number: int) -> None:
        """Note the first item of ``h``'s list and, for a first item, the heading read before it."""
        key = (id(h.parent), h.rank)
        if number == 1 or key not in self._first:
            self._first[key] = h
            self.list_intro[id(h)] = self.headings[-1] if self.headings else None
        self.list_first[id(h)] = self._first[key]

    def mark_run_in(self, h: Heading, at: int) -> None:
        """Record that the enumerated item ``h`` whose marker stands at ``at`` does not open its paragraph."""
        if at > self.paragraph_start:
            self.run_in.add(id(h))

    def list_ends(self) -> bool:
        """Whether a lead sentence opening the paragraph now read ends the open list of 一是 items.

        Such a lead (大力推进科技创新。) heads the sentences after it; it stands under the last
        item only when that item is itself a heading above such leads (一是…。 then paragraphs
        each opened by a lead).  The list's shape tells which: a list whose items stand inside a
        paragraph (…三个方面：一是…。二是…。) lists actions, and so does a list that follows a lead
        sentence at the same level (加快完善社会保障体系。一是…); either list ends with its last
        item's paragraph, and the new lead is a peer of the lead that introduced it.
        """
        item = self.last_enum()
        if item is None:
            return False
        first = self.list_first.get(id(item), item)
        if id(item) in self.run_in or id(first) in self.run_in:
            return True
        intro = first.parent if first.parent is not None and first.parent.rank == RANK_LEAD else self.list_intro.get(id(first))
        # The lead introduces the list when the list follows it closely (加快完善社会保障体系。… / 一是…);
        # a dash-led lead (——经济总体回升向好。) sums up results and introduces no list.
        return (intro is not None and id(intro) in self.paragraph_leads and not intro.marker
                and self.paragraph_of[id(first)] - self.paragraph_of[id(intro)] <= _INTRO_REACH)

    def end_list(self) -> None:
        """Close the open list of 一是 items (see `list_ends`), remembering its last item.

        The list closes with the lead sentence that introduced it; a 第一， item it stands
        in stays open.
        """
        item = self.ended = self.last_enum()
        if item is None:
            return
        holder = self.list_first.get(id(item), item).parent
        if holder is None or not _is_ordinal(holder):
            self.close(RANK_ENUM)
            return
        while self.stack and self.stack[-1] is not holder:
            self.stack.pop()

    def expected_item(self) -> int:
        """The number the next item of the open list would have (1 when no list is open).

        A list a lead sentence ended may still go on (…二是…。 a lead sentence read as one,
        then 三是…): its next number counts too, see `continues_list`.
        """
        enum = self.last_enum()
        return enum.number + 1 if enum else 1

    def expected_ordinal(self, expected: int) -> int:
        """The number the next 第N， item would have: after the open 第一， item, if one is open."""
        item = self.last_ordinal()
        return item.number + 1 if item is not None else expected

    def continues_list(self, number: int) -> bool:
        """Whether an item numbered ``number`` continues the list a lead sentence ended."""
        return self.ended is not None and number == self.ended.number + 1

    def close(self, rank: int) -> None:
        """Close the open headings of ``rank`` and deeper (a lead sentence's reach ends with its paragraph)."""
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()


def _is_ordinal(h: Heading) -> bool:
    """An item of a 第一，第二， list."""
    return h.rank == RANK_ENUM and h.marker.startswith("第")


def is_problem_intro(sentence: str) -> bool:
    """Whether ``sentence`` introduces a list of shortcomings (its items are then no goals).

    Examples
    --------
    >>> [is_problem_intro(s) for s in ("我们也清醒地认识到，发展中还存在一些问题和不足：",
    ...                                "但也要看到，我们面临不少困难和挑战。",
    ...                                "针对存在的问题，我们将采取以下措施：", "今年重点抓好以下工作：")]
    [True, True, False, False]
    """
    return (bool(_PROBLEM_NOUN.search(sentence)) and bool(_PROBLEM_CUE.search(sentence))
            and not _PROBLEM_REMEDY.search(sentence))


def _is_plan_heading(text: str, year: int | None) -> bool:
    """A heading of the plans part: 2024年工作安排, 今年重点工作, 下一步工作打算 (not a past year's).

    Examples
    --------
    >>> [_is_plan_heading(t, 2023) for t in ("2024年政府工作任务", "今年的工作", "2023年重点工作完成情况",
    ...                                        "2022年工作安排", "2024年目标任务和主要工作")]
    [True, True, False, False, True]
    """
    if not _PLAN_HEADING.search(text):
        return False
    m = _YEAR.search(text)
    if m and year and int(m.group(1)) > year:
        return True  # tasks of a year after the one reviewed: 2024年目标任务和主要工作
    if _REVIEW_PART.search(text):
        return False
    # A work report delivered in 2026 plans 2026 (2026年重点工作安排) and may take 2026 as its year;
    # only a year before the report's is a past plan.
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
        # A new list may start at 一是 after a sentence or a colon (原则：一是…), as it may start a sentence.
        if (n == expected and (at_start or n > 1)) or (n == 1 and at_start):
            cuts.append(m.start())
            expected = n + 1
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
    outline = _Outline(st.year, st.sentences)
    for s, e in sorted(span for span in (st.title_span, st.congress_span) if span):
        st.sentences.append(Sentence(s, e, text[s:e], None, body_start=e))
    paragraphs = _join_lone_markers(text, _paragraphs(text, body, st.chrome))
    bare, restarts = _bare_lines(text, paragraphs)
    for k, (ps, pe) in enumerate(paragraphs):
        if k in restarts:
            outline.close(RANK_PART)  # chapters numbered from 一 again, under no part line of their own
        part = _PART_LINE.fullmatch(text, ps, pe)
        if k in bare or part:
            rank = bare.get(k, RANK_PART)
            start = part.start("label") if part else ps
            h = outline.open(rank, cn_ordinal(part.group(2)) if part else None, part.group("marker") if part else "",
                             start, pe, text[start:pe].strip())
            st.sentences.append(Sentence(ps, pe, text[ps:pe], h, starts_heading=h, body_start=pe))
            continue
        outline.paragraph, outline.paragraph_start = k, ps
        if _SALUTATION.match(text[ps:min(pe, ps + _SALUTATION_REACH)]):
            # A speech turns to a new part with a salutation (各位代表！…): the open list ends,
            # unless its next item follows (a salutation may stand between two items).
            outline.end_list()
            if _next_marker_rank(text, paragraphs, k) != RANK_SECTION:
                # …and when no section follows before the next chapter, it speaks for the chapter
                # (各位代表！过去一年的成绩来之不易。…), not for the chapter's last section.
                outline.close(RANK_SECTION)
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


# A bare line as a heading: words and numbers, no punctuation but an enumeration comma inside (二〇二四年工作回顾).
_BARE_LINE = re.compile(r"[\u4e00-\u9fff〇“”0-9][\u4e00-\u9fff〇“”0-9、]{2,23}[\u4e00-\u9fff〇“”0-9]")
# A heading line of a parallel series may hold a comma or a colon inside (一年来，我们坚持…，城乡建设协同推进;
# 站在新起点：2012年工作回顾), never at its end; it is a heading only beside a sibling of its shape.
_SERIES_LINE = re.compile(r"[\u4e00-\u9fff〇“”0-9]{2,}[，,：:、][\u4e00-\u9fff〇“”0-9，,、]*[\u4e00-\u9fff〇“”0-9]")
_SERIES_MAX = 36
# A bare line heads the run of numbered chapters after it (2024年工作安排 / 今年要… / 一、…) when at most
# this many paragraphs introduce the run; a line farther off heads a chapter of its own (首先报告去年的工作
# and the review's paragraphs, then 一、 the year's tasks).
_PART_INTRO = 8


def _next_marker_rank(text: str, paragraphs: list[tuple[int, int]], k: int) -> int | None:
    """The rank of the first chapter or section marker after paragraph ``k`` (None at the end)."""
    for ps, pe in paragraphs[k + 1:]:
        marker = _line_marker(text, ps, pe)
        if marker and marker.rank <= RANK_SECTION:
            return marker.rank
    return None


def _chapter_numbers(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(paragraph index, number) of every paragraph opened by a chapter marker (一、)."""
    out = []
    for k, (ps, pe) in enumerate(paragraphs):
        m = _LINE_MARKERS[0][1].match(text[ps:min(pe, ps + 8)])
        if m:
            out.append((k, cn_ordinal(m.group(1))))
    return out


def _bare_lines(text: str, paragraphs: list[tuple[int, int]]) -> tuple[dict[int, int], set[int]]:
    """The outline rank of every bare heading line, and the chapters that restart without a part line.

    A bare line (no marker, no sentence end, a paragraph of prose after it) is read by where it stands:

    - a **part** (RANK_PART) when it heads a run of numbered chapters from 一 (2023年工作回顾 / 一、… 二、… /
      2024年工作安排 / 一、…): the nearest bare line before the run's first chapter, after the chapter before
      it; a report's first run needs a short introduction between (`_PART_INTRO`). In a report with parts
      every other bare line is a part too (一年来的工作回顾 before a plans part whose chapters are numbered);
    - a **chapter** (RANK_CHAPTER) before the report's first numbered chapter, or where none is numbered;
    - a **section** (RANK_SECTION) inside a numbered chapter (二、关于社会主义建设 / … / 关于教育改革问题).

    Lines of a parallel series with a comma or a colon inside (`_SERIES_LINE`: 一年来，我们坚持…，…) are
    sections under the heading above them, or chapters where none stands above. Returns ({paragraph index:
    rank}, indexes of the chapters numbered from 一 again with no part line of their own).

    Examples
    --------
    >>> review = "过去一年，我们攻坚克难、砥砺奋进，经济稳中有进，民生持续改善，社会和谐稳定。"
    >>> plan = "今年要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动高质量发展。"
    >>> text = (f"2023年工作回顾\\n{review}\\n一、稳增长\\n做了工作。\\n二、促改革\\n做了工作。\\n"
    ...         f"2024年工作安排\\n{plan}\\n一、扩内需\\n要做工作。\\n")
    >>> _bare_lines(text, _paragraphs(text, 0, []))
    ({0: 0, 6: 0}, set())
    """
    bare = [k for k in range(len(paragraphs)) if _bare_heading(text, paragraphs, k)]
    chapters = _chapter_numbers(text, paragraphs)
    runs = sum(1 for _, n in chapters if n == 1)
    ranks: dict[int, int] = {}
    restarts: set[int] = set()
    for i, (k, n) in enumerate(chapters):
        if n != 1:
            continue
        previous = chapters[i - 1][0] if i else -1
        line = next((j for j in reversed(bare) if previous < j < k), None)
        if line is not None and (runs > 1 or k - line - 1 <= _PART_INTRO):
            ranks[line] = RANK_PART
        elif i:
            restarts.add(k)
    first = chapters[0][0] if chapters else len(paragraphs)
    parts = RANK_PART in ranks.values()
    for k in bare:
        if k not in ranks:
            rank = _bare_rank(text, paragraphs, k, bare, chapters, parts)
            if rank is not None:
                ranks[k] = rank
    for series in _series(text, paragraphs):
        above = any(j < series[0] for j in ranks) or first < series[0]
        for k in series:
            ranks.setdefault(k, RANK_SECTION if above else RANK_CHAPTER)
    return ranks, restarts


def _bare_rank(text: str, paragraphs: list[tuple[int, int]], k: int, bare: list[int],
               chapters: list[tuple[int, int]], parts: bool) -> int | None:
    """The rank of the bare line ``k`` that heads no run of chapters (see `_bare_lines`), None for prose.

    Before the first numbered chapter it heads a chapter (a part where the report has parts); so it does
    after a run's last chapter in a report with parts. Between two chapters of one run it is a part-like
    line (2024年工作安排: the report numbers its chapters on across its parts), or a section of the chapter
    before it: a line shaped as the report's headings are (a clause: 加强党的领导), or one of two bare
    lines in that chapter (关于教育改革问题 / 关于向科学进军); a lone noun phrase (中国驰名商标) is a
    phrase a page set apart, read with its sentence.
    """
    before = [i for i, (c, _) in enumerate(chapters) if c < k]
    if not before:
        return RANK_PART if parts else RANK_CHAPTER
    nxt = before[-1] + 1
    inside = nxt < len(chapters) and chapters[nxt][1] != 1
    if parts and not inside:
        return RANK_PART
    line = text[paragraphs[k][0]:paragraphs[k][1]]
    if _PLAN_HEADING.search(line) or _REVIEW_PART.search(line):
        return RANK_PART if parts else RANK_CHAPTER
    end = chapters[nxt][0] if nxt < len(chapters) else len(paragraphs)
    siblings = sum(1 for j in bare if chapters[before[-1]][0] < j < end)
    return RANK_SECTION if siblings >= 2 or _verb_object(line) else None


_MANNER = alternation(bundled_words("adverbs.jsonl", "ADVERB", id="manner"))


def _verb_object(phrase: str) -> bool:
    """The phrase is a verb and its object, perhaps after a manner adverb (全面加强政府自身建设), as headings are.

    Examples
    --------
    >>> [_verb_object(t) for t in ("加强党的领导", "全面加强政府自身建设", "中国驰名商标", "民主法制建设")]
    [True, True, False, False]
    """
    m = _MANNER.match(phrase)
    rest = phrase[m.end():] if m else phrase
    word, tag = first_word(rest)
    return tag in ("v", "vn") and 0 < len(word) < len(rest)


def _parts(text: str, paragraphs: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """Bare lines that head parts (see `_bare_lines`), and the chapters that restart without one.

    Examples
    --------
    >>> review = "过去一年，我们攻坚克难、砥砺奋进，经济稳中有进，民生持续改善，社会和谐稳定。"
    >>> plan = "今年要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动高质量发展。"
    >>> text = (f"2023年工作回顾\\n{review}\\n一、稳增长\\n做了工作。\\n二、促改革\\n做了工作。\\n"
    ...         f"2024年工作安排\\n{plan}\\n一、扩内需\\n要做工作。\\n")
    >>> _parts(text, _paragraphs(text, 0, []))
    ({0, 6}, set())
    """
    ranks, restarts = _bare_lines(text, paragraphs)
    return {k for k, rank in ranks.items() if rank == RANK_PART}, restarts


# A part of a report above its chapters: 第一部分 2023年工作回顾, 第二篇, 第三章.
_PART_LINE = re.compile(r"[ \t\u3000]*(?P<marker>第([一二三四五六七八九十]{1,3})(?:部分|篇|章))[ \t\u3000:：、.．]*"
                        r"(?P<label>[^。！？；;\n]{2,30})")


def _line_before(text: str, s: int, floor: int) -> str:
    """The last non-blank line between ``floor`` and offset ``s`` (stripped; page chrome too), "" if none."""
    end = text.rfind("\n", 0, s)
    while end > floor:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line:
            return line
        end = start - 1
    return ""


def _stands_alone(text: str, paragraphs: list[tuple[int, int]], k: int) -> bool:
    """Paragraph ``k`` is a line of its own: the line before it ends a sentence, prose follows it.

    A line after one that ends mid-sentence (…视察河北 / 重要讲话 / 精神), after a bare dash or a bare marker
    ((五) / 改革开放 / 不断深化。), is the rest of a sentence that a line break (or a word set in bold) split.
    """
    if k + 1 >= len(paragraphs):
        return False
    before = _line_before(text, paragraphs[k][0], paragraphs[k - 1][0]) if k else ""
    # A closing quote ends no sentence by itself (“和平共处” / 五项原则 / 早已载入…): the mark before it must.
    ended = before.rstrip(_CLOSERS)[-1:] if before.rstrip(_CLOSERS) else ""
    if before and (ended not in _SENTENCE_END + ":：" or _DASH.fullmatch(before) or _LONE_MARKER.fullmatch(before)) \
            and not _heading_line(before):
        return False
    fs, fe = paragraphs[k + 1]
    s, e = paragraphs[k]
    if text[fs] in _CONTINUES:
        return False  # the next line goes on with the same sentence (全面建设小康社会 / ，重点在农村…)
    return fe - fs > 30 and any(c in text[fs:fe] for c in "。；;") and not _word_split(text[s:e], text[fs:fe])


def _heading_line(line: str) -> bool:
    """A numbered heading on a line of its own (一、主要工作成效): it ends no sentence, yet the line after it
    starts afresh (a bare section line under the chapter: 一、主要工作成效 / 强化法治建设组织领导 / …).

    Examples
    --------
    >>> _heading_line("一、主要工作成效"), _heading_line("（二）深化改革"), _heading_line("一、坚持党的领导，")
    (True, True, False)
    >>> _heading_line("二、"), _heading_line("三、我们要坚持稳中求进，推进改革")  # a lone marker; a run-in item
    (False, False)
    """
    marker = _line_marker(line, 0, len(line))
    return bool(marker and marker.number and marker.text_start < len(line) and len(line) <= _HEADING_LINE_MAX
                and not any(c in line[marker.text_start:] for c in "，,；;、"))


#: The longest numbered heading line a bare line may follow as after a sentence's end.
_HEADING_LINE_MAX = 30

# Marks that never open a sentence: a line starting with one goes on with the line before it.
_CONTINUES = "，,、；;：:。．）)”’」』》〉"


def _word_split(line: str, following: str) -> bool:
    """The line ends inside a word the next line goes on with (经济和社会发 / 展的好形势).

    Its last character is no word of its own and makes one with the first characters after the break.

    Examples
    --------
    >>> _word_split("经济和社会发", "展的好形势"), _word_split("2023年工作回顾", "过去一年，")
    (True, False)
    """
    import jieba  # loaded by the pipeline's segmenter anyway; only a few characters come here

    if len(list(jieba.cut(line[-4:]))[-1]) > 1:
        return False
    joined = line[-3:] + following[:3]
    at = 0
    for word in jieba.cut(joined):
        if at < 3 < at + len(word):
            return True
        at += len(word)
    return False


# A marker with no text after it on its line: (五), 一、, 二是.
_LONE_MARKER = re.compile(r"[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、．.是要]|第[一二三四五六七八九十]{1,3}[,，、]")


def _bare_heading(text: str, paragraphs: list[tuple[int, int]], k: int) -> bool:
    """Paragraph ``k`` is a bare line (words and numbers, no punctuation) standing alone before prose.

    Examples
    --------
    >>> text = "请予审议。\\n二〇二四年工作回顾\\n过去一年，我们推进改革开放，各项事业取得新成效。全市经济稳步增长，民生持续改善。"
    >>> _bare_heading(text, _paragraphs(text, 0, []), 1)
    True
    >>> broken = "学习贯彻总书记\\n重要讲话精神\\n和全会精神，推进改革开放，各项事业取得新成效。全市经济稳步增长，民生持续改善。"
    >>> _bare_heading(broken, _paragraphs(broken, 0, []), 1)
    False
    """
    s, e = paragraphs[k]
    return (bool(_BARE_LINE.fullmatch(text, s, e)) and not _line_marker(text, s, e) and not _ENUM.match(text, s)
            and not _ORDINAL_ENUM.match(text, s) and not _PART_LINE.fullmatch(text, s, e)
            and _stands_alone(text, paragraphs, k))


def _series(text: str, paragraphs: list[tuple[int, int]]) -> list[list[int]]:
    """Runs of heading lines of one shape with a comma or colon inside (一年来，我们坚持…，…).

    Two or more lines standing alone whose first comma or colon stands at the same place, with no numbered
    chapter between them, are a series of parallel headings; a single such line is a sentence a line break cut.
    """
    chapters = {k for k, _ in _chapter_numbers(text, paragraphs)}
    groups: dict[tuple[int, str, int], list[int]] = {}
    block = 0
    for k, (s, e) in enumerate(paragraphs):
        if k in chapters:
            block += 1
        if (e - s > _SERIES_MAX or not _SERIES_LINE.fullmatch(text, s, e) or _ENUM.match(text, s)
                or _ORDINAL_ENUM.match(text, s) or not _stands_alone(text, paragraphs, k)):
            continue  # 第一，… and 一是… lines are items of their own
        at = next(i for i in range(s, e) if text[i] in "，,：:、")
        groups.setdefault((block, text[at], at - s), []).append(k)
    return [ks for ks in groups.values() if len(ks) >= 2]


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
    if not after_marker and outline.list_ends():
        outline.end_list()
    h = outline.open(RANK_LEAD, None, dash.group(0) if dash else "", ts, end, text[ts:end])
    if not after_marker:
        outline.paragraph_leads.add(id(h))
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
        om = _ORDINAL_ENUM.match(text, s)
        enum = outline.last_enum()
        expected = outline.expected_item()
        found = m or om
        if found and outline.continues_list(cn_ordinal(found.group(1))):
            expected = cn_ordinal(found.group(1))
        if m and cn_ordinal(m.group(1)) in (expected, 1):
            ts = m.end()
            end = _lead_phrase(text, ts, e, cut=True)
            h = outline.open(RANK_ENUM, cn_ordinal(m.group(1)), m.group(0), ts, end, text[ts:end])
        elif om and cn_ordinal(om.group(1)) in (outline.expected_ordinal(expected), 1):
            ts = om.end()
            end = _lead_phrase(text, ts, e, cut=True)
            h = outline.open(RANK_ENUM, cn_ordinal(om.group(1)), om.group(0), ts, end, text[ts:end])
        elif (enum and enum.marker.endswith("是") and text[s] == "是" and s + 1 < e
              and re.match(f"[{_CN}]", text[s + 1])):
            # A damaged enumerator: the numeral before 是 was lost (in a list of 一是 items; after 第三，
            # a sentence opened by 是 is no item: 是吹牛皮吗？).
            end = _lead_phrase(text, s + 1, e, cut=True)
            h = outline.open(RANK_ENUM, None, "是", s + 1, end, text[s + 1:end])
        if h:
            outline.mark_run_in(h, s + len(text[s:e]) - len(text[s:e].lstrip(" \t\u3000")))
    if h:
        st.sentences.append(Sentence(s0, e, text[s0:e], h, starts_heading=h, body_start=h.end))
    else:
        st.sentences.append(Sentence(s, e, text[s:e], outline.current(), body_start=s))
