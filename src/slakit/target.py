"""``Target``: a promised time, as a regulation states it.

"3 рабочих часа", "12 часов", "7 дней", "24 рабочих дня": an amount, a unit (minutes,
hours, days) and whether it counts working time on the schedule or plain calendar
time. A target can also be absent — "не может гарантировать" — and then says so
instead of pretending to be zero.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any

import attrs

from slakit.errors import InvalidTargetError, NoTargetError
from slakit.schedule import Schedule

__all__ = ["Basis", "Clock", "Target", "Unit"]


class Clock(enum.Enum):
    """The two clocks a regulation can promise."""

    REACTION = "reaction"  # "максимальное время реакции"
    RESOLUTION = "resolution"  # "максимальное время решения"


class Unit(enum.Enum):
    """What a target's amount counts."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"


class Basis(enum.Enum):
    """Whether a target counts working time on the schedule or calendar (real) time."""

    WORKING = "working"
    CALENDAR = "calendar"


_SECONDS = {Unit.MINUTES: 60, Unit.HOURS: 3600, Unit.DAYS: 86400}

#: The longest target slakit accepts, in each unit: 3,650 days (about ten years).
#: Regulations promise hours or days; a longer "target" is a typo, and counting it
#: would only run off the end of the supported calendar years.
MAX_AMOUNT = {Unit.MINUTES: 3650 * 24 * 60, Unit.HOURS: 3650 * 24, Unit.DAYS: 3650}
_LIMITS = "3650 days, 87600 hours or 5256000 minutes (about ten years)"

# "3 рабочих часа", "40 рабочих часов", "1 час", "24 рабочих дня", "7 дней", "30 минут"
_RUSSIAN = re.compile(r"\s*([0-9]+)\s+(рабоч\w*\s+)?(минут\w*|час\w*|дн\w*|день)\s*", re.IGNORECASE)
# "3 working hours", "12 hours", "7 days", "24 working days", "30 minutes"
_ENGLISH = re.compile(r"\s*([0-9]+)\s+(working\s+)?(minute|hour|day)s?\s*", re.IGNORECASE)
_UNITS = {"мин": Unit.MINUTES, "час": Unit.HOURS, "min": Unit.MINUTES, "hou": Unit.HOURS}


