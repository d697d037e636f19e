"""``slakit status``, ``report`` and ``timeline``: tickets from their events."""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from slakit._text import csv_cell, printable
from slakit.cli._common import (
    Parser,
    UsageError,
    as_of,
    command,
    duration,
    event_arguments,
    iso,
    open_events,
    print_json,
    risk_share,
    share,
)
from slakit.cli._lang import Words

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
_ONE_TICKET = "the ticket's events, one JSON object a line ('-': stdin)"
_LINE_EXIT = "Exit status: 0, or 2 for input that cannot be used (the error names the line)."


def _detail(clock: ClockStatus, words: Words) -> str:
    """What a clock's outcome means in numbers: time left, or how far past its target."""
    from slakit.clock import Outcome  # noqa: PLC0415 - imported where used, for startup time

    outcome = clock.outcome
    if outcome in (Outcome.RUNNING, Outcome.PAUSED) and clock.remaining is not None:
        return words("left", time=words.working_time(clock.remaining))
    if outcome is Outcome.BREACHED:
        return words("breached", time=words.working_time(clock.overdue))
    if outcome is Outcome.LATE:
        return words("late", time=words.working_time(clock.overdue))
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
    words = Words(args.lang)
    state = words.word(status.state.value)
    at = now.isoformat()
    print(
        printable(words("status.head", vendor=reg.vendor, level=status.level, state=state, at=at))
    )
    for name, clock in status.clocks:
        deadline = clock.deadline.isoformat() if clock.deadline else words("none")
        used = f"{clock.used:.0%}" if clock.used is not None else "-"
        detail = _detail(clock, words)
        outcome = words.word(clock.outcome.value)
        line = words("status.clock", clock=name, outcome=outcome, deadline=deadline, used=used)
        print(line + (f"  {detail}" if detail else ""))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from slakit import report  # noqa: PLC0415 - imported where used, for startup time

    now = as_of(args)
    risk = report.AT_RISK if args.risk is None else args.risk
    wanted = _wanted(args)
    # Streamed: each row is written once its ticket's lines are over, and only the
    # summary's tallies and the open clocks are kept. Sorting, and JSON (one document),
    # hold the rows shown (small objects, never the tickets or their events).
    held = args.sort != "file" or args.format == "json"
    tally = report.Tally()
    rows: list[report.TicketRow] = []
    failures = 0
    out = _Rows(args.format)
    with open_events(args) as (stream, regulation):
        progress = _Progress(stream) if sys.stderr.isatty() else None
        for item in report.stream_report(stream, now=now, regulation=regulation, risk=risk):
            if progress is not None:
                progress.show(tally.tickets + failures + 1)
            if item.row is None:
                failures += 1
                if progress is not None:
                    progress.clear()
                print(f"slakit: {item.failure}", file=sys.stderr)
                continue
            tally.add(item.row)
            if not wanted(item.row):
                continue
            if held:
                rows.append(item.row)
            else:
                out.write(item.row)
        if progress is not None:
            progress.finish(tally.tickets, failures)
    if failures and not tally.tickets:
        raise UsageError(f"no ticket in {args.file} could be read ({failures} failed)")
    rows.sort(key=_SORTS[args.sort])
    summary = tally.summaries()
    waiting = tally.open_clocks()
    if args.format == "json":
        print_json({
            "tickets": [row.as_dict() for row in rows],
            "levels": [s.as_dict() for s in summary],
            "open_clocks": [
                {"ticket": ticket, "clock": name, "outcome": clock.outcome.value,
                 "deadline": iso(clock.deadline),
                 **duration("time_left", clock.remaining),
                 "used": round(clock.used, 4) if clock.used is not None else None}
                for ticket, name, clock in waiting
            ],
        })  # fmt: skip
        return 1 if failures else 0
    for row in rows:
        out.write(row)
    out.header()  # a header even when no row is shown
    if args.format == "table":
        _print_summary(waiting, summary)
    return 1 if failures else 0


class _Rows:
    """Ticket rows on stdout, as a table or CSV, the header once before the first row."""

    def __init__(self, fmt: str) -> None:
        import csv  # noqa: PLC0415 - imported where used, for startup time

        from slakit.report import TicketRow  # noqa: PLC0415

        self.fields = list(TicketRow.FIELDS)
        self.writer = csv.writer(sys.stdout) if fmt == "csv" else None
        self.started = False

    def header(self) -> None:
        if self.started:
            return
        self.started = True
        if self.writer is not None:
            self.writer.writerow(self.fields)
        else:
            print(" ".join(f"{name:<{width}}" for name, width in _COLUMNS) + " risk")

    def write(self, row: TicketRow) -> None:
        self.header()
        if self.writer is not None:
            # A spreadsheet must not evaluate a ticket id like "=HYPERLINK(...)".
            self.writer.writerow([csv_cell(v) for v in row.as_dict().values()])
        else:
            _print_row(row)


_SORTS: dict[str, Callable[[TicketRow], Any]] = {
    "file": lambda row: 0,  # stable: the order of the file
    "urgency": lambda row: row.urgency,
    "ticket": lambda row: row.ticket,
    "level": lambda row: (row.level, row.urgency),
}


