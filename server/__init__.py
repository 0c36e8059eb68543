"""Serving: a SPARQL endpoint over a govkg store, for programs and for people.

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

The parts, one job each:

- `govkg.server.oxigraph`: the Oxigraph server process (the supervisor) and the public socket;
- `govkg.server.pool`: the worker processes that run every query, each within the time limit;
- `govkg.server.app`: the Starlette app, its routes and the proxy to the Oxigraph server;
- `govkg.server.library`: the library's routes (``/queries``, ``/queries/NAME``) and their answers held;
- `govkg.server.protocol`: the SPARQL 1.1 Protocol's errors, media types and content negotiation;
- `govkg.server.page`: the query page.

Serving is a face of govkg, like the command line: it may import any part, and no part imports it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable

from ..graph.store import DEFAULT_STORE, open_store
from .app import make_app
from .library import library_entries
from .oxigraph import OxigraphServer, listen, server_url
from .page import query_page
from .pool import QueryPool
from .protocol import DEFAULT_PORT, DEFAULT_TIMEOUT, QueryRefused, QueryTimeout, ServeError, uses_service

__all__ = ["ServeError", "QueryTimeout", "QueryRefused", "QueryPool", "serve", "library_entries", "query_page",
           "uses_service", "DEFAULT_PORT", "DEFAULT_TIMEOUT"]


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
    sock = listen(host, port)  # first, so that a port in use fails before anything starts
    try:
        with open_store(store_dir, writable=writable) as kg:
            # The Oxigraph server and the workers open the database themselves; this process keeps the lock.
            kg.store = None
            db = kg.database
            upstream = OxigraphServer(db, writable=writable, timeout=timeout)
            pools: list[QueryPool] = []
            try:
                upstream.start()
                # Only a reader may open the database beside the Oxigraph server; with a writer, take snapshots.
                source = upstream.url + "/store" if writable else db
                pools.append(QueryPool(source, size=workers))
                pools.append(QueryPool(source, size=workers, clients=True))
                for pool in pools:
                    pool.start()
                url = server_url(host, sock.getsockname()[1])
                app = make_app(upstream.url, *pools, writable=writable, timeout=timeout, allow_service=allow_service,
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


def _stop(pools: list[QueryPool], upstream: OxigraphServer) -> None:
    for pool in pools:
        pool.close()
    upstream.stop()
