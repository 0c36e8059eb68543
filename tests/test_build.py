"""Corpus builds: folders walked, parallel workers, incremental by content hash, failures isolated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from govkg.cli import main
from govkg.graph.build import build_reports
from govkg.graph.store import open_store

DATA = Path(__file__).parent / "data" / "corpus"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    for i, path in enumerate(sorted(DATA.glob("*.txt"))):
        folder = root / f"province-{i % 2}" / path.stem.split("-")[0]
        folder.mkdir(parents=True)
        shutil.copy(path, folder / path.name)
    (root / "junk").mkdir()
    (root / "junk" / "readme.txt").write_text("This folder holds reports downloaded in 2024.\n", encoding="utf-8")
    (root / "junk" / "empty.txt").write_bytes(b"")
    (root / "junk" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (root / "junk" / "notes.md").write_text("not a report suffix", encoding="utf-8")
    return root


def snapshot(store):
    with open_store(store) as kg:
        return {r.iri: (r.content_hash, r.triples) for r in kg.reports()}


def test_a_folder_build_names_each_failure_and_builds_the_rest(corpus, tmp_path):
    store = tmp_path / "kg"
    result = cli("build", corpus, "--store", store, "--no-progress")
    assert result.exit_code == 1
    assert "9 file(s)" in result.output and "6 built" in result.output and "3 failed" in result.output
    failed = [line for line in result.output.splitlines() if line.startswith("  failed:")]
    assert len(failed) == 3
    assert any("readme.txt" in line and "not a report" in line for line in failed)
    assert any("empty.txt" in line and "empty" in line for line in failed)
    assert any("broken.pdf" in line for line in failed)
    assert len(snapshot(store)) == 6


def test_unchanged_reports_are_skipped_and_a_changed_one_replaced(corpus, tmp_path):
    store = tmp_path / "kg"
    cli("build", corpus, "--store", store, "--no-progress")
    before = snapshot(store)
    again = cli("build", corpus, "--store", store, "--no-progress")
    assert "0 built, 6 unchanged" in again.output and "0 triples written" in again.output
    assert snapshot(store) == before
    wuhan = next(corpus.rglob("wuhan-2022.txt"))
    wuhan.write_text(wuhan.read_text(encoding="utf-8") + "\n市政府印发《测试办法》。\n", encoding="utf-8")
    third = cli("build", corpus, "--store", store, "--no-progress")
    assert "1 built, 5 unchanged" in third.output
    after = snapshot(store)
    changed = [iri for iri in after if after[iri] != before[iri]]
    assert len(changed) == 1 and "武汉市" in changed[0] and after.keys() == before.keys()


def test_a_failing_report_leaves_its_stored_graph_alone(corpus, tmp_path):
    store = tmp_path / "kg"
    cli("build", corpus, "--store", store, "--no-progress")
    before = snapshot(store)
    wuhan = next(corpus.rglob("wuhan-2022.txt"))
    wuhan.write_bytes(b"\x00\x01\x02" * 100)  # the file is damaged since the last build
    result = cli("build", wuhan, "--store", store, "--no-progress")
    assert result.exit_code == 1 and "wuhan-2022.txt" in result.output
    assert snapshot(store) == before


def test_two_workers_build_the_same_store_as_one(corpus, tmp_path):
    with open_store(tmp_path / "one", writable=True) as kg:
        one = build_reports(kg, [corpus], jobs=1)
        nq_one = sorted(str(kg.store).splitlines())
    with open_store(tmp_path / "two", writable=True) as kg:
        two = build_reports(kg, [corpus], jobs=2)
        nq_two = sorted(str(kg.store).splitlines())
    assert one.count("built") == two.count("built") == 6
    assert nq_one == nq_two


def test_a_missing_input_is_named(tmp_path):
    result = cli("build", tmp_path / "nowhere", "--store", tmp_path / "kg")
    assert result.exit_code == 1 and "nowhere: file not found" in result.output


def test_flushing_along_the_way_changes_nothing_that_is_stored(corpus, tmp_path, monkeypatch):
    import govkg.graph.build as build_module

    with open_store(tmp_path / "once", writable=True) as kg:
        build_reports(kg, [corpus])
        once = sorted(str(kg.store).splitlines())
    monkeypatch.setattr(build_module, "_FLUSH_BYTES", 0)
    with open_store(tmp_path / "often", writable=True) as kg:
        flushes = []
        monkeypatch.setattr(kg, "flush", lambda: (flushes.append(1), type(kg).flush(kg)))
        build_reports(kg, [corpus])
        often = sorted(str(kg.store).splitlines())
        hashes = kg.content_hashes()
        assert kg.report_count() == 6
        assert hashes == {r.iri: r.content_hash for r in kg.reports()}
    assert len(flushes) == 6  # once after each built report
    assert often == once and len(hashes) == 6


def test_a_build_stopped_midway_ends_its_workers_and_keeps_what_was_written(corpus, tmp_path):
    import threading

    class Stop(Exception):
        pass

    seen = []

    def stop_after_two(result):
        seen.append(result)
        if len(seen) == 2:
            raise Stop

    outcome = {}

    def build():
        with open_store(tmp_path / "kg", writable=True) as kg:
            try:
                build_reports(kg, [corpus], jobs=2, on_result=stop_after_two)
            except Stop:
                outcome["stopped"] = True

    # In a thread, so that a pool waiting forever on its task feeder fails the test instead of hanging it.
    thread = threading.Thread(target=build, daemon=True)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive() and outcome == {"stopped": True}
    with open_store(tmp_path / "kg") as kg:
        assert kg.report_count() == sum(r.status == "built" for r in seen)
