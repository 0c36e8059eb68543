"""The pipeline's tokenizer (rjieba or jieba) and the segmentation the components ask of jieba."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jieba
import jieba.posseg
import pytest
import spacy
from rdflib import RDF, RDFS

from govkg.extractor import build_pipeline, extract
from govkg.extractor.reading import read_document
from govkg.extractor.tokenizer import ChineseTokenizer, first_word, segment, word_frequency, words
from govkg.ontology import GK

SAMPLE = Path(__file__).resolve().parent.parent / "govkg" / "samples" / "nanyang-2023.txt"
# Spaces single and double, a leading and a trailing one, blank lines, CRLF, an ideographic space,
# a character outside the Basic Multilingual Plane, Latin, numbers and a date.
AWKWARD = (" 南阳市人民政府  关于2023年法治政府建设情况的报告\n\n一、依法履职\r\n"
           "(一)深化“放管服”改革。\u3000市司法局印发《行政执法办法》 PM2.5浓度下降5.2%，𠀀字 2026-02-09 ")


@pytest.mark.parametrize("segmenter", ["rjieba", "jieba"])
def test_tokens_stand_at_their_offsets_in_the_text(segmenter):
    doc = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govkg.ChineseTokenizer.v1",
                                                          "segmenter": segmenter}}})(AWKWARD)
    assert doc.text == AWKWARD
    assert all(AWKWARD[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    assert "".join(t.text_with_ws for t in doc) == AWKWARD
    assert {"南阳市", "放管服", "𠀀", "\n\n", " "} <= {t.text for t in doc}


def test_the_doc_is_the_one_spacys_jieba_tokenizer_makes():
    ours = ChineseTokenizer(spacy.blank("zh").vocab, segmenter="jieba")(AWKWARD)
    theirs = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})(AWKWARD)
    assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in theirs]


def test_rjieba_and_jieba_cut_chinese_alike():
    text = read_document(SAMPLE).text
    rj = [(w, s, e) for w, s, e in segment(text, segmenter="rjieba") if _chinese(w)]
    jb = [(w, s, e) for w, s, e in segment(text, segmenter="jieba") if _chinese(w)]
    assert rj == jb
    assert len(rj) > 1000
    # They part only inside runs of Latin letters and digits.
    assert [w for w, _, _ in segment("时间：2026-02-09", segmenter="rjieba")] == ["时间", "：", "2026-02-09"]
    assert [w for w, _, _ in segment("时间：2026-02-09", segmenter="jieba")][-3:] == ["02", "-", "09"]


def _chinese(word: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in word)


@pytest.mark.parametrize("segmenter", ["rjieba", "jieba"])
def test_the_tokenizer_round_trips_through_disk(tmp_path, segmenter):
    nlp = build_pipeline(segmenter=segmenter)
    nlp.to_disk(tmp_path / "nlp")
    assert 'tokenizers = "govkg.ChineseTokenizer.v1"' in (tmp_path / "nlp" / "config.cfg").read_text()
    loaded = spacy.load(tmp_path / "nlp")
    assert isinstance(loaded.tokenizer, ChineseTokenizer)
    assert loaded.tokenizer.segmenter == segmenter
    assert [t.text for t in loaded.make_doc(AWKWARD)] == [t.text for t in nlp.make_doc(AWKWARD)]
    assert loaded.pipe_names == nlp.pipe_names


@pytest.mark.slow
def test_a_saved_pipeline_loads_without_importing_govkg(tmp_path):
    build_pipeline(segmenter="jieba").to_disk(tmp_path / "nlp")
    code = ("import sys, spacy; nlp = spacy.load(sys.argv[1]); "
            "print(nlp.tokenizer.segmenter, [t.text for t in nlp.make_doc('推进法治政府建设')])")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "nlp")], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "jieba ['推进', '法治', '政府', '建设']"


def test_the_segmenter_survives_bytes():
    vocab = spacy.blank("zh").vocab
    data = ChineseTokenizer(vocab, segmenter="jieba").to_bytes()
    assert ChineseTokenizer(vocab).from_bytes(data).segmenter == "jieba"


def test_an_unknown_segmenter_is_refused():
    with pytest.raises(ValueError, match="pkuseg"):
        build_pipeline(segmenter="pkuseg")
    with pytest.raises(ValueError, match="rjieba, jieba"):
        ChineseTokenizer(spacy.blank("zh").vocab, segmenter="char")


def test_the_default_segmenter_is_rjieba():
    assert build_pipeline().tokenizer.segmenter == "rjieba"


def test_words_are_jiebas_words():
    text = "科学制定年度立法计划加强重要领域立法，推进“放管服”改革向纵深发展"
    assert words(text) == jieba.lcut(text)


@pytest.mark.parametrize("text", ["建强基层队伍", "扭住牛鼻子推进改革", "获批国家级示范区", "一是坚守职责使命", "5G基站增至18万个"])
def test_first_word_is_jieba_posseg_s(text):
    """rjieba's tagger makes no guesses outside the dictionary (建强 is no word of it), jieba's does."""
    pair = jieba.posseg.lcut(text)[0]
    assert first_word(text) == (pair.word, pair.flag)


def test_first_word_of_a_guessed_verb():
    assert first_word("建强基层队伍") == ("建强", "v")
    assert first_word("") == ("", "")


def test_word_frequency_reads_jiebas_dictionary():
    assert word_frequency("和平") == jieba.dt.FREQ["和平"] > 500
    assert word_frequency("建强") == 0


def _goals_and_numbers(g):
    goals = {str(g.value(s, RDFS.label)) for s in g.subjects(RDF.type, GK.Goal)}
    numbers = {(str(g.value(s, GK.value)), str(g.value(s, GK.unit)), str(g.value(g.value(s, GK.ofMetric), RDFS.label)))
               for s in g.subjects(RDF.type, GK.Observation)}
    return goals, numbers


def test_each_segmenter_extracts_the_same_goals_and_numbers():
    document = read_document(SAMPLE)
    found = {segmenter: _goals_and_numbers(extract(document.text, source=str(SAMPLE), hints=document.hints(),
                                                   nlp=build_pipeline(segmenter=segmenter)))
             for segmenter in ("rjieba", "jieba")}
    assert found["rjieba"] == found["jieba"]
    goals, numbers = found["rjieba"]
    assert {"严格落实行政执法责任制", "加强制度设计"} <= goals
    assert ("100", "%", "重大决策事项合法性审查率") in numbers
    assert len(goals) >= 30 and len(numbers) >= 50
