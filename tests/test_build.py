"""Corpus builds: folders walked, parallel workers, incremental by content hash, failures isolated."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from govkg.cli import main
from govkg.graph.build import build_reports
from govkg.graph.store import open_store
from govkg.ontology.namespace import GK

DATA = Path(__file__).parent / "data" / "corpus"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    for i, path in enumerate(sorted(DATA.glob("*.txt"))):
        folder = root / f"province-{i % 2}" / path.stem.split("-")[0]
        folder.mkdir(parents=True)
        shutil.copy(path, folder / path.name)
    (root / "junk").mkdir()
    (root / "junk" / "readme.txt").write_text("This folder holds reports downloaded in 2024.\n", encoding="utf-8")
    (root / "junk" / "empty.txt").write_bytes(b"")
    (root / "junk" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (root / "junk" / "notes.md").write_text("not a report suffix", encoding="utf-8")
    return root


def snapshot(store):
    with open_store(store) as kg:
        return {r.iri: (r.content_hash, r.triples) for r in kg.reports()}


def test_a_folder_build_names_each_failure_and_builds_the_rest(corpus, tmp_path):
    store = tmp_path / "kg"
    result = cli("build", corpus, "--store", store, "--no-progress")
    assert result.exit_code == 1
    assert "9 file(s)" in result.output and "6 built" in result.output and "3 failed" in result.output
    failed = [line for line in result.output.splitlines() if line.startswith("  failed:")]
    assert len(failed) == 3
    assert any("readme.txt" in line and "not a report" in line for line in failed)
    assert any("empty.txt" in line and "empty" in line for line in failed)
    assert any("broken.pdf" in line for line in failed)
    assert len(snapshot(store)) == 6


def test_unchanged_reports_are_skipped_and_a_changed_one_replaced(corpus, tmp_path):
    store = tmp_path / "kg"
    cli("build", corpus, "--store", store, "--no-progress")
    before = snapshot(store)
    again = cli("build", corpus, "--store", store, "--no-progress")
    assert "0 built, 6 unchanged" in again.output and "0 triples written" in again.output
    assert snapshot(store) == before
    wuhan = next(corpus.rglob("wuhan-2022.txt"))
    wuhan.write_text(wuhan.read_text(encoding="utf-8") + "\n市政府印发《测试办法》。\n", encoding="utf-8")
    third = cli("build", corpus, "--store", store, "--no-progress")
    assert "1 built, 5 unchanged" in third.output
    after = snapshot(store)
    changed = [iri for iri in after if after[iri] != before[iri]]
    assert len(changed) == 1 and "武汉市" in changed[0] and after.keys() == before.keys()


def test_a_failing_report_leaves_its_stored_graph_alone(corpus, tmp_path):
    store = tmp_path / "kg"
    cli("build", corpus, "--store", store, "--no-progress")
    before = snapshot(store)
    wuhan = next(corpus.rglob("wuhan-2022.txt"))
    wuhan.write_bytes(b"\x00\x01\x02" * 100)  # the file is damaged since the last build
    result = cli("build", wuhan, "--store", store, "--no-progress")
    assert result.exit_code == 1 and "wuhan-2022.txt" in result.output
    assert snapshot(store) == before


@pytest.mark.slow
def test_two_workers_build_the_same_store_as_one(corpus, tmp_path):
    with open_store(tmp_path / "one", writable=True) as kg:
        one = build_reports(kg, [corpus], jobs=1)
        nq_one = sorted(str(kg.store).splitlines())
    with open_store(tmp_path / "two", writable=True) as kg:
        two = build_reports(kg, [corpus], jobs=2)
        nq_two = sorted(str(kg.store).splitlines())
    assert one.count("built") == two.count("built") == 6
    assert nq_one == nq_two


def test_a_missing_input_is_named(tmp_path):
    result = cli("build", tmp_path / "nowhere", "--store", tmp_path / "kg")
    assert result.exit_code == 1 and "nowhere: file not found" in result.output


def test_flushing_along_the_way_changes_nothing_that_is_stored(corpus, tmp_path, monkeypatch):
    import govkg.graph.build as build_module

    with open_store(tmp_path / "once", writable=True) as kg:
        build_reports(kg, [corpus])
        once = sorted(str(kg.store).splitlines())
    monkeypatch.setattr(build_module, "_FLUSH_BYTES", 0)
    with open_store(tmp_path / "often", writable=True) as kg:
        flushes = []
        monkeypatch.setattr(kg, "flush", lambda: (flushes.append(1), type(kg).flush(kg)))
        build_reports(kg, [corpus])
        often = sorted(str(kg.store).splitlines())
        hashes = kg.content_hashes()
        assert kg.report_count() == 6
        assert hashes == {r.iri: r.content_hash for r in kg.reports()}
    assert len(flushes) == 6  # once after each built report
    assert often == once and len(hashes) == 6


@pytest.mark.slow
def test_a_build_stopped_midway_ends_its_workers_and_keeps_what_was_written(corpus, tmp_path):
    import threading

    class Stop(Exception):
        pass

    seen = []

    def stop_after_two(result):
        seen.append(result)
        if len(seen) == 2:
            raise Stop

    outcome = {}

    def build():
        with open_store(tmp_path / "kg", writable=True) as kg:
            try:
                build_reports(kg, [corpus], jobs=2, on_result=stop_after_two)
            except Stop:
                outcome["stopped"] = True

    # In a thread, so that a pool waiting forever on its task feeder fails the test instead of hanging it.
    thread = threading.Thread(target=build, daemon=True)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive() and outcome == {"stopped": True}
    with open_store(tmp_path / "kg") as kg:
        assert kg.report_count() == sum(r.status == "built" for r in seen)


# -- collections: one report a row


def write_csv(path, rows, encoding="utf-8-sig"):
    import csv
    import io

    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def text_of(name):
    return (DATA / name).read_text(encoding="utf-8")


def stored(store):
    """Report IRI -> (source, content hash) of what a store holds."""
    with open_store(store) as kg:
        return {i.iri: (i.source, i.content_hash) for i in kg.identities()}


def summary_lines(output, kind):
    return [line for line in output.splitlines() if line.startswith(f"  {kind}:")]


def test_a_csv_collection_builds_one_report_a_row_with_its_source(tmp_path):
    path = write_csv(tmp_path / "reports.csv", [
        ["province", "year", "title", "source_url", "full_text"],
        ["湖北省", "2022", "武汉市人民政府关于2022年度推进法治政府建设情况的报告", "https://example.org/wh", text_of("wuhan-2022.txt")],
        ["上海市", "2018", "闵行区2018年法治政府建设年度报告", "", "   "],
        ["上海市", "2018", "闵行区2018年法治政府建设年度报告", "https://example.org/mh", text_of("minhang-2018.txt")],
    ])
    result = cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "1 file(s) with 3 row(s)" in result.output and "2 built" in result.output and "1 skipped" in result.output
    assert f"  columns of {path}: text=full_text, title=title, place=province, year=year, url=source_url" in result.output
    assert summary_lines(result.output, "skipped") == [f"  skipped: {path}#row=3: no text in full_text"]
    sources = sorted(source for source, _ in stored(tmp_path / "kg").values())
    assert sources == ["reports.csv#row=2", "reports.csv#row=4"]
    again = cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    assert "0 built, 2 unchanged" in again.output and again.exit_code == 0


def test_bad_rows_are_named_and_the_good_ones_built(tmp_path):
    import json

    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join([
        json.dumps({"title": "", "content": text_of("wuhan-2022.txt"), "year": "2022"}, ensure_ascii=False),
        '{"title": "broken", "content": "各位代表',
        json.dumps({"title": "", "content": text_of("minhang-2018.txt"), "year": "2018"}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    result = cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 1
    failed = summary_lines(result.output, "failed")
    assert len(failed) == 1 and failed[0].startswith(f"  failed: {path}#line=2: not valid JSON")
    assert sorted(source for source, _ in stored(tmp_path / "kg").values()) == ["reports.jsonl#line=1",
                                                                               "reports.jsonl#line=3"]


def test_a_report_made_by_other_extraction_rules_is_read_again(corpus, tmp_path):
    # After an upgrade that changes the rules, an unchanged text is extracted again (gk:extractorStamp);
    # a report made by the current rules is still skipped.
    store = tmp_path / "kg"
    cli("build", corpus, "--store", store, "--no-progress")
    before = snapshot(store)
    with open_store(store, writable=True) as kg:
        wuhan = next(i.iri for i in kg.identities() if "武汉市" in i.iri)
        kg.store.update(f"""DELETE {{ GRAPH <{wuhan}> {{ ?r <{GK.extractorStamp}> ?s }} }}
                            INSERT {{ GRAPH <{wuhan}> {{ ?r <{GK.extractorStamp}> "extractor-0000000000000000" }} }}
                            WHERE {{ GRAPH <{wuhan}> {{ ?r <{GK.extractorStamp}> ?s }} }}""")
        assert {i.iri: i.extractor for i in kg.identities()}[wuhan] == "extractor-0000000000000000"
    again = cli("build", corpus, "--store", store, "--no-progress")
    assert "1 built, 5 unchanged" in again.output
    assert snapshot(store) == before  # the same rules' graph again, stamp included


@pytest.mark.parametrize("make, problem", [
    (lambda p: write_csv(p / "meta.csv", [["province", "year", "html"], ["湖北省", "2022", "<p>各位代表</p>"]]),
     "no text column"),
    (lambda p: (p / "sjis.csv").write_bytes("題名,本文\nテスト,カタカナの本文です\n".encode("shift_jis")
                                            + bytes(range(0x80, 0xA0)) * 3) and p / "sjis.csv",
     "cannot decode"),
    (lambda p: (p / "broken.xlsx").write_bytes(b"PK\x03\x04 no workbook") and p / "broken.xlsx",
     "not a readable XLSX workbook"),
])
def test_bad_collection_files_are_named_and_leave_the_store_unchanged(corpus, tmp_path, make, problem):
    store = tmp_path / "kg"
    cli("build", corpus / "province-0", "--store", store, "--no-progress")
    before = snapshot(store)
    path = make(tmp_path)
    result = cli("build", path, "--store", store, "--no-progress")
    assert result.exit_code == 1
    assert summary_lines(result.output, "failed") == [line for line in result.output.splitlines()
                                                      if line.startswith(f"  failed: {path}: {problem}")]
    assert len(summary_lines(result.output, "failed")) == 1
    assert snapshot(store) == before


def test_two_reports_with_one_iri_are_refused_naming_both_within_a_build(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    wuhan = text_of("wuhan-2022.txt")
    (folder / "a-wuhan.txt").write_text(wuhan, encoding="utf-8")
    # Another report under the same title, year and place: a different text, not a copy.
    (folder / "b-wuhan-revised.txt").write_text(wuhan + "\n市政府印发《测试办法》，新增市场主体一万户。\n", encoding="utf-8")
    result = cli("build", folder, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 1
    collisions = summary_lines(result.output, "collision")
    assert len(collisions) == 1
    assert f"{folder / 'b-wuhan-revised.txt'} and {folder / 'a-wuhan.txt'} would both be report" in collisions[0]
    assert "a-wuhan.txt kept" in collisions[0]
    ((source, digest),) = stored(tmp_path / "kg").values()
    assert source == "a-wuhan.txt"
    assert digest == hashlib.sha256(wuhan.encode("utf-8")).hexdigest()


def test_a_report_taking_a_stored_reports_iri_is_refused_and_the_store_kept(tmp_path):
    wuhan = text_of("wuhan-2022.txt")
    first = tmp_path / "wuhan.txt"
    first.write_text(wuhan, encoding="utf-8")
    assert cli("build", first, "--store", tmp_path / "kg", "--no-progress").exit_code == 0
    before = stored(tmp_path / "kg")
    other = write_csv(tmp_path / "others.csv", [["text"], [wuhan + "\n市政府印发《测试办法》，新增市场主体一万户。\n"]])
    result = cli("build", other, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 1
    (collision,) = summary_lines(result.output, "collision")
    assert f"{other}#row=2 and {first} (stored) would both be report" in collision  # the whole path, not the name
    assert stored(tmp_path / "kg") == before
    # The same source rebuilt with a changed text still replaces its own report.
    first.write_text(wuhan + "\n市政府印发《测试办法》。\n", encoding="utf-8")
    rebuilt = cli("build", first, "--store", tmp_path / "kg", "--no-progress")
    assert rebuilt.exit_code == 0 and "1 built" in rebuilt.output
    after = stored(tmp_path / "kg")
    assert after.keys() == before.keys() and after != before


def test_the_same_report_in_traditional_characters_is_stored_once(tmp_path):
    from govkg.extractor.formats.chinese import to_simplified

    import opencc

    minhang = text_of("minhang-2018.txt")
    traditional = opencc.OpenCC("s2tw").convert(minhang)
    assert traditional != minhang and to_simplified(traditional) == minhang
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1-minhang.txt").write_text(minhang, encoding="utf-8")
    # Big5, with other line breaks and full-width spaces: the same report in another dress.
    (folder / "2-minhang-big5.txt").write_bytes(traditional.replace("\n", "\r\n\u3000\u3000").encode("big5", "replace"))
    result = cli("build", folder, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 0, result.output
    (duplicate,) = summary_lines(result.output, "duplicate")
    assert duplicate.startswith(f"  duplicate: {folder / '2-minhang-big5.txt'} is the same report as "
                                f"{folder / '1-minhang.txt'}")
    assert [source for source, _ in stored(tmp_path / "kg").values()] == ["1-minhang.txt"]
    # And against the store: a later build with only the copy stores nothing new.
    again = cli("build", folder / "2-minhang-big5.txt", "--store", tmp_path / "kg", "--no-progress")
    assert "1 duplicate" in again.output and "1-minhang.txt (stored)" in again.output
    assert len(stored(tmp_path / "kg")) == 1


def test_a_place_column_naming_another_place_than_the_text_is_named(tmp_path):
    body = ("\n各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议。\n一、2022年工作回顾\n"
            "全县地区生产总值增长百分之六，县政府印发《优化营商环境实施方案》，新增市场主体一万户。\n")
    path = write_csv(tmp_path / "counties.csv", [
        ["区县名称", "年份", "报告标题", "报告全文"],
        # The county column says 易县, the report is 米易县's: a name inside another is no match.
        ["易县", "2023", "米易县2023年人民政府工作报告", "米易县2023年人民政府工作报告" + body],
        ["米易", "2023", "米易县2023年人民政府工作报告", "米易县2023年人民政府工作报告" + body + "补充。\n"],
    ])
    result = cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    mismatches = summary_lines(result.output, "mismatch")
    assert mismatches == [f"  mismatch: {path}#row=2: the place column says 易县, the text says 米易县 (the text wins)"]


@pytest.mark.slow
def test_two_workers_keep_the_first_copy_in_input_order(tmp_path):
    import opencc

    rows = [["title", "text"]]
    for name in ("wuhan-2022.txt", "minhang-2018.txt", "taoyuan-2017.txt"):
        text = text_of(name)
        rows += [["", text], ["", opencc.OpenCC("s2tw").convert(text)]]
    path = write_csv(tmp_path / "copies.csv", rows)
    with open_store(tmp_path / "kg", writable=True) as kg:
        summary = build_reports(kg, [path], jobs=2)
    assert [r.status for r in summary.results] == ["built", "duplicate"] * 3
    assert [r.other for r in summary.results if r.status == "duplicate"] == [f"{path}#row={n}" for n in (2, 4, 6)]
    assert sorted(source for source, _ in stored(tmp_path / "kg").values()) == [
        "copies.csv#row=2", "copies.csv#row=4", "copies.csv#row=6"]


@pytest.mark.parametrize("listed, found, same", [
    ("满城", "满城区", True), ("保定市满城区", "满城区", True), ("河北", "河北省", True),
    ("广西", "广西壮族自治区", True), ("新疆", "新疆维吾尔自治区", True), ("内蒙古", "内蒙古自治区", True),
    ("唐县", "高唐县", False), ("易县", "米易县", False), ("高唐县", "唐县", False), ("云南省", "祥云县", False),
    ("河北省", "石家庄市", False),
])
def test_places_are_compared_by_whole_names(listed, found, same):
    from govkg.graph.build import same_place

    assert same_place(listed, found) is same


# -- source identity: the whole path, and a source's earlier report under another IRI


def test_another_folders_file_of_the_same_name_is_another_source(tmp_path):
    wuhan = text_of("wuhan-2022.txt")
    first, second = tmp_path / "a" / "wuhan.txt", tmp_path / "b" / "wuhan.txt"
    for path, text in ((first, wuhan), (second, wuhan + "\n市政府印发《测试办法》，新增市场主体一万户。\n")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    assert cli("build", first, "--store", tmp_path / "kg", "--no-progress").exit_code == 0
    before = stored(tmp_path / "kg")
    # A different report in a file of the same name: refused, naming both whole paths, not a rebuild.
    result = cli("build", second, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 1
    (collision,) = summary_lines(result.output, "collision")
    assert f"{second} and {first} (stored) would both be report" in collision
    assert stored(tmp_path / "kg") == before
    with open_store(tmp_path / "kg") as kg:
        assert [i.source_path for i in kg.identities()] == [str(first)]


def test_a_source_that_now_gets_another_iri_leaves_no_stale_graph(tmp_path):
    path = tmp_path / "wuhan.txt"
    wuhan = text_of("wuhan-2022.txt")
    path.write_text(wuhan, encoding="utf-8")
    cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    (old,) = stored(tmp_path / "kg")
    # The title is corrected: the same source now yields the report of another year.
    path.write_text(wuhan.replace("关于2022年度", "关于2021年度", 1), encoding="utf-8")
    result = cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 0 and "1 built" in result.output
    (new,) = stored(tmp_path / "kg")  # one report, not two
    assert "/2021/" in new and "/2022/" in old
    assert summary_lines(result.output, "superseded") == [
        f"  superseded: {path} is now report {new}; its earlier report {old} was removed"]
    # And another source may now take the freed IRI without a collision.
    other = tmp_path / "other.txt"
    other.write_text(wuhan + "\n市政府印发《测试办法》。\n", encoding="utf-8")
    again = cli("build", other, "--store", tmp_path / "kg", "--no-progress")
    assert again.exit_code == 0 and sorted(stored(tmp_path / "kg")) == sorted([old, new])


def test_a_collection_row_that_now_gets_another_iri_replaces_its_earlier_report(tmp_path):
    wuhan = text_of("wuhan-2022.txt")
    path = write_csv(tmp_path / "reports.csv", [["text"], [wuhan]])
    cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    write_csv(path, [["text"], [wuhan.replace("武汉市人民政府关于", "杭州市人民政府关于", 1)]])
    result = cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 0
    ((iri, (source, _)),) = stored(tmp_path / "kg").items()
    assert "/杭州市/" in iri and source == "reports.csv#row=2"


def test_superseding_is_one_transaction(tmp_path):
    from govkg.graph.store import StoreError
    from govkg.graph.textindex import STAMP_GRAPH, stored_stamps

    def graphs(kg):  # the reports' graphs, the text index's stamps (graph/textindex.py) apart
        return [g.value for g in kg.store.named_graphs() if g.value != STAMP_GRAPH]

    with open_store(tmp_path / "kg", writable=True) as kg:
        kg.replace_ntriples("https://example.org/r/old", "<https://example.org/a> <https://example.org/p> \"1\" .")
        with pytest.raises(StoreError):  # the write fails midway: the old graph is not dropped either
            kg.replace_ntriples("https://example.org/r/new", "<not a triple", superseded=("https://example.org/r/old",))
        assert graphs(kg) == ["https://example.org/r/old"]
        assert list(stored_stamps(kg.store)) == ["https://example.org/r/old"]
        kg.replace_ntriples("https://example.org/r/new", "<https://example.org/a> <https://example.org/p> \"2\" .",
                            superseded=("https://example.org/r/old",))
        assert graphs(kg) == ["https://example.org/r/new"]
        assert list(stored_stamps(kg.store)) == ["https://example.org/r/new"]


def test_a_report_stored_before_source_paths_is_rebuilt_by_its_file_name(tmp_path):
    from govkg.extractor import extract
    from govkg.ontology.namespace import GK

    path = tmp_path / "wuhan.txt"
    wuhan = text_of("wuhan-2022.txt")
    graph = extract(wuhan, source=str(path))
    graph.remove((None, GK.sourcePath, None))  # as an older govkg stored it: the file name only
    with open_store(tmp_path / "kg", writable=True) as kg:
        kg.replace_report(graph)
    path.write_text(wuhan + "\n市政府印发《测试办法》。\n", encoding="utf-8")
    result = cli("build", path, "--store", tmp_path / "kg", "--no-progress")
    assert result.exit_code == 0 and "1 built" in result.output and not summary_lines(result.output, "collision")
    with open_store(tmp_path / "kg") as kg:
        assert [i.source_path for i in kg.identities()] == [str(path)]


# -- limits, as `govkg extract` has them


def test_build_limits_report_size_and_length(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wuhan.txt").write_text(text_of("wuhan-2022.txt"), encoding="utf-8")
    (folder / "minhang.txt").write_text(text_of("minhang-2018.txt"), encoding="utf-8")
    sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
    small, large = sorted(sizes, key=sizes.get)
    longest = max(len(text_of(n)) for n in ("wuhan-2022.txt", "minhang-2018.txt"))
    result = cli("build", folder, "--store", tmp_path / "kg", "--no-progress", "--max-bytes", sizes[small],
                 "--max-chars", longest)
    failed = summary_lines(result.output, "failed")
    assert result.exit_code == 1 and len(failed) == 1 and large in failed[0] and "--max-bytes" in failed[0]
    assert "1 built" in result.output
    # A collection's row is held to --max-chars too, and only that row fails.
    short, long = sorted(["wuhan-2022.txt", "minhang-2018.txt", "taoyuan-2017.txt"], key=lambda n: len(text_of(n)))[::2]
    rows = write_csv(tmp_path / "rows.csv", [["text"], [text_of(long)], [text_of(short)]])
    limit = len(text_of(short))
    result = cli("build", rows, "--store", tmp_path / "kg2", "--no-progress", "--max-chars", limit)
    failed = summary_lines(result.output, "failed")
    assert result.exit_code == 1 and failed == [
        f"  failed: {rows}#row=2: {len(text_of(long)):,} characters, over the limit of {limit:,} "
        "(max_chars, --max-chars)"]
    assert "1 built" in result.output


def test_a_forced_rebuild_moves_a_report_whose_iri_the_extractor_now_reads_otherwise(tmp_path):
    from govkg.extractor import extract

    path = tmp_path / "wuhan.txt"
    path.write_text(text_of("wuhan-2022.txt"), encoding="utf-8")
    # As an older extractor stored it: the same source and text under another jurisdiction's IRI.
    with open_store(tmp_path / "kg", writable=True) as kg:
        old = kg.replace_report(extract(text_of("wuhan-2022.txt"), source=str(path), jurisdiction="汉阳区"))
    assert "0 built, 1 unchanged" in cli("build", path, "--store", tmp_path / "kg", "--no-progress").output
    result = cli("build", path, "--store", tmp_path / "kg", "--no-progress", "--force")
    assert result.exit_code == 0 and "1 built" in result.output
    (new,) = stored(tmp_path / "kg")
    assert "/武汉市/" in new and "/汉阳区/" in old
    assert summary_lines(result.output, "superseded") == [
        f"  superseded: {path} is now report {new}; its earlier report {old} was removed"]


# -- staged builds (graph/staging.py): past a threshold, a build writes a private copy of the database with the
# bulk loader and switches the store to it. The six sample reports are far below the threshold: forced here,
# with batches of about one report and a switch every few reports.


def stage_everything(monkeypatch, batch=100_000, segment=300_000):
    import govkg.graph.build as build_module

    monkeypatch.setattr(build_module, "_STAGE_AFTER", 0)
    monkeypatch.setattr(build_module, "_BATCH", batch)
    monkeypatch.setattr(build_module, "_SEGMENT", segment)


def everything(store):
    """All quads of all graphs (reports, shared descriptions, stored answers, derived graphs, bookkeeping), and
    the stamps of the text index's documents and of the stored reports."""
    from govkg.graph.textindex import TextIndex, stored_stamps

    with open_store(store) as kg:
        quads = sorted(str(kg.store).splitlines())
        stamps = sorted(stored_stamps(kg.store).values())
    index = TextIndex(store)
    documents = sorted(index.stamps())
    index.close()
    return quads, stamps, documents


