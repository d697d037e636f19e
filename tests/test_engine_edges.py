"""The engine at its edges: history, range ends, new year's night shifts, bounds, sharing."""

from __future__ import annotations

import datetime as dt
import pickle
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from reference import MinuteReference
from slakit import (
    Calendar,
    Hours,
    InvalidScheduleError,
    OutOfRangeError,
    ProvisionalCalendarWarning,
    Schedule,
    ScheduleTooLargeError,
    Target,
    _engine,
)
from slakit._engine import Engine
from slakit.hours import MAX_PERIODS_PER_DAY
from strategies import schedules

UTC = dt.UTC
H = dt.timedelta(hours=1)


def cold(schedule: Schedule) -> Schedule:
    """An equal schedule with an engine of its own that has built nothing yet."""
    copy = Schedule(schedule.tz, schedule.week, schedule.calendar)
    object.__setattr__(copy, "_engine", Engine(schedule.tz, schedule.week, schedule.calendar))
    return copy


def outcome(fn: Callable[[], Any]) -> tuple[Any, list[int]]:
    """An answer or the error's type, with the years of the provisional warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            answer = fn()
        except slakit.SlakitError as error:
            answer = type(error)
    return answer, [w.message.year for w in caught]


def query(schedule: Schedule, name: str, t: dt.datetime, d: dt.timedelta) -> Any:
    if name == "elapsed":
        return schedule.elapsed(t, t + d)
    if name == "add_days":
        return schedule.add_days(t, d.days)
    if name in ("is_open", "next_open"):
        return getattr(schedule, name)(t)
    if name == "periods":
        return [(p.start, p.end, p.date) for p in schedule.periods(t, t + d)]
    return getattr(schedule, name)(t, d)


NAMES = ("add", "subtract", "elapsed", "add_days", "is_open", "next_open", "periods")
# Instants near both ends of the range and in between, to the second.
EDGE_INSTANTS = st.one_of(
    st.integers(0, 40 * 86_400),
    st.integers(4_102_444_800 - 400 * 86_400, 4_133_980_800 + 86_400),  # 2100-2101
    st.integers(0, 4_133_980_800),
).map(lambda s: dt.datetime.fromtimestamp(s, UTC))
SPANS = st.integers(0, 3 * 366 * 86_400).map(lambda s: dt.timedelta(seconds=s))


class TestSameAnswerWhateverCameBefore:
    @given(
        schedules(),
        st.sampled_from(NAMES),
        EDGE_INSTANTS,
        SPANS,
        st.sampled_from(NAMES),
        EDGE_INSTANTS,
        SPANS,
    )
    def test_a_warm_up_query_changes_nothing(
        self,
        schedule: Schedule,
        warm_name: str,
        warm_t: dt.datetime,
        warm_d: dt.timedelta,
        name: str,
        t: dt.datetime,
        d: dt.timedelta,
    ) -> None:
        """Any query after any other gives what it gives on a cold schedule, warnings too."""
        fresh = cold(schedule)
        expected = outcome(lambda: query(fresh, name, t, d))
        warm = cold(schedule)
        outcome(lambda: query(warm, warm_name, warm_t, warm_d))
        assert outcome(lambda: query(warm, name, t, d)) == expected

    def test_the_last_hour_of_2100(self) -> None:
        """The same add near the end gives the same answer cold and after another query.

        2101-01-01 00:00 closes 2100's working time, so it is an answer (as it is an end
        for elapsed); a microsecond more is past the range either way.
        """
        start = dt.datetime(2100, 12, 31, 23, tzinfo=UTC)
        end = dt.datetime(2101, 1, 1, tzinfo=UTC)
        schedule = cold(Schedule.always("UTC"))
        assert schedule.add(start, H) == end
        with pytest.raises(OutOfRangeError):
            schedule.add(start, H + dt.timedelta(microseconds=1))
        warm = cold(Schedule.always("UTC"))
        warm.is_open(dt.datetime(2100, 6, 1, tzinfo=UTC))
        assert warm.add(start, H) == end
        with pytest.raises(OutOfRangeError):
            warm.add(start, H + dt.timedelta(microseconds=1))
        assert warm.elapsed(start, end) == H

    def test_add_days_near_2100_after_a_wide_query(self) -> None:
        """A wide query first does not make add_days near the end fail (or succeed)."""
        base = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="UTC")
        t = dt.datetime(2100, 12, 1, 10, tzinfo=UTC)
        expected = cold(base).add_days(t, 5)
        warm = cold(base)
        warm.elapsed(dt.datetime(1980, 1, 1, tzinfo=UTC), dt.datetime(2100, 1, 1, tzinfo=UTC))
        assert warm.add_days(t, 5) == expected == dt.datetime(2100, 12, 8, 10, tzinfo=UTC)
        with pytest.raises(OutOfRangeError):
            warm.add_days(t, 40)


class TestRangeEnds:
    @pytest.mark.parametrize(
        "t",
        [
            dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=5))),
            dt.datetime(1, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14))),
            dt.datetime(1969, 6, 1, tzinfo=UTC),
        ],
        ids=["9999-12-31", "0001-01-01", "1969"],
    )
    def test_far_instants_are_out_of_range_everywhere(self, t: dt.datetime) -> None:
        """Instants datetime can hold but slakit does not: OutOfRangeError, never OverflowError."""
        schedule = Schedule.always("Europe/Moscow")
        calls: list[Callable[[], object]] = [
            lambda: schedule.is_open(t),
            lambda: schedule.add(t, H),
            lambda: schedule.add(t, dt.timedelta(0)),
            lambda: schedule.subtract(t, H),
            lambda: schedule.elapsed(t, t),
            lambda: schedule.add_days(t, 1),
            lambda: schedule.next_open(t),
            lambda: schedule.add_many([t], H),
            lambda: list(schedule.periods(t, t + dt.timedelta(seconds=1))),
            lambda: Target.days(7).deadline(schedule, t),  # a calendar-time level
        ]
        for call in calls:
            with pytest.raises(OutOfRangeError):
                call()

    def test_no_working_time_left_before_the_end(self) -> None:
        """next_open after the last working period of 2100 is past the range."""
        last = [dt.date(2100, 6, 2) + dt.timedelta(weeks=i) for i in range(31)]  # Wednesdays
        schedule = Schedule.weekly({"wed": "10:00-12:00"}, tz="UTC", days_off=last)
        with pytest.raises(OutOfRangeError):
            schedule.next_open(dt.datetime(2100, 6, 1, tzinfo=UTC))
        assert schedule.next_open(dt.datetime(2100, 5, 20, tzinfo=UTC)) == dt.datetime(
            2100, 5, 26, 10, tzinfo=UTC
        )

    def test_microsecond_offsets_are_exact(self) -> None:
        """A zone offset of one microsecond shifts the instant by exactly that."""
        odd = dt.timezone(dt.timedelta(microseconds=1))
        schedule = Schedule.always("UTC")
        t = dt.datetime(2026, 1, 1, tzinfo=odd)  # 2025-12-31 23:59:59.999999 UTC
        assert schedule.add(t, dt.timedelta(0)) == dt.datetime(
            2025, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC
        )
        assert schedule.elapsed(t, dt.datetime(2026, 1, 1, tzinfo=UTC)) == dt.timedelta(
            microseconds=1
        )

    def test_no_warning_for_an_end_at_new_year(self) -> None:
        """elapsed up to 2028-01-01 00:00 rests on 2027 only; one instant later, on 2028."""
        schedule = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
        msk = schedule.zone
        start = dt.datetime(2027, 12, 1, tzinfo=msk)
        end = dt.datetime(2028, 1, 1, tzinfo=msk)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ProvisionalCalendarWarning)
            schedule.elapsed(start, end)
            list(schedule.periods(start, end))
        with pytest.warns(ProvisionalCalendarWarning, match="2028"):
            schedule.elapsed(start, end + dt.timedelta(microseconds=1))


class TestNewYearNightShift:
    """A night shift from December 31 into January 1 belongs to the old year's line."""

    WEEK: ClassVar[dict[str, list[str]]] = {"daily": ["22:00-06:00"]}

    @pytest.mark.parametrize("hour", [0, 3, 5, 6, 7, 23])
    def test_answers_near_midnight_match_the_minute_reference(self, hour: int) -> None:
        """add, elapsed and is_open from the first hours of a year, on a cold engine."""
        reference = MinuteReference(
            dict(self.WEEK), "Europe/Berlin", None, dt.date(2025, 12, 1), dt.date(2026, 2, 1)
        )
        schedule = cold(Schedule.weekly(self.WEEK, tz="Europe/Berlin"))
        t = dt.datetime(2026, 1, 1, hour, 30, tzinfo=schedule.zone)
        assert schedule.is_open(t) == reference.is_open(t)
        for minutes in (1, 30, 90, 600, 3000):
            assert schedule.add(t, dt.timedelta(minutes=minutes)) == reference.add(t, minutes)
        back = dt.datetime(2025, 12, 31, 12, tzinfo=schedule.zone)
        assert schedule.elapsed(back, t) == dt.timedelta(minutes=reference.elapsed(back, t))

    def test_a_new_year_never_builds_the_year_before(self) -> None:
        """The first answer in a year builds that year's line only (night shifts too)."""
        for week in ({"mon-fri": "09:00-18:00"}, self.WEEK):
            schedule = cold(Schedule.weekly(week, tz="Europe/Berlin", country="RU"))
            schedule.add(dt.datetime(2026, 1, 2, 12, tzinfo=UTC), H)
            built = [line.year for line in schedule._engine._slots if line is not None]
            assert built == [2026]


