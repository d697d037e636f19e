"""slakit.diff: what changed between two regulations, and nothing else."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from slakit.diff import Change, ChangeKind, diff, render
from slakit.presets import get, names
from strategies import schedules

TECHNOMARKET = get("technomarket")


def lines(old: slakit.Regulation, new: slakit.Regulation) -> list[str]:
    return [str(change) for change in diff(old, new)]


class TestHandMade:
    def test_equal_is_empty(self) -> None:
        assert diff(TECHNOMARKET, TECHNOMARKET) == ()

    def test_a_target(self) -> None:
        level = TECHNOMARKET.level("partner-standard")
        faster = attrs.evolve(level, reaction=slakit.Target.working_hours(24, "24 рабочих часа"))
        assert lines(TECHNOMARKET, TECHNOMARKET.with_level(faster)) == [
            "~ levels[partner-standard].reaction: 48 working hours (48 рабочих часов)"
            " -> 24 working hours (24 рабочих часа)"
        ]

    def test_a_level_removed_and_added(self) -> None:
        fewer = TECHNOMARKET.without_levels(["partner-emergency"])
        removed = lines(TECHNOMARKET, fewer)
        assert removed[0] == (
            '- levels[partner-emergency]: "Партнеры: экстренная поддержка",'
            " reaction 16 working hours (16 рабочих часов)"
        )
        # the classification rules naming the level went with it: each one listed
        assert all(line.startswith("- rules: Rule(") for line in removed[1:])
        assert removed[1:]
        assert lines(fewer, TECHNOMARKET)[0].startswith("+ levels[partner-emergency]: ")

    def test_weekday_hours_and_zone(self) -> None:
        schedule = slakit.Schedule.weekly(
            {"mon-thu": "09:00-18:00", "fri": "09:00-17:00"}, tz="Asia/Yekaterinburg", country="RU"
        )
        assert lines(TECHNOMARKET, TECHNOMARKET.with_schedule(schedule)) == [
            '~ schedule.tz: "Europe/Moscow" -> "Asia/Yekaterinburg"',
            "~ schedule.week[fri]: [09:00-18:00] -> [09:00-17:00]",
        ]

    def test_the_contract_variant(self) -> None:
        """Technomarket around the clock: one level gets its own 24/7 schedule."""
        assert lines(TECHNOMARKET, get("technomarket.AROUND_THE_CLOCK")) == [
            "+ levels[commercial-emergency].schedule: mon 00:00-24:00, tue 00:00-24:00, "
            "wed 00:00-24:00, thu 00:00-24:00, fri 00:00-24:00, sat 00:00-24:00, "
            "sun 00:00-24:00 (Europe/Moscow)"
        ]

    def test_an_edition_date_and_text(self) -> None:
        dated = attrs.evolve(TECHNOMARKET, edition=dt.date(2027, 1, 1), products=("X",))
        assert lines(TECHNOMARKET, dated) == [
            '- products: "программные продукты и оборудование ООО «ТЕХНОМАРКЕТ»"',
            '+ products: "X"',
            "+ edition: 2027-01-01",
        ]

    def test_levels_reordered(self) -> None:
        reordered = attrs.evolve(TECHNOMARKET, levels=TECHNOMARKET.levels[::-1])
        (change,) = diff(TECHNOMARKET, reordered)
        assert change.path == "levels (order)"
        assert change.new == [level.key for level in TECHNOMARKET.levels[::-1]]

    def test_same_items_in_another_order(self) -> None:
        products = ("A", "B")
        old = attrs.evolve(TECHNOMARKET, products=products)
        new = attrs.evolve(TECHNOMARKET, products=products[::-1])
        assert lines(old, new) == ['~ products: ["A", "B"] -> ["B", "A"]']

    def test_json_form(self) -> None:
        change = Change("edition", ChangeKind.ADDED, new=dt.date(2027, 1, 1))
        assert change.as_dict() == {
            "path": "edition", "kind": "added", "old": None, "new": "2027-01-01",
        }  # fmt: skip
        gone = Change("vendor", ChangeKind.REMOVED, old="A")
        assert (str(gone), gone.as_dict()["new"]) == ('- vendor: "A"', None)

    def test_render(self) -> None:
        assert render(frozenset({"b", "a"})) == '["a", "b"]'
        assert render(slakit.Clock.REACTION) == "reaction"
        assert render(12) == "12"
        weekend = slakit.Schedule.weekly({"sat": "10:00-12:00"}, tz="UTC")
        assert render(weekend) == "sat 10:00-12:00 (UTC)"

    def test_bad_arguments(self) -> None:
        with pytest.raises(slakit.InvalidArgumentError, match="new"):
            diff(TECHNOMARKET, "technomarket")  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="path"):
            Change("", ChangeKind.ADDED)
        with pytest.raises(slakit.InvalidArgumentError, match="kind"):
            Change("x", "added")  # type: ignore[arg-type]


@st.composite
def edited(draw: st.DrawFn) -> slakit.Regulation:
    """A preset after a few random edits: levels dropped, a target or the schedule changed."""
    regulation = get(draw(st.sampled_from(names())))
    for _ in range(draw(st.integers(0, 3))):
        edit = draw(st.sampled_from(["drop", "target", "schedule"]))
        keys = regulation.keys
        if edit == "drop" and len(keys) > 1:
            regulation = regulation.without_levels([draw(st.sampled_from(keys))])
        elif edit == "target":
            level = regulation.level(draw(st.sampled_from(keys)))
            hours = draw(st.integers(1, 100))
            target = slakit.Target.working_hours(hours, f"{hours} ч")
            regulation = regulation.with_level(attrs.evolve(level, reaction=target))
        elif edit == "schedule":
            regulation = regulation.with_schedule(draw(schedules()))
    return regulation


@given(edited(), edited())
def test_empty_exactly_when_equal(old: slakit.Regulation, new: slakit.Regulation) -> None:
    assert diff(old, old) == ()
    assert (diff(old, new) == ()) == (old == new)
    # every change names a path and shows the side it has
    for change in diff(old, new):
        assert change.path
        assert str(change)[0] in "+-~"
