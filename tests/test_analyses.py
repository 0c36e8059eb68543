"""Graph analyses: feeders, goal coverage, agency roles, plan follow-through, metric comparison.

Each analysis is checked on a tiny hand-written graph whose answers were
worked out by hand, on the empty and one-node graphs, and on the sample
report of Nanyang 2023.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from govkg.extractor import extract, extract_file
from govkg.graph.compare import compare_metric
from govkg.graph.coverage import empty_goals, goal_coverage
from govkg.graph.feeds import feeders
from govkg.graph.plans import plan_follow_through
from govkg.errors import GoalNotFound, InvalidOption, MetricNotFound, ReportNotFound
from govkg.graph.labels import find_nodes
from govkg.graph.projection import to_networkx
from govkg.graph.roles import agency_roles

DATA = Path(__file__).parent / "data"
PREFIXES = """
@prefix : <https://example.org/> .
@prefix gk: <https://w3id.org/govkg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def project(turtle: str):
    return to_networkx(Graph().parse(data=PREFIXES + turtle, format="turtle"))


def ex(name: str) -> str:
    return "https://example.org/" + name


# A chapter (top) with a section (mid) and a point (low) under it, a second
# chapter (other) and a purpose goal with nothing behind it.
GOALS = """
:report a gk:Report ; rdfs:label "某市2023年报告" ; gk:year "2023"^^xsd:gYear ; gk:inPlace :city .
:city a gk:Place ; rdfs:label "某市" .
:top a gk:Goal ; rdfs:label "依法行政" ; gk:outlineNumber "1" ; gk:headingLevel 1 ; gk:inReport :report .
:mid a gk:Goal ; rdfs:label "规范执法" ; gk:outlineNumber "1.1" ; gk:headingLevel 2 ; gk:inReport :report ;
    gk:subGoalOf :top .
:low a gk:Goal ; rdfs:label "执法监督" ; gk:outlineNumber "1.1.1" ; gk:headingLevel 3 ; gk:inReport :report ;
    gk:subGoalOf :mid .
:other a gk:Goal ; rdfs:label "普法宣传" ; gk:outlineNumber "2" ; gk:headingLevel 1 ; gk:inReport :report .
:purpose a gk:Goal ; rdfs:label "建设法治政府" ; gk:inReport :report .
:a1 a gk:Action ; rdfs:label "出台执法办法" ; gk:contributesTo :top ; gk:performedBy :sfj ; gk:produces :policy ;
    gk:status gk:Completed ; gk:inReport :report .
:a2 a gk:Action ; rdfs:label "换发执法证件1874个" ; gk:contributesTo :mid ; gk:performedBy :sfj ;
    gk:hasObservation :o1 ; gk:implements :prog ; gk:status gk:Completed ; gk:inReport :report .
:a3 a gk:Action ; rdfs:label "开展专项整治" ; gk:contributesTo :low ; gk:performedBy :court ;
    gk:hasObservation :o2, :o3 ; gk:implements :prog ; gk:status gk:Completed ; gk:inReport :report .
:a4 a gk:Action ; rdfs:label "举办普法讲座" ; gk:contributesTo :other ; gk:performedBy :sfj ;
    gk:status gk:Completed ; gk:inReport :report .
:prog a gk:Program ; rdfs:label "一支队伍管执法" .
:prog2 a gk:Program ; rdfs:label "八五普法" ; gk:contributesTo :other .
:policy a gk:Policy ; rdfs:label "某市行政执法办法" .
:o1 a gk:Observation ; rdfs:label "1874个" ; gk:value 1874.0 ; gk:unit "个" ; gk:inReport :report .
:o2 a gk:Observation ; rdfs:label "12次" ; gk:value 12.0 ; gk:unit "次" ; gk:inReport :report .
:o3 a gk:Observation ; rdfs:label "30余件" ; gk:value 30.0 ; gk:unit "件" ; gk:qualifier "余" ; gk:inReport :report .
:sfj a gk:Agency ; rdfs:label "某市司法局" ; gk:inPlace :city .
:court a gk:Agency ; rdfs:label "某市法院" .
"""


