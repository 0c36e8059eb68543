"""Audit how bare heading lines are read (extractor/structure.py `_bare_lines`), straight from the parser.

Reads every report of ``--reports`` (default ``../shared/reports``) and, with ``--corpus``, the sample
reports, as the pipeline reads them (layout undone), parses the structure only, and lists each line that
stands alone between paragraphs without a marker (no sentence end, a paragraph of prose after it) with
how it is read: part, chapter, section, or prose. Rows are offsets and counts, never report text:

    source  line_start  reading  shape  numbered_chapters  parent_start

``--dump OUT.json`` writes every report's headings (start, rank, parent start, planned) so that two runs,
before and after a change, can be compared with ``--diff A.json B.json`` (headings found, lost, or with
another rank or parent; ``--sample N --seed S`` draws a seeded sample of those to judge by hand).

    .venv/bin/python benchmarks/bare_lines_audit.py --corpus ../shared/corpus --dump /tmp/before.json --dump-only
    .venv/bin/python benchmarks/bare_lines_audit.py --corpus ../shared/corpus --dump /tmp/after.json > /tmp/lines.tsv
    .venv/bin/python benchmarks/bare_lines_audit.py --diff /tmp/before.json /tmp/after.json --sample 40 --seed 8
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from govkg.extractor import read_document
from govkg.extractor import structure as S
from govkg.extractor.layout import clean_layout
from jurisdiction_audit import documents
from shared_data import REPORTS

_READING = {S.RANK_PART: "part", S.RANK_CHAPTER: "chapter", S.RANK_SECTION: "section"}


def reports(root: Path, corpus: Path | None):
    """(source, text as the pipeline reads it) for every report."""
    for source, document in documents(root):
        yield source, clean_layout(document.text).text
    for path in sorted(corpus.glob("*.txt")) if corpus else ():
        yield str(path), clean_layout(read_document(path).text).text


def lone_lines(text: str) -> list[dict]:
    """Every line standing alone without a marker or a sentence end, and how the parser reads it."""
    st = S.parse_structure(text)
    body = S._find_header(text, S.ReportStructure(text))
    paragraphs = S._paragraphs(text, body, st.chrome)
    ranks, _ = S._bare_lines(text, paragraphs)
    headings = {h.start: h for h in st.headings}
    numbered = len(S._chapter_numbers(text, paragraphs))
    rows = []
    for k, (s, e) in enumerate(paragraphs):
        line = text[s:e]
        if (len(line) > S._SERIES_MAX or any(c in line for c in S._SENTENCE_END) or line[-1] in "，,：:、"
                or S._line_marker(text, s, e) or S._ENUM.match(text, s) or S._ORDINAL_ENUM.match(text, s)
                or S._SALUTATION.match(line) or not S._stands_alone(text, paragraphs, k)):
            continue
        h = headings.get(s)
        rows.append({"start": s, "reading": _READING.get(ranks.get(k), "prose"),
                     "shape": "bare" if S._BARE_LINE.fullmatch(text, s, e) else "punctuated",
                     "numbered": numbered, "parent": h.parent.start if h and h.parent else ""})
    return rows


def tree(text: str) -> list[list]:
    return [[h.start, h.rank, h.parent.start if h.parent else None, h.planned]
            for h in S.parse_structure(text).headings]


def diff(a: dict, b: dict) -> list[tuple]:
    """(source, start, rank and parent before, after) of every heading found, lost or moved."""
    out = []
    for src in a:
        ha = {s: (r, p) for s, r, p, _ in a[src]}
        hb = {s: (r, p) for s, r, p, _ in b.get(src, [])}
        for s in sorted(set(ha) | set(hb)):
            if ha.get(s) != hb.get(s):
                out.append((src, s, *(ha.get(s) or ("none", "")), *(hb.get(s) or ("none", ""))))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=REPORTS)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--dump-only", action="store_true", help="only the headings (runs on older parsers too)")
    parser.add_argument("--diff", type=Path, nargs=2)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.diff:
        a, b = (json.loads(p.read_text()) for p in args.diff)
        changed = diff(a, b)
        planned = sum(1 for src in a for s, x in {h[0]: h[3] for h in a[src]}.items()
                      if {h[0]: h[3] for h in b.get(src, [])}.get(s, x) != x)
        print(f"# {len(changed)} headings found, lost or moved in {len({c[0] for c in changed})} reports "
              f"over {sum(len(v) for v in a.values())}; {planned} kept headings planned or not anew", file=sys.stderr)
        if args.sample:
            changed = sorted(random.Random(args.seed).sample(changed, min(args.sample, len(changed))))
        for row in changed:
            print(*row, sep="\t")
        return 0
    dump, counts = {}, Counter()
    for source, text in reports(args.reports, args.corpus):
        dump[source] = tree(text)
        for r in [] if args.dump_only else lone_lines(text):
            counts[r["reading"], r["shape"]] += 1
            print(source, r["start"], r["reading"], r["shape"], r["numbered"], r["parent"], sep="\t")
    if args.dump:
        args.dump.write_text(json.dumps(dump))
    print(f"# {len(dump)} reports; lines standing alone: "
          + ", ".join(f"{n} {reading} ({shape})" for (reading, shape), n in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
