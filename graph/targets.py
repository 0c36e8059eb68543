"""Targets and results: the target a report sets for its year, and what the next report says came of it.

A work report delivered in year Y states the year's targets (observations
with ``gk:status gk:Planned`` and ``gk:period`` Y in a report whose
``gk:planYear`` is Y); the report delivered in Y+1 reviews Y (``gk:year`` Y)
and gives the results (``gk:status gk:Completed``, ``gk:period`` Y).  A
target and a result pair when they are about

- the same place (``gk:refArea``; a target a sub-national report sets for
  全国 has none and pairs with nothing);
- the same indicator: one key for both metric labels, where the key is the
  ``id`` of a SYNONYM row of ``indicators.jsonl`` naming the label
  (国内生产总值 and 地区生产总值 are one indicator), else the label itself;
  two keys also meet when one ends the other and has at least
  `MIN_SUFFIX` characters (城镇新增就业, 新增就业);
- the same kind of figure (``gk:measureKind``: a growth target meets a
  growth result, not a level) and the same unit (values are in base units,
  so 1100万人 and 1206万人 compare as they are).

Of several results for one target the one whose metric label is the
target's wins, then an exact figure over a bound (1.37万亿斤 over 1.3万亿斤以上),
then the one that comes first in the report (the review's
summary of the year); of several targets for one indicator in one report the
first one in the text (the targets paragraph) is kept.

Whether a target was met follows its qualifier and the indicator's
direction.  Indicators where less is better (prices, unemployment, energy
use, emissions, poverty: LOWER rows of ``indicators.jsonl``) have ceilings;
all others floors.  A growth figure after a decrease word (下降, 降低,
减少, 回落) counts as negative, so 能耗下降3% and 能耗下降3.5% compare as
-3 and -3.5; a qualifier bounds the size of the figure as written, so
下降3%以上 is met by any fall of 3% or more (result <= -3).

===================  ===============================  ==============================
qualifier            higher is better                 lower is better (a ceiling)
===================  ===============================  ==============================
以上 超过 不低于 …   result >= target                 result >= target
以内 以下 不超过 …   result <= target                 result <= target
左右 上下 (≈)        result >= target - tolerance     result <= target + tolerance
a range a-b          result >= a (above b: exceeded)  result <= b
none                 result >= target                 result <= target
===================  ===============================  ==============================

The tolerance of 左右 is `TOLERANCE` (5%) of the target's size: 5%左右
accepts growth from 4.75%, 3%左右 for prices allows up to 3.15%.

`target_results` reads a store or graph and pairs at once; `derive_target_results`
writes the same pairs into the named graph `DERIVED_GRAPH` at build time, which
``queries/target-results.rq`` reads (docs/model.md "Target-result pairs").
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from dataclasses import dataclass
from decimal import Decimal
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, Dataset, Graph
from rdflib.graph import ConjunctiveGraph

from ..extractor.patterns import default_patterns_path, read_patterns
from ..ontology.namespace import GK, ID, NIF, sparql_prefixes
from .derived import DerivedGraph
from .shared import TARGET_RESULTS_ANSWERS

__all__ = ["TOLERANCE", "MIN_SUFFIX", "DERIVED_GRAPH", "Indicators", "indicators", "read_observations",
           "pair_targets", "target_results", "judge", "derive_target_results", "target_result_quads", "pair_quads",
           "model_stamp", "note_changing", "pending", "current"]

#: Share of a 左右 target's size by which a result may fall short (or, for a ceiling, exceed it).
TOLERANCE = Decimal("0.05")
#: Least length of a metric key found at the end of another for the two to be one indicator.
MIN_SUFFIX = 5

_CEILING = ("以内", "以下", "不超过", "不高于", "之内", "内", "不到", "不足", "低于")
_FLOOR = ("以上", "超过", "不低于", "不少于", "多", "余", "逾", "高于")
_ABOUT = ("左右", "上下", "约", "近", "大约", "接近")
_DECREASE = re.compile(r"(下降|降低|减少|回落|下滑|降幅|压减|压缩|缩减|下调)")
_INCREASE = re.compile(r"(增长|提高|提升|增加|上涨|上升|增幅|增速|涨幅|扩大)")
_OBSERVATION = re.compile(r"/observation/(\d+)-(\d+)$")

# Only results for the report's reviewed year and targets for its plan year are read. A store describes a
# metric or place once (graph/shared.py), so its union gives each observation's row once.
_PATTERN = """
  ?obs a gk:Observation ; gk:status ?status ; gk:period ?period ; gk:value ?value ; gk:refArea ?area ;
       gk:ofMetric ?m ; gk:inReport ?report .
  ?report gk:year ?year .
  OPTIONAL { ?report gk:planYear ?plan }
  FILTER((?status = gk:Completed && STR(?period) = STR(?year))
         || (?status = gk:Planned && STR(?period) = COALESCE(STR(?plan), STR(xsd:integer(STR(?year)) + 1))))
  ?m rdfs:label ?metric .
  OPTIONAL { ?area rdfs:label ?place }
  OPTIONAL { ?obs gk:upperBound ?upper }
  OPTIONAL { ?obs gk:unit ?unit }
  OPTIONAL { ?obs gk:qualifier ?qualifier }
  OPTIONAL { ?obs gk:measureKind ?kind }
  OPTIONAL { ?obs gk:annualAverage ?average }
  OPTIONAL { ?obs gk:evidence ?s . ?s nif:anchorOf ?sentence . OPTIONAL { ?s nif:beginIndex ?begin } }
