"""``SupportLevel``: one row of a regulation's SLA table.

"Партнеры: оперативная поддержка — 3 рабочих часа": who it is for, which questions it
covers, how fast the desk must react (and resolve, where promised), on which schedule,
and what else the regulation's table lists for it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any

import attrs

from slakit.errors import InvalidRegulationError
from slakit.schedule import Schedule
from slakit.target import Target

__all__ = ["Audience", "Provision", "Quota", "SupportLevel"]

_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


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
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count <= 0:
            raise InvalidRegulationError(
                f"a quota's count must be a positive int, got {self.count!r}"
            )
        if not isinstance(self.valid_for, dt.timedelta) or self.valid_for <= dt.timedelta(0):
            raise InvalidRegulationError(
                f"a quota's validity must be a positive timedelta, got {self.valid_for!r}"
            )


def check_key(_instance: object, _attribute: object, value: Any) -> None:
    """Validate a level key: lowercase words joined by '-'."""
    if not isinstance(value, str) or not _KEY.match(value):
        raise InvalidRegulationError(
            "a level key must be lowercase words joined by '-', like 'partner-standard', "
            f"got {value!r}"
        )


@attrs.frozen
class SupportLevel:
    """A support level: its key, audience, targets, schedule and the table's extras.

    ``schedule`` is set only where the level counts time on hours of its own (DiState
    special requests count around the clock); otherwise the regulation's schedule
    applies. ``priority`` orders levels of one audience, 1 being the most urgent.
    """

    key: str = attrs.field(validator=check_key)
    title: str
    name: str
    audience: Audience
    reaction: Target
    priority: int = 1
    covers: tuple[str, ...] = ()
    resolution: Target | None = None
    resolution_condition: str | None = None
    schedule: Schedule | None = None
    phone_consultations: Provision | None = None
    development_involvement: Provision | None = None
    updates_included: Provision | None = None
    price_per_month: int | None = None
    #: Months of support, or ``Provision.BY_CONTRACT``.
    support_term: int | Provision | None = None
    quota: Quota | None = None
    #: The regulation's clause this level comes from.
    clause: str = ""
