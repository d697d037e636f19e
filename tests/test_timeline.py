"""slakit.timeline: the SVG chart of one ticket, read back as XML."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

import slakit
from slakit import Outcome, Ticket
from slakit.presets import advantshop, aggregion, aspro, distate, technomarket
from slakit.timeline import OUTCOME_COLORS, timeline_svg
from ticket_strategies import History, histories, later

SVG = "{http://www.w3.org/2000/svg}"
MSK = ZoneInfo("Europe/Moscow")


def msk(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=MSK)


def parse(picture: str) -> ET.Element:
    root = ET.fromstring(picture)
    assert root.tag == f"{SVG}svg"
    return root


def of_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") == name]


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def bars(root: ET.Element, row_top: float) -> list[ET.Element]:
    """The clock bars of the row whose top is ``row_top`` (bar at +19)."""
    return [el for el in of_class(root, "clock") if float(el.get("y", "0")) == row_top + 19]


def rows(root: ET.Element) -> list[float]:
    """The tops of the clock rows, from their bars, in order."""
    return sorted({float(el.get("y", "0")) - 19 for el in of_class(root, "clock")})


class TestHeader:
    def test_now_and_opening_are_in_the_schedule_zone(self) -> None:
        """Instants given in UTC are shown in Moscow time, labelled as such."""
        opened = dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)  # 10:00 MSK
        ticket = Ticket.open(technomarket.REGULATION, "commercial-standard", at=opened)
        now = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)  # 12:30 MSK
        lines = texts(parse(timeline_svg(ticket, now, ticket_id="T-1")))
        assert lines[0] == "Ticket T-1 · Technomarket · commercial-standard · open"
        assert lines[1] == "Коммерческие клиенты: стандартная поддержка"
        assert lines[2] == (
            "opened Mon 23 Nov 10:00 · now Mon 23 Nov 12:30 · times in Europe/Moscow (UTC+03:00)"
        )
        assert "now 12:30" in lines

    def test_without_an_id(self) -> None:
        """No id given: the header says "Ticket" and the vendor."""
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(23, 9))
        assert texts(parse(timeline_svg(ticket, msk(23, 10))))[0].startswith("Ticket · Aspro")

    def test_text_from_the_data_is_escaped(self) -> None:
        """An id with markup and a control character still gives well-formed XML, as text."""
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(23, 9))
        picture = timeline_svg(ticket, msk(23, 10), ticket_id='<b>&"x"\x1b')
        assert "<b>" not in picture
        assert texts(parse(picture))[0].startswith('Ticket <b>&"x"\ufffd ·')


class TestAxis:
    def test_hours_for_a_day(self) -> None:
        """27 h of span on 704 px: 2-hour ticks, days above them."""
        # commercial-operational: 12 wh on 9-18 from Mon 10:00 = Mon 8 h + Tue 4 h, due
        # Tue 13:00; span Mon 10:00-Tue 13:00 = 27 h, padded by 27/40 h each side. One
        # hour a tick would need 28.4 ticks * 46 px > 704 px; two hours, 652 px, fit.
        ticket = Ticket.open(technomarket.REGULATION, "commercial-operational", at=msk(23, 10))
        lines = texts(parse(timeline_svg(ticket, msk(23, 12))))
        assert {"10:00", "12:00", "14:00", "16:00", "Tue 24 Nov"} <= set(lines)
        assert "11:00" not in lines

    def test_days_for_two_weeks(self) -> None:
        """The New Year holidays: a tick a day, months above."""
        ticket = Ticket.open(
            distate.REGULATION, "partner-operational", at=msk(30, 17, 30, 12, 2025)
        )
        # 3 wh from Tue 30 Dec 17:30 (10-18): 0.5 h, then holidays to 11 Jan, then
        # Mon 12 Jan 10:00 + 2.5 h = 12:30. 12.8 days + 1/20 padding = 13.4 days;
        # 13.4 * 46 px = 618 px fit the 704 px plot: a tick a day.
        root = parse(timeline_svg(ticket, msk(12, 11, month=1, year=2026)))
        lines = texts(root)
        assert {"Wed 31", "Mon 5", "Tue 6", "Mon 12", "Jan 2026"} <= set(lines)
        assert "due Mon 12 Jan 12:30" in lines

    def test_weeks_for_a_month(self) -> None:
        """24 working days to development: a tick a week, on Mondays."""
        # From Mon 23 Nov 10:00, the opening (10-18): by rule 3 the close of the 24th
        # working day counted from Monday (Nov 23-27: 5, Nov 30-Dec 4: 10, Dec 7-11: 15,
        # 14-18: 20, 21-24: 24), Thu 24 Dec 18:00. 31 days: 31 * 46 px and 16 * 84 px
        # overflow the 704 px plot; 5 weeks * 84 px fit.
        ticket = Ticket.open(distate.REGULATION, "development", at=msk(23, 10))
        lines = texts(parse(timeline_svg(ticket, msk(23, 12))))
        assert {"Mon 30 Nov", "Mon 7 Dec", "Mon 21 Dec", "Dec 2026"} <= set(lines)
        assert "Tue 24" not in lines
        assert "Tue 1 Dec" not in lines
        assert "due Thu 24 Dec 18:00" in lines

    def test_months_for_a_year(self) -> None:
        """A ticket open most of a year: 28-day ticks would not fit, only months are named."""
        # 2 Feb to 30 Nov 2026 is 301 days: 301 / 28 * 84 px = 903 px > 704 px.
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(2, 10, month=2))
        lines = texts(parse(timeline_svg(ticket, msk(30, 12))))
        assert {"Mar 2026", "Jun 2026", "Nov 2026"} <= set(lines)
        assert not [line for line in lines if line.startswith("Mon ")]

    def test_working_time_shaded(self) -> None:
        """One band per working period on the axis: Mon from the padding, Tue to it."""
        # As above: Mon 09:19:30 to Tue 13:40:30, so Mon 09:19:30-18:00, Tue 09:00-13:40:30.
        ticket = Ticket.open(technomarket.REGULATION, "commercial-operational", at=msk(23, 10))
        root = parse(timeline_svg(ticket, msk(23, 12)))
        assert len(of_class(root, "working")) == 2

    def test_around_the_clock_is_one_band(self) -> None:
        """A 24/7 desk works all the time the picture spans."""
        ticket = Ticket.open(aggregion.REGULATION, "operational", at=msk(23, 10))
        assert len(of_class(parse(timeline_svg(ticket, msk(23, 12))), "working")) == 1


class TestClocks:
    def test_a_pause_is_a_gap_in_the_resolution_clock(self) -> None:
        """The resolution bar stops at the pause and starts again at the resumption."""
        ticket = (
            Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(23, 9))
            .agent_reply(at=msk(23, 11))
            .pause(at=msk(24, 10))
            .resume(at=msk(25, 12))
        )
        root = parse(timeline_svg(ticket, msk(25, 15)))
        reaction, resolution = rows(root)
        assert len(bars(root, reaction)) == 1
        first, second = bars(root, resolution)
        gap = of_class(root, "gap")
        assert len(gap) == 1
        # The gap runs from the end of the first bar to the start of the second.
        end_first = float(first.get("x", "0")) + float(first.get("width", "0"))
        assert float(gap[0].get("x1", "0")) == pytest.approx(end_first, abs=0.11)
        assert gap[0].get("x2") == second.get("x")

    def test_a_paused_clock_is_not_drawn_running_to_now(self) -> None:
        """Paused now: the bar ends at the pause, a gap runs on to now, the deadline dashed."""
        ticket = (
            Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(23, 10))
            .agent_reply(at=msk(23, 14))
            .pause(at=msk(24, 12))
        )
        root = parse(timeline_svg(ticket, msk(25, 15)))
        now_x = of_class(root, "now")[0].get("x1")
        _, resolution = rows(root)
        (bar,) = bars(root, resolution)
        assert bar.get("fill") == OUTCOME_COLORS[Outcome.PAUSED]
        (gap,) = of_class(root, "gap")
        assert gap.get("x2") == now_x
        assert float(bar.get("x", "0")) + float(bar.get("width", "0")) < float(now_x or 0)
        assert of_class(root, "deadline")[-1].get("stroke-dasharray") == "3 2"
        # 11:00 of 48 wh used (Mon 10-18 = 8 h, Tue 9-12 = 3 h); resumed at Wed 15:00 the
        # remaining 37 h run Wed 15-18 (3), Thu, Fri, Mon (27), Tue 9-16 (7): Tue 1 Dec 16:00.
        lines = texts(root)
        assert "used 11:00 h of 48 working hours" in lines
        assert "due Tue 1 Dec 16:00 if resumed now" in lines

    def test_a_lapsed_clock_is_grey_without_a_deadline(self) -> None:
        """After a transfer to development the resolution clock lapses: grey, no deadline."""
        ticket = Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(23, 10))
        ticket = ticket.transfer_to_development(at=msk(23, 15))
        root = parse(timeline_svg(ticket, msk(24, 12)))
        lapsed = [el for el in of_class(root, "clock") if el.get("fill") == "#80868b"]
        assert len(lapsed) == 2  # reaction #1 and the resolution clock
        assert OUTCOME_COLORS[Outcome.LAPSED] != OUTCOME_COLORS[Outcome.MET]
        # Reaction #2, started by the transfer, has no target: Technomarket promises no
        # reaction time once a question goes to development (issue #11), so no deadline.
        assert len(of_class(root, "deadline")) == 0
        assert "lapsed Mon 23 Nov 15:00" in texts(root)

    def test_breach_is_marked_and_the_overrun_striped(self) -> None:
        """A reply after the deadline: late, a breach mark and the overrun striped."""
        # advantshop partner: 3 wh from Mon 10:00 (9-18), due 13:00; answered 14:00.
        ticket = Ticket.open(advantshop.REGULATION, "partner", at=msk(23, 10))
        root = parse(timeline_svg(ticket.agent_reply(at=msk(23, 14)), msk(23, 15)))
        assert len(of_class(root, "breach")) == 1
        (overrun,) = of_class(root, "overrun")
        (deadline,) = of_class(root, "deadline")
        assert overrun.get("x") == deadline.get("x1")
        assert deadline.get("stroke") == "#d93025"
        assert "used 4:00 h of 3 working hours" in texts(root)

    def test_met_has_no_breach_mark(self) -> None:
        """Answered in time: a black deadline, no breach mark, no overrun."""
        ticket = Ticket.open(advantshop.REGULATION, "partner", at=msk(23, 10))
        root = parse(timeline_svg(ticket.agent_reply(at=msk(23, 13)), msk(23, 15)))
        assert not of_class(root, "breach")
        assert not of_class(root, "overrun")
        assert of_class(root, "deadline")[0].get("stroke") == "#202124"

    def test_no_target(self) -> None:
        """Aspro promises nothing: the clock is drawn, with no deadline."""
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(23, 9))
        root = parse(timeline_svg(ticket, msk(23, 12)))
        assert "reaction #1 · no target" in texts(root)
        assert "the regulation promises no time" in texts(root)
        assert not of_class(root, "deadline")

    def test_every_clock_has_a_row(self) -> None:
        """Each reaction cycle and the resolution clock: one row each, in order."""
        ticket = (
            Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(23, 9))
            .agent_reply(at=msk(23, 10))
            .customer_reply(at=msk(23, 11))
        )
        lines = texts(parse(timeline_svg(ticket, msk(23, 12))))
        names = [line.split(" · ")[0] for line in lines if " · " in line and "#" in line]
        assert names == ["reaction #1", "reaction #2"]
        assert "resolution · running" in lines


class TestEvents:
    def test_every_event_is_labelled(self) -> None:
        """Each event has a marker and a label saying what and when (schedule time)."""
        ticket = (
            Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(23, 9))
            .agent_reply(at=msk(23, 10))
            .pause(at=dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC))  # 11:00 MSK
            .resume(at=msk(23, 12))
            .change_level("commercial-operational", at=msk(23, 13))
            .transfer_to_development(at=msk(23, 14))
            .resolve(at=msk(23, 15))
        )
        labels = texts(parse(timeline_svg(ticket, msk(23, 16))))
        for label in (
            "opened (commercial-standard) · 09:00",
            "agent reply · 10:00",
            "paused: waiting for the customer · 11:00",
            "resumed · 12:00",
            "level → commercial-operational · 13:00",
            "to development · 14:00",
            "resolved · 15:00",
        ):
            assert label in labels

    def test_labels_that_would_overlap_take_other_lines(self) -> None:
        """Events a minute apart are labelled on separate lines."""
        ticket = Ticket.open(aggregion.REGULATION, "operational", at=msk(23, 9))
        ticket = ticket.agent_reply(at=msk(23, 9, 1)).customer_reply(at=msk(23, 9, 2))
        root = parse(timeline_svg(ticket, msk(23, 10)))
        ys = [el.get("y") for el in of_class(root, "event-label")]
        assert len(set(ys)) == 3


class TestContract:
    def test_report_reexports_it(self) -> None:
        """slakit.report.timeline_svg is the same function."""
        from slakit import report

        assert report.timeline_svg is timeline_svg

    def test_deterministic_and_self_contained(self) -> None:
        """The same ticket and instant give the same bytes; nothing is fetched."""
        ticket = Ticket.open(technomarket.REGULATION, "commercial-standard", at=msk(23, 9))
        picture = timeline_svg(ticket, msk(24, 9))
        assert picture == timeline_svg(ticket, msk(24, 9))
        for outside in ("http://", "https://", "<script", "@import", "href"):
            assert outside not in picture.replace('xmlns="http://www.w3.org/2000/svg"', "")

    def test_width(self) -> None:
        """The width is the picture's, its height grows with the clocks."""
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(23, 9))
        root = parse(timeline_svg(ticket, msk(23, 10), width=1400))
        assert root.get("width") == "1400"

    @pytest.mark.parametrize("width", [639, 4001, 960.0, True, "960"])
    def test_bad_width(self, width: object) -> None:
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(23, 9))
        with pytest.raises(slakit.InvalidArgumentError, match=r"width.*640 to 4000"):
            timeline_svg(ticket, msk(23, 10), width=width)  # type: ignore[arg-type]

    def test_bad_arguments(self) -> None:
        """Not a ticket, an id that is no string, a naive or too early now: clear errors."""
        ticket = Ticket.open(aspro.REGULATION, "standard", at=msk(23, 9))
        with pytest.raises(slakit.InvalidArgumentError, match="ticket"):
            timeline_svg("T-1", msk(23, 10))  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError, match="ticket_id"):
            timeline_svg(ticket, msk(23, 10), ticket_id=7)  # type: ignore[arg-type]
        with pytest.raises(slakit.NaiveDatetimeError):
            timeline_svg(ticket, dt.datetime(2026, 11, 23, 10))
        with pytest.raises(slakit.TicketEventError, match="before the ticket's last event"):
            timeline_svg(ticket, msk(23, 8))

    @given(histories(), later)
    def test_any_history_draws(self, history: History, after: dt.timedelta) -> None:
        """Any legal history, in DST zones: well-formed, deterministic, one row per clock,
        every bar inside the plot and every bar's outcome colour."""
        ticket = history.ticket()
        now = history.last + after
        picture = timeline_svg(ticket, now)
        assert picture == timeline_svg(ticket, now)
        root = parse(picture)
        width = float(root.get("width", "0"))
        status = ticket.status(now)
        colors = {OUTCOME_COLORS[clock.outcome] for _, clock in status.clocks}
        assert len(texts(root)) >= 2 + 3 * len(status.clocks)
        for bar in of_class(root, "clock"):
            assert float(bar.get("x", "0")) >= 232
            assert float(bar.get("x", "0")) + float(bar.get("width", "0")) <= width - 24 + 2
            assert bar.get("fill") in colors
