"""Where extraction time goes on full-length reports, and what each report yields.

Reads the 31 provincial reports of 2026 (one CSV a province, as ``govkg build``
reads them) from ``../shared/reports`` and measures, after a warm-up:

- bare segmentation: ``jieba.lcut`` and ``rjieba.cut`` over the same texts;
- the pipeline: its tokenizer and each component, timed one by one as
  ``Language.__call__`` runs them;
- RDF: ``doc_to_ntriples`` (the builder writes N-Triples lines; sorting them is
  timed apart as ``sort lines``), or with ``--terms`` the older path through
  rdflib terms, ``doc_to_triples`` and ``to_ntriples``;

and prints the table with characters per second.  With ``--out DIR`` it also
writes each report's N-Triples (``DIR/<name>.nt``) and the counts of what was
found (``DIR/counts.json``: actions, goals, places, agencies, observations per
report), so that two runs (two segmenters, or before and after a change) can be
compared byte for byte.  ``--cprofile N`` prints the N functions with the most
cumulative time instead of timing by hand.

Usage::

    .venv/bin/python benchmarks/profile_extraction.py --segmenter rjieba --out /tmp/prof-rjieba
    .venv/bin/python benchmarks/profile_extraction.py --segmenter jieba --out /tmp/prof-jieba
    .venv/bin/python benchmarks/profile_extraction.py --repeat 3 --no-bare   # least of 3 rounds per step
    diff -r /tmp/prof-jieba /tmp/prof-rjieba
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import json
import pstats
import sys
import time
from collections import Counter
from pathlib import Path
from shared_data import REPORTS  # benchmarks/shared_data.py: GOVKG_SHARED or ../shared

REPO = Path(__file__).resolve().parent.parent
PROVINCIAL = "china-provincial-gov-reports-2026/output/2026_raw_text"


def provincial_documents(root: Path) -> list[tuple[str, str, object]]:
    """(name, source, Document) of each provincial CSV, read as a build reads it (chrome, hints and all)."""
    from govkg.extractor.formats.collections import read_collection

    out = []
    for path in sorted((root / PROVINCIAL).glob("*.csv")):
        for row in read_collection(path).rows:
            if row.status == "document":
                out.append((path.stem, row.source, row.document))
    return out


def build(segmenter: str | None):
    from govkg.extractor import build_pipeline

    if segmenter and "segmenter" in inspect.signature(build_pipeline).parameters:
        return build_pipeline(segmenter=segmenter)
    return build_pipeline()


def timed_process(nlp, document, times: Counter):
    """``govkg.extractor.process``, with the tokenizer and each component timed."""
    cfg = {"govkg_report": {"jurisdiction": None, "year": None, "hints": dict(document.hints())}}
    t = time.process_time()
    doc = nlp.make_doc(document.text)
    times["tokenizer"] += time.process_time() - t
    for name, proc in nlp.pipeline:
        t = time.process_time()
        doc = proc(doc, **cfg.get(name, {}))
        times[name] += time.process_time() - t
    return doc


def counts(nt: str, doc) -> dict[str, int]:
    from govkg.extractor.rdf import GK, RDF

    kinds = Counter(line.split(" ")[2] for line in nt.splitlines()
                    if f" <{RDF.type}> " in line)
    f = doc._.govkg
    return {
        "actions": kinds[f"<{GK.Action}>"],
        "goals": kinds[f"<{GK.Goal}>"],
        "places": sum(1 for m in f.mentions if m.label == "PLACE"),
        "agencies": sum(1 for m in f.mentions if m.label == "AGENCY"),
        "observations": kinds[f"<{GK.Observation}>"],
        "triples": nt.count("\n"),
    }


def bare(texts: list[str]) -> dict[str, float]:
    import jieba
    import rjieba

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    rjieba.cut("预热")
    out = {}
    for name, cut in (("jieba.lcut", jieba.lcut), ("rjieba.cut", rjieba.cut)):
        t = time.process_time()
        for text in texts:
            cut(text)
        out[name] = time.process_time() - t
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=Path, default=REPORTS, help="the shared reports folder")
    ap.add_argument("--segmenter", choices=("jieba", "rjieba"), default=None, help="default: the pipeline's")
    ap.add_argument("--out", type=Path, help="write <name>.nt and counts.json here")
    ap.add_argument("--limit", type=int, default=0, help="only the first N reports")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="print the top N functions by cumulative time")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare segmenter timings")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="run N rounds and print the least time of each step (a shared machine)")
    ap.add_argument("--terms", action="store_true", help="RDF through rdflib terms (doc_to_triples, to_ntriples)")
    args = ap.parse_args(argv)

    from govkg.extractor import doc_to_triples, to_ntriples
    from govkg.extractor.rdf import _join, _lines

    docs = provincial_documents(args.reports)
    if args.limit:
        docs = docs[:args.limit]
    chars = sum(len(d.text) for _, _, d in docs)
    nlp = build(args.segmenter)
    timed_process(nlp, docs[0][2], Counter())  # warm-up: dictionaries, gazetteer, patterns

    per_report: dict[str, dict[str, int]] = {}
    profiler = cProfile.Profile() if args.cprofile else None
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    rounds = []
    for _ in range(max(1, args.repeat)):  # the machine is shared: the least of each step over the rounds
        times = Counter()
        wall = time.process_time()
        for name, source, document in docs:
            if profiler:
                profiler.enable()
            doc = timed_process(nlp, document, times)
            t = time.process_time()
            if args.terms:
                triples = doc_to_triples(doc, source=source, original=document.original)
                times["doc_to_triples"] += time.process_time() - t
                t = time.process_time()
                nt = to_ntriples(triples)
                times["to_ntriples"] += time.process_time() - t
            else:  # doc_to_ntriples, in its two steps
                lines = _lines(doc, source, document.original)
                times["rdf lines"] += time.process_time() - t
                t = time.process_time()
                nt = _join(lines)
                times["sort lines"] += time.process_time() - t
            if profiler:
                profiler.disable()
            per_report[name] = counts(nt, doc)
            if args.out:
                (args.out / f"{name}.nt").write_text(nt, encoding="utf-8")
        rounds.append((time.process_time() - wall, times))
    wall = min(w for w, _ in rounds)
    times = Counter({step: min(t[step] for _, t in rounds) for step in rounds[0][1]})

    segmenter = getattr(nlp.tokenizer, "segmenter", type(nlp.tokenizer).__name__)
    print(f"{len(docs)} reports, {chars:,} characters, segmenter {segmenter}")
    print(f"{'step':<22}{'cpu s':>9}{'share':>8}{'chars/s':>12}")
    for step, secs in times.most_common():
        print(f"{step:<22}{secs:9.2f}{secs / wall:8.1%}{chars / secs:12,.0f}")
    print(f"{'total':<22}{wall:9.2f}{1:8.0%}{chars / wall:12,.0f}")
    if not args.no_bare:
        for step, secs in bare([d.text for _, _, d in docs]).items():
            print(f"{'bare ' + step:<22}{secs:9.2f}{'':>8}{chars / secs:12,.0f}  (pipeline total = {wall / secs:.1f}x)")
    totals = Counter()
    for c in per_report.values():
        totals.update(c)
    print("found:", dict(totals))
    if args.out:
        (args.out / "counts.json").write_text(json.dumps(per_report, ensure_ascii=False, indent=1, sort_keys=True),
                                              encoding="utf-8")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
