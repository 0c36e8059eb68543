"""An interactive goal tree as one self-contained HTML page.

`goal_tree` reads the tree below a goal (or below every top-level goal of a
report) out of a govkg graph into plain, JSON-ready data; `render` writes
that data into ``viz_template.html`` and returns the page.  Finding and
writing stay apart: the page's script builds the DOM from the data.

The page works offline: its CSS and script are inline, it names no font,
script, style sheet or image to fetch, and its Content-Security-Policy
(``default-src 'none'``) forbids any request should one slip in.  The data
sits in a ``<script type="application/json">`` block with ``<``, ``>`` and
``&`` written as JSON ``\\u`` escapes, so no label can end the block, and the
script puts text into the page with ``textContent`` only.

The same graph and root always give the same page: every list is sorted
(goals, actions and observations in the order of their evidence in the
report, ties by IRI), and the JSON is written with sorted keys.
"""

from __future__ import annotations

import difflib
import html
import json
import math
import re
from decimal import Decimal
from importlib.resources import files
from urllib.parse import unquote

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from ..errors import GovkgError
from ..ontology.namespace import GK, NIF
from .labels import normalise_label

__all__ = ["VizError", "goal_tree", "render"]

TEMPLATE = "viz_template.html"

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+\Z")

# Goals at the top of a report: no broader goal, or only broader goals of other reports.
_TOP_GOALS = """
SELECT DISTINCT ?goal WHERE {
    ?goal a gk:Goal ; gk:inReport ?report .
    FILTER NOT EXISTS { ?goal gk:subGoalOf ?parent . ?parent gk:inReport ?report }
}
"""

# Actions of a report that serve no goal: listed apart so the report view loses none.
_UNASSIGNED_ACTIONS = """
SELECT DISTINCT ?action WHERE {
    ?action a gk:Action ; gk:inReport ?report .
    FILTER NOT EXISTS { ?action gk:contributesTo ?goal }
}
"""


class VizError(GovkgError):
    """A root that names no goal or report of the graph.

    Parameters
    ----------
    root : str
        The root asked for.
    reason : str
        What is wrong with it, in a few words.
    suggestions : sequence of str, optional
        Goal labels close to `root`.

    Examples
    --------
    >>> str(VizError("调整政府职能", "no goal or report of that IRI or label", ["调整优化政府职能"]))
    "'调整政府职能': no goal or report of that IRI or label; close goal labels: 调整优化政府职能"
    """

    def __init__(self, root: str, reason: str, suggestions: tuple[str, ...] | list[str] = ()) -> None:
        super().__init__(root, reason, tuple(suggestions))
        self.root = root
        self.reason = reason
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:
        if self.suggestions:
            return f"{self.root!r}: {self.reason}; close goal labels: {', '.join(self.suggestions)}"
        return f"{self.root!r}: {self.reason}; no goal label is close"


def render(graph: Graph, root: str) -> str:
    """Return a self-contained, interactive HTML page of the goal tree at `root`.

    Each goal shows its outline number, its label, the number of actions and
    of reported numbers below it, its sub-goals and the actions that
    contribute to it; each action its status, performing agencies, programs
    and policies, and its observations; every node's evidence sentence is a
    tooltip and an expandable quote.  The page collapses and expands goals,
    filters and highlights by a search box and can show only the goals
    without numbers.

    Parameters
    ----------
    graph : rdflib.Graph
        A govkg graph (one report's, or several merged into one graph).
    root : str
        A ``gk:Goal`` IRI, a goal label (every goal of that label becomes a
        root), or a ``gk:Report`` IRI (its top-level goals become the roots).

    Returns
    -------
    str
        The page, UTF-8 text with ``<meta charset="utf-8">``.

    Raises
    ------
    VizError
        `root` names no goal or report of `graph`.

    Examples
    --------
    >>> from govkg.extractor import extract
    >>> g = extract("一、依法履职\\n(一)深化改革。市司法局印发《行政执法办法》。", source="demo.txt")
    >>> page = render(g, "深化改革")
    >>> page.startswith("<!DOCTYPE html>") and "深化改革" in page
    True
    """
    data = goal_tree(graph, root)
    values = {"TITLE": html.escape(data["title"], quote=True), "DATA": _script_json(data)}
    template = files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")
    # One pass, so that text put in is never read again as a placeholder.
    return re.sub(r"\{\{(TITLE|DATA)\}\}", lambda m: values[m[1]], template)


