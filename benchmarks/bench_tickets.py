"""How fast slakit builds and evaluates tickets: many small ones, and one long one.

    python benchmarks/bench_tickets.py [--tickets 100000] [--events 10000]

The same tickets, as one event table (pandas, tz-aware timestamps, one row per event),
go through ``slakit.frame.statuses``: its rate is printed next to ``Ticket.status``'s,
and every clock's row is compared with ``Ticket.status`` (the count of differences
must be 0).

Tickets are DiState partner and licensee requests opened at random through 2026, each
with a few replies and sometimes a pause; ``status`` is timed over all of them. Then
one ticket of ``--events`` events (replies and customer messages, with pauses) is built
call by call and from its exported events, and asked its status: replay is linear, so
each doubling of the events should about double the time (the ratio is printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import time
from zoneinfo import ZoneInfo

from slakit import Ticket
from slakit.presets import distate

US = dt.timedelta(microseconds=1)

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


def event_table(tickets: list[Ticket]) -> object:
    """The tickets' events as one pandas DataFrame, rows grouped by ticket as exported."""
    import pandas as pd

    rows = []
    for number, ticket in enumerate(tickets):
        for index, event in enumerate(ticket.to_events()):
            event["ticket"] = f"T-{number}"
            if index == 0:
                event["preset"] = "distate"
            rows.append(event)
    table = pd.DataFrame(rows)
    table["at"] = pd.to_datetime(table["at"], utc=True, format="ISO8601").dt.as_unit("us")
    return table


def _us(value: object) -> int | None:
    import pandas as pd

    if value is None or pd.isna(value):  # None, NaT
        return None
    if isinstance(value, dt.datetime):
        return round(value.timestamp()) * 1_000_000 + value.microsecond
    return value // US  # type: ignore[operator]


def differences(tickets: list[Ticket], result: object, now: dt.datetime) -> tuple[int, int]:
    """Clocks whose frame row differs from Ticket.status in any field, and clocks compared."""
    import pandas as pd

    assert isinstance(result, pd.DataFrame)
    columns = {name: result[name].tolist() for name in result.columns}
    rows = len(result)
    got = {}
    for i in range(rows):
        cycle = columns["cycle"][i]
        key = (columns["ticket"][i], 0 if cycle is pd.NA else int(cycle))
        used = columns["used"][i]
        got[key] = (
            columns["level"][i], columns["state"][i], columns["outcome"][i],
            _us(columns["started_at"][i]), _us(columns["deadline"][i]),
            _us(columns["stopped_at"][i]), _us(columns["elapsed"][i]),
            _us(columns["remaining"][i]), _us(columns["overdue"][i]),
            None if math.isnan(used) else used, bool(columns["paused"][i]),
        )  # fmt: skip
    different = compared = 0
    for number, ticket in enumerate(tickets):
        status = ticket.status(now)
        clocks = [*enumerate(status.cycles, 1)]
        if status.resolution is not None:
            clocks.append((0, status.resolution))
        for cycle, clock in clocks:
            want = (
                status.level, status.state.value, clock.outcome.value,
                _us(clock.started_at), _us(clock.deadline), _us(clock.stopped_at),
                _us(clock.elapsed), _us(clock.remaining), _us(clock.overdue),
                clock.used, clock.paused,
            )  # fmt: skip
            compared += 1
            different += got.pop((f"T-{number}", cycle), None) != want
    return different + len(got), compared


def frame_rate(tickets: list[Ticket], now: dt.datetime) -> tuple[float, float, int, int]:
    """Seconds to build the table, the best of three runs of frame.statuses, and the check."""
    from slakit import frame

    start = time.perf_counter()
    table = event_table(tickets)
    built = time.perf_counter() - start
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        result = frame.statuses(table, now=now)
        runs.append(time.perf_counter() - start)
    different, compared = differences(tickets, result, now)
    return built, min(runs), different, compared


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
    built, best, different, compared = frame_rate(tickets, now)
    frame_per_s = len(tickets) / best
    print(
        f"frame.statuses of the same {len(tickets):,} tickets ({built:.1f} s to build the "
        f"table): {best:.2f} s, {frame_per_s:,.0f} tickets/s, x{frame_per_s / rate:.1f} "
        "Ticket.status"
    )
    print(f"  clocks compared with Ticket.status: {compared:,}, differences: {different}")
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
