"""govkg.extractor: turn a report's text into RDF under the govkg ontology.

>>> from govkg.extractor import extract
>>> g = extract("一、依法履职\\n(一)深化改革。市司法局印发《行政执法办法》。", source="demo.txt")
>>> len(g) > 0
True
"""

from __future__ import annotations

import os

from rdflib import Graph

from govkg.errors import InputError

from .layout import clean_layout
from .pipeline import COMPONENTS, build_pipeline, default_pipeline
from .rdf import doc_to_graph, doc_to_ntriples, doc_to_triples, report_iri, to_ntriples
from .reading import Document, decode_report, read_document, read_report

__all__ = ["COMPONENTS", "Document", "build_pipeline", "default_pipeline", "extract", "extract_file", "process",
           "read_document", "read_report", "decode_report", "doc_to_graph", "doc_to_ntriples", "doc_to_triples",
           "report_iri", "to_ntriples"]


def process(text: str, *, nlp=None, jurisdiction: str | None = None, year: int | None = None,
            hints: dict[str, str] | None = None):
    """Run the pipeline over ``text`` and return the Doc (its findings in ``doc._.govkg``).

    ``jurisdiction`` and ``year`` override what the text says; ``hints`` (title,
    place, year, published, issuer, url: an input's metadata) are used only
    where the text says nothing. The pipeline reads the text with its layout undone (soft line
    breaks, spacing, full-width digits: `govkg.extractor.layout`); evidence points into ``text``.
    """
    nlp = nlp or default_pipeline()
    if len(text) > nlp.max_length:  # spaCy's own error (E088) comes later, and names neither the text nor the limit
        raise InputError("text", f"{len(text):,} characters, over the pipeline's limit of {nlp.max_length:,} "
                                 "(nlp.max_length); split it, or raise the limit")
    layout = clean_layout(text)
    cfg = {"govkg_report": {"jurisdiction": jurisdiction, "year": year, "hints": dict(hints or {}), "layout": layout}}
    return nlp(layout.text, component_cfg=cfg)


def extract(text: str, *, source: str | None = None, nlp=None, jurisdiction: str | None = None,
            year: int | None = None, original: str | None = None, hints: dict[str, str] | None = None) -> Graph:
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
    original : str, optional
        The text as published, when ``text`` is a same-length conversion of it
        (Traditional read as Simplified); evidence quotes the original.
    hints : dict, optional
        The input's metadata (title, place, year, published, issuer, url),
        used where the text itself says nothing.

    Returns
    -------
    rdflib.Graph
    """
    doc = process(text, nlp=nlp, jurisdiction=jurisdiction, year=year, hints=hints)
    return doc_to_graph(doc, source=source, original=original)


def extract_file(path: str | os.PathLike, **kwargs) -> Graph:
    """`extract` over a report file (.txt, .html, .pdf, .docx); bad files raise `govkg.errors.InputError`."""
    document = read_document(path)
    kwargs.setdefault("hints", document.hints())
    return extract(document.text, source=os.fspath(path), original=document.original, **kwargs)
