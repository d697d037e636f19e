"""``slakit report`` rows people act on: columns, sorting, filters, progress; ``-`` pipes."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import sys

import pytest

from slakit import Outcome, cli, report
from slakit.presets import distate
from test_report import msk, tickets

NOW = "2026-11-23T12:30+03:00"  # A met, B at risk (0:30 left), C running (2:30), D breached


def write(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "events.jsonl"
    lines = [{"ticket": t, **event} for t, ticket in tickets() for event in ticket.to_events()]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The command on tickets of DiState (the events name no preset)."""
    code = cli.main([*argv, "--preset", "distate"])
    out, err = capsys.readouterr()
    return code, out, err


def ids(out: str) -> list[str]:
    """The ticket ids of a table's rows, in order (the header and summary left out)."""
    table = out.split("\n\n", maxsplit=1)[0].splitlines()[1:]
    return [line.split()[0] for line in table]


class TestSortAndFilter:
    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            ((), ["A", "B", "C", "D"]),  # the file's order, streamed
            (("--sort", "urgency"), ["D", "B", "C", "A"]),  # breached, 0:30, 2:30 left, met
            (("--sort", "ticket"), ["A", "B", "C", "D"]),
            # by level, then urgency: licensee-vip D; partner-operational B, A; standard C
            (("--sort", "level"), ["D", "B", "A", "C"]),
            (("--open",), ["A", "B", "C", "D"]),  # every ticket is still open
            (("--at-risk",), ["B"]),
            (("--breached",), ["D"]),
            (("--at-risk", "--breached"), []),  # filters combine as AND
        ],
    )
    def test_rows(
        self,
        argv: tuple[str, ...],
        expected: list[str],
        tmp_path: pathlib.Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        code, out, _ = run(capsys, "report", str(write(tmp_path)), "--now", NOW, *argv)
        assert code == 0
        assert ids(out) == expected
        # the summary counts every ticket read, whatever the filters
        assert "licensee-vip                   1" in out

    def test_closed_tickets_left_out_by_open(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "events.jsonl"
        done = distate.REGULATION
        from slakit import Ticket

        closed = Ticket.open(done, "consulting", at=msk(23, 10)).agent_reply(at=msk(23, 11))
        closed = closed.resolve(at=msk(23, 11)).close(at=msk(23, 12))
        lines = [{"ticket": "Z", **e} for e in closed.to_events()]
        lines += [{"ticket": t, **e} for t, tk in tickets()[:1] for e in tk.to_events()]
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        _, out, _ = run(capsys, "report", str(path), "--now", NOW, "--open")
        assert ids(out) == ["A"]

    def test_json_rows_follow_sort_and_filter(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ("--sort", "urgency", "--open", "--format", "json")
        _, out, _ = run(capsys, "report", str(write(tmp_path)), "--now", NOW, *argv)
        data = json.loads(out)
        assert [row["ticket"] for row in data["tickets"]] == ["D", "B", "C", "A"]
        first = data["tickets"][0]
        assert (first["regulation"], first["outcome"]) == ("DiState", "breached")
        assert data["open_clocks"][0]["time_left_minutes"] == 30
        assert data["open_clocks"][0]["time_left_seconds"] == 30 * 60

    def test_csv_header_then_sorted_rows(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ("--sort", "urgency", "--format", "csv")
        _, out, _ = run(capsys, "report", str(write(tmp_path)), "--now", NOW, *argv)
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [row["ticket"] for row in rows] == ["D", "B", "C", "A"]
        assert (rows[1]["outcome"], rows[1]["time_left_minutes"], rows[1]["used"]) == (
            "running", "30", "0.8333"
        )  # fmt: skip
        # no row passes the filter: the header alone
        _, out, _ = run(capsys, "report", str(write(tmp_path)), "--now", NOW, "--format", "csv",
                        "--at-risk", "--breached")  # fmt: skip
        assert out.splitlines() == [",".join(report.TicketRow.FIELDS)]

    def test_table_header_without_rows(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ("--at-risk", "--breached")
        _, out, _ = run(capsys, "report", str(write(tmp_path)), "--now", NOW, *argv)
        assert out.splitlines()[0].startswith("ticket       regulation    level")
        assert out.splitlines()[1] == ""


class TestRowFacts:
    def test_urgency_lists_every_outcome(self) -> None:
        assert sorted(report.URGENCY, key=str) == sorted(Outcome, key=str)

    def test_most_urgent_outcome(self) -> None:
        by_id = {row.ticket: row for row in report.report_rows(tickets(), msk(23, 12, 30))}
        assert [by_id[t].outcome for t in "ABCD"] == [
            Outcome.MET, Outcome.RUNNING, Outcome.RUNNING, Outcome.BREACHED,
        ]  # fmt: skip
        assert by_id["D"].urgency == (0, -1.5 * 3600, "D")
        assert by_id["B"].urgency == (1, 1800.0, "B")
        assert by_id["A"].urgency == (2, 0.0, "A")

    def test_open_clock_without_target_sorts_after_timed_ones(self) -> None:
        """Aspro promises no time: an open ticket with nothing left to count down."""
        from slakit import Ticket
        from slakit.presets import aspro

        level = aspro.REGULATION.levels[0].key
        ticket = Ticket.open(aspro.REGULATION, level, at=msk(23, 10))
        (row,) = report.report_rows([("N", ticket)], msk(23, 12))
        assert (row.outcome, row.time_left, row.used) == (Outcome.NO_TARGET, None, None)
        assert row.urgency == (2, 0.0, "N")


class TestProgress:
    def test_share_of_the_file(
        self,
        tmp_path: pathlib.Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """On a terminal: tickets and the share of the file read, then what was read."""
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        code, _, err = run(capsys, "report", str(write(tmp_path)), "--now", NOW)
        assert code == 0
        assert "\r1 tickets, " in err
        assert "% of the file read" in err
        assert err.endswith("4/4 tickets read\n")

    def test_no_progress_off_a_terminal(
        self, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run(capsys, "report", str(write(tmp_path)), "--now", NOW)[2] == ""

    def test_stdin_has_no_share(
        self,
        tmp_path: pathlib.Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A pipe has no size: the count alone; '-' reads stdin."""
        data = write(tmp_path).read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
        code, out, err = run(capsys, "report", "-", "--now", NOW)
        assert code == 0
        assert ids(out) == ["A", "B", "C", "D"]
        assert "of the file read" not in err
        assert err.endswith("4/4 tickets read\n")


def test_timeline_to_stdout(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`timeline --svg -`: the picture alone on stdout."""
    code, out, err = run(capsys, "timeline", str(write(tmp_path)), "--ticket", "D",
                         "--now", NOW, "--svg", "-")  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(("<svg", "<?xml"))
    assert out.rstrip().endswith("</svg>")


def test_progress_around_failures(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure's line is not mixed with the progress line; an empty file shows none."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    good = write(tmp_path).read_text(encoding="utf-8")
    bad = '{"ticket": "X", "event": "resolved", "at": "2026-11-23T10:00:00+03:00"}\n'
    path = tmp_path / "mixed.jsonl"
    path.write_text(bad + bad.replace('"X"', '"Y"') + good, encoding="utf-8")
    code, _, err = run(capsys, "report", str(path), "--now", NOW)
    assert code == 1
    # progress, erased; the failure on a line of its own; the next failure; progress again
    assert err.startswith(
        "\r1 tickets, 100% of the file read\r\033[K"  # a small file is read in one go
        "slakit: ticket X (line 1): a ticket's first event must be 'opened', got 'resolved'\n"
        "\r2 tickets, 100% of the file read\r\033[K"
        "slakit: ticket Y (line 2): "
    )
    assert err.endswith("4/6 tickets read\n")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "report", str(empty), "--now", NOW)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("ticket", ["T" * 201, "T\u2028-1"])
def test_an_id_the_contract_refuses_on_the_common_line_shape(
    ticket: str, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fast reader's line shape holds it, but the id is refused as parse_line refuses
    it: a line with no valid ticket id makes the file unusable (exit 2, the line named)."""
    path = tmp_path / "events.jsonl"
    line = {"ticket": ticket, "preset": "distate", "event": "opened",
            "at": "2026-11-23T10:00:00+03:00", "level": "consulting"}  # fmt: skip
    good = {**line, "ticket": "T-2"}
    text = json.dumps(line, ensure_ascii=False) + "\n" + json.dumps(good) + "\n"
    path.write_text(text, encoding="utf-8")
    code = cli.main(["report", str(path), "--now", NOW])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith("slakit: error: line 1, field 'ticket'")
