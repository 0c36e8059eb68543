"""Benchmarks of govkg on a synthetic corpus, all measured in one run on one machine.

1. throughput: characters per second of bare ``jieba.lcut``, of the pipeline
   (``govkg.extractor.process``) and of pipeline + RDF (``extract``), after a
   warm-up (jieba's dictionary, the pipeline build), with the ratios to jieba;
2. profile: where extraction time goes, per pipeline component, the tokenizer
   and the RDF building (``doc_to_graph``);
3. build: ``govkg build DIR --store S --jobs 2`` as a child process (or, when
   the CLI has no ``--jobs`` yet, ``govkg build FILE...`` in batches): wall
   time, CPU time, peak memory and what the store holds afterwards;
4. queries: every query of the library, K times each, on the Oxigraph store
   and on the same data in rdflib's in-memory Dataset: median times and the
   ratio, with a per-query time cap (a run over the cap is stopped and shown
   as "> 60 s"; further runs stop once a query's runs pass the cap in all).
   Oxigraph runs in a child process that is killed at the cap, since a query
   may stay in native code for minutes; rdflib runs in this process under an
   alarm.

Usage::

    .venv/bin/python benchmarks/run.py --reports 1000 --out benchmarks/results.json

The corpus and the store go to a temporary folder (``--workdir`` to keep them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import importlib.metadata
import json
import os
import platform
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import MANIFEST, TEMPLATES, generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("govkg", "spacy", "jieba", "pyoxigraph", "rdflib")
JIEBA_TARGET = 3.0
HOTSPOT_REPORTS = 200

# Values for the queries' parameters, by parameter name; they exist in every generated corpus
# (the goal, metric and text come from the Nanyang sample; agency and year are filled in from
# the first Nanyang-based report of the corpus).  Optional parameters are left out (= all
# reports), except those named here.
PARAMS = {"status": "Planned", "goal": "调整优化政府职能", "metric": "出庭应诉率", "text": "府院联动"}
OPTIONAL_PARAMS = ("year",)


# -- the machine


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown")
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
    mem_kib = next(int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:"))
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    git = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return {"cpu": model, "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)),
            "memory_gib": round(mem_kib / 2**20, 1), "python": platform.python_version(),
            "platform": platform.platform(), "packages": versions,
            "govkg_commit": git.stdout.strip() or None, "load_average_at_start": os.getloadavg()}


# -- 1. throughput


def warm_up() -> float:
    """Load jieba's dictionary and build the pipeline; extract the six samples once."""
    import jieba

    from govkg.extractor import default_pipeline, extract, read_report

    start = time.perf_counter()
    jieba.setLogLevel(60)
    jieba.initialize()
    default_pipeline()
    samples = REPO / "tests" / "data" / "corpus"
    for template in TEMPLATES:
        text = read_report(samples / template.file)
        jieba.lcut(text)
        extract(text, source=template.file)
    return time.perf_counter() - start


def throughput(texts: list[tuple[str, str]], rounds: int) -> dict:
    import jieba

    from govkg.extractor import extract, process

    def jieba_pass() -> None:
        for _, text in texts:
            jieba.lcut(text)

    def pipeline_pass() -> None:
        for _, text in texts:
            process(text)

    def extract_pass() -> None:
        for name, text in texts:
            extract(text, source=name)

    chars = sum(len(t) for _, t in texts)
    passes = {"jieba": jieba_pass, "pipeline": pipeline_pass, "extract": extract_pass}
    times: dict[str, list[float]] = {name: [] for name in passes}
    for _ in range(rounds):
        for name, run_pass in passes.items():
            gc.collect()
            start = time.perf_counter()
            run_pass()
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(ts) for name, ts in times.items()}
    return {
        "reports": len(texts), "chars": chars, "rounds": rounds,
        "seconds": median, "seconds_all": times,
        "chars_per_second": {name: chars / s for name, s in median.items()},
        "pipeline_over_jieba": median["pipeline"] / median["jieba"],
        "extract_over_jieba": median["extract"] / median["jieba"],
        "target_pipeline_over_jieba": JIEBA_TARGET,
    }


# -- 2. profile


