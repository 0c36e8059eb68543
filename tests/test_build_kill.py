"""kill -9 during `govkg build`: every report in the store is then either absent or whole, and a new build ends
with the store a clean build gives."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govkg.graph.shared import ANSWERS_PREFIX, DERIVED_PREFIX, SHARED_GRAPH, is_report_graph
from govkg.graph.store import open_store

CORPUS = Path(__file__).parent / "data" / "corpus"
# Seconds after the start at which the build is killed: while the pipeline loads, between reports (the six
# sample reports are written from about 2.5 s to 4.5 s on this machine), while it judges and stores answers,
# after the end.
KILL_AFTER = (2.0, 3.0, 4.0, 6.0, 10.0)


def graphs(store: Path) -> dict[str, frozenset]:
    """Each named graph of a store: IRI -> its triples (as N-Triples terms)."""
    with open_store(store) as kg:
        return {g.value: frozenset((str(q.subject), str(q.predicate), str(q.object))
                                   for q in kg.store.quads_for_pattern(None, None, None, g))
                for g in kg.store.named_graphs()}


def build(store: Path, corpus: Path = CORPUS) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "govkg.cli", "build", str(corpus), "--store", str(store),
                             "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, frozenset]:
    store = tmp_path_factory.mktemp("clean") / "kg"
    assert build(store).wait(300) == 0
    return graphs(store)


@pytest.mark.slow
@pytest.mark.parametrize("after", KILL_AFTER)
def test_a_build_killed_keeps_each_report_whole_or_absent(clean, tmp_path, after):
    store = tmp_path / "kg"
    process = build(store)
    time.sleep(after)
    killed = process.poll() is None
    if killed:
        os.killpg(process.pid, signal.SIGKILL)  # the build and its workers, as a power cut would
    process.wait(30)
    if store.exists() and (store / "oxigraph").exists():
        check_partial(graphs(store), clean, f"killed after {after} s")
    assert build(store).wait(300) == 0  # the lock is free again, and the build completes the store
    assert graphs(store) == clean


# The same, killed at a known point: right after the third report is stored (the timed kills above mostly
# land before the first write or after the last, the six sample reports being written within a second).
KILL_AFTER_THIRD = """
import os, signal, sys
from govkg.graph.build import build_reports
from govkg.graph.store import open_store
from govkg.queries.precompute import report_answers

def stop(result, seen=[]):
    seen.append(result)
    if len(seen) == 3:
        os.killpg(os.getpgid(0), signal.SIGKILL)

with open_store(sys.argv[1], writable=True) as kg:
    build_reports(kg, [sys.argv[2]], answers=report_answers, on_result=stop)
"""


@pytest.mark.slow
def test_a_build_killed_after_three_reports_holds_them_whole_with_their_answers(clean, tmp_path):
    store = tmp_path / "kg"
    process = subprocess.Popen([sys.executable, "-c", KILL_AFTER_THIRD, str(store), str(CORPUS)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    assert process.wait(120) == -signal.SIGKILL
    left = graphs(store)
    assert len([iri for iri in left if is_report_graph(iri)]) == 3
    check_partial(left, clean, "killed after the third report")
    assert build(store).wait(300) == 0
    assert graphs(store) == clean


# -- staged builds (graph/staging.py), forced on the six sample reports: batches of about one report, and the store
# switched to the staging database every few reports (STAGED) or once at the end (STAGED_ONCE)
STAGED = """
import sys
import govkg.graph.build as build
build._STAGE_AFTER, build._BATCH, build._SEGMENT = 0, 100_000, {segment}
{patch}
from govkg.cli import main
main(["build", sys.argv[2], "--store", sys.argv[1], "--jobs", "1", "--no-progress"])
"""
# kill -9 the build (and its workers) at a known point of the staging
KILL_AFTER_TWO_LOADS = """
import os, signal
from govkg.graph.store import KnowledgeStore
load = KnowledgeStore.load_staged
def load_and_stop(self, loads=[]):
    loaded = load(self)
    loads.append(loaded)
    if sum(1 for batch in loads if batch) == 2:
        os.killpg(os.getpgid(0), signal.SIGKILL)
    return loaded
KnowledgeStore.load_staged = load_and_stop
"""
KILL_AFTER_SWITCH = """
import os, signal
import govkg.graph.store as store
def stop(path, **options):  # the marker names the new database; the old one is still there
    os.killpg(os.getpgid(0), signal.SIGKILL)
