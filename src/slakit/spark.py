"""slakit on Spark: the array calls and the ticket table, run by Spark's Python workers.

Thin adapters, never a second engine: every answer is computed by
:meth:`slakit.Schedule.add_array`,
:meth:`slakit.Schedule.elapsed_array` and
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

from slakit import frame
from slakit._instants import duration_us, to_us
from slakit.errors import EventFormatError, InvalidArgumentError, MissingDependencyError
from slakit.regulation import Regulation
from slakit.schedule import Schedule

__all__ = ["add", "elapsed", "schema", "statuses"]

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
    if isinstance(micros.dtype, np.dtype) and micros.dtype.kind == "i":
        return micros.to_numpy().astype("int64").view("datetime64[us]")
    raw = micros.to_numpy(dtype="float64", na_value=np.nan)  # nulls: float64 or Int64
    valid = ~np.isnan(raw)
    ints = np.where(valid, raw, 0).astype("int64")
    return np.where(valid, ints, _NAT).view("datetime64[us]")


def _micros_of(instants: Any) -> Any:
    """datetime64[us] (NaT for null) as a nullable Int64 Series of epoch microseconds."""
    pd = _module("pandas")
    ints = instants.view("int64")
    return pd.Series(pd.arrays.IntegerArray(ints, ints == _NAT))


def _deadlines(schedule: Schedule, starts: Any, duration: Any) -> Any:
    """In a worker: a batch of epoch microseconds plus durations, as epoch microseconds."""
    return _micros_of(schedule.add_array(_instants_of(starts), duration))


def _spans(schedule: Schedule, starts: Any, ends: Any) -> Any:
    """In a worker: working time between two batches of epoch microseconds."""
    pd = _module("pandas")
    return pd.Series(schedule.elapsed_array(_instants_of(starts), _instants_of(ends)))


def add(schedule: Schedule, starts: object, duration: object) -> Any:
    """Deadlines for a column of starts: :meth:`slakit.Schedule.add` per row.

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

        def deadlines(
            first: Any,
        ) -> (
            Any
        ):  # pragma: no cover - runs in Spark's workers; the _function it calls is tested here
            return _deadlines(sched, first, duration)

        return sf.timestamp_micros(_udf(deadlines, 1, "long")(start))

    def per_row(
        first: Any, second: Any
    ) -> Any:  # pragma: no cover - runs in Spark's workers; the _function it calls is tested here
        return _deadlines(sched, first, second.to_numpy())

    amounts = _column(duration, "duration")
    return sf.timestamp_micros(_udf(per_row, 2, "long")(start, amounts))


def elapsed(schedule: Schedule, starts: object, ends: object) -> Any:
    """Working time between two columns of instants, row by row.

    Args:
        schedule: the schedule to count working time on.
        starts: a ``TIMESTAMP`` column (a pyspark Column or a name).
        ends: a ``TIMESTAMP`` column, ``start <= end`` on every row.

    Returns:
        An ``INTERVAL DAY TO SECOND`` Column: the working time of each pair, as
        :meth:`slakit.Schedule.elapsed` gives it, exact to the microsecond; null where
        either end is null. A row with ``end < start`` fails the job with slakit's
        :class:`~slakit.ReversedIntervalError` inside Spark's ``PythonException``.
    """
    sched = _schedule(schedule)
    sf = _functions()
    first = sf.unix_micros(_column(starts, "starts"))
    last = sf.unix_micros(_column(ends, "ends"))

    def spans(
        first: Any, second: Any
    ) -> Any:  # pragma: no cover - runs in Spark's workers; the _function it calls is tested here
        return _spans(sched, first, second)

    return _udf(spans, 2, _INTERVAL)(first, last)


# -- tickets as a table -----------------------------------------------------------------

#: Spark SQL types of the output columns, by the Arrow types of :data:`slakit.frame.COLUMNS`.
_SPARK_TYPES = {
    "string": "StringType",
    "int32": "IntegerType",
    "timestamp[us, tz=UTC]": "TimestampType",
    "duration[us]": "DayTimeIntervalType",
    "double": "DoubleType",
    "bool": "BooleanType",
}
_ROW = "__slakit_row"
_BUCKET = "__slakit_bucket"
_CODE = "__slakit_coupon_code"
_ISSUED = "__slakit_coupon_issued"


