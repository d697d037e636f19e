"""Reports over many tickets, and a picture of one: what ``slakit report`` and ``timeline`` draw.

A report reads helpdesk events as JSON lines, each with a ``"ticket"`` id, groups them
into tickets, and gives one row per ticket (level, deadlines, met or breached) and a
summary per level (share met, worst breach). The timeline is an SVG of one ticket:
working periods shaded, each clock running or paused, deadlines and breaches marked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

import attrs

from slakit.clock import ClockStatus
from slakit.errors import TicketEventError
from slakit.regulation import Regulation
from slakit.ticket import Ticket

__all__ = ["LevelSummary", "TicketRow", "read_tickets", "summarize", "ticket_row", "timeline_svg"]


def read_tickets(regulation: Regulation, lines: Iterable[str]) -> list[tuple[str, Ticket]]:
    """Group JSON-lines events by their ``"ticket"`` id, in order of first appearance."""
    groups: dict[str, list[dict[str, object]]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError as error:
            raise TicketEventError(f"line {number} is not JSON: {error}") from None
        if not isinstance(event, dict) or "ticket" not in event:
            raise TicketEventError(f'line {number} has no "ticket" id')
        groups.setdefault(str(event["ticket"]), []).append(event)
    tickets = []
    for ticket_id, events in groups.items():
        try:
            tickets.append((ticket_id, Ticket.from_events(regulation, events)))
        except TicketEventError as error:
            raise TicketEventError(f"ticket {ticket_id}: {error}") from None
    return tickets


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
