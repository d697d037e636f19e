"""``Regulation``: a whole support regulation ("регламент технической поддержки").

Its schedule, its support levels in the document's order, how a request is assigned a
level, why a request may be postponed, how it escalates, and the intake rules. A
regulation is an immutable value: a contract variant is a new regulation derived with
``with_schedule``, ``with_level`` and friends, never an edited preset.
"""

from __future__ import annotations

import collections
import datetime as dt
import difflib
import enum
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs

from slakit import _files
from slakit.errors import (
    InvalidArgumentError,
    InvalidRegulationError,
    NoTargetError,
    UnclassifiedRequestError,
    UnknownLevelError,
)
from slakit.escalation import EscalationRule
from slakit.level import SupportLevel
from slakit.schedule import Schedule
from slakit.target import Clock, Target

if TYPE_CHECKING:
    from slakit import _toml

__all__ = [
    "Clock",
    "Editions",
    "CustomerCategory",
    "EscalationKind",
    "EscalationPath",
    "PauseReason",
    "ProblemCategory",
    "Regulation",
    "Rule",
]


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
    #: A question about using the product ("вопросы эксплуатации продукта", "вопросы
    #: общего использования"): what the paid levels cover, apart from general consulting.
    USAGE_QUESTION = "a question about using the product"
    #: General consulting: programming in general, building projects, questions beyond
    #: the product ("общие вопросы программирования", "общие консультации").
    GENERAL_QUESTION = "a general question"
    OUT_OF_SCOPE = "out of the support's scope"


def _as_tuple(values: object) -> Any:
    """Lists (and sets) become tuples, so the model hashes; anything else is left to check."""
    return tuple(values) if isinstance(values, list | tuple | set | frozenset) else values


def _as_frozenset(values: object) -> Any:
    return frozenset(values) if isinstance(values, list | tuple | set | frozenset) else values


def _items(kind: type, item: str, collection: type = tuple) -> Callable[..., None]:
    """A validator: the value is a ``collection`` holding only ``kind``."""

    def check(instance: object, attribute: attrs.Attribute[object], values: object) -> None:
        where = f"{type(instance).__name__}.{attribute.name}"
        if not isinstance(values, collection):
            raise InvalidRegulationError(
                f"{where} must be a tuple of {item}, got {type(values).__name__} {values!r:.80}"
            )
        for value in values:  # type: ignore[attr-defined]
            if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
                raise InvalidRegulationError(
                    f"{where} must hold only {item}, got {type(value).__name__} {value!r:.60}"
                )

    return check


def _instance(kind: type | tuple[type, ...], expected: str) -> Callable[..., None]:
    def check(instance: object, attribute: attrs.Attribute[object], value: object) -> None:
        wrong_bool = isinstance(value, bool) and kind is not bool
        wrong_date = isinstance(value, dt.datetime) and kind == (dt.date, type(None))
        empty = value == "" and "non-empty" in expected
        if wrong_bool or wrong_date or empty or not isinstance(value, kind):
            raise InvalidRegulationError(
                f"{type(instance).__name__}.{attribute.name} must be {expected}, "
                f"got {type(value).__name__} {value!r:.60}"
            )

    return check


_OPTIONAL_KEY = _instance((str, type(None)), "a level key or None")


@attrs.frozen
class Rule:
    """Requests from these customers about these problems get this level."""

    customers: frozenset[CustomerCategory] = attrs.field(
        converter=_as_frozenset,
        validator=_items(CustomerCategory, "slakit.CustomerCategory", frozenset),
    )
    problems: frozenset[ProblemCategory] = attrs.field(
        converter=_as_frozenset,
        validator=_items(ProblemCategory, "slakit.ProblemCategory", frozenset),
    )
    level: str = attrs.field(validator=_instance(str, "a level key"))

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

    kind: EscalationKind = attrs.field(
        validator=_instance(EscalationKind, "a slakit.EscalationKind")
    )
    text: str = attrs.field(validator=_instance(str, "a str"))
    level: str | None = attrs.field(default=None, validator=_OPTIONAL_KEY)


