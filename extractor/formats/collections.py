"""Collections of reports: one report a row of a CSV or XLSX export, or a line of JSON Lines.

Researchers get reports in bulk as a table: the full text in one column and
what is known of the report in others (province or county, year, title,
source address, publication date). `read_collection` reads such a file into
one `Document` a row, each with a source of its own (``FILE#row=N``: the row
number a spreadsheet shows, the header being row 1; ``FILE#line=N`` for JSON
Lines) and the row's other columns as its metadata (`Document.hints`).

Columns are told by their names (`detect_columns`: ``full_text``,
``报告全文``, ``content`` ... for the text) unless the caller names them
(`Columns`). A row goes wrong on its own: a row without text is skipped, a
line that is not JSON, a cell of the wrong type or a row of undecodable
bytes is a problem naming the file and the row, and the other rows are read
all the same. A file without a text column, a workbook that cannot be
opened or a file in no known encoding is one problem naming the file.

Rows that are not reports are skipped with the reason: the resolution
(决议) a people's congress adopts on a report is published beside it, with
the report's name in its own title (关于政府工作报告的决议).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import InputError

from ..reading import Document, decode_report
from .chinese import simplify

__all__ = ["COLLECTION_SUFFIXES", "Columns", "Row", "Collection", "detect_columns", "is_collection",
           "read_collection", "count_rows"]

COLLECTION_SUFFIXES = (".csv", ".xlsx", ".jsonl", ".ndjson")

# Column names, compared after NFKC, lower case and without spaces and
# underscores; the first name found in a header wins. Where a table has
# several place columns, the smallest area comes first: a county's report is
# filed under its county, within its city and province.
_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("full_text", "报告全文", "全文", "content", "text", "正文", "body", "内容"),
    "title": ("title", "报告标题", "标题", "文件标题", "题目", "headline"),
    "place": ("place", "jurisdiction", "county", "区县名称", "区县", "district", "city", "城市名称", "城市",
              "地区", "地区名称", "region", "province", "省份", "省份名称", "省"),
    "year": ("year", "年份", "年度", "报告年份"),
    "url": ("source_url", "url", "来源url", "link", "链接", "网址", "来源"),
    "published": ("publish_date", "published", "publication_date", "发布时间", "发布日期", "发文时间", "日期", "date"),
}
# Columns that say where a report is from, kept as metadata under these keys
# beside the place column (the extractor may use them where the text says nothing).
_WHERE: dict[str, tuple[str, ...]] = {
    "county_code": ("区县代码", "county_code", "行政区划代码", "区划代码", "division_code", "code"),
    "county": ("county", "区县名称", "区县", "district"),
    "city": ("所属城市", "city", "城市", "城市名称", "所属地市", "地市"),
    "province": ("所属省份", "province", "省份", "省份名称", "省"),
    "level": ("地区等级", "level", "行政级别"),
}
_ROLES = tuple(_NAMES)
# A resolution adopted on a report (…关于政府工作报告的决议) is published beside
# it; its title ends in the document kind 决议.
_RESOLUTION = re.compile(r"决议[\s”\"》」』)）]*$")
# The xlsx exports keep line breaks as the two characters backslash-r backslash-n.
_ESCAPED_BREAK = re.compile(r"\\r\\n|\\n|\\r")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class Columns:
    """Which column holds what: the text, and the report's title, place, year, address and date.

    Any left as None is found by its name (`detect_columns`).
    """

    text: str | None = None
    title: str | None = None
    place: str | None = None
    year: str | None = None
    url: str | None = None
    published: str | None = None
    # Columns saying where the report is from, by metadata key (county_code, city, province ...).
    where: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """``text=full_text, title=title, ...``: the columns used, for people.

        Examples
        --------
        >>> Columns(text="content", year="year").describe()
        'text=content, year=year'
        """
        used = [(role, getattr(self, role)) for role in _ROLES if getattr(self, role)]
        used += list(self.where)
        return ", ".join(f"{key}={column}" for key, column in used)


@dataclass(frozen=True)
class Row:
    """One row of a collection: a document to build, or why there is none.

    ``status`` is ``"document"`` (with `document`), ``"skipped"`` (a row
    without text, or not a report) or ``"failed"`` (a problem with the row or
    the whole file); `reason` names the source and says why.
    """

    source: str
    status: str
    document: Document | None = None
    reason: str | None = None


@dataclass
class Collection:
    """A collection file being read: its rows, and the columns used once known."""

    path: str
    columns: Columns | None = None
    rows: Iterator[Row] = field(default_factory=lambda: iter(()))


def is_collection(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is read as a collection (by its extension).

    Examples
    --------
    >>> is_collection("reports.CSV"), is_collection("report.txt")
    (True, False)
    """
    return os.fspath(path).lower().endswith(COLLECTION_SUFFIXES)


