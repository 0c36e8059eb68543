"""Project a govkg RDF graph onto a NetworkX graph, for analyses and for Gephi.

`to_networkx` keeps one node per IRI typed with one of the govkg classes in
`KINDS` (sentences only on request) and one edge per govkg object property
in `PREDICATES` between kept nodes.  Node ids are the IRIs as strings; the
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

`find_nodes` looks nodes up by id, label or alternative label, and
`require_nodes` does the same but raises a `NodeNotFound` naming close
labels; the analysis modules (`feeds`, `coverage`, `roles`, `plans`,
`compare`) take the projected graph and return lists of dicts.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import DCTERMS, SKOS

from ..errors import GovkgError
from ..ontology.namespace import GK, NIF

__all__ = [
    "KINDS",
    "PREDICATES",
    "AnalysisError",
    "NodeNotFound",
    "GoalNotFound",
    "ReportNotFound",
    "MetricNotFound",
    "InvalidOption",
    "to_networkx",
    "find_nodes",
    "require_nodes",
    "close_labels",
    "nodes_of_kind",
    "neighbours",
    "to_graphml",
    "to_gexf",
    "NETWORK_FORMATS",
    "write_network",
]

#: govkg classes that become nodes, by local name.
KINDS = ("Report", "Agency", "Place", "Policy", "Program", "Goal", "Action", "Metric", "Observation", "Sentence")
#: govkg object properties that become edges, by local name.
PREDICATES = ("performedBy", "contributesTo", "subGoalOf", "produces", "implements", "hasObservation",
              "ofMetric", "inPlace", "inReport", "issuedBy", "evidence")

_GK = str(GK._NS)
_CLASSES = {URIRef(_GK + k): k for k in KINDS}
_EDGES = {URIRef(_GK + p): p for p in PREDICATES}


# --------------------------------------------------------------------------- errors


class AnalysisError(GovkgError):
    """Base class of the errors raised by the graph analyses."""


class NodeNotFound(AnalysisError):
    """No node of the wanted kind has this id or label.

    Parameters
    ----------
    ref : str
        What was looked up.
    kind : str
        The kind wanted (``"Goal"``).
    close : list of str, optional
        Labels of that kind close to `ref`, best first.

    Examples
    --------
    >>> str(GoalNotFound("调整政府职能", "Goal", ["调整优化政府职能"]))
    "no Goal '调整政府职能'; close: '调整优化政府职能'"
    """

    def __init__(self, ref: str, kind: str, close: Iterable[str] = ()) -> None:
        close = list(close)
        super().__init__(ref, kind, close)
        self.ref, self.kind, self.close = ref, kind, close

    def __str__(self) -> str:
        hint = "; close: " + ", ".join(repr(c) for c in self.close) if self.close else ""
        return f"no {self.kind} {self.ref!r}{hint}"


class GoalNotFound(NodeNotFound):
    """No goal has this id or label."""


class ReportNotFound(NodeNotFound):
    """No report has this id, label or year."""


class MetricNotFound(NodeNotFound):
    """No metric label contains this text."""


class InvalidOption(AnalysisError, ValueError):
    """An option outside the values a function accepts."""


# --------------------------------------------------------------------------- projection


def _local(term: URIRef) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


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


# --------------------------------------------------------------------------- lookup


def _norm(text: str) -> str:
    # Full-width and half-width punctuation (，/,) compare equal; spaces do not count.
    return "".join(unicodedata.normalize("NFKC", text).split())


def find_nodes(G: nx.Graph, label: str, kind: str | None = None) -> list[str]:
    """The nodes whose id, label or an alternative label is `label`.

    Labels compare after Unicode NFKC normalisation with white space removed,
    so ``"，"`` and ``","`` match.

    Parameters
    ----------
    G : networkx.Graph
        A graph from `to_networkx`.
    label : str
        A node id (IRI) or a label.
    kind : str, optional
        Keep only nodes of this kind (``"Goal"``).

    Returns
    -------
    list of str
        Sorted node ids; empty when none match.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("g1", kind="Goal", label="调整优化政府职能", alt_labels=[])
    >>> G.add_node("a1", kind="Action", label="调整优化政府职能", alt_labels=[])
    >>> find_nodes(G, "调整优化政府职能", "Goal")
    ['g1']
    >>> find_nodes(G, "a1")
    ['a1']
    """
    if kind is not None and kind not in KINDS:
        raise InvalidOption(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    want = _norm(label)
    found = []
    for node, data in G.nodes(data=True):
        if kind is not None and data.get("kind") != kind:
            continue
        names = [data.get("label") or "", *data.get("alt_labels", [])]
        if node == label or any(_norm(n) == want for n in names):
            found.append(node)
    return sorted(found)


_NOT_FOUND = {"Goal": GoalNotFound, "Report": ReportNotFound, "Metric": MetricNotFound}


def close_labels(G: nx.Graph, ref: str, kind: str, *, n: int = 3) -> list[str]:
    """Labels of `kind` nodes that look like `ref`, for error messages.

    Parameters
    ----------
    G : networkx.Graph
    ref : str
        What was looked up.
    kind : str
        The kind of node whose labels to offer.
    n : int, default 3
        At most this many.

    Returns
    -------
    list of str
        Labels with a `difflib` similarity of at least 0.5, best first,
        equals in label order.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for n, label in [("a", "某市2024年报告"), ("b", "某市2023年报告"), ("c", "某县")]:
    ...     G.add_node(n, kind="Report", label=label)
    >>> close_labels(G, "某市2025年报告", "Report")
    ['某市2023年报告', '某市2024年报告']
    """
    labels = {d["label"] for _, d in G.nodes(data=True) if d.get("kind") == kind and d.get("label")}
    scored = []
    for label in labels:
        matcher = difflib.SequenceMatcher(None, ref, label)
        if matcher.ratio() >= 0.5:
            scored.append((-matcher.ratio(), label))
    return [label for _, label in sorted(scored)[:n]]


def require_nodes(G: nx.Graph, ref: str, kind: str) -> list[str]:
    """`find_nodes`, but raise when nothing matches.

    Parameters
    ----------
    G : networkx.Graph
    ref : str
        A node id or label.
    kind : str
        The kind wanted.

    Returns
    -------
    list of str
        Sorted node ids, at least one.

    Raises
    ------
    NodeNotFound
        (`GoalNotFound`, `ReportNotFound`, `MetricNotFound` for those kinds)
        when no node of `kind` has that id or label; the message lists close labels.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("g1", kind="Goal", label="调整优化政府职能", alt_labels=[])
    >>> require_nodes(G, "调整优化政府职能", "Goal")
    ['g1']
    >>> require_nodes(G, "调整政府职能", "Goal")
    Traceback (most recent call last):
    ...
    govkg.graph.projection.GoalNotFound: no Goal '调整政府职能'; close: '调整优化政府职能'
    """
    found = find_nodes(G, ref, kind)
    if not found:
        raise _NOT_FOUND.get(kind, NodeNotFound)(ref, kind, close_labels(G, ref, kind))
    return found


def nodes_of_kind(G: nx.Graph, kind: str) -> list[str]:
    """Sorted ids of the nodes of one kind."""
    return sorted(n for n, d in G.nodes(data=True) if d.get("kind") == kind)


def neighbours(G: nx.MultiDiGraph, node: str, predicate: str, *, incoming: bool = False) -> list[str]:
    """Sorted targets (or, with ``incoming=True``, sources) of `predicate` edges at `node`."""
    edges = G.in_edges(node, keys=True) if incoming else G.out_edges(node, keys=True)
    return sorted({(u if incoming else v) for u, v, key in edges if key == predicate})


# --------------------------------------------------------------------------- files for Gephi


def _scalar_copy(G: nx.Graph) -> nx.Graph:
    # GraphML and GEXF hold scalars only: lists become "a | b", None is dropped.
    def clean(data: dict) -> dict:
        out = {}
        for key, value in data.items():
            if value is None:
                continue
            if isinstance(value, (list, tuple, set)):
                value = " | ".join(str(v) for v in value)
            out[key] = value
        return out

    H = G.__class__()
    H.add_nodes_from((n, clean(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from((u, v, k, {**clean(d), "label": d.get("predicate", k)})
                         for u, v, k, d in G.edges(keys=True, data=True))
    else:
        H.add_edges_from((u, v, clean(d)) for u, v, d in G.edges(data=True))
    return H


def to_graphml(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write `G` as GraphML for Gephi (lists joined with ``" | "``, None values left out).

    Parameters
    ----------
    G : networkx.Graph
        A graph from `to_networkx`.
    path : str or os.PathLike
        The file to write.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="Agency", label="市司法局", alt_labels=["司法局", "市局"], report=None)
    >>> path = os.path.join(tempfile.mkdtemp(), "g.graphml")
    >>> to_graphml(G, path)
    >>> nx.read_graphml(path).nodes["a"]["alt_labels"]
    '司法局 | 市局'
    """
    nx.write_graphml(_scalar_copy(G), os.fspath(path))


