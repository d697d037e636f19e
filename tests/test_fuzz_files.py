"""Thousands of generated regulation and cases files, through the library and the CLI.

Each document starts from a real one (a preset's ``to_toml()``, the example cases
file) and is mutated: lines dropped, keys misspelled, values retyped, huge numbers,
deep nesting, unknown tables. Whatever comes in, only SlakitErrors come out of the
library; the command line exits 0, 1 (a check failed) or 2 with one escaped line on
stderr and never a traceback; and a failure changes nothing (the presets stay equal
to their snapshots). Derandomized in CI (tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import io
import pathlib
import tempfile
import warnings
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slakit
from slakit import Regulation, RegulationFormatError, SlakitError
from slakit.cli import main

ROOT = pathlib.Path(__file__).parent.parent
PRESETS = {name: slakit.presets.get(name) for name in slakit.presets.names()}
TEXTS = {name: reg.to_toml() for name, reg in PRESETS.items()}
# Equal copies read back from the file form: "nothing changed" is a cheap comparison.
COPIES = {name: Regulation.from_toml(text) for name, text in TEXTS.items()}
CASES = (ROOT / "examples" / "ci" / "deadlines.toml").read_text(encoding="utf-8")

MANY = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CASES_RUNS = settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SOME = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values a mutation puts after a key's "=": every TOML type, and the sizes that broke things.
VALUES = st.one_of(
    st.sampled_from(
        [
            '"x"',
            '""',
            "0",
            "-1",
            "1",
            "true",
            "1.5",
            "inf",
            "nan",
            "[]",
            "[1]",
            '["x", 1]',
            "[[1]]",
            "{}",
            "{ a = 1 }",
            "{ amount = 0 }",
            '{ amount = 3, unit = "weeks" }',
            '{ amount = 99999999999999999999, unit = "days", basis = "calendar" }',
            "1970-01-01",
            "9999-12-31T23:59:59Z",
            "10:00:00",
            '"2 weeks"',
            '"99999999999999999999 working hours"',
            '"3000000 days"',
            '"3 рабочих часа"',
            '"not guaranteed"',
            "10000000000",
            "9" * 5000,
            '"' + "9" * 5000 + ' hours"',
            "[" * 3000 + "]" * 3000,
            "{ a = " * 500 + "1" + " }" * 500,
            '"\\u001b]0;pwned\\u0007"',
            '"a\\n"',
            '"mon-fri"',
            '{ "mon-fri" = "09:00-18:00" }',
            '{ mon = "22:00-06:00", tue = "01:00-02:00" }',
            '{ "2026-12-31" = "09:00-14:00" }',
            '{ "31.12.2026" = "x" }',
            "[2026-12-30, 2026-12-30]",
        ]
    ),
    st.integers().map(str),
    st.text(max_size=12).map(lambda s: '"' + s.encode("unicode_escape").decode() + '"'),
)
NEW_LINES = st.sampled_from(
    [
        "",
        "[[levels]]",
        "[[rules]]",
        "[[escalations]]",
        "[schedule]",
        "[levels.quota]",
        "[levels.schedule]",
        "[sla]",
        "[[case]]",
        "x",
        "= 1",
        '"""',
        "key = 'special'",
        "rules = [1]",
        "escalations = [1]",
        "levels = [1]",
        "case = [1]",
        "case = 1",
    ]
)


def _typo(draw: st.DrawFn, key: str) -> str:
    """``key`` with one character dropped, doubled, swapped or replaced."""
    if not key:
        return "k"
    i = draw(st.integers(0, len(key) - 1))
    how = draw(st.sampled_from(["drop", "double", "swap", "replace", "upper"]))
    if how == "drop":
        return key[:i] + key[i + 1 :] or "k"
    if how == "double":
        return key[: i + 1] + key[i:]
    if how == "swap" and i + 1 < len(key):
        return key[:i] + key[i + 1] + key[i] + key[i + 2 :]
    if how == "upper":
        return key.upper()
    return key[:i] + draw(st.sampled_from("aeiou_-.")) + key[i + 1 :]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to three lines dropped, retyped, misspelled, duplicated or replaced."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        key, eq, _ = line.partition("=")
        how = draw(st.sampled_from(["drop", "value", "typo", "duplicate", "replace"]))
        if how == "drop":
            del lines[i]
        elif how == "value" and eq:
            lines[i] = f"{key}= {draw(VALUES)}"
        elif how == "typo" and eq:
            lines[i] = f"{_typo(draw, key.strip())} ={line.partition('=')[2]}"
        elif how == "duplicate":
            lines.insert(i, line)
        else:
            lines[i] = draw(NEW_LINES)
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", slakit.ProvisionalCalendarWarning)
        yield


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), quiet():
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def assert_clean_failure(code: int, err: str) -> None:
    """Exit 0 or 1 with nothing on stderr, or exit 2 with one escaped error line."""
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("slakit: error: "), err
        assert err.count("\n") == 1, err
        assert "\x1b" not in err
        assert "internal error" not in err, err
    else:
        assert code in (0, 1)