def databases(store):
    return sorted(p.name for p in Path(store).iterdir() if p.name.startswith("oxigraph"))


def build_both(corpus, tmp_path, monkeypatch, **options):
    """Build ``corpus`` into the stores one (a transaction a report) and staged; each's results."""
    import govkg.graph.build as build_module
    from govkg.queries.precompute import report_answers

    out = {}
    for name in ("one", "staged"):
        with monkeypatch.context() as patch:
            if name == "staged":
                stage_everything(patch)
            handed = []
            with open_store(tmp_path / name, writable=True) as kg:
                summary = build_module.build_reports(kg, [corpus], answers=report_answers, on_result=handed.append,
                                                     **options)
            assert handed == summary.results  # handed on in input order, each once
            out[name] = [(r.path, r.status, r.report, r.triples, r.superseded) for r in summary.results]
    return out["one"], out["staged"]


def test_a_staged_build_stores_what_a_transactional_one_does_quad_for_quad(corpus, tmp_path, monkeypatch):
    one, staged = build_both(corpus, tmp_path, monkeypatch)
    assert [r[1] for r in staged].count("built") == 6 and staged == one
    assert everything(tmp_path / "staged") == everything(tmp_path / "one")
    quads, stamps, documents = everything(tmp_path / "staged")
    assert len(stamps) == 6 and documents == stamps
    assert databases(tmp_path / "one") == ["oxigraph"]
    (name,) = databases(tmp_path / "staged")  # switched more than once; each old database removed
    assert name != "oxigraph" and name != "oxigraph-1"
    # A second build replaces reports: two texts cut short (descriptions only they gave must go), one that now
    # gets another IRI (its earlier report superseded), one left out (kept), the rest unchanged.
    for name in ("nanyang-2023.txt", "minhang-2018.txt"):
        path = next(corpus.rglob(name))
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    wuhan = next(corpus.rglob("wuhan-2022.txt"))
    wuhan.write_text(wuhan.read_text(encoding="utf-8").replace("武汉市人民政府", "杭州市人民政府", 1), encoding="utf-8")
    next(corpus.rglob("baotou-2024.txt")).unlink()
    one, staged = build_both(corpus, tmp_path, monkeypatch)
    assert staged == one
    assert sorted(r[1] for r in staged if r[1] in ("built", "unchanged")) == ["built"] * 3 + ["unchanged"] * 2
    assert [len(r[4]) for r in staged if r[4]] == [1]
    assert everything(tmp_path / "staged") == everything(tmp_path / "one")
    # and a forced rebuild, every report replaced
    one, staged = build_both(corpus, tmp_path, monkeypatch, force=True)
    assert staged == one and [r[1] for r in staged].count("built") == 5
    assert everything(tmp_path / "staged") == everything(tmp_path / "one")


