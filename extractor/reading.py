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

Plain-text files
----------------
A plain-text report is in one of the encodings Chinese government sites
publish in: UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32
with a byte-order mark, GBK/GB18030, or Big5. The encoding is detected from
the bytes, never assumed (`decode_report`).

Its text is the decoded file with its newlines normalised (``\\r\\n`` and
``\\r`` become ``\\n``) and a leading byte-order mark dropped. Nothing else
is changed -- no Unicode normalisation, no trimming -- because the text is
kept as evidence.

How legacy encodings are told apart
-----------------------------------
Strict UTF-8 is tried first. Otherwise the bytes are decoded strictly as
GB18030 (a superset of GBK) and as Big5. Short texts are often valid in
both, so each decoding gets a plausibility score: the share of its non-ASCII
characters that are common ideographs or CJK punctuation. The wrong codec
yields rare characters, kana, bopomofo, private-use code points and vertical
punctuation instead. A tie goes to GB18030.

Measured on windows of real reports: from six characters up, GBK and Big5
text is always decoded right. Below that, a few GBK characters are sometimes
valid UTF-8 by chance (学习 reads as ѧϰ), and Big5 text of two to four
characters sometimes ties and is read as GB18030. Scoring the UTF-8 reading
as well would not help: any UTF-8 text of Latin, Greek or Cyrillic letters
is also valid GB18030, mostly of common ideographs.

charset-normalizer is not used: it guesses wrong on short texts. It decoded
0 of 173 two-character GBK samples correctly and 82 of 180 eight-character
ones, and where GBK and Big5 tie it says Big5 for GBK text.
"""

from __future__ import annotations

import codecs
import functools
import importlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from govkg.errors import InputError

from .formats.chinese import simplify

__all__ = ["Document", "decode_report", "read_document", "read_report", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS"]

# The largest file read (and the most a .docx's XML may expand to): reports are a few MiB at most, and a file
# is held in memory whole.
DEFAULT_MAX_BYTES = 64 * 2**20
# The longest text taken: spaCy's own limit (nlp.max_length), which it enforces only after the text is built.
DEFAULT_MAX_CHARS = 1_000_000


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
_READERS = {"html": "read_html", "pdf": "read_pdf", "docx": "read_docx"}
_UNSUPPORTED = "looks like {}; govkg reads plain text, HTML, PDF and DOCX files"

# Signatures of files people mistake for text reports, with what to call them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (such as a DOCX file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (such as a DOC file)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "an ELF executable"),
)

# Byte-order marks, with the codec that decodes the data and removes the mark.
# UTF-32 comes first because its little-endian mark starts with UTF-16's.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# C0 control characters other than whitespace (\t \n \v \f \r), and DEL.
_CONTROLS = "".join(map(chr, [*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F]))
_DELETE_CONTROLS = str.maketrans("", "", _CONTROLS)
# Text written by people has next to no control characters; the margin lets a
# stray one (a DOS end-of-file ^Z, say) through even in a short file.
_MAX_CONTROL_SHARE = 0.05

# Big5 as Windows writes it (code page 950): it also has the few codes that
# plain Big5 lacks (such as 碁 and the euro sign).
_BIG5 = "cp950"
_UNDECODABLE = "cannot decode: not UTF-8, GB18030 or Big5"

# Code points, besides the common ideographs, that Chinese text is made of.
_PUNCTUATION = (
    (0x00B7, 0x00B7),  # middle dot
    (0x2010, 0x2027),  # dashes, quotation marks, ellipsis
    (0x2030, 0x2033),  # per mille, primes
    (0x3000, 0x303F),  # CJK punctuation: 、。「」《》
    (0xFF01, 0xFF5E),  # full-width forms: ，：；（）
    (0xFFE0, 0xFFE5),  # full-width currency signs
)
# ... and those that occur in it, but seldom.
_SELDOM = (
    (0x00A0, 0x00FF),  # Latin-1 signs: no-break space, °, ×
    (0x2100, 0x26FF),  # ℃, Ⅱ, arrows, maths, ①, boxes, shapes, ★
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK ideographs not in the common set
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
# Below this score a decoding is garbage, not Chinese. Measured: windows of
# two or more characters of real reports score at least 0.75; Japanese
# Shift_JIS or EUC-JP text read as GB18030 scores about 0.6.
_MIN_PLAUSIBILITY = 0.7


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
        module = importlib.import_module(f"{__package__}.formats.{kind}")
        limits = {"max_bytes": max_bytes, "max_chars": max_chars} if kind == "docx" else {}
        content = getattr(module, _READERS[kind])(data, name=name, **limits)
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


def decode_report(data: bytes, *, name: str) -> str:
    """Decode the bytes of a report into text.

    Parameters
    ----------
    data : bytes
        The whole file.
    name : str
        What to call the data in error messages, usually its path.

    Returns
    -------
    str
        The text, with ``\\r\\n`` and ``\\r`` turned into ``\\n`` and a
        leading byte-order mark removed, otherwise exactly as encoded.
        Character offsets in the graph refer to this text.

    Raises
    ------
    InputError
        If the data is empty or only whitespace, looks like a binary file,
        or is not UTF-8, UTF-16/32 with a byte-order mark, GB18030 or Big5.

    Examples
    --------
    >>> decode_report("依法行政\\r\\n".encode("gbk"), name="a.txt")
    '依法行政\\n'
    >>> decode_report("依法行政\\r\\n".encode("big5"), name="b.txt")
    '依法行政\\n'
    >>> decode_report(b"%PDF-1.7", name="c.pdf")
    Traceback (most recent call last):
    ...
    govkg.errors.InputError: c.pdf: looks like a PDF file; only plain text is read
    """
    text = _normalise_newlines(_decode(data, name))
    if not text.strip():
        raise InputError(name, "file is empty")
    return text


def _format_of(data: bytes, name: str) -> str:
    """The format of a file: by its signature, then by HTML markup, then by its extension."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    for magic, kind in _MAGIC:
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


