"""Send reports' named graphs to a triplestore over the SPARQL 1.1 Graph Store HTTP Protocol.

Each report's graph goes in one ``PUT ENDPOINT?graph=IRI`` (Turtle; the
N-Triples of the graph, which every Turtle parser reads), so the store
replaces that graph: pushing again replaces rather than duplicates.  The
endpoint is the store's Graph Store endpoint: Oxigraph server
``http://host:7878/store``, Fuseki ``http://host:3030/DATASET/data``, GraphDB
``http://host:7200/repositories/REPO/rdf-graphs/service``, Virtuoso
``http://host:8890/sparql-graph-crud-auth``.

Blank nodes are not sent as such: each becomes an IRI under
``https://w3id.org/govkg/.well-known/genid/`` made from its identifier in the
local store (RDF 1.1 skolemisation), the same on every push, so a graph with
blank nodes is replaced like any other.

Credentials, when the store needs them, come from the environment: a
bearer token (``GOVKG_PUSH_TOKEN``), or a user and password
(``GOVKG_PUSH_USER`` and ``GOVKG_PUSH_PASSWORD``, else the netrc entry of the
endpoint's host in ``$NETRC`` or ``~/.netrc``) sent as HTTP Basic or, with
``auth="digest"``, Digest authentication (Virtuoso); never from the command
line or the URL.  No message shows a credential: the endpoint is shown
without its userinfo and with its query's values as ``***`` (a token may sit
there), and a store's error text with any ``Authorization`` header and any
credential in it replaced.

The local store is only read.
"""

from __future__ import annotations

import netrc
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from ..errors import GovkgError
from .store import KnowledgeStore

__all__ = ["PushError", "Pushed", "push", "skolemized", "redacted_url", "GENID", "USER_VARIABLE",
           "PASSWORD_VARIABLE", "TOKEN_VARIABLE", "AUTH_SCHEMES"]

GENID = "https://w3id.org/govkg/.well-known/genid/"
USER_VARIABLE = "GOVKG_PUSH_USER"
PASSWORD_VARIABLE = "GOVKG_PUSH_PASSWORD"
TOKEN_VARIABLE = "GOVKG_PUSH_TOKEN"
AUTH_SCHEMES = ("basic", "digest")
HIDDEN = "***"
# An Authorization header as a store may echo it: the scheme, then its credentials up to the end of the line.
_AUTH_HEADER = re.compile(r"((?:proxy-)?authorization\s*[:=]\s*)[^\r\n]*", re.I)
_AUTH_VALUE = re.compile(r"\b(Basic|Bearer|Digest|Negotiate|NTLM|Token)\s+[A-Za-z0-9._~+/=-]{6,}[^\s,;]*", re.I)
_SENT_AS = "text/turtle"
_DONE = {200, 201, 204}


class PushError(GovkgError):
    """A graph could not be sent: the endpoint does not answer, refuses, fails, or the input is wrong."""


@dataclass(frozen=True)
class Pushed:
    """One report's graph, sent.

    Attributes
    ----------
    report : str
        The report IRI, which is the graph's name on both sides.
    triples : int
        Triples sent.
    status : int
        The HTTP status the store answered (201: created, 200 or 204: replaced).
    """

    report: str
    triples: int
    status: int


