"""The year and jurisdiction of a report from its text alone, where no title or congress line names them.

Older speeches name the congress session they are delivered to, the session their
review starts from, the five-year plan they review; untitled county texts name their
county in the closing thanks. The snippets are written for these tests in the shapes
such reports take; they are not taken from any report.
"""

from __future__ import annotations

import json

import pytest
import spacy

from govkg.extractor import calendar
from govkg.extractor.patterns import default_patterns_path
from govkg.extractor.structure import parse_structure

SPEECH = "各位代表：\n现在，我代表国务院，向大会报告工作，请予审议。\n"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("govkg_report")
    return nlp


def findings(nlp, text):
    return nlp(text, component_cfg={"govkg_report": {"hints": {}}})._.govkg


# ---------------------------------------------------------------- the calendar's data

def test_the_session_table_is_complete_and_sourced():
    rows = [json.loads(line) for line in default_patterns_path("calendar.jsonl").read_text("utf-8").splitlines()]
    assert all(row.get("source") for row in rows)
    sessions = sorted((r["congress"], r["session"], r["year"]) for r in rows if r["label"] == "NPC_SESSION")
    assert sorted({c for c, _, _ in sessions}) == list(range(1, 15))
    years = [y for _, _, y in sessions]
    assert years == sorted(years)  # one session after another
    assert (calendar.npc_session_year(14, 2), calendar.npc_session_year(3, 1), calendar.npc_session_year(5, 4)) == \
        (2024, 1964, 1981)


@pytest.mark.parametrize("written, year", [("2024", 2024), ("１９８６", 1986), ("一九八三", 1983), ("一九八○", 1980),
                                           ("二〇〇四", 2004), ("2 016", 2016), ("1 9 9 7", 1997), ("3000", None)])
def test_years_as_reports_write_them(written, year):
    assert calendar.year_value(written) == year


# ---------------------------------------------------------------- the year

def test_the_session_a_speech_is_delivered_to_gives_its_year():
    text = ("各位代表：\n现在，我代表国务院，向第十届全国人民代表大会第一次会议报告过去五年的工作。\n"
            "一、过去五年政府工作的回顾\n经济持续较快增长，1998、1999年连续遭受特大洪涝灾害。")
    st = parse_structure(text)
    assert (st.year, st.year_source, st.session) == (2002, "congress session", True)
    assert st.addressed_session == "第十届全国人民代表大会第一次会议"


def test_a_congress_addressed_without_its_session_is_its_first():
    st = parse_structure("各位代表！\n现在，我代表国务院，向第四届全国人民代表大会作政府工作报告。\n一九七四年农业丰收。")
    assert (st.year, st.year_source) == (1974, "congress session")


def test_the_session_the_review_starts_from_with_the_years_since():
    text = SPEECH + "一、过去五年工作回顾\n第十一届全国人民代表大会第一次会议以来的五年，是极不平凡的五年。2009年应对危机。"
    st = parse_structure(text)
    assert (st.year, st.year_source) == (2012, "body: congress session")


def test_last_years_session_dates_the_speech():
    text = SPEECH + "从去年９月第五届全国人民代表大会第三次会议到现在，已经过去了一年零两个月。１９７９年以来赤字很大。"
    assert parse_structure(text).year == 1980


def test_a_party_congress_named_as_this_years_dates_the_speech():
    text = SPEECH + "一九八○年国务院拟订了计划。\n" + "工作很多。" * 700 + "\n按照今年党的十二大的精神，提高经济效益。"
    st = parse_structure(text)
    assert (st.year, st.year_source) == (1981, "body: congress session")


def test_this_year_as_the_first_year_after_a_congress_does_not_date_the_congress():
    text = SPEECH + "今年是全面贯彻党的二十大精神的开局之年。2019年以来经济平稳。"
    st = parse_structure(text)
    assert (st.year, st.year_source) == (2019, "body")  # the first year named, not 2022 from 今年…党的二十大


def test_a_session_the_text_cannot_read_is_not_taken_for_a_first_session():
    # 会議 (a page in the other script): the session number is there, so this is no first session.
    text = SPEECH + "关于一年来的政府工作，国务院决定由我向第一届全国人民代表大会第四次会議作报告。"
    st = parse_structure(text)
    assert st.year != 1953


def test_the_five_year_plan_the_first_chapter_reviews():
    text = SPEECH + "一、“十一五”时期国民经济和社会发展的回顾\n这五年，综合国力显著提高。\n二、“十二五”时期的主要目标\n2011年要稳中求进。"
    st = parse_structure(text)
    assert (st.year, st.year_source) == (2010, "body: five-year plan")


def test_part_of_a_plan_is_not_the_plan():
    cue = calendar.plan_review("六五计划前两年的执行情况\n执行情况良好。", 0, 20)
    assert cue is None


def test_a_later_chapters_year_is_not_the_reviewed_year():
    # 三、2011年的工作 plans the year of delivery; the first chapter reviews the year its body names.
    from govkg.extractor.structure import _first_review_heading

    text = SPEECH + "一、“十一五”时期的回顾\n2010年经济增长。\n二、主要任务\n做好工作。\n三、2011年的工作\n继续努力。"
    assert _first_review_heading(text, 0) is None
    assert (parse_structure(text).year, parse_structure(text).year_source) == (2010, "body: five-year plan")


def test_the_span_of_a_five_year_review():
    text = ("各位代表：\n现在报告过去五年的工作。\n一、过去五年政府工作的回顾\n"
            "国内生产总值从1997年的7.4万亿元增加到2002年的10.2万亿元，1998年遭受洪灾。\n二、今年的主要任务\n稳中求进。")
    st = parse_structure(text)
    assert (st.year, st.year_source) == (2002, "body: five-year span")


