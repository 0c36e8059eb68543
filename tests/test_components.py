"""Tests for the govkg spaCy components: what each finds in ``doc._.govkg``."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import spacy

from govkg.extractor import COMPONENTS, build_pipeline
from govkg.extractor.components.agencies import AgencyRecognizer
from govkg.extractor.components.base import PatternComponent
from govkg.extractor.patterns import read_patterns

TITLE = "南阳市人民政府关于2023年法治政府建设情况的报告\n"


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="module")
def char_nlp():
    """The same components on spaCy's character segmenter instead of jieba."""
    nlp = spacy.blank("zh")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def body(nlp, text: str, *, title: str = TITLE):
    """Findings for ``title + text``, with mentions limited to the body text."""
    f = nlp(title + text)._.govkg
    return f, len(title)


def mentions(nlp, text: str, label: str, *, title: str = TITLE) -> list[tuple[str, str]]:
    """(surface, canonical) of the ``label`` mentions found in the body after ``title``."""
    f, skip = body(nlp, text, title=title)
    return [(m.name, m.canonical) for m in f.mentions if m.label == label and m.start >= skip]


def names(nlp, text: str, label: str, *, title: str = TITLE) -> list[str]:
    return [n for n, _ in mentions(nlp, text, label, title=title)]


# ---------------------------------------------------------------- report context


def test_report_context_from_the_title(nlp):
    f = nlp(TITLE + "受到河南省表扬。")._.govkg
    assert (f.jurisdiction, f.level, f.province, f.year) == ("南阳市", "市", "河南省", 2023)


def test_jurisdiction_from_a_work_report_title_with_delivery_note(nlp):
    # Regression: the CJK run before 市 in the date note once gave 日在杭州市.
    title = "政府工作报告 (2019年1月21日在杭州市第十三届人民代表大会第四次会议上)\n"
    f = nlp(title + "市政府做了工作。")._.govkg
    assert f.jurisdiction == "杭州市"
    assert [m.canonical for m in f.mentions if m.name == "市政府"] == ["杭州市人民政府"]


def test_jurisdiction_of_an_untitled_report(nlp):
    # An untitled text that keeps naming its own place (全市 → a 市, named by its short form too).
    text = "全市上下奋力拼搏。南阳市经济稳中向好，南阳发展后劲增强，南阳人民安居乐业，南阳城乡面貌一新，南阳明天更美好。"
    f = nlp(text)._.govkg
    assert (f.jurisdiction, f.jurisdiction_source) == ("南阳市", "body")


def test_a_place_of_its_level_named_in_the_opening_is_the_jurisdiction(nlp):
    f = nlp("2024年，市政府推进法治建设。南阳市法治政府建设取得成效，全市上下团结奋进。")._.govkg
    assert (f.jurisdiction, f.jurisdiction_source) == ("南阳市", "body")


def test_a_place_named_once_in_passing_is_no_jurisdiction(nlp):
    # One mention deep in the text is no report's own place (a partner city, a visit): no jurisdiction,
    # which the audit flags.
    f = nlp("全市经济增长。" + "各项工作稳步推进。" * 120 + "我们赴南阳市考察学习。")._.govkg
    assert f.jurisdiction is None


# ---------------------------------------------------------------- agencies


def test_relative_agency_resolves_within_the_jurisdiction(nlp):
    assert mentions(nlp, "市政府印发通知，市司法局牵头落实。", "AGENCY") == [
        ("市政府", "南阳市人民政府"), ("市司法局", "南阳市司法局"),
    ]


def test_title_names_the_issuing_agency(nlp):
    f = nlp(TITLE + "做了工作。")._.govkg
    assert [(m.start, m.end, m.name, m.canonical) for m in f.mentions] == [
        (0, 7, "南阳市人民政府", "南阳市人民政府"),
    ]


def test_provincial_committee_resolves_when_the_province_is_named(nlp):
    assert mentions(nlp, "受到省委表扬。河南省法治建设现场会在我市举办。", "AGENCY") == [("省委", "河南省委")]


def test_provincial_committee_of_the_province_containing_the_jurisdiction(nlp):
    # 南阳市 lies in 河南省 (the gazetteer's hierarchy), though the text names no province.
    assert mentions(nlp, "受到省委、省政府表扬。", "AGENCY") == [("省委", "河南省委"), ("省政府", "河南省人民政府")]


def test_provincial_committee_stays_as_written_without_a_province(nlp):
    title = "关于2023年法治政府建设情况的报告\n"
    assert mentions(nlp, "受到省委、省政府表扬。", "AGENCY", title=title) == [("省委", "省委"), ("省政府", "省政府")]


def test_joined_party_and_government_organs_are_split(nlp):
    f, skip = body(nlp, "县委县政府高度重视。")
    assert [(m.start - skip, m.end - skip, m.name) for m in f.mentions if m.label == "AGENCY" and m.start >= skip] \
        == [(0, 2, "县委"), (2, 5, "县政府")]


