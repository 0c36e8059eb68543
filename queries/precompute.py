"""Computing a report's stored answers (`govkg.queries.answers`), where the build extracts it.

Each stored question is asked of the report's graph alone, loaded in memory:
a few milliseconds a question on a full-length report, against hundreds
over RocksDB. `govkg build` passes `report_answers` to the workers
(`govkg.graph.build.build_reports`'s ``answers``).
"""

from __future__ import annotations

import pyoxigraph as ox

from .answers import TSV, answers_graph, is_stored, variants, version
from .engines import oxigraph_query
from .library import library
from .params import check_params

__all__ = ["report_answers"]


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
