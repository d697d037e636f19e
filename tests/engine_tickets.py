"""Generated tickets as an event table, for the Spark and Dask tests and benchmarks.

Seeded, so every run sees the same tickets: every preset, random replies, pauses with
reasons, level changes, transfers to development, resolutions and reopenings,
events at the same instant (ties keep their row order), DiState special requests with
their coupons. Rows are in the order a warehouse export would have them: by instant,
tickets interleaved.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from slakit import Coupon, PauseReason, SlakitError, Ticket, presets

UTC = dt.UTC
#: The instant the tests ask about: after most events, before some.
NOW = dt.datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
_STEPS = (
    "agent_reply",
    "customer_reply",
    "pause",
    "resume",
    "change_level",
    "transfer_to_development",
    "resolve",
    "reopen",
)
_WEIGHTS = (30, 25, 8, 8, 5, 3, 8, 3)


def ticket(rng: random.Random, number: int) -> tuple[str, list[dict[str, Any]]]:
    """One ticket's preset and its events (as Ticket.to_events gives them)."""
    name = rng.choice(presets.names())
    regulation = presets.get(name)
    keys = [level.key for level in regulation.levels]
    key = rng.choice(keys)
    at = dt.datetime(2026, 1, 5, tzinfo=UTC) + dt.timedelta(minutes=rng.randrange(350 * 1440))
    quota = regulation.level(key).quota
    coupon = None
    if quota is not None:
        coupon = Coupon(f"C-{number}", at - dt.timedelta(days=rng.randrange(300)), quota)
    current = Ticket.open(regulation, key, at=at, coupon=coupon)
    for _ in range(rng.randrange(1, 9)):
        if rng.random() > 0.1:  # else the next event is at the same instant
            at += dt.timedelta(minutes=rng.randrange(1, 3 * 1440))
        step = rng.choices(_STEPS, _WEIGHTS)[0]
        try:
            if step == "pause":
                current = current.pause(at=at, reason=rng.choice(list(PauseReason)))
            elif step == "change_level":
                current = current.change_level(rng.choice(keys), at=at)
            else:
                current = getattr(current, step)(at=at)
        except SlakitError:
            continue  # not allowed where the ticket stands: the generator tries another
    return name, current.to_events()


def rows(count: int, seed: int = 14) -> list[dict[str, Any]]:
    """``count`` tickets' events as rows of the event schema, ordered by instant."""
    rng = random.Random(seed)
    table = []
    for number in range(count):
        name, events = ticket(rng, number)
        for event in events:
            row = {"ticket": f"T-{number}", "preset": name, "level": None, "reason": None}
            row.update(event)
            row.setdefault("coupon", None)
            at = dt.datetime.fromisoformat(row["at"])
            row["at"] = at.astimezone(UTC)
            table.append(row)
    table.sort(key=lambda row: row["at"])  # stable: a ticket's ties keep their order
    return table


def frame(count: int, seed: int = 14) -> Any:
    """The rows as a pandas DataFrame: ``at`` as ``datetime64[us, UTC]``."""
    import pandas as pd

    df = pd.DataFrame(rows(count, seed))
    df["at"] = pd.to_datetime(df["at"], utc=True).dt.as_unit("us")
    return df
