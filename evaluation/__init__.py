"""govkg.evaluation: measure the extractor against hand-made gold annotations.

A tool that measures the extractor, not a part of it: it reads gold files,
runs the extractor on the reports they name and compares its graphs with them.
It imports the extractor and the ontology only.

- `gold`: read and validate gold files (`load_gold`, `Gold`).
- `labels`: the gold rule for comparing labels (`normalise`, `labels_match`).
- `kinds`: the kinds scored (`KINDS`) and their counts (`KindScore`).
- `score`: score one graph (`score_graph`) and sum over documents (`micro_average`);
  `metrics` and `feeds` score those two kinds.
- `render`: tables and details for people, plain dicts for JSON.
- `run`: the one call behind ``govkg eval`` (`evaluate_files`).
"""

from __future__ import annotations

from .gold import Gold, GoldFeed, GoldMetric, load_gold
from .kinds import ENTITY_KINDS, KINDS, KindScore
from .labels import labels_match, normalise
from .metrics import metric_name_matches
from .render import format_details, format_table, score_dict
from .run import evaluate_files
from .score import micro_average, score_graph

__all__ = [
    "ENTITY_KINDS",
    "KINDS",
    "Gold",
    "GoldFeed",
    "GoldMetric",
    "KindScore",
    "evaluate_files",
    "format_details",
    "format_table",
    "labels_match",
    "load_gold",
    "metric_name_matches",
    "micro_average",
    "normalise",
    "score_dict",
    "score_graph",
]
