"""``--format json``: every command prints one JSON object with the keys its help documents."""

from __future__ import annotations

import argparse
import json
import pathlib
from typing import Any

import pytest

from slakit import Outcome, cli

ROOT = pathlib.Path(__file__).parent.parent
CASES = ROOT / "examples" / "ci" / "deadlines.toml"


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = cli.main([*argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert err == ""
    value = json.loads(out)
    assert isinstance(value, dict)
    return code, value


def epilog(command: str) -> str:
    subparsers = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    return str(subparsers.choices[command].epilog)


def documented(command: str, keys: set[str]) -> None:
    """Every key is named in the command's help epilog, as "key"."""
    text = epilog(command)
    assert "JSON shape" in text
    for key in keys:
        assert f'"{key}"' in text, (command, key)


@pytest.fixture
def ticket(tmp_path: pathlib.Path) -> pathlib.Path:
    events = tmp_path / "ticket.jsonl"
    events.write_text(
        '{"event": "opened", "at": "2026-11-20T17:30:00+03:00", "level": "partner-standard"}\n'
        '{"event": "agent_reply", "at": "2026-11-23T11:00:00+03:00"}\n'
        '{"event": "customer_reply", "at": "2026-11-23T14:00:00+03:00"}\n',
        encoding="utf-8",
    )
    return events


class TestShapes:
    def test_presets(self, capsys: pytest.CaptureFixture[str]) -> None:
        """presets: a list of name, vendor, level count, zone and the preset a variant changes."""
        code, data = run_json(capsys, "presets")
        assert code == 0
        assert list(data) == ["presets"]
        first = data["presets"][0]
        assert first == {"name": "advantshop", "vendor": "AdVantShop", "levels": 7,
                         "tz": "Europe/Moscow", "variant_of": None}  # fmt: skip
        documented("presets", {"presets", *first})

    def test_show(self, capsys: pytest.CaptureFixture[str]) -> None:
        """show: the schedule's week as hour ranges and every level."""
        code, data = run_json(capsys, "show", "distate")
        assert code == 0
        assert set(data) == {"vendor", "edition", "schedule", "levels"}
        assert data["schedule"]["week"]["mon"] == ["10:00-18:00"]
        assert data["schedule"]["week"]["sun"] == []
        assert data["schedule"]["country"] == "RU"
        special = next(level for level in data["levels"] if level["key"] == "special")
        assert special["schedule"] is not None  # distate's special level has its own hours
        assert isinstance(special["reaction"], str)
        documented("show", set(data) | set(data["schedule"]) | set(special))

    def test_deadline(self, capsys: pytest.CaptureFixture[str]) -> None:
        """deadline: ISO instants with offsets, in the schedule's zone and START's."""
        code, data = run_json(
            capsys, "deadline", "distate", "partner-operational", "2025-12-30T14:30:00+00:00"
        )
        assert code == 0
        # The same answer as the text test in test_cli.py: Jan 12 12:30 Moscow = 09:30 UTC.
        assert data == {
            "vendor": "DiState",
            "level": "partner-operational",
            "clock": "reaction",
            "start": "2025-12-30T14:30:00+00:00",
            "deadline": "2026-01-12T12:30:00+03:00",
            "deadline_in_start_zone": "2026-01-12T09:30:00+00:00",
            "tz": "Europe/Moscow",
        }
        documented("deadline", set(data))

    def test_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """explain: each step with minutes and seconds, holidays with ISO dates."""
        code, data = run_json(capsys, "explain", "distate", "partner-standard",
                              "2025-12-30T17:30+03:00")  # fmt: skip
        assert code == 0
        # Tue Dec 30 17:30 -> Mon Jan 12 14:30 (+03:00): 13 days minus 3 h of real time
        # = 13 * 1440 - 180 = 18,540 minutes.
        assert (data["real_minutes"], data["real_seconds"]) == (18_540, 18_540 * 60)
        first = data["steps"][0]
        # 5 wh from Tue 17:30: 0:30 on Tue, then 4:30 on Mon Jan 12 10:00-14:30.
        assert (first["used_minutes"], first["total_seconds"]) == (30, 1800)
        assert data["steps"][-1]["total_minutes"] == 300
        jan9 = next(step for step in data["steps"] if step["date"] == "2026-01-09")
        assert jan9["start"] is None
        assert jan9["holiday"] == "Day off (substituted from 2026-01-03)"
        documented("explain", set(data) | set(first))

    def test_elapsed(self, capsys: pytest.CaptureFixture[str]) -> None:
        """elapsed: whole minutes and seconds."""
        code, data = run_json(
            capsys, "elapsed", "distate", "2025-12-30T12:00+03:00", "2026-01-12T12:00+03:00"
        )
        assert code == 0
        # Tue Dec 30 12:00-18:00 = 6 h, then Jan 12 10:00-12:00 = 2 h: 8 h = 480 min.
        assert (data["elapsed_minutes"], data["elapsed_seconds"]) == (480, 28_800)
        assert (data["level"], data["tz"]) == (None, "Europe/Moscow")
        documented("elapsed", set(data))

    def test_status(self, capsys: pytest.CaptureFixture[str], ticket: pathlib.Path) -> None:
        """status: every clock with its outcome as a slakit.Outcome value."""
        code, data = run_json(capsys, "status", str(ticket), "--preset", "distate",
                              "--now", "2026-11-24T17:00+03:00")  # fmt: skip
        assert code == 0
        assert (data["level"], data["at"]) == ("partner-standard", "2026-11-24T17:00:00+03:00")
        clocks = {clock["clock"]: clock for clock in data["clocks"]}
        first, second = clocks["reaction #1"], clocks["reaction #2"]
        assert {c["outcome"] for c in data["clocks"]} <= {o.value for o in Outcome}
        # Cycle 1: 5 wh from Fri 17:30, answered Mon 11:00 after 0:30 + 1:00 = 1:30: 30% used.
        assert (first["outcome"], first["deadline"], first["used"]) == (
            "met",
            "2026-11-23T14:30:00+03:00",
            0.3,
        )
        # Stopped with 5:00 - 1:30 = 3:30 = 210 minutes to spare.
        assert (first["elapsed_minutes"], first["remaining_minutes"]) == (90, 210)
        # Cycle 2: due Tue 11:00, still open at Tue 17:00: 6 h = 360 min = 21,600 s overdue.
        assert second["outcome"] == "breached"
        assert (second["overdue_minutes"], second["overdue_seconds"]) == (360, 21_600)
        documented("status", set(data) | set(first))

    def test_status_without_a_target(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A clock with no target: outcome "no target", null deadline, time left and share."""
        events = tmp_path / "aspro.jsonl"
        events.write_text(
            '{"event": "opened", "at": "2026-11-20T17:30:00+03:00", "level": "standard"}\n',
            encoding="utf-8",
        )
        _, data = run_json(capsys, "status", str(events), "--preset", "aspro",
                           "--now", "2026-11-24T17:00+03:00")  # fmt: skip
        (clock,) = data["clocks"]
        assert clock["outcome"] == Outcome.NO_TARGET.value == "no target"
        assert (clock["deadline"], clock["used"]) == (None, None)
        assert (clock["remaining_minutes"], clock["remaining_seconds"]) == (None, None)
        assert (clock["overdue_minutes"], clock["overdue_seconds"]) == (0, 0)

    def test_check(self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
        """check: counts and every case; exit 1 when a case fails, as in text."""
        code, data = run_json(capsys, "check", str(CASES))
        assert (code, data["failed"]) == (0, 0)
        assert data["passed"] == len(data["cases"]) > 0
        assert all(case["ok"] for case in data["cases"])
        documented("check", set(data) | set(data["cases"][0]))
        wrong = tmp_path / "wrong.toml"
        wrong.write_text(
            '[[case]]\npreset = "distate"\nlevel = "partner-operational"\n'
            'start = "2025-12-30T14:30:00+00:00"\nexpected = "2026-01-12T12:00:00+03:00"\n',
            encoding="utf-8",
        )
        code, data = run_json(capsys, "check", str(wrong))
        assert (code, data["passed"], data["failed"]) == (1, 0, 1)
        assert data["cases"][0]["actual"] == "2026-01-12T12:30:00+03:00"


@pytest.mark.parametrize(
    "command", ["deadline", "explain", "elapsed", "show", "presets", "status", "check"]
)
def test_every_command_offers_json(command: str) -> None:
    """Each command takes --format text|json, text by default."""
    subparsers = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in subparsers.choices[command]._actions if a.dest == "format")
    assert (action.choices, action.default) == (["text", "json"], "text")
