"""Hostile and sloppy input: bounded files, strict keys, bounded models, escaped output."""

from __future__ import annotations

import datetime as dt
import doctest
import io
import os
import pathlib
import re
import sys
import xml.dom.minidom
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from slakit import (
    InputFileError,
    InvalidRegulationError,
    InvalidScheduleError,
    InvalidTargetError,
    Quota,
    Regulation,
    RegulationFormatError,
    SupportLevel,
    Target,
    Unit,
    _files,
    _text,
)
from slakit.cli import main
from slakit.presets import aggregion, distate

ROOT = pathlib.Path(__file__).parent.parent
EVENTS = ROOT / "examples" / "data" / "tickets.jsonl"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestReadText:
    def test_regular_file(self, tmp_path: pathlib.Path) -> None:
        """A regular UTF-8 file is read whole; a byte-order mark is dropped."""
        path = tmp_path / "a.toml"
        path.write_bytes("\ufeffvendor = 'Ы'\n".encode())
        assert _files.read_text(path, what="regulation file") == "vendor = 'Ы'\n"

    def test_fifo_is_refused_without_blocking(self, tmp_path: pathlib.Path) -> None:
        """A FIFO would block until a writer comes: it is refused at once."""
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(InputFileError, match="FIFO") as info:
            _files.read_text(fifo, what="regulation file")
        assert info.value.path == fifo
        assert info.value.what == "regulation file"

    @pytest.mark.parametrize(
        ("path", "kind"), [("/dev/zero", "character device"), ("/", "directory")]
    )
    def test_devices_and_directories(self, path: str, kind: str) -> None:
        """/dev/zero never ends and a directory has no text: both are refused."""
        with pytest.raises(InputFileError, match=kind):
            _files.read_text(path, what="events file")

    def test_over_the_limit(self, tmp_path: pathlib.Path) -> None:
        """A file larger than the limit is refused before it is read."""
        path = tmp_path / "big.toml"
        path.write_text("x" * 2000, encoding="utf-8")
        with pytest.raises(InputFileError, match="2,000 bytes, larger than the limit of 1,000"):
            _files.read_text(path, what="regulation file", limit=1000)
        huge = tmp_path / "huge.toml"
        with huge.open("wb") as file:
            file.truncate(9 * _files.MIB)  # sparse: costs no disk
        with pytest.raises(InputFileError, match=r"9\.0 MiB, larger than the limit of 8\.0 MiB"):
            _files.read_text(huge, what="regulation file")

    @pytest.mark.parametrize(
        ("path", "reason"),
        [("/no/such/file", "No such file"), ("a\x00b", "null"), (3.5, "not float")],
    )
    def test_unopenable(self, path: Any, reason: str) -> None:
        """Missing files, NUL bytes and non-paths are InputFileErrors."""
        with pytest.raises(InputFileError, match=reason):
            _files.read_text(path, what="cases file")

    def test_not_utf8(self, tmp_path: pathlib.Path) -> None:
        """Bytes that are not UTF-8 are named with their position."""
        path = tmp_path / "latin.toml"
        path.write_bytes(b"vendor = '\xff'")
        with pytest.raises(InputFileError, match=r"not UTF-8 text \(byte 10"):
            _files.read_text(path, what="regulation file")

    def test_regulation_from_a_fifo(self, tmp_path: pathlib.Path) -> None:
        """Regulation.from_toml says why it cannot read a FIFO, as a RegulationFormatError."""
        fifo = tmp_path / "pipe.toml"
        os.mkfifo(fifo)
        with pytest.raises(RegulationFormatError, match="FIFO"):
            Regulation.from_toml(fifo)


