"""The goal-tree page: offline, escaped, deterministic, complete; and it renders in a real browser."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from browser import CHROMIUM, chromium
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from govkg.errors import GovkgError
from govkg.extractor import extract_file
from govkg.graph.viz import VizError, goal_tree, render
from govkg.ontology import GK
from govkg.ontology.namespace import NIF

NANYANG = Path(__file__).parent / "data" / "corpus" / "nanyang-2023.txt"

DATA_BLOCK = re.compile(r'<script type="application/json" id="govkg-data">(.*?)</script>', re.S)
# Anything that would make the browser fetch: a resource attribute or CSS pointing off the page.
REMOTE_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|srcset|action|formaction|poster|data|background|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""",
    re.I)
REMOTE_CSS = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def nanyang() -> Graph:
    return extract_file(NANYANG)


@pytest.fixture(scope="module")
def report(nanyang) -> URIRef:
    (iri,) = nanyang.subjects(RDF.type, GK.Report)
    return iri


@pytest.fixture(scope="module")
def report_page(nanyang, report) -> str:
    return render(nanyang, report)


def data_of(page: str) -> dict:
    (block,) = DATA_BLOCK.findall(page)
    return json.loads(block)


def walk(goals, actions=()):
    for goal in goals:
        yield goal
        yield from walk(goal["goals"], goal["actions"])
    for action in actions:
        yield action
        yield from action["observations"]


# -- tiny hand-made graphs

ID = "https://example.org/id/"


def tiny(*triples) -> Graph:
    g = Graph()
    for s, p, o in triples:
        g.add((URIRef(ID + s), p, URIRef(ID + o) if type(o) is str else o))
    return g


def goal(name, label, report="r1", parent=None):
    triples = [(name, RDF.type, GK.Goal), (name, RDFS.label, Literal(label)), (name, GK.inReport, report)]
    return triples + ([(name, GK.subGoalOf, parent)] if parent else [])


def action(name, label, goal_name, *observations):
    triples = [(name, RDF.type, GK.Action), (name, RDFS.label, Literal(label)), (name, GK.contributesTo, goal_name),
               (name, GK.status, GK.Completed), (name, GK.inReport, "r1")]
    for i, value in enumerate(observations):
        obs = f"{name}-o{i}"
        triples += [(obs, RDF.type, GK.Observation), (obs, GK.value, Literal(Decimal(value))),
                    (obs, GK.unit, Literal("项")), (name, GK.hasObservation, obs)]
    return triples


REPORT = [("r1", RDF.type, GK.Report), ("r1", RDFS.label, Literal("测试报告"))]


# -- the page works offline


def test_report_page_loads_nothing_from_the_network(report_page):
    page = DATA_BLOCK.sub("", report_page)
    assert not REMOTE_ATTRIBUTE.search(page)
    assert not REMOTE_CSS.search(page)
    assert not re.search(r"<link\b", page, re.I)
    assert "@import" not in page
    assert not re.search(r"<(?:iframe|img|object|embed|audio|video|source)\b", page, re.I)
    # The data block holds IRIs as text only: no markup can start inside it.
    (block,) = DATA_BLOCK.findall(report_page)
    assert "<" not in block and ">" not in block
    assert "default-src 'none'" in page  # and the browser refuses any request that slipped in


def test_page_declares_utf8_and_chinese(report_page):
    assert report_page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in report_page
    assert '<html lang="zh">' in report_page


# -- what the page holds


def test_report_page_holds_goals_actions_observations_and_evidence(report_page, report):
    data = data_of(report_page)
    assert data["root"] == {"kind": "report", "iri": str(report)}
    assert data["title"] == "南阳市人民政府关于2023年法治政府建设情况的报告"
    nodes = list(walk(data["goals"], data["unassigned"]))
    (target,) = [n for n in nodes if n.get("label") == "调整优化政府职能"]
    assert target["number"] == "2.1.1"
    action = next(a for a in target["actions"] if a["label"].startswith("落实权责清单动态管理机制"))
    assert action["status"] == "Completed"
    values = [o["value"] for a in target["actions"] for o in a["observations"]]
    assert "4776" in values
    evidence = [data["sentences"][i]["text"] for i in action["evidence"]]
    assert any("4776项" in text for text in evidence)


