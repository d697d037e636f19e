"""``slakit check``: a table of expected deadlines, checked (exit 1 when one differs)."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from slakit import _files
from slakit._engine import zone
from slakit._text import printable
from slakit.cli._common import Parser, UsageError, command, instant, load, print_json, read
from slakit.regulation import Regulation

if TYPE_CHECKING:  # imported where used: a fresh `slakit deadline` should not pay for it
    from slakit import _toml

__all__ = ["register"]

_CHECK_SHAPE = """{"passed": int, "failed": int,
 "cases": [{"case": int, "preset": str, "level": str, "clock": str, "start": instant,
            "expected": instant, "actual": instant, "ok": bool}]}"""

_CASE_KEYS = ("preset", "level", "start", "expected", "clock", "tz")


def _cases_error(path: str) -> Callable[..., Exception]:
    def error(message: str, *, field: str | None, line: int | None) -> Exception:
        where = "".join((f", line {line}" if line else "", f", {field}" if field else ""))
        return UsageError(f"{path}{where}: {message}")

    return error


def _case_text(case: _toml.Table, key: str, *, required: bool = True) -> str | None:
    """A case's string (a TOML date-time is taken as its ISO text)."""
    value = case.get(key, (str, dt.datetime), required=required)
    return None if value is None else value if isinstance(value, str) else value.isoformat()


def _cmd_check(args: argparse.Namespace) -> int:
    from slakit import _toml  # noqa: PLC0415 - imported where used, for startup time
    from slakit.explanation import explain  # noqa: PLC0415

    text = read(args.cases, "cases file", _files.REGULATION_LIMIT)
    doc = _toml.Document(text, error=_cases_error(args.cases))
    tables = doc.root(("case",)).tables("case", _CASE_KEYS)
    if not tables:
        raise UsageError(f"{args.cases} has no [[case]] tables (preset, level, start, expected)")
    cases = []
    for number, case in enumerate(tables, 1):  # every case is checked before any runs
        tz = case.get("tz", str)
        if tz is not None:
            case.guarded("tz", functools.partial(zone, tz))
        clock = _case_text(case, "clock", required=False) or "reaction"
        if clock not in ("reaction", "resolution"):
            raise case.fail("clock", f"must be 'reaction' or 'resolution', got {clock!r:.40}")
        preset, level = str(_case_text(case, "preset")), str(_case_text(case, "level"))
        instants = []
        for key in ("start", "expected"):
            text = str(_case_text(case, key))
            try:
                instants.append(instant(text, tz, f"case {number} {key}"))
            except UsageError as error:
                raise case.fail(key, str(error)) from None
        cases.append((preset, level, instants[0], instants[1], clock))
    regulations: dict[str, Regulation] = {}
    failures = 0
    results = []
    for number, (preset, level, start, expected, clock) in enumerate(cases, 1):
        if preset not in regulations:
            regulations[preset] = load(preset)
        reg = regulations[preset]
        actual = reg.deadline(level, start, clock)
        results.append({
            "case": number, "preset": preset, "level": level, "clock": clock,
            "start": start.isoformat(), "expected": expected.isoformat(),
            "actual": actual.isoformat(), "ok": actual == expected,
        })  # fmt: skip
        if args.format == "json":
            failures += actual != expected
            continue
        label = printable(f"case {number}: {preset} {level} from {start.isoformat()}")
        if actual == expected:
            print(f"ok    {label} -> {actual.isoformat()}")
            continue
        failures += 1
        print(
            f"FAIL  {label}\n      expected {expected.isoformat()}"
            f"\n      actual   {actual.isoformat()}"
        )
        for line in str(explain(reg, level, start, clock)).splitlines():
            print(f"      | {printable(line)}")
    if args.format == "json":
        print_json({"passed": len(cases) - failures, "failed": failures, "cases": results})
        return 1 if failures else 0
    print(f"{len(cases) - failures} passed, {failures} failed")
    return 1 if failures else 0


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    """Add ``check``."""
    check = command(
        commands,
        "check",
        _cmd_check,
        "check a table of expected deadlines ([[case]] in TOML)",
        "Exit status: 0 every case passed, 1 some case failed, 2 bad input.",
        shape=_CHECK_SHAPE,
    )
    check.add_argument(
        "cases", help="a TOML file of [[case]] tables: preset, level, start, expected"
    )
