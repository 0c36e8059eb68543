"""The bookkeeping every derived graph keeps: the model that made it and the reports it has still to take in.

A derived graph (``id/derived/...``) holds links computed from the reports
(graph/plans.py: follow-through; graph/targets.py: target-result pairs). Each
is refreshed by a build for the reports it changed, and each keeps, on the
graph's own IRI:

- ``owl:versionInfo``: the model that made it (code version and data), so a
  derivation by another model, or one stopped midway (the stamp is taken off
  while one runs), makes the graph again from nothing rather than mix two;
- ``gk:awaitsJudgement`` a report: a report a build is about to write and the
  graph has not taken in yet, recorded before the write, so a build killed
  between the write and the derivation leaves the record for the next build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..ontology.namespace import GK

__all__ = ["DerivedGraph"]

_VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
_AWAITS = ox.NamedNode(str(GK.awaitsJudgement))


@dataclass(frozen=True)
class DerivedGraph:
    """One derived graph's bookkeeping (see the module docstring).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> g = DerivedGraph("https://example.org/derived")
    >>> store = ox.Store()
    >>> g.holds(store), g.stamp(store)
    (False, None)
    >>> g.set_stamp(store, "model 1"); g.stamp(store), g.holds(store)
    ('model 1', True)
    """

    iri: str

    @property
    def node(self) -> ox.NamedNode:
        return ox.NamedNode(self.iri)

    def holds(self, store: ox.Store) -> bool:
        """Whether the graph holds anything."""
        return next(store.quads_for_pattern(None, None, None, self.node), None) is not None

    def stamp(self, store: ox.Store) -> str | None:
        """The model that made the graph (``owl:versionInfo``), None while a derivation runs or before one."""
        found = next(store.quads_for_pattern(self.node, _VERSION_INFO, None, self.node), None)
        return found.object.value if found is not None else None

    def set_stamp(self, store: ox.Store, stamp: str | None) -> None:
        """Name the model that made the graph; None takes the name off (a derivation is running)."""
        for quad in list(store.quads_for_pattern(self.node, _VERSION_INFO, None, self.node)):
            store.remove(quad)
        if stamp is not None:
            store.add(ox.Quad(self.node, _VERSION_INFO, ox.Literal(stamp), self.node))

    def note_changing(self, kg, reports: Iterable[str]) -> None:
        """Record, before they are written, that ``reports`` change (see `pending`)."""
        kg.store.extend([ox.Quad(self.node, _AWAITS, ox.NamedNode(r), self.node) for r in sorted(set(reports))])

    def pending(self, kg) -> list[str]:
        """The reports recorded as changing (`note_changing`) that no derivation has taken in since."""
        return sorted(q.object.value for q in kg.store.quads_for_pattern(self.node, _AWAITS, None, self.node))

    def clear_pending(self, store: ox.Store, reports: Iterable[str]) -> None:
        """Take off the records of reports a derivation has taken in."""
        for report in reports:
            store.remove(ox.Quad(self.node, _AWAITS, ox.NamedNode(report), self.node))
