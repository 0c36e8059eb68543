"""Number grammar of Chinese reports: find quantities and normalise them.

A quantity is a number (Arabic or Chinese numerals), an optional scale (万, 亿),
optional qualifiers (余, 多, 以上, 近, 达 ...) and a unit word or %.  Dates,
years, ordinals and numbers inside quoted names or 《》 titles are not
quantities, and neither are numbers that are part of something else: the
denominator of a rate (每千人口, 每10万人), a code (PM2.5, C919), the session
of a congress (十一届七次、八次全会) and a Chinese numeral inside a word of
jieba's dictionary that runs on past the unit (百家争鸣, 千家万户, 两条腿).  Values are normalised with cn2an, which is given the bare numeral
only: it fails on qualifiers and on whole sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext

import cn2an

from .patterns import bundled_words
from .tokenizer import dictionary_tags, word_frequency, words

__all__ = ["Quantity", "count_numbers", "find_quantities", "to_number"]

_CN_NUM = "零〇一二两三四五六七八九十百千"
_PRECISION = 4096  # digits kept in arithmetic; longer numerals are rounded, never an error
_SCALES = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6,
           "万": Decimal(10) ** 4, "千": Decimal(10) ** 3}
_PRE_QUALIFIERS = ("接近", "高达", "多达", "不到", "不足", "不少于", "不低于", "不超过", "不高于", "超过", "将近", "达到", "累计达", "近", "约", "超", "逾", "达",
                   "共计", "合计", "仅", "低于", "高于")
_POST_QUALIFIERS = ("以上", "以下", "以内", "左右", "上下", "之多")
# A range's lower bound and its dash or 至 (6%-6.5%, 6-6.5%, 1000至1200万人); the unit may be left out.
_RANGE_LOW = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<scale>万亿|亿|千万|百万|万)?(?P<unit>[%％]|[\u4e00-\u9fff]{0,4})"
                        r"\s*[-－—–~～至到]\s*$")

# Digits grouped in thousands (33，212万吨, 1,062): one number, as older reports print large figures.
_GROUPED = r"\d{1,3}(?:[，,]\d{3})+(?![\d.])"
_NUMBER = re.compile(
    r"(?P<num>" + _GROUPED + r"|\d+(?:\.\d+)?|[" + _CN_NUM + r"]+(?:[万亿]+[" + _CN_NUM + r"]+)*(?:点[零〇一二两三四五六七八九]+)?)"
    r"(?P<q1>余|多)?(?P<scale>万亿|千亿|亿|千万|百万|万|千)?(?P<q2>余|多)?"
)
_PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*[%％]|百分之(?P<cn>[" + _CN_NUM + r"]+(?:点[" + _CN_NUM + r"]+)?)")
# Counting cues that make a Chinese-numeral quantity believable (连续三年).
_CN_CUE = re.compile(r"(?:连续|近|共|累计|达|计|分为|细分为|划分为|涉及|覆盖|包括)$")
# Units after which a Chinese numeral is a count (三项, 五个方面): units.jsonl rows marked "counts".
_CN_UNITS = bundled_words("units.jsonl", "UNIT", counts=True)
# Units of a class or bound that may modify the noun after it (3岁以下婴幼儿, 110千伏变电站): rows marked "modifies".
_CLASS_UNITS = bundled_words("units.jsonl", "UNIT", modifies=True)
# A session's number, also in a list of sessions (七次、八次全会): an ordinal, not a count.
_AFTER_EVENT = re.compile(r"^(?:[、和及][" + _CN_NUM + r"\d]+次)*(?:会议|全会|会|届|中全会)")
_SESSION = re.compile(r"届(?:[" + _CN_NUM + r"\d]+次[、和及])*$")  # 十一届七次、八次: numbered within a term
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]\s?$")  # PM2.5, C919, S524: the number belongs to a code
_AGE_BOUND = re.compile(r"(?:及|或)?(?:以上|以下)")  # 65岁及以上老年人
_DEGREE_ADVERBS = ("十分", "万分")  # 十分重要: "very", no ten points
_IN_WORD = 4  # how far past the unit a dictionary word holding the numeral is looked for
_BIG = re.compile(r"^大([\u4e00-\u9fff]{1,3}?)(?=[和及与、,，。；;等]|$)")


@dataclass(frozen=True)
class Quantity:
    """A quantity found at [start, end) of a text."""

    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    qualifier: str
    # A range (6%-6.5%): ``value`` is the lower bound, ``upper`` the upper one.
    upper: Decimal | None = field(default=None, kw_only=True)


def to_number(numeral: str) -> Decimal | None:
    """Value of a bare numeral, Arabic or Chinese; None when it is not one.

    Examples
    --------
    >>> to_number("12.6"), to_number("三十五"), to_number("两"), to_number("33，212")
    (Decimal('12.6'), Decimal('35'), Decimal('2'), Decimal('33212'))
    """
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        return Decimal(numeral)
    if re.fullmatch(_GROUPED, numeral):
        return Decimal(re.sub("[，,]", "", numeral))
    if numeral in ("百", "千"):  # cn2an rejects a bare 百
        return Decimal(100 if numeral == "百" else 1000)
    try:
        return Decimal(str(cn2an.cn2an(numeral, "smart"))).normalize()
    # cn2an rejects malformed numerals (十十) with ValueError, and some (三四十八) with KeyError.
    except (ValueError, KeyError, IndexError):
        return None


_ARABIC = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])(?!\s*[年月日号时])")


def count_numbers(text: str) -> int:
    """How many numbers in Arabic digits ``text`` holds, dates (年, 月, 日) left out.

    An audit signal: set beside the observations made, it shows how much of a
    report's numbers were read.

    Examples
    --------
    >>> count_numbers("2023年3月，新增就业1.2万人，增长5%，第3次。")
    3
    """
    return sum(1 for _ in _ARABIC.finditer(text))


def _norm(v: Decimal) -> Decimal:
    """The value without exponent or trailing zeros: 1.26E+5 → 126000, 97.80 → 97.8.

    Examples
    --------
    >>> _norm(Decimal("1.26E+5")), _norm(Decimal("97.80")), _norm(Decimal(10) ** 40) == 10 ** 40
    (Decimal('126000'), Decimal('97.8'), True)
    """
    v = v.normalize()
    if v != v.to_integral_value():
        return v
    with localcontext() as ctx:  # the default 28 digits cannot hold 10^28 and more written out
        ctx.prec = max(ctx.prec, v.adjusted() + 2)
        return v.quantize(Decimal(1))


class _Units:
    def __init__(self, units: list[str]) -> None:
        self.units = sorted(set(units), key=len, reverse=True)

    def match(self, text: str, pos: int, *, arabic: bool) -> str | None:
        for u in self.units:
            if text.startswith(u, pos):
                return u
        m = _BIG.match(text[pos:pos + 6]) if arabic else None
        return "大" + m.group(1) if m else None


def _blocked(mask: list[bool], start: int, end: int) -> bool:
    return any(mask[start:end])


def find_quantities(text: str, units: list[str], *, blocked: list[bool] | None = None) -> list[Quantity]:
    """Find the quantities in ``text``.

    Parameters
    ----------
    text : str
        A sentence or a whole report.
    units : list of str
        Unit words; the longest that follows a number is taken.
    blocked : list of bool, optional
        One flag per character; numbers touching a flagged character (inside
        quotes or titles) are skipped.

    Returns
    -------
    list of Quantity

    Examples
    --------
    >>> [(q.value, q.unit, q.qualifier) for q in find_quantities("办理案件27余万件,占比达97.8%", ["件"])]
    [(Decimal('270000'), '件', '余'), (Decimal('97.8'), '%', '达')]
    >>> [(q.text, q.value, q.upper) for q in find_quantities("增长6%-6.5%，新增1000至1200万人", ["人"])]
    [('6%-6.5%', Decimal('6'), Decimal('6.5')), ('1000至1200万人', Decimal('10000000'), Decimal('12000000'))]
    """
    # Exact arithmetic for any number a text may hold: the default context keeps 28 digits.
    with localcontext(prec=_PRECISION):
        return _find(text, units, blocked)


def _find(text: str, units: list[str], blocked: list[bool] | None) -> list[Quantity]:
    mask = blocked or [False] * len(text)
    table = _Units(units)
    found: list[Quantity] = []
    taken = [False] * len(text)
    for m in _PERCENT.finditer(text):
        if _blocked(mask, m.start(), m.end()):
            continue
        value = Decimal(m.group("num")) if m.group("num") else to_number(m.group("cn"))
        if value is None:
            continue
        found.append(_finish(text, m.start(), m.end(), _norm(value), "%", ""))
        taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _NUMBER.finditer(text):
        if _blocked(mask, m.start(), m.end()) or _blocked(taken, m.start(), m.end()):
            continue
        q = _quantity(text, m, table)
        if q:
            found.append(q)
    return _ranges(text, sorted(found, key=lambda q: q.start), mask)


def _ranges(text: str, found: list[Quantity], mask: list[bool]) -> list[Quantity]:
    """Join a range's two bounds into one quantity (6%-6.5%: 6 to 6.5)."""
    out: list[Quantity] = []
    for q in found:
        m = _RANGE_LOW.search(text, max(0, q.start - 16), q.start)
        unit_ok = m is not None and (m.group("unit") in ("", q.unit) or q.unit == "%" == m.group("unit").replace("％", "%"))
        if m and m.start() > 0 and text[m.start() - 1] == "第":  # 第1-3项: ordinals
            continue
        if not m or not unit_ok or _blocked(mask, m.start(), q.start) or (m.start() > 0 and text[m.start() - 1] in ".．"):
            out.append(q)
            continue
        scale = m.group("scale") or _scale_of(q)
        low = _norm(Decimal(m.group("num")) * (_SCALES.get(scale, Decimal(1)) if q.unit != "%" else 1))
        if low >= q.value:
            out.append(q)
            continue
        if out and out[-1].start >= m.start():  # the lower bound was read as a quantity of its own
            out.pop()
        out.append(replace(q, start=m.start(), text=text[m.start():q.end], value=low, upper=q.value))
    return out


