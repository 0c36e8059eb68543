"""One source for each word list: the shared vocabulary (govkg_vocab) and the bundled lists."""

from __future__ import annotations

import json

import pytest
import spacy

from govkg.extractor import build_pipeline
from govkg.extractor.components.report import _level
from govkg.extractor.components.vocab import SharedVocabulary, shared_vocabulary
from govkg.extractor.patterns import bundled_words, default_patterns_path, read_patterns
from govkg.extractor.places import LEVEL_CHARS, LEVEL_SUFFIXES, ZONE_SUFFIXES
from govkg.graph.build import same_place

TITLE = "南阳市人民政府关于2023年法治政府建设情况的报告\n"
ADDED = [{"label": "ADVERB", "pattern": "全链条"}, {"label": "ACTION", "pattern": "谋划", "id": "act"},
         {"label": "SLOGAN", "pattern": "三零"}]


def actions(nlp, text: str) -> list[str]:
    return [a.text for a in nlp(TITLE + text)._.govkg.actions]


def programs(nlp, text: str) -> list[str]:
    return [m.name for m in nlp(TITLE + text)._.govkg.mentions if m.label == "PROGRAM"]


@pytest.fixture()
def nlp():
    return build_pipeline()  # a pipeline of its own: the tests add words to it


def test_a_word_added_to_the_shared_vocabulary_reaches_every_component_that_reads_it(nlp):
    assert actions(nlp, "全链条推进法治建设。") == ["推进法治建设"]
    assert actions(nlp, "我们谋划法治建设新格局。") == []
    assert programs(nlp, "开展“三零”创建活动。") == ["三零"]
    nlp.get_pipe("govkg_vocab").add_patterns(ADDED)
    assert actions(nlp, "全链条推进法治建设。") == ["全链条推进法治建设"]  # govkg_actions: the adverb leads in
    assert actions(nlp, "我们谋划法治建设新格局。") == ["谋划法治建设新格局"]  # … and the verb opens an action
    assert programs(nlp, "开展“三零”创建活动。") == []  # govkg_programs: a slogan names no program


def test_the_shared_words_are_saved_with_the_pipeline(nlp, tmp_path):
    nlp.get_pipe("govkg_vocab").add_patterns(ADDED)
    nlp.to_disk(tmp_path / "nlp")
    saved = read_patterns(tmp_path / "nlp" / "govkg_vocab" / "patterns.jsonl")
    assert saved[-3:] == ADDED
    loaded = spacy.load(tmp_path / "nlp")
    assert actions(loaded, "全链条推进法治建设。") == ["全链条推进法治建设"]
    assert programs(loaded, "开展“三零”创建活动。") == []


def test_a_vocabulary_file_replaces_the_bundled_lists(nlp, tmp_path):
    assert actions(nlp, "进一步推进依法行政。") == ["进一步推进依法行政"]
    path = tmp_path / "words.jsonl"
    rows = [{"label": "ACTION", "pattern": "推进", "id": "act"}, {"label": "ADVERB", "pattern": "全链条"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    mine = build_pipeline(config={"govkg_vocab": {"patterns": str(path)}})
    assert mine.get_pipe("govkg_actions").roles == {"推进": "act"}
    assert actions(mine, "全链条推进依法行政。") == ["全链条推进依法行政"]
    assert actions(mine, "进一步推进依法行政。") == ["推进依法行政"]  # 进一步 is no adverb of this list


def test_a_component_outside_a_pipeline_with_no_vocabulary_reads_the_bundled_lists():
    vocab = shared_vocabulary(spacy.blank("zh"))
    assert isinstance(vocab, SharedVocabulary)
    assert vocab.roles()["印发"] == "produces"
    assert "进一步" in vocab.words("ADVERB") and "两个维护" in vocab.words("SLOGAN")


# Labels whose rows hold a regular expression rather than one word.
REGEX_LABELS = {"AGENCY", "PURPOSE", "PERIOD", "BASE", "PLANNED", "FROM", "SPEECH_ACT", "FORMULA"}


@pytest.mark.parametrize("name", sorted(p.name for p in default_patterns_path("units.jsonl").parent.glob("*.jsonl")))
def test_word_lists_hold_one_item_a_row(name):
    rows = read_patterns(default_patterns_path(name))
    packed = [r["pattern"] for r in rows if r["label"] not in REGEX_LABELS and "|" in r["pattern"]]
    assert packed == []
    keys = [(r["label"], r["pattern"], r.get("id")) for r in rows]
    assert len(keys) == len(set(keys)), "a row is listed twice"


def test_division_suffixes_come_from_one_list():
    assert {"省", "自治区", "特别行政区", "自治州", "盟", "自治县", "旗", "区"} <= set(LEVEL_SUFFIXES)
    assert set(LEVEL_CHARS) == {"省", "市", "县", "区", "州", "盟", "旗"}
    assert all(s[-1] in LEVEL_CHARS for s in LEVEL_SUFFIXES)  # what lets a name's last character say its level
    assert [_level(n) for n in ("广西壮族自治区", "恩施土家族苗族自治州", "香港特别行政区", "锡林郭勒盟", "南阳市")] \
        == ["区", "州", "区", "盟", "市"]
    assert bundled_words("divisions.jsonl", "TOWN_SUFFIX") == ("街道", "苏木", "镇", "乡")
    assert "新区" in ZONE_SUFFIXES and "经济带" not in ZONE_SUFFIXES


def test_same_place_drops_the_listed_suffixes_but_not_a_short_forms_zhou():
    assert same_place("神农架", "神农架林区") and same_place("六枝", "六枝特区") and same_place("浦东", "浦东新区")
    assert same_place("杭州", "杭州市") and same_place("新疆", "新疆维吾尔自治区")
    assert not same_place("杭", "杭州市") and not same_place("唐县", "高唐县")


def test_a_slogan_is_neither_program_nor_quantity_and_a_campaign_with_numbers_is_a_program_only(nlp):
    # 两个一百年 was a slogan to govkg_quantities only; the shared list makes it one to govkg_programs too.
    f = nlp(TITLE + "在实现“两个一百年”奋斗目标的新征程上奋力前进。")._.govkg
    assert [m.name for m in f.mentions if m.label == "PROGRAM"] == [] and f.quantities == []
    f = nlp(TITLE + "推进“两学一做”学习教育常态化制度化。")._.govkg
    assert [m.name for m in f.mentions if m.label == "PROGRAM"] == ["两学一做"] and f.quantities == []
