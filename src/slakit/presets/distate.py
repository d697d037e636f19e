"""DiState: «Регламент работы службы технической поддержки», edition of 1 July 2021.

ООО «Диджитал Стэйт»: DiServer v.3, Организатор ЭДО v.3, Оператор ЭДО v.3.
Every value cites its clause; section numbers are the document's own.
"""

import datetime as dt

from slakit import (
    Audience,
    CustomerCategory,
    Editions,
    EscalationKind,
    EscalationPath,
    PauseReason,
    ProblemCategory,
    Provision,
    Quota,
    Regulation,
    Rule,
    Schedule,
    SupportLevel,
    Target,
)

# Title page: "Редакция от «01» июля 2021 г." — dated, so in force from that day.
EDITION = dt.date(2021, 7, 1)
EFFECTIVE = EDITION

# 2.1: "по рабочим дням с 10 до 18 часов московского времени, кроме выходных и
# праздничных дней (по календарю праздничных дней России)"; reaction time counts
# "только рабочее время" except special requests (3.6).
SCHEDULE = Schedule.weekly({"mon-fri": "10:00-18:00"}, tz="Europe/Moscow", country="RU")

# 3.6: special requests are handled around the clock ("время реакции ... не превышает
# 1 час"); 2.1 excludes from working-time-only counting only the work on special
# requests "без привлечения разработчиков".
AROUND_THE_CLOCK = Schedule.always("Europe/Moscow")

_OPERATIONAL = (
    "сбой, из-за которого полностью невозможна работа с Программой и/или Онлайн-сервисом",
    "критическая ошибка, подтвержденная техподдержкой, которую нельзя обойти",
)
_STANDARD = (
    "проблемы, возникшие при работе Программ и/или Онлайн-сервисов",
    "вопросы разработки с API, если метод не описан или ведет себя не по документации",
    "общие вопросы установки обновлений",
    "общие вопросы установки и настройки Программы на сервере",
)

