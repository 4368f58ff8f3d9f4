"""The pre-event review and the events list, driven with keys."""

from __future__ import annotations

from pathlib import Path

from netgoals.storage import Store
from netgoals.tui.dialogs.details import DetailsScreen
from netgoals.tui.dialogs.events import EventsScreen
from netgoals.tui.dialogs.form import ModelForm
from netgoals.tui.dialogs.review import PersonLine, ReviewScreen
from tests.tui.conftest import make_app, screen_text
from tests.tui.test_app import type_text


async def test_r_shows_the_next_event_with_asks_people_and_gaps(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "Before you walk in: City Finance Careers Evening" in text
        assert "Thursday 3 December 2026, 18:30" in text
        assert "do you know anyone on a trading desk?" in text
        names = [line.person.name for line in app.screen.query(PersonLine)]
        assert names[:3] == ["Chloé Martin", "Daniel Okafor", "Priya Raman"]  # expected there
        assert names[3] == "Margaret O'Sullivan"  # the way in
        # move through the people; enter opens the contact over the review
        await pilot.press("down", "down", "down")
        assert app.focused.person.name == "Priya Raman"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailsScreen)
        assert "Priya Raman" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_n_in_the_review_logs_the_event_with_its_objectives_and_people(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r", "n")
        await pilot.pause()
        assert isinstance(app.screen, ModelForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
    with Store.open(demo_db) as store:
        logged = next(a for a in store.activities() if a.title == "City Finance Careers Evening")
        assert logged.date.isoformat() == "2026-12-03" and logged.kind.value == "event"
        assert {store.contact(c).name for c in logged.contact_ids} == {
            "Priya Raman",
            "Chloé Martin",
            "Daniel Okafor",
        }
        assert [store.objective(o).title for o in logged.objective_ids] == [
            "Job as a trader in a bank"
        ]


async def test_events_list_add_edit_delete_and_review(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        text = screen_text(app)
        assert text.index("City Finance Careers Evening") < text.index("Markets Breakfast")
        assert text.index("Markets Breakfast") < text.index("Economics alumni drinks")
        await pilot.press("a")
        await type_text(pilot, "Fintech meetup")
        await pilot.press("tab", "end", *["backspace"] * 20)
        await type_text(pilot, "2026-11-30 19:00")
        await pilot.press("tab", "tab")  # place -> objectives
        await type_text(pilot, "mentor")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        assert app.screen.events[0].name == "Fintech meetup"  # the soonest now
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "GAP: Find a mentor in finance" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        assert app.screen.events[0].name == "City Finance Careers Evening"
    with Store.open(demo_db) as store:
        assert "Fintech meetup" not in {e.name for e in store.events()}


async def test_the_review_follows_the_people_on_a_small_screen(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert "do you know anyone" in screen_text(app)  # the ask is in view first
        for _ in range(6):
            await pilot.press("j")
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, PersonLine)
        assert focused.person.name in screen_text(app)  # the page scrolled to the person


async def test_the_review_in_the_app_is_the_brief_of_the_same_database(demo_db: Path):
    """The app builds the review from what it holds already (names, the motivation summary):
    after a contact is renamed it is the same review as one read afresh from the file."""
    from netgoals.core.clock import fixed_clock
    from netgoals.formats.brief import review_from
    from tests.tui.conftest import NOW

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        first = app.screen.review.objectives[0].people[0]
        await pilot.press("escape")
        # rename the first person sought, through the form
        app.contact_list.focus()
        await pilot.pause()
        app._move_contact_cursor(first.contact_id)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", *" Zed", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        shown = app.screen.review
    with Store.open(demo_db, clock=fixed_clock(NOW)) as store:
        fresh = review_from(store, NOW.date())
    assert shown == fresh
    assert f"{first.name} Zed" in {p.name for b in shown.objectives for p in b.people}
