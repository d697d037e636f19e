"""Ticket events and the event file: the published JSON-lines contract.

A helpdesk exports what happened to its tickets as JSON lines, one event a line::

    {"ticket": "T-1", "preset": "distate", "event": "opened", "at": "2026-11-23T10:15:00+03:00", "level": "partner-operational"}
    {"ticket": "T-1", "event": "agent_reply", "at": "2026-11-23T11:00:00+03:00"}

The format is a JSON Schema (draft 2020-12) shipped in the package as
``slakit/event.schema.json`` (:func:`schema`). slakit checks it with its own code (no
runtime dependency on a schema library); the tests prove both give the same verdict.
Reading never trusts the data: ticket ids are strings, presets are names (never
files), duplicate keys, unknown fields and values of the wrong type are refused with
the line, the field, the bad value and the valid choices.

Files are read line by line (split on ``"\\n"`` only, a ``"\\r"`` before it dropped),
keeping the parsed events, never the text. :func:`read` yields the events of a file
one by one and stops at the first bad line; :func:`group` gathers them by ticket and
sets aside the tickets whose lines are bad, so one bad ticket does not hide the rest.
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import importlib.resources
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

import attrs

from slakit import presets
from slakit._instants import to_us
from slakit._text import article
from slakit.errors import (
    EventFormatError,
    InvalidArgumentError,
    SlakitError,
    TicketEventError,
)
from slakit.regulation import PauseReason

__all__ = [
    "MAX_LINE_BYTES",
    "CouponRef",
    "Event",
    "EventFileError",
    "EventKind",
    "EventLine",
    "EventGroups",
    "TicketEvents",
    "TicketFailure",
    "group",
    "open_path",
    "parse_events",
    "parse_line",
    "parse_object",
    "read",
    "schema",
    "validate",
]

#: The longest line read, in bytes (after that, the file is refused: no unbounded reads).
MAX_LINE_BYTES = 1 << 20
#: The longest ticket id or coupon code, in characters.
MAX_ID_LENGTH = 200
#: The longest level key, in characters.
MAX_KEY_LENGTH = 100


class EventKind(enum.Enum):
    """What can happen to a ticket."""

    OPENED = "opened"
    AGENT_REPLY = "agent_reply"
    CUSTOMER_REPLY = "customer_reply"
    PAUSED = "paused"
    RESUMED = "resumed"
    LEVEL_CHANGED = "level_changed"
    TRANSFERRED_TO_DEVELOPMENT = "transferred_to_development"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"
    #: Support refused for one of the regulation's reasons (Aspro 4.8 "отказано
    #: полностью"): an end state with its reason, unlike a pause.
    REFUSED = "refused"


# -- the contract's rules, shared by the models, the reader and the schema file -------

#: The fields an event line may carry; ``event`` and ``at`` are required.
FIELDS = ("ticket", "preset", "event", "at", "level", "reason", "coupon", "registered")
COUPON_FIELDS = ("code", "issued_at")
#: The events that take a level key (and require one).
LEVEL_EVENTS = (EventKind.OPENED, EventKind.LEVEL_CHANGED)
#: The events that take a reason: a pause (waiting for the customer when not given)
#: and a refusal (which must give one).
REASON_EVENTS = (EventKind.PAUSED, EventKind.REFUSED)
#: Ticket ids and coupon codes: no control, line-separating or bidirectional-override
#: characters and no lone surrogates (they would forge or break text output).
ID_PATTERN = (
    "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"
    "\\ud800-\\udfff]+$"
)
#: Level keys, as regulations define them.
KEY_PATTERN = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
#: An ISO 8601 instant with an offset: date, ``T``, hours and minutes, optional seconds
#: and fraction (at most 6 digits), then ``Z`` or ``±HH:MM``.
AT_PATTERN = (
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    "T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,6})?)?"
    "(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
_ID = re.compile(ID_PATTERN)
_KEY = re.compile(KEY_PATTERN)
_AT = re.compile(AT_PATTERN)
_KINDS = {kind.value: kind for kind in EventKind}
_REASONS = {reason.name.lower(): reason for reason in PauseReason}
_AT_EXAMPLE = "2026-11-23T10:00:00+03:00"


def reason_names() -> tuple[str, ...]:
    """The pause reasons as event data names them: lowercase enum names."""
    return tuple(_REASONS)


def show(value: object, limit: int = 60) -> str:
    """A value for an error message: short, one line, control characters escaped."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit]
        quoted = json.dumps(text, ensure_ascii=False)
        escaped = "".join(c if c.isprintable() else _escape(c) for c in quoted)
        return escaped[:-1] + '…"' if len(value) > limit else escaped
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        return f"a {value.bit_length()}-bit number" if value.bit_length() > 64 else str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return f"an array of {len(value)} items"
    if isinstance(value, Mapping):
        return f"an object with {len(value)} keys"
    return f"a {type(value).__name__}"