def push(kg: KnowledgeStore, endpoint: str, *, reports: Iterable[str] | None = None, timeout: float = 60.0,
         auth: str = "basic", on_pushed: Callable[[Pushed], None] | None = None) -> list[Pushed]:
    """PUT each report's named graph to a SPARQL 1.1 Graph Store endpoint, replacing the graph there.

    Parameters
    ----------
    kg : KnowledgeStore
        The local store (opened read-only is enough; it is not changed).
    endpoint : str
        The Graph Store endpoint's URL, ``http`` or ``https``.
    reports : iterable of str, optional
        Report IRIs to send; default: every report in the store.
    timeout : float
        Seconds to wait for the endpoint to connect, to take the data and to answer.
    auth : {"basic", "digest"}
        How a user and password are sent: HTTP Basic (with each request) or
        Digest (in answer to the store's challenge).  A token in
        ``GOVKG_PUSH_TOKEN`` is sent as ``Authorization: Bearer``.
    on_pushed : callable, optional
        Called with each `Pushed` as soon as the store has taken it.

    Returns
    -------
    list of Pushed
        In the order sent (the store's report order).

    Raises
    ------
    PushError
        A URL that is not http(s) or holds credentials, a report that is not
        in the store, or an endpoint that does not answer, answers an error
        (401, 404, 500...) or closes the connection before answering.  The
        message says how many reports were sent before.

    Examples
    --------
    >>> import tempfile
    >>> from govkg.graph.store import open_store
    >>> with open_store(tempfile.mkdtemp() + "/kg", writable=True) as kg:
    ...     push(kg, "ftp://example.org/store")
    Traceback (most recent call last):
    ...
    govkg.graph.push.PushError: ftp://example.org/store: not an http or https URL
    """
    import httpx

    if auth not in AUTH_SCHEMES:
        raise PushError(f"authentication {auth!r} is not known; use one of {', '.join(AUTH_SCHEMES)}")
    url = _checked_url(endpoint)
    endpoint = redacted_url(endpoint)  # what messages show
    known = [r.iri for r in kg.reports()]
    wanted = known if reports is None else list(dict.fromkeys(reports))
    missing = [r for r in wanted if r not in known]
    if missing:
        raise PushError(f"{kg.path}: no report {missing[0]}")
    credentials, secrets = _credentials(url, auth)
    secrets += [value for _, value in url.params.multi_items() if len(value) >= 4]
    done: list[Pushed] = []
    limits = httpx.Timeout(timeout)
    with httpx.Client(auth=credentials, timeout=limits, follow_redirects=False) as client:
        for report in wanted:
            # standing alone: the shared nodes' descriptions expanded (graph/shared.py)
            data, triples = _skolemized(ox.parse(kg.report_ntriples(report), format=ox.RdfFormat.N_TRIPLES))
            where = f"{endpoint}: {report}"
            try:
                response = client.put(url, params={"graph": report}, content=data,
                                      headers={"Content-Type": _SENT_AS})
            except httpx.TimeoutException:
                raise PushError(_after(f"{where}: no answer within {timeout:g} s", done, wanted)) from None
            except httpx.ConnectError as exc:
                reason = _redacted(_reason(exc), secrets)
                raise PushError(_after(f"{endpoint}: does not answer ({reason})", done, wanted)) from None
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                raise PushError(_after(f"{where}: the connection closed before the store answered "
                                       f"({_redacted(_reason(exc), secrets)})", done, wanted)) from None
            except httpx.HTTPError as exc:
                raise PushError(_after(f"{where}: {_redacted(_reason(exc), secrets)}", done, wanted)) from None
            if response.status_code not in _DONE:
                raise PushError(_after(f"{where}: {_refusal(response, url, auth, secrets)}", done, wanted))
            pushed = Pushed(report, triples, response.status_code)
            done.append(pushed)
            if on_pushed:
                on_pushed(pushed)
    return done


def skolemized(store: ox.Store, graph: str) -> tuple[bytes, int]:
    """One named graph of ``store`` as N-Triples, blank nodes replaced by IRIs under `GENID`.

    Returns
    -------
    bytes, int
        The N-Triples (UTF-8) and the number of triples.

    Examples
    --------
    >>> store = ox.Store()
    >>> g = ox.NamedNode("http://example.org/g")
    >>> store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
    ...                   ox.BlankNode("b1"), g))
    >>> data, n = skolemized(store, "http://example.org/g")
    >>> data.decode()
    '<http://example.org/s> <http://example.org/p> <https://w3id.org/govkg/.well-known/genid/b1> .\\n'
    """
    return _skolemized(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def _skolemized(quads) -> tuple[bytes, int]:
    triples = [ox.Triple(_skolem(q.subject), q.predicate, _skolem(q.object)) for q in quads]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)


def _skolem(term):
    if isinstance(term, ox.BlankNode):
        return ox.NamedNode(GENID + quote(term.value, safe=""))
    if isinstance(term, ox.Triple):  # an RDF 1.2 triple term
        return ox.Triple(_skolem(term.subject), term.predicate, _skolem(term.object))
    return term