@pytest.fixture
def goals():
    return project(GOALS)


def one_node(kind: str):
    return project(f':x a gk:{kind} ; rdfs:label "某{kind}" .')


EMPTY = project("")


# ------------------------------------------------------------------ feeders


def _feeds(rows):
    short = lambda iri: iri.removeprefix(ex(""))  # noqa: E731
    return [(short(r["node"]), r["kind"], r["path"], r["depth"], [short(v) for v in r["via"]]) for r in rows]


def test_feeders_follow_sub_goals_and_bring_in_programs_and_policies(goals):
    assert _feeds(feeders(goals, "依法行政")) == [
        ("a1", "Action", ["依法行政"], 0, []),
        ("policy", "Policy", ["依法行政"], 0, ["a1"]),
        ("a2", "Action", ["规范执法", "依法行政"], 1, []),
        # linked from a2 (depth 1) and a3 (depth 2): takes the shallower
        ("prog", "Program", ["规范执法", "依法行政"], 1, ["a2", "a3"]),
        ("a3", "Action", ["执法监督", "规范执法", "依法行政"], 2, []),
    ]


def test_feeders_include_direct_program_contributors(goals):
    assert _feeds(feeders(goals, "普法宣传")) == [
        ("a4", "Action", ["普法宣传"], 0, []),
        ("prog2", "Program", ["普法宣传"], 0, []),
    ]


def test_feeders_of_a_low_goal_do_not_climb_up(goals):
    rows = feeders(goals, ex("low"))
    assert _feeds(rows) == [("a3", "Action", ["执法监督"], 0, []), ("prog", "Program", ["执法监督"], 0, ["a3"])]
    assert {r["goal"] for r in rows} == {ex("low")} and {r["via_goal"] for r in rows} == {ex("low")}


def test_feeders_of_a_goal_with_nothing_behind_it(goals):
    assert feeders(goals, "建设法治政府") == []


def test_feeders_of_an_unknown_goal_name_close_labels(goals):
    with pytest.raises(GoalNotFound) as info:
        feeders(goals, "规范行政执法")
    assert str(info.value) == "no Goal '规范行政执法'; close: '规范执法'"
    with pytest.raises(GoalNotFound, match="no Goal 'https://example.org/a1'"):
        feeders(goals, ex("a1"))  # an action is not a goal


def test_feeders_survive_a_sub_goal_cycle():
    G = project("""
        :g1 a gk:Goal ; rdfs:label "甲" ; gk:subGoalOf :g2 .
        :g2 a gk:Goal ; rdfs:label "乙" ; gk:subGoalOf :g1 .
        :a a gk:Action ; rdfs:label "做事" ; gk:contributesTo :g2 .
    """)
    assert _feeds(feeders(G, "甲")) == [("a", "Action", ["乙", "甲"], 1, [])]


def test_feeders_by_a_label_shared_by_two_reports_ask_about_both():
    G = project("""
        :g1 a gk:Goal ; rdfs:label "规范执法" . :g2 a gk:Goal ; rdfs:label "规范执法" .
        :a1 a gk:Action ; rdfs:label "甲" ; gk:contributesTo :g1 .
        :a2 a gk:Action ; rdfs:label "乙" ; gk:contributesTo :g2 .
    """)
    assert [(r["goal"], r["node"]) for r in feeders(G, "规范执法")] == [(ex("g1"), ex("a1")), (ex("g2"), ex("a2"))]


def test_feeders_on_empty_and_one_node_graphs():
    assert feeders(EMPTY, "依法行政") == []
    assert feeders(one_node("Goal"), "某Goal") == []
    assert feeders(one_node("Agency"), "依法行政") == []  # no goals at all: nothing to look up


# ------------------------------------------------------------------ coverage


