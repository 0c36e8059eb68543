"""How well each goal is backed: actions, numbers and agencies behind it.

Counts are transitive through sub-goals (``subGoalOf``): a chapter heading
is backed by the actions under its sections.  ``direct_actions`` counts
only the actions with a ``contributesTo`` edge to the goal itself.
Observations count when an action behind the goal has them
(``hasObservation``); numbers the extractor did not attach to an action do
not count.
"""

from __future__ import annotations

import networkx as nx

from ..errors import InvalidOption
from .feeds import outline_key, subgoals
from .labels import require_nodes
from .projection import neighbours, nodes_of_kind

__all__ = ["goal_coverage", "empty_goals"]

#: ``kind`` values of `empty_goals` → the count that must be zero.
EMPTY_KINDS = {"action": "actions", "number": "observations"}


def _report_nodes(G: nx.Graph, report: str | None) -> set[str] | None:
    """The reports `report` names, None for all; raise ReportNotFound when it names none."""
    if report is None or not nodes_of_kind(G, "Report"):
        return None if report is None else set()
    return set(require_nodes(G, report, "Report"))


def _actions_of(G: nx.MultiDiGraph, goal: str) -> list[str]:
    return [n for n in neighbours(G, goal, "contributesTo", incoming=True) if G.nodes[n].get("kind") == "Action"]


def goal_coverage(G: nx.MultiDiGraph, *, report: str | None = None) -> list[dict]:
    """Per goal: how many actions, numbers and agencies stand behind it.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from `govkg.graph.projection.to_networkx`.
    report : str, optional
        Only the goals of this report (its node id or its label, the title).

    Returns
    -------
    list of dict
        One dict per goal, in report then outline order (purpose goals,
        which have no outline number, last), with keys ``goal`` (node id),
        ``label``, ``outline``, ``level``, ``report``; ``direct_actions``
        (actions contributing to the goal itself); ``actions`` (distinct
        actions contributing to the goal or any goal under it);
        ``observations`` (distinct observations of those actions);
        ``agencies`` (number of distinct agencies performing them) and
        ``agency_labels`` (their sorted labels).  Empty when the graph has
        no goals.

    Raises
    ------
    ReportNotFound
        When `report` is given, the graph has reports, and none has that id or label.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("top", kind="Goal", label="依法行政", outline="1", level=1, report=None)
    >>> G.add_node("sub", kind="Goal", label="规范执法", outline="1.1", level=2, report=None)
    >>> G.add_node("act", kind="Action", label="换发执法证件1874个")
    >>> G.add_node("obs", kind="Observation", label="1874个")
    >>> G.add_node("ag", kind="Agency", label="市司法局")
    >>> for u, v, key in [("sub", "top", "subGoalOf"), ("act", "sub", "contributesTo"),
    ...                   ("act", "obs", "hasObservation"), ("act", "ag", "performedBy")]:
    ...     _ = G.add_edge(u, v, key=key)
    >>> [(r["label"], r["direct_actions"], r["actions"], r["observations"], r["agency_labels"])
    ...  for r in goal_coverage(G)]
    [('依法行政', 0, 1, 1, ['市司法局']), ('规范执法', 1, 1, 1, ['市司法局'])]
    """
    reports = _report_nodes(G, report)
    rows = []
    for goal in nodes_of_kind(G, "Goal"):
        data = G.nodes[goal]
        if reports is not None and data.get("report") not in reports:
            continue
        actions = {a for sub in subgoals(G, goal) for a in _actions_of(G, sub["goal"])}
        observations = {o for a in actions for o in neighbours(G, a, "hasObservation")}
        agencies = {ag for a in actions for ag in neighbours(G, a, "performedBy")}
        rows.append({
            "goal": goal,
            "label": data.get("label"),
            "outline": data.get("outline"),
            "level": data.get("level"),
            "report": data.get("report"),
            "direct_actions": len(_actions_of(G, goal)),
            "actions": len(actions),
            "observations": len(observations),
            "agencies": len(agencies),
            "agency_labels": sorted(G.nodes[ag].get("label") or ag for ag in agencies),
        })
    rows.sort(key=lambda r: (r["report"] or "", outline_key(G, r["goal"])))
    return rows


def empty_goals(G: nx.MultiDiGraph, *, report: str | None = None, kind: str = "action") -> list[dict]:
    """The goals with nothing of one kind behind them, even through sub-goals.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from `govkg.graph.projection.to_networkx`.
    report : str, optional
        Only the goals of this report (its node id or label).
    kind : {"action", "number"}, default "action"
        ``"action"``: no action contributes to the goal or a goal under it;
        ``"number"``: no such action has an observation.

    Returns
    -------
    list of dict
        The `goal_coverage` rows whose ``actions`` (or ``observations``) count is 0.

    Raises
    ------
    InvalidOption
        When `kind` is neither ``"action"`` nor ``"number"``.
    ReportNotFound
        As in `goal_coverage`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("g1", kind="Goal", label="加强学习", outline="1", level=1, report=None)
    >>> G.add_node("g2", kind="Goal", label="压实责任", outline="2", level=1, report=None)
    >>> G.add_node("act", kind="Action", label="举办培训班")
    >>> _ = G.add_edge("act", "g1", key="contributesTo")
    >>> [r["label"] for r in empty_goals(G)], [r["label"] for r in empty_goals(G, kind="number")]
    (['压实责任'], ['加强学习', '压实责任'])
    """
    if kind not in EMPTY_KINDS:
        raise InvalidOption(f"unknown kind {kind!r}; choose one of {', '.join(map(repr, EMPTY_KINDS))}")
    count = EMPTY_KINDS[kind]
    return [row for row in goal_coverage(G, report=report) if row[count] == 0]