_PLAIN_ID = re.compile(r"[\w.:#/@+-]{1,60}")


def ticket_name(ticket: str) -> str:
    """A ticket id for messages: as it is when plain (``T-1001``), else quoted and escaped."""
    return ticket if _PLAIN_ID.fullmatch(ticket) else show(ticket)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _got(value: object) -> str:
    """A value with its JSON type, for "got ..." in messages: 'the number 1', 'a string "x"'."""
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"the number {show(value)}"
    return show(value)


def _closest(value: str, choices: Iterable[str]) -> str:
    if len(value) > 50:
        return ""
    close = difflib.get_close_matches(value, list(choices), n=2, cutoff=0.6)
    return f"; did you mean {' or '.join(map(repr, close))}?" if close else ""


def _listed(choices: Iterable[str]) -> str:
    return f"(valid: {', '.join(choices)})"


def _as_instant(value: dt.datetime, name: str) -> dt.datetime:
    """Refuse naive or unrepresentable instants, as a TicketEventError naming the field."""
    try:
        to_us(value, name)
        value.astimezone(dt.UTC)
    except SlakitError as error:
        raise TicketEventError(str(error)) from None
    except OverflowError:
        raise TicketEventError(
            f"{name} {value} cannot be written in UTC (outside years 1-9999)"
        ) from None
    return value


def _iso(at: dt.datetime) -> str:
    """An instant as the contract writes it: the offset in whole minutes, else in UTC."""
    offset = at.utcoffset()
    if offset is None or offset % dt.timedelta(minutes=1):
        at = at.astimezone(dt.UTC)
    return at.isoformat()


# -- the models -------------------------------------------------------------------------


def _check_code(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, str) or not _ID.fullmatch(value) or len(value) > MAX_ID_LENGTH:
        raise TicketEventError(
            f"a coupon code must be a non-empty string of at most {MAX_ID_LENGTH} characters "
            f"without control characters, got {show(value)}"
        )


def _check_issued(_instance: object, _attribute: object, value: Any) -> None:
    _as_instant(value, "issued_at")


@attrs.frozen
class CouponRef:
    """A quota coupon as event data names it: its code and when it was issued.

    The level it is used on gives the quota (DiState ``special``: 12 requests, valid a
    year); :meth:`slakit.Ticket.from_events` turns it into a :class:`slakit.Coupon`.
    """

    code: str = attrs.field(validator=_check_code)
    # Compared as real instants (DESIGN rule 1): 02:30 CET with fold=1 equals 02:30+01:00.
    issued_at: dt.datetime = attrs.field(validator=_check_issued, eq=to_us)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "issued_at": _iso(self.issued_at)}


def _check_kind(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, EventKind):
        raise TicketEventError(
            f"an event's kind must be a slakit.EventKind, got {show(value)} "
            f"{_listed(k.name for k in EventKind)}"
        )


def _check_at(_instance: object, _attribute: object, value: Any) -> None:
    _as_instant(value, "at")


