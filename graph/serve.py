"""A SPARQL endpoint over a govkg store, for programs and for people.

`serve` runs two real servers over one store directory:

- the Oxigraph server (the ``oxigraph`` program of the PyPI package of that
  name, written in Rust) opens the store's database, read-only unless
  ``writable=True``, on a private port of 127.0.0.1, and answers SPARQL
  Update and the Graph Store HTTP Protocol (when writable), and YASGUI;
- uvicorn runs a small Starlette app on the public address that serves the
  query page, the query library and the SPARQL 1.1 Protocol's queries (GET
  and POST, results as SPARQL JSON, XML, CSV or TSV, graphs as Turtle,
  N-Triples, RDF/XML, JSON-LD... by content negotiation; the default graph
  is the union of the reports' graphs, as for ``govkg query``), and passes
  the rest to the Oxigraph server.

Routes of the public address::

    /                    the query page: the library's questions, a form for their
                         parameters, your own SPARQL; inline script, fetches nothing
                         but this server
    /queries             the library as JSON: name, questions, parameters, SPARQL text
    /queries/NAME?p=v    runs a library question, parameters bound as `govkg query`
                         binds them (never pasted into the text); SPARQL JSON
                         (default), XML, CSV or TSV by the Accept header
    /query, /sparql      the SPARQL 1.1 Protocol endpoint (queries, in worker processes)
    /update, /store      SPARQL Update and the Graph Store Protocol (Oxigraph); with a
                         read-only server they answer 403
    /yasgui/             Oxigraph's own YASGUI editor (bundled with it, offline too)

Queries run in worker processes (pyoxigraph), never in the Oxigraph server:
SPARQL on ``/query`` and ``/sparql`` in one pool, library questions (with
parameters as substitutions) in another, so that heavy queries of the one
cannot take the workers of the other.  Each pool runs at most ``workers``
queries at once; the others wait for a free worker within their time limit.
The workers read the database directly when the server is read-only, and a
snapshot taken from the Oxigraph server after each write when it is writable.

Time limit: a query that has not answered within ``timeout`` seconds
(waiting for a worker included) gets a ``503`` with a one-line message, and
its worker is killed (SIGKILL) and replaced, so that it stops using the CPU
at once (the Oxigraph server's own ``--timeout-s`` does not stop every query:
a sorted cross product went on for minutes).  Answers are held until
complete, so a client gets either the whole answer or one error, never a cut
one or an answer with an error appended.

Federated queries: a query with a ``SERVICE`` clause would have this server
fetch from any address a client names (and pass back what it got).  It is
refused with a ``400`` unless the server was started with
``allow_service=True`` (``--allow-service``); the query is parsed (rdflib's
SPARQL parser) to find the clause.

Locking: the server holds the store through `open_store` for as long as it
runs, with a reader's lock when read-only (``govkg build`` into it then says
"store is locked"; other readers may come) and a writer's lock when writable.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import difflib
import errno
import functools
import io
import json
import math
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import files
from pathlib import Path

from ..errors import GovkgError
from ..queries import QueryError, check_params, library, oxigraph_substitutions
from .store import DEFAULT_STORE, open_store

__all__ = ["ServeError", "QueryTimeout", "QueryRefused", "QueryPool", "serve", "library_entries", "query_page",
           "uses_service", "DEFAULT_PORT", "DEFAULT_TIMEOUT"]

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 5.0
PAGE = "serve_page.html"
MAX_ANSWER_BYTES = 256 * 2**20
# Library questions whose `report` parameter confines them to that report's own named graph: with it given, they
# are asked over that graph (as the default graph) instead of the union of all graphs.  The answer is the same,
# and found in tens of milliseconds instead of seconds on a store of 179 reports (goal-tree: 36 ms against 28 s),
# since Oxigraph reads every graph and merges them for the union.  planned-actions-followup reads the later
# reports too and is asked over the union.  tests/test_serve_load.py checks each against the union's answer.
REPORT_SCOPED = frozenset({"actions-by-status", "actions-feeding-goal", "agencies-ranked", "agency-actions",
                           "completeness-claims", "goal-tree", "goals-without-action", "goals-without-numbers",
                           "policies-issued", "programs-goals", "report-numbers", "text-search"})
# Memory for library answers kept to be given again (see `_Answers`).
ANSWER_CACHE_BYTES = 64 * 2**20

_QUERY_PATHS = {"/query", "/sparql"}
_WRITE_PATHS = {"/update", "/store"}
_READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# Headers of one hop only (RFC 9110 7.6.1), and those the proxy sets itself.
_HOP_HEADERS = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                "trailers", "transfer-encoding", "upgrade", "host", "content-length"}
# Media types a library question answers in: the pyoxigraph format, and the Content-Type sent.
_ANSWER_TYPES = {
    "application/sparql-results+json": ("JSON", "application/sparql-results+json"),
    "application/json": ("JSON", "application/sparql-results+json"),
    "application/sparql-results+xml": ("XML", "application/sparql-results+xml"),
    "application/xml": ("XML", "application/sparql-results+xml"),
    "text/csv": ("CSV", "text/csv; charset=utf-8"),
    "text/tab-separated-values": ("TSV", "text/tab-separated-values; charset=utf-8"),
}
# Media types a CONSTRUCT or DESCRIBE answers in (the first when the client has no preference).
_GRAPH_TYPES = {
    "text/turtle": ("TURTLE", "text/turtle; charset=utf-8"),
    "application/n-triples": ("N_TRIPLES", "application/n-triples"),
    "application/rdf+xml": ("RDF_XML", "application/rdf+xml"),
    "application/ld+json": ("JSON_LD", "application/ld+json"),
    "application/n-quads": ("N_QUADS", "application/n-quads"),
    "application/trig": ("TRIG", "application/trig"),
    "text/n3": ("N3", "text/n3; charset=utf-8"),
}
# What a worker's answer status means to a client.
_REFUSALS = {"bad": 400, "refused": 400, "unacceptable": 406, "too-large": 507}
_UPDATE_TYPES = {"application/sparql-update", "application/x-www-form-urlencoded"}
# Threads (each waiting on a worker, idle) per pool: more than the clients a burst brings at once.
_WAITING_THREADS = 64
# Longest library parameters: an integer as Python converts it by default, any other value.
MAX_INTEGER_DIGITS = sys.int_info.default_max_str_digits or 4300
MAX_PARAM_CHARS = 10_000
# The longest query or update text taken (the protocol puts no limit; a larger one is surely not a question).
MAX_QUERY_BYTES = 2**20
_PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
                "img-src data:; base-uri 'none'; form-action 'none'")


class ServeError(GovkgError):
    """The endpoint cannot start or cannot answer (a port in use, a server that does not start)."""


class QueryTimeout(ServeError):
    """A query ran past the server's time limit, or waited that long for a free worker."""


