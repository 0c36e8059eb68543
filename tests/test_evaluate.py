"""Tests for govkg.evaluation: hand-built graphs with hand-computed scores."""

import json

from conftest import shared_files
import pytest
import rdflib
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, SKOS

from govkg.evaluation import (
    Gold,
    KindScore,
    format_details,
    format_table,
    labels_match,
    load_gold,
    micro_average,
    normalise,
    score_graph,
)
from govkg.evaluation import score as evaluate
from govkg.ontology.namespace import GK, NIF

ID = Namespace("https://w3id.org/govkg/id/")
# The shared gold (GOVKG_SHARED, ../shared beside the checkout, else the copies in tests/data).
SHARED_GOLD = shared_files("gold", "*.json")


def gold_dict(**overrides):
    """A valid gold document with every list empty, updated by ``overrides``."""
    data = {
        "document": "test.txt",
        "jurisdiction": "南阳市",
        "year": 2023,
        "agencies": [],
        "places": [],
        "policies": [],
        "programs": [],
        "goals": [],
        "metrics": [],
        "feeds": [],
        "optional": {},
    }
    data.update(overrides)
    return data


def make_gold(**overrides):
    return Gold.from_dict(gold_dict(**overrides))


def add_node(graph, cls, name, label=None, *aliases):
    node = ID[name]
    graph.add((node, RDF.type, cls))
    if label is not None:
        graph.add((node, RDFS.label, Literal(label)))
    for alias in aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    return node


def add_observation(graph, name, value, unit=""):
    node = add_node(graph, GK.Observation, f"report/observation/{name}")
    graph.add((node, GK.value, Literal(value, datatype=rdflib.XSD.decimal)))
    graph.add((node, GK.unit, Literal(unit)))
    return node


def metric(value, unit, text=None, subject="s"):
    return {"text": text or f"{value}{unit}", "value": value, "unit": unit, "subject": subject}


# --------------------------------------------------------------------------
# normalise and labels_match


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("《南阳市 重大行政决策\n风险评估办法》。", "南阳市重大行政决策风险评估办法"),
        ("“法润千企”", "法润千企"),
        ("「一网通办」；", "一网通办"),
        ("‘放管服’改革", "放管服改革"),
        ("＂互联网＋监管＂", "互联网+监管"),  # NFKC: full-width quote and plus
        ("市司法局，", "市司法局"),
        ("办结率？！", "办结率"),
        ("97.8%", "97.8%"),
        ("大数据中心(一期)", "大数据中心(一期)"),
        ("\u3000市委\u3000", "市委"),  # ideographic space
        ("《》。", ""),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("市司法局", "市司法局", True),
        ("《市司法局》", "市司法局。", True),
        ("市司法局", "南阳市司法局", True),  # 4 >= 0.6 * 6
        ("南阳市司法局", "市司法局", True),  # either side may be the longer
        ("法治政", "法治政府建", True),  # exactly 60%
        ("司法局", "南阳市司法局", False),  # 3 < 0.6 * 6
        ("南阳市司法局", "司法局", False),
        ("市司法局", "市公安局", False),  # no containment
        ("", "", False),
        ("《》", "“”", False),  # empty after normalising
    ],
)
def test_labels_match(a, b, expected):
    assert labels_match(a, b) is expected


# --------------------------------------------------------------------------
# Entity kinds


def test_alias_node_finds_two_gold_items():
    graph = Graph()
    add_node(graph, GK.Agency, "agency/南阳市人民政府", "南阳市人民政府", "市政府")
    gold = make_gold(agencies=["南阳市人民政府", "市政府", "市委"])

    score = score_graph(graph, gold)["agencies"]

    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (1, 1, 2, 3)
    assert score.missed == ["市委"]
    assert score.spurious == []
    assert score.precision == 1.0
    assert score.recall == pytest.approx(2 / 3)


def test_pref_label_counts_as_label():
    graph = Graph()
    node = add_node(graph, GK.Agency, "agency/x")
    graph.add((node, SKOS.prefLabel, Literal("市委")))
    score = score_graph(graph, make_gold(agencies=["市委"]))["agencies"]
    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (1, 1, 1, 1)


