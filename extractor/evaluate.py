"""Score an extracted graph against hand-made gold annotations.

The rules are those of the "Scoring" section of the gold guidelines
(``gold/GUIDELINES.md``): labels are compared after :func:`normalise`, a gold
item is found when a node of the right class has a matching label, precision
leaves out nodes that match only optional items, metrics are matched one to
one by value and unit, and feeds pairs are scored for recall only. Counts are
summed over documents before dividing (:func:`micro_average`).

This module only compares; the caller runs the extractor and passes graphs.
"""

from __future__ import annotations

import json
import math
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import networkx as nx
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

__all__ = [
    "ENTITY_KINDS",
    "KINDS",
    "Gold",
    "GoldFeed",
    "GoldMetric",
    "KindScore",
    "format_details",
    "format_table",
    "evaluate_files",
    "labels_match",
    "load_gold",
    "metric_name_matches",
    "micro_average",
    "normalise",
    "score_graph",
]

# TODO: import from govkg.ontology.namespace
GK = Namespace("https://w3id.org/govkg/def#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

#: Kinds scored by label, with the class their nodes must have.
ENTITY_CLASSES = {
    "agencies": GK.Agency,
    "places": GK.Place,
    "policies": GK.Policy,
    "programs": GK.Program,
    "goals": GK.Goal,
}
ENTITY_KINDS = tuple(ENTITY_CLASSES)
#: Every kind, in the order results are reported.
KINDS = (*ENTITY_KINDS, "metrics", "feeds")
#: Kinds for which the guidelines define recall only.
RECALL_ONLY_KINDS = frozenset({"feeds"})

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)

# Characters dropped anywhere (after NFKC, so full-width " and ' are covered).
_QUOTES = frozenset("《》“”\"'「」‘’")
# Characters dropped at the end (after NFKC, so ，；：！？． are covered).
_TRAILING_PUNCTUATION = "。,;:!?、.…~"
# The shorter label must be at least 3/5 (60%) of the longer one.
_CONTAINMENT_NUMERATOR, _CONTAINMENT_DENOMINATOR = 3, 5
_REL_TOL, _ABS_TOL = 1e-6, 1e-9
# Keys every gold file has, in the order the guidelines list them.
_GOLD_KEYS = ("document", "jurisdiction", "year", *ENTITY_KINDS, "metrics", "feeds", "optional")


# --------------------------------------------------------------------------
# Gold files


@dataclass(frozen=True)
class GoldMetric:
    """One reported number in a gold file.

    Parameters
    ----------
    text : str
        The number as written (``"12.6万户"``).
    value : float
        The normalised value (``126000``).
    unit : str
        The unit word, ``""`` when none follows the number.
    subject : str
        What is counted, as the report words it.
    """

    text: str
    value: float
    unit: str
    subject: str


@dataclass(frozen=True)
class GoldFeed:
    """One gold feeds pair: ``action`` serves ``goal``.

    Parameters
    ----------
    action : str
        A short, distinctive piece of the action clause.
    goal : str
        The innermost goal the action stands under.
    """

    action: str
    goal: str