def _cover(rows):
    return [(r["label"], r["direct_actions"], r["actions"], r["observations"], r["agencies"], r["agency_labels"])
            for r in rows]


def test_goal_coverage_counts_through_sub_goals(goals):
    assert _cover(goal_coverage(goals)) == [
        ("依法行政", 1, 3, 3, 2, ["某市司法局", "某市法院"]),
        ("规范执法", 1, 2, 3, 2, ["某市司法局", "某市法院"]),
        ("执法监督", 1, 1, 2, 1, ["某市法院"]),
        ("普法宣传", 1, 1, 0, 1, ["某市司法局"]),  # prog2 contributes but is not an action
        ("建设法治政府", 0, 0, 0, 0, []),  # purpose goal: no outline, last
    ]
    top = goal_coverage(goals)[0]
    assert (top["goal"], top["outline"], top["level"], top["report"]) == (ex("top"), "1", 1, ex("report"))


def test_goal_coverage_of_one_report():
    G = project(GOALS + """
        :report2 a gk:Report ; rdfs:label "某市2024年报告" ; gk:year "2024"^^xsd:gYear .
        :g24 a gk:Goal ; rdfs:label "抓实府院联动" ; gk:outlineNumber "1" ; gk:inReport :report2 .
    """)
    assert [r["label"] for r in goal_coverage(G, report="某市2024年报告")] == ["抓实府院联动"]
    assert len(goal_coverage(G, report=ex("report"))) == 5
    assert [r["report"] for r in goal_coverage(G)] == [ex("report")] * 5 + [ex("report2")]
    with pytest.raises(ReportNotFound, match="no Report '某市2025年报告'; close: '某市2023年报告', '某市2024年报告'"):
        goal_coverage(G, report="某市2025年报告")


def test_empty_goals(goals):
    assert [r["label"] for r in empty_goals(goals)] == ["建设法治政府"]
    assert [r["label"] for r in empty_goals(goals, kind="number")] == ["普法宣传", "建设法治政府"]
    with pytest.raises(InvalidOption, match="unknown kind 'numbers'"):
        empty_goals(goals, kind="numbers")


def test_coverage_on_empty_and_one_node_graphs():
    assert goal_coverage(EMPTY) == [] and empty_goals(EMPTY) == []
    assert goal_coverage(one_node("Agency")) == []
    assert goal_coverage(EMPTY, report="某市2023年报告") == []
    assert _cover(goal_coverage(one_node("Goal"))) == [("某Goal", 0, 0, 0, 0, [])]
    assert [r["label"] for r in empty_goals(one_node("Goal"), kind="number")] == ["某Goal"]


# ------------------------------------------------------------------ agency roles

# Work graph: the path B - a2 - A - a1 - g - a3, and C, D alone; 8 nodes.
ROLES = """
:a1 a gk:Action ; gk:performedBy :A ; gk:contributesTo :g .
:a2 a gk:Action ; gk:performedBy :A, :B .
:a3 a gk:Action ; gk:contributesTo :g .
:g a gk:Goal ; rdfs:label "目标" .
:A a gk:Agency ; rdfs:label "某市司法局" ; gk:inPlace :city .
:B a gk:Agency ; rdfs:label "某市法院" .
:C a gk:Agency ; rdfs:label "某市档案局" .
:D a gk:Agency ; rdfs:label "某市财政局" .
:city a gk:Place ; rdfs:label "某市" .
:r a gk:Report ; gk:issuedBy :A .
"""


def test_agency_roles_by_hand():
    rows = agency_roles(project(ROLES))
    got = [(r["label"], r["actions"], r["in_degree"], r["out_degree"], r["degree_centrality"], r["betweenness"])
           for r in rows]
    # A: degree 2 of 7 others; on the 2 x 3 = 6 shortest paths between {B, a2} and {a1, g, a3}, of 7*6/2 = 21 pairs.
    assert got == [
        ("某市司法局", 2, 3, 1, pytest.approx(2 / 7), pytest.approx(6 / 21)),
        ("某市法院", 1, 1, 0, pytest.approx(1 / 7), 0.0),
        ("某市档案局", 0, 0, 0, 0.0, 0.0),  # ties on actions go by label
        ("某市财政局", 0, 0, 0, 0.0, 0.0),
    ]
    assert rows[0]["agency"] == ex("A")


