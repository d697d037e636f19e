"""Wide tables in the docs scroll sideways inside the content column.

A preset's level table has seven columns and, at 1280 px with both sidebars shown, is
wider than the column (measured in Chromium: 831-866 px of table in a 686 px column).
The stylesheet makes the table its own scroll box, as wide as the column and never
wider, so nothing is cut off at the column's edge and the page never scrolls sideways;
level keys stay on one line. ``.ci/browser-check`` renders the pages in Chromium and
fails on a key broken over two lines; this checks the rules the layout rests on.
"""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).parent.parent
CSS = ROOT / "docs" / "stylesheets" / "extra.css"


def rules() -> dict[str, dict[str, str]]:
    """The stylesheet's rules: selector -> {property: value} (comments dropped)."""
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.DOTALL)
    found: dict[str, dict[str, str]] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        declarations = (d.split(":", 1) for d in body.split(";") if ":" in d)
        found[" ".join(selector.split())] = {k.strip(): v.strip() for k, v in declarations}
    return found


def test_a_table_is_its_own_scroll_box_as_wide_as_the_column() -> None:
    """Material's wrapper and the table are blocks no wider than the column; the table scrolls."""
    css = rules()
    assert css[".md-typeset__table"] == {"display": "block", "max-width": "100%"}
    assert css[".md-typeset__table table:not([class])"] == {
        "display": "block",
        "max-width": "100%",
        "overflow-x": "auto",
    }


def test_identifiers_in_tables_stay_on_one_line() -> None:
    """`commercial-operational` is never broken in two: the table scrolls instead."""
    assert rules()[".md-typeset table:not([class]) code"]["white-space"] == "nowrap"


def test_the_site_loads_the_stylesheet() -> None:
    """mkdocs.yml lists the stylesheet as extra CSS, so every page links it."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^extra_css:\n  - stylesheets/extra\.css$", config, re.MULTILINE)
