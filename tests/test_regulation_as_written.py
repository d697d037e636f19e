"""The presets say what the regulations say (issue #11), with hand-worked deadlines.

Calendar: 2026-11-25 is a Wednesday; 2026-11-28/29 a weekend; no holidays in between.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from slakit import (
    Coupon,
    CustomerCategory,
    Editions,
    Outcome,
    PauseReason,
    ProblemCategory,
    Quota,
    Regulation,
    Target,
    Ticket,
    TicketState,
    add_months,
)
from slakit.errors import (
    InvalidArgumentError,
    InvalidRegulationError,
    RegulationFormatError,
    TicketEventError,
)
from slakit.presets import advantshop, aggregion, aspro, distate, technomarket

MSK = ZoneInfo("Europe/Moscow")


def msk(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=MSK)


class TestPauses:
    @pytest.mark.parametrize("name", slakit.presets.names())
    def test_no_preset_lets_pauses_stop_reaction(self, name: str) -> None:
        """Every text postpones resolution only: the setting is off in every preset."""
        assert slakit.presets.get(name).pauses_stop_reaction is False


class TestCalendarTerms:
    def test_coupon_counts_a_calendar_year(self) -> None:
        """DiState 3.6: bought 2027-03-01 10:00, the coupon is valid on 2028-02-29."""
        quota = distate.REGULATION.level("special").quota
        assert quota is not None
        coupon = Coupon("SP-1", msk(2027, 3, 1, 10), quota)
        # 2028 is a leap year: 365 days would end on 2028-02-29 10:00; a year ends 03-01.
        assert coupon.expires_at == msk(2028, 3, 1, 10)
        assert coupon.valid_at(msk(2028, 2, 29, 12))
        assert not coupon.valid_at(msk(2028, 3, 1, 10))

    def test_a_year_from_february_29_ends_on_february_28(self) -> None:
        """No 29th in February 2029: the term ends on the month's last day (ГК РФ 192)."""
        assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
        assert add_months(msk(2028, 2, 29, 9), 12) == msk(2029, 2, 28, 9)

    def test_free_support_term_is_six_calendar_months(self) -> None:
        """AdVantShop "6 мес.": bought 2026-08-31, ends 2027-02-28 (no 31st in February)."""
        free = advantshop.REGULATION.level("free")
        assert free.support_ends(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
        assert free.covers_on(dt.date(2026, 8, 31), dt.date(2027, 2, 27))
        assert not free.covers_on(dt.date(2026, 8, 31), dt.date(2027, 2, 28))
        assert not free.covers_on(dt.date(2026, 8, 31), dt.date(2026, 8, 30))

    def test_term_by_contract_has_no_end_date(self) -> None:
        """ "Согласно договора": the regulation gives no date, so neither does slakit."""
        partner = advantshop.REGULATION.level("partner")
        assert partner.support_ends(dt.date(2026, 1, 1)) is None
        assert partner.covers_on(dt.date(2026, 1, 1), dt.date(2036, 1, 1))

    def test_bad_arguments_are_refused(self) -> None:
        """A datetime where a date belongs, or a negative month count, names the argument."""
        free = advantshop.REGULATION.level("free")
        with pytest.raises(InvalidArgumentError, match="purchased"):
            free.support_ends(msk(2026, 1, 1))
        with pytest.raises(InvalidArgumentError, match="on must be"):
            free.covers_on(dt.date(2026, 1, 1), "2026-02-01")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgumentError, match="months"):
            add_months(dt.date(2026, 1, 1), -1)
        with pytest.raises(InvalidArgumentError, match="when"):
            add_months("2026-01-01", 1)  # type: ignore[type-var]
        with pytest.raises(InvalidArgumentError, match="by the year 9999"):
            add_months(dt.date(9999, 6, 1), 12)

    def test_quota_takes_exactly_one_validity(self) -> None:
        """Months or a duration, never both or neither; months are bounded."""
        with pytest.raises(InvalidRegulationError, match="exactly one"):
            Quota(12)
        with pytest.raises(InvalidRegulationError, match="exactly one"):
            Quota(12, dt.timedelta(days=30), valid_months=1)
        with pytest.raises(InvalidRegulationError, match="valid_months"):
            Quota(12, valid_months=121)
        assert Quota(12, dt.timedelta(days=30)).validity == "30 days"
        assert Quota(12, dt.timedelta(days=1)).validity == "1 day"
        assert Quota(12, dt.timedelta(hours=36, minutes=30)).validity == "36:30 h"
        assert Quota(1, valid_months=1).validity == "1 month"

    @given(st.dates(max_value=dt.date(9000, 1, 1)), st.integers(0, 1200))
    def test_months_land_on_the_same_day_or_the_months_last(
        self, start: dt.date, months: int
    ) -> None:
        """The result is ``months`` months on, on the same day where that month has it."""
        end = add_months(start, months)
        assert (end.year - start.year) * 12 + end.month - start.month == months
        assert end.day == start.day or (end.day < start.day and (end + dt.timedelta(1)).day == 1)


