"""Load on the library's interactive questions: many clients against one `govkg serve`, errors and latency.

Starts ``govkg serve`` over a store on a free port of 127.0.0.1 (loopback
only), draws a fixed set of library requests with parameters taken from the
store (agencies, goals, metrics, reports, years, words of goal labels; a
seeded draw, so the same store gives the same requests), then runs
``--clients`` clients for ``--seconds`` seconds: each sends a request drawn
from the set, waits for the whole answer, pauses ``--pause`` seconds, and
again.  Every answer other than 200 with a body, and every client-side
failure (a connection refused, a client timeout), is an error.

With ``--warm`` each distinct request is first asked once, one at a time
(the cold cost of each question, reported apart), so the timed run measures
the server with its answers held; without it the timed run starts cold.

Usage::

    .venv/bin/govkg build ../shared/reports --store /tmp/load-kg --jobs 2   # once
    .venv/bin/python benchmarks/load.py --store /tmp/load-kg --clients 50 --seconds 60 --warm --out /tmp/load.json

It stops by itself: after the timed run, or when the server does not start
within two minutes; the server is stopped in every case.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

GK = "https://w3id.org/govkg/def#"
PREFIXES = f"PREFIX gk: <{GK}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


def values(store: Path) -> dict[str, list[str]]:
    """Parameter values found in the store, sorted (so that a seeded draw is the same each run)."""
    import pyoxigraph as ox

    from govkg.graph.staging import database_name, read_marker

    db = ox.Store.read_only(str(store / database_name(read_marker(store))))  # a staged build's database

    def column(where: str) -> list[str]:
        rows = db.query(PREFIXES + f"SELECT DISTINCT ?v WHERE {{ {where} }}", use_default_graph_as_union=True)
        return sorted({row[0].value for row in rows})

    found = {
        "report": column("?v a gk:Report"),
        # An agency with a report it acts in, as "AGENCY\tREPORT": a question a reader of that report asks.
        "agency": column("?x gk:performedBy ?a ; gk:inReport ?r . ?a rdfs:label ?l "
                         "BIND(CONCAT(?l, \"\\t\", STR(?r)) AS ?v)"),
        "goal": column("?g a gk:Goal ; rdfs:label ?v"),
        "metric": column("?m a gk:Metric ; rdfs:label ?v"),
        "year": column("?r a gk:Report ; gk:year ?v"),
    }
    # Words to search for: two to four characters of goal labels, Han only.
    words = {m.group(0)[:n] for label in found["goal"] for m in re.finditer(r"[\u4e00-\u9fff]{4,}", label)
             for n in (2, 3, 4)}
    found["text"] = sorted(words)
    del db
    return found


def requests(found: dict[str, list[str]], per_question: int, seed: int) -> list[tuple[str, dict[str, str]]]:
    """The fixed set of requests: (question, parameters), `per_question` of each interactive question."""
    rng = random.Random(seed)

    def some(kind: str) -> list[str]:
        return rng.sample(found[kind], min(per_question, len(found[kind])))

    chosen: list[tuple[str, dict[str, str]]] = []
    chosen += [("agency-actions", dict(zip(("agency", "report"), pair.split("\t")))) for pair in some("agency")]
    chosen += [("actions-feeding-goal", {"goal": g}) for g in some("goal")]
    chosen += [("metric-observations", {"metric": m}) for m in some("metric")]
    chosen += [("text-search", {"text": t, "report": r}) for t, r in zip(some("text"), some("report"))]
    chosen += [("policies-issued", {"year": y}) for y in some("year")]
    chosen += [("actions-by-status", {"status": rng.choice(["Completed", "Ongoing", "Planned"]), "report": r})
               for r in some("report")]
    chosen += [("goal-tree", {"report": r}) for r in some("report")]
    chosen += [("report-numbers", {"report": r}) for r in some("report")]
    return chosen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, port: int, timeout: float) -> subprocess.Popen:
    govkg = Path(sys.executable).with_name("govkg")
    process = subprocess.Popen([str(govkg), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port),
                                "--timeout", str(timeout)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.stdout.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/queries", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 120 s")


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of sorted values, in ms."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return round(sorted_values[rank - 1] * 1000, 1)


def summary(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    return {"n": len(ordered), "p50_ms": percentile(ordered, 50), "p95_ms": percentile(ordered, 95),
            "p99_ms": percentile(ordered, 99), "max_ms": round(ordered[-1] * 1000, 1) if ordered else None}


async def ask(client: httpx.AsyncClient, name: str, params: dict[str, str]) -> tuple[str, float, int]:
    """One request: (outcome, seconds, bytes); outcome "ok", an HTTP status, or the client error's name."""
    started = time.perf_counter()
    try:
        response = await client.get(f"/queries/{name}", params=params)
        body = response.content
        outcome = "ok" if response.status_code == 200 and body else str(response.status_code)
        return outcome, time.perf_counter() - started, len(body)
    except httpx.HTTPError as exc:
        return type(exc).__name__, time.perf_counter() - started, 0


