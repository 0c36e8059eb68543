"""govkg_policies: titled documents written in 《》.

Only 《》 titles count: laws and plans named without them are too vague to
tell from their context, and short forms (《纲要》) are left out.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import Mention, findings

__all__ = ["PolicyRecognizer"]

_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_MIN_LEN = 4  # shorter titles are short forms such as 《纲要》


@Language.factory("govkg_policies", default_config={"min_length": _MIN_LEN})
def make_policy_recognizer(nlp: Language, name: str, min_length: int) -> PolicyRecognizer:
    return PolicyRecognizer(min_length=min_length)


class PolicyRecognizer:
    """Add POLICY mentions (the title without 《》) to ``doc._.govkg``."""

    def __init__(self, *, min_length: int = _MIN_LEN) -> None:
        self.min_length = min_length

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = f.structure.text  # doc.text, kept by govkg_report: Doc.text joins the tokens anew on every access
        for sent in f.structure.sentences:
            for m in _TITLE.finditer(text, sent.start, sent.end):
                title = m.group(1).strip()
                if len(title) >= self.min_length:
                    f.mentions.append(Mention(m.start(), m.end(), "POLICY", title, "title"))
        return doc
