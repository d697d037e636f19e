"""The command-line reference page is rendered from the argparse parser (docs/hooks.py).

Hand-worked pages of small parsers pin the rendering; the real ``slakit`` parser is then
walked independently of the renderer, and everything it accepts must be on the page.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "docs"))
try:
    import hooks
finally:
    sys.path.remove(str(ROOT / "docs"))

from slakit import cli  # noqa: E402


def _toy() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="toy", description="A toy command.")
    top.add_argument("--version", action="version", version="toy 1")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", description="run a ``thing``", epilog="example:\n  toy run x")
    run.add_argument("thing", help="what to run | how")
    run.add_argument("--mode", choices=["fast", "slow"], default="fast", help="how fast")
    run.add_argument("--out", required=True, help="where, default %(default)s")
    run.add_argument("--dry-run", action="store_true", help="only say what would run.")
    run.add_argument("--secret", help=argparse.SUPPRESS)
    run.add_argument("--count", type=int, default=3)
    nested = commands.add_parser("db")
    nested.add_subparsers().add_parser("drop", description="drop it")
    return top


class TestRender:
    def test_toy_parser_page(self) -> None:
        """Every command, usage, argument, choice, default and epilog, worked by hand."""
        assert hooks.render(_toy(), "Intro ``code``.\n\nSecond.") == "\n".join(
            [
                "Intro `code`.\n",
                "Second.\n",
                "## toy",
                "",
                "A toy command.",
                "",
                "```text",
                "usage: toy [-h] [--version] COMMAND ...",
                "```",
                "",
                "| argument | meaning |",
                "| --- | --- |",
                "| `--version` | show program's version number and exit. |",
                "",
                "### toy run",
                "",
                "run a `thing`",
                "",
                "```text",
                # wrapped at 80 columns, as argparse wraps it
                "usage: toy run [-h] [--mode {fast,slow}] --out OUT [--dry-run] [--count COUNT]",
                "               thing",
                "```",
                "",
                "| argument | meaning |",
                "| --- | --- |",
                # the pipe inside a table cell is escaped, or it would split the cell
                "| `thing` | what to run \\| how. |",
                "| `--mode {fast,slow}` | how fast. One of: `fast`, `slow`. Default: `fast`. |",
                # %(default)s is expanded as argparse's own help would
                "| `--out OUT` | where, default None. Required. |",
                # a flag's default (False) says nothing a reader needs
                "| `--dry-run` | only say what would run. |",
                "| `--count COUNT` | Default: `3`. |",
                "",
                "```text",
                "example:\n  toy run x",
                "```",
                "",
                "### toy db",
                "",
                "```text",
                "usage: toy db [-h] {drop} ...",
                "```",
                "",
                "#### toy db drop",
                "",
                "drop it",
                "",
                "```text",
                "usage: toy db drop [-h]",
                "```",
                "",
            ]
        )

    def test_argument_without_help_gets_a_dash(self) -> None:
        """A positional with no help, no choices and no default still has a row."""
        parser = argparse.ArgumentParser(prog="p")
        parser.add_argument("file")
        assert "| `file` | — |" in hooks.render(parser)


def _commands(
    parser: argparse.ArgumentParser, name: str
) -> list[tuple[str, argparse.ArgumentParser]]:
    """Every (command, parser) under ``parser``, found without the renderer's code."""
    found = [(name, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                found += _commands(sub, f"{name} {sub_name}")
    return found


def _section(page: str, command: str) -> str:
    """The part of the page under one command's heading, up to the next heading."""
    heading = f" {command}\n"
    start = next(i for i, line in enumerate(page.splitlines(True)) if line.endswith(heading))
    lines = page.splitlines(True)[start + 1 :]
    end = next((i for i, line in enumerate(lines) if line.startswith("#")), len(lines))
    return "".join(lines[:end])


class TestSlakitReference:
    page = hooks.reference()
    commands = tuple(_commands(cli.parser(), "slakit"))
    arguments = tuple(
        (command, action)
        for command, parser in commands
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction | argparse._SubParsersAction)
    )

    def test_every_command_has_a_heading(self) -> None:
        """One heading per command and subcommand, e.g. '### slakit deadline'."""
        assert len(self.commands) > 5
        for command, _ in self.commands:
            assert f"# {command}\n" in self.page, command

    @pytest.mark.parametrize("command", ["deadline", "report", "timeline", "check"])
    def test_the_commands_users_reach_for_are_there(self, command: str) -> None:
        """The page documents the commands the README shows."""
        assert f"### slakit {command}\n" in self.page

    def test_every_argument_choice_and_default_is_in_its_commands_section(self) -> None:
        """Each option string or positional, each choice and each non-trivial default."""
        for command, action in self.arguments:
            section = _section(self.page, command)
            for word in action.option_strings or [str(action.metavar or action.dest)]:
                assert f"`{word}" in section, (command, word)
            for choice in action.choices or ():
                assert f"`{choice}`" in section, (command, choice)
            shown_default = action.default not in (None, argparse.SUPPRESS)
            if action.option_strings and action.nargs != 0 and shown_default:
                assert f"Default: `{action.default}`" in section, (command, action.dest)
            if action.help and action.help != argparse.SUPPRESS and "%" not in action.help:
                first_words = " ".join(action.help.split()[:3])
                assert first_words.replace("|", "\\|") in section, (command, action.dest)

    def test_the_module_docstring_is_the_introduction(self) -> None:
        """The exit codes and conventions of slakit.cli open the page."""
        assert self.page.startswith("Every command takes a preset name")
        assert "exit code 2" in self.page


class TestHook:
    def test_the_marker_on_the_cli_page_is_replaced(self) -> None:
        """docs/cli.md carries the marker once; the hook puts the reference there."""
        source = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
        assert source.count(hooks.MARKER) == 1
        built = hooks.on_page_markdown(source, page=None)
        assert hooks.MARKER not in built
        assert hooks.reference() in built
        assert built.startswith("# Command line\n")

    def test_other_pages_are_left_alone(self) -> None:
        """A page without the marker comes back unchanged."""
        text = "# Concepts\n\nNo reference here.\n"
        assert hooks.on_page_markdown(text, page=None) == text