class QueryRefused(ServeError):
    """The client's query cannot be answered as asked; `status` is the HTTP status to answer with.

    400: not SPARQL, or federated (``SERVICE``) on a server that does not
    allow it; 406: no result format the client accepts; 507: the answer is
    too large.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def serve(store_dir: str | os.PathLike = DEFAULT_STORE, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          writable: bool = False, timeout: float = DEFAULT_TIMEOUT, workers: int = 2,
          allow_service: bool = False, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the store over the SPARQL 1.1 Protocol, with a query page, until interrupted.

    Parameters
    ----------
    store_dir : str or os.PathLike
        A govkg store; with `writable`, one is created if the directory is new.
    host, port : str, int
        Where to listen; port 0 takes a free one (`on_ready` is told which).
    writable : bool
        Accept SPARQL Update and Graph Store writes; the server then holds
        the store's writer lock.
    timeout : float
        Seconds a query may take before it is answered ``503``.
    workers : int
        Worker processes for SPARQL (``/query``), and as many for library
        questions (``/queries/NAME``): how many queries of each kind run at once.
    allow_service : bool
        Run federated queries (``SERVICE``), which have the server fetch from
        the addresses they name; refused with ``400`` by default.
    on_ready : callable, optional
        Called with the server's URL once it answers.

    Raises
    ------
    ServeError
        The address is in use or cannot be listened on, the Oxigraph server
        program is missing or does not start.
    StoreError
        The directory is not a store, or the store is locked.

    Examples
    --------
    >>> serve("no-such-store", port=0)
    Traceback (most recent call last):
    ...
    govkg.graph.store.StoreError: no-such-store: does not exist
    """
    if not timeout > 0:
        raise ServeError(f"the time limit must be more than 0 seconds, not {timeout}")
    if workers < 1:
        raise ServeError(f"at least one worker is needed, not {workers}")
    import uvicorn

    _ignore_broken_pipes()
    sock = _listen(host, port)  # first, so that a port in use fails before anything starts
    try:
        with open_store(store_dir, writable=writable) as kg:
            # The Oxigraph server and the workers open the database themselves; this process keeps the lock.
            kg.store = None
            db = kg.path / "oxigraph"
            upstream = _Oxigraph(db, writable=writable, timeout=timeout)
            pools: list[QueryPool] = []
            try:
                upstream.start()
                # Only a reader may open the database beside the Oxigraph server; with a writer, take snapshots.
                source = upstream.url + "/store" if writable else db
                pools.append(QueryPool(source, size=workers))
                pools.append(QueryPool(source, size=workers, clients=True))
                for pool in pools:
                    pool.start()
                url = _url(host, sock.getsockname()[1])
                app = _app(upstream.url, *pools, writable=writable, timeout=timeout, allow_service=allow_service,
                           on_ready=(lambda: on_ready(url)) if on_ready else None,
                           on_shutdown=lambda: _stop(pools, upstream))
                config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                        timeout_graceful_shutdown=2)
                with contextlib.suppress(KeyboardInterrupt):
                    uvicorn.Server(config).run(sockets=[sock])
            finally:
                _stop(pools, upstream)
    finally:
        sock.close()


def _ignore_broken_pipes() -> None:
    """A client that goes away before its answer is written must not stop the server.

    The CLI restores SIGPIPE's default (so that ``govkg query | head`` ends
    quietly), which ends the process on the first write to a closed
    connection: a client that gave up while the server was starting, or on a
    slow query, stopped ``govkg serve`` (exit status -13).  Ignored, the write
    fails with EPIPE, which uvicorn handles for that connection alone.
    """
    if hasattr(signal, "SIGPIPE") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)


