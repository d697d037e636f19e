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
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from slakit import _columns, presets
from slakit._instants import from_us, to_us
from slakit.clock import (
    ClockStatus,
    Outcome,
    _measure,
    _reach,
    counts_calendar_time,
    is_past,
    target_amount,
)
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
    EventKind,
    show,
    ticket_name,
)
from slakit.level import SupportLevel
from slakit.regulation import Regulation
from slakit.schedule import Schedule
from slakit.target import Basis, Target, Unit
from slakit.ticket import Ticket

__all__ = ["COLUMNS", "arrow_schema", "check_columns", "statuses", "statuses_of_ticket"]

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


class _Strings:
    """A column as integer codes per row (-1: null) and its distinct values."""

    def __init__(self, codes: Any, uniques: list[Any]) -> None:
        self.codes = codes
        self.uniques = uniques

    def at(self, row: int) -> Any:
        code = int(self.codes[row])
        return None if code < 0 else self.uniques[code]


class _Input:
    """The input columns: factorized strings, the coupon cells, instants as epoch µs."""

    def __init__(
        self, strings: dict[str, _Strings], coupons: list[Any] | None, at_us: Any, rows: int
    ) -> None:
        self.strings = strings
        self.coupons = coupons
        self.at_us = at_us
        self.rows = rows
        self.registered: list[Any] | None = None

    def get(self, name: str, row: int) -> Any:
        if name == "coupon":
            return None if self.coupons is None else self.coupons[row]
        if name == "registered":
            return None if self.registered is None else self.registered[row]
        column = self.strings.get(name)
        return None if column is None else column.at(row)


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


def _kind(events: object) -> str:
    module = type(events).__module__.split(".")[0]
    if module == "pandas" and type(events).__name__ == "DataFrame":
        return "pandas"
    if module == "pyarrow" and type(events).__name__ == "Table":
        return "arrow"
    raise InvalidArgumentError(
        "events", events, "a pandas DataFrame or a pyarrow Table in the event schema"
    )


def _factorized(column: Any, kind: str) -> _Strings:
    """A column's codes and distinct values, nulls (None, NaN) as -1: one pass in C."""
    np = _load("numpy")
    if kind == "pandas":
        pd = _load("pandas")
        # None, NaN and NaT are all nulls to pandas: code -1.
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        return _Strings(np.asarray(codes, dtype=np.int64), uniques.tolist())
    pa = _load("pyarrow")
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_null(array.type):
        return _Strings(np.full(len(array), -1, dtype=np.int64), [])
    encoded = array.dictionary_encode()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return _Strings(codes, encoded.dictionary.to_pylist())


def check_columns(names: Iterable[str], *, extra: str | None = None) -> None:
    """Refuse an event table whose columns are not the event schema's fields.

    Every column must be a field of the published event schema (or ``extra``, a column
    the caller adds, such as an ordering column), and ``ticket``, ``event`` and ``at``
    must be there. The frame, Spark and Dask paths check their input with this.

    Raises:
        EventFormatError: an unknown column (select the schema's fields first) or a
            missing one, named.
    """
    names = list(names)
    unknown = [name for name in names if name not in FIELDS and name != extra]
    if unknown:
        raise EventFormatError(
            f"unknown column {show(unknown[0])}; the event schema's fields are "
            + ", ".join(FIELDS)
            + " (select them first)",
            field=unknown[0],
        )
    missing = [name for name in _REQUIRED if name not in names]
    if missing:
        raise EventFormatError(
            f"no column {missing[0]!r}; every event has {', '.join(_REQUIRED)} "
            f"(and {', '.join(n for n in FIELDS if n not in _REQUIRED)} where it needs them)",
            field=missing[0],
        )


def _read_table(events: object, kind: str) -> _Input:
    """The columns of a pandas DataFrame or a pyarrow Table, checked for names."""
    names = [str(name) for name in (events.columns if kind == "pandas" else events.column_names)]  # type: ignore[attr-defined]
    check_columns(names)
    rows = len(events)  # type: ignore[arg-type]
    strings = {
        name: _factorized(events[name], kind)  # type: ignore[index]
        for name in names
        if name not in ("at", "coupon", "registered")
    }
    cells = {}
    for name in ("coupon", "registered"):
        if name in names:
            column = events[name]  # type: ignore[index]
            values = column.tolist() if kind == "pandas" else column.to_pylist()
            cells[name] = [
                None if _is_missing(v) or v is getattr(v, "NaT", 0) else v for v in values
            ]
    table = _Input(strings, cells.get("coupon"), None, rows)
    table.registered = cells.get("registered")
    table.at_us = _instants(events, kind, table)
    return table


_UNIT_US = {"s": 1_000_000, "ms": 1_000, "us": 1, "ns": None}


