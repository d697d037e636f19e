"""The engine agrees with a minute-stepping reference on thousands of random cases."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from reference import MinuteReference
from slakit import Schedule

FIRST, LAST = dt.date(2024, 11, 1), dt.date(2026, 2, 28)

CASES = [
    ({"mon-fri": ["09:00-18:00"]}, "Europe/Moscow", "RU"),
    ({"mon-fri": ["10:00-13:00", "14:00-18:00"]}, "Europe/Moscow", "RU"),
    (
        {"mon-thu": ["08:30-17:15"], "fri": ["08:30-16:00"], "sat": ["10:00-14:00"]},
        "Europe/Berlin",
        None,
    ),
    ({"mon-fri": ["22:00-06:00"]}, "Europe/Berlin", None),
    ({"mon": ["00:00-24:00"], "wed-sat": ["01:30-03:30", "20:00-01:00"]}, "America/New_York", None),
    ({"daily": ["00:00-24:00"]}, "Australia/Lord_Howe", None),
    ({"tue-sat": ["01:00-02:45", "07:00-23:00"]}, "Australia/Lord_Howe", "RU"),
]


@pytest.mark.parametrize(("week", "tz", "country"), CASES)
def test_engine_matches_minute_reference(
    week: dict[str, list[str]], tz: str, country: str | None
) -> None:
    """add, elapsed and is_open agree with the reference to the minute."""
    schedule = Schedule.weekly(week, tz=tz, country=country)
    reference = MinuteReference(week, tz, country, FIRST, LAST)
    rng = random.Random(f"{week}{tz}")  # fixed seed per case: reproducible
    origin = dt.datetime.combine(FIRST + dt.timedelta(days=2), dt.time(), schedule.zone)
    span = (LAST - FIRST).days - 60
    for _ in range(600):
        t = origin + dt.timedelta(minutes=rng.randrange(span * 1440))
        minutes = rng.choice((0, 1, 59, 60, 61, 480, 540, rng.randrange(3000)))
        u = schedule.add(t, dt.timedelta(minutes=minutes))
        assert u == reference.add(t, minutes), (t, minutes)
        b = t + dt.timedelta(minutes=rng.randrange(20000))
        assert schedule.elapsed(t, b) == dt.timedelta(minutes=reference.elapsed(t, b)), (t, b)
        assert schedule.is_open(t) == reference.is_open(t), t
