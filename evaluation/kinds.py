"""The kinds of item the gold files annotate, and the counts scored for each.

The kinds follow the "Scoring" section of the gold guidelines
(``gold/GUIDELINES.md``): five entity kinds scored by label, metrics matched
by value and unit, and three kinds scored for recall only (metric names,
feeds, and feeds through the action's own label).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ontology.namespace import GK

__all__ = [
    "ENTITY_CLASSES",
    "ENTITY_KINDS",
    "FEEDS_BY_LABEL",
    "KINDS",
    "METRIC_NAMES",
    "RECALL_ONLY_KINDS",
    "KindScore",
]

#: Kinds scored by label, with the class their nodes must have.
ENTITY_CLASSES = {
    "agencies": GK.Agency,
    "places": GK.Place,
    "policies": GK.Policy,
    "programs": GK.Program,
    "goals": GK.Goal,
}
ENTITY_KINDS = tuple(ENTITY_CLASSES)
#: Metric names right (GUIDELINES.md, "Metric names"); short, so the table keeps its width.
METRIC_NAMES = "naming"
#: Feeds found through the action's own label (GUIDELINES.md, "Feeds through the action's own label").
FEEDS_BY_LABEL = "feeds-by-label"
#: Every kind, in the order results are reported.
KINDS = (*ENTITY_KINDS, "metrics", METRIC_NAMES, "feeds", FEEDS_BY_LABEL)
#: Kinds for which the guidelines define recall only.
RECALL_ONLY_KINDS = frozenset({METRIC_NAMES, "feeds", FEEDS_BY_LABEL})


@dataclass
class KindScore:
    """Counts for one kind of item, in one document or summed over several.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    tp_nodes : int
        Predicted nodes that match a gold item.
    predicted_nodes : int
        Predicted nodes counted for precision (nodes matching only optional
        items are left out).
    found : int
        Gold items found.
    gold : int
        Gold items.
    missed : list of str
        Gold items not found, sorted.
    spurious : list of str
        Predicted nodes that match nothing, sorted.
    document : str, optional
        The scored document; ``""`` for a sum over documents.

    Examples
    --------
    >>> score = KindScore("agencies", 1, 2, 1, 4, ["市委"], ["市长"])
    >>> score.precision, score.recall, round(score.f1, 3)
    (0.5, 0.25, 0.333)
    >>> KindScore("feeds", 0, 0, 3, 4, [], []).precision is None
    True
    """

    kind: str
    tp_nodes: int
    predicted_nodes: int
    found: int
    gold: int
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    document: str = ""

    @property
    def precision(self) -> float | None:
        """``tp_nodes / predicted_nodes``; 0.0 when nothing was predicted, None for feeds."""
        if self.kind in RECALL_ONLY_KINDS:
            return None
        return ratio(self.tp_nodes, self.predicted_nodes)

    @property
    def recall(self) -> float:
        """``found / gold``; 0.0 when there is no gold item."""
        return ratio(self.found, self.gold)

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; None when precision is."""
        precision, recall = self.precision, self.recall
        if precision is None:
            return None
        return ratio(2 * precision * recall, precision + recall)


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or 0.0 when the denominator is 0.

    Examples
    --------
    >>> ratio(1, 4), ratio(3, 0)
    (0.25, 0.0)
    """
    return numerator / denominator if denominator else 0.0
