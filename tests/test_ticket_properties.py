"""Tickets over random event sequences, and the events a ticket refuses.

A Hypothesis rule-based machine would also do; plain random sequences of valid events,
drawn so that each one is legal where it stands, keep the properties direct.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from slakit import Event, EventKind, PauseReason, Ticket, TicketEventError, TicketState

MSK = ZoneInfo("Europe/Moscow")
START = dt.datetime(2026, 11, 2, 9, tzinfo=MSK)
REGULATIONS = ["advantshop", "aggregion", "aspro", "distate", "technomarket"]


@st.composite
def tickets(draw: st.DrawFn) -> Ticket:
    """A ticket with up to 12 legal events at random gaps."""
    regulation = slakit.presets.get(draw(st.sampled_from(REGULATIONS)))
    keys = [lv.key for lv in regulation.levels if lv.quota is None]
    ticket = Ticket.open(regulation, draw(st.sampled_from(keys)), at=START)
    at = START
    for _ in range(draw(st.integers(0, 12))):
        at += dt.timedelta(minutes=draw(st.integers(0, 3 * 1440)))
        state = ticket.status(at).state
        choices: list[str] = {
            TicketState.OPEN: ["agent", "customer", "pause", "change", "transfer", "resolve"],
            TicketState.PAUSED: ["resume", "customer", "resolve"],
            TicketState.RESOLVED: ["reopen"],
            TicketState.CLOSED: [],
        }[state]
        if not choices:
            break
        choice = draw(st.sampled_from(choices))
        if choice == "agent":
            ticket = ticket.agent_reply(at=at)
        elif choice == "customer":
            ticket = ticket.customer_reply(at=at)
        elif choice == "pause":
            ticket = ticket.pause(at=at, reason=draw(st.sampled_from(regulation.pause_reasons)))
        elif choice == "resume":
            ticket = ticket.resume(at=at)
        elif choice == "change":
            ticket = ticket.change_level(draw(st.sampled_from(keys)), at=at)
        elif choice == "transfer":
            ticket = ticket.transfer_to_development(at=at)
        elif choice == "resolve":
            ticket = ticket.resolve(at=at)
        else:
            ticket = ticket.reopen(at=at)
    return ticket


later = st.integers(0, 20 * 1440).map(lambda m: dt.timedelta(minutes=m))


class TestProperties:
    @given(tickets(), later, later)
    def test_elapsed_never_decreases(
        self, ticket: Ticket, a: dt.timedelta, b: dt.timedelta
    ) -> None:
        """As now grows, no clock's elapsed time goes down."""
        last = ticket.events[-1].at
        early, late = ticket.status(last + min(a, b)), ticket.status(last + max(a, b))
        for x, y in zip(early.cycles, late.cycles, strict=True):
            assert x.elapsed <= y.elapsed
        if early.resolution and late.resolution:
            assert early.resolution.elapsed <= late.resolution.elapsed

    @given(tickets(), later, st.integers(1, 3 * 1440))
    def test_pausing_never_makes_a_deadline_earlier(
        self, ticket: Ticket, gap: dt.timedelta, pause: int
    ) -> None:
        """A pause, then a resume, leaves every running clock's deadline where it was or later."""
        at = ticket.events[-1].at + gap
        if ticket.status(at).state is not TicketState.OPEN:
            return
        paused = ticket.pause(at=at).resume(at=at + dt.timedelta(minutes=pause))
        now = at + dt.timedelta(minutes=pause)
        before, after = ticket.status(now), paused.status(now)
        for x, y in zip(before.cycles, after.cycles, strict=True):
            if x.deadline is not None and x.stopped_at is None:
                assert y.deadline is not None
                assert y.deadline >= x.deadline

    @given(tickets(), later)
    def test_event_list_round_trip(self, ticket: Ticket, gap: dt.timedelta) -> None:
        """A ticket read back from its events (dicts or JSON lines) is equal, with equal status."""
        now = ticket.events[-1].at + gap
        from_dicts = Ticket.from_events(ticket.regulation, ticket.to_events())
        from_lines = Ticket.from_events(ticket.regulation, ticket.to_json_lines())
        assert from_dicts == ticket == from_lines
        assert from_dicts.status(now) == ticket.status(now)
        assert json.loads(json.dumps(ticket.to_events())) == ticket.to_events()

    @given(tickets())
    def test_unchanged_by_building_on_it(self, ticket: Ticket) -> None:
        """Recording an event returns a new ticket; the old one keeps its events."""
        events = ticket.events
        at = events[-1].at + dt.timedelta(hours=1)
        if ticket.status(at).state is not TicketState.CLOSED:
            ticket.close(at=at)
        assert ticket.events == events


