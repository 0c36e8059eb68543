"""Read report files into text.

Reports are published as plain text, as web pages, as PDF files and as Word
files; `read_document` reads any of them into a `Document`: the report's text
one paragraph a line, with what the file tells of its title, issuer and
date. The format is told by the file's first bytes (``%PDF-``, a zip
archive, HTML markup) and, where the bytes leave it open, by its extension;
each format has its reader in `govkg.extractor.formats`.

Text published in Traditional characters is converted to Simplified ones,
which the extractor's patterns are written in (`Document.text`), and kept
as published (`Document.original`). Both have the same length, so an
offset points at the same word in either. **Character offsets in the graph
refer to `Document.text`.**

Plain-text files are decoded by `govkg.extractor.formats.text.decode_report` (the encoding is
detected from the bytes, never assumed); the other formats' readers are in
`govkg.extractor.formats`, imported when a file of theirs is first read.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from govkg.errors import InputError

from .formats import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Content
from .formats.chinese import simplify
from .formats.text import MAGIC, decode_report

__all__ = ["Document", "decode_report", "read_document", "read_report", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS"]



@dataclass(frozen=True)
class Document:
    """A report file, read.

    Attributes
    ----------
    text : str
        What the extractor reads: decoded, newlines normalised, in Simplified
        characters. Character offsets in the graph refer to it.
    original : str
        The text as published (Traditional characters kept); of the same
        length as `text`, character for character.
    source : str
        The path of the file.
    format : str
        ``"txt"``, ``"html"``, ``"pdf"`` or ``"docx"``.
    title, issuer : str or None
        From the page's or document's metadata, when found.
    published : str or None
        The publication date as ``YYYY-MM-DD``, when found.
    metadata : tuple of (str, str)
        What a collection file's columns say of the report: ``place``,
        ``year``, ``url``, ``row`` and the like.
    """

    text: str
    original: str
    source: str
    format: str
    title: str | None = None
    issuer: str | None = None
    published: str | None = None
    # What a collection's columns say of this report (place, year, url ...), as strings.
    metadata: tuple[tuple[str, str], ...] = ()

    def hints(self) -> dict[str, str]:
        """The metadata the extractor may use where the text says nothing (see `govkg.extractor.process`)."""
        out = {k: v for k, v in (("title", self.title), ("issuer", self.issuer), ("published", self.published)) if v}
        out.update((k, v) for k, v in self.metadata if v)
        return out


# File name extensions of saved web pages (as browsers and crawlers save them).
_HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml", ".xht", ".jsp", ".asp", ".aspx", ".php"})
# Markup that opens a web page, after any XML declaration and comments.
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_UNSUPPORTED = "looks like {}; govkg reads plain text, HTML, PDF and DOCX files"




def read_document(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """Read a report file: plain text, a saved web page, a PDF or a Word file.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read: a regular file (a FIFO or a device is refused).
    max_bytes : int
        The largest file read, and the most a .docx's XML may expand to.
    max_chars : int
        The longest text taken (spaCy's ``nlp.max_length`` by default).

    Returns
    -------
    Document
        The text (Simplified characters), the text as published, the
        format, and the title, issuer and date where the file gives them.

    Raises
    ------
    InputError
        If the file is missing or unreadable, is of another kind (an image,
        an old .doc file), or its format's reader cannot read it: a damaged
        PDF or one without a text layer, a page without a report, a .docx
        that is not one, a text file that cannot be decoded, not a regular
        file, or over a limit. The message names the file and the reason
        (and the limit), on one line.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "report.txt"
    >>> _ = path.write_bytes("推進法治政府建設\\r\\n".encode("big5"))
    >>> document = read_document(path)
    >>> document.text, document.original, document.format
    ('推进法治政府建设\\n', '推進法治政府建設\\n', 'txt')
    """
    name = os.fspath(path)
    data = _read_bytes(path, max_bytes)
    kind = _format_of(data, name)
    if kind == "txt":
        _check_encoded_length(data, name, max_chars)
        original, title, issuer, published = decode_report(data, name=name), None, None, None
    else:
        content = _read_format(kind, data, name, max_bytes=max_bytes, max_chars=max_chars)
        original, title, issuer, published = content.text, content.title, content.issuer, content.published
        if not original.strip():
            raise InputError(name, "no text in the document")
    check_length(original, name, max_chars)
    return Document(
        text=simplify(original),
        original=original,
        source=name,
        format=kind,
        title=title and simplify(title),
        issuer=issuer and simplify(issuer),
        published=published,
    )

def _read_format(kind: str, data: bytes, name: str, *, max_bytes: int, max_chars: int) -> Content:
    """A web page, PDF or Word file read by its format's reader.

    Each reader is imported when first needed (lxml, trafilatura, pdfminer
    and python-docx take a while to load), by a plain import statement, so
    that what imports what can be read from the code.
    """
    if kind == "html":
        from .formats.html import read_html

        return read_html(data, name=name)
    if kind == "pdf":
        from .formats.pdf import read_pdf

        return read_pdf(data, name=name)
    from .formats.docx import read_docx

    return read_docx(data, name=name, max_bytes=max_bytes, max_chars=max_chars)


def read_report(path: str | os.PathLike[str]) -> str:
    """Read a report file into text: `read_document`'s `Document.text`.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read: plain text, a saved web page, a PDF or a .docx.

    Returns
    -------
    str
        The text, newlines normalised to ``\\n``, in Simplified characters;
        character offsets in the graph refer to it.

    Raises
    ------
    InputError
        As `read_document`. The message names the file.

    Examples
    --------
    >>> read_report("no/such/report.txt")
    Traceback (most recent call last):
    ...
    govkg.errors.InputError: no/such/report.txt: file not found
    """
    return read_document(path).text


def _format_of(data: bytes, name: str) -> str:
    """The format of a file: by its signature, then by HTML markup, then by its extension."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise InputError(name, _UNSUPPORTED.format(kind))
    if suffix in _HTML_SUFFIXES or _HTML_START.match(data.removeprefix(codecs.BOM_UTF8)[:1024]):
        return "html"
    if suffix == ".pdf":
        return "pdf"  # its reader says what is wrong with it
    return "txt"


def _read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a regular file of at most `max_bytes`, turning the operating system's errors into InputError.

    The file is opened without blocking and checked once open (not before,
    where it could be swapped), so a FIFO is refused rather than waited on
    forever, and a device such as /dev/zero rather than read until memory
    runs out.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise InputError(path, "file not found") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory") from exc
    except PermissionError as exc:
        raise InputError(path, "permission denied") from exc
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        mode, size = (info := os.fstat(fd)).st_mode, info.st_size
        if stat.S_ISDIR(mode):
            raise InputError(path, "is a directory")
        if not stat.S_ISREG(mode):
            raise InputError(path, f"not a regular file ({_kind_of(mode)}); only files are read")
        if size > max_bytes:
            raise InputError(path, _over_bytes(size, max_bytes))
        with open(fd, "rb", closefd=False) as file:
            data = file.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew since
        raise InputError(path, _over_bytes(len(data), max_bytes, more=True))
    return data


def check_length(text: str, name: str | os.PathLike[str], max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Refuse a text longer than `max_chars`, naming it and the limit (spaCy would raise a bare ValueError).

    Examples
    --------
    >>> check_length("法治" * 600_000, "long.txt")
    Traceback (most recent call last):
    ...
    govkg.errors.InputError: long.txt: 1,200,000 characters, over the limit of 1,000,000 (max_chars, --max-chars)
    """
    if len(text) > max_chars:
        raise InputError(name, f"{len(text):,} characters, over the limit of {max_chars:,} (max_chars, --max-chars)")


def _check_encoded_length(data: bytes, name: str, max_chars: int) -> None:
    """Refuse, before decoding it (slow for a legacy encoding), a text too long in any encoding read.

    No encoding read takes more than four bytes a character (with a
    byte-order mark of four at most), so more bytes than that are too many
    characters whatever the encoding.
    """
    if len(data) > 4 * max_chars + 4:
        raise InputError(name, f"{_mib(len(data))}: more than {max_chars:,} characters in any encoding, over the "
                               "limit (max_chars, --max-chars)")


def _over_bytes(size: int, limit: int, *, more: bool = False) -> str:
    return f"{'over ' if more else ''}{_mib(size)}, over the limit of {_mib(limit)} (max_bytes, --max-bytes)"


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size:,} bytes"


def _kind_of(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a file")
