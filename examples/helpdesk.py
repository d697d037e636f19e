"""A helpdesk integration: events in SQLite, SLA state computed on read.

Run it with ``python examples/helpdesk.py`` (the nightly report needs pandas:
``pip install 'slakit[frame]'``). It stores six tickets' events (DiState and
Technomarket) in an append-only SQLite table, then, as a helpdesk would:

1. rebuilds a ticket from its rows and asks its status at an instant;
2. lists the open clocks as a queue, the least time left first;
3. lists the escalations that fell due since the last run of an hourly job;
4. prints a nightly compliance report per level with ``slakit.frame``.

The docs page "How-to: a helpdesk integration" shows this file's sections and output.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import slakit
from slakit import EscalationRule, Ticket

MSK = ZoneInfo("Europe/Moscow")


# --8<-- [start:store]
SCHEMA = """
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order events were stored in
    ticket     TEXT NOT NULL,
    preset     TEXT NOT NULL,   -- the regulation the ticket follows
    event      TEXT NOT NULL,   -- opened, agent_reply, customer_reply, paused, ...
    at         TEXT NOT NULL,   -- ISO 8601 with its offset
    level      TEXT,            -- on opened and level_changed
    reason     TEXT,            -- on paused and refused
    registered TEXT,            -- on opened, when registration came after sending
    coupon     TEXT             -- on opened for a level with a quota: JSON {code, issued_at}
);
CREATE INDEX events_by_ticket ON events (ticket, seq);
-- Append-only: a stored event is history; a correction is a new event.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
"""

# Watch every ticket: tell the duty lead at 80 % of a target, the head of support at a breach.
RULES = (
    EscalationRule.at_used(0.8, notify="duty-lead", name="80% used"),
    EscalationRule.at_breach(notify="head-of-support", name="breached"),
)


FIELDS = ("event", "at", "level", "reason", "registered", "coupon")  # the event schema's


def load(db: sqlite3.Connection, ticket_id: str) -> Ticket:
    """The ticket as its stored events make it: replayed on every read, never cached."""
    rows = db.execute(
        f"SELECT preset, {', '.join(FIELDS)} FROM events WHERE ticket = ? ORDER BY seq",
        (ticket_id,),
    ).fetchall()
    events = []
    for _preset, *values in rows:
        event = {name: value for name, value in zip(FIELDS, values, strict=True) if value}
        if "coupon" in event:
            event["coupon"] = json.loads(event["coupon"])
        events.append(event)
    return Ticket.from_events(slakit.presets.get(rows[0][0]), events, rules=RULES)


def store(db: sqlite3.Connection, ticket_id: str, preset: str, ticket: Ticket) -> None:
    """Append the ticket's newest event: the one write a change makes."""
    event = ticket.to_events()[-1]
    if "coupon" in event:
        event["coupon"] = json.dumps(event["coupon"])
    db.execute(
        f"INSERT INTO events (ticket, preset, {', '.join(FIELDS)})"
        f" VALUES (?, ?, {', '.join('?' * len(FIELDS))})",
        (ticket_id, preset, *(event.get(name) for name in FIELDS)),
    )


def change(db: sqlite3.Connection, ticket_id: str, step: Callable[[Ticket], Ticket]) -> None:
    """Apply one change (``lambda t: t.agent_reply(at=...)``) and store its event.

    The change runs on the ticket rebuilt from the table first, so an event slakit
    refuses (one before the last, a resume without a pause) raises and is never stored.
    """
    preset = db.execute("SELECT preset FROM events WHERE ticket = ?", (ticket_id,)).fetchone()[0]
    store(db, ticket_id, preset, step(load(db, ticket_id)))


# --8<-- [end:store]


# --8<-- [start:format]
def hours(value: dt.timedelta) -> str:
    """Working time as hours and minutes, ``39:30 h``, whole minutes towards zero.

    ``str(timedelta)`` would print 39.5 working hours as "1 day, 15:30:00": a calendar
    day, which working time is not.
    """
    minutes = abs(value) // dt.timedelta(minutes=1)
    return f"{'-' if value < dt.timedelta(0) else ''}{minutes // 60}:{minutes % 60:02d} h"