def test_agency_roles_on_empty_and_one_node_graphs():
    assert agency_roles(EMPTY) == []
    assert agency_roles(one_node("Goal")) == []
    # NetworkX's convention: the only node of a graph has degree centrality 1.
    assert [(r["label"], r["actions"], r["degree_centrality"], r["betweenness"])
            for r in agency_roles(one_node("Agency"))] == [("某Agency", 0, 1.0, 0.0)]


# ------------------------------------------------------------------ plans
# (plan_follow_through now reads RDF and matches by meaning; tests/test_plans.py has the rest.
# The tests that pinned the old label-bigram matching were replaced: that matching was the bug of issue 12.)

PLANS = """
:city a gk:Place ; rdfs:label "某市" .
:county a gk:Place ; rdfs:label "某县" .
:r23 a gk:Report ; rdfs:label "某市2023" ; gk:year "2023"^^xsd:gYear ; gk:inPlace :city .
:r24 a gk:Report ; rdfs:label "某市2024" ; gk:year "2024"^^xsd:gYear ; gk:inPlace :city .
:x24 a gk:Report ; rdfs:label "某县2024" ; gk:year "2024"^^xsd:gYear ; gk:inPlace :county .
:p1 a gk:Action ; rdfs:label "适时召开联席会议" ; gk:status gk:Planned ; gk:inReport :r23 .
:p2 a gk:Action ; rdfs:label "出台法律顾问工作规则" ; gk:status gk:Planned ; gk:inReport :r23 .
:p3 a gk:Action ; rdfs:label "推进普法" ; gk:status gk:Planned ; gk:inReport :r23 .
:d1 a gk:Action ; rdfs:label "召开联席会议" ; gk:status gk:Completed ; gk:inReport :r24 .
:d2 a gk:Action ; rdfs:label "印发法律顾问工作规则" ; gk:status gk:Completed ; gk:inReport :r24 .
:d3 a gk:Action ; rdfs:label "推进普法" ; gk:status gk:Planned ; gk:inReport :r24 .
:x1 a gk:Action ; rdfs:label "推进普法" ; gk:status gk:Completed ; gk:inReport :x24 .
"""


def _plans(rows):
    return {r["plan_action"].removeprefix(ex("")): (r["verdict"], r["match"], r["score"]) for r in rows}


def test_plans_match_the_next_years_done_actions_of_the_same_place():
    rows = plan_follow_through(Graph().parse(data=PREFIXES + PLANS, format="turtle"), report_year=2023)
    assert _plans(rows) == {
        "p1": ("done", "召开联席会议", 1.0),
        "p2": ("done", "印发法律顾问工作规则", 1.0),  # 出台 and 印发: the same kind of act
        # the 某县 report's 推进普法 does not count, and the 某市 one is planned, not done
        "p3": ("no evidence", None, 0.0),
    }
    assert {(r["report"], r["year"], r["later_report"]) for r in rows} == {(ex("r23"), 2023, ex("r24"))}


def test_plans_of_all_years_and_of_an_unknown_year():
    g = Graph().parse(data=PREFIXES + PLANS, format="turtle")
    assert len(plan_follow_through(g)) == 4
    assert _plans(plan_follow_through(g, report_year=2024)) == {"d3": ("no later report", None, None)}
    with pytest.raises(ReportNotFound, match="no Report '2020'; close: '2023', '2024'"):
        plan_follow_through(g, report_year=2020)


def test_plans_on_empty_and_one_node_graphs():
    assert plan_follow_through(Graph()) == [] and plan_follow_through(Graph(), report_year=2023) == []
    one = Graph().parse(data=PREFIXES + ':p a gk:Action ; rdfs:label "做事" ; gk:status gk:Planned .',
                        format="turtle")
    assert plan_follow_through(one) == []  # a plan in no report has no year to be held against


