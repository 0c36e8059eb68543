"""The text index (graph/textindex.py, queries/indexed.py): the free-text questions answer through it with the
rows SPARQL gives, and never from a document the store does not vouch for."""

from __future__ import annotations

import shutil
import sqlite3

import pyoxigraph as ox
import pytest

from govkg.graph.shared import SHARED_GRAPH, is_report_graph
from govkg.graph.store import open_store
from govkg.graph.textindex import INDEX_FILE, STAMP_GRAPH, current_documents, index_for, refresh, stored_stamps
from govkg.queries import check_params, library
from govkg.queries.engines import oxigraph_query, run
from govkg.queries.indexed import indexed_result

TSV = ox.QueryResultsFormat.TSV
GK = "https://w3id.org/govkg/def#"
ID = "https://w3id.org/govkg/id/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
ANCHOR = "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: 1, 2 and 3+ characters, Latin text in both cases, and what SQL, LIKE and FTS5 would read as syntax
TEXTS = ["法", "政府", "依法行政", "府院联动", "出庭应诉率", "率", "a", "AB", "Near", "NEAR", "OR", "x OR y",
         '"', "'", "''", '"法治"', "*", "法*", "%", "_", "%法%", "a_b", "NEAR(a b)", "'); DROP TABLE docs; --", "",
         "\\", "　", "不存在的文字"]


def _asked(store, name: str, params: dict[str, str]) -> tuple[bytes, bytes, bool]:
    """(SPARQL's TSV, the answer's TSV, whether the index gave it)."""
    spec = library()[name]
    values = check_params(spec, params)
    sparql = oxigraph_query(store, spec, values, stored=False).serialize(format=TSV)
    answer = oxigraph_query(store, spec, values).serialize(format=TSV)
    used = indexed_result(store, spec, values, lambda text: store.query(text, use_default_graph_as_union=True)) is not None
    return sparql, answer, used


def _reports(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if is_report_graph(g.value))


@pytest.mark.parametrize("text", TEXTS)
def test_text_search_through_the_index_gives_sparqls_rows(sample_store, text):
    with open_store(sample_store) as kg:
        for report in [None, *_reports(kg.store)]:
            params = {"text": text, **({"report": report} if report else {})}
            sparql, answer, used = _asked(kg.store, "text-search", params)
            assert used, params
            assert answer == sparql, params


def test_the_sample_answers_are_not_empty(sample_store):
    # the comparison above means something: common texts find labels, altLabels and sentences
    with open_store(sample_store) as kg:
        rows = run(kg.store, library()["text-search"], {"text": "政府"})
    assert {"label", "sentence"} <= set(rows.column("field"))
    assert all("政府" in value for value in rows.column("value"))
    assert len(rows) > 20


@pytest.mark.parametrize("text", ["率", "出庭应诉率", "行政", "%", '"', "OR"])
def test_metric_observations_through_the_index_gives_sparqls_rows(sample_store, text):
    with open_store(sample_store) as kg:
        sparql, answer, used = _asked(kg.store, "metric-observations", {"metric": text})
    assert used
    assert answer == sparql


def _made_up(report: str, sentence: str, agency_alt: str, own_label: str) -> str:
    """A made-up report: a sentence, a goal of its own, and a shared agency with an altLabel of its own."""
    node, agency, goal = f"<{report}#s1>", f"<{ID}agency/甲市人民政府>", f"<{report}#goal>"
    return "".join([
        f"<{report}> {TYPE} <{GK}Report> .\n",
        f"{node} {TYPE} <{GK}Sentence> .\n",
        f"{node} {ANCHOR} {ox.Literal(sentence)} .\n",
        f"{goal} {TYPE} <{GK}Goal> .\n",
        f"{goal} {LABEL} {ox.Literal(own_label)} .\n",
        f"{goal} {ALT} {ox.Literal(own_label, language='en')} .\n",
        f"{goal} <{GK}inReport> <{report}> .\n",
        f"{agency} {TYPE} <{GK}Agency> .\n",
        f"{agency} {LABEL} \"甲市人民政府\" .\n",
        f"{agency} {ALT} {ox.Literal(agency_alt)} .\n",
        f"{agency} <{GK}evidence> {node} .\n",
        f"<urn:untyped> {LABEL} {ox.Literal(own_label)} .\n",  # no gk: type: no row either way
    ])


