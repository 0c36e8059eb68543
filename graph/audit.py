"""A corpus audit: the signals a user needs before trusting a build.

For every report in a store: the jurisdiction and year found and where they
came from, the places the gazetteer confirms, the outline headings found as
goals, the numbers in the text against the observations made, reports that
share an identity, and anything suspicious (a place the gazetteer does not
know, an agency label the organ grammar rejects, a report without a
jurisdiction, a year outside the report's own dates).  Everything is read
from the store, report by report (each report is its own named graph), so the
audit describes what a user's queries will see.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from ..extractor.patterns import default_patterns_path, read_patterns
from ..ontology.namespace import sparql_prefixes
from .shared import SHARED_GRAPH
from .store import KnowledgeStore

__all__ = ["ReportAudit", "CorpusAudit", "audit_store", "audit_report", "is_organ_label"]

# Where dcterms:issued is the delivery date, not a later publication date (docs/model.md).
_DELIVERY_SOURCES = frozenset({"congress line", "date line"})
SHARED = f"<{SHARED_GRAPH}>"
_PREFIXES = sparql_prefixes("gk", "rdfs", "dcterms")
_REPORTS = _PREFIXES + """
SELECT ?g ?title ?source ?year ?yearSource ?place ?placeLabel ?placeSource ?issued ?issuedSource ?fingerprint
       ?numbers WHERE {
  GRAPH ?g {
    ?g a gk:Report .
    OPTIONAL { ?g dcterms:title ?title }
    OPTIONAL { ?g dcterms:source ?source }
    OPTIONAL { ?g gk:year ?year }
    OPTIONAL { ?g gk:yearSource ?yearSource }
    OPTIONAL { ?g gk:inPlace ?place }
    OPTIONAL { ?g gk:jurisdictionSource ?placeSource }
    OPTIONAL { ?g dcterms:issued ?issued }
    OPTIONAL { ?g gk:issuedSource ?issuedSource }
    OPTIONAL { ?g gk:textFingerprint ?fingerprint }
    OPTIONAL { ?g gk:numbersInText ?numbers }
  }
  # shared nodes are described once, in the shared graph (graph/shared.py)
  OPTIONAL { GRAPH ?g { ?g gk:inPlace ?in } GRAPH %s { ?in rdfs:label ?placeLabel } }
}""" % SHARED
# Places the report mentions (they carry evidence in its graph), with what confirms them.
_PLACES = _PREFIXES + """
SELECT ?g ?place ?label ?code ?region WHERE {
  GRAPH ?g { ?place gk:evidence ?sentence . }
  GRAPH %s {
    ?place a gk:Place .
    OPTIONAL { ?place rdfs:label ?label }
    OPTIONAL { ?place gk:divisionCode ?code }
    OPTIONAL { ?place a ?region . FILTER(?region = gk:Region) }
  }
}""" % SHARED
_AGENCIES = _PREFIXES + """
SELECT DISTINCT ?g ?agency ?label WHERE { GRAPH ?g { ?agency gk:evidence ?s }
  GRAPH %s { ?agency a gk:Agency ; rdfs:label ?label } }""" % SHARED
_COUNTS = _PREFIXES + """
SELECT ?g (COUNT(DISTINCT ?heading) AS ?headings) (COUNT(DISTINCT ?goal) AS ?goals)
       (COUNT(DISTINCT ?action) AS ?actions) (COUNT(DISTINCT ?obs) AS ?observations) WHERE {
  GRAPH ?g {
    { ?heading a gk:Goal ; gk:headingLevel ?level }
    UNION { ?goal a gk:Goal }
    UNION { ?action a gk:Action }
    UNION { ?obs a gk:Observation }
  }
} GROUP BY ?g"""


@dataclass
class ReportAudit:
    """What the audit finds for one report."""

    report: str
    title: str | None = None
    source: str | None = None
    jurisdiction: str | None = None
    jurisdiction_from: str | None = None
    jurisdiction_code: str | None = None
    year: int | None = None
    year_from: str | None = None
    issued: str | None = None
    issued_from: str | None = None
    places: int = 0
    places_confirmed: int = 0
    headings: int = 0
    goals: int = 0
    actions: int = 0
    observations: int = 0
    numbers_in_text: int | None = None
    fingerprint: str | None = None
    shares_identity_with: list[str] = field(default_factory=list)
    suspicious: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class CorpusAudit:
    """The audit of a whole store: each report, and the totals a user reads first."""

    reports: list[ReportAudit]

    @property
    def totals(self) -> dict[str, int | float]:
        n = len(self.reports)
        places = sum(r.places for r in self.reports)
        confirmed = sum(r.places_confirmed for r in self.reports)
        numbers = sum(r.numbers_in_text or 0 for r in self.reports)
        return {
            "reports": n,
            "with jurisdiction": sum(1 for r in self.reports if r.jurisdiction),
            "jurisdiction a division": sum(1 for r in self.reports if r.jurisdiction_code),
            "with year": sum(1 for r in self.reports if r.year),
            "places": places,
            "places confirmed": confirmed,
            "places confirmed share": round(confirmed / places, 3) if places else 1.0,
            "headings as goals": sum(r.headings for r in self.reports),
            "actions": sum(r.actions for r in self.reports),
            "numbers in text": numbers,
            "observations": sum(r.observations for r in self.reports),
            "reports sharing an identity": sum(1 for r in self.reports if r.shares_identity_with),
            "reports with something suspicious": sum(1 for r in self.reports if r.suspicious),
        }


def audit_store(kg: KnowledgeStore) -> CorpusAudit:
    """Audit every report in a store.

    Parameters
    ----------
    kg : KnowledgeStore
        An open store (read-only is enough).

    Returns
    -------
    CorpusAudit
        One `ReportAudit` per report, in IRI order, and the corpus totals.

    Examples
    --------
    >>> import tempfile
    >>> from govkg.graph.store import open_store
    >>> with open_store(tempfile.mkdtemp() + "/kg", writable=True) as kg:
    ...     audit_store(kg).totals["reports"]
    0
    """
    audits = [audit_report(kg, iri) for iri in _report_graphs(kg.store)]
    _mark_shared_identities(audits)
    return CorpusAudit(sorted(audits, key=lambda a: a.report))


def audit_report(kg: KnowledgeStore, report: str) -> ReportAudit:
    """Audit one report of the store (its IRI); see `audit_store`.

    Returns
    -------
    ReportAudit
    """
    store, graph = kg.store, ox.NamedNode(report)
    audit = ReportAudit(report)
    _read_report(store, graph, audit)
    _read_places(store, graph, audit)
    _read_counts(store, graph, audit)
    bad = sorted({label for label in _labels(store, _AGENCIES, graph) if not is_organ_label(label)})
    audit.suspicious += [f"agency label the organ grammar rejects: {label}" for label in bad]
    if not audit.jurisdiction:
        audit.suspicious.append("no jurisdiction")
    audit.suspicious += _year_problems(audit)
    return audit


def _report_graphs(store: ox.Store) -> list[str]:
    rows = store.query(_PREFIXES + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a gk:Report } }")
    return sorted(row["g"].value for row in rows)


def _read_report(store: ox.Store, graph: ox.NamedNode, audit: ReportAudit) -> None:
    for row in store.query(_REPORTS, substitutions={ox.Variable("g"): graph}):
        audit.title = _text(row["title"]) or audit.title
        audit.source = _text(row["source"]) or audit.source
        year = _text(row["year"])
        audit.year = int(year[:4]) if year and year[:4].isdigit() else audit.year
        audit.year_from = _text(row["yearSource"]) or audit.year_from
        audit.jurisdiction = _text(row["placeLabel"]) or audit.jurisdiction
        audit.jurisdiction_from = _text(row["placeSource"]) or audit.jurisdiction_from
        audit.issued = _text(row["issued"]) or audit.issued
        audit.issued_from = _text(row["issuedSource"]) or audit.issued_from
        audit.fingerprint = _text(row["fingerprint"]) or audit.fingerprint
        numbers = _text(row["numbers"])
        audit.numbers_in_text = int(numbers) if numbers else audit.numbers_in_text
        place = row["place"]
        if place is not None:
            code = store.query(_PREFIXES + f"SELECT ?p ?c WHERE {{ GRAPH {SHARED} {{ ?p gk:divisionCode ?c }} }}",
                               substitutions={ox.Variable("p"): place})
            audit.jurisdiction_code = next((r["c"].value for r in code), audit.jurisdiction_code)


def _read_places(store: ox.Store, graph: ox.NamedNode, audit: ReportAudit) -> None:
    confirmed: dict[str, bool] = {}
    labels: dict[str, str] = {}
    for row in store.query(_PLACES, substitutions={ox.Variable("g"): graph}):
        node = row["place"].value
        ok = row["code"] is not None or row["region"] is not None
        confirmed[node] = confirmed.get(node, False) or ok
        labels.setdefault(node, _text(row["label"]) or node)
    audit.places = len(confirmed)
    audit.places_confirmed = sum(confirmed.values())
    audit.suspicious += [f"place the gazetteer does not know: {labels[n]}"
                         for n in sorted(confirmed, key=labels.get) if not confirmed[n]]


def _read_counts(store: ox.Store, graph: ox.NamedNode, audit: ReportAudit) -> None:
    for row in store.query(_COUNTS, substitutions={ox.Variable("g"): graph}):
        audit.headings = int(row["headings"].value)
        audit.goals = int(row["goals"].value)
        audit.actions = int(row["actions"].value)
        audit.observations = int(row["observations"].value)


def _labels(store: ox.Store, query: str, graph: ox.NamedNode) -> list[str]:
    return [row["label"].value for row in store.query(query, substitutions={ox.Variable("g"): graph})]


def _year_problems(audit: ReportAudit) -> list[str]:
    if not audit.year:
        return ["no year"]
    issued = int(audit.issued[:4]) if audit.issued and audit.issued[:4].isdigit() else None
    if issued is None:
        return []
    # A report cannot review a year after its own date; delivered (not merely published on a
    # site, which may be years later), it reviews the year before or its own year.
    delivered = audit.issued_from in _DELIVERY_SOURCES
    if audit.year > issued or (delivered and audit.year < issued - 1):
        return [f"year {audit.year} outside the report's own dates (issued {audit.issued}, from the {audit.issued_from})"]
    return []


def _mark_shared_identities(audits: list[ReportAudit]) -> None:
    """Reports with the same text fingerprint, or the same jurisdiction and year, share an identity."""
    groups: dict[tuple, list[ReportAudit]] = defaultdict(list)
    for a in audits:
        if a.fingerprint:
            groups[("text", a.fingerprint)].append(a)
        if a.jurisdiction and a.year:
            groups[("place-year", a.jurisdiction, a.year)].append(a)
    for members in groups.values():
        if len(members) < 2:
            continue
        for a in members:
            a.shares_identity_with = sorted({*a.shares_identity_with, *(m.report for m in members if m is not a)})


@lru_cache(maxsize=1)
def _organ_rules() -> tuple[re.Pattern, ...]:
    rows = read_patterns(default_patterns_path("agencies.jsonl"))
    return tuple(re.compile(row["pattern"]) for row in rows if row.get("label") == "AGENCY")


def is_organ_label(label: str) -> bool:
    """Whether an agency's label ends in an organ the organ grammar (agencies.jsonl) knows.

    Examples
    --------
    >>> is_organ_label("南阳市司法局"), is_organ_label("河北省委"), is_organ_label("市长")
    (True, True, False)
    """
    texts = {label, label.removeprefix("中共")}
    return any(m.end() == len(text) for text in texts for rx in _organ_rules() for m in rx.finditer(text))


def _text(term) -> str | None:
    return term.value if term is not None else None
