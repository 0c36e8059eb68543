"""Questions that look for a piece of text, answered through the store's text index (graph/textindex.py).

- **text-search** is answered from the index alone: the index gives each
  matching literal with its node, the node's gk: kinds and, for a shared
  node, the reports describing it, which are the rows the query's two UNION
  branches make; Oxigraph then applies the query's own projection, DISTINCT
  and ORDER BY to them (an empty store in memory, the rows as a VALUES block),
  so the rows and their order are the query's.
- **metric-observations** reads the metrics whose label contains the text
  from the index and asks SPARQL with those metrics as a VALUES block: the
  query still applies its FILTER, so the index only spares it reading every
  metric label of the store.

Only the bundled text of each question is answered this way (a user's file
named the same is asked as written), and only when the index holds the
document of every report the store holds (`textindex.current_documents`);
otherwise `oxigraph_query` asks SPARQL, with the same rows.
tests/test_textindex.py compares both ways.
"""

from __future__ import annotations

import re
import sqlite3

import pyoxigraph as ox

from ..graph.textindex import Match, TextIndex, current_documents, index_for
from .library import Kind, QuerySpec, library

__all__ = ["indexed_result"]

_SELECT = re.compile(r"^SELECT\b[^\n]*$", re.MULTILINE)
_ORDER = re.compile(r"^ORDER\s+BY\b[^\n]*$", re.MULTILINE)
_FORM = re.compile(r"^[ \t]*SELECT\b", re.MULTILINE)
_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_EMPTY = ox.Store()


def indexed_result(store: ox.Store, spec: QuerySpec, values: dict[str, tuple[Kind, str | int]],
                   query) -> ox.QuerySolutions | None:
    """``spec``'s answer through the text index, or None when the index cannot give it (ask SPARQL).

    ``query(text)`` asks the store a query text as `oxigraph_query` would (the parameters bound).

    Examples
    --------
    >>> indexed_result(ox.Store(), library()["text-search"], {"text": ("string", "法治")}, None) is None
    True
    """
    answer = _ANSWERS.get(spec.name)
    bundled = library().get(spec.name)
    if answer is None or bundled is None or bundled.text != spec.text:
        return None
    index = index_for(store)
    if index is None:
        return None
    try:
        docs = current_documents(store, index)
        if docs is None:
            return None
        return answer(index, docs, spec, values, query)
    except (sqlite3.Error, UnicodeError):
        return None  # an index that cannot be read (cut short, another program's file): SPARQL answers


def _text_search(index: TextIndex, docs: dict[str, int], spec: QuerySpec, values, query) -> ox.QuerySolutions:
    text = str(values["text"][1])
    report = str(values["report"][1]) if "report" in values else None
    matches = index.matches(text, docs, report=report)
    shared = {m.node for m in matches if m.shared}
    kinds = index.shared_kinds(shared, docs)
    describing = index.describing(shared, docs)
    searched = str(ox.Literal(text))
    rows = set()
    # a shared node's label once (each report describing the node gives it in its document)
    matches = {(m.node, m.field, m.value, m.lang) if m.shared else m: m for m in matches}.values()
    for m in matches:
        # a node's own label or sentence in its report's graph, or a shared node's label (in the shared graph)
        # in each report that describes it
        reports = describing.get(m.node, ()) if m.shared else [m.report]
        found = kinds.get(m.node, ()) if m.shared else m.kinds
        value = _term(m)
        for r in reports:
            if report is None or r == report:
                rows.update((r, kind, m.node, m.field, value) for kind in found)
    lines = " ".join(f"({searched} <{r}> {ox.Literal(k)} <{n}> {ox.Literal(f)} {v})" for r, k, n, f, v in rows)
    names = "?text ?report ?kind ?node ?field ?value"
    finished = (f"{_SELECT.search(spec.text).group(0)}\nWHERE {{ VALUES ({names}) {{ {lines} }} }}\n"
                f"{_ORDER.search(spec.text).group(0)}")
    return _EMPTY.query(finished)


def _metric_observations(index: TextIndex, docs: dict[str, int], spec: QuerySpec, values, query) -> ox.QuerySolutions:
    metrics = sorted({m.node for m in index.matches(str(values["metric"][1]), docs, fields={"label"})})
    block = f" VALUES ?metric_iri {{ {' '.join(f'<{m}>' for m in metrics)} }}\n"
    return query(_opening_with(spec.text, block))


def _opening_with(text: str, block: str) -> str:
    """``text`` with ``block`` at the start of its top-level pattern."""
    opening = _OPEN.search(text, _FORM.search(text).start())
    return text[:opening.end()] + block + text[opening.end():]


def _term(m: Match) -> str:
    return str(ox.Literal(m.value, language=m.lang) if m.lang else ox.Literal(m.value))


_ANSWERS = {"text-search": _text_search, "metric-observations": _metric_observations}
