"""Targets, levels and regulations as models: parsing, classification, variants, TOML."""

from __future__ import annotations

import datetime as dt
import textwrap
from zoneinfo import ZoneInfo

import attrs
import pytest

import slakit
from slakit import (
    Audience,
    Basis,
    CustomerCategory,
    InvalidRegulationError,
    InvalidTargetError,
    NoTargetError,
    ProblemCategory,
    Quota,
    Regulation,
    RegulationFormatError,
    Schedule,
    SupportLevel,
    Target,
    UnclassifiedRequestError,
    Unit,
)
from slakit.presets import advantshop, aggregion, aspro, distate, technomarket

MSK = ZoneInfo("Europe/Moscow")
START = dt.datetime(2026, 11, 25, 12, tzinfo=MSK)


class TestTarget:
    @pytest.mark.parametrize(
        ("text", "amount", "unit", "basis"),
        [
            ("3 рабочих часа", 3, Unit.HOURS, Basis.WORKING),
            ("40 рабочих часов", 40, Unit.HOURS, Basis.WORKING),
            ("1 час", 1, Unit.HOURS, Basis.CALENDAR),
            ("12 часов", 12, Unit.HOURS, Basis.CALENDAR),
            ("7 дней", 7, Unit.DAYS, Basis.CALENDAR),
            ("24 рабочих дня", 24, Unit.DAYS, Basis.WORKING),
            ("1 рабочий день", 1, Unit.DAYS, Basis.WORKING),
            ("30 минут", 30, Unit.MINUTES, Basis.CALENDAR),
        ],
    )
    def test_parse_russian(self, text: str, amount: int, unit: Unit, basis: Basis) -> None:
        """The regulations' wordings each map to one target."""
        target = Target.parse(text)
        assert (target.amount, target.unit, target.basis, target.text) == (
            amount,
            unit,
            basis,
            text,
        )

    @pytest.mark.parametrize("text", ["три часа", "3", "", "3 недели", 3])
    def test_parse_rejects(self, text: object) -> None:
        """Unreadable wording says what was expected."""
        with pytest.raises(InvalidTargetError, match="рабочих часа"):
            Target.parse(text)  # type: ignore[arg-type]

    @pytest.mark.parametrize("amount", [0, -1, 1.5, True])
    def test_amount_must_be_positive(self, amount: object) -> None:
        """Zero is not a target: absent targets are explicit."""
        with pytest.raises(InvalidTargetError, match="not guaranteed"):
            Target(amount)  # type: ignore[arg-type]

    def test_str(self) -> None:
        """Targets read as English."""
        assert str(Target.working_hours(3)) == "3 working hours"
        assert str(Target.hours(1)) == "1 hour"
        assert str(Target.days(7)) == "7 days"
        assert str(Target.not_guaranteed("от часов до дней")) == "not guaranteed (от часов до дней)"
        assert str(Target.not_guaranteed()) == "not guaranteed"

    def test_duration(self) -> None:
        """Hours and minutes have durations; working days and absent targets do not."""
        assert Target.working_hours(3).duration == dt.timedelta(hours=3)
        assert Target(30, Unit.MINUTES).duration == dt.timedelta(minutes=30)
        assert Target.days(7).duration == dt.timedelta(days=7)
        with pytest.raises(NoTargetError, match="working days"):
            _ = Target.working_days(2).duration
        with pytest.raises(NoTargetError):
            _ = Target.not_guaranteed().duration
        with pytest.raises(NoTargetError):
            Target.not_guaranteed().deadline(distate.SCHEDULE, START)

    def test_calendar_time_crosses_dst(self) -> None:
        """Calendar hours are real hours: 3 h from 01:00 on Berlin's spring night is 05:00."""
        berlin = ZoneInfo("Europe/Berlin")
        schedule = Schedule.weekly({"mon-fri": "09:00-18:00"}, tz="Europe/Berlin")
        start = dt.datetime(2026, 3, 29, 1, tzinfo=berlin)
        assert Target.hours(3).deadline(schedule, start) == dt.datetime(
            2026, 3, 29, 5, tzinfo=berlin
        )