def test_sixty_percent_containment_both_ways():
    graph = Graph()
    add_node(graph, GK.Program, "program/a", "一件事一次办改革")  # longer than gold: 6/8
    add_node(graph, GK.Program, "program/b", "府院联动")  # shorter than gold: 4/6
    add_node(graph, GK.Program, "program/c", "一件事")  # near miss: 3/6
    add_node(graph, GK.Program, "program/d", "深化放管服改革工作")  # near miss: 3/9
    gold = make_gold(programs=["一件事一次办", "府院联动机制", "放管服"])

    score = score_graph(graph, gold)["programs"]

    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (2, 4, 2, 3)
    assert score.missed == ["放管服"]
    assert score.spurious == sorted(["一件事", "深化放管服改革工作"])
    assert score.precision == 0.5
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(4 / 7)


def test_optional_only_nodes_left_out_and_spurious_counted():
    graph = Graph()
    add_node(graph, GK.Agency, "agency/市委", "市委")
    add_node(graph, GK.Agency, "agency/中央", "中央")  # optional only
    add_node(graph, GK.Agency, "agency/市长", "市长")  # matches nothing
    add_node(graph, GK.Place, "place/市政协", "市政协")  # wrong class for agencies
    graph.add((ID["untyped"], RDFS.label, Literal("市政协")))  # no class at all
    gold = make_gold(agencies=["市委", "市政协"], optional={"agencies": ["中央"]})

    scores = score_graph(graph, gold)

    agencies = scores["agencies"]
    assert (agencies.tp_nodes, agencies.predicted_nodes) == (1, 2)
    assert (agencies.found, agencies.gold) == (1, 2)
    assert agencies.missed == ["市政协"]
    assert agencies.spurious == ["市长"]
    assert agencies.precision == 0.5
    places = scores["places"]
    assert (places.tp_nodes, places.predicted_nodes, places.found, places.gold) == (0, 1, 0, 0)
    assert places.spurious == ["市政协"]
    assert (places.precision, places.recall, places.f1) == (0.0, 0.0, 0.0)


def test_node_matching_gold_and_optional_is_correct():
    graph = Graph()
    add_node(graph, GK.Place, "place/西峡县", "西峡县")
    gold = make_gold(places=["西峡县"], optional={"places": ["西峡县"]})
    score = score_graph(graph, gold)["places"]
    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (1, 1, 1, 1)


def test_unlabelled_node_is_spurious_and_shown_by_iri():
    graph = Graph()
    node = add_node(graph, GK.Policy, "policy/x")
    score = score_graph(graph, make_gold(policies=["南阳市重大行政决策风险评估办法"]))["policies"]
    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (0, 1, 0, 1)
    assert score.spurious == [str(node)]


def test_empty_graph_and_empty_gold():
    scores = score_graph(Graph(), make_gold())
    assert list(scores) == list(evaluate.KINDS)
    for score in scores.values():
        assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (0, 0, 0, 0)
        assert score.recall == 0.0
    assert scores["agencies"].precision == 0.0
    assert scores["feeds"].precision is None


# --------------------------------------------------------------------------
# Metrics


def test_metric_values_and_units():
    graph = Graph()
    add_observation(graph, "1", "126000", "户")  # 12.6万户
    add_observation(graph, "2", "3", "工作日")  # gold unit 个工作日 contains it
    add_observation(graph, "3", "5080000", "人次")  # gold gives no unit: any unit
    add_observation(graph, "4", "97.8", "")  # empty unit never matches %
    gold = make_gold(
        metrics=[
            metric(126000, "户", "12.6万户", "新增市场主体"),
            metric(3, "个工作日", "3个工作日", "办理时限"),
            metric(5080000, "", "508万", "使用人次"),
            metric(97.8, "%", "97.8%", "办结率"),
        ]
    )

    score = score_graph(graph, gold)["metrics"]

    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (3, 4, 3, 4)
    assert score.missed == ["97.8% (办结率)"]
    assert score.spurious == [f"97.8 [{ID['report/observation/4']}]"]
    assert score.precision == 0.75
    assert score.recall == 0.75


def test_metric_value_tolerance():
    graph = Graph()
    add_observation(graph, "1", "126000.1", "户")  # relative error < 1e-6
    add_observation(graph, "2", "126001", "户")  # relative error ~ 8e-6
    score = score_graph(graph, make_gold(metrics=[metric(126000, "户")] * 2))["metrics"]
    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (1, 2, 1, 2)


def test_same_number_reported_twice_matched_once_each():
    graph = Graph()
    add_observation(graph, "1", "7000", "人次")
    add_observation(graph, "2", "7000", "人次")
    score = score_graph(graph, make_gold(metrics=[metric(7000, "人次")]))["metrics"]
    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (1, 2, 1, 1)
    assert len(score.spurious) == 1


