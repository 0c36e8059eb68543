"""Tests for reading reports published as web pages, PDFs, Word files, and in Traditional characters.

The files are made here, once per module, from two bundled sample reports:
a government web page around the report (saved as UTF-8 and as GBK), a
multi-page PDF with a running header and page numbers, a .docx, and the
report in Traditional characters. Each must give the extractor the same
goals and numbers as the plain text, and nearly the same actions.
"""

from __future__ import annotations

import functools
import html
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import opencc
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from pdfminer.high_level import extract_text
from rdflib import RDF, RDFS
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from govkg.errors import InputError
from govkg.extractor import extract, extract_file
from govkg.extractor.formats import chinese, iso_date
from govkg.extractor.formats.docx import read_docx
from govkg.extractor.formats.html import decode_page, read_html
from govkg.extractor.formats.pdf import read_pdf
from govkg.extractor.reading import Document, read_document, read_report
from govkg.ontology import GK

CORPUS = Path(__file__).parent / "data" / "corpus"
REPORTS = ["nanyang-2023.txt", "wuhan-2022.txt"]
RUNNING_HEADER = "南阳市人民政府公报"
PUBLISHED = "2024-03-06"
ISSUER = "南阳市司法局"
CHROME = ["分享到", "版权所有", "首页 >", "首页 &gt;", "网站标识码", "ICP备", "联系我们", "相关链接", "浏览次数", "打印本页"]
# The kinds of file made from each report, and the format each is read as.
KINDS = {
    "page.html": "html",
    "page-gbk.html": "html",
    "report.pdf": "pdf",
    "report.docx": "docx",
    "traditional-big5.txt": "txt",
    "traditional.html": "html",
}

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


# ---------------------------------------------------------------- the reports and what the extractor finds


def plain_text(report: str) -> str:
    return (CORPUS / report).read_text(encoding="utf-8")


def title_and_paragraphs(text: str) -> tuple[str, list[str]]:
    """A report's title and body paragraphs, without the page chrome its .txt kept."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    start = next(i for i, line in enumerate(lines) if "报告" in line)
    return lines[start], [line for line in lines[start + 1 :] if not line.startswith("来源")]


@dataclass(frozen=True)
class Findings:
    actions: frozenset[str]
    goals: frozenset[str]
    observations: frozenset[str]


@functools.cache
def findings(text: str) -> Findings:
    """The labels of the actions and goals, and the values of the observations, extracted from `text`."""
    graph = extract(text)

    def labels(kind):
        return frozenset(str(graph.value(node, RDFS.label)) for node in graph.subjects(RDF.type, kind))

    values = frozenset(str(graph.value(node, GK.value)) for node in graph.subjects(RDF.type, GK.Observation))
    return Findings(labels(GK.Action), labels(GK.Goal), values)


# ---------------------------------------------------------------- making the files


def web_page(title: str, paragraphs: list[str], *, charset: str = "utf-8") -> str:
    """A government web page around the report: header menu, breadcrumb, info line, share buttons, footer."""
    menu = "".join(
        f'<li><a href="/col/col{i}/index.html">{name}</a></li>'
        for i, name in enumerate(
            ["首页", "政务公开", "政务服务", "互动交流", "走进南阳", "专栏首页", "行政规范性文件", "工作动态",
             "行政执法监督", "政策解读", "新闻发布会", "人事信息"]  # fmt: skip
        )
    )
    related = "".join(
        f'<li><a href="/art/2024/{i}.html">{name}</a><span>2024-0{i + 1}-1{i}</span></li>'
        for i, name in enumerate(
            ["南阳市司法局2023年工作总结", "关于印发《南阳市法治政府建设工作方案》的通知",
             "南阳市2022年法治政府建设年度报告", "市政府召开常务会议研究部署法治建设工作"]  # fmt: skip
        )
    )
    body = "\n".join(f'<p style="text-indent:2em;">{html.escape(p)}</p>' for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="{charset}">
<meta name="SiteName" content="南阳市人民政府">
<meta name="ColumnName" content="法治政府建设">
<title>{html.escape(title)}_南阳市人民政府</title>
<link rel="stylesheet" href="/css/main.css"><script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; /* 统计 */</script>
</head><body>
<div class="top"><div class="top-bar"><a href="/">无障碍</a> | <a href="/m/">手机版</a> | <a href="/en/">English</a></div>
<div class="logo"><img src="/img/logo.png" alt="南阳市人民政府"></div>
<div class="search"><form action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<ul class="nav">{menu}</ul></div>
<div class="main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/fzzf/">法治政府建设</a> &gt; 正文</div>
<div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info"><span>来源：{ISSUER}</span>&nbsp;&nbsp;<span>发布时间：{PUBLISHED} 09:30</span>&nbsp;&nbsp;
<span>浏览次数：1234</span> <span class="font">字号：<a>大</a> <a>中</a> <a>小</a></span></div>
<div class="content" id="zoom">
{body}
</div>
<div class="share">分享到：<a class="wx">微信</a> <a class="wb">微博</a> <a class="qq">QQ空间</a></div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>
</div>
<div class="footer"><p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/map">网站地图</a></p>
<p>主办：南阳市人民政府办公室 版权所有：南阳市人民政府 网站标识码：4113000001</p>
<p>豫ICP备05012345号 豫公网安备 41130202000123号</p></div>
</body></html>"""


