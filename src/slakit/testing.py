"""Assertions for a helpdesk's own tests: pin a preset's deadlines in CI.

Plain functions that raise ``AssertionError`` with the deadline's arithmetic in the
message, so a failing check says why; they work in pytest without a plugin.

    from slakit.testing import assert_deadline
    assert_deadline("distate", "partner-operational", opened, expected)
"""

from __future__ import annotations

import datetime as dt

import slakit
from slakit.explanation import explain
from slakit.regulation import Clock, Regulation
from slakit.schedule import Schedule

__all__ = ["assert_deadline", "assert_elapsed"]


def _regulation(regulation: Regulation | str) -> Regulation:
    return slakit.presets.get(regulation) if isinstance(regulation, str) else regulation


def assert_deadline(
    regulation: Regulation | str,
    level: str,
    start: dt.datetime,
    expected: dt.datetime,
    clock: Clock | str = Clock.REACTION,
) -> None:
    """Fail with the explanation unless the level's deadline from ``start`` is ``expected``."""
    reg = _regulation(regulation)
    actual = reg.deadline(level, start, clock)
    if actual != expected:
        raise AssertionError(
            f"deadline {actual.isoformat()} != expected {expected.isoformat()}\n"
            + str(explain(reg, level, start, clock))
        )


def assert_elapsed(
    schedule: Schedule, start: dt.datetime, end: dt.datetime, expected: dt.timedelta
) -> None:
    """Fail with the working periods listed unless ``elapsed(start, end)`` is ``expected``."""
    actual = schedule.elapsed(start, end)
    if actual != expected:
        periods = "\n".join(
            f"  {p.start:%a %Y-%m-%d %H:%M}-{p.end:%H:%M}  {p.kind.value}"
            for p in schedule.periods(start, end)
        )
        raise AssertionError(
            f"elapsed {actual} != expected {expected}; working periods:\n{periods}"
        )
