"""Clocks: working time that runs, pauses and runs out, measured on a level's schedule.

A clock runs in segments (between registration, pauses, resumptions and level
changes), each counted on the schedule in force then. Its target can change mid-way
(a level change), and every question — elapsed, deadline, when 80 % was used — is one
walk over the segments: "at which instant did the accumulated time reach X?".

Every instant inside is an integer of epoch microseconds, so two instants compare as
real instants, never as wall-clock times of one zone (DESIGN rule 1). Each closed
segment is measured once, when it closes, and keeps the running total; a clock that
has stopped keeps its status, which no later instant changes.
"""

from __future__ import annotations

import datetime as dt
import enum
from bisect import bisect_left
from collections.abc import Iterator
from typing import Generic, NamedTuple, TypeVar

import attrs

from slakit._instants import from_us, to_timedelta
from slakit.calendar import MAX_YEAR, MIN_YEAR
from slakit.errors import OutOfRangeError
from slakit.schedule import Schedule
from slakit.target import Basis, Target, Unit

__all__ = ["ClockStatus", "Outcome", "is_past"]

_ZERO = dt.timedelta(0)
_ONE_US = dt.timedelta(microseconds=1)
T = TypeVar("T")


class _Keep:
    """A default meaning "unchanged" where None is a value (internal)."""


_KEEP = _Keep()


class Outcome(enum.Enum):
    """Where a clock stands at the instant asked about: exactly one of these (rule 9).

    ``MET``, ``LATE`` and ``BREACHED`` are *decided*: the clock's promise was kept or
    broken. A breached clock still runs, but its outcome is already a miss.
    """

    RUNNING = "running"  # running, its deadline not passed
    PAUSED = "paused"  # stopped for a while, its deadline not passed
    MET = "met"  # stopped at or before its deadline (the deadline instant is on time)
    LATE = "late"  # stopped after its deadline
    BREACHED = "breached"  # still running (or paused) past its deadline
    LAPSED = "lapsed"  # stopped in time without an answer: the promise no longer applies
    NO_TARGET = "no target"  # the regulation promises no time for this clock

    @property
    def decided(self) -> bool:
        """Whether the promise was kept or broken: met, late or breached."""
        return self in _DECIDED

    @property
    def missed(self) -> bool:
        """Whether the deadline was missed: late or breached."""
        return self in _MISSED


_DECIDED = frozenset({Outcome.MET, Outcome.LATE, Outcome.BREACHED})
_MISSED = frozenset({Outcome.LATE, Outcome.BREACHED})


def is_past(deadline_us: int, until_us: int) -> bool:
    """The one definition of a miss (rule 9): an instant after the deadline.

    The deadline instant itself is on time. Status outcomes, escalation rules and
    reports all decide with this function, on epoch microseconds.
    """
    return until_us > deadline_us


def target_amount(target: Target, schedule: Schedule, start: dt.datetime) -> dt.timedelta | None:
    """A target as clock time from ``start`` (working days: the working time they span)."""
    if target.amount is None:
        return None
    if target.unit is Unit.DAYS and target.basis is Basis.WORKING:
        return schedule.elapsed(start, schedule.add_days(start, target.amount))
    return target.duration


def counts_calendar_time(target: Target) -> bool:
    return target.basis is Basis.CALENDAR


# -- a persistent list: a ticket and the ticket one event later share their clocks ------


class Chain(Generic[T]):
    """An immutable sequence that shares its buffer with the chains appended from it.

    Appending to the newest chain of a buffer is O(1); appending to an older one (a
    branch: two different next events for one ticket) copies. A chain sees only the
    first ``len(chain)`` items of the buffer, which never change once written.
    """

    __slots__ = ("_items", "_n")

    def __init__(self, items: list[T] | None = None, n: int = 0) -> None:
        self._items: list[T] = items if items is not None else []
        self._n = n

    def append(self, item: T) -> Chain[T]:
        items, n = self._items, self._n
        if len(items) == n:
            items.append(item)
            # Another thread may have appended between the check and ours: ours must
            # be at index n, else this chain branches off with a copy.
            if items[n] is item:
                return Chain(items, n + 1)
        return Chain([*items[:n], item], n + 1)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index: int) -> T:
        if not 0 <= index < self._n:
            raise IndexError(index)
        return self._items[index]

    def __iter__(self) -> Iterator[T]:
        items = self._items
        return (items[i] for i in range(self._n))

    def find(self, value: int, key_index: int) -> int:
        """The first position whose item's ``key_index`` field is >= ``value`` (sorted)."""
        return bisect_left(self._items, value, 0, self._n, key=lambda item: item[key_index])  # type: ignore[index]


# -- clock time on a schedule ----------------------------------------------------------


