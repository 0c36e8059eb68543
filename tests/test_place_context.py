"""Places the text does not say: word boundaries, suffix grammar, feature names and the report's own towns.

Short made-up sentences under made-up titles; each asserts the resolved place (surface, code, level).
"""

from __future__ import annotations

import pytest

from govkg.extractor import build_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def places(nlp, title: str, text: str) -> list[tuple[str, str, str]]:
    f = nlp(title + "\n" + text)._.govkg
    skip = len(title) + 1
    return [(m.name, m.canonical, m.level) for m in f.mentions if m.label == "PLACE" and m.start >= skip]


JIANGXI = "江西省人民政府关于2024年法治政府建设情况的报告"
HEBEI = "河北省人民政府关于2024年法治政府建设情况的报告"
BAODING = "保定市人民政府关于2024年法治政府建设情况的报告"
SHUNPING = "顺平县人民政府关于2024年法治政府建设情况的报告"
RONGCHENG = "容城县人民政府关于2024年法治政府建设情况的报告"
JILIN = "吉林省人民政府关于2024年法治政府建设情况的报告"


def test_a_word_before_a_province_holds_no_city(nlp):
    # 美丽 + 江西: reading 丽江 (a city of 云南) would cut the word 美丽 in two
    assert places(nlp, JIANGXI, "我们要打造美丽江西样板。") == [("江西", "360000", "province")]


def test_a_suffix_split_from_its_stem_by_the_words_is_no_name(nlp):
    # 12项 + 城市: no 项城市 (河南); written after its province it is one
    assert places(nlp, HEBEI, "完成12项城市更新任务。") == []
    assert places(nlp, HEBEI, "河南项城市客商来访。") == [("河南", "410000", "province"),
                                                      ("项城市", "411681", "county")]


def test_a_short_form_before_a_street_word_is_the_street(nlp):
    assert places(nlp, BAODING, "改造中山路和北京路，深化与北京合作。") == [("北京", "110000", "province")]


def test_a_mountain_named_like_two_places_is_neither(nlp):
    # 长白山: neither 长白 (a county) nor 白山 (a city)
    assert places(nlp, JILIN, "加强长白山生态保护。") == []


def test_a_bare_name_of_the_counties_own_town_is_that_town(nlp):
    # 安阳 is a city of 河南, and a 乡 of 顺平县: a county's report means its own town
    assert places(nlp, SHUNPING, "改造安阳、白云两所卫生院。") == [("安阳", "130636-安阳乡", "town"),
                                                            ("白云", "130636-白云乡", "town")]
    assert places(nlp, SHUNPING, "与河南安阳市开展合作。") == [("河南", "410000", "province"),
                                                          ("安阳市", "410500", "city")]


def test_a_county_named_like_its_seat_is_the_county(nlp):
    assert places(nlp, RONGCHENG, "建设美好容城。") == [("容城", "130629", "county")]


def test_a_division_after_a_short_form_is_no_feature(nlp):
    # 河 begins 河西区 here, not a river named after 天津
    assert places(nlp, BAODING, "与天津河西区签订协议。") == [("天津", "120000", "province"),
                                                        ("河西区", "120103", "county")]


def test_a_street_named_after_the_countys_town_is_the_street(nlp):
    assert places(nlp, SHUNPING, "改造安阳街。") == []


# A county whose name ends another county's (易县 in 米易县): the text's own words decide, the
# metadata's county only where the text names none.
YI_HINTS = {"place": "易县", "city": "保定", "province": "河北"}
OPENING = "各位代表：\n现在，我代表县人民政府向大会报告工作。全县经济增长。"


def jurisdiction(nlp, text: str, hints: dict) -> tuple[str, str, str]:
    from govkg.extractor import process
    from govkg.extractor.places import jurisdiction_division

    f = process(text, nlp=nlp, hints=hints)._.govkg
    d = jurisdiction_division(f)
    return f.jurisdiction, d.code, f.jurisdiction_source


def test_a_title_naming_the_shorter_county_keeps_it_whatever_the_text_mentions(nlp):
    text = "易县2025年政府工作报告\n" + OPENING + "与四川米易县开展交流合作。"
    assert jurisdiction(nlp, text, YI_HINTS) == ("易县", "130633", "title")


def test_a_title_naming_the_longer_county_wins_over_the_metadata(nlp):
    # a row filed under 易县 whose title and text are 米易县's: the text wins (the build reports the mismatch)
    assert jurisdiction(nlp, "米易县2024年政府工作报告\n" + OPENING, YI_HINTS) == ("米易县", "510421", "title")


def test_an_untitled_report_takes_the_metadata_county_not_a_longer_name_in_the_text(nlp):
    assert jurisdiction(nlp, OPENING + "与米易县开展交流合作。", YI_HINTS) == ("易县", "130633", "metadata")


def test_the_congress_line_names_the_county_after_a_function_word(nlp):
    text = "政府工作报告\n——2025年1月14日在易县第十八届人民代表大会第五次会议上\n" + OPENING + "与米易县合作。"
    assert jurisdiction(nlp, text, {}) == ("易县", "130633", "congress line")


def test_a_development_zone_named_by_its_division_is_a_place_and_a_bare_one_is_not(nlp):
    found = places(nlp, BAODING, "在保定高新区、保定经开区推行改革，高新区管委会制定实施办法。")
    assert [name for name, _, _ in found] == ["保定高新区", "保定经开区"]
    assert {level for _, _, level in found} == {"region"}
