"""TOML documents for slakit's files: strict reading with line-precise errors, and writing.

:class:`Document` parses with the standard library's ``tomllib`` and turns every way a
document can go wrong into one located error: invalid TOML, nesting too deep, an
integer of thousands of digits, a value of the wrong type or out of bounds, and an
unknown key — named with its line and the closest valid key, since a misspelled key
silently ignored would change an answer. :class:`Table` is one table of a document:
it knows the keys its schema allows and the path to it (``levels[2].schedule``).

The readers and writers of the parts below a regulation — targets, schedules, levels
— live here; ``slakit.regulation`` reads and writes its own top-level keys with them,
so the imports point one way (this module never imports ``slakit.regulation``).

Writing needs only strings, numbers, booleans, dates, arrays and tables; the small
emitter here does it without a dependency.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

from slakit._engine import zone
from slakit.errors import RegulationFormatError, SlakitError
from slakit.escalation import EscalationRule, Trigger
from slakit.hours import WEEKDAYS
from slakit.level import (
    MAX_QUOTA_COUNT,
    MAX_QUOTA_DAYS,
    MAX_QUOTA_MONTHS,
    Audience,
    Provision,
    Quota,
    SupportLevel,
    check_key,
)
from slakit.schedule import Schedule
from slakit.target import Basis, Clock, Target, Unit

__all__ = ["Document", "Table"]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
Path = tuple[str | int, ...]


class ErrorFactory(Protocol):
    def __call__(self, message: str, *, field: str | None, line: int | None) -> Exception: ...


# -- reading ---------------------------------------------------------------------


class Document:
    """Parsed TOML text that can say on which line any key was set."""

    def __init__(self, text: str, *, error: ErrorFactory = RegulationFormatError) -> None:
        self.text = text
        self.error = error
        self._index: dict[Path, int] | None = None
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as decode:
            line = re.search(r"line (\d+)", str(decode))
            raise error(
                f"not valid TOML: {decode}", field=None, line=int(line[1]) if line else None
            ) from None
        except RecursionError:
            raise error(
                "not valid TOML for slakit: arrays or tables nested too deeply",
                field=None,
                line=None,
            ) from None
        except ValueError:  # int() refuses more than 4300 digits, to stay fast
            digits = re.search(r"[0-9_]{4000,}", text)
            raise error(
                "not valid TOML for slakit: an integer of thousands of digits",
                field=None,
                line=text.count("\n", 0, digits.start()) + 1 if digits else None,
            ) from None

    def fail(self, path: Path, message: str) -> Exception:
        """The error for ``message`` about ``path``, with the line that sets it."""
        return self.error(message, field=dotted(path) or None, line=self.line(path))

    def line(self, path: Path) -> int | None:
        """The line setting ``path``, or its nearest enclosing table or key that is found."""
        if self._index is None:
            self._index = _index(self.text)
        for end in range(len(path), 0, -1):
            if path[:end] in self._index:
                return self._index[path[:end]]
        return None

    def root(self, keys: Iterable[str]) -> Table:
        return Table(self, self.data, (), keys)


class Table:
    """One table of a document whose schema allows ``keys``; unknown keys fail at once."""

    def __init__(self, doc: Document, data: Mapping[str, Any], path: Path, keys: Iterable[str]):
        self.doc = doc
        self.data = data
        self.path = path
        self.keys = tuple(keys)
        for key in data:
            if key not in self.keys:
                close = difflib.get_close_matches(key, self.keys, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise self.fail(
                    key,
                    f"unknown key {key!r:.60}; {hint}(valid here: {', '.join(self.keys)})",
                )

    def fail(self, key: str | int | None, message: str) -> Exception:
        return self.doc.fail(self.path if key is None else (*self.path, key), message)

    def get(self, key: str, kind: type | tuple[type, ...], *, required: bool = False) -> Any:
        """The value of ``key`` if it has type ``kind`` (an int is never a bool); else None."""
        assert key in self.keys, f"{key} is not in the schema of {dotted(self.path)}"
        if key not in self.data:
            if required:
                raise self.fail(key, f"is required ({_kind_name(kind)})")
            return None
        value = self.data[key]
        if _is_not(value, kind):
            raise self.fail(
                key,
                f"must be {_kind_name(kind)}, got {_toml_type(value)} {_shown(value)}",
            )
        return value

    def text(self, key: str, default: str = "") -> str:
        value = self.get(key, str)
        return default if value is None else str(value)

    def integer(self, key: str, low: int, high: int) -> int | None:
        value: int | None = self.get(key, int)
        if value is not None and not low <= value <= high:
            raise self.fail(key, f"must be from {low} to {high:,}, got {_shown(value)}")
        return value

    def flag(self, key: str) -> bool:
        return bool(self.get(key, bool))

    def strings(self, key: str) -> tuple[str, ...]:
        values = self.get(key, list) or []
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise self.fail(key, f"must be an array of strings; item {i} is {_shown(value)}")
        return tuple(values)

    def dates(self, key: str) -> list[dt.date] | None:
        values: list[dt.date] | None = self.get(key, list)
        for i, value in enumerate(values or []):
            if _is_not(value, dt.date):
                raise self.fail(key, f"must be an array of dates; item {i} is {_shown(value)}")
        return values

    def member(self, enum_type: type[E], key: str | int, value: object) -> E:
        """``value`` as a member of ``enum_type``, named in lowercase (spaces as ``_``)."""
        names = {member.name.lower(): member for member in enum_type}
        if isinstance(value, str) and value.lower().replace(" ", "_") in names:
            return names[value.lower().replace(" ", "_")]
        close = (
            difflib.get_close_matches(value.lower(), names, n=1, cutoff=0.6)
            if isinstance(value, str)
            else []
        )
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise self.fail(key, f"unknown value {_shown(value)}; {hint}(valid: {', '.join(names)})")

    def optional_member(self, enum_type: type[E], key: str, default: E | None = None) -> E | None:
        return default if key not in self.data else self.member(enum_type, key, self.data[key])

    def members(self, enum_type: type[E], key: str) -> tuple[E, ...]:
        return tuple(self.member(enum_type, key, value) for value in self.get(key, list) or [])

    def table(self, key: str, keys: Iterable[str], *, required: bool = False) -> Table | None:
        value = self.get(key, dict, required=required)
        return None if value is None else Table(self.doc, value, (*self.path, key), keys)

    def tables(self, key: str, keys: Iterable[str]) -> list[Table]:
        """An array of tables (``[[key]]``): each item must be a table."""
        result = []
        for i, item in enumerate(self.get(key, list) or []):
            if not isinstance(item, dict):
                raise self.doc.fail(
                    (*self.path, key, i), f"must be a table, got {_shown(item)} (use [[{key}]])"
                )
            result.append(Table(self.doc, item, (*self.path, key, i), keys))
        return result

    def guarded(self, key: str | int | None, build: Callable[[], T]) -> T:
        """Run a model constructor; its SlakitError becomes a located error."""
        try:
            return build()
        except RegulationFormatError:
            raise
        except SlakitError as error:
            raise self.fail(key, str(error)) from None


def _is_not(value: object, kind: type | tuple[type, ...]) -> bool:
    """Whether ``value`` is not of ``kind``: a bool is not an int, a datetime is not a date."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool):
        return bool not in kinds
    if isinstance(value, dt.datetime):
        return dt.datetime not in kinds
    return not isinstance(value, kind)