def _instants(events: Any, kind: str, table: _Input) -> Any:
    """The ``at`` column as epoch microseconds: timestamps with a zone, datetimes or ISO text."""
    np = _load("numpy")
    column = events["at"]
    unit: str | None = None
    raw: Any = None
    if kind == "pandas":
        dtype = column.dtype
        if getattr(dtype, "kind", "") == "M":
            if getattr(dtype, "tz", None) is None:
                raise _row_error(0, table.get("ticket", 0), "at", _NAIVE)
            unit = np.datetime_data(dtype.base)[0]
            raw = column.array.asi8
            valid = ~column.isna().to_numpy()
    else:
        pa = _load("pyarrow")
        if pa.types.is_timestamp(column.type):
            if column.type.tz is None:
                raise _row_error(0, table.get("ticket", 0), "at", _NAIVE)
            unit = column.type.unit
            combined = column.combine_chunks()
            valid = combined.is_valid().to_numpy(zero_copy_only=False)
            raw = combined.cast(pa.int64()).fill_null(0).to_numpy()
    if raw is not None:
        values = np.asarray(raw, dtype="int64")
        if not valid.all():
            row = int(np.argmin(valid))
            raise _row_error(row, table.get("ticket", row), "at", _MISSING)
        scale = _UNIT_US.get(str(unit))
        if scale is None:  # nanoseconds: exact microseconds only, never rounded
            bad = np.nonzero(values % 1000)[0]
            if len(bad):
                row = int(bad[0])
                raise _row_error(
                    row,
                    table.get("ticket", row),
                    "at",
                    "has nanoseconds; slakit is exact to microseconds",
                )
            return values // 1000
        return values * scale
    cells = column.tolist() if kind == "pandas" else column.to_pylist()
    return np.array(
        [_instant_us(value, row, table.get("ticket", row)) for row, value in enumerate(cells)],
        dtype=np.int64,
    ).reshape(-1)


_NAIVE = "timestamps without a time zone are refused; give the column a zone (UTC, say)"
_MISSING = "missing; every event has an instant"
_AT_EXAMPLE = "2026-11-23T10:00:00+03:00"


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
        raise _row_error(row, ticket, "at", _MISSING)
    raise _row_error(
        row, ticket, "at", f"must be a timestamp with a zone or ISO 8601 text, got {show(value)}"
    )


# -- checking the columns, all rows at once -----------------------------------------


def _first_row(np: Any, mask: Any) -> int | None:
    rows = np.flatnonzero(mask)
    return int(rows[0]) if len(rows) else None


def _lookup(  # noqa: PLR0917 - internal
    np: Any, table: _Input, name: str, valid: Mapping[str, int], what: str, required: bool
) -> Any:
    """A column's codes mapped through ``valid`` (name -> number); a bad cell raises."""
    column = table.strings.get(name)
    if column is None:
        return np.full(table.rows, -1, dtype=np.int64)
    mapped = np.array([valid.get(v, -2) if isinstance(v, str) else -2 for v in column.uniques])
    values = np.append(mapped, -1).astype(np.int64)[column.codes]  # code -1 -> the -1 slot
    row = _first_row(np, (values == -2) | ((values == -1) if required else False))
    if row is not None:
        value = column.at(row)
        raise _row_error(
            row,
            table.get("ticket", row),
            name,
            f"missing; every event names its {name}"
            if value is None
            else f"unknown {what} {show(value)} (valid: {', '.join(valid)})",
        )
    return values


def _ticket_ids(np: Any, table: _Input) -> list[str]:
    """The distinct ticket ids, checked (a row without a valid id raises)."""
    column = table.strings["ticket"]
    for code, ticket in enumerate(column.uniques):
        if not isinstance(ticket, str):
            row = _first_row(np, column.codes == code)
            raise _row_error(row or 0, None, "ticket", f"must be a string, got {show(ticket)}")
        if not ticket or len(ticket) > MAX_ID_LENGTH or not _ID.fullmatch(ticket):
            row = _first_row(np, column.codes == code)
            raise _row_error(
                row or 0,
                None,
                "ticket",
                f"must be 1 to {MAX_ID_LENGTH} characters without control, line-separator "
                f"or bidirectional-override characters, got {show(ticket)}",
            )
    row = _first_row(np, column.codes < 0)
    if row is not None:
        raise _row_error(row, None, "ticket", f"must be a string, got {show(None)}")
    return list(column.uniques)


def _presets(np: Any, table: _Input, tickets: list[str], codes: Any) -> Any:
    """Each ticket's preset code (-1: none named); a ticket naming two is refused."""
    names = presets.names()
    pcodes = _lookup(
        np, table, "preset", {name: i for i, name in enumerate(names)}, "preset", False
    )
    count = len(tickets)
    high = np.full(count, -1, dtype=np.int64)
    low = np.full(count, len(names), dtype=np.int64)
    named = pcodes >= 0
    np.maximum.at(high, codes[named], pcodes[named])
    np.minimum.at(low, codes[named], pcodes[named])
    conflicts = np.flatnonzero((high >= 0) & (low != high))
    if len(conflicts):
        found = []
        for t in conflicts.tolist():
            rows = np.flatnonzero((codes == t) & named).tolist()
            first = rows[0]
            row = next(r for r in rows if pcodes[r] != pcodes[first])
            found.append((row, first, t))
        row, first, t = min(found)
        raise _row_error(
            row,
            tickets[t],
            "preset",
            f"names the preset {names[pcodes[row]]!r}, but row {first} named "
            f"{names[pcodes[first]]!r}; a ticket follows one regulation",
        )
    return high


