"""The text's layout: what a report's words look like on the page, undone before reading them.

A report reaches govkg as published, and one published text differs from
another in layout before it differs in wording:

- **Soft line breaks.** Text copied out of a PDF (``pdftotext`` or a page's
  copy) breaks every line at the page's width, mid-word and mid-sentence,
  with page numbers (``— 3 —``) between the pages. A line break there is no
  paragraph's end.
- **Spacing.** Justified PDF text and some web pages put spaces between
  Chinese characters or after Chinese punctuation (``进 一步``, ``第 二，``,
  ``2023 年``). Chinese sets no spaces between words.
- **Full-width digits and letters** (``１２３``), as some pages set numbers.
- **Spacing left as HTML entities** (``&nbsp;``) by text copied out of a page, and characters that show
  nothing (zero-width spaces, soft hyphens).
- **Thousands separators** (``1,234件``): Chinese sets a number's digits together.
- **Line ends other than** ``\n`` (an old Mac's ``\r``, U+2028/U+2029), which files read from disk have
  already lost but text handed to the API may keep.

The rules read characters, so such a text would read as other words:
headings lost at a line's end, clauses opened by a space, numbers not
numbers. `clean_layout` returns the text the pipeline reads, with each of
its characters' place in the text as given, so that evidence still quotes
and points into the published text (see `Layout.source_start`).

Nothing changes in a text without these marks: its layout is returned as it is.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass

__all__ = ["Layout", "PAGE_NUMBER", "OUTLINE_START", "clean_layout"]

# A line that is a page number and nothing else: "- 3 -", "— 3 —", "第3页", "第3页 共12页", "3/12", "Page 3".
PAGE_NUMBER = re.compile(
    r"^(?:[-－—–~〜·•_\s]*\d{1,4}[-－—–~〜·•_\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
# Outline markers at the start of a line: 一、 (一) (1) 1. and a bare ")" left where "(一)" was lost.
OUTLINE_START = re.compile(
    r"^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、．.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)"
    r"|[)）](?=[\u4e00-\u9fff]))"
)

# Spacing inside a line: one ASCII, ideographic, no-break or thin space. A tab or a run of spaces
# separates a page's fields (来源：…  发布时间：…) or a role from a name, and stays.
_SPACE_RUN = re.compile(r"(?<![ \t\u3000\u00a0\u2002\u2003\u2009])[ \u3000\u00a0\u2002\u2003\u2009]"
                        r"(?![ \t\u3000\u00a0\u2002\u2003\u2009])")
# A page's spacing left as HTML entities in text taken from it (区长&nbsp; 某某, 。&nbsp;&nbsp;——).
_SPACE_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#160|#12288);", re.IGNORECASE)
# Characters that show nothing (zero-width space and joiners, word joiner, a byte-order mark inside the
# text, soft hyphen), left between words by pages and editors.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A line end that is not \n: a lone \r, NEL, vertical tab, form feed, Unicode's line and paragraph separators.
_LINE_BREAK = re.compile("\r(?!\n)|[\x85\x0b\x0c\u2028\u2029]")
# A number with ASCII thousands separators; a list of numbers (2020,2021; 1,2,3) has other groups.
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")
# A line ends its paragraph when it ends a sentence (a closing quote or bracket may follow).
_PARAGRAPH_END = re.compile(r"[。！？!?][”’」』)）]*$")
# Wrapped text: enough lines of one width (in full-width characters), within these bounds.
_MIN_WIDTH, _MAX_WIDTH = 16, 120
_MIN_WRAPPED_LINES, _WRAPPED_SHARE = 8, 0.25
# A full-width point between digits is a decimal point (６．４％ → 6.4%).
_DECIMAL_POINT = re.compile(r"(?<=[0-9])[．｡](?=[0-9])")
_FULL_WIDTH_ALNUM = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)


@dataclass(frozen=True)
class Layout:
    """The text the pipeline reads and where its characters stand in the text as given.

    Parameters
    ----------
    source : str
        The text as given (published; evidence quotes it).
    text : str
        The text with soft line breaks, spacing and full-width digits undone.
    offsets : array or None
        ``offsets[i]`` is the position in ``source`` of ``text[i]``; None when
        no character was removed (positions are the same).
    """

    source: str
    text: str
    offsets: array | None = None

    def source_start(self, i: int) -> int:
        """The position in ``source`` of the character at ``i`` in ``text`` (a span's start).

        Examples
        --------
        >>> layout = clean_layout("推进 法治")
        >>> layout.text, layout.source_start(2), layout.source[layout.source_start(2)]
        ('推进法治', 3, '法')
        """
        if self.offsets is None:
            return i
        return self.offsets[i] if i < len(self.text) else len(self.source)

    def source_end(self, i: int) -> int:
        """The position in ``source`` just after the character before ``i`` in ``text`` (a span's end).

        Examples
        --------
        >>> layout = clean_layout("推进 法治 建设")
        >>> layout.source[layout.source_start(0):layout.source_end(4)]
        '推进 法治'
        """
        if self.offsets is None or i == 0:
            return i
        return self.offsets[i - 1] + 1


def clean_layout(source: str) -> Layout:
    """Undo a text's soft line breaks, spacing between Chinese characters and full-width digits.

    Parameters
    ----------
    source : str
        A report's text as published.

    Returns
    -------
    Layout
        The text to read and its map back into ``source``.

    Examples
    --------
    >>> clean_layout("一、依法 履职。增长６．５％").text
    '一、依法履职。增长6.5％'
    >>> clean_layout("市司法局印发《办法》。").offsets is None
    True
    """
    # Line ends other than \n (an old Mac's \r, Unicode's line and paragraph separators) become \n, one for one.
    lines = _LINE_BREAK.sub("\n", source)
    cuts = _soft_breaks(lines) + _spacing(lines) + [m.span() for m in _SPACE_ENTITY.finditer(lines)] \
        + _thousands_separators(lines) + [m.span() for m in _INVISIBLE.finditer(lines)]
    text = lines
    offsets = None
    if cuts:
        text, offsets = _remove(lines, sorted(cuts))
    text = _DECIMAL_POINT.sub(".", text.translate(_FULL_WIDTH_ALNUM))
    return Layout(source, text, offsets)


def _width(line: str) -> float:
    """A line's width in full-width characters: ASCII letters, digits and signs take half."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in line)


def _measures(line: str) -> tuple[float, float]:
    """A line's length by characters and by width: a page breaks lines by width, a program by characters."""
    return float(len(line)), _width(line)


def _line_spans(source: str) -> list[tuple[int, int]]:
    """(start, end) of each line, its line break (and a CR before it) left out."""
    spans, start = [], 0
    for m in re.finditer(r"\r?\n|\r", source):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(source)))
    return spans


