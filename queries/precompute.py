"""Computing a report's stored answers (`govkg.queries.answers`), where the build extracts it.

Each stored question is asked of the report's graph alone, loaded in memory:
a few milliseconds a question on a full-length report, against hundreds
over RocksDB. `govkg build` passes `report_answers` to the workers
(`govkg.graph.build.build_reports`'s ``answers``).
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ..graph.plans import DERIVED_GRAPH
from ..graph.targets import DERIVED_GRAPH as PAIRS_GRAPH
from ..graph.shared import ANSWERS_PREFIX, is_report_graph
from ..graph.store import KnowledgeStore
from ..ontology.namespace import GK
from .answers import _STORED_ANSWER, TSV, answers_graph, is_stored, variants, version
from .engines import oxigraph_query, oxigraph_substitutions
from .library import QuerySpec, library
from .params import check_params

__all__ = ["PLANS_INPUT", "report_answers", "stale_answers", "stale_reports", "refresh_answers"]


def report_answers(report: str, ntriples: str, store: ox.Store | None = None) -> dict[str, str]:
    """Every stored question's answers for one report, from the report's graph standing alone.

    Questions that read the follow-through graph as well are left out: their
    answers are made after the build has judged the plans (`refresh_answers`).

    Parameters
    ----------
    report : str
        The report IRI.
    ntriples : str
        The report's graph as the extractor made it (its shared nodes' descriptions included).
    store : pyoxigraph.Store, optional
        ``ntriples`` already loaded in memory into the graph ``report`` (a build's worker loads it once
        for this and for `govkg.graph.plans.actions_input`); only read.

    Returns
    -------
    dict of str to str
        Graph IRI (`answers_graph`) → the text to store: the version line, then the TSV results.

    Examples
    --------
    >>> answers = report_answers("urn:r", '<urn:g> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    ...                          '<https://w3id.org/govkg/def#Goal> .\\n<urn:g> <https://w3id.org/govkg/def#inReport> <urn:r> .\\n')
    >>> print(answers[answers_graph(library()["goal-tree"], {})].splitlines()[2])
    <urn:r>						<urn:g>		0	0	0
    """
    if store is None:
        store = ox.Store()
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(report))
    answers = _alone_answers(store, report, [spec for spec in _stored() if not spec.derived])
    answers[PLANS_INPUT] = f"{_PLANS_FORMAT}\n{_plan_lines(report, ntriples)}"
    return answers


#: Where a report's plans are kept beside its answers, for the follow-through questions' answers made after
#: the judgements: reading them is one lookup, reading the report from the store was 11 of the 25 s this took
#: on 179 reports. Not under FOLLOW_THROUGH_ANSWERS: judging the plans again does not change them.
PLANS_INPUT = ANSWERS_PREFIX + "input/plans"
# Bumped when what `_plan_lines` keeps changes: older inputs are then not read.
_PLANS_FORMAT = "plans 1"


def _plan_lines(report: str, ntriples: str) -> str:
    """What a follow-through question reads of its report: the report's own facts, and its planned actions'
    with their sentences' (tests/test_answers.py fails for a question that reads more)."""
    lines = [line for line in ntriples.split("\n") if line]  # not splitlines: a literal may hold U+2028
    subjects = [line.partition(" ")[0] for line in lines]  # each line's subject, cut once
    planned = {subject for subject, line in zip(subjects, lines) if line.endswith(_PLANNED_END)}
    sentences = {line.split(" ", 3)[2] for subject, line in zip(subjects, lines)
                 if subject in planned and line.startswith(_EVIDENCE_NEXT, len(subject) + 1)}
    keep = planned | sentences | {f"<{report}>"}
    return "".join(f"{line}\n" for subject, line in zip(subjects, lines) if subject in keep)


def _alone_answers(store: ox.Store, report: str, specs: list[QuerySpec]) -> dict[str, str]:
    """`_answers` on a store holding the report's graph alone: the parameters bound by substitution only.

    The library's engine also opens the pattern with the parameters as a VALUES
    row (`govkg.queries.engines.bound_text`), which on the whole store keeps a
    question from reading every report. With the parameters substituted, that
    row only repeats them (every solution already has them: SEP-0007), yet
    Oxigraph may join it first and evaluate the rest once per row it meets:
    programs-goals took 55 of the 100 ms a report's questions took, and takes
    1 ms without it. The rows are the same (tests/test_answers.py compares
    every stored question with SPARQL on the store).
    """
    graph = ox.NamedNode(report)  # the report-scoped questions' dataset; the shared graph is empty here
    out = {}
    for spec in specs:
        for variant in variants(spec):
            values = check_params(spec, {"report": report, **variant})
            result = store.query(spec.text, substitutions=oxigraph_substitutions(values), default_graph=graph)
            out[answers_graph(spec, variant)] = f"{version(spec)}\n{result.serialize(format=TSV).decode('utf-8')}"
    return out


def _answers(store: ox.Store, report: str, specs: list[QuerySpec]) -> dict[str, str]:
    out = {}
    for spec in specs:
        for variant in variants(spec):
            values = check_params(spec, {"report": report, **variant})
            tsv = oxigraph_query(store, spec, values, stored=False).serialize(format=TSV).decode("utf-8")
            out[answers_graph(spec, variant)] = f"{version(spec)}\n{tsv}"
    return out


def _stored() -> list[QuerySpec]:
    return [spec for spec in library().values() if is_stored(spec)]


def stale_answers(store: ox.Store) -> dict[str, list[QuerySpec]]:
    """Report → the stored questions whose answers it lacks or has from another text of the question.

    Examples
    --------
    >>> stale_answers(ox.Store())
    {}
    """
    reports = {g.value for g in store.named_graphs() if is_report_graph(g.value)}
    stale: dict[str, list[QuerySpec]] = {}
    for spec in _stored():
        expected = version(spec)
        for variant in variants(spec):
            graph = ox.NamedNode(answers_graph(spec, variant))
            current = {q.subject.value for q in store.quads_for_pattern(None, _STORED_ANSWER, None, graph)
                       if q.object.value.startswith(expected + "\n")}
            for report in reports - current:
                if spec not in stale.setdefault(report, []):
                    stale[report].append(spec)
    return dict(sorted(stale.items()))


def stale_reports(store: ox.Store) -> list[str]:
    """The reports of ``store`` with a stored answer missing or made by another text of its question.

    Examples
    --------
    >>> stale_reports(ox.Store())
    []
    """
    return list(stale_answers(store))


def refresh_answers(kg: KnowledgeStore, on_report: Callable[[str], None] | None = None) -> int:
    """Make the stored answers each report lacks (`stale_answers`); returns how many reports had some made.

    A build stores the answers of the reports it extracts, but not those of
    the questions that read the follow-through graph, which the build judges
    last (and graph/plans.py deletes a report's whenever it judges its plans
    again); a report skipped as unchanged keeps the answers of the questions
    as they were, so after an upgrade that edited a question they are made
    again. Each report's are made from the store: its graph, standing alone,
    and for follow-through questions its plans' judgements, the actions they
    matched and its place's reports.

    Examples
    --------
    >>> import tempfile
    >>> from govkg.graph.store import open_store
    >>> with tempfile.TemporaryDirectory() as tmp, open_store(tmp + "/kg", writable=True) as kg:
    ...     refresh_answers(kg)
    0
    """
    stale = stale_answers(kg.store)
    for report, specs in stale.items():
        answers: dict[str, str] = {}
        for kind in sorted({spec.derived for spec in specs}):  # each kind of question reads its own store
            group = [spec for spec in specs if spec.derived == kind]
            answers.update(_answers(_assembled(kg, report, group), report, group))
        kg.replace_answers(report, answers)
        if on_report:
            on_report(report)
    return len(stale)


_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_FOLLOW_THROUGH = ox.NamedNode(DERIVED_GRAPH)
_PAIRS = ox.NamedNode(PAIRS_GRAPH)
_TARGET, _RESULT, _REF_AREA, _IN_REPORT, _OF_METRIC = (ox.NamedNode(str(GK[n])) for n in
                                                       ("target", "result", "refArea", "inReport", "ofMetric"))
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_ANCHOR = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
_MATCHED = ox.NamedNode(str(GK.matchedAction))
_EVIDENCE = ox.NamedNode(str(GK.evidence))
_IN_PLACE = ox.NamedNode(str(GK.inPlace))
_PLANNED_LINE = f" <{GK.status}> <{GK.Planned}> .\n"
_EVIDENCE_TERM = f"<{GK.evidence}>"
_PLANNED_END = _PLANNED_LINE[:-1]  # a line's end without its line break
_EVIDENCE_NEXT = _EVIDENCE_TERM + " "  # the predicate and the space before the object
_REPORT_FACTS = (ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), _IN_PLACE, ox.NamedNode(str(GK.year)))


