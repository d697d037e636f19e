"""slakit.spark on PySpark in local mode: the same answers as one process, to the microsecond.

One local[2] session for the module, in the session time zone Europe/Berlin on
purpose: Spark hands pandas naive wall times in that zone, where the repeated hour of
25 October 2026 is ambiguous; slakit's columns must not depend on it.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from pyspark.errors import PythonException
from pyspark.sql import SparkSession
from pyspark.sql import functions as sf

import slakit
from slakit import spark as sspark

pytestmark = [
    pytest.mark.engines,
    # PySpark 4.3 warns, on the driver, each time a pandas UDF is made, that it "does not
    # yet fully support pandas >= 3.0.0". slakit's Spark paths are tested here on pandas 3
    # and give identical answers, so this one warning (only it) is not an error here.
    pytest.mark.filterwarnings(
        "ignore:PySpark does not yet fully support pandas >= 3.0.0:FutureWarning"
    ),
]

UTC = dt.UTC
HOUR = dt.timedelta(hours=1)
DISTATE = slakit.presets.get("distate").schedule  # Mon-Fri 10-18 MSK, RU calendar
# Saturday nights 22:00-06:00 in Berlin: 7 real hours on 28 March 2026, 9 on 24 October.
NIGHTS = slakit.Schedule.weekly({"sat": "22:00-06:00"}, tz="Europe/Berlin", country=None)


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """A local[2] session, its Python workers on this interpreter.

    PySpark starts workers with PYSPARK_PYTHON (else the system python3, which lacks
    pandas): set for the module, restored after.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("slakit-tests")
            .config("spark.sql.session.timeZone", "Europe/Berlin")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


def _us(value: dt.datetime) -> int:
    return (value - dt.datetime(1970, 1, 1, tzinfo=UTC)) // dt.timedelta(microseconds=1)


def _at(us: int | None) -> dt.datetime | None:
    return (
        None
        if us is None
        else dt.datetime(1970, 1, 1, tzinfo=UTC) + us * dt.timedelta(microseconds=1)
    )


def _frame(spark: SparkSession, rows: list[tuple[Any, ...]]) -> Any:
    """Rows of (id, start, end, duration) with starts and ends as epoch microseconds."""
    df = spark.createDataFrame(
        rows, "id long, start_us long, end_us long, duration interval day to second"
    )
    return df.withColumn("start", sf.timestamp_micros("start_us")).withColumn(
        "end", sf.timestamp_micros("end_us")
    )