def library_entries() -> list[dict]:
    """The query library as JSON-ready data: what ``/queries`` answers and the page lists.

    Examples
    --------
    >>> entry = next(e for e in library_entries() if e["name"] == "actions-feeding-goal")
    >>> entry["url"], [(p["name"], p["optional"]) for p in entry["params"]]
    ('/queries/actions-feeding-goal', [('goal', False), ('report', True)])
    """
    return [{"name": spec.name, "question_zh": spec.question_zh, "question_en": spec.question_en,
             "params": [{"name": p.name, "description": p.description, "kind": p.kind, "optional": p.optional}
                        for p in spec.params],
             "text": spec.text, "url": f"/queries/{spec.name}"}
            for spec in library().values()]


def query_page(*, writable: bool = False, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The query page: self-contained HTML that lists the library and runs questions against this server.

    Examples
    --------
    >>> page = query_page()
    >>> page.startswith("<!DOCTYPE html>") and "agencies-ranked" in page
    True
    """
    data = {"library": library_entries(), "writable": writable, "timeout": timeout}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script>, < > & occur only in JSON strings: escape them there, so no text can end the block.
    block = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = files(__package__).joinpath(PAGE).read_text(encoding="utf-8")
    return template.replace("{{DATA}}", block)


# -- library questions in worker processes


class QueryPool:
    """Worker processes that run SPARQL on the store's database, each query within a time limit.

    pyoxigraph cannot interrupt a query, so a query that runs past its limit
    is stopped by killing its worker, and a new worker takes its place.  The
    workers are plain ``python`` processes talking over pipes (not
    `multiprocessing`, which would import the caller's main module again).

    Parameters
    ----------
    source : str or os.PathLike
        The Oxigraph database directory (``STORE/oxigraph``), which each
        worker opens read-only; or, when another process writes that
        database (a writable server), the ``http(s)`` URL of its Graph Store
        endpoint: each worker then queries a snapshot of the dataset, taken
        again after `changed` (an Oxigraph database opened read-only while
        another process writes it may fail to read).
    size : int
        How many queries may run at once.
    clients : bool
        The pool answers clients' own SPARQL (`ask`): its workers load the
        parser that finds federated queries when they start, not at the
        first query.
    """

    def __init__(self, source: str | os.PathLike, *, size: int = 2, clients: bool = False) -> None:
        self.source = os.fspath(source)
        self.size = size
        self.clients = clients
        self.generation = 0
        self._idle: queue.Queue = queue.Queue()
        self._workers: set = set()
        self._guard = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start the workers and wait until each has the dataset open."""
        started = [self._spawn() for _ in range(self.size)]
        for worker in started:
            self._await_ready(worker)
            self._idle.put(worker)

    def run(self, text: str, bindings: dict | None = None, fmt: str = "JSON", *, timeout: float,
            graph: str | None = None) -> bytes:
        """Answer ``text`` (SPARQL SELECT or ASK over the union of the graphs) in ``fmt``.

        Parameters
        ----------
        text : str
            The query.
        bindings : dict, optional
            Variable name to ``(kind, value)``, as `govkg.queries` checks
            parameters; bound as pyoxigraph substitutions.
        fmt : {"JSON", "XML", "CSV", "TSV"}
            A `pyoxigraph.QueryResultsFormat` name.
        timeout : float
            Seconds to wait for a free worker and for the answer, together.
        graph : str, optional
            The IRI of the one named graph to ask (as the default graph)
            instead of the union of the graphs.

        Raises
        ------
        QueryTimeout
            No worker was free, or the query ran too long.
        ServeError
            The query failed, or its worker died.
        """
        payload, _ = self._call({"text": text, "bindings": bindings or {}, "fmt": fmt, "graph": graph}, timeout)
        return payload

    def ask(self, text: str, *, accept: str = "", default_graph: list[str] | None = None,
            named_graphs: list[str] | None = None, allow_service: bool = False,
            limit: int | None = None, timeout: float) -> tuple[bytes, str]:
        """Answer a client's SPARQL query (any form) as the SPARQL 1.1 Protocol does: ``(body, media type)``.

        Parameters
        ----------
        text : str
            The query; without ``FROM`` or `default_graph`, its default graph
            is the union of the graphs.
        accept : str
            The client's Accept header: SPARQL results as JSON, XML, CSV or
            TSV; graphs as Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads, TriG or N3.
        default_graph, named_graphs : list of str, optional
            IRIs of the protocol's ``default-graph-uri`` and ``named-graph-uri``.
        allow_service : bool
            Run ``SERVICE`` clauses; without it such a query is refused.
        limit : int, optional
            Largest answer in bytes (`MAX_ANSWER_BYTES` when not given).
        timeout : float
            Seconds to wait for a free worker and for the answer, together.

        Raises
        ------
        QueryRefused
            The query is not SPARQL, is federated and not allowed, has no
            format the client accepts, or its answer is too large.
        QueryTimeout
            No worker was free, or the query ran too long (its worker is killed).
        ServeError
            The query failed, or its worker died.
        """
        job = {"text": text, "raw": True, "accept": accept, "default_graph": default_graph or [],
               "named_graphs": named_graphs or [], "allow_service": allow_service,
               "limit": MAX_ANSWER_BYTES if limit is None else limit}
        return self._call(job, timeout)

    def check(self, text: str, *, timeout: float) -> None:
        """Refuse a federated SPARQL Update (``SERVICE`` in its ``WHERE``) with `QueryRefused`, as `ask` does."""
        self._call({"text": text, "check": True}, timeout)

    def _call(self, job: dict, timeout: float) -> tuple[bytes, str]:
        # One deadline for the wait and the run: queued heavy queries give up in turn, so a light one waits
        # at most about one time limit.
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"the server is busy: no query worker was free within {timeout:g} s") from None
        process, conn = worker
        try:
            conn.send({**job, "generation": self.generation})
            if not conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)  # killed now: a query cannot be cancelled any other way
                raise QueryTimeout(f"the query took longer than the time limit of {timeout:g} s")
            status, payload, media_type = conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            raise ServeError(f"a query worker died (exit status {process.poll()})") from None
        self._idle.put(worker)
        if status in _REFUSALS:
            raise QueryRefused(payload, _REFUSALS[status])
        if status != "ok":
            raise ServeError(payload)
        return payload, media_type

    def changed(self) -> None:
        """The dataset has changed: snapshots are taken again before the next queries."""
        self.generation += 1

    def close(self) -> None:
        """Stop every worker."""
        with self._guard:
            self._closed = True
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            _end_worker(worker)

    def __enter__(self) -> QueryPool:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _spawn(self):
        jobs_read, jobs_write = os.pipe()
        answers_read, answers_write = os.pipe()
        # The worker imports govkg from where this process did (as multiprocessing would).
        code = ("import json, sys\nsys.path[:] = json.loads(sys.argv[1])\n"
                "from govkg.graph.serve import _worker\n_worker(*sys.argv[2:])")
        arguments = [json.dumps(sys.path), str(jobs_read), str(answers_write), self.source, str(self.generation),
                     "clients" if self.clients else ""]
        try:
            process = subprocess.Popen([sys.executable, "-c", code, *arguments], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, pass_fds=(jobs_read, answers_write))
        finally:
            os.close(jobs_read)
            os.close(answers_write)
        worker = (process, _Channel(answers_read, jobs_write))
        with self._guard:
            if self._closed:
                _end_worker(worker)
                raise ServeError("the query workers are stopped")
            self._workers.add(worker)
        return worker

    def _await_ready(self, worker) -> None:
        process, conn = worker
        try:
            ready = conn.poll(120)
            status, message, _ = conn.recv() if ready else ("error", "a query worker did not start within 120 s", "")
        except (EOFError, OSError):
            status, message = "error", f"a query worker exited at start (status {process.wait(5)})"
        if status != "ready":
            self._forget(worker)
            raise ServeError(f"{self.source}: {message}")

    def _replace(self, worker) -> None:
        self._forget(worker)

        def respawn() -> None:
            with contextlib.suppress(ServeError):
                new = self._spawn()
                self._await_ready(new)
                self._idle.put(new)

        threading.Thread(target=respawn, name="govkg-query-respawn", daemon=True).start()

    def _forget(self, worker) -> None:
        with self._guard:
            self._workers.discard(worker)
        _end_worker(worker)


