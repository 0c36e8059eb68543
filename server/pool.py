"""Worker processes that answer SPARQL on the store's database, each query within a time limit.

The endpoint runs every query here, never in the Oxigraph server: a query
that runs past its limit is stopped by killing its worker (pyoxigraph cannot
interrupt one), and a new worker takes its place.  A worker answers a
library question (`QueryPool.run`) or a client's own query as the SPARQL 1.1
Protocol does (`QueryPool.ask`, formats chosen by `negotiate`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..queries import oxigraph_substitutions
from .protocol import (ANSWER_TYPES, GRAPH_TYPES, MAX_ANSWER_BYTES, REFUSALS, QueryRefused, QueryTimeout, ServeError,
                       declares_dataset, federation_refusal, first_line, negotiate, parsed)

__all__ = ["QueryPool", "waiting"]


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

    def run(self, text: str, bindings: dict | None = None, fmt: str = "JSON", *, timeout: float) -> bytes:
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

        Raises
        ------
        QueryTimeout
            No worker was free, or the query ran too long.
        ServeError
            The query failed, or its worker died.
        """
        payload, _ = self._call({"text": text, "bindings": bindings or {}, "fmt": fmt}, timeout)
        return payload

    def run_library(self, name: str, bindings: dict, fmt: str = "JSON", *, timeout: float) -> bytes:
        """Answer the library question ``name`` as the Python API does (a report-scoped one given a
        report reads that report's graph and the shared graph only), in ``fmt``; raises as `run`."""
        payload, _ = self._call({"name": name, "bindings": bindings, "fmt": fmt}, timeout)
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
        if status in REFUSALS:
            raise QueryRefused(payload, REFUSALS[status])
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
                "from govkg.server.pool import _worker\n_worker(*sys.argv[2:])")
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
    ``(status, payload, media type)``: ``("ok", bytes, type)``, or a status of `REFUSALS` or ``"error"`` with a
    message.

    It ends when the server closes its end of the pipe (the server stopped or died).
    """
    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops the workers
    conn = _Channel(int(jobs_fd), int(answers_fd))
    remote = source.startswith(("http://", "https://"))
    try:
        store, loaded = (_snapshot(source) if remote else ox.Store.read_only(source)), int(generation)
        if not remote:  # the store's text index beside its database (a snapshot has none: SPARQL answers)
            from ..graph.textindex import attach

            attach(store, Path(source).parent)
        if role == "clients":
            import rdflib.plugins.sparql.parser  # noqa: F401 - loaded now, not within a client's time limit
    except (OSError, ValueError, SyntaxError) as exc:
        conn.send(("error", f"cannot open the dataset: {first_line(exc)}", ""))
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
                answer = federation_refusal(job["text"]) or ("ok", b"", "")
            elif job.get("raw"):
                answer = _answer(store, job)
            else:
                answer = _answer_library(store, job)
        except Exception as exc:  # noqa: BLE001 - any failure of one query goes back to its client
            answer = ("error", f"the query failed: {first_line(exc)}", "")
        conn.send(answer)


def _answer_library(store, job: dict) -> tuple[str, bytes | str, str]:
    """A SELECT or ASK with checked parameters, in the format asked for: a library question by name, asked
    as the Python API asks it (`govkg.queries.engines.oxigraph_query`), or a text over the union."""
    import pyoxigraph as ox

    from ..queries import library
    from ..queries.engines import oxigraph_query

    if job.get("name"):
        result = oxigraph_query(store, library()[job["name"]], job["bindings"])
    else:
        substitutions = oxigraph_substitutions(job["bindings"])
        result = store.query(job["text"], substitutions=substitutions or None, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        raise ValueError("a CONSTRUCT or DESCRIBE query; ask it on /query")
    return "ok", result.serialize(format=getattr(ox.QueryResultsFormat, job["fmt"])), ""


def _answer(store, job: dict) -> tuple[str, bytes | str, str]:
    """A client's query, as the SPARQL 1.1 Protocol answers it; refusals as `REFUSALS` statuses."""
    import pyoxigraph as ox

    text = job["text"]
    tree = parsed(text)
    refusal = None if job["allow_service"] else federation_refusal(text, tree)
    if refusal:
        return refusal
    try:
        dataset = {"default_graph": [ox.NamedNode(iri) for iri in job["default_graph"]] or None,
                   "named_graphs": [ox.NamedNode(iri) for iri in job["named_graphs"]] or None}
    except ValueError as exc:
        return "bad", f"a graph IRI is not valid: {first_line(exc)}", ""
    # The union of the graphs is the default graph unless the request or the query (FROM) names one, as the
    # Oxigraph server does (pyoxigraph's union flag would override FROM).
    union = dataset["default_graph"] is None and not declares_dataset(tree)
    try:
        result = store.query(text, use_default_graph_as_union=union, **dataset)
    except SyntaxError as exc:
        return "bad", f"the query is not valid SPARQL: {first_line(exc)}", ""
    graph = isinstance(result, ox.QueryTriples)
    offers = GRAPH_TYPES if graph else ANSWER_TYPES
    chosen = negotiate(job["accept"], offers)
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


def _snapshot(url: str):
    """The whole dataset of a Graph Store endpoint, in memory."""
    from urllib.request import Request, urlopen

    import pyoxigraph as ox

    store = ox.Store()
    with urlopen(Request(url, headers={"Accept": "application/n-quads"}), timeout=300) as response:
        store.load(response.read(), format=ox.RdfFormat.N_QUADS)
    return store


async def waiting(threads, call, *args, **kwargs):
    """`call` in one of `threads`, awaited (what `asyncio.to_thread` does with the loop's shared threads)."""
    return await asyncio.get_running_loop().run_in_executor(threads, functools.partial(call, *args, **kwargs))
