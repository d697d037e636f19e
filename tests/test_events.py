"""slakit.events: the published event format, its schema, and reading files of many tickets."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pathlib
from zoneinfo import ZoneInfo

import pytest

import slakit
from slakit import (
    CouponError,
    CouponRef,
    Event,
    EventFormatError,
    EventKind,
    PauseReason,
    Ticket,
    TicketEventError,
    events,
)
from slakit.presets import distate, technomarket
from slakit.report import read_ticket, read_tickets

ROOT = pathlib.Path(__file__).parent.parent
MSK = ZoneInfo("Europe/Moscow")
AT = "2026-11-23T10:00:00+03:00"


def line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def opened(ticket: str = "T-1", preset: str | None = "distate", **more: object) -> str:
    fields: dict[str, object] = {"ticket": ticket}
    if preset is not None:
        fields["preset"] = preset
    fields |= {"event": "opened", "at": AT, "level": "partner-operational"} | more
    return line(**fields)


class TestSchema:
    def test_packaged_and_valid(self) -> None:
        """The shipped schema is a valid draft 2020-12 schema; schema() returns a fresh copy."""
        jsonschema = pytest.importorskip("jsonschema")
        schema = events.schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = "changed"
        assert events.schema()["title"] == "slakit ticket event"

    def test_matches_the_code(self) -> None:
        """Enums, patterns and bounds in the file are the reader's own constants."""
        props = events.schema()["properties"]
        assert props["event"]["enum"] == [kind.value for kind in EventKind]
        assert props["preset"]["enum"] == list(slakit.presets.names())
        assert props["reason"]["enum"] == [r.name.lower() for r in PauseReason]
        assert props["reason"]["enum"] == list(events.reason_names())
        assert props["at"]["pattern"] == events.AT_PATTERN
        assert props["coupon"]["properties"]["issued_at"]["pattern"] == events.AT_PATTERN
        assert props["ticket"]["pattern"] == events.ID_PATTERN
        assert props["ticket"]["maxLength"] == events.MAX_ID_LENGTH
        assert props["level"]["pattern"] == events.KEY_PATTERN
        assert set(props) == set(events.FIELDS)
        assert events.schema()["additionalProperties"] is False

    def test_docs_page_shows_the_packaged_schema(self) -> None:
        """docs/events.md includes the packaged schema file itself, not a copy."""
        page = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
        assert '--8<-- "src/slakit/event.schema.json"' in page


