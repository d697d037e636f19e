"""Ticket clocks say when an answer rests on an unpublished production calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import slakit
from slakit.presets import distate

MSK = ZoneInfo("Europe/Moscow")


class TestProvisionalClocks:
    """A ticket in a year whose transfers are not published warns, as Schedule does."""

    def test_status_in_an_unpublished_year_warns(self) -> None:
        """Elapsed and deadline of a 2030 ticket rest on a provisional calendar."""
        opened = dt.datetime(2030, 3, 4, 10, tzinfo=MSK)  # a Monday
        ticket = slakit.Ticket.open(distate.REGULATION, "partner-operational", at=opened)
        with pytest.warns(slakit.ProvisionalCalendarWarning) as caught:
            status = ticket.status(opened + dt.timedelta(hours=1))
        assert all(w.message.year == 2030 for w in caught)  # type: ignore[union-attr]
        # 3 working hours from 10:00 on a 10-18 schedule: 13:00 the same day, 1 h used.
        assert status.reaction.deadline == dt.datetime(2030, 3, 4, 13, tzinfo=MSK)
        assert status.reaction.elapsed == dt.timedelta(hours=1)

    def test_published_year_is_quiet(self) -> None:
        """The same ticket in 2026 issues no warning (warnings are errors in this suite)."""
        opened = dt.datetime(2026, 3, 2, 10, tzinfo=MSK)  # a Monday
        ticket = slakit.Ticket.open(distate.REGULATION, "partner-operational", at=opened)
        status = ticket.status(opened + dt.timedelta(hours=1))
        assert status.reaction.deadline == dt.datetime(2026, 3, 2, 13, tzinfo=MSK)
