"""slakit: SLA deadlines for support desks, exact on real production calendars.

The public API is what ``__all__`` lists; everything else is internal. Tickets, clocks,
escalations and explanations (which bring pendulum) are imported on first use, so
that ``import slakit`` and a fresh ``slakit deadline`` stay quick.
"""

import importlib
from typing import TYPE_CHECKING

from slakit import presets
from slakit.calendar import Calendar, DayKind, DayPlan
from slakit.errors import (
    CouponError,
    EventFormatError,
    InputFileError,
    InvalidArgumentError,
    InvalidRegulationError,
    InvalidScheduleError,
    InvalidTargetError,
    MissingDependencyError,
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
from slakit.hours import Hours
from slakit.level import Audience, Provision, Quota, SupportLevel, add_months
from slakit.regulation import (
    Clock,
    CustomerCategory,
    Editions,
    EscalationKind,
    EscalationPath,
    PauseReason,
    ProblemCategory,
    Regulation,
    Rule,
)
from slakit.schedule import Schedule, WorkingPeriod
from slakit.target import Basis, Target, Unit

if TYPE_CHECKING:
    from slakit import dask, diff, events, frame, spark, spine, timeline
    from slakit.clock import ClockStatus, Outcome
    from slakit.escalation import EscalationRule, FiredEscalation, Trigger
    from slakit.events import CouponRef, Event, EventKind
    from slakit.explanation import Explanation, Step, explain
    from slakit.ticket import Coupon, Ticket, TicketState, TicketStatus

# Public names imported on first use: name -> module.
_LAZY = {
    **dict.fromkeys(("ClockStatus", "Outcome"), "slakit.clock"),
    **dict.fromkeys(("EscalationRule", "FiredEscalation", "Trigger"), "slakit.escalation"),
    **dict.fromkeys(("CouponRef", "Event", "EventKind"), "slakit.events"),
    **dict.fromkeys(("Explanation", "Step", "explain"), "slakit.explanation"),
    **dict.fromkeys(("Coupon", "Ticket", "TicketState", "TicketStatus"), "slakit.ticket"),
}
# Public submodules imported on first use.
_SUBMODULES = ("dask", "diff", "events", "frame", "spark", "spine", "timeline")

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
    "Editions",
    "add_months",
    "SupportLevel",
    "Target",
    "Unit",
    "presets",
    # Tickets, clocks and escalations
    "ClockStatus",
    "Coupon",
    "EscalationRule",
    "Event",
    "EventKind",
    "FiredEscalation",
    "Outcome",
    "Ticket",
    "TicketState",
    "TicketStatus",
    "Trigger",
    # The event file (the published JSON-lines format) and the SQL spine
    "CouponRef",
    "events",
    "frame",
    "spine",
    # Engines (optional extras: slakit[spark], slakit[dask])
    "spark",
    "dask",
    # A picture of one ticket (SVG)
    "timeline",
    # What changed between two regulations (slakit.diff.diff)
    "diff",
    # Explanations
    "Explanation",
    "Step",
    "explain",
    # Errors and warnings
    "CouponError",
    "EventFormatError",
    "InputFileError",
    "InvalidArgumentError",
    "InvalidRegulationError",
    "InvalidScheduleError",
    "InvalidTargetError",
    "MissingDependencyError",
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


def __getattr__(name: str) -> object:
    """Import a lazily loaded public name on first use (PEP 562)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"slakit.{name}")
    if name not in _LAZY:
        raise AttributeError(f"module 'slakit' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})
