"""The streamed report gives the rows and failures of the whole-file reader, ticket for ticket."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import EventFormatError, SlakitError, Ticket, events
from slakit import report as rp
from slakit.presets import distate
from ticket_strategies import History, histories, later

MSK = ZoneInfo("Europe/Moscow")
NOW = dt.datetime(2026, 11, 30, tzinfo=MSK)


def whole(source: Any, now: dt.datetime, **kwargs: Any) -> tuple[list[Any], list[Any]]:
    """Rows and failures the way slakit report computed them before streaming."""
    batch = rp.read_tickets(source, as_of=now, **kwargs)
    return rp.report_rows(batch.tickets, now), list(batch.failures)


def streamed(source: Any, now: dt.datetime, **kwargs: Any) -> tuple[list[Any], list[Any]]:
    items = list(rp.stream_report(source, now=now, **kwargs))
    rows = [item.row for item in items if item.row is not None]
    return rows, [item.failure for item in items if item.failure is not None]


def agree(text: str, now: dt.datetime = NOW, **kwargs: Any) -> list[Any]:
    """Assert both readers agree on every source kind; return the rows."""
    rows, failures = whole(text, now, **kwargs)
    for source in (
        text,
        text.encode(),
        io.BytesIO(text.encode()),
        [line + "\n" for line in text.split("\n")],
    ):
        got_rows, got_failures = streamed(source, now, **kwargs)
        assert got_rows == rows
        assert sorted(map(str, got_failures)) == sorted(map(str, failures))
    return rows


def lines_of(ticket_id: str, ticket: Ticket, preset: str | None = None) -> list[str]:
    out = []
    for index, event in enumerate(ticket.to_events()):
        head = {"ticket": ticket_id}
        if preset and index == 0:
            head["preset"] = preset
        out.append(json.dumps({**head, **event}, ensure_ascii=False))
    return out


class TestSameAsWholeFile:
    @given(st.lists(histories(max_steps=8), min_size=1, max_size=4), later, st.booleans())
    def test_histories(self, found: list[History], after: dt.timedelta, interleave: bool) -> None:
        """Tickets of one regulation, grouped or in time order: the same rows and failures."""
        regulation = found[0].regulation
        lines: list[tuple[int, str]] = []
        for number, history in enumerate(found):
            try:
                ticket = Ticket.from_events(regulation, history.ticket().events)
            except SlakitError:  # a level another regulation lacks: skip it
                continue
            for line in lines_of(f"T-{number}", ticket):
                lines.append(
                    (events.to_us(dt.datetime.fromisoformat(json.loads(line)["at"])), line)
                )
        if interleave:
            lines.sort(key=lambda item: item[0])
        if not lines:
            return
        now = max(h.last for h in found) + after
        agree("\n".join(line for _, line in lines), now, regulation=regulation)

    def test_failures_and_odd_lines(self) -> None:
        """Bad tickets are set aside with the same words; odd but valid lines read the same."""
        reg = distate.REGULATION
        good = Ticket.open(reg, "partner-operational", at=dt.datetime(2026, 11, 23, 10, tzinfo=MSK))
        good = good.pause(at=dt.datetime(2026, 11, 23, 11, tzinfo=MSK)).customer_reply(
            at=dt.datetime(2026, 11, 23, 12, tzinfo=MSK)
        )
        o = '"event": "opened", "at": "2026-11-23T10:00:00+03:00"'
        lines = [
            "\ufeff" + lines_of("G", good, "distate")[0],
            *lines_of("G", good)[1:],
            "",
            f'{{"ticket": "P", "preset": "distate", {o}, "level": "partner-standard"}}\r',
            '{"ticket": "P", "preset": "aspro", "event": "resolved", "at": "2026-11-23T11:00Z"}',
            '{"ticket": "F", "event": "agent_reply", "at": "2026-11-23T11:00:00+03:00"}',
            f'{{"ticket": "L", "preset": "distate", {o}, "level": "no-such-level"}}',
            f'{{"ticket": "R", "preset": "distate", {o}, "level": "consulting"}}',
            '{"ticket": "R", "event": "resumed", "at": "2026-11-23T11:00:00+03:00"}',
            f'{{"ticket" : "S", "preset": "distate", {o}, "level": "consulting"}}',
            f'{{"ticket": "X", "preset": "distate", {o}, "level": "consulting", "x": 1}}',
            f'{{"ticket": "Y", "preset": "distate", {o}, "level": "consulting", "reason": "x"}}',
            '{"ticket": "Z", "preset": "distate", "event": "opened", "at": "2026-02-30T10:00Z", '
            '"level": "consulting"}',
            f'{{"ticket": "N", {o}, "level": "consulting"}}',
            f'{{"ticket": "Q", "preset": "distate", {o}, "level": "consulting", '
            '"note": "a \\": inside"}',
            f'{{"ticket": "E\\u0301", "preset": "distate", {o}, "level": "consulting"}}',
            f'{{"ticket": "C", "preset": "distate", {o}, "level": "special", '
            '"coupon": {"code": "K-1", "issued_at": "2026-01-01T00:00:00+03:00"}}',
            '{"ticket": "C", "event": "resolved", "at": "2026-11-23T10:30:00+03:00"}',
            '{"ticket": "LATE", "preset": "distate", "event": "opened", '
            '"at": "2027-11-23T10:00:00+03:00", "level": "consulting"}',
            '{"ticket": "G", "event": "resolved", "at": "2027-01-01T00:00:00+03:00"}',
        ]
        rows = agree("\n".join(lines))
        assert {row.ticket for row in rows} >= {"G", "S", "E\u0301", "C"}

    def test_preset_for_all(self) -> None:
        """--preset: one regulation for every ticket, their own preset fields aside."""
        text = (
            '{"ticket": "A", "event": "opened", "at": "2026-11-23T10:00:00+03:00", '
            '"level": "consulting"}'
        )
        rows = agree(text, regulation=distate.REGULATION)
        assert rows[0].level == "consulting"

    def test_small_batches(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Batches of two: failures inside a batch set one ticket aside, the rest computed."""
        monkeypatch.setattr(rp, "BATCH", 2)
        o = '"event": "opened", "at": "2026-11-23T10:00:00+03:00", "preset": "distate"'
        lines = []
        for n in range(7):
            lines.append(f'{{"ticket": "T{n}", {o}, "level": "consulting"}}')
            if n % 3 == 1:
                lines.append(f'{{"ticket": "T{n}", "event": "resumed", "at": "2026-11-23T11:00Z"}}')
        rows = agree("\n".join(lines))
        assert len(rows) == 5

    def test_unusable_line(self) -> None:
        """A line that belongs to no ticket makes the file unusable, as before."""
        text = (
            '{"ticket": "A", "preset": "distate", "event": "opened", "at": "2026-11-23T10:00Z", '
            '"level": "consulting"}\nnot json'
        )
        with pytest.raises(EventFormatError, match="line 2"):
            list(rp.stream_report(text, now=NOW))
        with pytest.raises(EventFormatError, match="line 2"):
            list(rp.stream_report(io.BytesIO(text.encode()), now=NOW))
        twice = '{"ticket": "A", "ticket" : "A"}'
        for source in (twice, twice.replace(" :", ":")):
            with pytest.raises(EventFormatError, match="appears twice"):
                list(rp.stream_report(source, now=NOW))

    def test_long_and_bad_bytes(self) -> None:
        """Over-long lines are refused naming the line; non-UTF-8 is that ticket's failure."""
        long = b'{"ticket": "A", "x": "' + b"y" * events.MAX_LINE_BYTES + b'"}\n'
        with pytest.raises(EventFormatError, match="line 1: longer than"):
            list(rp.stream_report(io.BytesIO(long), now=NOW))
        with pytest.raises(EventFormatError, match="not UTF-8"):
            list(rp.stream_report(io.BytesIO(b'{"ticket": "\xff"}\n'), now=NOW))

        class Lines:
            def readline(self, _size: int) -> str:
                return "{}\n"

        with pytest.raises(rp.InvalidArgumentError, match="bytes"):
            list(rp.stream_report(Lines(), now=NOW, grouped=False))  # type: ignore[arg-type]

    def test_arguments(self) -> None:
        """A bad regulation or risk share is refused before reading."""
        with pytest.raises(rp.InvalidArgumentError, match="regulation"):
            list(rp.stream_report("", now=NOW, regulation="distate"))  # type: ignore[arg-type]
        with pytest.raises(rp.InvalidArgumentError, match="risk"):
            list(rp.stream_report("", now=NOW, risk=2))


