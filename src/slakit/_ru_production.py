"""The Russian production calendar of 2013-2027, date by date, one table per year.

Each year is what its government decree on the transfer of days off («О переносе
выходных дней в N году») and Labour Code art. 112 make of it, with the shortened
pre-holiday days (art. 95) of the Ministry of Labour's production calendar. These
tables are the source of truth for those years; the ``holidays`` package is
cross-checked against them in the tests, and where it is wrong (it misses Monday
2014-03-10, the day off for Women's Day on a Saturday) these tables are right.

Checked against: the decrees' texts; the yearly totals of the official calendars
(working days and hours at 40 hours a week); the monthly norms of the published
production calendars. See ``docs/calendar.md``.

The statutory holidays since 2013 (art. 112 part 1, as amended by Federal Law
No. 35-FZ of 23.04.2012): January 1-6 and 8 (New Year holidays), January 7
(Christmas), February 23, March 8, May 1, May 9, June 12 and November 4. A holiday on
a weekend day moves to the next working day (art. 112 part 2), except the January
holidays, whose weekend days the government moves by decree to other dates.

The non-working days the President declared in 2020 and 2021 (COVID-19) are not
days off of the production calendar: the official norms of those years count them as
working days, and so do these tables. A desk that closed adds them with ``days_off``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

__all__ = ["FIRST_YEAR", "LAST_YEAR", "RU_PRODUCTION", "UPSTREAM_MISSING", "ProductionYear"]

#: The first and last year of the tables.
FIRST_YEAR = 2013
LAST_YEAR = 2027

# Art. 112 part 1 since 2013, with the English names the ``holidays`` package uses.
_STATUTORY = (
    (1, 1, "New Year Holidays"),
    (1, 2, "New Year Holidays"),
    (1, 3, "New Year Holidays"),
    (1, 4, "New Year Holidays"),
    (1, 5, "New Year Holidays"),
    (1, 6, "New Year Holidays"),
    (1, 7, "Christmas Day"),
    (1, 8, "New Year Holidays"),
    (2, 23, "Defender of the Fatherland Day"),
    (3, 8, "International Women's Day"),
    (5, 1, "Holiday of Spring and Labor"),
    (5, 9, "Victory Day"),
    (6, 12, "Russia Day"),
    (11, 4, "Unity Day"),
)


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The non-working holidays of art. 112 part 1 (the 2013 list) in ``year``."""
    return {dt.date(year, month, day): name for month, day, name in _STATUTORY}


@attrs.frozen
class ProductionYear:
    """One year of the production calendar, as its decree and the Labour Code make it.

    Attributes:
        year: The calendar year.
        decree: The government decree that moves the year's days off.
        transfers: ``(moved_from, day_off)`` pairs, each the decree's «с ... на ...»:
            the day off moves from ``moved_from`` (a holiday or weekend day, or a
            weekday that art. 112 had made a day off) to ``day_off``, a weekday.
        observed: ``(holiday, day_off)`` pairs of art. 112 part 2: a holiday on a
            weekend gives the next working day off.
        shortened: The working days one hour shorter before a holiday (art. 95), as
            the official calendar of the year lists them.
    """

    year: int
    decree: str
    transfers: tuple[tuple[dt.date, dt.date], ...]
    observed: tuple[tuple[dt.date, dt.date], ...]
    shortened: frozenset[dt.date]

    @property
    def statutory(self) -> dict[dt.date, str]:
        """The year's statutory holidays with their names."""
        return statutory_holidays(self.year)

    @property
    def holidays(self) -> dict[dt.date, str]:
        """Every non-working day that is not a plain weekend day, with its name."""
        statutory = self.statutory
        names = dict(statutory)
        for moved_from, day_off in self.transfers:
            names[day_off] = f"Day off (substituted from {moved_from.isoformat()})"
        for holiday, day_off in self.observed:
            names[day_off] = f"{statutory[holiday]} (observed)"
        return dict(sorted(names.items()))

    @property
    def working_weekend_days(self) -> frozenset[dt.date]:
        """The weekend days made working: the decree moved their day off elsewhere."""
        statutory = self.statutory
        return frozenset(
            moved_from
            for moved_from, _ in self.transfers
            if moved_from.weekday() >= 5 and moved_from not in statutory
        )

    def shortened_by_rule(self) -> frozenset[dt.date]:
        """The pre-holiday days art. 95 gives, read as the Ministry of Labour reads it.

        A working day immediately before a statutory holiday is one hour shorter. A
        day worked in place of a day off keeps the length of the day it stands in
        for: it is shorter when that day off is the eve of a statutory holiday
        (Saturday 2021-02-20 works for Monday 2021-02-22, the eve of February 23).
        """
        # December 31 is the eve of the next year's January 1.
        statutory = {**self.statutory, **statutory_holidays(self.year + 1)}
        return shortened_by_rule(self.year, statutory, frozenset(self.holidays), self.transfers)


