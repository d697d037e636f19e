"""The business calendar: which dates are worked, with which hours, and why.

Holidays come from the ``holidays`` package by country (and subdivision). For Russia
that is the production calendar: public holidays, the automatic days off of Labour Code
art. 112 (a holiday on a weekend moves to the next working day), the days off moved by
government decree (2026-01-09) and the weekend days made working in exchange (Saturday
2025-11-01). On top of it a desk adds its own days off, working days and special hours.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping

import attrs
import holidays

from slakit.errors import InvalidScheduleError, UnknownCountryError
from slakit.hours import DayHours, Hours, WeekHours, parse_day_hours

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "RU_SHORTENED_DAYS",
    "Calendar",
    "CalendarYear",
    "DayKind",
    "DayPlan",
    "published_through",
]

#: The years slakit computes calendars for (the ``holidays`` package's own range ends at 2100).
MIN_YEAR = 1970
MAX_YEAR = 2100

# Labour Code art. 95: the working day before a non-working holiday is one hour
# shorter. The official calendars do not follow the rule mechanically (a working
# Saturday is shortened only when the weekday it stands in for precedes a holiday), so
# the published dates are data; the rule serves only years without published dates.
# Source: the production calendars published with the government decrees on the
# transfer of days off for 2024, 2025, 2026 and 2027.
RU_SHORTENED_DAYS: Mapping[int, frozenset[dt.date]] = {
    2024: frozenset(dt.date(2024, m, d) for m, d in ((2, 22), (3, 7), (5, 8), (6, 11), (11, 2))),
    2025: frozenset(dt.date(2025, m, d) for m, d in ((3, 7), (4, 30), (6, 11), (11, 1))),
    2026: frozenset(dt.date(2026, m, d) for m, d in ((4, 30), (5, 8), (6, 11), (11, 3))),
    2027: frozenset(dt.date(2027, m, d) for m, d in ((2, 20), (4, 30), (6, 11), (11, 3))),
}

_SHORTENING = 60  # minutes taken off a pre-holiday day


class DayKind(enum.Enum):
    """Why a date has the hours it has."""

    WORKDAY = "working day"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    TRANSFERRED_WORKDAY = "transferred working day"
    SHORTENED = "shortened pre-holiday day"
    DAY_OFF = "day off (the desk's own)"
    EXTRA_WORKDAY = "working day (the desk's own)"
    SPECIAL_HOURS = "special hours"


@attrs.frozen
class DayPlan:
    """One date's working hours and the reason for them (``holiday`` names the holiday)."""

    date: dt.date
    hours: DayHours
    kind: DayKind
    holiday: str | None = None


@attrs.frozen
class CalendarYear:
    """One year of a country's calendar, as far as working time is concerned."""

    year: int
    holidays: Mapping[dt.date, str]
    weekend_workdays: frozenset[dt.date]
    shortened: frozenset[dt.date]
    provisional: bool


@functools.cache
def _country_class(country: str) -> type[holidays.HolidayBase]:
    """The ``holidays`` class for a country code, or an error listing the valid codes."""
    supported = holidays.list_supported_countries()
    if not isinstance(country, str) or country.upper() not in supported:
        raise UnknownCountryError(country, supported, shown=20)
    cls: type[holidays.HolidayBase] = getattr(holidays, country.upper())
    return cls


@functools.cache
def published_through(country: str) -> int | None:
    """The last year for which the ``holidays`` package knows days off moved by decree.

    ``None`` for a country that does not move days off: its calendar follows fixed
    rules and is never provisional. The package lists a transfer as
    ``(month, day, from_month, from_day)``; one-off holidays have other shapes.
    """
    table = getattr(_country_class(country)(), "special_public_holidays", None) or {}
    years = [year for year, entries in table.items() if any(map(_is_transfer, _entries(entries)))]
    return max(years) if years else None


def _entries(entries: tuple[object, ...]) -> tuple[object, ...]:
    return (entries,) if entries and isinstance(entries[0], int) else entries


def _is_transfer(entry: object) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) in (4, 5)
        and all(isinstance(value, int) for value in entry)
    )


def _is_substitution(name: str) -> bool:
    """A day off moved by decree, as opposed to a statutory holiday."""
    return name.startswith("Day off")


def _date_set(values: object, name: str) -> frozenset[dt.date]:
    if values is None:
        return frozenset()
    if isinstance(values, str | bytes | Mapping) or not hasattr(values, "__iter__"):
        raise InvalidScheduleError(f"{name} must be a collection of dates, got {values!r:.80}")
    items = list(values)
    bad = [v for v in items if not isinstance(v, dt.date) or isinstance(v, dt.datetime)]
    if bad:
        raise InvalidScheduleError(f"{name} must hold datetime.date values, got {bad[0]!r:.80}")
    return frozenset(items)


def _special_hours(values: object) -> tuple[tuple[dt.date, DayHours], ...]:
    if values is None:
        return ()
    if not isinstance(values, Mapping):
        raise InvalidScheduleError(
            "special_hours must map dates to hours like {date(2026, 12, 31): '09:00-14:00'}, "
            f"got {values!r:.80}"
        )
    pairs = []
    for day, hours in values.items():
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidScheduleError(f"special_hours keys must be dates, got {day!r:.80}")
        pairs.append((day, parse_day_hours(hours)))
    return tuple(sorted(pairs))


