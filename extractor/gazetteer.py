"""China's administrative divisions: provinces, cities, counties and towns, with their codes.

The data is the national division list that jionlp bundles
(``jionlp/dictionary/china_location.zip``: a tab-indented tree whose province,
city and county lines carry ``name<TAB>code<TAB>short`` and whose towns carry a
name only) and its list of renamed divisions (``china_location_change.txt``:
襄樊市 → 襄阳市, 孟津县 → 孟津区).  The files are read straight from the
installed package, without importing jionlp, which prints a banner and loads
slowly.  Villages (the tree's fifth level) are skipped.

Former names come from the change list and, where it is silent, from the usual
reform that swaps a county-level suffix (县 → 区, 县 → 市, 市 → 区: 清苑县 →
清苑区), when the swapped name names nothing else.

Loading takes about 0.4 s and 30 MB once per process (`gazetteer` is cached; measured 0.39-0.47 s,
+30 MB resident, the peak no higher: the tree is streamed).
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .patterns import bundled_words

__all__ = ["Division", "Gazetteer", "gazetteer", "NATION", "LEVELS", "TOWN_SUFFIXES"]

LEVELS = ("nation", "province", "city", "county", "town")
# Towns (the tree's fourth level) are kept when they are 镇, 乡, 街道 or 苏木 (patterns/divisions.jsonl);
# the list also holds farms, prisons and management committees there, which are not places.
TOWN_SUFFIXES = bundled_words("divisions.jsonl", "TOWN_SUFFIX")
# County-level suffixes a reform swaps (县改区, 县改市, 旗改区), current suffix → former ones; the list names
# the later 市改区 (偃师市 → 偃师区), and guessing them would give every district a 市 it never was.
_FORMER_SUFFIXES = {"区": ("县", "旗"), "市": ("县", "旗")}
# Short forms the list gives to development zones and placeholders: words, not names.
_NOT_SHORT = {"省直辖", "市直辖", "经开区", "高新区", "示范区", "新区", "新城区", "工业园", "物流区", "航空港",
              "综保区", "开发区", "管理区", "城区", "矿区", "郊区"}
# A swapped name that reads as a word: 上城区 → 上城市 is "以上城市", 新都区 → 新都市 "新都市".
_READS_AS_WORD = ("城市", "都市")
_BANNER_PROVINCE = "15"  # banners (旗) are 内蒙古's counties
_PLACEHOLDER = "直辖行政区划"  # 省直辖行政区划, 市直辖行政区划: a grouping, not a division


@dataclass(frozen=True)
class Division:
    """One administrative division.

    ``code`` is the 6-digit division code for provinces, cities and counties;
    a town (or a division the list gives no code of its own) is keyed by its
    parent's code, a hyphen and its name.
    """

    code: str
    name: str
    short: str
    level: str  # "nation" | "province" | "city" | "county" | "town"
    parent: str | None
    former: tuple[str, ...] = ()


NATION = Division("100000", "中华人民共和国", "中国", "nation", None)


class Gazetteer:
    """The divisions, indexed by code and by name (full, short and former).

    Examples
    --------
    >>> g = gazetteer()
    >>> d = g.resolve("清苑县", within=g.resolve("保定市"))
    >>> d.code, d.name, [a.name for a in g.ancestors(d)]
    ('130608', '清苑区', ['保定市', '河北省', '中华人民共和国'])
    """

    def __init__(self, divisions: list[Division], aliases: dict[str, tuple[str, ...]] | None = None) -> None:
        self._by_code: dict[str, Division] = {d.code: d for d in divisions}
        self._by_code.setdefault(NATION.code, NATION)
        self._aliases = aliases or {}
        self._index: dict[str, dict[str, str]] = {}  # name -> code -> how it matched (full, short, former)
        self._children: dict[str, list[Division]] | None = None  # parent code -> divisions, made when first asked
        for d in self._by_code.values():
            self._add(d.name, d.code, "full")
            if d.level != "town":
                for short in (d.short, *self._aliases.get(d.code, ())):
                    self._add(short, d.code, "short")
            for old in d.former:
                self._add(old, d.code, "former")

    def _add(self, name: str, code: str, how: str) -> None:
        if len(name) >= 2:
            self._index.setdefault(name, {}).setdefault(code, how)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def __contains__(self, name: str) -> bool:
        return name in self._index

    def get(self, code: str) -> Division | None:
        """The division with ``code``, None when there is none."""
        return self._by_code.get(code)

    def names(self, d: Division) -> tuple[str, ...]:
        """Every name ``d`` is known by: full, short forms, former names (in that order)."""
        out = [d.name, d.short, *self._aliases.get(d.code, ()), *d.former]
        return tuple(dict.fromkeys(n for n in out if n))

    def match(self, name: str, d: Division) -> str | None:
        """How ``name`` names ``d``: "full", "short", "former", or None."""
        return self._index.get(name, {}).get(d.code)

    def lookup(self, name: str, *, within: Division | None = None,
               levels: tuple[str, ...] | None = None) -> list[Division]:
        """Divisions called ``name`` (full, short or former), those closest to ``within`` first.

        ``levels`` keeps only divisions of those levels ("province", "town" ...).

        Closeness is the depth of the nearest division containing both
        (inside ``within`` itself is closest); then full names before short
        ones before former ones, higher levels first, then by code.

        Examples
        --------
        >>> g = gazetteer()
        >>> [d.name for d in g.lookup("朝阳区", within=g.resolve("北京市"))][:1]
        ['朝阳区']
        >>> g.lookup("朝阳区", within=g.resolve("北京市"))[0].parent
        '110000'
        """
        hits = self._index.get(name)
        if not hits:
            return []
        order = {"full": 0, "short": 1, "former": 2}
        found = (self._by_code[c] for c in hits)
        if levels is not None:
            found = (d for d in found if d.level in levels)
        return sorted(found,
                      key=lambda d: (-self._closeness(d, within), order[hits[d.code]], LEVELS.index(d.level), d.code))

    def resolve(self, name: str, *, within: Division | None = None,
                levels: tuple[str, ...] | None = None) -> Division | None:
        """The one division ``name`` means, None when unknown or ambiguous.

        Among the closest candidates to ``within``, a full name beats short
        and former ones, and a division containing all the others wins (吉林:
        the province, not its city); otherwise several candidates are
        ambiguous.

        Examples
        --------
        >>> g = gazetteer()
        >>> g.resolve("湖北").code, g.resolve("吉林").name, g.resolve("鼓楼区")
        ('420000', '吉林省', None)
        >>> g.resolve("鼓楼区", within=g.resolve("南京市")).code
        '320106'
        """
        found = self.lookup(name, within=within, levels=levels)
        if len(found) <= 1:
            return found[0] if found else None
        best = self._closeness(found[0], within)
        found = [d for d in found if self._closeness(d, within) == best]
        hits = self._index[name]
        for how in ("full", "short", "former"):
            group = [d for d in found if hits[d.code] == how]
            if group:
                found = group
                break
        top = found[0]
        if all(o is top or top in self.ancestors(o) for o in found):
            return top
        return None

    def _closeness(self, d: Division, within: Division | None) -> int:
        """Depth of the nearest division containing both ``d`` and ``within`` (0: only the nation)."""
        if within is None:
            return 0
        mine = {a.code for a in (d, *self.ancestors(d))}
        for depth, a in enumerate(reversed([within, *self.ancestors(within)])):
            if a.code not in mine:
                return depth - 1
        return len(self.ancestors(within))

    def ancestors(self, d: Division) -> list[Division]:
        """The divisions containing ``d``, nearest first, ending at the nation."""
        out = []
        while d.parent is not None:
            d = self._by_code[d.parent]
            out.append(d)
        return out

    def children(self, d: Division) -> list[Division]:
        """The divisions directly inside ``d``, by code.

        Examples
        --------
        >>> g = gazetteer()
        >>> [c.name for c in g.children(g.get("130600"))][:3]
        ['竞秀区', '莲池区', '满城区']
        """
        if self._children is None:
            index: dict[str, list[Division]] = {}
            for x in sorted(self._by_code.values(), key=lambda x: x.code):
                if x.parent is not None:
                    index.setdefault(x.parent, []).append(x)
            self._children = index
        return self._children.get(d.code, [])

    def contains(self, outer: Division, inner: Division) -> bool:
        """True when ``inner`` is ``outer`` or lies inside it."""
        return inner.code == outer.code or any(a.code == outer.code for a in self.ancestors(inner))

    def province_of(self, d: Division) -> Division | None:
        """The province containing ``d`` (``d`` itself for a province; None for the nation)."""
        for a in (d, *self.ancestors(d)):
            if a.level == "province":
                return a
        return None

    def city_of(self, d: Division) -> Division | None:
        """The city containing ``d`` (``d`` itself for a city).

        A district of a municipality (北京市, 重庆市) has that municipality as
        its city; a county directly under a province (济源市) has none.

        Examples
        --------
        >>> g = gazetteer()
        >>> g.city_of(g.get("130608")).name, g.city_of(g.get("110105")).name, g.city_of(g.get("419001"))
        ('保定市', '北京市', None)
        """
        for a in (d, *self.ancestors(d)):
            if a.level == "city":
                return a
        province = self.province_of(d)
        return province if province is not None and province.name.endswith("市") else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The national gazetteer, loaded once per process."""
    folder = _jionlp_dictionary()
    # Streamed line by line: the whole tree decoded at once would double the peak memory.
    with zipfile.ZipFile(folder / "china_location.zip") as z, z.open("china_location.txt") as raw:
        divisions, aliases = _read_tree(io.TextIOWrapper(raw, encoding="utf-8"))
    changes = (folder / "china_location_change.txt").read_text(encoding="utf-8")
    divisions = _add_former_names(divisions, changes)
    return Gazetteer(divisions, aliases)


