"""Every error slakit raises, under one root: :class:`SlakitError`.

Each concrete error also subclasses the builtin it refines (``ValueError``,
``LookupError``, ...), so callers can catch broadly or narrowly, and carries the
offending value as attributes so tools need not parse messages.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "CouponError",
    "EventFormatError",
    "InputFileError",
    "InvalidArgumentError",
    "InvalidRegulationError",
    "InvalidTargetError",
    "MissingDependencyError",
    "NoTargetError",
    "RegulationFormatError",
    "UnclassifiedRequestError",
    "UnknownLevelError",
    "UnknownPresetError",
    "InvalidScheduleError",
    "NaiveDatetimeError",
    "NegativeDurationError",
    "OutOfRangeError",
    "ProvisionalCalendarWarning",
    "ReversedIntervalError",
    "ScheduleTooLargeError",
    "SlakitError",
    "SlakitWarning",
    "TicketEventError",
    "UnknownCountryError",
    "UnknownTimezoneError",
]


class SlakitError(Exception):
    """Root of every error slakit raises: ``except slakit.SlakitError`` catches them all."""


class InvalidArgumentError(SlakitError, TypeError):
    """An argument has the wrong type (a string where a datetime belongs, say)."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        self.name = name
        self.value = value
        self.expected = expected
        super().__init__(f"{name} must be {expected}, got {type(value).__name__} {value!r:.80}")


class NaiveDatetimeError(SlakitError, ValueError):
    """A datetime without a time zone: slakit never guesses the zone of an instant."""

    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value
        super().__init__(
            f"{name} must be a timezone-aware datetime, got the naive {value!r}; "
            "attach a zone, e.g. value.replace(tzinfo=ZoneInfo('Europe/Moscow'))"
        )


class NegativeDurationError(SlakitError, ValueError):
    """A duration or a count of days below zero where only forward amounts make sense."""

    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value
        super().__init__(f"{name} must not be negative, got {value!r}")


class ReversedIntervalError(SlakitError, ValueError):
    """An interval whose end comes before its start."""

    def __init__(self, start: object, end: object) -> None:
        self.start = start
        self.end = end
        super().__init__(f"the end {end} comes before the start {start}; expected start <= end")


class OutOfRangeError(SlakitError, OverflowError):
    """An instant or a result outside the years slakit computes calendars for."""


class MissingDependencyError(SlakitError, ImportError):
    """An optional package a feature needs is not installed; names the extra that brings it."""

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        self.feature = feature
        super().__init__(
            f"{feature} needs {package}, which is not installed; "
            f"install it with: pip install 'slakit[{extra}]'"
        )


class InvalidScheduleError(SlakitError, ValueError):
    """Working hours that cannot describe a schedule: bad syntax, overlaps, no working time."""


def _closest(name: str, choices: Iterable[str]) -> tuple[str, ...]:
    return tuple(difflib.get_close_matches(name, list(choices), n=3, cutoff=0.5))


class _UnknownNameError(SlakitError, LookupError):
    """A name that is not among the valid ones; the message lists them and the closest."""

    kind = "name"

    def __init__(self, name: object, choices: Iterable[str], *, shown: int = 12) -> None:
        self.name = name
        self.choices = tuple(sorted(choices))
        self.suggestions = _closest(name, self.choices) if isinstance(name, str) else ()
        listed = ", ".join(self.choices[:shown])
        if len(self.choices) > shown:
            listed += f", ... ({len(self.choices)} in all)"
        hint = (
            f"; did you mean {' or '.join(map(repr, self.suggestions))}?"
            if self.suggestions
            else ""
        )
        super().__init__(f"unknown {self.kind} {name!r}{hint} (valid: {listed})")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownTimezoneError(_UnknownNameError):
    """A time zone name that is not in the IANA database."""

    kind = "time zone"


