"""Read a text PDF: its lines rejoined into paragraphs, page furniture removed.

pdfminer.six reads each page's characters with their positions; characters
on one baseline make a line, whatever their font (reports set digits and
quotation marks in another font than the Chinese text, which pdfminer's own
layout analysis splits off), and rotated ones (watermarks) are left out.
From these lines:

1. **Page furniture goes.** Among the first and last three lines of each
   page, a page number ("- 3 -", "— 3 —", "第3页", "第3页 共12页", "3/12",
   "Page 3", a bare number) is dropped, and so is a running header or
   footer: a line that, digits aside, stands at the top or bottom of at
   least half the pages (and of two at least). A page's top line set in a
   smaller font than the body and well above it is a header too, so that
   the header of a one-page file goes as well.
2. **Lines become paragraphs again.** A line continues the paragraph before
   it when that one ran to the right margin, the line is not indented (the
   first line of a Chinese paragraph is indented two characters), is set in
   the same size, follows at the usual line spacing, and is not an outline
   heading (一、 (一) 1.) after a finished sentence. This holds across a page
   break too, so a paragraph that a page break split is one line again.
   Consecutive centred lines in a large size (a title set on two lines) are
   joined as well.
3. Where characters stand apart, a space is put only between two Latin
   words: next to a Chinese character a gap is spacing (justified text, or
   the quarter em Word sets between Chinese and digits: "2023 年"). Spaces
   the PDF has are kept.

A PDF without text on any page is a scan: its text would need OCR, which
is not done here. Damaged and truncated files are refused before they are
parsed: pdfminer reads past a missing end by scanning for objects and would
return the first pages of a cut file as if they were all of it.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTPage
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from govkg.errors import InputError

from ..layout import OUTLINE_START, PAGE_NUMBER

from . import Content, join_paragraphs

__all__ = ["read_pdf"]

_DAMAGED = "PDF is damaged or truncated: {}"
_NO_TEXT = "PDF has no text layer (scanned?); OCR is out of scope"
_NO_UNICODE = "PDF text cannot be decoded: its fonts have no Unicode mapping"

# The end-of-file mark must stand in the file's last bytes (producers may add
# a little after it: a newline, padding).
_EOF_WINDOW = 2048
_HEADER_WINDOW = 1024

# How many lines at the top and at the bottom of a page may be furniture.
_BAND = 3
_SENTENCE_END = tuple("。！？；：!?;:")
# A run that line breaking keeps together: opening brackets, Latin letters and
# digits with their signs, closing brackets and the punctuation that may not
# begin a line.
_WORD = re.compile(r"[“‘\"'(（《〈\[【]*[A-Za-z0-9+\-−.,%‰/:_&@#·—–~]+[”’\"')）》〉\]】，。、；：？！,.;:?!]*")
_HALF_WIDTH = 0.55
_CHINESE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019]")
_CID = re.compile(r"\(cid:\d+\)")
_INSTITUTION = re.compile(r"(?:政府|委员会|办公室|办公厅|局|厅|委|院|署|部|中心|办)$")
_FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|txt|rtf)$|^Microsoft Word - ", re.IGNORECASE)

# Tolerances, in character widths (the body's font size).
_FULL_LINE = 2.0  # a line this close to the right margin ran to it
_INDENT = 0.8  # a line starting this far right of the margin is indented
_SAME_SIZE = 0.15  # relative difference of font sizes still "the same"
_PARAGRAPH_GAP = 1.6  # a gap this many times the usual line spacing ends a paragraph
_SAME_LINE = 0.4  # characters whose baselines differ by less than this stand on one line
_WORD_GAP = 0.15  # a gap this wide between Latin letters is a space
_COLUMN_GAP = 3.0  # a gap this wide within a line separates columns
_OVERPRINT = 0.2  # the same character this close to itself is drawn twice
_LARGE = 1.15  # a font this many times the body's is a title's
_SMALL = 0.9  # a font this many times the body's, or less, is a running header's


@dataclass(frozen=True)
class _Row:
    """One line of a page: its extent, baseline, font size and text."""

    x0: float
    x1: float
    y: float
    size: float
    text: str


@dataclass(frozen=True)
class _Geometry:
    """A page's text block: margins, character width and line spacing."""

    left: float
    right: float
    char: float
    leading: float


