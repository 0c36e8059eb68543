"""A text index of labels and sentences beside the Oxigraph store: SQLite FTS5 with the trigram tokenizer.

Why: Oxigraph has no text index, so a question that looks for a piece of
text (``FILTER(CONTAINS(?value, ?text))``) reads every label and sentence of
the store through RocksDB: 3.8 s for text-search over 179 reports. SQLite's
FTS5 with the ``trigram`` tokenizer finds substrings of three characters or
more through an index (Chinese needs no segmenter: a trigram is three
characters), and shorter texts by a plain scan of the same table, still
in memory-mapped pages.

What it holds, for each report (one *document*): the report's own
rdfs:label, skos:altLabel and nif:anchorOf literals with their node and its
gk: types in the report's graph, and the labels, altLabels and types of the
shared nodes the report describes (the lines of its gk:describedAs literals,
graph/shared.py), so that a shared node's labels are the union of its
reports' descriptions exactly as the shared graph is.

Never an answer that disagrees with the store: each document has a *stamp*,
a digest of its rows (and of the report IRI and the index format), and the
store keeps the stamp of the document made from each report in the same
transaction as the report, as a stored answer (`STAMP_GRAPH`, so that any
write or removal of the report deletes it, queries/answers.py). The writer
adds the document to the index *before* the store's transaction, and removes
documents no report's stamp names only after. A reader uses the index only
when every report of the store has a stamp and the index holds a document
with that stamp; otherwise the question is asked of SPARQL. So a build
killed between the two writes, an index file deleted or from another format,
a store from before the index: each answers by SPARQL, with the same rows,
until `refresh` (run by ``govkg build``, ``govkg load`` and ``govkg index``)
makes the missing documents from the store.

The file is ``textindex.sqlite`` in the store directory; one writer (the
store's writer, holding its exclusive lock) or many readers, which open it
read-only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SKOS

from ..ontology.namespace import GK
from .shared import ANSWERS_PREFIX, Split, is_report_graph, marker_lines

__all__ = ["INDEX_FILE", "STAMP_GRAPH", "Document", "Packed", "document", "TextIndex", "attach", "detach", "index_for",
           "current_documents", "refresh", "Match"]

log = logging.getLogger(__name__)

INDEX_FILE = "textindex.sqlite"
#: The graph of the stamps: under the stored answers' prefix, so that the store writes and deletes a report's
#: stamp with the report (graph/store.py), as it does its other stored answers.
STAMP_GRAPH = ANSWERS_PREFIX + "text-index"
#: Bumped when what a document holds changes: every stamp changes with it, so older documents are not read.
FORMAT = "1"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
#: The predicates indexed, and the ``field`` name each gets (as text-search.rq names them).
FIELDS = {f"<{RDFS.label}>": "label", f"<{SKOS.altLabel}>": "altLabel", f"<{_NIF}anchorOf>": "sentence"}
_TYPE = f"<{RDF.type}>"
_TYPE_IRI = str(RDF.type)
_FIELD_NAMES = {predicate[1:-1]: name for predicate, name in FIELDS.items()}
_WANTED = (*FIELDS, _TYPE)
_GK = str(GK)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_STORED_ANSWER = ox.NamedNode(str(GK.storedAnswer))
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, report TEXT NOT NULL, stamp TEXT NOT NULL UNIQUE,
                                first INTEGER NOT NULL, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS entries(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, node TEXT NOT NULL,
                                   field TEXT NOT NULL, value TEXT NOT NULL, lang TEXT NOT NULL,
                                   shared INTEGER NOT NULL, kinds TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entries_shared_node ON entries(node) WHERE shared = 1;
CREATE VIRTUAL TABLE IF NOT EXISTS entries_text USING fts5(value, content='entries', content_rowid='id',
                                                           tokenize="trigram case_sensitive 1");
CREATE TABLE IF NOT EXISTS shared_kinds(doc INTEGER NOT NULL, node TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS shared_kinds_node ON shared_kinds(node);
CREATE INDEX IF NOT EXISTS shared_kinds_doc ON shared_kinds(doc);
CREATE TABLE IF NOT EXISTS described(doc INTEGER NOT NULL, node TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS described_node ON described(node);
CREATE INDEX IF NOT EXISTS described_doc ON described(doc);
"""


