"""``EscalationRule``: when a clock gets close to or past its target, tell someone.

A trigger on a clock — a fraction of the target used, a time left before the deadline,
the breach, a time after the breach — and an action that is plain data (whom to notify,
or a level to move to). Every trigger is an amount of clock time, so the instant a rule
fires is computed in working time on the level's schedule, exactly.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from slakit.errors import InvalidArgumentError
from slakit.regulation import Clock

__all__ = ["EscalationRule", "FiredEscalation", "Trigger"]


class Trigger(enum.Enum):
    """What a rule watches for."""

    USED = "a fraction of the target used"
    BEFORE_DEADLINE = "a time before the deadline"
    BREACH = "the breach"
    AFTER_BREACH = "a time after the breach"


@attrs.frozen
class EscalationRule:
    """Fire ``action`` when ``clock`` reaches the trigger point.

    Build one with :meth:`at_used`, :meth:`before_deadline`, :meth:`at_breach` or
    :meth:`after_breach`. ``notify`` and ``move_to_level`` are data for your helpdesk:
    slakit reports when a rule fires; acting on it is yours.
    """

    trigger: Trigger
    clock: Clock = Clock.REACTION
    fraction: float | None = None
    offset: dt.timedelta | None = None
    notify: str | None = None
    move_to_level: str | None = None
    name: str = ""

    def __attrs_post_init__(self) -> None:
        if self.trigger is Trigger.USED:
            if not isinstance(self.fraction, int | float) or not 0 < self.fraction <= 10:
                raise InvalidArgumentError(
                    "fraction", self.fraction, "a number in (0, 10], e.g. 0.8"
                )
        elif self.trigger in (Trigger.BEFORE_DEADLINE, Trigger.AFTER_BREACH) and (
            not isinstance(self.offset, dt.timedelta) or self.offset < dt.timedelta(0)
        ):
            raise InvalidArgumentError("offset", self.offset, "a non-negative datetime.timedelta")

    @classmethod
    def at_used(
        cls,
        fraction: float,
        clock: Clock = Clock.REACTION,
        *,
        notify: str | None = None,
        move_to_level: str | None = None,
        name: str = "",
    ) -> EscalationRule:
        """When ``fraction`` of the target is used (0.8: at 80 %)."""
        return cls(Trigger.USED, clock, fraction, None, notify, move_to_level, name)

    @classmethod
    def before_deadline(
        cls,
        left: dt.timedelta,
        clock: Clock = Clock.REACTION,
        *,
        notify: str | None = None,
        move_to_level: str | None = None,
        name: str = "",
    ) -> EscalationRule:
        """When only ``left`` of working time remains."""
        return cls(Trigger.BEFORE_DEADLINE, clock, None, left, notify, move_to_level, name)

    @classmethod
    def at_breach(
        cls,
        clock: Clock = Clock.REACTION,
        *,
        notify: str | None = None,
        move_to_level: str | None = None,
        name: str = "",
    ) -> EscalationRule:
        """When the target runs out with no answer."""
        return cls(Trigger.BREACH, clock, None, None, notify, move_to_level, name)

    @classmethod
    def after_breach(
        cls,
        late: dt.timedelta,
        clock: Clock = Clock.REACTION,
        *,
        notify: str | None = None,
        move_to_level: str | None = None,
        name: str = "",
    ) -> EscalationRule:
        """When the answer is ``late`` of working time overdue."""
        return cls(Trigger.AFTER_BREACH, clock, None, late, notify, move_to_level, name)

    def point(self, amount: dt.timedelta) -> dt.timedelta:
        """The clock time at which the rule fires, for a target of ``amount``."""
        if self.trigger is Trigger.USED:
            assert self.fraction is not None
            return amount * self.fraction
        if self.trigger is Trigger.BEFORE_DEADLINE:
            assert self.offset is not None
            return max(amount - self.offset, dt.timedelta(0))
        if self.trigger is Trigger.AFTER_BREACH:
            assert self.offset is not None
            return amount + self.offset
        return amount


@attrs.frozen
class FiredEscalation:
    """A rule and the exact instant it fired (or will fire, for the next one due)."""

    rule: EscalationRule
    at: dt.datetime
    cycle: int | None = None  # which reaction cycle, counting from 1; None for resolution
