"""The schedule engine: working time as flat integer timelines, one per calendar year.

A :class:`Line` holds the working periods of one local calendar year as two flat
``array('q')`` of epoch microseconds: where each period starts, and the working time
before each (a prefix sum, one longer than the periods, ending with the year's total).
A period's end is its start plus its length, so nothing else is stored. A query is one
or two binary searches in one line; an answer that crosses years walks the years'
totals, which are kept for every year ever built, so an ``elapsed`` over sixty years
holds sixty integers, not sixty years of periods.

An :class:`Engine` builds lines lazily, one year at a time, and only the year asked
about: a year's first instants that still belong to a night shift of December 31
before it are answered by the year before, so building a year never builds the one
before it. Every instant is checked against the supported years on every path, so the
same call gives the same answer (or the same error) whatever was asked before.

Lines are immutable once published and readers never see a half-built one, so a
schedule serves many threads. An engine keeps at most :data:`HELD_PERIODS` periods
built at once; older years are dropped (their totals stay) and rebuilt on demand.

Equal schedules share one engine: :func:`engine_for` keeps engines in a weak-value
dictionary keyed by the schedule's value (zone, weekly hours, calendar), guarded by a
lock. It holds nothing a schedule does not already hold, changes no answer, and an
engine goes away with the last schedule using it.
"""

from __future__ import annotations

import collections
import datetime as dt
import threading
import warnings
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from slakit._instants import EPOCH_ORDINAL, US, duration_us, from_us, to_us
from slakit.calendar import MAX_YEAR, MIN_YEAR, Calendar, CalendarYear, DayPlan
from slakit.errors import (
    OutOfRangeError,
    ProvisionalCalendarWarning,
    ReversedIntervalError,
    ScheduleTooLargeError,
    UnknownTimezoneError,
)
from slakit.hours import MAX_PERIODS_PER_DAY, WeekHours

_MINUTE_US = 60 * US
_DAY_US = 1440 * _MINUTE_US
_YEARS = MAX_YEAR - MIN_YEAR + 1
_ONE_US = dt.timedelta(microseconds=1)
_DATETIME = dt.datetime
_TIMEDELTA = dt.timedelta
_fromtimestamp = dt.datetime.fromtimestamp
_new_warning = ProvisionalCalendarWarning.__new__


def _ignored(filters: Sequence[tuple[Any, ...]], message: str) -> bool:
    """Whether ``filters`` ignore a ProvisionalCalendarWarning saying ``message`` whoever
    asks: the first filter for its category and message decides, as in ``warnings``.

    A filter that depends on the calling module or line cannot be decided here: then
    the answer is False, and ``warnings.warn`` decides as it always does.
    """
    for action, text, category, module, line in filters:
        if not issubclass(ProvisionalCalendarWarning, category):
            continue
        if text is not None and not text.match(message):
            continue
        return module is None and not line and action == "ignore"
    return False


#: The most working periods one engine keeps built at once (about 16 MiB of arrays);
#: beyond it the years built first are dropped, keeping their totals.
HELD_PERIODS = 1 << 20


def zone(name: str) -> ZoneInfo:
    """The IANA zone by name, or an error listing close names."""
    try:
        if not isinstance(name, str) or not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimezoneError(name, available_timezones()) from None


def _range_error(what: str) -> OutOfRangeError:
    return OutOfRangeError(
        f"slakit computes working time for the years {MIN_YEAR} to {MAX_YEAR}; {what}"
    )


