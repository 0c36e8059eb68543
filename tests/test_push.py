"""Pushing reports' graphs to a triplestore over the Graph Store Protocol: a real Oxigraph server, and bad ones."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from govkg.cli import main
from govkg.graph.push import GENID, PushError, Pushed, push, skolemized
from govkg.graph.store import open_store
from govkg.ontology import GK
from govkg.queries import library

DATA = Path(__file__).parent / "data" / "corpus"
NANYANG_IRI = "https://w3id.org/govkg/id/report/南阳市/2023/法治政府建设情况的报告"
WUHAN_IRI = "https://w3id.org/govkg/id/report/武汉市/2022/推进法治政府建设情况的报告"
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


# -- fixtures


@pytest.fixture(scope="module")
def store_dir(sample_store) -> Path:
    return sample_store


@pytest.fixture
def kg(store_dir):
    """The store, read-only; the test checks afterwards that pushing changed nothing in it."""
    before = fingerprint(store_dir)
    with open_store(store_dir) as opened:
        yield opened
    assert fingerprint(store_dir) == before


def fingerprint(store_dir: Path) -> str:
    with open_store(store_dir) as kg:
        return hashlib.sha256(b"".join(sorted(str(q).encode() + b"\n" for q in kg.store))).hexdigest()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def remote(tmp_path):
    """A real Oxigraph server (the program of the oxigraph package) on a fresh database; yields its URL."""
    assert OXIGRAPH, "the oxigraph package (its server program) is a dependency of govkg"
    port = free_port()
    with open(tmp_path / "oxigraph.log", "wb") as log:
        process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "remote"), "--bind",
                                    f"127.0.0.1:{port}", "--union-default-graph"], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 30
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "oxigraph.log").read_text()
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(15)


def remote_rows(url: str, sparql: str) -> list[tuple[str | None, ...]]:
    response = httpx.post(url + "/query", data={"query": sparql}, headers={"Accept": "application/sparql-results+json"},
                          timeout=60)
    assert response.status_code == 200, response.text
    return [tuple(None if t is None else str(t) for t in row)
            for row in ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)]


def local_rows(kg, sparql: str) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else str(t) for t in row) for row in kg.query(sparql)]


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@contextlib.contextmanager
def fake_store(handler: type[BaseHTTPRequestHandler]):
    """A stand-in Graph Store that misbehaves as `handler` says; yields its /store URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", server
    finally:
        server.shutdown()
        server.server_close()


class Quiet(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _read(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))


class NeedsLogin(Quiet):
    """Takes graphs from user govkg, password s3cret; refuses anyone else with 401."""

    def do_PUT(self):
        self._read()
        self.server.seen.append(self.headers.get("Authorization"))
        if self.headers.get("Authorization") == "Basic " + base64.b64encode(b"govkg:s3cret").decode():
            self._answer(201)
        else:
            self._answer(401, b"Unauthorized\n", {"WWW-Authenticate": 'Basic realm="store"'})


class Fails(Quiet):
    def do_PUT(self):
        self._read()
        self._answer(500, b"java.lang.OutOfMemoryError: Java heap space\n\tat org.example.Store.put\n")


class Hangs(Quiet):
    def do_PUT(self):
        self._read()
        time.sleep(5)


class HangsUp(Quiet):
    """Reads a little of the graph, then closes the connection without answering."""

    def do_PUT(self):
        self.rfile.read(1000)
        self.connection.shutdown(socket.SHUT_RDWR)
        self.connection.close()


class Moved(Quiet):
    def do_PUT(self):
        self._read()
        self._answer(301, b"", {"Location": "https://elsewhere.example/store"})


# -- a real store


def test_pushed_graphs_give_the_same_answers_remotely(kg, remote):
    pushed = push(kg, remote + "/store")
    assert [p.report for p in pushed] == [r.iri for r in kg.reports()]
    assert {p.status for p in pushed} == {201}
    assert [p.triples for p in pushed] == [r.triples for r in kg.reports()]
    # Each graph stands alone remotely: the shared descriptions it uses went with it (graph/shared.py).
    assert remote_rows(remote, GRAPH_SIZES) == [(f"<{r.iri}>", f'"{r.triples}"^^<{XSD_INTEGER}>')
                                                for r in sorted(kg.reports(), key=lambda r: r.iri)]
    # Every library question that runs without parameters gets the same rows from the remote store.
    asked = 0
    for spec in library().values():
        if any(not p.optional for p in spec.params):
            continue
        assert remote_rows(remote, spec.text) == local_rows(kg, spec.text), spec.name
        asked += 1
    assert asked >= 8


