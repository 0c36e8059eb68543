"""Tests for govkg.extractor.numbers: quantities in report text and their values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govkg.extractor import extract
from govkg.extractor.numbers import find_quantities, to_number
from govkg.extractor.patterns import default_patterns_path, read_patterns, words

UNITS = words(read_patterns(default_patterns_path("units.jsonl")), "UNIT")


def found(text: str, units: list[str] = UNITS, blocked: list[bool] | None = None):
    """(text, value, unit, qualifier) of each quantity, checking its offsets on the way."""
    out = []
    for q in find_quantities(text, units, blocked=blocked):
        assert text[q.start:q.end] == q.text
        out.append((q.text, q.value, q.unit, q.qualifier))
    return out


def title_mask(text: str) -> list[bool]:
    """Flag the characters inside 《》 and “”, as the report component does."""
    mask, depth = [], 0
    for c in text:
        if c in "《“":
            depth += 1
        mask.append(depth > 0)
        if c in "》”":
            depth -= 1
    return mask


# ---------------------------------------------------------------- to_number


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("12.6", Decimal("12.6")),
        ("4776", Decimal("4776")),
        ("0.5", Decimal("0.5")),
        ("三", Decimal("3")),
        ("十", Decimal("10")),
        ("十二", Decimal("12")),
        ("三十五", Decimal("35")),
        ("二十一", Decimal("21")),
        ("一百", Decimal("100")),
        ("两", Decimal("2")),
        ("百", Decimal("100")),
        ("千", Decimal("1000")),
    ],
)
def test_to_number(numeral, value):
    assert to_number(numeral) == value


# ---------------------------------------------------------------- values, scales, units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新增市场主体12.6万户", [("12.6万户", Decimal("126000"), "户", "")]),
        ("1.35万亿元", [("1.35万亿元", Decimal("1350000000000"), "元", "")]),
        ("1万亿元", [("1万亿元", Decimal("1000000000000"), "元", "")]),
        ("5.8亿元", [("5.8亿元", Decimal("580000000"), "元", "")]),
        ("汇聚数据总量66亿条", [("66亿条", Decimal("6600000000"), "条", "")]),
        ("1.5万人参加", [("1.5万人", Decimal("15000"), "人", "")]),
        ("3千人", [("3千人", Decimal("3000"), "人", "")]),
        ("办理案件27余万件", [("27余万件", Decimal("270000"), "件", "余")]),
        ("服务17.8万余人次", [("17.8万余人次", Decimal("178000"), "人次", "余")]),
        ("3万余件", [("3万余件", Decimal("30000"), "件", "余")]),
        ("30多万元", [("30多万元", Decimal("300000"), "元", "多")]),
        ("10万多人", [("10万多人", Decimal("100000"), "人", "多")]),
        ("三十五项", [("三十五项", Decimal("35"), "项", "")]),
        ("一百多家", [("一百多家", Decimal("100"), "家", "多")]),
        ("十余个", [("十余个", Decimal("10"), "个", "余")]),
    ],
)
def test_values_and_scales(text, expected):
    assert found(text) == expected


def test_scale_without_unit_is_a_bare_quantity():
    assert found("0.5万") == [("0.5万", Decimal("5000"), "", "")]


def test_values_are_normalised_decimals():
    (q,) = find_quantities("12.6万户", UNITS)
    assert q.value == Decimal("126000")
    assert str(q.value) == "126000"
    (q,) = find_quantities("97.80%", UNITS)
    assert str(q.value) == "97.8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("应诉率97.8%", [("97.8%", Decimal("97.8"), "%", "")]),
        ("覆盖率97%以上", [("97%以上", Decimal("97"), "%", "以上")]),
        ("服判息诉率达91.75%", [("91.75%", Decimal("91.75"), "%", "达")]),
        ("达到95％", [("95％", Decimal("95"), "%", "达到")]),
        ("1.5%以下", [("1.5%以下", Decimal("1.5"), "%", "以下")]),
        ("较2022年底增长200%", [("200%", Decimal("200"), "%", "")]),
        ("百分之九十五", [("百分之九十五", Decimal("95"), "%", "")]),
    ],
)
def test_percentages(text, expected):
    assert found(text) == expected


def test_chinese_percentage_with_decimal_point():
    assert found("百分之九十五点五") == [("百分之九十五点五", Decimal("95.5"), "%", "")]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("压减至1个工作日", "个工作日"),
        ("下降3.2个百分点", "个百分点"),
        ("为期3个月", "个月"),
        ("服务17.8万人次", "人次"),
        ("100个", "个"),
    ],
)
def test_longest_unit_wins(text, unit):
    assert [u for _, _, u, _ in found(text)] == [unit]


def test_longest_unit_wins_whatever_the_list_order():
    assert found("压减至1个工作日", ["个", "个工作日"]) == [("1个工作日", Decimal("1"), "个工作日", "")]
    assert found("压减至1个工作日", ["个"]) == [("1个", Decimal("1"), "个", "")]


def test_n_big_x_units():
    assert found("建立3大类清单") == [("3大类", Decimal("3"), "大类", "")]
    # Without 大类 in the unit list, the 大X rule reads up to the next delimiter.
    assert found("分为3大类，共12个", ["个"]) == [("3大类", Decimal("3"), "大类", ""), ("12个", Decimal("12"), "个", "")]
    assert found("建立3大类清单", ["个"]) == [("3大类清单", Decimal("3"), "大类清单", "")]
    assert found("建立4大基础库和10个主题库") == [
        ("4大基础库", Decimal("4"), "大基础库", ""),
        ("10个", Decimal("10"), "个", ""),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("治理数据资源库表4800多个", ("4800多个", Decimal("4800"), "个", "多")),
        ("抽查案卷600余卷", ("600余卷", Decimal("600"), "卷", "余")),
        ("培训300人左右", ("300人左右", Decimal("300"), "人", "左右")),
        ("近5年", ("5年", Decimal("5"), "年", "近")),
        ("约300人", ("300人", Decimal("300"), "人", "约")),
        ("超过200件", ("200件", Decimal("200"), "件", "超过")),
        ("近两年", ("两年", Decimal("2"), "年", "近")),
    ],
)
def test_qualifiers(text, expected):
    assert found(text) == [expected]


def test_several_quantities_in_order():
    assert found("办理案件27余万件,占比达97.8%") == [
        ("27余万件", Decimal("270000"), "件", "余"),
        ("97.8%", Decimal("97.8"), "%", "达"),
    ]
    qs = find_quantities("换发行政执法证件1874个，清理注销2838个。", UNITS)
    assert [(q.start, q.end, q.value) for q in qs] == [(8, 13, Decimal("1874")), (18, 23, Decimal("2838"))]


# ---------------------------------------------------------------- not quantities


@pytest.mark.parametrize(
    "text",
    [
        "2023年",
        "2022年底",
        "2022年度",
        "较2022年底增长",
        "2019年1月21日",
        "2024年3月",
        "5月20日",
        "12月31日前",
        "2022年1-12月",
        "二〇二三年",
        "第一次",
        "第二个",
        "第2批",
        "第1名",
        "排名第3位",
        "二十大",
        "党的二十大精神",
        "十三届",
        "二十届二中全会",
        "三次会议",
        "召开3次会议",
        "第十三届人民代表大会第四次会议",
        "“十四五”规划",
        "共12",
        "3.5",
        "一是",
        "三是加强",
        "一批",
        "一站式",
        "四张清单",
    ],
)
def test_not_quantities(text):
    assert found(text) == []


def test_numbers_inside_titles_and_quotes_are_blocked():
    text = "印发《2023年3项重点工作方案》，构建“1+3+N”体系，办理12件"
    assert found(text, blocked=title_mask(text)) == [("12件", Decimal("12"), "件", "")]
    # The mask is what keeps the title's number out.
    assert ("3项", Decimal("3"), "项", "") in found(text)


def test_quantity_right_after_a_quoted_name_is_kept():
    text = "“四张清单”845项"
    assert found(text, blocked=title_mask(text)) == [("845项", Decimal("845"), "项", "")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("连续三年获评", [("三年", Decimal("3"), "年", "")]),
        ("共三批", [("三批", Decimal("3"), "批", "")]),
        ("三年行动方案", []),
        ("两年", []),
        ("五个方面", [("五个", Decimal("5"), "个", "")]),
        ("三项制度", [("三项", Decimal("3"), "项", "")]),
    ],
)
def test_chinese_numerals_need_a_counting_unit_and_years_a_cue(text, expected):
    assert found(text) == expected


def test_compound_scale_qian_wan():
    assert found("3千万元") == [("3千万元", Decimal("30000000"), "元", "")]


def test_vague_tens_is_not_a_quantity():
    assert found("市直数十个部门") == []


def test_chinese_numeral_with_person_unit():
    assert found("组织专家十余人") == [("十余人", Decimal("10"), "人", "余")]


# -- ranges and qualifiers (issue 11)


def bounds(text: str):
    return [(q.text, q.value, q.upper, q.unit, q.qualifier) for q in find_quantities(text, UNITS)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年增长6%-6.5%。", [("6%-6.5%", Decimal("6"), Decimal("6.5"), "%", "")]),
        ("增速保持在4.5—5%之间", [("4.5—5%", Decimal("4.5"), Decimal("5"), "%", "")]),
        ("培育8至10个产业集群", [("8至10个", Decimal("8"), Decimal("10"), "个", "")]),
        ("新增就业800万—1000万人左右", [("800万—1000万人左右", Decimal("8000000"), Decimal("10000000"), "人", "左右")]),
        ("从5%提高到8%", [("5%", Decimal("5"), None, "%", ""), ("8%", Decimal("8"), None, "%", "")]),  # a change, no range
        ("第3-5项", []),  # ordinals
    ],
)
def test_ranges_keep_both_bounds(text, expected):
    assert bounds(text) == expected


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("失业率控制在5.5%以内", "以内"), ("增长5%左右", "左右"), ("不低于90%", "不低于"), ("超过300家", "超过"),
     ("新增就业20万人以上", "以上"), ("在校学生接近3万人", "接近"), ("亏损面不到5%", "不到"), ("日均客流高达9万人次", "高达"), ("涨幅低于3%", "低于")],
)
def test_qualifiers(text, qualifier):
    (q,) = find_quantities(text, UNITS)
    assert q.qualifier == qualifier


@pytest.mark.parametrize("numeral, value", [("9" * 30, Decimal("9" * 30)), ("1" + "0" * 40, Decimal("1" + "0" * 40))])
def test_numbers_of_any_size_keep_every_digit(numeral, value):
    # 10^28 and more raised decimal.InvalidOperation (the default context holds 28 digits).
    [q] = find_quantities(f"完成投资{numeral}元。", ["元"])
    assert q.value == value and str(q.value) == str(value)


def test_a_numeral_cn2an_cannot_read_is_no_number():
    # 三四十八 made cn2an raise KeyError, which spaCy reported as a misleading E109.
    assert to_number("三四十八") is None
    extract("一、工作\n受理三四十八件，办结12件。")  # no exception


# -- numbers that are part of something else (a rate's base, a code, a session, a word, a group of people)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the base of a rate: the figure is the number after it
        ("每千人口拥有病床6.2张", [("6.2张", Decimal("6.2"), "张", "")]),
        ("每10万人口发案数下降12%", [("12%", Decimal("12"), "%", "")]),
        # a code with a number in it
        ("PM10年均浓度48微克/立方米", [("48微克/立方米", Decimal("48"), "微克/立方米", "")]),
        ("G7高速公路新通车80公里", [("80公里", Decimal("80"), "公里", "")]),
        # sessions of a term, also listed
        ("贯彻县委九届六次、七次全会精神，召开常务会议8次", [("8次", Decimal("8"), "次", "")]),
        # an idiom or a fixed name the dictionary holds whole
        ("惠及千家万户，新增就业岗位三千个", [("三千个", Decimal("3000"), "个", "")]),
        ("坚持两条腿走路", []),
        # an anniversary; an age that bounds the people after it, not an age reached
        ("迎接建校60周年，连续8周开展巡查", [("8周", Decimal("8"), "周", "")]),
        ("为6岁以下儿童免费体检，为70岁及以上老人发放补贴", []),
        ("人均预期寿命提高到80.1岁", [("80.1岁", Decimal("80.1"), "岁", "")]),
    ],
)
def test_numbers_inside_other_things_are_not_quantities(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # digits grouped in thousands are one number (older reports print figures so)
        ("全年钢产量4，215万吨，比上年增加1,032万吨", [("4，215万吨", Decimal("42150000"), "吨", ""),
                                                   ("1,032万吨", Decimal("10320000"), "吨", "")]),
        ("本年收入合计12，345，678，000元", [("12，345，678，000元", Decimal("12345678000"), "元", "合计")]),
        # a comma after a decimal or before a shorter group is a clause break
        ("增长2.5，120个项目开工", [("120个", Decimal("120"), "个", "")]),
        # 千 opening the unit is no scale; 千亿 is one
        ("新增装机600千瓦", [("600千瓦", Decimal("600"), "千瓦", "")]),
        ("营业收入突破6千亿元", [("6千亿元", Decimal("600000000000"), "元", "")]),
        # a voltage class names the kind of line or station, also when two are joined
        ("建成220千伏变电站2座，新建500千伏和220千伏线路90公里", [("2座", Decimal("2"), "座", ""),
                                                              ("90公里", Decimal("90"), "公里", "")]),
        ("最高电压为1000千伏。", [("1000千伏", Decimal("1000"), "千伏", "")]),
        # a one-character unit with 次 after it counts times; 次要 is a word of its own
        ("抽检食品2600批次，巡查商户310家次，发现4个次要问题", [("2600批次", Decimal("2600"), "批次", ""),
                                                       ("310家次", Decimal("310"), "家次", ""),
                                                       ("4个", Decimal("4"), "个", "")]),
    ],
)
def test_grouped_digits_scales_and_classes(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # figures written out in Chinese numerals, as older reports write all of them
        ("基本建设投资计划为二千四百六十亿元", [("二千四百六十亿元", Decimal("246000000000"), "元", "")]),
        ("原煤产量由五亿三千万吨增加到六亿一千八百万吨", [("五亿三千万吨", Decimal("530000000"), "吨", ""),
                                                     ("六亿一千八百万吨", Decimal("618000000"), "吨", "")]),
        ("职工人数二十三万四千人", [("二十三万四千人", Decimal("234000"), "人", "")]),
        ("每台机组耗煤四百一十二点五吨，产量增长二点三倍", [("四百一十二点五吨", Decimal("412.5"), "吨", ""),
                                                       ("二点三倍", Decimal("2.3"), "倍", "")]),
        # a bare digit or a run of digits is a figure only before a counting unit; 十分 is "very"
        ("三吨", []),
        ("十分重要，数十个部门", []),
    ],
)
def test_chinese_numerals_written_out(text, expected):
    assert found(text) == expected
