"""Building many reports into a store: walk, extract in parallel, write one by one.

Reports stream through: worker processes read and extract one report at a
time and hand back its graph as N-Triples, which the parent writes as one
atomic replacement before taking the next.  A report is a file (.txt, .html,
.pdf, .docx) or a row of a collection file (.csv, .xlsx, .jsonl: one report
a row, see `govkg.extractor.formats.collections`); the parent reads the
collections' rows and hands each to the workers with its columns as hints.
At most four reports per worker are in flight, and the database is flushed
every 16 MB written, so memory stays flat however large the corpus. Past the
first 8 MB a build writes into a staging database with Oxigraph's bulk
loader and switches the store to it atomically (`_Writer`, graph/staging.py):
still every report old or new whenever the build is killed.

Nothing is lost and nothing is counted twice:

- a report whose text has not changed since it was last built from the same
  source (same content hash) is skipped before extraction (*unchanged*);
- the same report again from another source -- in the other script, another
  encoding or format, with other spacing, punctuation or page chrome (same
  `text_fingerprint`) -- is not stored again (*duplicate*, naming the first);
- a different report that would get the IRI of one built earlier in this
  build or already stored from another source is refused (*collision*,
  naming both; the first is kept and the build exits non-zero); a rebuild of
  the same source replaces its own report.  A source is the whole path (and
  row), gk:sourcePath, not the file name: another folder's file of the same
  name is another source;
- a source that now yields another report IRI than the one stored from it
  (a fix to jurisdiction detection, an edited title) has its old graph
  removed in the same transaction that writes the new one (*superseded*), so
  the store never holds the report twice, and a build stopped midway leaves
  the old graph or the new one;
- a report that fails is recorded with its reason and never touches the store.

Results come back in input order (``imap``), so which of two copies is "the
first" does not depend on which worker finished first.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
import re
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from ..errors import GovkgError
from ..extractor.formats.collections import COLLECTION_SUFFIXES, Columns, count_rows, is_collection, read_collection
from ..extractor.iri import source_path
from ..extractor.patterns import alternation, bundled_rows
from ..extractor.reading import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS
from ..extractor.stamp import extractor_stamp
from . import targets
from .plans import actions_input, derive_follow_through, note_changing, pending
from .plans import current as plans_current
from .store import KnowledgeStore, Prepared, prepare

__all__ = ["REPORT_SUFFIXES", "BuildResult", "BuildSummary", "Limits", "find_reports", "count_reports",
           "build_reports", "build_store", "same_place"]

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx", *COLLECTION_SUFFIXES)
#: Computes a report's stored answers (graph → text) from its IRI and N-Triples; called with ``store=``, the
#: N-Triples loaded in memory into the report's graph (`govkg.queries.precompute.report_answers`).
Answers = Callable[..., dict[str, str]]
_MIN_CJK = 50  # fewer Chinese characters than this is not a report
# Without flushes the writer's memory grows by ~7 bytes per byte of N-Triples written
# (RocksDB's in-memory tables); one flush per 16 MB (about 0.15 s each) keeps it flat.
_FLUSH_BYTES = 16 * 2**20
# Staged writing (`_Writer`, graph/staging.py; docs/model.md "The store's writer" has the measurements):
# past this much N-Triples written in one build, the rest goes into a staging database with the bulk loader;
_STAGE_AFTER = 8 * 2**20
# what the bulk loader takes at once (its memory is about 4 bytes a character of a batch, on top of it);
_BATCH = 16 * 2**20
# and how much a staging database takes before it is switched to and a new one begun (a build killed
# loses at most this much of its work).
_SEGMENT = 64 * 2**20


@dataclass(frozen=True)
class BuildResult:
    """What happened to one report (a file, or a row of a collection).

    ``status`` is ``built``, ``unchanged``, ``skipped`` (a row without text,
    or not a report), ``duplicate`` (the same report as ``other``, not stored
    again), ``collision`` (a different report than ``other`` under the same
    IRI, refused) or ``failed``. ``mismatch`` says where the report's text
    names another place or year than its row's columns (the text wins);
    ``superseded`` names the IRIs this source's report had before (removed).
    """

    path: str
    status: str
    report: str | None = None
    triples: int = 0
    reason: str | None = None
    other: str | None = None
    mismatch: str | None = None
    # Report IRIs the same source had before and no longer gets: their graphs were removed.
    superseded: tuple[str, ...] = ()


@dataclass
class BuildSummary:
    """All reports of one build, in input order."""

    results: list[BuildResult] = field(default_factory=list)
    seconds: float = 0.0
    # Collection file -> the columns read from it ("text=full_text, title=title, ...").
    columns: dict[str, str] = field(default_factory=dict)
    # Plans judged again against their next report (`govkg.graph.plans.derive_follow_through`).
    judged: int = 0
    # Targets paired again with their results (`govkg.graph.targets.derive_target_results`).
    paired: int = 0
    # Reports in the store once the build is done (`build_store`).
    stored: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def triples(self) -> int:
        return sum(r.triples for r in self.results)

    def with_status(self, status: str) -> list[BuildResult]:
        return [r for r in self.results if r.status == status]

    @property
    def failures(self) -> list[BuildResult]:
        return sorted(self.with_status("failed"), key=lambda r: r.path)

    @property
    def collisions(self) -> list[BuildResult]:
        return self.with_status("collision")

    @property
    def ok(self) -> bool:
        """False when a report failed or was refused for taking another's IRI."""
        return not self.failures and not self.collisions

    def text(self) -> str:
        """Lines for people: counts, the columns read, then each report not built as asked, with why."""
        files = {_file_of(r.path) for r in self.results}
        rows = sum(1 for r in self.results if r.path != _file_of(r.path))
        head = f"{len(files)} file(s)" + (f" with {rows} row(s)" if rows else "")
        lines = [f"{head} in {self.seconds:.1f} s: {self.count('built')} built, {self.count('unchanged')} unchanged, "
                 f"{self.count('skipped')} skipped, {self.count('duplicate')} duplicate, "
                 f"{self.count('collision')} collision, {self.count('failed')} failed; {self.triples} triples written"]
        lines += [f"  columns of {path}: {columns}" for path, columns in sorted(self.columns.items())]
        for status in ("skipped", "duplicate", "collision"):
            lines += [f"  {status}: {r.reason}" for r in self.with_status(status)]
        lines += [f"  superseded: {r.path} is now report {r.report}; its earlier report {old} was removed"
                  for r in self.results for old in r.superseded]
        lines += [f"  mismatch: {r.mismatch}" for r in self.results if r.mismatch]
        lines += [f"  failed: {r.reason}" for r in self.failures]
        return "\n".join(lines)