@dataclass(frozen=True)
class Gold:
    """The gold annotation of one report.

    Parameters
    ----------
    document : str
        File name of the annotated report.
    jurisdiction : str
        The report's jurisdiction.
    year : int
        The year the report covers.
    agencies, places, policies, programs, goals : tuple of str
        Gold surface forms per entity kind.
    metrics : tuple of GoldMetric
        Reported numbers; an entry repeats when the number is reported twice.
    feeds : tuple of GoldFeed
        Action-goal pairs.
    optional : Mapping[str, tuple of str]
        Optional surface forms per entity kind (every kind of
        :data:`ENTITY_KINDS` is a key).
    optional_metrics : tuple of GoldMetric
        Optional reported numbers.

    Examples
    --------
    >>> data = {"document": "d.txt", "jurisdiction": "南阳市", "year": 2023,
    ...         "agencies": ["市司法局"], "places": [], "policies": [],
    ...         "programs": [], "goals": [], "metrics": [], "feeds": [],
    ...         "optional": {"agencies": ["中央"]}}
    >>> gold = Gold.from_dict(data)
    >>> gold.agencies, gold.optional["agencies"], gold.optional["places"]
    (('市司法局',), ('中央',), ())
    """

    document: str
    jurisdiction: str
    year: int
    agencies: tuple[str, ...]
    places: tuple[str, ...]
    policies: tuple[str, ...]
    programs: tuple[str, ...]
    goals: tuple[str, ...]
    metrics: tuple[GoldMetric, ...]
    feeds: tuple[GoldFeed, ...]
    optional: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    optional_metrics: tuple[GoldMetric, ...] = ()

    @classmethod
    def from_dict(cls, data: object, *, source: str = "<gold>") -> Gold:
        """Validate parsed gold JSON and build a :class:`Gold`.

        Parameters
        ----------
        data : object
            The parsed JSON document.
        source : str, optional
            Name used at the start of error messages (usually the path).

        Returns
        -------
        Gold
            The validated annotation.

        Raises
        ------
        ValueError
            ``"{source}: ..."`` naming the first key or entry that is missing
            or of the wrong type. Keys of ``optional`` may be left out (empty)
            but not misspelt; other unknown top-level keys are ignored.
        """
        top = _require_object(data, "the top level", source)
        for key in _GOLD_KEYS:
            _require(top, key, source)
        optional = _require_object(_require(top, "optional", source), "'optional'", source)
        _reject_unknown(optional, (*ENTITY_KINDS, "metrics"), "optional", source)
        return cls(
            document=_require_str(top, "document", source),
            jurisdiction=_require_str(top, "jurisdiction", source),
            year=_require_int(top, "year", source),
            **{kind: _labels(top, kind, kind, source) for kind in ENTITY_KINDS},
            metrics=_metrics(_require(top, "metrics", source), "metrics", source),
            feeds=_feeds(_require(top, "feeds", source), source),
            optional={
                kind: _labels(optional, kind, f"optional.{kind}", source, default=[])
                for kind in ENTITY_KINDS
            },
            optional_metrics=_metrics(optional.get("metrics", []), "optional.metrics", source),
        )

    def items(self, kind: str) -> tuple[str, ...]:
        """Gold surface forms of an entity kind (one of :data:`ENTITY_KINDS`)."""
        return getattr(self, kind)


