"""The schedule engine: working time as precomputed periods, prefix sums and bisection.

A :class:`Timeline` holds every working period of a run of whole years as sorted
epoch-microsecond intervals with the working time before and after each, plus the
working days that own them. A query is one or two binary searches, O(log n). The
:class:`Engine` builds timelines lazily, one calendar year at a time, and swaps in a
wider immutable timeline when a query reaches outside the current one; readers never
see a half-built timeline, so one schedule can serve many threads.
"""

from __future__ import annotations

import datetime as dt
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from slakit._instants import from_us, to_us
from slakit.calendar import MAX_YEAR, MIN_YEAR, Calendar, CalendarYear, DayPlan, published_through
from slakit.errors import OutOfRangeError, ProvisionalCalendarWarning, UnknownTimezoneError
from slakit.hours import WeekHours

_MINUTE_US = 60_000_000
_DAY_US = 1440 * _MINUTE_US


def zone(name: str) -> ZoneInfo:
    """The IANA zone by name, or an error listing close names."""
    try:
        if not isinstance(name, str) or not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimezoneError(name, available_timezones()) from None


class _Day:
    """One date's plan and its working intervals in epoch microseconds."""

    __slots__ = ("intervals", "plan")

    def __init__(self, plan: DayPlan, intervals: list[tuple[int, int]]) -> None:
        self.plan = plan
        self.intervals = intervals


class Timeline:
    """Every working period from the last day of ``first - 1`` to the end of ``last``.

    Instants in ``[start_us, end_us)`` (local midnight of January 1 of ``first`` to that
    of ``last + 1``) are covered; offsets are working microseconds since the first period.
    """

    __slots__ = (
        "cum_after",
        "cum_before",
        "day_len",
        "day_plans",
        "day_w0",
        "end_us",
        "ends",
        "first",
        "last",
        "start_us",
        "starts",
        "total",
    )

    def __init__(self, first: int, last: int, start_us: int, end_us: int, days: list[_Day]) -> None:
        self.first, self.last, self.start_us, self.end_us = first, last, start_us, end_us
        starts: list[int] = []
        ends: list[int] = []
        cum_before: list[int] = []
        cum_after: list[int] = []
        day_plans: list[DayPlan] = []
        day_w0: list[int] = []
        day_len: list[int] = []
        total = 0
        frontier = -(1 << 62)
        for day in days:
            w0 = total
            for opening, end in day.intervals:
                start = max(opening, frontier)  # a night shift overlapping the next day wins
                if end <= start:
                    continue
                if ends and start == ends[-1]:  # adjacent: one continuous period
                    ends[-1] = end
                    cum_after[-1] += end - start
                else:
                    starts.append(start)
                    ends.append(end)
                    cum_before.append(total)
                    cum_after.append(total + end - start)
                total += end - start
                frontier = end
            if total > w0:
                day_plans.append(day.plan)
                day_w0.append(w0)
                day_len.append(total - w0)
        self.starts, self.ends = starts, ends
        self.cum_before, self.cum_after, self.total = cum_before, cum_after, total
        self.day_plans, self.day_w0, self.day_len = day_plans, day_w0, day_len

    def covers(self, us: int) -> bool:
        return self.start_us <= us < self.end_us

    def offset(self, us: int) -> int:
        """Working time from the timeline's start to ``us``."""
        i = bisect_right(self.starts, us) - 1
        if i < 0:
            return 0
        if us >= self.ends[i]:
            return self.cum_after[i]
        return self.cum_before[i] + us - self.starts[i]

    def first_at(self, w: int) -> int:
        """The earliest instant at working offset ``w``, for 0 < w <= total."""
        i = bisect_left(self.cum_after, w)
        return self.starts[i] + w - self.cum_before[i]

    def last_at(self, w: int) -> int:
        """The latest instant at working offset ``w``, for 0 <= w < total."""
        i = bisect_right(self.cum_before, w) - 1
        return self.starts[i] + w - self.cum_before[i]

    def is_open(self, us: int) -> bool:
        i = bisect_right(self.starts, us) - 1
        return i >= 0 and us < self.ends[i]

    def day_at(self, w: int) -> tuple[int, int]:
        """The working day whose working time holds offset ``w``, and ``w``'s offset into it.

        An offset at a day's closing (between days) belongs to the next day, at 0.
        """
        k = bisect_right(self.day_w0, w) - 1
        if k < 0:
            return 0, 0
        x = w - self.day_w0[k]
        if x >= self.day_len[k]:
            return k + 1, 0
        return k, x


