"""How fast slakit evaluates a year of tickets: ``status`` over generated tickets.

    python benchmarks/bench_tickets.py [--tickets 100000]

Tickets are DiState partner and licensee requests opened at random through 2026, each
with a few replies and sometimes a pause; the timing covers ``Ticket.status`` only.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    args = parser.parse_args()
    start = time.perf_counter()
    tickets = generate(args.tickets)
    built = time.perf_counter() - start
    now = dt.datetime(2027, 1, 1, tzinfo=MSK)
    start = time.perf_counter()
    breached = sum(ticket.status(now).breached for ticket in tickets)
    seconds = time.perf_counter() - start
    print(f"generated {len(tickets):,} tickets in {built:.1f} s")
    rate = len(tickets) / seconds
    print(f"status of {len(tickets):,} tickets: {seconds:.1f} s, {rate:,.0f} tickets/s")
    print(f"breached: {breached:,}")


if __name__ == "__main__":
    main()
