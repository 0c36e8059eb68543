"""The govkg command line: a thin layer over the library.

Each command makes one library call; library errors become a one-line
message on stderr and exit status 1.
"""

from __future__ import annotations

import contextlib
import functools
import json
import signal
import sys
import time
from pathlib import Path

import click

from .errors import GovkgError
# Defaults and choices come from the library (these modules load in a fraction of a second; the extractor's
# would take seconds, so its limits and segmenters are typed here and checked by the library).
from .graph.export import DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS
from .graph.formats import FORMATS
from .graph.gephi import NETWORK_FORMATS
from .graph.push import AUTH_SCHEMES  # the first is push()'s default
from .graph.store import DEFAULT_STORE
from .server import DEFAULT_PORT, DEFAULT_TIMEOUT

__all__ = ["main"]


def _quiet_jieba() -> None:
    import jieba

    jieba.setLogLevel(60)


def friendly_errors(func):
    """Turn library errors into a clear one-line message and a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GovkgError as exc:
            raise click.ClickException(str(exc)) from None
        except (ValueError, OSError) as exc:  # malformed gold or pattern files name themselves
            raise click.ClickException(str(exc)) from None

    return wrapper


segmenter_option = click.option("--segmenter", type=click.Choice(["rjieba", "jieba"]), default="rjieba",
                                 show_default=True,
                                 help="What segments the blank pipeline's text: rjieba (jieba in Rust, fast) or jieba.")


@click.group()
@click.version_option(package_name="govkg")
def main() -> None:
    """govkg: a knowledge graph of governance actions from government reports."""
    _quiet_jieba()
    if hasattr(signal, "SIGPIPE"):  # `govkg query … | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


@main.command()
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the graph here instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="turtle", show_default=True)
@click.option("--jurisdiction", help="Whose report it is (南阳市), when the title does not say.")
@click.option("--year", type=int, help="The year the report covers, when the title does not say.")
@click.option("--pipeline", "base", help="A trained spaCy pipeline to extend instead of blank zh + rjieba.")
@segmenter_option
@click.option("--max-bytes", type=click.IntRange(1), default=64 * 2**20, show_default=True,
              help="The largest report file read, and the most a .docx's XML may expand to.")
@click.option("--max-chars", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="The longest report text taken (spaCy's own limit by default).")
@friendly_errors
def extract(report: Path, output: Path | None, fmt: str, jurisdiction: str | None, year: int | None,
            base: str | None, segmenter: str, max_bytes: int, max_chars: int) -> None:
    """Extract one report's graph.

    Example: govkg extract tests/data/corpus/nanyang-2023.txt -o nanyang.ttl
    """
    from rdflib import RDF

    from .extractor import default_pipeline, extract, read_document
    from .graph.formats import serialize
    from .ontology import GK

    document = read_document(report, max_bytes=max_bytes, max_chars=max_chars)
    nlp = default_pipeline(base, segmenter)
    nlp.max_length = max(nlp.max_length, max_chars)
    graph = extract(document.text, source=str(report), original=document.original, hints=document.hints(), nlp=nlp,
                    jurisdiction=jurisdiction, year=year)
    name = next(graph.subjects(RDF.type, GK.Report), None)
    data = serialize(graph, fmt, name=name)
    if output:
        output.write_text(data, encoding="utf-8")
        click.echo(f"{report}: {len(graph)} triples written to {output}", err=True)
    else:
        click.echo(data, nl=False)


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the reports (default: the 'corpus' folder beside each gold file's folder).")
@click.option("--show", is_flag=True, help="List what was missed and what was spurious.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@segmenter_option
@friendly_errors
def evaluate(gold: tuple[Path, ...], corpus: Path | None, show: bool, fmt: str, segmenter: str) -> None:
    """Score the extractor against gold annotations (see GUIDELINES.md in the gold folder).

    Example: govkg eval tests/data/gold/*.json --show
    """
    from .evaluation import evaluate_files, format_details, format_table

    total = evaluate_files(gold, corpus=corpus, segmenter=segmenter)
    if fmt == "json":
        click.echo(json.dumps({k: _score_dict(v) for k, v in total.items()}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(gold)} gold file(s), micro-averaged")
    click.echo(format_table(total))
    if show:
        click.echo(format_details(total))


store_option = click.option("--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_STORE,
                            show_default=True, help="The store directory.")


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes extracting in parallel.")
@click.option("--pipeline", "base", help="A trained spaCy pipeline to extend instead of blank zh + rjieba.")
@segmenter_option
@click.option("--text-column", help="The collections' column holding the report text (default: found by name, "
                                    "e.g. full_text, 报告全文, content).")
@click.option("--title-column", help="The column holding the title (default: title, 报告标题, 标题 ...).")
@click.option("--place-column", help="The column naming the report's place (default: county, 区县名称, city, "
                                     "province ...).")
@click.option("--year-column", help="The column holding the year (default: year, 年份 ...).")
@click.option("--url-column", help="The column holding the source address (default: source_url, url, 来源 ...).")
@click.option("--max-bytes", type=click.IntRange(1), default=64 * 2**20, show_default=True,
              help="The largest report file read, and the most a .docx's XML may expand to.")
@click.option("--max-chars", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="The longest report text taken, a collection's row included (spaCy's own limit by default).")
@click.option("--force", is_flag=True, help="Extract reports whose text is unchanged too (after upgrading govkg).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when on a terminal).")
@friendly_errors
def build(inputs: tuple[Path, ...], store_dir: Path, jobs: int, base: str | None, segmenter: str,
          text_column: str | None,
          title_column: str | None, place_column: str | None, year_column: str | None, url_column: str | None,
          max_bytes: int, max_chars: int, force: bool, progress: bool | None) -> None:
    """Extract reports into the store: files, collections (one report a row), or folders walked for both.

    Report files are .txt .html .pdf .docx; collection files are .csv .xlsx
    .jsonl, one report a row, their columns found by name unless named with
    the --*-column options. Each report goes into its own named graph,
    replacing an earlier build of the same source; a report whose text is
    unchanged is skipped, and the same report in another script or format is
    stored once (a duplicate). A source is its whole path (and row): another
    folder's file of the same name is another source. A source whose report
    now gets another IRI than before has its earlier report removed in the
    same transaction (superseded). A report that fails, or that would take
    the IRI of a different report already built from another source (a
    collision), is listed with its reason and leaves the store untouched,
    and the command then exits with status 1. --max-bytes and --max-chars
    limit each report as in `govkg extract`; --force extracts unchanged
    texts again (after upgrading govkg).

    Example: govkg build reports/ --store govkg-store --jobs 2
    """
    from tqdm import tqdm

    from .extractor.formats.collections import Columns
    from .graph.build import Limits, build_store
    from .graph.store import open_store
    from .graph.textindex import refresh as refresh_text_index
    from .queries.precompute import refresh_answers, report_answers

    columns = Columns(text=text_column, title=title_column, place=place_column, year=year_column, url=url_column)
    show = sys.stderr.isatty() if progress is None else progress
    with contextlib.ExitStack() as stack:
        bars = []

        def counted(total: int) -> None:  # the bar starts once the reports are counted
            bars.append(stack.enter_context(tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True)))

        def done(result):
            for bar in bars:
                bar.update(1)
            if not show:
                click.echo(f"{result.path}: {result.status}" + (f" ({result.triples} triples)" if result.triples else "")
                           + (f": {result.reason}" if result.reason and not result.reason.startswith(result.path)
                              else ""))

        summary = build_store(store_dir, inputs, on_total=counted if show else None, jobs=jobs, base=base,
                              segmenter=segmenter, columns=columns,
                              limits=Limits(max_bytes=max_bytes, max_chars=max_chars), force=force, on_result=done,
                              answers=report_answers)
    click.echo(summary.text())
    if summary.judged:
        click.echo(f"follow-through: {summary.judged} plan(s) judged against the next report")
    if summary.paired:
        click.echo(f"target-results: {summary.paired} target(s) paired with the next report's results")
    with open_store(store_dir, writable=True) as kg:
        # the answers read from the judgements, and those of reports skipped as unchanged whose questions an
        # upgrade edited
        started = time.perf_counter()
        refreshed = refresh_answers(kg)
        answered = time.perf_counter()
        # reports the index lacks: skipped as unchanged in a store built before it, or its file deleted
        indexed = refresh_text_index(kg)
    if refreshed:
        click.echo(f"stored answers: made for {refreshed} report(s) after the judgements, "
                   f"in {answered - started:.1f} s")
    if indexed:
        click.echo(f"text index: {indexed} report(s) indexed from the store, in {time.perf_counter() - answered:.1f} s")
    click.echo(f"{store_dir}: {summary.stored} report(s)")
    if not summary.ok:
        sys.exit(1)


@main.command()
@store_option
@click.option("--report", help="Export only this report (its IRI); default: the whole store.")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default=DEFAULT_EXPORT_FORMAT,
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (required for graphml and gexf).")
@friendly_errors
def export(store_dir: Path, report: str | None, fmt: str, output: Path | None) -> None:
    """Write the store, or one report, in an RDF format or as a GraphML/GEXF network for Gephi.

    Example: govkg export --format trig -o all.trig
    """
    from .graph.export import export as export_store

    if fmt in NETWORK_FORMATS and not output:
        raise click.ClickException(f"--format {fmt} needs -o FILE")
    data = export_store(store_dir, fmt, report=report, output=output)
    if data is not None:
        click.echo(data, nl=False)
    elif fmt in NETWORK_FORMATS:
        click.echo(f"{output}: written", err=True)


@main.command()
@store_option
@friendly_errors
def index(store_dir: Path) -> None:
    """Make the text index documents the store lacks, and drop those no report needs.

    govkg build and govkg load keep the index (textindex.sqlite in the store)
    current; run this after deleting it, or to index a store built before it
    without building. Until then text questions ask SPARQL, with the same rows.

    Example: govkg index --store govkg-store
    """
    from .graph.store import open_store
    from .graph.textindex import refresh

    with open_store(store_dir, writable=True) as kg:
        made = refresh(kg)
        held = kg.report_count()
    click.echo(f"{store_dir}: {made} report(s) indexed, {held} held")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)),
              help="The file's format (default: from its extension).")
@friendly_errors
def load(file: Path, store_dir: Path, fmt: str | None) -> None:
    """Read an export back into the store; each report in it replaces the stored one.

    Example: govkg load all.trig --store other-store
    """
    from .graph.plans import derive_follow_through
    from .graph.store import open_store
    from .graph.targets import derive_target_results
    from .queries.precompute import refresh_answers

    with open_store(store_dir, writable=True) as kg:
        loaded = kg.load_file(file, fmt)
        for iri in loaded:
            click.echo(f"{file}: loaded {iri}")
        # the derived links the loaded reports change, as a build makes them, before the answers read from them
        derive_follow_through(kg, changed=loaded)
        derive_target_results(kg, changed=loaded)
        refresh_answers(kg)  # the loaded reports' stored answers (govkg.queries.answers)


@main.command()
@click.argument("root")
@store_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@friendly_errors
def viz(root: str, store_dir: Path, output: Path) -> None:
    """Write an interactive, offline HTML page of a goal tree (ROOT: a goal label, goal IRI or report IRI).

    Example: govkg viz 营商环境明显改善 -o tree.html
    """
    from .graph.store import open_store
    from .graph.viz import render

    with open_store(store_dir) as kg:
        page = render(kg.graph(), root)
    output.write_text(page, encoding="utf-8")
    click.echo(f"{output}: written; open it in a browser (works offline)", err=True)


format_option = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                             show_default=True)
iris_option = click.option("--iris", is_flag=True, help="Show IRI columns in tables (csv and json always have them).")


def _emit(rows, fmt: str, *, iris: bool = False) -> None:
    if fmt == "csv":
        click.echo(rows.to_csv(), nl=False)
    elif fmt == "json":
        click.echo(rows.to_json())
    else:
        click.echo((rows if iris else _without_iris(rows)).to_table())


def _without_iris(rows):
    """Tables are read by people: drop columns that hold only govkg IRIs."""
    from .ontology.namespace import ID
    from .queries import Rows

    keep = [i for i, c in enumerate(rows.columns)
            if not rows.rows or not all(isinstance(r[i], str) and r[i].startswith(str(ID))
                                        for r in rows.rows if r[i] is not None)
            or all(r[i] is None for r in rows.rows)]
    keep = [i for i in keep if any(r[i] is not None for r in rows.rows)] or keep
    return Rows([rows.columns[i] for i in keep], [tuple(r[i] for i in keep) for r in rows.rows])


def _records_to_rows(records: list[dict]):
    from .queries import Rows

    columns = list(records[0]) if records else []
    cell = lambda v: " | ".join(map(str, v)) if isinstance(v, (list, tuple)) else v  # noqa: E731
    return Rows(columns, [tuple(cell(r.get(c)) for c in columns) for r in records])


@main.command()
@store_option
@click.option("--report", help="Audit only this report (its IRI).")
@click.option("--show", is_flag=True, help="List each report's suspicious findings.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def audit(store_dir: Path, report: str | None, show: bool, fmt: str) -> None:
    """Check a build before trusting it: jurisdiction, year, places, headings, numbers, identities.

    Example: govkg audit --store govkg-store --show
    """
    from .graph.audit import CorpusAudit, audit_report, audit_store
    from .graph.store import open_store

    with open_store(store_dir) as kg:
        result = CorpusAudit([audit_report(kg, report)]) if report else audit_store(kg)
    if fmt == "json":
        click.echo(json.dumps({"totals": result.totals, "reports": [r.as_dict() for r in result.reports]},
                              ensure_ascii=False, indent=2))
        return
    click.echo(_records_to_rows([{"signal": k, "value": v} for k, v in result.totals.items()]).to_table())
    click.echo()
    click.echo(_records_to_rows([_audit_row(r) for r in result.reports]).to_table())
    if show:
        for r in result.reports:
            for item in r.suspicious:
                click.echo(f"{r.report}: {item}")


def _audit_row(r) -> dict:
    return {"report": r.report.rsplit("/report/", 1)[-1], "jurisdiction": r.jurisdiction,
            "from": r.jurisdiction_from, "year": r.year, "year from": r.year_from,
            "places ok": f"{r.places_confirmed}/{r.places}", "headings": r.headings, "actions": r.actions,
            "numbers": r.numbers_in_text, "observations": r.observations,
            "same as": len(r.shares_identity_with), "suspicious": len(r.suspicious)}


@main.command()
@click.argument("query", required=False)
@store_option
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_", is_flag=True, help="List the library's questions.")
@format_option
@iris_option
@friendly_errors
def query(query: str | None, store_dir: Path, params: tuple[str, ...], list_: bool, fmt: str, iris: bool) -> None:
    """Ask the store a question from the query library (a NAME) or your own FILE.rq.

    Example: govkg query actions-feeding-goal --param goal=营商环境明显改善
    """
    from .queries import library, load_query, run

    if list_ or not query:
        for spec in library().values():
            names = ", ".join(p.name + ("?" if p.optional else "") for p in spec.params)
            click.echo(f"{spec.name}({names})\n    {spec.question_zh}\n    {spec.question_en}")
        return
    spec = load_query(query)
    values = dict(_split_param(p) for p in params)
    from .graph.store import open_store

    with open_store(store_dir) as kg:
        rows = run(kg.store, spec, values)
    _emit(rows, fmt, iris=iris)


def _split_param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.ClickException(f"--param {text!r}: expected NAME=VALUE")
    return name.strip(), value


@main.group()
def analyze() -> None:
    """NetworkX analyses of the store: feeds, coverage, agencies, plans, metric, targets.

    Example: govkg analyze coverage --empty number
    """


def _network(store_dir: Path):
    from .graph.projection import to_networkx
    from .graph.store import open_store

    with open_store(store_dir) as kg:
        return to_networkx(kg.dataset())


@analyze.command("feeds")
@click.argument("goal")
@store_option
@format_option
@iris_option
@friendly_errors
def analyze_feeds(goal: str, store_dir: Path, fmt: str, iris: bool) -> None:
    """Everything that feeds a goal (a label or IRI), with the path of goals it comes through.

    Example: govkg analyze feeds 营商环境明显改善
    """
    from .graph.feeds import feeders

    _emit(_records_to_rows(feeders(_network(store_dir), goal)), fmt, iris=iris)


@analyze.command("coverage")
@store_option
@click.option("--report", help="Only this report (IRI or title).")
@click.option("--empty", type=click.Choice(["action", "number"]), help="List only goals with no action / no number.")
@format_option
@iris_option
@friendly_errors
def analyze_coverage(store_dir: Path, report: str | None, empty: str | None, fmt: str, iris: bool) -> None:
    """Per goal, how many actions, numbers and agencies stand behind it.

    Example: govkg analyze coverage --empty number
    """
    from .graph.coverage import empty_goals, goal_coverage

    G = _network(store_dir)
    records = empty_goals(G, report=report, kind=empty) if empty else goal_coverage(G, report=report)
    _emit(_records_to_rows(records), fmt, iris=iris)


@analyze.command("agencies")
@store_option
@format_option
@iris_option
@friendly_errors
def analyze_agencies(store_dir: Path, fmt: str, iris: bool) -> None:
    """Agencies by actions performed, with degree and betweenness centrality.

    Example: govkg analyze agencies --format csv
    """
    from .graph.roles import agency_roles

    _emit(_records_to_rows(agency_roles(_network(store_dir))), fmt, iris=iris)


@analyze.command("plans")
@store_option
@click.option("--year", type=int, help="Only plans of reports reviewing this year (gk:year).")
@click.option("--patterns", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A pattern file of verb classes and ignored words (default: the bundled followthrough.jsonl).")
@format_option
@iris_option
@friendly_errors
def analyze_plans(store_dir: Path, year: int | None, patterns: Path | None, fmt: str, iris: bool) -> None:
    """Each plan matched by meaning against what the next report of its place says was done.

    Columns: plan, plan sentence, match, match sentence, score, verdict
    (done, partly done, no evidence, no later report).

    Example: govkg analyze plans --year 2023
    """
    from .graph.plans import plan_follow_through
    from .graph.store import open_store

    with open_store(store_dir) as kg:
        rows = plan_follow_through(kg, report_year=year, patterns=patterns)
    columns = ["plan", "plan_sentence", "match", "match_sentence", "score", "verdict", "reasons", "year",
               "report", "later_report", "plan_action", "match_action"]
    _emit(_records_to_rows([{c: r[c] for c in columns} for r in rows]), fmt, iris=iris)


@main.command()
@store_option
@click.option("--patterns", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A pattern file of verb classes and ignored words (default: the bundled followthrough.jsonl).")
@friendly_errors
def derive(store_dir: Path, patterns: Path | None) -> None:
    """Recompute the derived graphs: plan follow-through (planned-actions-followup) and target-result pairs (target-results).

    govkg build does this whenever it stores a report; run it after changing the pattern file.

    Example: govkg derive --store govkg-store
    """
    from .graph.plans import DERIVED_GRAPH, derive_follow_through
    from .graph.store import open_store
    from .graph.targets import DERIVED_GRAPH as PAIRS_GRAPH
    from .graph.targets import derive_target_results

    from .queries.precompute import refresh_answers

    with open_store(store_dir, writable=True) as kg:
        judged = derive_follow_through(kg, patterns=patterns)
        paired = derive_target_results(kg)
        refresh_answers(kg)  # the answers made from the judgements and the pairs went with them
    click.echo(f"{DERIVED_GRAPH}: {judged} plan(s) judged against the next report")
    click.echo(f"{PAIRS_GRAPH}: {paired} target(s) paired with the next report's results")


@analyze.command("metric")
@click.argument("metric")
@store_option
@format_option
@iris_option
@friendly_errors
def analyze_metric(metric: str, store_dir: Path, fmt: str, iris: bool) -> None:
    """The same metric (part of its name) compared across reports and years.

    Example: govkg analyze metric 出庭应诉率
    """
    from .graph.compare import compare_metric

    _emit(_records_to_rows(compare_metric(_network(store_dir), metric)), fmt, iris=iris)


@analyze.command("targets")
@store_option
@click.option("--metric", help="Only this indicator (part of its name; 地区生产总值 finds 国内生产总值 too).")
@click.option("--place", help="Only this jurisdiction (its official name, 河北省).")
@click.option("--all", "show_all", is_flag=True, help="Also list targets that no result pairs with.")
@format_option
@iris_option
@friendly_errors
def analyze_targets(store_dir: Path, metric: str | None, place: str | None, show_all: bool, fmt: str,
                    iris: bool) -> None:
    """Each year's targets beside the results the next year's report gives, met or missed.

    Example: govkg analyze targets --metric 国内生产总值 --place 中华人民共和国
    """
    from .graph.store import open_store
    from .graph.targets import target_results

    with open_store(store_dir) as kg:
        rows = target_results(kg, metric=metric, place=place)
    rows = [_target_row(r, full=fmt != "table") for r in rows if show_all or r["result"] is not None]
    _emit(_records_to_rows(rows), fmt, iris=iris)


def _target_row(r: dict, *, full: bool) -> dict:
    """Numbers as written in their unit; tables leave out the sentences and IRIs, csv and json keep them."""
    num = lambda v: None if v is None else format(v.normalize(), "f")  # noqa: E731
    row = {"place": r["place"], "year": r["year"], "metric": r["metric"], "kind": r["kind"], "unit": r["unit"],
           "target": num(r["target"]), "upper": num(r["upper"]), "qualifier": r["qualifier"], "rule": r["rule"],
           "result": num(r["result"]), "result_metric": r["result_metric"], "outcome": r["outcome"]}
    if full:
        row.update({k: r[k] for k in ("direction", "target_evidence", "result_evidence", "target_report",
                                      "result_report", "target_observation", "result_observation")})
    return row


@main.group()
def chart() -> None:
    """Offline charts of the store.

    Example: govkg chart targets --metric 国内生产总值 -o gdp.html
    """


@chart.command("targets")
@store_option
@click.option("--metric", required=True, help="The indicator (part of its name).")
@click.option("--place", "places", multiple=True, help="A jurisdiction to draw (repeatable; default: every one).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@friendly_errors
def chart_targets(store_dir: Path, metric: str, places: tuple[str, ...], output: Path) -> None:
    """Draw an indicator's targets and results across the years as an offline HTML page.

    Example: govkg chart targets --metric 国内生产总值 --place 中华人民共和国 --place 河北省 -o gdp.html
    """
    from .graph.chart import render_targets
    from .graph.store import open_store

    with open_store(store_dir) as kg:
        page = render_targets(kg, metric, places=places)
    output.write_text(page, encoding="utf-8")
    click.echo(f"{output}: written; open it in a browser (works offline)", err=True)


@main.command()
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Build into this (new or govkg) store directory and keep it; default: a temporary one.")
@friendly_errors
def demo(store_dir: Path | None) -> None:
    """Build the bundled Nanyang 2023 report into a fresh store and answer three questions.

    Example: govkg demo
    """
    from .queries.demo import demo as run_demo

    result = run_demo(store_dir)
    built = result.built
    if built.status == "built":
        click.echo(f"Built {result.sample.name} into {result.store}: {built.triples} triples, report {built.report}\n")
    else:
        click.echo(f"{result.sample.name}: {built.status} in {result.store}: {built.reason or 'already built'}\n")
    for answer in result.answers:
        click.echo(f"== {answer.question}\n   (govkg query {answer.name}"
                   + "".join(f" --param {k}={v}" for k, v in answer.params.items()) + ")")
        click.echo(_without_iris(answer.rows).to_table() + "\n")


@main.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0: every interface of the machine).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="The port to listen on; 0 takes a free one.")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL Update and Graph Store writes; the server then holds the store's writer lock.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds a query may run before it is answered 503 (and stopped).")
@click.option("--allow-service", is_flag=True,
              help="Run federated queries (SPARQL SERVICE), which have the server fetch from the addresses they "
                   "name; refused with 400 by default.")
@friendly_errors
def serve_command(store_dir: Path, host: str, port: int, writable: bool, timeout: float,
                  allow_service: bool) -> None:
    """Serve the store over the SPARQL 1.1 Protocol, with a query page for people, until Ctrl-C.

    URL/query is the endpoint (GET or POST; SPARQL JSON, XML, CSV or TSV by
    the Accept header); URL/ is a page that runs the library's questions and
    your own SPARQL; URL/queries lists the library as JSON and
    URL/queries/NAME?param=value runs one question.  Read-only unless
    --writable; `govkg build` into a store being served says "store is locked".

    Example: govkg serve --store govkg-store --port 7878
    """
    from .server import serve

    mode = "writable" if writable else "read-only"

    def ready(url: str) -> None:
        click.echo(f"Serving {store_dir} ({mode}; queries limited to {timeout:g} s) at {url}")
        click.echo(f"  query page {url} · SPARQL endpoint {url}query · library {url}queries · Ctrl-C stops")

    serve(store_dir, host=host, port=port, writable=writable, timeout=timeout, allow_service=allow_service,
          on_ready=ready)


@main.command("push")
@click.option("--endpoint", required=True, metavar="URL",
              help="The triplestore's Graph Store endpoint: http://HOST:7878/store (Oxigraph), "
                   "http://HOST:3030/DATASET/data (Fuseki), http://HOST:7200/repositories/REPO/rdf-graphs/service "
                   "(GraphDB).")
@store_option
@click.option("--report", help="Push only this report (its IRI); default: every report in the store.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=60.0, show_default=True,
              help="Seconds to wait for the endpoint to connect, take a graph and answer.")
@click.option("--auth", type=click.Choice(AUTH_SCHEMES), default=AUTH_SCHEMES[0], show_default=True,
              help="How the user and password are sent: HTTP Basic, or Digest (Virtuoso).")
@friendly_errors
def push_command(endpoint: str, store_dir: Path, report: str | None, timeout: float, auth: str) -> None:
    """Send each report's named graph to a triplestore, replacing the graph there (one PUT per report).

    Pushing again replaces rather than duplicates; blank nodes are sent as
    IRIs.  Credentials, if the triplestore wants them, come from
    GOVKG_PUSH_TOKEN (a bearer token), or GOVKG_PUSH_USER and
    GOVKG_PUSH_PASSWORD or a netrc entry for the endpoint's host (Basic, or
    Digest with --auth digest), never from the command line; no message
    shows them, nor the values of the URL's query.  The local store is only read.

    Example: govkg push --endpoint http://localhost:3030/govkg/data
    """
    from .graph.push import push, redacted_url
    from .graph.store import open_store

    def pushed(done) -> None:
        click.echo(f"{done.report}: {done.triples} triples " + ("created" if done.status == 201 else "replaced"))

    with open_store(store_dir) as kg:
        sent = push(kg, endpoint, reports=[report] if report else None, timeout=timeout, auth=auth,
                    on_pushed=pushed)
    click.echo(f"{redacted_url(endpoint)}: {len(sent)} report(s) pushed")


def _score_dict(s) -> dict:
    return {"precision": s.precision, "recall": s.recall, "f1": s.f1, "found": s.found, "gold": s.gold,
            "correct": s.tp_nodes, "predicted": s.predicted_nodes, "missed": s.missed, "spurious": s.spurious}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
