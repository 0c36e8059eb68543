"""The command line: documented commands, formats that parse back, clear errors for bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, Graph

from govkg.cli import main
from govkg.ontology import GK

DATA = Path(__file__).parent / "data"
NANYANG = DATA / "corpus" / "nanyang-2023.txt"


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args])

    return invoke


def test_every_command_has_a_docstring_with_an_example():
    commands = list(main.commands.items())
    commands += [(f"analyze {n}", c) for n, c in main.commands["analyze"].commands.items()]
    for name, command in commands:
        assert command.help and "Example:" in command.help, name


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("json-ld", "json-ld"), ("ntriples", "nt")])
def test_extract_writes_a_graph_that_parses_back(run, tmp_path, fmt, parser):
    out = tmp_path / "g.out"
    result = run("extract", NANYANG, "-o", out, "--format", fmt)
    assert result.exit_code == 0, result.output
    g = Graph().parse(out, format=parser)
    assert len(list(g.subjects(RDF.type, GK.Report))) == 1
    assert len(list(g.subjects(RDF.type, GK.Action))) > 50


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_extract_quads_put_the_report_in_its_named_graph(run, tmp_path, fmt):
    out = tmp_path / "g.out"
    assert run("extract", NANYANG, "-o", out, "--format", fmt).exit_code == 0
    ds = Dataset().parse(out, format=fmt)
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {"https://w3id.org/govkg/id/report/南阳市/2023/法治政府建设情况的报告"}


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "file is empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ("latin1.txt", "Café résumé naïve façade".encode("cp1252") + b"\x81\x8d\x9d", "cannot decode"),
])
def test_bad_files_get_one_line_naming_file_and_problem(run, tmp_path, name, data, reason):
    path = _bad(tmp_path, name, data)
    result = run("extract", path)
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in result.output


def test_a_missing_file_is_named(run, tmp_path):
    result = run("extract", tmp_path / "nope.txt")
    assert result.exit_code != 0 and "nope.txt" in result.output


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_a_report_saved_in_gbk_gives_the_same_graph(run, tmp_path, encoding):
    text = (DATA / "corpus" / "taoyuan-2017.txt").read_text(encoding="utf-8")
    path = _bad(tmp_path, "taoyuan-2017.txt", text.encode(encoding))
    ref = tmp_path / "utf8" / "taoyuan-2017.txt"
    ref.parent.mkdir()
    shutil.copy(DATA / "corpus" / "taoyuan-2017.txt", ref)
    a = run("extract", path, "--format", "ntriples")
    b = run("extract", ref, "--format", "ntriples")

    def without_path(output):  # gk:sourcePath names the folder, which differs by design
        return [line for line in output.splitlines() if "#sourcePath>" not in line]

    assert a.exit_code == 0 and without_path(a.output) == without_path(b.output)
    assert a.output.count("#sourcePath>") == 1


@pytest.mark.parametrize("text", ["市政府印发《某某办法》,办理案件12件。", "An English text, with no outline at all."])
def test_text_without_outline_or_english_gives_a_small_graph(run, tmp_path, text):
    path = _bad(tmp_path, "plain.txt", text.encode("utf-8"))
    result = run("extract", path, "--format", "ntriples")
    assert result.exit_code == 0
    g = Graph().parse(data=result.output, format="nt")
    assert len(list(g.subjects(RDF.type, GK.Report))) == 1


def test_eval_scores_and_shows_misses(run, tmp_path):
    result = run("eval", *sorted((DATA / "gold").glob("*.json")), "--format", "json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["policies"]["gold"] == 17 and scores["policies"]["f1"] >= 0.9
    shown = run("eval", DATA / "gold" / "nanyang-2023.json", "--show")
    assert "agencies" in shown.output and "F1" in shown.output


def test_eval_with_a_corpus_that_lacks_the_report_says_which(run, tmp_path):
    result = run("eval", DATA / "gold" / "wuhan-2022.json", "--corpus", tmp_path)
    assert result.exit_code == 1 and "wuhan-2022.txt" in result.output and "not found" in result.output


def test_eval_rejects_a_malformed_gold_file(run, tmp_path):
    bad = _bad(tmp_path, "bad.json", b'{"document": "x.txt"}')
    result = run("eval", bad)
    assert result.exit_code == 1 and "bad.json" in result.output


def test_build_refuses_a_missing_input_before_it_opens_the_store(run, tmp_path):
    store = tmp_path / "kg"
    result = run("build", NANYANG, tmp_path / "no-such-report.txt", "--store", store)
    assert result.exit_code == 1 and "no-such-report.txt: file not found" in result.output
    assert not store.exists()


def test_demo_into_a_store_that_holds_the_sample_already_answers_from_it(run, sample_store, tmp_path):
    store = tmp_path / "kg"
    shutil.copytree(sample_store, store)
    result = run("demo", "--store", store)
    assert result.exit_code == 0, result.output
    first, *questions = result.output.split("== ")
    assert first.startswith("nanyang-2023.txt: duplicate in ") and "not stored again" in first
    # The store's six reports answer: agencies of every report are ranked.
    assert len(questions) == 3 and "法润千企" in questions[0]
    assert "南阳市人民政府" in questions[2] and "包头市人民政府" in questions[2]
