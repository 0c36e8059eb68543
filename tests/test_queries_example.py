"""The library queries on the hand-made example graph (ontology/examples/), independently of the extractor.

tests/test_queries.py asks the questions of what the extractor makes of the sample reports; here the graph
is written by hand (three reports of 南阳市: the 2023 法治政府 excerpt, and the work reports delivered in 2024
and 2025, the second reviewing the year the first plans), so every row below follows from those files alone:
a change of a query's answer is a change of the query, never of extraction. The files are loaded through the
store's public API, as a user loads an export, and each answer is asked of both engines.
"""

from __future__ import annotations

from decimal import Decimal
from importlib.resources import files

import pytest

from govkg.graph.plans import derive_follow_through
from govkg.graph.store import open_store
from govkg.graph.targets import derive_target_results
from govkg.queries import Rows, library, load_query, run

ID = "https://w3id.org/govkg/id/"
LAW = ID + "report/南阳市/2023/法治政府建设情况报告"  # nanyang-excerpt.ttl
WORK_2024 = ID + "report/南阳市/2023/政府工作报告"  # nanyang-work-2024.ttl: reviews 2023, plans 2024
WORK_2025 = ID + "report/南阳市/2024/政府工作报告"  # nanyang-work-2025.ttl: reviews 2024, plans 2025
GOVERNMENT = ID + "agency/南阳市人民政府"
EXAMPLES = files("govkg.ontology") / "examples"

# rdflib 7 warns on its own internal use of Dataset.default_context, once per triple matched.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    """A store holding the example files, loaded as a user loads Turtle exports (one report per file)."""
    names = sorted(entry.name for entry in EXAMPLES.iterdir() if entry.name.endswith(".ttl"))
    assert names == ["nanyang-excerpt.ttl", "nanyang-work-2024.ttl", "nanyang-work-2025.ttl"]
    with open_store(tmp_path_factory.mktemp("examples") / "kg", writable=True) as store:
        loaded = [report for name in names for report in store.load_file(EXAMPLES / name)]
        assert loaded == [LAW, WORK_2024, WORK_2025]
        yield store


def ask(kg, name: str, **params) -> Rows:
    """The rows of query ``name``; the rdflib engine, over the same reports, must give the same ones."""
    spec = load_query(name)
    rows = run(kg.store, spec, params)
    assert run(kg.dataset(), spec, params) == rows, name
    return rows


def pick(rows: Rows, *columns: str) -> list[tuple]:
    """The values of ``columns`` of each row, in the query's order."""
    return [tuple(record[c] for c in columns) for record in rows.records()]


def test_every_library_query_is_pinned_here():
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert set(library()) <= tested


def test_reports(kg):
    rows = ask(kg, "reports")
    assert pick(rows, "report", "year", "title", "place", "issuer", "goals", "actions", "observations") == [
        (WORK_2024, 2023, "南阳市2024年政府工作报告", "南阳市", "南阳市人民政府", 3, 1, 4),
        (LAW, 2023, "南阳市2023年法治政府建设情况报告", "南阳市", "南阳市人民政府", 4, 3, 1),
        (WORK_2025, 2024, "南阳市2025年政府工作报告", "南阳市", "南阳市人民政府", 3, 3, 3),
    ]


def test_actions_by_status(kg):
    planned = ask(kg, "actions-by-status", status="Planned")
    assert pick(planned, "report", "begin", "year", "action_label", "agency_label", "goal_label") == [
        (WORK_2024, 135, 2024, "出台《南阳市优化营商环境条例》", "南阳市人民政府", "优化营商环境"),
        (WORK_2025, 138, 2025, "实施重大项目攻坚行动", "南阳市人民政府", "扩大有效投资"),
    ]
    ongoing = ask(kg, "actions-by-status", status="Ongoing")
    assert pick(ongoing, "action_label", "agency_label") == [("推进“一件事一次办”改革", None)]
    done = ask(kg, "actions-by-status", status="Completed", report=WORK_2025)
    assert pick(done, "begin", "action_label", "agency_label") == [
        (77, "出台《南阳市优化营商环境条例》", "南阳市人民政府"), (97, "开展法治宣传教育", "南阳市司法局")]


