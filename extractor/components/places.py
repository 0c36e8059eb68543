"""govkg_places: places named in the text, checked against the national gazetteer.

What counts as a place:

- a province, city or county by its full or former name (河北省, 清苑区, 清苑县),
  resolved against the report's jurisdiction where the name recurs (鼓楼区);
- by its short form (湖北, 保定) only where the short form stands as a word of
  its own: a province's anywhere, a city's when the dictionary tags it a place
  name or it lies in the report's province, a county's only inside the
  report's city (中原, 新华 and 和平 are also words);
- a town (乡, 镇, 街道) only when the gazetteer knows it inside the report's
  city (or province), or written right after its county (内乡县湍东镇);
- a named region: listed in ``regions.jsonl`` (长江经济带, 雄安新区), or a
  division's name, a listed stem or a dictionary place name before a region
  suffix (武汉城市圈, 河南自贸试验区, 长江新区).

A name must begin and end where jieba's segmentation of the sentence puts
word boundaries, so 浙江西部 holds no 江西, 上海市场 no 上海市 and 以上城市
no 上城市 (jieba decides only whether a name stands as a word; the mentions
are character offsets, whatever the pipeline's tokenizer).  The words are the
Doc's own when govkg's tokenizer (rjieba or jieba) made it, else rjieba's.
Generic words that name some division (城区, 矿区) count only inside the
report's own city.  Places inside an agency name or in quotes are left out.

Each PLACE mention carries the division code (or the region's name) as
``canonical`` and the division level (or ``"region"``) as ``level``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import TOWN_SUFFIXES, Division, Gazetteer, gazetteer
from ..mentions import Mention, findings
from ..patterns import alternation, default_patterns_path, read_patterns, words
from ..places import LEVEL_CHARS, LEVEL_SUFFIXES, ZONE_SUFFIXES, jurisdiction_division
from ..tokenizer import SEGMENTERS, dictionary_tags, segment, word_frequency
from .agencies import resolve_overlaps
from .base import PatternComponent

__all__ = ["PlaceRecognizer"]

_DIVISION_LEVELS = ("province", "city", "county")
_SUFFIX_SET = frozenset(LEVEL_SUFFIXES)
_RULES = {"full": "division", "short": "short", "former": "former"}
# A short form the dictionary counts this often is a common word first (振兴 659, 中原 2825, 和平 7998;
# county short forms that are only names stay far below: 阜平 36, 定兴 12, 通州 306).
_COMMON_WORD_FREQ = 500
_MAX_TOWN_STEM = 6
# A place-tagged word counted fewer times than this is more often a mis-cut of names (唐|山港 for 唐山港, 7)
# than a word of its own (巴丹吉林 17, 一马平川 21, 天山南北 86, 美丽 3036).
_RARE_WORD_FREQ = 10
_MAX_REGION_STEM = 8


@Language.factory("govkg_places", default_config={"patterns": None})
def make_place_recognizer(nlp: Language, name: str, patterns: str | None) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, patterns=patterns)


class PlaceRecognizer(PatternComponent):
    """Add PLACE mentions to ``doc._.govkg``.

    Its patterns are ``places.jsonl`` (town suffixes, generic words) and
    ``regions.jsonl`` (listed regions, region stems and suffixes) together.
    """

    default_file = "places.jsonl"

    def __init__(self, nlp, name: str, *, patterns: str | None = None) -> None:
        self.name = name
        # A Doc segmented by jieba or rjieba already holds the word boundaries; others are segmented here.
        self.jieba_doc = getattr(getattr(nlp, "tokenizer", None), "segmenter", None) in SEGMENTERS
        if patterns:
            self.patterns = read_patterns(patterns)
        else:
            self.patterns = read_patterns(default_patterns_path("places.jsonl")) \
                + read_patterns(default_patterns_path("regions.jsonl"))
        self._compile()

    def _compile(self) -> None:
        self.g = gazetteer()
        self.lengths = _name_lengths(self.g)
        # Where a name may start: the text is searched for these characters, not read character by character.
        self.first_chars = re.compile("[" + "".join(re.escape(c) for c in sorted(self.lengths)) + "]"
                                      if self.lengths else "(?!)")
        self.names = _division_names(self.g)
        self.not_places = set(words(self.patterns, "NOT_PLACE"))
        self.short_not_after = tuple(words(self.patterns, "SHORT_NOT_AFTER"))
        # The gazetteer's town suffixes (patterns/divisions.jsonl) and any a user adds here.
        self.towns = alternation((*TOWN_SUFFIXES, *words(self.patterns, "TOWN_SUFFIX")))
        self.regions = {row["pattern"]: row.get("id", row["pattern"]) for row in self.patterns
                        if row["label"] == "REGION"}
        self.listed = alternation(tuple(self.regions))
        self.region_stems = set(words(self.patterns, "REGION_STEM"))
        self.region_suffixes = alternation(tuple(words(self.patterns, "REGION_SUFFIX")))
        # Feature words that stand as words of their own after a short form (路, 桥, 村); the "joined" ones
        # (山, 湖) only split a dictionary word (长白山), see `_splits_name`.
        self.features = tuple(sorted((row["pattern"] for row in self.patterns
                                      if row["label"] == "FEATURE_SUFFIX" and not row.get("joined")),
                                     key=len, reverse=True))

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = f.structure.text  # not doc.text, which is rebuilt on every access
        free = [True] * len(text)
        for m in f.mentions:
            free[m.start:m.end] = [False] * (m.end - m.start)
        for i, q in enumerate(f.quoted):
            if q:
                free[i] = False
        ctx = jurisdiction_division(f)
        doc_bounds = _DocBounds(doc, text) if self.jieba_doc else None
        found = []
        for sent in f.structure.sentences:
            bounds = doc_bounds or _Bounds(text, sent.start, sent.end)
            found.extend(self._find(text, sent.start, sent.end, bounds, ctx))
        found = [m for m in found if all(free[m.start:m.end])]
        f.mentions.extend(resolve_overlaps(found))
        return doc

    def _find(self, text: str, start: int, end: int, bounds: _Bounds, ctx: Division | None) -> list[Mention]:
        return [*self._divisions(text, start, end, bounds, ctx), *self._towns(text, start, end, bounds, ctx),
                *self._listed_regions(text, start, end), *self._grammar_regions(text, start, end, bounds, ctx)]

    # -- provinces, cities, counties
    def _divisions(self, text: str, start: int, end: int, bounds: _Bounds, ctx: Division | None) -> list[Mention]:
        out, lengths, names = [], self.lengths, self.names
        for first in self.first_chars.finditer(text, start, end):
            i = first.start()
            for n in lengths[text[i]]:
                if i + n <= end and text[i:i + n] in names:  # _division's first test, without a call for each
                    m = self._division(text, i, n, start, bounds, ctx)
                    if m is not None:
                        out.append(m)
                        break  # the longest name starting here that holds
        return out

    def _division(self, text: str, i: int, n: int, floor: int, bounds: _Bounds,
                  ctx: Division | None) -> Mention | None:
        name = text[i:i + n]
        g = self.g
        if name not in self.names or not bounds.starts(i) or not bounds.ends(i + len(name)):
            return None
        town = self._home_town(name, ctx) if name[-1] not in LEVEL_CHARS else None
        if town is not None:  # 安阳 in a report of the county that holds 安阳乡: the town, not the city elsewhere
            if self._names_feature(text, i + n, bounds):
                return None
            return Mention(i, i + n, "PLACE", name, "town", "town", town.code)
        d = g.resolve(name, within=ctx, levels=_DIVISION_LEVELS)
        if d is None:
            return None
        how = g.match(name, d)
        if name in self.not_places:  # 城区, 矿区: only in the report's own city, or written after it
            if not (_inside(g, d, _city(g, ctx)) or self._after_ancestor(text, i, d, floor)):
                return None
        elif how != "short" and d.level == "county" and (len(name) == 2 or _common_word(name[:-1])):
            # a level after one character or a common word reads as a phrase (和县, 平原县, 新建区):
            # only inside the report's own area or right after a division containing it (濮阳市范县)
            if not (_inside(g, d, _home(g, ctx)) or self._after_ancestor(text, i, d, floor)):
                return None
        elif name[-1] in LEVEL_CHARS and self._straddles(text, i, i + n, d, bounds):
            # 10项城市, 滨海城市带: the text's words run across the name's suffix (项 + 城市)
            if not (_inside(g, d, _home(g, ctx)) or self._after_ancestor(text, i, d, floor)):
                return None
        if how == "short" or (how == "former" and name[-1] not in LEVEL_CHARS):
            if self._names_feature(text, i + n, bounds) or not self._short_stands(name, d, ctx) \
                    or text.endswith(self.short_not_after, floor, i):  # 70周年大庆: a celebration
                return None
        return Mention(i, i + len(name), "PLACE", name, _RULES[how], d.level, d.code)

    def _straddles(self, text: str, i: int, e: int, d: Division, bounds: _Bounds) -> bool:
        """Does the last word inside text[i:e] run from the stem into the suffix (项|城市), splitting the name?

        A name's level suffix (市, 县, 自治区) attaches to its whole stem: the last word that starts
        inside the name is the suffix itself, or what stands before it is already a name of ``d``.
        """
        j = next((k for k in range(e - 1, i, -1) if bounds.starts(k)), None)
        if j is None:
            return False
        return text[j:e] not in _SUFFIX_SET and self.g.match(text[i:j], d) is None

    def _names_feature(self, text: str, e: int, bounds: _Bounds) -> bool:
        """Is the short form ending at ``e`` the first part of a street's, gate's or village's name (中山路)?

        Not where another division's name follows (天津河西区: 河西区 is one).
        """
        if any(text[e:e + k] in self.names for k in self.lengths.get(text[e:e + 1], ())):
            return False
        return any(text.startswith(w, e) and bounds.ends(e + len(w)) for w in self.features)

    def _home_town(self, name: str, ctx: Division | None) -> Division | None:
        """The town of the report's own county that ``name`` is the stem of (安阳 for 安阳乡), if one.

        Only where no province, city or county of the report's province goes by ``name``.
        """
        if ctx is None or ctx.level != "county":
            return None
        province = self.g.province_of(ctx)
        if any(_inside(self.g, d, province) for d in self.g.lookup(name, levels=_DIVISION_LEVELS)):
            return None  # 容城 in 容城县's report is the county (its seat 容城镇 shares the name)
        towns = [d for suffix in ("镇", "乡") for d in self.g.lookup(name + suffix, levels=("town",))
                 if d.parent == ctx.code]
        return towns[0] if len(towns) == 1 else None

    def _after_ancestor(self, text: str, i: int, d: Division, floor: int) -> bool:
        """Is ``d`` written right after a division containing it (濮阳市范县, 河北保定)?"""
        return any(i - len(n) >= floor and text.startswith(n, i - len(n))
                   for a in self.g.ancestors(d) for n in self.g.names(a) if len(n) >= 2)

    def _short_stands(self, name: str, d: Division, ctx: Division | None) -> bool:
        """Does a short form name the place here, rather than spell a word (中原, 振兴)?

        A province's always does; a city's when it lies in the report's province
        or the dictionary tags it a place name (武汉, not 长治 of 长治久安); a
        county's when it lies in the report's city (or province) and is no
        common word.
        """
        g = self.g
        if d.level == "province":
            return True
        if d.level == "city":
            near = ctx is not None and g.province_of(ctx) is not None and _inside(g, d, g.province_of(ctx))
            return near or _tags().get(name) == "ns"
        return _inside(g, d, _home(g, ctx)) and not _common_word(name)

    # -- towns
    def _towns(self, text: str, start: int, end: int, bounds: _Bounds, ctx: Division | None) -> list[Mention]:
        out = []
        home = _home(self.g, ctx)
        for m in self.towns.finditer(text, start, end):
            if not bounds.ends(m.end()):
                continue  # 乡村, 镇区: the suffix belongs to a longer word
            for k in range(_MAX_TOWN_STEM, 0, -1):
                s = m.start() - k
                if s < start:
                    continue
                found = self._town(text, s, m.end(), start, bounds, home)
                if found is not None:
                    out.append(found)
                    break
        return out

    def _town(self, text: str, s: int, e: int, floor: int, bounds: _Bounds, home: Division | None) -> Mention | None:
        g = self.g
        name = text[s:e]
        towns = g.lookup(name, levels=("town",))
        if not towns or name in self.not_places:
            return None
        for d in towns:  # written after its county or city: 内乡县湍东镇
            for outer in g.ancestors(d)[:2]:
                for prefix in g.names(outer):
                    if len(prefix) >= 2 and s - len(prefix) >= floor and text.startswith(prefix, s - len(prefix)):
                        return Mention(s - len(prefix), e, "PLACE", text[s - len(prefix):e], "town", "town", d.code)
        inside = [d for d in towns if home is not None and _inside(g, d, home)]
        if len(inside) == 1 and bounds.starts(s) and not self._straddled(text, s, floor, home):
            return Mention(s, e, "PLACE", name, "town", "town", inside[0].code)
        return None

    def _straddled(self, text: str, s: int, floor: int, home: Division | None) -> bool:
        """Does a county or city of the report's area run across the town's first character (曲|阳城镇)?"""
        for k in (1, 2):
            for j in (1, 2):
                piece = text[s - k:s + j] if s - k >= floor else ""
                if piece in self.names and any(_inside(self.g, d, home) for d in self.g.lookup(piece, levels=_DIVISION_LEVELS)):
                    return True
        return False

    # -- regions
    def _listed_regions(self, text: str, start: int, end: int) -> list[Mention]:
        return [Mention(m.start(), m.end(), "PLACE", m.group(0), "region", "region", self.regions[m.group(0)])
                for m in self.listed.finditer(text, start, end)]

    def _grammar_regions(self, text: str, start: int, end: int, bounds: _Bounds,
                         ctx: Division | None) -> list[Mention]:
        out = []
        for m in self.region_suffixes.finditer(text, start, end):
            suffix = m.group(0)
            if text[m.start() - 1:m.end()] in self.not_places:
                continue  # 高新区, 经开区: a kind of zone, whatever stands before it
            for k in range(_MAX_REGION_STEM, 1, -1):
                s = m.start() - k
                if s < start or not bounds.starts(s):
                    continue
                stem = text[s:m.start()]
                if self._names_tail(text, s, m.end()):
                    break  # 上海浦东新区: 浦东新区 is the name, 上海 a place of its own
                if self._region_stem(stem, suffix, ctx):
                    name = stem + suffix
                    out.append(Mention(s, m.end(), "PLACE", name, "region", "region", self.regions.get(name, name)))
                    break
        return out

    def _names_tail(self, text: str, s: int, e: int) -> bool:
        """Is a tail of text[s:e] a listed region or a division's full name?"""
        for j in range(s + 1, e - 1):
            tail = text[j:e]
            if tail in self.regions or any(self.g.match(tail, d) == "full"
                                           for d in self.g.lookup(tail, levels=_DIVISION_LEVELS)):
                return True
        return False

    def _region_stem(self, stem: str, suffix: str, ctx: Division | None) -> bool:
        """A region's stem: a listed one (长江), a division's name, or a place name for a zone or basin."""
        if stem in self.region_stems:
            return True
        if stem in self.not_places:
            return False
        d = self.g.resolve(stem, within=ctx, levels=_DIVISION_LEVELS) if stem in self.g else None
        if d is not None:
            # X地区 with X a division is that division, found as such
            return suffix != "地区" and (self.g.match(stem, d) != "short" or self._short_stands(stem, d, ctx))
        return (suffix in ZONE_SUFFIXES or suffix == "流域") and _tags().get(stem) == "ns" and not _common_word(stem)