def _decode(data: bytes, name: str) -> str:
    """Refuse binary data, then decode by byte-order mark or by detection."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(name, f"looks like {kind}; only plain text is read")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _strict_decode(data, codec)
            if text is None:
                raise InputError(name, f"cannot decode: invalid {label} after its byte-order mark")
            # A mark does not prove text: check what it decoded to.
            _refuse_binary(text, name)
            return text
    # Check the bytes before decoding so that a binary file is called one,
    # not "undecodable". Latin-1 maps each byte to one character, and no
    # supported encoding uses control bytes inside a multi-byte character.
    _refuse_binary(data.decode("latin-1"), name)
    return _detect_and_decode(data, name)


def _refuse_binary(chars: str, name: str) -> None:
    """Raise InputError if `chars` has NULs or too many control characters."""
    if "\x00" in chars:
        raise InputError(name, "looks like a binary file (contains NUL bytes); only plain text is read")
    controls = len(chars) - len(chars.translate(_DELETE_CONTROLS))
    if chars and controls / len(chars) > _MAX_CONTROL_SHARE:
        raise InputError(
            name, f"looks like a binary file ({controls / len(chars):.0%} control characters); only plain text is read"
        )


def _detect_and_decode(data: bytes, name: str) -> str:
    """Decode unmarked bytes as UTF-8, else as GB18030 or Big5, whichever is more plausible."""
    text = _strict_decode(data, "utf-8")
    if text is not None:
        return text
    decodings = (_strict_decode(data, codec) for codec in ("gb18030", _BIG5))
    # GB18030 has a byte-order mark of its own, which decodes to U+FEFF.
    candidates = [text.removeprefix("\ufeff") for text in decodings if text is not None]
    if not candidates:
        raise InputError(name, _UNDECODABLE)
    # max() keeps the first of equal scores, so a tie (only seen in texts of a
    # few characters) goes to GB18030: most reports are from the mainland.
    best = max(candidates, key=_plausibility)
    if _plausibility(best) < _MIN_PLAUSIBILITY:
        raise InputError(name, _UNDECODABLE)
    return best


def _strict_decode(data: bytes, codec: str) -> str | None:
    """Decode `data` with `codec`, or return None if any byte is invalid in it."""
    # Decoding is the only test Python offers of whether bytes are valid.
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _plausibility(text: str) -> float:
    """Score how much `text` looks like Chinese: 1.0 is all common characters."""
    weights = [_weight(char) for char in text if not char.isascii()]
    return sum(weights) / len(weights) if weights else 1.0


def _weight(char: str) -> float:
    """Weigh one non-ASCII character: 1 if common, 0.5 if seldom, else 0."""
    if char in _common_ideographs() or _within(char, _PUNCTUATION):
        return 1.0
    if _within(char, _SELDOM):
        return 0.5
    return 0.0


def _within(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    """Whether the code point of `char` lies in one of `ranges`."""
    return any(low <= ord(char) <= high for low, high in ranges)


@functools.cache
def _common_ideographs() -> frozenset[str]:
    """The common characters of both scripts: GB2312 and Big5 level 1.

    Both level-1 charts were drawn up as the frequently used characters
    (3,755 simplified, 5,401 traditional), so they serve as a frequency
    list that comes with Python.
    """
    return frozenset(_chart("gb2312", 0xB0A1, 0xD7FE) | _chart("big5", 0xA440, 0xC67E))


def _chart(codec: str, first: int, last: int) -> set[str]:
    """The characters `codec` gives for the double-byte codes `first` to `last`."""
    pairs = (code.to_bytes(2, "big") for code in range(first, last + 1))
    # An invalid pair decodes, ignoring errors, to nothing or to ASCII.
    return {char for pair in pairs if len(char := pair.decode(codec, errors="ignore")) == 1 and not char.isascii()}


def _normalise_newlines(text: str) -> str:
    """Turn Windows (\\r\\n) and old Mac (\\r) line ends into \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