def goal_tree(graph: Graph, root: str) -> dict:
    """Read the goal tree at `root` into JSON-ready data (what `render` embeds).

    Parameters
    ----------
    graph : rdflib.Graph
    root : str
        As for `render`.

    Returns
    -------
    dict
        ``title``; ``root`` (``kind``: ``"report"``, ``"goal"`` or
        ``"label"``, and ``iri`` or ``label``); ``goals``, the root goals,
        each with ``iri``, ``label``, ``number`` (outline number or None),
        ``level``, ``evidence`` (indices into ``sentences``), ``goals``
        (sub-goals), ``actions`` and ``counts`` (``actions`` and
        ``observations`` of the goal itself, ``allActions`` and
        ``allObservations`` with its sub-goals); ``unassigned``, a report's
        actions that serve no goal; ``sentences``, each with ``text``,
        ``begin``, ``end``; ``totals``.  An action has ``iri``, ``label``,
        ``status`` (``"Completed"`` ...), ``verb``, ``period``,
        ``agencies``, ``programs``, ``policies`` (labels), ``evidence`` and
        ``observations``; an observation ``iri``, ``label``, ``value`` (the
        decimal as text, ``"4776"``), ``unit``, ``qualifier``, ``metric``,
        ``period`` and ``evidence``.

    Raises
    ------
    VizError
        `root` names no goal or report of `graph`.
    """
    return _TreeReader(graph).read(root)


