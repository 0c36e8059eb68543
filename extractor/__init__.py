"""govkg.extractor: turn a report's text into RDF under the govkg ontology.

>>> from govkg.extractor import extract
>>> g = extract("一、依法履职\\n(一)深化改革。市司法局印发《行政执法办法》。", source="demo.txt")
>>> len(g) > 0
True
"""

from __future__ import annotations

import os

from rdflib import Graph

from .pipeline import COMPONENTS, build_pipeline, default_pipeline
from .rdf import doc_to_graph, report_iri
from .reading import decode_report, read_report

__all__ = ["COMPONENTS", "build_pipeline", "default_pipeline", "extract", "extract_file", "process",
           "read_report", "decode_report", "doc_to_graph", "report_iri"]


def process(text: str, *, nlp=None, jurisdiction: str | None = None, year: int | None = None):
    """Run the pipeline over ``text`` and return the Doc (its findings in ``doc._.govkg``)."""
    nlp = nlp or default_pipeline()
    cfg = {"govkg_report": {"jurisdiction": jurisdiction, "year": year}}
    return nlp(text, component_cfg=cfg)


def extract(text: str, *, source: str | None = None, nlp=None, jurisdiction: str | None = None,
            year: int | None = None) -> Graph:
    """Extract one report's graph from its text.

    Parameters
    ----------
    text : str
        The decoded report text; evidence offsets refer to it.
    source : str, optional
        The file name, recorded on the report (and used to name untitled reports).
    nlp : spacy.language.Language, optional
        A pipeline from `build_pipeline`; the default one is built once and reused.
    jurisdiction, year : optional
        Override what the extractor reads from the title.

    Returns
    -------
    rdflib.Graph
    """
    doc = process(text, nlp=nlp, jurisdiction=jurisdiction, year=year)
    return doc_to_graph(doc, source=source)


def extract_file(path: str | os.PathLike, **kwargs) -> Graph:
    """`extract` over a report file; bad files raise `govkg.errors.InputError`."""
    return extract(read_report(path), source=os.fspath(path), **kwargs)
