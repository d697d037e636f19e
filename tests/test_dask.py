"""slakit.dask on a distributed LocalCluster: the same answers as one process.

Two workers inside this process (processes=False), so coverage sees the code the
workers run; benchmarks/bench_dask.py runs worker processes, whose task arguments
(schedules, regulations) are pickled as on a real cluster, and checks the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import dask
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster
from tests import engine_tickets

import slakit
from slakit import dask as sdask
from slakit import frame
from slakit.presets import distate

pytestmark = pytest.mark.engines

UTC = dt.UTC
HOUR = dt.timedelta(hours=1)
DISTATE = distate.REGULATION.schedule  # Mon-Fri 10-18 MSK, RU calendar
NIGHTS = slakit.Schedule.weekly({"sat": "22:00-06:00"}, tz="Europe/Berlin", country=None)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two single-threaded workers in this process."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as session,
    ):
        yield session


def _series(values: list[dt.datetime | None], name: str = "start") -> Any:
    column = pd.Series(pd.to_datetime(values, utc=True), name=name).dt.as_unit("us")
    return dd.from_pandas(column, npartitions=2)


class TestArrays:
    def test_hand_worked_deadlines_and_elapsed(self, client: Client) -> None:
        """Friday 17:00 MSK + 1 h closes at 18:00; + 3 h is Monday 12:00; NaT stays NaT."""
        friday = dt.datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # Fri 17:00 MSK
        starts = _series([friday, None, friday])
        one = sdask.add(DISTATE, starts, HOUR).compute()
        assert one.dtype == "datetime64[us, Europe/Moscow]"
        assert one.iloc[0] == dt.datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
        assert one.isna().tolist() == [False, True, False]
        # 1 h on Friday (17-18 MSK) and 2 h on Monday 23 November (10-12 MSK).
        three = sdask.add(DISTATE, starts, 3 * HOUR)
        assert three.compute().iloc[2] == dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        spans = sdask.elapsed(DISTATE, starts, three.dt.tz_convert("UTC")).compute()
        assert spans.dtype == "timedelta64[us]"
        assert spans.iloc[0] == 3 * HOUR
        assert spans.isna().tolist() == [False, True, False]

    def test_the_long_october_night(self, client: Client) -> None:
        """9 real hours fill Berlin's Saturday night shift of 24-25 October 2026."""
        start = dt.datetime(2026, 10, 24, 20, 0, tzinfo=UTC)  # Sat 22:00 CEST
        got = sdask.add(NIGHTS, _series([start]), 9 * HOUR).compute()
        assert got.iloc[0] == dt.datetime(2026, 10, 25, 5, 0, tzinfo=UTC)  # 06:00 CET

    def test_generated_columns_match_the_scalar_engine(self, client: Client) -> None:
        """3,000 random starts with per-row durations: Schedule.add and elapsed, row by row."""
        rng = random.Random(16)
        origin = dt.datetime(2024, 1, 1, tzinfo=UTC)
        starts = [
            origin + dt.timedelta(seconds=rng.randrange(3 * 365 * 86400)) for _ in range(3000)
        ]
        amounts = [dt.timedelta(seconds=rng.randrange(200 * 3600)) for _ in range(3000)]
        column = dd.from_pandas(
            pd.DataFrame({"start": starts, "duration": amounts}).astype(
                {"start": "datetime64[us, UTC]", "duration": "timedelta64[us]"}
            ),
            npartitions=3,
        )
        deadlines = sdask.add(DISTATE, column["start"], column["duration"])
        spans = sdask.elapsed(DISTATE, column["start"], deadlines.dt.tz_convert("UTC"))
        got, worked = dask.compute(deadlines, spans)
        assert got.tolist() == [DISTATE.add(a, d) for a, d in zip(starts, amounts, strict=True)]
        assert worked.tolist() == amounts

    def test_wrong_arguments_are_refused_at_once(self) -> None:
        """A non-schedule, a non-Series or a negative duration: errors naming the argument."""
        starts = _series([dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC)])
        with pytest.raises(
            slakit.InvalidArgumentError, match=r"schedule must be a slakit\.Schedule"
        ):
            sdask.add("distate", starts, HOUR)  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="starts must be a dask"):
            sdask.add(DISTATE, [1, 2], HOUR)
        with pytest.raises(slakit.InvalidArgumentError, match="duration must be a dask"):
            sdask.add(DISTATE, starts, 3.5)
        with pytest.raises(slakit.NegativeDurationError, match="duration"):
            sdask.add(DISTATE, starts, -HOUR)
        with pytest.raises(slakit.InvalidArgumentError, match="ends must be a dask"):
            sdask.elapsed(DISTATE, starts, None)

    def test_errors_in_the_data_are_raised_on_compute(self, client: Client) -> None:
        """An end before its start raises slakit's ReversedIntervalError from the worker."""
        start = dt.datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
        ends = _series([start - HOUR], name="end")
        with pytest.raises(slakit.ReversedIntervalError):
            sdask.elapsed(DISTATE, _series([start]), ends).compute()


