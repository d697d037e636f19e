"""``slakit status``, ``report`` and ``timeline``: tickets from their events."""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import TYPE_CHECKING

from slakit._text import csv_cell, printable
from slakit.cli._common import (
    NOW_HELP,
    PRESET_HELP,
    TZ_HELP,
    Parser,
    UsageError,
    as_of,
    command,
    duration,
    iso,
    open_events,
    print_json,
    risk_share,
    share,
)

if TYPE_CHECKING:  # imported where used: a fresh `slakit deadline` should not pay for them
    from slakit.clock import ClockStatus
    from slakit.report import TicketRow

__all__ = ["register"]

_STATUS_SHAPE = """{"vendor": str, "level": str, "state": str, "at": instant,
 "clocks": [{"clock": str, "outcome": str, "started_at": instant,
             "deadline": instant | null, "stopped_at": instant | null,
             "paused": bool, "used": float | null (share of the target),
             "elapsed_minutes": int, "elapsed_seconds": int,
             "remaining_minutes": int | null, "remaining_seconds": int | null,
             "overdue_minutes": int, "overdue_seconds": int}]}"""

_REPORT_EXIT = (
    "Exit status: 0 all tickets read; 1 some tickets could not be read or computed (each is "
    "named on stderr with its line, the others are reported); 2 the input as a whole is "
    "unusable (unreadable file, a line that is not JSON or has no ticket id, no ticket "
    "readable, bad arguments). The event format: the 'Event files' page of the docs."
)
_LINE_EXIT = "Exit status: 0, or 2 for input that cannot be used (the error names the line)."


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

    now = as_of(args)
    with open_events(args) as (stream, regulation):
        ticket = report.read_ticket(stream, regulation=regulation, as_of=now, ticket=args.ticket)
    reg = ticket.regulation
    status = ticket.status(now)
    if args.format == "json":
        print_json({
            "vendor": reg.vendor, "level": status.level, "state": status.state.value,
            "at": now.isoformat(),
            "clocks": [
                {"clock": name, "outcome": clock.outcome.value,
                 "started_at": clock.started_at.isoformat(), "deadline": iso(clock.deadline),
                 "stopped_at": iso(clock.stopped_at), "paused": clock.paused,
                 "used": None if clock.used is None else round(clock.used, 4),
                 **duration("elapsed", clock.elapsed), **duration("remaining", clock.remaining),
                 **duration("overdue", clock.overdue)}
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


def _cmd_report(args: argparse.Namespace) -> int:
    import csv  # noqa: PLC0415 - imported where used, for startup time
    import json  # noqa: PLC0415

    from slakit import report  # noqa: PLC0415
    from slakit.explanation import hours_minutes  # noqa: PLC0415

    now = as_of(args)
    risk = report.AT_RISK if args.risk is None else args.risk
    # Streamed: each row is written once its ticket's lines are over, and only the
    # summary's tallies and the open clocks are kept (JSON is one document: its rows too).
    tally = report.Tally()
    rows: list[report.TicketRow] = []
    failures = 0
    writer: csv.DictWriter[str] | None = None
    show_progress = sys.stderr.isatty()
    with open_events(args) as (stream, regulation):
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
            + f" {share(s.share_met):>9} {s.at_risk:>7}  {hours_minutes(s.worst_overdue)} h"
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

    now = as_of(args)
    with open_events(args) as (stream, regulation):
        ticket = report.read_ticket(stream, regulation=regulation, as_of=now, ticket=args.ticket)
    svg = report.timeline_svg(ticket, now)
    try:
        pathlib.Path(args.svg).write_text(svg, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {args.svg}: {error}") from None
    print(printable(f"wrote {args.svg}"))
    return 0


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    """Add ``status``, ``report`` and ``timeline``."""
    status = command(
        commands,
        "status",
        _cmd_status,
        "every clock of a ticket from its events (JSON lines)",
        _LINE_EXIT,
        shape=_STATUS_SHAPE,
    )
    status.add_argument("file", help="the ticket's events, one JSON object a line ('-': stdin)")
    status.add_argument("--ticket", help="the ticket's id, in a file of many tickets")
    status.add_argument("--now", help=NOW_HELP)
    status.add_argument("--preset", help=PRESET_HELP)
    status.add_argument("--tz", help=TZ_HELP)
    rep = command(
        commands, "report", _cmd_report, "one row per ticket and a summary per level", _REPORT_EXIT
    )
    rep.add_argument("file", help='events of many tickets, JSON lines with a "ticket" id')
    rep.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="a table for people, CSV for spreadsheets, JSON for programs",
    )
    rep.add_argument("--preset", help=PRESET_HELP)
    rep.add_argument("--now", help=NOW_HELP)
    rep.add_argument("--tz", help=TZ_HELP)
    rep.add_argument(
        "--risk",
        type=risk_share,
        default=None,  # report.AT_RISK, resolved when the command runs (startup time)
        help="share of a target used that puts a running ticket at risk (default 0.8)",
    )
    line = command(
        commands, "timeline", _cmd_timeline, "a picture of one ticket's clocks as SVG", _LINE_EXIT
    )
    line.add_argument("file", help="the ticket's events, one JSON object a line ('-': stdin)")
    line.add_argument("--svg", required=True, help="where to write the picture")
    line.add_argument("--ticket", help="the ticket's id, in a file of many tickets")
    line.add_argument("--preset", help=PRESET_HELP)
    line.add_argument("--now", help=NOW_HELP)
    line.add_argument("--tz", help=TZ_HELP)