"""
_PREFIXES = sparql_prefixes("gk", "rdfs", "nif", "xsd")
_SELECT = ("SELECT ?obs ?status ?period ?value ?upper ?unit ?qualifier ?kind ?metric ?area ?place ?report ?year "
           "?plan ?average ?sentence ?begin ")
_QUERY = _PREFIXES + _SELECT + "WHERE {" + _PATTERN + "}"


@dataclass(frozen=True)
class Indicators:
    """Indicator knowledge from ``indicators.jsonl``: synonyms and the indicators where less is better.

    Examples
    --------
    >>> ind = indicators()
    >>> ind.key("地区生产总值") == ind.key("国内生产总值")
    True
    >>> ind.lower_is_better("居民消费价格"), ind.lower_is_better("地区生产总值")
    (True, False)
    """

    synonyms: dict[str, str]
    lower: tuple[str, ...]
    generic: frozenset[str] = frozenset()
    lead: re.Pattern | None = None

    def names_an_indicator(self, label: str) -> bool:
        """Whether a metric label can pair at all: not a generic head (比例) nor a unit's count (元数).

        Examples
        --------
        >>> indicators().names_an_indicator("比例"), indicators().names_an_indicator("城镇新增就业")
        (False, True)
        """
        name = _norm(label)
        return len(name) >= 2 and name not in self.generic and not (len(name) == 2 and name.endswith("数"))

    def key(self, label: str) -> str:
        """The indicator a metric label names: its synonym group's id, else the label without a leading
        period or 新增 (年内新增科技型中小企业: 科技型中小企业) where at least `MIN_SUFFIX` characters remain."""
        name = _norm(label)
        if name in self.synonyms:
            return self.synonyms[name]
        stripped = self.lead.sub("", name) if self.lead is not None else name
        if len(stripped) >= MIN_SUFFIX:
            name = stripped
        return self.synonyms.get(name, name)

    def lower_is_better(self, label: str) -> bool:
        """Whether less of the indicator is better: a word of a LOWER row in the label or any name of its group."""
        key = self.key(label)
        names = {_norm(label), key} | {name for name, k in self.synonyms.items() if k == key}
        return any(w in name for w in self.lower for name in names)

    def same(self, a: str, b: str) -> bool:
        """Whether two metric labels name one indicator (see the module docstring).

        Examples
        --------
        >>> ind = indicators()
        >>> ind.same("城镇新增就业", "新增就业"), ind.same("国内生产总值", "单位国内生产总值能耗")
        (True, False)
        """
        x, y = self.key(a), self.key(b)
        if x == y:
            return True
        short, long = sorted((x, y), key=len)
        return len(short) >= MIN_SUFFIX and long.endswith(short)


def indicators(path: str | Path | None = None) -> Indicators:
    """Read the indicator knowledge (the bundled ``indicators.jsonl`` by default).

    Parameters
    ----------
    path : str or Path, optional
        A JSONL file of SYNONYM rows (``pattern``: the names, ``|``-separated;
        ``id``: the indicator) and LOWER rows (words of indicators where less is better).

    Returns
    -------
    Indicators
    """
    return _indicators(str(path or default_patterns_path("indicators.jsonl")))


@lru_cache(maxsize=8)
def _indicators(path: str) -> Indicators:
    rows = read_patterns(path)
    synonyms = {}
    for row in rows:
        if row["label"] == "SYNONYM":
            for name in row["pattern"].split("|"):
                if name:
                    synonyms[_norm(name)] = _norm(row.get("id") or row["pattern"].split("|")[0])
    lower = tuple(w for row in rows if row["label"] == "LOWER" for w in row["pattern"].split("|") if w)
    return Indicators(synonyms, lower, _generic_names(), _lead_words())


def _lead_words() -> re.Pattern:
    """A period (年内, 全年) and the words of an increase (新增, 新建) opening a metric label, from ``metrics.jsonl``."""
    rows = read_patterns(default_patterns_path("metrics.jsonl"))
    period = "|".join(f"(?:{r['pattern']})" for r in rows if r["label"] == "PERIOD")
    increase = "|".join(w for r in rows if r["label"] == "KIND" and r.get("id") == "Increase"
                        for w in r["pattern"].split("|") if w)
    return re.compile(f"^(?:{period})?(?:{increase})?")


def _generic_names() -> frozenset[str]:
    """Names that identify no indicator: the GENERIC heads of ``metrics.jsonl`` (比例, 总量), which the
    extractor also gives a number whose clause names nothing, and its unit fallbacks (元数, 个数)."""
    rows = read_patterns(default_patterns_path("metrics.jsonl"))
    return frozenset(w for row in rows if row["label"] == "GENERIC" for w in row["pattern"].split("|") if w)


def _norm(text: str) -> str:
    return "".join(str(text).split()).upper()


# --------------------------------------------------------------------------- reading


def read_observations(source, known=None) -> list[dict]:
    """The observations with a place and a single year, read from a store or an RDF graph.

    Parameters
    ----------
    source : KnowledgeStore, pyoxigraph.Store, rdflib.Graph or rdflib.Dataset
        A govkg store (its reports' named graphs are read as one), or a
        graph of one or more reports.
    known : mapping of str to bytes, optional
        Report IRI → `observations_input` of the report's graph as it is stored (a build passes
        those its workers made): read instead of the store's report graph.

    Returns
    -------
    list of dict
        One dict per observation, sorted by IRI: ``observation``, ``status``
        (``"Planned"``, ``"Completed"``), ``period`` (int), ``value``,
        ``upper`` (Decimal or None), ``unit``, ``qualifier`` (``""`` when
        none), ``kind`` (``"GrowthRate"`` …, ``""``), ``metric`` (label),
        ``area`` (IRI), ``place`` (label), ``report``, ``year`` and
        ``plan_year`` (the report's reviewed and plan years), ``average``
        (bool: a 年均 figure), ``sentence`` (the evidence text) and
        ``offset`` (where the number starts in it, or None).

    Examples
    --------
    >>> from govkg.extractor import extract
    >>> g = extract("河北省2024年政府工作报告\\n今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。",
    ...             source="hb.txt")
    >>> [(o["metric"], o["status"], o["period"], o["value"], o["qualifier"]) for o in read_observations(g)]
    [('地区生产总值', 'Planned', 2024, Decimal('5.5'), '左右')]
    """
    store = _report_graphs_store(source)
    if store is not None:  # each report in its own named graph: read graph by graph, far faster than the join
        return _keep_one(r for report in _report_iris(store) for r in _read_report(store, report, known))
    return _keep_one(_record(row) for row in _select(source))


def _record(row: dict) -> dict:
    """One row of `_QUERY` (strings by variable) as an observation record."""
    obs = row["obs"]
    record = {
        "observation": obs,
        "status": row["status"].rsplit("#", 1)[-1],
        "period": _int(row["period"]),
        "value": Decimal(row["value"]),
        "upper": Decimal(row["upper"]) if row.get("upper") else None,
        "unit": row.get("unit") or "",
        "qualifier": row.get("qualifier") or "",
        "kind": (row.get("kind") or "").rsplit("#", 1)[-1],
        "metric": row["metric"],
        "area": row["area"],
        "place": row.get("place") or row["area"],
        "report": row["report"],
        "year": _int(row.get("year")),
        "plan_year": _int(row.get("plan")),
        "average": (row.get("average") or "").lower() in ("true", "1"),
        "sentence": row.get("sentence") or "",
        "offset": None,
    }
    found = _OBSERVATION.search(obs)
    if found and row.get("begin"):
        record["offset"] = int(found[1]) - int(row["begin"])
    return record


def _keep_one(records) -> list[dict]:
    """One record an observation, sorted by IRI: of several (labels or sentences of a union of graphs that
    disagree) the smallest."""
    rows: dict[str, dict] = {}
    for record in records:
        old = rows.get(record["observation"])
        if old is None or (record["metric"], record["sentence"]) < (old["metric"], old["sentence"]):
            rows[record["observation"]] = record
    return [rows[k] for k in sorted(rows)]


_P = {name: ox.NamedNode(str(GK[name])) for name in
      ("Observation", "Report", "inReport", "status", "period", "value", "refArea", "ofMetric", "upperBound", "unit",
       "qualifier", "measureKind", "annualAverage", "evidence", "year", "planYear")}
_P.update(type=ox.NamedNode(str(RDF.type)), label=ox.NamedNode(str(RDFS.label)),
          anchorOf=ox.NamedNode(str(NIF.anchorOf)), beginIndex=ox.NamedNode(str(NIF.beginIndex)))
# The variables of `_QUERY` read from one predicate of the observation each.
_OWN = (("status", "status"), ("period", "period"), ("value", "value"), ("area", "refArea"), ("m", "ofMetric"),
        ("upper", "upperBound"), ("unit", "unit"), ("qualifier", "qualifier"), ("kind", "measureKind"),
        ("average", "annualAverage"), ("s", "evidence"), ("report", "inReport"))
_VAR = {_P[name]: var for var, name in _OWN}


def _report_graphs_store(source) -> ox.Store | None:
    """The Oxigraph store of `source` when each of its reports is in its own named graph, else None."""
    store = source if isinstance(source, ox.Store) else getattr(source, "store", None)
    if not isinstance(store, ox.Store):
        return None
    for q in store.quads_for_pattern(None, _P["type"], _P["Report"], None):
        if q.graph_name != q.subject:
            return None
    return store


def _report_iris(store: ox.Store) -> list[str]:
    return sorted({q.subject.value for q in store.quads_for_pattern(None, _P["type"], _P["Report"], None)})


def observations_input(report: str, store: ox.Store) -> bytes:
    """What pairing reads of one report (`_read_rows`), from ``store`` holding the report's graph as the
    extractor made it (a build's worker: `derive_target_results`' ``known``), so that the writer does not
    read each report it wrote back from the store. Only the labels of metrics and places are read from the
    store when pairing: a shared node's labels are every report's.

    Examples
    --------
    >>> from govkg.extractor import extract, doc_to_ntriples
    >>> from govkg.extractor.rdf import to_ntriples
    >>> g = extract("河北省2024年政府工作报告\\n今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。", source="hb.txt")
    >>> report = next(str(s) for s in g.subjects(RDF.type, GK.Report))
    >>> store = ox.Store()
    >>> store.load(to_ntriples(set(g)), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(report))
    >>> [(row["value"], row["period"], metric.value.startswith(str(ID)))
    ...  for row, metric, area in pickle.loads(observations_input(report, store))]
    [('5.5', '2024', True)]
    """
    return pickle.dumps(_read_rows(store, report), protocol=pickle.HIGHEST_PROTOCOL)


def _read_report(store: ox.Store, report: str, known=None) -> list[dict]:
    """The records of one report's observations, read from its named graph a predicate at a time (as
    `_QUERY` gives them: the same filter, the smallest value where the data gives several); from
    ``known`` (report IRI → `observations_input`) where it holds the report."""
    rows = pickle.loads(known[report]) if known is not None and report in known else _read_rows(store, report)
    labels: dict = {}
    records = []
    for out, metric, area in rows:
        for node in (metric, area):
            if node not in labels:
                found = sorted(q.object.value for q in store.quads_for_pattern(node, _P["label"], None, None))
                labels[node] = found[0] if found else None
        if labels[metric] is None:
            continue
        out = dict(out, metric=labels[metric])
        if labels[area] is not None:
            out["place"] = labels[area]
        records.append(_record(out))
    return records


def _read_rows(store: ox.Store, report: str) -> list[tuple[dict, object, object]]:
    """The rows of one report's observations that pairing takes, each with its metric and place node, whose
    labels are not read here: (row of strings by variable, metric, place)."""
    graph = ox.NamedNode(report)

    def values(subject, name: str) -> list[str]:
        return sorted(q.object.value for q in store.quads_for_pattern(subject, _P[name], None, graph))

    year, plan = values(graph, "year"), values(graph, "planYear")
    if not year:
        return []
    year, plan = _int(year[0]), _int(plan[0]) if plan else None
    observations = [q.subject for q in store.quads_for_pattern(None, _P["type"], _P["Observation"], graph)]
    own: dict = defaultdict(dict)
    for obs in observations:  # one range of the graph's index an observation: fewer quads than a predicate's
        row = own[obs]
        for q in store.quads_for_pattern(obs, None, None, graph):
            var = _VAR.get(q.predicate)
            if var is not None and (row.get(var) is None or q.object.value < row[var].value):
                row[var] = q.object
    rows = []
    for obs in sorted(observations, key=lambda n: n.value):
        row = own[obs]
        if any(row.get(v) is None for v in ("status", "period", "value", "area", "m", "report")) or \
                row["report"] != graph:
            continue
        period, status = _int(row["period"].value), row["status"].value.rsplit("#", 1)[-1]
        wanted = plan if plan is not None else year + 1
        if not ((status == "Completed" and period == year) or (status == "Planned" and period == wanted)):
            continue
        out = {var: term.value for var, term in row.items() if var not in ("m", "s", "report")}
        out.update(obs=obs.value, report=report, year=str(year))
        if plan is not None:
            out["plan"] = str(plan)
        if "s" in row:
            sentence, begin = values(row["s"], "anchorOf"), values(row["s"], "beginIndex")
            if sentence:
                out["sentence"] = sentence[0]
                if begin:
                    out["begin"] = str(min(int(b) for b in begin))
        rows.append((out, row["m"], row["area"]))
    return rows


def _select(source):
    """The query's rows as dicts of strings, from pyoxigraph or rdflib."""
    store = source if isinstance(source, Graph) else getattr(source, "store", source)
    if not isinstance(store, Graph):  # a govkg store's pyoxigraph store
        for solution in store.query(_QUERY, use_default_graph_as_union=True):
            yield _pyox(solution)
        return
    if isinstance(store, (Dataset, ConjunctiveGraph)) and not store.default_union:
        union = Graph()
        for s, p, o, _ in store.quads((None, None, None, None)):
            union.add((s, p, o))
        store = union
    result = store.query(_QUERY)
    for row in result:
        yield {str(v): str(row[v]) for v in result.vars if row[v] is not None}


