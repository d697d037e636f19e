"""Technomarket: «Регламент работы технической поддержки продуктов», ООО «ТЕХНОМАРКЕТ».

The document is undated; clauses are cited by section and item («Время реакции», item
1; «Уровни обслуживания (SLA)», items 1–5). The edition pinned here is the text in
``shared/regulations/technomarket.txt`` as shipped with slakit 0.1.

Commercial emergency support reacts within 8 hours "в рабочие часы или круглосуточно"
as the contract says: :data:`REGULATION` counts them in working hours, and
:data:`AROUND_THE_CLOCK` is the same regulation for a contract that says around the clock.
"""

from slakit import (
    Audience,
    CustomerCategory,
    Editions,
    EscalationKind,
    EscalationPath,
    PauseReason,
    ProblemCategory,
    Regulation,
    Rule,
    Schedule,
    SupportLevel,
    Target,
)

EDITION = None  # the document carries no date
# Nor the date it takes effect. «Общая информация»: the vendor "обязуется выполнять
# условия регламента, существовавшие на дату подписания с пользователем договора": pass
# ``contract_date=`` with :data:`EDITIONS` to ``Ticket.open`` once a later edition ships.
EFFECTIVE = None

# «Время реакции», 3: questions that need development "передаются для решения в отдел
# разработки ... Сроки выпуска обновления определяются в процессе диагностики"; the
# regulation has no development level and names no reaction time after a transfer,
# so the cycle a transfer starts has no target (outcome "no target").
_AFTER_TRANSFER = (
    "Время реакции, 3: вопрос передан в отдел разработки, сроки определяются в процессе "
    "диагностики; время реакции не указано"
)

# «Время реакции», item 1: "по рабочим дням с 9 до 18 часов (Московское время). Кроме
# выходных и праздничных дней (по календарю праздничных дней России). Отсчет времени
# реакции ... только в рамках рабочего времени".
SCHEDULE = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")

_OPERATING = (
    "проблемы, возникшие в процессе эксплуатации продуктов",
    "отдельные вопросы работы персонала на автоматизированных рабочих местах",
    "общие вопросы установки и настройки продукта",
)
# "отдельные вопросы работы персонала на автоматизированных рабочих местах": usage
# questions are covered by the standard levels (ProblemCategory.USAGE_QUESTION).
_EMERGENCY = (
    "сбой, из-за которого полностью невозможна работа системы автоматизации",
    "критическая ошибка, подтвержденная техподдержкой",
)

LEVELS = (
    SupportLevel(
        key="partner-standard",
        title="Партнеры: стандартная поддержка",
        name="Partners: standard support",
        audience=Audience.PARTNER,
        priority=2,
        covers=_OPERATING,
        reaction=Target.working_hours(48, "48 рабочих часов"),
        clause="Уровни обслуживания (SLA), 1",
        after_transfer=_AFTER_TRANSFER,
    ),
    SupportLevel(
        key="partner-emergency",
        title="Партнеры: экстренная поддержка",
        name="Partners: emergency support",
        audience=Audience.PARTNER,
        priority=1,
        covers=_EMERGENCY,
        reaction=Target.working_hours(16, "16 рабочих часов"),
        clause="Уровни обслуживания (SLA), 2",
        after_transfer=_AFTER_TRANSFER,
    ),
    SupportLevel(
        key="commercial-standard",
        title="Коммерческие клиенты: стандартная поддержка",
        name="Commercial clients: standard support",
        audience=Audience.COMMERCIAL,
        priority=3,
        covers=_OPERATING,
        reaction=Target.working_hours(24, "24 рабочих часов"),
        # "Максимальное время решения вопроса, в случае если данный вопрос ясен и не
        # касается разработок – 48 рабочих часов."
        resolution=Target.working_hours(48, "48 рабочих часов"),
        resolution_condition="если вопрос ясен и не касается разработок",
        clause="Уровни обслуживания (SLA), 3",
        after_transfer=_AFTER_TRANSFER,
    ),
    SupportLevel(
        key="commercial-operational",
        title="Коммерческие клиенты: оперативная поддержка",
        name="Commercial clients: operational support",
        audience=Audience.COMMERCIAL,
        priority=2,
        covers=_EMERGENCY,
        reaction=Target.working_hours(12, "12 рабочих часов"),
        clause="Уровни обслуживания (SLA), 4",
        after_transfer=_AFTER_TRANSFER,
    ),
    SupportLevel(
        key="commercial-emergency",
        title="Коммерческие клиенты: экстренная поддержка",
        name="Commercial clients: emergency support",
        audience=Audience.COMMERCIAL,
        priority=1,
        covers=(
            "по специальному соглашению в договоре о технической поддержке",
            "вопросы стандартной и оперативной поддержки, максимально оперативно",
        ),
        # "в зависимости от условий договора (в рабочие часы или круглосуточно), не
        # превышает 8 часов": 8 hours on the level's schedule, working hours by default.
        reaction=Target.working_hours(8, "8 часов"),
        clause="Уровни обслуживания (SLA), 5",
        after_transfer=_AFTER_TRANSFER,
    ),
)

