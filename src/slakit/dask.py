"""slakit on Dask: the array calls and the ticket table over ``dask.dataframe``.

Thin adapters, never a second engine: each partition is a pandas object, answered by
:meth:`Schedule.add_array <slakit.Schedule.add_array>`,
:meth:`Schedule.elapsed_array <slakit.Schedule.elapsed_array>` or
:func:`slakit.frame.statuses` exactly as in one process. Works on any scheduler:
threads, processes or a ``distributed`` cluster (slakit's models pickle).

Instants are tz-aware pandas timestamps (a naive column is refused, as by the array
calls); answers are tz-aware too, in the schedule's zone for deadlines. Durations are
``timedelta64[us]``.

dask is imported on first use: ``pip install 'slakit[dask]'`` brings it (with
``distributed`` for a cluster). This module is ``slakit.dask``; inside it, ``dask``
is always the real package (imports are absolute).
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from slakit._instants import duration_us
from slakit.errors import InvalidArgumentError, MissingDependencyError
from slakit.schedule import Schedule

__all__ = ["add", "elapsed"]


def _module(name: str) -> Any:
    """A dask (or pandas) module, imported on first use."""
    try:
        return importlib.import_module(name)
    except ImportError:
        package = name.partition(".")[0]
        raise MissingDependencyError(package, "dask", "slakit.dask") from None


def _series(value: object, name: str) -> Any:
    dd = _module("dask.dataframe")
    if not isinstance(value, dd.Series):
        raise InvalidArgumentError(name, value, "a dask.dataframe Series")
    return value


def _schedule(value: object) -> Schedule:
    if not isinstance(value, Schedule):
        raise InvalidArgumentError("schedule", value, "a slakit.Schedule")
    return value


def _add_part(starts: Any, duration: Any, schedule: Schedule) -> Any:
    return schedule.add_array(starts, duration)


def _elapsed_part(starts: Any, ends: Any, schedule: Schedule) -> Any:
    return schedule.elapsed_array(starts, ends)


def add(schedule: Schedule, starts: object, duration: object) -> Any:
    """Deadlines for a dask Series of starts: :meth:`Schedule.add <slakit.Schedule.add>` per row.

    Args:
        schedule: the schedule to count working time on.
        starts: a dask Series of tz-aware timestamps.
        duration: one ``datetime.timedelta`` for every row, or a dask Series of
            durations partitioned like ``starts``.

    Returns:
        A lazy dask Series of deadlines in the schedule's zone (``datetime64[us, zone]``),
        with the index and name of ``starts``; NaT where a start or duration is NaT.

    Raises:
        InvalidArgumentError: a schedule, series or duration of the wrong type.
        NegativeDurationError: a negative ``timedelta`` (checked here, at once). Errors in
            the data (a naive column, a negative duration in a Series) are raised when
            the result is computed.
    """
    sched = _schedule(schedule)
    column = _series(starts, "starts")
    if isinstance(duration, dt.timedelta):
        duration_us(duration)
    else:
        duration = _series(duration, "duration")
    pd = _module("pandas")
    meta = pd.Series([], dtype=f"datetime64[us, {sched.tz}]", name=column.name)
    dd = _module("dask.dataframe")
    return dd.map_partitions(_add_part, column, duration, sched, meta=meta)


def elapsed(schedule: Schedule, starts: object, ends: object) -> Any:
    """Working time between two dask Series of instants, row by row.

    Args:
        schedule: the schedule to count working time on.
        starts, ends: dask Series of tz-aware timestamps, partitioned alike,
            ``start <= end`` on every row.

    Returns:
        A lazy dask Series of ``timedelta64[us]``: :meth:`Schedule.elapsed
        <slakit.Schedule.elapsed>` of each pair; NaT where either end is NaT. A row with
        ``end < start`` raises :class:`~slakit.ReversedIntervalError` when computed.
    """
    sched = _schedule(schedule)
    first = _series(starts, "starts")
    last = _series(ends, "ends")
    pd = _module("pandas")
    meta = pd.Series([], dtype="timedelta64[us]", name=first.name)
    dd = _module("dask.dataframe")
    return dd.map_partitions(_elapsed_part, first, last, sched, meta=meta)
