"""slakit's array methods against a bare numpy reference and the scalar loop, in one run.

Mon–Fri 09:00–18:00 Europe/Moscow on the Russian production calendar, starts spread
over 2025–2026. ``add_array`` and ``elapsed_array`` on N starts (1,000,000 by default)
against:

- a bare numpy reference written here for this one schedule: its periods as int64
  epoch microseconds with prefix sums, one ``searchsorted`` for the offsets and one
  for the answers, no checks (targets: slakit within 2x of it);
- ``Schedule.add_many`` and a loop of ``Schedule.elapsed`` over the same starts as
  Python datetimes (target: ``add_array`` at least 15x faster than ``add_many``).

    pip install -e ".[frame]"
    python benchmarks/bench_arrays.py [--size 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from slakit import Schedule

US = 1_000_000


class NumpyReference:
    """The schedule's periods, December 2024 to 2026, as int64 arrays; searchsorted alone."""

    def __init__(self, schedule: Schedule) -> None:
        tz = schedule.zone
        periods = list(
            schedule.periods(
                dt.datetime(2024, 12, 1, tzinfo=tz), dt.datetime(2027, 1, 1, tzinfo=tz)
            )
        )
        to_us = np.vectorize(
            lambda t: (t - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
        )
        self.starts = to_us([p.start for p in periods]).astype(np.int64)
        ends = to_us([p.end for p in periods]).astype(np.int64)
        lengths = ends - self.starts
        self.after = np.cumsum(lengths)
        self.before = self.after - lengths

    def offsets(self, us: np.ndarray) -> np.ndarray:
        i = np.searchsorted(self.starts, us, side="right") - 1
        into = np.minimum(us - self.starts[i], self.after[i] - self.before[i])
        return self.before[i] + into

    def add(self, starts: np.ndarray, amount: int) -> np.ndarray:
        w = self.offsets(starts.view(np.int64)) + amount
        j = np.searchsorted(self.after, w, side="left")
        return (self.starts[j] + w - self.before[j]).view("datetime64[us]")

    def elapsed(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        out = self.offsets(ends.view(np.int64)) - self.offsets(starts.view(np.int64))
        return out.view("timedelta64[us]")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def race(
    ours: Callable[[], Any], theirs: Callable[[], Any], repeat: int = 5
) -> tuple[float, float, Any, Any]:
    """Both in turns; the fastest run of each is the least disturbed by other load."""
    mine, other = [], []
    for _ in range(repeat):
        mine.append(timed(ours))
        other.append(timed(theirs))
    return min(t for t, _ in mine), min(t for t, _ in other), mine[0][1], other[0][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--loop", type=int, default=100_000, help="starts for the scalar loops")
    args = parser.parse_args()
    schedule = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
    rng = np.random.default_rng(20261122)
    origin = np.datetime64("2025-01-09T00:00", "us")
    minutes = rng.integers(0, 600_000, args.size)  # up to late 2026
    starts = origin + minutes * np.timedelta64(60, "s")
    ends = starts + rng.integers(0, 20_000, args.size) * np.timedelta64(60, "s")
    amount = dt.timedelta(hours=3)
    reference = NumpyReference(schedule)
    schedule.add_array(starts[:10], amount)  # build the years outside the timings

    print(f"\n### {args.size:,} elements (targets: within 2x of numpy; add_array 15x add_many)\n")
    print("| call | slakit | bare numpy reference | slakit vs numpy | differing |")
    print("| --- | --- | --- | --- | --- |")
    mine, other, ours, theirs = race(
        lambda: schedule.add_array(starts, amount),
        lambda: reference.add(starts, amount // dt.timedelta(microseconds=1)),
    )
    print(
        f"| `add_array` | {mine:.3f} s | {other:.3f} s | {mine / other:.2f}x "
        f"| {int(np.sum(ours != theirs))} |"
    )
    spans_mine, spans_other, ours, theirs = race(
        lambda: schedule.elapsed_array(starts, ends), lambda: reference.elapsed(starts, ends)
    )
    print(
        f"| `elapsed_array` | {spans_mine:.3f} s | {spans_other:.3f} s "
        f"| {spans_mine / spans_other:.2f}x | {int(np.sum(ours != theirs))} |"
    )

    # The scalar paths on a slice, scaled to the full size.
    count = min(args.loop, args.size)
    utc = [t.replace(tzinfo=dt.UTC) for t in starts[:count].tolist()]
    utc_ends = [t.replace(tzinfo=dt.UTC) for t in ends[:count].tolist()]
    many, answers = timed(lambda: schedule.add_many(utc, amount))
    loop, spans = timed(
        lambda: [schedule.elapsed(a, b) for a, b in zip(utc, utc_ends, strict=True)]
    )
    many *= args.size / count
    loop *= args.size / count
    print(f"\n### against the scalar paths ({count:,} starts, scaled to {args.size:,})\n")
    print("| call | time | array method faster by |")
    print("| --- | --- | --- |")
    print(f"| `add_many` | {many:.2f} s | {many / mine:.0f}x |")
    print(f"| `elapsed` in a loop | {loop:.2f} s | {loop / spans_mine:.0f}x |")
    check = schedule.add_array(starts[:count], amount)
    wrong = sum(
        a.astimezone(dt.UTC).replace(tzinfo=None) != b
        for a, b in zip(answers, check.tolist(), strict=True)
    )
    wrong += sum(
        s != b
        for s, b in zip(
            spans, schedule.elapsed_array(starts[:count], ends[:count]).tolist(), strict=True
        )
    )
    print(f"\nscalar and array answers differing: {wrong} of {2 * count:,}")


if __name__ == "__main__":
    main()
