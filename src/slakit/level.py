"""``SupportLevel``: one row of a regulation's SLA table.

"Партнеры: оперативная поддержка — 3 рабочих часа": who it is for, which questions it
covers, how fast the desk must react (and resolve, where promised), on which schedule,
and what else the regulation's table lists for it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
import typing
from collections.abc import Callable
from typing import Any

import attrs

from slakit.errors import InvalidArgumentError, InvalidRegulationError
from slakit.schedule import Schedule
from slakit.target import Target

__all__ = ["Audience", "Provision", "Quota", "SupportLevel", "add_months"]

_KEY = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")

#: Upper bounds checked when a level is built: a typo must not become a promise.
MAX_KEY_LENGTH = 100
MAX_PRIORITY = 1000
MAX_QUOTA_COUNT = 100_000
MAX_QUOTA_DAYS = 3650  # about ten years, as for targets
MAX_QUOTA_MONTHS = 120  # ten years
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


_When = typing.TypeVar("_When", dt.date, dt.datetime)


def add_months(when: _When, months: int) -> _When:
    """``when`` moved ``months`` calendar months on, as a contract counts a term.

    A term "1 год" or "6 мес." ends on the same day of the month (and, for a datetime,
    the same wall time in its zone) ``months`` later; where that month has no such day,
    on its last day (Civil Code of the Russian Federation, art. 192 (3)): 2028-02-29
    plus 12 months is 2029-02-28.
    """
    if not isinstance(when, dt.date):
        raise InvalidArgumentError("when", when, "a date or an aware datetime")
    if not _whole(months, 0, MAX_SUPPORT_MONTHS):
        raise InvalidArgumentError(
            "months", months, f"a whole number from 0 to {MAX_SUPPORT_MONTHS}"
        )
    index = when.year * 12 + when.month - 1 + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        raise InvalidArgumentError("months", months, f"a term that ends by the year {dt.MAXYEAR}")
    day = min(when.day, calendar.monthrange(year, month + 1)[1])
    return when.replace(year=year, month=month + 1, day=day)


@attrs.frozen
class Quota:
    """A limited number of requests of a level, as on a coupon.

    DiState special requests (3.6): 12 per coupon, valid one year from the licence
    purchase; unused ones lapse when the coupon is renewed. The validity is either
    ``valid_months`` calendar months ("1 год" is 12: a coupon bought 2027-03-01 is valid
    through 2028-02-29) or a fixed ``valid_for`` duration; exactly one of the two.
    """

    count: int
    valid_for: dt.timedelta | None = None
    carries_over: bool = False
    text: str = ""
    valid_months: int | None = None

    def __attrs_post_init__(self) -> None:
        if not _whole(self.count, 1, MAX_QUOTA_COUNT):
            raise InvalidRegulationError(
                f"a quota's count must be a positive int up to {MAX_QUOTA_COUNT:,}, "
                f"got {self.count!r:.40}"
            )
        if (self.valid_for is None) == (self.valid_months is None):
            raise InvalidRegulationError(
                "a quota's validity is either valid_months (calendar months, as '1 год' = 12) "
                f"or valid_for (a timedelta), exactly one; got valid_for={self.valid_for!r:.40} "
                f"and valid_months={self.valid_months!r:.40}"
            )
        if self.valid_months is not None and not _whole(self.valid_months, 1, MAX_QUOTA_MONTHS):
            raise InvalidRegulationError(
                f"a quota's valid_months must be a whole number from 1 to {MAX_QUOTA_MONTHS} "
                f"(ten years), got {self.valid_months!r:.40}"
            )
        if self.valid_for is not None and (
            not isinstance(self.valid_for, dt.timedelta)
            or not (dt.timedelta(0) < self.valid_for <= dt.timedelta(days=MAX_QUOTA_DAYS))
        ):
            raise InvalidRegulationError(
                f"a quota's validity must be a positive timedelta of at most {MAX_QUOTA_DAYS} "
                f"days (about ten years), got {self.valid_for!r:.60}"
            )
        _check(self, "carries_over", bool, "a bool")
        _check(self, "text", str, "a str")

    def expires(self, issued_at: dt.datetime) -> dt.datetime:
        """The first instant a coupon issued at ``issued_at`` is no longer valid.

        Calendar months keep the wall time in the issue's zone (see :func:`add_months`).
        """
        if self.valid_months is not None:
            return add_months(issued_at, self.valid_months)
        assert self.valid_for is not None  # exactly one, checked when built
        return issued_at + self.valid_for

    @property
    def validity(self) -> str:
        """The validity in words: "12 months" or "365 days"."""
        if self.valid_months is not None:
            return f"{self.valid_months} month{'s' * (self.valid_months != 1)}"
        assert self.valid_for is not None
        days, rest = divmod(self.valid_for, dt.timedelta(days=1))
        if not rest:
            return f"{days} day{'s' * (days != 1)}"
        minutes = int(self.valid_for.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d} h"  # a validity of hours, real time


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
    #: Where the level's reaction promise ends on a transfer to development and the
    #: regulation names no development level, what it says instead (Technomarket SLA 3:
    #: no reaction time once a question "касается разработок"). Shown as the target
    #: text of the cycle the transfer starts, which has no target.
    after_transfer: str = attrs.field(default="", validator=_required(str, "a str"))

    def support_ends(self, purchased: dt.date) -> dt.date | None:
        """The first day the level's support term no longer covers, from the purchase.

        ``support_term`` months counted as calendar months (:func:`add_months`):
        AdVantShop's free support "6 мес." bought 2026-08-31 covers requests through
        2027-02-27 and ends 2027-02-28. ``None`` where the term is by contract or not
        stated: the regulation gives no date to check. The regulations do not say what
        the desk does with a request past the term, so slakit leaves that to the
        caller: classify such a request yourself (:meth:`covers_on`).
        """
        if isinstance(purchased, dt.datetime) or not isinstance(purchased, dt.date):
            raise InvalidArgumentError("purchased", purchased, "a date (datetime.date)")
        term = self.support_term
        return add_months(purchased, term) if isinstance(term, int) else None

    def covers_on(self, purchased: dt.date, on: dt.date) -> bool:
        """Whether a request made ``on`` a date falls within the support term."""
        if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
            raise InvalidArgumentError("on", on, "a date (datetime.date)")
        ends = self.support_ends(purchased)
        return purchased <= on and (ends is None or on < ends)
