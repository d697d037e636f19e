"""The Spark SQL on the "SQL without Python" page gives the engine's answers, exactly.

The two queries are read from the files the docs page includes, so page and test cannot
drift, and run as written on PySpark in local mode over a spine built by
``slakit.spine.table``. Two schedules, one of them in a DST zone with a night shift over
both clock changes, 10,000 elapsed-time and 10,000 deadline cases each, all answered by
one Spark job; the answers are compared element for element with ``Schedule.elapsed``
and ``Schedule.add``.

The session time zone is Asia/Kolkata on purpose: Spark's ``TIMESTAMP`` is an instant,
and the queries work on ``unix_micros``, so the session zone must not change an answer.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import sys
from collections.abc import Iterator

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

import numpy as np
import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as sf

import slakit
from slakit import Schedule, spine

pytestmark = pytest.mark.engines

ROOT = pathlib.Path(__file__).parent.parent
PAGE = ROOT / "docs" / "how-to-sql.md"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ONE_US = dt.timedelta(microseconds=1)
HOUR_US = 3_600_000_000
DAY_US = 24 * HOUR_US
CASES = 10_000  # of each kind, per schedule: 40,000 answers in all
FIRST, LAST = 2025, 2027  # published Russian calendars: no provisional warnings

SCHEDULES = {
    # Mon-Fri 09:00-18:00 Moscow on the Russian production calendar.
    "advantshop": slakit.presets.get("advantshop").schedule,
    # A DST zone with a lunch break and a Saturday night shift over the clock change:
    # the night of 29 March 2026 lasts 7 real hours, that of 25 October 2026 nine.
    "berlin-nights": Schedule.weekly(
        {"mon-fri": ["08:00-12:30", "13:30-17:00"], "sat": "22:00-06:00"},
        tz="Europe/Berlin",
        country="DE",
    ),
}


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """A local[2] session (the approach of tests/test_spark.py), workers on this interpreter."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("slakit-spine-sql")
            .config("spark.sql.session.timeZone", "Asia/Kolkata")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


def spark_sql(name: str) -> str:
    """The Spark query the docs page includes as ``docs/sql/spark-<name>.sql``."""
    page = PAGE.read_text(encoding="utf-8")
    included = re.findall(r'^--8<-- "(docs/sql/spark-[a-z]+\.sql)"$', page, re.MULTILINE)
    path = f"docs/sql/spark-{name}.sql"
    assert path in included, f"{PAGE.name} does not include {path}"
    return (ROOT / path).read_text(encoding="utf-8")


def at(value: int) -> dt.datetime:
    return EPOCH + value * ONE_US


def micros(instant: dt.datetime) -> int:
    return (instant - EPOCH) // ONE_US


def spine_frame(session: SparkSession, table: pa.Table) -> DataFrame:
    """The spine as Spark reads it from Parquet: TIMESTAMP instants and BIGINT amounts."""
    rows = zip(
        table.column("period_start").cast(pa.int64()).to_pylist(),
        table.column("period_end").cast(pa.int64()).to_pylist(),
        table.column("length_us").to_pylist(),
        table.column("cum_before_us").to_pylist(),
        table.column("cum_after_us").to_pylist(),
        strict=True,
    )
    df = session.createDataFrame(
        list(rows), "start long, end long, length_us long, cum_before_us long, cum_after_us long"
    )
    return df.select(
        sf.timestamp_micros("start").alias("period_start"),
        sf.timestamp_micros("end").alias("period_end"),
        "length_us",
        "cum_before_us",
        "cum_after_us",
    )


def draw(table: pa.Table, lo: int, hi: int, seed: int) -> tuple[np.ndarray, ...]:
    """Elapsed pairs (a, b) and deadline cases (t, d), weighted towards the edges.

    Half the instants are an opening or a closing give or take a microsecond (as the
    DuckDB check draws them); a tenth of the durations are zero, and a third run exactly
    to a period's closing, where rule 2 puts the deadline at the closing instant.
    """
    rng = np.random.default_rng(seed)
    starts = table.column("period_start").cast(pa.int64()).to_numpy()
    ends = table.column("period_end").cast(pa.int64()).to_numpy()
    before = table.column("cum_before_us").to_numpy()
    after = table.column("cum_after_us").to_numpy()

    def instants(until: int) -> np.ndarray:
        out = rng.integers(lo, until, CASES)
        edge = rng.random(CASES) < 0.5
        last = int(np.searchsorted(starts, until)) - 1
        k = rng.integers(0, last, edge.sum())
        picked = np.where(rng.random(edge.sum()) < 0.5, starts[k], ends[k])
        out[edge] = picked + rng.choice([-1, 0, 0, 1], edge.sum())
        return np.clip(out, lo, until)

    def w(t: np.ndarray) -> np.ndarray:
        i = np.maximum(np.searchsorted(starts, t, side="right") - 1, 0)
        return np.where(
            t < starts[0], 0, before[i] + np.minimum(t - starts[i], after[i] - before[i])
        )

    a = instants(hi - 1)
    b = np.clip(a + rng.integers(0, 30 * DAY_US, CASES), lo, hi - 1)
    t = instants(hi - 90 * DAY_US)  # every deadline lands inside the spine
    d = rng.integers(1, 200 * HOUR_US, CASES)
    kind = rng.random(CASES)
    d[kind < 0.1] = 0
    closing = kind >= 0.66
    j = np.searchsorted(starts, t[closing], side="right") - 1 + rng.integers(1, 40, closing.sum())
    d[closing] = after[np.minimum(j, len(after) - 1)] - w(t[closing])
    return a, b, t, d