_VARIABLES = ("obs", "status", "period", "value", "upper", "unit", "qualifier", "kind", "metric", "area", "place",
              "report", "year", "plan", "average", "sentence", "begin")


def _pyox(solution) -> dict:
    out = {}
    for name in _VARIABLES:
        term = solution[name]
        if term is not None:
            out[name] = term.value
    return out


def _int(text: str | None) -> int | None:
    found = re.match(r"[+-]?\d+", str(text).strip()) if text else None
    return int(found.group()) if found else None


# --------------------------------------------------------------------------- pairing


def _signed(obs: dict) -> Decimal:
    """A change after a decrease word (下降3%) is -3; a level or count is as it is."""
    value = obs["value"]
    if obs["kind"] not in ("GrowthRate", "Change") or obs["offset"] is None:
        return value
    sentence, at = obs["sentence"], obs["offset"]
    clause = max(sentence.rfind(c, 0, at) for c in "，,；;。：:") + 1
    words = [(m.start(), -1) for m in _DECREASE.finditer(sentence, clause, at)]
    words += [(m.start(), 1) for m in _INCREASE.finditer(sentence, clause, at)]
    return -value if words and max(words)[1] < 0 else value


def _upper_signed(obs: dict) -> Decimal | None:
    if obs["upper"] is None:
        return None
    return -obs["upper"] if _signed(obs) < 0 < obs["value"] else obs["upper"]


