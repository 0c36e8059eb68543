"""Audit where paragraph leads land after a list of 一是 items (extractor/structure.py's outline).

Reads every report of ``--reports`` (default ``../shared/reports``) as the build does and parses
its structure only.  Lists each lead sentence that opens a paragraph (an unnumbered RANK_LEAD
heading) and comes after an open 一是 list (a RANK_ENUM heading still on the stack when the
paragraph starts), with its current parent, as TSV rows of offsets (never report text):

    source  lead_start  parent_rank  parent_start  list_kind  …

``--dump OUT.json`` writes the headings (key, parent key, rank, start) of every report, so two
runs (before and after a change) can be compared with ``--diff A.json B.json``.

    .venv/bin/python benchmarks/leads_audit.py --dump /tmp/before.json > /tmp/leads.tsv
    .venv/bin/python benchmarks/leads_audit.py --diff /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from govkg.extractor.structure import RANK_ENUM, RANK_LEAD, parse_structure
from jurisdiction_audit import documents
from shared_data import REPORTS


def _paragraph_start(text: str, pos: int) -> int:
    p = text.rfind("\n", 0, pos) + 1
    while p < pos and text[p] in " \t\u3000":
        p += 1
    return p


def leads_after_lists(text: str, st) -> list[dict]:
    """Paragraph leads whose parent (or an ancestor) is an enumerated item from an earlier paragraph."""
    rows = []
    for h in st.headings:
        if h.rank != RANK_LEAD or h.marker or _paragraph_start(text, h.start) != h.start:
            continue
        p = h.parent
        if not p or p.rank != RANK_ENUM:
            continue
        ps = _paragraph_start(text, p.start)
        if ps == _paragraph_start(text, h.start):
            continue  # the list is in the lead's own paragraph
        marker_at = p.start - len(p.marker) if p.marker else p.start
        kind = "para" if _paragraph_start(text, marker_at) == marker_at or text[ps:marker_at].strip() == "" else "runin"
        rows.append({"lead": h.start, "parent": p.start, "parent_number": p.number, "kind": kind,
                     "parent_key": p.key, "lead_key": h.key})
    return rows


def tree(st) -> list[list]:
    return [[h.start, h.rank, h.parent.start if h.parent else None] for h in st.headings]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=REPORTS)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--diff", type=Path, nargs=2)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.diff:
        a, b = (json.loads(p.read_text()) for p in args.diff)
        changed = []
        for src in a:
            pa = {s: par for s, _, par in a[src]}
            pb = {s: par for s, _, par in b.get(src, [])}
            for s in sorted(set(pa) | set(pb)):
                if pa.get(s, "gone") != pb.get(s, "gone"):
                    changed.append((src, s, pa.get(s, "gone"), pb.get(s, "gone")))
        print(f"# {len(changed)} headings changed parent over {sum(len(v) for v in a.values())}", file=sys.stderr)
        if args.sample:
            changed = sorted(random.Random(args.seed).sample(changed, min(args.sample, len(changed))))
        for row in changed:
            print(*row, sep="\t")
        return 0
    dump, rows = {}, []
    for source, document in documents(args.reports):
        st = parse_structure(document.text)
        dump[source] = tree(st)
        for r in leads_after_lists(document.text, st):
            rows.append({"source": source, **r})
    if args.dump:
        args.dump.write_text(json.dumps(dump))
    print(f"# {len(dump)} reports, {len(rows)} paragraph leads under an earlier paragraph's list item",
          file=sys.stderr)
    if args.sample:
        rows = sorted(random.Random(args.seed).sample(rows, min(args.sample, len(rows))),
                      key=lambda r: (r["source"], r["lead"]))
    for r in rows:
        print(r["source"], r["lead"], r["parent"], r["parent_number"], r["kind"], r["parent_key"], r["lead_key"],
              sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