class TestGrouped:
    @pytest.mark.parametrize(
        ("text", "grouped"),
        [
            (b'{"ticket": "A"}\n{"ticket": "A"}\n\n{"ticket": "B"}\n', True),
            (b'{"ticket": "A"}\n{"ticket": "B"}\n{"ticket": "A"}\n', False),
            (b'{"ticket": "A\\u0041"}\n', False),
            (b'{"event": "opened"}\n', False),
        ],
    )
    def test_layout(self, text: bytes, grouped: bool) -> None:
        """A quick scan of a seekable file: grouped only when plainly so; the file is rewound."""
        stream = io.BytesIO(text)
        assert rp._grouped(stream) is grouped
        assert stream.tell() == 0

    def test_not_seekable(self) -> None:
        """Lines from an iterable, or text files, count as not grouped."""
        assert not rp._grouped([b"{}"])
        assert not rp._grouped(io.StringIO('{"ticket": "A"}\n'))


class TestTally:
    def test_same_as_summarize(self) -> None:
        """Tally keeps counts, and gives summarize's and open_clocks' answers."""
        reg = distate.REGULATION
        at = dt.datetime(2026, 11, 20, 17, tzinfo=MSK)
        tickets: Iterable[tuple[str, Ticket]] = [
            (
                "A",
                Ticket.open(reg, "partner-operational", at=at).agent_reply(
                    at=at + dt.timedelta(hours=1)
                ),
            ),
            ("B", Ticket.open(reg, "licensee-vip", at=at)),
            ("C", Ticket.open(reg, "partner-operational", at=at + dt.timedelta(days=3))),
        ]
        rows = rp.report_rows(list(tickets), NOW)
        tally = rp.Tally()
        for row in rows:
            tally.add(row)
        assert tally.summaries() == rp.summarize(rows)
        assert tally.open_clocks() == rp.open_clocks(rows)