def _assembled(kg: KnowledgeStore, report: str, specs: list[QuerySpec]) -> ox.Store:
    """A store in memory holding what ``specs`` read for ``report``: its graph standing alone and, for a
    follow-through question, its plans' judgements, the matched actions with their sentences, and the
    report facts (type, place, year) of its place's reports. Only follow-through questions (after a
    build judged the plans) read the report's plans the build kept (`PLANS_INPUT`), where it kept them."""
    if all(spec.derived == "target-results" for spec in specs):
        store = ox.Store()
        store.extend(_target_result_facts(kg.store, report))
        return store
    follow_through = [spec for spec in specs if spec.derived == "follow-through"]
    store = _kept_plans(kg.store, report) if len(follow_through) == len(specs) else None
    store = store or kg.report_store(report)
    if follow_through:
        store.extend(_follow_through_facts(kg.store, report))
    return store


def _target_result_facts(source: ox.Store, report: str) -> list[ox.Quad]:
    """What target-results reads for the targets ``report`` sets: their pairs, the target's and the result's
    observation with its sentence and metric label, and the place's label; a few lookups a pair, where
    reading the report whole (`KnowledgeStore.report_store`) reads all of it."""
    quads = []
    report_node = ox.NamedNode(report)
    # A target, a result, a sentence or a metric met in several pairs is read once (what was read is in
    # ``quads`` already, so the store made from them is the same)
    seen: set = set()
    for derived in source.quads_for_pattern(None, _DERIVED_FROM, report_node, _PAIRS):
        pair = list(source.quads_for_pattern(derived.subject, None, None, _PAIRS))
        targets = [q.object for q in pair if q.predicate == _TARGET]
        if not targets or next(source.quads_for_pattern(targets[0], _IN_REPORT, report_node, report_node), None) is None:
            continue  # a pair of another report's target, which this report's observations helped make
        quads += pair
        for q in pair:
            if q.object in seen or q.predicate not in (_TARGET, _RESULT, _REF_AREA):
                continue
            seen.add(q.object)
            if q.predicate == _REF_AREA:
                quads += source.quads_for_pattern(q.object, _LABEL, None, None)
                continue
            for fact in source.quads_for_pattern(q.object, None, None, None):
                quads.append(fact)
                if fact.predicate == _EVIDENCE and (fact.object, fact.graph_name) not in seen:
                    seen.add((fact.object, fact.graph_name))
                    quads += source.quads_for_pattern(fact.object, _ANCHOR, None, fact.graph_name)
                elif fact.predicate == _OF_METRIC and (_LABEL, fact.object) not in seen:
                    seen.add((_LABEL, fact.object))
                    quads += source.quads_for_pattern(fact.object, _LABEL, None, None)
    return quads