def test_actions_feeding_goal(kg):
    # Through both sub-goals: 1.1 directly (two actions, and the program one of them implements) and the
    # purpose goal under 1.2, two steps down (its action, and the policy that action issues).
    rows = ask(kg, "actions-feeding-goal", goal="全面履行政府职能")
    assert pick(rows, "depth", "via_outline", "via_label", "kind", "node_label", "link") == [
        (1, "1.1", "调整优化政府职能", "Action", "落实权责清单动态管理机制", "contributesTo"),
        (1, "1.1", "调整优化政府职能", "Action", "推进“一件事一次办”改革", "contributesTo"),
        (1, "1.1", "调整优化政府职能", "Program", "一件事一次办", "implements"),
        (2, None, "规范重大行政决策程序", "Action", "制定《南阳市重大行政决策风险评估办法》", "contributesTo"),
        (2, None, "规范重大行政决策程序", "Policy", "南阳市重大行政决策风险评估办法", "produces"),
    ]
    assert {r["report"] for r in rows.records()} == {LAW}
    assert ask(kg, "actions-feeding-goal", goal="全面履行政府职能", report=WORK_2024).rows == []


def test_agencies_ranked(kg):
    rows = ask(kg, "agencies-ranked")
    assert pick(rows, "agency_label", "actions", "reports") == [("南阳市人民政府", 5, 3), ("南阳市司法局", 1, 1)]
    rows = ask(kg, "agencies-ranked", report=WORK_2025)
    assert pick(rows, "agency_label", "actions", "reports") == [("南阳市人民政府", 2, 1), ("南阳市司法局", 1, 1)]


def test_agency_actions(kg):
    # 市政府 is the altLabel of 南阳市人民政府: its five actions, with their sentences, in report order.
    rows = ask(kg, "agency-actions", agency="市政府")
    assert {r["agency_iri"] for r in rows.records()} == {GOVERNMENT}
    assert pick(rows, "report", "year", "status", "action_label", "begin") == [
        (WORK_2024, 2024, "Planned", "出台《南阳市优化营商环境条例》", 131),
        (LAW, 2023, "Completed", "落实权责清单动态管理机制", 42),
        (LAW, 2023, "Completed", "制定《南阳市重大行政决策风险评估办法》", 105),
        (WORK_2025, 2024, "Completed", "出台《南阳市优化营商环境条例》", 74),
        (WORK_2025, 2025, "Planned", "实施重大项目攻坚行动", 134),
    ]
    rows = ask(kg, "agency-actions", agency="南阳市司法局")
    assert pick(rows, "action_label", "evidence") == [
        ("开展法治宣传教育", "市政府出台《南阳市优化营商环境条例》，市司法局开展法治宣传教育。")]


def test_completeness_claims(kg):
    rows = ask(kg, "completeness-claims")
    assert pick(rows, "report", "claim", "metric_label", "value", "begin", "action") == [
        (WORK_2024, "全覆盖", None, None, 27, None),
        (WORK_2025, "100%", "城乡低保应保尽保率", Decimal("100"), 27, None),
    ]
    assert rows.records()[0]["evidence"] == "全市地区生产总值增长5.2%，政务服务事项实现全覆盖。"
    assert ask(kg, "completeness-claims", report=LAW).rows == []


def test_goal_contributions(kg):
    # Each goal's direct contributors only: 1 (全面履行政府职能) has none of its own, its sub-goals have them.
    rows = ask(kg, "goal-contributions", report=LAW)
    assert pick(rows, "goal", "goal_label", "kind", "node_label", "link") == [
        (LAW + "/goal/1.1", "调整优化政府职能", "Action", "落实权责清单动态管理机制", "contributesTo"),
        (LAW + "/goal/1.1", "调整优化政府职能", "Action", "推进“一件事一次办”改革", "contributesTo"),
        (LAW + "/goal/1.1", "调整优化政府职能", "Program", "一件事一次办", "implements"),
        (LAW + "/goal/p128", "规范重大行政决策程序", "Action", "制定《南阳市重大行政决策风险评估办法》", "contributesTo"),
        (LAW + "/goal/p128", "规范重大行政决策程序", "Policy", "南阳市重大行政决策风险评估办法", "produces"),
    ]
    # over all reports: each report's rows in turn, reports by IRI; the policy one action issues in 2023's plans
    rows = ask(kg, "goal-contributions")
    assert [r for r in pick(rows, "report", "goal") if r[0] != LAW] == [
        (WORK_2024, WORK_2024 + "/goal/2.1"), (WORK_2024, WORK_2024 + "/goal/2.1"),
        (WORK_2025, WORK_2025 + "/goal/1"), (WORK_2025, WORK_2025 + "/goal/1"), (WORK_2025, WORK_2025 + "/goal/1"),
        (WORK_2025, WORK_2025 + "/goal/2.1")]
    assert ("Policy", "南阳市优化营商环境条例", "produces") in pick(rows, "kind", "node_label", "link")
    assert len(rows) == 11


