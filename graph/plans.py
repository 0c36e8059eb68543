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
`DERIVED_GRAPH`, which ``queries/planned-actions-followup.rq`` reads.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
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

__all__ = ["DONE", "PARTLY", "ACT_BONUS", "LINK_BONUS", "SENTENCE_WEIGHT", "DERIVED_GRAPH", "VERDICTS", "Lexicon", "lexicon",
           "match_score", "plan_follow_through", "derive_follow_through", "follow_through_quads"]

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
DONE_V, PARTLY_V, NONE_V, NO_LATER = "done", "partly done", "no evidence", "no later report"
#: The verdicts, strongest first.
VERDICTS = (DONE_V, PARTLY_V, NONE_V, NO_LATER)

_GK = str(GK._NS)
_NIF = str(NIF)
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


@lru_cache(maxsize=65536)
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


_ACTIONS = f"""
PREFIX gk: <{_GK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <{_NIF}>
SELECT ?a ?report ?status ?label ?verb ?period ?sentence ?begin ?link WHERE {{
  ?a a gk:Action ; gk:status ?status ; gk:inReport ?report .
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
SELECT ?report ?heading ?begin WHERE {{
  ?goal a gk:Goal ; gk:inReport ?report ; gk:headingLevel ?level ; rdfs:label ?heading ;
        gk:evidence/nif:beginIndex ?begin .
  FILTER(REGEX(?heading, "(19|20)[0-9][0-9]年"))
}}"""

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


def _read_reports(store: ox.Store, options: dict) -> dict[str, dict]:
    reports: dict[str, dict] = {}
    for row in store.query(_REPORTS, **options):
        info = reports.setdefault(row["report"].value, {"year": None, "places": set()})
        year = _year(row["year"])
        if year is not None and (info["year"] is None or year < info["year"]):
            info["year"] = year  # several values (a union that disagrees): the smallest, as the projection does
        if row["place"] is not None:
            info["places"].add(row["place"].value)
    return reports


def _only(query: str, reports: Iterable[str] | None) -> str:
    """The query restricted to some reports by a VALUES block (IRIs serialised by Oxigraph, not by hand)."""
    if reports is None:
        return query
    values = " ".join(str(ox.NamedNode(r)) for r in sorted(reports))
    head, brace, body = query.partition("WHERE {")
    return f"{head}{brace}\n  VALUES ?report {{ {values} }}{body}"


def _read(source, only: Iterable[str] | None = None) -> tuple[dict[str, dict], dict[str, _Action]]:
    """The reports, and the actions of all reports or of those in `only`."""
    store, options = _oxigraph(source)
    reports = _read_reports(store, options)
    actions: dict[str, _Action] = {}
    first_sentence: dict[str, int] = {}
    for row in store.query(_only(_ACTIONS, only), **options):
        iri, status = row["a"].value, row["status"].value.rsplit("#", 1)[-1]
        act = actions.setdefault(iri, _Action(iri, row["report"].value, status))
        if row["label"] is not None and (not act.label or row["label"].value < act.label):
            act.label = row["label"].value
        if row["verb"] is not None and (act.verb is None or row["verb"].value < act.verb):
            act.verb = row["verb"].value
        period = _year(row["period"])
        if period is not None and (act.period is None or period < act.period):
            act.period = period
        if row["sentence"] is not None:
            begin = int(row["begin"].value) if row["begin"] is not None else 0
            # The first sentence in the text is the evidence shown, whatever the row order.
            if iri not in first_sentence or (begin, row["sentence"].value) < (first_sentence[iri], act.sentence):
                first_sentence[iri], act.sentence, act.begin = begin, row["sentence"].value, begin
        if row["link"] is not None:
            act.links.add(row["link"].value)
    plans_start: dict[str, int] = {}
    for row in store.query(_only(_YEAR_HEADINGS, only), **options):
        report, begin = row["report"].value, int(row["begin"].value)
        year = reports.get(report, {}).get("year")
        named = [int(y) for y in re.findall(r"((?:19|20)\d\d)年", row["heading"].value)]
        if year is not None and named and min(named) > year and begin < plans_start.get(report, begin + 1):
            plans_start[report] = begin
    for act in actions.values():
        start = plans_start.get(act.report)
        act.in_plans_part = start is not None and act.begin is not None and act.begin >= start
    return reports, actions


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
    found += [(len(sub) / len(word), sub) for sub in {word[i:j] for i in range(len(word))
                                                      for j in range(i + 2, len(word))} if sub in done]
    return max(found, key=lambda f: (f[0], [-ord(ch) for ch in f[1]]), default=(0.0, None))


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


