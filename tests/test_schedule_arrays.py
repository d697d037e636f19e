"""Array methods: the scalar answers element for element, for numpy, pandas and pyarrow."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import (
    InvalidArgumentError,
    NaiveDatetimeError,
    NegativeDurationError,
    OutOfRangeError,
    ProvisionalCalendarWarning,
    ReversedIntervalError,
    Schedule,
)
from strategies import durations, instants, schedules

UTC = dt.UTC
H = dt.timedelta(hours=1)
DST_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")
KINDS = ("numpy", "pandas", "arrow", "arrow-chunked")
NINE_TO_SIX = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")


def column(kind: str, values: list[dt.datetime | None]) -> Any:
    """Aware datetimes (None for missing) as a column of ``kind``."""
    utc = [None if v is None else v.astimezone(UTC) for v in values]
    if kind == "numpy":
        return np.array([None if v is None else v.replace(tzinfo=None) for v in utc], "M8[us]")
    if kind == "pandas":
        series = pd.Series(pd.to_datetime(utc, utc=True), index=range(10, 10 + len(utc)))
        return series.dt.tz_convert("Asia/Tokyo").rename("opened")
    array = pa.array(utc, type=pa.timestamp("us", tz="UTC"))
    return pa.chunked_array([array]) if kind == "arrow-chunked" else array


def durations_column(kind: str, values: list[dt.timedelta | None]) -> Any:
    if kind == "numpy":
        return np.array([np.timedelta64("NaT") if v is None else v for v in values], "m8[us]")
    if kind == "pandas":
        return pd.Series(pd.to_timedelta(values))
    return pa.array(values, type=pa.duration("us"))


def back(result: Any) -> list[Any]:
    """A result column as Python values (aware datetimes or timedeltas, None for missing)."""
    if isinstance(result, np.ndarray) and result.dtype == bool:
        return result.tolist()  # type: ignore[no-any-return]
    if isinstance(result, pd.Series) and result.dtype == "boolean":
        return [None if pd.isna(x) else bool(x) for x in result]
    if isinstance(result, np.ndarray):
        out = [None if np.isnat(x) else x.item() for x in result]
        return [x.replace(tzinfo=UTC) if isinstance(x, dt.datetime) else x for x in out]
    if isinstance(result, pd.Series):
        return [None if pd.isna(x) else x.to_pytimedelta() if isinstance(x, pd.Timedelta)
                else x.to_pydatetime() for x in result]  # fmt: skip
    return result.to_pylist()  # type: ignore[no-any-return]


def agree(expected: list[Any], call: Callable[[], Any]) -> set[int]:
    """The array call gives the scalar answers, or the first scalar error; its warnings."""
    errors = [e for e in expected if isinstance(e, type)]
    if errors:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(errors[0]):
                call()
        return set()
    got, warned = scalar(lambda: back(call()))
    assert got == expected
    return warned


def scalar(fn: Callable[[], Any]) -> tuple[Any, set[int]]:
    """An answer (or the error type) and the provisional years it warned of."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            answer = fn()
        except Exception as error:
            answer = type(error)
    return answer, {w.message.year for w in caught}