def _jionlp_dictionary() -> Path:
    """jionlp's dictionary folder, found without importing jionlp."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the jionlp package is needed for the gazetteer: pip install jionlp")
    return Path(list(spec.submodule_search_locations)[0]) / "dictionary"


def _read_tree(lines: Iterable[str]) -> tuple[list[Division], dict[str, tuple[str, ...]]]:
    """Divisions from the tab-indented tree (villages skipped), and extra short forms by code."""
    out: dict[str, Division] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    parents: list[str] = [NATION.code]  # parents[depth] = code of the division lines at depth hang under
    for line in lines:
        if line.startswith("\t\t\t\t") or not line.strip():
            continue  # villages
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        name = fields[0]
        parent = parents[depth]
        del parents[depth + 1:]
        if _PLACEHOLDER in name or (len(fields) == 3 and fields[1] == parent):
            parents.append(parent)  # 省直辖行政区划, or a municipality's city line repeating its province
            continue
        level = LEVELS[depth + 1]
        if level == "town" and not name.endswith(TOWN_SUFFIXES):
            parents.append(parent)
            continue
        code = fields[1] if len(fields) == 3 and fields[1] not in out else f"{parent}-{name}"
        shorts = [s for s in fields[2].split("/") if s and s != name and s not in _NOT_SHORT] \
            if len(fields) == 3 and level != "town" and not _is_zone(code) else []
        parent_short = out[parent].short if parent in out else ""
        shorts = [s for s in shorts if s != parent_short]  # 安阳县's 安阳 is its city's
        if code not in out:
            out[code] = Division(code, name, shorts[0] if shorts else "", level, parent)
            if len(shorts) > 1:
                aliases[code] = tuple(shorts[1:])
        parents.append(code)
    return list(out.values()), aliases


def _is_zone(code: str) -> bool:
    """Development zones carry codes 71-79 in a city's county range; their short forms are words (高新区)."""
    return code.isdigit() and code[4] == "7" and code[2:4] != "00"