def test_spark_sql_matches_the_engine(spark: SparkSession) -> None:
    """Zero differences from Schedule.elapsed and Schedule.add on 40,000 cases, one job."""
    answers: list[DataFrame] = []
    expected: dict[tuple[str, str, int], int] = {}
    closings = zeros = 0
    for name, schedule in SCHEDULES.items():
        table = spine.table(schedule, FIRST, LAST)
        start, end = spine.bounds(schedule, FIRST, LAST)
        lo, hi = micros(start), micros(end)
        a, b, t, d = draw(table, lo, hi, seed=sum(map(ord, name)))
        ids = list(range(CASES))
        spark_spine = spine_frame(spark, table)
        intervals = spark.createDataFrame(
            list(zip(ids, a.tolist(), b.tolist(), strict=True)), "id long, a long, b long"
        ).select(
            "id",
            sf.timestamp_micros("a").alias("start_at"),
            sf.timestamp_micros("b").alias("end_at"),
        )
        starts = spark.createDataFrame(
            list(zip(ids, t.tolist(), d.tolist(), strict=True)), "id long, t long, duration_us long"
        ).select("id", sf.timestamp_micros("t").alias("start_at"), "duration_us")
        # The views the queries name; spark.sql analyses each query when called, so the
        # next schedule's views do not change this schedule's answers.
        spark_spine.createOrReplaceTempView("spine")
        intervals.createOrReplaceTempView("intervals")
        starts.createOrReplaceTempView("starts")
        answers.append(
            spark.sql(spark_sql("elapsed")).select(
                sf.lit(name).alias("schedule"),
                sf.lit("elapsed").alias("query"),
                "id",
                sf.col("elapsed_us").alias("value"),
            )
        )
        answers.append(
            spark.sql(spark_sql("deadline")).select(
                sf.lit(name).alias("schedule"),
                sf.lit("deadline").alias("query"),
                "id",
                sf.unix_micros("deadline").alias("value"),
            )
        )
        for i, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
            expected[name, "elapsed", i] = schedule.elapsed(at(x), at(y)) // ONE_US
        ends = set(table.column("period_end").cast(pa.int64()).to_pylist())
        for i, (x, y) in enumerate(zip(t.tolist(), d.tolist(), strict=True)):
            deadline = micros(schedule.add(at(x), y * ONE_US))
            expected[name, "deadline", i] = deadline
            closings += y > 0 and deadline in ends
            zeros += y == 0

    union = answers[0]
    for more in answers[1:]:
        union = union.unionByName(more)
    got = {(r.schedule, r.query, r.id): r.value for r in union.collect()}  # the one job

    assert len(got) == len(expected) == 4 * CASES  # one answer per case: no duplicate joins
    wrong = [(key, got[key], want) for key, want in expected.items() if got[key] != want]
    assert not wrong, f"{len(wrong)} differences, the first: {wrong[0]}"
    # The cases reach what they are meant to: zero durations and deadlines at a closing.
    assert zeros > CASES // 10
    assert closings > CASES // 2


def test_a_deadline_beyond_the_spine_is_null(spark: SparkSession) -> None:
    """Past the spine's last period a deadline has nowhere to land: NULL, never a guess."""
    schedule = SCHEDULES["advantshop"]
    spine_frame(spark, spine.table(schedule, 2026, 2026)).createOrReplaceTempView("spine")
    # Wed 30 December 2026 17:00 MSK (14:00 UTC): one working hour is left in 2026.
    five_pm = micros(dt.datetime(2026, 12, 30, 14, tzinfo=dt.UTC))
    spark.createDataFrame(
        [(1, five_pm, HOUR_US), (2, five_pm, 2 * HOUR_US), (3, five_pm, 0)],
        "id long, t long, duration_us long",
    ).select(
        "id", sf.timestamp_micros("t").alias("start_at"), "duration_us"
    ).createOrReplaceTempView("starts")
    rows = (
        spark.sql(spark_sql("deadline")).orderBy("id").select(sf.unix_micros("deadline")).collect()
    )
    # + 1 h: 18:00 MSK = 15:00 UTC, the closing instant (rule 2); + 2 h: NULL; + 0: itself.
    assert [r[0] for r in rows] == [
        micros(dt.datetime(2026, 12, 30, 15, tzinfo=dt.UTC)),
        None,
        five_pm,
    ]


def test_elapsed_before_the_first_period_counts_from_it(spark: SparkSession) -> None:
    """An instant before the spine's first opening has W = 0, as in the DuckDB query."""
    schedule = SCHEDULES["advantshop"]
    spine_frame(spark, spine.table(schedule, 2026, 2026)).createOrReplaceTempView("spine")
    # 2026 opens on Monday 12 January 09:00 MSK (06:00 UTC), after the New Year holidays.
    new_year = micros(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    noon = micros(dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC))  # 12:00 MSK: 3 h worked
    spark.createDataFrame([(1, new_year, noon)], "id long, a long, b long").select(
        "id", sf.timestamp_micros("a").alias("start_at"), sf.timestamp_micros("b").alias("end_at")
    ).createOrReplaceTempView("intervals")
    (row,) = spark.sql(spark_sql("elapsed")).collect()
    assert row.elapsed_us == 3 * HOUR_US
