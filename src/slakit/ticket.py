"""``Ticket``: what happened to one request, and the exact state of its clocks.

A ticket is an immutable list of events under a regulation. Every call that records
something returns a new ticket; the old one is unchanged. Its clocks are replayed from
the events on demand, so a ticket built call by call and one built from a helpdesk's
exported event list are the same value with the same status.

Semantics (DESIGN.md 5–8): a reaction cycle starts at registration and at every
customer reply that arrives while no cycle runs; an agent reply ends the running cycle.
A pause stops every clock; resuming loses nothing. A level change keeps running clocks'
starts and elapsed time and takes the new targets; a transfer to development starts a
fresh reaction cycle, and a resolution target that holds only for questions that are
not about development lapses.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from slakit._instants import to_us
from slakit.clock import ClockRun, ClockState, ClockStatus, counts_calendar_time, target_amount
from slakit.errors import (
    CouponError,
    InvalidArgumentError,
    SlakitError,
    TicketEventError,
)
from slakit.escalation import EscalationRule, FiredEscalation
from slakit.events import CouponRef, Event, EventKind, parse_events
from slakit.level import Quota, SupportLevel
from slakit.regulation import Clock, PauseReason, Regulation
from slakit.schedule import Schedule
from slakit.target import Target

__all__ = ["Coupon", "Event", "EventKind", "Ticket", "TicketState", "TicketStatus"]


class TicketState(enum.Enum):
    OPEN = "open"
    PAUSED = "paused"
    RESOLVED = "resolved"
    CLOSED = "closed"


@attrs.frozen
class Coupon:
    """A quota coupon (DiState: 12 special requests, valid a year from the licence purchase)."""

    code: str
    issued_at: dt.datetime
    quota: Quota
    used: int = 0

    @property
    def expires_at(self) -> dt.datetime:
        return self.issued_at + self.quota.valid_for

    @property
    def remaining(self) -> int:
        return max(self.quota.count - self.used, 0)

    def use(self, at: dt.datetime) -> Coupon:
        """The coupon after one more request at ``at``; refused when spent or expired."""
        to_us(at, "at")
        if not self.issued_at <= at < self.expires_at:
            raise CouponError(
                f"coupon {self.code!r} is valid from {self.issued_at} to {self.expires_at}, "
                f"not at {at}; unused requests lapse with it"
            )
        if self.remaining == 0:
            raise CouponError(
                f"coupon {self.code!r} has no requests left (all {self.quota.count} used)"
            )
        return attrs.evolve(self, used=self.used + 1)


@attrs.frozen
class TicketStatus:
    """Every clock of a ticket at one instant."""

    at: dt.datetime
    level: str
    state: TicketState
    reaction: ClockStatus
    cycles: tuple[ClockStatus, ...]
    resolution: ClockStatus | None

    @property
    def clocks(self) -> tuple[tuple[str, ClockStatus], ...]:
        """Every clock with its name: ``reaction #1``, ``reaction #2``, ..., ``resolution``."""
        named = tuple((f"reaction #{i}", cycle) for i, cycle in enumerate(self.cycles, 1))
        return (*named, ("resolution", self.resolution)) if self.resolution else named

    @property
    def breached(self) -> bool:
        """Whether any clock's target has been exceeded."""
        return any(clock.breached for _, clock in self.clocks)


@attrs.define
class _Replay:
    """The clocks of a ticket rebuilt from its events (internal)."""

    regulation: Regulation
    level: SupportLevel
    state: TicketState = TicketState.OPEN
    cycles: list[ClockRun] = attrs.Factory(list)
    resolution: ClockRun | None = None

    def schedule(self) -> Schedule:
        return self.regulation.schedule_for(self.level.key)

    def start(self, at: dt.datetime, target: Target) -> ClockRun:
        run = ClockRun(at, target, target_amount(target, self.schedule(), at))
        if self.state is not TicketState.PAUSED:
            run.open(at, self.schedule(), counts_calendar_time(target))
        return run

    def running(self) -> list[ClockRun]:
        runs = [run for run in (self.cycles[-1:] if self.cycles else []) if run.stopped_at is None]
        if self.resolution is not None and self.resolution.stopped_at is None:
            runs.append(self.resolution)
        return runs

    def cycle_running(self) -> bool:
        return bool(self.cycles) and self.cycles[-1].stopped_at is None

    def start_cycle(self, at: dt.datetime) -> None:
        self.cycles.append(self.start(at, self.level.reaction))

    def stop_cycle(self, at: dt.datetime, how: ClockState) -> None:
        if self.cycle_running():
            self.cycles[-1].end(at, how)

    def pause(self, at: dt.datetime) -> None:
        for run in self.running():
            run.close(at)
        self.state = TicketState.PAUSED

    def resume(self, at: dt.datetime) -> None:
        self.state = TicketState.OPEN
        for run in self.running():
            assert run.target is not None
            run.open(at, self.schedule(), counts_calendar_time(run.target))

    def change_level(self, at: dt.datetime, level: SupportLevel) -> None:
        """Running clocks keep start and elapsed time and take the new level's targets."""
        runs = self.running()
        for run in runs:
            run.close(at)
        self.level = level
        for run in runs:
            clock = Clock.REACTION if run is not self.resolution else Clock.RESOLUTION
            target = level.reaction if clock is Clock.REACTION else level.resolution
            if target is None:
                run.end(at, ClockState.LAPSED)
                continue
            run.target = target
            run.amount = target_amount(target, self.schedule(), run.started_at)
            if self.state is not TicketState.PAUSED:
                run.open(at, self.schedule(), counts_calendar_time(target))


