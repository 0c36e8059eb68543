"""Dated national events a report's text names, and the years they give it.

A report that names no year near its start often names the congress it is
delivered to (向第十届全国人民代表大会第一次会议报告), the session its review
starts from (第十一届全国人民代表大会第一次会议以来的五年), last year's or this
year's session or Party congress (去年９月第五届全国人民代表大会第三次会议,
今年党的十二大), or the five-year plan its first chapter reviews (“十一五”时期…的
回顾).  The years of these events are data, with their sources, in
``patterns/calendar.jsonl`` (``NPC_SESSION``: the year each session of the
National People's Congress opened; ``FIVE_YEAR_PLAN``: each plan's first and last
year; ``CPC_CONGRESS``: the year of each national congress of the Party), which
users extend when a new session is held.

Every function here gives the year the speech is **delivered** in (or, for a
five-year plan, the last year it reviews); the caller turns it into the
reviewed year (docs/model.md, "Dates and periods").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .patterns import default_patterns_path, read_patterns

__all__ = ["Cue", "npc_session_year", "addressed_session", "session_cue", "plan_review", "five_year_span",
           "year_value", "first_year", "YEAR"]

_NUM = "〇零○一二三四五六七八九十两"
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "两": 2}
# A year as reports write it: 2024年, １９９４年 (full-width), 一九八三年 / 一九八○年 (Chinese numerals),
# 1 9 9 7 年 / 2 016 年 (digits set apart by spaces, as some pages have them).
YEAR = (r"(?<![\d０-９.．])((?:19|20|１９|２０)[0-9０-９]{2}|[12](?:[ \u3000]?\d){3}|"
        r"[一二][九〇零○][〇零○一二三四五六七八九]{2})[ \u3000]*年")
_NOT_DATE = r"(?![ \u3000]*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[ \u3000]*月)"
_ANY_YEAR = re.compile(YEAR + _NOT_DATE)
# A session of the National People's Congress: 第十一届全国人民代表大会第一次会议, 十四届全国人大二次会议,
# 第四届全国人民代表大会 (a congress addressed without its session: its first). Never its Standing
# Committee's sessions (全国人大常委会第十四次会议), which are not in the table.
_NPC = re.compile(
    rf"第?[ \u3000]*(?P<c>[{_NUM}]+|\d+)[ \u3000]*届[ \u3000]*全国[ \u3000]*(?:人民代表大会|人大)(?![ \u3000]*常)"
    rf"(?:[ \u3000]*第?[ \u3000]*(?P<s>[{_NUM}]+|\d+)[ \u3000]*次[ \u3000]*(?:全体)?[ \u3000]*[会會][议議])?"
    rf"(?![ \u3000]*第?[ \u3000]*[{_NUM}\d]+[ \u3000]*次)"  # a session it cannot read is no first session
)
# A national congress of the Party: 党的十二大, 中国共产党第十二次全国代表大会, 中共十二大.
_CPC = re.compile(rf"(?:中国共产党|中共|党的)[ \u3000]*第?(?P<c>[{_NUM}]+)[ \u3000]*(?:次全国代表大会|大)")
# The speech names the session it is delivered to: 向第十届…第一次会议报告, 我们第一届…第一次会议.
_ADDRESSED = re.compile(r"(?:向|我们|请求)[ \u3000]*(?:这次|本次)?[ \u3000]*$")
# Words right after a session that make it the start of the time reviewed: …以来, …到现在, …闭幕到我们这次会议.
_SINCE = re.compile(r"[^。；\n]{0,12}?(?:以来|到现在|到这次|到我们这次|到本次)")
# How long ago: 以来的五年, 已经整整过去了五年, 已经一年零三个月了 (the whole years count).
_ELAPSED = re.compile(rf"([{_NUM}]{{1,3}})[ \u3000]*年(?![代度])")
# The time a paragraph reviews: 一年来, 一年多来, 五年来.
_YEARS_SINCE = re.compile(rf"([{_NUM}]{{1,3}})[ \u3000]*年多?来")
# A congress's whole term: 第六届全国人民代表大会期间.
_TERM = re.compile(r"[ \u3000]*(?:的)?[^。，\n]{0,8}?(?:期间|任期)")
# 去年９月第五届全国人民代表大会第三次会议, 去年召开的党的第十一次全国代表大会, 今年党的十二大.
_RELATIVE = {"去年": 1, "今年": 0, "明年": -1}
# Only where the word dates the event itself: 去年９月…会议, 去年召开的…, 今年党的十二大 (not 今年是…开局之年).
_RELATIVE_BEFORE = re.compile(
    r"(去年|今年|明年)[ \u3000]*(?:[0-9０-９一二三四五六七八九十]{1,3}[ \u3000]*月份?)?[ \u3000]*"
    r"(?:(?:胜利)?(?:召开|举行)的?)?[ \u3000]*$"
)
# A review of five years: 过去五年, 五年来, 过去的五年, 以来的五年.
_FIVE_YEARS = re.compile(r"过去(?:的)?五年|五年来|以来的五年")
# A five-year plan named as reviewed: 一、“十一五”时期国民经济和社会发展的回顾 / “六五”计划执行情况的回顾
# (not a part of one: 六五计划前两年的执行情况).
_PLAN_REVIEW = re.compile(
    rf"^[ \t\u3000]*(?:[一二三四五六七八九十]{{1,3}}[、．.])?[^\n。]{{0,10}}?[“\"「]?(?P<plan>[{_NUM}]{{1,3}}五)[”\"」]?"
    rf"(?:计划|规划|时期|期间)[^\n。年]{{0,24}}?(?:回顾|执行情况|总结)[^\n。]{{0,12}}$",
    re.M,
)
# Comparisons across five years in a five-year review: 从1997年的7.4万亿元增加到2002年的10.2万亿元,
# 2016年，全县生产总值…是2011年的1.6倍 / 比2011年增长.
_FROM_TO = re.compile(YEAR + r"[^。；\n]{0,30}?(?:增加|增长|提高|上升|下降|减少|扩大|达到|到)[^。；\n]{0,6}?" + YEAR)
_THEN_THAN = re.compile(YEAR + r"[^。；\n]{0,50}?(?:比|是|较)[ \u3000]*" + YEAR)


@dataclass(frozen=True)
class Cue:
    """A year a dated event gives a report: ``year`` and the text [start, end) that says so."""

    year: int
    start: int
    end: int
    kind: str  # "addressed", "relative", "since", "term", "plan", "span"


def year_value(s: str) -> int | None:
    """The year written as 2024, １９９４, 一九八○ or 2 016; None outside 1900-2099.

    Examples
    --------
    >>> year_value("１９９４"), year_value("一九八○"), year_value("2 016"), year_value("二〇二四")
    (1994, 1980, 2016, 2024)
    """
    s = re.sub(r"[ \u3000]", "", s)
    if s and all(c in _DIGITS for c in s):
        y = int("".join(str(_DIGITS[c]) for c in s))
    elif s.isdigit():
        y = int(s)  # int() reads full-width digits too
    else:
        return None
    return y if 1900 <= y <= 2099 else None


def _number(s: str | None) -> int | None:
    """十四, 十一, 五, 二十, 14 as a number."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    if len(s) == 1 and s in _DIGITS:
        return _DIGITS[s]
    return None


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[int, int], int], dict[int, int], dict[str, tuple[int, int]]]:
    rows = read_patterns(default_patterns_path("calendar.jsonl"))
    npc = {(int(r["congress"]), int(r["session"])): int(r["year"]) for r in rows if r["label"] == "NPC_SESSION"}
    cpc = {int(r["congress"]): int(r["year"]) for r in rows if r["label"] == "CPC_CONGRESS"}
    plans = {r["id"]: (int(r["start"]), int(r["end"])) for r in rows if r["label"] == "FIVE_YEAR_PLAN"}
    return npc, cpc, plans


