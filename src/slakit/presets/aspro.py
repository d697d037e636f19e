"""Aspro: «Регламент работы технической поддержки» for Аспро.Клауд, ООО «Аспро».

The document is undated; clauses are its own numbers (2.1–2.4, 4.1–4.8). The edition
pinned here is the text in ``shared/regulations/aspro.txt`` as shipped with slakit 0.1.
Aspro promises no reaction time: "может составлять от нескольких часов до нескольких
дней" (2.3), so its one level's target says so instead of inventing a number.
"""

from slakit import (
    Audience,
    Editions,
    EscalationKind,
    EscalationPath,
    PauseReason,
    Regulation,
    Schedule,
    SupportLevel,
    Target,
)

EDITION = None  # the document carries no date
EFFECTIVE = None  # nor the date it takes effect: in force for every ticket

# 2.1: "по рабочим дням с 8 до 18 часов московского времени, кроме выходных и
# праздничных дней (по календарю праздничных дней РФ)".
SCHEDULE = Schedule.weekly({"mon-fri": "08:00-18:00"}, tz="Europe/Moscow", country="RU")

LEVELS = (
    SupportLevel(
        key="standard",
        title="Техническая поддержка",
        name="Support",
        audience=Audience.EVERYONE,
        covers=(
            "консультации по настройке продукта и его функционалу",
            "фиксация ошибок и сбоев, диагностика",
            "консультации по API модулей",
            "настройка безопасности; пожелания по функционалу и документации",
        ),
        reaction=Target.not_guaranteed("от нескольких часов до нескольких дней"),
        clause="2.3, 3.1",
    ),
)

REGULATION = Regulation(
    vendor="Aspro",
    products=("Аспро.Клауд",),
    edition=EDITION,
    effective=EFFECTIVE,
    source="Аспро. Регламент работы технической поддержки",
    schedule=SCHEDULE,
    levels=LEVELS,
    # 1.1: one support for all Administrators and Users of accounts.
    fallback_level="standard",
    escalations=(
        EscalationPath(
            EscalationKind.TRANSFER_TO_DEVELOPMENT,
            "2.2: вопросы, которые не могут быть решены существующим функционалом, передаются "
            "в отдел разработки",
        ),
        EscalationPath(
            EscalationKind.OUT_OF_QUEUE,
            "2.1: вне очереди могут обрабатываться обращения с высоким уровнем критичности",
        ),
    ),
    # Rule 5: 4.8 lets support be "приостановлена" (a pause: resolution only; Aspro
    # promises no reaction time anyway).
    pauses_stop_reaction=False,
    # 4.8: "Техническая поддержка может быть приостановлена, или в ней может быть отказано
    # полностью" on these grounds: each is a reason to pause (``Ticket.pause``) or to
    # refuse (``Ticket.refuse``, an end state with its reason).
    postponement_reasons=(
        PauseReason.CANNOT_REPRODUCE,
        PauseReason.OUTDATED_SOFTWARE,
        PauseReason.INSUFFICIENT_INFORMATION,
        PauseReason.NEEDS_DEVELOPMENT,
        PauseReason.OUT_OF_SCOPE,
        PauseReason.UNCONSTRUCTIVE,
        PauseReason.ABUSIVE_LANGUAGE,
    ),
    # 4.1
    official_channels=("письмо на support@aspro.finance", "онлайн-чат продукта «Аспро.Клауд»"),
    # 4.5
    unofficial_channels=("телефон", "GoogleTalk", "Skype"),
    # 4.2
    required_information=(
        "адрес Аккаунта",
        "описание проблемы и шаги воспроизведения (по возможности)",
    ),
    # 2.4: "В одном обращении может решаться только одна проблема."
    one_problem_per_request=True,
)

#: Every edition slakit ships: the one undated text.
EDITIONS = Editions((REGULATION,))

#: What the preset reads into the text, shown on its docs page.
NOTES = (
    '**4.8**: support "может быть приостановлена, или в ней может быть отказано '
    'полностью": a pause (`Ticket.pause`) or a refusal (`Ticket.refuse`), on the '
    "same grounds.",
)
