"""Targets of report Y paired with results of report Y+1: two invented years of an invented county."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from browser import CHROMIUM, chromium
from click.testing import CliRunner
from rdflib import Graph

from govkg.cli import main
from govkg.extractor import extract
from govkg.graph.chart import ChartError, render_targets, target_chart
from govkg.graph.store import open_store
from govkg.graph.targets import indicators, judge, pair_targets, read_observations, target_results

# Two work reports of a county that does not exist: the first sets targets for 2024, the second reviews 2024.
REPORT_2024 = """青川湾县2024年政府工作报告
——2024年1月10日在青川湾县第十八届人民代表大会第三次会议上
各位代表：
一、2023年工作回顾
过去一年，全县地区生产总值增长5.8%。
二、2024年工作安排
今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%以上，城镇新增就业5000人以上，居民消费价格涨幅控制在3%左右，城镇调查失业率5.5%以内，单位地区生产总值能耗下降3%，规模以上工业增加值增长6%-7%。
"""
REPORT_2025 = """青川湾县2025年政府工作报告
——2025年1月12日在青川湾县第十八届人民代表大会第四次会议上
各位代表：
一、2024年工作回顾
过去一年，全县生产总值增长5.9%，一般公共预算收入增长4.2%，城镇新增就业5600人，居民消费价格上涨3.4%，城镇调查失业率5.1%，单位地区生产总值能耗下降2.1%，规模以上工业增加值增长7.5%。
二、2025年工作安排
主要预期目标是：地区生产总值增长5.5%左右。
"""
# A province of the same invented world, to check that places do not mix.
OTHER_2025 = """山海省2025年政府工作报告
——2025年1月15日在山海省第十四届人民代表大会第三次会议上
各位代表：
一、2024年工作回顾
全省地区生产总值增长4.1%。
"""



@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for name, text in [("a.txt", REPORT_2024), ("b.txt", REPORT_2025), ("c.txt", OTHER_2025)]:
        g += extract(text, source=name)
    return g


@pytest.fixture(scope="module")
def rows(graph) -> dict:
    return {(r["metric"], r["year"]): r for r in target_results(graph)}


def test_a_met_target_with_its_tolerance(rows):
    r = rows["地区生产总值", 2024]
    assert (r["target"], r["qualifier"], r["result"], r["result_metric"]) == (Decimal(6), "左右", Decimal("5.9"), "生产总值")
    assert r["met"] is True and r["outcome"] == "met" and r["rule"] == "≈ 6 (≥ 5.7)"
    assert "增长6%左右" in r["target_evidence"] and "增长5.9%" in r["result_evidence"]
    assert r["place"] == "青川湾县"


def test_a_missed_floor(rows):
    r = rows["一般公共预算收入", 2024]
    assert (r["target"], r["qualifier"], r["result"], r["met"], r["outcome"]) == (
        Decimal(5), "以上", Decimal("4.2"), False, "missed")


def test_a_price_target_is_a_ceiling(rows):
    r = rows["居民消费价格", 2024]
    assert r["direction"] == "lower"
    # 3%左右 allows 5% of 3 above it: 3.4 is over the ceiling.
    assert (r["target"], r["result"], r["met"], r["rule"]) == (Decimal(3), Decimal("3.4"), False, "≈ 3 (≤ 3.15)")


def test_a_ceiling_by_qualifier_and_a_count_target(rows):
    assert (rows["城镇调查失业率", 2024]["result"], rows["城镇调查失业率", 2024]["met"]) == (Decimal("5.1"), True)
    jobs = rows["城镇新增就业", 2024]
    assert (jobs["kind"], jobs["unit"], jobs["target"], jobs["result"], jobs["met"]) == (
        "Increase", "人", Decimal(5000), Decimal(5600), True)


def test_a_decrease_is_negative_and_falling_short_of_it_misses(rows):
    r = rows["单位地区生产总值能耗", 2024]
    assert (r["target"], r["result"], r["met"]) == (Decimal(-3), Decimal("-2.1"), False)


def test_a_range_target_exceeded(rows):
    r = rows["规模以上工业增加值", 2024]
    assert (r["target"], r["upper"], r["result"], r["rule"], r["met"], r["outcome"]) == (
        Decimal(6), Decimal(7), Decimal("7.5"), "6–7", True, "exceeded")


def test_the_last_years_target_has_no_later_report(rows):
    r = rows["地区生产总值", 2025]
    assert (r["result"], r["met"], r["outcome"]) == (None, None, "no later report")


def test_results_of_another_place_do_not_pair(graph):
    (r,) = target_results(graph, metric="国内生产总值", place="青川湾县")[:1]  # a synonym finds 地区生产总值
    assert r["result"] == Decimal("5.9")
    assert target_results(graph, place="山海省") == []  # it set no targets


def test_filters_by_metric_and_place(graph):
    assert {r["metric"] for r in target_results(graph, metric="失业率")} == {"城镇调查失业率"}
    assert target_results(graph, place="不存在县") == []


def test_judge_by_qualifier_and_direction():
    D = Decimal
    assert judge(D(6), D("6.6"), upper=D("6.5"))[0] is True  # above a range, more is better
    assert judge(D(2), D("2.6"), upper=D("2.5"), lower_is_better=True)[0] is False  # above a ceiling range
    assert judge(D("5.5"), D("5.6"), qualifier="以内")[0] is False
    assert judge(D(-3), D("-3.5"), lower_is_better=True) == (True, "≤ -3")
    assert judge(D(5), D("4.7"), qualifier="左右") == (False, "≈ 5 (≥ 4.75)")
    # 下降3%以上: a fall of at least 3, whatever the indicator's direction
    assert judge(D(-3), D("-15.3"), qualifier="以上")[0] is True
    assert judge(D(-3), D("-2"), qualifier="以上", lower_is_better=True)[0] is False


def _obs(i, status, period, metric, value, kind, report, year, unit="家"):
    return {"observation": f"r/observation/{i}-{i + 3}", "status": status, "period": period, "value": Decimal(value),
            "upper": None, "unit": unit, "qualifier": "", "kind": kind, "metric": metric, "area": "p",
            "place": "青川湾县", "report": report, "year": year, "plan_year": year + 1, "average": False,
            "sentence": "", "offset": None}


def test_a_count_of_things_added_pairs_with_their_count():
    rows = pair_targets([_obs(1, "Planned", 2024, "年内新增省级科技型中小企业", "30", "Increase", "r2024", 2023),
                         _obs(2, "Completed", 2024, "科技型中小企业", "353", "Count", "r2025", 2024),
                         _obs(3, "Completed", 2024, "科技型中小企业", "353", "Level", "r2025", 2024, unit="元")])
    assert [(r["target"], r["result"], r["result_metric"], r["outcome"]) for r in rows] == [
        (Decimal(30), Decimal(353), "科技型中小企业", "met")]


def test_a_generic_name_pairs_with_nothing():
    assert pair_targets([_obs(1, "Planned", 2024, "比例", "30", "Share", "r2024", 2023),
                         _obs(2, "Completed", 2024, "比例", "35", "Share", "r2025", 2024)]) == []


def test_synonyms_and_directions_are_data(tmp_path):
    ind = indicators()
    assert ind.same("国内生产总值", "地区生产总值") and not ind.same("国内生产总值", "单位国内生产总值能耗")
    assert ind.key("年内新增省级科技型中小企业") == "省级科技型中小企业" and ind.key("新建学校") == "新建学校"
    custom = tmp_path / "ind.jsonl"
    custom.write_text(json.dumps({"label": "SYNONYM", "pattern": "甲指标|乙指标", "id": "甲"}, ensure_ascii=False)
                      + "\n" + json.dumps({"label": "LOWER", "pattern": "乙"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    mine = indicators(custom)
    assert mine.same("甲指标", "乙指标") and not mine.same("国内生产总值", "地区生产总值")
    assert mine.lower_is_better("乙指标") and mine.lower_is_better("甲指标")  # one direction for the whole group


def test_no_observations_no_pairs():
    assert pair_targets([]) == []
    assert read_observations(Graph()) == []


# -- the store and the command line


@pytest.fixture(scope="module")
def store(graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("targets") / "kg"
    with open_store(path, writable=True) as kg:
        for name, text in [("a.txt", REPORT_2024), ("b.txt", REPORT_2025), ("c.txt", OTHER_2025)]:
            kg.replace_report(extract(text, source=name))
    return path


def test_the_store_gives_what_the_graph_gives(store, graph):
    with open_store(store) as kg:
        from_store = target_results(kg)
    assert from_store == target_results(graph)


def test_analyze_targets_command(store):
    result = CliRunner().invoke(main, ["analyze", "targets", "--store", str(store), "--metric", "生产总值",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert (row["year"], row["target"], row["qualifier"], row["result"], row["outcome"]) == (
        2024, "6", "左右", "5.9", "met")
    assert "增长5.9%" in row["result_evidence"]
    table = CliRunner().invoke(main, ["analyze", "targets", "--store", str(store), "--all"])
    assert table.exit_code == 0 and "no later report" in table.output and "exceeded" in table.output


# -- the chart

DATA_BLOCK = re.compile(r'<script type="application/json" id="govkg-data">(.*?)</script>', re.S)
REMOTE = re.compile(r"""\b(?:src|href|srcset|action|poster|data|xlink:href)\s*=\s*["']?\s*(?:https?:)?//|url\(|@import""",
                    re.I)


