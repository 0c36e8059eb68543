"""Questions answered by joining stored answers to a small SPARQL question: actions-feeding-goal.

Why: actions-feeding-goal over a whole chapter (a top-level goal of nine
provincial reports: 1,886 rows) read each contributor's links, kind and label
through RocksDB, about 15 µs a lookup, and sorted the rows on IRIs whose text
Oxigraph reads again for each comparison: 333 ms against the 88 ms the library
promises (50 ms + 0.02 ms a row). Its rows are two independent parts joined on
``?via_goal``:

- the goal's sub-goals (goal, report, goal IRI, depth, sub-goal, its outline
  number and label): a few lookups a sub-goal, asked of SPARQL here
  (`SUBTREE`, the question's own patterns for them: edit both together);
- each sub-goal's direct contributors (kind, node, label, link): the
  goal-contributions question, whose answer the build stores for each report
  (`govkg.queries.answers`) and which is read in one lookup a report.

The rows are then joined in the question's order (`_ordered`): the sub-goal
rows sorted on the question's sub-goal keys (SPARQL's order of terms,
`govkg.queries.tsv.sort_key`), each followed by its contributors in their
stored order, which is goal-contributions' ORDER BY and the rest of the
question's. The rows are the question's: its DISTINCT solutions are the pairs
of a distinct sub-goal row and a distinct contributor row of that sub-goal,
since the two parts share no variable but ``?via_goal``. The order is the
question's too: two rows tie on every ORDER BY key only if a sub-goal or a
contributor has two ``rdfs:label``\\s, which the writer never makes (a node's
IRI is made from its label); sub-goal rows that tie are sorted with their
contributors whole (`govkg.queries.answers._sorted_rows`). A
sub-goal's contributors are read from its report's stored answer, which holds
what the report's graph and the shared descriptions say: the same reading the
stored answers rest on (a report's nodes are described in its own graph). A
sub-goal of another report than its goal's, or of none, leaves the answer to
SPARQL.

Only the bundled text of the question is answered this way (a user's file
named the same but edited is asked as written), and only where every report the goal is
found in has its goal-contributions answer stored by the current text of that
question; otherwise SPARQL answers, with the same rows. tests/test_answers.py
compares both ways on every goal of the sample reports.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable

import pyoxigraph as ox

from .answers import _order_keys, _sorted_rows, stored_tsv
from .library import Kind, QuerySpec, library
from .tsv import parse_cell, sort_key

__all__ = ["composed_tsv", "SUBTREE"]

TSV = ox.QueryResultsFormat.TSV
_EMPTY = ox.Store()
#: Checked parameter values (`govkg.queries.params.check_params`).
Values = dict[str, tuple[Kind, str | int]]

#: The goal's sub-goals with the columns actions-feeding-goal gives them, and each sub-goal's report.
SUBTREE = """PREFIX gk: <https://w3id.org/govkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT DISTINCT ?goal ?report ?goal_iri ?depth ?via_goal ?via_outline ?via_label ?via_report
WHERE {
  ?goal_iri a gk:Goal ;
            rdfs:label|skos:altLabel ?goal ;
            gk:inReport ?report .
  ?via_goal gk:subGoalOf* ?goal_iri ;
            gk:goalDepth ?via_depth .
  ?goal_iri gk:goalDepth ?goal_depth .
  BIND(?via_depth - ?goal_depth AS ?depth)
  # the OPTIONALs last: joined after them, the depths were read for every goal of the store (10 ms against 3)
  OPTIONAL { ?via_goal gk:outlineNumber ?via_outline . }
  OPTIONAL { ?via_goal rdfs:label ?via_label . }
  OPTIONAL { ?via_goal gk:inReport ?via_report . }
}
"""
_QUESTION = "actions-feeding-goal"
_PARTS = "goal-contributions"
# The columns of each part that make a row of the question, in the question's projection order.
_GOAL_SIDE = ("goal", "report", "goal_iri", "depth", "via_goal", "via_outline", "via_label")
_CONTRIBUTOR_SIDE = ("kind", "node", "node_label", "link")


def composed_tsv(store: ox.Store, spec: QuerySpec, values: Values,
                 ask: Callable[[str, Values], ox.QuerySolutions]) -> str | None:
    """actions-feeding-goal's answer with checked parameter ``values`` as TSV results, or None (ask SPARQL).

    ``ask(text, opening)`` asks the store a query text on the question's dataset, every parameter
    substituted and those of ``opening`` opening the pattern as a VALUES row (`govkg.queries.engines`).

    Examples
    --------
    >>> composed_tsv(ox.Store(), library()["goal-tree"], {}, None) is None  # not a composed question
    True
    >>> ask = lambda text, opening: ox.Store().query(text)
    >>> print(composed_tsv(ox.Store(), library()["actions-feeding-goal"], {"goal": ("string", "x")}, ask), end="")
    ?goal	?report	?goal_iri	?depth	?via_goal	?via_outline	?via_label	?kind	?node	?node_label	?link
    """
    bundled = library().get(_QUESTION)
    if spec.name != _QUESTION or bundled is None or spec.text != bundled.text \
            or _columns(spec.text) != [*_GOAL_SIDE, *_CONTRIBUTOR_SIDE]:
        return None
    header, goals = _sub_goals(values, ask)
    if any(row["via_report"] != row["report"] for row in goals):
        return None  # a sub-goal whose contributors its goal's report may not hold
    wanted = {row["via_goal"] for row in goals}
    contributors: dict[str, dict[tuple[str, ...], None]] = {}
    for report in sorted({row["report"] for row in goals}):
        table = stored_tsv(store, library()[_PARTS], {"report": ("iri", parse_cell(report)[1])})
        if table is None:
            return None
        _read_contributors(table, wanted, contributors)
    keys = _order_keys(spec.text)
    goals, in_order = _ordered(goals, keys)
    rows = ["\t".join([*(goal[c] for c in _GOAL_SIDE), *contributor])
            for goal in goals for contributor in contributors.get(goal["via_goal"], ())]
    if not in_order:
        rows = _sorted_rows(header, rows, keys)
    return "".join(f"{line}\n" for line in [header, *rows])


def _ordered(goals: list[dict[str, str]], keys: list[tuple[str, bool]]) -> tuple[list[dict[str, str]], bool]:
    """The sub-goal rows sorted, and whether each one's contributors in their stored order then make the rows
    in the question's order.

    They do when the question orders by sub-goal columns first, then by the contributor columns that
    goal-contributions orders a goal's rows by (its stored answer is in that order), all ascending, and no
    two sub-goal rows tie on the sub-goal keys (a sub-goal with two labels): then sorting the joined rows
    would keep each sub-goal's rows together, in their stored order. Otherwise the rows are sorted whole.
    """
    goal_keys = [name for name, _ in itertools.takewhile(lambda key: key[0] in _GOAL_SIDE, keys)]
    rest = keys[len(goal_keys):]
    goals = sorted(goals, key=lambda row: "\t".join(row.values()))  # ties, where sorted whole, in one order
    goals.sort(key=lambda row: tuple(sort_key(row[name]) for name in goal_keys))
    tied = any(all(a[name] == b[name] for name in goal_keys) for a, b in zip(goals, goals[1:]))
    stored = _order_keys(library()[_PARTS].text)
    return goals, (not tied and not any(descending for _, descending in keys)
                   and stored == [("report", False), ("goal", False), *rest])


@functools.cache
def _columns(text: str) -> list[str]:
    """The variables a query text projects, in order (Oxigraph's answer on an empty store)."""
    return [variable.value for variable in _EMPTY.query(text).variables]


def _sub_goals(values: Values, ask: Callable[[str, Values], ox.QuerySolutions]) -> tuple[str, list[dict[str, str]]]:
    """The question's TSV header, and `SUBTREE`'s rows as column → TSV cell."""
    # Only the goal opens the pattern as a VALUES row: the report too made Oxigraph start from every node of
    # the report (gk:inReport) instead of the goal's label (40 ms against 0.2); the report is still bound, by
    # substitution.
    result = ask(SUBTREE, {"goal": values["goal"]})
    head, *lines = result.serialize(format=TSV).decode("utf-8").split("\n")[:-1]
    names = [name[1:] for name in head.split("\t")]
    header = "\t".join(f"?{name}" for name in (*_GOAL_SIDE, *_CONTRIBUTOR_SIDE))
    return header, [dict(zip(names, line.split("\t"))) for line in lines]


def _read_contributors(table: str, wanted: set[str], into: dict[str, dict[tuple[str, ...], None]]) -> None:
    """goal-contributions' rows of the ``wanted`` goals (TSV cells), from its TSV answer for one report: goal
    cell → the contributor cells of each row, each once (a goal with two labels has each twice), in the
    answer's order."""
    head, _, body = table.partition("\n")
    names = [name[1:] for name in head.split("\t")]
    if names[:2] != ["report", "goal"]:
        raise ValueError(f"goal-contributions' first columns are not ?report ?goal: {head!r}")
    picked = operator.itemgetter(*(names.index(c) for c in _CONTRIBUTOR_SIDE))
    lines = body.split("\n")[:-1]  # split on line breaks only: a literal may hold U+2028
    # One report's answer: every row opens with the same report cell, then its goal's, and a goal's rows come
    # together (the answer is ordered by goal); so a row is tested only when it opens otherwise than the row
    # before, and only the rows of a wanted goal are split (a report's answer holds every goal's rows).
    start = lines[0].index("\t") + 1 if lines else 0
    opening, block = "\t", None
    for line in lines:
        if not line.startswith(opening):
            end = line.index("\t", start)
            opening, goal = line[:end + 1], line[start:end]
            block = into.setdefault(goal, {}) if goal in wanted else None
        if block is not None:
            block[picked(line.split("\t"))] = None
