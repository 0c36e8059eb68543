"""Check that rewritten library queries give the same rows as before, and time both.

Each query runs, old text (the file at a git revision) and new text (the
working tree), on a store with several parameter values: values a user would
type, and reports picked from the store (the largest provincial one, a State
Council one, a county one). The rows must be identical, in the same order;
the table gives the median of each.

    python benchmarks/query_rewrites.py --store S [--old REV] [--repeat 3] [--as-benchmark] [--old-sparql] [query ...]

With ``--as-benchmark`` the parameter sets are those of benchmarks/queries.py
(over all reports, and for its one report), so that the table is its before
and after, run back to back. With ``--old-sparql`` the old text is asked of
SPARQL: a question read from stored answers (queries/answers.py,
queries/composed.py) is then checked against SPARQL on the same store.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from govkg.graph.store import open_store
from govkg.queries import check_params, library, load_query
from govkg.queries.engines import _cell_value, _run_oxigraph, oxigraph_query
from govkg.queries.table import Rows
from govkg.queries.tsv import read_tsv

#: Values a user would type, per parameter; a report parameter takes the reports picked from the store.
VALUES = {
    "agency": ["国务院", "市政府", "省政府", "县政府", "河北省人民政府", "公安部"],
    "goal": ["提高低保、特困人员、孤儿基本生活与残疾人两项补贴和重点群体救助保障水平", "全面加强政府自身建设",
             "2025年和“十四五”时期工作回顾", "持续优化提升营商环境", "加强和改善宏观调控，促进经济平稳快速发展",
             "调整优化政府职能"],
    "text": ["营商环境", "府院联动", "乡村振兴", "法治政府", "新质生产力", "不存在的文字"],
    "metric": ["地区生产总值", "出庭应诉率", "增长", "居民人均可支配收入", "城镇新增就业"],
    "program": ["乡村振兴", "放权赋能改革", "一网通办"],
    "status": ["Planned", "Completed"],
    "year": ["2025", "2020"],
}


def pick_reports(kg) -> list[str]:
    """The largest provincial report, the largest State Council one and the largest county one."""
    reports = sorted(kg.reports(), key=lambda r: (-(r.triples or 0), r.iri))
    picked = []
    for test in (lambda j: j.endswith("省"), lambda j: j == "中华人民共和国", lambda j: j.endswith("县")):
        hit = next((r.iri for r in reports if r.jurisdiction and test(r.jurisdiction)), None)
        if hit and hit not in picked:
            picked.append(hit)
    return picked


def cases(spec, reports: list[str]) -> list[dict[str, str]]:
    """Parameter sets: each required parameter's values, with no report and with each report."""
    required = [p.name for p in spec.params if not p.optional]
    optional = {p.name for p in spec.params if p.optional}
    bases: list[dict[str, str]] = [{}]
    for name in required:
        bases = [{**b, name: v} for b in bases for v in VALUES[name]]
    out = []
    for base in bases:
        out.append(base)
        for name in sorted(optional - {"report"}):
            out.extend({**base, name: v} for v in VALUES[name][:2])
        if "report" in optional:
            out.extend({**base, "report": r} for r in reports)
    return out


def old_spec(name: str, rev: str, folder: Path):
    text = subprocess.run(["git", "show", f"{rev}:queries/{name}.rq"], capture_output=True, text=True,
                          check=True).stdout
    path = folder / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return load_query(path)


def timed(store, spec, params, repeat: int, *, sparql: bool = False):
    """The median time and the rows of ``spec``; ``sparql``: asked of SPARQL, not read from stored answers."""
    values = check_params(spec, params)
    times, rows = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        if sparql:
            tsv = oxigraph_query(store, spec, values, stored=False).serialize(format=ox.QueryResultsFormat.TSV)
            rows = Rows(*read_tsv(tsv.decode("utf-8"), _cell_value))
        else:
            rows = _run_oxigraph(store, spec, values)
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--old", default="HEAD", help="git revision of the old queries (default HEAD)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--first", type=int, default=0, help="only the first N parameter sets of each query")
    ap.add_argument("--as-benchmark", action="store_true", help="the parameter sets of benchmarks/queries.py")
    ap.add_argument("--old-sparql", action="store_true",
                    help="ask the old text of SPARQL, never of stored answers (an unchanged text is read as the new)")
    ap.add_argument("queries", nargs="*")
    args = ap.parse_args(argv)
    lib = library()
    names = args.queries or sorted(lib)
    differ = 0
    with open_store(args.store) as kg, tempfile.TemporaryDirectory() as tmp:
        reports = pick_reports(kg)
        if args.as_benchmark:
            sys.path.insert(0, str(Path(__file__).parent))
            import queries as bench

            report = bench.pick_report(kg)
            bench.PARAMS["goal"] = bench.first_goal(kg, report)
            planned = bench.plans(report)
        for name in names:
            old, new = old_spec(name, args.old, Path(tmp)), lib[name]
            todo = [p for n, p in planned if n == name] if args.as_benchmark else cases(new, reports)
            for params in todo[:args.first or None]:
                t_old, r_old = timed(kg.store, old, params, args.repeat, sparql=args.old_sparql)
                t_new, r_new = timed(kg.store, new, params, args.repeat)
                budget = 0.050 + 0.00002 * len(r_new.rows)
                same = r_old.columns == r_new.columns and r_old.rows == r_new.rows
                if not same and sorted(map(repr, r_old.rows)) == sorted(map(repr, r_new.rows)):
                    same = "order"
                differ += same is not True
                shown = {k: (v.rsplit("/report/", 1)[-1] if k == "report" else v) for k, v in params.items()}
                print(f"{name:26} {str(shown):60.60} rows {len(r_old.rows):6}/{len(r_new.rows):6} "
                      f"{t_old * 1000:9.1f} -> {t_new * 1000:8.1f} ms  "
                      f"{'same' if same is True else 'ORDER DIFFERS' if same == 'order' else 'DIFFERENT'}  "
                      f"budget {budget * 1000:.1f} ms {'ok' if t_new <= budget else 'OVER'}",
                      flush=True)
    print(f"{differ} parameter sets differ", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
