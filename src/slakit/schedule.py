"""``Schedule``: when a support desk works, and working-time arithmetic on it.

A schedule is weekly hours in a named IANA zone plus a business :class:`Calendar`.
Every operation takes aware datetimes (stdlib or pendulum) and returns aware stdlib
datetimes in the schedule's zone, exact to the microsecond on real instants: a working
period is defined in local wall-clock time and lasts the real time between its ends,
so a DST night is an hour shorter or longer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from slakit import _columns
from slakit._engine import Engine, Line, engine_for
from slakit._instants import duration_us, from_us, to_us
from slakit.calendar import MAX_YEAR, MIN_YEAR, Calendar, DayKind, DayPlan
from slakit.errors import (
    InvalidArgumentError,
    NegativeDurationError,
    OutOfRangeError,
    ReversedIntervalError,
)
from slakit.hours import WeekHours, check_week, parse_week

__all__ = ["Schedule", "WorkingPeriod"]

_ALWAYS = {"daily": "00:00-24:00"}
_MAX_DAYS = 366 * (MAX_YEAR - MIN_YEAR + 1)


@attrs.frozen
class WorkingPeriod:
    """A stretch of working time, with the date whose hours it belongs to and why."""

    start: dt.datetime
    end: dt.datetime
    date: dt.date
    kind: DayKind
    holiday: str | None = None

    @property
    def duration(self) -> dt.timedelta:
        """The real time the period lasts (across a clock change too)."""
        return self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)


def _check_week(_instance: object, _attribute: object, week: WeekHours) -> None:
    check_week(week)


@attrs.frozen
class Schedule:
    """Working hours in a time zone with a holiday calendar; immutable and thread-safe.

    Build one with :meth:`weekly` or :meth:`always`; the constructor takes the parsed
    parts. Equal schedules compare and hash equal; the engine's caches are not part of
    the value and are rebuilt after unpickling.
    """

    tz: str
    week: WeekHours = attrs.field(validator=_check_week)
    calendar: Calendar = attrs.field(factory=Calendar)
    _engine: Engine = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_engine", engine_for(self.tz, self.week, self.calendar))

    # -- construction --------------------------------------------------------

    @classmethod
    def weekly(
        cls,
        hours: Mapping[str, str | Sequence[str] | None],
        *,
        tz: str,
        country: str | None = None,
        subdiv: str | None = None,
        days_off: Iterable[dt.date] | None = None,
        working_days: Iterable[dt.date] | None = None,
        special_hours: Mapping[dt.date, str | Sequence[str] | None] | None = None,
        shortened_pre_holidays: bool = False,
    ) -> Schedule:
        """A schedule from weekly hours such as ``{"mon-fri": "09:00-18:00"}``.

        Args:
            hours: weekday keys (``"mon"``, ``"mon-fri"``, ``"daily"``) to one period
                ``"09:00-18:00"`` or a list of them (a lunch break); ``"22:00-06:00"``
                runs past midnight and counts on the day it starts. Later keys override
                earlier ones.
            tz: an IANA zone name, e.g. ``"Europe/Moscow"``.
            country: a ``holidays`` country code (``"RU"``), or ``None`` for no holidays.
            subdiv: the country's subdivision, where holidays differ by region.
            days_off: the desk's own extra days off.
            working_days: extra working days; a weekend day gets the first working
                weekday's hours.
            special_hours: dates with other hours (a shortened day); ``None`` or ``""``
                closes the date.
            shortened_pre_holidays: make the working day before a Russian non-working
                holiday one hour shorter (Labour Code art. 95), from the published
                calendars where known.

        Raises:
            InvalidScheduleError: malformed hours, overlapping periods, no working time.
            UnknownTimezoneError, UnknownCountryError: names that do not exist.
        """
        calendar = Calendar.build(
            country,
            subdiv=subdiv,
            days_off=days_off,
            working_days=working_days,
            special_hours=special_hours,
            shortened_pre_holidays=shortened_pre_holidays,
        )
        return cls(tz, parse_week(hours), calendar)

    @classmethod
    def always(cls, tz: str = "UTC") -> Schedule:
        """Around the clock, every day ("круглосуточно"): working time is real time."""
        return cls(tz, parse_week(_ALWAYS))

    # -- questions -------------------------------------------------------------

    @property
    def zone(self) -> dt.tzinfo:
        """The schedule's zone as a ``tzinfo``; results come back in it."""
        return self._engine.tz

    def is_open(self, t: dt.datetime) -> bool:
        """Whether ``t`` falls in working time (a closing instant does not)."""
        answer, line = self._engine.is_open_us(to_us(t, "t"))
        if line.provisional:
            self._engine.warn(line.year, stacklevel=2)
        return answer

    def next_open(self, t: dt.datetime) -> dt.datetime:
        """``t`` itself in working time, else the next opening."""
        return self._out(*self._engine.next_open_us(to_us(t, "t")))

    def add(self, t: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """The earliest instant ``duration`` of working time after ``t``: a deadline.

        A start outside working time counts from the next opening; a deadline that
        uses up the last working minute of a day is that day's closing instant.
        """
        return self._engine.add(t, duration)

    def add_many(self, starts: Iterable[dt.datetime], duration: dt.timedelta) -> list[dt.datetime]:
        """:meth:`add` for many starts and one duration: a batch of deadlines.

        The same answers as one :meth:`add` each, about a third faster: the loop
        keeps everything local.
        """
        return self._engine.add_many(starts, duration)

    def add_array(self, starts: Any, duration: Any) -> Any:
        """:meth:`add` for a whole column of starts: the same answers, element for element.

        Args:
            starts: a numpy ``datetime64`` array (numpy's instants are UTC; never read
                as local time), a tz-aware pandas Series, or a pyarrow timestamp array
                with a time zone.
            duration: one ``datetime.timedelta`` (or numpy ``timedelta64``), or an
                array of durations as long as ``starts`` (numpy, pandas or pyarrow).

        Returns:
            The same kind as ``starts``: ``datetime64[us]`` in UTC for numpy; a Series
            in the schedule's zone with the same index for pandas;
            ``timestamp[us, tz=<zone>]`` for pyarrow. NaT and nulls stay NaT and null.

        Raises:
            NaiveDatetimeError: a pandas or pyarrow column without a time zone.
            NegativeDurationError, OutOfRangeError: as :meth:`add` raises them, naming
                the first element that has one.

        numpy, pandas and pyarrow come with ``pip install 'slakit[frame]'``; they are
        imported only when an array method is called.
        """
        return _columns.add(self._engine, starts, duration)

    def subtract_array(self, ends: Any, duration: Any) -> Any:
        """:meth:`subtract` for a column of instants; inputs and outputs as :meth:`add_array`."""
        return _columns.add(self._engine, ends, duration, backward=True)

    def elapsed_array(self, starts: Any, ends: Any) -> Any:
        """:meth:`elapsed` pair by pair for two columns of the same length.

        Columns as in :meth:`add_array`; the result is durations of the kind of
        ``starts``: ``timedelta64[us]``, a timedelta Series with the same index, or
        pyarrow ``duration[us]``, NaT or null where either end is.

        Raises:
            ReversedIntervalError, OutOfRangeError: naming the first offending pair.
        """
        return _columns.elapsed(self._engine, starts, ends)

    def is_open_array(self, instants: Any) -> Any:
        """:meth:`is_open` for a column of instants (as in :meth:`add_array`).

        A numpy bool array, a pandas ``boolean`` Series (NA where NaT came in), or a
        pyarrow bool array (null where null came in). numpy has no null boolean, so a
        NaT in a numpy column is an error.
        """
        return _columns.is_open(self._engine, instants)

    def subtract(self, t: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """The latest instant that still has ``duration`` of working time before ``t``.

        That is the latest start that meets a deadline ``t``: ``add(subtract(t, d), d)``
        is ``t`` whenever ``t`` is in working time or at a closing instant.
        """
        us, amount = to_us(t, "t"), duration_us(duration)
        result, line = self._engine.subtract_us(us, amount)
        if line.provisional:
            self._engine.warn(line.year, stacklevel=2)
        return from_us(result, self._engine.tz)

    def elapsed(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """The working time between two instants, ``start <= end``."""
        return self._engine.elapsed(start, end)

    def add_days(self, t: dt.datetime, days: int) -> dt.datetime:
        """``days`` whole working days after ``t``.

        A start at working-time offset x into its day lands x into the n-th following
        working day (at most that day's length); a start at an opening or outside
        working time ends at the closing of the n-th working day counted from the next
        opening's day. On uniform days this equals ``add(t, days * day_length)``.
        """
        if isinstance(days, bool) or not isinstance(days, int):
            raise InvalidArgumentError("days", days, "a whole number of days")
        if days < 0:
            raise NegativeDurationError("days", days)
        if days > _MAX_DAYS:
            raise OutOfRangeError(f"{days} working days reach past {MAX_YEAR}")
        return self._out(*self._engine.add_days_us(to_us(t, "t"), days))

    def periods(self, start: dt.datetime, end: dt.datetime) -> Iterator[WorkingPeriod]:
        """The working periods between two instants, clipped to them, in order.

        Each carries the date whose hours it belongs to (a night shift belongs to the
        day it starts on) and why that date is worked. This is the level below
        :meth:`elapsed` and :meth:`add`: their answers are sums over these periods.
        """
        a, b = to_us(start, "start"), to_us(end, "end")
        if b < a:
            raise ReversedIntervalError(start, end)
        engine = self._engine
        tz = engine.tz
        if b > a and (last := engine.line_at(b - 1)).provisional:
            engine.warn(last.year, stacklevel=2)
        for lo, hi, plan in engine.periods_us(a, b):
            yield WorkingPeriod(
                from_us(lo, tz), from_us(hi, tz), plan.date, plan.kind, plan.holiday
            )

    def day(self, date: dt.date) -> DayPlan:
        """The plan of one date: its hours and why (weekend, which holiday, ...)."""
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            raise InvalidArgumentError("date", date, "a datetime.date")
        year = self._engine.calendar_year(date.year)
        return self.calendar.plan(date, self.week, year)

    def is_provisional(self, year: int) -> bool:
        """Whether ``year``'s production calendar is not yet published (transfers unknown)."""
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidArgumentError("year", year, "a year as an int")
        return self._engine.calendar_year(year).provisional

    def _out(self, us: int, line: Line) -> dt.datetime:
        if line.provisional:
            self._engine.warn(line.year, stacklevel=3)
        return from_us(us, self._engine.tz)