def _wanted(args: argparse.Namespace) -> Callable[[TicketRow], bool]:
    """The rows the filters let through (all of them given, as AND)."""
    from slakit.clock import Outcome  # noqa: PLC0415 - imported where used, for startup time

    tests: list[Callable[[TicketRow], bool]] = []
    if args.open:
        tests.append(lambda row: row.state in ("open", "paused"))
    if args.at_risk:
        tests.append(lambda row: row.at_risk)
    if args.breached:
        tests.append(lambda row: Outcome.BREACHED in row.outcomes)
    return lambda row: all(test(row) for test in tests)


class _Progress:
    """Tickets read and the share of the file read so far, on stderr, ten times a second."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        try:
            self.size: int | None = os.fstat(stream.fileno()).st_size or None
            stream.tell()
        except (OSError, ValueError, AttributeError):  # a pipe: no size, no position
            self.size = None
        self.last = 0.0
        self.shown = False
        self.used = False

    def show(self, tickets: int) -> None:
        clock = time.monotonic()
        if clock - self.last < 0.1:
            return
        self.last = clock
        read = ""
        if self.size:
            read = f", {min(self.stream.tell() / self.size, 1):.0%} of the file read"
        print(f"\r{tickets:,} tickets{read}", end="", file=sys.stderr, flush=True)
        self.shown = self.used = True

    def finish(self, tickets: int, failures: int) -> None:
        """Erase the progress line; say what was read when it was shown."""
        used = self.used
        self.clear()
        if used:
            print(f"{tickets:,}/{tickets + failures:,} tickets read", file=sys.stderr)

    def clear(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            self.shown = False
            self.last = 0.0


_COLUMNS = (
    ("ticket", 12), ("regulation", 13), ("level", 24), ("state", 9), ("outcome", 9),
    ("due in / time left", 20), ("used", 5),
)  # fmt: skip


def _due(row: TicketRow) -> str:
    """Time left on the most urgent open clock, how far past due, or nothing to wait for."""
    from slakit.explanation import hours_minutes  # noqa: PLC0415

    if row.outcome.value == "breached":
        return f"overdue {hours_minutes(row.worst_overdue)} h"
    if row.time_left is not None:
        return f"{hours_minutes(row.time_left)} h left"
    return "-"


def _print_summary(waiting: Any, summary: Any) -> None:
    from slakit import report  # noqa: PLC0415
    from slakit.explanation import hours_minutes  # noqa: PLC0415

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
    print("\nper level, every ticket read (the filters choose rows, not the summary):")
    print(
        f"{'level':<24} {'tickets':>7} {'clocks':>6} "
        + " ".join(f"{o.value:>9}" for o in report.OUTCOMES)
        + f" {'share met':>9} {'at risk':>7}  worst overdue"
    )
    for s in summary:
        print(
            f"{s.level:<24} {s.tickets:>7} {s.clocks:>6} "
            + " ".join(f"{s.count(o):>9}" for o in report.OUTCOMES)
            + f" {share(s.share_met):>9} {s.at_risk:>7}  {hours_minutes(s.worst_overdue)} h"
        )


def _print_row(row: TicketRow) -> None:
    used = "-" if row.used is None else f"{row.used:.0%}"
    cells = (row.ticket, row.regulation, row.level, row.state, row.outcome.value, _due(row), used)
    line = " ".join(f"{cell:<{width}}" for cell, (_, width) in zip(cells, _COLUMNS, strict=True))
    print(printable((line + (" AT RISK" if row.at_risk else "")).rstrip()))


def _cmd_timeline(args: argparse.Namespace) -> int:
    from slakit import report  # noqa: PLC0415 - imported where used, for startup time

    now = as_of(args)
    with open_events(args) as (stream, regulation):
        ticket = report.read_ticket(stream, regulation=regulation, as_of=now, ticket=args.ticket)
    svg = report.timeline_svg(ticket, now)
    if args.svg == "-":  # the picture alone on stdout, for a pipe
        sys.stdout.write(svg)
        return 0
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
    event_arguments(status, _ONE_TICKET, one_ticket=True)
    rep = command(
        commands, "report", _cmd_report, "one row per ticket and a summary per level", _REPORT_EXIT
    )
    event_arguments(rep, "events of many tickets, JSON lines with a \"ticket\" id ('-': stdin)")
    rep.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="a table for people, CSV for spreadsheets, JSON for programs",
    )
    rep.add_argument(
        "--sort",
        choices=list(_SORTS),
        default="file",
        help="row order: file (as read, streamed), urgency (breached by most overdue, then "
        "least time left, then closed), ticket, or level (then urgency); sorting holds the "
        "rows in memory",
    )
    rep.add_argument("--open", action="store_true", help="only tickets still open or paused")
    rep.add_argument("--at-risk", action="store_true", help="only tickets at risk (see --risk)")
    rep.add_argument(
        "--breached",
        action="store_true",
        help="only tickets with a clock past its deadline and still running",
    )
    rep.add_argument(
        "--risk",
        type=risk_share,
        default=None,  # report.AT_RISK, resolved when the command runs (startup time)
        help="share of a target used that puts a running ticket at risk (default 0.8)",
    )
    line = command(
        commands, "timeline", _cmd_timeline, "a picture of one ticket's clocks as SVG", _LINE_EXIT
    )
    event_arguments(line, _ONE_TICKET, one_ticket=True)
    line.add_argument(
        "--svg", required=True, help="where to write the picture ('-': stdout, nothing else)"
    )
