"""``--lang ru``: the command line's text in Russian; JSON and English unchanged."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from slakit import cli
from slakit.cli._lang import Words

ROOT = pathlib.Path(__file__).parent.parent
TICKETS = str(ROOT / "examples" / "data" / "tickets.jsonl")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestWords:
    @pytest.mark.parametrize(
        ("hours", "minutes", "text"),
        [
            (1, 0, "1 час"), (3, 30, "3 часа 30 минут"), (5, 1, "5 часов 1 минута"),
            (21, 0, "21 час"), (39, 30, "39 часов 30 минут"), (0, 22, "22 минуты"),
            (0, 0, "0 минут"),
        ],
    )  # fmt: skip
    def test_working_time_in_words(self, hours: int, minutes: int, text: str) -> None:
        """Russian plurals (1 час, 2 часа, 5 часов); never folded into days."""
        assert Words("ru").working_time(dt.timedelta(hours=hours, minutes=minutes)) == text

    def test_english_working_time(self) -> None:
        assert Words("en").working_time(dt.timedelta(hours=39, minutes=30)) == "39:30"

    @pytest.mark.parametrize(
        ("name", "text"),
        [
            ("New Year Holidays", "Новогодние каникулы"),
            ("Victory Day (observed)", "День Победы (перенос)"),
            ("Day off (substituted from 2026-01-03)", "выходной, перенесённый с 2026-01-03"),
            ("Tag der Arbeit", "Tag der Arbeit"),  # another country's name stays
        ],
    )
    def test_holiday_names(self, name: str, text: str) -> None:
        assert Words("ru").holiday(name) == text
        assert Words("en").holiday(name) == name

    def test_weekdays_and_words(self) -> None:
        monday = dt.date(2026, 11, 23)
        assert (Words("ru").weekday(monday), Words("en").weekday(monday)) == ("пн", "Mon")
        assert Words("ru").word("breached") == "нарушен"
        assert Words("ru").word("something new") == "something new"


class TestCommands:
    def test_explain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """DiState over the New Year: every skipped day says why, in Russian."""
        code, out, _ = run(capsys, "--lang", "ru", "explain", "distate", "partner-standard",
                           "2025-12-30T17:30+03:00")  # fmt: skip
        lines = out.splitlines()
        assert code == 0
        assert lines[0] == (
            "DiState partner-standard (Партнеры: Стандартная поддержка): "
            "срок реакции — 5 рабочих часов"
        )
        assert lines[1] == "открыто   2025-12-30T17:30:00+03:00"
        assert lines[2].startswith("срок      2026-01-12T14:30:00+03:00  (реального времени: ")
        assert lines[3] == "  вт 2025-12-30  17:30-18:00  +0:30  (всего 0:30)"
        assert "  ср 2026-01-07  пропущен (праздник: Рождество Христово)" in lines
        assert "  пт 2026-01-09  пропущен (праздник: выходной, перенесённый с 2026-01-03)" in lines
        assert "  сб 2026-01-10  пропущен (выходной)" in lines
        assert lines[-1] == "  пн 2026-01-12  10:00-14:30  +4:30  (всего 5:00)"

    def test_option_after_the_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "deadline", "distate", "partner-standard",
                        "2025-12-30T17:30+03:00", "--lang", "ru")  # fmt: skip
        assert out.splitlines() == [
            "2026-01-12T14:30:00+03:00  (в часовом поясе графика, Europe/Moscow)",
            "2026-01-12T14:30:00+03:00  (в часовом поясе START)",
        ]

    def test_elapsed(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Mon 10:00 to Wed 13:30 on 10-18: 8 + 8 + 3.5 = 19.5 working hours."""
        _, out, _ = run(capsys, "--lang", "ru", "elapsed", "distate",
                        "2026-11-23T10:00+03:00", "2026-11-25T13:30+03:00")  # fmt: skip
        assert out == "19 часов 30 минут рабочего времени (70200 с)\n"

    def test_status(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "--lang", "ru", "status", TICKETS, "--ticket", "T-1001",
                        "--now", "2026-11-24T17:00+03:00")  # fmt: skip
        assert out.splitlines() == [
            "заявка DiState, уровень partner-standard, открыта, на 2026-11-24T17:00:00+03:00",
            "  reaction #1  выполнен      срок 2026-11-23T14:30:00+03:00  использовано 30%",
            "  reaction #2  с опозданием  срок 2026-11-24T11:00:00+03:00  использовано 180%"
            "  С ОПОЗДАНИЕМ, просрочка 4 часа",
        ]

    def test_environment(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """SLAKIT_LANG sets the language; the option wins; an unknown one is an error."""
        argv = ("elapsed", "distate", "2026-11-23T10:00+03:00", "2026-11-23T11:00+03:00")
        monkeypatch.setenv("SLAKIT_LANG", "ru")
        assert run(capsys, *argv)[1] == "1 час рабочего времени (3600 с)\n"
        assert run(capsys, "--lang", "en", *argv)[1] == "1:00 working hours (3600 s)\n"
        monkeypatch.setenv("SLAKIT_LANG", "de")
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, "")
        assert err == (
            "slakit: error: SLAKIT_LANG='de' is not a language slakit speaks (valid: en, ru)\n"
        )

    def test_json_stays_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "--lang", "ru", "status", TICKETS, "--ticket", "T-1001",
                        "--now", "2026-11-24T17:00+03:00", "--format", "json")  # fmt: skip
        assert json.loads(out)["clocks"][1]["outcome"] == "late"

    def test_english_explain_is_the_explanation(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --lang, explain prints exactly str(slakit.explain(...))."""
        import slakit

        start = "2025-12-30T17:30+03:00"
        _, out, _ = run(capsys, "explain", "distate", "partner-standard", start)
        found = slakit.explain(
            slakit.presets.get("distate"), "partner-standard", dt.datetime.fromisoformat(start)
        )
        assert out == str(found) + "\n"


def test_a_skipped_day_has_no_span() -> None:
    from slakit.calendar import DayKind
    from slakit.explanation import Step

    assert Step(dt.date(2026, 11, 28), DayKind.WEEKEND).span == ""