# -- one ticket, the exact way: a Ticket replayed from Events ------------------------


def _event(table: _Input, row: int, ticket: str) -> Event:
    """One row as an Event (kind and reason already checked)."""
    kind = _KINDS[table.get("event", row)]
    reason_name = table.get("reason", row)
    reason = None if reason_name is None else _REASONS[reason_name]
    coupon = _coupon(table.get("coupon", row), row, ticket)
    at = _EPOCH + dt.timedelta(microseconds=int(table.at_us[row]))
    registered = table.get("registered", row)
    if registered is not None:
        _instant_us(registered, row, ticket)  # checked: an aware datetime or ISO text
        if isinstance(registered, str):
            registered = dt.datetime.fromisoformat(registered)
    try:
        return Event(kind, at, table.get("level", row), reason, coupon, registered)
    except TicketEventError as error:
        field = "level" if "level" in str(error) else None
        raise _row_error(row, ticket, field, str(error)) from None


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


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


_OUTCOMES = tuple(Outcome)
_OUTCOME_CODE = {outcome: i for i, outcome in enumerate(_OUTCOMES)}
_NAT = -(1 << 63)


def _replayed(  # noqa: PLR0917 - internal
    table: _Input,
    ticket: str,
    rows: list[int],
    regulation: Regulation,
    now: dt.datetime,
    t: int,
    flat: list[int],
    done: list[tuple[Any, ...]],
) -> tuple[str, str]:
    """One ticket's clocks through Ticket.from_events and Ticket.status: level, state."""
    events = [_event(table, row, ticket) for row in rows]
    try:
        status = Ticket.from_events(regulation, events).status(now)
    except SlakitError as error:
        index = getattr(error, "index", None)
        row = rows[index] if isinstance(index, int) and 0 <= index < len(rows) else rows[0]
        raise TicketEventError(
            f"row {row}, ticket {ticket_name(ticket)}: {error}", index=row
        ) from None
    clocks = list(enumerate(status.cycles, 1))
    if status.resolution is not None:
        clocks.append((0, status.resolution))
    for cycle, clock in clocks:
        stopped = _NAT if clock.stopped_at is None else to_us(clock.stopped_at)
        flat += (t, cycle, to_us(clock.started_at), stopped, -1, len(done), 0)
        done.append(
            (
                _OUTCOME_CODE[clock.outcome],
                _NAT if clock.deadline is None else to_us(clock.deadline),
                clock.elapsed // _ONE_US,
                _NAT if clock.remaining is None else clock.remaining // _ONE_US,
                clock.overdue // _ONE_US,
                math.nan if clock.used is None else clock.used,
                clock.paused,
            )
        )
    return status.level, status.state.value


_ONE_US = dt.timedelta(microseconds=1)


# -- one ticket, the fast way: an integer walk over the same engine ------------------

#: Event kinds by number, in EventKind's order (the walk compares small integers).
_KIND_CODES = {kind.value: i for i, kind in enumerate(EventKind)}
(_OPENED, _AGENT, _CUSTOMER, _PAUSED, _RESUMED, _LEVEL, _TRANSFER, _RESOLVED, _REOPENED,
 _CLOSED) = range(10)  # fmt: skip
_REASON_CODES = {name: i for i, name in enumerate(_REASONS)}
_REASON_LIST = tuple(_REASONS.values())
_STATES = ("open", "paused", "resolved", "closed")


class _Level:
    """What the walk needs of one level under one regulation (built once per call)."""

    __slots__ = (
        "hi",
        "key",
        "lo",
        "reaction",
        "reaction_group",
        "resolution",
        "resolution_group",
        "schedule",
    )

    def __init__(self, level: SupportLevel, schedule: Schedule, groups: _Groups) -> None:
        self.key = level.key
        self.schedule = schedule
        engine = schedule._engine
        self.lo, self.hi = engine.min_us, engine.max_us
        self.reaction = _Amount(level.reaction, schedule)
        self.reaction_group = groups.index(schedule, counts_calendar_time(level.reaction))
        self.resolution = None if level.resolution is None else _Amount(level.resolution, schedule)
        self.resolution_group = (
            -1
            if level.resolution is None
            else groups.index(schedule, counts_calendar_time(level.resolution))
        )


