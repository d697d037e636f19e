"""The ``slakit`` command: deadlines and their arithmetic from a terminal or CI.

Every command takes a preset name or the path of a regulation TOML file. Dates are ISO
8601; a date without an offset needs ``--tz``. Bad input gets one line on stderr and
exit code 2, never a traceback; ``slakit check`` exits 1 when a deadline differs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import os
import pathlib
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, NoReturn

import slakit
from slakit import _files
from slakit._engine import zone
from slakit._text import csv_cell, printable
from slakit.regulation import Clock, Regulation

if TYPE_CHECKING:  # imported where used: a fresh `slakit deadline` should not pay for them
    from slakit import _toml
    from slakit.clock import ClockStatus
    from slakit.explanation import Explanation
    from slakit.report import TicketRow

__all__ = ["main"]

#: The largest events file read whole (the events engineer's streaming reader may differ).
EVENTS_LIMIT = 1024 * _files.MIB


class UsageError(Exception):
    """A problem with what the user typed; reported on one line, exit code 2."""


def load(name: str) -> Regulation:
    """A preset by name, or a regulation file by path."""
    if name in slakit.presets.names():
        return slakit.presets.get(name)
    if name.endswith(".toml") or os.sep in name or _exists(name):
        return Regulation.from_toml(pathlib.Path(name))
    return slakit.presets.get(name)  # raises UnknownPresetError with the valid names


def _exists(name: str) -> bool:
    try:
        return pathlib.Path(name).exists()
    except (OSError, ValueError):  # a NUL byte, a name too long
        return False


def instant(text: str, tz: str | None, what: str = "date") -> dt.datetime:
    """An ISO 8601 instant; a naive one takes ``--tz``."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{what} {text!r} is not an ISO 8601 date, e.g. 2026-11-23T10:00+03:00"
        ) from None
    if value.utcoffset() is None:
        if tz is None:
            raise UsageError(
                f"{what} {text!r} has no UTC offset; add one (+03:00) or pass --tz Europe/Moscow"
            )
        value = value.replace(tzinfo=zone(tz))
    return value


