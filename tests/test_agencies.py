"""Agencies across levels: whose body a name is, how joined names split, and one IRI per body."""

from __future__ import annotations


import pytest

from govkg.extractor.gazetteer import gazetteer
from rdflib import RDF, RDFS, Literal

from govkg.extractor import build_pipeline, doc_to_graph
from govkg.extractor.iri import make_iri
from govkg.ontology.namespace import GK

# Where the report sits in the division hierarchy: jurisdiction, level, province, city.
LAISHUI = ("涞水县", "县", "河北省", "保定市")
BAODING = ("保定市", "市", "河北省", None)
HEBEI = ("河北省", "省", "河北省", None)
NANYANG = ("南阳市", "市", "河南省", None)
LUDING = ("泸定县", "县", "四川省", "甘孜藏族自治州")
MINHANG = ("闵行区", "区", "上海市", None)
NATION = ("中华人民共和国", None, None, None)


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def process(nlp, text: str, context: tuple):
    """Run the pipeline with the report's place set as the header and gazetteer would set it."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "govkg_report":
            f = doc._.govkg
            f.jurisdiction, f.level, f.province, f.city = context
    return doc


def agencies(nlp, text: str, context: tuple = LAISHUI) -> list[tuple[str, str]]:
    """(surface, canonical) of each agency mention, in text order."""
    f = process(nlp, text, context)._.govkg
    return [(m.name, m.canonical) for m in f.mentions if m.label == "AGENCY"]


def agency_nodes(nlp, text: str, context: tuple) -> dict[str, str]:
    """Each agency node's label, by the surface forms that name it."""
    graph = doc_to_graph(process(nlp, text, context))
    out = {}
    for m in process(nlp, text, context)._.govkg.mentions:
        if m.label == "AGENCY":
            nodes = [s for s in graph.subjects(RDF.type, GK.Agency)
                     if (s, RDFS.label, Literal(m.canonical or m.name)) in graph]
            out[m.name] = str(nodes[0])
    return out


# ---------------------------------------------------------------- levels from the hierarchy


def test_provincial_organs_in_a_county_report_are_the_provinces(nlp):
    assert agencies(nlp, "省委、省政府高度重视，省人大常委会开展执法检查。") == [
        ("省委", "河北省委"), ("省政府", "河北省人民政府"), ("省人大常委会", "河北省人大常委会"),
    ]


def test_city_organs_in_a_county_report_are_the_citys(nlp):
    assert agencies(nlp, "在市委、市政府的领导下，县委县政府狠抓落实。") == [
        ("市委", "保定市委"), ("市政府", "保定市人民政府"), ("县委", "涞水县委"), ("县政府", "涞水县人民政府"),
    ]


def test_own_level_resolves_to_the_jurisdiction(nlp):
    assert agencies(nlp, "市政府印发通知，市司法局牵头落实。", NANYANG) == [
        ("市政府", "南阳市人民政府"), ("市司法局", "南阳市司法局"),
    ]


def test_a_name_holding_government_keeps_its_words(nlp):
    # 政府 is the organ's own opening word only (政府办公室 is the 人民政府's office); inside a name it stays.
    assert agencies(nlp, "市法治政府建设领导小组办公室督促整改，市政府办公室印发通知。", NANYANG) == [
        ("市法治政府建设领导小组办公室", "南阳市法治政府建设领导小组办公室"),
        ("市政府办公室", "南阳市人民政府办公室"),
    ]


def test_provincial_organs_of_the_provinces_own_report(nlp):
    assert agencies(nlp, "省委、省政府作出部署。", HEBEI) == [("省委", "河北省委"), ("省政府", "河北省人民政府")]


def test_national_organs_are_the_nations(nlp):
    assert agencies(nlp, "在党中央、国务院的领导下，中央政治局常委会研究部署。") == [
        ("党中央", "中共中央"), ("国务院", "国务院"), ("中央政治局常委会", "中央政治局常委会"),
    ]


def test_lower_level_in_a_higher_report_stays_as_written(nlp):
    # Which county? The city's report does not say, so 县委 keeps its written name.
    assert agencies(nlp, "市委指导县委开展工作。", NANYANG) == [("市委", "南阳市委"), ("县委", "县委")]


