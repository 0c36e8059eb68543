"""The title block of reports as published: header lines, chrome, congress line, dates, jurisdiction.

The snippets are written for these tests in the shapes reports are published in
(a collection's labelled header, a news page's chrome, a speech's title page);
they are not taken from any report.
"""

from __future__ import annotations

import pytest
import spacy
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from govkg.extractor import build_pipeline, doc_to_graph
from govkg.extractor.chrome import header_field, is_chrome_line, is_tail_line
from govkg.extractor.structure import clean_title, parse_structure
from govkg.ontology.namespace import GK, ID

_XSD = "http://www.w3.org/2001/XMLSchema#"

LABELLED = (
    "标题：2024年江西省政府工作报告\n"
    "发文单位：江西省人民政府\n"
    "发文时间：2024-01-30\n"
    "来源URL：http://example.org/report.html\n"
    "\n正文：\n\n"
    "——2024年1月21日在江西省第十四届人民代表大会第三次会议上\n"
    "江西省人民政府省长 某某某\n"
    "各位代表：\n"
    "现在，我代表省人民政府向大会报告工作，请予审议。\n"
    "一、2023年工作回顾\n"
    "全年新建学校12所。\n"
    "二、2024年工作安排\n"
    "新建学校15所。\n"
)

PAGE = (
    "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n"
    "2026年湖南省政府工作报告\n"
    "——2026年2月1日在湖南省第十四届人民代表大会第四次会议上\n"
    "来源：某某日报\n"
    "时间：2026-02-05\n"
    "省长 某某\n"
    "各位代表：\n"
    "现在，我代表省人民政府向大会报告工作。\n"
    "一、2025年工作回顾\n"
    "过去一年，我们建成公路100公里。\n"
    "各位代表！让我们团结奋斗，再创佳绩！\n"
    "相关报道：\n"
    "某地干部群众热议政府工作报告\n"
)


# ---------------------------------------------------------------- chrome and header lines

def test_page_buttons_separators_and_stamps_are_chrome():
    assert [is_chrome_line(s) for s in ("全屏", "减小", "|", "2026-02-09 09:45:30", "各位代表：")] \
        == [True, True, True, True, False]


def test_header_fields_by_kind():
    assert header_field("发文时间：未知") == ("published", "发文时间", "未知")
    assert header_field("正文：") == ("body", "正文", "")
    assert header_field("一、2023年工作回顾") is None


def test_tail_lines_are_short_lines_only():
    assert is_tail_line("名词解释") and is_tail_line("相关报道：")
    assert not is_tail_line("各地各部门要做好相关报道，营造良好舆论氛围。")


def test_clean_title_removes_label_delivery_note_and_inner_spaces():
    assert clean_title("标题：江西省政府工作报告——2014年2月10日在江西省第十二届人民代表大会第三次会议上") == "江西省政府工作报告"
    assert clean_title("政 府 工 作 报 告") == "政府工作报告"
    assert clean_title("政府工作报告（2023年2月12日在某县第十九届人民代表大会第三次会议上）") == "政府工作报告"


# ---------------------------------------------------------------- structure

def _body_texts(text):
    return [s.text for s in parse_structure(text).sentences]


def test_a_footer_link_list_and_site_registration_are_chrome():
    body = "各位代表：\n" + "我们做了很多工作，取得了明显成效。\n" * 6 + "各位代表！让我们携手奋进！\n"
    footer = "友情链接\n人民网\n新华网\n某省新闻网\n某ICP备12345678号-1\n网站标识码：1300000000\n主办：某省人民政府办公厅\n"
    texts = _body_texts(body + footer)
    assert texts[-2:] == ["各位代表！", "让我们携手奋进！"]
    assert len(texts) == 9


def test_buttons_amid_the_body_are_chrome_but_a_short_heading_is_not():
    text = "各位代表：\n一、工作回顾\n分享到微信\n全年新建学校12所。\n×\n二、工作安排\n新建学校15所。\n"
    assert _body_texts(text) == ["各位代表：", "一、工作回顾", "全年新建学校12所。", "二、工作安排", "新建学校15所。"]


def test_a_licence_notice_after_the_report_is_chrome():
    text = "各位代表：\n" + "我们做了很多工作。\n" * 4 + "本作品在某些国家属于公有领域，因为它是政府公文。\n注：以下是版权说明。\nfalse\n"
    assert _body_texts(text) == ["各位代表："] + ["我们做了很多工作。"] * 4


def test_labelled_header_gives_title_issuer_and_dates():
    st = parse_structure(LABELLED)
    assert (st.title, st.issuer) == ("2024年江西省政府工作报告", "江西省人民政府")
    assert LABELLED[st.title_span[0]:st.title_span[1]] == "2024年江西省政府工作报告"
    assert (st.delivered, st.delivered_source, st.published) == ("2024-01-21", "congress line", "2024-01-30")
    assert (st.congress_place, st.session) == ("江西省", True)
    assert (st.year, st.plan_year, st.year_source, st.year_conflict) == (2023, 2024, "congress line", None)


