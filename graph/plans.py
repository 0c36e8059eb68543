"""Did a year's plans show up as done in the next report of the same jurisdiction?

A plan is an action with ``gk:status gk:Planned`` in report R (jurisdiction
J, ``gk:inPlace``); its ``gk:period`` Y is the year it is for (else R's
``gk:year`` + 1).  It is held against the report of J whose ``gk:year`` is Y
-- the report that reviews Y -- and there against every action that report
says was done or is going on (``gk:Completed``, ``gk:Ongoing``).  Headings
change from year to year (抓实… becomes 强化…), so they are no test; a plan
and a done action are compared by what they mean:

- **words**: both labels are segmented with jieba; stop words, generic verbs
  and adverbs (推进, 加强, 进一步) and the verbs of a verb class are set aside,
  and the remaining words are weighed by their inverse document frequency
  over the actions of the two reports, so that a rare word (述法, 八五普法)
  counts more than a common one (执法).  ``words`` is the weighted cosine of
  the two word sets;
- **act**: the kind of act, from the verb classes of both labels (制定, 出台,
  印发 are all ``issue``; 建设, 建成 ``build``).  A shared class adds `ACT_BONUS`
  to the score, but only where the words overlap too: the same act on
  another object is not the plan;
- **link**: both actions produce the same policy (``gk:produces``) or carry out
  the same program (``gk:implements``).  That adds `LINK_BONUS`.

The score is ``words + act + link``, capped at 1, and the plan's verdict is
``done`` at `DONE` or more, ``partly done`` at `PARTLY` or more, else ``no
evidence``.  The thresholds were set on hand-judged plans of three series of
reports (``benchmarks/followthrough_judged.tsv``).  A plan whose jurisdiction
has no report for its year is ``no later report``: nothing can be said.

The word lists (verb classes, generic verbs, stop words) are data in
``extractor/patterns/followthrough.jsonl`` (lines ``{"label": "VERB",
"pattern": "出台", "id": "issue"}``, ``GENERIC``, ``STOP``), which a user can
extend and pass as `patterns`.

`plan_follow_through` reads a store or an RDF graph and returns plain rows;
`derive_follow_through` writes the same results into the named graph
`DERIVED_GRAPH`, which ``queries/planned-actions-followup.rq`` reads.  Both go
one plan report at a time, with it and its later report in memory: a
judgement depends on these two reports only (the IDF too), so a build judges
again only what its reports can change, and the same reports give the same
graph whatever the build order (docs/model.md "Follow-through").
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import re
import unicodedata
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.graph import ConjunctiveGraph

from ..errors import ReportNotFound
from ..extractor.patterns import default_patterns_path, read_patterns
from ..extractor.tokenizer import words
from ..ontology.namespace import GK, ID, NIF
from .derived import DerivedGraph
from .shared import FOLLOW_THROUGH_ANSWERS

__all__ = ["DONE", "PARTLY", "ACT_BONUS", "LINK_BONUS", "SENTENCE_WEIGHT", "DERIVED_GRAPH", "VERDICTS", "Lexicon", "lexicon",
           "match_score", "model_stamp", "plan_follow_through", "derive_follow_through",
           "follow_through_quads", "note_changing", "pending", "current", "actions_input"]

#: Least score for a plan to be ``done``.
DONE = 0.5
#: Least score for a plan to be ``partly done``.
PARTLY = 0.3
#: What a shared verb class adds (only where the words overlap).
ACT_BONUS = 0.15
#: What the same policy or program adds.
LINK_BONUS = 0.25
#: What the words of the done action's sentence count for, against its own label's.
SENTENCE_WEIGHT = 0.7
#: The named graph that holds the derived follow-through links.
DERIVED_GRAPH = str(ID["derived/follow-through"])
# Quads written between two flushes of the store: RocksDB keeps writes in memory until a flush
# (about 7 bytes per byte written, graph/build.py); 50,000 judgement quads are about 8 MB.
_FLUSH_QUADS = 50_000
#: The version of the scoring below: raise it when a change of code judges otherwise (`model_stamp`).
MODEL_VERSION = "2"
DONE_V, PARTLY_V, NONE_V, NO_LATER = "done", "partly done", "no evidence", "no later report"
#: The verdicts, strongest first.
VERDICTS = (DONE_V, PARTLY_V, NONE_V, NO_LATER)

_GK = str(GK._NS)
_NIF = str(NIF)
_PROV = "http://www.w3.org/ns/prov#"
_GRAPH_NODE = ox.NamedNode(DERIVED_GRAPH)
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LATER = ox.NamedNode(_GK + "laterReport")
_DERIVED_FROM = ox.NamedNode(_PROV + "wasDerivedFrom")
_DERIVED = DerivedGraph(DERIVED_GRAPH)
_HAN_OR_WORD = re.compile(r"[\w\u4e00-\u9fff]")


# --------------------------------------------------------------------------- words


@dataclass(frozen=True)
class Lexicon:
    """The word lists the matcher uses: verb classes, generic words, stop words.

    Examples
    --------
    >>> lex = Lexicon.from_patterns([{"label": "VERB", "pattern": "出台|制定", "id": "issue"},
    ...                              {"label": "GENERIC", "pattern": "加快"}, {"label": "STOP", "pattern": "的"}])
    >>> lex.verb_classes["制定"], "加快" in lex.ignored, "的" in lex.ignored
    (frozenset({'issue'}), True, True)
    """

    verb_classes: dict[str, frozenset[str]] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()

    @classmethod
    def from_patterns(cls, rows: Iterable[dict]) -> Lexicon:
        classes: dict[str, set[str]] = defaultdict(set)
        ignored: set[str] = set()
        for row in rows:
            for word in filter(None, row["pattern"].split("|")):
                if row["label"] == "VERB":
                    classes[word].add(row.get("id") or word)
                elif row["label"] in ("GENERIC", "STOP"):
                    ignored.add(word)
        return cls({w: frozenset(c) for w, c in classes.items()}, frozenset(ignored))


@lru_cache(maxsize=4)
def lexicon(path: str | None = None) -> Lexicon:
    """The lexicon in a pattern file (default: the bundled ``followthrough.jsonl``), read once."""
    return Lexicon.from_patterns(read_patterns(path or default_patterns_path("followthrough.jsonl")))


@lru_cache(maxsize=16384)
def _segment(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text)
    return tuple(t for t in words(text) if _HAN_OR_WORD.search(t))


def _analyse(label: str, verb: str | None, lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The label's content words and the verb classes of its verbs (the cue verb included)."""
    words, acts = set(), set(lex.verb_classes.get(verb or "", ()))
    for token in _segment(label):
        if token in lex.verb_classes:
            acts |= lex.verb_classes[token]
        elif token not in lex.ignored and not token.isdigit() and (len(token) > 1 or not token.isascii()):
            # One Han character is kept only when it is not a function word (those are STOP words).
            words.add(token)
    return frozenset(words), frozenset(acts)


