"""Bad input gets a clear SlakitError, and good input in every accepted form works."""

from __future__ import annotations

import datetime as dt
import pickle
from zoneinfo import ZoneInfo

import pendulum
import pytest

import slakit
from slakit import (
    Hours,
    InvalidArgumentError,
    InvalidScheduleError,
    NaiveDatetimeError,
    NegativeDurationError,
    OutOfRangeError,
    ReversedIntervalError,
    Schedule,
    UnknownCountryError,
    UnknownTimezoneError,
)

MSK = ZoneInfo("Europe/Moscow")
H = dt.timedelta(hours=1)
T = dt.datetime(2026, 11, 23, 10, tzinfo=MSK)


@pytest.fixture(scope="module")
def office() -> Schedule:
    return Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")


class TestHours:
    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("09:00-18:00", 540, 1080),
            ("22:00-06:00", 1320, 1800),
            ("00:00-24:00", 0, 1440),
            ("9:30-9:45", 570, 585),
        ],
    )
    def test_parse(self, text: str, start: int, end: int) -> None:
        """Periods read as minutes from midnight; an end at or before the start is next day."""
        assert Hours.parse(text) == Hours(start, end)

    @pytest.mark.parametrize(
        "text", ["9-18", "09:00", "25:00-26:00", "09:60-10:00", "24:00-01:00", "a-b", "24:30-01:00"]
    )
    def test_malformed(self, text: str) -> None:
        """Malformed hours name the bad text."""
        with pytest.raises(InvalidScheduleError, match=r"09:00-18:00|time of day|24:00"):
            Hours.parse(text)

    def test_round_trip_text(self) -> None:
        """str() gives the text back."""
        assert [str(Hours.parse(t)) for t in ("09:00-18:00", "22:00-06:00", "00:00-24:00")] == [
            "09:00-18:00",
            "22:00-06:00",
            "00:00-24:00",
        ]


class TestScheduleConstruction:
    def test_unknown_weekday(self) -> None:
        """A weekday key that does not exist lists the valid ones."""
        with pytest.raises(InvalidScheduleError, match="mon, tue"):
            Schedule.weekly({"monday": "09:00-18:00"}, tz="UTC")

    def test_no_working_time(self) -> None:
        """A schedule with no working time at all is refused."""
        with pytest.raises(InvalidScheduleError, match="no working time"):
            Schedule.weekly({"mon-fri": []}, tz="UTC")

    def test_overlapping_periods(self) -> None:
        """Overlapping periods in one day are refused."""
        with pytest.raises(InvalidScheduleError, match="overlap"):
            Schedule.weekly({"mon": ["09:00-13:00", "12:00-18:00"]}, tz="UTC")

    def test_night_shift_into_next_day(self) -> None:
        """A night shift that runs into the next day's hours is refused."""
        with pytest.raises(InvalidScheduleError, match="runs into"):
            Schedule.weekly({"mon": "22:00-06:00", "tue": "05:00-10:00"}, tz="UTC")

    def test_unknown_zone(self) -> None:
        """An unknown zone suggests the closest names."""
        with pytest.raises(UnknownTimezoneError, match="Europe/Moscow") as info:
            Schedule.weekly({"mon": "09:00-18:00"}, tz="Europe/Moskow")
        assert "Europe/Moscow" in info.value.suggestions
        assert isinstance(info.value, LookupError)

    def test_unknown_country(self) -> None:
        """An unknown country code is a LookupError that lists valid codes."""
        with pytest.raises(UnknownCountryError, match="valid"):
            Schedule.weekly({"mon": "09:00-18:00"}, tz="UTC", country="XX")
        with pytest.raises(UnknownCountryError, match="US-CA"):
            Schedule.weekly({"mon": "09:00-18:00"}, tz="UTC", country="US", subdiv="ZZ")

    def test_shortened_needs_russia(self) -> None:
        """Art. 95 shortening only makes sense on the Russian calendar."""
        with pytest.raises(InvalidScheduleError, match="RU"):
            Schedule.weekly(
                {"mon": "09:00-18:00"}, tz="UTC", country="DE", shortened_pre_holidays=True
            )

    def test_bad_dates(self) -> None:
        """days_off and special hours take dates, not datetimes or strings."""
        with pytest.raises(InvalidScheduleError, match="days_off"):
            Schedule.weekly({"mon": "09:00-18:00"}, tz="UTC", days_off="2026-01-01")  # type: ignore[arg-type]
        with pytest.raises(InvalidScheduleError, match="days_off"):
            Schedule.weekly({"mon": "09:00-18:00"}, tz="UTC", days_off=[T])
        d = dt.date(2026, 1, 1)
        with pytest.raises(InvalidScheduleError, match="both"):
            Schedule.weekly({"mon": "09:00-18:00"}, tz="UTC", days_off=[d], working_days=[d])


