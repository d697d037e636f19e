"""The Russian production calendar 2013-2027, checked against the official calendars.

Each year's monthly norms are those of the production calendar the Ministry of Labour
publishes with the decree on transferred days off (as reproduced by КонсультантПлюс
and the calendars derived from it): working days, and the norm of working hours at
40, 36 and 24 hours a week. The hours at 36 and 24 follow the official method: days x
7.2 (or 4.8) minus one hour per shortened pre-holiday day, e.g. February 2014:
20 days, 20 x 7.2 - 1 = 143 and 20 x 4.8 - 1 = 95, as published.

Every figure is asserted through ``Schedule.elapsed`` over the month on a Mon-Fri
schedule with ``country="RU"``: days on 8 plain hours a day, hours on 8 h, 7.2 h
(7:12) and 4.8 h (4:48) a day with ``shortened_pre_holidays=True``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import DayKind, Schedule
from slakit._ru_production import (
    RU_PRODUCTION,
    UPSTREAM_MISSING,
    ProductionYear,
    shortened_by_rule,
    statutory_holidays,
)

MSK = ZoneInfo("Europe/Moscow")
H = dt.timedelta(hours=1)
YEARS = range(2013, 2028)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The official norms, one column a month: working days; hours at 40, 36, 24 h a week.
NORMS = {
    2013: """
        days      17     20     20     22     18     19     23     22     21     23     20     22
        40h      136    159    159    175    143    151    184    176    168    184    160    175
        36h    122.4    143    143  157.4  128.6  135.8  165.6  158.4  151.2  165.6    144  157.4
        24h     81.6     95     95  104.6   85.4   90.2  110.4  105.6  100.8  110.4     96  104.6
    """,
    2014: """
        days      17     20     20     22     19     19     23     21     22     23     18     23
        40h      136    159    159    175    151    151    184    168    176    184    144    183
        36h    122.4    143    143  157.4  135.8  135.8  165.6  151.2  158.4  165.6  129.6  164.6
        24h     81.6     95     95  104.6   90.2   90.2  110.4  100.8  105.6  110.4   86.4  109.4
    """,
    2015: """
        days      15     19     21     22     18     21     23     21     22     22     20     23
        40h      120    152    168    175    143    167    184    168    176    176    159    183
        36h      108  136.8  151.2  157.4  128.6  150.2  165.6  151.2  158.4  158.4    143  164.6
        24h       72   91.2  100.8  104.6   85.4   99.8  110.4  100.8  105.6  105.6     95  109.4
    """,
    2016: """
        days      15     20     21     21     19     21     21     23     22     21     21     22
        40h      120    159    168    168    152    168    168    184    176    168    167    176
        36h      108    143  151.2  151.2  136.8  151.2  151.2  165.6  158.4  151.2  150.2  158.4
        24h       72     95  100.8  100.8   91.2  100.8  100.8  110.4  105.6  100.8   99.8  105.6
    """,
    2017: """
        days      17     18     22     20     20     21     21     23     21     22     21     21
        40h      136    143    175    160    160    168    168    184    168    176    167    168
        36h    122.4  128.6  157.4    144    144  151.2  151.2  165.6  151.2  158.4  150.2  151.2
        24h     81.6   85.4  104.6     96     96  100.8  100.8  110.4  100.8  105.6   99.8  100.8
    """,
    2018: """
        days      17     19     20     21     20     20     22     23     20     23     21     21
        40h      136    151    159    167    159    159    176    184    160    184    168    167
        36h    122.4  135.8    143  150.2    143    143  158.4  165.6    144  165.6  151.2  150.2
        24h     81.6   90.2     95   99.8     95     95  105.6  110.4     96  110.4  100.8   99.8
    """,
    2019: """
        days      17     20     20     22     18     19     23     22     21     23     20     22
        40h      136    159    159    175    143    151    184    176    168    184    160    175
        36h    122.4    143    143  157.4  128.6  135.8  165.6  158.4  151.2  165.6    144  157.4
        24h     81.6     95     95  104.6   85.4   90.2  110.4  105.6  100.8  110.4     96  104.6
    """,
    2020: """
        days      17     19     21     22     17     21     23     21     22     22     20     23
        40h      136    152    168    175    135    167    184    168    176    176    159    183
        36h    122.4  136.8  151.2  157.4  121.4  150.2  165.6  151.2  158.4  158.4    143  164.6
        24h     81.6   91.2  100.8  104.6   80.6   99.8  110.4  100.8  105.6  105.6     95  109.4
    """,
    2021: """
        days      15     19     22     22     19     21     22     22     22     21     20     22
        40h      120    151    176    175    152    167    176    176    176    168    159    176
        36h      108  135.8  158.4  157.4  136.8  150.2  158.4  158.4  158.4  151.2    143  158.4
        24h       72   90.2  105.6  104.6   91.2   99.8  105.6  105.6  105.6  100.8     95  105.6
    """,
    2022: """
        days      16     19     22     21     18     21     21     23     22     21     21     22
        40h      128    151    175    168    144    168    168    184    176    168    167    176
        36h    115.2  135.8  157.4  151.2  129.6  151.2  151.2  165.6  158.4  151.2  150.2  158.4
        24h     76.8   90.2  104.6  100.8   86.4  100.8  100.8  110.4  105.6  100.8   99.8  105.6
    """,
    2023: """
        days      17     18     22     20     20     21     21     23     21     22     21     21
        40h      136    143    175    160    160    168    168    184    168    176    167    168
        36h    122.4  128.6  157.4    144    144  151.2  151.2  165.6  151.2  158.4  150.2  151.2
        24h     81.6   85.4  104.6     96     96  100.8  100.8  110.4  100.8  105.6   99.8  100.8
    """,
    2024: """
        days      17     20     20     21     20     19     23     22     21     23     21     21
        40h      136    159    159    168    159    151    184    176    168    184    167    168
        36h    122.4    143    143  151.2    143  135.8  165.6  158.4  151.2  165.6  150.2  151.2
        24h     81.6     95     95  100.8     95   90.2  110.4  105.6  100.8  110.4   99.8  100.8
    """,
    2025: """
        days      17     20     21     22     18     19     23     21     22     23     19     22
        40h      136    160    167    175    144    151    184    168    176    184    151    176
        36h    122.4    144  150.2  157.4  129.6  135.8  165.6  151.2  158.4  165.6  135.8  158.4
        24h     81.6     96   99.8  104.6   86.4   90.2  110.4  100.8  105.6  110.4   90.2  105.6
    """,
    2026: """
        days      15     19     21     22     19     21     23     21     22     22     20     22
        40h      120    152    168    175    151    167    184    168    176    176    159    176
        36h      108  136.8  151.2  157.4  135.8  150.2  165.6  151.2  158.4  158.4    143  158.4
        24h       72   91.2  100.8  104.6   90.2   99.8  110.4  100.8  105.6  105.6     95  105.6
    """,
    2027: """
        days      15     19     22     22     19     21     22     22     22     21     20     22
        40h      120    151    176    175    152    167    176    176    176    168    159    176
        36h      108  135.8  158.4  157.4  136.8  150.2  158.4  158.4  158.4  151.2    143  158.4
        24h       72   90.2  105.6  104.6   91.2   99.8  105.6  105.6  105.6  100.8     95  105.6
    """,
}

# The official yearly totals (working days, hours at 40 h a week), as issue #12 lists
# them from the production calendars.
OFFICIAL_TOTALS = {
    2013: (247, 1970),
    2014: (247, 1970),
    2015: (247, 1971),
    2016: (247, 1974),
    2017: (247, 1973),
    2018: (247, 1970),
    2019: (247, 1970),
    2020: (248, 1979),
    2021: (247, 1972),
    2022: (247, 1973),
    2023: (247, 1973),
    2024: (248, 1979),
    2025: (247, 1972),
}

# The shortened pre-holiday days of each official calendar (month-day).
SHORTENED = {
    2013: "02-22 03-07 04-30 05-08 06-11 12-31",
    2014: "02-24 03-07 04-30 05-08 06-11 12-31",
    2015: "04-30 05-08 06-11 11-03 12-31",
    2016: "02-20 11-03",
    2017: "02-22 03-07 11-03",
    2018: "02-22 03-07 04-28 05-08 06-09 12-29",
    2019: "02-22 03-07 04-30 05-08 06-11 12-31",
    2020: "04-30 05-08 06-11 11-03 12-31",
    2021: "02-20 04-30 06-11 11-03",
    2022: "02-22 03-05 11-03",
    2023: "02-22 03-07 11-03",
    2024: "02-22 03-07 05-08 06-11 11-02",
    2025: "03-07 04-30 06-11 11-01",
    2026: "04-30 05-08 06-11 11-03",
    2027: "02-20 04-30 06-11 11-03",
}

# The weekend days made working by each year's decree (month-day).
WORKING_WEEKEND_DAYS = {
    2013: "",
    2014: "",
    2015: "",
    2016: "02-20",
    2017: "",
    2018: "04-28 06-09 12-29",
    2019: "",
    2020: "",
    2021: "02-20",
    2022: "03-05",
    2023: "",
    2024: "04-27 11-02 12-28",
    2025: "11-01",
    2026: "",
    2027: "02-20",
}


def dates(year: int, text: str) -> set[dt.date]:
    return {dt.date(year, int(m), int(d)) for m, d in (item.split("-") for item in text.split())}


def month_start(year: int, month: int) -> dt.datetime:
    return dt.datetime(year + month // 13, (month - 1) % 12 + 1, 1, tzinfo=MSK)


def month_end(year: int, month: int) -> dt.datetime:
    """The end of a month for elapsed(): the next month's start, but 23:00 on Dec 31.

    Nothing is worked after 17:00, and an end at 2028-01-01 00:00 would raise the
    provisional warning for 2028 (issue #10 tracks that spurious warning).
    """
    if month == 12:
        return dt.datetime(year, 12, 31, 23, tzinfo=MSK)
    return month_start(year, month + 1)


def weekly(hours: str, *, shortened: bool) -> Schedule:
    return Schedule.weekly(
        {"mon-fri": hours}, tz="Europe/Moscow", country="RU", shortened_pre_holidays=shortened
    )


@pytest.fixture(scope="module")
def schedules() -> dict[str, Schedule]:
    """One schedule per row of the norms table, and the hours a day each counts."""
    return {
        "days": weekly("09:00-17:00", shortened=False),
        "40h": weekly("09:00-17:00", shortened=True),
        "36h": weekly("09:00-16:12", shortened=True),
        "24h": weekly("09:00-13:48", shortened=True),
    }


def hours_text(value: dt.timedelta) -> str:
    """A norm as the calendars print it: 143, 135.8."""
    tenths = round(value / H * 10)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"


class TestMonthlyNorms:
    @pytest.mark.parametrize("year", YEARS)
    def test_every_month_matches_the_official_calendar(
        self, schedules: dict[str, Schedule], year: int
    ) -> None:
        """Working days and hours at 40/36/24 h a week, month by month, as published."""
        expected = {row.split()[0]: row.split()[1:] for row in NORMS[year].strip().splitlines()}
        actual: dict[str, list[str]] = {row: [] for row in expected}
        for month in range(1, 13):
            start, end = month_start(year, month), month_end(year, month)
            for row, schedule in schedules.items():
                worked = schedule.elapsed(start, end)
                actual[row].append(str(worked // (8 * H)) if row == "days" else hours_text(worked))
        assert actual == expected

    @pytest.mark.parametrize("year", sorted(OFFICIAL_TOTALS))
    def test_yearly_totals(self, schedules: dict[str, Schedule], year: int) -> None:
        """The year's working days and hours at 40 h a week are the official totals."""
        start, end = month_start(year, 1), month_end(year, 12)
        days = schedules["days"].elapsed(start, end) // (8 * H)
        hours = schedules["40h"].elapsed(start, end) / H
        assert (days, hours) == OFFICIAL_TOTALS[year]

    @pytest.mark.parametrize("year", YEARS)
    def test_the_norms_table_adds_up_to_the_totals(self, year: int) -> None:
        """The twelve months of the table sum to the year (247 or 248 days)."""
        rows = {row.split()[0]: row.split()[1:] for row in NORMS[year].strip().splitlines()}
        days = sum(map(int, rows["days"]))
        hours = sum(map(float, rows["40h"]))
        # 8 h a working day less one hour a shortened day.
        assert hours == 8 * days - len(SHORTENED[year].split())
        if year in OFFICIAL_TOTALS:
            assert (days, hours) == OFFICIAL_TOTALS[year]


class TestDates:
    @pytest.mark.parametrize("year", YEARS)
    def test_shortened_days(self, schedules: dict[str, Schedule], year: int) -> None:
        """Exactly the published pre-holiday days are one hour shorter."""
        schedule = schedules["40h"]
        days = (dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366))
        found = {
            day for day in days if day.year == year and schedule.day(day).kind is DayKind.SHORTENED
        }
        assert found == dates(year, SHORTENED[year])
        assert RU_PRODUCTION[year].shortened == found

    @pytest.mark.parametrize("year", YEARS)
    def test_working_weekend_days(self, schedules: dict[str, Schedule], year: int) -> None:
        """The decree's working Saturdays are worked, with the weekday hours."""
        expected = dates(year, WORKING_WEEKEND_DAYS[year])
        assert RU_PRODUCTION[year].working_weekend_days == expected
        for day in expected:
            assert schedules["days"].day(day).kind is DayKind.TRANSFERRED_WORKDAY
            start = dt.datetime.combine(day, dt.time(), MSK)
            assert schedules["days"].elapsed(start, start + dt.timedelta(days=1)) == 8 * H

    def test_women_s_day_2014_gives_monday_off(self, schedules: dict[str, Schedule]) -> None:
        """Saturday 2014-03-08 moves to Monday 2014-03-10 (art. 112), which holidays misses."""
        plan = schedules["days"].day(dt.date(2014, 3, 10))
        assert plan.kind is DayKind.HOLIDAY
        assert plan.holiday == "International Women's Day (observed)"
        # Fri 2014-03-07 is shortened to 09:00-16:00, so from 16:00 nothing is left on
        # Friday; Sat 8, Sun 9 and Mon 10 are off; Tue 2014-03-11 09:00 + 2 h = 11:00.
        start = dt.datetime(2014, 3, 7, 16, tzinfo=MSK)
        assert schedules["40h"].add(start, 2 * H) == dt.datetime(2014, 3, 11, 11, tzinfo=MSK)

    def test_presidential_non_working_days_are_working_days(
        self, schedules: dict[str, Schedule]
    ) -> None:
        """2020-04-01 and 2021-11-01 (COVID decrees) count as working days, as the norms do."""
        for day in (dt.date(2020, 4, 1), dt.date(2021, 11, 1)):
            assert schedules["days"].day(day).kind is DayKind.WORKDAY


