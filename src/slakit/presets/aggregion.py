"""Aggregion: the support regulation for Aggregion platform, reader and player.

The document is undated; clauses are cited by section and item («Уровни обслуживания
(SLA)», items 2 and 5.1–5.4, the table in item 6; «Порядок подачи», items 1–9). The
edition pinned here is the text in ``shared/regulations/aggregion.txt`` as shipped
with slakit 0.1. Requests are accepted around the clock, so every target is plain
(calendar) time.
"""

from slakit import (
    Audience,
    CustomerCategory,
    Editions,
    EscalationKind,
    EscalationPath,
    PauseReason,
    ProblemCategory,
    Provision,
    Regulation,
    Rule,
    Schedule,
    SupportLevel,
    Target,
)

EDITION = None  # the document carries no date
EFFECTIVE = None  # nor the date it takes effect: in force for every ticket

# SLA, item 2: "Заявки принимаются круглосуточно"; the table: "Режим работы: Круглосуточно".
# The zone is Moscow: the desk's phones are Moscow numbers (+7 495).
SCHEDULE = Schedule.always("Europe/Moscow")

LEVELS = (
    SupportLevel(
        key="operational",
        title="Оперативная поддержка",
        name="Operational support",
        audience=Audience.EVERYONE,
        priority=1,
        covers=(
            "сбой, из-за которого полностью невозможна работа с публичной или "
            "административной частью Продукта",
            "подтвержденная критическая ошибка, которую нельзя обойти",
        ),
        reaction=Target.hours(6, "6 часов"),
        phone_consultations=Provision.INCLUDED,
        development_involvement=Provision.AS_NEEDED,
        clause="SLA 5.1; таблица, п. 6",
    ),
    SupportLevel(
        key="standard",
        title="Стандартная поддержка",
        name="Standard support",
        audience=Audience.EVERYONE,
        priority=2,
        covers=(
            "инциденты, возникшие при работе Продукта",
            "вопросы разработки с API, если метод не описан или ведет себя не по документации",
            "общая консультация по созданию и управлению интернет-проектами на Продукте",
        ),
        reaction=Target.hours(12, "12 часов"),
        phone_consultations=Provision.INCLUDED,
        development_involvement=Provision.AS_NEEDED,
        clause="SLA 5.2; таблица, п. 6",
    ),
    SupportLevel(
        key="consulting",
        title="Консультирование по общим вопросам",
        name="Consulting on general questions",
        audience=Audience.EVERYONE,
        priority=3,
        covers=(
            "общие вопросы установки и настройки Продукта",
            "вопросы общего использования Продукта",
        ),
        reaction=Target.hours(24, "24 часа"),
        phone_consultations=Provision.INCLUDED,
        development_involvement=Provision.NOT_INCLUDED,
        clause="SLA 5.3; таблица, п. 6",
    ),
    SupportLevel(
        key="development",
        title="Разработка",
        name="Development",
        audience=Audience.EVERYONE,
        priority=4,
        covers=("обращение переведено под контроль отдела разработки для согласования решения",),
        reaction=Target.days(7, "7 дней"),
        phone_consultations=Provision.NOT_INCLUDED,
        development_involvement=Provision.INCLUDED,
        clause="SLA 5.4; таблица, п. 6",
    ),
)

_EVERYONE = set(CustomerCategory)

REGULATION = Regulation(
    vendor="Aggregion",
    products=("Aggregion platform", "Aggregion reader", "Aggregion player"),
    edition=EDITION,
    effective=EFFECTIVE,
    source="Aggregion: регламент службы технической поддержки",
    schedule=SCHEDULE,
    levels=LEVELS,
    # SLA 1: levels "зависят от категории запроса" — not from the customer.
    rules=(
        Rule(_EVERYONE, {ProblemCategory.OUTAGE, ProblemCategory.CRITICAL_BUG}, "operational"),
        # 5.2: incidents, API questions, and "общая консультация по вопросам создания и
        # управления интернет-проектов на базе Продукта" (general consulting).
        Rule(
            _EVERYONE,
            {
                ProblemCategory.INCIDENT,
                ProblemCategory.API_QUESTION,
                ProblemCategory.GENERAL_QUESTION,
            },
            "standard",
        ),
        # 5.3: "общие вопросы установки и настройки", "вопросы общего использования".
        Rule(
            _EVERYONE,
            {ProblemCategory.INSTALLATION, ProblemCategory.USAGE_QUESTION},
            "consulting",
        ),
    ),
    development_level="development",
    consulting_level="consulting",
    escalations=(
        EscalationPath(
            EscalationKind.TRANSFER_TO_DEVELOPMENT,
            "SLA 3: вопросы, которые не могут быть решены существующей функциональностью, "
            "передаются в отдел разработки для согласования решения",
            "development",
        ),
        EscalationPath(
            EscalationKind.OUT_OF_QUEUE,
            "SLA 2: вне очереди могут обрабатываться обращения с высоким уровнем критичности",
        ),
        EscalationPath(
            EscalationKind.LETTER_TO_HEAD,
            "Оценка качества: письмо с пометкой "
            "«Вниманию руководителя службы технической поддержки»",
        ),
    ),
    # Rule 5: the reasons list says "Решение вопросов обращения может быть отложено"
    # («Порядок подачи», item 9): resolution is postponed, never the reaction, so pauses
    # stop the resolution clock only; waiting for the customer is what reaction cycles
    # handle.
    pauses_stop_reaction=False,
    # «Порядок подачи», item 9.
    postponement_reasons=(
        PauseReason.CANNOT_REPRODUCE,
        PauseReason.INSUFFICIENT_INFORMATION,
        PauseReason.NEEDS_DEVELOPMENT,
        PauseReason.REQUIREMENTS_VIOLATED,
        PauseReason.UNLICENSED,
        PauseReason.OUT_OF_SCOPE,
        PauseReason.MALWARE,
        PauseReason.UNCONSTRUCTIVE,
    ),
    # Items 1, 5: the support portal and e-mail replies.
    official_channels=(
        "портал технической поддержки aggregion.freshdesk.com",
        "ответ на письмо обращения",
    ),
    # Item 6. A request by phone or Skype "регистрируется в системе технической поддержки
    # сотрудником, принявшим обращение", and item 10: a request "считается принятым,
    # только если вы получили письмо о регистрации": either way the clocks start at
    # registration (``Ticket.open(..., registered_at=...)``).
    unofficial_channels=("телефон", "форум", "Skype"),
    # Item 2.
    required_information=(
        "название Продукта",
        "номер версии Продукта",
        "описание ситуации и шаги воспроизведения (по возможности)",
        "браузер",
        "операционная система с версией",
    ),
)

#: Every edition slakit ships: the one undated text.
EDITIONS = Editions((REGULATION,))

#: What the preset reads into the text, shown on its docs page.
NOTES = (
    "**Phone and Skype requests** (item 6) are registered by the employee who took "
    "them: the registration instant, not the call, starts the clock.",
    "**General consulting** on building projects is standard support (5.2); usage "
    "questions and installation are consulting (5.3).",
)
