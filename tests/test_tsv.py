"""SPARQL TSV results read into Python values (govkg.queries.tsv) give exactly the values pyoxigraph's terms give."""

from __future__ import annotations

import pyoxigraph as ox

from govkg.queries.engines import _cell_value, _ox_value
from govkg.queries.tsv import parse_cell, read_tsv, sort_key

XSD = "http://www.w3.org/2001/XMLSchema#"


def _through_tsv(store: ox.Store, query: str):
    tsv = store.query(query).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    return read_tsv(tsv, _cell_value)[1]


def _through_terms(store: ox.Store, query: str):
    result = store.query(query)
    n = len(result.variables)
    return [tuple(_ox_value(s[i]) for i in range(n)) for s in result]


def test_every_kind_of_term_reads_as_pyoxigraph_gives_it():
    store = ox.Store()
    s = ox.NamedNode("urn:s")
    objects = [ox.Literal("tab\there \"quoted\" back\\slash\nline é 中文"), ox.Literal("zh", language="zh"),
               ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")), ox.Literal("-3.50", datatype=ox.NamedNode(XSD + "decimal")),
               ox.Literal("1.5E3", datatype=ox.NamedNode(XSD + "double")), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
               ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear")), ox.Literal("7", datatype=ox.NamedNode(XSD + "nonNegativeInteger")),
               ox.NamedNode("urn:o/中文?q=1#x"), ox.BlankNode("b1"), ox.Literal("")]
    for i, o in enumerate(objects):
        store.add(ox.Quad(s, ox.NamedNode(f"urn:p{i:02d}"), o))
    query = "SELECT ?p ?o ?none WHERE { ?s ?p ?o } ORDER BY ?p"
    assert _through_tsv(store, query) == _through_terms(store, query)
    assert len(_through_tsv(store, query)) == len(objects)


def test_cells_parse_and_sort_as_sparql_orders_them():
    assert parse_cell('"a\\"b"^^<urn:dt>') == ("literal", 'a"b', "urn:dt")
    assert parse_cell("1.5E0") == ("literal", "1.5E0", XSD + "double")
    cells = ['"b"', "2", "<urn:a>", "", "10", '"a"', "_:x", "-1.5"]
    assert sorted(cells, key=sort_key) == ["", "_:x", "<urn:a>", "-1.5", "2", "10", '"a"', '"b"']


def test_library_answers_read_through_tsv_equal_term_by_term(sample_store):
    from govkg.queries import check_params, library
    from govkg.queries.engines import oxigraph_query

    store = ox.Store.read_only(str(sample_store / "oxigraph"))
    given = {"status": "Completed", "goal": "依法行政", "agency": "市政府", "metric": "率", "text": "法治"}
    cells = 0
    for name, spec in library().items():
        values = check_params(spec, {p.name: given[p.name] for p in spec.params if not p.optional})
        tsv = oxigraph_query(store, spec, values, stored=False).serialize(format=ox.QueryResultsFormat.TSV).decode()
        result = oxigraph_query(store, spec, values, stored=False)
        n = len(result.variables)
        terms = [tuple(_ox_value(s[i]) for i in range(n)) for s in result]
        assert read_tsv(tsv, _cell_value)[1] == terms, name
        cells += len(terms) * n
    assert cells > 5000
