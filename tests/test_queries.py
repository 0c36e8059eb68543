"""The SPARQL query library: headers, both engines, known answers, errors, output formats."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Graph

from govkg.extractor import extract, extract_file
from govkg.graph.formats import serialize
from govkg.graph.targets import pair_quads
from govkg.graph.plans import follow_through_quads, plan_follow_through
from govkg.ontology import GK
from govkg.queries import Param, QueryError, Rows, library, load_query, run

DATA = Path(__file__).parent / "data"
REPORTS = sorted((DATA / "corpus").glob("*.txt"))
QUERY_FILES = sorted((Path(__file__).parent.parent / "queries").glob("*.rq"))

# rdflib 7 warns on its own internal use of Dataset.default_context, once per triple matched.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*is deprecated:DeprecationWarning")

ID = "https://w3id.org/govkg/id/"
NANYANG = ID + "report/南阳市/2023/法治政府建设情况的报告"
NANYANG_2024 = ID + "report/南阳市/2024/法治政府建设情况的报告"
MINHANG = ID + "report/闵行区/2018/法治政府建设年度报告"
NEXT_YEAR = ("南阳市人民政府关于2024年法治政府建设情况的报告\n一、工作情况\n"
             "(一)抓实府院联动工作。适时召开府院联动第二次联席会议,建立完善会议纪要落实反馈机制。")

# Parameters for each question, run on both engines (optional ones left out and given).
EXAMPLES = {
    "actions-by-status": [{"status": "Planned"}, {"status": "Completed", "report": NANYANG}],
    "actions-feeding-goal": [{"goal": "调整优化政府职能"},
                             {"goal": "坚持突破创新,持续强化高质量发展的法治保障", "report": NANYANG}],
    "agencies-ranked": [{}, {"report": NANYANG}],
    "agency-actions": [{"agency": "南阳市人民政府"}, {"agency": "市政府", "report": NANYANG}],
    "completeness-claims": [{}, {"report": NANYANG}],
    "goal-contributions": [{"report": NANYANG}, {}],
    "goal-tree": [{"report": NANYANG}, {}],
    "goals-without-action": [{}, {"report": NANYANG}],
    "goals-without-numbers": [{}, {"report": NANYANG}],
    "metric-observations": [{"metric": "出庭应诉率"}, {"metric": "率"}],
    "planned-actions-followup": [{}, {"report": NANYANG}],
    "policies-issued": [{}, {"year": "2023"}, {"year": "2018", "report": MINHANG}],
    "programs-goals": [{}, {"program": "放权赋能改革", "report": NANYANG}],
    "report-numbers": [{"report": NANYANG}, {}],
    "reports": [{}],
    "target-results": [{}, {"metric": "协议"}],
    "text-search": [{"text": "府院联动"}, {"text": "人民政府", "report": NANYANG}],
}

# Questions rdflib takes seconds to answer over the six reports (goal-tree's gk:subGoalOf* path per goal).
RDFLIB_SLOW = {"goal-tree"}


def _quads(graph: Graph) -> str:
    report = graph.value(predicate=RDF.type, object=GK.Report)
    return serialize(graph, "nquads", name=report)


def _backends(documents: list[str]) -> tuple[ox.Store, Dataset]:
    store = ox.Store()
    dataset = Dataset(default_union=True)
    for data in documents:
        store.load(data.encode(), format=ox.RdfFormat.N_QUADS)
        dataset.parse(data=data, format="nquads")
    return store, dataset


@pytest.fixture(scope="module")
def documents() -> list[str]:
    """Each sample report's graph as N-Quads, in its own named graph (the report IRI)."""
    return [_quads(extract_file(path)) for path in REPORTS]


@pytest.fixture(scope="module")
def backends(documents):
    """Both engines, with the target-result pairs `govkg build` derives (graph/targets.py)."""
    store, dataset = _backends(documents)
    derived = "".join(f"{q} .\n" for q in pair_quads(store))
    store.load(derived.encode(), format=ox.RdfFormat.N_QUADS)
    dataset.parse(data=derived, format="nquads")
    return store, dataset