class TestAdd:
    def test_hand_worked_deadlines(self, spark: SparkSession) -> None:
        """Friday 17:00 MSK + 1 h closes at 18:00 (rule 2); + 3 h is Monday 12:00."""
        friday = dt.datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # Fri 17:00 MSK
        df = _frame(spark, [(1, _us(friday), None, 3 * HOUR)])
        row = df.select(
            sf.unix_micros(sspark.add(DISTATE, "start", HOUR)).alias("one"),
            # 1 h on Friday (17-18) and 2 h on Monday 23 November (10-12 MSK = 07-09 UTC).
            sf.unix_micros(sspark.add(DISTATE, sf.col("start"), "duration")).alias("three"),
        ).first()
        assert row is not None
        assert _at(row.one) == dt.datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
        assert _at(row.three) == dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def test_dst_nights_whatever_the_session_zone(self, spark: SparkSession) -> None:
        """7 h fill the short March night and 9 h the long October one, on real instants."""
        march = dt.datetime(2026, 3, 28, 21, 0, tzinfo=UTC)  # Sat 22:00 CET
        october = dt.datetime(2026, 10, 24, 20, 0, tzinfo=UTC)  # Sat 22:00 CEST
        df = _frame(spark, [(1, _us(march), None, 7 * HOUR), (2, _us(october), None, 9 * HOUR)])
        got = df.orderBy("id").select(sf.unix_micros(sspark.add(NIGHTS, "start", "duration")))
        # Sun 29 March 06:00 CEST is 04:00 UTC; Sun 25 October 06:00 CET is 05:00 UTC.
        assert [_at(r[0]) for r in got.collect()] == [
            dt.datetime(2026, 3, 29, 4, 0, tzinfo=UTC),
            dt.datetime(2026, 10, 25, 5, 0, tzinfo=UTC),
        ]

    def test_nulls_stay_null(self, spark: SparkSession) -> None:
        """A null start or a null duration gives a null deadline."""
        start = _us(dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC))
        df = _frame(spark, [(1, None, None, HOUR), (2, start, None, None)])
        got = df.orderBy("id").select(
            sf.unix_micros(sspark.add(DISTATE, "start", HOUR)),
            sf.unix_micros(sspark.add(DISTATE, "start", "duration")),
        )
        # Row 2: Friday 11:00 MSK + 1 h is 12:00 MSK, 09:00 UTC; its duration is null.
        noon = _us(dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
        assert [tuple(r) for r in got.collect()] == [(None, None), (noon, None)]

    def test_generated_starts_match_the_scalar_engine(self, spark: SparkSession) -> None:
        """3,000 random starts and durations: every Spark deadline is Schedule.add's."""
        rng = random.Random(14)
        first = _us(dt.datetime(2024, 1, 1, tzinfo=UTC))
        span = _us(dt.datetime(2027, 6, 1, tzinfo=UTC)) - first
        rows = [
            (i, first + rng.randrange(span), None, dt.timedelta(seconds=rng.randrange(200 * 3600)))
            for i in range(3000)
        ]
        df = _frame(spark, rows).repartition(3)
        got = df.select(
            "id",
            sf.unix_micros(sspark.add(DISTATE, "start", "duration")).alias("column"),
            sf.unix_micros(sspark.add(NIGHTS, "start", 5 * HOUR)).alias("scalar"),
        ).collect()
        by_id = {r.id: (r.column, r.scalar) for r in got}
        for i, start, _, duration in rows:
            at = _at(start)
            assert at is not None
            expected = (_us(DISTATE.add(at, duration)), _us(NIGHTS.add(at, 5 * HOUR)))
            assert by_id[i] == expected, (i, at, duration)


class TestElapsed:
    def test_the_repeated_hour_is_two_hours_apart(self, spark: SparkSession) -> None:
        """02:30 CEST and 02:30 CET on 25 October 2026 are an hour apart in working time."""
        end = _us(dt.datetime(2026, 10, 25, 5, 0, tzinfo=UTC))  # 06:00 CET, closing
        first = _us(dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 02:30 CEST
        second = _us(dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 02:30 CET
        df = _frame(spark, [(1, first, end, None), (2, second, end, None), (3, None, end, None)])
        got = df.orderBy("id").select(sspark.elapsed(NIGHTS, "start", "end")).collect()
        # 00:30 -> 05:00 UTC is 4 h 30 min, 01:30 -> 05:00 UTC is 3 h 30 min, all worked.
        assert [r[0] for r in got] == [
            dt.timedelta(hours=4, minutes=30),
            dt.timedelta(hours=3, minutes=30),
            None,
        ]

    def test_generated_pairs_match_the_scalar_engine(self, spark: SparkSession) -> None:
        """3,000 random pairs: every Spark interval is Schedule.elapsed's, to the microsecond."""
        rng = random.Random(15)
        first = _us(dt.datetime(2024, 1, 1, tzinfo=UTC))
        span = _us(dt.datetime(2027, 6, 1, tzinfo=UTC)) - first
        rows = []
        for i in range(3000):
            a = first + rng.randrange(span)
            rows.append((i, a, a + rng.randrange(40 * 86400 * 10**6), None))
        df = _frame(spark, rows).repartition(3)
        got = {
            r.id: r.e
            for r in df.select("id", sspark.elapsed(DISTATE, "start", "end").alias("e")).collect()
        }
        for i, a, b, _ in rows:
            start, end = _at(a), _at(b)
            assert start is not None
            assert end is not None
            assert got[i] == DISTATE.elapsed(start, end)


class TestErrors:
    def test_wrong_arguments_are_refused_before_spark_runs(self) -> None:
        """A non-schedule, a non-column or a negative duration: errors naming the argument."""
        with pytest.raises(
            slakit.InvalidArgumentError, match=r"schedule must be a slakit\.Schedule"
        ):
            sspark.add("distate", "start", HOUR)  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="starts must be a pyspark Column"):
            sspark.add(DISTATE, 42, HOUR)
        with pytest.raises(slakit.InvalidArgumentError, match="duration must be a pyspark"):
            sspark.add(DISTATE, "start", 3.5)
        with pytest.raises(slakit.NegativeDurationError, match="duration"):
            sspark.add(DISTATE, "start", -HOUR)
        with pytest.raises(slakit.InvalidArgumentError, match="ends must be a pyspark Column"):
            sspark.elapsed(DISTATE, "start", None)

    def test_errors_in_the_data_surface_from_the_workers(self, spark: SparkSession) -> None:
        """An end before its start fails the job with slakit's message inside."""
        a = _us(dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC))
        df = _frame(spark, [(1, a, a - 1, None)])
        with pytest.raises(PythonException, match="ReversedIntervalError"):
            df.select(sspark.elapsed(DISTATE, "start", "end")).collect()
