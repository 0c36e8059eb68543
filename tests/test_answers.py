"""Stored answers (govkg.queries.answers): the build keeps each report's answer to the per-report questions,
and a question read from them answers exactly as SPARQL over the store does."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from conftest import CORPUS
from govkg.graph.build import build_reports
from govkg.graph.shared import ANSWERS_PREFIX, DERIVED_PREFIX, is_report_graph
from govkg.graph.store import open_store
from govkg.queries import check_params, library
from govkg.queries.answers import _sorted_rows, is_stored, stored_tsv, variants
from govkg.queries.composed import composed_tsv
from govkg.queries.precompute import refresh_answers, report_answers, stale_answers
from govkg.queries.engines import _asker, oxigraph_query

TSV = ox.QueryResultsFormat.TSV


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The six sample reports built as `govkg build` builds them, stored answers included."""
    path = tmp_path_factory.mktemp("answers") / "kg"
    with open_store(path, writable=True) as kg:
        summary = build_reports(kg, [CORPUS], answers=report_answers)
        assert refresh_answers(kg) == 6  # the follow-through question's answers, made after the judgements
    assert summary.count("built") == 6
    return path


def _reports(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if is_report_graph(g.value))


def _sparql(store, spec, values) -> bytes:
    return oxigraph_query(store, spec, values, stored=False).serialize(format=TSV)


def _asked(spec, variant, report=None):
    return check_params(spec, {**variant, **({"report": report} if report else {})})


def _assert_stored_as_sparql(store, spec, reports) -> None:
    """Each report's stored answer, and the answer over all reports, is SPARQL's to the byte."""
    for report in [*reports, None]:
        values = _asked(spec, {}, report)
        assert stored_tsv(store, spec, values).encode("utf-8") == _sparql(store, spec, values)


def _write_reports(folder, texts: dict[str, str]):
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_every_stored_question_answers_as_sparql_over_one_report_and_over_all(built):
    store = ox.Store.read_only(str(built / "oxigraph"))
    reports = _reports(store)
    stored = [spec for spec in library().values() if is_stored(spec)]
    assert {"actions-by-status", "goal-tree", "report-numbers"} <= {spec.name for spec in stored}
    rows_compared = 0
    for spec in stored:
        for variant in variants(spec):
            for report in [*reports, None]:
                values = _asked(spec, variant, report)
                tsv = stored_tsv(store, spec, values)
                assert tsv is not None, (spec.name, variant, report)
                answer = oxigraph_query(store, spec, values).serialize(format=TSV)
                assert answer == tsv.encode("utf-8")
                assert answer == _sparql(store, spec, values), (spec.name, variant, report)
                rows_compared += answer.count(b"\n") - 1
    assert rows_compared > 1000  # real answers compared, not empty ones


def test_whole_store_answers_sorted_as_the_query_orders_them(built):
    # programs-goals orders by program first, not by report: the reports' answers are merged, not appended.
    store = ox.Store.read_only(str(built / "oxigraph"))
    spec = library()["programs-goals"]
    tsv = stored_tsv(store, spec, {})
    lines = tsv.splitlines()[1:]
    programs = [line.split("\t")[0] for line in lines]
    assert programs == sorted(programs) and len({line.split("\t")[2] for line in lines}) >= 3


def test_counts_across_reports_are_summed(built):
    # agencies-ranked over all reports counts an agency's actions in every report and the reports themselves
    store = ox.Store.read_only(str(built / "oxigraph"))
    spec = library()["agencies-ranked"]
    assert spec.rows == "summed over reports"
    whole = list(ox.parse_query_results(stored_tsv(store, spec, {}), TSV))
    per_report = [s for r in _reports(store) for s in ox.parse_query_results(stored_tsv(store, spec, _asked(spec, {}, r)), TSV)]
    agency = whole[0]["agency"]
    mine = [s for s in per_report if s["agency"] == agency]
    assert whole[0]["report"] is None
    assert int(whole[0]["actions"].value) == sum(int(s["actions"].value) for s in mine)
    assert int(whole[0]["reports"].value) == len(mine)