class TestOpenText:
    def test_lines_of_a_file(self, tmp_path: pathlib.Path) -> None:
        """A regular file streams line by line."""
        path = tmp_path / "events.jsonl"
        path.write_text("a\nb\n", encoding="utf-8")
        with _files.open_text(path, what="events file", limit=100) as stream:
            assert list(stream) == ["a\n", "b\n"]

    def test_refuses_a_fifo(self, tmp_path: pathlib.Path) -> None:
        """The streaming reader refuses the same things."""
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(InputFileError, match="FIFO"):
            _files.open_text(fifo, what="events file", limit=100)

    def test_stdin_is_counted(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Standard input ("-") is allowed, and refused once it passes the limit."""
        monkeypatch.setattr(sys, "stdin", io.StringIO("12345\n67890\n"))
        stream = _files.open_text("-", what="events file", limit=8)
        assert stream.readable()
        assert stream.readline() == "12345\n"
        with pytest.raises(InputFileError, match=r"<stdin>.*longer than the limit of 8 bytes"):
            stream.read()
        stream.close()
        assert not sys.stdin.closed  # closing the wrapper leaves stdin alone

    def test_stdin_not_utf8(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Undecodable standard input is an InputFileError, not a UnicodeDecodeError."""
        raw = io.TextIOWrapper(io.BytesIO(b"\xff\xfe"), encoding="utf-8")
        monkeypatch.setattr(sys, "stdin", raw)
        with pytest.raises(InputFileError, match="not UTF-8"):
            _files.open_text("-", what="events file", limit=8).read(None)


class TestText:
    def test_doctests(self) -> None:
        """The module's examples hold."""
        assert doctest.testmod(_text).failed == 0

    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_csv_formulas_neutralised(self, start: str) -> None:
        """A cell a spreadsheet would evaluate gets a leading quote."""
        assert _text.csv_cell(start + "1+1") == "'" + start + "1+1"

    @pytest.mark.parametrize("value", ["T-1", "", "2026-11-23T10:00:00+03:00", 5, -5, None, True])
    def test_csv_plain_cells_kept(self, value: object) -> None:
        """Anything else is written as it is (numbers stay numbers)."""
        assert _text.csv_cell(value) == value

    @pytest.mark.parametrize(
        ("raw", "shown"),
        [
            ("\x1b[32mmet\x1b[0m", "\\x1b[32mmet\\x1b[0m"),  # ESC: colours, a forged row
            ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),  # OSC: retitles the terminal
            ("\x9b31m", "\\x9b31m"),  # C1 CSI
            ("a\x7fb", "a\\x7fb"),  # DEL
            ("evil\u202etxt.exe", "evil\\u202etxt.exe"),  # right-to-left override
            ("a\u2066b\u2069", "a\\u2066b\\u2069"),  # isolates
            ("one\ntwo\r\tx", "one\\ntwo\\r\\tx"),
            ("Партнерская поддержка", "Партнерская поддержка"),  # letters stay
        ],
    )
    def test_printable(self, raw: str, shown: str) -> None:
        """Control characters and bidi overrides are shown as escapes, text is kept."""
        assert _text.printable(raw) == shown

    @given(st.text())
    def test_printable_has_no_controls(self, text: str) -> None:
        """Whatever comes in, nothing a terminal interprets comes out, on one line."""
        shown = _text.printable(text)
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
        assert not set(shown) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

    @given(st.text())
    def test_xml_text_is_well_formed(self, text: str) -> None:
        """Any text as SVG character data and attribute values gives well-formed XML."""
        safe = _text.xml_text(text)
        document = f'<svg a="{safe}"><text>{safe}</text></svg>'
        parsed = xml.dom.minidom.parseString(document.encode("utf-8", "surrogatepass"))
        assert parsed.documentElement.tagName == "svg"

    def test_xml_text(self) -> None:
        """Markup is escaped; forbidden characters become U+FFFD; tab and newline stay."""
        assert _text.xml_text("<a & 'b'>\x1b\x00\t\n\ufffe") == (
            "&lt;a &amp; &#39;b&#39;&gt;\ufffd\ufffd\t\n\ufffd"
        )


