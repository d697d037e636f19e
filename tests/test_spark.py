"""slakit.spark on PySpark in local mode: the same answers as one process, to the microsecond.

The ``spark`` fixture (tests/conftest.py) is one local[2] session in the time zone
Europe/Berlin on purpose: Spark hands pandas naive wall times in that zone, where the
repeated hour of 25 October 2026 is ambiguous; slakit's columns must not depend on it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

pytest.importorskip("pandas")
pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

import pandas as pd
from pyspark.errors import PythonException
from pyspark.sql import SparkSession
from pyspark.sql import functions as sf
from tests import engine_tickets

import slakit
from slakit import frame
from slakit import spark as sspark
from slakit.presets import distate

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


EVENTS = (
    "ticket string, preset string, level string, reason string, event string, "
    "at timestamp, coupon struct<code string, issued_at string>"
)


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


def _canonical(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows sorted by ticket, clock and cycle (engines give them in no fixed order)."""
    return sorted(rows, key=lambda row: (row[0], row[4], row[5] or 0))


def _from_spark(result: Any) -> list[tuple[Any, ...]]:
    """Spark's output as plain values: instants as epoch µs, durations as timedelta."""
    columns = [
        (sf.unix_micros(name) if kind.startswith("timestamp") else sf.col(name)).alias(name)
        for name, kind in frame.COLUMNS
    ]
    return _canonical([tuple(row) for row in result.select(*columns).collect()])


def _from_frame(result: Any) -> list[tuple[Any, ...]]:
    """slakit.frame's pandas output as the same plain values."""
    rows = []
    for record in result.to_dict("records"):
        row = []
        for name, kind in frame.COLUMNS:
            value = record[name]
            if value is None or value is pd.NA or value is pd.NaT or pd.isna(value):
                row.append(None)
            elif kind.startswith("timestamp"):
                row.append(_us(value.to_pydatetime()))
            elif kind.startswith("duration"):
                row.append(value.to_pytimedelta())
            elif kind == "int32":
                row.append(int(value))
            else:
                row.append(value)
        rows.append(tuple(row))
    return _canonical(rows)


@pytest.fixture(scope="module")
def tickets() -> Any:
    """2,000 generated tickets' events (every preset, pauses, ties, coupons)."""
    return engine_tickets.frame(2000)


class TestStatuses:
    def test_generated_tickets_match_one_process(self, spark: SparkSession, tickets: Any) -> None:
        """2,000 tickets on Spark give frame.statuses's rows, value for value."""
        want = _from_frame(frame.statuses(tickets, now=engine_tickets.NOW))
        numbered = tickets.assign(seq=range(len(tickets)))
        df = spark.createDataFrame(numbered, EVENTS + ", seq long").repartition(3)
        # Shuffled rows: the seq column keeps ties at one instant in their order.
        got = _from_spark(sspark.statuses(df, now=engine_tickets.NOW, order="seq"))
        assert len(got) == len(want) > 2000
        assert got == want

    def test_text_instants_and_timestamp_coupons(self, spark: SparkSession, tickets: Any) -> None:
        """ISO text in several offsets and TIMESTAMP coupon dates: the same rows again."""
        sample = tickets[tickets["ticket"].isin([f"T-{i}" for i in range(400)])].copy()
        want = _from_frame(frame.statuses(sample, now=engine_tickets.NOW))
        zones = [dt.timezone(dt.timedelta(hours=h)) for h in (-5, 0, 3, 10)]
        sample["at"] = [
            at.to_pydatetime().astimezone(zones[i % 4]).isoformat()
            for i, at in enumerate(sample["at"])
        ]
        sample["coupon"] = [
            None if c is None else {**c, "issued_at": dt.datetime.fromisoformat(c["issued_at"])}
            for c in sample["coupon"]
        ]
        shape = EVENTS.replace("at timestamp", "at string").replace(
            "issued_at string", "issued_at timestamp"
        )
        df = spark.createDataFrame(sample, shape)
        got = _from_spark(sspark.statuses(df, now=engine_tickets.NOW, buckets=3))
        assert got == want

    def test_one_group_per_ticket_gives_the_same_rows(
        self, spark: SparkSession, tickets: Any
    ) -> None:
        """The benchmark's per-ticket grouping (groupBy("ticket")) agrees, on 100 tickets."""
        sample = tickets[tickets["ticket"].isin([f"T-{i}" for i in range(100)])]
        want = _from_frame(frame.statuses(sample, now=engine_tickets.NOW))
        df = spark.createDataFrame(sample, EVENTS)
        result = sspark._statuses(
            df, now=engine_tickets.NOW, regulation=None, buckets=None, per_ticket=True
        )
        assert _from_spark(result) == want

    def test_one_regulation_for_every_ticket(self, spark: SparkSession) -> None:
        """regulation= stands in for a preset column; a ticket at 10:15 + 3 wh is due 13:15."""
        opened = dt.datetime(2026, 11, 23, 7, 15, tzinfo=UTC)  # Mon 10:15 MSK
        df = spark.createDataFrame(
            [("T-1", "opened", opened, "partner-operational")],
            "ticket string, event string, at timestamp, level string",
        )
        now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 MSK
        result = sspark.statuses(df, now=now, regulation=distate.REGULATION)
        row = result.select(
            "clock", "outcome", sf.unix_micros("deadline").alias("deadline"), "remaining"
        ).first()
        assert row is not None
        # Reaction: 3 working hours from 10:15 MSK is 13:15 MSK (10:15 UTC); at 12:00
        # MSK 1 h 45 min have been worked, 1 h 15 min remain.
        assert (row.clock, row.outcome) == ("reaction", "running")
        assert _at(row.deadline) == dt.datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
        assert row.remaining == dt.timedelta(hours=1, minutes=15)

    def test_the_schema_is_the_frame_columns(self) -> None:
        """schema() names frame.COLUMNS in order, with Spark's types for them."""
        shape = sspark.schema()
        assert [f.name for f in shape.fields] == [name for name, _ in frame.COLUMNS]
        kinds = {f.name: f.dataType.simpleString() for f in shape.fields}
        assert kinds["deadline"] == "timestamp"
        assert kinds["elapsed"] == "interval day to second"
        assert kinds["cycle"] == "int"