def test_role_title_gives_its_organ(nlp):
    assert mentions(nlp, "市委书记、市长认真履行第一责任人职责。", "AGENCY") == [("市委", "南阳市委")]


def test_meeting_gives_its_organ_not_the_meeting(nlp):
    assert mentions(nlp, "市政府常务会议集中学法19次。", "AGENCY") == [("市政府", "南阳市人民政府")]


def test_counted_collective_is_not_an_agency(nlp):
    assert mentions(nlp, "市直33个部门共保留行政许可事项4776项。", "AGENCY") == []


def test_party_prefix_and_congress_committee(nlp):
    # 中共南阳市委 is the body that 市委 names: one canonical name, so one IRI.
    assert mentions(nlp, "中共南阳市委印发通知，市人大常委会开展监督。", "AGENCY") == [
        ("中共南阳市委", "南阳市委"), ("市人大常委会", "南阳市人大常委会"),
    ]


def test_agency_inside_a_title_belongs_to_the_title(nlp):
    assert mentions(nlp, "印发《南阳市人民政府关于开展乡镇综合行政执法工作的通知》。", "AGENCY") == []


def test_overall_situation_is_not_a_department(nlp):
    assert mentions(nlp, "服务全市发展大局。", "AGENCY") == []


# ---------------------------------------------------------------- places


def test_county_is_a_place(nlp):
    assert names(nlp, "西峡县入选示范项目。", "PLACE") == ["西峡县"]


def test_town_after_its_county_is_one_place(nlp):
    f, skip = body(nlp, "内乡县湍东镇开展试点。")
    assert [(m.start - skip, m.end - skip, m.name, m.rule) for m in f.mentions if m.label == "PLACE"] == [
        (0, 6, "内乡县湍东镇", "town"),
    ]


def test_generic_levels_are_not_places(nlp):
    assert names(nlp, "推动乡镇综合执法，全市法治建设成效明显。", "PLACE") == []


def test_province_short_name_and_new_area(nlp):
    assert names(nlp, "湖北长江新区开展工作。", "PLACE") == ["湖北", "长江新区"]


BAODING = "保定市人民政府关于2023年法治政府建设情况的报告\n"


def places(nlp, text: str, *, title: str = TITLE) -> list[tuple[str, str, str]]:
    """(surface, division code or region, level) of the places found in the body after ``title``."""
    f, skip = body(nlp, text, title=title)
    return [(m.name, m.canonical, m.level) for m in f.mentions if m.label == "PLACE" and m.start >= skip]


def test_places_carry_their_division_code(nlp):
    assert places(nlp, "河北省保定市清苑区开展试点。", title=BAODING) == [
        ("河北省", "130000", "province"), ("保定市", "130600", "city"), ("清苑区", "130608", "county")]


def test_former_name_resolves_to_the_current_division(nlp):
    assert places(nlp, "清苑县开展试点。", title=BAODING) == [("清苑县", "130608", "county")]


def test_short_forms_standing_as_places(nlp):
    assert places(nlp, "支持河北和保定发展。", title=BAODING) == [
        ("河北", "130000", "province"), ("保定", "130600", "city")]


def test_short_forms_that_are_words_are_not_places(nlp):
    # 振兴区 (丹东), 复兴区 (邯郸), 合作市 (甘南) exist, but here they are words
    liaoning = "辽宁省人民政府关于2023年法治政府建设情况的报告\n"
    assert names(nlp, "推进乡村振兴，实现民族复兴，扩大开放合作。", "PLACE", title=liaoning) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A short form after 周年 spells the common word (大庆: a grand celebration).
        ("隆重庆祝建校60周年大庆。", []),
        # A short form inside a hospital's or a school's name names the institution.
        ("支持中山医院和武汉大学建设分院。", []),
        # X经济区 is a named region, not the division whose short form X is.
        ("融入海西经济区建设。", ["海西经济区"]),
    ],
)
def test_short_forms_inside_other_names(nlp, text, expected):
    assert names(nlp, text, "PLACE", title=BAODING) == expected


def test_names_must_stand_as_words(nlp):
    assert names(nlp, "拓展上海市场，加快浙江西部发展，地级及以上城市空气质量改善。", "PLACE") == ["上海", "浙江"]


def test_town_inside_the_jurisdiction(nlp):
    # 湍东镇 lies in 内乡县 of 南阳市: a place in 南阳's report, not in 保定's
    assert places(nlp, "湍东镇开展试点。") == [("湍东镇", "411325-湍东镇", "town")]
    assert places(nlp, "湍东镇开展试点。", title=BAODING) == []


def test_town_whose_first_character_ends_a_county_is_the_county(nlp):
    # 阳城镇 lies in 清苑区 of 保定市; in 曲阳城镇 the 阳 belongs to 曲阳 (a county of 保定) and 城镇 is "towns"
    assert places(nlp, "建成曲阳城镇污水处理厂，推进阳城镇出口项目。", title=BAODING) == [
        ("曲阳", "130634", "county"), ("阳城镇", "130608-阳城镇", "town")]