def _wrap_widths(lines: list[str]) -> dict[int, float]:
    """How a hard-wrapped text breaks its lines: the usual length by characters (0) and by width (1),
    each where enough lines have it; empty for a text whose lines are paragraphs."""
    content = [line for line in lines if line.strip()]
    open_ended = [line for line in content if not _PARAGRAPH_END.search(line)]
    found = {}
    for k in (0, 1):
        lengths = [round(_measures(line)[k]) for line in open_ended]
        lengths = [n for n in lengths if _MIN_WIDTH <= n <= _MAX_WIDTH]
        if not lengths:
            continue
        length, _ = Counter(lengths).most_common(1)[0]
        full = sum(1 for line in content if length - 1.5 <= _measures(line)[k] <= length + 0.5)
        if full >= max(_MIN_WRAPPED_LINES, _WRAPPED_SHARE * len(content)):
            found[k] = float(length)
    return found


def _full(line: str, widths: dict[int, float]) -> bool:
    """The line runs to the page's edge, by either measure (a line of digits holds more characters)."""
    measures = _measures(line)
    return any(measures[k] >= length - 1.5 for k, length in widths.items())


def _soft_breaks(source: str) -> list[tuple[int, int]]:
    """Spans to remove where a hard-wrapped paragraph runs on: the line break, page numbers between pages."""
    spans = _line_spans(source)
    # A line is measured with its indent: a paragraph's indented first line is as full as the others.
    lines = [source[a:b].rstrip() for a, b in spans]
    blank = [not line.strip() for line in lines]
    page = [not blank[i] and bool(PAGE_NUMBER.match(line.strip())) for i, line in enumerate(lines)]
    widths = _wrap_widths([line for i, line in enumerate(lines) if not page[i] and not blank[i]])
    if not widths:
        return []
    cuts = []
    for i, line in enumerate(lines):
        if blank[i] or page[i] or not _full(line, widths) or _PARAGRAPH_END.search(line):
            continue
        j = i + 1
        while j < len(lines) and (blank[j] or page[j]):
            j += 1
        if j == len(lines) or (any(blank[i + 1:j]) and not any(page[i + 1:j])):
            continue  # a blank line ends a paragraph; around a page number it is the page's margin
        if OUTLINE_START.match(lines[j]):
            continue  # a numbered heading starts its own line: the line before was a heading as long as a line
        # From the line's last visible character to the next line's first one.
        start = spans[j][0] + len(lines[j]) - len(lines[j].lstrip())
        cuts.append((spans[i][0] + len(line), start))
    return cuts


