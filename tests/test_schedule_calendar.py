"""Hand-checked deadlines on the Russian production calendar (Mon–Fri 09:00–18:00 MSK).

Each expectation is worked out by hand from the published calendar; the arithmetic
is in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
import warnings
from zoneinfo import ZoneInfo

import pytest

from slakit import DayKind, ProvisionalCalendarWarning, Schedule

MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
H = dt.timedelta(hours=1)


def msk(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MSK)


@pytest.fixture(scope="module")
def office() -> Schedule:
    return Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")


class TestDeadlines:
    @pytest.mark.parametrize(
        ("start", "hours", "expected"),
        [
            # Fri 17:00 + 1 h: the last working hour ends at closing, Fri 18:00 (rule 2).
            (msk(2026, 11, 20, 17), 1, msk(2026, 11, 20, 18)),
            # Sunday night: counting starts Mon 09:00; + 1 h = Mon 10:00.
            (msk(2026, 11, 22, 23, 30), 1, msk(2026, 11, 23, 10)),
            # New Year 2026: Tue 2025-12-30 17:00 + 2 h: 1 h on Tue; Dec 31 is a day off
            # (moved from Jan 5), Jan 1–8 holidays, Jan 9 a day off (moved from Jan 3),
            # Jan 10–11 weekend; the second hour is Mon 2026-01-12 09:00–10:00.
            (msk(2025, 12, 30, 17), 2, msk(2026, 1, 12, 10)),
            # Tue 2025-12-30 17:00 + 1 h ends at that day's closing.
            (msk(2025, 12, 30, 17), 1, msk(2025, 12, 30, 18)),
            # A start inside the New Year holidays counts from Mon 2026-01-12 09:00.
            (msk(2026, 1, 9, 12), 3, msk(2026, 1, 12, 12)),
            # Transferred Saturday 2025-11-01 is worked: Fri 17:00 + 2 h = Sat 10:00.
            (msk(2025, 10, 31, 17), 2, msk(2025, 11, 1, 10)),
            # Sat 2025-11-01 17:00 + 2 h: 1 h on Sat; Sun off, Mon Nov 3 a day off (moved
            # from Sat Nov 1), Tue Nov 4 Unity Day; Wed Nov 5 09:00 + 1 h = 10:00.
            (msk(2025, 11, 1, 17), 2, msk(2025, 11, 5, 10)),
            # New Year 2025: Sat 2024-12-28 is worked, Dec 30–31 are days off, Jan 1–8
            # holidays: Fri 2024-12-27 17:00 + 2 h = Sat Dec 28 10:00 ...
            (msk(2024, 12, 27, 17), 2, msk(2024, 12, 28, 10)),
            # ... and Sat 2024-12-28 17:00 + 2 h = Thu 2025-01-09 10:00.
            (msk(2024, 12, 28, 17), 2, msk(2025, 1, 9, 10)),
            # 2026-03-09 (Mon) is the art. 112 day off for Women's Day on Sunday:
            # Fri 2026-03-06 17:00 + 2 h = Tue 2026-03-10 10:00.
            (msk(2026, 3, 6, 17), 2, msk(2026, 3, 10, 10)),
            # 2026-05-11 (Mon) is the day off for Victory Day on Saturday:
            # Fri 2026-05-08 17:00 + 10 h = 1 h Fri, 9 h Tue May 12 -> closing 18:00.
            (msk(2026, 5, 8, 17), 10, msk(2026, 5, 12, 18)),
            # 40 working hours from Mon 2026-11-23 09:00 = the whole week, Fri 18:00 ...
            (msk(2026, 11, 23, 9), 40, msk(2026, 11, 27, 18) - 5 * H),
            # ... (that is 5 days x 9 h = 45 h; 40 h end Fri 13:00).
            (msk(2026, 11, 23, 9), 45, msk(2026, 11, 27, 18)),
        ],
    )
    def test_add(
        self, office: Schedule, start: dt.datetime, hours: int, expected: dt.datetime
    ) -> None:
        """add() lands where the production calendar says."""
        assert office.add(start, hours * H) == expected

    def test_results_are_in_the_schedule_zone(self, office: Schedule) -> None:
        """A start in another zone gives a deadline in Moscow time."""
        start = dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC)  # 09:00 MSK
        result = office.add(start, H)
        assert result == msk(2026, 11, 23, 10)
        assert result.tzinfo == MSK

    def test_subtract_across_new_year(self, office: Schedule) -> None:
        """The latest start for a deadline Mon 2026-01-12 10:00 with 2 h is Tue 2025-12-30 17:00."""
        assert office.subtract(msk(2026, 1, 12, 10), 2 * H) == msk(2025, 12, 30, 17)

    def test_elapsed_over_the_holidays(self, office: Schedule) -> None:
        """From Tue 2025-12-30 12:00 to Mon 2026-01-12 12:00: 6 h + 3 h."""
        assert office.elapsed(msk(2025, 12, 30, 12), msk(2026, 1, 12, 12)) == 9 * H

    def test_add_days_from_after_hours(self, office: Schedule) -> None:
        """Mon 20:00 + 1 working day is Tue 18:00, not Wed 09:00 (rule 3)."""
        assert office.add_days(msk(2026, 11, 23, 20), 1) == msk(2026, 11, 24, 18)

    def test_add_days_keeps_the_offset(self, office: Schedule) -> None:
        """Fri 2025-12-26 11:00 + 2 working days: Mon Dec 29, Tue Dec 30 -> Tue 11:00."""
        assert office.add_days(msk(2025, 12, 26, 11), 2) == msk(2025, 12, 30, 11)

    def test_next_open(self, office: Schedule) -> None:
        """After Tue 2025-12-30 closing, the next opening is Mon 2026-01-12 09:00."""
        assert office.next_open(msk(2025, 12, 30, 18)) == msk(2026, 1, 12, 9)
        assert office.next_open(msk(2025, 12, 30, 17)) == msk(2025, 12, 30, 17)

    def test_day_plans_say_why(self, office: Schedule) -> None:
        """Each date explains itself: holiday names, transfers, weekends."""
        assert office.day(dt.date(2026, 1, 9)).kind is DayKind.HOLIDAY
        assert "substituted" in (office.day(dt.date(2026, 1, 9)).holiday or "")
        assert office.day(dt.date(2025, 11, 1)).kind is DayKind.TRANSFERRED_WORKDAY
        assert office.day(dt.date(2026, 11, 22)).kind is DayKind.WEEKEND
        assert office.day(dt.date(2026, 11, 23)).kind is DayKind.WORKDAY


@pytest.fixture(scope="module")
def eight_hours() -> Schedule:
    return Schedule.weekly(
        {"mon-fri": ["09:00-13:00", "14:00-18:00"]},
        tz="Europe/Moscow",
        country="RU",
        shortened_pre_holidays=True,
    )


class TestShortenedDays:
    @pytest.mark.parametrize(
        ("start", "end", "hours"),
        [
            # The official 40-hour-week norms of the production calendar.
            (msk(2025, 1, 1), msk(2026, 1, 1), 1972),
            (msk(2025, 1, 1), msk(2025, 2, 1), 136),
            (msk(2025, 11, 1), msk(2025, 12, 1), 151),
            (msk(2024, 1, 1), msk(2025, 1, 1), 1979),
            (msk(2026, 1, 1), msk(2027, 1, 1), 1972),
            (msk(2023, 1, 1), msk(2024, 1, 1), 1973),
            # The years issue #12 found wrong: 2014 missed Monday 03-10 off (248 days,
            # 1979 h); 2021 did not shorten the working Saturday 02-20 (1973 h).
            (msk(2014, 1, 1), msk(2015, 1, 1), 1970),
            (msk(2021, 1, 1), msk(2022, 1, 1), 1972),
        ],
    )
    def test_monthly_norms(
        self, eight_hours: Schedule, start: dt.datetime, end: dt.datetime, hours: int
    ) -> None:
        """With shortened pre-holiday days, an 8-hour week gives the official norms."""
        assert eight_hours.elapsed(start, end) == hours * H

    def test_saturday_before_unity_day_is_short(self, eight_hours: Schedule) -> None:
        """Sat 2025-11-01 stands in for Mon Nov 3, the eve of Nov 4: 7 hours, to 17:00."""
        plan = eight_hours.day(dt.date(2025, 11, 1))
        assert plan.kind is DayKind.SHORTENED
        assert eight_hours.add(msk(2025, 11, 1, 9), 7 * H) == msk(2025, 11, 1, 17)

    def test_off_by_default(self) -> None:
        """Without the option, Apr 30 2025 is a full day to 18:00."""
        plain = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
        assert plain.add(msk(2025, 4, 30, 9), 9 * H) == msk(2025, 4, 30, 18)


class TestProvisionalYears:
    def test_flag(self, office: Schedule) -> None:
        """Published years are final; later ones are provisional."""
        assert not office.is_provisional(2027)
        assert office.is_provisional(2028)
        assert not Schedule.always("Europe/Moscow").is_provisional(2030)

    def test_warning_is_issued_and_can_be_an_error(self) -> None:
        """A deadline in an unpublished year warns; as an error, it changes nothing."""
        schedule = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
        with pytest.warns(ProvisionalCalendarWarning, match="2028"):
            deadline = schedule.add(msk(2028, 3, 1, 9), H)
        assert deadline == msk(2028, 3, 1, 10)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ProvisionalCalendarWarning)
            # Every answer that rests on 2028 warns, however warm the caches are.
            for _ in range(2):
                with pytest.raises(ProvisionalCalendarWarning):
                    schedule.add(msk(2028, 3, 1, 9), H)
                with pytest.raises(ProvisionalCalendarWarning):
                    schedule.add_many([msk(2028, 3, 1, 9)], H)
                with pytest.raises(ProvisionalCalendarWarning):
                    schedule.elapsed(msk(2027, 12, 1), msk(2028, 1, 10))
            # An answer within published years does not, even next to 2028.
            assert schedule.add(msk(2027, 12, 30, 9), H) == msk(2027, 12, 30, 10)


class TestDaylightSaving:
    def test_spring_night_is_short(self) -> None:
        """Berlin 24/7: from 00:00 on 2026-03-29, 3 working hours end at 04:00 CEST."""
        always = Schedule.always("Europe/Berlin")
        start = dt.datetime(2026, 3, 29, tzinfo=BERLIN)
        assert always.add(start, 3 * H) == dt.datetime(2026, 3, 29, 4, tzinfo=BERLIN)

    def test_autumn_day_is_long(self) -> None:
        """Berlin 2026-10-25 has 25 real hours."""
        always = Schedule.always("Europe/Berlin")
        day = dt.datetime(2026, 10, 25, tzinfo=BERLIN)
        assert always.elapsed(day, day + dt.timedelta(days=1)) == 25 * H

    def test_night_shift_over_the_clock_change(self) -> None:
        """A 22:00–06:00 shift starting Sat 2026-03-28 in Berlin lasts 7 real hours."""
        nights = Schedule.weekly({"sat": "22:00-06:00"}, tz="Europe/Berlin")
        start = dt.datetime(2026, 3, 28, 12, tzinfo=BERLIN)
        periods = list(nights.periods(start, start + dt.timedelta(days=1)))
        assert [p.duration for p in periods] == [7 * H]
        assert periods[0].date == dt.date(2026, 3, 28)


class TestOwnCalendar:
    def test_days_off_working_days_and_special_hours(self) -> None:
        """The desk's own exceptions override the country calendar."""
        schedule = Schedule.weekly(
            {"mon-fri": "09:00-18:00"},
            tz="Europe/Moscow",
            country="RU",
            days_off=[dt.date(2026, 12, 30)],
            working_days=[dt.date(2026, 12, 26)],
            special_hours={dt.date(2026, 12, 29): "09:00-14:00"},
        )
        assert schedule.day(dt.date(2026, 12, 30)).kind is DayKind.DAY_OFF
        assert schedule.day(dt.date(2026, 12, 26)).kind is DayKind.EXTRA_WORKDAY
        # Sat Dec 26 09-18 (9 h) + Mon Dec 28 (9 h) + Tue Dec 29 09-14 (5 h) = 23 h.
        assert schedule.elapsed(msk(2026, 12, 26), msk(2027, 1, 1)) == 23 * H
