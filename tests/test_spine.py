"""slakit.spine: working periods with cumulative working time, as rows, Arrow, Parquet, CSV."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import itertools
import pathlib
import sys
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slakit
from slakit import DayKind, Schedule, spine
from strategies import schedules

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = dt.timedelta(microseconds=1)
HOUR_US = 3_600_000_000


def us(instant: dt.datetime) -> int:
    return (instant - EPOCH) // ONE_US


def utc(*args: int) -> int:
    return us(dt.datetime(*args, tzinfo=UTC))


MOSCOW = slakit.presets.get("advantshop").schedule  # Mon-Fri 09:00-18:00 MSK, RU holidays
BERLIN_NIGHTS = Schedule.weekly(
    {"mon-fri": ["08:00-12:30", "13:30-17:00"], "sat": "22:00-06:00"},
    tz="Europe/Berlin",
    country="DE",
)


class TestPeriods:
    def test_first_rows_of_2026_in_moscow(self) -> None:
        """January 1-9 are days off and 10-11 a weekend: 2026 starts on Mon 12th, 06:00 UTC."""
        rows = list(spine.periods(MOSCOW, 2026, 2026))
        first, second = rows[0], rows[1]
        # 09:00 MSK (UTC+3) is 06:00 UTC; 18:00 MSK is 15:00 UTC; 9 h = 32,400 s.
        assert (first.start_us, first.end_us) == (utc(2026, 1, 12, 6), utc(2026, 1, 12, 15))
        assert (first.length_us, first.cum_before_us, first.cum_after_us) == (
            9 * HOUR_US,
            0,
            9 * HOUR_US,
        )
        assert (first.date, first.kind, first.holiday, first.provisional) == (
            dt.date(2026, 1, 12),
            DayKind.WORKDAY,
            None,
            False,
        )
        assert second.start_us == utc(2026, 1, 13, 6)
        assert second.cum_before_us == 9 * HOUR_US  # after one whole day

    def test_a_year_of_the_production_calendar(self) -> None:
        """2026 has 247 working days in the Russian production calendar: 247 rows of 9 h."""
        rows = list(spine.periods(MOSCOW, 2026, 2026))
        assert len(rows) == 247
        assert rows[-1].cum_after_us == 247 * 9 * HOUR_US  # 2,223 working hours
        assert rows[-1].date == dt.date(2026, 12, 30)  # December 31 is a day off in 2026

    def test_a_transferred_working_saturday(self) -> None:
        """Saturday 2025-11-01 is worked in exchange for a day off, and says so."""
        (row,) = [r for r in spine.periods(MOSCOW, 2025, 2025) if r.date == dt.date(2025, 11, 1)]
        assert row.kind is DayKind.TRANSFERRED_WORKDAY
        assert row.start_us == utc(2025, 11, 1, 6)

    def test_night_shift_across_clock_changes(self) -> None:
        """A Saturday night shift 22:00-06:00 in Berlin lasts 7 h in March and 9 h in October."""
        rows = {r.date: r for r in spine.periods(BERLIN_NIGHTS, 2024, 2024)}
        spring, autumn = rows[dt.date(2024, 3, 30)], rows[dt.date(2024, 10, 26)]
        # 22:00 CET = 21:00 UTC; 06:00 CEST = 04:00 UTC: 7 h.
        assert (spring.start_us, spring.end_us) == (utc(2024, 3, 30, 21), utc(2024, 3, 31, 4))
        assert spring.length_us == 7 * HOUR_US
        # 22:00 CEST = 20:00 UTC; 06:00 CET = 05:00 UTC: 9 h.
        assert (autumn.start_us, autumn.end_us) == (utc(2024, 10, 26, 20), utc(2024, 10, 27, 5))
        assert autumn.length_us == 9 * HOUR_US

    def test_lunch_break_makes_two_rows_a_day(self) -> None:
        """08:00-12:30 and 13:30-17:00: two rows dated the same day, 4.5 h and 3.5 h."""
        rows = [
            r for r in spine.periods(BERLIN_NIGHTS, 2024, 2024) if r.date == dt.date(2024, 1, 2)
        ]
        assert [r.length_us for r in rows] == [
            4 * HOUR_US + HOUR_US // 2,
            3 * HOUR_US + HOUR_US // 2,
        ]
        assert rows[1].cum_before_us == rows[0].cum_after_us

    def test_night_shifts_are_cut_at_the_spine_edges(self) -> None:
        """Daily 22:00-06:00: the spine of 2026 starts with 6 h of Dec 31's shift, ends with 2 h."""
        nights = Schedule.weekly({"daily": "22:00-06:00"}, tz="Europe/Moscow")
        rows = list(spine.periods(nights, 2026, 2026))
        assert len(rows) == 1 + 365  # the tail of 2025-12-31's shift, then one per day
        # 2026-01-01 00:00 MSK = 2025-12-31 21:00 UTC, to 06:00 MSK = 03:00 UTC.
        assert (rows[0].start_us, rows[0].end_us) == (utc(2025, 12, 31, 21), utc(2026, 1, 1, 3))
        assert rows[0].date == dt.date(2025, 12, 31)
        # 2026-12-31 22:00 MSK = 19:00 UTC, to the spine's end at midnight = 21:00 UTC.
        assert (rows[-1].start_us, rows[-1].end_us) == (
            utc(2026, 12, 31, 19),
            utc(2026, 12, 31, 21),
        )
        assert rows[-1].cum_after_us == 365 * 8 * HOUR_US  # 6 + 364 * 8 + 2 hours

    def test_around_the_clock_is_one_row_a_day(self) -> None:
        """24/7 in New York: days of 23 and 25 hours where the clocks change."""
        rows = list(spine.periods(Schedule.always("America/New_York"), 2024, 2024))
        assert len(rows) == 366
        lengths = {r.date: r.length_us for r in rows}
        assert lengths[dt.date(2024, 3, 10)] == 23 * HOUR_US
        assert lengths[dt.date(2024, 11, 3)] == 25 * HOUR_US
        assert rows[-1].cum_after_us == 366 * 24 * HOUR_US

    def test_provisional_years_are_marked_and_warned(self) -> None:
        """A year without a published calendar is computed, flagged per row, and warned."""
        last = max(y for y in range(2024, 2100) if not MOSCOW.is_provisional(y))
        with pytest.warns(slakit.ProvisionalCalendarWarning):
            rows = list(spine.periods(MOSCOW, last, last + 1))
        assert {r.provisional for r in rows if r.date.year == last} == {False}
        assert {r.provisional for r in rows if r.date.year == last + 1} == {True}

    def test_published_years_do_not_warn(self) -> None:
        """A spine ending at a published year's end warns of nothing (the next year is unused)."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert list(spine.periods(MOSCOW, 2027, 2027))

    def test_zero_length_periods_are_dropped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An empty period (as a DST gap can make) would make as-of lookups ambiguous: skipped."""
        noon = dt.datetime(2024, 1, 2, 12, tzinfo=UTC)
        pieces = [
            slakit.WorkingPeriod(noon, noon, dt.date(2024, 1, 2), DayKind.WORKDAY),
            slakit.WorkingPeriod(
                noon, noon + dt.timedelta(hours=1), dt.date(2024, 1, 2), DayKind.WORKDAY
            ),
        ]
        monkeypatch.setattr(Schedule, "periods", lambda self, a, b: iter(pieces))
        rows = list(spine.periods(Schedule.always("UTC"), 2024, 2024))
        assert [(r.start_us, r.length_us) for r in rows] == [(us(noon), HOUR_US)]

    def test_bounds(self) -> None:
        """The spine covers local midnight of Jan 1 of the first year to that after the last."""
        start, end = spine.bounds(MOSCOW, 2024, 2027)
        assert start.astimezone(UTC) == dt.datetime(2023, 12, 31, 21, tzinfo=UTC)
        assert end.astimezone(UTC) == dt.datetime(2027, 12, 31, 21, tzinfo=UTC)

    @pytest.mark.parametrize(
        ("args", "error", "text"),
        [
            (("2024", 2024), slakit.InvalidArgumentError, "first_year must be a year as an int"),
            ((2024, True), slakit.InvalidArgumentError, "last_year must be a year as an int"),
            ((1969, 2024), slakit.OutOfRangeError, "first_year 1969 is outside the years 1970"),
            ((2024, 2101), slakit.OutOfRangeError, "last_year 2101 is outside"),
            ((2025, 2024), slakit.InvalidArgumentError, "a year from first_year (2025) on"),
        ],
    )
    def test_bad_years(self, args: tuple[object, object], error: type, text: str) -> None:
        """Years that are not ints, out of range or reversed get a clear error."""
        with pytest.raises(error, match=text.replace("(", r"\(").replace(")", r"\)")):
            list(spine.periods(MOSCOW, *args))  # type: ignore[arg-type]

    def test_not_a_schedule(self) -> None:
        """A regulation where a schedule belongs is refused, naming what is expected."""
        with pytest.raises(slakit.InvalidArgumentError, match=r"a slakit\.Schedule"):
            spine.bounds(slakit.presets.get("aspro"), 2024, 2024)  # type: ignore[arg-type]