_URGENT = {ProblemCategory.OUTAGE, ProblemCategory.CRITICAL_BUG}
_ROUTINE = {
    ProblemCategory.INCIDENT,
    ProblemCategory.API_QUESTION,
    ProblemCategory.INSTALLATION,
    ProblemCategory.USAGE_QUESTION,
    ProblemCategory.GENERAL_QUESTION,
}

REGULATION = Regulation(
    vendor="Technomarket",
    products=("программные продукты и оборудование ООО «ТЕХНОМАРКЕТ»",),
    edition=EDITION,
    effective=EFFECTIVE,
    source="ТЕХНОМАРКЕТ. Регламент работы технической поддержки продуктов",
    schedule=SCHEDULE,
    levels=LEVELS,
    rules=(
        Rule({CustomerCategory.PARTNER}, _URGENT, "partner-emergency"),
        Rule({CustomerCategory.PARTNER}, _ROUTINE, "partner-standard"),
        Rule({CustomerCategory.COMMERCIAL_EMERGENCY}, _URGENT | _ROUTINE, "commercial-emergency"),
        Rule({CustomerCategory.COMMERCIAL}, _URGENT, "commercial-operational"),
        Rule({CustomerCategory.COMMERCIAL}, _ROUTINE, "commercial-standard"),
    ),
    # No consulting level and no fallback: out-of-scope questions "необходимо адресовать
    # соответствующим производителям и поставщикам" (Общая информация).
    escalations=(
        EscalationPath(
            EscalationKind.TRANSFER_TO_DEVELOPMENT,
            "Время реакции, 3: вопросы, которые не могут быть решены существующим функционалом, "
            "передаются для решения в отдел разработки",
        ),
        EscalationPath(
            EscalationKind.OUT_OF_QUEUE,
            "Время реакции, 2: вне очереди обрабатываются обращения с высоким уровнем критичности",
        ),
    ),
    # Rule 5: the reasons list says "Решение вопросов обращения может быть отложено"
    # («Порядок подачи и обработки обращений»): resolution is postponed, never the
    # reaction, so pauses stop the resolution clock only; waiting for the customer is
    # what reaction cycles handle.
    pauses_stop_reaction=False,
    # «Порядок подачи и обработки обращений»: "Решение вопросов обращения может быть отложено".
    postponement_reasons=(
        PauseReason.INSUFFICIENT_INFORMATION,
        PauseReason.NEEDS_DEVELOPMENT,
        PauseReason.OUT_OF_SCOPE,
        PauseReason.UNCONSTRUCTIVE,
    ),
    official_channels=(
        "по телефону, непосредственно сотруднику техподдержки",
        "по электронной почте",
    ),
    required_information=(
        "описание проблемы и шаги, приведшие к ней (по возможности)",
        "номер версии программного продукта",
    ),
)

# The same regulation for a contract whose emergency support counts around the clock.
AROUND_THE_CLOCK = REGULATION.with_level_schedule(
    "commercial-emergency", Schedule.always("Europe/Moscow")
)

#: Every edition slakit ships: the one undated text. A ticket follows the edition in
#: force on the contract's date where given (``Ticket.open(EDITIONS, ..., contract_date=)``).
EDITIONS = Editions((REGULATION,))

#: What the preset reads into the text, shown on its docs page.
NOTES = (
    '**Editions:** the vendor keeps "условия регламента, существовавшие на дату '
    'подписания ... договора"; pass `contract_date=` to follow the edition in force '
    "on the contract's date once several ship.",
    '**After a transfer to development** the text names no reaction time ("Время '
    'реакции", 3), and the commercial standard resolution time holds only if the '
    'question "не касается разработок": both clocks have no target or lapse.',
)
