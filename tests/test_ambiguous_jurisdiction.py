"""A report of a district whose name several cities share is placed by the places its text names."""

from __future__ import annotations

import pytest

from govkg.extractor import process


def _report(place: str, body: str) -> str:
    return (f"{place}2022年法治政府建设年度报告\n"
            f"2022年，{place}深入推进依法行政，法治政府建设取得新成效。\n"
            f"一、主要举措和成效\n（一）推进基层综合执法。{body}\n")


@pytest.mark.parametrize(("place", "body", "city", "towns"), [
    # Streets of 南京's 鼓楼区: the district, its city, and the streets themselves are found.
    ("鼓楼区", "在华侨路街道、宁海路街道开展综合行政执法改革试点，全年调解纠纷1260件。", "南京市",
     {"华侨路街道", "宁海路街道"}),
    # The same name, and 福州's other districts: 福州's 鼓楼区.
    ("鼓楼区", "与台江区、仓山区建立执法协作机制，全年调解纠纷860件。", "福州市", set()),
    # 朝阳区 of 北京 (not 长春): its streets and the city's other districts.
    ("朝阳区", "在望京街道推行“接诉即办”机制，与东城区、海淀区建立执法协作机制。", "北京市", {"望京街道"}),
], ids=["nanjing-streets", "fuzhou-neighbours", "beijing"])
def test_a_shared_name_is_resolved_by_what_the_text_names_around_it(place, body, city, towns):
    f = process(_report(place, body))._.govkg
    assert f.division is not None and f.division.name == place
    assert f.city == city
    found = {m.name for m in f.mentions if m.label == "PLACE"}
    assert towns <= found


def test_a_shared_name_with_nothing_around_it_stays_unresolved():
    f = process(_report("鼓楼区", "全年调解纠纷1260件，化解信访积案35件。"))._.govkg
    assert f.jurisdiction == "鼓楼区"
    assert f.division is None  # four cities have one: the text does not say which


@pytest.mark.parametrize(("opening", "expected", "city"), [
    ("2024年，合肥市蜀山区认真贯彻落实党中央、国务院决策部署，法治政府建设取得新成效。", "蜀山区", "合肥市"),
    ("一年来，蜀山区人民政府坚持依法行政，法治政府建设取得新成效。", "蜀山区", "合肥市"),
], ids=["city-and-district", "district-and-organ"])
def test_an_untitled_report_is_placed_by_the_subject_of_its_opening(opening, expected, city):
    # no place in the title, no 全区/我区, no thanks: only the opening sentence says who reports
    text = (f"关于2024年度法治政府建设情况的报告\n{opening}\n"
            "一、主要举措和成效\n（一）推进基层综合执法。在南岗镇、笔架山街道开展综合行政执法改革试点。\n")
    f = process(text)._.govkg
    assert f.division is not None and (f.division.name, f.city) == (expected, city)
    assert {"南岗镇", "笔架山街道"} <= {m.name for m in f.mentions if m.label == "PLACE"}


def test_an_opening_in_a_prepositional_frame_names_no_jurisdiction():
    text = ("关于2024年度法治政府建设情况的报告\n2024年，在合肥市委的坚强领导下，法治政府建设取得新成效。\n"
            "一、主要举措和成效\n（一）推进基层综合执法。开展综合行政执法改革试点。\n")
    assert process(text)._.govkg.division is None
