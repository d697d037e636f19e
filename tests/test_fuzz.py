"""Arbitrary values at every public entry point: only documented SlakitErrors come out.

Never a bare TypeError, KeyError, IndexError, ZeroDivisionError, RecursionError or a
hang (each example has a generous deadline). The nastiest inputs found are kept as
explicit regression cases at the bottom.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slakit
from slakit import Regulation, Schedule, SlakitError, Target
from slakit.presets import aggregion, distate, technomarket

FUZZ = settings(
    deadline=dt.timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
ZONES = [
    "UTC",
    "Europe/Moscow",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
]

aware = st.builds(
    lambda naive, zone: naive.replace(tzinfo=ZoneInfo(zone)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.sampled_from(ZONES),
)
plausible = st.builds(
    lambda naive, zone: naive.replace(tzinfo=ZoneInfo(zone)),
    st.datetimes(min_value=dt.datetime(1968, 1, 1), max_value=dt.datetime(2103, 1, 1)),
    st.sampled_from(ZONES),
)
durations = st.one_of(
    st.timedeltas(),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3000)),
)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.binary(max_size=5),
    st.datetimes(),  # naive
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
hashable_junk = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.dates())
instants = st.one_of(plausible, aware, junk)
amounts = st.one_of(durations, junk)

SCHEDULES = [
    distate.SCHEDULE,
    aggregion.SCHEDULE,
    Schedule.weekly(
        {"mon": "22:00-06:00", "wed": ["01:00-02:00", "10:00-11:00"]}, tz="Europe/Berlin"
    ),
]
REGULATIONS = [slakit.presets.get(name) for name in slakit.presets.names()]


def only_slakit_errors(call: Callable[[], object]) -> None:
    """Run ``call``; anything raised must be a SlakitError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", slakit.ProvisionalCalendarWarning)
        try:
            result = call()
            if hasattr(result, "__next__"):
                list(result)  # type: ignore[call-overload]
        except SlakitError:
            pass


@FUZZ
@given(
    st.sampled_from(SCHEDULES),
    instants,
    instants,
    amounts,
    st.one_of(st.integers(-5, 10**12), junk),
)
def test_schedule_operations(s: Schedule, a: object, b: object, d: object, n: object) -> None:
    """Every Schedule operation refuses bad input with a SlakitError."""
    only_slakit_errors(lambda: s.is_open(a))  # type: ignore[arg-type]
    only_slakit_errors(lambda: s.next_open(a))  # type: ignore[arg-type]
    only_slakit_errors(lambda: s.add(a, d))  # type: ignore[arg-type]
    only_slakit_errors(lambda: s.add_many([a, b], d))  # type: ignore[list-item, arg-type]
    only_slakit_errors(lambda: s.subtract(a, d))  # type: ignore[arg-type]
    only_slakit_errors(lambda: s.elapsed(a, b))  # type: ignore[arg-type]
    only_slakit_errors(lambda: s.add_days(a, n))  # type: ignore[arg-type]
    only_slakit_errors(lambda: s.periods(a, b))  # type: ignore[arg-type]
    only_slakit_errors(lambda: s.day(a))  # type: ignore[arg-type]
    only_slakit_errors(lambda: s.is_provisional(n))  # type: ignore[arg-type]


hours_values = st.one_of(
    st.sampled_from(
        ["09:00-18:00", "22:00-06:00", "00:00-24:00", "24:00-01:00", "9-18", "", "25:00-26:00"]
    ),
    st.lists(st.sampled_from(["09:00-13:00", "12:00-18:00", "14:00-18:00", "x"]), max_size=3),
    junk,
)
weekday_keys = st.one_of(
    st.sampled_from(["mon", "mon-fri", "fri-mon", "daily", "sun", "MON", "mon-"]), hashable_junk
)


@FUZZ
@given(
    st.one_of(st.dictionaries(weekday_keys, hours_values, max_size=4), junk),
    st.one_of(st.sampled_from([*ZONES, "Mars/Base", "", " UTC"]), junk),
    st.one_of(st.sampled_from(["RU", "ru", "US", "XX", ""]), junk),
    st.one_of(st.lists(st.dates(), max_size=3), junk),
    st.one_of(st.dictionaries(st.dates(), hours_values, max_size=2), junk),
    st.one_of(st.booleans(), junk),
)
def test_schedule_construction(
    hours: object, tz: object, country: object, dates: object, special: object, shorten: object
) -> None:
    """Schedule.weekly refuses junk with a SlakitError."""
    only_slakit_errors(
        lambda: Schedule.weekly(
            hours,  # type: ignore[arg-type]
            tz=tz,  # type: ignore[arg-type]
            country=country,  # type: ignore[arg-type]
            days_off=dates,  # type: ignore[arg-type]
            special_hours=special,  # type: ignore[arg-type]
            shortened_pre_holidays=shorten,  # type: ignore[arg-type]
        )
    )
    only_slakit_errors(lambda: Schedule.always(tz))  # type: ignore[arg-type]