store.shutil.rmtree = stop
"""


def staged_build(store: Path, corpus: Path = CORPUS, *, segment: int = 300_000, patch: str = "") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", STAGED.format(segment=segment, patch=patch), str(store), str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def opens(store: Path) -> bool:
    """Whether a build killed has made the store yet (its marker, and the database it names)."""
    from govkg.graph.staging import database_name, read_marker

    from govkg.graph.store import StoreError

    if not ((store / "govkg-store.json").exists() and (store / database_name(read_marker(store))).exists()):
        return False
    try:  # a build killed while Oxigraph created the database has not made the store yet
        open_store(store).close()
    except StoreError:
        return False
    return True


def databases(store: Path) -> list[str]:
    return sorted(p.name for p in store.iterdir() if p.name.startswith("oxigraph"))


@pytest.fixture
def grown(tmp_path) -> tuple[Path, Path, dict[str, frozenset]]:
    """A store of three of the six sample reports, the folder now holding all six, and what a clean build of
    that folder stores."""
    folder, store = tmp_path / "reports", tmp_path / "kg"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    assert build(store, folder).wait(300) == 0
    assert len([iri for iri in graphs(store) if is_report_graph(iri)]) == 3
    for path in sorted(CORPUS.glob("*.txt"))[3:]:
        shutil.copy(path, folder / path.name)
    assert build(tmp_path / "clean", folder).wait(300) == 0
    return folder, store, graphs(tmp_path / "clean")


@pytest.mark.slow
def test_a_staged_build_stores_what_a_clean_build_does(clean, tmp_path):
    store = tmp_path / "kg"
    assert staged_build(store).wait(300) == 0
    assert graphs(store) == clean and databases(store) not in (["oxigraph"], ["oxigraph-1"])


@pytest.mark.slow
def test_a_staged_build_killed_leaves_the_store_it_began_with(grown):
    folder, store, clean = grown
    before = graphs(store)
    # the six reports staged, killed after two batches are in the staging database: nothing was switched to
    process = staged_build(store, folder, segment=10**9, patch=KILL_AFTER_TWO_LOADS)
    assert process.wait(120) == -signal.SIGKILL
    assert databases(store) == ["oxigraph", "oxigraph-1"]  # the store's, and the staging one left behind
    assert graphs(store) == before  # opens, and holds what it held, quad for quad
    assert build(store, folder).wait(300) == 0  # the next build removes the leftover and completes the store
    assert graphs(store) == clean and databases(store) == ["oxigraph"]


@pytest.mark.slow
def test_a_staged_build_killed_after_its_switch_opens_at_the_new_database(grown):
    folder, store, clean = grown
    process = staged_build(store, folder, segment=10**9, patch=KILL_AFTER_SWITCH)
    assert process.wait(120) == -signal.SIGKILL
    assert databases(store) == ["oxigraph", "oxigraph-1"]  # the old database, not removed yet
    left = graphs(store)
    assert len([iri for iri in left if is_report_graph(iri)]) == 6
    check_partial(left, clean, "killed after the switch")  # every report whole; follow-through not judged yet
    assert build(store, folder).wait(300) == 0
    assert graphs(store) == clean and databases(store) == ["oxigraph-1"]


@pytest.mark.slow
@pytest.mark.parametrize("after", KILL_AFTER)
def test_a_staged_build_killed_keeps_each_report_whole_or_absent(clean, tmp_path, after):
    store = tmp_path / "kg"
    process = staged_build(store)
    time.sleep(after)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)
    if opens(store):
        check_partial(graphs(store), clean, f"staged, killed after {after} s")
    assert build(store).wait(300) == 0
    assert graphs(store) == clean and len(databases(store)) == 1


def check_partial(left: dict[str, frozenset], clean: dict[str, frozenset], when: str) -> None:
    """A store a build left: its reports whole, the shared graph part of the whole one, stored answers whole for
    each report the store holds and for no other; follow-through is judged last (and redone when cut)."""
    assert set(left) <= set(clean)
    reports = {iri for iri in left if is_report_graph(iri)}
    for iri, triples in left.items():
            if iri.startswith(ANSWERS_PREFIX):
                # stored answers: each report's whole, and only for a report the store holds
                for report in {t[0][1:-1] for t in triples}:
                    assert report in reports, f"{iri}: answers of {report}, which the store does not hold"
                    assert {t for t in triples if t[0] == f"<{report}>"} == {
                        t for t in clean[iri] if t[0] == f"<{report}>"}, f"{iri}: {report}'s answer cut short"
            elif iri == SHARED_GRAPH:
                assert triples <= clean[iri], f"{iri}: a description no whole build gives ({when})"
            elif not iri.startswith(DERIVED_PREFIX):
                assert triples == clean[iri], f"{iri}: a report cut short ({when})"


def _derived_texts(kind: str) -> tuple[dict[str, str], str, object, int]:
    """Two reports for a derived graph: file name → text, the graph, its `pending` and how many links it holds."""
    if kind == "follow-through":
        from test_plans_incremental import ANPING_2023, ANPING_2024

        from govkg.graph.plans import DERIVED_GRAPH, pending
        return {"anping-2023.txt": ANPING_2023, "anping-2024.txt": ANPING_2024}, DERIVED_GRAPH, pending, 3
    from test_targets_derived import PLAN, REVIEW

    from govkg.graph.targets import DERIVED_GRAPH, pending
    return {"plan.txt": PLAN, "review.txt": REVIEW}, DERIVED_GRAPH, pending, 6


@pytest.mark.slow
@pytest.mark.parametrize("kind,link", [("follow-through", "#verdict>"), ("target-results", "#met>")])
def test_reports_stored_by_a_build_killed_before_deriving_are_derived_by_the_next(tmp_path, kind, link):
    # follow-through: the 2023 plans judged against 2024; target-results: the six 2024 targets with a result
    texts_by_name, graph, pending, links = _derived_texts(kind)
    texts = tmp_path / "reports"
    texts.mkdir()
    for name, text in texts_by_name.items():
        (texts / name).write_text(text, encoding="utf-8")
    clean_store = tmp_path / "clean"
    assert subprocess.run([sys.executable, "-m", "govkg.cli", "build", str(texts), "--store", str(clean_store)],
                          capture_output=True).returncode == 0
    derived = graphs(clean_store)[graph]
    assert sum(link in t[1] for t in derived) == links
    store = tmp_path / "kg"
    script = KILL_AFTER_THIRD.replace("len(seen) == 3", "len(seen) == 2")  # both stored, none derived
    process = subprocess.Popen([sys.executable, "-c", script, str(store), str(texts)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    assert process.wait(120) == -signal.SIGKILL
    with open_store(store) as kg:
        assert len(pending(kg)) == 2
    # nothing changed since: the build derives them because they wait
    assert subprocess.run([sys.executable, "-m", "govkg.cli", "build", str(texts), "--store", str(store)],
                          capture_output=True).returncode == 0
    assert graphs(store)[graph] == derived
    with open_store(store) as kg:
        assert pending(kg) == []