def _toml_type(value: object) -> str:
    names = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array"}
    names.update({dict: "table", dt.datetime: "datetime", dt.date: "date", dt.time: "time"})
    return names.get(type(value), type(value).__name__)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {bool: "a boolean", int: "an integer", str: "a string", list: "an array"}
    names.update({dict: "a table", dt.date: "a date (2026-12-31)"})
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def dotted(path: Path) -> str:
    """``("levels", 2, "schedule")`` -> ``"levels[2].schedule"``."""
    return "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path)
    )


# -- where each key is set: one pass over the lines, only when an error needs it --------

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?")
_KEY_PART = re.compile(r"\s*(\"(?:[^\"\\]|\\.)*\"|'[^']*'|[A-Za-z0-9_-]+)\s*")
_ASSIGNMENT = re.compile(r"([^=]+?)=")


def _split_key(text: str) -> tuple[str, ...] | None:
    """A dotted TOML key's parts, unquoted; None if ``text`` is not a key."""
    parts: list[str] = []
    pos = 0
    while True:
        match = _KEY_PART.match(text, pos)
        if not match:
            return None
        part = match[1]
        parts.append(part[1:-1] if part[0] in "\"'" else part)
        pos = match.end()
        if pos == len(text):
            return tuple(parts)
        if text[pos] != ".":
            return None
        pos += 1