@attrs.frozen
class Event:
    """One thing that happened to a ticket, when, and its details.

    ``level`` is the level key of an ``opened`` or ``level_changed`` event (required on
    them, refused on others); ``reason`` the reason of a ``paused`` event (waiting for
    the customer when not given) or of a ``refused`` one (required); ``coupon`` the quota
    coupon an ``opened`` event uses. ``registered`` is when an ``opened`` request was
    registered, where that is later than ``at``, when it was sent: the regulations count
    from registration ("считается принятым, только если вы получили письмо о
    регистрации"), so the clocks start there.
    """

    kind: EventKind = attrs.field(validator=_check_kind)
    # Compared as real instants (DESIGN rule 1), never as wall times of one zone.
    at: dt.datetime = attrs.field(validator=_check_at, eq=to_us)
    level: str | None = None
    reason: PauseReason | None = None
    coupon: CouponRef | None = None
    registered: dt.datetime | None = attrs.field(
        default=None, eq=lambda at: None if at is None else to_us(at)
    )

    def __attrs_post_init__(self) -> None:
        name = self.kind.value
        if self.kind in LEVEL_EVENTS:
            if not isinstance(self.level, str):
                raise TicketEventError(f"{name}: a level key is required, got {show(self.level)}")
            if not _KEY.fullmatch(self.level) or len(self.level) > MAX_KEY_LENGTH:
                raise TicketEventError(
                    f"{name}: a level key is lowercase words joined by '-', like "
                    f"'partner-standard', got {show(self.level)}"
                )
        elif self.level is not None:
            raise TicketEventError(
                f"{name} takes no level (only {' and '.join(k.value for k in LEVEL_EVENTS)} do)"
            )
        if self.kind is EventKind.PAUSED:
            if self.reason is None:
                # Pausing without a reason is waiting for the customer, as Ticket.pause has it.
                object.__setattr__(self, "reason", PauseReason.AWAITING_CUSTOMER)
            elif not isinstance(self.reason, PauseReason):
                raise TicketEventError(
                    f"paused: the reason must be a slakit.PauseReason, got {show(self.reason)}"
                )
        elif self.kind is EventKind.REFUSED:
            if not isinstance(self.reason, PauseReason):
                raise TicketEventError(
                    f"refused: a reason is required, a slakit.PauseReason, got {show(self.reason)}"
                )
        elif self.reason is not None:
            raise TicketEventError(f"{name} takes no reason (only paused and refused do)")
        if self.registered is not None:
            if self.kind is not EventKind.OPENED:
                raise TicketEventError(f"{name} takes no registered instant (only opened does)")
            if not isinstance(self.registered, dt.datetime):
                raise TicketEventError(
                    f"opened: registered must be an aware datetime, got {show(self.registered)}"
                )
            _as_instant(self.registered, "registered")
            if to_us(self.registered) < to_us(self.at):
                raise TicketEventError(
                    f"opened: registered ({self.registered}) comes before the request was "
                    f"sent ({self.at}); registration follows sending"
                )
        if self.coupon is not None:
            if self.kind is not EventKind.OPENED:
                raise TicketEventError(f"{name} takes no coupon (only opened does)")
            if not isinstance(self.coupon, CouponRef):
                raise TicketEventError(
                    f"opened: the coupon must be a slakit.CouponRef, got {show(self.coupon)}"
                )

    def to_dict(self) -> dict[str, Any]:
        """The event as the published format has it (ISO 8601 instants, names as text)."""
        data: dict[str, Any] = {"event": self.kind.value, "at": _iso(self.at)}
        if self.level is not None:
            data["level"] = self.level
        if self.reason is not None:
            data["reason"] = self.reason.name.lower()
        if self.coupon is not None:
            data["coupon"] = self.coupon.to_dict()
        if self.registered is not None:
            data["registered"] = _iso(self.registered)
        return data

    @classmethod
    def from_dict(cls, data: object, index: int = 0) -> Event:
        """Read one exported event object; a malformed one names its position and field."""
        return parse_object(data, index=index).event


