"""Tickets written by hand from the regulations, with each clock worked out by hand."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest

import slakit
from slakit import (
    Coupon,
    CouponError,
    EscalationRule,
    Outcome,
    PauseReason,
    Schedule,
    Target,
    Ticket,
    TicketEventError,
    TicketState,
)
from slakit.presets import advantshop, aggregion, aspro, distate, technomarket

MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
H = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)
UTC = dt.UTC


def msk(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=MSK)


def stopping(regulation: slakit.Regulation) -> slakit.Regulation:
    """The regulation with pauses stopping reaction cycles too (rule 5's setting)."""
    return attrs.evolve(regulation, pauses_stop_reaction=True)


class TestDistatePartner:
    """Partner standard (5 wh, 10:00–18:00), opened Friday 2026-11-20 17:30.

    DiState's regulation does not say that pauses stop reaction (rule 5): the second
    cycle runs through the pause.
    """

    opened = msk(2026, 11, 20, 17, 30)

    def ticket(self, regulation: slakit.Regulation = distate.REGULATION) -> Ticket:
        return (
            Ticket.open(regulation, "partner-standard", at=self.opened)
            # 0.5 h on Friday; Monday 10:00-11:00 is 1 h more: 1.5 h used of 5.
            .agent_reply(at=msk(2026, 11, 23, 11))
            # The customer adds information Monday 14:00: cycle 2 starts (5 wh).
            .customer_reply(at=msk(2026, 11, 23, 14))
            # The desk asks a question at 15:00 and waits for the customer.
            .pause(at=msk(2026, 11, 23, 15))
            .resume(at=msk(2026, 11, 24, 12))
        )

    def test_first_cycle_met(self) -> None:
        """Cycle 1: deadline Mon 14:30 (0.5 + 4.5 h), met at 11:00 with 1.5 h used."""
        first = self.ticket().status(msk(2026, 11, 24, 12)).cycles[0]
        assert first.outcome is Outcome.MET
        assert first.deadline == msk(2026, 11, 23, 14, 30)
        assert first.elapsed == 1.5 * H
        assert not first.missed
        assert first.stopped_at == msk(2026, 11, 23, 11)

    def test_reaction_runs_through_the_pause(self) -> None:
        """Cycle 2 from Mon 14:00: Mon 14-18 (4 h) + Tue 10-11 (1 h): due Tue 11:00."""
        ticket = Ticket.from_events(distate.REGULATION, self.ticket().to_events()[:-1])
        status = ticket.status(msk(2026, 11, 24, 10, 30))
        assert status.state is TicketState.PAUSED
        second = status.reaction
        assert second.outcome is Outcome.RUNNING
        assert second.running
        assert not second.paused
        assert second.deadline == msk(2026, 11, 24, 11)
        assert second.elapsed == 4.5 * H  # Mon 14-18 + Tue 10-10:30
        assert second.remaining == 0.5 * H
        assert second.used == pytest.approx(0.9)

    def test_breached_during_the_pause(self) -> None:
        """Asked Tue 11:30, still paused: cycle 2 ran half an hour past its deadline."""
        ticket = Ticket.from_events(distate.REGULATION, self.ticket().to_events()[:-1])
        status = ticket.status(msk(2026, 11, 24, 11, 30))
        assert status.reaction.outcome is Outcome.BREACHED
        assert status.reaction.overdue == 0.5 * H
        assert status.reaction.remaining == dt.timedelta(0)
        assert status.missed

    def test_late_answer(self) -> None:
        """Answered Tue 12:30: 4 h Monday + 2.5 h Tuesday = 6.5 h of 5: late by 1.5 h."""
        status = self.ticket().agent_reply(at=msk(2026, 11, 24, 12, 30)).status(msk(2026, 12, 1))
        assert status.reaction.outcome is Outcome.LATE
        assert status.reaction.overdue == 1.5 * H
        assert status.reaction.used == pytest.approx(1.3)
        assert [c.outcome for c in status.cycles] == [Outcome.MET, Outcome.LATE]


class TestPausesStopReaction:
    """The same ticket under a regulation whose pauses stop reaction cycles too."""

    regulation = stopping(distate.REGULATION)

    def ticket(self) -> Ticket:
        return TestDistatePartner().ticket(self.regulation)

    def test_second_cycle_moves_by_the_pause(self) -> None:
        """Cycle 2: 1 h Mon 14-15, paused until Tue 12:00, 4 h left: deadline Tue 16:00."""
        status = self.ticket().status(msk(2026, 11, 24, 13))
        second = status.reaction
        assert len(status.cycles) == 2
        assert second.outcome is Outcome.RUNNING
        assert second.deadline == msk(2026, 11, 24, 16)
        assert second.elapsed == 2 * H  # 1 h Monday + 1 h Tuesday 12-13
        assert second.remaining == 3 * H
        assert second.used == pytest.approx(0.4)

    def test_while_paused_the_deadline_follows_now(self) -> None:
        """Paused Monday 15:00: asked Tuesday 11:00, the deadline if work resumed then is 15:00."""
        paused = Ticket.from_events(self.regulation, self.ticket().to_events()[:-1])
        status = paused.status(msk(2026, 11, 24, 11))
        assert status.state is TicketState.PAUSED
        assert status.reaction.paused
        assert status.reaction.outcome is Outcome.PAUSED
        assert status.reaction.deadline == msk(2026, 11, 24, 15)

    def test_breach(self) -> None:
        """Without an answer, cycle 2 is breached after Tue 16:00."""
        status = self.ticket().status(msk(2026, 11, 24, 17))
        assert status.reaction.outcome is Outcome.BREACHED
        assert status.reaction.deadline == msk(2026, 11, 24, 16)
        assert status.reaction.overdue == H
        assert status.missed

    def test_cycle_started_while_paused(self) -> None:
        """A customer reply during a pause starts a paused cycle with a projected deadline.

        Opened Mon 10:00, answered 11:00, paused 12:00; the customer writes at 13:00.
        Asked at 14:00, cycle 2 has used nothing: 5 wh from 14:00 are Mon 14-18 (4 h)
        and Tue 10-11. Resumed at 15:00: Mon 15-18 (3 h) and Tue 10-12: due Tue 12:00.
        """
        ticket = (
            Ticket.open(
                self.regulation,
                "partner-standard",
                at=msk(2026, 11, 23, 10),
                rules=[EscalationRule.at_breach(notify="lead")],
            )
            .agent_reply(at=msk(2026, 11, 23, 11))
            .pause(at=msk(2026, 11, 23, 12))
            .customer_reply(at=msk(2026, 11, 23, 13))
        )
        second = ticket.status(msk(2026, 11, 23, 14)).reaction
        assert second.outcome is Outcome.PAUSED
        assert second.elapsed == dt.timedelta(0)
        assert second.deadline == msk(2026, 11, 24, 11)
        fired, upcoming = ticket.escalations(msk(2026, 11, 23, 14))
        assert fired == ()
        assert upcoming is not None
        assert (upcoming.at, upcoming.cycle) == (msk(2026, 11, 24, 11), 2)
        resumed = ticket.resume(at=msk(2026, 11, 23, 15))
        assert resumed.status(msk(2026, 11, 23, 16)).reaction.deadline == msk(2026, 11, 24, 12)

    def test_transfer_while_paused(self) -> None:
        """A transfer during a pause starts a paused development cycle (7 days, 24/7)."""
        ticket = (
            Ticket.open(stopping(aggregion.REGULATION), "standard", at=msk(2026, 11, 28, 22))
            .pause(at=msk(2026, 11, 29, 8))
            .transfer_to_development(at=msk(2026, 11, 29, 10))
        )
        status = ticket.status(msk(2026, 11, 29, 11))
        assert status.level == "development"
        assert status.reaction.outcome is Outcome.PAUSED
        assert status.reaction.deadline == msk(2026, 12, 6, 11)  # if resumed at 11:00
        assert status.cycles[0].outcome is Outcome.LAPSED
        # Cycle 1 used half of its 12 h at Sun 04:00, before the pause. Half of cycle
        # 2's 7 days, if work resumed at 11:00: 3.5 days later, Dec 2 23:00.
        fired, upcoming = ticket.with_rules(EscalationRule.at_used(0.5)).escalations(
            msk(2026, 11, 29, 11)
        )
        assert [(f.at, f.cycle) for f in fired] == [(msk(2026, 11, 29, 4), 1)]
        assert upcoming is not None
        assert (upcoming.at, upcoming.cycle) == (msk(2026, 12, 2, 23), 2)
        resumed = ticket.resume(at=msk(2026, 11, 29, 12))
        assert resumed.status(msk(2026, 11, 29, 13)).reaction.deadline == msk(2026, 12, 6, 12)

    def test_transfer_while_paused_by_default(self) -> None:
        """Under the preset itself the development cycle runs from the transfer."""
        ticket = (
            Ticket.open(aggregion.REGULATION, "standard", at=msk(2026, 11, 28, 22))
            .pause(at=msk(2026, 11, 29, 8))
            .transfer_to_development(at=msk(2026, 11, 29, 10))
        )
        reaction = ticket.status(msk(2026, 11, 29, 11)).reaction
        assert reaction.outcome is Outcome.RUNNING
        assert reaction.deadline == msk(2026, 12, 6, 10)


class TestOneBreachRule:
    """Rule 9: the deadline instant itself is on time, for status and escalations alike.

    Partner operational, 3 wh from Mon 2026-11-23 10:00 on 10-18: due Mon 13:00.
    """

    opened = msk(2026, 11, 23, 10)
    rules = (EscalationRule.at_breach(notify="head"), EscalationRule.at_used(1.0, notify="x"))

    def ticket(self) -> Ticket:
        return Ticket.open(
            distate.REGULATION, "partner-operational", at=self.opened, rules=self.rules
        )

    def test_answer_at_the_deadline_is_met(self) -> None:
        """An answer at 13:00 sharp is on time, and no breach rule fires for it."""
        ticket = self.ticket().agent_reply(at=msk(2026, 11, 23, 13))
        status = ticket.status(msk(2026, 11, 24, 10))
        assert status.reaction.outcome is Outcome.MET
        assert status.reaction.deadline == msk(2026, 11, 23, 13)
        assert status.reaction.used == 1.0
        assert ticket.escalations(msk(2026, 11, 24, 10)) == ((), None)

    def test_answer_a_minute_later_is_late(self) -> None:
        """At 13:01 the answer is late by a minute, and both rules fired at 13:00."""
        ticket = self.ticket().agent_reply(at=msk(2026, 11, 23, 13, 1))
        status = ticket.status(msk(2026, 11, 24, 10))
        assert status.reaction.outcome is Outcome.LATE
        assert status.reaction.overdue == MIN
        fired, upcoming = ticket.escalations(msk(2026, 11, 24, 10))
        assert [f.at for f in fired] == [msk(2026, 11, 23, 13)] * 2
        assert upcoming is None

    def test_running_at_and_after_the_deadline(self) -> None:
        """At 13:00 the clock is still running on time; at 13:01 it is breached."""
        ticket = self.ticket()
        at = ticket.status(msk(2026, 11, 23, 13)).reaction
        assert (at.outcome, at.remaining) == (Outcome.RUNNING, dt.timedelta(0))
        assert ticket.escalations(msk(2026, 11, 23, 13))[0] == ()
        after = ticket.status(msk(2026, 11, 23, 13, 1)).reaction
        assert after.outcome is Outcome.BREACHED
        assert len(ticket.escalations(msk(2026, 11, 23, 13, 1))[0]) == 2

    def test_deadline_at_closing_time(self) -> None:
        """5 wh from Mon 13:00 end at the 18:00 closing: an answer at 19:00 is late.

        The working time used is exactly the target (no working minute passed 18:00),
        but the answer came after the deadline instant: late, overdue zero working time.
        """
        ticket = Ticket.open(
            distate.REGULATION, "partner-standard", at=msk(2026, 11, 23, 13), rules=self.rules
        )
        at_closing = ticket.agent_reply(at=msk(2026, 11, 23, 18)).status(msk(2026, 11, 24))
        assert at_closing.reaction.outcome is Outcome.MET
        late = ticket.agent_reply(at=msk(2026, 11, 23, 19)).status(msk(2026, 11, 24))
        assert late.reaction.outcome is Outcome.LATE
        assert late.reaction.deadline == msk(2026, 11, 23, 18)
        assert (late.reaction.overdue, late.reaction.used) == (dt.timedelta(0), 1.0)
        open_at_19 = ticket.status(msk(2026, 11, 23, 19)).reaction
        assert open_at_19.outcome is Outcome.BREACHED
        fired, _ = ticket.escalations(msk(2026, 11, 23, 19))
        assert [f.rule.notify for f in fired] == ["head", "x"]

    def test_closing_after_the_deadline_is_late(self) -> None:
        """Closing without an answer lapses a clock in time, but one past due stays a miss."""
        in_time = self.ticket().close(at=msk(2026, 11, 23, 12)).status(msk(2026, 11, 24))
        assert in_time.reaction.outcome is Outcome.LAPSED
        past = self.ticket().close(at=msk(2026, 11, 23, 14)).status(msk(2026, 11, 24))
        assert past.reaction.outcome is Outcome.LATE
        assert past.reaction.overdue == H


class TestRealInstants:
    """Rule 1: instants compare as real instants, across the repeated DST hour.

    Europe/Berlin, 2026-10-25: at 03:00 CEST the clocks go back to 02:00 CET, so
    02:00-03:00 happens twice (fold 0 in CEST, fold 1 in CET).
    """

    opened = dt.datetime(2026, 10, 25, 0, 0, tzinfo=BERLIN)  # 2026-10-24 22:00 UTC
    pause = dt.datetime(2026, 10, 25, 2, 50, tzinfo=BERLIN)  # CEST: 00:50 UTC
    resume = dt.datetime(2026, 10, 25, 2, 0, fold=1, tzinfo=BERLIN)  # CET: 01:00 UTC

    def regulation(self) -> slakit.Regulation:
        """Technomarket around the clock in Berlin, so working hours are real hours."""
        return technomarket.REGULATION.with_schedule(Schedule.always("Europe/Berlin"))

    def test_resume_in_the_repeated_hour(self) -> None:
        """Paused 02:50 CEST, resumed 10 minutes later at 02:00 CET: accepted.

        Resolution 48 h from 22:00 UTC, plus the 10 paused minutes: 2026-10-26 22:10 UTC.
        Reaction (24 h) does not pause: 2026-10-25 22:00 UTC.
        """
        ticket = (
            Ticket.open(self.regulation(), "commercial-standard", at=self.opened)
            .pause(at=self.pause)
            .resume(at=self.resume)
        )
        status = ticket.status(self.resume)
        assert status.resolution is not None
        assert status.resolution.deadline is not None
        assert status.resolution.deadline.astimezone(UTC) == dt.datetime(
            2026, 10, 26, 22, 10, tzinfo=UTC
        )
        assert status.resolution.elapsed == 2 * H + 50 * MIN
        assert status.reaction.deadline is not None
        assert status.reaction.deadline.astimezone(UTC) == dt.datetime(2026, 10, 25, 22, tzinfo=UTC)

    def test_deadline_outside_the_pause(self) -> None:
        """A 3 h clock paused at 2:50 used with 10 minutes left is due 10 minutes after resume.

        Due 01:10 UTC, which is 02:10 CET (fold 1): after the resume, not inside the pause.
        """
        base = stopping(self.regulation())
        regulation = base.with_level(
            attrs.evolve(base.level("commercial-operational"), reaction=Target.working_hours(3))
        )
        ticket = (
            Ticket.open(regulation, "commercial-operational", at=self.opened)
            .pause(at=self.pause)
            .resume(at=self.resume)
        )
        deadline = ticket.status(self.resume).reaction.deadline
        assert deadline is not None
        assert deadline.astimezone(UTC) == dt.datetime(2026, 10, 25, 1, 10, tzinfo=UTC)
        assert (deadline.hour, deadline.minute, deadline.fold) == (2, 10, 1)

    def test_events_in_other_zones(self) -> None:
        """The same events given in UTC and in Moscow time give the same clocks."""
        ticket = (
            Ticket.open(self.regulation(), "commercial-standard", at=self.opened)
            .pause(at=self.pause)
            .resume(at=self.resume)
        )
        elsewhere = (
            Ticket.open(self.regulation(), "commercial-standard", at=self.opened.astimezone(UTC))
            .pause(at=self.pause.astimezone(MSK))
            .resume(at=self.resume.astimezone(UTC))
        )
        later = dt.datetime(2026, 10, 25, 12, tzinfo=UTC)
        assert elsewhere.status(later).clocks == ticket.status(later).clocks

    def test_order_and_now_are_real_instants(self) -> None:
        """02:55 CEST is before 02:00 CET: an event or a status there is refused."""
        ticket = (
            Ticket.open(self.regulation(), "commercial-standard", at=self.opened)
            .pause(at=self.pause)
            .resume(at=self.resume)
        )
        earlier = dt.datetime(2026, 10, 25, 2, 55, tzinfo=BERLIN)  # 00:55 UTC
        with pytest.raises(TicketEventError, match="before the previous event"):
            ticket.agent_reply(at=earlier)
        with pytest.raises(TicketEventError, match="before the ticket's last event"):
            ticket.status(earlier)
        with pytest.raises(TicketEventError, match="before the ticket's last event"):
            ticket.escalations(earlier)

    def test_coupon_validity_is_real_instants(self) -> None:
        """A coupon issued at 02:30 CET is not valid at 02:45 CEST, an hour earlier."""
        quota = distate.REGULATION.level("special").quota
        assert quota is not None
        coupon = Coupon("B-1", dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN), quota)
        assert not coupon.valid_at(dt.datetime(2026, 10, 25, 2, 45, tzinfo=BERLIN))
        assert coupon.valid_at(dt.datetime(2026, 10, 25, 2, 45, fold=1, tzinfo=BERLIN))
        with pytest.raises(CouponError, match="valid from"):
            coupon.use(dt.datetime(2026, 10, 25, 2, 45, tzinfo=BERLIN))


