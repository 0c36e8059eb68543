"""govkg audit: the signals read back from a store, on hand-made report graphs with known answers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from govkg.cli import main
from govkg.graph.audit import audit_store, is_organ_label
from govkg.graph.store import open_store

PREFIXES = """
@prefix gk: <https://w3id.org/govkg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/govkg/id/> .
"""


def _report(name: str, *, place: str | None, year: str | None, places: list[tuple[str, str | None]] = (),
            agencies: list[str] = (), headings: int = 0, observations: int = 0) -> str:
    r = f"<https://w3id.org/govkg/id/report/{name}>"
    lines = [f"{r} a gk:Report ; dcterms:title \"{name}政府工作报告\" ."]
    if year:
        lines.append(f'{r} gk:year "{year}"^^xsd:gYear .')
    if place:
        lines.append(f'{r} gk:inPlace <https://w3id.org/govkg/id/place/{place}> .')
        lines.append(f'<https://w3id.org/govkg/id/place/{place}> a gk:Place ; rdfs:label "{place}" .')
    s = f"<{r[1:-1]}/sentence/0-10>"
    lines.append(f"{s} a gk:Sentence ; gk:inReport {r} .")
    for label, code in places:
        node = f"<https://w3id.org/govkg/id/place/{code or label}>"
        lines.append(f'{node} a gk:Place ; rdfs:label "{label}" ; gk:evidence {s} .')
        if code:
            lines.append(f'{node} gk:divisionCode "{code}" .')
    for label in agencies:
        lines.append(f'<https://w3id.org/govkg/id/agency/{label}> a gk:Agency ; rdfs:label "{label}" ; '
                     f'gk:evidence {s} .')
    for i in range(headings):
        lines.append(f'<{r[1:-1]}/goal/{i + 1}> a gk:Goal ; gk:headingLevel 1 ; gk:inReport {r} .')
    for i in range(observations):
        lines.append(f'<{r[1:-1]}/observation/{i}-{i + 1}> a gk:Observation ; gk:inReport {r} .')
    return PREFIXES + "\n".join(lines)


@pytest.fixture
def store(tmp_path):
    from rdflib import Graph

    graphs = [
        _report("甲市/2023/a", place="甲市", year="2023", places=[("乙县", "130608"), ("实施乡", None)],
                agencies=["甲市司法局", "市长"], headings=3, observations=2),
        _report("甲市/2023/b", place="甲市", year="2023", headings=1),
        _report("无名/2023/c", place=None, year=None),
    ]
    path = tmp_path / "kg"
    with open_store(path, writable=True) as kg:
        for ttl in graphs:
            kg.replace_report(Graph().parse(data=ttl, format="turtle"))
    return path


def test_audit_counts_and_flags_what_each_report_holds(store):
    with open_store(store) as kg:
        result = audit_store(kg)
    by_name = {r.report.rsplit("/report/", 1)[1]: r for r in result.reports}
    a = by_name["甲市/2023/a"]
    assert (a.jurisdiction, a.year, a.headings, a.observations) == ("甲市", 2023, 3, 2)
    assert (a.places, a.places_confirmed) == (2, 1)
    assert "place the gazetteer does not know: 实施乡" in a.suspicious
    assert "agency label the organ grammar rejects: 市长" in a.suspicious
    assert not any("甲市司法局" in s for s in a.suspicious)
    # Two reports of one jurisdiction and year share an identity; the unplaced one is flagged.
    assert a.shares_identity_with == [by_name["甲市/2023/b"].report]
    c = by_name["无名/2023/c"]
    assert "no jurisdiction" in c.suspicious and "no year" in c.suspicious
    totals = result.totals
    assert (totals["reports"], totals["with jurisdiction"], totals["places confirmed share"]) == (3, 2, 0.5)
    assert totals["reports sharing an identity"] == 2


def test_audit_command_prints_totals_and_suspicious_items(store):
    out = CliRunner().invoke(main, ["audit", "--store", str(store), "--show"])
    assert out.exit_code == 0, out.output
    assert "places confirmed share" in out.output
    assert "甲市/2023/a: place the gazetteer does not know: 实施乡" in out.output
    data = json.loads(CliRunner().invoke(main, ["audit", "--store", str(store), "--format", "json"]).output)
    assert data["totals"]["reports"] == 3


def test_audit_of_a_missing_store_is_one_line():
    out = CliRunner().invoke(main, ["audit", "--store", "no/such/store"])
    assert out.exit_code == 1 and "does not exist" in out.output


@pytest.mark.parametrize("label, ok", [("南阳市司法局", True), ("河北省委", True), ("国务院", True),
                                       ("中共中央", True), ("市长", False), ("南阳市", False)])
def test_organ_grammar_judges_agency_labels(label, ok):
    assert is_organ_label(label) is ok


def test_a_year_after_the_reports_own_date_is_suspect_but_a_later_web_page_is_not(tmp_path):
    from rdflib import Graph

    def dated(name, year, issued, source):
        r = f"<https://w3id.org/govkg/id/report/{name}>"
        return PREFIXES + (f'{r} a gk:Report ; gk:year "{year}"^^xsd:gYear ; dcterms:issued "{issued}"^^xsd:date ; '
                           f'gk:issuedSource "{source}" ; gk:numbersInText 12 .')

    with open_store(tmp_path / "kg", writable=True) as kg:
        for ttl in (dated("a/2024/x", 2024, "2023-03-01", "congress line"),  # reviews a year after delivery
                    dated("b/2019/x", 2019, "2023-03-01", "header line"),  # a page published years later
                    dated("c/2019/x", 2019, "2023-03-01", "congress line")):  # delivered 2023, reviews 2019
            kg.replace_report(Graph().parse(data=ttl, format="turtle"))
    with open_store(tmp_path / "kg") as kg:
        found = {r.report.rsplit("/report/", 1)[1]: r for r in audit_store(kg).reports}
    assert any("outside the report's own dates" in s for s in found["a/2024/x"].suspicious)
    assert not any("outside" in s for s in found["b/2019/x"].suspicious)
    assert any("outside" in s for s in found["c/2019/x"].suspicious)
    assert found["b/2019/x"].numbers_in_text == 12
