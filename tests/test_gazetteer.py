"""The gazetteer of administrative divisions (jionlp's national list)."""

from __future__ import annotations

import pytest

from govkg.extractor.gazetteer import NATION, Division, gazetteer


@pytest.fixture(scope="module")
def g():
    return gazetteer()


def test_loaded_once(g):
    assert gazetteer() is g
    levels = {d.level for d in g}
    assert levels == {"nation", "province", "city", "county", "town"}
    # 34 provincial divisions (Hong Kong, Macao, Taiwan included), some 330 cities, 2,800+ counties
    assert sum(d.level == "province" for d in g) == 34
    assert sum(d.level == "county" for d in g) > 2800


def test_full_name(g):
    d = g.resolve("清苑区")
    assert (d.code, d.name, d.short, d.level, d.parent) == ("130608", "清苑区", "清苑", "county", "130600")


def test_short_name(g):
    assert g.resolve("湖北").name == "湖北省"
    assert g.resolve("保定").code == "130600"


def test_former_name_from_the_change_list(g):
    assert g.resolve("襄樊市").name == "襄阳市"
    assert g.resolve("孟津县").name == "孟津区"
    assert "孟津县" in g.resolve("孟津区").former


def test_former_name_by_level_suffix(g):
    baoding = g.resolve("保定市")
    d = g.resolve("清苑县", within=baoding)
    assert d.code == "130608" and "清苑县" in d.former
    assert g.match("清苑县", d) == "former"
    # a swap that names another division is not a former name: 安阳县 is not a former 安阳市
    assert g.resolve("安阳市").level == "city"


def test_hierarchy(g):
    d = g.get("130608")
    assert [a.name for a in g.ancestors(d)] == ["保定市", "河北省", "中华人民共和国"]
    assert g.province_of(d).name == "河北省"
    assert g.city_of(d).name == "保定市"
    assert g.ancestors(NATION) == [] and g.province_of(NATION) is None


def test_municipality_is_its_districts_city(g):
    chaoyang = g.resolve("朝阳区", within=g.resolve("北京市"))
    assert chaoyang.code == "110105" and chaoyang.parent == "110000"
    assert g.city_of(chaoyang).name == "北京市"
    assert g.city_of(g.get("419001")) is None  # 济源市 lies directly under 河南省


def test_ambiguous_without_within(g):
    assert g.resolve("鼓楼区") is None
    assert len(g.lookup("鼓楼区")) >= 4
    assert g.resolve("鼓楼区", within=g.resolve("福州市")).code == "350102"
    # the nearest division wins even from a county: 鼓楼区 seen from 南京's 玄武区
    assert g.resolve("鼓楼区", within=g.resolve("玄武区")).code == "320106"


def test_containing_division_wins(g):
    assert g.resolve("吉林").name == "吉林省"
    # a short form the containing division already has stays the container's: 吉林 in 吉林市 is the province
    assert g.resolve("吉林", within=g.resolve("吉林市")).name == "吉林省"
    assert g.resolve("安阳").name == "安阳市" and g.resolve("安阳县").short == ""
    # seen from another city of the province
    assert g.resolve("吉林", within=g.resolve("长春市")).name == "吉林省"


def test_town_by_county(g):
    neixiang = g.resolve("内乡县")
    town = g.lookup("湍东镇", within=neixiang)[0]
    assert (town.code, town.level, town.parent) == ("411325-湍东镇", "town", "411325")
    assert g.contains(neixiang, town) and not g.contains(g.resolve("西峡县"), town)
    assert g.city_of(town).name == "南阳市"


def test_nation(g):
    assert g.get("100000") == NATION
    assert g.resolve("中国") == NATION


def test_not_places(g):
    for word in ("实施乡", "提升乡", "口城镇", "中国县", "四是乡", "高新区", "经开区", "省直辖"):
        assert g.lookup(word) == [], word
    assert g.get("419000") is None  # 省直辖行政区划 is a grouping, not a division


def test_division_is_frozen():
    d = Division("1", "甲县", "甲", "county", "100000")
    with pytest.raises(AttributeError):
        d.name = "乙县"


# --- govkg.extractor.places: the questions other components ask ------------------------


def test_is_place_name_asks_the_gazetteer():
    from govkg.extractor.places import is_place_name

    for name in ("西峡县", "南阳市", "湖北", "保定", "清苑县", "湍东镇", "内蒙古自治区"):
        assert is_place_name(name), name
    # verb + suffix, generic levels, the nation, and a county's short form alone (a word as often as a name)
    for name in ("实施乡", "提升乡", "口城镇", "中国县", "四是乡", "省辖市", "城区", "中国", "中原"):
        assert not is_place_name(name), name


def test_jurisdiction_division_resolves_within_the_city():
    from types import SimpleNamespace

    from govkg.extractor.places import jurisdiction_division

    def f(**kw):
        return SimpleNamespace(**{"division": None, "jurisdiction": None, "city": None, "province": None, **kw})

    g = gazetteer()
    assert jurisdiction_division(f(jurisdiction="鼓楼区", city="福州市")).code == "350102"
    assert jurisdiction_division(f(jurisdiction="鼓楼区")) is None
    assert jurisdiction_division(f(jurisdiction="国务院")) == NATION
    given = g.get("130608")
    assert jurisdiction_division(f(division=given, jurisdiction="南阳市")) is given


def test_region_within():
    from govkg.extractor.places import region_within

    assert region_within("雄安新区").code == "130000"
    assert region_within("郑州新区").code == "410100"  # a zone lies inside its stem's division
    assert region_within("武汉城市圈") is None  # an agglomeration reaches beyond its core city