def test_labelled_header_lines_are_not_sentences_but_the_congress_line_is():
    st = parse_structure(LABELLED)
    texts = [s.text for s in st.sentences]
    assert texts[:4] == ["2024年江西省政府工作报告", "2024年1月21日在江西省第十四届人民代表大会第三次会议上", "各位代表：",
                         "现在，我代表省人民政府向大会报告工作，请予审议。"]
    assert not any("发文" in t or "来源" in t or "省长" in t for t in texts)
    for cs, ce in st.chrome:
        assert not any(s.start < ce and cs < s.end for s in st.sentences)


def test_page_chrome_and_footer_are_left_out():
    st = parse_structure(PAGE)
    texts = [s.text for s in st.sentences]
    assert texts[0] == "2026年湖南省政府工作报告"
    assert "各位代表：" in texts and "过去一年，我们建成公路100公里。" in texts
    assert not any(t in ("下载", "全屏", "相关报道：") or "热议" in t or "来源" in t for t in texts)
    assert (st.delivered, st.published, st.year, st.plan_year) == ("2026-02-01", "2026-02-05", 2025, 2026)


def test_title_split_over_two_lines_and_speaker_of_the_state_council():
    text = ("政府工作报\n告\n——2021年3月5日在第十三届全国人民代表大会第四次会议上\n国务院总理\n某某\n各位代表：\n"
            "现在，我代表国务院，向大会报告政府工作。\n一、2020年工作回顾\n做了工作。")
    st = parse_structure(text)
    assert (st.title, st.congress_place, st.issuer, st.year) == ("政府工作报告", "全国", "国务院", 2020)


def test_title_split_after_its_place():
    text = "2024年江西省\n政府工作报告\n——2024年1月21日在江西省第十四届人民代表大会第三次会议上\n各位代表：\n现在报告工作。"
    st = parse_structure(text)
    assert st.title == "2024年江西省政府工作报告"
    assert text[st.title_span[0]:st.title_span[1]] == "2024年江西省\n政府工作报告"


def test_spaced_title_and_a_date_in_chinese_numerals_after_the_session():
    text = "政 府 工 作 报 告\n—在河北省第十届人民代表大会第二次会议上（二〇〇四年一月八日）\n各位代表：\n现在报告工作。"
    st = parse_structure(text)
    assert (st.title, st.delivered, st.year, st.plan_year) == ("政府工作报告", "2004-01-08", 2003, 2004)


def test_a_date_line_of_the_title_page_is_the_delivery_date():
    st = parse_structure("政府工作报告\n（2008年3月27日）\n各位代表：\n现在，我代表县政府作报告。\n一、2007年工作回顾\n做了工作。")
    assert (st.delivered, st.delivered_source, st.year, st.year_source) == ("2008-03-27", "date line", 2007, "date line")


def test_title_year_unlike_the_delivery_date_is_flagged():
    text = "2024年某县政府工作报告\n（2022年1月24日在某县第十九届人民代表大会第二次会议上）\n各位代表：\n现在报告工作。"
    st = parse_structure(text)
    assert (st.year, st.year_source) == (2021, "congress line")
    assert st.year_conflict == "title names 2024, delivered 2022-01-24"


def test_a_report_on_a_years_work_reviews_the_year_its_title_names():
    st = parse_structure("某市人民政府关于2023年法治政府建设情况的报告\n一、依法履职\n做了事情。")
    assert (st.year, st.plan_year, st.year_source, st.session, st.delivered) == (2023, 2024, "title", False, None)


def test_an_undated_speech_reviews_the_year_before_its_plans_chapter():
    text = "各位代表：\n现在报告工作。\n一、过去五年工作回顾\n做了工作。\n二、2018年经济社会发展总体要求和政策取向\n今年要稳中求进。"
    st = parse_structure(text)
    assert (st.title, st.year, st.year_source) == (None, 2017, "body")


def test_review_chapter_that_also_names_the_plan_year():
    st = parse_structure("各位代表：\n现在报告工作。\n一、1998年工作回顾和1999年工作的总体要求\n做了工作。")
    assert (st.year, st.plan_year) == (1998, 1999)


def test_review_chapter_in_full_width_digits():
    st = parse_structure("各位代表：\n现在报告工作。\n一、１９９４年国内工作的回顾\n做了工作。")
    assert st.year == 1994


# ---------------------------------------------------------------- the report component

@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("govkg_report")
    return nlp


def findings(nlp, text, hints=None):
    return nlp(text, component_cfg={"govkg_report": {"hints": hints or {}}})._.govkg


def test_jurisdiction_from_the_title(nlp):
    f = findings(nlp, LABELLED)
    assert (f.jurisdiction, f.jurisdiction_source, f.level, f.province) == ("江西省", "title", "省", "江西省")
    assert (f.year, f.plan_year, f.issued, f.issued_source) == (2023, 2024, "2024-01-21", "congress line")


