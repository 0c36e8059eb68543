"""Write a projected graph for Gephi: GraphML or GEXF.

Both formats hold scalars only: lists become ``"a | b"`` and None values are
left out.
"""

from __future__ import annotations

import os

import networkx as nx

from ..errors import InvalidOption

__all__ = ["NETWORK_FORMATS", "to_gexf", "to_graphml", "write_network"]


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
    """Write `G` as GEXF for Gephi; as `to_graphml`, but in Gephi's own format.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="performedBy", predicate="performedBy")
    >>> path = os.path.join(tempfile.mkdtemp(), "g.gexf")
    >>> to_gexf(G, path)
    >>> [d["label"] for *_, d in nx.read_gexf(path).edges(data=True)]
    ['performedBy']
    """
    nx.write_gexf(_scalar_copy(G), os.fspath(path))


#: `write_network` formats and their writers.
NETWORK_FORMATS = {"graphml": to_graphml, "gexf": to_gexf}


def write_network(G: nx.Graph, path: str | os.PathLike, fmt: str) -> None:
    """Write `G` for Gephi as ``"graphml"`` or ``"gexf"`` (`to_graphml`, `to_gexf`).

    Parameters
    ----------
    G, path
        As for `to_graphml`.
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
    govkg.errors.InvalidOption: unknown network format 'dot'; choose one of graphml, gexf
    """
    if fmt not in NETWORK_FORMATS:
        raise InvalidOption(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    NETWORK_FORMATS[fmt](G, path)
