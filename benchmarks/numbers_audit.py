"""Audit of numbers on the 31 provincial 2026 work reports (issue 11).

Prints the distinct Metric labels, the observations, the targets read from
each report's targets paragraph (主要预期目标是：…), and a seeded random sample
of metric names with their clause, for checking by hand.  Reads the reports
from ../shared/reports; copies nothing into the repository.

Usage: python benchmarks/numbers_audit.py [REPORTS_DIR] [--sample N] [--seed S]
"""

from __future__ import annotations

import argparse
import csv
import glob
import random

from govkg.extractor import doc_to_triples, process
from govkg.extractor.mentions import findings
from govkg.ontology.namespace import GK
from rdflib import RDF, RDFS
from shared_data import REPORTS  # benchmarks/shared_data.py: GOVKG_SHARED or ../shared


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("reports", nargs="?", default=str(REPORTS))
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    csv.field_size_limit(10**9)
    files = sorted(glob.glob(f"{args.reports}/china-provincial-gov-reports-2026/output/2026_raw_text/*.csv"))
    labels: set[str] = set()
    observations = 0
    sample_pool = []
    print("province | targets in the targets paragraph | of them with a qualifier | ranges | target metrics")
    total_targets = 0
    for path in files:
        with open(path, encoding="utf-8-sig") as fh:
            row = next(csv.DictReader(fh))
        doc = process(row["full_text"], hints={"title": row["title"], "place": row["province"], "year": row["year"]})
        f = findings(doc)
        triples = doc_to_triples(doc, source=path)
        metrics = {s for s, p, o in triples if p == RDF.type and o == GK.Metric}
        labels |= {str(o) for s, p, o in triples if p == RDFS.label and s in metrics}
        observations += sum(1 for s, p, o in triples if p == RDF.type and o == GK.Observation)
        spans = doc.get_pipe("govkg_quantities").grammar.target_spans(f.structure.text) \
            if "govkg_quantities" in getattr(doc, "pipe_names", []) else None
        if spans is None:
            from govkg.extractor import default_pipeline
            spans = default_pipeline().get_pipe("govkg_quantities").grammar.target_spans(f.structure.text)
        # the year's targets: the 主要预期目标 paragraph, else the last targets paragraph (not the five-year one)
        year_spans = [s for s in spans if "预期" in f.structure.text[s[0]:s[0] + 8]] or \
            [s for s in spans if not s[2]][-1:]
        in_para = [q for q in f.quantities if any(a <= q.start < b for a, b, _ in year_spans[:1])]
        total_targets += len(in_para)
        print(f"{row['province']} | {len(in_para)} | {sum(1 for q in in_para if q.qualifier)} | "
              f"{sum(1 for q in in_para if q.upper is not None)} | "
              + "; ".join(f"{q.subject}[{q.kind}] {q.text}" for q in in_para))
        text = f.structure.text
        for q in f.quantities:
            sample_pool.append((row["province"], text[max(0, q.start - 25):q.start].replace("\n", " "), q.text,
                                text[q.end:q.end + 10].replace("\n", " "), q.subject, q.kind))
    print(f"\nreports {len(files)}; observations {observations}; distinct Metric labels {len(labels)}; "
          f"targets in targets paragraphs {total_targets}")
    random.seed(args.seed)
    print(f"\nsample of {args.sample} metric names (check by hand):")
    for i, (prov, before, q, after, name, kind) in enumerate(random.sample(sample_pool, args.sample), 1):
        print(f"{i:2d}. {prov[:3]} …{before}【{q}】{after}… => {name} [{kind}]")


if __name__ == "__main__":
    main()