def _file_of(source: str) -> str:
    """The file a source is in: ``a.csv#row=3`` is in ``a.csv``."""
    return source.split("#", 1)[0] if re.search(r"#(?:sheet=.*|(?:row|line)=\d+)$", source) else source


def find_reports(inputs: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files to build: the files given, and report and collection files found under the folders given.

    Folders are walked in sorted order, skipping hidden entries, so a build is repeatable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b/2.txt", "a/1.pdf", "a/.hidden.txt", "a/notes.md", "c/all.csv", "c/all.jsonl"):
    ...     (d / name).parent.mkdir(exist_ok=True); _ = (d / name).write_text("x")
    >>> [p.relative_to(d).as_posix() for p in find_reports([d])]
    ['a/1.pdf', 'b/2.txt', 'c/all.csv', 'c/all.jsonl']
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


def count_reports(inputs: Iterable[str | os.PathLike]) -> int:
    """About how many reports ``inputs`` hold: one a file, a collection's rows (for progress bars)."""
    return sum(count_rows(path) if is_collection(path) else 1 for path in find_reports(inputs))


# -- what goes to the workers: a file, a collection's row, or a row's result decided while reading


@dataclass(frozen=True)
class _Unit:
    source: str
    document: object | None = None  # a Document read from a collection's row
    result: BuildResult | None = None  # a row that is not to be extracted (skipped, failed)


def _units(inputs: Iterable[str | os.PathLike], columns: Columns | None, summary: BuildSummary) -> Iterator[_Unit]:
    """One unit per report file and per collection row, in input order; never raises."""
    for path in find_reports(inputs):
        if not is_collection(path):
            yield _Unit(str(path))
            continue
        collection = read_collection(path, columns)
        for row in collection.rows:
            if collection.columns is not None and str(path) not in summary.columns:
                summary.columns[str(path)] = collection.columns.describe()
            if row.document is not None:
                yield _Unit(row.source, document=row.document)
            else:
                yield _Unit(row.source, result=BuildResult(row.source, row.status, reason=row.reason))


@dataclass(frozen=True)
class _Outcome:
    """A worker's answer for one unit; the parent decides what is written."""

    source: str
    status: str  # built, known (content hash stored), duplicate, skipped, failed
    report: str | None = None
    data: str | None = None
    reason: str | None = None
    content_hash: str | None = None
    fingerprint: str | None = None
    other: str | None = None
    jurisdiction: str | None = None
    # The jurisdiction's other names where the gazetteer knows them (short form, former names).
    aliases: tuple[str, ...] = ()
    year: int | None = None
    # Other years the text gives the report: the year it plans, the year it was issued. A year
    # column may mean either the year reviewed or the year of the report itself.
    other_years: tuple[int, ...] = ()
    listed_place: str | None = None  # what the row's columns say
    listed_year: str | None = None
    answers: dict[str, str] = field(default_factory=dict)  # the report's stored answers, by graph
    # The file holding what judging follow-through and pairing targets read of it (`_keep`).
    actions: str | None = None
    # Its quads and text index document, made here rather than by the writer (`store.prepare`).
    prepared: Prepared | None = None


# -- the worker side: one process reads and extracts one report at a time

@dataclass(frozen=True)
class Limits:
    """How much a worker reads: the largest report file (bytes) and the longest text (characters).

    The same limits as ``govkg extract --max-bytes/--max-chars``; a row of a
    collection is held to ``max_chars``.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS


@dataclass(frozen=True)
class _Origin:
    """Where a stored report came from: its whole source (gk:sourcePath), or only its file name
    (dcterms:source) in a report built before the whole source was recorded."""

    path: str | None
    name: str

    def is_source(self, source: str) -> bool:
        return self.path == source_path(source) if self.path else self.name == _name(source)

    def __str__(self) -> str:
        return self.path or self.name


_known_hashes: frozenset[str] = frozenset()
_known_fingerprints: dict[str, frozenset[_Origin]] = {}
_limits = Limits()
_nlp = None
_answers: Answers | None = None
_kept_dir: str | None = None  # where this build's workers leave what follow-through reads of each report


def _init_worker(known_hashes: frozenset[str], known_fingerprints: dict[str, frozenset[_Origin]],
                 base: str | None, limits: Limits = Limits(), segmenter: str | None = None,
                 answers: Answers | None = None, kept_dir: str | None = None) -> None:
    global _known_hashes, _known_fingerprints, _limits, _nlp, _answers, _kept_dir
    import jieba

    from ..extractor import build_pipeline

    jieba.setLogLevel(60)
    _known_hashes, _known_fingerprints, _limits, _answers = known_hashes, known_fingerprints, limits, answers
    _kept_dir = kept_dir
    _nlp = build_pipeline(base, segmenter=segmenter) if segmenter else build_pipeline(base)
    _nlp.max_length = max(_nlp.max_length, limits.max_chars)
    if multiprocessing.parent_process() is not None:
        # A pool's worker: what it holds from here on (pipeline, dictionaries, gazetteer) lives as long as
        # it does, so the collector need not walk it again at each full collection (5% of its CPU). Not in
        # the building process itself (jobs=1), whose older objects may still become garbage.
        gc.collect()
        gc.freeze()


def _extract_one(unit: _Unit) -> _Outcome:
    """Read and extract one unit; never raises."""
    from ..extractor import doc_to_ntriples, process, read_document, report_iri
    from ..extractor.reading import check_length
    from ..extractor.rdf import report_fingerprint as text_fingerprint  # kept for the graph's gk:textFingerprint

    source = unit.source
    if unit.result is not None:
        return _Outcome(source, unit.result.status, reason=unit.result.reason)
    try:
        document = unit.document or read_document(source, max_bytes=_limits.max_bytes, max_chars=_limits.max_chars)
        check_length(document.text, source, _limits.max_chars)  # a collection's row is read by the parent
        digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        if digest in _known_hashes:
            return _Outcome(source, "known", content_hash=digest)
        cjk = sum(1 for c in document.text if "\u4e00" <= c <= "\u9fff")
        if cjk < _MIN_CJK:
            return _Outcome(source, "failed", reason=f"{source}: not a report: only {cjk} Chinese characters")
        fingerprint = text_fingerprint(document.text)
        stored = _known_fingerprints.get(fingerprint, frozenset())
        if stored and not any(origin.is_source(source) for origin in stored):  # the same report, another source
            return _Outcome(source, "duplicate", fingerprint=fingerprint, other=str(min(stored, key=str)))
        hints = document.hints()
        doc = process(document.text, nlp=_nlp, hints=hints)
        f = doc._.govkg
        nt = doc_to_ntriples(doc, source=source, original=document.original)
        report = str(report_iri(f, source))
        graph = ox.Store()  # loaded once, read for the answers and for follow-through
        graph.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(report))
        answers = _answers(report, nt, store=graph) if _answers else {}
        return _Outcome(source, "built", report, nt, content_hash=digest, answers=answers,
                        prepared=prepare(report, nt, answers),
                        actions=_keep(actions=actions_input(report, nt, graph),
                                      observations=targets.observations_input(report, graph)),
                        fingerprint=fingerprint, jurisdiction=f.jurisdiction, aliases=_aliases(f.division), year=f.year,
                        other_years=_other_years(f),
                        listed_place=dict(document.metadata).get("place"),
                        listed_year=dict(document.metadata).get("year"))
    except GovkgError as exc:
        return _Outcome(source, "failed", reason=str(exc))
    except Exception as exc:  # a bug on one odd file must not stop a corpus build
        return _Outcome(source, "failed", reason=f"{source}: extraction failed: {type(exc).__name__}: {exc}")


def _keep(**inputs: bytes) -> str | None:
    """Write what the derivations read of a report (``actions``: `plans.actions_input`, ``observations``:
    `targets.observations_input`) to a new file of the build's folder (not through the pool's pipe: the
    writer would unpickle it); its path, or None outside a build."""
    if _kept_dir is None:
        return None
    fd, path = tempfile.mkstemp(dir=_kept_dir)
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(inputs, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _other_years(f) -> tuple[int, ...]:
    """The plan year and the issue year the extractor found, where it finds them."""
    issued = str(getattr(f, "issued", None) or "")[:4]
    years = (getattr(f, "plan_year", None), int(issued) if issued.isdigit() else None)
    return tuple(year for year in years if year)


def _aliases(division: object | None) -> tuple[str, ...]:
    """A gazetteer division's full, short and former names (清苑区, 清苑, 清苑县)."""
    if division is None:
        return ()
    names = (getattr(division, "name", ""), getattr(division, "short", ""), *getattr(division, "former", ()))
    return tuple(name for name in names if name)