def test_goal_tree(kg):
    rows = ask(kg, "goal-tree", report=LAW)
    # The purpose goal (no outline number) first; 1 counts the three actions under it and the one number.
    assert pick(rows, "outline", "level", "goal_label", "direct_actions", "actions", "observations") == [
        (None, None, "规范重大行政决策程序", 1, 1, 0),
        ("1", 1, "全面履行政府职能", 0, 3, 1),
        ("1.1", 2, "调整优化政府职能", 2, 2, 1),
        ("1.2", 2, "健全依法决策机制", 0, 1, 0),
    ]
    assert pick(ask(kg, "goal-tree", report=WORK_2025), "outline", "direct_actions", "actions") == [
        ("1", 2, 2), ("2", 0, 1), ("2.1", 1, 1)]
    assert len(ask(kg, "goal-tree")) == 10


def test_goals_without_action(kg):
    rows = ask(kg, "goals-without-action")
    assert pick(rows, "report", "outline", "goal_label", "subgoal_actions") == [
        (WORK_2024, "1", "2023年工作回顾", 0),
        (WORK_2024, "2", "2024年主要目标和重点工作", 1),
        (LAW, "1", "全面履行政府职能", 3),
        (LAW, "1.2", "健全依法决策机制", 1),
        (WORK_2025, "2", "2025年主要目标和重点工作", 1),
    ]


def test_goals_without_numbers(kg):
    # Only the excerpt hangs a number on an action (4776项 on 落实权责清单动态管理机制): its goal and the
    # heading above it are measured, every other goal is not.
    rows = ask(kg, "goals-without-numbers")
    assert pick(rows, "report", "outline", "goal_label", "actions") == [
        (WORK_2024, "1", "2023年工作回顾", 0),
        (WORK_2024, "2", "2024年主要目标和重点工作", 1),
        (WORK_2024, "2.1", "优化营商环境", 1),
        (LAW, None, "规范重大行政决策程序", 1),
        (LAW, "1.2", "健全依法决策机制", 1),
        (WORK_2025, "1", "2024年工作回顾", 2),
        (WORK_2025, "2", "2025年主要目标和重点工作", 1),
        (WORK_2025, "2.1", "扩大有效投资", 1),
    ]


def test_metric_observations(kg):
    # By substring: 生产总值 finds 地区生产总值, the result for 2023, the target for 2024 and its result.
    rows = ask(kg, "metric-observations", metric="生产总值")
    assert pick(rows, "metric_label", "year", "value", "unit", "qualifier", "place", "report") == [
        ("地区生产总值", 2023, Decimal("5.2"), "%", None, "南阳市", WORK_2024),
        ("地区生产总值", 2024, Decimal("6"), "%", "左右", "南阳市", WORK_2024),
        ("地区生产总值", 2024, Decimal("5.8"), "%", None, "南阳市", WORK_2025),
    ]
    rows = ask(kg, "metric-observations", metric="行政权力事项")
    assert pick(rows, "value", "unit", "year", "action_label") == [(Decimal("4776"), "项", 2023, "落实权责清单动态管理机制")]


def test_planned_actions_followup(kg):
    # Before anything is derived, the 2024 plan has a later report (the one reviewing 2024) and the 2025 plan
    # none; the judgement derived (graph/plans.py) finds the policy issued as planned.
    rows = ask(kg, "planned-actions-followup")
    assert pick(rows, "report", "year", "planned_label", "verdict") == [
        (WORK_2024, 2023, "出台《南阳市优化营商环境条例》", "not derived"),
        (WORK_2025, 2024, "实施重大项目攻坚行动", "no later report"),
    ]
    assert derive_follow_through(kg) == 1
    try:
        rows = run(kg.store, load_query("planned-actions-followup"), {})
        assert pick(rows, "planned_label", "later_report", "match_label", "match_sentence", "score", "verdict") == [
            ("出台《南阳市优化营商环境条例》", WORK_2025, "出台《南阳市优化营商环境条例》",
             "市政府出台《南阳市优化营商环境条例》，市司法局开展法治宣传教育。", Decimal("1"), "done"),
            ("实施重大项目攻坚行动", None, None, None, None, "no later report"),
        ]
    finally:
        kg.store.update("DROP SILENT GRAPH <https://w3id.org/govkg/id/derived/follow-through>")


