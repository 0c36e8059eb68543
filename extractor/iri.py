"""Deterministic, meaningful IRIs for what the extractor finds.

Names stay readable: Chinese characters are legal IRI characters and are
kept; characters that IRIs reserve or forbid are percent-encoded, so a name
never spills into another path segment.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from rdflib import URIRef

from ..ontology.namespace import ID

__all__ = ["segment", "make_iri", "source_path"]

_SAFE = re.compile(r"[\w\u3400-\u9fff\uf900-\ufaff\-.~（）·]")


def segment(name: str) -> str:
    """One path segment: keep letters, digits and CJK; percent-encode the rest.

    Examples
    --------
    >>> segment("南阳市司法局"), segment("1+3+N"), segment("a/b c")
    ('南阳市司法局', '1%2B3%2BN', 'a%2Fb%20c')
    """
    return "".join(c if _SAFE.fullmatch(c) else quote(c, safe="") for c in name)


def make_iri(kind: str, *parts: str) -> URIRef:
    """``https://w3id.org/govkg/id/{kind}/{part}/...``"""
    return URIRef(str(ID) + "/".join([kind, *(segment(p) for p in parts)]))


def source_path(source: str) -> str:
    """The whole source as gk:sourcePath records it: the file's absolute path and any row.

    Examples
    --------
    >>> import os
    >>> source_path("/data/reports.csv#row=3"), source_path("a.txt") == os.path.join(os.getcwd(), "a.txt")
    ('/data/reports.csv#row=3', True)
    """
    path, row = re.fullmatch(r"(.*?)(#(?:sheet=.*,)?(?:row|line)=\d+)?", source, re.S).groups()
    return os.path.abspath(path) + (row or "")
