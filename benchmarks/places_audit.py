"""Audit the places the extractor finds in the shared collection of full-length reports.

Reads ../shared/reports (never copied into the repository): the State Council's
reports (JSONL rows with a year), the 31 provincial CSVs, the 河北省/保定市 text files
(after their 正文： line) and the XLSX rows with a text.  Runs the pipeline up to the
places component and counts PLACE mentions and distinct names, each classed as an
official division (the gazetteer knows it), a listed region (regions.jsonl), a
region by grammar (a division's name before a region suffix), or neither.

Usage: python benchmarks/places_audit.py [REPORTS_DIR] [--sample 50] [--seed 0] [--json OUT]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from govkg.extractor import process
from govkg.extractor.gazetteer import gazetteer
from govkg.extractor.patterns import default_patterns_path, read_patterns, words
from govkg.extractor.pipeline import build_pipeline
from shared_data import REPORTS  # benchmarks/shared_data.py: GOVKG_SHARED or ../shared

csv.field_size_limit(sys.maxsize)


def reports(root: Path):
    """(id, text, jurisdiction) for each report of the collection."""
    with open(root / "chinese-political-corpora" / "government_work_reports.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("year"):
                yield f"国务院-{row['year']}", row["content"], "中华人民共和国"
    for path in sorted((root / "china-provincial-gov-reports-2026" / "output" / "2026_raw_text").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                yield f"{row['province']}-{row['year']}", row["full_text"], row["province"]
    for path in sorted((root / "gaoyang-towel-resilience" / "data" / "government_reports").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        body = text.split("正文：", 1)[1] if "正文：" in text else text
        yield path.stem, body, path.stem.split("_")[0]
    import openpyxl
    xlsx = root / "gaoyang-towel-resilience" / "data" / "policies" / "保定市各县政府工作报告.xlsx"
    sheet = openpyxl.load_workbook(xlsx, read_only=True)["Sheet1"]
    rows = sheet.iter_rows(values_only=True)
    head = [str(c) for c in next(rows)]
    g = gazetteer()
    baoding = g.resolve("保定市")
    for n, row in enumerate(rows):
        rec = dict(zip(head, row))
        text = rec.get("报告全文")
        if not text or not str(text).strip():
            continue
        title = str(rec.get("报告标题") or "")
        # The county column misfiles a few reports (高唐县 under 唐县): the title's place wins.
        place = next((m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]{1,8}?[县区市]", title)
                      if g.resolve(m.group(0), within=baoding)), None) or rec.get("区县名称")
        yield f"{rec.get('区县名称')}-{rec.get('年份')}-{n}", str(text).replace("\\r\\n", "\n"), place


def classify(name: str, regions: set[str], suffixes: list[str]) -> str:
    g = gazetteer()
    if g.lookup(name):
        return "division"
    if name in regions:
        return "region-list"
    for s in suffixes:
        if name.endswith(s) and (g.lookup(name[:-len(s)]) or name[:-len(s)] in regions):
            return "region-grammar"
    # a town written after its county: 内乡县湍东镇
    for k in range(2, len(name) - 1):
        if g.lookup(name[:k]) and g.lookup(name[k:]):
            return "division"
    return "other"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", nargs="?", default=str(REPORTS))
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = read_patterns(default_patterns_path("regions.jsonl"))
    regions = set(words(rows, "REGION")) | set(words(rows, "REGION_STEM"))
    suffixes = sorted(words(rows, "REGION_SUFFIX"), key=len, reverse=True)
    nlp = build_pipeline()
    keep = ("govkg_report", "govkg_agencies", "govkg_places")
    mentions, n_reports = [], 0
    with nlp.select_pipes(enable=list(keep)):
        for rid, text, place in reports(Path(args.root)):
            n_reports += 1
            doc = process(text, nlp=nlp, jurisdiction=place)
            f = doc._.govkg
            for m in f.mentions:
                if m.label == "PLACE":
                    lo, hi = max(0, m.start - 8), min(len(text), m.end + 8)
                    mentions.append({"report": rid, "name": m.name, "rule": m.rule, "code": m.canonical,
                                     "context": doc.text[lo:hi].replace("\n", " ")})
    kinds = Counter()
    names: dict[str, str] = {}
    for m in mentions:
        m["class"] = names.setdefault(m["name"], classify(m["name"], regions, suffixes))
        kinds[m["class"]] += 1
    distinct = Counter(m["name"] for m in mentions)
    dkinds = Counter(names[n] for n in distinct)
    print(f"reports {n_reports}; place mentions {len(mentions)}; distinct names {len(distinct)}")
    for k, v in kinds.most_common():
        print(f"  mentions {k:15} {v:6} {v / max(1, len(mentions)):.1%}   distinct {dkinds[k]}")
    other = Counter(m["name"] for m in mentions if m["class"] == "other")
    print("top names neither division nor region:", other.most_common(40))
    print("top names:", distinct.most_common(40))
    rng = random.Random(args.seed)
    sample = rng.sample(mentions, min(args.sample, len(mentions)))
    print(f"\nsample of {len(sample)} mentions (seed {args.seed}):")
    for m in sample:
        print(f"  {m['name']:12} {m['class']:14} {m['rule']:10} {m['report']:20} …{m['context']}…")
    if args.json:
        Path(args.json).write_text(json.dumps({"mentions": mentions}, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