def test_town_after_its_county_anywhere(nlp):
    assert places(nlp, "学习内乡县湍东镇经验。", title=BAODING) == [("内乡县湍东镇", "411325-湍东镇", "town")]


def test_verb_before_a_town_suffix_is_no_place(nlp):
    text = "实施乡村振兴，提升乡村治理，四是乡镇改革，人口城镇化率提高，中国县域经济发展，成城市群。"
    assert names(nlp, text, "PLACE") == []
    assert names(nlp, text, "PLACE", title=BAODING) == []


def test_ambiguous_county_needs_the_jurisdiction(nlp):
    nanjing = "南京市人民政府关于2023年法治政府建设情况的报告\n"
    assert places(nlp, "鼓楼区开展试点。", title=nanjing) == [("鼓楼区", "320106", "county")]
    national = "国务院关于2023年法治政府建设情况的报告\n"
    assert names(nlp, "鼓楼区开展试点。", "PLACE", title=national) == []


def test_regions_by_list_and_by_grammar(nlp):
    text = "推进京津冀协同发展，融入长三角一体化，建设武汉城市圈和河南自贸试验区，服务雄安新区。"
    assert places(nlp, text) == [
        ("京津冀", "京津冀", "region"), ("长三角", "长江三角洲", "region"), ("武汉城市圈", "武汉城市圈", "region"),
        ("河南自贸试验区", "河南自贸试验区", "region"), ("雄安新区", "雄安新区", "region")]


def test_a_division_named_like_a_new_area_stays_a_division(nlp):
    assert places(nlp, "上海浦东新区开展试点。") == [("上海", "310000", "province"), ("浦东新区", "310115", "county")]


def test_places_inside_agency_names_are_left_out(nlp):
    assert names(nlp, "保定市司法局牵头推进。", "PLACE", title=BAODING) == []


def test_places_do_not_depend_on_the_tokenizer(nlp, char_nlp):
    text = BAODING + "拓展上海市场，支持河北和保定发展，清苑县、雄安新区开展试点。"

    def found(doc):
        return [(m.start, m.end, m.canonical) for m in doc._.govkg.mentions if m.label == "PLACE"]

    assert found(nlp(text)) == found(char_nlp(text)) != []


# ---------------------------------------------------------------- policies


def test_policy_title_without_brackets(nlp):
    f, skip = body(nlp, "出台《南阳市重大行政决策风险评估办法》，落实《纲要》要求。")
    policies = [m for m in f.mentions if m.label == "POLICY"]
    assert [(m.name, m.start - skip, m.end - skip) for m in policies] == [("南阳市重大行政决策风险评估办法", 2, 19)]


def test_short_title_is_not_a_policy(nlp):
    assert names(nlp, "落实《纲要》要求。", "POLICY") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A work (book, film, song, television programme) names no kind of document.
        ("拍摄电影《山那边的灯火》，出版《古镇记忆》。", []),
        ("颁布《某某市湖泊保护条例》，印发《关于加快乡村旅游发展的实施意见（试行）》。",
         ["某某市湖泊保护条例", "关于加快乡村旅游发展的实施意见（试行）"]),
        # Document words alone, with the text's state, are a short form of a title named before.
        ("审议《纲要（草案）》和《规划纲要》。", []),
        ("提请审议《某某县发展规划纲要（草案）》。", ["某某县发展规划纲要（草案）"]),
    ],
)
def test_policies_are_documents(nlp, text, expected):
    assert names(nlp, text, "POLICY") == expected


