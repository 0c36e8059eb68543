"""govkg_actions: action clauses, a cue verb with its object.

A sentence is cut into clauses at commas and semicolons; a clause is an
action when, after its subject, time phrase and connectives, a cue verb
from ``actions.jsonl`` (possibly after manner adverbs from ``adverbs.jsonl``)
opens what remains.  Verbs that issue documents (制定, 印发, 出台) are marked
so the graph can say which policy an action produces.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..mentions import ActionClause, findings
from ..patterns import alternation, default_patterns_path, read_patterns
from .base import PatternComponent

__all__ = ["ActionRecognizer"]

_CLAUSE_END = "，,；;：:。！？!?"
_LEADING = re.compile(
    r"(?:(?:19|20)\d{2}年度?|今年|全年|当年|一年来|近年来|同时|此外|另外|并且|并|还|也|又|其中|"
    r"我市|我县|我区|我省|全市|全县|全区|全省|各地|各级|各部门|在此基础上)+[,，]?"
)
_VERB_WINDOW = 12
# A clause may name its subject by role before the verb (主要负责同志多次主持…).
# …or a quoted name whose building is the action (“移动办事之城”建设取得进展).
_NAMED_SUBJECT = re.compile(r"[“\"「][^”\"」]{1,30}[”\"」]")
_SUBJECT_HEAD = re.compile(r"(?:同志|负责人|领导|部门|单位|机关|干部|人员|政府|法院|检察院|成员|班子)"
                           r"(?:[\u4e00-\u9fff]{0,4})$")
_MAX_LABEL = 60


@Language.factory("govkg_actions", default_config={"patterns": None, "adverbs": None})
def make_action_recognizer(nlp: Language, name: str, patterns: str | None, adverbs: str | None) -> ActionRecognizer:
    return ActionRecognizer(nlp, name, patterns=patterns, adverbs=adverbs)


class ActionRecognizer(PatternComponent):
    """Add `ActionClause` findings to ``doc._.govkg``."""

    default_file = "actions.jsonl"

    def __init__(self, nlp, name: str, *, patterns: str | None = None, adverbs: str | None = None) -> None:
        self.adverb_rows = read_patterns(adverbs or default_patterns_path("adverbs.jsonl"))
        super().__init__(nlp, name, patterns=patterns)

    def _compile(self) -> None:
        rows = [r for r in self.patterns if r["label"] == "ACTION"]
        self.roles = {r["pattern"]: r.get("id", "act") for r in rows}
        self.verbs = alternation(tuple(self.roles))
        self.adverbs = alternation(tuple(r["pattern"] for r in self.adverb_rows))

    def __call__(self, doc: Doc) -> Doc:
        f = findings(doc)
        text = doc.text
        subjects = {m.start: m.end for m in f.mentions if m.label in ("AGENCY", "PLACE")}
        for i, sent in enumerate(f.structure.sentences):
            if sent.heading and sent.heading.problem:
                continue
            for s, e in _clauses(text, sent.body_start, sent.end):
                clause = self._clause(text, s, e, i, subjects)
                if clause:
                    f.actions.append(clause)
        return doc

    def _clause(self, text: str, s: int, e: int, sentence: int, subjects: dict[int, int]) -> ActionClause | None:
        s = _skip_subject(text, s, e, subjects)
        verb = self.verbs.search(text, s, min(e, s + _VERB_WINDOW))
        if not verb or not self._opens(text, s, verb.start()):
            return None
        start = verb.start()
        adv = self.adverbs.search(text, s, start)
        while adv and adv.end() <= start:
            if not text[adv.end():start] or self.adverbs.match(text, adv.end()):
                start = adv.start()
                break
            adv = self.adverbs.search(text, adv.end(), start)
        end = min(e, start + _MAX_LABEL)
        if end - start < 3:
            return None
        return ActionClause(start, end, text[start:end], verb.group(0), sentence,
                            self.roles.get(verb.group(0), "act"))


    def _opens(self, text: str, s: int, verb: int) -> bool:
        """The verb opens the clause: only adverbs, or a subject ending in a role, stand before it."""
        pos = s
        while pos < verb:
            m = self.adverbs.match(text, pos, verb)
            if not m:
                break
            pos = m.end()
        return pos == verb or _SUBJECT_HEAD.search(text, s, verb) is not None \
            or _NAMED_SUBJECT.fullmatch(text, pos, verb) is not None


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for i in range(start, end):
        if text[i] in _CLAUSE_END:
            if i > s:
                out.append((s, i))
            s = i + 1
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _skip_subject(text: str, s: int, e: int, subjects: dict[int, int]) -> int:
    """Step over a leading time phrase, connectives and named subjects (市委、市政府…)."""
    while s < e:
        m = _LEADING.match(text, s, e)
        if m and m.end() > s:
            s = m.end()
            continue
        if s in subjects:
            s = subjects[s]
            while s < e and text[s] in "、和及与暨":
                s += 1
            continue
        break
    return s
