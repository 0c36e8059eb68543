"""Run an evaluation: extract the reports that gold files annotate and score them.

This is the one call behind ``govkg eval``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..extractor import default_pipeline, extract_file
from ..extractor.tokenizer import DEFAULT_SEGMENTER

from .gold import load_gold
from .kinds import KindScore
from .score import micro_average, score_graph

__all__ = ["evaluate_files"]


def evaluate_files(
    gold_paths: Iterable[str | os.PathLike[str]],
    corpus: str | os.PathLike[str] | None = None,
    *,
    segmenter: str = DEFAULT_SEGMENTER,
) -> dict[str, KindScore]:
    """Extract the report each gold file names, score it, and micro-average the scores.

    Parameters
    ----------
    gold_paths : iterable of str or os.PathLike
        Gold ``*.json`` files (see :func:`~govkg.evaluation.gold.load_gold`).
    corpus : str or os.PathLike, optional
        The folder of the reports. By default each gold file's report is read
        from the ``corpus`` folder beside the gold file's folder
        (``gold/x.json`` → ``corpus/<document>``).
    segmenter : str, default "rjieba"
        What segments the blank pipeline's text (``"rjieba"`` or ``"jieba"``).

    Returns
    -------
    dict of str to KindScore
        The summed scores by kind (:func:`~govkg.evaluation.score.micro_average`).

    Raises
    ------
    ValueError
        A gold file that is not valid (its path leads the message).
    govkg.errors.InputError
        A report that cannot be read.

    Examples
    --------
    >>> from pathlib import Path
    >>> data = Path(__file__).resolve().parents[1] / "tests" / "data"
    >>> scores = evaluate_files([data / "gold" / "hangzhou-2019.json"], data / "corpus")
    >>> scores["agencies"].gold > 0 and scores["agencies"].found == scores["agencies"].gold
    True
    """
    nlp = default_pipeline(None, segmenter)
    scores = []
    for path in map(Path, gold_paths):
        gold = load_gold(path)
        report = Path(corpus or path.resolve().parent.parent / "corpus") / gold.document
        scores.append(score_graph(extract_file(report, nlp=nlp), gold))
    return micro_average(scores)
