"""MkDocs hooks: the command-line reference is rendered from slakit's own argparse parser.

``docs/cli.md`` holds a marker line; at build time :func:`on_page_markdown` replaces it
with :func:`reference`, which walks ``slakit.cli.parser()``: every command, its usage,
every argument with its help, choices and default. A new option or a changed default
is on the page the next time the site builds, so the page cannot drift from the code.

Only argparse and slakit are imported here, so tests can call :func:`reference` without
MkDocs.
"""

from __future__ import annotations

import argparse
import inspect
import re
from typing import Any

from slakit import cli

MARKER = "<!-- slakit-cli-reference -->"
USAGE_WIDTH = 80


def _text(value: str) -> str:
    """Docstring or help text as Markdown: rST ``code`` becomes `code`; pipes escaped."""
    return re.sub(r"``(.+?)``", r"`\1`", value).replace("|", "\\|")


def _help(action: argparse.Action, prog: str) -> str:
    """An action's help with argparse's own ``%(default)s``-style expansion."""
    text = action.help or ""
    if "%" in text:
        params: dict[str, Any] = {**vars(action), "prog": prog}
        if action.choices is not None:
            params["choices"] = ", ".join(map(str, action.choices))
        text = text % params
    return " ".join(text.split())


def _is_shown(action: argparse.Action) -> bool:
    return action.help is not argparse.SUPPRESS and not isinstance(
        action, argparse._HelpAction | argparse._SubParsersAction
    )


def _name(action: argparse.Action, parser: argparse.ArgumentParser) -> str:
    """How the argument is typed, as argparse's own help spells it: ``--clock {a,b}``."""
    return parser._get_formatter()._format_action_invocation(action)  # argparse's own


def _row(action: argparse.Action, parser: argparse.ArgumentParser) -> str:
    words = [_help(action, parser.prog).rstrip(".") + "."] if action.help else []
    if action.choices is not None:
        words.append("One of: " + ", ".join(f"`{choice}`" for choice in action.choices) + ".")
    if action.required and action.option_strings:
        words.append("Required.")
    if (
        action.option_strings
        and action.nargs != 0
        and action.default not in (None, argparse.SUPPRESS)
    ):
        words.append(f"Default: `{action.default}`.")
    return f"| `{_name(action, parser)}` | {_text(' '.join(words)) or '—'} |"


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """The (name, parser) of every subcommand, in the order they were added."""
    commands: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:  # argparse keeps no public list of its actions
        if isinstance(action, argparse._SubParsersAction):
            commands += list(action.choices.items())
    return commands


def _command(name: str, parser: argparse.ArgumentParser, depth: int) -> list[str]:
    lines = [f"{'#' * depth} {name}", ""]
    if parser.description:
        lines += [_text(parser.description), ""]
    # The usage as `-h` prints it, wrapped for the page's code block rather than a terminal.
    formatter = parser.formatter_class(prog=parser.prog, width=USAGE_WIDTH)  # type: ignore[call-arg]
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    lines += ["```text", formatter.format_help().strip(), "```", ""]
    shown = [action for action in parser._actions if _is_shown(action)]
    if shown:
        lines += ["| argument | meaning |", "| --- | --- |"]
        lines += [_row(action, parser) for action in shown]
        lines.append("")
    if parser.epilog:
        lines += ["```text", parser.epilog.strip(), "```", ""]
    for sub_name, sub in _subcommands(parser):
        lines += _command(f"{name} {sub_name}", sub, depth + 1)
    return lines


def render(parser: argparse.ArgumentParser, intro: str = "") -> str:
    """The Markdown reference of a command: ``intro``, then the parser and its subcommands."""
    lines = [_text(" ".join(paragraph.split())) + "\n" for paragraph in intro.split("\n\n")]
    lines = [line for line in lines if line.strip()]
    lines += _command(parser.prog, parser, 2)
    return "\n".join(lines).rstrip() + "\n"


def reference() -> str:
    """The reference of the ``slakit`` command, from ``slakit.cli.parser()``.

    The module docstring of ``slakit.cli`` after its summary line is the introduction.
    """
    doc = inspect.getdoc(cli) or ""
    return render(cli.parser(), doc.partition("\n\n")[2])


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Fill the CLI page's marker with the reference; leave every other page as it is."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, reference())
