"""Building a Calendar: every path validates, values stay values, holidays is read safely."""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

import slakit.calendar as calendar_module
from slakit import Calendar, DayKind, Schedule
from slakit.calendar import CalendarDataError, published_through
from slakit.errors import InvalidScheduleError, SlakitError, UnknownCountryError
from slakit.hours import Hours

MSK = ZoneInfo("Europe/Moscow")
H = dt.timedelta(hours=1)
NEW_YEAR = dt.date(2026, 12, 31)


class TestPublicConstructor:
    def test_converts_like_build(self) -> None:
        """Calendar(...) upper-cases the country and stores frozensets and sorted tuples."""
        made = Calendar(
            "ru",
            days_off=[NEW_YEAR],  # type: ignore[arg-type]
            special_hours={dt.date(2026, 12, 30): "09:00-14:00"},  # type: ignore[arg-type]
        )
        assert made == Calendar.build(
            "RU", days_off=(NEW_YEAR,), special_hours={dt.date(2026, 12, 30): "09:00-14:00"}
        )
        assert made.country == "RU"
        assert made.days_off == frozenset({NEW_YEAR})
        assert made.special_hours == ((dt.date(2026, 12, 30), (Hours(540, 840),)),)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"country": "XX"}, UnknownCountryError, "valid"),
            ({"country": ["RU"]}, UnknownCountryError, "valid"),
            ({"country": "US", "subdiv": "ZZ"}, UnknownCountryError, "US-CA"),
            ({"subdiv": "CA"}, InvalidScheduleError, "needs a country"),
            ({"country": "RU", "subdiv": "MOW"}, InvalidScheduleError, "no subdivisions"),
            ({"days_off": "2026-12-31"}, InvalidScheduleError, "days_off"),
            ({"working_days": [dt.datetime(2026, 1, 1)]}, InvalidScheduleError, "working_days"),
            ({"days_off": [NEW_YEAR], "working_days": [NEW_YEAR]}, InvalidScheduleError, "both"),
            ({"special_hours": ["09:00-14:00"]}, InvalidScheduleError, "special_hours must map"),
            ({"special_hours": {"2026-12-31": "09:00"}}, InvalidScheduleError, "keys must be"),
            ({"special_hours": {NEW_YEAR: "09:00-25:00"}}, InvalidScheduleError, "time of day"),
            (
                {"special_hours": ((NEW_YEAR, "09:00-10:00"), (NEW_YEAR, "11:00-12:00"))},
                InvalidScheduleError,
                "twice",
            ),
            ({"shortened_pre_holidays": "yes"}, InvalidScheduleError, "True or False"),
            ({"country": "DE", "shortened_pre_holidays": True}, InvalidScheduleError, "RU"),
        ],
    )
    def test_rejects_what_build_rejects(
        self, kwargs: dict[str, object], error: type[SlakitError], match: str
    ) -> None:
        """Bad input is a SlakitError naming the field, whichever constructor is used."""
        with pytest.raises(error, match=match):
            Calendar(**kwargs)  # type: ignore[arg-type]
        with pytest.raises(error, match=match):
            Calendar.build(**kwargs)  # type: ignore[arg-type]

    def test_evolve_validates(self) -> None:
        """attrs.evolve runs the same checks: no invalid calendar can exist."""
        good = Calendar.build("RU", special_hours={NEW_YEAR: ["09:00-12:00", "13:00-15:00"]})
        assert attrs.evolve(good, days_off=[dt.date(2026, 12, 30)]).days_off == {
            dt.date(2026, 12, 30)
        }
        # Already-parsed hours pass through unchanged.
        assert attrs.evolve(good).special_hours == good.special_hours
        with pytest.raises(UnknownCountryError):
            attrs.evolve(good, country="XX")
        with pytest.raises(InvalidScheduleError, match="overlap"):
            attrs.evolve(good, special_hours=((NEW_YEAR, (Hours(540, 720), Hours(600, 660))),))

    def test_hashable_and_picklable(self) -> None:
        """Lists given by the user become frozensets and tuples, so hash() works."""
        made = Calendar.build("RU", days_off=[NEW_YEAR], special_hours={NEW_YEAR: None})
        assert hash(made) == hash(
            Calendar.build("RU", days_off={NEW_YEAR}, special_hours={NEW_YEAR: ""})
        )
        assert pickle.loads(pickle.dumps(made)) == made

    def test_unknown_country_suggests_the_closest_codes(self) -> None:
        """A typo in the country code names the likely code."""
        with pytest.raises(UnknownCountryError) as info:
            Calendar("RUU")
        assert "RU" in info.value.suggestions or "RUS" in info.value.suggestions