def _name(source: str) -> str:
    """The source as dcterms:source records it: the file name, with any row."""
    return Path(source).name


# -- the parent side: decide, write, count


class _Ledger:
    """Which report IRIs, texts and fingerprints are taken, and by which source.

    Holds what the store held when the build started and what this build has
    written since, so that each new report is checked against both.
    """

    def __init__(self, kg: KnowledgeStore) -> None:
        self.stored_iri: dict[str, _Origin] = {}
        self.stored_hash: dict[str, set[_Origin]] = defaultdict(set)
        self.stored_fingerprint: dict[str, set[_Origin]] = defaultdict(set)
        for identity in kg.identities():
            # A report stored without a source (through the Python API) is no rebuild of any file.
            origin = _Origin(identity.source_path, identity.source or "a report without a source")
            self.stored_iri[identity.iri] = origin
            # Unchanged only if these rules made it: after an upgrade every report is read again.
            if identity.content_hash and identity.extractor == extractor_stamp():
                self.stored_hash[identity.content_hash].add(origin)
            if identity.fingerprint:
                self.stored_fingerprint[identity.fingerprint].add(origin)
        self.built_iri: dict[str, str] = {}
        self.built_fingerprint: dict[str, str] = {}
        self.built_hash: dict[str, str] = {}

    def worker_args(self, *, force: bool = False) -> tuple[frozenset[str], dict[str, frozenset[_Origin]]]:
        """What the workers check before extracting: the stored texts' hashes (none when forced) and fingerprints."""
        return (frozenset() if force else frozenset(self.stored_hash),
                {fp: frozenset(origins) for fp, origins in self.stored_fingerprint.items()})

    def decide(self, o: _Outcome) -> BuildResult | None:
        """The result for an outcome that is not to be written, or None to write it."""
        if o.status == "known":
            origins = self.stored_hash.get(o.content_hash, set())
            if not origins or any(origin.is_source(o.source) for origin in origins):
                return BuildResult(o.source, "unchanged")
            return self._duplicate(o.source, f"{min(origins, key=str)} (stored)")
        if o.status == "duplicate":
            return self._duplicate(o.source, f"{o.other} (stored)")
        if o.status != "built":
            return BuildResult(o.source, o.status, reason=o.reason)
        if self.built_hash.get(o.content_hash) == o.source:
            return BuildResult(o.source, "unchanged")  # the same file given twice
        first = self.built_fingerprint.get(o.fingerprint)
        if first is not None and first != o.source:
            return self._duplicate(o.source, first)
        stored = self.stored_fingerprint.get(o.fingerprint, set())
        if stored and not any(origin.is_source(o.source) for origin in stored):
            return self._duplicate(o.source, f"{min(stored, key=str)} (stored)")
        return self._collision(o)

    def _collision(self, o: _Outcome) -> BuildResult | None:
        first = self.built_iri.get(o.report)
        holder = self.stored_iri.get(o.report)
        if first is None and holder is not None and not holder.is_source(o.source):
            # Another file, perhaps of the same name in another folder: never a rebuild of this one.
            first = f"{holder} (stored)"
        if first is None or first == o.source:
            return None
        return BuildResult(o.source, "collision", o.report, other=first, mismatch=_mismatch(o),
                           reason=f"{o.source} and {first} would both be report {o.report}: "
                                  f"{first} kept, {o.source} refused")

    def superseded(self, o: _Outcome) -> tuple[str, ...]:
        """The stored reports of the same source under other IRIs: the source's earlier report, to be removed."""
        return tuple(sorted(iri for iri, origin in self.stored_iri.items()
                            if iri != o.report and iri not in self.built_iri and origin.is_source(o.source)))

    @staticmethod
    def _duplicate(source: str, first: str) -> BuildResult:
        return BuildResult(source, "duplicate", other=first.removesuffix(" (stored)"),
                           reason=f"{source} is the same report as {first} (the same text in another script, "
                                  "spacing or punctuation); not stored again")

    def written(self, o: _Outcome, superseded: tuple[str, ...]) -> None:
        self.built_iri[o.report] = o.source
        self.built_fingerprint.setdefault(o.fingerprint, o.source)
        self.built_hash[o.content_hash] = o.source
        for iri in superseded:  # gone from the store: another source may take its IRI now
            self.stored_iri.pop(iri, None)


