"""A helpdesk's own pytest check of the SLA it promises, with slakit.testing.

Run it with ``python -m pytest examples/ci``; a failure prints the deadline's arithmetic.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from slakit.testing import assert_deadline

MSK = ZoneInfo("Europe/Moscow")


def test_partner_outage_over_new_year() -> None:
    opened = dt.datetime(2025, 12, 30, 17, 30, tzinfo=MSK)
    assert_deadline(
        "distate", "partner-operational", opened, dt.datetime(2026, 1, 12, 12, 30, tzinfo=MSK)
    )
