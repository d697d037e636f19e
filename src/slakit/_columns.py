"""Arrays through the engine: numpy, pandas and pyarrow columns in, the same kind out.

The scalar engine's yearly lines are ``array('q')`` buffers; here numpy views them
without copying, lays the years an answer needs end to end (their prefix sums shifted
by the working time of the years before), and answers every element with
``searchsorted`` over those same integers: one engine, two ways in.

Instants: numpy ``datetime64`` values carry no zone and numpy defines them as UTC, so
they are read as UTC instants (never as the schedule's local time) and answers come
back as ``datetime64[us]`` in UTC. pandas and pyarrow timestamps must carry a zone (a
naive one is a :class:`~slakit.NaiveDatetimeError`); answers come back in the
schedule's zone. Durations are a ``datetime.timedelta`` or numpy ``timedelta64``
scalar, or an array of them of any of the three kinds. Everything is exact to the
microsecond; a value with nanoseconds is refused rather than rounded. NaT and nulls
pass through as NaT and nulls.

numpy, pandas and pyarrow are imported here only, when an array method is called:
``import slakit`` needs none of them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from typing import TYPE_CHECKING, Any

from slakit._engine import _YEARS, Engine
from slakit._instants import duration_us, from_us
from slakit.calendar import MAX_YEAR, MIN_YEAR
from slakit.errors import (
    InvalidArgumentError,
    NaiveDatetimeError,
    NegativeDurationError,
    OutOfRangeError,
    ReversedIntervalError,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

_NAT = -(1 << 63)
_KINDS = (
    "a numpy datetime64 array, a tz-aware pandas Series or a pyarrow timestamp array "
    "with a time zone"
)


def _load(name: str) -> Any:
    """An optional dependency, imported on first use only."""
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - the frame extra installs them
        raise InvalidArgumentError(
            name, None, "installed for array methods: pip install 'slakit[frame]'"
        ) from None


def _numpy() -> Any:
    return _load("numpy")


class Column:
    """One input column as epoch microseconds, with what it takes to send results back."""

    def __init__(self, kind: str, values: Ints, valid: Bools, source: Any) -> None:
        self.kind, self.values, self.valid, self.source = kind, values, valid, source

    def instants(self, engine: Engine, values: Ints, valid: Bools) -> Any:
        """Epoch microseconds out as this column's kind, in the schedule's zone."""
        np = _numpy()
        out = values if valid.all() else np.where(valid, values, _NAT)
        if self.kind == "numpy":
            return out.view("datetime64[us]").reshape(self.source.shape)
        if self.kind == "pandas":
            pd = _load("pandas")
            series = pd.Series(out.view("datetime64[us]"), index=self.source.index)
            series.name = self.source.name
            return series.dt.tz_localize("UTC").dt.tz_convert(engine.tz.key)
        pa = _load("pyarrow")
        array = pa.array(out, type=pa.timestamp("us", tz=engine.tz.key), mask=~valid)
        return pa.chunked_array([array]) if self.kind == "arrow-chunked" else array

    def durations(self, values: Ints, valid: Bools) -> Any:
        """Microseconds out as this column's kind of durations."""
        np = _numpy()
        out = values if valid.all() else np.where(valid, values, _NAT)
        if self.kind == "numpy":
            return out.view("timedelta64[us]").reshape(self.source.shape)
        if self.kind == "pandas":
            pd = _load("pandas")
            series = pd.Series(out.view("timedelta64[us]"), index=self.source.index)
            series.name = self.source.name
            return series
        pa = _load("pyarrow")
        array = pa.array(out, type=pa.duration("us"), mask=~valid)
        return pa.chunked_array([array]) if self.kind == "arrow-chunked" else array


_FINER = {"ns": 10**3, "ps": 10**6, "fs": 10**9, "as": 10**12}


