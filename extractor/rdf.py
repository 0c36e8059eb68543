"""Turn a processed Doc into an RDF graph under the govkg ontology.

Every node the extractor makes points by ``gk:evidence`` to the sentences it
was read from; sentences carry their text and character offsets.  IRIs are
derived from names and offsets only, so the same text gives the same graph.

The builder writes N-Triples lines directly (`doc_to_ntriples`): making an
rdflib term for every node and literal cost more than the whole extraction.
`doc_to_triples` and `doc_to_graph` read those lines back into rdflib terms
for users who want them.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from spacy.tokens import Doc

from ..ontology.namespace import GK, ID, NIF, bind_prefixes
from .gazetteer import Division, gazetteer
from .iri import make_iri, segment, source_path
from .layout import Layout
from .components.links import ActionLinker, sentence_finder
from .components.report import NATION_NAME, place_chain
from .mentions import Findings, Mention, Purpose, findings
from .places import jurisdiction_division, region_within
from .structure import Heading
from .fingerprint import text_fingerprint
from .calendar import YEAR
from .numbers import count_numbers
from .stamp import extractor_stamp

__all__ = ["doc_to_graph", "doc_to_ntriples", "doc_to_triples", "report_iri", "to_ntriples"]

_TRAILING = "。，,；;：:！？!? \u3000"


def report_iri(f: Findings, source: str | None) -> URIRef:
    """``id/report/{jurisdiction}/{year}/{kind}``: year is gk:year (the reviewed year), kind read from the clean title."""
    title = f.title if f.title is not None else f.structure.title
    kind = _title_kind(title or "", f.jurisdiction) or (Path(source).stem if source else "report")
    return make_iri("report", f.jurisdiction or "unknown", str(f.year or "unknown"), kind)


def _title_kind(title: str, jurisdiction: str | None) -> str:
    """The kind of report a title names, without its place, issuer and year.

    Examples
    --------
    >>> _title_kind("某市人民政府关于2023年法治政府建设情况的报告", "某市")
    '法治政府建设情况的报告'
    >>> _title_kind("2024年中华人民共和国国务院政府工作报告", "中华人民共和国")
    '政府工作报告'
    >>> _title_kind("二〇二二年某县法治政府建设年度报告", "某县")
    '法治政府建设年度报告'
    """
    kind = re.sub(r"^.*?关于", "", title)
    for name in [jurisdiction or "", NATION_NAME, *place_chain(kind)]:
        if name:
            kind = kind.replace(name, "")
    kind = re.sub(YEAR + "度?", "", kind)  # 2023年度, 二〇二三年
    kind = re.sub(r"^(?:国务院|人民)(?=政府工作报告)", "", kind)
    return re.sub(r"[\s《》“”\"]", "", kind)


class _Terms:
    """The N-Triples form of a namespace's terms, made once: ``gk.Action`` is ``<…/def#Action>``.

    Names are looked up in the namespace first, so a `DefinedNamespace` still
    refuses a term the ontology does not declare.
    """

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        term = f"<{self._namespace[name]}>"
        setattr(self, name, term)
        return term

    __getitem__ = __getattr__


gk, nif, rdf, rdfs, dcterms, skos = (_Terms(ns) for ns in (GK, NIF, RDF, RDFS, DCTERMS, SKOS))
_ID = str(ID)
# N-Triples ECHAR: what may not stand as itself inside a quoted literal.
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NT_UNESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r"}


@lru_cache(maxsize=1)
def report_fingerprint(text: str) -> str:
    """`text_fingerprint`, kept for the last text: a build's worker fingerprints a report's text to find
    copies before extracting it, and its graph records the fingerprint (a few ms for a long report).

    Examples
    --------
    >>> report_fingerprint("一、依法履职") == text_fingerprint("一、依法履职")
    True
    """
    return text_fingerprint(text)


@lru_cache(maxsize=1 << 16)
def _iri(kind: str, *parts: str) -> str:
    """`make_iri` in N-Triples form, without making a URIRef (which checks every IRI again); kept, as the
    same names (agencies, places, metrics) recur in a report and across reports."""
    return f"<{_ID}{'/'.join([kind, *(segment(p) for p in parts)])}>"


def _text(value: str) -> str:
    """A plain literal."""
    return f'"{value.translate(_NT_ESCAPES)}"'


def _typed(lexical: str, datatype: URIRef) -> str:
    """A typed literal whose lexical form is already canonical (str of an int, a year)."""
    return f'"{lexical}"^^<{datatype}>'


def _decimal(value) -> str:
    """xsd:decimal as rdflib writes a Decimal: positional, never with an exponent (1E+5 → 100000)."""
    return f'"{value:f}"^^<{XSD.decimal}>'


_TRUE = f'"true"^^<{XSD.boolean}>'


@dataclass
class _Builder:
    doc: Doc
    f: Findings
    report: str  # the report's IRI in N-Triples form: <…>
    # N-Triples lines, not rdflib terms: URIRef and Literal cost more than the whole extraction.
    lines: set[str] = field(default_factory=set)
    original: str | None = None
    used_sentences: set[int] = field(default_factory=set)
    report_place: str | None = None  # the report's gk:inPlace, which its numbers are about by default
    sentence_iris: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = self.f.structure.text  # not doc.text, which is rebuilt on every access
        # Where the text read stands in the text as given: IRIs and evidence point there.
        self.layout = self.f.layout or Layout(self.text, self.text)
        self.quoted_text = self.original if self.original is not None else self.layout.source
        self.base = self.report[1:-1]  # the report's IRI, for the IRIs of its parts
        self.sentence_at = sentence_finder(self.f.structure.sentences)

    # -- helpers

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.add(f"{s} {p} {o} .\n")

    def sentence_iri(self, i: int) -> str:
        self.used_sentences.add(i)
        node = self.sentence_iris.get(i)
        if node is None:
            s = self.f.structure.sentences[i]
            node = self.sentence_iris[i] = f"<{self.base}/sentence/{self.span(s.start, s.end)}>"
        return node

    def span(self, start: int, end: int) -> str:
        """``start-end`` of a span of the text read, as positions in the text as given."""
        return f"{self.layout.source_start(start)}-{self.layout.source_end(end)}"

    def evidence(self, node: str, pos: int) -> None:
        i = self.sentence_at(pos)
        if i is not None:
            self.add(node, gk.evidence, self.sentence_iri(i))

    def label(self, node: str, text: str) -> None:
        self.add(node, rdfs.label, _text(text))

    # -- the parts
    def build(self, source: str | None) -> set[str]:
        self.add_report(source)
        agencies = self.add_named("AGENCY", gk.Agency, self.agency_iri)
        places = self.add_places()
        policies = self.add_named("POLICY", gk.Policy, lambda m: _iri("policy", m.name))
        programs = self.add_named("PROGRAM", gk.Program,
                                  lambda m: _iri("program", self.f.jurisdiction or "unknown", m.name))
        goals = self.add_goals()
        self.add_actions(goals, {**agencies, **places, **policies, **programs})
        self.add_unattached_quantities()
        self.add_sentences()
        return self.lines

    def add_report(self, source: str | None) -> None:
        f, r = self.f, self.report
        self.add(r, rdf.type, gk.Report)
        self.add(r, rdf.type, nif.Context)
        given = self.layout.source  # the text as given: what a build's ledger hashes
        self.add(r, gk.textFingerprint, _text(report_fingerprint(given)))
        digest = hashlib.sha256(given.encode("utf-8")).hexdigest()
        self.add(r, gk.contentHash, _text(digest))
        self.add(r, gk.extractorStamp, _text(extractor_stamp()))
        self.add(r, gk.numbersInText, _typed(str(count_numbers(self.text)), XSD.nonNegativeInteger))
        # Dates and periods (docs/model.md): the reviewed year, the plan year, the issue date,
        # and where each came from, so that an audit can tell a title's year from a guess.
        if f.year:
            self.add(r, gk.year, _typed(str(f.year), XSD.gYear))
            self.add(r, gk.yearSource, _text(f.year_source or "unknown"))
        if f.plan_year:
            self.add(r, gk.planYear, _typed(str(f.plan_year), XSD.gYear))
        if f.issued:  # rdflib's form, which normalises a date it can read
            self.add(r, dcterms.issued, _nt(Literal(f.issued, datatype=XSD.date)))
            self.add(r, gk.issuedSource, _text(f.issued_source or "unknown"))
        if f.year_conflict:
            self.add(r, gk.yearConflict, _text(f.year_conflict))
        if f.jurisdiction:
            self.add(r, gk.jurisdictionSource, _text(f.jurisdiction_source or "unknown"))
        title = f.title if f.title is not None else f.structure.title
        if title:
            self.add(r, dcterms.title, _text(title))
            self.label(r, title)
        if source:  # the file name to read, the whole source to tell two files of one name apart
            self.add(r, dcterms.source, _text(Path(source).name))
            self.add(r, gk.sourcePath, _text(source_path(source)))
        place = self.jurisdiction_place()
        if place is not None:
            self.add(r, gk.inPlace, place)
        self.report_place = place

    # -- places
    def jurisdiction_place(self) -> str | None:
        """The report's place: its division's node when the gazetteer knows it, else one keyed by its name."""
        d = jurisdiction_division(self.f)
        if d is not None:
            return self.division_node(d)
        j = self.f.jurisdiction
        if not j:
            return None
        place = _iri("place", j)
        self.add(place, rdf.type, gk.Place)
        self.label(place, j)
        return place

    def division_node(self, d: Division, surfaces: set[str] = frozenset()) -> str:
        """``id/place/{code}``: the division with its names and code, and every division above it (gk:within)."""
        g = gazetteer()
        node = _iri("place", d.code)
        self.add(node, rdf.type, gk.Place)
        self.label(node, d.name)
        self.add(node, gk.divisionCode, _text(d.code))
        for alias in sorted((set(g.names(d)) | set(surfaces)) - {d.name}):
            self.add(node, skos.altLabel, _text(alias))
        if d.parent is not None:
            self.add(node, gk.within, self.division_node(g.get(d.parent)))
        return node

    def region_node(self, name: str, surfaces: set[str]) -> str:
        """``id/region/{name}``: a named region, within the division containing it when one does."""
        node = _iri("region", name)
        self.add(node, rdf.type, gk.Region)
        self.add(node, rdf.type, gk.Place)  # stores answer without inference: a region is a place
        self.label(node, name)
        for alias in sorted(set(surfaces) - {name}):
            self.add(node, skos.altLabel, _text(alias))
        outer = region_within(name, within=jurisdiction_division(self.f))
        if outer is not None:
            self.add(node, gk.within, self.division_node(outer))
        return node

    def place_iri(self, m: Mention) -> str:
        if m.level == "region":
            return _iri("region", m.canonical or m.name)
        return _iri("place", m.canonical or m.name)

    def add_places(self) -> dict[tuple[int, int], str]:
        """One node per division (keyed by its code) or region; surface forms become altLabels."""
        g = gazetteer()
        groups: dict[str, list[Mention]] = defaultdict(list)
        for m in self.f.mentions:
            if m.label == "PLACE":
                groups[self.place_iri(m)].append(m)
        spans = {}
        for node, ms in sorted(groups.items()):
            surfaces = {m.name for m in ms}
            d = g.get(ms[0].canonical) if ms[0].level != "region" and ms[0].canonical else None
            if d is not None:
                self.division_node(d, surfaces)
            elif ms[0].level == "region":
                self.region_node(ms[0].canonical or ms[0].name, surfaces)
            else:  # a place the gazetteer does not know (a pattern a user added): keyed by its name
                self.add(node, rdf.type, gk.Place)
                self.label(node, ms[0].name)
            for m in ms:
                self.evidence(node, m.start)
                spans[(m.start, m.end)] = node
        return spans

    def agency_iri(self, m: Mention) -> str:
        """One IRI per body in every report: its canonical name, or the report's place and the name
        as written when the report does not say whose body it is (县委 in a city's report)."""
        if m.level and m.canonical == m.name:  # relative and unresolved: scope it to this report's place
            return _iri("agency", self.f.jurisdiction or "unknown", m.name)
        return _iri("agency", m.canonical or m.name)

    def add_named(self, label: str, cls: str, iri_of) -> dict[tuple[int, int], str]:
        """One node per name; surface forms become altLabels."""
        groups: dict[str, list[Mention]] = defaultdict(list)
        for m in self.f.mentions:
            if m.label == label:
                groups[iri_of(m)].append(m)
        spans = {}
        for node, ms in sorted(groups.items()):
            name = ms[0].canonical or ms[0].name
            self.add(node, rdf.type, cls)
            self.label(node, name)
            for surface in sorted({m.name for m in ms} - {name}):
                self.add(node, skos.altLabel, _text(surface))
            for m in ms:
                self.evidence(node, m.start)
                spans[(m.start, m.end)] = node
            if label == "AGENCY":
                self.agency_place(node, ms[0])
        if label == "AGENCY":
            self.issuer(groups)
        return spans

    def agency_place(self, node: str, m: Mention) -> None:
        """The division an agency belongs to (the report's jurisdiction, its city or its province).

        The city and province are the jurisdiction's divisions above it, nodes of the
        graph through gk:within; a place the gazetteer does not know is linked only
        when it is the jurisdiction or the report names it.
        """
        name = m.canonical or m.name
        f = self.f
        for place in sorted({p for p in (f.jurisdiction, f.city, f.province) if p}, key=len, reverse=True):
            if name.startswith(place):
                iri = self.jurisdiction_place() if place == f.jurisdiction else self.named_place(place)
                if iri is not None:
                    self.add(node, gk.inPlace, iri)
                return

    def named_place(self, name: str) -> str | None:
        """The node of a division above the report's (its city or province), or of a place the report names."""
        g = gazetteer()
        d = jurisdiction_division(self.f)
        outer = g.resolve(name, within=d)
        if outer is not None and d is not None and g.contains(outer, d):
            return self.division_node(outer)
        iri = _iri("place", name)
        named = {self.place_iri(m) for m in self.f.mentions if m.label == "PLACE"}
        return iri if iri in named else None

    def issuer(self, groups: dict[str, list[Mention]]) -> None:
        st = self.f.structure
        if not st.title_span:
            return
        for node, ms in sorted(groups.items()):
            if any(st.title_span[0] <= m.start < st.title_span[1] for m in ms):
                self.add(self.report, gk.issuedBy, node)
                return

    # -- goals
    def add_goals(self) -> dict:
        st = self.f.structure
        goals: dict = {}
        parents: dict[str, str | None] = {}  # each goal's one gk:subGoalOf, for gk:goalDepth
        overall = self.f.overall_goal
        for h in st.headings:
            if not h.is_goal:
                continue
            node = f"<{self.base}/goal/{h.key}>"
            goals[id(h)] = node
            self.goal_node(node, h.text.strip(_TRAILING), h.start)
            self.add(node, gk.headingLevel, _typed(str(h.outline.count(".") + 1), XSD.integer))
            self.add(node, gk.outlineNumber, _text(h.outline))
            parent = _goal_parent(h)
            parents[node] = None
            if parent is not None:
                parents[node] = f"<{self.base}/goal/{parent.key}>"
            elif overall is not None:
                parents[node] = self.purpose_iri(overall)
        for p in self.f.purposes:
            node = self.purpose_iri(p)
            goals[id(p)] = node
            self.goal_node(node, p.text, p.start)
            heading = st.sentences[p.sentence].heading
            parents[node] = None
            if heading is not None and heading.is_goal:
                parents[node] = goals[id(heading)]
            elif overall is not None and p is not overall:
                parents[node] = self.purpose_iri(overall)
        for node, depth in _goal_depths(parents).items():
            if parents.get(node) is not None:
                self.add(node, gk.subGoalOf, parents[node])
            self.add(node, gk.goalDepth, _typed(str(depth), XSD.integer))
        return goals

    def goal_node(self, node: str, text: str, pos: int) -> None:
        self.add(node, rdf.type, gk.Goal)
        self.label(node, text)
        self.add(node, gk.inReport, self.report)
        self.evidence(node, pos)

    def purpose_iri(self, p: Purpose) -> str:
        return f"<{self.base}/goal/p{self.layout.source_start(p.start)}>"

    # -- actions and numbers (what links to what, govkg_links decided)
    def add_actions(self, goals: dict, named: dict[tuple[int, int], str]) -> None:
        self.attached: set[int] = set()
        for a in self.f.actions:
            node = f"<{self.base}/action/{self.span(a.start, a.end)}>"
            self.add(node, rdf.type, gk.Action)
            self.label(node, a.text.strip(_TRAILING))
            self.add(node, gk.verb, _text(a.verb))
            self.add(node, gk.inReport, self.report)
            self.add(node, gk.evidence, self.sentence_iri(a.sentence))
            self.add(node, gk.status, gk[a.status])
            if a.period:
                self.add(node, gk.period, _typed(str(a.period), XSD.gYear))
            for goal in a.goals:
                self.add(node, gk.contributesTo, goals[id(goal)])
            for m in a.produces:
                self.add(node, gk.produces, named[(m.start, m.end)])
            for m in a.implements:
                self.add(node, gk.implements, named[(m.start, m.end)])
            if a.agent is not None:
                self.add(node, gk.performedBy, named[(a.agent.start, a.agent.end)])
            for i in a.quantities:
                self.add(node, gk.hasObservation, self.observation(self.f.quantities[i]))
                self.attached.add(i)

    def add_unattached_quantities(self) -> None:
        for i, q in enumerate(self.f.quantities):
            if i not in self.attached:
                self.observation(q)

    def observation(self, q) -> str:
        """One number (see docs/model.md, Numbers): its indicator, kind, place, period and status."""
        node = f"<{self.base}/observation/{self.span(q.start, q.end)}>"
        metric = _iri("metric", q.subject)
        self.add(metric, rdf.type, gk.Metric)
        self.label(metric, q.subject)
        self.add(node, rdf.type, gk.Observation)
        self.label(node, q.text)
        self.add(node, gk.value, _decimal(q.value))
        if q.upper is not None:
            self.add(node, gk.upperBound, _decimal(q.upper))
        self.add(node, gk.unit, _text(q.unit))
        if q.qualifier:
            self.add(node, gk.qualifier, _text(q.qualifier))
        self.add(node, gk.status, gk[q.status])
        if q.kind:
            self.add(node, gk.measureKind, gk[q.kind])
        if q.local and self.report_place is not None:  # the jurisdiction the number is about (全省, no scope word)
            self.add(node, gk.refArea, self.report_place)
        self.observation_time(node, q)
        self.add(node, gk.ofMetric, metric)
        self.add(node, gk.inReport, self.report)
        self.evidence(node, q.start)
        return node

    def observation_time(self, node: str, q) -> None:
        """gk:period for one year; the worded span and its years for longer ones (今后五年, “十四五”)."""
        if q.about_year:
            self.add(node, gk.period, _typed(str(q.about_year), XSD.gYear))
        if q.period and q.year is None:
            self.add(node, gk.periodLabel, _text(q.period))
        if q.span is not None:
            self.add(node, gk.periodStart, _typed(str(q.span[0]), XSD.gYear))
            self.add(node, gk.periodEnd, _typed(str(q.span[1]), XSD.gYear))
        if q.average:
            self.add(node, gk.annualAverage, _TRUE)

    def add_sentences(self) -> None:
        sentence, report = gk.Sentence, self.report
        count = f"^^<{XSD.nonNegativeInteger}>"
        for i in sorted(self.used_sentences):
            s = self.f.structure.sentences[i]
            node = self.sentence_iris[i]
            self.add(node, rdf.type, sentence)
            begin, end = self.layout.source_start(s.start), self.layout.source_end(s.end)
            self.add(node, nif.anchorOf, _text(self.quoted_text[begin:end]))
            self.add(node, nif.beginIndex, f'"{begin}"{count}')
            self.add(node, nif.endIndex, f'"{end}"{count}')
            self.add(node, nif.referenceContext, report)
            self.add(node, gk.inReport, report)


def _goal_parent(h: Heading) -> Heading | None:
    p = h.parent
    while p is not None and not p.is_goal:
        p = p.parent
    return p


def _goal_depths(parents: dict[str, str | None]) -> dict[str, int]:
    """Each goal's number of ``gk:subGoalOf`` steps up to the top of its report's goal tree.

    Every goal has at most one parent, so a query can count the steps between
    two goals of one branch as the difference of their depths instead of
    walking the path (queries/actions-feeding-goal.rq).  A parent outside
    ``parents`` is a top goal (depth 0).

    Examples
    --------
    >>> _goal_depths({"<a>": None, "<b>": "<a>", "<c>": "<b>", "<d>": "<a>"})
    {'<a>': 0, '<b>': 1, '<c>': 2, '<d>': 1}
    """
    depths: dict[str, int] = {}
    for node in parents:
        path = [node]  # up to the first goal whose depth is known, or the top
        while (up := parents.get(path[-1])) is not None and up not in depths:
            if up in path:  # a cycle cannot come out of an outline; guard against looping anyway
                raise ValueError(f"gk:subGoalOf cycle through {up}")
            path.append(up)
        base = depths[up] + 1 if up is not None else 0
        for i, n in enumerate(reversed(path)):
            depths[n] = base + i
    return {node: depths[node] for node in parents}


def doc_to_ntriples(doc: Doc, *, source: str | None = None, original: str | None = None) -> str:
    """The N-Triples of one processed report: sorted lines, one triple a line.

    Parameters are those of `doc_to_graph`.  The text is what
    ``to_ntriples(doc_to_triples(doc))`` gives, made without rdflib terms: this
    is what a build writes.

    Examples
    --------
    >>> from govkg.extractor import process
    >>> doc = process("一、依法履职\\n市司法局印发《行政执法办法》。")
    >>> [line.split()[2] for line in doc_to_ntriples(doc, source="demo.txt").splitlines() if "#produces>" in line]
    ['<https://w3id.org/govkg/id/policy/行政执法办法>']
    """
    return _join(_lines(doc, source, original))


def doc_to_triples(doc: Doc, *, source: str | None = None, original: str | None = None) -> set:
    """The triples of one processed report, as a set of rdflib term tuples.

    Parameters are those of `doc_to_graph`.  The builder writes N-Triples
    lines (`doc_to_ntriples`); this reads them back into rdflib terms.
    """
    terms: dict[str, object] = {}  # a node recurs in many lines: one term for each

    def term(text: str):
        node = terms.get(text)
        if node is None:
            node = terms[text] = _term(text)
        return node

    out = set()
    for line in _lines(doc, source, original):
        s, p, o = line[:-3].split(" ", 2)
        out.add((term(s), term(p), term(o)))
    return out


def _lines(doc: Doc, source: str | None, original: str | None) -> set[str]:
    f = findings(doc)
    if not f.linked:  # a pipeline saved before govkg_links existed, or one without it: the default links
        _default_linker()(doc)
    given = f.layout.source if f.layout is not None else f.structure.text
    if original is not None and len(original) != len(given):
        raise ValueError("the original text must have the same length as the text the Doc was made from")
    return _Builder(doc, f, f"<{report_iri(f, source)}>", original=original).build(source)


@lru_cache(maxsize=1)
def _default_linker() -> ActionLinker:
    return ActionLinker(None, "govkg_links")


def doc_to_graph(doc: Doc, *, source: str | None = None, original: str | None = None) -> Graph:
    """The RDF graph of one processed report.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        A Doc that went through the govkg pipeline.
    source : str, optional
        The file the text came from, recorded as ``dcterms:source``.
    original : str, optional
        The text as published when the Doc holds a converted copy of the same
        length (Traditional characters read as Simplified): evidence quotes it.

    Returns
    -------
    rdflib.Graph
    """
    graph = Graph()
    bind_prefixes(graph)
    graph.addN((s, p, o, graph) for s, p, o in doc_to_triples(doc, source=source, original=original))
    return graph


def to_ntriples(triples: set) -> str:
    r"""N-Triples of a triple set, one triple a line, lines sorted so the same triples give the same text.

    Literals are written as N-Triples wants them (rdflib's ``n3()`` writes a
    multi-line literal triple-quoted, which is Turtle, not N-Triples).

    Examples
    --------
    >>> print(to_ntriples({(URIRef("urn:s"), RDFS.label, Literal('第一行\n"第二行"'))}), end="")
    <urn:s> <http://www.w3.org/2000/01/rdf-schema#label> "第一行\n\"第二行\"" .
    """
    terms: dict = {}  # a term recurs in many triples (the report, the predicates): written once

    def nt(term) -> str:
        text = terms.get(term)
        if text is None:
            text = terms[term] = _nt(term)
        return text

    return _join([f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples])


def _join(lines) -> str:
    """The lines sorted, as one text; a file name's undecodable bytes (surrogate escapes) become "?", as rdflib
    writes them."""
    out = "".join(sorted(lines))
    if _SURROGATE.search(out):  # a search, not a trial encoding: that copies the whole text once more
        out = "".join(sorted(line.encode("utf-8", "replace").decode("utf-8") for line in lines))
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def _nt(term) -> str:
    if not isinstance(term, Literal):
        return term.n3()
    text = f'"{str(term).translate(_NT_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


_ECHAR = re.compile(r'\\[\\"nr]')
_LITERAL = re.compile(r'"(.*)"(?:@([-a-zA-Z0-9]+)|\^\^<([^>]*)>)?', re.S)


def _term(text: str):
    """The rdflib term of one term the builder wrote: ``<iri>`` or a literal."""
    if text.startswith("<"):
        return URIRef(text[1:-1])
    m = _LITERAL.fullmatch(text)
    value = _ECHAR.sub(lambda e: _NT_UNESCAPES[e.group(0)], m.group(1)) if "\\" in m.group(1) else m.group(1)
    return Literal(value, lang=m.group(2), datatype=URIRef(m.group(3)) if m.group(3) else None)
