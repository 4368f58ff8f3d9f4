"""What every dialog shares: what shows behind it, and how often it is laid out."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input

from netgoals.tui.dialogs.confirm import ConfirmDialog
from netgoals.tui.dialogs.details import DetailsScreen
from netgoals.tui.dialogs.form import ModelForm
from netgoals.tui.dialogs.help import HelpScreen, HelpText
from netgoals.tui.dialogs.review import ReviewScreen
from netgoals.tui.keybar import KeyBar
from tests.tui.conftest import make_app, screen_text
from tests.tui.test_app import type_text

MAIN_SCREEN_ONLY = "demo.db"  # in the header of the main screen, in no dialog


def layouts_of(screen: Screen[object], app: object) -> list[tuple[int, int]]:
    """The size of `screen` at each of its layouts from now on (Textual's own signal)."""
    sizes: list[tuple[int, int]] = []
    screen.screen_layout_refresh_signal.subscribe(
        app,  # type: ignore[arg-type]
        lambda laid_out: sizes.append(tuple(laid_out.outer_size)),
        immediate=True,
    )
    return sizes


async def settle(pilot) -> None:
    """Until every layout asked for has been done and drawn."""
    for _ in range(4):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()


async def test_dialogs_hide_the_main_screen_and_a_question_shows_what_it_is_about(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert MAIN_SCREEN_ONLY in screen_text(app)
        for key, kind in (("r", ReviewScreen), ("question_mark", HelpScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, kind)
            assert MAIN_SCREEN_ONLY not in screen_text(app), kind
            await pilot.press("escape")
            await pilot.pause()
        app.contact_list.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailsScreen)
        assert MAIN_SCREEN_ONLY not in screen_text(app)
        await pilot.press("escape")
        # a form hides the main screen; "Discard changes?" over it lets the form show
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ModelForm)
        await type_text(pilot, "Nobody")
        assert MAIN_SCREEN_ONLY not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = screen_text(app)
        assert "Discard changes?" in text and "Nobody" in text
        assert MAIN_SCREEN_ONLY not in text


async def test_opening_a_dialog_lays_out_neither_the_main_screen_nor_itself_twice_alike(
    demo_db: Path,
):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = layouts_of(app.screen, app)
        dialog = ConfirmDialog(Content("Really?"))
        opened = layouts_of(dialog, app)
        await app.push_screen(dialog)
        await settle(pilot)
        assert "Really?" in screen_text(app)
        assert main == []  # the main screen under it has not changed
        # as it appears, then once for what that first layout asked for: never a third time
        # for the Resize it sends itself at the size it was just laid out at
        assert opened == [(120, 40), (120, 40)]


async def test_the_help_text_is_laid_out_at_its_final_width_from_the_first_layout(
    demo_db: Path,
):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        help_screen = HelpScreen()
        widths: list[int] = []
        help_screen.screen_layout_refresh_signal.subscribe(
            app, lambda screen: widths.append(screen.query_one(HelpText).size.width), True
        )
        await app.push_screen(help_screen)
        await settle(pilot)
        assert len(widths) >= 1 and len(set(widths)) == 1, widths  # its scrollbar from the start


async def test_a_dialog_is_laid_out_again_when_the_terminal_is_resized(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        for width, height in ((120, 40), (60, 20), (120, 40)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            review = app.screen.query_one("#review")
            assert review.outer_size.width == min(100, width)  # 100 wide, within the screen
            assert review.outer_size.height == (height - 1) * 95 // 100  # above the key bar
            bar = app.screen.query_one(KeyBar)
            assert (bar.region.y, bar.region.width) == (height - 1, width)
            assert "do you know anyone on a trading desk?" in screen_text(app)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        # the main screen under it was laid out at the new size too
        bar = app.screen.query_one(KeyBar)
        assert (bar.region.y, bar.region.width) == (19, 60)
        assert MAIN_SCREEN_ONLY in screen_text(app)


def frames_drawn(app: object) -> list[str]:
    """The name of the screen of each frame the app draws from now on."""
    drawn: list[str] = []
    display = app._display  # type: ignore[attr-defined]

    def counted(screen: Screen[object], renderable: object) -> None:
        display(screen, renderable)
        if renderable is not None:
            drawn.append(type(screen).__name__)

    app._display = counted  # type: ignore[attr-defined]
    return drawn


async def test_the_hidden_main_screen_repainting_does_not_repaint_an_opaque_dialog(
    demo_db: Path,
):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        drawn = frames_drawn(app)
        main.refresh()  # as Textual does to the screen a dialog covers as it opens
        app.contact_list.refresh()
        await settle(pilot)
        assert drawn == []
        await pilot.press("escape")
        await settle(pilot)
        assert drawn and set(drawn) == {"MainScreen"}
        assert MAIN_SCREEN_ONLY in screen_text(app)

        # a question shows what it is about: what changes under it is drawn through it
        await app.push_screen(ConfirmDialog(Content("Really?")))
        await settle(pilot)
        drawn.clear()
        app.contact_list.refresh()
        await settle(pilot)
        assert drawn == ["ConfirmDialog"]


async def test_the_main_screen_is_arranged_for_a_size_it_took_under_a_dialog(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        shown = [pane.display for pane in app.screen._panes]
        assert shown.count(True) == 1
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert [pane.display for pane in app.screen._panes] == [True, True, True]
        assert app.screen.query_one("#main").has_class("-panes-3")
        bar = app.screen.query_one(KeyBar)
        assert (bar.region.y, bar.region.width) == (49, 200)


async def test_text_growing_past_its_field_lays_the_form_out_once(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ModelForm)
        name = form.query_one("#field-name", Input)
        assert app.focused is name
        await type_text(pilot, "x" * (name.content_size.width - 1))
        await settle(pilot)
        layouts = layouts_of(form, app)
        await type_text(pilot, "yz")  # now longer than the field is wide
        await settle(pilot)
        assert name.value.endswith("xyz") and "xyz" in screen_text(app)  # scrolled to the cursor
        assert len(layouts) == 2  # a layout for each key, none for a scrollbar never seen
        layouts.clear()
        name.value = ""  # as a form opened again is reset
        await settle(pilot)
        assert len(layouts) == 1
