"""The roles agencies play: how much they do and how central they sit.

Two graphs are used, and each number says which:

- ``actions``, ``in_degree`` and ``out_degree`` are read on the projected
  graph itself (directed, one edge per triple; with sentences projected,
  ``evidence`` edges count too).  An agency's in-edges are ``performedBy``
  from actions and ``issuedBy`` from reports; its out-edges ``inPlace``.
- ``degree_centrality`` and ``betweenness`` are computed on the *work
  graph*: the Action, Agency, Goal, Program and Policy nodes only, made
  simple and undirected (parallel edges merged, direction dropped), so that
  places, reports, metrics and sentences, which touch everything, do not
  make every agency look central.  Both are NetworkX's normalised measures
  (`networkx.degree_centrality`, exact `networkx.betweenness_centrality`).
"""

from __future__ import annotations

import networkx as nx

from .projection import neighbours, nodes_of_kind

__all__ = ["WORK_KINDS", "work_graph", "agency_roles"]

#: The node kinds of the work graph on which centralities are computed.
WORK_KINDS = ("Action", "Agency", "Goal", "Program", "Policy")


def work_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The simple undirected graph of the Action, Agency, Goal, Program and Policy nodes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from `govkg.graph.projection.to_networkx`.

    Returns
    -------
    networkx.Graph
        Those nodes (with their attributes) and one undirected edge for each
        pair joined by any edge in `G`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", kind="Action"); G.add_node("ag", kind="Agency"); G.add_node("p", kind="Place")
    >>> _ = G.add_edge("a", "ag", key="performedBy"); _ = G.add_edge("ag", "p", key="inPlace")
    >>> sorted(work_graph(G).edges())
    [('a', 'ag')]
    """
    keep = [n for n, d in G.nodes(data=True) if d.get("kind") in WORK_KINDS]
    W = nx.Graph()
    W.add_nodes_from((n, G.nodes[n]) for n in keep)
    W.add_edges_from((u, v) for u, v in G.subgraph(keep).edges() if u != v)
    return W


def agency_roles(G: nx.MultiDiGraph) -> list[dict]:
    """Per agency: its actions, degrees and centralities.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from `govkg.graph.projection.to_networkx`.

    Returns
    -------
    list of dict
        One dict per agency with keys ``agency`` (node id), ``label``,
        ``actions`` (actions with a ``performedBy`` edge to it),
        ``in_degree`` and ``out_degree`` (in `G`), ``degree_centrality``
        and ``betweenness`` (in the `work_graph`; see the module docstring).
        Sorted by actions, most first, then label.  Empty when the graph
        has no agencies.  NetworkX gives a graph of one node a degree
        centrality of 1.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for n, kind in [("a1", "Action"), ("a2", "Action"), ("g", "Goal"), ("司法局", "Agency"), ("法院", "Agency")]:
    ...     G.add_node(n, kind=kind, label=n)
    >>> for u, v, key in [("a1", "司法局", "performedBy"), ("a2", "司法局", "performedBy"),
    ...                   ("a2", "法院", "performedBy"), ("a1", "g", "contributesTo")]:
    ...     _ = G.add_edge(u, v, key=key)

    The work graph is the path g - a1 - 司法局 - a2 - 法院: 司法局 lies on 4 of
    the 6 shortest paths between the other four nodes.

    >>> [(r["label"], r["actions"], r["in_degree"], r["degree_centrality"], round(r["betweenness"], 3))
    ...  for r in agency_roles(G)]
    [('司法局', 2, 2, 0.5, 0.667), ('法院', 1, 1, 0.25, 0.0)]
    """
    agencies = nodes_of_kind(G, "Agency")
    if not agencies:
        return []
    W = work_graph(G)
    degree = nx.degree_centrality(W)
    betweenness = nx.betweenness_centrality(W)
    rows = []
    for agency in agencies:
        actions = [a for a in neighbours(G, agency, "performedBy", incoming=True) if G.nodes[a].get("kind") == "Action"]
        rows.append({
            "agency": agency,
            "label": G.nodes[agency].get("label"),
            "actions": len(actions),
            "in_degree": G.in_degree(agency),
            "out_degree": G.out_degree(agency),
            "degree_centrality": degree[agency],
            "betweenness": betweenness[agency],
        })
    rows.sort(key=lambda r: (-r["actions"], r["label"] or "", r["agency"]))
    return rows