def test_report_roots_are_its_top_level_goals(nanyang, report):
    data = goal_tree(nanyang, report)
    tops = {str(g) for g in nanyang.subjects(RDF.type, GK.Goal) if (g, GK.subGoalOf, None) not in nanyang}
    assert {g["iri"] for g in data["goals"]} == tops
    # Every goal of the report is in the tree once, and every action that serves one.
    assert data["totals"]["goals"] == len(set(nanyang.subjects(RDF.type, GK.Goal)))
    assert data["totals"]["actions"] == len(set(nanyang.subjects(RDF.type, GK.Action)))


def test_render_by_goal_label_and_by_goal_iri(nanyang):
    by_label = data_of(render(nanyang, "调整优化政府职能"))
    (root,) = by_label["goals"]
    assert root["label"] == "调整优化政府职能"
    assert any(a["label"].startswith("落实权责清单动态管理机制") for a in root["actions"])
    assert "4776" in [o["value"] for a in root["actions"] for o in a["observations"]]
    by_iri = data_of(render(nanyang, root["iri"]))
    assert by_iri["goals"] == by_label["goals"]
    assert by_iri["root"] == {"kind": "goal", "iri": root["iri"]}


def test_label_lookup_ignores_full_width_punctuation(nanyang):
    # The graph writes "," where a reader types the report's "，".
    data = goal_tree(nanyang, "坚持源头把控，持续提升依法科学民主决策水平")
    assert [g["number"] for g in data["goals"]] == ["2.2"]


def test_counts_sum_over_sub_goals():
    g = tiny(*REPORT, *goal("a", "总目标"), *goal("b", "子目标", parent="a"),
             *action("x", "行动一", "a", "3"), *action("y", "行动二", "b", "1.50", "2000.0"),
             *action("z", "行动三", "b"))
    (a,) = goal_tree(g, ID + "r1")["goals"]
    assert a["counts"] == {"actions": 1, "observations": 1, "allActions": 3, "allObservations": 3}
    (b,) = a["goals"]
    assert b["counts"] == {"actions": 2, "observations": 2, "allActions": 2, "allObservations": 2}
    assert sorted(o["value"] for act in b["actions"] for o in act["observations"]) == ["1.5", "2000"]


def test_a_goal_under_another_reports_goal_is_top_level_in_its_report():
    g = tiny(*REPORT, ("r2", RDF.type, GK.Report), *goal("a", "上级目标"),
             *goal("b", "下级目标", report="r2", parent="a"), *goal("c", "下级子目标", report="r2", parent="b"))
    assert [x["label"] for x in goal_tree(g, ID + "r2")["goals"]] == ["下级目标"]
    assert [x["label"] for x in goal_tree(g, ID + "r1")["goals"]] == ["上级目标"]


def test_a_report_without_goals_and_a_cycle_of_goals_still_render():
    assert data_of(render(tiny(*REPORT), ID + "r1"))["goals"] == []
    g = tiny(*REPORT, *goal("a", "甲", parent="b"), *goal("b", "乙", parent="a"))
    (a,) = goal_tree(g, "甲")["goals"]
    assert [x["label"] for x in a["goals"]] == ["乙"] and a["goals"][0]["goals"] == []


def test_actions_serving_no_goal_are_listed_apart():
    g = tiny(*REPORT, *goal("a", "目标"), ("x", RDF.type, GK.Action), ("x", RDFS.label, Literal("孤立行动")),
             ("x", GK.inReport, "r1"))
    assert [a["label"] for a in goal_tree(g, ID + "r1")["unassigned"]] == ["孤立行动"]