# --------------------------------------------------------------------------- the actions


@dataclass
class _Action:
    iri: str
    report: str
    status: str
    label: str = ""
    verb: str | None = None
    period: int | None = None
    sentence: str | None = None
    links: set[str] = field(default_factory=set)
    begin: int | None = None
    in_plans_part: bool = False
    words: frozenset[str] = frozenset()
    sentence_words: frozenset[str] = frozenset()
    acts: frozenset[str] = frozenset()


# One report's actions and year headings, where a store has no named graph for the report (an rdflib
# graph read into one default graph); `_from_graph` reads a report's own graph faster.
_ACTIONS = f"""
PREFIX gk: <{_GK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <{_NIF}>
SELECT ?a ?status ?label ?verb ?period ?sentence ?begin ?link WHERE {{
  ?a a gk:Action ; gk:inReport REPORT ; gk:status ?status .
  OPTIONAL {{ ?a rdfs:label ?label }}
  OPTIONAL {{ ?a gk:verb ?verb }}
  OPTIONAL {{ ?a gk:period ?period }}
  OPTIONAL {{ ?a gk:evidence ?s . ?s nif:anchorOf ?sentence . OPTIONAL {{ ?s nif:beginIndex ?begin }} }}
  OPTIONAL {{ ?a gk:produces|gk:implements ?link }}
}}"""

# Headings that name a year: the plans part of a report reviewing 2023 starts at its first heading
# naming a later year (二、2024年目标任务和主要工作); an action after it is a plan whatever status its
# clause got, and an action there is no evidence that last year's plan was done.
_YEAR_HEADINGS = f"""
PREFIX gk: <{_GK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <{_NIF}>
SELECT ?heading ?begin WHERE {{
  ?goal a gk:Goal ; gk:inReport REPORT ; gk:headingLevel ?level ; rdfs:label ?heading ;
        gk:evidence/nif:beginIndex ?begin .
  FILTER(REGEX(?heading, "(19|20)[0-9][0-9]年"))
}}"""


_NAMED_YEAR = re.compile(r"((?:19|20)\d\d)年")
_P = {name: ox.NamedNode(_GK + name) for name in
      ("inReport", "Action", "Goal", "status", "verb", "period", "evidence", "produces", "implements", "headingLevel")}
_P.update(type=ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
          label=ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
          anchorOf=ox.NamedNode(_NIF + "anchorOf"), beginIndex=ox.NamedNode(_NIF + "beginIndex"))


def _scoped(query: str, report: str) -> str:
    """The query on one report (its IRI serialised by Oxigraph, not by hand)."""
    return query.replace("REPORT", str(ox.NamedNode(report)))


_REPORTS = f"""
PREFIX gk: <{_GK}>
SELECT ?report ?year ?place WHERE {{
  ?report a gk:Report .
  OPTIONAL {{ ?report gk:year ?year }}
  OPTIONAL {{ ?report gk:inPlace ?place }}
}}"""


def _year(term) -> int | None:
    if term is None:
        return None
    match = re.match(r"-?\d+", term.value)
    return int(match.group()) if match else None