class UnknownCountryError(_UnknownNameError):
    """A country (or subdivision) the ``holidays`` package has no calendar for."""

    kind = "holiday calendar"


class SlakitWarning(UserWarning):
    """Root of the warnings slakit issues."""


class ProvisionalCalendarWarning(SlakitWarning):
    """A result relies on a year whose production calendar is not yet published.

    The year's holidays are computed by rule, but the transfers of days off (and the
    shortened days) the government publishes for it are not known yet, so a deadline
    in that year may move once they are. Turn it into an error with
    ``warnings.simplefilter("error", slakit.ProvisionalCalendarWarning)``.
    """

    def __init__(self, country: str, year: int) -> None:
        self.country = country
        self.year = year
        super().__init__(
            f"the {country} production calendar for {year} is not published in the installed "
            "'holidays' package; working days in it are provisional (no transfers known)"
        )


class InvalidTargetError(SlakitError, ValueError):
    """A target that cannot be: a zero or negative amount, or unreadable wording."""


class NoTargetError(SlakitError, LookupError):
    """A clock asked of a level that has no such target (none guaranteed, or none at all)."""


class InvalidRegulationError(SlakitError, ValueError):
    """A regulation or level that contradicts itself (a fallback level it lacks, say)."""


class RegulationFormatError(InvalidRegulationError):
    """A regulation file that cannot be read; names the line and the field."""

    def __init__(self, message: str, *, field: str | None = None, line: int | None = None) -> None:
        self.field = field
        self.line = line
        where = ", ".join(
            part
            for part in (f"line {line}" if line else "", f"field {field!r}" if field else "")
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class UnknownPresetError(_UnknownNameError):
    """A preset name that slakit does not ship."""

    kind = "preset"


class UnknownLevelError(_UnknownNameError):
    """A support level key the regulation does not have."""

    kind = "support level"


class UnclassifiedRequestError(SlakitError, LookupError):
    """A request the regulation assigns no level to, and has no fallback for."""


class TicketEventError(SlakitError, ValueError):
    """An event that does not make sense where it stands; names the event, changes nothing."""

    def __init__(self, message: str, *, index: int | None = None) -> None:
        self.index = index
        super().__init__(message)


class CouponError(SlakitError, ValueError):
    """A quota level opened without a coupon, or with one that is spent or expired."""


class EventFormatError(TicketEventError):
    """An event that breaks the published event format; names the line, field and value.

    The format is the JSON Schema shipped as ``slakit/event.schema.json``. ``line`` is the
    line of the file (1-based) or None, ``index`` the event's position in a list,
    ``field`` the offending field, and ``ticket`` the line's ticket id where it has a
    valid one (so a report can set that ticket aside and go on with the others).
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        ticket: str | None = None,
        index: int | None = None,
    ) -> None:
        self.line = line
        self.field = field
        self.ticket = ticket
        where = ", ".join(
            part
            for part in (
                f"line {line}" if line is not None else "",
                f"event {index}" if line is None and index is not None else "",
                f"field {field!r}" if field else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message, index=index)


class InputFileError(SlakitError, ValueError):
    """A file slakit was asked to read that it cannot or will not read.

    Missing, unreadable, not UTF-8, not a regular file (a FIFO, a device, a directory),
    or larger than the limit for its kind. ``path`` and ``what`` (``"regulation file"``,
    ``"cases file"``, ...) say which.
    """

    def __init__(self, path: object, what: str, reason: str) -> None:
        self.path = path
        self.what = what
        self.reason = reason
        super().__init__(f"cannot read the {what} {str(path)!r}: {reason}")


class ScheduleTooLargeError(InvalidScheduleError):
    """Working hours too finely cut to compute within bounds (too many periods a day).

    slakit keeps every working period of a year it answers for; a day of hundreds of
    one-minute periods would make one year cost megabytes, so a day has at most
    :data:`slakit.hours.MAX_PERIODS_PER_DAY` periods.
    """
