"""govkg_agencies: organs of party, government, legislature, judiciary and CPPCC.

Names are found by the grammar of organ names kept in ``agencies.jsonl``: a
level prefix and an organ (省委, 县政府), a department or leading group after
a prefix (市司法局, 县扶贫开发领导小组办公室), central organs and ministries,
and names that stand for the report's own level without a prefix (人大,
司法局).  A place written before the prefix (保定 in 保定市委) is taken in when
it is one of the report's divisions, in the gazetteer or in jieba's
dictionary.  Each mention gets the canonical name of its body through the
report's place in the division hierarchy (`govkg.extractor.resolve`), so that
one body has one name, and one IRI, in every report.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import TOWN_SUFFIXES, gazetteer
from ..mentions import Mention, findings
from ..patterns import words
from ..places import LEVEL_CHARS, is_place_name
from ..resolve import canonical_agency, full_name
from .base import PatternComponent

__all__ = ["AgencyRecognizer", "resolve_overlaps"]

# Level words written bare before an organ (省市县政府): a division's or a town's level.
_LEVELS = LEVEL_CHARS + "".join(s for s in TOWN_SUFFIXES if len(s) == 1)
_REPORT = "工作报告"


@Language.factory("govkg_agencies", default_config={"patterns": None})
def make_agency_recognizer(nlp: Language, name: str, patterns: str | None) -> AgencyRecognizer:
    return AgencyRecognizer(nlp, name, patterns=patterns)


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (leftmost on ties), in text order."""
    kept: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not taken.intersection(range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)


class AgencyRecognizer(PatternComponent):
    """Add AGENCY mentions to ``doc._.govkg``.

    ``NOT_LEVEL`` rows list words that end in a level character without it
    being a level prefix (城市, 园区).  An AGENCY pattern row names its parts with groups: ``level`` (the relative prefix
    省/市/县 ...), ``session`` and ``organ``.  A row with ``"scope": "own"``
    matches names that stand for the report's own level without a prefix
    (人大, 司法局): they resolve to the jurisdiction's organ (``"organ"``, when
    given, names it in full).  A row with ``"scope": "scoped"`` matches names
    that belong to some body of the report's area but not to one we can name
    (园区管委会): they stay scoped to the report unless a place is written
    before them.
    """

    default_file = "agencies.jsonl"

    def _compile(self) -> None:
        self.rules = [(row.get("id", ""), re.compile(row["pattern"]), row.get("scope", ""), row.get("organ", ""))
                      for row in self.patterns if row["label"] == "AGENCY"]
        # Words that end in a level character without being a level prefix (城市, 园区).
        self.level_nouns = frozenset(words(self.patterns, "NOT_LEVEL"))

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = f.structure.text  # doc.text, kept by govkg_report: Doc.text joins the tokens anew on every access
        found = []
        for sent in f.structure.sentences:
            found.extend(self._find(text, sent.start, sent.end, f))
        f.mentions.extend(resolve_overlaps(found))
        return doc

    def _find(self, text: str, start: int, end: int, f) -> list[Mention]:
        out = []
        for rule in self.rules:
            for m in rule[1].finditer(text, start, end):
                if f.quoted[m.start()] and text[_open_quote(text, m.start())] == "《":
                    continue  # a name inside a title is the title's, not the report's
                if text.startswith(_REPORT, m.end()) and not _in_title(m.start(), f):
                    continue  # X政府工作报告 outside the title names another report, not a body at work
                mention = self._mention(text, m, rule, start, f)
                if mention:
                    out.append(mention)
        return out

    def _mention(self, text: str, m: re.Match, rule: tuple, floor: int, f) -> Mention | None:
        rule_id, _, scope, full_organ = rule
        groups = m.groupdict()
        level = groups.get("level") or ""
        organ = (groups.get("session") or "") + (groups.get("organ") or "")
        s = m.start()
        known = _context_places(f)
        owner = ""
        generic = False
        if level:
            place, owner = _place_before(text, s, level, floor, known)
            if place:
                s, level = s - len(place), ""
            elif any(text[s - k:s + len(level)] in self.level_nouns for k in (1, 2) if s - k >= floor):
                return None  # 城市, 园区: a noun, not a level prefix
            else:
                generic = _after_bare_level(text, s, floor, known)
        elif scope == "scoped":
            place, _ = _place_before(text, s, "", floor, known)
            s, scope = s - len(place), "" if place else scope
        if text[max(floor, s - 2):s] == "中共":
            s -= 2
        surface = text[s:m.end()]
        own = scope == "own"
        if scope:
            # The report's own body: unresolved, the level still scopes its IRI to the report.
            level, organ = f.level or "本级", full_organ or surface
        canonical = canonical_agency(surface, level=level, organ=organ, jurisdiction=f.jurisdiction,
                                     jurisdiction_level=f.level, province=f.province, city=f.city, own=own,
                                     former=tuple(getattr(f.division, "former", ()) or ()))
        if generic and canonical == surface:
            return None  # 省市县政府 where no level is the report's: every level's governments, no one body
        if scope == "scoped":
            canonical = surface
        elif owner:  # 恩施州委 and 州委 in a county of 恩施 are one body under the division's full name
            canonical = full_name(owner, organ)
        return Mention(s, m.end(), "AGENCY", surface, rule_id, level, canonical)