@pytest.fixture(scope="module")
def store(backends) -> ox.Store:
    return backends[0]


@pytest.fixture(scope="module")
def with_next_year(documents):
    """The sample reports plus a tiny Nanyang report for 2024 that does some of 2023's plans, and the links
    `govkg build` derives from them (graph/plans.py) in both engines."""
    store, dataset = _backends(documents + [_quads(extract(NEXT_YEAR, source="nanyang-2024.txt"))])
    derived = "".join(f"{q} .\n" for q in follow_through_quads(plan_follow_through(store)))
    store.load(derived.encode(), format=ox.RdfFormat.N_QUADS)
    dataset.parse(data=derived, format="nquads")
    return store, dataset


def ask(target, name: str, **params) -> Rows:
    return run(target, load_query(name), params)


# -- the files and their headers


def test_the_library_has_the_questions_asked_for():
    names = list(library())
    assert names == sorted(names)
    assert len(names) >= 12
    assert names == [p.stem for p in QUERY_FILES]
    assert set(EXAMPLES) == set(names)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_query_file_parses_and_has_a_complete_header(path):
    spec = load_query(path)
    assert spec.name == path.stem
    assert library()[spec.name].text == spec.text == path.read_text(encoding="utf-8")
    assert re.search(r"[\u4e00-\u9fff]", spec.question_zh) and spec.question_zh.endswith("?")
    assert re.match(r"[A-Z][a-z]", spec.question_en) and spec.question_en.endswith("?")
    head = [line for line in spec.text.splitlines() if line.startswith("#")][:3]
    assert head == [f"# name: {spec.name}", f"# question (zh): {spec.question_zh}",
                    f"# question (en): {spec.question_en}"]
    body = "\n".join(line for line in spec.text.splitlines() if not line.lstrip().startswith("#"))
    used = set(re.findall(r"\?(\w+)", body))
    select = body[body.index("SELECT"): body.index("WHERE")]
    for param in spec.params:
        assert param.description and param.kind in ("string", "iri", "integer")
        assert param.name in used and f"?{param.name}" in select, param.name
        assert param.optional == param.description.startswith("optional")
    assert "ORDER BY" in body


def test_header_parameters_are_read_with_kind_and_optionality():
    spec = load_query("actions-feeding-goal")
    assert spec.params == [
        Param("goal", "the goal's label or altLabel, e.g. 调整优化政府职能", "string", False),
        Param("report", "optional; the report IRI to restrict to", "iri", True),
    ]
    assert load_query("policies-issued").param("year").kind == "integer"
    assert spec.question_zh == "哪些行动、项目和政策服务于某个目标(含其子目标)?"


# -- both engines give the same answer


@pytest.mark.parametrize("name,params", [pytest.param(n, p, id=f"{n}({','.join(p)})",
                                                      marks=pytest.mark.slow if n in RDFLIB_SLOW else ())
                                         for n, ps in EXAMPLES.items() for p in ps])
def test_every_question_gives_the_same_rows_on_pyoxigraph_and_rdflib(backends, name, params):
    store, dataset = backends
    spec = load_query(name)
    expected = run(store, spec, params)
    assert expected.rows, "each example has an answer"
    assert run(dataset, spec, params) == expected
    for param, value in params.items():  # each parameter comes back as a column
        column = expected.column(param)
        assert set(column) == {int(value) if spec.param(param).kind == "integer" else value}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_question_on_an_empty_store_has_no_rows(name):
    spec = load_query(name)
    params = EXAMPLES[name][0]
    assert run(ox.Store(), spec, params).rows == []
    assert run(Dataset(default_union=True), spec, params).rows == []


def test_a_plain_rdflib_graph_can_be_queried_too():
    graph = extract_file(DATA / "corpus" / "nanyang-2023.txt")
    rows = ask(graph, "metric-observations", metric="出庭应诉率")
    assert rows.column("value") == [Decimal("97.8"), Decimal("2.55")]  # the rate, then its growth (issue 11)


# -- known answers, checked by hand against the Nanyang report


