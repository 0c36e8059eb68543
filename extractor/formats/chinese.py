"""Traditional Chinese: tell it apart and convert it to Simplified, offset for offset.

The extractor's patterns are written in Simplified characters, so a report
published in Traditional ones (Taiwan, Hong Kong, Macao, or an old mainland
page) is converted before it is read. The conversion keeps the length of the
text: character ``i`` of the converted text stands where character ``i`` of
the published one stands, so an offset into either points at the same word.

How Traditional text is recognised
----------------------------------
OpenCC's Traditional-to-Simplified conversion leaves Simplified text alone
and changes about a third of the ideographs of Traditional text. Measured
on the six reports of the test corpus: 0 characters of the Simplified
originals change; 31 % to 34 % of the ideographs of their Traditional
versions do. A text is taken as Traditional when at least
`TRADITIONAL_SHARE` (5 %) of its ideographs change, so a Simplified report
quoting a Traditional name is left as it is.

How the length is kept
----------------------
OpenCC converts phrase by phrase (``tw2s``: Taiwan variants, then phrases,
then characters), and a phrase may in principle convert to one of another
length. Each line is converted as a whole, which keeps the phrase context
(乾隆 stays 乾隆, 乾淨 becomes 干净); a line whose conversion changes length
is converted again character by character, and a character whose conversion
is not one character is kept as published.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import opencc

__all__ = ["TRADITIONAL_SHARE", "simplify", "to_simplified", "traditional_share"]

# Share of ideographs that conversion changes from which a text counts as Traditional.
TRADITIONAL_SHARE = 0.05

# OpenCC's Taiwan configuration: it also maps the Taiwan standard forms that
# plain t2s misses (著 used for 着, 裡), and handles Hong Kong and OpenCC's
# own Traditional forms alike. Measured: Simplified -> s2tw / s2hk -> tw2s
# gives back all six corpus reports exactly; t2s misses 着 in one.
_CONFIG = "tw2s"


def simplify(text: str) -> str:
    """Convert `text` to Simplified characters if it is Traditional, else return it unchanged.

    Parameters
    ----------
    text : str
        Decoded report text.

    Returns
    -------
    str
        Of the same length as `text`; equal to it unless at least
        `TRADITIONAL_SHARE` of its ideographs are Traditional.

    Examples
    --------
    >>> simplify("推進法治政府建設")
    '推进法治政府建设'
    >>> simplify("南阳市人民政府")
    '南阳市人民政府'
    """
    return to_simplified(text) if traditional_share(text) >= TRADITIONAL_SHARE else text


def traditional_share(text: str) -> float:
    """The share of the ideographs of `text` that change under conversion to Simplified.

    Examples
    --------
    >>> traditional_share("法治政府建設")
    0.16666666666666666
    >>> traditional_share("no ideographs")
    0.0
    """
    ideographs = [char for char in text if _is_ideograph(char)]
    if not ideographs:
        return 0.0
    converted = to_simplified("".join(ideographs))
    return sum(a != b for a, b in zip(ideographs, converted)) / len(ideographs)


def to_simplified(text: str) -> str:
    """Convert `text` to Simplified characters, keeping its length.

    Examples
    --------
    >>> to_simplified("臺北市政府：「依法行政」著重實效")
    '台北市政府：「依法行政」着重实效'
    """
    return _convert_lines(text, _converter())


def _convert_lines(text: str, convert: Callable[[str], str]) -> str:
    """Convert line by line; a line whose length changes goes character by character."""
    out = []
    for line in text.split("\n"):
        converted = convert(line)
        if len(converted) != len(line):
            converted = "".join(_char_converter(convert)(char) for char in line)
        out.append(converted)
    return "\n".join(out)


@functools.cache
def _char_converter(convert: Callable[[str], str]) -> Callable[[str], str]:
    """`convert` for one character at a time, keeping those that do not convert to one."""

    @functools.cache
    def one(char: str) -> str:
        converted = convert(char)
        return converted if len(converted) == 1 else char

    return one


@functools.cache
def _converter() -> Callable[[str], str]:
    """OpenCC's converter, built once (it loads its dictionaries)."""
    return opencc.OpenCC(_CONFIG).convert


def _is_ideograph(char: str) -> bool:
    """Whether `char` is a CJK unified ideograph (basic block or extension A)."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"
