"""The algebra of working time, as Hypothesis properties over random schedules.

Every invariant DESIGN.md states for ``Schedule`` is here: rule 2 (earliest instant),
rule 3 (working days), the inverse ``subtract``, monotonicity and additivity.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import Schedule
from strategies import durations, instants, schedules

US = dt.timedelta(microseconds=1)

# Sparse random schedules reach into unpublished years; that warning is tested elsewhere.
pytestmark = pytest.mark.filterwarnings("ignore::slakit.ProvisionalCalendarWarning")


def lands_on_working_time(schedule: Schedule, u: dt.datetime) -> bool:
    """In working time, or exactly at a closing instant."""
    return schedule.is_open(u) or schedule.is_open(u - US)


class TestAdd:
    @given(schedules(), instants(), durations)
    def test_elapsed_inverts_add(self, s: Schedule, t: dt.datetime, d: dt.timedelta) -> None:
        """elapsed(t, add(t, d)) == d."""
        assert s.elapsed(t, s.add(t, d)) == d

    @given(schedules(), instants(), durations, durations)
    def test_add_composes(
        self, s: Schedule, t: dt.datetime, d1: dt.timedelta, d2: dt.timedelta
    ) -> None:
        """add(add(t, d1), d2) == add(t, d1 + d2)."""
        assert s.add(s.add(t, d1), d2) == s.add(t, d1 + d2)

    @given(schedules(), instants(), instants(), durations)
    def test_monotonic_in_start(
        self, s: Schedule, t1: dt.datetime, t2: dt.datetime, d: dt.timedelta
    ) -> None:
        """A later start never gives an earlier deadline."""
        t1, t2 = min(t1, t2), max(t1, t2)
        assert s.add(t1, d) <= s.add(t2, d)

    @given(schedules(), instants(), durations, durations)
    def test_monotonic_in_duration(
        self, s: Schedule, t: dt.datetime, d1: dt.timedelta, d2: dt.timedelta
    ) -> None:
        """More working time never gives an earlier deadline."""
        d1, d2 = min(d1, d2), max(d1, d2)
        assert s.add(t, d1) <= s.add(t, d2)

    @given(schedules(), instants(), durations.filter(bool))
    def test_lands_in_working_time_or_at_closing(
        self, s: Schedule, t: dt.datetime, d: dt.timedelta
    ) -> None:
        """A deadline is in working time or exactly at a closing instant."""
        assert lands_on_working_time(s, s.add(t, d))

    @given(schedules(), instants(), durations.filter(bool))
    def test_earliest_instant(self, s: Schedule, t: dt.datetime, d: dt.timedelta) -> None:
        """One microsecond before the deadline, the amount is not yet used up (rule 2)."""
        u = s.add(t, d)
        assert u >= t
        assert s.elapsed(t, u - US) < d

    @given(schedules(), instants())
    def test_add_zero_is_identity(self, s: Schedule, t: dt.datetime) -> None:
        """add(t, 0) == t, wherever t is."""
        assert s.add(t, dt.timedelta(0)) == t

    @given(schedules(), st.lists(instants(), min_size=1, max_size=5), durations)
    def test_add_many_matches_add(
        self, s: Schedule, ts: list[dt.datetime], d: dt.timedelta
    ) -> None:
        """The batch call gives the same deadlines as one call each."""
        assert s.add_many(ts, d) == [s.add(t, d) for t in ts]


class TestSubtract:
    @given(schedules(), instants(), durations.filter(bool), durations)
    def test_subtract_inverts_add(
        self, s: Schedule, t: dt.datetime, d: dt.timedelta, lead: dt.timedelta
    ) -> None:
        """For a deadline u (working time or a closing), add(subtract(u, d), d) == u."""
        u = s.add(t, lead + US)  # lands in working time or at a closing
        start = s.subtract(u, d)
        assert s.add(start, d) == u
        assert s.elapsed(start, u) == d

    @given(schedules(), instants(), durations)
    def test_subtract_is_latest_start(self, s: Schedule, t: dt.datetime, d: dt.timedelta) -> None:
        """subtract(add(t, d), d) is no earlier than t, and no later start meets the deadline."""
        u = s.add(t, d)
        start = s.subtract(u, d)
        assert t <= start <= u
        if d:
            assert s.elapsed(start + US, u) < d


class TestElapsed:
    @given(schedules(), instants(), instants(), instants())
    def test_additive(self, s: Schedule, a: dt.datetime, b: dt.datetime, c: dt.datetime) -> None:
        """elapsed(a, b) + elapsed(b, c) == elapsed(a, c)."""
        a, b, c = sorted((a, b, c))
        assert s.elapsed(a, b) + s.elapsed(b, c) == s.elapsed(a, c)

    @given(schedules(), instants(), instants())
    def test_bounded_by_real_time(self, s: Schedule, a: dt.datetime, b: dt.datetime) -> None:
        """Working time never exceeds the real time between the instants."""
        a, b = min(a, b), max(a, b)
        assert dt.timedelta(0) <= s.elapsed(a, b) <= b - a

    @given(schedules(), instants(), instants())
    def test_equals_sum_of_periods(self, s: Schedule, a: dt.datetime, b: dt.datetime) -> None:
        """elapsed is the sum of the working periods between the instants."""
        a, b = min(a, b), max(a, b)
        b = min(b, a + dt.timedelta(days=40))
        periods = list(s.periods(a, b))
        assert sum((p.duration for p in periods), dt.timedelta(0)) == s.elapsed(a, b)
        assert all(a <= p.start < p.end <= b for p in periods)
        assert all(x.end <= y.start for x, y in itertools.pairwise(periods))


class TestOpen:
    @given(schedules(), instants())
    def test_next_open(self, s: Schedule, t: dt.datetime) -> None:
        """next_open is t in working time, else the next opening, with no working time between."""
        u = s.next_open(t)
        assert u >= t
        assert s.is_open(u)
        assert s.elapsed(t, u) == dt.timedelta(0)
        assert (u == t) == s.is_open(t)


UNIFORM_HOURS = st.sampled_from(
    (
        ["09:00-18:00"],
        ["09:00-13:00", "14:00-18:00"],
        ["10:00-18:00"],
        ["08:00-12:00", "13:00-17:00"],
        ["22:00-06:00"],
    )
)


@st.composite
def uniform_schedules(draw: st.DrawFn) -> Schedule:
    """Mon–Fri with the same hours every working day, in zones without DST."""
    hours = draw(UNIFORM_HOURS)
    zone = draw(st.sampled_from(("Europe/Moscow", "UTC", "Asia/Tokyo")))
    return Schedule.weekly({"mon-fri": hours}, tz=zone, country=draw(st.sampled_from(("RU", None))))


class TestAddDays:
    @given(uniform_schedules(), instants(), st.integers(0, 30))
    def test_days_are_uniform_hours(self, s: Schedule, t: dt.datetime, n: int) -> None:
        """On uniform days of length L, add_days(t, n) == add(t, n * L) (rule 3)."""
        length = sum(h.end - h.start for h in s.week[0])  # minutes in each working day
        assert s.add_days(t, n) == s.add(t, dt.timedelta(minutes=n * length))

    @given(uniform_schedules(), instants(), st.integers(0, 20), st.integers(0, 20))
    def test_days_compose(self, s: Schedule, t: dt.datetime, m: int, n: int) -> None:
        """On uniform days, m working days then n working days is m + n working days."""
        assert s.add_days(s.add_days(t, m), n) == s.add_days(t, m + n)

    @given(schedules(), instants(), st.integers(0, 20))
    def test_days_monotonic_and_on_working_time(self, s: Schedule, t: dt.datetime, n: int) -> None:
        """add_days never goes back and lands in working time or at a closing."""
        u = s.add_days(t, n)
        assert u >= t
        assert n == 0 or lands_on_working_time(s, u)
        assert s.add_days(t, n) <= s.add_days(t, n + 1)