class _Channel:
    """Both pipes of one worker as one connection: `multiprocessing.connection` framing over plain fds."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        from multiprocessing.connection import Connection

        self._in = Connection(read_fd, writable=False)
        self._out = Connection(write_fd, readable=False)

    def send(self, obj) -> None:
        self._out.send(obj)

    def recv(self):
        return self._in.recv()

    def poll(self, timeout: float) -> bool:
        return self._in.poll(timeout)

    def close(self) -> None:
        self._in.close()
        self._out.close()


def _end_worker(worker) -> None:
    process, conn = worker
    conn.close()
    if process.poll() is None:
        process.kill()
    process.wait(5)


def _worker(jobs_fd: str, answers_fd: str, source: str, generation: str, role: str = "") -> None:
    """A worker process's loop: receive a job (a dict, see `QueryPool._call`), send back
    ``(status, payload, media type)``: ``("ok", bytes, type)``, or a status of `_REFUSALS` or ``"error"`` with a
    message.

    It ends when the server closes its end of the pipe (the server stopped or died).
    """
    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops the workers
    conn = _Channel(int(jobs_fd), int(answers_fd))
    remote = source.startswith(("http://", "https://"))
    try:
        store, loaded = (_snapshot(source) if remote else ox.Store.read_only(source)), int(generation)
        if role == "clients":
            import rdflib.plugins.sparql.parser  # noqa: F401 - loaded now, not within a client's time limit
    except (OSError, ValueError, SyntaxError) as exc:
        conn.send(("error", f"cannot open the dataset: {_first_line(exc)}", ""))
        return
    conn.send(("ready", None, ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if remote and job["generation"] != loaded:
                store, loaded = _snapshot(source), job["generation"]
            if job.get("check"):
                answer = _federation(job["text"]) or ("ok", b"", "")
            elif job.get("raw"):
                answer = _answer(store, job)
            else:
                answer = _answer_library(store, job)
        except Exception as exc:  # noqa: BLE001 - any failure of one query goes back to its client
            answer = ("error", f"the query failed: {_first_line(exc)}", "")
        conn.send(answer)


def _answer_library(store, job: dict) -> tuple[str, bytes | str, str]:
    """A library question: a SELECT or ASK, parameters as substitutions, in the format asked for."""
    import pyoxigraph as ox

    substitutions = oxigraph_substitutions(job["bindings"])
    graph = job.get("graph")
    dataset = {"default_graph": [ox.NamedNode(graph)]} if graph else {"use_default_graph_as_union": True}
    result = store.query(job["text"], substitutions=substitutions or None, **dataset)
    if isinstance(result, ox.QueryTriples):
        raise ValueError("a CONSTRUCT or DESCRIBE query; ask it on /query")
    return "ok", result.serialize(format=getattr(ox.QueryResultsFormat, job["fmt"])), ""


def _answer(store, job: dict) -> tuple[str, bytes | str, str]:
    """A client's query, as the SPARQL 1.1 Protocol answers it; refusals as `_REFUSALS` statuses."""
    import pyoxigraph as ox

    text = job["text"]
    tree = _parsed(text)
    refusal = None if job["allow_service"] else _federation(text, tree)
    if refusal:
        return refusal
    try:
        dataset = {"default_graph": [ox.NamedNode(iri) for iri in job["default_graph"]] or None,
                   "named_graphs": [ox.NamedNode(iri) for iri in job["named_graphs"]] or None}
    except ValueError as exc:
        return "bad", f"a graph IRI is not valid: {_first_line(exc)}", ""
    # The union of the graphs is the default graph unless the request or the query (FROM) names one, as the
    # Oxigraph server does (pyoxigraph's union flag would override FROM).
    union = dataset["default_graph"] is None and not _declares_dataset(tree)
    try:
        result = store.query(text, use_default_graph_as_union=union, **dataset)
    except SyntaxError as exc:
        return "bad", f"the query is not valid SPARQL: {_first_line(exc)}", ""
    graph = isinstance(result, ox.QueryTriples)
    offers = _GRAPH_TYPES if graph else _ANSWER_TYPES
    chosen = _negotiate(job["accept"], offers)
    if chosen is None:
        names = ", ".join(dict.fromkeys(media for _, media in offers.values()))
        return "unacceptable", f"this query answers {names.replace('; charset=utf-8', '')}", ""
    name, media_type = offers[chosen]
    out = _Bounded(job["limit"])
    fmt = getattr(ox.RdfFormat if graph else ox.QueryResultsFormat, name)
    try:
        result.serialize(out, format=fmt)
    except Exception:
        if out.over:
            return ("too-large", f"the answer is larger than {job['limit'] / 2**20:g} MiB; add a LIMIT or ask for "
                                 "fewer columns", "")
        raise
    return "ok", out.getvalue(), media_type


