"""Errors raised by govkg.

Every error the library raises on purpose derives from `GovkgError`, so a
caller (the CLI, say) can catch that one class and print ``str(error)``: a
short, one-line, factual message. Each area gets one subclass.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

__all__ = ["GovkgError", "InputError", "AnalysisError", "NodeNotFound", "GoalNotFound", "ReportNotFound",
           "MetricNotFound", "InvalidOption", "QueryError"]


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


# Graph analyses (govkg.graph): looking nodes up in a projected graph, and their options.


class AnalysisError(GovkgError):
    """Base class of the errors raised by the graph analyses."""


class NodeNotFound(AnalysisError):
    """No node of the wanted kind has this id or label.

    Parameters
    ----------
    ref : str
        What was looked up.
    kind : str
        The kind wanted (``"Goal"``).
    close : list of str, optional
        Labels of that kind close to `ref`, best first.

    Examples
    --------
    >>> str(GoalNotFound("调整政府职能", "Goal", ["调整优化政府职能"]))
    "no Goal '调整政府职能'; close: '调整优化政府职能'"
    """

    def __init__(self, ref: str, kind: str, close: Iterable[str] = ()) -> None:
        close = list(close)
        super().__init__(ref, kind, close)
        self.ref, self.kind, self.close = ref, kind, close

    def __str__(self) -> str:
        hint = "; close: " + ", ".join(repr(c) for c in self.close) if self.close else ""
        return f"no {self.kind} {self.ref!r}{hint}"


class GoalNotFound(NodeNotFound):
    """No goal has this id or label."""


class ReportNotFound(NodeNotFound):
    """No report has this id, label or year."""


class MetricNotFound(NodeNotFound):
    """No metric label contains this text."""


class InvalidOption(AnalysisError, ValueError):
    """An option outside the values a function accepts."""


# Queries (govkg.queries)


class QueryError(GovkgError):
    """A query that cannot be found, parsed or run with the parameters given."""
