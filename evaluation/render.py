"""Render scores: a plain text table, the missed and spurious items, a JSON-ready dict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .kinds import KINDS, KindScore

__all__ = ["format_details", "format_table", "score_dict"]


def format_table(scores: Mapping[str, KindScore]) -> str:
    """Render scores as a plain text table.

    Parameters
    ----------
    scores : mapping of str to KindScore
        From :func:`score_graph` or :func:`micro_average`.

    Returns
    -------
    str
        Columns kind, P, R, F1, tp/pred and found/gold; ``-`` where a value is
        not defined (feeds precision).

    Examples
    --------
    >>> print(format_table({"places": KindScore("places", 1, 2, 1, 3, [], [])}))
    kind           |     P |     R |    F1 | tp/pred | found/gold
    places         | 0.500 | 0.333 | 0.400 |     1/2 |        1/3
    """
    header = ("kind", "P", "R", "F1", "tp/pred", "found/gold")
    rows = [header, *(_table_row(score) for score in scores.values())]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    widths[0] = max(widths[0], max(len(kind) for kind in KINDS))
    return "\n".join(_format_row(row, widths) for row in rows)


def _table_row(score: KindScore) -> tuple[str, ...]:
    recall_only = score.precision is None
    return (
        score.kind,
        _format_number(score.precision),
        _format_number(score.recall),
        _format_number(score.f1),
        "-" if recall_only else f"{score.tp_nodes}/{score.predicted_nodes}",
        f"{score.found}/{score.gold}",
    )


def _format_number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _format_row(row: Sequence[str], widths: Sequence[int]) -> str:
    first = row[0].ljust(widths[0])
    rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
    return " | ".join((first, *rest))


def format_details(scores: Mapping[str, KindScore]) -> str:
    """List missed gold items and spurious nodes per kind (for ``--show``).

    `scores` is as for :func:`format_table`; the result has one block per
    kind that has missed or spurious items.

    Examples
    --------
    >>> print(format_details({"places": KindScore("places", 1, 2, 1, 2, ["西峡县"], ["乡镇"])}))
    places: 1 missed, 1 spurious
      missed:   西峡县
      spurious: 乡镇
    """
    blocks = [_details_block(score) for score in scores.values() if score.missed or score.spurious]
    return "\n".join(blocks)


def _details_block(score: KindScore) -> str:
    lines = [f"{score.kind}: {len(score.missed)} missed, {len(score.spurious)} spurious"]
    lines += [f"  missed:   {item}" for item in score.missed]
    lines += [f"  spurious: {item}" for item in score.spurious]
    return "\n".join(lines)


def score_dict(score: KindScore) -> dict:
    """One score as plain values, for JSON output.

    Examples
    --------
    >>> score_dict(KindScore("places", 1, 2, 1, 2, ["西峡县"], ["乡镇"]))["precision"]
    0.5
    """
    return {"precision": score.precision, "recall": score.recall, "f1": score.f1, "found": score.found,
            "gold": score.gold, "correct": score.tp_nodes, "predicted": score.predicted_nodes,
            "missed": score.missed, "spurious": score.spurious}
