"""Time and memory of deriving plan follow-through (graph/plans.py `derive_follow_through`) on a built store.

Measures, in this process: the wall and CPU seconds of the derivation, the resident memory before it, and the
peak after (ru_maxrss; the peak of the whole process, store opening included). ``--changed`` gives the reports a
build would pass (an incremental derivation); without it, the whole graph is derived again, as ``govkg derive``
does. Either rewrites judgements in the store, to the same result.

Usage::

    .venv/bin/govkg build ../shared/reports --store /tmp/ft179 --jobs 2
    .venv/bin/python benchmarks/followthrough_derive.py /tmp/ft179
    .venv/bin/python benchmarks/followthrough_derive.py /tmp/ft179 --all-changed
    .venv/bin/python benchmarks/followthrough_derive.py /tmp/ft179 --changed \\
        https://w3id.org/govkg/id/report/中华人民共和国/2024/政府工作报告

Measured 2026-11-29 (2 shared cores), before = graph/plans.py of 394d0f4 (all actions read at once), after =
one plan report at a time (same 24,538 judgements, byte-identical):

=============================================  ==========================  ========================
store, derivation                              before: wall / CPU / peak   after: wall / CPU / peak
=============================================  ==========================  ========================
179 reports, whole (``govkg derive``)          42.8 s / 37.8 s / 1067 MB   31.8 s / 31.9 s / 460 MB
179 reports, all changed (a build from zero)   58.4 s / 58.4 s / 1042 MB   28.1 s / 31.5 s / 459 MB
179 reports, 中华人民共和国 2024 changed        23.3 s / 23.2 s / 625 MB    2.4 s / 2.5 s / 268 MB
                                               (11,463 plans judged)       (723 plans judged)
1,000 corpus10k copies, all changed            273.5 s / 203 s / 2102 MB   0.7 s / 0.4 s / 238 MB
=============================================  ==========================  ========================

The corpus10k copies have no two reports of one place in consecutive years, so none of their plans has a
later report: after, no report is read; before, every action was.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from govkg.graph.plans import derive_follow_through
from govkg.graph.store import open_store


def _rss_mb() -> float:
    """The resident memory now (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--changed", nargs="*", help="report IRIs, as a build passes them")
    parser.add_argument("--all-changed", action="store_true",
                        help="every report of the store as changed, as a build from nothing passes them")
    args = parser.parse_args()
    with open_store(args.store, writable=True) as kg:
        reports = kg.report_count()
        if args.all_changed:
            args.changed = [i.iri for i in kg.identities()]
        before = _rss_mb()
        wall, cpu = time.perf_counter(), time.process_time()
        judged = derive_follow_through(kg, changed=args.changed)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kind = f"{len(args.changed)} changed" if args.changed is not None else "whole"
    print(f"{reports} reports, {kind}: {judged} plans judged in {wall:.1f} s wall, {cpu:.1f} s CPU; "
          f"RSS {before:.0f} MB before, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