@attrs.frozen
class EventLine:
    """One line of an event file: the event, its line number, its ticket id and preset."""

    line: int | None
    event: Event
    ticket: str | None = None
    preset: str | None = None


# -- validating one object ----------------------------------------------------------------


class _Checker:
    """Raises EventFormatError naming the place; knows the line's ticket once it is read."""

    def __init__(self, line: int | None, index: int | None) -> None:
        self.line = line
        self.index = index
        self.ticket: str | None = None
        self.prefix = ""  # "coupon." while checking the coupon's fields

    def fail(self, message: str, field: str | None = None) -> EventFormatError:
        field = self.prefix + field if field and field != "coupon" else field
        return EventFormatError(
            message, line=self.line, field=field, ticket=self.ticket, index=self.index
        )

    def string(self, data: Mapping[str, object], field: str, hint: str = "") -> str:
        value = data[field]
        if not isinstance(value, str):
            raise self.fail(f"must be a string, got {_got(value)}{hint}", field)
        return value

    def text(self, data: Mapping[str, object], field: str, what: str, hint: str = "") -> str:
        value = self.string(data, field, hint)
        if not value or len(value) > MAX_ID_LENGTH or not _ID.fullmatch(value):
            raise self.fail(
                f"{what} must be 1 to {MAX_ID_LENGTH} characters without control, line-separator "
                f"or bidirectional-override characters, got {show(value)}",
                field,
            )
        return value

    def choice(self, data: Mapping[str, object], field: str, choices: Iterable[str]) -> str:
        value = data[field]
        names = tuple(choices)
        if not isinstance(value, str):
            raise self.fail(
                f"must be one of the valid names, got {_got(value)} " + _listed(names),
                field,
            )
        if value not in names:
            raise self.fail(
                f"unknown {field} {show(value)}{_closest(value, names)} " + _listed(names), field
            )
        return value

    def instant(self, data: Mapping[str, object], field: str) -> str:
        message = f"must be an ISO 8601 instant with an offset, like {_AT_EXAMPLE}"
        if field not in data:
            raise self.fail(f"missing; it {message}", field)
        value = data[field]
        if not isinstance(value, str):
            raise self.fail(f"{message}, got {_got(value)}", field)
        if not _AT.fullmatch(value):
            raise self.fail(f"{message}, got {show(value)}", field)
        return value

    def preset(self, data: Mapping[str, object]) -> str:
        value = data["preset"]
        if isinstance(value, str) and (
            "/" in value or "\\" in value or value.lower().endswith(".toml") or value[:1] == "."
        ):
            raise self.fail(
                f"{show(value)} looks like a file; event data names a preset, never a file "
                f"(give a regulation file with --preset in the command line) "
                + _listed(presets.names()),
                "preset",
            )
        return self.choice(data, "preset", presets.names())

    def coupon(self, data: Mapping[str, object]) -> Mapping[str, object]:
        value = data["coupon"]
        if not isinstance(value, Mapping):
            raise self.fail(
                f'must be an object {{"code": ..., "issued_at": ...}}, got {_got(value)}',
                "coupon",
            )
        for key in value:
            if key not in COUPON_FIELDS:
                raise self.fail(
                    f"unknown field {show(key)} in the coupon " + _listed(COUPON_FIELDS), "coupon"
                )
        for key in COUPON_FIELDS:
            if key not in value:
                raise self.fail(f"the coupon lacks {key!r} " + _listed(COUPON_FIELDS), "coupon")
        self.prefix = "coupon."
        self.text(value, "code", "a coupon code")
        self.instant(value, "issued_at")
        self.prefix = ""
        return value