def test_repeated_gold_entries():
    graph = Graph()
    for name in ("1", "2", "3"):
        add_observation(graph, name, "3", "个")
    gold = make_gold(metrics=[metric(3, "个"), metric(3, "个"), metric(3, "项")])

    score = score_graph(graph, gold)["metrics"]

    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (2, 3, 2, 3)
    assert score.missed == ["3项 (s)"]


def test_metric_matching_is_maximum_not_greedy():
    # Greedy in node order would pair observation 1 with the unit-less gold
    # entry and leave observation 2 unmatched.
    graph = Graph()
    add_observation(graph, "1", "5", "件")
    add_observation(graph, "2", "5", "次")
    gold = make_gold(metrics=[metric(5, "", "五"), metric(5, "件")])

    score = score_graph(graph, gold)["metrics"]

    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (2, 2, 2, 2)


def test_optional_metric_left_out_of_precision():
    graph = Graph()
    add_observation(graph, "1", "30", "分钟")
    add_observation(graph, "2", "3", "年")  # optional
    add_observation(graph, "3", "3", "级")  # not in gold
    not_numeric = add_node(graph, GK.Observation, "report/observation/4")
    graph.add((not_numeric, GK.value, Literal("很多")))  # ignored: no numeric value
    no_unit = add_node(graph, GK.Observation, "report/observation/5")
    graph.add((no_unit, GK.value, Literal("12", datatype=rdflib.XSD.integer)))  # unit taken as ""
    gold = make_gold(
        metrics=[metric(30, "分钟"), metric(12, "")],
        optional={"metrics": [metric(3, "年")]},
    )

    score = score_graph(graph, gold)["metrics"]

    assert (score.tp_nodes, score.predicted_nodes, score.found, score.gold) == (2, 3, 2, 2)
    assert score.spurious == [f"3级 [{ID['report/observation/3']}]"]


# --------------------------------------------------------------------------
# Feeds


def feeds_graph():
    graph = Graph()
    section = add_node(graph, GK.Goal, "report/goal/2", "深入推进依法行政")
    item = add_node(graph, GK.Goal, "report/goal/2.1", "调整优化政府职能")
    other = add_node(graph, GK.Goal, "report/goal/1", "加强党的领导")
    graph.add((item, GK.subGoalOf, section))

    listed = add_node(graph, GK.Action, "report/action/10-22", "落实权责清单动态管理机制")
    graph.add((listed, GK.contributesTo, item))

    unlabelled = add_node(graph, GK.Action, "report/action/30-50")
    sentence = add_node(graph, GK.Sentence, "report/sentence/30-60")
    graph.add((sentence, NIF.anchorOf, Literal("全面推行“一件事一次办”改革，办理时限压缩50%。")))
    graph.add((unlabelled, GK.evidence, sentence))
    graph.add((unlabelled, GK.contributesTo, item))

    unrelated = add_node(graph, GK.Action, "report/action/70-76", "开展法治督察")
    graph.add((unrelated, GK.contributesTo, other))

    upper = add_node(graph, GK.Action, "report/action/80-88", "完善行政决策程序")
    graph.add((upper, GK.contributesTo, section))
    return graph


def test_feeds_found_through_paths_and_evidence():
    gold = make_gold(
        feeds=[
            {"action": "落实权责清单动态管理机制", "goal": "调整优化政府职能"},  # direct
            {"action": "落实权责清单动态管理机制", "goal": "深入推进依法行政"},  # subGoalOf
            {"action": "推行“一件事一次办”改革", "goal": "调整优化政府职能"},  # evidence
            {"action": "开展法治督察", "goal": "加强党的领导"},
            {"action": "开展法治督察", "goal": "调整优化政府职能"},  # unrelated goal
            {"action": "完善行政决策程序", "goal": "调整优化政府职能"},  # sub-goal, not super
        ]
    )

    score = score_graph(feeds_graph(), gold)["feeds"]

    assert (score.found, score.gold) == (4, 6)
    assert score.recall == pytest.approx(4 / 6)
    assert score.precision is None
    assert score.f1 is None
    assert score.missed == sorted(
        ["开展法治督察 → 调整优化政府职能", "完善行政决策程序 → 调整优化政府职能"]
    )
    assert score.spurious == []


