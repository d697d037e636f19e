"""Tickets as a table: event rows in, one row per clock out (pandas or pyarrow).

:func:`statuses` takes events in the published event schema (see :mod:`slakit.events`)
as a pandas ``DataFrame`` or a pyarrow ``Table``, one row per event with its ticket
id, and gives one row per clock of every ticket at ``now``: each reaction cycle and
the resolution clock, with its outcome, deadline, elapsed and remaining time. The
answers are those of :meth:`slakit.Ticket.status` for the same events, clock for
clock.

Each ticket's rows depend on that ticket's events only, so the function runs per
group anywhere: :func:`statuses_of_ticket` is the per-group function (a Spark
``applyInPandas`` over ``groupBy("ticket")``, a Dask ``map_partitions`` over a frame
partitioned by ticket), and :data:`COLUMNS` / :func:`arrow_schema` give its output
schema, stable across releases.

Input columns (the event schema's fields; others are refused):

- ``ticket`` (string, required): the ticket id.
- ``event`` (string, required): ``opened``, ``agent_reply``, ... (:class:`EventKind`).
- ``at`` (required): tz-aware timestamps (pandas ``datetime64[..., tz]``, pyarrow
  ``timestamp`` with a zone), aware ``datetime`` objects, or ISO 8601 strings with an
  offset, as in the event file. Naive timestamps are refused.
- ``preset`` (string): the ticket's preset; may be missing when ``regulation=`` is given.
- ``level``, ``reason`` (strings or nulls) and ``coupon`` (``{"code", "issued_at"}``
  mappings or nulls), as in the event file.

A ticket's events are taken in the order of their instants; events at the same
instant keep their row order (so a table whose rows are in file order gives the file's
answers). Events after ``now`` are left out, as ``slakit report --now`` does: a
ticket opened after ``now`` has no rows.

Output: timestamps are tz-aware UTC (``datetime64[us, UTC]`` in pandas,
``timestamp[us, UTC]`` in pyarrow), whatever zone the events were in; durations are
``timedelta64[us]`` / ``duration[us]``. numpy, pandas and pyarrow are imported on
first use (``pip install 'slakit[frame]'``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
from collections.abc import Mapping
from typing import Any

from slakit import presets
from slakit._instants import to_us
from slakit.errors import (
    EventFormatError,
    InvalidArgumentError,
    MissingDependencyError,
    SlakitError,
    TicketEventError,
)
from slakit.events import (
    _AT,
    _ID,
    _KINDS,
    _REASONS,
    FIELDS,
    MAX_ID_LENGTH,
    CouponRef,
    Event,
    show,
    ticket_name,
)
from slakit.regulation import Regulation
from slakit.ticket import Ticket

__all__ = ["COLUMNS", "arrow_schema", "statuses", "statuses_of_ticket"]

#: The output columns, in order, with their pyarrow types (the pandas dtypes follow:
#: ``object`` strings, nullable ``Int32``, ``datetime64[us, UTC]``, ``timedelta64[us]``,
#: ``float64`` with NaN for null, ``bool``). ``cycle`` is 1, 2, ... for reaction cycles
#: and null for the resolution clock; ``deadline``, ``remaining`` and ``used`` are null
#: for a clock with no target (rule 9), ``stopped_at`` for a clock not stopped.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("ticket", "string"),
    ("preset", "string"),
    ("level", "string"),
    ("state", "string"),
    ("clock", "string"),
    ("cycle", "int32"),
    ("outcome", "string"),
    ("started_at", "timestamp[us, tz=UTC]"),
    ("deadline", "timestamp[us, tz=UTC]"),
    ("stopped_at", "timestamp[us, tz=UTC]"),
    ("elapsed", "duration[us]"),
    ("remaining", "duration[us]"),
    ("overdue", "duration[us]"),
    ("used", "double"),
    ("paused", "bool"),
)

_REQUIRED = ("ticket", "event", "at")
_STRINGS = ("ticket", "preset", "level", "state", "clock", "outcome")
_INSTANTS = ("started_at", "deadline", "stopped_at")
_DURATIONS = ("elapsed", "remaining", "overdue")
_FEATURE = "slakit.frame"


def _load(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - the frame extra installs them
        raise MissingDependencyError(name, "frame", _FEATURE) from None


def arrow_schema() -> Any:
    """The output schema as a ``pyarrow.Schema`` (the types of :data:`COLUMNS`)."""
    pa = _load("pyarrow")
    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "timestamp[us, tz=UTC]": pa.timestamp("us", tz="UTC"),
        "duration[us]": pa.duration("us"),
        "double": pa.float64(),
        "bool": pa.bool_(),
    }
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


# -- reading the input table ----------------------------------------------------------


class _Input:
    """The input columns as Python lists (one value per row), instants as epoch µs."""

    def __init__(self, columns: dict[str, list[Any]], at_us: list[int], rows: int) -> None:
        self.columns = columns
        self.at_us = at_us
        self.rows = rows

    def get(self, name: str) -> list[Any]:
        return self.columns.get(name) or [None] * self.rows


def _row_error(row: int, ticket: object, field: str | None, message: str) -> EventFormatError:
    """An EventFormatError naming the row (0-based, as ``DataFrame.iloc`` counts) and ticket."""
    who = f", ticket {ticket_name(ticket)}" if isinstance(ticket, str) else ""
    where = f", field {field!r}" if field else ""
    error = EventFormatError(f"row {row}{who}{where}: {message}")
    error.field = field
    error.ticket = ticket if isinstance(ticket, str) else None
    error.index = row
    return error


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _read_table(events: object) -> _Input:
    """The columns of a pandas DataFrame or a pyarrow Table, checked for names."""
    kind = _kind(events)
    names = [str(name) for name in (events.columns if kind == "pandas" else events.column_names)]  # type: ignore[attr-defined]
    unknown = [name for name in names if name not in FIELDS]
    if unknown:
        raise EventFormatError(
            f"unknown column {show(unknown[0])}; the event schema's fields are "
            + ", ".join(FIELDS),
            field=unknown[0],
        )
    missing = [name for name in _REQUIRED if name not in names]
    if missing:
        raise EventFormatError(
            f"no column {missing[0]!r}; every event has {', '.join(_REQUIRED)} "
            f"(and {', '.join(n for n in FIELDS if n not in _REQUIRED)} where it needs them)",
            field=missing[0],
        )
    columns: dict[str, list[Any]] = {}
    rows = len(events)  # type: ignore[arg-type]
    for name in names:
        if name == "at":
            continue
        column = events[name]  # type: ignore[index]
        values = column.tolist() if kind == "pandas" else column.to_pylist()
        columns[name] = [None if _is_missing(v) else v for v in values]
    at_us = _instants(events, kind, columns.get("ticket") or [], rows)
    return _Input(columns, at_us, rows)


def _kind(events: object) -> str:
    module = type(events).__module__.split(".")[0]
    if module == "pandas" and type(events).__name__ == "DataFrame":
        return "pandas"
    if module == "pyarrow" and type(events).__name__ == "Table":
        return "arrow"
    raise InvalidArgumentError(
        "events", events, "a pandas DataFrame or a pyarrow Table in the event schema"
    )


_UNIT_US = {"s": 1_000_000, "ms": 1_000, "us": 1, "ns": None}


def _instants(events: Any, kind: str, tickets: list[Any], rows: int) -> list[int]:
    """The ``at`` column as epoch microseconds: timestamps with a zone, datetimes or ISO text."""
    np = _load("numpy")
    column = events["at"]
    unit: str | None = None
    raw: Any = None
    if kind == "pandas":
        dtype = column.dtype
        if getattr(dtype, "kind", "") == "M":
            tz = getattr(dtype, "tz", None)
            if tz is None:
                raise _row_error(0, tickets[0] if tickets else None, "at", _NAIVE)
            unit = np.datetime_data(dtype.base)[0]
            raw = column.array.asi8
            valid = ~column.isna().to_numpy()
    else:
        pa = _load("pyarrow")
        if pa.types.is_timestamp(column.type):
            if column.type.tz is None:
                raise _row_error(0, tickets[0] if tickets else None, "at", _NAIVE)
            unit = column.type.unit
            combined = column.combine_chunks() if hasattr(column, "combine_chunks") else column
            valid = combined.is_valid().to_numpy(zero_copy_only=False)
            raw = combined.cast(pa.int64()).fill_null(0).to_numpy()
    if raw is not None:
        values = np.asarray(raw, dtype="int64")
        if not valid.all():
            row = int(np.argmin(valid))
            raise _row_error(row, _at(tickets, row), "at", "missing; every event has an instant")
        scale = _UNIT_US.get(str(unit))
        if scale is None:  # nanoseconds: exact microseconds only, never rounded
            bad = np.nonzero(values % 1000)[0]
            if len(bad):
                row = int(bad[0])
                raise _row_error(
                    row,
                    _at(tickets, row),
                    "at",
                    "has nanoseconds; slakit is exact to the microsecond",
                )
            values = values // 1000
        else:
            values = values * scale
        result: list[int] = values.tolist()
        return result
    values_list = column.tolist() if kind == "pandas" else column.to_pylist()
    return [_instant_us(value, row, _at(tickets, row)) for row, value in enumerate(values_list)]


_NAIVE = "timestamps without a time zone are refused; give the column a zone (UTC, say)"
_AT_EXAMPLE = "2026-11-23T10:00:00+03:00"


def _at(values: list[Any], row: int) -> Any:
    return values[row] if row < len(values) else None


def _instant_us(value: object, row: int, ticket: object) -> int:
    """One instant cell: an aware datetime, or ISO 8601 text with an offset."""
    if isinstance(value, str):
        if not _AT.fullmatch(value):
            raise _row_error(
                row,
                ticket,
                "at",
                f"must be an ISO 8601 instant with an offset, like {_AT_EXAMPLE}, "
                f"got {show(value)}",
            )
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise _row_error(row, ticket, "at", f"is not a real date and time: {error}") from None
    if isinstance(value, dt.datetime):
        if value.utcoffset() is None:
            raise _row_error(row, ticket, "at", _NAIVE)
        return to_us(value)
    if _is_missing(value) or type(value).__name__ == "NaTType":
        raise _row_error(row, ticket, "at", "missing; every event has an instant")
    raise _row_error(
        row, ticket, "at", f"must be a timestamp with a zone or ISO 8601 text, got {show(value)}"
    )


# -- grouping and checking rows -------------------------------------------------------


def _groups(table: _Input, regulation: Regulation | None) -> dict[str, list[int]]:
    """Row numbers by ticket id (in order of first appearance), ids and presets checked."""
    tickets = table.get("ticket")
    found: dict[str, list[int]] = {}
    for row, ticket in enumerate(tickets):
        if not isinstance(ticket, str):
            raise _row_error(row, None, "ticket", f"must be a string, got {show(ticket)}")
        rows = found.get(ticket)
        if rows is None:
            if not ticket or len(ticket) > MAX_ID_LENGTH or not _ID.fullmatch(ticket):
                raise _row_error(
                    row,
                    None,
                    "ticket",
                    f"must be 1 to {MAX_ID_LENGTH} characters without control, line-separator "
                    f"or bidirectional-override characters, got {show(ticket)}",
                )
            found[ticket] = [row]
        else:
            rows.append(row)
    return found


def _preset_of(
    table: _Input, ticket: str, rows: list[int], regulation: Regulation | None
) -> tuple[str | None, Regulation]:
    """The preset a ticket's rows name (one, consistently) and the regulation it follows."""
    column = table.columns.get("preset")
    name: str | None = None
    first = rows[0]
    if column is not None:
        for row in rows:
            value = column[row]
            if value is None:
                continue
            if not isinstance(value, str) or value not in presets.names():
                raise _row_error(
                    row,
                    ticket,
                    "preset",
                    f"unknown preset {show(value)} (valid: {', '.join(presets.names())})",
                )
            if name is None:
                name, first = value, row
            elif value != name:
                raise _row_error(
                    row,
                    ticket,
                    "preset",
                    f"names the preset {value!r}, but row {first} named {name!r}; "
                    "a ticket follows one regulation",
                )
    if regulation is not None:
        return name, regulation
    if name is None:
        raise _row_error(
            rows[0],
            ticket,
            "preset",
            f"names no preset: give the rows a preset ({', '.join(presets.names())}) "
            "or pass regulation=",
        )
    return name, presets.get(name)