def validate(
    data: object, *, line: int | None = None, index: int | None = None
) -> Mapping[str, object]:
    """Check one event object against the published schema; return it, or raise.

    This is exactly what ``event.schema.json`` says, no more: that a date exists
    (2026-02-30 does not), that a level is one of the preset's and that events make
    sense in order are checked when the event is read (:func:`parse_object`) and
    when the ticket is built.

    Raises:
        EventFormatError: naming the line (or the event's index), the field, the bad
            value and the valid choices; its ``ticket`` is the line's ticket id where
            that one is valid.
    """
    check = _Checker(line, index)
    if not isinstance(data, Mapping):
        raise check.fail(f"an event must be a JSON object, got {_got(data)}")
    if "ticket" in data:
        value = data["ticket"]
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise check.fail(
                f"must be a string, got the number {show(value)}; ticket ids are strings, "
                f'so 1 and "1" are never the same ticket: write "{show(value)}"',
                "ticket",
            )
        check.ticket = check.text(data, "ticket", "a ticket id")
    for key in data:
        if key not in FIELDS:
            hint = _closest(key, FIELDS) if isinstance(key, str) else ""
            raise check.fail(f"unknown field {show(key)}{hint} " + _listed(FIELDS))
    if "event" not in data:
        raise check.fail("missing; every line names its event " + _listed(_KINDS), "event")
    kind = _KINDS[check.choice(data, "event", _KINDS)]
    check.instant(data, "at")
    if "preset" in data:
        check.preset(data)
    if kind in LEVEL_EVENTS:
        if "level" not in data:
            needed = f"missing; a level key is required for {article(kind.value)} event"
            raise check.fail(needed, "level")
        level = check.string(data, "level")
        if len(level) > MAX_KEY_LENGTH or not _KEY.fullmatch(level):
            raise check.fail(
                "a level key is lowercase words joined by '-', like 'partner-standard', "
                f"got {show(level)}",
                "level",
            )
    elif "level" in data:
        raise check.fail(
            f"{article(kind.value)} event takes no level (only "
            f"{' and '.join(k.value for k in LEVEL_EVENTS)} do)",
            "level",
        )
    if "reason" in data:
        if kind not in REASON_EVENTS:
            no_reason = f"{article(kind.value)} event takes no reason (only paused and refused do)"
            raise check.fail(no_reason, "reason")
        check.choice(data, "reason", _REASONS)
    elif kind is EventKind.REFUSED:
        raise check.fail("missing; a refused event gives its reason " + _listed(_REASONS), "reason")
    if "registered" in data:
        if kind is not EventKind.OPENED:
            raise check.fail(
                f"{article(kind.value)} event takes no registered instant (only opened does)",
                "registered",
            )
        check.instant(data, "registered")
    if "coupon" in data:
        if kind is not EventKind.OPENED:
            no_coupon = f"{article(kind.value)} event takes no coupon (only opened does)"
            raise check.fail(no_coupon, "coupon")
        check.coupon(data)
    return data


