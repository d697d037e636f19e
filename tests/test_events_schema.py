"""The shipped JSON Schema and slakit's own validator agree, and every event slakit writes fits.

``jsonschema`` is a test-only dependency: the library validates with its own code.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from slakit import CouponRef, Event, EventFormatError, EventKind, PauseReason, events
from slakit._instants import to_us

jsonschema = pytest.importorskip("jsonschema")


def _ecma_pattern(validator: Any, pattern: str, instance: object, schema: Any) -> Iterator[Any]:
    """ECMA-262 ``pattern``, as JSON Schema specifies: ``$`` is the end of the text.

    Python's ``re.search`` lets ``$`` match before a final newline ("a\\n" would pass
    ``^[a-z]+$``); every pattern of ours ends in one ``$``, so ``\\Z`` is the ECMA ``$``.
    """
    if validator.is_type(instance, "string") and not re.search(
        pattern.removesuffix("$") + r"\Z", instance
    ):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"pattern": _ecma_pattern}
)
SCHEMA = Validator(events.schema())


def ours(data: object) -> bool:
    try:
        events.validate(data)
    except EventFormatError:
        return False
    return True


ZONES = ["UTC", "Europe/Moscow", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"]
keys = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)
ids = st.text(min_size=1, max_size=12).filter(lambda s: re.fullmatch(events.ID_PATTERN, s))
instants = st.builds(
    lambda naive, zone, fold: naive.replace(tzinfo=ZoneInfo(zone), fold=fold),
    st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2099, 12, 31)),
    st.sampled_from(ZONES),
    st.integers(0, 1),
) | st.builds(
    lambda naive, seconds: naive.replace(tzinfo=dt.timezone(dt.timedelta(seconds=seconds))),
    st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2099, 12, 31)),
    st.integers(-86399, 86399),
)


@st.composite
def library_events(draw: st.DrawFn) -> Event:
    """Any event the Python API can build: every kind, zone, offset, reason and coupon."""
    kind = draw(st.sampled_from(list(EventKind)))
    at = draw(instants)
    level = draw(keys) if kind in events.LEVEL_EVENTS else None
    reason = draw(st.none() | st.sampled_from(list(PauseReason)))
    if kind is EventKind.REFUSED:
        reason = draw(st.sampled_from(list(PauseReason)))  # a refusal always gives one
    coupon = draw(st.none() | st.builds(CouponRef, ids, instants))
    # Registered no earlier than sent, up to a day later, in the same zone.
    later = draw(st.none() | st.integers(0, 86400).map(lambda s: dt.timedelta(seconds=s)))
    registered = at + later if later is not None and kind is EventKind.OPENED else None
    return Event(
        kind,
        at,
        level,
        reason if kind in events.REASON_EVENTS else None,
        coupon if kind is EventKind.OPENED else None,
        registered,
    )


def iso(at: dt.datetime, style: int) -> str:
    text = at.astimezone(dt.UTC).isoformat(timespec=("minutes", "seconds", "milliseconds")[style])
    return text.replace("+00:00", "Z") if style == 1 else text


@st.composite
def valid_objects(draw: st.DrawFn) -> dict[str, Any]:
    """Event objects as a helpdesk might write them, each valid against the schema."""
    event = draw(library_events())
    data = event.to_dict()
    style = draw(st.integers(0, 2))
    data["at"] = iso(event.at, style)
    if event.registered is not None:
        # The same precision as 'at', so registration still follows sending.
        data["registered"] = iso(event.registered, style)
    if draw(st.booleans()):
        data["ticket"] = draw(ids)
    if draw(st.booleans()):
        data["preset"] = draw(st.sampled_from(slakit.presets.names()))
    if event.kind is EventKind.PAUSED and draw(st.booleans()):
        del data["reason"]
    return data


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(
        [
            "",
            "1",
            "a\n",
            "T-1\n",
            "opened\n",
            "2026-11-23T10:00:00+03:00\n",
            "2026-11-23T10:00:00+03:00:15",
            "2026-11-23T10:00:00.1234567Z",
            "2026-11-23 10:00:00Z",
            "2026-11-23T10:00:00z",
            "2026-11-23T24:00Z",
            "\u2028",
            "a\u202eb",
            "\ud800",
            "distate.toml",
            "../x",
            "x" * 201,
            "Consulting",
        ]
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["code", "issued_at", "x"]), st.text(max_size=3), max_size=3),
)


@st.composite
def any_objects(draw: st.DrawFn) -> object:
    """Valid objects and mutations of them: dropped, added, retyped and misplaced fields."""
    data: dict[str, Any] = draw(valid_objects())
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.integers(0, 4))
        field = draw(st.sampled_from([*events.FIELDS, "extra", "Event"]))
        if how == 0:
            data.pop(field, None)
        elif how in (1, 2):
            data[field] = draw(junk)
        elif how == 3 and isinstance(data.get("coupon"), dict):
            data["coupon"][draw(st.sampled_from(["code", "issued_at", "x"]))] = draw(junk)
        else:
            data["event"] = draw(st.sampled_from([k.value for k in EventKind]))
    return draw(st.sampled_from([data, data, data, [data], "x"]))


class TestSchemaAgreement:
    @given(any_objects())
    def test_same_verdict_as_jsonschema(self, data: object) -> None:
        """Our validator accepts exactly what the shipped schema accepts."""
        assert ours(data) == SCHEMA.is_valid(data), list(SCHEMA.iter_errors(data))[:1]

    @given(valid_objects())
    def test_valid_objects_read(self, data: dict[str, Any]) -> None:
        """What the schema accepts, the reader reads (the generated dates all exist)."""
        assert SCHEMA.is_valid(data)
        entry = events.parse_line(json.dumps(data))
        assert to_us(entry.event.at) == to_us(dt.datetime.fromisoformat(data["at"]))

    @pytest.mark.parametrize(
        "at", ["2026-02-29T10:00Z", "2026-04-31T10:00Z", "0000-01-01T00:00Z", "2027-02-29T00:00Z"]
    )
    def test_dates_that_do_not_exist(self, at: str) -> None:
        """A date the schema's pattern cannot rule out is refused when read, naming 'at'."""
        data = {"event": "closed", "at": at}
        assert SCHEMA.is_valid(data)
        assert ours(data)
        with pytest.raises(EventFormatError, match=r"field 'at'.*not a real date"):
            events.parse_object(data)


