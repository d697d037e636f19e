"""What changed between two regulations: levels, targets, schedule, calendar, rules.

A team that pinned a preset keeps its regulation as a file (``slakit show PRESET
--toml``) and, when the vendor publishes a new edition, asks what differs before
following it: ``slakit diff ours.toml technomarket`` in CI exits 1 on any difference.

The walk is generic over the models' ``attrs`` fields, so a field added to a model is
compared without a change here. Levels are matched by their key, never by position;
a target is compared whole and shown as words (``4 working hours``).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterator
from typing import Any

import attrs

from slakit.errors import InvalidArgumentError
from slakit.hours import Hours
from slakit.level import SupportLevel
from slakit.regulation import Regulation
from slakit.schedule import Schedule
from slakit.target import Target

__all__ = ["Change", "ChangeKind", "diff", "render"]

#: Compared whole and shown as words, never field by field.
_LEAVES = (Target, Hours)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ChangeKind(enum.Enum):
    """Whether a value was added, removed or changed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


_SIGN = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.CHANGED: "~"}


@attrs.frozen
class Change:
    """One difference: where (``levels[partner-standard].reaction``), what, and the values.

    ``old`` is None for an addition and ``new`` None for a removal.
    """

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.path, str) or not self.path:
            raise InvalidArgumentError("path", self.path, "a non-empty string")
        if not isinstance(self.kind, ChangeKind):
            raise InvalidArgumentError("kind", self.kind, "a slakit.diff.ChangeKind")

    def __str__(self) -> str:
        if self.kind is ChangeKind.ADDED:
            return f"+ {self.path}: {render(self.new)}"
        if self.kind is ChangeKind.REMOVED:
            return f"- {self.path}: {render(self.old)}"
        return f"~ {self.path}: {render(self.old)} -> {render(self.new)}"

    def as_dict(self) -> dict[str, str | None]:
        """The change as JSON-ready text: path, kind, and the values as :func:`render` says."""
        return {
            "path": self.path,
            "kind": self.kind.value,
            "old": None if self.kind is ChangeKind.ADDED else render(self.old),
            "new": None if self.kind is ChangeKind.REMOVED else render(self.new),
        }


def diff(old: Regulation, new: Regulation) -> tuple[Change, ...]:
    """Every difference from ``old`` to ``new``; empty exactly when they are equal."""
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, Regulation):
            raise InvalidArgumentError(name, value, "a slakit.Regulation")
    return tuple(_walk("", old, new))


def render(value: Any) -> str:
    """A value as a person reads it: targets in words, dates in ISO, text quoted."""
    if isinstance(value, Target):
        return f"{value} ({value.text})" if value.text else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, Hours):
        return str(value)
    if isinstance(value, Schedule):
        return _schedule(value)
    if isinstance(value, SupportLevel):  # a level added or removed whole: its gist
        return f"{render(value.title)}, reaction {render(value.reaction)}"
    if isinstance(value, frozenset | set):
        return "[" + ", ".join(sorted(map(render, value))) + "]"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(map(render, value)) + "]"
    if attrs.has(type(value)):
        fields = (f for f in attrs.fields(type(value)) if f.eq and not f.name.startswith("_"))
        inner = ", ".join(f"{f.name}={render(getattr(value, f.name))}" for f in fields)
        return f"{type(value).__name__}({inner})"
    return str(value)


def _schedule(schedule: Schedule) -> str:
    days = ", ".join(
        f"{day} {' '.join(map(str, hours))}"
        for day, hours in zip(_WEEKDAYS, schedule.week, strict=True)
        if hours
    )
    country = schedule.calendar.country
    return f"{days} ({schedule.tz}{', ' + country if country else ''})"


def _walk(path: str, old: Any, new: Any) -> Iterator[Change]:
    if old == new:
        return
    if type(old) is type(new) and attrs.has(type(old)) and not isinstance(old, _LEAVES):
        for field in attrs.fields(type(old)):
            if field.eq:
                where = f"{path}.{field.name}" if path else field.name
                yield from _walk(where, getattr(old, field.name), getattr(new, field.name))
        return
    if isinstance(old, tuple) and isinstance(new, tuple):
        yield from _sequence(path, old, new)
        return
    if isinstance(old, frozenset) and isinstance(new, frozenset):
        yield from _members(path, old, new)
        return
    if old is None:
        yield Change(path, ChangeKind.ADDED, new=new)
    elif new is None:
        yield Change(path, ChangeKind.REMOVED, old=old)
    else:
        yield Change(path, ChangeKind.CHANGED, old, new)


def _sequence(path: str, old: tuple[Any, ...], new: tuple[Any, ...]) -> Iterator[Change]:
    """Keyed items (levels) by key; a week by weekday; other items as members."""
    if (old or new) and _keyed_items(old) and _keyed_items(new):
        changes = list(_keyed(path, {i.key: i for i in old}, {i.key: i for i in new}))
        yield from changes
        if not changes:  # the same items, in another order
            keys = [i.key for i in old], [i.key for i in new]
            yield Change(f"{path} (order)", ChangeKind.CHANGED, *keys)
    elif path.endswith("week") and len(old) == len(new) == len(_WEEKDAYS):
        for day, before, after in zip(_WEEKDAYS, old, new, strict=True):
            if before != after:
                yield Change(f"{path}[{day}]", ChangeKind.CHANGED, before, after)
    elif set(old) != set(new):  # every model is hashable
        yield from _members(path, frozenset(old), frozenset(new))
    else:  # the same items in another order
        yield Change(path, ChangeKind.CHANGED, old, new)


def _keyed(path: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for key in [*old, *(k for k in new if k not in old)]:
        where = f"{path}[{key}]"
        if key not in new:
            yield Change(where, ChangeKind.REMOVED, old=old[key])
        elif key not in old:
            yield Change(where, ChangeKind.ADDED, new=new[key])
        else:
            yield from _walk(where, old[key], new[key])


def _members(path: str, old: frozenset[Any], new: frozenset[Any]) -> Iterator[Change]:
    for item in sorted(old - new, key=render):
        yield Change(path, ChangeKind.REMOVED, old=item)
    for item in sorted(new - old, key=render):
        yield Change(path, ChangeKind.ADDED, new=item)


def _keyed_items(items: tuple[Any, ...]) -> bool:
    return all(isinstance(getattr(i, "key", None), str) for i in items)
