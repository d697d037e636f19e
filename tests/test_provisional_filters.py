"""Every answer in an unpublished year warns, whatever the warning filters did before.

slakit skips the call to ``warnings.warn`` only where the filters in force ignore the
warning whoever asks; these tests change the filters between answers and check that
each answer is treated as ``warnings`` itself would treat it.
"""

from __future__ import annotations

import datetime as dt
import warnings
from zoneinfo import ZoneInfo

import pytest

from slakit import ProvisionalCalendarWarning, Schedule

MSK = ZoneInfo("Europe/Moscow")
HOUR = dt.timedelta(hours=1)
START = dt.datetime(2031, 3, 3, 10, tzinfo=MSK)  # 2031: no published calendar


def schedule() -> Schedule:
    return Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")


def test_filters_changed_between_answers_are_followed() -> None:
    work = schedule()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        work.add(START, HOUR)
        assert seen == []
        warnings.simplefilter("always", ProvisionalCalendarWarning)  # a new filter in front
        work.add(START, HOUR)
        work.elapsed(START, START + HOUR)
        assert [w.category for w in seen] == [ProvisionalCalendarWarning] * 2
        warnings.simplefilter("error", ProvisionalCalendarWarning)
        with pytest.raises(ProvisionalCalendarWarning, match="2031"):
            work.add(START, HOUR)


def test_a_filter_for_one_year_only() -> None:
    """A message filter ignores 2031 and not 2032: each answer checked for its own year."""
    work = schedule()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", ProvisionalCalendarWarning)
        only_2031 = r".* for 2031 "
        warnings.filterwarnings("ignore", only_2031, ProvisionalCalendarWarning)
        work.add(START, HOUR)
        work.add(START.replace(year=2032, day=1), HOUR)
        assert [w.message.year for w in seen] == [2032]  # type: ignore[union-attr]


def test_a_filter_on_the_calling_module_is_left_to_warnings() -> None:
    """Whether it applies depends on who asks: slakit warns, and warnings decides."""
    work = schedule()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", ProvisionalCalendarWarning)
        warnings.filterwarnings("ignore", category=ProvisionalCalendarWarning, module="elsewhere")
        work.add(START, HOUR)
        assert len(seen) == 1
        warnings.filterwarnings("ignore", category=ProvisionalCalendarWarning, module=__name__)
        work.add(START, HOUR)
        assert len(seen) == 1  # this module's answers are now ignored, by warnings itself


def test_other_categories_filters_do_not_matter() -> None:
    work = schedule()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", DeprecationWarning)
        work.add(START, HOUR)
        assert len(seen) == 1
    with warnings.catch_warnings(record=True) as seen:
        warnings.resetwarnings()  # no filter at all: the default action shows it
        work.add(START, HOUR)
        assert len(seen) == 1
