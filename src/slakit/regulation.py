"""``Regulation``: a whole support regulation ("регламент технической поддержки").

Its schedule, its support levels in the document's order, how a request is assigned a
level, why a request may be postponed, how it escalates, and the intake rules. A
regulation is an immutable value: a contract variant is a new regulation derived with
``with_schedule``, ``with_level`` and friends, never an edited preset.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import pathlib
from collections.abc import Iterable

import attrs

from slakit.errors import (
    InvalidArgumentError,
    InvalidRegulationError,
    NoTargetError,
    RegulationFormatError,
    UnclassifiedRequestError,
    UnknownLevelError,
)
from slakit.level import SupportLevel
from slakit.schedule import Schedule
from slakit.target import Target

__all__ = [
    "Clock",
    "CustomerCategory",
    "EscalationKind",
    "EscalationPath",
    "PauseReason",
    "ProblemCategory",
    "Regulation",
    "Rule",
]


class Clock(enum.Enum):
    """The two clocks a regulation can promise."""

    REACTION = "reaction"  # "максимальное время реакции"
    RESOLUTION = "resolution"  # "максимальное время решения"


class PauseReason(enum.Enum):
    """Why work on a request stops: the regulations' reasons to postpone, and waiting.

    ``AWAITING_CUSTOMER`` is always allowed; the others only where the regulation
    names them (``Regulation.pause_reasons``).
    """

    AWAITING_CUSTOMER = "waiting for the customer"
    CANNOT_REPRODUCE = "cannot reproduce the problem"  # "невозможно повторить"
    INSUFFICIENT_INFORMATION = (
        "not enough information"  # "не может предоставить достаточно информации"
    )
    NEEDS_DEVELOPMENT = (
        "needs diagnostics, development or an update"  # "доработки ... выпуска обновления"
    )
    REQUIREMENTS_VIOLATED = (
        "technical requirements violated"  # "в нарушение технических требований"
    )
    UNLICENSED = "unlicensed copy"  # "нелицензионная копия"
    OUT_OF_SCOPE = "out of the support's scope"  # "выходит за рамки технической поддержки"
    UNCONSTRUCTIVE = "question unclear or discussion unconstructive"  # "задан некорректно"
    OUTDATED_SOFTWARE = "only on outdated software"  # "устаревшего ПО"
    MALWARE = "device infected with malware"  # "заражено вредоносным ПО"
    ABUSIVE_LANGUAGE = "abusive language"  # "нецензурная лексика"


class CustomerCategory(enum.Enum):
    """Who sends a request, as regulations distinguish them when assigning a level."""

    PARTNER = "partner"
    COMMERCIAL = "commercial client"
    COMMERCIAL_VIP = "commercial client with VIP support"
    COMMERCIAL_EMERGENCY = "commercial client with an emergency-support agreement"
    LICENSEE = "licensee"
    LICENSEE_VIP = "licensee with VIP support"
    NON_COMMERCIAL = "non-commercial or demo user"
    USER = "any user"


class ProblemCategory(enum.Enum):
    """What a request is about, from most to least urgent."""

    OUTAGE = "an outage that stops all work"
    CRITICAL_BUG = "a critical bug that cannot be worked around"
    INCIDENT = "a problem in operation"
    API_QUESTION = "an API question"
    INSTALLATION = "an installation or setup question"
    GENERAL_QUESTION = "a general question"
    OUT_OF_SCOPE = "out of the support's scope"


def _customers(values: Iterable[CustomerCategory]) -> frozenset[CustomerCategory]:
    return frozenset(values)


def _problems(values: Iterable[ProblemCategory]) -> frozenset[ProblemCategory]:
    return frozenset(values)


@attrs.frozen
class Rule:
    """Requests from these customers about these problems get this level."""

    customers: frozenset[CustomerCategory] = attrs.field(converter=_customers)
    problems: frozenset[ProblemCategory] = attrs.field(converter=_problems)
    level: str

    def matches(self, customer: CustomerCategory, problem: ProblemCategory) -> bool:
        return customer in self.customers and problem in self.problems


class EscalationKind(enum.Enum):
    """The ways the regulations move a request up or aside."""

    TRANSFER_TO_DEVELOPMENT = "transfer to the development department"
    RECLASSIFY_TO_CONSULTING = "reclassification to consulting on general questions"
    LETTER_TO_HEAD = "a letter to the head of support"
    OUT_OF_QUEUE = "out-of-queue handling of critical requests"


@attrs.frozen
class EscalationPath:
    """One escalation the regulation names, with its own words and the level it leads to."""

    kind: EscalationKind
    text: str
    level: str | None = None


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidArgumentError(attribute.name, value, "True or False")


@attrs.frozen
class Regulation:
    """A support regulation: schedule, levels, classification, pauses, escalations, intake."""

    vendor: str
    schedule: Schedule
    levels: tuple[SupportLevel, ...]
    products: tuple[str, ...] = ()
    edition: dt.date | None = None
    source: str = ""
    default_reaction: Target | None = None
    rules: tuple[Rule, ...] = ()
    fallback_level: str | None = None
    development_level: str | None = None
    consulting_level: str | None = None
    escalations: tuple[EscalationPath, ...] = ()
    postponement_reasons: tuple[PauseReason, ...] = ()
    official_channels: tuple[str, ...] = ()
    unofficial_channels: tuple[str, ...] = ()
    required_information: tuple[str, ...] = ()
    one_problem_per_request: bool = False
    #: Whether pauses stop reaction cycles too (rule 5); no preset's regulation says so.
    pauses_stop_reaction: bool = attrs.field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.levels, tuple) or not all(
            isinstance(level, SupportLevel) for level in self.levels
        ):
            raise InvalidRegulationError(
                f"levels must be a tuple of SupportLevel, got {self.levels!r:.120}"
            )
        keys = [level.key for level in self.levels]
        if not keys:
            raise InvalidRegulationError(f"the {self.vendor} regulation has no support levels")
        doubled = sorted({key for key in keys if keys.count(key) > 1})
        if doubled:
            raise InvalidRegulationError(
                f"level keys must be unique; repeated: {', '.join(doubled)}"
            )
        named = [
            ("fallback_level", self.fallback_level),
            ("development_level", self.development_level),
            ("consulting_level", self.consulting_level),
            *(("rules", rule.level) for rule in self.rules),
            *(("escalations", path.level) for path in self.escalations),
        ]
        for field, key in named:
            if key is not None and key not in keys:
                raise InvalidRegulationError(
                    f"{field} names the level {key!r}, which the regulation lacks "
                    f"(levels: {', '.join(keys)})"
                )

    # -- looking up ------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """The level keys, in the document's order."""
        return tuple(level.key for level in self.levels)

    def level(self, key: str) -> SupportLevel:
        """The level with this key; an unknown key lists the valid ones."""
        for level in self.levels:
            if level.key == key:
                return level
        raise UnknownLevelError(key, self.keys)

    def schedule_for(self, key: str) -> Schedule:
        """The schedule a level's clocks count on: its own, else the regulation's."""
        return self.level(key).schedule or self.schedule

    def target(self, key: str, clock: Clock | str = Clock.REACTION) -> Target:
        """A level's target for a clock; a missing one is a ``NoTargetError``."""
        level = self.level(key)
        which = _clock(clock)
        if which is Clock.REACTION:
            return level.reaction
        if level.resolution is None:
            having = [lv.key for lv in self.levels if lv.resolution is not None]
            raise NoTargetError(
                f"the {self.vendor} level {key!r} promises no resolution time; "
                + (
                    f"levels that do: {', '.join(having)}"
                    if having
                    else "no level of this regulation does"
                )
            )
        return level.resolution

    def deadline(
        self, level_key: str, opened_at: dt.datetime, clock: Clock | str = Clock.REACTION
    ) -> dt.datetime:
        """When a request of this level opened at ``opened_at`` must be reacted to (or resolved).

        Counted on the level's schedule, in its zone. A target the regulation does not
        guarantee is a ``NoTargetError``, never a made-up time.
        """
        target = self.target(level_key, clock)
        if not target.guaranteed:
            raise NoTargetError(
                f"the {self.vendor} level {level_key!r} guarantees no {_clock(clock).value} time"
                + (f": {target.text}" if target.text else "")
            )
        return target.deadline(self.schedule_for(level_key), opened_at)

    def classify(self, customer: CustomerCategory, problem: ProblemCategory) -> SupportLevel:
        """The level the regulation assigns to a request, or its fallback where nothing matches."""
        if not isinstance(customer, CustomerCategory):
            raise InvalidArgumentError("customer", customer, "a slakit.CustomerCategory")
        if not isinstance(problem, ProblemCategory):
            raise InvalidArgumentError("problem", problem, "a slakit.ProblemCategory")
        for rule in self.rules:
            if rule.matches(customer, problem):
                return self.level(rule.level)
        if self.fallback_level is not None:
            return self.level(self.fallback_level)
        raise UnclassifiedRequestError(
            f"the {self.vendor} regulation assigns no level to {problem.value} from a "
            f"{customer.value}, and names no fallback level"
        )

    @property
    def pause_reasons(self) -> tuple[PauseReason, ...]:
        """The reasons a clock may be paused: waiting for the customer, plus the regulation's."""
        return (PauseReason.AWAITING_CUSTOMER, *self.postponement_reasons)

    # -- contract variants -------------------------------------------------------

    def with_schedule(self, schedule: Schedule) -> Regulation:
        """The same regulation on other working hours (a contract's own)."""
        return attrs.evolve(self, schedule=schedule)

    def with_level(self, level: SupportLevel) -> Regulation:
        """The regulation with ``level`` replacing the level of its key, or added last."""
        if not isinstance(level, SupportLevel):
            raise InvalidArgumentError("level", level, "a slakit.SupportLevel")
        if level.key in self.keys:
            levels = tuple(level if lv.key == level.key else lv for lv in self.levels)
        else:
            levels = (*self.levels, level)
        return attrs.evolve(self, levels=levels)

    def with_level_schedule(self, key: str, schedule: Schedule | None) -> Regulation:
        """One level counting on hours of its own (``None``: back to the regulation's)."""
        return self.with_level(attrs.evolve(self.level(key), schedule=schedule))

    def without_levels(self, keys: Iterable[str]) -> Regulation:
        """The regulation without some levels (rules and paths naming them must go too)."""
        if isinstance(keys, str) or not hasattr(keys, "__iter__"):
            raise InvalidArgumentError("keys", keys, "a collection of level keys")
        drop = [self.level(key).key for key in keys]  # unknown keys fail here
        return attrs.evolve(
            self,
            levels=tuple(lv for lv in self.levels if lv.key not in drop),
            rules=tuple(rule for rule in self.rules if rule.level not in drop),
            escalations=tuple(p for p in self.escalations if p.level not in drop),
            fallback_level=None if self.fallback_level in drop else self.fallback_level,
            development_level=None if self.development_level in drop else self.development_level,
            consulting_level=None if self.consulting_level in drop else self.consulting_level,
        )

    # -- as data ---------------------------------------------------------------

    @classmethod
    def from_toml(cls, source: str | os.PathLike[str]) -> Regulation:
        """A regulation from a TOML file (a path) or TOML text (a string holding ``=``).

        The schema is documented in "Regulation files"; a malformed document raises a
        ``RegulationFormatError`` naming the line and the field.
        """
        from slakit import _toml  # noqa: PLC0415 - the schema module builds on this one

        if isinstance(source, os.PathLike) or (isinstance(source, str) and "=" not in source):
            try:
                text = pathlib.Path(source).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError, ValueError) as error:
                raise RegulationFormatError(f"cannot read {str(source)!r}: {error}") from None
        elif isinstance(source, str):
            text = source
        else:
            raise InvalidArgumentError("source", source, "a path or TOML text")
        return _toml.read(text)

    def to_toml(self) -> str:
        """The regulation as TOML text; ``Regulation.from_toml(r.to_toml()) == r``."""
        from slakit import _toml  # noqa: PLC0415 - the schema module builds on this one

        return _toml.write(self)

    def __str__(self) -> str:
        edition = f", edition of {self.edition}" if self.edition else ""
        return f"{self.vendor} support regulation{edition} ({len(self.levels)} levels)"


def _clock(clock: Clock | str) -> Clock:
    if isinstance(clock, Clock):
        return clock
    for member in Clock:
        if clock == member.value:
            return member
    raise InvalidArgumentError("clock", clock, "'reaction' or 'resolution'")