def judge(target: Decimal, result: Decimal, *, qualifier: str = "", upper: Decimal | None = None,
          lower_is_better: bool = False, tolerance: Decimal = TOLERANCE) -> tuple[bool, str]:
    """Whether a result meets a target, and the rule applied, as text.

    Parameters
    ----------
    target, result : Decimal
        Signed values (a decrease negative).
    qualifier : str
        The target's qualifier (左右, 以上, 以内 ...), ``""`` when none.
    upper : Decimal, optional
        A range's other bound (6%-6.5%: target 6, upper 6.5).
    lower_is_better : bool
        The indicator's direction: a ceiling rather than a floor.
    tolerance : Decimal
        Share of the target's size a 左右 target allows.

    Returns
    -------
    (bool, str)
        Met or not, and the rule (``"≥ 5"``, ``"≈ 5 (≥ 4.75)"``, ``"6–6.5"``).

    Examples
    --------
    >>> judge(Decimal(5), Decimal("5.2"), qualifier="左右")
    (True, '≈ 5 (≥ 4.75)')
    >>> judge(Decimal(3), Decimal("3.4"), qualifier="左右", lower_is_better=True)
    (False, '≈ 3 (≤ 3.15)')
    >>> judge(Decimal(6), Decimal("6.1"), upper=Decimal("6.5"))
    (True, '6–6.5')
    >>> judge(Decimal(1100), Decimal(1206), qualifier="以上")
    (True, '≥ 1100')
    >>> judge(Decimal(-3), Decimal("-15.3"), qualifier="以上")  # 下降3%以上: a fall of 3 or more
    (True, '≤ -3')
    """
    q = qualifier.strip()
    # A qualifier bounds the size of the figure as written: 下降3%以上 is a fall of at least 3 (<= -3).
    if target < 0 and q in _CEILING + _FLOOR:
        q = "以上" if q in _CEILING else "以内"
    if upper is not None:
        low, high = sorted((target, upper))
        met = result <= high if lower_is_better else result >= low
        return met, f"{_fmt(low)}–{_fmt(high)}"
    if q in _CEILING:
        return result <= target, f"≤ {_fmt(target)}"
    if q in _FLOOR:
        return result >= target, f"≥ {_fmt(target)}"
    if q in _ABOUT:
        slack = abs(target) * tolerance
        if lower_is_better:
            return result <= target + slack, f"≈ {_fmt(target)} (≤ {_fmt(target + slack)})"
        return result >= target - slack, f"≈ {_fmt(target)} (≥ {_fmt(target - slack)})"
    if lower_is_better:
        return result <= target, f"≤ {_fmt(target)}"
    return result >= target, f"≥ {_fmt(target)}"


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def pair_targets(observations: list[dict], *, metric: str | None = None, place: str | None = None,
                 indicator_data: Indicators | None = None) -> list[dict]:
    """Pair each year's targets with the next report's results (see the module docstring).

    Parameters
    ----------
    observations : list of dict
        As `read_observations` gives them.
    metric : str, optional
        Only the indicator of this name or a synonym (地区生产总值 finds
        国内生产总值 too, not 单位国内生产总值能耗); when no metric is one
        indicator with it, those whose label contains it.
    place : str, optional
        Only targets of the place of this label (or IRI).
    indicator_data : Indicators, optional
        Synonyms and directions; the bundled ones by default.

    Returns
    -------
    list of dict
        One dict per target, sorted by place, year, metric: ``place`` (label)
        and ``area`` (IRI), ``year``, ``metric`` and ``result_metric`` (labels), ``kind``,
        ``unit``, ``target``, ``upper``, ``qualifier``, ``result`` (None
        when no result pairs), ``direction`` (``"higher"`` or ``"lower"``
        is better), ``met`` (True, False; None without result),
        ``rule`` (the test applied, ``"≥ 5"``), ``outcome`` (``"met"``,
        ``"exceeded"`` (above a range's top), ``"missed"``, ``"no result"``
        or ``"no later report"``), ``target_evidence``,
        ``result_evidence``, ``target_report``, ``result_report``,
        ``target_observation``, ``result_observation``.  Values are
        Decimals, in base units (元, 人), signed (a decrease negative).

    Examples
    --------
    >>> from decimal import Decimal as D
    >>> def obs(i, status, period, metric, value, report, year, q=""):
    ...     return {"observation": f"o{i}", "status": status, "period": period, "value": D(value), "upper": None,
    ...             "unit": "%", "qualifier": q, "kind": "GrowthRate", "metric": metric, "area": "p",
    ...             "place": "某省", "report": report, "year": year, "plan_year": year + 1, "average": False,
    ...             "sentence": "", "offset": None}
    >>> rows = pair_targets([obs(1, "Planned", 2024, "地区生产总值", "5.5", "r2024", 2023, "左右"),
    ...                      obs(2, "Completed", 2024, "生产总值", "5.4", "r2025", 2024)])
    >>> [(r["metric"], r["target"], r["result"], r["met"], r["rule"]) for r in rows]
    [('地区生产总值', Decimal('5.5'), Decimal('5.4'), True, '≈ 5.5 (≥ 5.225)')]
    """
    ind = indicator_data or indicators()
    reviewed = {(o["area"], o["year"]) for o in observations if o["year"] is not None}
    results: dict[tuple, list[dict]] = {}
    for o in observations:
        if o["status"] == "Completed" and o["period"] == o["year"] and not o["average"]:
            results.setdefault((o["area"], o["period"], _family(o["kind"]), o["unit"]), []).append(o)
    chosen: dict[tuple, dict] = {}
    wanted = _metric_filter(observations, metric, ind) if metric else None
    for o in sorted(observations, key=_text_order):
        if wanted is not None and o["metric"] not in wanted or not ind.names_an_indicator(o["metric"]):
            continue
        plan_year = o["plan_year"] or ((o["year"] + 1) if o["year"] is not None else None)
        if o["status"] != "Planned" or o["period"] != plan_year or o["average"]:
            continue
        if place and _norm(place) not in (_norm(o["place"]), _norm(o["area"])):
            continue
        key = (o["area"], o["period"], ind.key(o["metric"]), _family(o["kind"]), o["unit"])
        chosen.setdefault(key, o)
    rows = [_row(t, results.get((t["area"], t["period"], _family(t["kind"]), t["unit"]), []), ind,
                 (t["area"], t["period"]) in reviewed) for t in chosen.values()]
    rows.sort(key=lambda r: (r["place"], r["year"], r["metric"], r["kind"], r["target_observation"]))
    return rows