class TestStatusesErrors:
    def test_columns_are_checked_before_spark_runs(self, spark: SparkSession) -> None:
        """Unknown, missing or mistyped columns: EventFormatError naming the column."""
        at = dt.datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
        base = spark.createDataFrame(
            [("T-1", "opened", at)], "ticket string, event string, at timestamp"
        )
        now = engine_tickets.NOW
        with pytest.raises(slakit.EventFormatError, match='unknown column "priority"'):
            sspark.statuses(base.withColumn("priority", sf.lit(1)), now=now)
        with pytest.raises(slakit.EventFormatError, match="no column 'event'"):
            sspark.statuses(base.drop("event"), now=now)
        with pytest.raises(slakit.EventFormatError, match="TIMESTAMP_NTZ has no zone"):
            sspark.statuses(base.withColumn("at", sf.col("at").cast("timestamp_ntz")), now=now)
        with pytest.raises(slakit.EventFormatError, match="'at' must be a TIMESTAMP or ISO"):
            sspark.statuses(base.withColumn("at", sf.lit(5)), now=now)
        with pytest.raises(slakit.EventFormatError, match="struct of code"):
            sspark.statuses(base.withColumn("coupon", sf.lit("C-1")), now=now)

    def test_arguments_are_checked(self, spark: SparkSession) -> None:
        """A naive now, a bad regulation or bucket count, or not a DataFrame."""
        df = spark.createDataFrame(
            [("T-1", "opened", None)], "ticket string, event string, at timestamp"
        )
        with pytest.raises(slakit.NaiveDatetimeError, match="now"):
            sspark.statuses(df, now=dt.datetime(2026, 1, 1))
        with pytest.raises(slakit.InvalidArgumentError, match="regulation"):
            sspark.statuses(df, now=engine_tickets.NOW, regulation="distate")  # type: ignore[arg-type]
        for bad in (0, True, 2.5):
            with pytest.raises(slakit.InvalidArgumentError, match="buckets"):
                sspark.statuses(df, now=engine_tickets.NOW, buckets=bad)  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="order must be the name of a"):
            sspark.statuses(df, now=engine_tickets.NOW, order="seq")
        with pytest.raises(slakit.InvalidArgumentError, match="pyspark DataFrame"):
            sspark.statuses(pd.DataFrame(), now=engine_tickets.NOW)

    def test_row_errors_surface_from_the_workers(self, spark: SparkSession) -> None:
        """A resume without a pause fails the job naming the ticket, inside PythonException."""
        at = dt.datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
        df = spark.createDataFrame(
            [
                ("T-9", "distate", "opened", at, "partner-standard"),
                ("T-9", "distate", "resumed", at + HOUR, None),
            ],
            "ticket string, preset string, event string, at timestamp, level string",
        )
        with pytest.raises(PythonException, match="ticket T-9"):
            sspark.statuses(df, now=engine_tickets.NOW).collect()


