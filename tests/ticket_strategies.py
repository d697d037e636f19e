"""Hypothesis strategies for ticket histories: legal event sequences around DST changes.

A history is a regulation and a list of steps, each a call on a ticket and the real
instant it happens at. The instants cluster around clock changes in Berlin, New York
and Lord Howe (whose clocks move by 30 minutes), often inside a repeated hour, and
each is shown in a zone drawn at random: the schedule's, UTC, Moscow or Kolkata.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

import slakit
from slakit import PauseReason, Regulation, Schedule, Ticket, TicketState

UTC = dt.UTC
DST_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")
EVENT_ZONES = (*DST_ZONES, "UTC", "Europe/Moscow", "Asia/Kolkata")
# Instants of 2026 clock changes (UTC): Berlin back and forward, New York back and
# forward, Lord Howe back (02:00 -> 01:30) and forward (02:00 -> 02:30).
TRANSITIONS = tuple(
    dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]
    for args in (
        (2026, 3, 29, 1),
        (2026, 10, 25, 1),
        (2026, 3, 8, 7),
        (2026, 11, 1, 6),
        (2026, 4, 4, 15),
        (2026, 10, 3, 16),
    )
)
HOURS = (
    None,  # around the clock
    {"mon-fri": "09:00-18:00"},
    {"daily": "01:00-04:00"},  # straddles the clock changes
    {"daily": ["00:00-02:30", "02:45-12:00"]},
)
PRESETS = ("advantshop", "aggregion", "aspro", "distate", "technomarket")

#: The calls a ticket in each state can take.
CHOICES: dict[TicketState, tuple[str, ...]] = {
    TicketState.OPEN: ("agent", "customer", "pause", "change", "transfer", "resolve", "close"),
    TicketState.PAUSED: ("resume", "customer", "agent", "change", "transfer", "resolve"),
    TicketState.RESOLVED: ("reopen", "close"),
    TicketState.CLOSED: (),
}


@attrs.frozen
class Step:
    call: str
    at: dt.datetime
    level: str | None = None
    reason: PauseReason | None = None


@attrs.frozen
class History:
    regulation: Regulation
    level: str
    opened: dt.datetime
    steps: tuple[Step, ...]

    def ticket(self, upto: int | None = None) -> Ticket:
        """The ticket built call by call, from the first ``upto`` steps (all by default)."""
        ticket = Ticket.open(self.regulation, self.level, at=self.opened)
        for step in self.steps[:upto]:
            ticket = apply(ticket, step)
        return ticket

    @property
    def last(self) -> dt.datetime:
        """The last event's instant, in UTC: adding a timedelta to an aware datetime
        is wall-clock arithmetic in its zone, which drops ``fold``."""
        return (self.steps[-1].at if self.steps else self.opened).astimezone(UTC)


def apply(ticket: Ticket, step: Step) -> Ticket:
    """One call on a ticket."""
    if step.call == "pause":
        return ticket.pause(at=step.at, reason=step.reason or PauseReason.AWAITING_CUSTOMER)
    if step.call == "change":
        return ticket.change_level(step.level or "", at=step.at)
    method = {
        "agent": ticket.agent_reply,
        "customer": ticket.customer_reply,
        "resume": ticket.resume,
        "transfer": ticket.transfer_to_development,
        "resolve": ticket.resolve,
        "reopen": ticket.reopen,
        "close": ticket.close,
    }[step.call]
    return method(at=step.at)


@st.composite
def regulations(draw: st.DrawFn) -> Regulation:
    """A preset moved onto hours in a DST zone, pausing reaction or not (rule 5)."""
    base = slakit.presets.get(draw(st.sampled_from(PRESETS)))
    zone = draw(st.sampled_from(DST_ZONES))
    hours = draw(st.sampled_from(HOURS))
    schedule = Schedule.always(zone) if hours is None else Schedule.weekly(hours, tz=zone)
    regulation = base.with_schedule(schedule)
    return attrs.evolve(regulation, pauses_stop_reaction=draw(st.booleans()))


def shown(draw: st.DrawFn, at: dt.datetime) -> dt.datetime:
    """The instant in a random zone (fold set by the zone: repeated hours included)."""
    return at.astimezone(ZoneInfo(draw(st.sampled_from(EVENT_ZONES))))


gaps = st.one_of(
    st.integers(0, 90).map(lambda m: dt.timedelta(minutes=m)),  # inside a repeated hour
    st.integers(0, 3 * 1440).map(lambda m: dt.timedelta(minutes=m)),
)


@st.composite
def histories(draw: st.DrawFn, max_steps: int = 12) -> History:
    """A legal history of up to ``max_steps`` calls after the opening."""
    regulation = draw(regulations())
    keys = [level.key for level in regulation.levels if level.quota is None]
    level = draw(st.sampled_from(keys))
    at = draw(st.sampled_from(TRANSITIONS)) - draw(gaps)
    opened = shown(draw, at)
    ticket = Ticket.open(regulation, level, at=opened)
    steps: list[Step] = []
    for _ in range(draw(st.integers(0, max_steps))):
        at += draw(gaps)
        choices = CHOICES[ticket.status(at).state]
        if not choices:
            break
        call = draw(st.sampled_from(choices))
        step = Step(
            call,
            shown(draw, at),
            draw(st.sampled_from(keys)) if call == "change" else None,
            draw(st.sampled_from(regulation.pause_reasons)) if call == "pause" else None,
        )
        ticket = apply(ticket, step)
        steps.append(step)
    return History(regulation, level, opened, tuple(steps))


later = st.integers(0, 20 * 1440).map(lambda m: dt.timedelta(minutes=m))
