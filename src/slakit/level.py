"""``SupportLevel``: one row of a regulation's SLA table.

"Партнеры: оперативная поддержка — 3 рабочих часа": who it is for, which questions it
covers, how fast the desk must react (and resolve, where promised), on which schedule,
and what else the regulation's table lists for it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from typing import Any

import attrs

from slakit.errors import InvalidRegulationError
from slakit.schedule import Schedule
from slakit.target import Target

__all__ = ["Audience", "Provision", "Quota", "SupportLevel"]

_KEY = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")

#: Upper bounds checked when a level is built: a typo must not become a promise.
MAX_KEY_LENGTH = 100
MAX_PRIORITY = 1000
MAX_QUOTA_COUNT = 100_000
MAX_QUOTA_DAYS = 3650  # about ten years, as for targets
MAX_PRICE = 10**12
MAX_SUPPORT_MONTHS = 1200  # a century


class Audience(enum.Enum):
    """Whom a level serves, in the regulations' own categories."""

    PARTNER = "partner"
    COMMERCIAL = "commercial client"
    LICENSEE = "licensee"
    NON_COMMERCIAL = "non-commercial user"
    EVERYONE = "everyone"


class Provision(enum.Enum):
    """How the regulation's table answers "is this included?"."""

    INCLUDED = "included"  # "+"
    NOT_INCLUDED = "not included"  # "-"
    AS_NEEDED = "as needed"  # "по необходимости"
    BY_CONTRACT = "by contract"  # "согласно договора"


@attrs.frozen
class Quota:
    """A limited number of requests of a level, as on a coupon.

    DiState special requests: 12 per coupon, valid one year from the licence purchase;
    unused ones lapse when the coupon is renewed.
    """

    count: int
    valid_for: dt.timedelta
    carries_over: bool = False
    text: str = ""

    def __attrs_post_init__(self) -> None:
        if not _whole(self.count, 1, MAX_QUOTA_COUNT):
            raise InvalidRegulationError(
                f"a quota's count must be a positive int up to {MAX_QUOTA_COUNT:,}, "
                f"got {self.count!r:.40}"
            )
        if not isinstance(self.valid_for, dt.timedelta) or not (
            dt.timedelta(0) < self.valid_for <= dt.timedelta(days=MAX_QUOTA_DAYS)
        ):
            raise InvalidRegulationError(
                f"a quota's validity must be a positive timedelta of at most {MAX_QUOTA_DAYS} "
                f"days (about ten years), got {self.valid_for!r:.60}"
            )
        _check(self, "carries_over", bool, "a bool")
        _check(self, "text", str, "a str")


def _whole(value: object, low: int, high: int) -> bool:
    """Whether ``value`` is an int (not a bool) in ``low..high``."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check(instance: object, name: str, kind: type | tuple[type, ...], expected: str) -> None:
    value = getattr(instance, name)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise InvalidRegulationError(
            f"{type(instance).__name__}.{name} must be {expected}, "
            f"got {type(value).__name__} {value!r:.60}"
        )


def check_key(_instance: object, _attribute: object, value: Any) -> None:
    """Validate a level key: lowercase words joined by '-', at most 100 characters."""
    if not isinstance(value, str) or len(value) > MAX_KEY_LENGTH or not _KEY.fullmatch(value):
        raise InvalidRegulationError(
            "a level key must be lowercase words joined by '-', like 'partner-standard', "
            f"of at most {MAX_KEY_LENGTH} characters, got {value!r:.120}"
        )


def _strings(value: object) -> tuple[str, ...]:
    """Convert a list of strings to a tuple (so the level hashes); refuse anything else."""
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        raise InvalidRegulationError(
            f"SupportLevel.covers must be a tuple of str, got {type(value).__name__} {value!r:.60}"
        )
    if not all(isinstance(item, str) for item in value):
        raise InvalidRegulationError(f"SupportLevel.covers must hold only str, got {value!r:.80}")
    return tuple(value)


def _optional(kind: type | tuple[type, ...], expected: str) -> Callable[..., None]:
    def check(instance: object, attribute: attrs.Attribute[object], value: object) -> None:
        if value is not None:
            _check(instance, attribute.name, kind, expected)

    return check


def _required(kind: type, expected: str) -> Callable[..., None]:
    def check(instance: object, attribute: attrs.Attribute[object], _value: object) -> None:
        _check(instance, attribute.name, kind, expected)

    return check


def _bounded(low: int, high: int) -> Callable[..., None]:
    def check(instance: object, attribute: attrs.Attribute[object], value: object) -> None:
        if value is not None and not _whole(value, low, high):
            raise InvalidRegulationError(
                f"{type(instance).__name__}.{attribute.name} must be a whole number from "
                f"{low} to {high:,}, got {value!r:.40}"
            )

    return check


def _support_term(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Provision):
        _bounded(1, MAX_SUPPORT_MONTHS)(instance, attribute, value)


@attrs.frozen
class SupportLevel:
    """A support level: its key, audience, targets, schedule and the table's extras.

    ``schedule`` is set only where the level counts time on hours of its own (DiState
    special requests count around the clock); otherwise the regulation's schedule
    applies. ``priority`` orders levels of one audience, 1 being the most urgent.
    """

    key: str = attrs.field(validator=check_key)
    title: str = attrs.field(validator=_required(str, "a str"))
    name: str = attrs.field(validator=_required(str, "a str"))
    audience: Audience = attrs.field(validator=_required(Audience, "a slakit.Audience"))
    reaction: Target = attrs.field(validator=_required(Target, "a slakit.Target"))
    priority: int = attrs.field(default=1, validator=_bounded(1, MAX_PRIORITY))
    covers: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    resolution: Target | None = attrs.field(
        default=None, validator=_optional(Target, "a slakit.Target or None")
    )
    resolution_condition: str | None = attrs.field(
        default=None, validator=_optional(str, "a str or None")
    )
    schedule: Schedule | None = attrs.field(
        default=None, validator=_optional(Schedule, "a slakit.Schedule or None")
    )
    phone_consultations: Provision | None = attrs.field(
        default=None, validator=_optional(Provision, "a slakit.Provision or None")
    )
    development_involvement: Provision | None = attrs.field(
        default=None, validator=_optional(Provision, "a slakit.Provision or None")
    )
    updates_included: Provision | None = attrs.field(
        default=None, validator=_optional(Provision, "a slakit.Provision or None")
    )
    price_per_month: int | None = attrs.field(default=None, validator=_bounded(0, MAX_PRICE))
    #: Months of support, or ``Provision.BY_CONTRACT``.
    support_term: int | Provision | None = attrs.field(default=None, validator=_support_term)
    quota: Quota | None = attrs.field(
        default=None, validator=_optional(Quota, "a slakit.Quota or None")
    )
    #: The regulation's clause this level comes from.
    clause: str = attrs.field(default="", validator=_required(str, "a str"))
