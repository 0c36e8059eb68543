"""Tests for govkg.extractor.structure: chrome, title block, outline and sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from govkg.extractor.structure import (
    RANK_CHAPTER,
    RANK_ENUM,
    RANK_ITEM,
    RANK_SECTION,
    RANK_PART,
    RANK_SUBITEM,
    parse_structure,
)

CORPUS = Path(__file__).parent / "data" / "corpus"
TITLE = "南阳市人民政府关于2023年法治政府建设情况的报告\n"

# Every marker kind, nested: chapter > section > item > subitem > enumerator.
NESTED = (
    "一、依法履职\n"
    "（一）深化改革\n"
    "1.清理事项。取消审批5项。\n"
    "(1)公开清单。公布清单3份。\n"
    "一是做事。二是做事。\n"
    "(2)动态调整。\n"
    "2.优化服务。\n"
    "二、强化监督\n"
    "(一)内部监督。"
)
CHROME = (
    "专栏首页\n"
    "工作动态\n"
    "首页 > 政务公开 > 法治政府\n"
    "南阳市人民政府关于2023年法治政府建设情况的报告\n"
    "来源:南阳市司法局 发布时间:2024-03-06\n"
    "2023年,我市做了很多工作。\n"
    "一、依法履职\n"
    "做了事情。"
)
WORK_REPORT = (
    "政府工作报告 (2019年1月21日在杭州市第十三届人民代表大会第四次会议上) 杭州市人民政府市长 徐立毅\n"
    "各位代表：\n"
    "现在，我代表市人民政府向大会报告工作，请予审议。\n"
    "一、2018年工作回顾\n"
    "过去一年做了事情。"
)
PROBLEMS_AND_PLANS = TITLE + (
    "一、主要成效\n"
    "做了事情。\n"
    "二、存在的不足\n"
    "(一)监督不够有力。一是短板。\n"
    "三、2024年工作安排\n"
    "(一)抓实组织。一是做事。\n"
    "四、下一步工作打算\n"
    "做事。"
)
ENGLISH = "The city government published its annual rule-of-law report.\nIt lists 12 measures. 1. First item.\n"


def outline(text: str) -> list[tuple[str, str]]:
    return [(h.outline, h.text) for h in parse_structure(text).headings]


def sentence_texts(text: str) -> list[str]:
    return [s.text for s in parse_structure(text).sentences]


# ---------------------------------------------------------------- markers and nesting


@pytest.mark.parametrize(
    ("line", "rank", "marker"),
    [
        ("二、强化监督", RANK_CHAPTER, "二、"),
        ("(一)强化监督", RANK_SECTION, "(一)"),
        ("（一）强化监督", RANK_SECTION, "（一）"),
        ("1.强化监督", RANK_ITEM, "1."),
        ("1、强化监督", RANK_ITEM, "1、"),
        ("1．强化监督", RANK_ITEM, "1．"),
        ("(1)强化监督", RANK_SUBITEM, "(1)"),
        ("（1）强化监督", RANK_SUBITEM, "（1）"),
        ("①强化监督", RANK_SUBITEM, "①"),
        ("一是强化监督。", RANK_ENUM, "一是"),
        ("第一，强化监督。", RANK_ENUM, "第一，"),
    ],
)
def test_each_marker_kind(line, rank, marker):
    # Opened under a chapter, so the marked line is the second heading.
    text = "一、依法履职\n" + line
    st = parse_structure(text)
    h = st.headings[-1]
    assert (h.rank, h.marker, h.text, h.number) == (rank, marker, "强化监督", 2 if rank == RANK_CHAPTER else 1)
    assert h.outline == ("2" if rank == RANK_CHAPTER else "1.1")


def test_nested_outline_numbers_and_parents():
    st = parse_structure(NESTED)
    assert [(h.outline, h.rank, h.marker, h.text) for h in st.headings] == [
        ("1", RANK_CHAPTER, "一、", "依法履职"),
        ("1.1", RANK_SECTION, "（一）", "深化改革"),
        ("1.1.1", RANK_ITEM, "1.", "清理事项"),
        ("1.1.1.1", RANK_SUBITEM, "(1)", "公开清单"),
        ("1.1.1.1.1", RANK_ENUM, "一是", "做事"),
        ("1.1.1.1.2", RANK_ENUM, "二是", "做事"),
        ("1.1.1.2", RANK_SUBITEM, "(2)", "动态调整"),
        ("1.1.2", RANK_ITEM, "2.", "优化服务"),
        ("2", RANK_CHAPTER, "二、", "强化监督"),
        ("2.1", RANK_SECTION, "(一)", "内部监督"),
    ]
    by_outline = {h.outline: h for h in st.headings}
    assert by_outline["1.1.1.2"].parent is by_outline["1.1.1"]
    assert by_outline["2.1"].parent is by_outline["2"]
    assert by_outline["1"].parent is None


def test_sentences_stand_under_the_innermost_heading():
    st = parse_structure(NESTED)
    under = {s.text: s.heading.outline for s in st.sentences}
    assert under["取消审批5项。"] == "1.1.1"
    assert under["公布清单3份。"] == "1.1.1.1"
    # A heading sentence starts its heading; a body sentence does not.
    first = next(s for s in st.sentences if s.text == "1.清理事项。")
    body = next(s for s in st.sentences if s.text == "取消审批5项。")
    assert first.starts_heading.outline == "1.1.1"
    assert body.starts_heading is None


def test_circled_digits_count_on():
    text = "一、依法履职\n①公开清单。\n②动态调整。"
    assert outline(text) == [("1", "依法履职"), ("1.1", "公开清单"), ("1.2", "动态调整")]


def test_ordinal_enumerators():
    text = "一、依法履职\n第一，清理事项。做了事情。第二，优化服务。做了事情。"
    assert outline(text) == [("1", "依法履职"), ("1.1", "清理事项"), ("1.2", "优化服务")]


def test_enumerators_restart_under_each_chapter():
    text = "一、依法履职\n一是做事。二是做事。\n二、强化监督\n一是做事。"
    assert [h.outline for h in parse_structure(text).headings] == ["1", "1.1", "1.2", "2", "2.1"]


def test_no_outline_gives_sentences_and_no_headings():
    text = "我市做了很多事情。取消审批5项；公布清单3份！"
    st = parse_structure(text)
    assert st.headings == []
    assert [s.text for s in st.sentences] == ["我市做了很多事情。", "取消审批5项；", "公布清单3份！"]
    assert all(s.heading is None for s in st.sentences)


def test_empty_text():
    st = parse_structure("")
    assert (st.title, st.year, st.headings, st.sentences) == (None, None, [], [])


def test_english_text_gives_lines_as_sentences():
    st = parse_structure(ENGLISH)
    assert st.headings == []
    assert st.title is None
    assert [s.text for s in st.sentences] == [
        "The city government published its annual rule-of-law report.",
        "It lists 12 measures. 1. First item.",
    ]


# ---------------------------------------------------------------- damaged markers


def test_bare_closing_parenthesis_is_the_next_section():
    text = "一、依法履职\n(一)深化改革。\n)优化服务。做了事情。\n)强化监督。做了事情。"
    st = parse_structure(text)
    assert [(h.outline, h.marker, h.text) for h in st.headings] == [
        ("1", "一、", "依法履职"),
        ("1.1", "(一)", "深化改革"),
        ("1.2", ")", "优化服务"),
        ("1.3", ")", "强化监督"),
    ]
    assert all(h.rank == RANK_SECTION for h in st.headings[1:])


def test_bare_closing_parenthesis_as_first_section():
    text = "一、依法履职\n)深化改革。做了事情。"
    assert outline(text) == [("1", "依法履职"), ("1.1", "深化改革")]


def test_bare_shi_inside_an_enumeration_is_the_next_item():
    text = "一、依法履职\n一是清理事项。做了事情。二是优化服务。做了事情。是强化监督。做了事情。"
    st = parse_structure(text)
    assert [(h.outline, h.marker, h.text) for h in st.headings] == [
        ("1", "一、", "依法履职"),
        ("1.1", "一是", "清理事项"),
        ("1.2", "二是", "优化服务"),
        ("1.3", "是", "强化监督"),
    ]


def test_bare_shi_outside_an_enumeration_is_an_ordinary_sentence():
    text = TITLE + "一、主要成效\n做了事情。这是我们的责任。是大家的功劳。"
    st = parse_structure(text)
    assert [h.text for h in st.headings] == ["主要成效"]
    assert st.sentences[-1].text == "是大家的功劳。"
    assert st.sentences[-1].starts_heading is None


def test_ordinary_word_ending_in_yi_shi_is_not_an_enumerator():
    text = "一、依法履职\n一是清理事项。统一是关键。二是优化。"
    assert outline(text) == [("1", "依法履职"), ("1.1", "清理事项"), ("1.2", "优化")]


def test_run_in_enumerator_splits_the_sentence():
    text = "一、依法履职\n一是清理事项。累计赋予权限421项二是优化服务。做了事情。"
    st = parse_structure(text)
    assert [s.text for s in st.sentences] == [
        "一、依法履职", "一是清理事项。", "累计赋予权限421项", "二是优化服务。", "做了事情。",
    ]
    assert [(h.outline, h.text) for h in st.headings] == [
        ("1", "依法履职"), ("1.1", "清理事项"), ("1.2", "优化服务"),
    ]
    assert st.sentences[2].heading.outline == "1.1"


def test_run_in_enumerators_in_the_sentence_that_opens_the_enumeration():
    text = "一、依法履职\n做事。一是清理事项二是优化服务三是强化监督。"
    assert outline(text) == [
        ("1", "依法履职"), ("1.1", "清理事项"), ("1.2", "优化服务"), ("1.3", "强化监督"),
    ]


# ---------------------------------------------------------------- lead phrases


def test_lead_phrase_of_an_item_without_full_stop_is_cut_at_the_first_clause():
    text = "一、依法履职\n一是坚持学习先行把学习贯彻习近平法治思想作为重要政治任务创新学习模式"
    st = parse_structure(text)
    h = st.headings[-1]
    assert (h.outline, h.text) == ("1.1", "坚持学习先行")
    assert text[h.start:h.end] == "坚持学习先行"
    s = st.sentences[-1]
    assert text[s.body_start:s.end] == "把学习贯彻习近平法治思想作为重要政治任务创新学习模式"


def test_short_lead_phrase_is_kept_whole():
    text = "一、依法履职\n一是发挥示范带动作用。坚持日常学法。"
    assert outline(text)[-1] == ("1.1", "发挥示范带动作用")


def test_chapter_heading_line_is_not_cut():
    text = "一、深学笃行习近平法治思想,扛稳扛牢第一责任人职责\n做了事情。"
    assert outline(text) == [("1", "深学笃行习近平法治思想,扛稳扛牢第一责任人职责")]


# ---------------------------------------------------------------- problem and plan chapters


def test_problem_chapter_and_its_children_are_flagged():
    st = parse_structure(PROBLEMS_AND_PLANS)
    assert [(h.outline, h.problem) for h in st.headings] == [
        ("1", False), ("2", True), ("2.1", True), ("2.1.1", True),
        ("3", False), ("3.1", False), ("3.1.1", False), ("4", False),
    ]
    assert [h.is_goal for h in st.headings][:4] == [True, False, False, False]


def test_plan_chapters_and_their_children_are_planned():
    st = parse_structure(PROBLEMS_AND_PLANS)
    assert st.year == 2023
    assert [(h.outline, h.planned) for h in st.headings] == [
        ("1", False), ("2", False), ("2.1", False), ("2.1.1", False),
        ("3", True), ("3.1", True), ("3.1.1", True), ("4", True),
    ]


def test_plan_heading_for_the_report_year_is_not_planned():
    st = parse_structure(TITLE + "一、2023年重点工作安排落实情况\n做了事情。")
    assert st.headings[0].planned is False


@pytest.mark.parametrize("heading", ["存在的不足和原因", "需要改进的方面", "有待加强的地方", "当前面临的困难和挑战"])
def test_chapters_naming_what_falls_short_are_problem_chapters(heading):
    st = parse_structure(TITLE + f"一、主要工作\n做了事情。\n二、{heading}\n一是能力有待提升。\n")
    assert [h.problem for h in st.headings if h.rank == 1] == [False, True]


def test_chapter_about_solving_problems_is_a_goal():
    st = parse_structure(TITLE + "一、着力解决群众反映强烈的突出问题\n做了事情。")
    assert st.headings[0].problem is False


# ---------------------------------------------------------------- chrome, title, issuer, year


def test_chrome_lines_are_excluded_from_sentences():
    st = parse_structure(CHROME)
    assert [CHROME[s:e] for s, e in st.chrome] == [
        "专栏首页", "工作动态", "首页 > 政务公开 > 法治政府", "来源:南阳市司法局 发布时间:2024-03-06",
    ]
    assert [s.text for s in st.sentences] == [
        "南阳市人民政府关于2023年法治政府建设情况的报告", "2023年,我市做了很多工作。", "一、依法履职", "做了事情。",
    ]
    assert st.title == "南阳市人民政府关于2023年法治政府建设情况的报告"
    assert st.issuer is None
    assert st.year == 2023


def test_short_navigation_lines_before_an_untitled_body_are_chrome():
    text = "首页\n工作动态\n政务公开\n2022年，我区坚持依法行政，做了很多很多很多很多很多很多很多很多很多很多的事情。\n一、依法履职\n做了事情。"
    st = parse_structure(text)
    assert [text[s:e] for s, e in st.chrome] == ["首页", "工作动态", "政务公开"]
    assert st.title is None
    assert st.year == 2022
    assert st.sentences[0].text.startswith("2022年，我区坚持依法行政")


def test_issuer_line_before_the_title():
    text = "南阳市人民政府\n关于2023年法治政府建设情况的报告\n一、依法履职\n做了事情。"
    st = parse_structure(text)
    assert st.issuer == "南阳市人民政府"
    assert st.title == "关于2023年法治政府建设情况的报告"
    assert text[st.title_span[0]:st.title_span[1]] == "南阳市人民政府\n关于2023年法治政府建设情况的报告"
    assert st.year == 2023
    assert st.sentences[0].heading is None


def test_title_year_wins_over_body_years():
    st = parse_structure("武汉市人民政府关于2022年度推进法治政府建设情况的报告\n2023年工作安排如下。")
    assert st.year == 2022


def test_work_report_year_is_the_first_body_heading_year():
    st = parse_structure(WORK_REPORT)
    assert st.title == "政府工作报告"
    assert st.year == 2018
    assert outline(WORK_REPORT) == [("1", "2018年工作回顾")]


def test_work_report_year_ignores_years_in_opening_prose():
    text = "政府工作报告\n各位代表：\n2019年是新中国成立70周年。\n一、2018年工作回顾\n做了事情。"
    assert parse_structure(text).year == 2018


def test_untitled_report_starting_with_a_chapter_about_the_situation():
    text = "一、2023年工作情况\n做了事情。\n二、2024年工作安排\n做事。"
    st = parse_structure(text)
    assert st.title is None
    assert [(h.outline, h.text) for h in st.headings] == [("1", "2023年工作情况"), ("2", "2024年工作安排")]


def test_untitled_text_starting_with_a_section_heading():
    text = "(一)深化改革\n取消审批事项5项。"
    st = parse_structure(text)
    assert [h.text for h in st.headings] == ["深化改革"]
    assert [s.text for s in st.sentences] == ["(一)深化改革", "取消审批事项5项。"]


# ---------------------------------------------------------------- offsets


def _all_texts() -> list[tuple[str, str]]:
    texts = {
        "nested": NESTED, "chrome": CHROME, "work-report": WORK_REPORT, "plans": PROBLEMS_AND_PLANS,
        "english": ENGLISH, "crlf": TITLE.replace("\n", "\r\n") + "一、依法履职\r\n(一)深化改革。一是清理事项。\r\n",
        "run-in": "一、依法履职\n一是清理事项。累计赋予权限421项二是优化服务。是强化监督。",
    }
    texts.update({p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))})
    return sorted(texts.items())


@pytest.mark.parametrize(("name", "text"), _all_texts(), ids=[n for n, _ in _all_texts()])
def test_offsets_point_into_the_text(name, text):
    st = parse_structure(text)
    assert st.sentences
    for s in st.sentences:
        assert text[s.start:s.end] == s.text
        assert s.start <= s.body_start <= s.end
    for h in st.headings:
        assert text[h.start:h.end] == h.text
    starts = [s.start for s in st.sentences]
    assert starts == sorted(starts)
    for a, b in zip(st.sentences, st.sentences[1:]):
        assert a.end <= b.start
    for cs, ce in st.chrome:
        assert not any(s.start < ce and cs < s.end for s in st.sentences)


def test_crlf_line_ends_stay_out_of_titles_and_headings():
    text = TITLE.replace("\n", "\r\n") + "一、依法履职\r\n(一)深化改革。\r\n"
    st = parse_structure(text)
    assert st.title == "南阳市人民政府关于2023年法治政府建设情况的报告"
    assert [h.text for h in st.headings] == ["依法履职", "深化改革"]


# ---------------------------------------------------------------- the Nanyang report


@pytest.fixture(scope="module")
def nanyang():
    return parse_structure((CORPUS / "nanyang-2023.txt").read_text(encoding="utf-8"))


def test_nanyang_title_and_year(nanyang):
    assert nanyang.title == "南阳市人民政府关于2023年法治政府建设情况的报告"
    assert nanyang.year == 2023
    chrome = [nanyang.text[s:e] for s, e in nanyang.chrome]
    assert chrome[:4] == ["专栏首页", "行政规范性文件", "工作动态", "行政执法监督"]
    assert chrome[4].startswith("首页 > 暂停栏目 > ")
    assert chrome[5].startswith("来源:南阳市司法局")


def test_nanyang_sections_under_chapter_two_despite_damaged_markers(nanyang):
    sections = [h for h in nanyang.headings if h.rank == RANK_SECTION]
    assert [(h.outline, h.marker, h.text) for h in sections] == [
        ("2.1", ")", "坚持突破创新,持续强化高质量发展的法治保障"),
        ("2.2", ")", "坚持源头把控,持续提升依法科学民主决策水平"),
        ("2.3", ")", "坚持依法行政,持续推动严格规范公正文明执法"),
        ("2.4", "(四)", "坚持刀刃向内,持续强化政府权力的制约监督"),
        ("2.5", ")", "坚持强基固本,全面夯实市域依法治理基础"),
    ]
    assert all(h.parent.outline == "2" for h in sections)


def test_nanyang_items_of_chapter_one(nanyang):
    items = [(h.outline, h.marker, h.text) for h in nanyang.headings if h.outline.startswith("1.")]
    assert items == [
        ("1.1", "一是", "坚持学习先行"),
        ("1.2", "二是", "发挥示范带动作用"),
        ("1.3", "是", "加强制度设计"),
        ("1.4", "是", "压实各方责任"),
    ]


def test_nanyang_run_in_items_and_chapter_flags(nanyang):
    by_outline = {h.outline: h for h in nanyang.headings}
    # 二是 and 三是 follow the previous sentence without a full stop.
    assert by_outline["2.1.2"].text == "审批服务提质增效"
    assert by_outline["2.1.3"].text == "营商环境明显改善"
    assert by_outline["3"].problem and not by_outline["3"].planned
    assert by_outline["4"].planned and not by_outline["4"].problem
    assert [h.outline for h in nanyang.headings if h.problem] == ["3"]
    assert len(nanyang.headings) == 37


# ---------------------------------------------------------------- unnumbered lead sentences

WORK = (
    "某某县人民政府工作报告\n"
    "一、今年主要任务\n"
    "（一）壮大实体经济\n"
    "培育特色农产品加工集群。新建冷链仓储设施，引进精深加工企业，延长产业链条。\n"
    "改善县城道路交通条件。改造老旧街巷，打通断头路，增设公共停车泊位。\n"
    "（二）办好民生实事。提升基层医疗服务能力。建设乡镇卫生院，培训乡村医生，推广家庭医生签约。\n"
    "——城乡面貌持续改观。整治人居环境，清理河道垃圾，完成厕所改造。\n"
    "全年接待游客120万人次。旅游收入增长一成，带动就业，惠及农户。\n"
    "做好群众工作。\n"
)


def _headings(text):
    return [(h.outline, h.text, h.parent.text if h.parent else None) for h in parse_structure(text).headings]


def test_lead_sentence_opening_a_paragraph_heads_its_actions():
    st = parse_structure(WORK)
    heads = _headings(WORK)
    assert ("1.1.1", "培育特色农产品加工集群", "壮大实体经济") in heads
    assert ("1.1.2", "改善县城道路交通条件", "壮大实体经济") in heads
    sent = next(s for s in st.sentences if s.text.startswith("改造老旧街巷"))
    assert sent.heading.text == "改善县城道路交通条件"
    # The heading's own sentence is not where actions are read from.
    head_sent = next(s for s in st.sentences if s.text.startswith("改善县城"))
    assert head_sent.body_start == head_sent.end


def test_lead_sentence_run_into_a_numbered_heading_and_dash_led_line():
    heads = _headings(WORK)
    assert ("1.2", "办好民生实事", "今年主要任务") in heads
    assert ("1.2.1", "提升基层医疗服务能力", "办好民生实事") in heads
    assert ("1.2.2", "城乡面貌持续改观", "办好民生实事") in heads


def test_lead_sentence_reach_ends_with_its_paragraph():
    st = parse_structure(WORK)
    # A count is a result, not a heading; the sentence stands under the numbered heading.
    sent = next(s for s in st.sentences if s.text.startswith("全年接待游客"))
    assert sent.heading.text == "办好民生实事"
    assert all(h.text not in ("全年接待游客120万人次", "做好群众工作") for h in st.headings)


def test_short_sentence_inside_a_paragraph_is_an_action_not_a_heading():
    text = "一、工作回顾\n建设高标准农田。弘扬工匠精神。加强质量支撑，打造知名品牌。\n"
    assert [h.text for h in parse_structure(text).headings] == ["工作回顾", "建设高标准农田"]


def test_numbered_heading_label_runs_to_its_full_stop():
    text = "一、工作回顾\n一是依靠创新引领产业升级，增强城乡区域发展新动能。强化科技力量，实施重大项目。\n"
    assert [h.text for h in parse_structure(text).headings][1] == "依靠创新引领产业升级，增强城乡区域发展新动能"


def test_run_in_sub_headings_inside_a_paragraph():
    text = (
        "某县政府工作报告\n一、今年重点工作\n"
        "（一）推进协同发展。紧扣区域协同主线，全面对接、主动承接。加强产业协作。融入区域产业链条，"
        "推进预制构件项目，引进上下游配套企业落户。加强创新协同。对接高校科研院所，共建孵化基地，建设中试中心。\n"
    )
    st = parse_structure(text)
    heads = [(h.outline, h.text) for h in st.headings]
    assert ("1.1.1", "加强产业协作") in heads and ("1.1.2", "加强创新协同") in heads
    sent = next(s for s in st.sentences if s.text.startswith("对接高校"))
    assert sent.heading.text == "加强创新协同" and sent.heading.parent.text == "推进协同发展"


def test_short_actions_in_a_row_are_no_run_in_headings():
    text = (
        "一、今年重点工作\n（一）壮大制造业。实施技术改造工程，培育先进制造业集群，推动传统产业升级。"
        "加快发展生产性服务业。促进中小企业专精特新发展。弘扬工匠精神。加强标准引领，打造知名品牌，提升质量。\n"
    )
    assert [h.text for h in parse_structure(text).headings] == ["今年重点工作", "壮大制造业"]


def test_bare_lines_head_chapters_where_none_is_numbered():
    text = (
        "某县政府工作报告\n"
        "二〇二四年工作回顾\n过去一年，我们开展了大量工作，经济运行稳中向好，民生持续改善，各项事业取得新进展。\n"
        "二〇二五年主要目标任务\n今年要坚持稳中求进，抓好项目建设，推动产业升级，保障改善民生。\n"
    )
    st = parse_structure(text)
    assert [(h.outline, h.text, h.planned) for h in st.headings] == [
        ("1", "二〇二四年工作回顾", False), ("2", "二〇二五年主要目标任务", True)]


def _goals(text: str) -> list[tuple[str, str]]:
    return [(h.outline, h.text) for h in parse_structure(TITLE + text).headings if h.is_goal]


def test_a_list_of_shortcomings_gives_no_goals():
    text = ("一、工作回顾\n全年完成各项任务。\n"
            "我们也清醒地认识到，工作中还存在一些问题和不足：一是基层执法力量薄弱。二是数字化水平不高。\n"
            "三是队伍素质有待提高。\n"
            "二、下一步安排\n一是深化执法改革。二是建设数字平台。\n")
    assert _goals(text) == [("1", "工作回顾"), ("2", "下一步安排"), ("2.1", "深化执法改革"), ("2.2", "建设数字平台")]


def test_a_list_of_remedies_for_shortcomings_gives_goals():
    text = "一、下一步安排\n针对存在的问题，我们将采取以下措施：一是充实基层执法力量。二是提升数字化水平。\n"
    assert [t for _, t in _goals(text)] == ["下一步安排", "充实基层执法力量", "提升数字化水平"]


def test_yao_enumerators_head_items_without_the_marker():
    text = "一、重点工作\n加强生态保护。一要推进污染治理。二要实施植树工程，扩大林地。三要健全监测网络。\n"
    assert [t for _, t in _goals(text)][-3:] == ["推进污染治理", "实施植树工程，扩大林地", "健全监测网络"]


def test_a_new_list_restarts_at_one_after_a_colon():
    text = ("一、规划说明\n编制中把握以下几点：一是对标对表。二是突出重点。\n"
            "规划明确了发展目标：一是经济实力持续提升，二是改革取得新突破，三是民生不断改善。\n")
    labels = [t for _, t in _goals(text)]
    assert labels[-3:] == ["经济实力持续提升", "改革取得新突破", "民生不断改善"]


def test_an_enumerator_after_a_pdf_line_space():
    text = "一、重点工作\n一是扩大有效投资。二是 提振居民消费。三是\u3000稳定外贸。\n"
    assert [t for _, t in _goals(text)][-3:] == ["扩大有效投资", "提振居民消费", "稳定外贸"]


def test_an_items_lead_ends_at_its_first_comma_when_no_clause_opens_before_it():
    text = "一、自身建设\n一要建设法治政府，始终坚持依法决策、依法行政、依法办事，主动接受各方面监督，让权力在阳光下运行。\n"
    assert _goals(text)[-1] == ("1.1", "建设法治政府")


# ---------------------------------------------------------------- where a lead stands after a list of 一是 items

def _parent_of(text, heading):
    h = next(h for h in parse_structure(text).headings if h.text == heading)
    return h.parent.text if h.parent else None


def test_lead_after_a_run_in_list_is_a_peer_of_the_lead_above_it():
    text = ("某某县人民政府工作报告\n一、今年主要任务\n（一）壮大实体经济\n"
            "培育特色农产品加工集群。重点抓好两件事：一是新建冷链仓储设施，引进加工企业。二是延长产业链条，打造区域品牌。\n"
            "改善县城道路交通条件。改造老旧街巷，打通断头路，增设公共停车泊位。\n")
    # The lead heads the list its paragraph goes on into; the next lead is its peer.
    assert _parent_of(text, "新建冷链仓储设施，引进加工企业") == "培育特色农产品加工集群"
    assert _parent_of(text, "延长产业链条，打造区域品牌") == "培育特色农产品加工集群"
    assert _parent_of(text, "改善县城道路交通条件") == "壮大实体经济"


def test_lead_after_a_list_that_a_lead_introduced_ends_the_list():
    text = ("某某县人民政府工作报告\n一、今年主要任务\n（一）壮大实体经济\n"
            "培育特色农产品加工集群。围绕本地优势农产品，补齐加工短板，重点做好以下几项工作。\n"
            "一是新建冷链仓储设施，引进精深加工企业，延长产业链条。\n"
            "二是支持龙头企业建设原料基地，带动农户增收致富。\n"
            "改善县城道路交通条件。改造老旧街巷，打通断头路，增设公共停车泊位。\n")
    items = [h for h in parse_structure(text).headings if h.marker in ("一是", "二是")]
    assert [h.parent.text for h in items] == ["培育特色农产品加工集群"] * 2
    assert _parent_of(text, "改善县城道路交通条件") == "壮大实体经济"


def test_leads_under_items_that_head_them_stay_nested():
    # Each 一是 item is a heading of its own paragraph, and leads with their actions follow it.
    text = ("某某县人民政府工作报告\n一、过去一年工作回顾\n"
            "一是稳住经济大盘，发展质量稳步提升。\n"
            "内需拉动明显增强。实施重点项目，扩大有效投资，促进消费回暖。\n"
            "产业升级步伐加快。培育新兴产业，改造传统产业，壮大县域经济。\n"
            "二是办好民生实事，群众生活持续改善。\n"
            "就业形势总体稳定。开发公益岗位，扶持创业带动就业，做好技能培训。\n")
    assert _parent_of(text, "内需拉动明显增强") == "稳住经济大盘，发展质量稳步提升"
    assert _parent_of(text, "产业升级步伐加快") == "稳住经济大盘，发展质量稳步提升"
    assert _parent_of(text, "就业形势总体稳定") == "办好民生实事，群众生活持续改善"


def test_salutation_paragraph_ends_the_open_list():
    text = ("某某县人民政府工作报告\n各位代表：\n一、过去一年工作回顾\n"
            "一是稳住经济大盘，发展质量稳步提升。\n"
            "内需拉动明显增强。实施重点项目，扩大有效投资，促进消费回暖。\n"
            "各位代表！\n"
            "过去五年的成绩来之不易。这得益于上级的正确领导，得益于全县干部群众的团结奋斗。\n")
    assert _parent_of(text, "内需拉动明显增强") == "稳住经济大盘，发展质量稳步提升"
    assert _parent_of(text, "过去五年的成绩来之不易") == "过去一年工作回顾"


def test_list_goes_on_after_a_sentence_read_as_a_lead():
    text = ("某某县人民政府工作报告\n一、今年主要任务\n（一）壮大实体经济\n"
            "培育特色农产品加工集群。围绕本地优势农产品，补齐加工短板，重点做好以下几项工作。\n"
            "一是新建冷链仓储设施，引进精深加工企业，延长产业链条。\n"
            "二是支持龙头企业建设原料基地，带动农户增收致富。\n"
            "龙头企业是带动增收的主力。要落实扶持政策，帮助企业解决用地难题，优化审批服务。\n"
            "三是推广订单农业，稳定农户收益预期。\n")
    items = [h for h in parse_structure(text).headings if h.marker in ("一是", "二是", "三是")]
    assert [(h.number, h.parent.text) for h in items] == [(1, "培育特色农产品加工集群"), (2, "培育特色农产品加工集群"),
                                                       (3, "培育特色农产品加工集群")]


def test_salutation_opening_a_paragraph_ends_the_list_unless_the_next_item_follows():
    text = ("某某县人民政府工作报告\n各位代表：\n一、今年主要任务\n"
            "一是守住生态底线。治理扬尘污染，整治散乱企业，改善空气质量。\n"
            "各位代表，环境一旦恶化，发展就会受阻。我们将以最大的决心，打好污染防治攻坚战。\n"
            "二是守住安全底线。排查风险隐患，开展专项整治，确保大局稳定。\n"
            "各位代表！实现今年目标，对政府自身建设提出更高要求。\n"
            "建设法治政府。严格依法行政，推进政务公开，自觉接受监督，提高办事效率。\n")
    st = parse_structure(text)
    items = [h for h in st.headings if h.marker in ("一是", "二是")]
    assert [(h.number, h.parent.text) for h in items] == [(1, "今年主要任务"), (2, "今年主要任务")]
    assert _parent_of(text, "建设法治政府") == "今年主要任务"


def test_list_introduced_by_its_own_paragraph_is_no_sub_list_of_the_lead_above():
    text = ("某某县人民政府工作报告\n一、今年主要任务\n（一）壮大实体经济\n"
            "培育特色农产品加工集群。新建冷链仓储设施，引进精深加工企业，延长产业链条。\n"
            "为方便群众办事，今年再办好两件实事。一是新建一所公办幼儿园。二是改造两条老旧街巷。\n")
    items = [h for h in parse_structure(text).headings if h.marker in ("一是", "二是")]
    assert [h.parent.text for h in items] == ["壮大实体经济"] * 2


def test_list_of_shortcomings_after_a_lead_is_no_sub_list_of_it():
    text = ("某某县人民政府工作报告\n一、过去一年工作回顾\n"
            "农业产业化加快推进。新建冷链仓储设施，引进精深加工企业，延长产业链条。\n"
            "同时也要看到，发展中还存在一些问题和不足。\n"
            "一是加工企业规模偏小，带动能力不强。\n二是冷链物流短板明显，损耗偏高。\n")
    items = [h for h in parse_structure(text).headings if h.marker in ("一是", "二是")]
    assert [(h.parent.text, h.problem) for h in items] == [("过去一年工作回顾", True)] * 2


# ---------------------------------------------------------------- parts above chapters numbered again

PARTS = (
    "某某县人民政府工作报告\n各位代表：\n"
    "2023年工作回顾\n"
    "过去一年，我们攻坚克难、砥砺奋进，全县经济稳中有进，民生持续改善，社会和谐稳定。\n"
    "一、坚持项目带动，产业基础持续夯实\n新建标准厂房，引进配套企业，壮大县域经济。\n"
    "二、坚持改革创新，发展活力不断增强\n深化审批改革，优化营商环境，激发市场活力。\n"
    "2024年工作安排\n"
    "今年要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动县域经济高质量发展。\n"
    "一、聚焦扩大有效投资，增强发展后劲\n谋划储备项目，加快项目建设，争取上级资金。\n"
    "二、聚焦产业转型升级，壮大实体经济\n改造传统产业，培育新兴产业，建设特色园区。\n"
)


def test_bare_lines_head_parts_when_chapter_numbers_start_again():
    heads = {h.text: h for h in parse_structure(PARTS).headings}
    review, plan = heads["2023年工作回顾"], heads["2024年工作安排"]
    assert heads["坚持项目带动，产业基础持续夯实"].parent is review
    assert heads["聚焦扩大有效投资，增强发展后劲"].parent is plan
    # Chapters numbered again get outline numbers of their own, and plans stand under the plans part.
    assert [heads[t].outline for t in ("坚持改革创新，发展活力不断增强", "聚焦产业转型升级，壮大实体经济")] == ["1.2", "2.2"]
    assert heads["聚焦产业转型升级，壮大实体经济"].planned and not heads["坚持改革创新，发展活力不断增强"].planned


def test_chapters_numbered_on_across_parts_stand_under_them():
    # The chapters are numbered once (一、二 / 三、四), but each run follows its part line closely.
    text = PARTS.replace("一、聚焦扩大", "三、聚焦扩大").replace("二、聚焦产业", "四、聚焦产业")
    heads = {h.text: h for h in parse_structure(text).headings}
    plan = heads["2024年工作安排"]
    assert (plan.rank, plan.parent) == (RANK_PART, None)
    assert [heads[t].parent.text for t in ("坚持改革创新，发展活力不断增强", "聚焦产业转型升级，壮大实体经济")] == [
        "2023年工作回顾", "2024年工作安排"]
    assert heads["聚焦产业转型升级，壮大实体经济"].outline == "2.4" and heads["聚焦产业转型升级，壮大实体经济"].planned


REVIEW = "过去一年，我们攻坚克难、砥砺奋进，全县经济稳中有进，民生持续改善，社会和谐稳定。\n"
BODY = "新建标准厂房，引进配套企业，壮大县域经济，全年完成固定资产投资，增长百分之八。\n"


def test_a_bare_line_close_before_the_only_run_of_chapters_heads_it():
    text = ("某某县人民政府工作报告\n各位代表：\n2023年工作回顾\n" + REVIEW +
            "2024年工作安排\n今年要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动县域经济高质量发展。\n"
            "一、聚焦扩大有效投资，增强发展后劲\n" + BODY + "二、聚焦产业转型升级，壮大实体经济\n" + BODY +
            "全面加强政府自身建设\n" + REVIEW)
    heads = {h.text: h for h in parse_structure(text).headings}
    assert [(heads[t].rank, heads[t].parent) for t in ("2023年工作回顾", "2024年工作安排", "全面加强政府自身建设")] == [
        (RANK_PART, None)] * 3
    assert heads["聚焦产业转型升级，壮大实体经济"].parent.text == "2024年工作安排"
    assert heads["聚焦产业转型升级，壮大实体经济"].planned


def test_a_bare_line_far_before_the_only_run_of_chapters_heads_a_chapter_of_its_own():
    # The review's paragraphs stand between the line and the year's numbered tasks.
    text = "某某县人民政府工作报告\n各位代表：\n首先报告去年的工作\n" + REVIEW * 9 + "一、扩大有效投资\n" + BODY
    heads = {h.text: h for h in parse_structure(text).headings}
    assert (heads["首先报告去年的工作"].rank, heads["首先报告去年的工作"].outline) == (RANK_CHAPTER, "1")
    assert heads["扩大有效投资"].parent is None


def test_bare_lines_inside_a_numbered_chapter_head_its_sections():
    text = ("某某县人民政府工作报告\n一、关于改革\n" + REVIEW + "关于教育改革问题\n" + BODY + "关于科技体制问题\n" + BODY +
            "二、今年主要任务\n" + REVIEW + "加强党的领导\n" + BODY + BODY)
    heads = parse_structure(text).headings
    assert [(h.outline, h.text, h.parent.text if h.parent else None) for h in heads] == [
        ("1", "关于改革", None), ("1.1", "关于教育改革问题", "关于改革"), ("1.2", "关于科技体制问题", "关于改革"),
        ("2", "今年主要任务", None), ("2.1", "加强党的领导", "今年主要任务")]
    st = parse_structure(text)
    after = [x for x in st.sentences if x.text.startswith("新建标准厂房")]
    assert [x.heading.text for x in after] == ["关于教育改革问题", "关于科技体制问题", "加强党的领导", "加强党的领导"]


def test_broken_and_lone_noun_lines_are_no_headings():
    # A phrase set on a line of its own (a link, a bold word) inside a chapter, and a line after a bare dash.
    text = ("某某县人民政府工作报告\n一、过去一年工作回顾\n" + REVIEW + "工业经济运行质量明显提高。\n中国驰名商标\n" + BODY +
            "——\n改革开放\n不断深化，重点领域改革取得突破，营商环境持续优化，市场主体不断壮大。\n"
            "全面建设小康社会\n，重点在农村，难点也在农村，必须统筹城乡经济社会发展，增加农民收入。\n")
    assert [h.text for h in parse_structure(text).headings] == ["过去一年工作回顾"]


def test_a_series_of_heading_lines_with_commas_heads_sections():
    text = ("某某县人民政府工作报告\n各位代表：\n2023年工作回顾\n" + REVIEW +
            "一年来，我们坚持稳中提质，综合实力稳步提升\n" + BODY + "一年来，我们坚持民生优先，群众福祉日益增进\n" + BODY +
            "一年来，工作中还有一些不足，\n" + BODY)
    heads = parse_structure(text).headings
    assert [(h.outline, h.text) for h in heads] == [
        ("1", "2023年工作回顾"), ("1.1", "一年来，我们坚持稳中提质，综合实力稳步提升"),
        ("1.2", "一年来，我们坚持民生优先，群众福祉日益增进")]


def test_list_of_yi_shi_items_inside_an_ordinal_point():
    text = ("某某县人民政府工作报告\n一、今年主要任务\n"
            "第一，培育主导产业。围绕资源禀赋谋划场景：一是新能源场景。二是现代物流场景。三是文化旅游场景。\n"
            "第二，优化营商环境。围绕企业需求打造场景：一是政务服务场景。二是要素保障场景。\n")
    heads = parse_structure(text).headings
    points = [h for h in heads if h.marker.startswith("第")]
    assert [(h.outline, h.text) for h in points] == [("1.1", "培育主导产业"), ("1.2", "优化营商环境")]
    items = [h for h in heads if h.marker.endswith("是")]
    assert [(h.outline, h.parent.text) for h in items] == [
        ("1.1.1", "培育主导产业"), ("1.1.2", "培育主导产业"), ("1.1.3", "培育主导产业"),
        ("1.2.1", "优化营商环境"), ("1.2.2", "优化营商环境")]


def test_ordinals_listed_as_words_are_no_enumerator():
    text = "某某县人民政府工作报告\n一、工作回顾\n第一、第二、第三产业的结构更加合理，服务业比重提高。\n"
    assert [h.text for h in parse_structure(text).headings] == ["工作回顾"]


def test_salutation_before_the_next_chapter_speaks_for_the_chapter():
    text = ("某某县人民政府工作报告\n各位代表：\n一、过去一年工作回顾\n"
            "（一）经济运行稳中向好。新建标准厂房，引进配套企业，壮大县域经济。\n"
            "（二）民生福祉持续改善。新增城镇就业，提高低保标准，改造老旧小区。\n"
            "各位代表！五年来，我们坚持人民至上，各项事业取得新进展。\n"
            "脱贫成果巩固拓展。落实帮扶政策，发展特色产业，稳定就业增收。\n"
            "二、今年主要任务\n（一）扩大有效投资。谋划储备项目，加快项目建设。\n")
    assert _parent_of(text, "脱贫成果巩固拓展") == "过去一年工作回顾"


def test_section_goes_on_when_its_list_continues_after_a_salutation():
    text = ("某某县人民政府工作报告\n各位代表：\n一、今年主要任务\n"
            "（一）守住两条底线\n"
            "一是守住生态底线。治理扬尘污染，整治散乱企业，改善空气质量。\n"
            "各位代表，环境一旦恶化，发展就会受阻。我们将以最大的决心，打好污染防治攻坚战。\n"
            "二是守住安全底线。排查风险隐患，开展专项整治，确保大局稳定。\n"
            "二、加强政府自身建设\n坚持依法行政，自觉接受监督。\n")
    items = [h for h in parse_structure(text).headings if h.marker in ("一是", "二是")]
    assert [(h.number, h.parent.text) for h in items] == [(1, "守住两条底线"), (2, "守住两条底线")]


def test_lead_takes_the_number_after_its_numbered_siblings():
    text = ("某某县人民政府工作报告\n一、今年主要任务\n"
            "（一）壮大实体经济。重点抓好两件事：一是新建冷链仓储设施，引进加工企业。二是延长产业链条，打造区域品牌。\n"
            "改善县城道路交通条件。改造老旧街巷，打通断头路，增设公共停车泊位。\n")
    heads = {h.text: h.outline for h in parse_structure(text).headings}
    assert heads["新建冷链仓储设施，引进加工企业"] == "1.1.1"
    assert heads["延长产业链条，打造区域品牌"] == "1.1.2"
    assert heads["改善县城道路交通条件"] == "1.1.3"


def test_closing_parenthesis_of_a_split_line_is_no_section():
    # A subscript set on a line of its own splits a parenthesis over three lines.
    text = ("某某县人民政府工作报告\n一、工作回顾\n（一）生态环境持续改善。细颗粒物（PM\n2.5\n"
            "）平均浓度下降，优良天数比例提高。\n一是治理扬尘污染。二是整治散乱企业。\n")
    heads = parse_structure(text).headings
    assert [h.marker for h in heads] == ["一、", "（一）", "一是", "二是"]
    assert all(h.parent.text == "生态环境持续改善" for h in heads[2:])


def test_rest_of_a_split_sentence_is_no_lead():
    text = ("某某县人民政府工作报告\n一、今年主要任务\n（一）打好蓝天保卫战。确保细颗粒物（PM\n2.5\n"
            "）浓度继续下降。持续开展治理，推进清洁取暖，完成改造任务。\n")
    assert [h.text for h in parse_structure(text).headings] == ["今年主要任务", "打好蓝天保卫战"]


def test_parts_numbered_as_parts_head_their_chapters():
    text = (TITLE + "第一部分 2023年法治政府建设工作情况\n一、加强党的领导\n坚持党委统一领导。\n二、深化改革\n推行一网通办。\n"
            "第二部分 存在的问题\n执法力量不足。\n第三部分 2024年工作打算\n一是深化执法改革。推行综合查一次。\n")
    st = parse_structure(text)
    parts = [h for h in st.headings if h.rank == 0]
    assert [(h.text, h.number, h.problem, h.planned) for h in parts] == [
        ("2023年法治政府建设工作情况", 1, False, False), ("存在的问题", 2, True, False), ("2024年工作打算", 3, False, True)]
    assert [h.parent.text for h in st.headings if h.rank == 1] == ["2023年法治政府建设工作情况"] * 2


def test_a_marker_alone_on_its_line_heads_the_words_on_the_next():
    # A page that sets the marker apart (in bold) leaves it on a line of its own.
    text = ("某某县人民政府工作报告\n一、今年主要任务\n要抓好以下工作。\n一是\n完善法规制度。制定配套办法，清理过时文件。\n"
            "二是\n加强执法监督。开展专项检查，纠正违法行为。\n第三，\n优化政务服务。推行一网通办，压缩办理时限。\n"
            "（二）\n强化组织保障\n落实工作责任，加强督促检查，确保任务完成。\n")
    heads = parse_structure(text).headings
    assert [(h.marker, h.text) for h in heads] == [
        ("一、", "今年主要任务"), ("一是", "完善法规制度"), ("二是", "加强执法监督"), ("第三，", "优化政务服务"),
        ("（二）", "强化组织保障")]
    assert all(text[h.start:h.end] == h.text for h in heads)


def test_a_sentence_opened_by_shi_after_an_ordinal_point_is_no_item():
    text = ("某某县人民政府工作报告\n一、今年主要任务\n第一，实行技术革新。我们必须采用先进技术。难道做不到吗？"
            "是空谈吗？不，是做得到的。\n")
    heads = parse_structure(text).headings
    assert [h.text for h in heads] == ["今年主要任务", "实行技术革新"]


def test_a_line_ending_inside_a_word_heads_nothing():
    # No chapter is numbered, so bare lines head chapters; this one breaks 发展 over two lines.
    text = ("某县政府工作报告\n二〇二三年工作回顾\n" + REVIEW + "经济和社会发\n展的好形势，增强了我们继续前进的信心和勇气，各项事业全面进步。\n"
            "二〇二四年主要目标任务\n今年要坚持稳中求进，抓好项目建设，推动产业升级，保障改善民生，办好民生实事。\n")
    assert [h.text for h in parse_structure(text).headings] == ["二〇二三年工作回顾", "二〇二四年主要目标任务"]


def test_a_bare_section_line_right_under_a_numbered_chapter_line_heads_a_section():
    # 一、… ends no sentence, yet the bare line after it starts afresh: the chapter's first section
    work = "县政府常务会议专题研究法治政府建设工作，制定年度工作要点，将法治政府建设纳入综合绩效考核。\n"
    text = (TITLE + "2023年，全县深入学习贯彻习近平法治思想，法治政府建设取得新成效。\n"
            "一、主要工作成效\n强化法治建设组织领导\n" + work + "深化行政审批制度改革\n" + work +
            "三、下一步工作安排\n全面提升依法行政水平\n" + work)
    heads = {h.text: h for h in parse_structure(text).headings}
    for line, chapter in (("强化法治建设组织领导", "主要工作成效"), ("深化行政审批制度改革", "主要工作成效"),
                          ("全面提升依法行政水平", "下一步工作安排")):
        assert heads[line].rank == RANK_SECTION and heads[line].parent.text == chapter
