"""The key bar at the bottom of the main screen: the keys, at any width, and clickable."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.content import Content

from netgoals.tui.dialogs.help import HelpScreen
from netgoals.tui.keybar import KeyBar
from tests.tui.conftest import make_app, screen_text


async def test_every_shown_key_is_listed_once_with_help_and_the_palette_at_the_right(
    demo_db: Path,
):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bottom = screen_text(app).splitlines()[-1]
        assert (
            bottom.split()
            == (
                "a Add contact e Edit d Delete / Filter o Off-goal n Log r Review "
                "i Import q Quit ▏ ? Help ^p palette"
            ).split()
        )
        assert bottom.count("Help") == 1  # ? and F1 are one action: shown once


async def test_at_80_columns_help_stays_in_view(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bottom = screen_text(app).splitlines()[-1]
        assert "? Help" in bottom and "^p palette" in bottom
        # the keys that matter most stay; the toggles and link give way (they are in help)
        for key in ("a Add", "e Edit", "d Delete", "/ Filter", "n Log", "q Quit"):
            assert key in bottom
        assert "m Matching" not in bottom


async def test_at_60_columns_add_edit_delete_and_quit_stay(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        bottom = screen_text(app).splitlines()[-1]
        for key in ("a Add", "e Edit", "d Delete", "q Quit", "? Help"):
            assert key in bottom


async def test_clicking_a_key_presses_it(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        start = next(start for start, _end, key in bar.places if key == "question_mark")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        start = next(start for start, _end, key in bar.places if key == "o")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert app.contacts_pane.offgoal_only
        # a click between keys presses nothing
        places = sorted(bar.places)
        gap = next(a[1] for a, b in itertools.pairwise(places) if b[0] - a[1] > 1)
        await pilot.click(KeyBar, offset=(gap + 1, 0))
        await pilot.pause()
        assert app.contacts_pane.offgoal_only and len(app.screen_stack) == 1


async def test_a_very_narrow_terminal_keeps_help_and_drops_the_rest(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(14, 24)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert [key for _start, _end, key in bar.places] == ["question_mark"]
        assert max(end for _start, end, _key in bar.places) <= 14


async def test_with_room_every_key_is_shown_and_the_focused_panes_keys_come_first(
    demo_db: Path,
):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()

        def bottom() -> str:
            return screen_text(app).splitlines()[-1]

        assert (
            bottom().split("▏")[0].split()
            == (
                "a Add contact e Edit d Delete ⏎ Details / Filter o Off-goal w Serving m Matching "
                "f Due l Link n Log r Review v Events i Import s Target u Undo q Quit"
            ).split()
        )
        await pilot.press("1")
        await pilot.pause()
        assert bottom().startswith(" a Add objective  e Edit  d Delete  ⏎ Details  / Filter")
        await pilot.press("3")  # the motivation summary: e sets the target, shown once
        await pilot.pause()
        assert bottom().startswith(" e Target  / Filter") and bottom().count("Target") == 1
        await pilot.press("tab")  # the recent activities
        await pilot.pause()
        assert bottom().startswith(" e Edit  d Delete  ⏎ Details  / Filter")


async def test_a_dialog_shows_its_own_keys_not_the_main_screens(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # a contact's details
        await pilot.pause()
        bottom = screen_text(app).splitlines()[-1]
        assert bottom.split() == "esc Close e Edit l Link".split()
        await pilot.press("escape", "r")
        await pilot.pause()
        bottom = screen_text(app).splitlines()[-1]
        assert "esc Close" in bottom and "n Log this event" in bottom
        assert "Quit" not in bottom
        await pilot.press("escape", "a")  # the contact form
        await pilot.pause()
        bottom = screen_text(app).splitlines()[-1]
        assert "^s Save" in bottom and "esc Cancel" in bottom and "Quit" not in bottom
        await pilot.press("x", "escape")  # a question: its answers, enter's said beside them
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[-1].split() == "y Yes n No".split()
        assert any("n · enter · escape keep editing" in line for line in lines)


async def test_the_bar_is_drawn_again_only_when_its_keys_change(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
):
    drawn: list[str] = []
    render = KeyBar.render

    def counted(bar: KeyBar) -> Content:
        line = render(bar)
        drawn.append(line.plain)
        return line

    monkeypatch.setattr(KeyBar, "render", counted)
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        drawn.clear()
        app.screen.refresh_bindings()  # as Textual does after a focus change or a screen opens
        await pilot.pause()
        assert drawn == []  # the same keys: nothing drawn again
        await pilot.press("1")  # the objectives pane: its own keys
        await pilot.pause()
        assert drawn and "Add contact" not in drawn[-1]
