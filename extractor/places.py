"""Is a string a place name?  Asked of the national gazetteer of administrative divisions.

A place name is the full or former name of a division (西峡县, 清苑县, 湍东镇)
or the short form of a province or city (湖北, 南阳).  A county's short form
alone (西峡) is not enough: many are also words (中原, 新华, 和平), so the
places component accepts them only in context.  Generic words that happen to
name a division somewhere (城区, 矿区) are listed as NOT_PLACE in
``patterns/places.jsonl``.

Named regions that are not divisions (长江经济带, 雄安新区) are listed in
``patterns/regions.jsonl``; `region_within` says which division contains one.
"""

from __future__ import annotations

from functools import lru_cache

from .gazetteer import NATION, Division, gazetteer
from .patterns import bundled_rows, bundled_words

__all__ = ["is_place_name", "jurisdiction_division", "region_rows", "region_within", "LEVEL_SUFFIXES",
           "LEVEL_CHARS", "ZONE_SUFFIXES"]

# The suffixes of division names (省, 自治区, 特别行政区, 市, 县, 旗 ...), ``patterns/divisions.jsonl``.
LEVEL_SUFFIXES = bundled_words("divisions.jsonl", "LEVEL_SUFFIX")
# The one-character ones: every longer suffix ends in one of them (自治区 in 区), so a name's last
# character says whether it ends in a level, and the level its organs take (州委 of 恩施土家族苗族自治州).
LEVEL_CHARS = "".join(s for s in LEVEL_SUFFIXES if len(s) == 1)
# Region suffixes naming an area that lies inside its stem's division (武汉 + 长江新区 is not it;
# 郑州 + 航空港试验区 is): a new area, a pilot or demonstration zone, a free-trade zone.
ZONE_SUFFIXES = bundled_words("regions.jsonl", "REGION_SUFFIX", id="zone")


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    return frozenset(bundled_words("places.jsonl", "NOT_PLACE"))


@lru_cache(maxsize=65536)
def is_place_name(name: str) -> bool:
    """True when ``name`` is a division's full or former name, or a province's or city's short form.

    Examples
    --------
    >>> is_place_name("西峡县"), is_place_name("南阳市"), is_place_name("湖北"), is_place_name("清苑县")
    (True, True, True, True)
    >>> is_place_name("省辖市"), is_place_name("实施乡"), is_place_name("城区"), is_place_name("中国")
    (False, False, False, False)
    """
    if len(name) < 2 or name in _not_places():
        return False
    g = gazetteer()
    for d in g.lookup(name):
        how = g.match(name, d)
        if d.level != "nation" and (how != "short" or d.level in ("province", "city")):
            return True
    return False


def jurisdiction_division(f) -> Division | None:
    """The report's division: ``f.division`` when it is one, else its jurisdiction's name resolved.

    The name is resolved within the report's city or province when those are
    known (a county name recurs in several provinces); a national report (国务院)
    has the nation.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> f = SimpleNamespace(division=None, jurisdiction="清苑区", city="保定市", province="河北省")
    >>> jurisdiction_division(f).code
    '130608'
    """
    if isinstance(getattr(f, "division", None), Division):
        return f.division
    name = getattr(f, "jurisdiction", None)
    if not name:
        return None
    if name in ("国务院", "中央人民政府", NATION.name, NATION.short):
        return NATION
    g = gazetteer()
    for context in (getattr(f, "city", None), getattr(f, "province", None)):
        outer = g.resolve(context) if context else None
        if outer is not None:
            d = g.resolve(name, within=outer)
            if d is not None and g.contains(outer, d):
                return d
    return g.resolve(name)


@lru_cache(maxsize=1)
def region_rows() -> dict[str, dict]:
    """The listed regions by every name they go by (长三角 and 长江三角洲 give the same row)."""
    out: dict[str, dict] = {}
    for row in bundled_rows("regions.jsonl"):
        if row["label"] == "REGION":
            out[row["pattern"]] = row
    return out


def region_within(name: str, *, within: Division | None = None) -> Division | None:
    """The division containing a region: the list's ``within``, or the stem of a zone (郑州 in 郑州新区).

    Examples
    --------
    >>> region_within("雄安新区").name
    '河北省'
    >>> region_within("长江经济带") is None
    True
    """
    g = gazetteer()
    row = region_rows().get(name)
    if row is not None:
        return g.get(row["within"]) if row.get("within") else None
    for suffix in sorted(ZONE_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return g.resolve(name[:-len(suffix)], within=within)
    return None