def build_reports(kg: KnowledgeStore, inputs: Iterable[str | os.PathLike], *, jobs: int = 1,
                  base: str | None = None, columns: Columns | None = None, limits: Limits | None = None,
                  force: bool = False, on_result: Callable[[BuildResult], None] | None = None,
                  segmenter: str | None = None, answers: Answers | None = None) -> BuildSummary:
    """Extract every report under ``inputs`` into the store ``kg``.

    Parameters
    ----------
    kg : KnowledgeStore
        A store opened writable.
    inputs : iterable of paths
        Report files, collection files (.csv, .xlsx, .jsonl) and folders to walk.
    jobs : int
        Worker processes; 1 extracts in this process.
    base : str, optional
        A trained spaCy pipeline to extend instead of blank zh + rjieba.
    columns : Columns, optional
        The collections' columns, where their names do not tell them.
    limits : Limits, optional
        The largest report file and the longest text a worker takes (default: `extract`'s).
    force : bool
        Extract reports whose text is unchanged too (after an upgrade of govkg); a source
        whose report now gets another IRI has its earlier one removed.
    on_result : callable, optional
        Called with each `BuildResult` as it is done (for progress bars).
    segmenter : {"rjieba", "jieba"}, optional
        What segments the blank pipeline's text (default: rjieba).
    answers : callable, optional
        Computes a report's stored answers from its IRI and N-Triples, in the worker
        (`govkg.queries.precompute.report_answers`, which the command line passes), called with
        ``store=`` the N-Triples loaded in memory; they are written with the report. A
        module-level function: workers are other processes.

    Returns
    -------
    BuildSummary
        With ``judged``: the plans judged again against their next report, since
        the reports built (and those they superseded) change the follow-through links.
    """
    started = time.perf_counter()
    summary = BuildSummary()
    ledger = _Ledger(kg)
    units = _units(inputs, columns, summary)
    writer = _Writer(kg, summary, on_result)
    unflushed = 0
    with _Kept() as kept:
        init = (*ledger.worker_args(force=force), base, limits or Limits(), segmenter, answers, kept.folder)
        try:
            for outcome in _outcomes(units, init, jobs):
                result = ledger.decide(outcome)
                if result is None:
                    writer.prepare()  # staging from now on? then the notes below go where the report goes
                    superseded = ledger.superseded(outcome)
                    # before the write: a build killed before it judges follow-through leaves the record
                    note_changing(kg, [outcome.report, *superseded])
                    targets.note_changing(kg, [outcome.report, *superseded])
                    result = writer.store(outcome, superseded)
                if result.status == "built":
                    ledger.written(outcome, result.superseded)
                    kept.written(outcome.report, outcome.actions, result.superseded)
                    unflushed += len(outcome.data)
                writer.done(result)
                if unflushed > _FLUSH_BYTES:
                    kg.flush()
                    unflushed = 0
            writer.finish()
        except BaseException:
            writer.stop()
            raise
        changed = sorted({iri for r in summary.with_status("built") for iri in (r.report, *r.superseded) if iri})
        if changed or pending(kg) or targets.pending(kg) or not plans_current(kg) or not targets.current(kg):
            # A stored report changes what its plans and the plans before it meet, and the targets and results
            # of its places and years: judge and pair them again (and those a build killed before it did so
            # left waiting, or all of them where a derivation was stopped midway).
            summary.judged = derive_follow_through(kg, changed=changed, known=kept.of("actions"))
            summary.paired = targets.derive_target_results(kg, changed=changed, known=kept.of("observations"))
            kg.optimize()
    summary.seconds = time.perf_counter() - started
    return summary


