"""The spine in DuckDB against the scalar engine: deadlines and elapsed time in bulk.

Mon-Fri 09:00-18:00 Europe/Moscow on the Russian production calendar (the AdVantShop
preset), a spine over 2024-2027. Both sides answer the same random cases: one SQL query
each for elapsed time and deadlines over a table of cases in DuckDB, against a Python
loop of ``Schedule.elapsed`` / ``Schedule.add``. Prints wall times, throughput, the
ratio, and how many answers differ (it must be 0).

    pip install -e ".[sql]"
    python benchmarks/bench_spine.py [--cases 1000000] [--threads N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import time
from collections.abc import Callable
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

import slakit
from slakit import spine

ROOT = pathlib.Path(__file__).parent.parent
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ONE_US = dt.timedelta(microseconds=1)
HOUR_US = 3_600_000_000


def timed(run: Callable[[], Any]) -> tuple[Any, float]:
    began = time.perf_counter()
    result = run()
    return result, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all)")
    args = parser.parse_args()
    n = args.cases
    schedule = slakit.presets.get("advantshop").schedule

    table, build = timed(lambda: spine.table(schedule, 2024, 2027))
    start, end = spine.bounds(schedule, 2024, 2027)
    lo, hi = (start - EPOCH) // ONE_US, (end - EPOCH) // ONE_US
    rng = np.random.default_rng(2024)
    t = rng.integers(lo, hi - 90 * 24 * HOUR_US, n)
    t -= t % 1_000_000  # whole seconds, the engine's fast path
    d = rng.integers(0, 48, n) * HOUR_US
    b = t + rng.integers(0, 30 * 24 * HOUR_US, n)
    b -= b % 1_000_000

    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    threads = con.execute("SELECT current_setting('threads')").fetchall()[0]
    utc = pa.timestamp("us", tz="UTC")
    ids = np.arange(n)
    con.register("spine", table)
    con.register("starts", pa.table({"id": ids, "start_at": pa.array(t, utc), "duration_us": d}))
    con.register(
        "intervals",
        pa.table({"id": ids, "start_at": pa.array(t, utc), "end_at": pa.array(b, utc)}),
    )
    sql_dir = ROOT / "docs" / "sql"
    deadlines, sql_deadline = timed(
        lambda: con.sql((sql_dir / "duckdb-deadline.sql").read_text()).to_arrow_table()
    )
    elapsed, sql_elapsed = timed(
        lambda: con.sql((sql_dir / "duckdb-elapsed.sql").read_text()).to_arrow_table()
    )

    starts = [EPOCH + dt.timedelta(microseconds=x) for x in t.tolist()]
    ends = [EPOCH + dt.timedelta(microseconds=x) for x in b.tolist()]
    durations = [dt.timedelta(microseconds=x) for x in d.tolist()]
    want_deadline, py_deadline = timed(
        lambda: [schedule.add(s, x) for s, x in zip(starts, durations, strict=True)]
    )
    want_elapsed, py_elapsed = timed(
        lambda: [schedule.elapsed(s, e) for s, e in zip(starts, ends, strict=True)]
    )

    got_deadline = deadlines.sort_by("id").column("deadline").cast(pa.int64()).to_numpy()
    got_elapsed = elapsed.sort_by("id").column("elapsed_us").to_numpy()
    differ = int((got_deadline != np.array([(x - EPOCH) // ONE_US for x in want_deadline])).sum())
    differ += int((got_elapsed != np.array([x // ONE_US for x in want_elapsed])).sum())

    print(f"spine: {table.num_rows} periods over 2024-2027, built in {build * 1000:.0f} ms")
    print(f"{n:,} cases; DuckDB {duckdb.__version__}, {threads[0]} threads")
    for name, sql_s, py_s in (
        ("deadline", sql_deadline, py_deadline),
        ("elapsed", sql_elapsed, py_elapsed),
    ):
        print(
            f"{name:<9} DuckDB {sql_s:6.2f} s ({n / sql_s / 1e6:5.2f} M/s)   "
            f"scalar engine {py_s:6.2f} s ({n / py_s / 1e6:5.2f} M/s)   ratio {py_s / sql_s:5.1f}x"
        )
    print(f"answers that differ: {differ}")


if __name__ == "__main__":
    main()
