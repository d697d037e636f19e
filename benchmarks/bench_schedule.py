"""slakit's schedule engine against its peers, in one run, on one machine.

Mon–Fri 09:00–18:00 Europe/Moscow on the Russian production calendar, 2025–2026.
For each implementation: operations per second, the time per call as a ratio to
slakit, and how many of the same cases it answers differently from slakit.

    pip install -e ".[bench]"
    python benchmarks/bench_schedule.py [--cases 20000] [--batch 1000000]

Peers: a bare reference written for this one schedule (epoch seconds, prefix sums,
``bisect``; the floor a general engine can hope to approach), pandas
``CustomBusinessHour`` (no transferred working Saturdays), and ``businesstime``
(working time between two instants only, no transfers). Peers that are not installed
are skipped.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import random
import time
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


if __name__ == "__main__":
    main()
