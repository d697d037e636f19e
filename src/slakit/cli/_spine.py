"""``slakit spine``: a schedule's working periods as a table, for SQL engines."""

from __future__ import annotations

import argparse
import pathlib

import slakit
from slakit.cli._common import Parser, UsageError, command, load

__all__ = ["register"]


def _cmd_spine(args: argparse.Namespace) -> int:
    """Export a schedule's working periods with cumulative working time (see slakit.spine)."""
    name, level = args.schedule, None
    if name not in slakit.presets.names() and not pathlib.Path(name).exists() and ":" in name:
        name, level = name.rsplit(":", 1)
    reg = load(name)
    schedule = reg.schedule_for(level) if level else reg.schedule
    years = args.years.split("-")
    if len(years) > 2 or not all(year.isdigit() for year in years):
        raise UsageError(f"--years {args.years!r} is not a year or a range like 2024-2027")
    fmt = args.format or ("csv" if args.out.lower().endswith(".csv") else "parquet")
    try:
        first, last = int(years[0]), int(years[-1])
        rows = slakit.spine.write(schedule, first, last, args.out, format=fmt)
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error}") from None
    print(f"wrote {rows} working periods ({schedule.tz}, {args.years}) to {args.out} as {fmt}")
    return 0


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    """Add ``spine``."""
    spine = command(
        commands,
        "spine",
        _cmd_spine,
        "working periods with cumulative working time, for SQL",
    )
    spine.add_argument("schedule", help="a preset, preset:level, or a regulation .toml file")
    spine.add_argument("--years", required=True, help="the schedule's local years, e.g. 2024-2027")
    spine.add_argument("--out", required=True, help="the file to write, e.g. spine.parquet")
    spine.add_argument("--format", choices=["parquet", "csv"], help="default: from --out's suffix")