def _checked_url(endpoint: str):
    import httpx

    shown = redacted_url(endpoint)
    try:
        url = httpx.URL(endpoint)
    except (httpx.InvalidURL, TypeError) as exc:
        raise PushError(f"{shown}: not a URL ({_redacted(_reason(exc), [endpoint])})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise PushError(f"{shown}: not an http or https URL")
    if url.userinfo:
        raise PushError(f"{shown}: put credentials in {USER_VARIABLE} and {PASSWORD_VARIABLE}, a netrc file or "
                        f"{TOKEN_VARIABLE}, not in the URL")
    return url


def redacted_url(endpoint: str) -> str:
    """The endpoint as messages show it: without userinfo, and each value of its query as ``***``.

    Examples
    --------
    >>> redacted_url("https://user:pw@store.example/data?token=abc&graph=x#top")
    'https://store.example/data?token=***&graph=***#top'
    >>> redacted_url("http://127.0.0.1:7878/store")
    'http://127.0.0.1:7878/store'
    """
    from urllib.parse import urlsplit, urlunsplit

    text = str(endpoint)
    try:
        parts = urlsplit(text)
    except ValueError:  # beyond repair: keep what cannot be a credential
        return re.sub(r"//[^/?#]*@", "//", text.split("?")[0]) + ("?" + HIDDEN if "?" in text else "")
    netloc = parts.netloc.rpartition("@")[2]
    query = "&".join(f"{item.partition('=')[0]}={HIDDEN}" if "=" in item else HIDDEN if item else ""
                     for item in parts.query.split("&")) if parts.query else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _redacted(text: str, secrets: Iterable[str]) -> str:
    """``text`` with Authorization headers, credentials after an auth scheme, and each known secret hidden.

    Examples
    --------
    >>> _redacted("bad request: Authorization: Basic Z292a2c6czNjcmV0 (user govkg)", [])
    'bad request: Authorization: ***'
    >>> _redacted("token s3cret-token refused; Bearer abcdef123456", ["s3cret-token"])
    'token *** refused; Bearer ***'
    """
    text = _AUTH_HEADER.sub(lambda m: m.group(1) + HIDDEN, text)
    text = _AUTH_VALUE.sub(lambda m: m.group(1) + " " + HIDDEN, text)
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text


def _credentials(url, scheme: str = "basic"):
    """The authentication to send, and the secrets no message may show.

    A token from the environment (bearer), else a user and password from
    the environment, else from the netrc entry of the host (Basic or Digest
    as ``scheme`` says), else none.
    """
    import base64

    import httpx

    token = os.environ.get(TOKEN_VARIABLE)
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if token is not None:
        if user is not None or password is not None:
            raise PushError(f"{TOKEN_VARIABLE} and {USER_VARIABLE}/{PASSWORD_VARIABLE} are both set; set one")
        if not token.strip() or any(c in token for c in "\r\n"):
            raise PushError(f"{TOKEN_VARIABLE} is empty or holds a line break")
        if scheme != "basic":
            raise PushError(f"{TOKEN_VARIABLE} is sent as a bearer token, not with {scheme} authentication")
        return _bearer(token.strip()), [token.strip()]
    if user is not None or password is not None:
        if user is None or password is None:
            given, absent = (USER_VARIABLE, PASSWORD_VARIABLE) if user is not None else (PASSWORD_VARIABLE,
                                                                                         USER_VARIABLE)
            raise PushError(f"{given} is set but {absent} is not; set both, or neither")
    else:
        path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
        if not path.is_file():
            return None, []
        try:
            entry = netrc.netrc(str(path)).authenticators(url.host)
        except (netrc.NetrcParseError, OSError) as exc:
            raise PushError(f"{path}: cannot read the netrc file: {_reason(exc)}") from None
        if entry is None or not entry[2]:
            return None, []
        user, password = entry[0], entry[2]
    basic = base64.b64encode(f"{user}:{password}".encode()).decode()
    secrets = [password, basic] if len(password) >= 3 else [basic]
    return (httpx.DigestAuth(user, password) if scheme == "digest" else httpx.BasicAuth(user, password)), secrets


def _bearer(token: str):
    """An `httpx.Auth` that sends ``Authorization: Bearer TOKEN`` with each request."""
    import httpx

    class Bearer(httpx.Auth):
        def auth_flow(self, request):
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

    return Bearer()


def _refusal(response, url, scheme: str = "basic", secrets: Iterable[str] = ()) -> str:
    """What the store's error answer says, credentials in its text hidden."""
    status = f"{response.status_code} {response.reason_phrase}".strip()
    if response.status_code in (401, 403):
        wanted = response.headers.get("www-authenticate", "").split(" ")[0].lower()
        hint = (f"; it asks for {wanted.capitalize()} authentication: use --auth {wanted}"
                if wanted in AUTH_SCHEMES and wanted != scheme else "")
        return (f"{status}: the store wants credentials, or others than those given; set {USER_VARIABLE} and "
                f"{PASSWORD_VARIABLE}, or a netrc entry for {url.host}{hint}")
    if 300 <= response.status_code < 400:
        location = _redacted(redacted_url(response.headers.get("location", "?")), secrets)
        return f"{status}: redirected to {location}; give that URL"
    if response.status_code in (404, 405):
        return f"{status}: is this the store's Graph Store endpoint (Oxigraph: /store, Fuseki: /DATASET/data)?"
    lines = [line.strip() for line in response.text.splitlines() if line.strip()]
    return f"{status}" + (f": {_redacted(lines[0], secrets)[:200]}" if lines else "")


def _after(message: str, done: list[Pushed], wanted: list[str]) -> str:
    if not done:
        return message + " (nothing was sent)" if len(wanted) > 1 else message
    return f"{message} ({len(done)} of {len(wanted)} reports were sent before)"


def _reason(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
