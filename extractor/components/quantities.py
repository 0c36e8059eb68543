"""govkg_quantities: numbers with units and percentages, and what they count.

The number grammar is in `govkg.extractor.numbers`; the unit words in
``units.jsonl``.  The subject (what is counted) is the noun phrase after the
quantity when one follows (421项经济管理权限), otherwise the phrase before it
(出庭应诉率为97.8%).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import Quantity, findings
from ..numbers import find_quantities
from ..patterns import alternation, words
from .base import PatternComponent

__all__ = ["QuantityRecognizer", "subject_of"]

_DELIMS = "，,。；;：:、（）()\n"
_COPULA = re.compile(r"(?:分别为|均为|分别达到|分别达|达到|保持在|下降|增长|提高|为|达|是|至|超过|共计|累计|共|近|约)+$")
_LEAD = re.compile(r"^(?:其中|全年|全市|当年|共|累计|已|并|还|又|同比|较上年|分别)+")


@Language.factory("govkg_quantities", default_config={"patterns": None})
def make_quantity_recognizer(nlp: Language, name: str, patterns: str | None) -> QuantityRecognizer:
    return QuantityRecognizer(nlp, name, patterns=patterns)


class QuantityRecognizer(PatternComponent):
    """Add `Quantity` findings to ``doc._.govkg``."""

    default_file = "units.jsonl"

    def _compile(self) -> None:
        self.units = words(self.patterns, "UNIT")
        # Numbers inside names and slogans (两个维护, 四个意识) are not quantities.
        self.names = alternation(tuple(words(self.patterns, "NAME")))

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = doc.text
        for sent in f.structure.sentences:
            span = text[sent.start:sent.end]
            blocked = list(f.quoted[sent.start:sent.end])
            for m in self.names.finditer(span):
                blocked[m.start():m.end()] = [True] * (m.end() - m.start())
            floor, previous = sent.start, None
            for q in find_quantities(span, self.units, blocked=blocked):
                s, e = sent.start + q.start, sent.start + q.end
                # 累计达到108.1万户 names nothing itself: it counts what the number before it counted.
                subject = subject_of(text, s, e, floor, sent.end) or previous or q.text
                f.quantities.append(Quantity(s, e, q.text, q.value, q.unit, q.qualifier, subject))
                floor, previous = e, subject
        return doc


def subject_of(text: str, start: int, end: int, floor: int, ceiling: int) -> str:
    """What a quantity at [start, end) counts, as the report words it ("" when it does not say).

    Examples
    --------
    >>> t = "全市行政机关负责人出庭应诉率为97.8%。"
    >>> subject_of(t, 15, 20, 0, len(t))  # 全市 dropped: the metric is comparable across reports
    '行政机关负责人出庭应诉率'
    """
    after = ""
    i = end
    while i < ceiling and text[i] not in _DELIMS and not text[i].isdigit() and len(after) < 16:
        after += text[i]
        i += 1
    after = re.split(r"[和及与]", after)[0]
    if len(after) >= 2 and not after.startswith(("的", "以上", "左右")):
        return after
    j = start
    while j > floor and text[j - 1] not in _DELIMS and not text[j - 1].isdigit():
        j -= 1
    before = _COPULA.sub("", text[j:start])
    return _LEAD.sub("", before)
