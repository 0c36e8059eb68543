"""Run the docstring examples of govkg's modules (imported by package name, as users do).

This is the one place doctests run: the other test files test behaviour, not the examples again.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Modules that define functions or classes without examples: the command line, spaCy components that act
# only inside a pipeline, the Findings records, the pattern-file reader. Every other module that defines any
# shows its use in examples (a module that only re-exports, such as a package entry, needs none).
WITHOUT_EXAMPLES = {
    "govkg.cli", "govkg.extractor.components.actions", "govkg.extractor.components.base",
    "govkg.extractor.components.places", "govkg.extractor.components.policies",
    "govkg.extractor.components.purposes", "govkg.extractor.components.spans", "govkg.extractor.mentions",
    "govkg.extractor.patterns",
    # the endpoint's app and worker pool start processes; tests/test_serve*.py exercise them against a real server
    "govkg.server.app", "govkg.server.pool",
}


def _modules() -> list[str]:
    """Every module of the packages pyproject.toml installs, so that a new package is covered without an edit here."""
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    names = set(packages)
    for pkg in packages:
        path = importlib.import_module(pkg).__path__
        names.update(m.name for m in pkgutil.iter_modules(path, pkg + ".") if not m.ispkg)
    return sorted(names)


MODULES = _modules()


def test_every_package_is_walked():
    assert {"govkg.ontology", "govkg.extractor.reading", "govkg.graph.store", "govkg.queries"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    failures, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
    if _defines_api(module) and name not in WITHOUT_EXAMPLES:
        assert attempted > 0, f"{name} has no docstring examples"


def _defines_api(module) -> bool:
    """Whether ``module`` itself defines a public function or class (not only imports them)."""
    return any(not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
               and obj.__module__ == module.__name__ for name, obj in vars(module).items())
