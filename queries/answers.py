"""Stored answers: a library question's answer for each report, kept at build time.

Why: Oxigraph reads a whole-store question triple by triple through RocksDB,
about 15 µs a lookup, so a question whose answer has 50,000 rows cannot
come back in the 50 ms + 0.02 ms a row the library promises by scanning
(benchmarks/queries.py). But most questions are *per report*: given a
report they read only its graph and the shared descriptions (``# scope:
report``), and over the whole store their answer is the reports' answers
one after the other. So the build asks each such question of each report
once, on the report's own graph in memory (a few ms, in the worker that
extracted it: `govkg.queries.precompute`), and the store keeps the answer beside the report, written in
the same transaction (graph/store.py), removed with it. A question then
reads one stored answer (one report) or one per report (the whole store)
instead of the triples.

A question is stored when its header says ``# scope: report``, it has a
``report`` parameter, and each other parameter is optional or one of a few
values (actions-by-status's status: one stored answer a value). It is
answered from storage when every parameter it is given besides ``report``
is one of those values, the report (or, for a question whose header says
``# rows: per report``, every report of the store) has its answer, and each
was made by the same text of the question (its version line); otherwise by
SPARQL, with the same result. Without ``# rows: per report`` (agencies-ranked
counts an agency's actions across reports) only a report's own answer is read.

The answers are the same as the union's because a stored question reads only
its report's nodes and the shared nodes' descriptions, and a shared node's
description (type, label) is the same in every report that names it: its IRI
is made from its label (docs/model.md "Instance IRIs"). tests/test_answers.py
checks every stored question against SPARQL on the sample store.

Layout: graph ``id/derived/answers/<question>[/<param>/<value>]`` holds
``<report> gk:storedAnswer "<version>\\n<TSV>"``, the SPARQL results in TSV
(terms in N-Triples syntax: nothing of an IRI, a datatype or a language is
lost).
"""

from __future__ import annotations

import functools
import hashlib
import re
from itertools import product
from urllib.parse import quote

import pyoxigraph as ox

from ..graph.shared import ANSWERS_PREFIX, FOLLOW_THROUGH_ANSWERS, TARGET_RESULTS_ANSWERS, is_report_graph
from ..ontology.namespace import GK
from .library import Kind, QuerySpec, library
from .params import _choices
from .tsv import XSD, parse_cell, sort_key

__all__ = ["is_stored", "variants", "answers_graph", "version", "stored_tsv"]

