"""The fuzz property of tests/test_fuzz.py over thousands of generated report texts, counting what goes wrong.

Each text is extracted twice; an example fails by an exception (a crash), a
graph that does not conform to ontology/shapes.ttl (a shape violation), or
two runs that differ (not deterministic).  Unlike the test, which stops at the
first failure and shrinks it, this run goes on and counts every failure, by
kind and place, keeping the shortest text of each.

Usage::

    nice .venv/bin/python benchmarks/fuzz.py --examples 3000 --seed 14 --out /tmp/fuzz.json

It stops by itself after ``--examples`` texts or ``--minutes`` minutes,
whichever comes first.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_fuzz import prepared_queries, report_text  # noqa: E402

from govkg.extractor import extract, to_ntriples  # noqa: E402
from govkg.ontology import validate  # noqa: E402


def outcome(text: str) -> tuple[str, str] | None:
    """None when the text passes; else (kind, where): crash, shapes or nondeterministic."""
    try:
        graph = extract(text, source="fuzz.txt")
        again = extract(text, source="fuzz.txt")
    except Exception as exc:  # noqa: BLE001 - counted, not raised
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return "crash", f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}: {str(exc)[:120]}"
    with prepared_queries():
        conforms, report = validate(graph)
    if not conforms:
        messages = [line.strip() for line in report.splitlines() if line.strip().startswith("Message:")]
        return "shapes", messages[0] if messages else report[:200]
    if to_ntriples(set(graph)) != to_ntriples(set(again)):
        return "nondeterministic", ""
    return None


def run(examples: int, minutes: float, seed_value: int, max_lines: int, long_runs: int) -> dict:
    counts: Counter = Counter()
    failures: dict[tuple[str, str], str] = {}
    sizes: list[int] = []
    deadline = time.monotonic() + minutes * 60
    extract("预热")  # the pipeline's loading is not an example's time

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(report_text(max_lines=max_lines, long_runs=long_runs))
    def each(text: str) -> None:
        if time.monotonic() > deadline:
            return
        counts["examples"] += 1
        sizes.append(len(text))
        result = outcome(text)
        if result is None:
            return
        counts[result[0]] += 1
        shortest = failures.get(result)
        if shortest is None or len(text) < len(shortest):
            failures[result] = text

    started = time.monotonic()
    each()
    return {"examples": counts["examples"], "crashes": counts["crash"], "shape_violations": counts["shapes"],
            "nondeterministic": counts["nondeterministic"], "seconds": round(time.monotonic() - started, 1),
            "chars": {"total": sum(sizes), "max": max(sizes, default=0)},
            "seed": seed_value, "max_lines": max_lines, "long_runs": long_runs,
            "failures": [{"kind": kind, "where": where, "shortest": text}
                         for (kind, where), text in sorted(failures.items())]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--max-lines", type=int, default=30)
    parser.add_argument("--long-runs", type=int, default=2000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = run(args.examples, args.minutes, args.seed, args.max_lines, args.long_runs)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if k != "failures"}
    print(json.dumps(summary, ensure_ascii=False))
    for failure in result["failures"]:
        print(f"{failure['kind']}: {failure['where']}\n    shortest ({len(failure['shortest'])} chars): "
              f"{failure['shortest'][:300]!r}")


if __name__ == "__main__":
    main()