class TestWorkerFunctions:
    """What Spark's workers run, called here with the batches Spark hands them."""

    def test_deadlines_from_float_and_int_batches(self) -> None:
        """Epoch µs as int64, or float64 with NaN for null: deadlines as nullable Int64."""
        friday = _us(dt.datetime(2026, 11, 20, 14, 0, tzinfo=UTC))  # Fri 17:00 MSK
        closing = _us(dt.datetime(2026, 11, 20, 15, 0, tzinfo=UTC))  # Fri 18:00 MSK
        floats = sspark._deadlines(DISTATE, pd.Series([float(friday), float("nan")]), HOUR)
        assert floats.dtype == "Int64"
        assert floats.tolist() == [closing, pd.NA]
        ints = sspark._deadlines(DISTATE, pd.Series([friday]), HOUR)
        assert ints.tolist() == [closing]
        nullable = sspark._deadlines(DISTATE, pd.Series([friday, None], dtype="Int64"), HOUR)
        assert nullable.tolist() == [closing, pd.NA]

    def test_spans(self) -> None:
        """Friday 17:00 to Monday 12:00 MSK is 3 working hours; NaN gives NaT."""
        friday = float(_us(dt.datetime(2026, 11, 20, 14, 0, tzinfo=UTC)))
        monday = float(_us(dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)))
        got = sspark._spans(DISTATE, pd.Series([friday, friday]), pd.Series([monday, float("nan")]))
        assert got.iloc[0] == 3 * HOUR
        assert pd.isna(got.iloc[1])

    @pytest.mark.parametrize("issued", ["us", "text"])
    def test_a_group_as_spark_sends_it(self, issued: str) -> None:
        """Rows out of order, instants as µs, coupons flattened: the frame's answer."""
        opened = dt.datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
        coupon_at = dt.datetime(2026, 1, 1, tzinfo=UTC)
        events = pd.DataFrame(
            {
                "ticket": ["S-1", "S-1"],
                "preset": ["distate", "distate"],
                "event": ["opened", "agent_reply"],
                "at": pd.to_datetime([opened, opened + HOUR], utc=True).as_unit("us"),
                "level": ["special", None],
                "coupon": [{"code": "C-1", "issued_at": coupon_at}, None],
            }
        )
        want = frame.statuses(events, now=engine_tickets.NOW)
        when = [float(_us(coupon_at)), float("nan")]
        group = pd.DataFrame(
            {
                "ticket": ["S-1", "S-1"],
                "preset": ["distate", "distate"],
                "event": ["agent_reply", "opened"],
                "at": [float(_us(opened + HOUR)), float(_us(opened))],
                "level": [None, "special"],
                "__slakit_coupon_code": [None, "C-1"],
                "__slakit_coupon_issued": (
                    when[::-1] if issued == "us" else [None, coupon_at.isoformat()]
                ),
                "__slakit_row": [7, 3],
                "__slakit_bucket": [1, 1],
            }
        )
        got = sspark._answer(group, engine_tickets.NOW, None, True, issued)
        pd.testing.assert_frame_equal(got, want)

    def test_a_group_with_text_instants(self) -> None:
        """ISO text passes through to the frame as it is."""
        group = pd.DataFrame(
            {
                "ticket": ["T-1"],
                "preset": ["aggregion"],
                "event": ["opened"],
                "at": ["2026-11-23T10:00:00+03:00"],
                "level": ["operational"],
                "__slakit_row": [0],
                "__slakit_bucket": [0],
            }
        )
        got = sspark._answer(group, engine_tickets.NOW, None, False, None)
        # Aggregion is 24/7: 6 h from 07:00 UTC is 13:00 UTC, long past at NOW.
        assert got["deadline"].tolist() == [dt.datetime(2026, 11, 23, 13, 0, tzinfo=UTC)]
        assert got["outcome"].tolist() == ["breached"]
