"""Run the docstring examples of govkg's modules (imported by package name, as users do)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ["govkg", "govkg.ontology", "govkg.extractor", "govkg.graph", "govkg.queries", "govkg.evaluation", "govkg.server"]


def _modules() -> list[str]:
    names = set(PACKAGES)
    for pkg in PACKAGES:
        path = importlib.import_module(pkg).__path__
        names.update(m.name for m in pkgutil.walk_packages(path, pkg + "."))
    return sorted(names)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