def pdf_report(title: str, paragraphs: list[str], *, footer: str = "- {page} -", pagesize=A4) -> bytes:
    """A report set as a bulletin would print it: running header, page numbers, indented paragraphs."""
    body = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK", alignment=4
    )
    heading = ParagraphStyle("heading", parent=body, fontSize=14, leading=24, firstLineIndent=0)
    heading_title = ParagraphStyle("title", parent=body, fontSize=18, leading=30, alignment=1, firstLineIndent=0)
    width, height = pagesize

    def decorate(page, doc):
        page.saveState()
        page.setFont("STSong-Light", 9)
        page.drawCentredString(width / 2, height - 12 * mm, RUNNING_HEADER)
        page.line(15 * mm, height - 14 * mm, width - 15 * mm, height - 14 * mm)
        page.setFont("STSong-Light", 10)
        page.drawCentredString(width / 2, 8 * mm, footer.format(page=doc.page, pages=99))
        page.restoreState()

    story = [Paragraph(html.escape(title), heading_title)]
    for text in paragraphs:
        story.append(Paragraph(html.escape(text), heading if re.match(r"^[一二三四五六七八九十]+、", text) else body))
    out = io.BytesIO()
    margin = 15 * mm if pagesize == A6 else 25 * mm
    SimpleDocTemplate(
        out, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin,
        title=title, author=ISSUER,
    ).build(story, onFirstPage=decorate, onLaterPages=decorate)  # fmt: skip
    return out.getvalue()


