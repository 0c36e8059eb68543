"""govkg.queries: a library of SPARQL questions over the govkg graph.

Each question is one ``.rq`` file in this folder. A file opens with a header
comment that states the question and its parameters::

    # name: actions-feeding-goal
    # question (zh): 哪些行动、项目和政策服务于某个目标(含其子目标)?
    # question (en): Which actions, programs and policies feed a goal, transitively through its sub-goals?
    # param goal: the goal's label or altLabel, e.g. 调整优化政府职能 (xsd:string)
    # param report: optional; the report IRI to restrict to (IRI)

A header line ``# scope: report`` says that, given a ``report``, the question
needs nothing but that report's graph and the shared descriptions of the
agencies, places and metrics it names (docs/model.md "The store: shared
descriptions"): a store then reads only those two graphs, not the union of
every report's. A line ``# rows: per report`` says that without a ``report``
the answer is each report's answer in turn (no row counts across reports):
the build then stores each report's answer and the question reads those
(`govkg.queries.answers`; actions-feeding-goal joins goal-contributions' to
the goal's sub-goals: `govkg.queries.composed`); ``# rows: summed over reports`` adds up the COUNT
columns of rows equal but for the report instead. ``# derived: follow-through``
says the question reads the derived follow-through graph too: its stored
answers are made after the plans are judged; ``# derived: target-results``
says it reads the target-result pairs graph/targets.py derives. Further ``#`` lines in the header are notes for the reader.  A parameter's
description ends with its kind in parentheses: ``(xsd:string)`` (the default
when none is given), ``(IRI)`` or ``(xsd:integer)``; a description that
starts with ``optional`` makes the parameter optional.

Parameters
----------
A parameter ``x`` binds the variable ``?x`` of the query as a term, never
spliced in as text: pyoxigraph gets it as a substitution (SEP-0007) and as a
``VALUES`` row opening the query's pattern (so that Oxigraph plans from it),
rdflib as ``initBindings``.  Its value is a plain ``xsd:string`` literal, a named node
for ``(IRI)`` parameters, or an ``xsd:integer`` literal for ``(xsd:integer)``
ones.  An optional parameter left out stays unbound, which means "any".

The two engines agree on such bindings only within these rules, which every
query here follows and a user's own query should too:

- the variable of each parameter is in the ``SELECT`` projection (`load_query`
  checks this), so it comes back as a column that echoes the value given;
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

from ..errors import QueryError
from .engines import oxigraph_substitutions, run
from .library import Param, QuerySpec, library, load_query
from .params import check_params
from .table import Rows

__all__ = ["QueryError", "Param", "QuerySpec", "Rows", "library", "load_query", "run", "check_params",
           "oxigraph_substitutions"]