def _federation(text: str, tree=None) -> tuple[str, str, str] | None:
    """The refusal of a federated query or update (its parse tree given when parsed already), or None."""
    try:
        federated = uses_service(text) if tree is None else _holds(tree, "ServiceGraphPattern")
    except ValueError as exc:
        return "refused", f"{exc}; start the server with --allow-service to run it unchecked", ""
    if federated:
        return ("refused", "federated queries (SERVICE) are refused: they would have this server fetch from "
                           "other addresses; start it with --allow-service to run them", "")
    return None


class _Bounded(io.BytesIO):
    """An in-memory answer that refuses to grow past ``limit`` bytes (the serializer then stops)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.over = False

    def write(self, data) -> int:
        if self.tell() + len(data) > self.limit:
            self.over = True
            raise OSError("the answer is too large")
        return super().write(data)


def uses_service(text: str) -> bool:
    """Whether a SPARQL query or update has a ``SERVICE`` clause (is federated), by parsing it.

    Raises
    ------
    ValueError
        The query cannot be parsed (rdflib reads SPARQL 1.1, not every
        extension Oxigraph reads) and holds the word ``SERVICE``, so whether
        it is federated is unknown.

    Examples
    --------
    >>> uses_service("SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT ?service WHERE { ?service a <http://example.org/Service> }  # SERVICE")
    False
    """
    tree = _parsed(text)
    if tree is not None:
        return _holds(tree, "ServiceGraphPattern")
    # Not SPARQL 1.1 to rdflib: a text that cannot hold the keyword (escapes undone) has no SERVICE clause.
    if "service" not in _unescape_codepoints(text).lower():
        return False
    raise ValueError(f"cannot tell whether the query is federated (SERVICE): it does not parse as SPARQL 1.1 "
                     f"({_parse_failure(text)})")


def _parsed(text: str):
    """rdflib's parse tree of a SPARQL query or update, or None when it does not parse."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        try:
            return parseQuery(text)
        except ParseBaseException:
            return parseUpdate(text)
    except (ParseBaseException, RecursionError, ValueError, TypeError):
        return None


def _parse_failure(text: str) -> str:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except RecursionError:
        return "nested too deeply"
    except (ParseBaseException, ValueError, TypeError) as exc:
        return _first_line(exc)
    return "unknown"


def _holds(tree, name: str) -> bool:
    """Whether rdflib's parse tree has a node called `name` (not recursive: a deep query must not exhaust the
    stack)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == name:
                return True
            stack.extend(dict.values(node))
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
    return False


def _declares_dataset(tree) -> bool:
    """Whether a parsed query names its own dataset (FROM, FROM NAMED)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    # A query parses to (prologue, query); an update to one CompValue, and has no dataset of this kind.
    if not isinstance(tree, ParseResults) or len(tree) < 2 or not isinstance(tree[1], CompValue):
        return False
    return "datasetClause" in dict.keys(tree[1])


