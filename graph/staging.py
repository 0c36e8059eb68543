"""Which database directory a store reads, and the private copy a large build writes before switching to it.

A store directory holds its Oxigraph database in ``oxigraph/``, or in the
directory its marker file names (``govkg-store.json``: ``"database":
"oxigraph-3"``). A build that writes many reports does not write them into
that database one transaction at a time: it makes a *staging* database beside
it (`begin`: a RocksDB checkpoint of the live one, hard links to its files,
or an empty database), writes the reports there with Oxigraph's bulk loader
in batches of a few megabytes (memory stays flat: the bulk loader holds a
batch, not the corpus), and then makes it the store's database in one step
(`switch`): the marker is written to a temporary file, synced and renamed over
the old one, which POSIX makes atomic. A process killed at any moment leaves
the marker naming either the old database (the staging one is a leftover) or
the new one (the old one is); either is whole, so every report is old or new.
Leftovers are removed by the next writer (`remove_leftovers`) and never read:
readers open the directory the marker names, after taking the store's lock.

The bulk loader is not transactional (a batch it is killed in is half
written), which is why it only ever writes a database no reader opens and
the marker does not name yet. docs/model.md "The store's writer" gives the
measurements and trade-offs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox

__all__ = ["MARKER", "DATABASE", "read_marker", "database_name", "write_marker", "next_name", "leftovers",
           "remove_leftovers", "begin", "switch"]

MARKER = "govkg-store.json"
#: The database of a store whose marker names none (every store before staged builds, and small ones since).
DATABASE = "oxigraph"
#: The names a store's databases take: oxigraph, then oxigraph-1, oxigraph-2 … one a switch.
_NAME = re.compile(r"oxigraph(?:-([1-9][0-9]*))?")
#: Marker format: 1 names no database (oxigraph/); 2 names it. An older govkg refuses a 2 rather than
#: read (or create) an oxigraph/ that is not the store's database any more.
FORMAT_PLAIN, FORMAT_NAMED = 1, 2


def read_marker(store_dir: str | os.PathLike) -> dict:
    """The marker file's fields."""
    return json.loads((Path(store_dir) / MARKER).read_text(encoding="utf-8"))


def database_name(marker: dict) -> str:
    """The database directory a marker names (``oxigraph`` when it names none).

    Examples
    --------
    >>> database_name({"format": "govkg-store", "version": 1})
    'oxigraph'
    >>> database_name({"format": "govkg-store", "version": 2, "database": "oxigraph-4"})
    'oxigraph-4'
    """
    name = marker.get("database", DATABASE)
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"the marker names no database directory of this store: {name!r}")
    return name


def next_name(current: str) -> str:
    """The name of the database made after ``current``.

    Examples
    --------
    >>> next_name("oxigraph"), next_name("oxigraph-1"), next_name("oxigraph-9")
    ('oxigraph-1', 'oxigraph-2', 'oxigraph-10')
    """
    number = _NAME.fullmatch(current).group(1)
    return f"{DATABASE}-{int(number or 0) + 1}"


def write_marker(store_dir: str | os.PathLike, marker: dict) -> None:
    """Replace the marker file atomically: a temporary file, synced, renamed over it, the directory synced."""
    store_dir = Path(store_dir)
    temporary = store_dir / (MARKER + ".tmp")
    with open(temporary, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(marker) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, store_dir / MARKER)
    _sync_directory(store_dir)


def _sync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def leftovers(store_dir: str | os.PathLike, current: str) -> list[Path]:
    """Database directories of the store that its marker does not name: a staging database a killed build
    left, or the database a switch replaced and did not remove yet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("oxigraph", "oxigraph-2", "oxigraph-3", "notes"):
    ...     (d / name).mkdir()
    >>> [p.name for p in leftovers(d, "oxigraph-2")]
    ['oxigraph', 'oxigraph-3']
    """
    store_dir = Path(store_dir)
    return sorted(p for p in store_dir.iterdir()
                  if p.name != current and _NAME.fullmatch(p.name) and p.is_dir() and not p.is_symlink())


def remove_leftovers(store_dir: str | os.PathLike, current: str) -> list[Path]:
    """Remove `leftovers` (a writer holding the store's lock does); those removed."""
    gone = leftovers(store_dir, current)
    for path in gone:
        shutil.rmtree(path, ignore_errors=True)
    return gone


def begin(live: ox.Store, store_dir: str | os.PathLike, current: str, *, empty: bool = False) -> tuple[str, ox.Store]:
    """Make a staging database beside ``current`` (the live one, ``live`` opened on it): its name and the
    database opened.

    It is a RocksDB checkpoint of the live database (`pyoxigraph.Store.backup`: its files hard-linked, not
    copied, on the same file system), or a new empty database when ``empty`` (the live one holds nothing).
    """
    name = next_name(current)
    path = Path(store_dir) / name
    if path.exists():  # a leftover under the same name
        shutil.rmtree(path)
    if empty:
        return name, ox.Store(str(path))
    live.flush()  # what the live database holds in memory goes into its files, which the checkpoint links
    live.backup(str(path))
    return name, ox.Store(str(path))


def switch(store_dir: str | os.PathLike, marker: dict, name: str, staged: ox.Store) -> dict:
    """Make the staging database ``name`` (``staged`` opened on it) the store's: written to its files, then
    named by the marker in one rename. Returns the new marker's fields."""
    staged.flush()  # everything in files: a reader opening it after a kill finds every write
    new = {**marker, "version": FORMAT_NAMED, "database": name}
    write_marker(store_dir, new)
    return new