def _metric_filter(observations: list[dict], metric: str, ind: Indicators) -> set[str]:
    """The metric labels `metric` names: one indicator with it, else those containing it."""
    labels = {o["metric"] for o in observations}
    same = {label for label in labels if ind.same(metric, label)}
    return same or {label for label in labels if _norm(metric) in _norm(label)}


def _family(kind: str) -> str:
    """Kinds that compare: a count of things added (新增30家) is what a count of them reports (353家)."""
    return "Count" if kind in ("Count", "Increase") else kind


def _text_order(o: dict) -> tuple:
    found = _OBSERVATION.search(o["observation"])
    return (o["report"], int(found[1]) if found else 0, o["observation"])


def _row(t: dict, candidates: list[dict], ind: Indicators, later: bool) -> dict:
    same = [r for r in candidates if r["report"] != t["report"] and ind.same(t["metric"], r["metric"])
            and ind.names_an_indicator(r["metric"])]
    best = min(same, key=lambda r: (r["kind"] != t["kind"],
                                    ind.key(r["metric"]) != ind.key(t["metric"]), _norm(r["metric"]) != _norm(t["metric"]),
                                    r["qualifier"] != "", _text_order(r)), default=None)
    lower = ind.lower_is_better(t["metric"])
    target, upper = _signed(t), _upper_signed(t)
    row = {
        "place": t["place"], "area": t["area"], "year": t["period"], "metric": t["metric"],
        "result_metric": best["metric"] if best else None, "kind": t["kind"], "unit": t["unit"],
        "target": target, "upper": upper, "qualifier": t["qualifier"], "result": None,
        "direction": "lower" if lower else "higher", "met": None, "rule": "",
        "outcome": "no result" if later else "no later report",
        "target_evidence": t["sentence"], "result_evidence": best["sentence"] if best else None,
        "target_report": t["report"], "result_report": best["report"] if best else None,
        "target_observation": t["observation"], "result_observation": best["observation"] if best else None,
    }
    met, rule = judge(target, target, qualifier=t["qualifier"], upper=upper, lower_is_better=lower)
    row["rule"] = rule
    if best is not None:
        result = _signed(best)
        met, _ = judge(target, result, qualifier=t["qualifier"], upper=upper, lower_is_better=lower)
        exceeded = upper is not None and not lower and result > max(target, upper)
        row.update(result=result, met=met, outcome="exceeded" if exceeded else "met" if met else "missed")
    return row