class TestAdvantshopReclassified:
    """Commercial standard (6 wh) reclassified to consulting (40 wh) mid-cycle."""

    def test_running_clock_keeps_start_and_takes_new_target(self) -> None:
        """Opened Mon 10:00; at 14:00 (4 h used) moved to consulting: 36 h left from there."""
        ticket = Ticket.open(advantshop.REGULATION, "commercial-standard", at=msk(2026, 11, 23, 10))
        ticket = ticket.change_level("consulting", at=msk(2026, 11, 23, 14))
        status = ticket.status(msk(2026, 11, 23, 15))
        assert status.level == "consulting"
        assert status.reaction.started_at == msk(2026, 11, 23, 10)
        assert status.reaction.elapsed == 5 * H
        # 40 h from Mon 10:00 on 09-18: Mon 8 + Tue-Thu 27 = 35 by Thu 18:00, +5 Fri 14:00.
        assert status.reaction.deadline == msk(2026, 11, 27, 14)
        assert str(status.reaction.target) == "40 working hours"


class TestTechnomarketResolution:
    """Commercial standard: reaction 24 wh, resolution within 48 wh, paused and reopened."""

    def ticket(self) -> Ticket:
        return (
            Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(2026, 11, 23, 9))
            .agent_reply(at=msk(2026, 11, 23, 12))
            .pause(at=msk(2026, 11, 24, 9), reason=PauseReason.INSUFFICIENT_INFORMATION)
            .resume(at=msk(2026, 11, 25, 9))
            .resolve(at=msk(2026, 11, 26, 9))
            .reopen(at=msk(2026, 11, 30, 9))
        )

    def test_resolution_clock_skips_the_pause_and_the_resolved_days(self) -> None:
        """Mon 9 h + Wed 9 h = 18 h by resolution; reopened Mon Nov 30: 30 h left -> Thu 12:00."""
        status = self.ticket().status(msk(2026, 11, 30, 10))
        resolution = status.resolution
        assert resolution is not None
        assert resolution.elapsed == 19 * H
        assert resolution.deadline == msk(2026, 12, 3, 12)
        assert resolution.outcome is Outcome.RUNNING

    def test_resolved_clock_is_met(self) -> None:
        """At resolution, 18 of 48 h were used."""
        resolved = Ticket.from_events(technomarket.REGULATION, self.ticket().to_events()[:-1])
        status = resolved.status(msk(2026, 11, 27, 9))
        assert status.state is TicketState.RESOLVED
        assert status.resolution is not None
        assert status.resolution.outcome is Outcome.MET
        assert status.resolution.elapsed == 18 * H
        assert not status.resolution.missed

    def test_resolved_long_into_a_pause(self) -> None:
        """Paused after 1 h, resolved two weeks later: the resolution clock is met.

        Its projected deadline counts from the resolution (47 h left), never from the
        pause. The reaction cycle ran through the pause: 24 wh from Mon 9:00 were due
        Wed 15:00 (9 + 9 + 6), so resolving without an answer before is late.
        """
        ticket = (
            Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(2026, 11, 23, 9))
            .pause(at=msk(2026, 11, 23, 10))
            .resolve(at=msk(2026, 12, 7, 9))
        )
        status = ticket.status(msk(2026, 12, 8))
        assert status.resolution is not None
        assert status.resolution.outcome is Outcome.MET
        assert status.resolution.elapsed == H
        assert status.resolution.deadline is not None
        assert status.resolution.deadline > msk(2026, 12, 7, 9)
        assert status.reaction.outcome is Outcome.LATE
        assert status.reaction.deadline == msk(2026, 11, 25, 15)

    def test_change_to_a_level_without_resolution_lapses_it(self) -> None:
        """Moved to operational (no resolution promise) while paused: resolution lapses."""
        ticket = (
            Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(2026, 11, 23, 9))
            .pause(at=msk(2026, 11, 23, 10))
            .change_level("commercial-operational", at=msk(2026, 11, 23, 11))
            .resume(at=msk(2026, 11, 23, 12))
        )
        status = ticket.status(msk(2026, 11, 23, 13))
        assert status.resolution is not None
        assert status.resolution.outcome is Outcome.LAPSED
        # Reaction ran through the pause: Mon 9-13 = 4 h of the new 12 wh, which from
        # Mon 9:00 are Mon 9-18 (9) + Tue 9-12 (3).
        assert status.reaction.elapsed == 4 * H
        assert status.reaction.deadline == msk(2026, 11, 24, 12)

    def test_change_while_paused_when_pauses_stop_reaction(self) -> None:
        """With pauses stopping reaction: 1 h before + 1 h after = 2 h of 12; due Tue 14:00."""
        ticket = (
            Ticket.open(
                stopping(technomarket.REGULATION), "commercial-standard", at=msk(2026, 11, 23, 9)
            )
            .pause(at=msk(2026, 11, 23, 10))
            .change_level("commercial-operational", at=msk(2026, 11, 23, 11))
            .resume(at=msk(2026, 11, 23, 12))
        )
        status = ticket.status(msk(2026, 11, 23, 13))
        # 1 h before the pause (9-10) + 1 h after the resume (12-13) of the new 12 wh:
        # from the resume at Mon 12:00, 11 h are left: Mon 12-18 (6) + Tue 9-14 (5).
        assert status.reaction.elapsed == 2 * H
        assert status.reaction.deadline == msk(2026, 11, 24, 14)

    def test_closing_an_open_ticket_lapses_its_clocks(self) -> None:
        """Closed in time without an answer or a resolution: both clocks lapse."""
        ticket = Ticket.open(
            technomarket.REGULATION, "commercial-standard", at=msk(2026, 11, 23, 9)
        )
        ticket = ticket.pause(at=msk(2026, 11, 23, 10)).close(at=msk(2026, 11, 23, 11))
        status = ticket.status(msk(2026, 11, 24, 9))
        assert status.state is TicketState.CLOSED
        assert status.reaction.outcome is Outcome.LAPSED
        assert status.resolution is not None
        assert status.resolution.outcome is Outcome.LAPSED
        with pytest.raises(TicketEventError, match="closed"):
            ticket.reopen(at=msk(2026, 11, 24, 9))

    def test_transfer_to_development_lapses_resolution(self) -> None:
        """The 48 h hold only "если вопрос ... не касается разработок"."""
        ticket = self.ticket().transfer_to_development(at=msk(2026, 11, 30, 12))
        status = ticket.status(msk(2026, 11, 30, 13))
        assert status.resolution is not None
        assert status.resolution.outcome is Outcome.LAPSED
        assert status.cycles[-2].outcome is Outcome.LAPSED
        assert status.reaction.started_at == msk(2026, 11, 30, 12)
        assert status.level == "commercial-standard"  # Technomarket has no development level