class TestClassification:
    @pytest.mark.parametrize(
        ("regulation", "customer", "problem", "key"),
        [
            # AdVantShop: partner, VIP and commercial standard cover "вопросы эксплуатации".
            (advantshop.REGULATION, "PARTNER", "USAGE_QUESTION", "partner"),
            (advantshop.REGULATION, "COMMERCIAL_VIP", "USAGE_QUESTION", "commercial-vip"),
            (advantshop.REGULATION, "COMMERCIAL", "USAGE_QUESTION", "commercial-standard"),
            (advantshop.REGULATION, "NON_COMMERCIAL", "USAGE_QUESTION", "free"),
            # General consulting is the consulting level for everyone, free users too.
            (advantshop.REGULATION, "NON_COMMERCIAL", "GENERAL_QUESTION", "consulting"),
            (advantshop.REGULATION, "PARTNER", "GENERAL_QUESTION", "consulting"),
            # Aggregion 5.2: general consultations on projects; 5.3: general use.
            (aggregion.REGULATION, "USER", "GENERAL_QUESTION", "standard"),
            (aggregion.REGULATION, "USER", "USAGE_QUESTION", "consulting"),
            # DiState 3.7: non-commercial general use; 3.8 for a licensee's usage question.
            (distate.REGULATION, "NON_COMMERCIAL", "USAGE_QUESTION", "non-commercial"),
            (distate.REGULATION, "NON_COMMERCIAL", "GENERAL_QUESTION", "consulting"),
            (distate.REGULATION, "LICENSEE", "USAGE_QUESTION", "consulting"),
            # Technomarket: "отдельные вопросы работы персонала" on the standard levels.
            (technomarket.REGULATION, "COMMERCIAL", "USAGE_QUESTION", "commercial-standard"),
            (technomarket.REGULATION, "PARTNER", "USAGE_QUESTION", "partner-standard"),
            (aspro.REGULATION, "USER", "USAGE_QUESTION", "standard"),
        ],
    )
    def test_usage_and_general_questions(
        self, regulation: Regulation, customer: str, problem: str, key: str
    ) -> None:
        """Each preset's table, checked against its text."""
        level = regulation.classify(CustomerCategory[customer], ProblemCategory[problem])
        assert level.key == key

    @pytest.mark.parametrize(
        ("regulation", "customer", "at_licence", "elsewhere"),
        [
            # AdVantShop п. 8: a commercial client's incident from another address is free.
            (advantshop.REGULATION, "COMMERCIAL", "commercial-standard", "free"),
            (advantshop.REGULATION, "COMMERCIAL_VIP", "commercial-vip", "free"),
            (advantshop.REGULATION, "PARTNER", "partner", "partner"),
            # DiState 5.8: a licensee's from another sender is non-commercial.
            (distate.REGULATION, "LICENSEE", "licensee-standard", "non-commercial"),
            (distate.REGULATION, "LICENSEE_VIP", "licensee-vip", "non-commercial"),
            (distate.REGULATION, "PARTNER", "partner-standard", "partner-standard"),
            # No such rule: the address changes nothing.
            (technomarket.REGULATION, "COMMERCIAL", "commercial-standard", "commercial-standard"),
        ],
    )
    def test_licence_address(
        self, regulation: Regulation, customer: str, at_licence: str, elsewhere: str
    ) -> None:
        """Commercial levels only from the licence's address; otherwise non-commercial."""
        who, what = CustomerCategory[customer], ProblemCategory.INCIDENT
        assert regulation.classify(who, what).key == at_licence
        assert regulation.classify(who, what, from_licence_address=False).key == elsewhere

    def test_licence_address_flag_is_a_bool(self) -> None:
        """A string where the flag belongs is refused, naming it."""
        with pytest.raises(InvalidArgumentError, match="from_licence_address"):
            advantshop.REGULATION.classify(
                CustomerCategory.COMMERCIAL,
                ProblemCategory.INCIDENT,
                from_licence_address="no",  # type: ignore[arg-type]
            )


