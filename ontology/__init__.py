"""The govkg ontology, its SHACL shapes, and validation of extracted graphs.

The Turtle files ship as package data; ``docs/model.md`` describes the model in prose.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

import pyshacl
from rdflib import Graph

from .namespace import GK, bind_prefixes

__all__ = [
    "GK",
    "bind_prefixes",
    "load_ontology",
    "load_shapes",
    "ontology_path",
    "shapes_path",
    "validate",
]


def ontology_path() -> Traversable:
    """Return the location of the ontology file ``govkg.ttl``.

    Returns
    -------
    importlib.resources.abc.Traversable
        The packaged file; a ``pathlib.Path`` when the package is installed on disk.

    Examples
    --------
    >>> ontology_path().name
    'govkg.ttl'
    """
    return files(__name__) / "govkg.ttl"


def shapes_path() -> Traversable:
    """Return the location of the SHACL shapes file ``shapes.ttl``.

    Returns
    -------
    importlib.resources.abc.Traversable
        The packaged file; a ``pathlib.Path`` when the package is installed on disk.

    Examples
    --------
    >>> shapes_path().name
    'shapes.ttl'
    """
    return files(__name__) / "shapes.ttl"


def _parse(resource: Traversable) -> Graph:
    graph = Graph()
    # Parsed from text, not a path, so that zipped installs work too.
    graph.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    return graph


@cache
def load_ontology() -> Graph:
    """Parse the ontology, once per process.

    Returns
    -------
    rdflib.Graph
        The ontology graph. It is shared between callers: do not modify it.

    Examples
    --------
    >>> from rdflib import OWL, RDF
    >>> (GK.Action, RDF.type, OWL.Class) in load_ontology()
    True
    """
    return _parse(ontology_path())


@cache
def load_shapes() -> Graph:
    """Parse the SHACL shapes, once per process.

    Returns
    -------
    rdflib.Graph
        The shapes graph. It is shared between callers: do not modify it.

    Examples
    --------
    >>> from rdflib.namespace import SH
    >>> (None, SH.targetClass, GK.Action) in load_shapes()
    True
    """
    return _parse(shapes_path())


def validate(graph: Graph) -> tuple[bool, str]:
    """Check a graph against the govkg SHACL shapes.

    No inference is done and the ontology is not consulted: ``sh:class`` constraints
    are met only by explicit ``rdf:type`` triples in `graph`, and ``sh:datatype`` wants
    the exact datatype (``xsd:integer`` does not pass for ``xsd:decimal``).

    Parameters
    ----------
    graph : rdflib.Graph
        The data to check. An ``rdflib.Dataset`` is checked graph by graph.

    Returns
    -------
    conforms : bool
        True when no shape is violated.
    results_text : str
        pySHACL's human-readable report, naming each focus node, path and message.

    Examples
    --------
    >>> from rdflib import Graph
    >>> conforms, text = validate(Graph())
    >>> conforms
    True
    """
    conforms, _, results_text = pyshacl.validate(
        graph,
        shacl_graph=load_shapes(),
        inference="none",
        advanced=True,  # needed for the sh:sparql constraints
    )
    return bool(conforms), str(results_text)
