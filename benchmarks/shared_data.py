"""Where the benchmarks find the shared data: ``$GOVKG_SHARED``, else ``../shared`` beside the checkout.

The full-length reports are never copied into the repository; the measurement scripts read them from
there (``REPORTS``), wherever the checkout sits.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GOVKG_SHARED") or REPO.parent / "shared")
REPORTS = SHARED / "reports"