def schema() -> Any:
    """The output schema of :func:`statuses` as a pyspark ``StructType``.

    The columns of :data:`slakit.frame.COLUMNS`, in order: strings, ``cycle`` as
    ``INT``, instants as ``TIMESTAMP``, durations as ``INTERVAL DAY TO SECOND``,
    ``used`` as ``DOUBLE`` and ``paused`` as ``BOOLEAN``; nulls as the frame has them.
    """
    types = _module("pyspark.sql.types")
    return types.StructType(
        [
            types.StructField(name, getattr(types, _SPARK_TYPES[kind])(), nullable=True)
            for name, kind in frame.COLUMNS
        ]
    )


def _prepared(df: Any, order: str | None) -> tuple[Any, bool, str | None]:
    """The event columns, instants as epoch microseconds, coupons flattened, rows numbered.

    Returns the DataFrame to group, whether ``at`` is epoch microseconds (else ISO
    text), and how coupons' ``issued_at`` travels (``"us"``, ``"text"`` or None).
    """
    sf = _functions()
    types = _module("pyspark.sql.types")
    if not isinstance(df, _module("pyspark.sql").DataFrame):
        raise InvalidArgumentError("df", df, "a pyspark DataFrame in the event schema")
    fields = {field.name: field.dataType for field in df.schema.fields}
    if order is not None:
        if not isinstance(order, str) or order not in fields:
            raise InvalidArgumentError(
                "order", order, f"the name of a column of df ({', '.join(fields)})"
            )
        del fields[order]
    frame.check_columns(fields)
    columns = []
    micros = False
    issued: str | None = None
    for name, kind in fields.items():
        column = sf.col(name)
        if name == "at":
            micros = _instant_kind(kind, "at") == "us"
            columns.append(sf.unix_micros(column).alias(name) if micros else column)
        elif name == "coupon":
            if not isinstance(kind, types.StructType) or {f.name for f in kind.fields} != {
                "code",
                "issued_at",
            }:
                raise EventFormatError(
                    "column 'coupon' must be a struct of code (string) and issued_at "
                    f"(timestamp or ISO 8601 text), got {kind.simpleString()}",
                    field="coupon",
                )
            issued = _instant_kind(kind["issued_at"].dataType, "coupon.issued_at")
            when = column["issued_at"]
            columns.append(column["code"].cast("string").alias(_CODE))
            columns.append((sf.unix_micros(when) if issued == "us" else when).alias(_ISSUED))
        else:
            columns.append(column)
    numbers = sf.monotonically_increasing_id() if order is None else sf.col(order)
    columns.append(numbers.alias(_ROW))
    return df.select(*columns), micros, issued


def _instant_kind(kind: Any, name: str) -> str:
    """``"us"`` for a TIMESTAMP (sent as epoch µs), ``"text"`` for ISO 8601 strings."""
    types = _module("pyspark.sql.types")
    if isinstance(kind, types.TimestampType):
        return "us"
    if isinstance(kind, types.StringType):
        return "text"
    hint = (
        " (a TIMESTAMP_NTZ has no zone: slakit never guesses one; "
        "convert it with to_utc_timestamp first)"
        if isinstance(kind, types.TimestampNTZType)
        else ""
    )
    raise EventFormatError(
        f"column {name!r} must be a TIMESTAMP or ISO 8601 text with an offset, "
        f"got {kind.simpleString()}{hint}",
        field=name.partition(".")[0],
    )


def _events_of(group: Any, micros: bool, issued: str | None) -> Any:
    """A group's rows as the frame's input: row order restored, instants and coupons rebuilt."""
    pd = _module("pandas")
    group = group.sort_values(_ROW, kind="stable").reset_index(drop=True)
    if micros:
        group["at"] = pd.Series(_instants_of(group["at"])).dt.tz_localize("UTC")
    if issued is not None:
        codes = group[_CODE].tolist()
        if issued == "us":
            when = pd.Series(_instants_of(group[_ISSUED])).dt.tz_localize("UTC").tolist()
        else:
            when = group[_ISSUED].tolist()
        group["coupon"] = [
            None if _absent(code) and _absent(at) else {"code": code, "issued_at": at}
            for code, at in zip(codes, when, strict=True)
        ]
        group = group.drop(columns=[_CODE, _ISSUED])
    return group.drop(columns=[_ROW])