class TestOperationInputs:
    def test_naive_datetime(self, office: Schedule) -> None:
        """A naive datetime is refused with a hint to attach a zone."""
        with pytest.raises(NaiveDatetimeError, match="ZoneInfo"):
            office.add(dt.datetime(2026, 11, 23, 10), H)

    def test_not_a_datetime(self, office: Schedule) -> None:
        """A string is not an instant."""
        with pytest.raises(InvalidArgumentError, match="timezone-aware datetime"):
            office.is_open("2026-11-23T10:00")  # type: ignore[arg-type]

    def test_negative_duration(self, office: Schedule) -> None:
        """Negative amounts are refused, not silently turned around."""
        with pytest.raises(NegativeDurationError):
            office.add(T, -H)
        with pytest.raises(NegativeDurationError):
            office.subtract(T, -H)
        with pytest.raises(NegativeDurationError):
            office.add_days(T, -1)

    def test_reversed_interval(self, office: Schedule) -> None:
        """elapsed(a, b) needs a <= b."""
        with pytest.raises(ReversedIntervalError, match="before the start"):
            office.elapsed(T, T - H)

    def test_out_of_range(self, office: Schedule) -> None:
        """Instants and results beyond 2100 are refused, quickly."""
        with pytest.raises(OutOfRangeError):
            office.add(T, dt.timedelta.max)
        with pytest.raises(OutOfRangeError):
            office.is_open(dt.datetime(2150, 1, 1, tzinfo=MSK))
        with pytest.raises(OutOfRangeError):
            office.add_days(T, 10**9)

    def test_all_errors_share_one_root(self) -> None:
        """Every error class is a SlakitError."""
        for name in slakit.__all__:
            obj = getattr(slakit, name)
            if (
                isinstance(obj, type)
                and issubclass(obj, Exception)
                and not issubclass(obj, Warning)
            ):
                assert issubclass(obj, slakit.SlakitError), name

    def test_pendulum_in_stdlib_out(self, office: Schedule) -> None:
        """Pendulum datetimes are accepted; results are stdlib datetimes in the schedule zone."""
        start = pendulum.datetime(2026, 11, 23, 7, tz="UTC")  # 10:00 MSK
        result = office.add(start, H)
        assert type(result) is dt.datetime
        assert result == dt.datetime(2026, 11, 23, 11, tzinfo=MSK)

    def test_microseconds_are_exact(self, office: Schedule) -> None:
        """Sub-second starts and amounts come back exact."""
        start = T.replace(microsecond=123457)
        assert office.add(start, dt.timedelta(microseconds=1)) == T.replace(microsecond=123458)


class TestValueSemantics:
    def test_equal_and_hashable(self) -> None:
        """Schedules built alike are equal and hash alike."""
        a = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
        b = Schedule.weekly(
            {"mon": "09:00-18:00", "tue-fri": "09:00-18:00"}, tz="Europe/Moscow", country="ru"
        )
        assert a == b
        assert hash(a) == hash(b)

    def test_pickle_round_trip(self, office: Schedule) -> None:
        """A pickled schedule comes back equal and answers the same."""
        office.add(T, H)  # warm the caches: they are not part of the pickle's value
        copy = pickle.loads(pickle.dumps(office))
        assert copy == office
        assert copy.add(T, 30 * H) == office.add(T, 30 * H)

    def test_frozen(self, office: Schedule) -> None:
        """A schedule cannot be changed in place."""
        with pytest.raises(AttributeError):
            office.tz = "UTC"  # type: ignore[misc]
