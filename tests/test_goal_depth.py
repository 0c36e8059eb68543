"""gk:goalDepth: the writer's depth of each goal in its report's goal tree, and actions-feeding-goal's
``depth`` read from it, checked against counting the gk:subGoalOf steps on the six sample reports."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from govkg.graph.store import open_store
from govkg.queries import library, run

GK = "https://w3id.org/govkg/def#"

# The question as it was before gk:goalDepth: `depth` counted as the goals on the path from
# ?via_goal up to ?goal_iri. The same header and columns; only the WHERE's end and the grouping differ.
COUNTED = """PREFIX gk: <https://w3id.org/govkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?goal ?report ?goal_iri (COUNT(DISTINCT ?step) AS ?depth) ?via_goal ?via_outline ?via_label
       ?kind ?node ?node_label ?link
WHERE {
  ?goal_iri a gk:Goal ;
            rdfs:label|skos:altLabel ?goal ;
            gk:inReport ?report .
  ?via_goal gk:subGoalOf* ?goal_iri .
  {
    ?node gk:contributesTo ?via_goal .
    BIND("contributesTo" AS ?link)
  } UNION {
    ?action gk:contributesTo ?via_goal ; gk:implements ?node .
    BIND("implements" AS ?link)
  } UNION {
    ?action gk:contributesTo ?via_goal ; gk:produces ?node .
    BIND("produces" AS ?link)
  }
  ?node a ?kind_iri .
  FILTER(?kind_iri IN (gk:Action, gk:Program, gk:Policy))
  BIND(STRAFTER(STR(?kind_iri), STR(gk:)) AS ?kind)
  OPTIONAL { ?node rdfs:label ?node_label . }
  OPTIONAL { ?via_goal gk:outlineNumber ?via_outline . }
  OPTIONAL { ?via_goal rdfs:label ?via_label . }
  OPTIONAL {
    ?via_goal gk:subGoalOf/gk:subGoalOf* ?step .
    FILTER EXISTS { ?step gk:subGoalOf* ?goal_iri . }
  }
}
GROUP BY ?goal ?report ?goal_iri ?via_goal ?via_outline ?via_label ?kind ?node ?node_label ?link
ORDER BY ?report ?goal_iri ?depth ?via_outline ?via_goal ?kind ?node ?link
"""


@pytest.fixture(scope="module")
def store(sample_store):
    with open_store(sample_store) as kg:
        yield kg.store


def goal_labels(store: ox.Store) -> list[str]:
    q = f"SELECT DISTINCT ?label WHERE {{ ?g a <{GK}Goal> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
    return sorted(row["label"].value for row in store.query(q, use_default_graph_as_union=True))


def test_each_goal_has_one_parent_at_most_and_a_depth_one_more_than_its_parent(store):
    rows = list(store.query(f"""SELECT ?g ?depth (COUNT(?p) AS ?parents) (SAMPLE(?pd) AS ?parent_depth) WHERE {{
        ?g a <{GK}Goal> . OPTIONAL {{ ?g <{GK}goalDepth> ?depth }}
        OPTIONAL {{ ?g <{GK}subGoalOf> ?p . OPTIONAL {{ ?p <{GK}goalDepth> ?pd }} }}
    }} GROUP BY ?g ?depth""", use_default_graph_as_union=True))
    assert len(rows) >= 50  # the six reports' goals, each once: one depth a goal
    tops = 0
    for row in rows:
        depth, parents = int(row["depth"].value), int(row["parents"].value)
        assert parents <= 1, row["g"]
        if parents == 0:
            assert depth == 0, row["g"]
            tops += 1
        else:
            assert depth == int(row["parent_depth"].value) + 1, row["g"]
    assert 6 <= tops < len(rows)  # a tree at least per report, and some goals nest


def test_depth_from_goal_depths_gives_the_rows_of_counting_the_steps(store):
    spec = library()["actions-feeding-goal"]
    counted = dataclasses.replace(spec, text=COUNTED)
    labels = goal_labels(store)
    assert len(labels) >= 50
    deeper = 0
    for label in labels:
        new, old = run(store, spec, {"goal": label}), run(store, counted, {"goal": label})
        assert new.columns == old.columns
        assert new.rows == old.rows, label
        deeper += sum(1 for row in new.rows if row[new.columns.index("depth")] >= 2)
    assert deeper > 0  # paths of two steps or more were compared, not only direct contributions
