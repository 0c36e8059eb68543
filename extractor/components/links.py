"""govkg_links: what each action and number is linked to, decided before anything is written.

The other components find things (agencies, policies, numbers, actions); this
one reads how they stand to each other in the text and annotates the findings,
so that the RDF writer (`govkg.extractor.rdf`) only writes:

- an action's agent: an agency before its verb, in its clause or the sentence's subject;
- the policies it produces: a policy name in its reach, after an issuing verb
  (the shared vocabulary's ``ACTION`` verbs of role ``produces``) or under such a cue verb;
- the programs it implements, and the numbers it reports;
- the goals it contributes to: the purposes of its sentence, else the goal heading above it,
  else the report's overall goal;
- each number's status (planned when a target or the number of a planned action),
  its year or span of years, and whether it is about the report's place.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import ActionClause, Findings, Mention, Purpose, findings
from ..patterns import alternation, bundled_words, default_patterns_path, read_patterns, words
from ..structure import Sentence
from .actions import heading_year
from .base import PatternComponent
from .vocab import shared_vocabulary

__all__ = ["ActionLinker", "sentence_finder"]

# A report's own level as the report component names a national one: its numbers of 全国 are its own.
_NATIONAL_LEVELS = ("国", "nation", "国家")


@Language.factory("govkg_links", default_config={"patterns": None, "metrics": None})
def make_action_linker(nlp: Language, name: str, patterns: str | None, metrics: str | None) -> ActionLinker:
    return ActionLinker(nlp, name, patterns=patterns, metrics=metrics)


class ActionLinker(PatternComponent):
    """Fill the links of each `ActionClause` and the status and period of each number."""

    default_file = "links.jsonl"
    reads_vocabulary = True  # the verbs that issue documents: the shared ACTION verbs of role "produces"
    shared_vocabulary = staticmethod(shared_vocabulary)

    def __init__(self, nlp, name: str, *, patterns: str | None = None, metrics: str | None = None) -> None:
        self.metrics = metrics
        super().__init__(nlp, name, patterns=patterns)

    def _compile(self) -> None:
        self.issuing = alternation(tuple(w for w, role in self.vocab.roles().items() if role == "produces"))
        self.nation_scopes = frozenset(words(self.patterns, "NATION_SCOPE"))
        self.verb_before_number = _verb_before_number(self.metrics)
        governors = alternation(tuple(words(self.patterns, "AGENT_GOVERNOR"))).pattern
        adverbs = alternation(tuple(bundled_words("adverbs.jsonl", "ADVERB"))).pattern
        # 在县委领导下 / 始终与党中央保持一致 / 全市各部门在市委领导下: the agency is governed
        self.governed = re.compile(f"^(?:{adverbs}|始终)*(?:{governors})|(?:{governors})$")
        self.frame_end = re.compile(f"(?:{alternation(tuple(words(self.patterns, 'AGENT_FRAME_END'))).pattern})$")

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        sentence_at = sentence_finder(f.structure.sentences)
        mentions_in: dict[int, list[Mention]] = defaultdict(list)
        for m in f.mentions:
            mentions_in[sentence_at(m.start, -1)].append(m)
        quantities_in: dict[int, list[int]] = defaultdict(list)
        for i, q in enumerate(f.quantities):
            quantities_in[sentence_at(q.start, -1)].append(i)
        f.overall_goal = _overall_goal(f)
        purposes_in: dict[int, list[Purpose]] = defaultdict(list)
        for p in f.purposes:
            purposes_in[p.sentence].append(p)
        planned: set[int] = set()  # numbers of planned actions
        for a, scope_end in zip(f.actions, _scopes(f.actions, f.structure.sentences)):
            a.scope_end = scope_end
            sent = f.structure.sentences[a.sentence]
            a.goals = _goals_for(sent, purposes_in[a.sentence], f.overall_goal)
            self._link_mentions(f, a, sent, mentions_in[a.sentence])
            a.quantities = self._numbers(f, a, quantities_in[a.sentence], mentions_in[a.sentence])
            if a.status == "Planned":
                planned.update(a.quantities)
        f.quantities[:] = [self._number(f, q, i in planned, sentence_at) for i, q in enumerate(f.quantities)]
        f.linked = True
        return doc

    def _link_mentions(self, f: Findings, a: ActionClause, sent: Sentence, mentions: list[Mention]) -> None:
        """The agency that performs the action, the policies it produces, the programs it implements."""
        text = f.structure.text
        for m in mentions:
            if m.label == "AGENCY" and m.end <= a.start and _same_clause_or_subject(text, sent, m, a) \
                    and not self._governed(text, sent, m):
                a.agent = m
            elif a.start <= m.start < a.scope_end:
                if m.label == "POLICY" and (a.role == "produces" or self.issuing.search(text, a.start, m.start)):
                    a.produces.append(m)
                elif m.label == "PROGRAM":
                    a.implements.append(m)

    def _governed(self, text: str, sent: Sentence, m: Mention) -> bool:
        """An agency inside a frame of its clause is no agent: after a preposition or a verb whose
        object it is (在/按照/与/接受 X…), or before the frame's end (X…以来, X…领导下)."""
        start = max(sent.start, *(text.rfind(c, sent.start, m.start) + 1 for c in _CLAUSE_MARKS))
        ends = [i for i in (text.find(c, m.end, sent.end) for c in _CLAUSE_MARKS) if i >= 0]
        after = text[m.end:min(ends, default=sent.end)]
        return bool(self.governed.search(text[start:m.start]) or self.frame_end.search(after))

    def _numbers(self, f: Findings, a: ActionClause, candidates: list[int], mentions: list[Mention]) -> list[int]:
        """The numbers of the action's own clauses, and of verbless result clauses after it.

        A later clause that opens with a new subject (an agency: 市政府常务会议集中学法19次)
        or where a verb stands before its number (…增长200%建立4大基础库) reports
        something else: its numbers, and those after them, are not this action's.
        """
        out, previous_end = [], a.start + len(a.verb)
        for i in candidates:
            q = f.quantities[i]
            if not a.start <= q.start < a.scope_end:
                continue
            if q.start > a.end and self._other_statement(f.structure.text, previous_end, q.start, mentions):
                break
            out.append(i)
            previous_end = q.end
        return out

    def _other_statement(self, text: str, start: int, end: int, mentions: list[Mention]) -> bool:
        clause = max(text.rfind(c, start, end) for c in "，,；;") + 1
        if clause > 0 and any(clause <= m.start <= clause + 2 and m.label == "AGENCY" for m in mentions):
            return True
        return self.verb_before_number.search(text, start, end + 1) is not None  # +1: the lookahead sees the number

    def _number(self, f: Findings, q, planned: bool, sentence_at):
        """The number with its status, the year or span it is about, and whether the report's place is its place."""
        # A number in a plans part (下一步工作打算) is a target like the actions there, with or without
        # an action of its own (力争到年底，…合格率达到95%以上).
        i = sentence_at(q.start)
        heading = f.structure.sentences[i].heading if i is not None else None
        target = q.target or planned or (heading is not None and heading.planned)
        span = _span(q.period, q.year, f.year)
        year = None if span is not None else _period(f, q, target, sentence_at)
        local = q.scope not in self.nation_scopes or f.level in _NATIONAL_LEVELS
        return replace(q, status="Planned" if target else "Completed", about_year=year, span=span, local=local)


