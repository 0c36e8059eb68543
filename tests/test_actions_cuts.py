"""What govkg_actions reads as work done, and where it cuts an action's label.

Made-up sentences only: each pins one rule of the clause grammar
(extractor/components/actions.py, patterns/actions.jsonl).
"""

from __future__ import annotations

import pytest

from govkg.extractor import build_pipeline

TITLE = "某市人民政府关于2023年法治政府建设情况的报告\n"


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def findings(nlp, text: str):
    return nlp(TITLE + text)._.govkg


def labels(nlp, text: str) -> list[str]:
    return [a.text for a in findings(nlp, text).actions]


# ---------------------------------------------------------------- a clause that only states a number


@pytest.mark.parametrize(("sentence", "expected"), [
    # a verb that opens a measure's name, its number right after: the measure, no work
    ("全年受理劳动争议案件860件，调解成功率96%以上。", ["受理劳动争议案件"]),
    ("调解成功率达97%，罚没金额136.8万元。", []),
    ("城镇登记失业率3.1%，研发投入强度2.4%，承诺事项兑现率96.5%。", []),
    ("工业用地亩均投入强度达到280万元。", []),
    ("调解成功率提高到98%，办结率增长5个百分点。", []),
    # a verb that takes a measure as its object: a target set, a change made
    ("确保地表水达标率100%。", ["确保地表水达标率"]),
    ("提高农村自来水普及率3个百分点。", ["提高农村自来水普及率"]),
    ("将小微企业贷款贴息比例提高到60%。", ["将小微企业贷款贴息比例提高到60%"]),
    # a count of work done, an amount added, a word in 量 that is no measure
    ("办理政府信息公开申请214件。", ["办理政府信息公开申请"]),
    ("新增储能装机容量20万千瓦。", ["新增储能装机容量20万千瓦"]),
    ("全年出动执法力量560人次。", ["出动执法力量"]),
    # a change stated by its new level, with no object: a result
    ("公交换乘比例提升至93%，压减办理时限至3个工作日。", ["压减办理时限至3个工作日"]),
    # a number inside an attribute: the verb's object is what follows
    ("实施总额3亿元的乡村道路改造计划。", ["实施总额3亿元的乡村道路改造计划"]),
])
def test_a_measure_named_after_a_verb_is_no_action(nlp, sentence, expected):
    assert labels(nlp, sentence) == expected


def test_a_bare_verb_with_its_count_is_the_earlier_actions_result(nlp):
    # 废止 and 修改 have no object: what was repealed and changed is the documents cleared.
    f = findings(nlp, "清理行政规范性文件，废止12件，修改5件。")
    assert [a.text for a in f.actions] == ["清理行政规范性文件"]
    assert sorted(f.quantities[i].text for i in f.actions[0].quantities) == ["12件", "5件"]


def test_a_verb_with_its_count_run_on_from_a_noun_ends_the_object(nlp):
    assert labels(nlp, "实施农村危房改造1200户，完成老旧小区供水管网改造36公里。") == [
        "实施农村危房改造", "完成老旧小区供水管网改造"]


def test_a_change_after_a_noun_is_no_part_of_the_action_before(nlp):
    # …市场主体增加3600户 (no comma before it): the count's change, neither an action nor part of one
    got = labels(nlp, "优化营商环境市场主体增加3600户。")
    assert got and not any("增加" in a for a in got)


def test_a_verb_that_spends_keeps_its_amount(nlp):
    assert labels(nlp, "累计投入3.2亿元，用于改善乡村学校办学条件。")[0] == "投入3.2亿元"


# ---------------------------------------------------------------- frames and formulas


@pytest.mark.parametrize(("sentence", "expected"), [
    # 以X为Y names the means or the focus: the action is what follows Y, if anything
    ("我区将以法治政府建设示范创建为抓手，全面提升依法行政水平。", ["全面提升依法行政水平"]),
    ("以示范创建为抓手，全面提升依法行政水平。", ["全面提升依法行政水平"]),
    ("以数字化改革为引领推进政府治理现代化。", ["推进政府治理现代化"]),
    ("以村级组织为依托做大做强特色种植产业。", ["做大做强特色种植产业"]),
    # Y after the second 为 when the first stands inside X (为中心的…)
    ("我们以人民为中心的发展思想为指导，加快建设服务型政府。", ["加快建设服务型政府"]),
    # 为主 with no Y of its own
    ("以政府为主提供基本保障。", ["提供基本保障"]),
    # a verb phrase that opens with 以…为 keeps it: the frame is its object
    ("坚持以人民为中心，深化放管服改革。", ["坚持以人民为中心", "深化放管服改革"]),
])
def test_a_yi_wei_frame_is_no_action(nlp, sentence, expected):
    assert labels(nlp, sentence) == expected


def test_an_action_after_a_frame_with_a_modal_is_planned(nlp):
    f = findings(nlp, "我区将以示范创建为抓手，全面提升依法行政水平。")
    assert [(a.text, a.status) for a in f.actions] == [("全面提升依法行政水平", "Planned")]


def test_a_report_formula_run_into_a_sentence_ends_its_action(nlp):
    got = labels(nlp, "2023年，我市深入推进依法行政，荣获全省法治政府建设示范市现将有关情况报告如下：")
    assert got == ["深入推进依法行政", "荣获全省法治政府建设示范市"]
    assert labels(nlp, "现将我县2024年法治政府建设工作情况报告如下。") == []


def test_a_quoted_name_that_opens_the_clause_is_part_of_the_label(nlp):
    # what is built or rolled out is the quoted name: the label keeps it
    assert labels(nlp, "“智慧法务”建设取得重大进展，“一事一策”推动积案化解。") == [
        "“智慧法务”建设取得重大进展", "“一事一策”推动积案化解"]


def test_a_count_run_into_the_next_phrase_quantifies_its_object(nlp):
    # 35个 counts the projects: the verb before it and the phrase after are one action
    assert labels(nlp, "推出35个对接长三角的合作项目。") == ["推出35个对接长三角的合作项目"]


def test_a_means_with_no_predicate_after_it_is_the_work_done(nlp):
    assert labels(nlp, "区政府职能部门通过加强对街道法治工作的指导，帮助街道解决实际问题。") == [
        "加强对街道法治工作的指导", "帮助街道解决实际问题"]
    # a means named as a noun, or a predicate after it: the means is no action of its own
    assert labels(nlp, "通过集中培训、以案释法的方式，提升执法人员素质。") == ["提升执法人员素质"]
    assert labels(nlp, "通过整合资源加强基层执法力量。") == ["加强基层执法力量"]


def test_a_bare_verb_inside_a_campaigns_name_starts_no_new_action(nlp):
    # 提升 and 保护修复 are inside the names of the campaign and the project (…专项行动, …工程)
    assert labels(nlp, "开展群众满意度提升专项行动，实施湿地生态保护修复工程。") == [
        "开展群众满意度提升专项行动", "实施湿地生态保护修复工程"]
    # a verb that opens the clause still is one
    assert labels(nlp, "完成年度计划，组织专项行动。") == ["完成年度计划", "组织专项行动"]
