"""Read a saved government web page: the report's text, title, issuer and date.

The page is decoded first (see `decode_page`). trafilatura then finds the
main text, with ``favor_recall`` so that no paragraph of a long report is
lost; its result is rendered one block a line (paragraphs, headings, list
items, table rows, and the paragraphs inside a layout table's cell each on
a line of their own). What is left of the page's chrome at the edges of the
text -- the 来源/发布时间 line, breadcrumbs, 分享到 buttons, print and close
links, footers -- is cut off, and the title is put on the first line, where
a plain-text report has it.

Measured on pages built from the corpus reports (a site header with a dozen
navigation links, breadcrumb, ``<h1>`` title, 来源/发布时间 line, share
buttons, related links and a footer): trafilatura kept every paragraph, in
order and whole, and no chrome, whether the paragraphs were ``<p>``
elements, runs of ``<span>``/``<font>``, ``<br>``-separated text, or sat in a
layout table; only for the table did its plain-text output run all
paragraphs into one line, which the rendering here avoids.

Metadata comes from the tags that Chinese government sites carry by
national standard (``ArticleTitle``, ``PubDate``, ``ContentSource``), then
from the page's own 来源：/发布时间： line, then from trafilatura.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import lxml.html
import trafilatura
from lxml import etree

from govkg.errors import InputError
from govkg.extractor.chrome import is_chrome_line
from . import Content, iso_date, join_paragraphs
from .text import decode_report

__all__ = ["decode_page", "read_html"]

_NO_REPORT = "no report text found in the page"

# Where a page says how it is encoded: <meta charset=...>, <meta
# http-equiv="Content-Type" content="text/html; charset=...">, <?xml encoding=...?>.
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Pages declared GB2312 routinely hold GBK characters, and Big5 ones the
# Windows additions: decode with the supersets.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950"}
# Codecs under which any bytes are valid: a declaration of one of these on a
# Chinese page is a template's default, not a fact, so the bytes are detected.
_ANY_BYTES = {"latin_1", "iso8859_1", "cp1252", "ascii"}

_OUTLINE = re.compile(r"^[(（]?[一二三四五六七八九十\d]{1,3}[)）、．.]")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_PUNCTUATION = re.compile(r"[，。；：！？,;]")
# A line of prose: a sentence, not a link or a heading. A page without one holds no report.
_PROSE_IDEOGRAPHS = 15

# Meta tags of the national standard for government web sites.
_META_TITLE = ("articletitle", "og:title")
_META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time")
_META_ISSUER = ("contentsource",)
_SITE_NAME = ("sitename", "og:site_name")
_ISSUER_LINE = re.compile(r"(?:信息来源|文章来源|来源|发布机构|发文机关|发布单位)\s*[:：]\s*([^\s|｜/，,:：]{2,30})")
_DATE_LINE = re.compile(r"(?:发布时间|发布日期|发文日期|日期|时间)\s*[:：]\s*(.{8,20})")
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜—–-]+\s*")

# huge_tree: libxml2 otherwise drops whatever is nested deeper than 256 elements (the report text, on pages built
# of nested divisions); with it the limit is 2048, and `_parse` flattens a page that reaches even that.
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
_PARSER_DEPTH = 2040  # a tree this deep has met the parser's limit (2048, less html, body and a margin)
# Tags a page nested too deeply loses in `_flatten`: blocks become line breaks, inline ones go.
_BLOCK_TAGS = re.compile(r"</?(?:div|section|article|main|aside|header|footer|nav|center|blockquote|form|table|tbody|"
                         r"thead|tfoot|tr|td|th|ul|ol|li|dl|dt|dd|fieldset)\b[^>]*>", re.I)
_INLINE_TAGS = re.compile(r"</?(?:span|font|a|b|i|u|s|em|strong|small|big|sub|sup|label|abbr|cite|code|q|mark|"
                          r"ins|del|tt|var|o:p|nobr)\b[^>]*>", re.I)
# A table cell with more text than this is a page's layout, not a value.
_LAYOUT_TEXT = 200

# Elements of trafilatura's output that hold blocks of text rather than text.
_BLOCKS = {"p", "head", "list", "item", "table", "row", "quote", "div"}


def read_html(data: bytes, *, name: str) -> Content:
    """Read the report on a saved web page.

    Parameters
    ----------
    data : bytes
        The page as saved.
    name : str
        What to call it in error messages, usually its path.

    Returns
    -------
    Content
        The report's text, its title on the first line, and the page's
        title, issuer (来源) and publication date when found.

    Raises
    ------
    InputError
        If the page cannot be decoded, or holds no report text (only
        navigation, say).

    Examples
    --------
    >>> page = '''<html><head><meta charset="gbk"><title>关于2023年工作的报告_某市人民政府</title></head>
    ... <body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 正文</div>
    ... <h1>关于2023年工作的报告</h1><div>来源：某市司法局 发布时间：2024-03-06</div>
    ... <div class="content"><p>　　2023年，我市坚持依法行政，全年办结行政复议案件366件，纠错率达到32.5%。</p>
    ... <p>　　一、主要工作</p><p>　　全面推行行政执法公示制度，执法信息公开率100%。</p></div>
    ... <div class="share">分享到：微信 微博</div><div class="footer">版权所有：某市人民政府</div></body></html>'''
    >>> content = read_html(page.encode("gbk"), name="report.html")
    >>> print(content.text)
    关于2023年工作的报告
    <BLANKLINE>
    2023年，我市坚持依法行政，全年办结行政复议案件366件，纠错率达到32.5%。
    <BLANKLINE>
    一、主要工作
    <BLANKLINE>
    全面推行行政执法公示制度，执法信息公开率100%。
    >>> content.issuer, content.published
    ('某市司法局', '2024-03-06')
    """
    page = _parse(_XML_DECLARATION.sub("", decode_page(data, name=name), count=1), name)
    site = _meta(page, _SITE_NAME)
    title = _meta(page, _META_TITLE)
    issuer = _meta(page, _META_ISSUER)
    published = iso_date(_meta(page, _META_DATE))
    visible = _visible_text(page)
    _unwrap_layout_tables(page)
    found = trafilatura.bare_extraction(
        page,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        # Dates from the page's markup only, not guessed from any date in its text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    lines = _trim_chrome(_render(found.body)) if found is not None and found.body is not None else []
    if not any(_is_prose(line) for line in lines):
        raise InputError(name, _NO_REPORT)
    title = _clean_title(title or (found.title if found else None), site)
    if title and title not in lines[:3]:
        lines.insert(0, title)
    issuer = issuer or _first_group(_ISSUER_LINE, visible)
    published = published or iso_date(_first_group(_DATE_LINE, visible)) or iso_date(found.date if found else None)
    return Content(text=join_paragraphs(lines), title=title, issuer=issuer, published=published)


def decode_page(data: bytes, *, name: str) -> str:
    """Decode the bytes of a web page.

    A byte-order mark decides first; then bytes that are valid UTF-8 are read
    as UTF-8, whatever the page declares (GBK text of any length is hardly
    ever valid UTF-8, while UTF-8 text often is valid GB18030, and pages
    built from old templates keep ``charset=gb2312`` after the site moved to
    UTF-8); then the declared charset (GB2312 and GBK as GB18030, Big5 as
    code page 950), if the bytes are valid in it; otherwise the encoding is
    detected as for a plain-text report (`govkg.extractor.formats.text.decode_report`).

    Examples
    --------
    >>> page = '<meta charset="gb2312"><p>依法行政</p>'
    >>> decode_page(page.encode("gbk"), name="a.html") == page
    True
    >>> decode_page(page.encode("utf-8"), name="b.html") == page
    True
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_report(data, name=name)
    for codec in ("utf-8", _declared_codec(data[:4096])):
        if codec is not None:
            text = _strict_decode(data, codec)
            if text is not None and text.strip():
                return text
    return decode_report(data, name=name)


