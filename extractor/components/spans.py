"""govkg_spans: mirror the findings into ``doc.spans`` for spaCy's own tools.

The findings are character-anchored; a mention becomes a Span only where it
falls on token boundaries of the base tokenizer (jieba may join 南阳市 with
what follows), so ``doc.spans["govkg"]`` can hold fewer items than the
findings.  Spans carry the finding's kind as their label.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import findings

__all__ = ["SpanMirror"]


@Language.factory("govkg_spans", default_config={"key": "govkg"})
def make_span_mirror(nlp: Language, name: str, key: str) -> SpanMirror:
    return SpanMirror(key=key)


class SpanMirror:
    """Set ``doc.spans[key]`` from the findings that align with tokens."""

    def __init__(self, *, key: str = "govkg") -> None:
        self.key = key

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        items = [(m.start, m.end, m.label) for m in f.mentions]
        items += [(q.start, q.end, "QUANTITY") for q in f.quantities]
        items += [(a.start, a.end, "ACTION") for a in f.actions]
        items += [(p.start, p.end, "GOAL") for p in f.purposes]
        spans = [doc.char_span(s, e, label=label) for s, e, label in sorted(items)]
        doc.spans[self.key] = [s for s in spans if s is not None]
        return doc
