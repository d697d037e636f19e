"""Reports count outcomes honestly: share met among decided clocks, open clocks apart."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

import slakit
from slakit import Outcome, Ticket
from slakit.cli import main
from slakit.presets import distate, technomarket
from slakit.report import AT_RISK, open_clocks, report_rows, summarize, ticket_row
from ticket_strategies import History, histories, later

MSK = ZoneInfo("Europe/Moscow")
H = dt.timedelta(hours=1)


def msk(d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, d, h, mi, tzinfo=MSK)


def tickets() -> list[tuple[str, Ticket]]:
    """Four DiState tickets (hours 10-18), asked about on Monday 2026-11-23 at 12:30."""
    reg = distate.REGULATION
    return [
        # 3 wh from 10:00: due 13:00; answered 11:00, on time.
        ("A", Ticket.open(reg, "partner-operational", at=msk(23, 10)).agent_reply(at=msk(23, 11))),
        # 3 wh from 09:00 (counts from the 10:00 opening): due 13:00; at 12:30 2.5 h used.
        ("B", Ticket.open(reg, "partner-operational", at=msk(23, 9))),
        # 5 wh from 10:00: due 15:00; at 12:30 2.5 h used, 50 %.
        ("C", Ticket.open(reg, "partner-standard", at=msk(23, 10))),
        # 2 wh from Fri 17:00: Fri 17-18 + Mon 10-11: due Mon 11:00; breached at 12:30.
        ("D", Ticket.open(reg, "licensee-vip", at=msk(20, 17))),
    ]


class TestRows:
    def test_hand_worked_report(self) -> None:
        """At Mon 12:30: A met, B at risk (83 %), C running (50 %), D breached by 1:30."""
        rows = report_rows(tickets(), msk(23, 12, 30))
        by_id = {row.ticket: row for row in rows}
        assert by_id["A"].outcomes == (Outcome.MET,)
        assert by_id["B"].reaction is Outcome.RUNNING
        assert by_id["B"].used == pytest.approx(2.5 / 3)
        assert by_id["B"].time_left == 0.5 * H
        assert by_id["B"].at_risk
        assert not by_id["C"].at_risk
        assert by_id["C"].time_left == 2.5 * H
        assert by_id["D"].outcomes == (Outcome.BREACHED,)
        assert by_id["D"].worst_overdue == 1.5 * H
        assert by_id["D"].missed
        assert not by_id["D"].at_risk  # breached is worse than at risk, and counted apart
        summary = {s.level: s for s in summarize(rows)}
        operational = summary["partner-operational"]
        # Decided: A met. B still runs: it counts apart, not as met.
        assert (operational.tickets, operational.clocks, operational.decided) == (2, 2, 1)
        assert operational.share_met == 1.0
        assert operational.at_risk == 1
        assert summary["partner-standard"].share_met is None  # nothing decided yet
        assert summary["licensee-vip"].share_met == 0.0  # breached counts as decided
        assert [(t, name) for t, name, _ in open_clocks(rows)] == [
            ("B", "reaction #1"),
            ("C", "reaction #1"),
        ]

    def test_a_fresh_ticket_is_not_met(self) -> None:
        """One ticket just opened: share met is absent, not 100 %."""
        rows = report_rows([("X", Ticket.open(distate.REGULATION, "consulting", at=msk(23, 10)))],
                           msk(23, 10))  # fmt: skip
        (summary,) = summarize(rows)
        assert summary.share_met is None
        assert summary.count(Outcome.RUNNING) == 1
        assert summary.as_dict()["share_met"] is None
        assert rows[0].as_dict()["running"] == 1

    def test_risk_threshold(self) -> None:
        """The threshold is an option: at 0.5, C (50 % used) is at risk too."""
        rows = report_rows(tickets(), msk(23, 12, 30), risk=0.5)
        assert [row.ticket for row in rows if row.at_risk] == ["B", "C"]
        assert AT_RISK == 0.8
        for bad in (0, 1.5, "0.8", True):
            with pytest.raises(slakit.InvalidArgumentError, match="risk"):
                report_rows(tickets(), msk(23, 12, 30), risk=bad)  # type: ignore[arg-type]

    def test_resolution_and_row_fields(self) -> None:
        """Technomarket commercial standard: reaction met, resolution running, both counted."""
        ticket = Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(23, 9))
        row = ticket_row("T", ticket.agent_reply(at=msk(23, 10)), msk(23, 11))
        assert (row.reaction, row.resolution) == (Outcome.MET, Outcome.RUNNING)
        data = row.as_dict()
        assert list(data) == list(row.FIELDS)
        assert (data["met"], data["running"], data["resolution"]) == (1, 1, "running")
        # Resolution: 48 wh from Mon 9:00, 2 h used by 11:00: 46 h left, 2/48 used.
        assert data["time_left_minutes"] == 46 * 60
        assert data["used"] == round(2 / 48, 4)


class TestCountsAddUp:
    @given(histories(), later)
    def test_outcome_counts_are_the_clocks(self, history: History, gap: dt.timedelta) -> None:
        """met + late + breached + running + paused + lapsed + no target == clocks, always."""
        ticket = history.ticket()
        now = history.last + gap
        rows = report_rows([("T", ticket), ("U", ticket)], now)
        clocks = len(ticket.status(now).clocks)
        for row in rows:
            assert sum(row.counts.values()) == clocks == len(row.outcomes)
        (summary,) = summarize(rows)
        assert summary.clocks == 2 * clocks
        assert sum(summary.count(o) for o in Outcome) == summary.clocks
        decided = sum(summary.count(o) for o in (Outcome.MET, Outcome.LATE, Outcome.BREACHED))
        if decided:
            assert summary.share_met == summary.count(Outcome.MET) / decided
        else:
            assert summary.share_met is None
        assert len(open_clocks(rows)) == 2 * sum(
            row.counts[Outcome.RUNNING] + row.counts[Outcome.PAUSED] for row in rows[:1]
        )


class TestCommandLine:
    def write(self, tmp_path: pathlib.Path) -> pathlib.Path:
        path = tmp_path / "events.jsonl"
        lines = [
            {"ticket": t, **event}
            for t, ticket in tickets()
            for event in ticket.to_events()
        ]  # fmt: skip
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        return path

    def test_table(self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The table shows outcomes, at-risk tickets, open clocks apart, and '-' for no share."""
        code = main(["report", str(self.write(tmp_path)), "--preset", "distate",
                     "--now", "2026-11-23T12:30+03:00"])  # fmt: skip
        out = capsys.readouterr().out
        assert code == 0
        rows = {line.split()[0]: line for line in out.splitlines()[1:5]}
        assert out.splitlines()[0].split()[:6] == [
            "ticket", "regulation", "level", "state", "outcome", "due",
        ]  # fmt: skip
        assert rows["D"].split() == [
            "D", "DiState", "licensee-vip", "open", "breached", "overdue", "1:30", "h", "-",
        ]  # fmt: skip
        assert rows["B"].split() == [
            "B", "DiState", "partner-operational", "open", "running", "0:30", "h", "left",
            "83%", "AT", "RISK",
        ]  # fmt: skip
        assert rows["A"].split()[4:] == ["met", "-", "-"]
        assert "  B            reaction #1  running   deadline 2026-11-23T13:00:00+03:00  " in out
        assert "left 0:30 h  used 83%" in out
        standard = next(line for line in out.splitlines() if line.startswith("partner-standard"))
        assert standard.split()[10:12] == ["-", "0"]  # share met, at risk

    def test_json_and_risk(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """JSON carries the same counts; --risk moves the threshold; a bad one is refused."""
        path = str(self.write(tmp_path))
        main(["report", path, "--preset", "distate", "--now", "2026-11-23T12:30+03:00",
              "--format", "json", "--risk", "0.5"])  # fmt: skip
        data = json.loads(capsys.readouterr().out)
        assert [t["ticket"] for t in data["tickets"] if t["at_risk"]] == ["B", "C"]
        levels = {s["level"]: s for s in data["levels"]}
        assert levels["partner-standard"]["share_met"] is None
        assert levels["partner-operational"]["met"] == 1
        assert [c["ticket"] for c in data["open_clocks"]] == ["B", "C"]
        with pytest.raises(SystemExit):
            main(["report", path, "--preset", "distate", "--risk", "2"])
        assert "not a share" in capsys.readouterr().err

    def test_status_says_late(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A late reply is 'late' in slakit status, never 'met'."""
        ticket = Ticket.open(distate.REGULATION, "partner-operational", at=msk(23, 10))
        path = tmp_path / "t.jsonl"
        path.write_text(ticket.agent_reply(at=msk(23, 15, 30)).to_json_lines(), encoding="utf-8")
        main(["status", str(path), "--preset", "distate", "--now", "2026-11-24T10:00+03:00"])
        out = capsys.readouterr().out
        # 3 wh from 10:00 due 13:00; answered 15:30: 5.5 h used, 2:30 over.
        assert (
            "reaction #1  late      deadline 2026-11-23T13:00:00+03:00  used 183%  "
            "LATE, overdue 2:30 h" in out
        )
        assert " met " not in out


class TestEdges:
    def test_status_of_running_and_lapsed_clocks(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A running clock shows its time left; a lapsed one nothing more."""
        ticket = Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(23, 9))
        path = tmp_path / "t.jsonl"
        path.write_text(ticket.close(at=msk(23, 10)).to_json_lines(), encoding="utf-8")
        main(["status", str(path), "--preset", "technomarket", "--now", "2026-11-23T11:00+03:00"])
        assert "reaction #1  lapsed    deadline 2026-11-25T15:00:00+03:00  used 4%\n" in (
            capsys.readouterr().out
        )
        path.write_text(ticket.to_json_lines(), encoding="utf-8")
        main(["status", str(path), "--preset", "technomarket", "--now", "2026-11-23T11:00+03:00"])
        # 24 wh from Mon 9:00 (9-18): Mon 9 + Tue 9 + Wed 6, due Wed 15:00; 22 h left.
        assert "used 8%  left 22:00 h" in capsys.readouterr().out
        with pytest.raises(SystemExit):
            main(["report", str(path), "--preset", "technomarket", "--risk", "most"])

    def test_timeline_of_a_clock_without_target(self) -> None:
        """Aspro promises nothing: the clock is drawn, with no deadline line."""
        from slakit.presets import aspro
        from slakit.report import timeline_svg

        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(23, 9))
        picture = timeline_svg(ticket, msk(23, 12))
        assert "> · no target</tspan>" in picture
        assert 'class="deadline"' not in picture
