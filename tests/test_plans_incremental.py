"""Follow-through derived report by report (graph/plans.py `derive_follow_through`): the same reports give the
same derived graph whatever the order they were built in, a removed report takes its judgements with it, and a
change reads only the reports of its own place.

Two counties, reports written for these tests: 安平县 for 2023 (plans for 2024), 2024 and 2025; 饶阳县 for 2023,
whose plans part is headed 2025 (its plans are for 2025, not 2024), and 2025.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from govkg.extractor import extract
from govkg.graph import plans
from govkg.graph.plans import DERIVED_GRAPH, derive_follow_through, model_stamp
from govkg.graph.store import open_store, report_of
from test_plans import PLANS_2023, REVIEW_2024

# The pair of reports tests/test_plans.py judges: 2024 reviews what 2023 planned.
ANPING_2023, ANPING_2024 = PLANS_2023, REVIEW_2024

ANPING_2025 = """安平县人民政府关于2025年法治政府建设情况的报告

一、2025年工作情况
（一）强化依法决策。组建乡镇综合行政执法队伍，实现乡镇全覆盖。
二、2026年工作安排
（一）抓实执法监督。开展行政执法案卷评查。
"""

RAOYANG_2023 = """饶阳县人民政府关于2023年法治政府建设情况的报告

一、2023年工作情况
（一）加强组织领导。全年召开县政府常务会议10次。
二、2025年工作安排
（一）抓实法治文化建设。建设县级法治文化公园。
"""

RAOYANG_2025 = """饶阳县人民政府关于2025年法治政府建设情况的报告