def test_policies_issued(kg):
    # A policy an action plans to issue counts in the year of the plan, as the query is written.
    rows = ask(kg, "policies-issued")
    assert pick(rows, "issued", "report", "policy_label", "agency_label", "by", "action_label") == [
        (2023, LAW, "南阳市重大行政决策风险评估办法", "南阳市人民政府", "performer", "制定《南阳市重大行政决策风险评估办法》"),
        (2024, WORK_2024, "南阳市优化营商环境条例", "南阳市人民政府", "performer", "出台《南阳市优化营商环境条例》"),
        (2024, WORK_2025, "南阳市优化营商环境条例", "南阳市人民政府", "performer", "出台《南阳市优化营商环境条例》"),
    ]
    assert pick(ask(kg, "policies-issued", year="2023"), "policy_label") == [("南阳市重大行政决策风险评估办法",)]
    assert ask(kg, "policies-issued", year="2025").rows == []


def test_programs_goals(kg):
    rows = ask(kg, "programs-goals")
    assert pick(rows, "program", "report", "goal_label", "outline", "actions", "direct") == [
        ("一件事一次办", LAW, "调整优化政府职能", "1.1", 1, "no")]
    assert ask(kg, "programs-goals", program="一件事").rows == []  # the whole label, not a part


def test_report_numbers(kg):
    rows = ask(kg, "report-numbers", report=WORK_2024)
    assert pick(rows, "begin", "label", "value", "unit", "qualifier", "metric_label") == [
        (37, "5.2%", Decimal("5.2"), "%", None, "地区生产总值"),
        (88, "6%左右", Decimal("6"), "%", "左右", "地区生产总值"),
        (104, "7%", Decimal("7"), "%", None, "规模以上工业增加值"),
        (117, "5%", Decimal("5"), "%", None, "一般公共预算收入"),
    ]
    assert len(ask(kg, "report-numbers")) == 8


def test_target_results(kg):
    # The 2024 targets of the report delivered in 2024 against the results the next report gives for 2024:
    # 5.8 meets 6%左右 (within 5% of it), 6.5 misses 7, and 一般公共预算收入 has no result. The question reads
    # the pairs the build derives (graph/targets.py): before they are derived it has no rows.
    assert len(ask(kg, "target-results")) == 0
    assert derive_target_results(kg) == 3
    try:
        rows = run(kg.store, load_query("target-results"), {})
        assert pick(rows, "place", "year", "target_metric", "kind", "target", "qualifier", "result", "met",
                    "outcome") == [
            ("南阳市", 2024, "一般公共预算收入", "GrowthRate", Decimal("5"), None, None, "", "no result"),
            ("南阳市", 2024, "地区生产总值", "GrowthRate", Decimal("6"), "左右", Decimal("5.8"), "yes", "met"),
            ("南阳市", 2024, "规模以上工业增加值", "GrowthRate", Decimal("7"), None, Decimal("6.5"), "no", "missed"),
        ]
        assert {(r["report"], r["result_report"]) for r in rows.records() if r["result"] is not None} == {
            (WORK_2024, WORK_2025)}
        rows = run(kg.store, load_query("target-results"), {"metric": "工业"})
        assert pick(rows, "target_metric", "met", "rule") == [("规模以上工业增加值", "no", "≥ 7")]
    finally:
        kg.store.update("DROP SILENT GRAPH <https://w3id.org/govkg/id/derived/target-results>")


def test_text_search(kg):
    rows = ask(kg, "text-search", text="攻坚")
    assert pick(rows, "report", "kind", "field", "value") == [
        (WORK_2025, "Action", "label", "实施重大项目攻坚行动"),
        (WORK_2025, "Sentence", "sentence", "市政府将实施重大项目攻坚行动。"),
    ]
    rows = ask(kg, "text-search", text="法治", report=WORK_2025)
    assert pick(rows, "kind", "field", "value") == [
        ("Action", "label", "开展法治宣传教育"),
        ("Sentence", "sentence", "市政府出台《南阳市优化营商环境条例》，市司法局开展法治宣传教育。")]