_STORED_ANSWER = ox.NamedNode(str(GK.storedAnswer))
TSV = ox.QueryResultsFormat.TSV
# Bumped when the way answers are written changes, so that older stored answers are not read.
_FORMAT = "1"
_COUNTED = re.compile(r"\(\s*COUNT\s*\((?:[^()]|\([^()]*\))*\)\s+AS\s+\?(\w+)\s*\)", re.IGNORECASE)
_ORDER = re.compile(r"^\s*ORDER\s+BY\s+(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_KEY = re.compile(r"(ASC|DESC)\s*\(\s*\?(\w+)\s*\)|\?(\w+)", re.IGNORECASE)


def is_stored(spec: QuerySpec) -> bool:
    """Whether the build keeps ``spec``'s answer for each report.

    Examples
    --------
    >>> is_stored(library()["goal-tree"]), is_stored(library()["text-search"])
    (True, False)
    """
    if spec.param("report") is None or not (spec.scope == "report" or spec.derived):
        return False
    return all(p.optional or _choices(p.description) for p in spec.params if p.name != "report")


def variants(spec: QuerySpec) -> list[dict[str, str]]:
    """The parameter values (``report`` apart) each report's answer is stored for: one a choice.

    Examples
    --------
    >>> variants(library()["actions-by-status"])
    [{'status': 'Completed'}, {'status': 'Ongoing'}, {'status': 'Planned'}]
    >>> variants(library()["goal-tree"])
    [{}]
    """
    enumerated = [p for p in spec.params if p.name != "report" and not p.optional]
    choices = [_choices(p.description) for p in enumerated]
    return [dict(zip((p.name for p in enumerated), values)) for values in product(*choices)]


def answers_graph(spec: QuerySpec, variant: dict[str, str]) -> str:
    """The graph holding the reports' answers to ``spec`` asked with ``variant``.

    Examples
    --------
    >>> answers_graph(library()["actions-by-status"], {"status": "Planned"}).rsplit("/derived/", 1)[1]
    'answers/actions-by-status/status/Planned'
    """
    steps = "".join(f"/{quote(name, safe='')}/{quote(str(value), safe='')}" for name, value in sorted(variant.items()))
    prefix = {"follow-through": FOLLOW_THROUGH_ANSWERS, "target-results": TARGET_RESULTS_ANSWERS}.get(spec.derived,
                                                                                                  ANSWERS_PREFIX)
    return f"{prefix}{quote(spec.name, safe='')}{steps}"


def version(spec: QuerySpec) -> str:
    """A digest of the question's text: a stored answer made by another text is not read.

    Examples
    --------
    >>> len(version(library()["goal-tree"]))
    16
    """
    return _digest(spec.text)


@functools.lru_cache(maxsize=256)
def _digest(text: str) -> str:
    # cached: a question composed of stored answers checks one a report it reads (queries/composed.py)
    return hashlib.sha256(f"{_FORMAT}\n{text}".encode("utf-8")).hexdigest()[:16]


def stored_tsv(store: ox.Store, spec: QuerySpec, values: dict[str, tuple[Kind, str | int]]) -> str | None:
    """``spec``'s answer with checked parameter ``values``, read from the stored answers, as TSV results.

    Returns
    -------
    str or None
        None when the answer is not stored for every report it covers (then ask SPARQL).

    Examples
    --------
    >>> stored_tsv(ox.Store(), library()["goal-tree"], {}) is None  # no report stored
    True
    >>> stored_tsv(ox.Store(), library()["text-search"], {"text": ("string", "x")}) is None
    True
    """
    if not is_stored(spec):
        return None
    variant = {name: str(value) for name, (_, value) in values.items() if name != "report" and name not in spec.filters}
    if variant not in variants(spec):
        return None
    filters = {name: value for name, value in values.items() if name in spec.filters}
    graph = ox.NamedNode(answers_graph(spec, variant))
    if "report" in values:
        reports = [str(values["report"][1])]
        found = {q.object.value for q in store.quads_for_pattern(ox.NamedNode(reports[0]), _STORED_ANSWER, None, graph)}
        tables = {reports[0]: found.pop()} if len(found) == 1 else {}
    elif spec.rows:
        reports = sorted(g.value for g in store.named_graphs() if is_report_graph(g.value))
        tables = {q.subject.value: q.object.value for q in store.quads_for_pattern(None, _STORED_ANSWER, None, graph)}
    else:
        return None
    if set(tables) != set(reports):
        return None
    chosen = [tables[r] for r in reports]
    if filters:  # each report's rows filtered first: merging and sorting then see only the rows kept
        chosen = [_stamped_filtered(spec, table, filters) for table in chosen]
    return _combined(spec, chosen, whole="report" not in values)


def _stamped_filtered(spec: QuerySpec, table: str, filters: dict[str, tuple[Kind, str | int]]) -> str:
    """A stored table (its version line, then TSV) with only the rows the filters keep."""
    stamp, _, tsv = table.partition("\n")
    if not tsv:
        return table
    return stamp + "\n" + _filtered(spec, tsv, filters)


def _filtered(spec: QuerySpec, answer: str, filters: dict[str, tuple[Kind, str | int]]) -> str:
    """The rows of ``answer`` that the question's ``# filter`` parameters keep, each parameter's own
    column showing its value, as SPARQL shows a bound variable.

    Examples
    --------
    >>> spec = library()["target-results"]
    >>> head = "\\t".join(f"?{n}" for n in ("metric", "target_metric"))
    >>> _filtered(spec, head + '\\n\\t"地区生产总值"\\n\\t"粮食产量"\\n', {"metric": ("string", "生产总值")}).splitlines()[1:]
    ['"生产总值"\\t"地区生产总值"']
    """
    header, *rows = answer.split("\n")[:-1]
    names = [name[1:] for name in header.split("\t")]
    kept = []
    for row in rows:
        cells = row.split("\t")
        if all(_passes(spec.filters[name][0], cells[names.index(spec.filters[name][1])], kind, value)
               for name, (kind, value) in filters.items()):
            for name, (kind, value) in filters.items():
                if name in names:
                    cells[names.index(name)] = _tsv_term(kind, value)
            kept.append("\t".join(cells))
    return "".join(f"{line}\n" for line in [header, *kept])


def _passes(test: str, cell: str, kind: Kind, value: str | int) -> bool:
    """SPARQL's verdict on one cell: ``COALESCE(CONTAINS(?column, v), true)`` or ``?column = v``."""
    what, lexical, datatype = parse_cell(cell)
    if test == "contains":  # an error (no string in the cell) leaves the row in, as COALESCE does
        string = what == "literal" and (datatype == XSD_STRING or datatype.startswith("@"))
        return not string or str(value) in lexical
    if kind == "integer":
        return what == "literal" and datatype in _NUMERIC and _number(lexical) == int(value)
    return what == "literal" and datatype == XSD_STRING and lexical == str(value)


XSD_STRING = XSD + "string"
_NUMERIC = frozenset(XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                                       "nonNegativeInteger", "positiveInteger", "gYear"))


