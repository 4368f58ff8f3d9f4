"""What people type in the forms is understood, and the hints and refusals say the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import ValidationError

from netgoals.core.models import Activity, Contact, Event, Objective, problems
from netgoals.storage import Store
from netgoals.tui.dialogs.editors import activity_form, contact_form, event_form, objective_form
from netgoals.tui.dialogs.form import ModelForm
from tests.tui.conftest import TODAY, make_app, screen_text
from tests.tui.test_app import contacts_in, type_text


def refusal(model, **values) -> str:
    """The one message a model gives for `values`."""
    try:
        model.model_validate(values)
    except ValidationError as error:
        [(_, message)] = problems(error)
        return message
    raise AssertionError(f"{values} was accepted")


def hint(form: ModelForm, name: str) -> str:
    return next(spec for spec in form.fields if spec.name == name).placeholder


def test_each_date_hint_is_the_format_its_refusal_asks_for():
    objective = objective_form(None)
    contact = contact_form(None, TODAY)
    activity = activity_form(TODAY, [], [])
    event = event_form(None, [], [], TODAY)
    cases = [
        (hint(objective, "target_date"), refusal(Objective, title="t", target_date="soon")),
        (hint(contact, "last_contacted"), refusal(Contact, name="A", last_contacted="1/2/26")),
        (hint(activity, "date"), refusal(Activity, title="t", date="today")),
        (hint(event, "starts_at"), refusal(Event, name="E", starts_at="Thursday 7pm")),
    ]
    for placeholder, message in cases:
        assert message.endswith(f"write {placeholder}"), (placeholder, message)


def test_the_effort_label_names_the_forms_its_refusal_names():
    label = next(s.label for s in activity_form(TODAY, [], []).fields if s.name == "effort_minutes")
    message = refusal(Activity, title="t", date="2026-03-01", effort_minutes="an hour")
    accepted = message.split("write ", 1)[1]
    assert accepted == "90, 1h30, 1:30 or 45m" and accepted in label


async def test_effort_typed_as_1h30_is_logged_as_90_minutes(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "n")
        await type_text(pilot, "Coffee with Priya")
        for _ in range(10):
            if app.focused.id == "field-effort_minutes":
                break
            await pilot.press("tab")
        assert app.focused.id == "field-effort_minutes"
        await type_text(pilot, "half an hour")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ModelForm)
        assert "'half an hour' is not a duration: write 90, 1h30, 1:30 or 45m" in screen_text(app)
        await pilot.press(*["backspace"] * 12)
        await type_text(pilot, "1h30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
    with Store.open(demo_db) as store:
        logged = next(a for a in store.activities() if a.title == "Coffee with Priya")
        assert logged.effort_minutes == 90


async def _to_last_contacted(pilot, app) -> None:
    for _ in range(15):
        if app.focused.id == "field-last_contacted":
            return
        await pilot.press("tab")
    raise AssertionError(f"never reached the field: {app.focused}")


async def test_a_last_contacted_date_in_the_future_is_refused(demo_db: Path):
    before = contacts_in(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "a")
        await type_text(pilot, "Eve")
        await _to_last_contacted(pilot, app)
        await type_text(pilot, "2026-11-26")  # tomorrow
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ModelForm)
        assert "is in the future: today is 2026-11-25" in screen_text(app)
        assert app.focused.id == "field-last_contacted"
        assert contacts_in(demo_db) == before
        await pilot.press("backspace")
        await type_text(pilot, "5")  # today is fine
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
    assert contacts_in(demo_db)["Eve"].last_contacted == TODAY


async def test_a_future_date_already_stored_does_not_block_other_edits(demo_db: Path):
    # logging an activity ahead of time moves last contacted forward to its date
    with Store.open(demo_db) as store:
        ann = store.save_contact(Contact(name="Ann Ahead", last_contacted=date(2026, 12, 1)))
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_edit_contact(ann)
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "Acme")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
    saved = contacts_in(demo_db)["Ann Ahead"]
    assert saved.organization == "Acme" and saved.last_contacted == date(2026, 12, 1)