def test_a_standard_client_reads_the_pushed_graph(kg, remote):
    from SPARQLWrapper import JSON, SPARQLWrapper

    push(kg, remote + "/store", reports=[NANYANG_IRI])
    client = SPARQLWrapper(remote + "/query")
    client.setQuery("PREFIX gk: <https://w3id.org/govkg/def#> SELECT ?g WHERE { GRAPH ?g { ?r a gk:Report } }")
    client.setReturnFormat(JSON)
    client.setTimeout(30)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert [b["g"]["value"] for b in bindings] == [NANYANG_IRI]


def test_pushing_again_replaces_and_never_duplicates(kg, remote):
    first = push(kg, remote + "/store")
    sizes = remote_rows(remote, GRAPH_SIZES)
    again = push(kg, remote + "/store")
    assert {p.status for p in first} == {201} and {p.status for p in again} <= {200, 204}
    assert remote_rows(remote, GRAPH_SIZES) == sizes
    assert [int(n.split('"')[1]) for _, n in sizes] == [r.triples for r in sorted(kg.reports(), key=lambda r: r.iri)]
    # What the remote store had in a graph is replaced, not added to.
    stale = httpx.post(remote + "/update", timeout=30, data={
        "update": f"INSERT DATA {{ GRAPH <{NANYANG_IRI}> {{ <urn:x:stale> <urn:x:p> <urn:x:o> }} }}"})
    assert stale.status_code == 204
    push(kg, remote + "/store", reports=[NANYANG_IRI])
    answer = httpx.post(remote + "/query", data={"query": "ASK { <urn:x:stale> ?p ?o }"},
                        headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    assert answer["boolean"] is False
    assert remote_rows(remote, GRAPH_SIZES) == sizes


def test_one_report_only(kg, remote):
    seen = []
    pushed = push(kg, remote + "/store", reports=[WUHAN_IRI], on_pushed=seen.append)
    assert seen == pushed and [p.report for p in pushed] == [WUHAN_IRI]
    assert [row[0] for row in remote_rows(remote, GRAPH_SIZES)] == [f"<{WUHAN_IRI}>"]


def test_blank_nodes_are_sent_as_stable_iris(tmp_path, remote):
    report = URIRef("https://w3id.org/govkg/id/report/测试市/2024/报告")
    g = Graph()
    g.add((report, RDF.type, GK.Report))
    note, inner = BNode(), BNode()
    g.add((report, RDFS.seeAlso, note))
    g.add((note, RDFS.label, Literal("附注")))
    g.add((note, RDFS.seeAlso, inner))
    with open_store(tmp_path / "kg", writable=True) as kg:
        kg.replace_report(g)
    with open_store(tmp_path / "kg") as kg:
        data, triples = skolemized(kg.store, str(report))
        assert triples == 4 and b"_:" not in data and data.count(GENID.encode()) == 4
        assert skolemized(kg.store, str(report)) == (data, triples)  # the same on every push
        for _ in range(2):
            push(kg, remote + "/store")
    rows = remote_rows(remote, "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }")
    assert rows == []
    assert remote_rows(remote, GRAPH_SIZES) == [(f"<{report}>", '"4"^^<http://www.w3.org/2001/XMLSchema#integer>')]
    labelled = remote_rows(remote, 'SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "附注" }')
    assert len(labelled) == 1 and labelled[0][0].startswith("<" + GENID)


@pytest.mark.slow
def test_pushing_to_a_writable_govkg_server(kg, tmp_path):
    """govkg serve --writable is such a store too: push into it, then ask its library."""
    from govkg.graph.store import open_store as create

    target = tmp_path / "served"
    create(target, writable=True).close()
    code = ("import sys\nfrom govkg.server import serve\n"
            "serve(sys.argv[1], port=0, writable=True, on_ready=lambda url: print(url, flush=True))")
    process = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        push(kg, url + "store")
        listed = httpx.get(url + "queries/reports", headers={"Accept": "text/csv"}, timeout=30).text
        assert sorted(line.split(",")[0] for line in listed.splitlines()[1:]) == sorted(r.iri for r in kg.reports())
    finally:
        process.terminate()
        process.wait(20)
        process.stdout.close()


# -- credentials


def test_credentials_come_from_the_environment(kg, monkeypatch):
    monkeypatch.setenv("GOVKG_PUSH_USER", "govkg")
    monkeypatch.setenv("GOVKG_PUSH_PASSWORD", "s3cret")
    with fake_store(NeedsLogin) as (url, server):
        assert [p.status for p in push(kg, url, reports=[NANYANG_IRI])] == [201]
        assert server.seen == ["Basic " + base64.b64encode(b"govkg:s3cret").decode()]


def test_credentials_come_from_a_netrc_file(kg, monkeypatch, tmp_path):
    monkeypatch.delenv("GOVKG_PUSH_USER", raising=False)
    monkeypatch.delenv("GOVKG_PUSH_PASSWORD", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1\n  login govkg\n  password s3cret\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with fake_store(NeedsLogin) as (url, _):
        assert [p.status for p in push(kg, url, reports=[NANYANG_IRI])] == [201]


def test_half_the_credentials_is_an_error(kg, monkeypatch):
    monkeypatch.setenv("GOVKG_PUSH_USER", "govkg")
    monkeypatch.delenv("GOVKG_PUSH_PASSWORD", raising=False)
    expected = "^GOVKG_PUSH_USER is set but GOVKG_PUSH_PASSWORD is not; set both, or neither$"
    with pytest.raises(PushError, match=expected):
        push(kg, "http://127.0.0.1:9/store")


def test_credentials_in_the_url_are_refused(kg):
    with pytest.raises(PushError, match="^http://127.0.0.1:9/store: put credentials in GOVKG_PUSH_USER"):
        push(kg, "http://govkg:s3cret@127.0.0.1:9/store")


# -- bad endpoints: a one-line message, the local store unchanged (the kg fixture checks)


@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    monkeypatch.delenv("GOVKG_PUSH_USER", raising=False)
    monkeypatch.delenv("GOVKG_PUSH_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert "\n" not in message and len(message) < 400
    return message


def test_an_endpoint_that_does_not_answer(kg, no_credentials):
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(PushError) as error:
        push(kg, url)
    assert one_line(error).startswith(f"{url}: does not answer (")
    assert one_line(error).endswith("(nothing was sent)")


def test_an_endpoint_that_wants_a_login(kg, no_credentials):
    with fake_store(NeedsLogin) as (url, server), pytest.raises(PushError) as error:
        push(kg, url)
    assert one_line(error) == (f"{url}: {kg.reports()[0].iri}: 401 Unauthorized: the store wants credentials, or "
                               "others than those given; set GOVKG_PUSH_USER and GOVKG_PUSH_PASSWORD, or a netrc entry "
                               "for 127.0.0.1 (nothing was sent)")
    assert server.seen == [None]


def test_an_endpoint_that_fails(kg, no_credentials):
    with fake_store(Fails) as (url, _), pytest.raises(PushError) as error:
        push(kg, url, reports=[NANYANG_IRI])
    assert one_line(error) == (f"{url}: {NANYANG_IRI}: 500 Internal Server Error: "
                               "java.lang.OutOfMemoryError: Java heap space")


def test_an_endpoint_that_closes_mid_transfer(kg, no_credentials):
    with fake_store(HangsUp) as (url, _), pytest.raises(PushError) as error:
        push(kg, url, reports=[NANYANG_IRI])
    assert one_line(error).startswith(f"{url}: {NANYANG_IRI}: the connection closed before the store answered")


def test_an_endpoint_that_never_answers(kg, no_credentials):
    started = time.monotonic()
    with fake_store(Hangs) as (url, _), pytest.raises(PushError) as error:
        push(kg, url, reports=[NANYANG_IRI], timeout=1)
    assert one_line(error) == f"{url}: {NANYANG_IRI}: no answer within 1 s"
    assert time.monotonic() - started < 5


def test_an_endpoint_that_redirects(kg, no_credentials):
    with fake_store(Moved) as (url, _), pytest.raises(PushError, match="redirected to https://elsewhere.example/store"):
        push(kg, url, reports=[NANYANG_IRI])


def test_a_failure_after_some_reports_says_how_many_went(kg, no_credentials):
    class FailsOnSecond(Quiet):
        def do_PUT(self):
            self._read()
            self.server.seen.append(1)
            self._answer(204 if len(self.server.seen) == 1 else 500, b"" if len(self.server.seen) == 1 else b"boom")

    with fake_store(FailsOnSecond) as (url, _), pytest.raises(PushError) as error:
        push(kg, url)
    total = len(kg.reports())
    assert one_line(error).endswith(f": 500 Internal Server Error: boom (1 of {total} reports were sent before)")


@pytest.mark.parametrize("endpoint,message", [("ftp://example.org/store", "not an http or https URL"),
                                              ("store", "not an http or https URL")])
def test_urls_that_are_not_http(kg, endpoint, message):
    with pytest.raises(PushError, match=message):
        push(kg, endpoint)


def test_an_unknown_report(kg):
    with pytest.raises(PushError, match="no report https://example.org/nope"):
        push(kg, "http://127.0.0.1:9/store", reports=["https://example.org/nope"])


def test_pushed_record():
    assert Pushed("urn:r", 3, 201) == Pushed(report="urn:r", triples=3, status=201)


# -- the command line


def test_cli_push(store_dir, remote, no_credentials):
    result = CliRunner().invoke(main, ["push", "--endpoint", remote + "/store", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert NANYANG_IRI in result.output
    result = CliRunner().invoke(main, ["push", "--endpoint", remote + "/store", "--store", str(store_dir),
                                       "--report", WUHAN_IRI])
    assert result.exit_code == 0 and WUHAN_IRI in result.output and NANYANG_IRI not in result.output


def test_cli_push_to_nothing_says_so_in_one_line(store_dir, no_credentials):
    url = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(main, ["push", "--endpoint", url, "--store", str(store_dir)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {url}: does not answer (") and result.output.count("\n") == 1


# -- credentials never shown; Digest and bearer authentication


SECRET = "Zq9-secret-token"


class EchoesAuthorization(Quiet):
    """Refuses the graph with an error text that echoes the request's Authorization header."""

    def do_PUT(self):
        self._read()
        self._answer(400, f"bad request: Authorization: {self.headers.get('Authorization')}; "
                          f"query {self.path}\n".encode())


class NeedsDigest(Quiet):
    """Takes graphs from user govkg, password s3cret, by HTTP Digest (RFC 7616, MD5, qop=auth) only."""

    realm, nonce = "store", "dcd98b7102dd2f0e8b11d0f600bfb0c093"

    def do_PUT(self):
        self._read()
        header = self.headers.get("Authorization") or ""
        self.server.seen.append(header)
        if header.startswith("Digest ") and self._valid(header):
            self._answer(201)
        else:
            self._answer(401, b"Unauthorized\n",
                         {"WWW-Authenticate": f'Digest realm="{self.realm}", nonce="{self.nonce}", qop="auth", '
                                              'algorithm=MD5'})

    def _valid(self, header: str) -> bool:
        import re

        fields = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', header[7:])}

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        ha1 = md5(f"govkg:{self.realm}:s3cret")
        ha2 = md5(f"PUT:{fields.get('uri')}")
        expected = md5(f"{ha1}:{self.nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
        return fields.get("username") == "govkg" and fields.get("response") == expected


class NeedsBearer(Quiet):
    def do_PUT(self):
        self._read()
        self.server.seen.append(self.headers.get("Authorization"))
        self._answer(201 if self.headers.get("Authorization") == f"Bearer {SECRET}" else 401, b"no\n",
                     {"WWW-Authenticate": 'Bearer realm="store"'})


def assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text, f"{secret!r} shown in {text!r}"


def test_a_token_in_the_url_is_never_shown(kg, no_credentials):
    dead = f"http://127.0.0.1:{free_port()}/store?token={SECRET}"
    with pytest.raises(PushError) as error:
        push(kg, dead, reports=[NANYANG_IRI])
    assert one_line(error).startswith(f"http://127.0.0.1:{dead.split(':')[2].split('/')[0]}/store?token=***: "
                                      "does not answer (")
    assert_hidden(str(error.value), SECRET)
    for handler in (Fails, NeedsLogin, Moved, EchoesAuthorization):
        with fake_store(handler) as (url, _), pytest.raises(PushError) as error:
            push(kg, f"{url}?token={SECRET}&other=1", reports=[NANYANG_IRI])
        assert f"{url}?token=***&other=***: {NANYANG_IRI}: " in one_line(error)
        assert_hidden(str(error.value), SECRET)


def test_userinfo_in_the_url_is_never_shown(kg, no_credentials):
    for endpoint in (f"http://govkg:{SECRET}@127.0.0.1:9/store", f"http://govkg:{SECRET}@[::1/store",
                     f"http://govkg:{SECRET}@127.0.0.1:99999/store"):
        with pytest.raises(PushError) as error:
            push(kg, endpoint)
        assert_hidden(one_line(error), SECRET, f"govkg:{SECRET}")


@pytest.mark.parametrize("variables", [{"GOVKG_PUSH_USER": "govkg", "GOVKG_PUSH_PASSWORD": SECRET},
                                       {"GOVKG_PUSH_TOKEN": SECRET}])
def test_an_echoed_authorization_header_is_never_shown(kg, no_credentials, monkeypatch, variables):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    basic = base64.b64encode(f"govkg:{SECRET}".encode()).decode()
    with fake_store(EchoesAuthorization) as (url, _), pytest.raises(PushError) as error:
        push(kg, url + f"?key={SECRET}", reports=[NANYANG_IRI])
    assert one_line(error).startswith(f"{url}?key=***: {NANYANG_IRI}: 400 Bad Request: bad request: Authorization: ***")
    assert_hidden(str(error.value), SECRET, basic)


def test_digest_authentication(kg, no_credentials, monkeypatch):
    monkeypatch.setenv("GOVKG_PUSH_USER", "govkg")
    monkeypatch.setenv("GOVKG_PUSH_PASSWORD", "s3cret")
    with fake_store(NeedsDigest) as (url, server):
        assert [p.status for p in push(kg, url, reports=[NANYANG_IRI], auth="digest")] == [201]
        assert server.seen[0] == "" and server.seen[-1].startswith('Digest username="govkg"')
        assert not any("s3cret" in seen or "Basic" in seen for seen in server.seen)
    with fake_store(NeedsDigest) as (url, _), pytest.raises(PushError) as error:
        push(kg, url, reports=[NANYANG_IRI])
    assert one_line(error).endswith("asks for Digest authentication: use --auth digest")


def test_a_bearer_token_from_the_environment(kg, no_credentials, monkeypatch):
    monkeypatch.setenv("GOVKG_PUSH_TOKEN", SECRET)
    with fake_store(NeedsBearer) as (url, server):
        assert [p.status for p in push(kg, url, reports=[NANYANG_IRI])] == [201]
        assert server.seen == [f"Bearer {SECRET}"]
    monkeypatch.setenv("GOVKG_PUSH_USER", "govkg")
    with pytest.raises(PushError, match="GOVKG_PUSH_TOKEN and GOVKG_PUSH_USER/GOVKG_PUSH_PASSWORD are both set"):
        push(kg, "http://127.0.0.1:9/store")


def test_cli_push_never_prints_the_token(store_dir, remote, no_credentials):
    result = CliRunner().invoke(main, ["push", "--endpoint", f"{remote}/store?token={SECRET}", "--store",
                                       str(store_dir), "--report", NANYANG_IRI])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"{remote}/store?token=***: 1 report(s) pushed\n")
    dead = f"http://127.0.0.1:{free_port()}/store?token={SECRET}"
    result = CliRunner().invoke(main, ["push", "--endpoint", dead, "--store", str(store_dir)])
    assert result.exit_code == 1 and "token=***: does not answer" in result.output
    assert_hidden(result.output, SECRET)
