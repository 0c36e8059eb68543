"""kill -9 during `govkg build`: every report in the store is then either absent or whole, and a new build ends
with the store a clean build gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govkg.graph.store import open_store

CORPUS = Path(__file__).parent / "data" / "corpus"
# Seconds after the start at which the build is killed: while the pipeline loads, between reports, near the end.
KILL_AFTER = (2.0, 6.0, 10.0)


def graphs(store: Path) -> dict[str, frozenset]:
    """Each named graph of a store: IRI -> its triples (as N-Triples terms)."""
    with open_store(store) as kg:
        return {g.value: frozenset((str(q.subject), str(q.predicate), str(q.object))
                                   for q in kg.store.quads_for_pattern(None, None, None, g))
                for g in kg.store.named_graphs()}


def build(store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "govkg.cli", "build", str(CORPUS), "--store", str(store),
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
        left = graphs(store)
        assert set(left) <= set(clean)
        for iri, triples in left.items():
            assert triples == clean[iri], f"{iri}: a report cut short (killed after {after} s)"
    assert build(store).wait(300) == 0  # the lock is free again, and the build completes the store
    assert graphs(store) == clean
