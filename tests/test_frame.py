"""slakit.frame: event tables in, one row per clock out, the same answers as Ticket.status."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from slakit import (
    Coupon,
    EventFormatError,
    InvalidArgumentError,
    NaiveDatetimeError,
    Ticket,
    TicketEventError,
    frame,
)
from slakit.presets import distate
from ticket_strategies import (
    CHOICES,
    TRANSITIONS,
    History,
    Step,
    apply,
    gaps,
    histories,
    later,
    regulations,
    shown,
)

MSK = ZoneInfo("Europe/Moscow")
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, tzinfo=UTC)

ROWS = [
    {"ticket": "T-1", "preset": "distate", "event": "opened",
     "at": "2026-11-23T10:15:00+03:00", "level": "partner-operational"},
    {"ticket": "T-1", "event": "agent_reply", "at": "2026-11-23T11:00:00+03:00"},
    {"ticket": "T-2", "preset": "technomarket", "event": "opened",
     "at": "2026-11-23T10:15:00+03:00", "level": "commercial-standard"},
    {"ticket": "T-1", "event": "customer_reply", "at": "2026-11-23T12:00:00+03:00"},
]  # fmt: skip


def _us(value: Any) -> int | None:
    """A timestamp or timedelta cell as microseconds (None for NaT/null)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return int(value.timestamp()) * 1_000_000 + value.microsecond
    return int(value // dt.timedelta(microseconds=1))


def expected(ticket_id: str, preset: str | None, ticket: Ticket, now: dt.datetime) -> list[dict]:
    """The rows statuses() must give for one ticket, from Ticket.status."""
    status = ticket.status(now)
    clocks = [("reaction", i, c) for i, c in enumerate(status.cycles, 1)]
    if status.resolution is not None:
        clocks.append(("resolution", None, status.resolution))
    return [
        {
            "ticket": ticket_id,
            "preset": preset,
            "level": status.level,
            "state": status.state.value,
            "clock": name,
            "cycle": cycle,
            "outcome": clock.outcome.value,
            "started_at": _us(clock.started_at),
            "deadline": _us(clock.deadline),
            "stopped_at": _us(clock.stopped_at),
            "elapsed": _us(clock.elapsed),
            "remaining": _us(clock.remaining),
            "overdue": _us(clock.overdue),
            "used": clock.used,
            "paused": clock.paused,
        }
        for name, cycle, clock in clocks
    ]


def as_rows(result: Any) -> list[dict]:
    """Output rows as plain values, from a DataFrame or a Table."""
    if isinstance(result, pa.Table):
        records = result.to_pylist()
    else:
        records = result.astype(object).where(result.notna(), None).to_dict("records")
    rows = []
    for record in records:
        row = dict(record)
        for name in ("started_at", "deadline", "stopped_at", "elapsed", "remaining", "overdue"):
            row[name] = _us(row[name])
        if row["used"] is not None and math.isnan(row["used"]):
            row["used"] = None
        row["cycle"] = None if row["cycle"] is None else int(row["cycle"])
        row["paused"] = bool(row["paused"])
        rows.append(row)
    return rows


def table_of(ticket_id: str, ticket: Ticket, preset: str | None = None) -> list[dict]:
    rows = []
    for event in ticket.to_events():
        rows.append({"ticket": ticket_id, "preset": preset, **event})
    return rows


class TestStatuses:
    def test_hand_worked(self) -> None:
        """DiState partner-operational (3 wh, Mon-Fri 10-18 MSK) and Technomarket, by hand."""
        result = frame.statuses(pd.DataFrame(ROWS), now=NOW)
        rows = as_rows(result)
        assert [(r["ticket"], r["clock"], r["cycle"], r["outcome"]) for r in rows] == [
            ("T-1", "reaction", 1, "met"),
            ("T-1", "reaction", 2, "breached"),
            ("T-2", "reaction", 1, "running"),
            ("T-2", "resolution", None, "running"),
        ]
        hour = 3_600_000_000
        first, second = rows[0], rows[1]
        # Opened Mon 10:15 MSK: 3 wh -> 13:15 MSK = 10:15 UTC; answered 11:00 after 45 min.
        assert result["deadline"][0] == pd.Timestamp("2026-11-23 10:15", tz="UTC")
        assert first["elapsed"] == 3 * hour // 4
        assert first["remaining"] == 9 * hour // 4
        assert first["used"] == 0.25
        # Customer at 12:00 MSK: deadline 15:00 MSK; by Tue 03:00 MSK, 12:00-18:00 = 6 h
        # used of 3: 3 h overdue, used 2.0, still running past its deadline.
        assert second["deadline"] == first["deadline"] + 2 * hour - hour // 4
        assert (second["elapsed"], second["overdue"], second["used"]) == (6 * hour, 3 * hour, 2.0)
        assert second["stopped_at"] is None

    def test_types(self) -> None:
        """Output dtypes are UTC timestamps and microsecond durations, as COLUMNS says."""
        result = frame.statuses(pd.DataFrame(ROWS), now=NOW)
        assert list(result.columns) == [name for name, _ in frame.COLUMNS]
        assert str(result["deadline"].dtype) == "datetime64[us, UTC]"
        assert str(result["elapsed"].dtype) == "timedelta64[us]"
        assert str(result["cycle"].dtype) == "Int32"
        table = frame.statuses(pa.Table.from_pylist(ROWS), now=NOW)
        assert table.schema == frame.arrow_schema()

    def test_kinds_of_input_agree(self) -> None:
        """ISO text, tz-aware pandas timestamps (any unit) and Arrow tables give one answer."""
        text = pd.DataFrame(ROWS)
        base = as_rows(frame.statuses(text, now=NOW))
        for unit in ("s", "ms", "us", "ns"):
            stamped = text.assign(
                at=pd.to_datetime(text["at"], utc=True).dt.tz_convert(MSK).dt.as_unit(unit)
            )
            assert as_rows(frame.statuses(stamped, now=NOW)) == base
            arrow = pa.Table.from_pandas(stamped, preserve_index=False)
            assert as_rows(frame.statuses(arrow, now=NOW)) == base
        objects = text.assign(at=[dt.datetime.fromisoformat(a) for a in text["at"]])
        assert as_rows(frame.statuses(objects, now=NOW)) == base

    def test_rows_in_any_order(self) -> None:
        """A ticket's rows are taken in order of their instants: shuffled rows, same clocks."""
        shuffled = pd.DataFrame([ROWS[3], ROWS[2], ROWS[1], ROWS[0]])
        by_ticket = sorted(as_rows(frame.statuses(shuffled, now=NOW)), key=lambda r: r["ticket"])
        assert by_ticket == as_rows(frame.statuses(pd.DataFrame(ROWS), now=NOW))

    def test_events_after_now_are_left_out(self) -> None:
        """As of Mon 11:30 MSK, T-1's customer reply has not happened: one cycle, met."""
        now = dt.datetime(2026, 11, 23, 11, 30, tzinfo=MSK)
        table = pd.DataFrame(ROWS).assign(preset=["distate", "distate", "technomarket", None])
        rows = as_rows(frame.statuses(table, now=now))
        assert [(r["ticket"], r["outcome"]) for r in rows] == [
            ("T-1", "met"), ("T-2", "running"), ("T-2", "running"),
        ]  # fmt: skip
        before = dt.datetime(2026, 11, 23, 10, tzinfo=MSK)
        assert len(frame.statuses(pd.DataFrame(ROWS), now=before)) == 0

    def test_regulation_for_all(self) -> None:
        """regulation= applies to every ticket; the preset column may then be missing."""
        rows = [{k: v for k, v in row.items() if k != "preset"} for row in ROWS[:2]]
        result = as_rows(frame.statuses(pd.DataFrame(rows), now=NOW, regulation=distate.REGULATION))
        assert result[0]["outcome"] == "met"
        assert result[0]["preset"] is None

    def test_coupon(self) -> None:
        """A DiState special request opened with its coupon, as the event file writes it."""
        coupon = Coupon(
            "C-1", dt.datetime(2026, 1, 1, tzinfo=MSK), distate.REGULATION.level("special").quota
        )
        ticket = Ticket.open(
            distate.REGULATION, "special", at=dt.datetime(2026, 3, 2, 3, tzinfo=MSK), coupon=coupon
        )
        now = dt.datetime(2026, 3, 2, 3, 30, tzinfo=MSK)
        want = expected("S-1", "distate", ticket, now)
        rows = table_of("S-1", ticket, "distate")
        assert as_rows(frame.statuses(pd.DataFrame(rows), now=now)) == want
        assert as_rows(frame.statuses(pa.Table.from_pylist(rows), now=now)) == want

    def test_empty(self) -> None:
        """No rows in, no rows out, with the output columns."""
        empty = pd.DataFrame({"ticket": [], "event": [], "at": []})
        result = frame.statuses(empty, now=NOW)
        assert list(result.columns) == [name for name, _ in frame.COLUMNS]
        assert len(result) == 0
        assert frame.statuses_of_ticket(empty, now=NOW).empty


class TestPerTicket:
    def test_one_ticket(self) -> None:
        """statuses_of_ticket on one ticket's group equals that ticket's rows of statuses."""
        table = pd.DataFrame(ROWS)
        whole = as_rows(frame.statuses(table, now=NOW))
        for ticket_id, group in table.groupby("ticket", sort=False):
            part = as_rows(frame.statuses_of_ticket(group, now=NOW))
            assert part == [row for row in whole if row["ticket"] == ticket_id]

    def test_arrow_group(self) -> None:
        """An Arrow table of one ticket works the same."""
        table = pa.Table.from_pylist(ROWS[2:3])
        assert len(frame.statuses_of_ticket(table, now=NOW)) == 2

    @pytest.mark.parametrize("kind", ["pandas", "arrow"])
    def test_several_tickets_refused(self, kind: str) -> None:
        """A group of two tickets is refused, naming what to use instead."""
        table = pd.DataFrame(ROWS) if kind == "pandas" else pa.Table.from_pylist(ROWS)
        with pytest.raises(InvalidArgumentError, match="2 tickets"):
            frame.statuses_of_ticket(table, now=NOW)


def _bad(**changes: Any) -> pd.DataFrame:
    rows = [dict(row) for row in ROWS]
    rows[1].update(changes)
    return pd.DataFrame(rows)


class TestErrors:
    @pytest.mark.parametrize(
        ("changes", "field", "words"),
        [
            ({"event": "replied"}, "event", "unknown event"),
            ({"at": "2026-11-23 11:00"}, "at", "ISO 8601"),
            ({"at": "2026-02-30T11:00:00+03:00"}, "at", "not a real date"),
            ({"at": None}, "at", "missing"),
            ({"reason": "lunch"}, "reason", "unknown reason"),
            ({"level": "partner-standard"}, "level", "takes no level"),
            ({"preset": "technomarket"}, "preset", "but row 0 named 'distate'"),
            ({"preset": "acme"}, "preset", "unknown preset"),
            ({"coupon": {"code": "C"}}, "coupon", "code and issued_at"),
            ({"coupon": {"code": "", "issued_at": "2026-01-01T00:00:00Z"}}, "coupon", "non-empty"),
            ({"at": dt.datetime(2026, 11, 23, 11)}, "at", "without a time zone"),
        ],
    )
    def test_bad_row(self, changes: dict, field: str, words: str) -> None:
        """A bad cell names its row, its ticket and its field."""
        with pytest.raises(
            EventFormatError, match=f"row 1, ticket T-1, field '{field}': .*{words}"
        ) as info:
            frame.statuses(_bad(**changes), now=NOW)
        assert (info.value.index, info.value.ticket, info.value.field) == (1, "T-1", field)

    def test_bad_event_order(self) -> None:
        """An event that makes no sense where it stands names its row and ticket."""
        table = _bad(event="resumed")
        with pytest.raises(TicketEventError, match=r"row 1, ticket T-1: .*not possible") as info:
            frame.statuses(table, now=NOW)
        assert info.value.index == 1

    def test_bad_ticket_id(self) -> None:
        """Ticket ids are non-empty strings without control characters."""
        with pytest.raises(EventFormatError, match="row 1, field 'ticket': must be a string"):
            frame.statuses(_bad(ticket=7), now=NOW)
        with pytest.raises(EventFormatError, match="row 1, field 'ticket': must be 1 to"):
            frame.statuses(_bad(ticket="T\n2"), now=NOW)

    def test_coupon_missing(self) -> None:
        """A special request opened without its coupon names the row and ticket."""
        table = pd.DataFrame([{**ROWS[0], "level": "special"}])
        with pytest.raises(TicketEventError, match=r"row 0, ticket T-1: .*coupon"):
            frame.statuses(table, now=NOW)

    def test_no_preset(self) -> None:
        """A ticket naming no preset, without regulation=, is refused with the choices."""
        table = pd.DataFrame([{k: v for k, v in ROWS[0].items() if k != "preset"}])
        with pytest.raises(EventFormatError, match=r"names no preset.*distate"):
            frame.statuses(table, now=NOW)

    def test_naive_and_nanoseconds(self) -> None:
        """Naive timestamps are refused; nanoseconds are refused, never rounded."""
        table = pd.DataFrame(ROWS)
        naive = table.assign(at=pd.to_datetime(table["at"], utc=True).dt.tz_localize(None))
        with pytest.raises(EventFormatError, match="without a time zone"):
            frame.statuses(naive, now=NOW)
        with pytest.raises(EventFormatError, match="without a time zone"):
            frame.statuses(pa.Table.from_pandas(naive, preserve_index=False), now=NOW)
        nano = table.assign(at=pd.to_datetime(table["at"], utc=True).dt.as_unit("ns"))
        nano.loc[2, "at"] += pd.Timedelta(1, "ns")
        with pytest.raises(EventFormatError, match="row 2, ticket T-2, field 'at': has nano"):
            frame.statuses(nano, now=NOW)
        with pytest.raises(EventFormatError, match=r"row 0.*naive|row 0.*without a time zone"):
            frame.statuses(table.assign(at=[dt.datetime(2026, 11, 23)] * 4), now=NOW)
        with pytest.raises(EventFormatError, match="timestamp with a zone or ISO"):
            frame.statuses(table.assign(at=[1, 2, 3, 4]), now=NOW)
        stamped = table.assign(at=pd.to_datetime(table["at"], utc=True))
        stamped.loc[3, "at"] = pd.NaT
        with pytest.raises(EventFormatError, match="row 3, ticket T-1, field 'at': missing"):
            frame.statuses(stamped, now=NOW)
        arrow = pa.Table.from_pandas(stamped, preserve_index=False)
        with pytest.raises(EventFormatError, match="row 3, ticket T-1, field 'at': missing"):
            frame.statuses(arrow, now=NOW)

    def test_bad_tables(self) -> None:
        """Not a table, unknown or missing columns, a bad now or regulation: clear errors."""
        with pytest.raises(InvalidArgumentError, match="pandas DataFrame or a pyarrow Table"):
            frame.statuses(ROWS, now=NOW)
        with pytest.raises(EventFormatError, match=r'unknown column "levle"; .* fields are'):
            frame.statuses(pd.DataFrame(ROWS).rename(columns={"level": "levle"}), now=NOW)
        with pytest.raises(EventFormatError, match="no column 'at'"):
            frame.statuses(pd.DataFrame(ROWS).drop(columns="at"), now=NOW)
        with pytest.raises(NaiveDatetimeError, match="now"):
            frame.statuses(pd.DataFrame(ROWS), now=dt.datetime(2026, 11, 24))
        with pytest.raises(InvalidArgumentError, match="regulation"):
            frame.statuses(pd.DataFrame(ROWS), now=NOW, regulation="distate")  # type: ignore[arg-type]


class TestSameAsTicket:
    @given(histories(), later, st.sampled_from(["pandas", "arrow"]))
    def test_every_clock(self, history: Any, after: dt.timedelta, kind: str) -> None:
        """For any legal history, every clock's row equals Ticket.status field for field."""
        ticket = history.ticket()
        now = history.last + after
        rows = table_of("T", ticket)
        table = pd.DataFrame(rows) if kind == "pandas" else pa.Table.from_pylist(rows)
        got = as_rows(frame.statuses(table, now=now, regulation=history.regulation))
        assert got == expected("T", None, ticket, now)


#: Calls that keep a ticket on its level: the ones the integer walk answers itself.
PLAIN = {state: tuple(c for c in calls if c not in ("change", "transfer"))
         for state, calls in CHOICES.items()}  # fmt: skip


@st.composite
def plain_histories(draw: st.DrawFn, max_steps: int = 14) -> History:
    """Legal histories without level changes, on regulations whose pauses spare reaction."""
    regulation = attrs.evolve(draw(regulations()), pauses_stop_reaction=False)
    keys = [level.key for level in regulation.levels if level.quota is None]
    level = draw(st.sampled_from(keys))
    at = draw(st.sampled_from(TRANSITIONS)) - draw(gaps)
    opened = shown(draw, at)
    ticket = Ticket.open(regulation, level, at=opened)
    steps: list[Step] = []
    for _ in range(draw(st.integers(0, max_steps))):
        at += draw(gaps)
        choices = PLAIN[ticket.status(at).state]
        if not choices:
            break
        call = draw(st.sampled_from(choices))
        reason = draw(st.sampled_from(regulation.pause_reasons)) if call == "pause" else None
        step = Step(call, shown(draw, at), None, reason)
        ticket = apply(ticket, step)
        steps.append(step)
    return History(regulation, level, opened, tuple(steps))


class TestFastPath:
    @given(plain_histories(), later)
    def test_every_clock(self, history: History, after: dt.timedelta) -> None:
        """Histories the integer walk answers (pauses, reopenings, closings, DST zones)."""
        ticket = history.ticket()
        now = history.last + after
        table = pd.DataFrame(table_of("T", ticket))
        got = as_rows(frame.statuses(table, now=now, regulation=history.regulation))
        assert got == expected("T", None, ticket, now)

    def test_many_tickets_in_one_table(self) -> None:
        """600 random tickets of three presets in one shuffled table: every clock agrees."""
        rng = random.Random(13)
        keys = {"distate": ("partner-operational", "consulting", "development"),
                "technomarket": ("commercial-standard", "commercial-emergency"),
                "aggregion": ("operational", "development")}  # fmt: skip
        rows: list[dict] = []
        tickets = []
        for n in range(600):
            preset = rng.choice(sorted(keys))
            regulation = slakit.presets.get(preset)
            at = dt.datetime(2026, 1, 5, tzinfo=MSK) + dt.timedelta(minutes=rng.randrange(500_000))
            ticket = Ticket.open(regulation, rng.choice(keys[preset]), at=at)
            for _ in range(rng.randint(0, 8)):
                at += dt.timedelta(minutes=rng.randrange(0, 3000))
                choices = PLAIN[ticket.status(at).state]
                if not choices:
                    break
                call = rng.choice(choices)
                ticket = apply(ticket, Step(call, at))
            tickets.append((f"T-{n}", preset, ticket))
            rows.extend(
                {"level": None, "reason": None, **row} for row in table_of(f"T-{n}", ticket, preset)
            )
        rng.shuffle(rows)
        now = dt.datetime(2027, 6, 1, tzinfo=UTC)
        got = as_rows(frame.statuses(pa.Table.from_pylist(rows), now=now))
        want = [row for t, p, ticket in tickets for row in expected(t, p, ticket, now)]
        assert sorted(got, key=_key) == sorted(want, key=_key)
        assert len(got) >= 600  # every ticket has at least its first reaction cycle


def _key(row: dict) -> tuple:
    return (row["ticket"], row["clock"], row["cycle"] or 0)


class TestWalkRefusals:
    @pytest.mark.parametrize(
        "calls",
        [
            ["resolved", "agent_reply"],
            ["resolved", "customer_reply"],
            ["closed", "resolved"],
            ["resolved", "resumed"],
            ["paused", "paused"],
            ["reopened"],
            ["closed", "closed"],
            ["opened"],
        ],
    )
    def test_impossible_events(self, calls: list[str]) -> None:
        """An event the ticket's state does not allow is named by row, as Ticket names it."""
        rows = [dict(ROWS[0])]
        for minute, call in enumerate(calls, 1):
            at = f"2026-11-23T10:{15 + minute}:00+03:00"
            extra = {"level": "consulting"} if call == "opened" else {}
            rows.append({"ticket": "T-1", "event": call, "at": at, **extra})
        with pytest.raises(TicketEventError, match=rf"row {len(calls)}, ticket T-1: .*"):
            frame.statuses(pd.DataFrame(rows), now=NOW)

    def test_paused_without_reason_and_reopened(self) -> None:
        """Pause, resume, resolve, reopen, close: the walk's answers are Ticket's."""
        reg = slakit.presets.get("technomarket")
        at = dt.datetime(2026, 11, 23, 10, tzinfo=MSK)
        ticket = Ticket.open(reg, "commercial-standard", at=at)
        for call, hours in (("pause", 1), ("resume", 3), ("resolve", 4), ("reopen", 30),
                            ("pause", 31), ("close", 40)):  # fmt: skip
            ticket = apply(ticket, Step(call, at + dt.timedelta(hours=hours)))
        rows = table_of("T", ticket, "technomarket")
        now = dt.datetime(2026, 12, 1, tzinfo=UTC)
        got = as_rows(frame.statuses(pd.DataFrame(rows), now=now))
        assert got == expected("T", "technomarket", ticket, now)

    def test_level_not_a_string(self) -> None:
        """A level that is not a string is refused naming its row."""
        rows = [{**ROWS[0], "level": 7}]
        with pytest.raises(EventFormatError, match="row 0, ticket T-1, field 'level'"):
            frame.statuses(pd.DataFrame(rows), now=NOW)


class TestRegistered:
    def test_clocks_start_at_registration(self) -> None:
        """A request registered later than sent: its clocks start at registration (main's rule)."""
        reg = slakit.presets.get("distate")
        sent = dt.datetime(2026, 11, 23, 10, tzinfo=MSK)
        ticket = Ticket.open(reg, "consulting", at=sent, registered_at=sent + dt.timedelta(hours=3))
        ticket = ticket.agent_reply(at=sent + dt.timedelta(hours=4))
        rows = table_of("R", ticket, "distate")
        for table in (pd.DataFrame(rows), pa.Table.from_pylist(rows)):
            assert as_rows(frame.statuses(table, now=NOW)) == expected("R", "distate", ticket, NOW)