class TestTables:
    @pytest.mark.parametrize("year", YEARS)
    def test_every_year_cites_its_decree(self, year: int) -> None:
        """Each table names the government decree that moves the year's days off."""
        assert RU_PRODUCTION[year].decree.startswith("Постановление Правительства РФ")

    @pytest.mark.parametrize("year", YEARS)
    def test_days_off_are_weekdays_and_shortened_days_are_worked(self, year: int) -> None:
        """A moved day off lands on a weekday; a shortened day is a working day."""
        table = RU_PRODUCTION[year]
        statutory = table.statutory
        for _, day_off in (*table.transfers, *table.observed):
            assert day_off.weekday() < 5
            assert day_off not in statutory
        for holiday, _ in table.observed:
            assert holiday.weekday() >= 5
        for day in table.shortened:
            assert day not in table.holidays
            assert day.weekday() < 5 or day in table.working_weekend_days

    @pytest.mark.parametrize("year", YEARS)
    def test_the_holidays_package_agrees_but_for_known_errors(self, year: int) -> None:
        """``holidays`` has the same days off and working days, except UPSTREAM_MISSING."""
        table = RU_PRODUCTION[year]
        package = holidays.country_holidays("RU", years=year)
        missing = {day for day in UPSTREAM_MISSING if day.year == year}
        assert {day for day in package if day.year == year} | missing == set(table.holidays)
        assert set(package.weekend_workdays) == table.working_weekend_days

    @pytest.mark.parametrize("day", sorted(UPSTREAM_MISSING))
    def test_our_corrections_are_still_needed(self, day: dt.date) -> None:
        """When ``holidays`` gains a day we correct, this fails: drop our correction."""
        package = holidays.country_holidays("RU", years=day.year)
        assert day not in package, (
            f"upstream fixed: holidays {holidays.__version__} now has {day} "
            f"({package.get(day)}); drop our correction from UPSTREAM_MISSING"
        )


