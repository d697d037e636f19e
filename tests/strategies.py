"""Hypothesis strategies for schedules, instants and durations."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from slakit import Schedule

ZONES = ("Europe/Moscow", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC")

# Calendar years the property tests roam over: published Russian calendars only, so no
# ProvisionalCalendarWarning interferes (tests of provisional years are separate).
FIRST = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
LAST = dt.datetime(2027, 9, 1, tzinfo=dt.UTC)


@st.composite
def day_hours(draw: st.DrawFn, *, overnight: bool = True) -> list[str]:
    """Zero to two periods in one day, in 15-minute steps, maybe one past midnight."""
    count = draw(st.integers(0, 2))
    cuts = sorted(
        draw(st.lists(st.integers(0, 96), min_size=2 * count, max_size=2 * count, unique=True))
    )
    periods = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    texts = [
        f"{a * 15 // 60:02d}:{a * 15 % 60:02d}-{b * 15 // 60:02d}:{b * 15 % 60:02d}"
        for a, b in periods
    ]
    if overnight and periods and draw(st.booleans()) and periods[-1][1] < 96 and periods[0][0] > 0:
        # Turn the last period into a night shift ending before the first starts next day.
        a = periods[-1][0]
        texts[-1] = f"{a * 15 // 60:02d}:{a * 15 % 60:02d}-00:00"
    return texts


@st.composite
def schedules(draw: st.DrawFn, *, zones: tuple[str, ...] = ZONES) -> Schedule:
    """Random weekly hours (breaks, night shifts) in random zones, with random holidays."""
    week = {
        day: draw(day_hours(overnight=False))
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    if not any(week.values()):
        week["wed"] = ["10:00-12:00"]
    if draw(st.booleans()):
        week["fri"] = ["20:00-04:00"]
        week["sat"] = [h for h in week["sat"] if h >= "04:00"]
    zone = draw(st.sampled_from(zones))
    country = draw(st.sampled_from(("RU", None)))
    days_off = draw(st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2027, 6, 30)), max_size=8))
    return Schedule.weekly(week, tz=zone, country=country, days_off=days_off)


def instants(zone: str = "UTC") -> st.SearchStrategy[dt.datetime]:
    """Aware instants across the tested years, to the second, shown in ``zone``."""
    return st.integers(int(FIRST.timestamp()), int(LAST.timestamp()) - 200 * 86400).map(
        lambda s: dt.datetime.fromtimestamp(s, ZoneInfo(zone))
    )


durations = st.integers(0, 120 * 3600).map(lambda s: dt.timedelta(seconds=s))