class TestElementForElement:
    """Hypothesis: every array answer is the scalar answer, DST zones included."""

    @given(
        schedules(zones=DST_ZONES),
        st.lists(st.one_of(instants(), st.none()), max_size=12),
        st.lists(durations, min_size=12, max_size=12),
        st.sampled_from(KINDS),
        st.booleans(),
    )
    def test_add_and_subtract(
        self,
        schedule: Schedule,
        starts: list[dt.datetime | None],
        amounts: list[dt.timedelta],
        kind: str,
        per_element: bool,
    ) -> None:
        """add_array and subtract_array equal add and subtract, warnings included."""
        one_for_all = amounts[0]
        amounts = amounts[: len(starts)] if per_element else [one_for_all] * len(starts)
        duration = (
            durations_column(kind.split("-", maxsplit=1)[0], amounts)
            if per_element
            else one_for_all
        )
        for method, one in (
            (schedule.add_array, schedule.add),
            (schedule.subtract_array, schedule.subtract),
        ):
            expected, years = [], set()
            for t, d in zip(starts, amounts, strict=True):
                answer, warned = scalar(lambda t=t, d=d, one=one: None if t is None else one(t, d))
                expected.append(answer)
                years |= warned
            warned = agree(expected, lambda m=method: m(column(kind, starts), duration))
            assert warned == (set() if any(isinstance(e, type) for e in expected) else years)

    @given(
        schedules(zones=DST_ZONES),
        st.lists(st.tuples(instants(), durations), max_size=12),
        st.sampled_from(KINDS),
    )
    def test_elapsed(
        self, schedule: Schedule, pairs: list[tuple[dt.datetime, dt.timedelta]], kind: str
    ) -> None:
        """elapsed_array equals elapsed for each pair, warnings included."""
        starts = [t for t, _ in pairs]
        ends = [t + d * 5 for t, d in pairs]
        expected, years = [], set()
        for a, b in zip(starts, ends, strict=True):
            answer, warned = scalar(lambda a=a, b=b: schedule.elapsed(a, b))
            expected.append(answer)
            years |= warned
        got, warned = scalar(
            lambda: back(schedule.elapsed_array(column(kind, starts), column(kind, ends)))
        )
        assert got == expected
        assert warned == years

    @given(schedules(zones=DST_ZONES), st.lists(instants(), max_size=12), st.sampled_from(KINDS))
    def test_is_open(self, schedule: Schedule, values: list[dt.datetime], kind: str) -> None:
        """is_open_array equals is_open for each instant."""
        assert back(schedule.is_open_array(column(kind, values))) == [
            schedule.is_open(t) for t in values
        ]

    @given(schedules(), st.lists(instants(), min_size=1, max_size=6))
    def test_long_durations_cross_many_years(
        self, schedule: Schedule, starts: list[dt.datetime]
    ) -> None:
        """A duration of years of working time lands where the scalar walk lands."""
        amount = dt.timedelta(days=400)
        expected = [scalar(lambda t=t: schedule.add(t, amount)) for t in starts]
        answers = [answer for answer, _ in expected]
        warned = agree(answers, lambda: schedule.add_array(column("numpy", starts), amount))
        if not any(isinstance(e, type) for e in answers):
            assert warned == set().union(*(years for _, years in expected))


