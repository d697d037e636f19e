"""Write docs/timelines/<case>.svg: the gallery's pictures, drawn from its event files.

Each case is an event file ``docs/timelines/<case>.jsonl`` (the published event format)
and the instant it is drawn at, :data:`CASES`. Run ``python docs/gen_timelines.py``
after changing the drawing; the test suite fails while a picture differs from what
:func:`slakit.timeline.timeline_svg` draws today.
"""

from __future__ import annotations

import datetime as dt
import pathlib

from slakit import report
from slakit.timeline import timeline_svg

FOLDER = pathlib.Path(__file__).parent / "timelines"
#: The width of the pictures: the width of the site's text column, so they are not scaled down.
WIDTH = 700

#: case -> (the ticket's id, the instant it is drawn at)
CASES = {
    "advantshop-breach": ("A-17", "2026-11-25T12:00:00+03:00"),
    "technomarket-pauses": ("T-204", "2026-11-27T12:00:00+03:00"),
    "distate-late-reply": ("D-311", "2026-01-13T12:00:00+03:00"),
    "technomarket-development": ("T-388", "2026-11-26T16:00:00+03:00"),
    "aggregion-development": ("G-52", "2026-11-23T12:00:00+03:00"),
    "aspro-no-target": ("S-9", "2026-11-26T12:00:00+03:00"),
    "technomarket-paused-now": ("T-402", "2026-11-25T15:00:00+03:00"),
}


def picture(case: str) -> str:
    """The SVG of one case, as the gallery shows it."""
    ticket_id, now = CASES[case]
    at = dt.datetime.fromisoformat(now)
    with (FOLDER / f"{case}.jsonl").open("rb") as stream:
        ticket = report.read_ticket(stream, as_of=at)
    return timeline_svg(ticket, at, ticket_id=ticket_id, width=WIDTH)


def main() -> None:
    for case in CASES:
        (FOLDER / f"{case}.svg").write_text(picture(case), encoding="utf-8")
        print(f"wrote docs/timelines/{case}.svg")


if __name__ == "__main__":
    main()
