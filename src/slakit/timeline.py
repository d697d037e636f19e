"""A picture of one ticket: its clocks on a time axis, as an SVG a person can read.

:func:`timeline_svg` draws, for one ticket at one instant ``now``:

- a time axis in the zone of the desk's schedule, with day and hour labels whose step
  follows the span (hours for a day or two, days for a week or two, weeks beyond);
- the desk's working time shaded (``Schedule.periods``);
- a lane of events (opened, replies, pauses, level changes, transfers, resolution),
  each labelled with what happened and when;
- one row per clock (every reaction cycle, then the resolution clock) with its running
  segments drawn where it ran and a gap where it was paused, its deadline, a breach
  mark where the deadline was missed, and its outcome (:class:`slakit.Outcome`) as
  colour and text;
- a legend, and a header with the ticket, its level and ``now`` in the schedule's zone.

The SVG is self-contained (system fonts, no scripts, no links), well-formed (every text
from the data escaped for XML) and deterministic: the same ticket and instant give the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import NamedTuple
from zoneinfo import ZoneInfo

from slakit._instants import from_us, to_us
from slakit._text import xml_text
from slakit.clock import ClockRun, ClockStatus, Outcome
from slakit.errors import InvalidArgumentError
from slakit.events import Event, EventKind
from slakit.schedule import Schedule
from slakit.ticket import Ticket

__all__ = ["OUTCOME_COLORS", "timeline_svg"]

#: The fill of each outcome's bar; a missed deadline is red, a lapsed clock grey.
OUTCOME_COLORS: dict[Outcome, str] = {
    Outcome.RUNNING: "#1a73e8",
    Outcome.PAUSED: "#f29900",
    Outcome.MET: "#188038",
    Outcome.LATE: "#e8710a",
    Outcome.BREACHED: "#d93025",
    Outcome.LAPSED: "#80868b",
    Outcome.NO_TARGET: "#dadce0",
}
_OUTCOME_TEXT = {
    Outcome.RUNNING: "running",
    Outcome.PAUSED: "paused",
    Outcome.MET: "met: stopped by its deadline",
    Outcome.LATE: "late: stopped after its deadline",
    Outcome.BREACHED: "breached: running past its deadline",
    Outcome.LAPSED: "lapsed: the promise no longer applies",
    Outcome.NO_TARGET: "no target promised",
}

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HOUR = 3_600_000_000  # microseconds
_DAY = 24 * _HOUR

_FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
_INK, _SOFT, _FAINT = "#202124", "#5f6368", "#dadce0"
_WORKING = "#e8f0fe"
_MISSED = "#d93025"
_LABEL_W = 232  # the column of clock names, left of the plot
_RIGHT = 24
_ROW = 54  # one clock
_LANE = 17  # one line of event labels
_MIN_WIDTH, _MAX_WIDTH = 640, 4000

_EVENT_COLORS = {
    EventKind.OPENED: _INK,
    EventKind.AGENT_REPLY: "#1a73e8",
    EventKind.CUSTOMER_REPLY: "#9334e6",
    EventKind.PAUSED: "#f29900",
    EventKind.RESUMED: "#f29900",
    EventKind.LEVEL_CHANGED: "#a142f4",
    EventKind.TRANSFERRED_TO_DEVELOPMENT: "#a142f4",
    EventKind.RESOLVED: "#188038",
    EventKind.REOPENED: "#9334e6",
    EventKind.CLOSED: _SOFT,
}


def _width_of(text: str, size: float) -> float:
    """About how wide ``text`` is drawn at ``size`` px in a sans-serif font."""
    return len(text) * size * 0.6


def _hm(delta: dt.timedelta) -> str:
    """A duration as ``H:MM`` (hours past 24 stay hours): how desks read working time."""
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _day(at: dt.datetime) -> str:
    """``Mon 23 Nov``: in English whatever the machine's locale."""
    return f"{_DAYS[at.weekday()]} {at.day} {_MONTHS[at.month - 1]}"


def _when(at: dt.datetime) -> str:
    return f"{_day(at)} {at:%H:%M}"


def _offset(at: dt.datetime) -> str:
    """``UTC+03:00`` for an aware datetime."""
    offset = at.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