def _canonical(result: Any) -> Any:
    """Rows sorted by ticket, clock and cycle (partitions come in no fixed order)."""
    return result.sort_values(["ticket", "clock", "cycle"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def tickets() -> Any:
    """2,000 generated tickets' events (every preset, pauses, ties, coupons)."""
    return engine_tickets.frame(2000)


class TestStatuses:
    def test_generated_tickets_match_one_process(self, client: Client, tickets: Any) -> None:
        """2,000 tickets on two workers give frame.statuses's frame, dtypes and values."""
        want = frame.statuses(tickets, now=engine_tickets.NOW)
        # Coupons are dicts in an object column: dask's default would turn them into text.
        with dask.config.set({"dataframe.convert-string": False}):
            ddf = dd.from_pandas(tickets, npartitions=4)
        got = sdask.statuses(ddf, now=engine_tickets.NOW).compute()
        assert len(got) == len(want) > 2000
        assert got.dtypes.equals(want.dtypes)
        pd.testing.assert_frame_equal(_canonical(got), _canonical(want))

    def test_whole_tickets_without_a_shuffle(self, client: Client, tickets: Any) -> None:
        """Partitions of whole tickets (by a hash of the id): no shuffle, the same answers."""
        want = frame.statuses(tickets, now=engine_tickets.NOW)
        with dask.config.set({"dataframe.convert-string": False}):
            ddf = sdask.partition_by_ticket(tickets, 3)
        assert ddf.npartitions == 3
        parts = [set(ddf.get_partition(i).compute()["ticket"]) for i in range(3)]
        assert sum(map(len, parts)) == len(set().union(*parts)) == tickets["ticket"].nunique()
        got = sdask.statuses(ddf, now=engine_tickets.NOW, whole_tickets=True).compute()
        pd.testing.assert_frame_equal(_canonical(got), _canonical(want))

    def test_partition_by_ticket_arguments(self) -> None:
        with pytest.raises(slakit.InvalidArgumentError, match="npartitions"):
            sdask.partition_by_ticket(pd.DataFrame({"ticket": ["T-1"]}), 0)
        with pytest.raises(slakit.InvalidArgumentError, match="'ticket' column"):
            sdask.partition_by_ticket(pd.DataFrame({"id": ["T-1"]}), 2)

    def test_order_column_after_a_shuffle(self, client: Client, tickets: Any) -> None:
        """Rows shuffled across partitions, text as pyarrow strings: seq keeps ties in order."""
        special = set(tickets.loc[tickets["coupon"].notna(), "ticket"])
        plain = tickets[~tickets["ticket"].isin(special)].drop(columns=["coupon"])
        want = frame.statuses(plain, now=engine_tickets.NOW)
        shuffled = plain.assign(seq=range(len(plain))).sample(frac=1, random_state=3)
        ddf = dd.from_pandas(shuffled, npartitions=5, sort=False)
        got = sdask.statuses(ddf, now=engine_tickets.NOW, order="seq").compute()
        pd.testing.assert_frame_equal(_canonical(got), _canonical(want))

    def test_one_regulation_for_every_ticket(self, client: Client) -> None:
        """regulation= stands in for a preset column; 10:15 + 3 wh is due 13:15 MSK."""
        opened = dt.datetime(2026, 11, 23, 7, 15, tzinfo=UTC)  # Mon 10:15 MSK
        events = pd.DataFrame(
            {
                "ticket": ["T-1"],
                "event": ["opened"],
                "at": [opened],
                "level": ["partner-operational"],
            }
        )
        now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 MSK
        got = sdask.statuses(
            dd.from_pandas(events, npartitions=1), now=now, regulation=distate.REGULATION
        ).compute()
        # 3 working hours from 10:15 MSK: 13:15 MSK, 10:15 UTC; 1 h 15 min remain at noon.
        assert got["deadline"].tolist() == [dt.datetime(2026, 11, 23, 10, 15, tzinfo=UTC)]
        assert got["remaining"].tolist() == [dt.timedelta(hours=1, minutes=15)]

    def test_columns_and_arguments_are_checked_at_once(self) -> None:
        """Unknown or missing columns, a bad order, regulation, now or frame."""
        events = dd.from_pandas(
            pd.DataFrame({"ticket": ["T-1"], "event": ["opened"], "at": ["2026-11-23T10:00Z"]}),
            npartitions=1,
        )
        now = engine_tickets.NOW
        with pytest.raises(slakit.EventFormatError, match='unknown column "priority"'):
            sdask.statuses(events.assign(priority=1), now=now)
        with pytest.raises(slakit.EventFormatError, match="no column 'event'"):
            sdask.statuses(events.drop(columns=["event"]), now=now)
        with pytest.raises(slakit.InvalidArgumentError, match="order must be the name of a column"):
            sdask.statuses(events, now=now, order="seq")
        with pytest.raises(slakit.InvalidArgumentError, match="regulation"):
            sdask.statuses(events, now=now, regulation="distate")  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="whole_tickets"):
            sdask.statuses(events, now=now, whole_tickets="yes")  # type: ignore[arg-type]
        with pytest.raises(slakit.NaiveDatetimeError, match="now"):
            sdask.statuses(events, now=dt.datetime(2026, 1, 1))
        with pytest.raises(slakit.InvalidArgumentError, match="ddf must be a dask"):
            sdask.statuses(pd.DataFrame(), now=now)

    def test_row_errors_are_raised_on_compute(self, client: Client) -> None:
        """A resume without a pause raises TicketEventError naming the ticket."""
        at = dt.datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
        events = pd.DataFrame(
            {
                "ticket": ["T-9", "T-9"],
                "preset": ["distate", "distate"],
                "event": ["opened", "resumed"],
                "at": [at, at + HOUR],
                "level": ["partner-standard", None],
            }
        )
        result = sdask.statuses(dd.from_pandas(events, npartitions=1), now=engine_tickets.NOW)
        with pytest.raises(slakit.TicketEventError, match="ticket T-9"):
            result.compute()
