"""slakit on Spark: the array calls and the ticket table, run by Spark's Python workers.

Thin adapters, never a second engine: every answer is computed by
:meth:`Schedule.add_array <slakit.Schedule.add_array>`,
:meth:`Schedule.elapsed_array <slakit.Schedule.elapsed_array>` and
:func:`slakit.frame.statuses`, on the pandas batches Spark hands its Python workers
(``pandas_udf`` and ``groupBy(...).applyInPandas``). So a Spark job gives exactly the
single-process answers, to the microsecond.

Time zones. A Spark ``TIMESTAMP`` is an instant, but Spark hands it to pandas as a
*naive* wall time in the session time zone (``spark.sql.session.timeZone``), which
loses the repeated hour of a DST change; and ``collect()`` turns it into a naive
``datetime`` in the Python process's own zone, not the session's. slakit avoids both:
instants cross into the workers as epoch microseconds (``unix_micros``), whatever the
session zone, and come back as real instants (``timestamp_micros``, or tz-aware UTC
pandas columns). Set ``spark.sql.session.timeZone`` to ``UTC`` for timestamps that
*display* in UTC; the answers do not depend on it.

Durations are Spark ``INTERVAL DAY TO SECOND`` values (``datetime.timedelta`` in
Python), exact to the microsecond.

pyspark is imported on first use: ``pip install 'slakit[spark]'`` brings it; a Java
runtime (17 or later) must be installed on the machine.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from slakit._instants import duration_us
from slakit.errors import InvalidArgumentError, MissingDependencyError
from slakit.schedule import Schedule

__all__ = ["add", "elapsed"]

_NAT = -(1 << 63)
_INTERVAL = "interval day to second"


def _module(name: str) -> Any:
    """A pyspark (or pandas/numpy) module, imported on first use."""
    try:
        return importlib.import_module(name)
    except ImportError:
        package = name.partition(".")[0]
        raise MissingDependencyError(package, "spark", "slakit.spark") from None


def _functions() -> Any:
    return _module("pyspark.sql.functions")


def _column(value: object, name: str) -> Any:
    """A Spark Column from a Column or a column name."""
    if isinstance(value, str):
        return _functions().col(value)
    if isinstance(value, _module("pyspark.sql").Column):
        return value
    raise InvalidArgumentError(name, value, "a pyspark Column or a column name (str)")


def _schedule(value: object) -> Schedule:
    if not isinstance(value, Schedule):
        raise InvalidArgumentError("schedule", value, "a slakit.Schedule")
    return value


def _udf(function: Any, arguments: int, return_type: str) -> Any:
    """A Series-to-Series pandas UDF; its pandas type hints set here, pandas being lazy."""
    pd = _module("pandas")
    names = ("first", "second")[:arguments]
    function.__annotations__ = {**dict.fromkeys(names, pd.Series), "return": pd.Series}
    return _module("pyspark.sql.functions").pandas_udf(function, return_type)


def _instants_of(micros: Any) -> Any:
    """Epoch microseconds from Spark (int64, or float64 with NaN for nulls) as datetime64[us].

    Runs in the workers. Epoch microseconds of the years slakit computes (1970-2100)
    are below 2**53, so float64 holds them exactly.
    """
    np = _module("numpy")
    raw = micros.to_numpy(dtype="float64", na_value=np.nan) if micros.dtype.kind != "i" else None
    if raw is None:
        return micros.to_numpy(dtype="int64").view("datetime64[us]")
    valid = ~np.isnan(raw)
    ints = np.where(valid, raw, 0).astype("int64")
    return np.where(valid, ints, _NAT).view("datetime64[us]")


def _micros_of(instants: Any) -> Any:
    """datetime64[us] (NaT for null) as a nullable Int64 Series of epoch microseconds."""
    pd = _module("pandas")
    ints = instants.view("int64")
    return pd.Series(pd.arrays.IntegerArray(ints, ints == _NAT))


def add(schedule: Schedule, starts: object, duration: object) -> Any:
    """Deadlines for a column of starts: :meth:`Schedule.add <slakit.Schedule.add>` per row.

    Args:
        schedule: the schedule to count working time on.
        starts: a ``TIMESTAMP`` column, as a pyspark Column or a column name.
        duration: one ``datetime.timedelta`` for every row, or an ``INTERVAL DAY TO
            SECOND`` column (Column or name) with one duration per row.

    Returns:
        A ``TIMESTAMP`` Column: the earliest instant with ``duration`` of working time
        after each start (rule 2); null where the start or the duration is null.

    Raises:
        InvalidArgumentError: a schedule, column or duration of the wrong type.
        NegativeDurationError: a negative ``timedelta`` (checked here, before Spark runs).

    Errors in the data (a negative duration in a column, a start outside 1970-2100)
    are raised by the workers when Spark runs the job, with slakit's message inside
    Spark's ``PythonException``.
    """
    sched = _schedule(schedule)
    sf = _functions()
    start = sf.unix_micros(_column(starts, "starts"))
    if isinstance(duration, dt.timedelta):
        duration_us(duration)  # refuse a negative duration now, not in every worker

        def deadlines(first: Any) -> Any:
            return _micros_of(sched.add_array(_instants_of(first), duration))

        return sf.timestamp_micros(_udf(deadlines, 1, "long")(start))

    def per_row(first: Any, second: Any) -> Any:
        return _micros_of(sched.add_array(_instants_of(first), second.to_numpy()))

    amounts = _column(duration, "duration")
    return sf.timestamp_micros(_udf(per_row, 2, "long")(start, amounts))


def elapsed(schedule: Schedule, starts: object, ends: object) -> Any:
    """Working time between two columns of instants, row by row.

    Args:
        schedule: the schedule to count working time on.
        starts, ends: ``TIMESTAMP`` columns (pyspark Columns or names), ``start <= end``
            on every row.

    Returns:
        An ``INTERVAL DAY TO SECOND`` Column: :meth:`Schedule.elapsed
        <slakit.Schedule.elapsed>` of each pair, exact to the microsecond; null where
        either end is null. A row with ``end < start`` fails the job with slakit's
        :class:`~slakit.ReversedIntervalError` inside Spark's ``PythonException``.
    """
    sched = _schedule(schedule)
    sf = _functions()
    first = sf.unix_micros(_column(starts, "starts"))
    last = sf.unix_micros(_column(ends, "ends"))

    def spans(first: Any, second: Any) -> Any:
        pd = _module("pandas")
        out = sched.elapsed_array(_instants_of(first), _instants_of(second))
        return pd.Series(out)

    return _udf(spans, 2, _INTERVAL)(first, last)
