"""Namespaces used by govkg, and a helper to bind their prefixes."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCTERMS, GEO, ORG, PROV, RDFS, SKOS, SOSA, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["ELI", "GK", "ID", "NIF", "ORG", "SOSA", "bind_prefixes", "sparql_prefixes"]


class GK(DefinedNamespace):
    """The govkg ontology, ``https://w3id.org/govkg/def#``.

    One annotation per term declared in ``govkg.ttl``; ``tests/test_ontology.py``
    checks that the two hold the same terms. Unknown names raise ``AttributeError``.
    """

    _fail = True

    # owl:Class
    Action: URIRef  # One thing an agency did or plans to do: a verb with its object.
    Agency: URIRef  # An organ of the party, government, legislature, judiciary or CPPCC.
    Goal: URIRef  # What actions are done for: an outline heading of the report or a purpose phrase.
    Metric: URIRef  # An indicator: what is counted or measured.
    Observation: URIRef  # One number reported for a metric, with its unit and qualifier.
    Place: URIRef  # A named administrative area.
    Policy: URIRef  # A titled normative or planning document, cited in the text between 《 and 》.
    Region: URIRef  # A named area that is not one administrative division: a strategy region, new area or zone.
    Program: URIRef  # A named initiative: a campaign, reform, mechanism, platform, pilot or brand.
    Report: URIRef  # One published report; the NIF context its sentence offsets point into.
    Sentence: URIRef  # Evidence: a sentence of a report with its character offsets into the decoded text.
    Status: URIRef  # How far an action has got: completed, planned or ongoing.

    # owl:ObjectProperty
    contributesTo: URIRef  # The goal that an action, program or policy serves.
    evidence: URIRef  # A sentence of the report from which this node was extracted.
    hasObservation: URIRef  # A number reported as the output or result of the action.
    implements: URIRef  # The program an action carries out or advances.
    inPlace: URIRef  # The jurisdiction of an agency or of a report.
    inReport: URIRef  # The report a sentence, goal, action or observation belongs to.
    issuedBy: URIRef  # The agency that issued the report.
    ofMetric: URIRef  # The metric the observed number is a value of.
    performedBy: URIRef  # The agency that carries out the action.
    produces: URIRef  # The policy document an action issues (制定, 印发, 出台).
    status: URIRef  # Whether the action is completed, planned or ongoing.
    subGoalOf: URIRef  # The broader goal this goal is part of.
    within: URIRef  # The administrative division directly containing this place.

    # owl:DatatypeProperty
    divisionCode: URIRef  # The six-digit administrative division code; a town's is its county's code-name.
    contentHash: URIRef  # The SHA-256 digest of the decoded report text, in lowercase hexadecimal.
    extractorStamp: URIRef  # Which version of govkg's extraction rules made the report's graph.
    sourcePath: URIRef  # The whole source a report was read from: its absolute path, with #row=N for a collection's row.
    issuedSource: URIRef  # Where dcterms:issued was read: congress line, date line, header line or metadata.
    jurisdictionSource: URIRef  # Where the jurisdiction was read: title, congress line, issuer, metadata, body, override.
    headingLevel: URIRef  # The depth of the outline heading a goal comes from; absent for purpose goals.
    goalDepth: URIRef  # How many gk:subGoalOf steps lead from a goal up to the top of its report's goal tree.
    outlineNumber: URIRef  # The position of a heading in the report outline, such as 2.1.3.
    period: URIRef  # The year the work or the number is about: gk:year in the review part, gk:planYear in the plans.
    planYear: URIRef  # The year whose work the report plans: the year after gk:year.
    qualifier: URIRef  # A word that makes the number approximate or a bound: 余, 多, 以上, 近, 达, 左右.
    numbersInText: URIRef  # How many numbers in Arabic digits the report's text holds, dates left out (an audit signal).
    describedAs: URIRef  # Store bookkeeping: the description a report gives of a shared node, as N-Triples lines.
    awaitsJudgement: URIRef  # Store bookkeeping: a report written (or about to be) that a derived graph has not taken in yet.
    storedAnswer: URIRef  # Store bookkeeping: a library question's answer for one report, kept at build time (queries/answers.py).
    textFingerprint: URIRef  # The SHA-256 digest of the normalised report text: equal for the same report in another script or format.
    unit: URIRef  # The word after the number (户, %, 个工作日); the empty string when there is none.
    value: URIRef  # The reported number, normalised to a plain decimal (12.6万户 gives 126000).
    verb: URIRef  # The cue verb the action was recognised by.
    year: URIRef  # The year the report reviews (a work report delivered in 2024 reviews 2023).
    yearConflict: URIRef  # A note that the report's own dates disagree; gk:year is then suspect.
    yearSource: URIRef  # Where gk:year was read: title, congress line, date line, header line, metadata, body.

    # Follow-through (issue 12): derived links, in the named graph id/derived/follow-through
    FollowThrough: URIRef  # A derived judgement whether a planned action shows up as done in the next report.
    plan: URIRef  # The planned action judged.
    laterReport: URIRef  # The report of the same jurisdiction that reviews the plan's year.
    matchedAction: URIRef  # The completed or ongoing action of the later report that best matches the plan.
    score: URIRef  # How well the matched action matches the plan, from 0 to 1.
    verdict: URIRef  # done, partly done or no evidence, by the score's thresholds.

    # Targets and results (issue 13): derived pairs, in the named graph id/derived/target-results
    TargetResult: URIRef  # A derived pair: a target a report sets for a year and the result a later report gives for it.
    target: URIRef  # The planned observation that states the target.
    result: URIRef  # The completed observation of the year's review that pairs with the target.
    targetValue: URIRef  # The target, signed (a decrease negative): 下降3% is -3.
    targetUpper: URIRef  # The other bound of a target range, signed.
    resultValue: URIRef  # The result, signed.
    met: URIRef  # Whether the result meets the target, by its qualifier and the indicator's direction.
    outcome: URIRef  # met, exceeded, missed, no result or no later report.
    rule: URIRef  # The test applied to the result, as text: ≥ 5, ≈ 5 (≥ 4.75), 6–6.5.
    lowerIsBetter: URIRef  # True when less of the indicator is better (prices, unemployment, energy use).

    # Numbers (issue 11): what an observation measures, where and when; SOSA-aligned
    MeasureKind: URIRef  # What kind of figure an observation gives about its metric: a level, count, growth rate ...
    measureKind: URIRef  # The kind of figure the observation gives: level, count, growth rate, change, share ...
    refArea: URIRef  # The place the number is about: the report's jurisdiction unless it names another scope.
    upperBound: URIRef  # The upper bound of a range (6%-6.5%); gk:value is then the lower bound.
    periodLabel: URIRef  # The period as the text words it when it is not one year: 今后五年, “十四五”期间.
    periodStart: URIRef  # The first year of a period longer than one year.
    periodEnd: URIRef  # The last year of a period longer than one year.
    annualAverage: URIRef  # True when the number is an annual average over its period (年均).
    Level: URIRef  # A level or amount at a time: 地区生产总值5.2万亿元, 出庭应诉率97.8%.
    Count: URIRef  # A number of things done or found in the period: 办理案件143件.
    GrowthRate: URIRef  # A relative change, in % or times: 增长5%, 下降17%, 增长1.1倍.
    Change: URIRef  # An absolute change: 增加198项, 提高5.27个百分点.
    Share: URIRef  # A share of a whole: 占比, 比重.
    PerCapita: URIRef  # A value per person or household: 人均, 户均.
    Increase: URIRef  # What was newly added in the period: 新增市场主体12.6万户.
    Cumulative: URIRef  # A running total to date, not the period's increase: 累计108.1万户.

    # gk:Status individuals
    Completed: URIRef  # The report says the action has been done.
    Ongoing: URIRef  # The report says the action is under way and continues.
    Planned: URIRef  # The report says the action will be done.

    _NS = Namespace("https://w3id.org/govkg/def#")


# Vocabularies rdflib does not ship; ORG and SOSA are rdflib's own, re-exported here
# so that govkg code imports every namespace from one place.
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ID = Namespace("https://w3id.org/govkg/id/")

_PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "gk": GK,
    "id": ID,
    "nif": NIF,
    "eli": ELI,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "sosa": SOSA,
    "dcterms": DCTERMS,
    "geo": GEO,
    "xsd": XSD,
}
# SPARQL text may also want rdfs:, which rdflib binds on every graph anyway
_SPARQL_PREFIXES = {**_PREFIXES, "rdfs": RDFS}


def sparql_prefixes(*names: str) -> str:
    """PREFIX lines for a SPARQL text, from the same namespaces the graphs are bound with.

    Examples
    --------
    >>> print(sparql_prefixes("gk", "rdfs"), end="")
    PREFIX gk: <https://w3id.org/govkg/def#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    """
    return "".join(f"PREFIX {n}: <{_namespace_iri(_SPARQL_PREFIXES[n])}>\n" for n in names)


def _namespace_iri(ns) -> str:
    return str(ns._NS) if isinstance(ns, type) else str(ns)


def bind_prefixes(graph: Graph) -> None:
    """Bind the govkg prefixes on a graph, replacing other bindings of the same prefixes.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph or dataset (an ``rdflib.Dataset`` is a ``Graph``) to bind on.
        It is changed in place.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph()
    >>> bind_prefixes(g)
    >>> g.qname(GK.Action)
    'gk:Action'
    >>> str(dict(g.namespaces())["nif"])
    'http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#'
    """
    for prefix, namespace in _PREFIXES.items():
        # replace=True: a prefix bound elsewhere (rdflib pre-binds some) is taken over.
        graph.bind(prefix, str(namespace), override=True, replace=True)