class TestSpinePeriod:
    def test_values_and_row(self) -> None:
        """A row's derived values and its COLUMNS-ordered tuple."""
        row = spine.SpinePeriod(
            utc(2026, 1, 12, 6), utc(2026, 1, 12, 15), 5, dt.date(2026, 1, 12), DayKind.WORKDAY
        )
        assert row.start == dt.datetime(2026, 1, 12, 6, tzinfo=UTC)
        assert row.end == dt.datetime(2026, 1, 12, 15, tzinfo=UTC)
        assert row.cum_after_us == 5 + 9 * HOUR_US
        assert len(row.row()) == len(spine.COLUMNS)
        assert row.row()[6:] == ("working day", None, False)

    @pytest.mark.parametrize(
        ("kwargs", "text"),
        [
            ({"start_us": 1.5}, "start_us must be an int"),
            ({"end_us": 10}, "end_us must be an instant after start_us"),
            ({"cum_before_us": -1}, "cum_before_us must be 0 or more"),
            ({"date": dt.datetime(2026, 1, 1, tzinfo=UTC)}, "date must be a datetime.date"),
            ({"kind": "working day"}, "kind must be a slakit.DayKind"),
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], text: str) -> None:
        """Every field is checked at construction, with the field's name in the message."""
        values: dict[str, object] = {
            "start_us": 10,
            "end_us": 20,
            "cum_before_us": 0,
            "date": dt.date(2026, 1, 1),
            "kind": DayKind.WORKDAY,
        }
        with pytest.raises(slakit.InvalidArgumentError, match=text):
            spine.SpinePeriod(**{**values, **kwargs})  # type: ignore[arg-type]


