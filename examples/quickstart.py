"""slakit's main job: a reaction deadline from a vendor's regulation, with its arithmetic.

A DiState partner reports an outage on Tuesday 30 December 2025 at 17:30 Moscow time.
DiState's regulation promises operational support within 3 working hours, 10:00–18:00
on Russian working days. Run it with ``python examples/quickstart.py``.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import slakit
from slakit import CustomerCategory, ProblemCategory
from slakit.presets import distate

regulation = distate.REGULATION
opened = dt.datetime(2025, 12, 30, 17, 30, tzinfo=ZoneInfo("Europe/Moscow"))

level = regulation.classify(CustomerCategory.PARTNER, ProblemCategory.OUTAGE)
deadline = regulation.deadline(level.key, opened)

source = f"{regulation.vendor} {level.key}, clause {level.clause}"
print(f"deadline: {deadline:%a %Y-%m-%d %H:%M %Z}  ({source})")
print()
print(slakit.explain(regulation, level.key, opened))