class TestRegistration:
    def test_clock_starts_at_registration(self) -> None:
        """AdVantShop п. 11: sent Fri 17:30, registered Mon 09:15; 6 wh run from Monday.

        From registration: Mon 09:15 + 6 h = 15:15. From sending it would be Fri 0.5 h
        + Mon 5.5 h = 14:30, three quarters of an hour too early.
        """
        ticket = Ticket.open(
            advantshop.REGULATION,
            "commercial-standard",
            at=msk(2026, 11, 27, 17, 30),
            registered_at=msk(2026, 11, 30, 9, 15),
        )
        status = ticket.status(msk(2026, 11, 30, 10))
        assert status.reaction.deadline == msk(2026, 11, 30, 15, 15)
        assert status.reaction.started_at == msk(2026, 11, 30, 9, 15)
        assert ticket.opened_at == msk(2026, 11, 27, 17, 30)
        assert ticket.registered_at == msk(2026, 11, 30, 9, 15)

    def test_event_data_carries_registration(self) -> None:
        """Aggregion п. 6: a call at 08:00 registered by staff at 09:00; 6 h from 09:00."""
        lines = [
            {
                "event": "opened",
                "at": "2026-11-25T08:00:00+03:00",
                "registered": "2026-11-25T09:00:00+03:00",
                "level": "operational",
            },
            {"event": "agent_reply", "at": "2026-11-25T14:30:00+03:00"},
        ]
        ticket = Ticket.from_events(aggregion.REGULATION, lines)
        # 09:00 + 6 h = 15:00 >= 14:30: met. Counted from 08:00 it would be late.
        assert ticket.status(msk(2026, 11, 25, 16)).reaction.outcome is Outcome.MET
        assert ticket.to_events()[0]["registered"] == "2026-11-25T09:00:00+03:00"
        assert Ticket.from_events(aggregion.REGULATION, ticket.to_events()) == ticket

    def test_registration_before_sending_is_refused(self) -> None:
        """Registration follows sending; the reverse is an error naming both."""
        with pytest.raises(TicketEventError, match="registration follows sending"):
            Ticket.open(
                aggregion.REGULATION,
                "operational",
                at=msk(2026, 11, 25, 9),
                registered_at=msk(2026, 11, 25, 8),
            )

    def test_events_before_registration_are_refused(self) -> None:
        """Nothing happens to a request before the desk has registered it."""
        ticket = Ticket.open(
            aggregion.REGULATION,
            "operational",
            at=msk(2026, 11, 25, 8),
            registered_at=msk(2026, 11, 25, 9),
        )
        with pytest.raises(TicketEventError, match="before the previous event"):
            ticket.agent_reply(at=msk(2026, 11, 25, 8, 30))


class TestTransferWithoutDevelopmentLevel:
    def test_technomarket_promises_nothing_after_transfer(self) -> None:
        """SLA 3: opened Wed 12:00, sent to development at 14:00; no invented deadline.

        The first cycle (24 wh, due Mon 09:00 + ...) stops in time and lapses; the new
        cycle has no target; the 48 wh resolution holds only "не касается разработок".
        """
        ticket = Ticket.open(
            technomarket.REGULATION, "commercial-standard", at=msk(2026, 11, 25, 12)
        )
        ticket = ticket.transfer_to_development(at=msk(2026, 11, 25, 14))
        status = ticket.status(msk(2026, 12, 25, 12))  # a month on: nothing is breached
        assert [c.outcome for c in status.cycles] == [Outcome.LAPSED, Outcome.NO_TARGET]
        assert status.resolution is not None
        assert status.resolution.outcome is Outcome.LAPSED
        assert status.reaction.deadline is None
        assert status.reaction.target is not None
        assert "отдел разработки" in status.reaction.target.text
        assert ticket.level == "commercial-standard"
        assert not status.missed

    def test_a_level_without_its_own_words_says_the_default(self) -> None:
        """A user's level without ``after_transfer`` gets slakit's sentence instead."""
        level = attrs.evolve(technomarket.REGULATION.level("partner-standard"), after_transfer="")
        regulation = technomarket.REGULATION.with_level(level)
        ticket = Ticket.open(regulation, "partner-standard", at=msk(2026, 11, 25, 12))
        ticket = ticket.transfer_to_development(at=msk(2026, 11, 25, 13))
        target = ticket.status(msk(2026, 11, 25, 14)).reaction.target
        assert target is not None
        assert target.text.startswith("the regulation promises no reaction")


