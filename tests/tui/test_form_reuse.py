"""A form opened again is the form built before, and shows nothing of its last opening."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Input, TextArea

from netgoals.tui.dialogs.confirm import ConfirmDialog
from netgoals.tui.dialogs.form import FormFields, ModelForm
from netgoals.tui.dialogs.picker import Picker
from tests.tui.conftest import make_app, screen_text
from tests.tui.test_app import type_text
from tests.tui.test_forms import (
    SIZES,
    empty_save_shows_the_name_refused,
    fully_shown,
    objective_purpose_opened,
    tab_to,
)


def field(form: ModelForm, name: str) -> str:
    widget = form.query_one(f"#field-{name}")
    return widget.text if isinstance(widget, TextArea) else widget.value


async def test_a_form_opened_again_shows_the_next_contact_and_nothing_of_the_last(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        first_row = app.contact_list.current
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ModelForm)
        assert field(form, "name") == first_row.name
        await tab_to(pilot, app, "field-notes")
        await pilot.press("ctrl+a")
        await type_text(pilot, "secret plan")
        await tab_to(pilot, app, "field-cadence_days")  # the column scrolled down
        await type_text(pilot, "7")
        await pilot.press("escape", "y")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, (ModelForm, ConfirmDialog))

        await pilot.press("j")
        second = app.store.contact(app.contact_list.current.id)
        assert second is not None and second.name != first_row.name
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is form  # the same form, not built again
        assert "Edit contact: " + second.name in screen_text(app)
        assert field(form, "name") == second.name
        assert field(form, "notes") == second.notes
        cadence = "" if second.cadence_days is None else str(second.cadence_days)
        assert field(form, "cadence_days") == cadence
        assert app.focused is form.query_one("#field-name")
        assert form.query_one(FormFields).scroll_y == 0
        # undo in the notes never brings back the last contact's
        await tab_to(pilot, app, "field-notes")
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert field(form, "notes") == second.notes
        assert "secret plan" not in screen_text(app)
        # and nothing was changed: escape closes without asking
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (ModelForm, ConfirmDialog))


async def test_a_refusal_is_not_shown_again_at_the_next_opening(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ModelForm)
        assert "✗ Name: must not be blank" in screen_text(app)
        await pilot.press("escape")  # nothing typed: closes without asking
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)

        await pilot.press("a")
        await pilot.pause()
        assert app.screen is form
        assert "must not be blank" not in screen_text(app)
        assert not form.query(".form-error.shown")
        assert form.status == ""


async def test_the_discard_question_is_asked_only_after_a_change_in_this_opening(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        form = app.screen
        await type_text(pilot, "Nobody")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()

        await pilot.press("a")
        await pilot.pause()
        assert app.screen is form and field(form, "name") == ""
        await pilot.press("escape")  # nothing typed this time
        await pilot.pause()
        assert not isinstance(app.screen, (ModelForm, ConfirmDialog))

        await pilot.press("a")
        await type_text(pilot, "Z")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_a_form_opened_again_is_laid_out_as_a_new_one(demo_db: Path, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("e")
        form = app.screen
        await tab_to(pilot, app, "field-cadence_days")  # the column scrolled to its end
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("a")
        await pilot.pause()
        assert app.screen is form
        assert "New contact" in screen_text(app)
        assert form.query_one(FormFields).scroll_y == 0
        assert fully_shown(form, "name")
        await empty_save_shows_the_name_refused(pilot, app, form)


async def test_a_pickers_search_is_not_left_typed_for_the_next_opening(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "n")
        form = app.screen
        await tab_to(pilot, app, "picker-search")  # the objectives'
        await pilot.press("tab")  # the contacts'
        picker = app.focused.parent
        assert isinstance(picker, Picker)
        await type_text(pilot, "pri")
        assert picker.is_open
        await pilot.press("escape", "escape")  # the matches, then the form (nothing chosen)
        await pilot.pause()
        assert not isinstance(app.screen, (ModelForm, ConfirmDialog))

        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert not picker.is_open
        assert picker.query_one("#picker-search", Input).value == ""
        assert "Priya Raman" not in screen_text(app)


async def test_a_form_opened_again_after_a_change_of_theme_wears_the_new_theme(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "escape")
        await pilot.pause()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        surface = Color.parse(app.get_css_variables()["surface"])
        assert form.query_one("#form").styles.background == surface


async def test_a_dropdown_left_open_at_a_save_is_closed_at_the_next_opening(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        form, select = await objective_purpose_opened(pilot, app)
        await pilot.press("ctrl+s")  # saved with the dropdown open
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Learn to sail" in {o.title for o in app.objectives}
        assert not isinstance(app.screen, ModelForm)

        await pilot.press("a")
        await pilot.pause()
        assert app.screen is form
        assert not select.expanded
        assert field(form, "title") == ""
        assert app.focused is form.query_one("#field-title")
