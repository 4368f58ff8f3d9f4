"""Saving an edit never puts back what changed elsewhere while the form was open, and never
recreates a record deleted elsewhere without asking."""

from __future__ import annotations

from pathlib import Path

import pytest

from netgoals.core.models import Contact, Objective
from netgoals.storage import Store
from netgoals.tui.dialogs.form import ModelForm
from tests.tui.conftest import make_app, screen_text


@pytest.fixture
def ada_db(empty_db: Path) -> Path:
    with Store.open(empty_db) as store:
        store.save_contact(Contact(name="Ada", role="Analyst", notes="Met at a talk"))
        store.save_objective(Objective(title="Trader job", why="Pay", ask="Know a desk?"))
    return empty_db


def ada(path: Path) -> Contact | None:
    with Store.open(path) as store:
        found = [c for c in store.contacts() if c.name.startswith("Ada")]
    return found[0] if found else None


def messages(app) -> list[str]:
    """The notifications the app has shown."""
    return [notification.message for notification in app._notifications]


def change_elsewhere(path: Path, **changes: object) -> None:
    """What another copy of netgoals (or an import) does while the form is open."""
    with Store.open(path) as other:
        contact = next(c for c in other.contacts() if c.name == "Ada")
        other.save_contact(contact.model_copy(update=changes))


async def test_saving_a_contact_keeps_what_changed_elsewhere_meanwhile(ada_db: Path):
    app = make_app(ada_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "e")
        assert isinstance(app.screen, ModelForm)
        change_elsewhere(ada_db, role="Trader", notes="Moved to the bank")
        await pilot.press("tab", "tab", "tab", *"ada@example.org", "ctrl+s")  # the email
        assert not isinstance(app.screen, ModelForm)
        assert "Saved contact 'Ada'" in messages(app)
    saved = ada(ada_db)
    assert saved is not None
    assert (saved.email, saved.role, saved.notes) == (
        "ada@example.org",
        "Trader",
        "Moved to the bank",
    )


async def test_a_field_changed_on_both_sides_asks_and_keep_mine_wins(ada_db: Path):
    app = make_app(ada_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "e")
        change_elsewhere(ada_db, role="[b]Trader[/b]", notes="Moved to the bank")
        await pilot.press("tab", "tab", "end", *" lead", "ctrl+s")  # the role
        assert type(app.screen).__name__ == "ConflictDialog"
        text = screen_text(app)
        assert "changed elsewhere" in text
        assert "Analyst lead" in text and "[b]Trader[/b]" in text  # both, as plain text
        assert ada(ada_db).role == "[b]Trader[/b]"  # nothing written yet
        await pilot.press("m")
        assert not isinstance(app.screen, ModelForm)
    saved = ada(ada_db)
    assert (saved.role, saved.notes) == ("Analyst lead", "Moved to the bank")


async def test_take_theirs_keeps_their_value_and_saves_the_rest(ada_db: Path):
    app = make_app(ada_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "e")
        change_elsewhere(ada_db, role="Trader")
        await pilot.press("tab", "tab", "end", *" lead", "tab", *"ada@example.org", "ctrl+s")
        assert type(app.screen).__name__ == "ConflictDialog"
        await pilot.press("t")
        assert not isinstance(app.screen, ModelForm)
    saved = ada(ada_db)
    assert (saved.role, saved.email) == ("Trader", "ada@example.org")


async def test_back_to_editing_keeps_the_form_and_writes_nothing(ada_db: Path):
    app = make_app(ada_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "e")
        change_elsewhere(ada_db, role="Trader")
        await pilot.press("tab", "tab", "end", *" lead", "ctrl+s", "e")
        assert isinstance(app.screen, ModelForm)
        assert app.screen.query_one("#field-role").value == "Analyst lead"
        assert "Changed elsewhere meanwhile: Role" in screen_text(app)
        assert ada(ada_db).role == "Trader"
        await pilot.press("ctrl+s")  # asks again
        assert type(app.screen).__name__ == "ConflictDialog"


async def test_an_edit_of_a_contact_deleted_elsewhere_asks_before_adding_it_again(ada_db: Path):
    app = make_app(ada_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "e")
        with Store.open(ada_db) as other:
            other.delete("contact", ada(ada_db).id)
        await pilot.press("tab", "tab", "end", *" lead", "ctrl+s")
        assert type(app.screen).__name__ == "GoneDialog"
        assert "deleted elsewhere" in screen_text(app)
        assert ada(ada_db) is None  # not recreated behind the user's back
        await pilot.press("a")
        assert not isinstance(app.screen, ModelForm)
        assert "Saved contact 'Ada'" in messages(app)
    assert ada(ada_db).role == "Analyst lead"


async def test_discarding_the_edit_of_a_deleted_contact_writes_nothing(ada_db: Path):
    app = make_app(ada_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "e")
        with Store.open(ada_db) as other:
            other.delete("contact", ada(ada_db).id)
        await pilot.press("end", *" Lovelace", "ctrl+s", "d")
        assert not isinstance(app.screen, ModelForm)
    assert ada(ada_db) is None


async def test_saving_an_objective_keeps_what_changed_elsewhere(ada_db: Path):
    app = make_app(ada_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "e")
        assert isinstance(app.screen, ModelForm)
        with Store.open(ada_db) as other:
            objective = other.objectives()[0]
            other.save_objective(objective.model_copy(update={"ask": "Who hires traders?"}))
        await pilot.press("end", *" at a bank", "ctrl+s")  # the title
        assert not isinstance(app.screen, ModelForm)
    with Store.open(ada_db) as store:
        saved = store.objectives()[0]
    assert (saved.title, saved.ask, saved.why) == (
        "Trader job at a bank",
        "Who hires traders?",
        "Pay",
    )