class TestAggregionAroundTheClock:
    def test_operational_counts_real_hours(self) -> None:
        """Operational (6 h, 24/7) from Sat 22:00: due Sun 04:00, and a pause does not move it."""
        ticket = Ticket.open(aggregion.REGULATION, "operational", at=msk(2026, 11, 28, 22))
        assert ticket.status(msk(2026, 11, 28, 23)).reaction.deadline == msk(2026, 11, 29, 4)
        paused = ticket.pause(at=msk(2026, 11, 28, 23)).resume(at=msk(2026, 11, 29, 0))
        assert paused.status(msk(2026, 11, 29, 1)).reaction.deadline == msk(2026, 11, 29, 4)

    def test_pause_moves_it_where_pauses_stop_reaction(self) -> None:
        """With the setting, a 1 h pause moves the deadline to 05:00."""
        ticket = Ticket.open(
            stopping(aggregion.REGULATION), "operational", at=msk(2026, 11, 28, 22)
        )
        paused = ticket.pause(at=msk(2026, 11, 28, 23)).resume(at=msk(2026, 11, 29, 0))
        assert paused.status(msk(2026, 11, 29, 1)).reaction.deadline == msk(2026, 11, 29, 5)

    def test_transfer_to_development(self) -> None:
        """Development is 7 days: a fresh cycle from the transfer."""
        ticket = Ticket.open(aggregion.REGULATION, "standard", at=msk(2026, 11, 28, 22))
        ticket = ticket.transfer_to_development(at=msk(2026, 11, 29, 10))
        status = ticket.status(msk(2026, 11, 29, 11))
        assert status.level == "development"
        assert status.reaction.deadline == msk(2026, 12, 6, 10)


