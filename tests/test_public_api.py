"""slakit.__all__ is exactly the documented API, and nothing private leaks into it."""

from __future__ import annotations

import slakit

DOCUMENTED = {
    # schedules and calendars
    "Calendar", "DayKind", "DayPlan", "Hours", "Schedule", "WorkingPeriod",
    # targets, levels and regulations
    "Audience", "Basis", "Clock", "CustomerCategory", "EscalationKind", "EscalationPath",
    "PauseReason", "ProblemCategory", "Provision", "Quota", "Regulation", "Rule",
    "SupportLevel", "Target", "Unit", "presets", "Editions", "add_months",
    # working-time tables for SQL engines, tickets as tables
    "spine", "frame",
    # engine adapters (optional extras)
    "spark", "dask",
    # a picture of one ticket (slakit.timeline.timeline_svg)
    "timeline",
    # what changed between two regulations (slakit.diff.diff)
    "diff",
    # tickets, clocks and escalations
    "ClockStatus", "Coupon", "EscalationRule", "Event", "EventKind",
    "FiredEscalation", "Outcome", "Ticket", "TicketState", "TicketStatus", "Trigger",
    # the event file (slakit.events: the published JSON-lines format)
    "CouponRef", "EventFormatError", "events",
    # explanations
    "Explanation", "Step", "explain",
    # errors and warnings
    "CouponError", "TicketEventError", "InvalidArgumentError", "InvalidRegulationError",
    "InvalidScheduleError",
    "InvalidTargetError", "MissingDependencyError", "NaiveDatetimeError", "NegativeDurationError",
    "NoTargetError",
    "OutOfRangeError", "ProvisionalCalendarWarning", "RegulationFormatError",
    "ReversedIntervalError", "ScheduleTooLargeError", "SlakitError", "SlakitWarning",
    "UnclassifiedRequestError",
    "UnknownCountryError", "UnknownLevelError", "UnknownPresetError", "UnknownTimezoneError",
    "InputFileError",
}  # fmt: skip


def test_all_is_the_documented_api() -> None:
    """__all__ lists the documented names, once each."""
    assert set(slakit.__all__) == DOCUMENTED
    assert len(slakit.__all__) == len(set(slakit.__all__))


def test_nothing_private() -> None:
    """No underscore names, and every name resolves."""
    assert not [name for name in slakit.__all__ if name.startswith("_")]
    assert all(hasattr(slakit, name) for name in slakit.__all__)


def test_errors_share_one_root() -> None:
    """Every exported exception class derives from SlakitError; warnings from SlakitWarning."""
    for name in slakit.__all__:
        obj = getattr(slakit, name)
        if isinstance(obj, type) and issubclass(obj, Warning):
            assert issubclass(obj, slakit.SlakitWarning), name
        elif isinstance(obj, type) and issubclass(obj, BaseException):
            assert issubclass(obj, slakit.SlakitError), name


def test_presets_api() -> None:
    """slakit.presets exposes get, editions, names and variants only."""
    assert slakit.presets.__all__ == ["editions", "get", "names", "variants"]