class Line:
    """The working periods of one local calendar year, as flat integer arrays.

    ``starts[i]`` is where period ``i`` starts; ``cum[i]`` the working time before it in
    the year, ``cum[-1]`` the year's total. Instants in ``[lo, end_us)`` are answered
    here (``lo`` is later than the year's first instant only while a night shift of the
    year before runs on); the last period may run past ``end_us`` into the next year.
    ``day_w0`` is the working offset at which each working day starts, ``day_ord`` its
    day of the year (0 for January 1).
    """

    __slots__ = (
        "cum",
        "day_ord",
        "day_w0",
        "end_us",
        "index",
        "lo",
        "provisional",
        "start_us",
        "starts",
        "total",
        "year",
    )

    def __init__(
        self,
        index: int,
        bounds: tuple[int, int, int],
        periods: tuple[array[int], array[int]],
        days: tuple[array[int], array[int]],
        provisional: bool,
    ) -> None:
        self.index, self.year = index, MIN_YEAR + index
        self.start_us, self.end_us, self.lo = bounds
        self.starts, self.cum = periods
        self.day_w0, self.day_ord = days
        self.total: int = self.cum[-1]
        self.provisional = provisional

    def offset(self, us: int) -> int:
        """Working time from the year's start to ``us`` (``us >= lo``)."""
        i = bisect_right(self.starts, us) - 1
        if i < 0:
            return 0
        w: int = self.cum[i] + us - self.starts[i]
        end: int = self.cum[i + 1]
        return w if w < end else end

    def first_at(self, w: int) -> int:
        """The earliest instant at working offset ``w``, for ``0 < w <= total``."""
        j = bisect_left(self.cum, w, 1) - 1
        return self.starts[j] + w - self.cum[j]

    def last_at(self, w: int) -> int:
        """The latest instant at working offset ``w``, for ``0 <= w < total``."""
        j = bisect_right(self.cum, w) - 1
        return self.starts[j] + w - self.cum[j]

    def is_open(self, us: int) -> bool:
        i = bisect_right(self.starts, us) - 1
        return i >= 0 and us < self.starts[i] + self.cum[i + 1] - self.cum[i]

    def after(self, us: int) -> int | None:
        """The first period start after ``us`` in this year, if any."""
        i = bisect_right(self.starts, us)
        return self.starts[i] if i < len(self.starts) else None

    def day_len(self, k: int) -> int:
        end = self.day_w0[k + 1] if k + 1 < len(self.day_w0) else self.total
        return end - self.day_w0[k]

    def day_at(self, w: int) -> tuple[int, int]:
        """The working day holding offset ``w`` and ``w``'s offset into it.

        An offset at a day's closing (between days) belongs to the next day, at 0.
        """
        k = bisect_right(self.day_w0, w) - 1
        if k < 0:
            return 0, 0
        x = w - self.day_w0[k]
        if x >= self.day_len(k):
            return k + 1, 0
        return k, x