class TestKinds:
    """What comes out is the kind that went in, with its index, zone and missing values."""

    def test_numpy_is_utc_and_keeps_its_shape(self) -> None:
        """Naive datetime64 are UTC instants (06:00Z is 09:00 MSK), out as UTC, same shape."""
        starts = np.array([["2026-11-23T06:00", "NaT"]], dtype="M8[s]")
        result = NINE_TO_SIX.add_array(starts, 3 * H)
        assert result.dtype == np.dtype("M8[us]")
        assert result.shape == (1, 2)
        # 09:00 MSK + 3 working hours = 12:00 MSK = 09:00Z.
        assert result[0, 0] == np.datetime64("2026-11-23T09:00", "us")
        assert np.isnat(result[0, 1])

    def test_pandas_keeps_index_and_name_in_the_schedule_zone(self) -> None:
        """A Series comes back in the schedule's zone with the input's index and name."""
        starts = pd.Series(
            pd.to_datetime(["2026-11-27 17:00", None]).tz_localize("Europe/Moscow"),
            index=["a", "b"],
            name="opened",
        )
        result = NINE_TO_SIX.add_array(starts, 2 * H)
        assert str(result.dtype) == "datetime64[us, Europe/Moscow]"
        assert list(result.index) == ["a", "b"]
        assert result.name == "opened"
        # Friday 17:00 + 2 working hours: 1 h on Friday, 1 h on Monday -> Mon 10:00.
        assert result["a"] == pd.Timestamp("2026-11-30 10:00", tz="Europe/Moscow")
        assert pd.isna(result["b"])

    def test_arrow_out_is_microseconds_in_the_schedule_zone(self) -> None:
        """pyarrow comes back as timestamp[us, tz=<schedule zone>], nulls kept."""
        starts = pa.array(
            [dt.datetime(2026, 11, 23, 6, tzinfo=UTC), None], type=pa.timestamp("ms", tz="UTC")
        )
        result = NINE_TO_SIX.add_array(starts, H)
        assert result.type == pa.timestamp("us", tz="Europe/Moscow")
        assert result.to_pylist()[0] == dt.datetime(2026, 11, 23, 7, tzinfo=UTC)  # 10:00 MSK
        assert result.null_count == 1

    def test_elapsed_kinds(self) -> None:
        """Durations come back as timedelta64[us], a timedelta Series, or duration[us]."""
        a = [dt.datetime(2026, 11, 23, 6, tzinfo=UTC)]
        b = [dt.datetime(2026, 11, 24, 6, tzinfo=UTC)]  # Mon 09:00 to Tue 09:00 MSK: 9 h
        assert NINE_TO_SIX.elapsed_array(column("numpy", a), column("numpy", b)).dtype == "m8[us]"
        series = NINE_TO_SIX.elapsed_array(column("pandas", a), column("pandas", b))
        assert series.iloc[0] == pd.Timedelta(hours=9)
        assert list(series.index) == [10]
        arrow = NINE_TO_SIX.elapsed_array(column("arrow", a), column("arrow", b))
        assert arrow.type == pa.duration("us")
        assert arrow.to_pylist() == [9 * H]

    def test_nat_durations_and_nat_ends_give_nat(self) -> None:
        """A missing duration or a missing end gives a missing answer, not an error."""
        starts = column("numpy", [dt.datetime(2026, 11, 23, 6, tzinfo=UTC)] * 2)
        result = NINE_TO_SIX.add_array(starts, durations_column("numpy", [H, None]))
        assert back(result) == [dt.datetime(2026, 11, 23, 7, tzinfo=UTC), None]
        assert np.isnat(NINE_TO_SIX.add_array(starts, np.timedelta64("NaT"))).all()
        ends = column("numpy", [None, dt.datetime(2026, 11, 23, 8, tzinfo=UTC)])
        assert back(NINE_TO_SIX.elapsed_array(starts, ends)) == [None, 2 * H]

    @pytest.mark.parametrize("kind", KINDS)
    def test_empty_columns(self, kind: str) -> None:
        """An empty column gives an empty column of the same kind."""
        assert back(NINE_TO_SIX.add_array(column(kind, []), H)) == []
        assert back(NINE_TO_SIX.elapsed_array(column(kind, []), column(kind, []))) == []
        assert back(NINE_TO_SIX.is_open_array(column(kind, []))) == []

    def test_scalar_duration_kinds(self) -> None:
        """A numpy timedelta64 or a pandas Timedelta scalar is one duration for all."""
        starts = column("numpy", [dt.datetime(2026, 11, 23, 6, tzinfo=UTC)])
        expected = [dt.datetime(2026, 11, 23, 8, tzinfo=UTC)]
        assert back(NINE_TO_SIX.add_array(starts, np.timedelta64(2, "h"))) == expected
        assert back(NINE_TO_SIX.add_array(starts, pd.Timedelta(hours=2))) == expected

    def test_a_year_without_working_time(self) -> None:
        """Every Wednesday of 2026 off on a Wednesdays-only desk: closed all year, moved to 2027."""
        first = dt.date(2026, 1, 7)
        schedule = Schedule.weekly(
            {"wed": "10:00-12:00"},
            tz="UTC",
            days_off=[first + dt.timedelta(weeks=i) for i in range(52)],
        )
        starts = column("numpy", [dt.datetime(2026, 3, 4, 11, tzinfo=UTC)])
        assert back(schedule.is_open_array(starts)) == [False]
        assert back(schedule.add_array(starts, dt.timedelta(0))) == back(starts)
        ends = column("numpy", [dt.datetime(2026, 5, 4, 11, tzinfo=UTC)])
        assert back(schedule.elapsed_array(starts, ends)) == [dt.timedelta(0)]
        # The first Wednesday of 2027 is January 6: 10:00 + 1 h.
        assert back(schedule.add_array(starts, H)) == [dt.datetime(2027, 1, 6, 11, tzinfo=UTC)]

    def test_is_open_nulls(self) -> None:
        """is_open_array gives NA/null for a missing instant; numpy has no null boolean."""
        values = [dt.datetime(2026, 11, 23, 7, tzinfo=UTC), None]
        assert back(NINE_TO_SIX.is_open_array(column("pandas", values))) == [True, None]
        assert back(NINE_TO_SIX.is_open_array(column("arrow", values))) == [True, None]
        with pytest.raises(InvalidArgumentError, match=r"instants\[1\]"):
            NINE_TO_SIX.is_open_array(column("numpy", values))


