"""slakit's schedule engine against its peers, in one run, on one machine.

Mon–Fri 09:00–18:00 Europe/Moscow on the Russian production calendar, 2025–2026.
For each implementation: operations per second, the time per call as a ratio to
slakit, and how many of the same cases it answers differently from slakit.

    pip install -e ".[bench]"
    python benchmarks/bench_schedule.py [--cases 20000] [--batch 1000000]

Peers: a general pure-Python reference (any zone: epoch microseconds, prefix sums,
``bisect`` over plain lists, the cheapest exact conversions; the floor a general
engine can hope to approach), a bare reference written for this one schedule (epoch
seconds as floats), pandas ``CustomBusinessHour`` (no transferred working Saturdays),
and ``businesstime`` (working time between two instants only, no transfers). Peers
that are not installed are skipped. The general reference also runs on starts in 2030,
a year whose production calendar is not published (every slakit answer there issues a
``ProvisionalCalendarWarning``; the run ignores them, as a filter would). Last, the
memory one schedule-year of built timelines takes, measured with ``tracemalloc``.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import random
import time
import tracemalloc
import warnings
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from slakit import Schedule

MSK = ZoneInfo("Europe/Moscow")
YEARS = (2025, 2026)


def russian_days() -> tuple[set[dt.date], set[dt.date]]:
    found = holidays.country_holidays("RU", years=YEARS)
    return set(found), set(found.weekend_workdays)


class BareReference:
    """The minimum for one fixed schedule: sorted periods, prefix sums, bisect."""

    def __init__(self) -> None:
        off, extra = russian_days()
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.before: list[float] = []
        self.after: list[float] = []
        total = 0.0
        day = dt.date(YEARS[0], 1, 1)
        while day.year <= YEARS[-1]:
            if (day.weekday() < 5 or day in extra) and day not in off:
                a = dt.datetime.combine(day, dt.time(9), MSK).timestamp()
                b = dt.datetime.combine(day, dt.time(18), MSK).timestamp()
                self.starts.append(a)
                self.ends.append(b)
                self.before.append(total)
                total += b - a
                self.after.append(total)
            day += dt.timedelta(days=1)

    def _offset(self, ts: float) -> float:
        i = bisect.bisect_right(self.starts, ts) - 1
        if i < 0:
            return 0.0
        return self.after[i] if ts >= self.ends[i] else self.before[i] + ts - self.starts[i]

    def add(self, t: dt.datetime, d: dt.timedelta) -> dt.datetime:
        w = self._offset(t.timestamp()) + d.total_seconds()
        i = bisect.bisect_left(self.after, w)
        return dt.datetime.fromtimestamp(self.starts[i] + w - self.before[i], MSK)

    def elapsed(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        return dt.timedelta(seconds=self._offset(b.timestamp()) - self._offset(a.timestamp()))


US = 1_000_000
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
ONE_US = dt.timedelta(microseconds=1)


class GeneralReference:
    """Any schedule, any zone: its periods as epoch microseconds in lists, prefix sums.

    The limit for a general pure-Python engine: one flat timeline over all the years
    (no year lookup, no range checks, no warnings), exact integer conversions.
    """

    def __init__(self, schedule: Schedule, first: int, last: int) -> None:
        self.tz = schedule.zone
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.before: list[int] = []
        self.after: list[int] = []
        total = 0
        a = dt.datetime(first, 1, 1, tzinfo=self.tz)
        b = dt.datetime(last + 1, 1, 1, tzinfo=self.tz)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            periods = list(schedule.periods(a, b))
        for period in periods:
            start, end = self.us(period.start), self.us(period.end)
            if self.ends and self.ends[-1] == start:
                self.ends[-1] = end
                self.after[-1] += end - start
            else:
                self.starts.append(start)
                self.ends.append(end)
                self.before.append(total)
                self.after.append(total + end - start)
            total += end - start

    @staticmethod
    def us(t: dt.datetime) -> int:
        off = t.utcoffset()
        assert off is not None
        return (
            (t.toordinal() - EPOCH_ORDINAL) * 86_400
            + t.hour * 3_600
            + t.minute * 60
            + t.second
            - off.days * 86_400
            - off.seconds
        ) * US + (t.microsecond - off.microseconds)

    def _offset(self, us: int) -> int:
        i = bisect.bisect_right(self.starts, us) - 1
        if i < 0:
            return 0
        return self.after[i] if us >= self.ends[i] else self.before[i] + us - self.starts[i]

    def add(self, t: dt.datetime, d: dt.timedelta) -> dt.datetime:
        w = self._offset(self.us(t)) + (d.days * 86_400 + d.seconds) * US + d.microseconds
        j = bisect.bisect_left(self.after, w)
        us = self.starts[j] + w - self.before[j]
        micro = us % US
        out = dt.datetime.fromtimestamp(us // US, self.tz)
        return out.replace(microsecond=micro) if micro else out

    def elapsed(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        return ONE_US * (self._offset(self.us(b)) - self._offset(self.us(a)))


def race(
    ours: Callable[[], Any], theirs: Callable[[], Any], repeat: int = 11
) -> tuple[float, float, Any, Any]:
    """Both, run in turns; the fastest run of each is the least disturbed by other load."""
    mine, other = [], []
    for _ in range(repeat):
        mine.append(timed(ours))
        other.append(timed(theirs))
    return min(t for t, _ in mine), min(t for t, _ in other), mine[0][1], other[0][1]


def bench_general(schedule: Schedule, cases: int) -> list[str]:
    """slakit against the general reference, on starts in 2025-2026 and in 2030."""
    reference = GeneralReference(schedule, 2024, 2032)
    lines = []
    for year in (2025, 2030):
        rng = random.Random(year)
        origin = dt.datetime(year, 1, 9, tzinfo=MSK)
        starts = [origin + dt.timedelta(minutes=rng.randrange(600_000)) for _ in range(cases)]
        amounts = [dt.timedelta(hours=rng.randint(1, 40)) for _ in range(cases)]
        ends = [t + dt.timedelta(minutes=rng.randrange(20_000)) for t in starts]
        pairs = list(zip(starts, amounts, strict=True))
        spans = list(zip(starts, ends, strict=True))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, ours, theirs in (
                (
                    "add",
                    lambda pairs=pairs: [schedule.add(t, d) for t, d in pairs],
                    lambda pairs=pairs: [reference.add(t, d) for t, d in pairs],
                ),
                (
                    "elapsed",
                    lambda spans=spans: [schedule.elapsed(a, b) for a, b in spans],
                    lambda spans=spans: [reference.elapsed(a, b) for a, b in spans],
                ),
            ):
                ours()  # build the years outside the timing
                mine, other, answers, expected = race(ours, theirs)
                wrong = sum(x != y for x, y in zip(answers, expected, strict=True))
                lines.append(
                    f"| `{name}`, starts in {year} | {cases / mine:,.0f} | {cases / other:,.0f} "
                    f"| {mine / other:.2f}x | {wrong} of {cases} |"
                )
    return lines


def bench_memory() -> list[str]:
    """Bytes one schedule-year of built timelines holds, from tracemalloc."""
    from slakit._engine import Engine

    lines = []
    for hours in ({"mon-fri": "09:00-18:00"}, {"mon-fri": ["09:00-13:00", "14:00-18:00"]}):
        template = Schedule.weekly(hours, tz="Europe/Moscow", country="RU")
        engine = Engine(template.tz, template.week, template.calendar)
        for year in range(2016, 2026):  # the calendars themselves, outside the measure
            engine.calendar_year(year)
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        for index in range(2016 - 1970, 2026 - 1970):
            engine.line(index)
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        size = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
        lines.append(f"| {hours} | {size / 10 / 1024:.1f} KiB |")
    return lines


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def make_cases(n: int) -> tuple[list[dt.datetime], list[dt.timedelta], list[dt.datetime]]:
    rng = random.Random(20261122)
    origin = dt.datetime(2025, 1, 9, tzinfo=MSK)
    span = (dt.datetime(2026, 11, 30, tzinfo=MSK) - origin) // dt.timedelta(minutes=1)
    starts = [origin + dt.timedelta(minutes=rng.randrange(span)) for _ in range(n)]
    amounts = [dt.timedelta(hours=rng.randint(1, 40)) for _ in range(n)]
    ends = [t + dt.timedelta(minutes=rng.randrange(60 * 24 * 20)) for t in starts]
    return starts, amounts, ends


def row(name: str, seconds: float, n: int, base: float | None, wrong: int | None) -> str:
    rate = n / seconds
    ratio = "1.0x" if base is None else f"{seconds / base:.1f}x"
    misses = "-" if wrong is None else f"{wrong} of {n}"
    return f"| {name} | {rate:,.0f} | {ratio} | {misses} |"


def bench_add(
    schedule: Schedule, starts: Sequence[dt.datetime], amounts: Sequence[dt.timedelta]
) -> list[str]:
    n = len(starts)
    base, ours = timed(lambda: [schedule.add(t, d) for t, d in zip(starts, amounts, strict=True)])
    lines = [row("slakit `Schedule.add`", base, n, None, None)]
    bare = BareReference()
    seconds, theirs = timed(lambda: [bare.add(t, d) for t, d in zip(starts, amounts, strict=True)])
    lines.append(
        row(
            "bare reference (one fixed schedule)",
            seconds,
            n,
            base,
            sum(a != b for a, b in zip(ours, theirs, strict=True)),
        )
    )
    try:
        import pandas as pd
    except ImportError:
        return [*lines, "| pandas `CustomBusinessHour` | not installed | | |"]
    off, _ = russian_days()
    hour = pd.offsets.CustomBusinessHour(start="09:00", end="18:00", holidays=sorted(off))
    local = [pd.Timestamp(t.replace(tzinfo=None)) for t in starts]
    hours = [int(d / dt.timedelta(hours=1)) for d in amounts]
    seconds, theirs = timed(lambda: [ts + h * hour for ts, h in zip(local, hours, strict=True)])
    wrong = sum(
        a.replace(tzinfo=None) != b.to_pydatetime() for a, b in zip(ours, theirs, strict=True)
    )
    lines.append(row("pandas `CustomBusinessHour`", seconds, n, base, wrong))
    return lines


def bench_elapsed(
    schedule: Schedule, starts: Sequence[dt.datetime], ends: Sequence[dt.datetime]
) -> list[str]:
    n = len(starts)
    base, ours = timed(lambda: [schedule.elapsed(a, b) for a, b in zip(starts, ends, strict=True)])
    lines = [row("slakit `Schedule.elapsed`", base, n, None, None)]
    bare = BareReference()
    seconds, theirs = timed(lambda: [bare.elapsed(a, b) for a, b in zip(starts, ends, strict=True)])
    lines.append(
        row(
            "bare reference (one fixed schedule)",
            seconds,
            n,
            base,
            sum(a != b for a, b in zip(ours, theirs, strict=True)),
        )
    )
    try:
        import businesstime
    except ImportError:
        return [*lines, "| businesstime | not installed | | |"]
    off, _ = russian_days()
    peer = businesstime.BusinessTime(business_hours=(dt.time(9), dt.time(18)), holidays=sorted(off))
    naive = [
        (a.replace(tzinfo=None), b.replace(tzinfo=None)) for a, b in zip(starts, ends, strict=True)
    ]
    count = min(n, 2000)  # businesstime walks day by day: a slice keeps the run short
    seconds, theirs = timed(lambda: [peer.businesstime_hours(a, b) for a, b in naive[:count]])
    wrong = sum(a != b for a, b in zip(ours[:count], theirs, strict=True))
    lines.append(
        row("businesstime `businesstime_hours`", seconds * n / count, n, base, wrong * n // count)
    )
    return lines


def bench_batch(schedule: Schedule, size: int) -> list[str]:
    rng = random.Random(7)
    origin = dt.datetime(2025, 1, 9, tzinfo=MSK)
    starts = [origin + dt.timedelta(minutes=rng.randrange(900_000)) for _ in range(size)]
    seconds, _ = timed(lambda: schedule.add_many(starts, dt.timedelta(hours=3)))
    return [
        f"| slakit `Schedule.add_many`, {size:,} deadlines | {size / seconds:,.0f} "
        f"| {seconds:.2f} s in all | |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=1_000_000)
    args = parser.parse_args()
    schedule = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
    starts, amounts, ends = make_cases(args.cases)
    schedule.add(starts[0], amounts[0])  # build the calendar once, outside the timings
    schedule.elapsed(starts[0], dt.datetime(2026, 12, 31, tzinfo=MSK))
    header = [
        "| implementation | ops/s | time per call vs slakit | answers differing from slakit |",
        "| --- | --- | --- | --- |",
    ]
    print("\n### add: a deadline N working hours after a start\n")
    print("\n".join([*header, *bench_add(schedule, starts, amounts)]))
    print("\n### elapsed: working time between two instants\n")
    print("\n".join([*header, *bench_elapsed(schedule, starts, ends)]))
    print("\n### batch\n")
    print("\n".join([*header, *bench_batch(schedule, args.batch)]))
    print("\n### against a general pure-Python reference (targets: add 1.3x, elapsed 1.5x)\n")
    print("| call | slakit ops/s | reference ops/s | slakit time vs reference | differing |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(bench_general(schedule, args.cases)))
    print("\n### memory per schedule-year (target: 40 KiB or less)\n")
    print("| weekly hours | built timelines per year |")
    print("| --- | --- |")
    print("\n".join(bench_memory()))


if __name__ == "__main__":
    main()
