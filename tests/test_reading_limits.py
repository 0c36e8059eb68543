"""Hostile input files: FIFOs and devices named like reports, files and texts over the limits, zip bombs in
.docx clothing, file names that are not UTF-8, and web pages nested too deeply.  Each gets a one-line
InputError naming the file (and the limit), quickly, or is read right."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import docx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from govkg.cli import main
from govkg.errors import InputError
from govkg.extractor import extract, process, read_document, to_ntriples
from govkg.extractor.formats.html import read_html
from govkg.extractor.reading import DEFAULT_MAX_CHARS

DATA = Path(__file__).parent / "data" / "corpus"
SENTENCE = ("2023年，全市坚持依法行政，全年办结行政复议案件366件，纠错率达到32.5%，"
            "各项工作稳步推进。")
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")


def read_within(path: Path, seconds: float = 10, **limits):
    """read_document(path) in a thread: its error (or None), or a failure if it is still reading after `seconds`."""
    outcome: dict = {}

    def run() -> None:
        try:
            read_document(path, **limits)
            outcome["error"] = None
        except Exception as exc:  # noqa: BLE001 - the test looks at which
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if path.is_fifo():  # let the blocked reader go: a writer that opens and closes gives it end-of-file
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"{path.name}: still reading after {seconds} s")
    return outcome["error"]


def docx_of(paragraph: str, mib: float) -> bytes:
    """A .docx (made by python-docx) whose body is `paragraph` repeated until its XML is about `mib` MiB."""
    document = docx.Document()
    document.add_paragraph("x")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    xml = source.read("word/document.xml").decode()
    start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr")
    block = f"<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p>"
    body = block * int(mib * 2**20 / len(block.encode()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, xml[:start] + body + xml[end:] if item.filename == "word/document.xml"
                             else source.read(item.filename))
    return out.getvalue()


# -- not regular files


@posix_only
def test_a_fifo_named_like_a_report_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    error = read_within(fifo)
    assert isinstance(error, InputError)
    assert str(error) == f"{fifo}: not a regular file (a FIFO); only files are read"


@posix_only
def test_a_link_to_dev_zero_is_refused_not_read_to_the_end_of_memory(tmp_path):
    link = tmp_path / "report.txt"
    link.symlink_to("/dev/zero")
    error = read_within(link)
    assert str(error) == f"{link}: not a regular file (a character device); only files are read"


@posix_only
@pytest.mark.slow
def test_build_and_extract_refuse_them_in_one_line(tmp_path):
    fifo, zero = tmp_path / "fifo.txt", tmp_path / "zero.txt"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    command = [sys.executable, "-m", "govkg.cli"]
    try:
        build = subprocess.run([*command, "build", str(fifo), str(zero), "--store", str(tmp_path / "kg")],
                               capture_output=True, text=True, timeout=120)
        extract_fifo = subprocess.run([*command, "extract", str(fifo)], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("build or extract waited on a FIFO")
    assert build.returncode == 1
    assert f"failed: {fifo}: not a regular file (a FIFO)" in build.stdout
    assert f"failed: {zero}: not a regular file (a character device)" in build.stdout
    assert "Traceback" not in build.stderr + build.stdout
    assert extract_fifo.returncode == 1
    assert extract_fifo.stderr == f"Error: {fifo}: not a regular file (a FIFO); only files are read\n"


# -- size limits


def test_a_file_over_the_byte_limit_is_refused_naming_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(SENTENCE * 40_000, encoding="utf-8")
    size = path.stat().st_size / 2**20
    error = read_within(path, max_bytes=2**20)
    assert size > 4 and str(error) == f"{path}: {size:.1f} MiB, over the limit of 1.0 MiB (max_bytes, --max-bytes)"
    assert read_within(path, max_chars=10**7) is None  # under the default limits it is read


def test_a_text_over_spacys_limit_is_refused_early_naming_file_and_limit(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("法" * (DEFAULT_MAX_CHARS + 1), encoding="utf-8")
    started = time.monotonic()
    error = read_within(path)
    assert str(error) == f"{path}: 1,000,001 characters, over the limit of 1,000,000 (max_chars, --max-chars)"
    assert time.monotonic() - started < 5


def test_a_legacy_encoded_text_far_over_the_limit_is_refused_before_decoding(tmp_path):
    path = tmp_path / "long-gbk.txt"
    path.write_bytes(("依法行政" * 650_000).encode("gbk"))  # 5.2 MB; detecting GBK on it took 7 s
    started = time.monotonic()
    error = read_within(path)
    assert str(error) == (f"{path}: 5.0 MiB: more than 1,000,000 characters in any encoding, over the limit "
                          "(max_chars, --max-chars)")
    assert time.monotonic() - started < 2


def test_the_python_api_raises_an_input_error_not_spacys_value_error():
    text = SENTENCE * (DEFAULT_MAX_CHARS // len(SENTENCE) + 1)
    for call in (process, extract):
        with pytest.raises(InputError) as error:
            call(text)
        assert str(error.value) == (f"text: {len(text):,} characters, over the pipeline's limit of 1,000,000 "
                                    "(nlp.max_length); split it, or raise the limit")


def test_cli_extract_takes_the_limits_as_options(tmp_path):
    runner = CliRunner()
    report = DATA / "nanyang-2023.txt"
    limit = report.stat().st_size // 4 + 1  # under its characters, over a quarter of its bytes
    refused = runner.invoke(main, ["extract", str(report), "--max-chars", str(limit)])
    assert refused.exit_code == 1
    assert refused.output.strip().endswith(f"characters, over the limit of {limit:,} (max_chars, --max-chars)")
    small = runner.invoke(main, ["extract", str(DATA / "nanyang-2023.txt"), "--max-bytes", "1000"])
    assert "over the limit of 1,000 bytes (max_bytes, --max-bytes)" in small.output


def test_a_docx_that_expands_to_100_mib_is_refused_at_once(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_of(SENTENCE, 100))
    assert path.stat().st_size < 2 * 2**20
    started = time.monotonic()
    error = read_within(path)
    assert str(error).startswith(f"{path}: its XML expands to 10")
    assert str(error).endswith("MiB, over the limit of 64.0 MiB (max_bytes, --max-bytes)")
    assert time.monotonic() - started < 5


def test_a_docx_with_more_text_than_the_limit_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "long.docx"
    path.write_bytes(docx_of(SENTENCE, 8))
    started = time.monotonic()
    error = read_within(path)
    assert isinstance(error, InputError) and "characters of text, over the limit of 1,000,000" in str(error)
    assert time.monotonic() - started < 5
    path.write_bytes(docx_of(SENTENCE, 0.01))
    assert SENTENCE in read_document(path).text


# -- file names that are not UTF-8


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in a name")
@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_is_built_and_named(tmp_path):
    folder = os.fsencode(tmp_path)
    good = os.fsdecode(folder + b"/report\xff\xfe.txt")
    Path(good).write_bytes((DATA / "nanyang-2023.txt").read_bytes())
    empty = os.fsdecode(folder + b"/empty\xff.txt")
    Path(empty).write_bytes(b"")
    command = [sys.executable, "-m", "govkg.cli"]
    # A real process: the test runner's output streams are stricter than a terminal's about such names.
    built = subprocess.run([*command, "build", good, "--store", str(tmp_path / "kg")], capture_output=True,
                           timeout=120)
    assert built.returncode == 0, built.stdout + built.stderr
    assert b"1 built" in built.stdout and b"Traceback" not in built.stderr
    refused = subprocess.run([*command, "extract", empty], capture_output=True, timeout=60)
    assert refused.returncode == 1 and refused.stderr.count(b"\n") == 1
    assert refused.stderr.startswith(b"Error: " + folder + b"/empty") and b"file is empty" in refused.stderr
    line = to_ntriples({(URIRef("urn:x:r"), URIRef("urn:x:source"), Literal(Path(good).name))})
    assert [t.object.value for t in ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES)] == ["report??.txt"]


# -- web pages nested too deeply


@pytest.mark.parametrize("depth", [300, 1500, 5000])
def test_deeply_nested_pages_keep_their_text(depth):
    paragraphs = "".join(f"<p>{SENTENCE}</p>" for _ in range(3))
    page = (f"<html><head><title>关于2023年工作的报告</title></head><body>{'<div>' * depth}{paragraphs}"
            f"{'</div>' * depth}</body></html>")
    content = read_html(page.encode("utf-8"), name="deep.html")
    assert content.text.count(SENTENCE) == 3