def read_pdf(data: bytes, *, name: str) -> Content:
    """Read a text PDF into paragraphs.

    Parameters
    ----------
    data : bytes
        The whole file.
    name : str
        What to call it in error messages, usually its path.

    Returns
    -------
    Content
        The text, one paragraph a line; the title and issuer (author) from
        the document information when they look like ones.

    Raises
    ------
    InputError
        If the file is damaged or truncated, encrypted, has no text layer
        (a scan), or its text cannot be decoded.

    Examples
    --------
    >>> read_pdf(b"%PDF-1.7\\n1 0 obj", name="cut.pdf")
    Traceback (most recent call last):
    ...
    govkg.errors.InputError: cut.pdf: PDF is damaged or truncated: no end-of-file marker (%%EOF)
    """
    _check_envelope(data, name)
    pages, info = _parse(data, name)
    text = "".join(row.text for rows in pages for row in rows)
    if not text.strip():
        raise InputError(name, _NO_TEXT)
    if len("".join(_CID.findall(text))) > len(text) / 2:
        raise InputError(name, _NO_UNICODE)
    pages = _drop_furniture(pages)
    paragraphs = _paragraphs(pages)
    if not any(paragraph.strip() for paragraph in paragraphs):
        raise InputError(name, _NO_TEXT)
    title = _info_text(info, "Title")
    author = _info_text(info, "Author")
    return Content(
        text=join_paragraphs(paragraphs),
        title=title if title and not _FILE_NAME.search(title) else None,
        issuer=author if author and _INSTITUTION.search(author) else None,
    )


def _check_envelope(data: bytes, name: str) -> None:
    """Refuse a file without the PDF header or without the end-of-file mark."""
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise InputError(name, _DAMAGED.format("no %PDF- header"))
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise InputError(name, _DAMAGED.format("no end-of-file marker (%%EOF)"))


def _parse(data: bytes, name: str) -> tuple[list[list[_Row]], dict]:
    """Lay out every page into rows, and read the document information."""
    try:
        with _quiet("pdfminer"):
            return _parse_quietly(data)
    except PDFPasswordIncorrect as exc:
        raise InputError(name, "PDF is encrypted: it needs a password") from exc
    except PDFEncryptionError as exc:
        raise InputError(name, f"PDF is encrypted in a way that cannot be read: {_reason(exc)}") from exc
    # A damaged file can fail the parser in many ways (its own errors, but also
    # KeyError, ValueError, zlib.error ...); each one means the same to the user.
    except Exception as exc:  # noqa: BLE001
        raise InputError(name, _DAMAGED.format(_reason(exc))) from exc


def _parse_quietly(data: bytes) -> tuple[list[list[_Row]], dict]:
    """`_parse` without the translation of its errors."""
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    info = document.info[-1] if document.info else {}
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=None)  # lines are made here (see _rows)
    interpreter = PDFPageInterpreter(resources, device)
    pages = []
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        pages.append(_rows(device.get_result()))
    return pages, info


@contextlib.contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """Silence a library's warnings for a while (pdfminer warns, for one, that it ignores a ban on copying)."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _reason(exc: Exception) -> str:
    """An exception's message on one short printable line, or its class name."""
    return " ".join("".join(c for c in str(exc) if c.isprintable()).split())[:80] or type(exc).__name__