@dataclass
class Document:
    """What the index holds of one report: its rows and their digest (`stamp`)."""

    report: str
    #: (node IRI, field, lexical value, language or "", shared: whether from a shared node's description)
    entries: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    #: (node IRI, kind: the gk: type's local name, shared)
    kinds: list[tuple[str, str, int]] = field(default_factory=list)
    #: the shared nodes the report describes (IRIs)
    described: list[str] = field(default_factory=list)

    @property
    def stamp(self) -> str:
        """A digest of the document: equal for equal rows of the same report, in the same index format."""
        text = json.dumps([FORMAT, self.report, self.entries, self.kinds, self.described], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def packed(self) -> Packed:
        """The document as `TextIndex.add` writes it: the stamp, and the rows as JSON for SQLite to read."""
        own_kinds: dict[str, list[str]] = {}
        for node, kind, shared in self.kinds:
            if not shared:
                own_kinds.setdefault(node, []).append(kind)
        # a node's own kinds with each of its rows: the rows of a text are then read without a join
        rows = [(node, name, value, lang, shared, "" if shared else " ".join(own_kinds.get(node, ())))
                for node, name, value, lang, shared in self.entries]
        shared_kinds = [(node, kind) for node, kind, shared in self.kinds if shared]
        return Packed(self.report, self.stamp, _json(rows), _json(shared_kinds), _json(self.described))


def _json(rows: list) -> bytes:
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Packed:
    """A `Document` made ready to write: its stamp and its rows as JSON texts (UTF-8), which SQLite reads
    itself (``json_each``). A build's worker packs the document of the report it extracted, so that the
    writer, the one process every report goes through, neither makes the document nor holds its rows as
    Python objects (graph/store.py `prepare`)."""

    report: str
    stamp: str
    #: [node, field, value, lang, shared, the node's own kinds joined by spaces] a row, in the document's order
    entries: bytes
    #: [node, kind] of each shared node's kind
    shared_kinds: bytes
    #: the shared nodes described
    described: bytes


def document(report: str, split: Split) -> Document:
    """The index document of ``report`` whose graph is ``split`` (as the store writes it).

    Examples
    --------
    >>> from govkg.graph.shared import split_descriptions
    >>> nt = ('<urn:s> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> "推进依法行政" .\\n'
    ...       '<urn:s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/govkg/def#Sentence> .\\n'
    ...       '<https://w3id.org/govkg/id/agency/a> <http://www.w3.org/2000/01/rdf-schema#label> "市政府" .\\n')
    >>> d = document("urn:r", split_descriptions(nt))
    >>> d.entries
    [('https://w3id.org/govkg/id/agency/a', 'label', '市政府', '', 1), ('urn:s', 'sentence', '推进依法行政', '', 0)]
    >>> d.kinds, d.described
    ([('urn:s', 'Sentence', 0)], ['https://w3id.org/govkg/id/agency/a'])
    """
    # the lines of the indexed predicates and of the types of the nodes they label, before any parsing
    fields = [line for line in split.own if line.split(" ", 2)[1] in FIELDS]
    labelled = {line.split(" ", 1)[0] for line in fields}
    types = [line for line in split.own if line.split(" ", 1)[0] in labelled and line.split(" ", 2)[1] == _TYPE]
    own = _triples(fields + types)
    shared = _triples(f"{node} {po} .\n" for node, pos in split.descriptions.items() for po in pos
                      if po.startswith(_WANTED))
    return _document(report, own, shared, sorted(node[1:-1] for node in split.descriptions))


def _document(report: str, own: list[ox.Triple], shared: list[ox.Triple], described: list[str]) -> Document:
    doc = Document(report, described=described)
    for flag, triples in ((0, own), (1, shared)):
        labelled = set()
        typed = []
        for t in triples:
            predicate = t.predicate.value
            if predicate == _TYPE_IRI:
                if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(_GK):
                    typed.append((t.subject.value, t.object.value[len(_GK):]))
                continue
            name = _FIELD_NAMES.get(predicate)
            lang = _language(t.object) if name else None
            if lang is not None:
                doc.entries.append((t.subject.value, name, t.object.value, lang, flag))
                labelled.add(t.subject.value)
        # a shared node's kind counts for every report describing it; an own node's, for its rows
        doc.kinds += [(node, kind, flag) for node, kind in typed if flag or node in labelled]
    doc.entries = sorted(set(doc.entries))
    doc.kinds = sorted(set(doc.kinds))
    return doc


def _triples(lines: Iterable[str]) -> list[ox.Triple]:
    return list(ox.parse("".join(lines), format=ox.RdfFormat.N_TRIPLES))


def _language(term) -> str | None:
    """"" for a plain string, the tag for a language-tagged one; None for what CONTAINS does not read."""
    if not isinstance(term, ox.Literal):
        return None
    if term.language:
        return term.language
    return "" if term.datatype.value == _XSD_STRING else None


def store_document(store: ox.Store, report: str) -> Document:
    """The document of ``report`` as ``store`` holds it (its graph and its gk:describedAs literals)."""
    graph = ox.NamedNode(report)
    described_as = f"<{GK.describedAs}>"
    own, lines, described = [], [], []
    for q in store.quads_for_pattern(None, None, None, graph):
        predicate = str(q.predicate)
        if predicate == described_as:
            described.append(q.subject.value)
            lines += [f"{q.subject} {po} .\n" for po in marker_lines(q.object.value)
                      if po.startswith(tuple(FIELDS)) or po.startswith(_TYPE)]
        elif predicate in FIELDS or predicate == _TYPE:
            own.append(ox.Triple(q.subject, q.predicate, q.object))
    return _document(report, own, _triples(lines), sorted(described))


@dataclass(frozen=True)
class Match:
    """One indexed literal containing the text looked for."""

    report: str
    node: str
    field: str
    value: str
    lang: str
    shared: bool
    #: the node's gk: kinds in its report's graph (a shared node's are in `TextIndex.shared_kinds`)
    kinds: tuple[str, ...] = ()


class TextIndex:
    """The index file of a store directory, opened for reading or writing.

    Examples
    --------
    >>> import tempfile
    >>> from govkg.graph.shared import split_descriptions
    >>> nt = ('<urn:s> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> "推进依法行政" .\\n'
    ...       '<urn:s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/govkg/def#Sentence> .\\n')
    >>> index = TextIndex(tempfile.mkdtemp(), writable=True)
    >>> doc = document("urn:r", split_descriptions(nt))
    >>> index.add(doc)
    >>> [(m.value, m.kinds) for m in index.matches("依法", {doc.stamp: 1})]
    [('推进依法行政', ('Sentence',))]
    """

    def __init__(self, directory: str | Path, *, writable: bool = False) -> None:
        self.path = Path(directory) / INDEX_FILE
        self.writable = writable
        if writable:
            try:
                self._open_writable()
            except sqlite3.DatabaseError:  # not a database (cut short, overwritten): made again from the store
                self.db.close()
                self.path.unlink()
                self._open_writable()
        else:
            if not self.path.exists():
                raise FileNotFoundError(self.path)
            self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            if self._format() != FORMAT:
                self.db.close()
                raise sqlite3.DatabaseError(f"{self.path}: not a text index of format {FORMAT}")

    def _open_writable(self) -> None:
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        # a commit survives a killed process; a power cut may lose the last one, never the store's
        # consistency: a stamp without its document means SPARQL answers
        self.db.execute("PRAGMA synchronous=NORMAL")
        if self._format() not in (None, FORMAT):  # another format: made again from the store by `refresh`
            self.db.close()
            self.path.unlink()
            self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        with self._transaction():
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self.db.execute(statement)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))

    def _format(self) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def _transaction(self):
        return _Transaction(self.db)

    # -- writing
    def stamps(self) -> dict[str, int]:
        """Stamp → document id of every document held."""
        return dict(self.db.execute("SELECT stamp, id FROM docs"))

    def add(self, doc: Document | Packed) -> None:
        """Hold ``doc`` (one transaction; nothing when a document with its stamp is held already)."""
        self.add_all([doc])

    def add_all(self, docs: Iterable[Document | Packed]) -> None:
        """Hold each of ``docs`` not held already, all in one transaction (one commit, and the full-text
        index merges its new segments once: a fifth less CPU than a transaction a document)."""
        packed = [doc if isinstance(doc, Packed) else doc.packed() for doc in docs]
        if not packed:
            return
        with self._transaction():
            for doc in packed:
                self._insert(doc)

    def _insert(self, doc: Packed) -> None:
        if self.db.execute("SELECT 1 FROM docs WHERE stamp = ?", (doc.stamp,)).fetchone():
            return
        doc_id = self.db.execute("INSERT INTO docs(report, stamp, first, last) VALUES (?, ?, 0, -1)",
                                 (doc.report, doc.stamp)).lastrowid
        first = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM entries").fetchone()[0] + 1
        # the rows in the document's order, ids from ``first`` on (json_each's key is the array index)
        count = self.db.execute("INSERT INTO entries SELECT ? + key, ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
                                "json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]') FROM json_each(CAST(? AS TEXT))",
                                (first, doc_id, doc.entries)).rowcount
        last = first + count - 1
        self.db.execute("INSERT INTO entries_text(rowid, value) SELECT id, value FROM entries WHERE id BETWEEN ? AND ?",
                        (first, last))
        self.db.execute("UPDATE docs SET first = ?, last = ? WHERE id = ?", (first, last, doc_id))
        self.db.execute("INSERT INTO shared_kinds SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(CAST(? AS TEXT))",
                        (doc_id, doc.shared_kinds))
        self.db.execute("INSERT INTO described SELECT ?, value FROM json_each(CAST(? AS TEXT))", (doc_id, doc.described))

    def drop(self, reports: Iterable[str], *, keep: str | None = None) -> None:
        """Drop the documents of ``reports`` but the one stamped ``keep``."""
        self._drop([(i, first, last) for report in reports for i, stamp, first, last in
                    self.db.execute("SELECT id, stamp, first, last FROM docs WHERE report = ?", (report,)).fetchall()
                    if stamp != keep])

    def _drop(self, gone: list[tuple[int, int, int]]) -> None:
        if not gone:
            return
        with self._transaction():
            for doc_id, first, last in gone:
                # an external-content FTS table forgets a row given its indexed text
                self.db.execute("INSERT INTO entries_text(entries_text, rowid, value) "
                                "SELECT 'delete', id, value FROM entries WHERE id BETWEEN ? AND ?", (first, last))
                self.db.execute("DELETE FROM entries WHERE id BETWEEN ? AND ?", (first, last))
                self.db.execute("DELETE FROM shared_kinds WHERE doc = ?", (doc_id,))
                self.db.execute("DELETE FROM described WHERE doc = ?", (doc_id,))
                self.db.execute("DELETE FROM docs WHERE id = ?", (doc_id,))

    def keep_only(self, stamps: Iterable[str]) -> int:
        """Drop every document whose stamp is not in ``stamps`` (those no stored report names); how many."""
        keep = set(stamps)
        gone = [(i, first, last) for i, stamp, first, last in
                self.db.execute("SELECT id, stamp, first, last FROM docs").fetchall() if stamp not in keep]
        self._drop(gone)
        return len(gone)

    # -- reading
    def matches(self, text: str, docs: dict[str, int], *, report: str | None = None,
                fields: Iterable[str] | None = None) -> list[Match]:
        """The literals of the documents ``docs`` (stamp → id, `current_documents`) that contain ``text``.

        ``text`` of three characters or more is looked up in the trigram index, as one quoted phrase (a
        query's own quotes doubled: nothing in it is FTS syntax); shorter ones scan the rows. Each candidate
        is checked with ``instr`` (a case-sensitive substring test, as SPARQL's CONTAINS). Given a
        ``report``, only its own rows and the shared rows of the nodes it describes are read.
        """
        ids = set(docs.values())
        reports = dict(self.db.execute("SELECT id, report FROM docs"))
        columns = "SELECT doc, node, field, value, lang, shared, kinds FROM entries"
        if len(text) >= 3:
            found = self.db.execute(f"{columns} WHERE id IN (SELECT rowid FROM entries_text WHERE entries_text MATCH ?) "
                                    "AND instr(value, ?) > 0", ('"' + text.replace('"', '""') + '"', text)).fetchall()
        elif report is None:
            found = self.db.execute(f"{columns} WHERE instr(value, ?) > 0", (text,)).fetchall()
        else:
            found = []
            for doc_id, first, last in self.db.execute("SELECT id, first, last FROM docs WHERE report = ?", (report,)).fetchall():
                if doc_id in ids:
                    found += self.db.execute(f"{columns} WHERE id BETWEEN ? AND ? AND shared = 0 AND instr(value, ?) > 0",
                                             (first, last, text)).fetchall()
                    found += self.db.execute(f"{columns} WHERE shared = 1 AND node IN (SELECT node FROM described "
                                             "WHERE doc = ?) AND instr(value, ?) > 0", (doc_id, text)).fetchall()
        wanted = set(fields) if fields is not None else None
        return [Match(reports[doc], node, name, value, lang, bool(shared), tuple(kinds.split()))
                for doc, node, name, value, lang, shared, kinds in found
                if doc in ids and (wanted is None or name in wanted)]

    def shared_kinds(self, nodes: Iterable[str], docs: dict[str, int]) -> dict[str, set[str]]:
        """Shared node → its gk: kinds in the documents ``docs`` (the shared graph's types of it)."""
        return self._by_node("SELECT doc, node, kind FROM shared_kinds", nodes, docs, lambda doc, kind: kind)

    def describing(self, nodes: Iterable[str], docs: dict[str, int]) -> dict[str, set[str]]:
        """Shared node → the reports (among ``docs``) that describe it."""
        reports = dict(self.db.execute("SELECT id, report FROM docs"))
        return self._by_node("SELECT doc, node, doc FROM described", nodes, docs, lambda doc, _: reports[doc])

    def _by_node(self, select: str, nodes: Iterable[str], docs: dict[str, int], value) -> dict[str, set[str]]:
        ids = set(docs.values())
        out: dict[str, set[str]] = {}
        # the nodes as a JSON array: one statement, an index lookup a node (readers cannot write a temporary table)
        for doc, node, item in self.db.execute(f"{select} WHERE node IN (SELECT value FROM json_each(?))",
                                               (json.dumps(sorted(set(nodes)), ensure_ascii=False),)):
            if doc in ids:
                out.setdefault(node, set()).add(value(doc, item))
        return out


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, ROLLBACK on an error (the connection is in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


# -- which index a store has: a pyoxigraph Store cannot carry an attribute or a weak reference, so the store's
# id() names it. A wrong pairing (an id reused by another store) cannot give a wrong answer: the index is read
# only for the documents whose stamps the store itself holds (`current_documents`).
_ATTACHED: dict[int, Path] = {}
_OPEN: dict[Path, TextIndex | None] = {}


def attach(store: ox.Store, directory: str | Path) -> None:
    """Say that ``store``'s text index is in ``directory`` (a store directory)."""
    _ATTACHED[id(store)] = Path(directory)


def detach(store: ox.Store) -> None:
    """Forget ``store``'s index (when the store is closed)."""
    _ATTACHED.pop(id(store), None)


def index_for(store: ox.Store) -> TextIndex | None:
    """The text index attached to ``store``, opened read-only; None when there is none or it cannot be read."""
    directory = _ATTACHED.get(id(store))
    if directory is None:
        return None
    if directory not in _OPEN:
        try:
            _OPEN[directory] = TextIndex(directory)
        except (OSError, sqlite3.Error):
            return None  # not there yet: looked for again next time
    return _OPEN[directory]


def forget(directory: str | Path) -> None:
    """Close a reader's connection to ``directory``'s index (after a writer changed which file is there)."""
    index = _OPEN.pop(Path(directory), None)
    if index is not None:
        index.close()


def stored_stamps(store: ox.Store) -> dict[str, str]:
    """Report → the stamp the store holds for it."""
    return {q.subject.value: q.object.value
            for q in store.quads_for_pattern(None, _STORED_ANSWER, None, ox.NamedNode(STAMP_GRAPH))}


def current_documents(store: ox.Store, index: TextIndex) -> dict[str, int] | None:
    """Stamp → document id for every report of ``store``, or None when the index lacks one (ask SPARQL)."""
    stamps = stored_stamps(store)
    held = index.stamps()
    docs = {}
    for graph in store.named_graphs():
        if is_report_graph(graph.value):
            stamp = stamps.get(graph.value)
            if stamp not in held:
                return None
            docs[stamp] = held[stamp]
    return docs


def refresh(kg) -> int:
    """Index every report of ``kg`` (a writable KnowledgeStore) whose document the index lacks, and drop
    the documents no report names; returns how many reports were indexed.

    Examples
    --------
    >>> import tempfile
    >>> from govkg.graph.store import open_store
    >>> with open_store(tempfile.mkdtemp() + "/kg", writable=True) as kg:
    ...     refresh(kg)
    0
    """
    index = kg.text_index()
    stamps = stored_stamps(kg.store)
    held = index.stamps()
    made = 0
    for graph in sorted(g.value for g in kg.store.named_graphs() if is_report_graph(g.value)):
        if stamps.get(graph) in held:
            continue
        doc = store_document(kg.store, graph)
        index.add(doc)
        kg.replace_answers(graph, {STAMP_GRAPH: doc.stamp})
        stamps[graph] = doc.stamp
        made += 1
    index.keep_only(stamps.values())
    return made