def to_gexf(G: nx.Graph, path: str | os.PathLike) -> None:
    """Write `G` as GEXF for Gephi (lists joined with ``" | "``, None values left out).

    Parameters
    ----------
    G : networkx.Graph
        A graph from `to_networkx`.
    path : str or os.PathLike
        The file to write.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="Agency", label="市司法局", alt_labels=[], report=None)
    >>> path = os.path.join(tempfile.mkdtemp(), "g.gexf")
    >>> to_gexf(G, path)
    >>> nx.read_gexf(path).nodes["a"]["label"]
    '市司法局'
    """
    nx.write_gexf(_scalar_copy(G), os.fspath(path))


#: `write_network` formats and their writers.
NETWORK_FORMATS = {"graphml": to_graphml, "gexf": to_gexf}


def write_network(G: nx.Graph, path: str | os.PathLike, fmt: str) -> None:
    """Write `G` for Gephi as ``"graphml"`` or ``"gexf"`` (`to_graphml`, `to_gexf`).

    Parameters
    ----------
    G : networkx.Graph
        A graph from `to_networkx`.
    path : str or os.PathLike
        The file to write.
    fmt : {"graphml", "gexf"}

    Raises
    ------
    InvalidOption
        For any other `fmt`.

    Examples
    --------
    >>> import networkx as nx
    >>> write_network(nx.MultiDiGraph(), "g.dot", "dot")
    Traceback (most recent call last):
    ...
    govkg.graph.projection.InvalidOption: unknown network format 'dot'; choose one of graphml, gexf
    """
    if fmt not in NETWORK_FORMATS:
        raise InvalidOption(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    NETWORK_FORMATS[fmt](G, path)
