"""Pattern files: JSONL lines ``{"label", "pattern", "id"}`` that users can extend.

Each component owns one file under ``extractor/patterns/``; a user adds lines
to a copy and names it in the component's ``patterns`` setting, or calls
``add_patterns`` on the component.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["Pattern", "read_patterns", "write_patterns", "default_patterns_path", "alternation"]

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


def words(rows: list[Pattern], label: str) -> list[str]:
    """All alternatives listed under ``label`` (a pattern may hold several, split by |)."""
    out: list[str] = []
    for row in rows:
        if row["label"] == label:
            out.extend(w for w in row["pattern"].split("|") if w)
    return out


@lru_cache(maxsize=256)
def alternation(options: tuple[str, ...]) -> re.Pattern:
    """A regex matching any of ``options``, longest first, as literal text."""
    ordered = sorted(set(options), key=len, reverse=True)
    return re.compile("|".join(re.escape(o) for o in ordered) or r"(?!x)x")
