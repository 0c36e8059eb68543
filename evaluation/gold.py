"""Gold files: read and validate the hand-made annotations of reports.

The format is that of ``gold/GUIDELINES.md``: one JSON object a report with
its document, jurisdiction and year, a list of surface forms per entity
kind, the reported numbers (``metrics``), the action-goal pairs (``feeds``)
and the ``optional`` items. :func:`load_gold` reads one file and raises a
``ValueError`` that names the first key or entry that is wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .kinds import ENTITY_KINDS
from .labels import normalise

__all__ = ["Gold", "GoldFeed", "GoldMetric", "load_gold"]

# Keys every gold file has, in the order the guidelines list them.
_GOLD_KEYS = ("document", "jurisdiction", "year", *ENTITY_KINDS, "metrics", "feeds", "optional")


@dataclass(frozen=True)
class GoldMetric:
    """One reported number in a gold file.

    Parameters
    ----------
    text : str
        The number as written (``"12.6万户"``).
    value : float
        The normalised value (``126000``).
    unit : str
        The unit word, ``""`` when none follows the number.
    subject : str
        What is counted, as the report words it.
    """

    text: str
    value: float
    unit: str
    subject: str


@dataclass(frozen=True)
class GoldFeed:
    """One gold feeds pair: ``action`` serves ``goal``.

    Parameters
    ----------
    action : str
        A short, distinctive piece of the action clause.
    goal : str
        The innermost goal the action stands under.
    """

    action: str
    goal: str


@dataclass(frozen=True)
class Gold:
    """The gold annotation of one report.

    Parameters
    ----------
    document : str
        File name of the annotated report.
    jurisdiction : str
        The report's jurisdiction.
    year : int
        The year the report covers.
    agencies, places, policies, programs, goals : tuple of str
        Gold surface forms per entity kind.
    metrics : tuple of GoldMetric
        Reported numbers; an entry repeats when the number is reported twice.
    feeds : tuple of GoldFeed
        Action-goal pairs.
    optional : Mapping[str, tuple of str]
        Optional surface forms per entity kind (every kind of
        :data:`ENTITY_KINDS` is a key).
    optional_metrics : tuple of GoldMetric
        Optional reported numbers.

    Examples
    --------
    >>> data = {"document": "d.txt", "jurisdiction": "南阳市", "year": 2023,
    ...         "agencies": ["市司法局"], "places": [], "policies": [],
    ...         "programs": [], "goals": [], "metrics": [], "feeds": [],
    ...         "optional": {"agencies": ["中央"]}}
    >>> gold = Gold.from_dict(data)
    >>> gold.agencies, gold.optional["agencies"], gold.optional["places"]
    (('市司法局',), ('中央',), ())
    """

    document: str
    jurisdiction: str
    year: int
    agencies: tuple[str, ...]
    places: tuple[str, ...]
    policies: tuple[str, ...]
    programs: tuple[str, ...]
    goals: tuple[str, ...]
    metrics: tuple[GoldMetric, ...]
    feeds: tuple[GoldFeed, ...]
    optional: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    optional_metrics: tuple[GoldMetric, ...] = ()

    @classmethod
    def from_dict(cls, data: object, *, source: str = "<gold>") -> Gold:
        """Validate parsed gold JSON and build a :class:`Gold`.

        Parameters
        ----------
        data : object
            The parsed JSON document.
        source : str, optional
            Name used at the start of error messages (usually the path).

        Returns
        -------
        Gold
            The validated annotation.

        Raises
        ------
        ValueError
            ``"{source}: ..."`` naming the first key or entry that is missing
            or of the wrong type. Keys of ``optional`` may be left out (empty)
            but not misspelt; other unknown top-level keys are ignored.
        """
        top = _require_object(data, "the top level", source)
        for key in _GOLD_KEYS:
            _require(top, key, source)
        optional = _require_object(_require(top, "optional", source), "'optional'", source)
        _reject_unknown(optional, (*ENTITY_KINDS, "metrics"), "optional", source)
        return cls(
            document=_require_str(top, "document", source),
            jurisdiction=_require_str(top, "jurisdiction", source),
            year=_require_int(top, "year", source),
            **{kind: _labels(top, kind, kind, source) for kind in ENTITY_KINDS},
            metrics=_metrics(_require(top, "metrics", source), "metrics", source),
            feeds=_feeds(_require(top, "feeds", source), source),
            optional={
                kind: _labels(optional, kind, f"optional.{kind}", source, default=[])
                for kind in ENTITY_KINDS
            },
            optional_metrics=_metrics(optional.get("metrics", []), "optional.metrics", source),
        )

    def items(self, kind: str) -> tuple[str, ...]:
        """Gold surface forms of an entity kind (one of :data:`ENTITY_KINDS`)."""
        return getattr(self, kind)


def load_gold(path: str | os.PathLike[str]) -> Gold:
    """Read and validate one gold JSON file.

    Parameters
    ----------
    path : str or os.PathLike
        The ``*.json`` file.

    Returns
    -------
    Gold
        The validated annotation.

    Raises
    ------
    ValueError
        ``"{path}: ..."`` when the file is not UTF-8 JSON or its shape is wrong.
    OSError
        When the file cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.json"
    >>> _ = bad.write_text('{"document": "d.txt"}', encoding="utf-8")
    >>> load_gold(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: .../bad.json: missing key 'jurisdiction'
    """
    source = os.fspath(path)
    raw = _read_bytes(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{source}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    return Gold.from_dict(data, source=source)


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _require(obj: Mapping[str, object], key: str, source: str) -> object:
    if key not in obj:
        raise ValueError(f"{source}: missing key {key!r}")
    return obj[key]


def _require_object(value: object, where: str, source: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ValueError(f"{source}: {where} must be a JSON object, not {_json_type(value)}")
    return value


def _require_str(obj: Mapping[str, object], key: str, source: str, where: str = "") -> str:
    value = _require(obj, key, source)
    if not isinstance(value, str):
        raise ValueError(f"{source}: {where}{key!r} must be a string, not {_json_type(value)}")
    return value


def _require_int(obj: Mapping[str, object], key: str, source: str) -> int:
    value = _require(obj, key, source)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{source}: {key!r} must be an integer, not {_json_type(value)}")
    return value


def _require_list(value: object, where: str, source: str) -> list[object]:
    if not isinstance(value, list):
        raise ValueError(f"{source}: {where!r} must be a list, not {_json_type(value)}")
    return value


def _reject_unknown(
    obj: Mapping[str, object], allowed: Sequence[str], where: str, source: str
) -> None:
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        raise ValueError(f"{source}: {where!r} has unknown key {unknown[0]!r}")


def _labels(
    obj: Mapping[str, object],
    key: str,
    where: str,
    source: str,
    *,
    default: list[str] | None = None,
) -> tuple[str, ...]:
    value = _require(obj, key, source) if default is None else obj.get(key, default)
    items = _require_list(value, where, source)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise ValueError(
                f"{source}: {where}[{index}] must be a string, not {_json_type(item)}"
            )
        if not normalise(item):
            raise ValueError(f"{source}: {where}[{index}] is empty after normalising")
    return tuple(items)


def _metrics(value: object, where: str, source: str) -> tuple[GoldMetric, ...]:
    entries = _require_list(value, where, source)
    return tuple(
        _metric(entry, f"{where}[{index}]", source) for index, entry in enumerate(entries)
    )


def _metric(entry: object, where: str, source: str) -> GoldMetric:
    obj = _require_object(entry, where, source)
    number = _require(obj, "value", source)
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise ValueError(f"{source}: {where}: 'value' must be a number, not {_json_type(number)}")
    return GoldMetric(
        text=_require_str(obj, "text", source, f"{where}: "),
        value=float(number),
        unit=_require_str(obj, "unit", source, f"{where}: "),
        subject=_require_str(obj, "subject", source, f"{where}: "),
    )


def _feeds(value: object, source: str) -> tuple[GoldFeed, ...]:
    entries = _require_list(value, "feeds", source)
    return tuple(_feed(entry, f"feeds[{index}]", source) for index, entry in enumerate(entries))


def _feed(entry: object, where: str, source: str) -> GoldFeed:
    obj = _require_object(entry, where, source)
    feed = GoldFeed(
        action=_require_str(obj, "action", source, f"{where}: "),
        goal=_require_str(obj, "goal", source, f"{where}: "),
    )
    if not normalise(feed.action) or not normalise(feed.goal):
        raise ValueError(f"{source}: {where}: 'action' and 'goal' must not be empty")
    return feed


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)