class TestClassify:
    @pytest.mark.parametrize(
        ("regulation", "customer", "problem", "key"),
        [
            (
                distate.REGULATION,
                CustomerCategory.PARTNER,
                ProblemCategory.OUTAGE,
                "partner-operational",
            ),
            (
                distate.REGULATION,
                CustomerCategory.PARTNER,
                ProblemCategory.API_QUESTION,
                "partner-standard",
            ),
            (
                distate.REGULATION,
                CustomerCategory.LICENSEE,
                ProblemCategory.CRITICAL_BUG,
                "licensee-operational",
            ),
            (
                distate.REGULATION,
                CustomerCategory.LICENSEE,
                ProblemCategory.INSTALLATION,
                "licensee-standard",
            ),
            (
                distate.REGULATION,
                CustomerCategory.LICENSEE_VIP,
                ProblemCategory.INCIDENT,
                "licensee-vip",
            ),
            (
                distate.REGULATION,
                CustomerCategory.NON_COMMERCIAL,
                ProblemCategory.INCIDENT,
                "non-commercial",
            ),
            # 3.8: anything that fits no other level goes to consulting.
            (
                distate.REGULATION,
                CustomerCategory.PARTNER,
                ProblemCategory.OUT_OF_SCOPE,
                "consulting",
            ),
            (
                distate.REGULATION,
                CustomerCategory.NON_COMMERCIAL,
                ProblemCategory.API_QUESTION,
                "consulting",
            ),
            (
                advantshop.REGULATION,
                CustomerCategory.COMMERCIAL_VIP,
                ProblemCategory.OUTAGE,
                "commercial-vip",
            ),
            (
                advantshop.REGULATION,
                CustomerCategory.COMMERCIAL,
                ProblemCategory.OUTAGE,
                "commercial-operational",
            ),
            (
                advantshop.REGULATION,
                CustomerCategory.COMMERCIAL,
                ProblemCategory.INCIDENT,
                "commercial-standard",
            ),
            (
                advantshop.REGULATION,
                CustomerCategory.NON_COMMERCIAL,
                ProblemCategory.USAGE_QUESTION,
                "free",
            ),
            (
                advantshop.REGULATION,
                CustomerCategory.COMMERCIAL,
                ProblemCategory.GENERAL_QUESTION,
                "consulting",
            ),
            (
                technomarket.REGULATION,
                CustomerCategory.PARTNER,
                ProblemCategory.OUTAGE,
                "partner-emergency",
            ),
            (
                technomarket.REGULATION,
                CustomerCategory.COMMERCIAL,
                ProblemCategory.INCIDENT,
                "commercial-standard",
            ),
            (
                technomarket.REGULATION,
                CustomerCategory.COMMERCIAL_EMERGENCY,
                ProblemCategory.INCIDENT,
                "commercial-emergency",
            ),
            (aggregion.REGULATION, CustomerCategory.USER, ProblemCategory.OUTAGE, "operational"),
            (
                aggregion.REGULATION,
                CustomerCategory.PARTNER,
                ProblemCategory.INSTALLATION,
                "consulting",
            ),
            (aspro.REGULATION, CustomerCategory.USER, ProblemCategory.OUTAGE, "standard"),
        ],
    )
    def test_levels(
        self, regulation: Regulation, customer: CustomerCategory, problem: ProblemCategory, key: str
    ) -> None:
        """Customer and problem categories lead to the level the regulation assigns."""
        assert regulation.classify(customer, problem).key == key

    def test_no_fallback(self) -> None:
        """Technomarket has no level for out-of-scope questions and no fallback."""
        with pytest.raises(UnclassifiedRequestError, match="no fallback"):
            technomarket.REGULATION.classify(CustomerCategory.PARTNER, ProblemCategory.OUT_OF_SCOPE)

    def test_bad_categories(self) -> None:
        """Categories are the enums, not strings."""
        with pytest.raises(slakit.InvalidArgumentError):
            distate.REGULATION.classify("partner", ProblemCategory.OUTAGE)  # type: ignore[arg-type]
        with pytest.raises(slakit.InvalidArgumentError):
            distate.REGULATION.classify(CustomerCategory.PARTNER, "outage")  # type: ignore[arg-type]


class TestVariants:
    def test_own_hours(self) -> None:
        """A contract on other hours is a new regulation; the preset is untouched."""
        own = distate.REGULATION.with_schedule(
            Schedule.weekly({"mon-fri": "09:00-21:00"}, tz="Europe/Moscow", country="RU")
        )
        assert own.deadline("partner-operational", START) == START + dt.timedelta(hours=3)
        assert distate.REGULATION.schedule == distate.SCHEDULE

    def test_own_level(self) -> None:
        """A user adds a level of their own, or replaces one."""
        gold = SupportLevel(
            key="gold",
            title="Золотая поддержка",
            name="Gold support",
            audience=Audience.COMMERCIAL,
            reaction=Target.working_hours(1),
        )
        own = advantshop.REGULATION.with_level(gold)
        assert own.keys[-1] == "gold"
        faster = own.with_level(attrs.evolve(own.level("free"), reaction=Target.working_hours(8)))
        assert faster.level("free").reaction == Target.working_hours(8)
        assert faster.keys == own.keys

    def test_without_levels(self) -> None:
        """Dropping a level drops the rules and paths that name it."""
        with pytest.raises(slakit.InvalidArgumentError, match="collection"):
            distate.REGULATION.without_levels("development")
        own = distate.REGULATION.without_levels(["development"])
        assert "development" not in own.keys
        with pytest.raises(InvalidRegulationError, match="development_level"):
            attrs.evolve(own, development_level="development")

    def test_level_schedule(self) -> None:
        """A level can count on hours of its own, and go back."""
        own = technomarket.REGULATION.with_level_schedule(
            "partner-emergency", Schedule.always("Europe/Moscow")
        )
        assert own.schedule_for("partner-emergency") == Schedule.always("Europe/Moscow")
        assert own.with_level_schedule("partner-emergency", None) == technomarket.REGULATION

    def test_with_level_type(self) -> None:
        """with_level takes a SupportLevel."""
        with pytest.raises(slakit.InvalidArgumentError):
            distate.REGULATION.with_level("gold")  # type: ignore[arg-type]