class _Amount:
    """A target as clock time (µs; -1 for no target), fixed or by start (working days)."""

    __slots__ = ("calendar_time", "fixed", "schedule", "target")

    def __init__(self, target: Target, schedule: Schedule) -> None:
        self.target, self.schedule = target, schedule
        self.calendar_time = counts_calendar_time(target)
        by_start = target.amount is not None and target.unit is Unit.DAYS
        by_start = by_start and target.basis is Basis.WORKING
        self.fixed: int | None = None
        if not by_start:
            amount = target_amount(target, schedule, _EPOCH)
            self.fixed = -1 if amount is None else amount // _ONE_US

    def at(self, start: int) -> int:
        if self.fixed is not None:
            return self.fixed
        amount = target_amount(self.target, self.schedule, from_us(start, self.schedule._engine.tz))
        assert amount is not None  # a working-days target has an amount
        return amount // _ONE_US


class _Groups:
    """The (schedule, counts calendar time) pairs the clocks count on, numbered."""

    def __init__(self) -> None:
        self.found: dict[tuple[int, bool], int] = {}
        self.pairs: list[tuple[Schedule, bool]] = []

    def index(self, schedule: Schedule, calendar_time: bool) -> int:
        key = (id(schedule), calendar_time)
        number = self.found.get(key)
        if number is None:
            number = self.found[key] = len(self.pairs)
            self.pairs.append((schedule, calendar_time))
        return number


class _Rules:
    """One regulation as the walk sees it: its levels by level code, its pause reasons."""

    def __init__(self, regulation: Regulation, level_names: list[Any], groups: _Groups) -> None:
        self.regulation = regulation
        self.level_names = level_names
        self.groups = groups
        self.fast = not regulation.pauses_stop_reaction
        allowed = set(regulation.pause_reasons)
        self.reasons = {i for i, r in enumerate(_REASON_LIST) if r in allowed}
        self.reasons.add(-1)  # no reason: waiting for the customer, which every regulation allows
        self.levels: dict[int, _Level | None] = {}

    def level(self, code: int) -> _Level | None:
        if code in self.levels:
            return self.levels[code]
        found: _Level | None = None
        name = self.level_names[code] if code >= 0 else None
        if isinstance(name, str):
            try:
                level = self.regulation.level(name)
            except SlakitError:
                level = None
            if level is not None and level.quota is None:
                schedule = level.schedule or self.regulation.schedule
                found = _Level(level, schedule, self.groups)
        self.levels[code] = found
        return found


def _walk(  # noqa: PLR0917, PLR0915 - the hot loop, one function on purpose
    level: _Level,
    reasons: set[int],
    kinds: list[int],
    ats: list[int],
    why: list[int],
    span: tuple[int, int, int],
    now_us: int,
    flat: list[int],
    done: list[tuple[Any, ...]],
) -> int:
    """One ticket's clocks onto ``flat``: its state, or -1 where the exact replay must decide.

    The same replay as :class:`slakit.Ticket` for a ticket whose level does not change
    and whose reaction cycles are never paused: each reaction cycle is one segment, so
    its elapsed time and deadline are computed for all tickets at once (arrays over the
    engine's timelines); a resolution clock that was paused is computed here, segment
    by segment, as ``ClockRun`` does. ``flat`` gets 7 integers a clock: ticket, cycle
    (0: resolution), start, stop, group (-1: computed, in ``done``), amount (or the
    index in ``done``), lapsed.
    """
    i0, i1, t = span
    opened = ats[i0]
    if opened < level.lo or now_us >= level.hi:
        return -1
    mark = len(flat)
    reaction, group = level.reaction, level.reaction_group
    fixed = reaction.fixed
    number = 1
    cycle, cycle_stop, cycle_lapsed = opened, _NAT, 0
    closed: list[tuple[int, int]] = []
    open_since: int | None = opened
    stop: int | None = None
    lapsed = False
    state = 0  # open, paused, resolved, closed
    for i in range(i0 + 1, i1):
        kind = kinds[i]
        if kind == _AGENT:
            if state > 1:
                break
            if cycle_stop == _NAT:
                cycle_stop = ats[i]
        elif kind == _CUSTOMER:
            if state > 1:
                break
            if cycle_stop != _NAT:
                amount = reaction.at(cycle) if fixed is None else fixed
                flat += (t, number, cycle, cycle_stop, group, amount, cycle_lapsed)
                number += 1
                cycle, cycle_stop, cycle_lapsed = ats[i], _NAT, 0
        elif kind == _PAUSED:
            if state != 0 or why[i] not in reasons:
                break
            state = 1
            if open_since is not None:
                closed.append((open_since, ats[i]))
                open_since = None
        elif kind == _RESUMED:
            if state != 1:
                break
            state = 0
            if stop is None and open_since is None:
                open_since = ats[i]
        elif kind in (_RESOLVED, _CLOSED):
            if (kind == _RESOLVED and state > 1) or state == 3:
                break
            at = ats[i]
            gone = kind == _CLOSED
            state = 3 if gone else 2
            if cycle_stop == _NAT:
                cycle_stop, cycle_lapsed = at, int(gone)
            if stop is None:
                if open_since is not None:
                    closed.append((open_since, at))
                    open_since = None
                stop, lapsed = at, gone
        elif kind == _REOPENED and state == 2:
            at = ats[i]
            state = 0
            if stop is not None and not lapsed:
                stop, open_since = None, at
            amount = reaction.at(cycle) if fixed is None else fixed
            flat += (t, number, cycle, cycle_stop, group, amount, cycle_lapsed)
            number += 1
            cycle, cycle_stop, cycle_lapsed = at, _NAT, 0
        else:  # a second opening, a level change, a transfer: the exact replay decides
            break
    else:
        amount = reaction.at(cycle) if fixed is None else fixed
        flat += (t, number, cycle, cycle_stop, group, amount, cycle_lapsed)
        target = level.resolution
        if target is not None:
            stopped = _NAT if stop is None else stop
            if (not closed and stop is None and open_since == opened) or (
                len(closed) == 1 and closed[0] == (opened, stop) and open_since is None
            ):
                group = level.resolution_group
                flat += (t, 0, opened, stopped, group, target.at(opened), int(lapsed))
            else:
                flat += (t, 0, opened, stopped, -1, len(done), 0)
                done.append(
                    _segments(target, target.at(opened), closed, open_since, stop, lapsed, now_us)
                )
        return state
    del flat[mark:]
    return -1


