"""Where a whole ``govkg build`` spends its wall time: the workers' CPU per step, the writer's per step.

Runs what ``govkg build INPUTS --store STORE --jobs N`` runs (`build_store` with
the stored answers made in the workers, then `refresh_answers` for the answers
that read the judgements), with timers wrapped around each step:

- in each worker, per report: reading, hashing and fingerprinting, the
  tokenizer and each pipeline component, the RDF lines (`doc_to_ntriples`),
  the stored answers (`report_answers`), and what is left (pickling aside);
  CPU seconds (``time.process_time``) and the worker's wall time busy, so that
  its idle time is the pool's lifetime less its busy time;
- in the writer (this process): waiting for the next outcome, the ledger's
  checks, the pending note, splitting the descriptions, the load or the
  update, counting the stored triples, the flushes, the follow-through
  derivation, the compaction, and `refresh_answers` (finding the stale
  answers, assembling each report's input, asking the questions, writing).

Wall and CPU seconds are printed per step (the writer's nested steps are
indented under their parent), with each process's peak memory.  The timers
are a few calls per report and per component: they cost nothing measurable.
``--cprofile N`` adds the writer's N functions of most cumulative time (it
slows the writer by about a third).  ``--record FILE`` keeps the outcomes the
workers handed the writer, and ``--replay FILE`` writes them again without
extracting: the writer alone, for profiling it (the outcomes hold what the
code that recorded them extracted, and what the workers kept for the derivations, whose format
changes with the code: replay with the code that recorded).  Give ``--store`` a new directory (it is
created); the build writes into it as ``govkg build`` would.

Usage::

    GOVKG_SHARED=/work/shared .venv/bin/python benchmarks/build_profile.py --store /tmp/bp --jobs 2
    .venv/bin/python benchmarks/build_profile.py /path/to/reports --store /tmp/bp --json /tmp/bp.json
    .venv/bin/python benchmarks/build_profile.py --store /tmp/bp1 --record /tmp/outcomes.pickle
    .venv/bin/python benchmarks/build_profile.py --store /tmp/bp2 --replay /tmp/outcomes.pickle --cprofile 30
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import os
import pstats
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

# -- the worker side (runs in the pool's processes: spawn imports this file as __mp_main__)

_LOG: Path | None = None
_times: Counter = Counter()


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _timed(name: str, fn):
    """``fn`` adding its CPU seconds to ``_times[name]`` (a worker step)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        t = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _times[name] += time.process_time() - t

    return run


def _timed_process(text, *, nlp=None, jurisdiction=None, year=None, hints=None):
    """`govkg.extractor.process` with the tokenizer and each component timed (as profile_extraction.py):
    the same steps, the layout undone first (timed with the tokenizer)."""
    from govkg.extractor.layout import clean_layout

    t = time.process_time()
    layout = clean_layout(text)
    cfg = {"govkg_report": {"jurisdiction": jurisdiction, "year": year, "hints": dict(hints or {}), "layout": layout}}
    doc = nlp.make_doc(layout.text)
    _times["tokenizer"] += time.process_time() - t
    for name, proc in nlp.pipeline:
        t = time.process_time()
        doc = proc(doc, **cfg.get(name, {}))
        _times[name.removeprefix("govkg_")] += time.process_time() - t
    return doc


def _worker_init(log: str, *init) -> None:
    """The build's own initializer, then timers around the worker's steps."""
    global _LOG
    import govkg.extractor as extractor
    import govkg.extractor.fingerprint as fingerprint
    import govkg.extractor.rdf as rdf
    from govkg.graph import build

    t = time.process_time()
    args = list(init)
    if len(args) > 5 and args[5] is not None:
        args[5] = _timed("answers", args[5])
    _REAL.get("init", build._init_worker)(*args)
    _LOG = Path(log) / f"worker-{os.getpid()}.jsonl"
    extractor.process = _timed_process
    extractor.read_document = _timed("read", extractor.read_document)
    extractor.doc_to_ntriples = _timed("rdf lines", extractor.doc_to_ntriples)
    build.prepare = _timed("prepare write", build.prepare)
    fingerprint.text_fingerprint = _timed("fingerprint", fingerprint.text_fingerprint)
    if hasattr(rdf, "report_fingerprint"):  # what the worker calls, kept for the graph's gk:textFingerprint
        rdf.report_fingerprint = _timed("fingerprint", rdf.report_fingerprint)
    _write({"init": time.process_time() - t, "started": time.time()})