class _TreeReader:
    """Walks the graph from the roots; collects the evidence sentences it meets."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.sentence_keys: dict[Node, tuple] = {}
        self.totals = {"goals": 0, "actions": 0, "observations": 0}

    # -- roots
    def read(self, root: str) -> dict:
        kind, nodes, title = self._resolve(root)
        if kind == "report":
            report = nodes[0]
            goals = self._sorted(row.goal for row in self.graph.query(
                _TOP_GOALS, initNs={"gk": GK}, initBindings={"report": report}))
            unassigned = self._sorted(row.action for row in self.graph.query(
                _UNASSIGNED_ACTIONS, initNs={"gk": GK}, initBindings={"report": report}))
            root_info = {"kind": "report", "iri": str(report)}
        else:
            goals, unassigned = nodes, []
            root_info = {"kind": kind, "iri": str(nodes[0])} if kind == "goal" else {"kind": kind, "label": root}
        tree = [self._goal(g, frozenset()) for g in goals]
        loose = [self._action(a) for a in unassigned]
        self.totals["actions"] += len(loose)
        nodes = list(_walk(tree, loose))
        # The page lists each evidence sentence once, in report order; nodes point at it by index.
        order = sorted({s for node in nodes for s in node["evidence"]}, key=self.sentence_keys.__getitem__)
        index = {s: i for i, s in enumerate(order)}
        for node in nodes:
            node["evidence"] = [index[s] for s in node["evidence"]]
        return {
            "title": title,
            "root": root_info,
            "goals": tree,
            "unassigned": loose,
            "sentences": [self._sentence(s) for s in order],
            "totals": dict(self.totals),
        }

    def _resolve(self, root: str) -> tuple[str, list[URIRef], str]:
        g = self.graph
        root = str(root).strip()
        # Only what looks like an absolute IRI is tried as one (rdflib warns about the rest).
        iri = URIRef(root) if _IRI.match(root) else None
        if iri is not None and (iri, RDF.type, GK.Report) in g:
            title = self._first(iri, DCTERMS.title) or _label(g, iri)
            return "report", [iri], title
        if iri is not None and (iri, RDF.type, GK.Goal) in g:
            return "goal", [iri], _label(g, iri)
        goals = set(g.subjects(RDF.type, GK.Goal))
        wanted = normalise_label(root)
        named = [goal for goal in goals if any(normalise_label(str(x)) == wanted for x in _names(g, goal))]
        if named:
            return "label", self._sorted(named), root
        if iri is not None and (iri, None, None) in g:
            raise VizError(root, "is neither a gk:Goal nor a gk:Report")
        labels = sorted({str(x) for goal in goals for x in _names(g, goal)})
        close = difflib.get_close_matches(root, labels, n=5, cutoff=0.5)
        raise VizError(root, "no goal or report of that IRI or label", close)

    # -- nodes
    def _goal(self, goal: URIRef, ancestors: frozenset) -> dict:
        g = self.graph
        self.totals["goals"] += 1
        ancestors = ancestors | {goal}
        # A cycle of gk:subGoalOf (bad data) is cut where it would come back round.
        children = self._sorted(c for c in g.subjects(GK.subGoalOf, goal) if c not in ancestors)
        subgoals = [self._goal(c, ancestors) for c in children]
        actions = [self._action(a) for a in self._sorted(g.subjects(GK.contributesTo, goal))
                   if (a, RDF.type, GK.Action) in g]
        self.totals["actions"] += len(actions)
        own = {"actions": len(actions), "observations": sum(len(a["observations"]) for a in actions)}
        level = self._first(goal, GK.headingLevel)
        return {
            "iri": str(goal),
            "label": _label(g, goal),
            "number": self._first(goal, GK.outlineNumber),
            "level": int(level) if level and level.isdigit() else None,
            "evidence": self._evidence(goal),
            "goals": subgoals,
            "actions": actions,
            "counts": {
                **own,
                "allActions": own["actions"] + sum(s["counts"]["allActions"] for s in subgoals),
                "allObservations": own["observations"] + sum(s["counts"]["allObservations"] for s in subgoals),
            },
        }

    def _action(self, action: URIRef) -> dict:
        g = self.graph
        observations = [self._observation(o) for o in self._sorted(g.objects(action, GK.hasObservation))]
        self.totals["observations"] += len(observations)
        status = self._min(g.objects(action, GK.status))
        return {
            "iri": str(action),
            "label": _label(g, action),
            "status": _local_name(status) if status is not None else None,
            "verb": self._first(action, GK.verb),
            "period": self._first(action, GK.period),
            "agencies": self._labels(g.objects(action, GK.performedBy)),
            "programs": self._labels(g.objects(action, GK.implements)),
            "policies": self._labels(g.objects(action, GK.produces)),
            "evidence": self._evidence(action),
            "observations": observations,
        }

    def _observation(self, obs: URIRef) -> dict:
        g = self.graph
        value = self._min(g.objects(obs, GK.value))
        metric = self._min(g.objects(obs, GK.ofMetric))
        return {
            "iri": str(obs),
            "label": _label(g, obs),
            "value": _number(value) if value is not None else None,
            "unit": self._first(obs, GK.unit) or "",
            "qualifier": self._first(obs, GK.qualifier) or "",
            "metric": _label(g, metric) if metric is not None else None,
            "period": self._first(obs, GK.period),
            "evidence": self._evidence(obs),
        }

    # -- evidence and order
    def _evidence(self, node: URIRef) -> list[Node]:
        """The node's sentences; replaced by indices into the page's sentence list at the end."""
        sentences = [s for s in self.graph.objects(node, GK.evidence) if self._sentence_key(s) is not None]
        return sorted(set(sentences), key=self._sentence_key)

    def _sentence_key(self, sentence: Node) -> tuple | None:
        if sentence not in self.sentence_keys:
            if (sentence, NIF.anchorOf, None) not in self.graph:
                return None
            begin = self._first(sentence, NIF.beginIndex)
            start = int(begin) if begin and begin.isdigit() else math.inf
            self.sentence_keys[sentence] = (start, _natural(str(sentence)))
        return self.sentence_keys[sentence]

    def _sentence(self, sentence: Node) -> dict:
        begin, end = self._first(sentence, NIF.beginIndex), self._first(sentence, NIF.endIndex)
        return {
            "text": self._first(sentence, NIF.anchorOf) or "",
            "begin": int(begin) if begin and begin.isdigit() else None,
            "end": int(end) if end and end.isdigit() else None,
        }

    def _sorted(self, nodes) -> list:
        """Nodes in the order of their first evidence sentence in the report, then by IRI."""
        def key(node):
            keys = [k for k in map(self._sentence_key, self.graph.objects(node, GK.evidence)) if k is not None]
            return (min(keys) if keys else (math.inf, ()), _natural(str(node)))
        return sorted(set(nodes), key=key)

    # -- values
    def _min(self, values) -> Node | None:
        """The smallest of several values, so that the result does not depend on triple order."""
        return min(values, key=lambda v: (type(v).__name__, str(v)), default=None)

    def _first(self, node: Node, prop: URIRef) -> str | None:
        value = self._min(self.graph.objects(node, prop))
        return str(value) if value is not None else None

    def _labels(self, nodes) -> list[str]:
        return sorted({_label(self.graph, n) for n in nodes})


def _walk(goals: list[dict], actions: list[dict]):
    """Every goal, action and observation dict of the tree."""
    for goal in goals:
        yield goal
        yield from _walk(goal["goals"], goal["actions"])
    for action in actions:
        yield action
        yield from action["observations"]


def _names(graph: Graph, node: Node):
    yield from graph.objects(node, RDFS.label)
    yield from graph.objects(node, SKOS.altLabel)


def _label(graph: Graph, node: Node) -> str:
    """``rdfs:label`` (the smallest, if several), else ``skos:prefLabel``, else the IRI's last segment."""
    for prop in (RDFS.label, SKOS.prefLabel):
        labels = sorted(str(x) for x in graph.objects(node, prop))
        if labels:
            return labels[0]
    return _local_name(node)


def _local_name(node: Node) -> str:
    text = str(node).rstrip("/#")
    return unquote(re.split(r"[/#]", text)[-1]) or text


def _natural(text: str) -> tuple:
    """Sort key that orders digit runs by value: ``goal/2.10`` after ``goal/2.9``."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)


def _number(value: Node) -> str:
    """A plain decimal without exponent or trailing zeros: ``4776.0`` gives ``"4776"``."""
    python = value.toPython() if isinstance(value, Literal) else value
    if isinstance(python, bool) or not isinstance(python, (int, float, Decimal)):
        return str(value)
    number = python if isinstance(python, Decimal) else Decimal(repr(python))
    if not number.is_finite():
        return str(value)
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _script_json(data: dict) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` only occur in strings, so escape them there."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