# ---------------------------------------------------------------- programs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展“法润千企”活动。", ["法润千企"]),
        ("抓实法治建设“关键少数”。", []),
        ("发挥政府法律顾问“智库”作用。", []),
        ("推进“八五”普法工作。", ["八五普法"]),
        ("持续深化放权赋能改革累计赋予各县市区421项经济管理权限。", ["放权赋能改革"]),
        ("持续深化法治改革。", []),
        ("构建“1+3+N”智慧城市体系。", ["1+3+N"]),
    ],
)
def test_programs(nlp, text, expected):
    assert names(nlp, text, "PROGRAM") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Common words in quotes are figures of speech, unless a program word follows.
        ("打出稳增长“组合拳”，下好全县“一盘棋”。", []),
        ("为市场主体“松绑”减负。", []),
        ("实施“村村通”工程。", ["村村通"]),
        # Ordinal phrases and people words are no initiatives.
        ("筑牢基层治理“第一道防线”，履行“第一责任人”职责。", []),
        ("争当改革“领跑者”。", []),
        # A coinage keeps its place as a name even at the end of a clause.
        ("推行“一窗通办”，实现“就近能办”。", ["一窗通办", "就近能办"]),
    ],
)
def test_quoted_figures_of_speech_are_not_programs(nlp, text, expected):
    assert names(nlp, text, "PROGRAM") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展严打专项行动，打击违法犯罪。", ["严打专项行动"]),
        ("我们实施城市更新百日攻坚，改造背街小巷。", ["城市更新百日攻坚"]),
        ("加快推进引水配套二期工程，保障用水。", ["引水配套二期工程"]),
        # Generic: a field's reform, an unspecified mechanism, a plan document named by its span.
        ("推进改革攻坚，建立长效机制，完善工作机制。", []),
        ("出台数字政府建设三年行动方案，改造背街小巷。", []),
    ],
)
def test_unquoted_named_programs_are_specific(nlp, text, expected):
    assert names(nlp, text, "PROGRAM") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The quote qualifies the noun after it: a layout, a kind of firm.
        ("构建“一环两带”发展格局，整治“小散乱”企业。", []),
        # A numeral and counter open a formula, unless a program word ends or follows it.
        ("坚持“五个必须”，开展“三个进村”试点。", ["三个进村"]),
        # An honour awarded, a motto of parallel phrases, a date, a period.
        ("荣获“最美乡村”称号，弘扬“敢闯、敢试”的作风。", []),
        ("推行“一网申报、一窗办结”模式。", ["一网申报、一窗办结"]),
        ("吸取“7·15”事故教训，到“十四五”末全面完成。", []),
        # A phrase with 的, an attribute ending in a bound morpheme, a counted list of measures.
        ("守护“碗里的安心”，提供“一条龙式”服务，落实“五条措施”。", []),
        # ...unless the nouns after a longer coinage end in an initiative's word; a lone X化 stays an attribute.
        ("深化“大综合一体化”行政执法改革，发展“共享化”商业模式。", ["大综合一体化"]),
        # A generic word before the head noun keeps no quote a name; a note mark stands between.
        ("落实“一二三”总体工作部署，按照“两减三增”[4]要求调整，落实“三统一”基本要求。", []),
    ],
)
def test_quoted_names_of_other_things_are_not_programs(nlp, text, expected):
    assert names(nlp, text, "PROGRAM") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The verb that runs the initiative opens the name; the verbs after it are the name's own.
        ("深入实施提升农民技能专项行动。", ["提升农民技能专项行动"]),
        ("启动集中式供水保障工程。", ["集中式供水保障工程"]),
        # Determiners and a field's reform are no names; 试点 before a verb says "on trial".
        ("推进一批重点领域改革，推动图书馆试点开放。", []),
        # Bodies working together name a mechanism when a program word follows.
        ("深入推进检法联动工作，加强上下联动。", ["检法联动"]),
        # A count and 好 after the verb are no part of the name; 改革开放 names no reform.
        ("组织实施好12所医院扩容提升工程，推进高质量改革开放。", ["医院扩容提升工程"]),
        # A reform of a named system needs no verb before it; a preposition, a modal and the verb
        # after the modal are no part of it.
        ("今年邮电体制改革稳步推进，以林业产权制度改革为重点，要结合住房制度改革安排。",
         ["邮电体制改革", "林业产权制度改革", "住房制度改革"]),
    ],
)
def test_unquoted_names_start_after_the_verb_that_runs_them(nlp, text, expected):
    assert names(nlp, text, "PROGRAM") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quoted coinage with nothing around it that says "initiative" is a metaphor or a slogan.
        ("交出“满分答卷”，打造“金色名片”。", []),
        # Its own last word, a verb that runs it, or a program word after its list of quotes makes it one.
        ("深入开展“三访三问”，推行“河长制”。", ["三访三问", "河长制"]),
        ("“青峰驿站”“白鹭课堂”等服务品牌广受好评。", ["青峰驿站", "白鹭课堂"]),
        ("引入“云上审”辅助平台，扩大“异地通办”范围。", ["云上审", "异地通办"]),
        # A coinage ending in a city's name brands that city's initiative.
        ("“平安洛阳”成效初显。", ["平安洛阳"]),
        # What a verb fights is a problem, unless the quote names a campaign itself.
        ("持续纠治“五风”，破解“难点”。", []),
        ("开展打击整治“秋风行动”。", ["秋风行动"]),
        # The subject of a new predicate after 推动 (推动X向…); the object of a preposition (以…为重点).
        ("推动“青山制造”向高端迈进。", []),
        ("深化以“放活”、“提效”为重点的改革。", []),
        # A note mark inside the quotes is no part of the name.
        ("抓好“天网工程[7]”建设。", ["天网工程"]),
        # A counted formula needs an initiative word after it, not 工作 or 建设.
        ("健全“三个一”推进机制，落实“四个到位”，做好“三新”工作。", ["三个一"]),
    ],
)
def test_quoted_names_need_a_grammatical_anchor(nlp, text, expected):
    assert names(nlp, text, "PROGRAM") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A counted set lists programs only when its head is an initiative word; 和 splits its last member.
        ("做强装备制造、新能源和文旅康养等“三大产业”。", []),
        ("开展植绿、护水和净土等“三大行动”。", ["植绿", "护水", "净土", "三大行动"]),
        # 一大批 is "a great many", no count of a set.
        ("随着东环线、南二路等一大批重点工程落地。", []),
    ],
)
def test_counted_sets_of_programs(nlp, text, expected):
    assert names(nlp, text, "PROGRAM") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # X行动 is a name only where a verb that runs initiatives leads it.
        ("实施青年人才安居行动，采取联合行动。", ["青年人才安居行动"]),
        ("深入开展党史学习教育。", ["党史学习教育"]),
        ("扎实开展星级文明户评选活动，开展宣传活动。", ["星级文明户评选活动"]),
        # A quoted numeral takes the initiative's own word after it, whatever follows that word.
        ("“六五”普法任务全面完成。", ["六五普法"]),
        # A list member after such a verb is led by it too.
        ("实施河道清淤和堤防加固工程。", ["堤防加固工程"]),
        # Stems that only grade or classify, a verb before the suffix, a field word at the start.
        ("推进深层次改革，实施重点民生工程，深化改革。", []),
        ("推进交通、水利等领域综合执法体制改革。", []),
        # A preposition or a time word after the verb is no part of the name.
        ("坚持以农村土地制度改革为牵引，巩固去年电力体制改革成果。", ["农村土地制度改革", "电力体制改革"]),
        # The name runs on to the last initiative word; a reform zone is a place, not a reform.
        ("开展养老服务改革试点，建设普惠金融改革试验区。", ["养老服务改革试点"]),
        # A count inside the stem (2个) stands before the name.
        ("实施东城、西城2个老旧街区改造工程。", ["老旧街区改造工程"]),
    ],
)
def test_unquoted_program_names_have_clean_edges(nlp, text, expected):
    assert names(nlp, text, "PROGRAM") == expected


