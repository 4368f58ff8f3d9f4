"""What pays back, through a real database and the real `netgoals brief` command."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from netgoals.cli import run
from netgoals.core.clock import fixed_clock
from netgoals.core.models import Activity, Objective, Status
from netgoals.storage import Store
from tests.conftest import NOW

CLOCK = fixed_clock(NOW)  # Tuesday 10 March 2026
TODAY = NOW.date()


def cli(*args: str | Path) -> int:
    return run([str(a) for a in args], clock=CLOCK)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def network(db: Path) -> tuple[int, int]:
    """Two objectives: calls for the mentor paid back, big evenings for the job did not."""
    with Store.open(db, clock=CLOCK) as store:
        job = store.save_objective(
            Objective(title="Job [as] a *trader*", hangouts=["CFA society", "Bank open days"])
        )
        mentor = store.save_objective(Objective(title="Find a mentor"))
        store.save_objective(Objective(title="Old plan", status=Status.DROPPED))
        for n in range(4):  # four evenings, 2 h 30 each, one point in all
            store.save_activity(
                Activity(
                    date=days_ago(7 * n + 1),
                    kind="event",
                    title=f"Careers evening {n}",
                    effort_minutes=150,
                    payback=1 if n == 0 else 0,
                    objective_ids=[job.id],
                )
            )
        for n in range(3):  # three half-hour calls, 4 points each
            store.save_activity(
                Activity(
                    date=days_ago(3 * n),
                    kind="call",
                    title=f"Call {n}",
                    effort_minutes=30,
                    payback=4,
                    objective_ids=[mentor.id],
                )
            )
        # too old to count: thirteen weeks ago
        store.save_activity(
            Activity(
                date=days_ago(91),
                kind="call",
                title="Old call",
                effort_minutes=600,
                payback=0,
                objective_ids=[mentor.id],
            )
        )
        return job.id or 0, mentor.id or 0


def test_brief_json_gives_payback_by_kind_and_by_objective(tmp_path: Path, capsys):
    db = tmp_path / "n.db"
    job, mentor = network(db)
    assert cli("--db", db, "brief", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert "objectives" in data and "reminder" in data  # the review is still all there
    figures = data["payback"]
    assert figures["by_kind"] == [
        {"kind": "call", "activities": 3, "minutes": 90, "payback": 12, "per_hour": 8.0},
        {"kind": "event", "activities": 4, "minutes": 600, "payback": 1, "per_hour": 0.1},
    ]
    assert figures["by_objective"] == [
        {
            "objective_id": mentor,
            "title": "Find a mentor",
            "activities": 3,
            "minutes": 90,
            "payback": 12,
            "per_hour": 8.0,
        },
        {
            "objective_id": job,
            "title": "Job [as] a *trader*",
            "activities": 4,
            "minutes": 600,
            "payback": 1,
            "per_hour": 0.1,
        },
    ]
    assert figures["flagged"] == [
        {
            "objective_id": job,
            "title": "Job [as] a *trader*",
            "minutes": 600,
            "payback": 1,
            "per_hour": 0.1,
            "message": "effort without payback: rethink where you go",
            "hangouts": ["CFA society", "Bank open days"],
        }
    ]


def test_brief_markdown_shows_what_pays_back_and_flags_effort_without_payback(
    tmp_path: Path, capsys
):
    db = tmp_path / "n.db"
    network(db)
    assert cli("--db", db, "brief") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Before you walk in")
    section = out[out.index("## What pays back (last 12 weeks)") :]
    assert "| call | 3 | 1 h 30 min | 12 | 8.0/h |" in section
    assert "| event | 4 | 10 h | 1 | 0.1/h |" in section
    assert section.index("| call |") < section.index("| event |")
    # a title is text, never Markdown
    assert "| Job \\[as\\] a \\*trader\\* | 4 | 10 h | 1 | 0.1/h |" in section
    assert (
        "**⚠ Job \\[as\\] a \\*trader\\*: effort without payback: rethink where you go.**"
        " Last 4 weeks: 10 h for a payback of 1 (0.1/h)." in section
    )
    assert "- CFA society\n- Bank open days" in section
    assert "Find a mentor: effort without payback" not in section


def test_brief_with_nothing_logged_says_so(tmp_path: Path, capsys):
    db = tmp_path / "e.db"
    Store.open(db).close()
    assert cli("--db", db, "brief", "--json") == 0
    assert json.loads(capsys.readouterr().out)["payback"] == {
        "by_kind": [],
        "by_objective": [],
        "flagged": [],
    }
    assert cli("--db", db, "brief") == 0
    assert "No activity logged in these weeks." in capsys.readouterr().out


def test_a_damaged_activity_is_named_and_the_others_still_count(tmp_path: Path, capsys):
    db = tmp_path / "n.db"
    network(db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE activities SET kind = 'party' WHERE title = 'Call 0'")
    conn.close()
    assert cli("--db", db, "brief", "--json") == 0
    captured = capsys.readouterr()
    calls = json.loads(captured.out)["payback"]["by_kind"][0]
    assert (calls["kind"], calls["activities"], calls["payback"]) == ("call", 2, 8)
    assert "(Call 0) is damaged: kind:" in captured.err