def _cjk(c: str) -> bool:
    """An ideograph or Chinese punctuation: a character Chinese sets no space beside."""
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3001 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E \
        or c in "“”‘’…—·"


def _spacing(source: str) -> list[tuple[int, int]]:
    """Spans of a single space inside a line with a Chinese character or Chinese punctuation on one side."""
    cuts = []
    for m in _SPACE_RUN.finditer(source):
        a, b = m.start(), m.end()
        if a == 0 or b == len(source):
            continue
        before, after = source[a - 1], source[b]
        if before in "\r\n" or after in "\r\n":
            continue  # indents and trailing spaces stand at a line's edge, where they say nothing
        if _cjk(before) or _cjk(after) or _spaced_number(source, a, b):
            cuts.append((a, b))
    return cuts


def _spaced_number(source: str, a: int, b: int) -> bool:
    """A space between two digits of one number set among Chinese (研究生1 7.5万人, 1 000吨, 1 9 9 8年).

    Every group before the last is one digit (a typesetter's gap), or the groups are a thousands
    separator's (1 000); other runs are several numbers (“1 10 100”), and a quoted name keeps its spaces.
    """
    if not (source[a - 1].isdigit() and source[b].isdigit()):
        return False
    left = a - 1
    while left > 0 and (source[left].isdigit() or source[left] == " "):
        left -= 1
    right = b
    while right < len(source) - 1 and (source[right].isdigit() or source[right] in ".．"
                                       or source[right] == " " and source[right + 1].isdigit()):
        right += 1
    if not (_cjk(source[left]) or _cjk(source[right]) or source[right] in "%"):
        return False
    groups = source[left + 1:right].strip().split(" ")
    typeset = all(len(g) == 1 for g in groups[:-1])
    thousands = len(groups) == 2 and len(groups[0]) <= 3 and len(groups[1].split(".")[0].split("．")[0]) == 3
    line = source.rfind("\n", 0, a) + 1
    quoted = source.count("“", line, a) > source.count("”", line, a)
    return (typeset or thousands) and not quoted


def _thousands_separators(source: str) -> list[tuple[int, int]]:
    """The commas of a number written with thousands separators (1,234件, 12,600,000元)."""
    return [(m.start() + i, m.start() + i + 1) for m in _THOUSANDS.finditer(source)
            for i, c in enumerate(m.group(0)) if c == ","]


def _remove(source: str, cuts: list[tuple[int, int]]) -> tuple[str, array]:
    """``source`` without the spans in ``cuts`` (sorted; overlaps allowed), and each kept character's position."""
    parts, offsets, pos = [], array("l"), 0
    for a, b in cuts:
        if a > pos:
            parts.append(source[pos:a])
            offsets.extend(range(pos, a))
        pos = max(pos, b)
    parts.append(source[pos:])
    offsets.extend(range(pos, len(source)))
    return "".join(parts), offsets
