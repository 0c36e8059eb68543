"""govkg.queries: a library of SPARQL questions over the govkg graph.

Each question is one ``.rq`` file in this folder. A file opens with a header
comment that states the question and its parameters::

    # name: actions-feeding-goal
    # question (zh): 哪些行动、项目和政策服务于某个目标(含其子目标)?
    # question (en): Which actions, programs and policies feed a goal, transitively through its sub-goals?
    # param goal: the goal's label or altLabel, e.g. 调整优化政府职能 (xsd:string)
    # param report: optional; the report IRI to restrict to (IRI)

Further ``#`` lines in the header are notes for the reader.  A parameter's
description ends with its kind in parentheses: ``(xsd:string)`` (the default
when none is given), ``(IRI)`` or ``(xsd:integer)``; a description that
starts with ``optional`` makes the parameter optional.

Parameters
----------
A parameter ``x`` binds the variable ``?x`` of the query, never by editing
the query text: pyoxigraph gets it as a substitution (SEP-0007) and rdflib as
``initBindings``.  Its value is a plain ``xsd:string`` literal, a named node
for ``(IRI)`` parameters, or an ``xsd:integer`` literal for ``(xsd:integer)``
ones.  An optional parameter left out stays unbound, which means "any".

The two engines agree on such bindings only within these rules, which every
query here follows and a user's own query should too:

- the variable of each parameter is in the ``SELECT`` projection (pyoxigraph
  substitutes projected variables only; `load_query` checks this), so it
  comes back as a column that echoes the value given;
- a parameter is never the target of ``BIND(... AS ?x)``, and a sub-query
  that uses one projects it;
- an optional parameter is tested with ``COALESCE(test, true)`` (unbound, the
  test is an error and COALESCE makes it true), never with ``BOUND(?x)``
  (pyoxigraph answers false for a substituted variable);
- in an aggregate query an optional parameter is tested by a ``FILTER``
  rather than by a triple pattern, so leaving it out does not split the
  groups;
- no sub-query aggregates (rdflib 7 turns an empty grouped sub-query into
  one row when more patterns follow it): group in the outer query.

The queries use plain triple patterns over the default graph, which must be
the union of the reports' named graphs: `run` asks pyoxigraph for that
(``use_default_graph_as_union=True``); an rdflib target should be a
``Dataset(default_union=True)`` or a plain ``Graph``.

Results
-------
Column names: a node's IRI is in ``thing`` (``report``, ``action``, ...) and
its label in ``thing_label``; where a parameter already takes the plain name
(``goal``, ``agency``, ``metric``...), the IRI is in ``thing_iri``.  Years are
integers.  Every query ends with an ORDER BY over its columns, so results are
the same on every run and on both engines.

Examples
--------
>>> spec = load_query("actions-feeding-goal")
>>> [p.name for p in spec.params]
['goal', 'report']
>>> spec.params[1].optional, spec.params[1].kind
(True, 'iri')
>>> "reports" in library()
True
"""

from __future__ import annotations

import csv
import difflib
import functools
import importlib
import importlib.util
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal as KindLiteral, Union

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ..errors import GovkgError

__all__ = ["QueryError", "Param", "QuerySpec", "Rows", "library", "load_query", "run", "check_params",
           "oxigraph_substitutions"]

Value = Union[str, int, float, Decimal, None]
Kind = KindLiteral["string", "iri", "integer"]

_DIR = Path(__file__).resolve().parent
_XSD = "http://www.w3.org/2001/XMLSchema#"
_KINDS = {"xsd:string": "string", "iri": "iri", "xsd:integer": "integer"}
_HEADER = re.compile(r"#\s*(name|question\s*\((?:zh|en)\)|param\s+(\w+))\s*:\s*(.*?)\s*$", re.IGNORECASE)
_KIND_SUFFIX = re.compile(r"\s*\((xsd:string|IRI|xsd:integer)\)\s*$", re.IGNORECASE)
_OPTIONAL = re.compile(r"^optional\b", re.IGNORECASE)