def _index(text: str) -> dict[Path, int]:
    """The first line setting each table, array-of-tables entry and key (best effort).

    Good enough for pointing at a mistake: multi-line basic strings are skipped, and
    a key inside an inline table takes the line of the key holding the table.
    """
    index: dict[Path, int] = {}
    arrays: dict[Path, int] = {}  # entries seen so far of each array of tables
    current: Path = ()
    in_string: str | None = None

    def resolve(parts: Iterable[str]) -> Path:
        path: Path = ()
        for part in parts:
            path = (*path, part)
            if path in arrays:
                path = (*path, arrays[path] - 1)
        return path

    for number, line in enumerate(text.splitlines(), 1):
        if in_string is not None:
            if line.count(in_string) % 2:
                in_string = None
            continue
        header = _HEADER.fullmatch(line)
        if header and (parts := _split_key(header[2])):
            if header[1] == "[[":
                array = (*resolve(parts[:-1]), parts[-1])
                arrays[array] = arrays.get(array, 0) + 1
                index.setdefault(array, number)
                current = (*array, arrays[array] - 1)
            else:
                current = resolve(parts)
            index.setdefault(current, number)
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment and (parts := _split_key(assignment[1])):
            index.setdefault((*current, *parts), number)
        for quotes in ('"""', "'''"):
            if line.count(quotes) % 2:
                in_string = quotes
    return index


# -- the parts of a regulation ----------------------------------------------------

TARGET_KEYS = ("amount", "unit", "basis", "text")
SCHEDULE_KEYS = (
    "tz",
    "country",
    "subdiv",
    "hours",
    "days_off",
    "working_days",
    "special_hours",
    "shortened_pre_holidays",
)
QUOTA_KEYS = ("count", "valid_for_months", "valid_for_days", "carries_over", "text")
LEVEL_KEYS = (
    "key",
    "title",
    "name",
    "audience",
    "priority",
    "covers",
    "reaction",
    "resolution",
    "resolution_condition",
    "schedule",
    "phone_consultations",
    "development_involvement",
    "updates_included",
    "price_per_month",
    "support_term",
    "quota",
    "clause",
    "after_transfer",
)


def read_target(table: Table, key: str) -> Target | None:
    """A target from ``"3 working hours"``, Russian wording, or ``{ amount, unit, basis }``."""
    value = table.get(key, (str, dict))
    if value is None:
        return None
    if isinstance(value, str):
        if value.strip().lower() == "not guaranteed":
            return Target.not_guaranteed()
        return table.guarded(key, lambda: Target.parse(value))
    parts = Table(table.doc, value, (*table.path, key), TARGET_KEYS)
    amount = parts.get("amount", int)
    unit = parts.optional_member(Unit, "unit") or Unit.HOURS
    basis = parts.optional_member(Basis, "basis") or Basis.WORKING
    text = parts.text("text")
    return table.guarded(key, lambda: Target(amount, unit, basis, text))


def read_schedule(table: Table) -> Schedule:
    tz = table.get("tz", str, required=True)
    table.guarded("tz", lambda: zone(tz))
    hours = table.get("hours", dict, required=True)
    special = table.get("special_hours", dict) or {}
    special_dates = {}
    for text, value in special.items():
        try:
            special_dates[dt.date.fromisoformat(text)] = value
        except ValueError:
            raise table.fail("special_hours", f"{text!r:.40} is not an ISO date") from None
    country = table.get("country", str)
    subdiv = table.get("subdiv", str)
    days_off, working_days = table.dates("days_off"), table.dates("working_days")
    shortened = table.flag("shortened_pre_holidays")
    return table.guarded(
        None,
        lambda: Schedule.weekly(
            hours,
            tz=tz,
            country=country,
            subdiv=subdiv,
            days_off=days_off,
            working_days=working_days,
            special_hours=special_dates,
            shortened_pre_holidays=shortened,
        ),
    )