level_keys = st.one_of(
    st.sampled_from(["partner-operational", "special", "standard", "development"]), junk
)
clocks = st.one_of(st.sampled_from(["reaction", "resolution", slakit.Clock.RESOLUTION]), junk)
categories = st.one_of(st.sampled_from(list(slakit.CustomerCategory)), junk)
problems = st.one_of(st.sampled_from(list(slakit.ProblemCategory)), junk)


@FUZZ
@given(st.sampled_from(REGULATIONS), level_keys, instants, clocks, categories, problems)
def test_regulation_operations(
    reg: Regulation, key: object, start: object, clock: object, customer: object, problem: object
) -> None:
    """Regulation lookups, deadlines and classification refuse junk with a SlakitError."""
    only_slakit_errors(lambda: reg.level(key))  # type: ignore[arg-type]
    only_slakit_errors(lambda: reg.deadline(key, start, clock=clock))  # type: ignore[arg-type]
    only_slakit_errors(lambda: reg.classify(customer, problem))  # type: ignore[arg-type]
    only_slakit_errors(lambda: reg.with_level_schedule(key, None))  # type: ignore[arg-type]
    only_slakit_errors(lambda: reg.without_levels([key]))  # type: ignore[list-item]
    only_slakit_errors(lambda: slakit.presets.get(key))  # type: ignore[arg-type]
    only_slakit_errors(lambda: Target.parse(key))  # type: ignore[arg-type]


toml_values = st.sampled_from(
    [
        '"x"',
        "1",
        "-1",
        "0",
        "true",
        "[]",
        "[1]",
        '["x"]',
        "{}",
        "{ a = 1 }",
        "1970-01-01",
        "[[]]",
        '"2 weeks"',
    ]
)


@FUZZ
@given(st.sampled_from(REGULATIONS), st.data())
def test_regulation_files(reg: Regulation, data: st.DataObject) -> None:
    """A preset's TOML with any one line's value replaced reads or fails with a SlakitError."""
    lines = reg.to_toml().splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    if "=" in lines[index]:
        key = lines[index].split("=", 1)[0]
        lines[index] = f"{key}= {data.draw(toml_values)}"
    else:
        lines[index] = data.draw(
            st.sampled_from(["", "[[rules]]", "[[levels]]", "[schedule]", "x"])
        )
    only_slakit_errors(lambda: Regulation.from_toml("\n".join(lines)))


@FUZZ
@given(st.one_of(st.text(max_size=40), junk))
def test_regulation_sources(source: object) -> None:
    """Any string or object as a regulation source fails with a SlakitError."""
    only_slakit_errors(lambda: Regulation.from_toml(source))  # type: ignore[arg-type]


# -- the nastiest inputs found, kept as regression cases -----------------------------

NASTY = [
    # A path-like string with a NUL byte made pathlib raise ValueError.
    lambda: Regulation.from_toml("\x00"),
    # Rules and escalations that are not tables.
    lambda: Regulation.from_toml(
        distate.REGULATION.to_toml().replace("[[rules]]\n", "rules = [1]\n[[x]]\n", 1)
    ),
    lambda: Regulation.from_toml(aggregion.REGULATION.to_toml() + "\nescalations = 3\n"),
    # Extreme instants and amounts.
    lambda: distate.SCHEDULE.add(dt.datetime.max.replace(tzinfo=dt.UTC), dt.timedelta(0)),
    lambda: distate.SCHEDULE.add(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.timedelta.max),
    lambda: distate.SCHEDULE.subtract(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.timedelta.max),
    lambda: distate.SCHEDULE.elapsed(
        dt.datetime.min.replace(tzinfo=dt.UTC), dt.datetime.max.replace(tzinfo=dt.UTC)
    ),
    lambda: technomarket.REGULATION.deadline(
        "commercial-standard", dt.datetime(2100, 12, 31, tzinfo=dt.UTC), "resolution"
    ),
    lambda: aggregion.REGULATION.deadline("development", dt.datetime(2100, 12, 30, tzinfo=dt.UTC)),
    lambda: Schedule.weekly({"mon": "00:00-00:00"}, tz="UTC").add_days(
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 10**7
    ),
]


@pytest.mark.parametrize("call", NASTY)
def test_nasty_inputs(call: Callable[[], object]) -> None:
    """Each raises a SlakitError (or succeeds), never anything else."""
    only_slakit_errors(call)
