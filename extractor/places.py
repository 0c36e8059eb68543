"""Is a string a place name?  jieba's dictionary tags place names ``ns``.

jieba ships a dictionary of some 350,000 words with part-of-speech tags,
thousands of them administrative areas; reading its tag table is cheap (no
tagging is run), so it serves as the gazetteer.
"""

from __future__ import annotations

from functools import lru_cache

import jieba
import jieba.posseg

__all__ = ["is_place_name", "LEVEL_SUFFIXES"]

LEVEL_SUFFIXES = ("自治州", "自治县", "省", "市", "县", "区", "州", "盟", "旗")
_GENERIC = {"城市", "全国", "全省", "全市", "全区", "全县", "本市", "城区", "市区", "新区", "地区", "社区", "省辖市",
            "县市", "市县", "中央", "国家", "地方", "基层", "城乡"}


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    jieba.setLogLevel(60)
    return jieba.posseg.dt.word_tag_tab


@lru_cache(maxsize=65536)
def is_place_name(name: str) -> bool:
    """True when ``name`` (or ``name`` without its level suffix) is a place in jieba's dictionary.

    Examples
    --------
    >>> is_place_name("西峡县"), is_place_name("南阳市"), is_place_name("省辖市")
    (True, True, False)
    """
    if len(name) < 2 or name in _GENERIC:
        return False
    tags = _tags()
    if tags.get(name) == "ns":
        return True
    for suffix in LEVEL_SUFFIXES:
        stem = name[: -len(suffix)]
        if name.endswith(suffix) and len(stem) >= 2 and stem not in _GENERIC and tags.get(stem) == "ns":
            return True
    return False
