"""A database changed behind netgoals' back, in the app: nothing the app draws sends a control
character to the terminal (no window title, no clipboard write, no cleared screen)."""

from __future__ import annotations

import re
from pathlib import Path

from textual import events

from netgoals.storage import Store
from netgoals.tui.app import NetgoalsApp
from netgoals.tui.dialogs.importer import ImportScreen
from tests.hardening.hostile import stored_line
from tests.hardening.tampered import (
    C1_CSI,
    CLEAR,
    CLIPBOARD_OSC,
    NAME,
    TITLE,
    TITLE_OSC,
    tampered_database,
)
from tests.tui.conftest import TODAY, make_app, screen_text
from tests.tui.test_app import type_text

# What the app itself sends: colours and styles (SGR), and a line break and a cursor move
# before each line.
_DRAWING = re.compile(r"\x1b\[[0-9;]*m|\n?\x1b\[\d+;\d+H")


def terminal_output(app: NetgoalsApp) -> str:
    """The bytes the app's driver would write to the terminal to draw the whole screen."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


def foreign_controls(app: NetgoalsApp) -> list[str]:
    """The control characters drawn besides the app's own styling and cursor moves."""
    text = _DRAWING.sub("", terminal_output(app))
    return [c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]


async def test_text_written_into_the_database_by_another_program_is_drawn_as_text(
    empty_db: Path,
):
    ids = tampered_database(empty_db, TODAY)
    app = make_app(empty_db)
    # notifications drawn (a test leaves them out unless asked)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        # the main screen: the contacts list, the objectives, follow-ups, activities, key bar
        assert foreign_controls(app) == []
        text = screen_text(app)
        assert stored_line(NAME)[:20] in text and stored_line(TITLE)[:20] in text
        for keys, shown in (
            (("2", "g", "enter"), "Senior Trader"),  # the contact's details
            (("1", "enter"), "Bank31m of Tricks"),  # the objective's details
            (("r",), "pwned"),  # the review of the next event
            (("3", "tab", "enter"), "Coffee with Eve"),  # an activity's details
        ):
            await pilot.press(*keys)
            await pilot.pause()
            assert foreign_controls(app) == [], keys
            assert shown in screen_text(app), keys
            await pilot.press("escape")
            await pilot.pause()
        # a notification naming the contact, after a delete
        await pilot.press("2", "g", "d", "y")
        await pilot.pause()
        with Store.open(empty_db) as store:
            assert store.contact(ids["contact"]) is None
        assert foreign_controls(app) == []
        assert "Deleted contact" in screen_text(app)  # the notification is on screen
        assert app.clipboard == ""


async def test_a_database_path_holding_an_escape_sequence_is_drawn_as_text(
    tmp_path: Path, monkeypatch
):
    """Not all text comes from the database: the header shows the path the app was opened on."""
    monkeypatch.chdir(tmp_path)
    path = Path(f"mine{TITLE_OSC}.db")
    Store.open(path).close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert foreign_controls(app) == []
        assert "mine]0;pwned.db" in screen_text(app)


async def test_a_notification_quoting_an_escape_sequence_is_drawn_as_text(empty_db: Path):
    """A notification may quote anything (an error, a file, a path): its text arrives as text."""
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.notify(f"Not saved: {TITLE_OSC}mine.db{CLEAR}", title=f"Busy{C1_CSI}", markup=False)
        await pilot.pause()
        assert foreign_controls(app) == []
        text = screen_text(app)
        assert "Not saved: ]0;pwnedmine.db[2J[H" in text and "Busy31m" in text


async def test_text_pasted_with_escape_sequences_is_drawn_as_text(empty_db: Path):
    """A paste may carry anything a terminal obeys; it arrives as text, line breaks kept."""
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        name = app.screen.query_one("#field-name")
        name.focus()
        app.post_message(events.Paste(f"Eve{TITLE_OSC}{CLIPBOARD_OSC}\tSmith"))
        await pilot.pause()
        notes = app.screen.query_one("#field-notes")
        notes.focus()
        app.post_message(events.Paste(f"first{CLEAR}\r\nsecond{C1_CSI}\x08"))
        await pilot.pause()
        assert name.value == "Eve]0;pwned]52;c;cHduZWQ=\tSmith"
        assert notes.text == "first[2J[H\nsecond31m"
        assert foreign_controls(app) == []
        assert "second31m" in screen_text(app)
        assert app.clipboard == ""


async def test_the_import_dialog_shows_a_path_with_an_escape_sequence_as_text(
    empty_db: Path, monkeypatch
):
    """The file's path comes from the person (and from $HOME, for `~`); the dialog says it,
    and the reason it was not imported, as text."""
    monkeypatch.setenv("HOME", f"home{TITLE_OSC}")  # relative (the test's folder): short
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        await type_text(pilot, "~/Connections.csv")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert foreign_controls(app) == []
        text = screen_text(app)
        assert "Not imported:" in text and "home]0;pwned" in text