class TestRoundTrip:
    @given(library_events())
    def test_every_event_written_fits_the_schema_and_reads_back(self, event: Event) -> None:
        """Event.to_dict is schema-valid JSON and reads back to the same instant and fields."""
        data = json.loads(json.dumps(event.to_dict()))
        assert SCHEMA.is_valid(data)
        again = events.parse_object(data).event
        assert again.to_dict() == data
        assert to_us(again.at) == to_us(event.at)
        assert (again.kind, again.level, again.reason) == (event.kind, event.level, event.reason)
        assert (again.coupon is None) == (event.coupon is None)

    @given(st.lists(library_events(), min_size=1, max_size=5))
    def test_json_lines_read_back(self, written: list[Event]) -> None:
        """A list of events as JSON lines (what Ticket.to_json_lines writes) reads back whole."""
        text = "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in written)
        back = events.parse_events(text)
        assert [e.to_dict() for e in back] == [e.to_dict() for e in written]

    def test_tickets_write_what_they_read(self) -> None:
        """A ticket's JSON lines, coupon and DST fold included, fit the schema and read back."""
        from slakit import Coupon, Ticket
        from slakit.presets import distate

        berlin = ZoneInfo("Europe/Berlin")
        special = distate.REGULATION.level("special")
        assert special.quota is not None
        at = dt.datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=1)
        coupon = Coupon("DS-1", dt.datetime(2026, 1, 1, tzinfo=berlin), special.quota)
        ticket = Ticket.open(distate.REGULATION, "special", at=at, coupon=coupon)
        # Real instants after it (wall-clock arithmetic would drop fold=1): 02:35, 02:50 CET.
        utc = at.astimezone(dt.UTC)
        ticket = ticket.pause(at=(utc + dt.timedelta(minutes=5)).astimezone(berlin))
        ticket = ticket.resume(at=(utc + dt.timedelta(minutes=20)).astimezone(berlin))
        for data in ticket.to_events():
            assert SCHEMA.is_valid(data), data
        # 02:30 CET (fold=1) is 01:30 UTC.
        assert ticket.to_events()[0]["at"] == "2026-10-25T02:30:00+01:00"
        assert Ticket.from_events(distate.REGULATION, ticket.to_json_lines()) == ticket