def profile(texts: list[tuple[str, str]]) -> dict:
    """Seconds per step of extraction over the whole corpus: tokenizer, each component, RDF."""
    from govkg.extractor import default_pipeline, doc_to_graph

    nlp = default_pipeline()
    steps = ["tokenizer (jieba via spaCy)", *nlp.pipe_names, "rdf (doc_to_graph)"]
    seconds = dict.fromkeys(steps, 0.0)
    gc.collect()
    for name, text in texts:
        start = time.perf_counter()
        doc = nlp.make_doc(text)
        now = time.perf_counter()
        seconds[steps[0]] += now - start
        for component, proc in nlp.pipeline:
            start = now
            doc = proc(doc)
            now = time.perf_counter()
            seconds[component] += now - start
        doc_to_graph(doc, source=name)
        seconds[steps[-1]] += time.perf_counter() - now
    total = sum(seconds.values())
    return {"seconds": seconds, "total": total,
            "share": {step: s / total for step, s in seconds.items()},
            "hotspots": hotspots(texts[:HOTSPOT_REPORTS])}


def hotspots(texts: list[tuple[str, str]], top: int = 10) -> dict:
    """The functions with the most own time in the RDF building, by cProfile.

    Only `doc_to_graph` is profiled: it is mostly Python, which cProfile
    measures fairly, whereas it inflates spaCy's many small Cython calls.
    """
    import cProfile
    import pstats

    from govkg.extractor import doc_to_graph, process

    docs = [(name, process(text)) for name, text in texts]
    profiler = cProfile.Profile()
    profiler.enable()
    for name, doc in docs:
        doc_to_graph(doc, source=name)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = sum(v[2] for v in stats.values())
    ranked = sorted(stats.items(), key=lambda kv: -kv[1][2])[:top]
    return {"reports": len(texts), "total_seconds": total,
            "functions": [{"function": _where(key), "calls": v[1], "own_seconds": v[2], "own_share": v[2] / total,
                           "cumulative_seconds": v[3], "from_govkg": _govkg_caller(key, stats)}
                          for key, v in ranked]}


def _is_govkg(path: str) -> bool:
    return path.startswith(str(REPO) + os.sep) and "site-packages" not in path and "benchmarks" not in path


def _govkg_caller(key, stats) -> str | None:
    """The nearest govkg function up the heaviest chain of callers (itself, if it is govkg's)."""
    seen = set()
    while key not in seen:
        seen.add(key)
        if _is_govkg(key[0]):
            return _where(key)
        callers = stats.get(key, (0, 0, 0, 0, {}))[4]
        if not callers:
            return None
        key = max(callers.items(), key=lambda kv: kv[1][3])[0]
    return None


def _where(key: tuple[str, int, str]) -> str:
    path, line, func = key
    if path == "~":
        return func
    for root in (*(p + os.sep for p in sys.path if p.endswith("site-packages")), str(REPO) + os.sep):
        if path.startswith(root):
            path = path[len(root):]
            break
    return f"{path}:{line} {func}"


# -- 3. build