def target_results(source, *, metric: str | None = None, place: str | None = None) -> list[dict]:
    """The targets of every report paired with the next report's results, read from a store or graph.

    Parameters
    ----------
    source : KnowledgeStore, pyoxigraph.Store, rdflib.Graph or rdflib.Dataset
        See `read_observations`.
    metric, place : str, optional
        See `pair_targets`.

    Returns
    -------
    list of dict
        See `pair_targets`.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from govkg.extractor import extract
    >>> g = Graph()
    >>> for year, text in [(2024, "某县2024年政府工作报告\\n今年的主要预期目标是：地区生产总值增长6%以上。"),
    ...                    (2025, "某县2025年政府工作报告\\n一、2024年工作回顾\\n全县地区生产总值增长6.3%。")]:
    ...     g += extract(text, source=f"{year}.txt", jurisdiction="清苑区")
    >>> [(r["year"], r["target"], r["qualifier"], r["result"], r["outcome"]) for r in target_results(g)]
    [(2024, Decimal('6'), '以上', Decimal('6.3'), 'met')]
    """
    return pair_targets(read_observations(source), metric=metric, place=place)


# --------------------------------------------------------------------------- the derived graph

#: The named graph that holds the derived target-result pairs (queries/target-results.rq reads it).
DERIVED_GRAPH = str(ID["derived/target-results"])
#: The version of the pairing and judging above: raise it when a change of code pairs or judges otherwise.
MODEL_VERSION = "1"
_DERIVED = DerivedGraph(DERIVED_GRAPH)
_STORED_ANSWER = ox.NamedNode(str(GK.storedAnswer))
# Quads written between two flushes of the store (graph/plans.py says why).
_FLUSH_QUADS = 50_000
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_T = {name: ox.NamedNode(str(GK[name])) for name in
      ("TargetResult", "target", "result", "targetValue", "targetUpper", "resultValue", "met", "outcome", "rule",
       "lowerIsBetter", "refArea", "period")}

Unit = tuple[str, int]  # (place IRI, year): what a target pairs within


def note_changing(kg, reports) -> None:
    """Record, before they are written, that ``reports`` change (graph/derived.py): a build killed before it
    pairs them leaves the record, and the next `derive_target_results` pairs them as if this build had."""
    _DERIVED.note_changing(kg, reports)


def pending(kg) -> list[str]:
    """The reports a build recorded as changing (`note_changing`) and no derivation has paired since."""
    return _DERIVED.pending(kg)


def current(kg) -> bool:
    """Whether the pairs were made whole by the current model: False after a derivation stopped midway (it
    drops the graph, its records of pending reports with it, before it makes it again) or never run."""
    return _DERIVED.stamp(kg.store) == model_stamp(indicators())


