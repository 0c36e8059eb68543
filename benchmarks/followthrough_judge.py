"""Compare plan follow-through verdicts with hand judgments (benchmarks/followthrough_judged.tsv).

The judged plans are a seeded random sample (random.seed(12), 12 plans a pair) of the plans of three pairs of
consecutive reports in ../shared/reports, built with
``govkg build ../shared/reports --store STORE --jobs 2``.  Each was judged by reading the review part of the
later report (done / partly done / no evidence).  This script recomputes the tool's verdicts, rewrites the
tool columns of the TSV, and prints precision and recall of "done or partly done".

Usage: python benchmarks/followthrough_judge.py STORE [--sample]   (--sample lists a new sample to judge)
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from govkg.graph.plans import plan_follow_through
from govkg.graph.store import open_store

ID = "https://w3id.org/govkg/id/report/"
PAIRS = {"清苑区": ("清苑区/2022/政府工作报告", "清苑区/2023/政府工作报告"),
         "河北省": ("河北省/2022/政府工作报告", "河北省/2023/政府工作报告"),
         "国务院": ("中华人民共和国/2023/政府工作报告", "中华人民共和国/2024/政府工作报告")}
TSV = Path(__file__).with_name("followthrough_judged.tsv")
POSITIVE = {"done", "partly done"}


def main(store: str, sample: bool = False) -> None:
    with open_store(store) as kg:
        rows = plan_follow_through(kg)
    by_action = {r["plan_action"]: r for r in rows}
    if sample:
        for pair, (a, b) in PAIRS.items():
            chosen = [r for r in rows if r["report"] == ID + a and r["later_report"] == ID + b]
            random.seed(12)
            for r in random.sample(chosen, 12):
                print(pair, r["plan_action"].removeprefix(ID + a + "/"), r["plan"], sep="\t")
        return
    with TSV.open(encoding="utf-8") as fh:
        judged = list(csv.DictReader(fh, delimiter="\t"))
    tp = fp = fn = 0
    for j in judged:
        r = by_action[ID + PAIRS[j["pair"]][0] + "/" + j["action"]]
        j["tool"], j["score"], j["tool_match"] = r["verdict"], f'{r["score"]:.3f}', (r["match"] or "")[:30]
        mine, tool = j["mine"] in POSITIVE, j["tool"] in POSITIVE
        tp, fp, fn = tp + (mine and tool), fp + (tool and not mine), fn + (mine and not tool)
    with TSV.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=list(judged[0]), delimiter="\t", lineterminator="\n")
        out.writeheader()
        out.writerows(judged)
    print(f"{len(judged)} plans judged; done-or-partly: TP {tp}, FP {fp}, FN {fn}; "
          f"precision {tp / max(tp + fp, 1):.2f}, recall {tp / max(tp + fn, 1):.2f}")


if __name__ == "__main__":
    main(sys.argv[1], sample="--sample" in sys.argv)