# ------------------------------------------------------------------ compare

METRICS = """
:jia a gk:Place ; rdfs:label "甲市" .   :yi a gk:Place ; rdfs:label "乙市" .
:j22 a gk:Report ; gk:year "2022"^^xsd:gYear ; gk:inPlace :jia .
:j23 a gk:Report ; gk:year "2023"^^xsd:gYear ; gk:inPlace :jia .
:y23 a gk:Report ; gk:year "2023"^^xsd:gYear ; gk:inPlace :yi .
:m1 a gk:Metric ; rdfs:label "行政机关负责人出庭应诉率" .
:m2 a gk:Metric ; rdfs:label "出庭应诉率" .
:m3 a gk:Metric ; rdfs:label "办结率" .
:o1 a gk:Observation ; rdfs:label "97.8%" ; gk:value 97.8 ; gk:unit "%" ; gk:ofMetric :m1 ; gk:inReport :j23 ;
    gk:period "2023"^^xsd:gYear .
:o2 a gk:Observation ; rdfs:label "95%" ; gk:value 95.0 ; gk:unit "%" ; gk:ofMetric :m1 ; gk:inReport :j22 ;
    gk:period "2022"^^xsd:gYear .
:o3 a gk:Observation ; rdfs:label "90%以上" ; gk:value 90.0 ; gk:unit "%" ; gk:qualifier "以上" ; gk:ofMetric :m2 ;
    gk:inReport :y23 .
:o4 a gk:Observation ; rdfs:label "100%" ; gk:value 100.0 ; gk:unit "%" ; gk:ofMetric :m3 .
"""


def test_compare_metric_across_places_and_years():
    rows = compare_metric(project(METRICS), "出庭应诉率")
    assert [(r["jurisdiction"], r["year"], r["metric"], r["value"], r["unit"], r["qualifier"], r["period"])
            for r in rows] == [
        ("乙市", 2023, "出庭应诉率", 90.0, "%", "以上", None),
        ("甲市", 2022, "行政机关负责人出庭应诉率", 95.0, "%", None, 2022),
        ("甲市", 2023, "行政机关负责人出庭应诉率", 97.8, "%", None, 2023),
    ]
    assert rows[0]["report"] == ex("y23") and rows[0]["observation"] == ex("o3") and rows[0]["label"] == "90%以上"


def test_compare_metric_without_a_report():
    [row] = compare_metric(project(METRICS), "办结")
    assert (row["report"], row["jurisdiction"], row["year"], row["value"]) == (None, None, None, 100.0)


def test_compare_metric_misuse():
    G = project(METRICS)
    with pytest.raises(MetricNotFound, match="^no Metric '出庭应述率'; close: '出庭应诉率'$"):
        compare_metric(G, "出庭应述率")
    with pytest.raises(MetricNotFound, match="^no Metric '满意率'$"):
        compare_metric(G, "满意率")
    with pytest.raises(InvalidOption, match="empty metric"):
        compare_metric(G, " ")


def test_compare_metric_on_empty_and_one_node_graphs():
    assert compare_metric(EMPTY, "应诉率") == []
    assert compare_metric(one_node("Report"), "应诉率") == []
    assert compare_metric(one_node("Metric"), "Metric") == []  # a metric with no numbers


# ------------------------------------------------------------------ the Nanyang 2023 sample

NANYANG_2024 = ("南阳市人民政府关于2024年法治政府建设情况的报告\n一、工作情况\n"
                "(一)抓实府院联动工作。召开府院联动第二次联席会议,建立完善会议纪要落实反馈机制。")


@pytest.fixture(scope="module")
def nanyang_rdf():
    return extract_file(DATA / "corpus" / "nanyang-2023.txt")


@pytest.fixture(scope="module")
def nanyang(nanyang_rdf):
    return to_networkx(nanyang_rdf)


