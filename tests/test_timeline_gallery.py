"""The timeline gallery (docs/timelines.md) shows what slakit draws today."""

from __future__ import annotations

import pathlib
import re
import sys
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).parent.parent
FOLDER = ROOT / "docs" / "timelines"
PAGE = ROOT / "docs" / "timelines.md"

sys.path.insert(0, str(ROOT / "docs"))
try:
    import gen_timelines
finally:
    sys.path.remove(str(ROOT / "docs"))


@pytest.mark.parametrize("case", sorted(gen_timelines.CASES))
def test_picture_is_what_slakit_draws(case: str) -> None:
    """Each committed SVG equals the drawing of its event file; run the script if not."""
    committed = (FOLDER / f"{case}.svg").read_text(encoding="utf-8")
    assert committed == gen_timelines.picture(case), (
        f"docs/timelines/{case}.svg is stale: run python docs/gen_timelines.py"
    )
    assert ET.fromstring(committed).tag == "{http://www.w3.org/2000/svg}svg"


def test_page_shows_every_case_and_its_events() -> None:
    """The page shows each picture and includes its event file; nothing else is there."""
    page = PAGE.read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(timelines/([a-z-]+)\.svg\)", page))
    included = set(re.findall(r'--8<-- "docs/timelines/([a-z-]+)\.jsonl"', page))
    assert shown == included == set(gen_timelines.CASES)
    on_disk = {path.stem for path in FOLDER.iterdir()}
    assert on_disk == set(gen_timelines.CASES)


def test_every_preset_is_in_the_gallery() -> None:
    """At least one case per preset, by the preset its events name."""
    import slakit

    named = {
        match
        for case in gen_timelines.CASES
        for match in re.findall(
            r'"preset": "([a-z]+)"', (FOLDER / f"{case}.jsonl").read_text(encoding="utf-8")
        )
    }
    assert named == set(slakit.presets.names())
