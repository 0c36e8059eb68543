"""Page chrome: the lines a government web page wraps around a report.

Navigation, breadcrumbs, 来源/发布时间 lines, share buttons and footers are
recognised by how they start; both the HTML reader and the structure parser
(for text saved from a page) use this one definition.
"""

from __future__ import annotations

import re

__all__ = ["is_chrome_line"]

_CHROME = re.compile(
    r"^(?:首页|当前位置|您的位置|您现在的位置|位置[:：]|首页\s*[>＞›»]|来源[:：]|信息来源|文章来源|发布时间|发布日期|"
    r"发布机构|时间[:：]|日期[:：]|作者[:：]|浏览|阅读次数|阅读量|点击|访问量|字号|字体|【|\[|打印|关闭|分享|扫一扫|"
    r"责任编辑|编辑[:：]|审核[:：]|校对|索引号|发文机关|主题分类|上一篇|下一篇|相关链接|相关文章|附件下载|网站地图|"
    r"联系我们|关于我们|版权所有|主办单位|承办单位|协办单位|网站标识码|ICP|.{0,8}ICP备|.{0,6}公网安备|技术支持|建议使用)"
)
_BREADCRUMB = re.compile(r"\S\s*[>＞›»]\s*\S.*[>＞›»]|\s[>›»]\s")


def is_chrome_line(line: str) -> bool:
    """True for a line of page chrome.

    Examples
    --------
    >>> is_chrome_line("首页 > 政务公开 > 法治政府"), is_chrome_line("来源:南阳市司法局  发布时间:2024-03-06")
    (True, True)
    >>> is_chrome_line("一、依法全面履行政府职能")
    False
    """
    s = line.strip()
    return bool(_CHROME.match(s) or _BREADCRUMB.search(s))