class _Kept:
    """What the derivations read of each report this build wrote (`_keep`: follow-through's
    `plans.actions_input`, target pairing's `targets.observations_input`), in the files the workers left in
    `folder`, until the build ends: memory stays flat however many reports, and the derivations read them
    instead of reading each report back from the store."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="govkg-build-")
        self.folder = self._dir.name
        self._files: dict[str, Path] = {}

    def written(self, report: str, kept: str | None, superseded: tuple[str, ...] = ()) -> None:
        """``report`` now holds the graph whose inputs are in the file ``kept`` (None: not known, read the
        store)."""
        for iri in (report, *superseded):
            self._files.pop(iri, None)
        if kept is not None:
            self._files[report] = Path(kept)

    def of(self, kind: str) -> _KeptInputs:
        """Report IRI → its input of one kind (``actions``, ``observations``), as a derivation's ``known``."""
        return _KeptInputs(self._files, kind)

    def __enter__(self) -> _Kept:
        return self

    def __exit__(self, *exc) -> None:
        self._dir.cleanup()


@dataclass(frozen=True)
class _KeptInputs:
    """One kind of the inputs a build kept, by report (read from its file when asked)."""

    files: dict[str, Path]
    kind: str

    def __contains__(self, report: object) -> bool:
        return report in self.files

    def __getitem__(self, report: str) -> bytes:
        with open(self.files[report], "rb") as fh:
            return pickle.load(fh)[self.kind]