class _Axis(NamedTuple):
    """Where instants go: epoch microseconds ``lo..hi`` onto pixels ``x0..x1``."""

    lo: int
    hi: int
    x0: float
    x1: float

    def x(self, us: int) -> float:
        us = min(max(us, self.lo), self.hi)
        return self.x0 + (self.x1 - self.x0) * (us - self.lo) / (self.hi - self.lo)


def _midnights(lo: int, hi: int, tz: ZoneInfo) -> Iterator[dt.datetime]:
    """Every local midnight (the start of each local day) in ``(lo, hi)``, and the day before."""
    day = from_us(lo, tz).date()
    while True:
        start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
        if to_us(start) >= hi:
            return
        yield start
        day += dt.timedelta(days=1)


# Tick steps, finest first: hours, then days, then weeks (Mondays).
_HOUR_STEPS = (1, 2, 3, 6, 12)
_DAY_STEPS = (1, 2, 7, 14, 28)


def _ticks(axis: _Axis, tz: ZoneInfo) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The labelled ticks: (minor: hours or days, major: days or months), chosen by span."""
    span_h = (axis.hi - axis.lo) / _HOUR
    room = axis.x1 - axis.x0
    days = list(_midnights(axis.lo, axis.hi, tz))
    for step in _HOUR_STEPS:
        if span_h / step * 46 <= room:
            minor = [
                (us, f"{hour:02d}:00")
                for start in days
                for hour in range(0, 24, step)
                if hour
                and axis.lo
                <= (us := to_us(dt.datetime.combine(start.date(), dt.time(hour), tzinfo=tz)))
                <= axis.hi
            ]
            major = [(to_us(start), _day(start)) for start in days]
            return minor, major
    for step in _DAY_STEPS:
        label = 46 if step == 1 else 84
        if span_h / 24 / step * label <= room:
            if step == 1:
                picked = days
            elif step == 2:
                picked = [d for d in days if d.toordinal() % 2 == 0]
            else:
                weeks = step // 7
                picked = [d for d in days if d.weekday() == 0 and (d.toordinal() // 7) % weeks == 0]
            minor = [
                (to_us(d), f"{_DAYS[d.weekday()]} {d.day}" if step == 1 else _day(d))
                for d in picked
                if to_us(d) >= axis.lo
            ]
            major = [
                (to_us(d), f"{_MONTHS[d.month - 1]} {d.year}")
                for d in days
                if d.day == 1 or d is days[0]
            ]
            return minor, major
    return [], [(to_us(d), f"{_MONTHS[d.month - 1]} {d.year}") for d in days if d.day == 1]


def _event_label(event: Event, local: dt.datetime) -> str:
    kind = event.kind
    what = {
        EventKind.OPENED: f"opened ({event.level})",
        EventKind.AGENT_REPLY: "agent reply",
        EventKind.CUSTOMER_REPLY: "customer reply",
        EventKind.PAUSED: f"paused: {event.reason.value if event.reason else ''}",
        EventKind.RESUMED: "resumed",
        EventKind.LEVEL_CHANGED: f"level → {event.level}",
        EventKind.TRANSFERRED_TO_DEVELOPMENT: "to development",
        EventKind.RESOLVED: "resolved",
        EventKind.REOPENED: "reopened",
        EventKind.CLOSED: "closed",
    }[kind]
    return f"{what} · {local:%H:%M}"


def _runs(ticket: Ticket) -> list[ClockRun]:
    """The replayed clock runs in the order of ``TicketStatus.clocks``."""
    replay = ticket._clocks  # the same package: the segments the status is computed from
    runs: list[ClockRun] = [*replay.earlier, replay.cycle]
    if replay.resolution is not None:
        runs.append(replay.resolution)
    return runs


def _segments(run: ClockRun, now_us: int) -> list[tuple[int, int]]:
    """Where the clock ran: its closed segments and the open one up to now, joined."""
    spans = [(segment.start, segment.end) for segment in run.closed]
    if run.open_since is not None:
        spans.append((run.open_since, now_us))
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and joined[-1][1] >= start:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def _detail(clock: ClockStatus, tz: dt.tzinfo) -> tuple[str, str]:
    """The two lines under a clock's name: the time it used, and its deadline or stop."""
    if clock.target is None or clock.deadline is None:
        return f"ran {_hm(clock.elapsed)} h", "the regulation promises no time"
    used = f"used {_hm(clock.elapsed)} h of {clock.target}"
    deadline = clock.deadline.astimezone(tz)
    if clock.outcome is Outcome.PAUSED:
        return used, f"due {_when(deadline)} if resumed now"
    if clock.outcome is Outcome.LAPSED and clock.stopped_at is not None:
        return used, f"lapsed {_when(clock.stopped_at.astimezone(tz))}"
    return used, f"due {_when(deadline)}"