def _answer(
    group: Any, now: dt.datetime, regulation: Regulation | None, micros: bool, issued: str | None
) -> Any:
    """In a worker: one group of whole tickets through :func:`slakit.frame.statuses`."""
    events = _events_of(group.drop(columns=[_BUCKET]), micros, issued)
    return frame.statuses(events, now=now, regulation=regulation)


def _absent(value: object) -> bool:
    return value is None or value != value or type(value).__name__ == "NaTType"  # noqa: PLR0124


def statuses(
    df: Any,
    *,
    now: dt.datetime,
    regulation: Regulation | None = None,
    buckets: int | None = None,
    order: str | None = None,
) -> Any:
    """Every clock of every ticket in a Spark event table at ``now``: one row per clock.

    Runs :func:`slakit.frame.statuses` through ``groupBy(...).applyInPandas``, the
    group key a hash bucket of the ticket id, so every ticket's rows are whole in one
    group and each group is many tickets answered in one call (a group per ticket costs
    Spark about 17 ms each, measured: see the how-to page). The answers are the
    single-process ones.

    Args:
        df: a pyspark DataFrame whose columns are fields of the event schema (see
            :mod:`slakit.frame`): ``ticket``, ``event``, ``at`` required; ``preset``,
            ``level``, ``reason`` strings; ``coupon`` a struct of ``code`` and
            ``issued_at``. ``at`` (and ``issued_at``) is a ``TIMESTAMP`` (an instant,
            read as epoch microseconds whatever the session time zone) or ISO 8601 text
            with an offset. Select the event columns first: others are refused.
        now: the instant asked about, an aware datetime; later events are left out.
        regulation: one regulation for every ticket; by default each ticket follows the
            preset its ``preset`` column names.
        buckets: how many groups to spread the tickets over (``pmod(xxhash64(ticket),
            buckets)``); by default ``spark.sql.shuffle.partitions``. One group's rows
            are one pandas DataFrame in one worker: raise it for bigger tables.
        order: a column (not an event field) that orders a ticket's events at the
            same instant, such as an event id or sequence number; by default the
            DataFrame's row order as Spark numbers it (``monotonically_increasing_id``),
            which a ``repartition`` or a join scrambles.

    Returns:
        A lazy DataFrame with :func:`schema`: instants as ``TIMESTAMP``, durations as
        ``INTERVAL DAY TO SECOND``. Its rows come in no particular order (sort them).

    Raises:
        InvalidArgumentError: ``df``, ``now``, ``regulation``, ``buckets`` or ``order``
            of the wrong type.
        NaiveDatetimeError: a naive ``now``.
        EventFormatError: unknown, missing or mistyped columns (before Spark runs).
            Errors in the rows (an unknown event, a resume without a pause) are
            raised by the workers when the job runs, naming the ticket and its row,
            inside Spark's ``PythonException``.
    """
    return _statuses(df, now=now, regulation=regulation, buckets=buckets, order=order)


def _statuses(
    df: Any,
    *,
    now: dt.datetime,
    regulation: Regulation | None,
    buckets: int | None,
    order: str | None = None,
    per_ticket: bool = False,
) -> Any:
    """:func:`statuses`; ``per_ticket`` groups by the ticket itself (for the benchmark)."""
    to_us(now, "now")
    if regulation is not None and not isinstance(regulation, Regulation):
        raise InvalidArgumentError("regulation", regulation, "a slakit.Regulation or None")
    if buckets is not None and (
        not isinstance(buckets, int) or isinstance(buckets, bool) or buckets < 1
    ):
        raise InvalidArgumentError("buckets", buckets, "a whole number of groups, 1 or more")
    prepared, micros, issued = _prepared(df, order)
    sf = _functions()
    if per_ticket:
        key = sf.col("ticket")
    else:
        count = buckets or int(df.sparkSession.conf.get("spark.sql.shuffle.partitions"))
        key = sf.pmod(sf.xxhash64("ticket"), sf.lit(count))

    def answer(
        group: Any,
    ) -> Any:  # pragma: no cover - runs in Spark's workers; the _function it calls is tested here
        return _answer(group, now, regulation, micros, issued)

    grouped = prepared.withColumn(_BUCKET, key).groupBy(_BUCKET)
    return grouped.applyInPandas(answer, schema=schema())