@attrs.frozen
class Calendar:
    """Which dates are worked: a country's holidays plus the desk's own exceptions."""

    country: str | None = None
    subdiv: str | None = None
    days_off: frozenset[dt.date] = frozenset()
    working_days: frozenset[dt.date] = frozenset()
    special_hours: tuple[tuple[dt.date, DayHours], ...] = ()
    shortened_pre_holidays: bool = False

    @classmethod
    def build(
        cls,
        country: str | None = None,
        *,
        subdiv: str | None = None,
        days_off: object = None,
        working_days: object = None,
        special_hours: object = None,
        shortened_pre_holidays: bool = False,
    ) -> Calendar:
        """Validate user input into a calendar; every problem is a ``SlakitError``."""
        if country is not None:
            if not isinstance(country, str):
                raise UnknownCountryError(country, holidays.list_supported_countries(), shown=20)
            subdivisions = _country_class(country).subdivisions
            country = country.upper()
            if subdiv is not None and not subdivisions:
                raise InvalidScheduleError(
                    f"the {country} holiday calendar has no subdivisions; leave subdiv out"
                )
            if subdiv is not None and subdiv not in subdivisions:
                raise UnknownCountryError(
                    f"{country}-{subdiv}", (f"{country}-{s}" for s in subdivisions)
                )
        elif subdiv is not None:
            raise InvalidScheduleError(f"subdiv={subdiv!r} needs a country")
        if not isinstance(shortened_pre_holidays, bool):
            raise InvalidScheduleError(
                f"shortened_pre_holidays must be True or False, got {shortened_pre_holidays!r}"
            )
        if shortened_pre_holidays and country != "RU":
            raise InvalidScheduleError(
                "shortened_pre_holidays follows the Russian Labour Code (art. 95) and needs "
                f"country='RU', got country={country!r}"
            )
        off = _date_set(days_off, "days_off")
        work = _date_set(working_days, "working_days")
        if off & work:
            raise InvalidScheduleError(
                f"{min(off & work)} is both in days_off and in working_days; keep it in one"
            )
        return cls(
            country, subdiv, off, work, _special_hours(special_hours), shortened_pre_holidays
        )

    def year(self, year: int) -> CalendarYear:
        """The country's calendar for one year (computed each call: the engine caches it)."""
        if self.country is None:
            return CalendarYear(year, {}, frozenset(), frozenset(), provisional=False)
        found = holidays.country_holidays(
            self.country, subdiv=self.subdiv, years=year, language="en_US"
        )
        names = {day: found[day] for day in sorted(found) if day.year == year}
        workdays = frozenset(d for d in getattr(found, "weekend_workdays", ()) if d.year == year)
        last = published_through(self.country)
        shortened: frozenset[dt.date] = frozenset()
        if self.shortened_pre_holidays:
            shortened = RU_SHORTENED_DAYS.get(year) or _shortened_by_rule(year, names)
        return CalendarYear(
            year, names, workdays, shortened, provisional=last is not None and year > last
        )

    def plan(self, day: dt.date, week: WeekHours, year: CalendarYear) -> DayPlan:
        """The hours worked on ``day`` and why, from the most specific rule that applies.

        In order: special hours, the desk's days off, the desk's working days, the
        country's holidays, its transferred working days, shortened pre-holiday days,
        then the weekly hours.
        """
        for special_day, hours in self.special_hours:
            if special_day == day:
                return DayPlan(day, hours, DayKind.SPECIAL_HOURS)
        if day in self.days_off:
            return DayPlan(day, (), DayKind.DAY_OFF)
        regular = week[day.weekday()]
        if day in self.working_days:
            return DayPlan(day, regular or _first_hours(week), DayKind.EXTRA_WORKDAY)
        holiday = year.holidays.get(day)
        if holiday is not None:
            return DayPlan(day, (), DayKind.HOLIDAY, holiday)
        kind = DayKind.WORKDAY
        if day in year.weekend_workdays:
            regular, kind = regular or _first_hours(week), DayKind.TRANSFERRED_WORKDAY
        if not regular:
            return DayPlan(day, (), DayKind.WEEKEND)
        if day in year.shortened:
            return DayPlan(day, _shorten(regular), DayKind.SHORTENED)
        return DayPlan(day, regular, kind)


def _shortened_by_rule(year: int, names: Mapping[dt.date, str]) -> frozenset[dt.date]:
    """Art. 95 as written: a weekday that is worked and precedes a statutory holiday."""
    statutory = holidays.country_holidays(
        "RU", years=(year, year + 1), observed=False, language="en_US"
    )
    eves = (
        day - dt.timedelta(days=1) for day, name in statutory.items() if not _is_substitution(name)
    )
    return frozenset(
        eve for eve in eves if eve.year == year and eve.weekday() < 5 and eve not in names
    )


def _first_hours(week: WeekHours) -> DayHours:
    """A weekend day made working gets the first working weekday's hours (usually Monday's)."""
    return next(hours for hours in week if hours)


def _shorten(hours: DayHours) -> DayHours:
    """One hour off the end of the working day, taken from its last periods."""
    kept = list(hours)
    cut = _SHORTENING
    while cut and kept:
        last = kept.pop()
        if last.end - last.start > cut:
            kept.append(Hours(last.start, last.end - cut))
            break
        cut -= last.end - last.start
    return tuple(kept)