class TestRefusal:
    def test_refused_in_time_lapses_never_met(self) -> None:
        """DiState licensee standard, Wed 12:00 (due 18:00); refused 13:00: lapsed."""
        ticket = Ticket.open(distate.REGULATION, "licensee-standard", at=msk(2026, 11, 25, 12))
        ticket = ticket.refuse(at=msk(2026, 11, 25, 13), reason=PauseReason.UNLICENSED)
        status = ticket.status(msk(2026, 11, 26, 12))
        assert status.state is TicketState.REFUSED
        assert status.reaction.outcome is Outcome.LAPSED
        assert ticket.refusal is PauseReason.UNLICENSED

    def test_refused_after_the_deadline_is_late(self) -> None:
        """Due Wed 18:00, refused Thu 11:00 (1 wh past): the promise was already broken."""
        ticket = Ticket.open(distate.REGULATION, "licensee-standard", at=msk(2026, 11, 25, 12))
        ticket = ticket.refuse(at=msk(2026, 11, 26, 11), reason=PauseReason.OUT_OF_SCOPE)
        assert ticket.status(msk(2026, 11, 27)).reaction.outcome is Outcome.LATE

    def test_aspro_refusal_is_an_end_state(self) -> None:
        """Aspro 4.8: refused for abusive language; only a close may follow."""
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(2026, 11, 25, 12))
        assert ticket.refusal is None
        ticket = ticket.refuse(at=msk(2026, 11, 25, 13), reason=PauseReason.ABUSIVE_LANGUAGE)
        with pytest.raises(TicketEventError, match="not possible on a refused ticket"):
            ticket.pause(at=msk(2026, 11, 25, 14))
        closed = ticket.close(at=msk(2026, 11, 25, 14))
        assert closed.status(msk(2026, 11, 25, 15)).state is TicketState.CLOSED
        assert closed.refusal is PauseReason.ABUSIVE_LANGUAGE
        line = ticket.to_events()[-1]
        assert line == {"event": "refused", "at": "2026-11-25T13:00:00+03:00",
                        "reason": "abusive_language"}  # fmt: skip

    def test_refusal_needs_one_of_the_regulations_grounds(self) -> None:
        """Waiting for the customer is no ground for refusal; the error lists the valid ones."""
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(2026, 11, 25, 12))
        with pytest.raises(TicketEventError, match=r"not a ground for refusal.*ABUSIVE_LANGUAGE"):
            ticket.refuse(at=msk(2026, 11, 25, 13), reason=PauseReason.AWAITING_CUSTOMER)
        bare = attrs.evolve(aspro.REGULATION, postponement_reasons=())
        ticket = Ticket.open(bare, "standard", at=msk(2026, 11, 25, 12))
        with pytest.raises(TicketEventError, match="names no grounds"):
            ticket.refuse(at=msk(2026, 11, 25, 13), reason=PauseReason.MALWARE)

    def test_refused_event_requires_a_reason(self) -> None:
        """In event data and in the model alike."""
        with pytest.raises(slakit.EventFormatError, match="reason"):
            slakit.events.parse_object({"event": "refused", "at": "2026-11-25T13:00:00Z"})
        with pytest.raises(TicketEventError, match="a reason is required"):
            slakit.Event(slakit.EventKind.REFUSED, msk(2026, 11, 25, 13))