# ---------------------------------------------------------------- purposes


def test_purpose_names_the_aim(nlp):
    f, _ = body(nlp, "为加快建设现代化省域副中心城市提供有力法治保障。")
    assert [p.text for p in f.purposes] == ["加快建设现代化省域副中心城市"]
    assert f.purposes[0].sentence == 1  # the sentence after the title


def test_two_aims_led_by_verbs_are_split(nlp):
    f, _ = body(nlp, "围绕建设法治政府和打造一流营商环境的目标，做了工作。")
    assert [p.text for p in f.purposes] == ["建设法治政府", "打造一流营商环境"]
    text = f.structure.text
    assert all(text[p.start:p.end] == p.text for p in f.purposes)


def test_aims_not_both_led_by_verbs_stay_whole(nlp):
    f, _ = body(nlp, "围绕建设法治政府和法治社会的目标，做了工作。")
    assert [p.text for p in f.purposes] == ["建设法治政府和法治社会"]


@pytest.mark.parametrize(
    ("text", "aim"),
    [
        ("以建设法治政府为目标，做了工作。", "建设法治政府"),
        ("为优化营商环境营造良好氛围。", "优化营商环境"),
    ],
)
def test_other_purpose_markers(nlp, text, aim):
    f, _ = body(nlp, text)
    assert [p.text for p in f.purposes] == [aim]


@pytest.mark.parametrize(
    ("text", "aims"),
    [
        # the people served are no aim; an aim led by a verb that ends in people is one
        ("为企业和群众提供便捷高效的法律服务。", []),
        ("为3000户低收入家庭提供住房保障。", []),
        ("为服务群众提供坚实保障。", ["服务群众"]),
        ("为企业发展提供有力支撑。", ["企业发展"]),
        # a pointer back names nothing; 奋斗目标 is the marker, not part of the aim
        ("围绕上述目标，重点抓好以下工作。", []),
        ("围绕建设生态强县奋斗目标，扎实推进各项工作。", ["建设生态强县"]),
    ],
)
def test_purposes_name_an_aim_of_their_own(nlp, text, aims):
    f, _ = body(nlp, text)
    assert [p.text for p in f.purposes] == aims


# ---------------------------------------------------------------- quantities


def quantities(nlp, text: str):
    f, _ = body(nlp, text)
    return [(q.text, q.value, q.unit, q.qualifier, q.subject) for q in f.quantities]


def test_quantity_subject_after_the_number(nlp):
    assert quantities(nlp, "持续深化放权赋能改革累计赋予各县市区421项经济管理权限。") == [
        ("421项", Decimal("421"), "项", "", "经济管理权限"),
    ]


def test_quantity_subject_before_the_number(nlp):
    assert quantities(nlp, "行政机关负责人出庭应诉率为97.8%。") == [
        ("97.8%", Decimal("97.8"), "%", "", "行政机关负责人出庭应诉率"),
    ]


def test_scaled_quantity_in_a_sentence(nlp):
    # 新增 is the kind (an increase), not part of the indicator's name (issue 11)
    assert quantities(nlp, "新增市场主体12.6万户。") == [
        ("12.6万户", Decimal("126000"), "户", "", "市场主体"),
    ]