def _unescape_codepoints(text: str) -> str:
    r"""SPARQL's ``\uXXXX`` and ``\UXXXXXXXX`` escapes undone, as a parser does before reading keywords."""
    import re

    def char(match) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", char, text)


def _snapshot(url: str):
    """The whole dataset of a Graph Store endpoint, in memory."""
    from urllib.request import Request, urlopen

    import pyoxigraph as ox

    store = ox.Store()
    with urlopen(Request(url, headers={"Accept": "application/n-quads"}), timeout=300) as response:
        store.load(response.read(), format=ox.RdfFormat.N_QUADS)
    return store


# -- the Oxigraph server


class _Oxigraph:
    """The Oxigraph server on a private port of 127.0.0.1, over the store's database."""

    def __init__(self, db: Path, *, writable: bool, timeout: float) -> None:
        self.db = db
        self.writable = writable
        # Whole seconds only; a second later than ours, so that our clear answer comes first.
        self.timeout_s = math.ceil(timeout) + 1
        self.process: subprocess.Popen | None = None
        self.url = ""
        self._log = None

    def start(self) -> None:
        program = _oxigraph_program()
        for _attempt in range(3):
            port = _free_port()
            self._log = tempfile.TemporaryFile()
            command = [program, "serve" if self.writable else "serve-read-only", "--location", str(self.db),
                       "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(self.timeout_s)]
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                                            preexec_fn=_die_with_parent)
            if _wait_for_port(self.process, port, 60):
                self.url = f"http://127.0.0.1:{port}"
                return
            message = self._message()
            self.stop()
            if "in use" not in message.lower():  # another process took the port meanwhile: try another
                raise ServeError(f"{self.db}: the Oxigraph server did not start: {message}")
        raise ServeError(f"{self.db}: the Oxigraph server found no free private port")

    def _message(self) -> str:
        self._log.seek(0)
        lines = [line.strip() for line in self._log.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else f"exit status {self.process.poll()}"

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(10)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


def _oxigraph_program() -> str:
    for folder in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable), None):
        found = shutil.which("oxigraph", path=folder)
        if found:
            return found
    raise ServeError("the Oxigraph server is not installed (pip install oxigraph)")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Have Linux stop the child when this process dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_for_port(process: subprocess.Popen, port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listen(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise ServeError(f"{host}: cannot listen there: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    # As uvicorn does: a port left in TIME_WAIT is taken, one another server listens on is not.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"{host}:{port} is in use; choose another --port (0 takes a free one)") from None
        raise ServeError(f"{host}:{port}: cannot listen: {exc.strerror}") from None
    return sock


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _stop(pools: list[QueryPool], upstream: _Oxigraph) -> None:
    for pool in pools:
        pool.close()
    upstream.stop()


# -- the web app


def _app(upstream: str, pool: QueryPool, sparql: QueryPool, *, writable: bool, timeout: float,
         allow_service: bool = False, on_ready: Callable[[], None] | None, on_shutdown: Callable[[], None]):
    import httpx
    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
    from starlette.routing import Route
    from urllib.parse import parse_qs

    page = query_page(writable=writable, timeout=timeout)
    # Threads that wait for the workers, for each pool its own: asyncio's shared default (6 threads on two cores)
    # let a burst of heavy SPARQL queries hold every thread while library questions waited behind them.
    library_threads = ThreadPoolExecutor(_WAITING_THREADS, thread_name_prefix="govkg-library")
    sparql_threads = ThreadPoolExecutor(_WAITING_THREADS, thread_name_prefix="govkg-sparql")
    entries = library_entries()
    specs = library()
    # A library question asked again with the same parameters, of the same snapshot, is answered from memory.
    answers = _Answers(ANSWER_CACHE_BYTES)
    read_only = "this server is read-only; start it with --writable to accept updates"

    async def index(request):
        return HTMLResponse(page, headers={"Content-Security-Policy": _PAGE_POLICY})

    async def queries(request):
        return JSONResponse(entries)

    async def question(request):
        name = request.path_params["name"]
        spec = specs.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(specs), n=3, cutoff=0.6)
            hint = f"did you mean {' or '.join(close)}?" if close else "GET /queries lists the library"
            return _text(404, f"unknown query {name!r}; {hint}")
        chosen = _negotiate(request.headers.get("accept", ""), _ANSWER_TYPES)
        if chosen is None:
            return _text(406, "a library question answers application/sparql-results+json, "
                              "application/sparql-results+xml, text/csv or text/tab-separated-values")
        fmt, media_type = _ANSWER_TYPES[chosen]
        params = dict(request.query_params)
        too_long = _oversized_params(spec, params)
        if too_long:
            return _text(400, too_long)
        try:
            bindings = check_params(spec, params)
        except (QueryError, ValueError) as exc:  # ValueError: an integer Python will not convert
            return _text(400, f"{name}: {_first_line(exc)}" if not isinstance(exc, QueryError) else str(exc))
        graph = bindings["report"][1] if name in REPORT_SCOPED and "report" in bindings else None
        try:
            answer = await answers.get((pool.generation, name, fmt, _bindings_key(bindings)),
                                       lambda: _waiting(library_threads, pool.run, spec.text, bindings, fmt,
                                                        timeout=timeout, graph=graph))
        except QueryTimeout as exc:
            return _text(503, f"{name}: {exc}")
        except ServeError as exc:
            return _text(500, f"{name}: {exc}")
        return Response(answer, media_type=media_type)

    async def yasgui(request):
        return RedirectResponse("/yasgui/")

    async def proxy(request):
        path = "/" + request.path_params["path"]
        if request.url.path.startswith("/yasgui/"):
            path = "/" + request.path_params["path"].removeprefix("yasgui/")
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _HOP_HEADERS]
        client: httpx.AsyncClient = request.app.state.client
        reads = request.method in _READ_METHODS
        body = None if reads else request.stream()
        update = path in _WRITE_PATHS and not reads
        if path in _QUERY_PATHS and request.method in ("GET", "HEAD", "POST"):
            body = await request.body()
            update = _is_update(request, body)
            if not update:
                return await _query(request, body)
        if update and not writable:
            return _text(403, read_only)
        if update and not allow_service and _media(request) in _UPDATE_TYPES:
            if not isinstance(body, bytes):
                body = await request.body()
            refusal = await _check_update(request, body)
            if refusal is not None:
                return refusal
        upstream_request = client.build_request(request.method, path, params=request.url.query, headers=headers,
                                                content=body)
        try:
            response = await client.send(upstream_request, stream=True)
        except httpx.HTTPError as exc:
            return _text(502, f"the SPARQL server does not answer: {_first_line(exc)}")
        finally:
            if update:  # done or not, queries take a new snapshot from now on
                pool.changed()
                sparql.changed()
        # Graph Store answers and files stream; a failure midway aborts the connection (never a 200 that ends
        # cleanly with the answer cut).
        return StreamingResponse(response.aiter_raw(), status_code=response.status_code,
                                 headers=_forwarded(response.headers), background=BackgroundTask(response.aclose))

    async def _query(request, body: bytes):
        try:
            text, default_graph, named_graphs = _protocol_query(request, body)
        except QueryRefused as exc:
            return _text(exc.status, str(exc))
        try:
            answer, media_type = await _waiting(
                sparql_threads, sparql.ask, text, accept=request.headers.get("accept", ""), default_graph=default_graph,
                named_graphs=named_graphs, allow_service=allow_service, timeout=timeout)
        except QueryRefused as exc:
            return _text(exc.status, str(exc))
        except QueryTimeout as exc:
            return _text(503, f"{exc}; make it more selective, add a LIMIT, or start the server with a longer "
                              "--timeout")
        except ServeError as exc:
            return _text(500, str(exc))
        return Response(answer, media_type=media_type)

    async def _check_update(request, body: bytes):
        """A federated update (SERVICE in its WHERE) refused, as a federated query is."""
        if _media(request) == "application/sparql-update":
            text = body.decode("utf-8", "replace")
        else:
            text = "\n".join(parse_qs(body.decode("utf-8", "replace")).get("update", []))
        try:
            await _waiting(sparql_threads, sparql.check, text, timeout=timeout)
        except QueryRefused as exc:
            return _text(exc.status, str(exc))
        except QueryTimeout as exc:
            return _text(503, str(exc))
        return None

    @contextlib.asynccontextmanager
    async def lifespan(app):
        limits = httpx.Timeout(None, connect=10)
        async with httpx.AsyncClient(base_url=upstream, timeout=limits, follow_redirects=False) as client:
            app.state.client = client
            if on_ready:
                on_ready()
            try:
                yield
            finally:
                # Here, not after the server returns: uvicorn re-raises SIGTERM once it has shut down.
                on_shutdown()
                for threads in (library_threads, sparql_threads):
                    threads.shutdown(wait=False, cancel_futures=True)

    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    routes = [Route("/", index, methods=["GET", "HEAD"]),
              Route("/queries", queries, methods=["GET", "HEAD"]),
              Route("/queries/{name}", question, methods=["GET", "HEAD"]),
              Route("/yasgui", yasgui, methods=["GET", "HEAD"]),
              Route("/{path:path}", proxy, methods=methods)]
    return Starlette(routes=routes, lifespan=lifespan)


class _Answers:
    """Library answers held in memory, most recently used first, up to `limit` bytes; and the questions being
    answered, so that clients asking one at once wait for the same worker instead of taking one each.

    A key holds the snapshot's generation (`QueryPool.generation`, raised by every write), so an answer is
    never given for a dataset that has changed; failures are not kept.  A question that ran past the time limit
    is answered with that timeout at once for `hold` seconds: run again on the same snapshot it would only take a
    worker for the whole limit and be killed again (and its worker replaced), slowing every other question.
    """

    def __init__(self, limit: int, hold: float = 30.0) -> None:
        self.limit = limit
        self.hold = hold
        self.size = 0
        self._held: OrderedDict[tuple, bytes] = OrderedDict()
        self._pending: dict[tuple, asyncio.Future] = {}
        self._timed_out: dict[tuple, tuple[float, QueryTimeout]] = {}

    async def get(self, key: tuple, compute: Callable[[], Awaitable[bytes]]) -> bytes:
        """The answer for `key`: held, being computed for another client, or computed now by `compute`."""
        held = self._held.get(key)
        if held is not None:
            self._held.move_to_end(key)
            return held
        timed_out = self._timed_out.get(key)
        if timed_out is not None:
            if time.monotonic() - timed_out[0] < self.hold:
                raise QueryTimeout(f"{timed_out[1]} (less than {self.hold:g} s ago; not run again yet)")
            del self._timed_out[key]
        pending = self._pending.get(key)
        if pending is None:
            pending = asyncio.ensure_future(compute())
            self._pending[key] = pending
            pending.add_done_callback(lambda done: self._settle(key, done))
        # shield: a client that goes away does not cancel the answer others are waiting for.
        return await asyncio.shield(pending)

    def _settle(self, key: tuple, done: asyncio.Future) -> None:
        self._pending.pop(key, None)
        if done.cancelled():
            return
        failure = done.exception()
        if isinstance(failure, QueryTimeout):
            for old in [k for k, (at, _) in self._timed_out.items() if time.monotonic() - at >= self.hold]:
                del self._timed_out[old]
            self._timed_out[key] = (time.monotonic(), failure)
        if failure is not None:
            return
        answer = done.result()
        if len(answer) > self.limit // 4:  # one huge answer would push out every other
            return
        generation = key[0]
        for old in [k for k in self._held if k[0] != generation]:  # a write made these stale
            self.size -= len(self._held.pop(old))
        self._held[key] = answer
        self.size += len(answer)
        while self.size > self.limit:
            _, dropped = self._held.popitem(last=False)
            self.size -= len(dropped)


def _bindings_key(bindings: dict) -> tuple:
    """Checked parameters (name -> (kind, value)) as a hashable key."""
    return tuple(sorted((name, repr(value)) for name, value in bindings.items()))


async def _waiting(threads, call, *args, **kwargs):
    """`call` in one of `threads`, awaited (what `asyncio.to_thread` does with the loop's shared threads)."""
    return await asyncio.get_running_loop().run_in_executor(threads, functools.partial(call, *args, **kwargs))


def _text(status: int, message: str):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message + "\n", status_code=status)


