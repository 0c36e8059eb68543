"""Does build memory stay flat as the corpus grows?  Build corpora of growing size and compare.

For each size, a corpus is generated (``corpus.py``, same seed, so a larger
corpus contains the smaller one's reports and more) and built with
``govkg build DIR --store S --jobs J`` as a child process, sampled from /proc
every 0.2 s: the writer's (the ``govkg build`` process) and the largest
worker's peak RSS, and their course through the run in fifths.  Flat means the
peaks do not grow with the number of reports.

Usage::

    .venv/bin/python benchmarks/memory.py --reports 500 1500 3000 --out benchmarks/memory.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402
from run import run_measured, machine, step, table  # noqa: E402


def measure(reports: int, workdir: Path, *, jobs: int, seed: int) -> dict:
    """One corpus of ``reports`` reports, built into a new store, measured."""
    corpus, store = workdir / f"corpus-{reports}", workdir / f"store-{reports}"
    generate(reports, corpus, seed=seed)
    govkg = str(Path(sys.executable).with_name("govkg"))
    with (workdir / f"build-{reports}.log").open("w", encoding="utf-8") as log:
        run = run_measured([govkg, "build", str(corpus), "--store", str(store), "--jobs", str(jobs)], log)
    course = run["memory_course"]
    run.update(reports=reports,
               writer_peak_mib=max((c["writer_mib"] for c in course), default=0.0),
               worker_peak_mib=max((c["worker_mib"] for c in course), default=0.0))
    # the next, larger corpus needs the disk more than this one's leftovers
    shutil.rmtree(corpus)
    shutil.rmtree(store)
    return run


def summary(runs: list[dict]) -> str:
    rows = [[f"{r['reports']:,}", f"{r['wall_seconds']:.1f}", f"{r['writer_peak_mib']:.0f}",
             f"{r['worker_peak_mib']:.0f}", f"{r['peak_tree_rss_mib']:.0f}",
             " ".join(f"{c['writer_mib']:.0f}" for c in r["memory_course"]), str(r["returncode"])]
            for r in runs]
    return table(["reports", "wall s", "writer MiB", "worker MiB", "tree MiB", "writer by fifth", "exit"],
                 rows, right={0, 1, 2, 3, 4})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[500, 2000], help="corpus sizes")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="also write the figures here (JSON)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="govkg-memory-"))
    try:
        runs = []
        for n in sorted(args.reports):
            step(f"{n} reports")
            runs.append(measure(n, workdir, jobs=args.jobs, seed=args.seed))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.out:
        args.out.write_text(json.dumps({"machine": machine(), "jobs": args.jobs, "runs": runs},
                                       ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(summary(runs))


if __name__ == "__main__":
    main()