def test_sorting_follows_sparql_order_numbers_by_value_and_desc():
    header = "?n\t?s"
    rows = ["10\t\"b\"", "9\t\"a\"", "\t\"c\"", "10\t\"a\""]
    assert _sorted_rows(header, rows, [("n", True), ("s", False)]) == ["10\t\"a\"", "10\t\"b\"", "9\t\"a\"", "\t\"c\""]
    assert _sorted_rows(header, rows, [("n", False), ("s", False)])[:2] == ["\t\"c\"", "9\t\"a\""]


def test_an_answer_made_by_another_text_of_the_question_is_not_read(built):
    store = ox.Store.read_only(str(built / "oxigraph"))
    spec = library()["goal-tree"]
    assert stored_tsv(store, spec, {}) is not None
    edited = dataclasses.replace(spec, text=spec.text.replace("ORDER BY ?report", "ORDER BY  ?report"))
    assert stored_tsv(store, edited, {}) is None
    # the SPARQL answer is the same: the edit only spaced the text
    assert oxigraph_query(store, edited, {}).serialize(format=TSV) == _sparql(store, spec, {})


def test_a_parameter_neither_stored_nor_a_filter_asks_sparql(built):
    import dataclasses

    store = ox.Store.read_only(str(built / "oxigraph"))
    spec = library()["programs-goals"]
    report = _reports(store)[0]
    assert stored_tsv(store, spec, _asked(spec, {"program": "x"}, report)) is not None  # a # filter parameter
    unfiltered = dataclasses.replace(spec, filters={})  # the same question without its # filter line
    assert stored_tsv(store, unfiltered, _asked(unfiltered, {}, report)) is not None
    assert stored_tsv(store, unfiltered, _asked(unfiltered, {"program": "x"}, report)) is None


def test_answers_go_with_their_report_and_a_report_without_them_means_sparql(built, tmp_path):
    import shutil

    copy = tmp_path / "kg"
    shutil.copytree(built, copy)
    spec = library()["goal-tree"]
    with open_store(copy, writable=True) as kg:
        reports = _reports(kg.store)
        first, second = reports[0], reports[1]
        # a report written without answers (as `govkg load` writes one): its old answers go with it
        kg.replace_ntriples(first, kg.report_ntriples(first))
        assert stored_tsv(kg.store, spec, _asked(spec, {}, first)) is None
        assert stored_tsv(kg.store, spec, {}) is None  # the whole store is not covered any more
        assert stored_tsv(kg.store, spec, _asked(spec, {}, second)) is not None
        assert oxigraph_query(kg.store, spec, {}).serialize(format=TSV) == _sparql(kg.store, spec, {})
        # written again with them: read again, and equal to SPARQL
        kg.replace_ntriples(first, kg.report_ntriples(first), answers=report_answers(first, kg.report_ntriples(first)))
        assert stored_tsv(kg.store, spec, {}).encode("utf-8") == _sparql(kg.store, spec, {})
        for report in reports:
            kg.remove_report(report)
        assert not [q for q in kg.store.quads_for_pattern(None, None, None, None)
                    if not q.graph_name.value.startswith(DERIVED_PREFIX) or q.graph_name.value.startswith(ANSWERS_PREFIX)]
        assert not [g for g in kg.store.named_graphs() if g.value.startswith(ANSWERS_PREFIX)]


def test_answers_must_go_in_an_answers_graph(built, tmp_path):
    from govkg.graph.store import StoreError

    with open_store(tmp_path / "kg", writable=True) as kg, pytest.raises(StoreError, match="answers"):
        kg.replace_ntriples("urn:r", "<urn:a> <urn:b> <urn:c> .\n", answers={"urn:elsewhere": "x"})


