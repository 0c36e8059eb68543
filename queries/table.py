"""The answer to a query, `Rows`, and its forms: records, CSV, JSON, a text table, a DataFrame."""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union

from ..errors import QueryError

__all__ = ["Rows", "Value"]

Value = Union[str, int, float, Decimal, None]


@dataclass
class Rows:
    """The answer to a query: column names and rows of Python values.

    IRIs are ``str``; literals become ``int`` (xsd:integer and its subtypes),
    ``Decimal`` (xsd:decimal), ``float`` (xsd:double, xsd:float), ``bool``
    (xsd:boolean) or ``str`` (everything else, by its lexical form); unbound
    is ``None``.

    Examples
    --------
    >>> rows = Rows(["机关", "n"], [("市政府", 3), ("区司法局", 12)])
    >>> print(rows.to_table())
    机关     |  n
    ---------+---
    市政府   |  3
    区司法局 | 12
    >>> rows.to_json()
    '[{"机关": "市政府", "n": 3}, {"机关": "区司法局", "n": 12}]'
    """

    columns: list[str]
    rows: list[tuple[Value, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def records(self) -> list[dict[str, Value]]:
        """The rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[Value]:
        """The values of one column, in row order."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def to_csv(self) -> str:
        """CSV with a header line; unbound values are empty fields."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        """A JSON list of objects, one per row, with Chinese kept as is."""
        records = [{k: _json_value(v) for k, v in zip(self.columns, row)} for row in self.rows]
        return json.dumps(records, ensure_ascii=False)

    def to_table(self) -> str:
        """A plain text table; wide (CJK) characters count as two columns.

        Numbers are aligned right, everything else left; line breaks inside
        a value are shown as spaces.
        """
        cells = [[_cell(v) for v in row] for row in self.rows]
        widths = [_width(c) for c in self.columns]
        for row in cells:
            widths = [max(w, _width(c)) for w, c in zip(widths, row)]
        numeric = [bool(self.rows) and all(_is_number(row[i]) or row[i] is None for row in self.rows)
                   for i in range(len(self.columns))]

        def line(values: list[str]) -> str:
            parts = [_pad(v, w, right=r) for v, w, r in zip(values, widths, numeric)]
            return " | ".join(parts).rstrip()

        lines = [line(list(self.columns)), "-+-".join("-" * w for w in widths)]
        lines.extend(line(row) for row in cells)
        return "\n".join(lines)

    def to_dataframe(self):
        """A pandas DataFrame of the rows (pandas is imported only here)."""
        if importlib.util.find_spec("pandas") is None:
            raise QueryError("pandas is not installed")
        pandas = importlib.import_module("pandas")
        return pandas.DataFrame.from_records(self.rows, columns=self.columns)


def _json_value(value: Value):
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value


def _is_number(value: Value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _cell(value: Value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).splitlines())


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill
