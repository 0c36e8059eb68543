"""Time every library query on a store, through the Python API, against rdflib.

Each query runs twice: over the whole store (optional parameters left out)
and, where it takes one, for one report. The budget the issue sets is a
median under 50 ms plus 0.02 ms for each row returned.

    python benchmarks/queries.py --store S [--repeat 5] [--no-rdflib] [--no-stored] [--json out.json]

A question whose answers the build stored (govkg.queries.answers) is read
from them, as users get it, and actions-feeding-goal from goal-contributions'
(govkg.queries.composed); ``--no-stored`` asks SPARQL instead, to compare.
The last column says which way each answer came (stored, composed).
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import time

from govkg.graph.store import open_store
from govkg.queries import check_params, library, run
from govkg.queries.answers import stored_tsv

#: Values a user would type; the report is picked from the store (the largest provincial one), and the
#: goal is that report's first chapter heading.
PARAMS = {"status": "Planned", "agency": "国务院", "metric": "地区生产总值",
          "program": "乡村振兴", "year": "2025", "text": "营商环境"}


def pick_report(kg) -> str:
    reports = sorted(kg.reports(), key=lambda r: (-(r.triples or 0), r.iri))
    return next((r.iri for r in reports if r.jurisdiction and r.jurisdiction.endswith("省")), reports[0].iri)


def first_goal(kg, report: str) -> str:
    """The label of the report's first goal by outline number; two goals numbered alike (a lead numbered as
    its chapter) by label, so that every run asks the same goal (it was either, as the store had them)."""
    import pyoxigraph as ox

    rows = kg.store.query(
        f"SELECT ?label WHERE {{ GRAPH {ox.NamedNode(report)} {{ ?g <https://w3id.org/govkg/def#outlineNumber> ?n ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?n ?label LIMIT 1")
    return next(iter(rows))["label"].value


def plans(report: str, only: list[str] | None = None) -> list[tuple[str, dict]]:
    out = []
    for name, spec in sorted(library().items()):
        if only and name not in only:
            continue
        base = {p.name: PARAMS[p.name] for p in spec.params if not p.optional}
        out.append((name, base))
        if any(p.name == "report" for p in spec.params):
            out.append((name, {**base, "report": report}))
    return out


def timed(target, spec, params, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = len(run(target, spec, params))
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def answered_from(store, spec, values) -> str:
    """"stored" (the question's stored answers), "composed" (another's, joined: govkg.queries.composed) or ""."""
    from govkg.queries.engines import _asker, composed_tsv

    if stored_tsv(store, spec, values) is not None:
        return "stored"
    return "composed" if composed_tsv(store, spec, values, _asker(store, spec, values)) is not None else ""


class _Capped(Exception):
    pass


def capped(target, spec, params, cap: float) -> tuple[float | None, int]:
    """One rdflib run, given up after ``cap`` seconds (None: over the cap)."""
    def stop(signum, frame):
        raise _Capped()

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        return timed(target, spec, params, 1)
    except _Capped:
        return None, 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-rdflib", action="store_true", help="skip the rdflib comparison (slow)")
    ap.add_argument("--rdflib-cap", type=float, default=120.0, help="seconds before an rdflib run is given up")
    ap.add_argument("--no-stored", action="store_true", help="ask SPARQL even where answers are stored")
    ap.add_argument("--no-index", action="store_true", help="ask SPARQL even where the text index answers")
    ap.add_argument("--only", action="append", metavar="NAME", help="time only this question (repeatable)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if args.no_stored:
        import govkg.queries.engines as engines

        engines.stored_tsv = lambda *_: None
        engines.composed_tsv = lambda *_: None
    if args.no_index:
        import govkg.queries.engines as engines

        engines.indexed_result = lambda *_: None
    lib = library()
    results = []
    with open_store(args.store) as kg:
        report = pick_report(kg)
        PARAMS["goal"] = first_goal(kg, report)
        for name, params in plans(report, args.only):
            med, rows = timed(kg.store, lib[name], params, args.repeat)
            budget = 0.050 + 0.00002 * rows
            stored = "" if args.no_stored else answered_from(kg.store, lib[name], check_params(lib[name], params))
            results.append({"query": name, "report": "report" in params, "rows": rows, "median_s": med,
                            "budget_s": budget, "ok": med <= budget, "stored": stored})
            print(f"{name:28} {'report' if 'report' in params else 'all':6} rows {rows:6}  "
                  f"{med * 1000:8.1f} ms  budget {budget * 1000:6.1f}  {'ok' if med <= budget else 'OVER'}"
                  f"{'  ' + stored if stored else ''}", file=sys.stderr, flush=True)
        if not args.no_rdflib:
            start = time.perf_counter()
            ds = kg.dataset()
            print(f"rdflib dataset: {len(ds)} triples loaded in {time.perf_counter() - start:.0f} s",
                  file=sys.stderr, flush=True)
            for r, (name, params) in zip(results, plans(report, args.only)):
                med, rows = capped(ds, lib[name], params, args.rdflib_cap)
                # over the cap, the ratio is a lower bound: the cap over Oxigraph's time
                r.update(rdflib_s=med, rdflib_rows=rows, over_cap=med is None,
                         ratio=(med if med is not None else args.rdflib_cap) / r["median_s"])
                shown = f"{med:8.2f} s" if med is not None else f">{args.rdflib_cap:.0f} s"
                print(f"rdflib {name:28} {'report' if 'report' in params else 'all':6} {shown} "
                      f"ratio {'>' if med is None else ''}{r['ratio']:.0f}x", file=sys.stderr, flush=True)
    print(f"report parameter: {report}", file=sys.stderr)
    ok = sum(r["ok"] for r in results)
    print(f"within budget: {ok}/{len(results)}; median of medians "
          f"{statistics.median(r['median_s'] for r in results) * 1000:.1f} ms", file=sys.stderr)
    if not args.no_rdflib:
        print(f"median ratio over rdflib: {statistics.median(r['ratio'] for r in results):.0f}x", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"report": report, "results": results}, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