def model_stamp(ind: Indicators) -> str:
    """What names the model that paired: this module's version, its constants and the indicator knowledge.

    Examples
    --------
    >>> model_stamp(indicators()) == model_stamp(indicators()), model_stamp(indicators()).split()[:2]
    (True, ['target-results', '1'])
    """
    parts = [MODEL_VERSION, str(TOLERANCE), MIN_SUFFIX, sorted(ind.synonyms.items()), list(ind.lower),
             sorted(ind.generic), ind.lead.pattern if ind.lead is not None else ""]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    return f"target-results {MODEL_VERSION} {digest}"


def _unit_reports(observations: list[dict]) -> dict[Unit, set[str]]:
    """For each (place, year), the reports whose observations its pairs depend on: those with a target or
    a result of that place for that year, and those reviewing the year (which tell `no result` from
    `no later report`)."""
    units: dict[Unit, set[str]] = defaultdict(set)
    for o in observations:
        units[(o["area"], o["period"])].add(o["report"])
        if o["year"] is not None:
            units[(o["area"], o["year"])].add(o["report"])
    return units


def target_result_quads(rows: list[dict], sources: dict[Unit, set[str]]) -> list[ox.Quad]:
    """The pairs of `pair_targets` rows as quads in `DERIVED_GRAPH`.

    Each target gets a node ``{target observation}/target-result`` (a
    ``gk:TargetResult``) with ``gk:target``, its place and year (``gk:refArea``,
    ``gk:period``), the signed target (``gk:targetValue``, ``gk:targetUpper``),
    ``gk:lowerIsBetter``, ``gk:rule`` and ``gk:outcome``; with a result also
    ``gk:result``, ``gk:resultValue`` and ``gk:met``. It is
    ``prov:wasDerivedFrom`` every report of ``sources[(place, year)]``, so that a
    change of any of them finds it by one index lookup.

    Examples
    --------
    >>> from decimal import Decimal as D
    >>> row = {"area": "https://example.org/p", "year": 2024, "target_observation": "https://example.org/o1",
    ...        "target": D(5), "upper": None, "direction": "higher", "rule": "≥ 5", "outcome": "no result",
    ...        "result_observation": None, "result": None, "met": None}
    >>> len(target_result_quads([row], {("https://example.org/p", 2024): {"https://example.org/r"}}))
    9
    """
    graph = _DERIVED.node
    decimal, boolean = ox.NamedNode(_XSD + "decimal"), ox.NamedNode(_XSD + "boolean")

    def number(value: Decimal) -> ox.Literal:
        return ox.Literal(_fmt(value), datatype=decimal)

    quads = []
    for row in rows:
        node = ox.NamedNode(row["target_observation"] + "/target-result")
        quads += [ox.Quad(node, _P["type"], _T["TargetResult"], graph),
                  ox.Quad(node, _T["target"], ox.NamedNode(row["target_observation"]), graph),
                  ox.Quad(node, _T["refArea"], ox.NamedNode(row["area"]), graph),
                  ox.Quad(node, _T["period"], ox.Literal(str(row["year"]), datatype=ox.NamedNode(_XSD + "gYear")),
                          graph),
                  ox.Quad(node, _T["targetValue"], number(row["target"]), graph),
                  ox.Quad(node, _T["lowerIsBetter"], ox.Literal(str(row["direction"] == "lower").lower(),
                                                                datatype=boolean), graph),
                  ox.Quad(node, _T["rule"], ox.Literal(row["rule"]), graph),
                  ox.Quad(node, _T["outcome"], ox.Literal(row["outcome"]), graph)]
        if row["upper"] is not None:
            quads.append(ox.Quad(node, _T["targetUpper"], number(row["upper"]), graph))
        if row["result_observation"] is not None:
            quads += [ox.Quad(node, _T["result"], ox.NamedNode(row["result_observation"]), graph),
                      ox.Quad(node, _T["resultValue"], number(row["result"]), graph),
                      ox.Quad(node, _T["met"], ox.Literal(str(bool(row["met"])).lower(), datatype=boolean), graph)]
        quads += [ox.Quad(node, _PROV_DERIVED, ox.NamedNode(r), graph)
                  for r in sorted(sources.get((row["area"], row["year"]), ()))]
    return quads


def pair_quads(source) -> list[ox.Quad]:
    """The quads `derive_target_results` writes for every report of ``source`` (a store or an rdflib graph),
    for loading into a store or graph that has no build behind it.

    Examples
    --------
    >>> from govkg.extractor import extract
    >>> g = extract("河北省2024年政府工作报告\\n今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。",
    ...             source="hb.txt")
    >>> sorted(q.predicate.value.rsplit("#", 1)[-1] for q in pair_quads(g))[:4]
    ['lowerIsBetter', 'outcome', 'period', 'refArea']
    """
    observations = read_observations(source)
    return target_result_quads(pair_targets(observations), _unit_reports(observations))


def _pairs_of(store: ox.Store, reports: set[str]) -> dict[ox.NamedNode, Unit]:
    """The stored pairs derived from any of ``reports``, with their (place, year)."""
    graph = _DERIVED.node
    nodes = {q.subject for r in sorted(reports)
             for q in store.quads_for_pattern(None, _PROV_DERIVED, ox.NamedNode(r), graph)}
    return {node: _unit_of(store, node) for node in nodes}