def _level_of(regulation: Regulation, key: object, event: str) -> SupportLevel:
    if not isinstance(key, str):
        raise TicketEventError(f"{event}: a level key is required, got {key!r}")
    try:
        return regulation.level(key)
    except SlakitError as error:
        raise TicketEventError(f"{event}: {error}") from None


@attrs.frozen
class Ticket:
    """One request under a regulation: its events, and its clocks on demand.

    Start with :meth:`open`; every other call returns a new ticket with one more event.
    """

    regulation: Regulation
    events: tuple[Event, ...]
    coupon: Coupon | None = None
    rules: tuple[EscalationRule, ...] = ()
    # The clocks replayed from the events; read, never changed, by status and friends.
    _clocks: _Replay = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Replaying checks every event: an inconsistent event list cannot exist as a ticket.
        object.__setattr__(self, "_clocks", self._replay())

    # -- building ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        regulation: Regulation,
        level_key: str,
        *,
        at: dt.datetime,
        coupon: Coupon | None = None,
        rules: Iterable[EscalationRule] = (),
    ) -> Ticket:
        """Register a request at ``at``; a quota level needs a coupon with requests left."""
        if not isinstance(regulation, Regulation):
            raise InvalidArgumentError("regulation", regulation, "a slakit.Regulation")
        level = _level_of(regulation, level_key, "opened")
        if level.quota is not None:
            if not isinstance(coupon, Coupon):
                raise CouponError(
                    f"the {level.key!r} level takes a coupon "
                    f"({level.quota.text or level.quota.count}); "
                    "pass coupon=Coupon(...)"
                )
            coupon = coupon.use(at)
        used = coupon if level.quota is not None else None
        ref = CouponRef(used.code, used.issued_at) if used is not None else None
        opened = Event(EventKind.OPENED, at, level_key, coupon=ref)
        return cls(regulation, (opened,), coupon, tuple(rules))

    @classmethod
    def from_events(
        cls,
        regulation: Regulation,
        events: Iterable[Mapping[str, Any] | Event | str] | str,
        *,
        coupon: Coupon | None = None,
        rules: Iterable[EscalationRule] = (),
    ) -> Ticket:
        """A ticket from exported events: dicts, :class:`Event` values, or JSON lines.

        The ``opened`` event's coupon, where it has one, is the ticket's coupon (with
        the quota of the level it opens); ``coupon=`` overrides it.
        """
        parsed = parse_events(events)
        if not parsed or parsed[0].kind is not EventKind.OPENED:
            raise TicketEventError("a ticket's first event must be 'opened'", index=0)
        first = parsed[0]
        if coupon is None and first.coupon is not None and isinstance(regulation, Regulation):
            quota = _level_of(regulation, first.level, "opened").quota
            if quota is None:
                raise CouponError(
                    f"event 0: the {first.level!r} level takes no coupon, "
                    f"but the event names coupon {first.coupon.code!r}"
                )
            coupon = Coupon(first.coupon.code, first.coupon.issued_at, quota)
        ticket = cls.open(regulation, first.level or "", at=first.at, coupon=coupon, rules=rules)
        for event in parsed[1:]:
            ticket = ticket._record(event)
        return ticket

    def to_events(self) -> list[dict[str, str]]:
        """The events as plain dicts, ready for JSON; ``from_events`` reads them back."""
        return [event.to_dict() for event in self.events]

    def to_json_lines(self) -> str:
        return "".join(json.dumps(event, ensure_ascii=False) + "\n" for event in self.to_events())

    def _record(self, event: Event) -> Ticket:
        return attrs.evolve(self, events=(*self.events, event))

    def agent_reply(self, *, at: dt.datetime) -> Ticket:
        """The desk answered: the running reaction cycle is met."""
        return self._record(Event(EventKind.AGENT_REPLY, at))

    def customer_reply(self, *, at: dt.datetime) -> Ticket:
        """More information from the customer: a new reaction cycle if none is running."""
        return self._record(Event(EventKind.CUSTOMER_REPLY, at))

    def pause(
        self, *, at: dt.datetime, reason: PauseReason = PauseReason.AWAITING_CUSTOMER
    ) -> Ticket:
        """Stop the clocks for one of the regulation's reasons (by default: the customer)."""
        return self._record(Event(EventKind.PAUSED, at, reason=reason))

    def resume(self, *, at: dt.datetime) -> Ticket:
        return self._record(Event(EventKind.RESUMED, at))

    def change_level(self, level_key: str, *, at: dt.datetime) -> Ticket:
        """Reclassify (to consulting, say): running clocks keep their start, take new targets."""
        return self._record(Event(EventKind.LEVEL_CHANGED, at, level_key))

    def transfer_to_development(self, *, at: dt.datetime) -> Ticket:
        """Hand over to the development department: a fresh reaction cycle starts."""
        return self._record(Event(EventKind.TRANSFERRED_TO_DEVELOPMENT, at))

    def resolve(self, *, at: dt.datetime) -> Ticket:
        return self._record(Event(EventKind.RESOLVED, at))

    def reopen(self, *, at: dt.datetime) -> Ticket:
        """The customer came back: the resolution clock continues and a reaction cycle starts."""
        return self._record(Event(EventKind.REOPENED, at))

    def close(self, *, at: dt.datetime) -> Ticket:
        return self._record(Event(EventKind.CLOSED, at))

    def with_rules(self, *rules: EscalationRule) -> Ticket:
        """The same ticket watched by more escalation rules."""
        return attrs.evolve(self, rules=(*self.rules, *rules))

    # -- replaying -----------------------------------------------------------------

    def _replay(self) -> _Replay:
        """Rebuild the clocks from the events, checking each event makes sense."""
        first = self.events[0] if self.events else None
        if first is None or first.kind is not EventKind.OPENED:
            raise TicketEventError("a ticket's first event must be 'opened'", index=0)
        to_us(first.at, "opened at")
        replay = _Replay(self.regulation, _level_of(self.regulation, first.level, "opened"))
        replay.start_cycle(first.at)
        if replay.level.resolution is not None:
            replay.resolution = replay.start(first.at, replay.level.resolution)
        previous = first.at
        for index, event in enumerate(self.events[1:], start=1):
            _apply(replay, event, index, previous)
            previous = event.at
        return replay

    @property
    def level(self) -> str:
        """The level the ticket is on now."""
        return self._clocks.level.key

    @property
    def opened_at(self) -> dt.datetime:
        return self.events[0].at

    def status(self, now: dt.datetime) -> TicketStatus:
        """Every clock at ``now``: deadline, elapsed, remaining, fraction used, breach."""
        to_us(now, "now")
        if now < self.events[-1].at:
            raise TicketEventError(
                f"status at {now} is before the ticket's last event at {self.events[-1].at}; "
                "ask about an instant after the events it knows"
            )
        replay = self._clocks
        cycles = tuple(run.status(now) for run in replay.cycles)
        resolution = replay.resolution.status(now) if replay.resolution is not None else None
        return TicketStatus(now, replay.level.key, replay.state, cycles[-1], cycles, resolution)

    def escalations(
        self, now: dt.datetime
    ) -> tuple[tuple[FiredEscalation, ...], FiredEscalation | None]:
        """The rules that have fired by ``now`` with their exact instants, and the next one due."""
        to_us(now, "now")
        replay = self._clocks
        fired: list[FiredEscalation] = []
        upcoming: list[FiredEscalation] = []
        for rule in self.rules:
            runs: list[tuple[int | None, ClockRun]] = (
                [(i + 1, run) for i, run in enumerate(replay.cycles)]
                if rule.clock is Clock.REACTION
                else ([(None, replay.resolution)] if replay.resolution is not None else [])
            )
            for cycle, run in runs:
                if run.amount is None:
                    continue
                point = rule.point(run.amount)
                at = run.instant_at(point, now)
                assert at is not None  # a clock with segments reaches any amount, if projected
                if run.elapsed(now) >= point:
                    fired.append(FiredEscalation(rule, at, cycle))
                elif run.stopped_at is None:
                    upcoming.append(FiredEscalation(rule, at, cycle))
        fired.sort(key=lambda f: f.at)
        return tuple(fired), min(upcoming, key=lambda f: f.at, default=None)


