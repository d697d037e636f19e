"""``slakit escalations`` and ``slakit coupon``: what the library knows, from a terminal.

Escalation rules come from a rules file (``--rules``) or from the regulation's own
``[[escalation_rules]]``; a coupon's validity and requests left come from its level's
quota, counted in calendar months as the regulation says.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from slakit._text import printable
from slakit.cli._common import (
    TZ_HELP,
    Parser,
    UsageError,
    as_of,
    command,
    event_arguments,
    instant,
    iso,
    load,
    open_events,
    print_json,
)
from slakit.cli._lang import hours_minutes

if TYPE_CHECKING:
    from slakit.escalation import EscalationRule, FiredEscalation
    from slakit.ticket import Ticket

__all__ = ["register"]

_ESCALATIONS_SHAPE = """{"at": instant,
 "tickets": [{"ticket": str, "level": str,
              "fired": [{"rule": str, "clock": str, "cycle": int | null, "at": instant,
                         "notify": str | null, "move_to_level": str | null}],
              "next": {... as in fired, "in_minutes": int (working time until it)} | null}]}"""

_COUPON_SHAPE = """{"preset": str, "level": str, "code": str, "quota": int, "used": int,
 "left": int, "valid_from": instant, "valid_until": instant (the first instant it is not),
 "at": instant | null, "accepted": bool | null, "why_not": str | null}"""


def _cmd_escalations(args: argparse.Namespace) -> int:
    from slakit import report  # noqa: PLC0415 - imported where used, for startup time
    from slakit.escalation import read_rules  # noqa: PLC0415

    now = as_of(args)
    rules = read_rules(args.rules) if args.rules else None
    with open_events(args) as (stream, regulation):
        batch = report.read_tickets(stream, regulation=regulation, as_of=now)
    for failure in batch.failures:
        print(f"slakit: {failure}", file=sys.stderr)
    if not batch.tickets:
        raise UsageError(f"no ticket in {args.file} could be read ({len(batch.failures)} failed)")
    watched = []
    for ticket_id, read in batch.tickets:
        ticket = read.with_rules(*rules) if rules else read
        if not (ticket.rules or ticket.regulation.escalation_rules):
            raise UsageError(
                f"ticket {ticket_id}: no escalation rules: give a rules file with --rules, or "
                f"add [[escalation_rules]] to the regulation file (the {ticket.regulation.vendor} "
                "preset has none)"
            )
        fired, due = ticket.escalations(now)
        watched.append((ticket_id, ticket, fired, due))
    # The tickets whose next escalation comes first lead; those with none due follow.
    watched.sort(key=lambda w: (w[3] is None, w[3].at if w[3] else now, w[0]))
    if args.format == "json":
        print_json({
            "at": now.isoformat(),
            "tickets": [
                {"ticket": ticket_id, "level": ticket.level,
                 "fired": [_fired(f) for f in fired],
                 "next": None if due is None else {
                     **_fired(due), "in_minutes": _until(ticket, due, now) // 60}}
                for ticket_id, ticket, fired, due in watched
            ],
        })  # fmt: skip
        return 1 if batch.failures else 0
    for ticket_id, ticket, fired, due in watched:
        print(printable(f"{ticket_id}  {ticket.level}"))
        for escalation in fired:
            print(printable(f"  fired  {_said(escalation.rule)}  at {escalation.at.isoformat()}"))
        if due is not None:
            left = hours_minutes(_seconds(_until(ticket, due, now)))
            print(
                printable(
                    f"  next   {_said(due.rule)}  at {due.at.isoformat()}  (in {left} working h)"
                )
            )
        if not fired and due is None:
            print("  nothing fired, nothing due")
    return 1 if batch.failures else 0


def _said(rule: EscalationRule) -> str:
    """A rule as a person names it: its name (or trigger), whom it notifies, where it moves."""
    what = rule.name or rule.trigger.value
    to = [f"notify {rule.notify}"] if rule.notify else []
    to += [f"move to {rule.move_to_level}"] if rule.move_to_level else []
    return f"{what!r} ({rule.clock.value}{'; ' + ', '.join(to) if to else ''})"


def _fired(escalation: FiredEscalation) -> dict[str, Any]:
    rule = escalation.rule
    return {
        "rule": rule.name or rule.trigger.value, "clock": rule.clock.value,
        "cycle": escalation.cycle, "at": iso(escalation.at),
        "notify": rule.notify, "move_to_level": rule.move_to_level,
    }  # fmt: skip


def _until(ticket: Ticket, due: FiredEscalation, now: Any) -> int:
    """Working seconds from ``now`` to the escalation, on the ticket's level's schedule."""
    schedule = ticket.regulation.schedule_for(ticket.level)
    return int(schedule.elapsed(now, due.at).total_seconds()) if due.at > now else 0


def _seconds(seconds: int) -> Any:
    import datetime as dt  # noqa: PLC0415

    return dt.timedelta(seconds=seconds)


def _cmd_coupon(args: argparse.Namespace) -> int:
    from slakit.errors import CouponError  # noqa: PLC0415 - imported where used, for startup
    from slakit.ticket import Coupon  # noqa: PLC0415

    reg = load(args.preset)
    level = reg.level(args.level)
    if level.quota is None:
        with_quota = [lv.key for lv in reg.levels if lv.quota is not None]
        raise UsageError(
            f"level {level.key!r} of {reg.vendor} has no coupon quota"
            + (f" (levels with one: {', '.join(with_quota)})" if with_quota else "")
        )
    issued = instant(args.issued, args.tz, "--issued")
    coupon = Coupon(args.code, issued, level.quota, args.used)
    at = instant(args.at, args.tz, "--at") if args.at else None
    why_not = None
    if at is not None:
        try:
            coupon.use(at)
        except CouponError as error:
            why_not = str(error)
    if args.format == "json":
        print_json({
            "preset": args.preset, "level": level.key, "code": coupon.code,
            "quota": level.quota.count, "used": coupon.used, "left": coupon.remaining,
            "valid_from": coupon.issued_at.isoformat(),
            "valid_until": coupon.expires_at.isoformat(),
            "at": iso(at), "accepted": None if at is None else why_not is None,
            "why_not": why_not,
        })  # fmt: skip
        return 0 if why_not is None else 1
    print(printable(f"coupon {coupon.code} for {reg.vendor} {level.key}: {level.quota.text}"))
    print(f"  requests  {coupon.used} used, {coupon.remaining} left of {level.quota.count}")
    print(f"  valid     from {coupon.issued_at.isoformat()}")
    print(f"            until {coupon.expires_at.isoformat()} (not included)")
    if at is not None:
        verdict = "accepted" if why_not is None else f"refused: {why_not}"
        print(printable(f"  at {at.isoformat()}: a request is {verdict}"))
    return 0 if why_not is None else 1


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    """Add ``escalations`` and ``coupon``."""
    sub = command(
        commands,
        "escalations",
        _cmd_escalations,
        "escalation rules fired and next due, per ticket",
        "Rules come from --rules (a file of [[escalation_rules]] tables) or, without it, "
        "from the regulation's own [[escalation_rules]]. Tickets are listed with the next "
        "escalation first. Exit status: 0 every ticket read; 1 some ticket could not be "
        "read (named on stderr); 2 bad input or no rules.",
        shape=_ESCALATIONS_SHAPE,
    )
    event_arguments(sub, "events of tickets, JSON lines with a \"ticket\" id ('-': stdin)")
    sub.add_argument("--rules", help="a rules file: [[escalation_rules]] tables (see the docs)")
    coupon = command(
        commands,
        "coupon",
        _cmd_coupon,
        "a quota coupon: requests left, valid from and until, and whether one is accepted",
        "The validity counts calendar months from --issued, as the regulation's quota says "
        "(DiState 3.6: a year). Exit status: 0; 1 when a request at --at would be refused; "
        "2 bad input.",
        shape=_COUPON_SHAPE,
    )
    coupon.add_argument("preset", help="a preset, a contract variant or a regulation .toml file")
    coupon.add_argument("level", help="a level with a coupon quota, e.g. special")
    coupon.add_argument("--issued", required=True, help="when the coupon was issued (ISO 8601)")
    coupon.add_argument("--used", type=int, default=0, help="requests already made on it")
    coupon.add_argument("--at", help="ask whether a request at this instant is accepted")
    coupon.add_argument("--code", default="COUPON", help="the coupon's code, for the text")
    coupon.add_argument("--tz", help=TZ_HELP)
