"""``EscalationRule``: when a clock gets close to or past its target, tell someone.

A trigger on a clock — a fraction of the target used, a time left before the deadline,
the breach, a time after the breach — and an action that is plain data (whom to notify,
or a level to move to). Every trigger is an amount of clock time, so the instant a rule
fires is computed in working time on the level's schedule, exactly.
"""

from __future__ import annotations

import datetime as dt
import enum
import os

import attrs

from slakit.errors import InvalidArgumentError
from slakit.target import Clock

__all__ = ["EscalationRule", "FiredEscalation", "Trigger", "read_rules", "rules_toml"]

_ZERO = dt.timedelta(0)
_US = dt.timedelta(microseconds=1)
_MAX_OFFSET = dt.timedelta(days=366 * 200)


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
        if not isinstance(self.trigger, Trigger):
            raise InvalidArgumentError("trigger", self.trigger, "a slakit.Trigger")
        if not isinstance(self.clock, Clock):
            raise InvalidArgumentError("clock", self.clock, "slakit.Clock.REACTION or RESOLUTION")
        for field in ("notify", "move_to_level"):
            if not isinstance(getattr(self, field), str | None):
                raise InvalidArgumentError(field, getattr(self, field), "a string or None")
        if not isinstance(self.name, str):
            raise InvalidArgumentError("name", self.name, "a string")
        if self.trigger is Trigger.USED:
            if (
                isinstance(self.fraction, bool)
                or not isinstance(self.fraction, int | float)
                or not 0 < self.fraction <= 10
            ):
                raise InvalidArgumentError(
                    "fraction", self.fraction, "a number in (0, 10], e.g. 0.8"
                )
        elif self.trigger in (Trigger.BEFORE_DEADLINE, Trigger.AFTER_BREACH) and (
            not isinstance(self.offset, dt.timedelta) or not _ZERO <= self.offset <= _MAX_OFFSET
        ):
            raise InvalidArgumentError(
                "offset", self.offset, "a datetime.timedelta from zero to 200 years"
            )

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

    def point(self, amount: int) -> int:
        """The clock time (microseconds) at which the rule fires, for a target of ``amount``.

        The rule fires once its clock has run *past* this point, as a breach is a clock
        running past its deadline (rule 9): ``at_breach`` fires for no answer given at
        the deadline instant or before it.
        """
        offset = (self.offset or _ZERO) // _US
        if self.trigger is Trigger.USED:
            return round(amount * (self.fraction or 0))
        if self.trigger is Trigger.BEFORE_DEADLINE:
            return max(amount - offset, 0)
        if self.trigger is Trigger.AFTER_BREACH:
            return amount + offset
        return amount


@attrs.frozen
class FiredEscalation:
    """A rule and the exact instant it fired (or will fire, for the next one due)."""

    rule: EscalationRule
    at: dt.datetime
    cycle: int | None = None  # which reaction cycle, counting from 1; None for resolution


def read_rules(source: str | os.PathLike[str]) -> tuple[EscalationRule, ...]:
    """Escalation rules from a rules file (a path) or TOML text (a string holding ``=``).

    The file holds ``[[escalation_rules]]`` tables, as a regulation file does::

        [[escalation_rules]]
        name = "80 % used"
        used = 0.8               # or before_deadline = "1:00", at_breach = true,
        notify = "team-lead"     #    after_breach = "2:30" (working time, H:MM)

    ``clock`` (``reaction``, the default, or ``resolution``) and ``move_to_level`` are
    optional. A malformed file raises a ``RegulationFormatError`` naming the line and
    the field, with the closest valid key for a misspelled one.
    """
    from slakit import _files, _toml  # noqa: PLC0415 - loaded for files only: a quicker start

    top = _toml.Document(_files.toml_source(source, what="rules file")).root(("escalation_rules",))
    tables = top.tables("escalation_rules", _toml.ESCALATION_RULE_KEYS)
    if not tables:
        raise top.fail("escalation_rules", "needs at least one [[escalation_rules]] table")
    return tuple(
        _toml.read_escalation_rule(table, table.get("move_to_level", str)) for table in tables
    )


def rules_toml(rules: tuple[EscalationRule, ...]) -> str:
    """A rules file of ``rules``; ``read_rules(rules_toml(r)) == r``."""
    from slakit import _toml  # noqa: PLC0415 - loaded for files only: a quicker start

    out = ["# slakit escalation rules (docs: Concepts, Escalation rules)."]
    for rule in rules:
        out += _toml.escalation_rule_lines(rule)
    return "\n".join(out) + "\n"
