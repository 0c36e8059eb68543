"""Check a store built from ``../shared/reports`` against the collections' own metadata.

The collections carry, for each report, whose it is and the year it was
delivered: the JSON Lines file is the State Council's (中华人民共和国), the
provincial CSVs name their province, the 河北省/保定市 text files name place
and year in their file names, and the XLSX names county, city and province.
Where a row's title names another jurisdiction than its place column (the
XLSX files 高唐县's reports under 唐县), the title decides, as the issue asks.

    govkg build ../shared/reports --store /tmp/reports-kg --jobs 2
    .venv/bin/python benchmarks/reports_check.py --store /tmp/reports-kg --reports ../shared/reports

prints the share of reports whose jurisdiction and year are right, the share
of place nodes that are official divisions or named regions, and each miss.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pyoxigraph as ox

from govkg.extractor.formats.collections import is_collection, read_collection
from govkg.extractor.gazetteer import NATION, gazetteer
from govkg.graph.store import open_store
from shared_data import REPORTS  # benchmarks/shared_data.py: GOVKG_SHARED or ../shared

_REPORTS = """
PREFIX gk: <https://w3id.org/govkg/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?source ?year ?plan ?code ?label WHERE {
  GRAPH ?g {
    ?g a gk:Report ; dcterms:source ?source .
    OPTIONAL { ?g gk:year ?year }
    OPTIONAL { ?g gk:planYear ?plan }
    OPTIONAL { ?g gk:inPlace ?place }
  }
  # a place's description is in the shared graph (graph/shared.py), or in the report's own in an older store
  OPTIONAL { ?place gk:divisionCode ?code }
  OPTIONAL { ?place rdfs:label ?label }
}"""
_PLACES = """
PREFIX gk: <https://w3id.org/govkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?place ?label ?code ?region WHERE {
  GRAPH ?g { ?place gk:evidence ?s . }
  ?place a gk:Place ; rdfs:label ?label .
  OPTIONAL { ?place gk:divisionCode ?code }
  OPTIONAL { ?place a ?region FILTER(?region = gk:Region) }
}"""
_TXT_NAME = re.compile(r"^(?P<place>.+?)_(?P<year>\d{4})_report$")


def expected(reports: Path) -> dict[str, tuple[str, int]]:
    """Source → (division code, delivery year), from the collections' metadata."""
    truth: dict[str, tuple[str, int]] = {}
    gz = gazetteer()
    for path in sorted(reports.rglob("*")):
        if path.suffix == ".txt" and (m := _TXT_NAME.match(path.stem)):
            division = gz.resolve(m["place"])
            truth[str(path)] = (division.code if division else "?", int(m["year"]))
        elif is_collection(path):
            for row in read_collection(path).rows:
                if row.status != "document":
                    continue
                meta = dict(row.document.metadata)
                truth[row.source] = (_code(meta, row.document.title or meta.get("title", "")), int(meta["year"]))
    return truth


def _code(meta: dict[str, str], title: str) -> str:
    gz = gazetteer()
    if "国务院" in title or "中华人民共和国" in title:
        return NATION.code
    scope = None
    for key in ("province", "city"):
        if meta.get(key):
            scope = gz.resolve(meta[key], within=scope) or scope
    # The title decides where it names a division: the innermost one it names (保定市满城区 → 满城区).
    depth = {"nation": 0, "province": 1, "city": 2, "county": 3, "town": 4}
    names = sorted({d for n in range(2, 8) for i in range(len(title) - n + 1)
                    for d in gz.lookup(title[i:i + n], within=scope) if d.name == title[i:i + n]},
                   key=lambda d: (-depth.get(d.level, 0), -len(d.name), d.code))
    column = gz.resolve(meta.get("place", ""), within=scope)
    # A title that names only the city (保定市徐水2011年…) leaves the column's county standing.
    if names and not (column and gz.contains(names[0], column) and names[0].code != column.code):
        return names[0].code
    return column.code if column else "?"


def check(store_dir: Path, reports: Path) -> dict:
    truth = expected(reports)
    with open_store(store_dir) as kg:
        rows = list(kg.store.query(_REPORTS, use_default_graph_as_union=True))
        places = list(kg.store.query(_PLACES, use_default_graph_as_union=True))
    found, misses = {}, []
    for row in rows:
        source = row["source"].value
        found[source] = row
    right_place = right_year = 0
    for source, (code, delivered) in sorted(truth.items()):
        row = found.get(_stored_name(source, found))
        if row is None:
            misses.append(f"not stored: {source}")
            continue
        got_code = row["code"].value if row["code"] is not None else None
        year = int(row["year"].value[:4]) if row["year"] is not None else None
        if got_code == code:
            right_place += 1
        else:
            label = row["label"].value if row["label"] is not None else None
            misses.append(f"jurisdiction {label} ({got_code}) expected {code}: {source}")
        if year in (delivered - 1, delivered):
            right_year += 1
        else:
            misses.append(f"year {year} for a report delivered in {delivered}: {source}")
    confirmed = {}
    for row in places:
        key = (row["g"].value, row["place"].value)
        confirmed[key] = confirmed.get(key, False) or row["code"] is not None or row["region"] is not None
    bad = sorted({row["label"].value for row in places
                  if not confirmed[(row["g"].value, row["place"].value)]})
    n = len(truth)
    return {"reports expected": n, "reports stored": len(found),
            "jurisdiction right": right_place, "jurisdiction share": round(right_place / n, 3),
            "year right": right_year, "year share": round(right_year / n, 3),
            "place nodes": len(confirmed), "place nodes confirmed": sum(confirmed.values()),
            "place share": round(sum(confirmed.values()) / max(1, len(confirmed)), 3),
            "unconfirmed place labels": bad, "misses": misses}


def _stored_name(source: str, found: dict) -> str:
    if source in found:
        return source
    return next((s for s in found if s.endswith(source) or source.endswith(s)), source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--reports", type=Path, default=REPORTS)
    parser.add_argument("--out", type=Path, help="Write the figures as JSON here.")
    args = parser.parse_args(argv)
    result = check(args.store, args.reports)
    for key, value in result.items():
        if isinstance(value, list):
            print(f"{key}: {len(value)}")
            for item in value:
                print(f"  {item}")
        else:
            print(f"{key}: {value}")
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