class TestBounds:
    @pytest.mark.parametrize(
        ("unit", "limit"), [(Unit.MINUTES, 5_256_000), (Unit.HOURS, 87_600), (Unit.DAYS, 3_650)]
    )
    def test_targets(self, unit: Unit, limit: int) -> None:
        """A target is at most 3650 days in its own unit: 3650 * 24 h, 3650 * 1440 min."""
        assert Target(limit, unit).amount == limit
        with pytest.raises(InvalidTargetError, match="too long: at most 3650 days"):
            Target(limit + 1, unit)

    @pytest.mark.parametrize(
        "words", ["99999999999999999999 working hours", "3000000 days", "9" * 5000 + " часов"]
    )
    def test_target_words(self, words: str) -> None:
        """Overflowing and 5,000-digit amounts are InvalidTargetErrors, not OverflowErrors."""
        with pytest.raises(InvalidTargetError, match="too long"):
            Target.parse(words)

    def test_target_fields(self) -> None:
        """A target's unit, basis and text are checked too."""
        with pytest.raises(InvalidTargetError, match=r"unit must be a slakit\.Unit"):
            Target(3, "hours")  # type: ignore[arg-type]
        with pytest.raises(InvalidTargetError, match=r"basis must be a slakit\.Basis"):
            Target(3, Unit.HOURS, "working")  # type: ignore[arg-type]
        with pytest.raises(InvalidTargetError, match="text must be a str"):
            Target(3, Unit.HOURS, slakit.Basis.WORKING, 3)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("words", "target"),
        [
            ("3 working hours", Target.working_hours(3)),
            ("12 hours", Target.hours(12)),
            ("1 working day", Target.working_days(1)),
            ("30 Minutes", Target(30, Unit.MINUTES, slakit.Basis.CALENDAR)),
        ],
    )
    def test_english_words(self, words: str, target: Target) -> None:
        """slakit's English wording reads too, and keeps no text."""
        assert Target.parse(words) == target

    def test_quota(self) -> None:
        """Up to 100,000 requests valid up to 3650 days; the other fields are typed."""
        assert Quota(100_000, dt.timedelta(days=3650)).count == 100_000
        with pytest.raises(InvalidRegulationError, match="count"):
            Quota(100_001, dt.timedelta(days=1))
        with pytest.raises(InvalidRegulationError, match="3650 days"):
            Quota(1, dt.timedelta(days=3651))
        with pytest.raises(InvalidRegulationError, match="carries_over must be a bool"):
            Quota(1, dt.timedelta(days=1), "no")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("priority", 0, "priority must be a whole number from 1 to 1,000"),
            ("priority", 1001, "from 1 to 1,000"),
            ("priority", True, "priority"),
            ("price_per_month", -1, "from 0 to"),
            ("price_per_month", 10**13, "from 0 to"),
            ("support_term", 1201, "support_term must be a whole number from 1 to 1,200"),
            ("support_term", "by contract", "support_term"),
            ("title", 3, "title must be a str"),
            ("audience", "partner", "a slakit.Audience"),
            ("reaction", "3 hours", "a slakit.Target"),
            ("resolution", 3, "a slakit.Target or None"),
            ("schedule", "24/7", "a slakit.Schedule or None"),
            ("phone_consultations", True, "a slakit.Provision or None"),
            ("quota", 12, "a slakit.Quota or None"),
            ("covers", "one string", "covers must be a tuple of str"),
            ("covers", [1], "only str"),
            ("clause", None, "clause must be a str"),
        ],
    )
    def test_level_fields(self, field: str, value: object, message: str) -> None:
        """Every field of a level is checked on every construction path."""
        with pytest.raises(InvalidRegulationError, match=message):
            attrs.evolve(distate.LEVELS[0], **{field: value})

    @pytest.mark.parametrize("key", ["a\n", "partner-standard\n", "x" * 101, "٣"])
    def test_level_keys_fullmatch(self, key: str) -> None:
        """A trailing newline, an overlong key or a non-ASCII digit is not a level key."""
        with pytest.raises(InvalidRegulationError, match="level key"):
            attrs.evolve(distate.LEVELS[0], key=key)

    @pytest.mark.parametrize("text", ["09:00-18:00\n-x", "٠٩:٠٠-18:00", "09:00\n\n-18:00x"])
    def test_hours_fullmatch(self, text: str) -> None:
        """Working hours are ASCII times, matched whole."""
        with pytest.raises(InvalidScheduleError):
            slakit.Hours.parse(text)

    def test_hours_are_ints(self) -> None:
        """A period's minutes are ints, not strings or floats."""
        with pytest.raises(InvalidScheduleError, match="int minutes"):
            slakit.Hours("09:00", 600)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("vendor", "", "non-empty"),
            ("schedule", None, "a slakit.Schedule"),
            ("products", "one", "products must be a tuple of str"),
            ("edition", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "a date or None"),
            ("default_reaction", "3 hours", "a slakit.Target or None"),
            ("rules", [1], r"only slakit\.Rule"),
            ("fallback_level", 3, "a level key or None"),
            ("one_problem_per_request", 1, "a bool"),
            ("postponement_reasons", ["x"], r"only slakit\.PauseReason"),
        ],
    )
    def test_regulation_fields(self, field: str, value: object, message: str) -> None:
        """Every field of a regulation is checked on every construction path."""
        with pytest.raises(InvalidRegulationError, match=message):
            attrs.evolve(distate.REGULATION, **{field: value})

    def test_rules_and_paths(self) -> None:
        """Rules and escalation paths check their parts."""
        with pytest.raises(InvalidRegulationError, match="CustomerCategory"):
            slakit.Rule(["partner"], [], "x")  # type: ignore[list-item]
        with pytest.raises(InvalidRegulationError, match="customers must be a tuple"):
            slakit.Rule("partner", [], "x")  # type: ignore[arg-type]
        with pytest.raises(InvalidRegulationError, match="EscalationKind"):
            slakit.EscalationPath("letter", "x")  # type: ignore[arg-type]

    def test_many_levels_load(self) -> None:
        """20,000 levels load (linearly: no per-level scan of the others) and look up."""
        text = 'vendor = "x"\n[schedule]\ntz = "UTC"\nhours = { mon = "09:00-18:00" }\n' + "".join(
            f'[[levels]]\nkey = "l{i}"\nreaction = "{i % 50 + 1} working hours"\n'
            for i in range(20_000)
        )
        regulation = Regulation.from_toml(text)
        assert regulation.level("l19999").reaction == Target.working_hours(50)
        doubled = text + '[[levels]]\nkey = "l7"\nreaction = "1 hours"\n'
        with pytest.raises(
            RegulationFormatError, match=r"repeats the key 'l7' of levels\[7\]"
        ) as e:
            Regulation.from_toml(doubled)
        assert e.value.line == 60_006  # 4 lines, 3 per level, then the header of the 20,001st

    def test_repeated_keys_listed(self) -> None:
        """The model names repeated keys, at most ten of them."""
        levels = [attrs.evolve(distate.LEVELS[0], key=f"k{i}") for i in range(12)] * 2
        with pytest.raises(InvalidRegulationError, match=r"k0, k1, .*\(12 in all\)"):
            Regulation("X", distate.SCHEDULE, levels)  # type: ignore[arg-type]
        with pytest.raises(InvalidRegulationError, match="did you mean 'k1'"):
            Regulation("X", distate.SCHEDULE, levels[:12], fallback_level="k1x")  # type: ignore[arg-type]


