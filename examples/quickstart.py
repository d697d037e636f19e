"""slakit's main job: a reaction deadline from a vendor's regulation.

A DiState partner reports an outage on Tuesday 30 December 2025 at 17:30 Moscow time.
DiState's regulation promises operational support within 3 working hours, 10:00–18:00
on Russian working days. Run it with ``python examples/quickstart.py``.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from slakit import CustomerCategory, ProblemCategory
from slakit.presets import distate

regulation = distate.REGULATION
opened = dt.datetime(2025, 12, 30, 17, 30, tzinfo=ZoneInfo("Europe/Moscow"))

level = regulation.classify(CustomerCategory.PARTNER, ProblemCategory.OUTAGE)
deadline = regulation.deadline(level.key, opened)

print(f"{regulation.vendor}: {level.title} ({level.key}), clause {level.clause}")
print(f"target:   {level.reaction} ({level.reaction.text})")
print(f"opened:   {opened:%a %Y-%m-%d %H:%M %Z}")
print(f"deadline: {deadline:%a %Y-%m-%d %H:%M %Z}")
print("counted:")
for period in regulation.schedule.periods(opened, deadline):
    print(f"  {period.start:%a %Y-%m-%d %H:%M}-{period.end:%H:%M}  {period.kind.value}")
