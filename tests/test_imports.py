"""What may import what: the parts of govkg and the direction data flows through them.

Every module's imports are read from its source (`ast`), those inside
functions too (govkg imports heavy libraries where they are needed), and
checked against `ALLOWED`:

- ``ontology`` imports nothing of govkg;
- ``extractor`` imports ontology;
- ``graph`` imports extractor and ontology;
- ``queries`` imports graph and ontology;
- ``evaluation`` (scoring the extractor against gold, once it has a package
  of its own) imports extractor and ontology;
- the faces, ``cli`` (govkg/cli.py) and ``server``, import any part; no part
  but a face imports them, nor evaluation.

Every part may import ``govkg.errors``, a leaf that imports nothing of govkg,
and itself.  A module of a part not named here fails the test: say where a new
part stands before it is used.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The leaves every part may import; they import nothing of govkg themselves.
LEAVES = {"errors", "package"}
FACES = {"cli", "server"}
ALLOWED: dict[str, set[str]] = {
    "ontology": set(),
    "extractor": {"ontology"},
    "graph": {"extractor", "ontology"},
    "queries": {"graph", "ontology"},
    "evaluation": {"extractor", "ontology"},
    "server": {"ontology", "extractor", "graph", "queries", "evaluation"},
    "cli": {"ontology", "extractor", "graph", "queries", "evaluation", "server"},
    "errors": set(),
    "package": set(),
}


class UnknownPart(LookupError):
    """A module that belongs to no part of `ALLOWED`."""


def part_of(module: str) -> str:
    """The part a module of govkg belongs to.

    >>> part_of("govkg.extractor.formats.html"), part_of("govkg.cli"), part_of("govkg")
    ('extractor', 'cli', 'package')
    """
    names = module.split(".")
    if names[0] != "govkg":
        raise ValueError(f"{module} is not a module of govkg")
    if len(names) == 1:
        return "package"
    if names[1] in ALLOWED and names[1] != "package":
        return names[1]
    raise UnknownPart(f"{module}: part {names[1]!r} is not in the import rules of tests/test_imports.py "
                      f"(known: {', '.join(sorted(ALLOWED))}); add it to ALLOWED with what it may import")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the govkg module imported
    line: int
    where: str  # file:line, for messages

    def __str__(self) -> str:
        return f"{self.where}: {self.source} imports {self.target}"


def package_dirs() -> dict[str, Path]:
    """Packages of govkg and their folders, as pyproject.toml maps them (ontology/ is govkg.ontology ...)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {name: ROOT / folder for name, folder in config["tool"]["setuptools"]["package-dir"].items()}


