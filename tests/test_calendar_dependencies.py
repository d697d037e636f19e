"""The dependency floors that the calendar's correctness rests on, and their CI pins."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import tomllib

import holidays

ROOT = pathlib.Path(__file__).parent.parent


def floors() -> dict[str, str]:
    """``{"holidays": "0.107", ...}`` from pyproject.toml's ``>=`` requirements."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = (re.fullmatch(r"([\w-]+)>=([\w.]+)", req) for req in project["dependencies"])
    return {match[1]: match[2] for match in found if match}


def pins() -> dict[str, str]:
    """``{"holidays": "0.107", ...}`` from .ci/min-versions.txt."""
    lines = (ROOT / ".ci" / "min-versions.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("==") for line in lines if line and not line.startswith("#"))


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_every_dependency_has_a_floor_and_a_pin() -> None:
    """Each dependency is pinned in min-versions at its floor (2024.1 == 2024.1.0)."""
    assert set(floors()) == set(pins()) == {"attrs", "holidays", "pendulum", "tzdata"}
    for name, floor in floors().items():
        pinned = pins()[name]
        assert version(pinned)[: len(version(floor))] == version(floor), name


def test_installed_holidays_is_not_below_the_floor() -> None:
    """The holidays in use has the Russian transfers the floor promises (2026, 2027)."""
    assert version(holidays.__version__) >= version(floors()["holidays"])
    found = holidays.country_holidays("RU", years=(2026, 2027))
    assert "substituted" in found[dt.date(2026, 1, 9)]
    assert dt.date(2027, 11, 5) in found
