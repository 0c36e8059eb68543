"""Hashes of everything a build's worker makes of each report, to compare two versions of the code.

Runs `govkg.graph.build`'s worker step (``_extract_one``, with the stored answers of
`govkg.queries.precompute.report_answers`) in this process over the reports of
``../shared/reports`` and writes one JSON line per report: its source, status,
report IRI, the SHA-256 of its N-Triples, of each stored answer (by graph) and of
what follow-through reads of it (``plans.actions_input``). The extractor's stamp (gk:extractorStamp, a
digest of the extractor's own code, which any edit of it changes) is hashed as ``extractor-STAMP`` and
printed apart. Run it with each
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
import pickle
import re
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
    from govkg.extractor.stamp import extractor_stamp
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
                       "nt": _sha(_unstamped(o.data)),
                       "answers": {g: _sha(_unstamped(a)) for g, a in sorted(o.answers.items())},
                       "actions": _sha(_canonical(Path(o.actions).read_bytes())) if o.actions else None}
                if o.actions:
                    os.unlink(o.actions)
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(units)} reports, worker CPU {cpu:.1f} s, {extractor_stamp()}", file=sys.stderr)


def _unstamped(text: str | None) -> str | None:
    return _STAMP.sub("extractor-STAMP", text) if text is not None else None


_STAMP = re.compile(r"extractor-[0-9a-f]{16}")


def _canonical(kept: bytes) -> str:
    """What follow-through reads of a report, pickled, as text that does not depend on set order (a set's
    pickle follows string hashing, which differs from process to process)."""
    actions, headings, *model = pickle.loads(kept)  # the lexicon's stamp, where the words were analysed

    def plain(value):
        if isinstance(value, (set, frozenset)):
            return sorted(map(plain, value), key=repr)
        if isinstance(value, dict):
            return sorted(((plain(k), plain(v)) for k, v in value.items()), key=repr)
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if hasattr(value, "__dict__"):
            return plain(vars(value))
        return value

    return repr((plain(actions), plain(headings), model))


def _sha(data: str | bytes | None) -> str | None:
    if data is None:
        return None
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


if __name__ == "__main__":
    main()
