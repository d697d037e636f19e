"""Tickets written by hand from the regulations, with each clock worked out by hand."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import slakit
from slakit import (
    ClockState,
    Coupon,
    CouponError,
    EscalationRule,
    PauseReason,
    Ticket,
    TicketEventError,
    TicketState,
)
from slakit.presets import advantshop, aggregion, aspro, distate, technomarket

MSK = ZoneInfo("Europe/Moscow")
H = dt.timedelta(hours=1)


def msk(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=MSK)


class TestDistatePartner:
    """Partner standard (5 wh, 10:00–18:00), opened Friday 2026-11-20 17:30."""

    opened = msk(2026, 11, 20, 17, 30)

    def ticket(self) -> Ticket:
        return (
            Ticket.open(distate.REGULATION, "partner-standard", at=self.opened)
            # 0.5 h on Friday; Monday 10:00-11:00 is 1 h more: 1.5 h used of 5.
            .agent_reply(at=msk(2026, 11, 23, 11))
            # The customer adds information Monday 14:00: cycle 2 starts (5 wh).
            .customer_reply(at=msk(2026, 11, 23, 14))
            # The desk asks a question at 15:00 and waits for the customer: 1 h used.
            .pause(at=msk(2026, 11, 23, 15))
            .resume(at=msk(2026, 11, 24, 12))
        )

    def test_first_cycle_met(self) -> None:
        """Cycle 1: deadline Mon 14:30 (0.5 + 4.5 h), met at 11:00 with 1.5 h used."""
        first = self.ticket().status(msk(2026, 11, 24, 12)).cycles[0]
        assert first.state is ClockState.MET
        assert first.deadline == msk(2026, 11, 23, 14, 30)
        assert first.elapsed == 1.5 * H
        assert not first.breached

    def test_second_cycle_moves_by_the_pause(self) -> None:
        """Cycle 2: 1 h Mon 14-15, paused until Tue 12:00, 4 h left: deadline Tue 16:00."""
        status = self.ticket().status(msk(2026, 11, 24, 13))
        second = status.reaction
        assert len(status.cycles) == 2
        assert second.state is ClockState.RUNNING
        assert second.running
        assert second.deadline == msk(2026, 11, 24, 16)
        assert second.elapsed == 2 * H  # 1 h Monday + 1 h Tuesday 12-13
        assert second.remaining == 3 * H
        assert second.used == pytest.approx(0.4)

    def test_while_paused_the_deadline_follows_now(self) -> None:
        """Paused Monday 15:00: asked Tuesday 11:00, the deadline if work resumed then is 15:00."""
        ticket = self.ticket()
        paused = Ticket.from_events(distate.REGULATION, ticket.to_events()[:-1])
        status = paused.status(msk(2026, 11, 24, 11))
        assert status.state is TicketState.PAUSED
        assert status.reaction.paused
        assert status.reaction.deadline == msk(2026, 11, 24, 15)

    def test_breach(self) -> None:
        """Without an answer, cycle 2 is breached at Tue 16:00."""
        status = self.ticket().status(msk(2026, 11, 24, 17))
        assert status.reaction.breached
        assert status.reaction.breached_at == msk(2026, 11, 24, 16)
        assert status.breached


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
    """Commercial standard: resolution within 48 wh, paused and reopened."""

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
        assert resolution.state is ClockState.RUNNING

    def test_resolved_clock_is_met(self) -> None:
        """At resolution, 18 of 48 h were used."""
        resolved = Ticket.from_events(technomarket.REGULATION, self.ticket().to_events()[:-1])
        status = resolved.status(msk(2026, 11, 27, 9))
        assert status.state is TicketState.RESOLVED
        assert status.resolution is not None
        assert status.resolution.state is ClockState.MET
        assert status.resolution.elapsed == 18 * H
        assert not status.resolution.breached

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
        assert status.resolution.state is ClockState.LAPSED
        # Reaction: 1 h before the pause + 1 h after = 2 h of the new 12 wh; from the
        # resume at Mon 12:00, 11 h are left: Mon 12-18 (6) + Tue 9-14 (5).
        assert status.reaction.elapsed == 2 * H
        assert status.reaction.deadline == msk(2026, 11, 24, 14)

    def test_closing_an_open_ticket_lapses_its_clocks(self) -> None:
        """Closed without an answer or a resolution: both clocks lapse, and nothing may follow."""
        ticket = Ticket.open(
            technomarket.REGULATION, "commercial-standard", at=msk(2026, 11, 23, 9)
        )
        ticket = ticket.pause(at=msk(2026, 11, 23, 10)).close(at=msk(2026, 11, 23, 11))
        status = ticket.status(msk(2026, 11, 24, 9))
        assert status.state is TicketState.CLOSED
        assert status.reaction.state is ClockState.LAPSED
        assert status.resolution is not None
        assert status.resolution.state is ClockState.LAPSED
        with pytest.raises(TicketEventError, match="closed"):
            ticket.reopen(at=msk(2026, 11, 24, 9))

    def test_transfer_to_development_lapses_resolution(self) -> None:
        """The 48 h hold only "если вопрос ... не касается разработок"."""
        ticket = self.ticket().transfer_to_development(at=msk(2026, 11, 30, 12))
        status = ticket.status(msk(2026, 11, 30, 13))
        assert status.resolution is not None
        assert status.resolution.state is ClockState.LAPSED
        assert status.cycles[-2].state is ClockState.LAPSED
        assert status.reaction.started_at == msk(2026, 11, 30, 12)
        assert status.level == "commercial-standard"  # Technomarket has no development level


class TestAggregionAroundTheClock:
    def test_operational_counts_real_hours(self) -> None:
        """Operational (6 h, 24/7) from Sat 22:00: due Sun 04:00; a 1 h pause moves it to 05:00."""
        ticket = Ticket.open(aggregion.REGULATION, "operational", at=msk(2026, 11, 28, 22))
        assert ticket.status(msk(2026, 11, 28, 23)).reaction.deadline == msk(2026, 11, 29, 4)
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
        assert status.reaction.state is ClockState.NO_TARGET
        assert status.reaction.deadline is None
        assert status.reaction.elapsed == 50 * H  # five 10-hour days
        assert not status.breached
        assert status.resolution is None
        rule = EscalationRule.at_breach()
        assert ticket.with_rules(rule).escalations(msk(2026, 11, 30, 10)) == ((), None)

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
