"""Audit the report header reader on a folder of collected work reports.

Reads the collections under ``--reports`` (default ``../shared/reports``; the
texts are never copied into the repository), runs only the govkg_report
component over each report, with the collection's metadata as hints and
without, and checks jurisdiction, year and title against the metadata::

    .venv/bin/python benchmarks/header_audit.py --reports ../shared/reports [--list]

The collections' year columns name the year a work report was delivered, so
the expected gk:year (the reviewed year, docs/model.md) is that year minus one.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import re
import sys
from collections import Counter

import spacy

from govkg.extractor.components import report  # noqa: F401  (registers govkg_report)
from govkg.extractor.formats.chinese import simplify
from shared_data import REPORTS  # benchmarks/shared_data.py: GOVKG_SHARED or ../shared

_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|省|市|县|区)$")
_DIRTY_TITLE = re.compile(r"标题|[:：]|——|—|在.*会议|\d{1,2}月\d{1,2}日|[ \u3000]|[(（]\s*(?:\d|在)")


def stem(name: str | None) -> str:
    """A name without its level suffix (清苑区 → 清苑, 易县 stays 易县 as a one-character stem is kept whole)."""
    if not name:
        return ""
    s = _SUFFIX.sub("", name)
    return s if len(s) >= 2 else name


def reports(root: str):
    """(collection, id, text, hints, expected place, expected delivery year) for every report."""
    jl = os.path.join(root, "chinese-political-corpora/government_work_reports.jsonl")
    with open(jl, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("year") is None:
                continue  # the NPC's resolutions on the report
            yield ("jsonl", row["title"], row["content"], {"title": row["title"]}, "中华人民共和国", int(row["year"]))
    for path in sorted(glob.glob(os.path.join(root, "china-provincial-gov-reports-2026/output/2026_raw_text/*.csv"))):
        with open(path, encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                hints = {"place": row["province"], "title": row["title"], "published": row["publish_date"],
                         "year": row["year"]}
                yield ("csv", os.path.basename(path), row["full_text"], hints, row["province"], int(row["year"]))
    for path in sorted(glob.glob(os.path.join(root, "gaoyang-towel-resilience/data/government_reports/*.txt"))):
        place, year = os.path.basename(path).split("_")[:2]
        with open(path, encoding="utf-8") as fh:
            yield ("txt", os.path.basename(path), fh.read(), {}, place, int(year))
    import openpyxl

    wb = openpyxl.load_workbook(os.path.join(root, "gaoyang-towel-resilience/data/policies/保定市各县政府工作报告.xlsx"),
                                read_only=True)
    rows = list(wb["Sheet1"].iter_rows(values_only=True))
    head = rows[0]
    for r in rows[1:]:
        d = dict(zip(head, r))
        if not d.get("报告全文"):
            continue
        text = str(d["报告全文"]).replace("\\r\\n", "\n")
        hints = {"place": d["区县名称"], "city": d["所属城市"], "province": d["所属省份"], "year": str(d["年份"]),
                 "title": d["报告标题"]}
        # The title decides where the county column is wrong (高唐县 filed under 唐县, 米易县 under 易县).
        expected = d["区县名称"]
        named = re.sub(r"\d{4}年", "", d["报告标题"]).replace("保定市", "")
        m = re.match(r"([\u4e00-\u9fff]{1,3}?[县区市])", named)
        if m and stem(m.group(1)) != stem(expected):
            expected = m.group(1)
        yield ("xlsx", f'{d["区县名称"]}-{d["年份"]}', text, hints, expected, int(d["年份"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", default=str(REPORTS))
    ap.add_argument("--list", action="store_true", help="list every failure")
    args = ap.parse_args(argv)
    nlp = spacy.blank("zh")
    nlp.add_pipe("govkg_report")
    items = list(reports(args.reports))
    for mode in ("hints", "text only"):
        score, fails, sources = Counter(), [], Counter()
        for coll, ident, text, hints, place, year in items:
            text = simplify(text)
            f = nlp(text, component_cfg={"govkg_report": {"hints": hints if mode == "hints" else {}}})._.govkg
            ok_place = stem(f.jurisdiction) == stem(place) or (place == "中华人民共和国" == f.jurisdiction)
            ok_year = f.year == year - 1
            ok_title = bool(f.title) and not _DIRTY_TITLE.search(f.title)
            score["place"] += ok_place
            score["year"] += ok_year
            score["title"] += ok_title
            score["title present"] += bool(f.title)
            # The containing province and city, from the gazetteer's hierarchy.
            want = {"jsonl": (None, None), "csv": (place, None),
                    "txt": ("河北省", "保定市" if place == "保定市" else None)}.get(coll)
            if coll == "xlsx":
                want = ("河北省", "保定市") if stem(place) == stem(hints["place"]) else (f.province, f.city)
            if coll == "txt" and place == "保定市":
                want = ("河北省", None)  # a city's report: the city is the jurisdiction itself
            ok_tree = (f.province, f.city) == want
            score["province/city"] += ok_tree
            if not ok_tree and mode == "hints":
                fails.append(("hierarchy", ident, want, (f.province, f.city)))
            sources[f"place:{f.jurisdiction_source}"] += 1
            sources[f"year:{f.year_source}"] += 1
            sources[f"issued:{f.issued_source}"] += 1
            sources["year conflicts"] += bool(f.year_conflict)
            if not (ok_place and ok_year and (ok_title or not f.title)):
                fails.append((coll, ident, place, f.jurisdiction, f.jurisdiction_source, year - 1, f.year,
                              f.year_source, f.title, f.year_conflict))
        n = len(items)
        print(f"== {mode}: {n} reports")
        for k in ("place", "province/city", "year", "title", "title present"):
            print(f"   {k:14s} {score[k]:4d}/{n} = {score[k] / n:.1%}")
        print("   sources:", dict(sorted(sources.items())))
        if args.list:
            for row in fails:
                print("   FAIL", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