def _instant(text: str, check: _Checker, field: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise check.fail(f"{show(text)} is not a real date and time: {error}", field) from None


def parse_object(data: object, *, line: int | None = None, index: int | None = None) -> EventLine:
    """One event object (a parsed JSON line, or a dict) as an :class:`EventLine`.

    Raises:
        EventFormatError: see :func:`validate`; also for a date that does not exist.
    """
    valid = validate(data, line=line, index=index)
    check = _Checker(line, index)
    ticket = valid.get("ticket")
    check.ticket = ticket if isinstance(ticket, str) else None
    at = _instant(str(valid["at"]), check, "at")
    coupon = None
    if "coupon" in valid:
        raw: Mapping[str, str] = valid["coupon"]  # type: ignore[assignment]
        try:
            coupon = CouponRef(raw["code"], _instant(raw["issued_at"], check, "coupon"))
        except TicketEventError as error:
            raise check.fail(str(error), "coupon") from None
    reason = valid.get("reason")
    registered = (
        _instant(str(valid["registered"]), check, "registered") if "registered" in valid else None
    )
    try:
        event = Event(
            _KINDS[str(valid["event"])],
            at,
            valid.get("level"),  # type: ignore[arg-type]
            _REASONS[reason] if isinstance(reason, str) else None,
            coupon,
            registered,
        )
    except TicketEventError as error:  # an instant that cannot be written in UTC
        field = "registered" if registered is not None and "registered" in str(error) else "at"
        raise check.fail(str(error), field) from None
    preset = valid.get("preset")
    return EventLine(line, event, check.ticket, preset if isinstance(preset, str) else None)


# -- reading lines ----------------------------------------------------------------------


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def parse_line(
    text: str | bytes,
    line: int | None = 1,
    *,
    index: int | None = None,
    ticket_required: bool = False,
) -> EventLine:
    """One JSON line as an :class:`EventLine`; a bad one names the line.

    Duplicate keys, ``NaN``/``Infinity``, nesting too deep for the parser and text that
    is not UTF-8 are refused as :class:`EventFormatError`, never another exception.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise EventFormatError(f"not UTF-8 text: {error}", line=line, index=index) from None
    if not isinstance(text, str):
        raise InvalidArgumentError("text", text, "a JSON line (str or bytes)")
    if line == 1 and text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except _DuplicateKeyError as error:
        raise EventFormatError(
            f"the key {show(error.key)} appears twice; give each field once",
            line=line,
            index=index,
        ) from None
    except RecursionError:
        raise EventFormatError(
            "nested too deeply to be an event (not JSON)", line=line, index=index
        ) from None
    except json.JSONDecodeError as error:
        raise EventFormatError(f"not JSON: {error}", line=line, index=index) from None
    except ValueError as error:  # NaN, or an integer with more digits than Python reads
        raise EventFormatError(
            f"not JSON that slakit reads: {str(error)[:80]}", line=line, index=index
        ) from None
    if ticket_required and isinstance(data, Mapping) and "ticket" not in data:
        raise EventFormatError(
            'no "ticket" id: in a file of many tickets every line names its ticket',
            line=line,
            field="ticket",
            index=index,
        )
    return parse_object(data, line=line, index=index)


def _chunks(source: object) -> Iterator[str | bytes]:
    """Pieces of text or bytes in order, from any of the sources :func:`read` takes."""
    if isinstance(source, str | bytes | bytearray):
        yield bytes(source) if isinstance(source, bytearray) else source
    elif hasattr(source, "readline"):
        while True:
            chunk = source.readline(MAX_LINE_BYTES + 1)
            if not chunk:
                return
            yield chunk
    elif isinstance(source, Iterable):
        for chunk in source:
            if not isinstance(chunk, str | bytes | bytearray):
                raise InvalidArgumentError("line", chunk, "text (str or bytes)")
            yield bytes(chunk) if isinstance(chunk, bytearray) else chunk
    else:
        raise InvalidArgumentError(
            "source", source, "JSON-lines text, bytes, a binary file or an iterable of lines"
        )


def _lines(source: object) -> Iterator[tuple[int, str | bytes]]:
    """Numbered lines, split on "\\n" only (U+2028 is text inside a JSON string), blanks out."""
    number = 0
    pending: str | bytes | None = None
    for chunk in _chunks(source):
        newline: str | bytes = "\n" if isinstance(chunk, str) else b"\n"
        if pending is not None and type(pending) is not type(chunk):
            raise InvalidArgumentError("line", chunk, "all text or all bytes")
        text = pending + chunk if pending else chunk  # type: ignore[operator]
        pieces = text.split(newline)  # type: ignore[arg-type]
        pending = pieces.pop()
        for piece in pieces:
            number += 1
            yield from _line(number, piece)
        if len(pending) > MAX_LINE_BYTES:
            raise EventFormatError(
                f"longer than {MAX_LINE_BYTES:,} bytes; no event is", line=number + 1
            )
    if pending:
        yield from _line(number + 1, pending)


def _line(number: int, piece: str | bytes) -> Iterator[tuple[int, str | bytes]]:
    if len(piece) > MAX_LINE_BYTES:
        raise EventFormatError(f"longer than {MAX_LINE_BYTES:,} bytes; no event is", line=number)
    if isinstance(piece, str):
        piece = piece.removesuffix("\r")
        if number == 1:
            piece = piece.removeprefix("\ufeff")
        if piece.strip(" \t\r"):
            yield number, piece
    else:
        piece = piece.removesuffix(b"\r")
        if number == 1:
            piece = piece.removeprefix(b"\xef\xbb\xbf")
        if piece.strip(b" \t\r"):
            yield number, piece


def read(source: str | bytes | IO[bytes] | Iterable[str | bytes]) -> Iterator[EventLine]:
    """The events of a JSON-lines source, one by one, stopping at the first bad line.

    Args:
        source: the whole text (``str`` or UTF-8 ``bytes``), a binary file (read line by
            line, each at most :data:`MAX_LINE_BYTES`), or an iterable of lines. Lines
            split on ``"\\n"`` only; a UTF-8 BOM at the start and blank lines are skipped.

    Raises:
        EventFormatError: at the first line that breaks the format, naming it.
    """
    for number, text in _lines(source):
        yield parse_line(text, number)


def open_path(path: str | os.PathLike[str]) -> IO[bytes]:
    """A regular file opened for :func:`read`; FIFOs, devices and directories are refused.

    The file is opened without blocking (a FIFO with no writer would hang a plain open)
    and checked before a byte is read.

    Raises:
        EventFileError: the path cannot be opened or is not a regular file.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, TypeError, ValueError) as error:
        raise EventFileError(f"cannot read {show(str(path))}: {error}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise EventFileError(
                f"cannot read {show(str(path))}: not a regular file (events are read from files "
                "or from standard input as '-')"
            )
        if hasattr(os, "set_blocking"):  # pragma: no branch (Windows before 3.12 lacks it)
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class EventFileError(SlakitError, OSError):
    """An events file that cannot be read: missing, unreadable, or not a regular file."""

    def __str__(self) -> str:
        return str(self.args[0])


