"""``Ticket``: what happened to one request, and the exact state of its clocks.

A ticket is an immutable list of events under a regulation. Every call that records
something returns a new ticket; the old one is unchanged. Its clocks are replayed from
the events, so a ticket built call by call and one built from a helpdesk's exported
event list are the same value with the same status.

Semantics (DESIGN.md 5–9): a reaction cycle starts at registration and at every
customer reply that arrives while no cycle runs; an agent reply ends the running cycle.
A pause stops the resolution clock, and reaction cycles too only where the regulation
says so (``Regulation.pauses_stop_reaction``); resuming loses nothing. A level change
keeps running clocks' starts and elapsed time and takes the new targets; a transfer to
development starts a fresh reaction cycle, and a resolution target that holds only for
questions that are not about development lapses.

Replay is linear: a ticket keeps its replayed clocks, immutable and shared with the
ticket one event later, so recording an event applies only that event. Every instant
is compared as epoch microseconds (rule 1).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from slakit._instants import to_us
from slakit._text import article
from slakit.clock import Chain, ClockRun, ClockStatus, check_instant, is_past
from slakit.errors import (
    CouponError,
    InvalidArgumentError,
    SlakitError,
    TicketEventError,
)
from slakit.escalation import EscalationRule, FiredEscalation
from slakit.events import CouponRef, Event, EventKind, parse_events
from slakit.level import Quota, SupportLevel
from slakit.regulation import Clock, Editions, PauseReason, Regulation
from slakit.target import Target

__all__ = ["Coupon", "Event", "EventKind", "Ticket", "TicketState", "TicketStatus"]


class TicketState(enum.Enum):
    OPEN = "open"
    PAUSED = "paused"
    RESOLVED = "resolved"
    CLOSED = "closed"
    #: Support refused (Aspro 4.8): an end state, its clocks stopped without an answer.
    REFUSED = "refused"


@attrs.frozen
class Coupon:
    """A quota coupon (DiState: 12 special requests, valid a year from the licence purchase).

    ``used`` counts the requests made on it; the coupon a ticket holds counts that
    ticket's own request. Valid from ``issued_at`` (an aware datetime) up to, not
    including, ``expires_at``.
    """

    code: str
    issued_at: dt.datetime
    quota: Quota
    used: int = 0

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise InvalidArgumentError("code", self.code, "a non-empty string")
        to_us(self.issued_at, "issued_at")
        if not isinstance(self.quota, Quota):
            raise InvalidArgumentError("quota", self.quota, "a slakit.Quota")
        if (
            isinstance(self.used, bool)
            or not isinstance(self.used, int)
            or not 0 <= self.used <= self.quota.count
        ):
            raise CouponError(
                f"coupon {self.code!r}: used must be a whole number from 0 to "
                f"{self.quota.count}, got {self.used!r}"
            )
        try:
            to_us(self.expires_at, "expires_at")
        except (OverflowError, SlakitError):
            raise CouponError(
                f"coupon {self.code!r} issued at {self.issued_at} would expire "
                f"{self.quota.validity} later, past the years slakit computes"
            ) from None

    @property
    def expires_at(self) -> dt.datetime:
        """The first instant the coupon is no longer valid (same wall time, in its zone).

        Calendar months for a validity in months (DiState 3.6 "1 год": issued
        2027-03-01 10:00, valid until 2028-03-01 10:00, so on 2028-02-29 too).
        """
        return self.quota.expires(self.issued_at)

    @property
    def remaining(self) -> int:
        return self.quota.count - self.used

    def valid_at(self, at: dt.datetime) -> bool:
        """Whether ``at`` falls within the coupon's validity, compared as real instants."""
        at_us = to_us(at, "at")
        return to_us(self.issued_at) <= at_us < to_us(self.expires_at)

    def use(self, at: dt.datetime) -> Coupon:
        """The coupon after one more request at ``at``; refused when spent or expired."""
        if not self.valid_at(at):
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
    def missed(self) -> bool:
        """Whether any clock missed its deadline (its outcome is late or breached)."""
        return any(clock.missed for _, clock in self.clocks)