class TestTable:
    def test_schema_and_values(self) -> None:
        """UTC microsecond timestamps, int64 amounts, the zone and years in the metadata."""
        import pyarrow as pa

        table = spine.table(MOSCOW, 2026, 2026)
        assert table.column_names == list(spine.COLUMNS)
        assert table.schema.field("period_start").type == pa.timestamp("us", tz="UTC")
        assert table.schema.field("cum_before_us").type == pa.int64()
        assert table.schema.field("local_date").type == pa.date32()
        meta = table.schema.metadata
        assert meta[b"slakit.tz"] == b"Europe/Moscow"
        assert (meta[b"slakit.first_year"], meta[b"slakit.last_year"]) == (b"2026", b"2026")
        assert meta[b"slakit.start"] == b"2025-12-31T21:00:00+00:00"
        rows = list(spine.periods(MOSCOW, 2026, 2026))
        assert table.num_rows == len(rows)
        assert table.slice(0, 1).to_pylist()[0] == dict(
            zip(spine.COLUMNS, rows[0].row(), strict=True)
        )

    def test_missing_pyarrow_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pyarrow, table() says which package is missing and which extra brings it."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(
            slakit.MissingDependencyError, match=r"pip install 'slakit\[sql\]'"
        ) as info:
            spine.table(MOSCOW, 2026, 2026)
        assert (info.value.package, info.value.extra) == ("pyarrow", "sql")
        assert isinstance(info.value, ImportError)