#: build's own worker functions, when this process is the worker (``--jobs 1``): build's module globals then
#: point at the timed ones, which must not call themselves. Spawned workers import build afresh.
_REAL: dict = {}


def _worker_extract(unit):
    """The build's `_extract_one`, its step times written to this worker's log."""
    from govkg.graph import build

    _times.clear()
    wall, cpu = _clock()
    outcome = _REAL.get("extract", build._extract_one)(unit)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    steps = dict(_times)
    steps["other"] = cpu - sum(steps.values())
    _write({"source": unit.source, "status": outcome.status, "wall": wall, "cpu": cpu, "steps": steps,
            "ended": time.time(), "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    return outcome


def _write(row: dict) -> None:
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")


# -- the writer side (this process)

class _Steps:
    """Wall and CPU seconds of the writer's steps, nested as they are called."""

    def __init__(self) -> None:
        self.wall: Counter = Counter()
        self.cpu: Counter = Counter()
        self.calls: Counter = Counter()
        self.order: list[str] = []
        self.stack: list[str] = []

    def wrap(self, owner, attr: str, name: str) -> None:
        fn = getattr(owner, attr)
        steps = self

        @functools.wraps(fn)
        def run(*args, **kwargs):
            with steps.step(name):
                return fn(*args, **kwargs)

        setattr(owner, attr, run)

    def wrap_iterator(self, owner, attr: str, name: str) -> None:
        """A generator function whose every ``next`` is timed (waiting for the workers)."""
        fn = getattr(owner, attr)
        steps = self

        @functools.wraps(fn)
        def run(*args, **kwargs):
            it = iter(fn(*args, **kwargs))
            while True:
                with steps.step(name):
                    try:
                        item = next(it)
                    except StopIteration:
                        return
                yield item

        setattr(owner, attr, run)

    def step(self, name: str):
        steps = self

        class _Step:
            def __enter__(self):
                steps.stack.append(name)
                self.key = "/".join(steps.stack)
                if self.key not in steps.calls:
                    steps.order.append(self.key)
                self.start = _clock()

            def __exit__(self, *exc):
                wall, cpu = self.start
                steps.wall[self.key] += time.perf_counter() - wall
                steps.cpu[self.key] += time.process_time() - cpu
                steps.calls[self.key] += 1
                steps.stack.pop()

        return _Step()


def _instrument(steps: _Steps) -> None:
    from govkg.graph import build, plans, store, targets
    from govkg.queries import precompute

    steps.wrap_iterator(build, "_outcomes", "wait for workers")
    steps.wrap(build._Ledger, "__init__", "ledger: read stored identities")
    steps.wrap(build._Ledger, "decide", "ledger: decide")
    steps.wrap(build, "note_changing", "note pending")
    steps.wrap(build._Writer, "store", "write report")
    steps.wrap(store, "split_descriptions", "split descriptions")
    steps.wrap(store.KnowledgeStore, "_index_documents", "text index documents")
    steps.wrap(store.KnowledgeStore, "_load_new", "load quads (new report)")
    steps.wrap(store.KnowledgeStore, "stage", "staging: checkpoint")
    steps.wrap(store.KnowledgeStore, "load_staged", "staging: bulk load")
    steps.wrap(store.KnowledgeStore, "_replace", "replaced reports' updates")
    steps.wrap(store.KnowledgeStore, "commit_staged", "staging: switch")
    steps.wrap(store.KnowledgeStore, "report_size", "count stored triples")
    steps.wrap(store.KnowledgeStore, "flush", "flush")
    steps.wrap(build, "derive_follow_through", "follow-through")
    for attr in ("_read_reports", "_to_judge", "_judge", "follow_through_quads"):
        steps.wrap(plans, attr, attr.strip("_"))
    steps.wrap(plans._Reader, "__call__", "read report actions")
    steps.wrap(targets, "derive_target_results", "target pairs")
    steps.wrap(store.KnowledgeStore, "optimize", "compact (optimize)")
    steps.wrap(precompute, "stale_answers", "find stale answers")
    steps.wrap(precompute, "_assembled", "assemble input")
    steps.wrap(precompute, "_answers", "ask questions")
    steps.wrap(store.KnowledgeStore, "replace_answers", "write answers")


def _record(build, path: str) -> None:
    """Keep every outcome the workers hand the writer in ``path`` (pickles, one after another), each with what
    follow-through reads of its report (the file the workers left it in goes with the build)."""
    import pickle

    outcomes = build._outcomes

    def recorded(*args, **kwargs):
        with open(path, "wb") as fh:
            for outcome in outcomes(*args, **kwargs):
                actions = Path(outcome.actions).read_bytes() if outcome.actions else None
                pickle.dump((outcome, actions), fh, protocol=pickle.HIGHEST_PROTOCOL)
                yield outcome

    build._outcomes = recorded


def recording(path: str):
    """The (outcome, what follow-through reads of it or None) pairs a ``--record`` file holds, in order.

    A recording made before the actions were kept with each outcome gives None: follow-through reads the store.
    """
    import pickle

    with open(path, "rb") as fh:
        while True:
            try:
                kept = pickle.load(fh)
            except EOFError:
                return
            yield kept if isinstance(kept, tuple) else (kept, None)


def _replay(build, path: str) -> None:
    """Hand the writer the outcomes kept by ``--record`` instead of extracting: the writer alone."""
    import dataclasses

    def replayed(units, init, jobs):
        for _ in units:  # the units are read as in a build (the collections' columns are noted)
            pass
        folder = init[-1]  # where this build's workers would leave what follow-through reads
        for outcome, actions in recording(path):
            if actions is not None:
                fd, file = tempfile.mkstemp(dir=folder)
                with os.fdopen(fd, "wb") as out:
                    out.write(actions)
            yield dataclasses.replace(outcome, actions=file if actions is not None else None)

    build._outcomes = replayed


def run(inputs: list[str], store_dir: str, jobs: int, cprofile: int, record: str | None = None,
        replay: str | None = None) -> dict:
    """Build as ``govkg build`` does, timed; returns the profile."""
    from govkg.graph import build
    from govkg.graph.store import open_store
    from govkg.queries.precompute import refresh_answers, report_answers

    if record:
        _record(build, record)
    if replay:
        _replay(build, replay)
    steps = _Steps()
    _instrument(steps)
    log = tempfile.mkdtemp(prefix="build-profile-")
    real_init, real_extract = build._init_worker, build._extract_one
    # the pool calls build's module globals: point them at the timed ones (picklable: defined in this file)
    build._init_worker = functools.partial(_worker_init, log)
    build._extract_one = _worker_extract
    if jobs <= 1:
        _REAL.update(init=real_init, extract=real_extract)
        build._init_worker = lambda *init: (_worker_init(log, *init))
    profiler = cProfile.Profile() if cprofile else None
    started = time.perf_counter()
    cpu0 = time.process_time()
    if profiler:
        profiler.enable()
    with steps.step("build (extract, write, follow through)"):
        summary = build.build_store(store_dir, inputs, jobs=jobs, answers=report_answers)
    with steps.step("answers after the judgements"):
        with open_store(store_dir, writable=True) as kg:
            refreshed = refresh_answers(kg)
    if profiler:
        profiler.disable()
    wall = time.perf_counter() - started
    writer_cpu = time.process_time() - cpu0
    build._init_worker, build._extract_one = real_init, real_extract
    _REAL.clear()
    rows = [dict(json.loads(line), worker=path.stem) for path in sorted(Path(log).glob("worker-*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]
    profile = _summarise(rows, steps, wall, writer_cpu, jobs)
    profile["reports"] = {"built": summary.count("built"), "unchanged": summary.count("unchanged"),
                          "triples": summary.triples, "refreshed": refreshed, "judged": summary.judged}
    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
        stats.print_stats(cprofile)
    return profile


def _summarise(rows: list[dict], steps: _Steps, wall: float, writer_cpu: float, jobs: int) -> dict:
    units = [r for r in rows if "source" in r]
    by_step: Counter = Counter()
    for r in units:
        by_step.update(r["steps"])
    # one log a worker process (maxtasksperchild may start more than ``jobs`` of them): its lifetime from
    # the end of its start-up to its last report, less its busy time, is its time waiting for work
    workers = defaultdict(lambda: {"busy": 0.0, "cpu": 0.0, "units": 0, "started": None, "ended": 0.0})
    for r in rows:
        w = workers[r["worker"]]
        if "init" in r:
            w["started"] = r["started"]
            continue
        w["busy"] += r["wall"]
        w["cpu"] += r["cpu"]
        w["units"] += 1
        w["ended"] = max(w["ended"], r["ended"])
    idle = sum(w["ended"] - w["started"] - w["busy"] for w in workers.values() if w["units"])
    busy = sum(r["wall"] for r in units)
    extract_cpu = sum(r["cpu"] for r in units)
    init_cpu = sum(r["init"] for r in rows if "init" in r)
    return {
        "wall_s": wall,
        "writer_cpu_s": writer_cpu,
        "writer_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mb": max((r["maxrss_mb"] for r in units), default=0),
        "workers": {"processes": sum(1 for r in rows if "init" in r), "init_cpu_s": init_cpu,
                    "units": len(units), "cpu_s": extract_cpu, "busy_wall_s": busy,
                    "idle_wall_s": idle, "per_worker": dict(workers), "steps_cpu_s": dict(by_step.most_common())},
        "writer": [{"step": key, "calls": steps.calls[key], "wall_s": steps.wall[key], "cpu_s": steps.cpu[key]}
                   for key in steps.order],
        "jobs": jobs,
    }


def show(p: dict) -> None:
    w = p["workers"]
    print(f"wall {p['wall_s']:.1f} s; writer CPU {p['writer_cpu_s']:.1f} s, peak {p['writer_peak_mb']:.0f} MB; "
          f"worker peak {p['worker_peak_mb']:.0f} MB")
    build = next((s["wall_s"] for s in p["writer"] if s["step"].startswith("build")), p["wall_s"])
    print(f"workers: {w['processes']} process(es), start-up {w['init_cpu_s']:.1f} CPU s; {w['units']} units, "
          f"{w['cpu_s']:.1f} CPU s, busy {w['busy_wall_s']:.1f} s of {p['jobs']} x {build:.1f} s "
          f"(between start-up and last report each idle {w['idle_wall_s']:.1f} worker-s in all)")
    for name, seconds in w["steps_cpu_s"].items():
        print(f"  {name:28} {seconds:7.2f} CPU s  {100 * seconds / w['cpu_s']:5.1f}%")
    print(f"writer:{'':38} {'calls':>6} {'wall s':>8} {'CPU s':>8}")
    for s in p["writer"]:
        depth = s["step"].count("/")
        name = "  " * depth + s["step"].rsplit("/", 1)[-1]
        print(f"  {name:44} {s['calls']:6} {s['wall_s']:8.2f} {s['cpu_s']:8.2f}")
    print("reports:", p["reports"])


def main(argv: list[str] | None = None) -> None:
    from shared_data import REPORTS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", default=[str(REPORTS)])
    ap.add_argument("--store", required=True, help="a new store directory to build into")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cprofile", type=int, default=0, metavar="N")
    ap.add_argument("--json", help="also write the profile here")
    ap.add_argument("--record", metavar="FILE", help="keep the workers' outcomes in FILE (for --replay)")
    ap.add_argument("--replay", metavar="FILE", help="write the outcomes kept in FILE instead of extracting: "
                    "the writer alone, as it would run after the same extraction")
    args = ap.parse_args(argv)
    if Path(args.store).exists() and any(Path(args.store).iterdir()):
        ap.error(f"{args.store} is not empty: give a new directory")
    profile = run(args.inputs, args.store, args.jobs, args.cprofile, args.record, args.replay)
    show(profile)
    if args.json:
        Path(args.json).write_text(json.dumps(profile, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
