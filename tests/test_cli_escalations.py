"""``slakit escalations`` and ``slakit coupon``, hand-checked."""

from __future__ import annotations

import json
import pathlib

import pytest

import slakit
from slakit import cli

ROOT = pathlib.Path(__file__).parent.parent
TICKETS = str(ROOT / "examples" / "data" / "tickets.jsonl")
RULES = """
[[escalation_rules]]
name = "80 % used"
used = 0.8
notify = "team-lead"

[[escalation_rules]]
name = "breached"
at_breach = true
notify = "duty-manager"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def rules(tmp_path: pathlib.Path) -> str:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return str(path)


class TestEscalations:
    def test_text(self, capsys: pytest.CaptureFixture[str], rules: str) -> None:
        """Mon 12:00. T-1002: 3 wh from 10:15, 80 % (2:24) at 12:39, due 13:15.
        T-1001: answered at 11:00 with 1:30 of 5:00 used; nothing fired, nothing due."""
        code, out, err = run(capsys, "escalations", TICKETS, "--rules", rules,
                             "--now", "2026-11-23T12:00+03:00")  # fmt: skip
        assert (code, err) == (0, "")
        assert out.splitlines() == [
            "T-1002  partner-operational",
            "  next   '80 % used' (reaction; notify team-lead)  at 2026-11-23T12:39:00+03:00"
            "  (in 0:39 working h)",
            "T-1001  partner-standard",
            "  nothing fired, nothing due",
        ]

    def test_fired_later(self, capsys: pytest.CaptureFixture[str], rules: str) -> None:
        """Mon 14:00: T-1002 fired both (12:39, 13:15); its answer at 15:45 is still ahead."""
        _, out, _ = run(capsys, "escalations", TICKETS, "--rules", rules,
                        "--now", "2026-11-23T14:00+03:00", "--format", "json")  # fmt: skip
        data = json.loads(out)
        by_id = {t["ticket"]: t for t in data["tickets"]}
        assert [(f["rule"], f["at"], f["notify"]) for f in by_id["T-1002"]["fired"]] == [
            ("80 % used", "2026-11-23T12:39:00+03:00", "team-lead"),
            ("breached", "2026-11-23T13:15:00+03:00", "duty-manager"),
        ]
        assert by_id["T-1002"]["next"] is None

    def test_fired_in_text(self, capsys: pytest.CaptureFixture[str], rules: str) -> None:
        _, out, _ = run(capsys, "escalations", TICKETS, "--rules", rules,
                        "--now", "2026-11-23T14:00+03:00")  # fmt: skip
        assert out.splitlines()[-3:] == [
            "T-1002  partner-operational",
            "  fired  '80 % used' (reaction; notify team-lead)  at 2026-11-23T12:39:00+03:00",
            "  fired  'breached' (reaction; notify duty-manager)  at 2026-11-23T13:15:00+03:00",
        ]

    def test_next_in_working_minutes(self, capsys: pytest.CaptureFixture[str], rules: str) -> None:
        """Tue 17:00, T-1003 (consulting, 40 wh from Tue 09:00, counted from 10:00):
        80 % is 32 h: Tue 10-18 8, Wed-Fri 24 = 32: Fri 18:00, 25 working hours away."""
        _, out, _ = run(capsys, "escalations", TICKETS, "--rules", rules,
                        "--now", "2026-11-24T17:00+03:00", "--format", "json")  # fmt: skip
        (t1003,) = [t for t in json.loads(out)["tickets"] if t["ticket"] == "T-1003"]
        assert t1003["next"]["at"] == "2026-11-27T18:00:00+03:00"
        assert t1003["next"]["in_minutes"] == 25 * 60

    def test_rules_from_the_regulation(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        ours = tmp_path / "ours.toml"
        ours.write_text(slakit.presets.get("distate").to_toml() + RULES, encoding="utf-8")
        code, out, _ = run(capsys, "escalations", TICKETS, "--preset", str(ours),
                           "--now", "2026-11-23T12:00+03:00")  # fmt: skip
        assert code == 0
        assert "'80 % used' (reaction; notify team-lead)" in out

    def test_no_rules(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "escalations", TICKETS, "--now", "2026-11-23T12:00+03:00")
        assert (code, out) == (2, "")
        assert "no escalation rules: give a rules file with --rules" in err

    def test_bad_rules_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        path = tmp_path / "rules.toml"
        path.write_text("[[escalation_rules]]\nusd = 0.8\n", encoding="utf-8")
        code, _, err = run(capsys, "escalations", TICKETS, "--rules", str(path))
        assert code == 2
        assert "line 2, field 'escalation_rules[0].usd': unknown key 'usd'" in err

    def test_a_bad_ticket_among_good_ones(
        self, capsys: pytest.CaptureFixture[str], rules: str, tmp_path: pathlib.Path
    ) -> None:
        path = tmp_path / "events.jsonl"
        bad = json.dumps({"ticket": "X", "preset": "distate", "event": "resolved",
                          "at": "2026-11-23T10:00:00+03:00"}) + "\n"  # fmt: skip
        path.write_text(pathlib.Path(TICKETS).read_text(encoding="utf-8") + bad, encoding="utf-8")
        code, out, err = run(capsys, "escalations", str(path), "--rules", rules,
                             "--now", "2026-11-23T12:00+03:00")  # fmt: skip
        assert code == 1
        assert "slakit: ticket X (line" in err
        assert out.startswith("T-1002")
        path.write_text(bad, encoding="utf-8")
        code, _, err = run(capsys, "escalations", str(path), "--rules", rules)
        assert code == 2
        assert "no ticket in" in err


class TestCoupon:
    def test_a_year_from_the_29th_of_february(self, capsys: pytest.CaptureFixture[str]) -> None:
        """DiState 3.6: valid a year; issued 2028-02-29 10:00, it lapses 2029-02-28 10:00."""
        code, out, _ = run(capsys, "coupon", "distate", "special",
                           "--issued", "2028-02-29T10:00+03:00", "--used", "3")  # fmt: skip
        assert code == 0
        assert out.splitlines()[1:] == [
            "  requests  3 used, 9 left of 12",
            "  valid     from 2028-02-29T10:00:00+03:00",
            "            until 2029-02-28T10:00:00+03:00 (not included)",
        ]

    def test_accepted_and_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ["coupon", "distate", "special", "--issued", "2027-02-28T10:00+03:00"]
        code, out, _ = run(capsys, *argv, "--at", "2028-02-28T09:59+03:00", "--format", "json")
        data = json.loads(out)
        assert (code, data["accepted"], data["left"], data["why_not"]) == (0, True, 12, None)
        assert data["valid_until"] == "2028-02-28T10:00:00+03:00"
        code, out, _ = run(capsys, *argv, "--at", "2028-02-28T10:00+03:00")
        assert code == 1
        assert out.splitlines()[-1].startswith(
            "  at 2028-02-28T10:00:00+03:00: a request is refused: coupon 'COUPON' is valid from"
        )
        code, out, _ = run(capsys, *argv, "--used", "12", "--at", "2027-06-01T12:00+03:00")
        assert code == 1
        assert out.splitlines()[-1].endswith("has no requests left (all 12 used)")

    def test_a_level_without_quota(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ("--issued", "2027-01-01T00:00Z")
        code, _, err = run(capsys, "coupon", "distate", "consulting", *argv)
        assert code == 2
        assert err == (
            "slakit: error: level 'consulting' of DiState has no coupon quota "
            "(levels with one: special)\n"
        )
        code, _, err = run(capsys, "coupon", "aspro", "standard", *argv)
        assert code == 2

    def test_too_many_used(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "coupon", "distate", "special", "--issued", "2027-01-01T00:00Z",
                           "--used", "13")  # fmt: skip
        assert code == 2
        assert "used must be a whole number from 0 to 12, got 13" in err