@attrs.frozen
class Regulation:
    """A support regulation: schedule, levels, classification, pauses, escalations, intake."""

    vendor: str = attrs.field(validator=_instance(str, "a vendor name (a non-empty str)"))
    schedule: Schedule = attrs.field(validator=_instance(Schedule, "a slakit.Schedule"))
    levels: tuple[SupportLevel, ...] = attrs.field(
        converter=_as_tuple, validator=_items(SupportLevel, "slakit.SupportLevel")
    )
    products: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_items(str, "str")
    )
    edition: dt.date | None = attrs.field(
        default=None, validator=_instance((dt.date, type(None)), "a date or None")
    )
    source: str = attrs.field(default="", validator=_instance(str, "a str"))
    default_reaction: Target | None = attrs.field(
        default=None, validator=_instance((Target, type(None)), "a slakit.Target or None")
    )
    rules: tuple[Rule, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_items(Rule, "slakit.Rule")
    )
    fallback_level: str | None = attrs.field(default=None, validator=_OPTIONAL_KEY)
    development_level: str | None = attrs.field(default=None, validator=_OPTIONAL_KEY)
    consulting_level: str | None = attrs.field(default=None, validator=_OPTIONAL_KEY)
    escalations: tuple[EscalationPath, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_items(EscalationPath, "slakit.EscalationPath")
    )
    postponement_reasons: tuple[PauseReason, ...] = attrs.field(
        default=(),
        converter=_as_tuple,
        validator=_items(PauseReason, "slakit.PauseReason"),
    )
    official_channels: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_items(str, "str")
    )
    unofficial_channels: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_items(str, "str")
    )
    required_information: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_items(str, "str")
    )
    one_problem_per_request: bool = attrs.field(default=False, validator=_instance(bool, "a bool"))
    #: Whether pauses stop reaction cycles too (rule 5); no preset's regulation says so.
    pauses_stop_reaction: bool = attrs.field(default=False, validator=_instance(bool, "a bool"))
    #: The date this edition takes effect (``None``: always, for an undated document).
    effective: dt.date | None = attrs.field(
        default=None, validator=_instance((dt.date, type(None)), "a date or None")
    )
    #: Customers whose level holds only for a request sent from the address (on behalf
    #: of the licensee) named in the licence; from any other address the request is
    #: classified as a non-commercial user's (AdVantShop п. 8, DiState 5.8).
    licence_address_customers: frozenset[CustomerCategory] = attrs.field(
        default=frozenset(),
        converter=_as_frozenset,
        validator=_items(CustomerCategory, "slakit.CustomerCategory", frozenset),
    )
    #: The desk's escalation rules, for every ticket given none of its own (a rule's
    #: ``move_to_level`` must be one of the levels).
    escalation_rules: tuple[EscalationRule, ...] = attrs.field(
        default=(),
        converter=_as_tuple,
        validator=_items(EscalationRule, "slakit.EscalationRule"),
    )
    # The levels by key, for lookups in constant time; derived, so not part of the value.
    _by_key: dict[str, SupportLevel] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_key = {level.key: level for level in self.levels}
        object.__setattr__(self, "_by_key", by_key)
        if not self.levels:
            raise InvalidRegulationError(f"the {self.vendor} regulation has no support levels")
        if len(by_key) < len(self.levels):
            counts = collections.Counter(level.key for level in self.levels)
            doubled = sorted(key for key, count in counts.items() if count > 1)
            raise InvalidRegulationError(
                f"level keys must be unique; repeated: {', '.join(doubled[:10])}"
                + (f", ... ({len(doubled)} in all)" if len(doubled) > 10 else "")
            )
        named = [
            ("fallback_level", self.fallback_level),
            ("development_level", self.development_level),
            ("consulting_level", self.consulting_level),
            *(("rules", rule.level) for rule in self.rules),
            *(("escalations", path.level) for path in self.escalations),
            *(("escalation_rules", rule.move_to_level) for rule in self.escalation_rules),
        ]
        for field, key in named:
            if key is not None and key not in by_key:
                raise InvalidRegulationError(
                    f"{field} names the level {key!r:.80}, which the regulation lacks"
                    f"{_closest(key, by_key)} (levels: {_listed(by_key)})"
                )

    # -- looking up ------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """The level keys, in the document's order."""
        return tuple(level.key for level in self.levels)

    def level(self, key: str) -> SupportLevel:
        """The level with this key; an unknown key lists the valid ones."""
        level = self._by_key.get(key) if isinstance(key, str) else None
        if level is None:
            raise UnknownLevelError(key, self.keys)
        return level

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

    def classify(
        self,
        customer: CustomerCategory,
        problem: ProblemCategory,
        *,
        from_licence_address: bool = True,
    ) -> SupportLevel:
        """The level the regulation assigns to a request, or its fallback where nothing matches.

        ``from_licence_address=False`` says the request did not come from the address
        named in the licence: where the regulation makes that a condition for the
        customer's level (``licence_address_customers``), the request is handled as a
        non-commercial user's (AdVantShop п. 8, DiState 5.8).
        """
        if not isinstance(customer, CustomerCategory):
            raise InvalidArgumentError("customer", customer, "a slakit.CustomerCategory")
        if not isinstance(problem, ProblemCategory):
            raise InvalidArgumentError("problem", problem, "a slakit.ProblemCategory")
        if not isinstance(from_licence_address, bool):
            raise InvalidArgumentError("from_licence_address", from_licence_address, "a bool")
        if not from_licence_address and customer in self.licence_address_customers:
            customer = CustomerCategory.NON_COMMERCIAL
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
            escalation_rules=tuple(r for r in self.escalation_rules if r.move_to_level not in drop),
            fallback_level=None if self.fallback_level in drop else self.fallback_level,
            development_level=None if self.development_level in drop else self.development_level,
            consulting_level=None if self.consulting_level in drop else self.consulting_level,
        )

    # -- as data ---------------------------------------------------------------

    @classmethod
    def from_toml(cls, source: str | os.PathLike[str]) -> Regulation:
        """A regulation from a TOML file (a path) or TOML text (a string holding ``=``).

        The schema is documented in "Regulation files". A file must be a regular file of
        at most 8 MiB. A malformed document — invalid TOML, a value of the wrong type or
        out of bounds, an unknown (misspelled) key — raises a ``RegulationFormatError``
        naming the line and the field.
        """
        text = _files.toml_source(source, what="regulation file")
        from slakit import _toml  # noqa: PLC0415 - loaded for files only: a quicker start

        return _read(_toml.Document(text))

    def to_toml(self) -> str:
        """The regulation as TOML text; ``Regulation.from_toml(r.to_toml()) == r``."""
        return _write(self)

    def __str__(self) -> str:
        edition = f", edition of {self.edition}" if self.edition else ""
        count = len(self.levels)
        return f"{self.vendor} support regulation{edition} ({count} level{'s' * (count != 1)})"