class _Same:
    """A default meaning "unchanged" where None is a value (internal)."""


_SAME = _Same()


@attrs.frozen
class _Replay:
    """The clocks of a ticket after its events (internal, immutable, shared).

    ``earlier`` holds the reaction cycles before the last one, ``cycle``; a ticket
    and the ticket one event later share them.
    """

    regulation: Regulation
    level: SupportLevel
    state: TicketState
    earlier: Chain[ClockRun]
    cycle: ClockRun
    resolution: ClockRun | None
    last_at: dt.datetime
    last_us: int

    def moved(
        self,
        event: Event,
        at_us: int,
        *,
        level: SupportLevel | None = None,
        state: TicketState | None = None,
        earlier: Chain[ClockRun] | None = None,
        cycle: ClockRun | None = None,
        resolution: ClockRun | _Same | None = _SAME,
    ) -> _Replay:
        """The clocks after ``event`` at ``at_us``, with what it changed."""
        return _Replay(
            self.regulation,
            self.level if level is None else level,
            self.state if state is None else state,
            self.earlier if earlier is None else earlier,
            self.cycle if cycle is None else cycle,
            self.resolution if isinstance(resolution, _Same) else resolution,
            event.at,
            at_us,
        )


def _new_cycle(
    regulation: Regulation,
    level: SupportLevel,
    state: TicketState,
    at: dt.datetime,
    at_us: int,
) -> ClockRun:
    """A new reaction cycle: paused from the start where pauses stop reaction (rule 5)."""
    running = not (state is TicketState.PAUSED and regulation.pauses_stop_reaction)
    schedule = level.schedule or regulation.schedule
    return ClockRun.start(at, at_us, level.reaction, schedule, running=running)


def _level_of(regulation: Regulation, key: str | None, event: str) -> SupportLevel:
    # Event itself refuses an opened or level_changed event without a level key.
    try:
        return regulation.level(key or "")
    except SlakitError as error:
        raise TicketEventError(f"{event}: {error}") from None


def _event_log(value: object) -> Chain[Event]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TicketEventError(
            f"a ticket's events must be a sequence of slakit Events, got {type(value).__name__}"
        )
    events = list(value)
    return Chain(events, len(events))


