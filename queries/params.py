"""Parameters: a user's values, given as text, checked against what a query declares."""

from __future__ import annotations

import re

from ..errors import QueryError
from .library import Kind, Param, QuerySpec

__all__ = ["check_params"]


def check_params(spec: QuerySpec, params: dict[str, str]) -> dict[str, tuple[Kind, str | int]]:
    """The values of ``params`` as the query takes them: name → (kind, value).

    Parameters
    ----------
    spec : QuerySpec
        The query.
    params : dict of str to str
        Parameter name to value, as a user types it.

    Returns
    -------
    dict
        Only plain values, so that they can go to another process; turn them
        into terms with `oxigraph_substitutions`.

    Raises
    ------
    QueryError
        An unknown or missing parameter, or a value of the wrong kind.

    Examples
    --------
    >>> from govkg.queries import load_query
    >>> check_params(load_query("policies-issued"), {"year": "2022"})
    {'year': ('integer', 2022)}
    """
    for name in params:
        if spec.param(name) is None:
            allowed = ", ".join(p.name for p in spec.params)
            hint = f"allowed: {allowed}" if allowed else "it takes no parameters"
            raise QueryError(f"{spec.name}: unknown parameter {name!r}; {hint}")
    values: dict[str, tuple[Kind, str | int]] = {}
    for p in spec.params:
        if p.name not in params:
            if not p.optional:
                raise QueryError(f"{spec.name}: missing required parameter {p.name!r} ({p.description})")
            continue
        raw = params[p.name]
        if p.kind == "integer":
            if not re.fullmatch(r"\s*[+-]?\d+\s*", raw):
                raise QueryError(f"{spec.name}: parameter {p.name!r} must be an integer, not {raw!r}")
            values[p.name] = ("integer", int(raw))
        elif p.kind == "iri":
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", raw):
                raise QueryError(f"{spec.name}: parameter {p.name!r} must be an absolute IRI, not {raw!r}")
            values[p.name] = ("iri", raw)
        else:
            values[p.name] = ("string", _choice(spec, p, raw))
    return values


def _choices(description: str) -> list[str]:
    """The values a parameter's description allows: "one of Completed, Ongoing, Planned".

    Examples
    --------
    >>> _choices("the status, one of Completed, Ongoing or Planned")
    ['Completed', 'Ongoing', 'Planned']
    >>> _choices("the goal's label")
    []
    """
    m = re.search(r"\bone of ([\w-]+(?:\s*(?:,|\bor\b)\s*[\w-]+)+)", description)
    return re.split(r"\s*(?:,|\bor\b)\s*", m.group(1)) if m else []


def _choice(spec: QuerySpec, p: Param, raw: str) -> str:
    """A value among the parameter's allowed ones, in any case (planned → Planned); else an error naming them."""
    allowed = _choices(p.description)
    if not allowed:
        return raw
    for value in allowed:
        if value.casefold() == raw.strip().casefold():
            return value
    raise QueryError(f"{spec.name}: parameter {p.name!r} must be one of {', '.join(allowed)}, not {raw!r}")