def test_prefecture_prefix_needs_a_prefecture(nlp):
    # 保定 is a 市, so 州委 in one of its counties is no body the report's place names.
    assert agencies(nlp, "州委作出部署。") == [("州委", "州委")]
    assert agencies(nlp, "州委作出部署。", LUDING) == [("州委", "甘孜藏族自治州委")]


def test_city_organ_in_a_district_of_a_municipality(nlp):
    assert agencies(nlp, "市委、区委作出部署。", MINHANG) == [("市委", "上海市委"), ("区委", "闵行区委")]


def test_former_county_name_in_an_older_report(nlp):
    # 清苑区 was 清苑县 until 2015: its older reports' 县委 is 清苑县委 (the division lists the former name).
    doc = nlp.make_doc("县委、区委作出部署。")
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "govkg_report":
            f = doc._.govkg
            f.jurisdiction, f.level, f.province, f.city = "清苑区", "区", "河北省", "保定市"
            f.division = gazetteer().get("130608")
            assert "清苑县" in f.division.former
    assert [(m.name, m.canonical) for m in doc._.govkg.mentions] == [("县委", "清苑县委"), ("区委", "清苑区委")]


def test_provincial_committee_unresolved_without_a_province(nlp):
    assert agencies(nlp, "受到省委表扬。", ("南阳市", "市", None, None)) == [("省委", "省委")]


def test_own_congress_of_a_national_report(nlp):
    assert agencies(nlp, "自觉接受人大监督，听取政协意见。", NATION) == [("人大", "全国人大"), ("政协", "全国政协")]


def test_provincial_department_named_bare_in_a_county_report(nlp):
    # A 厅 is a province's department, whoever names it.
    assert agencies(nlp, "公安厅派出工作组。") == [("公安厅", "河北省公安厅")]


def test_level_nouns_do_not_hide_place_names(nlp):
    # 城市 and 城区 are nouns, yet 满城区 and 晋城市 are places before an organ.
    assert agencies(nlp, "满城区人民政府、晋城市委和香港特别行政区政府。", NATION) == [
        ("满城区人民政府", "满城区人民政府"), ("晋城市委", "晋城市委"), ("香港特别行政区政府", "香港特别行政区政府"),
    ]


def test_level_run_names_bodies_where_the_report_has_them(nlp):
    # In a county's report 省、市委全会 are the province's and the city's plenums: 市委 is 保定市委.
    assert agencies(nlp, "贯彻省、市委全会精神。") == [("市委", "保定市委")]
    assert agencies(nlp, "基本完成省市县政府机构改革。", NATION) == []


def test_two_character_county_repeats_its_level_before_its_committee(nlp):
    # 唐县县委 as written and 县委 in 唐县's report are one body with one name.
    assert agencies(nlp, "唐县县委、县委、县政府作出部署。", ("唐县", "县", "河北省", "保定市")) == [
        ("唐县县委", "唐县县委"), ("县委", "唐县县委"), ("县政府", "唐县人民政府"),
    ]


def test_other_reports_named_in_the_page_are_no_agencies(nlp):
    text = "2023年涞水县人民政府工作报告\n一年来做了工作。相关链接：2022年灵山县政府工作报告。市政府工作报告确定的任务全部完成。"
    assert agencies(nlp, text) == [("涞水县人民政府", "涞水县人民政府")]  # the report's own title keeps its issuer


# ---------------------------------------------------------------- joined organs


def test_joined_organs_are_split(nlp):
    assert agencies(nlp, "在省政府和州委的领导下。", LUDING) == [
        ("省政府", "四川省人民政府"), ("州委", "甘孜藏族自治州委"),
    ]
    assert agencies(nlp, "县委县政府高度重视。") == [("县委", "涞水县委"), ("县政府", "涞水县人民政府")]
    assert agencies(nlp, "市委、市政府印发通知。", NANYANG) == [("市委", "南阳市委"), ("市政府", "南阳市人民政府")]


