"""How fast slakit builds and evaluates tickets: many small ones, and one long one.

    python benchmarks/bench_tickets.py [--tickets 100000] [--events 10000]

Tickets are DiState partner and licensee requests opened at random through 2026, each
with a few replies and sometimes a pause; ``status`` is timed over all of them. Then
one ticket of ``--events`` events (replies and customer messages, with pauses) is built
call by call and from its exported events, and asked its status: replay is linear, so
each doubling of the events should about double the time (the ratio is printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from zoneinfo import ZoneInfo

from slakit import Ticket
from slakit.presets import distate

MSK = ZoneInfo("Europe/Moscow")
KEYS = ("partner-operational", "partner-standard", "licensee-standard", "consulting")


def generate(count: int) -> list[Ticket]:
    rng = random.Random(2026)
    origin = dt.datetime(2026, 1, 12, tzinfo=MSK)
    tickets = []
    for _ in range(count):
        at = origin + dt.timedelta(minutes=rng.randrange(340 * 1440))
        ticket = Ticket.open(distate.REGULATION, rng.choice(KEYS), at=at)
        for _ in range(rng.randint(0, 3)):
            at += dt.timedelta(minutes=rng.randrange(1, 2 * 1440))
            ticket = ticket.agent_reply(at=at)
            at += dt.timedelta(minutes=rng.randrange(1, 2 * 1440))
            if rng.random() < 0.3:
                ticket = ticket.pause(at=at).resume(at=at + dt.timedelta(hours=rng.randint(1, 20)))
                at += dt.timedelta(hours=21)
            ticket = ticket.customer_reply(at=at)
        # Most last replies are answered, some late, and the ticket resolved.
        at += dt.timedelta(minutes=rng.randrange(1, 3 * 1440))
        if rng.random() < 0.9:
            ticket = ticket.agent_reply(at=at).resolve(at=at)
        tickets.append(ticket)
    return tickets


def long_ticket(events: int) -> tuple[float, float, Ticket]:
    """The best of three runs of :func:`build_long` (the machine is shared)."""
    runs = [build_long(events) for _ in range(3)]
    return min(r[0] for r in runs), min(r[1] for r in runs), runs[0][2]


def build_long(events: int) -> tuple[float, float, Ticket]:
    """Seconds to build ``events`` events call by call, and from the exported list + status."""
    at = dt.datetime(2026, 1, 12, 10, tzinfo=MSK)
    start = time.perf_counter()
    ticket = Ticket.open(distate.REGULATION, "partner-standard", at=at)
    for i in range((events - 1) // 2):
        at += dt.timedelta(minutes=7)
        ticket = ticket.agent_reply(at=at) if i % 5 else ticket.pause(at=at)
        at += dt.timedelta(minutes=11)
        ticket = ticket.customer_reply(at=at) if i % 5 else ticket.resume(at=at)
    by_calls = time.perf_counter() - start
    exported = ticket.to_events()
    start = time.perf_counter()
    loaded = Ticket.from_events(distate.REGULATION, exported)
    loaded.status(at + dt.timedelta(hours=1))
    return by_calls, time.perf_counter() - start, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args()
    start = time.perf_counter()
    tickets = generate(args.tickets)
    built = time.perf_counter() - start
    now = dt.datetime(2027, 1, 1, tzinfo=MSK)
    start = time.perf_counter()
    missed = sum(ticket.status(now).missed for ticket in tickets)
    seconds = time.perf_counter() - start
    print(f"generated {len(tickets):,} tickets in {built:.1f} s")
    rate = len(tickets) / seconds
    print(f"status of {len(tickets):,} tickets: {seconds:.1f} s, {rate:,.0f} tickets/s")
    print(f"missed a deadline: {missed:,}")
    half_calls, half_load, _ = long_ticket(args.events // 2)
    calls, load, ticket = long_ticket(args.events)
    print(
        f"one ticket of {len(ticket.events):,} events: {calls:.2f} s call by call, "
        f"{load:.2f} s from its events + status"
    )
    print(
        f"  against half as many events: x{calls / half_calls:.1f} call by call, "
        f"x{load / half_load:.1f} from events (2.0 is linear)"
    )


if __name__ == "__main__":
    main()
