"""Read a Word (.docx) report: its paragraphs and tables, in document order.

python-docx reads the body: each paragraph is a line, and so is each row
of a table, its cells a tab apart (a merged cell counted once). A table
used for layout -- a cell holding several paragraphs, or a row of one cell
-- gives a line per paragraph instead. A manual line break inside a
paragraph (Shift+Enter) starts a new line. Page headers and footers,
footnotes and comments are not the report's text and are left out.

Word's automatic numbering is not part of a paragraph's text, yet reports
number their headings with it (一、, (一), 1.); the numbers are written
back in front of the paragraphs they belong to, for the common formats
(Chinese counting, decimal, letters, circled and Roman numbers).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from govkg.errors import InputError

from . import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Content, join_paragraphs

__all__ = ["read_docx"]

_NOT_DOCX = "not a valid .docx file: {}"
_INSTITUTION = re.compile(r"(?:政府|委员会|办公室|办公厅|局|厅|委|院|署|部|中心|办)$")
_FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|txt|rtf)$", re.IGNORECASE)
# Microsoft's compound file: an old .doc, or a .docx encrypted with a password.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What else a zip archive can be, by a file that marks it.
_OTHER_ZIPS = (
    ("xl/workbook.xml", "an Excel workbook"),
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("content.xml", "an OpenDocument file"),
)
# The text of a paragraph's runs, counted before python-docx builds the whole tree (the costly part).
_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def read_docx(data: bytes, *, name: str, max_bytes: int = DEFAULT_MAX_BYTES,
              max_chars: int = DEFAULT_MAX_CHARS) -> Content:
    """Read a .docx file.

    Parameters
    ----------
    data : bytes
        The whole file.
    name : str
        What to call it in error messages, usually its path.
    max_bytes : int
        The most its XML parts may expand to (a zip of repeated paragraphs
        expands a thousandfold).
    max_chars : int
        The longest text taken; a document with more is refused before it
        is parsed whole.

    Returns
    -------
    Content
        The text, one paragraph or table row a line; the title and issuer
        (author) from the document properties when they look like ones.

    Raises
    ------
    InputError
        If the file is not a zip archive, is a damaged one, holds no Word
        document, or is over a limit.

    Examples
    --------
    >>> read_docx(b"not a zip", name="report.docx")
    Traceback (most recent call last):
    ...
    govkg.errors.InputError: report.docx: not a valid .docx file: not a zip archive
    """
    document = _open(data, name, max_bytes, max_chars)
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        _add_block(block, numbering, lines)
    properties = document.core_properties
    title = " ".join((properties.title or "").split())
    author = " ".join((properties.author or "").split())
    return Content(
        text=join_paragraphs(lines),
        title=title if title and not _FILE_NAME.search(title) else None,
        issuer=author if _INSTITUTION.search(author) else None,
    )


def _open(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES,
          max_chars: int = DEFAULT_MAX_CHARS) -> WordDocument:
    """Open the file with python-docx, saying what is wrong when it is not a Word document or is over a limit."""
    if data.startswith(_OLE):
        raise InputError(name, _NOT_DOCX.format("a password-protected Word file or an old .doc file"))
    if not data.startswith(b"PK\x03\x04"):
        raise InputError(name, _NOT_DOCX.format("not a zip archive"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
            if "word/document.xml" in members:
                _check_size(archive, name, max_bytes, max_chars)
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error) as exc:
        raise InputError(name, _NOT_DOCX.format("damaged or truncated zip archive")) from exc
    if "word/document.xml" not in members:
        kind = next((kind for marker, kind in _OTHER_ZIPS if marker in members), "a zip archive")
        raise InputError(name, _NOT_DOCX.format(f"{kind}, not a Word document"))
    # A damaged part can fail python-docx in many ways (KeyError, ValueError,
    # lxml's XMLSyntaxError, zlib.error ...); each means the same to the user.
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001
        reason = " ".join("".join(c for c in str(exc) if c.isprintable()).split())[:80] or type(exc).__name__
        raise InputError(name, _NOT_DOCX.format(reason)) from exc


def _check_size(archive: zipfile.ZipFile, name: str, max_bytes: int, max_chars: int) -> None:
    """Refuse a document whose XML expands past `max_bytes` or whose text passes `max_chars`.

    The sizes in the zip's directory bound what `zipfile` decompresses (it
    reads no more than a member's stated size), so they can be trusted here.
    """
    expanded = sum(info.file_size for info in archive.infolist() if info.filename.endswith((".xml", ".rels")))
    if expanded > max_bytes:
        raise InputError(name, f"its XML expands to {expanded / 2**20:.1f} MiB, over the limit of "
                               f"{max_bytes / 2**20:.1f} MiB (max_bytes, --max-bytes)")
    xml = archive.read("word/document.xml")
    # An estimate (an entity such as &amp; counts as its five characters); read_document checks the text exactly.
    chars = sum(len(run.decode("utf-8", "replace")) for run in _TEXT_RUN.findall(xml))
    if chars > max_chars:
        raise InputError(name, f"about {chars:,} characters of text, over the limit of {max_chars:,} "
                               "(max_chars, --max-chars)")


def _add_block(block: Paragraph | Table, numbering: _Numbering, lines: list[str]) -> None:
    """Append the lines of a paragraph or a table to `lines`."""
    if isinstance(block, Paragraph):
        lines.extend((numbering.label(block) + block.text).split("\n"))
        return
    for row in block.rows:
        cells = _distinct(row.cells)
        if len(cells) == 1 or any(_is_layout(cell) for cell in cells):
            for cell in cells:
                for inner in cell.iter_inner_content():
                    _add_block(inner, numbering, lines)
        else:
            lines.append("\t".join(" ".join(cell.text.split()) for cell in cells))


def _distinct(cells: list[_Cell]) -> list[_Cell]:
    """The cells of a row, a merged cell (which python-docx repeats) once."""
    distinct: dict[int, _Cell] = {}
    for cell in cells:
        distinct.setdefault(id(cell._tc), cell)
    return list(distinct.values())


def _is_layout(cell: _Cell) -> bool:
    """Whether a cell holds text laid out in paragraphs or tables of its own, not a value."""
    return len(cell.tables) > 0 or sum(1 for paragraph in cell.paragraphs if paragraph.text.strip()) > 1


class _Numbering:
    """Word's automatic paragraph numbers, counted through the document as Word does."""

    def __init__(self, document: WordDocument) -> None:
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._counts: dict[str, list[int]] = {}
        self._styles = document.styles.element
        part = document.part
        numbering = part.numbering_part.element if _has_numbering(part) else None
        if numbering is None:
            return
        abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            abstract = abstracts.get(ref.get(qn("w:val"))) if ref is not None else None
            if abstract is None:
                continue
            for level in abstract.findall(qn("w:lvl")):
                self._levels[(num.get(qn("w:numId")), int(level.get(qn("w:ilvl"), "0")))] = (
                    _val(level, "w:numFmt", "decimal"),
                    _val(level, "w:lvlText", ""),
                    int(_val(level, "w:start", "1")),
                )

    def label(self, paragraph: Paragraph) -> str:
        """The number Word shows before `paragraph` (such as ``一、``), or an empty string."""
        num_id, level = self._numbering_of(paragraph)
        if num_id is None or (num_id, level) not in self._levels or not paragraph.text.strip():
            return ""
        counts = self._counts.setdefault(num_id, [])
        while len(counts) <= level:
            counts.append(0)
        del counts[level + 1 :]  # a deeper list starts again under each new item
        counts[level] += 1
        text = self._levels[(num_id, level)][1]
        for depth, count in enumerate(counts):
            if (num_id, depth) in self._levels:
                fmt, _, start = self._levels[(num_id, depth)]
                text = text.replace(f"%{depth + 1}", _format_number(count + start - 1, fmt))
        return text

    def _numbering_of(self, paragraph: Paragraph) -> tuple[str | None, int]:
        """The list and level of a paragraph: its own, or its style's (through the styles it is based on)."""
        properties = paragraph._p.pPr
        found = properties.find(qn("w:numPr")) if properties is not None else None
        style_id = paragraph._p.style
        seen: set[str] = set()
        while found is None and style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
            if style is None:
                break
            found = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        if found is None:
            return None, 0
        num_id = found.find(qn("w:numId"))
        level = found.find(qn("w:ilvl"))
        num = num_id.get(qn("w:val")) if num_id is not None else None
        return (None if num in (None, "0") else num), int(level.get(qn("w:val"))) if level is not None else 0


def _has_numbering(part) -> bool:
    """Whether the document part has a numbering part (python-docx raises if not)."""
    try:
        part.numbering_part  # noqa: B018
    except NotImplementedError:
        return False
    return True


def _val(element, tag: str, default: str) -> str:
    """The w:val of the child `tag` of `element`, or `default`."""
    child = element.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _format_number(n: int, fmt: str) -> str:
    """`n` written in Word's number format `fmt`.

    Examples
    --------
    >>> [_format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 35)]
    ['一', '十', '十二', '二十', '三十五']
    >>> _format_number(3, "decimalEnclosedCircle"), _format_number(4, "upperRoman"), _format_number(2, "lowerLetter")
    ('③', 'IV', 'b')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting"):
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("upperRoman", "lowerRoman"):
        roman = ""
        for value, letters in _ROMAN:
            count, n = divmod(n, value)
            roman += letters * count
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def _chinese(n: int) -> str:
    """`n` (below 1000) in Chinese numerals as reports count: 一, 十, 十二, 二十, 一百零五."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = _CN_DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (_CN_DIGITS[ones] if ones else "")
