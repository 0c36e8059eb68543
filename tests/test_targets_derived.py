"""Target-result pairs derived at build time (graph/targets.py `derive_target_results`): the pairs and verdicts
of an invented county's two years, the question reading them equal to `target_results`, the same graph whatever
the build order, and a changed or removed report (of the targets or of the results) refreshing its pairs.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from govkg.extractor import extract
from govkg.graph import targets
from govkg.graph.store import open_store, report_of
from govkg.graph.targets import DERIVED_GRAPH, derive_target_results, target_results
from govkg.queries import load_query, run

# Year Y's report sets the targets for Y; Y+1's reviews Y. Invented places, invented figures.
PLAN = """青川湾县2024年政府工作报告
一、2023年工作回顾
过去一年，全县地区生产总值增长5.8%。
二、2024年工作安排
今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%以上，城镇新增就业5000人以上，居民消费价格涨幅控制在3%左右，单位地区生产总值能耗下降3%，规模以上工业增加值增长6%-7%。
"""
REVIEW = """青川湾县2025年政府工作报告
一、2024年工作回顾
过去一年，全县生产总值增长5.9%，一般公共预算收入增长4.2%，城镇新增就业5600人，居民消费价格上涨3.4%，单位地区生产总值能耗下降2.1%，规模以上工业增加值增长7.5%。
二、2025年工作安排
主要预期目标是：地区生产总值增长5.5%左右。
"""
# The review again, with other figures: the pairs must follow it.
REVIEW_CHANGED = REVIEW.replace("5.9%", "5.1%").replace("4.2%", "5.3%")
# Another place that reviews 2024: its results must not pair with the county's targets.
OTHER = """山海省2025年政府工作报告
一、2024年工作回顾
全省地区生产总值增长4.1%，一般公共预算收入增长6.0%。
"""

GK = "https://w3id.org/govkg/def#"
EXPECTED = {  # target metric: (target, result, met, outcome), all read off the sentences above
    "地区生产总值": (Decimal("6"), Decimal("5.9"), True, "met"),  # 6%左右 allows down to 5.7
    "一般公共预算收入": (Decimal("5"), Decimal("4.2"), False, "missed"),
    "城镇新增就业": (Decimal("5000"), Decimal("5600"), True, "met"),
    "居民消费价格": (Decimal("3"), Decimal("3.4"), False, "missed"),  # a ceiling: 3.15 at most
    "单位地区生产总值能耗": (Decimal("-3"), Decimal("-2.1"), False, "missed"),  # fell less than 3
    "规模以上工业增加值": (Decimal("6"), Decimal("7.5"), True, "exceeded"),  # above the range's top
}


@pytest.fixture(scope="module")
def graphs() -> dict[str, object]:
    out = {}
    for name, text in [("plan.txt", PLAN), ("review.txt", REVIEW), ("changed.txt", REVIEW_CHANGED),
                       ("other.txt", OTHER)]:
        out[name] = extract(text, source=name)
    return out


def iri(graph) -> str:
    return str(report_of(graph))


def pairs(kg) -> dict[str, tuple]:
    """The 2024 targets' metric label → (target, result, met, outcome, target report, result report), read by the
    question."""
    rows = run(kg.store, load_query("target-results"), {}).records()
    return {r["target_metric"]: (r["target"], r["result"], {"yes": True, "no": False, "": None}[r["met"]],
                                 r["outcome"], r["report"], r["result_report"]) for r in rows if r["year"] == 2024}


def derived(kg) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH))}


def store_of(path, graphs, names, *, one_by_one: bool = False):
    kg = open_store(path, writable=True)
    for name in names:
        kg.replace_report(graphs[name])
        if one_by_one:
            derive_target_results(kg, changed=[iri(graphs[name])])
    if not one_by_one:
        derive_target_results(kg, changed=[iri(graphs[n]) for n in names])
    return kg


def test_targets_of_one_year_meet_the_results_of_the_next(tmp_path, graphs):
    with store_of(tmp_path / "kg", graphs, ["plan.txt", "review.txt", "other.txt"]) as kg:
        got = pairs(kg)
        plan, review = iri(graphs["plan.txt"]), iri(graphs["review.txt"])
        assert {m: v[:4] for m, v in got.items()} == EXPECTED
        assert {v[4:] for v in got.values()} == {(plan, review)}  # never the province's results
        rows = run(kg.store, load_query("target-results"), {"metric": "生产总值"}).records()
        assert sorted((r["year"], r["target_metric"]) for r in rows) == [
            (2024, "单位地区生产总值能耗"), (2024, "地区生产总值"), (2025, "地区生产总值")]


def test_the_question_gives_what_graph_targets_gives(tmp_path, graphs):
    with store_of(tmp_path / "kg", graphs, ["plan.txt", "review.txt", "other.txt"]) as kg:
        rows = run(kg.store, load_query("target-results"), {}).records()
        python = target_results(kg)
    assert len(rows) == len(python) > len(EXPECTED)  # the 2025 target (no later report) is a row too
    key = ("target_observation", "result_observation", "target", "upper", "result", "outcome", "rule",
           "target_evidence", "result_evidence")
    assert sorted(tuple(r[k] for k in key) for r in rows) == sorted(tuple(r[k] for k in key) for r in python)
    assert {r["target_observation"]: ("yes" if r["met"] else "no" if r["met"] is False else "") for r in python} == \
        {r["target_observation"]: r["met"] for r in rows}


def test_the_same_reports_give_the_same_graph_in_any_order(tmp_path, graphs):
    names = ["plan.txt", "review.txt", "other.txt"]
    with store_of(tmp_path / "whole", graphs, names) as kg:
        whole = derived(kg)
        derive_target_results(kg)  # from nothing
        assert derived(kg) == whole
    for n, order in enumerate([names, names[::-1], ["review.txt", "plan.txt", "other.txt"]]):
        with store_of(tmp_path / f"order{n}", graphs, order, one_by_one=True) as kg:
            assert derived(kg) == whole, order


def test_a_changed_results_report_refreshes_the_pairs(tmp_path, graphs):
    with store_of(tmp_path / "kg", graphs, ["plan.txt", "review.txt"]) as kg:
        assert iri(graphs["changed.txt"]) == iri(graphs["review.txt"])  # the same report, rewritten
        kg.replace_report(graphs["changed.txt"])
        derive_target_results(kg, changed=[iri(graphs["changed.txt"])])
        got = pairs(kg)
        assert got["地区生产总值"][1:4] == (Decimal("5.1"), False, "missed")  # below 5.7 now
        assert got["一般公共预算收入"][1:4] == (Decimal("5.3"), True, "met")
        with store_of(tmp_path / "scratch", graphs, ["plan.txt", "changed.txt"]) as scratch:
            assert derived(kg) == derived(scratch)


def test_a_removed_report_takes_its_pairs_on_either_side(tmp_path, graphs):
    plan, review = iri(graphs["plan.txt"]), iri(graphs["review.txt"])
    with store_of(tmp_path / "kg", graphs, ["plan.txt", "review.txt"]) as kg:
        kg.remove_report(review)
        derive_target_results(kg, changed=[review])
        got = pairs(kg)
        # the targets stay, without a result, and no report reviews 2024 any more
        assert {v[1:4] for m, v in got.items() if m in EXPECTED} == {(None, None, "no later report")}
        assert not any(review in s or review in o for s, _, o in derived(kg))
        kg.replace_report(graphs["review.txt"])
        derive_target_results(kg, changed=[review])
        assert {m: v[:4] for m, v in pairs(kg).items() if m in EXPECTED} == EXPECTED
        kg.remove_report(plan)
        derive_target_results(kg, changed=[plan])
        assert not any(plan in s or plan in o for s, _, o in derived(kg))
        assert pairs(kg) == {}
        rows = run(kg.store, load_query("target-results"), {}).records()
        assert [(r["year"], r["target_metric"], r["outcome"]) for r in rows] == [(2025, "地区生产总值", "no later report")]
        with store_of(tmp_path / "scratch", graphs, ["review.txt"]) as scratch:
            assert derived(kg) == derived(scratch)


def test_a_change_reads_only_the_reports_of_its_places(tmp_path, graphs, monkeypatch):
    with store_of(tmp_path / "kg", graphs, ["plan.txt", "review.txt", "other.txt"]) as kg:
        read = []
        real = targets._read_report
        monkeypatch.setattr(targets, "_read_report",
                            lambda store, report, known=None: read.append(report) or real(store, report, known))
        derive_target_results(kg, changed=[iri(graphs["other.txt"])])
        assert set(read) == {iri(graphs["other.txt"])}  # the county's reports are not read


def test_a_build_killed_before_pairing_leaves_the_record(tmp_path, graphs):
    review = iri(graphs["review.txt"])
    with store_of(tmp_path / "kg", graphs, ["plan.txt", "review.txt"]) as kg:
        whole = derived(kg)
        # what a build does before it writes a report; killed right after the write, it never pairs
        targets.note_changing(kg, [review])
        kg.replace_report(graphs["changed.txt"])
        assert targets.pending(kg) == [review]
        derive_target_results(kg, changed=[])  # the next build, which changes nothing itself
        assert targets.pending(kg) == []
        assert derived(kg) != whole
        with store_of(tmp_path / "scratch", graphs, ["plan.txt", "changed.txt"]) as scratch:
            assert derived(kg) == derived(scratch)


def test_a_graph_of_another_model_is_made_again(tmp_path, graphs):
    with store_of(tmp_path / "kg", graphs, ["plan.txt", "review.txt"]) as kg:
        whole = derived(kg)
        stamp = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
        graph = ox.NamedNode(DERIVED_GRAPH)
        for q in list(kg.store.quads_for_pattern(graph, stamp, None, graph)):
            kg.store.remove(q)
        kg.store.add(ox.Quad(graph, stamp, ox.Literal("target-results 0 old"), graph))
        kg.store.add(ox.Quad(ox.NamedNode("urn:stale"), ox.NamedNode(GK + "target"), ox.NamedNode("urn:x"), graph))
        derive_target_results(kg, changed=[])
        assert derived(kg) == whole


def test_a_store_never_paired_is_paired_whole_by_its_first_change(tmp_path, graphs):
    # reports stored by a govkg that did not derive pairs (or loaded): the first change pairs everything
    with store_of(tmp_path / "whole", graphs, ["plan.txt", "review.txt", "other.txt"]) as kg:
        whole = derived(kg)
    with open_store(tmp_path / "kg", writable=True) as kg:
        for name in ("plan.txt", "review.txt"):
            kg.replace_report(graphs[name])
        kg.replace_report(graphs["other.txt"])
        derive_target_results(kg, changed=[iri(graphs["other.txt"])])
        assert derived(kg) == whole


def test_a_build_pairs_from_what_its_workers_read_as_the_store_would(tmp_path, monkeypatch):
    """The workers read each report's observations from its N-Triples (`targets.observations_input`): the
    build's pairing reads no report's observations back from the store, and pairs as a derivation reading
    the store does (the labels of metrics and places only are read from the store, every report's)."""
    from govkg.graph.build import build_reports

    texts = tmp_path / "texts"
    texts.mkdir()
    for name, text in [("plan.txt", PLAN), ("review.txt", REVIEW), ("other.txt", OTHER)]:
        (texts / name).write_text(text, encoding="utf-8")
    read = []
    real = targets._read_rows
    with open_store(tmp_path / "kg", writable=True) as kg:
        # rows read from the build's store (not from a worker's graph in memory) are noted
        monkeypatch.setattr(targets, "_read_rows", lambda store, report: (
            read.append(report) if store is kg.store else None, real(store, report))[1])
        build_reports(kg, [texts])
        assert read == []
        built = derived(kg)
        assert {m: v[:4] for m, v in pairs(kg).items() if m in EXPECTED} == EXPECTED
        derive_target_results(kg)  # from nothing, reading the store
        assert sorted(read) == sorted(r.iri for r in kg.reports()) and len(read) == 2  # (other.txt is too short)
        assert derived(kg) == built
