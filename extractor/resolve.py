"""Resolve agency names to one canonical name per body, whichever report names it.

A relative name is resolved through the division hierarchy of the report's
jurisdiction: in a report of 涞水县 (保定市, 河北省) 县政府 is 涞水县人民政府,
市委 is 保定市委 and 省委 is 河北省委, as in any other report of that province.
A relative name whose owner the report does not give (县委 in a city's report:
which county?) stays as written, and the graph scopes it to the report's place
so that it never merges with another body.  Absolute names lose the forms
that differ between reports (中共河北省委, 河北省政府) so that each body has
one name.
"""

from __future__ import annotations

import re

from .patterns import bundled_rows

__all__ = ["canonical_agency", "owner_of", "organ_form", "absolute_form", "full_name", "join_owner", "is_national",
           "NATIONAL_NAMES"]

# The nation as the report context may name it.
NATIONAL_NAMES = ("中华人民共和国", "中国", "全国")
_NATIONAL_LEVELS = ("国", "国家", "nation", "全国")

# Which division a level prefix names: the province, the city or the county
# level (patterns/divisions.jsonl).  A prefix at the report's own level always names the jurisdiction.
_RANK = {r["pattern"]: r["level"] for r in bundled_rows("divisions.jsonl")
         if r["label"] in ("LEVEL_SUFFIX", "TOWN_SUFFIX")}

# Short forms that reports use for the full statutory names, and long forms
# that reports use for the usual names: one spelling per organ.
_ORGAN_FORMS = (
    ("人民代表大会常务委员会", "人大常委会"),
    ("人民代表大会", "人大"),
    ("中级法院", "中级人民法院"),
    ("人民政府", "人民政府"),
    ("人民法院", "人民法院"),
    ("人民检察院", "人民检察院"),
    ("政府", "人民政府"),
    ("法院", "人民法院"),
    ("检察院", "人民检察院"),
)
# The nation's own organs, for bare 人大/政协 in a national report.
_NATIONAL_OWN = {"人大": "全国人大", "人大常委会": "全国人大常委会", "政协": "全国政协",
                 "人民代表大会": "全国人大", "人民代表大会常务委员会": "全国人大常委会",
                 "政府": "国务院", "人民政府": "国务院", "大会主席团": "全国人民代表大会主席团",
                 "主席团": "全国人民代表大会主席团"}
_SAR = "特别行政区"
_GOVERNMENT = re.compile("^政府(?=.)")  # the organ opens with it (政府办公厅), not a name holding it (法治政府建设领导小组)
# Other names of the central organs.
_CENTRE = {"党中央": "中共中央", "中国共产党中央委员会": "中共中央", "中央人民政府": "国务院"}


def is_national(jurisdiction: str | None, level: str | None = None) -> bool:
    """True when the report is the nation's (the State Council's report)."""
    return jurisdiction in NATIONAL_NAMES or level in _NATIONAL_LEVELS


def owner_of(level: str, *, jurisdiction: str | None, jurisdiction_level: str | None,
             province: str | None, city: str | None = None, former: tuple[str, ...] = ()) -> str | None:
    """The division whose organ a level prefix names in a report, or None when the report does not say.

    Parameters
    ----------
    level : str
        The prefix as written (省, 市, 自治州 ...).
    jurisdiction, jurisdiction_level : str or None
        The report's own division and its level (涞水县, 县).
    province, city : str or None
        The province and the city that contain the jurisdiction (河北省, 保定市).
    former : tuple of str
        The jurisdiction's former names (清苑县 for 清苑区): an older report's 县委 is 清苑县委.

    Returns
    -------
    str or None

    Examples
    --------
    >>> ctx = dict(jurisdiction="涞水县", jurisdiction_level="县", province="河北省", city="保定市")
    >>> owner_of("县", **ctx), owner_of("市", **ctx), owner_of("省", **ctx)
    ('涞水县', '保定市', '河北省')
    >>> owner_of("区", **ctx) is None  # which district? the report does not say
    True
    >>> owner_of("县", jurisdiction="清苑区", jurisdiction_level="区", province="河北省", city="保定市",
    ...          former=("清苑县",))
    '清苑县'
    """
    short = level[-1]  # the same level written in full or short (自治州 in a report whose level is 州)
    if jurisdiction and (short == jurisdiction_level or jurisdiction.endswith(level) and len(level) > 1):
        return jurisdiction
    for name in former:
        if name.endswith(level):
            return name
    rank = _RANK.get(level)
    if rank == "province" and province and province != jurisdiction:
        return province
    if rank == "city":
        # 州委 in a county of 保定市 is some other prefecture's: the prefix must fit the city.
        if city and city != jurisdiction and city.endswith(short):
            return city
        if not city and short == "市" and province and province.endswith("市") and province != jurisdiction:
            return province  # a district of a municipality: 市委 is the municipality's
    return None