class TestRefusedEvents:
    def ticket(self) -> Ticket:
        return Ticket.open(slakit.presets.get("distate"), "partner-standard", at=START)

    @pytest.mark.parametrize(
        ("build", "match"),
        [
            (lambda t: t.agent_reply(at=START - dt.timedelta(minutes=1)), "before the previous"),
            (lambda t: t.resume(at=START), "paused"),
            (lambda t: t.pause(at=START).pause(at=START), "open"),
            (lambda t: t.reopen(at=START), "resolved"),
            (lambda t: t.close(at=START).customer_reply(at=START), "closed"),
            (lambda t: t.resolve(at=START).agent_reply(at=START), "resolved"),
            (lambda t: t.change_level("gold", at=START), "gold"),
            (lambda t: t.pause(at=START, reason=PauseReason.MALWARE), "MALWARE"),
            (lambda t: t.agent_reply(at=dt.datetime(2026, 11, 3)), "timezone-aware"),
        ],
    )
    def test_refused_with_the_event_named(self, build: object, match: str) -> None:
        """A senseless event is a TicketEventError naming it; the ticket is unchanged."""
        ticket = self.ticket()
        with pytest.raises(TicketEventError, match=match):
            build(ticket)  # type: ignore[operator]
        assert len(ticket.events) == 1

    @pytest.mark.parametrize(
        ("events", "match"),
        [
            ([], "first event"),
            ([{"event": "agent_reply", "at": "2026-11-02T09:00:00+03:00"}], "first event"),
            (["{not json"], "not JSON"),
            ([{"event": "opened"}], "ISO 8601"),
            ([{"event": "teleported", "at": "2026-11-02T09:00:00+03:00"}], "unknown event"),
            ([{"event": "opened", "at": "2026-11-02T09:00:00+03:00", "level": 3}], "string"),
            ([{"event": "opened", "at": "2026-11-02T09:00:00+03:00", "level": "nope"}], "nope"),
            (
                [{"event": "opened", "at": "2026-11-02T09:00:00", "level": "consulting"}],
                "with an offset",
            ),
            (
                [
                    {"event": "opened", "at": "2026-11-02T09:00:00+03:00", "level": "consulting"},
                    {"event": "paused", "at": "2026-11-02T10:00:00+03:00", "reason": "boredom"},
                ],
                "boredom",
            ),
            ([3], "object"),
            (
                [
                    {"event": "opened", "at": "2026-11-02T09:00:00+03:00", "level": "consulting"},
                    {"event": "level_changed", "at": "2026-11-02T10:00:00+03:00"},
                ],
                "level key is required",
            ),
            (
                [
                    {"event": "opened", "at": "2026-11-02T09:00:00+03:00", "level": "consulting"},
                    {"event": "opened", "at": "2026-11-02T10:00:00+03:00", "level": "consulting"},
                ],
                "not possible",
            ),
        ],
    )
    def test_bad_exports(self, events: list[object], match: str) -> None:
        """Malformed exported events name their position and problem."""
        with pytest.raises(TicketEventError, match=match):
            Ticket.from_events(slakit.presets.get("distate"), events)  # type: ignore[arg-type]

    def test_status_before_the_last_event(self) -> None:
        """A status is asked after the events the ticket knows."""
        with pytest.raises(TicketEventError, match="before the ticket's last event"):
            self.ticket().status(START - dt.timedelta(hours=1))

    def test_events_as_values(self) -> None:
        """Event values and a regulation are checked too."""
        ticket = Ticket.from_events(
            slakit.presets.get("distate"), [Event(EventKind.OPENED, START, "consulting")]
        )
        assert ticket.level == "consulting"
        assert ticket.opened_at == START
        with pytest.raises(slakit.InvalidArgumentError):
            Ticket.open("distate", "consulting", at=START)  # type: ignore[arg-type]
        with pytest.raises(TicketEventError, match="slakit Event"):
            Ticket(ticket.regulation, (*ticket.events, "x"))  # type: ignore[arg-type]
        with pytest.raises(TicketEventError, match="first event"):
            Ticket(ticket.regulation, ())
