"""govkg_report: the report's structure and jurisdiction.

Runs first: parses chrome, title, outline and sentences, and works out whose
report it is (jurisdiction, its level, the province), which later components
need to resolve relative names such as 市政府.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import Findings
from ..places import is_place_name
from ..structure import parse_structure
from .base import PatternComponent

__all__ = ["ReportReader"]

_CN = r"\u4e00-\u9fff"
_ISSUER_PLACE = re.compile(
    rf"([{_CN}]{{2,8}}?(?:自治州|自治县|市|县|区|州|盟|旗|省))"
    rf"(?=人民政府|政府|人民代表大会|第[{_CN}]+届|\d{{4}}年|关于|委员会|委)"
)
_QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》", '"': '"'}


@Language.factory(
    "govkg_report",
    default_config={"patterns": None, "jurisdiction": None, "year": None},
)
def make_report_reader(nlp: Language, name: str, patterns: str | None, jurisdiction: str | None,
                       year: int | None) -> ReportReader:
    return ReportReader(nlp, name, patterns=patterns, jurisdiction=jurisdiction, year=year)


class ReportReader(PatternComponent):
    """Set ``doc._.govkg`` to the report's structure and context.

    ``jurisdiction`` and ``year`` override what is read from the text.
    """

    default_file = "provinces.jsonl"

    def __init__(self, nlp, name: str, *, patterns: str | None = None, jurisdiction: str | None = None,
                 year: int | None = None) -> None:
        self.jurisdiction = jurisdiction
        self.year = year
        super().__init__(nlp, name, patterns=patterns)

    def _compile(self) -> None:
        self.provinces = {row["pattern"]: row.get("id", row["pattern"]) for row in self.patterns
                          if row["label"] == "PROVINCE"}

    def __call__(self, doc: Doc, *, jurisdiction: str | None = None, year: int | None = None,
                 hints: dict[str, str] | None = None) -> Doc:
        text = doc.text
        st = parse_structure(text)
        f = Findings(structure=st, hints=dict(hints or {}))
        f.year = year or self.year or st.year
        f.jurisdiction = jurisdiction or self.jurisdiction or _jurisdiction(text, st)
        f.level = _level(f.jurisdiction)
        f.province = self._province(text, f.jurisdiction)
        f.quoted = _quoted_mask(text)
        doc._.govkg = f
        return doc

    def _province(self, text: str, jurisdiction: str | None) -> str | None:
        for full, short in self.provinces.items():
            if jurisdiction and (jurisdiction.startswith(full) or jurisdiction.startswith(short)):
                return full
        counts = Counter()
        for full, short in self.provinces.items():
            counts[full] = text.count(short)
        best = [p for p, n in counts.most_common(1) if n]
        return best[0] if best else None


def _jurisdiction(text: str, st) -> str | None:
    heads = []
    if st.title_span:
        heads.append(text[st.title_span[0]:st.title_span[1]])
    if st.issuer:
        heads.append(st.issuer)
    for head in heads:
        for m in _ISSUER_PLACE.finditer(head):
            name = _place_tail(m.group(1))
            if name:
                return name
    # An untitled report: the place the text names most often as X市/X县/X区.
    counts = Counter()
    for m in re.finditer("市|县|区", text):
        for k in (4, 3, 2):
            name = text[max(0, m.start() - k):m.end()]
            if len(name) == k + 1 and is_place_name(name):
                counts[name] += 1
                break
    return counts.most_common(1)[0][0] if counts else None


def _place_tail(candidate: str) -> str | None:
    """The longest tail of ``candidate`` that is a place name (日在杭州市 → 杭州市)."""
    for i in range(len(candidate) - 2):
        if is_place_name(candidate[i:]):
            return candidate[i:]
    return None


def _level(jurisdiction: str | None) -> str | None:
    if not jurisdiction:
        return None
    for suffix in ("自治州", "自治县", "省", "市", "县", "区", "州", "盟", "旗"):
        if jurisdiction.endswith(suffix):
            return {"自治州": "州", "自治县": "县"}.get(suffix, suffix)
    return None


def _quoted_mask(text: str) -> list[bool]:
    """Flag characters inside quotes and 《》, where numbers belong to names."""
    mask = [False] * len(text)
    i = 0
    while i < len(text):
        close = _QUOTES.get(text[i])
        if close:
            j = text.find(close, i + 1, i + 80)
            if j > 0 and "\n" not in text[i:j]:
                mask[i:j + 1] = [True] * (j + 1 - i)
                i = j + 1
                continue
        i += 1
    return mask