class _Bounds:
    """Where words begin and end in a sentence, by jieba's segmentation of it.

    The sentence is segmented only when first asked, and by rjieba whatever
    the pipeline's own tokenizer is, so the answer does not depend on the base.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self._starts: set[int] | None = None
        self._ends: set[int] = set()

    def _segment(self) -> set[int]:
        if self._starts is None:
            _tags()
            self._starts, self._ends = {self.end}, {self.start, self.end}
            tags = _tags()
            for word, s, e in segment(self.text[self.start:self.end]):
                # A place word of the dictionary may join several names (上海浦东新区): a split inside it
                # holds where it cuts off a name (上海|浦东新区), not inside a word tagged so (美|丽, 天|山南|北).
                inner = [s, *_name_splits(word, s), e] if tags.get(word) == "ns" else (s, e)
                self._starts.update(self.start + k for k in inner)
                self._ends.update(self.start + k for k in inner)
        return self._starts

    def starts(self, i: int) -> bool:
        return i in self._segment()

    def ends(self, i: int) -> bool:
        self._segment()
        return i in self._ends


class _DocBounds:
    """Word boundaries of a Doc govkg's tokenizer segmented, as character offsets (the same answers as `_Bounds`).

    Asked lazily of the Doc's offset arrays: walking every token would cost more than the search.
    """

    def __init__(self, doc: Doc, text: str) -> None:
        offsets = doc.to_array([IDX, LENGTH])
        self._idx, self._len, self.text = offsets[:, 0], offsets[:, 1], text

    def _boundary(self, i: int) -> bool:
        k = int(numpy.searchsorted(self._idx, i, side="right")) - 1
        if k < 0:
            return True
        s = int(self._idx[k])
        e = s + int(self._len[k])
        # inside a dictionary place word that joins several names (上海浦东新区), a split cutting off a name holds
        word = self.text[s:e]
        return not s < i < e or (_tags().get(word) == "ns" and _splits_name(word, i - s))

    starts = ends = _boundary


def _splits_name(word: str, k: int) -> bool:
    """May a name begin or end at ``k`` inside ``word``, a word the dictionary tags a place name?

    Where the word is itself a division's name (北京 in 河|北京|车, 东至 in 乐|东至|三亚), jieba may have
    cut a run of names wrongly: any split holds.  Elsewhere a split must cut off names the word starts
    with (上海|浦东新区, 广州白云|机场, 黄骅|港) or a name it ends with (首都|北京), or end a town before
    a direction (羊平镇|南村).  Not 城|市 (城市), 美|丽 (美丽江西, no 丽江), 天|山南|北 (天山南北), nor a
    name before a feature word (长白|山, 黄浦|江, 中山|路).
    """
    g = gazetteer()
    if word in g:
        return True
    if word[:k] in TOWN_SUFFIXES and word[k] in "东南西北":
        return True
    if k >= 2 and word[k:] in g and not any(word[:j] in g for j in range(k + 1, len(word))):
        return True  # 首都|北京 after a word, but not 长|白山 (长白山 starts with 长白), 清|西陵
    if word.startswith(_features(), k):
        return False
    # A word the dictionary barely knows is more often jieba's mis-cut of a run of names (唐|山港) than a word.
    return _names_run(word[:k]) or word_frequency(word) < _RARE_WORD_FREQ


def _names_run(s: str) -> bool:
    """Is ``s`` one or more place names written together (广州白云)?"""
    g = gazetteer()
    return any(s[:j] in g and (j == len(s) or _names_run(s[j:])) for j in range(len(s), 1, -1))


@lru_cache(maxsize=1)
def _features() -> tuple[str, ...]:
    """The feature words of the bundled ``places.jsonl`` (路, 桥, 山, 湖 ...)."""
    return tuple(words(read_patterns(default_patterns_path("places.jsonl")), "FEATURE_SUFFIX"))


def _name_splits(word: str, offset: int) -> list[int]:
    return [offset + k for k in range(1, len(word)) if _splits_name(word, k)]


def _home(g: Gazetteer, ctx: Division | None) -> Division | None:
    """The area whose towns and county short forms a report may name bare: its city, or its province."""
    if ctx is None or ctx.level == "nation":
        return None
    if ctx.level in ("county", "town"):
        return g.city_of(ctx) or g.province_of(ctx)
    return ctx


def _city(g: Gazetteer, ctx: Division | None) -> Division | None:
    """The report's city (a municipality for its districts); None for a province or the nation."""
    return g.city_of(ctx) if ctx is not None and ctx.level in ("city", "county", "town") else None


def _inside(g: Gazetteer, d: Division, outer: Division | None) -> bool:
    return outer is not None and g.contains(outer, d)


@lru_cache(maxsize=1)
def _name_lengths(g: Gazetteer) -> dict[str, tuple[int, ...]]:
    """For each first character, the lengths of the province, city and county names starting with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for d in g:
        if d.level in ("province", "city", "county"):
            for name in g.names(d):
                if len(name) >= 2:
                    lengths.setdefault(name[0], set()).add(len(name))
    return {c: tuple(sorted(ns, reverse=True)) for c, ns in lengths.items()}


def _common_word(word: str) -> bool:
    return word_frequency(word) >= _COMMON_WORD_FREQ


@lru_cache(maxsize=1)
def _division_names(g: Gazetteer) -> frozenset[str]:
    """Every name of a province, city or county: the strings worth resolving."""
    return frozenset(n for d in g if d.level in _DIVISION_LEVELS for n in g.names(d))


def _tags() -> dict[str, str]:
    """jieba's dictionary tags (ns: place name); reading the table runs no tagger."""
    return dictionary_tags()