def test_quoted_numbers_are_not_quantities(nlp):
    assert quantities(nlp, "构建“1+3+N”智慧城市体系，对接68个自建系统。") == [
        ("68个", Decimal("68"), "个", "", "自建系统"),
    ]


def test_quantity_subject_drops_the_scope_word_so_metrics_compare_across_reports(nlp):
    assert [q.subject for q in body(nlp, "全市行政机关负责人出庭应诉率为97.8%。")[0].quantities] == [
        "行政机关负责人出庭应诉率",
    ]


def test_quantity_subject_does_not_take_the_previous_unit(nlp):
    subjects = [q.subject for q in body(nlp, "市直33个部门共保留行政许可事项4776项。")[0].quantities]
    assert not subjects[1].startswith("个")


def test_unquoted_slogan_is_not_a_quantity(nlp):
    assert quantities(nlp, "坚决做到两个维护。") == []


# ---------------------------------------------------------------- actions


def actions(nlp, text: str, *, title: str = TITLE):
    f, _ = body(nlp, text, title=title)
    return [(a.text, a.verb, a.role) for a in f.actions]


def test_clause_with_a_cue_verb_is_an_action(nlp):
    # The second clause has no cue verb.
    assert actions(nlp, "市司法局制定工作方案，取得明显成效。") == [("制定工作方案", "制定", "produces")]


def test_action_after_subjects_and_adverb(nlp):
    assert actions(nlp, "市委、市政府认真履行第一责任人职责。") == [("认真履行第一责任人职责", "履行", "act")]


def test_clause_without_a_cue_verb_is_not_an_action(nlp):
    assert actions(nlp, "群众满意度较高。") == []


def test_an_adverb_that_counts_is_no_part_of_the_action_nor_one_that_ends_a_word(nlp):
    # 共/累计 belong to the number (审查…143件); 公共 holds 共, which opens no action inside it.
    got = [a for a, _, _ in actions(nlp, "全年共审查市政府文件143件，累计培训执法人员2100人次，推进基本公共服务均等化。")]
    assert got == ["审查市政府文件", "培训执法人员", "推进基本公共服务均等化"]


def test_the_building_of_an_organ_is_a_noun_not_an_action(nlp):
    # 法治政府建设 is what was built; 市政府 named as the subject still builds.
    assert actions(nlp, "全市法治政府建设取得明显成效，领导班子建设不断加强。") == []
    assert [a for a, _, _ in actions(nlp, "市政府建设便民服务中心。")] == ["建设便民服务中心"]


def test_no_actions_under_a_problem_chapter(nlp):
    text = "一、主要成效\n市司法局制定工作方案。\n二、存在的不足\n开展监督不够有力。"
    assert actions(nlp, text) == [("制定工作方案", "制定", "produces")]


def test_verb_phrases_run_together_without_commas_are_separate_actions(nlp):
    got = [a for a, _, _ in actions(nlp, "科学编制年度工作计划加强重点领域监管推动新旧政策衔接不断提高服务质量。")]
    assert got == ["科学编制年度工作计划", "加强重点领域监管", "推动新旧政策衔接", "不断提高服务质量"]


def test_verb_compound_is_one_verb(nlp):
    assert [a for a, _, _ in actions(nlp, "研究制定乡村道路养护办法，修订完善农村集体资产管理制度。")] == [
        "研究制定乡村道路养护办法", "修订完善农村集体资产管理制度"]


def test_coordinated_verb_phrases_after_enumeration_comma(nlp):
    assert [a for a, _, _ in actions(nlp, "进一步加强队伍建设、规范窗口服务、深化审批改革。")] == [
        "进一步加强队伍建设", "规范窗口服务", "深化审批改革"]


def test_listed_objects_stay_with_their_verb(nlp):
    # 等 closes a list of objects: the 、 joins nouns, not verb phrases.
    assert [a for a, _, _ in actions(nlp, "开展普法宣传、监督检查、服务保障等工作。")] == [
        "开展普法宣传、监督检查、服务保障等工作"]


def test_verb_inside_a_name_or_a_frame_does_not_start_an_action(nlp):
    got = [a for a, _, _ in actions(nlp, "出台《乡镇财政管理监督办法》，推动惠民政策在山区落地见效，把群众满意作为标准。")]
    assert got == ["出台《乡镇财政管理监督办法》", "推动惠民政策在山区落地见效", "把群众满意作为标准"]


def test_verbless_results_are_not_actions(nlp):
    # 办结率: the verb is the head of a noun; the clause reports a result.
    assert actions(nlp, "信访事项办结率和满意率均为100%。") == []


def test_prepositional_phrase_before_the_verb(nlp):
    got = [a for a, _, _ in actions(nlp, "对年度任务进行全面部署，在县政府网站上公示，以立法形式明确开发区管理体制。")]
    assert got == ["对年度任务进行全面部署", "在县政府网站上公示", "明确开发区管理体制"]