def test_the_year_just_past_said_outright():
    text = "各位代表：\n刚刚过去的１９８４年，是取得伟大成就的一年。\n一九八三年以来改革加快。"
    st = parse_structure(text)
    assert (st.year, st.year_source) == (1984, "body: year past")


def test_a_span_just_past_is_not_one_year():
    text = "各位代表：\n过去的2018年到2022年，我们砥砺奋进。\n一、过去五年工作回顾\n做了工作。"
    assert parse_structure(text).year_source != "body: year past"


@pytest.mark.parametrize("first, year", [("１９８６年是开始执行计划的一年。", 1986), ("一九八三年，农业丰收。", 1983),
                                         ("2 016 年，全县生产总值增长。", 2016)])
def test_the_first_year_named_in_any_script(first, year):
    st = parse_structure("各位代表：\n现在报告工作。\n" + first + "工作取得进展。")
    assert (st.year, st.year_source) == (year, "body")


# ---------------------------------------------------------------- the jurisdiction

def test_a_speech_to_the_national_congress_is_the_nations(nlp):
    text = "各位代表：\n我们第一届全国人民代表大会第一次会议，已经通过了宪法。现在，我代表政府作工作报告。"
    f = findings(nlp, text)
    assert (f.jurisdiction, f.jurisdiction_source, f.year) == ("中华人民共和国", "congress session", 1953)


def test_the_state_council_named_with_others_speaks_for_the_nation(nlp):
    f = findings(nlp, "各位代表：\n我受中共中央和国务院的委托，向大会作报告。\n稷山县的经验很好，稷山县农业丰收。")
    assert (f.jurisdiction, f.jurisdiction_source) == ("中华人民共和国", "body")


def test_a_text_that_speaks_of_our_country_is_the_nations(nlp):
    text = "各位代表：\n我国经济发展。我国人民团结。我国外交活跃。西藏自治区和平解放。"
    assert findings(nlp, text).jurisdiction == "中华人民共和国"


def test_a_bare_congress_line_and_a_speaker_line_with_an_html_space(nlp):
    text = ("2021年1月20日南阳市卧龙区第五届人民代表大会第四次会议\n南阳市卧龙区人民政府区长&nbsp; 某某\n"
            "一、2020年工作回顾\n2020年，全区经济稳中向好。")
    f = findings(nlp, text)
    assert (f.jurisdiction, f.jurisdiction_source, f.city) == ("卧龙区", "congress line", "南阳市")
    assert (f.year, f.year_source, f.issued) == (2020, "congress line", "2021-01-20")


def test_an_untitled_county_text_named_in_its_closing_thanks(nlp):
    text = ("各位代表：\n现在，我代表县人民政府，向大会报告工作。\n一、2022年工作回顾\n全县经济稳中向好，南阳市表彰了我们。\n"
            "在此，我代表县人民政府，向所有关心支持西峡发展的各界人士，表示衷心的感谢！")
    f = findings(nlp, text)
    assert (f.jurisdiction, f.jurisdiction_source, f.city) == ("西峡县", "body", "南阳市")


def test_thanks_that_name_no_place_of_the_reports_level_give_none(nlp):
    # 关心支持我县发展: a self-reference, no name; one passing mention of a city is no jurisdiction either.
    text = ("各位代表：\n现在，我代表县人民政府，向大会报告工作。\n全县经济稳中向好，南阳市表彰了我们。\n"
            "向所有关心支持我县发展的各界人士，表示衷心的感谢！")
    f = findings(nlp, text)
    assert f.jurisdiction is None


def test_ranks_within_the_level_above_are_no_self_reference(nlp):
    # 位居全市第四位 is a district ranking within its city: the text speaks of itself as 全区.
    text = ("各位代表：\n现在，我代表区人民政府，向大会报告工作。\n全区经济增长，增速位居全市第四位，总量位居全市第二位，"
            "全市第一，全区人民团结。\n向关心支持卧龙发展的各界人士表示感谢！")
    f = findings(nlp, text)
    assert f.jurisdiction == "卧龙区"


def test_a_title_year_in_chinese_numerals_is_the_year_reviewed_and_no_part_of_the_kind():
    from govkg.extractor import extract
    from rdflib import RDF
    from govkg.ontology.namespace import GK
    g = extract("二〇二二年湘潭县法治政府建设年度报告\n一、主要工作\n力争到2023年底完成评估。\n", source="t.txt")
    report = next(g.subjects(RDF.type, GK.Report))
    assert str(g.value(report, GK.year)) == "2022"
    assert str(report).endswith("/湘潭县/2022/法治政府建设年度报告")



@pytest.mark.parametrize(("title", "place", "year"), [
    ("某区2021年度法治政府建设工作报告", None, 2021),  # a report on a task names the year it reviews
    ("天河区2021年度法治政府建设工作报告", "天河区", 2021),
    ("中共桐乡市委 桐乡市人民政府关于2022年法治政府建设情况的报告", "桐乡市", 2022),
    ("2022年度朝阳区依法行政工作报告", "朝阳区", 2022),
    ("共和县2022年法治政府建设年度报告", "共和县", 2022),
    ("和平区2022年法治政府建设年度报告", "和平区", 2022),
])
def test_titles_of_rule_of_law_reports_name_their_place_and_year(title, place, year):
    from govkg.extractor import process
    f = process(title + "\n一、主要工作\n（一）深化改革。推进行政执法改革。\n")._.govkg
    assert f.year == year
    if place:
        assert f.jurisdiction == place