def sentence_finder(sentences: list[Sentence]):
    """``at(pos, default=None)``: the index of the first sentence holding ``pos``, else ``default``.

    Sentences stand in text order and do not overlap, so a position is found by
    bisection rather than in a table of every character (a million entries for a long report);
    sentences out of order or overlapping get the table.
    """
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]
    if any(ends[k] > starts[k + 1] for k in range(len(starts) - 1)):  # out of order or overlapping: a table
        table: dict[int, int] = {}
        for i, s in enumerate(sentences):
            for pos in range(s.start, s.end):
                table.setdefault(pos, i)
        return lambda pos, default=None: table.get(pos, default)

    def at(pos: int, default=None):
        i = bisect.bisect_right(starts, pos) - 1  # the only sentence that may hold pos: those before end sooner
        return i if i >= 0 and pos < ends[i] else default

    return at


def _overall_goal(f: Findings) -> Purpose | None:
    """The first purpose named before the outline starts states the report's overall goal."""
    st = f.structure
    first = st.headings[0].start if st.headings else len(st.text)
    return next((p for p in f.purposes if p.start < first), None)


def _goals_for(sent: Sentence, purposes: list[Purpose], overall: Purpose | None) -> list:
    """The goals (purposes or goal headings) an action of ``sent`` contributes to."""
    if purposes:
        return list(purposes)
    h = sent.heading
    while h is not None and not h.is_goal:
        h = h.parent
    if h is not None and not sent.heading.problem:
        return [h]
    if sent.heading is None and overall is not None:
        return [overall]
    return []