def _amount(instance: object, _attribute: object, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
        raise InvalidTargetError(
            f"a target's amount must be a positive whole number or None (not guaranteed), "
            f"got {value!r:.40}"
        )
    unit = getattr(instance, "unit", None)
    if value is not None and isinstance(unit, Unit) and value > MAX_AMOUNT[unit]:
        raise InvalidTargetError(f"a target of {value} {unit.value} is too long: at most {_LIMITS}")


def _member(kind: type[Unit] | type[Basis]) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[object], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidTargetError(
                f"a target's {attribute.name} must be a slakit.{kind.__name__} "
                f"({', '.join(m.name for m in kind)}), got {value!r:.40}"
            )

    return check


def _text(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTargetError(f"a target's text must be a str, got {value!r:.40}")


@attrs.frozen
class Target:
    """A maximum time: ``amount`` ``unit`` of ``basis`` time, or none guaranteed.

    Build one with the named constructors: ``Target.working_hours(3)``,
    ``Target.hours(12)``, ``Target.days(7)``, ``Target.working_days(24)``,
    ``Target.not_guaranteed("от нескольких часов до нескольких дней")``, or read the
    regulation's own words with ``Target.parse("3 рабочих часа")``.
    """

    amount: int | None
    unit: Unit = attrs.field(default=Unit.HOURS, validator=_member(Unit))
    basis: Basis = attrs.field(default=Basis.WORKING, validator=_member(Basis))
    #: The regulation's own words, or what a missing guarantee says instead.
    text: str = attrs.field(default="", validator=_text)

    def __attrs_post_init__(self) -> None:
        _amount(self, None, self.amount)  # after the unit is checked: the bound is per unit

    @classmethod
    def working_hours(cls, amount: int, text: str = "") -> Target:
        return cls(amount, Unit.HOURS, Basis.WORKING, text)

    @classmethod
    def working_days(cls, amount: int, text: str = "") -> Target:
        return cls(amount, Unit.DAYS, Basis.WORKING, text)

    @classmethod
    def hours(cls, amount: int, text: str = "") -> Target:
        """Calendar hours: real time, whatever the schedule."""
        return cls(amount, Unit.HOURS, Basis.CALENDAR, text)

    @classmethod
    def days(cls, amount: int, text: str = "") -> Target:
        """Calendar days of 24 real hours."""
        return cls(amount, Unit.DAYS, Basis.CALENDAR, text)

    @classmethod
    def not_guaranteed(cls, text: str = "") -> Target:
        """No guaranteed time; ``text`` keeps what the regulation says instead."""
        return cls(None, Unit.HOURS, Basis.WORKING, text)

    @classmethod
    def parse(cls, text: str) -> Target:
        """Read a regulation's wording: "3 рабочих часа", "7 дней", "1 час".

        slakit's own English works too ("3 working hours", "12 hours", "7 days",
        "30 minutes"); only the Russian wording is kept as the target's ``text``.
        """
        russian = _RUSSIAN.fullmatch(text) if isinstance(text, str) else None
        match = russian or (_ENGLISH.fullmatch(text) if isinstance(text, str) else None)
        if not match:
            raise InvalidTargetError(
                f"cannot read a target from {text!r:.80}; expected an amount and a unit such "
                "as '3 рабочих часа', '12 часов', '7 дней', '24 рабочих дня' or "
                "'3 working hours', '7 days'"
            )
        unit = _UNITS.get(match[3][:3].lower(), Unit.DAYS)
        if len(match[1]) > 9:  # int() of thousands of digits is slow, then refused
            raise InvalidTargetError(
                f"a target of {match[1][:12]}... is too long: at most {_LIMITS}"
            )
        basis = Basis.WORKING if match[2] else Basis.CALENDAR
        return cls(int(match[1]), unit, basis, text.strip() if russian else "")

    @property
    def guaranteed(self) -> bool:
        """Whether the regulation promises a time at all."""
        return self.amount is not None

    @property
    def duration(self) -> dt.timedelta:
        """The amount as a duration: working time for working hours, real time otherwise.

        Working days have no fixed duration (days differ in length): use
        :meth:`deadline`, which counts them on the schedule.
        """
        if self.amount is None:
            raise NoTargetError(f"{self} has no duration")
        if self.unit is Unit.DAYS and self.basis is Basis.WORKING:
            raise NoTargetError(
                f"{self} counts working days, whose lengths differ; use Target.deadline()"
            )
        return dt.timedelta(seconds=self.amount * _SECONDS[self.unit])

    def deadline(self, schedule: Schedule, start: dt.datetime) -> dt.datetime:
        """The instant this target runs out when counted from ``start`` on ``schedule``.

        Working hours and minutes count on the schedule (a start outside hours counts
        from the next opening); working days use :meth:`Schedule.add_days`; calendar
        time is real time, returned in the schedule's zone.
        """
        if self.amount is None:
            raise NoTargetError(f"{self}: the regulation guarantees no time here")
        if self.basis is Basis.CALENDAR:
            schedule.is_open(start)  # validates the instant and its range
            return (start.astimezone(dt.UTC) + self.duration).astimezone(schedule.zone)
        if self.unit is Unit.DAYS:
            return schedule.add_days(start, self.amount)
        return schedule.add(start, self.duration)

    def __str__(self) -> str:
        if self.amount is None:
            return f"not guaranteed ({self.text})" if self.text else "not guaranteed"
        unit = self.unit.value if self.amount != 1 else self.unit.value[:-1]
        return f"{self.amount} {'working ' if self.basis is Basis.WORKING else ''}{unit}"
