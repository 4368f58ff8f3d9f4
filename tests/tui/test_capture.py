"""Capture at or after an event, and the follow-ups it brings, driven with keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.color import Color

from netgoals.core.clock import fixed_clock
from netgoals.core.models import Activity, Contact, Event, Link, Objective
from netgoals.storage import Store
from netgoals.tui.dialogs.capture import CaptureInput, CaptureScreen
from netgoals.tui.dialogs.events import EventsScreen
from netgoals.tui.dialogs.review import ReviewScreen
from tests.tui.conftest import NOW, make_app, screen_text
from tests.tui.test_app import type_text


@pytest.fixture
def network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One objective (traders), Ada already known, an event five days ago, one tonight."""
    monkeypatch.chdir(tmp_path)
    with Store.open("mine.db", clock=fixed_clock(NOW)) as store:
        store.save_objective(Objective(title="Job as a trader", keywords=["trader"]))
        store.save_contact(Contact(name="Ada Lee", organization="Barclays", role="Analyst"))
        store.save_event(Event(name="Fintech night", starts_at="2026-11-20 18:30"))
        store.save_event(Event(name="Careers evening", starts_at="2026-11-25 18:30"))
    return Path("mine.db")


async def _add(pilot, line: str, *, typed: bool = False) -> None:
    """Enter `line` in the capture: typed key by key, or put in the field (the test driver
    has no key for "—")."""
    if typed:
        await type_text(pilot, line)
    else:
        pilot.app.screen.query_one(CaptureInput).value = line
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_capture_from_the_events_screen_adds_marks_and_shows_goals(network: Path):
    app = make_app(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        # upcoming first (tonight), then past: down to the Fintech night
        await pilot.press("down", "c")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        assert "Who you met at Fintech night" in screen_text(app)
        await _add(pilot, "Ada Lee, Trader @ Barclays", typed=True)
        await _add(pilot, "Bob Stone — met at the bar, into sailing")
        await _add(pilot, "ada lee @ barclays")  # the same person again
        text = screen_text(app)
        assert "● Ada Lee  already known · serves Job as a trader" in text
        assert "○ Bob Stone  new contact · serves no active objective" in text
        assert "● Ada Lee  already met here" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EventsScreen)
        assert "2 expected" in screen_text(app)  # the Fintech night's people now
        await pilot.press("c")  # opened again: who was met there already
        await pilot.pause()
        text = screen_text(app)
        assert "● Ada Lee  already met here · serves Job as a trader" in text
        assert "○ Bob Stone  already met here" in text
        await pilot.press("escape")
        await pilot.pause()
        # the contacts pane knows Bob at once
        await pilot.press("escape")
        await pilot.pause()
        assert "Bob Stone" in screen_text(app)
    with Store.open(network) as store:
        people = {c.name: c for c in store.contacts()}
        assert sorted(people) == ["Ada Lee", "Bob Stone"]  # Ada was not added twice
        ada, bob = people["Ada Lee"], people["Bob Stone"]
        event = next(e for e in store.events() if e.name == "Fintech night")
        assert event.met_ids == [ada.id, bob.id]
        assert event.contact_ids == [ada.id, bob.id]
        assert bob.how_met == "Met at Fintech night, 2026-11-20"
        assert bob.notes == "met at the bar, into sailing"
        assert bob.last_contacted == ada.last_contacted == date(2026, 11, 20)
        assert ada.role == "Trader"  # what was said at the event is newer
        assert ada.how_met == "Met at Fintech night, 2026-11-20"


async def test_the_capture_wears_the_theme_chosen_while_it_is_open(network: Path):
    app = make_app(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "down", "c")
        await pilot.pause()
        capture = app.screen
        assert isinstance(capture, CaptureScreen)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        backdrop = Color.parse(app.get_css_variables()["background"])
        assert capture.styles.background == backdrop


async def test_capture_from_the_review_of_tonights_event(network: Path):
    app = make_app(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "c capture who you met" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CaptureScreen)
        await _add(pilot, "Chen Wu, Equity Trader @ Harbour Bank")
        assert "● Chen Wu  new contact · serves Job as a trader" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # tonight's people are due a follow-up two days from now: listed, not yet late
        text = screen_text(app)
        assert "Follow up: 1 met" in text
        assert "● Chen Wu  due in 2 d" in text
        assert "met at Careers evening" in text
    with Store.open(network) as store:
        event = next(e for e in store.events() if e.name == "Careers evening")
        chen = next(c for c in store.contacts() if c.name == "Chen Wu")
        assert event.met_ids == [chen.id]
        assert (chen.role, chen.organization) == ("Equity Trader", "Harbour Bank")


async def test_a_refused_line_is_said_and_given_back(network: Path):
    app = make_app(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "down", "c")
        await pilot.pause()
        await _add(pilot, " — only a note")
        text = screen_text(app)
        assert "✗ — only a note  no name" in text
        assert app.screen.query_one("#capture-input").value == "— only a note"
        await pilot.press("ctrl+u")  # clear what was given back
        await _add(pilot, "X" * 201)
        assert "not added: name: must be at most 200 characters" in screen_text(app)
    with Store.open(network) as store:
        assert [c.name for c in store.contacts()] == ["Ada Lee"]


async def test_typed_text_is_shown_as_text_never_markup(network: Path):
    app = make_app(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "down", "c")
        await pilot.pause()
        await _add(pilot, "[bold]Eve[/bold] — [red]x[/red]")
        assert "○ [bold]Eve[/bold]  new contact" in screen_text(app)


async def test_followups_in_the_motivation_pane_and_f_late_first_by_the_clock(network: Path):
    with Store.open(network, clock=fixed_clock(NOW)) as store:
        ada = store.contacts()[0]
        bob = store.save_contact(Contact(name="Bob Stone"))
        store.set_link(Link(contact_id=bob.id, objective_id=1, relation="helps"))
        fintech = next(e for e in store.events() if e.name == "Fintech night")
        store.mark_met(fintech.id, bob.id)
        store.mark_met(fintech.id, ada.id)
    app = make_app(network)  # its clock: 2026-11-25, five days after the Fintech night
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        text = screen_text(app)
        assert "Follow up: 2 met" in text
        assert "● Bob Stone  3 d late" in text
        assert "○ Ada Lee  3 d late" in text
        assert text.index("Bob Stone  3 d") < text.index("Ada Lee  3 d")  # a goal first
        assert "met at Fintech night" in text
        await pilot.press("2", "f")
        await pilot.pause()
        names = [row.name for row in app.contact_list.rows]
        assert names == ["Bob Stone", "Ada Lee"]  # Bob serves a goal: first
    # an activity with Bob since the event is his follow-up; logging the event is not Ada's
    with Store.open(network, clock=fixed_clock(NOW)) as store:
        store.save_activity(
            Activity(date="2026-11-24", kind="message", title="Wrote to Bob", contact_ids=[bob.id])
        )
        store.save_activity(
            Activity(date="2026-11-20", kind="event", title="Fintech night", contact_ids=[ada.id])
        )
    app = make_app(network)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Follow up: 1 met" in text
        assert "○ Ada Lee  3 d late" in text and "Bob Stone" not in text.split("Follow up")[1]


async def test_the_days_before_a_follow_up_is_a_setting(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        assert "○ Kemi Oduya  due in 1 d" in screen_text(app)  # met last night
        await pilot.press("s", "tab", "end", "backspace", "1", "ctrl+s")
        await pilot.pause()
        assert "○ Kemi Oduya  due today" in screen_text(app)
    with Store.open(demo_db) as store:
        assert store.settings().followup_days == 1
        assert store.settings().weekly_target == 2
