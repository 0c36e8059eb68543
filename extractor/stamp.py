"""The extractor's stamp: which version of govkg's rules made a report's graph.

A build skips a report whose text it already holds (gk:contentHash), but only
when the stored graph was made by these same rules (gk:extractorStamp): after
an upgrade that changes how reports are read, every report is read again, so
that a store never mixes what older rules made with what new questions expect
(actions-feeding-goal reads gk:goalDepth, which older graphs lack).

The stamp is a digest of the extractor's code and its bundled pattern files.
A user's own pattern files or pipeline are not part of it: rebuilding with
those takes ``govkg build --force``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__all__ = ["extractor_stamp"]

_ROOT = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def extractor_stamp() -> str:
    """``extractor-`` and 16 hex digits of the digest of the extractor's files.

    Examples
    --------
    >>> stamp = extractor_stamp()
    >>> stamp.startswith("extractor-") and len(stamp) == len("extractor-") + 16
    True
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in _ROOT.rglob("*") if p.suffix in (".py", ".jsonl") and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_ROOT).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return "extractor-" + digest.hexdigest()[:16]