def detect_columns(header: Iterable[str], given: Columns | None = None) -> Columns:
    """The columns to read, from the names in `header` and what the caller gave.

    Parameters
    ----------
    header : iterable of str
        The column names (keys, for JSON Lines).
    given : Columns, optional
        Columns named by the caller; they are used as given.

    Returns
    -------
    Columns
        The `given` columns, the others found by name (None where none is).

    Raises
    ------
    ValueError
        If a given column is not in `header`, or no text column is.

    Examples
    --------
    >>> cols = detect_columns(["年份", "区县代码", "区县名称", "所属省份", "报告标题", "报告全文"])
    >>> cols.text, cols.title, cols.place, cols.year
    ('报告全文', '报告标题', '区县名称', '年份')
    >>> cols.where
    (('county_code', '区县代码'), ('county', '区县名称'), ('province', '所属省份'))
    >>> detect_columns(["province", "year", "body_html"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: no text column (looked for full_text, 报告全文, ...; columns: province, year, body_html); name it with ...
    """
    names = [str(name) for name in header if name is not None and str(name).strip()]
    given = given or Columns()
    chosen: dict[str, str | None] = {}
    for role in _ROLES:
        column = getattr(given, role)
        if column is not None and column not in names:
            raise ValueError(f"no column {column!r} (columns: {', '.join(names)})")
        chosen[role] = column or _find(names, _NAMES[role], taken=set(filter(None, chosen.values())))
    if not chosen["text"]:
        looked = ", ".join(_NAMES["text"])
        raise ValueError(f"no text column (looked for {looked}; columns: {', '.join(names)}); "
                         "name it with --text-column")
    where = tuple((key, column) for key, candidates in _WHERE.items()
                  if (column := _find(names, candidates, taken={chosen["text"], chosen["title"]})))
    return Columns(**chosen, where=where)


def _find(names: list[str], candidates: tuple[str, ...], *, taken: set[str]) -> str | None:
    """The first of `candidates` among `names` (compared loosely), not already taken."""
    by_key = {}
    for name in names:
        by_key.setdefault(_key(name), name)
    for candidate in candidates:
        name = by_key.get(_key(candidate))
        if name is not None and name not in taken:
            return name
    return None