class TestSpecialHours:
    def test_many_dates_answer_by_date(self) -> None:
        """40,000 special dates: each date gets its own hours, the others the week's.

        Every other day of 1990-2099 gets 10:00-12:00; an 8-hour weekday calendar
        without holidays then works 2 h on those days and 8 h on the rest.
        """
        first = dt.date(1990, 1, 1)
        special = {first + dt.timedelta(days=2 * i): "10:00-12:00" for i in range(20_000)}
        schedule = Schedule.weekly({"mon-fri": "09:00-17:00"}, tz="UTC", special_hours=special)
        assert schedule.day(first).kind is DayKind.SPECIAL_HOURS
        assert schedule.day(first + dt.timedelta(days=1)).kind is DayKind.WORKDAY
        # Mon 2024-01-01 .. Sun 01-07: is 2024-01-01 special? (2024-01-01 - 1990-01-01)
        # = 12418 days, even: yes. Special Mon, Wed, Fri, Sun (2+2+2+2 h, Sunday too);
        # regular Tue, Thu (8 + 8 h); Saturday off: 8 + 16 = 24 h.
        start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        assert schedule.elapsed(start, start + dt.timedelta(days=7)) == 24 * H


class TestHolidaysPackage:
    def test_a_missing_internal_is_an_error_naming_the_version(self) -> None:
        """slakit fails loudly instead of silently dropping transferred days."""
        with pytest.raises(CalendarDataError, match=r"version \d") as info:
            calendar_module._internal(object(), "weekend_workdays")
        assert info.value.what == "object.weekend_workdays"
        assert isinstance(info.value, SlakitError)

    def test_russia_without_transfers_table_is_an_error(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If holidays drops Russia's transfer table, published_through says so."""

        class Stripped:
            pass

        monkeypatch.setattr(calendar_module, "_country_class", lambda code: Stripped)
        with pytest.raises(CalendarDataError, match="special_public_holidays"):
            published_through.__wrapped__("RU")

    def test_countries_without_transfers_are_never_provisional(self) -> None:
        """Germany moves no days off: no year of its calendar is provisional."""
        assert published_through("DE") is None
        assert published_through("RU") is not None
        assert published_through("RU") >= 2027

    def test_one_country_module_is_loaded_not_all(self) -> None:
        """A fresh process computing a Russian deadline does not import every country."""
        code = (
            "import datetime as dt, sys\n"
            "from zoneinfo import ZoneInfo\n"
            "import slakit\n"
            "s = slakit.Schedule.weekly({'mon-fri': '09:00-18:00'}, tz='Europe/Moscow',"
            " country='RU', shortened_pre_holidays=True)\n"
            "start = dt.datetime(2012, 3, 2, 9, tzinfo=ZoneInfo('Europe/Moscow'))\n"
            "s.add(start, dt.timedelta(hours=3))\n"
            "print(sorted(m for m in sys.modules if m.startswith('holidays.countries')))\n"
        )
        src = Path(calendar_module.__file__).parents[1]
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(src), "PATH": ""},
        )
        assert result.stdout.strip() == "[]"

    def test_the_usual_import_is_the_fallback(self, tmp_path: Path) -> None:
        """Where the package layout is unknown, the module is imported the usual way."""
        module = calendar_module._country_module("russia", tmp_path)
        assert module.__name__ == "holidays.countries.russia"
        # Once imported the usual way, that module is reused.
        real = Path(calendar_module._holidays().__file__).parent
        assert calendar_module._country_module("russia", real) is module


class TestShortening:
    @pytest.mark.parametrize(
        ("hours", "left"),
        [
            # 09:00-13:00 and 14:00-14:30: the 30-minute period goes, then 30 minutes of
            # the morning: 09:00-12:30, 3.5 h.
            (["09:00-13:00", "14:00-14:30"], 3.5),
            # A 45-minute day loses all of it (the hour is more than the day).
            (["09:00-09:45"], 0),
        ],
    )
    def test_the_hour_comes_off_the_last_periods(self, hours: list[str], left: float) -> None:
        """Thu 2026-04-30, the eve of May 1, is one hour shorter, from its end."""
        schedule = Schedule.weekly(
            {"mon-fri": hours}, tz="Europe/Moscow", country="RU", shortened_pre_holidays=True
        )
        start = dt.datetime(2026, 4, 30, tzinfo=MSK)
        assert schedule.elapsed(start, start + dt.timedelta(days=1)) == left * H

    def test_a_valid_subdivision_is_kept(self) -> None:
        """US-CA is a subdivision of the US calendar."""
        assert Calendar("US", "CA").subdiv == "CA"