def _rows(layout: LTPage) -> list[_Row]:
    """The page's lines from top to bottom, built from its characters.

    Characters on one baseline make a line, whatever their font: reports set
    digits, Latin letters and quotation marks in another font than the
    Chinese text, with other ascents and descents (pdfminer's own layout
    analysis then splits a line into pieces). Rotated characters (a
    watermark, vertical text) are left out.
    """
    glyphs = sorted(
        (glyph for glyph in _glyphs(layout) if _horizontal(glyph) and glyph.get_text()),
        key=lambda glyph: -glyph.matrix[5],
    )
    lines: list[list[LTChar]] = []
    for glyph in glyphs:
        if lines and lines[-1][-1].matrix[5] - glyph.matrix[5] < _SAME_LINE * glyph.size:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    rows = []
    for line in lines:
        line.sort(key=lambda glyph: glyph.x0)
        inked = [glyph for glyph in line if glyph.get_text().strip()]
        if inked:
            rows.append(
                _Row(
                    x0=inked[0].x0,
                    x1=max(glyph.x1 for glyph in inked),
                    y=inked[0].matrix[5],
                    size=statistics.median(glyph.size for glyph in inked),
                    text=_line_text(line),
                )
            )
    return rows


def _line_text(line: list[LTChar]) -> str:
    """The text of a line of characters sorted left to right.

    Where characters stand apart without a space between them, a space is
    put between two Latin words and a tab between columns; next to a
    Chinese character a gap is only spacing (justified text, or the quarter
    em Word and LibreOffice set between Chinese and Latin: "2023 年"). A
    character drawn twice on itself (fake bold) counts once.
    """
    out: list[str] = []
    previous: LTChar | None = None
    for glyph in line:
        text = glyph.get_text()
        if previous is not None:
            if text == previous.get_text() and abs(glyph.x0 - previous.x0) < _OVERPRINT * glyph.size:
                continue
            gap = glyph.x0 - previous.x1
            if gap > _COLUMN_GAP * glyph.size:
                out.append("\t")
            elif gap > _WORD_GAP * glyph.size and not (
                _CHINESE.match(text) or _CHINESE.match(previous.get_text()) or text.isspace() or previous.get_text().isspace()
            ):
                out.append(" ")
        out.append(text)
        previous = glyph
    return "".join(out).strip()


def _glyphs(item) -> Iterator[LTChar]:
    """The characters anywhere in a layout item (in figures too)."""
    if isinstance(item, LTChar):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from _glyphs(child)


def _horizontal(glyph: LTChar) -> bool:
    """Whether a character is set upright on a horizontal line (not rotated or mirrored)."""
    a, b, c, d, _, _ = glyph.matrix
    return a > 0 and d > 0 and abs(b) < 1e-3 * a and abs(c) < 1e-3 * d


def _drop_furniture(pages: list[list[_Row]]) -> list[list[_Row]]:
    """Remove page numbers and running headers and footers from the top and bottom of pages."""
    repeated: Counter[str] = Counter()
    for rows in pages:
        repeated.update({_furniture_key(row.text) for row in _band(rows)})
    needed = max(2, math.ceil(len(pages) / 2))
    running = {key for key, count in repeated.items() if count >= needed}
    kept = []
    for rows in pages:
        band = {id(row) for row in _band(rows)}
        kept.append(
            [
                row
                for row in rows
                if id(row) not in band
                or not (PAGE_NUMBER.match(row.text.strip()) or _furniture_key(row.text) in running)
            ]
        )
    # A header that cannot be seen to repeat (a one-page file, a header that
    # names the page): the top line, in a smaller font, set well apart.
    body = _geometry([row for rows in kept for row in rows], None)
    for rows in kept:
        if len(rows) > 1 and rows[0].size <= _SMALL * body.char and rows[0].y - rows[1].y > _PARAGRAPH_GAP * body.leading:
            del rows[0]
    return kept


def _band(rows: list[_Row]) -> list[_Row]:
    """The rows where furniture stands: the first and last few of a page."""
    return rows[:_BAND] + rows[max(_BAND, len(rows) - _BAND) :]


