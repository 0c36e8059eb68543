"""A persistent store of report graphs: Oxigraph on disk, one named graph per report.

Layout of a store directory::

    govkg-store.json   marks the directory as a govkg store (format version; the database directory, when
                       it is not oxigraph/)
    govkg.lock         advisory lock: one writer, or any number of readers
    oxigraph/          the Oxigraph (RocksDB) database (oxigraph-N/ after a staged build, graph/staging.py)
    textindex.sqlite   the text index (graph/textindex.py)

Writers take an exclusive lock and readers a shared one, so a reader never
opens the database while a writer changes it (Oxigraph leaves that
undefined).  Each report is replaced by one SPARQL update (drop its graph,
insert the new triples), which Oxigraph applies as a transaction: a failure
leaves the report's previous graph in place. The same update keeps the shared
graph (graph/shared.py) the union of the stored reports' descriptions of the
agencies, places and metrics they share.

A build writing many reports stages them instead (`KnowledgeStore.stage`):
they go into a private copy of the database with Oxigraph's bulk loader,
which is then made the store's database in one atomic step (graph/staging.py).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Dataset, Graph, URIRef

from ..errors import GovkgError
from ..ontology.namespace import GK, bind_prefixes, sparql_prefixes
from . import staging, textindex
from .shared import ANSWERS_PREFIX, DERIVED_PREFIX, SHARED_GRAPH, Split, expand, is_report_graph, marker_lines, split_descriptions

__all__ = ["StoreError", "KnowledgeStore", "SHARED_GRAPH", "ReportInfo", "ReportIdentity", "Prepared", "prepare",
           "open_store", "report_of", "DEFAULT_STORE"]

log = logging.getLogger(__name__)

DEFAULT_STORE = "govkg-store"
_MARKER = staging.MARKER
_LOCK = "govkg.lock"
_VERSION = staging.FORMAT_PLAIN
_VERSIONS = (staging.FORMAT_PLAIN, staging.FORMAT_NAMED)
#: Named graphs under this prefix are derived from the reports (graph/plans.py), not reports.
DERIVED = DERIVED_PREFIX
_DESCRIBED_AS = ox.NamedNode(str(GK.describedAs))
_STORED_ANSWER = ox.NamedNode(str(GK.storedAnswer))

_QUAD_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
_TRIPLE_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD}
_EXTENSIONS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle", ".turtle": "turtle",
               ".nt": "ntriples", ".jsonld": "json-ld", ".json": "json-ld"}


class StoreError(GovkgError):
    """A store cannot be opened, read or written."""


@dataclass(frozen=True)
class ReportInfo:
    """One report held in the store."""

    iri: str
    title: str | None
    year: int | None
    jurisdiction: str | None
    content_hash: str | None
    triples: int


@dataclass(frozen=True)
class ReportIdentity:
    """What tells one stored report from another: its IRI, the file it came from and its text.

    ``source`` is the file name recorded as dcterms:source (``report.pdf``,
    ``reports.csv#row=5``) and ``source_path`` the whole source, gk:sourcePath
    (``/data/hebei/report.pdf``, ``/data/reports.csv#row=5``; None in reports
    built before it was recorded); ``content_hash`` and ``fingerprint`` are
    gk:contentHash and gk:textFingerprint (None in reports built before
    fingerprints were recorded).
    """

    iri: str
    source: str | None
    content_hash: str | None
    fingerprint: str | None
    source_path: str | None = None
    extractor: str | None = None  # gk:extractorStamp (None in reports built before it was recorded)


#: The marker of a store being created (written once its database exists).
_NEW_MARKER = {"format": "govkg-store", "version": _VERSION}


def _only_creation_leftovers(path: Path) -> bool:
    """Whether ``path`` holds only what a writer stopped while creating a store leaves: its lock file, the
    first database (maybe half made) and the marker's temporary file."""
    leftovers = {_LOCK, staging.DATABASE, staging.MARKER + ".tmp"}
    return all(entry.name in leftovers for entry in path.iterdir())


def _read_only(path: Path, db: str) -> ox.Store:
    """The database opened for reading; one a writer was stopped while creating has no tables yet."""
    try:
        return ox.Store.read_only(db)
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: the database cannot be read ({_first_line(exc)}); a build stopped while "
                         "creating the store leaves it so: build again") from None


