"""A regulation as a TOML document: the schema, a reader with line-precise errors, a writer.

The schema mirrors the models field for field (see ``docs/regulation-files.md``).
Reading uses the standard library's ``tomllib``; writing needs only strings, numbers,
booleans, dates, arrays and tables, so a small emitter here does it without a
dependency.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from slakit._engine import zone
from slakit.errors import RegulationFormatError, SlakitError
from slakit.hours import WEEKDAYS
from slakit.level import Audience, Provision, Quota, SupportLevel, check_key
from slakit.regulation import (
    CustomerCategory,
    EscalationKind,
    EscalationPath,
    PauseReason,
    ProblemCategory,
    Regulation,
    Rule,
)
from slakit.schedule import Schedule
from slakit.target import Basis, Target, Unit

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")
Path = tuple[str | int, ...]

# "3 working hours", "12 hours", "7 days", "24 working days", "30 minutes"
_TARGET_TEXT = re.compile(r"^\s*(\d+)\s+(working\s+)?(minute|hour|day)s?\s*$")


# -- reading ---------------------------------------------------------------------


class _Reader:
    """Turns parsed TOML into models; every failure names the field and its line."""

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            line = re.search(r"line (\d+)", str(error))
            raise RegulationFormatError(
                f"not valid TOML: {error}", line=int(line[1]) if line else None
            ) from None

    def fail(self, path: Path, message: str) -> RegulationFormatError:
        return RegulationFormatError(message, field=_dotted(path), line=_line_of(self.text, path))

    def get(
        self, table: Mapping[str, Any], path: Path, kind: type, *, required: bool = False
    ) -> Any:
        key = str(path[-1])
        if key not in table:
            if required:
                raise self.fail(path, f"is required ({kind.__name__})")
            return None
        value = table[key]
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            raise self.fail(
                path, f"must be {kind.__name__}, got {type(value).__name__} {value!r:.60}"
            )
        return value

    def strings(self, table: Mapping[str, Any], path: Path) -> tuple[str, ...]:
        values = self.get(table, path, list) or []
        if not all(isinstance(v, str) for v in values):
            raise self.fail(path, "must be an array of strings")
        return tuple(values)

    def member(self, enum_type: type[E], value: object, path: Path) -> E:
        names = {member.name.lower(): member for member in enum_type}
        if isinstance(value, str) and value.lower() in names:
            return names[value.lower()]
        raise self.fail(path, f"unknown value {value!r}; valid: {', '.join(sorted(names))}")

    def members(self, enum_type: type[E], table: Mapping[str, Any], path: Path) -> tuple[E, ...]:
        return tuple(self.member(enum_type, v, path) for v in self.get(table, path, list) or [])

    def guarded(self, path: Path, build: Callable[[], T]) -> T:
        """Run a model constructor; its SlakitError becomes a located format error."""
        try:
            return build()
        except RegulationFormatError:
            raise
        except SlakitError as error:
            raise self.fail(path, str(error)) from None

    # -- parts -----------------------------------------------------------------

    def target(self, value: object, path: Path) -> Target:
        if isinstance(value, str):
            if value.strip().lower() == "not guaranteed":
                return Target.not_guaranteed()
            match = _TARGET_TEXT.match(value)
            if match:
                unit = {"minute": Unit.MINUTES, "hour": Unit.HOURS, "day": Unit.DAYS}[match[3]]
                basis = Basis.WORKING if match[2] else Basis.CALENDAR
                return self.guarded(path, lambda: Target(int(match[1]), unit, basis))
            return self.guarded(path, lambda: Target.parse(value))
        if isinstance(value, dict):
            amount = self.get(value, (*path, "amount"), int)
            unit = self.member(Unit, value.get("unit", "hours"), (*path, "unit"))
            basis = self.member(Basis, value.get("basis", "working"), (*path, "basis"))
            text = self.get(value, (*path, "text"), str) or ""
            return self.guarded(path, lambda: Target(amount, unit, basis, text))
        raise self.fail(
            path, "must be a string like '3 working hours' or a table with amount, unit, basis"
        )

    def schedule(self, table: object, path: Path) -> Schedule:
        if not isinstance(table, dict):
            raise self.fail(path, "must be a table with tz and hours")
        tz = self.get(table, (*path, "tz"), str, required=True)
        self.guarded((*path, "tz"), lambda: zone(tz))
        hours = self.get(table, (*path, "hours"), dict, required=True)
        special = self.get(table, (*path, "special_hours"), dict) or {}
        special_dates = {}
        for key, value in special.items():
            try:
                special_dates[dt.date.fromisoformat(key)] = value
            except ValueError:
                raise self.fail((*path, "special_hours"), f"{key!r} is not an ISO date") from None
        return self.guarded(
            path,
            lambda: Schedule.weekly(
                hours,
                tz=tz,
                country=self.get(table, (*path, "country"), str),
                subdiv=self.get(table, (*path, "subdiv"), str),
                days_off=self.get(table, (*path, "days_off"), list),
                working_days=self.get(table, (*path, "working_days"), list),
                special_hours=special_dates,
                shortened_pre_holidays=bool(
                    self.get(table, (*path, "shortened_pre_holidays"), bool)
                ),
            ),
        )

    def provision(self, table: Mapping[str, Any], path: Path) -> Provision | None:
        value = table.get(str(path[-1]))
        if value is None:
            return None
        return self.member(
            Provision, value.replace(" ", "_") if isinstance(value, str) else value, path
        )

    def level(self, table: object, path: Path) -> SupportLevel:
        if not isinstance(table, dict):
            raise self.fail(path, "must be a table")
        key = self.get(table, (*path, "key"), str, required=True)
        self.guarded((*path, "key"), lambda: check_key(None, None, key))
        term = table.get("support_term")
        support_term: int | Provision | None
        if term is None or (isinstance(term, int) and not isinstance(term, bool)):
            support_term = term
        else:
            support_term = self.member(
                Provision, str(term).replace(" ", "_"), (*path, "support_term")
            )
        quota = None
        if "quota" in table:
            q = self.get(table, (*path, "quota"), dict)
            count = self.get(q, (*path, "quota", "count"), int, required=True)
            days = self.get(q, (*path, "quota", "valid_for_days"), int, required=True)
            quota = self.guarded(
                (*path, "quota"),
                lambda: Quota(
                    count,
                    dt.timedelta(days=days),
                    bool(q.get("carries_over", False)),
                    self.get(q, (*path, "quota", "text"), str) or "",
                ),
            )
        resolution = table.get("resolution")
        return self.guarded(
            path,
            lambda: SupportLevel(
                key=key,
                title=self.get(table, (*path, "title"), str) or "",
                name=self.get(table, (*path, "name"), str) or "",
                audience=self.member(
                    Audience, table.get("audience", "everyone"), (*path, "audience")
                ),
                priority=self.get(table, (*path, "priority"), int) or 1,
                covers=self.strings(table, (*path, "covers")),
                reaction=self.target(table.get("reaction"), (*path, "reaction")),
                resolution=None
                if resolution is None
                else self.target(resolution, (*path, "resolution")),
                resolution_condition=self.get(table, (*path, "resolution_condition"), str),
                schedule=self.schedule(table["schedule"], (*path, "schedule"))
                if "schedule" in table
                else None,
                phone_consultations=self.provision(table, (*path, "phone_consultations")),
                development_involvement=self.provision(table, (*path, "development_involvement")),
                updates_included=self.provision(table, (*path, "updates_included")),
                price_per_month=self.get(table, (*path, "price_per_month"), int),
                support_term=support_term,
                quota=quota,
                clause=self.get(table, (*path, "clause"), str) or "",
            ),
        )

    def regulation(self) -> Regulation:
        data = self.data
        levels = self.get(data, ("levels",), list, required=True)
        rules = []
        for i, rule in enumerate(self.get(data, ("rules",), list) or []):
            path: Path = ("rules", i)
            rules.append(
                Rule(
                    self.members(CustomerCategory, rule, (*path, "customers")),
                    self.members(ProblemCategory, rule, (*path, "problems")),
                    self.get(rule, (*path, "level"), str, required=True),
                )
            )
        paths = [
            EscalationPath(
                self.member(EscalationKind, item.get("kind"), ("escalations", i, "kind")),
                self.get(item, ("escalations", i, "text"), str) or "",
                self.get(item, ("escalations", i, "level"), str),
            )
            for i, item in enumerate(self.get(data, ("escalations",), list) or [])
        ]
        default = data.get("default_reaction")
        return self.guarded(
            ("levels",),
            lambda: Regulation(
                vendor=self.get(data, ("vendor",), str, required=True),
                schedule=self.schedule(data.get("schedule"), ("schedule",)),
                levels=tuple(self.level(level, ("levels", i)) for i, level in enumerate(levels)),
                products=self.strings(data, ("products",)),
                edition=self.get(data, ("edition",), dt.date),
                source=self.get(data, ("source",), str) or "",
                default_reaction=None
                if default is None
                else self.target(default, ("default_reaction",)),
                rules=tuple(rules),
                fallback_level=self.get(data, ("fallback_level",), str),
                development_level=self.get(data, ("development_level",), str),
                consulting_level=self.get(data, ("consulting_level",), str),
                escalations=tuple(paths),
                postponement_reasons=self.members(PauseReason, data, ("postponement_reasons",)),
                official_channels=self.strings(data, ("official_channels",)),
                unofficial_channels=self.strings(data, ("unofficial_channels",)),
                required_information=self.strings(data, ("required_information",)),
                one_problem_per_request=bool(self.get(data, ("one_problem_per_request",), bool)),
                pauses_stop_reaction=bool(self.get(data, ("pauses_stop_reaction",), bool)),
            ),
        )


def _dotted(path: Path) -> str:
    return "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path)
    )


def _line_of(text: str, path: Path) -> int | None:
    """The line that sets ``path``: the key inside the right ``[[array]]`` entry, if found."""
    lines = text.splitlines()
    start, end = 0, len(lines)
    keys = [p for p in path if isinstance(p, str)]
    if len(path) >= 2 and isinstance(path[1], int):
        header = re.compile(rf"^\s*\[\[\s*{re.escape(str(path[0]))}\s*\]\]")
        found = [i for i, line in enumerate(lines) if header.match(line)]
        if path[1] < len(found):
            start = found[path[1]]
            later = [i for i in range(start + 1, len(lines)) if re.match(r"^\s*\[\[", lines[i])]
            end = later[0] if later else len(lines)
        keys = keys[1:]
    for key in reversed(keys):
        pattern = re.compile(rf"^\s*(\[\S*\b{re.escape(key)}\]|{re.escape(key)}\s*=)")
        for i in range(start, end):
            if pattern.match(lines[i]):
                return i + 1
    return start + 1 if start else None


def read(text: str) -> Regulation:
    result: Regulation = _Reader(text).regulation()
    return result


# -- writing ---------------------------------------------------------------------


def _string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m[0]):04x}", escaped)
    return f'"{escaped}"'


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    # The models hold nothing else: what is left is a table of the above.
    table: Mapping[str, object] = value  # type: ignore[assignment]
    return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in table.items()) + " }"


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _string(key)


def _target(target: Target) -> dict[str, object]:
    table: dict[str, object] = {}
    if target.amount is not None:
        table["amount"] = target.amount
    table.update(unit=target.unit.name.lower(), basis=target.basis.name.lower())
    if target.text:
        table["text"] = target.text
    return table


def _schedule(schedule: Schedule) -> Iterator[tuple[str, object]]:
    yield "tz", schedule.tz
    calendar = schedule.calendar
    if calendar.country:
        yield "country", calendar.country
    if calendar.subdiv:
        yield "subdiv", calendar.subdiv
    yield (
        "hours",
        {day: [str(h) for h in hours] for day, hours in zip(WEEKDAYS, schedule.week, strict=True)},
    )
    if calendar.days_off:
        yield "days_off", sorted(calendar.days_off)
    if calendar.working_days:
        yield "working_days", sorted(calendar.working_days)
    if calendar.special_hours:
        yield (
            "special_hours",
            {d.isoformat(): [str(h) for h in hours] for d, hours in calendar.special_hours},
        )
    if calendar.shortened_pre_holidays:
        yield "shortened_pre_holidays", True


def _lines(pairs: Iterator[tuple[str, object]] | list[tuple[str, object]]) -> list[str]:
    return [f"{_key(k)} = {_value(v)}" for k, v in pairs if v is not None and v not in ((), [], "")]


def _name(member: enum.Enum) -> str:
    return member.name.lower()


def write(regulation: Regulation) -> str:
    out = [
        "# A slakit support regulation (schema: docs/regulation-files.md in slakit).",
        *_lines(
            [
                ("vendor", regulation.vendor),
                ("products", list(regulation.products)),
                ("edition", regulation.edition),
                ("source", regulation.source),
                (
                    "default_reaction",
                    _target(regulation.default_reaction) if regulation.default_reaction else None,
                ),
                ("fallback_level", regulation.fallback_level),
                ("development_level", regulation.development_level),
                ("consulting_level", regulation.consulting_level),
                ("postponement_reasons", [_name(r) for r in regulation.postponement_reasons]),
                ("official_channels", list(regulation.official_channels)),
                ("unofficial_channels", list(regulation.unofficial_channels)),
                ("required_information", list(regulation.required_information)),
                ("one_problem_per_request", regulation.one_problem_per_request or None),
                ("pauses_stop_reaction", regulation.pauses_stop_reaction or None),
            ]
        ),
        "",
        "[schedule]",
        *_lines(_schedule(regulation.schedule)),
    ]
    for level in regulation.levels:
        term = level.support_term
        out += [
            "",
            "[[levels]]",
            *_lines(
                [
                    ("key", level.key),
                    ("title", level.title),
                    ("name", level.name),
                    ("audience", _name(level.audience)),
                    ("priority", level.priority),
                    ("covers", list(level.covers)),
                    ("reaction", _target(level.reaction)),
                    ("resolution", _target(level.resolution) if level.resolution else None),
                    ("resolution_condition", level.resolution_condition),
                    (
                        "phone_consultations",
                        _name(level.phone_consultations) if level.phone_consultations else None,
                    ),
                    (
                        "development_involvement",
                        _name(level.development_involvement)
                        if level.development_involvement
                        else None,
                    ),
                    (
                        "updates_included",
                        _name(level.updates_included) if level.updates_included else None,
                    ),
                    ("price_per_month", level.price_per_month),
                    ("support_term", _name(term) if isinstance(term, Provision) else term),
                    ("clause", level.clause),
                ]
            ),
        ]
        if level.schedule is not None:
            out += ["", "[levels.schedule]", *_lines(_schedule(level.schedule))]
        if level.quota is not None:
            quota = level.quota
            out += [
                "",
                "[levels.quota]",
                *_lines(
                    [
                        ("count", quota.count),
                        ("valid_for_days", quota.valid_for.days),
                        ("carries_over", quota.carries_over),
                        ("text", quota.text),
                    ]
                ),
            ]
    for rule in regulation.rules:
        out += [
            "",
            "[[rules]]",
            *_lines(
                [
                    ("customers", sorted(_name(c) for c in rule.customers)),
                    ("problems", sorted(_name(p) for p in rule.problems)),
                    ("level", rule.level),
                ]
            ),
        ]
    for path in regulation.escalations:
        out += [
            "",
            "[[escalations]]",
            *_lines([("kind", _name(path.kind)), ("text", path.text), ("level", path.level)]),
        ]
    return "\n".join(out) + "\n"