class TestErrors:
    """The scalar calls' errors, naming the first offending element."""

    def test_naive_pandas_and_arrow_columns(self) -> None:
        """A column without a zone is never read as local time."""
        with pytest.raises(NaiveDatetimeError):
            NINE_TO_SIX.add_array(pd.Series(pd.to_datetime(["2026-11-23 09:00"])), H)
        with pytest.raises(NaiveDatetimeError):
            NINE_TO_SIX.add_array(pa.array([dt.datetime(2026, 11, 23, 9)]), H)

    @pytest.mark.parametrize(
        "value",
        [
            [dt.datetime(2026, 11, 23, tzinfo=UTC)],
            np.array([1, 2]),
            pd.Series([1, 2]),
            pa.array([1, 2]),
        ],
        ids=["list", "numpy-int", "pandas-int", "arrow-int"],
    )
    def test_not_a_column_of_instants(self, value: object) -> None:
        """Anything but the three kinds of timestamp column is refused, listing them."""
        with pytest.raises(InvalidArgumentError, match="numpy datetime64 array"):
            NINE_TO_SIX.add_array(value, H)

    def test_bad_durations(self) -> None:
        """Durations of another length, type or sign are refused with the element named."""
        starts = column("numpy", [dt.datetime(2026, 11, 23, tzinfo=UTC)] * 3)
        with pytest.raises(InvalidArgumentError, match="one per start"):
            NINE_TO_SIX.add_array(starts, durations_column("numpy", [H]))
        with pytest.raises(InvalidArgumentError, match="duration"):
            NINE_TO_SIX.add_array(starts, 3)
        with pytest.raises(NegativeDurationError, match=r"duration\[1\]"):
            NINE_TO_SIX.add_array(starts, durations_column("numpy", [H, -H, -H]))
        with pytest.raises(NegativeDurationError):
            NINE_TO_SIX.add_array(starts, np.timedelta64(-1, "h"))
        with pytest.raises(NegativeDurationError):
            NINE_TO_SIX.add_array(starts, -H)
        with pytest.raises(InvalidArgumentError, match="fixed unit"):
            NINE_TO_SIX.add_array(starts, np.array([1, 1, 1], dtype="m8[M]"))

    def test_nanoseconds_are_refused_not_rounded(self) -> None:
        """slakit is exact to the microsecond: a nanosecond would be silently lost."""
        starts = np.array(["2026-11-23T09:00", "2026-11-23T09:00:00.000000001"], "M8[ns]")
        with pytest.raises(InvalidArgumentError, match=r"starts\[1\]"):
            NINE_TO_SIX.add_array(starts, H)
        with pytest.raises(InvalidArgumentError, match="duration"):
            NINE_TO_SIX.add_array(starts[:1], pd.Timedelta(1, "ns"))

    def test_out_of_range_names_the_first_element(self) -> None:
        """Starts or results outside 1970-2100 raise OutOfRangeError naming the element."""
        starts = column(
            "numpy",
            [dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2101, 6, 1, tzinfo=UTC)],
        )
        with pytest.raises(OutOfRangeError, match=r"starts\[1\]"):
            NINE_TO_SIX.add_array(starts, H)
        late = column("numpy", [dt.datetime(2026, 1, 1, tzinfo=UTC)] * 2)
        with pytest.raises(OutOfRangeError, match=r"starts\[0\]"):
            NINE_TO_SIX.add_array(late, dt.timedelta(days=365 * 80))
        with pytest.raises(OutOfRangeError, match=r"ends\[1\]"):
            NINE_TO_SIX.subtract_array(
                column("numpy", [None, dt.datetime(1969, 1, 1, tzinfo=UTC)]), H
            )
        with pytest.raises(OutOfRangeError, match=r"ends\[0\]"):
            NINE_TO_SIX.elapsed_array(
                late, column("numpy", [dt.datetime(2102, 1, 1, tzinfo=UTC)] * 2)
            )
        with pytest.raises(OutOfRangeError, match=r"instants\[1\]"):
            NINE_TO_SIX.is_open_array(starts)

    def test_results_past_the_last_year(self) -> None:
        """Working time that runs out before 2101 is the scalar call's OutOfRangeError."""
        schedule = Schedule.weekly({"wed": "10:00-10:15"}, tz="UTC")
        starts = column("numpy", [dt.datetime(2099, 1, 1, tzinfo=UTC)])
        amount = dt.timedelta(hours=30)  # 120 Wednesdays: past 2100
        with pytest.raises(OutOfRangeError):
            schedule.add(dt.datetime(2099, 1, 1, tzinfo=UTC), amount)
        with pytest.raises(OutOfRangeError, match=r"starts\[0\]"):
            schedule.add_array(starts, amount)
        early = column("numpy", [dt.datetime(1971, 1, 1, tzinfo=UTC)])
        with pytest.raises(OutOfRangeError):
            schedule.subtract(dt.datetime(1971, 1, 1, tzinfo=UTC), amount)
        with pytest.raises(OutOfRangeError, match=r"ends\[0\]"):
            schedule.subtract_array(early, amount)

    def test_reversed_pairs_name_the_first(self) -> None:
        """An end before its start is a ReversedIntervalError naming the pair."""
        a = column("numpy", [dt.datetime(2026, 1, 2, tzinfo=UTC)] * 2)
        b = column(
            "numpy", [dt.datetime(2026, 1, 3, tzinfo=UTC), dt.datetime(2026, 1, 1, tzinfo=UTC)]
        )
        with pytest.raises(ReversedIntervalError, match=r"ends\[1\].*starts\[1\]"):
            NINE_TO_SIX.elapsed_array(a, b)
        with pytest.raises(InvalidArgumentError, match="one end per start"):
            NINE_TO_SIX.elapsed_array(a, b[:1])