class TestDistateSpecial:
    coupon = Coupon("DS-2026-0001", msk(2026, 3, 1), distate.LEVELS[5].quota)  # type: ignore[arg-type]

    def test_saturday_night_counts_around_the_clock(self) -> None:
        """A special request on Saturday 23:30 must be reacted to by Sunday 00:30."""
        ticket = Ticket.open(
            distate.REGULATION, "special", at=msk(2026, 11, 28, 23, 30), coupon=self.coupon
        )
        assert ticket.status(msk(2026, 11, 29)).reaction.deadline == msk(2026, 11, 29, 0, 30)
        assert ticket.coupon is not None
        assert ticket.coupon.remaining == 11

    def test_coupon_rules(self) -> None:
        """No coupon, an expired one, or a spent one is refused."""
        with pytest.raises(CouponError, match="coupon"):
            Ticket.open(distate.REGULATION, "special", at=msk(2026, 11, 28, 23))
        with pytest.raises(CouponError, match="valid"):
            Ticket.open(distate.REGULATION, "special", at=msk(2027, 3, 2), coupon=self.coupon)
        spent = Coupon("X", msk(2026, 3, 1), self.coupon.quota, used=12)
        with pytest.raises(CouponError, match="no requests left"):
            Ticket.open(distate.REGULATION, "special", at=msk(2026, 11, 28, 23), coupon=spent)
        assert self.coupon.expires_at == msk(2027, 3, 1)

    def test_cannot_become_special_by_a_change(self) -> None:
        """The special level is reached with a coupon, not by reclassification."""
        ticket = Ticket.open(distate.REGULATION, "partner-standard", at=msk(2026, 11, 23, 10))
        with pytest.raises(TicketEventError, match="coupon"):
            ticket.change_level("special", at=msk(2026, 11, 23, 11))


