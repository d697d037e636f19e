"""Hand-checked reaction deadlines for every level of every preset.

Six starts, each worked out by hand on the Russian production calendar (MSK):

- A ``mid-day``: Wed 2026-11-25 12:00.
- B ``before hours``: Wed 2026-11-25 07:00 (counts from the opening).
- C ``friday evening``: Fri 2026-11-27 19:00 (counts from Mon 2026-11-30).
- D ``new year``: Tue 2025-12-30 17:00. Dec 31 is a day off (moved from Jan 5), Jan 1–8
  holidays, Jan 9 a day off (moved from Jan 3), Jan 10–11 weekend: next is Mon 2026-01-12.
- E ``transferred saturday``: Fri 2025-10-31 17:00. Sat Nov 1 is worked (Monday hours);
  Sun 2, Mon 3 (moved from Nov 1) and Tue 4 (Unity Day) are off: next is Wed Nov 5.
- F ``at closing``: a start on Wed 2026-11-25 chosen so the deadline is a closing
  instant, which is the deadline itself (not the next opening).

Each level's target is checked against the row its expectations come from.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import slakit
from slakit import NoTargetError, Target
from slakit.presets import advantshop, aggregion, aspro, distate, technomarket

MSK = ZoneInfo("Europe/Moscow")


def msk(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=MSK)


A = msk(2026, 11, 25, 12)
B = msk(2026, 11, 25, 7)
C = msk(2026, 11, 27, 19)
D = msk(2025, 12, 30, 17)
E = msk(2025, 10, 31, 17)

# 09:00–18:00, 9-hour days (AdVantShop, Technomarket).
# Rows: target -> {start: expected}; F is (start, expected).
NINE_TO_SIX: dict[Target, dict[str, tuple[dt.datetime, dt.datetime]]] = {
    Target.working_hours(2): {
        "A": (A, msk(2026, 11, 25, 14)),
        "B": (B, msk(2026, 11, 25, 11)),
        "C": (C, msk(2026, 11, 30, 11)),
        "D": (D, msk(2026, 1, 12, 10)),  # 1 h Dec 30 + 1 h Jan 12
        "E": (E, msk(2025, 11, 1, 10)),  # 1 h Fri + 1 h Sat
        "F": (msk(2026, 11, 25, 16), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(3): {
        "A": (A, msk(2026, 11, 25, 15)),
        "B": (B, msk(2026, 11, 25, 12)),
        "C": (C, msk(2026, 11, 30, 12)),
        "D": (D, msk(2026, 1, 12, 11)),
        "E": (E, msk(2025, 11, 1, 11)),
        "F": (msk(2026, 11, 25, 15), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(4): {
        "A": (A, msk(2026, 11, 25, 16)),
        "B": (B, msk(2026, 11, 25, 13)),
        "C": (C, msk(2026, 11, 30, 13)),
        "D": (D, msk(2026, 1, 12, 12)),
        "E": (E, msk(2025, 11, 1, 12)),
        "F": (msk(2026, 11, 25, 14), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(6): {
        "A": (A, msk(2026, 11, 25, 18)),  # exactly the 6 hours left on Wednesday
        "B": (B, msk(2026, 11, 25, 15)),
        "C": (C, msk(2026, 11, 30, 15)),
        "D": (D, msk(2026, 1, 12, 14)),
        "E": (E, msk(2025, 11, 1, 14)),
        "F": (msk(2026, 11, 25, 12), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(8): {
        "A": (A, msk(2026, 11, 26, 11)),  # 6 Wed + 2 Thu
        "B": (B, msk(2026, 11, 25, 17)),
        "C": (C, msk(2026, 11, 30, 17)),
        "D": (D, msk(2026, 1, 12, 16)),
        "E": (E, msk(2025, 11, 1, 16)),
        "F": (msk(2026, 11, 25, 10), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(12): {
        "A": (A, msk(2026, 11, 26, 15)),  # 6 + 6
        "B": (B, msk(2026, 11, 26, 12)),  # 9 + 3
        "C": (C, msk(2026, 12, 1, 12)),
        "D": (D, msk(2026, 1, 13, 11)),  # 1 + 9 + 2
        "E": (E, msk(2025, 11, 5, 11)),  # 1 + 9 (Sat) + 2 (Wed)
        "F": (msk(2026, 11, 25, 15), msk(2026, 11, 26, 18)),  # 3 + 9
    },
    Target.working_hours(16): {
        "A": (A, msk(2026, 11, 27, 10)),  # 6 + 9 + 1
        "B": (B, msk(2026, 11, 26, 16)),  # 9 + 7
        "C": (C, msk(2026, 12, 1, 16)),
        "D": (D, msk(2026, 1, 13, 15)),  # 1 + 9 + 6
        "E": (E, msk(2025, 11, 5, 15)),
        "F": (msk(2026, 11, 25, 11), msk(2026, 11, 26, 18)),  # 7 + 9
    },
    Target.working_hours(24): {
        "A": (A, msk(2026, 11, 27, 18)),  # 6 + 9 + 9
        "B": (B, msk(2026, 11, 27, 15)),  # 9 + 9 + 6
        "C": (C, msk(2026, 12, 2, 15)),
        "D": (D, msk(2026, 1, 14, 14)),  # 1 + 9 + 9 + 5
        "E": (E, msk(2025, 11, 6, 14)),  # 1 + 9 + 9 + 5
        "F": (msk(2026, 11, 25, 12), msk(2026, 11, 27, 18)),
    },
    Target.working_hours(40): {
        "A": (A, msk(2026, 12, 1, 16)),  # 6 + 9 + 9 + 9 (Mon 30) + 7
        "B": (B, msk(2026, 12, 1, 13)),  # 9 + 9 + 9 + 9 + 4
        "C": (C, msk(2026, 12, 4, 13)),  # Mon–Thu 36 + 4
        "D": (D, msk(2026, 1, 16, 12)),  # 1 + 4 x 9 + 3
        "E": (E, msk(2025, 11, 10, 12)),  # 1 + Sat, Wed, Thu, Fri (36) + 3
        "F": (msk(2026, 11, 25, 14), msk(2026, 12, 1, 18)),  # 4 + 4 x 9
    },
    Target.working_hours(48): {
        "A": (A, msk(2026, 12, 2, 15)),  # 6 + 4 x 9 + 6
        "B": (B, msk(2026, 12, 2, 12)),  # 5 x 9 + 3
        "C": (C, msk(2026, 12, 7, 12)),  # Mon 30 – Fri Dec 4 (45) + 3
        "D": (D, msk(2026, 1, 19, 11)),  # 1 + 5 x 9 + 2
        "E": (E, msk(2025, 11, 11, 11)),  # 1 + 5 x 9 + 2
        "F": (msk(2026, 11, 25, 15), msk(2026, 12, 2, 18)),  # 3 + 5 x 9
    },
    Target.working_days(24): {
        # Offset 3 h into Wed 25 -> 3 h into the 24th working day after it, Tue Dec 29.
        "A": (A, msk(2026, 12, 29, 12)),
        # From the opening: the 24th working day counting Wed 25 as the first, Mon Dec 28.
        "B": (B, msk(2026, 12, 28, 18)),
        # Mon 30 is the first; Dec 31 and Jan 1–8, 2027 are off: the 24th is Mon Jan 11.
        "C": (C, msk(2027, 1, 11, 18)),
        # 8 h into Dec 30 -> the 24th working day from Jan 12 is Thu Feb 12.
        "D": (D, msk(2026, 2, 12, 17)),
        # 8 h into Oct 31 -> Sat Nov 1 is the first, the 24th is Fri Dec 5.
        "E": (E, msk(2025, 12, 5, 17)),
        "F": (msk(2026, 11, 25, 9), msk(2026, 12, 28, 18)),
    },
}

# 10:00–18:00, 8-hour days (DiState).
TEN_TO_SIX: dict[Target, dict[str, tuple[dt.datetime, dt.datetime]]] = {
    # DiState special requests with developers involved: "1 час" on the 10-18 schedule
    # (2.1, 3.6).
    Target.working_hours(1): {
        "A": (A, msk(2026, 11, 25, 13)),  # Wed 12:00 + 1
        "B": (B, msk(2026, 11, 25, 11)),  # Wed 07:00 counts from 10:00
        "C": (C, msk(2026, 11, 30, 11)),  # Fri 19:00 counts from Mon 10:00
        "D": (D, msk(2025, 12, 30, 18)),  # 17:00 + 1 = the closing instant (rule 2)
        "E": (E, msk(2025, 10, 31, 18)),
        "F": (msk(2026, 11, 25, 17), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(2): {
        "A": (A, msk(2026, 11, 25, 14)),
        "B": (B, msk(2026, 11, 25, 12)),
        "C": (C, msk(2026, 11, 30, 12)),
        "D": (D, msk(2026, 1, 12, 11)),
        "E": (E, msk(2025, 11, 1, 11)),
        "F": (msk(2026, 11, 25, 16), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(3): {
        "A": (A, msk(2026, 11, 25, 15)),
        "B": (B, msk(2026, 11, 25, 13)),
        "C": (C, msk(2026, 11, 30, 13)),
        "D": (D, msk(2026, 1, 12, 12)),
        "E": (E, msk(2025, 11, 1, 12)),
        "F": (msk(2026, 11, 25, 15), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(4): {
        "A": (A, msk(2026, 11, 25, 16)),
        "B": (B, msk(2026, 11, 25, 14)),
        "C": (C, msk(2026, 11, 30, 14)),
        "D": (D, msk(2026, 1, 12, 13)),
        "E": (E, msk(2025, 11, 1, 13)),
        "F": (msk(2026, 11, 25, 14), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(5): {
        "A": (A, msk(2026, 11, 25, 17)),
        "B": (B, msk(2026, 11, 25, 15)),
        "C": (C, msk(2026, 11, 30, 15)),
        "D": (D, msk(2026, 1, 12, 14)),
        "E": (E, msk(2025, 11, 1, 14)),
        "F": (msk(2026, 11, 25, 13), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(6): {
        "A": (A, msk(2026, 11, 25, 18)),
        "B": (B, msk(2026, 11, 25, 16)),
        "C": (C, msk(2026, 11, 30, 16)),
        "D": (D, msk(2026, 1, 12, 15)),
        "E": (E, msk(2025, 11, 1, 15)),
        "F": (msk(2026, 11, 25, 12), msk(2026, 11, 25, 18)),
    },
    Target.working_hours(24): {
        "A": (A, msk(2026, 11, 30, 12)),  # 6 + 8 + 8 + 2
        "B": (B, msk(2026, 11, 27, 18)),  # 3 x 8
        "C": (C, msk(2026, 12, 2, 18)),
        "D": (D, msk(2026, 1, 14, 17)),  # 1 + 8 + 8 + 7
        "E": (E, msk(2025, 11, 6, 17)),  # 1 + 8 (Sat) + 8 (Wed) + 7
        "F": (msk(2026, 11, 25, 10), msk(2026, 11, 27, 18)),
    },
    Target.working_hours(40): {
        "A": (A, msk(2026, 12, 2, 12)),  # 6 + 8 x 4 + 2
        "B": (B, msk(2026, 12, 1, 18)),  # 5 x 8
        "C": (C, msk(2026, 12, 4, 18)),
        "D": (D, msk(2026, 1, 16, 17)),  # 1 + 4 x 8 + 7
        "E": (E, msk(2025, 11, 10, 17)),  # 1 + Sat, Wed, Thu, Fri (32) + 7
        "F": (msk(2026, 11, 25, 10), msk(2026, 12, 1, 18)),
    },
    Target.working_days(24): {
        "A": (A, msk(2026, 12, 29, 12)),  # 2 h into Wed -> 2 h into Tue Dec 29
        "B": (B, msk(2026, 12, 28, 18)),
        "C": (C, msk(2027, 1, 11, 18)),
        "D": (D, msk(2026, 2, 12, 17)),  # 7 h into Dec 30
        "E": (E, msk(2025, 12, 5, 17)),
        "F": (msk(2026, 11, 25, 10), msk(2026, 12, 28, 18)),
    },
    # DiState special requests: 1 hour around the clock (3.6).
    Target.hours(1): {
        "A": (A, msk(2026, 11, 25, 13)),
        "B": (B, msk(2026, 11, 25, 8)),
        "C": (C, msk(2026, 11, 27, 20)),
        "D": (D, msk(2025, 12, 30, 18)),
        "E": (E, msk(2025, 10, 31, 18)),
        "F": (msk(2026, 11, 25, 17), msk(2026, 11, 25, 18)),
    },
}

# Around the clock (Aggregion): plain hours and days.
ALWAYS: dict[Target, dict[str, tuple[dt.datetime, dt.datetime]]] = {
    Target.hours(6): {
        "A": (A, msk(2026, 11, 25, 18)),
        "B": (B, msk(2026, 11, 25, 13)),
        "C": (C, msk(2026, 11, 28, 1)),
        "D": (D, msk(2025, 12, 30, 23)),
        "E": (E, msk(2025, 10, 31, 23)),
    },
    Target.hours(12): {
        "A": (A, msk(2026, 11, 26, 0)),
        "B": (B, msk(2026, 11, 25, 19)),
        "C": (C, msk(2026, 11, 28, 7)),
        "D": (D, msk(2025, 12, 31, 5)),
        "E": (E, msk(2025, 11, 1, 5)),
    },
    Target.hours(24): {
        "A": (A, msk(2026, 11, 26, 12)),
        "B": (B, msk(2026, 11, 26, 7)),
        "C": (C, msk(2026, 11, 28, 19)),
        "D": (D, msk(2025, 12, 31, 17)),
        "E": (E, msk(2025, 11, 1, 17)),
    },
    Target.days(7): {
        "A": (A, msk(2026, 12, 2, 12)),
        "B": (B, msk(2026, 12, 2, 7)),
        "C": (C, msk(2026, 12, 4, 19)),
        "D": (D, msk(2026, 1, 6, 17)),
        "E": (E, msk(2025, 11, 7, 17)),
    },
}


def _plain(target: Target) -> Target:
    """The target without the regulation's wording, to find its row."""
    return Target(target.amount, target.unit, target.basis)