def _event(table: _Input, row: int, ticket: str) -> Event:
    """One row as an Event, every field checked."""
    kind_name = table.get("event")[row]
    kind = _KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        raise _row_error(
            row,
            ticket,
            "event",
            f"unknown event {show(kind_name)} (valid: {', '.join(_KINDS)})",
        )
    level = table.get("level")[row]
    reason_name = table.get("reason")[row]
    reason = None
    if reason_name is not None:
        reason = _REASONS.get(reason_name) if isinstance(reason_name, str) else None
        if reason is None:
            raise _row_error(
                row,
                ticket,
                "reason",
                f"unknown reason {show(reason_name)} (valid: {', '.join(_REASONS)})",
            )
    coupon = _coupon(table.get("coupon")[row], row, ticket)
    at = dt.datetime.fromtimestamp(0, dt.UTC) + dt.timedelta(microseconds=table.at_us[row])
    try:
        return Event(kind, at, level, reason, coupon)
    except TicketEventError as error:
        field = "level" if "level" in str(error) else None
        raise _row_error(row, ticket, field, str(error)) from None


def _coupon(value: object, row: int, ticket: str) -> CouponRef | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) != {"code", "issued_at"}:
        raise _row_error(
            row, ticket, "coupon", f"must be a mapping of code and issued_at, got {show(value)}"
        )
    issued = value["issued_at"]
    _instant_us(issued, row, ticket)  # checked: an aware datetime or ISO text
    issued_at = issued if isinstance(issued, dt.datetime) else dt.datetime.fromisoformat(issued)
    try:
        return CouponRef(value["code"], issued_at)
    except TicketEventError as error:
        raise _row_error(row, ticket, "coupon", str(error)) from None