def test_actions_feeding_a_goal(store):
    rows = ask(store, "actions-feeding-goal", goal="调整优化政府职能", report=NANYANG).records()
    labels = [r["node_label"] for r in rows]
    assert any(label.startswith("落实权责清单动态管理机制") for label in labels)
    assert {r["depth"] for r in rows} == {0}
    assert {"kind": "Program", "node_label": "放权赋能改革", "link": "implements"}.items() <= next(
        r for r in rows if r["kind"] == "Program").items()
    assert all(r["goal_iri"] == NANYANG + "/goal/2.1.1" for r in rows)


def test_actions_feed_a_heading_through_its_sub_goals_with_their_depth(store):
    rows = ask(store, "actions-feeding-goal", goal="坚持突破创新,持续强化高质量发展的法治保障").records()
    assert {r["report"] for r in rows} == {NANYANG}
    mine = next(r for r in rows if r["node_label"].startswith("落实权责清单动态管理机制"))
    assert (mine["depth"], mine["via_outline"], mine["via_label"]) == (1, "2.1.1", "调整优化政府职能")
    assert {r["via_outline"] for r in rows} == {"2.1.1", "2.1.2", "2.1.3", "2.1.4"}
    top = ask(store, "actions-feeding-goal", goal="聚力重点任务落实,开创法治政府建设工作新局面").records()
    assert next(r for r in top if r["node"] == mine["node"])["depth"] == 2


def test_the_goal_tree_counts_actions_and_numbers_under_each_goal(store):
    rows = {r["outline"]: r for r in ask(store, "goal-tree", report=NANYANG).records()}
    assert rows["2.1.1"]["goal_label"] == "调整优化政府职能"
    assert rows["2.1.1"]["parent"] == NANYANG + "/goal/2.1"
    assert rows["2.1.1"]["level"] == 3
    children = [r for r in rows.values() if r["parent"] == rows["2.1"]["goal"]]
    assert [r["outline"] for r in children] == ["2.1.1", "2.1.2", "2.1.3", "2.1.4"]
    assert rows["2.1"]["direct_actions"] == 0
    assert rows["2.1"]["actions"] == sum(r["actions"] for r in children)
    assert rows["2.1"]["observations"] == sum(r["observations"] for r in children)
    assert rows["2.1.1"]["observations"] >= 3  # 4776项, 421项 ...
    root = rows[None]  # the purpose goal above the outline: every action feeds it
    assert root["goal_label"] == "加快建设现代化省域副中心城市"
    report = ask(store, "reports").records()
    assert root["actions"] == next(r for r in report if r["report"] == NANYANG)["actions"]


def test_goals_without_action_are_the_headings_whose_work_is_under_sub_headings(store):
    rows = ask(store, "goals-without-action", report=NANYANG).records()
    assert [(r["outline"], r["goal_label"]) for r in rows] == [
        ("2", "聚力重点任务落实,开创法治政府建设工作新局面"),
        ("2.1", "坚持突破创新,持续强化高质量发展的法治保障"),
        ("2.2", "坚持源头把控,持续提升依法科学民主决策水平"),
        ("2.3", "坚持依法行政,持续推动严格规范公正文明执法"),
        ("2.4", "坚持刀刃向内,持续强化政府权力的制约监督"),
        ("2.5", "坚持强基固本,全面夯实市域依法治理基础"),
    ]
    tree = {r["goal"]: r for r in ask(store, "goal-tree", report=NANYANG).records()}
    assert {r["goal"] for r in rows} == {g for g, r in tree.items() if r["direct_actions"] == 0}
    assert all(r["subgoal_actions"] == tree[r["goal"]]["actions"] > 0 for r in rows)


def test_goals_without_numbers(store):
    rows = ask(store, "goals-without-numbers", report=NANYANG).records()
    outlines = {r["outline"] for r in rows}
    # the plans for next year carry no numbers; 调整优化政府职能 (4776项 ...) and its heads do
    assert {"4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6"} <= outlines
    assert not outlines & {None, "2", "2.1", "2.1.1"}
    assert "抓实府院联动工作" in {r["goal_label"] for r in rows}
    tree = {r["goal"]: r for r in ask(store, "goal-tree", report=NANYANG).records()}
    assert {r["goal"] for r in rows} == {g for g, r in tree.items() if r["observations"] == 0}
    assert all(r["actions"] == tree[r["goal"]]["actions"] for r in rows)


