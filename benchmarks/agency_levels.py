"""Audit of agencies across levels on the shared work reports (no gold): how many IRIs one body gets.

Reads the 河北省 and 保定市 .txt reports and the 保定 county rows of the XLSX from the shared
collection (nothing is copied), runs the report and agency components with each report's
place set as the header and gazetteer would set it (jurisdiction, level, province, city), and
counts the distinct agency IRIs that 省委, 省政府 and 保定市委 get across those reports.

Usage::

    python benchmarks/agency_levels.py [../shared/reports]
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl
import spacy

from govkg.extractor import pipeline  # noqa: F401  (registers the components)
from shared_data import REPORTS  # benchmarks/shared_data.py: GOVKG_SHARED or ../shared

# The XLSX names counties in short; the 唐县/易县 rows whose title names 高唐县/米易县 are other provinces'.
COUNTIES = {"博野": "博野县", "安国": "安国市", "安新": "安新县", "定兴": "定兴县", "容城": "容城县", "徐水": "徐水区",
            "曲阳": "曲阳县", "涞水": "涞水县", "涞源": "涞源县", "清苑": "清苑区", "满城": "满城区", "阜平": "阜平县",
            "顺平": "顺平县", "唐县": "唐县", "易县": "易县", "蠡县": "蠡县"}
BODIES = {"省委": ("省委", "中共河北省委", "河北省委"), "省政府": ("省政府", "省人民政府", "河北省政府", "河北省人民政府"),
          "保定市委": ("保定市委", "中共保定市委")}


def hebei_reports(root: Path):
    """(name, text, jurisdiction, level, province, city) of the reports of 河北省, 保定市 and its counties."""
    for path in sorted((root / "gaoyang-towel-resilience/data/government_reports").glob("*.txt")):
        text = path.read_text(encoding="utf-8").split("正文：", 1)[-1]
        place = path.stem.split("_")[0]
        yield path.stem, text, place, place[-1], "河北省", None
    book = openpyxl.load_workbook(root / "gaoyang-towel-resilience/data/policies/保定市各县政府工作报告.xlsx",
                                  read_only=True)
    rows = book["Sheet1"].iter_rows(values_only=True)
    head = next(rows)
    for i, values in enumerate(rows):
        row = dict(zip(head, values))
        title = str(row.get("报告标题") or "")
        if not row.get("报告全文") or "高唐" in title or "米易" in title:
            continue
        county = COUNTIES.get(row["区县名称"], row["区县名称"])
        yield f"{row['年份']}-{county}-{i}", str(row["报告全文"]).replace("\\r\\n", "\n"), county, county[-1], "河北省", "保定市"


def audit(root: Path) -> dict[str, Counter]:
    nlp = spacy.blank("zh")
    nlp.add_pipe("govkg_report")
    nlp.add_pipe("govkg_agencies")
    iris: dict[str, Counter] = defaultdict(Counter)
    for _, text, place, level, province, city in hebei_reports(root):
        doc = nlp.get_pipe("govkg_report")(nlp.make_doc(text), jurisdiction=place)
        f = doc._.govkg
        f.level, f.province, f.city = level, province, city
        nlp.get_pipe("govkg_agencies")(doc)
        for m in f.mentions:
            for body, names in BODIES.items():
                if body == "保定市委" and city == "保定市" and level != "市":
                    names = (*names, "市委")  # a county's 市委 is its city's (安国市's own 市委 is 安国市委)
                if m.label == "AGENCY" and m.name in names:
                    # The IRI rule of rdf.agency_iri: unresolved relative names are scoped to the report's place.
                    iri = f"{place}/{m.name}" if m.level and m.canonical == m.name else m.canonical
                    iris[body][iri] += 1
    return iris


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else REPORTS)
    for body, counts in audit(root).items():
        print(f"{body}: {len(counts)} distinct IRIs over {sum(counts.values())} mentions: {dict(counts.most_common(5))}")
