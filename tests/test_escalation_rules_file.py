"""Escalation rules as data: a rules file, and a regulation's own rules for every ticket."""

from __future__ import annotations

import datetime as dt
import pathlib
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import slakit
from slakit import Clock, EscalationRule, Ticket
from slakit.escalation import read_rules, rules_toml
from slakit.presets import distate

MSK = ZoneInfo("Europe/Moscow")
RULES = """
[[escalation_rules]]
name = "80 % used"
used = 0.8
notify = "team-lead"

[[escalation_rules]]
name = "an hour left"
before_deadline = "1:00"
clock = "resolution"

[[escalation_rules]]
at_breach = true
move_to_level = "partner-operational"

[[escalation_rules]]
after_breach = "2:30"
notify = "director"
"""


class TestRulesFile:
    def test_read(self) -> None:
        assert read_rules(RULES) == (
            EscalationRule.at_used(0.8, notify="team-lead", name="80 % used"),
            EscalationRule.before_deadline(
                dt.timedelta(hours=1), Clock.RESOLUTION, name="an hour left"
            ),
            EscalationRule.at_breach(move_to_level="partner-operational"),
            EscalationRule.after_breach(dt.timedelta(hours=2, minutes=30), notify="director"),
        )

    def test_from_a_path(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "rules.toml"
        path.write_text(RULES, encoding="utf-8")
        assert read_rules(path) == read_rules(str(path)) == read_rules(RULES)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("[[escalation_rules]]\nusd = 0.8\n", "line 2, field 'escalation_rules[0].usd': "
             "unknown key 'usd'; did you mean 'used'?"),
            ("[[escalation_rules]]\nused = 0.8\nat_breach = true\n",
             "needs exactly one trigger of used, before_deadline, at_breach, after_breach; "
             "got used, at_breach"),
            ("[[escalation_rules]]\nname = 'x'\n", "needs exactly one trigger"),
            ("[[escalation_rules]]\nbefore_deadline = '90m'\n",
             "must be working time as \"H:MM\", e.g. \"1:30\", got '90m'"),
            ("[[escalation_rules]]\nused = 20\n", "fraction must be a number in (0, 10]"),
            ("[[escalation_rules]]\nat_breach = false\n", "must be true"),
            ("[[escalation_rules]]\nat_breach = true\nclock = 'reply'\n",
             "unknown value 'reply'; (valid: reaction, resolution)"),
            ("title = 'rules'\n", "unknown key 'title'"),
            ("# nothing\nx_y = 1\n", "unknown key"),
        ],
    )  # fmt: skip
    def test_errors_name_the_line_and_field(self, text: str, message: str) -> None:
        with pytest.raises(slakit.RegulationFormatError) as error:
            read_rules(text)
        assert message in str(error.value)

    def test_an_empty_file_is_an_error(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "rules.toml"
        path.write_text("# no rules yet\n", encoding="utf-8")
        with pytest.raises(slakit.RegulationFormatError, match="at least one"):
            read_rules(path)
        with pytest.raises(slakit.RegulationFormatError, match="rules file"):
            read_rules(tmp_path / "missing.toml")
        with pytest.raises(slakit.InvalidArgumentError, match="source"):
            read_rules(12)  # type: ignore[arg-type]


@st.composite
def rules(draw: st.DrawFn) -> EscalationRule:
    clock = draw(st.sampled_from(Clock))
    text = st.none() | st.text(min_size=1, max_size=20)
    extra = {"notify": draw(text), "name": draw(st.text(max_size=20))}
    offset = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3000))
    kind = draw(st.sampled_from(["used", "before", "breach", "after"]))
    if kind == "used":
        fraction = draw(st.floats(min_value=0.01, max_value=10, allow_nan=False))
        return EscalationRule.at_used(fraction, clock, **extra)
    if kind == "before":
        return EscalationRule.before_deadline(draw(offset), clock, **extra)
    if kind == "after":
        return EscalationRule.after_breach(draw(offset), clock, **extra)
    return EscalationRule.at_breach(clock, **extra)


@given(st.lists(rules(), min_size=1, max_size=5))
def test_a_rules_file_reads_back_equal(drawn: list[EscalationRule]) -> None:
    assert read_rules(rules_toml(tuple(drawn))) == tuple(drawn)


class TestRegulationRules:
    OURS = distate.REGULATION.__class__

    def with_rules(self) -> slakit.Regulation:
        return attrs.evolve(distate.REGULATION, escalation_rules=read_rules(RULES))

    def test_round_trip_through_the_regulation_file(self) -> None:
        ours = self.with_rules()
        text = ours.to_toml()
        assert "[[escalation_rules]]" in text
        assert slakit.Regulation.from_toml(text) == ours

    def test_move_to_level_must_be_a_level(self) -> None:
        with pytest.raises(slakit.InvalidRegulationError, match="escalation_rules names the level"):
            attrs.evolve(
                distate.REGULATION,
                escalation_rules=(EscalationRule.at_breach(move_to_level="gold"),),
            )
        text = (
            self.with_rules()
            .to_toml()
            .replace('move_to_level = "partner-operational"', 'move_to_level = "gold"')
        )
        with pytest.raises(slakit.RegulationFormatError, match=r"move_to_level.*'gold'"):
            slakit.Regulation.from_toml(text)

    def test_dropping_a_level_drops_the_rules_moving_to_it(self) -> None:
        fewer = self.with_rules().without_levels(["partner-operational"])
        assert len(fewer.escalation_rules) == 3

    def test_tickets_use_the_regulations_rules_unless_they_have_their_own(self) -> None:
        """3 wh from Mon 10:00 on 10-18: 80 % at 12:24, the breach at 13:00."""
        ours = self.with_rules()
        ticket = Ticket.open(
            ours, "partner-operational", at=dt.datetime(2026, 11, 23, 10, tzinfo=MSK)
        )
        now = dt.datetime(2026, 11, 23, 12, 30, tzinfo=MSK)
        fired, due = ticket.escalations(now)
        assert [(f.rule.name, f.at) for f in fired] == [
            ("80 % used", dt.datetime(2026, 11, 23, 12, 24, tzinfo=MSK))
        ]
        assert due is not None
        assert due.at == dt.datetime(2026, 11, 23, 13, tzinfo=MSK)
        own = ticket.with_rules(EscalationRule.at_used(0.5, name="half"))
        fired, _ = own.escalations(now)
        assert [f.rule.name for f in fired] == ["half"]
        bare = Ticket.open(
            distate.REGULATION, "partner-operational", at=dt.datetime(2026, 11, 23, 10, tzinfo=MSK)
        )
        assert bare.escalations(now) == ((), None)

    def test_diff_shows_them(self) -> None:
        from slakit.diff import diff

        changes = diff(distate.REGULATION, self.with_rules())
        assert [c.path for c in changes] == ["escalation_rules"] * 4