def _rule_tuple(value: object) -> tuple[EscalationRule, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidArgumentError("rules", value, "a sequence of slakit.EscalationRule")
    rules = tuple(value)
    for rule in rules:
        if not isinstance(rule, EscalationRule):
            raise InvalidArgumentError("rules[]", rule, "a slakit.EscalationRule")
    return rules


@attrs.frozen
class Ticket:
    """One request under a regulation: its events, and its clocks on demand.

    Start with :meth:`open` (or :meth:`from_events`); every other call returns a new
    ticket with one more event. The constructor checks the events as those do: the
    first opens the ticket (on a quota level, with the coupon its request used), and
    each later one makes sense where it stands.
    """

    regulation: Regulation
    # The events, shared with the ticket one event earlier; ``events`` gives a tuple.
    _log: Chain[Event] = attrs.field(
        alias="events", converter=_event_log, eq=tuple, repr=lambda log: repr(tuple(log))
    )
    coupon: Coupon | None = None
    rules: tuple[EscalationRule, ...] = attrs.field(default=(), converter=_rule_tuple)
    # The clocks replayed from the events; read, never changed, by status and friends.
    _clocks: _Replay = attrs.field(init=False, eq=False, repr=False)
    _events: tuple[Event, ...] | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Replaying checks every event: an inconsistent event list cannot exist as a ticket.
        log = self._log
        replay = _opening(self.regulation, log[0] if len(log) else None, self.coupon)
        for index in range(1, len(log)):
            replay = _apply(replay, log[index], index)
        object.__setattr__(self, "_clocks", replay)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, the opening first."""
        events = self._events
        if events is None:
            events = tuple(self._log)
            object.__setattr__(self, "_events", events)
        return events

    def __reduce__(self) -> tuple[type[Ticket], tuple[object, ...]]:
        # Unpickling replays the events: stored clock state is never trusted.
        return (Ticket, (self.regulation, self.events, self.coupon, self.rules))

    @classmethod
    def _made(
        cls,
        regulation: Regulation,
        log: Chain[Event],
        coupon: Coupon | None,
        rules: tuple[EscalationRule, ...],
        clocks: _Replay,
    ) -> Ticket:
        """A ticket whose clocks are already replayed and checked (no replay again)."""
        ticket = object.__new__(cls)
        for name, value in (
            ("regulation", regulation),
            ("_log", log),
            ("coupon", coupon),
            ("rules", rules),
            ("_clocks", clocks),
            ("_events", None),
        ):
            object.__setattr__(ticket, name, value)
        return ticket

    # -- building ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        regulation: Regulation | Editions,
        level_key: str,
        *,
        at: dt.datetime,
        coupon: Coupon | None = None,
        rules: Iterable[EscalationRule] = (),
        registered_at: dt.datetime | None = None,
        contract_date: dt.date | None = None,
    ) -> Ticket:
        """A request sent at ``at``; a quota level needs a coupon with requests left.

        ``registered_at``, where the desk registered the request later than it was sent
        (an e-mail through the spam filter, a phone call entered by staff), is where
        the clocks start: the regulations count from registration (Aggregion п. 6 and
        10, AdVantShop п. 11, DiState 5.11). Given :class:`Editions`, the ticket follows
        the edition in force at ``contract_date`` where the contract fixes one
        (Technomarket), else at the request's date.
        """
        regulation = _edition(regulation, contract_date, at)
        first = Event(EventKind.OPENED, at, level_key, registered=registered_at)
        return cls._opened(regulation, first, coupon, rules)

    @classmethod
    def _opened(
        cls,
        regulation: Regulation,
        first: Event,
        coupon: Coupon | None,
        rules: Iterable[EscalationRule],
    ) -> Ticket:
        if not isinstance(regulation, Regulation):
            raise InvalidArgumentError("regulation", regulation, "a slakit.Regulation")
        level = _level_of(regulation, first.level, "opened")
        if level.quota is not None:
            if not isinstance(coupon, Coupon):
                raise CouponError(
                    f"the {level.key!r} level takes a coupon "
                    f"({level.quota.text or level.quota.count}); "
                    "pass coupon=Coupon(...)"
                )
            to_us(first.at, "at")
            coupon = coupon.use(first.at)
            if first.coupon is None:
                # The opened event carries the coupon, so the event file says it too.
                first = attrs.evolve(first, coupon=CouponRef(coupon.code, coupon.issued_at))
        elif coupon is not None and not isinstance(coupon, Coupon):
            raise InvalidArgumentError("coupon", coupon, "a slakit.Coupon or None")
        rules = _rule_tuple(rules)
        return cls._made(
            regulation, Chain([first], 1), coupon, rules, _opening(regulation, first, coupon)
        )

    @classmethod
    def from_events(
        cls,
        regulation: Regulation | Editions,
        events: Iterable[Mapping[str, Any] | Event | str] | str,
        *,
        coupon: Coupon | None = None,
        rules: Iterable[EscalationRule] = (),
        contract_date: dt.date | None = None,
    ) -> Ticket:
        """A ticket from exported events: dicts, :class:`Event` values, or JSON lines.

        The ``opened`` event's coupon, where it has one, is the ticket's coupon (with
        the quota of the level it opens); ``coupon=`` overrides it, and is the coupon
        before this ticket's request, as for :meth:`open`. Building from N events costs
        O(N): each event is applied once. Given :class:`Editions`, the ticket follows the
        edition in force as :meth:`open` says.
        """
        parsed = parse_events(events)
        if not parsed or parsed[0].kind is not EventKind.OPENED:
            raise TicketEventError("a ticket's first event must be 'opened'", index=0)
        first = parsed[0]
        regulation = _edition(regulation, contract_date, first.at)
        if coupon is None and first.coupon is not None and isinstance(regulation, Regulation):
            quota = _level_of(regulation, first.level, "opened").quota
            if quota is None:
                raise CouponError(
                    f"event 0: the {first.level!r} level takes no coupon, "
                    f"but the event names coupon {first.coupon.code!r}"
                )
            coupon = Coupon(first.coupon.code, first.coupon.issued_at, quota)
        ticket = cls._opened(regulation, first, coupon, rules)
        replay = ticket._clocks
        for index, event in enumerate(parsed[1:], start=1):
            replay = _apply(replay, event, index)
        return cls._made(
            regulation, Chain(parsed, len(parsed)), ticket.coupon, ticket.rules, replay
        )

    def to_events(self) -> list[dict[str, str]]:
        """The events as plain dicts, ready for JSON; ``from_events`` reads them back."""
        return [event.to_dict() for event in self.events]

    def to_json_lines(self) -> str:
        return "".join(json.dumps(event, ensure_ascii=False) + "\n" for event in self.to_events())

    def _record(self, event: Event) -> Ticket:
        """One more event: applied onto the kept clocks, not replayed from the start."""
        replay = _apply(self._clocks, event, len(self._log))
        return Ticket._made(
            self.regulation, self._log.append(event), self.coupon, self.rules, replay
        )

    def agent_reply(self, *, at: dt.datetime) -> Ticket:
        """The desk answered: the running reaction cycle stops (met, or late)."""
        return self._record(Event(EventKind.AGENT_REPLY, at))

    def customer_reply(self, *, at: dt.datetime) -> Ticket:
        """More information from the customer: a new reaction cycle if none is running."""
        return self._record(Event(EventKind.CUSTOMER_REPLY, at))

    def pause(
        self, *, at: dt.datetime, reason: PauseReason = PauseReason.AWAITING_CUSTOMER
    ) -> Ticket:
        """Postpone for one of the regulation's reasons (by default: the customer).

        The resolution clock stops; reaction cycles stop too only where the regulation
        says so (``Regulation.pauses_stop_reaction``).
        """
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

    def refuse(self, *, at: dt.datetime, reason: PauseReason) -> Ticket:
        """Refuse support for one of the regulation's reasons (Aspro 4.8 "отказано полностью").

        An end state, unlike a pause: the clocks stop without an answer, so a clock
        still within its deadline lapses (the promise no longer applies) and one past
        it is late; none is met. Only a close may follow.
        """
        return self._record(Event(EventKind.REFUSED, at, reason=reason))

    def with_rules(self, *rules: EscalationRule) -> Ticket:
        """The same ticket watched by more escalation rules."""
        added = _rule_tuple(rules)
        return Ticket._made(
            self.regulation, self._log, self.coupon, (*self.rules, *added), self._clocks
        )

    # -- questions -----------------------------------------------------------------

    @property
    def level(self) -> str:
        """The level the ticket is on now."""
        return self._clocks.level.key

    @property
    def opened_at(self) -> dt.datetime:
        """When the request was sent (the opening event's instant)."""
        return self._log[0].at

    @property
    def registered_at(self) -> dt.datetime:
        """When the request was registered: where its clocks start."""
        first = self._log[0]
        return first.registered or first.at

    @property
    def refusal(self) -> PauseReason | None:
        """Why support was refused, where it was (see :meth:`refuse`)."""
        for event in reversed(self.events):
            if event.kind is EventKind.REFUSED:
                return event.reason
        return None

    def _now(self, now: dt.datetime) -> int:
        now_us = to_us(now, "now")
        check_instant(self._clocks.cycle.schedule, now_us, "now")
        if now_us < self._clocks.last_us:
            raise TicketEventError(
                f"status at {now} is before the ticket's last event at {self._clocks.last_at}; "
                "ask about an instant after the events it knows"
            )
        return now_us

    def status(self, now: dt.datetime) -> TicketStatus:
        """Every clock at ``now``: deadline, elapsed, remaining, fraction used, outcome."""
        now_us = self._now(now)
        replay = self._clocks
        cycles = (*(run.status(now_us) for run in replay.earlier), replay.cycle.status(now_us))
        resolution = replay.resolution.status(now_us) if replay.resolution is not None else None
        return TicketStatus(now, replay.level.key, replay.state, cycles[-1], cycles, resolution)

    def escalations(
        self, now: dt.datetime
    ) -> tuple[tuple[FiredEscalation, ...], FiredEscalation | None]:
        """The rules that have fired by ``now`` with their exact instants, and the next one due.

        The rules are the ticket's own (``rules``, ``with_rules``), or, when it has none,
        its regulation's ``escalation_rules``.

        A rule fires once its clock has run past the rule's instant (as a breach is the
        clock running past its deadline, rule 9): a clock stopped at that instant, or
        paused before it, does not fire it.
        """
        now_us = self._now(now)
        replay = self._clocks
        fired: list[FiredEscalation] = []
        upcoming: list[FiredEscalation] = []
        # The ticket's own rules, else the regulation's (the desk's rules for every ticket).
        for rule in self.rules or self.regulation.escalation_rules:
            runs: list[tuple[int | None, ClockRun]] = (
                [(i, run) for i, run in enumerate((*replay.earlier, replay.cycle), 1)]
                if rule.clock is Clock.REACTION
                else ([(None, replay.resolution)] if replay.resolution is not None else [])
            )
            for cycle, run in runs:
                if run.amount is None:
                    continue
                point = rule.point(run.amount)
                until = run.until(now_us)
                at_us = run.instant_at(point, until)
                instant = run.out(at_us)
                if is_past(at_us, until):
                    fired.append(FiredEscalation(rule, instant, cycle))
                elif not run.stopped:
                    upcoming.append(FiredEscalation(rule, instant, cycle))
        fired.sort(key=lambda f: to_us(f.at))
        return tuple(fired), min(upcoming, key=lambda f: to_us(f.at), default=None)


# -- replaying: one event onto the clocks ----------------------------------------------


def _opening(regulation: object, first: object, coupon: object) -> _Replay:
    """The clocks right after the opening event, which is checked (and its coupon)."""
    if not isinstance(regulation, Regulation):
        raise InvalidArgumentError("regulation", regulation, "a slakit.Regulation")
    if not isinstance(first, Event):
        if first is None:
            raise TicketEventError("a ticket's first event must be 'opened'", index=0)
        raise TicketEventError("event 0 must be a slakit Event", index=0)
    if first.kind is not EventKind.OPENED:
        raise TicketEventError("a ticket's first event must be 'opened'", index=0)
    to_us(first.at, "opened at")
    start = first.registered or first.at  # the clocks count from registration
    at_us = to_us(start, "registered at")
    level = _level_of(regulation, first.level, "opened")
    if coupon is not None and not isinstance(coupon, Coupon):
        raise InvalidArgumentError("coupon", coupon, "a slakit.Coupon or None")
    if level.quota is not None:
        if coupon is None:
            raise CouponError(
                f"the {level.key!r} level is opened with a coupon "
                f"({level.quota.text or level.quota.count}); use Ticket.open(..., coupon=...)"
            )
        if coupon.used < 1 or not coupon.valid_at(first.at):
            raise CouponError(
                f"a ticket on the {level.key!r} level holds the coupon its request used: "
                f"valid at the opening ({first.at}) with at least one request used; "
                f"coupon {coupon.code!r} is valid from {coupon.issued_at} to "
                f"{coupon.expires_at} with {coupon.used} used"
            )
    schedule = level.schedule or regulation.schedule
    if first.registered is not None:
        try:
            check_instant(schedule, at_us, "registered")
        except SlakitError as error:
            raise TicketEventError(f"event 0 (opened): {error}", index=0) from None
    cycle = ClockRun.start(start, at_us, level.reaction, schedule, running=True)
    resolution = (
        ClockRun.start(start, at_us, level.resolution, schedule, running=True)
        if level.resolution is not None
        else None
    )
    return _Replay(regulation, level, TicketState.OPEN, Chain(), cycle, resolution, start, at_us)


def _apply(replay: _Replay, event: object, index: int) -> _Replay:
    """One event onto the clocks, or a TicketEventError that names it."""
    if not isinstance(event, Event):
        raise TicketEventError(f"event {index} must be a slakit Event", index=index)
    try:
        at_us = to_us(event.at, "at")
        check_instant(replay.cycle.schedule, at_us, "the event")
    except SlakitError as error:
        raise TicketEventError(f"{_named(event, index)}: {error}", index=index) from None
    if at_us < replay.last_us:
        raise TicketEventError(
            f"{_named(event, index)} comes before the previous event at {replay.last_at}",
            index=index,
        )
    allowed = _ALLOWED[event.kind]  # Event itself refuses a kind that is no EventKind
    if replay.state not in allowed:
        raise TicketEventError(
            f"{_named(event, index)}: not possible on {article(replay.state.value)} ticket"
            + (f" (possible when {' or '.join(s.value for s in allowed)})" if allowed else ""),
            index=index,
        )
    try:
        return _HANDLERS[event.kind](replay, event, at_us)
    except SlakitError as error:
        raise TicketEventError(f"{_named(event, index)}: {error}", index=index) from None


def _named(event: Event, index: int) -> str:
    kind = event.kind.value if isinstance(event.kind, EventKind) else repr(event.kind)
    return f"event {index} ({kind} at {event.at})"


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
    EventKind.CLOSED: (*_OPEN, TicketState.RESOLVED, TicketState.REFUSED),
    EventKind.REFUSED: _OPEN,
}


def _stop(run: ClockRun, at_us: int, *, lapsed: bool = False) -> ClockRun:
    """A run stopped at ``at_us`` unless it already was."""
    return run if run.stopped else run.stopped_at(at_us, lapsed=lapsed)


def _stop_resolution(run: ClockRun | None, at_us: int, *, lapsed: bool = False) -> ClockRun | None:
    return None if run is None else _stop(run, at_us, lapsed=lapsed)


def _resume(run: ClockRun | None, at_us: int) -> ClockRun | None:
    """A paused run running again from ``at_us``."""
    if run is None or run.stopped or run.open_since is not None:
        return run
    return run.opened(at_us)


def _on_agent_reply(replay: _Replay, event: Event, at_us: int) -> _Replay:
    return replay.moved(event, at_us, cycle=_stop(replay.cycle, at_us))


def _on_customer_reply(replay: _Replay, event: Event, at_us: int) -> _Replay:
    if not replay.cycle.stopped:
        return replay.moved(event, at_us)
    return replay.moved(
        event,
        at_us,
        earlier=replay.earlier.append(replay.cycle),
        cycle=_new_cycle(replay.regulation, replay.level, replay.state, event.at, at_us),
    )


def _on_paused(replay: _Replay, event: Event, at_us: int) -> _Replay:
    reasons = replay.regulation.pause_reasons
    if event.reason not in reasons:
        raise TicketEventError(
            f"{event.reason!r} is not a reason this regulation allows; valid: "
            + ", ".join(r.name for r in reasons)
        )
    resolution = replay.resolution
    return replay.moved(
        event,
        at_us,
        state=TicketState.PAUSED,
        resolution=resolution.closed_at(at_us) if resolution is not None else None,
        cycle=replay.cycle.closed_at(at_us)
        if replay.regulation.pauses_stop_reaction
        else replay.cycle,
    )


def _on_resumed(replay: _Replay, event: Event, at_us: int) -> _Replay:
    cycle = _resume(replay.cycle, at_us)
    return replay.moved(
        event,
        at_us,
        state=TicketState.OPEN,
        cycle=cycle if cycle is not None else replay.cycle,
        resolution=_resume(replay.resolution, at_us),
    )


def _on_level_changed(replay: _Replay, event: Event, at_us: int) -> _Replay:
    """Running clocks keep start and elapsed time and take the new level's targets (rule 7)."""
    level = _level_of(replay.regulation, event.level, "level_changed")
    if level.quota is not None:
        raise TicketEventError(f"{level.key!r} is opened with a coupon, not reached by a change")
    schedule = level.schedule or replay.regulation.schedule
    cycle, resolution = replay.cycle, replay.resolution
    if not cycle.stopped:
        cycle = cycle.retargeted(level.reaction, schedule, at_us)
    if resolution is not None and not resolution.stopped:
        resolution = (
            resolution.stopped_at(at_us, lapsed=True)
            if level.resolution is None
            else resolution.retargeted(level.resolution, schedule, at_us)
        )
    return replay.moved(event, at_us, level=level, cycle=cycle, resolution=resolution)


#: What a cycle after a transfer says where the regulation has no development level.
NO_TARGET_AFTER_TRANSFER = (
    "the regulation promises no reaction time once a question goes to development"
)


def _on_transferred(replay: _Replay, event: Event, at_us: int) -> _Replay:
    # The running cycle gives way to a fresh one, and a resolution promise holds only
    # for questions "не касается разработок": both lapse.
    key = replay.regulation.development_level
    if key is not None:
        level = replay.regulation.level(key)
        cycle = _new_cycle(replay.regulation, level, replay.state, event.at, at_us)
    else:
        # No development level (Technomarket): the regulation gives no target for the
        # new cycle, so it has none (outcome "no target"), never the old level's.
        level = replay.level
        text = level.after_transfer or NO_TARGET_AFTER_TRANSFER
        no_target = attrs.evolve(level, reaction=Target.not_guaranteed(text))
        cycle = _new_cycle(replay.regulation, no_target, replay.state, event.at, at_us)
    return replay.moved(
        event,
        at_us,
        level=level,
        resolution=_stop_resolution(replay.resolution, at_us, lapsed=True),
        earlier=replay.earlier.append(_stop(replay.cycle, at_us, lapsed=True)),
        cycle=cycle,
    )


def _on_resolved(replay: _Replay, event: Event, at_us: int) -> _Replay:
    return replay.moved(
        event,
        at_us,
        state=TicketState.RESOLVED,
        cycle=_stop(replay.cycle, at_us),
        resolution=_stop_resolution(replay.resolution, at_us),
    )


def _on_reopened(replay: _Replay, event: Event, at_us: int) -> _Replay:
    resolution = replay.resolution
    if resolution is not None and resolution.stopped and not resolution.lapsed:
        # Reopening continues the resolution clock from where it stopped.
        resolution = resolution.restarted(at_us)
    return replay.moved(
        event,
        at_us,
        state=TicketState.OPEN,
        resolution=resolution,
        earlier=replay.earlier.append(replay.cycle),
        cycle=_new_cycle(replay.regulation, replay.level, TicketState.OPEN, event.at, at_us),
    )


def _on_refused(replay: _Replay, event: Event, at_us: int) -> _Replay:
    reasons = replay.regulation.postponement_reasons
    if event.reason not in reasons:
        raise TicketEventError(
            f"{event.reason!r} is not a ground for refusal in this regulation; valid: "
            + (", ".join(r.name for r in reasons) or "none (the regulation names no grounds)")
        )
    return replay.moved(
        event,
        at_us,
        state=TicketState.REFUSED,
        cycle=_stop(replay.cycle, at_us, lapsed=True),
        resolution=_stop_resolution(replay.resolution, at_us, lapsed=True),
    )


def _on_closed(replay: _Replay, event: Event, at_us: int) -> _Replay:
    return replay.moved(
        event,
        at_us,
        state=TicketState.CLOSED,
        cycle=_stop(replay.cycle, at_us, lapsed=True),
        resolution=_stop_resolution(replay.resolution, at_us, lapsed=True),
    )


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
    EventKind.REFUSED: _on_refused,
}


def _edition(
    regulation: Regulation | Editions, contract_date: dt.date | None, at: dt.datetime
) -> Regulation:
    """The regulation a ticket follows: an edition chosen by date, or the one given."""
    if isinstance(regulation, Editions):
        if contract_date is not None and (
            isinstance(contract_date, dt.datetime) or not isinstance(contract_date, dt.date)
        ):
            raise InvalidArgumentError("contract_date", contract_date, "a date or None")
        to_us(at, "at")
        return regulation.in_force(contract_date if contract_date is not None else at)
    if contract_date is not None:
        raise InvalidArgumentError(
            "contract_date",
            contract_date,
            "None with a single regulation (a contract date chooses among slakit.Editions)",
        )
    return regulation
