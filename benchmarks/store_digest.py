"""Digests of a whole store, to tell whether two builds made the same one: every quad and every text index row.

Prints one line per part: the quads of the report graphs, of the shared graph, of the stored answers
(the text index stamps among them), of the follow-through and target-pair graphs, and of all graphs
together (each line of ``Store.dump`` as N-Quads, sorted, hashed), then each text index table
(``docs`` without its ids, ``entries``, ``shared_kinds``, ``described``, rows sorted) and the
full-text index's own check. Equal lines for two stores: the same store. Opens the store read-only.

    .venv/bin/python benchmarks/store_digest.py /tmp/a > /tmp/a.digest
    .venv/bin/python benchmarks/store_digest.py /tmp/b > /tmp/b.digest && diff /tmp/a.digest /tmp/b.digest
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
from pathlib import Path

import pyoxigraph as ox


def _part(graph: str) -> str:
    from govkg.graph.shared import ANSWERS_PREFIX, DERIVED_PREFIX, SHARED_GRAPH

    if graph == SHARED_GRAPH:
        return "shared"
    if graph.startswith(ANSWERS_PREFIX):
        return "answers"
    if graph.startswith(DERIVED_PREFIX):
        return "derived " + graph[len(DERIVED_PREFIX):]
    return "reports"


def quad_digests(store: ox.Store) -> dict[str, tuple[int, str]]:
    """Part → (quads, digest of its sorted N-Quads lines); "all" for every quad."""
    lines: dict[str, list[bytes]] = {}
    for line in store.dump(format=ox.RdfFormat.N_QUADS).splitlines():
        graph = line.rsplit(b" ", 2)[1].decode("utf-8") if line.endswith(b"> .") else ""
        lines.setdefault(_part(graph[1:-1]) if graph.startswith("<") else "default", []).append(line)
        lines.setdefault("all", []).append(line)
    return {part: (len(rows), hashlib.sha256(b"\n".join(sorted(rows))).hexdigest()[:16])
            for part, rows in sorted(lines.items())}


_PHRASES = ("人民政府", "法治政府", "高质量发展", "GDP", "百分之")


def index_digests(path: Path) -> dict[str, tuple[int, str]]:
    """Table → (rows, digest of its rows sorted); entries by their document's report and stamp, not ids."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    queries = {
        "docs": "SELECT report, stamp, last - first FROM docs",
        "entries": "SELECT d.report, d.stamp, e.id - d.first, node, field, value, lang, shared, kinds "
                   "FROM entries e JOIN docs d ON e.doc = d.id",
        "shared_kinds": "SELECT d.stamp, node, kind FROM shared_kinds s JOIN docs d ON s.doc = d.id",
        "described": "SELECT d.stamp, node FROM described s JOIN docs d ON s.doc = d.id",
    }
    out = {}
    for table, query in queries.items():
        rows = sorted(repr(row) for row in db.execute(query))
        out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16])
    # the full-text index: which rows a few phrases find (each row by its report and place in its document)
    for text in _PHRASES:
        rows = sorted(repr(row) for row in db.execute(
            "SELECT d.report, e.id - d.first FROM entries e JOIN docs d ON e.doc = d.id WHERE e.id IN "
            "(SELECT rowid FROM entries_text WHERE entries_text MATCH ?)", (f'"{text}"',)))
        out[f"matching {text}"] = (len(rows), hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    args = ap.parse_args()
    from govkg.graph.store import open_store
    from govkg.graph.textindex import INDEX_FILE

    with open_store(args.store) as kg:
        for part, (n, digest) in quad_digests(kg.store).items():
            print(f"quads {part:40} {n:9} {digest}")
    for table, (n, digest) in index_digests(Path(args.store) / INDEX_FILE).items():
        print(f"index {table:40} {n:9} {digest}")


if __name__ == "__main__":
    main()