class TestModelValidation:
    def test_regulation_invariants(self) -> None:
        """No levels, repeated keys, or references to missing levels are refused."""
        level = distate.LEVELS[0]
        with pytest.raises(InvalidRegulationError, match="no support levels"):
            Regulation("X", distate.SCHEDULE, ())
        with pytest.raises(InvalidRegulationError, match="repeated"):
            Regulation("X", distate.SCHEDULE, (level, level))
        with pytest.raises(InvalidRegulationError, match="fallback_level"):
            Regulation("X", distate.SCHEDULE, (level,), fallback_level="nope")
        with pytest.raises(InvalidRegulationError, match=r"tuple of slakit\.SupportLevel"):
            Regulation("X", distate.SCHEDULE, "abc")  # type: ignore[arg-type]
        with pytest.raises(InvalidRegulationError, match=r"only slakit\.SupportLevel"):
            Regulation("X", distate.SCHEDULE, [level, "gold"])  # type: ignore[list-item]

    def test_lists_become_tuples(self) -> None:
        """Lists given to the constructors are stored as tuples, so the models hash."""
        level = attrs.evolve(distate.LEVELS[0], covers=["a", "b"])  # type: ignore[arg-type]
        regulation = Regulation(
            "X",
            distate.SCHEDULE,
            [level],  # type: ignore[arg-type]
            products=["p"],  # type: ignore[arg-type]
            rules=[slakit.Rule([CustomerCategory.PARTNER], [ProblemCategory.OUTAGE], level.key)],  # type: ignore[arg-type]
        )
        assert regulation.levels == (level,)
        assert level.covers == ("a", "b")
        assert regulation.products == ("p",)
        assert hash(regulation) == hash(attrs.evolve(regulation))

    @pytest.mark.parametrize("key", ["Partner", "partner standard", "", "-x", 3])
    def test_level_keys(self, key: object) -> None:
        """Level keys are lowercase words joined by '-'."""
        with pytest.raises(InvalidRegulationError, match="level key"):
            attrs.evolve(distate.LEVELS[0], key=key)

    def test_quota(self) -> None:
        """Quotas need a positive count and validity."""
        with pytest.raises(InvalidRegulationError, match="count"):
            Quota(0, dt.timedelta(days=1))
        with pytest.raises(InvalidRegulationError, match="validity"):
            Quota(1, dt.timedelta(0))

    def test_str(self) -> None:
        """A regulation names itself."""
        assert (
            str(distate.REGULATION)
            == "DiState support regulation, edition of 2021-07-01 (10 levels)"
        )
        assert str(aspro.REGULATION) == "Aspro support regulation (1 level)"


MINIMAL = textwrap.dedent(
    """\
    vendor = "Acme"
    fallback_level = "standard"

    [schedule]
    tz = "Europe/Moscow"
    country = "RU"
    hours = { "mon-fri" = "09:00-18:00" }
    special_hours = { "2026-12-31" = "09:00-14:00" }

    [[levels]]
    key = "urgent"
    audience = "commercial"
    reaction = "2 working hours"

    [[levels]]
    key = "standard"
    audience = "commercial"
    priority = 2
    reaction = "8 рабочих часов"
    resolution = { amount = 3, unit = "days", basis = "working" }
    support_term = "by contract"

    [levels.quota]
    count = 5
    valid_for_days = 30
    """
)