def _apply(replay: _Replay, event: Event, index: int, previous: dt.datetime) -> None:
    """One event onto the replay, or a TicketEventError that names it."""
    if not isinstance(event, Event):
        raise TicketEventError(f"event {index} must be a slakit Event", index=index)
    name = f"event {index} ({event.kind.value} at {event.at})"
    try:
        to_us(event.at, "at")
    except SlakitError as error:
        raise TicketEventError(f"{name}: {error}", index=index) from None
    if event.at < previous:
        raise TicketEventError(f"{name} comes before the previous event at {previous}", index=index)
    allowed = _ALLOWED[event.kind]
    if replay.state not in allowed:
        raise TicketEventError(
            f"{name}: not possible on a {replay.state.value} ticket"
            + (f" (possible when {' or '.join(s.value for s in allowed)})" if allowed else ""),
            index=index,
        )
    try:
        _HANDLERS[event.kind](replay, event)
    except TicketEventError as error:
        raise TicketEventError(f"{name}: {error}", index=index) from None


_OPEN = (TicketState.OPEN, TicketState.PAUSED)
_ALLOWED: dict[EventKind, tuple[TicketState, ...]] = {
    EventKind.OPENED: (),  # once, as the first event
    EventKind.AGENT_REPLY: _OPEN,
    EventKind.CUSTOMER_REPLY: _OPEN,
    EventKind.PAUSED: (TicketState.OPEN,),
    EventKind.RESUMED: (TicketState.PAUSED,),
    EventKind.LEVEL_CHANGED: _OPEN,
    EventKind.TRANSFERRED_TO_DEVELOPMENT: _OPEN,
    EventKind.RESOLVED: _OPEN,
    EventKind.REOPENED: (TicketState.RESOLVED,),
    EventKind.CLOSED: (*_OPEN, TicketState.RESOLVED),
}


