"""``slakit presets`` and ``slakit show``: what regulations there are, and what one says."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import slakit
from slakit._text import printable
from slakit.cli._common import WEEKDAYS, Parser, UsageError, command, count, load, print_json
from slakit.regulation import Regulation

__all__ = ["register"]

_PRESETS_SHAPE = """{"presets": [{"name": str, "vendor": str, "levels": int, "tz": str,
              "variant_of": str | null (the preset a contract variant changes)}]}"""

_SHOW_SHAPE = """{"vendor": str, "edition": "YYYY-MM-DD" | null,
 "schedule": {"tz": str, "country": str | null,
              "week": {"mon": ["HH:MM-HH:MM", ...], ..., "sun": [...]}},
 "levels": [{"key": str, "title": str, "audience": str, "reaction": str,
             "resolution": str | null, "schedule": {"tz": str, "week": {...}} | null,
             "price_per_month": int | null, "quota": int | null}]}"""


def _cmd_presets(args: argparse.Namespace) -> int:
    # Each preset, then its contract variants (a dotted name: preset.VARIANT).
    listed = sorted((*slakit.presets.names(), *slakit.presets.variants()))
    regulations = [(name, slakit.presets.get(name)) for name in listed]
    if args.format == "json":
        print_json({
            "presets": [
                {"name": name, "vendor": reg.vendor, "levels": len(reg.levels),
                 "tz": reg.schedule.tz,
                 "variant_of": name.split(".")[0] if "." in name else None}
                for name, reg in regulations
            ]
        })  # fmt: skip
        return 0
    width = max(map(len, listed))
    for name, reg in regulations:
        variant = f"  (contract variant of {name.split('.')[0]})" if "." in name else ""
        print(
            f"{name:<{width}} {reg.vendor:<14} {count(len(reg.levels), 'level'):<10} "
            f"{reg.schedule.tz}{variant}"
        )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    reg = load(args.preset)
    if args.toml:
        if args.format == "json":
            raise UsageError("--toml and --format json ask for two forms: give one")
        # The file form, ready to edit and load back (Regulation.from_toml round-trips it).
        sys.stdout.write(reg.to_toml())
        return 0
    if args.format == "json":
        print_json(_show_json(reg))
        return 0
    print(printable(reg))
    week = ", ".join(
        f"{day} {' '.join(map(str, hours))}"
        for day, hours in zip(WEEKDAYS, reg.schedule.week, strict=True)
        if hours
    )
    country = reg.schedule.calendar.country
    print(f"schedule: {week} ({reg.schedule.tz}{', ' + country + ' holidays' if country else ''})")
    for level in reg.levels:
        extras = [
            f"resolution {level.resolution}" if level.resolution else "",
            "own schedule" if level.schedule else "",
            f"{level.price_per_month} RUB/month" if level.price_per_month else "",
            f"quota {level.quota.count}" if level.quota else "",
        ]
        print(
            printable(
                f"  {level.key:<24} {level.reaction!s:<20} {level.audience.value:<20} "
                f"{level.title}" + "".join(f"; {e}" for e in extras if e)
            )
        )
    return 0


def _show_json(reg: Regulation) -> dict[str, Any]:
    def week(schedule: slakit.Schedule) -> dict[str, list[str]]:
        return {
            day: [str(hours) for hours in day_hours]
            for day, day_hours in zip(WEEKDAYS, schedule.week, strict=True)
        }

    return {
        "vendor": reg.vendor,
        "edition": None if reg.edition is None else reg.edition.isoformat(),
        "schedule": {
            "tz": reg.schedule.tz,
            "country": reg.schedule.calendar.country or None,
            "week": week(reg.schedule),
        },
        "levels": [
            {
                "key": level.key,
                "title": level.title,
                "audience": level.audience.value,
                "reaction": str(level.reaction),
                "resolution": None if level.resolution is None else str(level.resolution),
                "schedule": None if level.schedule is None else {
                    "tz": level.schedule.tz, "week": week(level.schedule)
                },
                "price_per_month": level.price_per_month,
                "quota": None if level.quota is None else level.quota.count,
            }
            for level in reg.levels
        ],
    }  # fmt: skip


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    """Add ``presets`` and ``show``."""
    command(commands, "presets", _cmd_presets, "list the shipped presets", shape=_PRESETS_SHAPE)
    show = command(
        commands, "show", _cmd_show, "one regulation's schedule and levels", shape=_SHOW_SHAPE
    )
    show.add_argument(
        "preset", help="a preset, a contract variant (technomarket.AROUND_THE_CLOCK), or a .toml"
    )
    show.add_argument(
        "--toml",
        action="store_true",
        help="print the regulation as an editable TOML file (load it back by its path)",
    )