def _segments(  # noqa: PLR0917 - a clock's fields
    target: _Amount,
    amount: int,
    closed: list[tuple[int, int]],
    open_since: int | None,
    stop: int | None,
    lapsed: bool,
    now_us: int,
) -> tuple[Any, ...]:
    """A clock of several segments, as ``ClockRun.status`` computes it (same functions)."""
    schedule, calendar = target.schedule, target.calendar_time
    totals: list[int] = []
    total = 0
    for start, end in closed:
        total += _measure(schedule, calendar, start, end)
        totals.append(total)
    until = stop if stop is not None else now_us
    elapsed = total
    if open_since is not None:
        elapsed += _measure(schedule, calendar, open_since, until)
    paused = stop is None and open_since is None
    if amount < 0:
        return (_OUTCOME_CODE[Outcome.NO_TARGET], _NAT, elapsed, _NAT, 0, math.nan, paused)
    deadline: int | None = None
    for i in range(bisect_left(totals, amount), len(closed)):
        start, end = closed[i]
        measure = totals[i] - (totals[i - 1] if i else 0)
        at = _reach(schedule, calendar, start, amount - (totals[i] - measure))
        if at < end:
            deadline = at
            break
    if deadline is None:
        since = open_since if open_since is not None else until
        deadline = _reach(schedule, calendar, since, amount - total)
    if is_past(deadline, until):
        outcome = Outcome.LATE if stop is not None else Outcome.BREACHED
    elif stop is not None:
        outcome = Outcome.LAPSED if lapsed else Outcome.MET
    else:
        outcome = Outcome.PAUSED if open_since is None else Outcome.RUNNING
    return (
        _OUTCOME_CODE[outcome],
        deadline,
        elapsed,
        max(amount - elapsed, 0),
        max(elapsed - amount, 0),
        elapsed / amount if amount else float(outcome.missed),
        paused,
    )


# -- all tickets -----------------------------------------------------------------------


def _compute(events: object, now: dt.datetime, regulation: Regulation | None) -> tuple[str, Any]:
    now_us = to_us(now, "now")
    if regulation is not None and not isinstance(regulation, Regulation):
        raise InvalidArgumentError("regulation", regulation, "a slakit.Regulation or None")
    np = _load("numpy")
    kind = _kind(events)
    table = _read_table(events, kind)
    return kind, _table_columns(np, table, now, now_us, regulation)


