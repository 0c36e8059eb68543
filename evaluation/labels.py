"""Labels: how the gold rule compares them, and how they are read from a graph.

Labels are compared after :func:`normalise`; two labels match when they are
equal or one contains the other and is at least 60% as long (the "Scoring"
section of ``gold/GUIDELINES.md``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

__all__ = [
    "LABEL_PROPERTIES",
    "display",
    "labels_match",
    "literals",
    "matches_any",
    "normalise",
    "normalised_match",
    "typed_nodes",
]

#: The properties a node's labels are read from.
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)

# Characters dropped anywhere (after NFKC, so full-width " and ' are covered).
_QUOTES = frozenset("《》“”\"'「」‘’")
# Characters dropped at the end (after NFKC, so ，；：！？． are covered).
_TRAILING_PUNCTUATION = "。,;:!?、.…~"
# The shorter label must be at least 3/5 (60%) of the longer one.
_CONTAINMENT_NUMERATOR, _CONTAINMENT_DENOMINATOR = 3, 5


def normalise(s: str) -> str:
    """Normalise a label for comparison, as the gold guidelines prescribe.

    Applies Unicode NFKC, drops all whitespace and the quote characters
    ``《》“”"'「」‘’`` (and their full-width forms), then drops trailing
    punctuation such as ``。,;:!?、.``.

    Parameters
    ----------
    s : str
        A label or gold surface form.

    Returns
    -------
    str
        The normalised form (possibly empty).

    Examples
    --------
    >>> normalise(" 《南阳市 重大行政决策》。")
    '南阳市重大行政决策'
    >>> normalise("“法润千企”；")
    '法润千企'
    >>> normalise("97.8%")
    '97.8%'
    """
    text = unicodedata.normalize("NFKC", s)
    kept = "".join(ch for ch in text if not ch.isspace() and ch not in _QUOTES)
    return kept.rstrip(_TRAILING_PUNCTUATION)


def labels_match(a: str, b: str) -> bool:
    """Whether two labels match under the gold rule.

    After :func:`normalise`, the labels match when they are equal, or when one
    contains the other and the shorter is at least 60% as long as the longer.
    Empty labels never match.

    Parameters
    ----------
    a, b : str
        The labels.

    Returns
    -------
    bool

    Examples
    --------
    >>> labels_match("市司法局", "南阳市司法局")
    True
    >>> labels_match("司法局", "南阳市司法局")
    False
    >>> labels_match("", "")
    False
    """
    return normalised_match(normalise(a), normalise(b))


def normalised_match(a: str, b: str) -> bool:
    """:func:`labels_match` for labels already normalised.

    Examples
    --------
    >>> normalised_match("府院联动", "府院联动机制"), normalised_match("一件事", "一件事一次办")
    (True, False)
    """
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return shorter in longer and (
        _CONTAINMENT_DENOMINATOR * len(shorter) >= _CONTAINMENT_NUMERATOR * len(longer)
    )


def matches_any(labels: Iterable[str], items: Iterable[str]) -> bool:
    """Whether any of the normalised `labels` matches any of the normalised `items`."""
    items = tuple(items)
    return any(normalised_match(label, item) for label in labels for item in items)


# --------------------------------------------------------------------------
# Reading the graph


def typed_nodes(graph: Graph, cls: Node) -> list[Node]:
    """The nodes of class `cls`, sorted by IRI."""
    return sorted(set(graph.subjects(RDF.type, cls)), key=str)


def literals(graph: Graph, node: Node, predicates: Iterable[Node]) -> list[str]:
    """The literal values of `node` under any of `predicates`, as sorted strings."""
    return sorted(
        str(value)
        for predicate in predicates
        for value in graph.objects(node, predicate)
        if isinstance(value, Literal)
    )


def display(graph: Graph, node: Node) -> str:
    """How a node is shown in a report: its first ``rdfs:label``, another label, or its IRI."""
    names = literals(graph, node, (RDFS.label,)) or literals(graph, node, LABEL_PROPERTIES)
    return names[0] if names else str(node)