def _outcomes(units: Iterator[_Unit], init: tuple, jobs: int) -> Iterator[_Outcome]:
    """Each unit's outcome, in input order; ``init`` are `_init_worker`'s arguments."""
    if jobs <= 1:
        _init_worker(*init)
        yield from map(_extract_one, units)
        return
    # fork would copy this process's open store handle; spawn starts workers clean.
    ctx = multiprocessing.get_context("spawn")
    window = _Window(4 * jobs)
    with ctx.Pool(jobs, initializer=_init_worker, initargs=init, maxtasksperchild=200) as pool:
        try:
            # imap, not imap_unordered: of two copies, the first in input order is kept.
            for outcome in pool.imap(_extract_one, window.feed(units), chunksize=1):
                yield outcome
                window.release()
        finally:
            window.close()


class _Window:
    """At most ``size`` reports between being handed to the workers and being written.

    The writer is the slower side (one transaction a report), so without this
    the workers' finished graphs would pile up in memory as the corpus grows.
    """

    def __init__(self, size: int) -> None:
        self._free = threading.Semaphore(size)
        self._closed = False

    def feed(self, units: Iterator[_Unit]) -> Iterator[_Unit]:
        # Runs in the pool's task thread; it must stop waiting once the build ends,
        # or the pool's shutdown would wait for it forever.
        for unit in units:
            while not self._free.acquire(timeout=0.1):
                if self._closed:
                    return
            yield unit

    def release(self) -> None:
        self._free.release()

    def close(self) -> None:
        self._closed = True