def _declared_codec(head: bytes) -> str | None:
    """The Python codec of the charset the page declares, or None."""
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(_SUPERSETS.get(label, label)).name
    except LookupError:
        return None
    codec = _SUPERSETS.get(codec, codec)
    return None if codec.replace("-", "_") in _ANY_BYTES else codec


def _strict_decode(data: bytes, codec: str) -> str | None:
    """`data` decoded by `codec`, or None if it is not valid in it."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _parse(markup: str, name: str) -> lxml.html.HtmlElement:
    """Parse the page with lxml's forgiving HTML parser, without comments.

    A page nested so deeply that the parser stops short is parsed again
    without its containers (`_flatten`), so that its text is not lost.

    Examples
    --------
    >>> deep = "<div>" * 3000 + "<p>依法行政</p>" + "</div>" * 3000
    >>> _parse(f"<html><body>{deep}</body></html>", "page.html").text_content()
    '依法行政'
    """
    try:
        page = lxml.html.document_fromstring(markup, parser=_PARSER)
        if _depth(page) >= _PARSER_DEPTH:
            page = lxml.html.document_fromstring(_flatten(markup), parser=_PARSER)
        return page
    except (etree.ParserError, ValueError) as exc:
        raise InputError(name, _NO_REPORT) from exc


def _depth(page: etree._Element) -> int:
    """How deep the tree is (iteratively: a deep tree is the case in point)."""
    deepest, stack = 0, [(page, 0)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _flatten(markup: str) -> str:
    """The page without its containers: block tags as line breaks, inline tags dropped; paragraphs stay."""
    return _INLINE_TAGS.sub("", _BLOCK_TAGS.sub("<br>", markup))


def _unwrap_layout_tables(page: lxml.html.HtmlElement) -> None:
    """Turn tables that lay out the page into divisions, so that their text keeps its order.

    trafilatura takes a table nested in another out of its place and puts it
    after the outer one; old government sites set the whole article in a
    table cell, with the report's data tables inside it.
    """
    # Later tables first: a nested table comes after the one it is in.
    for table in reversed(list(page.iter("table"))):
        rows = table.xpath("./tr | ./*/tr")
        cells = [cell for row in rows for cell in row.xpath("./td | ./th")]
        if any(_lays_out(cell) for cell in cells):
            for element in [table, *table.xpath("./*[self::thead or self::tbody or self::tfoot]"), *rows, *cells]:
                element.tag = "div"


def _lays_out(cell: lxml.html.HtmlElement) -> bool:
    """Whether a table cell holds a text of its own (a table, paragraphs, a long text) rather than a value."""
    if cell.xpath(".//table"):
        return True
    blocks = cell.xpath(".//*[self::p or self::div or self::h1 or self::h2 or self::h3 or self::h4 or self::ul or self::ol]")
    return len(blocks) >= 2 or len(cell.text_content()) > _LAYOUT_TEXT


def _render(body: etree._Element) -> list[str]:
    """trafilatura's output tree as lines: one per paragraph, heading, item or table row."""
    lines: list[str] = []
    for element in body:
        _render_block(element, lines)
    return lines