class TestBounds:
    def test_periods_per_day_are_bounded(self) -> None:
        """49 periods in a day are refused when parsed, with the bound in the message."""
        cuts = [f"{m // 60:02d}:{m % 60:02d}-{(m + 1) // 60:02d}:{(m + 1) % 60:02d}"
                for m in range(0, 2 * (MAX_PERIODS_PER_DAY + 1), 2)]  # fmt: skip
        with pytest.raises(ScheduleTooLargeError, match=str(MAX_PERIODS_PER_DAY)):
            Schedule.weekly({"mon": cuts}, tz="UTC")
        with pytest.raises(InvalidScheduleError):  # the broader class catches it too
            Schedule.weekly(
                {"mon": "09:00-18:00"}, tz="UTC", special_hours={dt.date(2026, 1, 5): cuts}
            )
        too_many = tuple(Hours(m, m + 1) for m in range(0, 2 * (MAX_PERIODS_PER_DAY + 1), 2))
        week = ((Hours(540, 600),), (), (), (), (), (), too_many)
        with pytest.raises(ScheduleTooLargeError, match="sun"):
            Schedule("UTC", week)

    def test_a_day_built_past_the_parser_is_refused_by_the_engine(self) -> None:
        """Special hours given to Calendar directly still meet the bound when a year is built."""
        too_many = tuple(Hours(m, m + 1) for m in range(0, 2 * (MAX_PERIODS_PER_DAY + 1), 2))
        calendar = Calendar(special_hours=((dt.date(2026, 3, 4), too_many),))
        schedule = Schedule("UTC", ((Hours(540, 600),),) * 7, calendar)
        with pytest.raises(ScheduleTooLargeError, match="2026-03-04"):
            schedule.add(dt.datetime(2026, 3, 1, tzinfo=UTC), H)

    def test_held_periods_are_bounded_and_answers_unchanged(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Sixty years of 48 periods a day: older years are dropped, totals kept, same answer."""
        week = {"daily": [f"{h:02d}:00-{h:02d}:15" for h in range(24)]}
        schedule = Schedule.weekly(week, tz="UTC")
        a, b = dt.datetime(1975, 1, 1, tzinfo=UTC), dt.datetime(2035, 1, 1, tzinfo=UTC)
        expected = cold(schedule).elapsed(a, b)
        monkeypatch.setattr(_engine, "HELD_PERIODS", 40_000)  # about four years of these
        small = cold(schedule)
        assert small.elapsed(a, b) == expected
        held = [line for line in small._engine._slots if line is not None]
        assert sum(len(line.starts) for line in held) <= 40_000 + 24 * 366
        assert small.add(a, expected) == b or small.elapsed(a, small.add(a, expected)) == expected
        # 24 quarter hours a day: 6 working hours a day, every day, in real time.
        assert expected == dt.timedelta(hours=6) * (b - a).days

    def test_a_schedule_year_is_small(self) -> None:
        """A Mon-Fri year with a lunch break holds a few KiB of arrays, not per-day objects."""
        schedule = cold(
            Schedule.weekly({"mon-fri": ["09:00-13:00", "14:00-18:00"]}, tz="UTC", country="RU")
        )
        line = schedule._engine.line(2026 - 1970)
        size = sum(a.itemsize * len(a) for a in (line.starts, line.cum, line.day_w0, line.day_ord))
        # 247 working days x 2 periods x 8 bytes x 2 arrays, 247 x (8 + 2) for the days.
        assert size == (247 * 2 + 1) * 8 + 247 * 2 * 8 + 247 * 8 + 247 * 2


class TestSharing:
    def test_equal_schedules_share_one_engine(self) -> None:
        """Equal schedules, however built or unpickled, share the engine and its lines."""
        a = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
        b = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
        assert a._engine is b._engine
        assert pickle.loads(pickle.dumps(a))._engine is a._engine
        other = Schedule.weekly({"mon-fri": "10:00-18:00"}, tz="Europe/Moscow", country="RU")
        assert other._engine is not a._engine

    def test_threads_building_years_concurrently_agree(self) -> None:
        """Eight threads on a cold engine, each starting in another year, get sequential answers."""
        base = Schedule.weekly(
            {"mon-fri": "09:00-18:00", "sat": "22:00-04:00"}, tz="America/New_York"
        )
        starts = [
            dt.datetime(2000 + i % 30, 1 + i % 12, 1 + i % 28, i % 24, tzinfo=UTC)
            for i in range(800)
        ]
        expected = [cold(base).add(t, 30 * H) for t in starts]
        shared = cold(base)

        def work(offset: int) -> list[dt.datetime]:
            order = starts[offset:] + starts[:offset]
            answers = [shared.add(t, 30 * H) for t in order]
            return answers[len(starts) - offset :] + answers[: len(starts) - offset]

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(work, range(0, 800, 100)))
        assert all(result == expected for result in results)
