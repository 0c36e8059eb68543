"""The endpoint under load: library answers held per snapshot, one computation for clients asking at once, and a
server that outlives clients who go away."""

from __future__ import annotations

import asyncio
import re
import select
import socket
import subprocess
import sys
import time

import httpx
import pytest

from govkg.server import QueryTimeout, ServeError
from govkg.server.library import _Answers


def run(coroutine):
    return asyncio.run(coroutine)


class Counting:
    """A computation that counts its calls and answers after a short wait (or fails, when told to)."""

    def __init__(self, answer: bytes = b"answer", fail: BaseException | None = None) -> None:
        self.calls = 0
        self.answer = answer
        self.fail = fail

    async def __call__(self) -> bytes:
        self.calls += 1
        await asyncio.sleep(0.05)
        if self.fail is not None:
            raise self.fail
        return self.answer


def test_clients_asking_one_question_at_once_share_one_computation():
    async def scenario():
        answers, compute = _Answers(2**20), Counting()
        got = await asyncio.gather(*(answers.get((0, "q", "JSON", ()), compute) for _ in range(20)))
        again = await answers.get((0, "q", "JSON", ()), compute)
        return got, again, compute.calls

    got, again, calls = run(scenario())
    assert got == [b"answer"] * 20 and again == b"answer"
    assert calls == 1


def test_a_write_makes_held_answers_stale():
    async def scenario():
        answers, compute = _Answers(2**20), Counting()
        await answers.get((0, "q", "JSON", ()), compute)
        await answers.get((1, "q", "JSON", ()), compute)  # generation 1: the dataset changed
        return compute.calls, sorted(answers._held)

    calls, held = run(scenario())
    assert calls == 2
    assert held == [(1, "q", "JSON", ())]


def test_failures_are_not_held_and_a_timeout_is_not_run_again_at_once():
    async def scenario(hold):
        answers = _Answers(2**20, hold=hold)
        failing, slow = Counting(fail=ServeError("the query failed")), Counting(fail=QueryTimeout("too slow"))
        outcomes = []
        for compute in (failing, failing, slow, slow):
            try:
                await answers.get((0, id(compute), "JSON", ()), compute)
            except ServeError as exc:
                outcomes.append(str(exc))
        return outcomes, failing.calls, slow.calls, answers.size

    outcomes, failed, slowed, size = run(scenario(hold=30))
    assert outcomes == ["the query failed", "the query failed", "too slow",
                        "too slow (less than 30 s ago; not run again yet)"]
    assert (failed, slowed, size) == (2, 1, 0)
    outcomes, _, slowed, _ = run(scenario(hold=0))  # the hold over: run again
    assert outcomes[2:] == ["too slow", "too slow"] and slowed == 2


def test_held_answers_stay_within_their_memory():
    async def scenario():
        answers = _Answers(1000)
        for n in range(10):
            await answers.get((0, "q", "JSON", (("n", str(n)),)), Counting(b"x" * 200))
        await answers.get((0, "big", "JSON", ()), Counting(b"x" * 600))  # over a quarter of the limit: not held
        return answers.size, [key[3] for key in answers._held]

    size, held = run(scenario())
    assert size == 1000
    assert held == [(("n", str(n)),) for n in range(5, 10)]  # the least recently used went first


@pytest.mark.slow
def test_the_server_outlives_clients_that_go_away_before_their_answer(sample_store):
    # Clients that connect while the server is starting and give up before it answers: writing to their closed
    # connections ended `govkg serve` (SIGPIPE, exit status -13) while the CLI restored SIGPIPE's default.
    process = subprocess.Popen([sys.executable, "-m", "govkg.cli", "serve", "--store", str(sample_store), "--port",
                                str(_free_port_number())], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = int(process.args[-1])
    try:
        impatient = 0
        deadline = time.monotonic() + 60
        while impatient < 8 and time.monotonic() < deadline and process.poll() is None:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) != 0:
                    time.sleep(0.02)
                    continue
                sock.sendall(b"GET /queries HTTP/1.1\r\nHost: x\r\n\r\n")
                impatient += 1
        assert impatient == 8
        ready, _, _ = select.select([process.stdout], [], [], 90)
        line = process.stdout.readline() if ready else ""
        assert re.search(r"http://127\.0\.0\.1:\d+/", line), line
        time.sleep(1)  # the server writes its answers to the closed connections
        assert process.poll() is None, f"the server stopped with status {process.returncode}"
        answer = httpx.get(f"http://127.0.0.1:{port}/queries/reports", headers={"Accept": "text/csv"}, timeout=30)
        assert answer.status_code == 200 and answer.text.count("\n") == 7
    finally:
        process.terminate()
        process.wait(20)
        process.stdout.close()


def _free_port_number() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]



# Values of the required parameters, found in the sample reports.
REQUIRED = {"status": "Completed", "goal": "营商环境明显改善", "agency": "南阳市人民政府", "text": "法治"}


def test_questions_asked_over_one_report_graph_answer_as_over_the_union(sample_store):
    # Questions whose header says `scope: report`, given a report, read that report's graph and the shared
    # descriptions alone: the answer must be the union's, for every sample report.
    import dataclasses

    import pyoxigraph as ox

    from govkg.graph.shared import is_report_graph
    from govkg.queries import check_params, library
    from govkg.queries.engines import oxigraph_query

    store = ox.Store.read_only(str(sample_store / "oxigraph"))
    reports = sorted(g.value for g in store.named_graphs() if is_report_graph(g.value))
    scoped = {name: spec for name, spec in library().items() if spec.scope == "report"}
    assert len(reports) == 6 and len(scoped) >= 10 and "planned-actions-followup" not in scoped
    nonempty = set()
    for name, spec in sorted(scoped.items()):
        assert spec.param("report") is not None, name
        union = dataclasses.replace(spec, scope="union")
        for report in reports:
            params = {p.name: REQUIRED[p.name] for p in spec.params if not p.optional} | {"report": report}
            values = check_params(spec, params)
            answer = oxigraph_query(store, spec, values).serialize(format=ox.QueryResultsFormat.TSV)
            assert answer == oxigraph_query(store, union, values).serialize(format=ox.QueryResultsFormat.TSV), (
                name, report)
            if answer.count(b"\n") > 1:
                nonempty.add(name)
    assert len(nonempty) >= 8, nonempty  # the comparison is of real answers, not of empty ones