def load_gold(path: str | os.PathLike[str]) -> Gold:
    """Read and validate one gold JSON file.

    Parameters
    ----------
    path : str or os.PathLike
        The ``*.json`` file.

    Returns
    -------
    Gold
        The validated annotation.

    Raises
    ------
    ValueError
        ``"{path}: ..."`` when the file is not UTF-8 JSON or its shape is wrong.
    OSError
        When the file cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.json"
    >>> _ = bad.write_text('{"document": "d.txt"}', encoding="utf-8")
    >>> load_gold(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: .../bad.json: missing key 'jurisdiction'
    """
    source = os.fspath(path)
    raw = _read_bytes(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{source}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    return Gold.from_dict(data, source=source)


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _require(obj: Mapping[str, object], key: str, source: str) -> object:
    if key not in obj:
        raise ValueError(f"{source}: missing key {key!r}")
    return obj[key]


def _require_object(value: object, where: str, source: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ValueError(f"{source}: {where} must be a JSON object, not {_json_type(value)}")
    return value


def _require_str(obj: Mapping[str, object], key: str, source: str, where: str = "") -> str:
    value = _require(obj, key, source)
    if not isinstance(value, str):
        raise ValueError(f"{source}: {where}{key!r} must be a string, not {_json_type(value)}")
    return value


def _require_int(obj: Mapping[str, object], key: str, source: str) -> int:
    value = _require(obj, key, source)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{source}: {key!r} must be an integer, not {_json_type(value)}")
    return value


def _require_list(value: object, where: str, source: str) -> list[object]:
    if not isinstance(value, list):
        raise ValueError(f"{source}: {where!r} must be a list, not {_json_type(value)}")
    return value


def _reject_unknown(
    obj: Mapping[str, object], allowed: Sequence[str], where: str, source: str
) -> None:
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        raise ValueError(f"{source}: {where!r} has unknown key {unknown[0]!r}")


def _labels(
    obj: Mapping[str, object],
    key: str,
    where: str,
    source: str,
    *,
    default: list[str] | None = None,
) -> tuple[str, ...]:
    value = _require(obj, key, source) if default is None else obj.get(key, default)
    items = _require_list(value, where, source)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise ValueError(
                f"{source}: {where}[{index}] must be a string, not {_json_type(item)}"
            )
        if not normalise(item):
            raise ValueError(f"{source}: {where}[{index}] is empty after normalising")
    return tuple(items)


def _metrics(value: object, where: str, source: str) -> tuple[GoldMetric, ...]:
    entries = _require_list(value, where, source)
    return tuple(
        _metric(entry, f"{where}[{index}]", source) for index, entry in enumerate(entries)
    )


def _metric(entry: object, where: str, source: str) -> GoldMetric:
    obj = _require_object(entry, where, source)
    number = _require(obj, "value", source)
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise ValueError(f"{source}: {where}: 'value' must be a number, not {_json_type(number)}")
    return GoldMetric(
        text=_require_str(obj, "text", source, f"{where}: "),
        value=float(number),
        unit=_require_str(obj, "unit", source, f"{where}: "),
        subject=_require_str(obj, "subject", source, f"{where}: "),
    )


def _feeds(value: object, source: str) -> tuple[GoldFeed, ...]:
    entries = _require_list(value, "feeds", source)
    return tuple(_feed(entry, f"feeds[{index}]", source) for index, entry in enumerate(entries))


def _feed(entry: object, where: str, source: str) -> GoldFeed:
    obj = _require_object(entry, where, source)
    feed = GoldFeed(
        action=_require_str(obj, "action", source, f"{where}: "),
        goal=_require_str(obj, "goal", source, f"{where}: "),
    )
    if not normalise(feed.action) or not normalise(feed.goal):
        raise ValueError(f"{source}: {where}: 'action' and 'goal' must not be empty")
    return feed


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------
# Label comparison


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
    return _normalised_match(normalise(a), normalise(b))


def _normalised_match(a: str, b: str) -> bool:
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return shorter in longer and (
        _CONTAINMENT_DENOMINATOR * len(shorter) >= _CONTAINMENT_NUMERATOR * len(longer)
    )


def _matches_any(labels: Iterable[str], items: Iterable[str]) -> bool:
    items = tuple(items)
    return any(_normalised_match(label, item) for label in labels for item in items)


# --------------------------------------------------------------------------
# Scores


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
        return _ratio(self.tp_nodes, self.predicted_nodes)

    @property
    def recall(self) -> float:
        """``found / gold``; 0.0 when there is no gold item."""
        return _ratio(self.found, self.gold)

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; None when precision is."""
        precision, recall = self.precision, self.recall
        if precision is None:
            return None
        return _ratio(2 * precision * recall, precision + recall)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


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
    >>> from rdflib import Graph, Literal, URIRef
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
    scores["metrics"] = _score_metrics(graph, gold)
    scores[METRIC_NAMES] = _score_metric_names(graph, gold)
    scores["feeds"] = _score_feeds(graph, gold)
    scores[FEEDS_BY_LABEL] = _score_feeds(graph, gold, by_label=True)
    return scores


def _typed_nodes(graph: Graph, cls: Node) -> list[Node]:
    return sorted(set(graph.subjects(RDF.type, cls)), key=str)


def _literals(graph: Graph, node: Node, predicates: Iterable[Node]) -> list[str]:
    return sorted(
        str(value)
        for predicate in predicates
        for value in graph.objects(node, predicate)
        if isinstance(value, Literal)
    )


def _display(graph: Graph, node: Node) -> str:
    names = _literals(graph, node, (RDFS.label,)) or _literals(graph, node, LABEL_PROPERTIES)
    return names[0] if names else str(node)


def _score_entities(graph: Graph, gold: Gold, kind: str) -> KindScore:
    items = [normalise(item) for item in gold.items(kind)]
    optional = [normalise(item) for item in gold.optional.get(kind, ())]
    nodes = _typed_nodes(graph, ENTITY_CLASSES[kind])
    if kind == "places":  # divisions only above a named place (gk:within) come from the gazetteer, not the text
        nodes = [node for node in nodes if (node, GK.evidence, None) in graph or (None, GK.within, node) not in graph]
    node_labels = [
        [normalise(label) for label in _literals(graph, node, LABEL_PROPERTIES)] for node in nodes
    ]
    found = [any(_matches_any(labels, [item]) for labels in node_labels) for item in items]
    correct = [_matches_any(labels, items) for labels in node_labels]
    spurious = [
        _display(graph, node)
        for node, labels, ok in zip(nodes, node_labels, correct, strict=True)
        if not ok and not _matches_any(labels, optional)
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


# --------------------------------------------------------------------------
# Metrics


@dataclass(frozen=True)
class _Observation:
    node: Node
    values: tuple[float, ...]
    units: tuple[str, ...]
    shown: str


def _observations(graph: Graph) -> list[_Observation]:
    observations = []
    for node in _typed_nodes(graph, GK.Observation):
        literals = sorted(
            (value for value in graph.objects(node, GK.value) if _is_number(value)), key=str
        )
        if not literals:
            continue
        units = tuple(_literals(graph, node, (GK.unit,))) or ("",)
        shown = f"{literals[0]}{units[0]} [{node}]"
        values = tuple(float(literal.toPython()) for literal in literals)
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


def _score_metrics(graph: Graph, gold: Gold) -> KindScore:
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


# --------------------------------------------------------------------------
# Metric names

#: Metric names right (GUIDELINES.md, "Metric names"); short, so the table keeps its width.
METRIC_NAMES = "naming"
# Reported after metrics, and scored for recall only: named right / found metrics with a subject.
KINDS = (*ENTITY_KINDS, "metrics", METRIC_NAMES, *KINDS[len(ENTITY_KINDS) + 1:])
RECALL_ONLY_KINDS = RECALL_ONLY_KINDS | {METRIC_NAMES}

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
    if _normalised_match(label, subject):
        return True
    if label in subject and len(label) >= _NAME_MIN_CHARS and len(label) >= _NAME_MIN_SHARE * len(subject):
        return True
    return _dice(label, subject) >= _NAME_MIN_DICE


def _dice(a: str, b: str) -> float:
    pairs_a = {a[i:i + 2] for i in range(len(a) - 1)}
    pairs_b = {b[i:i + 2] for i in range(len(b) - 1)}
    return _ratio(2 * len(pairs_a & pairs_b), len(pairs_a) + len(pairs_b))


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


def _score_metric_names(graph: Graph, gold: Gold) -> KindScore:
    """Found metrics with a gold subject (``gold``) and those whose Metric is named right (``found``)."""
    observations = _observations(graph)
    labels = [
        [label for m in graph.objects(o.node, GK.ofMetric) for label in _literals(graph, m, LABEL_PROPERTIES)]
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


# --------------------------------------------------------------------------
# Feeds


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
            labels=tuple(normalise(text) for text in _literals(graph, node, (RDFS.label,))),
        )
        for node in _typed_nodes(graph, GK.Action)
    ]


def _action_texts(graph: Graph, action: Node) -> tuple[str, ...]:
    sentences = graph.objects(action, GK.evidence)
    texts = _literals(graph, action, (RDFS.label,)) + [
        text for sentence in sentences for text in _literals(graph, sentence, (NIF.anchorOf,))
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
        normalise(label) for goal in goals for label in _literals(graph, goal, LABEL_PROPERTIES)
    }
    return tuple(sorted(labels))


def _feed_found(feed: GoldFeed, actions: Sequence[_Action]) -> bool:
    action_text, goal = normalise(feed.action), normalise(feed.goal)
    return any(
        any(action_text in text for text in action.texts)
        and any(_normalised_match(label, goal) for label in action.goal_labels)
        for action in actions
    )


#: Feeds found through the action's own label (GUIDELINES.md, "Feeds through the action's own label").
FEEDS_BY_LABEL = "feeds-by-label"
# Reported after the kinds above, and scored for recall only like feeds.
KINDS = (*KINDS, FEEDS_BY_LABEL)
RECALL_ONLY_KINDS = RECALL_ONLY_KINDS | {FEEDS_BY_LABEL}


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
        any(_normalised_match(label, action_text) for label in action.labels)
        and any(_normalised_match(label, goal) for label in action.goal_labels)
        for action in actions
    )


def _score_feeds(graph: Graph, gold: Gold, *, by_label: bool = False) -> KindScore:
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


# --------------------------------------------------------------------------
# Summing and reporting


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


def format_table(scores: Mapping[str, KindScore]) -> str:
    """Render scores as a plain text table.

    Parameters
    ----------
    scores : mapping of str to KindScore
        From :func:`score_graph` or :func:`micro_average`.

    Returns
    -------
    str
        Columns kind, P, R, F1, tp/pred and found/gold; ``-`` where a value is
        not defined (feeds precision).

    Examples
    --------
    >>> print(format_table({"places": KindScore("places", 1, 2, 1, 3, [], [])}))
    kind           |     P |     R |    F1 | tp/pred | found/gold
    places         | 0.500 | 0.333 | 0.400 |     1/2 |        1/3
    """
    header = ("kind", "P", "R", "F1", "tp/pred", "found/gold")
    rows = [header, *(_table_row(score) for score in scores.values())]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    widths[0] = max(widths[0], max(len(kind) for kind in KINDS))
    return "\n".join(_format_row(row, widths) for row in rows)


def _table_row(score: KindScore) -> tuple[str, ...]:
    recall_only = score.precision is None
    return (
        score.kind,
        _format_number(score.precision),
        _format_number(score.recall),
        _format_number(score.f1),
        "-" if recall_only else f"{score.tp_nodes}/{score.predicted_nodes}",
        f"{score.found}/{score.gold}",
    )


def _format_number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _format_row(row: Sequence[str], widths: Sequence[int]) -> str:
    first = row[0].ljust(widths[0])
    rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
    return " | ".join((first, *rest))


def format_details(scores: Mapping[str, KindScore]) -> str:
    """List missed gold items and spurious nodes per kind (for ``--show``).

    Parameters
    ----------
    scores : mapping of str to KindScore
        From :func:`score_graph` or :func:`micro_average`.

    Returns
    -------
    str
        One block per kind that has missed or spurious items.

    Examples
    --------
    >>> print(format_details({"places": KindScore("places", 1, 2, 1, 2, ["西峡县"], ["乡镇"])}))
    places: 1 missed, 1 spurious
      missed:   西峡县
      spurious: 乡镇
    """
    blocks = [_details_block(score) for score in scores.values() if score.missed or score.spurious]
    return "\n".join(blocks)


def _details_block(score: KindScore) -> str:
    lines = [f"{score.kind}: {len(score.missed)} missed, {len(score.spurious)} spurious"]
    lines += [f"  missed:   {item}" for item in score.missed]
    lines += [f"  spurious: {item}" for item in score.spurious]
    return "\n".join(lines)


def evaluate_files(gold: Iterable[str | os.PathLike[str]], *, corpus: str | os.PathLike[str] | None = None,
                   segmenter: str | None = None) -> dict[str, KindScore]:
    """Score the extractor against gold files: each one's report extracted and scored, then micro-averaged.

    Parameters
    ----------
    gold : iterable of paths
        Gold annotation files (see GUIDELINES.md beside them).
    corpus : str or os.PathLike, optional
        The folder of the reports the gold files name; default: the
        ``corpus`` folder beside each gold file's folder.
    segmenter : {"rjieba", "jieba"}, optional
        What segments the blank pipeline's text (default: the pipeline's).

    Returns
    -------
    dict of str to KindScore
        As `micro_average`.

    Examples
    --------
    >>> scores = evaluate_files(["tests/data/gold/nanyang-2023.json"])  # doctest: +SKIP
    >>> scores["agencies"].f1  # doctest: +SKIP
    1.0
    """
    from pathlib import Path

    from . import extract_file
    from .pipeline import default_pipeline

    nlp = default_pipeline(None, segmenter) if segmenter else default_pipeline()
    scores = []
    for path in gold:
        g = load_gold(path)
        folder = Path(corpus) if corpus is not None else Path(path).resolve().parent.parent / "corpus"
        scores.append(score_graph(extract_file(folder / g.document, nlp=nlp), g))
    return micro_average(scores)