def _forwarded(headers) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in _HOP_HEADERS}


def _oversized_params(spec, params: dict[str, str]) -> str | None:
    """Why a library question's parameter is too long to take, or None.

    Examples
    --------
    >>> spec = library()["policies-issued"]
    >>> _oversized_params(spec, {"year": "9" * 5000})
    "policies-issued: parameter 'year' has 5000 digits; an integer has at most 4300"
    >>> _oversized_params(spec, {"year": "2023"}) is None
    True
    """
    kinds = {p.name: p.kind for p in spec.params}
    for name, value in params.items():
        if kinds.get(name) == "integer":
            digits = sum(c.isdigit() for c in value)
            if digits > MAX_INTEGER_DIGITS:  # Python's own limit on converting text to int (sys.int_info)
                return (f"{spec.name}: parameter {name!r} has {digits} digits; an integer has at most "
                        f"{MAX_INTEGER_DIGITS}")
        elif len(value) > MAX_PARAM_CHARS:
            return (f"{spec.name}: parameter {name!r} is {len(value)} characters long; at most {MAX_PARAM_CHARS} "
                    "are taken")
    return None


def _media(request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _protocol_query(request, body: bytes) -> tuple[str, list[str], list[str]]:
    """The query and dataset of a SPARQL 1.1 Protocol request: ``(text, default graphs, named graphs)``.

    Raises
    ------
    QueryRefused
        No query, two, a body that is not UTF-8 or too large, or an unknown content type.
    """
    from urllib.parse import parse_qs

    fields = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        if len(body) > MAX_QUERY_BYTES:
            raise QueryRefused(f"the query is larger than {MAX_QUERY_BYTES // 2**20} MiB", 413)
        try:
            content = body.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryRefused("the request body is not UTF-8") from None
        media = _media(request)
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(content, keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            fields.setdefault("query", []).append(content)
        else:
            raise QueryRefused("send the query as application/x-www-form-urlencoded (query=...) or "
                               "application/sparql-query", 415)
    queries = fields.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise QueryRefused("give one SPARQL query, as the query parameter (GET or a form) or as an "
                           "application/sparql-query body" if len(queries) < 2 else "give one query, not several")
    if len(queries[0].encode("utf-8")) > MAX_QUERY_BYTES:
        raise QueryRefused(f"the query is larger than {MAX_QUERY_BYTES // 2**20} MiB", 413)
    return queries[0], fields.get("default-graph-uri", []), fields.get("named-graph-uri", [])


def _is_update(request, body: bytes) -> bool:
    """A SPARQL Update sent to a query path: by its media type, or an ``update`` form field."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        return True
    if media == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        return "update" in parse_qs(body.decode("utf-8", "replace"))
    return "update" in request.query_params


def _negotiate(accept: str, offers: dict) -> str | None:
    """The offer the Accept header prefers (the first offer when it says nothing), or None."""
    if not accept.strip():
        return next(iter(offers))
    best, best_q = None, 0.0
    for item in accept.split(","):
        media, *params = [part.strip() for part in item.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media = media.lower()
        if media in ("*/*", "application/*", "text/*"):
            kind = media.split("/")[0]
            candidates = [o for o in offers if kind == "*" or o.startswith(kind + "/")]
        else:
            candidates = [media] if media in offers else []
        if candidates and q > best_q:
            best, best_q = candidates[0], q
    return best


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
