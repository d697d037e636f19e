"""Every preset honours one contract, and a snapshot guards each value against change.

The snapshot of a preset is its TOML form (``tests/snapshots/<name>.toml``). A change to
a preset value fails here until the snapshot is rewritten on purpose with
``SLAKIT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_presets_contract.py`` and the
diff reviewed against the regulation.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from slakit import Audience, Basis, Clock, NoTargetError, Regulation, Unit

SNAPSHOTS = pathlib.Path(__file__).parent / "snapshots"
NAMES = slakit.presets.names()

# DESIGN.md's binding table: preset -> level keys in the document's order.
KEYS = {
    "aggregion": ("operational", "standard", "consulting", "development"),
    "advantshop": (
        "partner",
        "commercial-operational",
        "commercial-standard",
        "commercial-vip",
        "free",
        "consulting",
        "development",
    ),
    "aspro": ("standard",),
    "technomarket": (
        "partner-standard",
        "partner-emergency",
        "commercial-standard",
        "commercial-operational",
        "commercial-emergency",
    ),
    "distate": (
        "partner-operational",
        "partner-standard",
        "licensee-operational",
        "licensee-standard",
        "licensee-vip",
        "special",
        "special-with-developers",
        "non-commercial",
        "consulting",
        "development",
    ),
}


def test_names() -> None:
    """The five presets, sorted, each reachable by name and by module."""
    assert NAMES == ("advantshop", "aggregion", "aspro", "distate", "technomarket")
    from slakit.presets import distate

    assert slakit.presets.get("distate") is distate.REGULATION


def test_unknown_preset() -> None:
    """An unknown preset name lists the valid ones and the closest match."""
    with pytest.raises(slakit.UnknownPresetError, match="distate") as info:
        slakit.presets.get("distat")
    assert info.value.suggestions == ("distate",)
    assert isinstance(info.value, LookupError)


@pytest.mark.parametrize("name", NAMES)
class TestContract:
    def test_level_keys(self, name: str) -> None:
        """Level keys are exactly DESIGN.md's, in the document's order."""
        assert slakit.presets.get(name).keys == KEYS[name]

    def test_every_level_cites_and_explains_itself(self, name: str) -> None:
        """Each level has a Russian title, an English name, a clause and what it covers."""
        for level in slakit.presets.get(name).levels:
            assert level.title, level.key
            assert level.name, level.key
            assert level.clause, level.key
            assert level.covers, level.key

    def test_targets_keep_the_regulations_words(self, name: str) -> None:
        """Each target carries the document's wording, which parses back to the same target."""
        for level in slakit.presets.get(name).levels:
            target = level.reaction
            assert target.text, level.key
            if target.guaranteed:
                parsed = slakit.Target.parse(target.text)
                assert (parsed.amount, parsed.unit) == (target.amount, target.unit), level.key

    def test_round_trips_through_toml(self, name: str) -> None:
        """from_toml(to_toml(preset)) is the preset, unchanged."""
        regulation = slakit.presets.get(name)
        assert Regulation.from_toml(regulation.to_toml()) == regulation

    def test_snapshot(self, name: str) -> None:
        """No preset value changes by accident."""
        path = SNAPSHOTS / f"{name}.toml"
        text = slakit.presets.get(name).to_toml()
        if os.environ.get("SLAKIT_UPDATE_SNAPSHOTS"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} changed; see this module's docstring"
        )

    def test_immutable_hashable_picklable(self, name: str) -> None:
        """A preset is a frozen value: hashable, and equal after a pickle round trip."""
        regulation = slakit.presets.get(name)
        assert hash(regulation) == hash(pickle.loads(pickle.dumps(regulation)))
        assert pickle.loads(pickle.dumps(regulation)) == regulation
        with pytest.raises(AttributeError):
            regulation.vendor = "x"  # type: ignore[misc]

    def test_pause_reasons(self, name: str) -> None:
        """Waiting for the customer is always a reason to pause, plus the regulation's own."""
        regulation = slakit.presets.get(name)
        assert regulation.pause_reasons[0] is slakit.PauseReason.AWAITING_CUSTOMER
        assert len(regulation.postponement_reasons) >= 4


starts = st.integers(
    int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp()),
    int(dt.datetime(2027, 6, 1, tzinfo=dt.UTC).timestamp()),
).map(lambda s: dt.datetime.fromtimestamp(s, dt.UTC))


def _guaranteed(name: str) -> list[str]:
    return [lv.key for lv in slakit.presets.get(name).levels if lv.reaction.guaranteed]


class TestProperties:
    @given(st.sampled_from(NAMES), starts, st.data())
    def test_deadline_never_precedes_start(
        self, name: str, start: dt.datetime, data: st.DataObject
    ) -> None:
        """A level's deadline is never before the request was opened."""
        keys = _guaranteed(name)
        if keys:
            key = data.draw(st.sampled_from(keys))
            assert slakit.presets.get(name).deadline(key, start) >= start

    @given(st.sampled_from(NAMES), starts)
    def test_higher_priority_is_never_later(self, name: str, start: dt.datetime) -> None:
        """Within one audience, a more urgent level never has a later deadline."""
        regulation = slakit.presets.get(name)
        by_audience: dict[Audience, list[slakit.SupportLevel]] = {}
        for level in regulation.levels:
            if level.reaction.guaranteed:
                by_audience.setdefault(level.audience, []).append(level)
        for levels in by_audience.values():
            ordered = sorted(levels, key=lambda lv: lv.priority)
            deadlines = [regulation.deadline(lv.key, start) for lv in ordered]
            assert deadlines == sorted(deadlines), [lv.key for lv in ordered]

    @given(st.sampled_from(["advantshop", "distate", "technomarket"]), starts, st.integers(1, 30))
    def test_working_hours_on_whole_days_equal_working_days(
        self, name: str, start: dt.datetime, n: int
    ) -> None:
        """n days' worth of working hours is n working days on these uniform schedules."""
        regulation = slakit.presets.get(name)
        schedule = regulation.schedule
        day = sum(h.end - h.start for h in schedule.week[0])  # minutes in a working day
        hours = slakit.Target.working_hours(n * day // 60)
        days = slakit.Target.working_days(n)
        assert hours.deadline(schedule, start) == days.deadline(schedule, start)


class TestRegulationApi:
    def test_unknown_level(self) -> None:
        """An unknown level key names the valid keys and the closest match."""
        with pytest.raises(slakit.UnknownLevelError, match="partner-operational"):
            slakit.presets.get("distate").level("partner-operationl")

    def test_bad_clock(self) -> None:
        """Clocks are 'reaction' or 'resolution'."""
        with pytest.raises(slakit.InvalidArgumentError, match="resolution"):
            slakit.presets.get("distate").deadline(
                "special", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), clock="solution"
            )

    def test_no_resolution_anywhere(self) -> None:
        """Where no level promises resolution, the error says so."""
        with pytest.raises(NoTargetError, match="no level"):
            slakit.presets.get("aggregion").target("standard", Clock.RESOLUTION)

    def test_targets_by_basis(self) -> None:
        """Aggregion counts calendar time, DiState working hours and days."""
        aggregion = slakit.presets.get("aggregion")
        assert aggregion.level("development").reaction.basis is Basis.CALENDAR
        assert aggregion.level("development").reaction.unit is Unit.DAYS
        distate = slakit.presets.get("distate")
        assert distate.level("development").reaction == slakit.Target.working_days(
            24, "24 рабочих дня"
        )
        assert distate.schedule_for("special").is_open(dt.datetime(2026, 11, 29, 3, tzinfo=dt.UTC))
