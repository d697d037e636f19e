"""Readable text from the command line: warnings, dates, grammar, errors and help."""

from __future__ import annotations

import pathlib
import warnings

import pytest

from slakit import cli

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

        monkeypatch.setattr(cli, "_cmd_presets", noisy)
        with warnings.catch_warnings():
            warnings.simplefilter("always")  # the test run makes warnings errors
            code, out, err = run(capsys, "presets")
        assert (code, out) == (0, "")
        assert err.splitlines() == ["slakit: warning: RuntimeWarning: old API"]