class _Writer:
    """Writes the reports a build stores, and hands their results on in input order.

    A report at a time, each in one transaction (`KnowledgeStore.replace_ntriples`), until the build has
    written `_STAGE_AFTER` characters of N-Triples; then into a staging database (`KnowledgeStore.stage`),
    loaded by the bulk loader `_BATCH` characters at a time and switched to every `_SEGMENT` characters
    and at the end. A small incremental build thus never pays for a staging database, and a large one
    writes at the bulk loader's speed; either way a build killed at any moment leaves each report old or
    new. A staged report's result (its stored triples are counted in the store) waits for its batch's load,
    and the results after it wait for it.
    """

    def __init__(self, kg: KnowledgeStore, summary: BuildSummary,
                 on_result: Callable[[BuildResult], None] | None) -> None:
        self.kg, self.summary, self.on_result = kg, summary, on_result
        self.written = 0  # characters of N-Triples written by this build
        self.segment = 0  # … into the current staging database
        self.queue: list[list] = []  # [result, whether it waits for its report's load], in input order

    def prepare(self) -> None:
        """Before anything of a report is written: begin staging once the build has written enough."""
        if not self.kg.staging and self.written >= _STAGE_AFTER:
            self.kg.stage()
            self.segment = 0

    def store(self, o: _Outcome, superseded: tuple[str, ...] = ()) -> BuildResult:
        """Write the report, dropping the same source's earlier report under another IRI with it."""
        self.prepare()
        try:
            self.kg.replace_ntriples(o.report, o.data, superseded=superseded, answers=o.answers, prepared=o.prepared)
        except GovkgError as exc:
            return BuildResult(o.source, "failed", reason=f"{o.source}: {exc}")
        self.written += len(o.data)
        self.segment += len(o.data) if self.kg.staging else 0
        # Count what the store holds, not the lines sent: a line is not always one triple.
        stored = 0 if self.kg.staging else self.kg.report_size(o.report)
        return BuildResult(o.source, "built", o.report, stored, mismatch=_mismatch(o), superseded=superseded)

    def done(self, result: BuildResult) -> None:
        """Hand ``result`` on, once it and the results before it are written."""
        self.queue.append([result, result.status == "built" and self.kg.staging])
        if self.kg.staging and self.segment >= _SEGMENT:
            self._loaded(self.kg.commit_staged())
        elif self.kg.staging and self.kg.staged_size >= _BATCH:
            self._loaded(self.kg.load_staged())
        self._hand_on()

    def finish(self) -> None:
        """Write what waits and switch to the staging database (if any); hand every result on."""
        if self.kg.staging:
            self._loaded(self.kg.commit_staged())
        self._hand_on()

    def stop(self) -> None:
        """The build stops midway (an error, an interrupt): keep the reports written whole, as a build
        writing one transaction a report keeps those before the stop. Those loaded into the staging
        database are switched to; those waiting in memory are dropped (a replaced one keeps its old graph);
        a staging database whose load was cut short is dropped whole."""
        if not self.kg.staging:
            return
        try:
            self.kg.drop_waiting()
            self.kg.commit_staged()
        except GovkgError:
            self.kg.discard_staged()

    def _loaded(self, reports: list[str]) -> None:
        loaded = set(reports)
        for item in self.queue:
            if item[1] and item[0].report in loaded:
                item[0] = replace(item[0], triples=self.kg.report_size(item[0].report))
                item[1] = False

    def _hand_on(self) -> None:
        while self.queue and not self.queue[0][1]:
            result = self.queue.pop(0)[0]
            self.summary.results.append(result)
            if self.on_result:
                self.on_result(result)


# -- the row's columns against the report's text