一、2025年工作情况
（一）强化法治文化建设。建成县级法治文化公园。
二、2026年工作安排
（一）抓实执法监督。开展行政执法案卷评查。
"""

ID = "https://w3id.org/govkg/id/report/"
A23, A24, A25 = (f"{ID}安平县/{y}/法治政府建设情况的报告" for y in (2023, 2024, 2025))
R23, R25 = (f"{ID}饶阳县/{y}/法治政府建设情况的报告" for y in (2023, 2025))
TEXTS = {A23: ANPING_2023, A24: ANPING_2024, A25: ANPING_2025, R23: RAOYANG_2023, R25: RAOYANG_2025}
GK = "https://w3id.org/govkg/def#"


@pytest.fixture(scope="module")
def graphs():
    out = {iri: extract(text, source=f"{iri.split('/')[-3]}-{iri.split('/')[-2]}.txt") for iri, text in TEXTS.items()}
    assert {iri: str(report_of(g)) for iri, g in out.items()} == {iri: iri for iri in TEXTS}
    return out


def derived(kg) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in kg.store.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH))}


def verdicts(kg) -> dict[tuple[str, str], str]:
    """(plan's report, later report) → verdicts, from the derived graph."""
    out: dict[tuple[str, str], list[str]] = {}
    graph = ox.NamedNode(DERIVED_GRAPH)
    for q in kg.store.quads_for_pattern(None, ox.NamedNode(GK + "verdict"), None, graph):
        later = next(kg.store.quads_for_pattern(q.subject, ox.NamedNode(GK + "laterReport"), None, graph)).object.value
        plan = q.subject.value.removesuffix("/follow-through")
        report = next(r for r in TEXTS if plan.startswith(r + "/"))
        out.setdefault((report, later), []).append(q.object.value)
    return {k: sorted(v) for k, v in out.items()}


def from_scratch(tmp_path, graphs, iris) -> set:
    with open_store(tmp_path / "scratch", writable=True) as kg:
        for iri in iris:
            kg.replace_report(graphs[iri])
        derive_follow_through(kg)
        return derived(kg)


def test_the_same_reports_give_the_same_graph_in_any_order(tmp_path, graphs):
    whole = from_scratch(tmp_path, graphs, sorted(TEXTS))
    with open_store(tmp_path / "whole", writable=True) as kg:
        for iri in sorted(TEXTS):
            kg.replace_report(graphs[iri])
        derive_follow_through(kg, changed=sorted(TEXTS))  # a build of all at once
        assert derived(kg) == whole
        assert verdicts(kg) == {(A23, A24): ["done", "done", "no evidence"], (A24, A25): ["done"],
                                (R23, R25): ["done"]}
    for n, order in enumerate([[A23, A24, A25, R23, R25], [R25, A25, A24, R23, A23], [A24, R23, A23, R25, A25]]):
        with open_store(tmp_path / f"order{n}", writable=True) as kg:
            for iri in order:  # one build a report
                kg.replace_report(graphs[iri])
                derive_follow_through(kg, changed=[iri])
            assert derived(kg) == whole, order
    with open_store(tmp_path / "two-builds", writable=True) as kg:
        for batch in ([A23, A25, R25], [A24, R23]):
            for iri in batch:
                kg.replace_report(graphs[iri])
            derive_follow_through(kg, changed=batch)
        assert derived(kg) == whole


def test_a_removed_report_takes_its_judgements_and_those_against_it(tmp_path, graphs):
    with open_store(tmp_path / "kg", writable=True) as kg:
        for iri in TEXTS:
            kg.replace_report(graphs[iri])
        derive_follow_through(kg)
        kg.remove_report(A24)
        derive_follow_through(kg, changed=[A24])
        # 2023's plans have no later report now, and 2024's plans are gone with it
        assert not any(A24 in s or A24 in o for s, _, o in derived(kg))
        assert verdicts(kg) == {(R23, R25): ["done"]}
        assert derived(kg) == from_scratch(tmp_path, graphs, [A23, A25, R23, R25])


def test_a_change_reads_only_the_reports_it_can_touch(tmp_path, graphs, monkeypatch):
    with open_store(tmp_path / "kg", writable=True) as kg:
        for iri in TEXTS:
            kg.replace_report(graphs[iri])
        derive_follow_through(kg)
        read = []
        original = plans._read_actions
        monkeypatch.setattr(plans, "_read_actions", lambda store, options, report, year: (
            read.append(report), original(store, options, report, year))[1])
        kg.replace_report(extract(ANPING_2025.replace("，实现乡镇全覆盖", ""), source="安平县-2025.txt"))
        assert derive_follow_through(kg, changed=[A25]) == 1  # 2024's one plan, judged again
        # the report itself and the one whose plans it reviews; not 2023 (its plans are for 2024), not 饶阳县
        assert sorted(read) == [A24, A25]
        read.clear()
        # 饶阳县 2025 reviews the plans of 2023, whose plans part is headed 2025: they are judged again
        assert derive_follow_through(kg, changed=[R25]) == 1
        assert sorted(read) == [R23, R25]


def test_a_graph_made_by_another_model_is_derived_again_whole(tmp_path, graphs):
    mine = tmp_path / "mine.jsonl"
    mine.write_text('{"label": "STOP", "pattern": "年度|普法|责任|清单"}\n', encoding="utf-8")
    whole = from_scratch(tmp_path, graphs, sorted(TEXTS))
    with open_store(tmp_path / "kg", writable=True) as kg:
        for iri in TEXTS:
            kg.replace_report(graphs[iri])
        derive_follow_through(kg, patterns=mine)
        assert verdicts(kg)[A23, A24] == ["done", "no evidence", "no evidence"]
        stamp = ox.Quad(ox.NamedNode(DERIVED_GRAPH), ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo"),
                        ox.Literal(model_stamp(plans.lexicon(str(mine)))), ox.NamedNode(DERIVED_GRAPH))
        assert stamp in kg.store
        # a change in 饶阳县 with the bundled word lists: 安平县's judgements are made again with them too
        derive_follow_through(kg, changed=[R25])
        assert derived(kg) == whole
        # a graph without a stamp (made before stamps, or a derivation stopped midway) is made again whole
        kg.store.remove(next(kg.store.quads_for_pattern(None, ox.NamedNode(GK + "verdict"), None, None)))
        kg.store.remove(next(kg.store.quads_for_pattern(ox.NamedNode(DERIVED_GRAPH), None, None, None)))
        derive_follow_through(kg, changed=[R25])
        assert derived(kg) == whole


def test_a_build_judges_from_what_its_workers_read_as_the_store_would(tmp_path, graphs, monkeypatch):
    """The workers read each report's actions from its N-Triples (`plans.actions_input`): the build reads
    none back from the store, and judges as a derivation reading the store does."""
    from govkg.graph.build import build_reports

    texts = tmp_path / "texts"
    texts.mkdir()
    for iri, text in TEXTS.items():
        (texts / f"{iri.split('/')[-3]}-{iri.split('/')[-2]}.txt").write_text(text, encoding="utf-8")
    read = []
    original = plans._read_actions
    monkeypatch.setattr(plans, "_read_actions", lambda store, options, report, year: (
        read.append(report), original(store, options, report, year))[1])
    with open_store(tmp_path / "kg", writable=True) as kg:
        build_reports(kg, [texts])
        assert read == []
        built = derived(kg)
        for iri in TEXTS:
            actions, headings, model = plans.pickle.loads(plans.actions_input(iri, kg.report_ntriples(iri)))
            stored, stored_headings = plans._from_graph(kg.store, iri)
            for act in stored.values():  # the workers analyse the words too, with the bundled lexicon
                plans._analyse_action(act, plans.lexicon())
            assert model == plans.model_stamp(plans.lexicon())
            assert actions == stored and sorted(headings) == sorted(stored_headings)  # headings: any order
            assert len(actions) >= 2 and all(a.label and a.sentence and a.words for a in actions.values())
    assert built == from_scratch(tmp_path, graphs, sorted(TEXTS))
    assert sorted(read) == sorted(TEXTS)  # from scratch, each is read from the store


def test_the_workers_analyses_are_read_only_with_the_lexicon_they_were_made_with(tmp_path, graphs, monkeypatch):
    """A build's workers segment each action's label and sentence (`plans.actions_input`); the writer's
    judging uses those words when it judges with the same word lists, and analyses again with others."""
    iri = A24  # a review: done actions with sentences, and plans
    with open_store(tmp_path / "kg", writable=True) as kg:
        kg.replace_report(graphs[iri])
        kept = plans.actions_input(iri, kg.report_ntriples(iri))
        reports = plans._read_reports(kg.store, {"use_default_graph_as_union": True})
        analyse = plans._analyse
        expected = plans._Reader(kg.store, {}, reports, plans.lexicon())(iri).actions  # from the store
        monkeypatch.setattr(plans, "_analyse", lambda *a: (_ for _ in ()).throw(AssertionError("analysed")))
        same = plans._Reader(kg.store, {}, reports, plans.lexicon(), known={iri: kept})(iri).actions
        assert same == expected and any(a.acts for a in same) and all(a.words for a in same)
        monkeypatch.setattr(plans, "_analyse", analyse)
        other = plans._Reader(kg.store, {}, reports, plans.Lexicon(), known={iri: kept})(iri).actions
        assert [a.iri for a in other] == [a.iri for a in same]
        assert not any(a.acts for a in other)  # no verb classes in an empty lexicon: analysed again