def test_organs_merged_in_fact_stay_one(nlp):
    assert agencies(nlp, "省纪委监委开展专项监督。") == [("省纪委监委", "河北省纪委监委")]


# ---------------------------------------------------------------- organ grammar


def test_leading_groups_and_their_offices(nlp):
    assert agencies(nlp, "县扶贫开发领导小组办公室牵头，成立了脱贫攻坚领导小组。") == [
        ("县扶贫开发领导小组办公室", "涞水县扶贫开发领导小组办公室"), ("脱贫攻坚领导小组", "涞水县脱贫攻坚领导小组"),
    ]


def test_committees_as_organs(nlp):
    assert agencies(nlp, "市委全面依法治市委员会召开会议，中央全面依法治国委员会办公室督察。", NANYANG) == [
        ("市委全面依法治市委员会", "南阳市委全面依法治市委员会"),
        ("中央全面依法治国委员会办公室", "中央全面依法治国委员会办公室"),
    ]


def test_party_departments(nlp):
    assert agencies(nlp, "县委组织部、县委宣传部联合印发。") == [
        ("县委组织部", "涞水县委组织部"), ("县委宣传部", "涞水县委宣传部"),
    ]


def test_zone_committee_is_the_reports_unless_its_place_is_written(nlp):
    f = process(nlp, "高新区管委会成立。", NANYANG)._.govkg
    [m] = [m for m in f.mentions if m.label == "AGENCY"]
    assert (m.name, m.canonical, m.level) == ("高新区管委会", "高新区管委会", "市")  # scoped: level set, unresolved


def test_presidium_and_national_congress(nlp):
    assert agencies(nlp, "大会主席团审议，全国人民代表大会常务委员会通过。") == [
        ("大会主席团", "涞水县人民代表大会主席团"), ("全国人民代表大会常务委员会", "全国人大常委会"),
    ]


def test_bare_departments_are_the_jurisdictions(nlp):
    assert agencies(nlp, "由司法局、信访办、发展改革委联合印发。", NANYANG) == [
        ("司法局", "南阳市司法局"), ("信访办", "南阳市信访办"), ("发展改革委", "南阳市发展改革委"),
    ]


def test_department_names_with_common_words_inside(nlp):
    # 城乡, 乡村 and 国有 hold characters that elsewhere end a name (乡 of 乡镇, 有 of 有关).
    assert agencies(nlp, "省住房和城乡建设厅、省国有资产监督管理委员会、县乡村振兴局牵头。") == [
        ("省住房和城乡建设厅", "河北省住房和城乡建设厅"), ("省国有资产监督管理委员会", "河北省国有资产监督管理委员会"),
        ("县乡村振兴局", "涞水县乡村振兴局"),
    ]


def test_ministries_of_any_period(nlp):
    assert agencies(nlp, "建筑材料工业部和森林工业部共有项目，2024年教育部提出计划。", NATION) == [
        ("建筑材料工业部", "建筑材料工业部"), ("森林工业部", "森林工业部"), ("教育部", "教育部"),
    ]
    assert agencies(nlp, "教育部门和公安部门做好经济建设部署。", NATION) == []


def test_national_commissions_split_and_short(nlp):
    assert agencies(nlp, "国家计委和国家经委共同研究。", NATION) == [("国家计委", "国家计委"), ("国家经委", "国家经委")]


def test_other_names_of_central_organs(nlp):
    assert agencies(nlp, "团结在中国共产党中央委员会周围，报中央人民政府任命。", NATION) == [
        ("中国共产党中央委员会", "中共中央"), ("中央人民政府", "国务院"),
    ]


