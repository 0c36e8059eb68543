"""Building many reports into a store: walk, extract in parallel, write one by one.

Reports stream through: worker processes read and extract one file at a time
and hand back its graph as N-Triples, which the parent writes as one atomic
replacement before taking the next.  At most four files per worker are in
flight, and the database is flushed every 16 MB written, so memory stays flat
however large the corpus.  A report whose text has not changed since it was
last built (same content hash) is skipped before extraction; one that fails is
recorded with its reason and never touches the store.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GovkgError
from .store import KnowledgeStore

__all__ = ["REPORT_SUFFIXES", "BuildResult", "BuildSummary", "find_reports", "build_reports"]

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")
_MIN_CJK = 50  # fewer Chinese characters than this is not a report
# Without flushes the writer's memory grows by ~7 bytes per byte of N-Triples written
# (RocksDB's in-memory tables); one flush per 16 MB (about 0.15 s each) keeps it flat.
_FLUSH_BYTES = 16 * 2**20


@dataclass(frozen=True)
class BuildResult:
    """What happened to one file."""

    path: str
    status: str  # "built", "unchanged" or "failed"
    report: str | None = None
    triples: int = 0
    reason: str | None = None


@dataclass
class BuildSummary:
    """All files of one build, in the order they finished."""

    results: list[BuildResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def triples(self) -> int:
        return sum(r.triples for r in self.results)

    @property
    def failures(self) -> list[BuildResult]:
        return sorted((r for r in self.results if r.status == "failed"), key=lambda r: r.path)

    def text(self) -> str:
        """A few lines for people: counts, then each failure with its reason."""
        lines = [f"{len(self.results)} file(s) in {self.seconds:.1f} s: {self.count('built')} built, "
                 f"{self.count('unchanged')} unchanged, {self.count('failed')} failed; "
                 f"{self.triples} triples written"]
        lines += [f"  failed: {r.reason}" for r in self.failures]
        return "\n".join(lines)


def find_reports(inputs: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files to build: the files given, and report files found under the folders given.

    Folders are walked in sorted order, skipping hidden entries, so a build is repeatable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b/2.txt", "a/1.pdf", "a/.hidden.txt", "a/notes.md"):
    ...     (d / name).parent.mkdir(exist_ok=True); _ = (d / name).write_text("x")
    >>> [p.relative_to(d).as_posix() for p in find_reports([d])]
    ['a/1.pdf', 'b/2.txt']
    """
    for item in inputs:
        path = Path(item)
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and name.lower().endswith(REPORT_SUFFIXES):
                    yield Path(root) / name


# -- the worker side: one process reads and extracts one file at a time

_known_hashes: frozenset[str] = frozenset()
_nlp = None


def _init_worker(known: frozenset[str], base: str | None) -> None:
    global _known_hashes, _nlp
    import jieba

    from ..extractor import build_pipeline

    jieba.setLogLevel(60)
    _known_hashes = known
    _nlp = build_pipeline(base)


def _extract_one(path: Path) -> tuple[str, str, str | None, str | None, str | None]:
    """(path, status, report IRI, N-Triples, reason) for one file; never raises."""
    from ..extractor import doc_to_triples, process, read_document, report_iri, to_ntriples

    try:
        document = read_document(path)
        if hashlib.sha256(document.text.encode("utf-8")).hexdigest() in _known_hashes:
            return str(path), "unchanged", None, None, None
        cjk = sum(1 for c in document.text if "\u4e00" <= c <= "\u9fff")
        if cjk < _MIN_CJK:
            return str(path), "failed", None, None, f"{path}: not a report: only {cjk} Chinese characters"
        doc = process(document.text, nlp=_nlp)
        triples = doc_to_triples(doc, source=str(path), original=document.original)
        return str(path), "built", str(report_iri(doc._.govkg, str(path))), to_ntriples(triples), None
    except GovkgError as exc:
        return str(path), "failed", None, None, str(exc)
    except Exception as exc:  # a bug on one odd file must not stop a corpus build
        return str(path), "failed", None, None, f"{path}: extraction failed: {type(exc).__name__}: {exc}"


def build_reports(kg: KnowledgeStore, inputs: Iterable[str | os.PathLike], *, jobs: int = 1,
                  base: str | None = None, on_result: Callable[[BuildResult], None] | None = None) -> BuildSummary:
    """Extract every report under ``inputs`` into the store ``kg``.

    Parameters
    ----------
    kg : KnowledgeStore
        A store opened writable.
    inputs : iterable of paths
        Report files and folders to walk.
    jobs : int
        Worker processes; 1 extracts in this process.
    base : str, optional
        A trained spaCy pipeline to extend instead of blank zh + jieba.
    on_result : callable, optional
        Called with each `BuildResult` as it is done (for progress bars).

    Returns
    -------
    BuildSummary
    """
    started = time.perf_counter()
    summary = BuildSummary()
    known = frozenset(kg.content_hashes().values())
    paths = find_reports(inputs)
    unflushed = 0
    for path, status, report, data, reason in _results(paths, known, jobs, base):
        result = _store(kg, path, status, report, data, reason)
        summary.results.append(result)
        unflushed += len(data) if result.status == "built" else 0
        if unflushed > _FLUSH_BYTES:
            kg.flush()
            unflushed = 0
        if on_result:
            on_result(result)
    summary.seconds = time.perf_counter() - started
    return summary


def _results(paths: Iterator[Path], known: frozenset[str], jobs: int, base: str | None):
    if jobs <= 1:
        _init_worker(known, base)
        yield from map(_extract_one, paths)
        return
    # fork would copy this process's open store handle; spawn starts workers clean.
    ctx = multiprocessing.get_context("spawn")
    window = _Window(4 * jobs)
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(known, base), maxtasksperchild=200) as pool:
        try:
            for result in pool.imap_unordered(_extract_one, window.feed(paths), chunksize=1):
                yield result
                window.release()
        finally:
            window.close()


class _Window:
    """At most ``size`` files between being handed to the workers and being written.

    The writer is the slower side (one transaction a report), so without this
    the workers' finished graphs would pile up in memory as the corpus grows.
    """

    def __init__(self, size: int) -> None:
        self._free = threading.Semaphore(size)
        self._closed = False

    def feed(self, paths: Iterator[Path]) -> Iterator[Path]:
        # Runs in the pool's task thread; it must stop waiting once the build ends,
        # or the pool's shutdown would wait for it forever.
        for path in paths:
            while not self._free.acquire(timeout=0.1):
                if self._closed:
                    return
            yield path

    def release(self) -> None:
        self._free.release()

    def close(self) -> None:
        self._closed = True


def _store(kg: KnowledgeStore, path: str, status: str, report: str | None, data: str | None,
           reason: str | None) -> BuildResult:
    if status != "built":
        return BuildResult(path, status, reason=reason)
    try:
        kg.replace_ntriples(report, data)
    except GovkgError as exc:
        return BuildResult(path, "failed", reason=f"{path}: {exc}")
    from pyoxigraph import NamedNode

    stored = sum(1 for _ in kg.store.quads_for_pattern(None, None, None, NamedNode(report)))  # not lines sent
    return BuildResult(path, "built", report, stored)