def _key(name: str) -> str:
    """A column name compared loosely: NFKC, lower case, no spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-]", "", unicodedata.normalize("NFKC", name)).lower()


def read_collection(path: str | os.PathLike[str], columns: Columns | None = None) -> Collection:
    """Read a collection file: one `Row` per row, each a `Document` or the reason there is none.

    Parameters
    ----------
    path : str or os.PathLike
        A .csv, .xlsx, .jsonl or .ndjson file.
    columns : Columns, optional
        Columns named by the caller; the others are found by name.

    Returns
    -------
    Collection
        ``rows`` is read lazily; ``columns`` is set once the header has been
        read (after the first row is taken), and stays None for a file that
        cannot be read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "reports.csv"
    >>> _ = path.write_text("标题,年份,正文\\n某县政府工作报告,2024,各位代表：现在我代表县人民政府向大会报告工作。\\n"
    ...                     "空行,2023,\\n", encoding="utf-8-sig")
    >>> collection = read_collection(path)
    >>> [(row.source.rsplit("/", 1)[-1], row.status) for row in collection.rows]
    [('reports.csv#row=2', 'document'), ('reports.csv#row=3', 'skipped')]
    >>> collection.columns.describe()
    'text=正文, title=标题, year=年份'
    """
    name = os.fspath(path)
    collection = Collection(name)
    suffix = Path(name).suffix.lower()
    reader = {".csv": _csv_rows, ".xlsx": _xlsx_rows}.get(suffix, _jsonl_rows)
    collection.rows = _guarded(reader(name, columns or Columns(), collection), name)
    return collection


def count_rows(path: str | os.PathLike[str]) -> int:
    """About how many rows a collection holds, cheaply (for progress bars); 1 if it cannot tell."""
    name = os.fspath(path)
    try:
        if name.lower().endswith(".xlsx"):
            from openpyxl import load_workbook

            workbook = load_workbook(name, read_only=True)
            try:
                return max(1, sum(max((sheet.max_row or 1) - 1, 0) for sheet in workbook.worksheets))
            finally:
                workbook.close()
        data = Path(name).read_bytes()
        if name.lower().endswith(".csv"):
            return max(1, sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8", "replace")))) - 1)
        return max(1, sum(1 for line in data.splitlines() if line.strip()))
    except Exception:  # only an estimate: the build itself names what is wrong with the file
        return 1


def _guarded(rows: Iterator[Row], name: str) -> Iterator[Row]:
    """`rows`, with a file-level error turned into one failed Row (a build goes on)."""
    try:
        yield from rows
    except InputError as exc:
        yield Row(name, "failed", reason=str(exc))
    except (ValueError, OSError, KeyError, TypeError, EOFError) as exc:
        # openpyxl and zipfile raise these for a damaged or foreign workbook.
        yield Row(name, "failed", reason=f"{name}: {_first_line(exc)}")


# -- CSV


def _csv_rows(name: str, given: Columns, collection: Collection) -> Iterator[Row]:
    data = _read_bytes(name)
    text = _decode_table(data, name)
    csv.field_size_limit(2**31 - 1)  # a report's text is one field; Python's default is 128 KiB
    records = csv.reader(io.StringIO(text, newline=""))
    header = next(records, None)
    if not header or not any(cell.strip() for cell in header):
        raise InputError(name, "no header row")
    cols = _columns(name, header, given)
    collection.columns = cols
    index = {column: i for i, column in reversed(list(enumerate(header)))}
    for number, record in enumerate(records, start=2):
        source = f"{name}#row={number}"
        if not any(cell.strip() for cell in record):
            continue  # a blank line between records is no row
        if any(_has_bad_bytes(cell) for cell in record):
            yield Row(source, "failed", reason=f"{source}: cannot decode: bytes not in the file's encoding (UTF-8)")
            continue
        values = {column: record[i] if i < len(record) else None for column, i in index.items()}
        yield _row(source, values, cols, "csv")


def _decode_table(data: bytes, name: str) -> str:
    """Decode a CSV file; a UTF-8 file with a few bad bytes keeps them escaped, to be named row by row."""
    try:
        return decode_report(data, name=name)
    except InputError as exc:
        if "cannot decode" not in exc.reason:
            raise
        raw = data.removeprefix(b"\xef\xbb\xbf")
        text = raw.decode("utf-8", errors="surrogateescape")
        bad = sum(1 for c in text if "\udc80" <= c <= "\udcff")
        wide = sum(1 for c in text if ord(c) > 0x7F) or 1
        # Mostly UTF-8 with some rows in another encoding: those rows fail, the rest are read.
        if bad / wide > 0.2:
            raise
        return text.replace("\r\n", "\n").replace("\r", "\n")


def _has_bad_bytes(cell: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in cell)


# -- XLSX


def _xlsx_rows(name: str, given: Columns, collection: Collection) -> Iterator[Row]:
    from openpyxl import load_workbook

    _read_bytes(name)  # a missing or unreadable file is named as such, not as a bad workbook
    try:
        workbook = load_workbook(name, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise InputError(name, f"not a readable XLSX workbook: {_first_line(exc)}") from None
    try:
        sheets = workbook.worksheets
        found = False
        problems = []
        for sheet in sheets:
            prefix = f"{name}#sheet={sheet.title}," if len(sheets) > 1 else f"{name}#"
            rows = sheet.iter_rows(values_only=True)
            try:
                header = next(rows, None)
            except Exception as exc:
                problems.append(f"{prefix.rstrip(',#')}: unreadable sheet: {_first_line(exc)}")
                continue
            header = [None if cell is None else str(cell).strip() for cell in header or ()]
            try:
                cols = detect_columns(header, given)
            except ValueError as exc:
                problems.append(f"{prefix.rstrip(',#')}: {exc}")
                continue
            found = True
            collection.columns = collection.columns or cols
            yield from _sheet_rows(name, prefix, header, rows, cols)
        if not found:
            raise InputError(name, "; ".join(problems) if len(sheets) > 1 else problems[0].split(": ", 1)[1])
        for problem in problems:  # a notes sheet beside the data is named, not fatal
            yield Row(problem.split(": ", 1)[0], "skipped", reason=problem)
    finally:
        workbook.close()


def _sheet_rows(name: str, prefix: str, header: list, rows: Iterator[tuple], cols: Columns) -> Iterator[Row]:
    number = 1
    while True:
        number += 1
        source = f"{prefix}row={number}"
        try:
            record = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # a damaged sheet: name the row where reading stopped
            yield Row(source, "failed", reason=f"{source}: unreadable sheet: {_first_line(exc)}")
            return
        if all(cell is None or str(cell).strip() == "" for cell in record):
            continue
        values = {}
        for column, cell in zip(header, record):
            if column is not None:
                values.setdefault(column, cell)
        yield _row(source, values, cols, "xlsx")


# -- JSON Lines


def _jsonl_rows(name: str, given: Columns, collection: Collection) -> Iterator[Row]:
    data = _read_bytes(name)
    text = decode_report(data, name=name)
    cols = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{name}#line={number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Row(source, "failed", reason=f"{source}: not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield Row(source, "failed", reason=f"{source}: a JSON {_json_type(record)}, not an object")
            continue
        if cols is None:
            cols = _columns(name, list(record), given)
            collection.columns = cols
        yield _row(source, record, cols, "jsonl")
    if cols is None:
        raise InputError(name, "no JSON object in the file")


def _json_type(value: object) -> str:
    return {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}.get(
        type(value), "null" if value is None else type(value).__name__)


# -- one row


def _row(source: str, values: dict, cols: Columns, kind: str) -> Row:
    """The Row for one record: a Document, or why there is none."""
    raw = values.get(cols.text)
    if raw is not None and not isinstance(raw, str):
        what = _json_type(raw) if kind == "jsonl" else type(raw).__name__
        return Row(source, "failed", reason=f"{source}: {cols.text} is a {what}, not text")
    if cols.text not in values:  # a JSON object without the key the others have
        return Row(source, "failed", reason=f"{source}: no {cols.text!r} in this row")
    if raw is None or not raw.strip():
        return Row(source, "skipped", reason=f"{source}: no text in {cols.text}")
    original = _text(raw)
    meta = {role: _cell(values.get(getattr(cols, role))) for role in ("title", "place", "year", "url", "published")}
    meta["year"] = _year(meta["year"])
    published = _date(meta["published"])
    meta["published"] = published or meta["published"]
    meta.update((key, _cell(values.get(column))) for key, column in cols.where)
    title = meta["title"] and simplify(meta["title"])
    if _is_resolution(title or _first_line_of(original)):
        return Row(source, "skipped", reason=f"{source}: a resolution (决议) on a report, not a report")
    metadata = tuple((key, simplify(value)) for key, value in meta.items() if value)
    document = Document(text=simplify(original), original=original, source=source, format=kind,
                        title=title, published=published, metadata=metadata)
    return Row(source, "document", document)


def _text(raw: str) -> str:
    """The cell's text with newlines normalised; escaped line breaks become real ones where there are none."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    if "\n" not in text.strip():
        text = _ESCAPED_BREAK.sub("\n", text)
    return text


def _cell(value: object) -> str | None:
    """A metadata cell as a string: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _year(value: str | None) -> str | None:
    match = _YEAR.search(value or "")
    return match.group(1) if match else None


def _date(value: str | None) -> str | None:
    match = _DATE.search(value or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _is_resolution(title: str) -> bool:
    """Whether a title names a resolution (…的决议), not a report.

    Examples
    --------
    >>> _is_resolution("第十四届全国人民代表大会第三次会议关于政府工作报告的决议")
    True
    >>> _is_resolution("2025年政府工作报告")
    False
    """
    return bool(_RESOLUTION.search(title.strip()))


def _first_line_of(text: str) -> str:
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def _columns(name: str, header: list, given: Columns) -> Columns:
    try:
        return detect_columns(header, given)
    except ValueError as exc:
        raise InputError(name, str(exc)) from None


def _read_bytes(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise InputError(name, "file not found") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file: {exc.strerror or exc}") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]

