"""The working-time spine: a schedule's working periods as a table, for SQL engines.

A warehouse that cannot run Python still needs slakit's answers. The spine carries
them: one row per working period of a schedule over whole years, as UTC instants with
the working time accumulated before each period. From it, two as-of lookups give the
working time between any two instants and any deadline, exactly as
:meth:`~slakit.Schedule.elapsed` and :meth:`~slakit.Schedule.add` compute them (the
SQL is in the docs: "SQL without Python").

Every amount is an integer count of **microseconds**: SQL engines store timestamps to
the microsecond, so integer sums are exact where seconds as floating point would not
be. The spine is built from :meth:`~slakit.Schedule.periods` only, so
it follows the engine by construction. pyarrow is needed only for :func:`table` and
Parquet output (``pip install 'slakit[sql]'``); CSV needs nothing.

Columns, in order (:data:`COLUMNS`):

``period_start``, ``period_end``
    the period's instants, UTC (Arrow ``timestamp[us, tz=UTC]``).
``length_us``
    working microseconds in the period, ``period_end - period_start`` on real time.
``cum_before_us``, ``cum_after_us``
    working microseconds from the spine's start to the period's start, and to its end.
``local_date``
    the date, in the schedule's zone, whose hours the period belongs to (a night
    shift belongs to the day it starts on).
``day_kind``
    why that date is worked: a :class:`~slakit.DayKind` value such as
    ``"working day"`` or ``"transferred working day"``.
``holiday``
    the holiday's name where the calendar gives one, else empty (null).
``provisional``
    whether the date's year has no published production calendar yet (rule 4): the
    row may change when the government publishes the year's transfers.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import pathlib
from collections.abc import Iterator
from typing import IO, Any

import attrs

from slakit.calendar import MAX_YEAR, MIN_YEAR, DayKind
from slakit.errors import (
    InvalidArgumentError,
    MissingDependencyError,
    OutOfRangeError,
)
from slakit.schedule import Schedule

__all__ = ["COLUMNS", "FORMATS", "SpinePeriod", "bounds", "periods", "table", "write", "write_csv"]

COLUMNS = (
    "period_start",
    "period_end",
    "length_us",
    "cum_before_us",
    "cum_after_us",
    "local_date",
    "day_kind",
    "holiday",
    "provisional",
)
"""The spine's columns, in order; every output format has exactly these."""

FORMATS = ("parquet", "csv")
"""The file formats :func:`write` knows."""

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)


def _micros(instant: dt.datetime) -> int:
    return (instant - _EPOCH) // _ONE_US


