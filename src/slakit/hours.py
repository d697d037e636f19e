"""Working hours as a regulation writes them: ``"09:00-18:00"``, ``"mon-fri"``.

A day's hours are a tuple of :class:`Hours` in wall-clock minutes from that day's
midnight. A period whose end is not after its start runs past midnight
(``"22:00-06:00"``) and belongs to the day it starts on.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from slakit.errors import InvalidScheduleError, ScheduleTooLargeError

__all__ = ["MAX_PERIODS_PER_DAY", "WEEKDAYS", "Hours", "parse_day_hours", "parse_week"]

#: Weekday keys in the order ``datetime.date.weekday()`` numbers them.
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: The most working periods one day may have: a lunch break or two, split shifts,
#: half-hour slots around the clock, never hundreds of one-minute periods.
MAX_PERIODS_PER_DAY = 48

_DAY = 24 * 60
_TIME = re.compile(r"\s*([0-9]{1,2}):([0-9]{2})\s*")

# A day's hours, and the whole week's: one tuple of periods per weekday.
DayHours = tuple["Hours", ...]
WeekHours = tuple[DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours]


@attrs.frozen(order=True)
class Hours:
    """One working period of a day, in minutes after that day's local midnight.

    ``end`` may exceed 1440 for a period that runs past midnight.
    """

    start: int
    end: int

    def __attrs_post_init__(self) -> None:
        if not all(type(v) is int for v in (self.start, self.end)):
            raise InvalidScheduleError(
                f"a working period's start and end must be int minutes, got {self!r:.80}"
            )
        if not 0 <= self.start < _DAY or not self.start < self.end <= self.start + _DAY:
            raise InvalidScheduleError(
                f"working period {self} is not a period of one day: expected "
                "0 <= start < 24:00 and start < end <= start + 24 hours"
            )

    @classmethod
    def parse(cls, text: str) -> Hours:
        """Read ``"HH:MM-HH:MM"``; an end at or before the start runs past midnight."""
        if not isinstance(text, str) or text.count("-") != 1:
            raise InvalidScheduleError(f"working hours must look like '09:00-18:00', got {text!r}")
        first, second = text.split("-")
        start, end = _minutes(first, text), _minutes(second, text)
        if start == _DAY:
            raise InvalidScheduleError(f"a period cannot start at 24:00, got {text!r}")
        if end <= start:
            end += _DAY
        return cls(start, end)

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end % _DAY if self.end != _DAY else _DAY)}"


def _minutes(text: str, whole: str) -> int:
    match = _TIME.fullmatch(text)
    if not match:
        raise InvalidScheduleError(f"working hours must look like '09:00-18:00', got {whole!r}")
    hour, minute = int(match[1]), int(match[2])
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise InvalidScheduleError(
            f"{text.strip()!r} in {whole!r} is not a time of day (00:00 to 24:00)"
        )
    return hour * 60 + minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_day_hours(value: str | Sequence[str] | None) -> DayHours:
    """One day's hours from ``"09:00-18:00"``, a list of such, or ``None``/``""`` for closed."""
    if value is None or value == "":
        return ()
    texts: Iterable[str] = [value] if isinstance(value, str) else value
    if not isinstance(texts, Sequence):
        raise InvalidScheduleError(
            f"a day's hours must be a string like '09:00-18:00' or a list of them, got {value!r}"
        )
    if len(texts) > MAX_PERIODS_PER_DAY:
        raise ScheduleTooLargeError(
            f"a day has at most {MAX_PERIODS_PER_DAY} working periods, got {len(texts)}"
        )
    periods = sorted(Hours.parse(text) for text in texts)
    for before, after in itertools.pairwise(periods):
        if after.start < before.end:
            raise InvalidScheduleError(f"working periods {before} and {after} overlap")
    return tuple(periods)


def _weekday_keys(key: str) -> list[int]:
    """``"mon"`` -> [0]; ``"mon-fri"`` -> [0..4]; ``"fri-mon"`` wraps; ``"daily"`` -> all."""
    if not isinstance(key, str):
        raise InvalidScheduleError(f"a weekday key must be a string like 'mon-fri', got {key!r}")
    name = key.strip().lower()
    if name in ("daily", "every day"):
        return list(range(7))
    first, _, last = name.partition("-")
    if first not in WEEKDAYS or (last and last not in WEEKDAYS):
        raise InvalidScheduleError(
            f"unknown weekday key {key!r}; expected a day or a range of days "
            f"among {', '.join(WEEKDAYS)} (e.g. 'mon-fri'), or 'daily'"
        )
    start = WEEKDAYS.index(first)
    stop = WEEKDAYS.index(last) if last else start
    return [(start + i) % 7 for i in range((stop - start) % 7 + 1)]


def parse_week(spec: Mapping[str, str | Sequence[str] | None]) -> WeekHours:
    """A whole week from ``{"mon-fri": "09:00-18:00", "sat": ["10:00-14:00"]}``.

    Later keys override earlier ones for the days they name, so
    ``{"mon-fri": "09:00-18:00", "fri": "09:00-17:00"}`` shortens Friday.
    """
    if not isinstance(spec, Mapping):
        raise InvalidScheduleError(
            f"weekly hours must be a mapping like {{'mon-fri': '09:00-18:00'}}, got {spec!r}"
        )
    days: list[DayHours] = [()] * 7
    for key, value in spec.items():
        hours = parse_day_hours(value)
        for weekday in _weekday_keys(key):
            days[weekday] = hours
    week: WeekHours = (days[0], days[1], days[2], days[3], days[4], days[5], days[6])
    check_week(week)
    return week


def check_week(week: WeekHours) -> None:
    """Refuse a week with no working time, or a night shift running into the next day's hours."""
    if not any(week):
        raise InvalidScheduleError(
            "the weekly hours have no working time at all; give at least one day hours "
            "like {'mon-fri': '09:00-18:00'}"
        )
    for weekday, hours in enumerate(week):
        if len(hours) > MAX_PERIODS_PER_DAY:
            raise ScheduleTooLargeError(
                f"{WEEKDAYS[weekday]} has {len(hours)} working periods; a day has at most "
                f"{MAX_PERIODS_PER_DAY}"
            )
        following = week[(weekday + 1) % 7]
        if hours and following and hours[-1].end - _DAY > following[0].start:
            raise InvalidScheduleError(
                f"{WEEKDAYS[weekday]} {hours[-1]} runs into "
                f"{WEEKDAYS[(weekday + 1) % 7]} {following[0]}"
            )