def _later_report(plan: _Action, reports: dict[str, dict]) -> str | None:
    """The report of the plan's jurisdiction whose reviewed year is the plan's year (first by IRI)."""
    info = reports.get(plan.report)
    if not info or info["year"] is None:
        return None
    year = plan.period if plan.period is not None and plan.period > info["year"] else info["year"] + 1
    later = sorted(r for r, other in reports.items()
                   if r != plan.report and other["year"] == year and info["places"] & other["places"])
    return later[0] if later else None


def _follow(reports: dict[str, dict], actions: dict[str, _Action], lex: Lexicon,
            report_year: int | None, plan_reports: set[str] | None = None) -> list[dict]:
    by_report: dict[str, list[_Action]] = defaultdict(list)
    for act in actions.values():
        act.words, act.acts = _analyse(act.label, act.verb, lex)
        if act.status != "Planned" and act.sentence:
            act.sentence_words = _analyse(act.sentence, None, lex)[0]
        by_report[act.report].append(act)
    rows = []
    pairs: dict[tuple[str, str], tuple[dict, dict]] = {}
    for plan in sorted(actions.values(), key=lambda a: a.iri):
        if plan.status != "Planned" or (plan_reports is not None and plan.report not in plan_reports):
            continue
        year = reports.get(plan.report, {}).get("year")
        if report_year is not None and year != report_year:
            continue
        later = _later_report(plan, reports)
        row = {"report": plan.report, "year": year, "plan": plan.label, "plan_sentence": plan.sentence,
               "match": None, "match_sentence": None, "score": None, "verdict": NO_LATER,
               "later_report": later, "reasons": [], "plan_action": plan.iri, "match_action": None}
        if later is not None:
            if (plan.report, later) not in pairs:
                done = [a for a in by_report[later]
                        if a.status in ("Completed", "Ongoing") and not a.in_plans_part]
                index: dict[str, list[_Action]] = defaultdict(list)
                for act in done:
                    for key in _keys(act.words) | act.sentence_words | act.links:
                        index[key].append(act)
                pairs[plan.report, later] = (_idf(by_report[plan.report] + by_report[later]), index)
            idf, index = pairs[plan.report, later]
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
    rows.sort(key=lambda r: (r["report"], r["plan"] or "", r["plan_action"]))
    return rows


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
    reports, actions = _read(source)
    if report_year is not None and reports and not any(r["year"] == report_year for r in reports.values()):
        years = sorted({str(r["year"]) for r in reports.values() if r["year"] is not None})
        raise ReportNotFound(str(report_year), "Report", years)
    return _follow(reports, actions, lexicon(str(patterns) if patterns else None), report_year)


# --------------------------------------------------------------------------- the derived graph


