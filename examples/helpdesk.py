"""A helpdesk integration, all the way: store events, compute SLA state on read.

Run it with ``python examples/helpdesk.py``. Four DiState tickets live in an
in-memory SQLite database as an append-only table of events. Nothing is updated in
the background: every answer is computed from the events when it is asked for.

1. the at-risk queue: open tickets, the least working time left first;
2. escalations due: which rules have fired, and the next one, per ticket;
3. the nightly compliance report: outcomes and share met per level.
"""

import datetime as dt
import json
import sqlite3
from zoneinfo import ZoneInfo

from slakit import EscalationRule, Outcome, Ticket
from slakit.presets import distate
from slakit.report import report_rows, summarize

MSK = ZoneInfo("Europe/Moscow")
REGULATION = distate.REGULATION
# The desk's own rules: warn the team lead at 80 % of the target, page the duty
# manager at the breach. Rules are data on each ticket; slakit says when they fire.
RULES = (
    EscalationRule.at_used(0.8, notify="team-lead", name="80 % used"),
    EscalationRule.at_breach(notify="duty-manager", name="breached"),
)


def working(delta: dt.timedelta) -> str:
    """Working time as support managers read it: ``39:30 h`` (hours may pass 24)."""
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d} h"


def record(db: sqlite3.Connection, ticket_id: str, ticket: Ticket) -> Ticket:
    """Append a ticket's newest event (a helpdesk does this on every change)."""
    db.execute(
        "INSERT INTO events (ticket, position, body) VALUES (?, ?, ?)",
        (ticket_id, len(ticket.events), json.dumps(ticket.to_events()[-1])),
    )
    return ticket


def load(db: sqlite3.Connection, ticket_id: str) -> Ticket:
    """A ticket rebuilt from its stored events, with the desk's escalation rules."""
    rows = db.execute("SELECT body FROM events WHERE ticket = ? ORDER BY position", (ticket_id,))
    events = [json.loads(body) for (body,) in rows]
    return Ticket.from_events(REGULATION, events).with_rules(*RULES)


def tickets(db: sqlite3.Connection) -> list[tuple[str, Ticket]]:
    ids = db.execute("SELECT DISTINCT ticket FROM events ORDER BY ticket").fetchall()
    return [(ticket_id, load(db, ticket_id)) for (ticket_id,) in ids]


def main() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE events (ticket TEXT, position INTEGER, body TEXT)")
    friday = dt.datetime(2026, 11, 20, tzinfo=MSK)
    monday = dt.datetime(2026, 11, 23, tzinfo=MSK)
    for ticket_id, level, opened in (
        ("T-1", "partner-operational", monday.replace(hour=10)),  # 3 wh: due 13:00
        ("T-2", "partner-standard", monday.replace(hour=11)),  # answered at noon
        ("T-3", "consulting", monday.replace(hour=12)),  # 40 wh: due next Monday
        ("T-4", "licensee-vip", friday.replace(hour=17)),  # 2 wh: due Mon 11:00
    ):
        record(db, ticket_id, Ticket.open(REGULATION, level, at=opened))
    record(db, "T-2", load(db, "T-2").agent_reply(at=monday.replace(hour=12)))

    now = monday.replace(hour=12, minute=30)
    print(f"at {now:%a %d %b %H:%M}")
    rows = report_rows(tickets(db), now)  # one row per ticket, from its events
    print("\nqueue: breached first (most overdue first), then the least time left")
    waiting = [row for row in rows if row.open_clocks or row.outcome is Outcome.BREACHED]
    for row in sorted(waiting, key=lambda row: row.urgency):
        if row.time_left is None:  # breached: past its deadline, still running
            where = f"BREACHED, overdue {working(row.worst_overdue)}"
        else:
            where = f"left {working(row.time_left)}  used {row.used or 0:.0%}"
        risk = "  AT RISK" if row.at_risk else ""
        print(f"  {row.ticket}  {row.level:<20}  {where}{risk}")

    print("\nescalations:")
    for ticket_id, ticket in tickets(db):
        fired, due = ticket.escalations(now)
        for escalation in fired:
            rule = escalation.rule
            print(f"  {ticket_id}  fired {rule.name!r} at {escalation.at:%H:%M}: {rule.notify}")
        if due is not None:
            print(f"  {ticket_id}  next {due.rule.name!r} at {due.at:%a %d %b %H:%M}")

    print("\nnightly report, per level (share met: on time among decided clocks)")
    for summary in summarize(rows):
        share = "-" if summary.share_met is None else f"{summary.share_met:.0%}"
        print(f"  {summary.level:<20}  tickets {summary.tickets}  share met {share}")


if __name__ == "__main__":
    main()
