"""``slakit diff A B``: what changed between two regulations; exit 1 when they differ."""

from __future__ import annotations

import argparse

from slakit._text import printable
from slakit.cli._common import Parser, command, load, print_json

__all__ = ["register"]

_DIFF_SHAPE = """{"old": str, "new": str, "equal": bool,
 "changes": [{"path": str (e.g. "levels[partner-standard].reaction"),
              "kind": "added" | "removed" | "changed",
              "old": str | null, "new": str | null}]}"""


def _cmd_diff(args: argparse.Namespace) -> int:
    from slakit.diff import diff  # noqa: PLC0415 - imported where used, for startup time

    changes = diff(load(args.old), load(args.new))
    if args.format == "json":
        print_json({
            "old": args.old, "new": args.new, "equal": not changes,
            "changes": [change.as_dict() for change in changes],
        })  # fmt: skip
    elif not changes:
        print(printable(f"no differences between {args.old} and {args.new}"))
    else:
        for change in changes:
            print(printable(str(change)))
        print(f"{len(changes)} difference{'s' if len(changes) != 1 else ''}")
    return 1 if changes else 0


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    """Add ``diff``."""
    sub = command(
        commands,
        "diff",
        _cmd_diff,
        "what changed between two regulations: levels, targets, schedule, rules",
        "Each change is one line: '+ PATH: value' added, '- PATH: value' removed, "
        "'~ PATH: old -> new' changed. Levels are matched by key. For the CI of a team "
        "that pinned a preset: keep it as a file ('slakit show PRESET --toml > ours.toml') "
        "and run 'slakit diff ours.toml PRESET' when slakit or the vendor's text changes.",
        "Exit status: 0 no differences, 1 they differ, 2 bad input.",
        shape=_DIFF_SHAPE,
    )
    sub.add_argument("old", help="a preset, a contract variant or a regulation .toml file")
    sub.add_argument("new", help="the same kinds, compared against OLD")
