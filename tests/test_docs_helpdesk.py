"""The helpdesk how-to and examples/helpdesk.py: what the page shows is what runs.

The page includes the example's sections (pymdownx.snippets), so its code is the
example's; its output block must be what the example prints. Then the example's parts
are checked on their own: the append-only table, refused events never stored, the
working-hours format, status on read equal to the live ticket's on random histories,
the frame queue equal to the loop's, and ``slakit report`` on the exported table.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re
import runpy
import sqlite3
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.ticket_strategies import CHOICES, PRESETS, Step, apply

import slakit
from slakit import Ticket, TicketEventError
from slakit.cli import main as cli

ROOT = pathlib.Path(__file__).parent.parent
PAGE = ROOT / "docs" / "how-to-helpdesk.md"
EXAMPLE = ROOT / "examples" / "helpdesk.py"
MSK = ZoneInfo("Europe/Moscow")
TUESDAY_3PM = dt.datetime(2026, 11, 24, 15, tzinfo=MSK)
HELPDESK: dict[str, Any] = runpy.run_path(str(EXAMPLE))  # the module's names, main not run


def database() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(HELPDESK["SCHEMA"])
    return db


def story() -> sqlite3.Connection:
    db = database()
    HELPDESK["story"](db)
    return db


def rows(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT count(*) FROM events").fetchone()[0])


class TestPage:
    def test_output_block_is_what_the_example_prints(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The page's "The output" block is the example's output, line for line."""
        runpy.run_path(str(EXAMPLE), run_name="__main__")
        printed = capsys.readouterr().out
        page = PAGE.read_text(encoding="utf-8")
        shown = re.search(r"## The output\n.*?```text\n(.*?)```", page, re.DOTALL)
        assert shown is not None, "the page has no output block under 'The output'"
        assert shown.group(1) == printed

    def test_every_included_section_exists(self) -> None:
        """Each --8<-- "examples/helpdesk.py:NAME" on the page has its start and end marks."""
        page = PAGE.read_text(encoding="utf-8")
        source = EXAMPLE.read_text(encoding="utf-8")
        names = re.findall(r'^--8<-- "examples/helpdesk\.py:([a-z_]+)"$', page, re.MULTILINE)
        assert set(names) == {"store", "story", "format", "main", "queue", "escalations", "report"}
        for name in names:
            assert source.count(f"# --8<-- [start:{name}]") == 1, name
            assert source.count(f"# --8<-- [end:{name}]") == 1, name

    def test_the_page_is_in_the_nav(self) -> None:
        """The site lists the page, and the short how-to links to it."""
        assert "how-to-helpdesk.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        assert "(how-to-helpdesk.md)" in (ROOT / "docs" / "how-to.md").read_text(encoding="utf-8")