# Suffixes of division names (patterns/divisions.jsonl, but 州: 杭州 is 杭州市's short form), dropped to compare
# a column's short form (满城, 河北, 广西) with the official name the extractor finds (满城区, 河北省, 广西壮族自治区).
_DIVISION_SUFFIX = r"(?:(?:[\u4e00-\u9fff]{1,3}族)+|维吾尔)?自治(?:区|州|县|旗)|" + alternation(tuple(
    r["pattern"] for r in bundled_rows("divisions.jsonl")
    if r["label"] == "LEVEL_SUFFIX" and not r.get("short_form"))).pattern
# A short name has two characters or more (广西, not 广 + 西壮族自治区); one only before 县, 区 ... (唐县).
_SHORT = (re.compile(rf"(.{{2,}}?)(?:{_DIVISION_SUFFIX})"), re.compile(rf"(.)(?:{_DIVISION_SUFFIX})"))
# Names of the larger divisions a column may put before the jurisdiction (保定市满城区).
_ENCLOSING = re.compile(r"^(?:[\u4e00-\u9fff]+?(?:省|自治区|市|自治州|州|地区|盟))+")


def same_place(listed: str, found: str) -> bool:
    """Whether a column's place names the jurisdiction the text names, by whole names.

    The column may give the official name (满城区), its short form (满城) or the
    name with its enclosing divisions (保定市满城区); a name inside another
    name is another place.

    Examples
    --------
    >>> same_place("满城", "满城区"), same_place("河北", "河北省"), same_place("保定市满城区", "满城区")
    (True, True, True)
    >>> same_place("广西", "广西壮族自治区"), same_place("唐县", "高唐县"), same_place("易县", "米易县")
    (True, False, False)
    """
    listed, found = listed.strip(), found.strip()
    if not listed or not found:
        return False
    if _short(listed) == _short(found):
        return True
    # 保定市满城区: the enclosing names must be whole division names, so 高唐县 is not 高 + 唐县.
    head = listed[: -len(found)] if listed.endswith(found) else None
    return bool(head and _ENCLOSING.fullmatch(head))


def _short(name: str) -> str:
    """The name without its division suffix: 满城区 → 满城, 唐县 → 唐, 新疆维吾尔自治区 → 新疆."""
    for pattern in _SHORT:
        match = pattern.fullmatch(name)
        if match:
            return match.group(1)
    return name


def _mismatch(o: _Outcome) -> str | None:
    """Where the report's text names another place or year than its row's columns say."""
    parts = []
    if o.listed_place and o.jurisdiction and not any(same_place(o.listed_place, name)
                                                     for name in (o.jurisdiction, *o.aliases)):
        parts.append(f"the place column says {o.listed_place}, the text says {o.jurisdiction}")
    if o.listed_year and o.year and o.listed_year not in {str(year) for year in (o.year, *o.other_years)}:
        parts.append(f"the year column says {o.listed_year}, the text says {o.year}")
    return f"{o.source}: {'; '.join(parts)} (the text wins)" if parts else None


def build_store(store_dir: str | os.PathLike, inputs: Iterable[str | os.PathLike], *,
                on_total: Callable[[int], None] | None = None, **options) -> BuildSummary:
    """`build_reports` into the store at `store_dir` (created if new), opened for writing for the build.

    Parameters
    ----------
    store_dir : str or os.PathLike
        The store.
    inputs : iterable of paths
        As `build_reports` takes them; each must exist.
    on_total : callable, optional
        Called with the number of reports found before the build starts (for progress bars; they are
        counted only when it is given).
    **options
        `build_reports`' keywords: jobs, base, columns, limits, force, on_result, segmenter, answers.

    Returns
    -------
    BuildSummary
        With ``stored``: the reports in the store after the build.

    Raises
    ------
    InputError
        An input that does not exist (before the store is opened).
    StoreError
        The store cannot be opened for writing (locked, or not a store).

    Examples
    --------
    >>> build_store("store", ["no/such/reports"])
    Traceback (most recent call last):
    ...
    govkg.errors.InputError: no/such/reports: file not found
    """
    from ..errors import InputError
    from .store import open_store

    inputs = list(inputs)
    for item in inputs:
        if not Path(item).exists():
            raise InputError(item, "file not found")
    if on_total is not None:
        on_total(count_reports(inputs))
    with open_store(store_dir, writable=True) as kg:
        summary = build_reports(kg, inputs, **options)
        summary.stored = kg.report_count()
    return summary