async def warm(base: str, chosen: list) -> list[dict]:
    """Each distinct request once, one at a time: its cold cost."""
    out = []
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for name, params in chosen:
            outcome, seconds, size = await ask(client, name, params)
            out.append({"question": name, "params": params, "outcome": outcome, "ms": round(seconds * 1000, 1),
                        "bytes": size})
    return out


async def _clients(base: str, chosen: list, indices: range, seconds: float, pause: float, seed: int) -> dict:
    """Clients ``indices`` in one event loop: (outcome, question, seconds) of every request."""
    asked: list[tuple[str, str, float]] = []
    end = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=len(indices), max_keepalive_connections=len(indices))

    async def one_client(index: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(seed * 1000 + index)
        while time.monotonic() < end:
            name, params = rng.choice(chosen)
            outcome, took, _ = await ask(client, name, params)
            asked.append((outcome, name, took))
            await asyncio.sleep(pause)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await asyncio.gather(*(one_client(i, client) for i in indices))
    return asked


def _process(args: tuple) -> list[tuple[str, str, float]]:
    return asyncio.run(_clients(*args))


def load(base: str, chosen: list, clients: int, seconds: float, pause: float, seed: int, processes: int) -> dict:
    """``clients`` clients spread over ``processes`` client processes: in one Python event loop, 50 clients
    measure the loop's own delays as much as the server's."""
    from multiprocessing import get_context

    shares = [range(i, clients, processes) for i in range(processes)]
    started = time.monotonic()
    with get_context("fork").Pool(processes) as pool:
        parts = pool.map(_process, [(base, chosen, share, seconds, pause, seed) for share in shares])
    elapsed = time.monotonic() - started
    asked = [a for part in parts for a in part]
    outcomes = Counter(outcome for outcome, _, _ in asked)
    per_question: dict[str, list[float]] = defaultdict(list)
    for _, name, took in asked:
        per_question[name].append(took)
    errors = sum(n for outcome, n in outcomes.items() if outcome != "ok")
    return {"requests": len(asked), "errors": errors, "outcomes": dict(outcomes), "client_processes": processes,
            "per_second": round(len(asked) / elapsed, 1), **summary([took for _, _, took in asked]),
            "per_question": {name: summary(values) for name, values in sorted(per_question.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pause", type=float, default=0.1, help="seconds each client waits between requests")
    parser.add_argument("--per-question", type=int, default=6, help="distinct requests of each question")
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's time limit (govkg serve --timeout)")
    parser.add_argument("--warm", action="store_true", help="ask each distinct request once before the timed run")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--processes", type=int, default=4, help="client processes the clients are spread over")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    chosen = requests(values(args.store), args.per_question, args.seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.store, port, args.timeout)
    result = {"store": str(args.store), "clients": args.clients, "seconds": args.seconds, "pause": args.pause,
              "distinct_requests": len(chosen), "server_timeout": args.timeout, "load_before": os.getloadavg()}
    try:
        if args.warm:
            cold = asyncio.run(warm(base, chosen))
            result["cold"] = {"errors": sum(c["outcome"] != "ok" for c in cold),
                              **summary([c["ms"] / 1000 for c in cold]), "requests": cold}
        result["load_at_start"] = os.getloadavg()
        result["run"] = load(base, chosen, args.clients, args.seconds, args.pause, args.seed, args.processes)
        result["load_at_end"] = os.getloadavg()
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    brief = {k: v for k, v in result.items() if k not in ("cold", "run")}
    if "cold" in result:
        brief["cold"] = {k: v for k, v in result["cold"].items() if k != "requests"}
    brief["run"] = {k: v for k, v in result["run"].items() if k != "per_question"}
    print(json.dumps(brief, ensure_ascii=False, indent=1))
    for name, figures in result["run"]["per_question"].items():
        print(f"  {name:22} n={figures['n']:6} p50={figures['p50_ms']:8} p99={figures['p99_ms']:8} ms")


if __name__ == "__main__":
    main()
