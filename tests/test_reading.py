"""Tests for govkg.extractor.reading: report files into text."""

from __future__ import annotations

import codecs
import os
import pickle
from pathlib import Path

from conftest import shared_data, shared_files
import pytest

from govkg.errors import GovkgError, InputError
from govkg.extractor.formats.chinese import to_simplified
from govkg.extractor.reading import decode_report, read_document, read_report

# The shared corpus (GOVKG_SHARED, ../shared beside the checkout, else the copies in tests/data).
CORPUS = shared_files("corpus", "*.txt")
NANYANG = shared_data("corpus") / "nanyang-2023.txt"

# From the Nanyang 2023 report: digits, full-width punctuation, 《》 titles.
SIMPLIFIED = (
    "南阳市人民政府关于2023年法治政府建设情况的报告\n"
    "2023年，南阳市深入学习贯彻落实党的二十大精神和习近平法治思想，"
    "坚持以法治政府示范创建为抓手，形成了一批有辨识度、有影响力的法治建设成果。\n"
    "（一）健全依法决策机制。严格落实《重大行政决策程序暂行条例》，"
    "全年审查行政规范性文件56件，纠正率达100%。\n"
)
# Written for these tests, in the style of a Taiwanese report.
TRADITIONAL = (
    "臺北市政府一百一十二年度法治政府建設情形報告\n"
    "一、依法全面履行政府職能。本府持續深化行政審批制度改革，精簡行政流程，"
    "推動「一站式」便民服務，提升行政效能與透明度。\n"
    "二、強化對行政權力的制約和監督。主動接受議會監督、司法監督及社會輿論監督，"
    "依法辦理行政訴訟、訴願案件，對於違法或不當之行政行為及時糾正。\n"
)
ENGLISH = "The city government published its annual rule-of-law report.\nIt lists 12 measures.\n"
JAPANESE = "行政手続法に基づき、政府は国民の権利を保護するための制度を整備している。\n"