class TestHours:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            # 39.5 working hours: str(timedelta) says "1 day, 15:30:00".
            (dt.timedelta(hours=39, minutes=30), "39:30 h"),
            (dt.timedelta(0), "0:00 h"),
            # 59 min 59.999999 s: whole minutes towards zero, never more time left than there is.
            (dt.timedelta(minutes=60) - dt.timedelta(microseconds=1), "0:59 h"),
            # Overdue by 2 h 0 min 30 s: towards zero as well.
            (-dt.timedelta(hours=2, seconds=30), "-2:00 h"),
            (dt.timedelta(hours=200, minutes=5), "200:05 h"),
        ],
    )
    def test_working_hours_and_minutes(self, value: dt.timedelta, text: str) -> None:
        """Hours past 24 stay hours: working time has no days of 24 hours."""
        assert HELPDESK["hours"](value) == text

    def test_the_example_prints_no_timedelta(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No "1 day, 15:30:00" nor "0:30:00" anywhere in the example's output."""
        runpy.run_path(str(EXAMPLE), run_name="__main__")
        out = capsys.readouterr().out
        assert "day" not in out
        assert not re.search(r"\d:\d\d:\d\d", out)
        assert "left   29:00 h" in out  # T-3: 40 h - (6 h on Monday + 5 h on Tuesday)


class TestStore:
    def test_events_cannot_be_updated_or_deleted(self) -> None:
        """The triggers make the table append-only."""
        db = story()
        before = rows(db)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE events SET at = '2026-11-23T09:00:00+03:00' WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM events WHERE ticket = 'T-2'")
        assert rows(db) == before

    def test_a_refused_event_is_never_stored(self) -> None:
        """A reply before the ticket's last event raises, and the table is unchanged."""
        db = story()
        before = rows(db)
        monday_9am = dt.datetime(2026, 11, 23, 9, tzinfo=MSK)  # T-1 opened at 10:00
        with pytest.raises(TicketEventError):
            HELPDESK["change"](db, "T-1", lambda t: t.agent_reply(at=monday_9am))
        with pytest.raises(TicketEventError):
            HELPDESK["change"](db, "T-3", lambda t: t.resume(at=TUESDAY_3PM))  # never paused
        assert rows(db) == before

    def test_coupon_and_registration_round_trip(self) -> None:
        """Every field of the event schema survives the table: a DiState special request."""
        regulation = slakit.presets.get("distate")
        issued = dt.datetime(2026, 1, 15, tzinfo=MSK)
        coupon = slakit.Coupon("SP-7", issued, regulation.level("special").quota)
        sent = dt.datetime(2026, 11, 24, 23, 10, tzinfo=MSK)
        ticket = Ticket.open(
            regulation,
            "special",
            at=sent,
            coupon=coupon,
            registered_at=sent + dt.timedelta(minutes=5),
        )
        db = database()
        HELPDESK["store"](db, "S-1", "distate", ticket)
        HELPDESK["change"](db, "S-1", lambda t: t.agent_reply(at=sent + dt.timedelta(minutes=50)))
        loaded = HELPDESK["load"](db, "S-1")
        assert (
            loaded.to_events() == ticket.agent_reply(at=sent + dt.timedelta(minutes=50)).to_events()
        )
        # Special requests run around the clock: 1 h from registration at 23:15 is 00:15.
        status = loaded.status(sent + dt.timedelta(hours=2))
        assert status.reaction.deadline == dt.datetime(2026, 11, 25, 0, 15, tzinfo=MSK)
        assert status.reaction.outcome is slakit.Outcome.MET


@st.composite
def histories(draw: st.DrawFn) -> tuple[Ticket, str, list[Step]]:
    """A preset's ticket (a level without a quota) and a legal list of steps after it."""
    preset = draw(st.sampled_from(PRESETS))
    regulation = slakit.presets.get(preset)
    keys = [level.key for level in regulation.levels if level.quota is None]
    minute = dt.timedelta(minutes=1)
    at = dt.datetime(2026, 11, 20, 9, tzinfo=MSK) + draw(st.integers(0, 7 * 1440)) * minute
    opened = Ticket.open(regulation, draw(st.sampled_from(keys)), at=at)
    ticket, steps = opened, []
    for _ in range(draw(st.integers(0, 8))):
        at += draw(st.integers(0, 2 * 1440)) * minute
        choices = CHOICES[ticket.status(at).state]
        if not choices:
            break
        call = draw(st.sampled_from(choices))
        step = Step(
            call,
            at,
            draw(st.sampled_from(keys)) if call == "change" else None,
            draw(st.sampled_from(regulation.pause_reasons)) if call == "pause" else None,
        )
        ticket = apply(ticket, step)
        steps.append(step)
    return opened, preset, steps


class TestStatusOnRead:
    @given(histories(), st.integers(0, 5 * 1440))
    def test_status_from_the_table_is_the_live_tickets(
        self, history: tuple[Ticket, str, list[Step]], minutes: int
    ) -> None:
        """Stored change by change and read back, a ticket answers as the live one does."""
        live, preset, steps = history
        live = live.with_rules(*HELPDESK["RULES"])
        db = database()
        HELPDESK["store"](db, "X", preset, live)
        for step in steps:
            live = apply(live, step)
            HELPDESK["change"](db, "X", lambda t, step=step: apply(t, step))
        now = live.events[-1].at + dt.timedelta(minutes=minutes)
        read = HELPDESK["load"](db, "X")
        assert read.to_events() == live.to_events()
        assert read.status(now) == live.status(now)
        assert read.escalations(now) == live.escalations(now)


class TestQueueAndReport:
    def test_the_frame_queue_is_the_loops(self) -> None:
        """queue_frame (slakit.frame) lists the clocks of queue() in the same order."""
        db = story()
        lines = list(HELPDESK["queue"](db, TUESDAY_3PM))
        frame_queue = HELPDESK["queue_frame"](db, TUESDAY_3PM)
        assert [line.split()[0] for line in lines] == list(frame_queue["ticket"])
        assert [line.split()[0] for line in lines] == ["T-2", "T-1", "T-3", "T-5"]
        # T-2: 5 h from Monday 16:00 (2 h Monday, 3 h Tuesday), due Tuesday 13:00;
        # at 15:00 it is 2 h overdue, so its time left is -2 h.
        assert frame_queue["left"].iloc[0] == dt.timedelta(hours=-2)

    def test_escalations_are_due_once(self) -> None:
        """Fired rules are due in the run after they fire, and in no later run."""
        db = story()
        hour = dt.timedelta(hours=1)
        due = list(HELPDESK["escalations_due"](db, TUESDAY_3PM - hour, TUESDAY_3PM))
        # T-1's second cycle: 12:30 + 80 % of 3 h (2:24 h) = 14:54.
        assert [line for line in due if "->" in line] == [
            "T-1  reaction #2  80% used  -> duty-lead  at Tue 24 Nov 14:54"
        ]
        later = list(HELPDESK["escalations_due"](db, TUESDAY_3PM, TUESDAY_3PM + hour))
        # 15:00-16:00: only T-1's breach at 15:30 (its 3 h run out unanswered).
        assert [line for line in later if "->" in line] == [
            "T-1  reaction #2  breached  -> head-of-support  at Tue 24 Nov 15:30"
        ]

    def test_nightly_report_shares(self) -> None:
        """Share met among decided clocks; nothing decided shows '-', never 100 %."""
        db = story()
        night = dt.datetime(2026, 11, 24, 23, 59, tzinfo=MSK)
        table = {
            tuple(line.split()[:2]): line.split()[2:]
            for line in list(HELPDESK["nightly_report"](db, night))[1:]
        }
        # partner-operational: T-1 #1 met, T-6 late (due Mon 18:00, answered Tue 11:00),
        # T-1 #2 breached: 1 of 3 decided met, 33 %.
        assert table["partner-operational", "reaction"] == ["1", "1", "1", "0", "33%"]
        # consulting: T-3 still running, nothing decided.
        assert table["consulting", "reaction"] == ["0", "0", "0", "1", "-"]

    def test_slakit_report_reads_the_export(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The page's two `slakit report` commands run on the exported table."""
        db = story()
        path = tmp_path / "events.jsonl"
        assert HELPDESK["export"](db, path) == rows(db)
        first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        assert first == {
            "ticket": "T-1",
            "preset": "distate",
            "event": "opened",
            "at": "2026-11-23T10:00:00+03:00",
            "level": "partner-operational",
        }
        page = PAGE.read_text(encoding="utf-8")
        block = re.search(r"```sh\n(.*?)```", page, re.DOTALL)
        assert block is not None
        commands = [line.split(" > ")[0].split() for line in block.group(1).splitlines()]
        assert [argv[:3] for argv in commands] == [["slakit", "report", "events.jsonl"]] * 2
        for argv in commands:
            assert cli([argv[1], str(path), *argv[3:]]) == 0
            out = capsys.readouterr().out
            assert "partner-operational" in out
            assert "T-6" in out
