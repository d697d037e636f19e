"""The ``slakit`` command line: every command, and one clear line for bad input."""

from __future__ import annotations

import pathlib
import runpy
import sys

import pytest

from slakit.cli import main

ROOT = pathlib.Path(__file__).parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestCommands:
    def test_presets(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`slakit presets` lists the five presets, each followed by its contract variants."""
        code, out, _ = run(capsys, "presets")
        assert code == 0
        assert [line.split()[0] for line in out.splitlines()] == [
            "advantshop", "aggregion", "aspro", "distate", "technomarket",
            "technomarket.AROUND_THE_CLOCK",
        ]  # fmt: skip

    def test_show(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`slakit show` prints the schedule and every level."""
        code, out, _ = run(capsys, "show", "distate")
        assert code == 0
        assert "mon 10:00-18:00" in out
        assert "special" in out
        assert "quota 12" in out
        assert "own schedule" in out

    def test_deadline_in_both_zones(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The deadline in the schedule's zone, and in the zone of START."""
        code, out, _ = run(
            capsys, "deadline", "distate", "partner-operational", "2025-12-30T14:30:00+00:00"
        )
        assert code == 0
        assert out.splitlines() == [
            "2026-01-12T12:30:00+03:00  (in the schedule's zone, Europe/Moscow)",
            "2026-01-12T09:30:00+00:00  (in the zone of START)",
        ]

    def test_resolution_clock(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--clock resolution uses the level's resolution target."""
        code, out, _ = run(
            capsys,
            "deadline",
            "technomarket",
            "commercial-standard",
            "2026-11-23T09:00+03:00",
            "--clock",
            "resolution",
        )
        assert (code, out.split()[0]) == (0, "2026-11-30T12:00:00+03:00")

    def test_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """explain lists each counted period and each skipped day with its reason."""
        code, out, _ = run(
            capsys, "explain", "advantshop", "partner", "2025-10-31T17:00", "--tz", "Europe/Moscow"
        )
        assert code == 0
        assert "Fri 2025-10-31  17:00-18:00  +1:00  (total 1:00)" in out
        assert "Sat 2025-11-01  09:00-11:00  +2:00  (total 3:00)  [transferred working day]" in out

    def test_explain_skipped_days(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Holidays are named, a moved day off with its ISO date (never 01/03/2026)."""
        _, out, _ = run(capsys, "explain", "distate", "partner-standard", "2025-12-30T17:30+03:00")
        assert "Fri 2026-01-09  skipped (holiday: Day off (substituted from 2026-01-03))" in out
        assert "Sat 2026-01-10  skipped (weekend)" in out

    def test_explain_around_the_clock(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A calendar-time target is one stretch of real time."""
        code, out, _ = run(capsys, "explain", "aggregion", "operational", "2025-10-31T17:00+03:00")
        assert code == 0
        assert "Fri 2025-10-31  17:00-23:00  +6:00  (total 6:00)" in out
        assert "6 hours of real time later" in out

    def test_status_now(self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
        """Without --now, status reports at the current instant."""
        events = tmp_path / "ticket.jsonl"
        events.write_text(
            '{"event": "opened", "at": "2025-01-09T10:00:00+03:00", "level": "consulting"}\n'
        )
        code, out, _ = run(capsys, "status", str(events), "--preset", "distate")
        assert code == 0
        # 40 wh from Thu 2025-01-09 10:00 on 10-18 ran out Wed Jan 15 18:00, long ago.
        assert "reaction #1  breached  deadline 2025-01-15T18:00:00+03:00" in out
        opened = '{"event": "opened", "at": "2025-01-09T10:00:00+03:00", '
        events.write_text(opened + '"level": "commercial-standard"}\n')
        _, out, _ = run(capsys, "status", str(events), "--preset", "technomarket")
        # 48 wh from Thu 10:00: Thu 8, Fri 9, Mon-Wed 27 = 44, then Thu Jan 16 09:00-13:00.
        # Long past by now: breached, never "running" (rule 9).
        assert "resolution   breached  deadline 2025-01-16T13:00:00+03:00" in out

    def test_elapsed(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Working time between two instants, on the regulation's or a level's schedule."""
        code, out, _ = run(
            capsys, "elapsed", "distate", "2025-12-30T12:00+03:00", "2026-01-12T12:00+03:00"
        )
        assert (code, out.split()[0]) == (0, "8:00")
        _, out, _ = run(
            capsys,
            "elapsed",
            "distate",
            "2026-11-28T12:00+03:00",
            "2026-11-28T15:30+03:00",
            "--level",
            "special",
        )
        assert out.split()[0] == "3:30"

    def test_status(self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
        """status reads a ticket's JSON lines and reports every clock."""
        events = tmp_path / "ticket.jsonl"
        events.write_text(
            '{"event": "opened", "at": "2026-11-20T17:30:00+03:00", "level": "partner-standard"}\n'
            '{"event": "agent_reply", "at": "2026-11-23T11:00:00+03:00"}\n'
            '{"event": "customer_reply", "at": "2026-11-23T14:00:00+03:00"}\n',
            encoding="utf-8",
        )
        code, out, _ = run(
            capsys, "status", str(events), "--preset", "distate", "--now", "2026-11-24T17:00+03:00"
        )
        assert code == 0
        assert "reaction #1  met       deadline 2026-11-23T14:30:00+03:00  used 30%" in out
        # Cycle 2: 5 wh from Mon 14:00 are due Tue 11:00; at Tue 17:00, 4 + 7 = 11 h used.
        assert (
            "reaction #2  breached  deadline 2026-11-24T11:00:00+03:00  used 220%  "
            "BREACHED, overdue 6:00 h" in out
        )

    def test_own_regulation_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """Every command takes a regulation file as well as a preset."""
        import slakit

        path = tmp_path / "ours.toml"
        path.write_text(
            slakit.presets.get("aspro").to_toml().replace('"not guaranteed"', '"x"'),
            encoding="utf-8",
        )
        own = slakit.presets.get("technomarket").to_toml()
        path.write_text(own, encoding="utf-8")
        code, out, _ = run(
            capsys, "deadline", str(path), "partner-emergency", "2026-11-23T09:00+03:00"
        )
        assert (code, out.split()[0]) == (0, "2026-11-24T16:00:00+03:00")


class TestCheck:
    def test_example_cases_pass(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The shipped CI example passes."""
        code, out, _ = run(capsys, "check", str(ROOT / "examples" / "ci" / "deadlines.toml"))
        assert code == 0
        assert out.splitlines()[-1] == "3 passed, 0 failed"

    def test_a_mismatch_fails_with_the_arithmetic(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A wrong expectation exits 1 with expected, actual and the explanation."""
        cases = tmp_path / "cases.toml"
        cases.write_text(
            '[[case]]\npreset = "distate"\nlevel = "partner-operational"\n'
            'start = "2025-12-30T17:30:00+03:00"\nexpected = "2025-12-31T12:30:00+03:00"\n',
            encoding="utf-8",
        )
        code, out, _ = run(capsys, "check", str(cases))
        assert code == 1
        assert "expected 2025-12-31T12:30:00+03:00" in out
        assert "actual   2026-01-12T12:30:00+03:00" in out
        assert "Wed 2025-12-31  skipped (holiday: Day off" in out
        assert out.splitlines()[-1] == "0 passed, 1 failed"


class TestBadInput:
    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["deadline", "distat", "x", "2026-01-01T00:00+03:00"], "did you mean 'distate'"),
            (
                ["deadline", "distate", "gold", "2026-01-01T00:00+03:00"],
                "unknown support level 'gold'",
            ),
            (["deadline", "distate", "special", "2026-13-01T00:00+03:00"], "not an ISO 8601 date"),
            (["deadline", "distate", "special", "2026-01-01T00:00"], "--tz"),
            (["deadline", "aspro", "standard", "2026-01-01T00:00+03:00"], "guarantees no reaction"),
            (
                ["deadline", "distate", "special", "2026-01-01T00:00", "--tz", "Mars/Base"],
                "time zone",
            ),
            (["status", "/no/such/file", "--preset", "distate"], "cannot read"),
            (["check", "/no/such/cases.toml"], "cannot read"),
            (["status", str(ROOT / "examples" / "ci" / "deadlines.toml")], "not JSON"),
            (["show", "missing.toml"], "cannot read"),
        ],
    )
    def test_one_line_and_exit_2(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        """Bad input: one line on stderr, exit code 2, no traceback."""
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert err.startswith("slakit: error: ")
        assert message in err
        assert "Traceback" not in err

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("not toml = = 1", "not valid TOML"),
            ("x = 1", "unknown key 'x'"),
            ("", "no [[case]]"),
            ('[[case]]\npreset = "distate"\n', "case[0].level: is required"),
        ],
    )
    def test_bad_case_files(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, text: str, message: str
    ) -> None:
        """Malformed case tables say what is missing."""
        cases = tmp_path / "cases.toml"
        cases.write_text(text, encoding="utf-8")
        code, _, err = run(capsys, "check", str(cases))
        assert code == 2
        assert message in err


def test_python_dash_m(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m slakit` is the same command line."""
    monkeypatch.setattr(sys, "argv", ["slakit", "presets"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("slakit", run_name="__main__")
    assert info.value.code == 0
    assert "distate" in capsys.readouterr().out


def test_testing_helpers() -> None:
    """assert_deadline and assert_elapsed pass on truth and explain a failure."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from slakit.presets import distate
    from slakit.testing import assert_deadline, assert_elapsed

    msk = ZoneInfo("Europe/Moscow")
    opened = dt.datetime(2025, 12, 30, 17, 30, tzinfo=msk)
    assert_deadline(
        "distate", "partner-operational", opened, dt.datetime(2026, 1, 12, 12, 30, tzinfo=msk)
    )
    with pytest.raises(AssertionError, match=r"(?s)expected.*Fri 2026-01-09  skipped"):
        assert_deadline(distate.REGULATION, "partner-operational", opened, opened)
    # Dec 30 17:30-18:00, Jan 12 10-18, Jan 13 10-17:30: 0.5 + 8 + 7.5 hours.
    assert_elapsed(distate.SCHEDULE, opened, opened + dt.timedelta(days=14), dt.timedelta(hours=16))
    with pytest.raises(AssertionError, match="working periods"):
        assert_elapsed(
            distate.SCHEDULE, opened, opened + dt.timedelta(days=14), dt.timedelta(hours=1)
        )
    sys.path.insert(0, str(ROOT / "examples" / "ci"))
    try:
        import test_our_sla
    finally:
        sys.path.pop(0)
    test_our_sla.test_partner_outage_over_new_year()


class TestReportAndTimeline:
    data = ROOT / "examples" / "data" / "tickets.jsonl"

    def test_report_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One row per ticket, then a summary per level."""
        code, out, _ = run(capsys, "report", str(self.data), "--now", "2026-11-26T12:00+03:00")
        assert code == 0
        # T-1002: 3 wh from Mon 10:15 are due 13:15; answered 15:45, 2.5 h late.
        row = next(line for line in out.splitlines() if line.startswith("T-1002"))
        # a late answer leaves nothing to wait for: no time left, no share used
        assert row.split() == ["T-1002", "DiState", "partner-operational", "open", "late", "-", "-"]
        summary = next(line for line in out.splitlines() if line.startswith("partner-operat"))
        # tickets, clocks; running paused met late breached lapsed no-target; share, at risk
        assert summary.split() == ["partner-operational", "1", "1", "0", "0", "0", "1", "0",
                                   "0", "0", "0.0%", "0", "2:30", "h"]  # fmt: skip

    def test_report_csv_and_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV and JSON carry the same rows."""
        import csv
        import io
        import json

        _, out, _ = run(
            capsys,
            "report",
            str(self.data),
            "--now",
            "2026-11-26T12:00+03:00",
            "--format",
            "csv",
        )
        rows = list(csv.DictReader(io.StringIO(out)))
        # T-1001's second cycle ran through the pause (rule 5): due Tue 11:00, answered
        # Tue 15:00, 4 h late. T-1003: 40 wh on consulting, answered in time.
        assert [(r["ticket"], r["met"], r["late"], r["worst_overdue_minutes"]) for r in rows] == [
            ("T-1001", "1", "1", "240"),
            ("T-1002", "0", "1", "150"),
            ("T-1003", "1", "0", "0"),
        ]
        _, out, _ = run(
            capsys,
            "report",
            str(self.data),
            "--now",
            "2026-11-26T12:00+03:00",
            "--format",
            "json",
        )
        data = json.loads(out)
        assert [t["ticket"] for t in data["tickets"]] == ["T-1001", "T-1002", "T-1003"]
        assert {s["level"]: s["share_met"] for s in data["levels"]}["partner-operational"] == 0.0

    def test_report_progress(
        self,
        tmp_path: pathlib.Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Large files show progress on a terminal's stderr."""
        lines = [
            f'{{"ticket": "T{i}", "event": "opened", '
            '"at": "2026-11-23T10:00:00+03:00", "level": "consulting"}'
            for i in range(1000)
        ]
        path = tmp_path / "many.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8")
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        code, _, err = run(
            capsys, "report", str(path), "--preset", "distate", "--now", "2026-11-24T10:00+03:00"
        )
        assert code == 0
        assert "1,000/1,000 tickets" in err

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("{not json", "not JSON"),
            ('{"event": "opened"}', 'no "ticket" id'),
            (
                '{"ticket": "A", "event": "agent_reply", "at": "2026-11-23T10:00:00+03:00"}',
                "ticket A",
            ),
        ],
    )
    def test_report_bad_files(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], text: str, message: str
    ) -> None:
        """A malformed report file names the line or the ticket."""
        path = tmp_path / "bad.jsonl"
        path.write_text(text + "\n\n", encoding="utf-8")
        code, _, err = run(capsys, "report", str(path), "--preset", "distate")
        assert code == 2
        assert message in err

    def test_timeline_with_resolution(self) -> None:
        """A ticket with a resolution clock gets a row for it."""
        import datetime as dt

        from slakit import Ticket
        from slakit.presets import technomarket
        from slakit.report import timeline_svg

        opened = dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone(dt.timedelta(hours=3)))
        ticket = Ticket.open(technomarket.REGULATION, "commercial-standard", at=opened)
        ticket = ticket.agent_reply(at=opened + dt.timedelta(hours=1))
        picture = timeline_svg(ticket, opened + dt.timedelta(hours=2))
        assert ">resolution<tspan" in picture
        assert "> · running</tspan></text>" in picture
        assert picture.count('class="clock"') == 2

    def test_timeline(self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The SVG has working periods, each clock, deadlines, pauses and now."""
        events = tmp_path / "t.jsonl"
        events.write_text(
            "\n".join(
                line
                for line in self.data.read_text(encoding="utf-8").splitlines()
                if "T-1001" in line
            ),
            encoding="utf-8",
        )
        svg = tmp_path / "t.svg"
        code, _, _ = run(
            capsys,
            "timeline",
            str(events),
            "--svg",
            str(svg),
            "--now",
            "2026-11-24T16:00+03:00",
        )
        assert code == 0
        picture = svg.read_text(encoding="utf-8")
        assert picture.startswith("<svg")
        # Two reaction cycles, each one bar: DiState's pauses do not stop reaction (rule 5).
        assert picture.count('class="clock"') == 2
        assert picture.count('class="deadline"') == 2
        assert ">paused: waiting for the customer · 15:00</text>" in picture
        assert ">resumed · 12:00</text>" in picture
        # Fri 17:30 to Tue 16:00 (now, after both deadlines) is 94.5 h, padded by 1/40 on
        # each side: Fri 15:08 to Tue 18:22, so Fri 15:08-18:00, Mon 10-18, Tue 10-18.
        assert picture.count('class="working"') == 3
        code, _, err = run(
            capsys,
            "timeline",
            str(events),
            "--svg",
            str(tmp_path / "no" / "t.svg"),
            "--now",
            "2026-11-24T16:00+03:00",
        )
        assert code == 2
        assert "cannot write" in err