def write(tmp_path: Path, data: bytes, name: str = "report.txt") -> Path:
    """Write `data` to a file in `tmp_path` and return its path."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


def reason_for(path: Path) -> str:
    """Read `path`, expecting an InputError that names it; return the reason."""
    with pytest.raises(InputError) as caught:
        read_report(path)
    assert caught.value.path == str(path)
    assert str(caught.value) == f"{path}: {caught.value.reason}"
    return caught.value.reason


# Encodings: every one reads back the exact text.


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "gbk", "gb18030"])
def test_simplified_round_trip(tmp_path, encoding):
    data = SIMPLIFIED.encode(encoding)
    if encoding == "utf-16-be":  # Python adds no mark for an explicit byte order
        data = codecs.BOM_UTF16_BE + data
    assert read_report(write(tmp_path, data)) == SIMPLIFIED


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "big5", "cp950"])
def test_traditional_round_trip(tmp_path, encoding):
    # The text as published is kept; the text read is its Simplified version.
    document = read_document(write(tmp_path, TRADITIONAL.encode(encoding)))
    assert document.original == TRADITIONAL
    assert document.text == read_report(document.source) == to_simplified(TRADITIONAL)


def test_big5_sentence(tmp_path):
    text = "「政府依法行政制度更加健全，推進法治政府建設」"
    assert read_document(write(tmp_path, text.encode("big5"))).original == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_corpus_report_round_trip(tmp_path, encoding):
    text = NANYANG.read_text(encoding="utf-8")
    assert read_report(write(tmp_path, text.encode(encoding))) == text


def test_corpus_report_in_gbk(tmp_path):
    text = NANYANG.read_text(encoding="utf-8")
    # GBK has no no-break space (U+00A0), which the report contains; a GBK
    # copy of it can only have plain spaces there.
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    text = text.replace("\xa0", " ")
    assert read_report(write(tmp_path, text.encode("gbk"))) == text


def test_every_corpus_file_in_gbk(tmp_path):
    texts = [path.read_text(encoding="utf-8").replace("\xa0", " ") for path in CORPUS]
    for text in texts:
        assert decode_report(text.encode("gbk"), name="x.txt") == text


# Short texts, where GBK and Big5 bytes are often valid in both codecs.


@pytest.mark.parametrize("text", ["法治", "司法局", "国务院", "依法行政", "营商环境", "法治政府建设"])
def test_short_gbk_text_is_not_read_as_big5(text):
    data = text.encode("gbk")
    assert data.decode("cp950") != text  # valid Big5 too: the case is real
    assert decode_report(data, name="x.txt") == text


@pytest.mark.parametrize("text", ["法治", "訴願", "臺北市", "依法行政", "行政機關", "推進法治政府建設"])
def test_short_big5_text_is_not_read_as_gbk(text):
    data = text.encode("big5")
    assert data.decode("gb18030") != text  # valid GB18030 too: the case is real
    assert decode_report(data, name="x.txt") == text


@pytest.mark.parametrize(("text", "encoding"), [(SIMPLIFIED, "gbk"), (TRADITIONAL, "big5")])
def test_every_twelve_character_window(text, encoding):
    windows = [text[start : start + 12] for start in range(len(text) - 11)]
    wrong = [w for w in windows if decode_report(w.encode(encoding), name="x.txt") != w]
    assert wrong == []


@pytest.mark.xfail(strict=True, reason="a few GBK characters can be valid UTF-8, which is tried first")
def test_tiny_gbk_text_that_is_valid_utf8():
    data = "学习".encode("gbk")
    assert data.decode("utf-8") == "ѧϰ"
    assert decode_report(data, name="x.txt") == "学习"


# Byte-order marks and newlines.


@pytest.mark.parametrize(
    ("mark", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (b"\x84\x31\x95\x33", "gb18030")],
)
def test_byte_order_mark_is_dropped(tmp_path, mark, encoding):
    text = read_report(write(tmp_path, mark + "依法行政".encode(encoding)))
    assert text == "依法行政"


def test_newlines_are_normalised(tmp_path):
    data = "第一行\r\n第二行\r第三行\n\r\n末行".encode("gbk")
    assert read_report(write(tmp_path, data)) == "第一行\n第二行\n第三行\n\n末行"


def test_nothing_else_changes(tmp_path):
    # Full-width letters, ideographic and no-break spaces, circled numbers and
    # surrounding whitespace stay: the text is evidence, offsets point into it.
    text = "  ＡＢＣ１２３\u3000（一）①\xa0末尾 \t\n\n"
    assert read_report(write(tmp_path, text.encode("utf-8"))) == text


def test_non_chinese_text_reads(tmp_path):
    assert read_report(write(tmp_path, ENGLISH.encode("ascii"))) == ENGLISH
    quoted = "“Rule of law” — a report.\n"
    assert read_report(write(tmp_path, quoted.encode("utf-8"))) == quoted


def test_accepts_str_path(tmp_path):
    path = write(tmp_path, SIMPLIFIED.encode("utf-8"))
    assert read_report(str(path)) == SIMPLIFIED


# Errors: each names the file and says what is wrong.


def test_missing_file(tmp_path):
    assert reason_for(tmp_path / "missing.txt") == "file not found"


def test_directory(tmp_path):
    assert reason_for(tmp_path) == "is a directory"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may read any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, b"text")
    path.chmod(0)
    assert reason_for(path) == "permission denied"


def test_symlink_loop_is_unreadable(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert reason_for(tmp_path / "a.txt").startswith("cannot read file: ")


@pytest.mark.parametrize(
    "data", [b"", b" \r\n\t \n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, "\u3000\n".encode("utf-8"), b"\x84\x31\x95\x33"]
)
def test_empty_file(tmp_path, data):
    assert reason_for(write(tmp_path, data)) == "file is empty"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP archive (such as a DOCX file)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an old Microsoft Office file (such as a DOC file)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"\x7fELF\x02\x01\x01", "an ELF executable"),
    ],
)
def test_known_binary_format(data, kind):
    with pytest.raises(InputError) as caught:
        decode_report(data, name="report.txt")
    assert caught.value.reason == f"looks like {kind}; only plain text is read"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an old Microsoft Office file (such as a DOC file)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"\x7fELF\x02\x01\x01", "an ELF executable"),
    ],
)
def test_file_of_another_kind(tmp_path, data, kind):
    # PDF and DOCX signatures go to their readers (tests/test_formats.py).
    assert reason_for(write(tmp_path, data)) == f"looks like {kind}; govkg reads plain text, HTML, PDF and DOCX files"


def test_nul_bytes(tmp_path):
    # UTF-16 without a byte-order mark is among the files this refuses.
    data = "2023年报告\n".encode("utf-16-le")
    assert reason_for(write(tmp_path, data)) == "looks like a binary file (contains NUL bytes); only plain text is read"


def test_control_characters(tmp_path):
    data = bytes(range(1, 9)) * 10 + b"text"
    expected = "looks like a binary file (95% control characters); only plain text is read"
    assert reason_for(write(tmp_path, data)) == expected


def test_stray_control_character_is_tolerated(tmp_path):
    text = SIMPLIFIED + "\x1a"  # a DOS end-of-file mark
    assert read_report(write(tmp_path, text.encode("gbk"))) == text


@pytest.mark.parametrize(
    "data",
    [
        "café crème, élève\n".encode("latin-1"),  # fails strict decoding in every codec
        JAPANESE.encode("shift_jis"),  # decodes as GB18030, but to implausible text
        JAPANESE.encode("euc-jp"),
        b"\x80\xff\x80\xff",
    ],
)
def test_undecodable(tmp_path, data):
    assert reason_for(write(tmp_path, data)) == "cannot decode: not UTF-8, GB18030 or Big5"


def test_invalid_utf16_after_mark(tmp_path):
    data = codecs.BOM_UTF16_LE + b"\x00\xd8"  # a lone high surrogate
    assert reason_for(write(tmp_path, data)) == "cannot decode: invalid UTF-16 after its byte-order mark"


def test_decode_report_names_the_data():
    with pytest.raises(InputError, match=r"^upload\.txt: file is empty$"):
        decode_report(b"", name="upload.txt")


def test_input_error():
    error = InputError(Path("dir/a.txt"), "file is empty")
    assert isinstance(error, GovkgError)
    assert (error.path, error.reason, str(error)) == ("dir/a.txt", "file is empty", "dir/a.txt: file is empty")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))
