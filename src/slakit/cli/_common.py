"""What every command shares: loading a regulation, reading instants and files, JSON output.

A command module builds its own sub-parsers with :func:`command` and raises
:class:`UsageError` for what the user typed wrong; the package's ``main`` turns both
kinds of error into one line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import pathlib
import sys
import textwrap
from collections.abc import Callable, Iterator
from typing import IO, Any, NoReturn

import slakit
from slakit import _files
from slakit._engine import zone
from slakit._text import printable
from slakit.cli._lang import LANGUAGES
from slakit.regulation import Regulation

__all__ = [
    "NOW_HELP",
    "PRESET_HELP",
    "TZ_HELP",
    "WEEKDAYS",
    "as_of",
    "Parser",
    "UsageError",
    "command",
    "count",
    "duration",
    "event_arguments",
    "instant",
    "iso",
    "load",
    "open_events",
    "print_json",
    "read",
    "risk_share",
    "share",
]


class UsageError(Exception):
    """A problem with what the user typed; reported on one line, exit code 2."""


def load(name: str) -> Regulation:
    """A preset or contract variant by name, or a regulation file by path."""
    if name in slakit.presets.names() or name in slakit.presets.variants():
        return slakit.presets.get(name)
    if name.endswith(".toml") or os.sep in name or _exists(name):
        return Regulation.from_toml(pathlib.Path(name))
    return slakit.presets.get(name)  # raises UnknownPresetError with the valid names


def _exists(name: str) -> bool:
    try:
        return pathlib.Path(name).exists()
    except (OSError, ValueError):  # a NUL byte, a name too long
        return False


def instant(text: str, tz: str | None, what: str = "date") -> dt.datetime:
    """An ISO 8601 instant; a naive one takes ``--tz``."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{what} {text!r} is not an ISO 8601 date, e.g. 2026-11-23T10:00+03:00"
        ) from None
    if value.utcoffset() is None:
        if tz is None:
            raise UsageError(
                f"{what} {text!r} has no UTC offset; add one (+03:00) or pass --tz Europe/Moscow"
            )
        value = value.replace(tzinfo=zone(tz))
    return value


def risk_share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a share in (0, 1], e.g. 0.8")
    return value


def print_json(value: dict[str, Any]) -> None:
    """One JSON object on stdout: UTF-8 text as is (Russian titles stay readable)."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def duration(key: str, value: dt.timedelta | None) -> dict[str, int | None]:
    """``{key}_minutes`` (whole, rounded down) and ``{key}_seconds`` (whole) of a duration."""
    if value is None:
        return {f"{key}_minutes": None, f"{key}_seconds": None}
    seconds = int(value.total_seconds())
    return {f"{key}_minutes": seconds // 60, f"{key}_seconds": seconds}


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def count(n: int, noun: str) -> str:
    """``1 level``, ``2 levels``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def read(path: str, what: str, limit: int) -> str:
    """A file's text: a regular file under ``limit`` (else an InputFileError)."""
    return _files.read_text(path, what=what, limit=limit)


PRESET_HELP = (
    'a preset or regulation .toml for every ticket; default: each ticket\'s own "preset" field'
)
NOW_HELP = "the instant to report at (default: now); later events are left out"


@contextlib.contextmanager
def open_events(args: argparse.Namespace) -> Iterator[tuple[IO[bytes], Regulation | None]]:
    """The events file (or stdin for '-') opened for reading, and the --preset regulation."""
    from slakit import events as event_files  # noqa: PLC0415 - imported where used: startup

    regulation = load(args.preset) if args.preset else None
    if args.file == "-":
        yield sys.stdin.buffer, regulation
        return
    with event_files.open_path(args.file) as stream:
        yield stream, regulation


TZ_HELP = "the zone of dates given without an offset, e.g. Europe/Moscow"


def as_of(args: argparse.Namespace) -> dt.datetime:
    """``--now``, or the present instant."""
    return instant(args.now, args.tz, "--now") if args.now else dt.datetime.now(dt.UTC)


def share(value: float | None) -> str:
    """A share as a percentage, ``-`` when there is none."""
    return "-" if value is None else f"{value:.1%}"


class Parser(argparse.ArgumentParser):
    """argparse, its errors one line (what the user typed escaped) that points to --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {printable(message)} (see: {self.prog} --help)\n")


_JSON_NOTE = (
    "With --format json: one JSON object on stdout. Instants are ISO 8601 with their "
    "offset; durations are whole minutes and seconds (KEY_minutes, KEY_seconds); "
    "outcomes are slakit.Outcome values (running, paused, met, late, breached, lapsed, "
    "no target); null where there is no value."
)


def _epilog(*paragraphs: str, shape: str | None = None) -> str:
    """Prose paragraphs wrapped for a terminal, then the JSON shape as written."""
    parts = [textwrap.fill(text, 88) for text in paragraphs]
    if shape is not None:
        parts += [textwrap.fill(_JSON_NOTE, 88), "JSON shape:\n" + shape]
    return "\n\n".join(parts)


def event_arguments(
    sub: argparse.ArgumentParser, file_help: str, *, one_ticket: bool = False
) -> None:
    """The arguments of a command that reads an events file: the file, --ticket (for a
    command about one ticket), --preset, --now and --tz."""
    sub.add_argument("file", help=file_help)
    if one_ticket:
        sub.add_argument("--ticket", help="the ticket's id, in a file of many tickets")
    sub.add_argument("--preset", help=PRESET_HELP)
    sub.add_argument("--now", help=NOW_HELP)
    sub.add_argument("--tz", help=TZ_HELP)


def command(
    commands: argparse._SubParsersAction[Parser],
    name: str,
    handler: Callable[[argparse.Namespace], int],
    text: str,
    *paragraphs: str,
    shape: str | None = None,
) -> argparse.ArgumentParser:
    """Add the sub-command ``name``; with a JSON ``shape``, also ``--format text|json``."""
    sub = commands.add_parser(
        name,
        help=text,
        description=text,
        epilog=_epilog(*paragraphs, shape=shape) or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.set_defaults(handler=handler)
    sub.add_argument(  # also after the command; SUPPRESS: the top-level --lang stays
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help="the language of text output: en (default) or ru; SLAKIT_LANG sets it too",
    )
    if shape is not None:
        sub.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="text for people, json for programs (its shape: below)",
        )
    return sub
