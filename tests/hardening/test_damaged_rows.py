"""A database edited by other means (here through the `sqlite3` module): rows that no longer
hold a valid record. Each damaged record is named and left out, and the rest keeps working —
in the store's readers, every command and the app; a backup, which must be whole, is refused."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from netgoals.cli import run
from netgoals.core.clock import fixed_clock
from netgoals.core.models import Activity, Contact, Event, Link, Objective, Settings
from netgoals.formats.backup import export_json, import_backup, parse_json
from netgoals.storage import Store
from tests.conftest import NOW
from tests.hardening.test_crash import notifications_of
from tests.tui.conftest import make_app, row_text, screen_text

CLOCK = fixed_clock(NOW)


def network(db: Path) -> None:
    """Two objectives, three contacts (Ann Lee is #2), a link, an event and two activities."""
    with Store.open(db, clock=CLOCK) as store:
        job = store.save_objective(Objective(title="Trader job", keywords=["trader"]))
        store.save_objective(Objective(title="Mentor", keywords=["mentor"]))
        store.save_contact(Contact(name="Bob Ray", role="Trader", cadence_days=30))
        ann = store.save_contact(
            Contact(name="Ann Lee", role="Mentor", last_contacted="2026-02-01", cadence_days=14)
        )
        store.save_contact(Contact(name="Cy Fox", role="Baker"))
        store.set_link(Link(contact_id=ann.id, objective_id=job.id, relation="helps"))
        store.save_event(Event(name="Forum", starts_at="2026-03-18", objective_ids=[job.id]))
        for day in ("2026-03-02", "2026-03-03"):
            store.save_activity(
                Activity(date=day, title=f"Call {day}", objective_ids=[job.id], effort_minutes=30)
            )
        store.save_settings(Settings(weekly_target=3))


def damage(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "mine.db"
    network(path)
    return path


# (what is damaged, the SQL, the start of the notice naming it; None: not damage at all)
DAMAGES = [
    ("extra column", ["ALTER TABLE contacts ADD COLUMN nickname TEXT DEFAULT 'x'"], None),
    (
        "bad last_contacted",
        ["UPDATE contacts SET last_contacted = '2026-13-45' WHERE id = 2"],
        "contact #2 (Ann Lee) is damaged: last_contacted: '2026-13-45' is not a real date",
    ),
    (
        "bad created_at",
        ["UPDATE contacts SET created_at = 'x' WHERE id = 2"],
        "contact #2 (Ann Lee) is damaged: created_at:",
    ),
    (
        "cadence abc",
        ["UPDATE contacts SET cadence_days = 'abc' WHERE id = 2"],
        "contact #2 (Ann Lee) is damaged: cadence_days: 'abc' is not a whole number",
    ),
    (
        "cadence -5",
        ["UPDATE contacts SET cadence_days = -5 WHERE id = 2"],
        "contact #2 (Ann Lee) is damaged: cadence_days:",
    ),
    (
        "settings not JSON",
        ["UPDATE settings SET value = '{' WHERE key = 'weekly_target'"],
        "the setting weekly_target is damaged: '{' is not JSON; the default (2) is used",
    ),
    (
        "keywords not JSON",
        ["UPDATE objectives SET keywords = 'not json' WHERE id = 2"],
        "objective #2 (Mentor) is damaged: keywords: 'not json' is not a JSON list",
    ),
    (
        "keywords an object",
        ["""UPDATE objectives SET keywords = '{"a":1}' WHERE id = 2"""],
        "objective #2 (Mentor) is damaged: keywords: must be a list",
    ),
    (
        "status zombie",
        [
            "PRAGMA ignore_check_constraints = ON",
            "UPDATE objectives SET status = 'zombie' WHERE id = 2",
        ],
        "objective #2 (Mentor) is damaged: status:",
    ),
    (
        "activity date",
        ["UPDATE activities SET date = '2026-02-30' WHERE id = 2"],
        "activity #2 (Call 2026-03-03) is damaged: date: '2026-02-30' is not a real date",
    ),
    (
        "event start",
        ["UPDATE events SET starts_at = 'soon' WHERE id = 1"],
        "event #1 (Forum) is damaged: starts_at:",
    ),
]
NAMES = [name for name, _, _ in DAMAGES]


def read_everything(store: Store) -> None:
    """Every reader the commands and the app use."""
    store.objectives()
    store.contacts()
    for contact_id in store.record_ids("contact"):
        store.contact(contact_id)
    store.links()
    store.events()
    store.activities()
    store.recent_activities()
    store.activity_history()
    store.activity_totals()
    store.cadence_contacts()
    store.settings()
    store.matching(detail=True)


@pytest.mark.parametrize(("name", "statements", "notice"), DAMAGES, ids=NAMES)
def test_the_store_names_each_damaged_record_and_reads_the_rest(
    db: Path, name: str, statements: list[str], notice: str | None
):
    damage(db, *statements)
    heard: list[str] = []
    with Store.open(db, clock=CLOCK) as store:
        store.on_damage = heard.append
        read_everything(store)
        read_everything(store)  # each record is named once, however often it is read
        if notice is None:
            assert store.damaged == {} and heard == []
            assert len(store.contacts()) == 3
            return
        assert len(heard) == 1 and heard[0].startswith(notice), heard
        assert list(store.damaged.values()) == heard
        # the others are all there
        assert len(store.objectives()) == (1 if notice.startswith("objective") else 2)
        assert len(store.contacts()) == (2 if notice.startswith("contact") else 3)
        assert store.contact(1) is not None and store.contact(3) is not None


def test_damaged_rows_are_left_out_of_the_figures_not_counted_wrong(db: Path):
    damage(
        db,
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE activities SET effort_minutes = 'lots' WHERE id = 2",
        "UPDATE contacts SET cadence_days = 'abc' WHERE id = 2",
    )
    with Store.open(db, clock=CLOCK) as store:
        assert store.activity_history()[0].date == date(2026, 3, 2)
        assert len(store.activity_history()) == 1
        totals = store.activity_totals()[1]
        assert (totals.activities, totals.effort_minutes, totals.last) == (
            1,
            30,
            date(2026, 3, 2),
        )
        assert [row[1] for row in store.cadence_contacts()] == ["Bob Ray"]
        assert len(store.damaged) == 2


def test_a_text_number_a_model_accepts_is_read_as_that_number(db: Path):
    # SQLite keeps '45' in an INTEGER column as the number 45: store text through a BLOB cast
    damage(db, "UPDATE contacts SET cadence_days = CAST('45' AS BLOB) WHERE id = 2")
    with Store.open(db, clock=CLOCK) as store:
        assert sorted(row[3] for row in store.cadence_contacts()) == [30, 45]
        assert store.damaged == {}


def test_a_control_character_in_a_damaged_row_is_shown_not_obeyed(db: Path):
    damage(db, "UPDATE contacts SET last_contacted = 'x' || char(27) || '[31m' WHERE id = 2")
    with Store.open(db, clock=CLOCK) as store:
        store.contacts()
        (notice,) = store.damaged.values()
    assert "\x1b" not in notice and "\\x1b[31m" in notice


COMMANDS = [["offgoal"], ["offgoal", "--json"], ["matches", "--json"], ["brief"]]
COMMANDS += [["brief", "--json"], ["export", "csv"], ["export", "vcard"]]


@pytest.mark.parametrize(("name", "statements", "notice"), DAMAGES, ids=NAMES)
def test_every_command_works_on_the_rest_and_warns(
    db: Path, capsys: pytest.CaptureFixture[str], name: str, statements, notice
):
    damage(db, *statements)
    for command in COMMANDS:
        status = run(["--db", str(db), *command], clock=CLOCK)
        captured = capsys.readouterr()
        assert status == 0, (command, captured.err)
        assert "Traceback" not in captured.err
        assert "Cy Fox" in captured.out or command[0] == "brief", command
        for line in captured.err.splitlines():
            assert line.startswith("netgoals: warning: ") and line.endswith("; left out"), line
        if notice and notice.startswith("contact") and command[0] == "export":
            # the exports read every contact: the damaged one is named and left out
            assert captured.err.count("netgoals: warning:") == 1 and notice in captured.err
            assert "Ann Lee" not in captured.out


@pytest.mark.parametrize(("name", "statements", "notice"), DAMAGES, ids=NAMES)
def test_a_backup_of_a_damaged_database_is_refused_in_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, statements, notice
):
    damage(db, *statements)
    out = tmp_path / "backup.json"
    status = run(["--db", str(db), "export", "json", "-o", str(out)], clock=CLOCK)
    captured = capsys.readouterr()
    if notice is None:
        assert status == 0 and len(json.loads(out.read_text())["contacts"]) == 3
        return
    assert status == 1 and not out.exists()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("netgoals: nothing was exported, a backup must hold every record")
    assert notice in lines[0]


def test_importing_a_backup_never_writes_over_a_damaged_record(db: Path, tmp_path: Path):
    damage(db, "UPDATE contacts SET last_contacted = '2026-13-45' WHERE id = 2")
    backup = {"format": "netgoals", "version": 1, "contacts": [{"id": 2, "name": "Zed New"}]}
    with Store.open(db, clock=CLOCK) as store:
        import_backup(store, parse_json(json.dumps(backup)))
        names = {name for name, _, _ in store.contact_summaries().values()}
    assert names == {"Bob Ray", "Ann Lee", "Cy Fox", "Zed New"}
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT name FROM contacts WHERE id = 2").fetchone() == ("Ann Lee",)
    conn.close()


def test_an_export_of_a_sound_database_is_unchanged(db: Path):
    with Store.open(db, clock=CLOCK) as store:
        assert len(json.loads(export_json(store))["contacts"]) == 3
        assert store.damaged == {}


# --- the app ---------------------------------------------------------------------------------


async def test_the_app_opens_a_damaged_database_says_so_and_lists_the_others(db: Path):
    damage(
        db,
        "UPDATE contacts SET last_contacted = '2026-13-45' WHERE id = 2",
        "UPDATE objectives SET keywords = 'not json' WHERE id = 2",
        "UPDATE activities SET date = 'x' WHERE id = 2",
    )
    app = make_app(db)
    shown = notifications_of(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        rows = "\n".join(row_text(app))
        assert "Bob Ray" in rows and "Cy Fox" in rows and "Ann Lee" in rows
        assert "Trader job" in screen_text(app)
        warned = [message for message, severity in shown if severity == "warning"]
        assert any(m.startswith("objective #2 (Mentor) is damaged") for m in warned), shown
        assert any(m.startswith("activity #2 (Call 2026-03-03) is damaged") for m in warned)
        # the details of the damaged contact: named, and the app goes on
        await pilot.press("2", "g")
        await pilot.press("enter")
        await pilot.pause()
        assert any(m.startswith("contact #2 (Ann Lee) is damaged") for m, _ in shown), shown
        await pilot.press("r")  # the review reads events, activities and settings
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("2", "a", *"Dee", "ctrl+s")  # and it still saves
        await pilot.pause()
        assert app.is_running
        warned = [message for message, severity in shown if severity == "warning"]
        assert len(warned) == len(set(warned)) == 3  # each named once, however often read
    with Store.open(db) as store:
        assert "Dee" in {name for name, _, _ in store.contact_summaries().values()}


async def test_the_app_refuses_a_backup_with_a_null_id_and_keeps_running(db: Path, tmp_path):
    backup = {
        "format": "netgoals",
        "version": 1,
        "contacts": [{"id": None, "name": "Private Person", "notes": "secret"}],
    }
    file = tmp_path / "backup.json"
    file.write_text(json.dumps(backup), encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in str(file)])
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Not imported:" in text and "contacts[0].id: is required" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
    with Store.open(db) as store:
        assert store.contact_count() == 3
