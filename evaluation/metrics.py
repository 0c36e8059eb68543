"""Metrics: reported numbers matched to the gold ones by value and unit, and their names.

An observation of the graph matches a gold metric when one of its values is
the gold value and one of its units contains, or is contained in, the gold
unit; the two are paired one to one by a maximum matching, so a number
reported twice counts twice. Metric names (``naming``) are scored for recall
only, on the pairs found: the Metric an observation points to must name the
gold ``subject`` (:func:`metric_name_matches`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx
from rdflib import Graph, Literal
from rdflib.term import Node

from ..ontology.namespace import GK

from .gold import Gold, GoldMetric
from .kinds import METRIC_NAMES, KindScore, ratio
from .labels import LABEL_PROPERTIES, literals, normalise, normalised_match, typed_nodes

__all__ = ["metric_name_matches", "score_metric_names", "score_metrics"]

_REL_TOL, _ABS_TOL = 1e-6, 1e-9


@dataclass(frozen=True)
class _Observation:
    node: Node
    values: tuple[float, ...]
    units: tuple[str, ...]
    shown: str


def _observations(graph: Graph) -> list[_Observation]:
    observations = []
    for node in typed_nodes(graph, GK.Observation):
        numbers = sorted(
            (value for value in graph.objects(node, GK.value) if _is_number(value)), key=str
        )
        if not numbers:
            continue
        units = tuple(literals(graph, node, (GK.unit,))) or ("",)
        shown = f"{numbers[0]}{units[0]} [{node}]"
        values = tuple(float(number.toPython()) for number in numbers)
        observations.append(_Observation(node, values, units, shown))
    return observations


def _is_number(value: Node) -> bool:
    python = value.toPython() if isinstance(value, Literal) else None
    return isinstance(python, int | float | Decimal) and not isinstance(python, bool)


def _unit_matches(predicted: str, expected: str) -> bool:
    predicted, expected = normalise(predicted), normalise(expected)
    if not expected:
        return True
    return bool(predicted) and (predicted in expected or expected in predicted)


def _metric_matches(observation: _Observation, metric: GoldMetric) -> bool:
    same_value = any(
        math.isclose(value, metric.value, rel_tol=_REL_TOL, abs_tol=_ABS_TOL)
        for value in observation.values
    )
    return same_value and any(_unit_matches(unit, metric.unit) for unit in observation.units)


def _maximum_matching(
    observations: Sequence[_Observation], metrics: Sequence[GoldMetric]
) -> dict[int, int]:
    """Map observation index to gold metric index in a maximum one-to-one matching."""
    bipartite = nx.Graph()
    left = [("observation", index) for index in range(len(observations))]
    bipartite.add_nodes_from(left)
    bipartite.add_nodes_from(("metric", index) for index in range(len(metrics)))
    bipartite.add_edges_from(
        (("observation", i), ("metric", j))
        for i, observation in enumerate(observations)
        for j, metric in enumerate(metrics)
        if _metric_matches(observation, metric)
    )
    matching = nx.bipartite.hopcroft_karp_matching(bipartite, top_nodes=left)
    return {node[1]: matching[node][1] for node in left if node in matching}


def score_metrics(graph: Graph, gold: Gold) -> KindScore:
    """Score the graph's observations against the gold metrics (one to one, by value and unit)."""
    observations = _observations(graph)
    matched = _maximum_matching(observations, gold.metrics)
    spurious = [
        observation.shown
        for index, observation in enumerate(observations)
        if index not in matched
        and not any(_metric_matches(observation, metric) for metric in gold.optional_metrics)
    ]
    found = set(matched.values())
    return KindScore(
        kind="metrics",
        tp_nodes=len(matched),
        predicted_nodes=len(matched) + len(spurious),
        found=len(found),
        gold=len(gold.metrics),
        missed=sorted(
            _show_metric(metric)
            for index, metric in enumerate(gold.metrics)
            if index not in found
        ),
        spurious=sorted(spurious),
        document=gold.document,
    )