def _in_title(pos: int, f) -> bool:
    span = f.structure.title_span
    return bool(span) and span[0] <= pos < span[1]


def _after_bare_level(text: str, pos: int, floor: int, known: tuple[str, ...]) -> bool:
    """Whether a level is written bare right before ``pos`` (省市 before 县政府, 市、 before 县政府)."""
    end = pos - 1 if pos - 1 > floor and text[pos - 1] == "、" else pos
    return end > floor and text[end - 1] in _LEVELS and not _ends_in_place(text, end, floor, known)


def _ends_in_place(text: str, pos: int, floor: int, known: tuple[str, ...]) -> bool:
    """Whether a place name ends at ``pos`` (唐县 before 县委)."""
    return any(text[pos - k:pos] in known or is_place_name(text[pos - k:pos])
               for k in range(2, 9) if pos - k >= floor)


def _context_places(f) -> tuple[str, ...]:
    """The divisions the report's context names (its jurisdiction, city and province)."""
    return tuple(p for p in (f.jurisdiction, f.city, f.province) if p)


def _place_before(text: str, pos: int, level: str, floor: int, known: tuple[str, ...]) -> tuple[str, str]:
    """The place written right before a level prefix (南阳 before 市人民政府), and the division's name.

    A place is one of the report's own divisions, a division of the gazetteer
    by its full, former or short name (保定市, 清苑县, 恩施 before 州委), or
    a place name in jieba's dictionary (then its division is not known: "").
    """
    for k in range(8, 1, -1):
        if pos - k < floor:
            continue
        stem = text[pos - k:pos]
        if stem + level in known:
            return stem, stem + level
        owner = _division_name(stem, level, known)
        if owner:
            return stem, owner
        if k <= 4 and level and is_place_name(stem + level):
            return stem, ""
    return "", ""


def _division_name(stem: str, level: str, known: tuple[str, ...] = ()) -> str:
    """The name of the division that ``stem`` and ``level`` write, or "" when none.

    A full name counts anywhere; a former or short name (many are words too:
    振兴, 平安) only for a division in the report's own area, one of ``known``
    or inside one of them.

    Examples
    --------
    >>> _division_name("保定", "市"), _division_name("唐县", "县"), _division_name("振兴", "县")
    ('保定市', '唐县', '')
    >>> _division_name("恩施", "州", ("湖北省",)), _division_name("清苑", "县", ("保定市",))
    ('恩施土家族苗族自治州', '清苑县')
    """
    g = gazetteer()
    name = stem + level
    for d in g.lookup(name):
        how = g.match(name, d)
        if how == "full" and d.level != "nation":
            return d.name
        if how == "former" and _nearby(g, d, known):
            return name  # the body had the former name then: 清苑县委
    if not level:
        return ""
    for d in g.lookup(stem):  # 恩施州, 唐县县委: a short or full name and the level written after it
        how = g.match(stem, d)
        if d.level in ("province", "city", "county") and d.name.endswith(level) and (
                how == "full" or how == "short" and _nearby(g, d, known)):
            return d.name
    return ""


def _nearby(g, d, known: tuple[str, ...]) -> bool:
    """Whether division ``d`` is one of the report's ``known`` divisions or inside one of them."""
    return any(a.name in known for a in (d, *g.ancestors(d)))


def _open_quote(text: str, pos: int) -> int:
    """Offset of the quote or title mark that opens the quoted run around ``pos``."""
    for i in range(pos, max(-1, pos - 80), -1):
        if text[i] in "“「『《\"":
            return i
    return pos