def _measure(schedule: Schedule, calendar_time: bool, a: int, b: int) -> int:
    """Clock time between two instants (microseconds)."""
    if b <= a:
        return 0
    if calendar_time:
        return b - a
    engine = schedule._engine
    amount, line = engine.elapsed_us(a, b)
    if line.provisional:
        engine.warn(line.year)
    return amount


def _reach(schedule: Schedule, calendar_time: bool, a: int, amount: int) -> int:
    """The earliest instant ``amount`` of clock time after ``a`` (rule 2)."""
    engine = schedule._engine
    if calendar_time:
        us = a + amount
        if not engine.min_us <= us < engine.max_us:
            raise OutOfRangeError(
                f"the deadline would fall outside the years {MIN_YEAR} to {MAX_YEAR} "
                "that slakit computes working time for"
            )
        return us
    us, line = engine.add_us(a, amount)
    if line.provisional:
        engine.warn(line.year)
    return us


def check_instant(schedule: Schedule, us: int, name: str) -> None:
    """Refuse an instant outside the years the schedule computes working time for."""
    engine = schedule._engine
    if not engine.min_us <= us < engine.max_us:
        raise OutOfRangeError(
            f"{name} is outside the years {MIN_YEAR} to {MAX_YEAR} "
            "that slakit computes working time for"
        )


class Segment(NamedTuple):
    """A closed stretch ``[start, end)`` in which a clock ran, measured once."""

    start: int
    end: int
    measure: int
    total: int  # clock time up to this segment's end
    schedule: Schedule
    calendar_time: bool


@attrs.frozen
class ClockStatus:
    """One clock at one instant: what it promised, what is used, what is left.

    ``deadline`` is when the target runs out; while the clock is paused, and for a
    clock that has not reached it when it stopped, it is the deadline if work resumed
    at the instant asked about (or at the stop), so it moves later as a pause lasts.
    ``outcome`` says where the clock stands (rule 9). Instants are in the zone of the
    schedule the clock counts on.
    """

    outcome: Outcome
    started_at: dt.datetime
    target: Target | None
    deadline: dt.datetime | None
    elapsed: dt.timedelta
    remaining: dt.timedelta | None
    used: float | None
    stopped_at: dt.datetime | None
    #: Whether the clock is paused at the instant asked about (stopped for a while).
    paused: bool = False
    #: Clock time past the target (zero unless the deadline was missed).
    overdue: dt.timedelta = _ZERO

    @property
    def running(self) -> bool:
        """Whether the clock counts at the instant asked about (not stopped, not paused)."""
        return self.stopped_at is None and not self.paused

    @property
    def missed(self) -> bool:
        """Whether the deadline was missed: the outcome is late or breached."""
        return self.outcome.missed