def test_what_an_agency_did_with_evidence(store):
    rows = ask(store, "agency-actions", agency="南阳市人民政府").records()
    assert {r["agency_iri"] for r in rows} == {ID + "agency/南阳市人民政府"}
    issued = next(r for r in rows if r["action_label"] == "出台《南阳市重大行政决策风险评估办法》")
    assert "南阳市重大行政决策风险评估办法" in issued["evidence"]
    assert issued["status"] == "Completed" and issued["year"] == 2023 and issued["report"] == NANYANG
    assert all(r["action_label"] in r["evidence"] for r in rows)
    # by altLabel: 市政府 is the government of more than one city
    short = ask(store, "agency-actions", agency="市政府").records()
    assert {ID + "agency/南阳市人民政府", ID + "agency/包头市人民政府"} <= {r["agency_iri"] for r in short}
    assert {r["action"] for r in rows} < {r["action"] for r in short}


def test_agencies_ranked_by_actions(store):
    rows = ask(store, "agencies-ranked").records()
    counts = [r["actions"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    for row in (rows[0], next(r for r in rows if r["agency_label"] == "南阳市人民政府")):
        did = {r["action"] for r in ask(store, "agency-actions", agency=row["agency_label"]).records()}
        assert row["actions"] == len(did) > 0
    assert all(r["report"] is None for r in rows)
    nanyang = ask(store, "agencies-ranked", report=NANYANG).records()
    assert {r["agency_label"] for r in nanyang} >= {"南阳市人民政府", "南阳市委"}
    assert "包头市人民政府" not in {r["agency_label"] for r in nanyang}


def test_policies_issued_in_a_year_and_by_whom(store):
    rows = ask(store, "policies-issued", year="2023").records()
    assert {r["issued"] for r in rows} == {2023}
    risk = next(r for r in rows if r["policy_label"] == "南阳市重大行政决策风险评估办法")
    assert (risk["agency_label"], risk["by"]) == ("南阳市人民政府", "performer")
    plan = next(r for r in rows if r["policy_label"] == "南阳市人民政府2023年立法计划")
    assert (plan["agency_label"], plan["by"]) == ("南阳市人民政府", "report issuer")
    minhang = ask(store, "policies-issued", year="2018").records()
    assert [r["policy_label"] for r in minhang] == ["2018年闵行区法治政府建设工作要点与责任分工"]
    assert minhang[0]["agency"] is None  # the Minhang report names no issuer
    assert ask(store, "policies-issued", year="1999").rows == []


def test_programs_and_the_goals_they_serve(store):
    rows = ask(store, "programs-goals", program="放权赋能改革").records()
    assert [(r["goal_label"], r["outline"], r["direct"]) for r in rows] == [("调整优化政府职能", "2.1.1", "no")]
    assert rows[0]["actions"] == 1
    every = ask(store, "programs-goals").records()
    assert "放权赋能改革" in {r["program"] for r in every}
    assert all(r["actions"] > 0 or r["direct"] == "yes" for r in every)


def test_observations_of_a_metric_across_reports(store):
    rows = ask(store, "metric-observations", metric="出庭应诉率").records()
    # 比2022年度增长2.55% is the same indicator's growth, no longer a Metric named 年度 (issue 11)
    assert [(r["metric_label"], r["value"], r["unit"], r["year"], r["place"]) for r in rows] == [
        ("行政机关负责人出庭应诉率", Decimal("97.8"), "%", 2023, "南阳市"),
        ("行政机关负责人出庭应诉率", Decimal("2.55"), "%", 2023, "南阳市")]
    assert "97.8%" in rows[0]["evidence"]
    rates = ask(store, "metric-observations", metric="率").records()
    assert all("率" in r["metric_label"] for r in rates) and len(rates) > 1


def test_completeness_claims(store):
    rows = ask(store, "completeness-claims", report=NANYANG).records()
    full = [r for r in rows if r["claim"] == "100%"]
    # 报备率、审通率均为100%: the list is one subject as the text gives it (issue 11)
    assert {"市政府行政规范性文件报备率、审通率", "重大决策事项合法性审查率", "办结率和满意率", "按期回复回访率"} \
        <= {r["metric_label"] for r in full}
    assert all(r["value"] == 100 and "100%" in r["evidence"] for r in full)
    covered = [r for r in rows if r["claim"] == "全覆盖"]
    assert [r["action_label"] for r in covered] == ["实现全市执法人员理论测试全覆盖"]
    everywhere = ask(store, "completeness-claims").records()
    assert {r["report"] for r in everywhere if r["claim"] == "全覆盖"} >= {NANYANG, ID + "report/包头市/2024/baotou-2024"}


def test_planned_actions_done_the_next_year(with_next_year):
    # Matched by meaning (graph/plans.py), read from the derived graph; the table keeps the plan's and the
    # match's sentences, the score and the verdict.
    store, dataset = with_next_year
    spec = load_query("planned-actions-followup")
    rows = run(store, spec, {"report": NANYANG})
    assert run(dataset, spec, {"report": NANYANG}) == rows
    assert {"planned_label", "plan_sentence", "match_label", "match_sentence", "score", "verdict"} <= set(rows.columns)
    by_plan = {r["planned_label"]: r for r in rows.records()}
    row = by_plan["适时召开府院联动第二次联席会议"]
    assert (row["verdict"], row["match_label"], row["score"]) == ("done", "适时召开府院联动第二次联席会议", Decimal("1"))
    assert row["match_sentence"] == "适时召开府院联动第二次联席会议,建立完善会议纪要落实反馈机制。"
    assert "适时召开府院联动第二次联席会议" in row["plan_sentence"]
    row = by_plan["建立完善会议纪要落实反馈、常态化会商交流、日常协作沟通机制"]
    assert row["verdict"] in ("done", "partly done") and row["match_label"] == "建立完善会议纪要落实反馈机制"
    assert by_plan["推动领导干部年度述法工作向基层延伸"]["verdict"] == "no evidence"
    assert {r["later_report"] for r in rows.records()} == {NANYANG_2024}
    assert {r["verdict"] for r in rows.records()} <= {"done", "partly done", "no evidence"}


def test_without_a_next_year_report_no_plan_is_shown_done(store):
    rows = ask(store, "planned-actions-followup", report=NANYANG).records()
    assert rows and all(r["verdict"] == "no later report" and r["match"] is None for r in rows)
    planned = {r["action"] for r in ask(store, "actions-by-status", status="Planned", report=NANYANG).records()}
    assert {r["planned"] for r in rows} == planned


def test_text_search_over_labels_and_evidence(store):
    rows = ask(store, "text-search", text="府院联动").records()
    assert all("府院联动" in r["value"] for r in rows)
    found = {(r["kind"], r["field"], r["value"]) for r in rows}
    assert ("Goal", "label", "深入推进府院联动工作") in found
    assert ("Action", "label", "适时召开府院联动第二次联席会议") in found
    assert ("Sentence", "sentence", "一是深入推进府院联动工作。") in found
    assert {r["report"] for r in rows} == {NANYANG}
    alt = ask(store, "text-search", text="市政府", report=NANYANG).records()
    assert ("Agency", "altLabel", ID + "agency/南阳市人民政府") in {(r["kind"], r["field"], r["node"]) for r in alt}
    assert ask(store, "text-search", text="no such text").rows == []


def test_reports_and_their_numbers(store):
    reports = ask(store, "reports").records()
    assert len(reports) == len(REPORTS)
    nanyang = next(r for r in reports if r["report"] == NANYANG)
    assert (nanyang["year"], nanyang["place"], nanyang["issuer"]) == (2023, "南阳市", "南阳市人民政府")
    numbers = ask(store, "report-numbers", report=NANYANG).records()
    assert len(numbers) == nanyang["observations"]
    assert [r["begin"] for r in numbers] == sorted(r["begin"] for r in numbers)
    assert Decimal("97.8") in {r["value"] for r in numbers}


def test_actions_by_status(store):
    planned = ask(store, "actions-by-status", status="Planned", report=NANYANG).records()
    assert "适时召开府院联动第二次联席会议" in {r["action_label"] for r in planned}
    assert {r["year"] for r in planned} == {2024}
    # The status is one of the values the query's header allows, given in any case;
    # an unknown one is an error that names them (it used to return no rows without a word).
    lower = ask(store, "actions-by-status", status="planned", report=NANYANG).records()
    assert [r["action"] for r in lower] == [r["action"] for r in planned]
    with pytest.raises(QueryError) as excinfo:
        ask(store, "actions-by-status", status="Sleeping")
    assert _message(excinfo) == (
        "actions-by-status: parameter 'status' must be one of Completed, Ongoing, Planned, not 'Sleeping'")


# -- errors


def _message(excinfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_an_unknown_name_suggests_close_matches():
    with pytest.raises(QueryError) as excinfo:
        load_query("actions-feeding-gaol")
    assert _message(excinfo) == "unknown query 'actions-feeding-gaol'; did you mean actions-feeding-goal?"
    with pytest.raises(QueryError, match="the library has actions-by-status, actions-feeding-goal"):
        load_query("xyzzy")
    with pytest.raises(QueryError, match=r"nope\.rq: no such query file"):
        load_query("nope.rq")


def test_parameters_are_checked(store):
    spec = load_query("actions-feeding-goal")
    with pytest.raises(QueryError) as excinfo:
        run(store, spec, {"goal": "x", "colour": "red"})
    assert _message(excinfo) == "actions-feeding-goal: unknown parameter 'colour'; allowed: goal, report"
    with pytest.raises(QueryError) as excinfo:
        run(store, spec, {"report": NANYANG})
    assert _message(excinfo).startswith("actions-feeding-goal: missing required parameter 'goal'")
    with pytest.raises(QueryError) as excinfo:
        run(store, load_query("policies-issued"), {"year": "二〇二三"})
    assert _message(excinfo) == "policies-issued: parameter 'year' must be an integer, not '二〇二三'"
    with pytest.raises(QueryError, match="must be an absolute IRI"):
        run(store, spec, {"goal": "x", "report": "南阳市"})
    with pytest.raises(QueryError, match="cannot query a dict"):
        run({}, spec, {"goal": "x"})


def test_a_file_that_does_not_parse(tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("# name: broken\nSELECT ?s WHERE { ?s ?p \n", encoding="utf-8")
    with pytest.raises(QueryError) as excinfo:
        load_query(path)
    assert _message(excinfo).startswith(f"{path}: does not parse: ")
    with pytest.raises(QueryError, match="does not parse"):
        load_query(str(path))


def test_a_declared_parameter_must_be_projected(tmp_path):
    path = tmp_path / "hidden.rq"
    path.write_text("# param text: a text (xsd:string)\n"
                    "SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), ?text)) } ORDER BY ?s\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"parameter text is not in the SELECT projection \(add \?text\)"):
        load_query(path)


def test_a_user_file_without_header_runs_and_takes_no_parameters(backends, tmp_path):
    store, dataset = backends
    path = tmp_path / "my-reports.rq"
    path.write_text("PREFIX gk: <https://w3id.org/govkg/def#>\n"
                    "SELECT ?r ?y WHERE { ?r a gk:Report ; gk:year ?y } ORDER BY ?r\n", encoding="utf-8")
    spec = load_query(path)
    assert (spec.name, spec.params, spec.question_en, spec.path) == ("my-reports", [], "", path)
    rows = run(store, spec, {})
    assert len(rows) == len(REPORTS) and rows == run(dataset, spec, {})
    assert NANYANG in rows.column("r") and "2023" in rows.column("y")  # xsd:gYear stays text
    with pytest.raises(QueryError) as excinfo:
        run(store, spec, {"year": "2023"})
    assert _message(excinfo) == "my-reports: unknown parameter 'year'; it takes no parameters"


def test_a_user_file_with_a_header_binds_its_parameters(backends, tmp_path):
    store, dataset = backends
    path = tmp_path / "years.rq"
    path.write_text("# name: reports-of-year\n"
                    "# question (en): Which reports cover a year?\n"
                    "# param year: the year (xsd:integer)\n"
                    "PREFIX gk: <https://w3id.org/govkg/def#>\n"
                    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
                    "SELECT ?year ?r WHERE { ?r gk:year ?y FILTER(xsd:integer(STR(?y)) = ?year) } ORDER BY ?r\n",
                    encoding="utf-8")
    spec = load_query(path)
    assert spec.name == "reports-of-year" and spec.params == [Param("year", "the year", "integer", False)]
    rows = run(store, spec, {"year": "2018"})
    assert rows == run(dataset, spec, {"year": "2018"})
    assert rows.columns == ["year", "r"] and len(rows) == 2 and set(rows.column("year")) == {2018}


def test_ask_and_construct_queries_give_rows(backends, tmp_path):
    store, dataset = backends
    ask_file = tmp_path / "any.rq"
    ask_file.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    assert run(store, load_query(ask_file)) == run(dataset, load_query(ask_file)) == Rows(["ask"], [(True,)])
    construct = tmp_path / "titles.rq"
    construct.write_text("PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                         "CONSTRUCT { ?r dcterms:title ?t } WHERE { ?r dcterms:title ?t }\n", encoding="utf-8")
    rows = run(store, load_query(construct))
    assert rows.columns == ["subject", "predicate", "object"]
    assert sorted(rows.rows) == sorted(run(dataset, load_query(construct)).rows)
    assert (NANYANG, "http://purl.org/dc/terms/title", "南阳市人民政府关于2023年法治政府建设情况的报告") in rows.rows


# -- output formats


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_table_aligns_chinese_by_display_width(store):
    rows = ask(store, "agencies-ranked", report=NANYANG)
    lines = rows.to_table().splitlines()
    assert lines[0].split(" | ")[1].strip() == "agency"
    bars = {tuple(i for i in range(len(line)) if line[i] == "|") for line in lines if "|" in line}
    assert len(bars) > 1  # bars are not at the same character index ...
    positions = {tuple(_display_width(line[:i]) for i in idx) for line, idx in
                 ((line, [i for i, ch in enumerate(line) if ch == "|"]) for line in lines if "|" in line)}
    assert len(positions) == 1  # ... but at the same display column
    table = Rows(["名称", "n", "note"], [("南阳市人民政府", 10, None), ("市委", 2, "两行\n文字")]).to_table()
    assert table.splitlines() == [
        "名称           |  n | note",
        "---------------+----+----------",
        "南阳市人民政府 | 10 |",
        "市委           |  2 | 两行 文字",
    ]


def test_csv_and_json(store):
    rows = ask(store, "metric-observations", metric="出庭应诉率")
    parsed = list(csv.reader(io.StringIO(rows.to_csv())))
    assert parsed[0] == rows.columns and len(parsed) == 3  # the rate and its growth (issue 11)
    record = dict(zip(parsed[0], parsed[1]))
    assert record["value"] == "97.8" and record["qualifier"] == "" and record["year"] == "2023"
    text = rows.to_json()
    assert "行政机关负责人出庭应诉率" in text  # not \\u escapes
    obj = json.loads(text)[0]
    assert obj["value"] == 97.8 and obj["year"] == 2023 and obj["qualifier"] is None
    assert json.loads(Rows(["n"], [(Decimal("100"),)]).to_json()) == [{"n": 100}]
    assert Rows(["a"], []).to_csv() == "a\n" and Rows(["a"], []).to_json() == "[]"


def test_dataframe_needs_pandas(monkeypatch):
    rows = Rows(["a", "b"], [("x", 1)])
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pandas" else real(name, *a))
    with pytest.raises(QueryError, match="^pandas is not installed$"):
        rows.to_dataframe()
    monkeypatch.undo()
    if real("pandas") is not None:
        frame = rows.to_dataframe()
        assert list(frame.columns) == ["a", "b"] and frame.iloc[0]["a"] == "x"