class TestWrite:
    def test_parquet_round_trip(self, tmp_path: pathlib.Path) -> None:
        """Parquet keeps the table, its types and its metadata."""
        import pyarrow.parquet as pq

        path = tmp_path / "spine.parquet"
        assert spine.write(MOSCOW, 2026, 2026, path) == 247
        assert pq.read_table(path).equals(spine.table(MOSCOW, 2026, 2026), check_metadata=True)

    def test_csv_without_pyarrow(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """CSV needs no optional package: ISO 8601 UTC instants, integer microseconds."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        path = tmp_path / "spine.csv"
        assert spine.write(MOSCOW, 2025, 2025, path, format="csv") == 247  # 247 days in 2025 too
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
        assert rows[0] == {
            "period_start": "2025-01-09T06:00:00+00:00",  # Jan 1-8 are days off
            "period_end": "2025-01-09T15:00:00+00:00",
            "length_us": "32400000000",
            "cum_before_us": "0",
            "cum_after_us": "32400000000",
            "local_date": "2025-01-09",
            "day_kind": "working day",
            "holiday": "",
            "provisional": "false",
        }

    def test_write_csv_to_a_stream(self) -> None:
        """write_csv takes any text stream and returns the row count."""
        out = io.StringIO()
        count = spine.write_csv(Schedule.always("UTC"), 2024, 2024, out)
        assert count == 366
        assert out.getvalue().count("\n") == 1 + 366

    def test_write_csv_refuses_a_non_stream(self) -> None:
        """A path where a stream belongs is refused before anything is written."""
        with pytest.raises(slakit.InvalidArgumentError, match="out must be a text file"):
            spine.write_csv(MOSCOW, 2024, 2024, "spine.csv")  # type: ignore[arg-type]

    def test_unknown_format(self, tmp_path: pathlib.Path) -> None:
        """An unknown format lists the valid ones and creates no file."""
        path = tmp_path / "spine.json"
        with pytest.raises(slakit.InvalidArgumentError, match="one of parquet, csv"):
            spine.write(MOSCOW, 2024, 2024, path, format="json")
        assert not path.exists()

    def test_bad_years_create_no_csv(self, tmp_path: pathlib.Path) -> None:
        """Arguments are checked before the file is opened."""
        path = tmp_path / "spine.csv"
        with pytest.raises(slakit.InvalidArgumentError):
            spine.write(MOSCOW, 2025, 2024, path, format="csv")
        assert not path.exists()


# -- properties ------------------------------------------------------------------------


def w_of(rows: list[spine.SpinePeriod], starts: list[int], t: int) -> int:
    """W(t) as the docs' SQL computes it: the last period starting at or before t."""
    i = bisect.bisect_right(starts, t) - 1
    if i < 0:
        return 0
    return rows[i].cum_before_us + min(t - rows[i].start_us, rows[i].length_us)


def deadline_of(rows: list[spine.SpinePeriod], after: list[int], t: int, d: int, w: int) -> int:
    """add(t, d) as the docs' SQL computes it: the first period reaching W(t) + d."""
    if d == 0:
        return t
    target = w + d
    j = bisect.bisect_left(after, target)
    return rows[j].start_us + target - rows[j].cum_before_us


@settings(max_examples=60)
@given(schedules(), st.integers(2024, 2026))
def test_cumulative_sums_are_elapsed_working_time(schedule: Schedule, year: int) -> None:
    """Each row's cum_before_us is Schedule.elapsed from the spine's start to its start."""
    start, end = spine.bounds(schedule, year, year)
    rows = list(spine.periods(schedule, year, year))
    for row in rows:
        assert row.length_us > 0
        assert row.cum_before_us == schedule.elapsed(start, row.start) // ONE_US
    total = rows[-1].cum_after_us if rows else 0
    assert total == schedule.elapsed(start, end) // ONE_US
    assert all(a.end_us <= b.start_us for a, b in itertools.pairwise(rows))


@settings(max_examples=60)
@given(
    schedules(),
    st.integers(2024, 2026),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 100 * HOUR_US)), min_size=1, max_size=20),
)
def test_the_sql_formulas_are_the_engine(
    schedule: Schedule, year: int, cases: list[tuple[float, int]]
) -> None:
    """W(b) - W(a) is elapsed(a, b) and the as-of deadline is add(t, d), within the spine."""
    start, end = spine.bounds(schedule, year, year + 1)
    rows = list(spine.periods(schedule, year, year + 1))
    starts = [r.start_us for r in rows]
    after = [r.cum_after_us for r in rows]
    lo, hi = us(start), us(end)
    for fraction, d in cases:
        t = lo + int(fraction * (hi - lo - 1))
        if fraction < 0.3:  # exactly on an opening or a closing, where off-by-one errors live
            k = min(int(fraction / 0.3 * 2 * len(rows)), 2 * len(rows) - 1)
            t = rows[k // 2].end_us if k % 2 else rows[k // 2].start_us
        instant = EPOCH + dt.timedelta(microseconds=t)
        w = w_of(rows, starts, t)
        assert w - w_of(rows, starts, lo) == schedule.elapsed(start, instant) // ONE_US
        if w + d <= after[-1]:  # the deadline falls inside the spine
            expected = us(schedule.add(instant, dt.timedelta(microseconds=d)))
            assert deadline_of(rows, after, t, d, w) == expected