def _oxigraph(source) -> tuple[ox.Store, dict]:
    """An Oxigraph store to query and the options that make it read the union of the graphs."""
    if isinstance(source, ox.Store):
        return source, {"use_default_graph_as_union": True}
    if hasattr(source, "store") and isinstance(source.store, ox.Store):  # a KnowledgeStore
        return source.store, {"use_default_graph_as_union": True}
    if isinstance(source, (Graph, ConjunctiveGraph)):
        store = ox.Store()
        store.load(source.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store, {}
    raise TypeError(f"expected a KnowledgeStore, a pyoxigraph.Store or an rdflib Graph, not {type(source).__name__}")


class _Reports(dict):
    """The reports by IRI, each ``{"year": int | None, "places": set}``, and by place."""

    def __init__(self, rows: dict[str, dict]):
        super().__init__(rows)
        self.by_place: dict[str, list[str]] = defaultdict(list)
        for report in sorted(self):
            for place in self[report]["places"]:
                self.by_place[place].append(report)

    def of_places(self, places: Iterable[str]) -> list[str]:
        """The reports of any of these places, sorted."""
        return sorted({r for place in places for r in self.by_place.get(place, ())})

    def has_later(self, report: str) -> bool:
        """Whether a report of its place reviews a later year than it does (else no plan of it has a later report)."""
        year = self[report]["year"]
        return year is not None and any((self[r]["year"] or year) > year for r in self.of_places(self[report]["places"]))


def _read_reports(store: ox.Store, options: dict) -> _Reports:
    """Every report's year and places: one short row a report, the only thing read of all of them."""
    reports: dict[str, dict] = {}
    for row in store.query(_REPORTS, **options):
        info = reports.setdefault(row["report"].value, {"year": None, "places": set()})
        year = _year(row["year"])
        if year is not None and (info["year"] is None or year < info["year"]):
            info["year"] = year  # several values (a union that disagrees): the smallest, as the projection does
        if row["place"] is not None:
            info["places"].add(row["place"].value)
    return _Reports(reports)


def _only(query: str, reports: Iterable[str] | None) -> str:
    """The query restricted to some reports by a VALUES block (IRIs serialised by Oxigraph, not by hand)."""
    if reports is None:
        return query
    values = " ".join(str(ox.NamedNode(r)) for r in sorted(reports))
    head, brace, body = query.partition("WHERE {")
    return f"{head}{brace}\n  VALUES ?report {{ {values} }}{body}"


def _note(act: _Action, status: str | None = None, label: str | None = None, verb: str | None = None,
          period: int | None = None, sentence: tuple[int, str] | None = None, link: str | None = None) -> None:
    """Take one more thing the data says of an action; where it says several, the least, whatever the order."""
    if status is not None:
        act.status = min(act.status, status)
    if label is not None and (not act.label or label < act.label):
        act.label = label
    if verb is not None and (act.verb is None or verb < act.verb):
        act.verb = verb
    if period is not None and (act.period is None or period < act.period):
        act.period = period
    if sentence is not None and (act.sentence is None or sentence < (act.begin, act.sentence)):
        act.begin, act.sentence = sentence  # the first sentence in the text is the evidence shown
    if link is not None:
        act.links.add(link)


def _from_query(store: ox.Store, options: dict, report: str) -> tuple[dict[str, _Action], list[tuple[str, int]]]:
    """A report's actions and its year headings (label, begin) by SPARQL, on a store without the report's graph."""
    actions: dict[str, _Action] = {}
    for row in store.query(_scoped(_ACTIONS, report), **options):
        iri, status = row["a"].value, row["status"].value.rsplit("#", 1)[-1]
        act = actions.setdefault(iri, _Action(iri, report, status))
        sentence = None
        if row["sentence"] is not None:
            sentence = (int(row["begin"].value) if row["begin"] is not None else 0, row["sentence"].value)
        _note(act, status, _value(row["label"]), _value(row["verb"]), _year(row["period"]), sentence,
              _value(row["link"]))
    headings = [(row["heading"].value, int(row["begin"].value))
                for row in store.query(_scoped(_YEAR_HEADINGS, report), **options)]
    return actions, headings


def _from_graph(store: ox.Store, report: str) -> tuple[dict[str, _Action], list[tuple[str, int]]]:
    """The same from the report's named graph, read a predicate at a time: twice as fast as the query.

    The query joins row by row, one index lookup each; reading the few
    predicates it needs in the graph's own range and joining here costs
    about one lookup a predicate.
    """
    graph = ox.NamedNode(report)

    def pairs(name: str, value=None):
        return ((q.subject, q.object) for q in store.quads_for_pattern(None, _P[name], value, graph))

    mine = {s for s, _ in pairs("inReport", graph)}
    goals = {s for s, _ in pairs("type", _P["Goal"]) if s in mine}
    kind = {s for s, _ in pairs("type", _P["Action"]) if s in mine}
    actions: dict[str, _Action] = {}
    for s, o in sorted(pairs("status"), key=str):
        if s in kind:
            status = o.value.rsplit("#", 1)[-1]
            _note(actions.setdefault(s.value, _Action(s.value, report, status)), status)
    headed = {s for s, _ in pairs("headingLevel")} & goals
    wanted = headed | {ox.NamedNode(iri) for iri in actions}
    evidence = defaultdict(list)
    for s, o in pairs("evidence"):
        if s in wanted:
            evidence[o].append(s)
    begins = defaultdict(list)
    for s, o in pairs("beginIndex"):
        if s in evidence:
            begins[s].append(int(o.value))
    for s, o in pairs("anchorOf"):
        for node in evidence.get(s, ()):
            if node.value in actions:
                for begin in begins.get(s) or [0]:
                    _note(actions[node.value], sentence=(begin, o.value))
    starts = defaultdict(list)
    for e, nodes in evidence.items():
        for node in nodes:
            if node in headed:
                starts[node] += begins.get(e, [])
    headings = []
    for s, o in pairs("label"):
        if s.value in actions:
            _note(actions[s.value], label=o.value)
        elif s in headed and _NAMED_YEAR.search(o.value):
            headings += [(o.value, begin) for begin in starts[s]]
    for name, field in (("verb", "verb"), ("period", "period"), ("produces", "link"), ("implements", "link")):
        for s, o in pairs(name):
            if s.value in actions:
                _note(actions[s.value], **{field: _year(o) if field == "period" else o.value})
    return actions, headings


def actions_input(report: str, ntriples: str, store: ox.Store | None = None) -> bytes:
    """What judging reads of one report (its actions and year headings), from its N-Triples as the extractor
    made them: `derive_follow_through`'s ``known``.

    A build's workers make it, so that the writer does not read each report it wrote back from the store
    (the reading was half the derivation on 179 reports), nor segment its actions' labels and sentences:
    they are analysed here with the bundled lexicon, whose `model_stamp` goes with them (a derivation with
    other word lists analyses them again). It is read as from the stored graph: the descriptions of shared
    nodes that the store moves out of the report's graph describe no action, goal or sentence.
    ``store``: ``ntriples`` already loaded in memory into the graph ``report``.

    Examples
    --------
    >>> nt = ('<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/govkg/def#Action> .\\n'
    ...       '<urn:a> <https://w3id.org/govkg/def#inReport> <urn:r> .\\n'
    ...       '<urn:a> <https://w3id.org/govkg/def#status> <https://w3id.org/govkg/def#Planned> .\\n'
    ...       '<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "制定年度立法计划" .\\n')
    >>> actions, headings, model = pickle.loads(actions_input("urn:r", nt))
    >>> actions["urn:a"].status, actions["urn:a"].label, sorted(actions["urn:a"].words), headings
    ('Planned', '制定年度立法计划', ['立法', '计划'], [])
    """
    if store is None:
        store = ox.Store()
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(report))
    actions, headings = _from_graph(store, report)
    lex = lexicon()
    for act in actions.values():
        _analyse_action(act, lex)
    return pickle.dumps((actions, headings, model_stamp(lex)), protocol=pickle.HIGHEST_PROTOCOL)


