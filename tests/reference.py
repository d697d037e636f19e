"""An obviously-correct, slow reference for working time: one minute at a time.

It shares nothing with slakit's engine: it reads the holidays package and the weekly
hours itself, marks every working minute of a window in a bytearray, and answers by
stepping minute by minute. Inputs must be whole minutes.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays

MINUTE = dt.timedelta(minutes=1)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _expand(week: dict[str, list[str]]) -> dict[str, list[str]]:
    """``{"mon-fri": h}`` -> ``{"mon": h, ..., "fri": h}``; ``"daily"`` is every day."""
    days: dict[str, list[str]] = {}
    for key, hours in week.items():
        first, _, last = ("mon-sun" if key == "daily" else key).partition("-")
        i, j = DAYS.index(first), DAYS.index(last or first)
        for k in range(i, j + 1):
            days[DAYS[k]] = hours
    return days


class MinuteReference:
    """Working minutes of ``[first, last]`` (local dates) for Mon–Sun hours in a zone."""

    def __init__(
        self,
        week: dict[str, list[str]],
        tz: str,
        country: str | None,
        first: dt.date,
        last: dt.date,
    ) -> None:
        week = _expand(week)
        self.zone = ZoneInfo(tz)
        self.origin = dt.datetime.combine(first, dt.time(), self.zone).astimezone(dt.UTC)
        span = (last - first).days + 3
        self.working = bytearray(span * 24 * 60 + 180)
        found = (
            holidays.country_holidays(country, years=range(first.year, last.year + 1))
            if country
            else {}
        )
        extra = set(getattr(found, "weekend_workdays", ()))
        monday = next(h for h in (week.get(d, []) for d in DAYS) if h)
        day = first
        while day <= last:
            hours = week.get(DAYS[day.weekday()], [])
            if day in extra and not hours:
                hours = monday
            if day in found:
                hours = []
            for text in hours:
                start, end = (_minutes(part) for part in text.split("-"))
                if end <= start:
                    end += 24 * 60
                a = self._index(day, start)
                b = self._index(day, end)
                for i in range(a, b):
                    self.working[i] = 1
            day += dt.timedelta(days=1)

    def _index(self, day: dt.date, minutes: int) -> int:
        day += dt.timedelta(days=minutes // 1440)
        minutes %= 1440
        local = dt.datetime(
            day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=self.zone
        )
        return int((local - self.origin) // MINUTE)

    def _at(self, i: int) -> dt.datetime:
        return (self.origin + i * MINUTE).astimezone(self.zone)

    def add(self, t: dt.datetime, minutes: int) -> dt.datetime:
        i = int((t - self.origin) // MINUTE)
        counted = 0
        while counted < minutes:
            counted += self.working[i]
            i += 1
        return self._at(i) if minutes else t

    def elapsed(self, a: dt.datetime, b: dt.datetime) -> int:
        i, j = int((a - self.origin) // MINUTE), int((b - self.origin) // MINUTE)
        return sum(self.working[i:j])

    def is_open(self, t: dt.datetime) -> bool:
        return bool(self.working[int((t - self.origin) // MINUTE)])