def test_feeds_by_label_need_the_actions_own_label():
    graph = feeds_graph()
    runon = add_node(graph, GK.Action, "report/action/90-120", "科学制定年度立法计划加强重要领域立法")
    graph.add((runon, GK.contributesTo, ID["report/goal/2.1"]))
    gold = make_gold(
        feeds=[
            {"action": "落实权责清单动态管理机制", "goal": "深入推进依法行政"},  # label equal, via subGoalOf
            {"action": "权责清单动态管理机制", "goal": "调整优化政府职能"},  # label contains it at >= 60%
            {"action": "推行“一件事一次办”改革", "goal": "调整优化政府职能"},  # only in the sentence
            {"action": "加强重要领域立法", "goal": "调整优化政府职能"},  # run together with another action
        ]
    )

    scores = score_graph(graph, gold)

    assert scores["feeds"].found == 4
    by_label = scores["feeds-by-label"]
    assert (by_label.found, by_label.gold, by_label.precision) == (2, 4, None)
    assert by_label.missed == sorted(
        ["推行“一件事一次办”改革 → 调整优化政府职能", "加强重要领域立法 → 调整优化政府职能"]
    )


def test_feeds_goal_must_be_a_goal_node():
    graph = feeds_graph()
    not_goal = ID["report/goal/2.1"]
    graph.remove((not_goal, RDF.type, GK.Goal))
    gold = make_gold(feeds=[{"action": "落实权责清单动态管理机制", "goal": "调整优化政府职能"}])
    assert score_graph(graph, gold)["feeds"].found == 0


# --------------------------------------------------------------------------
# Micro-average and reports


def test_micro_average_sums_counts():
    graph_a = Graph()
    add_node(graph_a, GK.Agency, "agency/a1", "市委")
    add_node(graph_a, GK.Agency, "agency/a2", "市长")
    add_observation(graph_a, "1", "742", "人")
    gold_a = Gold.from_dict(
        gold_dict(
            document="a.txt",
            agencies=["市委", "市政府"],
            metrics=[metric(742, "人")],
            feeds=[{"action": "专题研究法治工作", "goal": "履行职责"}],
        )
    )
    graph_b = Graph()
    add_node(graph_b, GK.Agency, "agency/b1", "市人大")
    add_node(graph_b, GK.Agency, "agency/b2", "市政协")
    gold_b = Gold.from_dict(
        gold_dict(document="b.txt", agencies=["市人大", "市政协", "市法院"])
    )

    total = micro_average([score_graph(graph_a, gold_a), score_graph(graph_b, gold_b)])

    agencies = total["agencies"]
    assert (agencies.tp_nodes, agencies.predicted_nodes) == (3, 4)
    assert (agencies.found, agencies.gold) == (3, 5)
    assert agencies.precision == 0.75
    assert agencies.recall == 0.6
    assert agencies.f1 == pytest.approx(2 / 3)
    assert agencies.missed == ["a.txt: 市政府", "b.txt: 市法院"]
    assert agencies.spurious == ["a.txt: 市长"]
    metrics = total["metrics"]
    assert (metrics.tp_nodes, metrics.predicted_nodes, metrics.found, metrics.gold) == (1, 1, 1, 1)
    feeds = total["feeds"]
    assert (feeds.found, feeds.gold, feeds.precision) == (0, 1, None)
    assert feeds.missed == ["a.txt: 专题研究法治工作 → 履行职责"]
    assert list(total) == list(evaluate.KINDS)


def test_micro_average_of_nothing():
    assert micro_average([]) == {}


def test_format_table_and_details():
    scores = {
        "agencies": KindScore("agencies", 3, 4, 3, 5, ["b.txt: 市法院"], ["a.txt: 市长"]),
        "feeds": KindScore("feeds", 0, 0, 1, 4, [], []),
    }
    assert format_table(scores) == (
        "kind           |     P |     R |    F1 | tp/pred | found/gold\n"
        "agencies       | 0.750 | 0.600 | 0.667 |     3/4 |        3/5\n"
        "feeds          |     - | 0.250 |     - |       - |        1/4"
    )
    assert format_details(scores) == (
        "agencies: 1 missed, 1 spurious\n"
        "  missed:   b.txt: 市法院\n"
        "  spurious: a.txt: 市长"
    )


# --------------------------------------------------------------------------
# Gold files


