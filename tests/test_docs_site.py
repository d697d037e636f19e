"""The built docs site: what a reader gets from ``mkdocs build --strict``.

The site is built once, in a subprocess (as CI builds it), into a temporary folder; the
tests read its HTML. Needs the docs extra: ``pip install -e ".[test,docs]"``.
"""

from __future__ import annotations

import argparse
import html.parser
import os
import pathlib
import subprocess
import sys

import pytest

import slakit
from slakit import cli

ROOT = pathlib.Path(__file__).parent.parent


class _Page(html.parser.HTMLParser):
    """The visible text, element ids and stylesheet links of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.stylesheets: list[str] = []
        self.words: list[str] = []
        self._hidden = 0
        self.feed(text)
        self.text = " ".join(" ".join(self.words).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(str(values.get("href")))
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.words.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The site, built strictly: a broken link or an unresolved reference fails here."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def _page(site: pathlib.Path, name: str) -> _Page:
    return _Page((site / name / "index.html").read_text(encoding="utf-8"))


def test_cli_page_has_every_command_and_option(site: pathlib.Path) -> None:
    """Every subcommand and every option string of slakit's parser is on the built page."""
    text = _page(site, "cli").text
    pending = [("slakit", cli.parser())]
    seen = 0
    while pending:
        name, parser = pending.pop()
        assert name in text
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending += [(f"{name} {sub}", p) for sub, p in action.choices.items()]
            for option in action.option_strings:
                assert option in text, (name, option)
                seen += 1
    assert seen > 10  # the walk found the options: -h of every command, at least


def test_reference_renders_roles_as_links(site: pathlib.Path) -> None:
    """No ':meth:`x`' or ':class:`X`' shows as raw text; they link to the object."""
    page = (site / "reference" / "index.html").read_text(encoding="utf-8")
    text = _Page(page).text
    for role in (":meth:", ":class:", ":func:", ":attr:", ":data:", ":exc:", ":mod:"):
        assert role not in text
    # Schedule's docstring: "Build one with :meth:`weekly` or :meth:`always`"
    assert 'href="#slakit.Schedule.weekly"' in page
    assert 'href="#slakit.Event"' in page  # Ticket.from_events: ":class:`Event` values"


def test_reference_renders_events_and_pause_reasons(site: pathlib.Path) -> None:
    """Event, EventKind and PauseReason have their own entries, under their slakit names."""
    ids = _page(site, "reference").ids
    assert {"slakit.Event", "slakit.EventKind", "slakit.PauseReason"} <= ids
    # Their members too, which have no docstrings of their own: a reader needs the values.
    assert {f"slakit.EventKind.{kind.name}" for kind in slakit.EventKind} <= ids
    assert {f"slakit.PauseReason.{reason.name}" for reason in slakit.PauseReason} <= ids
    assert {"slakit.Event.kind", "slakit.Event.at"} <= ids


def test_site_publishes_pages_not_tooling(site: pathlib.Path) -> None:
    """The docs' Python tooling (hooks, preset generator) is not copied into the site."""
    assert not list(site.rglob("*.py"))


def test_no_placeholders_for_readers(site: pathlib.Path) -> None:
    """No invented repository address, no install command for an unpublished package."""
    for page in site.rglob("*.html"):
        assert "example.invalid" not in page.read_text(encoding="utf-8"), page
    index = _page(site, ".").text
    assert "pip install slakit" not in index
    assert "pip install ." in index


def test_table_code_does_not_wrap(site: pathlib.Path) -> None:
    """Preset pages load the stylesheet that keeps level keys in tables on one line."""
    css = (site / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    assert "white-space: nowrap" in css
    assert any(
        href.endswith("stylesheets/extra.css")
        for href in _page(site, "presets/distate").stylesheets
    )