class TestReadingOneLine:
    def test_a_full_line(self) -> None:
        """Every field read: ticket, preset, event, instant, level, coupon."""
        entry = events.parse_line(
            opened(level="special", coupon={"code": "C-7", "issued_at": "2026-01-15T00:00Z"}), 4
        )
        assert (entry.line, entry.ticket, entry.preset) == (4, "T-1", "distate")
        assert entry.event.kind is EventKind.OPENED
        assert entry.event.at == dt.datetime(2026, 11, 23, 10, tzinfo=MSK)
        assert entry.event.level == "special"
        assert entry.event.coupon == CouponRef("C-7", dt.datetime(2026, 1, 15, tzinfo=dt.UTC))

    def test_paused_without_a_reason_waits_for_the_customer(self) -> None:
        """As in the Python API, a pause without a reason is waiting for the customer."""
        entry = events.parse_line(line(event="paused", at=AT))
        assert entry.event.reason is PauseReason.AWAITING_CUSTOMER
        assert Event(EventKind.PAUSED, entry.event.at) == entry.event

    def test_u2028_inside_a_string_is_text(self) -> None:
        """U+2028 is valid inside a JSON string: the line is not split there."""
        text = opened(ticket="T\u20281") + "\n"
        with pytest.raises(EventFormatError, match=r"field 'ticket'.*\\u2028"):
            list(events.read(text))  # an id may not hold it (it breaks text output) ...
        good = opened() + "\n" + line(ticket="T-1", event="agent_reply", at=AT) + "\n"
        coupon = {"code": "A\u2028B"}
        with pytest.raises(EventFormatError, match=r"line 1, field 'coupon.code'.*\\u2028"):
            list(events.read(opened(coupon=coupon | {"issued_at": AT}) + "\n"))
        # ... but a line holding U+2028 in a string is still one line: the error is line 1,
        # and a U+2028 in a field without that rule (the level) is caught by its pattern.
        assert [e.line for e in events.read(good)] == [1, 2]
        with pytest.raises(EventFormatError, match=r"line 1, field 'level'"):
            list(events.read(opened(level="a\u2028b")))

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (line(ticket=1, event="opened", at=AT, level="x"), 'never the same ticket: write "1"'),
            (line(ticket="", event="opened", at=AT), "field 'ticket': a ticket id must be 1"),
            (line(ticket="A\x1b[2J", event="opened", at=AT), r"\\u001b\[2J"),
            ('{"ticket": "A", "ticket": "B"}', 'the key "ticket" appears twice'),
            ('{"event": "opened", "at": NaN}', "not JSON that slakit reads"),
            ('{"event": "opened", "at": 1' + "0" * 5000 + "}", "not JSON that slakit reads"),
            ("[" * 100_000, "nested too deeply"),
            ("\ufeff\ufeff{}", "not JSON"),
            ("[1, 2]", "an event must be a JSON object, got an array of 2 items"),
            (line(event=[], at=AT), "field 'event': must be one of the valid names, got an array"),
            (line(event="opend", at=AT), "did you mean 'opened'"),
            (line(event="paused", at=AT, reason={}), "field 'reason'.*got an object"),
            (line(event="paused", at=AT, reason="bored"), 'unknown reason "bored"'),
            (line(event="opened", at="2026-11-23T10:00", level="x"), "with an offset"),
            (line(event="opened", at="2026-02-30T10:00Z", level="x"), "not a real date"),
            (line(event="opened", at=AT, level="x", preset="../etc/reg.toml"), "never a file"),
            (line(event="opened", at=AT, level="x", preset="/dev/zero"), "never a file"),
            (line(event="opened", at=AT, level="x", preset="C:\\reg"), "never a file"),
            (line(event="opened", at=AT, level="x", preset="distat"), "did you mean 'distate'"),
            (line(event="opened", at=AT), "a level key is required for an opened event"),
            (line(event="opened", at=AT, level="Gold"), "lowercase words"),
            (line(event="agent_reply", at=AT, level="x"), "takes no level"),
            (line(event="agent_reply", at=AT, reason="malware"), "takes no reason"),
            (line(event="resolved", at=AT, coupon={}), "takes no coupon"),
            (line(event="opened", at=AT, level="x", coupon=[]), "must be an object"),
            (line(event="opened", at=AT, level="x", coupon={"code": "C"}), "lacks 'issued_at'"),
            (line(event="opened", at=AT, level="x", coupon={"c": 1}), 'unknown field "c"'),
            (line(event="opened", at=AT, level="x", colour="red"), 'unknown field "colour"'),
            (line(event="opened", at=AT, level="x", tiket="A"), "did you mean 'ticket'"),
            (line(at=AT), "field 'event': missing"),
            (line(event="opened"), "field 'at': missing"),
            (line(event="opened", at=["x"]), "field 'at'.*got an array"),
            (b'{"event": "opened", "at": "\xff"}', "not UTF-8"),
            ("0001-01-01T00:00:00+03:00", "not JSON"),
            (line(event="opened", at="0001-01-01T01:00:00+03:00", level="x"), "outside years"),
        ],
    )
    def test_refused_with_line_field_and_value(self, text: str | bytes, message: str) -> None:
        """Each malformed line is an EventFormatError naming the line, field and bad value."""
        with pytest.raises(EventFormatError, match=message) as info:
            events.parse_line(text, 7)
        assert str(info.value).startswith("line 7")
        assert info.value.line == 7

    def test_the_bad_value_is_shortened_and_escaped(self) -> None:
        """A long value shows its first 60 characters; control characters are escaped."""
        with pytest.raises(EventFormatError) as info:
            events.parse_line(line(event="x\x07" + "y" * 500, at=AT))
        message = str(info.value)
        assert "\x07" not in message
        assert '"x\\u0007' + "y" * 58 + '…"' in message
        assert len(message) < 400

    def test_values_of_any_type_are_shown_briefly(self) -> None:
        """Messages show a value's kind for what JSON cannot hold, and big numbers by size."""
        assert events.show(dt.date(2026, 1, 1)) == "a date"
        assert events.show(10**100) == "a 333-bit number"
        assert events.show(1.5) == "1.5"
        assert events.show({"a": 1}) == "an object with 1 keys"

    def test_from_dict_and_unwritable_coupons(self) -> None:
        """Event.from_dict reads one exported object; a coupon before year 1 in UTC is refused."""
        event = Event.from_dict({"event": "resumed", "at": AT}, 3)
        assert event == Event(EventKind.RESUMED, dt.datetime(2026, 11, 23, 10, tzinfo=MSK))
        with pytest.raises(EventFormatError, match=r"^event 3, field 'at'"):
            Event.from_dict({"event": "resumed"}, 3)
        coupon = {"code": "C", "issued_at": "0001-01-01T00:00:00+03:00"}
        with pytest.raises(EventFormatError, match=r"field 'coupon': issued_at .* \(outside years"):
            events.parse_line(opened(level="special", coupon=coupon))

    def test_error_knows_the_ticket_where_valid(self) -> None:
        """A bad line with a good ticket id names the ticket (a report sets it aside)."""
        with pytest.raises(EventFormatError) as info:
            events.parse_line(line(ticket="T-9", event="nope", at=AT))
        assert info.value.ticket == "T-9"
        assert info.value.field == "event"
        with pytest.raises(EventFormatError) as info:
            events.parse_line(line(ticket=9, event="nope", at=AT))
        assert info.value.ticket is None

    def test_values_are_checked_in_python_too(self) -> None:
        """Event, CouponRef and parse_events refuse what the file format refuses."""
        at = dt.datetime(2026, 11, 23, 10, tzinfo=MSK)
        with pytest.raises(TicketEventError, match="kind"):
            Event("opened", at, "x")  # type: ignore[arg-type]
        with pytest.raises(TicketEventError, match="timezone-aware"):
            Event(EventKind.AGENT_REPLY, dt.datetime(2026, 11, 23))
        with pytest.raises(TicketEventError, match="level key is required"):
            Event(EventKind.LEVEL_CHANGED, at)
        with pytest.raises(TicketEventError, match="lowercase"):
            Event(EventKind.OPENED, at, "a\n")
        with pytest.raises(TicketEventError, match="takes no level"):
            Event(EventKind.RESOLVED, at, "x")
        with pytest.raises(TicketEventError, match="PauseReason"):
            Event(EventKind.PAUSED, at, reason="malware")  # type: ignore[arg-type]
        with pytest.raises(TicketEventError, match="takes no reason"):
            Event(EventKind.RESUMED, at, reason=PauseReason.MALWARE)
        with pytest.raises(TicketEventError, match="takes no coupon"):
            Event(EventKind.CLOSED, at, coupon=CouponRef("C", at))
        with pytest.raises(TicketEventError, match="CouponRef"):
            Event(EventKind.OPENED, at, "x", coupon="C")  # type: ignore[arg-type]
        with pytest.raises(TicketEventError, match="coupon code"):
            CouponRef("", at)
        with pytest.raises(TicketEventError, match="events"):
            events.parse_events(None)
        with pytest.raises(TicketEventError, match="events"):
            events.parse_events({"event": "opened"})
        with pytest.raises(slakit.InvalidArgumentError, match="JSON line"):
            events.parse_line(3)  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="source"):
            list(events.read(3))  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="text"):
            list(events.read([b"{}", 3]))  # type: ignore[list-item]
        with pytest.raises(slakit.InvalidArgumentError, match="all text or all bytes"):
            list(events.read(["{", b"}"]))

    def test_offsets_that_are_not_whole_minutes_are_written_in_utc(self) -> None:
        """to_dict writes every instant in the format: odd offsets become UTC, same instant."""
        odd = dt.timezone(dt.timedelta(hours=3, seconds=15))
        event = Event(EventKind.OPENED, dt.datetime(2026, 1, 1, 12, tzinfo=odd), "x")
        # 12:00 at +03:00:15 is 08:59:45 UTC.
        assert event.to_dict()["at"] == "2026-01-01T08:59:45+00:00"
        assert events.parse_object(event.to_dict()).event == event