def open_store(path: str | os.PathLike = DEFAULT_STORE, *, writable: bool = False) -> KnowledgeStore:
    """Open (and, when writable, create) the store at ``path``.

    Examples
    --------
    >>> import tempfile
    >>> with open_store(tempfile.mkdtemp() + "/kg", writable=True) as kg:
    ...     kg.reports()
    []
    """
    return KnowledgeStore(path, writable=writable)


class KnowledgeStore:
    """A govkg store directory opened for reading or writing."""

    def __init__(self, path: str | os.PathLike, *, writable: bool = False) -> None:
        self.path = Path(path)
        self.writable = writable
        self._staged: _Staged | None = None
        self._creating = False
        self._check_directory()
        self._lock = self._acquire_lock()
        try:
            # read under the lock: a writer's switch (graph/staging.py) changes it, and removes the old database
            self._marker = _NEW_MARKER if self._creating else self._read_marker()
            if writable:
                staging.remove_leftovers(self.path, self._marker_database())
            db = str(self.database)
            self.store = ox.Store(db) if writable else _read_only(self.path, db)
            if self._creating:
                # the marker last: a directory with a marker always holds a whole database, so a writer
                # stopped while Oxigraph creates one leaves no store (the next writer completes it)
                staging.write_marker(self.path, _NEW_MARKER)
        except (OSError, StoreError) as exc:
            self._release_lock()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{self.path}: cannot open the database: {_first_line(exc)}") from None
        self._index: textindex.TextIndex | None = None
        textindex.attach(self.store, self.path)

    @property
    def database(self) -> Path:
        """The directory of the Oxigraph database the store reads: ``oxigraph/``, or the one its marker names
        after a staged build (graph/staging.py)."""
        return self.path / self._marker_database()

    def _marker_database(self) -> str:
        try:
            return staging.database_name(self._marker)
        except ValueError as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    # -- opening and closing
    def _check_directory(self) -> None:
        marker = self.path / _MARKER
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: not a directory")
        if marker.exists():
            self._read_marker()
            return
        if not self.writable:
            reason = "does not exist" if not self.path.exists() else "is not a govkg store (no govkg-store.json)"
            raise StoreError(f"{self.path}: {reason}")
        if self.path.exists() and not _only_creation_leftovers(self.path):
            raise StoreError(f"{self.path}: is not a govkg store and not empty; refusing to write into it")
        self.path.mkdir(parents=True, exist_ok=True)
        self._creating = True

    def _read_marker(self) -> dict:
        marker = staging.read_marker(self.path)
        version = marker.get("version")
        if version not in _VERSIONS:
            raise StoreError(f"{self.path}: store format {version} is not supported (expected one of {_VERSIONS})")
        return marker

    def _acquire_lock(self):
        fh = open(self.path / _LOCK, "a+")
        try:
            fcntl.flock(fh, (fcntl.LOCK_EX if self.writable else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            who = "another process is using it" if self.writable else "a writer is using it"
            raise StoreError(f"{self.path}: store is locked: {who}") from None
        return fh

    def _release_lock(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def flush(self) -> None:
        """Write what the database holds in memory to disk.

        A long run of writes should call this now and then: until a flush,
        RocksDB keeps every write in its in-memory tables as well.
        """
        self._require_writable()
        self.store.flush()

    def optimize(self) -> None:
        """Compact the database after many writes: on the 179-report store, 25% smaller on disk and
        queries 35% faster (RocksDB merges the files the writes left), for 2 s."""
        self._require_writable()
        self.store.optimize()

    def close(self) -> None:
        """Flush and release the store (a staging database not switched to is dropped, `stage`)."""
        if getattr(self, "_staged", None) is not None:
            self.discard_staged()
        if getattr(self, "store", None) is not None:
            textindex.detach(self.store)
            if self.writable:
                self.store.flush()
            del self.store
            self.store = None
        if getattr(self, "_index", None) is not None:
            self._index.close()
            self._index = None
        self._release_lock()

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _require_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"{self.path}: opened read-only")

    # -- reports
    def reports(self) -> list[ReportInfo]:
        """The reports in the store, sorted by jurisdiction, year and IRI."""
        q = sparql_prefixes("gk", "dcterms", "rdfs") + """
        SELECT ?g ?title ?year ?place ?hash ?n WHERE {
          { SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g }
          GRAPH ?g { ?r a gk:Report .
            OPTIONAL { ?r dcterms:title ?title } OPTIONAL { ?r gk:year ?year }
            OPTIONAL { ?r gk:contentHash ?hash }
          }
          # the place's label is in the shared graph (in the report's own graph in stores built before it)
          OPTIONAL { GRAPH ?g { ?r gk:inPlace ?in } { GRAPH <%s> { ?in rdfs:label ?place } }
                     UNION { GRAPH ?g { ?in rdfs:label ?place } } }
        }""" % SHARED_GRAPH
        # triples standing alone: each gk:describedAs literal counts for the description lines it records
        markers = f"""SELECT ?g (COUNT(*) AS ?m) (SUM(STRLEN(?d) - STRLEN(REPLACE(?d, "\\n", "")) + 1) AS ?lines)
        WHERE {{ GRAPH ?g {{ ?s <{GK.describedAs}> ?d }} }} GROUP BY ?g"""
        extra = {row["g"].value: int(row["lines"].value) - int(row["m"].value) for row in self.store.query(markers)}
        out = []
        for row in self.store.query(q):
            year, g = row["year"], row["g"].value
            out.append(ReportInfo(g, _value(row["title"]), int(year.value) if year else None,
                                  _value(row["place"]), _value(row["hash"]), int(row["n"].value) + extra.get(g, 0)))
        return sorted(out, key=lambda r: (r.jurisdiction or "", r.year or 0, r.iri))

    def content_hash(self, report: str) -> str | None:
        """The content hash recorded for ``report``, or None when the store does not hold it."""
        return self.content_hashes().get(str(report))

    def content_hashes(self) -> dict[str, str]:
        """Report IRI → content hash of its text, for every report that records one.

        Unlike `reports`, this reads one triple a report, not all of them.
        """
        q = f"SELECT ?g ?hash WHERE {{ GRAPH ?g {{ ?r a <{GK.Report}> ; <{GK.contentHash}> ?hash }} }}"
        return {row["g"].value: row["hash"].value for row in self.store.query(q)}

    def identities(self) -> list[ReportIdentity]:
        """The IRI, source, content hash and fingerprint of every stored report, sorted by IRI.

        A build checks new reports against these, so that a different report
        never silently replaces a stored one under the same IRI and the same
        report is not stored twice. Like `content_hashes`, it reads a few
        triples a report.

        Examples
        --------
        >>> import tempfile
        >>> from govkg.extractor import extract
        >>> with open_store(tempfile.mkdtemp() + "/kg", writable=True) as kg:
        ...     iri = kg.replace_report(extract("南阳市2023年法治政府建设情况的报告\\n一、依法履职", source="a/nanyang.txt"))
        ...     [(i.source, i.source_path.endswith("/a/nanyang.txt"), len(i.content_hash), len(i.fingerprint))
        ...      for i in kg.identities()]
        [('nanyang.txt', True, 64, 64)]
        """
        q = f"""SELECT ?g ?source ?path ?hash ?fingerprint ?stamp WHERE {{ GRAPH ?g {{ ?r a <{GK.Report}> .
          OPTIONAL {{ ?r <http://purl.org/dc/terms/source> ?source }}
          OPTIONAL {{ ?r <{GK.sourcePath}> ?path }}
          OPTIONAL {{ ?r <{GK.contentHash}> ?hash }}
          OPTIONAL {{ ?r <{GK.textFingerprint}> ?fingerprint }}
          OPTIONAL {{ ?r <{GK.extractorStamp}> ?stamp }} }} }}"""
        out = {}
        for row in self.store.query(q):
            iri = row["g"].value
            out.setdefault(iri, ReportIdentity(iri, _value(row["source"]), _value(row["hash"]),
                                               _value(row["fingerprint"]), _value(row["path"]), _value(row["stamp"])))
        return [out[iri] for iri in sorted(out)]

    def report_count(self) -> int:
        """How many reports (named graphs, derived graphs apart) the store holds."""
        return sum(1 for g in self.store.named_graphs() if is_report_graph(g.value))

    def replace_report(self, graph: Graph) -> str:
        """Put one report's graph in its named graph, replacing what was there, atomically.

        Returns
        -------
        str
            The report IRI (the graph name).
        """
        name = report_of(graph)
        # govkg's own N-Triples form, so that a description line compares equal to the stored one
        # here, not at the top: importing the extractor loads spaCy (2 s), which readers (the server's
        # query workers) never need
        from ..extractor.rdf import to_ntriples

        self.replace_ntriples(str(name), to_ntriples(set(graph)))
        return str(name)

    def replace_ntriples(self, report: str, data: str, *, superseded: tuple[str, ...] = (),
                         answers: Mapping[str, str] | None = None, prepared: Prepared | None = None) -> None:
        """Replace the named graph ``report`` by the N-Triples ``data`` in one transaction.

        The graphs ``superseded`` (the same source's report under an IRI it no longer
        gets) are dropped in the same transaction: a write stopped midway leaves
        either the old graphs or the new one, never both and never neither. The
        descriptions of shared nodes go to the shared graph (graph/shared.py).
        ``answers`` (graph IRI under `ANSWERS_PREFIX` → text) are the report's
        stored answers (queries/answers.py), written in the same transaction; the
        old ones go whether or not new ones are given, so none outlives its report.
        ``prepared`` is `prepare` (report, data, answers) made beforehand, where the
        report was extracted (a build's worker); made here when not given.
        """
        self._require_writable()
        answers = dict(answers or {})
        self._check_answer_graphs(answers)
        if prepared is None:
            prepared = prepare(report, data, answers)
        elif prepared.report != report:
            raise ValueError(f"prepared for {prepared.report}, not {report}")
        graphs = [report, *(old for old in superseded if old != report)]
        if self._staged is not None:
            # kept for the batch's load (`load_staged`), which indexes the batch's documents first
            self._staged.add(_Entry(report, graphs, prepared, frozenset(answers)))
            return
        stamp = prepared.document.stamp if self._index_documents([prepared.document]) else None
        if not any(self._holds(g) for g in graphs):
            self._load_new(report, prepared.quads + _stamp_quad(report, stamp))
        else:
            answers.update({textindex.STAMP_GRAPH: stamp} if stamp else {})
            self._replace(report, graphs, split_descriptions(data), answers)
        self._unindex(graphs, keep=stamp)

    def replace_answers(self, report: str, answers: Mapping[str, str]) -> None:
        """Replace a stored report's answers in the graphs ``answers`` names, in one transaction (the
        answers made after the build, `govkg.queries.precompute.refresh_answers`; `replace_ntriples`
        writes the others with the report)."""
        self._require_writable()
        if not self._holds(report):
            raise StoreError(f"{self.path}: holds no report {report}")
        self._check_answer_graphs(answers)
        if not answers:
            return
        drop = " ;\n".join(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{report}> {_STORED_ANSWER} ?answer }} }}"
                           for graph in sorted(answers))
        try:
            self.store.update(f"{drop} ;\nINSERT DATA {{ {_answer_blocks(report, answers)} }}")
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: cannot write the answers of {report}: {_first_line(exc)}") from None

    def remove_report(self, report: str) -> None:
        """Remove one report, and the descriptions only it gave, in one transaction."""
        self._require_writable()
        if self._staged is not None:  # after the reports given before it, as it would be unstaged
            self.load_staged()
        self._replace(report, [report], None, {})
        if self._staged is None:
            self._unindex([report])

    # -- the text index (graph/textindex.py): a report's document goes in before the report's transaction
    # (which stores its stamp; staged, before its batch's load), and the documents no report names any more go
    # after
    def text_index(self) -> textindex.TextIndex:
        """The store's text index, opened for writing (created when missing)."""
        self._require_writable()
        if self._index is None:
            textindex.forget(self.path)  # a reader's connection in this process reads the file made now
            self._index = textindex.TextIndex(self.path, writable=True)
        return self._index

    def _index_documents(self, docs: list[textindex.Packed]) -> bool:
        """Put the reports' documents in the text index (one transaction); False when the index cannot be
        written (then the reports are stored without a stamp, and text questions ask SPARQL until
        `textindex.refresh`)."""
        try:
            self.text_index().add_all(docs)
        except (OSError, sqlite3.Error) as exc:
            log.warning("%s: the text index is not written (%s); text questions ask SPARQL", self.path, exc)
            return False
        return True

    def _unindex(self, reports: list[str], keep: str | None = None) -> None:
        """Drop the index documents of ``reports`` but the one stamped ``keep``."""
        try:
            self.text_index().drop(reports, keep=keep)
        except (OSError, sqlite3.Error) as exc:
            log.warning("%s: old text index documents are left (%s)", self.path, exc)

    def _check_answer_graphs(self, answers: Mapping[str, str]) -> None:
        for graph in answers:
            if not graph.startswith(ANSWERS_PREFIX):
                raise StoreError(f"{self.path}: stored answers go in a graph under {ANSWERS_PREFIX}, not {graph}")

    def _replace(self, report: str, graphs: list[str], new: Split | None, answers: Mapping[str, str], *,
                 insert: bool = True) -> None:
        """Drop ``graphs`` (the report and those it supersedes), their stored answers and the shared
        descriptions only they gave, and (``insert``) write ``new``: one SPARQL update, one transaction."""
        gone = self._dropped_descriptions(graphs, new or Split())
        answered = self._answer_graphs(graphs)
        parts = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        parts += [f"DELETE WHERE {{ GRAPH ?g {{ <{g}> {_STORED_ANSWER} ?answer }} }}" for g in graphs]
        if gone:
            parts.append(f"DELETE DATA {{ GRAPH <{SHARED_GRAPH}> {{\n{''.join(gone)}}} }}")
        if new is not None and insert:
            shared = "".join(new.shared_lines())
            parts.append(f"INSERT DATA {{ GRAPH <{report}> {{\n{''.join(new.report_lines())}}}\n"
                         f"GRAPH <{SHARED_GRAPH}> {{\n{shared}}}\n{_answer_blocks(report, answers)}}}")
        try:
            self.store.update(" ;\n".join(parts))
            # Oxigraph keeps a named graph emptied by DELETE
            for graph in ([SHARED_GRAPH] if gone else []) + sorted(answered - set(answers)):
                if not self._holds(graph):
                    self.store.remove_graph(ox.NamedNode(graph))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: cannot write {report}: {_first_line(exc)}") from None

    def _answer_graphs(self, reports: list[str]) -> set[str]:
        """The graphs holding stored answers of ``reports``."""
        return {q.graph_name.value for r in reports
                for q in self.store.quads_for_pattern(ox.NamedNode(r), _STORED_ANSWER, None, None)}

    def _holds(self, graph: str) -> bool:
        return next(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)), None) is not None

    def _load_new(self, report: str, quads: bytes) -> None:
        """A report the store does not hold yet (its N-Quads, `prepare`): one load, a transaction too, and 1.6x
        faster than the SPARQL update a replacement needs (benchmarks/writer.py), since nothing is dropped."""
        try:
            self.store.load(quads, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: cannot write {report}: {_first_line(exc)}") from None

    def _dropped_descriptions(self, graphs: list[str], new: Split) -> list[str]:
        """The shared graph's lines that only ``graphs`` gave and ``new`` no longer gives."""
        old: dict[str, set[str]] = {}
        for g in graphs:
            for q in self.store.quads_for_pattern(None, _DESCRIBED_AS, None, ox.NamedNode(g)):
                old.setdefault(str(q.subject), set()).update(marker_lines(q.object.value))
        leaving = {ox.NamedNode(g) for g in graphs}
        gone = []
        for node, pos in sorted(old.items()):
            lost = pos - new.descriptions.get(node, set())
            # another report's literal may still give a line: one index lookup per report naming the node
            for q in self.store.quads_for_pattern(ox.NamedNode(node[1:-1]), _DESCRIBED_AS, None, None) if lost else ():
                if q.graph_name not in leaving:
                    lost -= marker_lines(q.object.value)
                    if not lost:
                        break
            gone += [f"{node} {po} .\n" for po in sorted(lost)]
        return gone

    # -- staged writing (graph/staging.py): a private copy of the database, bulk-loaded, then switched to
    @property
    def staging(self) -> bool:
        """Whether reports written now go to a staging database (`stage`)."""
        return self._staged is not None

    @property
    def staged_size(self) -> int:
        """How many bytes of N-Quads wait in memory to be loaded into the staging database."""
        return self._staged.size if self._staged is not None else 0

    def stage(self) -> None:
        """Write the reports given from now on into a private copy of the database, until `commit_staged`.

        The copy is a checkpoint of the live database (hard links to its files) or, when the store is
        empty, a new database. `replace_ntriples` then keeps each report in memory, and `load_staged`
        writes those kept with Oxigraph's bulk loader (at least twice as fast as a transaction a report,
        benchmarks/writer.py), after the replaced reports' SPARQL updates. Nothing of it is read by anyone
        but this writer until `commit_staged` makes it the store's database in one atomic step; a process
        killed before leaves the store as it was, and the copy is removed by the next writer.

        Examples
        --------
        >>> import tempfile
        >>> with open_store(tempfile.mkdtemp() + "/kg", writable=True) as kg:
        ...     kg.stage()
        ...     kg.replace_ntriples("https://example.org/r", '<https://example.org/a> <https://example.org/p> "1" .')
        ...     before = kg.report_count()  # kept in memory until the batch is loaded
        ...     loaded = kg.commit_staged()
        ...     before, loaded, kg.database.name, kg.report_count()
        (0, ['https://example.org/r'], 'oxigraph-1', 1)
        """
        self._require_writable()
        if self._staged is not None:
            raise StoreError(f"{self.path}: already staging")
        empty = next(self.store.quads_for_pattern(None, None, None, None), None) is None
        try:
            name, db = staging.begin(self.store, self.path, self._marker_database(), empty=empty)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot make a staging database: {_first_line(exc)}") from None
        self._use(db)  # the live database is closed: nothing writes it until the switch
        self._staged = _Staged(name)

    def load_staged(self) -> list[str]:
        """Write the reports kept in memory into the staging database; the reports written, in the order given.

        Each replaced report's old graph, answers and the descriptions only it gave are dropped first by
        its SPARQL update (as `replace_ntriples` would, in the same order), then the new reports' quads go
        in one bulk load. A build's workers parsed each report's N-Triples already (they load it in memory),
        so a load that fails is an I/O failure: the staging database is then not switched to. Staging is
        for `govkg.graph.build`'s reports: data from elsewhere should be written unstaged, where a bad line
        fails its own report.
        """
        staged = self._require_staged()
        entries, staged.entries, staged.size = staged.entries, [], 0
        if not entries:
            return []
        # the batch's documents, in one transaction committed before any of their stamps is written
        indexed = self._index_documents([entry.prepared.document for entry in entries])
        staged.broken = True  # until the whole batch is in: a database half written is never switched to
        for entry in entries:
            if any(self._holds(g) for g in entry.graphs):
                answers = entry.answers | ({textindex.STAMP_GRAPH} if indexed else set())
                self._replace(entry.report, entry.graphs, entry.new(), dict.fromkeys(answers, ""), insert=False)
        quads = [entry.prepared.quads + _stamp_quad(entry.report, entry.prepared.document.stamp if indexed else None)
                 for entry in entries]
        try:
            # lenient: the terms are not checked again (a sixth less CPU). Every line is one a worker parsed
            # already, in the graph of a report IRI it parsed, or a stored answer oxigraph wrote (`_new_quads`)
            self.store.bulk_load(b"".join(quads), format=ox.RdfFormat.N_QUADS, lenient=True)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.path}: cannot write into the staging database: {_first_line(exc)}") from None
        staged.broken = False
        return [entry.report for entry in entries]

    def drop_waiting(self) -> None:
        """Forget the reports waiting for `load_staged` (a build stopped midway): the staging database holds
        the reports loaded before, each whole, and nothing of these (a replaced one keeps its old graph)."""
        staged = self._require_staged()
        staged.entries, staged.size = [], 0

    def commit_staged(self) -> list[str]:
        """Load what waits (`load_staged`) and make the staging database the store's: the marker names it
        (one atomic rename), the old database is removed, and the text index keeps only the documents the
        stored reports name. Returns the reports the last load wrote."""
        staged = self._require_staged()
        loaded = self.load_staged()
        if staged.broken:
            raise StoreError(f"{self.path}: the staging database was not written whole; not switching to it")
        old = self.database
        try:
            self._marker = staging.switch(self.path, self._marker, staged.name, self.store)
        except OSError as exc:
            self._marker = self._read_marker()  # the rename may have happened before the error
            if self._marker_database() != staged.name:
                raise StoreError(f"{self.path}: cannot switch to the staging database: {_first_line(exc)}") from None
        self._staged = None
        shutil.rmtree(old, ignore_errors=True)  # left behind, the next writer removes it
        # the replaced reports' documents: dropped only now that the store no longer names them
        try:
            self.text_index().keep_only(textindex.stored_stamps(self.store).values())
        except (OSError, sqlite3.Error) as exc:
            log.warning("%s: old text index documents are left (%s)", self.path, exc)
        return loaded

    def discard_staged(self) -> None:
        """Drop the staging database and write the live one again, as it was before `stage`."""
        staged = self._require_staged()
        self._staged = None
        self._use(None)
        shutil.rmtree(self.path / staged.name, ignore_errors=True)
        try:
            self._use(ox.Store(str(self.database)))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the database again: {_first_line(exc)}") from None

    def _require_staged(self) -> _Staged:
        if self._staged is None:
            raise StoreError(f"{self.path}: not staging")
        return self._staged

    def _use(self, db: ox.Store | None) -> None:
        """Read and write ``db`` from now on (the previous database is closed once nothing holds it)."""
        if self.store is not None:
            textindex.detach(self.store)
        self.store = db
        if db is not None:
            textindex.attach(db, self.path)

    # -- reading out
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run SPARQL over the union of the reports' graphs with pyoxigraph (the fast path)."""
        return self.store.query(sparql, use_default_graph_as_union=True, substitutions=substitutions)

    def dataset(self, report: str | None = None) -> Dataset:
        """The store (or one report) as an rdflib Dataset, one graph per report, held in memory."""
        ds = Dataset(default_union=True)
        bind_prefixes(ds)
        # Derived graphs (graph/plans.py) are computed from the reports, not reports: an export leaves them out.
        graphs = [str(report)] if report else [g.value for g in self.store.named_graphs() if is_report_graph(g.value)]
        for g in sorted(graphs):
            ds.graph(URIRef(g)).parse(data=self.report_ntriples(g), format="nt")
        return ds

    def report_size(self, report: str) -> int:
        """How many triples ``report``'s graph holds standing alone (its descriptions expanded)."""
        graph = ox.NamedNode(str(report))
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        n = int(next(iter(self.store.query(count)))["n"].value)
        for q in self.store.quads_for_pattern(None, _DESCRIBED_AS, None, graph):
            n += len(marker_lines(q.object.value)) - 1
        return n

    def report_ntriples(self, report: str) -> str:
        """One report's graph as N-Triples, standing alone: its shared nodes' descriptions expanded,
        the store's bookkeeping (gk:describedAs) left out. Sorted, so the same report gives the same text."""
        lines = []
        for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(report))):
            if q.predicate == _DESCRIBED_AS:
                lines += expand(str(q.subject), q.object.value)
            else:
                lines.append(f"{q.subject} {q.predicate} {q.object} .\n")
        return "".join(sorted(lines))

    def report_store(self, report: str) -> ox.Store:
        """One report's graph standing alone (as `report_ntriples` gives it) in a pyoxigraph store in
        memory, under its own graph name: dumped and loaded by Oxigraph, without Python formatting each
        triple (1.5x faster)."""
        graph = ox.NamedNode(str(report))
        store = ox.Store()
        store.load(self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=graph)
        markers = list(store.quads_for_pattern(None, _DESCRIBED_AS, None, graph))
        store.load("".join(line for q in markers for line in expand(str(q.subject), q.object.value)),
                   format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        for q in markers:
            store.remove(q)
        return store

    def graph(self, report: str | None = None) -> Graph:
        """The union of the reports' graphs (or one report's) as an rdflib Graph."""
        g = Graph()
        bind_prefixes(g)
        for triple in self.dataset(report).triples((None, None, None)):
            g.add(triple)
        return g

    # -- files
    def load_file(self, path: str | os.PathLike, fmt: str | None = None) -> list[str]:
        """Load an export back; every report's graph in it replaces the stored one.

        The whole file is parsed before anything is written, so a file that does
        not parse leaves the store unchanged.
        """
        self._require_writable()
        path = Path(path)
        fmt = fmt or _EXTENSIONS.get(path.suffix.lower())
        if fmt not in _QUAD_FORMATS and fmt not in _TRIPLE_FORMATS:
            raise StoreError(f"{path}: cannot load this format; use trig, nquads, turtle, ntriples or json-ld")
        graphs = _parse_file(path, fmt)
        return [self.replace_report(g) for g in graphs]


@dataclass(frozen=True)
class Prepared:
    """What writing a report needs of the report alone, made where it is extracted (`prepare`): in a build,
    by the worker, so that the writer -- the one process every report goes through -- only hands it on."""

    report: str
    #: the report's graph, its shared descriptions and its stored answers as N-Quads in UTF-8 (`_new_quads`),
    #: but for its text index stamp, written only once the document is in the index (`_stamp_quad`)
    quads: bytes
    #: its text index document (graph/textindex.py)
    document: textindex.Packed


def prepare(report: str, data: str, answers: Mapping[str, str] | None = None) -> Prepared:
    """What `KnowledgeStore.replace_ntriples` (report, data, answers=answers) writes, made ready beforehand.

    Examples
    --------
    >>> p = prepare("urn:r", '<urn:s> <http://www.w3.org/2000/01/rdf-schema#label> "甲" .\\n')
    >>> p.quads.decode()
    '<urn:s> <http://www.w3.org/2000/01/rdf-schema#label> "甲" <urn:r> .\\n'
    >>> p.document.entries.decode()
    '[["urn:s", "label", "甲", "", 0, ""]]'
    """
    split = split_descriptions(data)
    quads = "".join(_new_quads(report, split, answers or {})).encode("utf-8")
    return Prepared(report, quads, textindex.document(report, split).packed())


def _stamp_quad(report: str, stamp: str | None) -> bytes:
    """The N-Quads line storing ``report``'s text index stamp (nothing without a stamp)."""
    if stamp is None:
        return b""
    return "".join(f"{line[:-2]}<{graph}> .\n" for graph, line in
                   _answer_lines(report, {textindex.STAMP_GRAPH: stamp})).encode("utf-8")


@dataclass
class _Entry:
    """A report kept in memory for the staging database's next load."""

    report: str
    graphs: list[str]  # the report's graph and those it supersedes: dropped first when the store holds any
    prepared: Prepared
    answers: frozenset[str]  # the answer graphs it writes (their texts are in the quads), the stamp's aside

    def new(self) -> Split:
        """The descriptions the report gives (its shared graph lines), which a replacement's update compares
        with the old ones: read back from the quads only for a report replaced."""
        tail = f" <{SHARED_GRAPH}> .".encode()
        out = Split()
        for line in self.prepared.quads.split(b"\n"):
            if line.endswith(tail):
                node, _, po = line[:-len(tail)].decode("utf-8").partition(" ")
                out.descriptions.setdefault(node, set()).add(po)
        return out

    @property
    def size(self) -> int:
        """The bytes it loads (its stamp's line included: a stamp's length is fixed)."""
        return len(self.prepared.quads) + len(_stamp_quad(self.report, self.prepared.document.stamp))


@dataclass
class _Staged:
    """The staging database being written: its directory's name and the reports waiting to go in."""

    name: str
    entries: list[_Entry] = field(default_factory=list)
    size: int = 0
    broken: bool = False  # a load did not finish

    def add(self, entry: _Entry) -> None:
        self.entries.append(entry)
        self.size += entry.size


def _new_quads(report: str, new: Split, answers: Mapping[str, str]) -> list[str]:
    """The N-Quads lines of a report written: its graph, its shared descriptions and its stored answers."""
    quads = [line[:-2] + f"<{report}> .\n" for line in new.report_lines()]
    quads += [f"{node} {po} <{SHARED_GRAPH}> .\n" for node, pos in new.descriptions.items() for po in pos]
    quads += [f"{line[:-2]}<{graph}> .\n" for graph, line in _answer_lines(report, answers)]
    return quads


def _answer_lines(report: str, answers: Mapping[str, str]) -> list[tuple[str, str]]:
    """(graph, N-Triples line) of each stored answer."""
    return [(graph, f"<{report}> {_STORED_ANSWER} {ox.Literal(text)} .\n") for graph, text in sorted(answers.items())]


def _answer_blocks(report: str, answers: Mapping[str, str]) -> str:
    """The stored answers as the graph blocks of a SPARQL ``INSERT DATA``."""
    return "".join(f"GRAPH <{graph}> {{ {line} }}\n" for graph, line in _answer_lines(report, answers))


def _parse_file(path: Path, fmt: str) -> list[Graph]:
    if not path.is_file():
        raise StoreError(f"{path}: file not found")
    try:
        quads = list(ox.parse(path=str(path), format=_QUAD_FORMATS.get(fmt) or _TRIPLE_FORMATS[fmt]))
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path}: not valid {fmt}: {_first_line(exc)}") from None
    nq = "".join(f"{q} .\n" for q in quads)
    ds = Dataset()
    ds.parse(data=nq, format="nquads")
    graphs = []
    for g in ds.graphs():
        if len(g) == 0:
            continue
        plain = Graph()
        for triple in g:
            plain.add(triple)
        reports = set(plain.subjects(RDF.type, GK.Report))
        if len(reports) != 1:
            raise StoreError(f"{path}: a graph holds {len(reports)} reports; load files exported with "
                             "--format trig or nquads (one graph per report), or one report per file")
        graphs.append(plain)
    if not graphs:
        raise StoreError(f"{path}: holds no govkg report")
    return sorted(graphs, key=lambda g: str(report_of(g)))


def report_of(graph: Graph) -> URIRef:
    """The one gk:Report a report graph holds."""
    reports = sorted(set(graph.subjects(RDF.type, GK.Report)))
    if len(reports) != 1:
        raise StoreError(f"a report graph must hold exactly one gk:Report, found {len(reports)}")
    return reports[0]


def _value(term) -> str | None:
    return term.value if term is not None else None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
