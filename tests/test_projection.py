"""RDF → NetworkX projection, node lookup, and GraphML/GEXF files for Gephi."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from govkg.errors import GovkgError
from govkg.extractor import extract_file
from govkg.errors import AnalysisError, GoalNotFound, InvalidOption, NodeNotFound, ReportNotFound
from govkg.graph import gephi, projection
from govkg.graph.gephi import to_gexf, to_graphml
from govkg.graph.labels import find_nodes, require_nodes
from govkg.graph.projection import to_networkx
from govkg.ontology.namespace import GK, NIF

DATA = Path(__file__).parent / "data"
EX = Namespace("https://example.org/")
# rdflib.XSD stays off the module namespace: pytest probes module attributes, and XSD warns on unknown names.
GYEAR, DECIMAL, NNI = rdflib.XSD.gYear, rdflib.XSD.decimal, rdflib.XSD.nonNegativeInteger


def tiny() -> Graph:
    """One report with one of everything, plus things the projection must leave out."""
    g = Graph()
    rep, place, agency = EX.report, EX.place, EX.agency
    top, sub, act, obs, metric = EX.goal1, EX["goal1.1"], EX.act, EX.obs, EX.metric
    policy, program, sentence = EX.policy, EX.program, EX.sentence
    for s, cls in [(rep, GK.Report), (place, GK.Place), (agency, GK.Agency), (top, GK.Goal), (sub, GK.Goal),
                   (act, GK.Action), (obs, GK.Observation), (metric, GK.Metric), (policy, GK.Policy),
                   (program, GK.Program), (sentence, GK.Sentence)]:
        g.add((s, RDF.type, cls))
    g.add((rep, RDF.type, NIF.Context))  # a second, non-govkg class
    triples = [
        (rep, RDFS.label, Literal("某市关于2023年法治政府建设情况的报告")),
        (rep, DCTERMS.title, Literal("某市关于2023年法治政府建设情况的报告")),
        (rep, GK.year, Literal("2023", datatype=GYEAR)),
        (rep, GK.inPlace, place), (rep, GK.issuedBy, agency),
        (place, RDFS.label, Literal("某市")),
        (agency, RDFS.label, Literal("某市司法局")),
        (agency, SKOS.altLabel, Literal("市司法局")), (agency, SKOS.altLabel, Literal("司法局")),
        (agency, GK.inPlace, place),
        (top, RDFS.label, Literal("坚持依法行政，推动规范执法")),  # full-width comma
        (top, GK.headingLevel, Literal(1)), (top, GK.outlineNumber, Literal("1")), (top, GK.inReport, rep),
        (sub, RDFS.label, Literal("规范执法")), (sub, GK.headingLevel, Literal(2)),
        (sub, GK.outlineNumber, Literal("1.1")), (sub, GK.inReport, rep), (sub, GK.subGoalOf, top),
        (act, RDFS.label, Literal("换发行政执法证件1874个")), (act, GK.status, GK.Completed),
        (act, GK.period, Literal("2023", datatype=GYEAR)), (act, GK.inReport, rep),
        (act, GK.performedBy, agency), (act, GK.contributesTo, sub), (act, GK.implements, program),
        (act, GK.produces, policy), (act, GK.hasObservation, obs), (act, GK.evidence, sentence),
        (act, GK.verb, Literal("换发")),
        (obs, RDFS.label, Literal("1874个")), (obs, GK.value, Literal("1874", datatype=DECIMAL)),
        (obs, GK.unit, Literal("个")), (obs, GK.qualifier, Literal("余")), (obs, GK.ofMetric, metric),
        (obs, GK.inReport, rep), (obs, GK.period, Literal("2023", datatype=GYEAR)),
        (metric, RDFS.label, Literal("换发行政执法证件")),
        (policy, RDFS.label, Literal("某市行政执法办法")),
        (program, RDFS.label, Literal("一支队伍管执法")),
        (sentence, NIF.anchorOf, Literal("换发行政执法证件1874个。")), (sentence, GK.inReport, rep),
        (sentence, NIF.beginIndex, Literal(10, datatype=NNI)),
        (sentence, NIF.endIndex, Literal(24, datatype=NNI)),
        # left out: an edge to an untyped IRI, a blank node, a non-govkg property between kept nodes
        (act, GK.contributesTo, EX.untyped), (BNode(), GK.contributesTo, top), (act, RDFS.seeAlso, top),
        (GK.Action, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")),
    ]
    for t in triples:
        g.add(t)
    return g


def test_nodes_are_the_govkg_instances_without_sentences_by_default():
    G = to_networkx(tiny())
    assert list(G.nodes) == sorted(str(n) for n in [EX.report, EX.place, EX.agency, EX.goal1, EX["goal1.1"], EX.act,
                                                     EX.obs, EX.metric, EX.policy, EX.program])
    assert {d["kind"] for _, d in G.nodes(data=True)} == {
        "Report", "Place", "Agency", "Goal", "Action", "Observation", "Metric", "Policy", "Program"}


def test_edges_carry_the_predicate_local_name_as_key_and_attribute():
    G = to_networkx(tiny())
    edges = {(u.removeprefix(str(EX)), v.removeprefix(str(EX)), k) for u, v, k in G.edges(keys=True)}
    assert edges == {
        ("report", "place", "inPlace"), ("report", "agency", "issuedBy"), ("agency", "place", "inPlace"),
        ("goal1", "report", "inReport"), ("goal1.1", "report", "inReport"), ("goal1.1", "goal1", "subGoalOf"),
        ("act", "report", "inReport"), ("act", "agency", "performedBy"), ("act", "goal1.1", "contributesTo"),
        ("act", "program", "implements"), ("act", "policy", "produces"), ("act", "obs", "hasObservation"),
        ("obs", "metric", "ofMetric"), ("obs", "report", "inReport"),
    }
    assert all(d["predicate"] == k for _, _, k, d in G.edges(keys=True, data=True))
    assert list(G.edges(keys=True)) == sorted(G.edges(keys=True))


def test_node_attributes_by_kind():
    G = to_networkx(tiny())
    node = lambda name: G.nodes[str(EX[name])]  # noqa: E731
    rep = str(EX.report)
    assert node("report") == {"kind": "Report", "label": "某市关于2023年法治政府建设情况的报告", "alt_labels": [],
                              "report": None, "year": 2023, "title": "某市关于2023年法治政府建设情况的报告"}
    assert node("agency")["alt_labels"] == ["司法局", "市司法局"]
    assert node("act") == {"kind": "Action", "label": "换发行政执法证件1874个", "alt_labels": [], "report": rep,
                           "status": "Completed", "period": 2023}
    assert node("goal1.1") == {"kind": "Goal", "label": "规范执法", "alt_labels": [], "report": rep,
                               "level": 2, "outline": "1.1"}
    assert node("obs") == {"kind": "Observation", "label": "1874个", "alt_labels": [], "report": rep,
                           "value": 1874.0, "unit": "个", "qualifier": "余", "period": 2023}
    assert isinstance(node("obs")["value"], float)


def test_missing_values_are_none_and_a_missing_label_falls_back_to_the_iri():
    g = Graph()
    g.add((EX["goal/p12"], RDF.type, GK.Goal))
    g.add((EX.bare, RDF.type, GK.Action))
    G = to_networkx(g)
    assert G.nodes[str(EX["goal/p12"])] == {"kind": "Goal", "label": "p12", "alt_labels": [], "report": None,
                                            "level": None, "outline": None}
    assert G.nodes[str(EX.bare)]["status"] is None and G.nodes[str(EX.bare)]["period"] is None


def test_sentences_and_evidence_edges_on_request():
    G = to_networkx(tiny(), include_sentences=True)
    s = str(EX.sentence)
    assert G.nodes[s] == {"kind": "Sentence", "label": "换发行政执法证件1874个。", "alt_labels": [],
                          "report": str(EX.report), "begin": 10, "end": 24}
    assert G.has_edge(str(EX.act), s, key="evidence")
    assert G.has_edge(s, str(EX.report), key="inReport")


def test_a_dataset_projects_as_the_union_of_its_graphs():
    ds = Dataset()
    g = tiny()
    triples = sorted(g, key=lambda t: tuple(map(str, t)))
    half = len(triples) // 2
    for t in triples[:half]:
        ds.graph(EX.g1).add(t)
    for t in triples[half:]:
        ds.default_graph.add(t)
    a, b = to_networkx(ds), to_networkx(g)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_the_same_rdf_gives_the_same_graph_whatever_the_triple_order():
    g = tiny()
    shuffled = Graph()
    for t in sorted(g, key=lambda t: str(t[1]) + str(t[0]), reverse=True):
        shuffled.add(t)
    a, b = to_networkx(g), to_networkx(shuffled)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True)) == list(b.edges(keys=True))


def test_a_property_with_two_values_gives_the_smallest():
    g = Graph()
    g.add((EX.r, RDF.type, GK.Report))
    g.add((EX.r, GK.year, Literal("2024", datatype=GYEAR)))
    g.add((EX.r, GK.year, Literal("2023", datatype=GYEAR)))
    assert to_networkx(g).nodes[str(EX.r)]["year"] == 2023


def test_empty_and_one_node_graphs():
    assert to_networkx(Graph()).number_of_nodes() == 0
    g = Graph()
    g.add((EX.p, RDF.type, GK.Place))
    G = to_networkx(g)
    assert list(G.nodes(data=True)) == [(str(EX.p), {"kind": "Place", "label": "p", "alt_labels": [], "report": None})]
    assert G.number_of_edges() == 0


# ------------------------------------------------------------------ lookup


def test_find_nodes_by_label_alt_label_id_and_kind():
    G = to_networkx(tiny())
    assert find_nodes(G, "某市司法局") == [str(EX.agency)]
    assert find_nodes(G, "司法局", "Agency") == [str(EX.agency)]
    assert find_nodes(G, "司法局", "Goal") == []
    assert find_nodes(G, str(EX.act)) == [str(EX.act)]
    assert find_nodes(G, str(EX.act), "Goal") == []
    assert find_nodes(G, "  坚持依法行政,推动规范执法") == [str(EX.goal1)]  # half-width comma, spaces
    assert find_nodes(nx.MultiDiGraph(), "x") == []


def test_find_nodes_rejects_an_unknown_kind():
    with pytest.raises(InvalidOption, match="unknown kind 'Goals'"):
        find_nodes(to_networkx(tiny()), "x", "Goals")


def test_require_nodes_names_close_labels():
    G = to_networkx(tiny())
    assert require_nodes(G, "规范执法", "Goal") == [str(EX["goal1.1"])]
    with pytest.raises(GoalNotFound) as info:
        require_nodes(G, "规范行政执法", "Goal")
    assert str(info.value) == "no Goal '规范行政执法'; close: '规范执法'"
    assert info.value.close == ["规范执法"]
    with pytest.raises(ReportNotFound, match=r"^no Report 'x'$"):
        require_nodes(G, "x", "Report")
    with pytest.raises(NodeNotFound, match="no Place"):
        require_nodes(G, "某县", "Place")


def test_errors_form_one_hierarchy_under_govkg_error():
    assert issubclass(AnalysisError, GovkgError)
    for cls in (NodeNotFound, GoalNotFound, ReportNotFound, InvalidOption):
        assert issubclass(cls, AnalysisError)
    assert issubclass(InvalidOption, ValueError)


# ------------------------------------------------------------------ Gephi files


@pytest.mark.parametrize("write, read", [(to_graphml, nx.read_graphml), (to_gexf, nx.read_gexf)])
def test_gephi_files_hold_scalars_only(tmp_path, write, read):
    G = to_networkx(tiny())
    path = tmp_path / "g.out"
    write(G, path)
    H = read(path)
    assert sorted(H.nodes) == sorted(G.nodes)
    agency = H.nodes[str(EX.agency)]
    assert agency["label"] == "某市司法局" and agency["alt_labels"] == "司法局 | 市司法局"
    assert "report" not in agency  # None is left out
    assert H.nodes[str(EX.obs)]["value"] == 1874.0
    assert H.number_of_edges() == G.number_of_edges()
    assert G.nodes[str(EX.agency)]["alt_labels"] == ["司法局", "市司法局"]  # the input is not changed


@pytest.fixture(scope="module")
def nanyang():
    return to_networkx(extract_file(DATA / "corpus" / "nanyang-2023.txt"))


@pytest.mark.parametrize("write, read, suffix", [(to_graphml, nx.read_graphml, "graphml"),
                                                 (to_gexf, nx.read_gexf, "gexf")])
def test_the_nanyang_projection_round_trips_through_gephi_files(nanyang, tmp_path, write, read, suffix):
    path = tmp_path / f"nanyang.{suffix}"
    write(nanyang, path)
    H = read(path)
    assert H.number_of_nodes() == nanyang.number_of_nodes()
    assert H.number_of_edges() == nanyang.number_of_edges()
    assert {n: d["label"] for n, d in H.nodes(data=True)} == {n: d["label"] for n, d in nanyang.nodes(data=True)}
    assert {n: d["kind"] for n, d in H.nodes(data=True)} == {n: d["kind"] for n, d in nanyang.nodes(data=True)}


def test_the_nanyang_projection(nanyang):
    kinds = {d["kind"] for _, d in nanyang.nodes(data=True)}
    assert kinds == set(projection.KINDS) - {"Sentence"}
    report = "https://w3id.org/govkg/id/report/南阳市/2023/法治政府建设情况的报告"
    assert nanyang.nodes[report]["year"] == 2023
    assert nanyang.nodes[report]["title"] == "南阳市人民政府关于2023年法治政府建设情况的报告"
    for _, d in nanyang.nodes(data=True):
        if d["kind"] in ("Action", "Goal", "Observation"):
            assert d["report"] == report
        if d["kind"] == "Action":
            assert d["status"] in {"Completed", "Planned", "Ongoing"}
        if d["kind"] == "Observation":
            assert isinstance(d["value"], float) and isinstance(d["unit"], str)
    assert {k for *_, k in nanyang.edges(keys=True)} <= set(projection.PREDICATES) - {"evidence"}


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_write_network_by_format_name(tmp_path, fmt, read):
    path = tmp_path / f"g.{fmt}"
    gephi.write_network(to_networkx(tiny()), path, fmt)
    assert read(path).nodes[str(EX.agency)]["label"] == "某市司法局"
    with pytest.raises(InvalidOption, match="unknown network format 'dot'"):
        gephi.write_network(to_networkx(tiny()), tmp_path / "g.dot", "dot")
