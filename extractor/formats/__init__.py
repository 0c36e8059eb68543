"""Readers of the file formats reports are published in, one module per format.

Each of `html`, `pdf` and `docx` has one public function,
``read_<format>(data, *, name) -> Content``: the report's text as published,
one paragraph a line with a blank line between paragraphs (the shape of the
plain-text corpus), and what the file's metadata tells of it. `chinese`
converts Traditional text to Simplified. `govkg.extractor.reading` chooses the
reader and builds the `Document`; the readers raise
`govkg.errors.InputError` for a file they cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Content", "iso_date", "join_paragraphs", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS"]

# The largest file read (and the most a .docx's XML may expand to): reports are a few MiB at most, and a file
# is held in memory whole.
DEFAULT_MAX_BYTES = 64 * 2**20
# The longest text taken: spaCy's own limit (nlp.max_length), which it enforces only after the text is built.
DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Content:
    """What a reader found in a file.

    Attributes
    ----------
    text : str
        The report's text as published, paragraphs one a line.
    title, issuer : str or None
        From the file's metadata, when it has them.
    published : str or None
        The publication date as ``YYYY-MM-DD``, when the file gives it.
    """

    text: str
    title: str | None = None
    issuer: str | None = None
    published: str | None = None


# Paragraph lines are trimmed of these: ASCII white space, the ideographic
# space used to indent paragraphs (　　), and the no-break space of &nbsp;.
_BLANKS = " \t\r\n\f\v\u3000\xa0"

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})(?!\d)")


def join_paragraphs(paragraphs: list[str]) -> str:
    """Trim each paragraph, drop the empty ones, and join them a blank line apart.

    Examples
    --------
    >>> join_paragraphs(["　　一、总体情况 ", "", "全年办结案件12件。"])
    '一、总体情况\\n\\n全年办结案件12件。'
    """
    return "\n\n".join(line for p in paragraphs if (line := p.strip(_BLANKS)))


def iso_date(text: str | None) -> str | None:
    """The first valid date written in `text`, as ``YYYY-MM-DD``, or None.

    Examples
    --------
    >>> iso_date("发布时间：2024年3月6日 09:30")
    '2024-03-06'
    >>> iso_date("2024/02/30") is None
    True
    """
    for match in _DATE.finditer(text or ""):
        year, month, day = (int(group) for group in match.groups())
        if 1 <= month <= 12 and 1 <= day <= _days_in(year, month):
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _days_in(year: int, month: int) -> int:
    """The number of days of `month` in `year`."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31
