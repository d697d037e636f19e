"""AdVantShop: «Регламент поддержки продукта AdVantShop.NET».

The document is undated and unnumbered; clauses are cited by its section headings
(«Режим работы», «Уровни обслуживания», «Таблица уровней поддержки», «Порядок подачи и
обработки обращений», items 1–11). The edition pinned here is the text in
``shared/regulations/advantshop.txt`` as shipped with slakit 0.1.
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

# «Режим работы службы технической поддержки»: "По рабочим дням с 9 до 18 часов МСК.
# Кроме выходных и праздничных дней (по календарю праздничных дней России)."
SCHEDULE = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Moscow", country="RU")

_OPERATING = (
    "вопросы эксплуатации продукта",
    "общие вопросы разработки с использованием API",
    "общие вопросы установки и настройки продукта на сервере",
)
_URGENT = (
    "оперативные вопросы",
    "консультации по восстановлению нормальной работы Интернет-проекта",
    "помощь при выявлении ошибок в работе продукта",
)

# Extras come from «Таблица уровней поддержки»: reaction (working hours), transfer to
# the development department, support term, updates included, price in roubles a month.
LEVELS = (
    SupportLevel(
        key="partner",
        title="Партнерская поддержка",
        name="Partner support",
        audience=Audience.PARTNER,
        covers=(
            *_OPERATING,
            "вопросы экстренного характера",
            "консультации по восстановлению проекта на хостинге",
            "консультации по выявленным ошибкам программного продукта",
        ),
        reaction=Target.working_hours(3, "3 рабочих часов"),
        development_involvement=Provision.INCLUDED,
        support_term=Provision.BY_CONTRACT,
        updates_included=Provision.NOT_INCLUDED,
        clause="Уровни обслуживания: Партнерская поддержка; Таблица уровней поддержки",
    ),
    SupportLevel(
        key="commercial-operational",
        title="Коммерческие клиенты: оперативная поддержка",
        name="Commercial clients: operational support",
        audience=Audience.COMMERCIAL,
        priority=2,
        covers=_URGENT,
        reaction=Target.working_hours(4, "4 рабочих часа"),
        development_involvement=Provision.INCLUDED,
        support_term=Provision.BY_CONTRACT,
        updates_included=Provision.INCLUDED,
        price_per_month=5000,
        clause="Коммерческие клиенты: оперативная поддержка; Таблица уровней поддержки",
    ),
    SupportLevel(
        key="commercial-standard",
        title="Коммерческие клиенты: стандартная поддержка",
        name="Commercial clients: standard support",
        audience=Audience.COMMERCIAL,
        priority=3,
        covers=_OPERATING,
        reaction=Target.working_hours(6, "6 рабочих часов"),
        development_involvement=Provision.INCLUDED,
        support_term=Provision.BY_CONTRACT,
        updates_included=Provision.NOT_INCLUDED,
        price_per_month=1500,
        clause="Коммерческие клиенты: стандартная поддержка; Таблица уровней поддержки",
    ),
    SupportLevel(
        key="commercial-vip",
        title="Коммерческие клиенты: VIP поддержка",
        name="Commercial clients: VIP support",
        audience=Audience.COMMERCIAL,
        priority=1,
        covers=("покупатели с высоким уровнем загруженности проекта", *_URGENT, *_OPERATING),
        reaction=Target.working_hours(2, "2 рабочих часа"),
        # "В определенных случаях консультация может быть оказана по телефону"
        phone_consultations=Provision.AS_NEEDED,
        development_involvement=Provision.INCLUDED,
        support_term=Provision.BY_CONTRACT,
        updates_included=Provision.INCLUDED,
        price_per_month=15000,
        clause="Коммерческие клиенты: VIP поддержка; Таблица уровней поддержки",
    ),
    SupportLevel(
        key="free",
        title="Бесплатная поддержка",
        name="Free support",
        audience=Audience.NON_COMMERCIAL,
        covers=(
            "пользователи демо-версии и некоммерческой версии",
            "вопросы общего использования продукта, без индивидуальных программных задач",
        ),
        reaction=Target.working_hours(24, "24 рабочих часа"),
        development_involvement=Provision.NOT_INCLUDED,
        support_term=6,  # "6 мес.": calendar months, SupportLevel.support_ends(purchased)
        updates_included=Provision.NOT_INCLUDED,
        clause="Бесплатная поддержка; Таблица уровней поддержки",
    ),
    SupportLevel(
        key="consulting",
        title="Консультирование по общим вопросам",
        name="Consulting on general questions",
        audience=Audience.EVERYONE,
        covers=(
            "вопросы за рамками технической поддержки",
            "общие вопросы программирования",
            "общие консультации по созданию и управлению интернет-проектами на продукте",
        ),
        reaction=Target.working_hours(40, "40 рабочих часов"),
        clause="Консультирование по общим вопросам",
    ),
    SupportLevel(
        key="development",
        title="Разработка",
        name="Development",
        audience=Audience.EVERYONE,
        priority=2,
        covers=("обращение переведено под контроль отдела разработки",),
        reaction=Target.working_days(24, "24 рабочих дня"),
        clause="Разработка",
    ),
)

_URGENT_PROBLEMS = {ProblemCategory.OUTAGE, ProblemCategory.CRITICAL_BUG}
# Partner, VIP and commercial standard support cover "вопросы эксплуатации продукта"
# (usage questions); general consulting ("общие вопросы программирования", "общие
# консультации по вопросам создания ... интернет-проектов") is the consulting level.
_ROUTINE = {
    ProblemCategory.INCIDENT,
    ProblemCategory.API_QUESTION,
    ProblemCategory.INSTALLATION,
    ProblemCategory.USAGE_QUESTION,
}

REGULATION = Regulation(
    vendor="AdVantShop",
    products=("AdVantShop.NET",),
    edition=EDITION,
    effective=EFFECTIVE,
    source="Регламент поддержки продукта AdVantShop.NET",
    schedule=SCHEDULE,
    levels=LEVELS,
    rules=(
        Rule({CustomerCategory.PARTNER}, _URGENT_PROBLEMS | _ROUTINE, "partner"),
        Rule({CustomerCategory.COMMERCIAL_VIP}, _URGENT_PROBLEMS | _ROUTINE, "commercial-vip"),
        Rule({CustomerCategory.COMMERCIAL}, _URGENT_PROBLEMS, "commercial-operational"),
        Rule({CustomerCategory.COMMERCIAL}, _ROUTINE, "commercial-standard"),
        # «Бесплатная поддержка»: "по вопросам общего использования продукта, не
        # рассматриваются вопросы решения индивидуальных программных задач"; general
        # consulting goes to the consulting level, as for everyone.
        Rule(
            {CustomerCategory.NON_COMMERCIAL},
            _URGENT_PROBLEMS | {ProblemCategory.INCIDENT, ProblemCategory.USAGE_QUESTION},
            "free",
        ),
    ),
    # «Консультирование по общим вопросам»: "Обращение с другим уровнем обслуживания может
    # быть переведено на данный уровень ... если вопрос не подпадает под соответствующие
    # категории других уровней."
    fallback_level="consulting",
    development_level="development",
    consulting_level="consulting",
    escalations=(
        EscalationPath(
            EscalationKind.TRANSFER_TO_DEVELOPMENT,
            "Режим работы: вопросы, которые не могут быть решены существующим функционалом, "
            "передаются для решения в отдел разработки",
            "development",
        ),
        EscalationPath(
            EscalationKind.RECLASSIFY_TO_CONSULTING,
            "Консультирование по общим вопросам: обращение с другим уровнем может быть переведено",
            "consulting",
        ),
        EscalationPath(
            EscalationKind.OUT_OF_QUEUE,
            "Режим работы: вне очереди могут обрабатываться обращения "
            "с высоким уровнем критичности",
        ),
        EscalationPath(
            EscalationKind.LETTER_TO_HEAD,
            "Оценка качества: письмо руководителю службы технической поддержки",
        ),
    ),
    # Rule 5: the reasons list says "Решение вопросов обращения может быть отложено"
    # («Порядок подачи ...», item 10): resolution is postponed, never the reaction, so
    # pauses stop the resolution clock only; waiting for the customer is what reaction
    # cycles handle.
    pauses_stop_reaction=False,
    # «Порядок подачи ...», item 10.
    postponement_reasons=(
        PauseReason.CANNOT_REPRODUCE,
        PauseReason.INSUFFICIENT_INFORMATION,
        PauseReason.NEEDS_DEVELOPMENT,
        PauseReason.REQUIREMENTS_VIOLATED,
        PauseReason.UNLICENSED,
        PauseReason.OUT_OF_SCOPE,
        PauseReason.UNCONSTRUCTIVE,
    ),
    # Item 1.
    official_channels=(
        "форма «Задать вопрос» на сайте (предпочтительно)",
        "письмо на support@advantshop.ru (Windows-1251, KOI8-R или UTF)",
    ),
    # Item 6.
    unofficial_channels=("ICQ", "форум", "GoogleTalk", "Skype"),
    # Item 8: "обращение будет принято в коммерческую поддержку только в случае, если
    # письмо отправлено с адреса пользователя, который указан в лицензии": from another
    # address a commercial client's request is handled as a non-commercial one (free).
    licence_address_customers=(CustomerCategory.COMMERCIAL, CustomerCategory.COMMERCIAL_VIP),
    # Item 11: a request "считается принятой, только если вы получили письмо о регистрации
    # с уникальным номером тикета": the clocks start at registration
    # (``Ticket.open(..., registered_at=...)``), not at sending.
    # Items 2 and 8.
    required_information=(
        "описание проблемы и шаги воспроизведения (по возможности)",
        "адрес сайта, на котором наблюдается проблема",
        "номер версии программного продукта и редакция",
        "для e-mail: адрес электронной почты, логин в системе",
    ),
)

#: Every edition slakit ships: the one undated text.
EDITIONS = Editions((REGULATION,))

#: What the preset reads into the text, shown on its docs page.
NOTES = (
    '**Free support term** "6 мес." is six calendar months from the purchase: '
    "`level.support_ends(purchased)` gives the first day past it and "
    "`level.covers_on(purchased, day)` checks a request's day; the text does not say "
    "what the desk does past the term, so classifying such a request is the caller's.",
    '**Usage questions** ("вопросы эксплуатации продукта") go to the partner, VIP, '
    "commercial standard and free levels; general consulting goes to `consulting`.",
)
