"""Event files through the command line: presets per ticket, as-of views, exit codes."""

from __future__ import annotations

import io
import json
import os
import pathlib
import sys

import pytest

from slakit.cli import main

ROOT = pathlib.Path(__file__).parent.parent
MIXED = ROOT / "examples" / "data" / "mixed.jsonl"
AT = "2026-11-23T10:00:00+03:00"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write(tmp_path: pathlib.Path, *lines: object, name: str = "events.jsonl") -> str:
    path = tmp_path / name
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return str(path)


def opened(ticket: str, preset: str | None = "distate", **more: object) -> dict[str, object]:
    data: dict[str, object] = {"ticket": ticket, "event": "opened", "at": AT}
    if preset:
        data["preset"] = preset
    return data | {"level": "partner-operational"} | more


class TestReport:
    def test_mixed_presets(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Each ticket is computed under its own preset, the special one with its coupon."""
        code, out, err = run(
            capsys, "report", str(MIXED), "--now", "2026-11-30T12:00+03:00", "--format", "json"
        )
        assert (code, err) == (0, "")
        rows = {row["ticket"]: row for row in json.loads(out)["tickets"]}
        # D-1 DiState partner-operational: 3 wh from Mon 10:15 on 10-18 is 13:15.
        assert rows["D-1"]["reaction_deadline"] == "2026-11-23T13:15:00+03:00"
        # T-7 Technomarket commercial-standard: 24 wh from Mon 10:15 on 9-18:
        # Mon 7:45, Tue 9, Wed 7:15 -> Wed 16:15.
        assert rows["T-7"]["reaction_deadline"] == "2026-11-25T16:15:00+03:00"
        # S-3 DiState special, around the clock: Sat 12:00 + 1 h.
        assert rows["S-3"]["reaction_deadline"] == "2026-11-28T13:00:00+03:00"
        assert rows["S-3"]["level"] == "special"

    def test_preset_option_overrides_for_all(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--preset applies one regulation to every ticket, whatever the lines name."""
        path = ROOT / "examples" / "data" / "tickets.jsonl"
        now = "2026-11-26T12:00+03:00"
        _, out, _ = run(capsys, "report", str(path), "--now", now, "--format", "json")
        _, forced, _ = run(
            capsys, "report", str(path), "--now", now, "--format", "json", "--preset", "distate"
        )
        assert out == forced

    def test_one_bad_ticket_among_good_ones(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A bad ticket is named with its line on stderr, the others reported, exit 1."""
        path = write(
            tmp_path,
            opened("A"),
            opened("B", preset=None),
            opened("C", preset="distate/../x.toml"),
            {"ticket": "A", "event": "agent_reply", "at": "2026-11-23T11:00:00+03:00"},
        )
        code, out, err = run(capsys, "report", path, "--now", "2026-11-24T10:00+03:00")
        assert code == 1
        assert out.splitlines()[1].startswith("A ")
        assert "slakit: ticket B (line 2): names no preset" in err
        assert "slakit: ticket C (line 3): field 'preset'" in err
        assert "never a file" in err

    @pytest.mark.parametrize(
        ("lines", "message"),
        [
            (['{"ticket": "A", "event": "opened", "at": "x"} trailing'], "line 1: not JSON"),
            ([opened("A"), {"event": "closed", "at": AT}], "line 2, field 'ticket': no \"ticket\""),
            ([opened("A"), {"ticket": 1, "event": "closed", "at": AT}], 'write "1"'),
            ([opened("A"), '{"ticket": "A", "ticket": "B"}'], "appears twice"),
            ([opened("A", level="gold")], "no ticket in"),
        ],
    )
    def test_unusable_input_exits_2(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: pathlib.Path,
        lines: list[object],
        message: str,
    ) -> None:
        """A line that belongs to no ticket, or no readable ticket at all: exit 2, one message."""
        code, out, err = run(capsys, "report", write(tmp_path, *lines), "--now", AT)
        assert code == 2
        assert out == ""
        assert message in err

    def test_as_of(self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
        """--now is an as-of view: later events and tickets are left out, not an error."""
        path = write(
            tmp_path,
            opened("A"),
            {"ticket": "A", "event": "agent_reply", "at": "2026-11-23T15:00:00+03:00"},
            opened("B", at="2026-11-24T10:00:00+03:00"),
        )
        code, out, err = run(capsys, "report", path, "--now", "2026-11-23T12:00+03:00")
        assert (code, err) == (0, "")
        assert [row.split()[0] for row in out.splitlines() if row.startswith(("A ", "B "))] == ["A"]
        # At noon the 13:00 deadline was not yet passed: met so far, not breached.
        assert "BREACHED" not in out
        code, out, _ = run(capsys, "report", path, "--now", "2026-11-24T12:00+03:00")
        # A answered at 15:00, two hours after its 13:00 deadline: late, not met.
        assert next(row for row in out.splitlines() if row.startswith("A ")).split()[4] == "late"

    def test_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """'-' reads the events from standard input, BOM and CRLF included."""
        data = b"\xef\xbb\xbf" + json.dumps(opened("A")).encode() + b"\r\n"
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        code, out, _ = run(capsys, "report", "-", "--now", "2026-11-23T12:00+03:00")
        assert code == 0
        assert out.splitlines()[1].startswith("A ")

    def test_fifo_is_refused(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A FIFO is refused at once (it would hang a plain read)."""
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        code, _, err = run(capsys, "report", str(fifo))
        assert code == 2
        assert "not a regular file" in err

    def test_exit_codes_are_in_the_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """report --help documents exit statuses 0, 1 and 2."""
        with pytest.raises(SystemExit):
            main(["report", "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert "Exit status: 0 all tickets read; 1 some tickets" in out
        assert "2 the input as a whole is unusable" in out


class TestStatusAndTimeline:
    def test_status_picks_a_ticket_from_many(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--ticket picks one ticket out of a file of many; its own preset applies."""
        code, out, _ = run(
            capsys, "status", str(MIXED), "--ticket", "T-7", "--now", "2026-11-24T17:00+03:00"
        )
        assert code == 0
        assert out.startswith("Technomarket ticket on commercial-standard, paused")
        code, _, err = run(capsys, "status", str(MIXED), "--now", "2026-11-24T17:00+03:00")
        assert code == 2
        assert "of 3 tickets (D-1, T-7, S-3); pick one" in err

    def test_status_as_of(self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
        """status --now before later events shows the ticket as it stood then."""
        path = write(
            tmp_path,
            {"preset": "distate", "event": "opened", "at": AT, "level": "partner-operational"},
            {"event": "agent_reply", "at": "2026-11-23T12:00:00+03:00"},
        )
        _, out, _ = run(capsys, "status", path, "--now", "2026-11-23T11:00+03:00")
        assert "reaction #1  running" in out
        _, out, _ = run(capsys, "status", path, "--now", "2026-11-23T12:30+03:00")
        assert "reaction #1  met" in out
        code, _, err = run(capsys, "status", path, "--now", "2026-11-22T12:30+03:00")
        assert code == 2
        assert "was opened after" in err

    def test_paused_without_reason(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A "paused" line without a reason is waiting for the customer, as in Python."""
        path = write(
            tmp_path,
            opened("A", level="commercial-standard", preset="technomarket"),
            {"ticket": "A", "event": "paused", "at": "2026-11-23T11:00:00+03:00"},
        )
        code, out, _ = run(capsys, "status", path, "--now", "2026-11-23T12:00+03:00")
        assert code == 0
        assert "resolution   paused" in out

    def test_timeline_from_a_file_of_many(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """timeline reads one ticket of many by --ticket, under its preset."""
        svg = tmp_path / "t.svg"
        code, _, _ = run(
            capsys,
            "timeline",
            str(MIXED),
            "--ticket",
            "S-3",
            "--svg",
            str(svg),
            "--now",
            "2026-11-28T14:00+03:00",
        )
        assert code == 0
        assert "<title>Ticket: DiState, special, at " in svg.read_text(encoding="utf-8")

    @pytest.mark.parametrize("command", ["status", "timeline"])
    def test_bad_lines_exit_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, command: str
    ) -> None:
        """A bad line in a one-ticket file: exit 2, the line named, no traceback."""
        path = write(tmp_path, opened("A"), {"ticket": "A", "event": "paused", "reason": {}})
        extra = ["--svg", str(tmp_path / "t.svg")] if command == "timeline" else []
        code, _, err = run(capsys, command, path, *extra)
        assert code == 2
        assert err.startswith("slakit: error: ticket A (line 2): field 'at'")
