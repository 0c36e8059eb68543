"""An indicator's targets and results across the years, as one self-contained HTML chart.

`target_chart` reads the pairs of `govkg.graph.targets` for one indicator
into plain, JSON-ready data: one panel per kind of figure and unit (a growth
rate in %, a level in 元), in it one series per jurisdiction, a point per
year with the target's band and the result; `render_targets` writes that
data into ``chart_template.html``, whose script draws the chart as SVG.

The page works offline in the way of the goal-tree page (`govkg.graph.viz`):
inline CSS and script, no font, script or image to fetch, a
Content-Security-Policy of ``default-src 'none'``, the data in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&``
escaped, and text put into the page with ``textContent`` only.  The same
store and options always give the same page.
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from importlib.resources import files

from ..errors import GovkgError
from .labels import normalise_label
from .targets import TOLERANCE, read_observations, pair_targets

__all__ = ["ChartError", "target_chart", "render_targets"]

TEMPLATE = "chart_template.html"

#: Display scales for large base-unit values: 12060000 人 is drawn as 1206 万人.
_SCALES = ((Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
_KIND_NAMES = {"GrowthRate": "增速", "Change": "变化", "Level": "总量", "Count": "数量", "Share": "占比",
               "PerCapita": "人均", "Increase": "新增", "Cumulative": "累计", "": ""}


class ChartError(GovkgError):
    """Nothing to draw: no target of the indicator (in the places asked for).

    Examples
    --------
    >>> str(ChartError("地区生产总值", ("某省",)))
    "no target of '地区生产总值' in 某省"
    """

    def __init__(self, metric: str, places: tuple[str, ...] = ()) -> None:
        super().__init__(metric, tuple(places))
        self.metric, self.places = metric, tuple(places)

    def __str__(self) -> str:
        where = f" in {', '.join(self.places)}" if self.places else ""
        return f"no target of {self.metric!r}{where}"


def target_chart(source, metric: str, *, places: tuple[str, ...] | list[str] = ()) -> dict:
    """The chart's data: panels of series of yearly target bands and results.

    Parameters
    ----------
    source : KnowledgeStore, pyoxigraph.Store, rdflib.Graph or rdflib.Dataset
        Where to read the observations (see `govkg.graph.targets.read_observations`).
    metric : str
        The indicator (part of its name, or a synonym: 地区生产总值 finds 国内生产总值).
    places : sequence of str, optional
        The jurisdictions to draw, by label; every one with a target when empty.

    Returns
    -------
    dict
        ``title``, ``metric``, ``tolerance`` (of 左右, a share) and
        ``panels``, each with ``kind`` and ``kindName``, ``unit`` (as drawn:
        ``"万人"``), ``scale`` and ``series``; a series has ``place`` and
        ``points``, one per year: ``year``, ``target``, ``upper``,
        ``low``/``high`` (the band: a range's bounds, 左右's tolerance,
        else the target itself), ``qualifier``, ``rule``, ``direction``,
        ``result`` (None without one), ``outcome`` (``"met"``,
        ``"exceeded"``, ``"missed"``, ``"no result"``, ``"no later
        report"``), ``metric``, ``resultMetric``, ``targetEvidence`` and
        ``resultEvidence``.  Numbers are floats in the drawn unit.

    Raises
    ------
    ChartError
        When the indicator has no target in the places asked for.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from govkg.extractor import extract
    >>> g = Graph()
    >>> for year, text in [(2024, "某县2024年政府工作报告\\n今年的主要预期目标是：地区生产总值增长6%左右。"),
    ...                    (2025, "某县2025年政府工作报告\\n一、2024年工作回顾\\n全县地区生产总值增长5.1%。")]:
    ...     g += extract(text, source=f"{year}.txt", jurisdiction="清苑区")
    >>> (panel,) = target_chart(g, "生产总值")["panels"]
    >>> [(p["year"], p["low"], p["high"], p["result"], p["outcome"]) for p in panel["series"][0]["points"]]
    [(2024, 5.7, 6.3, 5.1, 'missed')]
    """
    observations = read_observations(source)
    rows = pair_targets(observations, metric=metric)
    wanted = [normalise_label(p) for p in places]
    if wanted:
        rows = [r for r in rows if normalise_label(r["place"]) in wanted]
    if not rows:
        raise ChartError(metric, tuple(places))
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["kind"], r["unit"]), []).append(r)
    panels = [_panel(kind, unit, members) for (kind, unit), members in groups.items()]
    # The panel with most targets first; ties by kind and unit, so the order is fixed.
    panels.sort(key=lambda p: (-sum(len(s["points"]) for s in p["series"]), p["kind"], p["unit"]))
    place_names = sorted({r["place"] for r in rows},
                         key=lambda p: (wanted.index(normalise_label(p)) if normalise_label(p) in wanted
                                        else len(wanted), p))
    return {"title": f"{metric} · 目标与实绩 · {'、'.join(place_names)}", "metric": metric,
            "tolerance": float(TOLERANCE), "panels": panels}


def _panel(kind: str, unit: str, rows: list[dict]) -> dict:
    biggest = max(abs(v) for r in rows for v in (r["target"], r["upper"], r["result"]) if v is not None)
    scale, prefix = next(((s, p) for s, p in _SCALES if unit not in ("%", "倍", "个百分点") and biggest >= s),
                         (Decimal(1), ""))
    series: dict[str, list[dict]] = {}
    for r in rows:
        series.setdefault(r["place"], []).append(_point(r, scale))
    return {"kind": kind, "kindName": _KIND_NAMES.get(kind, kind), "unit": prefix + unit, "scale": float(scale),
            "series": [{"place": place, "points": sorted(points, key=lambda p: p["year"])}
                       for place, points in sorted(series.items())]}


def _point(r: dict, scale: Decimal) -> dict:
    target, upper = r["target"], r["upper"]
    if upper is not None:
        low, high = sorted((target, upper))
    elif r["qualifier"] in ("左右", "上下", "约", "近", "大约"):
        slack = abs(target) * TOLERANCE
        low, high = target - slack, target + slack
    else:
        low = high = target
    f = lambda v: None if v is None else float(v / scale)  # noqa: E731
    return {"year": r["year"], "target": f(target), "upper": f(upper), "low": f(low), "high": f(high),
            "qualifier": r["qualifier"], "rule": r["rule"], "direction": r["direction"], "result": f(r["result"]),
            "outcome": r["outcome"], "metric": r["metric"], "resultMetric": r["result_metric"],
            "targetEvidence": r["target_evidence"], "resultEvidence": r["result_evidence"] or ""}


def render_targets(source, metric: str, *, places: tuple[str, ...] | list[str] = ()) -> str:
    """Return the self-contained HTML page of an indicator's targets and results.

    Parameters
    ----------
    source, metric, places
        As for `target_chart`.

    Returns
    -------
    str
        The page, UTF-8 text with ``<meta charset="utf-8">``.

    Raises
    ------
    ChartError
        When the indicator has no target in the places asked for.

    Examples
    --------
    >>> from govkg.extractor import extract
    >>> g = extract("某县2024年政府工作报告\\n今年的主要预期目标是：地区生产总值增长6%左右。", source="a.txt",
    ...             jurisdiction="清苑区")
    >>> page = render_targets(g, "生产总值")
    >>> page.startswith("<!DOCTYPE html>") and "default-src 'none'" in page
    True
    """
    data = target_chart(source, metric, places=places)
    values = {"TITLE": html.escape(data["title"], quote=True), "DATA": _script_json(data)}
    template = files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")
    return re.sub(r"\{\{(TITLE|DATA)\}\}", lambda m: values[m[1]], template)


def _script_json(data: dict) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` only occur in strings, so escape them there."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