def _on_agent_reply(replay: _Replay, event: Event) -> None:
    replay.stop_cycle(event.at, ClockState.MET)


def _on_customer_reply(replay: _Replay, event: Event) -> None:
    if not replay.cycle_running():
        replay.start_cycle(event.at)


def _on_paused(replay: _Replay, event: Event) -> None:
    reasons = replay.regulation.pause_reasons
    if event.reason not in reasons:
        raise TicketEventError(
            f"{event.reason!r} is not a reason this regulation allows; valid: "
            + ", ".join(r.name for r in reasons)
        )
    replay.pause(event.at)


def _on_resumed(replay: _Replay, event: Event) -> None:
    replay.resume(event.at)


def _on_level_changed(replay: _Replay, event: Event) -> None:
    level = _level_of(replay.regulation, event.level, "level_changed")
    if level.quota is not None:
        raise TicketEventError(f"{level.key!r} is opened with a coupon, not reached by a change")
    replay.change_level(event.at, level)


def _on_transferred(replay: _Replay, event: Event) -> None:
    replay.stop_cycle(event.at, ClockState.LAPSED)
    # A resolution promise holds only for questions "не касается разработок".
    if replay.resolution is not None and replay.resolution.stopped_at is None:
        replay.resolution.end(event.at, ClockState.LAPSED)
    target = replay.regulation.development_level
    if target is not None:
        replay.change_level(event.at, replay.regulation.level(target))
    replay.start_cycle(event.at)


def _finish(replay: _Replay, at: dt.datetime, how: ClockState, state: TicketState) -> None:
    """Stop the running cycle and the resolution clock, as met or lapsed."""
    if replay.state is TicketState.PAUSED:
        replay.resume(at)
    replay.stop_cycle(at, how)
    if replay.resolution is not None and replay.resolution.stopped_at is None:
        replay.resolution.end(at, how)
    replay.state = state


def _on_resolved(replay: _Replay, event: Event) -> None:
    _finish(replay, event.at, ClockState.MET, TicketState.RESOLVED)


def _on_reopened(replay: _Replay, event: Event) -> None:
    replay.state = TicketState.OPEN
    replay.start_cycle(event.at)
    resolution = replay.resolution
    if resolution is not None and resolution.stop is ClockState.MET:
        # Reopening continues the resolution clock from where it stopped.
        assert resolution.target is not None
        resolution.stopped_at, resolution.stop = None, None
        resolution.open(event.at, replay.schedule(), counts_calendar_time(resolution.target))


def _on_closed(replay: _Replay, event: Event) -> None:
    _finish(replay, event.at, ClockState.LAPSED, TicketState.CLOSED)


_HANDLERS = {
    EventKind.AGENT_REPLY: _on_agent_reply,
    EventKind.CUSTOMER_REPLY: _on_customer_reply,
    EventKind.PAUSED: _on_paused,
    EventKind.RESUMED: _on_resumed,
    EventKind.LEVEL_CHANGED: _on_level_changed,
    EventKind.TRANSFERRED_TO_DEVELOPMENT: _on_transferred,
    EventKind.RESOLVED: _on_resolved,
    EventKind.REOPENED: _on_reopened,
    EventKind.CLOSED: _on_closed,
}
