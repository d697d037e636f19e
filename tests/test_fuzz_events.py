"""Event files fuzzed: valid documents mutated every way, through the library and the CLI.

Only SlakitError subclasses may come out of the library; the command line prints no
traceback and exits 0, 1 (a report with some tickets set aside) or 2 (unusable input).
The nastiest inputs found are kept as explicit regression cases at the bottom.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import pathlib
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slakit import SlakitError, Ticket, events
from slakit.cli import main
from slakit.presets import distate
from slakit.report import read_ticket, read_tickets

FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
START = dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone(dt.timedelta(hours=3)))
KINDS = [
    "opened",
    "agent_reply",
    "customer_reply",
    "paused",
    "resumed",
    "level_changed",
    "transferred_to_development",
    "resolved",
    "reopened",
    "closed",
]
LEVELS = ["partner-operational", "consulting", "special", "commercial-standard", "standard", "x"]

nasty_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "\x00",
            "\x1b]0;pwned\x07",
            "\u2028",
            "\u202e",
            "\ud800",
            "\ufeff",
            "=HYPERLINK(1)",
            "../../etc/passwd",
            "distate.toml",
            "/dev/zero",
            "C:\\x",
            "1" * 300,
        ]
    ),
)
junk_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(allow_nan=False, allow_infinity=False),
    nasty_text,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(nasty_text, st.integers(), max_size=2),
)


@st.composite
def event_objects(draw: st.DrawFn) -> dict[str, object]:
    """A plausible event of one of three tickets, maybe mutated."""
    kind = draw(st.sampled_from(KINDS))
    at = START + dt.timedelta(minutes=draw(st.integers(-600, 20_000)))
    data: dict[str, object] = {
        "ticket": draw(st.sampled_from(["A", "B", "1"])),
        "event": kind,
        "at": at.isoformat(),
    }
    if kind in ("opened", "level_changed"):
        data["level"] = draw(st.sampled_from(LEVELS))
    if kind == "opened" and draw(st.booleans()):
        data["preset"] = draw(st.sampled_from(["distate", "technomarket", "aspro", "aggregion"]))
    if kind == "opened" and draw(st.integers(0, 4)) == 0:
        data["coupon"] = {"code": "C-1", "issued_at": "2026-01-15T00:00:00+03:00"}
    if kind == "paused" and draw(st.booleans()):
        data["reason"] = draw(st.sampled_from(["awaiting_customer", "malware", "unlicensed"]))
    for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 2)) == 0 else 0):
        field = draw(st.sampled_from(["ticket", "event", "at", "level", "reason", "coupon", "zz"]))
        if draw(st.booleans()):
            data.pop(field, None)
        else:
            data[field] = draw(junk_value)
    return data


def _line(data: dict[str, object], how: int) -> str:
    text = json.dumps(data, ensure_ascii=bool(how % 2))
    return {
        0: text,
        1: text,
        2: text[: len(text) // 2],  # cut short
        3: text.replace("{", '{"ticket": "A", ', 1),  # maybe a duplicate key
        4: "[" * 5000 + "]" * 5000,
        5: text.replace("}", ', "n": 1' + "0" * 5000 + "}"),
        6: text.replace('"at"', '"at":NaN, "x"', 1),
    }.get(how, text)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A whole file: mostly good lines, some bad, blank lines, BOMs and CRLFs."""
    lines = [
        _line(draw(event_objects()), draw(st.integers(0, 40)))
        for _ in range(draw(st.integers(0, 8)))
    ]
    for _ in range(draw(st.integers(0, 1))):
        lines.insert(draw(st.integers(0, len(lines))), draw(nasty_text))
    text = draw(st.sampled_from(["\n", "\r\n", "\n\n"])).join(lines)
    raw = text.encode("utf-8", "surrogatepass")
    return (
        draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
        + raw
        + draw(st.sampled_from([b"", b"\n", b"\xff", b"\x00"]))
    )


NOW = START + dt.timedelta(days=20)


