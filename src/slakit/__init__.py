"""slakit: SLA deadlines for support desks, exact on real production calendars.

The public API is what ``__all__`` lists; everything else is internal.
"""

from slakit.calendar import Calendar, DayKind, DayPlan
from slakit.errors import (
    InvalidArgumentError,
    InvalidScheduleError,
    NaiveDatetimeError,
    NegativeDurationError,
    OutOfRangeError,
    ProvisionalCalendarWarning,
    ReversedIntervalError,
    SlakitError,
    SlakitWarning,
    UnknownCountryError,
    UnknownTimezoneError,
)
from slakit.hours import Hours
from slakit.schedule import Schedule, WorkingPeriod

__version__ = "0.1.0.dev0"

__all__ = [
    # Schedules and calendars
    "Calendar",
    "DayKind",
    "DayPlan",
    "Hours",
    "Schedule",
    "WorkingPeriod",
    # Errors and warnings
    "InvalidArgumentError",
    "InvalidScheduleError",
    "NaiveDatetimeError",
    "NegativeDurationError",
    "OutOfRangeError",
    "ProvisionalCalendarWarning",
    "ReversedIntervalError",
    "SlakitError",
    "SlakitWarning",
    "UnknownCountryError",
    "UnknownTimezoneError",
]