def parse_events(events: object) -> list[Event]:
    """Events from :class:`Event` values, exported dicts or JSON lines, checked.

    ``events`` is JSON-lines text (``str`` or ``bytes``; errors name the line) or an
    iterable of events, dicts and one-line JSON strings (errors name the position).
    The ``ticket`` and ``preset`` fields of dicts and lines are checked and dropped.

    Raises:
        EventFormatError: an event that breaks the format.
        TicketEventError: ``events`` is neither text nor an iterable.
    """
    if isinstance(events, str | bytes | bytearray):
        text = bytes(events) if isinstance(events, bytearray) else events
        return [entry.event for entry in read(text)]
    if not isinstance(events, Iterable) or isinstance(events, Mapping):
        raise TicketEventError(
            "events must be JSON-lines text or an iterable of events, dicts or JSON lines, "
            f"got {type(events).__name__}"
        )
    parsed = []
    for index, item in enumerate(events):
        if isinstance(item, Event):
            parsed.append(item)
        elif isinstance(item, str | bytes):
            parsed.append(parse_line(item, None, index=index).event)
        else:
            parsed.append(parse_object(item, index=index).event)
    return parsed


# -- grouping by ticket -------------------------------------------------------------------


@attrs.frozen
class TicketEvents:
    """One ticket's events from a file, with the line of each and the preset it names.

    ``later`` counts the events left out because they come after the as-of instant.
    """

    ticket: str | None
    preset: str | None
    events: tuple[Event, ...]
    lines: tuple[int, ...]
    later: int = 0

    @property
    def first_line(self) -> int | None:
        return self.lines[0] if self.lines else None


@attrs.frozen
class TicketFailure:
    """A ticket set aside: its id, the line at fault (where known) and what is wrong."""

    ticket: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        name = "the ticket" if self.ticket is None else f"ticket {ticket_name(self.ticket)}"
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{name}{where}: {self.message}"