def organ_form(organ: str) -> str:
    """The one spelling of an organ's ending (政府 → 人民政府, 人民代表大会 → 人大).

    Examples
    --------
    >>> organ_form("政府"), organ_form("人民代表大会常务委员会"), organ_form("政府办公厅")
    ('人民政府', '人大常委会', '人民政府办公厅')
    """
    for written, form in _ORGAN_FORMS:
        if organ.endswith(written):
            return organ[: -len(written)] + form
    return _GOVERNMENT.sub("人民政府", organ)  # 政府办公厅 is the 人民政府's


def absolute_form(name: str) -> str:
    """One spelling of an absolute name: no 中共 before a local committee, full organ endings.

    Examples
    --------
    >>> absolute_form("中共河北省委"), absolute_form("河北省政府"), absolute_form("党中央")
    ('河北省委', '河北省人民政府', '中共中央')
    """
    name = _CENTRE.get(name, name)
    if _SAR in name or "特区" in name:
        return name
    if name.startswith("中共") and not name.startswith("中共中央"):
        name = name[2:]
        if name.endswith("委员会"):  # 中共河北省委员会 is the full name of 河北省委
            name = name[: -len("员会")]
    return organ_form(name)


def canonical_agency(surface: str, *, level: str, organ: str, jurisdiction: str | None,
                     jurisdiction_level: str | None, province: str | None, city: str | None = None,
                     own: bool = False, former: tuple[str, ...] = ()) -> str:
    """The canonical name of an agency mention.

    Parameters
    ----------
    surface : str
        The name as written (市政府).
    level : str
        Its relative level prefix (市), or "" when the name is absolute.
    organ : str
        The part after the level prefix (政府).
    jurisdiction, jurisdiction_level : str or None
        Whose report it is: 南阳市, 市.
    province, city : str or None
        The province and city containing the jurisdiction: 河南省, None.
    own : bool
        The name stands for the report's own level without a prefix (人大, 司法局).
    former : tuple of str
        The jurisdiction's former names, for prefixes of the level it had (县委 in 清苑区).

    Returns
    -------
    str
        The full name (南阳市人民政府), or ``surface`` when its owner is unknown.

    Examples
    --------
    >>> canonical_agency("市政府", level="市", organ="政府", jurisdiction="南阳市",
    ...                  jurisdiction_level="市", province="河南省")
    '南阳市人民政府'
    >>> canonical_agency("省委", level="省", organ="委", jurisdiction="西峡县",
    ...                  jurisdiction_level="县", province="河南省", city="南阳市")
    '河南省委'
    >>> canonical_agency("市委", level="市", organ="委", jurisdiction="西峡县",
    ...                  jurisdiction_level="县", province="河南省", city="南阳市")
    '南阳市委'
    >>> canonical_agency("县委", level="县", organ="委", jurisdiction="南阳市",
    ...                  jurisdiction_level="市", province="河南省")
    '县委'
    >>> canonical_agency("司法局", level="", organ="司法局", jurisdiction="南阳市",
    ...                  jurisdiction_level="市", province="河南省", own=True)
    '南阳市司法局'
    """
    if own:
        if is_national(jurisdiction, jurisdiction_level):
            return _NATIONAL_OWN.get(organ, surface)
        if organ.endswith("厅") and jurisdiction != province:
            return province + organ if province else surface  # a 厅 is a province's department
        return full_name(jurisdiction, organ) if jurisdiction else surface
    if not level:
        return absolute_form(surface)
    owner = owner_of(level, jurisdiction=jurisdiction, jurisdiction_level=jurisdiction_level,
                     province=province, city=city, former=former)
    return full_name(owner, organ) if owner else surface


def full_name(owner: str, organ: str) -> str:
    """The name of ``owner``'s ``organ`` in its one spelling.

    Examples
    --------
    >>> full_name("河北省", "政府办公厅"), full_name("唐县", "委"), full_name("香港特别行政区", "政府")
    ('河北省人民政府办公厅', '唐县县委', '香港特别行政区政府')
    """
    if owner.endswith(_SAR):
        return owner + organ  # the regions' governments are not 人民政府
    return join_owner(owner, organ_form(organ))


def join_owner(owner: str, organ: str) -> str:
    """The owner's name and its organ: a two-character county repeats its level before 委 (唐县县委).

    Examples
    --------
    >>> join_owner("唐县", "委"), join_owner("唐县", "人民政府"), join_owner("涞水县", "委")
    ('唐县县委', '唐县人民政府', '涞水县委')
    """
    if len(owner) == 2 and organ.startswith(("委", "纪委", "监委")):
        return owner + owner[-1] + organ
    return owner + organ
