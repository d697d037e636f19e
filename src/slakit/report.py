"""Reports over many tickets, and a picture of one: what ``slakit report`` and ``timeline`` draw.

A report reads helpdesk events as JSON lines, each with a ``"ticket"`` id, groups them
into tickets, and gives one row per ticket (level, deadlines, each clock's outcome) and
a summary per level: clocks by outcome, the share met among decided clocks, tickets at
risk, the worst overrun. Running and paused clocks are listed apart with their time
left. Every outcome comes from ``ClockStatus.outcome``: one definition (rule 9).

The timeline, an SVG of one ticket, is drawn by :mod:`slakit.timeline`;
``timeline_svg`` is re-exported here for the callers that import it from this module.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import attrs

from slakit import events, presets
from slakit._instants import to_us
from slakit.clock import ClockStatus, Outcome
from slakit.errors import EventFormatError, InvalidArgumentError, SlakitError, TicketEventError
from slakit.events import TicketEvents, TicketFailure, show, ticket_name
from slakit.regulation import Regulation
from slakit.ticket import Ticket
from slakit.timeline import timeline_svg  # the picture of one ticket lives there

__all__ = [
    "AT_RISK",
    "BATCH",
    "LevelSummary",
    "ReportItem",
    "Tally",
    "TicketBatch",
    "TicketRow",
    "open_clocks",
    "read_ticket",
    "read_tickets",
    "report_rows",
    "stream_report",
    "summarize",
    "ticket_row",
    "timeline_svg",
]


EventSource = str | bytes | IO[bytes] | Iterable[str | bytes]


@attrs.frozen
class TicketBatch:
    """The tickets of an event file, and the tickets set aside with what is wrong with them.

    ``tickets`` pairs each id with its ticket, in order of first appearance;
    ``failures`` names each ticket that could not be read or computed (id, line,
    reason); ``later`` counts the tickets left out as opened after the as-of instant.
    """

    tickets: list[tuple[str, Ticket]]
    failures: tuple[TicketFailure, ...] = ()
    later: int = 0


def read_tickets(
    source: EventSource,
    *,
    regulation: Regulation | None = None,
    as_of: dt.datetime | None = None,
) -> TicketBatch:
    """The tickets of a JSON-lines event file, each under its own regulation.

    Every line names its ``"ticket"`` id; a ticket follows the preset its lines name,
    or ``regulation`` for all when given. With ``as_of``, events after it are left out
    (the file as it stood then) and each ticket is checked to answer at ``as_of``. A bad
    ticket is set aside in ``failures``; the others are read on.

    Raises:
        EventFormatError: a line that belongs to no ticket (not JSON, no ticket id):
            the file as a whole is unusable.
    """
    groups = events.group(source, as_of=as_of)
    tickets: list[tuple[str, Ticket]] = []
    failures = list(groups.failures)
    later = 0
    for group in groups.tickets:
        if not group.events:
            later += 1
            continue
        try:
            ticket = _build(group, regulation)
            if as_of is not None:
                ticket.status(as_of)
        except SlakitError as error:
            failures.append(_failure(group, error))
            continue
        tickets.append((group.ticket or "", ticket))
    return TicketBatch(tickets, tuple(failures), later)


def read_ticket(
    source: EventSource,
    *,
    regulation: Regulation | None = None,
    as_of: dt.datetime | None = None,
    ticket: str | None = None,
) -> Ticket:
    """The one ticket of an event file (or the one called ``ticket`` among many).

    Lines may leave out the ``"ticket"`` id when the file holds one ticket. The
    regulation is ``regulation`` or the preset the lines name; with ``as_of``, events
    after it are left out.

    Raises:
        TicketEventError: a bad line or event, naming the line; no such ticket; several
            tickets and no ``ticket`` to pick one; no events up to ``as_of``.
    """
    groups = events.group(source, as_of=as_of, ticket_ids=False)
    ids = [g.ticket for g in groups.tickets] + [f.ticket for f in groups.failures]
    if ticket is None and len(ids) > 1:
        listed = ", ".join(ticket_name(i) if i is not None else "(no id)" for i in ids[:5])
        raise TicketEventError(
            f"the events are of {len(ids)} tickets ({listed}{', ...' if len(ids) > 5 else ''}); "
            "pick one by its id (slakit status FILE --ticket ID)"
        )
    wanted = ticket if ticket is not None else (ids[0] if ids else None)
    for failure in groups.failures:
        if failure.ticket == wanted:
            raise TicketEventError(str(failure))
    found = [g for g in groups.tickets if g.ticket == wanted]
    if not found:
        which = "no events" if ticket is None else f"no events of ticket {show(ticket)}"
        raise TicketEventError(f"the file holds {which}")
    group = found[0]
    if not group.events:
        raise TicketEventError(
            f"{'the ticket' if wanted is None else f'ticket {show(wanted)}'} was opened after "
            f"{as_of}; its {group.later} events all come later"
        )
    try:
        return _build(group, regulation)
    except SlakitError as error:
        raise TicketEventError(str(_failure(group, error))) from None


def _build(group: TicketEvents, regulation: Regulation | None) -> Ticket:
    """One ticket from its events, under ``regulation`` or the preset its lines name."""
    if regulation is None:
        if group.preset is None:
            raise TicketEventError(
                'names no preset: give its events a "preset" field '
                f"({', '.join(presets.names())}) or pass one regulation for all (--preset)"
            )
        regulation = presets.get(group.preset)
    return Ticket.from_events(regulation, group.events)


def _failure(group: TicketEvents, error: SlakitError) -> TicketFailure:
    """A ticket's failure at the line of the event at fault (its first line if unknown)."""
    index = getattr(error, "index", None)
    line = group.first_line
    if isinstance(index, int) and 0 <= index < len(group.lines):
        line = group.lines[index]
    return TicketFailure(group.ticket, line, str(error))