def _whole(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(attribute.name, value, "an int (microseconds)")


def _kind(_instance: object, attribute: attrs.Attribute[DayKind], value: object) -> None:
    if not isinstance(value, DayKind):
        raise InvalidArgumentError(attribute.name, value, "a slakit.DayKind")


def _date(_instance: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidArgumentError(attribute.name, value, "a datetime.date")


@attrs.frozen
class SpinePeriod:
    """One row of the spine: a working period in epoch microseconds, with its running sum.

    ``start_us`` and ``end_us`` are microseconds since 1970-01-01 UTC; ``cum_before_us``
    is the working time from the spine's start to ``start_us``.
    """

    start_us: int = attrs.field(validator=_whole)
    end_us: int = attrs.field(validator=_whole)
    cum_before_us: int = attrs.field(validator=_whole)
    date: dt.date = attrs.field(validator=_date)
    kind: DayKind = attrs.field(validator=_kind)
    holiday: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    provisional: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if self.end_us <= self.start_us:
            raise InvalidArgumentError(
                "end_us", self.end_us, f"an instant after start_us ({self.start_us})"
            )
        if self.cum_before_us < 0:
            raise InvalidArgumentError("cum_before_us", self.cum_before_us, "0 or more")

    @property
    def length_us(self) -> int:
        """Working microseconds in the period (its real length, across a clock change too)."""
        return self.end_us - self.start_us

    @property
    def cum_after_us(self) -> int:
        """Working microseconds from the spine's start to the period's end."""
        return self.cum_before_us + self.end_us - self.start_us

    @property
    def start(self) -> dt.datetime:
        """The period's start as an aware UTC datetime."""
        return _EPOCH + dt.timedelta(microseconds=self.start_us)

    @property
    def end(self) -> dt.datetime:
        """The period's end as an aware UTC datetime."""
        return _EPOCH + dt.timedelta(microseconds=self.end_us)

    def row(self) -> tuple[object, ...]:
        """The values of :data:`COLUMNS`, in order (datetimes in UTC, the kind as text)."""
        return (
            self.start,
            self.end,
            self.length_us,
            self.cum_before_us,
            self.cum_after_us,
            self.date,
            self.kind.value,
            self.holiday,
            self.provisional,
        )


def _year(name: str, year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidArgumentError(name, year, "a year as an int, e.g. 2026")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OutOfRangeError(
            f"{name} {year} is outside the years {MIN_YEAR} to {MAX_YEAR} "
            "that slakit computes working time for"
        )
    return year


def _check_years(first_year: object, last_year: object) -> tuple[int, int]:
    first, last = _year("first_year", first_year), _year("last_year", last_year)
    if last < first:
        raise InvalidArgumentError("last_year", last, f"a year from first_year ({first}) on")
    return first, last


def _check_schedule(schedule: object) -> Schedule:
    if not isinstance(schedule, Schedule):
        raise InvalidArgumentError("schedule", schedule, "a slakit.Schedule")
    return schedule


def bounds(schedule: Schedule, first_year: int, last_year: int) -> tuple[dt.datetime, dt.datetime]:
    """The instants the spine covers: local midnight of January 1 of ``first_year`` to
    that of ``last_year + 1``, in the schedule's zone.

    The SQL answers for instants in ``[start, end)``; a deadline beyond ``end`` has no
    period to land in and comes out null.
    """
    schedule = _check_schedule(schedule)
    first, last = _check_years(first_year, last_year)
    tz = schedule.zone
    return dt.datetime(first, 1, 1, tzinfo=tz), dt.datetime(last + 1, 1, 1, tzinfo=tz)


def periods(schedule: Schedule, first_year: int, last_year: int) -> Iterator[SpinePeriod]:
    """The spine's rows: the working periods of the years ``first_year..last_year``.

    The years are the schedule's local years (see :func:`bounds`); a night shift over
    a boundary is cut there. Cumulative working time starts at 0 at the spine's start.

    Raises:
        InvalidArgumentError: a schedule that is not a ``Schedule``, a year that is not
            an int, or ``last_year`` before ``first_year``.
        OutOfRangeError: a year outside 1970-2100.

    Warns:
        ProvisionalCalendarWarning: when a year has no published production calendar
            (its rows also say ``provisional``).
    """
    start, end = bounds(schedule, first_year, last_year)
    # Ask up to the last microsecond of the spine: an answer reaching the next year's first
    # instant would warn that the next year is provisional, though nothing of it counts. A
    # period open at that microsecond runs on to ``end`` at least (its end, a whole second,
    # is after it), so the last piece is restored to end there.
    last = end - _ONE_US
    end_us = _micros(end)
    runs_over = schedule.is_open(last)
    provisional: dict[int, bool] = {}
    cumulative = 0
    for period in schedule.periods(start, last):
        lo, hi = _micros(period.start), _micros(period.end)
        if runs_over and hi == end_us - 1:
            hi = end_us
        if hi <= lo:  # nothing to count; a zero-length row would make as-of lookups ambiguous
            continue
        year = period.date.year
        if year not in provisional:
            provisional[year] = schedule.is_provisional(year)
        yield SpinePeriod(
            lo, hi, cumulative, period.date, period.kind, period.holiday, provisional[year]
        )
        cumulative += hi - lo


def _pyarrow(what: str) -> Any:
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        raise MissingDependencyError("pyarrow", "sql", what) from None


def table(schedule: Schedule, first_year: int, last_year: int) -> Any:
    """The spine as a ``pyarrow.Table`` with :data:`COLUMNS`.

    Timestamps are ``timestamp[us, tz=UTC]``, amounts ``int64`` microseconds,
    ``local_date`` a ``date32``. The schema's metadata records the zone and the years
    (keys ``slakit.tz``, ``slakit.first_year``, ``slakit.last_year``, ``slakit.start``,
    ``slakit.end``).

    Raises:
        MissingDependencyError: pyarrow is not installed (``pip install 'slakit[sql]'``).
    """
    pa = _pyarrow("slakit.spine.table")
    start, end = bounds(schedule, first_year, last_year)
    rows = list(periods(schedule, first_year, last_year))
    utc = pa.timestamp("us", tz="UTC")
    schema = pa.schema(
        [
            pa.field("period_start", utc, nullable=False),
            pa.field("period_end", utc, nullable=False),
            pa.field("length_us", pa.int64(), nullable=False),
            pa.field("cum_before_us", pa.int64(), nullable=False),
            pa.field("cum_after_us", pa.int64(), nullable=False),
            pa.field("local_date", pa.date32(), nullable=False),
            pa.field("day_kind", pa.string(), nullable=False),
            pa.field("holiday", pa.string()),
            pa.field("provisional", pa.bool_(), nullable=False),
        ],
        metadata={
            "slakit.tz": str(schedule.tz),
            "slakit.first_year": str(first_year),
            "slakit.last_year": str(last_year),
            "slakit.start": start.astimezone(dt.UTC).isoformat(),
            "slakit.end": end.astimezone(dt.UTC).isoformat(),
        },
    )
    columns = [
        [r.start_us for r in rows],
        [r.end_us for r in rows],
        [r.length_us for r in rows],
        [r.cum_before_us for r in rows],
        [r.cum_after_us for r in rows],
        [r.date for r in rows],
        [r.kind.value for r in rows],
        [r.holiday for r in rows],
        [r.provisional for r in rows],
    ]
    arrays = [
        pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_csv(schedule: Schedule, first_year: int, last_year: int, out: IO[str]) -> int:
    """Write the spine as CSV with a header row; returns the number of periods.

    Instants are ISO 8601 in UTC (``2026-01-12T06:00:00+00:00``, microseconds where
    there are any), booleans ``true``/``false``, a missing holiday an empty field.
    Needs no optional dependency.
    """
    if not hasattr(out, "write"):
        raise InvalidArgumentError("out", out, "a text file open for writing")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for period in periods(schedule, first_year, last_year):
        writer.writerow(
            [
                period.start.isoformat(),
                period.end.isoformat(),
                period.length_us,
                period.cum_before_us,
                period.cum_after_us,
                period.date.isoformat(),
                period.kind.value,
                period.holiday or "",
                "true" if period.provisional else "false",
            ]
        )
        count += 1
    return count


def write(
    schedule: Schedule,
    first_year: int,
    last_year: int,
    path: str | pathlib.Path,
    *,
    format: str = "parquet",
) -> int:
    """Write the spine to ``path`` as Parquet (needs pyarrow) or CSV; returns the row count.

    Raises:
        InvalidArgumentError: an unknown ``format`` (valid: :data:`FORMATS`).
        MissingDependencyError: Parquet without pyarrow.
        OSError: the file cannot be written.
    """
    if format not in FORMATS:
        raise InvalidArgumentError("format", format, f"one of {', '.join(FORMATS)}")
    path = pathlib.Path(path)
    if format == "csv":
        bounds(schedule, first_year, last_year)  # check the arguments before creating the file
        with path.open("w", encoding="utf-8", newline="") as out:
            return write_csv(schedule, first_year, last_year, out)
    spine = table(schedule, first_year, last_year)
    parquet = importlib.import_module("pyarrow.parquet")
    parquet.write_table(spine, path)
    return int(spine.num_rows)
