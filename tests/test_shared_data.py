"""Where the tests find the shared corpus and gold, and the copies of them in tests/data."""

from __future__ import annotations

from conftest import DATA, shared_data, shared_dir, shared_files, shared_reports
import pytest


@pytest.mark.skipif(shared_dir() is None, reason="no shared folder: set GOVKG_SHARED or put ../shared beside the checkout")
@pytest.mark.parametrize("kind", ["corpus", "gold"])
def test_the_copies_in_tests_data_are_the_shared_files(kind):
    # The tests that read tests/data (the extractor's scores, the sample store) test what the shared gold says.
    shared = {path.name: path.read_bytes() for path in (shared_dir() / kind).iterdir() if path.is_file()}
    copies = {path.name: path.read_bytes() for path in (DATA / kind).iterdir() if path.is_file()}
    assert sorted(copies) == sorted(shared)
    assert [name for name in sorted(shared) if copies[name] != shared[name]] == []


def test_a_named_shared_folder_is_read(tmp_path, monkeypatch):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("GOVKG_SHARED", str(tmp_path))
    assert shared_files("gold", "*.json") == [tmp_path / "gold" / "a.json"]


def test_a_named_shared_folder_without_the_data_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVKG_SHARED", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="no corpus folder"):
        shared_data("corpus")
    with pytest.raises(FileNotFoundError, match="no reports folder"):
        shared_reports()
    (tmp_path / "gold").mkdir()
    with pytest.raises(FileNotFoundError, match=r"no \*\.json files"):
        shared_files("gold", "*.json")


def test_without_a_shared_folder_the_copies_are_read(monkeypatch, tmp_path):
    monkeypatch.delenv("GOVKG_SHARED", raising=False)
    monkeypatch.setattr("conftest.ROOT", tmp_path / "checkout")  # nothing beside it
    assert shared_dir() is None and shared_reports() is None
    assert shared_data("gold") == DATA / "gold"
    assert len(shared_files("corpus", "*.txt")) == 6