# -- escaping

NASTY = """</script><b>&"'"""


def test_markup_in_labels_stays_text():
    g = tiny(*REPORT, *goal("a", NASTY), *action("x", NASTY + " 行动", "a", "7"),
             ("s", RDF.type, GK.Sentence), ("s", NIF.anchorOf, Literal(NASTY + "<!--")),
             ("s", NIF.beginIndex, Literal(0)), ("s", NIF.endIndex, Literal(12)), ("x", GK.evidence, "s"))
    page = render(g, NASTY)
    assert "<b>" not in page and "<!--" not in page
    assert page.count("</script>") == 2  # the data block's and the script's own
    assert "<title>&lt;/script&gt;&lt;b&gt;&amp;&quot;&#x27; · 目标树</title>" in page
    data = data_of(page)
    assert data["title"] == NASTY
    assert data["goals"][0]["label"] == NASTY
    assert data["goals"][0]["actions"][0]["label"] == NASTY + " 行动"
    assert data["sentences"] == [{"text": NASTY + "<!--", "begin": 0, "end": 12}]


def test_placeholders_in_labels_are_not_filled_in():
    page = render(tiny(*REPORT, *goal("a", "{{DATA}}")), "{{DATA}}")
    assert data_of(page)["goals"][0]["label"] == "{{DATA}}"


# -- determinism


def test_same_input_same_page(nanyang, report, report_page):
    assert render(nanyang, report) == report_page
    # Triple order does not matter either: a graph read back from Turtle gives the same page.
    reread = Graph().parse(data=nanyang.serialize(format="nt"), format="nt")
    assert render(reread, report) == report_page


# -- errors


def test_unknown_root_names_close_goal_labels(nanyang):
    with pytest.raises(VizError) as caught:
        render(nanyang, "调整优化政府职责")
    message = str(caught.value)
    assert isinstance(caught.value, GovkgError)
    assert "\n" not in message
    assert "调整优化政府职责" in message and "调整优化政府职能" in message
    assert "调整优化政府职能" in caught.value.suggestions


def test_a_node_that_is_no_goal_or_report_is_refused(nanyang):
    (agency,) = [a for a in nanyang.subjects(RDF.type, GK.Agency)
                 if str(next(nanyang.objects(a, RDFS.label))) == "南阳市人民政府"]
    with pytest.raises(VizError, match="neither a gk:Goal nor a gk:Report"):
        render(nanyang, str(agency))


def test_nothing_close_says_so():
    with pytest.raises(VizError, match="no goal label is close"):
        render(tiny(*REPORT, *goal("a", "甲")), "完全不同的名字")


# -- a real browser


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (Debian: apt-get install chromium)")
def test_the_page_renders_inchromium(tmp_path, nanyang, report_page):
    page = tmp_path / "tree.html"
    page.write_text(report_page, encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    # These elements exist only if the page's script ran and built the tree from the data.
    assert re.search(r'<span class="label"[^>]*>调整优化政府职能</span>', dom)
    assert re.search(r'<span class="value">4776</span>', dom)
    assert re.search(r'<h1 id="title">南阳市人民政府关于2023年法治政府建设情况的报告</h1>', dom)
    assert int(re.search(r'data-rendered="(\d+)"', dom)[1]) > 100

    shot = tmp_path / "tree.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,900", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (Debian: apt-get install chromium)")
def test_markup_in_labels_is_shown_as_text_inchromium(tmp_path):
    page = tmp_path / "nasty.html"
    page.write_text(render(tiny(*REPORT, *goal("a", NASTY)), NASTY), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert re.search(r"""<span class="label"[^>]*>&lt;/script&gt;&lt;b&gt;&amp;"'</span>""", dom)
    assert "</script><b>" not in dom and "<b>&amp;" not in dom
