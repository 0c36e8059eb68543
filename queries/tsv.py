"""Reading SPARQL results in TSV (terms in N-Triples/Turtle syntax) into Python values, fast.

Why by hand: pyoxigraph's parser gives a term object per cell, and turning
400,000 of them into Python values one by one takes seconds; a TSV answer
repeats the same few thousand cells (report IRIs, labels, statuses), so
reading each distinct cell once and splitting lines is ten times faster.
The values are those `govkg.queries.engines` gives for the same terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

__all__ = ["parse_cell", "read_tsv", "sort_key", "XSD"]

XSD = "http://www.w3.org/2001/XMLSchema#"
# Turtle's short forms, which the TSV results format uses for these datatypes
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?\d*\.\d+")
_DOUBLE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def parse_cell(cell: str) -> tuple[str, str, str]:
    """A TSV cell as (kind, lexical form or IRI, datatype or @language); kind is ``iri``, ``blank``,
    ``literal`` or ``unbound``.

    Examples
    --------
    >>> parse_cell('"a\\\\tb"@zh')
    ('literal', 'a\\tb', '@zh')
    >>> parse_cell("12")
    ('literal', '12', 'http://www.w3.org/2001/XMLSchema#integer')
    >>> parse_cell("<urn:x>"), parse_cell("")
    (('iri', 'urn:x', ''), ('unbound', '', ''))
    """
    if not cell:
        return "unbound", "", ""
    if cell[0] == "<":
        return "iri", _unescape(cell[1:-1]), ""
    if cell.startswith("_:"):
        return "blank", cell[2:], ""
    if cell[0] == '"':
        end = _closing_quote(cell)
        lexical, rest = _unescape(cell[1:end]), cell[end + 1:]
        if rest.startswith("^^<"):
            return "literal", lexical, rest[3:-1]
        return "literal", lexical, rest if rest.startswith("@") else XSD + "string"
    if cell in ("true", "false"):
        return "literal", cell, XSD + "boolean"
    for pattern, datatype in ((_INTEGER, "integer"), (_DECIMAL, "decimal"), (_DOUBLE, "double")):
        if pattern.fullmatch(cell):
            return "literal", cell, XSD + datatype
    raise ValueError(f"not a term of SPARQL TSV results: {cell[:80]!r}")


def read_tsv(text: str, value: Callable[[str, str, str], object]) -> tuple[list[str], list[tuple]]:
    """The columns and rows of TSV results, each distinct cell turned once by ``value(kind, lexical, datatype)``.

    Examples
    --------
    >>> read_tsv('?s\\t?n\\n<urn:a>\\t1\\n\\t2\\n', lambda kind, lexical, dt: lexical or None)
    (['s', 'n'], [('urn:a', '1'), (None, '2')])
    """
    header, _, body = text.partition("\n")
    columns = [name[1:] for name in header.split("\t")] if header else []
    seen: dict[str, object] = {}

    def convert(cell: str):
        if cell not in seen:
            seen[cell] = value(*parse_cell(cell))
        return seen[cell]

    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()  # after the last line break
    return columns, [tuple(map(convert, line.split("\t"))) for line in lines]


def sort_key(cell: str) -> tuple:
    """A TSV cell's place in SPARQL's ORDER BY: unbound, blank nodes, IRIs, literals; numbers by value.

    Examples
    --------
    >>> sorted(["10", "9", "", '"a"', "<urn:x>"], key=sort_key)
    ['', '<urn:x>', '9', '10', '"a"']
    """
    kind, lexical, datatype = parse_cell(cell)
    rank = {"unbound": 0, "blank": 1, "iri": 2, "literal": 3}[kind]
    if kind == "literal" and datatype[len(XSD):] in ("integer", "decimal", "double", "float") and datatype.startswith(XSD):
        try:
            number = Decimal(lexical)
        except ArithmeticError:
            number = None
        if number is not None and number.is_finite():
            return (rank, 0, number)
    return (rank, 1, lexical)


def _closing_quote(cell: str) -> int:
    # The last quote of the cell: what may follow the lexical form, a language tag or ^^ and a datatype IRI,
    # holds none (N-Triples: LANGTAG, IRIREF); one scan from the end, where walking the escapes from the
    # start sliced the cell at each quote (a tenth of the time a long answer took to read).
    return cell.rindex('"')


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(1) or m.group(2)
                       else _ECHAR.get(m.group(3), m.group(3)), text)
