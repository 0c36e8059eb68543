"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from govkg.extractor import extract_file
from govkg.graph.store import open_store

CORPUS = Path(__file__).parent / "data" / "corpus"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """A store holding the six sample reports, built once per test session; tests only read it."""
    path = tmp_path_factory.mktemp("samples") / "kg"
    with open_store(path, writable=True) as kg:
        for report in sorted(CORPUS.glob("*.txt")):
            kg.replace_report(extract_file(report))
    return path