class TestProvisionalYears:
    def test_one_warning_per_provisional_year_per_call(self) -> None:
        """Answers in 2028 and 2029 warn once each per call, as errors too."""
        starts = column(
            "numpy",
            [dt.datetime(2028, 3, 1, 6, tzinfo=UTC), dt.datetime(2029, 3, 1, 6, tzinfo=UTC)] * 3,
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            NINE_TO_SIX.add_array(starts, H)
        assert sorted(w.message.year for w in caught) == [2028, 2029]
        with warnings.catch_warnings():
            warnings.simplefilter("error", ProvisionalCalendarWarning)
            # Zero-length pairs rest on no calendar; is_open rests on each instant's year.
            assert not NINE_TO_SIX.elapsed_array(starts, starts).any()
            with pytest.raises(ProvisionalCalendarWarning):
                NINE_TO_SIX.is_open_array(starts)

    def test_an_end_at_new_year_rests_on_the_year_before(self) -> None:
        """elapsed up to 2028-01-01 00:00 needs nothing of 2028: no warning."""
        a = column("numpy", [dt.datetime(2027, 12, 30, tzinfo=UTC)])
        end = dt.datetime(2027, 12, 31, 21, tzinfo=UTC)  # 2028-01-01 00:00 MSK
        with warnings.catch_warnings():
            warnings.simplefilter("error", ProvisionalCalendarWarning)
            expected = NINE_TO_SIX.elapsed(dt.datetime(2027, 12, 30, tzinfo=UTC), end)
            assert back(NINE_TO_SIX.elapsed_array(a, column("numpy", [end]))) == [expected]


def test_import_slakit_needs_no_numpy() -> None:
    """The core imports none of numpy, pandas or pyarrow."""
    code = (
        "import sys, slakit, datetime as dt; "
        "slakit.Schedule.always().add(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.timedelta(1)); "
        "print(sorted({'numpy', 'pandas', 'pyarrow'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