def test_nanyang_feeders_of_a_section(nanyang):
    rows = feeders(nanyang, "调整优化政府职能")
    assert any(r["kind"] == "Action" and r["label"].startswith("落实权责清单动态管理机制") for r in rows)
    assert any(r["kind"] == "Program" and r["label"] == "放权赋能改革" for r in rows)
    assert {r["depth"] for r in rows} == {0}


def test_nanyang_feeders_of_a_chapter_come_through_its_points(nanyang):
    asked = "坚持突破创新,持续强化高质量发展的法治保障"
    rows = feeders(nanyang, asked)
    actions = [r for r in rows if r["kind"] == "Action"]
    assert actions and all(len(r["path"]) == 2 and r["path"][-1] == asked for r in actions)
    assert {r["path"][0] for r in actions} == {
        "调整优化政府职能", "审批服务提质增效", "营商环境明显改善", "狠抓“数智南阳”建设"}


def test_nanyang_goal_coverage(nanyang):
    [row] = [r for r in goal_coverage(nanyang) if r["label"] == "调整优化政府职能"]
    # 落实权责清单动态管理机制 (市直33个部门); 共保留……10类行政权力事项4776项; 在市政府网站上公示;
    # 持续深化放权赋能改革; 累计赋予各县市区421项经济管理权限 (run on without a comma): five actions,
    # one per verb phrase, and the paragraph's four numbers. No agency is named.
    assert (row["direct_actions"], row["actions"], row["observations"], row["agencies"]) == (5, 5, 4, 0)
    assert row["outline"] == "2.1.1"


def test_nanyang_goals_without_numbers(nanyang):
    labels = [r["label"] for r in empty_goals(nanyang, kind="number")]
    # "一是坚持学习先行把学习贯彻习近平法治思想作为重要政治任务……" and the 加大行政执法监督力度 paragraph
    # carry no number; the planned work of 2024 has none either.
    assert {"坚持学习先行", "加大行政执法监督力度", "抓实府院联动工作"} <= set(labels)
    assert "调整优化政府职能" not in labels
    assert empty_goals(nanyang) == []  # every goal has an action behind it


def test_nanyang_agency_roles(nanyang):
    top = agency_roles(nanyang)[0]
    assert top["label"] == "南阳市人民政府"
    assert top["actions"] == max(r["actions"] for r in agency_roles(nanyang)) > 0
    assert top["betweenness"] == max(r["betweenness"] for r in agency_roles(nanyang))


def test_nanyang_plans_without_a_later_report(nanyang_rdf):
    rows = plan_follow_through(nanyang_rdf, report_year=2023)
    assert rows and all(r["later_report"] is None and r["verdict"] == "no later report" for r in rows)
    assert "适时召开府院联动第二次联席会议" in {r["plan"] for r in rows}


def test_nanyang_plans_followed_in_a_2024_report(nanyang_rdf):
    G = to_networkx(nanyang_rdf + extract(NANYANG_2024))
    [later] = find_nodes(G, "南阳市人民政府关于2024年法治政府建设情况的报告", "Report")
    [row] = [r for r in plan_follow_through(nanyang_rdf + extract(NANYANG_2024), report_year=2023)
             if r["plan"] == "适时召开府院联动第二次联席会议"]
    assert row["verdict"] == "done" and row["later_report"] == later
    assert row["match"] == "召开府院联动第二次联席会议" and row["match_sentence"]


def test_compare_metric_across_two_reports(nanyang_rdf):
    G = to_networkx(nanyang_rdf + extract_file(DATA / "corpus" / "wuhan-2022.txt"))
    rows = compare_metric(G, "法治政府建设相关议题")  # the verb 研究 is not in the name (issue 11)
    assert [(r["jurisdiction"], r["year"], r["value"], r["unit"]) for r in rows] == [
        ("南阳市", 2023, 11.0, "次"), ("武汉市", 2022, 12.0, "次")]