def _table_columns(  # noqa: PLR0915 - one pass over the table
    np: Any, table: _Input, now: dt.datetime, now_us: int, regulation: Regulation | None
) -> dict[str, Any]:
    """Every clock of every ticket in a checked input table, as output columns."""
    tickets = _ticket_ids(np, table)
    codes = table.strings["ticket"].codes
    kinds = _lookup(np, table, "event", _KIND_CODES, "event", True)
    reasons = _lookup(np, table, "reason", _REASON_CODES, "reason", False)
    named = _presets(np, table, tickets, codes)
    names = presets.names()
    if regulation is None and len(tickets) and (named < 0).any():
        t = int(np.flatnonzero(named < 0)[0])
        raise _row_error(
            _first_row(np, codes == t) or 0,
            tickets[t],
            "preset",
            f"names no preset: give the rows a preset ({', '.join(names)}) or pass regulation=",
        )
    levels = table.strings.get("level")
    level_codes = levels.codes if levels is not None else np.full(table.rows, -1, dtype=np.int64)
    # Rows the walk leaves to the exact replay: a level where none belongs (or none
    # where one does), a reason on another event, a coupon, a level change or transfer.
    takes_level = (kinds == _OPENED) | (kinds == _LEVEL)
    irregular = (level_codes >= 0) != takes_level
    irregular |= (reasons >= 0) & (kinds != _PAUSED)
    irregular |= (kinds == _LEVEL) | (kinds == _TRANSFER)
    for cells in (table.coupons, table.registered):
        if cells is not None:
            irregular |= np.array([c is not None for c in cells], dtype=bool)
    exact = np.zeros(len(tickets), dtype=bool)
    exact[codes[irregular]] = True
    # Each ticket's events in order of their instants (ties in row order), up to now.
    at_us = table.at_us
    same = codes[1:] == codes[:-1]
    if ((codes[1:] > codes[:-1]) | (same & (at_us[1:] >= at_us[:-1]))).all():
        order = np.flatnonzero(at_us <= now_us)  # grouped and in order already: no sort
    else:
        order = np.lexsort((at_us, codes))
        order = order[at_us[order] <= now_us]
    runs = codes[order]
    bounds = (np.flatnonzero(runs[1:] != runs[:-1]) + 1).tolist()
    starts = [0, *bounds]
    spans = zip(
        starts, [*bounds, len(order)], runs[starts].tolist() if len(order) else [], strict=False
    )
    kind_list = kinds[order].tolist()
    at_list = at_us[order].tolist()
    level_list = level_codes[order].tolist()
    reason_list = reasons[order].tolist()
    exact_list = exact.tolist()
    named_list = named.tolist()
    level_names = levels.uniques if levels is not None else []
    groups = _Groups()
    rules: dict[int, _Rules] = {}
    by_preset: dict[int, Regulation] = {}
    flat: list[int] = []
    done: list[tuple[Any, ...]] = []
    level_of: list[str | None] = [None] * len(tickets)
    state_of: list[str | None] = [None] * len(tickets)
    for span in spans:
        i0, _, t = span
        reg = regulation or by_preset.get(named_list[t])
        if reg is None:
            reg = by_preset[named_list[t]] = presets.get(names[named_list[t]])
        found = rules.get(id(reg))
        if found is None:
            found = rules[id(reg)] = _Rules(reg, level_names, groups)
        state = -1
        if not exact_list[t] and found.fast and kind_list[i0] == _OPENED:
            level = found.level(level_list[i0])
            if level is not None:
                mark, marked = len(flat), len(done)
                try:
                    state = _walk(
                        level, found.reasons, kind_list, at_list, reason_list, span, now_us,
                        flat, done,
                    )  # fmt: skip
                except SlakitError:  # an answer out of range: the exact replay says so
                    del flat[mark:], done[marked:]
                if state >= 0:
                    level_of[t], state_of[t] = level.key, _STATES[state]
        if state < 0:
            rows = order[span[0] : span[1]].tolist()
            level_of[t], state_of[t] = _replayed(table, tickets[t], rows, reg, now, t, flat, done)
    preset_names = [None if p < 0 else names[p] for p in named_list]
    records = np.array(flat, dtype=np.int64).reshape(-1, 7)
    columns = _finish(np, records, done, groups, now_us)
    index = records[:, 0]
    for name, values in (
        ("ticket", tickets), ("preset", preset_names), ("level", level_of), ("state", state_of)
    ):  # fmt: skip
        columns[name] = _objects(np, values)[index]
    return columns