class Engine:
    """Lazily built yearly lines for one schedule (zone, week, calendar)."""

    __slots__ = (
        "__weakref__",
        "_bounds",
        "_calendar",
        "_held",
        "_held_periods",
        "_lock",
        "_night",
        "_quiet",
        "_slots",
        "_summary",
        "_warnings",
        "_week",
        "_years",
        "max_us",
        "min_us",
        "tz",
    )

    def __init__(self, tz: str, week: WeekHours, calendar: Calendar) -> None:
        self.tz = zone(tz)
        self._week = week
        self._calendar = calendar
        # Local midnight of January 1 of every supported year and the one after.
        self._bounds = [
            to_us(dt.datetime(year, 1, 1, tzinfo=self.tz)) for year in range(MIN_YEAR, MAX_YEAR + 2)
        ]
        self.min_us, self.max_us = self._bounds[0], self._bounds[-1]
        # One slot per year, with an empty slot before and after: a bisect over the
        # bounds lands on the slot of an instant's year, or on an empty one outside.
        self._slots: list[Line | None] = [None] * (_YEARS + 2)
        # Per year, once built: (working time, working days). Kept when a line is dropped.
        self._summary: list[tuple[int, int] | None] = [None] * _YEARS
        self._years: dict[int, CalendarYear] = {}
        self._warnings: dict[int, ProvisionalCalendarWarning] = {}
        # The warning filters last seen, and per year whether they ignore its warning.
        self._quiet: tuple[object, dict[int, bool]] = (None, {})
        self._held: collections.deque[int] = collections.deque()
        self._held_periods = 0
        self._lock = threading.Lock()
        # Whether a period can run past midnight into the next day (a night shift).
        self._night = any(
            h.end > 1440
            for hours in (*week, *(hours for _, hours in calendar.special_hours))
            for h in hours
        )

    def __reduce__(self) -> tuple[object, tuple[str, WeekHours, Calendar]]:
        # Caches are rebuilt on demand, so a pickle carries only what defines the schedule.
        return (engine_for, (self.tz.key, self._week, self._calendar))

    # -- building ---------------------------------------------------------------

    def _local(self, day: dt.date, minutes: int = 0) -> int:
        """Epoch microseconds of a wall-clock time ``minutes`` after ``day``'s midnight."""
        day += dt.timedelta(days=minutes // 1440)
        minutes %= 1440
        local = dt.datetime(
            day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=self.tz
        )
        return to_us(local)

    def calendar_year(self, year: int) -> CalendarYear:
        """The country's calendar for ``year``, computed once."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise OutOfRangeError(
                f"slakit knows calendars for {MIN_YEAR} to {MAX_YEAR}, not {year}"
            )
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._calendar.year(year)
        return found

    def plan(self, day: dt.date) -> DayPlan:
        return self._calendar.plan(day, self._week, self.calendar_year(day.year))

    def _intervals(self, day: dt.date, plan: DayPlan, base: int, plain: bool) -> list[int]:
        """A day's periods as flat [start, end, start, end, ...] epoch microseconds."""
        hours = plan.hours
        if len(hours) > MAX_PERIODS_PER_DAY:
            raise ScheduleTooLargeError(
                f"{day} has {len(hours)} working periods; slakit computes at most "
                f"{MAX_PERIODS_PER_DAY} a day"
            )
        flat: list[int] = []
        for h in hours:
            if plain:  # no clock change today or tomorrow: plain arithmetic
                flat += (base + h.start * _MINUTE_US, base + h.end * _MINUTE_US)
            else:
                flat += (self._local(day, h.start), self._local(day, h.end))
        return flat

    def _spill(self, index: int) -> int:
        """Where the night shift of the December 31 before year ``index`` ends, if later."""
        start = self._bounds[index]
        if not self._night or index == 0:
            return start
        eve = dt.date(MIN_YEAR + index - 1, 12, 31)
        plan = self.plan(eve)
        if not plan.hours:
            return start
        return max(start, self._local(eve, plan.hours[-1].end))

    def _make(self, index: int) -> Line:
        year = MIN_YEAR + index
        calendar_year = self.calendar_year(year)
        start_us, end_us = self._bounds[index], self._bounds[index + 1]
        lo = frontier = self._spill(index)
        first = dt.date(year, 1, 1)
        count = (dt.date(year + 1, 1, 1) - first).days
        midnights = [start_us]
        starts: list[int] = []
        before: list[int] = []
        day_w0: list[int] = []
        day_ord: list[int] = []
        total = 0
        week, plan_of = self._week, self._calendar.plan
        for i in range(count):
            day = first + dt.timedelta(days=i)
            plan = plan_of(day, week, calendar_year)
            if not plan.hours:
                continue
            while len(midnights) < i + 3:
                midnights.append(self._local(first + dt.timedelta(days=len(midnights))))
            base = midnights[i]
            flat = self._intervals(day, plan, base, midnights[i + 2] - base == 2 * _DAY_US)
            w0 = total
            for k in range(0, len(flat), 2):
                start, end = max(flat[k], frontier), flat[k + 1]
                if end <= start:  # a night shift of the day before wins
                    continue
                if not starts or start != frontier:  # not adjacent: a new period
                    starts.append(start)
                    before.append(total)
                total += end - start
                frontier = end
            if total > w0:
                day_w0.append(w0)
                day_ord.append(i)
        before.append(total)
        return Line(
            index,
            (start_us, end_us, lo),
            (array("q", starts), array("q", before)),
            (array("q", day_w0), array("H", day_ord)),
            calendar_year.provisional,
        )

    def line(self, index: int) -> Line:
        """The line of year ``MIN_YEAR + index`` (0 <= index < number of years)."""
        line = self._slots[index + 1]
        if line is not None:
            return line
        with self._lock:
            line = self._slots[index + 1]
            if line is None:
                line = self._make(index)
                self._slots[index + 1] = line
                self._summary[index] = (line.total, len(line.day_w0))
                self._held.append(index)
                self._held_periods += len(line.starts)
                while self._held_periods > HELD_PERIODS and len(self._held) > 1:
                    old = self._held.popleft()
                    dropped = self._slots[old + 1]
                    self._slots[old + 1] = None
                    self._held_periods -= len(dropped.starts) if dropped else 0
        return line

    def summary(self, index: int) -> tuple[int, int]:
        """Year ``index``'s working time and number of working days."""
        found = self._summary[index]
        if found is None:
            line = self.line(index)
            return line.total, len(line.day_w0)
        return found

    def index(self, us: int) -> int:
        """The year index of an instant, or an error outside the supported years."""
        k = bisect_right(self._bounds, us) - 1
        if not 0 <= k < _YEARS:
            raise _range_error(f"got an instant in {'an earlier' if k < 0 else 'a later'} year")
        return k

    def line_at(self, us: int) -> Line:
        """The line answering for the instant ``us``."""
        k = self.index(us)
        line = self.line(k)
        return self.line(k - 1) if us < line.lo else line

    def warn(self, year: int, stacklevel: int = 3) -> None:
        """Warn that an answer rests on a year whose calendar is not published.

        Every such answer warns (the filters decide what is shown); the message is
        made once per year and each warning is a fresh copy of it, which is a third
        of the cost of building one.
        """
        template = self._warnings.get(year)
        if template is None:
            template = ProvisionalCalendarWarning(self._calendar.country or "", year)
            self._warnings[year] = template
        filters = warnings.filters
        state = (id(filters), len(filters), filters[0] if filters else None)
        quiet = self._quiet
        if quiet[0] != state:
            quiet = self._quiet = (state, {})
        ignored = quiet[1].get(year)
        if ignored is None:
            ignored = quiet[1][year] = _ignored(filters, str(template))
        if ignored:  # what warnings.warn would do with it: nothing, at a third of the cost
            return
        warning = _new_warning(ProvisionalCalendarWarning, *template.args)
        warning.country, warning.year = template.country, year
        warnings.warn(warning, stacklevel=stacklevel + 1)

    @staticmethod
    def _check_reach(us: int, lo: int, hi: int) -> None:
        """Working time never runs faster than real time: refuse what cannot fit the range.

        The range's end instant itself is a possible answer: the closing of its last year.
        """
        if not lo <= us <= hi:
            raise _range_error("the result would fall outside them")

    # -- queries on epoch microseconds; each returns the line its answer rests on ---

    def add_us(self, us: int, amount: int) -> tuple[int, Line]:
        line = self.line_at(us)
        if amount == 0:
            return us, line
        self._check_reach(us + amount, self.min_us, self.max_us)
        w = line.offset(us) + amount
        k = line.index
        while w > (total := self.summary(k)[0]):
            w -= total
            k += 1
            if k == _YEARS:
                raise _range_error("the result would fall after them")
        line = self.line(k)
        return line.first_at(w), line

    def subtract_us(self, us: int, amount: int) -> tuple[int, Line]:
        line = self.line_at(us)
        if amount == 0:
            return us, line
        self._check_reach(us - amount, self.min_us, self.max_us)
        w = line.offset(us) - amount
        k = line.index
        while w < 0:
            k -= 1
            if k < 0:
                raise _range_error("the result would fall before them")
            w += self.summary(k)[0]
        return self.line(k).last_at(w), line

    def elapsed_us(self, a: int, b: int) -> tuple[int, Line]:
        """Working time in ``[a, b)``, and the line of its last instant."""
        first = self.line_at(a)
        if b == a:
            return 0, first
        last = self.line_at(b - 1)  # an end at a year's first instant needs nothing of it
        if last.index == first.index:
            return first.offset(b) - first.offset(a), last
        between = sum(self.summary(k)[0] for k in range(first.index + 1, last.index))
        return first.total - first.offset(a) + between + last.offset(b), last

    def is_open_us(self, us: int) -> tuple[bool, Line]:
        line = self.line_at(us)
        return line.is_open(us), line

    def next_open_us(self, us: int) -> tuple[int, Line]:
        line = self.line_at(us)
        if line.is_open(us):
            return us, line
        k = line.index
        while (found := line.after(us)) is None:
            k += 1
            if k == _YEARS:
                raise _range_error("no working time follows within them")
            line = self.line(k)
        return found, line

    def add_days_us(self, us: int, n: int) -> tuple[int, Line]:
        line = self.line_at(us)
        if n == 0:
            return us, line
        k, x = line.day_at(line.offset(us))
        # From an opening (x == 0) the n-th day ends the count; else land x into it.
        j = k + n if x else k + n - 1
        while j >= (days := len(line.day_w0)):
            j -= days
            index = line.index + 1
            while index < _YEARS and j >= (days := self.summary(index)[1]):
                j -= days
                index += 1
            if index == _YEARS:
                raise _range_error("the result would fall after them")
            line = self.line(index)
        length = line.day_len(j)
        return line.first_at(line.day_w0[j] + (min(x, length) if x else length)), line

    def periods_us(self, a: int, b: int) -> Iterator[tuple[int, int, DayPlan]]:
        """Working periods clipped to ``[a, b]``, each with the plan of the day that owns it."""
        if b <= a:
            return
        line = self.line_at(a)
        last = self.line_at(b - 1)
        w_a = line.offset(a)
        while True:
            w_b = line.offset(b) if line.index == last.index else line.total
            # Days tile the working offsets, so each day met holds some of (w_a, w_b].
            k = bisect_right(line.day_w0, w_a) - 1
            while k < len(line.day_w0) and line.day_w0[k] < w_b:
                lo = max(line.day_w0[k], w_a)
                hi = min(line.day_w0[k] + line.day_len(k), w_b)
                if lo < hi:
                    plan = self.plan(dt.date(line.year, 1, 1) + dt.timedelta(days=line.day_ord[k]))
                    for start, end in _pieces(line, lo, hi):
                        yield start, end, plan
                k += 1
            if line.index == last.index:
                return
            line, w_a = self.line(line.index + 1), 0

    # -- queries on datetimes: the hot paths, with everything local -----------

    def add(self, t: object, duration: object) -> dt.datetime:
        """:meth:`add_us` on a datetime and a timedelta, warning as its answer needs."""
        if type(t) is _DATETIME and type(duration) is _TIMEDELTA:
            off = t.utcoffset()
            if off is not None:
                us = (
                    (t.toordinal() - EPOCH_ORDINAL) * 86_400
                    + t.hour * 3_600
                    + t.minute * 60
                    + t.second
                    - off.days * 86_400
                    - off.seconds
                ) * US + (t.microsecond - off.microseconds)
                amount = (duration.days * 86_400 + duration.seconds) * US + duration.microseconds
                line = self._slots[bisect_right(self._bounds, us)]
                if line is not None and amount > 0 and us >= line.lo:
                    starts, cum = line.starts, line.cum
                    i = bisect_right(starts, us) - 1
                    if i < 0:
                        w = amount
                    else:
                        w = cum[i] + us - starts[i]
                        end = cum[i + 1]
                        w = (w if w < end else end) + amount
                    if w <= line.total:
                        j = bisect_left(cum, w, 1) - 1
                        us = starts[j] + w - cum[j]
                        if line.provisional:
                            self.warn(line.year)
                        micro = us % US
                        if micro:
                            return _fromtimestamp(us // US, self.tz).replace(microsecond=micro)
                        return _fromtimestamp(us // US, self.tz)
        us, line = self.add_us(to_us(t, "t"), duration_us(duration))
        if line.provisional:
            self.warn(line.year)
        return from_us(us, self.tz)

    def add_many(self, instants: Iterable[object], duration: object) -> list[dt.datetime]:
        """:meth:`add` over many datetimes, with every lookup hoisted out of the loop."""
        amount = duration_us(duration)
        tz, slots, bounds = self.tz, self._slots, self._bounds
        results: list[dt.datetime] = []
        append = results.append
        provisional: set[int] = set()
        for n, t in enumerate(instants):
            line = None
            if type(t) is _DATETIME and (off := t.utcoffset()) is not None:
                us = (
                    (t.toordinal() - EPOCH_ORDINAL) * 86_400
                    + t.hour * 3_600
                    + t.minute * 60
                    + t.second
                    - off.days * 86_400
                    - off.seconds
                ) * US + (t.microsecond - off.microseconds)
                line = slots[bisect_right(bounds, us)]
            if line is not None and amount > 0 and us >= line.lo:
                starts, cum = line.starts, line.cum
                i = bisect_right(starts, us) - 1
                if i < 0:
                    w = amount
                else:
                    w = cum[i] + us - starts[i]
                    end = cum[i + 1]
                    w = (w if w < end else end) + amount
                if w > line.total:
                    us, line = self.add_us(us, amount)
                else:
                    j = bisect_left(cum, w, 1) - 1
                    us = starts[j] + w - cum[j]
            else:
                us, line = self.add_us(to_us(t, f"starts[{n}]"), amount)
            if line.provisional:
                provisional.add(line.year)
            micro = us % US
            if micro:
                append(_fromtimestamp(us // US, tz).replace(microsecond=micro))
            else:
                append(_fromtimestamp(us // US, tz))
        for year in sorted(provisional):
            self.warn(year)
        return results

    def elapsed(self, start: object, end: object) -> dt.timedelta:
        """:meth:`elapsed_us` on two datetimes, warning as its answer needs."""
        a, b = to_us(start, "start"), to_us(end, "end")
        if b < a:
            raise ReversedIntervalError(start, end)
        line = self._slots[bisect_right(self._bounds, a)]
        if line is not None and line.lo <= a and b < line.end_us:
            w = line.offset(b) - line.offset(a)
        else:
            w, line = self.elapsed_us(a, b)
        if line.provisional and b > a:
            self.warn(line.year)
        return _ONE_US * w


def _pieces(line: Line, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """The real intervals holding working offsets ``(lo, hi]`` of one line."""
    cum, starts = line.cum, line.starts
    i = bisect_right(cum, lo) - 1
    while i < len(starts) and cum[i] < hi:
        yield (
            starts[i] + max(lo - cum[i], 0),
            starts[i] + min(hi, cum[i + 1]) - cum[i],
        )
        i += 1


_SHARED: weakref.WeakValueDictionary[tuple[str, WeekHours, Calendar], Engine] = (
    weakref.WeakValueDictionary()
)
_SHARED_LOCK = threading.Lock()


def engine_for(tz: str, week: WeekHours, calendar: Calendar) -> Engine:
    """The engine of a schedule: one per distinct (zone, week, calendar) value alive."""
    key = (tz, week, calendar)
    try:
        hash(key)
    except TypeError:  # a calendar holding something unhashable: no sharing, same answers
        return Engine(tz, week, calendar)
    with _SHARED_LOCK:
        engine = _SHARED.get(key)
        if engine is None:
            engine = _SHARED[key] = Engine(tz, week, calendar)
    return engine
