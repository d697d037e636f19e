"""slakit's main job: a reaction deadline on the Russian production calendar.

Run it with ``python examples/quickstart.py``.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from slakit import Schedule

office = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")
opened = dt.datetime(2025, 12, 30, 17, 0, tzinfo=ZoneInfo("Europe/Moscow"))
deadline = office.add(opened, dt.timedelta(hours=3))
print(f"opened   {opened:%a %Y-%m-%d %H:%M}")
print(f"deadline {deadline:%a %Y-%m-%d %H:%M}  (3 working hours, across the New Year holidays)")
