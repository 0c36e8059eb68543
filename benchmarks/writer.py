"""Measure the ways of writing report graphs into Oxigraph.

With ``--store S``: raw pyoxigraph calls on reports taken from a store, each way
writing the same reports into a fresh store on disk:

- ``update``: one SPARQL update a report (DROP its graph; INSERT DATA), atomic;
  what a replacement needs;
- ``load``: ``Store.load`` of the report's N-Quads, atomic; what a new report
  gets (`KnowledgeStore` uses it when the report's graph does not exist);
- ``bulk_load``: Oxigraph's bulk loader, not transactional (a kill leaves a
  part), for comparison only.

With ``--outcomes FILE`` (recorded by ``benchmarks/build_profile.py --record FILE``):
govkg's own writer (`govkg.graph.build._Writer` over a `KnowledgeStore`) writes
the recorded reports, as ``govkg build`` does, once a transaction a report
(``transactional``) and once staged (``staged-B``: a staging database bulk-loaded
``B`` MB at a time, then switched to, graph/staging.py). Each way runs in its own
process, in turn (``--rounds``), so that its peak memory is its own and a busy
machine slows each alike. Printed: the writer's CPU seconds (all its threads,
RocksDB's included; reading the recording left out), wall seconds, the growth of
its peak RSS over the process before writing, the CPU seconds of the compaction
a build ends with, and a digest of every quad of the store (equal digests: the
same store).

    python benchmarks/writer.py --store S [--reports 40]
    python benchmarks/writer.py --outcomes /tmp/outcomes.pickle [--batches 4,16,64] [--rounds 2] [--index]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox


def _ways():
    def update(store, g, nt):
        store.update(f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{\n{nt}\n}} }}")

    def load(store, g, nt):
        store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(g))

    def bulk_load(store, g, nt):
        store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(g))

    return {"update": update, "load": load, "bulk_load": bulk_load}


def raw(store_dir: str, reports: int) -> None:
    """The three pyoxigraph calls on ``reports`` report graphs of the store at ``store_dir``."""
    from govkg.graph.store import open_store

    with open_store(store_dir) as kg:
        src = kg.store
        names = sorted(g.value for g in src.named_graphs() if "/report/" in g.value)[:reports]
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


def _outcomes(path: str):
    """The recorded outcomes the writer stores (status built), one at a time."""
    from build_profile import recording

    return (outcome for outcome, _ in recording(path) if outcome.status == "built")


def one_way(outcomes: str, batch_mb: float | None, index: bool) -> dict:
    """Write the recorded reports into a new store, staged in ``batch_mb`` MB batches (None: a transaction a
    report); what it cost."""
    from govkg.graph import build
    from govkg.graph.store import KnowledgeStore, open_store

    if not index:  # the text index is written alike either way: leave it out to see the database's part
        KnowledgeStore._index_documents = lambda self, docs: False
    build._STAGE_AFTER = 0 if batch_mb is not None else float("inf")
    build._BATCH = int((batch_mb or 16) * 2**20)
    folder = tempfile.mkdtemp(prefix="writer-outcomes-")
    summary = build.BuildSummary()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reading = 0.0
    rss: list[int] = []
    start = _rss_mb()
    with open_store(Path(folder) / "kg", writable=True) as kg:
        writer = build._Writer(kg, summary, None)
        unflushed, wall, cpu = 0, time.perf_counter(), time.process_time()
        it = _outcomes(outcomes)
        while True:
            t = time.process_time()
            o = next(it, None)
            reading += time.process_time() - t
            if o is None:
                break
            writer.done(writer.store(o))
            if len(summary.results) // 45 > len(rss):  # the resident memory after each quarter of the reports
                rss.append(_rss_mb() - start)
            unflushed += len(o.data)
            if unflushed > build._FLUSH_BYTES:  # as build_reports flushes
                kg.flush()
                unflushed = 0
        writer.finish()
        kg.flush()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu - reading
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = time.process_time()
        kg.optimize()
        compact = time.process_time() - t
        digest = hashlib.sha256("".join(sorted(str(kg.store).splitlines(keepends=True))).encode()).hexdigest()[:16]
        quads = len(kg.store)
        database = kg.database.name
    return {"way": f"staged-{batch_mb:g}" if batch_mb is not None else "transactional", "reports": len(summary.results),
            "triples": summary.triples, "quads": quads, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
            "peak_growth_mb": round(peak - before), "rss_growth_mb": rss, "compact_cpu_s": round(compact, 2), "digest": digest,
            "database": database}


def _rss_mb() -> int:
    """The process's resident memory now, in MB (Linux)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() // 2**20


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="raw pyoxigraph calls on this store's reports")
    ap.add_argument("--reports", type=int, default=40)
    ap.add_argument("--outcomes", help="govkg's writer on the outcomes build_profile.py --record kept")
    ap.add_argument("--batches", default="4,16,64", help="staged ways: bulk loader batches in MB")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--index", action="store_true", help="write the text index too")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # a way, run in this process (the child of --outcomes)
    args = ap.parse_args(argv)
    if args.one is not None:
        print(json.dumps(one_way(args.outcomes, None if args.one == "transactional" else float(args.one), args.index)))
        return
    if args.store:
        raw(args.store, args.reports)
    if not args.outcomes:
        return
    ways = ["transactional", *args.batches.split(",")]
    for round_ in range(args.rounds):
        for way in ways:
            out = subprocess.run([sys.executable, __file__, "--outcomes", args.outcomes, "--one", way,
                                  *(["--index"] if args.index else [])], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"round {round_ + 1} {r['way']:14} {r['reports']} reports {r['triples']} triples {r['quads']} quads: "
                  f"CPU {r['cpu_s']:6.1f} s, wall {r['wall_s']:6.1f} s, peak RSS +{r['peak_growth_mb']} MB "
                  f"(RSS along the way: +{', +'.join(map(str, r['rss_growth_mb']))} MB); "
                  f"compaction CPU {r['compact_cpu_s']:.1f} s; quads digest {r['digest']} ({r['database']})", flush=True)


if __name__ == "__main__":
    main()