def test_chart_data(graph):
    data = target_chart(graph, "地区生产总值", places=["青川湾县"])
    (panel,) = data["panels"]
    assert (panel["kind"], panel["unit"]) == ("GrowthRate", "%")
    (series,) = panel["series"]
    assert [(p["year"], p["low"], p["high"], p["result"], p["outcome"]) for p in series["points"]] == [
        (2024, 5.7, 6.3, 5.9, "met"), (2025, 5.225, 5.775, None, "no later report")]


def test_chart_scales_large_units(graph):
    (panel,) = target_chart(graph, "城镇新增就业")["panels"]
    assert panel["unit"] == "人" and panel["series"][0]["points"][0]["result"] == 5600.0
    with pytest.raises(ChartError, match="no target of '生产总值' in 山海省"):
        target_chart(graph, "生产总值", places=["山海省"])


def test_chart_page_is_offline_and_escaped(graph):
    page = render_targets(graph, "生产总值")
    assert "default-src 'none'" in page and page.startswith("<!DOCTYPE html>")
    assert not REMOTE.search(DATA_BLOCK.sub("", page))
    assert not re.search(r"<(?:link|iframe|img|object|embed)\b", page, re.I)
    (block,) = DATA_BLOCK.findall(page)
    assert "<" not in block and ">" not in block
    assert render_targets(graph, "生产总值") == page  # deterministic