def _kept_plans(source: ox.Store, report: str) -> ox.Store | None:
    graph = ox.NamedNode(report)
    for kept in source.quads_for_pattern(graph, _STORED_ANSWER, None, ox.NamedNode(PLANS_INPUT)):
        stamp, _, lines = kept.object.value.partition("\n")
        if stamp == _PLANS_FORMAT:
            store = ox.Store()
            store.load(lines, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
            return store
    return None


def _follow_through_facts(source: ox.Store, report: str) -> list[ox.Quad]:
    quads = []
    # Many plans meet the same action, and actions share sentences: each is read once (the 179 reports
    # read 435k quads, 265k of them distinct). What was read already is in ``quads``, so the store made
    # from them is the same.
    seen: set = set()
    for judged in source.quads_for_pattern(None, _DERIVED_FROM, ox.NamedNode(report), _FOLLOW_THROUGH):
        facts = list(source.quads_for_pattern(judged.subject, None, None, _FOLLOW_THROUGH))
        quads += facts
        for match in facts:  # its matched actions are among its facts: no second lookup
            if match.predicate != _MATCHED or match.object in seen:
                continue
            seen.add(match.object)
            for fact in source.quads_for_pattern(match.object, None, None, None):
                quads.append(fact)
                if fact.predicate == _EVIDENCE and (fact.object, fact.graph_name) not in seen:
                    seen.add((fact.object, fact.graph_name))
                    quads += source.quads_for_pattern(fact.object, None, None, fact.graph_name)
    for place in source.quads_for_pattern(ox.NamedNode(report), _IN_PLACE, None, ox.NamedNode(report)):
        for other in source.quads_for_pattern(None, _IN_PLACE, place.object, None):
            if other.subject == other.graph_name:  # a report's own place, in its own graph
                quads += [q for p in _REPORT_FACTS for q in source.quads_for_pattern(other.subject, p, None, other.graph_name)]
    return quads