def _finish(
    np: Any, records: Any, done: list[tuple[Any, ...]], groups: _Groups, now_us: int
) -> dict[str, Any]:
    """The clocks' columns: computed ones from ``done``, one-segment ones as arrays."""
    cycle, started, stopped, group, amount = (records[:, i] for i in range(1, 6))
    lapsed = records[:, 6].astype(bool)
    n = len(records)
    outcome = np.zeros(n, dtype=np.int64)
    deadline = np.zeros(n, dtype=np.int64)
    elapsed = np.zeros(n, dtype=np.int64)
    remaining = np.zeros(n, dtype=np.int64)
    overdue = np.zeros(n, dtype=np.int64)
    used = np.zeros(n, dtype=np.float64)
    paused = np.zeros(n, dtype=bool)
    computed = np.flatnonzero(group < 0)
    if len(computed):
        values = list(zip(*(done[i] for i in amount[computed].tolist()), strict=True))
        for column, value in zip(
            (outcome, deadline, elapsed, remaining, overdue, used, paused), values, strict=True
        ):
            column[computed] = value
    end = np.where(stopped == _NAT, now_us, stopped)
    codes = {o: _OUTCOME_CODE[o] for o in _OUTCOMES}
    for number, (schedule, calendar_time) in enumerate(groups.pairs):
        idx = np.flatnonzero(group == number)
        if not len(idx):
            continue
        a, b, target = started[idx], end[idx], amount[idx]
        has = target >= 0
        step = np.where(has, target, 0)
        engine = schedule._engine
        if calendar_time:
            spent = b - a
            due = a + step
            out = has & ((due < engine.min_us) | (due >= engine.max_us))
            if out.any():
                first = int(np.flatnonzero(out)[0])
                _reach(schedule, True, int(a[first]), int(step[first]))  # raises, as status does
        else:
            spent = _columns.elapsed(engine, a.view("M8[us]"), b.view("M8[us]")).view(np.int64)
            due = _columns.add(engine, a.view("M8[us]"), step.view("m8[us]")).view(np.int64)
        stop = stopped[idx] != _NAT
        missed = has & (b > due)
        result = np.where(
            missed,
            np.where(stop, codes[Outcome.LATE], codes[Outcome.BREACHED]),
            np.where(
                stop,
                np.where(lapsed[idx], codes[Outcome.LAPSED], codes[Outcome.MET]),
                codes[Outcome.RUNNING],
            ),
        )
        outcome[idx] = np.where(has, result, codes[Outcome.NO_TARGET])
        deadline[idx] = np.where(has, due, _NAT)
        elapsed[idx] = spent
        remaining[idx] = np.where(has, np.maximum(target - spent, 0), _NAT)
        overdue[idx] = np.where(has, np.maximum(spent - target, 0), 0)
        share = spent / np.where(target > 0, target, 1)
        used[idx] = np.where(has, np.where(target > 0, share, missed.astype(np.float64)), np.nan)
    names = _objects(np, [o.value for o in _OUTCOMES])
    return {
        "clock": np.where(cycle > 0, "reaction", "resolution").astype(object),
        "cycle": cycle,
        "outcome": names[outcome],
        "started_at": started,
        "deadline": deadline,
        "stopped_at": stopped,
        "elapsed": elapsed,
        "remaining": remaining,
        "overdue": overdue,
        "used": used,
        "paused": paused,
    }


def _objects(np: Any, values: list[Any]) -> Any:
    """A list as a numpy array of objects (strings stay Python strings)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


# -- report rows for a batch of tickets (the streaming report) ------------------------


def _report_rows(  # noqa: PLR0917 - internal
    batch: list[Any],
    now: dt.datetime,
    now_us: int,
    regulation: Regulation | None,
    risk: float,
    set_aside: Any,
) -> Iterator[tuple[str, Any]]:
    """(ticket, TicketRow or TicketFailure) for gathered tickets, computed together.

    ``batch`` holds the report reader's gatherings (``ticket``, ``preset``, compact
    ``events``); a ticket the walk or the exact replay refuses is handed to
    ``set_aside`` for the failure :func:`slakit.report.read_tickets` would give, and
    the others are computed again without it.
    """
    from slakit.report import TicketRow  # noqa: PLC0415 - the report's own row

    np = _load("numpy")
    pending = list(batch)
    while True:
        table = _batch_input(np, pending)
        try:
            columns = _table_columns(np, table, now, now_us, regulation)
            break
        except SlakitError as error:
            row = getattr(error, "index", None)
            if not isinstance(row, int) or not 0 <= row < table.rows:
                raise
            bad = pending[int(table.owner[row])]
            failure = set_aside(bad, regulation, now)
            if failure is None:  # pragma: no cover - the walk and Ticket agree (tests)
                raise
            yield bad.ticket, failure
            pending.remove(bad)
    by_ticket: dict[str, list[int]] = {}
    for i, ticket in enumerate(columns["ticket"].tolist()):
        by_ticket.setdefault(ticket, []).append(i)
    values = {name: columns[name].tolist() for name in columns}
    outcomes = _OUTCOMES
    by_value = {o.value: o for o in outcomes}
    for gathering in pending:
        rows = by_ticket[gathering.ticket]
        reg = regulation or presets.get(gathering.preset)
        level = reg.level(values["level"][rows[0]])
        tz = (level.schedule or reg.schedule)._engine.tz
        clocks = []
        for i in rows:
            outcome = by_value[values["outcome"][i]]
            cycle = values["cycle"][i]
            clocks.append((i, cycle, outcome))
        reaction = [c for c in clocks if c[1] > 0]
        resolution = next((c for c in clocks if c[1] == 0), None)
        waiting = []
        for i, cycle, outcome in clocks:
            if outcome is Outcome.RUNNING or outcome is Outcome.PAUSED:
                waiting.append(
                    (
                        f"reaction #{cycle}" if cycle else "resolution",
                        _clock_status(values, i, outcome, level, cycle, tz),
                    )
                )
        left = [c.remaining for _, c in waiting if c.remaining is not None]
        used = [c.used for _, c in waiting if c.used is not None]
        last = reaction[-1][0]
        yield (
            gathering.ticket,
            TicketRow(
                gathering.ticket,
                level.key,
                values["state"][rows[0]],
                len(reaction),
                reaction[-1][2],
                _datetime(values["deadline"][last], tz),
                None if resolution is None else resolution[2],
                None if resolution is None else _datetime(values["deadline"][resolution[0]], tz),
                tuple(c[2] for c in clocks),
                _ONE_US * max(values["overdue"][i] for i in rows),
                min(left, default=None),
                max(used, default=None),
                any(
                    c.outcome is Outcome.RUNNING and c.used is not None and c.used >= risk
                    for _, c in waiting
                ),
                tuple(waiting),
                reg.vendor,
            ),
        )


def _datetime(us: int, tz: Any) -> dt.datetime | None:
    return None if us == _NAT else from_us(us, tz)


def _clock_status(  # noqa: PLR0917 - internal
    values: dict[str, list[Any]], i: int, outcome: Outcome, level: SupportLevel, cycle: int, tz: Any
) -> ClockStatus:
    """A running or paused clock's ClockStatus, as Ticket.status gives it."""
    remaining = values["remaining"][i]
    used = values["used"][i]
    return ClockStatus(
        outcome,
        from_us(values["started_at"][i], tz),
        level.reaction if cycle else level.resolution,
        _datetime(values["deadline"][i], tz),
        _ONE_US * values["elapsed"][i],
        None if remaining == _NAT else _ONE_US * remaining,
        None if math.isnan(used) else used,
        _datetime(values["stopped_at"][i], tz),
        values["paused"][i],
        _ONE_US * values["overdue"][i],
    )


