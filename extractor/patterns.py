"""Pattern files: JSONL lines ``{"label", "pattern", "id"}`` that users can extend.

One item a line, as in spaCy's rulers: a word list holds one word a row
(``{"label": "ADVERB", "pattern": "进一步"}``), and rows that belong together
share their ``id`` (the names of one region, the labels of one header field).
A row of label ``AGENCY``, ``PURPOSE`` or the like holds one regular expression.

Each component owns one file under ``extractor/patterns/``; a user adds lines
to a copy and names it in the component's ``patterns`` setting, or calls
``add_patterns`` on the component.  Word lists several components read
(verbs, adverbs, slogans) belong to the shared vocabulary, the
``govkg_vocab`` component (`govkg.extractor.components.vocab`).  Code that
is no component (the outline grammar, number reading) reads the bundled
files through `bundled_words`, the one loader, so that no list is typed
again in code.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["Pattern", "read_patterns", "write_patterns", "default_patterns_path", "alternation", "any_of",
           "words", "bundled_rows", "bundled_words"]

Pattern = dict  # {"label": str, "pattern": str, "id": str (optional)}


def default_patterns_path(name: str) -> Path:
    """Path of the bundled pattern file ``name`` (e.g. ``"agencies.jsonl"``)."""
    return Path(str(files("govkg.extractor") / "patterns" / name))


def read_patterns(path: str | Path) -> list[Pattern]:
    """Read a JSONL pattern file; a malformed line is an error naming file and line."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON line ({exc.msg})") from None
            if not isinstance(row, dict) or "label" not in row or "pattern" not in row:
                raise ValueError(f"{path}:{n}: a pattern line needs 'label' and 'pattern'")
            rows.append(row)
    return rows


def write_patterns(path: str | Path, rows: list[Pattern]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def words(rows: list[Pattern], label: str, **where) -> list[str]:
    """The items of the rows labelled ``label`` (one a row), in file order.

    ``where`` keeps only rows whose fields have the given values.

    Examples
    --------
    >>> rows = [{"label": "UNIT", "pattern": "个"}, {"label": "UNIT", "pattern": "项", "counts": True},
    ...         {"label": "NAME", "pattern": "两个维护"}]
    >>> words(rows, "UNIT"), words(rows, "UNIT", counts=True)
    (['个', '项'], ['项'])
    """
    return [row["pattern"] for row in rows if row["label"] == label and row["pattern"]
            and all(row.get(k) == v for k, v in where.items())]


@lru_cache(maxsize=64)
def bundled_rows(name: str) -> tuple[Pattern, ...]:
    """The rows of the bundled pattern file ``name``, read once per process."""
    return tuple(read_patterns(default_patterns_path(name)))


def bundled_words(name: str, label: str, **where) -> tuple[str, ...]:
    """`words` of the bundled pattern file ``name``: the one way code outside a component reads a word list.

    Examples
    --------
    >>> bundled_words("divisions.jsonl", "TOWN_SUFFIX")
    ('街道', '苏木', '镇', '乡')
    """
    return tuple(words(list(bundled_rows(name)), label, **where))


@lru_cache(maxsize=256)
def alternation(options: tuple[str, ...]) -> re.Pattern:
    """A regex matching any of ``options``, longest first, as literal text."""
    ordered = sorted(set(options), key=len, reverse=True)
    return re.compile("|".join(re.escape(o) for o in ordered) or r"(?!x)x")


def any_of(rows: list[Pattern], label: str) -> re.Pattern:
    """One regex matching any of the regular expressions in the rows labelled ``label`` (none: never).

    Examples
    --------
    >>> any_of([{"label": "CUE", "pattern": "请予审议"}, {"label": "CUE", "pattern": "致以.{0,4}敬意"}], "CUE").pattern
    '(?:请予审议)|(?:致以.{0,4}敬意)'
    """
    return re.compile("|".join(f"(?:{r['pattern']})" for r in rows if r["label"] == label) or r"(?!x)x")