class _TreeSampler(threading.Thread):
    """Memory of a process and its descendants, sampled from /proc.

    Besides the peaks it keeps a time series of the root process (in a build,
    the writer) and of its largest descendant (a worker), so that whether
    memory grows with the corpus shows in one run.
    """

    def __init__(self, root: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_rss_kib = self.peak_pss_kib = self.peak_processes = 0
        self.series: list[tuple[float, int, int]] = []  # (seconds, root RSS KiB, largest other RSS KiB)
        self.done = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        while not self.done.wait(self.interval):
            pids = _descendants(self.root)
            rss = pss = largest_other = root_rss = 0
            for pid in pids:
                r, p = _memory_kib(pid)
                rss, pss = rss + r, pss + p
                if pid == self.root:
                    root_rss = r
                else:
                    largest_other = max(largest_other, r)
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self.series.append((time.perf_counter() - start, root_rss, largest_other))


def memory_course(series: list[tuple[float, int, int]], points: int = 5) -> list[dict]:
    """The highest root and worker RSS (MiB) within each of ``points`` equal slices of a run."""
    if not series:
        return []
    end = series[-1][0] or 1.0
    out = []
    for i in range(points):
        lo, hi = end * i / points, end * (i + 1) / points
        part = [s for s in series if lo <= s[0] <= hi] or [min(series, key=lambda s: abs(s[0] - hi))]
        out.append({"until_share": (i + 1) / points, "writer_mib": max(s[1] for s in part) / 1024,
                    "worker_mib": max(s[2] for s in part) / 1024})
    return out


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in KiB; zeros when it has gone."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0, 0
    fields = {line.split(":")[0]: line.split()[1] for line in lines[1:] if ":" in line}
    return int(fields.get("Rss", 0)), int(fields.get("Pss", 0))


def run_measured(cmd: list[str], log) -> dict:
    log.write(f"$ {' '.join(cmd[:4])}{' ...' if len(cmd) > 4 else ''}\n")
    log.flush()
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    sampler = _TreeSampler(child.pid)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    sampler.done.set()
    sampler.join()
    return {"returncode": child.returncode, "wall_seconds": wall,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "max_rss_one_process_mib": usage.ru_maxrss / 1024,
            "peak_tree_rss_mib": sampler.peak_rss_kib / 1024,
            "peak_tree_pss_mib": sampler.peak_pss_kib / 1024,
            "peak_processes": sampler.peak_processes,
            "memory_course": memory_course(sampler.series)}


def build(corpus: Path, store: Path, *, jobs: int, batch: int, log_path: Path) -> dict:
    govkg = str(Path(sys.executable).with_name("govkg"))
    usage = subprocess.run([govkg, "build", "--help"], capture_output=True, text=True, cwd=REPO).stdout
    notes = []
    with log_path.open("w", encoding="utf-8") as log:
        if "--jobs" in usage:
            run = run_measured([govkg, "build", str(corpus), "--store", str(store), "--jobs", str(jobs)], log)
            if run["returncode"] == 0:
                return {"mode": "directory", "command": f"govkg build DIR --store S --jobs {jobs}",
                        "runs": 1, **run, "notes": notes, "log": str(log_path)}
            notes.append(f"`govkg build DIR --jobs {jobs}` failed (exit {run['returncode']}, see the log); "
                         "fell back to batches of files")
            shutil.rmtree(store, ignore_errors=True)
        else:
            notes.append("`govkg build` has no --jobs option yet: built with `govkg build FILE...` "
                         f"in batches of {batch} files, one process at a time")
        files = sorted(str(p) for p in corpus.rglob("*.txt"))
        runs = [run_measured([govkg, "build", *files[i:i + batch], "--store", str(store)], log)
                for i in range(0, len(files), batch)]
    failed = [r["returncode"] for r in runs if r["returncode"] != 0]
    if failed:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
        notes.append(f"{len(failed)} batch(es) failed; the log ends: " + " / ".join(tail))
    return {"mode": "batches", "command": f"govkg build FILE... --store S  ({batch} files a process)",
            "runs": len(runs), "returncode": failed[0] if failed else 0,
            "wall_seconds": sum(r["wall_seconds"] for r in runs),
            "cpu_seconds": sum(r["cpu_seconds"] for r in runs),
            "max_rss_one_process_mib": max(r["max_rss_one_process_mib"] for r in runs),
            "peak_tree_rss_mib": max(r["peak_tree_rss_mib"] for r in runs),
            "peak_tree_pss_mib": max(r["peak_tree_pss_mib"] for r in runs),
            "peak_processes": max(r["peak_processes"] for r in runs),
            "notes": notes, "log": str(log_path)}


def check_store(store: Path, manifest: dict) -> dict:
    """What the store holds, and whether each report's place and year came out as generated.

    Read by index lookups rather than SPARQL, so that this check stays fast
    however the query engine does.
    """
    import pyoxigraph as ox

    from govkg.graph.store import open_store
    from govkg.ontology.namespace import GK

    def one(s, p, g):
        return next((q.object for q in kg.store.quads_for_pattern(s, p, None, g)), None)

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    source = ox.NamedNode("http://purl.org/dc/terms/source")
    expected = {Path(r["path"]).name: r for r in manifest["reports"]}
    found: dict[str, list[str]] = {}  # file name -> report IRIs
    matched = 0
    with open_store(store) as kg:
        quads = len(kg.store)
        reports = list(kg.store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(GK.Report)), None))
        for q in reports:
            report, graph = q.subject, q.graph_name
            place = one(one(report, ox.NamedNode(str(GK.inPlace)), graph), label, graph)
            year, src = one(report, ox.NamedNode(str(GK.year)), graph), one(report, source, graph)
            name = Path(src.value).name if src is not None else ""
            found.setdefault(name, []).append(report.value)
            want = expected.get(name)
            matched += bool(want and place is not None and year is not None and place.value == want["jurisdiction"]
                            and int(year.value) == want["year"])
    missing = sorted(set(expected) - set(found))
    disk = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
    return {"triples": quads, "reports": len(reports), "reports_expected": len(expected),
            "place_and_year_as_generated": matched, "files_without_their_own_graph": missing[:20],
            "store_mib": disk / 2**20}