def test_closing_count_and_aside_are_left_out_of_the_label(nlp):
    got = [a for a, _, _ in actions(nlp, "举办法治讲座（培训、报告会）350余场，设立便民服务专区（办不成事窗口），压减办理时限至3个工作日。")]
    assert got == ["举办法治讲座", "设立便民服务专区", "压减办理时限至3个工作日"]


def test_title_line_is_not_an_action(nlp):
    text = "一、工作情况\n建设情况的报告\n开展执法检查，推进法治建设。\n"
    assert [a for a, _, _ in actions(nlp, text)] == ["开展执法检查", "推进法治建设"]


def test_role_as_subject_before_the_verb(nlp):
    assert [a for a, _, _ in actions(nlp, "县委书记、县长认真履行第一责任人职责。")] == ["认真履行第一责任人职责"]


def statuses(nlp, text: str, *, title: str = TITLE):
    f, _ = body(nlp, text, title=title)
    return [(a.text, a.status, a.period) for a in f.actions]


def test_status_never_comes_from_a_character_inside_a_word(nlp):
    # 主要 holds 要, 需要 too: neither is the modal 要.
    assert statuses(nlp, "市政府主要领导全面落实第一责任人职责，根据需要开展执法检查。") == [
        ("全面落实第一责任人职责", "Completed", 2023), ("开展执法检查", "Completed", 2023)]


def test_future_modal_marks_the_clause_and_the_sentence_it_leads(nlp):
    assert statuses(nlp, "我们将进一步加强队伍建设，推动执法重心下移。") == [
        ("进一步加强队伍建设", "Planned", 2024), ("推动执法重心下移", "Planned", 2024)]


def test_disposal_jiang_is_not_the_future(nlp):
    assert statuses(nlp, "将法治建设纳入绩效考核。") == [("将法治建设纳入绩效考核", "Completed", 2023)]


def test_status_from_the_plans_part_and_a_targets_paragraph(nlp):
    text = ("一、2023年工作回顾\n开展执法检查。\n二、2024年工作安排\n主要目标是：实施立法项目，"
            "培训执法人员。\n（一）深化改革。推行告知承诺制。\n")
    got = statuses(nlp, text)
    assert got[0] == ("开展执法检查", "Completed", 2023)
    assert ("实施立法项目", "Planned", 2024) in got and ("培训执法人员", "Planned", 2024) in got
    assert ("推行告知承诺制", "Planned", 2024) in got


def test_ongoing_marker(nlp):
    assert statuses(nlp, "正在推进老旧小区改造。") == [("正在推进老旧小区改造", "Ongoing", 2023)]


# ---------------------------------------------------------------- patterns: save, load, extend


PATTERN_COMPONENTS = [
    "govkg_vocab", "govkg_report", "govkg_agencies", "govkg_places", "govkg_policies", "govkg_purposes",
    "govkg_programs", "govkg_quantities", "govkg_actions", "govkg_links",
]


def test_components_with_pattern_files(nlp):
    assert [n for n in COMPONENTS if isinstance(nlp.get_pipe(n), PatternComponent)] == PATTERN_COMPONENTS


@pytest.mark.parametrize("name", PATTERN_COMPONENTS)
def test_pattern_component_round_trips_through_disk(nlp, tmp_path, name):
    cls = type(nlp.get_pipe(name))
    original = cls(nlp, name)
    original.add_patterns([{"label": "TEST", "pattern": "测试模式", "id": "test"}])
    original.to_disk(tmp_path)
    assert read_patterns(tmp_path / "patterns.jsonl") == original.patterns
    loaded = cls(nlp, name).from_disk(tmp_path)
    assert loaded.patterns == original.patterns
    assert loaded.patterns[-1] == {"label": "TEST", "pattern": "测试模式", "id": "test"}
    assert loaded.patterns[:-1] == nlp.get_pipe(name).patterns


def report_doc(nlp, text: str):
    """A doc on which only the report component has run."""
    return nlp.get_pipe("govkg_report")(nlp.make_doc(text))


def test_add_patterns_extends_recognition(nlp):
    recognizer = AgencyRecognizer(nlp, "agencies")
    text = TITLE + "法治办牵头推进。"
    doc = recognizer(report_doc(nlp, text))
    assert [m.name for m in doc._.govkg.mentions] == ["南阳市人民政府"]
    recognizer.add_patterns([{"label": "AGENCY", "pattern": "法治办", "id": "custom"}])
    doc = recognizer(report_doc(nlp, text))
    assert [(m.name, m.rule) for m in doc._.govkg.mentions] == [("南阳市人民政府", "level-organ"), ("法治办", "custom")]


def test_added_pattern_survives_disk(nlp, tmp_path):
    recognizer = AgencyRecognizer(nlp, "agencies")
    recognizer.add_patterns([{"label": "AGENCY", "pattern": "法治办", "id": "custom"}])
    recognizer.to_disk(tmp_path)
    loaded = AgencyRecognizer(nlp, "agencies").from_disk(tmp_path)
    doc = loaded(report_doc(nlp, TITLE + "法治办牵头推进。"))
    assert [m.name for m in doc._.govkg.mentions] == ["南阳市人民政府", "法治办"]


