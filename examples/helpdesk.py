"""A minimal helpdesk integration: events in SQLite, SLA state computed on read.

Run it with ``python examples/helpdesk.py``. It stores three DiState tickets' events
in an in-memory SQLite database, rebuilds each open ticket from its rows and prints
them sorted by urgency (the least time left first).
"""

import datetime as dt
import json
import sqlite3
from zoneinfo import ZoneInfo

from slakit import Ticket
from slakit.presets import distate

MSK = ZoneInfo("Europe/Moscow")
REGULATION = distate.REGULATION


def record(db: sqlite3.Connection, ticket_id: str, ticket: Ticket) -> None:
    """Store a ticket's newest event (a helpdesk would do this on every change)."""
    db.execute(
        "INSERT INTO events (ticket, position, body) VALUES (?, ?, ?)",
        (ticket_id, len(ticket.events), json.dumps(ticket.to_events()[-1])),
    )


def load(db: sqlite3.Connection, ticket_id: str) -> Ticket:
    rows = db.execute("SELECT body FROM events WHERE ticket = ? ORDER BY position", (ticket_id,))
    return Ticket.from_events(REGULATION, [json.loads(body) for (body,) in rows])


def main() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE events (ticket TEXT, position INTEGER, body TEXT)")
    monday = dt.datetime(2026, 11, 23, tzinfo=MSK)
    for ticket_id, level, opened in (
        ("T-1", "partner-operational", monday.replace(hour=10)),
        ("T-2", "partner-standard", monday.replace(hour=11)),
        ("T-3", "consulting", monday.replace(hour=12)),
    ):
        ticket = Ticket.open(REGULATION, level, at=opened)
        record(db, ticket_id, ticket)
    record(db, "T-2", load(db, "T-2").agent_reply(at=monday.replace(hour=12)))

    now = monday.replace(hour=12, minute=30)
    states = []
    for (ticket_id,) in db.execute("SELECT DISTINCT ticket FROM events ORDER BY ticket").fetchall():
        status = load(db, ticket_id).status(now)
        if status.reaction.running:
            states.append((status.reaction.remaining, ticket_id, status))
    for remaining, ticket_id, status in sorted(states):
        print(
            f"{ticket_id}  {status.level:<20}  due {status.reaction.deadline:%a %d %b %H:%M}  "
            f"left {remaining}  used {status.reaction.used:.0%}"
        )


if __name__ == "__main__":
    main()
