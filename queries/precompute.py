"""Computing a report's stored answers (`govkg.queries.answers`), where the build extracts it.

Each stored question is asked of the report's graph alone, loaded in memory:
a few milliseconds a question on a full-length report, against hundreds
over RocksDB. `govkg build` passes `report_answers` to the workers
(`govkg.graph.build.build_reports`'s ``answers``).
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from ..graph.shared import is_report_graph
from ..graph.store import KnowledgeStore

from .answers import _STORED_ANSWER, TSV, answers_graph, is_stored, variants, version
from .engines import oxigraph_query
from .library import library
from .params import check_params

__all__ = ["report_answers", "stale_reports", "refresh_answers"]


def report_answers(report: str, ntriples: str) -> dict[str, str]:
    """Every stored question's answers for one report, from the report's graph standing alone.

    Parameters
    ----------
    report : str
        The report IRI.
    ntriples : str
        The report's graph as the extractor made it (its shared nodes' descriptions included).

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
    store = ox.Store()
    store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(report))
    out = {}
    for spec in (spec for spec in library().values() if is_stored(spec)):
        for variant in variants(spec):
            values = check_params(spec, {"report": report, **variant})
            tsv = oxigraph_query(store, spec, values, stored=False).serialize(format=TSV).decode("utf-8")
            out[answers_graph(spec, variant)] = f"{version(spec)}\n{tsv}"
    return out


def stale_reports(store: ox.Store) -> list[str]:
    """The reports of ``store`` whose stored answers are missing or were made by another text of a question.

    Examples
    --------
    >>> stale_reports(ox.Store())
    []
    """
    reports = {g.value for g in store.named_graphs() if is_report_graph(g.value)}
    stale = set()
    for spec in (spec for spec in library().values() if is_stored(spec)):
        expected = version(spec)
        for variant in variants(spec):
            graph = ox.NamedNode(answers_graph(spec, variant))
            current = {q.subject.value for q in store.quads_for_pattern(None, _STORED_ANSWER, None, graph)
                       if q.object.value.startswith(expected + "\n")}
            stale |= reports - current
    return sorted(stale)


def refresh_answers(kg: KnowledgeStore, on_report: Callable[[str], None] | None = None) -> int:
    """Compute the stored answers again for each report whose answers are stale (`stale_reports`).

    A build stores the answers of the reports it extracts; a report it skips as
    unchanged keeps the answers of the questions as they were, so after an
    upgrade that edited a question they are made again here from the stored
    graph. Returns how many reports were refreshed.

    Examples
    --------
    >>> import tempfile
    >>> from govkg.graph.store import open_store
    >>> with tempfile.TemporaryDirectory() as tmp, open_store(tmp + "/kg", writable=True) as kg:
    ...     refresh_answers(kg)
    0
    """
    stale = stale_reports(kg.store)
    for report in stale:
        kg.replace_answers(report, report_answers(report, kg.report_ntriples(report)))
        if on_report:
            on_report(report)
    return len(stale)
