"""``explain``: a deadline with the arithmetic a support manager can check by eye.

Each working period counted and how much of the target it used, each day skipped and
why (weekend, which holiday, which day off moved by decree), and the transferred
working days the count went through.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum

from slakit.calendar import DayKind
from slakit.regulation import Clock, Regulation
from slakit.target import Basis

__all__ = ["Explanation", "Step", "explain"]


@attrs.frozen
class Step:
    """One line of the count: a working period used, or a day skipped with its reason."""

    date: dt.date
    kind: DayKind
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    used: dt.timedelta = dt.timedelta(0)
    total: dt.timedelta = dt.timedelta(0)
    holiday: str | None = None

    @property
    def span(self) -> str:
        """``10:00-18:00``; a count that runs to midnight ends at ``24:00``, not ``00:00``;
        empty for a day skipped."""
        if self.start is None or self.end is None:
            return ""
        midnight = self.end.date() > self.date and self.end.time() == dt.time(0)
        return f"{self.start:%H:%M}-{'24:00' if midnight else f'{self.end:%H:%M}'}"

    def __str__(self) -> str:
        day = f"{self.date:%a %Y-%m-%d}"
        if self.start is None or self.end is None:
            reason = self.kind.value + (f": {self.holiday}" if self.holiday else "")
            return f"{day}  skipped ({reason})"
        note = "" if self.kind is DayKind.WORKDAY else f"  [{self.kind.value}]"
        return (
            f"{day}  {self.span}  +{hours_minutes(self.used)}"
            f"  (total {hours_minutes(self.total)}){note}"
        )


@attrs.frozen
class Explanation:
    """A deadline and the steps that lead to it."""

    vendor: str
    level: str
    title: str
    clock: Clock
    target: str
    start: dt.datetime
    deadline: dt.datetime
    steps: tuple[Step, ...]

    def __str__(self) -> str:
        real = self.deadline.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)
        lines = [
            f"{self.vendor} {self.level} ({self.title}): {self.clock.value} within {self.target}",
            f"opened    {self.start.isoformat()}",
            f"deadline  {self.deadline.isoformat()}"
            f"  ({pendulum.duration(seconds=real.total_seconds()).in_words()} of real time later)",
            *(f"  {step}" for step in self.steps),
        ]
        return "\n".join(lines)


def hours_minutes(delta: dt.timedelta) -> str:
    """A duration as ``H:MM`` (hours may exceed 24): how support managers read working time."""
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _calendar_days(zone: dt.tzinfo, start: dt.datetime, deadline: dt.datetime) -> list[Step]:
    """A calendar-time target, one row per calendar day of the schedule's zone.

    Every hour counts, working or not; a day's row is the real time from its first
    counted instant to the next midnight (23 or 25 hours over a clock change).
    """
    steps = []
    total = dt.timedelta(0)
    here, end = start.astimezone(zone), deadline.astimezone(zone)
    while here < end:
        midnight = dt.datetime.combine(here.date() + dt.timedelta(days=1), dt.time(0), zone)
        stop = min(end, midnight)
        used = stop.astimezone(dt.UTC) - here.astimezone(dt.UTC)
        total += used
        steps.append(Step(here.date(), DayKind.WORKDAY, here, stop, used, total))
        here = stop
    return steps


def explain(
    regulation: Regulation, level_key: str, start: dt.datetime, clock: Clock | str = Clock.REACTION
) -> Explanation:
    """The deadline of ``level_key`` from ``start``, with every period and skipped day."""
    deadline = regulation.deadline(level_key, start, clock)
    level = regulation.level(level_key)
    target = regulation.target(level_key, clock)
    schedule = regulation.schedule_for(level_key)
    steps: list[Step] = []
    total = dt.timedelta(0)
    if target.basis is Basis.CALENDAR:
        steps.extend(_calendar_days(schedule.zone, start, deadline))
    else:
        day = start.astimezone(schedule.zone).date()
        for period in schedule.periods(start, deadline):
            while day < period.date:  # the days between periods are the skipped ones
                plan = schedule.day(day)
                steps.append(Step(day, plan.kind, holiday=plan.holiday))
                day += dt.timedelta(days=1)
            total += period.duration
            steps.append(
                Step(
                    period.date,
                    period.kind,
                    period.start,
                    period.end,
                    period.duration,
                    total,
                    period.holiday,
                )
            )
            day = period.date + dt.timedelta(days=1)
    return Explanation(
        regulation.vendor,
        level.key,
        level.title,
        Clock(clock) if isinstance(clock, str) else clock,
        f"{target} ({target.text})" if target.text else str(target),
        start,
        deadline,
        tuple(steps),
    )