def _editions(value: object) -> tuple[Regulation, ...]:
    if isinstance(value, Regulation):
        return (value,)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidRegulationError(
            f"Editions takes regulations, got {type(value).__name__} {value!r:.60}"
        )
    regulations = tuple(value)
    for regulation in regulations:
        if not isinstance(regulation, Regulation):
            raise InvalidRegulationError(
                f"Editions holds only slakit.Regulation values, got "
                f"{type(regulation).__name__} {regulation!r:.60}"
            )
    return regulations


def _effective_key(regulation: Regulation) -> dt.date:
    return regulation.effective or dt.date.min


@attrs.frozen
class Editions:
    """The editions of one regulation, each in force from its ``effective`` date.

    A vendor may change its regulation; which edition binds a ticket is the one in
    force when the ticket is opened, or, where the contract fixes it, at the contract
    date (Technomarket: "обязуется выполнять условия регламента, существовавшие на дату
    подписания ... договора"). An edition without an effective date is in force from
    the beginning of time, so at most one may lack it.
    """

    regulations: tuple[Regulation, ...] = attrs.field(converter=_editions)

    def __attrs_post_init__(self) -> None:
        if not self.regulations:
            raise InvalidRegulationError("Editions needs at least one regulation")
        vendors = sorted({r.vendor for r in self.regulations})
        if len(vendors) > 1:
            raise InvalidRegulationError(
                f"Editions are of one vendor's regulation, got {', '.join(vendors[:5])}"
            )
        dates = collections.Counter(r.effective for r in self.regulations)
        doubled = [d for d, count in dates.items() if count > 1]
        if doubled:
            shown = "no date" if doubled[0] is None else doubled[0].isoformat()
            raise InvalidRegulationError(
                f"two editions of the {vendors[0]} regulation take effect on {shown}; "
                "each edition needs its own effective date"
            )
        ordered = tuple(sorted(self.regulations, key=_effective_key))
        object.__setattr__(self, "regulations", ordered)

    @property
    def latest(self) -> Regulation:
        """The edition that takes effect last."""
        return self.regulations[-1]

    def in_force(self, on: dt.date | dt.datetime) -> Regulation:
        """The edition in force on a date (a datetime: its date in the regulation's zone).

        Raises:
            InvalidArgumentError: for a naive datetime or anything but a date.
            InvalidRegulationError: for a date before the first edition takes effect,
                naming the editions' dates.
        """
        if isinstance(on, dt.datetime):
            if on.tzinfo is None or on.utcoffset() is None:
                raise InvalidArgumentError("on", on, "a date or an aware datetime")
            on = on.astimezone(self.regulations[0].schedule.zone).date()
        elif not isinstance(on, dt.date):
            raise InvalidArgumentError("on", on, "a date or an aware datetime")
        chosen = None
        for regulation in self.regulations:
            if regulation.effective is None or regulation.effective <= on:
                chosen = regulation
        if chosen is None:
            dates = ", ".join(str(r.effective) for r in self.regulations)
            raise InvalidRegulationError(
                f"no edition of the {self.regulations[0].vendor} regulation is in force on "
                f"{on}: the editions take effect on {dates}"
            )
        return chosen


