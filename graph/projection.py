"""Project a govkg RDF graph onto a NetworkX graph, for analyses and for Gephi.

`to_networkx` keeps one node per IRI typed with one of the govkg classes in
`NODE_CLASSES` (sentences only on request) and one edge per govkg object
property in `EDGE_PROPERTIES` between kept nodes; `KINDS` and `PREDICATES`
are their local names.  Node ids are the IRIs as strings; the
edge key and its ``predicate`` attribute are the property's local name, so
``G.edges(keys=True)`` reads like the triples.

Node attributes, for every node:

- ``kind``: the govkg class, ``"Action"``, ``"Goal"`` ...
- ``label``: ``rdfs:label``; failing that a sentence's ``nif:anchorOf``, a
  report's title, or the last segment of the IRI, so it is never None.
- ``alt_labels``: sorted ``skos:altLabel`` values (a list).
- ``report``: the IRI of the report the node belongs to (``gk:inReport``),
  or None.

and by kind (None when the graph does not say):

- Action: ``status`` (``"Completed"``, ``"Planned"``, ``"Ongoing"``), ``period`` (int)
- Goal: ``level`` (int heading level), ``outline`` (outline number, ``"2.1.3"``)
- Observation: ``value`` (float), ``unit`` (str), ``qualifier`` (str), ``period`` (int)
- Report: ``year`` (int), ``title`` (str)
- Sentence: ``begin``, ``end`` (int character offsets)

A property with several values (a union of graphs that disagree) gives the
smallest, so the result does not depend on triple order.

`nodes_of_kind` and `neighbours` walk the projected graph; `labels` looks
nodes up by id or label, and `gephi` writes it for Gephi. The analysis
modules (`feeds`, `coverage`, `roles`, `plans`, `compare`) take the
projected graph and return lists of dicts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import unquote

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import DCTERMS, SKOS

from ..ontology.namespace import GK, NIF

__all__ = [
    "EDGE_PROPERTIES",
    "KINDS",
    "NODE_CLASSES",
    "PREDICATES",
    "neighbours",
    "nodes_of_kind",
    "to_networkx",
]


def _local(term: URIRef) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


#: govkg classes that become nodes; a node typed with two takes the first.
NODE_CLASSES = (GK.Report, GK.Agency, GK.Place, GK.Policy, GK.Program, GK.Goal, GK.Action, GK.Metric,
                GK.Observation, GK.Sentence)
#: govkg object properties that become edges.
EDGE_PROPERTIES = (GK.performedBy, GK.contributesTo, GK.subGoalOf, GK.produces, GK.implements,
                   GK.hasObservation, GK.ofMetric, GK.inPlace, GK.inReport, GK.issuedBy, GK.evidence)
#: The node kinds: `NODE_CLASSES` by local name.
KINDS = tuple(_local(c) for c in NODE_CLASSES)
#: The edge predicates: `EDGE_PROPERTIES` by local name.
PREDICATES = tuple(_local(p) for p in EDGE_PROPERTIES)

_CLASSES = dict(zip(NODE_CLASSES, KINDS))
_EDGES = dict(zip(EDGE_PROPERTIES, PREDICATES))


def _triples(graph: Graph) -> Iterator[tuple]:
    # A Dataset (or ConjunctiveGraph) iterates its default graph only; the
    # union of all its graphs is what the user means.
    if isinstance(graph, (Dataset, ConjunctiveGraph)):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph


_INT = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _int(lit: Literal | None) -> int | None:
    # The leading integer: a gYear may carry a timezone ("2023Z", "2023-05:00").
    found = _INT.match(str(lit).strip()) if lit is not None else None
    return int(found.group()) if found else None


def _float(lit: Literal | None) -> float | None:
    # A malformed number in a hand-made graph gives None rather than a guess.
    found = _NUMBER.fullmatch(str(lit).strip()) if lit is not None else None
    return float(found.group()) if found else None


def to_networkx(graph: Graph | Dataset, *, include_sentences: bool = False) -> nx.MultiDiGraph:
    """Project a govkg RDF graph onto a directed multigraph.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        One report's graph, a union of several, or a dataset (all its
        named graphs and its default graph are read, contexts ignored).
    include_sentences : bool, default False
        Keep ``gk:Sentence`` nodes and the ``evidence`` edges to them.  They
        are about a third of the nodes and most of the edges.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes and edges inserted in sorted order (node id; then source,
        target, predicate), so the same RDF gives the same graph.  Node
        attributes are described in the module docstring.

    Examples
    --------
    >>> from rdflib import Graph, Literal, RDF, RDFS, URIRef
    >>> from govkg.ontology.namespace import GK
    >>> g = Graph()
    >>> a, b = URIRef("https://example.org/act"), URIRef("https://example.org/goal")
    >>> for t in [(a, RDF.type, GK.Action), (b, RDF.type, GK.Goal), (a, GK.contributesTo, b),
    ...           (a, RDFS.label, Literal("召开会议")), (a, GK.status, GK.Planned)]:
    ...     _ = g.add(t)
    >>> G = to_networkx(g)
    >>> list(G.edges(keys=True))
    [('https://example.org/act', 'https://example.org/goal', 'contributesTo')]
    >>> act = G.nodes["https://example.org/act"]
    >>> act["kind"], act["label"], act["status"], G.nodes["https://example.org/goal"]["label"]
    ('Action', '召开会议', 'Planned', 'goal')
    """
    kinds: dict[URIRef, set[str]] = defaultdict(set)
    props: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in _triples(graph):
        if not isinstance(s, URIRef):
            continue
        if p == RDF.type:
            if o in _CLASSES:
                kinds[s].add(_CLASSES[o])
        else:
            props[s][p].append(o)

    wanted = set(KINDS) if include_sentences else set(KINDS) - {"Sentence"}
    # A node typed with two govkg classes takes the first in KINDS order.
    kind_of = {s: next(k for k in KINDS if k in ks) for s, ks in kinds.items()}
    kept = {s: k for s, k in kind_of.items() if k in wanted}

    G = nx.MultiDiGraph()
    for node in sorted(kept, key=str):
        G.add_node(str(node), **_attributes(node, kept[node], props.get(node, {})))

    edges = set()
    for s in kept:
        for p, objects in props.get(s, {}).items():
            if p in _EDGES:
                edges.update((str(s), str(o), _EDGES[p]) for o in objects if isinstance(o, URIRef) and o in kept)
    for u, v, key in sorted(edges):
        G.add_edge(u, v, key=key, predicate=key)
    return G


def _attributes(node: URIRef, kind: str, props: dict[URIRef, list]) -> dict:
    def first(p: URIRef):
        values = props.get(p) or []
        return min(values, key=str) if values else None

    def text(p: URIRef) -> str | None:
        value = first(p)
        return None if value is None else str(value)

    label = text(RDFS.label) or (text(NIF.anchorOf) if kind == "Sentence" else None) \
        or (text(DCTERMS.title) if kind == "Report" else None) or unquote(_local(node))
    report = first(GK.inReport)
    attrs = {
        "kind": kind,
        "label": label,
        "alt_labels": sorted({str(v) for v in props.get(SKOS.altLabel, [])}),
        "report": None if report is None else str(report),
    }
    if kind == "Action":
        status = first(GK.status)
        attrs.update(status=None if status is None else _local(status), period=_int(first(GK.period)))
    elif kind == "Goal":
        attrs.update(level=_int(first(GK.headingLevel)), outline=text(GK.outlineNumber))
    elif kind == "Observation":
        attrs.update(value=_float(first(GK.value)), unit=text(GK.unit), qualifier=text(GK.qualifier),
                     period=_int(first(GK.period)))
    elif kind == "Report":
        attrs.update(year=_int(first(GK.year)), title=text(DCTERMS.title))
    elif kind == "Sentence":
        attrs.update(begin=_int(first(NIF.beginIndex)), end=_int(first(NIF.endIndex)))
    return attrs


def nodes_of_kind(G: nx.Graph, kind: str) -> list[str]:
    """Sorted ids of the nodes of one kind."""
    return sorted(n for n, d in G.nodes(data=True) if d.get("kind") == kind)


def neighbours(G: nx.MultiDiGraph, node: str, predicate: str, *, incoming: bool = False) -> list[str]:
    """Sorted targets (or, with ``incoming=True``, sources) of `predicate` edges at `node`."""
    edges = G.in_edges(node, keys=True) if incoming else G.out_edges(node, keys=True)
    return sorted({(u if incoming else v) for u, v, key in edges if key == predicate})