def shortened_by_rule(
    year: int,
    statutory: Mapping[dt.date, str],
    days_off: frozenset[dt.date],
    transfers: Iterable[tuple[dt.date, dt.date]],
) -> frozenset[dt.date]:
    """Art. 95 on one year: eves of statutory holidays, and days worked for such eves.

    ``days_off`` holds every non-working date that is not a plain weekend day;
    ``transfers`` the ``(moved_from, day_off)`` pairs of the year's decree.
    """
    one = dt.timedelta(days=1)
    eves = {
        day - one
        for day in statutory
        if (day - one).year == year and (day - one).weekday() < 5 and day - one not in days_off
    }
    stand_ins = {
        moved_from
        for moved_from, day_off in transfers
        if moved_from.year == year and moved_from not in days_off and day_off + one in statutory
    }
    return frozenset(eves | stand_ins)


def _year(
    year: int,
    decree: str,
    *,
    transfers: Iterable[tuple[tuple[int, int], tuple[int, int]]],
    observed: Iterable[tuple[tuple[int, int], tuple[int, int]]] = (),
    shortened: Iterable[tuple[int, int]],
) -> ProductionYear:
    def day(month_day: tuple[int, int]) -> dt.date:
        return dt.date(year, *month_day)

    return ProductionYear(
        year,
        decree,
        tuple((day(a), day(b)) for a, b in transfers),
        tuple((day(a), day(b)) for a, b in observed),
        frozenset(map(day, shortened)),
    )


