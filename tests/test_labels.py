"""One label rule for every lookup in govkg.graph: `govkg viz` and `govkg analyze` find the same goals."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace

from govkg.graph.feeds import feeders
from govkg.graph.labels import find_nodes, normalise_label
from govkg.graph.projection import to_networkx
from govkg.graph.viz import goal_tree
from govkg.ontology.namespace import GK

EX = Namespace("https://example.org/")


def one_goal(label: str) -> Graph:
    """A goal labelled `label` and one action that contributes to it."""
    g = Graph()
    for triple in [(EX.goal, RDF.type, GK.Goal), (EX.goal, RDFS.label, Literal(label)),
                   (EX.act, RDF.type, GK.Action), (EX.act, RDFS.label, Literal("精简审批事项")),
                   (EX.act, GK.contributesTo, EX.goal)]:
        g.add(triple)
    return g


@pytest.mark.parametrize("stored, asked", [
    ("调整优化 政府职能", "调整优化政府职能"),  # a label broken over a line in the report
    ("调整优化政府职能", "调整优化\u3000政府职能"),  # a full-width space typed by the user
    ("调整优化政府职能（试行）", " 调整优化政府职能(试行) "),  # full-width brackets, spaces at the ends
])
def test_viz_and_analyze_find_the_same_goal(stored, asked):
    graph = one_goal(stored)
    tree = goal_tree(graph, asked)  # what govkg viz draws
    assert [goal["iri"] for goal in tree["goals"]] == [str(EX.goal)]
    assert [action["label"] for action in tree["goals"][0]["actions"]] == ["精简审批事项"]
    G = to_networkx(graph)  # what govkg analyze reads
    assert find_nodes(G, asked, "Goal") == [str(EX.goal)]
    assert [row["node"] for row in feeders(G, asked)] == [str(EX.act)]


def test_labels_differing_in_more_than_space_and_width_do_not_match():
    assert normalise_label("调整优化政府职能") != normalise_label("调整政府职能")
    assert find_nodes(to_networkx(one_goal("调整优化政府职能")), "调整政府职能", "Goal") == []