LEVELS = (
    SupportLevel(
        key="partner-operational",
        title="Партнеры: Оперативная поддержка",
        name="Partners: operational support",
        audience=Audience.PARTNER,
        priority=1,
        covers=_OPERATIONAL,
        reaction=Target.working_hours(3, "3 рабочих часа"),
        clause="3.1",
    ),
    SupportLevel(
        key="partner-standard",
        title="Партнеры: Стандартная поддержка",
        name="Partners: standard support",
        audience=Audience.PARTNER,
        priority=2,
        covers=_STANDARD,
        reaction=Target.working_hours(5, "5 рабочих часов"),
        clause="3.2",
    ),
    SupportLevel(
        key="licensee-operational",
        title="Лицензиаты – Организаторы Систем ЭДО: Оперативная поддержка",
        name="Licensees: operational support",
        audience=Audience.LICENSEE,
        priority=3,
        covers=_OPERATIONAL,
        reaction=Target.working_hours(4, "4 рабочих часа"),
        clause="3.3",
    ),
    SupportLevel(
        key="licensee-standard",
        title="Лицензиаты – Организаторы Систем ЭДО: Стандартная поддержка",
        name="Licensees: standard support",
        audience=Audience.LICENSEE,
        priority=4,
        covers=_STANDARD,
        reaction=Target.working_hours(6, "6 рабочих часов"),
        clause="3.4",
    ),
    SupportLevel(
        key="licensee-vip",
        title="Лицензиаты – Организаторы Систем ЭДО: VIP – поддержка",
        name="Licensees: VIP support",
        audience=Audience.LICENSEE,
        priority=2,
        covers=("лицензиаты Программ «Организатор ЭДО v.3.» и «Оператор ЭДО v.3.»",),
        reaction=Target.working_hours(2, "2 рабочих часа"),
        clause="3.5",
    ),
    SupportLevel(
        key="special",
        title="Спецобращения",
        name="Special requests",
        audience=Audience.LICENSEE,
        priority=1,
        covers=(
            "обращение с купоном спецобращения лицензиатов с сертификатом техподдержки",
            "рекомендации по развертыванию серверов, БД, резервному копированию",
            "анализ качества внедрения: производительность, безопасность",
        ),
        reaction=Target.hours(1, "1 час"),
        schedule=AROUND_THE_CLOCK,
        # "может использоваться телефон и другие средства связи"
        phone_consultations=Provision.INCLUDED,
        # "в рабочее время техподдержки ... могут привлекаться разработчики"
        development_involvement=Provision.AS_NEEDED,
        # "купон ... даёт возможность создать 12 спецобращений ... Срок действия купона -
        # 1 год с момента покупки Лицензии ... неиспользованные спецобращения не переносятся"
        # "1 год" is a calendar year: bought 2027-03-01, valid on 2028-02-29 too.
        quota=Quota(
            count=12,
            valid_months=12,
            carries_over=False,
            text="12 спецобращений на купон, 1 год с покупки лицензии, остаток не переносится",
        ),
        clause="3.6",
    ),
    SupportLevel(
        key="special-with-developers",
        title="Спецобращения с привлечением разработчиков",
        name="Special requests with developers involved",
        audience=Audience.LICENSEE,
        priority=1,
        covers=(
            "спецобращение, к решению которого привлечены разработчики",
            "анализ качества внедрения по части производительности с привлечением разработчиков",
        ),
        # 3.6: "в рабочее время техподдержки (согласно п. 2.1) к решению проблемы могут
        # привлекаться разработчики"; 2.1: only work "без привлечения разработчиков" runs
        # outside working time. A special request moved here (``change_level``) keeps
        # its start and elapsed time and counts the rest of its hour on the 10-18
        # schedule. No coupon: the request already used one.
        reaction=Target.working_hours(1, "1 час"),
        phone_consultations=Provision.INCLUDED,
        development_involvement=Provision.INCLUDED,
        clause="2.1, 3.6",
    ),
    SupportLevel(
        key="non-commercial",
        title="Некоммерческая поддержка",
        name="Non-commercial support",
        audience=Audience.NON_COMMERCIAL,
        priority=1,
        covers=("общее использование Программы и/или Онлайн-сервиса (Участники ЭДО, демо-версия)",),
        reaction=Target.working_hours(24, "24 рабочих часа"),
        clause="3.7",
    ),
    SupportLevel(
        key="consulting",
        title="Консультирование по общим вопросам",
        name="Consulting on general questions",
        audience=Audience.EVERYONE,
        priority=1,
        covers=(
            "вопросы за рамками техподдержки: браузер, крипто-программы, ЭП",
            "общие консультации по работе в Системах ЭДО",
        ),
        # "40 рабочих часов (до пяти календарных дней, не считая выходные)": unlike 2.3
        # and 3.7 the parenthesis omits "и праздничные". The preset takes the binding
        # figure, 40 working hours on the 10-18 schedule, which skips holidays as every
        # other level does; the parenthesis is read as the same approximation as in 2.3.
        reaction=Target.working_hours(40, "40 рабочих часов"),
        clause="3.8",
    ),
    SupportLevel(
        key="development",
        title="Разработка",
        name="Development",
        audience=Audience.EVERYONE,
        priority=2,
        covers=("обращение переведено под контроль отдела разработки",),
        reaction=Target.working_days(24, "24 рабочих дня"),
        clause="3.9",
    ),
)

# 3.2 and 3.4 list problems in operation, API questions and installation; questions
# about using the product are 3.7's (non-commercial) and otherwise 3.8's general
# consultations "по вопросам работы в Системах ЭДО" (the fallback).
_IN_SCOPE = {ProblemCategory.INCIDENT, ProblemCategory.API_QUESTION, ProblemCategory.INSTALLATION}
_URGENT = {ProblemCategory.OUTAGE, ProblemCategory.CRITICAL_BUG}

