"""The SPARQL 1.1 Protocol as the endpoint speaks it: its errors, media types, content negotiation, reading a
request, and finding federated queries.

Used by the routes (`govkg.server.app`, `govkg.server.library`) and by the worker processes
(`govkg.server.pool`), which choose an answer's format themselves; nothing here imports a web framework at
module level, so that a worker starts without one.
"""

from __future__ import annotations

import re

from ..errors import GovkgError

__all__ = ["ServeError", "QueryTimeout", "QueryRefused", "uses_service", "negotiate", "DEFAULT_PORT",
           "DEFAULT_TIMEOUT", "ANSWER_TYPES", "GRAPH_TYPES", "REFUSALS", "MAX_ANSWER_BYTES", "MAX_QUERY_BYTES"]

# The endpoint's defaults (`govkg serve --port`, `--timeout`).
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 5.0
MAX_ANSWER_BYTES = 256 * 2**20
# The longest query or update text taken (the protocol puts no limit; a larger one is surely not a question).
MAX_QUERY_BYTES = 2**20
# Media types a library question answers in: the pyoxigraph format, and the Content-Type sent.
ANSWER_TYPES = {
    "application/sparql-results+json": ("JSON", "application/sparql-results+json"),
    "application/json": ("JSON", "application/sparql-results+json"),
    "application/sparql-results+xml": ("XML", "application/sparql-results+xml"),
    "application/xml": ("XML", "application/sparql-results+xml"),
    "text/csv": ("CSV", "text/csv; charset=utf-8"),
    "text/tab-separated-values": ("TSV", "text/tab-separated-values; charset=utf-8"),
}
# Media types a CONSTRUCT or DESCRIBE answers in (the first when the client has no preference).
GRAPH_TYPES = {
    "text/turtle": ("TURTLE", "text/turtle; charset=utf-8"),
    "application/n-triples": ("N_TRIPLES", "application/n-triples"),
    "application/rdf+xml": ("RDF_XML", "application/rdf+xml"),
    "application/ld+json": ("JSON_LD", "application/ld+json"),
    "application/n-quads": ("N_QUADS", "application/n-quads"),
    "application/trig": ("TRIG", "application/trig"),
    "text/n3": ("N3", "text/n3; charset=utf-8"),
}
# What a worker's answer status means to a client.
REFUSALS = {"bad": 400, "refused": 400, "unacceptable": 406, "too-large": 507}
UPDATE_TYPES = {"application/sparql-update", "application/x-www-form-urlencoded"}


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


def text_response(status: int, message: str):
    """A one-line plain-text answer (every refusal and error of the endpoint)."""
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message + "\n", status_code=status)


def media_of(request) -> str:
    """A request's media type, without parameters, lower-case."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def protocol_query(request, body: bytes) -> tuple[str, list[str], list[str]]:
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
        media = media_of(request)
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


def is_update(request, body: bytes) -> bool:
    """A SPARQL Update sent to a query path: by its media type, or an ``update`` form field."""
    media = media_of(request)
    if media == "application/sparql-update":
        return True
    if media == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        return "update" in parse_qs(body.decode("utf-8", "replace"))
    return "update" in request.query_params


def negotiate(accept: str, offers: dict) -> str | None:
    """The offer the Accept header prefers (the first offer when it says nothing), or None.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", ANSWER_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("", GRAPH_TYPES), negotiate("image/png", GRAPH_TYPES)
    ('text/turtle', None)
    """
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


# -- federated queries (SERVICE)


def federation_refusal(text: str, tree=None) -> tuple[str, str, str] | None:
    """The refusal of a federated query or update (its parse tree given when parsed already), or None."""
    try:
        federated = uses_service(text) if tree is None else holds(tree, "ServiceGraphPattern")
    except ValueError as exc:
        return "refused", f"{exc}; start the server with --allow-service to run it unchecked", ""
    if federated:
        return ("refused", "federated queries (SERVICE) are refused: they would have this server fetch from "
                           "other addresses; start it with --allow-service to run them", "")
    return None


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
    tree = parsed(text)
    if tree is not None:
        return holds(tree, "ServiceGraphPattern")
    # Not SPARQL 1.1 to rdflib: a text that cannot hold the keyword (escapes undone) has no SERVICE clause.
    if "service" not in _unescape_codepoints(text).lower():
        return False
    raise ValueError(f"cannot tell whether the query is federated (SERVICE): it does not parse as SPARQL 1.1 "
                     f"({_parse_failure(text)})")


def parsed(text: str):
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
        return first_line(exc)
    return "unknown"


def holds(tree, name: str) -> bool:
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


def declares_dataset(tree) -> bool:
    """Whether a parsed query names its own dataset (FROM, FROM NAMED)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    # A query parses to (prologue, query); an update to one CompValue, and has no dataset of this kind.
    if not isinstance(tree, ParseResults) or len(tree) < 2 or not isinstance(tree[1], CompValue):
        return False
    return "datasetClause" in dict.keys(tree[1])


def _unescape_codepoints(text: str) -> str:
    r"""SPARQL's ``\uXXXX`` and ``\UXXXXXXXX`` escapes undone, as a parser does before reading keywords."""

    def char(match) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", char, text)


def first_line(exc: BaseException) -> str:
    """An exception's first non-blank line (or its class name): messages to clients are one line."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