OPENED_AT = '"event": "opened", "at": "2026-11-23T10:00:00+03:00"'


def verdict(read: Any, text: str) -> tuple[Any, ...]:
    """Rows and failure messages, or the error that made the file unusable."""
    try:
        rows, failures = read(text, NOW)
    except EventFormatError as error:
        return ("unusable", str(error))
    return (rows, sorted(map(str, failures)))


class TestOddLines:
    @pytest.mark.parametrize(
        "line",
        [
            '{"ticket": 7, "event": "opened"}',
            '{"ticket": "' + "x" * 201 + '", "event": "opened"}',
            '{"ticket": "a\\u0007b", "event": "opened"}',
            '{"ticket": "A", "event": "reopen", "at": "2026-11-23T10:00Z"}',
            '{"ticket": "A", "event": "opened", "at": 5, "level": "consulting"}',
            '{"ticket": "A", "event": "opened", "at": "2026-11-23 10:00", "level": "consulting"}',
            '{"ticket": "A", "event": "opened", "at": "0001-01-01T00:00:00+01:00", '
            '"level": "consulting"}',
            f'{{"ticket": "A", "preset": "acme", {OPENED_AT}, "level": "consulting"}}',
            f'{{"ticket": "A", "preset": "distate", {OPENED_AT}, "level": 5}}',
            f'{{"ticket": "A", "preset": "distate", {OPENED_AT}, "level": "Bad Key"}}',
            f'{{"ticket": "A", "preset": "distate", {OPENED_AT}}}',
            f'{{"ticket": "A", "preset": "distate", {OPENED_AT}, '
            '"level": "consulting", "reason": "x"}',
            '{"ticket": "A", "preset": "distate", "event": "agent_reply", '
            '"at": "2026-11-23T10:00Z", "level": "consulting"}',
            '{"ticket": "A", "preset": "distate", "event": "paused", '
            '"at": "2026-11-23T10:00Z", "reason": "lunch"}',
            '{"ticket": "A", "event": "opened", "at": "2026-11-23T10:00:00+03:00", '
            '"level": "consulting", "ticket": "A"}',
            "[1, 2]",
            '{"ticket": "A", "event": NaN}',
        ],
    )
    def test_same_verdict(self, line: str) -> None:
        """A line the quick reader does not take is read as before: same row, failure or error."""
        opened = f'{{"ticket": "A", "preset": "distate", {OPENED_AT}, "level": "consulting"}}'
        text = f"{opened}\n{line}\n{line}"
        assert verdict(streamed, text) == verdict(whole, text)

    def test_many_ids(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The cache of checked ticket ids is bounded: cleared when full, answers the same."""
        reader = rp._LineReader()
        for n in range(100_002):
            reader.ids.add(f"T{n}")
        line = f'{{"ticket": "new", "preset": "distate", {OPENED_AT}, "level": "consulting"}}'
        assert reader.read(1, line)[0] == "new"
        assert reader.ids == {"new"}

    def test_progress(self) -> None:
        """report_rows calls progress(done, total) as it goes."""
        reg = distate.REGULATION
        at = dt.datetime(2026, 11, 23, 10, tzinfo=MSK)
        seen: list[tuple[int, int]] = []
        rp.report_rows(
            [("A", Ticket.open(reg, "consulting", at=at))], NOW, lambda d, t: seen.append((d, t))
        )
        assert seen == [(1, 1)]


class TestNewEvents:
    def test_registered_and_refused(self) -> None:
        """Registration later than sending, and refusals, read the same as before."""
        lines = [
            '{"ticket": "A", "preset": "aspro", "event": "opened", '
            '"at": "2026-11-23T10:00:00+03:00", "level": "standard", '
            '"registered": "2026-11-23T12:00:00+03:00"}',
            '{"ticket": "B", "preset": "distate", "event": "opened", '
            '"at": "2026-11-23T10:00:00+03:00", "level": "consulting"}',
            '{"ticket": "B", "event": "refused", "at": "2026-11-23T11:00:00+03:00"}',
            '{"ticket": "C", "preset": "distate", "event": "opened", '
            '"at": "2026-11-23T10:00:00+03:00", "level": "consulting", '
            '"registered": "2026-11-23T13:00:00+03:00"}',
            '{"ticket": "C", "event": "agent_reply", "at": "2026-11-23T14:00:00+03:00"}',
        ]
        rows = agree("\n".join(lines))
        assert [row.ticket for row in rows] == ["A", "C"]
