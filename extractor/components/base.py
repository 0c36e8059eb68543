"""What every govkg component shares: its patterns, saved and loaded with it."""

from __future__ import annotations

from pathlib import Path

from spacy.util import ensure_path

from ..patterns import Pattern, default_patterns_path, read_patterns, write_patterns

__all__ = ["PatternComponent"]


class PatternComponent:
    """Base for components whose knowledge lives in a JSONL pattern file.

    Subclasses set ``default_file`` and compile their rules in `_compile`.  One
    that sets ``reads_vocabulary`` also reads the shared word lists, as
    ``self.vocab`` (the pipeline's govkg_vocab, see `vocab`), and compiles again
    when they change.
    """

    default_file = ""
    reads_vocabulary = False
    shared_vocabulary = None  # a subclass that reads the vocabulary sets it to vocab.shared_vocabulary

    def __init__(self, nlp, name: str, *, patterns: str | None = None) -> None:
        self.name = name
        if self.reads_vocabulary:
            # vocab.shared_vocabulary, set on the subclass: vocab's component is a PatternComponent itself,
            # so this module cannot import it
            self.vocab = type(self).shared_vocabulary(nlp).listen(self)
        path = Path(patterns) if patterns else default_patterns_path(self.default_file)
        self.patterns: list[Pattern] = read_patterns(path)
        self._compile()

    def _compile(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def add_patterns(self, rows: list[Pattern]) -> None:
        """Add pattern rows (dicts with label, pattern and optional id)."""
        self.patterns.extend(rows)
        self._compile()

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        write_patterns(path / "patterns.jsonl", self.patterns)

    def from_disk(self, path, *, exclude=tuple()):
        self.patterns = read_patterns(ensure_path(path) / "patterns.jsonl")
        self._compile()
        return self
