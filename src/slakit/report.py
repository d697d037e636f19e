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
from collections.abc import Callable, Iterable
from typing import IO

import attrs

from slakit import events, presets
from slakit.clock import ClockStatus, Outcome
from slakit.errors import InvalidArgumentError, SlakitError, TicketEventError
from slakit.events import TicketEvents, TicketFailure, show, ticket_name
from slakit.regulation import Regulation
from slakit.ticket import Ticket
from slakit.timeline import timeline_svg  # the picture of one ticket lives there

__all__ = [
    "AT_RISK",
    "LevelSummary",
    "TicketBatch",
    "TicketRow",
    "open_clocks",
    "read_ticket",
    "read_tickets",
    "report_rows",
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

    FIELDS = (
        "ticket",
        "level",
        "state",
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
    def missed(self) -> bool:
        """Whether any clock missed its deadline (late or breached)."""
        return any(outcome.missed for outcome in self.outcomes)

    def as_dict(self) -> dict[str, object]:
        """The row as plain values, keyed by :attr:`FIELDS`, for CSV and JSON."""
        counts = self.counts
        return {
            "ticket": self.ticket,
            "level": self.level,
            "state": self.state,
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
