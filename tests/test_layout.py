"""A report's layout (soft line breaks, spacing, full-width digits) does not change what it says."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import RDF, RDFS

from govkg.extractor import extract
from govkg.extractor.layout import clean_layout
from govkg.ontology.namespace import GK, NIF

# Made-up sentences in a report's shape: a title, numbered headings, actions, numbers.
REPORT = (
    "临河县2023年法治政府建设情况报告\n"
    "2023年，县政府坚持依法行政，法治政府建设取得新成效。现将有关情况报告如下。\n"
    "一、主要举措和成效\n"
    "（一）持续深化行政审批制度改革。县政务服务中心推行“一窗通办”服务，全年办理审批事项12600件，"
    "按时办结率达到99.5%。县司法局制定《临河县行政执法公示办法》，组织开展执法人员培训班6期，"
    "培训执法人员830人次，进一步规范行政执法行为。\n"
    "（二）扎实推进基层依法治理。在全县18个村开展民主法治示范村创建活动，化解矛盾纠纷412件，"
    "调解成功率达到96%，群众满意度明显提高。\n"
    "二、存在的问题\n"
    "部分单位执法力量不足。\n"
)


def _wrap(text: str, width: float, footer_every: int = 0) -> str:
    """Break every paragraph at ``width`` full-width characters, as a PDF page does; optional page numbers."""
    out, lines_on_page, page = [], 0, 1
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for c in paragraph:
            w = 0.5 if ord(c) < 0x2000 else 1.0
            if used + w > width:
                out.append(line)
                line, used = "", 0.0
                lines_on_page += 1
                if footer_every and lines_on_page % footer_every == 0:
                    out.append(f"— {page} —")
                    page += 1
            line += c
            used += w
        out.append(line)
    return "\n".join(out)


def _labels(graph, cls) -> set[str]:
    return {str(graph.value(n, RDFS.label)) for n in graph.subjects(RDF.type, cls)}


def _observations(graph) -> set[tuple[str, str]]:
    return {(str(graph.value(o, GK.value)), str(graph.value(o, GK.unit)))
            for o in graph.subjects(RDF.type, GK.Observation)}


@pytest.fixture(scope="module")
def published():
    return extract(REPORT, source="report.txt")


@pytest.mark.parametrize("variant", [
    pytest.param(lambda t: _wrap(t, 18), id="wrapped"),
    pytest.param(lambda t: _wrap(t, 22, footer_every=4), id="wrapped-with-page-numbers"),
    pytest.param(lambda t: t.replace("，", "， ").replace("。", "。 "), id="space-after-punctuation"),
    pytest.param(lambda t: t.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")), id="full-width-digits"),
    pytest.param(lambda t: "\r\n".join("\u3000\u3000" + p for p in _wrap(t, 20).split("\n")), id="indented-crlf"),
    pytest.param(lambda t: t.replace("\n", "\r"), id="cr-line-ends"),
    pytest.param(lambda t: t.replace("，", "，\u200b").replace("。", "。\ufeff"), id="zero-width-characters"),
    pytest.param(lambda t: t.replace("\n", "\u2029"), id="paragraph-separators"),
])
def test_layout_does_not_change_what_the_report_says(published, variant):
    graph = extract(variant(REPORT), source="report.txt")
    for cls in (GK.Goal, GK.Action, GK.Agency, GK.Policy, GK.Program):
        assert _labels(graph, cls) == _labels(published, cls), cls
    assert _observations(graph) == _observations(published)
    assert ("12600", "件") in {(v, u) for v, u in _observations(graph)}


def test_evidence_points_into_the_text_as_given():
    source = _wrap(REPORT, 18, footer_every=3)
    graph = extract(source, source="report.txt")
    sentences = list(graph.subjects(RDF.type, GK.Sentence))
    assert sentences
    for s in sentences:
        begin, end = int(graph.value(s, NIF.beginIndex)), int(graph.value(s, NIF.endIndex))
        assert str(graph.value(s, NIF.anchorOf)) == source[begin:end]
        assert str(s).endswith(f"/sentence/{begin}-{end}")
    # A sentence that runs over a page break quotes the page number between its halves, as published.
    assert any("—" in str(graph.value(s, NIF.anchorOf)) for s in sentences)
    report = next(graph.subjects(RDF.type, GK.Report))
    assert str(graph.value(report, GK.contentHash)) == hashlib.sha256(source.encode("utf-8")).hexdigest()


def test_a_text_of_paragraphs_is_read_as_it_stands():
    layout = clean_layout(REPORT)
    assert layout.text == REPORT and layout.offsets is None


def test_spacing_that_separates_fields_stays():
    layout = clean_layout("来源：临河县司法局  发布时间：2024-03-06\n县长\t王某\n进 一步 加强 PM 2.5 治理")
    assert layout.text == "来源：临河县司法局  发布时间：2024-03-06\n县长\t王某\n进一步加强PM 2.5治理"
    assert layout.source[layout.source_start(layout.text.index("加强")):layout.source_end(len(layout.text))] \
        == "加强 PM 2.5 治理"


def test_digits_spaced_by_a_typesetter_make_one_number_and_a_quoted_formula_keeps_its_spaces():
    text = "授予专利权2 2.4万件，研究生1 7．5万人，关于1 9 9 8 年，粮食1 000吨，推进“1 10 100”战略"
    assert clean_layout(text).text == "授予专利权22.4万件，研究生17.5万人，关于1998年，粮食1000吨，推进“1 10 100”战略"


def test_spacing_left_as_html_entities_goes():
    layout = clean_layout("区人民政府区长&nbsp; 王某\n同比增长15.2%。&nbsp;&nbsp;——工业经济企稳向好")
    assert layout.text == "区人民政府区长王某\n同比增长15.2%。——工业经济企稳向好"
    assert layout.source[layout.source_start(layout.text.index("——")):].startswith("——")


def test_thousands_separators_go_and_lists_of_numbers_stay():
    assert clean_layout("查处案件1,234件，罚款12,600,000元，2020,2021年，编号1,2,3").text \
        == "查处案件1234件，罚款12600000元，2020,2021年，编号1,2,3"


def test_lines_of_one_length_that_end_sentences_are_paragraphs():
    # Short paragraphs of about one length, each a finished sentence: no line runs on.
    text = "\n".join(f"第{i}项工作按计划完成并通过了验收评估。" for i in range(1, 30))
    assert clean_layout(text).text == text


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["hard-wrapped with footers", "space after punctuation", "all of these at once"])
def test_the_gold_reports_score_the_same_whatever_their_layout(variant):
    import sys

    from conftest import DATA, ROOT
    from govkg.evaluation.gold import load_gold
    from govkg.extractor import default_pipeline

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from robustness import score_variant

    golds = [load_gold(p) for p in sorted((DATA / "gold").glob("*.json"))]
    nlp = default_pipeline()
    published = score_variant("as published", golds, DATA / "corpus", nlp)
    changed = score_variant(variant, golds, DATA / "corpus", nlp)
    for kind, score in published.items():
        assert (changed[kind].found, changed[kind].tp_nodes, changed[kind].predicted_nodes) \
            == (score.found, score.tp_nodes, score.predicted_nodes), kind