def assert_presets_unchanged() -> None:
    for name, regulation in PRESETS.items():
        assert slakit.presets.get(name) is regulation
        assert regulation == COPIES[name]


@MANY
@given(st.sampled_from(sorted(TEXTS)).flatmap(lambda name: mutated(TEXTS[name])))
def test_regulation_documents(text: str) -> None:
    """A mutated preset document reads, or fails with a located RegulationFormatError."""
    regulation, error = read(text)
    if error is not None:
        assert error.line is None or 1 <= error.line <= text.count("\n") + 1
        assert str(error)
    else:
        assert regulation is not None
        assert Regulation.from_toml(regulation.to_toml()) == regulation
        assert hash(regulation) == hash(Regulation.from_toml(regulation.to_toml()))


def read(text: str) -> tuple[Regulation | None, RegulationFormatError | None]:
    """The regulation, or the error, that ``text`` gives (nothing else may be raised)."""
    try:
        with quiet():
            return Regulation.from_toml(text), None
    except RegulationFormatError as error:
        return None, error


@SOME
@given(st.sampled_from(sorted(TEXTS)).flatmap(lambda name: mutated(TEXTS[name])))
def test_regulation_documents_through_the_cli(text: str) -> None:
    """`slakit show` and `slakit deadline` on a mutated file: exit 0 or 2, no traceback."""
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "regulation.toml"
        path.write_text(text, encoding="utf-8")
        code, _, err = run_cli("show", str(path))
        assert_clean_failure(code, err)
        level = next(
            (line.split('"')[1] for line in text.splitlines() if line.startswith('key = "')), "x"
        )
        code, _, err = run_cli("deadline", str(path), level, "2026-11-23T10:00+03:00")
        assert_clean_failure(code, err)
    assert_presets_unchanged()


CASE_VALUES = st.one_of(
    VALUES,
    st.sampled_from(
        [
            '"distate"',
            '"aggregion"',
            '"nope"',
            '"regulation.toml"',
            '"/dev/zero"',
            '"partner-operational"',
            '"special"',
            '"resolution"',
            '"Europe/Moscow"',
            '"Mars/Base"',
            '"2026-11-23T10:00"',
            '"2026-11-23T10:00+03:00"',
            "2026-11-23T10:00:00+03:00",
            "2026-11-23T10:00:00",
            '"2100-12-31T23:00Z"',
            '"0001-01-01T00:00Z"',
        ]
    ),
)
CASE_KEYS = st.sampled_from(["preset", "level", "start", "expected", "clock", "tz", "levle"])


@st.composite
def generated_cases(draw: st.DrawFn) -> str:
    """A cases file of zero to three [[case]] tables with mostly valid keys and any values."""
    tables = []
    for _ in range(draw(st.integers(0, 3))):
        keys = draw(st.lists(CASE_KEYS, max_size=7, unique=True))
        tables.append("[[case]]\n" + "".join(f"{k} = {draw(CASE_VALUES)}\n" for k in keys))
    return "\n".join(tables)


@CASES_RUNS
@given(st.one_of(mutated(CASES), generated_cases()))
def test_cases_files_through_the_cli(text: str) -> None:
    """`slakit check` on any cases file: exit 0, 1 or 2 with one clean line, no traceback."""
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "cases.toml"
        path.write_text(text, encoding="utf-8")
        (pathlib.Path(folder) / "regulation.toml").write_text(TEXTS["aggregion"], "utf-8")
        with contextlib.chdir(folder):
            code, _, err = run_cli("check", str(path))
    assert_clean_failure(code, err)
    assert_presets_unchanged()