def test_the_store_reads_the_database_its_marker_names_and_a_writer_removes_the_others(corpus, tmp_path, monkeypatch):
    import json

    import pyoxigraph as ox

    stage_everything(monkeypatch, segment=10**9)  # one switch
    store = tmp_path / "kg"
    cli("build", corpus, "--store", store, "--no-progress")
    marker = json.loads((store / "govkg-store.json").read_text(encoding="utf-8"))
    assert marker == {"format": "govkg-store", "version": 2, "database": "oxigraph-1"}
    before = everything(store)
    # what a build killed while staging leaves (its next database, half written), and a database a switch
    # replaced but did not remove: another report in each
    for name in ("oxigraph", "oxigraph-2"):
        other = ox.Store(str(store / name))
        other.add(ox.Quad(ox.NamedNode("https://example.org/r"), ox.NamedNode(str(GK.year)), ox.Literal("2020"),
                          ox.NamedNode("https://example.org/r")))
        del other
    with open_store(store) as kg:  # a reader reads the marker's database only, and removes nothing
        assert kg.database == store / "oxigraph-1" and kg.report_count() == 6
    assert databases(store) == ["oxigraph", "oxigraph-1", "oxigraph-2"]
    assert everything(store) == before
    with open_store(store, writable=True) as kg:
        assert kg.report_count() == 6
    assert databases(store) == ["oxigraph-1"]
    # the next staged build makes oxigraph-2 afresh, whatever a leftover of that name held
    wuhan = next(corpus.rglob("wuhan-2022.txt"))
    wuhan.write_text(wuhan.read_text(encoding="utf-8") + "\n市政府印发《测试办法》。\n", encoding="utf-8")
    assert "1 built, 5 unchanged" in cli("build", corpus, "--store", store, "--no-progress").output
    assert databases(store) == ["oxigraph-2"]
    with open_store(store) as kg:
        assert "https://example.org/r" not in {g.value for g in kg.store.named_graphs()}
        assert kg.report_count() == 6


