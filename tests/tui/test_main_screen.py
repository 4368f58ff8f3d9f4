"""The main screen at every terminal size: the pane a key acts on is always on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from netgoals.tui.dialogs.form import ModelForm
from netgoals.tui.main_screen import MainScreen
from tests.tui.conftest import make_app, screen_text

STRIP = "1 Objectives · 2 Contacts · 3 Motivation"


def shown(app) -> list[str]:
    """The panes on screen, by their border titles' first word."""
    main = app.main
    panes = [main.query_one("#objectives-pane"), main.contacts_pane]
    panes.append(main.query_one("#motivation-pane"))
    return [str(p.border_title).split(":")[0] for p in panes if p.display]


async def test_at_60x20_each_key_shows_the_pane_it_focuses(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert shown(app) == ["Contacts"]
        assert "[2 Contacts]" in screen_text(app)  # the strip says which, and how to switch
        await pilot.press("3")
        await pilot.pause()
        assert shown(app) == ["Motivation"] and app.focused.id == "motivation-view"
        assert "Week 0/2" in screen_text(app) and "[3 Motivation]" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert shown(app) == ["Objectives"] and app.focused.id == "objective-list"
        assert "Job as a trader in a bank" in screen_text(app)
        await pilot.press("tab")
        await pilot.pause()
        assert shown(app) == ["Contacts"] and app.focused is app.contact_list
        await pilot.press("tab", "tab")  # the summary, then the activities: one pane
        await pilot.pause()
        assert shown(app) == ["Motivation"] and app.focused.id == "activity-list"
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert shown(app) == ["Contacts"]
        await pilot.press("2")
        await pilot.pause()
        assert shown(app) == ["Contacts"] and app.focused is app.contact_list


async def test_at_60x20_a_on_the_objectives_pane_adds_an_objective(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("1", "a")
        await pilot.pause()
        assert isinstance(app.screen, ModelForm)
        assert "New objective" in screen_text(app)


async def test_slash_on_another_pane_shows_the_contacts_and_their_filter(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("1", "slash")
        await pilot.pause()
        assert shown(app) == ["Contacts"] and app.focused.id == "contact-filter"


async def test_at_80x24_the_contacts_and_the_pane_last_chosen_are_shown(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown(app) == ["Objectives", "Contacts"]
        text = screen_text(app)
        assert "Objectives: ⚠ 1 gap, 2 active" in text  # the title whole, gap count included
        await pilot.press("3")
        await pilot.pause()
        assert shown(app) == ["Contacts", "Motivation"]
        await pilot.press("2")  # the contacts keep the motivation beside them
        await pilot.pause()
        assert shown(app) == ["Contacts", "Motivation"]


@pytest.mark.parametrize("size", [(120, 40), (200, 50), (250, 70)])
async def test_three_panes_where_they_fit(demo_db: Path, size: tuple[int, int]):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert shown(app) == ["Objectives", "Contacts", "Motivation"]
        text = screen_text(app)
        assert "[2 Contacts]" not in text
        assert "Objectives: ⚠ 1 gap, 2 active" in text


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (200, 50)])
async def test_no_chart_wraps(demo_db: Path, size: tuple[int, int]):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        week = next(i for i, line in enumerate(lines) if "Week 0/2  streak 3" in line)
        # each chart on its own line, the next one straight under it: none wrapped
        for offset, label in enumerate(("effort  ", "payback ", "target  ", "W37 → W48"), 1):
            assert label in lines[week + offset], (label, lines[week + offset])
        assert "·····✓✓·✓✓✓…" in lines[week + 3]
        assert "stretch 4 (discomfort ≥ 4)" in lines[week + 5]


async def test_q_quits(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_with_a_form_open_the_main_keys_do_nothing(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ModelForm)
        app.set_focus(None)  # nothing in the form takes the keys: only bindings could
        await pilot.press("o", "a", "1", "q")
        await pilot.pause()
        assert app.screen is form and len(app.screen_stack) == 2 and app.is_running
        main = app.main
        assert isinstance(main, MainScreen)
        assert not main.contacts_pane.offgoal_only
        assert shown(app) == ["Contacts"]  # 1 did not switch panes behind the form
        assert main.focused is app.contact_list


async def test_the_palette_offers_every_action_from_the_main_screen(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for title in ("Add objective", "Edit", "Delete", "Filter contacts", "Show details"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "off-goal contacts":
            await pilot.press({" ": "space"}.get(key, key))
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.contacts_pane.offgoal_only