def test_national_departments_are_absolute(nlp):
    assert agencies(nlp, "经国家发展改革委、财政部批准，国家统计局发布。") == [
        ("国家发展改革委", "国家发展改革委"), ("财政部", "财政部"), ("国家统计局", "国家统计局"),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("市政府常务会议研究。", ["市政府"]),  # a meeting gives its organ, not a body of its own
    ("市长、负责人带头。", []),  # roles
    ("市直33个部门参加。", []),  # a counted collective
    ("南阳市各县市区积极落实。", []),  # jurisdictions
    ("服务发展大局，为现代化国家开好局，构建新发展格局。", []),
    ("财政部门和公安部门加强协作。", []),  # 部门 are departments in general
    ("第一时间成立领导小组。", []),  # an unnamed group
    ("基本完成省市县政府机构改革。", []),  # every level's governments, no one body (none is 南阳市's)
    ("推进县、乡政府机构改革。", []),
    ("接受同级人大的监督。", []),  # the congress of whichever level
    ("发挥城市居民委员会的作用。", []),  # 城市 is no level prefix
    ("是市委带领广大干部拼搏的结果。", ["市委"]),  # 干部 are people, not a 部
    ("开创强省建设新局，扩大跨市跨省通办。", []),
    ("举全省之力办好冬奥会，推动省属公办高校发展，区业主委员会成立。", []),
    ("国家部委支持上市公司股权分置改革。", []),
])
def test_not_agencies(nlp, text, expected):
    assert [n for n, _ in agencies(nlp, text, NANYANG)] == expected


# ---------------------------------------------------------------- one IRI per body


def test_same_provincial_body_same_iri_in_every_report(nlp):
    shijiazhuang = agency_nodes(nlp, "石家庄市人民政府工作报告\n在省委、省政府的坚强领导下，市政府做了工作。",
                                ("石家庄市", "市", "河北省", None))
    tangshan = agency_nodes(nlp, "唐山市人民政府工作报告\n省委省政府高度重视，中共河北省委作出部署。",
                            ("唐山市", "市", "河北省", None))
    county = agency_nodes(nlp, "涞水县人民政府工作报告\n认真落实省委、省政府和市委决策部署。", LAISHUI)
    province = agency_nodes(nlp, "河北省人民政府工作报告\n省委、省政府作出部署。", HEBEI)
    committee = make_iri("agency", "河北省委")
    government = make_iri("agency", "河北省人民政府")
    assert {shijiazhuang["省委"], tangshan["省委"], tangshan["中共河北省委"], county["省委"], province["省委"]} \
        == {str(committee)}
    assert {shijiazhuang["省政府"], tangshan["省政府"], county["省政府"], province["省政府"]} == {str(government)}
    assert shijiazhuang["市政府"] != tangshan.get("市政府", "")  # each city's own government is its own
    assert county["市委"] == str(make_iri("agency", "保定市委"))


def test_place_written_in_short_gets_the_divisions_full_name(nlp):
    # 恩施州委 as written and 州委 in a county of 恩施 are one body.
    jianshi = ("建始县", "县", "湖北省", "恩施土家族苗族自治州")
    assert agencies(nlp, "恩施州委、州委、保定市委部署。", jianshi) == [
        ("恩施州委", "恩施土家族苗族自治州委"), ("州委", "恩施土家族苗族自治州委"), ("保定市委", "保定市委"),
    ]


def test_unresolved_relative_name_is_scoped_to_the_report(nlp):
    nanyang = agency_nodes(nlp, "南阳市人民政府工作报告\n市委指导县委工作。", NANYANG)
    baoding = agency_nodes(nlp, "保定市人民政府工作报告\n市委指导县委工作。", BAODING)
    assert nanyang["县委"] == str(make_iri("agency", "南阳市", "县委"))
    assert nanyang["县委"] != baoding["县委"]


def test_agency_is_in_its_owners_place(nlp):
    def places(text):
        graph = doc_to_graph(process(nlp, text, LAISHUI))
        return {str(graph.value(a, RDFS.label)): graph.value(a, GK.inPlace) for a in graph.subjects(RDF.type, GK.Agency)}

    # Places are keyed by division code; the jurisdiction's province is a node of its graph (gk:within
    # from the county up), named in the text or not, so its bodies are linked to it either way.
    named = places("涞水县人民政府工作报告\n省委、县委作出部署，河北省各地积极响应。")
    assert named["河北省委"] == make_iri("place", "130000")
    assert named["涞水县委"] == make_iri("place", "130623")
    unnamed = places("涞水县人民政府工作报告\n省委、县委作出部署。")
    assert unnamed["河北省委"] == make_iri("place", "130000") and unnamed["涞水县委"] == make_iri("place", "130623")
