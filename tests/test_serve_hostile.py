"""The endpoint under hostile clients: federated queries, updates, oversized input, traversal, runaway queries
and a short burst of concurrent clients, against a real `govkg serve` on 127.0.0.1 (loopback only)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from serving import served as running

# Sorted cross product of every triple three times: Oxigraph's own --timeout-s does not stop it.
RUNAWAY = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1"
TIME_LIMIT = 1.0
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU time from /proc")


# -- fixtures




@pytest.fixture(scope="module")
def guarded(sample_store, tmp_path_factory):
    """A read-only server with a short time limit and two workers per pool: (URL, process)."""
    with running(sample_store, tmp_path_factory.mktemp("log") / "guarded.log", timeout=TIME_LIMIT) as served:
        yield served


@pytest.fixture
def http():
    with httpx.Client(timeout=30) as client:
        yield client


class _Remote(BaseHTTPRequestHandler):
    """A SPARQL endpoint on loopback that answers one fixed row, or fails, and counts who came."""

    calls: list[str] = []
    fail = False

    def do_GET(self):  # noqa: N802 - http.server's naming
        self._answer()

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self._answer()

    def _answer(self):
        type(self).calls.append(self.path)
        if type(self).fail:
            self.send_error(501, "no")
            return
        body = json.dumps({"head": {"vars": ["s"]},
                           "results": {"bindings": [{"s": {"type": "uri", "value": "urn:x:remote"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def remote():
    """A loopback SPARQL endpoint: yields (its URL, the handler class whose `calls` lists the requests)."""
    handler = type("Remote", (_Remote,), {"calls": [], "fail": False})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler
    finally:
        server.shutdown()
        server.server_close()


def children_cpu(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each child process of `pid`."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def settle(pid: int, seconds: float = 15) -> set[int]:
    """Wait until the children of `pid` are idle (workers replaced by an earlier test have started); their pids."""
    deadline = time.monotonic() + seconds
    while True:
        before = children_cpu(pid)
        time.sleep(0.3)
        after = children_cpu(pid)
        if set(after) == set(before) and sum(after[p] - t for p, t in before.items()) < 0.05:
            return set(after)
        if time.monotonic() > deadline:
            pytest.fail(f"the server's processes did not settle within {seconds} s")


def answered(http, url: str, seconds: float = 15) -> httpx.Response:
    """GET `url` until it is not 503 (workers killed at their limit are being replaced)."""
    deadline = time.monotonic() + seconds
    while True:
        response = http.get(url, headers=JSON_RESULTS)
        if response.status_code != 503 or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def busy_after(pid: int, before: set[int], seconds: float = 1.0) -> float:
    """CPU seconds the children of `pid` that existed `before` use over the next `seconds` (new ones are
    respawned workers starting up, and do not count)."""
    start = {p: t for p, t in children_cpu(pid).items() if p in before}
    time.sleep(seconds)
    end = children_cpu(pid)
    return sum(end[p] - t for p, t in start.items() if p in end)


# -- federated queries


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <{remote}> { ?s ?p ?o } }",
    "select * where { service silent <{remote}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{remote}> { ?s ?p ?o } } } LIMIT 1",
    "ASK { { SELECT * WHERE { SERVICE <{remote}> { ?x ?y ?z } } } }",
    "SELECT * WHERE { VALUES ?e { <{remote}> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <{remote}> { ?s ?p ?o } }",
])
def test_federated_queries_are_refused_and_nothing_is_fetched(guarded, http, remote, query):
    url, _ = guarded
    endpoint, handler = remote
    text = query.replace("{remote}", endpoint)
    for response in (http.post(url + "query", data={"query": text}, headers=JSON_RESULTS),
                     http.get(url + "sparql", params={"query": text}, headers=JSON_RESULTS),
                     http.post(url + "query", content=text.encode(),
                               headers={**JSON_RESULTS, "Content-Type": "application/sparql-query"})):
        assert response.status_code == 400, response.text
        assert response.text == ("federated queries (SERVICE) are refused: they would have this server fetch "
                                 "from other addresses; start it with --allow-service to run them\n")
    assert handler.calls == []


def test_the_word_service_elsewhere_is_no_federated_query(guarded, http):
    url, _ = guarded
    text = 'SELECT ?service WHERE { BIND("SERVICE <http://127.0.0.1:1/>" AS ?service) }  # SERVICE'
    response = http.get(url + "query", params={"query": text}, headers=JSON_RESULTS)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["service"]["value"] == "SERVICE <http://127.0.0.1:1/>"


def test_uses_service_parses_rather_than_matches():
    from govkg.server import uses_service

    assert uses_service("PREFIX : <urn:x:> SELECT * WHERE { ?s :p ?o OPTIONAL { SERVICE :e { ?o :q ?r } } }")
    assert uses_service("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    assert not uses_service("SELECT * WHERE { ?service <urn:x:service> 'SERVICE <urn:x:e> { }' }")
    assert not uses_service("SELECT * WHERE { << ?s ?p ?o >> ?q ?r }")  # not SPARQL 1.1, and no keyword
    with pytest.raises(ValueError, match="cannot tell whether the query is federated"):
        uses_service("SELECT * WHERE { << ?s ?p ?o >> ?q ?r SERVICE <urn:x:e> { } }")


@pytest.mark.slow
def test_federated_queries_run_when_allowed_and_their_failure_is_no_200(sample_store, tmp_path, http, remote):
    endpoint, handler = remote
    text = f"SELECT ?s WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
    with running(sample_store, tmp_path / "allowed.log", timeout=30, workers=1, allow_service=True) as (url, _):
        answer = http.post(url + "query", data={"query": text}, headers=JSON_RESULTS)
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"]["bindings"] == [{"s": {"type": "uri", "value": "urn:x:remote"}}]
        assert handler.calls
        handler.fail = True
        failed = http.post(url + "query", data={"query": text}, headers=JSON_RESULTS)
        # Not 200 with the start of an answer and the remote's error page after it: one clear error.
        assert failed.status_code == 500
        assert failed.text.startswith("the query failed: ") and "501" in failed.text
        assert failed.text.count("\n") == 1 and "bindings" not in failed.text


# -- updates, oversized and odd requests, traversal


def test_updates_through_every_path_are_refused(guarded, http):
    url, _ = guarded
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> <urn:x:c> } }"
    for response in (http.get(url + "query", params={"update": update}),
                     http.post(url + "sparql", data={"update": update}),
                     http.post(url + "query", content=update.encode(),
                               headers={"Content-Type": "application/sparql-update"}),
                     http.post(url + "update", data={"update": update}),
                     http.request("PATCH", url + "store", content=b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                                  headers={"Content-Type": "application/n-triples"})):
        assert response.status_code == 403, response.text
    # An update where a query should be is not run as one either.
    as_query = http.post(url + "query", data={"query": update}, headers=JSON_RESULTS)
    assert as_query.status_code == 400 and as_query.text.startswith("the query is not valid SPARQL")
    assert http.get(url + "query", params={"query": "ASK { <urn:x:a> ?p ?o }"}).json()["boolean"] is False


@pytest.mark.slow
def test_federated_updates_are_refused_on_a_writable_server(sample_store, tmp_path, http, remote):
    import shutil

    endpoint, handler = remote
    store = tmp_path / "kg"
    shutil.copytree(sample_store, store)
    update = f"INSERT {{ GRAPH <urn:x:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
    with running(store, tmp_path / "writable.log", timeout=30, workers=1, writable=True) as (url, _):
        for response in (http.post(url + "update", data={"update": update}),
                         http.post(url + "update", content=update.encode(),
                                   headers={"Content-Type": "application/sparql-update"})):
            assert response.status_code == 400, response.text
            assert "federated queries (SERVICE) are refused" in response.text
        assert handler.calls == []
        plain = http.post(url + "update", data={"update": "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> 1 } }"})
        assert plain.status_code in (200, 204), plain.text


@pytest.mark.parametrize("params,message", [
    ({"year": "9" * 5000}, "policies-issued: parameter 'year' has 5000 digits; an integer has at most 4300"),
    ({"year": "-" + "1" * 4301}, "policies-issued: parameter 'year' has 4301 digits; an integer has at most 4300"),
])
def test_an_oversized_integer_parameter_is_a_400(guarded, http, params, message):
    url, _ = guarded
    response = http.get(url + "queries/policies-issued", params=params)
    assert response.status_code == 400
    assert response.text == message + "\n"
    fine = http.get(url + "queries/policies-issued", params={"year": "1" * 4300})
    assert fine.status_code == 200 and fine.json()["results"]["bindings"] == []


def test_oversized_and_malformed_queries_get_one_line(guarded, http):
    url, _ = guarded
    cases = [
        (http.post(url + "query", content=b"ASK {} #" + b"x" * (2**20 + 1),
                   headers={"Content-Type": "application/sparql-query"}), 413, "the query is larger than 1 MiB"),
        (http.post(url + "query", content=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}),
         400, "the request body is not UTF-8"),
        (http.post(url + "query", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415, "send the query"),
        (http.get(url + "query", params=[("query", "ASK {}"), ("query", "ASK {}")]), 400, "give one query"),
        (http.get(url + "query"), 400, "give one SPARQL query"),
        (http.get(url + "query", params={"query": "SELECT nonsense"}), 400, "the query is not valid SPARQL"),
        (http.get(url + "query", params={"query": "ASK {}", "default-graph-uri": "not an iri"}), 400,
         "a graph IRI is not valid"),
        (http.get(url + "query", params={"query": "ASK {}"}, headers={"Accept": "image/png"}), 406,
         "this query answers application/sparql-results+json"),
        (http.get(url + "queries/text-search", params={"text": "x" * 10_001}), 400,
         "text-search: parameter 'text' is 10001 characters long; at most 10000 are taken"),
    ]
    for response, status, start in cases:
        assert response.status_code == status, response.text
        assert response.text.startswith(start) and response.text.count("\n") == 1, response.text


def test_traversal_reaches_no_file(guarded, http):
    url, _ = guarded
    for path in ("queries/..%2F..%2F..%2Fetc%2Fpasswd", "queries/../../etc/passwd", "yasgui/..%2F..%2Fetc%2Fpasswd",
                 "%2e%2e/%2e%2e/etc/passwd", "queries/%2e%2e%2fqueries%2freports.rq"):
        response = http.get(url + path)
        assert "root:" not in response.text and "SELECT" not in response.text
        assert response.status_code in (400, 404), (path, response.status_code)


def test_the_default_graph_can_be_chosen_by_the_protocol(guarded, http):
    url, _ = guarded
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(http.get(url + "query", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"])
    empty = int(http.get(url + "query", params={"query": count, "default-graph-uri": "urn:x:none"})
                .json()["results"]["bindings"][0]["n"]["value"])
    assert union > 1000 and empty == 0
    report = http.get(url + "queries/reports").json()["results"]["bindings"][0]["report"]["value"]
    named = int(http.get(url + "query", params={"query": count.replace("WHERE", f"FROM <{report}> WHERE")})
                .json()["results"]["bindings"][0]["n"]["value"])
    assert 100 < named < union  # FROM names the default graph, as on the Oxigraph server


def test_an_answer_over_the_size_limit_is_refused_whole(sample_store):
    from govkg.server import QueryPool, QueryRefused

    with QueryPool(sample_store / "oxigraph", size=1, clients=True) as pool:
        with pytest.raises(QueryRefused, match="the answer is larger than") as refused:
            pool.ask("SELECT * WHERE { ?s ?p ?o }", limit=10_000, timeout=30)
        assert refused.value.status == 507
        body, media_type = pool.ask("SELECT * WHERE { ?s ?p ?o } LIMIT 3", limit=10_000, timeout=30)
        assert media_type == "application/sparql-results+json" and len(json.loads(body)["results"]["bindings"]) == 3


# -- runaway queries and concurrency


@linux_only
@pytest.mark.slow
def test_a_timed_out_query_stops_using_the_cpu(guarded, http):
    url, process = guarded
    before = settle(process.pid)
    started = time.monotonic()
    response = http.get(url + "query", params={"query": RUNAWAY}, headers=JSON_RESULTS)
    took = time.monotonic() - started
    assert response.status_code == 503 and "longer than the time limit of 1 s" in response.text
    assert took < TIME_LIMIT + 2
    time.sleep(0.3)
    # Before: the Oxigraph server went on sorting for minutes, a full core (about 1 s of CPU a second).
    assert busy_after(process.pid, before) < 0.25


@linux_only
@pytest.mark.slow
def test_heavy_queries_at_once_neither_starve_a_light_one_nor_run_on(guarded, http):
    url, process = guarded
    before = settle(process.pid)
    with ThreadPoolExecutor(10) as clients:
        heavy = [clients.submit(http.get, url + "query", params={"query": RUNAWAY}, headers=JSON_RESULTS)
                 for _ in range(10)]
        time.sleep(0.2)
        started = time.monotonic()
        light = http.get(url + "queries/agencies-ranked")
        light_took = time.monotonic() - started
        answers = [f.result() for f in heavy]
    assert light.status_code == 200 and light.json()["results"]["bindings"], light.text
    # Library questions have workers, and threads waiting on them, of their own (before: 0.9 s, behind the heavy).
    assert light_took < 0.6
    assert [a.status_code for a in answers] == [503] * 10
    assert all("time limit" in a.text or "busy" in a.text for a in answers)
    time.sleep(0.3)
    assert busy_after(process.pid, before) < 0.25
    # And the server answers afterwards, once the killed workers are replaced.
    quick = answered(http, url + "query?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    assert quick.json()["boolean"] is True


def test_a_short_burst_of_clients_sees_no_error(guarded):
    url, process = guarded
    if Path("/proc/self/stat").exists():
        settle(process.pid)  # workers killed by the tests before are back
    questions = [("queries/agencies-ranked", {}), ("queries/policies-issued", {"year": "2023"}),
                 ("query", {"query": "SELECT ?r WHERE { ?r a <https://w3id.org/govkg/def#Report> }"})]
    deadline = time.monotonic() + 3

    def client(i: int) -> list[int]:
        statuses = []
        with httpx.Client(timeout=30) as session:
            while time.monotonic() < deadline and len(statuses) < 20:
                path, params = questions[(i + len(statuses)) % len(questions)]
                statuses.append(session.get(url + path, params=params).status_code)
                time.sleep(0.05)
        return statuses

    with ThreadPoolExecutor(10) as pool:
        statuses = [s for result in pool.map(client, range(10)) for s in result]
    assert len(statuses) >= 30 and set(statuses) == {200}