class TestLibrary:
    @FUZZ
    @given(documents(), st.booleans())
    def test_readers_raise_only_slakit_errors(self, document: bytes, as_of: bool) -> None:
        """read, read_tickets, read_ticket and Ticket.from_events: SlakitError or an answer."""
        when = NOW if as_of else START + dt.timedelta(hours=2)
        with contextlib.suppress(SlakitError):
            list(events.read(document))
        with contextlib.suppress(SlakitError):
            batch = read_tickets(document, as_of=when)
            for failure in batch.failures:
                assert str(failure)
        with contextlib.suppress(SlakitError):
            read_ticket(document, as_of=when, ticket="A").status(when)
        with contextlib.suppress(SlakitError):
            Ticket.from_events(distate.REGULATION, document)


def run_cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text
    return code, err.getvalue()


class TestCommandLine:
    @settings(FUZZ, max_examples=400)
    @given(documents(), st.sampled_from(["2026-12-13T09:00+03:00", "2026-11-23T11:00+03:00"]))
    def test_status_report_timeline(self, document: bytes, now: str) -> None:
        """No traceback; report exits 0, 1 or 2, status and timeline 0 or 2."""
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "events.jsonl"
            path.write_bytes(document)
            code, err = run_cli("report", str(path), "--now", now, "--format", "csv")
            assert code in (0, 1, 2)
            assert (code == 0) == (err == "")
            code, err = run_cli("status", str(path), "--ticket", "A", "--now", now)
            assert code in (0, 2)
            svg = str(pathlib.Path(tmp) / "t.svg")
            code, err = run_cli("timeline", str(path), "--svg", svg, "--now", now)
            assert code in (0, 2)
            if code == 2:
                assert err.startswith("slakit: error: ")


# -- the nastiest inputs found, kept ---------------------------------------------------

REGRESSIONS = [
    b'{"ticket": "A", "event": [], "at": "2026-11-23T10:00:00+03:00"}',
    b'{"ticket": "A", "event": "paused", "at": "2026-11-23T10:00:00+03:00", "reason": {}}',
    b'{"ticket": "A", "event": "opened", "at": "2026-11-23T10:00:00+03:00", "level": {}}',
    b"[" * 100_000,
    b'{"ticket": "A", "event": "opened", "at": 1' + b"0" * 5000 + b"}",
    b'{"ticket": "A", "event": "opened", "at": 1e999}',
    b'{"ticket": "\\ud800", "event": "opened"}',
    b'{"ticket": "A", "event": "opened", "at": "0001-01-01T00:00:00+03:00", "level": "x"}',
    b'{"ticket": "A", "preset": "distate", "event": "opened", '
    b'"at": "9999-12-31T23:59:00+00:00", "level": "partner-operational"}',
    b'{"ticket": "A", "preset": "distate", "event": "opened", '
    b'"at": "9999-12-31T23:59:00-12:00", "level": "consulting"}',
    b'{"ticket": "A", "preset": "aggregion", "event": "opened", '
    b'"at": "9999-12-31T23:00:00+00:00", "level": "operational"}',
    b'{"ticket": "A", "preset": "distate", "event": "opened", '
    b'"at": "2026-11-23T10:00:00+03:00", "level": "special", '
    b'"coupon": {"code": "C", "issued_at": "0001-01-01T00:00:00+00:00"}}',
    b'{"ticket": "A", "event": "opened", "at": "2026-11-23T10:00:00+03:00", "level": "x"}\xff',
    b"\xef\xbb\xbf\xef\xbb\xbf{}",
    b'{"ticket": "A\x1b[31m", "event": "opened"}',
    b'{"ticket": "A", "preset": "/dev/zero", "event": "opened", "at": "2026-11-23T10:00Z"}',
]


@pytest.mark.parametrize("document", REGRESSIONS)
def test_regressions(document: bytes, tmp_path: pathlib.Path) -> None:
    """Each kept input gives a SlakitError or an answer, and the CLI exits cleanly."""
    with contextlib.suppress(SlakitError):
        read_tickets(document, as_of=NOW)
    path = tmp_path / "e.jsonl"
    path.write_bytes(document)
    code, _ = run_cli("report", str(path), "--now", "2026-12-13T09:00+03:00")
    assert code in (0, 1, 2)
    code, _ = run_cli("status", str(path), "--now", "2026-12-13T09:00+03:00")
    assert code in (0, 2)
