"""govkg_links decides what links to what; the RDF writer only writes what it decided."""

from __future__ import annotations

import pytest

from govkg.extractor import build_pipeline, doc_to_ntriples, process

TEXT = ("某市人民政府关于2023年法治政府建设情况的报告\n一、依法履职\n"
        "市司法局印发《行政执法办法》，全年办理案件120件。\n"
        "二、2024年工作安排\n市司法局将制定《行政复议规定》，力争办结率达到95%。")


@pytest.fixture(scope="module")
def doc():
    return process(TEXT, nlp=build_pipeline())


def test_actions_carry_their_agent_policy_and_numbers(doc):
    f = doc._.govkg
    found = [(a.text, a.status, a.agent.name if a.agent else None, [m.name for m in a.produces],
              [f.quantities[i].text for i in a.quantities]) for a in f.actions]
    assert found == [("印发《行政执法办法》", "Completed", "市司法局", ["行政执法办法"], []),
                     ("办理案件", "Completed", "市司法局", [], ["120件"]),
                     ("制定《行政复议规定》", "Planned", "市司法局", ["行政复议规定"], [])]
    assert [a.goals[0].text.strip() for a in f.actions] == ["依法履职", "依法履职", "2024年工作安排"]


def test_numbers_carry_their_status_and_year(doc):
    assert [(q.text, q.status, q.about_year, q.local) for q in doc._.govkg.quantities] == [
        ("120件", "Completed", 2023, True), ("95%", "Planned", 2024, True)]


def test_the_writer_writes_the_links(doc):
    lines = doc_to_ntriples(doc, source="links.txt").splitlines()
    produces = [line.split()[2] for line in lines if "#produces>" in line]
    assert sorted(p.rsplit("/", 1)[1] for p in produces) == ["行政复议规定>", "行政执法办法>"]
    assert sum("#performedBy>" in line for line in lines) == 3


def test_a_pipeline_without_the_links_component_still_writes_them():
    nlp = build_pipeline()
    nlp.remove_pipe("govkg_links")
    doc = process(TEXT, nlp=nlp)
    assert not doc._.govkg.linked
    assert doc_to_ntriples(doc, source="links.txt") == doc_to_ntriples(process(TEXT), source="links.txt")


@pytest.mark.parametrize(
    ("sentence", "agents"),
    [
        # the leadership, the supervisors and a time frame are no agents; the subject is
        ("在市委的坚强领导下，在市人大、市政协的监督支持下，市政府深化改革。", ["市政府"]),
        ("市第十届人大一次会议以来，我们扎实推进各项工作。", [None]),
        ("自觉接受市人大法律监督，加强审计监督。", [None, None]),
        ("按照市委部署，全面推进依法行政。", [None]),
        ("始终与党中央保持高度一致。", [None]),
        # an agency at the clause's head still performs it
        ("市司法局牵头开展执法检查。", ["市司法局"]),
    ],
)
def test_an_agency_inside_a_frame_is_not_the_agent(sentence, agents):
    text = "某市人民政府关于2023年法治政府建设情况的报告\n一、依法履职\n" + sentence + "\n"
    f = process(text, nlp=build_pipeline())._.govkg
    assert [a.agent.name if a.agent else None for a in f.actions] == agents