def _micro(np: Any, raw: Any, name: str, what: str) -> tuple[Ints, Bools]:
    """A datetime64/timedelta64 array as int64 microseconds and a validity mask."""
    raw = np.asarray(raw).ravel()
    ints = raw.view(np.int64)
    valid = ints != _NAT
    unit, step = np.datetime_data(raw.dtype)
    if unit in _FINER:
        ticks, per = ints * step, _FINER[unit]
        rest = valid & (ticks % per != 0)
        i = _first(rest)
        if i is not None:
            raise InvalidArgumentError(
                f"{name}[{i}]",
                raw[i],
                f"a {what} to the microsecond (slakit is exact to the microsecond: "
                "floor or round the values to microseconds first)",
            )
        return np.where(valid, ticks // per, 0), valid
    if raw.dtype.kind == "m" and unit in ("Y", "M", "generic"):
        # numpy would turn a month into 30.436875 days: not a duration slakit can trust.
        raise InvalidArgumentError(
            name, raw.dtype, f"{what}s in a fixed unit (weeks or finer), not {unit}"
        )
    micro = raw.astype("M8[us]" if raw.dtype.kind == "M" else "m8[us]").view(np.int64)
    return np.where(valid, micro, 0), valid


def instants_in(value: object, name: str) -> Column:
    """Read a column of instants; see the module docstring for what is accepted."""
    pd = sys.modules.get("pandas")
    pa = sys.modules.get("pyarrow")
    if pd is not None and isinstance(value, pd.Series):
        dtype = value.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            values, valid = _micro(_numpy(), value.dt.tz_convert(None).to_numpy(), name, "instant")
            return Column("pandas", values, valid, value)
        if getattr(dtype, "kind", "") == "M":
            raise NaiveDatetimeError(name, value)
        raise InvalidArgumentError(name, value, _KINDS)
    if pa is not None and isinstance(value, pa.Array | pa.ChunkedArray):
        if not pa.types.is_timestamp(value.type):
            raise InvalidArgumentError(name, value, _KINDS)
        if value.type.tz is None:
            raise NaiveDatetimeError(name, value)
        values, valid = _micro(_numpy(), value.to_numpy(zero_copy_only=False), name, "instant")
        kind = "arrow-chunked" if isinstance(value, pa.ChunkedArray) else "arrow"
        return Column(kind, values, valid, value)
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.ndarray) and value.dtype.kind == "M":
        values, valid = _micro(np, value, name, "instant")
        return Column("numpy", values, valid, value)
    raise InvalidArgumentError(name, value, _KINDS)


def durations_in(value: object, count: int) -> tuple[Ints | int | None, Bools | None]:
    """A scalar duration (int microseconds, or None for NaT) or an array of them."""
    np = _numpy()
    pd = sys.modules.get("pandas")
    pa = sys.modules.get("pyarrow")
    if isinstance(value, dt.timedelta):
        if getattr(value, "nanoseconds", 0):
            raise InvalidArgumentError(
                "duration", value, "a duration to the microsecond (slakit is exact to it)"
            )
        return duration_us(value), None
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            return None, None
        values, _ = _micro(np, np.array([value]), "duration", "duration")
        amount = int(values[0])
        if amount < 0:
            raise NegativeDurationError("duration", value)
        return amount, None
    raw: Any = None
    if pd is not None and isinstance(value, pd.Series) and value.dtype.kind == "m":
        raw = value.to_numpy()
    elif (
        pa is not None
        and isinstance(value, pa.Array | pa.ChunkedArray)
        and pa.types.is_duration(value.type)
    ):
        raw = value.to_numpy(zero_copy_only=False)
    elif isinstance(value, np.ndarray) and value.dtype.kind == "m":
        raw = value
    if raw is None:
        raise InvalidArgumentError(
            "duration",
            value,
            "a datetime.timedelta, a numpy timedelta64, or an array of durations "
            "(numpy timedelta64, pandas timedelta Series, pyarrow duration)",
        )
    values, valid = _micro(np, raw, "duration", "duration")
    if len(values) != count:
        raise InvalidArgumentError(
            "duration", value, f"one duration or one per start ({count}), not {len(values)}"
        )
    return values, valid


class Timeline:
    """The lines of years ``first..last`` laid end to end as numpy arrays."""

    def __init__(self, engine: Engine, first: int, last: int) -> None:
        np = _numpy()
        self.lines = [engine.line(index) for index in range(first, last + 1)]
        self.base = [0]  # working time before each year, counted from ``first``
        starts, before, after, heads = [], [], [], [0]
        for line in self.lines:
            cum = np.frombuffer(line.cum, dtype=np.int64)  # a view: no copy
            starts.append(np.frombuffer(line.starts, dtype=np.int64))
            before.append(cum[:-1] + self.base[-1])
            after.append(cum[1:] + self.base[-1])
            heads.append(heads[-1] + len(line.starts))
            self.base.append(self.base[-1] + line.total)
        self.starts = np.concatenate(starts)
        self.before = np.concatenate(before)
        self.after = np.concatenate(after)
        self.heads = np.asarray(heads[:-1], dtype=np.int64)  # each year's first period
        self.los = np.asarray([line.lo for line in self.lines], dtype=np.int64)

    def offsets(self, us: Ints) -> Ints:
        """Working time from the first year's start to each instant (all inside)."""
        np = _numpy()
        if not len(self.starts):  # years without working time
            return np.zeros(len(us), dtype=np.int64)  # type: ignore[no-any-return]
        i = np.searchsorted(self.starts, us, side="right") - 1
        safe = np.maximum(i, 0)
        into = np.minimum(us - self.starts[safe], self.after[safe] - self.before[safe])
        offsets: Ints = np.where(i >= 0, self.before[safe] + into, 0)
        return offsets

    def line_of_period(self, j: Ints) -> Ints:
        """The year index (from ``first``) of each period index."""
        np = _numpy()
        lines: Ints = np.searchsorted(self.heads, j, side="right") - 1
        return lines