@st.composite
def synthetic_years(
    draw: st.DrawFn,
) -> tuple[int, frozenset[dt.date], list[tuple[dt.date, dt.date]]]:
    """A year with statutory holidays and random decree transfers weekend -> weekday."""
    year = draw(st.integers(2013, 2099))
    first = dt.date(year, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]
    statutory = statutory_holidays(year)
    weekends = [d for d in days if d.weekday() >= 5 and d not in statutory]
    weekdays = [d for d in days if d.weekday() < 5 and d not in statutory]
    moved = draw(st.lists(st.sampled_from(weekends), unique=True, max_size=5))
    offs = draw(
        st.lists(st.sampled_from(weekdays), unique=True, min_size=len(moved), max_size=len(moved))
    )
    return year, frozenset(statutory) | frozenset(offs), list(zip(moved, offs, strict=True))


class TestArt95Rule:
    @given(st.sampled_from(YEARS))
    def test_rule_and_published_tables_agree(self, year: int) -> None:
        """Where a year has no published exceptions (none 2013-2027 has), rule == table."""
        table = RU_PRODUCTION[year]
        assert table.shortened_by_rule() == table.shortened

    @given(synthetic_years())
    def test_rule_shortens_worked_eves_and_stand_ins_only(
        self, case: tuple[int, frozenset[dt.date], list[tuple[dt.date, dt.date]]]
    ) -> None:
        """Every shortened day is worked; every worked weekday eve of a holiday is shortened."""
        year, days_off, transfers = case
        statutory = {**statutory_holidays(year), **statutory_holidays(year + 1)}
        shortened = shortened_by_rule(year, statutory, days_off, transfers)
        worked_weekends = {moved for moved, _ in transfers}
        one = dt.timedelta(days=1)
        for day in shortened:
            assert day.year == year
            assert day not in days_off
            assert day.weekday() < 5 or day in worked_weekends
            stands_for = {off for moved, off in transfers if moved == day}
            assert day + one in statutory or any(off + one in statutory for off in stands_for)
        for day in statutory:
            eve = day - one
            if eve.year == year and eve.weekday() < 5 and eve not in days_off:
                assert eve in shortened

    def test_years_before_the_tables_follow_the_rule(self) -> None:
        """2012 comes from holidays + art. 95: 249 days, 1986 hours, as published.

        Its shortened days include the working Saturdays 04-28, 05-12, 06-09 and 12-29,
        each worked for a Monday before a holiday: 249 x 8 - 6 = 1986.
        """
        schedule = weekly("09:00-17:00", shortened=True)
        start, end = month_start(2012, 1), month_start(2012, 13)
        assert schedule.elapsed(start, end) == 1986 * H
        assert schedule.day(dt.date(2012, 5, 12)).kind is DayKind.SHORTENED
        assert schedule.day(dt.date(2012, 5, 5)).kind is DayKind.TRANSFERRED_WORKDAY

    def test_a_production_year_is_a_value(self) -> None:
        """Tables are frozen values: equal by content, hashable."""
        table = RU_PRODUCTION[2021]
        copy = ProductionYear(
            table.year, table.decree, table.transfers, table.observed, table.shortened
        )
        assert copy == table
        assert hash(copy) == hash(table)
