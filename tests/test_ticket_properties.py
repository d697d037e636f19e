"""Tickets over random event sequences around DST changes, and the events a ticket refuses.

Histories (``ticket_strategies.py``) are legal event sequences near clock changes in
Berlin, New York and Lord Howe, with instants shown in other zones than the schedule's
and inside repeated hours, under regulations whose pauses stop reaction or not.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
import slakit.ticket as ticket_module
from slakit import Event, EventKind, Outcome, PauseReason, Ticket, TicketEventError, TicketState
from slakit._instants import to_us
from ticket_strategies import CHOICES, History, Step, apply, histories, later

MSK = ZoneInfo("Europe/Moscow")
START = dt.datetime(2026, 11, 2, 9, tzinfo=MSK)


def status_key(status: slakit.TicketStatus) -> tuple[object, ...]:
    """A status with every instant as epoch microseconds: equal means the same instants."""

    def us(at: dt.datetime | None) -> int | None:
        return None if at is None else to_us(at)

    return (
        status.level,
        status.state,
        tuple(
            (name, c.outcome, us(c.started_at), us(c.deadline), us(c.stopped_at), c.elapsed,
             c.remaining, c.paused, c.overdue)
            for name, c in status.clocks
        ),
    )  # fmt: skip


class TestProperties:
    @given(histories(), later, later)
    def test_elapsed_never_decreases(
        self, history: History, a: dt.timedelta, b: dt.timedelta
    ) -> None:
        """As now grows, no clock's elapsed time goes down."""
        ticket = history.ticket()
        early = ticket.status(history.last + min(a, b))
        late = ticket.status(history.last + max(a, b))
        for (_, x), (_, y) in zip(early.clocks, late.clocks, strict=True):
            assert x.elapsed <= y.elapsed

    @given(histories())
    def test_events_never_lose_elapsed_time(self, history: History) -> None:
        """Rule 6: after each event (a resume too) every clock has at least the time it had."""
        previous = None
        for k in range(len(history.steps) + 1):
            ticket = history.ticket(k)
            status = ticket.status(ticket.events[-1].at)
            if previous is not None:
                for x, y in zip(previous.cycles, status.cycles, strict=False):
                    assert x.elapsed <= y.elapsed
                if previous.resolution and status.resolution:
                    assert previous.resolution.elapsed <= status.resolution.elapsed
            previous = status

    @given(histories(), later, st.integers(1, 3 * 1440))
    def test_pausing_never_makes_a_deadline_earlier(
        self, history: History, gap: dt.timedelta, pause: int
    ) -> None:
        """Rule 6 under rule 5: a pause, then a resume, moves no running deadline earlier.

        Where pauses do not stop reaction, reaction deadlines do not move at all.
        """
        ticket = history.ticket()
        at = history.last + gap
        if ticket.status(at).state is not TicketState.OPEN:
            return
        now = at + dt.timedelta(minutes=pause)
        paused = ticket.pause(at=at).resume(at=now)
        before, after = ticket.status(now), paused.status(now)
        for (name, x), (_, y) in zip(before.clocks, after.clocks, strict=True):
            if x.deadline is None or x.stopped_at is not None:
                continue
            assert y.deadline is not None
            assert to_us(y.deadline) >= to_us(x.deadline)
            if name != "resolution" and not history.regulation.pauses_stop_reaction:
                assert to_us(y.deadline) == to_us(x.deadline)
                assert y.elapsed == x.elapsed

    @given(histories(), later)
    def test_every_way_of_building_agrees(self, history: History, gap: dt.timedelta) -> None:
        """Call by call, from dicts, JSON lines, Event values, the constructor, a pickle.

        Exported events carry fixed offsets, and Python never finds an instant in a
        repeated hour (fold=1) equal to one in another zone, so those compare by status.
        """
        ticket = history.ticket()
        now = history.last + gap
        regulation = history.regulation
        exported = [
            Ticket.from_events(regulation, ticket.to_events()),
            Ticket.from_events(regulation, ticket.to_json_lines()),
        ]
        same = [
            Ticket.from_events(regulation, list(ticket.events)),
            Ticket(regulation, list(ticket.events)),
            pickle.loads(pickle.dumps(ticket)),
        ]
        for other in same:
            assert other == ticket
            assert hash(other) == hash(ticket)
        for other in exported + same:
            assert status_key(other.status(now)) == status_key(ticket.status(now))
        assert json.loads(json.dumps(ticket.to_events())) == ticket.to_events()

    @given(histories(), later)
    def test_events_in_any_zone(self, history: History, gap: dt.timedelta) -> None:
        """The same instants given in UTC give the same clocks (rule 1)."""
        ticket = history.ticket()
        in_utc = Ticket(
            history.regulation,
            tuple(attrs.evolve(event, at=event.at.astimezone(dt.UTC)) for event in ticket.events),
        )
        now = history.last + gap
        assert status_key(in_utc.status(now)) == status_key(ticket.status(now))

    @given(histories(), st.data())
    def test_branches_do_not_share_state(self, history: History, data: st.DataObject) -> None:
        """Two different next events for one ticket each give what a full replay gives."""
        k = data.draw(st.integers(0, len(history.steps)))
        base = history.ticket(k)
        last = history.steps[k - 1].at if k else history.opened
        at = last.astimezone(dt.UTC) + dt.timedelta(minutes=5)
        state = base.status(at).state
        branches = [apply(base, Step(call, at)) for call in CHOICES[state] if call in _PLAIN]
        # And a long branch continuing the history, built after the short ones.
        branches.append(history.ticket())
        for branch in branches:
            now = branch.events[-1].at.astimezone(dt.UTC) + dt.timedelta(hours=1)
            fresh = Ticket(history.regulation, branch.events)
            assert status_key(branch.status(now)) == status_key(fresh.status(now))

    @given(histories(), later)
    def test_outcomes_follow_the_deadline(self, history: History, gap: dt.timedelta) -> None:
        """Rule 9 clock by clock: the outcome is what the deadline and the stop say."""
        now = history.last + gap
        for _, clock in history.ticket().status(now).clocks:
            if clock.target is None or clock.target.amount is None:
                assert clock.outcome is Outcome.NO_TARGET
                assert clock.deadline is None
                continue
            assert clock.deadline is not None
            deadline = to_us(clock.deadline)
            if clock.stopped_at is None:
                past = to_us(now) > deadline
                assert (clock.outcome is Outcome.BREACHED) == past
                if not past:
                    expected = Outcome.PAUSED if clock.paused else Outcome.RUNNING
                    assert clock.outcome is expected
            else:
                late = to_us(clock.stopped_at) > deadline
                assert (clock.outcome is Outcome.LATE) == late
                if not late:
                    assert clock.outcome in (Outcome.MET, Outcome.LAPSED)
                    assert clock.overdue == dt.timedelta(0)
            if clock.outcome.missed:
                assert clock.remaining == dt.timedelta(0)

    @given(histories())
    def test_unchanged_by_building_on_it(self, history: History) -> None:
        """Recording an event returns a new ticket; the old one keeps its events and status."""
        ticket = history.ticket()
        events = ticket.events
        at = history.last + dt.timedelta(hours=1)
        before = status_key(ticket.status(at))
        if ticket.status(at).state is not TicketState.CLOSED:
            ticket.close(at=at)
        assert ticket.events == events
        assert status_key(ticket.status(at)) == before


