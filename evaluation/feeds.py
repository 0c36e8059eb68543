"""Feeds: whether the graph links each gold action to the goal it serves.

A gold pair ``action → goal`` is found when an action whose label or
evidence sentence contains the gold action text reaches, through
``gk:contributesTo`` and ``gk:subGoalOf*``, a goal whose label matches the
gold goal (``feeds``); or, more strictly, when the action's own label
matches the gold action by the label rule (``feeds-by-label``). Both are
scored for recall only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..ontology.namespace import GK, NIF

from .gold import Gold, GoldFeed
from .kinds import FEEDS_BY_LABEL, KindScore
from .labels import LABEL_PROPERTIES, literals, normalise, normalised_match, typed_nodes

__all__ = ["score_feeds"]


@dataclass(frozen=True)
class _Action:
    texts: tuple[str, ...]
    goal_labels: tuple[str, ...]
    labels: tuple[str, ...] = ()


def _actions(graph: Graph) -> list[_Action]:
    """Each action's normalised texts, own labels and the normalised labels of the goals it reaches."""
    return [
        _Action(
            texts=_action_texts(graph, node),
            goal_labels=_reachable_goal_labels(graph, node),
            labels=tuple(normalise(text) for text in literals(graph, node, (RDFS.label,))),
        )
        for node in typed_nodes(graph, GK.Action)
    ]


def _action_texts(graph: Graph, action: Node) -> tuple[str, ...]:
    sentences = graph.objects(action, GK.evidence)
    texts = literals(graph, action, (RDFS.label,)) + [
        text for sentence in sentences for text in literals(graph, sentence, (NIF.anchorOf,))
    ]
    return tuple(normalise(text) for text in texts)


def _reachable_goal_labels(graph: Graph, action: Node) -> tuple[str, ...]:
    """Labels of goals on the path ``gk:contributesTo/gk:subGoalOf*`` from an action."""
    goals = {
        goal
        for start in graph.objects(action, GK.contributesTo)
        for goal in graph.transitive_objects(start, GK.subGoalOf)
        if (goal, RDF.type, GK.Goal) in graph
    }
    labels = {
        normalise(label) for goal in goals for label in literals(graph, goal, LABEL_PROPERTIES)
    }
    return tuple(sorted(labels))


def _feed_found(feed: GoldFeed, actions: Sequence[_Action]) -> bool:
    action_text, goal = normalise(feed.action), normalise(feed.goal)
    return any(
        any(action_text in text for text in action.texts)
        and any(normalised_match(label, goal) for label in action.goal_labels)
        for action in actions
    )


def _feed_found_by_label(feed: GoldFeed, actions: Sequence[_Action]) -> bool:
    """Like `_feed_found`, but the action's label must match ``feed.action`` by the label rule.

    Examples
    --------
    >>> act = _Action(texts=("加强立法推动执法",), goal_labels=("依法行政",), labels=("加强立法推动执法",))
    >>> _feed_found_by_label(GoldFeed("加强立法", "依法行政"), [act])
    False
    >>> _feed_found_by_label(GoldFeed("加强立法", "依法行政"), [_Action(("加强立法",), ("依法行政",), ("加强立法",))])
    True
    """
    action_text, goal = normalise(feed.action), normalise(feed.goal)
    return any(
        any(normalised_match(label, action_text) for label in action.labels)
        and any(normalised_match(label, goal) for label in action.goal_labels)
        for action in actions
    )


def score_feeds(graph: Graph, gold: Gold, *, by_label: bool = False) -> KindScore:
    """Score the gold feeds pairs, for recall: ``feeds``, or with ``by_label`` ``feeds-by-label``."""
    actions = _actions(graph)
    found_by = _feed_found_by_label if by_label else _feed_found
    found = [found_by(feed, actions) for feed in gold.feeds]
    return KindScore(
        kind=FEEDS_BY_LABEL if by_label else "feeds",
        tp_nodes=0,
        predicted_nodes=0,
        found=sum(found),
        gold=len(gold.feeds),
        missed=sorted(
            f"{feed.action} → {feed.goal}"
            for feed, hit in zip(gold.feeds, found, strict=True)
            if not hit
        ),
        spurious=[],
        document=gold.document,
    )
