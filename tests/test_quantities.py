"""govkg_quantities: the indicator a number measures, its kind, scope and period, and targets (issue 11)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govkg.extractor import build_pipeline

TITLE = "南阳市人民政府关于2023年法治政府建设情况的报告\n"


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def body(nlp, text: str):
    f = nlp(TITLE + text)._.govkg
    return f, len(TITLE)


# ------------------------------------------------- metric names, kinds and targets (issue 11)


def readings(nlp, text: str):
    """(number, indicator, kind, scope, period, target) of each quantity in ``text``."""
    f, _ = body(nlp, text)
    return [(q.text, q.subject, q.kind, q.scope, q.period, q.target) for q in f.quantities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scope and verb out of the name
        ("全县完成地区生产总值380亿元。", [("380亿元", "地区生产总值", "Level", "全县", "", False)]),
        # a growth verb makes a growth rate of the indicator before it, with its comparison base dropped
        ("一般公共预算收入比上年增长3.2%。", [("3.2%", "一般公共预算收入", "GrowthRate", "", "", False)]),
        # 突破 is a link, 人均 the kind
        ("人均地区生产总值突破9万元。", [("9万元", "人均地区生产总值", "PerCapita", "", "", False)]),
        # period and annual average out of the name
        ("今后五年全市生产总值年均增长6%左右。", [("6%左右", "生产总值", "GrowthRate", "全市", "今后五年", True)]),
        ("“十三五”期间单位地区生产总值能耗降低16%。",
         [("16%", "单位地区生产总值能耗", "GrowthRate", "", "“十三五”期间", False)]),
        # 共 + verb: the object is the indicator
        ("2024年县政府共受理行政复议案件52件。", [("52件", "行政复议案件", "Count", "", "2024年", False)]),
        # 共有/现有 say what there is: the word is no part of the name
        ("全县共有执法人员1576名。", [("1576名", "执法人员", "Count", "全县", "", False)]),
        # a classifier counts the noun after it; 新建 makes the count an increase
        ("新建12所乡镇卫生院。", [("12所", "乡镇卫生院", "Increase", "", "", False)]),
        ("培育省级专精特新企业45家。", [("45家", "省级专精特新企业", "Count", "", "", False)]),
        # a share, and a per-cent point change
        ("民营经济增加值占比达到55.1%，比重提高1.2个百分点。",
         [("55.1%", "民营经济增加值占比", "Share", "", "", False),
          ("1.2个百分点", "民营经济增加值占比", "Change", "", "", False)]),
    ],
)
def test_metric_names_are_the_indicator(nlp, text, expected):
    assert readings(nlp, text) == expected


def test_a_cumulative_total_is_not_the_years_increase(nlp):
    got = readings(nlp, "全年新增经营主体3.5万户，累计达到41万户。")
    assert [(n, name, kind) for n, name, kind, *_ in got] == [
        ("3.5万户", "经营主体", "Increase"), ("41万户", "经营主体", "Cumulative")]


def test_values_after_fenbie_go_to_their_own_subjects(nlp):
    # Parallel modifiers share the last subject's head (城镇/农村 + 居民人均可支配收入), a second
    # list after the comma pairs the same way, and a period opening the clause is no subject.
    got = readings(nlp, "今年城镇和农村居民人均可支配收入分别达到4.2万元、2.1万元，增长4.1%和6.3%。")
    assert [(n, name, kind) for n, name, kind, *_ in got] == [
        ("4.2万元", "城镇居民人均可支配收入", "PerCapita"), ("2.1万元", "农村居民人均可支配收入", "PerCapita"),
        ("4.1%", "城镇居民人均可支配收入", "GrowthRate"), ("6.3%", "农村居民人均可支配收入", "GrowthRate")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # subjects of their own, with the comparison base and 同比 out of the way
        ("空气质量综合指数和细颗粒物平均浓度较上年分别同比下降12.5%、8.25%。",
         ["空气质量综合指数", "细颗粒物平均浓度"]),
        # a list closed by 等 before the shared head
        ("纺织、机械、电子等产业增加值分别增长6.1%、7.2%、8.3%。",
         ["纺织产业增加值", "机械产业增加值", "电子产业增加值"]),
        # a head after all the subjects (…参保率) is shared: the subjects stay together
        ("职工养老保险和居民医疗保险参保率分别达到95%和97%。",
         ["职工养老保险和居民医疗保险参保率", "职工养老保险和居民医疗保险参保率"]),
        # the indicator after 分别 (…实现税收): the subjects are entities, not its name
        ("甲公司、乙公司分别实现税收3亿元、2亿元。", ["甲公司、乙公司分别实现税收", "甲公司、乙公司分别实现税收"]),
        # after the comma a clause with its own subject
        ("出口额和进口额分别增长5%、6%，接待游客增加12万人次。", ["出口额", "进口额", "接待游客"]),
        # more subjects than numbers: no pairing
        ("东区、西区、南区的受理量分别增长20%和30%。", ["东区、西区、南区的受理量", "东区、西区、南区的受理量"]),
    ],
)
def test_fenbie_pairs_only_when_the_lists_match(nlp, text, expected):
    assert [name for _, name, *_ in readings(nlp, text)] == expected


def test_targets_paragraph_marks_targets_with_qualifier_and_range(nlp):
    text = ("一、过去一年工作回顾\n全县生产总值增长5.6%，城镇新增就业3200人。\n"
            "二、今年工作安排\n今年全县经济社会发展的主要预期目标是：生产总值增长5.5%—6%，"
            "城镇新增就业3000人以上，城镇调查失业率控制在5.5%以内。\n一是抓项目。力争新开工项目20个。\n")
    f, _ = body(nlp, text)
    got = [(q.text, q.subject, q.qualifier, q.upper, q.target) for q in f.quantities]
    assert got == [
        ("5.6%", "生产总值", "", None, False),
        ("3200人", "城镇新增就业", "", None, False),
        ("5.5%—6%", "生产总值", "", Decimal("6"), True),
        ("3000人以上", "城镇新增就业", "以上", None, True),
        ("5.5%以内", "城镇调查失业率", "以内", None, True),
        ("20个", "新开工项目", "", None, True),  # 力争: planned in its own clause
    ]


def test_a_span_the_sentence_or_heading_opens_is_the_numbers_period(nlp):
    text = ("一、过去五年工作回顾\n城镇新增就业累计达到500万人。\n二、2025年工作回顾\n城镇新增就业60万人。"
            "过去五年，粮食产量年均增长2%。\n")
    got = readings(nlp, text)
    assert [(n, name, period) for n, name, _, _, period, _ in got] == [
        ("500万人", "城镇新增就业", "过去五年"),  # from the heading
        ("60万人", "城镇新增就业", ""),  # the year's own figure
        ("2%", "粮食产量", "过去五年"),  # from the sentence's opening
    ]


# ------------------------------------------- numbers inside names; a count whose noun the clause before gives


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Chinese numeral and a classifier before a kind of rule cite the rules by name
        ("全体干部严格遵守中央八项规定，全年开展三项专项行动。", [("三项", "专项行动")]),
        ("始终坚持四项基本原则，新建5个体育公园。", [("5个", "体育公园")]),
        ("全面推行行政执法三项制度。", []),
        # rules made or counted are a count; and so are the report's own points listed after a colon
        ("市政府制定了三项规定。", [("三项", "规定")]),
        ("编制预算要把握两条原则：一是量入为出，二是保障重点。", [("两条", "原则")]),
        # a distance or time before a zone's head noun names the zone
        ("构建20分钟便民服务圈，建成健身步道12公里。", [("12公里", "健身步道")]),
        # formulas of the shared list
        ("为实现四个现代化而奋斗。", []),
    ],
)
def test_numbers_inside_names_are_no_observations(nlp, text, expected):
    f, _ = body(nlp, text)
    assert [(q.text, q.subject) for q in f.quantities] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb alone counts the noun the clause before counted with the same classifier
        ("审查各类合同300件，修改42件，退回9件。",
         [("300件", "各类合同"), ("42件", "修改各类合同"), ("9件", "退回各类合同")]),
        ("受理信访事项86件，办结80件。", [("86件", "信访事项"), ("80件", "办结信访事项")]),
        # another classifier: not the same things
        ("受理信访事项86件，退回5批。", [("86件", "信访事项"), ("5批", "退回")]),
        # the verb the clause before opens with is not part of the noun the two count
        ("清理规章25件，废止3件。", [("25件", "清理规章"), ("3件", "废止规章")]),
        # the noun after the number is what it counts
        ("清理规章25件，废止3个部门文件。", [("25件", "清理规章"), ("3个", "部门文件")]),
    ],
)
def test_a_bare_verb_counts_the_object_of_the_clause_before(nlp, text, expected):
    f, _ = body(nlp, text)
    assert [(q.text, q.subject) for q in f.quantities] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a qualifier is no part of the name
        ("全县市场主体接近6万户，空气优良天数高达300天。", [("6万户", "市场主体"), ("300天", "空气优良天数")]),
        # a link word inside a word of the noun after the number does not end the noun (医共体: 共)
        ("组建8个县域医共体，18个项目被列入省重点。", [("8个", "县域医共体"), ("18个", "被列入省重点的项目")]),
    ],
)
def test_qualifiers_and_words_bound_the_name(nlp, text, expected):
    f, _ = body(nlp, text)
    assert [(q.text, q.subject) for q in f.quantities] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 递增 and 增产 are growth words: the figure is the growth of the indicator before
        ("全县财政收入年均递增9%，达到12亿元。",
         [("9%", "财政收入", "GrowthRate"), ("12亿元", "财政收入", "Level")]),
        ("全年粮食总产量58万吨，增产3万吨。", [("58万吨", "粮食总产量", "Level"), ("3万吨", "粮食总产量", "Change")]),
        # 可比 qualifies the growth, not the name; a per-capita indicator stays per capita at its new level
        ("税收收入完成8亿元、可比增长4.5%。", [("8亿元", "税收收入", "Level"), ("4.5%", "税收收入", "GrowthRate")]),
        ("农民人均纯收入年均递增8%，达到9100元。",
         [("8%", "农民人均纯收入", "GrowthRate"), ("9100元", "农民人均纯收入", "PerCapita")]),
        # a share's name keeps the figure a share after a duration; 低于 is a bound, no part of the name
        ("非税收入占财政收入的比重连续三年低于20%。",
         [("三年", "非税收入占财政收入的比重", "Level"), ("20%", "非税收入占财政收入的比重", "Share")]),
    ],
)
def test_growth_words_name_the_indicator_before(nlp, text, expected):
    f, _ = body(nlp, text)
    assert [(q.text, q.subject, q.kind) for q in f.quantities] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a share is a ratio: 占 in 占地 or 占道 makes no share of an area or a count
        ("建成占地80亩的体育公园，清理占道经营摊点45处。", [("80亩", "Level"), ("45处", "Count")]),
        ("非公经济占全县经济总量的比重达到61%。", [("61%", "Share")]),
        # times of a counted thing are a count
        ("全年抽检农产品3200批次。", [("3200批次", "Count")]),
    ],
)
def test_kinds_follow_the_unit(nlp, text, expected):
    f, _ = body(nlp, text)
    assert [(q.text, q.kind) for q in f.quantities] == expected


def test_a_noun_ending_in_a_link_character_keeps_it_in_the_name(nlp):
    # 为 links a name to its number (纠错率为9.6%), but in 行为 it ends the noun
    found = [(t, s) for t, s, *_ in readings(nlp, "纠正不规范执法行为23起，行政复议纠错率为9.6%。")]
    assert found == [("23起", "纠正不规范执法行为"), ("9.6%", "行政复议纠错率")]
