"""Page chrome: the lines a government web page wraps around a report.

Navigation, breadcrumbs, 来源/发布时间 lines, share buttons and footers are
recognised by how they start; both the HTML reader and the structure parser
(for text saved from a page) use this one definition.

Four kinds of knowledge are word lists in ``patterns/chrome.jsonl``, which
users extend: ``BUTTON`` words that make up a whole line (下载, 打印, 加大 …:
a page's buttons, saved one per line), ``TAIL`` words that, on a short line,
open the page's footer or sidebar (相关报道, 名词解释, 网站标识码 …: nothing
after them is the report), ``TAIL_START`` words that open a footer paragraph
(a licence notice), and ``FIELD`` labels of a collection's or page's header lines (标题：,
发文单位：, 发文时间： …), whose ``id`` says what the value is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .patterns import alternation, default_patterns_path, read_patterns, words

__all__ = ["is_chrome_line", "is_button_line", "is_tail_line", "header_field"]

_CHROME = re.compile(
    r"^(?:首页|当前位置|您的位置|您现在的位置|位置[:：]|首页\s*[>＞›»]|来源[:：]|信息来源|文章来源|发布时间|发布日期|"
    r"发布机构|时间[:：]|日期[:：]|作者[:：]|浏览|阅读次数|阅读量|点击|访问量|字号|字体|【|\[|打印|关闭|分享|扫一扫|"
    r"责任编辑|编辑[:：]|审核[:：]|校对|索引号|发文机关|主题分类|上一篇|下一篇|相关链接|相关文章|附件下载|网站地图|"
    r"联系我们|关于我们|版权所有|主办单位|承办单位|协办单位|网站标识码|ICP|.{0,8}ICP备|.{0,6}公网安备|技术支持|建议使用)"
)
_BREADCRUMB = re.compile(r"\S\s*[>＞›»]\s*\S.*[>＞›»]|\s[>›»]\s")
# A line of separators and symbols only: | × © >> 】
_SYMBOLS = re.compile(r"^[\s|｜×©®>＞›»<《》【】\[\]()（）:：/\\·•\-—_=+*#]+$")
# A page's date and time stamp: 2026-02-09 09:45:30, 2026年02月10日 07时41分
_STAMP = re.compile(r"^\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?\s*(?:\d{1,2}[:时]\d{1,2}(?:[:分]\d{1,2})?分?)?\s*$")


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], re.Pattern, re.Pattern, dict[str, str], re.Pattern]:
    rows = read_patterns(default_patterns_path("chrome.jsonl"))
    buttons = frozenset(words(rows, "BUTTON"))
    tail = alternation(tuple(words(rows, "TAIL")))
    tail_start = alternation(tuple(words(rows, "TAIL_START")))
    fields = {row["pattern"]: row.get("id", "") for row in rows if row["label"] == "FIELD"}
    # Longest label first, so that 来源URL is not read as 来源 followed by URL.
    field_rx = re.compile(r"^\s*(" + alternation(tuple(fields)).pattern + r")\s*[:：]\s*(.*?)\s*$")
    return buttons, tail, field_rx, fields, tail_start


def is_chrome_line(line: str) -> bool:
    """True for a line of page chrome.

    Examples
    --------
    >>> is_chrome_line("首页 > 政务公开 > 法治政府"), is_chrome_line("来源:南阳市司法局  发布时间:2024-03-06")
    (True, True)
    >>> is_chrome_line("全屏"), is_chrome_line("|"), is_chrome_line("2026-02-09 09:45:30")
    (True, True, True)
    >>> is_chrome_line("一、依法全面履行政府职能")
    False
    """
    s = line.strip()
    if not s:
        return False
    return bool(_CHROME.match(s) or _BREADCRUMB.search(s) or is_button_line(s))


def is_button_line(line: str) -> bool:
    """True for a line that is a page's button, separator or time stamp and nothing else.

    Such a line is chrome wherever it stands, even amid the report.

    Examples
    --------
    >>> is_button_line("分享到微信"), is_button_line("×"), is_button_line("【打印本页】")
    (True, True, False)
    """
    s = line.strip()
    return bool(s) and (s in _lists()[0] or bool(_SYMBOLS.match(s)) or bool(_STAMP.match(s)))


def is_tail_line(line: str) -> bool:
    """True for a line that opens a page's footer (related links, glossary, site registration).

    Only a short line counts: a sentence that mentions 相关报道 is the report's own.

    Examples
    --------
    >>> is_tail_line("相关报道："), is_tail_line("名词解释"), is_tail_line("（责任编辑：某某）")
    (True, True, True)
    >>> is_tail_line("各地要做好相关报道工作，营造良好氛围。")
    False
    """
    s = line.strip().lstrip("（(【[ ")
    if not s:
        return False
    lists = _lists()
    if lists[4].match(s):
        return True
    if len(s) > 30 or any(c in s for c in "。，；"):
        return False
    return bool(lists[1].search(s))


def header_field(line: str) -> tuple[str, str, str] | None:
    """``(kind, label, value)`` of a labelled header line such as ``发文时间：2024-01-30``.

    ``kind`` is the label's ``id`` in ``chrome.jsonl`` (title, issuer,
    published, speaker, url, source, body, summary ...); ``value`` may be empty
    when the page puts it on the next line.

    Examples
    --------
    >>> header_field("标题：某市政府工作报告")
    ('title', '标题', '某市政府工作报告')
    >>> header_field("来源URL：http://example.org/a.html")
    ('url', '来源URL', 'http://example.org/a.html')
    >>> header_field("一、工作回顾") is None
    True
    """
    _, _, rx, fields, _ = _lists()
    m = rx.match(line)
    if not m:
        return None
    return fields[m.group(1)], m.group(1), m.group(2)
