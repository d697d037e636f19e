"""The DuckDB SQL on the "SQL without Python" page gives the engine's answers, exactly.

The queries are read from the files the docs page includes, so page and test cannot
drift. Each schedule gets 100,000 random cases, weighted towards the instants where
working-time code goes wrong: openings and closings (and a microsecond either side),
zero durations, and durations that end exactly at a closing.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import duckdb
import numpy as np
import pyarrow as pa
import pytest

import slakit
from slakit import Schedule, spine

ROOT = pathlib.Path(__file__).parent.parent
PAGE = ROOT / "docs" / "how-to-sql.md"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ONE_US = dt.timedelta(microseconds=1)
HOUR_US = 3_600_000_000
CASES = 100_000
FIRST, LAST = 2024, 2027  # published Russian calendars: no provisional warnings

SCHEDULES = {
    # Mon-Fri 09:00-18:00 Moscow with the Russian production calendar.
    "advantshop": slakit.presets.get("advantshop").schedule,
    # Lunch breaks, shortened pre-holiday days, transferred Saturdays.
    "moscow-lunch": Schedule.weekly(
        {"mon-fri": ["09:00-13:00", "14:00-18:00"]},
        tz="Europe/Moscow",
        country="RU",
        shortened_pre_holidays=True,
    ),
    # A DST zone with a lunch break and a Saturday night shift over the clock change.
    "berlin-nights": Schedule.weekly(
        {"mon-fri": ["08:00-12:30", "13:30-17:00"], "sat": "22:00-06:00"},
        tz="Europe/Berlin",
        country="DE",
        days_off=[dt.date(2025, 12, 24)],
    ),
    # Around the clock in a DST zone: days of 23 and 25 hours.
    "new-york-24x7": Schedule.always("America/New_York"),
}


def docs_sql(engine: str, name: str) -> str:
    """The query the docs page includes as ``docs/sql/<engine>-<name>.sql``."""
    page = PAGE.read_text(encoding="utf-8")
    included = re.findall(r'^--8<-- "(docs/sql/[a-z]+-[a-z]+\.sql)"$', page, re.MULTILINE)
    path = f"docs/sql/{engine}-{name}.sql"
    assert path in included, f"{PAGE.name} does not include {path}"
    return (ROOT / path).read_text(encoding="utf-8")


def duckdb_sql(name: str) -> str:
    return docs_sql("duckdb", name)


def utc_array(values: np.ndarray) -> pa.Array:
    return pa.array(values, type=pa.timestamp("us", tz="UTC"))


def at(value: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=value)


class Cases:
    """Random instants and durations over one spine, drawn with a fixed seed."""

    def __init__(self, table: pa.Table, lo: int, hi: int, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.starts = table.column("period_start").cast(pa.int64()).to_numpy()
        self.ends = table.column("period_end").cast(pa.int64()).to_numpy()
        self.before = table.column("cum_before_us").to_numpy()
        self.after = table.column("cum_after_us").to_numpy()
        self.lo, self.hi = lo, hi

    def instants(self, n: int, *, until: int) -> np.ndarray:
        """Uniform microseconds, whole seconds, and openings/closings give or take 1 us."""
        rng = self.rng
        out = rng.integers(self.lo, until, n)
        kind = rng.random(n)
        seconds = kind < 0.2
        out[seconds] -= out[seconds] % 1_000_000
        edge = kind >= 0.6
        last = int(np.searchsorted(self.starts, until)) - 1
        k = rng.integers(0, last, edge.sum())
        edges = np.where(rng.random(edge.sum()) < 0.5, self.starts[k], self.ends[k])
        out[edge] = edges + rng.choice([-1, 0, 0, 1], edge.sum())
        return np.clip(out, self.lo, until)

    def w(self, t: np.ndarray) -> np.ndarray:
        """W(t): working time from the spine's start, as the docs define it."""
        i = np.searchsorted(self.starts, t, side="right") - 1
        safe = np.maximum(i, 0)
        inside = self.before[safe] + np.minimum(
            t - self.starts[safe], self.after[safe] - self.before[safe]
        )
        return np.where(i < 0, 0, inside)

    def durations(self, t: np.ndarray) -> np.ndarray:
        """Zero, exactly up to a closing 0-40 periods on, or anything up to 200 hours."""
        rng = self.rng
        n = len(t)
        out = rng.integers(1, 200 * HOUR_US, n)
        kind = rng.random(n)
        whole = kind < 0.3
        out[whole] -= out[whole] % HOUR_US
        out[kind >= 0.9] = 0
        closing = (kind >= 0.6) & (kind < 0.9)
        i = np.searchsorted(self.starts, t[closing], side="right") - 1
        j = np.maximum(i, 0) + rng.integers(0, 40, closing.sum())
        out[closing] = np.maximum(
            self.after[np.minimum(j, len(self.after) - 1)] - self.w(t[closing]), 0
        )
        return out


