"""``slakit deadline``, ``explain`` and ``elapsed``: one answer, and its arithmetic."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from slakit._text import printable
from slakit.calendar import DayKind
from slakit.cli._common import TZ_HELP, Parser, command, duration, instant, iso, load, print_json
from slakit.cli._lang import Words, hours_minutes
from slakit.regulation import Clock

if TYPE_CHECKING:  # imported where used: a fresh `slakit deadline` should not pay for them
    from slakit.explanation import Explanation

__all__ = ["register"]

_DEADLINE_SHAPE = """{"vendor": str, "level": str, "clock": "reaction" | "resolution",
 "start": instant, "deadline": instant (the schedule's zone),
 "deadline_in_start_zone": instant, "tz": str (the schedule's zone)}"""

_EXPLAIN_SHAPE = """{"vendor": str, "level": str, "title": str, "clock": str, "target": str,
 "start": instant, "deadline": instant, "real_minutes": int, "real_seconds": int,
 "steps": [{"date": "YYYY-MM-DD", "kind": str (a slakit.DayKind value),
            "start": instant | null, "end": instant | null (null: a day skipped),
            "used_minutes": int, "used_seconds": int,
            "total_minutes": int, "total_seconds": int, "holiday": str | null}]}"""

_ELAPSED_SHAPE = """{"start": instant, "end": instant, "level": str | null, "tz": str,
 "elapsed_minutes": int, "elapsed_seconds": int}"""


def _cmd_deadline(args: argparse.Namespace) -> int:
    reg = load(args.preset)
    start = instant(args.start, args.tz, "START")
    deadline = reg.deadline(args.level, start, args.clock)
    if args.format == "json":
        print_json({
            "vendor": reg.vendor, "level": args.level, "clock": args.clock,
            "start": start.isoformat(), "deadline": deadline.isoformat(),
            "deadline_in_start_zone": deadline.astimezone(start.tzinfo).isoformat(),
            "tz": reg.schedule_for(args.level).tz,
        })  # fmt: skip
        return 0
    words = Words(args.lang)
    tz = reg.schedule_for(args.level).tz
    print(words("deadline.schedule", deadline=deadline.isoformat(), tz=tz))
    print(words("deadline.start", deadline=deadline.astimezone(start.tzinfo).isoformat()))
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from slakit.explanation import explain  # noqa: PLC0415 - pendulum: only when used

    reg = load(args.preset)
    found = explain(reg, args.level, instant(args.start, args.tz, "START"), args.clock)
    if args.format == "json":
        print_json(_explain_json(found))
        return 0
    words = Words(args.lang)
    target = reg.target(args.level, args.clock)
    said = target.text if words.lang == "ru" and target.text else found.target
    for line in _explain_text(found, words, said):
        print(printable(line))
    return 0


def _explain_text(found: Explanation, words: Words, target: str) -> list[str]:
    """The explanation in the chosen language (English: as ``str(found)``)."""
    real = found.deadline.astimezone(dt.UTC) - found.start.astimezone(dt.UTC)
    lines = [
        words("explain.head", vendor=found.vendor, level=found.level, title=found.title,
              clock=words.word(found.clock.value), target=target),
        words("explain.opened", start=found.start.isoformat()),
        words("explain.deadline", deadline=found.deadline.isoformat(),
              real=words.real_time(real)),
    ]  # fmt: skip
    for step in found.steps:
        day = f"{words.weekday(step.date)} {step.date.isoformat()}"
        if step.start is None or step.end is None:
            kind = words.word(step.kind.value)
            reason = kind + (f": {words.holiday(step.holiday)}" if step.holiday else "")
            lines.append("  " + words("explain.skipped", day=day, reason=reason))
            continue
        note = "" if step.kind is DayKind.WORKDAY else f"  [{words.word(step.kind.value)}]"
        lines.append(
            "  "
            + words(
                "explain.period",
                day=day,
                span=step.span,
                used=hours_minutes(step.used),
                total=hours_minutes(step.total),
                note=note,
            )
        )
    return lines


def _explain_json(found: Explanation) -> dict[str, Any]:
    real = found.deadline.astimezone(dt.UTC) - found.start.astimezone(dt.UTC)
    return {
        "vendor": found.vendor, "level": found.level, "title": found.title,
        "clock": found.clock.value, "target": found.target,
        "start": found.start.isoformat(), "deadline": found.deadline.isoformat(),
        **duration("real", real),
        "steps": [
            {
                "date": step.date.isoformat(), "kind": step.kind.value,
                "start": iso(step.start), "end": iso(step.end),
                **duration("used", step.used), **duration("total", step.total),
                "holiday": step.holiday,
            }
            for step in found.steps
        ],
    }  # fmt: skip


def _cmd_elapsed(args: argparse.Namespace) -> int:
    reg = load(args.preset)
    start, end = instant(args.start, args.tz, "START"), instant(args.end, args.tz, "END")
    schedule = reg.schedule_for(args.level) if args.level else reg.schedule
    elapsed = schedule.elapsed(start, end)
    if args.format == "json":
        print_json({
            "start": start.isoformat(), "end": end.isoformat(), "level": args.level,
            "tz": schedule.tz, **duration("elapsed", elapsed),
        })  # fmt: skip
        return 0
    words = Words(args.lang)
    time = words.working_time(elapsed)
    print(words("elapsed", time=time, seconds=f"{elapsed.total_seconds():.0f}"))
    return 0


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    """Add ``deadline``, ``explain`` and ``elapsed``."""
    for name, handler, text, shape in (
        ("deadline", _cmd_deadline, "the deadline of a level from START", _DEADLINE_SHAPE),
        (
            "explain",
            _cmd_explain,
            "the deadline with every period counted and day skipped",
            _EXPLAIN_SHAPE,
        ),
    ):
        sub = command(commands, name, handler, text, shape=shape)
        sub.add_argument("preset", help="a preset name or a regulation .toml file")
        sub.add_argument("level", help="a level key, e.g. partner-operational")
        sub.add_argument("start", help="ISO 8601, e.g. 2026-11-23T10:00+03:00")
        sub.add_argument(
            "--clock",
            choices=[c.value for c in Clock],
            default="reaction",
            help="which target to count: the first reply or the fix",
        )
        sub.add_argument("--tz", help=TZ_HELP)
    elapsed = command(
        commands, "elapsed", _cmd_elapsed, "working time between two instants", shape=_ELAPSED_SHAPE
    )
    elapsed.add_argument("preset", help="a preset name or a regulation .toml file")
    elapsed.add_argument("start", help="ISO 8601, e.g. 2026-11-23T10:00+03:00")
    elapsed.add_argument("end", help="ISO 8601, e.g. 2026-11-24T18:00+03:00")
    elapsed.add_argument("--level", help="count on this level's own schedule")
    elapsed.add_argument("--tz", help=TZ_HELP)