class TestReadingFiles:
    def test_lines_split_on_newline_only(self) -> None:
        """\\n and \\r\\n end lines; blank lines are skipped; numbering counts every line."""
        text = opened() + "\r\n\r\n  \n" + line(ticket="T-1", event="agent_reply", at=AT)
        assert [e.line for e in events.read(text)] == [1, 4]
        assert [e.line for e in events.read(text.encode())] == [1, 4]
        assert [e.line for e in events.read(io.BytesIO(text.encode()))] == [1, 4]
        assert [e.line for e in events.read(text.splitlines(keepends=True))] == [1, 4]

    def test_a_bom_at_the_start_is_accepted(self) -> None:
        """A UTF-8 BOM before the first line is skipped (bytes or text); later it is refused."""
        text = opened() + "\n"
        for source in ("\ufeff" + text, b"\xef\xbb\xbf" + text.encode(), "\ufeff\n" + text):
            assert [e.ticket for e in events.read(source)] == ["T-1"]
        with pytest.raises(EventFormatError, match="line 2: not JSON"):
            list(events.read(text + "\ufeff" + text))

    def test_lines_are_bounded(self) -> None:
        """A line over MAX_LINE_BYTES is refused before it is held, from a stream or text."""
        huge = b'{"ticket": "' + b"x" * events.MAX_LINE_BYTES + b'"}\n'
        with pytest.raises(EventFormatError, match="line 2: longer than"):
            list(events.read(io.BytesIO(opened().encode() + b"\n" + huge)))
        with pytest.raises(EventFormatError, match="line 1: longer than"):
            list(events.read(huge))

    def test_open_path_refuses_what_is_not_a_regular_file(self, tmp_path: pathlib.Path) -> None:
        """A directory, a FIFO and a missing file are refused at once, never read or waited on."""
        with pytest.raises(events.EventFileError, match="not a regular file"):
            events.open_path(tmp_path)
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        with pytest.raises(events.EventFileError, match="not a regular file"):
            events.open_path(fifo)
        with pytest.raises(events.EventFileError, match="cannot read"):
            events.open_path(tmp_path / "missing.jsonl")
        path = tmp_path / "ok.jsonl"
        path.write_text(opened(), encoding="utf-8")
        with events.open_path(path) as stream:
            assert [e.ticket for e in events.read(stream)] == ["T-1"]