def follow_through_quads(rows: Iterable[dict]) -> list[ox.Quad]:
    """The derived links of `plan_follow_through` rows, as quads in `DERIVED_GRAPH`.

    Each plan with a later report gets a node ``{plan}/follow-through`` (a
    ``gk:FollowThrough``) with ``gk:plan``, ``gk:laterReport``, ``gk:verdict``,
    ``gk:score`` and, when something matched, ``gk:matchedAction``.
    Plans without a later report get nothing: the query says so itself.

    Examples
    --------
    >>> rows = [{"plan_action": "https://example.org/p", "later_report": "https://example.org/r2",
    ...          "verdict": "done", "score": 0.8, "match_action": "https://example.org/d"}]
    >>> len(follow_through_quads(rows))
    6
    """
    graph = ox.NamedNode(DERIVED_GRAPH)
    gk = lambda name: ox.NamedNode(_GK + name)  # noqa: E731
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    quads = []
    for row in rows:
        if row["later_report"] is None:
            continue
        node = ox.NamedNode(row["plan_action"] + "/follow-through")
        quads += [ox.Quad(node, rdf_type, gk("FollowThrough"), graph),
                  ox.Quad(node, gk("plan"), ox.NamedNode(row["plan_action"]), graph),
                  ox.Quad(node, gk("laterReport"), ox.NamedNode(row["later_report"]), graph),
                  ox.Quad(node, gk("verdict"), ox.Literal(row["verdict"]), graph),
                  ox.Quad(node, gk("score"), ox.Literal(str(Decimal(str(row["score"] or 0))), datatype=decimal),
                          graph)]
        if row.get("match_action"):
            quads.append(ox.Quad(node, gk("matchedAction"), ox.NamedNode(row["match_action"]), graph))
    return quads


def _affected(reports: dict[str, dict], changed: Iterable[str]) -> set[str]:
    """The reports whose plans a change to `changed` can judge differently: those, and the earlier ones of their places."""
    changed = set(changed)
    out = set(changed) & set(reports)
    for r, info in reports.items():
        for c in changed & set(reports):
            other = reports[c]
            if info["places"] & other["places"] and None not in (info["year"], other["year"]) \
                    and info["year"] < other["year"]:
                out.add(r)
    return out


def derive_follow_through(kg, *, changed: Iterable[str] | None = None, patterns: str | Path | None = None) -> int:
    """Judge the plans of the store again into `DERIVED_GRAPH`.

    ``govkg build`` calls this with the reports it stored, ``govkg derive``
    without, after a change of the pattern file.

    Parameters
    ----------
    kg : KnowledgeStore
        A store opened writable.
    changed : iterable of str, optional
        Report IRIs built or removed since the last run: only the plans of
        these reports and of the earlier reports of their places are judged
        again, the other links are kept.  All plans when omitted (the graph
        is then rebuilt from nothing).
    patterns : path, optional
        As for `plan_follow_through`.

    Returns
    -------
    int
        The number of plans judged that have a later report (and so a link).
    """
    kg._require_writable()
    lex = lexicon(str(patterns) if patterns else None)
    if changed is None:
        reports, actions = _read(kg)
        rows = _follow(reports, actions, lex, None)
        kg.store.update(f"DROP SILENT GRAPH <{DERIVED_GRAPH}>")
    else:
        reports = _read_reports(kg.store, {"use_default_graph_as_union": True})
        plan_reports = _affected(reports, changed)
        if not plan_reports:
            return 0
        later = {r for r, info in reports.items() for p in plan_reports
                 if info["places"] & reports[p]["places"] and (info["year"] or 0) > (reports[p]["year"] or 0)}
        _, actions = _read(kg, only=plan_reports | later)
        rows = _follow(reports, actions, lex, None, plan_reports=plan_reports)
        stale = " ".join(str(ox.Literal(r + "/")) for r in sorted(plan_reports))
        kg.store.update(f"""PREFIX gk: <{_GK}>
            DELETE {{ GRAPH <{DERIVED_GRAPH}> {{ ?judged ?p ?o }} }}
            WHERE {{ VALUES ?prefix {{ {stale} }}
                     GRAPH <{DERIVED_GRAPH}> {{ ?judged ?p ?o }}
                     FILTER(STRSTARTS(STR(?judged), ?prefix)) }}""")
    quads = follow_through_quads(rows)
    if quads:
        kg.store.extend(quads)
    if changed is None:  # a whole new graph; within a build, the build's own flushes keep memory flat
        kg.flush()
    return sum(1 for r in rows if r["later_report"] is not None)