def test_a_store_format_this_govkg_does_not_know_is_refused(tmp_path):
    from govkg.graph.store import StoreError

    store = tmp_path / "kg"
    open_store(store, writable=True).close()
    (store / "govkg-store.json").write_text('{"format": "govkg-store", "version": 2, "database": "../elsewhere"}')
    with pytest.raises(StoreError, match="names no database"):
        open_store(store)
    (store / "govkg-store.json").write_text('{"format": "govkg-store", "version": 3}')
    with pytest.raises(StoreError, match="format 3 is not supported"):
        open_store(store)


def test_a_staged_build_stopped_midway_keeps_the_reports_it_loaded_each_whole(corpus, tmp_path, monkeypatch):
    whole = tmp_path / "whole"
    cli("build", corpus, "--store", whole, "--no-progress")
    clean = snapshot(whole)

    class Stop(Exception):
        pass

    seen = []

    def stop_after_two_built(result):
        seen.append(result)
        if [r.status for r in seen].count("built") == 2:
            raise Stop

    stage_everything(monkeypatch, segment=10**9)  # no switch before the stop
    with open_store(tmp_path / "kg", writable=True) as kg:
        with pytest.raises(Stop):
            build_reports(kg, [corpus], on_result=stop_after_two_built)
    left = snapshot(tmp_path / "kg")
    built = {r.report for r in seen if r.status == "built"}
    # the reports handed on are stored, each whole; at most the rest of their batch with them
    assert len(built) == 2 and built <= set(left) and left.items() <= clean.items() and len(left) < 6
    assert len(databases(tmp_path / "kg")) == 1


def _all_quads(store) -> frozenset:
    with open_store(store) as kg:
        return frozenset(str(q) for q in kg.store)


@pytest.mark.parametrize("derived", ["follow-through", "target-results"])
def test_a_derivation_stopped_after_dropping_its_graph_is_made_again_by_the_next_build(tmp_path, derived):
    # A derivation from nothing drops its graph (its records of pending reports with it) before it makes it
    # again: a build killed in between left no record, and the next build found nothing to do (it made the
    # derived answers from no pairs). The missing model stamp now says a derivation must run.
    from govkg.graph.shared import DERIVED_PREFIX

    store = tmp_path / "kg"
    assert cli("build", DATA, "--store", store, "--no-progress").exit_code == 0
    clean = _all_quads(store)
    with open_store(store, writable=True) as kg:
        kg.store.update(f"DROP GRAPH <{DERIVED_PREFIX}{derived}>")
    assert _all_quads(store) != clean
    again = cli("build", DATA, "--store", store, "--no-progress")
    assert again.exit_code == 0 and "6 unchanged" in again.output
    assert _all_quads(store) == clean
