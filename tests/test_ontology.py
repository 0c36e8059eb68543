"""Tests for govkg.ontology: the ontology, the GK namespace, the shapes and the example data."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH, SKOS

from govkg.ontology import (
    GK,
    bind_prefixes,
    load_ontology,
    load_shapes,
    ontology_path,
    shapes_path,
    validate,
)
from govkg.ontology.namespace import ELI, ID, NIF, ORG

# XSD and SOSA warn on unknown attributes, and pytest probes module globals while
# collecting; reaching them through their module keeps that noise out of the output.
ns = rdflib.namespace

MODEL_DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"
EXAMPLES = files("govkg.ontology") / "examples"
EXAMPLE_NAMES = sorted(entry.name for entry in EXAMPLES.iterdir() if entry.name.endswith(".ttl"))

REPORT = ID["report/南阳市/2023/法治政府建设情况报告"]
ACTION = URIRef(f"{REPORT}/action/47-59")
OBSERVATION = URIRef(f"{REPORT}/observation/71-76")
SENTENCE = URIRef(f"{REPORT}/sentence/42-77")
AGENCY = ID["agency/南阳市人民政府"]

DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


def parse_example(name: str) -> Graph:
    graph = Graph()
    graph.parse(data=(EXAMPLES / name).read_text(encoding="utf-8"), format="turtle")
    return graph


def in_gk_namespace(node: object) -> bool:
    # Not `node in GK`: that asks GK itself, which is what these tests check.
    return isinstance(node, URIRef) and node.startswith(str(GK))


def gk_terms_used(graph: Graph) -> set[URIRef]:
    return {node for triple in graph for node in triple if in_gk_namespace(node)}


# --- the ontology and the GK namespace ------------------------------------------------


def test_packaged_files_exist() -> None:
    assert ontology_path().is_file()
    assert shapes_path().is_file()


def test_gk_namespace_matches_ontology_declarations() -> None:
    ontology = load_ontology()
    declared = {
        subject
        for rdf_type in DECLARATION_TYPES
        for subject in ontology.subjects(RDF.type, rdf_type)
        if in_gk_namespace(subject)
    }
    assert declared == set(dir(GK))


def test_gk_namespace_matches_model_doc() -> None:
    documented = {URIRef(f"{GK}{name}") for name in re.findall(r"\bgk:(\w+)", MODEL_DOC.read_text(encoding="utf-8"))}
    assert documented == set(dir(GK))


@pytest.mark.parametrize(
    "graph",
    [
        pytest.param(load_ontology, id="govkg.ttl"),
        pytest.param(load_shapes, id="shapes.ttl"),
        *(pytest.param(lambda name=name: parse_example(name), id=name) for name in EXAMPLE_NAMES),
    ],
)
def test_only_declared_gk_terms_are_used(graph: Callable[[], Graph]) -> None:
    assert gk_terms_used(graph()) <= set(dir(GK))


@pytest.mark.parametrize("term", sorted(dir(GK)))
@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_term_has_one_text_per_language(term: URIRef, predicate: URIRef) -> None:
    languages = sorted(literal.language for literal in load_ontology().objects(term, predicate))
    assert languages == ["en", "zh"]


def test_ontology_header() -> None:
    ontology = load_ontology()
    (header,) = ontology.subjects(RDF.type, OWL.Ontology)
    for predicate in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license):
        assert ontology.value(header, predicate) is not None, predicate


def test_status_individuals() -> None:
    ontology = load_ontology()
    assert set(ontology.subjects(RDF.type, GK.Status)) == {GK.Completed, GK.Planned, GK.Ongoing}


def test_alignments_point_outside_gk() -> None:
    ontology = load_ontology()
    assert (GK.Action, RDFS.subClassOf, PROV.Activity) in ontology
    assert (GK.Agency, RDFS.subClassOf, ORG.Organization) in ontology
    assert (GK.Policy, RDFS.subClassOf, ELI.LegalResource) in ontology
    assert (GK.Sentence, RDFS.subClassOf, NIF.Sentence) in ontology
    assert (GK.ofMetric, RDFS.subPropertyOf, ns.SOSA.observedProperty) in ontology


def test_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        GK.Actoin  # noqa: B018


# --- prefixes ---------------------------------------------------------------------------


@pytest.mark.parametrize("graph_type", [Graph, Dataset])
def test_bind_prefixes(graph_type: type[Graph]) -> None:
    graph = graph_type()
    bind_prefixes(graph)
    bound = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    assert bound["gk"] == "https://w3id.org/govkg/def#"
    assert bound["id"] == "https://w3id.org/govkg/id/"
    assert bound["nif"] == str(NIF)
    assert bound["eli"] == str(ELI)
    assert bound["xsd"] == str(ns.XSD)
    assert {"org", "prov", "skos", "sosa", "dcterms"} <= bound.keys()


# --- shapes and validation --------------------------------------------------------------


def test_shapes_are_valid_shacl() -> None:
    # meta_shacl checks the shapes graph against SHACL's own shapes first, and raises if it fails.
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=load_shapes(), inference="none", advanced=True, meta_shacl=True
    )
    assert conforms, text


def test_every_node_shape_says_why() -> None:
    shapes = load_shapes()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, RDFS.comment) is not None, shape


def test_load_shapes_is_cached() -> None:
    assert load_shapes() is load_shapes()


def test_empty_graph_conforms() -> None:
    assert validate(Graph()) == (True, "Validation Report\nConforms: True\n")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_conforms(name: str) -> None:
    conforms, text = validate(parse_example(name))
    assert conforms, text


def observation_without_value(graph: Graph) -> None:
    graph.remove((OBSERVATION, GK.value, None))


def observation_with_integer_value(graph: Graph) -> None:
    graph.set((OBSERVATION, GK.value, Literal(4776)))


def sentence_begin_after_end(graph: Graph) -> None:
    graph.set((SENTENCE, NIF.beginIndex, Literal(80, datatype=ns.XSD.nonNegativeInteger)))


def sentence_anchor_shorter_than_offsets(graph: Graph) -> None:
    graph.set((SENTENCE, NIF.anchorOf, Literal("市政府全面落实权责清单动态管理机制")))


def action_with_literal_status(graph: Graph) -> None:
    graph.set((ACTION, GK.status, Literal("done")))


def action_without_evidence(graph: Graph) -> None:
    graph.remove((ACTION, GK.evidence, None))


def action_performed_by_untyped_agency(graph: Graph) -> None:
    graph.remove((AGENCY, RDF.type, GK.Agency))


def report_year_as_string(graph: Graph) -> None:
    graph.set((REPORT, GK.year, Literal("2023")))


@pytest.mark.parametrize(
    ("breakage", "focus", "expected"),
    [
        (observation_without_value, OBSERVATION, "Result Path: gk:value"),
        (observation_with_integer_value, OBSERVATION, "Result Path: gk:value"),
        (sentence_begin_after_end, SENTENCE, "nif:beginIndex 80 is not less than nif:endIndex 77"),
        (sentence_anchor_shorter_than_offsets, SENTENCE, "nif:anchorOf has 17 characters but the offsets span 35"),
        (action_with_literal_status, ACTION, "Result Path: gk:status"),
        (action_without_evidence, ACTION, "Result Path: gk:evidence"),
        (action_performed_by_untyped_agency, ACTION, "Result Path: gk:performedBy"),
        (report_year_as_string, REPORT, "Result Path: gk:year"),
    ],
    ids=lambda value: value.__name__ if callable(value) else None,
)
def test_broken_example_fails(breakage: Callable[[Graph], None], focus: URIRef, expected: str) -> None:
    graph = parse_example("nanyang-excerpt.ttl")
    breakage(graph)
    conforms, text = validate(graph)
    assert not conforms
    assert f"Focus Node: <{focus}>" in text
    assert expected in text