def _furniture_key(text: str) -> str:
    """A line's text with white space removed and each number as #, so that page headers compare equal."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _paragraphs(pages: list[list[_Row]]) -> list[str]:
    """Join the rows of all pages into paragraphs."""
    fallback = _geometry([row for rows in pages for row in rows], None)
    paragraphs: list[str] = []
    previous: tuple[_Row, _Geometry] | None = None
    for rows in pages:
        geometry = _geometry(rows, fallback)
        for index, row in enumerate(rows):
            if previous is not None and _continues(*previous, row, geometry, same_page=index > 0):
                paragraphs[-1] = _join(paragraphs[-1], row.text)
            else:
                paragraphs.append(row.text)
            previous = (row, geometry)
    return paragraphs


def _geometry(rows: list[_Row], fallback: _Geometry | None) -> _Geometry:
    """Margins, character width and line spacing of a page (of the document when it has few lines)."""
    if fallback is not None and len(rows) < 6:
        return fallback
    if not rows:
        return _Geometry(left=0.0, right=0.0, char=1.0, leading=1.0)
    char = statistics.median(row.size for row in rows)
    left = Counter(round(row.x0) for row in rows).most_common(1)[0][0]
    ends = sorted(row.x1 for row in rows)
    right = ends[min(len(ends) - 1, int(len(ends) * 0.9))]
    gaps = [a.y - b.y for a, b in zip(rows, rows[1:]) if 0 < a.y - b.y < 3 * char]
    leading = statistics.median(gaps) if gaps else 1.2 * char
    return _Geometry(left=left, right=right, char=char, leading=leading)


def _continues(previous: _Row, before: _Geometry, row: _Row, here: _Geometry, *, same_page: bool) -> bool:
    """Whether `row` continues the paragraph that `previous` belongs to."""
    same_size = abs(previous.size - row.size) <= _SAME_SIZE * max(previous.size, row.size)
    # The line ran to the margin, or stopped short of it because the word that
    # opens the next line (a number, "1+2+N", a quotation) did not fit.
    room = before.right - previous.x1
    ran_to_margin = room <= max(_FULL_LINE * before.char, _width(_first_word(row.text), before.char) + 0.5 * before.char)
    if same_size and row.size > _LARGE * here.char and _centred(row, here) and (ran_to_margin or _centred(previous, before)):
        return True  # a title set on two lines
    indented = row.x0 > here.left + _INDENT * here.char
    heading = previous.text.rstrip().endswith(_SENTENCE_END) and bool(OUTLINE_START.match(row.text))
    spaced = same_page and previous.y - row.y > _PARAGRAPH_GAP * here.leading
    return ran_to_margin and same_size and not indented and not heading and not spaced


def _first_word(text: str) -> str:
    """What must stand at the start of a line with the rest of its word: a Latin or number run, with its brackets."""
    match = _WORD.match(text)
    return match.group() if match and any(char.isascii() and char.isalnum() for char in match.group()) else text[:1]


def _width(text: str, char: float) -> float:
    """The width `text` takes: a character width for each Chinese character, about half that for Latin ones."""
    return sum(_HALF_WIDTH * char if c.isascii() else char for c in text)


def _centred(row: _Row, geometry: _Geometry) -> bool:
    """Whether `row` stands in the middle between the margins (a full line does too)."""
    middle = (geometry.left + geometry.right) / 2
    return abs((row.x0 + row.x1) / 2 - middle) < 2 * geometry.char


def _join(paragraph: str, line: str) -> str:
    """Append a line to a paragraph: directly in Chinese, with a space between two Latin words."""
    if paragraph[-1:].isascii() and paragraph[-1:].isalpha() and line[:1].isascii() and line[:1].isalpha():
        return f"{paragraph} {line}"
    return paragraph + line


def _info_text(info: dict, key: str) -> str | None:
    """A text entry of the document information, decoded and trimmed, or None."""
    value = resolve1(info.get(key))
    if isinstance(value, bytes):
        value = decode_text(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.replace("\x00", "").split())
    return value or None