# -- the nastiest inputs, kept as explicit regression cases ----------------------------

NASTY_REGULATIONS = {
    "overflowing working hours": ('amount = 6,', "amount = 99999999999999999999,"),
    "3,000,000 days": (
        'reaction = { amount = 6, unit = "hours"', 'reaction = { amount = 3000000, unit = "days"'
    ),
    "5,000-digit amount": ("amount = 6,", "amount = " + "9" * 5000 + ","),
    "5,000-digit words": (
        'reaction = { amount = 6, unit = "hours", basis = "calendar", text = "6 часов" }',
        'reaction = "' + "9" * 5000 + ' hours"',
    ),
    "escalations = [1]": ("[[escalations]]", "escalations = [1]\n[x]"),
    "rules = [1]": ("[schedule]", "rules = [1]\n[schedule]"),
    "deep nesting": ("[schedule]", "x = " + "[" * 5000 + "]" * 5000 + "\n[schedule]"),
    "misspelled days_off": ('tz = "Europe/Moscow"', 'tz = "Europe/Moscow"\nday_off = [2026-12-30]'),
    "misspelled resolution": ('key = "standard"', 'key = "standard"\nresoluton = "1 hours"'),
    "unknown table": ("[schedule]", "[sla]\nx = 1\n[schedule]"),
    "a level key with a newline": ('key = "standard"', 'key = "standard\\n"'),
    "datetime edition": ("[schedule]", "edition = 2026-01-01T10:00:00Z\n[schedule]"),
    "datetime day off": ('tz = "Europe/Moscow"', 'tz = "UTC"\ndays_off = [2026-01-01T10:00]'),
}  # fmt: skip


def test_nasty_regulations() -> None:
    """Each of the inputs that once crashed is now a located RegulationFormatError."""
    for name, (old, new) in NASTY_REGULATIONS.items():
        assert old in TEXTS["aggregion"], name
        text = TEXTS["aggregion"].replace(old, new, 1)
        regulation, error = read(text)
        assert regulation is None, name
        assert "Traceback" not in str(error)
        code, _, err = run_cli("show", *_written(text))
        assert_clean_failure(code, err)
        assert code == 2, name


def _written(text: str) -> list[str]:
    folder = tempfile.mkdtemp()
    path = pathlib.Path(folder) / "nasty.toml"
    path.write_text(text, encoding="utf-8")
    return [str(path)]


NASTY_CASES = {
    "case = [1]": "case = [1]\n",
    "case = 1": "case = 1\n",
    "misspelled key": CASES.replace("level =", "levle =", 1),
    "unknown top-level key": "cases = []\n" + CASES,
    "a start of thousands of digits": CASES.replace('"2025-12-30T17:30:00+03:00"', "9" * 5000, 1),
    "deep nesting": "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "a bad zone": CASES.replace('tz = "Europe/Moscow"', 'tz = "Mars/Base"'),
    "an escape sequence": CASES.replace('preset = "distate"', 'preset = "\\u001b]0;x\\u0007"'),
    "a bad clock": CASES.replace('clock = "resolution"', 'clock = "reactoin"'),
    "an instant out of range": CASES.replace(
        '"2025-12-30T17:30:00+03:00"', '"9999-12-31T23:00:00+00:00"', 1
    ),
}


def test_nasty_cases(tmp_path: pathlib.Path) -> None:
    """Each malformed cases file is one clean error line and exit 2."""
    for name, text in NASTY_CASES.items():
        path = tmp_path / "cases.toml"
        path.write_text(text, encoding="utf-8")
        code, _, err = run_cli("check", str(path))
        assert_clean_failure(code, err)
        assert code == 2, name
        assert "\x1b" not in err
        assert "\x07" not in err


def test_hostile_values_never_escape_slakit_errors() -> None:
    """Python API: the same hostile amounts fail with SlakitErrors (no OverflowError)."""
    for words in ["99999999999999999999 рабочих часов", "3000000 дней", "9" * 5000 + " часов"]:
        try:
            slakit.Target.parse(words)
        except SlakitError:
            pass
        else:  # pragma: no cover
            raise AssertionError(words)
