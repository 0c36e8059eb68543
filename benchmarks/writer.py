"""Measure the ways of writing report graphs into Oxigraph, on reports taken from a store.

Each way writes the same reports into a fresh store on disk:

- ``update``: one SPARQL update a report (DROP its graph; INSERT DATA), atomic;
  what a replacement needs;
- ``load``: ``Store.load`` of the report's N-Quads, atomic; what a new report
  gets (`KnowledgeStore` uses it when the report's graph does not exist);
- ``bulk_load``: Oxigraph's bulk loader, not transactional (a kill leaves a
  part), for comparison only.

    python benchmarks/writer.py --store S [--reports 40]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time

import pyoxigraph as ox


def _ways():
    def update(store, g, nt):
        store.update(f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{\n{nt}\n}} }}")

    def load(store, g, nt):
        store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(g))

    def bulk_load(store, g, nt):
        store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(g))

    return {"update": update, "load": load, "bulk_load": bulk_load}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--reports", type=int, default=40)
    args = ap.parse_args(argv)
    src = ox.Store.read_only(f"{args.store}/oxigraph")
    names = sorted(g.value for g in src.named_graphs() if "/report/" in g.value)[:args.reports]
    data = [(g, src.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)).decode()) for g in names]
    triples = sum(nt.count("\n") for _, nt in data)
    print(f"{len(data)} reports, {triples} triples")
    for name, write in _ways().items():
        store = ox.Store(tempfile.mkdtemp(prefix=f"writer-{name}-"))
        start = time.perf_counter()
        for g, nt in data:
            write(store, g, nt)
        store.flush()
        seconds = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name:10} {seconds:7.2f} s  {triples / seconds / 1000:6.1f}k triples/s  peak RSS so far {rss:.0f} MiB")


if __name__ == "__main__":
    main()
