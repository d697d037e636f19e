"""The command line's words in English and in Russian (``--lang ru``).

The regulations and most of their readers are Russian. Durations in Russian are said
in words with pendulum's Russian plural rules ("3 часа 30 минут", "21 час"): working
time is never folded into days, since 39 working hours are not "1 день 15 часов".
JSON output stays in English: its keys and values are for programs.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

__all__ = ["LANGUAGES", "Words", "hours_minutes"]

#: The languages ``--lang`` takes.
LANGUAGES = ("en", "ru")

_RU = {
    # outcomes (slakit.Outcome values)
    "running": "идёт",
    "paused": "приостановлен",
    "met": "выполнен",
    "late": "с опозданием",
    "breached": "нарушен",
    "lapsed": "снят",
    "no target": "без срока",
    # ticket states (slakit.TicketState values)
    "open": "открыта",
    "resolved": "решена",
    "closed": "закрыта",
    "refused": "отказано",
    # day kinds (slakit.DayKind values)
    "working day": "рабочий день",
    "weekend": "выходной",
    "holiday": "праздник",
    "transferred working day": "перенесённый рабочий день",
    "shortened pre-holiday day": "сокращённый предпраздничный день",
    "day off (the desk's own)": "нерабочий день (свой)",
    "working day (the desk's own)": "рабочий день (свой)",
    "special hours": "особые часы",
    # clocks, as in "срок реакции" (the time limit of the reaction)
    "reaction": "реакции",
    "resolution": "решения",
}

# Russia's holidays as the Labour Code (art. 112) names them.
_RU_HOLIDAYS = {
    "New Year Holidays": "Новогодние каникулы",
    "Christmas Day": "Рождество Христово",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "International Women's Day": "Международный женский день",
    "Holiday of Spring and Labor": "Праздник Весны и Труда",
    "Victory Day": "День Победы",
    "Russia Day": "День России",
    "Unity Day": "День народного единства",
}
_MOVED = re.compile(r"^Day off \(substituted from (\d{4}-\d{2}-\d{2})\)$")
_OBSERVED = " (observed)"

_PHRASES: dict[str, dict[str, str]] = {
    "deadline.schedule": {
        "en": "{deadline}  (in the schedule's zone, {tz})",
        "ru": "{deadline}  (в часовом поясе графика, {tz})",
    },
    "deadline.start": {
        "en": "{deadline}  (in the zone of START)",
        "ru": "{deadline}  (в часовом поясе START)",
    },
    "elapsed": {
        "en": "{time} working hours ({seconds} s)",
        "ru": "{time} рабочего времени ({seconds} с)",
    },
    "explain.head": {
        "en": "{vendor} {level} ({title}): {clock} within {target}",
        "ru": "{vendor} {level} ({title}): срок {clock} — {target}",
    },
    "explain.opened": {"en": "opened    {start}", "ru": "открыто   {start}"},
    "explain.deadline": {
        "en": "deadline  {deadline}  ({real} of real time later)",
        "ru": "срок      {deadline}  (реального времени: {real})",
    },
    "explain.period": {
        "en": "{day}  {span}  +{used}  (total {total}){note}",
        "ru": "{day}  {span}  +{used}  (всего {total}){note}",
    },
    "explain.skipped": {"en": "{day}  skipped ({reason})", "ru": "{day}  пропущен ({reason})"},
    "status.head": {
        "en": "{vendor} ticket on {level}, {state}, at {at}",
        "ru": "заявка {vendor}, уровень {level}, {state}, на {at}",
    },
    "status.clock": {
        "en": "  {clock:<12} {outcome:<9} deadline {deadline}  used {used}",
        "ru": "  {clock:<12} {outcome:<13} срок {deadline}  использовано {used}",
    },
    "none": {"en": "none", "ru": "нет"},
    "left": {"en": "left {time} h", "ru": "осталось {time}"},
    "breached": {"en": "BREACHED, overdue {time} h", "ru": "НАРУШЕН, просрочка {time}"},
    "late": {"en": "LATE, overdue {time} h", "ru": "С ОПОЗДАНИЕМ, просрочка {time}"},
}


def hours_minutes(delta: dt.timedelta) -> str:
    """``H:MM``, hours past 24 as they are: how support managers read working time."""
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


class Words:
    """The phrases, words and durations of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        """The phrase ``key`` with ``values`` filled in."""
        return _PHRASES[key][self.lang].format(**values)

    def word(self, english: str) -> str:
        """An outcome, state, day kind or clock name in this language."""
        return _RU.get(english, english) if self.lang == "ru" else english

    def holiday(self, name: str) -> str:
        """A holiday's name; in Russian, Russia's holidays and moved days off by their
        Russian names (another country's names stay as ``holidays`` gives them)."""
        if self.lang != "ru":
            return name
        moved = _MOVED.match(name)
        if moved:
            return f"выходной, перенесённый с {moved.group(1)}"
        observed = name.endswith(_OBSERVED)
        base = name.removesuffix(_OBSERVED)
        russian = _RU_HOLIDAYS.get(base, base)
        return f"{russian} (перенос)" if observed else russian

    def weekday(self, date: dt.date) -> str:
        """``Mon`` or ``пн``."""
        if self.lang == "ru":
            return str(_ru().get("translations.days.abbreviated")[date.weekday()])
        return f"{date:%a}"

    def working_time(self, delta: dt.timedelta) -> str:
        """Working time: ``39:30`` in English (hours may pass 24), words in Russian."""
        if self.lang != "ru":
            return hours_minutes(delta)
        hours, rest = divmod(int(delta.total_seconds() // 60), 60)
        parts = [_ru_count(hours, "hour")] if hours else []
        if rest or not hours:
            parts.append(_ru_count(rest, "minute"))
        return " ".join(parts)

    def real_time(self, delta: dt.timedelta) -> str:
        """Real time in words (days and weeks are real here)."""
        import pendulum  # noqa: PLC0415 - imported where used, for startup time

        words: str = pendulum.duration(seconds=delta.total_seconds()).in_words(
            locale="ru" if self.lang == "ru" else "en"
        )
        return words


@functools.cache
def _ru() -> Any:
    from pendulum.locales.locale import Locale  # noqa: PLC0415 - only for --lang ru

    return Locale.load("ru")


def _ru_count(count: int, unit: str) -> str:
    """``21 час``, ``3 часа``, ``5 часов``: pendulum's Russian plural rules."""
    forms = _ru().get(f"translations.units.{unit}")
    return str(forms[_ru().plural(count)]).format(count)
