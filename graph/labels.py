"""Look nodes of a projected graph up by id or label.

Labels compare after `normalise_label`: Unicode NFKC with all white space
removed, so ``"，"`` and ``","`` match, and so do a label broken over a line
(``"调整优化 政府职能"``) and the same label written whole. Every lookup by
label in `govkg.graph` (the analyses, `compare`, `viz`) uses it.
"""

from __future__ import annotations

import difflib
import unicodedata

import networkx as nx

from ..errors import GoalNotFound, InvalidOption, MetricNotFound, NodeNotFound, ReportNotFound
from .projection import KINDS

__all__ = ["close_labels", "find_nodes", "normalise_label", "require_nodes"]


def normalise_label(text: str) -> str:
    """A label as lookups compare it: Unicode NFKC, all white space removed.

    Chinese is written without spaces, so a space inside a label is an
    accident of layout (a line break, a full-width space), never a word break.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> normalise_label(" 调整优化\u3000政府 职能（试行），")
    '调整优化政府职能(试行),'
    """
    return "".join(unicodedata.normalize("NFKC", text).split())


def find_nodes(G: nx.Graph, label: str, kind: str | None = None) -> list[str]:
    """The nodes whose id, label or an alternative label is `label`.

    Labels compare after `normalise_label` (NFKC, white space removed), so
    ``"，"`` and ``","`` match.

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
    want = normalise_label(label)
    found = []
    for node, data in G.nodes(data=True):
        if kind is not None and data.get("kind") != kind:
            continue
        names = [data.get("label") or "", *data.get("alt_labels", [])]
        if node == label or any(normalise_label(n) == want for n in names):
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
    govkg.errors.GoalNotFound: no Goal '调整政府职能'; close: '调整优化政府职能'
    """
    found = find_nodes(G, ref, kind)
    if not found:
        raise _NOT_FOUND.get(kind, NodeNotFound)(ref, kind, close_labels(G, ref, kind))
    return found
