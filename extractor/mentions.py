"""What the components find, kept as character offsets on the Doc.

jieba segments by context, so a name found by a pattern need not fall on
token boundaries.  Components therefore record mentions by character offsets
in ``doc._.govkg`` (a `Findings`) and only mirror them into ``doc.spans``
where they align with tokens, for users who inspect docs with spaCy tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from . import numbers
from .layout import Layout
from .structure import ReportStructure

__all__ = ["Mention", "Quantity", "Purpose", "ActionClause", "Findings", "findings"]


@dataclass(frozen=True)
class Mention:
    """A named thing found at [start, end); ``name`` is the surface form to record."""

    start: int
    end: int
    label: str  # AGENCY, PLACE, POLICY, PROGRAM
    name: str
    rule: str = ""
    level: str = ""  # for agencies: the level prefix (市, 县 ...) when relative
    canonical: str = ""  # for agencies: the full name within the jurisdiction


@dataclass(frozen=True)
class Quantity(numbers.Quantity):
    """A quantity of the number grammar, with the indicator it measures.

    ``subject`` is the indicator's clean name (地区生产总值): no verb, scope or
    period; those are the other fields, as `govkg_quantities` reads them.
    """

    subject: str
    kind: str = field(default="", kw_only=True)  # Level, Count, GrowthRate, Change, Share, PerCapita, ...
    scope: str = field(default="", kw_only=True)  # 全省, 全市, 全国 ... as written
    period: str = field(default="", kw_only=True)  # 2023年, 今后五年, “十四五”期间 ... as written
    year: int | None = field(default=None, kw_only=True)  # the year the number is about, when the text says
    average: bool = field(default=False, kw_only=True)  # 年均: an annual average over the period
    target: bool = field(default=False, kw_only=True)  # a planned value (主要预期目标, 力争), not a result
    # Set by govkg_links: Planned for a target or a number of a planned action, else Completed;
    # the year it is about (None when it spans years), the span of years (“十四五”: 2021-2025),
    # and whether the report's place is its place (not a national figure in a province's report).
    status: str = field(default="Completed", kw_only=True)
    about_year: int | None = field(default=None, kw_only=True)
    span: tuple[int, int] | None = field(default=None, kw_only=True)
    local: bool = field(default=True, kw_only=True)


@dataclass
class Purpose:
    """A purpose phrase (为…提供…保障): the aim named at [start, end)."""

    start: int
    end: int
    text: str
    sentence: int  # index into structure.sentences
    parent: Purpose | None = None


@dataclass
class ActionClause:
    start: int
    end: int
    text: str
    verb: str
    sentence: int
    role: str = "act"  # "produces" when the verb issues a document
    # Completed, Ongoing or Planned, from the clause's own markers and the section it stands in;
    # period: the year the action belongs to (the plan's year for planned work).
    status: str = "Completed"
    period: int | None = None
    # Set by govkg_links: where the action's reach ends (the next action of its sentence, or the
    # sentence's end), who performs it, the policies it produces, the programs it implements, the
    # numbers it reports (indices into Findings.quantities) and the goals it serves (goal headings
    # or purposes).
    scope_end: int = 0
    agent: Mention | None = None
    produces: list[Mention] = field(default_factory=list)
    implements: list[Mention] = field(default_factory=list)
    quantities: list[int] = field(default_factory=list)
    goals: list = field(default_factory=list)


@dataclass
class Findings:
    structure: ReportStructure
    jurisdiction: str | None = None
    level: str | None = None
    province: str | None = None
    # The city that contains a county's or district's jurisdiction (its 市委 is that city's).
    city: str | None = None
    # The jurisdiction's administrative division (a `govkg.extractor.gazetteer` entry), when known.
    division: object | None = None
    # The year the report reviews (gk:year; a work report delivered in 2024 reviews 2023), the year
    # it plans (gk:planYear), and where the year came from: title, congress line, date line,
    # header line, metadata, body or override.
    year: int | None = None
    plan_year: int | None = None
    year_source: str | None = None
    # The delivery date (YYYY-MM-DD) when the text or metadata gives it, else the publication date.
    issued: str | None = None
    issued_source: str | None = None
    # Set when the report's own dates (title, congress line, metadata) disagree: a note for audits.
    year_conflict: str | None = None
    # Where the jurisdiction came from: title, congress line, issuer, metadata, body or override.
    jurisdiction_source: str | None = None
    # The report's clean title: the text's own, or the metadata's where the text has none.
    title: str | None = None
    title_source: str | None = None
    # What the input's metadata says where the text may say nothing: title, place, year,
    # published, issuer, url (from a collection's columns or a page's meta tags).
    hints: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    purposes: list[Purpose] = field(default_factory=list)
    actions: list[ActionClause] = field(default_factory=list)
    # The purpose named before the outline starts: the report's overall goal (set by govkg_links).
    overall_goal: Purpose | None = None
    linked: bool = False  # govkg_links has run: the links above are set
    # One flag per character: inside quotes or 《》 (numbers there are names).
    quoted: list[bool] = field(default_factory=list)
    # The text as given and where each character read stands in it (soft line breaks and spacing
    # undone: `govkg.extractor.layout`); evidence points into the text as given.
    layout: Layout | None = None


if not Doc.has_extension("govkg"):
    Doc.set_extension("govkg", default=None)


def findings(doc: Doc) -> Findings:
    """The findings on ``doc``; raises if the structure component has not run."""
    f = doc._.govkg
    if f is None:
        raise ValueError("govkg_structure must run before the other govkg components")
    return f