def test_chart_command(store, tmp_path):
    out = tmp_path / "chart.html"
    result = CliRunner().invoke(main, ["chart", "targets", "--store", str(store), "--metric", "国内生产总值",
                                       "--place", "青川湾县", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(DATA_BLOCK.findall(out.read_text(encoding="utf-8"))[0])
    assert [p["year"] for p in data["panels"][0]["series"][0]["points"]] == [2024, 2025]
    bad = CliRunner().invoke(main, ["chart", "targets", "--store", str(store), "--metric", "不存在指标", "-o", str(out)])
    assert bad.exit_code == 1 and "no target of '不存在指标'" in bad.output


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (Debian: apt-get install chromium)")
def test_the_chart_renders_inchromium(tmp_path, graph):
    page = tmp_path / "chart.html"
    page.write_text(render_targets(graph, "生产总值"), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    # These exist only if the script ran: two targets, one of them with a result, met.
    assert 'data-targets="2"' in dom and 'data-results="1"' in dom
    assert len(re.findall(r'<circle [^>]*class="result met"', dom)) == 1
    assert len(re.findall(r'<circle [^>]*class="pending"', dom)) == 1
    assert len(re.findall(r'<rect [^>]*class="band"', dom)) == 2  # both 左右 targets are bands
    assert re.search(r"<h1 id=\"title\">生产总值 · 目标与实绩 · 青川湾县</h1>", dom)
    assert "<script src" not in dom
    shot = tmp_path / "chart.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1100,800", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