def _first(mask: Bools) -> int | None:
    np = _numpy()
    return int(np.argmax(mask)) if mask.any() else None


def _range_checked(engine: Engine, column: Column, name: str, valid: Bools) -> None:
    values = column.values
    bad = valid & ((values < engine.min_us) | (values >= engine.max_us))
    i = _first(bad)
    if i is not None:
        raise OutOfRangeError(
            f"{name}[{i}] is outside the years {MIN_YEAR} to {MAX_YEAR} "
            "that slakit computes working time for"
        )


def _warn(engine: Engine, years: set[int]) -> None:
    for year in sorted(years):
        engine.warn(year, stacklevel=3)


def _provisional_years(timeline: Timeline, periods: Ints, flagged: Bools) -> set[int]:
    """The provisional years among the lines holding ``periods[flagged]``."""
    np = _numpy()
    if not any(line.provisional for line in timeline.lines) or not flagged.any():
        return set()
    lines = np.unique(timeline.line_of_period(periods[flagged]))
    return {timeline.lines[k].year for k in lines.tolist() if timeline.lines[k].provisional}


def _years_at(engine: Engine, timeline: Timeline, us: Ints, mask: Bools) -> set[int]:
    """The provisional years of the lines answering for ``us[mask]``."""
    np = _numpy()
    if not mask.any():
        return set()
    k = np.searchsorted(timeline.los, us[mask], side="right") - 1
    return {timeline.lines[i].year for i in np.unique(k).tolist() if timeline.lines[i].provisional}


def _span(engine: Engine, column: Column, valid: Bools) -> tuple[int, int]:
    np = _numpy()
    values = column.values if valid.all() else column.values[valid]
    return engine.line_at(int(np.min(values))).index, engine.line_at(int(np.max(values))).index


def _scalar_duration(
    amounts: Ints | int | None, dvalid: Bools | None, valid: Bools, n: int
) -> tuple[Ints, Bools]:
    np = _numpy()
    if amounts is None:
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    if dvalid is None:
        return np.full(n, amounts, dtype=np.int64), valid
    assert not isinstance(amounts, int)
    return amounts, valid & dvalid


def add(engine: Engine, starts: object, duration: object, *, backward: bool = False) -> Any:
    """``Schedule.add`` (or ``subtract``) element for element."""
    name = "ends" if backward else "starts"
    column = instants_in(starts, name)
    n = len(column.values)
    amounts, dvalid = durations_in(duration, n)
    d, valid = _scalar_duration(amounts, dvalid, column.valid, n)
    us = column.values
    # The scalar call's errors, at the first element that has one, in its order.
    negative = valid & (d < 0)
    outside = valid & ((us < engine.min_us) | (us >= engine.max_us))
    reach = us - d if backward else us + d
    unreachable = valid & ~negative & ~outside & (d > 0)
    unreachable &= (reach < engine.min_us) | (reach > engine.max_us)
    first = _first(negative | outside | unreachable)
    if first is not None:
        if negative[first]:
            raise NegativeDurationError(
                f"duration[{first}]", dt.timedelta(microseconds=int(d[first]))
            )
        if outside[first]:
            raise OutOfRangeError(
                f"{name}[{first}] is outside the years slakit computes working time for"
            )
        raise OutOfRangeError(
            f"{name}[{first}] plus its duration would fall outside the years slakit "
            "computes working time for"
        )
    if not valid.any():
        return column.instants(engine, us.copy(), valid)
    result, years = _moved(engine, column, d, valid, backward=backward)
    _warn(engine, years)
    return column.instants(engine, result, valid)