class QueryError(GovkgError):
    """A query that cannot be found, parsed or run with the parameters given."""


@dataclass(frozen=True)
class Param:
    """A parameter a query declares in its header.

    Attributes
    ----------
    name : str
        Binds the query variable ``?name``.
    description : str
        What to give, as the header says it (without the kind).
    kind : {"string", "iri", "integer"}
        How the value given as text becomes an RDF term.
    optional : bool
        Whether the query runs without it ("any").
    """

    name: str
    description: str
    kind: Kind = "string"
    optional: bool = False


@dataclass(frozen=True)
class QuerySpec:
    """One query: its header, its SPARQL text and the file it came from."""

    name: str
    question_zh: str
    question_en: str
    params: list[Param]
    text: str
    path: Path

    def param(self, name: str) -> Param | None:
        """The declared parameter ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


@dataclass
class Rows:
    """The answer to a query: column names and rows of Python values.

    IRIs are ``str``; literals become ``int`` (xsd:integer and its subtypes),
    ``Decimal`` (xsd:decimal), ``float`` (xsd:double, xsd:float), ``bool``
    (xsd:boolean) or ``str`` (everything else, by its lexical form); unbound
    is ``None``.

    Examples
    --------
    >>> rows = Rows(["机关", "n"], [("市政府", 3), ("区司法局", 12)])
    >>> print(rows.to_table())
    机关     |  n
    ---------+---
    市政府   |  3
    区司法局 | 12
    >>> rows.to_json()
    '[{"机关": "市政府", "n": 3}, {"机关": "区司法局", "n": 12}]'
    """

    columns: list[str]
    rows: list[tuple[Value, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def records(self) -> list[dict[str, Value]]:
        """The rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[Value]:
        """The values of one column, in row order."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def to_csv(self) -> str:
        """CSV with a header line; unbound values are empty fields."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        """A JSON list of objects, one per row, with Chinese kept as is."""
        records = [{k: _json_value(v) for k, v in zip(self.columns, row)} for row in self.rows]
        return json.dumps(records, ensure_ascii=False)

    def to_table(self) -> str:
        """A plain text table; wide (CJK) characters count as two columns.

        Numbers are aligned right, everything else left; line breaks inside
        a value are shown as spaces.
        """
        cells = [[_cell(v) for v in row] for row in self.rows]
        widths = [_width(c) for c in self.columns]
        for row in cells:
            widths = [max(w, _width(c)) for w, c in zip(widths, row)]
        numeric = [bool(self.rows) and all(_is_number(row[i]) or row[i] is None for row in self.rows)
                   for i in range(len(self.columns))]

        def line(values: list[str]) -> str:
            parts = [_pad(v, w, right=r) for v, w, r in zip(values, widths, numeric)]
            return " | ".join(parts).rstrip()

        lines = [line(list(self.columns)), "-+-".join("-" * w for w in widths)]
        lines.extend(line(row) for row in cells)
        return "\n".join(lines)

    def to_dataframe(self):
        """A pandas DataFrame of the rows (pandas is imported only here)."""
        if importlib.util.find_spec("pandas") is None:
            raise QueryError("pandas is not installed")
        pandas = importlib.import_module("pandas")
        return pandas.DataFrame.from_records(self.rows, columns=self.columns)


def library() -> dict[str, QuerySpec]:
    """The bundled queries by name, sorted by name.

    Examples
    --------
    >>> len(library()) >= 12
    True
    """
    return dict(sorted(_library().items()))


def load_query(name_or_path: str | os.PathLike[str]) -> QuerySpec:
    """A query of the library by name, or a user's ``.rq`` file by path.

    A user's file may have the library's header; without one, its name is the
    file's stem and it takes no parameters.

    Parameters
    ----------
    name_or_path : str or os.PathLike
        A library name (``agencies-ranked``) or the path of a ``.rq`` file.

    Returns
    -------
    QuerySpec

    Raises
    ------
    QueryError
        An unknown name (with the close matches), a missing file, a file that
        does not parse, or a header that declares a parameter the query does
        not project.

    Examples
    --------
    >>> load_query("agencies-ranked").question_en
    'Which agencies performed the most actions?'
    >>> load_query("agencies-rankd")
    Traceback (most recent call last):
    ...
    govkg.queries.QueryError: unknown query 'agencies-rankd'; did you mean agencies-ranked?
    """
    queries = _library()
    if isinstance(name_or_path, str) and name_or_path in queries:
        return queries[name_or_path]
    path = Path(name_or_path)
    if path.is_file():
        return _load_file(path)
    text = os.fspath(name_or_path)
    if isinstance(name_or_path, os.PathLike) or text.endswith(".rq") or os.sep in text or "/" in text:
        raise QueryError(f"{text}: no such query file")
    close = difflib.get_close_matches(text, list(queries), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else f"the library has {', '.join(sorted(queries))}"
    raise QueryError(f"unknown query {text!r}; {hint}")


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
        An unknown or missing parameter, or a value of the wrong kind.

    Examples
    --------
    >>> from rdflib import Graph
    >>> run(Graph(), load_query("reports")).rows
    []
    """
    values = check_params(spec, params or {})
    if isinstance(target, ox.Store):
        return _run_oxigraph(target, spec, values)
    if isinstance(target, Graph):
        return _run_rdflib(target, spec, values)
    raise QueryError(f"cannot query a {type(target).__name__}; give a pyoxigraph.Store or an rdflib Graph")