def _scale_of(q: Quantity) -> str:
    """The scale word written in a quantity (万 in 1200万人), "" when none."""
    for word in _SCALES:
        if word in q.text:
            return word
    return ""


def _quantity(text: str, m: re.Match, table: _Units) -> Quantity | None:
    num, scale = m.group("num"), m.group("scale") or ""
    arabic = num[0].isdigit()
    start, end = m.start(), m.end()
    if start > 0 and (text[start - 1] in "第.．每" or text[start - 1].isdigit()):  # 每千人口: a denominator
        return None
    if _LATIN.search(text, max(0, start - 2), start) or _SESSION.search(text, max(0, start - 16), start):
        return None
    if not arabic and not _plausible_cn(text, m):
        return None
    unit = table.match(text, end, arabic=arabic)
    if unit is None and scale == "千" and not m.group("q2"):
        unit = table.match(text, m.start("scale"), arabic=arabic)  # 500千伏, 800千瓦: 千 opens the unit
        if unit is not None:
            scale, end = "", m.start("scale")
    if unit is None and arabic and scale and not m.group("q2") and end < len(text) and text[end] in "多余":
        end += 1
    if unit is None and not scale:
        return None
    if unit is None and not arabic:
        return None
    if unit and _is_date(text, m, unit, arabic):
        return None
    unit = _times(text, end, unit)
    rest = text[end + len(unit or ""):end + len(unit or "") + 12]
    if _AFTER_EVENT.match(rest):
        return None
    if not arabic and (_inside_word(text, start, end + len(unit or ""))
                       or text[start:end + len(unit or "")] in _DEGREE_ADVERBS):
        return None
    qualifier = m.group("q1") or m.group("q2") or ""
    # 八亿六千万: a Chinese numeral is read whole with its scale (八亿六千 times 万 is another number)
    whole = None if arabic or not scale else to_number(num + scale)
    base = to_number(num)
    if whole is None and base is None:
        return None
    value = whole if whole is not None else base * _SCALES.get(scale, Decimal(1))
    q = _finish(text, start, end + len(unit or ""), _norm(value), unit or "", qualifier)
    return None if _modifies_noun(text, q) else q


