"""Plan follow-through by meaning (graph/plans.py, `govkg analyze plans`, `govkg derive`, the query).

Two small reports of a county written for these tests: the first plans for 2024 under headings
worded 抓实…, the second reviews 2024 under headings worded 强化….
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from govkg.cli import main
from govkg.extractor import extract
from govkg.graph import plans
from govkg.graph.plans import DERIVED_GRAPH, derive_follow_through, match_score, plan_follow_through
from govkg.errors import ReportNotFound
from govkg.graph.store import open_store
from govkg.queries import load_query, run

PLANS_2023 = """安平县人民政府关于2023年法治政府建设情况的报告

一、2023年工作情况
（一）加强组织领导。全年召开县政府常务会议12次，研究法治政府建设议题。
二、2024年工作安排
（一）抓实法治宣传教育。制定年度普法责任清单，推动领导干部述法工作向基层延伸。
（二）抓实基层执法。组建乡镇综合行政执法队伍。
"""

REVIEW_2024 = """安平县人民政府关于2024年法治政府建设情况的报告

一、2024年工作情况
（一）强化法治宣传教育。印发年度普法责任清单，领导干部述法工作延伸至乡镇基层。
（二）强化安全监管。开展安全生产大检查。
二、2025年工作安排
（一）抓实依法决策。组建乡镇综合行政执法队伍。
"""

R23 = "https://w3id.org/govkg/id/report/安平县/2023/法治政府建设情况的报告"
R24 = "https://w3id.org/govkg/id/report/安平县/2024/法治政府建设情况的报告"


@pytest.fixture(scope="module")
def two_years():
    return extract(PLANS_2023, source="anping-2023.txt") + extract(REVIEW_2024, source="anping-2024.txt")


@pytest.fixture(scope="module")
def rows(two_years):
    return {r["plan"]: r for r in plan_follow_through(two_years, report_year=2023)}


def test_a_plan_is_matched_by_meaning_under_a_changed_heading(rows):
    # 抓实法治宣传教育 became 强化法治宣传教育; 制定 and 印发 are the same kind of act (issue)
    row = rows["制定年度普法责任清单"]
    assert (row["match"], row["verdict"], row["later_report"]) == ("印发年度普法责任清单", "done", R24)
    assert row["score"] == 1.0 and row["reasons"] == ["act", "words"]
    # the same object reworded: 向基层延伸 / 延伸至乡镇基层, found through the done clause's sentence
    row = rows["推动领导干部述法工作向基层延伸"]
    assert row["verdict"] == "done" and "sentence" in row["reasons"]
    assert row["match_sentence"] == "印发年度普法责任清单，领导干部述法工作延伸至乡镇基层。"


def test_a_plan_without_evidence_and_a_plan_of_the_next_report_are_not_done(rows, two_years):
    row = rows["组建乡镇综合行政执法队伍"]
    assert row["verdict"] == "no evidence" and row["score"] < plans.PARTLY
    # the 2024 report plans the same for 2025: a plan is no evidence of last year's plan being done,
    # and no report reviews 2025
    later = [r for r in plan_follow_through(two_years) if r["report"] == R24]
    assert [(r["plan"], r["verdict"], r["score"]) for r in later] == [("组建乡镇综合行政执法队伍", "no later report", None)]


def test_every_match_carries_its_score_and_both_sentences(rows):
    assert set(rows) == {"制定年度普法责任清单", "推动领导干部述法工作向基层延伸", "组建乡镇综合行政执法队伍"}
    for row in rows.values():
        assert row["plan_sentence"] and row["plan"] in row["plan_sentence"]
        assert row["match"] is None or (row["match_sentence"] and row["match"] in row["match_sentence"])
        assert 0 <= row["score"] <= 1
        assert row["verdict"] == plans._verdict(row["score"])


def test_the_result_is_deterministic(two_years):
    first = plan_follow_through(two_years)
    again = plan_follow_through(extract(REVIEW_2024, source="anping-2024.txt")
                                + extract(PLANS_2023, source="anping-2023.txt"))
    assert json.dumps(first, ensure_ascii=False) == json.dumps(again, ensure_ascii=False)


def test_an_unknown_year_and_an_empty_graph():
    from rdflib import Graph

    assert plan_follow_through(Graph()) == []
    with pytest.raises(ReportNotFound, match="no Report '2020'; close: '2023'"):
        plan_follow_through(extract(PLANS_2023, source="anping-2023.txt"), report_year=2020)


def test_scores():
    idf = {"立法": 2.0, "计划": 1.0, "执法": 1.0}
    # all the plan's words and the same act: done
    assert match_score({"立法", "计划"}, {"立法", "计划"}, idf, plan_acts={"issue"}, done_acts={"issue"}) == (
        1.0, ["act", "words"])
    # the same act on another object is nothing
    assert match_score({"立法", "计划"}, {"执法"}, idf, plan_acts={"issue"}, done_acts={"issue"}) == (0.0, [])
    # the rare word weighs more: 立法 alone covers 4 of the plan's 5 (2² + 1²), less half of 执法's 1
    assert match_score({"立法", "计划"}, {"立法", "执法"}, idf) == (round(4 / 5.5, 3), ["words"])
    # a word inside another counts by the length ratio
    assert match_score({"商业街"}, {"商业街区"}, {}) == (0.75, ["words"])
    # the same policy or program
    assert match_score({"条例"}, {"规章"}, {}, plan_links={"p"}, done_links={"p"}) == (plans.LINK_BONUS, ["link"])


def test_verb_classes_are_data_a_user_extends(tmp_path, two_years):
    lex = plans.lexicon()
    assert {"制定", "出台", "印发"} <= {w for w, c in lex.verb_classes.items() if "issue" in c}
    assert lex.verb_classes["建成"] & lex.verb_classes["建设"]
    assert "加强" in lex.ignored and "普法" not in lex.ignored
    # a pattern file without 组建 in a class and with 普法 ignored judges otherwise
    path = tmp_path / "mine.jsonl"
    path.write_text('{"label": "STOP", "pattern": "年度|普法|责任|清单"}\n', encoding="utf-8")
    rows = {r["plan"]: r for r in plan_follow_through(two_years, patterns=path)}
    assert rows["制定年度普法责任清单"]["verdict"] == "no evidence"


def test_derived_graph_feeds_the_query_and_the_cli(tmp_path, two_years):
    store_dir = tmp_path / "kg"
    with open_store(store_dir, writable=True) as kg:
        kg.replace_report(extract(PLANS_2023, source="anping-2023.txt"))
        rows = run(kg.store, load_query("planned-actions-followup"), {"report": R23}).records()
        # the later report is not there yet: nothing can be said
        assert {r["verdict"] for r in rows} == {"no later report"}
        kg.replace_report(extract(REVIEW_2024, source="anping-2024.txt"))
        rows = run(kg.store, load_query("planned-actions-followup"), {"report": R23}).records()
        assert {r["verdict"] for r in rows} == {"not derived"}
        assert derive_follow_through(kg, changed=[R24]) == 3
        assert kg.report_count() == 2  # the derived graph is not a report
        rows = run(kg.store, load_query("planned-actions-followup"), {"report": R23}).records()
    by_plan = {r["planned_label"]: r for r in rows}
    row = by_plan["制定年度普法责任清单"]
    assert (row["verdict"], row["match_label"], float(row["score"])) == ("done", "印发年度普法责任清单", 1.0)
    assert row["plan_sentence"] == "制定年度普法责任清单，推动领导干部述法工作向基层延伸。"
    assert row["match_sentence"] == "印发年度普法责任清单，领导干部述法工作延伸至乡镇基层。"
    assert by_plan["组建乡镇综合行政执法队伍"]["verdict"] == "no evidence"
    # the same as the analysis, plan by plan
    analysis = {r["plan"]: (r["verdict"], r["score"]) for r in plan_follow_through(two_years, report_year=2023)}
    assert {k: (r["verdict"], float(r["score"])) for k, r in by_plan.items()} == analysis

    result = CliRunner().invoke(main, ["analyze", "plans", "--store", str(store_dir), "--year", "2023",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    cli_rows = json.loads(result.output)
    cli_rows = cli_rows["rows"] if isinstance(cli_rows, dict) else cli_rows
    assert cli_rows and all(set(r) >= {"plan", "plan_sentence", "match", "match_sentence", "score", "verdict"}
                            for r in cli_rows)
    result = CliRunner().invoke(main, ["derive", "--store", str(store_dir)])
    assert result.exit_code == 0 and f"{DERIVED_GRAPH}: 3 plan(s)" in result.output


def test_a_rebuilt_report_refreshes_its_links(tmp_path):
    with open_store(tmp_path / "kg", writable=True) as kg:
        kg.replace_report(extract(PLANS_2023, source="anping-2023.txt"))
        kg.replace_report(extract(REVIEW_2024, source="anping-2024.txt"))
        derive_follow_through(kg)
        # the 2024 report now says nothing of the legal-education list
        kg.replace_report(extract(REVIEW_2024.replace("印发年度普法责任清单，", ""), source="anping-2024.txt"))
        derive_follow_through(kg, changed=[R24])
        rows = run(kg.store, load_query("planned-actions-followup"), {"report": R23}).records()
    assert {r["planned_label"]: r["verdict"] for r in rows}["制定年度普法责任清单"] == "no evidence"
    assert len(rows) == 3  # one judgement a plan: the stale one is gone