@attrs.frozen
class ClockRun:
    """A clock replayed from events (internal): immutable, each change a new run.

    ``schedule`` and ``calendar_time`` are what the clock counts on now: the open
    segment's, and the projection's for a paused or stopped clock.
    """

    started_at: dt.datetime
    started_us: int
    target: Target | None
    amount: int | None
    schedule: Schedule
    calendar_time: bool
    closed: Chain[Segment] = attrs.field(factory=Chain)
    open_since: int | None = None
    stopped_us: int | None = None
    lapsed: bool = False
    # The status of a stopped run, kept once computed: nothing later changes it.
    _memo: list[ClockStatus] = attrs.field(init=False, factory=list, eq=False, repr=False)

    @classmethod
    def start(
        cls, at: dt.datetime, at_us: int, target: Target, schedule: Schedule, *, running: bool
    ) -> ClockRun:
        check_instant(schedule, at_us, "the clock's start")
        amount = target_amount(target, schedule, at)
        return cls(
            at,
            at_us,
            target,
            None if amount is None else amount // _ONE_US,
            schedule,
            counts_calendar_time(target),
            open_since=at_us if running else None,
        )

    @property
    def stopped(self) -> bool:
        return self.stopped_us is not None

    @property
    def total(self) -> int:
        """Clock time in the closed segments."""
        closed = self.closed
        return closed[len(closed) - 1].total if len(closed) else 0

    # -- changes ------------------------------------------------------------------

    def _but(
        self,
        *,
        target: Target | None = None,
        amount: int | None = None,
        schedule: Schedule | None = None,
        calendar_time: bool | None = None,
        closed: Chain[Segment] | None = None,
        open_since: int | _Keep | None = _KEEP,
        stopped_us: int | _Keep | None = _KEEP,
        lapsed: bool | None = None,
    ) -> ClockRun:
        """The run with some fields changed (``attrs.evolve`` without its introspection)."""
        return ClockRun(
            self.started_at,
            self.started_us,
            self.target if target is None else target,
            self.amount if target is None else amount,
            self.schedule if schedule is None else schedule,
            self.calendar_time if calendar_time is None else calendar_time,
            self.closed if closed is None else closed,
            self.open_since if isinstance(open_since, _Keep) else open_since,
            self.stopped_us if isinstance(stopped_us, _Keep) else stopped_us,
            self.lapsed if lapsed is None else lapsed,
        )

    def opened(self, at_us: int) -> ClockRun:
        return self._but(open_since=at_us)

    def closed_at(self, at_us: int) -> ClockRun:
        """The run with its open segment ended at ``at_us`` (paused), measured once."""
        since = self.open_since
        if since is None:
            return self
        measure = _measure(self.schedule, self.calendar_time, since, at_us)
        segment = Segment(
            since, at_us, measure, self.total + measure, self.schedule, self.calendar_time
        )
        return self._but(closed=self.closed.append(segment), open_since=None)

    def stopped_at(self, at_us: int, *, lapsed: bool = False) -> ClockRun:
        """The run stopped for good: answered (met or late) or ``lapsed``."""
        return self.closed_at(at_us)._but(stopped_us=at_us, lapsed=lapsed)

    def restarted(self, at_us: int) -> ClockRun:
        """A stopped run continuing from ``at_us`` (a reopened ticket's resolution)."""
        return self._but(stopped_us=None, lapsed=False, open_since=at_us)

    def retargeted(self, target: Target, schedule: Schedule, at_us: int) -> ClockRun:
        """The run with another target and schedule from ``at_us``; start and time kept."""
        running = self.open_since is not None
        run = self.closed_at(at_us)
        amount = target_amount(target, schedule, self.started_at)
        return run._but(
            target=target,
            amount=None if amount is None else amount // _ONE_US,
            schedule=schedule,
            calendar_time=counts_calendar_time(target),
            open_since=at_us if running else None,
        )

    # -- questions ----------------------------------------------------------------

    def elapsed(self, until_us: int) -> int:
        """Clock time up to ``until_us`` (a stopped run: up to its stop)."""
        since = self.open_since
        if since is None:
            return self.total
        return self.total + _measure(self.schedule, self.calendar_time, since, until_us)

    def out(self, us: int) -> dt.datetime:
        """An instant as an aware datetime in the zone of the schedule the clock counts on."""
        return from_us(us, self.schedule._engine.tz)

    def until(self, now_us: int) -> int:
        """The instant a question is answered at: the stop of a stopped run, else now."""
        return self.stopped_us if self.stopped_us is not None else now_us

    def instant_at(self, amount: int, until_us: int) -> int:
        """The first instant the clock ran at with ``amount`` accumulated.

        Found inside a closed segment only strictly before its end; else in the open
        segment; else projected as if work resumed at ``until_us`` (the instant asked
        about, or the stop), so a paused clock's deadline follows the instant asked
        about and a stopped one that had time left is never late.
        """
        closed = self.closed
        for i in range(closed.find(amount, 3), len(closed)):
            segment = closed[i]
            at = _reach(
                segment.schedule,
                segment.calendar_time,
                segment.start,
                amount - (segment.total - segment.measure),
            )
            if at < segment.end:
                return at
        left = amount - self.total
        since = self.open_since if self.open_since is not None else until_us
        return _reach(self.schedule, self.calendar_time, since, left)

    def status(self, now_us: int) -> ClockStatus:
        if self._memo:
            return self._memo[0]
        until = self.until(now_us)
        elapsed = self.elapsed(until)
        stopped_at = self.out(self.stopped_us) if self.stopped_us is not None else None
        paused = not self.stopped and self.open_since is None
        started = self.out(self.started_us)
        if self.amount is None:
            status = ClockStatus(
                Outcome.NO_TARGET,
                started,
                self.target,
                None,
                to_timedelta(elapsed),
                None,
                None,
                stopped_at,
                paused,
            )
        else:
            deadline = self.instant_at(self.amount, until)
            outcome = self._outcome(deadline, until)
            status = ClockStatus(
                outcome,
                started,
                self.target,
                self.out(deadline),
                to_timedelta(elapsed),
                to_timedelta(max(self.amount - elapsed, 0)),
                elapsed / self.amount if self.amount else float(outcome.missed),
                stopped_at,
                paused,
                to_timedelta(max(elapsed - self.amount, 0)),
            )
        if self.stopped:
            self._memo.append(status)
        return status

    def _outcome(self, deadline: int, until: int) -> Outcome:
        if is_past(deadline, until):
            return Outcome.LATE if self.stopped else Outcome.BREACHED
        if self.stopped:
            return Outcome.LAPSED if self.lapsed else Outcome.MET
        return Outcome.PAUSED if self.open_since is None else Outcome.RUNNING