MADE_UP = {
    "urn:r:1": ('他说"依法行政" OR NEAR(法治 政府) 50% a_b * \'引号\'', "甲市政府", "Rule of Law"),
    "urn:r:2": ("rule of law; 法 治\t政\n府", "市政府", 'say "OR" now'),
}


@pytest.fixture()
def made_up(tmp_path):
    path = tmp_path / "kg"
    with open_store(path, writable=True) as kg:
        for report, (sentence, alt, label) in MADE_UP.items():
            kg.replace_ntriples(report, _made_up(report, sentence, alt, label))
    return path


@pytest.mark.parametrize("text", [*TEXTS, "Rule", "rule", "市政府", "甲市", "政\n府", "\t", '"OR"', "50%", "a_b", "引号'"])
def test_made_up_reports_answer_through_the_index_as_sparql(made_up, text):
    with open_store(made_up) as kg:
        for report in [None, *MADE_UP]:
            params = {"text": text, **({"report": report} if report else {})}
            sparql, answer, used = _asked(kg.store, "text-search", params)
            assert used and answer == sparql, params


def test_a_shared_nodes_labels_are_every_reports_in_each_report_that_describes_it(made_up):
    # 甲市政府 is an altLabel only report 1 gives; the shared graph has it, so report 2 lists it too
    with open_store(made_up) as kg:
        rows = run(kg.store, library()["text-search"], {"text": "甲市政府", "report": "urn:r:2"})
        assert list(zip(rows.column("kind"), rows.column("field"), rows.column("value"))) == [
            ("Agency", "altLabel", "甲市政府")]
        # case matters, as in SPARQL's CONTAINS
        assert run(kg.store, library()["text-search"], {"text": "rule"}).column("report") == ["urn:r:2"]


def test_a_report_whose_document_is_missing_or_stale_is_answered_by_sparql(made_up):
    spec = library()["text-search"]
    values = check_params(spec, {"text": "政府"})
    with open_store(made_up, writable=True) as kg:
        index = kg.text_index()
        stamp = stored_stamps(kg.store)["urn:r:1"]
        # a build killed between the index's commit and the store's: the index has a document the store
        # does not name, which changes nothing
        kg.text_index().add(_document_of("urn:r:1", "别的句子 政府"))
        assert indexed_result(kg.store, spec, values, None) is not None
        # the store names a document the index lacks: SPARQL answers
        index.drop(["urn:r:1"])
        assert stored_stamps(kg.store)["urn:r:1"] == stamp
        assert indexed_result(kg.store, spec, values, None) is None
        sparql = oxigraph_query(kg.store, spec, values, stored=False).serialize(format=TSV)
        assert oxigraph_query(kg.store, spec, values).serialize(format=TSV) == sparql
        # the next build's refresh makes it again, from the store
        assert refresh(kg) == 1
        assert indexed_result(kg.store, spec, values, None).serialize(format=TSV) == sparql


def _document_of(report: str, sentence: str):
    from govkg.graph.shared import split_descriptions
    from govkg.graph.textindex import document

    return document(report, split_descriptions(_made_up(report, sentence, "乙", "x")))


