"""Clocks: working time that runs, pauses and runs out, measured on a level's schedule.

A clock runs in segments (between registration, pauses, resumptions and level
changes), each counted on the schedule in force then. Its target can change mid-way
(a level change), and every question — elapsed, deadline, when 80 % was used — is one
walk over the segments: "at which instant did the accumulated time reach X?".
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from slakit.schedule import Schedule
from slakit.target import Basis, Target, Unit

__all__ = ["ClockState", "ClockStatus", "Segment"]

_ZERO = dt.timedelta(0)


class ClockState(enum.Enum):
    """Where a clock stands at the instant asked about."""

    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"  # stopped by the answer it was waiting for, in time or not
    LAPSED = "lapsed"  # stopped without an answer: superseded, or its target no longer applies
    NO_TARGET = "no target"  # the level guarantees no time


@attrs.frozen
class Segment:
    """A stretch in which a clock runs: ``[start, end)`` on one schedule (``end`` None: still)."""

    start: dt.datetime
    end: dt.datetime | None
    schedule: Schedule
    calendar_time: bool = False

    def measure(self, until: dt.datetime) -> dt.timedelta:
        """The clock time this segment holds up to ``until``."""
        stop = until if self.end is None else min(until, self.end)
        if stop <= self.start:
            return _ZERO
        if self.calendar_time:
            return stop.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)
        return self.schedule.elapsed(self.start, stop)

    def instant_after(self, amount: dt.timedelta) -> dt.datetime | None:
        """The instant ``amount`` of clock time into the segment, or None if it ends first."""
        if self.calendar_time:
            at = (self.start.astimezone(dt.UTC) + amount).astimezone(self.schedule.zone)
        else:
            at = self.schedule.add(self.start, amount)
        return at if self.end is None or at <= self.end else None


def target_amount(target: Target, schedule: Schedule, start: dt.datetime) -> dt.timedelta | None:
    """A target as clock time from ``start`` (working days: the working time they span)."""
    if not target.guaranteed:
        return None
    if target.unit is Unit.DAYS and target.basis is Basis.WORKING:
        assert target.amount is not None
        return schedule.elapsed(start, schedule.add_days(start, target.amount))
    return target.duration


def counts_calendar_time(target: Target) -> bool:
    return target.basis is Basis.CALENDAR


@attrs.frozen
class ClockStatus:
    """One clock at one instant: what it promised, what is used, what is left.

    ``deadline`` is when the target runs out; while the clock is paused it is the
    deadline if work resumed at the instant asked about, so it moves later as the
    pause lasts. ``breached_at`` is the deadline once it has passed with the clock
    still running (or stopped late).
    """

    state: ClockState
    started_at: dt.datetime
    target: Target | None
    deadline: dt.datetime | None
    elapsed: dt.timedelta
    remaining: dt.timedelta | None
    used: float | None
    breached: bool
    breached_at: dt.datetime | None
    stopped_at: dt.datetime | None
    #: Clock time past the target (zero unless breached).
    overdue: dt.timedelta = _ZERO

    @property
    def running(self) -> bool:
        return self.state is ClockState.RUNNING

    @property
    def paused(self) -> bool:
        return self.state is ClockState.PAUSED


@attrs.define
class ClockRun:
    """A clock being replayed from events (internal, mutable while replaying)."""

    started_at: dt.datetime
    target: Target | None
    amount: dt.timedelta | None
    segments: list[Segment] = attrs.Factory(list)
    stopped_at: dt.datetime | None = None
    stop: ClockState | None = None

    @property
    def running(self) -> bool:
        return self.stopped_at is None and bool(self.segments) and self.segments[-1].end is None

    def open(self, at: dt.datetime, schedule: Schedule, calendar_time: bool) -> None:
        self.segments.append(Segment(at, None, schedule, calendar_time))

    def close(self, at: dt.datetime) -> None:
        if self.segments and self.segments[-1].end is None:
            last = self.segments[-1]
            self.segments[-1] = Segment(last.start, at, last.schedule, last.calendar_time)

    def end(self, at: dt.datetime, how: ClockState) -> None:
        self.close(at)
        self.stopped_at, self.stop = at, how

    def elapsed(self, now: dt.datetime) -> dt.timedelta:
        return sum((segment.measure(now) for segment in self.segments), _ZERO)

    def instant_at(self, amount: dt.timedelta, now: dt.datetime) -> dt.datetime | None:
        """When the accumulated clock time reaches ``amount``.

        Past the recorded segments it is projected: for a paused clock as if work
        resumed at ``now``, for a stopped one as if it had kept running.
        """
        left = amount
        for segment in self.segments:
            at = segment.instant_after(left)
            if at is not None:
                return at
            left -= segment.measure(segment.end or now)
        if not self.segments:
            return None
        last = self.segments[-1]
        assert last.end is not None  # an open segment always reaches any amount
        resume = last.end if self.stopped_at is not None else max(now, last.end)
        return Segment(resume, None, last.schedule, last.calendar_time).instant_after(left)

    def status(self, now: dt.datetime) -> ClockStatus:
        elapsed = self.elapsed(now)
        if self.stopped_at is not None:
            state = self.stop or ClockState.MET
        elif self.amount is None:
            state = ClockState.NO_TARGET
        else:
            state = ClockState.RUNNING if self.running else ClockState.PAUSED
        if self.amount is None:
            return ClockStatus(
                state,
                self.started_at,
                self.target,
                None,
                elapsed,
                None,
                None,
                False,
                None,
                self.stopped_at,
            )
        deadline = self.instant_at(self.amount, now)
        breached = elapsed > self.amount
        return ClockStatus(
            state,
            self.started_at,
            self.target,
            deadline,
            elapsed,
            max(self.amount - elapsed, _ZERO),
            elapsed / self.amount,
            breached,
            deadline if breached else None,
            self.stopped_at,
            max(elapsed - self.amount, _ZERO),
        )
