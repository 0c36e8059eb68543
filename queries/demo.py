"""The demo: the bundled Nanyang 2023 report built into a store, and three of the library's questions asked."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..errors import GovkgError
from ..graph.build import BuildResult, build_reports
from .precompute import report_answers
from ..graph.store import open_store
from . import Rows, load_query, run

__all__ = ["DEMO_QUESTIONS", "DemoAnswer", "Demo", "demo"]

# Each question: the library query, its parameters, the question as people ask it, and the columns that answer it.
DEMO_QUESTIONS = [
    ("actions-feeding-goal", {"goal": "营商环境明显改善"},
     "哪些行动服务于“营商环境明显改善”? / Which actions feed 营商环境明显改善?", ["kind", "node_label", "link"]),
    ("goals-without-numbers", {}, "哪些目标背后没有任何数字? / Which goals have no number behind them?",
     ["outline", "goal_label", "actions"]),
    ("agencies-ranked", {}, "哪个机构行动最多? / Which agency acts most?", ["agency_label", "actions"]),
]
# Rows shown of each answer.
DEMO_ROWS = 15


@dataclass(frozen=True)
class DemoAnswer:
    """One question of the demo and its answer (the columns that answer it, the first `DEMO_ROWS` rows)."""

    name: str
    params: dict[str, str]
    question: str
    rows: Rows


@dataclass(frozen=True)
class Demo:
    """What the demo built, and its answers.

    `built` is the sample's `govkg.graph.build.BuildResult`: ``built``, or
    ``unchanged`` or ``duplicate`` when the store given holds it already.
    """

    sample: Path
    store: Path
    built: BuildResult
    answers: list[DemoAnswer]


def demo(store_dir: str | os.PathLike | None = None) -> Demo:
    """Build the bundled sample report into a store and ask it the `DEMO_QUESTIONS`.

    Parameters
    ----------
    store_dir : str or os.PathLike, optional
        A new or govkg store to build into and keep (the sample replaces its
        earlier build there, unless the store holds the same report from
        another source); default: a temporary store, removed after.

    Raises
    ------
    GovkgError
        The sample could not be built (the store is locked, or holds another
        report under the sample's IRI).

    Examples
    --------
    >>> result = demo()
    >>> result.answers[2].rows.rows[0][0]
    '南阳市人民政府'
    """
    sample = Path(str(files("govkg") / "samples" / "nanyang-2023.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(store_dir) if store_dir is not None else Path(tmp) / "store"
        with open_store(target, writable=True) as kg:
            built = build_reports(kg, [sample], force=True, answers=report_answers).results[0]
        if built.status in ("failed", "collision"):
            raise GovkgError(built.reason or f"{sample}: {built.status}")
        answers = []
        with open_store(target) as kg:
            for name, params, question, columns in DEMO_QUESTIONS:
                rows = run(kg.store, load_query(name), params)
                answers.append(DemoAnswer(name, params, question, _columns(rows, columns)))
    return Demo(sample, target, built, answers)


def _columns(rows: Rows, wanted: list[str]) -> Rows:
    """The few columns that answer the question, and the first rows."""
    idx = [rows.columns.index(c) for c in wanted if c in rows.columns]
    return Rows([rows.columns[i] for i in idx], [tuple(r[i] for i in idx) for r in rows.rows][:DEMO_ROWS])