class _BatchInput(_Input):
    """An input table built from the report reader's compact events."""

    owner: Any


def _batch_input(np: Any, batch: list[Any]) -> _BatchInput:
    """The gatherings' events as an input table: one row per event, tickets in order."""
    kinds: list[int] = []
    ats: list[int] = []
    levels: list[Any] = []
    reasons: list[int] = []
    coupons: list[Any] = []
    registered: list[Any] = []
    owners: list[int] = []
    preset_codes: list[int] = []
    names = presets.names()
    preset_index = {name: i for i, name in enumerate(names)}
    for number, gathering in enumerate(batch):
        first = True
        for kind, at_us, _, level, reason, coupon, _, later_start in gathering.events:
            registered.append(later_start)
            kinds.append(kind)
            ats.append(at_us)
            levels.append(level)
            reasons.append(reason)
            coupons.append(coupon)
            owners.append(number)
            preset_codes.append(
                preset_index[gathering.preset] if first and gathering.preset else -1
            )
            first = False
    level_names: dict[Any, int] = {}
    level_codes = [-1 if v is None else level_names.setdefault(v, len(level_names)) for v in levels]
    owner = np.array(owners, dtype=np.int64)
    strings = {
        "ticket": _Strings(owner, [g.ticket for g in batch]),
        "event": _Strings(np.array(kinds, dtype=np.int64), list(_KIND_CODES)),
        "level": _Strings(np.array(level_codes, dtype=np.int64), list(level_names)),
        "reason": _Strings(np.array(reasons, dtype=np.int64), list(_REASON_CODES)),
        "preset": _Strings(np.array(preset_codes, dtype=np.int64), list(names)),
    }
    has_coupons = any(c is not None for c in coupons)
    table = _BatchInput(strings, coupons if has_coupons else None, None, len(kinds))
    table.at_us = np.array(ats, dtype=np.int64)
    table.owner = owner
    if any(r is not None for r in registered):
        table.registered = registered
    return table


def _arrow(columns: dict[str, Any]) -> Any:
    pa = _load("pyarrow")
    schema = arrow_schema()
    arrays = []
    for field in schema:
        values = columns[field.name]
        if field.name in _INSTANTS or field.name in _DURATIONS:
            arrays.append(pa.array(values, pa.int64(), mask=values == _NAT).cast(field.type))
        elif field.name == "cycle":
            arrays.append(pa.array(values.astype("int32"), pa.int32(), mask=values == 0))
        elif field.name == "used":
            arrays.append(pa.array(values, pa.float64(), from_pandas=True))
        else:
            arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _pandas(columns: dict[str, Any]) -> Any:
    pd = _load("pandas")
    data: dict[str, Any] = {}
    for name, _ in COLUMNS:
        values = columns[name]
        if name == "cycle":
            data[name] = pd.arrays.IntegerArray(values.astype("int32"), values == 0)
        elif name in _INSTANTS:
            data[name] = pd.Series(values.view("datetime64[us]")).dt.tz_localize("UTC")
        elif name in _DURATIONS:
            data[name] = pd.Series(values.view("timedelta64[us]"))
        else:
            data[name] = pd.Series(values, dtype=values.dtype, copy=False)
    return pd.DataFrame(data, copy=False)


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
    kind, columns = _compute(events, now, regulation)
    return _pandas(columns) if kind == "pandas" else _arrow(columns)


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
