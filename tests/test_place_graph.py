"""Places in the graph: division-coded IRIs, names, codes, the hierarchy, regions."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import SKOS

from govkg.extractor import extract
from govkg.extractor.iri import make_iri
from govkg.ontology import GK, validate

TEXT = ("保定市人民政府关于2023年法治政府建设情况的报告\n一、工作\n"
        "清苑县和河北雄安新区开展试点，融入京津冀。保定市司法局牵头。")


@pytest.fixture(scope="module")
def graph():
    return extract(TEXT, source="t.txt")


def test_place_keyed_by_division_code(graph):
    node = make_iri("place", "130608")
    assert (node, RDF.type, GK.Place) in graph
    assert graph.value(node, RDFS.label) == Literal("清苑区")
    assert graph.value(node, GK.divisionCode) == Literal("130608")
    alt = set(graph.objects(node, SKOS.altLabel))
    assert {Literal("清苑"), Literal("清苑县")} <= alt  # short form; former name, also the surface form
    assert (node, GK.evidence, None) in graph


def test_every_ancestor_edge(graph):
    chain = []
    node = make_iri("place", "130608")
    while node is not None:
        chain.append(str(graph.value(node, RDFS.label)))
        node = graph.value(node, GK.within)
    assert chain == ["清苑区", "保定市", "河北省", "中华人民共和国"]


def test_jurisdiction_shares_the_division_iri(graph):
    (report,) = graph.subjects(RDF.type, GK.Report)
    assert graph.value(report, GK.inPlace) == make_iri("place", "130600")
    agency = make_iri("agency", "保定市司法局")
    assert graph.value(agency, GK.inPlace) == make_iri("place", "130600")


def test_regions_have_iris_of_their_own(graph):
    xiongan = make_iri("region", "雄安新区")
    assert {GK.Region, GK.Place} <= set(graph.objects(xiongan, RDF.type))
    assert graph.value(xiongan, GK.within) == make_iri("place", "130000")
    jjj = make_iri("region", "京津冀")
    assert graph.value(jjj, RDFS.label) == Literal("京津冀") and graph.value(jjj, GK.within) is None


def test_place_graph_conforms_to_the_shapes(graph):
    conforms, text = validate(graph)
    assert conforms, text