def _risk(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share in (0, 1], e.g. 0.8")
    return value


def _print_json(value: dict[str, Any]) -> None:
    """One JSON object on stdout: UTF-8 text as is (Russian titles stay readable)."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _duration(key: str, value: dt.timedelta | None) -> dict[str, int | None]:
    """``{key}_minutes`` (whole, rounded down) and ``{key}_seconds`` (whole) of a duration."""
    if value is None:
        return {f"{key}_minutes": None, f"{key}_seconds": None}
    seconds = int(value.total_seconds())
    return {f"{key}_minutes": seconds // 60, f"{key}_seconds": seconds}


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _cmd_presets(args: argparse.Namespace) -> int:
    regulations = [(name, slakit.presets.get(name)) for name in slakit.presets.names()]
    if args.format == "json":
        _print_json({
            "presets": [
                {"name": name, "vendor": reg.vendor, "levels": len(reg.levels),
                 "tz": reg.schedule.tz}
                for name, reg in regulations
            ]
        })  # fmt: skip
        return 0
    for name, reg in regulations:
        print(
            f"{name:<14} {reg.vendor:<14} {_count(len(reg.levels), 'level'):<10} {reg.schedule.tz}"
        )
    return 0


def _count(n: int, noun: str) -> str:
    """``1 level``, ``2 levels``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _cmd_show(args: argparse.Namespace) -> int:
    reg = load(args.preset)
    if args.format == "json":
        _print_json(_show_json(reg))
        return 0
    print(printable(reg))
    week = ", ".join(
        f"{day} {' '.join(map(str, hours))}"
        for day, hours in zip(_WEEKDAYS, reg.schedule.week, strict=True)
        if hours
    )
    country = reg.schedule.calendar.country
    print(f"schedule: {week} ({reg.schedule.tz}{', ' + country + ' holidays' if country else ''})")
    for level in reg.levels:
        extras = [
            f"resolution {level.resolution}" if level.resolution else "",
            "own schedule" if level.schedule else "",
            f"{level.price_per_month} RUB/month" if level.price_per_month else "",
            f"quota {level.quota.count}" if level.quota else "",
        ]
        print(
            printable(
                f"  {level.key:<24} {level.reaction!s:<20} {level.audience.value:<20} "
                f"{level.title}" + "".join(f"; {e}" for e in extras if e)
            )
        )
    return 0


def _show_json(reg: Regulation) -> dict[str, Any]:
    def week(schedule: slakit.Schedule) -> dict[str, list[str]]:
        return {
            day: [str(hours) for hours in day_hours]
            for day, day_hours in zip(_WEEKDAYS, schedule.week, strict=True)
        }

    return {
        "vendor": reg.vendor,
        "edition": None if reg.edition is None else reg.edition.isoformat(),
        "schedule": {
            "tz": reg.schedule.tz,
            "country": reg.schedule.calendar.country or None,
            "week": week(reg.schedule),
        },
        "levels": [
            {
                "key": level.key,
                "title": level.title,
                "audience": level.audience.value,
                "reaction": str(level.reaction),
                "resolution": None if level.resolution is None else str(level.resolution),
                "schedule": None if level.schedule is None else {
                    "tz": level.schedule.tz, "week": week(level.schedule)
                },
                "price_per_month": level.price_per_month,
                "quota": None if level.quota is None else level.quota.count,
            }
            for level in reg.levels
        ],
    }  # fmt: skip


def _cmd_deadline(args: argparse.Namespace) -> int:
    reg = load(args.preset)
    start = instant(args.start, args.tz, "START")
    deadline = reg.deadline(args.level, start, args.clock)
    if args.format == "json":
        _print_json({
            "vendor": reg.vendor, "level": args.level, "clock": args.clock,
            "start": start.isoformat(), "deadline": deadline.isoformat(),
            "deadline_in_start_zone": deadline.astimezone(start.tzinfo).isoformat(),
            "tz": reg.schedule_for(args.level).tz,
        })  # fmt: skip
        return 0
    print(f"{deadline.isoformat()}  (in the schedule's zone, {reg.schedule_for(args.level).tz})")
    print(f"{deadline.astimezone(start.tzinfo).isoformat()}  (in the zone of START)")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from slakit.explanation import explain  # noqa: PLC0415 - pendulum: only when used

    reg = load(args.preset)
    found = explain(reg, args.level, instant(args.start, args.tz, "START"), args.clock)
    if args.format == "json":
        _print_json(_explain_json(found))
        return 0
    print(found)
    return 0


def _explain_json(found: Explanation) -> dict[str, Any]:
    from slakit.explanation import holiday_text  # noqa: PLC0415 - pendulum: only when used

    real = found.deadline.astimezone(dt.UTC) - found.start.astimezone(dt.UTC)
    return {
        "vendor": found.vendor, "level": found.level, "title": found.title,
        "clock": found.clock.value, "target": found.target,
        "start": found.start.isoformat(), "deadline": found.deadline.isoformat(),
        **_duration("real", real),
        "steps": [
            {
                "date": step.date.isoformat(), "kind": step.kind.value,
                "start": _iso(step.start), "end": _iso(step.end),
                **_duration("used", step.used), **_duration("total", step.total),
                "holiday": None if step.holiday is None else holiday_text(step.holiday),
            }
            for step in found.steps
        ],
    }  # fmt: skip


def _cmd_elapsed(args: argparse.Namespace) -> int:
    from slakit.explanation import hours_minutes  # noqa: PLC0415 - pendulum: only when used

    reg = load(args.preset)
    start, end = instant(args.start, args.tz, "START"), instant(args.end, args.tz, "END")
    schedule = reg.schedule_for(args.level) if args.level else reg.schedule
    elapsed = schedule.elapsed(start, end)
    if args.format == "json":
        _print_json({
            "start": start.isoformat(), "end": end.isoformat(), "level": args.level,
            "tz": schedule.tz, **_duration("elapsed", elapsed),
        })  # fmt: skip
        return 0
    print(f"{hours_minutes(elapsed)} working hours ({elapsed.total_seconds():.0f} s)")
    return 0


def _read(path: str, what: str = "events file", limit: int = EVENTS_LIMIT) -> str:
    """A file's text: a regular file under ``limit`` (else an InputFileError)."""
    return _files.read_text(path, what=what, limit=limit)


_PRESET_HELP = (
    'a preset or regulation .toml for every ticket; default: each ticket\'s own "preset" field'
)
_NOW_HELP = "the instant to report at (default: now); later events are left out"
_EXIT_CODES = (
    "Exit status: 0 all tickets read; 1 some tickets could not be read or computed (each is "
    "named on stderr with its line, the others are reported); 2 the input as a whole is "
    "unusable (unreadable file, a line that is not JSON or has no ticket id, no ticket "
    "readable, bad arguments). The event format: the 'Event files' page of the docs."
)


@contextlib.contextmanager
def _events(args: argparse.Namespace) -> Iterator[tuple[IO[bytes], Regulation | None]]:
    """The events file (or stdin for '-') opened for reading, and the --preset regulation."""
    from slakit import events  # noqa: PLC0415 - imported where used, for startup time

    regulation = load(args.preset) if args.preset else None
    if args.file == "-":
        yield sys.stdin.buffer, regulation
        return
    with events.open_path(args.file) as stream:
        yield stream, regulation


def _detail(clock: ClockStatus) -> str:
    """What a clock's outcome means in numbers: time left, or how far past its target."""
    from slakit.clock import Outcome  # noqa: PLC0415 - imported where used, for startup time
    from slakit.explanation import hours_minutes  # noqa: PLC0415

    outcome = clock.outcome
    if outcome in (Outcome.RUNNING, Outcome.PAUSED) and clock.remaining is not None:
        return f"left {hours_minutes(clock.remaining)} h"
    if outcome is Outcome.BREACHED:
        return f"BREACHED, overdue {hours_minutes(clock.overdue)} h"
    if outcome is Outcome.LATE:
        return f"LATE, overdue {hours_minutes(clock.overdue)} h"
    return ""


def _cmd_status(args: argparse.Namespace) -> int:
    from slakit import report  # noqa: PLC0415 - imported where used, for startup time

    now = _now(args)
    with _events(args) as (stream, regulation):
        ticket = report.read_ticket(stream, regulation=regulation, as_of=now, ticket=args.ticket)
    reg = ticket.regulation
    status = ticket.status(now)
    if args.format == "json":
        _print_json({
            "vendor": reg.vendor, "level": status.level, "state": status.state.value,
            "at": now.isoformat(),
            "clocks": [
                {"clock": name, "outcome": clock.outcome.value,
                 "started_at": clock.started_at.isoformat(), "deadline": _iso(clock.deadline),
                 "stopped_at": _iso(clock.stopped_at), "paused": clock.paused,
                 "used": None if clock.used is None else round(clock.used, 4),
                 **_duration("elapsed", clock.elapsed), **_duration("remaining", clock.remaining),
                 **_duration("overdue", clock.overdue)}
                for name, clock in status.clocks
            ],
        })  # fmt: skip
        return 0
    print(
        printable(
            f"{reg.vendor} ticket on {status.level}, {status.state.value}, at {now.isoformat()}"
        )
    )
    for name, clock in status.clocks:
        deadline = clock.deadline.isoformat() if clock.deadline else "none"
        used = f"{clock.used:.0%}" if clock.used is not None else "-"
        detail = _detail(clock)
        print(
            f"  {name:<12} {clock.outcome.value:<9} deadline {deadline}  used {used}"
            + (f"  {detail}" if detail else "")
        )
    return 0


def _now(args: argparse.Namespace) -> dt.datetime:
    return instant(args.now, args.tz, "--now") if args.now else dt.datetime.now(dt.UTC)


def _share(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


def _cmd_report(args: argparse.Namespace) -> int:
    import csv  # noqa: PLC0415 - imported where used, for startup time
    import json  # noqa: PLC0415

    from slakit import report  # noqa: PLC0415
    from slakit.explanation import hours_minutes  # noqa: PLC0415

    now = _now(args)
    risk = report.AT_RISK if args.risk is None else args.risk
    # Streamed: each row is written once its ticket's lines are over, and only the
    # summary's tallies and the open clocks are kept (JSON is one document: its rows too).
    tally = report.Tally()
    rows: list[report.TicketRow] = []
    failures = 0
    writer: csv.DictWriter[str] | None = None
    show_progress = sys.stderr.isatty()
    with _events(args) as (stream, regulation):
        for item in report.stream_report(stream, now=now, regulation=regulation, risk=risk):
            if item.row is None:
                failures += 1
                print(f"slakit: {item.failure}", file=sys.stderr)
                continue
            row = item.row
            tally.add(row)
            if show_progress and tally.tickets % 500 == 0:
                print(f"\r{tally.tickets:,} tickets", end="", file=sys.stderr)
            if args.format == "json":
                rows.append(row)
            elif args.format == "csv":
                if writer is None:
                    writer = csv.DictWriter(sys.stdout, fieldnames=list(report.TicketRow.FIELDS))
                    writer.writeheader()
                # A spreadsheet must not evaluate a ticket id like "=HYPERLINK(...)".
                writer.writerow({k: csv_cell(v) for k, v in row.as_dict().items()})
            else:
                _print_row(row)
    if show_progress and tally.tickets >= 500:
        done = tally.tickets
        print(f"\r{done:,}/{done + failures:,} tickets", file=sys.stderr)
    if failures and not tally.tickets:
        raise UsageError(f"no ticket in {args.file} could be read ({failures} failed)")
    summary = tally.summaries()
    waiting = tally.open_clocks()
    if args.format == "json":
        print(json.dumps({
            "tickets": [row.as_dict() for row in rows],
            "levels": [s.as_dict() for s in summary],
            "open_clocks": [
                {"ticket": ticket, "clock": name, "outcome": clock.outcome.value,
                 "deadline": clock.deadline.isoformat() if clock.deadline else None,
                 "time_left_minutes": int(clock.remaining.total_seconds() // 60)
                 if clock.remaining is not None else None,
                 "used": round(clock.used, 4) if clock.used is not None else None}
                for ticket, name, clock in waiting
            ],
        }, ensure_ascii=False, indent=2))  # fmt: skip
        return 1 if failures else 0
    if args.format == "csv":
        if writer is None:
            csv.DictWriter(sys.stdout, fieldnames=list(report.TicketRow.FIELDS)).writeheader()
        return 1 if failures else 0
    if waiting:
        print("\nrunning and paused clocks, least time left first:")
        for ticket, name, clock in waiting:
            deadline = clock.deadline.isoformat() if clock.deadline else "none"
            used = f"{clock.used:.0%}" if clock.used is not None else "-"
            left = hours_minutes(clock.remaining) if clock.remaining is not None else "-"
            print(
                printable(
                    f"  {ticket:<12} {name:<12} {clock.outcome.value:<9} deadline {deadline}  "
                    f"left {left} h  used {used}"
                )
            )
    print(
        f"\n{'level':<24} {'tickets':>7} {'clocks':>6} "
        + " ".join(f"{o.value:>9}" for o in report.OUTCOMES)
        + f" {'share met':>9} {'at risk':>7}  worst overdue"
    )
    for s in summary:
        print(
            f"{s.level:<24} {s.tickets:>7} {s.clocks:>6} "
            + " ".join(f"{s.count(o):>9}" for o in report.OUTCOMES)
            + f" {_share(s.share_met):>9} {s.at_risk:>7}  {hours_minutes(s.worst_overdue)} h"
        )
    return 1 if failures else 0


def _print_row(row: TicketRow) -> None:
    deadline = row.reaction_deadline.isoformat() if row.reaction_deadline else "none"
    verdicts = ", ".join(f"{n} {outcome.value}" for outcome, n in row.counts.items() if n)
    risk = "  AT RISK" if row.at_risk else ""
    print(
        printable(
            f"{row.ticket:<12} {row.level:<24} {row.state:<9} "
            f"reaction {row.reaction.value:<9} {deadline}  clocks: {verdicts}{risk}"
        )
    )


def _cmd_timeline(args: argparse.Namespace) -> int:
    from slakit import report  # noqa: PLC0415 - imported where used, for startup time

    now = _now(args)
    with _events(args) as (stream, regulation):
        ticket = report.read_ticket(stream, regulation=regulation, as_of=now, ticket=args.ticket)
    svg = report.timeline_svg(ticket, now)
    try:
        pathlib.Path(args.svg).write_text(svg, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {args.svg}: {error}") from None
    print(printable(f"wrote {args.svg}"))
    return 0


_CASE_KEYS = ("preset", "level", "start", "expected", "clock", "tz")


def _cases_error(path: str) -> Callable[..., Exception]:
    def error(message: str, *, field: str | None, line: int | None) -> Exception:
        where = "".join((f", line {line}" if line else "", f", {field}" if field else ""))
        return UsageError(f"{path}{where}: {message}")

    return error


def _case_text(case: _toml.Table, key: str, *, required: bool = True) -> str | None:
    """A case's string (a TOML date-time is taken as its ISO text)."""
    value = case.get(key, (str, dt.datetime), required=required)
    return None if value is None else value if isinstance(value, str) else value.isoformat()


def _cmd_check(args: argparse.Namespace) -> int:
    from slakit import _toml  # noqa: PLC0415 - imported where used, for startup time
    from slakit.explanation import explain  # noqa: PLC0415

    text = _read(args.cases, "cases file", _files.REGULATION_LIMIT)
    doc = _toml.Document(text, error=_cases_error(args.cases))
    tables = doc.root(("case",)).tables("case", _CASE_KEYS)
    if not tables:
        raise UsageError(f"{args.cases} has no [[case]] tables (preset, level, start, expected)")
    cases = []
    for number, case in enumerate(tables, 1):  # every case is checked before any runs
        tz = case.get("tz", str)
        if tz is not None:
            case.guarded("tz", functools.partial(zone, tz))
        clock = _case_text(case, "clock", required=False) or "reaction"
        if clock not in ("reaction", "resolution"):
            raise case.fail("clock", f"must be 'reaction' or 'resolution', got {clock!r:.40}")
        preset, level = str(_case_text(case, "preset")), str(_case_text(case, "level"))
        instants = []
        for key in ("start", "expected"):
            text = str(_case_text(case, key))
            try:
                instants.append(instant(text, tz, f"case {number} {key}"))
            except UsageError as error:
                raise case.fail(key, str(error)) from None
        cases.append((preset, level, instants[0], instants[1], clock))
    regulations: dict[str, Regulation] = {}
    failures = 0
    results = []
    for number, (preset, level, start, expected, clock) in enumerate(cases, 1):
        if preset not in regulations:
            regulations[preset] = load(preset)
        reg = regulations[preset]
        actual = reg.deadline(level, start, clock)
        results.append({
            "case": number, "preset": preset, "level": level, "clock": clock,
            "start": start.isoformat(), "expected": expected.isoformat(),
            "actual": actual.isoformat(), "ok": actual == expected,
        })  # fmt: skip
        if args.format == "json":
            failures += actual != expected
            continue
        label = printable(f"case {number}: {preset} {level} from {start.isoformat()}")
        if actual == expected:
            print(f"ok    {label} -> {actual.isoformat()}")
            continue
        failures += 1
        print(
            f"FAIL  {label}\n      expected {expected.isoformat()}"
            f"\n      actual   {actual.isoformat()}"
        )
        for line in str(explain(reg, level, start, clock)).splitlines():
            print(f"      | {printable(line)}")
    if args.format == "json":
        _print_json({"passed": len(cases) - failures, "failed": failures, "cases": results})
        return 1 if failures else 0
    print(f"{len(cases) - failures} passed, {failures} failed")
    return 1 if failures else 0


def _cmd_spine(args: argparse.Namespace) -> int:
    """Export a schedule's working periods with cumulative working time (see slakit.spine)."""
    name, level = args.schedule, None
    if name not in slakit.presets.names() and not pathlib.Path(name).exists() and ":" in name:
        name, level = name.rsplit(":", 1)
    reg = load(name)
    schedule = reg.schedule_for(level) if level else reg.schedule
    years = args.years.split("-")
    if len(years) > 2 or not all(year.isdigit() for year in years):
        raise UsageError(f"--years {args.years!r} is not a year or a range like 2024-2027")
    fmt = args.format or ("csv" if args.out.lower().endswith(".csv") else "parquet")
    try:
        first, last = int(years[0]), int(years[-1])
        rows = slakit.spine.write(schedule, first, last, args.out, format=fmt)
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error}") from None
    print(f"wrote {rows} working periods ({schedule.tz}, {args.years}) to {args.out} as {fmt}")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse, its errors one line (what the user typed escaped) that points to --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {printable(message)} (see: {self.prog} --help)\n")


_JSON_NOTE = (
    "With --format json: one JSON object on stdout. Instants are ISO 8601 with their "
    "offset; durations are whole minutes and seconds (KEY_minutes, KEY_seconds); "
    "outcomes are slakit.Outcome values (running, paused, met, late, breached, lapsed, "
    "no target); null where there is no value."
)
_SHAPES = {
    "presets": """{"presets": [{"name": str, "vendor": str, "levels": int, "tz": str}]}""",
    "show": """{"vendor": str, "edition": "YYYY-MM-DD" | null,
 "schedule": {"tz": str, "country": str | null,
              "week": {"mon": ["HH:MM-HH:MM", ...], ..., "sun": [...]}},
 "levels": [{"key": str, "title": str, "audience": str, "reaction": str,
             "resolution": str | null, "schedule": {"tz": str, "week": {...}} | null,
             "price_per_month": int | null, "quota": int | null}]}""",
    "deadline": """{"vendor": str, "level": str, "clock": "reaction" | "resolution",
 "start": instant, "deadline": instant (the schedule's zone),
 "deadline_in_start_zone": instant, "tz": str (the schedule's zone)}""",
    "explain": """{"vendor": str, "level": str, "title": str, "clock": str, "target": str,
 "start": instant, "deadline": instant, "real_minutes": int, "real_seconds": int,
 "steps": [{"date": "YYYY-MM-DD", "kind": str (a slakit.DayKind value),
            "start": instant | null, "end": instant | null (null: a day skipped),
            "used_minutes": int, "used_seconds": int,
            "total_minutes": int, "total_seconds": int, "holiday": str | null}]}""",
    "elapsed": """{"start": instant, "end": instant, "level": str | null, "tz": str,
 "elapsed_minutes": int, "elapsed_seconds": int}""",
    "status": """{"vendor": str, "level": str, "state": str, "at": instant,
 "clocks": [{"clock": str, "outcome": str, "started_at": instant,
             "deadline": instant | null, "stopped_at": instant | null,
             "paused": bool, "used": float | null (share of the target),
             "elapsed_minutes": int, "elapsed_seconds": int,
             "remaining_minutes": int | null, "remaining_seconds": int | null,
             "overdue_minutes": int, "overdue_seconds": int}]}""",
    "check": """{"passed": int, "failed": int,
 "cases": [{"case": int, "preset": str, "level": str, "clock": str, "start": instant,
            "expected": instant, "actual": instant, "ok": bool}]}""",
}


def _epilog(*paragraphs: str, shape: str | None = None) -> str:
    """Prose paragraphs wrapped for a terminal, then the JSON shape as written."""
    parts = [textwrap.fill(text, 88) for text in paragraphs]
    if shape is not None:
        parts += [textwrap.fill(_JSON_NOTE, 88), "JSON shape:\n" + shape]
    return "\n\n".join(parts)


def _formats(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people, json for programs (its shape: below)",
    )


def parser() -> argparse.ArgumentParser:  # noqa: PLR0915 (every command, in one place)
    top = _Parser(prog="slakit", description="SLA deadlines on real production calendars.")
    top.add_argument("--version", action="version", version=f"slakit {slakit.__version__}")
    commands = top.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        parser_class=_Parser,
        help="what to do; 'slakit COMMAND --help' tells more",
    )

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], text: str, *paragraphs: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=text,
            description=text,
            epilog=_epilog(*paragraphs, shape=_SHAPES.get(name)) or None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        if name in _SHAPES:
            _formats(sub)
        return sub

    tz_help = "the zone of dates given without an offset, e.g. Europe/Moscow"
    command("presets", _cmd_presets, "list the shipped presets")
    show = command("show", _cmd_show, "one regulation's schedule and levels")
    show.add_argument("preset", help="a preset name or a regulation .toml file")
    for name, handler, text in (
        ("deadline", _cmd_deadline, "the deadline of a level from START"),
        ("explain", _cmd_explain, "the deadline with every period counted and day skipped"),
    ):
        sub = command(name, handler, text)
        sub.add_argument("preset", help="a preset name or a regulation .toml file")
        sub.add_argument("level", help="a level key, e.g. partner-operational")
        sub.add_argument("start", help="ISO 8601, e.g. 2026-11-23T10:00+03:00")
        sub.add_argument(
            "--clock",
            choices=[c.value for c in Clock],
            default="reaction",
            help="which target to count: the first reply or the fix",
        )
        sub.add_argument("--tz", help=tz_help)
    elapsed = command("elapsed", _cmd_elapsed, "working time between two instants")
    elapsed.add_argument("preset", help="a preset name or a regulation .toml file")
    elapsed.add_argument("start", help="ISO 8601, e.g. 2026-11-23T10:00+03:00")
    elapsed.add_argument("end", help="ISO 8601, e.g. 2026-11-24T18:00+03:00")
    elapsed.add_argument("--level", help="count on this level's own schedule")
    elapsed.add_argument("--tz", help=tz_help)
    spine = command("spine", _cmd_spine, "working periods with cumulative working time, for SQL")
    spine.add_argument("schedule", help="a preset, preset:level, or a regulation .toml file")
    spine.add_argument("--years", required=True, help="the schedule's local years, e.g. 2024-2027")
    spine.add_argument("--out", required=True, help="the file to write, e.g. spine.parquet")
    spine.add_argument("--format", choices=["parquet", "csv"], help="default: from --out's suffix")
    line_exit = "Exit status: 0, or 2 for input that cannot be used (the error names the line)."
    status = command(
        "status",
        _cmd_status,
        "every clock of a ticket from its events (JSON lines)",
        line_exit,
    )
    status.add_argument("file", help="the ticket's events, one JSON object a line ('-': stdin)")
    status.add_argument("--ticket", help="the ticket's id, in a file of many tickets")
    status.add_argument("--now", help=_NOW_HELP)
    status.add_argument("--preset", help=_PRESET_HELP)
    status.add_argument("--tz", help=tz_help)
    rep = command("report", _cmd_report, "one row per ticket and a summary per level", _EXIT_CODES)
    rep.add_argument("file", help='events of many tickets, JSON lines with a "ticket" id')
    rep.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="a table for people, CSV for spreadsheets, JSON for programs",
    )
    rep.add_argument("--preset", help=_PRESET_HELP)
    rep.add_argument("--now", help=_NOW_HELP)
    rep.add_argument("--tz", help=tz_help)
    rep.add_argument(
        "--risk",
        type=_risk,
        default=None,  # report.AT_RISK, resolved when the command runs (startup time)
        help="share of a target used that puts a running ticket at risk (default 0.8)",
    )
    line = command("timeline", _cmd_timeline, "a picture of one ticket's clocks as SVG", line_exit)
    line.add_argument("file", help="the ticket's events, one JSON object a line ('-': stdin)")
    line.add_argument("--svg", required=True, help="where to write the picture")
    line.add_argument("--ticket", help="the ticket's id, in a file of many tickets")
    line.add_argument("--preset", help=_PRESET_HELP)
    line.add_argument("--now", help=_NOW_HELP)
    line.add_argument("--tz", help=tz_help)
    check = command(
        "check",
        _cmd_check,
        "check a table of expected deadlines ([[case]] in TOML)",
        "Exit status: 0 every case passed, 1 some case failed, 2 bad input.",
    )
    check.add_argument(
        "cases", help="a TOML file of [[case]] tables: preset, level, start, expected"
    )
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 a check failed, 2 bad input).

    Never a traceback: bad input is one line on stderr and exit code 2; a closed
    output pipe (``slakit report ... | head``) ends the command quietly, as other
    Unix tools do; anything unexpected is one line naming the error, also exit 2.
    """
    args = parser().parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", slakit.SlakitWarning)
        try:
            return _run(args, caught)
        finally:
            _warn(caught)


def _warn(caught: list[warnings.WarningMessage]) -> None:
    """Each distinct warning once, on one line: no source path, no repeated line of code."""
    seen = dict.fromkeys(
        str(w.message)
        if issubclass(w.category, slakit.SlakitWarning)
        else f"{w.category.__name__}: {w.message}"
        for w in caught
    )
    caught.clear()  # shown: not again at the end
    with contextlib.suppress(BrokenPipeError, ValueError):  # stderr closed
        for message in seen:
            print(printable(f"slakit: warning: {message}"), file=sys.stderr)


def _run(args: argparse.Namespace, caught: list[warnings.WarningMessage]) -> int:
    """The command's exit code, every failure one line on stderr after the warnings."""
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except (UsageError, slakit.SlakitError) as error:
        _warn(caught)
        return _fail(f"slakit: error: {error}")
    except Exception as error:  # the promise is "never a traceback"
        _warn(caught)
        return _fail(
            f"slakit: internal error: {type(error).__name__}: {error} "
            "(please report this with the command that caused it)"
        )
    return code


def _fail(message: str) -> int:
    with contextlib.suppress(BrokenPipeError, ValueError):  # stderr closed as well
        print(printable(message), file=sys.stderr)
    return 2


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so Python's flush at exit cannot fail on the closed pipe."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no descriptor: captured
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
