"""The business calendar: which dates are worked, with which hours, and why.

Holidays come from the ``holidays`` package by country (and subdivision). For Russia
that is the production calendar: public holidays, the automatic days off of Labour Code
art. 112 (a holiday on a weekend moves to the next working day), the days off moved by
government decree (2026-01-09) and the weekend days made working in exchange (Saturday
2025-11-01). For 2013-2027 the Russian calendar comes from slakit's own tables, one per
year citing its decree (:mod:`slakit._ru_production`), checked date by date against the
official production calendars; other years come from ``holidays``. On top of it a desk
adds its own days off, working days and special hours.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
import importlib.util
import itertools
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from slakit._ru_production import RU_PRODUCTION, shortened_by_rule
from slakit.errors import InvalidScheduleError, SlakitError, UnknownCountryError
from slakit.hours import DayHours, Hours, WeekHours, parse_day_hours

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "RU_SHORTENED_DAYS",
    "Calendar",
    "CalendarDataError",
    "CalendarYear",
    "DayKind",
    "DayPlan",
    "published_through",
]

#: The years slakit computes calendars for (the ``holidays`` package's own range ends at 2100).
MIN_YEAR = 1970
MAX_YEAR = 2100

#: Labour Code art. 95: the working day before a non-working holiday is one hour
#: shorter. The official calendars' dates, 2013-2027, from the production tables; other
#: years follow the rule (see :func:`slakit._ru_production.shortened_by_rule`).
RU_SHORTENED_DAYS: Mapping[int, frozenset[dt.date]] = {
    year: table.shortened for year, table in RU_PRODUCTION.items()
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


class CalendarDataError(SlakitError, RuntimeError):
    """The installed ``holidays`` package lacks data slakit reads (a changed internal).

    slakit refuses to guess rather than silently drop transferred days off: install a
    ``holidays`` version that slakit supports (see the ``dependencies`` floor).
    """

    def __init__(self, what: str, version: str) -> None:
        self.what = what
        self.version = version
        super().__init__(
            f"the installed holidays package (version {version}) has no {what}, which "
            "slakit reads for days off moved by decree; install a holidays version slakit "
            "supports (holidays>=0.107) or report this to slakit"
        )


def _holidays() -> Any:
    """The ``holidays`` package, imported on first use (``Schedule.always`` never needs it)."""
    return importlib.import_module("holidays")


def _internal(holder: object, name: str) -> Any:
    """An attribute of ``holidays`` that slakit relies on; its absence is an error."""
    try:
        return getattr(holder, name)
    except AttributeError:
        what = f"{type(holder).__name__}.{name}"
        raise CalendarDataError(what, _holidays().__version__) from None


@functools.cache
def _country_codes() -> tuple[str, ...]:
    """Every country code ``holidays`` knows (with aliases), read from its registry.

    The registry is a plain table: reading it imports no country module, unlike
    ``holidays.list_supported_countries()``, which imports all of them (~90 ms).
    """
    registry = _internal(_holidays(), "registry")
    entities = _internal(registry, "EntityLoader")
    return tuple(sorted(set(entities.get_country_codes(include_aliases=True))))


@functools.cache
def _country_class(country: str) -> Any:
    """The ``holidays`` class for a country code, or an error listing the valid codes."""
    codes = _country_codes()
    if not isinstance(country, str) or country.upper() not in codes:
        raise UnknownCountryError(country, codes, shown=20)
    code = country.upper()
    countries: Mapping[str, tuple[str, ...]] = _internal(
        _internal(_holidays(), "registry"), "COUNTRIES"
    )
    module, (name, *_) = next((m, names) for m, names in countries.items() if code in names)
    return getattr(_country_module(module, Path(_holidays().__file__).parent), name)


def _country_module(module: str, package: Path) -> ModuleType:
    """One ``holidays`` country module, without importing every other country.

    Importing ``holidays.countries.russia`` the usual way runs the package's
    ``countries/__init__.py``, which imports all ~250 country modules (~80 ms for a
    fresh process). The module file is loaded on its own instead, under a private name;
    a module already imported the usual way is reused, and a layout this shortcut does
    not know falls back to the usual import.
    """
    usual = f"holidays.countries.{module}"
    loaded = sys.modules.get(usual)
    if loaded is not None:
        return loaded
    path = package / "countries" / f"{module}.py"
    if not path.is_file():
        return importlib.import_module(usual)
    spec = importlib.util.spec_from_file_location(f"_slakit_holidays_{module}", path)
    assert spec is not None  # a .py file always has a spec ...
    assert spec.loader is not None  # ... and a loader
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


@functools.cache
def published_through(country: str) -> int | None:
    """The last year whose days moved by decree slakit knows for a country.

    ``None`` for a country that does not move days off: its calendar follows fixed
    rules and is never provisional. For Russia that is the later of the last year of
    slakit's production tables and the last year of transfers in ``holidays``, which
    lists a transfer as ``(month, day, from_month, from_day)``; one-off holidays have
    other shapes.
    """
    instance = _country_class(country)()
    if country.upper() in ("RU", "RUS"):
        table = _internal(instance, "special_public_holidays")
    else:  # most countries move no days and have no such table
        table = getattr(instance, "special_public_holidays", None) or {}
    years = [year for year, entries in table.items() if any(map(_is_transfer, _entries(entries)))]
    if country.upper() in ("RU", "RUS"):
        years.append(max(RU_PRODUCTION))
    return max(years) if years else None


def _entries(entries: tuple[object, ...]) -> tuple[object, ...]:
    return (entries,) if entries and isinstance(entries[0], int) else entries


def _is_transfer(entry: object) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) in (4, 5)
        and all(isinstance(value, int) for value in entry)
    )


def _transfer_dates(entry: tuple[int, ...], year: int) -> tuple[dt.date, dt.date]:
    """``(month, day, from_month, from_day[, from_year])`` -> ``(moved_from, day_off)``."""
    to_month, to_day, from_month, from_day, *from_year = entry
    return dt.date(from_year[0] if from_year else year, from_month, from_day), dt.date(
        year, to_month, to_day
    )


_US_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
_DOTTED_DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4})\b")


def _iso_dates(name: str) -> str:
    """A holiday's name with its dates in ISO 8601, which no reader takes for another day.

    ``holidays`` names a moved day off "Day off (substituted from 01/05/2025)", month
    first as in the US (a Russian reader sees 1 May), or with a day-first dotted date in
    some languages; both become ``2025-01-05``.
    """
    return _DOTTED_DATE.sub(r"\3-\2-\1", _US_DATE.sub(r"\3-\1-\2", name))


def _is_substitution(name: str) -> bool:
    """A day off moved by decree, as opposed to a statutory holiday."""
    return name.startswith("Day off")


# -- validation of the desk's own input -------------------------------------------------


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


def _days_off(values: object) -> frozenset[dt.date]:
    return _date_set(values, "days_off")


def _working_days(values: object) -> frozenset[dt.date]:
    return _date_set(values, "working_days")


def _day_hours(value: object) -> DayHours:
    """Hours as text (``"09:00-14:00"``, a list, ``None``) or as parsed :class:`Hours`."""
    if isinstance(value, tuple) and value and all(isinstance(h, Hours) for h in value):
        periods = tuple(sorted(value))
        for before, after in itertools.pairwise(periods):
            if after.start < before.end:
                raise InvalidScheduleError(f"working periods {before} and {after} overlap")
        return periods
    return parse_day_hours(value)  # type: ignore[arg-type]


def _special_hours(values: object) -> tuple[tuple[dt.date, DayHours], ...]:
    """A mapping ``{date: hours}`` (or its items) -> sorted ``(date, hours)`` pairs."""
    if values is None:
        return ()
    pairs: Iterable[object]
    if isinstance(values, Mapping):
        pairs = values.items()
    elif isinstance(values, tuple | list) and all(
        isinstance(pair, tuple) and len(pair) == 2 for pair in values
    ):
        pairs = values
    else:
        raise InvalidScheduleError(
            "special_hours must map dates to hours like {date(2026, 12, 31): '09:00-14:00'}, "
            f"got {values!r:.80}"
        )
    parsed = {}
    for day, hours in pairs:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidScheduleError(f"special_hours keys must be dates, got {day!r:.80}")
        if day in parsed:
            raise InvalidScheduleError(f"special_hours gives {day} twice; keep one")
        parsed[day] = _day_hours(hours)
    return tuple(sorted(parsed.items()))


def _country(value: object) -> str | None:
    """A country code, upper-cased; unknown codes list the valid ones."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise UnknownCountryError(value, _country_codes(), shown=20)
    _country_class(value)
    return value.upper()


