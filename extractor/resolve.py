"""Resolve relative agency names within a report's jurisdiction.

In a city's report 市政府 is that city's 人民政府 and 市司法局 its 司法局; 省委 is
the committee of the province the report names.  Names whose level is neither
the report's own nor its province's stay as written.
"""

from __future__ import annotations

__all__ = ["canonical_agency"]

# Short forms that reports use for the full statutory names.
_EXPANSIONS = {"政府": "人民政府", "法院": "人民法院", "检察院": "人民检察院"}


def _expand(organ: str) -> str:
    return _EXPANSIONS.get(organ, organ)


def canonical_agency(surface: str, *, level: str, organ: str, jurisdiction: str | None,
                     jurisdiction_level: str | None, province: str | None) -> str:
    """The canonical name of an agency mention.

    Parameters
    ----------
    surface : str
        The name as written (市政府).
    level : str
        Its relative level prefix (市), or "" when the name is absolute.
    organ : str
        The part after the level prefix (政府).
    jurisdiction, jurisdiction_level, province : str or None
        Whose report it is: 南阳市, 市, 河南省.

    Returns
    -------
    str
        The full name (南阳市人民政府), or ``surface`` when it cannot be resolved.

    Examples
    --------
    >>> canonical_agency("市政府", level="市", organ="政府", jurisdiction="南阳市",
    ...                  jurisdiction_level="市", province="河南省")
    '南阳市人民政府'
    >>> canonical_agency("省委", level="省", organ="委", jurisdiction="南阳市",
    ...                  jurisdiction_level="市", province="河南省")
    '河南省委'
    """
    if level and jurisdiction and level == jurisdiction_level:
        return jurisdiction + _expand(organ)
    if level == "省" and province:
        return province + _expand(organ)
    if not level and surface.endswith("政府") and not surface.endswith("人民政府"):
        return surface[:-2] + "人民政府"
    return surface
