"""Collections: CSV, XLSX and JSON Lines files of one report a row, read into Documents."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from govkg.extractor.formats.collections import Columns, detect_columns, read_collection

REPORT = "各位代表：\n现在，我代表县人民政府向大会报告工作，请予审议。\n一、过去一年工作回顾\n全县地区生产总值增长百分之六。"
OTHER = "各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、二〇二三年工作回顾\n新增市场主体一万户。"


def rows_of(path, columns=None):
    collection = read_collection(path, columns)
    return collection, list(collection.rows)


def write_csv(path, lines, encoding="utf-8-sig"):
    import csv
    import io

    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(lines)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


# -- CSV


def test_csv_rows_become_documents_with_their_own_sources_and_metadata(tmp_path):
    path = write_csv(tmp_path / "reports.csv", [
        ["province", "year", "title", "source_url", "publish_date", "full_text"],
        ["河北省", "2026", "2026年河北省政府工作报告", "https://example.org/1", "2026-02-02", REPORT],
        ["山东省", "2025", "2025年山东省政府工作报告", "https://example.org/2", "2025/1/20", OTHER],
    ])
    collection, rows = rows_of(path)
    assert [r.status for r in rows] == ["document", "document"]
    assert [r.source for r in rows] == [f"{path}#row=2", f"{path}#row=3"]
    first, second = (r.document for r in rows)
    assert first.text == REPORT and first.source == f"{path}#row=2" and first.format == "csv"
    assert first.title == "2026年河北省政府工作报告" and first.published == "2026-02-02"
    assert first.hints() == {"title": "2026年河北省政府工作报告", "published": "2026-02-02", "place": "河北省",
                             "year": "2026", "url": "https://example.org/1", "province": "河北省"}
    assert second.published == "2025-01-20" and dict(second.metadata)["place"] == "山东省"
    assert collection.columns.describe() == ("text=full_text, title=title, place=province, year=year, "
                                             "url=source_url, published=publish_date, province=province")


def test_a_gbk_csv_is_decoded_and_its_traditional_text_simplified(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", [["标题", "正文"], ["某县政府工作报告", REPORT]], encoding="gbk")
    big5 = write_csv(tmp_path / "big5.csv", [["標題", "正文"], ["某縣政府工作報告", "各位代表：現在我代表縣人民政府向大會報告工作。"]],
                     encoding="big5")
    assert rows_of(path)[1][0].document.text == REPORT
    document = rows_of(big5)[1][0].document
    assert document.original == "各位代表：現在我代表縣人民政府向大會報告工作。"
    assert document.text == "各位代表：现在我代表县人民政府向大会报告工作。"


def test_explicit_columns_override_detection(tmp_path):
    path = write_csv(tmp_path / "odd.csv", [["全文", "备注", "地方", "时间"], ["短文", REPORT, "唐县", "2021"]])
    _, detected = rows_of(path)
    assert detected[0].document.text == "短文"  # 全文 is found by name ...
    _, rows = rows_of(path, Columns(text="备注", place="地方", year="时间"))
    document = rows[0].document
    assert document.text == REPORT  # ... but the caller said the text is in 备注
    assert dict(document.metadata)["place"] == "唐县" and dict(document.metadata)["year"] == "2021"


def test_rows_without_text_are_skipped_and_named(tmp_path):
    path = write_csv(tmp_path / "gaps.csv", [["title", "text"], ["甲", REPORT], ["乙", ""], ["丙", "  \n "], ["丁", OTHER]])
    _, rows = rows_of(path)
    assert [(r.source.rsplit("#", 1)[1], r.status) for r in rows] == [
        ("row=2", "document"), ("row=3", "skipped"), ("row=4", "skipped"), ("row=5", "document")]
    assert rows[1].reason == f"{path}#row=3: no text in text"


def test_a_missing_text_column_is_one_problem_naming_the_file(tmp_path):
    path = write_csv(tmp_path / "meta.csv", [["province", "year", "body_html"], ["河北省", "2026", REPORT]])
    collection, rows = rows_of(path)
    assert len(rows) == 1 and rows[0].status == "failed" and collection.columns is None
    assert rows[0].reason.startswith(f"{path}: no text column") and "body_html" in rows[0].reason
    _, rows = rows_of(path, Columns(text="正文"))
    assert rows[0].status == "failed" and "no column '正文'" in rows[0].reason


def test_a_wrong_encoding_is_named(tmp_path):
    path = tmp_path / "sjis.csv"
    path.write_bytes("タイトル,本文\nテスト,ｶﾀｶﾅの本文です\n".encode("shift_jis") + bytes(range(0x80, 0xA0)) * 3)
    _, rows = rows_of(path)
    assert len(rows) == 1 and rows[0].status == "failed"
    assert rows[0].reason.startswith(f"{path}: cannot decode")


def test_a_row_in_another_encoding_is_named_and_the_others_read(tmp_path):
    good = "title,text\n甲," + REPORT.replace("\n", " ") + "\n"
    bad = "乙,".encode("utf-8") + "现在我代表县人民政府向大会报告工作".encode("gbk") + b"\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(good.encode("utf-8") + bad + ("丙," + OTHER.replace("\n", " ") + "\n").encode("utf-8"))
    _, rows = rows_of(path)
    assert [r.status for r in rows] == ["document", "failed", "document"]
    assert rows[1].reason.startswith(f"{path}#row=3: cannot decode")


# -- JSON Lines


def test_a_broken_json_line_is_named_with_its_line_and_the_others_read(tmp_path):
    path = tmp_path / "reports.jsonl"
    lines = [json.dumps({"title": "甲县2023年政府工作报告", "content": REPORT, "year": "2023", "url": "u1"}, ensure_ascii=False),
             '{"title": "乙", "content": "各位代表',
             "",
             json.dumps(["not", "an", "object"]),
             json.dumps({"title": "丙", "content": 42, "year": "2022"}, ensure_ascii=False),
             json.dumps({"title": "丁", "year": "2022"}, ensure_ascii=False),
             json.dumps({"title": "戊市2022年政府工作报告", "content": OTHER, "year": None}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    collection, rows = rows_of(path)
    assert [(r.source.rsplit("#", 1)[1], r.status) for r in rows] == [
        ("line=1", "document"), ("line=2", "failed"), ("line=4", "failed"), ("line=5", "failed"),
        ("line=6", "failed"), ("line=7", "document")]
    assert rows[1].reason.startswith(f"{path}#line=2: not valid JSON")
    assert rows[2].reason == f"{path}#line=4: a JSON array, not an object"
    assert rows[3].reason == f"{path}#line=5: content is a number, not text"
    assert rows[4].reason == f"{path}#line=6: no 'content' in this row"
    assert rows[0].document.hints() == {"title": "甲县2023年政府工作报告", "year": "2023", "url": "u1"}
    assert "year" not in dict(rows[5].document.metadata)  # null is no year
    assert collection.columns.describe() == "text=content, title=title, year=year, url=url"


def test_a_resolution_on_the_report_is_skipped_as_not_a_report(tmp_path):
    resolution = "第十届全国人民代表大会第五次会议听取和审议了国务院总理所作的政府工作报告。会议同意这个报告。"
    path = tmp_path / "npc.jsonl"
    path.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in [
        {"title": "第十届全国人民代表大会第五次会议关于政府工作报告的决议", "content": resolution, "year": None},
        {"title": "2007年政府工作报告", "content": REPORT, "year": "2007"},
        # Without a title, the text's own first line says what it is.
        {"content": "某市第十五届人民代表大会第三次会议关于政府工作报告的决议\n" + resolution, "year": None},
    ]), encoding="utf-8")
    _, rows = rows_of(path)
    assert [r.status for r in rows] == ["skipped", "document", "skipped"]
    assert rows[0].reason == f"{path}#line=1: a resolution (决议) on a report, not a report"


# -- XLSX


def write_xlsx(path, sheets):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


XLSX_HEADER = ["年份", "地区等级", "区县代码", "区县名称", "所属城市", "所属省份", "报告标题", "报告全文", "文本总长度(字)"]


def test_xlsx_rows_with_escaped_line_breaks_and_where_columns(tmp_path):
    escaped = REPORT.replace("\n", "\\r\\n")
    path = write_xlsx(tmp_path / "counties.xlsx", {"Sheet1": [
        XLSX_HEADER,
        [2020, "区县级", "130607", "满城", "保定", "河北", "保定市满城区2020年政府工作报告", escaped, 17769],
        [2021, "区县级", 130627, "唐县", "保定", "河北", "高唐县2021年政府工作报告", None, None],
        [None] * 9,
        [2022.0, "区县级", "130627", "唐县", "保定", "河北", "2022年唐县政府工作报告", "第一行\\r\\n" + OTHER, 100],
    ]})
    collection, rows = rows_of(path)
    assert [(r.source, r.status) for r in rows] == [
        (f"{path}#row=2", "document"), (f"{path}#row=3", "skipped"), (f"{path}#row=5", "document")]
    first = rows[0].document
    assert first.text == REPORT and "\\r\\n" not in first.text
    assert first.format == "xlsx" and first.title == "保定市满城区2020年政府工作报告"
    assert dict(first.metadata) == {"title": "保定市满城区2020年政府工作报告", "place": "满城", "year": "2020",
                                    "county_code": "130607", "county": "满城", "city": "保定", "province": "河北",
                                    "level": "区县级"}
    # Real line breaks already there: the escaped ones are text, left as they are.
    assert rows[2].document.text == "第一行\\r\\n" + OTHER and dict(rows[2].document.metadata)["year"] == "2022"
    assert rows[1].reason == f"{path}#row=3: no text in 报告全文"
    assert collection.columns.place == "区县名称" and collection.columns.text == "报告全文"


def test_xlsx_dates_are_publication_dates_and_every_sheet_is_read(tmp_path):
    path = write_xlsx(tmp_path / "two.xlsx", {
        "2023": [["标题", "正文", "发布时间"], ["甲", REPORT, dt.datetime(2023, 3, 5, 9, 30)]],
        "说明": [["字段", "含义"], ["正文", "报告全文"]],
    })
    _, rows = rows_of(path)
    assert [(r.source, r.status) for r in rows] == [(f"{path}#sheet=2023,row=2", "document"),
                                                    (f"{path}#sheet=说明", "skipped")]
    assert rows[0].document.published == "2023-03-05"
    assert "no text column" in rows[1].reason


def test_an_unreadable_workbook_is_named(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is no workbook")
    _, rows = rows_of(path)
    assert len(rows) == 1 and rows[0].status == "failed"
    assert rows[0].reason.startswith(f"{path}: not a readable XLSX workbook")


def test_a_workbook_without_a_text_column_is_named(tmp_path):
    path = write_xlsx(tmp_path / "meta.xlsx", {"Sheet1": [["年份", "区县名称"], [2020, "满城"]]})
    _, rows = rows_of(path)
    assert len(rows) == 1 and rows[0].status == "failed"
    assert rows[0].reason.startswith(f"{path}: no text column") and "区县名称" in rows[0].reason


@pytest.mark.parametrize("header, expected", [
    (["id", "Full_Text", "Title", "Year"], ("Full_Text", "Title", None, "Year")),
    (["正文", "标题", "地区", "年度"], ("正文", "标题", "地区", "年度")),
    (["content", "city", "province"], ("content", None, "city", None)),
])
def test_columns_are_detected_by_common_names(header, expected):
    cols = detect_columns(header)
    assert (cols.text, cols.title, cols.place, cols.year) == expected
