"""The query library: reading ``.rq`` files and their headers.

Each bundled question is one ``.rq`` file in this folder whose header comment
states the question and its parameters (see the package docstring);
`load_query` also reads a user's own file.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as KindLiteral

import pyoxigraph as ox
from rdflib.plugins.sparql import prepareQuery

from ..errors import QueryError

__all__ = ["Kind", "Param", "QuerySpec", "library", "load_query"]

Kind = KindLiteral["string", "iri", "integer"]

_DIR = Path(__file__).resolve().parent
_KINDS = {"xsd:string": "string", "iri": "iri", "xsd:integer": "integer"}
_HEADER = re.compile(r"#\s*(name|scope|rows|derived|question\s*\((?:zh|en)\)|param\s+(\w+)|filter\s+(\w+))\s*:\s*(.*?)\s*$",
                     re.IGNORECASE)
#: ``# filter NAME: contains ?column`` / ``equals ?column``: what the optional parameter NAME does to the
#: answer, row by row, so that a stored answer asked with it is the stored rows that pass (queries/answers.py).
_FILTER = re.compile(r"(contains|equals)\s+\?(\w+)", re.IGNORECASE)
_KIND_SUFFIX = re.compile(r"\s*\((xsd:string|IRI|xsd:integer)\)\s*$", re.IGNORECASE)
_OPTIONAL = re.compile(r"^optional\b", re.IGNORECASE)
#: ``# rows:`` values. "per report": the answer over all reports is each report's rows in the ORDER BY's
#: order (no row counts across reports). "summed over reports": rows equal but for ``?report`` are one row
#: whose COUNT columns add up (what each report counts is its own: its actions, itself).
ROWS = ("per report", "summed over reports")
#: ``# derived:`` values: the derived graph a question reads besides the reports (graph/plans.py, graph/targets.py).
DERIVED = ("follow-through", "target-results")


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
    #: "report": given a ``report``, the question reads that report's graph and the shared graph only
    scope: str = "union"
    #: How the answer without a ``report`` is made of the reports' answers (`ROWS`); queries/answers.py
    #: then reads it from the stored answers. "" when it is not.
    rows: str = ""
    #: "follow-through" / "target-results": the question reads that derived graph (graph/plans.py,
    #: graph/targets.py) as well
    derived: str = ""
    #: Optional parameters that keep rows by one column's value (``# filter``): name → (test, column),
    #: test "contains" (CONTAINS(?column, ?name)) or "equals" (?column = ?name).
    filters: dict[str, tuple[str, str]] = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        """The declared parameter ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


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
    govkg.errors.QueryError: unknown query 'agencies-rankd'; did you mean agencies-ranked?
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


@functools.cache
def _library() -> dict[str, QuerySpec]:
    # The bundled files are parsed by the test suite, not on every start.
    specs = [_load_file(path, check=False) for path in sorted(_DIR.glob("*.rq"))]
    return {spec.name: spec for spec in specs}


def _load_file(path: Path, *, check: bool = True) -> QuerySpec:
    text = path.read_text(encoding="utf-8-sig")
    header: dict[str, str] = {}
    params: list[Param] = []
    filters: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        match = _HEADER.fullmatch(stripped)
        if match is None:
            continue
        key, pname, fname, value = match.group(1).lower(), match.group(2), match.group(3), match.group(4)
        if fname is not None:
            test = _FILTER.fullmatch(value)
            if test is None:
                raise QueryError(f"{path}: filter {fname} must be 'contains ?column' or 'equals ?column', not {value!r}")
            filters[fname] = (test.group(1).lower(), test.group(2))
            continue
        if pname is None:
            header[re.sub(r"\s+", "", key)] = value
            continue
        if any(p.name == pname for p in params):
            raise QueryError(f"{path}: parameter {pname} is declared twice")
        params.append(_param(pname, value))
    if header.get("scope", "union") not in ("union", "report"):
        raise QueryError(f"{path}: scope must be union or report, not {header['scope']!r}")
    if header.get("rows", "per report") not in ROWS:
        raise QueryError(f"{path}: rows must be one of {', '.join(ROWS)}, not {header['rows']!r}")
    if header.get("derived", "follow-through") not in DERIVED:
        raise QueryError(f"{path}: derived must be one of {', '.join(DERIVED)}, not {header['derived']!r}")
    if any(p.name not in filters or not p.optional for p in params if p.name in filters) \
            or set(filters) - {p.name for p in params}:
        raise QueryError(f"{path}: a filter must name an optional parameter the header declares")
    if check:
        _check_parses(path, text)
        _check_projected(path, text, params)
    return QuerySpec(name=header.get("name") or path.stem, question_zh=header.get("question(zh)", ""),
                     question_en=header.get("question(en)", ""), params=params, text=text, path=path,
                     scope=header.get("scope", "union"), rows=header.get("rows", ""),
                     derived=header.get("derived", ""), filters=filters)


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
