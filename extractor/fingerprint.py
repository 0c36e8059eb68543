"""A report's text fingerprint: the same report in another script, encoding or format.

Two files hold the same report when their texts agree once everything a
copy changes without changing the report is taken away: the script
(Traditional characters become Simplified, with the same OpenCC conversion
the reader uses), the width and compatibility forms of characters (NFKC:
full-width digits and letters), whitespace and line breaks, punctuation,
the page chrome a web page wraps around the text (`is_chrome_line`), and
the short menu words (下载, 打印, 收藏 ...) such a page puts on lines of
their own before and after the report.

Equality is exact: a copy with one word changed (a newspaper's version of
the report, say) has another fingerprint. The content hash
(``gk:contentHash``) tells byte-identical texts; the fingerprint
(``gk:textFingerprint``) tells the same report in another dress.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache

from .chrome import is_chrome_line
from .formats.chinese import to_simplified

__all__ = ["normalised_text", "text_fingerprint"]

# Lines of at most this many letters (after normalising) at the start or end
# of a text are page menu words (下载, 打印, 全屏, 【字号：加大】), not the
# report: a report's first line is its title, a sentence or a heading, and
# any shorter line there is dropped from every copy alike.
_EDGE_WORDS = 4
# Unicode categories dropped: punctuation (P*), separators and spaces (Z*),
# and control and format characters (C*: \t, \n, zero-width spaces).
_DROPPED = ("P", "Z", "C")


@lru_cache(maxsize=4)  # a build reads it for the same-report check, and the RDF writer again
def text_fingerprint(text: str) -> str:
    """The SHA-256 digest (lowercase hex) of `normalised_text`.

    Parameters
    ----------
    text : str
        A report's decoded text, in either script.

    Returns
    -------
    str
        64 hexadecimal digits; equal for copies that differ only in script,
        character width, whitespace, punctuation and page chrome.

    Examples
    --------
    >>> text_fingerprint("推進法治政府建設。\\n") == text_fingerprint("推进法治政府建设\\r\\n")
    True
    >>> text_fingerprint("推进法治政府建设") == text_fingerprint("推进法治社会建设")
    False
    """
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()


def normalised_text(text: str) -> str:
    """The letters of `text` that make the report: what `text_fingerprint` digests.

    Examples
    --------
    >>> normalised_text("下载\\n打印\\n來源：新華社\\n一、２０２５年工作回顧\\n（一）穩住經濟增長。\\n相关报道")
    '一2025年工作回顾一稳住经济增长'
    """
    lines = [_letters(line) for line in to_simplified(text).split("\n") if not is_chrome_line(line)]
    lines = [line for line in lines if line]
    start, end = 0, len(lines)
    while start < end and len(lines[start]) <= _EDGE_WORDS:
        start += 1
    while end > start and len(lines[end - 1]) <= _EDGE_WORDS:
        end -= 1
    return "".join(lines[start:end])


def _letters(line: str) -> str:
    """`line` in NFKC form without punctuation, spaces and control characters."""
    return unicodedata.normalize("NFKC", line).translate(_DROP)


class _Dropped(dict):
    """A `str.translate` table that drops the characters of the `_DROPPED` categories: each
    character's category is looked up once, not once for each time it occurs."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)).startswith(_DROPPED) else code
        self[code] = value
        return value


_DROP = _Dropped()