def _add_former_names(divisions: list[Division], changes: str) -> list[Division]:
    """Attach former names: the change list's, then county-level suffix swaps naming nothing else."""
    by_path = {}
    by_code = {d.code: d for d in divisions}
    for d in divisions:
        path = [d.name]
        p = by_code.get(d.parent)
        while p is not None:
            path.append(p.name)
            p = by_code.get(p.parent)
        by_path[tuple(reversed(path))] = d.code
    former: dict[str, list[str]] = {}
    for line in changes.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_fields, new_fields = old.split("\t"), tuple(new.strip().split("\t"))
        code = by_path.get(new_fields) or by_path.get(new_fields[::2] if len(new_fields) == 3 else ())
        if code is None and new_fields[0] == new_fields[1]:
            code = by_path.get((new_fields[0], new_fields[2]))
        if code is None:
            continue  # the list's new name is not in the tree (a later change, or a misspelling)
        name, short = old_fields[-2], old_fields[-1]
        if name != by_code[code].name:
            former.setdefault(code, []).extend(n for n in (name, short)
                                               if n not in _NOT_SHORT and n != by_code[code].short)
    taken = {d.name for d in divisions} | {n for ns in former.values() for n in ns}
    for d in divisions:
        stem, suffix = d.name[:-1], d.name[-1:]
        if d.level == "county" and suffix in _FORMER_SUFFIXES and len(stem) >= 2 and not _is_zone(d.code) \
                and not d.name.endswith("新区"):
            swaps = [s for s in _FORMER_SUFFIXES[suffix] if s != "旗" or d.code.startswith(_BANNER_PROVINCE)]
            former.setdefault(d.code, []).extend(stem + s for s in swaps if stem + s not in taken
                                                 and not (stem + s).endswith(_READS_AS_WORD))
    return [Division(d.code, d.name, d.short, d.level, d.parent, tuple(dict.fromkeys(former[d.code])))
            if former.get(d.code) else d for d in divisions]
