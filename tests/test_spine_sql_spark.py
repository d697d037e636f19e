"""The Spark SQL on the "SQL without Python" page gives the engine's answers, exactly.

As for DuckDB (tests/test_spine_sql.py), the queries are read from the files the docs
page includes, and random cases weighted towards openings, closings and zero durations
are compared with ``Schedule.elapsed`` and ``Schedule.add``: zero differences. The spine
and the cases go into Spark as DataFrames; the session's zone (Europe/Berlin) must not
matter. The Snowflake queries cannot run here (no Snowflake in CI): the page says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from slakit import spine
from test_spine_sql import (
    EPOCH,
    FIRST,
    HOUR_US,
    LAST,
    ONE_US,
    SCHEDULES,
    Cases,
    at,
    docs_sql,
)

pytestmark = [
    pytest.mark.engines,
    pytest.mark.filterwarnings(
        "ignore:PySpark does not yet fully support pandas >= 3.0.0:FutureWarning"
    ),
]

CASES = 20_000  # per schedule: one Spark job each, seconds on two cores


def spark_sql(name: str) -> str:
    return docs_sql("spark", name)


def view(spark: Any, name: str, table: Any) -> None:
    """An Arrow table as a Spark temporary view (timestamps as instants, in UTC)."""
    frame = table.to_pandas()
    spark.createDataFrame(frame).createOrReplaceTempView(name)


@pytest.mark.parametrize("name", ["advantshop", "berlin-nights", "new-york-24x7"])
def test_spark_sql_matches_the_engine(spark: Any, name: str) -> None:
    schedule = SCHEDULES[name]
    table = spine.table(schedule, FIRST, LAST)
    start, end = spine.bounds(schedule, FIRST, LAST)
    lo, hi = (start - EPOCH) // ONE_US, (end - EPOCH) // ONE_US
    cases = Cases(table, lo, hi, seed=sum(map(ord, name)) + 1)
    ids = np.arange(CASES)
    a = cases.instants(CASES, until=hi - 1)
    b = np.clip(a + cases.rng.integers(0, 30 * 24 * HOUR_US, CASES), lo, hi - 1)
    t = cases.instants(CASES, until=hi - 90 * 24 * HOUR_US)
    d = cases.durations(t)

    utc = pa.timestamp("us", tz="UTC")
    view(spark, "spine", table)
    view(spark, "intervals", pa.table({
        "id": ids, "start_at": pa.array(a, type=utc), "end_at": pa.array(b, type=utc),
    }))  # fmt: skip
    view(spark, "starts", pa.table({
        "id": ids, "start_at": pa.array(t, type=utc), "duration_us": d,
    }))  # fmt: skip
    elapsed = spark.sql(f"SELECT id, elapsed_us FROM ({spark_sql('elapsed')}) ORDER BY id")
    deadline = spark.sql(
        f"SELECT id, unix_micros(deadline) AS deadline_us FROM ({spark_sql('deadline')}) "
        "ORDER BY id"
    )
    got_elapsed = np.array([row.elapsed_us for row in elapsed.collect()])
    got_deadline = np.array([row.deadline_us for row in deadline.collect()])

    want_elapsed = np.array([
        schedule.elapsed(at(x), at(y)) // ONE_US
        for x, y in zip(a.tolist(), b.tolist(), strict=True)
    ])  # fmt: skip
    want_deadline = np.array([
        (schedule.add(at(x), dt.timedelta(microseconds=y)) - EPOCH) // ONE_US
        for x, y in zip(t.tolist(), d.tolist(), strict=True)
    ])  # fmt: skip
    assert len(got_elapsed) == len(got_deadline) == CASES
    wrong = np.flatnonzero(got_elapsed != want_elapsed)
    assert not wrong.size, f"elapsed differs first at {at(a[wrong[0]])}..{at(b[wrong[0]])}"
    wrong = np.flatnonzero(got_deadline != want_deadline)
    assert not wrong.size, f"deadline differs first at {at(t[wrong[0]])} + {d[wrong[0]]} us"
    assert (d == 0).sum() > CASES // 20  # the cases reach zero durations and closings
    assert np.isin(want_deadline, cases.ends).sum() > CASES // 10