def _analyse_action(act: _Action, lex: Lexicon) -> None:
    """Give ``act`` the words and verb classes of its label, and a done action the words of its sentence."""
    act.words, act.acts = _analyse(act.label, act.verb, lex)
    if act.status != "Planned" and act.sentence:
        act.sentence_words = _analyse(act.sentence, None, lex)[0]


def _read_actions(store: ox.Store, options: dict, report: str, year: int | None) -> list[_Action]:
    """The actions of one report, sorted by IRI, each knowing whether it stands in the report's plans part."""
    if _holds(store, ox.NamedNode(report)):
        actions, headings = _from_graph(store, report)
    else:
        actions, headings = _from_query(store, options, report)
    return _placed(actions, headings, year)


def _placed(actions: dict[str, _Action], headings: list[tuple[str, int]], year: int | None) -> list[_Action]:
    """The actions sorted by IRI, each knowing whether it stands in the plans part the headings open."""
    plans_start = None
    for heading, begin in headings:
        named = [int(y) for y in _NAMED_YEAR.findall(heading)]
        if year is not None and named and min(named) > year and (plans_start is None or begin < plans_start):
            plans_start = begin
    for act in actions.values():
        act.in_plans_part = plans_start is not None and act.begin is not None and act.begin >= plans_start
    return [actions[iri] for iri in sorted(actions)]


def _value(term) -> str | None:
    return term.value if term is not None else None


@dataclass
class _Report:
    """One report's actions, analysed, and an index of those that count as done (built when first asked)."""

    iri: str
    actions: list[_Action]
    _index: dict[str, list[_Action]] | None = None

    def done_index(self) -> dict[str, list[_Action]]:
        """The done actions outside the plans part, by their index keys, words of the sentence and links."""
        if self._index is None:
            self._index = defaultdict(list)
            for act in self.actions:
                if act.status in ("Completed", "Ongoing") and not act.in_plans_part:
                    for key in _keys(act.words) | act.sentence_words | act.links:
                        self._index[key].append(act)
        return self._index


class _Reader:
    """Reports read and analysed one at a time, the last few kept.

    Judging a report's plans needs that report and the one reviewing their
    year, never more: taken in IRI order (place, then year), the later report
    of one is the plan report of the next, so a short memory reads each
    report about once and memory stays flat however large the store.
    """

    def __init__(self, store: ox.Store, options: dict, reports: _Reports, lex: Lexicon, keep: int = 4,
                 known: Mapping[str, bytes] | None = None):
        self._store, self._options, self._reports, self._lex, self._keep = store, options, reports, lex, keep
        self._known = known
        self._model = model_stamp(lex)  # what the workers' analyses must have been made with to be used
        self._kept: OrderedDict[str, _Report] = OrderedDict()

    def __call__(self, iri: str) -> _Report:
        if iri in self._kept:
            self._kept.move_to_end(iri)
            return self._kept[iri]
        year = self._reports.get(iri, {}).get("year")
        analysed = False
        if self._known is not None and iri in self._known:  # made by `actions_input` from the graph stored
            kept = pickle.loads(self._known[iri])
            actions = _placed(kept[0], kept[1], year)
            analysed = kept[2:] == (self._model,)  # by this lexicon (older inputs: not analysed)
        else:
            actions = _read_actions(self._store, self._options, iri, year)
        if not analysed:
            for act in actions:
                _analyse_action(act, self._lex)
        report = self._kept[iri] = _Report(iri, actions)
        if len(self._kept) > self._keep:
            self._kept.popitem(last=False)
        return report