def _render_block(element: etree._Element, lines: list[str]) -> None:
    """Append the lines of one block of trafilatura's output to `lines`."""
    if element.tag == "graphic":
        return
    if element.tag == "row" and not any(_has_blocks(cell) for cell in element):
        # A data table's row: one line, its cells a tab apart.
        lines.append("\t".join(text for cell in element if (text := _inline(cell).strip())))
    elif _has_blocks(element) or element.tag == "row":
        # A list, a table, or a layout table's cell holding paragraphs: a line per block inside.
        lines.append(element.text or "")
        for child in element:
            _render_block(child, lines)
            lines.append(child.tail or "")
    else:
        lines.extend(_inline(element).split("\n"))


def _has_blocks(element: etree._Element) -> bool:
    """Whether `element` holds block elements (paragraphs, lists, tables) rather than only text."""
    return any(child.tag in _BLOCKS for child in element)


def _inline(element: etree._Element) -> str:
    """The text of `element`, with its line breaks (``<lb/>``) as newlines."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _trim_chrome(lines: list[str]) -> list[str]:
    """Drop chrome and menu labels before the first line of prose; after the last, cut at chrome.

    At the very end, menu labels and lines of only digits and signs (a page
    number) go too.
    """
    lines = [line.strip() for line in lines if line.strip()]
    prose = [i for i, line in enumerate(lines) if _is_prose(line)]
    if not prose:
        return lines
    first, last = prose[0], prose[-1]
    head = [line for line in lines[:first] if not _is_chrome(line) and not _is_link_text(line)]
    tail = lines[last + 1 :]
    tail = tail[: next((i for i, line in enumerate(tail) if _is_chrome(line)), len(tail))]
    while tail and (_is_link_text(tail[-1]) or _is_furniture(tail[-1])):
        tail.pop()
    return head + lines[first : last + 1] + tail


def _is_chrome(line: str) -> bool:
    """Whether `line` is navigation, a page's info line, a share or print button or a footer."""
    return is_chrome_line(line)


def _is_link_text(line: str) -> bool:
    """Whether `line` is short labels such as menu items (首页, 政务公开), not a heading or a sentence."""
    return all(
        len(label) <= 6
        and not _OUTLINE.match(label)
        and not any(char.isdigit() or unicodedata.category(char).startswith("P") for char in label)
        for label in line.split("\t")
    )


def _is_furniture(line: str) -> bool:
    """Whether `line` has neither letters nor ideographs and is no date: a page number ("- 1 -"), a rule."""
    return not any(char.isalpha() for char in line) and iso_date(line) is None


def _is_prose(line: str) -> bool:
    """Whether `line` is a sentence of the report: enough ideographs, with clause punctuation."""
    return len(_IDEOGRAPH.findall(line)) >= _PROSE_IDEOGRAPHS and bool(_CLAUSE_PUNCTUATION.search(line))


def _meta(page: lxml.html.HtmlElement, names: tuple[str, ...]) -> str | None:
    """The content of the first of the meta tags `names` (by name or property) the page has."""
    contents: dict[str, str] = {}
    for tag in page.iter("meta"):
        key = (tag.get("name") or tag.get("property") or "").strip().lower()
        content = (tag.get("content") or "").strip()
        if key and content:
            contents.setdefault(key, content)
    return next((contents[key] for key in names if key in contents), None)


def _visible_text(page: lxml.html.HtmlElement) -> str:
    """The text of the page's body without scripts and styles, its pieces a space apart."""
    etree.strip_elements(page, "script", "style", with_tail=False)
    body = page.find("body")
    return " ".join(body.itertext()) if body is not None else ""


def _first_group(pattern: re.Pattern[str], text: str) -> str | None:
    """The first group of the first match of `pattern` in `text`, or None."""
    match = pattern.search(text)
    return match.group(1) if match else None


def _clean_title(title: str | None, site: str | None) -> str | None:
    """`title` without the site's name that ``<title>`` tags add (报告_某市人民政府)."""
    if not title:
        return None
    title = " ".join(title.split())
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part]
    if len(parts) > 1:
        kept = [part for part in parts if part != site and not part.endswith(("网", "门户网站", "人民政府"))]
        title = max(kept or parts, key=len)
    return title or None