def when(instant: dt.datetime) -> str:
    """An instant as the desk reads it: Moscow time, weekday and day."""
    return f"{instant.astimezone(MSK):%a %d %b %H:%M}"


# --8<-- [end:format]


def tickets(db: sqlite3.Connection) -> list[str]:
    return [t for (t,) in db.execute("SELECT DISTINCT ticket FROM events ORDER BY ticket")]


# --8<-- [start:queue]
def queue(db: sqlite3.Connection, now: dt.datetime) -> Iterator[str]:
    """Every clock still counting against a target, the least time left first.

    Time left is negative once a clock is overdue; a paused clock keeps its place (its
    deadline is where it would be if work resumed now).
    """
    open_clocks = []
    for ticket_id in tickets(db):
        status = load(db, ticket_id).status(now)
        for name, clock in status.clocks:
            if clock.stopped_at is None and clock.remaining is not None:
                left = clock.remaining - clock.overdue
                open_clocks.append((left, ticket_id, status.level, name, clock))
    for left, ticket_id, level, name, clock in sorted(open_clocks, key=lambda c: c[:2]):
        risk = "BREACHED" if clock.missed else "AT RISK" if (clock.used or 0) >= 0.8 else ""
        yield (
            f"{ticket_id}  {level:<20} {name:<12} {clock.outcome.value:<8}  "
            f"due {when(clock.deadline or now)}  left {hours(left):>9}  "
            f"used {clock.used or 0:4.0%}  {risk}".rstrip()
        )


def queue_frame(db: sqlite3.Connection, now: dt.datetime) -> Any:
    """The same queue for a whole table at once, with ``slakit.frame`` (pandas)."""
    import pandas as pd  # noqa: PLC0415 - the frame path needs pandas (slakit[frame])

    from slakit import frame  # noqa: PLC0415

    events = pd.read_sql(f"SELECT ticket, preset, {', '.join(FIELDS)} FROM events", db)
    events["coupon"] = [json.loads(c) if c else None for c in events["coupon"]]
    clocks = frame.statuses(events, now=now)
    counting = clocks[clocks["stopped_at"].isna() & clocks["remaining"].notna()]
    return counting.assign(left=counting["remaining"] - counting["overdue"]).sort_values(
        ["left", "ticket"]
    )


# --8<-- [end:queue]


# --8<-- [start:escalations]
def escalations_due(db: sqlite3.Connection, since: dt.datetime, now: dt.datetime) -> Iterator[str]:
    """The rules that fired after ``since`` and by ``now``: what an hourly job sends.

    ``Ticket.escalations(now)`` gives every rule fired by ``now`` with its exact instant,
    so a job that remembers when it last ran sends each one exactly once, however late
    it runs; it also gives the next rule due.
    """
    for ticket_id in tickets(db):
        fired, upcoming = load(db, ticket_id).escalations(now)
        for f in fired:
            if since < f.at <= now:
                cycle = f"reaction #{f.cycle}" if f.cycle else "resolution"
                rule = f.rule
                yield f"{ticket_id}  {cycle:<12} {rule.name:<9} -> {rule.notify}  at {when(f.at)}"
        if upcoming is not None:
            yield f"{ticket_id}  next: {upcoming.rule.name} at {when(upcoming.at)}"


# --8<-- [end:escalations]


# --8<-- [start:report]
def nightly_report(db: sqlite3.Connection, now: dt.datetime) -> Iterator[str]:
    """Per level: clocks by outcome and the share met among the decided ones.

    Share met is met / (met + late + breached): a breached clock counts against the
    level though it still runs; running and paused clocks are not decided yet and are
    counted apart, never as met. Clocks without a target (DiState promises no
    resolution time) are left out.
    """
    import pandas as pd  # noqa: PLC0415 - only the report needs pandas (slakit[frame])

    from slakit import frame  # noqa: PLC0415

    events = pd.read_sql(f"SELECT ticket, preset, {', '.join(FIELDS)} FROM events", db)
    events["coupon"] = [json.loads(c) if c else None for c in events["coupon"]]
    clocks = frame.statuses(events, now=now)
    clocks = clocks[clocks["outcome"] != "no target"]
    counts = pd.crosstab([clocks["level"], clocks["clock"]], clocks["outcome"])
    counts = counts.reindex(columns=["met", "late", "breached", "running", "paused"], fill_value=0)
    yield f"{'level':<20} {'clock':<10}  met  late  breached  undecided  share met"
    for (level, clock), row in counts.iterrows():
        decided = row["met"] + row["late"] + row["breached"]
        share = f"{row['met'] / decided:.0%}" if decided else "-"
        yield (
            f"{level:<20} {clock:<10} {row['met']:4} {row['late']:5} {row['breached']:9} "
            f"{row['running'] + row['paused']:10} {share:>10}"
        )


