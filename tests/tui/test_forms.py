"""Forms never throw typed text away, and show each field with its label at every size."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Select, TextArea

from netgoals.storage import Store
from netgoals.tui.dialogs.confirm import ConfirmDialog
from netgoals.tui.dialogs.form import FormFields, ModelForm
from netgoals.tui.dialogs.picker import Picker
from tests.tui.conftest import make_app, screen_text
from tests.tui.test_app import contacts_in, type_text

SIZES = [(80, 24), (60, 20)]


async def tab_to(pilot, app, field_id: str) -> None:
    for _ in range(20):
        if app.focused is not None and app.focused.id == field_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {field_id}, stopped on {app.focused}")


def fully_shown(form: ModelForm, name: str) -> bool:
    """Whether the label, the field and its shown refusal of `name` are all inside the part
    of the form's column that is on screen."""
    visible = form.query_one(FormFields).content_region
    field = form.query_one(f"#field-{name}")
    beside = list(field.parent.children)
    label = beside[beside.index(field) - 1]
    assert "form-label" in label.classes
    parts = [label, field]
    error = form.query_one(f"#error-{name}")
    if error.has_class("shown"):
        parts.append(error)
    return all(part.region and visible.contains_region(part.region) for part in parts)


async def objective_purpose_opened(pilot, app):
    """A new objective's form, titled, with its Purpose dropdown open: (the form, the
    Select)."""
    await pilot.press("1", "a")
    form = app.screen
    await type_text(pilot, "Learn to sail")
    await tab_to(pilot, app, "field-purpose")
    select = form.query_one("#field-purpose", Select)
    await pilot.press("enter")
    assert select.expanded
    return form, select


async def test_escape_in_an_open_select_closes_only_the_dropdown(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        form, select = await objective_purpose_opened(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and not select.expanded
        assert form.query_one("#field-title", Input).value == "Learn to sail"


async def test_escape_in_the_pickers_matches_closes_only_them(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "n")
        form = app.screen
        await tab_to(pilot, app, "picker-search")  # the objectives'
        await pilot.press("tab")  # the contacts'
        picker = app.focused.parent
        assert isinstance(picker, Picker) and picker.id == "field-contact_ids"
        assert not picker.is_open
        await type_text(pilot, "pri")
        assert picker.is_open and "Priya Raman" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and not picker.is_open
        assert "Priya Raman" not in screen_text(app)
        # nothing was changed (a search is not a choice): escape now just closes
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (ModelForm, ConfirmDialog))


async def test_escape_asks_before_discarding_and_keeps_editing_by_default(demo_db: Path):
    before = contacts_in(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        form = app.screen
        await type_text(pilot, "Nobody")
        for keep in ("enter", "escape", "n"):
            await pilot.press("escape")
            assert isinstance(app.screen, ConfirmDialog)
            assert "Discard changes?" in screen_text(app)
            await pilot.press(keep)
            await pilot.pause()
            assert app.screen is form, keep
            assert form.query_one("#field-name", Input).value == "Nobody"
        await type_text(pilot, " at all")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, (ModelForm, ConfirmDialog))
    assert contacts_in(demo_db) == before


async def test_a_29000_character_note_is_not_thrown_away_by_escape(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        form = app.screen
        notes = form.query_one("#field-notes", TextArea)
        note = "word " * 5800
        notes.text = note
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert app.screen is form and notes.text == note


async def test_escape_without_changes_closes_without_asking(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, ModelForm)
        await pilot.press("tab", "tab")  # moving about changes nothing
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (ModelForm, ConfirmDialog))
        # typed then put back as it was: nothing to lose either
        await pilot.press("a")
        await type_text(pilot, "X")
        await pilot.press("backspace", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, (ModelForm, ConfirmDialog))


async def empty_save_shows_the_name_refused(pilot, app, form) -> None:
    """ctrl+s on the contact form `form` with no name: the name field focused, shown whole
    with its label, and its refusal under it."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.focused.id == "field-name"
    assert fully_shown(form, "name")
    assert "✗ Name: must not be blank" in screen_text(app)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_an_empty_save_shows_the_first_field_with_its_label_and_message(demo_db: Path, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("a")
        await empty_save_shows_the_name_refused(pilot, app, app.screen)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_a_refused_last_field_is_shown_with_its_label_and_message(demo_db: Path, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("1", "a")
        form = app.screen
        await type_text(pilot, "Learn to sail")
        await tab_to(pilot, app, "field-target_date")
        await type_text(pilot, "soon")
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # away, up the form
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused.id == "field-target_date"
        assert fully_shown(form, "target_date")
        assert "✗ Target date: 'soon' is not a date" in screen_text(app)


async def test_a_refusal_goes_once_its_field_is_corrected(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        form = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = form.query_one("#error-name")
        assert error.has_class("shown")
        await pilot.press("space")  # still blank: still refused
        await pilot.pause()
        assert error.has_class("shown")
        await type_text(pilot, "Ann")
        await pilot.pause()
        assert not error.has_class("shown")
        assert "must not be blank" not in screen_text(app)


async def test_lines_pasted_into_a_one_line_field_are_joined_not_cut(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        form = app.screen
        await type_text(pilot, "Ann")
        await tab_to(pilot, app, "field-how_met")
        app.focused.post_message(events.Paste("At the\r\nrunning club\n\n  on Sunday \n"))
        await pilot.pause()
        assert form.query_one("#field-how_met", Input).value == "At the running club on Sunday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
    with Store.open(demo_db) as store:
        ann = next(c for c in store.contacts() if c.name == "Ann")
        assert ann.how_met == "At the running club on Sunday"