class TestToml:
    def test_minimal_file(self, tmp_path: object) -> None:
        """A desk's own file with short forms reads into a regulation."""
        regulation = Regulation.from_toml(MINIMAL)
        assert regulation.keys == ("urgent", "standard")
        assert regulation.level("urgent").reaction == Target.working_hours(2)
        assert regulation.level("standard").reaction == Target.working_hours(8, "8 рабочих часов")
        assert regulation.level("standard").quota == Quota(5, dt.timedelta(days=30))
        assert regulation.deadline("urgent", START) == START + dt.timedelta(hours=2)
        assert Regulation.from_toml(regulation.to_toml()) == regulation

    def test_full_schedule_round_trip(self) -> None:
        """Every schedule option and an absent target survive the file form."""
        schedule = Schedule.weekly(
            {"mon-fri": ["09:00-13:00", "14:00-18:00"], "sat": "22:00-02:00"},
            tz="Europe/Moscow",
            country="RU",
            days_off=[dt.date(2026, 12, 30)],
            working_days=[dt.date(2026, 12, 27)],
            special_hours={dt.date(2026, 12, 29): "09:00-14:00"},
            shortened_pre_holidays=True,
        )
        regulation = attrs.evolve(aspro.REGULATION, schedule=schedule)
        assert Regulation.from_toml(regulation.to_toml()) == regulation
        california = Schedule.weekly(
            {"mon-fri": "09:00-17:00"}, tz="America/Los_Angeles", country="US", subdiv="CA"
        )
        regulation = attrs.evolve(aspro.REGULATION, schedule=california)
        assert Regulation.from_toml(regulation.to_toml()) == regulation
        with pytest.raises(slakit.InvalidScheduleError, match="no subdivisions"):
            Schedule.weekly({"mon": "09:00-10:00"}, tz="UTC", country="RU", subdiv="MOW")
        text = MINIMAL.replace('reaction = "2 working hours"', 'reaction = "not guaranteed"')
        assert not Regulation.from_toml(text).level("urgent").reaction.guaranteed

    def test_from_a_path(self, tmp_path: pytest.TempPathFactory) -> None:
        """A path, as str or PathLike, is read from disk."""
        import pathlib

        path = pathlib.Path(str(tmp_path)) / "acme.toml"
        path.write_text(MINIMAL, encoding="utf-8")
        assert (
            Regulation.from_toml(path)
            == Regulation.from_toml(str(path))
            == Regulation.from_toml(MINIMAL)
        )
        with pytest.raises(RegulationFormatError, match="cannot read"):
            Regulation.from_toml(str(path) + ".missing")
        with pytest.raises(slakit.InvalidArgumentError):
            Regulation.from_toml(42)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("change", "line", "field", "message"),
        [
            (
                ('reaction = "2 working hours"', 'reaction = "2 weeks"'),
                13,
                "levels[0].reaction",
                "expected",
            ),
            (
                ('audience = "commercial"', 'audience = "vip"'),
                12,
                "levels[0].audience",
                "valid: partner, commercial",
            ),
            (("priority = 2", 'priority = "2"'), 18, "levels[1].priority", "must be an integer"),
            (
                ('fallback_level = "standard"', 'fallback_level = "gold"'),
                2,
                "fallback_level",
                "gold",
            ),
            (('tz = "Europe/Moscow"', 'tz = "Europe/Moskow"'), 5, "schedule.tz", "Europe/Moscow"),
            (("count = 5", "count = 0"), 24, "levels[1].quota.count", "from 1 to 100,000"),
            (('"2026-12-31" =', '"31.12.2026" ='), 8, "schedule.special_hours", "ISO date"),
            (('key = "urgent"', 'key = "Urgent"'), 11, "levels[0].key", "level key"),
            (('vendor = "Acme"', "vendor = = 1"), 1, None, "not valid TOML"),
        ],
    )
    def test_errors_name_line_and_field(
        self, change: tuple[str, str], line: int | None, field: str | None, message: str
    ) -> None:
        """A malformed file gets an error naming the line and the field."""
        text = MINIMAL.replace(*change)
        with pytest.raises(RegulationFormatError, match=message) as info:
            Regulation.from_toml(text)
        assert info.value.field == field
        if line is not None:
            assert info.value.line == line
            assert f"line {line}" in str(info.value)

    def test_required_fields(self) -> None:
        """Missing required fields are named."""
        with pytest.raises(RegulationFormatError, match="required") as info:
            Regulation.from_toml(
                'vendor = "x"\n[schedule]\ntz = "UTC"\nhours = {mon = "09:00-10:00"}\n'
            )
        assert info.value.field == "levels"
        with pytest.raises(RegulationFormatError, match="schedule"):
            Regulation.from_toml('vendor = "x"\n[[levels]]\nkey = "a"\nreaction = "1 hours"\n')
        with pytest.raises(RegulationFormatError, match="array of strings"):
            Regulation.from_toml(
                MINIMAL.replace('vendor = "Acme"', 'vendor = "Acme"\nproducts = [1]')
            )
        with pytest.raises(RegulationFormatError, match="must be a string or a table") as info:
            Regulation.from_toml(MINIMAL + "\n[[levels]]\n" + 'reaction = 3\nkey = "x"\n')
        assert info.value.field == "levels[2].reaction"
        with pytest.raises(RegulationFormatError, match="must be a table"):
            Regulation.from_toml(
                "vendor = 'x'\nlevels = [1]\n[schedule]\ntz = 'UTC'\n"
                "hours = {mon = '09:00-10:00'}\n"
            )