def _scopes(actions: list[ActionClause], sentences: list[Sentence]) -> list[int]:
    """Where each action's reach ends: at the next action of its sentence, or the sentence's end.

    Clauses without a verb of their own (223个事项“一件事一次办”) list further
    results of the action before them.
    """
    ends = []
    for i, a in enumerate(actions):
        nxt = actions[i + 1] if i + 1 < len(actions) else None
        ends.append(nxt.start if nxt is not None and nxt.sentence == a.sentence else sentences[a.sentence].end)
    return ends


_CLAUSE_MARKS = "，,；;：:"


def _same_clause_or_subject(text: str, sent: Sentence, m: Mention, a: ActionClause) -> bool:
    """An agency before the verb is the agent when it is the clause's or the sentence's subject."""
    between = text[m.end:a.start]
    return not any(c in between for c in "，,；;") or m.start <= sent.body_start + 12


def _period(f: Findings, q, target: bool, sentence_at) -> int | None:
    """The year a number is about: the year its clause names; a target's plan year; else the reviewed year."""
    if q.year:
        return q.year
    i = sentence_at(q.start)
    heading = f.structure.sentences[i].heading if i is not None else None
    plan_year = f.plan_year or (f.year + 1 if f.year else None)
    if target or (heading is not None and heading.planned):
        return heading_year(heading) or plan_year
    return f.year


@lru_cache(maxsize=8)
def _verb_before_number(metrics: str | None) -> re.Pattern:
    """A verb of ``metrics.jsonl`` right before a number: in a later clause it opens another statement."""
    rows = read_patterns(metrics or default_patterns_path("metrics.jsonl"))
    nominal = set(words(rows, "NOMINAL"))
    verbs = alternation(tuple(w for w in words(rows, "VERB") if w not in nominal))
    return re.compile(f"(?:{verbs.pattern})[\u4e00-\u9fff]{{0,3}}(?=[\\d一二两三四五六七八九十])")


_RELATIVE_SPAN = re.compile(r"(今后|未来|过去|近)?([一二两三四五六七八九十])年(来)?")


def _span(period: str, year: int | None, reviewed: int | None) -> tuple[int, int] | None:
    """The first and last year of a worded span: “十四五”, 2021-2025年, 今后五年, 过去五年 (None for one year).

    Examples
    --------
    >>> _span("“十四五”期间", None, 2023), _span("今后五年", None, 2023), _span("过去五年", None, 2023)
    ((2021, 2025), (2024, 2028), (2019, 2023))
    >>> _span("2023年", 2023, 2023) is None
    True
    """
    from ..numbers import to_number
    from .quantities import five_year_span

    if not period or year is not None:
        return None
    plan = five_year_span(period)
    if plan:
        return plan
    years = re.findall(r"(?:19|20)\d{2}", period)
    if len(years) == 2:
        return int(years[0]), int(years[1])
    m = _RELATIVE_SPAN.search(period)
    if m is None or not reviewed or not (m.group(1) or m.group(3)):
        return None
    n = int(to_number(m.group(2)) or 1)
    if m.group(1) in ("今后", "未来"):  # the years after the reviewed one
        return reviewed + 1, reviewed + n
    return reviewed - n + 1, reviewed  # 过去五年, 五年来, 近五年: ending with the reviewed year