def read_level(table: Table) -> SupportLevel:
    key = table.get("key", str, required=True)
    table.guarded("key", lambda: check_key(None, None, key))
    term = table.get("support_term", (int, str))
    support_term: int | Provision | None = term
    if isinstance(term, str):
        support_term = table.member(Provision, "support_term", term)
    quota = None
    if (q := table.table("quota", QUOTA_KEYS)) is not None:
        count = q.integer("count", 1, MAX_QUOTA_COUNT)
        months = q.integer("valid_for_months", 1, MAX_QUOTA_MONTHS)
        days = q.integer("valid_for_days", 1, MAX_QUOTA_DAYS)
        if count is None:
            raise q.fail("count", "is required")
        if months is None and days is None:
            raise q.fail(
                "valid_for_days",
                "is required (or valid_for_months: calendar months, '1 год' is 12)",
            )
        if months is not None and days is not None:
            raise q.fail("valid_for_days", "and valid_for_months are both given: give exactly one")
        carries_over, text = q.flag("carries_over"), q.text("text")
        valid_for = None if days is None else dt.timedelta(days=days)
        quota = table.guarded(
            "quota", lambda: Quota(count, valid_for, carries_over, text, valid_months=months)
        )
    reaction = read_target(table, "reaction")
    if reaction is None:
        raise table.fail("reaction", "is required (a target such as '3 working hours')")
    schedule_table = table.table("schedule", SCHEDULE_KEYS)
    fields = {
        "key": key,
        "title": table.text("title"),
        "name": table.text("name"),
        "audience": table.optional_member(Audience, "audience", Audience.EVERYONE),
        "priority": 1 if (priority := table.get("priority", int)) is None else priority,
        "covers": table.strings("covers"),
        "reaction": reaction,
        "resolution": read_target(table, "resolution"),
        "resolution_condition": table.get("resolution_condition", str),
        "schedule": None if schedule_table is None else read_schedule(schedule_table),
        "phone_consultations": table.optional_member(Provision, "phone_consultations"),
        "development_involvement": table.optional_member(Provision, "development_involvement"),
        "updates_included": table.optional_member(Provision, "updates_included"),
        "price_per_month": table.get("price_per_month", int),
        "support_term": support_term,
        "quota": quota,
        "clause": table.text("clause"),
        "after_transfer": table.text("after_transfer"),
    }
    return table.guarded(None, lambda: SupportLevel(**fields))


# -- writing ---------------------------------------------------------------------


def _string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m[0]):04x}", escaped)
    return f'"{escaped}"'