def test_answers_made_by_an_older_question_are_made_again(built, tmp_path):
    import shutil

    from govkg.queries.answers import answers_graph
    from govkg.queries.precompute import refresh_answers, stale_reports

    copy = tmp_path / "kg"
    shutil.copytree(built, copy)
    spec = library()["goal-tree"]
    with open_store(copy, writable=True) as kg:
        assert stale_reports(kg.store) == []
        report = _reports(kg.store)[2]
        kg.replace_answers(report, {answers_graph(spec, {}): "an older version\n?report\n"})
        assert stale_reports(kg.store) == [report]
        assert stored_tsv(kg.store, spec, {}) is None
        assert refresh_answers(kg) == 1
        assert stale_reports(kg.store) == []
        assert stored_tsv(kg.store, spec, {}).encode("utf-8") == _sparql(kg.store, spec, {})


def test_follow_through_answers_are_made_after_the_judgements_and_dropped_when_they_change(tmp_path):
    from test_plans_incremental import ANPING_2023, ANPING_2024

    texts = _write_reports(tmp_path / "reports", {"anping-2023.txt": ANPING_2023, "anping-2024.txt": ANPING_2024})
    spec = library()["planned-actions-followup"]
    with open_store(tmp_path / "kg", writable=True) as kg:
        build_reports(kg, [texts], answers=report_answers)
        reports = _reports(kg.store)
        # the questions that read a derived graph: their answers are made after it is
        assert [s.name for s in stale_answers(kg.store)[reports[0]]] == ["planned-actions-followup", "target-results"]
        assert stored_tsv(kg.store, spec, {}) is None  # not made yet: SPARQL answers
        assert refresh_answers(kg) == 2
        _assert_stored_as_sparql(kg.store, spec, reports)
        verdicts = [row[-1] for row in read_rows(stored_tsv(kg.store, spec, {}))]
        assert "done" in verdicts and "no later report" in verdicts
        # the later report changes: the earlier report's plans are judged again, their old answer goes
        (texts / "anping-2024.txt").write_text(ANPING_2024.replace("述法工作延伸至乡镇基层", "述法工作稳步推进"), encoding="utf-8")
        build_reports(kg, [texts], answers=report_answers)
        earlier = min(reports, key=lambda r: "2023" not in r)
        assert stored_tsv(kg.store, spec, _asked(spec, {}, earlier)) is None
        refresh_answers(kg)
        _assert_stored_as_sparql(kg.store, spec, reports)


def test_target_results_answers_are_made_after_the_pairs_and_dropped_when_they_change(tmp_path):
    from test_targets_derived import PLAN, REVIEW, REVIEW_CHANGED

    texts = _write_reports(tmp_path / "reports", {"plan.txt": PLAN, "review.txt": REVIEW})
    spec = library()["target-results"]
    with open_store(tmp_path / "kg", writable=True) as kg:
        build_reports(kg, [texts], answers=report_answers)
        reports = _reports(kg.store)
        assert stored_tsv(kg.store, spec, {}) is None  # not made yet: SPARQL answers
        assert refresh_answers(kg) == 2
        _assert_stored_as_sparql(kg.store, spec, reports)
        outcomes = [row[12] for row in read_rows(stored_tsv(kg.store, spec, {}))]
        assert sorted(outcomes) == ["exceeded", "met", "met", "missed", "missed", "missed", "no later report"]
        # the results' report changes: the targets' report's answer goes with the pairs it was made from
        (texts / "review.txt").write_text(REVIEW_CHANGED, encoding="utf-8")
        build_reports(kg, [texts], answers=report_answers)
        planning = min(reports, key=lambda r: "2024" not in r)
        assert stored_tsv(kg.store, spec, _asked(spec, {}, planning)) is None
        refresh_answers(kg)
        _assert_stored_as_sparql(kg.store, spec, reports)
        assert sorted(row[12] for row in read_rows(stored_tsv(kg.store, spec, {}))) == [
            "exceeded", "met", "met", "missed", "missed", "missed", "no later report"]  # 5.1 misses, 5.3 meets


def read_rows(tsv: str) -> list[tuple]:
    from govkg.queries.engines import _cell_value
    from govkg.queries.tsv import read_tsv

    return read_tsv(tsv, _cell_value)[1]