#: A running clock that has used at least this share of its target puts its ticket at risk.
AT_RISK = 0.8

#: Every outcome, in the order reports list their counts.
OUTCOMES = tuple(Outcome)
#: The outcomes from the one that most needs someone to the one that needs no one.
URGENCY = (
    Outcome.BREACHED,
    Outcome.RUNNING,
    Outcome.PAUSED,
    Outcome.LATE,
    Outcome.LAPSED,
    Outcome.MET,
    Outcome.NO_TARGET,
)


def _minutes(value: dt.timedelta | None) -> int | None:
    return None if value is None else int(value.total_seconds() // 60)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@attrs.frozen
class TicketRow:
    """One ticket in a report: each clock's outcome, and what is left on the open ones.

    ``outcomes`` has one outcome per clock (every reaction cycle, then resolution), so
    ``counts`` add up to the ticket's clocks. ``time_left`` and ``used`` describe the
    running and paused clocks with a target (the least time left, the largest share
    used); ``at_risk`` is set when a running clock, not yet breached, has used at
    least the report's threshold of its target.
    """

    ticket: str
    level: str
    state: str
    cycles: int
    reaction: Outcome
    reaction_deadline: dt.datetime | None
    resolution: Outcome | None
    resolution_deadline: dt.datetime | None
    outcomes: tuple[Outcome, ...]
    worst_overdue: dt.timedelta
    time_left: dt.timedelta | None
    used: float | None
    at_risk: bool
    open_clocks: tuple[tuple[str, ClockStatus], ...] = ()
    #: The regulation the ticket follows (its vendor), for reports over several.
    regulation: str = ""

    FIELDS = (
        "ticket",
        "regulation",
        "level",
        "state",
        "outcome",
        "cycles",
        "reaction",
        "reaction_deadline",
        "resolution",
        "resolution_deadline",
        *(outcome.value.replace(" ", "_") for outcome in OUTCOMES),
        "time_left_minutes",
        "used",
        "at_risk",
        "worst_overdue_minutes",
    )

    @property
    def counts(self) -> dict[Outcome, int]:
        """How many of the ticket's clocks have each outcome (every outcome listed)."""
        return {outcome: self.outcomes.count(outcome) for outcome in OUTCOMES}

    @property
    def outcome(self) -> Outcome:
        """The outcome that most needs someone: breached, then open, then late, and so on."""
        return min(self.outcomes, key=URGENCY.index)

    @property
    def urgency(self) -> tuple[int, float, str]:
        """A sort key, most urgent first: breached by most overdue, then open clocks by
        least time left, then the rest (every clock decided, or no time promised)."""
        if Outcome.BREACHED in self.outcomes:
            return (0, -self.worst_overdue.total_seconds(), self.ticket)
        if self.time_left is not None:  # an open clock with a target
            return (1, self.time_left.total_seconds(), self.ticket)
        return (2, 0.0, self.ticket)

    @property
    def missed(self) -> bool:
        """Whether any clock missed its deadline (late or breached)."""
        return any(outcome.missed for outcome in self.outcomes)

    def as_dict(self) -> dict[str, object]:
        """The row as plain values, keyed by :attr:`FIELDS`, for CSV and JSON."""
        counts = self.counts
        return {
            "ticket": self.ticket,
            "regulation": self.regulation,
            "level": self.level,
            "state": self.state,
            "outcome": self.outcome.value,
            "cycles": self.cycles,
            "reaction": self.reaction.value,
            "reaction_deadline": _iso(self.reaction_deadline),
            "resolution": self.resolution.value if self.resolution else None,
            "resolution_deadline": _iso(self.resolution_deadline),
            **{outcome.value.replace(" ", "_"): counts[outcome] for outcome in OUTCOMES},
            "time_left_minutes": _minutes(self.time_left),
            "used": None if self.used is None else round(self.used, 4),
            "at_risk": self.at_risk,
            "worst_overdue_minutes": _minutes(self.worst_overdue),
        }


def _check_risk(risk: object) -> float:
    if isinstance(risk, bool) or not isinstance(risk, int | float) or not 0 < risk <= 1:
        raise InvalidArgumentError("risk", risk, "a share of the target in (0, 1], e.g. 0.8")
    return float(risk)


def ticket_row(
    ticket_id: str, ticket: Ticket, now: dt.datetime, *, risk: float = AT_RISK
) -> TicketRow:
    """A ticket's report row at ``now``; ``risk``: the share used that puts it at risk."""
    risk = _check_risk(risk)
    status = ticket.status(now)
    clocks = status.clocks
    waiting = tuple(
        (name, clock)
        for name, clock in clocks
        if clock.outcome in (Outcome.RUNNING, Outcome.PAUSED)
    )
    left = [clock.remaining for _, clock in waiting if clock.remaining is not None]
    used = [clock.used for _, clock in waiting if clock.used is not None]
    return TicketRow(
        ticket_id,
        status.level,
        status.state.value,
        len(status.cycles),
        status.reaction.outcome,
        status.reaction.deadline,
        status.resolution.outcome if status.resolution else None,
        status.resolution.deadline if status.resolution else None,
        tuple(clock.outcome for _, clock in clocks),
        max(clock.overdue for _, clock in clocks),
        min(left, default=None),
        max(used, default=None),
        any(
            clock.outcome is Outcome.RUNNING and clock.used is not None and clock.used >= risk
            for _, clock in waiting
        ),
        waiting,
        ticket.regulation.vendor,
    )


@attrs.frozen
class LevelSummary:
    """The clocks of one level's tickets: how many of each outcome, and the share met.

    ``share_met`` is met / (met + late + breached): on time among the clocks whose
    outcome is decided (a breached clock is decided though it still runs). It is
    ``None`` when no clock is decided yet, never 100 % for fresh tickets.
    """

    level: str
    tickets: int
    counts: tuple[tuple[Outcome, int], ...]
    at_risk: int
    worst_overdue: dt.timedelta

    def count(self, outcome: Outcome) -> int:
        return dict(self.counts).get(outcome, 0)

    @property
    def clocks(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def decided(self) -> int:
        return sum(n for outcome, n in self.counts if outcome.decided)

    @property
    def share_met(self) -> float | None:
        decided = self.decided
        return self.count(Outcome.MET) / decided if decided else None

    def as_dict(self) -> dict[str, object]:
        share = self.share_met
        return {
            "level": self.level,
            "tickets": self.tickets,
            "clocks": self.clocks,
            **{outcome.value.replace(" ", "_"): n for outcome, n in self.counts},
            "share_met": None if share is None else round(share, 4),
            "at_risk": self.at_risk,
            "worst_overdue_minutes": _minutes(self.worst_overdue),
        }


def summarize(rows: Iterable[TicketRow]) -> list[LevelSummary]:
    """Per level: tickets, clocks by outcome, the share met, tickets at risk, worst overrun."""
    by_level: dict[str, list[TicketRow]] = {}
    for row in rows:
        by_level.setdefault(row.level, []).append(row)
    summaries = []
    for level, group in sorted(by_level.items()):
        outcomes = [outcome for row in group for outcome in row.outcomes]
        summaries.append(
            LevelSummary(
                level,
                len(group),
                tuple((outcome, outcomes.count(outcome)) for outcome in OUTCOMES),
                sum(row.at_risk for row in group),
                max(row.worst_overdue for row in group),
            )
        )
    return summaries


class Tally:
    """The summary of a report kept as rows stream by: counts, not the rows themselves.

    ``add`` each row; :meth:`summaries` equals :func:`summarize` and :meth:`open_clocks`
    equals :func:`open_clocks` over the rows added, keeping only per-level counts and
    the running and paused clocks.
    """

    def __init__(self) -> None:
        self.tickets = 0
        self._levels: dict[str, list[Any]] = {}
        self._open: list[tuple[str, str, ClockStatus]] = []

    def add(self, row: TicketRow) -> None:
        self.tickets += 1
        level = self._levels.get(row.level)
        if level is None:
            level = self._levels[row.level] = [0, dict.fromkeys(OUTCOMES, 0), 0, row.worst_overdue]
        level[0] += 1
        counts = level[1]
        for outcome in row.outcomes:
            counts[outcome] += 1
        level[2] += row.at_risk
        level[3] = max(level[3], row.worst_overdue)
        self._open.extend((row.ticket, name, clock) for name, clock in row.open_clocks)

    def summaries(self) -> list[LevelSummary]:
        return [
            LevelSummary(key, tickets, tuple(counts.items()), at_risk, worst)
            for key, (tickets, counts, at_risk, worst) in sorted(self._levels.items())
        ]

    def open_clocks(self) -> list[tuple[str, str, ClockStatus]]:
        return sorted(self._open, key=_time_left)


def _time_left(item: tuple[str, str, ClockStatus]) -> tuple[bool, dt.timedelta, str]:
    return (item[2].remaining is None, item[2].remaining or dt.timedelta(0), item[0])


def open_clocks(rows: Iterable[TicketRow]) -> list[tuple[str, str, ClockStatus]]:
    """The running and paused clocks, apart: (ticket, clock, status), least time left first."""
    found = [(row.ticket, name, clock) for row in rows for name, clock in row.open_clocks]
    return sorted(
        found,
        key=lambda item: (
            item[2].remaining is None,
            item[2].remaining or dt.timedelta(0),
            item[0],
        ),
    )


def report_rows(
    tickets: list[tuple[str, Ticket]],
    now: dt.datetime,
    progress: Callable[[int, int], None] | None = None,
    *,
    risk: float = AT_RISK,
) -> list[TicketRow]:
    """Every ticket's row at ``now``, calling ``progress(done, total)`` as it goes."""
    risk = _check_risk(risk)
    rows = []
    for done, (ticket_id, ticket) in enumerate(tickets, 1):
        rows.append(ticket_row(ticket_id, ticket, now, risk=risk))
        if progress is not None:
            progress(done, len(tickets))
    return rows


# -- the streaming report: line by line, a ticket at a time ---------------------------

#: Tickets computed together (through ``slakit.frame``'s integer walk and array calls).
BATCH = 4096


@attrs.frozen
class ReportItem:
    """One ticket of a streamed report: its row, or why it was set aside."""

    ticket: str
    row: TicketRow | None = None
    failure: TicketFailure | None = None


class _Gathering:
    """One ticket's events as the stream reads them: compact tuples, not Event objects.

    An event is ``(kind, epoch µs, "at" text, level, reason, coupon, line, registered)``;
    the text is kept for messages that quote the instant as the file wrote it.
    """

    __slots__ = ("events", "failure", "later", "preset", "preset_line", "ticket")

    def __init__(self, ticket: str) -> None:
        self.ticket = ticket
        self.preset: str | None = None
        self.preset_line: int | None = None
        self.events: list[tuple[Any, ...]] = []
        self.later = 0
        self.failure: TicketFailure | None = None


_TICKET_KEY = re.compile(rb'"ticket"\s*:\s*"([^"\\]*)"')
_SPACED_KEY = re.compile(r'"\s+:')
_BLANK = " \t\n\r"  # JSON's whitespace
_fromisoformat = dt.datetime.fromisoformat
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_US = dt.timedelta(microseconds=1)


def _shape() -> re.Pattern[str]:
    """The common shape of an event line, as ``json.dumps`` writes helpdesk exports.

    ``{"ticket": ..., ["preset": ...,] "event": ..., "at": ...[, "level": ...][, "reason":
    ...]}`` with every value a string without escapes or control characters (so its text
    is its value), the instant and the level key in the contract's syntax.
    """
    blank = r"[ \t\n\r]*"
    text = r'"([^"\\\x00-\x1f]*)"'
    name = '"([a-z_]+)"'
    at = '"(' + events.AT_PATTERN[1:-1].replace("(", "(?:") + ')"'
    key = '"(' + events.KEY_PATTERN[1:-1].replace("(", "(?:") + ')"'

    def field(key: str, value: str) -> str:
        return f'{blank},{blank}"{key}"{blank}:{blank}{value}'

    return re.compile(
        blank
        + "\\{"
        + f'{blank}"ticket"{blank}:{blank}{text}'
        + f"(?:{field('preset', text)})?"
        + field("event", name)
        + field("at", at)
        + f"(?:{field('level', key)})?"
        + f"(?:{field('reason', name)})?"
        + blank
        + "\\}"
        + blank
    )


_SHAPE = _shape()


def _grouped(stream: object) -> bool:
    """Whether every ticket's lines come together in a seekable file (read once, rewound).

    A quick scan of the raw lines for their ticket ids; an id written with escapes, or
    a stream that cannot be rewound, counts as not grouped (the safe answer).
    """
    seekable = getattr(stream, "seekable", None)
    if seekable is None or not seekable() or not hasattr(stream, "readline"):
        return False
    start = stream.tell()  # type: ignore[attr-defined]
    seen: set[bytes] = set()
    current: bytes | None = None
    grouped = True
    for line in stream:  # type: ignore[attr-defined]
        if not isinstance(line, bytes):
            grouped = False
            break
        found = _TICKET_KEY.search(line)
        if found is None:
            if line.strip():
                grouped = False
                break
            continue
        ticket = found.group(1)
        if ticket != current:
            if ticket in seen:
                grouped = False
                break
            seen.add(ticket)
            current = ticket
    stream.seek(start)  # type: ignore[attr-defined]
    return grouped


class _LineReader:
    """Event lines to compact events, with the checks of :func:`slakit.events.parse_line`.

    Lines of the plain shape (the fields the schema allows, of the right types) are
    read here with lookup tables built once; any other line goes through
    ``events.parse_line``, which accepts it or names what is wrong exactly as before.
    """

    def __init__(self) -> None:
        self.fields = frozenset(events.FIELDS)
        self.kinds = {kind.value: i for i, kind in enumerate(events.EventKind)}
        self.level_kinds = frozenset(self.kinds[kind.value] for kind in events.LEVEL_EVENTS)
        self.paused = self.kinds["paused"]
        self.refused = self.kinds.get("refused", -1)
        self.reasons = {name: i for i, name in enumerate(events.reason_names())}
        self.presets = frozenset(presets.names())
        self.ids: set[str] = set()
        # The C scanner json.loads calls, without its wrapper (a third of its cost).
        self.scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]

    def read(self, number: int, text: str | bytes) -> tuple[str, str | None, tuple[Any, ...]]:
        """A line's ticket id, preset and compact event; an EventFormatError if it is bad."""
        if type(text) is bytes:
            try:
                line = text.decode("utf-8")
            except UnicodeDecodeError:
                return self._checked(number, text)
        else:
            line = text  # type: ignore[assignment]
        shaped = _SHAPE.fullmatch(line)
        if shaped is not None:
            found = self._shaped(number, shaped.groups())
            if found is not None:
                return found
        fast = self._fast(number, line)
        if fast is not None:
            return fast
        return self._checked(number, text)

    def _shaped(
        self, number: int, groups: tuple[Any, ...]
    ) -> tuple[str, str | None, tuple[Any, ...]] | None:
        ticket, preset, name, at, level, reason_name = groups
        # A line of the common shape, every value a string without escapes (so its text
        # is its value): the pattern proved the key order, the "at" and level syntax.
        if ticket not in self.ids and not self._new_id(ticket):
            return None
        kind = self.kinds.get(name)
        if kind is None or kind == self.refused:
            return None
        if preset is not None and preset not in self.presets:
            return None
        if kind in self.level_kinds:
            if level is None or len(level) > events.MAX_KEY_LENGTH:
                return None
        elif level is not None:
            return None
        reason = -1
        if reason_name is not None:
            if kind != self.paused or reason_name not in self.reasons:
                return None
            reason = self.reasons[reason_name]
        try:
            instant = _fromisoformat(at)
        except ValueError:
            return None
        if not 1 < instant.year < 9999:
            return None
        us = (instant - _EPOCH) // _ONE_US
        return ticket, preset, (kind, us, at, level, reason, None, number, None)

    def _new_id(self, ticket: str) -> bool:
        """Whether a ticket id not seen before is valid; valid ones are remembered."""
        if len(ticket) > events.MAX_ID_LENGTH or not events._ID.fullmatch(ticket):
            return False
        if len(self.ids) > 100_000:
            self.ids.clear()  # a cache of checked ids, never a record of them
        self.ids.add(ticket)
        return True

    def _checked(self, number: int, text: str | bytes) -> tuple[str, str | None, tuple[Any, ...]]:
        """Any other line, through ``events.parse_line``: accepted or refused as it says."""
        entry = events.parse_line(text, number, ticket_required=True)
        event = entry.event
        coupon = (
            None
            if event.coupon is None
            else {"code": event.coupon.code, "issued_at": event.coupon.issued_at}
        )
        reason = None if event.reason is None else self.reasons[event.reason.name.lower()]
        compact = (
            self.kinds[event.kind.value],
            to_us(event.at),
            event.at,
            event.level,
            -1 if reason is None else reason,
            coupon,
            number,
            event.registered,
        )
        return str(entry.ticket), entry.preset, compact

    def _fast(self, number: int, line: str) -> tuple[str, str | None, tuple[Any, ...]] | None:
        # The C scanner on the whole line (what json.loads does, without its wrapper),
        # then proof that no key came twice: each key is followed by '":' (no space
        # before the colon), and there are exactly as many '":' as keys.
        start = len(line) - len(line.lstrip(_BLANK))
        try:
            data, end = self.scan(line, start)
        except (StopIteration, ValueError, RecursionError):
            return None
        if line[end:].strip(_BLANK) or type(data) is not dict:
            return None
        if not self.fields.issuperset(data) or "coupon" in data or "registered" in data:
            return None
        if line.count('":') != len(data) or _SPACED_KEY.search(line):
            return None
        ticket = data.get("ticket")
        if type(ticket) is not str or (ticket not in self.ids and not self._new_id(ticket)):
            return None
        kind = self.kinds.get(data.get("event"))  # type: ignore[arg-type]
        at = data.get("at")
        if kind == self.refused:
            return None  # its reason is required: parse_line says so where it is missing
        if kind is None or type(at) is not str or not events._AT.fullmatch(at):
            return None
        try:
            instant = _fromisoformat(at)
        except ValueError:
            return None
        if not 1 < instant.year < 9999:
            return None
        preset = data.get("preset")
        if preset is not None and (type(preset) is not str or preset not in self.presets):
            return None
        level = data.get("level")
        if kind in self.level_kinds:
            if type(level) is not str or len(level) > events.MAX_KEY_LENGTH:
                return None
            if not events._KEY.fullmatch(level):
                return None
        elif "level" in data:
            return None
        reason = -1
        if "reason" in data:
            found = self.reasons.get(data["reason"]) if kind == self.paused else None
            if found is None:
                return None
            reason = found
        us = (instant - _EPOCH) // _ONE_US
        return ticket, preset, (kind, us, at, level, reason, None, number, None)


def stream_report(
    source: EventSource,
    *,
    now: dt.datetime,
    regulation: Regulation | None = None,
    risk: float = AT_RISK,
    grouped: bool | None = None,
) -> Iterator[ReportItem]:
    """The report's rows as the file is read: one :class:`ReportItem` per ticket.

    The same rows and failures as :func:`read_tickets` (with ``as_of=now``) and
    :func:`report_rows`, in the order of each ticket's first line. Events are read line
    by line and kept as compact tuples, never as text; each ticket is computed (through
    :func:`slakit.frame.statuses`' integer walk, in batches of :data:`BATCH` tickets)
    once its lines are over.

    Memory: where each ticket's lines come together (as helpdesks export them), a
    ticket is over when the next one starts, so memory is bounded by the largest
    ticket and a batch, not by the file. Where they do not (a file in time order), a
    ticket is over only at the end of the file, so every ticket's compact events are
    held until then. A regular file is scanned once for its layout (``grouped=None``);
    standard input cannot be, and is read as not grouped unless ``grouped=True``.

    Raises:
        EventFormatError: a line that belongs to no ticket (not JSON, no ticket id).
    """
    risk = _check_risk(risk)
    now_us = to_us(now, "now")
    if regulation is not None and not isinstance(regulation, Regulation):
        raise InvalidArgumentError("regulation", regulation, "a slakit.Regulation or None")
    if grouped is None:
        grouped = _grouped(source)
    reader = _LineReader()
    found: dict[str, _Gathering] = {}
    ready: list[_Gathering] = []
    current: _Gathering | None = None
    for number, text in _numbered_lines(source):
        try:
            ticket, preset, event = reader.read(number, text)
        except EventFormatError as error:
            if error.ticket is None:
                raise
            gathering = found.get(error.ticket)
            if gathering is None:
                gathering = found[error.ticket] = _Gathering(error.ticket)
            if gathering.failure is None:
                gathering.failure = TicketFailure(error.ticket, number, events._located(error))
            current = _switch(found, ready, current, gathering, grouped)
            continue
        gathering = found.get(ticket)
        if gathering is None:
            gathering = found[ticket] = _Gathering(ticket)
        current = _switch(found, ready, current, gathering, grouped)
        if len(ready) >= BATCH:
            yield from _computed(ready, now, now_us, regulation, risk)
            ready.clear()
        if gathering.failure is not None:
            continue
        if not gathering.events and not gathering.later and event[0] != 0:
            kind = events.EventKind(list(reader.kinds)[event[0]])
            gathering.failure = TicketFailure(
                ticket, number, f"a ticket's first event must be 'opened', got {kind.value!r}"
            )
            continue
        if preset is not None:
            if gathering.preset is None:
                gathering.preset, gathering.preset_line = preset, number
            elif preset != gathering.preset:
                gathering.failure = TicketFailure(
                    ticket,
                    number,
                    f"names the preset {preset!r}, but line {gathering.preset_line} "
                    f"named {gathering.preset!r}; a ticket follows one regulation",
                )
                continue
        if event[1] > now_us:
            gathering.later += 1
            continue
        gathering.events.append(event)
    ready.extend(found.values())
    found.clear()
    yield from _in_batches(ready, now, now_us, regulation, risk)


def _in_batches(
    ready: list[_Gathering],
    now: dt.datetime,
    now_us: int,
    regulation: Regulation | None,
    risk: float,
) -> Iterator[ReportItem]:
    """The tickets left at the end, a batch at a time, each dropped once computed."""
    ready.reverse()
    while ready:
        batch = [ready.pop() for _ in range(min(BATCH, len(ready)))]
        yield from _computed(batch, now, now_us, regulation, risk)


def _numbered_lines(source: object) -> Iterator[tuple[int, str | bytes]]:
    """``events._lines`` for a binary file, a line per ``readline``; else ``events._lines``."""
    readline = getattr(source, "readline", None)
    if readline is None or isinstance(source, io.TextIOBase):
        yield from events._lines(source)
        return
    limit = events.MAX_LINE_BYTES
    number = 0
    while True:
        chunk = readline(limit + 1)
        if not chunk:
            return
        if not isinstance(chunk, bytes):
            raise InvalidArgumentError("line", chunk, "bytes (a binary file)")
        number += 1
        piece = chunk[:-1] if chunk[-1:] == b"\n" else chunk
        if len(piece) > limit:
            raise EventFormatError(f"longer than {limit:,} bytes; no event is", line=number)
        piece = piece.removesuffix(b"\r")
        if number == 1:
            piece = piece.removeprefix(b"\xef\xbb\xbf")
        if piece.strip(b" \t\r"):
            yield number, piece


def _switch(
    found: dict[str, _Gathering],
    ready: list[_Gathering],
    current: _Gathering | None,
    gathering: _Gathering,
    grouped: bool,
) -> _Gathering:
    """In a grouped file, the ticket before ``gathering`` is over: it goes to ``ready``."""
    if grouped and current is not None and current is not gathering:
        ready.append(found.pop(current.ticket))
    return gathering


def _computed(
    ready: list[_Gathering],
    now: dt.datetime,
    now_us: int,
    regulation: Regulation | None,
    risk: float,
) -> Iterator[ReportItem]:
    """A batch of finished tickets as report items, in order."""
    from slakit import frame  # noqa: PLC0415 - numpy and friends only when reporting

    batch = [g for g in ready if g.failure is None and g.events]
    rows = dict(frame._report_rows(batch, now, now_us, regulation, risk, _set_aside))
    for gathering in ready:
        if gathering.failure is not None:
            yield ReportItem(gathering.ticket, failure=gathering.failure)
        elif gathering.events:
            result = rows[gathering.ticket]
            if isinstance(result, TicketFailure):
                yield ReportItem(gathering.ticket, failure=result)
            else:
                yield ReportItem(gathering.ticket, row=result)


def _set_aside(
    gathering: _Gathering, regulation: Regulation | None, now: dt.datetime
) -> TicketFailure | None:
    """The failure of a ticket the batch could not compute, as :func:`read_tickets` words it."""
    group = TicketEvents(
        gathering.ticket,
        gathering.preset,
        tuple(_event_of(event) for event in gathering.events),
        tuple(event[6] for event in gathering.events),
        gathering.later,
    )
    try:
        _build(group, regulation).status(now)
    except SlakitError as error:
        return _failure(group, error)
    return None  # pragma: no cover - the batch failed, so the ticket does too


def _event_of(compact: tuple[Any, ...]) -> events.Event:
    kind, _, at, level, reason, coupon, _, registered = compact
    instant = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
    return events.Event(
        list(events.EventKind)[kind],
        instant,
        level,
        None if reason < 0 else events._REASONS[events.reason_names()[reason]],
        None if coupon is None else events.CouponRef(coupon["code"], coupon["issued_at"]),
        registered,
    )