def test_jurisdiction_from_the_congress_line_when_the_title_names_none(nlp):
    text = ("政府工作报告\n——2023年1月10日在赣州市南康区第二届人民代表大会第三次会议上\n各位代表：\n"
            "现在，我代表区人民政府向大会报告工作。")
    f = findings(nlp, text)
    assert (f.jurisdiction, f.jurisdiction_source, f.level) == ("南康区", "congress line", "区")


def test_the_state_council_report_belongs_to_the_nation(nlp):
    f = findings(nlp, "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2018年工作回顾\n东北地区和大湾区发展加快。")
    assert (f.jurisdiction, f.jurisdiction_source, f.level, f.province) == ("中华人民共和国", "body", None, None)
    assert (f.year, f.year_source, f.title) == (2018, "body", None)


def test_metadata_where_the_text_names_no_place_or_year(nlp):
    text = "各位代表：\n现在，我代表县人民政府向大会报告工作。\n全县上下团结奋斗。"
    hints = {"place": "清苑", "city": "保定", "province": "河北", "title": "清苑区2023年政府工作报告", "year": "2023"}
    f = findings(nlp, text, hints)
    assert (f.jurisdiction, f.jurisdiction_source) == ("清苑区", "metadata")
    assert (f.year, f.year_source, f.plan_year) == (2022, "metadata", 2023)
    assert (f.title, f.title_source) == ("清苑区2023年政府工作报告", "metadata")


def test_the_texts_title_wins_over_the_metadatas_place(nlp):
    text = "沁阳市2024年政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。"
    f = findings(nlp, text, {"place": "阳县", "year": "2024"})
    assert (f.jurisdiction, f.jurisdiction_source, f.year, f.year_source) == ("沁阳市", "title", 2023, "title")


def test_metadata_year_unlike_the_texts_is_flagged(nlp):
    text = "政府工作报告\n——2022年1月24日在某县第十九届人民代表大会第二次会议上\n各位代表：\n现在报告工作。"
    f = findings(nlp, text, {"year": "2024"})
    assert (f.year, f.year_source) == (2021, "congress line")
    assert f.year_conflict == "metadata names 2024, the text gives 2021 (congress line)"


# ---------------------------------------------------------------- RDF

@pytest.fixture(scope="module")
def graph():
    doc = build_pipeline()(LABELLED)
    return doc_to_graph(doc, source="jiangxi.txt")


def test_report_iri_title_and_dates_in_rdf(graph):
    report = URIRef(str(ID) + "report/江西省/2023/政府工作报告")
    assert (report, DCTERMS.title, Literal("2024年江西省政府工作报告")) in graph
    assert (report, DCTERMS.issued, Literal("2024-01-21", datatype=URIRef(_XSD + "date"))) in graph
    assert (report, GK.year, Literal("2023", datatype=URIRef(_XSD + "gYear"))) in graph
    assert (report, GK.planYear, Literal("2024", datatype=URIRef(_XSD + "gYear"))) in graph
    assert (report, GK.yearSource, Literal("congress line")) in graph
    assert (report, GK.jurisdictionSource, Literal("title")) in graph
    assert not list(graph.objects(report, GK.yearConflict))


def test_periods_follow_the_part_of_the_report(graph):
    periods = {}
    for obs in graph.subjects(GK.unit, Literal("所")):
        label = str(graph.value(obs, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        periods[label] = str(graph.value(obs, GK.period))
    assert periods == {"12所": "2023", "15所": "2024"}


def test_a_publication_date_before_the_reviewed_year_is_flagged(nlp):
    f = findings(nlp, "某市人民政府关于2023年法治政府建设情况的报告\n发布时间：2022-03-01\n一、依法履职\n做了事情。")
    assert (f.year, f.issued, f.issued_source) == (2023, "2022-03-01", "header line")
    assert f.year_conflict == "issued 2022-03-01, before the year it reviews (2023)"


def test_a_metadata_place_without_its_suffix_resolves_within_city_and_province(nlp):
    text = "各位代表：\n现在，我代表区人民政府向大会报告工作。\n全区上下团结奋斗。"
    f = findings(nlp, text, {"place": "清苑", "city": "保定", "province": "河北"})
    assert (f.jurisdiction, f.jurisdiction_source, f.city, f.province, f.level) == ("清苑区", "metadata", "保定市", "河北省", "区")
    assert f.division.code == "130608"


def test_a_title_naming_another_county_than_the_metadata_decides(nlp):
    text = "高唐县2021年政府工作报告\n各位代表：\n现在，我代表县人民政府向大会报告工作。"
    f = findings(nlp, text, {"place": "唐县", "city": "保定", "province": "河北"})
    assert (f.jurisdiction, f.jurisdiction_source, f.city, f.province) == ("高唐县", "title", "聊城市", "山东省")