_TABLES = (
    _year(
        2013,
        "Постановление Правительства РФ от 15.10.2012 № 1048",
        transfers=(((1, 5), (5, 2)), ((1, 6), (5, 3)), ((2, 25), (5, 10))),
        shortened=((2, 22), (3, 7), (4, 30), (5, 8), (6, 11), (12, 31)),
    ),
    _year(
        2014,
        "Постановление Правительства РФ от 28.05.2013 № 444",
        # «с понедельника 24 февраля на понедельник 3 ноября»: Monday 24 February
        # (the art. 112 day off for Sunday 23 February) is worked for 3 November,
        # the eve of Unity Day, so it is the shortened day.
        transfers=(((1, 4), (5, 2)), ((1, 5), (6, 13)), ((2, 24), (11, 3))),
        observed=(((3, 8), (3, 10)),),
        shortened=((2, 24), (3, 7), (4, 30), (5, 8), (6, 11), (12, 31)),
    ),
    _year(
        2015,
        "Постановление Правительства РФ от 27.08.2014 № 860",
        transfers=(((1, 3), (1, 9)), ((1, 4), (5, 4))),
        observed=(((3, 8), (3, 9)), ((5, 9), (5, 11))),
        shortened=((4, 30), (5, 8), (6, 11), (11, 3), (12, 31)),
    ),
    _year(
        2016,
        "Постановление Правительства РФ от 24.09.2015 № 1017",
        transfers=(((1, 2), (5, 3)), ((1, 3), (3, 7)), ((2, 20), (2, 22))),
        observed=(((5, 1), (5, 2)), ((6, 12), (6, 13))),
        shortened=((2, 20), (11, 3)),
    ),
    _year(
        2017,
        "Постановление Правительства РФ от 04.08.2016 № 756",
        transfers=(((1, 1), (2, 24)), ((1, 7), (5, 8))),
        observed=(((11, 4), (11, 6)),),
        shortened=((2, 22), (3, 7), (11, 3)),
    ),
    _year(
        2018,
        "Постановление Правительства РФ от 14.10.2017 № 1250",
        transfers=(
            ((1, 6), (3, 9)),
            ((1, 7), (5, 2)),
            ((4, 28), (4, 30)),
            ((6, 9), (6, 11)),
            ((12, 29), (12, 31)),
        ),
        observed=(((11, 4), (11, 5)),),
        shortened=((2, 22), (3, 7), (4, 28), (5, 8), (6, 9), (12, 29)),
    ),
    _year(
        2019,
        "Постановление Правительства РФ от 01.10.2018 № 1163",
        transfers=(((1, 5), (5, 2)), ((1, 6), (5, 3)), ((2, 23), (5, 10))),
        shortened=((2, 22), (3, 7), (4, 30), (5, 8), (6, 11), (12, 31)),
    ),
    _year(
        2020,
        "Постановление Правительства РФ от 10.07.2019 № 875",
        transfers=(((1, 4), (5, 4)), ((1, 5), (5, 5))),
        observed=(((2, 23), (2, 24)), ((3, 8), (3, 9)), ((5, 9), (5, 11))),
        shortened=((4, 30), (5, 8), (6, 11), (11, 3), (12, 31)),
    ),
    _year(
        2021,
        "Постановление Правительства РФ от 10.10.2020 № 1648",
        transfers=(((1, 2), (11, 5)), ((1, 3), (12, 31)), ((2, 20), (2, 22))),
        observed=(((5, 1), (5, 3)), ((5, 9), (5, 10)), ((6, 12), (6, 14))),
        shortened=((2, 20), (4, 30), (6, 11), (11, 3)),
    ),
    _year(
        2022,
        "Постановление Правительства РФ от 16.09.2021 № 1564",
        transfers=(((1, 1), (5, 3)), ((1, 2), (5, 10)), ((3, 5), (3, 7))),
        observed=(((5, 1), (5, 2)), ((6, 12), (6, 13))),
        shortened=((2, 22), (3, 5), (11, 3)),
    ),
    _year(
        2023,
        "Постановление Правительства РФ от 29.08.2022 № 1505",
        transfers=(((1, 1), (2, 24)), ((1, 8), (5, 8))),
        observed=(((11, 4), (11, 6)),),
        shortened=((2, 22), (3, 7), (11, 3)),
    ),
    _year(
        2024,
        "Постановление Правительства РФ от 10.08.2023 № 1314",
        transfers=(
            ((4, 27), (4, 29)),
            ((11, 2), (4, 30)),
            ((1, 6), (5, 10)),
            ((12, 28), (12, 30)),
            ((1, 7), (12, 31)),
        ),
        shortened=((2, 22), (3, 7), (5, 8), (6, 11), (11, 2)),
    ),
    _year(
        2025,
        "Постановление Правительства РФ от 04.10.2024 № 1335",
        transfers=(
            ((1, 4), (5, 2)),
            ((1, 5), (12, 31)),
            ((2, 23), (5, 8)),
            ((3, 8), (6, 13)),
            ((11, 1), (11, 3)),
        ),
        shortened=((3, 7), (4, 30), (6, 11), (11, 1)),
    ),
    _year(
        2026,
        "Постановление Правительства РФ от 24.09.2025 № 1466",
        transfers=(((1, 3), (1, 9)), ((1, 4), (12, 31))),
        observed=(((3, 8), (3, 9)), ((5, 9), (5, 11))),
        shortened=((4, 30), (5, 8), (6, 11), (11, 3)),
    ),
    _year(
        2027,
        "Постановление Правительства РФ от 17.09.2026 № 1187",
        transfers=(((1, 2), (11, 5)), ((1, 3), (12, 31)), ((2, 20), (2, 22))),
        observed=(((5, 1), (5, 3)), ((5, 9), (5, 10)), ((6, 12), (6, 14))),
        shortened=((2, 20), (4, 30), (6, 11), (11, 3)),
    ),
)

#: The production calendar of each year 2013-2027.
RU_PRODUCTION: Mapping[int, ProductionYear] = {table.year: table for table in _TABLES}

#: Days off the ``holidays`` package lacks, by date, with why they are days off. The
#: tables above have them; a test notices when the package gains them.
UPSTREAM_MISSING: Mapping[dt.date, str] = {
    dt.date(2014, 3, 10): "art. 112: Women's Day, March 8, fell on a Saturday",
}
