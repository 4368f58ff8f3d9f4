"""Importing a file from inside the app: path, format, progress, summary, and the screen after."""

from __future__ import annotations

from pathlib import Path

from netgoals.storage import Store
from netgoals.tui.dialogs.importer import ImportScreen
from tests.tui.conftest import make_app, screen_text
from tests.tui.test_app import type_text

DATA = Path(__file__).resolve().parents[1] / "data"


async def test_import_a_linkedin_file_from_the_app(empty_db: Path):
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        await type_text(pilot, str(DATA / "linkedin_connections.csv"))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Recognised as a LinkedIn Connections.csv" in text
        assert "Done." in text and "added 8" in text and "line 10" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        shown = len(app.contact_list.rows)
        assert shown > 3
    with Store.open(empty_db) as store:
        assert store.contact_count() == shown
        assert {c.source.value for c in store.contacts()} == {"linkedin"}


async def test_a_file_that_cannot_be_read_is_reported_and_nothing_changes(empty_db: Path):
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await type_text(pilot, "/no/such/Connections.csv")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Not imported:" in screen_text(app) and "does not exist" in screen_text(app)
        await pilot.press("escape")
        assert app.contact_list.rows == []


async def test_the_app_recognises_a_file_by_its_content_not_its_name(
    empty_db: Path, tmp_path: Path
):
    # an Outlook export saved under LinkedIn's file name
    source = tmp_path / "Connections.csv"
    source.write_bytes((DATA / "real" / "outlook-desktop.csv").read_bytes())
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await type_text(pilot, str(source))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Recognised as an Outlook CSV" in text and "added 2" in text
        await pilot.press("escape")
    with Store.open(empty_db) as store:
        people = {c.name: c for c in store.contacts()}
    assert people["Ann Marie Lee"].role == "Head of Rates"
    assert {c.source.value for c in people.values()} == {"outlook"}


async def test_the_app_refuses_what_the_command_line_refuses(empty_db: Path, tmp_path: Path):
    # a backup is UTF-8 by definition: one in Windows-1252 is refused by both
    backup = tmp_path / "backup.json"
    backup.write_bytes(
        '{"format": "netgoals", "version": 1, "contacts": [{"id": 1, "name": "Renée"}]}'.encode(
            "cp1252"
        )
    )
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await type_text(pilot, str(backup))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Not imported:" in screen_text(app) and "is not UTF-8 text" in screen_text(app)
        await pilot.press("escape")
    with Store.open(empty_db) as store:
        assert store.contact_count() == 0
