"""Readable text from the command line: warnings, dates, grammar, errors and help."""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import warnings

import pytest

from slakit import Calendar, cli
from slakit._text import article
from slakit.calendar import _iso_dates
from slakit.cli import _regulation

ROOT = pathlib.Path(__file__).parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


PROVISIONAL = (
    "slakit: warning: the RU production calendar for 2028 is not published in the installed "
    "'holidays' package; working days in it are provisional (no transfers known)"
)


class TestWarnings:
    @pytest.mark.parametrize("fmt", ["text", "json"])
    def test_explain_warns_once_on_one_line(
        self, capsys: pytest.CaptureFixture[str], fmt: str
    ) -> None:
        """A count into an unpublished year: one `slakit: warning:` line, no source path."""
        # 5 wh from Thu 2027-12-30 17:30 run into January 2028, whose calendar is unknown;
        # both the deadline and the walk over its periods warn, and the line shows once.
        code, _, err = run(
            capsys, "explain", "distate", "partner-standard", "2027-12-30T17:30+03:00",
            "--format", fmt,
        )  # fmt: skip
        assert code == 0
        assert err.splitlines() == [PROVISIONAL]

    def test_warnings_come_before_the_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A warning raised before a failure is still reported, then the error line."""
        # Case 1 counts into 2028 (warns); case 2 names an unknown level (exit 2).
        cases = tmp_path / "cases.toml"
        case = '[[case]]\npreset = "distate"\nlevel = "{}"\nstart = "{}"\nexpected = "{}"\n'
        cases.write_text(
            case.format("partner-standard", "2027-12-30T17:30+03:00", "2028-01-10T14:30+03:00")
            + case.format("gold", "2026-01-05T10:00+03:00", "2026-01-05T12:00+03:00"),
            encoding="utf-8",
        )
        code, _, err = run(capsys, "check", str(cases))
        assert code == 2
        first, second = err.splitlines()
        assert first == PROVISIONAL
        assert second.startswith("slakit: error: unknown support level 'gold'")

    def test_no_warning_no_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A published year prints nothing on stderr."""
        code, _, err = run(capsys, "deadline", "distate", "special", "2026-01-05T10:00+03:00")
        assert (code, err) == (0, "")

    def test_other_warnings_name_their_kind(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A warning from elsewhere (a dependency) is one line too, with its category."""

        def noisy(args: object) -> int:
            warnings.warn("old API", RuntimeWarning, stacklevel=1)
            warnings.warn("old API", RuntimeWarning, stacklevel=1)
            return 0

        monkeypatch.setattr(_regulation, "_cmd_presets", noisy)
        with warnings.catch_warnings():
            warnings.simplefilter("always")  # the test run makes warnings errors
            code, out, err = run(capsys, "presets")
        assert (code, out) == (0, "")
        assert err.splitlines() == ["slakit: warning: RuntimeWarning: old API"]


class TestDates:
    def test_moved_day_off_in_iso(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Sat 2026-01-03 moved to Fri 2026-01-09: the text says 2026-01-03, not 01/03/2026."""
        _, out, _ = run(capsys, "explain", "distate", "partner-standard", "2025-12-30T17:30+03:00")
        assert "Fri 2026-01-09  skipped (holiday: Day off (substituted from 2026-01-03))" in out
        assert "/2026" not in out

    @pytest.mark.parametrize(
        ("name", "text"),
        [
            ("Day off (substituted from 01/03/2026)", "Day off (substituted from 2026-01-03)"),
            ("Выходной (перенесено с 03.01.2026)", "Выходной (перенесено с 2026-01-03)"),
            ("New Year's Day", "New Year's Day"),
            ("Day off (substituted from 05/01/2025)", "Day off (substituted from 2025-05-01)"),
        ],
    )
    def test_iso_dates(self, name: str, text: str) -> None:
        """Month-first (US) and day-first (Russian) dates both become ISO."""
        assert _iso_dates(name) == text

    @pytest.mark.parametrize(
        ("country", "day", "name"),
        [
            # holidays' own data: Kazakhstan moved Sun 2025-01-05 to Fri 2025-01-03
            ("KZ", dt.date(2025, 1, 3), "Day off (substituted from 2025-01-05)"),
            # slakit's production table: Sat 2026-01-03 moved to Fri 2026-01-09
            ("RU", dt.date(2026, 1, 9), "Day off (substituted from 2026-01-03)"),
        ],
    )
    def test_calendar_names_in_iso(self, country: str, day: dt.date, name: str) -> None:
        """Every holiday name a calendar gives is ISO at the source, whatever made it."""
        assert Calendar(country=country).year(day.year).holidays[day] == name


class TestGrammar:
    def test_level_counts(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Aspro has one level: "1 level"; the others "N levels"."""
        _, out, _ = run(capsys, "presets")
        counts = {line.split()[0]: " ".join(line.split()[2:4]) for line in out.splitlines()}
        assert counts["aspro"] == "1 level"
        assert counts["distate"] == "10 levels"


class TestArguments:
    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            ([], "slakit: error: the following arguments are required: COMMAND"),
            (["deadline", "distate"], "slakit deadline: error: the following arguments are "
                                      "required: level, start (see: slakit deadline --help)"),
            (["presets", "--format", "xml"], "slakit presets: error: argument --format: "
                                             "invalid choice: 'xml'"),
            (["elapsed", "distate", "x\x1b[2Jy", "z", "--bogus"], "unrecognized arguments"),
        ],
    )  # fmt: skip
    def test_errors_are_one_line_and_exit_2(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        """A mistyped command line: one line on stderr (no usage block), exit code 2."""
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        out, err = capsys.readouterr()
        assert info.value.code == 2
        assert out == ""
        assert len(err.splitlines()) == 1
        assert message in err
        assert "usage:" not in err

    def test_every_argument_has_help(self) -> None:
        """No argument of any command is left without help text (the CLI page shows it)."""
        top = cli.parser()
        subparsers = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
        parsers = [top, *subparsers.choices.values()]
        missing = [
            (p.prog, a.dest) for p in parsers for a in p._actions if not (a.help or "").strip()
        ]
        assert missing == []
        assert len(parsers) == 14  # slakit and its thirteen commands


class TestCalendarTargets:
    def test_one_row_per_calendar_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Aggregion development, 7 calendar days: eight rows, never one "+168:00" row."""
        _, out, _ = run(capsys, "explain", "aggregion", "development", "2026-11-23T10:00+03:00")
        rows = out.splitlines()[3:]
        assert rows[0] == "  Mon 2026-11-23  10:00-24:00  +14:00  (total 14:00)"
        assert rows[1] == "  Tue 2026-11-24  00:00-24:00  +24:00  (total 38:00)"
        assert rows[-1] == "  Mon 2026-11-30  00:00-10:00  +10:00  (total 168:00)"
        assert len(rows) == 8

    def test_a_day_of_23_hours(self) -> None:
        """Berlin springs forward on Sun 2026-03-29: that calendar day counts 23 hours.

        A calendar target is real time: 7 days = 168 h from Sat 10:00 end on Sat
        2026-04-04 at 11:00 summer time: 14 + 23 + 5 x 24 + 11 = 168 h.
        """
        import slakit
        from slakit.presets import aggregion

        berlin = aggregion.REGULATION.with_schedule(slakit.Schedule.always("Europe/Berlin"))
        start = dt.datetime(2026, 3, 28, 10, tzinfo=berlin.schedule.zone)
        found = slakit.explain(berlin, "development", start)
        assert [str(step).split("  ")[2] for step in found.steps] == [
            "+14:00", "+23:00", *["+24:00"] * 5, "+11:00",
        ]  # fmt: skip
        assert str(found.steps[-1]).endswith("00:00-11:00  +11:00  (total 168:00)")


@pytest.mark.parametrize(
    ("word", "text"),
    [("open", "an open"), ("opened", "an opened"), ("agent_reply", "an agent_reply"),
     ("paused", "a paused"), ("resolved", "a resolved"), ("Urgent", "an Urgent")],
)  # fmt: skip
def test_article(word: str, text: str) -> None:
    """Messages say "an open ticket", "a paused ticket"."""
    assert article(word) == text