def _closest(key: str, keys: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _listed(keys: Iterable[str], shown: int = 12) -> str:
    keys = list(keys)
    more = f", ... ({len(keys)} in all)" if len(keys) > shown else ""
    return ", ".join(keys[:shown]) + more


def _clock(clock: Clock | str) -> Clock:
    if isinstance(clock, Clock):
        return clock
    for member in Clock:
        if clock == member.value:
            return member
    raise InvalidArgumentError("clock", clock, "'reaction' or 'resolution'")


# -- the file form: the top-level keys, rules and escalations (levels: slakit._toml) ----

_KEYS = (
    "vendor",
    "products",
    "edition",
    "source",
    "default_reaction",
    "fallback_level",
    "development_level",
    "consulting_level",
    "postponement_reasons",
    "official_channels",
    "unofficial_channels",
    "required_information",
    "one_problem_per_request",
    "pauses_stop_reaction",
    "effective",
    "licence_address_customers",
    "schedule",
    "levels",
    "rules",
    "escalations",
    "escalation_rules",
)
_RULE_KEYS = ("customers", "problems", "level")
_ESCALATION_KEYS = ("kind", "text", "level")


def _read(doc: _toml.Document) -> Regulation:
    from slakit import _toml  # noqa: PLC0415 - loaded for files only: a quicker start

    top = doc.root(_KEYS)
    vendor = top.get("vendor", str, required=True)
    schedule_table = top.table("schedule", _toml.SCHEDULE_KEYS, required=True)
    assert schedule_table is not None  # required
    schedule = _toml.read_schedule(schedule_table)
    if not top.get("levels", list, required=True):
        raise top.fail("levels", "needs at least one [[levels]] table")
    levels = [_toml.read_level(table) for table in top.tables("levels", _toml.LEVEL_KEYS)]
    first: dict[str, int] = {}
    for i, level in enumerate(levels):
        if first.setdefault(level.key, i) != i:
            raise doc.fail(
                ("levels", i, "key"), f"repeats the key {level.key!r} of levels[{first[level.key]}]"
            )

    def level_key(table: _toml.Table, key: str) -> str | None:
        value: str | None = table.get(key, str)
        if value is not None and value not in first:
            raise table.fail(
                key,
                f"names the level {value!r:.80}, which the file lacks"
                f"{_closest(value, first)} (levels: {_listed(first)})",
            )
        return value

    rules = [
        Rule(
            rule.members(CustomerCategory, "customers"),
            rule.members(ProblemCategory, "problems"),
            level_key(rule, "level") or _missing(rule, "level"),
        )
        for rule in top.tables("rules", _RULE_KEYS)
    ]
    escalations = [
        EscalationPath(
            path.member(EscalationKind, "kind", path.get("kind", str, required=True)),
            path.text("text"),
            level_key(path, "level"),
        )
        for path in top.tables("escalations", _ESCALATION_KEYS)
    ]
    escalation_rules = [
        _toml.read_escalation_rule(table, level_key(table, "move_to_level"))
        for table in top.tables("escalation_rules", _toml.ESCALATION_RULE_KEYS)
    ]
    edition = top.get("edition", dt.date)
    fields = {
        "vendor": vendor,
        "schedule": schedule,
        "levels": levels,
        "products": top.strings("products"),
        "edition": edition,
        "source": top.text("source"),
        "default_reaction": _toml.read_target(top, "default_reaction"),
        "rules": rules,
        "fallback_level": level_key(top, "fallback_level"),
        "development_level": level_key(top, "development_level"),
        "consulting_level": level_key(top, "consulting_level"),
        "escalations": escalations,
        "postponement_reasons": top.members(PauseReason, "postponement_reasons"),
        "official_channels": top.strings("official_channels"),
        "unofficial_channels": top.strings("unofficial_channels"),
        "required_information": top.strings("required_information"),
        "one_problem_per_request": top.flag("one_problem_per_request"),
        "pauses_stop_reaction": top.flag("pauses_stop_reaction"),
        "effective": top.get("effective", dt.date),
        "licence_address_customers": top.members(CustomerCategory, "licence_address_customers"),
        "escalation_rules": escalation_rules,
    }
    return top.guarded(None, lambda: Regulation(**fields))


def _missing(table: _toml.Table, key: str) -> str:
    raise table.fail(key, "is required (a level key)")


def _write(regulation: Regulation) -> str:
    from slakit import _toml  # noqa: PLC0415 - loaded for files only: a quicker start

    name = _toml.member_name
    out = [
        "# A slakit support regulation (schema: docs/regulation-files.md in slakit).",
        *_toml.lines(
            [
                ("vendor", regulation.vendor),
                ("products", regulation.products),
                ("edition", regulation.edition),
                ("source", regulation.source),
                ("default_reaction", _toml.target_table(regulation.default_reaction)),
                ("fallback_level", regulation.fallback_level),
                ("development_level", regulation.development_level),
                ("consulting_level", regulation.consulting_level),
                ("postponement_reasons", [name(r) for r in regulation.postponement_reasons]),
                ("official_channels", regulation.official_channels),
                ("unofficial_channels", regulation.unofficial_channels),
                ("required_information", regulation.required_information),
                ("one_problem_per_request", regulation.one_problem_per_request or None),
                ("pauses_stop_reaction", regulation.pauses_stop_reaction or None),
                ("effective", regulation.effective),
                (
                    "licence_address_customers",
                    sorted(str(name(c)) for c in regulation.licence_address_customers),
                ),
            ]
        ),
        "",
        "[schedule]",
        *_toml.lines(_toml.schedule_pairs(regulation.schedule)),
    ]
    for level in regulation.levels:
        out += _toml.level_lines(level)
    for rule in regulation.rules:
        out += [
            "",
            "[[rules]]",
            *_toml.lines(
                [
                    ("customers", sorted(str(name(c)) for c in rule.customers)),
                    ("problems", sorted(str(name(p)) for p in rule.problems)),
                    ("level", rule.level),
                ]
            ),
        ]
    for path in regulation.escalations:
        out += [
            "",
            "[[escalations]]",
            *_toml.lines([("kind", name(path.kind)), ("text", path.text), ("level", path.level)]),
        ]
    for escalation_rule in regulation.escalation_rules:
        out += _toml.escalation_rule_lines(escalation_rule)
    return "\n".join(out) + "\n"
