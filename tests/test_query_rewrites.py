"""Edge cases of the library queries written for Oxigraph's planner (nested OPTIONALs, FILTER EXISTS):
they give the rows the plain formulation gives, on both engines."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Dataset, URIRef

from govkg.queries import library, run

# rdflib 7 warns on its own internal use of Dataset.default_context, once per triple matched.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*is deprecated:DeprecationWarning")

ID = "https://w3id.org/govkg/id/"
REPORT = ID + "report/甲市/2023/r"
LATER = ID + "report/甲市/2024/r"
FOLLOW = ID + "derived/follow-through"
PREFIXES = """@prefix gk: <https://w3id.org/govkg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix r: <https://w3id.org/govkg/id/report/甲市/2023/r/> .
@prefix l: <https://w3id.org/govkg/id/report/甲市/2024/r/> .
@prefix ag: <https://w3id.org/govkg/id/agency/> .
@prefix pl: <https://w3id.org/govkg/id/place/> .
@prefix ft: <https://w3id.org/govkg/id/ft/> .
"""

# One report: three actions of one agency, the evidence of one lacking its offset; goals g1 > g2 > g3;
# a node performed by the agency that is not an Action.
FIRST = PREFIXES + """
<https://w3id.org/govkg/id/report/甲市/2023/r> a gk:Report ; gk:year 2023 ; gk:inPlace pl:p1 .
ag:a a gk:Agency ; rdfs:label "甲市人民政府" .
r:a1 a gk:Action ; gk:performedBy ag:a ; gk:inReport <https://w3id.org/govkg/id/report/甲市/2023/r> ;
     rdfs:label "建成平台" ; gk:evidence r:s1 ; gk:contributesTo r:g3 ; gk:status gk:Planned .
r:s1 a nif:String ; nif:anchorOf "建成平台。" ; nif:beginIndex 10 .
r:a2 a gk:Action ; gk:performedBy ag:a ; gk:inReport <https://w3id.org/govkg/id/report/甲市/2023/r> ;
     rdfs:label "开展培训" ; gk:evidence r:s2 ; gk:contributesTo r:g1 ; gk:status gk:Planned .
r:s2 a nif:String ; nif:anchorOf "开展培训。" .
r:a3 a gk:Action ; gk:performedBy ag:a ; gk:inReport <https://w3id.org/govkg/id/report/甲市/2023/r> ;
     rdfs:label "完善制度" ; gk:status gk:Planned .
r:x gk:performedBy ag:a ; gk:inReport <https://w3id.org/govkg/id/report/甲市/2023/r> .
r:g1 a gk:Goal ; rdfs:label "总目标" ; gk:goalDepth 0 ; gk:inReport <https://w3id.org/govkg/id/report/甲市/2023/r> .
r:g2 a gk:Goal ; rdfs:label "分目标" ; gk:goalDepth 1 ; gk:subGoalOf r:g1 ; gk:inReport <https://w3id.org/govkg/id/report/甲市/2023/r> .
r:g3 a gk:Goal ; rdfs:label "子目标" ; gk:goalDepth 2 ; gk:subGoalOf r:g2 ; gk:inReport <https://w3id.org/govkg/id/report/甲市/2023/r> .
"""

# The follow-through graph: a1 judged fully, a2 by a judgement without a score (incomplete: not read).
JUDGED = PREFIXES + """
ft:j1 a gk:FollowThrough ; gk:plan r:a1 ; gk:laterReport <https://w3id.org/govkg/id/report/甲市/2024/r> ;
        gk:verdict "done" ; gk:score 0.9 ; gk:matchedAction l:b1 .
ft:j2 a gk:FollowThrough ; gk:plan r:a2 ; gk:laterReport <https://w3id.org/govkg/id/report/甲市/2024/r> ;
        gk:verdict "done" .