def test_malformed_json_line_names_file_and_line(nlp, tmp_path):
    bad = tmp_path / "agencies.jsonl"
    bad.write_text('{"label": "AGENCY", "pattern": "法治办"}\n\n{"label": "AGENCY", "pattern": \n', encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{bad}:3: not a JSON line")):
        AgencyRecognizer(nlp, "agencies", patterns=str(bad))


def test_pattern_line_without_label_names_file_and_line(nlp, tmp_path):
    bad = tmp_path / "agencies.jsonl"
    bad.write_text('{"pattern": "法治办"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{bad}:1: a pattern line needs 'label' and 'pattern'")):
        AgencyRecognizer(nlp, "agencies", patterns=str(bad))


def test_malformed_pattern_file_named_in_pipeline_config(tmp_path):
    bad = tmp_path / "agencies.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{bad}:1:")):
        build_pipeline(config={"govkg_agencies": {"patterns": str(bad)}})


# ---------------------------------------------------------------- another tokenizer

AGENCY_TEXT = TITLE + "市委、市政府高度重视，市司法局牵头，县委县政府落实。市政府常务会议研究。省委表扬。河南省。"


def test_components_work_on_the_character_segmenter(nlp, char_nlp):
    jieba_doc, char_doc = nlp(AGENCY_TEXT), char_nlp(AGENCY_TEXT)
    assert all(len(t.text) == 1 for t in char_doc if not t.is_space)
    assert len(jieba_doc) < len(char_doc)

    def agencies(doc):
        return [(m.start, m.end, m.name, m.canonical) for m in doc._.govkg.mentions if m.label == "AGENCY"]

    assert agencies(char_doc) == agencies(jieba_doc) == [
        (0, 7, "南阳市人民政府", "南阳市人民政府"),
        (26, 28, "市委", "南阳市委"),
        (29, 32, "市政府", "南阳市人民政府"),
        (37, 41, "市司法局", "南阳市司法局"),
        (44, 46, "县委", "县委"),
        (46, 49, "县政府", "县政府"),
        (52, 55, "市政府", "南阳市人民政府"),
        (62, 64, "省委", "河南省委"),
    ]


def test_mentions_are_mirrored_into_doc_spans(char_nlp):
    # Every character is a token here, so every agency mention aligns.
    doc = char_nlp(AGENCY_TEXT)
    agencies = [(s.start_char, s.end_char, s.text) for s in doc.spans["govkg"] if s.label_ == "AGENCY"]
    assert agencies == [(m.start, m.end, m.name) for m in doc._.govkg.mentions if m.label == "AGENCY"]
    assert (37, 41, "市司法局") in agencies


def test_a_kind_of_zone_is_no_named_region(nlp):
    # 唐山高新区 is a zone named by the city it lies in, as 长江新区 is; a bare 经开区 is a kind of zone
    assert names(nlp, "支持唐山高新区和各经开区发展。", "PLACE", title=BAODING) == ["唐山高新区"]


def test_an_agency_name_stops_before_a_verb_of_setting_up(nlp):
    f, start = body(nlp, "省政府专门成立领导小组，县政府组建工作专班。")
    assert [m.name for m in f.mentions if m.label == "AGENCY" and m.start >= start] == ["省政府", "县政府"]


@pytest.mark.parametrize("sentence", [
    "现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员提出意见。",
    "在此，我代表市人民政府，向全市人民，向各位人大代表、政协委员，致以崇高的敬意和衷心的感谢！",
    "向关心支持我市发展的各界人士表示诚挚的感谢！",
])
def test_addresses_and_thanks_are_no_actions(nlp, sentence):
    f, _ = body(nlp, sentence)
    assert f.actions == []


@pytest.mark.parametrize(("sentence", "programs"), [
    ("不搞劳民伤财的“形象工程”和脱离实际的“政绩工程”。", []),
    ("一批作品获全国“五个一工程”奖。", []),
    ("全面实施“雪亮工程”。", ["雪亮工程"]),
])
def test_pejoratives_and_awards_are_no_programs(nlp, sentence, programs):
    f, start = body(nlp, sentence)
    assert [m.name for m in f.mentions if m.label == "PROGRAM" and m.start >= start] == programs


def test_a_short_law_is_a_policy_and_a_bare_kind_is_not(nlp):
    assert names(nlp, "学习宣传《宪法》《民法典》，落实《纲要》和《条例》。", "POLICY") == ["宪法", "民法典"]


def test_an_unquoted_reform_named_with_a_modifier_word_keeps_it(nlp):
    # 相对 holds 对, which elsewhere is a preposition ending the name's run; 作为 is a verb and still ends it.
    assert names(nlp, "深化相对集中行政许可权改革，把国企改革作为经济体制改革的中心环节。", "PROGRAM") \
        == ["相对集中行政许可权改革", "经济体制改革"]

