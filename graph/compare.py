"""One metric across reports: the numbers each jurisdiction reported for it, year by year.

Metric nodes are shared between reports (their IRI is the metric's name), so
the observations of several reports meet at the same metric node; a metric
is chosen by a piece of its label, which also gathers the differently
worded metrics the extractor may have read (``研究法治政府建设相关议题`` and
``年市委常委会会议和市政府常务会议研究法治政府建设相关议题``).
"""

from __future__ import annotations

import difflib

import networkx as nx

from ..errors import InvalidOption, MetricNotFound
from .labels import normalise_label
from .projection import neighbours, nodes_of_kind

__all__ = ["find_metrics", "compare_metric"]


def find_metrics(G: nx.Graph, metric: str) -> list[str]:
    """The metric nodes whose label or an alternative label contains `metric`.

    Parameters
    ----------
    G : networkx.Graph
        A graph from `govkg.graph.projection.to_networkx`.
    metric : str
        A piece of a metric label; compared after `normalise_label` (NFKC, no white space).

    Returns
    -------
    list of str
        Sorted node ids, possibly empty.

    Raises
    ------
    InvalidOption
        When `metric` is empty (it would match every metric).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("m1", kind="Metric", label="行政机关负责人出庭应诉率")
    >>> G.add_node("m2", kind="Metric", label="办结率")
    >>> find_metrics(G, "出庭应诉率")
    ['m1']
    """
    want = normalise_label(metric)
    if not want:
        raise InvalidOption("empty metric: give a piece of a metric label")
    return [m for m in nodes_of_kind(G, "Metric")
            if any(want in normalise_label(name) for name in [G.nodes[m].get("label") or "", *G.nodes[m].get("alt_labels", [])])]


def compare_metric(G: nx.MultiDiGraph, metric: str) -> list[dict]:
    """Every number reported for a metric, by jurisdiction and year.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from `govkg.graph.projection.to_networkx`, usually of several reports.
    metric : str
        A piece of the metric's label (see `find_metrics`).

    Returns
    -------
    list of dict
        One dict per observation of a matching metric, with keys ``metric``
        (its label), ``observation`` (node id), ``label`` (the number as
        written, ``"97.8%"``), ``report``; ``jurisdiction`` (label of the
        report's ``inPlace`` place, the first by label if several; None when
        unknown); ``year`` (the report's); ``period`` (the observation's own
        year, which can differ); ``value``, ``unit``, ``qualifier``.
        Sorted by jurisdiction, year, metric, value.  Empty when the graph
        has no metrics.

    Raises
    ------
    MetricNotFound
        When the graph has metrics but no label contains `metric`; the
        message names close labels.
    InvalidOption
        When `metric` is empty.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("m", kind="Metric", label="出庭应诉率")
    >>> for place, report, year, obs, value in [("乙市", "r2", 2022, "o2", 95.0), ("甲市", "r1", 2023, "o1", 97.8)]:
    ...     G.add_node(place, kind="Place", label=place)
    ...     G.add_node(report, kind="Report", label=report, year=year)
    ...     G.add_node(obs, kind="Observation", label=f"{value}%", report=report, value=value, unit="%",
    ...                qualifier=None, period=year)
    ...     _ = G.add_edge(report, place, key="inPlace"); _ = G.add_edge(obs, "m", key="ofMetric")
    >>> [(r["jurisdiction"], r["year"], r["value"], r["unit"]) for r in compare_metric(G, "应诉率")]
    [('乙市', 2022, 95.0, '%'), ('甲市', 2023, 97.8, '%')]
    """
    metrics = find_metrics(G, metric)
    if not metrics:
        labels = sorted({G.nodes[m].get("label") or "" for m in nodes_of_kind(G, "Metric")})
        if not labels:
            return []
        # A piece of a label is short: compare it with label pieces of its own length too.
        close = difflib.get_close_matches(metric, labels, n=3, cutoff=0.5) or [
            label for label in labels
            if difflib.get_close_matches(metric, [label[i:i + len(metric)] for i in range(len(label))], cutoff=0.6)
        ][:3]
        raise MetricNotFound(metric, "Metric", close)
    rows = []
    for m in metrics:
        for obs in neighbours(G, m, "ofMetric", incoming=True):
            data = G.nodes[obs]
            if data.get("kind") != "Observation":
                continue
            report = data.get("report")
            in_graph = report is not None and report in G
            places = sorted(G.nodes[p].get("label") or p for p in neighbours(G, report, "inPlace")) if in_graph else []
            rows.append({
                "metric": G.nodes[m].get("label"),
                "observation": obs,
                "label": data.get("label"),
                "report": report,
                "jurisdiction": places[0] if places else None,
                "year": G.nodes[report].get("year") if in_graph else None,
                "period": data.get("period"),
                "value": data.get("value"),
                "unit": data.get("unit"),
                "qualifier": data.get("qualifier"),
            })
    rows.sort(key=lambda r: (r["jurisdiction"] is None, r["jurisdiction"] or "", r["year"] is None, r["year"] or 0,
                             r["metric"] or "", r["value"] is None, r["value"] or 0.0, r["observation"]))
    return rows