def _unit_of(store: ox.Store, node: ox.NamedNode) -> Unit:
    graph = _DERIVED.node
    area = next(store.quads_for_pattern(node, _T["refArea"], None, graph)).object.value
    return area, _int(next(store.quads_for_pattern(node, _T["period"], None, graph)).object.value)


def _units_now(store: ox.Store, report: str) -> set[Unit]:
    """The (place, year) units a stored report's observations fall in (as `_unit_reports` counts them)."""
    return set(_unit_reports(_read_report(store, report))) if _holds_report(store, report) else set()


def _holds_report(store: ox.Store, report: str) -> bool:
    return next(store.quads_for_pattern(ox.NamedNode(report), _P["type"], _P["Report"], ox.NamedNode(report)),
                None) is not None


def _reports_of_places(store: ox.Store, places: set[str]) -> list[str]:
    """The reports with an observation of any of ``places`` (its graph found by one index lookup a place)."""
    found = {q.graph_name.value for place in sorted(places)
             for q in store.quads_for_pattern(None, _P["refArea"], ox.NamedNode(place), None)
             if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != DERIVED_GRAPH}
    return sorted(r for r in found if _holds_report(store, r))


def _drop_pairs(store: ox.Store, nodes) -> None:
    graph = _DERIVED.node
    for node in sorted(nodes, key=lambda n: n.value):
        for quad in list(store.quads_for_pattern(node, None, None, graph)):
            store.remove(quad)


def _drop_answers(store: ox.Store, reports: list[str] | None) -> None:
    """Remove the stored answers made from the pairs of ``reports``' targets (of every report when None):
    the store never holds an answer older than the pairs (queries/precompute.py makes them again)."""
    graphs = [g for g in store.named_graphs() if g.value.startswith(TARGET_RESULTS_ANSWERS)]
    for graph in graphs:
        if reports is None:
            store.update(f"DROP SILENT GRAPH {graph}")
            continue
        for report in reports:
            for quad in list(store.quads_for_pattern(ox.NamedNode(report), _STORED_ANSWER, None, graph)):
                store.remove(quad)


def derive_target_results(kg, *, changed=None, known=None) -> int:
    """Pair the targets of the store with their results again into `DERIVED_GRAPH`.

    ``govkg build`` calls this with the reports it stored or removed,
    ``govkg derive`` without. A target's pair depends on the observations of
    its place and year only (and on which reports review that year), so a
    change of some reports pairs again the (place, year) units those reports
    had observations in before (found by ``prov:wasDerivedFrom`` on the
    stored pairs) and have now, reading only the reports with observations of
    those places; the same reports give the same graph whatever the build order.

    Parameters
    ----------
    kg : KnowledgeStore
        A store opened writable.
    changed : iterable of str, optional
        Report IRIs built or removed since the last run; all reports when
        omitted (the graph is then made from nothing), or when the graph was
        made by another model (`model_stamp`) or by a derivation stopped midway.
    known : mapping of str to bytes, optional
        Report IRI → `observations_input` of the report's graph as it is stored (a build passes those
        it wrote): read instead of the store.

    Returns
    -------
    int
        The number of targets paired again (with or without a result).
    """
    kg._require_writable()
    store = kg.store
    waiting = pending(kg)  # recorded by a build killed before it paired them
    stamp = model_stamp(indicators())
    if changed is not None:
        changed = set(changed) | set(waiting)
        if _DERIVED.stamp(store) != stamp:
            # made by another model, by a derivation stopped midway, or never (a store built before the pairs
            # were derived, then loaded into): from nothing
            changed = None
    if changed is None:
        store.update(f"DROP SILENT GRAPH <{DERIVED_GRAPH}>")
        _drop_answers(store, None)
        units, old = None, {}
        observations = read_observations(store, known)
    else:
        old = _pairs_of(store, changed)
        units = set(old.values())
        for report in sorted(changed):
            units |= _units_now(store, report)
        if not units:
            _DERIVED.clear_pending(store, waiting)
            return 0
        reports = _reports_of_places(store, {area for area, _ in units})
        observations = _keep_one(r for report in reports for r in _read_report(store, report, known))
    _DERIVED.set_stamp(store, None)  # until the end: a derivation killed midway is made again whole
    rows = pair_targets(observations)
    sources = _unit_reports(observations)
    if units is not None:
        rows = [r for r in rows if (r["area"], r["year"]) in units]
        stale = set(old) | {node for area, _ in units
                            for node in (q.subject for q in store.quads_for_pattern(
                                None, _T["refArea"], ox.NamedNode(area), _DERIVED.node))}
        stale = {node for node in stale if (old[node] if node in old else _unit_of(store, node)) in units}
        # the stored answers of every report whose targets these units held or hold go first
        touched = {q.object.value for node in stale
                   for q in store.quads_for_pattern(node, _PROV_DERIVED, None, _DERIVED.node)}
        _drop_answers(store, sorted(touched | {r for unit in units for r in sources.get(unit, ())}))
        _drop_pairs(store, stale)
    quads = target_result_quads(rows, sources)
    for start in range(0, len(quads), _FLUSH_QUADS):
        if start:  # RocksDB keeps writes in memory until a flush: a large graph goes in bounded parts
            kg.flush()
        store.extend(quads[start:start + _FLUSH_QUADS])
    _DERIVED.set_stamp(store, stamp)
    _DERIVED.clear_pending(store, waiting)
    if len(quads) > _FLUSH_QUADS:
        kg.flush()
    return len(rows)
