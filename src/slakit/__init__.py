"""slakit: SLA deadlines for support desks, exact on real production calendars.

The public API is what ``__all__`` lists; everything else is internal.
"""

from slakit import presets
from slakit.calendar import Calendar, DayKind, DayPlan
from slakit.clock import ClockState, ClockStatus
from slakit.errors import (
    CouponError,
    InvalidArgumentError,
    InvalidRegulationError,
    InvalidScheduleError,
    InvalidTargetError,
    NaiveDatetimeError,
    NegativeDurationError,
    NoTargetError,
    OutOfRangeError,
    ProvisionalCalendarWarning,
    RegulationFormatError,
    ReversedIntervalError,
    ScheduleTooLargeError,
    SlakitError,
    SlakitWarning,
    TicketEventError,
    UnclassifiedRequestError,
    UnknownCountryError,
    UnknownLevelError,
    UnknownPresetError,
    UnknownTimezoneError,
)
from slakit.escalation import EscalationRule, FiredEscalation, Trigger
from slakit.explanation import Explanation, Step, explain
from slakit.hours import Hours
from slakit.level import Audience, Provision, Quota, SupportLevel
from slakit.regulation import (
    Clock,
    CustomerCategory,
    EscalationKind,
    EscalationPath,
    PauseReason,
    ProblemCategory,
    Regulation,
    Rule,
)
from slakit.schedule import Schedule, WorkingPeriod
from slakit.target import Basis, Target, Unit
from slakit.ticket import Coupon, Event, EventKind, Ticket, TicketState, TicketStatus

__version__ = "0.1.0.dev0"

__all__ = [
    # Schedules and calendars
    "Calendar",
    "DayKind",
    "DayPlan",
    "Hours",
    "Schedule",
    "WorkingPeriod",
    # Targets, levels and regulations
    "Audience",
    "Basis",
    "Clock",
    "CustomerCategory",
    "EscalationKind",
    "EscalationPath",
    "PauseReason",
    "ProblemCategory",
    "Provision",
    "Quota",
    "Regulation",
    "Rule",
    "SupportLevel",
    "Target",
    "Unit",
    "presets",
    # Tickets, clocks and escalations
    "ClockState",
    "ClockStatus",
    "Coupon",
    "EscalationRule",
    "Event",
    "EventKind",
    "FiredEscalation",
    "Ticket",
    "TicketState",
    "TicketStatus",
    "Trigger",
    # Explanations
    "Explanation",
    "Step",
    "explain",
    # Errors and warnings
    "CouponError",
    "InvalidArgumentError",
    "InvalidRegulationError",
    "InvalidScheduleError",
    "InvalidTargetError",
    "NaiveDatetimeError",
    "NegativeDurationError",
    "NoTargetError",
    "OutOfRangeError",
    "ProvisionalCalendarWarning",
    "RegulationFormatError",
    "ReversedIntervalError",
    "ScheduleTooLargeError",
    "SlakitError",
    "SlakitWarning",
    "TicketEventError",
    "UnclassifiedRequestError",
    "UnknownCountryError",
    "UnknownLevelError",
    "UnknownPresetError",
    "UnknownTimezoneError",
]