@attrs.frozen
class EventGroups:
    """A file's events by ticket, in order of first appearance, and the tickets set aside."""

    tickets: tuple[TicketEvents, ...]
    failures: tuple[TicketFailure, ...]


@attrs.define
class _Gathering:
    ticket: str | None
    preset: str | None = None
    preset_line: int | None = None
    events: list[Event] = attrs.Factory(list)
    lines: list[int] = attrs.Factory(list)
    later: int = 0
    failure: TicketFailure | None = None


def group(
    source: str | bytes | IO[bytes] | Iterable[str | bytes],
    *,
    as_of: dt.datetime | None = None,
    ticket_ids: bool = True,
) -> EventGroups:
    """Read a file of events and gather them by ticket, setting bad tickets aside.

    A line with a valid ticket id that breaks the format, or names a preset other than
    the one its ticket's earlier lines named, sets that ticket aside (a
    :class:`TicketFailure` naming the line); the other tickets are read on. A line that
    cannot be put to a ticket (not JSON, or without a valid ticket id) makes the whole
    file unusable: it raises.

    Args:
        source: as for :func:`read`.
        as_of: leave out the events after this instant (the file as it stood then).
        ticket_ids: every line must carry a ``"ticket"`` id (a file of many tickets);
            with False, lines without one form one ticket whose id is None.

    Raises:
        EventFormatError: a line that belongs to no ticket.
    """
    until = None if as_of is None else to_us(as_of, "as_of")
    found: dict[str | None, _Gathering] = {}
    failures: list[TicketFailure] = []
    for number, text in _lines(source):
        try:
            entry = parse_line(text, number, ticket_required=ticket_ids)
        except EventFormatError as error:
            if error.ticket is None:
                raise
            gathering = found.setdefault(error.ticket, _Gathering(error.ticket))
            if gathering.failure is None:
                gathering.failure = TicketFailure(error.ticket, number, _located(error))
                failures.append(gathering.failure)
            continue
        gathering = found.setdefault(entry.ticket, _Gathering(entry.ticket))
        if gathering.failure is not None:
            continue
        if not gathering.lines and not gathering.later and entry.event.kind is not EventKind.OPENED:
            gathering.failure = TicketFailure(
                entry.ticket,
                number,
                f"a ticket's first event must be 'opened', got {entry.event.kind.value!r}",
            )
            failures.append(gathering.failure)
            continue
        if entry.preset is not None:
            if gathering.preset is None:
                gathering.preset, gathering.preset_line = entry.preset, number
            elif entry.preset != gathering.preset:
                gathering.failure = TicketFailure(
                    entry.ticket,
                    number,
                    f"names the preset {entry.preset!r}, but line {gathering.preset_line} "
                    f"named {gathering.preset!r}; a ticket follows one regulation",
                )
                failures.append(gathering.failure)
                continue
        if until is not None and to_us(entry.event.at) > until:
            gathering.later += 1
            continue
        gathering.events.append(entry.event)
        gathering.lines.append(number)
    tickets = tuple(
        TicketEvents(g.ticket, g.preset, tuple(g.events), tuple(g.lines), g.later)
        for g in found.values()
        if g.failure is None
    )
    return EventGroups(tickets, tuple(failures))


def _located(error: EventFormatError) -> str:
    """An error's message without the 'line N, ' prefix (the failure states the line)."""
    message = str(error)
    prefix = f"line {error.line}, " if error.line is not None else ""
    if prefix and message.startswith(prefix):
        return message[len(prefix) :]
    prefix = f"line {error.line}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


# -- the schema ---------------------------------------------------------------------------


@functools.cache
def _schema_text() -> str:
    return importlib.resources.files("slakit").joinpath("event.schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) of one event line, as a fresh dict."""
    result: dict[str, Any] = json.loads(_schema_text())
    return result