def npc_session_year(congress: int, session: int = 1) -> int | None:
    """The year session ``session`` of the ``congress``-th National People's Congress opened.

    Examples
    --------
    >>> npc_session_year(14, 2), npc_session_year(5, 4), npc_session_year(30, 1)
    (2024, 1981, None)
    """
    return _table()[0].get((congress, session))


def _next_session(congress: int, session: int) -> int | None:
    """The year of the session after (congress, session): the next of this congress, or the next congress's first."""
    npc = _table()[0]
    return npc.get((congress, session + 1)) or npc.get((congress + 1, 1))


def _npc_mentions(text: str, start: int, end: int):
    for m in _NPC.finditer(text, start, end):
        congress, session = _number(m.group("c")), _number(m.group("s")) or 1
        if congress and npc_session_year(congress, session):
            yield m, congress, session


def addressed_session(text: str, start: int, end: int) -> Cue | None:
    """The NPC session a speech says it is delivered to, within [start, end).

    Examples
    --------
    >>> t = "各位代表：\\n现在，我代表国务院，向第十届全国人民代表大会第一次会议报告过去五年的工作。"
    >>> addressed_session(t, 0, len(t)).year
    2003
    """
    for m, congress, session in _npc_mentions(text, start, end):
        if _ADDRESSED.search(text, max(start, m.start() - 8), m.start()):
            return Cue(npc_session_year(congress, session), m.start(), m.end(), "addressed")
    return None


def session_cue(text: str, start: int, end: int) -> Cue | None:
    """The delivery year an NPC session or Party congress named in [start, end) gives the speech.

    In order: the session the review starts from (…以来, …到现在, with the years
    elapsed where the text says them, else the next session); a congress's whole
    term (第六届全国人民代表大会期间: the next congress's first session); a session or
    Party congress named as last year's, this year's or next year's.

    Examples
    --------
    >>> t = "第十一届全国人民代表大会第一次会议以来的五年，是极不平凡的五年。"
    >>> session_cue(t, 0, len(t)).year
    2013
    >>> t = "从去年９月第五届全国人民代表大会第三次会议到现在，已经过去了一年零两个月。"
    >>> session_cue(t, 0, len(t)).year
    1981
    >>> t = "按照今年党的十二大的精神，把全部经济工作转到以提高经济效益为中心的轨道上来。"
    >>> session_cue(t, 0, len(t)).year
    1982
    """
    for finder in (_since, _term, _relative):
        cue = finder(text, start, end)
        if cue:
            return cue
    return None


