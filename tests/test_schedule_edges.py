"""Edges of the schedule engine: sparse calendars, range limits, odd inputs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from slakit import (
    DayKind,
    InvalidArgumentError,
    InvalidScheduleError,
    OutOfRangeError,
    ReversedIntervalError,
    Schedule,
    UnknownTimezoneError,
)
from slakit.calendar import MAX_YEAR

UTC = dt.UTC
H = dt.timedelta(hours=1)


def wednesdays(year: int) -> list[dt.date]:
    day = dt.date(year, 1, 1)
    return [
        day + dt.timedelta(days=i)
        for i in range(366)
        if (day + dt.timedelta(days=i)).weekday() == 2
    ]


class TestSparseCalendars:
    def test_a_year_without_working_time_is_skipped(self) -> None:
        """Wednesdays only, and every Wednesday of 2026 off: work resumes in 2027."""
        schedule = Schedule.weekly({"wed": "10:00-12:00"}, tz="UTC", days_off=wednesdays(2026))
        start = dt.datetime(2026, 3, 1, tzinfo=UTC)
        first = dt.datetime(2027, 1, 6, 10, tzinfo=UTC)  # the first Wednesday of 2027
        assert schedule.next_open(start) == first
        assert schedule.add(start, H) == first + H
        assert schedule.add_days(start, 1) == first + 2 * H
        assert schedule.subtract(first + H, H) == first
        assert schedule.elapsed(start, first) == dt.timedelta(0)

    def test_add_days_from_an_empty_year(self) -> None:
        """add_days first thing on a year with no working day widens to the next year."""
        schedule = Schedule.weekly({"wed": "10:00-12:00"}, tz="UTC", days_off=wednesdays(2027))
        start = dt.datetime(2027, 3, 1, tzinfo=UTC)
        assert schedule.add_days(start, 1) == dt.datetime(2028, 1, 5, 12, tzinfo=UTC)

    def test_batch_from_before_the_first_period_and_across_years(self) -> None:
        """add_many handles starts before the first period and deadlines past the built span."""
        schedule = Schedule.weekly({"sat": "10:00-12:00"}, tz="UTC")
        schedule.add(dt.datetime(2026, 6, 1, tzinfo=UTC), H)  # builds 2026 only
        zone = ZoneInfo("UTC")  # the batch's fast path takes ZoneInfo starts
        starts = [
            dt.datetime(2026, 1, 1, tzinfo=zone),
            dt.datetime(2026, 12, 26, 11, tzinfo=zone),
            dt.datetime(2026, 1, 3, 10, 0, 0, 5, tzinfo=zone),
        ]
        assert schedule.add_many(starts, 2 * H) == [
            dt.datetime(2026, 1, 3, 12, tzinfo=zone),
            dt.datetime(2027, 1, 2, 11, tzinfo=zone),
            dt.datetime(2026, 1, 10, 10, 0, 0, 5, tzinfo=zone),
        ]

    def test_periods_from_a_closing_instant(self) -> None:
        """A span starting at a closing holds only the next day's periods."""
        schedule = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="UTC")
        closing = dt.datetime(2026, 11, 23, 18, tzinfo=UTC)
        periods = list(schedule.periods(closing, closing + dt.timedelta(hours=16)))
        assert [(p.start.hour, p.end.hour, p.date.day) for p in periods] == [(9, 10, 24)]

    def test_add_days_after_the_last_closing_of_a_year(self) -> None:
        """After the year's last closing, the next working day is next year's first."""
        schedule = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="UTC")
        start = dt.datetime(2026, 12, 31, 20, tzinfo=UTC)
        assert schedule.add_days(start, 1) == dt.datetime(2027, 1, 1, 18, tzinfo=UTC)

    def test_subtract_reaches_back_over_years(self) -> None:
        """Subtracting more than a year's working time widens the calendar backwards."""
        schedule = Schedule.weekly({"wed": "10:00-12:00"}, tz="UTC")
        end = dt.datetime(2026, 6, 3, 12, tzinfo=UTC)
        start = schedule.subtract(end, 2 * 100 * H)  # 100 Wednesdays back
        assert schedule.elapsed(start, end) == 200 * H
        assert start.year == 2024

    def test_widening_many_years_at_once(self) -> None:
        """A far deadline doubles the calendar span instead of adding a year at a time."""
        schedule = Schedule.weekly({"wed": "10:00-12:00"}, tz="UTC")
        start = dt.datetime(2000, 1, 1, tzinfo=UTC)
        deadline = schedule.add(start, 2 * 52 * 20 * H)  # about twenty years of Wednesdays
        assert schedule.elapsed(start, deadline) == 2 * 52 * 20 * H

    def test_shortening_drops_a_last_hour_long_period(self) -> None:
        """A last period of exactly an hour disappears on a pre-holiday day."""
        schedule = Schedule.weekly(
            {"mon-fri": ["09:00-13:00", "14:00-15:00"]},
            tz="Europe/Moscow",
            country="RU",
            shortened_pre_holidays=True,
        )
        assert [str(h) for h in schedule.day(dt.date(2026, 11, 3)).hours] == ["09:00-13:00"]

    def test_special_hours_close_a_day_and_shortening_spans_periods(self) -> None:
        """Special hours of None close a date; a pre-holiday cut can eat a short last period."""
        schedule = Schedule.weekly(
            {"mon-fri": ["09:00-17:30", "17:45-18:15"]},
            tz="Europe/Moscow",
            country="RU",
            special_hours={dt.date(2026, 11, 24): None},
            shortened_pre_holidays=True,
        )
        assert schedule.day(dt.date(2026, 11, 24)).hours == ()
        # 2026-11-03 precedes Unity Day: of the 60 minutes cut, the last period gives
        # its 30 and the first period the other 30: 09:00-17:00.
        hours = schedule.day(dt.date(2026, 11, 3)).hours
        assert [str(h) for h in hours] == ["09:00-17:00"]
        assert schedule.day(dt.date(2026, 11, 3)).kind is DayKind.SHORTENED