MINIMAL = """\
vendor = "Acme"

[schedule]
tz = "UTC"
hours = { "mon-fri" = "09:00-18:00" }

[[levels]]
key = "urgent"
reaction = "2 working hours"

[[levels]]
key = "standard"
reaction = { amount = 8, unit = "hours" }

[levels.quota]
count = 5
valid_for_days = 30
"""


class TestStrictFiles:
    @pytest.mark.parametrize(
        ("old", "new", "line", "field", "closest"),
        [
            ('tz = "UTC"', 'tz = "UTC"\nday_off = [2026-12-30]', 5, "schedule.day_off", "days_off"),
            ('key = "standard"', 'key = "standard"\nresoluton = "1 hours"', 13, "levels[1].resoluton", "resolution"),  # noqa: E501
            ('vendor = "Acme"', 'vendr = "Acme"', 1, "vendr", "vendor"),
            ("[schedule]", "[schedul]\nx = 1\n[schedule]", 3, "schedul", "schedule"),
            ("amount = 8,", "amout = 8,", 13, "levels[1].reaction.amout", "amount"),
            ("count = 5", "cont = 5", 16, "levels[1].quota.cont", "count"),
        ],
    )  # fmt: skip
    def test_typos_name_key_line_and_closest(
        self, old: str, new: str, line: int, field: str, closest: str
    ) -> None:
        """A misspelled key fails, naming the key, its line and the closest valid key."""
        assert old in MINIMAL
        with pytest.raises(RegulationFormatError, match=f"did you mean {closest!r}") as info:
            Regulation.from_toml(MINIMAL.replace(old, new, 1))
        assert (info.value.line, info.value.field) == (line, field)

    def test_unknown_table_without_a_close_key(self) -> None:
        """A key like no valid one lists the valid keys without a guess."""
        with pytest.raises(RegulationFormatError, match=r"unknown key 'zzz'; \(valid here: vendor"):
            Regulation.from_toml(MINIMAL + "\n[zzz]\n")

    def test_lines_in_the_right_array_entry(self) -> None:
        """An error in the second [[levels]] points into the second, not the first."""
        text = MINIMAL.replace("amount = 8", "amount = 0")
        with pytest.raises(RegulationFormatError) as info:
            Regulation.from_toml(text)
        assert (info.value.line, info.value.field) == (13, "levels[1].reaction")

    def test_lines_after_multiline_strings(self) -> None:
        """A multi-line string holding table headers does not confuse the line finder."""
        text = MINIMAL.replace(
            'vendor = "Acme"', 'vendor = "Acme"\nsource = """\n[[levels]]\nkey = 1\n"""'
        ).replace('key = "standard"', 'key = "Standard"')
        with pytest.raises(RegulationFormatError) as info:
            Regulation.from_toml(text)
        assert (info.value.line, info.value.field) == (16, "levels[1].key")

    @pytest.mark.parametrize(
        ("old", "new", "message"),
        [
            ('vendor = "Acme"', 'vendor = "Acme"\nedition = 2026-01-01T10:00:00', "must be a date"),
            ('tz = "UTC"', 'tz = "UTC"\ndays_off = [2026-12-30T10:00:00]', "array of dates"),
            ("count = 5", "count = true", "must be an integer, got boolean"),
            ("valid_for_days = 30", "valid_for_days = 10000000000", "from 1 to 3,650"),
            ("valid_for_days = 30", "", "valid_for_days': is required"),
            ('reaction = "2 working hours"', "", "reaction': is required"),
            ('reaction = "2 working hours"', 'reaction = "99999999999999999999 working hours"', "too long"),  # noqa: E501
            ("amount = 8,", "amount = " + "9" * 5000 + ",", "thousands of digits"),
            ('vendor = "Acme"', "x = " + "[" * 3000 + "]" * 3000, "nested too deeply"),
            ('key = "urgent"', 'key = "urgent"\nsupport_term = "forever"', "by_contract"),
            ('key = "urgent"', 'key = "urgent"\naudience = "partnr"', "did you mean 'partner'"),
            ('vendor = "Acme"', 'vendor = "Acme"\nfallback_level = "urgnt"', "did you mean 'urgent'"),  # noqa: E501
            ('vendor = "Acme"', 'vendor = "Acme"\nrules = [1]', "rules[0]': must be a table"),
            (MINIMAL[MINIMAL.index("[[levels]]"):], "", "levels': is required"),
            ('vendor = "Acme"', 'vendor = "Acme"\n[[rules]]\ncustomers = ["partner"]', "rules[0].level': is required"),  # noqa: E501
            ('vendor = "Acme"', 'vendor = "Acme"\n[[escalations]]\ntext = "x"', "escalations[0].kind': is required"),  # noqa: E501
            ('vendor = "Acme"', 'vendor = "Acme"\nproducts = ["a", 1]', "item 1 is 1"),
        ],
    )  # fmt: skip
    def test_values(self, old: str, new: str, message: str) -> None:
        """Wrong types, out-of-bounds numbers and missing keys are located errors."""
        with pytest.raises(RegulationFormatError, match=re.escape(message)):
            Regulation.from_toml(MINIMAL.replace(old, new, 1))

    def test_support_terms_and_extras_round_trip(self) -> None:
        """Months or 'by contract', and a level's own schedule, read and write back."""
        text = (
            MINIMAL.replace(
                'key = "urgent"',
                'key = "urgent"\nsupport_term = 12\nphone_consultations = "as needed"\n'
                "priority = 3\nprice_per_month = 0",
            ).replace('key = "standard"', 'key = "standard"\nsupport_term = "by contract"')
            + '\n[levels.schedule]\ntz = "UTC"\nhours = { daily = "00:00-24:00" }\n'
        )
        regulation = Regulation.from_toml(text)
        assert regulation.level("urgent").support_term == 12
        assert regulation.level("urgent").priority == 3
        assert regulation.level("urgent").price_per_month == 0
        assert regulation.level("standard").support_term is slakit.Provision.BY_CONTRACT
        assert Regulation.from_toml(regulation.to_toml()) == regulation

    def test_every_preset_hashes(self) -> None:
        """Presets, and regulations read back from them, hash (no lists inside)."""
        for name in slakit.presets.names():
            regulation = slakit.presets.get(name)
            assert hash(regulation) == hash(Regulation.from_toml(regulation.to_toml()))