def test_replacing_and_removing_reports_keep_the_index_equal_to_the_store(made_up):
    spec = library()["text-search"]
    with open_store(made_up, writable=True) as kg:
        kg.replace_ntriples("urn:r:1", _made_up("urn:r:1", "新的句子", "丙市政府", "新目标"))
        kg.replace_ntriples("urn:r:3", _made_up("urn:r:3", "第三份", "丁", "目标三"), superseded=("urn:r:2",))
        for text in ["新的", "依法行政", "政府", "丙市", "甲市政府", "第三", "rule"]:
            values = check_params(spec, {"text": text})
            assert indexed_result(kg.store, spec, values, None) is not None
            assert (oxigraph_query(kg.store, spec, values).serialize(format=TSV)
                    == oxigraph_query(kg.store, spec, values, stored=False).serialize(format=TSV)), text
        assert run(kg.store, spec, {"text": "依法行政"}).rows == []
        # one document a report, no other
        assert sorted(r for r, in kg.text_index().db.execute("SELECT report FROM docs")) == ["urn:r:1", "urn:r:3"]
        kg.remove_report("urn:r:1")
        kg.remove_report("urn:r:3")
        assert kg.text_index().db.execute("SELECT COUNT(*) FROM entries").fetchone() == (0,)
        assert not [g for g in kg.store.named_graphs() if g.value in (STAMP_GRAPH, SHARED_GRAPH)]


def test_a_store_without_index_answers_by_sparql_until_govkg_index(made_up):
    from click.testing import CliRunner

    from govkg.cli import main

    # a store from before the index: no stamps, no file
    with open_store(made_up, writable=True) as kg:
        kg.store.update(f"DROP GRAPH <{STAMP_GRAPH}>")
    (made_up / INDEX_FILE).unlink()
    spec = library()["text-search"]
    values = check_params(spec, {"text": "政府"})
    with open_store(made_up) as kg:
        assert index_for(kg.store) is None
        before = oxigraph_query(kg.store, spec, values).serialize(format=TSV)
    result = CliRunner().invoke(main, ["index", "--store", str(made_up)])
    assert result.exit_code == 0, result.output
    assert "2 report(s) indexed" in result.output
    with open_store(made_up) as kg:
        assert current_documents(kg.store, index_for(kg.store)) is not None
        assert indexed_result(kg.store, spec, values, None).serialize(format=TSV) == before
        assert before.count(b"\n") > 2


def test_an_unreadable_index_means_sparql(made_up):
    (made_up / INDEX_FILE).write_bytes(b"not a database" * 100)
    spec = library()["text-search"]
    values = check_params(spec, {"text": "政府"})
    with open_store(made_up) as kg:
        assert indexed_result(kg.store, spec, values, None) is None
        assert (oxigraph_query(kg.store, spec, values).serialize(format=TSV)
                == oxigraph_query(kg.store, spec, values, stored=False).serialize(format=TSV))
    # the next writer makes it again
    with open_store(made_up, writable=True) as kg:
        assert refresh(kg) == 2
    with open_store(made_up) as kg:
        assert indexed_result(kg.store, spec, values, None) is not None


def test_readers_open_the_index_read_only(made_up):
    with open_store(made_up) as kg:
        index = index_for(kg.store)
        with pytest.raises(sqlite3.OperationalError):
            index.db.execute("DELETE FROM docs")


def test_a_users_own_query_named_like_a_bundled_one_is_asked_as_written(sample_store, tmp_path):
    from govkg.queries import load_query

    edited = tmp_path / "text-search.rq"
    edited.write_text(library()["text-search"].text.replace("ORDER BY ?report", "ORDER BY DESC(?report)"), encoding="utf-8")
    spec = load_query(edited)
    values = check_params(spec, {"text": "政府"})
    with open_store(sample_store) as kg:
        assert indexed_result(kg.store, spec, values, None) is None


