"""Score an extracted graph against hand-made gold annotations.

The rules are those of the "Scoring" section of the gold guidelines
(``gold/GUIDELINES.md``): labels are compared after
:func:`~govkg.evaluation.labels.normalise`, a gold item is found when a node
of the right class has a matching label, precision leaves out nodes that
match only optional items, metrics are matched one to one by value and unit
(:mod:`~govkg.evaluation.metrics`), and feeds pairs are scored for recall
only (:mod:`~govkg.evaluation.feeds`). Counts are summed over documents
before dividing (:func:`micro_average`).

This module only compares; the caller runs the extractor and passes graphs
(or calls :func:`govkg.evaluation.run.evaluate_files`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from rdflib import Graph

from ..ontology.namespace import GK

from .feeds import score_feeds
from .gold import Gold
from .kinds import ENTITY_CLASSES, ENTITY_KINDS, FEEDS_BY_LABEL, KINDS, METRIC_NAMES, KindScore
from .labels import LABEL_PROPERTIES, display, literals, matches_any, normalise, typed_nodes
from .metrics import metric_name_matches, score_metric_names, score_metrics

__all__ = ["KINDS", "metric_name_matches", "micro_average", "score_graph"]


def score_graph(graph: Graph, gold: Gold) -> dict[str, KindScore]:
    """Score an extracted graph against the gold annotation of its report.

    Parameters
    ----------
    graph : rdflib.Graph
        The extractor's output for ``gold.document``.
    gold : Gold
        The annotation, see :func:`load_gold`.

    Returns
    -------
    dict of str to KindScore
        One score per kind, in the order of :data:`KINDS`.

    Examples
    --------
    >>> from rdflib import RDF, RDFS, Graph, Literal, URIRef
    >>> g = Graph()
    >>> node = URIRef("https://w3id.org/govkg/id/agency/南阳市司法局")
    >>> _ = g.add((node, RDF.type, GK.Agency)).add((node, RDFS.label, Literal("南阳市司法局")))
    >>> data = {"document": "d.txt", "jurisdiction": "南阳市", "year": 2023,
    ...         "agencies": ["市司法局", "市委"], "places": [], "policies": [],
    ...         "programs": [], "goals": [], "metrics": [], "feeds": [], "optional": {}}
    >>> score = score_graph(g, Gold.from_dict(data))["agencies"]
    >>> score.tp_nodes, score.predicted_nodes, score.found, score.gold, score.missed
    (1, 1, 1, 2, ['市委'])
    """
    scores = {kind: _score_entities(graph, gold, kind) for kind in ENTITY_KINDS}
    scores["metrics"] = score_metrics(graph, gold)
    scores[METRIC_NAMES] = score_metric_names(graph, gold)
    scores["feeds"] = score_feeds(graph, gold)
    scores[FEEDS_BY_LABEL] = score_feeds(graph, gold, by_label=True)
    return scores


def _score_entities(graph: Graph, gold: Gold, kind: str) -> KindScore:
    items = [normalise(item) for item in gold.items(kind)]
    optional = [normalise(item) for item in gold.optional.get(kind, ())]
    nodes = typed_nodes(graph, ENTITY_CLASSES[kind])
    if kind == "places":  # divisions only above a named place (gk:within) come from the gazetteer, not the text
        nodes = [node for node in nodes if (node, GK.evidence, None) in graph or (None, GK.within, node) not in graph]
    node_labels = [
        [normalise(label) for label in literals(graph, node, LABEL_PROPERTIES)] for node in nodes
    ]
    found = [any(matches_any(labels, [item]) for labels in node_labels) for item in items]
    correct = [matches_any(labels, items) for labels in node_labels]
    spurious = [
        display(graph, node)
        for node, labels, ok in zip(nodes, node_labels, correct, strict=True)
        if not ok and not matches_any(labels, optional)
    ]
    return KindScore(
        kind=kind,
        tp_nodes=sum(correct),
        predicted_nodes=sum(correct) + len(spurious),
        found=sum(found),
        gold=len(items),
        missed=sorted(
            item for item, hit in zip(gold.items(kind), found, strict=True) if not hit
        ),
        spurious=sorted(spurious),
        document=gold.document,
    )


def micro_average(scores: Sequence[Mapping[str, KindScore]]) -> dict[str, KindScore]:
    """Sum per-document scores kind by kind (micro-average).

    Parameters
    ----------
    scores : sequence of mapping of str to KindScore
        Results of :func:`score_graph`, one per document.

    Returns
    -------
    dict of str to KindScore
        One summed score per kind present in any input, in the order of
        :data:`KINDS`. Missed and spurious items are prefixed with their
        document (``"nanyang-2023.txt: 市委"``) and sorted.

    Examples
    --------
    >>> a = {"agencies": KindScore("agencies", 1, 2, 1, 1, [], ["市长"], "a.txt")}
    >>> b = {"agencies": KindScore("agencies", 3, 3, 2, 4, ["市委", "市政协"], [], "b.txt")}
    >>> total = micro_average([a, b])["agencies"]
    >>> total.precision, total.recall, total.missed, total.spurious
    (0.8, 0.6, ['b.txt: 市委', 'b.txt: 市政协'], ['a.txt: 市长'])
    """
    kinds = _ordered_kinds(kind for document in scores for kind in document)
    return {kind: _sum_kind(kind, [doc[kind] for doc in scores if kind in doc]) for kind in kinds}


def _ordered_kinds(kinds: Iterable[str]) -> list[str]:
    present = set(kinds)
    return [kind for kind in KINDS if kind in present] + sorted(present - set(KINDS))


def _sum_kind(kind: str, scores: Sequence[KindScore]) -> KindScore:
    return KindScore(
        kind=kind,
        tp_nodes=sum(score.tp_nodes for score in scores),
        predicted_nodes=sum(score.predicted_nodes for score in scores),
        found=sum(score.found for score in scores),
        gold=sum(score.gold for score in scores),
        missed=sorted(_prefixed(scores, "missed")),
        spurious=sorted(_prefixed(scores, "spurious")),
    )


def _prefixed(scores: Iterable[KindScore], attribute: str) -> Iterator[str]:
    for score in scores:
        prefix = f"{score.document}: " if score.document else ""
        yield from (prefix + item for item in getattr(score, attribute))
