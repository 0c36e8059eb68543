"""Shared nodes described once: what a report says of an agency, place or metric, split from its description.

An agency, place, region, policy, program or metric is one IRI in every
report that names it. Its description (type, labels, code, the place it is
in) is kept once, in the named graph `SHARED_GRAPH`; the report's own graph
keeps what the report says about it (evidence, actions, numbers) and one
bookkeeping triple, ``<node> gk:describedAs "…"``, whose literal is the
description this report gives (its predicate-object pairs in N-Triples, one
a line). The shared graph is always the union of those literals, so:

- replacing or removing a report removes exactly the description lines no
  other report gives (a node no report uses any more goes away);
- a report's own graph plus its literals, expanded, is the report as the
  extractor made it: exports and pushes stand alone;
- the same reports give the same shared graph whatever the order of builds.

docs/model.md "The store: shared descriptions" gives the trade-offs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib.namespace import RDF, RDFS, SKOS

from ..ontology.namespace import GK, ID

__all__ = ["SHARED_GRAPH", "DERIVED_PREFIX", "ANSWERS_PREFIX", "FOLLOW_THROUGH_ANSWERS", "TARGET_RESULTS_ANSWERS", "SHARED_KINDS", "DESCRIPTIVE", "Split", "split_descriptions", "expand",
           "is_report_graph"]

#: The named graph holding each shared node's description once.
SHARED_GRAPH = str(ID["shared"])
#: Graphs under this prefix are derived from the reports (graph/plans.py), not reports.
DERIVED_PREFIX = str(ID["derived/"])
#: Graphs under this prefix hold each report's stored answers to library questions (queries/answers.py).
ANSWERS_PREFIX = DERIVED_PREFIX + "answers/"
#: Stored answers of questions that read the follow-through graph too: graph/plans.py deletes a report's
#: whenever it judges the report's plans again, so none outlives the judgements it was made from.
FOLLOW_THROUGH_ANSWERS = ANSWERS_PREFIX + "follow-through/"
#: Stored answers of questions that read the target-result pairs too: graph/targets.py deletes a report's
#: whenever it pairs the report's targets again.
TARGET_RESULTS_ANSWERS = ANSWERS_PREFIX + "target-results/"
#: IRIs of nodes that several reports share, by kind (docs/model.md "Instance IRIs").
SHARED_KINDS = tuple(str(ID[k]) for k in ("agency/", "place/", "region/", "policy/", "program/", "metric/"))
#: The predicates of a shared node's description; every other triple about it is the report's.
DESCRIPTIVE = frozenset(f"<{p}>" for p in (RDF.type, RDFS.label, SKOS.altLabel, GK.divisionCode,
                                            GK.within, GK.inPlace))
_MARKER = f"<{GK.describedAs}>"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


@dataclass
class Split:
    """A report's N-Triples split into its own lines and its shared nodes' descriptions."""

    own: list[str] = field(default_factory=list)
    #: node IRI (N-Triples form, ``<…>``) → its description lines' "predicate object" parts
    descriptions: dict[str, set[str]] = field(default_factory=dict)

    def report_lines(self) -> list[str]:
        """The lines of the report's graph: its own and one gk:describedAs line a described node."""
        return sorted(self.own + [marker_line(node, pos) for node, pos in self.descriptions.items()])

    def shared_lines(self) -> list[str]:
        """The description lines this report gives, for the shared graph."""
        return sorted(f"{node} {po} .\n" for node, pos in self.descriptions.items() for po in pos)


def split_descriptions(ntriples: str) -> Split:
    """Split N-Triples (one triple a line, as govkg writes them) into own lines and descriptions.

    Examples
    --------
    >>> data = ('<https://w3id.org/govkg/id/agency/a> <http://www.w3.org/2000/01/rdf-schema#label> "甲" .\\n'
    ...         '<https://w3id.org/govkg/id/agency/a> <https://w3id.org/govkg/def#evidence> <urn:s> .\\n')
    >>> s = split_descriptions(data)
    >>> s.own
    ['<https://w3id.org/govkg/id/agency/a> <https://w3id.org/govkg/def#evidence> <urn:s> .\\n']
    >>> s.descriptions
    {'<https://w3id.org/govkg/id/agency/a>': {'<http://www.w3.org/2000/01/rdf-schema#label> "甲"'}}
    """
    out = Split()
    for line in ntriples.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        subject, _, rest = line.partition(" ")
        predicate = rest[:rest.find(" ")]
        if subject[1:].startswith(SHARED_KINDS) and predicate in DESCRIPTIVE:
            out.descriptions.setdefault(subject, set()).add(rest[:-2].rstrip() if rest.endswith(" .") else rest)
        else:
            out.own.append(line + "\n")
    return out


def marker_line(node: str, pos: set[str]) -> str:
    """The ``gk:describedAs`` line recording the description ``pos`` a report gives of ``node``."""
    return f'{node} {_MARKER} "{chr(10).join(sorted(pos)).translate(_ESCAPES)}" .\n'


def marker_lines(value: str) -> set[str]:
    """The "predicate object" parts recorded in a gk:describedAs literal's value."""
    return {line for line in value.split("\n") if line}


def expand(node: str, value: str) -> list[str]:
    """The N-Triples lines of the description a gk:describedAs literal records for ``node`` (``<…>``)."""
    return [f"{node} {po} .\n" for po in sorted(marker_lines(value))]


def is_report_graph(name: str) -> bool:
    """Whether the named graph ``name`` holds a report (not the shared descriptions, not a derived graph)."""
    return name != SHARED_GRAPH and not name.startswith(DERIVED_PREFIX)