def _deadline(clock: ClockStatus) -> dt.datetime | None:
    """The deadline to draw: none for a lapsed clock, whose promise no longer applies."""
    return None if clock.outcome is Outcome.LAPSED else clock.deadline


def _check_width(width: object) -> int:
    if (
        isinstance(width, bool)
        or not isinstance(width, int)
        or not _MIN_WIDTH <= width <= _MAX_WIDTH
    ):
        raise InvalidArgumentError(
            "width", width, f"a whole number of pixels from {_MIN_WIDTH} to {_MAX_WIDTH}"
        )
    return width


class _Frame(NamedTuple):
    """Where the parts of the picture go."""

    width: int
    axis: _Axis
    tz: ZoneInfo
    events_y: int  # the axis line, and the top of the event lane
    rows_y: int  # the top of the first clock row
    bottom: int  # the bottom of the last clock row


def timeline_svg(
    ticket: Ticket, now: dt.datetime, *, ticket_id: str | None = None, width: int = 960
) -> str:
    """An SVG chart of one ticket's clocks from its opening to ``now`` and its deadlines.

    Args:
        ticket: the ticket to draw.
        now: the instant the clocks are shown at (an aware datetime, not before the
            ticket's last event).
        ticket_id: the ticket's id, for the header.
        width: the picture's width in pixels (640 to 4000); its height follows the
            number of clocks and events.

    Returns:
        The SVG document as text, ending in a newline.

    Raises:
        InvalidArgumentError: ``ticket`` is not a Ticket, ``ticket_id`` not a string, or
            ``width`` out of range.
        NaiveDatetimeError: ``now`` has no timezone.
        TicketEventError: ``now`` is before the ticket's last event.
    """
    if not isinstance(ticket, Ticket):
        raise InvalidArgumentError("ticket", ticket, "a slakit.Ticket")
    width = _check_width(width)
    if ticket_id is not None and not isinstance(ticket_id, str):
        raise InvalidArgumentError("ticket_id", ticket_id, "a str or None")
    status = ticket.status(now)
    now_us = to_us(now)
    schedule = ticket.regulation.schedule
    tz = schedule._engine.tz  # the zone the schedule computes in, as a ZoneInfo
    clocks = status.clocks

    # The span: from the opening to the latest of now and every deadline, padded.
    start_us = to_us(ticket.opened_at)
    end_us = max([now_us, *(to_us(d) for _, c in clocks if (d := _deadline(c)) is not None)])
    pad = max((end_us - start_us) // 40, _HOUR // 4)
    axis = _Axis(start_us - pad, end_us + pad, float(_LABEL_W), float(width - _RIGHT))
    placed, lanes = _lay_events(ticket.events, axis, tz)
    events_y = 116  # below the header and the axis labels
    rows_y = events_y + 10 + _LANE * max(lanes, 1)
    frame = _Frame(width, axis, tz, events_y, rows_y, rows_y + _ROW * len(clocks))
    legend = _lay_legend(width)
    legend_y = frame.bottom + 26
    height = legend_y + 20 * len(legend) + 8

    out: list[str] = []
    title = f"Ticket {ticket_id}" if ticket_id is not None else "Ticket"
    now_local = from_us(now_us, tz)
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{_FONT}" font-size="12" fill="{_INK}">'
    )
    summary = f"{title}: {ticket.regulation.vendor}, {status.level}, at {_when(now_local)}"
    out.append(f"<title>{xml_text(summary)}</title>")
    out.append(
        "<defs>"
        '<pattern id="slakit-overrun" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="3" height="6" fill="#ffffff" opacity="0.45"/></pattern>'
        "</defs>"
    )
    out.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    level = ticket.regulation.level(status.level)
    out.append(
        f'<text x="12" y="22" font-size="16" font-weight="bold">{xml_text(title)}'
        f'<tspan font-weight="normal" fill="{_SOFT}"> · {xml_text(ticket.regulation.vendor)} · '
        f"{xml_text(status.level)} · {xml_text(status.state.value)}</tspan></text>"
    )
    out.append(f'<text x="12" y="41" fill="{_SOFT}">{xml_text(level.title)}</text>')
    opened = _when(from_us(start_us, tz))
    out.append(
        f'<text x="12" y="58" fill="{_SOFT}">opened {xml_text(opened)}'
        f" · now {xml_text(_when(now_local))} · times in {xml_text(schedule.tz)} "
        f"({xml_text(_offset(now_local))})</text>"
    )
    _draw_working(out, frame, schedule)
    _draw_axis(out, frame)
    _draw_events(out, frame, placed)
    for index, ((name, clock), run) in enumerate(zip(clocks, _runs(ticket), strict=True)):
        _draw_clock(
            out,
            frame,
            y=frame.rows_y + _ROW * index,
            name=name,
            clock=clock,
            run=run,
            now_us=now_us,
        )
    out.append(
        f'<line x1="0" x2="{width}" y1="{frame.bottom}" y2="{frame.bottom}" stroke="{_FAINT}"/>'
    )
    nx = axis.x(now_us)
    out.append(
        f'<line class="now" x1="{nx:.1f}" x2="{nx:.1f}" y1="{events_y - 4}" '
        f'y2="{frame.bottom + 4}" stroke="{_INK}" stroke-width="1.5" stroke-dasharray="6 3"/>'
    )
    out.append(
        f'<text x="{min(max(nx, 40.0), width - 40.0):.1f}" y="{frame.bottom + 16}" '
        'text-anchor="middle" font-size="11" '
        f'font-weight="bold">now {now_local:%H:%M}</text>'
    )
    for line, items in enumerate(legend):
        ly = legend_y + 20 * line
        for lx, key, text in items:
            out.append(_legend_swatch(key, lx, ly))
            out.append(
                f'<text x="{lx + 26:.1f}" y="{ly + 4}" font-size="11" fill="{_SOFT}">'
                f"{xml_text(text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


_Placed = tuple[Event, float, int, bool]  # an event, its x, its label's lane, label to the right


def _lay_events(events: tuple[Event, ...], axis: _Axis, tz: ZoneInfo) -> tuple[list[_Placed], int]:
    """Each event's label on the first lane where it overlaps no other; the lanes used."""
    lanes: list[float] = []
    placed: list[_Placed] = []
    for event in events:
        ex = axis.x(to_us(event.at))
        wide = _width_of(_event_label(event, event.at.astimezone(tz)), 11) + 14
        right = ex + wide <= axis.x1 + _RIGHT - 2
        left_edge, right_edge = (ex, ex + wide) if right else (ex - wide, ex)
        for lane, end in enumerate(lanes):
            if left_edge >= end:
                lanes[lane] = right_edge
                break
        else:
            lane = len(lanes)
            lanes.append(right_edge)
        placed.append((event, ex, lane, right))
    return placed, len(lanes)


_LEGEND = (
    ("working", "working hours"),
    *((f"outcome:{o.name}", o.value) for o in Outcome),
    ("gap", "paused (not counting)"),
    ("deadline", "deadline"),
    ("breach", "deadline missed"),
    ("now", "now"),
)


def _lay_legend(width: int) -> list[list[tuple[float, str, str]]]:
    """The legend's entries in lines that fit the width: (x, key, text)."""
    rows: list[list[tuple[float, str, str]]] = [[]]
    lx = 12.0
    for key, text in _LEGEND:
        item = 26 + _width_of(text, 11) + 14
        if lx + item > width - 12 and rows[-1]:
            rows.append([])
            lx = 12.0
        rows[-1].append((lx, key, text))
        lx += item
    return rows


def _draw_working(out: list[str], frame: _Frame, schedule: Schedule) -> None:
    """The desk's working time, shaded behind the events and clocks.

    Read from the engine's periods (what ``Schedule.periods`` yields) directly: the
    picture's margins are no reason to warn again about a provisional calendar year.
    """
    axis, engine = frame.axis, schedule._engine
    lo, hi = max(axis.lo, engine.min_us), min(axis.hi, engine.max_us - 1)
    for start, end, _plan in engine.periods_us(lo, hi):
        a, b = axis.x(start), axis.x(end)
        out.append(
            f'<rect class="working" x="{a:.1f}" y="{frame.events_y}" '
            f'width="{max(b - a, 0.5):.1f}" height="{frame.bottom - frame.events_y}" '
            f'fill="{_WORKING}"/>'
        )


def _draw_axis(out: list[str], frame: _Frame) -> None:
    """Minor ticks (hours or days) labelled on the lower line, major ones (days, months) above."""
    axis, top, bottom = frame.axis, frame.events_y, frame.bottom
    minor, major = _ticks(axis, frame.tz)
    out.append(
        f'<line x1="{axis.x0:.1f}" x2="{axis.x1:.1f}" y1="{top}" y2="{top}" stroke="{_SOFT}"/>'
    )
    for us, text in minor:
        tx = axis.x(us)
        out.append(
            f'<line class="tick" x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 4}" '
            f'y2="{bottom}" stroke="{_FAINT}" stroke-width="0.6"/>'
        )
        out.append(
            f'<text x="{tx:.1f}" y="{top - 8}" text-anchor="middle" font-size="10.5" '
            f'fill="{_SOFT}">{xml_text(text)}</text>'
        )
    for i, (us, text) in enumerate(major):
        tx = max(axis.x(us), axis.x0)
        following = major[i + 1][0] if i + 1 < len(major) else axis.hi
        if axis.x(following) - tx < _width_of(text, 11.5) + 6:
            continue  # no room before the next one: the lower line still tells
        if us >= axis.lo:
            out.append(
                f'<line class="day" x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 30}" '
                f'y2="{bottom}" stroke="#bdc1c6" stroke-width="1"/>'
            )
        out.append(
            f'<text x="{tx + 3:.1f}" y="{top - 24}" font-size="11.5" font-weight="bold">'
            f"{xml_text(text)}</text>"
        )


def _draw_events(out: list[str], frame: _Frame, placed: list[_Placed]) -> None:
    """Each event: a marker in the lane, a faint line down through the clocks, a label."""
    for event, ex, lane, right in placed:
        color = _EVENT_COLORS[event.kind]
        ly = frame.events_y + 14 + _LANE * lane
        out.append(
            f'<line class="event" x1="{ex:.1f}" x2="{ex:.1f}" y1="{frame.events_y + 4}" '
            f'y2="{frame.bottom}" stroke="{color}" stroke-width="1" stroke-dasharray="2 3" '
            'opacity="0.7"/>'
        )
        out.append(f'<circle cx="{ex:.1f}" cy="{ly - 4}" r="3.5" fill="{color}"/>')
        tx, anchor = (ex + 7, "start") if right else (ex - 7, "end")
        out.append(
            f'<text class="event-label" x="{tx:.1f}" y="{ly}" font-size="11" '
            f'text-anchor="{anchor}" fill="{color}">'
            f"{xml_text(_event_label(event, event.at.astimezone(frame.tz)))}</text>"
        )


def _draw_clock(
    out: list[str],
    frame: _Frame,
    *,
    y: int,
    name: str,
    clock: ClockStatus,
    run: ClockRun,
    now_us: int,
) -> None:
    """One clock's row: its name, outcome and numbers on the left, its bar on the plot."""
    out.append(
        f'<line x1="0" x2="{frame.width}" y1="{y}" y2="{y}" stroke="{_FAINT}" stroke-width="0.6"/>'
    )
    out.append(
        f'<rect x="12" y="{y + 8}" width="10" height="10" rx="2" '
        f'fill="{OUTCOME_COLORS[clock.outcome]}"/>'
        f'<text x="28" y="{y + 17}" font-size="13" font-weight="bold">{xml_text(name)}'
        f'<tspan font-weight="normal" fill="{_MISSED if clock.missed else _SOFT}"> · '
        f"{xml_text(clock.outcome.value)}</tspan></text>"
    )
    for line, text in enumerate(_detail(clock, frame.tz)):
        out.append(
            f'<text x="28" y="{y + 32 + 13 * line}" font-size="10.5" fill="{_SOFT}">'
            f"{xml_text(text)}</text>"
        )
    segments = _segments(run, now_us)
    _clock_bar(out, frame.axis, y=y, clock=clock, segments=segments, now_us=now_us)


def _clock_bar(
    out: list[str],
    axis: _Axis,
    *,
    y: int,
    clock: ClockStatus,
    segments: list[tuple[int, int]],
    now_us: int,
) -> None:
    """Running segments, pause gaps, the overrun, and the deadline or breach mark."""
    x = axis.x
    bar_y, bar_h = y + 19, 16
    mid = bar_y + bar_h / 2
    color = OUTCOME_COLORS[clock.outcome]
    deadline = _deadline(clock)
    deadline_us = to_us(deadline) if deadline is not None else None
    # Pauses: a thin dashed line where the clock stood still between two runs, and from
    # the last run to now while it is paused.
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(segments)]
    if clock.paused and segments:
        gaps.append((segments[-1][1], now_us))
    for a, b in gaps:
        out.append(
            f'<line class="gap" x1="{x(a):.1f}" x2="{x(b):.1f}" y1="{mid:.1f}" y2="{mid:.1f}" '
            f'stroke="{OUTCOME_COLORS[Outcome.PAUSED]}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
    outline = (
        ' stroke="#9aa0a6" stroke-dasharray="3 2"' if clock.outcome is Outcome.NO_TARGET else ""
    )
    for a, b in segments:
        xa, xb = x(a), x(b)
        out.append(
            f'<rect class="clock" x="{xa:.1f}" y="{bar_y}" width="{max(xb - xa, 2):.1f}" '
            f'height="{bar_h}" rx="2" fill="{color}"{outline}/>'
        )
        if deadline_us is not None and clock.missed and b > deadline_us:
            # The time run past the deadline, striped.
            xo = x(max(a, deadline_us))
            out.append(
                f'<rect class="overrun" x="{xo:.1f}" y="{bar_y}" width="{max(xb - xo, 1):.1f}" '
                f'height="{bar_h}" fill="url(#slakit-overrun)"/>'
            )
    if deadline_us is None:
        return
    dx = x(deadline_us)
    if clock.missed:
        out.append(
            f'<line class="deadline" x1="{dx:.1f}" x2="{dx:.1f}" y1="{y + 11}" y2="{y + 43}" '
            f'stroke="{_MISSED}" stroke-width="2"/>'
            f'<path class="breach" d="M{dx - 6:.1f},{y + 7} L{dx + 6:.1f},{y + 7} '
            f'L{dx:.1f},{y + 15} Z" fill="{_MISSED}"/>'
        )
    else:
        # A paused clock's deadline moves on while the pause lasts: dashed.
        dash = ' stroke-dasharray="3 2"' if clock.outcome is Outcome.PAUSED else ""
        out.append(
            f'<line class="deadline" x1="{dx:.1f}" x2="{dx:.1f}" y1="{y + 11}" y2="{y + 43}" '
            f'stroke="{_INK}" stroke-width="2"{dash}/>'
        )


def _legend_swatch(key: str, x: float, y: float) -> str:
    """The little picture before a legend entry."""
    if key == "working":
        return (
            f'<rect x="{x:.1f}" y="{y - 7}" width="20" height="14" '
            f'fill="{_WORKING}" stroke="#c6dafc"/>'
        )
    if key.startswith("outcome:"):
        outcome = Outcome[key.partition(":")[2]]
        stroke = ' stroke="#9aa0a6" stroke-dasharray="3 2"' if outcome is Outcome.NO_TARGET else ""
        return (
            f'<rect x="{x:.1f}" y="{y - 5}" width="20" height="10" rx="2" '
            f'fill="{OUTCOME_COLORS[outcome]}"{stroke}/>'
        )
    if key == "gap":
        return (
            f'<line x1="{x:.1f}" x2="{x + 20:.1f}" y1="{y}" y2="{y}" '
            f'stroke="{OUTCOME_COLORS[Outcome.PAUSED]}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
    if key == "deadline":
        return (
            f'<line x1="{x + 10:.1f}" x2="{x + 10:.1f}" y1="{y - 8}" y2="{y + 8}" '
            f'stroke="{_INK}" stroke-width="2"/>'
        )
    if key == "breach":
        return (
            f'<line x1="{x + 10:.1f}" x2="{x + 10:.1f}" y1="{y - 4}" y2="{y + 8}" '
            f'stroke="{_MISSED}" stroke-width="2"/>'
            f'<path d="M{x + 4:.1f},{y - 8} L{x + 16:.1f},{y - 8} L{x + 10:.1f},{y} Z" '
            f'fill="{_MISSED}"/>'
        )
    return (
        f'<line x1="{x + 10:.1f}" x2="{x + 10:.1f}" y1="{y - 8}" y2="{y + 8}" '
        f'stroke="{_INK}" stroke-width="1.5" stroke-dasharray="6 3"/>'
    )
