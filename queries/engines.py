"""Run a query on either engine: a pyoxigraph store or an rdflib graph.

Parameters bind variables as terms, never as spliced text: pyoxigraph gets
them as substitutions (SEP-0007) and, so that Oxigraph plans from them, as a
``VALUES`` row opening the query's pattern too (terms written by pyoxigraph
itself); rdflib as ``initBindings``. Both answers become the same `Rows` of
Python values. Why the VALUES row: Oxigraph plans a query before
substituting, so a bound label joined to all actions was read after them
(1,012 ms on the 179-report store); opening with the row it is read first
(8 ms).

A query whose header says ``# scope: report`` reads only its report's own
graph and the shared descriptions (graph/shared.py) when it is given a
``report``, instead of the union of every graph: the same answer, without
touching the other reports.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ..errors import QueryError
from ..graph.shared import SHARED_GRAPH
from .answers import stored_tsv
from .composed import composed_tsv
from .indexed import indexed_result
from .library import Kind, QuerySpec, _prepared
from .params import check_params
from .table import Rows, Value
from .tsv import read_tsv

__all__ = ["oxigraph_substitutions", "oxigraph_query", "bound_text", "run"]

_XSD = "http://www.w3.org/2001/XMLSchema#"


def run(target, spec: QuerySpec, params: dict[str, str] | None = None) -> Rows:
    """Run ``spec`` on a store or graph with ``params`` (values as text).

    Parameters
    ----------
    target : pyoxigraph.Store or rdflib.Graph
        A pyoxigraph store is queried over the union of its graphs; an
        rdflib graph as it is (give a ``Dataset(default_union=True)`` for the
        union of named graphs).
    spec : QuerySpec
        From `load_query` or `library`.
    params : dict of str to str, optional
        Parameter name to value, as a user types it.

    Returns
    -------
    Rows
        ASK gives one column ``ask``; CONSTRUCT and DESCRIBE give
        ``subject``, ``predicate``, ``object``.

    Raises
    ------
    QueryError
        As `check_params` raises it; or a target that is neither a store nor a graph.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from govkg.queries import load_query
    >>> run(Graph(), load_query("reports")).rows
    []
    """
    values = check_params(spec, params or {})
    if isinstance(target, ox.Store):
        return _run_oxigraph(target, spec, values)
    if isinstance(target, Graph):
        return _run_rdflib(target, spec, values)
    raise QueryError(f"cannot query a {type(target).__name__}; give a pyoxigraph.Store or an rdflib Graph")


def oxigraph_substitutions(values: dict[str, tuple[Kind, str | int]]) -> dict:
    """`check_params` values as pyoxigraph ``substitutions`` (Variable → term).

    Examples
    --------
    >>> oxigraph_substitutions({"year": ("integer", 2022)})
    {<Variable value=year>: <Literal value=2022 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>}
    """
    return {ox.Variable(name): _ox_term(kind, value) for name, (kind, value) in values.items()}


def oxigraph_query(store: ox.Store, spec: QuerySpec, values: dict[str, tuple[Kind, str | int]], *,
                   stored: bool = True):
    """Ask ``spec`` on a pyoxigraph store with checked parameter ``values``; pyoxigraph's own result.

    The answer is read from the reports' stored answers where the build kept
    them (`govkg.queries.answers`, and `govkg.queries.composed` for a question
    made of another's stored answers), or found through the store's text index
    (`govkg.queries.indexed`), unless ``stored`` is false; else the
    parameters open the pattern as a VALUES row (`bound_text`), and a
    report-scoped question given a ``report`` reads that report's graph and the
    shared graph only.

    Examples
    --------
    >>> from govkg.queries import load_query
    >>> bool(oxigraph_query(ox.Store(), load_query("goal-tree"), {"report": ("iri", "urn:r")}).variables)
    True
    """
    if stored:
        tsv = _stored_answer(store, spec, values)
        if tsv is not None:
            return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return _asked(store, spec, values, indexed=stored)


def _asked(store: ox.Store, spec: QuerySpec, values: dict[str, tuple[Kind, str | int]], *, indexed: bool):
    """SPARQL's answer, through the store's text index where it serves the question (`govkg.queries.indexed`)."""
    ask = _asker(store, spec, values)
    if indexed:
        result = indexed_result(store, spec, values, ask)
        if result is not None:
            return result
    return ask(spec.text)


def _asker(store: ox.Store, spec: QuerySpec, values: dict[str, tuple[Kind, str | int]]):
    """``ask(text, opening=values)``: a query text asked as ``spec`` is, on its dataset, every parameter
    substituted and those of ``opening`` opening the pattern as a VALUES row (`bound_text`)."""
    # substitutions too: they bind the parameter inside nested groups (a FILTER in a UNION branch), which a
    # VALUES row, joined from outside, does not
    substitutions = oxigraph_substitutions(values) or None
    if spec.scope == "report" and "report" in values:
        dataset = {"default_graph": [ox.NamedNode(str(values["report"][1])), ox.NamedNode(SHARED_GRAPH)]}
    else:
        dataset = {"use_default_graph_as_union": True}

    def ask(text: str, opening: dict[str, tuple[Kind, str | int]] = values):
        return store.query(bound_text(text, opening), substitutions=substitutions, **dataset)

    return ask


# Where the query's pattern opens: after WHERE (or the form's own brace: ASK { }), the first on a line that
# is not a comment, so a prefix IRI with # in it or a header comment never counts.
_FORM = re.compile(r"^[ \t]*(?:SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)
_OPEN = re.compile(r"\bWHERE\s*\{|\{", re.IGNORECASE)


def bound_text(text: str, values: dict[str, tuple[Kind, str | int]]) -> str:
    """The query with its parameters as one VALUES row at the start of its top-level pattern.

    Examples
    --------
    >>> print(bound_text("SELECT ?s ?year WHERE { ?s ?p ?year }", {"year": ("integer", 2022)}))
    SELECT ?s ?year WHERE { VALUES (?year) { ("2022"^^<http://www.w3.org/2001/XMLSchema#integer>) }
     ?s ?p ?year }
    """
    if not values:
        return text
    form = _FORM.search(text)
    opening = _OPEN.search(text, form.start() if form else 0)
    if opening is None:
        raise QueryError("the query has no pattern to bind parameters in")
    names = sorted(values)
    row = " ".join(str(_ox_term(*values[n])) for n in names)
    clause = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"
    return text[:opening.end()] + clause + text[opening.end():]


def _stored_answer(store: ox.Store, spec: QuerySpec, values: dict[str, tuple[Kind, str | int]]) -> str | None:
    """The answer as TSV results read from stored answers: the question's own (`govkg.queries.answers`) or
    another's joined to a small SPARQL question (`govkg.queries.composed`); None when neither serves."""
    tsv = stored_tsv(store, spec, values)
    return tsv if tsv is not None else composed_tsv(store, spec, values, _asker(store, spec, values))


def _run_oxigraph(store: ox.Store, spec: QuerySpec, values) -> Rows:
    tsv = _stored_answer(store, spec, values)
    if tsv is not None:
        return Rows(*read_tsv(tsv, _cell_value))
    result = _asked(store, spec, values, indexed=True)
    if isinstance(result, ox.QuerySolutions):
        # through TSV: Oxigraph writes it at once, and each distinct cell becomes a value once (queries/tsv.py)
        return Rows(*read_tsv(result.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8"), _cell_value))
    if isinstance(result, ox.QueryBoolean):
        return Rows(["ask"], [(bool(result),)])
    return Rows(["subject", "predicate", "object"],
                [(_ox_value(t.subject), _ox_value(t.predicate), _ox_value(t.object)) for t in result])


def _run_rdflib(graph: Graph, spec: QuerySpec, values) -> Rows:
    bindings = {name: _rdflib_term(kind, value) for name, (kind, value) in values.items()}
    result = graph.query(_prepared(spec.text), initBindings=bindings)
    if result.type == "SELECT":
        columns = [str(v) for v in result.vars]
        return Rows(columns, [tuple(_rdflib_value(t) for t in row) for row in result])
    if result.type == "ASK":
        return Rows(["ask"], [(bool(result.askAnswer),)])
    return Rows(["subject", "predicate", "object"],
                [tuple(_rdflib_value(t) for t in triple) for triple in result])


def _ox_term(kind: Kind, value: str | int):
    return ox.NamedNode(value) if kind == "iri" else ox.Literal(value)


def _rdflib_term(kind: Kind, value: str | int):
    return URIRef(value) if kind == "iri" else Literal(value)


def _ox_value(term) -> Value:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _literal_value(term.value, term.datatype.value)
    return str(term)


def _cell_value(kind: str, lexical: str, datatype: str) -> Value:
    """A TSV cell (`govkg.queries.tsv.parse_cell`) as `_ox_value` gives the same term."""
    if kind == "unbound":
        return None
    if kind == "blank":
        return f"_:{lexical}"
    return lexical if kind == "iri" else _literal_value(lexical, datatype)


def _rdflib_value(term) -> Value:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return _literal_value(str(term), str(term.datatype) if term.datatype else _XSD + "string")
    return str(term)


_INTEGER_TYPES = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                     "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def _literal_value(lexical: str, datatype: str) -> Value:
    """A literal as a Python value; the same for both engines' lexical forms."""
    if datatype in _INTEGER_TYPES and re.fullmatch(r"\s*[+-]?\d+\s*", lexical):
        return int(lexical)
    if datatype == _XSD + "decimal":
        try:
            number = Decimal(lexical)
        except InvalidOperation:
            return lexical
        # 100.0 (rdflib) and 100 (Oxigraph) are the same decimal: one canonical form.
        return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    if datatype in (_XSD + "double", _XSD + "float"):
        try:
            return float(lexical)
        except ValueError:
            return lexical
    if datatype == _XSD + "boolean" and lexical in ("true", "false", "1", "0"):
        return lexical in ("true", "1")
    return lexical