_PLAIN = ("agent", "customer", "pause", "resume", "transfer", "resolve", "reopen", "close")


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


class TestValidation:
    """Every construction path checks its input; every failure is a SlakitError (#10)."""

    regulation = slakit.presets.get("distate")

    def quota(self) -> slakit.Quota:
        quota = self.regulation.level("special").quota
        assert quota is not None
        return quota

    def test_constructor_validates_like_open(self) -> None:
        """Ticket(...) on a quota level needs the coupon its request used."""
        opened = Event(EventKind.OPENED, START, "special")
        with pytest.raises(slakit.CouponError, match="coupon"):
            Ticket(self.regulation, (opened,))
        fresh = slakit.Coupon("C-1", START - dt.timedelta(days=30), self.quota())
        with pytest.raises(slakit.CouponError, match="at least one request used"):
            Ticket(self.regulation, (opened,), coupon=fresh)
        ticket = Ticket.open(self.regulation, "special", at=START, coupon=fresh)
        # The opened event carries the coupon it used, as Ticket.open records it.
        used = attrs.evolve(opened, coupon=slakit.CouponRef("C-1", fresh.issued_at))
        assert Ticket(self.regulation, [used], coupon=ticket.coupon) == ticket
        with pytest.raises(slakit.InvalidArgumentError, match="coupon"):
            Ticket(self.regulation, (opened,), coupon="C-1")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("build", "error"),
        [
            (lambda r: Ticket.from_events(r, None), TicketEventError),
            (lambda r: Ticket.from_events(r, 5), TicketEventError),
            (lambda r: Ticket.from_events(r, {"event": "opened"}), TicketEventError),
            (lambda r: Ticket(r, None), TicketEventError),
            (lambda r: Ticket(r, "opened"), TicketEventError),
            (lambda r: Ticket(r, (Event(EventKind.OPENED, START, "consulting"),), rules=[1]),
             slakit.InvalidArgumentError),
            (lambda r: Ticket(r, (Event(EventKind.OPENED, START, "consulting"),), rules=1),
             slakit.InvalidArgumentError),
            (lambda r: Ticket(r, (Event(EventKind.AGENT_REPLY, START),)), TicketEventError),
            (lambda r: Ticket(r, (Event(EventKind.OPENED, START, "consulting"),
                                  Event("teleported", START))),  # type: ignore[arg-type]
             TicketEventError),
            (lambda r: Ticket.open(r, "consulting", at=START).with_rules(3),
             slakit.InvalidArgumentError),
            (lambda r: Ticket.open(r, "consulting", at=START, coupon=3),
             slakit.InvalidArgumentError),
            (lambda r: Ticket.open(r, "consulting", at=START).status("now"),
             slakit.InvalidArgumentError),
            (lambda r: Ticket.open(r, "consulting", at=START).escalations(dt.datetime(2027, 1, 1)),
             slakit.NaiveDatetimeError),
            (lambda r: Ticket.from_events(r, ["[" * 100_000]), TicketEventError),
        ],
    )  # fmt: skip
    def test_bad_input_is_a_slakit_error(self, build: object, error: type[Exception]) -> None:
        """Nonsense in is a SlakitError naming what was wrong, never a TypeError."""
        with pytest.raises(error) as caught:
            build(self.regulation)  # type: ignore[operator]
        assert isinstance(caught.value, slakit.SlakitError)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"issued_at": dt.datetime(2026, 3, 1)}, slakit.NaiveDatetimeError, "issued_at"),
            ({"issued_at": "2026-03-01"}, slakit.InvalidArgumentError, "issued_at"),
            ({"code": ""}, slakit.InvalidArgumentError, "code"),
            ({"quota": 12}, slakit.InvalidArgumentError, "quota"),
            ({"used": 13}, slakit.CouponError, "from 0 to 12"),
            ({"used": True}, slakit.CouponError, "used"),
            (
                {"issued_at": dt.datetime(9999, 6, 1, tzinfo=dt.UTC)},
                slakit.CouponError,
                "past the years",
            ),
        ],
    )
    def test_coupon_checked(
        self, kwargs: dict[str, object], error: type[Exception], match: str
    ) -> None:
        """A coupon with a naive date, a bad count or an unreachable expiry is refused."""
        fields: dict[str, object] = {
            "code": "C-1",
            "issued_at": START,
            "quota": self.quota(),
            **kwargs,
        }
        with pytest.raises(error, match=match):
            slakit.Coupon(**fields)  # type: ignore[arg-type]

    def test_models_hash(self) -> None:
        """Tickets, statuses and rules are hashable values (tuples inside, never lists)."""
        rule = slakit.EscalationRule.at_used(0.8)
        ticket = Ticket(
            self.regulation, [Event(EventKind.OPENED, START, "consulting")], rules=[rule]
        )
        assert isinstance(ticket.events, tuple)
        assert isinstance(ticket.rules, tuple)
        assert hash(ticket) == hash(
            Ticket.open(self.regulation, "consulting", at=START).with_rules(rule)
        )
        assert hash(ticket.status(START)) == hash(ticket.status(START))

    def test_rule_fields_checked(self) -> None:
        """An escalation rule's trigger, clock and texts are checked too."""
        with pytest.raises(slakit.InvalidArgumentError, match="trigger"):
            slakit.EscalationRule("breach")  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="clock"):
            slakit.EscalationRule.at_breach("reaction")  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="notify"):
            slakit.EscalationRule.at_breach(notify=3)  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="name"):
            slakit.EscalationRule.at_breach(name=None)  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="fraction"):
            slakit.EscalationRule.at_used(True)
        with pytest.raises(slakit.InvalidArgumentError, match="offset"):
            slakit.EscalationRule.after_breach(dt.timedelta(days=100_000))

    def test_pause_setting_checked(self) -> None:
        """pauses_stop_reaction is True or False."""
        with pytest.raises(slakit.InvalidRegulationError, match="pauses_stop_reaction"):
            attrs.evolve(self.regulation, pauses_stop_reaction="yes")