def test_a_build_killed_midway_is_covered_by_the_stamps(made_up):
    # the index file copied as it was before a write, the store after it: the report written since has a
    # stamp the old index lacks, so the index is not read; `refresh` catches up
    copy = made_up.parent / "old-index"
    copy.mkdir()
    shutil.copy(made_up / INDEX_FILE, copy / INDEX_FILE)
    with open_store(made_up, writable=True) as kg:
        kg.replace_ntriples("urn:r:1", _made_up("urn:r:1", "改过的句子", "甲市政府", "改"))
    shutil.copy(copy / INDEX_FILE, made_up / INDEX_FILE)
    spec = library()["text-search"]
    values = check_params(spec, {"text": "改过"})
    with open_store(made_up) as kg:
        assert indexed_result(kg.store, spec, values, None) is None
        assert run(kg.store, spec, {"text": "改过"}).column("report") == ["urn:r:1"]
    with open_store(made_up, writable=True) as kg:
        assert refresh(kg) == 1
    with open_store(made_up) as kg:
        assert indexed_result(kg.store, spec, values, None) is not None


def test_the_servers_library_workers_read_the_index(made_up):
    from govkg.server import QueryPool

    spec = library()["text-search"]
    values = check_params(spec, {"text": "依法行政"})
    with open_store(made_up) as kg:
        sparql = oxigraph_query(kg.store, spec, values, stored=False).serialize(format=TSV)
    with QueryPool(made_up / "oxigraph", size=1) as pool:
        assert pool.run_library("text-search", values, fmt="TSV", timeout=60) == sparql
    # a forged document (the stamp kept, a value changed behind the store's back) shows which way it answered
    with sqlite3.connect(made_up / INDEX_FILE) as db:
        db.execute("UPDATE entries SET value = replace(value, '依法行政', '依法行政（改）')")
    with QueryPool(made_up / "oxigraph", size=1) as pool:
        assert "依法行政（改）".encode() in pool.run_library("text-search", values, fmt="TSV", timeout=60)