class TestEditions:
    NEW = attrs.evolve(
        distate.REGULATION.with_level(
            attrs.evolve(
                distate.REGULATION.level("licensee-standard"), reaction=Target.working_hours(3)
            )
        ),
        edition=dt.date(2027, 1, 1),
        effective=dt.date(2027, 1, 1),
    )

    def editions(self) -> Editions:
        return Editions((self.NEW, distate.REGULATION))

    def test_ticket_follows_the_edition_in_force_at_opening(self) -> None:
        """Wed 2026-11-25 12:00 + 6 wh (2021 edition) = 18:00; in 2027, + 3 wh."""
        editions = self.editions()
        old = Ticket.open(editions, "licensee-standard", at=msk(2026, 11, 25, 12))
        assert old.regulation is distate.REGULATION
        assert old.status(msk(2026, 11, 25, 12)).reaction.deadline == msk(2026, 11, 25, 18)
        # Wed 2027-01-13 12:00 + 3 wh = 15:00 (the new edition).
        new = Ticket.open(editions, "licensee-standard", at=msk(2027, 1, 13, 12))
        assert new.status(msk(2027, 1, 13, 12)).reaction.deadline == msk(2027, 1, 13, 15)

    def test_contract_date_chooses_the_edition(self) -> None:
        """Technomarket's clause: the edition at the contract's signing binds."""
        ticket = Ticket.open(
            self.editions(),
            "licensee-standard",
            at=msk(2027, 1, 13, 12),
            contract_date=dt.date(2026, 6, 1),
        )
        assert ticket.status(msk(2027, 1, 13, 12)).reaction.deadline == msk(2027, 1, 13, 18)
        lines = [{"event": "opened", "at": "2027-01-13T12:00:00+03:00", "level": "licensee-vip"}]
        replayed = Ticket.from_events(self.editions(), lines, contract_date=dt.date(2026, 6, 1))
        assert replayed.regulation is distate.REGULATION

    def test_editions_are_ordered_and_checked(self) -> None:
        """Sorted by effective date; one vendor, distinct dates, a date before all refused."""
        editions = self.editions()
        assert editions.regulations == (distate.REGULATION, self.NEW)
        assert editions.latest is self.NEW
        assert Editions(aspro.REGULATION).in_force(dt.date(1990, 1, 1)) is aspro.REGULATION
        with pytest.raises(InvalidRegulationError, match=r"no edition .* in force on 2021-06-30"):
            editions.in_force(dt.date(2021, 6, 30))
        with pytest.raises(InvalidRegulationError, match="one vendor"):
            Editions((distate.REGULATION, aspro.REGULATION))
        with pytest.raises(InvalidRegulationError, match="take effect on 2021-07-01"):
            Editions((distate.REGULATION, distate.REGULATION))
        with pytest.raises(InvalidRegulationError, match="at least one"):
            Editions(())
        with pytest.raises(InvalidRegulationError, match=r"only slakit\.Regulation"):
            Editions((distate.REGULATION, "x"))  # type: ignore[arg-type]
        with pytest.raises(InvalidRegulationError, match="takes regulations"):
            Editions("distate")  # type: ignore[arg-type]
        with pytest.raises(InvalidArgumentError, match="on must be"):
            editions.in_force(dt.datetime(2026, 1, 1))  # naive
        with pytest.raises(InvalidArgumentError, match="on must be"):
            editions.in_force("2026-01-01")  # type: ignore[arg-type]

    def test_contract_date_needs_editions(self) -> None:
        """A single regulation is its own edition: a contract date there is a mistake."""
        with pytest.raises(InvalidArgumentError, match="contract_date"):
            Ticket.open(
                distate.REGULATION,
                "licensee-vip",
                at=msk(2026, 11, 25, 12),
                contract_date=dt.date(2026, 1, 1),
            )
        with pytest.raises(InvalidArgumentError, match="contract_date"):
            Ticket.open(
                self.editions(),
                "licensee-vip",
                at=msk(2026, 11, 25, 12),
                contract_date=msk(2026, 1, 1),  # type: ignore[arg-type]
            )

    @pytest.mark.parametrize("name", slakit.presets.names())
    def test_every_preset_ships_its_editions(self, name: str) -> None:
        """The latest edition is the preset's regulation; DiState's dates from 2021-07-01."""
        assert slakit.presets.editions(name).latest is slakit.presets.get(name)
        with pytest.raises(slakit.UnknownPresetError):
            slakit.presets.editions("nope")
        assert distate.REGULATION.effective == dt.date(2021, 7, 1)


