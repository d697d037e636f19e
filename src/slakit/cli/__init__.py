"""The ``slakit`` command: deadlines and their arithmetic from a terminal or CI.

Every command takes a preset name or the path of a regulation TOML file. Dates are ISO
8601; a date without an offset needs ``--tz``. Bad input gets one line on stderr and
exit code 2, never a traceback; ``slakit check`` exits 1 when a deadline differs.

``--lang ru`` (before or after the command, or ``SLAKIT_LANG=ru``) prints the text in
Russian: weekdays, day kinds, Russia's holidays, outcomes, and working time in words
("3 часа 30 минут"). ``--format json`` stays English, for programs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import warnings
from collections.abc import Sequence

import slakit
from slakit._text import printable
from slakit.cli import _check, _deadline, _diff, _escalations, _regulation, _spine, _tickets
from slakit.cli._common import Parser, UsageError
from slakit.cli._lang import LANGUAGES

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """The ``slakit`` parser: every command, in the order ``--help`` lists them."""
    top = Parser(prog="slakit", description="SLA deadlines on real production calendars.")
    top.add_argument("--version", action="version", version=f"slakit {slakit.__version__}")
    top.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the language of text output: en (default) or ru; JSON stays English. "
        "The environment variable SLAKIT_LANG sets it too; this option wins",
    )
    commands = top.add_subparsers(
        dest="command",
        required=True,
        metavar="COMMAND",
        parser_class=Parser,
        help="what to do; 'slakit COMMAND --help' tells more",
    )
    for module in (_regulation, _deadline, _spine, _tickets, _escalations, _check, _diff):
        module.register(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 a check failed, 2 bad input).

    Never a traceback: bad input is one line on stderr and exit code 2; a closed
    output pipe (``slakit report ... | head``) ends the command quietly, as other
    Unix tools do; anything unexpected is one line naming the error, also exit 2.
    """
    args = parser().parse_args(argv)
    args.lang = args.lang or os.environ.get("SLAKIT_LANG") or "en"
    if args.lang not in LANGUAGES:
        return _fail(
            f"slakit: error: SLAKIT_LANG={args.lang!r} is not a language slakit speaks "
            f"(valid: {', '.join(LANGUAGES)})"
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", slakit.SlakitWarning)
        try:
            return _run(args, caught)
        finally:
            _warn(caught)


def _warn(caught: list[warnings.WarningMessage]) -> None:
    """Each distinct warning once, on one line: no source path, no repeated line of code."""
    seen = dict.fromkeys(
        str(w.message)
        if issubclass(w.category, slakit.SlakitWarning)
        else f"{w.category.__name__}: {w.message}"
        for w in caught
    )
    caught.clear()  # shown: not again at the end
    with contextlib.suppress(BrokenPipeError, ValueError):  # stderr closed
        for message in seen:
            print(printable(f"slakit: warning: {message}"), file=sys.stderr)


def _run(args: argparse.Namespace, caught: list[warnings.WarningMessage]) -> int:
    """The command's exit code, every failure one line on stderr after the warnings."""
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except (UsageError, slakit.SlakitError) as error:
        _warn(caught)
        return _fail(f"slakit: error: {error}")
    except Exception as error:  # the promise is "never a traceback"
        _warn(caught)
        return _fail(
            f"slakit: internal error: {type(error).__name__}: {error} "
            "(please report this with the command that caused it)"
        )
    return code


def _fail(message: str) -> int:
    with contextlib.suppress(BrokenPipeError, ValueError):  # stderr closed as well
        print(printable(message), file=sys.stderr)
    return 2


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so Python's flush at exit cannot fail on the closed pipe."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no descriptor: captured
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