# -- computing -----------------------------------------------------------------------


class _Out:
    """The output columns as lists, filled a clock at a time."""

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {name: [] for name, _ in COLUMNS}


def _ticket_rows(
    table: _Input,
    ticket: str,
    rows: list[int],
    *,
    regulation: Regulation | None,
    now_us: int,
    now: dt.datetime,
    out: _Out,
) -> None:
    """One ticket's clocks at ``now``, appended to ``out``."""
    preset, reg = _preset_of(table, ticket, rows, regulation)
    at_us = table.at_us
    ordered = sorted(rows, key=at_us.__getitem__)
    taken = [row for row in ordered if at_us[row] <= now_us]
    if not taken:
        return
    events = [_event(table, row, ticket) for row in taken]
    try:
        status = Ticket.from_events(reg, events).status(now)
    except SlakitError as error:
        index = getattr(error, "index", None)
        row = taken[index] if isinstance(index, int) and 0 <= index < len(taken) else taken[0]
        raise TicketEventError(
            f"row {row}, ticket {ticket_name(ticket)}: {error}", index=row
        ) from None
    columns = out.columns
    clocks = [("reaction", i, c) for i, c in enumerate(status.cycles, 1)]
    if status.resolution is not None:
        clocks.append(("resolution", None, status.resolution))  # type: ignore[arg-type]
    for name, cycle, clock in clocks:
        columns["ticket"].append(ticket)
        columns["preset"].append(preset)
        columns["level"].append(status.level)
        columns["state"].append(status.state.value)
        columns["clock"].append(name)
        columns["cycle"].append(cycle)
        columns["outcome"].append(clock.outcome.value)
        columns["started_at"].append(to_us(clock.started_at))
        columns["deadline"].append(None if clock.deadline is None else to_us(clock.deadline))
        columns["stopped_at"].append(None if clock.stopped_at is None else to_us(clock.stopped_at))
        columns["elapsed"].append(clock.elapsed // _ONE_US)
        columns["remaining"].append(None if clock.remaining is None else clock.remaining // _ONE_US)
        columns["overdue"].append(clock.overdue // _ONE_US)
        columns["used"].append(clock.used)
        columns["paused"].append(clock.paused)


_ONE_US = dt.timedelta(microseconds=1)


def _compute(events: object, now: dt.datetime, regulation: Regulation | None) -> tuple[str, _Out]:
    now_us = to_us(now, "now")
    if regulation is not None and not isinstance(regulation, Regulation):
        raise InvalidArgumentError("regulation", regulation, "a slakit.Regulation or None")
    kind = _kind(events)
    table = _read_table(events)
    out = _Out()
    for ticket, rows in _groups(table, regulation).items():
        _ticket_rows(
            table,
            ticket,
            rows,
            regulation=regulation,
            now_us=now_us,
            now=now,
            out=out,
        )
    return kind, out


def _arrow(out: _Out) -> Any:
    pa = _load("pyarrow")
    schema = arrow_schema()
    arrays = []
    for field in schema:
        values = out.columns[field.name]
        if field.name in _INSTANTS or field.name in _DURATIONS:
            arrays.append(pa.array(values, pa.int64()).cast(field.type))
        else:
            arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _pandas(out: _Out) -> Any:
    pd = _load("pandas")
    np = _load("numpy")
    data: dict[str, Any] = {}
    nat = np.iinfo("int64").min
    for name, _ in COLUMNS:
        values = out.columns[name]
        if name in _STRINGS:
            data[name] = pd.Series(values, dtype=object)
        elif name == "cycle":
            data[name] = pd.array(values, dtype="Int32")
        elif name in _INSTANTS:
            ints = np.array([nat if v is None else v for v in values], dtype="int64")
            data[name] = pd.Series(ints.view("datetime64[us]")).dt.tz_localize("UTC")
        elif name in _DURATIONS:
            ints = np.array([nat if v is None else v for v in values], dtype="int64")
            data[name] = pd.Series(ints.view("timedelta64[us]"))
        elif name == "used":
            data[name] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        else:
            data[name] = np.array(values, dtype=bool)
    return pd.DataFrame(data)


def statuses(events: Any, *, now: dt.datetime, regulation: Regulation | None = None) -> Any:
    """Every clock of every ticket in an event table at ``now``: one row per clock.

    Args:
        events: a pandas ``DataFrame`` or pyarrow ``Table`` in the event schema, one row
            per event, any number of tickets, rows of a ticket in any order (taken in
            the order of their instants; ties in row order).
        now: the instant asked about (an aware datetime); later events are left out.
        regulation: one regulation for every ticket; by default each ticket follows the
            preset its ``preset`` column names.

    Returns:
        The same kind as ``events``, with the columns :data:`COLUMNS`: tickets in order
        of their first row, each ticket's reaction cycles in order, then its resolution
        clock. The values are those of :meth:`slakit.Ticket.status`.

    Raises:
        EventFormatError: a row that breaks the event schema, naming the row (0-based
            position), the ticket and the field.
        TicketEventError: an event that makes no sense where it stands, naming the row
            and the ticket.
        InvalidArgumentError: not a table, unknown or missing columns, a bad ``now``.
        MissingDependencyError: numpy, pandas or pyarrow not installed.
    """
    kind, out = _compute(events, now, regulation)
    return _pandas(out) if kind == "pandas" else _arrow(out)


def statuses_of_ticket(
    events: Any, *, now: dt.datetime, regulation: Regulation | None = None
) -> Any:
    """One ticket's clocks at ``now``: the per-group function for engines.

    The same as :func:`statuses` on a table whose rows all name one ticket (a group of
    ``groupBy("ticket")``); a table of several tickets is refused. An empty table gives
    an empty table with the output columns.
    """
    kind = _kind(events)
    if len(events) and kind == "pandas":
        ids = events["ticket"].unique() if "ticket" in events.columns else []
    elif len(events):
        ids = events["ticket"].unique().to_pylist() if "ticket" in events.column_names else []
    else:
        ids = []
    if len(ids) > 1:
        raise InvalidArgumentError(
            "events", f"rows of {len(ids)} tickets", "the rows of one ticket (use statuses())"
        )
    return statuses(events, now=now, regulation=regulation)
