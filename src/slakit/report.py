"""Reports over many tickets, and a picture of one: what ``slakit report`` and ``timeline`` draw.

A report reads helpdesk events as JSON lines, each with a ``"ticket"`` id, groups them
into tickets, and gives one row per ticket (level, deadlines, met or breached) and a
summary per level (share met, worst breach). The timeline is an SVG of one ticket:
working periods shaded, each clock running or paused, deadlines and breaches marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import IO
from xml.sax.saxutils import escape

import attrs

from slakit import events, presets
from slakit.clock import ClockStatus
from slakit.errors import SlakitError, TicketEventError
from slakit.events import TicketEvents, TicketFailure, show, ticket_name
from slakit.regulation import Regulation
from slakit.ticket import Ticket

__all__ = [
    "LevelSummary",
    "TicketBatch",
    "TicketRow",
    "read_ticket",
    "read_tickets",
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


@attrs.frozen
class TicketRow:
    """One ticket in a report."""

    ticket: str
    level: str
    state: str
    cycles: int
    reaction_deadline: dt.datetime | None
    resolution_deadline: dt.datetime | None
    breached: bool
    worst_breach: dt.timedelta

    FIELDS = (
        "ticket",
        "level",
        "state",
        "cycles",
        "reaction_deadline",
        "resolution_deadline",
        "met",
        "worst_breach_minutes",
    )

    def as_dict(self) -> dict[str, object]:
        return {
            "ticket": self.ticket,
            "level": self.level,
            "state": self.state,
            "cycles": self.cycles,
            "reaction_deadline": self.reaction_deadline.isoformat()
            if self.reaction_deadline
            else None,
            "resolution_deadline": self.resolution_deadline.isoformat()
            if self.resolution_deadline
            else None,
            "met": not self.breached,
            "worst_breach_minutes": int(self.worst_breach.total_seconds() // 60),
        }


def ticket_row(ticket_id: str, ticket: Ticket, now: dt.datetime) -> TicketRow:
    """A ticket's report row at ``now``."""
    status = ticket.status(now)
    return TicketRow(
        ticket_id,
        status.level,
        status.state.value,
        len(status.cycles),
        status.reaction.deadline,
        status.resolution.deadline if status.resolution else None,
        status.breached,
        max(clock.overdue for _, clock in status.clocks),
    )


@attrs.frozen
class LevelSummary:
    level: str
    tickets: int
    met: int
    worst_breach: dt.timedelta

    @property
    def share_met(self) -> float:
        return self.met / self.tickets


def summarize(rows: Iterable[TicketRow]) -> list[LevelSummary]:
    """Per level: how many tickets, how many met every clock, the worst overrun."""
    by_level: dict[str, list[TicketRow]] = {}
    for row in rows:
        by_level.setdefault(row.level, []).append(row)
    return [
        LevelSummary(
            level,
            len(group),
            sum(not row.breached for row in group),
            max(row.worst_breach for row in group),
        )
        for level, group in sorted(by_level.items())
    ]


def report_rows(
    tickets: list[tuple[str, Ticket]],
    now: dt.datetime,
    progress: Callable[[int, int], None] | None = None,
) -> list[TicketRow]:
    rows = []
    for done, (ticket_id, ticket) in enumerate(tickets, 1):
        rows.append(ticket_row(ticket_id, ticket, now))
        if progress is not None:
            progress(done, len(tickets))
    return rows


# -- the timeline picture ----------------------------------------------------------

_WIDTH, _LEFT, _ROW = 960, 150, 28


def timeline_svg(ticket: Ticket, now: dt.datetime) -> str:
    """An SVG of one ticket from its opening to ``now``."""
    status = ticket.status(now)
    start = ticket.opened_at
    deadlines = [clock.deadline for _, clock in status.clocks if clock.deadline]
    end = max([now, *deadlines])
    span = (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() or 1.0

    def x(at: dt.datetime) -> float:
        seconds = (at.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds()
        return _LEFT + (_WIDTH - _LEFT - 20) * seconds / span

    schedule = ticket.regulation.schedule_for(status.level)
    rows: list[tuple[str, ClockStatus | None]] = [("working time", None), *status.clocks]
    height = 60 + _ROW * len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{escape(ticket.regulation.vendor)} ticket, {escape(status.level)}</title>",
        f'<text x="10" y="18">{escape(ticket.regulation.vendor)} · {escape(status.level)} · '
        f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} {escape(str(start.tzinfo))}</text>",
    ]
    for period in schedule.periods(start, end):
        parts.append(
            f'<rect class="working" x="{x(period.start):.1f}" y="30" '
            f'width="{x(period.end) - x(period.start):.1f}" '
            f'height="{_ROW * len(rows)}" fill="#e8f0fe"/>'
        )
    for index, (label, clock) in enumerate(rows):
        y = 30 + _ROW * index
        parts.append(f'<text x="10" y="{y + 18}">{escape(label)}</text>')
        if clock is None:
            continue
        stop = clock.stopped_at or now
        color = "#d93025" if clock.breached else "#188038"
        parts.append(
            f'<rect class="clock" x="{x(clock.started_at):.1f}" y="{y + 8}" '
            f'width="{max(x(stop) - x(clock.started_at), 1):.1f}" height="12" '
            f'fill="{color}" opacity="0.6"/>'
        )
        if clock.deadline is not None:
            parts.append(
                f'<line class="deadline" x1="{x(clock.deadline):.1f}" x2="{x(clock.deadline):.1f}" '
                f'y1="{y + 4}" y2="{y + 24}" stroke="#202124" stroke-width="2"/>'
            )
    for event in ticket.events:
        if event.kind.value in ("paused", "resumed"):
            parts.append(
                f'<line class="{event.kind.value}" x1="{x(event.at):.1f}" '
                f'x2="{x(event.at):.1f}" y1="30" '
                f'y2="{30 + _ROW * len(rows)}" stroke="#f9ab00" stroke-dasharray="4 3"/>'
            )
    parts.append(
        f'<line class="now" x1="{x(now):.1f}" x2="{x(now):.1f}" y1="26" '
        f'y2="{30 + _ROW * len(rows)}" '
        'stroke="#5f6368"/>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