def _cases() -> list[object]:
    tables = {
        "advantshop": NINE_TO_SIX,
        "technomarket": NINE_TO_SIX,
        "distate": TEN_TO_SIX,
        "aggregion": ALWAYS,
    }
    cases = []
    for preset, table in tables.items():
        regulation = slakit.presets.get(preset)
        for level in regulation.levels:
            for scenario, (start, expected) in table[_plain(level.reaction)].items():
                cases.append(
                    pytest.param(
                        preset, level.key, start, expected, id=f"{preset}-{level.key}-{scenario}"
                    )
                )
    return cases


@pytest.mark.parametrize(("preset", "key", "start", "expected"), _cases())
def test_reaction_deadline(
    preset: str, key: str, start: dt.datetime, expected: dt.datetime
) -> None:
    """The preset's reaction deadline is the hand-checked one."""
    assert slakit.presets.get(preset).deadline(key, start) == expected


def test_every_level_has_a_row() -> None:
    """No level escapes the hand-checked tables (aspro guarantees nothing: see below)."""
    assert len(_cases()) == 6 * (
        len(advantshop.LEVELS) + len(technomarket.LEVELS) + len(distate.LEVELS)
    ) + 5 * len(aggregion.LEVELS)


class TestSpecialCases:
    def test_technomarket_resolution(self) -> None:
        """Commercial standard: resolution within 48 working hours, from D: Mon Jan 19 11:00."""
        reg = technomarket.REGULATION
        assert reg.deadline("commercial-standard", D, clock="resolution") == msk(2026, 1, 19, 11)
        assert (
            reg.level("commercial-standard").resolution_condition
            == "если вопрос ясен и не касается разработок"
        )

    def test_technomarket_resolution_missing_elsewhere(self) -> None:
        """Other levels promise no resolution time, and the error says which level does."""
        with pytest.raises(NoTargetError, match="commercial-standard"):
            technomarket.REGULATION.deadline("partner-standard", D, clock="resolution")

    def test_technomarket_emergency_around_the_clock(self) -> None:
        """The 24/7 contract variant: Fri 19:00 + 8 h = Sat 03:00; the preset stays in hours."""
        assert technomarket.AROUND_THE_CLOCK.deadline("commercial-emergency", C) == msk(
            2026, 11, 28, 3
        )
        assert technomarket.REGULATION.deadline("commercial-emergency", C) == msk(2026, 11, 30, 17)

    def test_aspro_guarantees_nothing(self) -> None:
        """Aspro's reaction time is "от нескольких часов до нескольких дней": no deadline."""
        with pytest.raises(NoTargetError, match="нескольких"):
            aspro.REGULATION.deadline("standard", A)
        assert not aspro.REGULATION.level("standard").reaction.guaranteed

    def test_aspro_schedule_is_eight_to_six(self) -> None:
        """Aspro works 08:00–18:00: ten working hours from Wed 07:00 end at 18:00."""
        assert aspro.SCHEDULE.add(B, dt.timedelta(hours=10)) == msk(2026, 11, 25, 18)

    def test_distate_default_reaction(self) -> None:
        """DiState 2.3: where no level applies, 40 working hours, the consulting level's target."""
        reg = distate.REGULATION
        assert reg.default_reaction == Target.working_hours(40, "40 рабочих часов")
        assert reg.default_reaction.deadline(reg.schedule, B) == msk(2026, 12, 1, 18)
