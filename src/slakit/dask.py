"""slakit on Dask: the array calls and the ticket table over ``dask.dataframe``.

Thin adapters, never a second engine: each partition is a pandas object, answered by
:meth:`slakit.Schedule.add_array`,
:meth:`slakit.Schedule.elapsed_array` or
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

from slakit import frame
from slakit._instants import duration_us, to_us
from slakit.errors import InvalidArgumentError, MissingDependencyError
from slakit.regulation import Regulation
from slakit.schedule import Schedule

__all__ = ["add", "elapsed", "partition_by_ticket", "statuses"]

_ROW = "__slakit_row"


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
    """Deadlines for a dask Series of starts: :meth:`slakit.Schedule.add` per row.

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
        starts: a dask Series of tz-aware timestamps.
        ends: a dask Series of tz-aware timestamps partitioned like ``starts``,
            ``start <= end`` on every row.

    Returns:
        A lazy dask Series of ``timedelta64[us]``: the working time of each pair, as
        :meth:`slakit.Schedule.elapsed` gives it; NaT where either
        end is NaT. A row with
        ``end < start`` raises :class:`~slakit.ReversedIntervalError` when computed.
    """
    sched = _schedule(schedule)
    first = _series(starts, "starts")
    last = _series(ends, "ends")
    pd = _module("pandas")
    meta = pd.Series([], dtype="timedelta64[us]", name=first.name)
    dd = _module("dask.dataframe")
    return dd.map_partitions(_elapsed_part, first, last, sched, meta=meta)


# -- tickets as a table -----------------------------------------------------------------


def _numbered(part: Any, partition_info: dict[str, Any] | None = None) -> Any:
    """A partition with its rows numbered across the whole frame (partition, position)."""
    np = _module("numpy")
    number = (partition_info or {}).get("number", 0)
    return part.assign(**{_ROW: (number << 40) + np.arange(len(part), dtype="int64")})


def _answer(part: Any, now: dt.datetime, regulation: Regulation | None, order: str) -> Any:
    """One partition (whole tickets) through :func:`slakit.frame.statuses`."""
    pd = _module("pandas")
    events = part.sort_values(order, kind="stable").drop(columns=[order])
    for name in events.columns:
        column = events[name]
        if isinstance(column.dtype, pd.StringDtype):
            # Dask stores text as pyarrow strings, whose nulls are pd.NA: plain None here.
            events[name] = column.astype(object).where(column.notna(), None)
    return frame.statuses(events, now=now, regulation=regulation)


def _meta(now: dt.datetime) -> Any:
    """The output's empty frame, from slakit.frame itself: its dtypes exactly."""
    pd = _module("pandas")
    empty = pd.DataFrame(
        {
            "ticket": pd.Series([], dtype=object),
            "event": pd.Series([], dtype=object),
            "at": pd.Series([], dtype="datetime64[us, UTC]"),
        }
    )
    return frame.statuses(empty, now=now)


def partition_by_ticket(events: Any, npartitions: int) -> Any:
    """A pandas event table as a Dask frame whose partitions each hold whole tickets.

    Rows go to a partition by a stable hash of their ticket id, in their order, so
    :func:`statuses` can take ``whole_tickets=True`` and skip its shuffle. For a table on
    disk, write it partitioned by the same kind of bucket instead.
    """
    pd = _module("pandas")
    dd = _module("dask.dataframe")
    if not isinstance(events, pd.DataFrame) or "ticket" not in events.columns:
        raise InvalidArgumentError("events", events, "a pandas DataFrame with a 'ticket' column")
    if isinstance(npartitions, bool) or not isinstance(npartitions, int) or npartitions < 1:
        raise InvalidArgumentError("npartitions", npartitions, "a whole number from 1")
    ids = events["ticket"].astype(str).to_numpy(dtype=object)
    bucket = pd.util.hash_array(ids) % npartitions
    parts = [events[bucket == i] for i in range(npartitions)]
    return dd.concat([dd.from_pandas(part, npartitions=1, sort=False) for part in parts])


def statuses(
    ddf: Any,
    *,
    now: dt.datetime,
    regulation: Regulation | None = None,
    order: str | None = None,
    whole_tickets: bool = False,
) -> Any:
    """Every clock of every ticket in a Dask event table at ``now``: one row per clock.

    Shuffles the rows by ticket (``DataFrame.shuffle("ticket")``, so every ticket is
    whole in one partition), then answers each partition with
    :func:`slakit.frame.statuses`: the single-process answers, many tickets per call.
    Where every partition already holds all the events of its tickets (a table written
    partitioned by ticket, or by a bucket of the ticket id), ``whole_tickets=True``
    skips the shuffle, which costs more than the answers on a small cluster.

    Args:
        ddf: a ``dask.dataframe.DataFrame`` in the event schema (see
            :mod:`slakit.frame`): ``ticket``, ``event``, ``at`` required; ``preset``,
            ``level``, ``reason``, ``coupon`` where the events need them. ``at`` is
            tz-aware timestamps, aware datetimes or ISO 8601 text with an offset.
        now: the instant asked about, an aware datetime; later events are left out.
        regulation: one regulation for every ticket; by default each ticket follows the
            preset its ``preset`` column names.
        order: a column (not an event field) that orders a ticket's events at the same
            instant, such as an event id; by default the frame's row order (partition
            by partition), which the shuffle would otherwise lose.
        whole_tickets: the caller's promise that no ticket's events span two
            partitions: no shuffle. A ticket split over partitions would then be
            answered from part of its events, so only promise what the layout guarantees.

    Returns:
        A lazy dask DataFrame with the columns and dtypes of :data:`slakit.frame.COLUMNS`
        (timestamps ``datetime64[us, UTC]``, durations ``timedelta64[us]``), partitioned
        by ticket; rows in no particular order across partitions.

    Raises:
        InvalidArgumentError: ``ddf``, ``now``, ``regulation`` or ``order`` of the wrong
            type.
        NaiveDatetimeError: a naive ``now``.
        EventFormatError: unknown or missing columns (at once). Errors in the rows are
            raised when the result is computed, naming the ticket and its row within
            its partition.
    """
    to_us(now, "now")
    if regulation is not None and not isinstance(regulation, Regulation):
        raise InvalidArgumentError("regulation", regulation, "a slakit.Regulation or None")
    dd = _module("dask.dataframe")
    if not isinstance(ddf, dd.DataFrame):
        raise InvalidArgumentError("ddf", ddf, "a dask.dataframe DataFrame in the event schema")
    names = [str(name) for name in ddf.columns]
    if order is not None and (not isinstance(order, str) or order not in names):
        raise InvalidArgumentError(
            "order", order, f"the name of a column of ddf ({', '.join(names)})"
        )
    frame.check_columns(names, extra=order)
    if not isinstance(whole_tickets, bool):
        raise InvalidArgumentError("whole_tickets", whole_tickets, "True or False")
    if order is None:
        meta = ddf._meta.assign(**{_ROW: _module("numpy").array([], dtype="int64")})
        ddf = ddf.map_partitions(_numbered, meta=meta)
        order = _ROW
    by_ticket = ddf if whole_tickets else ddf.shuffle("ticket")
    return by_ticket.map_partitions(_answer, now, regulation, order, meta=_meta(now))