REGULATION = Regulation(
    vendor="DiState",
    products=("DiState: DiServer v.3", "DiState: Организатор ЭДО v.3", "DiState: Оператор ЭДО v.3"),
    edition=EDITION,
    effective=EFFECTIVE,
    source="Регламент работы службы технической поддержки ООО «Диджитал Стэйт», ред. от 01.07.2021",
    schedule=SCHEDULE,
    levels=LEVELS,
    # 2.3: "Максимальное время реакции на обращение – 40 рабочих часов".
    default_reaction=Target.working_hours(40, "40 рабочих часов"),
    rules=(
        Rule({CustomerCategory.PARTNER}, _URGENT, "partner-operational"),  # 3.1
        Rule({CustomerCategory.PARTNER}, _IN_SCOPE, "partner-standard"),  # 3.2
        Rule({CustomerCategory.LICENSEE_VIP}, _URGENT | _IN_SCOPE, "licensee-vip"),  # 3.5
        Rule({CustomerCategory.LICENSEE}, _URGENT, "licensee-operational"),  # 3.3
        Rule({CustomerCategory.LICENSEE}, _IN_SCOPE, "licensee-standard"),  # 3.4
        Rule(  # 3.7: "по вопросам общего использования", no individual tasks
            {CustomerCategory.NON_COMMERCIAL},
            _URGENT | {ProblemCategory.INCIDENT, ProblemCategory.USAGE_QUESTION},
            "non-commercial",
        ),
    ),
    # 3.8: "обращение с другим SLA может быть переведено на данный уровень ... если
    # вопрос не подпадает под соответствующие категории других уровней".
    fallback_level="consulting",
    development_level="development",  # 2.2, 3.9
    consulting_level="consulting",  # 3.8
    escalations=(
        EscalationPath(
            EscalationKind.TRANSFER_TO_DEVELOPMENT,
            "2.2: вопросы, которые не могут быть решены существующим функционалом, "
            "передаются в отдел разработки",
            "development",
        ),
        EscalationPath(
            EscalationKind.RECLASSIFY_TO_CONSULTING,
            "3.8: обращение с другим SLA может быть переведено на уровень консультирования",
            "consulting",
        ),
        EscalationPath(
            EscalationKind.OUT_OF_QUEUE,
            "2.1: вне очереди могут обрабатываться обращения с высоким уровнем критичности",
        ),
        EscalationPath(
            EscalationKind.LETTER_TO_HEAD,
            "6: письмо руководителю службы технической поддержки с просьбой содействовать "
            "в ускорении решения экстренных вопросов",
        ),
    ),
    # Rule 5: 5.10 "Решение вопросов обращения может быть отложено": resolution is
    # postponed, never the reaction, so pauses stop the resolution clock only.
    pauses_stop_reaction=False,
    # 5.10: "Решение вопросов обращения может быть отложено или даже невозможно ..."
    postponement_reasons=(
        PauseReason.CANNOT_REPRODUCE,
        PauseReason.INSUFFICIENT_INFORMATION,
        PauseReason.NEEDS_DEVELOPMENT,
        PauseReason.REQUIREMENTS_VIOLATED,
        PauseReason.UNLICENSED,
        PauseReason.OUT_OF_SCOPE,
        PauseReason.UNCONSTRUCTIVE,
    ),
    # 5.1
    official_channels=(
        "заявка в Личном кабинете Лицензиата",
        "письмо на techsupport@distate.ru",
        "спецобращение через веб-интерфейс на distate.ru с купоном (3.6)",
    ),
    # 5.6
    unofficial_channels=("телефон", "ICQ", "форум", "GoogleTalk", "Skype"),
    # 5.8: "обращение будет принято в коммерческий SLA только в случае, если письмо
    # отправлено от имени Лицензиата, который указан в лицензии": otherwise a
    # licensee's request is handled at the non-commercial level.
    licence_address_customers=(CustomerCategory.LICENSEE, CustomerCategory.LICENSEE_VIP),
    # 5.11: a request "считается принятой, только если вы получили письмо о регистрации":
    # the clocks start at registration (``Ticket.open(..., registered_at=...)``).
    # 5.2, 5.8
    required_information=(
        "описание проблемы и шаги воспроизведения (по возможности со скриншотами)",
        "адрес Системы, на котором наблюдается проблема",
        "номер версии Программы и/или Онлайн-сервиса и редакция",
        "для e-mail: наименование, ИНН, ОГРН организации, e-mail, логин в системе",
    ),
    # 3.6: "В одном обращении может решаться только одна проблема."
    one_problem_per_request=True,
)

#: Every edition slakit ships: the edition of 2021-07-01, in force from that day.
EDITIONS = Editions((REGULATION,))

#: What the preset reads into the text, shown on its docs page.
NOTES = (
    '**3.8** says "40 рабочих часов (до пяти календарных дней, не считая выходные)", '
    'without "и праздничные" as in 2.3 and 3.7: the preset takes the binding figure, '
    "40 working hours on the 10-18 schedule, which skips holidays like every level.",
    '**Special requests (3.6)** count around the clock only "без привлечения '
    'разработчиков" (2.1): once developers are involved, '
    '`ticket.change_level("special-with-developers", at=...)` keeps the elapsed time '
    "and counts the rest of the hour on the working schedule.",
    '**Coupons (3.6)**: "1 год с момента покупки" is a calendar year from the '
    "purchase instant: a coupon bought 2027-03-01 is valid on 2028-02-29.",
)