def _number(lexical: str) -> float | None:
    try:
        return float(lexical)
    except ValueError:
        return None


def _tsv_term(kind: Kind, value: str | int) -> str:
    """``value`` as SPARQL TSV writes the term a parameter binds."""
    if kind == "integer":
        return str(int(value))
    if kind == "iri":
        return f"<{value}>"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") \
        .replace("\t", "\\t")
    return f'"{escaped}"'


def _combined(spec: QuerySpec, tables: list[str], *, whole: bool) -> str | None:
    """One TSV answer from the reports' stored ones (given in report IRI order); ``whole``: over all reports."""
    expected = version(spec)
    header, bodies = None, []
    for table in tables:
        stamp, _, tsv = table.partition("\n")
        head, _, body = tsv.partition("\n")
        if stamp != expected or (header is not None and head != header):
            return None
        header = head
        bodies.append(body)
    if header is None:  # no report: SPARQL finds the columns at once
        return None
    keys = _order_keys(spec.text)
    summed = whole and spec.rows == "summed over reports"
    if not summed and (len(tables) == 1 or keys[:1] == [("report", False)]):
        return header + "\n" + "".join(bodies)  # each body ends with a line break
    # split on line breaks only: a literal may hold U+2028 and the like, which TSV leaves as they are
    rows = [row for body in bodies for row in body.split("\n")[:-1]]
    if summed:
        rows = _summed(header, rows, _COUNTED.findall(spec.text))
    rows = _sorted_rows(header, rows, keys)
    return "".join(f"{line}\n" for line in [header, *rows])


def _summed(header: str, rows: list[str], counts: list[str]) -> list[str]:
    """Rows equal but for ``?report`` as one row, ``?report`` unbound, their ``counts`` columns added up.

    Examples
    --------
    >>> _summed("?report\\t?agency\\t?actions", ["<urn:r1>\\t<urn:a>\\t2", "<urn:r2>\\t<urn:a>\\t3"], ["actions"])
    ['\\t<urn:a>\\t5']
    """
    names = [name[1:] for name in header.split("\t")]
    totals: dict[tuple[str, ...], list[int]] = {}
    for row in rows:
        cells = row.split("\t")
        key = tuple("" if n == "report" or n in counts else c for n, c in zip(names, cells))
        added = [int(c or 0) for n, c in zip(names, cells) if n in counts]
        totals[key] = [a + b for a, b in zip(totals.get(key, [0] * len(added)), added)]
    out = []
    for key, sums in totals.items():
        it = iter(sums)
        out.append("\t".join(str(next(it)) if n in counts else c for n, c in zip(names, key)))
    return out


def _order_keys(text: str) -> list[tuple[str, bool]]:
    """The question's ORDER BY as (variable, descending) pairs.

    Examples
    --------
    >>> _order_keys("SELECT * WHERE {}\\nORDER BY DESC(?actions) ?agency_label")
    [('actions', True), ('agency_label', False)]
    """
    found = _ORDER.findall(text)
    if not found:
        return []
    return [(m.group(2), m.group(1).upper() == "DESC") if m.group(2) else (m.group(3), False)
            for m in _KEY.finditer(found[-1])]


def _sorted_rows(header: str, rows: list[str], keys: list[tuple[str, bool]]) -> list[str]:
    """``rows`` in SPARQL's ORDER BY order (`govkg.queries.tsv.sort_key`)."""
    names = [name[1:] for name in header.split("\t")]
    cells = [row.split("\t") for row in rows]
    order = list(range(len(rows)))
    key = functools.cache(sort_key)  # a column repeats its cells
    for name, descending in reversed(keys):  # stable sorts, least significant key first
        column = names.index(name)
        order.sort(key=lambda i, column=column: key(cells[i][column]), reverse=descending)
    return [rows[i] for i in order]