@pytest.mark.slow
def test_a_build_killed_after_three_reports_answers_text_as_sparql(tmp_path):
    import signal
    import subprocess
    import sys

    from test_build_kill import CORPUS, KILL_AFTER_THIRD

    store = tmp_path / "kg"
    process = subprocess.Popen([sys.executable, "-c", KILL_AFTER_THIRD, str(store), str(CORPUS)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    assert process.wait(120) == -signal.SIGKILL
    spec = library()["text-search"]
    with open_store(store) as kg:
        assert len(_reports(kg.store)) == 3
        for text in ["政府", "法", "依法行政"]:
            values = check_params(spec, {"text": text})
            assert indexed_result(kg.store, spec, values, None) is not None  # each report went in with its document
            assert (oxigraph_query(kg.store, spec, values).serialize(format=TSV)
                    == oxigraph_query(kg.store, spec, values, stored=False).serialize(format=TSV))


def _rows(index) -> dict[str, list]:
    """Every table of an index, its rows in order (the ids included)."""
    return {table: index.db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in ("docs", "entries", "shared_kinds", "described")}


def test_a_packed_document_writes_the_rows_the_document_does(tmp_path):
    # the writer hands SQLite the JSON a worker packed (textindex.Packed); the rows must be the Python ones,
    # whatever the values hold: quotes, backslashes, line breaks, NUL, surrogate pairs' characters, tags
    from govkg.graph.textindex import TextIndex

    odd = 'a "q" \\ back\nline\ttab 𠀀 emoji 😀 end'
    docs = [_document_of(report, sentence) for report, sentence in
            [("urn:r:1", odd), ("urn:r:2", "依法行政"), ("urn:r:3", ""), ("urn:r:4", "before \x00 after")]]
    (tmp_path / "plain").mkdir()
    (tmp_path / "packed").mkdir()
    plain, packed = TextIndex(tmp_path / "plain", writable=True), TextIndex(tmp_path / "packed", writable=True)
    for doc in docs:
        plain.add(doc)
    packed.add_all([doc.packed() for doc in docs])
    assert _rows(packed) == _rows(plain)
    values = [row[4] for row in _rows(packed)["entries"]]  # id, doc, node, field, value, ...
    assert odd in values and "甲市人民政府" in values
    # the stamp is the document's, and a document held already is not written twice
    assert [stamp for _, _, stamp, *_ in _rows(packed)["docs"]] == [doc.stamp for doc in docs]
    packed.add(docs[0].packed())
    assert _rows(packed) == _rows(plain)
    assert [m.value for m in packed.matches("tab 𠀀", packed.stamps())] == [odd]


@pytest.mark.parametrize("staged", [False, True])
def test_a_write_prepared_beforehand_stores_what_one_prepared_by_the_writer_does(tmp_path, staged):
    # a build's worker prepares each report's quads and document (store.prepare); the store and the index
    # must be those the writer makes from the N-Triples alone, for new, replaced and superseded reports
    from govkg.graph.store import prepare

    writes = [("urn:r:1", "依法行政", ()), ("urn:r:2", "第二份", ()), ("urn:r:1", "改过的句子", ()),
              ("urn:r:3", "第三份", ("urn:r:2",))]
    answers = {"https://w3id.org/govkg/id/derived/answers/x": "v1\n?a\n1\n"}
    made = []
    for name, ready in (("writer", False), ("worker", True)):
        with open_store(tmp_path / name, writable=True) as kg:
            for i, (report, sentence, superseded) in enumerate(writes):
                if staged and i == 2:  # as a build stages: what the store held before is replaced
                    kg.stage()
                data = _made_up(report, sentence, "乙", "x")
                kg.replace_ntriples(report, data, superseded=superseded, answers=answers,
                                    prepared=prepare(report, data, answers) if ready else None)
            if staged:
                kg.commit_staged()
            made.append((sorted(str(q) for q in kg.store), _rows(kg.text_index()), stored_stamps(kg.store)))
    assert made[0] == made[1]
    quads, rows, stamps = made[0]
    assert sorted(stamps) == ["urn:r:1", "urn:r:3"]
    assert [stamp for _, _, stamp, *_ in rows["docs"]] == [stamps["urn:r:1"], stamps["urn:r:3"]]
    assert any("改过的句子" in q for q in quads) and not any("第二份" in q for q in quads)


def test_a_staged_batchs_documents_are_indexed_with_its_load_and_stamped_only_if_indexed(tmp_path, monkeypatch):
    from govkg.graph.textindex import TextIndex

    data = {r: _made_up(r, s, "乙", "x") for r, s in [("urn:r:1", "依法行政"), ("urn:r:2", "第二份")]}
    with open_store(tmp_path / "kg", writable=True) as kg:
        kg.stage()
        for report, nt in data.items():
            kg.replace_ntriples(report, nt)
        assert kg.text_index().stamps() == {}  # waiting with their batch
        assert stored_stamps(kg.store) == {}
        loaded = kg.load_staged()
        # the batch's documents are committed (another connection reads them) and their stamps are written
        with sqlite3.connect(tmp_path / "kg" / INDEX_FILE) as db:
            assert sorted(r for r, in db.execute("SELECT report FROM docs")) == ["urn:r:1", "urn:r:2"]
        assert loaded == ["urn:r:1", "urn:r:2"] and sorted(stored_stamps(kg.store)) == loaded
        kg.commit_staged()
    with open_store(tmp_path / "kg") as kg:
        assert sorted(stored_stamps(kg.store)) == ["urn:r:1", "urn:r:2"]
        assert current_documents(kg.store, index_for(kg.store)) is not None
    # an index that cannot be written: the reports are stored all the same, without stamps (SPARQL answers)
    def broken(self, docs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(TextIndex, "add_all", broken)
    with open_store(tmp_path / "other", writable=True) as kg:
        kg.stage()
        for report, nt in data.items():
            kg.replace_ntriples(report, nt)
        kg.commit_staged()
        assert stored_stamps(kg.store) == {}
        assert _reports(kg.store) == ["urn:r:1", "urn:r:2"]
        spec = library()["text-search"]
        assert run(kg.store, spec, {"text": "第二份"}).column("report") == ["urn:r:2"]
