"""Writing a store, or one report, out: in an RDF format, or as a network for Gephi (GraphML, GEXF)."""

from __future__ import annotations

import os
from pathlib import Path

from .formats import FORMATS, serialize
from .gephi import NETWORK_FORMATS, write_network
from .projection import to_networkx
from .store import StoreError, open_store

__all__ = ["EXPORT_FORMATS", "DEFAULT_EXPORT_FORMAT", "export"]

# RDF formats first, then the networks (which are written to a file only).
EXPORT_FORMATS = (*FORMATS, *NETWORK_FORMATS)
DEFAULT_EXPORT_FORMAT = "trig"
# Formats that keep each report in its named graph.
_QUAD_FORMATS = ("trig", "nquads")


def export(store_dir: str | os.PathLike, fmt: str = DEFAULT_EXPORT_FORMAT, *, report: str | None = None,
           output: str | os.PathLike | None = None) -> str | None:
    """Write the store, or one report, in `fmt`: to `output`, or returned as text.

    Parameters
    ----------
    store_dir : str or os.PathLike
        The store, opened read-only.
    fmt : str
        One of `EXPORT_FORMATS`: ``trig`` and ``nquads`` keep each report
        in its named graph; ``turtle``, ``ntriples`` and ``json-ld`` merge
        them; ``graphml`` and ``gexf`` write the NetworkX projection.
    report : str, optional
        The IRI of the one report to write; default: the whole store.
    output : str or os.PathLike, optional
        The file to write; required for ``graphml`` and ``gexf``.

    Returns
    -------
    str or None
        The text, when no `output` is given.

    Raises
    ------
    StoreError
        The store has no report `report`, or cannot be opened.
    ValueError
        An unknown format, or a network format without `output`.

    Examples
    --------
    >>> export("no-such-store")
    Traceback (most recent call last):
    ...
    govkg.graph.store.StoreError: no-such-store: does not exist
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt in NETWORK_FORMATS and output is None:
        raise ValueError(f"the {fmt} format is written to a file: give an output path")
    with open_store(store_dir) as kg:
        if report and report not in {r.iri for r in kg.reports()}:
            raise StoreError(f"{store_dir}: no report {report}")
        if fmt in NETWORK_FORMATS:
            write_network(to_networkx(kg.dataset(report)), output, fmt)
            return None
        if fmt in _QUAD_FORMATS:
            dataset = kg.dataset(report)
            data = "".join(serialize(g, fmt, name=g.identifier)
                           for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier)) if len(g))
        else:
            data = serialize(kg.graph(report), fmt)
    if output is None:
        return data
    Path(output).write_text(data, encoding="utf-8")
    return None