class TestDiStateSpecialRequests:
    def test_developers_move_the_clock_to_working_hours(self) -> None:
        """3.6/2.1: Sat 12:00 special request (1 h around the clock, due 13:00).

        At 12:30 developers are involved: 30 minutes are used, the other 30 count on the
        10-18 schedule from the next opening, Mon 10:00, so the deadline is Mon 10:30.
        """
        quota = distate.REGULATION.level("special").quota
        assert quota is not None
        coupon = Coupon("SP-7", msk(2026, 1, 10), quota)
        ticket = Ticket.open(distate.REGULATION, "special", at=msk(2026, 11, 28, 12), coupon=coupon)
        assert ticket.status(msk(2026, 11, 28, 12)).reaction.deadline == msk(2026, 11, 28, 13)
        ticket = ticket.change_level("special-with-developers", at=msk(2026, 11, 28, 12, 30))
        status = ticket.status(msk(2026, 11, 28, 14))
        assert status.reaction.deadline == msk(2026, 11, 30, 10, 30)
        assert status.reaction.outcome is Outcome.RUNNING


class TestRegulationFiles:
    def test_new_fields_round_trip(self) -> None:
        """Months of validity, effective date, licence-address customers, after_transfer."""
        for regulation in (distate.REGULATION, advantshop.REGULATION, technomarket.REGULATION):
            assert Regulation.from_toml(regulation.to_toml()) == regulation

    @pytest.mark.parametrize(
        ("quota", "message"),
        [
            ("count = 12", "quota.valid_for_days.: is required .or valid_for_months"),
            (
                "count = 12\nvalid_for_months = 12\nvalid_for_days = 365",
                "quota.valid_for_days.: and valid_for_months are both given",
            ),
            ("valid_for_months = 12", "quota.count.: is required"),
            ("count = 12\nvalid_for_months = 121", "valid_for_months"),
        ],
    )
    def test_quota_validity_in_files(self, quota: str, message: str) -> None:
        """A quota names its validity once, in months or days; the error names the key."""
        text = (
            'vendor = "X"\n[schedule]\ntz = "UTC"\nhours = { mon = "09:00-18:00" }\n'
            f'[[levels]]\nkey = "a"\nreaction = "1 hours"\n[levels.quota]\n{quota}\n'
        )
        with pytest.raises(RegulationFormatError, match=message):
            Regulation.from_toml(text)


class TestRegistrationErrors:
    def test_registered_only_on_opened_and_only_an_instant(self) -> None:
        """The model and the event data refuse a registered instant anywhere but opened."""
        at = msk(2026, 11, 25, 9)
        with pytest.raises(TicketEventError, match="only opened does"):
            slakit.Event(slakit.EventKind.AGENT_REPLY, at, registered=at)
        with pytest.raises(TicketEventError, match="registered must be an aware datetime"):
            slakit.Event(slakit.EventKind.OPENED, at, "a", registered="09:00")  # type: ignore[arg-type]
        with pytest.raises(slakit.EventFormatError, match="only opened does"):
            slakit.events.parse_object(
                {"event": "resolved", "at": "2026-11-25T09:00Z", "registered": "2026-11-25T09:00Z"}
            )

    def test_registration_outside_the_supported_years_is_refused(self) -> None:
        """A registration instant the calendar cannot count is an error on event 0."""
        with pytest.raises(TicketEventError, match="event 0"):
            Ticket.open(
                distate.REGULATION,
                "licensee-vip",
                at=msk(2026, 11, 25, 9),
                registered_at=dt.datetime(9000, 1, 1, tzinfo=MSK),
            )

    def test_a_fixed_validity_expires_after_its_duration(self) -> None:
        """A quota in days: issued Wed 10:00, 30 days later at the same instant."""
        quota = Quota(5, dt.timedelta(days=30))
        assert quota.expires(msk(2026, 11, 25, 10)) == msk(2026, 12, 25, 10)
