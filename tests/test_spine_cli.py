"""`slakit spine`: a preset, a level's schedule or a regulation file, written for SQL engines."""

from __future__ import annotations

import csv
import pathlib
import sys

import pyarrow.parquet as pq
import pytest

import slakit
from slakit import spine
from slakit.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestSpineCommand:
    def test_preset_to_parquet(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A preset's schedule over four years, as Parquet, equal to slakit.spine.table."""
        path = tmp_path / "spine.parquet"
        code, out, err = run(
            capsys, "spine", "advantshop", "--years", "2024-2027", "--out", str(path)
        )
        assert (code, err) == (0, "")
        assert out == f"wrote 989 working periods (Europe/Moscow, 2024-2027) to {path} as parquet\n"
        assert pq.read_table(path).equals(
            spine.table(slakit.presets.get("advantshop").schedule, 2024, 2027)
        )

    def test_level_schedule(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """preset:level takes the level's own schedule: DiState special is 24/7, a row a day."""
        path = tmp_path / "special.csv"
        code, out, _ = run(
            capsys, "spine", "distate:special", "--years", "2024", "--out", str(path)
        )
        assert code == 0
        assert "wrote 366 working periods" in out
        assert out.endswith("as csv\n")  # from the suffix
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
        # 2024-01-01 00:00 MSK = 2023-12-31 21:00 UTC; 24 h = 86,400,000,000 us.
        assert (rows[0]["period_start"], rows[0]["length_us"]) == (
            "2023-12-31T21:00:00+00:00",
            "86400000000",
        )

    def test_regulation_file_and_level(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A regulation .toml, alone or with :level, and --format over the suffix."""
        reg = tmp_path / "ours.toml"
        reg.write_text(slakit.presets.get("distate").to_toml(), encoding="utf-8")
        out_file = tmp_path / "spine.data"
        code, out, _ = run(
            capsys, "spine", str(reg), "--years", "2026", "--out", str(out_file), "--format", "csv"
        )
        assert code == 0
        assert "(Europe/Moscow, 2026)" in out
        assert out_file.read_text(encoding="utf-8").count("\n") == 1 + 247  # DiState works 247 days
        code, out, _ = run(
            capsys,
            "spine",
            f"{reg}:special",
            "--years",
            "2026",
            "--out",
            str(out_file),
            "--format",
            "csv",
        )
        assert code == 0
        assert "wrote 365 working periods" in out

    def test_provisional_years_warn_on_one_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A year without a published calendar is written, with a one-line warning."""
        last = max(
            y
            for y in range(2024, 2100)
            if not slakit.presets.get("advantshop").schedule.is_provisional(y)
        )
        path = tmp_path / "spine.csv"
        code, _, err = run(
            capsys, "spine", "advantshop", "--years", f"{last}-{last + 1}", "--out", str(path)
        )
        assert code == 0
        assert err.startswith("slakit: warning: the RU production calendar")
        assert len(err.splitlines()) == 1

    def test_csv_needs_no_pyarrow(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: pathlib.Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """CSV is written without pyarrow; Parquet says which extra to install."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        code, _, _ = run(
            capsys, "spine", "aggregion", "--years", "2026", "--out", str(tmp_path / "s.csv")
        )
        assert code == 0
        code, _, err = run(
            capsys, "spine", "aggregion", "--years", "2026", "--out", str(tmp_path / "s.parquet")
        )
        assert code == 2
        assert err == (
            "slakit: error: slakit.spine.table needs pyarrow, which is not installed; "
            "install it with: pip install 'slakit[sql]'\n"
        )

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["nosuch", "--years", "2026"], "unknown preset 'nosuch'"),
            (["distate:nope", "--years", "2026"], "unknown support level 'nope'"),
            (
                ["distate", "--years", "26x"],
                "--years '26x' is not a year or a range like 2024-2027",
            ),
            (["distate", "--years", "2024-"], "is not a year or a range"),
            (["distate", "--years", "2024-2025-2026"], "is not a year or a range"),
            (
                ["distate", "--years", "2027-2024"],
                "last_year must be a year from first_year (2027) on",
            ),
            (["distate", "--years", "1900"], "first_year 1900 is outside the years 1970 to 2100"),
        ],
    )
    def test_bad_input_is_one_line(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: pathlib.Path,
        argv: list[str],
        message: str,
    ) -> None:
        """Bad input: exit code 2 and one line on stderr, no traceback, no file."""
        path = tmp_path / "spine.csv"
        code, _, err = run(capsys, "spine", *argv, "--out", str(path))
        assert code == 2
        assert err.startswith("slakit: error: ")
        assert message in err
        assert len(err.splitlines()) == 1
        assert not path.exists()

    def test_unwritable_path(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A path that cannot be written is one line naming it."""
        path = tmp_path / "no" / "such" / "dir" / "spine.csv"
        code, _, err = run(capsys, "spine", "distate", "--years", "2026", "--out", str(path))
        assert code == 2
        assert err.startswith(f"slakit: error: cannot write {path}: ")
