"""Hashes of everything a build's worker makes of each report, to compare two versions of the code.

Runs `govkg.graph.build`'s worker step (``_extract_one``, with the stored answers of
`govkg.queries.precompute.report_answers`) in this process over the reports of
``../shared/reports`` and writes one JSON line per report: its source, status,
report IRI, the SHA-256 of its N-Triples, of each stored answer (by graph) and of
what follow-through reads of it (``plans.actions_input``). Run it with each
version's Python from outside both worktrees, then diff the two files::

    cd /tmp && /work/main/.venv/bin/python WT/benchmarks/worker_outputs.py --repo /work/main --out /tmp/before.jsonl
    cd /tmp && WT/.venv/bin/python WT/benchmarks/worker_outputs.py --repo WT --out /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl

``--limit N`` takes the first N reports; ``--every K`` one in K. Prints the worker's CPU seconds
(``time.process_time``) at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", required=True, help="the worktree whose code must run (its venv's editable install)")
    ap.add_argument("--reports", default="/work/shared/reports")
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--every", type=int, default=1)
    args = ap.parse_args()
    from govkg.graph import build
    from govkg.queries.precompute import report_answers

    if not Path(build.__file__).resolve().is_relative_to(Path(args.repo).resolve()):
        sys.exit(f"this Python runs {build.__file__}, not the code of {args.repo}")
    units = list(build._units([args.reports], None, build.BuildSummary()))[:: args.every]
    if args.limit:
        units = units[: args.limit]
    with tempfile.TemporaryDirectory() as kept:
        build._init_worker(frozenset(), {}, None, build.Limits(), None, report_answers, kept)
        cpu = 0.0
        with open(args.out, "w", encoding="utf-8") as out:
            for unit in units:
                start = time.process_time()
                o = build._extract_one(unit)
                cpu += time.process_time() - start
                row = {"source": o.source, "status": o.status, "report": o.report, "reason": o.reason,
                       "nt": _sha(o.data), "answers": {g: _sha(a) for g, a in sorted(o.answers.items())},
                       "actions": _sha(Path(o.actions).read_bytes()) if o.actions else None}
                if o.actions:
                    os.unlink(o.actions)
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(units)} reports, worker CPU {cpu:.1f} s", file=sys.stderr)


def _sha(data: str | bytes | None) -> str | None:
    if data is None:
        return None
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


if __name__ == "__main__":
    main()
