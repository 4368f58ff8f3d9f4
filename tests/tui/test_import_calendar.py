"""The app's `i` recognises a calendar file from its content and imports its events."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from netgoals.core.models import Contact
from netgoals.storage import Store
from netgoals.tui.dialogs.importer import ImportScreen
from tests.tui.conftest import make_app, screen_text
from tests.tui.test_app import type_text

# Floating and all-day times are the user's own: the test reads the same in any time zone.
INVITE = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "BEGIN:VEVENT",
        "UID:coffee-1@google.com",
        "SUMMARY:Coffee with Priya\\, Harbour Bank",
        "DTSTART:20261203T083000",
        "LOCATION:Monmouth Coffee",
        "ATTENDEE;CN=Priya Raman;PARTSTAT=ACCEPTED:mailto:PRIYA@harbour.example.com",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:expo-1@google.com",
        "SUMMARY:Fintech Expo",
        "DTSTART;VALUE=DATE:20261210",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


async def test_i_imports_a_calendar_recognised_by_its_content(empty_db: Path, tmp_path: Path):
    with Store.open(empty_db) as store:
        priya = store.save_contact(Contact(name="Priya Raman", email="priya@harbour.example.com"))
    # no .ics in the name, and the format left as it is: the content says it is a calendar
    source = tmp_path / "invite.txt"
    source.write_text(INVITE, encoding="utf-8")
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        await type_text(pilot, str(source))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Done." in text and "events: added 2" in text
        assert "Recognised as a calendar file (.ics): events" in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        text = screen_text(app)
        assert "Coffee with Priya, Harbour Bank" in text and "Fintech Expo" in text
    with Store.open(empty_db) as store:
        coffee, expo = store.events()
    assert coffee.starts_at == datetime(2026, 12, 3, 8, 30) and coffee.place == "Monmouth Coffee"
    assert coffee.contact_ids == [priya.id]
    assert expo.starts_at == date(2026, 12, 10)
