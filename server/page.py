"""The query page that ``/`` answers: self-contained HTML (``page.html``) that lists the library and runs its
questions, and your own SPARQL, against this server; inline script, fetching nothing but this server."""

from __future__ import annotations

import json
from importlib.resources import files

from .library import library_entries
from .protocol import DEFAULT_TIMEOUT

__all__ = ["query_page", "PAGE_POLICY"]

PAGE = "page.html"
# The page's Content-Security-Policy: its own inline script and style, requests to this server only.
PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
               "img-src data:; base-uri 'none'; form-action 'none'")


def query_page(*, writable: bool = False, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The query page: self-contained HTML that lists the library and runs questions against this server.

    Examples
    --------
    >>> page = query_page()
    >>> page.startswith("<!DOCTYPE html>") and "agencies-ranked" in page
    True
    """
    data = {"library": library_entries(), "writable": writable, "timeout": timeout}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script>, < > & occur only in JSON strings: escape them there, so no text can end the block.
    block = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = files(__package__).joinpath(PAGE).read_text(encoding="utf-8")
    return template.replace("{{DATA}}", block)
