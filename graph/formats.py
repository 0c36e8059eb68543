"""Writing graphs in RDF formats, deterministically.

The same graph always gives the same bytes: line-based formats are sorted,
and Turtle/TriG come from rdflib's serializer, which orders subjects and
predicates.  A report's graph is written as a named graph (the report's IRI)
in the quad formats.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef

from ..ontology.namespace import bind_prefixes

__all__ = ["FORMATS", "serialize"]

# CLI name -> rdflib serializer name
FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "nt", "json-ld": "json-ld"}


def serialize(graph: Graph, fmt: str = "turtle", *, name: URIRef | None = None) -> str:
    """Serialise ``graph`` as ``fmt``.

    Parameters
    ----------
    graph : rdflib.Graph
    fmt : {"turtle", "trig", "nquads", "ntriples", "json-ld"}
    name : URIRef, optional
        The named graph to place the triples in for trig and nquads.

    Returns
    -------
    str

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    >>> serialize(g, "ntriples")
    '<urn:a> <urn:p> "x" .\\n'
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        bind_prefixes(ds)
        target = ds.graph(name) if name is not None else ds.default_graph
        for triple in graph:
            target.add(triple)
        data = ds.serialize(format=FORMATS[fmt])
    else:
        bind_prefixes(graph)
        data = graph.serialize(format=FORMATS[fmt], **({"auto_compact": True} if fmt == "json-ld" else {}))
    if fmt in ("nquads", "ntriples"):
        lines = sorted(line for line in data.splitlines() if line.strip())
        data = "\n".join(lines) + ("\n" if lines else "")
    return data