# --------------------------------------------------------------------------- scoring


def _idf(actions: Iterable[_Action]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    n = 0
    for act in actions:
        n += 1
        for w in act.words:
            df[w] += 1
    return {w: math.log((n + 1) / (d + 1)) + 1.0 for w, d in df.items()}


def _overlap(a: str, b: str) -> float:
    """How far two words are the same: 1 when equal, the length ratio when one holds the other (商业街区, 商业街)."""
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    return len(short) / len(long) if len(short) >= 2 and short in long else 0.0


def _closest(word: str, done: set[str], joined: str) -> tuple[float, str | None]:
    """The word of `done` closest to `word` by `_overlap`, without comparing every pair."""
    if word in done:
        return 1.0, word
    found = []
    if len(word) >= 2 and word in joined:  # some done word holds it
        found += [(_overlap(word, v), v) for v in done if word in v]
    found += [(ratio, sub) for ratio, sub in _parts(word) if sub in done]
    return max(found, key=lambda f: (f[0], [-ord(ch) for ch in f[1]]), default=(0.0, None))


@lru_cache(maxsize=2**14)
def _parts(word: str) -> tuple[tuple[float, str], ...]:
    """The pieces of two characters or more that `_closest` looks for in the done words, each with its share
    of the word's length: made once a word (each plan word is held against every candidate of its plan)."""
    return tuple((len(sub) / len(word), sub) for sub in {word[i:j] for i in range(len(word))
                                                        for j in range(i + 2, len(word))})


def _coverage(plan: set[str], done: set[str], idf: dict[str, float]) -> tuple[float, float, int]:
    """The plan's weight covered by `done`, the weight of what `done` adds, and how many plan words matched."""
    covered, used, hits = 0.0, set(), 0
    joined = "\x00".join(sorted(done))
    for w in sorted(plan):
        best, match = _closest(w, done, joined)
        if best > 0:
            covered += idf.get(w, 1.0) ** 2 * best
            used.add(match)
            hits += 1
    extra = sum(idf.get(v, 1.0) ** 2 for v in done - used)
    return covered, extra, hits


def match_score(plan_words: Iterable[str], done_words: Iterable[str], idf: dict[str, float], *,
                plan_acts: Iterable[str] = (), done_acts: Iterable[str] = (), plan_links: Iterable[str] = (),
                done_links: Iterable[str] = (), sentence_words: Iterable[str] = ()) -> tuple[float, list[str]]:
    """The score of a done action as evidence for a plan, and what it rests on.

    Parameters
    ----------
    plan_words, done_words : iterable of str
        Content words of the two labels.  A word matches itself, or a word
        that holds it or that it holds (商业街 and 商业街区, by their length ratio).
    idf : dict
        Word weights; a word not in it weighs 1.
    plan_acts, done_acts : iterable of str
        Verb classes of the two labels.
    plan_links, done_links : iterable of str
        The policies and programs the two actions produce or implement.
    sentence_words : iterable of str
        Content words of the done action's whole sentence: a result often
        stands beside the verb (钢铁环保绩效A级企业数量排在全国第一).  They count
        at `SENTENCE_WEIGHT`, and only when they hold two of the plan's words.

    Returns
    -------
    (float, list of str)
        The score (0 to 1, rounded to 3 places) and the sorted reasons among
        ``"words"``, ``"sentence"``, ``"act"``, ``"link"``.

    Examples
    --------
    >>> match_score({"述法", "基层"}, {"述法", "基层", "延伸"}, {"述法": 2.0, "基层": 1.0, "延伸": 1.0},
    ...             plan_acts={"extend"}, done_acts={"extend"})
    (1.0, ['act', 'words'])
    >>> match_score({"立法", "计划"}, {"执法", "培训"}, {}, plan_acts={"issue"}, done_acts={"issue"})
    (0.0, [])
    >>> match_score({"条例"}, {"规章"}, {}, plan_links={"p"}, done_links={"p"})
    (0.25, ['link'])
    """
    a, b, c = set(plan_words), set(done_words), set(sentence_words)
    reasons, words = [], 0.0
    covered, extra, _ = _coverage(a, b, idf)
    if covered:
        # The share of the plan's weight the done action covers, discounted by half of what it adds:
        # a long done clause that mentions one of the plan's words is weak evidence of the plan.
        words = covered / (sum(idf.get(w, 1.0) ** 2 for w in a) + 0.5 * extra)
        reasons.append("words")
    if c:
        covered, extra, hits = _coverage(a, c, idf)
        in_sentence = SENTENCE_WEIGHT * covered / sum(idf.get(w, 1.0) ** 2 for w in a) if hits >= 2 else 0.0
        if in_sentence > words:
            words = in_sentence
            reasons.append("sentence")
    score = words
    if words and set(plan_acts) & set(done_acts):
        reasons.append("act")
        score += ACT_BONUS
    if set(plan_links) & set(done_links):
        reasons.append("link")
        score += LINK_BONUS
    return round(min(score, 1.0), 3), sorted(reasons)


def _keys(words: Iterable[str]) -> set[str]:
    """Index keys: the words and their first two characters, so that 商业街 finds 商业街区."""
    return {k for w in words for k in (w, w[:2])}


def _verdict(score: float) -> str:
    return DONE_V if score >= DONE else PARTLY_V if score >= PARTLY else NONE_V


def _later_report(plan: _Action, reports: _Reports) -> str | None:
    """The report of the plan's jurisdiction whose reviewed year is the plan's year (first by IRI)."""
    info = reports.get(plan.report)
    if not info or info["year"] is None:
        return None
    year = plan.period if plan.period is not None and plan.period > info["year"] else info["year"] + 1
    return next((r for r in reports.of_places(info["places"]) if r != plan.report and reports[r]["year"] == year),
                None)


def _judge(plan_report: str, reports: _Reports, read: _Reader) -> list[dict]:
    """The rows of one report's plans, each held against the report reviewing its year.

    What a row says depends on the two reports and on which report of the
    place reviews the year (`_later_report`), nothing else: the IDF is over
    the actions of the pair.
    """
    own = read(plan_report)
    year = reports.get(plan_report, {}).get("year")
    pairs: dict[str, tuple[dict[str, float], dict[str, list[_Action]]]] = {}
    later_of: dict[int | None, str | None] = {}
    rows = []
    for plan in own.actions:
        if plan.status != "Planned":
            continue
        if plan.period not in later_of:
            later_of[plan.period] = _later_report(plan, reports)
        later = later_of[plan.period]
        row = {"report": plan.report, "year": year, "plan": plan.label, "plan_sentence": plan.sentence,
               "match": None, "match_sentence": None, "score": None, "verdict": NO_LATER,
               "later_report": later, "reasons": [], "plan_action": plan.iri, "match_action": None}
        if later is not None:
            if later not in pairs:
                other = read(later)
                pairs[later] = (_idf(own.actions + other.actions), other.done_index())
            idf, index = pairs[later]
            candidates = {a.iri: a for key in _keys(plan.words) | plan.links for a in index.get(key, ())}
            best = None
            for iri in sorted(candidates):
                act = candidates[iri]
                score, reasons = match_score(plan.words, act.words, idf, plan_acts=plan.acts, done_acts=act.acts,
                                             plan_links=plan.links, done_links=act.links,
                                             sentence_words=act.sentence_words)
                if best is None or score > best[0]:  # ties go to the smaller IRI
                    best = (score, reasons, act)
            score, reasons, act = best if best else (0.0, [], None)
            row.update(score=score, verdict=_verdict(score), reasons=reasons)
            if act is not None and score > 0:
                row.update(match=act.label, match_sentence=act.sentence, match_action=act.iri)
        rows.append(row)
    rows.sort(key=_row_order)
    return rows


def _row_order(row: dict) -> tuple:
    return row["report"], row["plan"] or "", row["plan_action"]


def plan_follow_through(source, *, report_year: int | None = None, patterns: str | Path | None = None) -> list[dict]:
    """Match each plan with what the next report of its jurisdiction says was done.

    Parameters
    ----------
    source : KnowledgeStore, pyoxigraph.Store or rdflib.Graph
        The reports (a store reads the union of its graphs).
    report_year : int, optional
        Only the plans of reports reviewing this year; all plans when omitted.
    patterns : path, optional
        A pattern file with the verb classes and ignored words (default: the
        bundled ``followthrough.jsonl``).

    Returns
    -------
    list of dict
        One dict per plan, sorted by report, plan label and IRI, with keys
        ``report``, ``year`` (the report's gk:year), ``plan`` (label),
        ``plan_sentence``, ``match`` (the best done action's label, None when
        no done action shares anything), ``match_sentence``, ``score`` (None
        without a later report), ``verdict`` (``done``, ``partly done``, ``no
        evidence``, ``no later report``), ``later_report``, ``reasons``
        (``words``, ``act``, ``link``), ``plan_action`` and ``match_action``
        (the IRIs).

    Raises
    ------
    ReportNotFound
        When `report_year` is given, there are reports, and none reviews that year.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix gk: <https://w3id.org/govkg/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix : <https://example.org/> .
    ... :r1 a gk:Report ; gk:year 2023 ; gk:inPlace :city .
    ... :r2 a gk:Report ; gk:year 2024 ; gk:inPlace :city .
    ... :plan a gk:Action ; rdfs:label "推动领导干部述法向基层延伸" ; gk:status gk:Planned ; gk:inReport :r1 .
    ... :done a gk:Action ; rdfs:label "领导干部述法延伸至乡镇基层" ; gk:status gk:Completed ; gk:inReport :r2 .
    ... ''')
    >>> [(r["plan"], r["match"], r["score"], r["verdict"]) for r in plan_follow_through(g)]
    [('推动领导干部述法向基层延伸', '领导干部述法延伸至乡镇基层', 0.819, 'done')]
    """
    store, options = _oxigraph(source)
    reports = _read_reports(store, options)
    if report_year is not None and reports and not any(r["year"] == report_year for r in reports.values()):
        years = sorted({str(r["year"]) for r in reports.values() if r["year"] is not None})
        raise ReportNotFound(str(report_year), "Report", years)
    read = _Reader(store, options, reports, lexicon(str(patterns) if patterns else None))
    rows = []
    for report in sorted(reports):
        if report_year is None or reports[report]["year"] == report_year:
            rows += _judge(report, reports, read)
    rows.sort(key=_row_order)
    return rows


# --------------------------------------------------------------------------- the derived graph


def follow_through_quads(rows: Iterable[dict]) -> list[ox.Quad]:
    """The derived links of `plan_follow_through` rows, as quads in `DERIVED_GRAPH`.

    Each plan with a later report gets a node ``{plan}/follow-through`` (a
    ``gk:FollowThrough``) with ``gk:plan``, ``gk:laterReport``, ``gk:verdict``,
    ``gk:score``, ``prov:wasDerivedFrom`` the plan's report (so that a change
    of that report finds its judgements by one index lookup) and, when
    something matched, ``gk:matchedAction``.  Plans without a later report get
    nothing: the query says so itself.

    Examples
    --------
    >>> rows = [{"report": "https://example.org/r1", "plan_action": "https://example.org/r1/p",
    ...          "later_report": "https://example.org/r2", "verdict": "done", "score": 0.8,
    ...          "match_action": "https://example.org/r2/d"}]
    >>> len(follow_through_quads(rows))
    7
    """
    graph = ox.NamedNode(DERIVED_GRAPH)
    gk = lambda name: ox.NamedNode(_GK + name)  # noqa: E731
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    quads = []
    for row in rows:
        if row["later_report"] is None:
            continue
        node = ox.NamedNode(row["plan_action"] + "/follow-through")
        quads += [ox.Quad(node, _RDF_TYPE, gk("FollowThrough"), graph),
                  ox.Quad(node, gk("plan"), ox.NamedNode(row["plan_action"]), graph),
                  ox.Quad(node, gk("laterReport"), ox.NamedNode(row["later_report"]), graph),
                  ox.Quad(node, _DERIVED_FROM, ox.NamedNode(row["report"]), graph),
                  ox.Quad(node, gk("verdict"), ox.Literal(row["verdict"]), graph),
                  ox.Quad(node, gk("score"), ox.Literal(str(Decimal(str(row["score"] or 0))), datatype=decimal),
                          graph)]
        if row.get("match_action"):
            quads.append(ox.Quad(node, gk("matchedAction"), ox.NamedNode(row["match_action"]), graph))
    return quads


def model_stamp(lex: Lexicon) -> str:
    """What names the model that judged: the version of this module's scoring, its constants, the word lists.

    `DERIVED_GRAPH` carries it (``owl:versionInfo``); an incremental
    derivation into a graph made by another model would mix two models, so
    it judges every plan again instead.

    Examples
    --------
    >>> model_stamp(lexicon()) == model_stamp(lexicon()), model_stamp(lexicon()) == model_stamp(Lexicon())
    (True, False)
    """
    parts = [MODEL_VERSION, DONE, PARTLY, ACT_BONUS, LINK_BONUS, SENTENCE_WEIGHT,
             sorted((w, sorted(c)) for w, c in lex.verb_classes.items()), sorted(lex.ignored)]
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    return f"follow-through {MODEL_VERSION} {digest}"


def _holds(store: ox.Store, graph: ox.NamedNode) -> bool:
    return next(store.quads_for_pattern(None, None, None, graph), None) is not None


def note_changing(kg, reports: Iterable[str]) -> None:
    """Record, before they are written, that ``reports`` change: a build killed before it judges them leaves
    the record, and the next `derive_follow_through` judges them as if this build had (`pending`)."""
    _DERIVED.note_changing(kg, reports)


def current(kg) -> bool:
    """Whether the judgements were made whole by the current model: False after a derivation stopped midway
    (it drops the graph, its records of pending reports with it, before it makes it again) or never run."""
    return _DERIVED.stamp(kg.store) == model_stamp(lexicon())


def pending(kg) -> list[str]:
    """The reports a build recorded as changing (`note_changing`) and no derivation has judged since."""
    return _DERIVED.pending(kg)


_PLAN_PERIODS = f"""
PREFIX gk: <{_GK}>
SELECT DISTINCT ?report ?period WHERE {{
  ?a gk:inReport ?report ; gk:status gk:Planned ; gk:period ?period .
}}"""


def _to_judge(store: ox.Store, reports: _Reports, changed: set[str]) -> set[str]:
    """The reports whose plans a change to `changed` (built or removed) can judge otherwise.

    Those reports themselves; the reports whose plans were judged against one
    of them (found in `DERIVED_GRAPH` by ``gk:laterReport``); and the earlier
    reports of a changed report's place that plan for its year (the year
    before it always, an earlier one when a plan's ``gk:period`` names the
    year), since it may be their later report now.  Nothing else is read.
    """
    todo = {c for c in changed if c in reports}
    for c in sorted(changed):
        for judged in store.quads_for_pattern(None, _LATER, ox.NamedNode(c), _GRAPH_NODE):
            for plan_report in store.quads_for_pattern(judged.subject, _DERIVED_FROM, None, _GRAPH_NODE):
                if plan_report.object.value in reports:
                    todo.add(plan_report.object.value)
    ahead: dict[str, set[int]] = defaultdict(set)  # an earlier report: the years a plan must name to matter
    for c in sorted(changed & set(reports)):
        year = reports[c]["year"]
        for report in sorted(set(reports.of_places(reports[c]["places"])) - todo):
            earlier = reports[report]["year"]
            if year is None or earlier is None or earlier >= year:
                continue
            if earlier == year - 1:
                todo.add(report)
            else:
                ahead[report].add(year)
    ahead = {r: years for r, years in ahead.items() if r not in todo}
    if ahead:
        for row in store.query(_only(_PLAN_PERIODS, ahead), use_default_graph_as_union=True):
            if _year(row["period"]) in ahead[row["report"].value]:
                todo.add(row["report"].value)
    return todo


def _drop_judgements(store: ox.Store, report: str) -> None:
    """Remove the judgements of one report's plans, found by ``prov:wasDerivedFrom``."""
    if next(store.quads_for_pattern(None, _DERIVED_FROM, ox.NamedNode(report), _GRAPH_NODE), None) is None:
        return
    store.update(f"""DELETE {{ GRAPH <{DERIVED_GRAPH}> {{ ?judged ?p ?o }} }}
        WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?judged <{_PROV}wasDerivedFrom> {ox.NamedNode(report)} ; ?p ?o }} }}""")


def _drop_answers(store: ox.Store, report: str | None = None) -> None:
    """Remove the stored answers made from the judgements of ``report``'s plans (of every report when
    None): the store never holds an answer older than the judgements (queries/answers.py makes them again)."""
    subject = f"{ox.NamedNode(report)}" if report else "?report"
    store.update(f"""DELETE {{ GRAPH ?g {{ {subject} <{GK.storedAnswer}> ?answer }} }}
        WHERE {{ GRAPH ?g {{ {subject} <{GK.storedAnswer}> ?answer }} FILTER(STRSTARTS(STR(?g), "{FOLLOW_THROUGH_ANSWERS}")) }}""")


def derive_follow_through(kg, *, changed: Iterable[str] | None = None, patterns: str | Path | None = None,
                          known: Mapping[str, bytes] | None = None) -> int:
    """Judge the plans of the store again into `DERIVED_GRAPH`, one report at a time.

    ``govkg build`` calls this with the reports it stored, ``govkg derive``
    without, after a change of the pattern file.  Either way a report's plans
    are judged with that report and the one reviewing their year in memory,
    no more, and the result is the same whatever the order the reports were
    built in, and whether built at once or one by one.

    Parameters
    ----------
    kg : KnowledgeStore
        A store opened writable.
    changed : iterable of str, optional
        Report IRIs built or removed since the last run: only the plans of
        these reports, of those judged against them and of the earlier
        reports of their places that plan for their year are judged again
        (see `_to_judge`); a removed report's judgements go.  The other links
        are kept, unless the graph was made by another model (`model_stamp`).
        All plans when omitted (the graph is then rebuilt from nothing).
    patterns : path, optional
        As for `plan_follow_through`.
    known : mapping of str to bytes, optional
        Report IRI → `actions_input` of the report's graph as it is stored (a build passes those it
        wrote): read instead of the store.

    Returns
    -------
    int
        The number of plans judged that have a later report (and so a link).
    """
    kg._require_writable()
    lex = lexicon(str(patterns) if patterns else None)
    store, options = kg.store, {"use_default_graph_as_union": True}
    waiting = pending(kg)  # recorded by a build killed before it judged them
    if changed is not None:
        changed = set(changed) | set(waiting)
    stamp = model_stamp(lex)
    reports = _read_reports(store, options)
    if changed is not None and (_DERIVED.holds(store) or reports) and _DERIVED.stamp(store) != stamp:
        changed = None  # made by another model, by a derivation stopped midway, or never: from nothing
    if changed is None:
        store.update(f"DROP SILENT GRAPH <{DERIVED_GRAPH}>")
        _drop_answers(store)
        todo, gone = set(reports), set()
    else:
        changed = set(changed)
        todo, gone = _to_judge(store, reports, changed), changed - set(reports)
        if not todo and not gone:
            _DERIVED.clear_pending(store, waiting)
            return 0
    _DERIVED.set_stamp(store, None)  # until the end: a derivation killed midway is redone whole
    read = _Reader(store, options, reports, lex, known=known)
    judged = unflushed = 0
    for report in sorted(todo | gone):
        _drop_answers(store, report)
        _drop_judgements(store, report) if changed is not None else None
        if report in gone or not reports.has_later(report):
            continue  # no report of its place reviews a later year: none of its plans gets a judgement
        rows = _judge(report, reports, read)
        quads = follow_through_quads(rows)
        if quads:
            store.extend(quads)
        judged += sum(1 for r in rows if r["later_report"] is not None)
        unflushed += len(quads)
        if unflushed > _FLUSH_QUADS:
            kg.flush()
            unflushed = 0
    _DERIVED.set_stamp(store, stamp)
    _DERIVED.clear_pending(store, waiting)
    if unflushed:
        kg.flush()
    return judged