class TestLinearReplay:
    """Item 6: each event is applied once, however the ticket is built."""

    def counting(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        calls: list[int] = []
        original = ticket_module._apply

        def counted(*args: object) -> object:
            calls.append(1)
            return original(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(ticket_module, "_apply", counted)
        return calls

    def build(self, n: int) -> Ticket:
        ticket = Ticket.open(slakit.presets.get("distate"), "partner-standard", at=START)
        at = START
        for _ in range(n // 2):
            at += dt.timedelta(minutes=7)
            ticket = ticket.agent_reply(at=at)
            at += dt.timedelta(minutes=11)
            ticket = ticket.customer_reply(at=at)
        return ticket

    def test_each_event_applied_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """200 events: 199 applications call by call, 199 more from the exported list."""
        calls = self.counting(monkeypatch)
        ticket = self.build(200)
        assert len(ticket.events) == 201
        assert len(calls) == 200
        calls.clear()
        again = Ticket.from_events(ticket.regulation, ticket.to_events())
        assert len(calls) == 200
        assert len(again.status(dt.datetime(2026, 11, 20, tzinfo=MSK)).cycles) == 101

    def test_unpickling_replays(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A pickle holds the events, not the clocks: loading it replays them."""
        ticket = self.build(10)
        data = pickle.dumps(ticket)
        assert b"ClockRun" not in data
        calls = self.counting(monkeypatch)
        loaded = pickle.loads(data)
        assert len(calls) == 10
        now = dt.datetime(2026, 11, 20, tzinfo=MSK)
        assert loaded == ticket
        assert loaded.status(now) == ticket.status(now)

    def test_stopped_clocks_keep_their_status(self) -> None:
        """Asking later does not change a stopped cycle's status: the same value is kept."""
        ticket = self.build(4)
        early = ticket.status(dt.datetime(2026, 11, 3, tzinfo=MSK)).cycles[0]
        late = ticket.status(dt.datetime(2026, 12, 3, tzinfo=MSK)).cycles[0]
        assert early is late
        assert early.outcome is Outcome.MET


class TestInternals:
    def test_chain_branches_copy(self) -> None:
        """A chain appended to twice keeps each branch apart, even when another append races."""
        from slakit.clock import Chain

        base: Chain[int] = Chain().append(1)
        left, right = base.append(2), base.append(3)
        assert (list(left), list(right), list(base)) == ([1, 2], [1, 3], [1])
        with pytest.raises(IndexError):
            base[1]

        class Racing(list[int]):
            """A buffer another thread appends to between the check and the append."""

            def append(self, item: int) -> None:
                super().append(-1)
                super().append(item)

        raced = Chain(Racing(), 0).append(5)
        assert list(raced) == [5]

    def test_out_of_range_is_a_slakit_error(self) -> None:
        """Instants past the supported years are refused, never an OverflowError (#10).

        A calendar-time clock (6 h) opened 2100-12-31 20:00 Moscow time would be due
        past 2100; one opened at 9999-12-31 cannot open at all.
        """
        aggregion = slakit.presets.get("aggregion")
        with pytest.raises(slakit.OutOfRangeError, match="clock's start"):
            Ticket.open(aggregion, "operational", at=dt.datetime(9999, 12, 31, 22, tzinfo=dt.UTC))
        ticket = Ticket.open(aggregion, "operational", at=dt.datetime(2100, 12, 31, 20, tzinfo=MSK))
        with pytest.raises(slakit.OutOfRangeError, match="deadline"):
            ticket.status(dt.datetime(2100, 12, 31, 21, tzinfo=MSK))
        with pytest.raises(slakit.OutOfRangeError, match="now"):
            ticket.status(dt.datetime(2101, 1, 1, 1, tzinfo=MSK))
        with pytest.raises(TicketEventError, match="outside the years"):
            ticket.agent_reply(at=dt.datetime(2101, 1, 1, 1, tzinfo=MSK))

    def test_constructor_checks_its_parts(self) -> None:
        """A regulation that is not one, or an opening that is not an Event, is refused."""
        opened = Event(EventKind.OPENED, START, "consulting")
        with pytest.raises(slakit.InvalidArgumentError, match="regulation"):
            Ticket("distate", (opened,))  # type: ignore[arg-type]
        with pytest.raises(TicketEventError, match="event 0 must be a slakit Event"):
            Ticket(slakit.presets.get("distate"), ("opened",))  # type: ignore[arg-type]
