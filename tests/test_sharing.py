"""Models are frozen values: safe to share across threads, to hash and to pickle."""

from __future__ import annotations

import datetime as dt
import pickle
import random
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest

import slakit
from slakit import Schedule

MSK = dt.timezone(dt.timedelta(hours=3))


def _starts(count: int) -> list[dt.datetime]:
    rng = random.Random(11)
    origin = dt.datetime(2024, 1, 1, tzinfo=MSK)
    return [origin + dt.timedelta(minutes=rng.randrange(3 * 366 * 1440)) for _ in range(count)]


# Aspro guarantees no reaction time, so it has no deadlines to compare.
@pytest.mark.parametrize("name", ["advantshop", "aggregion", "distate", "technomarket"])
def test_one_preset_from_many_threads(name: str) -> None:
    """Eight threads on one fresh preset copy, building its calendar concurrently, agree."""
    regulation = pickle.loads(pickle.dumps(slakit.presets.get(name)))  # caches start empty
    keys = [lv.key for lv in regulation.levels if lv.reaction.guaranteed]
    cases = [(keys[i % len(keys)], t) for i, t in enumerate(_starts(400))]
    expected = [slakit.presets.get(name).deadline(key, t) for key, t in cases]

    def work(offset: int) -> list[dt.datetime]:
        # Each thread walks the cases from another point, so years are built in any order.
        order = list(range(offset, len(cases))) + list(range(offset))
        answers = {i: regulation.deadline(*cases[i]) for i in order}
        return [answers[i] for i in range(len(cases))]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(0, 400, 50)))
    assert all(result == expected for result in results)


def test_threads_see_the_same_answers_as_one_thread() -> None:
    """A schedule queried from threads gives exactly the sequential answers."""
    schedule = Schedule.weekly(
        {"mon-fri": ["09:00-13:00", "14:00-18:00"]}, tz="Europe/Moscow", country="RU"
    )
    starts = _starts(2000)
    sequential = [schedule.add(t, dt.timedelta(hours=30)) for t in starts]
    fresh = Schedule.weekly(
        {"mon-fri": ["09:00-13:00", "14:00-18:00"]}, tz="Europe/Moscow", country="RU"
    )
    chunks = [starts[i::8] for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parts = list(
            pool.map(lambda chunk: [fresh.add(t, dt.timedelta(hours=30)) for t in chunk], chunks)
        )
    threaded = [None] * len(starts)
    for i, part in enumerate(parts):
        threaded[i::8] = part
    assert threaded == sequential


@pytest.mark.parametrize(
    "value",
    [
        slakit.Target.working_hours(3),
        slakit.Hours.parse("22:00-06:00"),
        slakit.presets.get("distate").level("special"),
        slakit.presets.get("distate").schedule.calendar,
        slakit.Rule({slakit.CustomerCategory.PARTNER}, {slakit.ProblemCategory.OUTAGE}, "x"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_values_are_frozen_hashable_and_pickle(value: object) -> None:
    """Every model is frozen, hashable, and equal after a pickle round trip."""
    assert attrs.has(type(value))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, attrs.fields(type(value))[0].name, None)
    copy = pickle.loads(pickle.dumps(value))
    assert copy == value
    assert hash(copy) == hash(value)