def _show_metric(metric: GoldMetric) -> str:
    return f"{metric.text} ({metric.subject})"


# A clean indicator name inside the subject as worded: at least 3 characters
# and a third of the subject; or half the character pairs shared (Dice).
_NAME_MIN_CHARS, _NAME_MIN_SHARE, _NAME_MIN_DICE = 3, 1 / 3, 0.5


def metric_name_matches(label: str, subject: str) -> bool:
    """Whether a Metric's label names the gold ``subject`` (the "Metric names" rule).

    Parameters
    ----------
    label : str
        A label of the Metric the observation points to.
    subject : str
        The gold metric's subject, worded as in the text.

    Returns
    -------
    bool
        True when the labels match by the label rule; or the label is inside
        the subject, at least 3 characters and a third of its length; or the
        two share at least half their adjacent character pairs (Dice >= 0.5).

    Examples
    --------
    >>> metric_name_matches("地区生产总值", "地区生产总值增长")
    True
    >>> metric_name_matches("增长", "地区生产总值增长")
    False
    >>> metric_name_matches("行政复议案件", "办结行政复议案件数")  # pairs: 5 of 5 and 8
    True
    """
    label, subject = normalise(label), normalise(subject)
    if not label or not subject:
        return False
    if normalised_match(label, subject):
        return True
    if label in subject and len(label) >= _NAME_MIN_CHARS and len(label) >= _NAME_MIN_SHARE * len(subject):
        return True
    return _dice(label, subject) >= _NAME_MIN_DICE


def _dice(a: str, b: str) -> float:
    pairs_a = {a[i:i + 2] for i in range(len(a) - 1)}
    pairs_b = {b[i:i + 2] for i in range(len(b) - 1)}
    return ratio(2 * len(pairs_a & pairs_b), len(pairs_a) + len(pairs_b))


def _named_matching(
    observations: Sequence[_Observation], labels: Sequence[Sequence[str]], metrics: Sequence[GoldMetric]
) -> dict[int, int]:
    """A maximum one-to-one matching by value and unit that pairs named-right observations where it can.

    The same number reported twice (100% ... 100%) matches either gold entry; of
    the maximum matchings, the one with most names right tells which is which.
    """
    graph = nx.Graph()
    for i, observation in enumerate(observations):
        for j, metric in enumerate(metrics):
            if _metric_matches(observation, metric):
                named = any(metric_name_matches(label, metric.subject) for label in labels[i])
                graph.add_edge(("observation", i), ("metric", j), weight=2 if named else 1)
    pairs = nx.max_weight_matching(graph, maxcardinality=True)
    return dict(sorted((a[1], b[1]) if a[0] == "observation" else (b[1], a[1]) for a, b in pairs))


def score_metric_names(graph: Graph, gold: Gold) -> KindScore:
    """Found metrics with a gold subject (``gold``) and those whose Metric is named right (``found``)."""
    observations = _observations(graph)
    labels = [
        [label for m in graph.objects(o.node, GK.ofMetric) for label in literals(graph, m, LABEL_PROPERTIES)]
        for o in observations
    ]
    named = wrong = 0
    missed = []
    for index, metric_index in sorted(_named_matching(observations, labels, gold.metrics).items()):
        metric = gold.metrics[metric_index]
        if not normalise(metric.subject):
            continue
        if any(metric_name_matches(label, metric.subject) for label in labels[index]):
            named += 1
        else:
            wrong += 1
            missed.append(f"{_show_metric(metric)} named {' | '.join(labels[index]) or '-'}")
    return KindScore(
        kind=METRIC_NAMES,
        tp_nodes=0,
        predicted_nodes=0,
        found=named,
        gold=named + wrong,
        missed=sorted(missed),
        spurious=[],
        document=gold.document,
    )
