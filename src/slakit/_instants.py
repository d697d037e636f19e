"""Conversions at the edge of the engine: aware datetimes and timedeltas to integers.

Inside, an instant is an integer count of microseconds since the Unix epoch and a
duration an integer count of microseconds, so every sum and comparison is exact.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from slakit.errors import (
    InvalidArgumentError,
    NaiveDatetimeError,
    NegativeDurationError,
)

US = 1_000_000
_ONE_US = dt.timedelta(microseconds=1)
#: ``date(1970, 1, 1).toordinal()``: day 0 of epoch time.
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def to_us(value: object, name: str = "t") -> int:
    """An aware datetime as epoch microseconds; naive or non-datetimes are refused.

    Exact integer arithmetic on the wall clock and ``utcoffset()``: cheaper than
    ``timestamp()``, exact for offsets with microseconds, and defined for every
    datetime (an instant beyond the supported years is the caller's range error,
    never an ``OverflowError``).
    """
    if not isinstance(value, dt.datetime):
        raise InvalidArgumentError(name, value, "a timezone-aware datetime")
    offset = value.utcoffset()
    if offset is None:
        raise NaiveDatetimeError(name, value)
    seconds = (value.toordinal() - EPOCH_ORDINAL) * 86_400 + (
        value.hour * 3_600 + value.minute * 60 + value.second
    )
    return seconds * US + value.microsecond - offset // _ONE_US


def from_us(us: int, tz: ZoneInfo) -> dt.datetime:
    """Epoch microseconds as an aware datetime in ``tz``."""
    seconds, micro = divmod(us, US)
    result = dt.datetime.fromtimestamp(seconds, tz)
    return result.replace(microsecond=micro) if micro else result


def duration_us(value: object, name: str = "duration") -> int:
    """A non-negative timedelta as microseconds."""
    if not isinstance(value, dt.timedelta):
        raise InvalidArgumentError(name, value, "a datetime.timedelta")
    us: int = value // _ONE_US
    if us < 0:
        raise NegativeDurationError(name, value)
    return us


def to_timedelta(us: int) -> dt.timedelta:
    """Microseconds as a ``timedelta`` (clock times are kept as integers inside)."""
    return dt.timedelta(microseconds=us)