class Engine:
    """Lazily built timelines for one schedule (zone, week, calendar)."""

    __slots__ = (
        "_calendar",
        "_timeline",
        "_week",
        "_years",
        "max_us",
        "min_us",
        "provisional_us",
        "tz",
    )

    def __init__(self, tz: str, week: WeekHours, calendar: Calendar) -> None:
        self.tz = zone(tz)
        self._week = week
        self._calendar = calendar
        self._years: dict[int, tuple[CalendarYear, list[_Day]]] = {}
        self._timeline: Timeline | None = None
        self.min_us = self._midnight(dt.date(MIN_YEAR, 1, 1))
        self.max_us = self._midnight(dt.date(MAX_YEAR + 1, 1, 1))
        # From this instant on, the country's calendar is not published: see note().
        last = published_through(calendar.country) if calendar.country else None
        self.provisional_us = (
            self._midnight(dt.date(last + 1, 1, 1))
            if last is not None and last < MAX_YEAR
            else self.max_us
        )

    def __reduce__(self) -> tuple[type[Engine], tuple[str, WeekHours, Calendar]]:
        # Caches are rebuilt on demand, so a pickle carries only what defines the schedule.
        return (Engine, (self.tz.key, self._week, self._calendar))

    # -- building ---------------------------------------------------------------

    def _midnight(self, day: dt.date, minutes: int = 0) -> int:
        day += dt.timedelta(days=minutes // 1440)
        minutes %= 1440
        local = dt.datetime(
            day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=self.tz
        )
        return to_us(local)

    def _year(self, year: int) -> tuple[CalendarYear, list[_Day]]:
        cached = self._years.get(year)
        if cached is None:
            calendar_year = self._calendar.year(year)
            first = dt.date(year, 1, 1)
            count = (dt.date(year + 1, 1, 1) - first).days
            # Local midnights of the year and two days beyond (night shifts end there).
            midnights = [self._midnight(first + dt.timedelta(days=i)) for i in range(count + 2)]
            days = []
            for i in range(count):
                day = first + dt.timedelta(days=i)
                plan = self._calendar.plan(day, self._week, calendar_year)
                base = midnights[i]
                if midnights[i + 2] - base == 2 * _DAY_US:  # no clock change: plain arithmetic
                    intervals = [
                        (base + h.start * _MINUTE_US, base + h.end * _MINUTE_US) for h in plan.hours
                    ]
                else:
                    intervals = [
                        (self._midnight(day, h.start), self._midnight(day, h.end))
                        for h in plan.hours
                    ]
                days.append(_Day(plan, intervals))
            cached = self._years[year] = (calendar_year, days)
        return cached

    def _build(self, first: int, last: int) -> Timeline:
        if first < MIN_YEAR or last > MAX_YEAR:
            raise OutOfRangeError(
                f"slakit computes working time for the years {MIN_YEAR} to {MAX_YEAR}; "
                f"this needs {first if first < MIN_YEAR else last}"
            )
        current = self._timeline
        if current is not None:
            first, last = min(first, current.first), max(last, current.last)
        days = self._year(first - 1)[1][-1:] if first > MIN_YEAR else []
        for year in range(first, last + 1):
            days.extend(self._year(year)[1])
        timeline = Timeline(
            first,
            last,
            self._midnight(dt.date(first, 1, 1)),
            self._midnight(dt.date(last + 1, 1, 1)),
            days,
        )
        self._timeline = timeline
        return timeline

    def _year_of(self, us: int) -> int:
        if not self.min_us <= us < self.max_us:
            raise OutOfRangeError(
                f"slakit computes working time for the years {MIN_YEAR} to {MAX_YEAR}; "
                f"got an instant in {'an earlier' if us < self.min_us else 'a later'} year"
            )
        return from_us(us, self.tz).year

    def cover(self, us: int) -> Timeline:
        """A timeline covering the instant ``us``."""
        timeline = self._timeline
        if timeline is not None and timeline.start_us <= us < timeline.end_us:
            return timeline
        year = self._year_of(us)
        return self._build(year, year)

    def cover_both(self, a: int, b: int) -> Timeline:
        timeline = self._timeline
        if timeline is not None and timeline.covers(a) and timeline.covers(b):
            return timeline
        return self._build(self._year_of(a), self._year_of(b))

    def wider(self, timeline: Timeline, *, forward: bool) -> Timeline:
        """The timeline one step wider: a year at first, then doubling, for long amounts."""
        step = max(1, (timeline.last - timeline.first + 1) // 2)
        if forward:
            return self._build(timeline.first, min(timeline.last + step, MAX_YEAR + 1))
        return self._build(max(timeline.first - step, MIN_YEAR - 1), timeline.last)

    def note(self, us: int) -> int:
        """Pass ``us`` through, warning when an answer rests on an unpublished calendar.

        Called with the latest instant an answer depends on; a result warns every time
        it relies on a provisional year, so the warning filters decide, not caches.
        """
        if self.provisional_us <= us < self.max_us:  # beyond max_us the range check speaks
            year = from_us(us, self.tz).year
            warnings.warn(
                ProvisionalCalendarWarning(self._calendar.country or "", year), stacklevel=3
            )
        return us

    # -- queries (all in epoch microseconds) ------------------------------------

    def is_open(self, us: int) -> bool:
        return self.cover(us).is_open(us)

    def next_open(self, us: int) -> int:
        timeline = self.cover(us)
        while True:
            i = bisect_right(timeline.starts, us) - 1
            if i >= 0 and us < timeline.ends[i]:
                return us
            if i + 1 < len(timeline.starts):
                return timeline.starts[i + 1]
            timeline = self.wider(timeline, forward=True)

    def add(self, us: int, amount: int) -> int:
        # The hot path, inlined: one check that the timeline covers the answer, two bisects.
        timeline = self._timeline
        if timeline is not None and timeline.start_us <= us < timeline.end_us:
            starts = timeline.starts
            i = bisect_right(starts, us) - 1
            if i < 0:
                target = amount
            elif us >= timeline.ends[i]:
                target = timeline.cum_after[i] + amount
            else:
                target = timeline.cum_before[i] + us - starts[i] + amount
            if amount > 0 and target <= timeline.total:
                j = bisect_left(timeline.cum_after, target)
                return starts[j] + target - timeline.cum_before[j]
        return self._add_widening(us, amount)

    def add_datetimes(self, instants: Iterable[object], amount: int) -> list[dt.datetime]:
        """:meth:`add` over many datetimes, with every lookup hoisted out of the loop.

        Whole-second starts in a ``ZoneInfo`` zone plus a whole-second amount give
        whole-second deadlines (periods start on whole minutes), which skips the
        exact but slower conversions.
        """
        tz = self.tz
        fromtimestamp = dt.datetime.fromtimestamp
        whole = amount > 0 and not amount % 1_000_000
        results: list[dt.datetime] = []
        append = results.append
        timeline = self._timeline or Timeline(MIN_YEAR, MIN_YEAR, 0, 0, [])  # covers nothing
        starts, ends = timeline.starts, timeline.ends
        before, after, total = timeline.cum_before, timeline.cum_after, timeline.total
        lo, hi = timeline.start_us, timeline.end_us
        for t in instants:
            if (
                whole
                and type(t) is dt.datetime
                and type(t.tzinfo) is ZoneInfo
                and not t.microsecond
            ):
                us = int(t.timestamp()) * 1_000_000
                if lo <= us < hi:
                    i = bisect_right(starts, us) - 1
                    if i < 0:
                        target = amount
                    elif us >= ends[i]:
                        target = after[i] + amount
                    else:
                        target = before[i] + us - starts[i] + amount
                    if target <= total:
                        j = bisect_left(after, target)
                        us = starts[j] + target - before[j]
                        if us >= self.provisional_us:
                            self.note(us)
                        append(fromtimestamp(us // 1_000_000, tz))
                        continue
            append(from_us(self.note(self.add(to_us(t, "starts[]"), amount)), tz))
            if self._timeline is not timeline and self._timeline is not None:
                timeline = self._timeline
                starts, ends = timeline.starts, timeline.ends
                before, after, total = timeline.cum_before, timeline.cum_after, timeline.total
                lo, hi = timeline.start_us, timeline.end_us
        return results

    def _add_widening(self, us: int, amount: int) -> int:
        if amount == 0:
            self.cover(us)
            return us
        self._check_reach(us + amount)
        timeline = self.cover(us)
        while True:
            target = timeline.offset(us) + amount
            if target <= timeline.total:
                return timeline.first_at(target)
            timeline = self.wider(timeline, forward=True)

    def subtract(self, us: int, amount: int) -> int:
        if amount == 0:
            self.cover(us)
            return us
        self._check_reach(us - amount)
        timeline = self.cover(us)
        while True:
            target = timeline.offset(us) - amount
            if target >= 0:
                return timeline.last_at(target)
            timeline = self.wider(timeline, forward=False)

    def elapsed(self, a: int, b: int) -> int:
        timeline = self._timeline
        if timeline is None or not timeline.start_us <= a <= b <= timeline.end_us:
            # An end at a year's first instant needs nothing of that year's calendar.
            timeline = self.cover_both(a, max(a, b - 1))
        return timeline.offset(b) - timeline.offset(a)

    def add_days(self, us: int, n: int) -> int:
        if n == 0:
            self.cover(us)
            return us
        timeline = self.cover(us)
        while True:
            k, x = timeline.day_at(timeline.offset(us))
            # From an opening (x == 0) the n-th day ends the count; else land x into it.
            j = k + n if x else k + n - 1
            if j < len(timeline.day_w0):
                length = timeline.day_len[j]
                return timeline.first_at(
                    timeline.day_w0[j] + min(x, length) if x else timeline.day_w0[j] + length
                )
            timeline = self.wider(timeline, forward=True)

    def _check_reach(self, us: int) -> None:
        """Working time never runs faster than real time: refuse what cannot fit the range."""
        if not self.min_us <= us < self.max_us:
            raise OutOfRangeError(
                f"the result would fall outside the years {MIN_YEAR} to {MAX_YEAR} "
                "that slakit computes working time for"
            )

    def periods(self, a: int, b: int) -> Iterator[tuple[int, int, DayPlan]]:
        """Working periods clipped to ``[a, b]``, each with the plan of the day that owns it."""
        timeline = self.cover_both(a, max(a, b - 1))
        w_a, w_b = timeline.offset(a), timeline.offset(b)
        if w_b <= w_a:
            return
        # Days tile the working offsets, so each day met holds some of (w_a, w_b].
        k = bisect_right(timeline.day_w0, w_a) - 1
        while k < len(timeline.day_w0) and timeline.day_w0[k] < w_b:
            lo = max(timeline.day_w0[k], w_a)
            hi = min(timeline.day_w0[k] + timeline.day_len[k], w_b)
            yield from self._pieces(timeline, lo, hi, timeline.day_plans[k])
            k += 1

    @staticmethod
    def _pieces(
        timeline: Timeline, lo: int, hi: int, plan: DayPlan
    ) -> Iterator[tuple[int, int, DayPlan]]:
        """The real intervals holding working offsets ``(lo, hi]`` of one day."""
        i = bisect_right(timeline.cum_after, lo)
        while i < len(timeline.starts) and timeline.cum_before[i] < hi:
            start = timeline.starts[i] + max(lo - timeline.cum_before[i], 0)
            end = timeline.starts[i] + min(hi, timeline.cum_after[i]) - timeline.cum_before[i]
            yield start, end, plan
            i += 1

    def calendar_year(self, year: int) -> CalendarYear:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise OutOfRangeError(
                f"slakit knows calendars for {MIN_YEAR} to {MAX_YEAR}, not {year}"
            )
        return self._year(year)[0]
