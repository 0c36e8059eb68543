"""Fixtures shared by the test modules, and where the tests find their data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govkg.extractor import extract_file
from govkg.graph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CORPUS = DATA / "corpus"


def shared_dir() -> Path | None:
    """The shared data folder: ``$GOVKG_SHARED``, else ``../shared`` beside the checkout, else None.

    Found from the repository, not from a fixed path, so that a checkout anywhere finds the folder beside it.
    """
    named = os.environ.get("GOVKG_SHARED")
    if named:
        return Path(named)
    beside = ROOT.parent / "shared"
    return beside if beside.is_dir() else None


def shared_data(kind: str) -> Path:
    """The folder ``kind`` (corpus or gold) of the shared data, else its copy in tests/data.

    A shared folder that is named or present must hold it: the tests then read what it holds, and a
    missing folder fails them instead of leaving them without cases.
    """
    shared = shared_dir()
    folder = shared / kind if shared is not None else DATA / kind
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no {kind} folder (GOVKG_SHARED or ../shared beside the checkout)")
    return folder


def shared_files(kind: str, pattern: str) -> list[Path]:
    """The files of the shared folder ``kind`` matching ``pattern``; raises when there are none."""
    found = sorted(shared_data(kind).glob(pattern))
    if not found:
        raise FileNotFoundError(f"{shared_data(kind)}: no {pattern} files")
    return found


def shared_reports() -> Path | None:
    """The shared folder of full-length reports, or None where there is no shared folder at all.

    These reports are never copied into the repository, so a checkout without the shared folder beside it
    has none; a shared folder that is named or present must hold them.
    """
    shared = shared_dir()
    if shared is None:
        return None
    if not (shared / "reports").is_dir():
        raise FileNotFoundError(f"{shared / 'reports'}: no reports folder")
    return shared / "reports"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A store holding the six sample reports, built once per test session; tests only read it."""
    path = tmp_path_factory.mktemp("samples") / "kg"
    with open_store(path, writable=True) as kg:
        for report in sorted(CORPUS.glob("*.txt")):
            kg.replace_report(extract_file(report))
    return path
