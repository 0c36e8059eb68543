"""A real `govkg serve` in a process of its own, for the tests that talk to it over HTTP."""

from __future__ import annotations

import contextlib
import json
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_CODE = ("import json, sys\nfrom govkg.server import serve\n"
         "serve(sys.argv[1], port=0, on_ready=lambda url: print(url, flush=True), **json.loads(sys.argv[2]))")


@contextlib.contextmanager
def served(store: Path, log: Path, *, must_stop: bool = False,
           **options) -> Iterator[tuple[str, subprocess.Popen]]:
    """`serve` on a free port of 127.0.0.1; yields (URL, process); stops it with SIGTERM.

    With ``must_stop``, a server that does not end on SIGTERM fails the test.
    """
    with open(log, "wb") as err:
        process = subprocess.Popen([sys.executable, "-c", _CODE, str(store), json.dumps(options)],
                                   stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 90)
        url = process.stdout.readline().strip() if ready else ""
        if not url:
            process.kill()
            process.wait(10)
            pytest.fail(f"the server did not start: {log.read_text(errors='replace')}")
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
            if must_stop:
                pytest.fail("the server did not stop on SIGTERM")
        process.stdout.close()
