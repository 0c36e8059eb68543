"""The hand-marked passages of full-length work reports (tests/data/gold-reports)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import shared_reports
import pytest

from govkg.evaluation import Gold

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "tests" / "data" / "gold-reports").glob("*.json"))
# The shared reports (never copied into the repository): GOVKG_SHARED or ../shared beside the checkout.
REPORTS = shared_reports()


def test_three_levels_are_marked():
    assert len(FILES) >= 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_annotation_is_gold_format_with_a_source(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    gold = Gold.from_dict(data["gold"], source=str(path))
    source = data["source"]
    assert 0 <= source["start"] < source["end"] and source["file"] and source["field"]
    assert gold.goals and gold.feeds
    assert {f.goal for f in gold.feeds} <= set(gold.goals)


@pytest.mark.skipif(REPORTS is None, reason="no shared folder: set GOVKG_SHARED or put ../shared beside the checkout")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_offsets_point_at_the_marked_text(path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from gold_reports import report_text

    data = json.loads(path.read_text(encoding="utf-8"))
    source = data["source"]
    passage = report_text(REPORTS, source)[source["start"]:source["end"]]
    plain = passage.replace("“", "").replace("”", "")
    for goal in data["gold"]["goals"]:
        assert goal.replace("“", "").replace("”", "") in plain
    for feed in data["gold"]["feeds"]:
        assert feed["action"] in passage
