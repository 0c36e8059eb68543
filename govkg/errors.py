"""Errors raised by govkg.

Every error the library raises on purpose derives from `GovkgError`, so a
caller (the CLI, say) can catch that one class and print ``str(error)``: a
short, one-line, factual message. Each area gets one subclass.
"""

from __future__ import annotations

import os

__all__ = ["GovkgError", "InputError"]


class GovkgError(Exception):
    """Base class of the errors govkg raises; ``str()`` is a one-line message."""


class InputError(GovkgError):
    """An input file that cannot be read as a report.

    Parameters
    ----------
    path : str or os.PathLike
        The file (or, for bytes read elsewhere, the name given for them).
    reason : str
        What is wrong with it, in a few words.

    Attributes
    ----------
    path : str
        `path` as a string.
    reason : str
        The reason given.

    Examples
    --------
    >>> str(InputError("report.txt", "file is empty"))
    'report.txt: file is empty'
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        # Both values go to Exception.args, so the error pickles and copies.
        super().__init__(os.fspath(path), reason)
        self.path: str = os.fspath(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
