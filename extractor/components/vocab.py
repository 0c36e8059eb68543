"""govkg_vocab: the word lists several components share, saved with the pipeline.

Some vocabularies are no one component's own: the cue verbs
(``verbs.jsonl``, label ``ACTION``, with the verb's role as ``id``) open
actions for govkg_actions, end a program's name for govkg_programs and split
two aims for govkg_purposes; the adverbs (``adverbs.jsonl``, ``ADVERB``)
lead into actions and programs; the slogans (``slogans.jsonl``, ``SLOGAN``)
are neither programs nor quantities.  They live here, in one component at the
head of the pipeline, as spaCy keeps shared knowledge in one place: the
components that read them listen to it (as spaCy's listeners do to a shared
``tok2vec``), so that words a user adds reach every one of them, and
``nlp.to_disk`` saves them once, in ``govkg_vocab/patterns.jsonl``.

A user extends a shared list in either of two ways::

    nlp.get_pipe("govkg_vocab").add_patterns([{"label": "ADVERB", "pattern": "全链条"}])
    build_pipeline(config={"govkg_vocab": {"patterns": "my_vocab.jsonl"}})  # replaces the bundled lists

A component built outside a pipeline with no govkg_vocab reads the bundled
lists.
"""

from __future__ import annotations

import weakref
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..patterns import Pattern, default_patterns_path, read_patterns, words
from .base import PatternComponent

__all__ = ["SharedVocabulary", "SHARED_FILES", "shared_vocabulary"]

# The bundled files of the shared lists, read together when no ``patterns`` file is named.
SHARED_FILES = ("verbs.jsonl", "adverbs.jsonl", "slogans.jsonl")


@Language.factory("govkg_vocab", default_config={"patterns": None})
def make_shared_vocabulary(nlp: Language, name: str, patterns: str | None) -> SharedVocabulary:
    return SharedVocabulary(nlp, name, patterns=patterns)


class SharedVocabulary(PatternComponent):
    """Word lists read by several components; leaves the Doc as it is.

    Examples
    --------
    >>> vocab = SharedVocabulary(None, "govkg_vocab")
    >>> "进一步" in vocab.words("ADVERB"), "大力" in vocab.words("ADVERB", id="manner")
    (True, True)
    >>> vocab.roles()["印发"], vocab.roles()["开展"]
    ('produces', 'act')
    """

    def __init__(self, nlp, name: str, *, patterns: str | None = None) -> None:
        self.name = name
        self._listeners: weakref.WeakSet = weakref.WeakSet()
        paths = [Path(patterns)] if patterns else [default_patterns_path(f) for f in SHARED_FILES]
        self.patterns: list[Pattern] = [row for path in paths for row in read_patterns(path)]
        self._compile()

    def __call__(self, doc: Doc) -> Doc:
        return doc

    def _compile(self) -> None:
        # Whoever compiled rules from the lists compiles them again (after add_patterns or from_disk).
        for listener in list(self._listeners):
            listener._compile()

    def listen(self, component) -> SharedVocabulary:
        """Have ``component._compile()`` called whenever the lists change; returns self."""
        self._listeners.add(component)
        return self

    def words(self, label: str, **where) -> list[str]:
        """The words of ``label`` (``ACTION``, ``ADVERB``, ``SLOGAN`` ...), in file order; see `words`."""
        return words(self.patterns, label, **where)

    def roles(self) -> dict[str, str]:
        """Each cue verb with its role (``produces`` for verbs that issue documents, ``act`` ...)."""
        return {r["pattern"]: r.get("id", "act") for r in self.patterns if r["label"] == "ACTION"}


@lru_cache(maxsize=1)
def _bundled() -> SharedVocabulary:
    return SharedVocabulary(None, "govkg_vocab")


def shared_vocabulary(nlp) -> SharedVocabulary:
    """The pipeline's govkg_vocab (the first one), or the bundled lists where the pipeline has none."""
    for _, pipe in getattr(nlp, "pipeline", ()):
        if isinstance(pipe, SharedVocabulary):
            return pipe
    return _bundled()
