"""Hostile text in the app: shown literally, stored safely; deletes ask first and undo whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual import events

from netgoals.core.models import Activity, Contact, Objective
from netgoals.core.text import drop_controls
from netgoals.storage import Store
from netgoals.tui.dialogs.form import ModelForm
from tests.hardening.hostile import ANSI, EMOJI, LINK, MARKUP, OSC, RTL, ZERO_WIDTH
from tests.tui.conftest import NOW, make_app, screen_text

SHOWN = ["[bold red]Mallory[/bold red]", "[link=file:///etc/passwd]click me[/link]"]


def _hostile(path: Path) -> None:
    with Store.open(path) as store:
        store.save_objective(Objective(title=MARKUP, keywords=["banker"], ask=LINK))
        for name in (MARKUP, LINK, ANSI, OSC, RTL, ZERO_WIDTH, EMOJI):
            store.save_contact(Contact(name=name, role=LINK, notes=MARKUP))


async def test_hostile_names_are_shown_literally(empty_db: Path):
    _hostile(empty_db)
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for shown in SHOWN:
            assert shown in text
        assert "[31mred[0m" in text  # the escape sequence's text, without its ESC
        assert "\x1b" not in text
        await pilot.press("g", "enter")  # the details of a contact: role and notes too
        await pilot.pause()
        text = screen_text(app)
        assert LINK in text and MARKUP in text


def test_hostile_names_snapshot(snap_compare, empty_db: Path):
    _hostile(empty_db)
    assert snap_compare(make_app(empty_db), terminal_size=(120, 40))


def test_the_snapshot_holds_the_markup_as_text():
    svg = (
        Path(__file__).parent / "__snapshots__" / "test_hostile" / "test_hostile_names_snapshot.svg"
    )
    raw = svg.read_text(encoding="utf-8")
    text = raw.replace("&#160;", " ")
    assert "[bold red]Mallory[/bold red]" in text
    assert "[link=file:///etc/passwd]click me[/link]" in text
    assert "\x1b" not in raw and "href=" not in raw  # no escape, no hyperlink was made


async def test_hostile_text_typed_or_pasted_into_a_form_is_stored_safely(empty_db: Path):
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, ModelForm)
        # typed key by key: brackets and all
        await pilot.press(*"[link=file:///etc/passwd]x[/link]")
        # pasted into notes: escape sequences, NUL, right-to-left and zero-width characters
        notes = app.screen.query_one("#field-notes")
        pasted = f"{OSC}\n{ANSI}\x00{RTL}{ZERO_WIDTH}{EMOJI}"
        notes.focus()
        await pilot.pause()
        # a paste as the terminal driver delivers it: to the app, which forwards it to the
        # focused widget
        app.post_message(events.Paste(pasted))
        await pilot.pause()
        # the paste went in through the widget's own path, its control characters left out
        assert notes.text == drop_controls(pasted, keep_lines=True)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        assert "[link=file:///etc/passwd]x[/link]" in screen_text(app)
    with Store.open(empty_db) as store:
        (contact,) = store.contacts()
    assert contact.name == "[link=file:///etc/passwd]x[/link]"
    assert "\x1b" not in contact.notes and "\x00" not in contact.notes
    assert "]8;;file:///etc/passwd" in contact.notes  # the rest kept, as text
    assert RTL in contact.notes and ZERO_WIDTH in contact.notes and EMOJI in contact.notes


def _orphans(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        return conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()


def _with_activity(path: Path) -> tuple[int, int]:
    with Store.open(path) as store:
        objective = store.save_objective(Objective(title="Only one", keywords=["bank"]))
        contact = store.save_contact(Contact(name="Bea", organization="Bank"))
        store.save_activity(
            Activity(
                date=NOW.date(),
                title="Coffee",
                objective_ids=[objective.id],
                contact_ids=[contact.id],
                effort_minutes=30,
                discomfort=2,
                payback=3,
            )
        )
    return objective.id or 0, contact.id or 0


async def test_deleting_an_objective_asks_keeps_activities_and_undoes(empty_db: Path):
    objective_id, _ = _with_activity(empty_db)
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "d")
        await pilot.pause()
        assert "Delete objective Only one?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        with Store.open(empty_db) as store:
            assert store.objective(objective_id) is not None
        await pilot.press("d", "y")
        await pilot.pause()
        with Store.open(empty_db) as store:
            assert store.objective(objective_id) is None
            (activity,) = store.activities()  # the activity stays, without the objective
            assert activity.objective_ids == []
        assert _orphans(empty_db) == []
        await pilot.press("u")
        await pilot.pause()
    with Store.open(empty_db) as store:
        assert store.objective(objective_id) is not None
        assert store.activities()[0].objective_ids == [objective_id]
    assert _orphans(empty_db) == []


async def test_deleting_a_contact_leaves_no_orphan_link_and_undoes(empty_db: Path):
    objective_id, contact_id = _with_activity(empty_db)
    with Store.open(empty_db) as store:
        from netgoals.core.models import Link

        store.set_link(Link(contact_id=contact_id, objective_id=objective_id, relation="helps"))
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "d", "y")
        await pilot.pause()
        with Store.open(empty_db) as store:
            assert store.contact(contact_id) is None and store.links() == []
            assert store.activities()[0].contact_ids == []
        assert _orphans(empty_db) == []
        await pilot.press("u")
        await pilot.pause()
    with Store.open(empty_db) as store:
        assert [(k.contact_id, k.objective_id) for k in store.links()] == [
            (contact_id, objective_id)
        ]
        assert store.activities()[0].contact_ids == [contact_id]
    assert _orphans(empty_db) == []