# --8<-- [end:report]


def export(db: sqlite3.Connection, path: Path) -> int:
    """The table as an event file (JSON lines) for ``slakit report``; the events written."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for ticket, preset, *values in db.execute(
            f"SELECT ticket, preset, {', '.join(FIELDS)} FROM events ORDER BY seq"
        ):
            event = {"ticket": ticket, "preset": preset}
            event |= {name: value for name, value in zip(FIELDS, values, strict=True) if value}
            if "coupon" in event:
                event["coupon"] = json.loads(event["coupon"])
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
            count += 1
    return count


# --8<-- [start:story]
def story(db: sqlite3.Connection) -> None:
    """Monday 23 and Tuesday 24 November 2026 at a desk serving two vendors' customers."""
    mon = dt.datetime(2026, 11, 23, tzinfo=MSK)
    tue = mon + dt.timedelta(days=1)
    # DiState: Mon-Fri 10:00-18:00 Moscow; Technomarket: Mon-Fri 09:00-18:00.
    for ticket_id, preset, level, opened in (
        ("T-1", "distate", "partner-operational", mon.replace(hour=10)),
        ("T-2", "distate", "partner-standard", mon.replace(hour=16)),
        ("T-3", "distate", "consulting", mon.replace(hour=12)),
        ("T-4", "distate", "licensee-standard", mon.replace(hour=14)),
        ("T-5", "technomarket", "commercial-standard", mon.replace(hour=9, minute=30)),
        ("T-6", "distate", "partner-operational", mon.replace(hour=15)),
    ):
        store(db, ticket_id, preset, Ticket.open(slakit.presets.get(preset), level, at=opened))
    change(db, "T-1", lambda t: t.agent_reply(at=mon.replace(hour=11, minute=30)))
    change(db, "T-5", lambda t: t.agent_reply(at=mon.replace(hour=10)))
    change(db, "T-5", lambda t: t.pause(at=mon.replace(hour=17)))  # awaiting the customer
    change(db, "T-4", lambda t: t.agent_reply(at=tue.replace(hour=11)))
    change(db, "T-6", lambda t: t.agent_reply(at=tue.replace(hour=11)))
    change(db, "T-1", lambda t: t.customer_reply(at=tue.replace(hour=12, minute=30)))
    change(db, "T-4", lambda t: t.resolve(at=tue.replace(hour=14)))


# --8<-- [end:story]


# --8<-- [start:main]
def main() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    story(db)
    tue = dt.datetime(2026, 11, 24, tzinfo=MSK)
    now = tue.replace(hour=15)

    status = load(db, "T-1").status(now)
    print(f"T-1 at {when(now)}: {status.state.value}, level {status.level}")
    for name, clock in status.clocks:
        print(
            f"  {name:<12} {clock.outcome.value:<8} deadline {when(clock.deadline or now)}"
            f"  elapsed {hours(clock.elapsed)}"
        )
    print(f"\nQueue at {when(now)}:")
    for line in queue(db, now):
        print(" ", line)
    print(f"\nEscalations due since {when(now - dt.timedelta(hours=1))}:")
    for line in escalations_due(db, now - dt.timedelta(hours=1), now):
        print(" ", line)
    print(f"\nNightly report at {when(tue.replace(hour=23, minute=59))}:")
    for line in nightly_report(db, tue.replace(hour=23, minute=59)):
        print(" ", line)


# --8<-- [end:main]


if __name__ == "__main__":
    main()