def _check_subdiv(calendar: Calendar, _: attrs.Attribute[str | None], subdiv: str | None) -> None:
    if subdiv is None:
        return
    if calendar.country is None:
        raise InvalidScheduleError(f"subdiv={subdiv!r} needs a country")
    subdivisions = tuple(_country_class(calendar.country).subdivisions)
    if not subdivisions:
        raise InvalidScheduleError(
            f"the {calendar.country} holiday calendar has no subdivisions; leave subdiv out"
        )
    if subdiv not in subdivisions:
        raise UnknownCountryError(
            f"{calendar.country}-{subdiv}", (f"{calendar.country}-{s}" for s in subdivisions)
        )


def _check_working_days(
    calendar: Calendar, _: attrs.Attribute[frozenset[dt.date]], work: frozenset[dt.date]
) -> None:
    both = calendar.days_off & work
    if both:
        raise InvalidScheduleError(
            f"{min(both)} is both in days_off and in working_days; keep it in one"
        )


def _check_shortened(calendar: Calendar, _: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidScheduleError(f"shortened_pre_holidays must be True or False, got {value!r}")
    if value and calendar.country not in ("RU", "RUS"):
        raise InvalidScheduleError(
            "shortened_pre_holidays follows the Russian Labour Code (art. 95) and needs "
            f"country='RU', got country={calendar.country!r}"
        )


def _special_index(calendar: Calendar) -> Mapping[dt.date, DayHours]:
    return dict(calendar.special_hours)


@attrs.frozen
class Calendar:
    """Which dates are worked: a country's holidays plus the desk's own exceptions.

    Every way of building one validates: ``Calendar(...)``, :meth:`build`,
    ``attrs.evolve``. Collections are stored immutable (frozensets, tuples), so a
    calendar is hashable.

    Attributes:
        country: A ``holidays`` country code (``"RU"``), upper-cased, or ``None``.
        subdiv: The country's subdivision, where holidays differ by region.
        days_off: The desk's own extra days off.
        working_days: The desk's own extra working days.
        special_hours: ``(date, hours)`` pairs, sorted by date; a mapping is accepted.
        shortened_pre_holidays: Russian pre-holiday days one hour shorter (art. 95).
    """

    country: str | None = attrs.field(default=None, converter=_country)
    subdiv: str | None = attrs.field(default=None, validator=_check_subdiv)
    days_off: frozenset[dt.date] = attrs.field(default=frozenset(), converter=_days_off)
    working_days: frozenset[dt.date] = attrs.field(
        default=frozenset(), converter=_working_days, validator=_check_working_days
    )
    special_hours: tuple[tuple[dt.date, DayHours], ...] = attrs.field(
        default=(), converter=_special_hours
    )
    shortened_pre_holidays: bool = attrs.field(default=False, validator=_check_shortened)
    # What plan() looks up, by date: one dict probe per day, however many dates.
    _special: Mapping[dt.date, DayHours] = attrs.field(
        init=False,
        default=attrs.Factory(_special_index, takes_self=True),
        eq=False,
        hash=False,
        repr=False,
    )

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
        return cls(
            country,
            subdiv,
            days_off,
            working_days,
            special_hours,
            shortened_pre_holidays,
        )

    def year(self, year: int) -> CalendarYear:
        """The country's calendar for one year (computed each call: the engine caches it)."""
        if self.country is None:
            return CalendarYear(year, {}, frozenset(), frozenset(), provisional=False)
        table = RU_PRODUCTION.get(year) if self.country in ("RU", "RUS") else None
        if table is not None:
            shortened = table.shortened if self.shortened_pre_holidays else frozenset()
            return CalendarYear(
                year, table.holidays, table.working_weekend_days, shortened, provisional=False
            )
        cls = _country_class(self.country)
        found = cls(subdiv=self.subdiv, years=year, language="en_US")
        names = {day: _iso_dates(found[day]) for day in sorted(found) if day.year == year}
        weekend_workdays = _internal(found, "weekend_workdays")
        workdays = frozenset(d for d in weekend_workdays if d.year == year)
        last = published_through(self.country)
        by_rule = _shortened_by_rule(year, names, found) if self.shortened_pre_holidays else None
        return CalendarYear(
            year,
            names,
            workdays,
            by_rule or frozenset(),
            provisional=last is not None and year > last,
        )

    def plan(self, day: dt.date, week: WeekHours, year: CalendarYear) -> DayPlan:
        """The hours worked on ``day`` and why, from the most specific rule that applies.

        In order: special hours, the desk's days off, the desk's working days, the
        country's holidays, its transferred working days, shortened pre-holiday days,
        then the weekly hours.
        """
        special = self._special.get(day)
        if special is not None:
            return DayPlan(day, special, DayKind.SPECIAL_HOURS)
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


def _shortened_by_rule(
    year: int, names: Mapping[dt.date, str], found: Mapping[dt.date, str]
) -> frozenset[dt.date]:
    """Art. 95 on a year outside the production tables, from the ``holidays`` data.

    The eves of statutory holidays, and the weekend days worked in place of such eves
    (the decree's transfers, as ``holidays`` lists them).
    """
    cls = _country_class("RU")
    statutory = {
        day: name
        for day, name in cls(years=(year, year + 1), observed=False, language="en_US").items()
        if not _is_substitution(name)
    }
    table = _internal(found, "special_public_holidays")
    transfers = [
        _transfer_dates(entry, year)  # type: ignore[arg-type]
        for entry in _entries(table.get(year, ()))
        if _is_transfer(entry)
    ]
    return shortened_by_rule(year, statutory, frozenset(names), transfers)


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