def test_load_gold_reads_a_file(tmp_path):
    path = tmp_path / "ok.json"
    data = gold_dict(
        agencies=["市司法局"],
        metrics=[metric(4776, "项", "4776项", "行政权力事项")],
        feeds=[{"action": "落实权责清单", "goal": "调整优化政府职能"}],
        optional={"agencies": ["中央"], "metrics": [metric(3, "级")]},
    )
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    gold = load_gold(path)

    assert gold.document == "test.txt"
    assert gold.year == 2023
    assert gold.agencies == ("市司法局",)
    assert gold.metrics[0].value == 4776.0
    assert gold.feeds[0].goal == "调整优化政府职能"
    assert gold.optional["agencies"] == ("中央",)
    assert gold.optional["goals"] == ()
    assert gold.optional_metrics[0].unit == "级"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"document": ', "not valid JSON"),
        ("[1, 2]", "the top level must be a JSON object, not a list"),
        (
            json.dumps({key: value for key, value in gold_dict().items() if key != "feeds"}),
            "missing key 'feeds'",
        ),
        (json.dumps(gold_dict(agencies="市委")), "'agencies' must be a list, not a string"),
        (json.dumps(gold_dict(places=["西峡县", 3])), "places[1] must be a string, not a number"),
        (json.dumps(gold_dict(goals=["  "])), "goals[0] is empty after normalising"),
        (json.dumps(gold_dict(year="2023")), "'year' must be an integer, not a string"),
        (json.dumps(gold_dict(year=True)), "'year' must be an integer, not a boolean"),
        (
            json.dumps(gold_dict(metrics=[{"text": "3项", "value": "3", "unit": "项"}])),
            "metrics[0]: 'value' must be a number, not a string",
        ),
        (
            json.dumps(gold_dict(metrics=[{"text": "3项", "value": 3, "subject": ""}])),
            "missing key 'unit'",
        ),
        (json.dumps(gold_dict(feeds=[{"action": "落实"}])), "missing key 'goal'"),
        (json.dumps(gold_dict(optional={"agency": []})), "'optional' has unknown key 'agency'"),
        (json.dumps(gold_dict(optional=[])), "'optional' must be a JSON object, not a list"),
    ],
)
def test_load_gold_rejects_malformed_files(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ValueError) as error:
        load_gold(path)

    text = str(error.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text


def test_load_gold_rejects_non_utf8(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes('{"document": "南阳"}'.encode("gbk"))
    with pytest.raises(ValueError, match="not UTF-8"):
        load_gold(path)


@pytest.mark.parametrize("path", SHARED_GOLD, ids=str)
def test_shared_gold_files_load(path):
    gold = load_gold(path)
    assert gold.document.endswith(".txt")


# --------------------------------------------------------------------------
# Metric names


def add_named_observation(graph, name, value, unit, metric_label):
    node = add_observation(graph, name, value, unit)
    m = add_node(graph, GK.Metric, f"metric/{metric_label}", metric_label)
    graph.add((node, GK.ofMetric, m))
    return node


@pytest.mark.parametrize(
    ("label", "subject", "expected"),
    [
        ("地区生产总值", "地区生产总值增长", True),  # clean name inside the worded subject
        ("行政复议案件", "市政府办结复议案件", False),  # not inside; pairs 复议 议案 案件 of 5 and 8: 6/13
        ("复议案件", "市政府办结复议案件", True),  # inside, 4 >= 3 and >= 9/3
        ("增长", "地区生产总值增长", False),  # 2 characters: a verb, not a name
        ("市场主体", "全市新增市场主体", True),  # 4 of 8: a third is enough
        ("年度", "出庭应诉率比2022年度增长", False),
        ("出庭应诉率", "全市行政机关负责人出庭应诉率", True),  # Dice: 8 of 4 + 12 pairs = 0.5
    ],
)
def test_metric_name_rule(label, subject, expected):
    assert evaluate.metric_name_matches(label, subject) is expected


def test_naming_scores_found_metrics_with_a_subject():
    graph = Graph()
    add_named_observation(graph, "1", "7", "%", "地区生产总值")
    add_named_observation(graph, "2", "100", "%", "审通率")
    add_named_observation(graph, "3", "100", "%", "按期回复回访率")
    add_named_observation(graph, "4", "5", "件", "和")
    gold = make_gold(
        metrics=[
            metric(7, "%", "7%", "地区生产总值增长"),
            metric(100, "%", "100%", "按期回复回访率"),  # the same number twice: paired by name
            metric(100, "%", "100%", "报备率、审通率"),
            metric(5, "件", "5件", "办理人大代表建议"),
            metric(9, "件", "9件", "不在图中"),  # not found: not counted
        ]
    )

    score = score_graph(graph, gold)["naming"]

    assert (score.found, score.gold, score.precision) == (3, 4, None)
    assert score.missed == ["5件 (办理人大代表建议) named 和"]
