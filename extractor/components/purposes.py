"""govkg_purposes: purpose phrases that name what the work is for.

为…提供…保障, 为…营造, 以…为目标, 围绕…的目标, …的重要举措: the marked part is a
goal.  Two aims joined by 和, each led by a verb, are two goals.  The
markers live in ``purposes.jsonl``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import Purpose, findings
from ..patterns import alternation, words
from .base import PatternComponent
from .vocab import shared_vocabulary

__all__ = ["PurposeRecognizer"]


@Language.factory("govkg_purposes", default_config={"patterns": None})
def make_purpose_recognizer(nlp: Language, name: str, patterns: str | None) -> PurposeRecognizer:
    return PurposeRecognizer(nlp, name, patterns=patterns)


class PurposeRecognizer(PatternComponent):
    """Add `Purpose` findings to ``doc._.govkg``."""

    default_file = "purposes.jsonl"
    reads_vocabulary = True  # two aims split where both start with a verb
    shared_vocabulary = staticmethod(shared_vocabulary)

    def _compile(self) -> None:
        self.rules = [re.compile(r["pattern"]) for r in self.patterns if r["label"] == "PURPOSE"]
        self.verbs = alternation(tuple(w for w in self.vocab.words("ACTION") if len(w) > 1))
        self.beneficiary = re.compile(f"(?:{alternation(tuple(words(self.patterns, 'BENEFICIARY'))).pattern})$")
        self.anaphor = re.compile(f"^(?:{alternation(tuple(words(self.patterns, 'ANAPHOR'))).pattern})")

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = f.structure.text  # doc.text, kept by govkg_report: Doc.text joins the tokens anew on every access
        for i, sent in enumerate(f.structure.sentences):
            found = []
            for rx in self.rules:
                for m in rx.finditer(text, sent.start, sent.end):
                    if self._names_an_aim(m.group("goal")):
                        found.extend(self._split(text, m.start("goal"), m.end("goal"), i))
            f.purposes.extend(sorted(found, key=lambda p: p.start))
        return doc

    def _names_an_aim(self, aim: str) -> bool:
        """Not the people served (为群众提供…服务; but 造福人民, led by a verb, is an aim) nor a
        pointer back (围绕上述目标)."""
        served = self.beneficiary.search(aim) is not None and not self.verbs.match(aim)
        return not served and not self.anaphor.match(aim)

    def _split(self, text: str, start: int, end: int, sentence: int) -> list[Purpose]:
        """Split 建设A和打造B into two aims when both halves start with a verb."""
        aim = text[start:end]
        cut = aim.find("和")
        while cut > 0:
            if cut >= 4 and len(aim) - cut > 4 and self.verbs.match(aim, cut + 1) and self.verbs.match(aim):
                left = Purpose(start, start + cut, aim[:cut], sentence)
                right = Purpose(start + cut + 1, end, aim[cut + 1:], sentence)
                return [left, right]
            cut = aim.find("和", cut + 1)
        return [Purpose(start, end, aim, sentence)]