class TestTicketsFromAFile:
    def test_each_ticket_follows_its_own_preset(self) -> None:
        """A file mixing DiState and Technomarket tickets computes each under its own."""
        text = "\n".join(
            [
                opened("D-1", "distate", level="partner-operational"),
                opened("T-1", "technomarket", level="commercial-standard"),
            ]
        )
        batch = read_tickets(text)
        assert [(i, t.regulation.vendor) for i, t in batch.tickets] == [
            ("D-1", distate.REGULATION.vendor),
            ("T-1", technomarket.REGULATION.vendor),
        ]
        now = dt.datetime(2026, 11, 23, 12, tzinfo=MSK)
        # DiState partner-operational: 3 wh from Mon 10:00 on 10-18 is 13:00.
        assert batch.tickets[0][1].status(now).reaction.deadline == now.replace(hour=13)
        # Technomarket commercial-standard: 24 wh from Mon 10:00 on 9-18: Mon 8, Tue 9,
        # Wed 7 -> Wed 16:00.
        assert batch.tickets[1][1].status(now).reaction.deadline == dt.datetime(
            2026, 11, 25, 16, tzinfo=MSK
        )
        # One regulation for all overrides the presets named in the file.
        forced = read_tickets(text, regulation=technomarket.REGULATION)
        assert {t.regulation.vendor for _, t in forced.tickets} == {"Technomarket"}

    def test_a_ticket_without_a_preset_is_named(self) -> None:
        """No preset on a ticket's lines and none for all: that ticket fails, with its line."""
        text = opened("A") + "\n" + opened("B", preset=None)
        batch = read_tickets(text)
        assert [i for i, _ in batch.tickets] == ["A"]
        (failure,) = batch.failures
        assert (failure.ticket, failure.line) == ("B", 2)
        assert str(failure).startswith("ticket B (line 2): names no preset: give its events")

    def test_numbers_never_merge_with_strings(self) -> None:
        """ "1" is a ticket; the number 1 is refused on its line, never merged into "1"."""
        text = opened("1") + "\n" + line(ticket=1, event="agent_reply", at=AT)
        with pytest.raises(EventFormatError, match=r'line 2, field \'ticket\'.*write "1"'):
            read_tickets(text)

    def test_preset_changes_within_a_ticket_are_refused(self) -> None:
        """A ticket's lines name one preset; a second one sets the ticket aside."""
        text = opened("A") + "\n" + line(ticket="A", preset="aspro", event="resolved", at=AT)
        batch = read_tickets(text)
        assert batch.tickets == []
        assert "names the preset 'aspro', but line 1 named 'distate'" in str(batch.failures[0])

    def test_one_bad_ticket_among_good_ones(self) -> None:
        """A bad ticket is set aside with its id and the line at fault; the others are read."""
        text = "\n".join(
            [
                opened("A"),
                opened("B"),
                line(ticket="B", event="resumed", at="2026-11-23T11:00:00+03:00"),
                line(ticket="C", event="agent_reply", at=AT),
                opened("D"),
                line(ticket="D", event="teleported", at=AT),
                line(ticket="A", event="agent_reply", at="2026-11-23T11:00:00+03:00"),
                line(ticket="D", event="agent_reply", at=AT),
            ]
        )
        batch = read_tickets(text)
        assert [i for i, _ in batch.tickets] == ["A"]
        assert [(f.ticket, f.line) for f in batch.failures] == [("C", 4), ("D", 6), ("B", 3)]
        assert "first event must be 'opened'" in batch.failures[0].message
        assert 'unknown event "teleported"' in batch.failures[1].message
        assert "not possible on an open ticket" in batch.failures[2].message

    def test_as_of_leaves_later_events_out(self) -> None:
        """With as_of, later events are left out; a ticket opened later is not in the report."""
        text = "\n".join(
            [
                opened("A"),
                line(ticket="A", event="agent_reply", at="2026-11-23T15:00:00+03:00"),
                opened("B", at="2026-11-24T10:00:00+03:00"),
            ]
        )
        noon = dt.datetime(2026, 11, 23, 12, tzinfo=MSK)
        batch = read_tickets(text, as_of=noon)
        assert [(i, len(t.events)) for i, t in batch.tickets] == [("A", 1)]
        assert batch.later == 1
        status = batch.tickets[0][1].status(noon)
        assert status.reaction.stopped_at is None  # the 15:00 reply had not happened at noon
        # The whole file, as of a later instant: A's reply at 15:00 is after 13:00, late.
        late = read_tickets(text, as_of=noon.replace(day=25)).tickets[0][1]
        assert late.status(noon.replace(day=25)).reaction.outcome is slakit.Outcome.LATE

    def test_a_coupon_in_the_file(self) -> None:
        """A DiState special request, its coupon in the event, is read and counted."""
        coupon = {"code": "DS-2026-001", "issued_at": "2026-01-15T00:00:00+03:00"}
        text = opened("S", level="special", at="2026-11-28T12:00:00+03:00", coupon=coupon)
        ((_, ticket),) = read_tickets(text).tickets
        assert ticket.coupon is not None
        assert (ticket.coupon.code, ticket.coupon.used, ticket.coupon.remaining) == (
            "DS-2026-001",
            1,
            11,
        )
        # Special requests count around the clock: Saturday 12:00 + 1 h.
        saturday = dt.datetime(2026, 11, 28, 12, tzinfo=MSK)
        assert ticket.status(saturday).reaction.deadline == saturday.replace(hour=13)
        # The coupon round-trips through the events the ticket writes.
        assert ticket.to_events()[0]["coupon"] == coupon
        assert Ticket.from_events(distate.REGULATION, ticket.to_events()) == ticket

    @pytest.mark.parametrize(
        ("coupon", "level", "error", "message"),
        [
            (None, "special", CouponError, "takes a coupon"),
            ({"code": "X", "issued_at": "2020-01-01T00:00Z"}, "special", CouponError, "valid from"),
            ({"code": "X", "issued_at": AT}, "consulting", CouponError, "takes no coupon"),
        ],
    )
    def test_coupon_problems_name_the_ticket(
        self, coupon: object, level: str, error: type[Exception], message: str
    ) -> None:
        """A missing, expired or pointless coupon sets the ticket aside; from_events says why."""
        extra = {"coupon": coupon} if coupon else {}
        text = opened("S", level=level, **extra)
        (failure,) = read_tickets(text).failures
        assert (failure.ticket, failure.line) == ("S", 1)
        assert message in failure.message
        with pytest.raises(error, match=message):
            Ticket.from_events(distate.REGULATION, text)

    def test_reading_one_ticket(self) -> None:
        """read_ticket: lines without ids are one ticket; among many, one is picked by id."""
        single = line(event="opened", at=AT, level="consulting")
        assert read_ticket(single, regulation=distate.REGULATION).level == "consulting"
        many = opened("A") + "\n" + opened("B", level="consulting")
        assert read_ticket(many, ticket="B").level == "consulting"
        with pytest.raises(TicketEventError, match=r"of 2 tickets \(A, B\); pick one"):
            read_ticket(many)
        with pytest.raises(TicketEventError, match='no events of ticket "Z"'):
            read_ticket(many, ticket="Z")
        with pytest.raises(TicketEventError, match="holds no events"):
            read_ticket("\n\n")
        with pytest.raises(TicketEventError, match="opened after"):
            read_ticket(many, ticket="A", as_of=dt.datetime(2026, 1, 1, tzinfo=MSK))
        with pytest.raises(TicketEventError, match=r"ticket A \(line 1\): names no preset"):
            read_ticket(opened("A", preset=None))
        with pytest.raises(TicketEventError, match=r"ticket A \(line 2\).*unknown event"):
            read_ticket(opened("A") + "\n" + line(ticket="A", event="x", at=AT))

    def test_the_example_data_reads_clean(self) -> None:
        """Every example file is valid against the schema and reads without a failure."""
        jsonschema = pytest.importorskip("jsonschema")
        validator = jsonschema.Draft202012Validator(events.schema())
        for path in sorted((ROOT / "examples" / "data").glob("*.jsonl")):
            for text in filter(None, path.read_text(encoding="utf-8").split("\n")):
                assert validator.is_valid(json.loads(text)), text
            batch = read_tickets(path.read_bytes())
            assert batch.tickets
            assert batch.failures == ()