# -- loading


@functools.cache
def _library() -> dict[str, QuerySpec]:
    # The bundled files are parsed by the test suite, not on every start.
    specs = [_load_file(path, check=False) for path in sorted(_DIR.glob("*.rq"))]
    return {spec.name: spec for spec in specs}


def _load_file(path: Path, *, check: bool = True) -> QuerySpec:
    text = path.read_text(encoding="utf-8-sig")
    header: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        match = _HEADER.fullmatch(stripped)
        if match is None:
            continue
        key, pname, value = match.group(1).lower(), match.group(2), match.group(3)
        if pname is None:
            header[re.sub(r"\s+", "", key)] = value
            continue
        if any(p.name == pname for p in params):
            raise QueryError(f"{path}: parameter {pname} is declared twice")
        params.append(_param(pname, value))
    if check:
        _check_parses(path, text)
        _check_projected(path, text, params)
    return QuerySpec(name=header.get("name") or path.stem, question_zh=header.get("question(zh)", ""),
                     question_en=header.get("question(en)", ""), params=params, text=text, path=path)


def _param(name: str, description: str) -> Param:
    kind: Kind = "string"
    suffix = _KIND_SUFFIX.search(description)
    if suffix:
        kind = _KINDS[suffix.group(1).lower()]  # type: ignore[assignment]
        description = description[: suffix.start()]
    return Param(name=name, description=description.strip(), kind=kind,
                 optional=bool(_OPTIONAL.match(description)))


def _check_parses(path: Path, text: str) -> None:
    # Both engines parse it: the same file must run on either.
    for parse in (lambda: ox.Store().query(text), lambda: _prepared(text)):
        try:
            parse()
        except Exception as error:  # noqa: BLE001 - each parser has its own error classes
            raise QueryError(f"{path}: does not parse: {_first_line(error)}") from error


@functools.lru_cache(maxsize=256)
def _prepared(text: str):
    return prepareQuery(text)


def _check_projected(path: Path, text: str, params: list[Param]) -> None:
    algebra = _prepared(text).algebra
    if algebra.name != "SelectQuery":
        if params:
            raise QueryError(f"{path}: parameters need a SELECT query")
        return
    projected = {str(v) for v in algebra.get("PV", [])}
    for p in params:
        if p.name not in projected:
            raise QueryError(f"{path}: parameter {p.name} is not in the SELECT projection (add ?{p.name})")


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


