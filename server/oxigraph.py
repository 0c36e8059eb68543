"""The Oxigraph server process behind the endpoint, and the sockets the endpoint listens on.

`OxigraphServer` runs the ``oxigraph`` program (the PyPI package of that name, written in Rust) over the
store's database on a private port of 127.0.0.1, read-only unless writable; it answers SPARQL Update, the
Graph Store HTTP Protocol and YASGUI, which the public app passes to it.  It dies with this process, even
when this one is killed.
"""

from __future__ import annotations

import ctypes
import errno
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from .protocol import ServeError

__all__ = ["OxigraphServer", "listen", "server_url"]


class OxigraphServer:
    """The Oxigraph server on a private port of 127.0.0.1, over the store's database."""

    def __init__(self, db: Path, *, writable: bool, timeout: float) -> None:
        self.db = db
        self.writable = writable
        # Whole seconds only; a second later than ours, so that our clear answer comes first.
        self.timeout_s = math.ceil(timeout) + 1
        self.process: subprocess.Popen | None = None
        self.url = ""
        self._log = None

    def start(self) -> None:
        program = oxigraph_program()
        for _attempt in range(3):
            port = _free_port()
            self._log = tempfile.TemporaryFile()
            command = [program, "serve" if self.writable else "serve-read-only", "--location", str(self.db),
                       "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(self.timeout_s)]
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                                            preexec_fn=_die_with_parent)
            if _wait_for_port(self.process, port, 60):
                self.url = f"http://127.0.0.1:{port}"
                return
            message = self._message()
            self.stop()
            if "in use" not in message.lower():  # another process took the port meanwhile: try another
                raise ServeError(f"{self.db}: the Oxigraph server did not start: {message}")
        raise ServeError(f"{self.db}: the Oxigraph server found no free private port")

    def _message(self) -> str:
        self._log.seek(0)
        lines = [line.strip() for line in self._log.read().decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else f"exit status {self.process.poll()}"

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(10)
            self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None




def oxigraph_program() -> str:
    for folder in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable), None):
        found = shutil.which("oxigraph", path=folder)
        if found:
            return found
    raise ServeError("the Oxigraph server is not installed (pip install oxigraph)")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Have Linux stop the child when this process dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_for_port(process: subprocess.Popen, port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)
    return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on `host`:`port` (0: a free port), taken before anything starts, so that a port in use
    fails first."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise ServeError(f"{host}: cannot listen there: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    # As uvicorn does: a port left in TIME_WAIT is taken, one another server listens on is not.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"{host}:{port} is in use; choose another --port (0 takes a free one)") from None
        raise ServeError(f"{host}:{port}: cannot listen: {exc.strerror}") from None
    return sock


def server_url(host: str, port: int) -> str:
    """The URL of a server listening on `host`:`port` (an IPv6 address in brackets).

    Examples
    --------
    >>> server_url("::1", 7878), server_url("127.0.0.1", 7878)
    ('http://[::1]:7878/', 'http://127.0.0.1:7878/')
    """
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
