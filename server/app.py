"""The public web app (Starlette): the query page, the library's routes, the SPARQL 1.1 Protocol's queries in
worker processes, and the rest passed to the Oxigraph server.

Routes::

    /                    the query page (`govkg.server.page`)
    /queries, /queries/NAME
                         the query library (`govkg.server.library`)
    /query, /sparql      the SPARQL 1.1 Protocol endpoint (queries, in worker processes)
    /update, /store      SPARQL Update and the Graph Store Protocol (Oxigraph); with a
                         read-only server they answer 403
    /yasgui/             Oxigraph's own YASGUI editor (bundled with it, offline too)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from .library import library_routes
from .page import PAGE_POLICY, query_page
from .pool import QueryPool, waiting
from .protocol import (UPDATE_TYPES, QueryRefused, QueryTimeout, ServeError, first_line, is_update, media_of,
                       protocol_query, text_response)

__all__ = ["make_app"]

_QUERY_PATHS = {"/query", "/sparql"}
_WRITE_PATHS = {"/update", "/store"}
_READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# Headers of one hop only (RFC 9110 7.6.1), and those the proxy sets itself.
_HOP_HEADERS = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                "trailers", "transfer-encoding", "upgrade", "host", "content-length"}
# Threads (each waiting on a worker, idle) per pool: more than the clients a burst brings at once.
_WAITING_THREADS = 64


def make_app(upstream: str, pool: QueryPool, sparql: QueryPool, *, writable: bool, timeout: float,
             allow_service: bool = False, on_ready: Callable[[], None] | None, on_shutdown: Callable[[], None]):
    """The Starlette app of the public address.

    Parameters
    ----------
    upstream : str
        The Oxigraph server's URL (`govkg.server.oxigraph.OxigraphServer.url`).
    pool, sparql : QueryPool
        The workers of library questions, and those of clients' own SPARQL.
    writable, timeout, allow_service
        As `govkg.server.serve` takes them.
    on_ready, on_shutdown : callable
        Called once the app answers, and when it stops.
    """
    import httpx
    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
    from starlette.routing import Route
    from urllib.parse import parse_qs

    page = query_page(writable=writable, timeout=timeout)
    # Threads that wait for the workers, for each pool its own: asyncio's shared default (6 threads on two cores)
    # let a burst of heavy SPARQL queries hold every thread while library questions waited behind them.
    library_threads = ThreadPoolExecutor(_WAITING_THREADS, thread_name_prefix="govkg-library")
    sparql_threads = ThreadPoolExecutor(_WAITING_THREADS, thread_name_prefix="govkg-sparql")
    read_only = "this server is read-only; start it with --writable to accept updates"

    async def index(request):
        return HTMLResponse(page, headers={"Content-Security-Policy": PAGE_POLICY})

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
            update = is_update(request, body)
            if not update:
                return await _query(request, body)
        if update and not writable:
            return text_response(403, read_only)
        if update and not allow_service and media_of(request) in UPDATE_TYPES:
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
            return text_response(502, f"the SPARQL server does not answer: {first_line(exc)}")
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
            text, default_graph, named_graphs = protocol_query(request, body)
        except QueryRefused as exc:
            return text_response(exc.status, str(exc))
        try:
            answer, media_type = await waiting(
                sparql_threads, sparql.ask, text, accept=request.headers.get("accept", ""), default_graph=default_graph,
                named_graphs=named_graphs, allow_service=allow_service, timeout=timeout)
        except QueryRefused as exc:
            return text_response(exc.status, str(exc))
        except QueryTimeout as exc:
            return text_response(503, f"{exc}; make it more selective, add a LIMIT, or start the server with a "
                                      "longer --timeout")
        except ServeError as exc:
            return text_response(500, str(exc))
        return Response(answer, media_type=media_type)

    async def _check_update(request, body: bytes):
        """A federated update (SERVICE in its WHERE) refused, as a federated query is."""
        if media_of(request) == "application/sparql-update":
            text = body.decode("utf-8", "replace")
        else:
            text = "\n".join(parse_qs(body.decode("utf-8", "replace")).get("update", []))
        try:
            await waiting(sparql_threads, sparql.check, text, timeout=timeout)
        except QueryRefused as exc:
            return text_response(exc.status, str(exc))
        except QueryTimeout as exc:
            return text_response(503, str(exc))
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
              *library_routes(pool, library_threads, timeout=timeout),
              Route("/yasgui", yasgui, methods=["GET", "HEAD"]),
              Route("/{path:path}", proxy, methods=methods)]
    return Starlette(routes=routes, lifespan=lifespan)


def _forwarded(headers) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in _HOP_HEADERS}