def _moved(
    engine: Engine, column: Column, d: Ints, valid: Bools, *, backward: bool
) -> tuple[Ints, set[int]]:
    """The answers of :func:`add` for valid elements, and the provisional years they need."""
    np = _numpy()
    name = "ends" if backward else "starts"
    us = column.values
    result = us.copy()
    lo, hi = _span(engine, column, valid)
    timeline = Timeline(engine, lo, hi)
    moving = valid & (d > 0)
    target = timeline.offsets(us) + np.where(moving, -d if backward else d, 0)
    if backward:
        while moving.any() and lo > 0 and int(np.min(target[moving])) < 0:
            need = -int(np.min(target[moving]))
            while need > 0 and lo > 0:
                lo -= 1
                total = engine.summary(lo)[0]
                need -= total
                target += total
            timeline = Timeline(engine, lo, hi)
        short = moving & (target < 0)
    else:
        while moving.any() and hi < _YEARS - 1 and int(np.max(target[moving])) > timeline.base[-1]:
            need = int(np.max(target[moving])) - timeline.base[-1]
            while need > 0 and hi < _YEARS - 1:
                hi += 1
                need -= engine.summary(hi)[0]
            timeline = Timeline(engine, lo, hi)
        short = moving & (target > timeline.base[-1])
    first = _first(short)
    if first is not None:
        raise OutOfRangeError(
            f"{name}[{first}] plus its duration would fall outside the years slakit "
            "computes working time for"
        )
    w = np.where(moving, target, 0)
    if backward:
        j = np.searchsorted(timeline.before, w, side="right") - 1
    else:
        j = np.searchsorted(timeline.after, w, side="left")
    if moving.any():  # then there are periods, or the check above has raised
        j = np.clip(j, 0, len(timeline.starts) - 1)
        found = timeline.starts[j] + w - timeline.before[j]
        result = np.where(moving, found, us)
    # Warnings: a moved answer rests on its line; backward, on the start's line.
    standing = valid & ~moving
    if backward:
        years = _years_at(engine, timeline, us, valid)
    else:
        years = _provisional_years(timeline, j, moving) | _years_at(engine, timeline, us, standing)
    return result, years


def elapsed(engine: Engine, starts: object, ends: object) -> Any:
    """``Schedule.elapsed`` element for element."""
    np = _numpy()
    first_column = instants_in(starts, "starts")
    last_column = instants_in(ends, "ends")
    a, b = first_column.values, last_column.values
    if len(a) != len(b):
        raise InvalidArgumentError("ends", ends, f"one end per start ({len(a)}), not {len(b)}")
    valid = first_column.valid & last_column.valid
    reversed_ = valid & (b < a)
    outside_a = valid & ((a < engine.min_us) | (a >= engine.max_us))
    outside_b = valid & (b > a) & ((b - 1 < engine.min_us) | (b - 1 >= engine.max_us))
    first = _first(reversed_ | outside_a | outside_b)
    if first is not None:
        if reversed_[first]:
            raise ReversedIntervalError(
                f"starts[{first}] {from_us(int(a[first]), engine.tz).isoformat()}",
                f"ends[{first}] {from_us(int(b[first]), engine.tz).isoformat()}",
            )
        which = "starts" if outside_a[first] else "ends"
        raise OutOfRangeError(
            f"{which}[{first}] is outside the years slakit computes working time for"
        )
    out = np.zeros(len(a), dtype=np.int64)
    if not valid.any():
        return first_column.durations(out, valid)
    last = np.where(b > a, b - 1, a)
    lo = engine.line_at(int(np.min(a[valid]))).index
    hi = engine.line_at(int(np.max(last[valid]))).index
    timeline = Timeline(engine, lo, hi)
    out = np.where(valid, timeline.offsets(b) - timeline.offsets(a), 0)
    _warn(engine, _years_at(engine, timeline, last, valid & (b > a)))
    return first_column.durations(out, valid)


def is_open(engine: Engine, instants: object) -> Any:
    """``Schedule.is_open`` element for element: booleans, nulls where NaT came in."""
    np = _numpy()
    column = instants_in(instants, "instants")
    valid = column.valid
    if column.kind == "numpy" and not valid.all():
        raise InvalidArgumentError(
            f"instants[{_first(~valid)}]",
            "NaT",
            "an instant (a numpy bool array has no null; use pandas or pyarrow for NaT)",
        )
    _range_checked(engine, column, "instants", valid)
    us = column.values
    answers = np.zeros(len(us), dtype=bool)
    if valid.any():
        lo, hi = _span(engine, column, valid)
        timeline = Timeline(engine, lo, hi)
        if len(timeline.starts):
            i = np.searchsorted(timeline.starts, us, side="right") - 1
            safe = np.maximum(i, 0)
            length = timeline.after[safe] - timeline.before[safe]
            answers = valid & (i >= 0) & (us < timeline.starts[safe] + length)
        _warn(engine, _years_at(engine, timeline, us, valid))
    if column.kind == "numpy":
        return answers.reshape(column.source.shape)
    if column.kind == "pandas":
        pd = _load("pandas")

        series = pd.Series(pd.array(answers, dtype="boolean"), index=column.source.index)
        series[~valid] = pd.NA
        series.name = column.source.name
        return series
    pa = _load("pyarrow")

    array = pa.array(answers, type=pa.bool_(), mask=~valid)
    return pa.chunked_array([array]) if column.kind == "arrow-chunked" else array