@pytest.mark.parametrize("name", SCHEDULES)
def test_duckdb_sql_matches_the_engine(name: str) -> None:
    """Zero differences from Schedule.elapsed and Schedule.add on 100,000 random cases."""
    schedule = SCHEDULES[name]
    table = spine.table(schedule, FIRST, LAST)
    start, end = spine.bounds(schedule, FIRST, LAST)
    lo, hi = (start - EPOCH) // ONE_US, (end - EPOCH) // ONE_US
    cases = Cases(table, lo, hi, seed=sum(map(ord, name)))
    ids = np.arange(CASES)

    # Elapsed: pairs anywhere in the spine, up to 30 days apart, some of them equal.
    a = cases.instants(CASES, until=hi - 1)
    b = np.where(
        cases.rng.random(CASES) < 0.7,
        a + cases.rng.integers(0, 30 * 24 * HOUR_US, CASES),
        cases.instants(CASES, until=hi - 1),
    )
    a, b = np.minimum(a, b), np.clip(np.maximum(a, b), lo, hi - 1)
    # Deadlines: starts early enough that every deadline falls inside the spine.
    t = cases.instants(CASES, until=hi - 90 * 24 * HOUR_US)
    d = cases.durations(t)

    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Kolkata'")  # the session zone must not matter
    con.register("spine", table)
    con.register(
        "intervals", pa.table({"id": ids, "start_at": utc_array(a), "end_at": utc_array(b)})
    )
    con.register("starts", pa.table({"id": ids, "start_at": utc_array(t), "duration_us": d}))
    elapsed = con.sql(duckdb_sql("elapsed")).to_arrow_table().sort_by("id")
    deadlines = con.sql(duckdb_sql("deadline")).to_arrow_table().sort_by("id")
    assert elapsed.column("id").to_numpy().tolist() == ids.tolist()
    assert deadlines.column("deadline").null_count == 0
    got_elapsed = elapsed.column("elapsed_us").to_numpy()
    got_deadline = deadlines.column("deadline").cast(pa.int64()).to_numpy()

    want_elapsed = [
        schedule.elapsed(at(x), at(y)) // ONE_US
        for x, y in zip(a.tolist(), b.tolist(), strict=True)
    ]
    want_deadline = [
        (schedule.add(at(x), dt.timedelta(microseconds=y)) - EPOCH) // ONE_US
        for x, y in zip(t.tolist(), d.tolist(), strict=True)
    ]
    wrong_elapsed = np.flatnonzero(got_elapsed != np.array(want_elapsed))
    wrong_deadline = np.flatnonzero(got_deadline != np.array(want_deadline))
    assert not wrong_elapsed.size, (
        f"elapsed differs first at {at(a[wrong_elapsed[0]])}..{at(b[wrong_elapsed[0]])}"
    )
    assert not wrong_deadline.size, (
        f"deadline differs first at {at(t[wrong_deadline[0]])} + {d[wrong_deadline[0]]} us"
    )
    # The cases reach what they are meant to: zero durations, closings, spine edges.
    assert (d == 0).sum() > CASES // 20
    assert np.isin(np.array(want_deadline), cases.ends).sum() > CASES // 10
    assert (a == lo).any() or (cases.w(a) == 0).any()


def test_beyond_the_spine_the_deadline_is_null() -> None:
    """A deadline past the spine's last period has nowhere to land: NULL, never a guess."""
    schedule = SCHEDULES["advantshop"]
    con = duckdb.connect()
    con.register("spine", spine.table(schedule, 2026, 2026))
    # 2026-12-30 17:00 MSK (14:00 UTC) + 2 h: only 1 h is left in the spine's 2026.
    starts = pa.table(
        {
            "id": [1, 2],
            "start_at": utc_array(
                np.array([(dt.datetime(2026, 12, 30, 14, tzinfo=dt.UTC) - EPOCH) // ONE_US] * 2)
            ),
            "duration_us": [HOUR_US, 2 * HOUR_US],
        }
    )
    con.register("starts", starts)
    rows = con.sql(duckdb_sql("deadline")).to_arrow_table().sort_by("id").to_pylist()
    # + 1 h: 18:00 MSK = 15:00 UTC, the closing instant (rule 2).
    assert rows[0]["deadline"] == dt.datetime(2026, 12, 30, 15, tzinfo=dt.UTC)
    assert rows[1]["deadline"] is None


def test_duckdb_reads_the_csv_spine_as_the_parquet_one(tmp_path: pathlib.Path) -> None:
    """The CSV spine loads into DuckDB with the same values and a time-zone-aware type."""
    schedule = SCHEDULES["berlin-nights"]
    spine.write(schedule, 2024, 2024, tmp_path / "s.csv", format="csv")
    spine.write(schedule, 2024, 2024, tmp_path / "s.parquet")
    con = duckdb.connect()
    from_csv = con.sql(f"SELECT * FROM read_csv('{tmp_path / 's.csv'}')")
    assert dict(zip(from_csv.columns, map(str, from_csv.types), strict=True))["period_start"] == (
        "TIMESTAMP WITH TIME ZONE"
    )
    query = "SELECT epoch_us(period_start), cum_before_us, day_kind FROM {} ORDER BY 1"
    assert (
        con.sql(query.format(f"read_csv('{tmp_path / 's.csv'}')")).fetchall()
        == con.sql(query.format(f"'{tmp_path / 's.parquet'}'")).fetchall()
    )