def test_a_workers_answers_are_the_engines_on_the_report_alone():
    # The workers ask with the parameters substituted only (no VALUES row): the same bytes as the library's
    # engine, which also opens the pattern with them, for every report-scoped question and variant.
    from govkg.extractor import doc_to_ntriples, process, report_iri
    from govkg.queries.answers import answers_graph
    from govkg.queries.precompute import _alone_answers, _answers, _stored

    compared = 0
    for path in sorted(CORPUS.glob("*.txt")):
        doc = process(path.read_text(encoding="utf-8"))
        nt = doc_to_ntriples(doc, source=str(path))
        report = str(report_iri(doc._.govkg, str(path)))
        store = ox.Store()
        store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(report))
        specs = [spec for spec in _stored() if not spec.derived]
        fast, engine = _alone_answers(store, report, specs), _answers(store, report, specs)
        assert fast == engine
        assert set(fast) == {answers_graph(spec, v) for spec in specs for v in variants(spec)}
        compared += sum(text.count("\n") - 2 for text in fast.values())  # the version and header lines apart
    assert compared > 500  # rows, not empty answers


def test_a_filter_parameter_is_read_from_the_stored_rows_as_sparql_answers_it(built):
    store = ox.Store.read_only(str(built / "oxigraph"))
    reports = _reports(store)
    asked = {"programs-goals": ["program", ["放权赋能改革", "一件事一次办", "没有这个项目"]],
             "policies-issued": ["year", [2023, 2022, 1999]],
             "target-results": ["metric", ["率", "生产总值", "没有这个指标"]]}
    rows = 0
    for name, (param, values) in asked.items():
        spec = library()[name]
        assert param in spec.filters
        for value in values:
            for report in [*reports, None]:
                checked = _asked(spec, {param: str(value)}, report)
                tsv = stored_tsv(store, spec, checked)
                assert tsv is not None, (name, value, report)
                assert tsv.encode("utf-8") == _sparql(store, spec, checked), (name, value, report)
                rows += tsv.count("\n") - 1
    assert rows > 20  # rows kept by the filters, not only empty answers


# -- actions-feeding-goal, joined from goal-contributions' stored answers (govkg.queries.composed)


def _composed(store: ox.Store, spec, values) -> str | None:
    return composed_tsv(store, spec, values, _asker(store, spec, values))


def _goal_names(store: ox.Store) -> list[str]:
    """Every goal's label and altLabel in the store."""
    q = ("SELECT DISTINCT ?name WHERE { ?g a <https://w3id.org/govkg/def#Goal> ; "
         "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?name }")
    return sorted(row["name"].value for row in store.query(q, use_default_graph_as_union=True))


def test_actions_feeding_goal_joined_from_stored_contributions_is_sparqls_answer(built):
    store = ox.Store.read_only(str(built / "oxigraph"))
    spec = library()["actions-feeding-goal"]
    names = _goal_names(store)
    assert len(names) >= 50
    rows, deeper, reports = 0, 0, _reports(store)
    for name in names:
        for report in [None, *reports]:
            values = _asked(spec, {"goal": name}, report)
            composed = _composed(store, spec, values)
            assert composed is not None, (name, report)
            sparql = _sparql(store, spec, values)
            assert composed.encode("utf-8") == sparql, (name, report)  # the same rows in the same order
            assert oxigraph_query(store, spec, values).serialize(format=TSV) == sparql
            if report is None:
                rows += sparql.count(b"\n") - 1
                deeper += sum(1 for line in sparql.decode().split("\n")[1:-1] if int(line.split("\t")[3]) >= 2)
    assert rows > 500 and deeper > 0  # whole chapters compared, through sub-goals two steps down and more