class TestCli:
    def test_broken_pipe_is_quiet(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`slakit report ... | head`: the closed pipe ends the command quietly, exit 0."""

        class Closed(io.StringIO):
            def write(self, text: str) -> int:
                raise BrokenPipeError(32, "Broken pipe")

        monkeypatch.setattr(sys, "stdout", Closed())
        code = main(["report", str(EVENTS), "--now", "2026-12-01T00:00Z"])
        monkeypatch.undo()
        assert code == 0
        assert capsys.readouterr().err == ""

    def test_broken_pipe_on_a_real_descriptor(self, tmp_path: pathlib.Path) -> None:
        """On a real pipe, stdout is pointed at /dev/null so the flush at exit is quiet too."""
        import subprocess

        script = (
            "import sys; from slakit.cli import main; "
            f"sys.exit(main(['report', {str(EVENTS)!r}, '--now', '2026-12-01T00:00Z']))"
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        with subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        ) as child:
            assert child.stdout is not None
            child.stdout.close()  # the reader goes away before the first line
            _, err = child.communicate()
        assert child.returncode == 0
        assert err == b""

    def test_internal_errors_are_one_line(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Even a bug is one line and exit 2, never a traceback."""

        def broken(*_: object) -> None:
            raise TypeError("boom\x1b[2J")

        monkeypatch.setattr(slakit.presets, "get", broken)
        code, _, err = run(capsys, "deadline", "distate", "special", "2026-01-01T00:00Z")
        assert code == 2
        assert err == (
            "slakit: internal error: TypeError: boom\\x1b[2J "
            "(please report this with the command that caused it)\n"
        )

    def test_interrupt(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C exits 130 without a traceback."""

        def interrupted(*_: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(slakit.presets, "names", interrupted)
        assert main(["presets"]) == 130

    def test_errors_escape_control_characters(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An escape sequence in what the user typed is shown, not obeyed."""
        code, _, err = run(capsys, "deadline", "distate", "x\x1b]0;pwned\x07", "2026-01-01T00:00Z")
        assert code == 2
        assert "\x1b" not in err
        assert "\\x1b]0;pwned\\x07" in err
        with pytest.raises(SystemExit):
            main(["deadline", "distate", "special", "now", "--clock", "\x1b[31m"])
        assert "\x1b" not in capsys.readouterr().err

    def test_csv_and_table_output(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A ticket id like =HYPERLINK(...) is neutralised in CSV; one with ESC is refused."""
        events = tmp_path / "events.jsonl"
        lines = EVENTS.read_text(encoding="utf-8").replace('"T-1001"', '"=HYPERLINK(1)"')
        events.write_text(lines, encoding="utf-8")
        code, out, _ = run(
            capsys, "report", str(events), "--now", "2026-12-01T00:00Z", "--format", "csv"
        )
        assert code == 0
        assert "\n'=HYPERLINK(1),DiState,partner-standard," in out
        # The event format refuses control characters in ticket ids; the error that
        # says so shows the id escaped, never the raw escape sequence.
        events.write_text(lines.replace('"T-1002"', '"\\u001b[32mT-2"'), encoding="utf-8")
        code, out, err = run(capsys, "report", str(events), "--now", "2026-12-01T00:00Z")
        assert code == 2
        assert "\x1b" not in out + err
        assert "u001b[32mT-2" in err

    def test_show_escapes_vendor(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A vendor name or a title with escape sequences prints escaped."""
        path = tmp_path / "evil.toml"
        text = aggregion.REGULATION.to_toml().replace('"Aggregion"', '"A\\u001b[2J"', 1)
        path.write_text(text.replace('"Оперативная поддержка"', '"\\u009b31m"'), encoding="utf-8")
        code, out, _ = run(capsys, "show", str(path))
        assert code == 0
        assert "A\\x1b[2J support regulation" in out
        assert "\\x9b31m" in out

    def test_special_files(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """A FIFO or /dev/zero as any input file is refused at once, exit 2."""
        fifo = tmp_path / "cases.toml"
        os.mkfifo(fifo)
        for argv in (
            ["check", str(fifo)],
            ["show", str(fifo)],
            ["status", "/dev/zero", "--preset", "distate"],
        ):
            code, _, err = run(capsys, *argv)
            assert code == 2
            # Regulation and cases files say "give the path of a regular file"; the
            # events reader says "not a regular file ... or standard input as '-'".
            assert "regular file" in err
        code, _, err = run(capsys, "show", "no\x00such")
        assert code == 2
        assert "unknown preset" in err

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("case = [1]", "case[0]: must be a table"),
            ("[[case]]\nlevle = 'x'", "did you mean 'level'"),
            ("[[case]]\npreset = 1", "case[0].preset: must be a string"),
            ("[[case]]\npreset='distate'\nlevel='special'\nstart='x'\nexpected='y'", "case[0].start"),  # noqa: E501
            ("[[case]]\npreset='distate'\nlevel='special'\nstart=2026-01-01T00:00:00Z\nexpected='y'", "case[0].expected"),  # noqa: E501
            ("[[case]]\ntz = 'Mars/Base'", "case[0].tz: unknown time zone"),
            ("[[case]]\nclock = 'reactoin'", "must be 'reaction' or 'resolution'"),
        ],
    )  # fmt: skip
    def test_cases_files(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, text: str, message: str
    ) -> None:
        """Cases files are read strictly: the file, the line, the field."""
        path = tmp_path / "cases.toml"
        path.write_text(text, encoding="utf-8")
        code, _, err = run(capsys, "check", str(path))
        assert code == 2
        assert err.startswith(f"slakit: error: {path}, line ")
        assert message in err

    def test_cases_with_toml_datetimes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
    ) -> None:
        """TOML date-times work as starts, and a regulation file is loaded once for all cases."""
        (tmp_path / "own.toml").write_text(aggregion.REGULATION.to_toml(), encoding="utf-8")
        case = (
            f"[[case]]\npreset = '{tmp_path / 'own.toml'}'\nlevel = 'operational'\n"
            "start = 2026-11-23T10:00:00+03:00\nexpected = 2026-11-23T16:00:00+03:00\n"
        )
        path = tmp_path / "cases.toml"
        path.write_text(case * 2, encoding="utf-8")
        code, out, _ = run(capsys, "check", str(path))
        assert code == 0
        assert out.endswith("2 passed, 0 failed\n")


def test_lazy_public_names() -> None:
    """Tickets and explanations load on first use; unknown names are AttributeErrors."""
    assert slakit.Ticket.__name__ == "Ticket"
    assert "explain" in dir(slakit)
    with pytest.raises(AttributeError, match="no attribute 'Tickett'"):
        _ = slakit.Tickett  # type: ignore[attr-defined]


def test_support_level_positional_construction() -> None:
    """The public constructor validates exactly as the file reader does."""
    level = SupportLevel("x", "X", "X", slakit.Audience.EVERYONE, Target.hours(1))
    assert hash(level) == hash(attrs.evolve(level))
