"""How fast ``slakit report`` reads a big event file, and how much memory it takes.

    python benchmarks/bench_report.py [--tickets 1000000] [--shuffled] [--keep]

Writes DiState tickets' events as JSON lines to a file under /tmp (grouped by ticket,
as a helpdesk exports them; ``--shuffled`` interleaves the tickets in time order
instead), then runs ``slakit report --format csv`` on it in a fresh process and prints
the wall time and the peak resident memory of that process (its ``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

KEYS = ("partner-operational", "partner-standard", "licensee-standard", "consulting")
ROOT = Path(__file__).resolve().parent.parent


def write_events(path: Path, count: int, *, shuffled: bool) -> int:
    """``count`` tickets' events as JSON lines; returns the number of lines."""
    rng = random.Random(2026)
    origin = dt.datetime(2026, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    lines: list[tuple[dt.datetime, str]] = []
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            at = origin + dt.timedelta(minutes=rng.randrange(340 * 1440))
            ticket = f"T-{number}"
            events = [{"ticket": ticket, "preset": "distate", "event": "opened",
                       "at": at.isoformat(), "level": rng.choice(KEYS)}]  # fmt: skip

            def add(
                kind: str, when: dt.datetime, ticket: str = ticket, events: list = events
            ) -> None:
                events.append({"ticket": ticket, "event": kind, "at": when.isoformat()})

            for _ in range(rng.randint(0, 3)):
                at += dt.timedelta(minutes=rng.randrange(1, 2 * 1440))
                add("agent_reply", at)
                at += dt.timedelta(minutes=rng.randrange(1, 2 * 1440))
                if rng.random() < 0.3:
                    add("paused", at)
                    add("resumed", at + dt.timedelta(hours=rng.randint(1, 20)))
                    at += dt.timedelta(hours=21)
                add("customer_reply", at)
            at += dt.timedelta(minutes=rng.randrange(1, 3 * 1440))
            if rng.random() < 0.9:
                add("agent_reply", at)
                add("resolved", at)
            if shuffled:
                lines.extend((dt.datetime.fromisoformat(e["at"]), json.dumps(e)) for e in events)
            else:
                out.writelines(json.dumps(e) + "\n" for e in events)
            written += len(events)
        if shuffled:
            lines.sort(key=lambda item: item[0])
            out.writelines(line + "\n" for _, line in lines)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--shuffled", action="store_true", help="tickets interleaved")
    parser.add_argument("--keep", action="store_true", help="keep the events file")
    args = parser.parse_args()
    layout = "-shuffled" if args.shuffled else ""
    path = Path(f"/tmp/slakit-bench-report-{args.tickets}{layout}.jsonl")
    start = time.perf_counter()
    if not path.exists():
        lines = write_events(path, args.tickets, shuffled=args.shuffled)
        print(f"wrote {lines:,} events of {args.tickets:,} tickets to {path} "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
    size = path.stat().st_size
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "slakit", "report", str(path), "--format", "csv",
               "--now", "2027-01-01T00:00:00+03:00"]  # fmt: skip
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, env=env, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    layout = "interleaved in time order" if args.shuffled else "grouped by ticket"
    print(
        f"slakit report over {args.tickets:,} tickets ({size / 2**20:,.0f} MiB, {layout}): "
        f"{seconds:.1f} s, peak memory {peak:,.0f} MiB, exit status {done.returncode}"
    )
    if done.returncode:
        print(done.stderr.decode()[-2000:])
    if not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
