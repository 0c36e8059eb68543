"""govkg_places: named administrative areas (西峡县, 内乡县湍东镇, 湖北, 长江新区).

Counties, cities and provinces are checked against jieba's gazetteer and the
province list; towns (X镇, X乡) and new areas (X新区) are recognised by their
suffix, a town written right after its county joining it (内乡县湍东镇).
Places inside an agency name belong to the agency and are not repeated.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import Mention, findings
from ..patterns import alternation, default_patterns_path, read_patterns, words
from ..places import is_place_name
from .agencies import resolve_overlaps
from .base import PatternComponent

__all__ = ["PlaceRecognizer"]

_CN = re.compile(r"[\u4e00-\u9fff]")
_FUNCTION_CHARS = set("的和与及对向在为各全等助导由从到至把将被")
_NOT_NAME_START = ("各", "全", "本", "我", "该", "每", "此", "其")


@Language.factory("govkg_places", default_config={"patterns": None})
def make_place_recognizer(nlp: Language, name: str, patterns: str | None) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, patterns=patterns)


class PlaceRecognizer(PatternComponent):
    """Add PLACE mentions to ``doc._.govkg``."""

    default_file = "places.jsonl"

    def _compile(self) -> None:
        self.levels = alternation(tuple(words(self.patterns, "LEVEL_SUFFIX")))
        self.towns = alternation(tuple(words(self.patterns, "TOWN_SUFFIX")))
        self.areas = alternation(tuple(words(self.patterns, "AREA_SUFFIX")))
        self.not_places = set(words(self.patterns, "NOT_PLACE"))
        self.verb_compounds = set(words(self.patterns, "NOT_PLACE_COMPOUND"))
        provinces = read_patterns(default_patterns_path("provinces.jsonl"))
        names = [r["pattern"] for r in provinces] + [r["id"] for r in provinces if r.get("id")]
        self.provinces = alternation(tuple(names))
        verbs = read_patterns(default_patterns_path("actions.jsonl"))
        self.verbs = {r["pattern"] for r in verbs}

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = doc.text
        blocked = [False] * len(text)
        for m in f.mentions:
            blocked[m.start:m.end] = [True] * (m.end - m.start)
        found = []
        for sent in f.structure.sentences:
            found.extend(self._find(text, sent.start, sent.end, blocked, f.quoted))
        f.mentions.extend(_join_towns(resolve_overlaps(found), text))
        return doc

    def _find(self, text: str, start: int, end: int, blocked: list[bool], quoted: list[bool]) -> list[Mention]:
        out = []
        for m in self.provinces.finditer(text, start, end):
            out.append(Mention(m.start(), m.end(), "PLACE", m.group(0), "province"))
        for m in self.levels.finditer(text, start, end):
            for k in (4, 3, 2):
                s = m.start() - k
                name = text[s:m.end()]
                if s >= start and _CN.fullmatch(name[0]) and name not in self.not_places and is_place_name(name):
                    out.append(Mention(s, m.end(), "PLACE", name, "gazetteer"))
                    break
        for rx, rule in ((self.towns, "town"), (self.areas, "area")):
            for m in rx.finditer(text, start, end):
                s = m.start() - 2
                name = text[s:m.end()]
                if s >= start and all(_CN.fullmatch(c) for c in text[s:m.start()]) \
                        and not self._generic(text, s, m.start(), m.end()):
                    out.append(Mention(s, m.end(), "PLACE", name, rule))
        return [p for p in out if not p.name.startswith(_NOT_NAME_START)
                and not (p.rule in ("town", "area") and _FUNCTION_CHARS & set(p.name)) and not any(blocked[p.start:p.end]) and not quoted[p.start]]


    def _generic(self, text: str, s: int, suffix: int, end: int) -> bool:
        """乡镇, 城镇 … are words, not names, unless a name's first character stands before them."""
        if text[s:end] in self.not_places or text[suffix:suffix + 2] in self.not_places:
            return True
        if text[suffix - 1:end] in self.verb_compounds:
            return True
        if text[suffix - 1:end] not in self.not_places:
            return False
        before = suffix - 1
        return any(text[before - k:before] in self.verbs for k in (1, 2, 3, 4)) \
            or not _CN.fullmatch(text[before - 1]) or text[before - 1] in _FUNCTION_CHARS


def _join_towns(places: list[Mention], text: str) -> list[Mention]:
    """A town written right after its county is one place: 内乡县湍东镇."""
    out: list[Mention] = []
    for p in places:
        if out and p.rule == "town" and out[-1].end == p.start and out[-1].rule == "gazetteer":
            prev = out.pop()
            p = Mention(prev.start, p.end, "PLACE", text[prev.start:p.end], "town")
        out.append(p)
    return out