def modules() -> dict[str, Path]:
    """Every module of govkg (by dotted name) and its file; a package is the name of its __init__.py."""
    found: dict[str, Path] = {}
    for package, folder in package_dirs().items():
        for path in sorted(folder.glob("*.py")):
            found[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
    return found


def imports_of(module: str, source: str, known: set[str], *, is_package: bool = False,
               where: str = "") -> list[Import]:
    """The govkg modules that `source` (the text of `module`) imports, anywhere in it.

    ``from P import name`` counts as importing ``P.name`` when that is a
    module of govkg, else ``P``; relative imports are resolved against
    `module`.

    >>> known = {"govkg", "govkg.errors", "govkg.graph", "govkg.graph.store", "govkg.queries"}
    >>> [i.target for i in imports_of("govkg.graph.plans", "from .store import open_store\\n"
    ...                               "def f():\\n    from .. import errors, queries\\n", known)]
    ['govkg.graph.store', 'govkg.errors', 'govkg.queries']
    """
    tree = ast.parse(source)
    here = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[:len(here) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in dict.fromkeys(targets):
            if target == "govkg" or target.startswith("govkg."):
                found.append(Import(module, target, node.lineno, f"{where or module}:{node.lineno}"))
    return found


def violations(edges: list[Import]) -> list[str]:
    """What breaks the direction: an import a part may not make."""
    wrong = []
    for edge in edges:
        source, target = part_of(edge.source), part_of(edge.target)
        if source == target or target in LEAVES or target in ALLOWED[source]:
            continue
        if target in FACES:
            why = f"{target} is a face: nothing but the faces imports it"
        elif target == "evaluation":
            why = "evaluation is imported by the faces only"
        else:
            allowed = sorted(ALLOWED[source] | {"errors"})
            why = f"{source} may import {', '.join(allowed)}"
        wrong.append(f"{edge} ({why})")
    return wrong


def all_imports() -> list[Import]:
    found = modules()
    known = set(found)
    edges = []
    for name, path in found.items():
        text = path.read_text(encoding="utf-8")
        edges += imports_of(name, text, known, is_package=path.stem == "__init__",
                            where=str(path.relative_to(ROOT)))
    return edges


def test_every_module_belongs_to_a_known_part():
    unknown = []
    for name in modules():
        try:
            part_of(name)
        except UnknownPart as exc:
            unknown.append(str(exc))
    assert not unknown, "\n".join(unknown)


def test_imports_follow_the_direction_of_the_data():
    edges = all_imports()
    # The walk sees the imports that hold the parts together (so that an empty walk cannot pass).
    pairs = {(part_of(e.source), part_of(e.target)) for e in edges}
    assert {("extractor", "ontology"), ("graph", "extractor"), ("server", "queries"),
            ("cli", "server"), ("extractor", "errors")} <= pairs
    wrong = violations(edges)
    assert not wrong, "imports against the direction of the data:\n" + "\n".join(wrong)


def test_errors_is_a_leaf():
    source = modules()["govkg.errors"].read_text(encoding="utf-8")
    assert imports_of("govkg.errors", source, set(modules())) == []


def test_the_reader_and_its_formats_import_each_other_one_way():
    """reading.py picks each format's reader by a plain import, and no format module imports reading.py."""
    edges = all_imports()
    reading = {e.target for e in edges if e.source == "govkg.extractor.reading"}
    assert {"govkg.extractor.formats.html", "govkg.extractor.formats.pdf", "govkg.extractor.formats.docx"} <= reading
    back = [str(e) for e in edges if e.source in {"govkg.extractor.formats.html", "govkg.extractor.formats.pdf",
                                                   "govkg.extractor.formats.docx", "govkg.extractor.formats.text"}
            and e.target == "govkg.extractor.reading"]
    assert not back


@pytest.mark.parametrize(("module", "line", "complaint"), [
    ("govkg.graph.plans", "from ..queries import run", "graph may import errors, extractor, ontology"),
    ("govkg.extractor.rdf", "def f():\n    from govkg.graph.store import open_store",
     "extractor may import errors, ontology"),
    ("govkg.ontology.namespace", "import govkg.extractor", "ontology may import errors"),
    ("govkg.queries", "from .. import server", "server is a face"),
    ("govkg.server.app", "from ..cli import main", "cli is a face"),
    ("govkg.graph.build", "from ..evaluation.score import score_graph", "evaluation is imported by the faces only"),
    ("govkg.extractor.patterns", "from ..evaluation import score", "evaluation is imported by the faces only"),
])
def test_a_wrong_import_is_named(module, line, complaint):
    known = set(modules()) | {"govkg.evaluation", "govkg.evaluation.score"}
    wrong = violations(imports_of(module, line, known, is_package=module == "govkg.queries"))
    assert len(wrong) == 1 and complaint in wrong[0] and module in wrong[0]


@pytest.mark.parametrize("face", ["govkg.cli", "govkg.server.app"])
@pytest.mark.parametrize("line", ["from govkg.graph.store import open_store", "from govkg.queries import run",
                                  "from govkg.extractor import extract", "from govkg.evaluation import score",
                                  "from govkg.ontology import GK", "from govkg.errors import GovkgError"])
def test_a_face_imports_any_part(face, line):
    known = set(modules()) | {"govkg.evaluation"}
    edges = imports_of(face, line, known)
    assert len(edges) == 1 and violations(edges) == []


def test_an_unknown_part_is_named():
    with pytest.raises(UnknownPart, match="part 'tools' is not in the import rules"):
        violations(imports_of("govkg.graph.plans", "from govkg.tools import x", {"govkg.tools"}))


def test_no_module_imports_itself_through_others():
    """No cycle of imports between modules (lazy imports inside functions included): a cycle works only in the
    order the modules happen to be loaded in, as reading.py and formats/html.py did through importlib."""
    import networkx as nx

    graph = nx.DiGraph((e.source, e.target) for e in all_imports() if e.source != e.target)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"