def test_actions_feeding_goal_asks_sparql_without_every_reports_contributions(built, tmp_path):
    import shutil

    copy = tmp_path / "kg"
    shutil.copytree(built, copy)
    spec = library()["actions-feeding-goal"]
    with open_store(copy, writable=True) as kg:
        goal, report = next(
            (row["name"].value, row["report"].value) for row in kg.store.query(
                "SELECT ?name ?report WHERE { ?g <https://w3id.org/govkg/def#subGoalOf> ?top . "
                "?top <http://www.w3.org/2000/01/rdf-schema#label> ?name ; <https://w3id.org/govkg/def#inReport> ?report }"
                " ORDER BY ?name LIMIT 1", use_default_graph_as_union=True))
        values = _asked(spec, {"goal": goal})
        answer = _composed(kg.store, spec, values)
        assert answer is not None and answer.count("\n") > 2
        # the question edited by a user (a space more) is asked as written
        edited = dataclasses.replace(spec, text=spec.text.replace("ORDER BY ?report", "ORDER BY  ?report"))
        assert _composed(kg.store, edited, values) is None
        assert oxigraph_query(kg.store, edited, values).serialize(format=TSV).decode() == answer
        # the goal's report written without answers: its contributions are not stored, SPARQL answers
        kg.replace_ntriples(report, kg.report_ntriples(report))
        assert _composed(kg.store, spec, values) is None
        assert oxigraph_query(kg.store, spec, values).serialize(format=TSV).decode() == answer
        # a goal of no report that stores nothing: no row either way
        assert _composed(kg.store, spec, _asked(spec, {"goal": "不存在的目标"})).count("\n") == 1


def test_a_sub_goal_with_two_labels_has_its_rows_sorted_whole(built, tmp_path):
    import shutil

    from govkg.queries.answers import _order_keys
    from govkg.queries.tsv import sort_key

    copy = tmp_path / "kg"
    shutil.copytree(built, copy)
    spec = library()["actions-feeding-goal"]
    keys = _order_keys(spec.text)
    with open_store(copy, writable=True) as kg:
        # a goal, and one of its sub-goals with two contributors or more, beside another sub-goal with some
        top, name, sub = next((row["top"], row["name"].value, row["sub"]) for row in kg.store.query(
            "PREFIX gk: <https://w3id.org/govkg/def#> SELECT ?top ?name ?sub WHERE { ?sub gk:subGoalOf ?top . "
            "?top <http://www.w3.org/2000/01/rdf-schema#label> ?name . ?x gk:contributesTo ?sub . "
            "?x2 gk:contributesTo ?sub . FILTER(?x != ?x2) "
            "?y gk:contributesTo ?sibling . ?sibling gk:subGoalOf ?top . FILTER(?sibling != ?sub) } "
            "ORDER BY ?name ?sub LIMIT 1", use_default_graph_as_union=True))
        before = _composed(kg.store, spec, _asked(spec, {"goal": name}))
        # a second label (which the writer never gives), beside the report's own: its rows tie on every key
        graph = next(q.graph_name for q in kg.store.quads_for_pattern(sub, None, None, None))
        kg.store.add(ox.Quad(sub, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("甲"), graph))
        values = _asked(spec, {"goal": name})
        after = _composed(kg.store, spec, values)
        assert after is not None and after.count("\n") > before.count("\n")  # the sub-goal's rows twice
        lines = after.split("\n")[1:-1]
        assert sorted(lines) == sorted(_sparql(kg.store, spec, values).decode().split("\n")[1:-1])
        names = [n[1:] for n in after.split("\n")[0].split("\t")]
        ranked = [[sort_key(line.split("\t")[names.index(k)]) for k, _ in keys] for line in lines]
        assert ranked == sorted(ranked)  # in the question's order, the twin rows of a contributor side by side
        # each row of the second label next to its twin (equal keys): sorted whole, not sub-goal row after row
        twins = [i for i, line in enumerate(lines) if '\t"甲"\t' in line]
        assert len(twins) >= 2
        assert all(ranked[i] in (ranked[i - 1], ranked[(i + 1) % len(lines)]) for i in twins)
        assert all(twins[k + 1] - twins[k] == 2 for k in range(len(twins) - 1))
        # the report's answers made again: goal-contributions gives the sub-goal's contributors once a label
        kg.replace_answers(graph.value, report_answers(graph.value, kg.report_ntriples(graph.value)))
        again = _composed(kg.store, spec, values)
        assert again is not None and len(set(again.split("\n"))) == len(again.split("\n"))  # no row twice
        assert sorted(again.split("\n")[1:-1]) == sorted(lines)
