"""Did the plans of one year's report show up as done in the next year's report?

A planned action (status ``Planned``) of a report for year N is looked for
among the completed actions of the reports for year N+1 of the same
jurisdiction (the reports share a ``gk:inPlace`` place).  A completed action
matches when

- its label and the plan's share enough characters: the Jaccard index of
  their sets of character bigrams is at least `THRESHOLD`, or one label
  contains the other (the shorter having at least `MIN_CONTAINED`
  characters); labels are compared after NFKC normalisation without
  punctuation, symbols or spaces; or
- it serves a goal with the same label as one the plan serves.

When the graph holds no later report, nothing can be said: the result says
``"no later report"``, not that the plan was not carried out.
"""

from __future__ import annotations

import unicodedata

import networkx as nx

from .projection import ReportNotFound, neighbours, nodes_of_kind

__all__ = ["THRESHOLD", "MIN_CONTAINED", "bigram_jaccard", "plan_follow_through"]

#: Least character-bigram Jaccard index for two labels to match.
THRESHOLD = 0.5
#: Least length of a label found inside the other for the two to match.
MIN_CONTAINED = 4

MATCHED, NO_MATCH, NO_LATER_REPORT = "matched", "no match in later report", "no later report"


def _clean(label: str) -> str:
    text = unicodedata.normalize("NFKC", label)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else set(text)


def bigram_jaccard(a: str, b: str) -> float:
    """The Jaccard index of the character bigrams of two labels (punctuation ignored).

    Parameters
    ----------
    a, b : str

    Returns
    -------
    float
        Between 0 and 1; 0 when either label is empty.  A label of one
        character is its own single "bigram".

    Examples
    --------
    >>> bigram_jaccard("召开联席会议", "召开联席会")
    0.8
    >>> bigram_jaccard("“一网通办”", "一网通办")
    1.0
    """
    x, y = _bigrams(_clean(a)), _bigrams(_clean(b))
    return len(x & y) / len(x | y) if x and y else 0.0


def _contains(a: str, b: str) -> bool:
    a, b = _clean(a), _clean(b)
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_CONTAINED and short in long


def _goal_labels(G: nx.MultiDiGraph, action: str) -> set[str]:
    return {_clean(G.nodes[g].get("label") or "") for g in neighbours(G, action, "contributesTo")} - {""}


def _compare(G: nx.MultiDiGraph, plan: str, done: str) -> dict:
    """How a planned action and a completed one match: score, reasons, and a rank to maximise."""
    a, b = G.nodes[plan].get("label") or "", G.nodes[done].get("label") or ""
    score = bigram_jaccard(a, b)
    hits = {"bigrams": score >= THRESHOLD, "contains": _contains(a, b),
            "goal": bool(_goal_labels(G, plan) & _goal_labels(G, done))}
    reasons = sorted(name for name, hit in hits.items() if hit)
    by_label = hits["bigrams"] or hits["contains"]
    # Any reason beats none; a label match beats a goal-only match; then the score.
    # Candidates come in id order and max keeps the first of equals, so ties go to the smaller id.
    return {"action": done, "score": score, "reasons": reasons,
            "rank": (bool(reasons), by_label, hits["goal"], score)}


def plan_follow_through(G: nx.MultiDiGraph, *, report_year: int | None = None) -> list[dict]:
    """Match each planned action against the completed actions of the next year's report.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph from `govkg.graph.projection.to_networkx`, usually of
        several reports.
    report_year : int, optional
        Only the plans of reports for this year; all plans when omitted.

    Returns
    -------
    list of dict
        One dict per planned action, sorted by report then label, with keys
        ``action`` (node id), ``label``, ``report``, ``year`` (the report's);
        ``later_report`` (the year N+1 report of the same jurisdiction: the
        best match's when there are several, else the first by id; None
        when the graph has none); ``matched`` (bool); ``best_match`` and
        ``best_match_action`` (label and id of the best matching completed
        action; when none matches, of the closest by bigram Jaccard, or None
        if no completed action shares a bigram);
        ``score`` (the bigram Jaccard with that action, or the highest one
        when nothing is shown, rounded to 3 places; None when the later
        reports have no completed actions); ``match_by`` (the
        sorted reasons: ``"bigrams"``, ``"contains"``, ``"goal"``) and
        ``outcome``: ``"matched"``, ``"no match in later report"`` or
        ``"no later report"``.

    Raises
    ------
    ReportNotFound
        When `report_year` is given, the graph has reports, and none is for that year.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("市", kind="Place", label="某市")
    >>> G.add_node("r1", kind="Report", label="2023年报告", year=2023)
    >>> G.add_node("r2", kind="Report", label="2024年报告", year=2024)
    >>> G.add_node("plan", kind="Action", label="适时召开联席会议", status="Planned", report="r1")
    >>> G.add_node("done", kind="Action", label="召开联席会议", status="Completed", report="r2")
    >>> for u, v, key in [("r1", "市", "inPlace"), ("r2", "市", "inPlace")]:
    ...     _ = G.add_edge(u, v, key=key)
    >>> [(r["label"], r["matched"], r["best_match"], r["score"], r["match_by"])
    ...  for r in plan_follow_through(G, report_year=2023)]
    [('适时召开联席会议', True, '召开联席会议', 0.714, ['bigrams', 'contains'])]
    """
    reports = nodes_of_kind(G, "Report")
    if report_year is not None and reports and not any(G.nodes[r].get("year") == report_year for r in reports):
        years = sorted({str(G.nodes[r]["year"]) for r in reports if G.nodes[r].get("year") is not None})
        raise ReportNotFound(str(report_year), "Report", years)

    def year_of(report):
        return G.nodes[report].get("year") if report in G else None

    def places_of(report):
        return set(neighbours(G, report, "inPlace")) if report in G else set()

    completed: dict[str, list[str]] = {}
    for node, data in G.nodes(data=True):
        if data.get("kind") == "Action" and data.get("status") == "Completed" and data.get("report"):
            completed.setdefault(data["report"], []).append(node)

    rows = []
    for action in nodes_of_kind(G, "Action"):
        data = G.nodes[action]
        report = data.get("report")
        year = year_of(report)
        if data.get("status") != "Planned" or (report_year is not None and year != report_year):
            continue
        places = places_of(report)
        later = sorted(r for r in reports
                       if year is not None and G.nodes[r].get("year") == year + 1 and places & places_of(r))
        candidates = sorted(c for r in later for c in completed.get(r, []))
        best = max((_compare(G, action, c) for c in candidates), key=lambda m: m["rank"], default=None)
        matched = best is not None and bool(best["reasons"])
        # An unmatched closest action is worth showing only if it shares something.
        shown = best if best is not None and (matched or best["score"] > 0) else None
        rows.append({
            "action": action,
            "label": data.get("label"),
            "report": report,
            "year": year,
            "later_report": (G.nodes[shown["action"]]["report"] if shown else later[0]) if later else None,
            "matched": matched,
            "best_match": G.nodes[shown["action"]].get("label") if shown else None,
            "best_match_action": shown["action"] if shown else None,
            "score": round(best["score"], 3) if best else None,
            "match_by": best["reasons"] if best else [],
            "outcome": MATCHED if matched else NO_MATCH if later else NO_LATER_REPORT,
        })
    rows.sort(key=lambda r: (r["report"] or "", r["label"] or "", r["action"]))
    return rows