class TestLimits:
    def test_year_range(self) -> None:
        """Instants and calendars outside 1970–2100 are refused with the range named."""
        schedule = Schedule.always("UTC")
        with pytest.raises(OutOfRangeError, match="1970 to 2100"):
            schedule.day(dt.date(2101, 1, 1))
        with pytest.raises(OutOfRangeError):
            schedule.is_open(dt.datetime(1969, 12, 31, tzinfo=UTC))
        with pytest.raises(OutOfRangeError):
            schedule.subtract(dt.datetime(1970, 1, 2, tzinfo=UTC), 48 * H)
        with pytest.raises(OutOfRangeError):
            schedule.add(dt.datetime(MAX_YEAR, 12, 31, tzinfo=UTC), 48 * H)
        with pytest.raises(OutOfRangeError):
            schedule.add_days(dt.datetime(MAX_YEAR, 12, 1, tzinfo=UTC), 60)

    def test_elapsed_within_a_wide_timeline(self) -> None:
        """Questions inside an already built span reuse it."""
        schedule = Schedule.always("UTC")
        a, b = dt.datetime(2025, 1, 1, tzinfo=UTC), dt.datetime(2027, 1, 1, tzinfo=UTC)
        assert schedule.elapsed(a, b) == b - a
        assert schedule.elapsed(a + H, b - H) == b - a - 2 * H
        assert len(list(schedule.periods(a, a))) == 0


class TestOddInputs:
    @pytest.mark.parametrize("days", [1.5, "2", True, None])
    def test_add_days_needs_an_int(self, days: object) -> None:
        """add_days takes a whole number."""
        with pytest.raises(InvalidArgumentError, match="whole number"):
            Schedule.always("UTC").add_days(dt.datetime(2026, 1, 1, tzinfo=UTC), days)  # type: ignore[arg-type]

    def test_duration_must_be_a_timedelta(self) -> None:
        """A number of hours is not a duration: say which unit with a timedelta."""
        with pytest.raises(InvalidArgumentError, match="timedelta"):
            Schedule.always("UTC").add(dt.datetime(2026, 1, 1, tzinfo=UTC), 3)  # type: ignore[arg-type]

    def test_periods_reversed(self) -> None:
        """periods(a, b) needs a <= b."""
        t = dt.datetime(2026, 1, 1, tzinfo=UTC)
        with pytest.raises(ReversedIntervalError):
            list(Schedule.always("UTC").periods(t, t - H))

    @pytest.mark.parametrize("value", ["2026-01-01", dt.datetime(2026, 1, 1, tzinfo=UTC)])
    def test_day_needs_a_date(self, value: object) -> None:
        """day() takes a date."""
        with pytest.raises(InvalidArgumentError, match="date"):
            Schedule.always("UTC").day(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", ["2026", 2026.0, False])
    def test_is_provisional_needs_a_year(self, value: object) -> None:
        """is_provisional takes an int year."""
        with pytest.raises(InvalidArgumentError, match="year"):
            Schedule.always("UTC").is_provisional(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("tz", ["", " UTC", 3, "Mars/Olympus"])
    def test_bad_zones(self, tz: object) -> None:
        """Zones are IANA names."""
        with pytest.raises(UnknownTimezoneError):
            Schedule.always(tz)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"subdiv": "MOW"}, "needs a country"),
            ({"country": "RU", "shortened_pre_holidays": "yes"}, "True or False"),
            ({"special_hours": ["2026-01-01"]}, "special_hours"),
            ({"special_hours": {"2026-01-01": "09:00-10:00"}}, "keys must be dates"),
        ],
    )
    def test_bad_calendar_options(self, kwargs: dict[str, object], match: str) -> None:
        """Calendar options are checked with the option named."""
        with pytest.raises(InvalidScheduleError, match=match):
            Schedule.weekly({"mon": "09:00-18:00"}, tz="UTC", **kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("week", "match"),
        [
            ({1: "09:00-18:00"}, "weekday key"),
            (["mon"], "mapping"),
            ({"mon": 9}, "list of them"),
            ({"mon": ["09:00-18:00-19:00"]}, "09:00-18:00"),
        ],
    )
    def test_bad_weeks(self, week: object, match: str) -> None:
        """Malformed weekly hours say what shape was expected."""
        with pytest.raises(InvalidScheduleError, match=match):
            Schedule.weekly(week, tz="UTC")  # type: ignore[arg-type]

    def test_hours_must_fit_a_day(self) -> None:
        """An Hours built directly is checked too."""
        from slakit import Hours

        with pytest.raises(InvalidScheduleError, match="one day"):
            Hours(600, 300)

    def test_working_weekend_day_in_another_zone(self) -> None:
        """A desk's own working Saturday gets Monday's hours."""
        schedule = Schedule.weekly(
            {"mon": "08:00-12:00", "tue-fri": "09:00-18:00"},
            tz="Asia/Vladivostok",
            working_days=[dt.date(2026, 11, 28)],
        )
        zone = ZoneInfo("Asia/Vladivostok")
        assert schedule.add(dt.datetime(2026, 11, 28, 7, tzinfo=zone), H) == dt.datetime(
            2026, 11, 28, 9, tzinfo=zone
        )