def toml_value(item: object) -> str:
    """A TOML value: string, integer, boolean, date, array, or inline table of these."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        return repr(item)
    if isinstance(item, str):
        return _string(item)
    if isinstance(item, dt.date):
        return item.isoformat()
    if isinstance(item, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in item) + "]"
    # The models hold nothing else: what is left is a table of the above.
    table: Mapping[str, object] = item  # type: ignore[assignment]
    return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()) + " }"


def toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _string(name)


def lines(pairs: Iterable[tuple[str, object]]) -> list[str]:
    """``key = value`` lines, leaving out absent and empty values."""
    return [
        f"{toml_key(k)} = {toml_value(v)}"
        for k, v in pairs
        if v is not None and v not in ((), [], "", {})
    ]


def member_name(member: enum.Enum | None) -> str | None:
    return None if member is None else member.name.lower()


def target_table(target: Target | None) -> dict[str, object] | None:
    if target is None:
        return None
    table: dict[str, object] = {}
    if target.amount is not None:
        table["amount"] = target.amount
    table.update(unit=target.unit.name.lower(), basis=target.basis.name.lower())
    if target.text:
        table["text"] = target.text
    return table


def schedule_pairs(schedule: Schedule) -> Iterator[tuple[str, object]]:
    yield "tz", schedule.tz
    calendar = schedule.calendar
    yield "country", calendar.country
    yield "subdiv", calendar.subdiv
    yield (
        "hours",
        {day: [str(h) for h in hours] for day, hours in zip(WEEKDAYS, schedule.week, strict=True)},
    )
    yield "days_off", sorted(calendar.days_off)
    yield "working_days", sorted(calendar.working_days)
    yield (
        "special_hours",
        {d.isoformat(): [str(h) for h in hours] for d, hours in calendar.special_hours},
    )
    yield "shortened_pre_holidays", calendar.shortened_pre_holidays or None


def level_lines(level: SupportLevel) -> list[str]:
    """A ``[[levels]]`` entry with its ``[levels.schedule]`` and ``[levels.quota]``."""
    term = level.support_term
    out = [
        "",
        "[[levels]]",
        *lines(
            [
                ("key", level.key),
                ("title", level.title),
                ("name", level.name),
                ("audience", member_name(level.audience)),
                ("priority", level.priority),
                ("covers", list(level.covers)),
                ("reaction", target_table(level.reaction)),
                ("resolution", target_table(level.resolution)),
                ("resolution_condition", level.resolution_condition),
                ("phone_consultations", member_name(level.phone_consultations)),
                ("development_involvement", member_name(level.development_involvement)),
                ("updates_included", member_name(level.updates_included)),
                ("price_per_month", level.price_per_month),
                ("support_term", member_name(term) if isinstance(term, Provision) else term),
                ("clause", level.clause),
                ("after_transfer", level.after_transfer or None),
            ]
        ),
    ]
    if level.schedule is not None:
        out += ["", "[levels.schedule]", *lines(schedule_pairs(level.schedule))]
    if level.quota is not None:
        quota = level.quota
        out += [
            "",
            "[levels.quota]",
            *lines(
                [
                    ("count", quota.count),
                    ("valid_for_months", quota.valid_months),
                    ("valid_for_days", None if quota.valid_for is None else quota.valid_for.days),
                    ("carries_over", quota.carries_over),
                    ("text", quota.text),
                ]
            ),
        ]
    return out


# -- escalation rules: [[escalation_rules]] in a regulation file or a rules file ---------

ESCALATION_RULE_KEYS = (
    "name",
    "clock",
    "used",
    "before_deadline",
    "at_breach",
    "after_breach",
    "notify",
    "move_to_level",
)
_TRIGGERS = {
    "used": Trigger.USED,
    "before_deadline": Trigger.BEFORE_DEADLINE,
    "at_breach": Trigger.BREACH,
    "after_breach": Trigger.AFTER_BREACH,
}
_WORKING_TIME = re.compile(r"(\d{1,7}):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,6}))?)?")


def read_escalation_rule(table: Table, move_to_level: str | None) -> EscalationRule:
    """One ``[[escalation_rules]]`` table: exactly one trigger key, the rest optional."""
    given = [key for key in _TRIGGERS if key in table.data]
    if len(given) != 1:
        raise table.fail(
            None,
            f"needs exactly one trigger of {', '.join(_TRIGGERS)}; "
            f"got {', '.join(given) or 'none'}",
        )
    (key,) = given
    clock = table.optional_member(Clock, "clock", Clock.REACTION)
    fraction = table.get("used", (int, float)) if key == "used" else None
    offset = _working_time(table, key) if key in ("before_deadline", "after_breach") else None
    if key == "at_breach" and table.get("at_breach", bool) is not True:
        raise table.fail("at_breach", "must be true (a rule without it: leave the key out)")
    return table.guarded(
        key,
        lambda: EscalationRule(
            _TRIGGERS[key],
            clock or Clock.REACTION,
            fraction,
            offset,
            table.get("notify", str),
            move_to_level,
            table.text("name"),
        ),
    )


def _working_time(table: Table, key: str) -> dt.timedelta:
    text = table.get(key, str)
    match = _WORKING_TIME.fullmatch(text)
    if match is None:
        raise table.fail(key, f'must be working time as "H:MM", e.g. "1:30", got {_shown(text)}')
    hours, minutes, seconds, fraction = match.groups()
    return dt.timedelta(
        hours=int(hours),
        minutes=int(minutes),
        seconds=int(seconds or 0),
        microseconds=int((fraction or "0").ljust(6, "0")),
    )


def _working_text(offset: dt.timedelta) -> str:
    seconds, micro = divmod(offset // dt.timedelta(microseconds=1), 1_000_000)
    text = f"{seconds // 3600}:{seconds // 60 % 60:02d}"
    if seconds % 60 or micro:
        text += f":{seconds % 60:02d}" + (f".{micro:06d}" if micro else "")
    return text


def escalation_rule_lines(rule: EscalationRule) -> list[str]:
    """The ``[[escalation_rules]]`` table of ``rule``, read back equal."""
    trigger = {
        Trigger.USED: ("used", rule.fraction),
        Trigger.BEFORE_DEADLINE: ("before_deadline", _working_text(rule.offset or _NO_TIME)),
        Trigger.BREACH: ("at_breach", True),
        Trigger.AFTER_BREACH: ("after_breach", _working_text(rule.offset or _NO_TIME)),
    }[rule.trigger]
    pairs = [
        ("name", rule.name),
        ("clock", member_name(rule.clock) if rule.clock is not Clock.REACTION else None),
        trigger,
        ("notify", rule.notify),
        ("move_to_level", rule.move_to_level),
    ]
    return ["", "[[escalation_rules]]", *lines(pairs)]


_NO_TIME = dt.timedelta(0)
