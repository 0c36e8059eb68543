"""What feeds a goal: the actions under it and its sub-goals, and what those actions carry out.

A goal is fed by every node with a ``contributesTo`` edge to it or to one of
its sub-goals (``subGoalOf``, followed transitively), and by the programs
and policies those actions implement or produce.  Each feeder comes with the
``path`` of goal labels from the goal it feeds directly up to the goal asked
about, so ``depth = len(path) - 1`` is the number of ``subGoalOf`` steps.
"""

from __future__ import annotations

from collections import deque

import networkx as nx

from .labels import require_nodes
from .projection import neighbours, nodes_of_kind

__all__ = ["outline_key", "subgoals", "feeders"]

_KIND_ORDER = {"Action": 0, "Program": 1, "Policy": 2}
# Action → what it carries out, by predicate.
_LINKS = ("implements", "produces")


def outline_key(G: nx.Graph, goal: str) -> tuple:
    """A sort key putting goals in outline order (2.1.9 before 2.1.10), purpose goals last.

    Parameters
    ----------
    G : networkx.Graph
        A graph from `govkg.graph.projection.to_networkx`.
    goal : str
        A goal node id.

    Returns
    -------
    tuple

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", outline="2.1.10", label="甲")
    >>> G.add_node("b", outline="2.1.9", label="乙")
    >>> G.add_node("c", outline=None, label="丙")
    >>> sorted("abc", key=lambda n: outline_key(G, n))
    ['b', 'a', 'c']
    """
    data = G.nodes[goal]
    outline = data.get("outline")
    parts = tuple(int(p) if p.isdigit() else 0 for p in outline.split(".")) if outline else ()
    return (not parts, parts, data.get("label") or "", goal)


def subgoals(G: nx.MultiDiGraph, goal: str) -> list[dict]:
    """The goal and every goal under it, breadth first, with the path up to `goal`.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from `govkg.graph.projection.to_networkx`.
    goal : str
        A goal node id (not a label: see `feeders` for lookup by label).

    Returns
    -------
    list of dict
        One dict per goal with keys ``goal`` (node id), ``label``, ``path``
        (labels from this goal up to `goal`) and ``depth`` (``subGoalOf``
        steps).  `goal` itself comes first, at depth 0; a goal reached by two
        routes keeps the shorter; cycles are followed once.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for n, label in [("top", "总目标"), ("mid", "分目标"), ("low", "小目标")]:
    ...     G.add_node(n, kind="Goal", label=label, outline=None)
    >>> _ = G.add_edge("mid", "top", key="subGoalOf")
    >>> _ = G.add_edge("low", "mid", key="subGoalOf")
    >>> [(r["goal"], r["path"], r["depth"]) for r in subgoals(G, "top")]
    [('top', ['总目标'], 0), ('mid', ['分目标', '总目标'], 1), ('low', ['小目标', '分目标', '总目标'], 2)]
    """
    paths = {goal: [goal]}
    queue = deque([goal])
    while queue:
        node = queue.popleft()
        children = [c for c in neighbours(G, node, "subGoalOf", incoming=True) if G.nodes[c].get("kind") == "Goal"]
        for child in sorted(children, key=lambda c: outline_key(G, c)):
            if child not in paths:
                paths[child] = [child, *paths[node]]
                queue.append(child)
    return [{"goal": n, "label": G.nodes[n]["label"], "path": [G.nodes[p]["label"] for p in path],
             "depth": len(path) - 1} for n, path in paths.items()]


def feeders(G: nx.MultiDiGraph, goal: str) -> list[dict]:
    """Everything that feeds a goal, directly or through its sub-goals.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from `govkg.graph.projection.to_networkx`.
    goal : str
        A goal node id, or a goal label (see `govkg.graph.labels.find_nodes`);
        a label shared by several goals (one per report, say) asks about all of them.

    Returns
    -------
    list of dict
        One dict per (asked goal, feeder) with keys ``node``, ``kind``,
        ``label``; ``goal`` (the asked goal's id); ``via_goal`` (the goal the
        node feeds directly, or through its action); ``path`` (goal labels
        from ``via_goal`` up to the asked goal) and ``depth``
        (``len(path) - 1``); ``via`` (sorted ids of the feeding actions that
        implement or produce the node; empty for actions).
        Actions and any other node with ``contributesTo`` come first by
        depth; programs and policies linked to those actions by
        ``implements`` or ``produces`` take the depth of their shallowest
        action.  Sorted by asked goal, depth, outline, kind (actions,
        programs, policies), label.  Empty when the graph holds no goals.

    Raises
    ------
    GoalNotFound
        When the graph has goals but none with this id or label; the
        message names close labels.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("top", kind="Goal", label="优化营商环境", alt_labels=[], outline="1")
    >>> G.add_node("sub", kind="Goal", label="审批提速", alt_labels=[], outline="1.1")
    >>> G.add_node("act", kind="Action", label="推行一网通办", alt_labels=[])
    >>> G.add_node("prog", kind="Program", label="一网通办", alt_labels=[])
    >>> for u, v, key in [("sub", "top", "subGoalOf"), ("act", "sub", "contributesTo"),
    ...                   ("act", "prog", "implements")]:
    ...     _ = G.add_edge(u, v, key=key)
    >>> for r in feeders(G, "优化营商环境"):
    ...     print(r["label"], r["kind"], r["path"], r["depth"], r["via"])
    推行一网通办 Action ['审批提速', '优化营商环境'] 1 []
    一网通办 Program ['审批提速', '优化营商环境'] 1 ['act']
    """
    if not nodes_of_kind(G, "Goal"):
        return []
    rows: list[dict] = []
    for target in require_nodes(G, goal, "Goal"):
        found: dict[str, dict] = {}
        for sub in subgoals(G, target):
            for node in neighbours(G, sub["goal"], "contributesTo", incoming=True):
                if node not in found:  # breadth first: the first sighting is the shallowest
                    found[node] = {"via_goal": sub["goal"], "path": sub["path"], "depth": sub["depth"]}
        actions = [n for n in found if G.nodes[n].get("kind") == "Action"]
        linked: dict[str, list[str]] = {}
        for action in actions:
            for pred in _LINKS:
                for node in neighbours(G, action, pred):
                    linked.setdefault(node, []).append(action)
        for node, via in linked.items():
            if node not in found:  # a direct contributor keeps its own place
                best = min(via, key=lambda a: (found[a]["depth"], outline_key(G, found[a]["via_goal"]), a))
                found[node] = found[best]
        for node, where in found.items():
            data = G.nodes[node]
            rows.append({"node": node, "kind": data.get("kind"), "label": data.get("label"), "goal": target,
                         "via_goal": where["via_goal"], "path": list(where["path"]), "depth": where["depth"],
                         "via": sorted(linked.get(node, []))})
    rows.sort(key=lambda r: (r["goal"], r["depth"], outline_key(G, r["via_goal"]),
                             _KIND_ORDER.get(r["kind"], len(_KIND_ORDER)), r["label"] or "", r["node"]))
    return rows
