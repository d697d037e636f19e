"""Regulations from the command line: contract variants, ``show --toml`` and ``diff``."""

from __future__ import annotations

import json
import pathlib

import pytest

import slakit
from slakit import cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestVariants:
    def test_got_by_dotted_name(self) -> None:
        from slakit.presets import technomarket

        assert slakit.presets.variants() == ("technomarket.AROUND_THE_CLOCK",)
        assert slakit.presets.get("technomarket.AROUND_THE_CLOCK") is technomarket.AROUND_THE_CLOCK

    def test_unknown_variant_lists_the_valid_names(self) -> None:
        with pytest.raises(slakit.UnknownPresetError) as error:
            slakit.presets.get("technomarket.AROUND_THE_CLOK")
        assert "did you mean 'technomarket.AROUND_THE_CLOCK'" in str(error.value)
        assert "technomarket.AROUND_THE_CLOCK" in error.value.choices
        # a Schedule of a preset module is not a regulation: not a variant
        with pytest.raises(slakit.UnknownPresetError):
            slakit.presets.get("distate.AROUND_THE_CLOCK")

    def test_listed(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "presets")
        assert code == 0
        assert out.splitlines()[-1].split() == [
            "technomarket.AROUND_THE_CLOCK", "Technomarket", "5", "levels", "Europe/Moscow",
            "(contract", "variant", "of", "technomarket)",
        ]  # fmt: skip
        code, out, _ = run(capsys, "presets", "--format", "json")
        rows = {row["name"]: row for row in json.loads(out)["presets"]}
        assert rows["technomarket.AROUND_THE_CLOCK"]["variant_of"] == "technomarket"
        assert rows["technomarket"]["variant_of"] is None

    def test_deadline_on_the_variant(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Emergency support around the clock: Fri 2026-11-20 20:00 + 8 h = Sat 04:00."""
        argv = ["commercial-emergency", "2026-11-20T20:00+03:00", "--format", "json"]
        _, out, _ = run(capsys, "deadline", "technomarket.AROUND_THE_CLOCK", *argv)
        assert json.loads(out)["deadline"] == "2026-11-21T04:00:00+03:00"
        # in working hours Fri 20:00 is after 18:00: Mon 2026-11-23 09:00 + 8 h = 17:00
        _, out, _ = run(capsys, "deadline", "technomarket", *argv)
        assert json.loads(out)["deadline"] == "2026-11-23T17:00:00+03:00"


class TestShowToml:
    @pytest.mark.parametrize("name", [*slakit.presets.names(), *slakit.presets.variants()])
    def test_round_trips(self, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "show", name, "--toml")
        assert (code, err) == (0, "")
        assert slakit.Regulation.from_toml(out) == slakit.presets.get(name)

    def test_not_with_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "show", "aspro", "--toml", "--format", "json")
        assert (code, out) == (2, "")
        assert err == "slakit: error: --toml and --format json ask for two forms: give one\n"


class TestDiff:
    def test_equal(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert run(capsys, "diff", "aspro", "aspro") == (
            0, "no differences between aspro and aspro\n", ""
        )  # fmt: skip

    def test_edited_file(self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
        """A team's pinned copy, one target edited: the line says where and what."""
        ours = tmp_path / "ours.toml"
        text = slakit.presets.get("technomarket").to_toml()
        ours.write_text(text.replace("amount = 16,", "amount = 12,"), encoding="utf-8")
        code, out, _ = run(capsys, "diff", str(ours), "technomarket")
        assert code == 1
        assert out.splitlines() == [
            "~ levels[partner-emergency].reaction: 12 working hours (16 рабочих часов)"
            " -> 16 working hours (16 рабочих часов)",
            "1 difference",
        ]

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys, "diff", "technomarket", "technomarket.AROUND_THE_CLOCK", "--format", "json"
        )
        value = json.loads(out)
        assert code == 1
        assert (value["equal"], len(value["changes"])) == (False, 1)
        (change,) = value["changes"]
        assert change["path"] == "levels[commercial-emergency].schedule"
        assert (change["kind"], change["old"]) == ("added", None)
        code, out, _ = run(capsys, "diff", "aspro", "aspro", "--format", "json")
        assert (code, json.loads(out)) == (0, {"old": "aspro", "new": "aspro", "equal": True,
                                               "changes": []})  # fmt: skip

    def test_many(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "diff", "technomarket", "distate")
        assert code == 1
        assert out.splitlines()[0] == '~ vendor: "Technomarket" -> "DiState"'
        assert out.splitlines()[-1].endswith(" differences")

    def test_unknown(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "diff", "aspro", "nope")
        assert code == 2
        assert err.startswith("slakit: error: unknown preset 'nope'")