def _times(text: str, end: int, unit: str | None) -> str | None:
    """A one-character unit with 次 after it counts times (7717处次, 621家次): the unit is both.

    Examples
    --------
    >>> _times("检查企业621家次，", 7, "家"), _times("3个次要问题", 1, "个")
    ('家次', '个')
    """
    after = end + len(unit or "")
    if unit and len(unit) == 1 and unit != "次" and text.startswith("次", after) \
            and word_frequency(text[after:after + 2]) == 0:  # not 次要, 次年, 次日
        return unit + "次"
    return unit


def _modifies_noun(text: str, q: Quantity) -> bool:
    """An anniversary (成立70周年), or an age or a class bounding the noun after it (3岁以下婴幼儿,
    65岁及以上老年人, 110千伏变电站).

    Such a number says which event, people or things, not how many or how much: 人均预期寿命达到
    78.9岁 is a figure, 60岁以上人口 a group of people.

    Examples
    --------
    >>> def first(t, unit):  # the quantity at the first digit, to the unit
    ...     s = next(i for i, c in enumerate(t) if c.isdigit())
    ...     return _finish(t, s, t.index(unit, s) + 1, Decimal(1), unit, "")
    >>> [_modifies_noun(t, first(t, u)) for t, u in (("为3岁以下婴幼儿体检", "岁"), ("寿命提高到79岁。", "岁"),
    ...                                                ("成立70周年", "周"))]
    [True, False, True]
    """
    if q.unit == "周":
        return text.startswith("年", q.end)
    if q.unit not in _CLASS_UNITS:
        return False
    rest = text[q.end:q.end + 8]
    bound = _AGE_BOUND.match(rest)
    rest = rest[bound.end():] if bound else rest
    start = q.end + (bound.end() if bound else 0)
    other = re.match(r"[和及与、](\d+(?:\.\d+)?)" + re.escape(q.unit), text[start:start + 16])
    if other:  # 750千伏和330千伏电网: classes joined modify one noun
        return _modifies_noun(text, replace(q, start=start + 1, end=start + other.end()))
    if not rest or not "\u4e00" <= rest[0] <= "\u9fff":  # 提升至83.9岁，: the clause ends at the figure
        return False
    tags = dictionary_tags()
    # A noun opens what follows (婴幼儿; 输电|线路: a verb-noun compound), or a distinguishing word (超高压)
    # or a name the dictionary lacks (…站); a predicate does not (提高到79岁|提升至).
    first = words(rest)[:2]
    return tags.get(first[0], "b")[0] == "b" or any(tags.get(w, "").startswith("n") for w in first)


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether a word of jieba's dictionary holds the numeral at ``start`` and runs on past ``end``.

    A numeral inside a lexicalised word is part of it: an idiom (百家争鸣, 千家万户) or a
    fixed name (五项原则, 两条腿, 二人转); a count is never one word with what follows it.

    Examples
    --------
    >>> _inside_word("百花齐放、百家争鸣的方针", 5, 7), _inside_word("建成三所学校", 2, 4)
    (True, False)
    """
    for a in range(max(0, start - 3), start + 1):
        for b in range(end + 1, min(len(text), end + _IN_WORD) + 1):
            if b - a >= 3 and word_frequency(text[a:b]) > 0:
                return True
    return False


def _plausible_cn(text: str, m: re.Match) -> bool:
    num = m.group("num")
    if num in ("一", "〇", "零") or m.group("scale") in ("千",):
        return False
    before = text[max(0, m.start() - 3):m.start()]
    if before.endswith(("第", "是", "其", "之", "星期", "周", "几", "若干", "好")) \
            or (before.endswith("数") and num[0] in "十百千万"):  # 数十个: vague; 人数一万五千人 is not
        return False
    if text.startswith("年", m.end()) and not _CN_CUE.search(before):
        return False
    if _written_out(num, m.group("scale") or ""):  # 三千六百亿元, 二十八万吨: a figure with any unit
        return True
    return len(num) <= 4 and any(text.startswith(u, m.end()) for u in _CN_UNITS)


def _written_out(num: str, scale: str) -> bool:
    """A figure written out in Chinese numerals: digits with a power of ten or a decimal point (四十,
    八亿六千, 二百五十六万, 十点四).

    Older reports write every figure so; a bare digit (三) or a run of digits (二三) is a figure
    only before a counting unit, and powers alone (百万, 亿万) are vague.

    Examples
    --------
    >>> _written_out("三千六百", "亿"), _written_out("八亿六千", "万"), _written_out("二点三", ""), _written_out("二三", "")
    (True, True, True, False)
    >>> _written_out("百", "万")
    False
    """
    return re.search("[一二两三四五六七八九十]", num) is not None and (re.search("[十百千万亿点]", num) is not None
                                                                   or scale != "")


def _is_date(text: str, m: re.Match, unit: str, arabic: bool) -> bool:
    num = m.group("num")
    if unit == "年" and arabic and len(num) == 4:
        return True
    if unit in ("日", "天") and m.start() > 0 and text[m.start() - 1] == "月":
        return True
    if unit == "年" and arabic and text.startswith(("度", "底", "初", "末", "中"), m.end() + 1):
        return True
    return False


def _finish(text: str, start: int, end: int, value: Decimal, unit: str, qualifier: str) -> Quantity:
    before = text[max(0, start - 4):start]
    for q in _PRE_QUALIFIERS:
        if before.endswith(q) and not qualifier:
            qualifier = q
            break
    after = text[end:end + 2]
    for q in _POST_QUALIFIERS:
        if after.startswith(q):
            qualifier = f"{qualifier}{q}" if qualifier else q
            end += len(q)
            break
    return Quantity(start, end, text[start:end], value, unit, qualifier)
