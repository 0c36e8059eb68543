"""govkg_policies: titled documents written in 《》.

Only 《》 titles count: laws and plans named without them are too vague to
tell from their context.  Two kinds of 《》 title name no policy, by the
words in ``policies.jsonl``:

* a title without a word for a kind of document (``DOCUMENT``: 法, 条例,
  办法, 意见, 规划, 方案 ...) is a work: a book, a film, a song, a
  television programme (《天工开物》, 《我们的村庄》);
* a title made of document words alone, once its state (``DRAFT``: 草案,
  试行 ...) and parentheses are set aside, is a short form (《纲要》,
  《纲要（草案）》), which the text has named in full elsewhere.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import Mention, findings
from ..patterns import alternation, words
from .base import PatternComponent

__all__ = ["PolicyRecognizer"]

_TITLE = re.compile(r"《([^《》\n]{2,80})》")
# A short form that only names a kind (《纲要》, 《条例》) is left out by `is_policy`; a short law is a law
# (《宪法》, 《民法典》).
_MIN_LEN = 2
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")


@Language.factory("govkg_policies", default_config={"min_length": _MIN_LEN, "patterns": None})
def make_policy_recognizer(nlp: Language, name: str, min_length: int, patterns: str | None) -> PolicyRecognizer:
    return PolicyRecognizer(nlp, name, min_length=min_length, patterns=patterns)


class PolicyRecognizer(PatternComponent):
    """Add POLICY mentions (the title without 《》) to ``doc._.govkg``."""

    default_file = "policies.jsonl"

    def __init__(self, nlp=None, name: str = "govkg_policies", *, min_length: int = _MIN_LEN,
                 patterns: str | None = None) -> None:
        self.min_length = min_length
        super().__init__(nlp, name, patterns=patterns)

    def _compile(self) -> None:
        documents = tuple(words(self.patterns, "DOCUMENT"))
        self.document = alternation(documents)
        self.only_documents = re.compile(f"(?:{self.document.pattern})+")
        self.draft = re.compile(f"(?:{alternation(tuple(words(self.patterns, 'DRAFT'))).pattern})+$")

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = f.structure.text  # doc.text, kept by govkg_report: Doc.text joins the tokens anew on every access
        for sent in f.structure.sentences:
            for m in _TITLE.finditer(text, sent.start, sent.end):
                title = m.group(1).strip()
                if len(title) >= self.min_length and self.is_policy(title):
                    f.mentions.append(Mention(m.start(), m.end(), "POLICY", title, "title"))
        return doc

    def is_policy(self, title: str) -> bool:
        """A title names a document, and more than its kind.

        Examples
        --------
        >>> from govkg.extractor.pipeline import default_pipeline
        >>> c = default_pipeline().get_pipe("govkg_policies")
        >>> [c.is_policy(t) for t in ["某某市物业管理条例", "纲要（草案）", "规划纲要", "山间的歌", "行政许可法"]]
        [True, False, False, False, True]
        >>> [c.is_policy(t) for t in ["宪法", "民法典", "纲要", "条例", "办法", "人民日报"]]
        [True, True, False, False, False, False]
        """
        if not self.document.search(title):
            return False
        core = self.draft.sub("", _BRACKETED.sub("", title)).strip()
        return not self.only_documents.fullmatch(core)
