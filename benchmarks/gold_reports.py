"""Score the extractor on hand-marked passages of full-length work reports.

Each ``tests/data/gold-reports/*.json`` holds ``source`` (which report in the
shared reports folder, and the [start, end) character offsets of the passage
in the text as that file stores it) and ``gold`` (the gold format of
``tests/data/gold/GUIDELINES.md``, with goals and feeds marked for the
passage only).  The texts themselves stay out of the repository.

The whole report is extracted; goals are scored on the goal nodes whose
evidence sentence starts inside the passage, feeds as ``govkg eval`` scores
them (through contributes-to and sub-goal links, and through the action's own
label).

Usage::

    .venv/bin/python benchmarks/gold_reports.py --reports ../shared/reports
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from rdflib import RDF, RDFS

from govkg.extractor import extract
from govkg.evaluation import Gold, labels_match
from govkg.evaluation.feeds import score_feeds
from govkg.ontology.namespace import GK, NIF

GOLD_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold-reports"


def report_text(reports: Path, source: dict) -> str:
    """The text of the report ``source`` names, as its file stores it."""
    path = reports / source["file"]
    row, field = source["row"], source["field"]
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    elif path.suffix == ".csv":
        csv.field_size_limit(1 << 30)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    elif path.suffix == ".xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True)[source.get("sheet", "Sheet1")]
        values = list(sheet.iter_rows(values_only=True))
        rows = [dict(zip(values[0], v)) for v in values[1:]]
    else:
        raise ValueError(f"{path}: unknown format")
    match = [r for r in rows if all(r.get(k) == v for k, v in row.items()) and r.get(field)]
    if len(match) != 1:
        raise ValueError(f"{path}: {len(match)} rows match {row}")
    return match[0][field]


def passage_goals(graph, start: int, end: int) -> list[str]:
    """Labels of the goal nodes whose evidence sentence begins in [start, end)."""
    labels = []
    for goal in graph.subjects(RDF.type, GK.Goal):
        begins = [int(b) for s in graph.objects(goal, GK.evidence) for b in graph.objects(s, NIF.beginIndex)]
        if any(start <= b < end for b in begins):
            labels.append(str(graph.value(goal, RDFS.label)))
    return sorted(labels)


def score(path: Path, reports: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    source, gold = data["source"], Gold.from_dict(data["gold"], source=str(path))
    text = report_text(reports, source)
    graph = extract(text, source=gold.document)
    predicted = passage_goals(graph, source["start"], source["end"])
    correct = [p for p in predicted if any(labels_match(p, g) for g in gold.goals)]
    found = [g for g in gold.goals if any(labels_match(p, g) for p in predicted)]
    feeds = score_feeds(graph, gold)
    by_label = score_feeds(graph, gold, by_label=True)
    return {
        "passage": path.stem,
        "goals_tp": len(correct), "goals_pred": len(predicted), "goals_found": len(found), "goals_gold": len(gold.goals),
        "feeds_found": feeds.found, "feeds_by_label_found": by_label.found, "feeds_gold": feeds.gold,
        "goals_spurious": sorted(set(predicted) - set(correct)), "feeds_missed": feeds.missed,
        "feeds_by_label_missed": by_label.missed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, required=True, help="the shared reports folder")
    parser.add_argument("--show", action="store_true", help="list spurious goals and missed feeds")
    args = parser.parse_args()
    totals = dict.fromkeys(("goals_tp", "goals_pred", "goals_found", "goals_gold", "feeds_found",
                            "feeds_by_label_found", "feeds_gold"), 0)
    for path in sorted(GOLD_DIR.glob("*.json")):
        row = score(path, args.reports)
        for key in totals:
            totals[key] += row[key]
        p = row["goals_tp"] / row["goals_pred"] if row["goals_pred"] else 0.0
        r = row["goals_found"] / row["goals_gold"]
        print(f"{row['passage']:20} goals P {p:.3f} R {r:.3f} | feeds {row['feeds_found']}/{row['feeds_gold']}"
              f" | by label {row['feeds_by_label_found']}/{row['feeds_gold']}")
        if args.show:
            for key in ("goals_spurious", "feeds_missed", "feeds_by_label_missed"):
                for item in row[key]:
                    print(f"    {key}: {item}")
    p = totals["goals_tp"] / totals["goals_pred"]
    r = totals["goals_found"] / totals["goals_gold"]
    print(f"{'all':20} goals P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f} | feeds recall "
          f"{totals['feeds_found'] / totals['feeds_gold']:.3f} | by label "
          f"{totals['feeds_by_label_found'] / totals['feeds_gold']:.3f}")


if __name__ == "__main__":
    main()
