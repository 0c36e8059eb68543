"""Compare the pairs `govkg analyze targets` gives with hand-listed true pairs (benchmarks/targets_truth.tsv).

Usage: python benchmarks/targets_check.py STORE [-o benchmarks/targets_judged.tsv]

The cases are the (place, year) of the truth file: every tool pair with a result in a case is judged,
a true pair when a truth row has its place, year, indicator (one indicator by `Indicators.same`, or the
same label), target and result.  Prints precision and recall (overall, and recall on headline targets).
Reads the store only; writes short labels and numbers, no report text.
"""

from __future__ import annotations

import argparse
import csv
from decimal import Decimal
from pathlib import Path

from govkg.graph.store import open_store
from govkg.graph.targets import indicators, target_results

HERE = Path(__file__).parent


def load_truth(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    for r in rows:
        r["year"], r["target"], r["result"] = int(r["year"]), Decimal(r["target"]), Decimal(r["result"])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--truth", default=HERE / "targets_truth.tsv", type=Path)
    ap.add_argument("-o", "--output", default=HERE / "targets_judged.tsv", type=Path)
    args = ap.parse_args()
    truth = load_truth(args.truth)
    cases = {(t["place"], t["year"]) for t in truth}
    with open_store(args.store) as kg:
        pairs = [r for r in target_results(kg) if (r["place"], r["year"]) in cases and r["result"] is not None]
    ind = indicators()
    matched: set[int] = set()
    out = []
    for p in pairs:
        hit = next((i for i, t in enumerate(truth) if i not in matched and (t["place"], t["year"]) == (p["place"], p["year"])
                    and (t["indicator"] == p["metric"] or ind.same(t["indicator"], p["metric"]))
                    and t["target"] == p["target"] and t["result"] == p["result"]), None)
        if hit is not None:
            matched.add(hit)
        t = truth[hit] if hit is not None else None
        out.append([t["level"] if t else "", p["place"], p["year"], p["metric"], p["target"], p["result"],
                    p["outcome"], t["scope"] if t else "", "TP" if t else "FP"])
    for i, t in enumerate(truth):
        if i not in matched:
            out.append([t["level"], t["place"], t["year"], t["indicator"], t["target"], t["result"], "", t["scope"], "FN"])
    out.sort(key=lambda r: (str(r[1]), r[2], str(r[3]), r[8]))
    with open(args.output, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["level", "place", "year", "indicator", "target", "result", "tool_outcome", "scope", "verdict"])
        w.writerows(out)
    tp = sum(r[8] == "TP" for r in out)
    fp = sum(r[8] == "FP" for r in out)
    fn = sum(r[8] == "FN" for r in out)
    head = [t for t in truth if t["scope"] == "headline"]
    head_tp = sum(1 for i in matched if truth[i]["scope"] == "headline")
    print(f"cases (report pairs): {len(cases)}; true pairs listed: {len(truth)} ({len(head)} headline)")
    print(f"tool pairs in cases: {tp + fp}; TP {tp} FP {fp} FN {fn}")
    print(f"precision {tp / (tp + fp):.3f}  recall {tp / (tp + fn):.3f}  headline recall {head_tp}/{len(head)} = "
          f"{head_tp / len(head):.3f}")
    for r in out:
        if r[8] != "TP":
            print("\t".join(map(str, r)))


if __name__ == "__main__":
    main()
