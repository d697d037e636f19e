"""What slakit.spark costs on PySpark in local mode: session, ticket table, columns.

    python benchmarks/bench_spark.py [--tickets 20000] [--rows 200000] [--per-ticket 300]

Prints: the time to start a ``local[2]`` session; ``slakit.spark.statuses`` over
``--tickets`` generated tickets (tests/engine_tickets.py) grouped in hash buckets,
best of two, against ``slakit.frame.statuses`` in one process; the same over
``--per-ticket`` tickets grouped one group per ticket, as milliseconds per ticket
(why ``statuses`` groups by bucket); and ``slakit.spark.add`` / ``elapsed`` over
``--rows`` starts. The rows are checked against the single-process answers: the count
of differences is printed (zero). Needs Java and ``pip install 'slakit[spark]'``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import sys
import time
import warnings

import pandas as pd

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
# PySpark 4.3 on pandas 3: a FutureWarning at every pandas UDF; the answers are checked.
warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)

from pyspark.sql import SparkSession  # noqa: E402 - after the path and warning set-up
from pyspark.sql import functions as sf  # noqa: E402
from tests import engine_tickets  # noqa: E402

from slakit import frame, presets  # noqa: E402
from slakit import spark as sspark  # noqa: E402

EVENTS = (
    "ticket string, preset string, level string, reason string, event string, "
    "at timestamp, coupon struct<code string, issued_at string>"
)


def _us(value: dt.datetime) -> int:
    return (value - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


def timed(action: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--per-ticket", type=int, default=300)
    args = parser.parse_args()

    seconds, spark = timed(
        lambda: (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )
    )
    spark.sparkContext.setLogLevel("ERROR")  # type: ignore[attr-defined]
    print(f"local[2] session start: {seconds:6.2f} s")

    events = engine_tickets.frame(args.tickets)
    single, want = timed(lambda: frame.statuses(events, now=engine_tickets.NOW))
    df = spark.createDataFrame(events, EVENTS).cache()  # type: ignore[attr-defined]
    df.count()
    runs = []
    for _ in range(2):
        runs.append(timed(lambda: sspark.statuses(df, now=engine_tickets.NOW).count())[0])
    print(f"{args.tickets:,} tickets, {len(events):,} events, {len(want):,} clocks")  # type: ignore[arg-type]
    print(f"  one process, frame.statuses: {single:6.2f} s ({args.tickets / single:,.0f}/s)")
    print(
        f"  spark.statuses, 8 buckets:   {min(runs):6.2f} s ({args.tickets / min(runs):,.0f}/s;"
        f" first job {runs[0]:.2f} s)"
    )
    got = sspark.statuses(df, now=engine_tickets.NOW).select(
        "ticket", "clock", "cycle", sf.unix_micros("deadline").alias("deadline"), "elapsed"
    )
    expected = {
        (r.ticket, r.clock, None if pd.isna(r.cycle) else int(r.cycle)): (
            None if pd.isna(r.deadline) else _us(r.deadline.to_pydatetime()),
            r.elapsed.to_pytimedelta(),
        )
        for r in want.itertuples()  # type: ignore[attr-defined]
    }
    rows = got.collect()
    wrong = sum(
        expected.get((r.ticket, r.clock, r.cycle)) != (r.deadline, r.elapsed) for r in rows
    ) + abs(len(rows) - len(expected))
    print(f"  differences from one process: {wrong}")

    few = df.where(sf.col("ticket").isin([f"T-{i}" for i in range(args.per_ticket)])).cache()
    few.count()
    per = min(
        timed(
            lambda: sspark._statuses(
                few, now=engine_tickets.NOW, regulation=None, buckets=None, per_ticket=True
            ).count()
        )[0]
        for _ in range(2)
    )
    print(
        f"  one group per ticket ({args.per_ticket} tickets): {per:6.2f} s, "
        f"{1000 * per / args.per_ticket:.1f} ms a ticket"
    )

    schedule = presets.get("distate").schedule
    starts = (
        spark.range(args.rows)
        .select(  # type: ignore[attr-defined]
            sf.timestamp_micros(
                sf.lit(1_767_225_600_000_000) + (sf.col("id") * 157_000_003) % 31_536_000_000_000
            ).alias("start")
        )
        .cache()
    )
    starts.count()
    add = min(
        timed(
            lambda: (
                starts.select(sspark.add(schedule, "start", dt.timedelta(hours=5)).alias("d"))
                .agg(sf.max("d"))
                .collect()
            )
        )[0]
        for _ in range(2)
    )
    span = min(
        timed(
            lambda: (
                starts.select(
                    sspark.elapsed(
                        schedule, "start", sf.col("start") + sf.expr("INTERVAL 3 DAYS")
                    ).alias("e")
                )
                .agg(sf.max("e"))
                .collect()
            )
        )[0]
        for _ in range(2)
    )
    print(
        f"{args.rows:,} starts: spark.add {add:6.2f} s ({args.rows / add:,.0f}/s), "
        f"spark.elapsed {span:6.2f} s ({args.rows / span:,.0f}/s)"
    )
    spark.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
