"""Audit each report's jurisdiction, and dump its place mentions, straight from the pipeline (no store).

Reads ../shared/reports the way ``govkg build`` does (collections row by row with
their columns as hints, text files with their header) and compares the
jurisdiction the extractor reads with what the metadata says: the CSV's
province column, the XLSX's 区县名称 (within 所属城市, 所属省份), the text
file's 发文单位, and the nation for the State Council's JSON Lines rows.  Each
difference is printed with the report's title, so a reader can tell a misfiled
row (the title and text name another county) from an extractor error.

With ``--mentions OUT.tsv`` it runs the whole pipeline and writes every PLACE
mention (report, offset, name, resolved code and name, the context around it)
for checking a sample by hand; ``--sample N`` prints N of them spread over the
reports (seeded).

    .venv/bin/python benchmarks/jurisdiction_audit.py [--mentions /tmp/places.tsv --sample 60]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from govkg.extractor import default_pipeline, process, read_document
from govkg.extractor.formats.collections import is_collection, read_collection
from govkg.extractor.gazetteer import NATION, gazetteer
from govkg.extractor.mentions import findings
from govkg.extractor.places import jurisdiction_division
from shared_data import REPORTS  # benchmarks/shared_data.py: GOVKG_SHARED or ../shared


def documents(root: Path):
    """(source, Document) for every report of the collection, as the build reads them."""
    for path in sorted(root.rglob("*")):
        if path.suffix == ".txt" and path.stem.endswith("_report"):
            yield str(path), read_document(path)
        elif is_collection(path):
            for row in read_collection(path).rows:
                if row.status == "document":
                    yield row.source, row.document


def expected(source: str, document) -> str | None:
    """The division code the metadata gives the report: column, issuer or the collection's owner."""
    g = gazetteer()
    meta = dict(document.metadata)
    if source.endswith(".jsonl") or ".jsonl#" in source:
        return NATION.code
    if meta.get("place"):
        scope = None
        for key in ("province", "city"):
            if meta.get(key):
                scope = g.resolve(meta[key], within=scope) or scope
        d = g.resolve(meta["place"], within=scope)
        return d.code if d else None
    issuer = document.issuer or next((line.split("：", 1)[1] for line in document.text.splitlines()[:10]
                                      if line.startswith("发文单位：")), "")
    if issuer:
        d = g.resolve(issuer.strip().removesuffix("人民政府").removesuffix("政府"))
        return d.code if d else None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="?", type=Path, default=REPORTS)
    parser.add_argument("--mentions", type=Path, help="Run the whole pipeline; write PLACE mentions here (TSV).")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    g = gazetteer()
    nlp = default_pipeline()
    misses, n, rows = [], 0, []
    for source, document in documents(args.reports):
        n += 1
        hints = document.hints()
        if args.mentions:
            doc = process(document.text, nlp=nlp, hints=hints)
        else:
            with nlp.select_pipes(enable=["govkg_report"]):
                doc = process(document.text, nlp=nlp, hints=hints)
        f = findings(doc)
        d = jurisdiction_division(f)
        want = expected(source, document)
        short = source.rsplit("/", 1)[-1]
        if (d.code if d else None) != want:
            w = g.get(want) if want else None
            misses.append(f"{short}\tgot {d.name if d else f.jurisdiction} ({d.code if d else None}, "
                          f"{f.jurisdiction_source})\tmetadata {w.name if w else want}\t"
                          f"title {f.title or hints.get('title', '')}")
        if args.mentions:
            text = doc.text
            for m in f.mentions:
                if m.label != "PLACE":
                    continue
                r = g.get(m.canonical)  # the division the component resolved (None for a region)
                ctx = text[max(0, m.start - 15):m.end + 15].replace("\n", " ").replace("\t", " ")
                home = g.province_of(d) if d is not None else None
                where = "" if r is None or home is None else ("in" if g.contains(home, r) else "out")
                rows.append((short, m.start, m.name, m.rule, m.canonical, r.name if r else "",
                             (g.province_of(r).name if r and g.province_of(r) else ""), where,
                             d.name if d else "", ctx))
    print(f"reports: {n}; jurisdiction differs from the metadata: {len(misses)}")
    for line in misses:
        print("  " + line)
    if args.mentions:
        with open(args.mentions, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write("\t".join(map(str, row)) + "\n")
        print(f"place mentions: {len(rows)} in {len({r[0] for r in rows})} reports -> {args.mentions}")
        if args.sample:
            rng = random.Random(args.seed)
            by_report: dict[str, list] = {}
            for row in rows:
                by_report.setdefault(row[0], []).append(row)
            keys = sorted(by_report)
            picked = []
            while len(picked) < args.sample and keys:
                key = rng.choice(keys)
                picked.append(rng.choice(by_report[key]))
            for row in picked:
                print("\t".join(map(str, row)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
