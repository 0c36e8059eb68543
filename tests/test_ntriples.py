"""Every N-Triples and N-Quads text govkg writes parses with a strict parser (Oxigraph's), and counts are what
the store holds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from govkg.cli import main
from govkg.extractor import doc_to_ntriples, doc_to_triples, process, read_document, to_ntriples
from govkg.graph.store import open_store

DATA = Path(__file__).parent / "data" / "corpus"
# Its title sentence spans three lines (桃源县人民政府 / blank / 2017年度...): a multi-line literal.
MULTILINE = DATA / "taoyuan-2017.txt"


def strict(data: str | bytes, fmt=ox.RdfFormat.N_TRIPLES) -> list:
    return list(ox.parse(data.encode("utf-8") if isinstance(data, str) else data, format=fmt))


def test_literals_that_need_escapes_are_n_triples():
    s, p = URIRef("urn:x:s"), URIRef("urn:x:p")
    values = ['一行\n二行', 'a\r\nb', 'say "yes"', 'back\\slash', 'tab\there', '"""', 'end\\']
    string = URIRef("http://www.w3.org/2001/XMLSchema#string")
    triples = {(s, p, Literal(v)) for v in values} | {(s, p, Literal("多\n行", lang="zh")),
                                                      (s, p, Literal("12\n", datatype=string))}
    text = to_ntriples(triples)
    assert text.count("\n") == len(triples) and '"""' not in text.replace('\\"', "")
    parsed = strict(text)
    assert sorted(t.object.value for t in parsed) == sorted([*values, "多\n行", "12\n"])
    assert {t.object.language for t in parsed} == {None, "zh"}


def test_a_report_with_a_multi_line_sentence_gives_n_triples():
    document = read_document(MULTILINE)
    triples = doc_to_triples(process(document.text), source=str(MULTILINE), original=document.original)
    assert any(isinstance(o, Literal) and "\n" in o for _, _, o in triples)
    text = to_ntriples(triples)
    assert len(strict(text)) == len(triples) == text.count("\n")


def test_the_builders_lines_are_the_terms_written_as_n_triples():
    """doc_to_ntriples writes lines without rdflib terms; doc_to_triples reads them back: the two texts agree."""
    document = read_document(MULTILINE)
    doc = process(document.text)
    text = doc_to_ntriples(doc, source=str(MULTILINE), original=document.original)
    assert text == to_ntriples(doc_to_triples(doc, source=str(MULTILINE), original=document.original))
    parsed = strict(text)
    assert len(parsed) == text.count("\n") > 100
    assert any("\n" in t.object.value for t in parsed if isinstance(t.object, ox.Literal))


@pytest.mark.parametrize("fmt,parser", [("ntriples", ox.RdfFormat.N_TRIPLES), ("nquads", ox.RdfFormat.N_QUADS)])
def test_extract_and_export_write_strict_n_triples_and_n_quads(sample_store, tmp_path, fmt, parser):
    extracted = CliRunner().invoke(main, ["extract", str(MULTILINE), "--format", fmt])
    assert extracted.exit_code == 0, extracted.output
    assert len(strict(extracted.stdout, parser)) > 100
    exported = CliRunner().invoke(main, ["export", "--store", str(sample_store), "--format", fmt])
    assert exported.exit_code == 0, exported.output
    with open_store(sample_store) as kg:  # each report stands alone; N-Triples holds their union, shared triples once
        expected = sum(r.triples for r in kg.reports()) if fmt == "nquads" else len(kg.graph())
    assert len(strict(exported.stdout, parser)) == expected


def test_the_build_summary_counts_what_the_store_holds(tmp_path):
    store = tmp_path / "kg"
    result = CliRunner().invoke(main, ["build", str(MULTILINE), str(DATA / "nanyang-2023.txt"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    with open_store(store) as kg:  # a report's triples standing alone: its shared descriptions expanded
        held = {g.value: len(kg.graph(g.value)) for g in kg.store.named_graphs() if "/report/" in g.value}
    for line in result.output.splitlines():
        if "built (" in line:
            path, _, count = line.partition(": built (")
            report = next(r for r in held if ("桃源县" if "taoyuan" in path else "南阳市") in r)
            assert int(count.split()[0]) == held[report]
    assert f"{sum(held.values())} triples written" in result.output