"""

LATER_TEXT = PREFIXES + """
<https://w3id.org/govkg/id/report/甲市/2024/r> a gk:Report ; gk:year 2024 ; gk:inPlace pl:p1 .
l:b1 a gk:Action ; rdfs:label "平台建成" ; gk:inReport <https://w3id.org/govkg/id/report/甲市/2024/r> .
"""


@pytest.fixture(scope="module")
def targets():
    ds = Dataset(default_union=True)
    store = ox.Store()
    for name, text in ((REPORT, FIRST), (FOLLOW, JUDGED), (LATER, LATER_TEXT)):
        ds.graph(URIRef(name)).parse(data=text, format="turtle")
        store.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(name))
    return store, ds


def both(targets, name, **params):
    store, ds = targets
    spec = library()[name]
    ox_rows, rdflib_rows = run(store, spec, params), run(ds, spec, params)
    assert ox_rows.rows == rdflib_rows.rows
    return [dict(zip(ox_rows.columns, row)) for row in ox_rows.rows]


def test_an_evidence_sentence_without_its_offset_gives_no_evidence(targets):
    rows = {r["action_label"]: r for r in both(targets, "agency-actions", agency="甲市人民政府")}
    assert (rows["建成平台"]["evidence"], rows["建成平台"]["begin"]) == ("建成平台。", 10)
    # the sentence and its offset are one group: without the offset, neither is given
    assert (rows["开展培训"]["evidence"], rows["开展培训"]["begin"]) == (None, None)
    assert (rows["完善制度"]["evidence"], rows["完善制度"]["begin"]) == (None, None)


def test_only_actions_are_counted_for_an_agency(targets):
    rows = both(targets, "agencies-ranked")
    assert [(r["agency_label"], r["actions"]) for r in rows] == [("甲市人民政府", 3)]


def test_depth_counts_the_steps_up_to_the_goal(targets):
    rows = both(targets, "actions-feeding-goal", goal="总目标")
    assert sorted((r["node_label"], r["depth"]) for r in rows) == [("建成平台", 2), ("开展培训", 0)]
    rows = both(targets, "actions-feeding-goal", goal="分目标")
    assert [(r["node_label"], r["depth"]) for r in rows] == [("建成平台", 1)]


def test_an_incomplete_judgement_is_not_read(targets):
    rows = {r["planned_label"]: r for r in both(targets, "planned-actions-followup", report=REPORT)}
    assert (rows["建成平台"]["verdict"], rows["建成平台"]["match_label"], rows["建成平台"]["score"]) == \
        ("done", "平台建成", Decimal("0.9"))
    # a judgement without a score is not one: the plan reads as not derived (a later report exists)
    assert (rows["开展培训"]["verdict"], rows["开展培训"]["later_report"]) == ("not derived", None)
    assert rows["完善制度"]["verdict"] == "not derived"


# Two reports whose IRIs are one the other's prefix, and a third that sorts between them by its text:
# agency-actions sorts reports by a key (the IRI's text and a space), which must order them as the IRIs.
SORTED = PREFIXES + """
ag:b a gk:Agency ; rdfs:label "乙市人民政府" .
<https://w3id.org/govkg/id/report/乙市/2023/r-b> a gk:Report .
<https://w3id.org/govkg/id/report/乙市/2023/r> a gk:Report .
<https://w3id.org/govkg/id/report/乙市/2023/r!> a gk:Report .
<https://w3id.org/govkg/id/b/1> a gk:Action ; gk:performedBy ag:b ; gk:inReport <https://w3id.org/govkg/id/report/乙市/2023/r-b> .
<https://w3id.org/govkg/id/b/2> a gk:Action ; gk:performedBy ag:b ; gk:inReport <https://w3id.org/govkg/id/report/乙市/2023/r> .
<https://w3id.org/govkg/id/b/3> a gk:Action ; gk:performedBy ag:b ; gk:inReport <https://w3id.org/govkg/id/report/乙市/2023/r!> .
"""


def test_agency_actions_are_in_report_iri_order_when_one_iri_is_the_others_prefix():
    store, ds = ox.Store(), Dataset(default_union=True)
    ds.graph(URIRef(ID + "g")).parse(data=SORTED, format="turtle")
    store.load(SORTED.encode("utf-8"), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ID + "g"))
    rows = both((store, ds), "agency-actions", agency="乙市人民政府")
    # "r" < "r!" < "r-b" by code point ("!" is 0x21, "-" 0x2d); a key that put "r" after "r!" would fail here
    assert [r["report"].rsplit("/", 1)[1] for r in rows] == ["r", "r!", "r-b"]