# -- parameters


def check_params(spec: QuerySpec, params: dict[str, str]) -> dict[str, tuple[Kind, str | int]]:
    """The values of ``params`` as the query takes them: name → (kind, value).

    Parameters
    ----------
    spec : QuerySpec
        The query.
    params : dict of str to str
        Parameter name to value, as a user types it.

    Returns
    -------
    dict
        Only plain values, so that they can go to another process; turn them
        into terms with `oxigraph_substitutions`.

    Raises
    ------
    QueryError
        An unknown or missing parameter, or a value of the wrong kind.

    Examples
    --------
    >>> check_params(load_query("policies-issued"), {"year": "2022"})
    {'year': ('integer', 2022)}
    """
    for name in params:
        if spec.param(name) is None:
            allowed = ", ".join(p.name for p in spec.params)
            hint = f"allowed: {allowed}" if allowed else "it takes no parameters"
            raise QueryError(f"{spec.name}: unknown parameter {name!r}; {hint}")
    values: dict[str, tuple[Kind, str | int]] = {}
    for p in spec.params:
        if p.name not in params:
            if not p.optional:
                raise QueryError(f"{spec.name}: missing required parameter {p.name!r} ({p.description})")
            continue
        raw = params[p.name]
        if p.kind == "integer":
            if not re.fullmatch(r"\s*[+-]?\d+\s*", raw):
                raise QueryError(f"{spec.name}: parameter {p.name!r} must be an integer, not {raw!r}")
            values[p.name] = ("integer", int(raw))
        elif p.kind == "iri":
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", raw):
                raise QueryError(f"{spec.name}: parameter {p.name!r} must be an absolute IRI, not {raw!r}")
            values[p.name] = ("iri", raw)
        else:
            values[p.name] = ("string", _choice(spec, p, raw))
    return values


def _choices(description: str) -> list[str]:
    """The values a parameter's description allows: "one of Completed, Ongoing, Planned".

    Examples
    --------
    >>> _choices("the status, one of Completed, Ongoing or Planned")
    ['Completed', 'Ongoing', 'Planned']
    >>> _choices("the goal's label")
    []
    """
    m = re.search(r"\bone of ([\w-]+(?:\s*(?:,|\bor\b)\s*[\w-]+)+)", description)
    return re.split(r"\s*(?:,|\bor\b)\s*", m.group(1)) if m else []


def _choice(spec: QuerySpec, p: Param, raw: str) -> str:
    """A value among the parameter's allowed ones, in any case (planned → Planned); else an error naming them."""
    allowed = _choices(p.description)
    if not allowed:
        return raw
    for value in allowed:
        if value.casefold() == raw.strip().casefold():
            return value
    raise QueryError(f"{spec.name}: parameter {p.name!r} must be one of {', '.join(allowed)}, not {raw!r}")


# -- running


def oxigraph_substitutions(values: dict[str, tuple[Kind, str | int]]) -> dict:
    """`check_params` values as pyoxigraph ``substitutions`` (Variable → term).

    Examples
    --------
    >>> oxigraph_substitutions({"year": ("integer", 2022)})
    {<Variable value=year>: <Literal value=2022 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>}
    """
    return {ox.Variable(name): _ox_term(kind, value) for name, (kind, value) in values.items()}


def _run_oxigraph(store: ox.Store, spec: QuerySpec, values) -> Rows:
    substitutions = oxigraph_substitutions(values)
    result = store.query(spec.text, use_default_graph_as_union=True, substitutions=substitutions or None)
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows = [tuple(_ox_value(solution[i]) for i in range(len(columns))) for solution in result]
        return Rows(columns, rows)
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


# -- formatting


def _json_value(value: Value):
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value


def _is_number(value: Value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _cell(value: Value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).splitlines())


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill

