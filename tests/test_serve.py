"""The SPARQL endpoint: a real server, asked by real clients and a real browser, and stopped."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import select
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from govkg.cli import main
from serving import served
from govkg.server import QueryPool, QueryTimeout, ServeError, library_entries, query_page, serve
from govkg.graph.store import StoreError, open_store
from govkg.queries import library, load_query, run

DATA = Path(__file__).parent / "data" / "corpus"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NANYANG_IRI = "https://w3id.org/govkg/id/report/南阳市/2023/法治政府建设情况的报告"
GOAL = "营商环境明显改善"
# A cross product of all triples, three times: never ends on the sample store.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
REPORTS = """PREFIX gk: <https://w3id.org/govkg/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?report ?title ?year WHERE { ?report a gk:Report . OPTIONAL { ?report dcterms:title ?title }
  OPTIONAL { ?report gk:year ?year } } ORDER BY ?report"""
TIME_LIMIT = 1.0  # of the server that meets the heavy query; the others keep a roomy one for slow machines
# Anything that would make the browser fetch from elsewhere: a resource attribute or CSS pointing off the page.
REMOTE_ATTRIBUTE = re.compile(
    r"""\b(?:src|href|srcset|action|formaction|poster|data|background|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""",
    re.I)
REMOTE_CSS = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I)


# -- fixtures


@pytest.fixture(scope="module")
def store_dir(sample_store) -> Path:
    return sample_store


@contextlib.contextmanager
def running(store: Path, log: Path, **options):
    """`serve` in its own process on a free port; yields its URL; stops it (SIGTERM) and checks it ended."""
    with served(store, log, must_stop=True, **options) as (url, _):
        yield url


@pytest.fixture(scope="module")
def server(store_dir, tmp_path_factory) -> str:
    with running(store_dir, tmp_path_factory.mktemp("log") / "server.log", timeout=30) as url:
        yield url


@pytest.fixture(scope="module")
def limited(store_dir, tmp_path_factory) -> str:
    with running(store_dir, tmp_path_factory.mktemp("log") / "limited.log", timeout=TIME_LIMIT) as url:
        yield url


@pytest.fixture
def http():
    with httpx.Client(timeout=30) as client:
        yield client


def local(store_dir: Path, sparql: str) -> list[tuple[str | None, ...]]:
    """Rows of a query on the store itself (pyoxigraph), each term as N-Triples text."""
    with open_store(store_dir) as kg:
        result = kg.query(sparql)
        return [tuple(None if t is None else str(t) for t in row) for row in result]


def parsed(body: bytes, fmt: ox.QueryResultsFormat) -> list[tuple[str | None, ...]]:
    return [tuple(None if t is None else str(t) for t in row) for row in ox.parse_query_results(body, format=fmt)]


def triple_count(store_dir: Path) -> int:
    with open_store(store_dir) as kg:
        return len(kg.store)


# -- the SPARQL 1.1 Protocol, by a standard client


def test_sparqlwrapper_asks_and_gets_what_the_store_holds(server, store_dir):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    spec = load_query("agencies-ranked")
    for method in ("GET", POST):
        client = SPARQLWrapper(server + "query")
        client.setQuery(spec.text)
        client.setReturnFormat(JSON)
        client.setMethod(method)
        client.setTimeout(30)
        answer = client.queryAndConvert()
        with open_store(store_dir) as kg:
            rows = run(kg.store, spec)
        assert answer["head"]["vars"] == rows.columns
        assert [b["agency_label"]["value"] for b in answer["results"]["bindings"]] == rows.column("agency_label")
        assert [int(b["actions"]["value"]) for b in answer["results"]["bindings"]] == rows.column("actions")
        assert "南阳市人民政府" in rows.column("agency_label")


@pytest.mark.parametrize("accept,fmt", [("application/sparql-results+json", ox.QueryResultsFormat.JSON),
                                        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
                                        ("text/tab-separated-values", ox.QueryResultsFormat.TSV)])
def test_results_come_in_the_format_asked_for(server, store_dir, http, accept, fmt):
    response = http.get(server + "query", params={"query": REPORTS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    expected = local(store_dir, REPORTS)
    assert len(expected) == 6 and any(NANYANG_IRI in row[0] for row in expected)
    assert parsed(response.content, fmt) == expected


def test_results_as_csv(server, store_dir, http):
    response = http.get(server + "query", params={"query": REPORTS}, headers={"Accept": "text/csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == ["report", "title", "year"]
    with open_store(store_dir) as kg:
        expected = [[row[0].value, row[1].value if row[1] else "", row[2].value if row[2] else ""]
                    for row in kg.query(REPORTS)]
    assert table[1:] == expected


@pytest.mark.parametrize("how", ["form", "sparql-query"])
def test_post_queries(server, store_dir, http, how):
    headers = {"Accept": "application/sparql-results+json"}
    if how == "form":
        response = http.post(server + "query", data={"query": REPORTS}, headers=headers)
    else:
        response = http.post(server + "query", content=REPORTS.encode(),
                             headers={**headers, "Content-Type": "application/sparql-query"})
    assert response.status_code == 200, response.text
    assert parsed(response.content, ox.QueryResultsFormat.JSON) == local(store_dir, REPORTS)


def test_ask_and_construct(server, http):
    ask = http.get(server + "query", params={"query": f"ASK {{ <{NANYANG_IRI}> ?p ?o }}"},
                   headers={"Accept": "application/sparql-results+json"})
    assert ask.json() == {"head": {}, "boolean": True}
    graph = http.get(server + "query", headers={"Accept": "application/n-triples"},
                     params={"query": f"CONSTRUCT {{ <{NANYANG_IRI}> ?p ?o }} WHERE {{ <{NANYANG_IRI}> ?p ?o }}"})
    assert graph.status_code == 200 and graph.headers["content-type"].startswith("application/n-triples")
    assert len(list(ox.parse(graph.content, format=ox.RdfFormat.N_TRIPLES))) > 3


# -- read-only


def test_updates_are_refused_when_read_only(server, store_dir, http):
    from urllib.error import HTTPError

    from SPARQLWrapper import POST, SPARQLWrapper

    before = triple_count(store_dir)
    client = SPARQLWrapper(server + "update")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }")
    client.setTimeout(30)
    with pytest.raises(HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    for response in (
            http.post(server + "update", data={"update": "CLEAR ALL"}),
            http.post(server + "update", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}),
            http.post(server + "query", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}),
            http.put(server + "store", params={"graph": "urn:x:g"}, content=b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                     headers={"Content-Type": "text/turtle"}),
            http.delete(server + "store", params={"graph": NANYANG_IRI})):
        assert response.status_code == 403
        assert response.text.strip() == "this server is read-only; start it with --writable to accept updates"
    assert triple_count(store_dir) == before


def test_the_store_is_locked_against_writers_while_served(server, store_dir):
    with pytest.raises(StoreError, match="store is locked"):
        open_store(store_dir, writable=True)
    result = CliRunner().invoke(main, ["build", str(DATA / "nanyang-2023.txt"), "--store", str(store_dir)])
    assert result.exit_code == 1 and "store is locked" in result.output
    with open_store(store_dir) as kg:  # readers are welcome
        assert len(kg.reports()) == 6


# -- the time limit


@pytest.mark.slow
def test_a_heavy_query_gets_a_clear_503_and_does_not_hold_the_server(limited, http):
    started = time.monotonic()
    response = http.post(limited + "query", data={"query": HEAVY},
                         headers={"Accept": "application/sparql-results+json"})
    took = time.monotonic() - started
    assert response.status_code == 503
    assert "longer than the time limit of 1 s" in response.text and "\n" not in response.text.strip()
    assert TIME_LIMIT <= took < TIME_LIMIT + 3
    # A streamed answer is cut by the same limit (Oxigraph's own limit does not stop it).
    construct = http.get(limited + "query", headers={"Accept": "application/n-triples"},
                         params={"query": "CONSTRUCT { ?a ?b ?i } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert construct.status_code == 503
    started = time.monotonic()
    quick = http.get(limited + "query", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"})
    assert quick.json()["boolean"] is True and time.monotonic() - started < 1


def test_query_workers_are_killed_past_the_limit_and_replaced(store_dir):
    with QueryPool(store_dir / "oxigraph", size=1) as pool:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="longer than the time limit of 0.5 s"):
            pool.run(HEAVY, timeout=0.5)
        assert time.monotonic() - started < 2
        answer = pool.run("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }", timeout=60)
        assert int(json.loads(answer)["results"]["bindings"][0]["n"]["value"]) > 100
        with pytest.raises(ServeError, match="the query failed"):
            pool.run("SELECT nonsense", timeout=60)
        assert pool.run("ASK { ?s ?p ?o }", fmt="TSV", timeout=60) == b"true"


# -- the library by name


def test_the_library_is_listed_with_its_text(server, http):
    entries = http.get(server + "queries").json()
    assert entries == library_entries()
    assert [e["name"] for e in entries] == list(library())
    feeding = next(e for e in entries if e["name"] == "actions-feeding-goal")
    assert feeding["text"] == load_query("actions-feeding-goal").text
    assert feeding["question_en"].startswith("Which actions, programs and policies feed a goal")
    assert feeding["params"][0] == {"name": "goal", "kind": "string", "optional": False,
                                    "description": "the goal's label or altLabel, e.g. 调整优化政府职能"}


def test_a_library_question_with_parameters_answers_as_govkg_query(server, store_dir, http):
    spec = load_query("actions-feeding-goal")
    with open_store(store_dir) as kg:
        rows = run(kg.store, spec, {"goal": GOAL, "report": NANYANG_IRI})
    assert len(rows) >= 6
    response = http.get(server + "queries/actions-feeding-goal", params={"goal": GOAL, "report": NANYANG_IRI})
    assert response.status_code == 200 and response.headers["content-type"] == "application/sparql-results+json"
    answer = response.json()
    assert answer["head"]["vars"] == rows.columns
    bindings = answer["results"]["bindings"]
    assert [b["node"]["value"] for b in bindings] == rows.column("node")
    assert {b["goal"]["value"] for b in bindings} == {GOAL}  # the parameter is bound, and echoed
    assert {b["report"]["type"] for b in bindings} == {"uri"}

    as_csv = http.get(server + "queries/actions-feeding-goal", params={"goal": GOAL}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(as_csv.text)))
    assert table[0] == rows.columns
    assert "观市·问竞" in {row[rows.columns.index("node_label")] for row in table[1:]}


@pytest.mark.parametrize("accept,fmt", [("application/sparql-results+xml", ox.QueryResultsFormat.XML),
                                        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
                                        ("application/json", ox.QueryResultsFormat.JSON),
                                        ("*/*", ox.QueryResultsFormat.JSON)])
def test_library_answers_by_accept(server, store_dir, http, accept, fmt):
    spec = load_query("agencies-ranked")
    response = http.get(server + "queries/agencies-ranked", headers={"Accept": accept})
    assert response.status_code == 200
    assert parsed(response.content, fmt) == local(store_dir, spec.text)


@pytest.mark.parametrize("path,params,accept,status,message", [
    ("queries/agencies-rankd", {}, "", 404, "unknown query 'agencies-rankd'; did you mean agencies-ranked?"),
    ("queries/actions-feeding-goal", {}, "", 400, "actions-feeding-goal: missing required parameter 'goal'"),
    ("queries/agencies-ranked", {"report": "not an iri"}, "", 400, "must be an absolute IRI"),
    ("queries/agencies-ranked", {"year": "2023"}, "", 400, "unknown parameter 'year'"),
    ("queries/agencies-ranked", {}, "image/png", 406, "a library question answers"),
])
def test_bad_library_requests_get_one_line(server, http, path, params, accept, status, message):
    response = http.get(server + path, params=params, headers={"Accept": accept} if accept else {})
    assert response.status_code == status
    assert message in response.text and "\n" not in response.text.strip()


def test_a_library_question_never_reads_files_by_path(server, http, tmp_path):
    spec = tmp_path / "mine.rq"
    spec.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert http.get(server + "queries/" + str(spec).replace("/", "%2F")).status_code == 404


# -- pages for people


def test_the_query_page_is_served_and_fetches_nothing_from_elsewhere(server, http):
    response = http.get(server)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "connect-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    assert page == query_page(timeout=30)
    assert not REMOTE_ATTRIBUTE.search(page) and not REMOTE_CSS.search(page)
    for name in library():
        assert f'"name":"{name}"' in page


def test_the_page_keeps_markup_in_the_library_inert():
    page = query_page()
    block = re.search(r'<script type="application/json" id="govkg-data">(.*?)</script>', page, re.S)[1]
    assert "<" not in block and ">" not in block
    assert json.loads(block)["library"] == library_entries()


def test_yasgui_is_served_from_the_server_itself(server, http):
    page = http.get(server + "yasgui/")
    assert page.status_code == 200 and "Yasgui" in page.text
    assert not REMOTE_ATTRIBUTE.search(page.text)
    script = re.search(r'<script src="\./([^"]+)"', page.text)[1]
    assert http.get(server + "yasgui/" + script).status_code == 200
    # Its endpoint (the page's address + /sparql) is the endpoint, time limit included.
    answer = http.post(server + "yasgui/sparql", data={"query": "ASK { ?s ?p ?o }"},
                       headers={"Accept": "application/sparql-results+json"})
    assert answer.json()["boolean"] is True


def _chromium(tmp_path: Path, *args: str) -> str:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (Debian: apt-get install chromium)")
def test_the_page_runs_a_library_question_in_chromium(server, store_dir, tmp_path):
    with open_store(store_dir) as kg:
        rows = run(kg.store, load_query("agencies-ranked"))
    dom = _chromium(tmp_path, "--virtual-time-budget=20000", "--dump-dom", server + "#/queries/agencies-ranked")
    # The table exists only if the page's script ran the question against the server and drew the answer.
    assert f'data-rows="{len(rows)}"' in dom
    for label in rows.column("agency_label"):
        assert f'<td class="literal">{label}</td>' in dom
    assert '<td class="num" title="xsd:integer">7</td>' in dom
    assert re.search(r'<button type="button" aria-current="true"><span class="q-name">agencies-ranked</span>', dom)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (Debian: apt-get install chromium)")
def test_the_page_binds_parameters_from_its_address_in_chromium(server, store_dir, tmp_path):
    from urllib.parse import quote

    with open_store(store_dir) as kg:
        rows = run(kg.store, load_query("actions-feeding-goal"), {"goal": GOAL})
    address = server + "#/queries/actions-feeding-goal?goal=" + quote(GOAL)
    dom = _chromium(tmp_path, "--virtual-time-budget=20000", "--dump-dom", address)
    assert f'data-rows="{len(rows)}"' in dom
    assert '<td class="literal">观市·问竞</td>' in dom
    assert re.search(r'<input id="param-goal" class="param" name="goal"[^>]*>', dom)


# -- a writable server


@pytest.mark.slow
def test_a_writable_server_takes_updates_and_keeps_them(store_dir, tmp_path, http):
    copy = tmp_path / "kg"
    shutil.copytree(store_dir, copy)
    update = ('PREFIX gk: <https://w3id.org/govkg/def#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
              'INSERT DATA { GRAPH <urn:x:r> { <urn:x:r> a gk:Report ; rdfs:label "测试报告" } }')
    with running(copy, tmp_path / "server.log", writable=True, timeout=5) as url:
        assert http.post(url + "update", data={"update": update}).status_code == 204
        put = http.put(url + "store", params={"graph": "urn:x:g"}, content="<urn:x:a> <urn:x:b> \"甲\" .".encode(),
                       headers={"Content-Type": "text/turtle"})
        assert put.status_code == 201
        # Library questions see the writes at once.
        listed = http.get(url + "queries/reports", headers={"Accept": "text/csv"}).text
        assert "urn:x:r" in listed and NANYANG_IRI in listed
        assert http.post(url + "update", data={"update": f"DROP GRAPH <{NANYANG_IRI}>"}).status_code == 204
        listed = http.get(url + "queries/reports", headers={"Accept": "text/csv"}).text
        assert "urn:x:r" in listed and NANYANG_IRI not in listed
        # A writable server holds the writer's lock: nobody else opens the store meanwhile.
        with pytest.raises(StoreError, match="store is locked: a writer is using it"):
            open_store(copy)
    with open_store(copy, writable=True) as kg:  # stopped: the lock and the database are free, the writes kept
        graphs = {g.value for g in kg.store.named_graphs()}
        assert {"urn:x:r", "urn:x:g"} <= graphs and NANYANG_IRI not in graphs


# -- bad input


def test_a_port_in_use_is_a_clear_error(store_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ServeError, match=rf"^127\.0\.0\.1:{port} is in use; choose another --port"):
            serve(store_dir, port=port)
        assert time.monotonic() - started < 2


@pytest.mark.parametrize("make,message", [(lambda p: p, "is not a govkg store"),
                                          (lambda p: p / "missing", "does not exist")])
def test_a_directory_that_is_not_a_store_is_refused(tmp_path, make, message):
    with pytest.raises(StoreError, match=message):
        serve(make(tmp_path), port=0)


def test_bad_settings_are_refused(store_dir):
    with pytest.raises(ServeError, match="more than 0 seconds"):
        serve(store_dir, port=0, timeout=0)
    with pytest.raises(ServeError, match="cannot listen"):
        serve(store_dir, host="no-such-host.invalid", port=0)


# -- the command line


@pytest.mark.slow
def test_cli_serve_answers_and_stops(store_dir, http):
    process = subprocess.Popen([sys.executable, "-m", "govkg.cli", "serve", "--store", str(store_dir), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 90)
        line = process.stdout.readline() if ready else ""
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        assert http.get(url[0] + "queries/reports", headers={"Accept": "text/csv"}).text.count("\n") == 7
    finally:
        process.terminate()
        process.wait(20)
        process.stdout.close()


def test_cli_serve_on_a_port_in_use_says_so(store_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--store", str(store_dir), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: 127.0.0.1:{port} is in use; choose another --port (0 takes a free one)"
