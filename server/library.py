"""The query library's routes: ``/queries`` (the library as JSON) and ``/queries/NAME?param=value`` (one question).

A question's parameters are checked and bound as `govkg query` binds them (never pasted into the text), and
it runs in the library's own pool of workers (`govkg.server.pool.QueryPool.run`), as SPARQL JSON (default),
XML, CSV or TSV by the Accept header.  An answer is held in memory (`_Answers`) and given again until the
dataset changes.
"""

from __future__ import annotations

import asyncio
import difflib
import sys
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

from ..queries import QueryError, check_params, library
from .pool import QueryPool, waiting
from .protocol import ANSWER_TYPES, QueryTimeout, ServeError, first_line, negotiate, text_response

__all__ = ["library_entries", "library_routes"]

# Memory for library answers kept to be given again (see `_Answers`).
ANSWER_CACHE_BYTES = 64 * 2**20
# Longest library parameters: an integer as Python converts it by default, any other value.
MAX_INTEGER_DIGITS = sys.int_info.default_max_str_digits or 4300
MAX_PARAM_CHARS = 10_000


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


def library_routes(pool: QueryPool, threads: ThreadPoolExecutor, *, timeout: float) -> list:
    """The Starlette routes of the library: ``/queries`` and ``/queries/{name}``.

    Parameters
    ----------
    pool : QueryPool
        The library's workers (not those of clients' own SPARQL).
    threads : ThreadPoolExecutor
        The threads that wait on `pool`'s workers.
    timeout : float
        Seconds a question may take, waiting for a worker included.
    """
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    entries = library_entries()
    specs = library()
    # A library question asked again with the same parameters, of the same snapshot, is answered from memory.
    answers = _Answers(ANSWER_CACHE_BYTES)

    async def queries(request):
        return JSONResponse(entries)

    async def question(request):
        name = request.path_params["name"]
        spec = specs.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(specs), n=3, cutoff=0.6)
            hint = f"did you mean {' or '.join(close)}?" if close else "GET /queries lists the library"
            return text_response(404, f"unknown query {name!r}; {hint}")
        chosen = negotiate(request.headers.get("accept", ""), ANSWER_TYPES)
        if chosen is None:
            return text_response(406, "a library question answers application/sparql-results+json, "
                                      "application/sparql-results+xml, text/csv or text/tab-separated-values")
        fmt, media_type = ANSWER_TYPES[chosen]
        params = dict(request.query_params)
        too_long = _oversized_params(spec, params)
        if too_long:
            return text_response(400, too_long)
        try:
            bindings = check_params(spec, params)
        except (QueryError, ValueError) as exc:  # ValueError: an integer Python will not convert
            return text_response(400, f"{name}: {first_line(exc)}" if not isinstance(exc, QueryError) else str(exc))
        try:
            answer = await answers.get((pool.generation, name, fmt, _bindings_key(bindings)),
                                       lambda: waiting(threads, pool.run_library, name, bindings, fmt,
                                                       timeout=timeout))
        except QueryTimeout as exc:
            return text_response(503, f"{name}: {exc}")
        except ServeError as exc:
            return text_response(500, f"{name}: {exc}")
        return Response(answer, media_type=media_type)

    return [Route("/queries", queries, methods=["GET", "HEAD"]),
            Route("/queries/{name}", question, methods=["GET", "HEAD"])]


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
