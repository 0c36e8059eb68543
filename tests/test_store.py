"""The persistent store: one named graph per report, atomic replacement, locking, export and load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from govkg.cli import main
from govkg.extractor import extract, extract_file
from govkg.graph.store import StoreError, open_store

DATA = Path(__file__).parent / "data" / "corpus"
NANYANG = DATA / "nanyang-2023.txt"
WUHAN = DATA / "wuhan-2022.txt"
NANYANG_IRI = "https://w3id.org/govkg/id/report/南阳市/2023/法治政府建设情况的报告"
WUHAN_IRI = "https://w3id.org/govkg/id/report/武汉市/2022/推进法治政府建设情况的报告"


@pytest.fixture(scope="module")
def graphs():
    return {"nanyang": extract_file(NANYANG), "wuhan": extract_file(WUHAN)}


@pytest.fixture
def store_dir(tmp_path, graphs):
    path = tmp_path / "kg"
    with open_store(path, writable=True) as kg:
        kg.replace_report(graphs["nanyang"])
        kg.replace_report(graphs["wuhan"])
    return path


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def counts(path):
    with open_store(path) as kg:
        return {r.iri: r.triples for r in kg.reports()}


def test_each_report_lives_in_its_own_named_graph(store_dir, graphs):
    assert counts(store_dir) == {NANYANG_IRI: len(graphs["nanyang"]), WUHAN_IRI: len(graphs["wuhan"])}


def test_building_a_report_again_replaces_its_graph_and_leaves_others(store_dir, graphs):
    changed = (NANYANG.read_text(encoding="utf-8").replace("市司法局", "市司法局。").replace(
        "一是调整优化政府职能。", "一是调整优化政府职能。市政府印发《测试办法》。"))
    with open_store(store_dir, writable=True) as kg:
        kg.replace_report(extract(changed, source=str(NANYANG)))
    after = counts(store_dir)
    assert after[WUHAN_IRI] == len(graphs["wuhan"])
    assert after[NANYANG_IRI] != len(graphs["nanyang"])
    with open_store(store_dir) as kg:
        titles = {r["t"].value for r in kg.query(
            "SELECT ?t WHERE { ?p a <https://w3id.org/govkg/def#Policy> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?t }")}
    assert "测试办法" in titles
    assert len(after) == 2


def test_a_failing_build_leaves_the_store_as_it_was(store_dir, tmp_path):
    before = counts(store_dir)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = cli("build", WUHAN, empty, "--store", store_dir)
    assert result.exit_code == 1 and "empty.txt" in result.output
    assert counts(store_dir) == before


def test_several_readers_at_once_but_no_writer_beside_them(store_dir):
    with open_store(store_dir) as a, open_store(store_dir) as b:
        assert a.reports() == b.reports()
        with pytest.raises(StoreError, match="locked"):
            open_store(store_dir, writable=True)


def test_a_writer_locks_out_other_processes(store_dir):
    code = ("import sys; from govkg.graph.store import open_store, StoreError\n"
            "try:\n    open_store(sys.argv[1])\nexcept StoreError as e:\n    print(e); sys.exit(3)\n")
    with open_store(store_dir, writable=True):
        proc = subprocess.run([sys.executable, "-c", code, str(store_dir)], capture_output=True, text=True)
    assert proc.returncode == 3 and "locked" in proc.stdout


def test_a_store_stopped_while_created_is_no_store_until_a_writer_completes_it(tmp_path, graphs):
    # what a writer killed inside Oxigraph's creation of the first database leaves: the lock file and a
    # database directory, no marker (it is written once the database exists)
    path = tmp_path / "kg"
    (path / "oxigraph").mkdir(parents=True)
    (path / "govkg.lock").touch()
    with pytest.raises(StoreError, match="no govkg-store.json"):
        open_store(path)
    with open_store(path, writable=True) as kg:
        kg.replace_report(graphs["wuhan"])
    with open_store(path) as kg:
        assert [r.iri for r in kg.reports()] == [WUHAN_IRI]


def test_a_new_store_has_its_marker_only_once_its_database_exists(tmp_path, monkeypatch):
    import govkg.graph.store as store_module

    path = tmp_path / "kg"
    seen, original = [], ox.Store

    def creating(*args):
        seen.append((path / "govkg-store.json").exists())
        return original(*args)

    monkeypatch.setattr(store_module.ox, "Store", creating)
    kg = open_store(path, writable=True)
    monkeypatch.undo()
    try:
        assert seen == [False] and (path / "govkg-store.json").exists()
    finally:
        kg.close()
    with open_store(path) as kg:
        assert kg.reports() == []


def test_a_directory_that_is_not_a_store_is_refused_and_untouched(tmp_path):
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff\xd8")
    for args in (("build", WUHAN, "--store", other), ("query", "reports", "--store", other)):
        result = cli(*args)
        assert result.exit_code == 1 and "not a govkg store" in result.output
    assert sorted(p.name for p in other.iterdir()) == ["cat.jpg"]


def test_export_and_load_round_trip(store_dir, tmp_path):
    out = tmp_path / "all.trig"
    assert cli("export", "--store", store_dir, "--format", "trig", "-o", out).exit_code == 0
    copy = tmp_path / "copy"
    result = cli("load", out, "--store", copy)
    assert result.exit_code == 0, result.output
    assert counts(copy) == counts(store_dir)


def test_export_one_report_in_turtle_loads_into_its_graph(store_dir, tmp_path, graphs):
    out = tmp_path / "wuhan.ttl"
    assert cli("export", "--store", store_dir, "--report", WUHAN_IRI, "--format", "turtle", "-o", out).exit_code == 0
    copy = tmp_path / "copy"
    assert cli("load", out, "--store", copy).exit_code == 0
    assert counts(copy) == {WUHAN_IRI: len(graphs["wuhan"])}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_open_in_networkx(store_dir, tmp_path, fmt):
    out = tmp_path / f"kg.{fmt}"
    assert cli("export", "--store", store_dir, "--format", fmt, "-o", out).exit_code == 0
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert {"调整优化政府职能", "南阳市人民政府"} <= labels


def test_loading_a_file_of_the_wrong_format_changes_nothing(store_dir, tmp_path):
    before = counts(store_dir)
    bad = tmp_path / "bad.trig"
    bad.write_text("<a> <b> this is not trig", encoding="utf-8")
    result = cli("load", bad, "--store", store_dir)
    assert result.exit_code == 1 and "bad.trig" in result.output and "not valid trig" in result.output
    graphml = tmp_path / "kg.graphml"
    graphml.write_text("<graphml/>", encoding="utf-8")
    result = cli("load", graphml, "--store", store_dir)
    assert result.exit_code == 1 and "cannot load this format" in result.output
    assert counts(store_dir) == before


def test_python_api_gives_rdflib_graphs(store_dir, graphs):
    with open_store(store_dir) as kg:
        ds = kg.dataset()
        assert {str(g.identifier) for g in ds.graphs() if len(g)} == {NANYANG_IRI, WUHAN_IRI}
        assert len(kg.graph(WUHAN_IRI)) == len(graphs["wuhan"])


def test_query_command_answers_from_the_library(store_dir):
    result = cli("query", "actions-feeding-goal", "--param", "goal=调整优化政府职能", "--store", store_dir,
                 "--format", "json")
    assert result.exit_code == 0, result.output
    assert "落实权责清单动态管理机制" in result.output
    for bad, message in ((("query", "no-such-question"), "unknown query"),
                         (("query", "reports", "--param", "x=1"), "unknown parameter"),
                         (("query", "actions-feeding-goal"), "goal")):
        result = cli(*bad, "--store", store_dir)
        assert result.exit_code == 1 and message in result.output, result.output


def test_query_file_that_does_not_parse(store_dir, tmp_path):
    rq = tmp_path / "broken.rq"
    rq.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    result = cli("query", rq, "--store", store_dir)
    assert result.exit_code == 1 and "broken.rq" in result.output and "does not parse" in result.output


def test_analyze_commands(store_dir):
    feeds = cli("analyze", "feeds", "调整优化政府职能", "--store", store_dir, "--format", "csv")
    assert feeds.exit_code == 0 and "放权赋能改革" in feeds.output
    agencies = cli("analyze", "agencies", "--store", store_dir, "--format", "json")
    assert agencies.exit_code == 0 and "南阳市人民政府" in agencies.output
    metric = cli("analyze", "metric", "出庭应诉率", "--store", store_dir)
    assert metric.exit_code == 0 and "97.8" in metric.output
    empty = cli("analyze", "coverage", "--empty", "number", "--store", store_dir)
    assert empty.exit_code == 0 and "抓实府院联动工作" in empty.output


def test_demo_answers_its_three_questions():
    result = cli("demo")
    assert result.exit_code == 0, result.output
    feeds, no_numbers, agencies = result.output.split("== ")[1:4]
    assert "法润千企" in feeds and "新增市场主体12.6万户" in feeds
    assert "抓实府院联动工作" in no_numbers and "调整优化政府职能" not in no_numbers
    assert agencies.splitlines()[4].startswith("南阳市人民政府")


def test_viz_writes_an_offline_page(store_dir, tmp_path):
    out = tmp_path / "tree.html"
    assert cli("viz", "营商环境明显改善", "--store", store_dir, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "营商环境明显改善" in page and "<script src=" not in page


# -- shared descriptions (graph/shared.py): one description a node, per-report bookkeeping

SHARED = "https://w3id.org/govkg/id/shared"


def shared_lines(path) -> list[str]:
    with open_store(path) as kg:
        return sorted(f"{q.subject} {q.predicate} {q.object}" for q in kg.store.quads_for_pattern(
            None, None, None, ox.NamedNode(SHARED)))


def test_a_shared_node_is_described_once_over_the_union(store_dir):
    with open_store(store_dir) as kg:
        rows = list(kg.query("""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?label (COUNT(*) AS ?n) WHERE { <https://w3id.org/govkg/id/place/100000> rdfs:label ?label }
            GROUP BY ?label"""))
        # both reports name the nation's places (their province is within it): one label, not one a report
        assert [(r["label"].value, int(r["n"].value)) for r in rows] == [("中华人民共和国", 1)]
        assert kg.report_count() == 2


def test_an_export_stands_alone_as_the_extractor_made_it(store_dir, graphs):
    from govkg.extractor.rdf import to_ntriples

    with open_store(store_dir) as kg:
        exported = kg.report_ntriples(NANYANG_IRI)
    # as Oxigraph holds the extractor's graph: numbers in canonical form ("1"^^xsd:nonNegativeInteger is xsd:integer)
    alone = ox.Store()
    alone.load(to_ntriples(set(graphs["nanyang"])), format=ox.RdfFormat.N_TRIPLES)
    assert exported == "".join(sorted(f"{q.subject} {q.predicate} {q.object} .\n" for q in alone))
    assert "describedAs" not in exported


def test_the_shared_graph_is_the_union_of_the_stored_reports_in_any_order(tmp_path, graphs, store_dir):
    other = tmp_path / "other"
    with open_store(other, writable=True) as kg:
        kg.replace_report(graphs["wuhan"])
        kg.replace_report(graphs["nanyang"])
        kg.remove_report(WUHAN_IRI)
        kg.replace_report(graphs["wuhan"])
    assert shared_lines(other) == shared_lines(store_dir)
    alone = tmp_path / "alone"
    with open_store(alone, writable=True) as kg:
        kg.replace_report(graphs["nanyang"])
    with open_store(store_dir, writable=True) as kg:
        kg.remove_report(WUHAN_IRI)
    # what only 武汉 said is gone, what 南阳 says too stays
    assert shared_lines(store_dir) == shared_lines(alone)
    with open_store(store_dir, writable=True) as kg:
        kg.remove_report(NANYANG_IRI)
        assert list(kg.store.named_graphs()) == []


def test_replacing_a_report_drops_only_the_descriptions_no_one_else_gives(store_dir, graphs):
    text = NANYANG.read_text(encoding="utf-8")
    assert "南阳市司法局" in text
    with open_store(store_dir, writable=True) as kg:
        kg.replace_report(extract(text.replace("南阳市司法局", "南阳市某某局"), source=str(NANYANG)))
        labels = {r["l"].value for r in kg.query(
            "SELECT ?l WHERE { ?a a <https://w3id.org/govkg/def#Agency> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    assert "南阳市司法局" not in labels
    assert "武汉市司法局" in labels or any(label.startswith("武汉市") for label in labels)


def test_a_report_in_memory_is_the_report_standing_alone(tmp_path):
    # KnowledgeStore.report_store: the report's graph with its shared descriptions expanded, no bookkeeping
    from conftest import CORPUS
    from govkg.graph.store import open_store

    with open_store(tmp_path / "kg", writable=True) as kg:
        reports = [kg.replace_report(extract_file(path)) for path in sorted(CORPUS.glob("*.txt"))[:2]]
        for report in reports:
            expected = ox.Store()
            expected.load(kg.report_ntriples(report), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(report))
            got = kg.report_store(report)
            assert set(got) == set(expected) and len(got) > 200