class TestAsproNoTarget:
    def test_clock_without_a_target(self) -> None:
        """Aspro guarantees nothing: the clock measures, but has no deadline or breach."""
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(2026, 11, 23, 10))
        status = ticket.status(msk(2026, 11, 30, 10))
        assert status.reaction.outcome is Outcome.NO_TARGET
        assert status.reaction.deadline is None
        assert status.reaction.elapsed == 50 * H  # five 10-hour days
        assert not status.missed
        assert status.resolution is None
        rule = EscalationRule.at_breach()
        assert ticket.with_rules(rule).escalations(msk(2026, 11, 30, 10)) == ((), None)
        answered = ticket.agent_reply(at=msk(2026, 11, 30, 10)).status(msk(2026, 12, 1))
        assert answered.reaction.outcome is Outcome.NO_TARGET

    def test_rule_validation(self) -> None:
        """Fractions and offsets are checked."""
        with pytest.raises(slakit.InvalidArgumentError, match="fraction"):
            EscalationRule.at_used(0)
        with pytest.raises(slakit.InvalidArgumentError, match="offset"):
            EscalationRule.before_deadline(-H)


class TestEscalations:
    def test_rules_fire_at_exact_working_instants(self) -> None:
        """80 % of 3 wh from Fri 17:30 (10-18) is Mon 11:54; breach at Mon 12:30; +1 h at 13:30."""
        rules = (
            EscalationRule.at_used(0.8, notify="duty manager"),
            EscalationRule.before_deadline(dt.timedelta(minutes=30), notify="team lead"),
            EscalationRule.at_breach(notify="head of support", name="letter"),
            EscalationRule.after_breach(H, move_to_level="consulting"),
        )
        ticket = Ticket.open(
            distate.REGULATION, "partner-operational", at=msk(2026, 11, 20, 17, 30), rules=rules
        )
        fired, upcoming = ticket.escalations(msk(2026, 11, 23, 12, 45))
        assert [(f.rule.notify or f.rule.move_to_level, f.at) for f in fired] == [
            ("duty manager", msk(2026, 11, 23, 11, 54)),
            ("team lead", msk(2026, 11, 23, 12)),
            ("head of support", msk(2026, 11, 23, 12, 30)),
        ]
        assert upcoming is not None
        assert upcoming.at == msk(2026, 11, 23, 13, 30)
        assert upcoming.cycle == 1

    def test_an_answer_stops_rules(self) -> None:
        """A cycle met before a rule's point never fires it, and nothing is due after."""
        ticket = Ticket.open(
            distate.REGULATION,
            "partner-operational",
            at=msk(2026, 11, 23, 10),
            rules=(EscalationRule.at_breach(),),
        ).agent_reply(at=msk(2026, 11, 23, 11))
        assert ticket.escalations(msk(2026, 11, 30)) == ((), None)

    def test_resolution_rules_and_added_rules(self) -> None:
        """Rules on the resolution clock, added to a ticket without rebuilding it."""
        from slakit import Clock

        ticket = Ticket.open(
            technomarket.REGULATION, "commercial-standard", at=msk(2026, 11, 23, 9)
        )
        ticket = ticket.with_rules(EscalationRule.at_used(0.5, Clock.RESOLUTION, notify="lead"))
        fired, upcoming = ticket.escalations(msk(2026, 11, 23, 10))
        assert fired == ()
        assert upcoming is not None
        assert upcoming.at == msk(2026, 11, 25, 15)  # 24 h: Mon 9 + Tue 9 + Wed 6
        assert upcoming.cycle is None


class TestPauseSettingInFiles:
    def test_round_trip_and_type(self) -> None:
        """pauses_stop_reaction is read and written at the top level; off when absent."""
        regulation = stopping(distate.REGULATION)
        text = regulation.to_toml()
        assert "pauses_stop_reaction = true" in text
        assert "pauses_stop_reaction" not in distate.REGULATION.to_toml()
        assert slakit.Regulation.from_toml(text) == regulation
        assert slakit.Regulation.from_toml(text).pauses_stop_reaction is True
        with pytest.raises(slakit.RegulationFormatError, match="pauses_stop_reaction"):
            slakit.Regulation.from_toml(
                text.replace("pauses_stop_reaction = true", 'pauses_stop_reaction = "yes"')
            )