def _since(text: str, start: int, end: int) -> Cue | None:
    for m, congress, session in _npc_mentions(text, start, end):
        year = npc_session_year(congress, session)
        cue = _SINCE.match(text, m.end())
        sentence_end = _end_of(text, m.end(), "。；\n")
        paragraph_end = _end_of(text, m.end(), "\n")
        if cue:
            elapsed = _ELAPSED.search(text, cue.end(), sentence_end)
            years = _number(elapsed.group(1)) if elapsed else None
        else:
            # 第五届…第二次会议，号召…。经过一年多来…: the session opens a paragraph that reviews N years since.
            since = _YEARS_SINCE.search(text, m.end(), min(paragraph_end, m.end() + 150))
            if not since:
                continue
            years = _number(since.group(1))
        if not years:
            # The first session of a congress, in a speech reviewing five years: the next congress's first.
            opening = text[start:min(end, start + 1500)]
            years = 5 if session == 1 and _FIVE_YEARS.search(opening) else None
        delivered = year + years if years else _next_session(congress, session)
        if delivered:
            return Cue(delivered, m.start(), m.end(), "since")
    return None


def _term(text: str, start: int, end: int) -> Cue | None:
    for m, congress, session in _npc_mentions(text, start, end):
        if m.group("s") is None and _TERM.match(text, m.end()) and npc_session_year(congress + 1, 1):
            return Cue(npc_session_year(congress + 1, 1), m.start(), m.end(), "term")
    return None


def _relative(text: str, start: int, end: int) -> Cue | None:
    events = [(m, npc_session_year(c, s)) for m, c, s in _npc_mentions(text, start, end)]
    events += [(m, _table()[1].get(_number(m.group("c")) or 0)) for m in _CPC.finditer(text, start, end)]
    for m, year in sorted(events, key=lambda e: e[0].start()):
        rel = _RELATIVE_BEFORE.search(text, max(start, m.start() - 16), m.start())
        if rel and year:
            return Cue(year + _RELATIVE[rel.group(1)], rel.start(), m.end(), "relative")
    return None


def plan_review(text: str, start: int, end: int) -> Cue | None:
    """The last year of the five-year plan a chapter heading in [start, end) reviews (“十一五”时期…的回顾).

    Examples
    --------
    >>> t = "一、“十一五”时期国民经济和社会发展的回顾\\n“十一五”时期是极不平凡的五年。"
    >>> plan_review(t, 0, len(t)).year
    2010
    """
    plans = _table()[2]
    for m in _PLAN_REVIEW.finditer(text, start, end):
        period = plans.get(m.group("plan"))
        if period:
            return Cue(period[1], m.start(), m.end(), "plan")
    return None


def five_year_span(text: str, start: int, end: int) -> Cue | None:
    """The last year of a five-year review: the later year of comparisons five years apart in [start, end).

    Only a text whose opening speaks of five years (过去五年, 五年来) is asked.

    Examples
    --------
    >>> t = "一、过去五年工作回顾\\n国内生产总值从1997年的7.4万亿元增加到2002年的10.2万亿元。"
    >>> five_year_span(t, 0, len(t)).year
    2002
    """
    if not _FIVE_YEARS.search(text, start, min(end, start + 3000)):
        return None
    spans = []
    for m in _FROM_TO.finditer(text, start, end):
        spans.append((year_value(m.group(1)), year_value(m.group(2)), m))
    for m in _THEN_THAN.finditer(text, start, end):
        spans.append((year_value(m.group(2)), year_value(m.group(1)), m))
    later = sorted((b, m.start(), m.end()) for a, b, m in spans if a and b and b - a == 5)
    if not later:
        return None
    # The year most comparisons end in; of equals, the earlier in the text.
    counts: dict[int, list] = {}
    for b, s, e in later:
        counts.setdefault(b, []).append((s, e))
    year = max(counts, key=lambda y: (len(counts[y]), -min(counts[y])[0]))
    s, e = min(counts[year])
    return Cue(year, s, e, "span")


def first_year(text: str, start: int, end: int) -> re.Match | None:
    """The first year named in [start, end), in any of the ways reports write one (not a date's year)."""
    for m in _ANY_YEAR.finditer(text, start, end):
        if year_value(m.group(1)):
            return m
    return None


def _end_of(text: str, pos: int, stops: str) -> int:
    ends = [i for i in (text.find(c, pos) for c in stops) if i >= 0]
    return min(ends) if ends else len(text)