# -- 4. queries


class _Overtime(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    def alarm(signum, frame):
        raise _Overtime

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _digest(rows) -> str:
    return hashlib.sha1(repr(rows.rows).encode("utf-8")).hexdigest()


def _summarise(runs: list[dict], over_cap: bool, error: str | None = None) -> dict:
    times = [r["seconds"] for r in runs]
    done = bool(runs) and not over_cap
    return {"median": statistics.median(times) if done else None, "times": times, "runs": len(times),
            "over_cap": over_cap, "rows": runs[-1]["rows"] if done else None,
            "digest": runs[-1]["digest"] if done else None, "error": error}


def _time_rdflib(graph, spec, params: dict, repeat: int, cap: float) -> dict:
    """Runs in this process; rdflib is Python, so an alarm stops a run at the cap."""
    from govkg.queries import run

    runs: list[dict] = []
    for _ in range(repeat):
        if sum(r["seconds"] for r in runs) > cap:  # slow enough: the runs so far give the median
            break
        start = time.perf_counter()
        try:
            with _time_limit(cap):
                rows = run(graph, spec, params)
        except _Overtime:
            return _summarise(runs, over_cap=True)
        runs.append({"seconds": time.perf_counter() - start, "rows": len(rows.rows), "digest": _digest(rows)})
    return _summarise(runs, over_cap=False)


def _time_oxigraph(store: Path, name: str, params: dict, repeat: int, cap: float) -> dict:
    """Runs in a child process, killed at the cap: Oxigraph may not return to Python for a long time."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--oxigraph-worker", str(store), name,
           json.dumps(params), str(repeat), str(cap)]
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors, cwd=REPO)
        fd, buffer, runs, over_cap = child.stdout.fileno(), b"", [], False
        while True:
            line, buffer = _read_line(fd, buffer, time.monotonic() + cap)
            if line is None:
                over_cap = True
                child.kill()
                break
            if not line:
                break
            runs.append(json.loads(line))
        child.stdout.close()
        code = child.wait()
        errors.seek(0)
        failed = code != 0 and not over_cap
        message = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:] if failed else []
    return _summarise(runs, over_cap, error=f"exit {code}: {' '.join(message)}" if failed else None)


def _read_line(fd: int, buffer: bytes, deadline: float) -> tuple[str | None, bytes]:
    """The next line from ``fd``: None at the deadline, "" at the end."""
    while b"\n" not in buffer:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None, buffer
        chunk = os.read(fd, 65536)
        if not chunk:
            return "", buffer
        buffer += chunk
    line, _, buffer = buffer.partition(b"\n")
    return line.decode("utf-8"), buffer


def oxigraph_worker(store: str, name: str, params: str, repeat: str, cap: str) -> None:
    """The child of `_time_oxigraph`: one JSON line per run of the query."""
    from govkg.graph.store import open_store
    from govkg.queries import load_query, run

    spec, values, total = load_query(name), json.loads(params), 0.0
    with open_store(store) as kg:
        for _ in range(int(repeat)):
            if total > float(cap):
                break
            start = time.perf_counter()
            rows = run(kg.store, spec, values)
            seconds = time.perf_counter() - start
            total += seconds
            print(json.dumps({"seconds": seconds, "rows": len(rows.rows), "digest": _digest(rows)}), flush=True)


def query_params(manifest: dict) -> dict:
    first = next(r for r in manifest["reports"] if r["template"] == TEMPLATES[0].file)
    return {**PARAMS, "agency": f"{first['jurisdiction']}人民政府", "year": str(first["year"])}


def queries(store: Path, manifest: dict, *, repeat: int, cap: float) -> dict:
    from govkg.graph.store import open_store
    from govkg.queries import library

    values = query_params(manifest)
    plan = {}
    for name, spec in library().items():
        wanted = [p for p in spec.params if not p.optional or p.name in OPTIONAL_PARAMS]
        missing = [p.name for p in wanted if p.name not in values]
        plan[name] = (spec, {p.name: values[p.name] for p in wanted if p.name in values}, missing)

    results: dict[str, dict] = {}
    for name, (spec, params, missing) in plan.items():
        results[name] = {"question": spec.question_en, "params": params,
                         "skipped": f"no value for {', '.join(missing)}" if missing else None}
        if not missing:
            step(f"  oxigraph {name}")
            results[name]["oxigraph"] = _time_oxigraph(store, name, params, repeat, cap)
    with open_store(store) as kg:
        rss_before = _memory_kib(os.getpid())[0]
        start = time.perf_counter()
        dataset = kg.dataset()
        load = {"seconds": time.perf_counter() - start, "triples": len(dataset),
                "rss_growth_mib": (_memory_kib(os.getpid())[0] - rss_before) / 1024}
    for name, (spec, params, missing) in plan.items():
        if missing:
            continue
        gc.collect()
        step(f"  rdflib {name}")
        rd = results[name]["rdflib"] = _time_rdflib(dataset, spec, params, repeat, cap)
        ox = results[name]["oxigraph"]
        both = ox["median"] is not None and rd["median"] is not None
        results[name]["ratio"] = rd["median"] / ox["median"] if both and ox["median"] > 0 else None
        results[name]["same_rows"] = ox["digest"] == rd["digest"] if both else None
    return {"repeat": repeat, "cap_seconds": cap, "rdflib_dataset": load, "queries": results}


# -- the summary


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(header)))
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        out = []
        for i, (cell, w) in enumerate(zip(map(str, cells), widths)):
            pad = " " * (w - _width(cell))
            out.append(pad + cell if i in right else cell + pad)
        return "  ".join(out).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def _secs(value: float | None, cap: float | None = None) -> str:
    if value is None:
        return f"> {cap:g} s" if cap else "-"
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def _cell(timing: dict, cap: float) -> str:
    return "error" if timing.get("error") else _secs(timing["median"], cap)


def _ratio(value: float) -> str:
    return f"{value:.0f}x" if value >= 10 else f"{value:.1f}x" if value >= 1 else f"{value:.2g}x"


def _course_lines(course: list[dict] | None) -> list[str]:
    if not course:
        return []
    cells = ", ".join(f"{c['writer_mib']:.0f}/{c['worker_mib']:.0f}" for c in course)
    return [f"memory through the build, highest writer/worker RSS (MiB) in each fifth of the run: {cells}"]


def summary(res: dict) -> str:
    m, tp, pr, b, st, q = (res["machine"], res["throughput"], res["profile"], res["build"], res["store"],
                           res["queries"])
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    out = [f"govkg benchmarks, {res['started']} ({res['elapsed_seconds']:.0f} s in all)",
           f"machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['memory_gib']} GiB, "
           f"Python {m['python']}; load average {m['load_average_at_start'][0]:.1f} at start, "
           f"{m.get('load_average_at_end', [float('nan')])[0]:.1f} at end",
           f"packages: {pk}; govkg at {m['govkg_commit']}",
           f"corpus: {res['corpus']['reports']} reports, {res['corpus']['chars']:,} characters, "
           f"{res['corpus']['folders']} folders (seed {res['corpus']['seed']}; generated in "
           f"{res['corpus']['seconds']:.1f} s)", ""]

    cps = tp["chars_per_second"]
    out += [f"1. Extraction throughput (median of {tp['rounds']} passes over the corpus; warm-up "
            f"{res['warm_up_seconds']:.1f} s excluded)",
            table(["", "seconds", "chars/s", "x jieba"],
                  [["jieba.lcut", f"{tp['seconds']['jieba']:.2f}", f"{cps['jieba']:,.0f}", "1.00"],
                   ["process (pipeline)", f"{tp['seconds']['pipeline']:.2f}", f"{cps['pipeline']:,.0f}",
                    f"{tp['pipeline_over_jieba']:.2f}"],
                   ["extract (pipeline + RDF)", f"{tp['seconds']['extract']:.2f}", f"{cps['extract']:,.0f}",
                    f"{tp['extract_over_jieba']:.2f}"]]),
            f"pipeline / jieba = {tp['pipeline_over_jieba']:.2f} (target <= {JIEBA_TARGET:g}: "
            f"{'met' if tp['pipeline_over_jieba'] <= JIEBA_TARGET else 'NOT met'}); "
            f"extract / jieba = {tp['extract_over_jieba']:.2f}", ""]

    ranked = sorted(pr["seconds"].items(), key=lambda kv: -kv[1])
    out += ["2. Where extraction time goes (one pass, steps timed separately)",
            table(["step", "seconds", "share"],
                  [[k, f"{v:.2f}", f"{pr['share'][k]:.1%}"] for k, v in ranked]
                  + [["total", f"{pr['total']:.2f}", "100.0%"]]), ""]
    hs = pr["hotspots"]
    out += [f"   hotspots of the RDF building (doc_to_graph under cProfile, {hs['reports']} reports, "
            f"{hs['total_seconds']:.2f} s with profiling overhead)",
            table(["function", "calls", "own s", "share", "reached from (govkg)"],
                  [[f["function"], f"{f['calls']:,}", f"{f['own_seconds']:.2f}", f"{f['own_share']:.1%}",
                    f["from_govkg"] or "-"] for f in hs["functions"]], right={1, 2, 3}), ""]

    out += [f"3. Build: {b['command']}",
            f"wall {b['wall_seconds']:.1f} s, CPU {b['cpu_seconds']:.1f} s "
            f"({b['cpu_seconds'] / b['wall_seconds']:.2f} cores busy), {b['runs']} process run(s), exit "
            f"{b['returncode']}",
            f"peak memory: largest process {b['max_rss_one_process_mib']:.0f} MiB (ru_maxrss); whole process tree "
            f"{b['peak_tree_rss_mib']:.0f} MiB RSS / {b['peak_tree_pss_mib']:.0f} MiB PSS "
            f"(sampled every 0.2 s, up to {b['peak_processes']} processes)",
            *_course_lines(b.get("memory_course")),
            f"store: {st['triples']:,} triples, {st['reports']} of {st['reports_expected']} reports, "
            f"{st['store_mib']:.1f} MiB on disk; place and year as generated: "
            f"{st['place_and_year_as_generated']} of {st['reports_expected']}",
            f"{st['reports_expected'] / b['wall_seconds']:.1f} reports/s, "
            f"{res['corpus']['chars'] / b['wall_seconds']:,.0f} chars/s end to end",
            *[f"note: {n}" for n in b["notes"]], ""]

    ds = q["rdflib_dataset"]
    rows = []
    for name, r in q["queries"].items():
        params = " ".join(f"{k}={v}" for k, v in r["params"].items())
        if r["skipped"]:
            rows.append([name, params, "-", "-", "-", "-", r["skipped"]])
            continue
        ox, rd = r["oxigraph"], r["rdflib"]
        if r["ratio"]:
            ratio = _ratio(r["ratio"])
        elif rd["over_cap"] and ox["median"]:
            ratio = "> " + _ratio(q["cap_seconds"] / ox["median"])
        elif ox["over_cap"] and rd["median"]:
            ratio = "< " + _ratio(rd["median"] / q["cap_seconds"])
        else:
            ratio = "-"
        same = {True: "yes", False: "NO", None: "-"}[r["same_rows"]]
        count = ox["rows"] if ox["rows"] is not None else rd["rows"]
        rows.append([name, params, count if count is not None else "-",
                     _cell(ox, q["cap_seconds"]), _cell(rd, q["cap_seconds"]), ratio, same])
    out += [f"4. Queries: median of {q['repeat']} runs (fewer once a query's runs pass the cap in all); "
            "rdflib Dataset(default_union=True) in memory "
            f"({ds['triples']:,} distinct triples, loaded from the store in {ds['seconds']:.1f} s, "
            f"+{ds['rss_growth_mib']:.0f} MiB); cap {q['cap_seconds']:g} s a run"
            + (f"; measured again at {q['remeasured']['at']} (govkg at {q['remeasured']['govkg_commit']})"
               if "remeasured" in q else ""),
            table(["query", "params", "rows", "oxigraph", "rdflib", "rdflib/ox", "same rows"], rows,
                  right={2, 3, 4, 5})]
    return "\n".join(out)


# -- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000, help="reports in the corpus (default 1000)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"),
                        help="the results file (JSON)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the corpus for throughput (median)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query on each engine (median)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds a query run may take (default 60)")
    parser.add_argument("--jobs", type=int, default=2, help="govkg build --jobs")
    parser.add_argument("--batch", type=int, default=200, help="files per govkg build without --jobs")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and the store here (new or empty folder)")
    parser.add_argument("--queries-only", action="store_true",
                        help="measure the queries again on the corpus and store kept in --workdir, "
                             "keeping the other figures of --out")
    args = parser.parse_args(argv)
    if args.queries_only:
        return requery(args)

    started = time.perf_counter()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    corpus_dir, store_dir = workdir / "corpus", workdir / "store"
    res: dict = {"started": dt.datetime.now().isoformat(timespec="seconds"), "args": {
        k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}, "machine": machine()}
    try:
        step("generating the corpus")
        start = time.perf_counter()
        generate(args.reports, corpus_dir, seed=args.seed)
        manifest = json.loads((corpus_dir / MANIFEST).read_text(encoding="utf-8"))
        from govkg.extractor import read_report

        paths = sorted(corpus_dir.rglob("*.txt"))
        texts = [(p.name, read_report(p)) for p in paths]
        res["corpus"] = {"reports": len(texts), "chars": sum(len(t) for _, t in texts), "seed": args.seed,
                         "folders": len({p.parent for p in paths}), "seconds": time.perf_counter() - start,
                         "templates": dict(Counter(r["template"] for r in manifest["reports"]))}
        step("warming up")
        res["warm_up_seconds"] = warm_up()
        step(f"throughput ({args.rounds} rounds)")
        res["throughput"] = throughput(texts, args.rounds)
        step("profile")
        res["profile"] = profile(texts)
        del texts
        gc.collect()
        step("build")
        res["build"] = build(corpus_dir, store_dir, jobs=args.jobs, batch=args.batch,
                             log_path=workdir / "build.log")
        res["store"] = check_store(store_dir, manifest)
        step(f"queries ({args.repeat} runs each, two engines)")
        res["queries"] = queries(store_dir, manifest, repeat=args.repeat, cap=args.cap)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    res["elapsed_seconds"] = time.perf_counter() - started
    res["machine"]["load_average_at_end"] = os.getloadavg()
    report(res, args.out)


def requery(args: argparse.Namespace) -> None:
    """The queries step alone, on a kept corpus and store; the results file is updated in place."""
    if args.workdir is None or not (args.workdir / "store").is_dir() or not args.out.is_file():
        sys.exit("--queries-only needs --workdir with the corpus and store of an earlier run, and its --out file")
    res = json.loads(args.out.read_text(encoding="utf-8"))
    manifest = json.loads((args.workdir / "corpus" / MANIFEST).read_text(encoding="utf-8"))
    started = time.perf_counter()
    step(f"queries ({args.repeat} runs each, two engines)")
    res["queries"] = queries(args.workdir / "store", manifest, repeat=args.repeat, cap=args.cap)
    res["queries"]["remeasured"] = {"at": dt.datetime.now().isoformat(timespec="seconds"),
                                    "govkg_commit": machine()["govkg_commit"],
                                    "seconds": time.perf_counter() - started}
    report(res, args.out)


def report(res: dict, out: Path) -> None:
    """Write the results file and print the summary."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(summary(res))
    print(f"\nresults: {out}")


def step(what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {what}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--oxigraph-worker"]:
        oxigraph_worker(*sys.argv[2:])
    else:
        main()