def docx_report(title: str, paragraphs: list[str]) -> bytes:
    document = docx.Document()
    document.add_heading(title, level=0)
    for text in paragraphs:
        if re.match(r"^[一二三四五六七八九十]+、", text):
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every kind of file made from every report, by (report, kind)."""
    folder = tmp_path_factory.mktemp("formats")
    made = {}
    for report in REPORTS:
        text = plain_text(report)
        title, paragraphs = title_and_paragraphs(text)
        # Taiwan's standard forms are all in Big5; OpenCC's own (s2t) are not all (爲).
        taiwan = opencc.OpenCC("s2tw").convert(text).replace("\xa0", " ")
        to_traditional = opencc.OpenCC("s2t").convert
        contents = {
            "page.html": web_page(title, paragraphs).encode("utf-8"),
            "page-gbk.html": web_page(title, paragraphs, charset="gb2312").encode("gbk"),
            "report.pdf": pdf_report(title, paragraphs),
            "report.docx": docx_report(title, paragraphs),
            "traditional-big5.txt": taiwan.encode("big5"),
            "traditional.html": web_page(to_traditional(title), [to_traditional(p) for p in paragraphs]).encode("utf-8"),
        }
        for kind, data in contents.items():
            path = folder / f"{Path(report).stem}-{kind}"
            path.write_bytes(data)
            made[report, kind] = path
    return made


def reason_for(path: Path) -> str:
    """Read `path`, expecting an InputError that names it; return the reason."""
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.path == str(path)
    assert "\n" not in str(caught.value)
    return caught.value.reason


# ---------------------------------------------------------------- every format gives the extractor the same report


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("report", REPORTS)
def test_same_findings_as_the_plain_text(files, report, kind):
    document = read_document(files[report, kind])
    assert document.format == KINDS[kind]
    expected = findings(plain_text(report))
    found = findings(document.text)
    assert found.goals == expected.goals
    assert found.observations == expected.observations
    assert len(found.actions & expected.actions) >= 0.95 * len(expected.actions)


@pytest.mark.parametrize("kind", KINDS)
def test_text_and_original_have_the_same_length(files, kind):
    document = read_document(files["nanyang-2023.txt", kind])
    assert len(document.text) == len(document.original)
    assert document.source == str(files["nanyang-2023.txt", kind])
    assert read_report(files["nanyang-2023.txt", kind]) == document.text


def test_extract_file_reads_every_format(files):
    graph = extract_file(files["wuhan-2022.txt", "report.pdf"])
    assert set(graph.subjects(RDF.type, GK.Action))


# ---------------------------------------------------------------- web pages


@pytest.mark.parametrize("kind", ["page.html", "page-gbk.html"])
@pytest.mark.parametrize("report", REPORTS)
def test_page_keeps_every_paragraph_and_no_chrome(files, report, kind):
    title, paragraphs = title_and_paragraphs(plain_text(report))
    document = read_document(files[report, kind])
    assert document.text.split("\n\n") == [title, *paragraphs]
    for chrome in CHROME:
        assert chrome not in document.text


@pytest.mark.parametrize("kind", ["page.html", "page-gbk.html"])
def test_page_metadata(files, kind):
    document = read_document(files["nanyang-2023.txt", kind])
    assert document.title == "南阳市人民政府关于2023年法治政府建设情况的报告"
    assert document.issuer == ISSUER
    assert document.published == PUBLISHED


def test_page_metadata_from_standard_meta_tags():
    page = web_page("关于2023年工作的报告", ["全年办结行政复议案件366件，纠错率达到32.5%，行政机关负责人出庭应诉率为97.8%。"])
    page = page.replace(
        '<meta name="SiteName"',
        '<meta name="ArticleTitle" content="某市2023年法治政府建设报告"><meta name="PubDate" content="2024-02-01 10:00">'
        '<meta name="ContentSource" content="某市人民政府办公室"><meta name="SiteName"',
    )
    content = read_html(page.encode("utf-8"), name="page.html")
    assert (content.title, content.issuer, content.published) == ("某市2023年法治政府建设报告", "某市人民政府办公室", "2024-02-01")
    assert content.text.startswith("某市2023年法治政府建设报告\n\n")


def test_page_with_only_navigation(tmp_path):
    title, _ = title_and_paragraphs(plain_text("wuhan-2022.txt"))
    path = tmp_path / "index.html"
    path.write_text(web_page(title, []), encoding="utf-8")
    assert reason_for(path) == "no report text found in the page"


def test_layout_table_and_data_table_and_line_breaks():
    page = """<html><head><meta charset="utf-8"><title>报告</title></head><body>
    <table><tr><td><a href="/">首页</a></td><td><a href="/a">政务公开</a></td></tr></table>
    <table width="100%"><tr><td class="content">
    <p>一、总体情况</p>
    <p>2023年，全市共办结行政复议案件366件，复议纠错率达到32.5%，较上年提高2个百分点。<br>
    全年审查规范性文件56件，纠正率达到100%，做到有件必备、有备必审、有错必纠。</p>
    <table border="1"><tr><td>指标</td><td>2022年</td><td>2023年</td></tr>
    <tr><td>复议案件</td><td>320件</td><td>366件</td></tr></table>
    <p>二、下一步安排</p>
    </td></tr></table></body></html>"""
    lines = read_html(page.encode("utf-8"), name="t.html").text.split("\n\n")
    assert lines[1:] == [
        "一、总体情况",
        "2023年，全市共办结行政复议案件366件，复议纠错率达到32.5%，较上年提高2个百分点。",
        "全年审查规范性文件56件，纠正率达到100%，做到有件必备、有备必审、有错必纠。",
        "指标\t2022年\t2023年",
        "复议案件\t320件\t366件",
        "二、下一步安排",
    ]


SIMPLIFIED = "朱镕基同志指出：推进依法行政，建设法治政府。"  # 镕 is in GBK, not in GB2312
TRADITIONAL = "推進依法行政，建設法治政府，提升行政效能。"


@pytest.mark.parametrize(
    ("declared", "encoding", "text"),
    [
        ('<meta charset="gb2312">', "gbk", SIMPLIFIED),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gb18030", SIMPLIFIED),
        ('<meta charset="big5">', "cp950", TRADITIONAL),
        ('<?xml version="1.0" encoding="big5"?>', "big5", TRADITIONAL),
        ('<meta charset="gb2312">', "utf-8", SIMPLIFIED),  # a template's old declaration on a UTF-8 page
        ('<meta charset="iso-8859-1">', "gbk", SIMPLIFIED),  # a default that says nothing
        ("", "gbk", SIMPLIFIED),  # no declaration: detected
        ("", "big5", TRADITIONAL),
    ],
)
def test_page_decoding(declared, encoding, text):
    page = f"{declared}<html><head></head><body><p>{text}</p></body></html>"
    assert decode_page(page.encode(encoding), name="p.html") == page


def test_page_that_cannot_be_decoded(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(b'<meta charset="utf-8"><p>\x80\xff\x80\xff caf\xe9</p>')
    assert reason_for(path) == "cannot decode: not UTF-8, GB18030 or Big5"


def test_page_saved_under_another_name_is_read_as_a_page(files, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(files["wuhan-2022.txt", "page.html"].read_bytes())
    document = read_document(path)
    assert document.format == "html"
    assert "分享到" not in document.text


# ---------------------------------------------------------------- PDF


def test_pdf_rejoins_paragraphs_and_drops_page_furniture(files):
    path = files["nanyang-2023.txt", "report.pdf"]
    title, paragraphs = title_and_paragraphs(plain_text("nanyang-2023.txt"))
    # The fixture is what it should be: several pages, a paragraph split by a page break.
    pages = extract_text(path).split("\f")
    assert len([page for page in pages if page.strip()]) >= 3
    flat = ["".join(page.split()) for page in pages]
    assert any(not any(p.replace(" ", "") in page for page in flat) for p in paragraphs)
    document = read_document(path)
    # STSong-Light as reportlab embeds it has no glyph for the middle dot (·): it is not in the PDF's text.
    assert document.text.split("\n\n") == [title, *(p.replace("·", "") for p in paragraphs)]
    assert RUNNING_HEADER not in document.text
    assert not re.search(r"^- \d+ -$", document.text, re.MULTILINE)
    assert (document.title, document.issuer, document.published) == (title, ISSUER, None)


@pytest.mark.parametrize("footer", ["- {page} -", "— {page} —", "第{page}页", "第 {page} 页 共 {pages} 页", "{page}/{pages}", "{page}"])
def test_pdf_page_number_styles(footer):
    title, paragraphs = title_and_paragraphs(plain_text("wuhan-2022.txt"))
    data = pdf_report(title, paragraphs, footer=footer, pagesize=A6)
    text = read_pdf(data, name="r.pdf").text
    assert text.split("\n\n") == [title, *paragraphs]


def test_pdf_spacing_next_to_chinese_is_not_text():
    # Word and LibreOffice set digits a quarter em apart from Chinese characters;
    # pdfminer sees a gap there, not a space. A space the PDF has stays; a
    # watermark (rotated) is not text of the report.
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("STSong-Light", 12)
    x = 100.0
    for piece in ["全年办结", "366", "件，纠错率", "32.5%", "。"]:
        page.drawString(x, 700, piece)
        x += page.stringWidth(piece, "STSong-Light", 12) + 3
    page.drawString(100, 600, "Rule of law 法治 政府")
    page.saveState()  # a watermark across the page
    page.translate(200, 300)
    page.rotate(45)
    page.drawString(0, 0, "内部资料 注意保存")
    page.restoreState()
    page.showPage()
    page.save()
    assert read_pdf(out.getvalue(), name="s.pdf").text == "全年办结366件，纠错率32.5%。\n\nRule of law 法治 政府"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (Debian package libreoffice-writer-nogui)")
def test_pdf_printed_by_libreoffice(tmp_path):
    # A report as offices make them: a Word file with a running header and a
    # "- N -" page field, printed to PDF (TrueType fonts, Word-like spacing).
    title, paragraphs = title_and_paragraphs(plain_text("nanyang-2023.txt"))
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = RUNNING_HEADER
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("- ")
    number = OxmlElement("w:fldSimple")
    number.set(qn("w:instr"), "PAGE")
    footer._p.append(number)
    footer.add_run(" -")
    document.add_paragraph(title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Pt(24)
    document.save(tmp_path / "report.docx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "report.docx")],  # fmt: skip
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    document = read_document(tmp_path / "report.pdf")
    assert len(extract_text(tmp_path / "report.pdf").split("\f")) > 3
    assert document.text.split("\n\n") == [title, *paragraphs]


def test_truncated_pdf(files, tmp_path):
    data = files["nanyang-2023.txt", "report.pdf"].read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert reason_for(path) == "PDF is damaged or truncated: no end-of-file marker (%%EOF)"


def test_damaged_pdf(files, tmp_path):
    data = files["nanyang-2023.txt", "report.pdf"].read_bytes()
    path = tmp_path / "damaged.pdf"
    path.write_bytes(data[:300] + bytes(range(256)) * 20 + data[-200:])
    assert reason_for(path).startswith("PDF is damaged or truncated: ")


def test_pdf_without_text(tmp_path):
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for n in range(2):  # a scan: shapes (or images) only
        page.rect(50, 50, 400, 600, fill=1)
        page.circle(300, 500, 50)
        page.showPage()
    page.save()
    path = tmp_path / "scan.pdf"
    path.write_bytes(out.getvalue())
    assert reason_for(path) == "PDF has no text layer (scanned?); OCR is out of scope"


@pytest.mark.parametrize(
    ("user", "reason"),
    [("", None), ("secret", "PDF is encrypted: it needs a password")],  # copying forbidden / opening needs a password
)
def test_encrypted_pdf(tmp_path, user, reason, caplog):
    # Latin text: reportlab leaves the strings of a CID font's description
    # unencrypted, which conforming readers then decrypt into garbage.
    out = io.BytesIO()
    encryption = StandardEncryption(user, ownerPassword="owner", canCopy=0, canModify=0)
    SimpleDocTemplate(out, pagesize=A4, encrypt=encryption).build(
        [Paragraph("The municipal government reviewed 366 cases in 2023.", ParagraphStyle("p"))]
    )
    path = tmp_path / "locked.pdf"
    path.write_bytes(out.getvalue())
    if reason is None:
        assert read_document(path).text == "The municipal government reviewed 366 cases in 2023."
        assert not caplog.records  # pdfminer's note that copying is forbidden is not shown
    else:
        assert reason_for(path) == reason


def test_pdf_named_otherwise_is_read_as_pdf(files, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(files["wuhan-2022.txt", "report.pdf"].read_bytes())
    assert read_document(path).format == "pdf"


def test_file_named_pdf_that_is_not_one(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes("法治政府建设情况报告".encode("utf-8"))
    assert reason_for(path) == "PDF is damaged or truncated: no %PDF- header"


# ---------------------------------------------------------------- Word


def test_docx_paragraphs_in_order(files):
    title, paragraphs = title_and_paragraphs(plain_text("nanyang-2023.txt"))
    document = read_document(files["nanyang-2023.txt", "report.docx"])
    assert document.text.split("\n\n") == [title, *paragraphs]
    assert document.title == title


def test_docx_tables_in_order():
    document = docx.Document()
    document.add_paragraph("一、主要数据")
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["指标", "2022年", "2023年"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["复议案件", "320件", "366件"]):
        cell.text = text
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "合计"
    table.cell(2, 2).text = "686件"
    layout = document.add_table(rows=1, cols=1)  # a table that only lays out paragraphs
    layout.cell(0, 0).text = "二、下一步安排"
    layout.cell(0, 0).add_paragraph("持续深化行政复议体制改革。")
    document.add_paragraph("第一行\n第二行")
    out = io.BytesIO()
    document.save(out)
    path_text = _read_docx_bytes(out.getvalue())
    assert path_text.split("\n\n") == [
        "一、主要数据",
        "指标\t2022年\t2023年",
        "复议案件\t320件\t366件",
        "合计\t686件",
        "二、下一步安排",
        "持续深化行政复议体制改革。",
        "第一行",
        "第二行",
    ]


def test_docx_automatic_numbering():
    document = docx.Document()
    # Number the template's "List Number" list the way Chinese reports do: 一、 二、
    style = document.styles["List Number"].element
    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    level = next(lvl for lvl in abstract.findall(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == "0")
    level.find(qn("w:numFmt")).set(qn("w:val"), "chineseCounting")
    level.find(qn("w:lvlText")).set(qn("w:val"), "%1、")
    for heading in ["总体情况", "主要做法", "下一步安排"]:
        document.add_paragraph(heading, style="List Number")
        document.add_paragraph("全年办结案件12件。")
    out = io.BytesIO()
    document.save(out)
    assert _read_docx_bytes(out.getvalue()).split("\n\n")[::2] == ["一、总体情况", "二、主要做法", "三、下一步安排"]


def _read_docx_bytes(data: bytes) -> str:
    return read_docx(data, name="t.docx").text


def zip_of(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("report.docx", zip_of({"readme.txt": "hello"}), "not a valid .docx file: a zip archive, not a Word document"),
        ("data.zip", zip_of({"xl/workbook.xml": "<x/>"}), "not a valid .docx file: an Excel workbook, not a Word document"),
        ("report.docx", "依法行政".encode("utf-8"), "not a valid .docx file: not a zip archive"),
        (
            "report.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
            "not a valid .docx file: a password-protected Word file or an old .doc file",
        ),
        ("report.docx", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "not a valid .docx file: damaged or truncated zip archive"),
    ],
)
def test_not_a_docx(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    assert reason_for(path) == reason


def test_truncated_docx(files, tmp_path):
    data = files["wuhan-2022.txt", "report.docx"].read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    assert reason_for(path) == "not a valid .docx file: damaged or truncated zip archive"


# ---------------------------------------------------------------- Traditional characters


def test_big5_traditional_report(files):
    document = read_document(files["wuhan-2022.txt", "traditional-big5.txt"])
    published = opencc.OpenCC("s2tw").convert(plain_text("wuhan-2022.txt"))
    assert document.original == published
    assert document.text == plain_text("wuhan-2022.txt")
    assert "進" in document.original and "進" not in document.text


def test_traditional_page(files):
    document = read_document(files["nanyang-2023.txt", "traditional.html"])
    assert document.title == "南阳市人民政府关于2023年法治政府建设情况的报告"
    assert "南陽市人民政府關於2023年法治政府建設情況的報告" in document.original
    assert len(document.text) == len(document.original)
    differing = [i for i, (a, b) in enumerate(zip(document.text, document.original)) if a != b]
    assert differing and all(chinese.to_simplified(document.original[i]) == document.text[i] for i in differing[:50])


def test_simplified_text_is_not_converted():
    text = plain_text("nanyang-2023.txt")
    assert chinese.traditional_share(text) == 0
    assert chinese.simplify(text) is text


def test_traditional_share():
    traditional = opencc.OpenCC("s2tw").convert(plain_text("wuhan-2022.txt"))
    assert 0.25 < chinese.traditional_share(traditional) < 0.4
    assert chinese.simplify(traditional) == plain_text("wuhan-2022.txt")


def test_conversion_that_changes_length_falls_back_to_characters():
    # A phrase conversion of another length (none in OpenCC's tables today) must not shift offsets.
    def convert(text):
        return text.replace("乾隆", "乾隆帝").replace("臺", "台").replace("灣", "湾")

    assert chinese._convert_lines("乾隆年間\n臺灣", convert) == "乾隆年間\n台湾"


def test_document_is_frozen(files):
    document = read_document(files["wuhan-2022.txt", "report.docx"])
    assert isinstance(document, Document)
    with pytest.raises(AttributeError):
        document.text = ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-03-06 09:30", "2024-03-06"), ("2024年3月6日", "2024-03-06"), ("2024/3/6", "2024-03-06"),
     ("2024.03.06", "2024-03-06"), ("2023-02-29", None), ("第12期", None), (None, None)],  # fmt: skip
)
def test_iso_date(text, expected):
    assert iso_date(text) == expected
